//! The upstream API-server validation tables for Jobs and CronJobs
//! (`pkg/apis/batch/validation/validation_test.go` in kubernetes/kubernetes),
//! transcribed case by case and run through kbatch's create/update entry
//! points with manifests built as JSON.
//!
//! Upstream calls `ValidateJob` / `ValidateCronJobCreate` on internal objects
//! directly; kbatch validates what the API server sees on create: the
//! decoded manifest after `SetDefaults_*`, uid assignment and selector
//! generation. A few upstream rows therefore needed a field set explicitly to
//! keep their meaning (said per row), and rows that defaulting or generation
//! make unreachable on create, or that need non-default validation options,
//! are listed (with the reason) next to their table instead of being run.
//!
//! An error row lists every error expected, in upstream's order: field
//! path, type and a substring of the message (upstream's expected text; the
//! Go `%#v` rendering of bad maps and slices is checked in full by
//! `bad_value_rendering`). The first entry is what the
//! upstream table checks (`errs[0]`); the full lists come from the newer
//! upstream `ExpectedErrorList` version of `TestValidateJob`
//! (`pkg/apis/batch/validation/declarative/job_test.go`) or, for CronJobs,
//! from reading `validation.go`.
//!
//! Update tables (`TestValidateJobUpdate`, `TestJobStrategy_ValidateUpdate`,
//! `objectmeta_test.go`) are in `tests/validation_update_upstream.rs`.
//! `TestValidateJobUpdateStatus` and
//! `TestValidateFailedIndexesNotOverlapCompleted` run as status writes in
//! `tests/status_update_upstream.rs`.

#[path = "support/validation_rows.rs"]
mod validation_rows;
use kbatch::api::validation::{
    validate_cronjob_update, validate_indexes_format, ErrorKind, ValidationErrors,
};
use kbatch::api::{validate_cronjob, validate_job, CronJob, Job};
use serde_json::{json, Value};
use validation_rows::{
    container, err, errs, generated, generated_labels, generated_never, merge, mismatch,
    pod_template, report, template_generated, Want, Want::Valid,
};

use ErrorKind::{Duplicate, Invalid, NotSupported, Required, TooLong, TooMany};

// ---------------------------------------------------------------------------
// Expectations and the reporting harness.
// ---------------------------------------------------------------------------

fn parse_job(manifest: Value) -> Result<Job, String> {
    serde_json::from_value(manifest).map_err(|e| format!("manifest does not decode: {e}"))
}

fn parse_cronjob(manifest: Value) -> Result<CronJob, String> {
    serde_json::from_value(manifest).map_err(|e| format!("manifest does not decode: {e}"))
}

// ---------------------------------------------------------------------------
// Fixtures (`getValid*` helpers of the upstream test, `podtest.MakePod`).
// ---------------------------------------------------------------------------

/// `getValidPodTemplateSpecForManual` (labels a=b, container "abc").
fn template_manual() -> Value {
    pod_template(json!({"a": "b"}), "OnFailure", false)
}

/// `validJobObjectMeta` around a spec.
fn job_manifest(spec: Value) -> Value {
    json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "myjob", "namespace": "default", "uid": "00000000-0000-4000-8000-000000000000"},
        "spec": spec,
    })
}

/// A Job spec with the manual selector a=b and its template, plus `extra`.
fn manual(extra: Value) -> Value {
    merge(
        json!({
            "selector": {"matchLabels": {"a": "b"}},
            "manualSelector": true,
            "template": template_manual(),
        }),
        extra,
    )
}

/// A `podFailurePolicy` with one rule on exit codes.
fn pfp_exit_codes(action: &str, operator: &str, values: Value) -> Value {
    json!({"podFailurePolicy": {"rules": [{
        "action": action,
        "onExitCodes": {"operator": operator, "values": values},
    }]}})
}

fn run_jobs(test: &str, rows: Vec<(&str, Value, Want)>) {
    let total = rows.len();
    let mut failures = Vec::new();
    for (name, manifest, want) in rows {
        let outcome = parse_job(manifest).map(|job| validate_job(&job));
        match outcome {
            Err(e) => failures.push(format!("{name}: {e}")),
            Ok(result) => {
                if let Some(m) = mismatch(&result, &want) {
                    failures.push(format!("{name}: {m}"));
                }
            }
        }
    }
    report(test, total, failures);
}

// ---------------------------------------------------------------------------
// TestValidateJob
// ---------------------------------------------------------------------------

