//! The upstream update-validation tables for Jobs and CronJobs, transcribed
//! row by row and run through kbatch's update entry points
//! (`validate_job_update`, `validate_cronjob_update`) with manifests built
//! as JSON:
//!
//! - `TestValidateJobUpdate` (`pkg/apis/batch/validation/validation_test.go`,
//!   42 of 51 rows; 9 need the alpha `MutablePodResourcesForSuspendedJobs`),
//!   run twice: with stored-Job metadata and with upstream's own,
//! - `TestJobStrategy_ValidateUpdate` (`pkg/registry/batch/job/strategy_test.go`),
//! - the update tables of `apimachinery/pkg/api/validation/objectmeta_test.go`
//!   (`ValidateObjectMetaUpdate` itself) and its owner-reference and
//!   finalizer rows,
//! - rows derived from `ValidateObjectMetaUpdate` and `rest.BeforeUpdate`
//!   through both entry points.
//!
//! There is no `TestValidateCronJobUpdate` upstream; `TestValidateCronJob`'s
//! update pass and `TestValidateCronJobSpec` run in
//! `tests/validation_upstream.rs`.
//!
//! kbatch validates an update as the API server does: `rest.BeforeUpdate`
//! (stored resourceVersion, generation, uid and timestamps), the strategy's
//! `PrepareForUpdate` (stored status), then `jobStrategy.ValidateUpdate` =
//! `ValidateJob` + `ValidateJobUpdate`, with the options
//! `validationOptionsForJob` derives from the stored Job. Upstream's
//! `TestValidateJobUpdate` calls `ValidateJobUpdate` alone with options given
//! per row; the adjustments that keep each row's meaning through the full
//! path are said once below and per row.
//!
//! An error row lists every error expected, in order: field path, type and a
//! text the kubectl line contains (upstream's tables check path and type;
//! the detail comes from reading `validation.go`).

#[path = "support/validation_rows.rs"]
mod validation_rows;
use kbatch::api::validation::{
    meta::{validate_object_meta_common, validate_object_meta_update},
    validate_cronjob_update, validate_job_update, ErrorKind, Path,
};
use kbatch::api::{CronJob, Job, ObjectMeta};
use kbatch::manifest::Object;
use serde_json::{json, Value};
use validation_rows::{
    container, err, errs, generated, generated_labels, generated_never, merge, mismatch,
    pod_template, report, template_generated, Want, Want::Valid,
};

use ErrorKind::{Forbidden, Invalid, Required};

// ---------------------------------------------------------------------------
// Expectations and the reporting harness (as in tests/validation_upstream.rs).
// ---------------------------------------------------------------------------

/// "field is immutable" on `path` (`ValidateImmutableField`).
fn immutable(path: &'static str) -> Want {
    err(path, Invalid, ": field is immutable")
}

/// A copy of `base` changed by `update` (the rows' `update func(*batch.Job)`).
fn with(base: &Value, update: impl FnOnce(&mut Value)) -> Value {
    let mut v = base.clone();
    update(&mut v);
    v
}

/// Removes `key` from the object at `v`.
fn unset(v: &mut Value, key: &str) {
    if let Some(o) = v.as_object_mut() {
        o.remove(key);
    }
}

/// A row's change to the stored object.
type Update = Box<dyn Fn(&mut Value)>;

/// One update row: name, stored object, submitted object, expectation.
type Row = (&'static str, Value, Value, Want);

/// Decodes each row's stored and submitted objects and runs `validate`.
fn run_updates<T: serde::de::DeserializeOwned>(
    test: &str,
    rows: Vec<Row>,
    validate: fn(&T, &T) -> Result<(), kbatch::api::validation::ValidationErrors>,
) {
    let total = rows.len();
    let mut failures = Vec::new();
    for (name, old, new, want) in rows {
        let decoded = serde_json::from_value::<T>(old)
            .and_then(|o| serde_json::from_value::<T>(new).map(|n| (o, n)));
        match decoded {
            Err(e) => failures.push(format!("{name}: manifest does not decode: {e}")),
            Ok((old, new)) => {
                if let Some(m) = mismatch(&validate(&new, &old), &want) {
                    failures.push(format!("{name}: {m}"));
                }
            }
        }
    }
    report(test, total, failures);
}

fn run_job_updates(test: &str, rows: Vec<Row>) {
    run_updates::<Job>(test, rows, validate_job_update);
}

fn run_cronjob_updates(test: &str, rows: Vec<Row>) {
    run_updates::<CronJob>(test, rows, validate_cronjob_update);
}

// ---------------------------------------------------------------------------
// Fixtures (`getValid*` helpers of the upstream test, `podtest.MakePod`).
// ---------------------------------------------------------------------------

/// A stored Job: `TestValidateJobUpdate`'s `ObjectMeta{Name: "abc",
/// Namespace: default}` with `ResourceVersion: "1"`, renamed `myjob` and
/// given uid `00000000-0000-4000-8000-000000000000`: the full update path also runs `ValidateJob`, whose
/// generated-selector check needs the name and uid the template labels carry.
fn stored_job(spec: Value) -> Value {
    json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {
            "name": "myjob",
            "namespace": "default",
            "uid": "00000000-0000-4000-8000-000000000000",
            "resourceVersion": "1",
        },
        "spec": spec,
    })
}

/// A Job with this metadata and spec.
fn job_with_meta(meta: &Value, spec: Value) -> Value {
    json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": meta, "spec": spec})
}

/// `validNodeAffinity` (values bar, value2).
fn node_affinity(second: &str) -> Value {
    json!({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchExpressions": [
            {"key": "foo", "operator": "In", "values": ["bar", second]},
        ]}],
    }}})
}

