//! The ownership PATCHes of `ClaimPods` (upstream `controller_ref_manager.go`)
//! and the error they leave.

use serde_json::{json, Value};

use crate::api::validation::meta::{is_qualified_name, is_valid_label_value};
use crate::api::{Job, LabelSelector, JOB_TRACKING_FINALIZER};

/// `ownerRefControllerPatch` with the Job controller's finalizer
/// (`AdoptPod`): the Job becomes the pod's controller and the pod gets the
/// tracking finalizer; `metadata.uid` makes it apply to this pod only.
pub fn adoption_patch(job: &Job, pod_uid: &str) -> Value {
    json!({
        "metadata": {
            "ownerReferences": [{
                "apiVersion": "batch/v1",
                "kind": "Job",
                "name": job.metadata.name(),
                "uid": job.metadata.uid(),
                "controller": true,
                "blockOwnerDeletion": true,
            }],
            "uid": pod_uid,
            "finalizers": [JOB_TRACKING_FINALIZER],
        }
    })
}

/// `GenerateDeleteOwnerRefStrategicMergeBytes` with the Job controller's
/// finalizer (`ReleasePod`): drop the Job's owner reference and the
/// tracking finalizer.
pub fn release_patch(job: &Job, pod_uid: &str) -> Value {
    json!({
        "metadata": {
            "uid": pod_uid,
            "ownerReferences": [{"$patch": "delete", "uid": job.metadata.uid()}],
            "$deleteFromPrimitiveList/finalizers": [JOB_TRACKING_FINALIZER],
        }
    })
}

/// Why `metav1.LabelSelectorAsSelector` refuses the selector, if it does
/// (`labels.NewRequirement`'s checks, and unknown operators); the first
/// problem, match labels in key order before expressions.
pub fn selector_conversion_error(selector: &LabelSelector) -> Option<String> {
    let requirement = |key: &str, values: &[&str]| -> Option<String> {
        if let Some(m) = is_qualified_name(key).into_iter().next() {
            return Some(format!("key: Invalid value: {key:?}: {m}"));
        }
        values.iter().enumerate().find_map(|(i, v)| {
            is_valid_label_value(v)
                .into_iter()
                .next()
                .map(|m| format!("values[{i}]: Invalid value: {v:?}: {m}"))
        })
    };
    for (k, v) in selector.match_labels.iter().flatten() {
        if let Some(e) = requirement(k, &[v]) {
            return Some(e);
        }
    }
    for e in selector.match_expressions.iter().flatten() {
        let values: Vec<&str> = e.values.iter().flatten().map(String::as_str).collect();
        let count = match e.operator.as_str() {
            "In" | "NotIn" if values.is_empty() => {
                Some("for 'in', 'notin' operators, values set can't be empty")
            }
            "Exists" | "DoesNotExist" if !values.is_empty() => {
                Some("values set must be empty for exists and does not exist")
            }
            "In" | "NotIn" | "Exists" | "DoesNotExist" => None,
            other => return Some(format!("{other:?} is not a valid label selector operator")),
        };
        if let Some(m) = count {
            return Some(format!("values: Invalid value: {values:?}: {m}"));
        }
        if let Some(err) = requirement(&e.key, &values) {
            return Some(err);
        }
    }
    None
}

/// `utilerrors.NewAggregate(...).Error()`: one message as itself, several
/// (repeats dropped) as `[a, b]`.
pub fn aggregate(messages: &[String]) -> String {
    let mut unique: Vec<&str> = Vec::with_capacity(messages.len());
    for m in messages {
        if !unique.contains(&m.as_str()) {
            unique.push(m);
        }
    }
    match unique.as_slice() {
        [one] => (*one).to_string(),
        many => format!("[{}]", many.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job() -> Job {
        let mut j = Job::default();
        j.metadata.name = Some("pi".into());
        j.metadata.uid = Some("job-uid".into());
        j
    }

    #[test]
    fn patches_carry_upstream_fields() {
        let a = adoption_patch(&job(), "pod-uid");
        assert_eq!(
            a.to_string(),
            r#"{"metadata":{"finalizers":["batch.kubernetes.io/job-tracking"],"ownerReferences":[{"apiVersion":"batch/v1","blockOwnerDeletion":true,"controller":true,"kind":"Job","name":"pi","uid":"job-uid"}],"uid":"pod-uid"}}"#
        );
        let r = release_patch(&job(), "pod-uid");
        assert_eq!(
            r.to_string(),
            r#"{"metadata":{"$deleteFromPrimitiveList/finalizers":["batch.kubernetes.io/job-tracking"],"ownerReferences":[{"$patch":"delete","uid":"job-uid"}],"uid":"pod-uid"}}"#
        );
    }

    #[test]
    fn selectors_upstream_cannot_convert_are_reported() {
        let sel = |v: serde_json::Value| -> LabelSelector {
            serde_json::from_value(v).expect("selector")
        };
        assert_eq!(
            selector_conversion_error(&sel(json!({"matchLabels": {"a": "b"}}))),
            None
        );
        assert_eq!(
            selector_conversion_error(&sel(json!({"matchExpressions": [
                {"key": "a", "operator": "Exists"}]}))),
            None
        );
        assert!(
            selector_conversion_error(&sel(json!({"matchLabels": {"a b": "c"}})))
                .is_some_and(|e| e.starts_with("key: Invalid value: \"a b\""))
        );
        assert!(
            selector_conversion_error(&sel(json!({"matchLabels": {"a": "c d"}})))
                .is_some_and(|e| e.starts_with("values[0]: Invalid value: \"c d\""))
        );
        assert_eq!(
            selector_conversion_error(&sel(json!({"matchExpressions": [
                {"key": "a", "operator": "Near", "values": ["b"]}]}))),
            Some("\"Near\" is not a valid label selector operator".to_string())
        );
        assert!(selector_conversion_error(&sel(json!({"matchExpressions": [
            {"key": "a", "operator": "In"}]})))
        .is_some_and(|e| e.contains("values set can't be empty")));
        assert!(selector_conversion_error(&sel(json!({"matchExpressions": [
            {"key": "a", "operator": "Exists", "values": ["b"]}]})))
        .is_some_and(|e| e.contains("values set must be empty")));
    }

    #[test]
    fn aggregate_dedups_and_brackets() {
        assert_eq!(aggregate(&["a".into()]), "a");
        assert_eq!(aggregate(&["a".into(), "a".into()]), "a");
        assert_eq!(aggregate(&["a".into(), "b".into(), "a".into()]), "[a, b]");
    }
}