/// `TestValidateJob`. Upstream rows left out:
/// - "metadata.uid: Required value": the API server assigns a uid before
///   validating a new Job, so a manifest cannot reach it (and the row uses
///   `RequirePrefixedLabels: false`, not the create default).
/// - "spec.template.metadata.labels[controller-uid]: Required value" and
///   "spec.template.metadata.labels[batch.kubernetes.io/controller-uid]:
///   Required value": selector generation on create adds the missing
///   template labels, so a manifest cannot reach them.
/// - "spec.podFailurePolicy.rules[0].onPodConditions[0].status: Required
///   value": `SetDefaults_Job` sets an unset status to `True`.
///
/// Rows kept with an adjustment:
/// - "spec.selector:Required value" is in [`nil_selector_matches_no_labels`]
///   (with its second error).
/// - "spec.completions: Required value: when completion mode is Indexed"
///   sets `parallelism: 1` (otherwise `SetDefaults_Job` sets completions).
/// - "do not allow new batch labels" (upstream: success with
///   `RequirePrefixedLabels: false`) is run under the create default; it is
///   still valid because generation adds the prefixed labels.
#[test]
fn test_validate_job() {
    let max_values: Vec<i32> = (0..256).collect();
    let too_many_pfp_rules: Vec<Value> = (0..21)
        .map(|i| json!({"action": "FailJob", "onExitCodes": {"operator": "In", "values": [i + 1]}}))
        .collect();
    let too_many_patterns: Vec<Value> = (0..21)
        .map(|i| json!({"type": format!("CustomType_{i}"), "status": "True"}))
        .collect();
    let too_many_success_rules: Vec<Value> =
        (0..21).map(|_| json!({"succeededCount": 5})).collect();
    let indexed5 = |success_policy: Value| {
        generated_never(json!({
            "completionMode": "Indexed",
            "completions": 5,
            "successPolicy": success_policy,
        }))
    };
    let rows: Vec<(&str, Value, Want)> = vec![
        // ---- successCases ----
        (
            "valid success policy",
            job_manifest(generated_never(json!({
                "completionMode": "Indexed",
                "completions": 10,
                "successPolicy": {"rules": [
                    {"succeededCount": 1, "succeededIndexes": "0,2,4"},
                    {"succeededIndexes": "1,3,5-9"},
                ]},
            }))),
            Valid,
        ),
        (
            "valid pod failure policy",
            job_manifest(generated_never(json!({"podFailurePolicy": {"rules": [
                {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]},
                {"action": "FailJob", "onPodConditions": [{"type": "CustomConditionType", "status": "False"}]},
                {"action": "Count", "onExitCodes": {"containerName": "abc", "operator": "In", "values": [1, 2, 3]}},
                {"action": "Ignore", "onExitCodes": {"containerName": "def", "operator": "In", "values": [4]}},
                {"action": "FailJob", "onExitCodes": {"operator": "NotIn", "values": [5, 6, 7]}},
            ]}}))),
            Valid,
        ),
        (
            "valid pod failure policy with FailIndex",
            job_manifest(generated_never(json!({
                "completionMode": "Indexed",
                "completions": 2,
                "backoffLimitPerIndex": 1,
                "manualSelector": true,
                "podFailurePolicy": {"rules": [
                    {"action": "FailIndex", "onExitCodes": {"operator": "In", "values": [10]}},
                ]},
            }))),
            Valid,
        ),
        (
            "valid manual selector",
            merge(
                job_manifest(manual(json!({}))),
                json!({"metadata": {"name": "myjob", "namespace": "default", "uid": "00000000-0000-4000-8000-000000000000", "annotations": {"foo": "bar"}}}),
            ),
            Valid,
        ),
        ("valid generated selector", job_manifest(generated(json!({}))), Valid),
        (
            "valid pod replacement",
            job_manifest(generated(json!({"podReplacementPolicy": "TerminatingOrFailed"}))),
            Valid,
        ),
        (
            "valid pod replacement with failed",
            job_manifest(generated(json!({"podReplacementPolicy": "Failed"}))),
            Valid,
        ),
        (
            "valid hostnet",
            job_manifest(generated(json!({"template": {
                "metadata": {"labels": generated_labels()},
                "spec": {
                    "restartPolicy": "OnFailure",
                    "dnsPolicy": "ClusterFirst",
                    "securityContext": {"hostNetwork": true},
                    "containers": [merge(container("abc"), json!({"ports": [{"containerPort": 12345, "protocol": "TCP"}]}))],
                    "initContainers": [container("def")],
                },
            }}))),
            Valid,
        ),
        (
            "valid NonIndexed completion mode",
            job_manifest(generated(json!({"completionMode": "NonIndexed"}))),
            Valid,
        ),
        (
            "valid Indexed completion mode",
            job_manifest(generated(json!({"completionMode": "Indexed", "completions": 2, "parallelism": 100000}))),
            Valid,
        ),
        (
            "valid parallelism and maxFailedIndexes for high completions when backoffLimitPerIndex is used",
            job_manifest(generated(json!({
                "completions": 100000, "parallelism": 100000, "maxFailedIndexes": 100000,
                "backoffLimitPerIndex": 1, "completionMode": "Indexed",
            }))),
            Valid,
        ),
        (
            "valid parallelism and maxFailedIndexes for unlimited completions when backoffLimitPerIndex is used",
            job_manifest(generated(json!({
                "completions": 1_000_000_000, "parallelism": 10000, "maxFailedIndexes": 10000,
                "backoffLimitPerIndex": 1, "completionMode": "Indexed",
            }))),
            Valid,
        ),
        ("valid job tracking annotation", job_manifest(generated(json!({}))), Valid),
        ("valid batch labels", job_manifest(generated(json!({}))), Valid),
        (
            "do not allow new batch labels",
            job_manifest(json!({
                "selector": {"matchLabels": {"controller-uid": "00000000-0000-4000-8000-000000000000"}},
                "template": pod_template(json!({"controller-uid": "00000000-0000-4000-8000-000000000000", "job-name": "myjob"}), "OnFailure", true),
            })),
            Valid,
        ),
        (
            "valid managedBy field",
            job_manifest(generated(json!({"managedBy": "example.com/foo"}))),
            Valid,
        ),
        // ---- errorCases ----
        (
            "spec.managedBy: Too long: may not be longer than 63",
            job_manifest(generated(json!({"managedBy": format!("example.com/{}", "x".repeat(60))}))),
            // The wording of TooLong changed across apimachinery releases.
            err("spec.managedBy", TooLong, ""),
        ),
        (
            "spec.managedBy: Invalid value: \"invalid custom controller name\": must be a domain-prefixed path",
            job_manifest(generated(json!({"managedBy": "invalid custom controller name"}))),
            err(
                "spec.managedBy",
                Invalid,
                " Invalid value: \"invalid custom controller name\": must be a domain-prefixed path (such as \"acme.io/foo\")",
            ),
        ),
        (
            "spec.successPolicy: Invalid value: ...: requires indexed completion mode",
            job_manifest(generated_never(json!({"successPolicy": {"rules": []}}))),
            err("spec.successPolicy", Invalid, "requires indexed completion mode"),
        ),
        (
            "spec.successPolicy.rules: Required value: at least one rules must be specified",
            job_manifest(indexed5(json!({}))),
            err(
                "spec.successPolicy.rules",
                Required,
                " Required value: at least one rules must be specified when the successPolicy is specified",
            ),
        ),
        (
            "spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes",
            job_manifest(indexed5(json!({"rules": [{}]}))),
            err(
                "spec.successPolicy.rules[0]",
                Required,
                " Required value: at least one of succeededCount or succeededIndexes must be specified",
            ),
        ),
        (
            "spec.successPolicy.rules[0].succeededIndexes: Invalid value: \"invalid-format\"",
            job_manifest(indexed5(json!({"rules": [{"succeededIndexes": "invalid-format"}]}))),
            err(
                "spec.successPolicy.rules[0].succeededIndexes",
                Invalid,
                " Invalid value: \"invalid-format\": error parsing succeededIndexes: cannot convert string to integer for index: \"invalid\"",
            ),
        ),
        (
            "spec.successPolicy.rules[0].succeededIndexes: Too long",
            job_manifest(indexed5(json!({"rules": [{"succeededIndexes": "1".repeat(64 * 1024 + 1)}]}))),
            errs(&[
                ("spec.successPolicy.rules[0].succeededIndexes", TooLong, ""),
                (
                    "spec.successPolicy.rules[0].succeededIndexes",
                    Invalid,
                    "error parsing succeededIndexes: cannot convert string to integer for index",
                ),
            ]),
        ),
        (
            "spec.successPolicy.rules[0].succeededCount: must be greater than or equal to 0",
            job_manifest(indexed5(json!({"rules": [{"succeededCount": -1}]}))),
            err(
                "spec.successPolicy.rules[0].succeededCount",
                Invalid,
                " must be greater than or equal to 0",
            ),
        ),
        (
            "spec.successPolicy.rules[0].succeededCount: Invalid value: 6",
            job_manifest(indexed5(json!({"rules": [{"succeededCount": 6}]}))),
            err(
                "spec.successPolicy.rules[0].succeededCount",
                Invalid,
                " Invalid value: 6: must be less than or equal to 5 (the number of specified completions)",
            ),
        ),
        (
            "spec.successPolicy.rules[0].succeededCount: Invalid value: 4",
            job_manifest(indexed5(json!({"rules": [{"succeededCount": 4, "succeededIndexes": "0-2"}]}))),
            err(
                "spec.successPolicy.rules[0].succeededCount",
                Invalid,
                " Invalid value: 4: must be less than or equal to 3 (the number of indexes in the specified succeededIndexes field)",
            ),
        ),
        (
            "spec.successPolicy.rules: Too many: 21: must have at most 20 items",
            job_manifest(indexed5(json!({"rules": too_many_success_rules}))),
            err("spec.successPolicy.rules", TooMany, " Too many: 21: must have at most 20 items"),
        ),
        (
            "spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required",
            job_manifest(generated_never(json!({"podFailurePolicy": {"rules": [{"action": "FailJob"}]}}))),
            err(
                "spec.podFailurePolicy.rules[0]",
                Invalid,
                " Invalid value: specifying one of OnExitCodes and OnPodConditions is required",
            ),
        ),
        (
            "spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Duplicate value: 11",
            job_manifest(generated_never(pfp_exit_codes("FailJob", "In", json!([11, 11])))),
            err(
                "spec.podFailurePolicy.rules[0].onExitCodes.values[1]",
                Duplicate,
                " Duplicate value: 11",
            ),
        ),
        (
            "spec.podFailurePolicy.rules[0].onExitCodes.values: Too many: 256: must have at most 255 items",
            job_manifest(generated_never(pfp_exit_codes("FailJob", "In", json!(max_values)))),
            errs(&[
                (
                    "spec.podFailurePolicy.rules[0].onExitCodes.values",
                    TooMany,
                    " Too many: 256: must have at most 255 items",
                ),
                (
                    "spec.podFailurePolicy.rules[0].onExitCodes.values[0]",
                    Invalid,
                    "must not be 0 for the In operator",
                ),
            ]),
        ),
        (
            "spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items",
            job_manifest(generated_never(json!({"podFailurePolicy": {"rules": too_many_pfp_rules}}))),
            err("spec.podFailurePolicy.rules", TooMany, " Too many: 21: must have at most 20 items"),
        ),
        (
            "spec.podFailurePolicy.rules[0].onPodConditions: Too many: 21: must have at most 20 items",
            job_manifest(generated_never(json!({"podFailurePolicy": {"rules": [
                {"action": "FailJob", "onPodConditions": too_many_patterns},
            ]}}))),
            err(
                "spec.podFailurePolicy.rules[0].onPodConditions",
                TooMany,
                " Too many: 21: must have at most 20 items",
            ),
        ),
        (
            "spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 13",
            job_manifest(generated_never(pfp_exit_codes("FailJob", "In", json!([12, 13, 13, 13])))),
            errs(&[
                (
                    "spec.podFailurePolicy.rules[0].onExitCodes.values[2]",
                    Duplicate,
                    " Duplicate value: 13",
                ),
                (
                    "spec.podFailurePolicy.rules[0].onExitCodes.values[3]",
                    Duplicate,
                    " Duplicate value: 13",
                ),
            ]),
        ),
        (
            "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{19, 11}: must be ordered",
            job_manifest(generated_never(pfp_exit_codes("FailJob", "In", json!([19, 11])))),
            err("spec.podFailurePolicy.rules[0].onExitCodes.values", Invalid, ": must be ordered"),
        ),
        (
            "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{}: at least one value is required",
            job_manifest(generated_never(pfp_exit_codes("FailJob", "In", json!([])))),
            err(
                "spec.podFailurePolicy.rules[0].onExitCodes.values",
                Invalid,
                ": at least one value is required",
            ),
        ),
        (
            "spec.podFailurePolicy.rules[0].action: Required value: valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]",
            job_manifest(generated_never(pfp_exit_codes("", "In", json!([1, 2, 3])))),
            err(
                "spec.podFailurePolicy.rules[0].action",
                Required,
                " Required value: valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]",
            ),
        ),
        (
            "spec.podFailurePolicy.rules[0].onExitCodes.operator: Required value: valid values: [\"In\" \"NotIn\"]",
            job_manifest(generated_never(pfp_exit_codes("FailJob", "", json!([1, 2, 3])))),
            err(
                "spec.podFailurePolicy.rules[0].onExitCodes.operator",
                Required,
                " Required value: valid values: [\"In\" \"NotIn\"]",
            ),
        ),
        (
            "spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported",
            job_manifest(generated_never(json!({"podFailurePolicy": {"rules": [{
                "action": "FailJob",
                "onExitCodes": {"containerName": "abc", "operator": "In", "values": [1, 2, 3]},
                "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}],
            }]}}))),
            err(
                "spec.podFailurePolicy.rules[0]",
                Invalid,
                " Invalid value: specifying both OnExitCodes and OnPodConditions is not supported",
            ),
        ),
        (
            "spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator",
            job_manifest(generated_never(pfp_exit_codes("Ignore", "In", json!([1, 0, 2])))),
            errs(&[
                (
                    "spec.podFailurePolicy.rules[0].onExitCodes.values[1]",
                    Invalid,
                    " Invalid value: 0: must not be 0 for the In operator",
                ),
                ("spec.podFailurePolicy.rules[0].onExitCodes.values", Invalid, "must be ordered"),
            ]),
        ),
        (
            "spec.podFailurePolicy.rules[1].onExitCodes.containerName: Invalid value: \"xyz\"",
            job_manifest(generated_never(json!({"podFailurePolicy": {"rules": [
                {"action": "Ignore", "onExitCodes": {"containerName": "abc", "operator": "In", "values": [1, 2, 3]}},
                {"action": "FailJob", "onExitCodes": {"containerName": "xyz", "operator": "In", "values": [5, 6, 7]}},
            ]}}))),
            err(
                "spec.podFailurePolicy.rules[1].onExitCodes.containerName",
                Invalid,
                " Invalid value: \"xyz\": must be one of the container or initContainer names in the pod template",
            ),
        ),
        (
            "spec.podFailurePolicy.rules[0].action: Unsupported value: \"UnknownAction\"",
            job_manifest(generated_never(json!({"podFailurePolicy": {"rules": [{
                "action": "UnknownAction",
                "onExitCodes": {"containerName": "abc", "operator": "In", "values": [1, 2, 3]},
            }]}}))),
            err(
                "spec.podFailurePolicy.rules[0].action",
                NotSupported,
                " Unsupported value: \"UnknownAction\": supported values: \"Count\", \"FailIndex\", \"FailJob\", \"Ignore\"",
            ),
        ),
        (
            "spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: \"UnknownOperator\"",
            job_manifest(generated_never(pfp_exit_codes("Ignore", "UnknownOperator", json!([1, 2, 3])))),
            err(
                "spec.podFailurePolicy.rules[0].onExitCodes.operator",
                NotSupported,
                " Unsupported value: \"UnknownOperator\": supported values: \"In\", \"NotIn\"",
            ),
        ),
        (
            "spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: \"UnknownStatus\"",
            job_manifest(generated_never(json!({"podFailurePolicy": {"rules": [{
                "action": "Ignore",
                "onPodConditions": [{"type": "DisruptionTarget", "status": "UnknownStatus"}],
            }]}}))),
            err(
                "spec.podFailurePolicy.rules[0].onPodConditions[0].status",
                NotSupported,
                " Unsupported value: \"UnknownStatus\": supported values: \"False\", \"True\", \"Unknown\"",
            ),
        ),
        (
            "spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: \"\": name part must be non-empty",
            job_manifest(generated_never(json!({"podFailurePolicy": {"rules": [{
                "action": "Ignore",
                "onPodConditions": [{"type": "", "status": "True"}],
            }]}}))),
            errs(&[
                (
                    "spec.podFailurePolicy.rules[0].onPodConditions[0].type",
                    Invalid,
                    " Invalid value: \"\": name part must be non-empty",
                ),
                (
                    "spec.podFailurePolicy.rules[0].onPodConditions[0].type",
                    Invalid,
                    "name part must consist of alphanumeric characters",
                ),
            ]),
        ),
        (
            "spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: \"Invalid Condition Type\"",
            job_manifest(generated_never(json!({"podFailurePolicy": {"rules": [{
                "action": "Ignore",
                "onPodConditions": [{"type": "Invalid Condition Type", "status": "True"}],
            }]}}))),
            err(
                "spec.podFailurePolicy.rules[0].onPodConditions[0].type",
                Invalid,
                " Invalid value: \"Invalid Condition Type\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            ),
        ),
        (
            "spec.podReplacementPolicy: Unsupported value: \"TerminatingOrFailed\": supported values: \"Failed\"",
            job_manifest(generated_never(json!({
                "podReplacementPolicy": "TerminatingOrFailed",
                "podFailurePolicy": {"rules": [{
                    "action": "Ignore",
                    "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}],
                }]},
            }))),
            err(
                "spec.podReplacementPolicy",
                NotSupported,
                " Unsupported value: \"TerminatingOrFailed\": supported values: \"Failed\"",
            ),
        ),
        (
            "spec.podReplacementPolicy: Unsupported value: \"\": supported values: \"Failed\", \"TerminatingOrFailed\"",
            job_manifest(generated_never(json!({"podReplacementPolicy": ""}))),
            err(
                "spec.podReplacementPolicy",
                NotSupported,
                " Unsupported value: \"\": supported values: \"Failed\", \"TerminatingOrFailed\"",
            ),
        ),
        (
            "spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified",
            job_manifest(json!({
                "selector": {"matchLabels": generated_labels()},
                "template": pod_template(generated_labels(), "OnFailure", false),
                "podFailurePolicy": {"rules": []},
            })),
            err(
                "spec.template.spec.restartPolicy",
                Invalid,
                " Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified",
            ),
        ),
        (
            "spec.parallelism:must be greater than or equal to 0",
            job_manifest(generated(json!({"parallelism": -1}))),
            err("spec.parallelism", Invalid, "must be greater than or equal to 0"),
        ),
        (
            "spec.backoffLimit:must be greater than or equal to 0",
            job_manifest(generated(json!({"backoffLimit": -1}))),
            err("spec.backoffLimit", Invalid, "must be greater than or equal to 0"),
        ),
        (
            "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode",
            job_manifest(generated(json!({"backoffLimitPerIndex": 1}))),
            err(
                "spec.backoffLimitPerIndex",
                Invalid,
                " Invalid value: 1: requires indexed completion mode",
            ),
        ),
        (
            "spec.backoffLimitPerIndex:must be greater than or equal to 0",
            job_manifest(generated(json!({
                "backoffLimitPerIndex": -1, "completionMode": "Indexed", "parallelism": 1,
            }))),
            errs(&[
                ("spec.backoffLimitPerIndex", Invalid, "must be greater than or equal to 0"),
                ("spec.completions", Required, "when completion mode is Indexed"),
            ]),
        ),
        (
            "spec.maxFailedIndexes: Invalid value: 11: must be less than or equal to completions",
            job_manifest(generated(json!({
                "completions": 10, "maxFailedIndexes": 11, "backoffLimitPerIndex": 1,
                "completionMode": "Indexed",
            }))),
            err(
                "spec.maxFailedIndexes",
                Invalid,
                " Invalid value: 11: must be less than or equal to completions",
            ),
        ),
        (
            "spec.maxFailedIndexes: Required value: must be specified when completions is above 100000",
            job_manifest(generated(json!({
                "completions": 100_001, "backoffLimitPerIndex": 1, "completionMode": "Indexed",
            }))),
            err(
                "spec.maxFailedIndexes",
                Required,
                " Required value: must be specified when completions is above 100000",
            ),
        ),
        (
            "spec.parallelism: Invalid value: 50000: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index",
            job_manifest(generated(json!({
                "completions": 100_001, "parallelism": 50_000, "backoffLimitPerIndex": 1,
                "maxFailedIndexes": 1, "completionMode": "Indexed",
            }))),
            err(
                "spec.parallelism",
                Invalid,
                " Invalid value: 50000: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index",
            ),
        ),
        (
            "spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 100000",
            job_manifest(generated(json!({
                "completions": 100_001, "backoffLimitPerIndex": 1, "maxFailedIndexes": 100_001,
                "completionMode": "Indexed",
            }))),
            errs(&[
                (
                    "spec.maxFailedIndexes",
                    Invalid,
                    " Invalid value: 100001: must be less than or equal to 100000",
                ),
                (
                    "spec.maxFailedIndexes",
                    Invalid,
                    " Invalid value: 100001: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index",
                ),
            ]),
        ),
        (
            "spec.maxFailedIndexes: Invalid value: 50000: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index",
            job_manifest(generated(json!({
                "completions": 100_001, "backoffLimitPerIndex": 1, "maxFailedIndexes": 50_000,
                "completionMode": "Indexed",
            }))),
            err(
                "spec.maxFailedIndexes",
                Invalid,
                " Invalid value: 50000: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index",
            ),
        ),
        (
            "spec.maxFailedIndexes:must be greater than or equal to 0",
            job_manifest(generated(json!({
                "backoffLimitPerIndex": 1, "maxFailedIndexes": -1, "completionMode": "Indexed",
                "completions": 10,
            }))),
            err("spec.maxFailedIndexes", Invalid, "must be greater than or equal to 0"),
        ),
        (
            "spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified",
            job_manifest(generated(json!({
                "maxFailedIndexes": 1, "completionMode": "Indexed", "parallelism": 1,
            }))),
            errs(&[
                (
                    "spec.backoffLimitPerIndex",
                    Required,
                    " Required value: when maxFailedIndexes is specified",
                ),
                ("spec.completions", Required, "when completion mode is Indexed"),
            ]),
        ),
        (
            "spec.completions:must be greater than or equal to 0",
            job_manifest(generated(json!({"completions": -1}))),
            err("spec.completions", Invalid, "must be greater than or equal to 0"),
        ),
        (
            "spec.activeDeadlineSeconds:must be greater than or equal to 0",
            job_manifest(generated(json!({"activeDeadlineSeconds": -1}))),
            err("spec.activeDeadlineSeconds", Invalid, "must be greater than or equal to 0"),
        ),
        (
            "spec.template.metadata.labels: Invalid value: {\"y\":\"z\"}: `selector` does not match template `labels`",
            job_manifest(manual(json!({"template": pod_template(json!({"y": "z"}), "OnFailure", false)}))),
            err(
                "spec.template.metadata.labels",
                Invalid,
                ": `selector` does not match template `labels`",
            ),
        ),
        (
            "spec.template.metadata.labels: Invalid value: {\"controller-uid\":\"4d5e6f\"}: `selector` does not match template `labels`",
            job_manifest(manual(json!({"template": pod_template(json!({"controller-uid": "4d5e6f"}), "OnFailure", false)}))),
            err(
                "spec.template.metadata.labels",
                Invalid,
                ": `selector` does not match template `labels`",
            ),
        ),
        (
            "spec.template.spec.restartPolicy: Required value",
            job_manifest(manual(json!({"template": pod_template(json!({"a": "b"}), "Always", false)}))),
            err("spec.template.spec.restartPolicy", Required, " Required value"),
        ),
        (
            "spec.template.spec.restartPolicy: Unsupported value",
            job_manifest(manual(json!({"template": pod_template(json!({"a": "b"}), "Invalid", false)}))),
            errs(&[
                (
                    "spec.template.spec.restartPolicy",
                    NotSupported,
                    " Unsupported value: \"Invalid\": supported values: \"Always\", \"OnFailure\", \"Never\"",
                ),
                (
                    "spec.template.spec.restartPolicy",
                    NotSupported,
                    " Unsupported value: \"Invalid\": supported values: \"OnFailure\", \"Never\"",
                ),
            ]),
        ),
        (
            "spec.ttlSecondsAfterFinished: must be greater than or equal to 0",
            job_manifest(generated(json!({"ttlSecondsAfterFinished": -1}))),
            err("spec.ttlSecondsAfterFinished", Invalid, " must be greater than or equal to 0"),
        ),
        (
            "spec.completions: Required value: when completion mode is Indexed (parallelism: 1)",
            job_manifest(generated(json!({"completionMode": "Indexed", "parallelism": 1}))),
            err(
                "spec.completions",
                Required,
                " Required value: when completion mode is Indexed",
            ),
        ),
        (
            "spec.parallelism: must be less than or equal to 100000 when completion mode is Indexed",
            job_manifest(generated(json!({"completionMode": "Indexed", "completions": 2, "parallelism": 100_001}))),
            err(
                "spec.parallelism",
                Invalid,
                " must be less than or equal to 100000 when completion mode is Indexed",
            ),
        ),
        (
            "spec.selector: Invalid value: ...: `selector` not auto-generated",
            job_manifest(generated(json!({"selector": {"matchLabels": {"a": "b"}}}))),
            errs(&[
                ("spec.selector", Invalid, ": `selector` not auto-generated"),
                (
                    "spec.template.metadata.labels",
                    Invalid,
                    ": `selector` does not match template `labels`",
                ),
            ]),
        ),
    ];
    run_jobs("TestValidateJob", rows);
}