/// The `Ignore` on `DisruptionTarget=True` pod-failure-policy rule.
fn pfp_rule(action: &str) -> Value {
    json!({"action": action, "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]})
}

/// A container resources block.
fn resources(cpu: &str, memory: &str) -> Value {
    json!({"requests": {"cpu": cpu, "memory": memory}})
}

// ---------------------------------------------------------------------------
// TestValidateJobUpdate
// ---------------------------------------------------------------------------

/// `TestValidateJobUpdate`'s rows (42 of 51), stored with `meta`, run with
/// default feature gates.
///
/// Adjustments:
/// - rows with `opts: AllowMutableSchedulingDirectives: true` store the Job
///   with `suspend: true` and no `startTime`, which is how
///   `validationOptionsForJob` sets that option;
/// - "immutable completions for non-indexed jobs" stores `parallelism: 1`:
///   with neither set, `SetDefaults_Job` sets both to 1 and the new
///   `completions: 1` would be no change;
/// - "immutable selector" sets `manualSelector: true` on both sides: the new
///   selector is not the generated one, which `ValidateJob` (run by the
///   strategy, not by the upstream row) would also report for a stored Job.
///
/// Skipped (feature `MutablePodResourcesForSuspendedJobs`, alpha, option
/// `AllowMutablePodResources`): "allow container resource updates only",
/// "allow init container resource updates only", "allow both container and
/// init container resource updates", "reject container resource update with
/// other field changes", "reject non-resource field updates when
/// AllowMutablePodResources is true", "reject pod spec changes when container
/// count differs", "reject pod spec changes when init container count
/// differs", "reject pod spec changes if update reorders init containers",
/// "reject pod spec changes if update reorders containers". Their gate-off
/// counterpart, "reject container resource updates only with feature gate
/// off", is run.
fn validate_job_update_rows(meta: &Value) -> Vec<Row> {
    let stored_job = |spec: Value| job_with_meta(meta, spec);
    let indexed3_never = stored_job(generated_never(
        json!({"completions": 3, "completionMode": "Indexed"}),
    ));
    let indexed3_never_bl = stored_job(generated_never(json!({
        "completions": 3, "completionMode": "Indexed", "backoffLimitPerIndex": 1,
    })));
    let indexed3_never_mfi = stored_job(generated_never(json!({
        "completions": 3, "completionMode": "Indexed", "backoffLimitPerIndex": 1,
        "maxFailedIndexes": 1,
    })));
    let indexed5_never = stored_job(generated_never(
        json!({"completionMode": "Indexed", "completions": 5}),
    ));
    let indexed5_sp = stored_job(generated_never(json!({
        "completionMode": "Indexed", "completions": 5,
        "successPolicy": {"rules": [{"succeededIndexes": "1-3"}]},
    })));
    let never_pfp = stored_job(generated_never(
        json!({"podFailurePolicy": {"rules": [pfp_rule("Ignore")]}}),
    ));
    let plain = stored_job(generated(json!({})));
    let suspended = stored_job(generated(json!({"suspend": true})));
    let with_affinity = |suspend: bool| {
        let mut t = template_generated();
        t["spec"]["affinity"] = node_affinity("value");
        stored_job(generated(json!({"template": t, "suspend": suspend})))
    };
    let indexed = |completions: i32, parallelism: i32| {
        stored_job(generated(json!({
            "completions": completions, "parallelism": parallelism, "completionMode": "Indexed",
        })))
    };
    let new_selector_labels = merge(generated_labels(), json!({"foo": "bar"}));
    let new_labels = merge(generated_labels(), json!({"bar": "baz"}));
    let tolerations =
        json!([{"key": "foo", "operator": "Equal", "value": "bar", "effect": "PreferNoSchedule"}]);

    let mut rows: Vec<Row> = Vec::new();
    let old = stored_job(generated(
        json!({"parallelism": 5, "activeDeadlineSeconds": 2, "ttlSecondsAfterFinished": 1}),
    ));
    rows.push((
        "mutable fields",
        old.clone(),
        with(&old, |j| {
            j["spec"]["parallelism"] = json!(2);
            j["spec"]["activeDeadlineSeconds"] = json!(3);
            j["spec"]["ttlSecondsAfterFinished"] = json!(2);
            j["spec"]["manualSelector"] = json!(true);
        }),
        Valid,
    ));
    rows.push((
        "invalid attempt to set managedBy field",
        plain.clone(),
        with(&plain, |j| {
            j["spec"]["managedBy"] = json!("example.com/custom-controller")
        }),
        err(
            "spec.managedBy",
            Invalid,
            "Invalid value: \"example.com/custom-controller\": field is immutable",
        ),
    ));
    let old = stored_job(generated(
        json!({"managedBy": "example.com/custom-controller1"}),
    ));
    rows.push((
        "invalid update of the managedBy field",
        old.clone(),
        with(&old, |j| {
            j["spec"]["managedBy"] = json!("example.com/custom-controller2")
        }),
        immutable("spec.managedBy"),
    ));
    let old = stored_job(generated(json!({"parallelism": 1})));
    rows.push((
        "immutable completions for non-indexed jobs (stored parallelism: 1)",
        old.clone(),
        with(&old, |j| j["spec"]["completions"] = json!(1)),
        err(
            "spec.completions",
            Invalid,
            "spec.completions: Invalid value: 1: field is immutable",
        ),
    ));
    let old = stored_job(json!({
        "selector": {"matchLabels": generated_labels()},
        "manualSelector": true,
        "template": pod_template(new_selector_labels.clone(), "OnFailure", true),
    }));
    rows.push((
        "immutable selector (manualSelector: true)",
        old.clone(),
        with(&old, |j| {
            j["spec"]["selector"] = json!({"matchLabels": new_selector_labels})
        }),
        immutable("spec.selector"),
    ));
    rows.push((
        "add success policy",
        indexed5_never.clone(),
        with(&indexed5_never, |j| {
            j["spec"]["successPolicy"] = json!({"rules": [{"succeededCount": 2}]})
        }),
        err(
            "spec.successPolicy",
            Invalid,
            "Invalid value: {\"Rules\":[{\"SucceededIndexes\":null,\"SucceededCount\":2}]}: field is immutable",
        ),
    ));
    rows.push((
        "update success policy",
        indexed5_sp.clone(),
        with(&indexed5_sp, |j| {
            j["spec"]["successPolicy"]["rules"] =
                json!([{"succeededIndexes": "1-3"}, {"succeededCount": 3}])
        }),
        immutable("spec.successPolicy"),
    ));
    rows.push((
        "remove success policy",
        indexed5_sp.clone(),
        with(&indexed5_sp, |j| unset(&mut j["spec"], "successPolicy")),
        err(
            "spec.successPolicy",
            Invalid,
            "Invalid value: null: field is immutable",
        ),
    ));
    let never = stored_job(generated_never(json!({})));
    rows.push((
        "add pod failure policy",
        never.clone(),
        with(&never, |j| {
            j["spec"]["podFailurePolicy"] = json!({"rules": [pfp_rule("Ignore")]})
        }),
        err(
            "spec.podFailurePolicy",
            Invalid,
            "Invalid value: {\"Rules\":[{\"Action\":\"Ignore\",\"OnExitCodes\":null,\"OnPodConditions\":[{\"Type\":\"DisruptionTarget\",\"Status\":\"True\"}]}]}: field is immutable",
        ),
    ));
    rows.push((
        "update pod failure policy",
        never_pfp.clone(),
        with(&never_pfp, |j| {
            j["spec"]["podFailurePolicy"]["rules"] = json!([pfp_rule("Ignore"), pfp_rule("Count")])
        }),
        immutable("spec.podFailurePolicy"),
    ));
    rows.push((
        "remove pod failure policy",
        never_pfp.clone(),
        with(&never_pfp, |j| unset(&mut j["spec"], "podFailurePolicy")),
        immutable("spec.podFailurePolicy"),
    ));
    rows.push((
        "set backoff limit per index",
        indexed3_never.clone(),
        with(&indexed3_never, |j| {
            j["spec"]["backoffLimitPerIndex"] = json!(1)
        }),
        err(
            "spec.backoffLimitPerIndex",
            Invalid,
            "Invalid value: 1: field is immutable",
        ),
    ));
    rows.push((
        "unset backoff limit per index",
        indexed3_never_bl.clone(),
        with(&indexed3_never_bl, |j| {
            unset(&mut j["spec"], "backoffLimitPerIndex")
        }),
        err(
            "spec.backoffLimitPerIndex",
            Invalid,
            "Invalid value: null: field is immutable",
        ),
    ));
    rows.push((
        "update backoff limit per index",
        indexed3_never_bl.clone(),
        with(&indexed3_never_bl, |j| {
            j["spec"]["backoffLimitPerIndex"] = json!(2)
        }),
        immutable("spec.backoffLimitPerIndex"),
    ));
    rows.push((
        "set max failed indexes",
        indexed3_never_bl.clone(),
        with(&indexed3_never_bl, |j| {
            j["spec"]["maxFailedIndexes"] = json!(1)
        }),
        Valid,
    ));
    rows.push((
        "unset max failed indexes",
        indexed3_never_mfi.clone(),
        with(&indexed3_never_mfi, |j| {
            unset(&mut j["spec"], "maxFailedIndexes")
        }),
        Valid,
    ));
    rows.push((
        "update max failed indexes",
        indexed3_never_mfi.clone(),
        with(&indexed3_never_mfi, |j| {
            j["spec"]["maxFailedIndexes"] = json!(2)
        }),
        Valid,
    ));
    let old = stored_job(generated(
        json!({"completions": 3, "completionMode": "Indexed"}),
    ));
    rows.push((
        "immutable pod template",
        old.clone(),
        with(&old, |j| {
            j["spec"]["template"]["spec"]["dnsPolicy"] = json!("ClusterFirstWithHostNet")
        }),
        immutable("spec.template"),
    ));
    let old = stored_job(generated(
        json!({"completionMode": "Indexed", "completions": 2}),
    ));
    rows.push((
        "immutable completion mode",
        old.clone(),
        with(&old, |j| j["spec"]["completionMode"] = json!("NonIndexed")),
        err(
            "spec.completionMode",
            Invalid,
            "Invalid value: \"NonIndexed\": field is immutable",
        ),
    ));
    let old = stored_job(generated(
        json!({"completionMode": "NonIndexed", "completions": 2}),
    ));
    rows.push((
        "immutable completions for non-indexed job",
        old.clone(),
        with(&old, |j| j["spec"]["completions"] = json!(4)),
        err(
            "spec.completions",
            Invalid,
            "Invalid value: 4: field is immutable",
        ),
    ));
    rows.push((
        "immutable node affinity",
        plain.clone(),
        with(&plain, |j| {
            j["spec"]["template"]["spec"]["affinity"] = node_affinity("value2")
        }),
        immutable("spec.template"),
    ));
    rows.push((
        "add node affinity (stored suspended, not started)",
        suspended.clone(),
        with(&suspended, |j| {
            j["spec"]["template"]["spec"]["affinity"] = node_affinity("value2")
        }),
        Valid,
    ));
    let old = with_affinity(true);
    rows.push((
        "update node affinity (stored suspended, not started)",
        old.clone(),
        with(&old, |j| {
            j["spec"]["template"]["spec"]["affinity"] = node_affinity("value2")
        }),
        Valid,
    ));
    rows.push((
        "remove node affinity (stored suspended, not started)",
        old.clone(),
        with(&old, |j| {
            j["spec"]["template"]["spec"]["affinity"] = json!({})
        }),
        Valid,
    ));
    rows.push((
        "remove affinity (stored suspended, not started)",
        old.clone(),
        with(&old, |j| {
            unset(&mut j["spec"]["template"]["spec"], "affinity")
        }),
        Valid,
    ));
    let directives: Vec<(&'static str, &'static str, Update)> = vec![
        (
            "immutable tolerations",
            "mutable tolerations (stored suspended, not started)",
            Box::new({
                let t = tolerations.clone();
                move |j: &mut Value| j["spec"]["template"]["spec"]["tolerations"] = t.clone()
            }),
        ),
        (
            "immutable node selector",
            "mutable node selector (stored suspended, not started)",
            Box::new(|j: &mut Value| {
                j["spec"]["template"]["spec"]["nodeSelector"] = json!({"foo": "bar"})
            }),
        ),
        (
            "immutable annotations",
            "mutable annotations (stored suspended, not started)",
            Box::new(|j: &mut Value| {
                j["spec"]["template"]["metadata"]["annotations"] = json!({"foo": "baz"})
            }),
        ),
        (
            "immutable labels",
            "mutable labels (stored suspended, not started)",
            Box::new({
                let l = new_labels.clone();
                move |j: &mut Value| j["spec"]["template"]["metadata"]["labels"] = l.clone()
            }),
        ),
        (
            "immutable schedulingGates",
            "mutable schedulingGates (stored suspended, not started)",
            Box::new(|j: &mut Value| {
                j["spec"]["template"]["spec"]["schedulingGates"] = json!([{"name": "gate"}])
            }),
        ),
    ];
    for (immutable_name, mutable_name, update) in &directives {
        rows.push((
            immutable_name,
            plain.clone(),
            with(&plain, update),
            immutable("spec.template"),
        ));
        rows.push((
            mutable_name,
            suspended.clone(),
            with(&suspended, update),
            Valid,
        ));
    }
    let old = indexed(1, 1);
    rows.push((
        "update completions and parallelism to same value is valid",
        old.clone(),
        with(&old, |j| {
            j["spec"]["completions"] = json!(2);
            j["spec"]["parallelism"] = json!(2);
        }),
        Valid,
    ));
    let old2 = indexed(1, 2);
    rows.push((
        "previous parallelism != previous completions, new parallelism == new completions",
        old2.clone(),
        with(&old2, |j| {
            j["spec"]["completions"] = json!(3);
            j["spec"]["parallelism"] = json!(3);
        }),
        Valid,
    ));
    rows.push((
        "indexed job updating completions and parallelism to different values is invalid",
        old.clone(),
        with(&old, |j| {
            j["spec"]["completions"] = json!(2);
            j["spec"]["parallelism"] = json!(3);
        }),
        err(
            "spec.completions",
            Invalid,
            "spec.completions: Invalid value: 2: can only be modified in tandem with spec.parallelism",
        ),
    ));
    rows.push((
        "indexed job with completions set updated to nil does not panic",
        old.clone(),
        with(&old, |j| {
            unset(&mut j["spec"], "completions");
            j["spec"]["parallelism"] = json!(3);
        }),
        err(
            "spec.completions",
            Required,
            "Required value: when completion mode is Indexed",
        ),
    ));
    let old = indexed(2, 2);
    rows.push((
        "indexed job with completions unchanged, parallelism reduced to less than completions",
        old.clone(),
        with(&old, |j| j["spec"]["parallelism"] = json!(1)),
        Valid,
    ));
    rows.push((
        "indexed job with completions unchanged, parallelism increased higher than completions",
        old.clone(),
        with(&old, |j| j["spec"]["parallelism"] = json!(3)),
        Valid,
    ));
    rows.push((
        "reject container resource updates only with feature gate off",
        suspended.clone(),
        with(&suspended, |j| {
            j["spec"]["template"]["spec"]["containers"][0]["resources"] = json!({
                "requests": {"cpu": "200m", "memory": "256Mi"},
                "limits": {"cpu": "500m", "memory": "512Mi"},
            })
        }),
        immutable("spec.template"),
    ));
    rows
}

/// `TestValidateJobUpdate` with [`stored_job`]'s metadata (name `myjob`,
/// uid `00000000-0000-4000-8000-000000000000`), so that the strategy's `ValidateJob` runs in full.
#[test]
fn test_validate_job_update() {
    let meta = stored_job(json!({}))["metadata"].clone();
    run_job_updates("TestValidateJobUpdate", validate_job_update_rows(&meta));
}

/// `TestValidateJobUpdate` with upstream's own metadata (`Name: "abc"`, no
/// uid, `ResourceVersion: "1"`): a Job no API server stored, whose generated
/// selector (uid `00000000-0000-4000-8000-000000000000`, name `myjob`) cannot be tied to it, so only
/// `ValidateJobUpdate`'s rules and the create-style spec rules apply.
#[test]
fn test_validate_job_update_upstream_metadata() {
    let meta = json!({"name": "abc", "namespace": "default", "resourceVersion": "1"});
    run_job_updates(
        "TestValidateJobUpdate (upstream metadata)",
        validate_job_update_rows(&meta),
    );
}

// ---------------------------------------------------------------------------
// TestJobStrategy_ValidateUpdate
// ---------------------------------------------------------------------------

/// A stored Job of the strategy test: `myjob`, resourceVersion "0", a manual
/// selector a=b matching an OnFailure template.
fn strategy_job(meta_extra: Value, spec_extra: Value) -> Value {
    json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": merge(
            json!({"name": "myjob", "namespace": "default", "resourceVersion": "0"}),
            meta_extra,
        ),
        "spec": merge(
            json!({
                "selector": {"matchLabels": {"a": "b"}},
                "template": {
                    "metadata": {"labels": {"a": "b"}},
                    "spec": {
                        "restartPolicy": "OnFailure",
                        "dnsPolicy": "ClusterFirst",
                        "containers": [container("ctr")],
                    },
                },
                "manualSelector": true,
                "parallelism": 1,
            }),
            spec_extra,
        ),
    })
}

