//! What the transcribed validation tables share: the row harness (what a
//! row expects, how an outcome is compared with it, one failure listing
//! every mismatching row) and the JSON builders of upstream's test objects.
#![allow(dead_code)]

use kbatch::api::validation::{ErrorKind, ValidationErrors};
use serde_json::{json, Value};

/// One expected error: field path, type, and a text its kubectl line
/// contains ("" checks path and type only).
pub type Expected = (&'static str, ErrorKind, &'static str);

/// What a row expects.
#[derive(Debug, Clone)]
pub enum Want {
    /// No error.
    Valid,
    /// Exactly these errors, in this (upstream's) order.
    Errs(Vec<Expected>),
}

/// A single expected error.
pub fn err(path: &'static str, kind: ErrorKind, text: &'static str) -> Want {
    Want::Errs(vec![(path, kind, text)])
}

/// Several expected errors, in upstream's order.
pub fn errs(list: &[Expected]) -> Want {
    Want::Errs(list.to_vec())
}

fn describe(list: &[Expected]) -> Vec<String> {
    list.iter()
        .map(|(p, k, t)| format!("{p} ({}) ~ {t:?}", k.as_str()))
        .collect()
}

/// Compares one outcome with a row's expectation; `None` when it matches.
pub fn mismatch(result: &Result<(), ValidationErrors>, want: &Want) -> Option<String> {
    match (want, result) {
        (Want::Valid, Ok(())) => None,
        (Want::Valid, Err(e)) => Some(format!("want valid, got {:?}", e.messages())),
        (Want::Errs(list), Ok(())) => Some(format!("want {:?}, got valid", describe(list))),
        (Want::Errs(list), Err(e)) => {
            let got = e.errors();
            let same = got.len() == list.len()
                && got.iter().zip(list).all(|(g, (path, kind, text))| {
                    g.path == *path && g.kind == *kind && g.to_string().contains(text)
                });
            if same {
                None
            } else {
                Some(format!("want {:?}, got {:?}", describe(list), e.messages()))
            }
        }
    }
}

/// Fails once, listing every mismatching row.
pub fn report(test: &str, total: usize, failures: Vec<String>) {
    assert!(total > 0, "{test}: no rows");
    assert!(
        failures.is_empty(),
        "{test}: {} of {total} rows mismatch:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

// Upstream's test objects, as JSON.

/// A pod template with these labels, restart policy and containers.
pub fn pod_template(labels: Value, restart_policy: &str, init: bool) -> Value {
    let mut spec = json!({
        "restartPolicy": restart_policy,
        "dnsPolicy": "ClusterFirst",
        "containers": [container("abc")],
    });
    if init {
        spec["initContainers"] = json!([container("def")]);
    }
    json!({"metadata": {"labels": labels}, "spec": spec})
}

/// `getValidPodTemplateSpecForGenerated` (containers "abc", init "def").
pub fn template_generated() -> Value {
    pod_template(generated_labels(), "OnFailure", true)
}

/// `validPodTemplateSpecForGeneratedRestartPolicyNever`.
pub fn template_generated_never() -> Value {
    pod_template(generated_labels(), "Never", true)
}

/// `podtest.MakeContainer(name)`.
pub fn container(name: &str) -> Value {
    json!({
        "name": name,
        "image": "image",
        "imagePullPolicy": "IfNotPresent",
        "terminationMessagePolicy": "File",
    })
}

/// `getValidGeneratedSelector().MatchLabels`, with the uid the API server
/// assigns on create (`kbatch::api::validation::CREATE_UID`; upstream's
/// tables use `1a2b3c`, which a create would replace).
pub fn generated_labels() -> Value {
    json!({
        "batch.kubernetes.io/controller-uid": "00000000-0000-4000-8000-000000000000",
        "controller-uid": "00000000-0000-4000-8000-000000000000",
        "batch.kubernetes.io/job-name": "myjob",
        "job-name": "myjob",
    })
}

/// Shallow merge: keys of `extra` replace those of `base` (a `null` removes).
pub fn merge(mut base: Value, extra: Value) -> Value {
    let (Some(b), Value::Object(e)) = (base.as_object_mut(), extra) else {
        panic!("merge needs two objects");
    };
    for (k, v) in e {
        if v.is_null() {
            b.remove(&k);
        } else {
            b.insert(k, v);
        }
    }
    base
}

/// A Job spec with the generated selector and template, plus `extra`.
pub fn generated(extra: Value) -> Value {
    merge(
        json!({
            "selector": {"matchLabels": generated_labels()},
            "template": template_generated(),
        }),
        extra,
    )
}

/// As [`generated`], with restartPolicy Never.
pub fn generated_never(extra: Value) -> Value {
    merge(
        json!({
            "selector": {"matchLabels": generated_labels()},
            "template": template_generated_never(),
        }),
        extra,
    )
}