/// `TestValidateJob` rows whose expected text includes the bad value in the
/// form upstream's `field.Error.ErrorBody` prints it: `%#v` for anything but
/// numbers, booleans, strings and `fmt.Stringer`s (`map[string]string{...}`,
/// `[]int32{...}`).
#[test]
fn bad_value_rendering() {
    let rows: Vec<(&str, Value, Want)> = vec![
        (
            "spec.template.metadata.labels: Invalid value: map[string]string{\"y\":\"z\"}",
            job_manifest(manual(json!({"template": pod_template(json!({"y": "z"}), "OnFailure", false)}))),
            err(
                "spec.template.metadata.labels",
                Invalid,
                " Invalid value: map[string]string{\"y\":\"z\"}: `selector` does not match template `labels`",
            ),
        ),
        (
            "spec.template.metadata.labels: Invalid value: map[string]string{\"controller-uid\":\"4d5e6f\"}",
            job_manifest(manual(json!({"template": pod_template(json!({"controller-uid": "4d5e6f"}), "OnFailure", false)}))),
            err(
                "spec.template.metadata.labels",
                Invalid,
                " Invalid value: map[string]string{\"controller-uid\":\"4d5e6f\"}: `selector` does not match template `labels`",
            ),
        ),
        (
            "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{19, 11}",
            job_manifest(generated_never(pfp_exit_codes("FailJob", "In", json!([19, 11])))),
            err(
                "spec.podFailurePolicy.rules[0].onExitCodes.values",
                Invalid,
                " Invalid value: []int32{19, 11}: must be ordered",
            ),
        ),
        (
            "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{}",
            job_manifest(generated_never(pfp_exit_codes("FailJob", "In", json!([])))),
            err(
                "spec.podFailurePolicy.rules[0].onExitCodes.values",
                Invalid,
                " Invalid value: []int32{}: at least one value is required",
            ),
        ),
    ];
    run_jobs("TestValidateJob (bad value rendering)", rows);
}