/// `TestJobStrategy_ValidateUpdate` (`Strategy.ValidateUpdate`, the options
/// `validationOptionsForJob` derives from the stored Job). "old job is using
/// FailIndex JobBackoffLimitPerIndex is disabled, but FailIndex was already
/// used" turns the (now GA, locked) gate off upstream; it is run with every
/// feature on, where the same update is valid too.
#[test]
fn test_job_strategy_validate_update() {
    let annotate =
        |key: &'static str| move |j: &mut Value| j["metadata"]["annotations"][key] = json!("world");
    let node_selector =
        |j: &mut Value| j["spec"]["template"]["spec"]["nodeSelector"] = json!({"foo": "bar"});
    let mut rows: Vec<Row> = Vec::new();
    let old = strategy_job(json!({}), json!({}));
    rows.push((
        "update parallelism",
        old.clone(),
        with(&old, |j| j["spec"]["parallelism"] = json!(2)),
        Valid,
    ));
    let old = strategy_job(json!({}), json!({"completions": 1}));
    rows.push((
        "update completions disallowed",
        old.clone(),
        with(&old, |j| j["spec"]["completions"] = json!(2)),
        immutable("spec.completions"),
    ));
    let old = strategy_job(
        json!({"annotations": {"batch.kubernetes.io/job-tracking": ""}}),
        json!({}),
    );
    rows.push((
        "preserving tracking annotation",
        old.clone(),
        with(&old, |j| j["metadata"]["annotations"]["foo"] = json!("bar")),
        Valid,
    ));
    let old = strategy_job(
        json!({"annotations": {"batch.kubernetes.io/job-tracking": "", "foo": "bar"}}),
        json!({}),
    );
    rows.push((
        "deleting user annotation",
        old.clone(),
        with(&old, |j| unset(&mut j["metadata"]["annotations"], "foo")),
        Valid,
    ));
    let old = strategy_job(json!({"annotations": {"foo": "bar"}}), json!({}));
    rows.push((
        "updating node selector for unsuspended job disallowed",
        old.clone(),
        with(&old, node_selector),
        immutable("spec.template"),
    ));
    let old = with(
        &strategy_job(
            json!({"annotations": {"foo": "bar"}}),
            json!({"suspend": true}),
        ),
        |j| j["status"] = json!({"startTime": "2026-01-01T00:00:00Z"}),
    );
    rows.push((
        "updating node selector for suspended but previously started job disallowed",
        old.clone(),
        with(&old, node_selector),
        immutable("spec.template"),
    ));
    let old = strategy_job(
        json!({"annotations": {"foo": "bar"}}),
        json!({"suspend": true}),
    );
    rows.push((
        "updating node selector for suspended and not previously started job allowed",
        old.clone(),
        with(&old, node_selector),
        Valid,
    ));
    let old = strategy_job(
        json!({"annotations": {"foo": "bar"}}),
        json!({
            "selector": {
                "matchLabels": {"a": "b"},
                "matchExpressions": [{"key": "key", "operator": "NotIn", "values": ["bad value"]}],
            },
            "parallelism": null,
        }),
    );
    rows.push((
        "invalid label selector",
        old.clone(),
        with(&old, annotate("hello")),
        Valid,
    ));
    let legacy_template = |labels: Value| {
        json!({
            "metadata": {"labels": labels},
            "spec": {
                "restartPolicy": "OnFailure",
                "dnsPolicy": "ClusterFirst",
                "containers": [container("ctr")],
            },
        })
    };
    let old = strategy_job(
        json!({"uid": "test", "resourceVersion": "10", "annotations": {"hello": "world"}}),
        json!({
            "selector": {"matchLabels": {"controller-uid": "test"}},
            "manualSelector": null,
            "parallelism": 4,
            "template": legacy_template(json!({"job-name": "myjob", "controller-uid": "test"})),
        }),
    );
    rows.push((
        "old job has no batch.kubernetes.io labels",
        old.clone(),
        with(&old, annotate("hello")),
        Valid,
    ));
    let old = strategy_job(
        json!({"uid": "test", "resourceVersion": "10", "annotations": {"foo": "bar"}}),
        json!({
            "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "test"}},
            "manualSelector": null,
            "parallelism": 4,
            "template": legacy_template(json!({
                "job-name": "myjob", "batch.kubernetes.io/job-name": "myjob",
                "controller-uid": "test", "batch.kubernetes.io/controller-uid": "test",
            })),
        }),
    );
    rows.push((
        "old job has all labels",
        old.clone(),
        with(&old, annotate("hello")),
        Valid,
    ));
    let mut never = legacy_template(json!({"a": "b"}));
    never["spec"]["restartPolicy"] = json!("Never");
    let old = strategy_job(
        json!({"annotations": {"foo": "bar"}}),
        json!({
            "completionMode": "Indexed",
            "completions": 2,
            "backoffLimitPerIndex": 1,
            "parallelism": null,
            "template": never,
            "podFailurePolicy": {"rules": [{
                "action": "FailIndex",
                "onExitCodes": {"operator": "In", "values": [1]},
            }]},
        }),
    );
    rows.push((
        "old job is using FailIndex JobBackoffLimitPerIndex is disabled, but FailIndex was already used",
        old.clone(),
        with(&old, annotate("hello")),
        Valid,
    ));
    run_job_updates("TestJobStrategy_ValidateUpdate", rows);
}