/// `TestValidateJob` "spec.selector:Required value", with `manualSelector:
/// true` (otherwise a selector is generated on create). Upstream reports a
/// second error: `metav1.LabelSelectorAsSelector(nil)` is `labels.Nothing()`,
/// which matches no labels, so `ValidateJobSpec` also rejects the template
/// labels.
#[test]
fn nil_selector_matches_no_labels() {
    let rows: Vec<(&str, Value, Want)> = vec![(
        "spec.selector:Required value (manualSelector: true)",
        job_manifest(json!({"manualSelector": true, "template": template_generated()})),
        errs(&[
            ("spec.selector", Required, "Required value"),
            (
                "spec.template.metadata.labels",
                Invalid,
                ": `selector` does not match template `labels`",
            ),
        ]),
    )];
    run_jobs("TestValidateJob (nil selector)", rows);
}

// ---------------------------------------------------------------------------
// TestValidateCronJob, TestValidateCronJobScheduleTZ, TestValidateCronJobSpec
// ---------------------------------------------------------------------------

/// The CronJob job template's pod template: the generated one without labels.
fn cron_pod_template() -> Value {
    pod_template(json!({}), "OnFailure", true)
}

/// A CronJob `mycronjob` (uid 00000000-0000-4000-8000-000000000000) with this spec.
fn cronjob_manifest(spec: Value) -> Value {
    json!({
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "mycronjob", "namespace": "default", "uid": "00000000-0000-4000-8000-000000000000"},
        "spec": spec,
    })
}

/// A CronJob spec: `schedule`, Allow, the job template, plus `extra`.
fn cron_spec(schedule: &str, extra: Value) -> Value {
    merge(
        json!({
            "schedule": schedule,
            "concurrencyPolicy": "Allow",
            "jobTemplate": {"spec": {"template": cron_pod_template()}},
        }),
        extra,
    )
}

/// A CronJob spec whose job template spec gets `job_extra`.
fn cron_job_spec(job_extra: Value) -> Value {
    cron_spec(
        "* * * * ?",
        json!({"jobTemplate": {"spec": merge(json!({"template": cron_pod_template()}), job_extra)}}),
    )
}

/// The same CronJob without `spec.timeZone`.
fn without_time_zone(cronjob: &CronJob) -> CronJob {
    let mut value = serde_json::to_value(cronjob).expect("CronJob serializes");
    if let Some(spec) = value["spec"].as_object_mut() {
        spec.remove("timeZone");
    }
    serde_json::from_value(value).expect("CronJob decodes")
}

/// `TestValidateCronJob`: each row through `ValidateCronJobCreate`, then as
/// an update from the same object without `timeZone` (which must give the
/// same first error, except the 52-character name limit, create-only).
///
/// Left out: "spec.concurrencyPolicy: Required value": `SetDefaults_CronJob`
/// sets an unset concurrencyPolicy to `Allow`, so a manifest cannot reach it.
#[test]
fn test_validate_cronjob() {
    let host_net_template = json!({
        "metadata": {"labels": generated_labels()},
        "spec": {
            "restartPolicy": "OnFailure",
            "dnsPolicy": "ClusterFirst",
            "securityContext": {"hostNetwork": true},
            "containers": [merge(container("abc"), json!({"ports": [{"containerPort": 12345, "protocol": "TCP"}]}))],
            "initContainers": [container("def")],
        },
    });
    let rows: Vec<(&str, Value, Want)> = vec![
        // ---- successCases ----
        ("basic scheduled job", cronjob_manifest(cron_spec("* * * * ?", json!({}))), Valid),
        (
            "hostnet job",
            cronjob_manifest(cron_spec("* * * * ?", json!({"jobTemplate": {"spec": {"template": host_net_template}}}))),
            Valid,
        ),
        ("non-standard scheduled", cronjob_manifest(cron_spec("@hourly", json!({}))), Valid),
        (
            "correct timeZone value",
            cronjob_manifest(cron_spec("0 * * * *", json!({"timeZone": "Europe/Rome"}))),
            Valid,
        ),
        // ---- errorCases (upstream splits the name on every ':') ----
        (
            "spec.schedule: Invalid value",
            cronjob_manifest(cron_spec("error", json!({}))),
            err("spec.schedule", Invalid, " Invalid value"),
        ),
        (
            "spec.schedule: Required value",
            cronjob_manifest(cron_spec("", json!({}))),
            err("spec.schedule", Required, " Required value"),
        ),
        (
            "spec.timeZone: timeZone must be nil or non-empty string",
            cronjob_manifest(cron_spec("0 * * * *", json!({"timeZone": ""}))),
            err("spec.timeZone", Invalid, " timeZone must be nil or non-empty string"),
        ),
        (
            "spec.timeZone: timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
            cronjob_manifest(cron_spec("0 * * * *", json!({"timeZone": "LOCAL"}))),
            errs(&[
                (
                    "spec.timeZone",
                    Invalid,
                    " timeZone must be an explicit time zone as defined in https",
                ),
                ("spec.timeZone", Invalid, ": unknown time zone LOCAL"),
            ]),
        ),
        (
            "spec.timeZone: Invalid value: \" Europe/Rome\"",
            cronjob_manifest(cron_spec("0 * * * *", json!({"timeZone": " Europe/Rome"}))),
            err("spec.timeZone", Invalid, " Invalid value"),
        ),
        (
            "spec.timeZone: Invalid value: \"Europe/InvalidRome\"",
            cronjob_manifest(cron_spec("0 * * * *", json!({"timeZone": "Europe/InvalidRome"}))),
            err("spec.timeZone", Invalid, " Invalid value"),
        ),
        (
            "spec.timeZone: Invalid value: \" \"",
            cronjob_manifest(cron_spec("0 * * * *", json!({"timeZone": " "}))),
            err("spec.timeZone", Invalid, " Invalid value"),
        ),
        (
            "spec.timeZone: Invalid value: \"Europe/Rome \"",
            cronjob_manifest(cron_spec("0 * * * *", json!({"timeZone": "Europe/Rome "}))),
            err("spec.timeZone", Invalid, " Invalid value"),
        ),
        (
            "spec.startingDeadlineSeconds:must be greater than or equal to 0",
            cronjob_manifest(cron_spec("* * * * ?", json!({"startingDeadlineSeconds": -1}))),
            err("spec.startingDeadlineSeconds", Invalid, "must be greater than or equal to 0"),
        ),
        (
            "spec.successfulJobsHistoryLimit: must be greater than or equal to 0",
            cronjob_manifest(cron_spec("* * * * ?", json!({"successfulJobsHistoryLimit": -1}))),
            err("spec.successfulJobsHistoryLimit", Invalid, " must be greater than or equal to 0"),
        ),
        (
            "spec.failedJobsHistoryLimit: must be greater than or equal to 0",
            cronjob_manifest(cron_spec("* * * * ?", json!({"failedJobsHistoryLimit": -1}))),
            err("spec.failedJobsHistoryLimit", Invalid, " must be greater than or equal to 0"),
        ),
        (
            "spec.jobTemplate.spec.parallelism:must be greater than or equal to 0",
            cronjob_manifest(cron_job_spec(json!({"parallelism": -1}))),
            err("spec.jobTemplate.spec.parallelism", Invalid, "must be greater than or equal to 0"),
        ),
        (
            "spec.jobTemplate.spec.completions:must be greater than or equal to 0",
            cronjob_manifest(cron_job_spec(json!({"completions": -1}))),
            err("spec.jobTemplate.spec.completions", Invalid, "must be greater than or equal to 0"),
        ),
        (
            "spec.jobTemplate.spec.activeDeadlineSeconds:must be greater than or equal to 0",
            cronjob_manifest(cron_job_spec(json!({"activeDeadlineSeconds": -1}))),
            err(
                "spec.jobTemplate.spec.activeDeadlineSeconds",
                Invalid,
                "must be greater than or equal to 0",
            ),
        ),
        (
            "spec.jobTemplate.spec.selector: Invalid value: {\"matchLabels\":{\"a\":\"b\"}}: `selector` will be auto-generated",
            cronjob_manifest(cron_job_spec(json!({"selector": {"matchLabels": {"a": "b"}}}))),
            err("spec.jobTemplate.spec.selector", Invalid, " Invalid value"),
        ),
        (
            "metadata.name: must be no more than 52 characters",
            merge(
                cronjob_manifest(cron_spec("* * * * ?", json!({}))),
                json!({"metadata": {
                    "name": "10000000002000000000300000000040000000005000000000123",
                    "namespace": "default",
                    "uid": "00000000-0000-4000-8000-000000000000",
                }}),
            ),
            err("metadata.name", Invalid, " must be no more than 52 characters"),
        ),
        (
            "spec.jobTemplate.spec.manualSelector: Unsupported value",
            cronjob_manifest(cron_job_spec(json!({"manualSelector": true}))),
            err("spec.jobTemplate.spec.manualSelector", NotSupported, " Unsupported value"),
        ),
        (
            "spec.jobTemplate.spec.template.spec.restartPolicy: Required value",
            cronjob_manifest(cron_job_spec(json!({"template": {"spec": {
                "restartPolicy": "Always", "dnsPolicy": "ClusterFirst", "containers": [container("abc")],
            }}}))),
            err("spec.jobTemplate.spec.template.spec.restartPolicy", Required, " Required value"),
        ),
        (
            "spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value",
            cronjob_manifest(cron_job_spec(json!({"template": {"spec": {
                "restartPolicy": "Invalid", "dnsPolicy": "ClusterFirst", "containers": [container("abc")],
            }}}))),
            errs(&[
                (
                    "spec.jobTemplate.spec.template.spec.restartPolicy",
                    NotSupported,
                    " Unsupported value: \"Invalid\": supported values: \"Always\", \"OnFailure\", \"Never\"",
                ),
                (
                    "spec.jobTemplate.spec.template.spec.restartPolicy",
                    NotSupported,
                    " Unsupported value: \"Invalid\": supported values: \"OnFailure\", \"Never\"",
                ),
            ]),
        ),
        (
            "spec.jobTemplate.spec.ttlSecondsAfterFinished:must be greater than or equal to 0",
            cronjob_manifest(cron_job_spec(json!({"ttlSecondsAfterFinished": -1}))),
            err(
                "spec.jobTemplate.spec.ttlSecondsAfterFinished",
                Invalid,
                "must be greater than or equal to 0",
            ),
        ),
    ];
    let total = rows.len();
    let mut failures = Vec::new();
    for (name, manifest, want) in rows {
        let cronjob = match parse_cronjob(manifest) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        if let Some(m) = mismatch(&validate_cronjob(&cronjob), &want) {
            failures.push(format!("{name} (create): {m}"));
        }
        let update_want = if name.starts_with("metadata.name: must be no more than 52") {
            Valid
        } else {
            want.clone()
        };
        let update = match want {
            Want::Valid => validate_cronjob_update(&cronjob, &cronjob),
            Want::Errs(_) => validate_cronjob_update(&cronjob, &without_time_zone(&cronjob)),
        };
        if let Some(m) = mismatch(&update, &update_want) {
            failures.push(format!("{name} (update): {m}"));
        }
    }
    report("TestValidateCronJob", total, failures);
}