// ---------------------------------------------------------------------------
// ValidateObjectMetaUpdate through the update entry points
// ---------------------------------------------------------------------------

/// A stored Job with a manual selector (so that renaming it trips only the
/// metadata rules), plus metadata `extra`.
fn manual_job(meta_extra: Value) -> Value {
    strategy_job(
        merge(
            json!({"uid": "00000000-0000-4000-8000-000000000000", "resourceVersion": "7", "generation": 3}),
            meta_extra,
        ),
        json!({}),
    )
}

/// Rows derived from `ValidateObjectMetaUpdate` (`objectmeta.go`) and
/// `rest.BeforeUpdate`, which resets generation, uid (when unset),
/// resourceVersion (unconditional update), creation timestamp and deletion
/// timestamp/grace period to the stored ones before validating.
#[test]
fn test_object_meta_update_on_jobs() {
    let old = manual_job(json!({}));
    let deleting = manual_job(json!({
        "deletionTimestamp": "2026-01-02T03:04:05Z",
        "deletionGracePeriodSeconds": 30,
        "finalizers": ["example.com/a"],
    }));
    let rows: Vec<Row> = vec![
        (
            "name is immutable",
            old.clone(),
            with(&old, |j| j["metadata"]["name"] = json!("otherjob")),
            err(
                "metadata.name",
                Invalid,
                "metadata.name: Invalid value: \"otherjob\": field is immutable",
            ),
        ),
        (
            "namespace is immutable",
            old.clone(),
            with(&old, |j| j["metadata"]["namespace"] = json!("other")),
            immutable("metadata.namespace"),
        ),
        (
            "name and uid changed: both reported, in ValidateObjectMetaUpdate's order",
            old.clone(),
            with(&old, |j| {
                j["metadata"]["uid"] = json!("4d5e6f");
                j["metadata"]["name"] = json!("otherjob");
            }),
            errs(&[
                ("metadata.name", Invalid, "\"otherjob\": field is immutable"),
                ("metadata.uid", Invalid, "\"4d5e6f\": field is immutable"),
            ]),
        ),
        (
            "uid is immutable",
            old.clone(),
            with(&old, |j| j["metadata"]["uid"] = json!("4d5e6f")),
            err(
                "metadata.uid",
                Invalid,
                "Invalid value: \"4d5e6f\": field is immutable",
            ),
        ),
        (
            "an unset uid, namespace and resourceVersion are the stored ones",
            old.clone(),
            with(&old, |j| {
                unset(&mut j["metadata"], "uid");
                unset(&mut j["metadata"], "namespace");
                unset(&mut j["metadata"], "resourceVersion");
            }),
            Valid,
        ),
        (
            "a lower generation is reset to the stored one",
            old.clone(),
            with(&old, |j| j["metadata"]["generation"] = json!(1)),
            Valid,
        ),
        (
            "creationTimestamp may not be set when the stored object has none",
            old.clone(),
            with(&old, |j| {
                j["metadata"]["creationTimestamp"] = json!("2026-01-02T03:04:05Z")
            }),
            err(
                "metadata.creationTimestamp",
                Invalid,
                "Invalid value: \"2026-01-02T03:04:05Z\": field is immutable",
            ),
        ),
        (
            "deletionTimestamp may not be set by an update",
            old.clone(),
            with(&old, |j| {
                j["metadata"]["deletionTimestamp"] = json!("2026-01-02T03:04:05Z")
            }),
            err(
                "metadata.deletionTimestamp",
                Invalid,
                "Invalid value: \"2026-01-02T03:04:05Z\": field is immutable",
            ),
        ),
        (
            "deletionGracePeriodSeconds is immutable",
            deleting.clone(),
            with(&deleting, |j| {
                j["metadata"]["deletionGracePeriodSeconds"] = json!(10)
            }),
            err(
                "metadata.deletionGracePeriodSeconds",
                Invalid,
                "Invalid value: 10: field is immutable",
            ),
        ),
        (
            "no new finalizers while deleting",
            deleting.clone(),
            with(&deleting, |j| {
                j["metadata"]["finalizers"] = json!(["example.com/a", "example.com/c", "example.com/b"])
            }),
            err(
                "metadata.finalizers",
                Forbidden,
                "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/b\", \"example.com/c\"}",
            ),
        ),
        (
            "finalizers may be removed while deleting",
            deleting.clone(),
            with(&deleting, |j| j["metadata"]["finalizers"] = json!([])),
            Valid,
        ),
        (
            "an invalid label is reported once",
            old.clone(),
            with(&old, |j| j["metadata"]["labels"] = json!({"-x": "y"})),
            err("metadata.labels", Invalid, "Invalid value: \"-x\": name part"),
        ),
        (
            "a finalizer name without '/' must be a standard one (validateKubeFinalizerName)",
            old.clone(),
            with(&old, |j| {
                j["metadata"]["finalizers"] = json!(["orphan", "custom", "example.com/x"])
            }),
            err(
                "metadata.finalizers[1]",
                Invalid,
                "metadata.finalizers[1]: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified",
            ),
        ),
        (
            "orphan and foregroundDeletion together (ValidateFinalizers)",
            old.clone(),
            with(&old, |j| {
                j["metadata"]["finalizers"] = json!(["orphan", "foregroundDeletion"])
            }),
            err(
                "metadata.finalizers",
                Invalid,
                "metadata.finalizers: Invalid value: []string{\"orphan\", \"foregroundDeletion\"}: finalizer orphan and foregroundDeletion cannot be both set",
            ),
        ),
        (
            "a finalizer that is not a qualified name (ValidateFinalizerName)",
            old.clone(),
            with(&old, |j| j["metadata"]["finalizers"] = json!(["a/b/c"])),
            err("metadata.finalizers", Invalid, "Invalid value: \"a/b/c\": a valid label key"),
        ),
    ];
    run_job_updates("ValidateObjectMetaUpdate (Job)", rows);
}