/// `TestValidateCronJobScheduleTZ`: a create, then an update from the
/// created object; each expects an error containing a text, or none.
#[test]
fn test_validate_cronjob_schedule_tz() {
    let with_tz = || cronjob_manifest(cron_spec("TZ=UTC 0 * * * *", json!({})));
    let plain = || cronjob_manifest(cron_spec("0 * * * *", json!({})));
    type Update = fn(Value) -> Value;
    let set_schedule_plain: Update = |mut v| {
        v["spec"]["schedule"] = json!("0 * * * *");
        v
    };
    let set_schedule_tz: Update = |mut v| {
        v["spec"]["schedule"] = json!("TZ=UTC 0 * * * *");
        v
    };
    let add_time_zone: Update = |mut v| {
        v["spec"]["timeZone"] = json!("UTC");
        v
    };
    let rows: Vec<(&str, Value, &str, Update, &str)> = vec![
        (
            "update removing TZ should work",
            with_tz(),
            "cannot use TZ or CRON_TZ in schedule",
            set_schedule_plain,
            "",
        ),
        (
            "update not modifying TZ should work",
            with_tz(),
            "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
            set_schedule_tz,
            "",
        ),
        (
            "update not modifying TZ but adding .spec.timeZone should fail",
            with_tz(),
            "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
            add_time_zone,
            "cannot use both timeZone field and TZ or CRON_TZ in schedule",
        ),
        (
            "update adding TZ should fail",
            plain(),
            "",
            set_schedule_tz,
            "cannot use TZ or CRON_TZ in schedule",
        ),
    ];
    let total = rows.len();
    let mut failures = Vec::new();
    let check = |what: &str, result: Result<(), ValidationErrors>, want: &str| match result {
        Ok(()) if want.is_empty() => None,
        Ok(()) => Some(format!("{what}: no error, want one containing {want:?}")),
        Err(e) if want.is_empty() => Some(format!("{what}: want none, got {:?}", e.messages())),
        Err(e) if e.errors()[0].to_string().contains(want) => None,
        Err(e) => Some(format!(
            "{what}: want {want:?} first, got {:?}",
            e.messages()
        )),
    };
    for (name, manifest, create_err, update, update_err) in rows {
        let (old, new) = match (
            parse_cronjob(manifest.clone()),
            parse_cronjob(update(manifest)),
        ) {
            (Ok(o), Ok(n)) => (o, n),
            (Err(e), _) | (_, Err(e)) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        if let Some(m) = check("create", validate_cronjob(&old), create_err) {
            failures.push(format!("{name}: {m}"));
            continue;
        }
        if let Some(m) = check("update", validate_cronjob_update(&new, &old), update_err) {
            failures.push(format!("{name}: {m}"));
        }
    }
    report("TestValidateCronJobScheduleTZ", total, failures);
}

/// `TestValidateCronJobSpec`: `validateCronJobSpec(new, old)`, run as an
/// update; `timeZone` is validated only when it changes.
#[test]
fn test_validate_cronjob_spec() {
    let tz = |zone: Option<&str>| {
        let extra = match zone {
            Some(z) => json!({"timeZone": z}),
            None => json!({}),
        };
        cronjob_manifest(cron_spec("0 * * * *", extra))
    };
    let rows: Vec<(&str, Option<&str>, Option<&str>, bool)> = vec![
        (
            "no validation because timeZone is nil for old and new",
            None,
            None,
            false,
        ),
        (
            "check validation because timeZone is different for new",
            None,
            Some("America/New_York"),
            false,
        ),
        (
            "check validation because timeZone is different for new and invalid",
            None,
            Some("broken"),
            true,
        ),
        (
            "old timeZone and new timeZone are valid",
            Some("America/New_York"),
            Some("America/Chicago"),
            false,
        ),
        (
            "old timeZone is valid, but new timeZone is invalid",
            Some("America/New_York"),
            Some("broken"),
            true,
        ),
        (
            "old timeZone and new timeZone are invalid, but unchanged",
            Some("broken"),
            Some("broken"),
            false,
        ),
        (
            "old timeZone and new timeZone are invalid, but different",
            Some("broken"),
            Some("still broken"),
            true,
        ),
        (
            "old timeZone is invalid, but new timeZone is valid",
            Some("broken"),
            Some("America/New_York"),
            false,
        ),
    ];
    let total = rows.len();
    let mut failures = Vec::new();
    for (name, old, new, expect_err) in rows {
        let (old, new) = match (parse_cronjob(tz(old)), parse_cronjob(tz(new))) {
            (Ok(o), Ok(n)) => (o, n),
            (Err(e), _) | (_, Err(e)) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        match (validate_cronjob_update(&new, &old), expect_err) {
            (Ok(()), false) => {}
            (Err(e), true) if e.errors()[0].path == "spec.timeZone" => {}
            (Ok(()), true) => failures.push(format!("{name}: want an error, got none")),
            (Err(e), _) => failures.push(format!("{name}: got {:?}", e.messages())),
        }
    }
    report("TestValidateCronJobSpec", total, failures);
}

// ---------------------------------------------------------------------------
// TestTimeZones, TestValidateIndexesString
// ---------------------------------------------------------------------------

/// Upstream's list: every valid time zone as of the go1.19 release.
const GO119_TIME_ZONES: &str = "
Africa/Abidjan Africa/Accra Africa/Addis_Ababa Africa/Algiers Africa/Asmara Africa/Asmera
Africa/Bamako Africa/Bangui Africa/Banjul Africa/Bissau Africa/Blantyre Africa/Brazzaville
Africa/Bujumbura Africa/Cairo Africa/Casablanca Africa/Ceuta Africa/Conakry Africa/Dakar
Africa/Dar_es_Salaam Africa/Djibouti Africa/Douala Africa/El_Aaiun Africa/Freetown
Africa/Gaborone Africa/Harare Africa/Johannesburg Africa/Juba Africa/Kampala Africa/Khartoum
Africa/Kigali Africa/Kinshasa Africa/Lagos Africa/Libreville Africa/Lome Africa/Luanda
Africa/Lubumbashi Africa/Lusaka Africa/Malabo Africa/Maputo Africa/Maseru Africa/Mbabane
Africa/Mogadishu Africa/Monrovia Africa/Nairobi Africa/Ndjamena Africa/Niamey
Africa/Nouakchott Africa/Ouagadougou Africa/Porto-Novo Africa/Sao_Tome Africa/Timbuktu
Africa/Tripoli Africa/Tunis Africa/Windhoek
America/Adak America/Anchorage America/Anguilla America/Antigua America/Araguaina
America/Argentina/Buenos_Aires America/Argentina/Catamarca America/Argentina/ComodRivadavia
America/Argentina/Cordoba America/Argentina/Jujuy America/Argentina/La_Rioja
America/Argentina/Mendoza America/Argentina/Rio_Gallegos America/Argentina/Salta
America/Argentina/San_Juan America/Argentina/San_Luis America/Argentina/Tucuman
America/Argentina/Ushuaia America/Aruba America/Asuncion America/Atikokan America/Atka
America/Bahia America/Bahia_Banderas America/Barbados America/Belem America/Belize
America/Blanc-Sablon America/Boa_Vista America/Bogota America/Boise America/Buenos_Aires
America/Cambridge_Bay America/Campo_Grande America/Cancun America/Caracas America/Catamarca
America/Cayenne America/Cayman America/Chicago America/Chihuahua America/Coral_Harbour
America/Cordoba America/Costa_Rica America/Creston America/Cuiaba America/Curacao
America/Danmarkshavn America/Dawson America/Dawson_Creek America/Denver America/Detroit
America/Dominica America/Edmonton America/Eirunepe America/El_Salvador America/Ensenada
America/Fort_Nelson America/Fort_Wayne America/Fortaleza America/Glace_Bay America/Godthab
America/Goose_Bay America/Grand_Turk America/Grenada America/Guadeloupe America/Guatemala
America/Guayaquil America/Guyana America/Halifax America/Havana America/Hermosillo
America/Indiana/Indianapolis America/Indiana/Knox America/Indiana/Marengo
America/Indiana/Petersburg America/Indiana/Tell_City America/Indiana/Vevay
America/Indiana/Vincennes America/Indiana/Winamac America/Indianapolis America/Inuvik
America/Iqaluit America/Jamaica America/Jujuy America/Juneau America/Kentucky/Louisville
America/Kentucky/Monticello America/Knox_IN America/Kralendijk America/La_Paz America/Lima
America/Los_Angeles America/Louisville America/Lower_Princes America/Maceio America/Managua
America/Manaus America/Marigot America/Martinique America/Matamoros America/Mazatlan
America/Mendoza America/Menominee America/Merida America/Metlakatla America/Mexico_City
America/Miquelon America/Moncton America/Monterrey America/Montevideo America/Montreal
America/Montserrat America/Nassau America/New_York America/Nipigon America/Nome
America/Noronha America/North_Dakota/Beulah America/North_Dakota/Center
America/North_Dakota/New_Salem America/Nuuk America/Ojinaga America/Panama
America/Pangnirtung America/Paramaribo America/Phoenix America/Port-au-Prince
America/Port_of_Spain America/Porto_Acre America/Porto_Velho America/Puerto_Rico
America/Punta_Arenas America/Rainy_River America/Rankin_Inlet America/Recife America/Regina
America/Resolute America/Rio_Branco America/Rosario America/Santa_Isabel America/Santarem
America/Santiago America/Santo_Domingo America/Sao_Paulo America/Scoresbysund
America/Shiprock America/Sitka America/St_Barthelemy America/St_Johns America/St_Kitts
America/St_Lucia America/St_Thomas America/St_Vincent America/Swift_Current
America/Tegucigalpa America/Thule America/Thunder_Bay America/Tijuana America/Toronto
America/Tortola America/Vancouver America/Virgin America/Whitehorse America/Winnipeg
America/Yakutat America/Yellowknife
Antarctica/Casey Antarctica/Davis Antarctica/DumontDUrville Antarctica/Macquarie
Antarctica/Mawson Antarctica/McMurdo Antarctica/Palmer Antarctica/Rothera
Antarctica/South_Pole Antarctica/Syowa Antarctica/Troll Antarctica/Vostok
Arctic/Longyearbyen
Asia/Aden Asia/Almaty Asia/Amman Asia/Anadyr Asia/Aqtau Asia/Aqtobe Asia/Ashgabat
Asia/Ashkhabad Asia/Atyrau Asia/Baghdad Asia/Bahrain Asia/Baku Asia/Bangkok Asia/Barnaul
Asia/Beirut Asia/Bishkek Asia/Brunei Asia/Calcutta Asia/Chita Asia/Choibalsan Asia/Chongqing
Asia/Chungking Asia/Colombo Asia/Dacca Asia/Damascus Asia/Dhaka Asia/Dili Asia/Dubai
Asia/Dushanbe Asia/Famagusta Asia/Gaza Asia/Harbin Asia/Hebron Asia/Ho_Chi_Minh
Asia/Hong_Kong Asia/Hovd Asia/Irkutsk Asia/Istanbul Asia/Jakarta Asia/Jayapura
Asia/Jerusalem Asia/Kabul Asia/Kamchatka Asia/Karachi Asia/Kashgar Asia/Kathmandu
Asia/Katmandu Asia/Khandyga Asia/Kolkata Asia/Krasnoyarsk Asia/Kuala_Lumpur Asia/Kuching
Asia/Kuwait Asia/Macao Asia/Macau Asia/Magadan Asia/Makassar Asia/Manila Asia/Muscat
Asia/Nicosia Asia/Novokuznetsk Asia/Novosibirsk Asia/Omsk Asia/Oral Asia/Phnom_Penh
Asia/Pontianak Asia/Pyongyang Asia/Qatar Asia/Qostanay Asia/Qyzylorda Asia/Rangoon
Asia/Riyadh Asia/Saigon Asia/Sakhalin Asia/Samarkand Asia/Seoul Asia/Shanghai
Asia/Singapore Asia/Srednekolymsk Asia/Taipei Asia/Tashkent Asia/Tbilisi Asia/Tehran
Asia/Tel_Aviv Asia/Thimbu Asia/Thimphu Asia/Tokyo Asia/Tomsk Asia/Ujung_Pandang
Asia/Ulaanbaatar Asia/Ulan_Bator Asia/Urumqi Asia/Ust-Nera Asia/Vientiane Asia/Vladivostok
Asia/Yakutsk Asia/Yangon Asia/Yekaterinburg Asia/Yerevan
Atlantic/Azores Atlantic/Bermuda Atlantic/Canary Atlantic/Cape_Verde Atlantic/Faeroe
Atlantic/Faroe Atlantic/Jan_Mayen Atlantic/Madeira Atlantic/Reykjavik Atlantic/South_Georgia
Atlantic/St_Helena Atlantic/Stanley
Australia/ACT Australia/Adelaide Australia/Brisbane Australia/Broken_Hill Australia/Canberra
Australia/Currie Australia/Darwin Australia/Eucla Australia/Hobart Australia/LHI
Australia/Lindeman Australia/Lord_Howe Australia/Melbourne Australia/North Australia/NSW
Australia/Perth Australia/Queensland Australia/South Australia/Sydney Australia/Tasmania
Australia/Victoria Australia/West Australia/Yancowinna
Brazil/Acre Brazil/DeNoronha Brazil/East Brazil/West
Canada/Atlantic Canada/Central Canada/Eastern Canada/Mountain Canada/Newfoundland
Canada/Pacific Canada/Saskatchewan Canada/Yukon
CET Chile/Continental Chile/EasterIsland CST6CDT Cuba EET Egypt Eire EST EST5EDT
Etc/GMT Etc/GMT+0 Etc/GMT+1 Etc/GMT+10 Etc/GMT+11 Etc/GMT+12 Etc/GMT+2 Etc/GMT+3 Etc/GMT+4
Etc/GMT+5 Etc/GMT+6 Etc/GMT+7 Etc/GMT+8 Etc/GMT+9 Etc/GMT-0 Etc/GMT-1 Etc/GMT-10 Etc/GMT-11
Etc/GMT-12 Etc/GMT-13 Etc/GMT-14 Etc/GMT-2 Etc/GMT-3 Etc/GMT-4 Etc/GMT-5 Etc/GMT-6 Etc/GMT-7
Etc/GMT-8 Etc/GMT-9 Etc/GMT0 Etc/Greenwich Etc/UCT Etc/Universal Etc/UTC Etc/Zulu
Europe/Amsterdam Europe/Andorra Europe/Astrakhan Europe/Athens Europe/Belfast
Europe/Belgrade Europe/Berlin Europe/Bratislava Europe/Brussels Europe/Bucharest
Europe/Budapest Europe/Busingen Europe/Chisinau Europe/Copenhagen Europe/Dublin
Europe/Gibraltar Europe/Guernsey Europe/Helsinki Europe/Isle_of_Man Europe/Istanbul
Europe/Jersey Europe/Kaliningrad Europe/Kiev Europe/Kirov Europe/Lisbon Europe/Ljubljana
Europe/London Europe/Luxembourg Europe/Madrid Europe/Malta Europe/Mariehamn Europe/Minsk
Europe/Monaco Europe/Moscow Europe/Nicosia Europe/Oslo Europe/Paris Europe/Podgorica
Europe/Prague Europe/Riga Europe/Rome Europe/Samara Europe/San_Marino Europe/Sarajevo
Europe/Saratov Europe/Simferopol Europe/Skopje Europe/Sofia Europe/Stockholm Europe/Tallinn
Europe/Tirane Europe/Tiraspol Europe/Ulyanovsk Europe/Uzhgorod Europe/Vaduz Europe/Vatican
Europe/Vienna Europe/Vilnius Europe/Volgograd Europe/Warsaw Europe/Zagreb Europe/Zaporozhye
Europe/Zurich
Factory GB GB-Eire GMT GMT+0 GMT-0 GMT0 Greenwich Hongkong HST Iceland
Indian/Antananarivo Indian/Chagos Indian/Christmas Indian/Cocos Indian/Comoro
Indian/Kerguelen Indian/Mahe Indian/Maldives Indian/Mauritius Indian/Mayotte Indian/Reunion
Iran Israel Jamaica Japan Kwajalein Libya MET Mexico/BajaNorte Mexico/BajaSur Mexico/General
MST MST7MDT Navajo NZ NZ-CHAT
Pacific/Apia Pacific/Auckland Pacific/Bougainville Pacific/Chatham Pacific/Chuuk
Pacific/Easter Pacific/Efate Pacific/Enderbury Pacific/Fakaofo Pacific/Fiji Pacific/Funafuti
Pacific/Galapagos Pacific/Gambier Pacific/Guadalcanal Pacific/Guam Pacific/Honolulu
Pacific/Johnston Pacific/Kanton Pacific/Kiritimati Pacific/Kosrae Pacific/Kwajalein
Pacific/Majuro Pacific/Marquesas Pacific/Midway Pacific/Nauru Pacific/Niue Pacific/Norfolk
Pacific/Noumea Pacific/Pago_Pago Pacific/Palau Pacific/Pitcairn Pacific/Pohnpei
Pacific/Ponape Pacific/Port_Moresby Pacific/Rarotonga Pacific/Saipan Pacific/Samoa
Pacific/Tahiti Pacific/Tarawa Pacific/Tongatapu Pacific/Truk Pacific/Wake Pacific/Wallis
Pacific/Yap
Poland Portugal PRC PST8PDT ROC ROK Singapore Turkey UCT Universal
US/Alaska US/Aleutian US/Arizona US/Central US/East-Indiana US/Eastern US/Hawaii
US/Indiana-Starke US/Michigan US/Mountain US/Pacific US/Samoa UTC W-SU WET Zulu
";

/// `TestTimeZones`: every zone of the list is a valid `spec.timeZone`.
#[test]
fn test_time_zones() {
    let zones: Vec<&str> = GO119_TIME_ZONES.split_whitespace().collect();
    let mut failures = Vec::new();
    for zone in &zones {
        let manifest = cronjob_manifest(cron_spec("0 * * * *", json!({"timeZone": zone})));
        match parse_cronjob(manifest).map(|c| validate_cronjob(&c)) {
            Err(e) => failures.push(format!("{zone}: {e}")),
            Ok(Err(e)) => failures.push(format!("{zone}: {:?}", e.messages())),
            Ok(Ok(())) => {}
        }
    }
    report("TestTimeZones", zones.len(), failures);
}

/// `TestValidateIndexesString`: `validateIndexesFormat`.
#[test]
fn test_validate_indexes_string() {
    let rows: Vec<(&str, &str, i32, i64, Option<&str>)> = vec![
        ("empty is valid", "", 6, 0, None),
        ("single number is valid", "1", 6, 1, None),
        ("single interval is valid", "1-3", 6, 3, None),
        ("mixed intervals valid", "0,1-3,5,7-10", 12, 9, None),
        (
            "invalid due to extra space",
            "0,1-3, 5",
            6,
            0,
            Some("cannot convert string to integer for index: \" 5\""),
        ),
        ("invalid due to too large index", "0,1-3,5", 5, 0, Some("too large index: \"5\"")),
        (
            "invalid due to non-increasing order of intervals",
            "1-3,0,5",
            6,
            0,
            Some("non-increasing order, previous: 3, current: 0"),
        ),
        (
            "invalid due to non-increasing order between intervals",
            "0,0,5",
            6,
            0,
            Some("non-increasing order, previous: 0, current: 0"),
        ),
        (
            "invalid due to non-increasing order within interval",
            "0,1-1,5",
            6,
            0,
            Some("non-increasing order, previous: 1, current: 1"),
        ),
        (
            "invalid due to starting with '-'",
            "-1,0",
            6,
            0,
            Some("cannot convert string to integer for index: \"\""),
        ),
        (
            "invalid due to ending with '-'",
            "0,1-",
            6,
            0,
            Some("cannot convert string to integer for index: \"\""),
        ),
        (
            "invalid due to repeated '-'",
            "0,1--3",
            6,
            0,
            Some("the fragment \"1--3\" violates the requirement that an index interval can have at most two parts separated by '-'"),
        ),
        (
            "invalid due to repeated ','",
            "0,,1,3",
            6,
            0,
            Some("cannot convert string to integer for index: \"\""),
        ),
    ];
    let total = rows.len();
    let mut failures = Vec::new();
    for (name, indexes, completions, want_total, want_err) in rows {
        let got = validate_indexes_format(indexes, completions);
        let ok = match (&got, want_err) {
            (Ok(t), None) => *t == want_total,
            (Err(e), Some(w)) => e == w && want_total == 0,
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{name}: want total {want_total} / error {want_err:?}, got {got:?}"
            ));
        }
    }
    report("TestValidateIndexesString", total, failures);
}

// ---------------------------------------------------------------------------
// Upstream rows whose unset value a manifest spells "" (create path)
// ---------------------------------------------------------------------------

/// Upstream rows left out above because defaulting fills the unset field
/// ("spec.concurrencyPolicy: Required value",
/// "spec.podFailurePolicy.rules[0].onPodConditions[0].status: Required value")
/// or because the pod default applies ("spec.template.spec.restartPolicy:
/// Required value"), run with the field spelled `""`, which Go cannot tell
/// from unset: `SetDefaults_CronJob`, `SetDefaults_Job` and
/// `SetDefaults_PodSpec` default it, and `rest.BeforeCreate` fills an empty
/// namespace. `SetDefaults_Job` does not run on a CronJob's job template, so
/// there the empty status is still rejected.
#[test]
fn test_empty_values_on_create() {
    let never_template = pod_template(json!({}), "Never", true);
    let empty_status_rule = json!({"podFailurePolicy": {"rules": [{
        "action": "Ignore",
        "onPodConditions": [{"type": "DisruptionTarget", "status": ""}],
    }]}});
    let job_rows: Vec<(&str, Value, Want)> = vec![
        (
            "onPodConditions[0].status \"\" is defaulted to True",
            job_manifest(generated_never(empty_status_rule.clone())),
            Valid,
        ),
        (
            "restartPolicy \"\" is defaulted to Always: one Required error",
            job_manifest(manual(
                json!({"template": pod_template(json!({"a": "b"}), "", false)}),
            )),
            err(
                "spec.template.spec.restartPolicy",
                Required,
                " Required value: valid values: \"OnFailure\", \"Never\"",
            ),
        ),
        (
            "metadata.namespace \"\" is the request's namespace",
            merge(
                job_manifest(generated(json!({}))),
                json!({"metadata": {"name": "myjob", "namespace": "", "uid": "00000000-0000-4000-8000-000000000000"}}),
            ),
            Valid,
        ),
    ];
    run_jobs("empty values (Job create)", job_rows);

    let cron_rows: Vec<(&str, Value, Want)> = vec![
        (
            "concurrencyPolicy \"\" is defaulted to Allow",
            cronjob_manifest(cron_spec("* * * * ?", json!({"concurrencyPolicy": ""}))),
            Valid,
        ),
        (
            "jobTemplate onPodConditions[0].status \"\" is not defaulted",
            cronjob_manifest(cron_spec(
                "* * * * ?",
                json!({"jobTemplate": {"spec": merge(json!({"template": never_template}), empty_status_rule)}}),
            )),
            err(
                "spec.jobTemplate.spec.podFailurePolicy.rules[0].onPodConditions[0].status",
                Required,
                " Required value: valid values: [\"False\" \"True\" \"Unknown\"]",
            ),
        ),
        (
            "jobTemplate restartPolicy \"\" is defaulted to Always: one Required error",
            cronjob_manifest(cron_job_spec(
                json!({"template": pod_template(json!({}), "", true)}),
            )),
            err(
                "spec.jobTemplate.spec.template.spec.restartPolicy",
                Required,
                " Required value: valid values: \"OnFailure\", \"Never\"",
            ),
        ),
    ];
    let total = cron_rows.len();
    let mut failures = Vec::new();
    for (name, manifest, want) in cron_rows {
        match parse_cronjob(manifest) {
            Err(e) => failures.push(format!("{name}: {e}")),
            Ok(cronjob) => {
                if let Some(m) = mismatch(&validate_cronjob(&cronjob), &want) {
                    failures.push(format!("{name} (create): {m}"));
                }
                if let Some(m) = mismatch(&validate_cronjob_update(&cronjob, &cronjob), &want) {
                    failures.push(format!("{name} (update): {m}"));
                }
            }
        }
    }
    report("empty values (CronJob create and update)", total, failures);
}