/// A stored CronJob.
fn stored_cronjob(name: &str) -> Value {
    json!({
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": name, "namespace": "default", "uid": "00000000-0000-4000-8000-000000000000", "resourceVersion": "1"},
        "spec": {
            "schedule": "0 * * * *",
            "concurrencyPolicy": "Allow",
            "jobTemplate": {"spec": {"template": pod_template(json!({}), "OnFailure", true)}},
        },
    })
}

/// `ValidateCronJobUpdate`'s `ValidateObjectMetaUpdate`, and the job
/// template, which stays mutable (only `ValidateJobTemplateSpec` on the new
/// one).
#[test]
fn test_object_meta_update_on_cronjobs() {
    let old = stored_cronjob("mycronjob");
    let long = stored_cronjob(&"a".repeat(60));
    let rows: Vec<Row> = vec![
        (
            "name is immutable",
            old.clone(),
            with(&old, |j| j["metadata"]["name"] = json!("other")),
            err(
                "metadata.name",
                Invalid,
                "Invalid value: \"other\": field is immutable",
            ),
        ),
        (
            "uid is immutable",
            old.clone(),
            with(&old, |j| j["metadata"]["uid"] = json!("4d5e6f")),
            immutable("metadata.uid"),
        ),
        (
            "namespace is immutable",
            old.clone(),
            with(&old, |j| j["metadata"]["namespace"] = json!("other")),
            immutable("metadata.namespace"),
        ),
        (
            "the job template may change",
            old.clone(),
            with(&old, |j| {
                j["spec"]["jobTemplate"]["spec"]["parallelism"] = json!(3);
                j["spec"]["jobTemplate"]["spec"]["template"]["spec"]["dnsPolicy"] =
                    json!("Default");
            }),
            Valid,
        ),
        (
            "an invalid job template is still rejected",
            old.clone(),
            with(&old, |j| {
                j["spec"]["jobTemplate"]["spec"]["parallelism"] = json!(-1)
            }),
            err(
                "spec.jobTemplate.spec.parallelism",
                Invalid,
                "must be greater than or equal to 0",
            ),
        ),
        (
            "a stored name over 52 characters may be kept",
            long.clone(),
            with(&long, |j| j["spec"]["schedule"] = json!("5 * * * *")),
            Valid,
        ),
        (
            "an invalid label is reported once",
            old.clone(),
            with(&old, |j| j["metadata"]["labels"] = json!({"-x": "y"})),
            err(
                "metadata.labels",
                Invalid,
                "Invalid value: \"-x\": name part",
            ),
        ),
    ];
    run_cronjob_updates("ValidateObjectMetaUpdate (CronJob)", rows);
}

/// `ValidateObjectMetaUpdate` itself, without `rest.BeforeUpdate`'s resets
/// (`apimachinery/pkg/api/validation/objectmeta_test.go`):
/// `TestValidateObjectMetaUpdateIgnoresCreationTimestamp`,
/// `TestValidateFinalizersUpdate`,
/// `TestValidateObjectMetaUpdatePreventsDeletionFieldMutation` and
/// `TestObjectMetaGenerationUpdate`, each row's full error list (upstream's
/// exact lines where the table has them).
#[test]
fn test_validate_object_meta_update() {
    let now = "1970-01-01T00:16:40Z";
    let later = "1970-01-01T00:33:20Z";
    // &metav1.Time{}: a set deletionTimestamp holding the zero time.
    let zero = "0001-01-01T00:00:00Z";
    let m = |extra: Value| merge(json!({"name": "test", "resourceVersion": "1"}), extra);
    let rows: Vec<(&str, Value, Value, Vec<&str>)> = vec![
        // TestValidateObjectMetaUpdateIgnoresCreationTimestamp (one error each).
        (
            "creationTimestamp removed",
            m(json!({"creationTimestamp": "1970-01-01T00:00:10Z"})),
            m(json!({})),
            vec!["field.creationTimestamp: Invalid value: null: field is immutable"],
        ),
        (
            "creationTimestamp set",
            m(json!({})),
            m(json!({"creationTimestamp": "1970-01-01T00:00:10Z"})),
            vec!["field.creationTimestamp: Invalid value: \"1970-01-01T00:00:10Z\": field is immutable"],
        ),
        (
            "creationTimestamp changed",
            m(json!({"creationTimestamp": "1970-01-01T00:00:11Z"})),
            m(json!({"creationTimestamp": "1970-01-01T00:00:10Z"})),
            vec!["field.creationTimestamp: Invalid value: \"1970-01-01T00:00:10Z\": field is immutable"],
        ),
        // TestValidateFinalizersUpdate.
        (
            "invalid adding finalizers",
            m(json!({"deletionTimestamp": zero, "finalizers": ["x/a"]})),
            m(json!({"deletionTimestamp": zero, "finalizers": ["x/a", "y/b"]})),
            vec!["field.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"y/b\"}"],
        ),
        (
            "invalid changing finalizers",
            m(json!({"deletionTimestamp": zero, "finalizers": ["x/a"]})),
            m(json!({"deletionTimestamp": zero, "finalizers": ["x/b"]})),
            vec!["field.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"x/b\"}"],
        ),
        (
            "valid removing finalizers",
            m(json!({"deletionTimestamp": zero, "finalizers": ["x/a", "y/b"]})),
            m(json!({"deletionTimestamp": zero, "finalizers": ["x/a"]})),
            vec![],
        ),
        (
            "valid adding finalizers for objects not being deleted",
            m(json!({"finalizers": ["x/a"]})),
            m(json!({"finalizers": ["x/a", "y/b"]})),
            vec![],
        ),
        // TestValidateObjectMetaUpdatePreventsDeletionFieldMutation.
        ("valid without deletion fields", m(json!({})), m(json!({})), vec![]),
        (
            "valid with deletion fields",
            m(json!({"deletionTimestamp": now, "deletionGracePeriodSeconds": 30})),
            m(json!({"deletionTimestamp": now, "deletionGracePeriodSeconds": 30})),
            vec![],
        ),
        (
            "invalid set deletionTimestamp",
            m(json!({})),
            m(json!({"deletionTimestamp": now})),
            vec!["field.deletionTimestamp: Invalid value: \"1970-01-01T00:16:40Z\": field is immutable"],
        ),
        (
            "invalid clear deletionTimestamp",
            m(json!({"deletionTimestamp": now})),
            m(json!({})),
            vec!["field.deletionTimestamp: Invalid value: null: field is immutable"],
        ),
        (
            "invalid change deletionTimestamp",
            m(json!({"deletionTimestamp": now})),
            m(json!({"deletionTimestamp": later})),
            vec!["field.deletionTimestamp: Invalid value: \"1970-01-01T00:33:20Z\": field is immutable"],
        ),
        (
            "invalid set deletionGracePeriodSeconds",
            m(json!({})),
            m(json!({"deletionGracePeriodSeconds": 30})),
            vec!["field.deletionGracePeriodSeconds: Invalid value: 30: field is immutable"],
        ),
        (
            "invalid clear deletionGracePeriodSeconds",
            m(json!({"deletionGracePeriodSeconds": 30})),
            m(json!({})),
            vec!["field.deletionGracePeriodSeconds: Invalid value: null: field is immutable"],
        ),
        (
            "invalid change deletionGracePeriodSeconds",
            m(json!({"deletionGracePeriodSeconds": 30})),
            m(json!({"deletionGracePeriodSeconds": 40})),
            vec!["field.deletionGracePeriodSeconds: Invalid value: 40: field is immutable"],
        ),
        // TestObjectMetaGenerationUpdate.
        (
            "invalid generation change - decremented",
            m(json!({"generation": 5})),
            m(json!({"generation": 4})),
            vec!["field.generation: Invalid value: 4: must not be decremented"],
        ),
        (
            "valid generation change - incremented by one",
            m(json!({"generation": 1})),
            m(json!({"generation": 2})),
            vec![],
        ),
        (
            "valid generation field - not updated",
            m(json!({"generation": 5})),
            m(json!({"generation": 5})),
            vec![],
        ),
        // ValidateObjectMetaAccessorUpdate's resourceVersion rule.
        (
            "resourceVersion must be specified for an update",
            m(json!({})),
            json!({"name": "test"}),
            vec!["field.resourceVersion: Invalid value: \"\": must be specified for an update"],
        ),
    ];
    let total = rows.len();
    let mut failures = Vec::new();
    for (name, old, new, want) in rows {
        let decoded = serde_json::from_value::<ObjectMeta>(old)
            .and_then(|o| serde_json::from_value::<ObjectMeta>(new).map(|n| (o, n)));
        let (old, new) = match decoded {
            Ok(pair) => pair,
            Err(e) => {
                failures.push(format!("{name}: metadata does not decode: {e}"));
                continue;
            }
        };
        let got: Vec<String> = validate_object_meta_update(&new, &old, &Path::new("field"))
            .iter()
            .map(ToString::to_string)
            .collect();
        if got != want {
            failures.push(format!("{name}: want {want:?}, got {got:?}"));
        }
    }
    report(
        "ValidateObjectMetaUpdate (objectmeta_test.go)",
        total,
        failures,
    );
}