// ---------------------------------------------------------------------------
// The selector as `ValidateJobSpec` checks it (apimachinery `ValidateLabelSelector`)
// ---------------------------------------------------------------------------

/// `ValidateLabelSelector` reports `matchLabels` before `matchExpressions`
/// (and, for each requirement, the operator, then the key, then the
/// values). A manual selector that is wrong in both places, with template
/// labels it cannot match because it does not convert to a selector.
#[test]
fn test_label_selector_errors() {
    let rows: Vec<(&str, Value, Want)> = vec![(
        "matchLabels, then matchExpressions",
        job_manifest(manual(json!({"selector": {
            "matchLabels": {"a": "b", "bad key": "c"},
            "matchExpressions": [
                {"key": "-k", "operator": "Near", "values": ["x"]},
                {"key": "app", "operator": "In", "values": ["-v"]},
            ],
        }}))),
        errs(&[
            (
                "spec.selector.matchLabels",
                Invalid,
                " Invalid value: \"bad key\": name part must consist of",
            ),
            (
                "spec.selector.matchExpressions[0].operator",
                Invalid,
                "not a valid selector operator",
            ),
            (
                "spec.selector.matchExpressions[0].key",
                Invalid,
                " Invalid value: \"-k\": name part must consist of",
            ),
            (
                "spec.selector.matchExpressions[1].values[0]",
                Invalid,
                " Invalid value: \"-v\": a valid label must be an empty string",
            ),
        ]),
    )];
    run_jobs("ValidateLabelSelector", rows);
}

// ---------------------------------------------------------------------------
// The pod template as `validateJobSpec` checks it (core `ValidatePodTemplateSpec`)
// ---------------------------------------------------------------------------

/// core `validateContainers` / `validateInitContainers`: per container, the
/// common checks, then a duplicate name, then (regular containers) a
/// forbidden `restartPolicy`; init containers check their `restartPolicy`
/// before the duplicate name. The pod-level `restartPolicy` comes after the
/// containers.
#[test]
fn test_pod_template_errors() {
    let template = |containers: Value, init: Value| {
        json!({
            "metadata": {"labels": {"a": "b"}},
            "spec": {"restartPolicy": "Never", "containers": containers, "initContainers": init},
        })
    };
    let mut rows: Vec<(&str, Value, Want)> = vec![
        // Container restart rules (on by default since 1.35) let both kinds
        // of container set restartPolicy; an unknown one still fails, after
        // the duplicate name for regular containers and before it for init
        // containers (validateInitContainers checks the policy first).
        (
            "regular containers: duplicate name, then restartPolicy",
            job_manifest(manual(json!({"template": template(
                json!([container("abc"), merge(container("abc"), json!({"restartPolicy": "Sometimes"}))]),
                json!([]),
            )}))),
            errs(&[
                (
                    "spec.template.spec.containers[1].name",
                    Duplicate,
                    " Duplicate value: \"abc\"",
                ),
                (
                    "spec.template.spec.containers[1].restartPolicy",
                    NotSupported,
                    " Unsupported value: \"Sometimes\"",
                ),
            ]),
        ),
        (
            "init containers: restartPolicy, then duplicate name",
            job_manifest(manual(json!({"template": template(
                json!([container("abc")]),
                json!([merge(container("abc"), json!({"restartPolicy": "Sometimes"}))]),
            )}))),
            errs(&[
                (
                    "spec.template.spec.initContainers[0].restartPolicy",
                    NotSupported,
                    " Unsupported value: \"Sometimes\"",
                ),
                (
                    "spec.template.spec.initContainers[0].name",
                    Duplicate,
                    " Duplicate value: \"abc\"",
                ),
            ]),
        ),
    ];
    rows_volumes(&mut rows);
    run_jobs("ValidatePodTemplateSpec", rows);
}

/// `TestValidateJob` "spec.successPolicy.rules[0]: Required value" on an
/// Indexed Job without completions (`parallelism` set, so `SetDefaults_Job`
/// leaves completions unset): `validateSuccessPolicyRule` reports the empty
/// rule before it reads completions, after `validateJobSpec` has reported
/// the missing completions.
#[test]
fn test_success_policy_rule_without_completions() {
    let rows: Vec<(&str, Value, Want)> = vec![(
        "spec.successPolicy.rules[0]: Required value, completions unset",
        job_manifest(generated_never(json!({
            "completionMode": "Indexed",
            "parallelism": 1,
            "successPolicy": {"rules": [{}]},
        }))),
        errs(&[
            ("spec.completions", Required, " Required value: when completion mode is Indexed"),
            (
                "spec.successPolicy.rules[0]",
                Required,
                " Required value: at least one of succeededCount or succeededIndexes must be specified",
            ),
        ]),
    )];
    run_jobs("TestValidateJob (success policy, no completions)", rows);
}

/// pkg/registry/batch/job `TestJobStrategy_Validate` "fail validation due to
/// invalid volume spec" (a volume with a name and no source: one error on
/// internal types; from a v1 manifest `SetDefaults_Volume` makes it an
/// emptyDir first, so the API server accepts it), and
/// core `ValidateVolumes` on names and `ValidateVolumeMounts` on mounts:
/// volumes come before containers, and a mount may only name a volume that
/// passed.
fn rows_volumes(rows: &mut Vec<(&'static str, Value, Want)>) {
    let with_volumes = |volumes: Value| {
        job_manifest(generated(json!({"template": {
            "metadata": {"labels": generated_labels()},
            "spec": {
                "restartPolicy": "OnFailure",
                "containers": [container("abc")],
                "volumes": volumes,
            },
        }})))
    };
    rows.push((
        "fail validation due to invalid volume spec (defaulted to emptyDir from v1)",
        with_volumes(json!([{"name": "volume-name"}])),
        Valid,
    ));
    rows.push((
        "valid volumes",
        with_volumes(
            json!([{"name": "a", "emptyDir": {}}, {"name": "b", "configMap": {"name": "c"}}]),
        ),
        Valid,
    ));
    let mounting = |mounts: Value| {
        job_manifest(generated(json!({"template": {
            "metadata": {"labels": generated_labels()},
            "spec": {
                "restartPolicy": "OnFailure",
                "containers": [merge(container("abc"), json!({"volumeMounts": mounts}))],
                "volumes": [{"name": "data", "emptyDir": {}}, {"name": "Bad_Name", "emptyDir": {}}],
            },
        }})))
    };
    rows.push((
        "volumeMounts: a mounted volume must exist and be valid, mountPaths unique",
        mounting(json!([
            {"name": "data", "mountPath": "/data"},
            {"name": "missing", "mountPath": "/data"},
            {"name": "Bad_Name", "mountPath": "/bad"},
            {"mountPath": ""},
        ])),
        errs(&[
            (
                "spec.template.spec.volumes[1].name",
                Invalid,
                " Invalid value: \"Bad_Name\"",
            ),
            (
                "spec.template.spec.containers[0].volumeMounts[1].name",
                ErrorKind::NotFound,
                " Not found: \"missing\"",
            ),
            (
                "spec.template.spec.containers[0].volumeMounts[1].mountPath",
                Invalid,
                " Invalid value: \"/data\": must be unique",
            ),
            (
                "spec.template.spec.containers[0].volumeMounts[2].name",
                ErrorKind::NotFound,
                " Not found: \"Bad_Name\"",
            ),
            (
                "spec.template.spec.containers[0].volumeMounts[3].name",
                Required,
                " Required value",
            ),
            (
                "spec.template.spec.containers[0].volumeMounts[3].name",
                ErrorKind::NotFound,
                " Not found: \"\"",
            ),
            (
                "spec.template.spec.containers[0].volumeMounts[3].mountPath",
                Required,
                " Required value",
            ),
        ]),
    ));
    rows.push((
        "volume names: required, DNS label, duplicate of a valid one",
        with_volumes(json!([
            {"emptyDir": {}},
            {"name": "Bad_Name", "emptyDir": {}},
            {"name": "a", "emptyDir": {}},
            {"name": "a", "emptyDir": {}},
        ])),
        errs(&[
            (
                "spec.template.spec.volumes[0].name",
                Required,
                " Required value",
            ),
            (
                "spec.template.spec.volumes[1].name",
                Invalid,
                " Invalid value: \"Bad_Name\": a lowercase RFC 1123 label",
            ),
            (
                "spec.template.spec.volumes[3].name",
                Duplicate,
                " Duplicate value: \"a\"",
            ),
        ]),
    ));
}