/// Resources kept for the skipped `AllowMutablePodResources` rows' shape.
#[test]
fn resources_change_is_a_template_change_by_default() {
    let old = stored_job(generated(json!({"suspend": true})));
    let new = with(&old, |j| {
        j["spec"]["template"]["spec"]["initContainers"][0]["resources"] = resources("150m", "128Mi")
    });
    run_job_updates(
        "init container resources (gate off)",
        vec![(
            "init container resources change",
            old,
            new,
            immutable("spec.template"),
        )],
    );
}

/// `rest.BeforeUpdate` defaults the submitted Job (`SetDefaults_PodSpec`,
/// `SetDefaults_Container`...) before `validatePodTemplateUpdate` compares
/// it with the stored one: a manifest that leaves out what the server filled
/// in is no template change; a real change still is.
#[test]
fn server_filled_template_fields_are_not_changes() {
    let written = stored_job(generated(json!({})));
    let stored = with(&written, |j| {
        let spec = &mut j["spec"]["template"]["spec"];
        spec["terminationGracePeriodSeconds"] = json!(30);
        spec["schedulerName"] = json!("default-scheduler");
        spec["securityContext"] = json!({});
        spec["containers"][0]["terminationMessagePath"] = json!("/dev/termination-log");
        spec["initContainers"][0]["terminationMessagePath"] = json!("/dev/termination-log");
    });
    run_job_updates(
        "server-filled template fields",
        vec![
            (
                "manifest without server defaults",
                stored.clone(),
                written.clone(),
                Valid,
            ),
            (
                "a changed grace period is still a change",
                stored,
                with(&written, |j| {
                    j["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] = json!(5)
                }),
                immutable("spec.template"),
            ),
        ],
    );
}

/// `TestValidateObjectMetaOwnerReferences` and
/// `TestValidateFinalizersPreventConflictingFinalizers`
/// (`objectmeta_test.go`, `validateObjectMetaAccessorWithOptsCommon`): the
/// metadata rules every update (and create) runs; upstream checks whether
/// there is an error and the first one's text.
#[test]
fn test_validate_object_meta_owner_references_and_finalizers() {
    let owner = |kind: &str, uid: &str, controller: Option<bool>| {
        let mut r = json!({"apiVersion": "customresourceVersion", "kind": kind, "name": "name", "uid": uid});
        if let Some(c) = controller {
            r["controller"] = json!(c);
        }
        r
    };
    let rows: Vec<(&str, Value, Option<&str>)> = vec![
        (
            "simple success - third party extension.",
            json!({"ownerReferences": [owner("customresourceKind", "1", None)]}),
            None,
        ),
        (
            "simple failures - event shouldn't be set as an owner",
            json!({"ownerReferences": [{"apiVersion": "v1", "kind": "Event", "name": "name", "uid": "1"}]}),
            Some("is disallowed from being an owner"),
        ),
        (
            "simple controller ref success - one reference with Controller set",
            json!({"ownerReferences": [
                owner("customresourceKind", "1", Some(false)),
                owner("customresourceKind", "2", Some(true)),
                owner("customresourceKind", "3", Some(false)),
                owner("customresourceKind", "4", None),
            ]}),
            None,
        ),
        (
            "simple controller ref failure - two references with Controller set",
            json!({"ownerReferences": [
                owner("customresourceKind1", "1", Some(false)),
                owner("customresourceKind2", "2", Some(true)),
                owner("customresourceKind3", "3", Some(true)),
                owner("customresourceKind4", "4", None),
            ]}),
            Some("Only one reference can have Controller set to true. Found \"true\" in references for customresourceKind2/name and customresourceKind3/name"),
        ),
        (
            "conflicting finalizers",
            json!({"resourceVersion": "1", "finalizers": ["orphan", "foregroundDeletion"]}),
            Some("cannot be both set"),
        ),
    ];
    let total = rows.len();
    let mut failures = Vec::new();
    for (name, extra, want) in rows {
        let meta = match serde_json::from_value::<ObjectMeta>(merge(
            json!({"name": "test", "namespace": "test"}),
            extra,
        )) {
            Ok(m) => m,
            Err(e) => {
                failures.push(format!("{name}: metadata does not decode: {e}"));
                continue;
            }
        };
        let got: Vec<String> = validate_object_meta_common(&meta, &Path::new("field"))
            .iter()
            .map(ToString::to_string)
            .collect();
        let ok = match want {
            None => got.is_empty(),
            Some(text) => got.first().is_some_and(|first| first.contains(text)),
        };
        if !ok {
            failures.push(format!("{name}: want {want:?}, got {got:?}"));
        }
    }
    report(
        "ValidateObjectMetaAccessor (objectmeta_test.go)",
        total,
        failures,
    );
}

/// The update pairs of the manifest fuzz seed, read as a user's manifest:
/// growing a suspended Indexed Job (completions with parallelism) and adding a
/// node selector is accepted; renaming a CronJob is not.
#[test]
fn manifest_update_pairs() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/seeds/manifest/update-pairs.yaml"
    ))
    .expect("seed");
    let objects = kbatch::manifest::load_str(&text).expect("loads");
    let [Object::Job(old_job), Object::Job(new_job), Object::CronJob(old_cj), Object::CronJob(new_cj)] =
        &objects[..]
    else {
        panic!("expected two Jobs, then two CronJobs");
    };
    assert_eq!(kbatch::api::validate_job_update(new_job, old_job), Ok(()));
    let cj_errors = kbatch::api::validate_cronjob_update(new_cj, old_cj).expect_err("renamed");
    assert_eq!(
        cj_errors.messages(),
        vec![r#"metadata.name: Invalid value: "renamed": field is immutable"#.to_string()]
    );
    // Changing completions without parallelism is refused (validateCompletions).
    let mut shrunk = new_job.clone();
    std::sync::Arc::make_mut(&mut shrunk.spec).completions = Some(6);
    let errors = kbatch::api::validate_job_update(&shrunk, new_job).expect_err("shrunk");
    assert!(
        errors
            .messages()
            .iter()
            .any(|m| m.starts_with("spec.completions: Invalid value: 6")),
        "{:?}",
        errors.messages()
    );
}
