//! The upstream Job status-update tables, transcribed row by row and run
//! through `validate_job_status_update` with Jobs decoded from JSON:
//!
//! - `TestStatusStrategy_ValidateUpdate` (`pkg/registry/batch/job/strategy_test.go`):
//!   the options `getStatusValidationOptions` picks. Rows use the newest
//!   upstream inputs (Complete written with SuccessCriteriaMet, Failed with
//!   FailureTarget, as required since the rules for them exist).
//! - `TestValidateJobUpdateStatus` (`pkg/apis/batch/validation/validation_test.go`),
//!   including the newest rows for `RejectStartTimeUpdateForUnsuspendedJob`,
//!   and `TestValidateFailedIndexesNotOverlapCompleted` as status writes.
//!
//! kbatch applies what the real API server applies with every Job feature GA
//! (JobManagedBy, JobSuccessPolicy, JobPodReplacementPolicy), so rows that
//! upstream runs with other options expect what those defaults give; each
//! such row says how and why its expectation differs from upstream's.
//! Upstream compares (type, field) only; here every row checks kubectl's
//! whole line, in upstream's order.
//!
//! Skipped: "invalid addition of both Failed=True and Complete=True; allowed
//! because feature gate disabled" (needs JobManagedBy off; its input runs
//! with the GA options as "invalid addition of both Failed=True and
//! Complete=True").

use kbatch::api::status_update::validate_job_status_update;
use kbatch::api::Job;
use serde_json::{json, Value};

/// `now` and `nowPlusMinute` of the upstream tables (fixed here).
const NOW: &str = "2024-05-01T10:00:00Z";
const NOW_PLUS_MINUTE: &str = "2024-05-01T10:01:00Z";
/// Go's `time.Time.String()` of them, as `field.Error` prints a bad time.
const NOW_GO: &str = "2024-05-01 10:00:00 +0000 UTC";
const NOW_PLUS_MINUTE_GO: &str = "2024-05-01 10:01:00 +0000 UTC";

/// A Job as the API server decodes it: `validObjectMeta` plus spec and status.
fn job(spec: Value, status: Value) -> Job {
    let manifest = json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "myjob", "namespace": "default", "resourceVersion": "10"},
        "spec": spec,
        "status": status,
    });
    match serde_json::from_value(manifest) {
        Ok(j) => j,
        Err(e) => panic!("bad test manifest: {e}"),
    }
}

/// `[{"type": t, "status": s}, ...]`.
fn conds(list: &[(&str, &str)]) -> Value {
    Value::Array(
        list.iter()
            .map(|(t, s)| json!({"type": t, "status": s}))
            .collect(),
    )
}

struct Case {
    name: &'static str,
    old: Job,
    new: Job,
    want: Vec<String>,
}

fn case(name: &'static str, old: Job, new: Job, want: &[&str]) -> Case {
    Case {
        name,
        old,
        new,
        want: want.iter().map(|s| s.to_string()).collect(),
    }
}

fn run(cases: Vec<Case>) {
    let mut failures = Vec::new();
    let n = cases.len();
    for c in cases {
        let got = validate_job_status_update(&c.old, &c.new);
        if got != c.want {
            failures.push(format!(
                "{}:\n  want {:#?}\n  got  {:#?}",
                c.name, c.want, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

const COND_COMPLETE_FAILED: &str =
    "status.conditions: Invalid value: cannot set Complete=True and Failed=true conditions";
const COND_COMPLETE_FAILURE_TARGET: &str =
    "status.conditions: Invalid value: cannot set Complete=True and FailureTarget=true conditions";
const COND_FAILED_WITHOUT_FT: &str = "status.conditions: Invalid value: cannot set Failed=True condition without the FailureTarget=true condition";
const COND_COMPLETE_WITHOUT_SCM: &str = "status.conditions: Invalid value: cannot set Complete=True condition without the SuccessCriteriaMet=true condition";
const START_TIME_REQUIRED: &str =
    "status.startTime: Required value: startTime is required for finished job";
const COMPLETION_TIME_REQUIRED: &str =
    "status.completionTime: Required value: completionTime is required for Complete jobs";

#[test]
fn status_strategy_validate_update() {
    let e = json!({});
    let suspended = json!({"suspend": true});
    let nonindexed5 = json!({"completions": 5, "completionMode": "NonIndexed"});
    let indexed5 = json!({"completions": 5, "completionMode": "Indexed"});
    let indexed5_bl =
        json!({"completions": 5, "completionMode": "Indexed", "backoffLimitPerIndex": 1});
    let completions5 = json!({"completions": 5});
    // validSuccessPolicy on an Indexed Job with completions=10.
    let sp = json!({
        "completionMode": "Indexed",
        "completions": 10,
        "successPolicy": {"rules": [{"succeededIndexes": "0-2"}]},
    });
    let indexed10 = json!({"completionMode": "Indexed", "completions": 10});
    let cases = vec![
        case(
            "incoming resource version on update should not be mutated",
            job(json!({"parallelism": 4}), json!({})),
            job(json!({"parallelism": 4}), json!({})),
            &[],
        ),
        case(
            "invalid addition of both Failed=True and Complete=True",
            job(e.clone(), json!({})),
            job(
                e.clone(),
                json!({"startTime": NOW, "completionTime": NOW,
                       "conditions": conds(&[("Complete", "True"), ("Failed", "True")])}),
            ),
            &[
                COND_COMPLETE_FAILED,
                COND_FAILED_WITHOUT_FT,
                COND_COMPLETE_WITHOUT_SCM,
            ],
        ),
        case(
            "invalid addition of Complete=True without SuccessCriteriaMet=True",
            job(e.clone(), json!({})),
            job(
                e.clone(),
                json!({"startTime": NOW, "completionTime": NOW,
                       "conditions": conds(&[("Complete", "True")])}),
            ),
            &[COND_COMPLETE_WITHOUT_SCM],
        ),
        case(
            "invalid addition of Failed=True without FailureTarget=True",
            job(e.clone(), json!({})),
            job(
                e.clone(),
                json!({"startTime": NOW, "conditions": conds(&[("Failed", "True")])}),
            ),
            &[COND_FAILED_WITHOUT_FT],
        ),
        case(
            "completionTime can be removed to fix still running job",
            job(e.clone(), json!({"startTime": NOW, "completionTime": NOW})),
            job(e.clone(), json!({"startTime": NOW})),
            &[],
        ),
        case(
            "invalid attempt to transition to Failed=True without startTime",
            job(e.clone(), json!({"conditions": conds(&[("FailureTarget", "True")])})),
            job(
                e.clone(),
                json!({"conditions": conds(&[("FailureTarget", "True"), ("Failed", "True")])}),
            ),
            &[START_TIME_REQUIRED],
        ),
        case(
            "invalid attempt to transition to Complete=True without startTime",
            job(e.clone(), json!({"conditions": conds(&[("SuccessCriteriaMet", "True")])})),
            job(
                e.clone(),
                json!({"completionTime": NOW,
                       "conditions": conds(&[("SuccessCriteriaMet", "True"), ("Complete", "True")])}),
            ),
            &[START_TIME_REQUIRED],
        ),
        case(
            "invalid attempt to transition to Complete=True with active > 0",
            job(
                e.clone(),
                json!({"startTime": NOW, "active": 1,
                       "conditions": conds(&[("SuccessCriteriaMet", "True")])}),
            ),
            job(
                e.clone(),
                json!({"startTime": NOW, "completionTime": NOW, "active": 1,
                       "conditions": conds(&[("SuccessCriteriaMet", "True"), ("Complete", "True")])}),
            ),
            &["status.active: Invalid value: 1: active>0 is invalid for finished job"],
        ),
        case(
            "invalid attempt to transition to Failed=True with terminating > 0",
            job(
                e.clone(),
                json!({"startTime": NOW, "terminating": 1,
                       "conditions": conds(&[("FailureTarget", "True")])}),
            ),
            job(
                e.clone(),
                json!({"startTime": NOW, "terminating": 1,
                       "conditions": conds(&[("FailureTarget", "True"), ("Failed", "True")])}),
            ),
            &["status.terminating: Invalid value: 1: terminating>0 is invalid for finished job"],
        ),
        case(
            "invalid attempt to transition to Failed=True with active > 0",
            job(
                e.clone(),
                json!({"startTime": NOW, "active": 1,
                       "conditions": conds(&[("FailureTarget", "True")])}),
            ),
            job(
                e.clone(),
                json!({"startTime": NOW, "active": 1,
                       "conditions": conds(&[("FailureTarget", "True"), ("Failed", "True")])}),
            ),
            &["status.active: Invalid value: 1: active>0 is invalid for finished job"],
        ),
        case(
            "invalid attempt to transition to Failed=True with uncountedTerminatedPods.Failed>0",
            job(
                e.clone(),
                json!({"startTime": NOW, "uncountedTerminatedPods": {"failed": ["a"]},
                       "conditions": conds(&[("FailureTarget", "True")])}),
            ),
            job(
                e.clone(),
                json!({"startTime": NOW, "uncountedTerminatedPods": {"failed": ["a"]},
                       "conditions": conds(&[("FailureTarget", "True"), ("Failed", "True")])}),
            ),
            &["status.uncountedTerminatedPods: Invalid value: batch.UncountedTerminatedPods{Succeeded:[]types.UID(nil), Failed:[]types.UID{\"a\"}}: uncountedTerminatedPods needs to be empty for finished job"],
        ),
        case(
            "invalid attempt to update uncountedTerminatedPods.Succeeded for Complete job",
            job(
                e.clone(),
                json!({"startTime": NOW, "completionTime": NOW,
                       "uncountedTerminatedPods": {"failed": ["a"]},
                       "conditions": conds(&[("Complete", "True")])}),
            ),
            job(
                e.clone(),
                json!({"startTime": NOW, "completionTime": NOW,
                       "uncountedTerminatedPods": {"failed": ["b"]},
                       "conditions": conds(&[("Complete", "True")])}),
            ),
            &["status.uncountedTerminatedPods: Invalid value: batch.UncountedTerminatedPods{Succeeded:[]types.UID(nil), Failed:[]types.UID{\"b\"}}: uncountedTerminatedPods needs to be empty for finished job"],
        ),
        case(
            "non-empty uncountedTerminatedPods for complete job, unrelated update",
            job(
                e.clone(),
                json!({"startTime": NOW, "completionTime": NOW,
                       "uncountedTerminatedPods": {"failed": ["a"]},
                       "conditions": conds(&[("Complete", "True")])}),
            ),
            job(
                e.clone(),
                json!({"startTime": NOW, "completionTime": NOW,
                       "uncountedTerminatedPods": {"failed": ["a"]},
                       "conditions": conds(&[("Complete", "True"), ("CustomJobCondition", "True")])}),
            ),
            &[],
        ),
        case(
            "invalid attempt to transition to Complete=True with uncountedTerminatedPods.Succeeded>0",
            job(
                e.clone(),
                json!({"startTime": NOW, "uncountedTerminatedPods": {"succeeded": ["a"]},
                       "conditions": conds(&[("SuccessCriteriaMet", "True")])}),
            ),
            job(
                e.clone(),
                json!({"startTime": NOW, "completionTime": NOW,
                       "uncountedTerminatedPods": {"succeeded": ["a"]},
                       "conditions": conds(&[("SuccessCriteriaMet", "True"), ("Complete", "True")])}),
            ),
            &["status.uncountedTerminatedPods: Invalid value: batch.UncountedTerminatedPods{Succeeded:[]types.UID{\"a\"}, Failed:[]types.UID(nil)}: uncountedTerminatedPods needs to be empty for finished job"],
        ),
        case(
            "invalid addition Complete=True without setting CompletionTime",
            job(
                e.clone(),
                json!({"startTime": NOW, "conditions": conds(&[("SuccessCriteriaMet", "True")])}),
            ),
            job(
                e.clone(),
                json!({"startTime": NOW,
                       "conditions": conds(&[("SuccessCriteriaMet", "True"), ("Complete", "True")])}),
            ),
            &[COMPLETION_TIME_REQUIRED],
        ),
        case(
            "invalid attempt to remove completionTime",
            job(
                e.clone(),
                json!({"completionTime": NOW, "conditions": conds(&[("Complete", "True")])}),
            ),
            job(
                e.clone(),
                json!({"startTime": NOW, "conditions": conds(&[("Complete", "True")])}),
            ),
            &[COMPLETION_TIME_REQUIRED],
        ),
        case(
            "verify startTime can be cleared for suspended job",
            job(suspended.clone(), json!({"startTime": NOW})),
            job(suspended.clone(), json!({})),
            &[],
        ),
        // Newest upstream: field.Invalid with the new value ("null" when removed).
        case(
            "verify startTime cannot be removed for unsuspended job",
            job(e.clone(), json!({"startTime": NOW})),
            job(e.clone(), json!({})),
            &["status.startTime: Invalid value: null: field is immutable for unsuspended job once set"],
        ),
        case(
            "verify startTime cannot be updated for unsuspended job",
            job(e.clone(), json!({"startTime": NOW})),
            job(e.clone(), json!({"startTime": NOW_PLUS_MINUTE})),
            &[&format!(
                "status.startTime: Invalid value: {NOW_PLUS_MINUTE_GO}: field is immutable for unsuspended job once set"
            )],
        ),
        case(
            "verify startTime can be updated when resuming job (JobSuspended: True -> False)",
            job(
                e.clone(),
                json!({"startTime": NOW, "conditions": conds(&[("Suspended", "True")])}),
            ),
            job(
                e.clone(),
                json!({"startTime": NOW_PLUS_MINUTE, "conditions": conds(&[("Suspended", "False")])}),
            ),
            &[],
        ),
        case(
            "invalid attempt to set completionTime before startTime",
            job(
                e.clone(),
                json!({"startTime": NOW_PLUS_MINUTE,
                       "conditions": conds(&[("SuccessCriteriaMet", "True")])}),
            ),
            job(
                e.clone(),
                json!({"startTime": NOW_PLUS_MINUTE, "completionTime": NOW,
                       "conditions": conds(&[("SuccessCriteriaMet", "True"), ("Complete", "True")])}),
            ),
            &[&format!(
                "status.completionTime: Invalid value: {NOW_GO}: completionTime cannot be set before startTime"
            )],
        ),
        case(
            "invalid attempt to modify completionTime",
            job(
                e.clone(),
                json!({"completionTime": NOW, "conditions": conds(&[("Complete", "True")])}),
            ),
            job(
                e.clone(),
                json!({"completionTime": NOW_PLUS_MINUTE, "startTime": NOW,
                       "conditions": conds(&[("Complete", "True")])}),
            ),
            &[&format!(
                "status.completionTime: Invalid value: {NOW_PLUS_MINUTE_GO}: completionTime cannot be mutated"
            )],
        ),
        case(
            "invalid removal of terminal condition Failed=True",
            job(e.clone(), json!({"conditions": conds(&[("Failed", "True")])})),
            job(e.clone(), json!({})),
            &["status.conditions: Invalid value: cannot disable the terminal Failed=True condition"],
        ),
        case(
            "invalid removal of terminal condition Complete=True",
            job(e.clone(), json!({"conditions": conds(&[("Complete", "True")])})),
            job(e.clone(), json!({})),
            &["status.conditions: Invalid value: cannot disable the terminal Complete=True condition"],
        ),
        case(
            "invalid removal of terminal condition FailureTarget=True",
            job(e.clone(), json!({"conditions": conds(&[("FailureTarget", "True")])})),
            job(e.clone(), json!({})),
            &["status.conditions: Invalid value: cannot disable the terminal FailureTarget=True condition"],
        ),
        case(
            "invalid addition of FailureTarget=True when Complete=True",
            job(
                e.clone(),
                json!({"startTime": NOW, "completionTime": NOW,
                       "conditions": conds(&[("Complete", "True")])}),
            ),
            job(
                e.clone(),
                json!({"startTime": NOW, "completionTime": NOW,
                       "conditions": conds(&[("Complete", "True"), ("FailureTarget", "True")])}),
            ),
            &[COND_COMPLETE_FAILURE_TARGET],
        ),
        case(
            "invalid attempt setting of CompletionTime when there is no Complete condition",
            job(e.clone(), json!({})),
            job(e.clone(), json!({"completionTime": NOW})),
            &[&format!(
                "status.completionTime: Invalid value: {NOW_GO}: cannot set completionTime when there is no Complete=True condition"
            )],
        ),
        case(
            "invalid CompletionTime when there is no Complete condition, but allowed",
            job(e.clone(), json!({"completionTime": NOW})),
            job(e.clone(), json!({"completionTime": NOW, "active": 1})),
            &[],
        ),
        case(
            "invalid attempt setting CompletedIndexes when non-indexed completion mode is used",
            job(nonindexed5.clone(), json!({})),
            job(nonindexed5.clone(), json!({"startTime": NOW, "completedIndexes": "0"})),
            &["status.completedIndexes: Invalid value: \"0\": cannot set non-empty completedIndexes when non-indexed completion mode"],
        ),
        case(
            "invalid because CompletedIndexes set when non-indexed completion mode is used; but allowed",
            job(nonindexed5.clone(), json!({"completedIndexes": "0"})),
            job(nonindexed5.clone(), json!({"completedIndexes": "0", "active": 1})),
            &[],
        ),
        case(
            "invalid attempt setting FailedIndexes when not backoffLimitPerIndex",
            job(indexed5.clone(), json!({})),
            job(indexed5.clone(), json!({"failedIndexes": "0"})),
            &["status.failedIndexes: Invalid value: \"0\": cannot set non-null failedIndexes when backoffLimitPerIndex is null"],
        ),
        case(
            "invalid attempt to decrease the failed counter",
            job(completions5.clone(), json!({"failed": 3})),
            job(completions5.clone(), json!({"failed": 1})),
            &["status.failed: Invalid value: 1: cannot decrease the failed counter"],
        ),
        case(
            "invalid attempt to decrease the succeeded counter",
            job(completions5.clone(), json!({"succeeded": 3})),
            job(completions5.clone(), json!({"succeeded": 1})),
            &["status.succeeded: Invalid value: 1: cannot decrease the succeeded counter"],
        ),
        case(
            "invalid attempt to set bad format for CompletedIndexes",
            job(indexed5.clone(), json!({})),
            job(indexed5.clone(), json!({"completedIndexes": "invalid format"})),
            &["status.completedIndexes: Invalid value: \"invalid format\": error parsing completedIndexes: cannot convert string to integer for index: \"invalid format\""],
        ),
        case(
            "invalid format for CompletedIndexes, but allowed",
            job(indexed5.clone(), json!({"completedIndexes": "invalid format"})),
            job(
                indexed5.clone(),
                json!({"completedIndexes": "invalid format", "active": 1}),
            ),
            &[],
        ),
        case(
            "invalid attempt to set bad format for FailedIndexes",
            job(indexed5_bl.clone(), json!({})),
            job(indexed5_bl.clone(), json!({"failedIndexes": "invalid format"})),
            &["status.failedIndexes: Invalid value: \"invalid format\": error parsing failedIndexes: cannot convert string to integer for index: \"invalid format\""],
        ),
        case(
            "invalid format for FailedIndexes, but allowed",
            job(indexed5_bl.clone(), json!({"failedIndexes": "invalid format"})),
            job(
                indexed5_bl.clone(),
                json!({"failedIndexes": "invalid format", "active": 1}),
            ),
            &[],
        ),
        case(
            "more ready pods than active, but allowed",
            job(completions5.clone(), json!({"active": 1, "ready": 2})),
            job(
                completions5.clone(),
                json!({"active": 1, "ready": 2, "succeeded": 1}),
            ),
            &[],
        ),
        case(
            "invalid addition of both FailureTarget=True and Complete=True",
            job(e.clone(), json!({})),
            job(
                e.clone(),
                json!({"startTime": NOW, "completionTime": NOW,
                       "conditions": conds(&[("Complete", "True"), ("FailureTarget", "True")])}),
            ),
            &[COND_COMPLETE_FAILURE_TARGET, COND_COMPLETE_WITHOUT_SCM],
        ),
        case(
            "invalid failedIndexes, which overlap with completedIndexes",
            job(
                indexed5.clone(),
                json!({"failedIndexes": "0,2", "completedIndexes": "3-4"}),
            ),
            job(
                indexed5.clone(),
                json!({"failedIndexes": "0,2", "completedIndexes": "2-4"}),
            ),
            &["status.failedIndexes: Invalid value: \"0,2\": failedIndexes and completedIndexes overlap at index: 2"],
        ),
        case(
            "failedIndexes overlap with completedIndexes, unrelated field change",
            job(
                indexed5.clone(),
                json!({"failedIndexes": "0,2", "completedIndexes": "2-4"}),
            ),
            job(
                indexed5.clone(),
                json!({"failedIndexes": "0,2", "completedIndexes": "2-4", "active": 1}),
            ),
            &[],
        ),
        // Upstream runs the next rows with JobManagedBy off (options
        // AllowForSuccessCriteriaMetInExtendedScope = old SuccessCriteriaMet
        // only). With it GA, SuccessCriteriaMet is allowed on NonIndexed Jobs
        // and Jobs without a successPolicy, and a new Complete or Failed
        // condition needs startTime (and completionTime for Complete).
        case(
            "invalid addition of SuccessCriteriaMet for NonIndexed Job (GA: allowed)",
            job(
                json!({"successPolicy": {"rules": [{"succeededIndexes": "0-2"}]}}),
                json!({}),
            ),
            job(
                json!({"successPolicy": {"rules": [{"succeededIndexes": "0-2"}]}}),
                json!({"conditions": conds(&[("SuccessCriteriaMet", "True")])}),
            ),
            &[],
        ),
        case(
            "valid update of Job if SuccessCriteriaMet already present for NonIndexed Jobs (GA: needs startTime and completionTime)",
            job(e.clone(), json!({"conditions": conds(&[("SuccessCriteriaMet", "True")])})),
            job(
                e.clone(),
                json!({"conditions": conds(&[("SuccessCriteriaMet", "True"), ("Complete", "True")])}),
            ),
            &[COMPLETION_TIME_REQUIRED, START_TIME_REQUIRED],
        ),
        case(
            "invalid addition of SuccessCriteriaMet for Job with Failed",
            job(sp.clone(), json!({"conditions": conds(&[("Failed", "True")])})),
            job(
                sp.clone(),
                json!({"conditions": conds(&[("Failed", "True"), ("SuccessCriteriaMet", "True")])}),
            ),
            &["status.conditions: Invalid value: cannot set SuccessCriteriaMet=True and Failed=true conditions"],
        ),
        case(
            "invalid addition of Failed for Job with SuccessCriteriaMet (GA: also needs FailureTarget and startTime)",
            job(sp.clone(), json!({"conditions": conds(&[("SuccessCriteriaMet", "True")])})),
            job(
                sp.clone(),
                json!({"conditions": conds(&[("SuccessCriteriaMet", "True"), ("Failed", "True")])}),
            ),
            &[
                COND_FAILED_WITHOUT_FT,
                START_TIME_REQUIRED,
                "status.conditions: Invalid value: cannot set SuccessCriteriaMet=True and Failed=true conditions",
            ],
        ),
        case(
            "invalid addition of SuccessCriteriaMet for Job with FailureTarget",
            job(sp.clone(), json!({"conditions": conds(&[("FailureTarget", "True")])})),
            job(
                sp.clone(),
                json!({"conditions": conds(&[("FailureTarget", "True"), ("SuccessCriteriaMet", "True")])}),
            ),
            &["status.conditions: Invalid value: cannot set SuccessCriteriaMet=True and FailureTarget=true conditions"],
        ),
        case(
            "invalid addition of FailureTarget for Job with SuccessCriteriaMet",
            job(sp.clone(), json!({"conditions": conds(&[("SuccessCriteriaMet", "True")])})),
            job(
                sp.clone(),
                json!({"conditions": conds(&[("SuccessCriteriaMet", "True"), ("FailureTarget", "True")])}),
            ),
            &["status.conditions: Invalid value: cannot set SuccessCriteriaMet=True and FailureTarget=true conditions"],
        ),
        case(
            "invalid addition of SuccessCriteriaMet for Job with Complete",
            job(sp.clone(), json!({"conditions": conds(&[("Complete", "True")])})),
            job(
                sp.clone(),
                json!({"conditions": conds(&[("Complete", "True"), ("SuccessCriteriaMet", "True")])}),
            ),
            &["status.conditions: Invalid value: cannot set SuccessCriteriaMet=True for Job already has Complete=true conditions"],
        ),
        case(
            "valid addition of Complete for Job with SuccessCriteriaMet (GA: needs startTime and completionTime)",
            job(sp.clone(), json!({"conditions": conds(&[("SuccessCriteriaMet", "True")])})),
            job(
                sp.clone(),
                json!({"conditions": conds(&[("SuccessCriteriaMet", "True"), ("Complete", "True")])}),
            ),
            &[COMPLETION_TIME_REQUIRED, START_TIME_REQUIRED],
        ),
        case(
            "invalid addition of SuccessCriteriaMet for Job without SuccessPolicy (GA: allowed)",
            job(indexed10.clone(), json!({})),
            job(
                indexed10.clone(),
                json!({"conditions": conds(&[("SuccessCriteriaMet", "True")])}),
            ),
            &[],
        ),
        case(
            "invalid addition of Complete for Job with SuccessPolicy unless SuccessCriteriaMet (GA: also completionTime, startTime)",
            job(sp.clone(), json!({})),
            job(sp.clone(), json!({"conditions": conds(&[("Complete", "True")])})),
            &[
                COMPLETION_TIME_REQUIRED,
                COND_COMPLETE_WITHOUT_SCM,
                START_TIME_REQUIRED,
                "status.conditions: Invalid value: cannot set Complete=True for Job with SuccessPolicy unless SuccessCriteriaMet=True",
            ],
        ),
        case(
            "invalid disabling of SuccessCriteriaMet for Job",
            job(sp.clone(), json!({"conditions": conds(&[("SuccessCriteriaMet", "True")])})),
            job(sp.clone(), json!({"conditions": conds(&[("Complete", "False")])})),
            &["status.conditions: Invalid value: cannot disable the SuccessCriteriaMet=True condition"],
        ),
        case(
            "invalid removing of SuccessCriteriaMet for Job",
            job(sp.clone(), json!({"conditions": conds(&[("SuccessCriteriaMet", "True")])})),
            job(sp.clone(), json!({})),
            &["status.conditions: Invalid value: cannot disable the SuccessCriteriaMet=True condition"],
        ),
        case(
            "valid addition of SuccessCriteriaMet when JobManagedBy is enabled",
            job(e.clone(), json!({})),
            job(
                e.clone(),
                json!({"conditions": conds(&[("SuccessCriteriaMet", "True")])}),
            ),
            &[],
        ),
        case(
            "valid addition of SuccessCriteriaMet when JobPodReplacementPolicy is enabled",
            job(e.clone(), json!({})),
            job(
                e.clone(),
                json!({"conditions": conds(&[("SuccessCriteriaMet", "True")])}),
            ),
            &[],
        ),
        case(
            "invalid attempt to set more ready pods than active",
            job(completions5.clone(), json!({})),
            job(completions5.clone(), json!({"active": 1, "ready": 2})),
            &["status.ready: Invalid value: 2: cannot set more ready pods than active"],
        ),
        case(
            "valid transition to Complete for suspended Job with completions=0; without startTime",
            job(json!({"completions": 0, "suspend": true}), json!({})),
            job(
                json!({"completions": 0, "suspend": true}),
                json!({"completionTime": NOW,
                       "conditions": conds(&[("SuccessCriteriaMet", "True"), ("Complete", "True")])}),
            ),
            &[],
        ),
    ];
    run(cases);
}

/// `TestValidateJobUpdateStatus`. Upstream runs its first rows with zero
/// options (only the always-on checks); here they run with the strategy's,
/// which adds only the counter rules to "negative counts".
#[test]
fn validate_job_update_status() {
    let e = json!({});
    let cases = vec![
        case(
            "valid",
            job(
                e.clone(),
                json!({"active": 1, "succeeded": 2, "failed": 3, "terminating": 4}),
            ),
            job(
                e.clone(),
                json!({"active": 2, "succeeded": 3, "failed": 4, "ready": 1, "terminating": 4}),
            ),
            &[],
        ),
        case(
            "nil ready and terminating",
            job(e.clone(), json!({"active": 1, "succeeded": 2, "failed": 3})),
            job(e.clone(), json!({"active": 2, "succeeded": 3, "failed": 4})),
            &[],
        ),
        case(
            "negative counts",
            job(
                e.clone(),
                json!({"active": 1, "succeeded": 2, "failed": 3, "terminating": 4}),
            ),
            job(
                e.clone(),
                json!({"active": -1, "succeeded": -2, "failed": -3, "ready": -1, "terminating": -2}),
            ),
            &[
                "status.active: Invalid value: -1: must be greater than or equal to 0",
                "status.succeeded: Invalid value: -2: must be greater than or equal to 0",
                "status.failed: Invalid value: -3: must be greater than or equal to 0",
                "status.ready: Invalid value: -1: must be greater than or equal to 0",
                "status.terminating: Invalid value: -2: must be greater than or equal to 0",
                // The strategy's counter rules (not in upstream's zero options).
                "status.failed: Invalid value: -3: cannot decrease the failed counter",
                "status.succeeded: Invalid value: -2: cannot decrease the succeeded counter",
            ],
        ),
        case(
            "empty and duplicated uncounted pods",
            job(e.clone(), json!({})),
            job(
                e.clone(),
                json!({"uncountedTerminatedPods": {
                    "succeeded": ["a", "b", "c", "a", ""],
                    "failed": ["c", "d", "e", "d", ""],
                }}),
            ),
            &[
                "status.uncountedTerminatedPods.succeeded[3]: Duplicate value: \"a\"",
                "status.uncountedTerminatedPods.succeeded[4]: Invalid value: \"\": must not be empty",
                "status.uncountedTerminatedPods.failed[0]: Duplicate value: \"c\"",
                "status.uncountedTerminatedPods.failed[3]: Duplicate value: \"d\"",
                "status.uncountedTerminatedPods.failed[4]: Invalid value: \"\": must not be empty",
            ],
        ),
        case(
            "immutable startTime for unsuspended job: with non-nil startTime",
            job(
                json!({"suspend": false}),
                json!({"startTime": NOW, "active": 1}),
            ),
            job(
                json!({"suspend": false}),
                json!({"startTime": "2024-05-01T10:00:01Z", "active": 1}),
            ),
            &["status.startTime: Invalid value: 2024-05-01 10:00:01 +0000 UTC: field is immutable for unsuspended job once set"],
        ),
        case(
            "immutable startTime for unsuspended job: with nil startTime",
            job(
                json!({"suspend": false}),
                json!({"startTime": NOW, "active": 1}),
            ),
            job(json!({"suspend": false}), json!({"active": 1})),
            &["status.startTime: Invalid value: null: field is immutable for unsuspended job once set"],
        ),
    ];
    run(cases);
}

/// Details of upstream's helpers the tables above do not reach.
#[test]
fn upstream_helper_details() {
    let indexed5 =
        json!({"completions": 5, "completionMode": "Indexed", "backoffLimitPerIndex": 1});
    let cases = vec![
        // validateFailedIndexesNotOverlapCompleted walks both lists and skips
        // intervals it cannot parse, so an overlap is reported even when
        // another interval is malformed (next to the format error).
        case(
            "overlap found past an interval too large for completions",
            job(indexed5.clone(), json!({})),
            job(
                indexed5.clone(),
                json!({"completedIndexes": "1,7", "failedIndexes": "1"}),
            ),
            &[
                "status.completedIndexes: Invalid value: \"1,7\": error parsing completedIndexes: too large index: \"7\"",
                "status.failedIndexes: Invalid value: \"1\": failedIndexes and completedIndexes overlap at index: 1",
            ],
        ),
        // IsConditionTrue looks at every condition of the type, not the first.
        case(
            "a True condition after a False one of the same type counts",
            job(
                json!({}),
                json!({"conditions": conds(&[("Failed", "False"), ("Failed", "True")])}),
            ),
            job(json!({}), json!({"conditions": conds(&[("Failed", "False")])})),
            &["status.conditions: Invalid value: cannot disable the terminal Failed=True condition"],
        ),
        // An empty uncounted list equals an unset one (Semantic.DeepEqual):
        // writing it on a finished Job changes nothing.
        case(
            "empty and unset uncounted lists are equal",
            job(
                json!({}),
                json!({"startTime": NOW, "completionTime": NOW,
                       "uncountedTerminatedPods": {"failed": ["a"]},
                       "conditions": conds(&[("Complete", "True")])}),
            ),
            job(
                json!({}),
                json!({"startTime": NOW, "completionTime": NOW,
                       "uncountedTerminatedPods": {"failed": ["a"], "succeeded": []},
                       "conditions": conds(&[("Complete", "True")])}),
            ),
            &[],
        ),
    ];
    run(cases);
}

/// `TestValidateFailedIndexesNotOverlapCompleted`, run as a status write of
/// both index lists on an Indexed Job with backoffLimitPerIndex: the overlap
/// error follows the format errors the corrupted intervals also raise.
#[test]
fn validate_failed_indexes_not_overlap_completed() {
    let rows: [(&str, &str, &str, i32, &[&str]); 9] = [
        ("empty intervals", "", "", 6, &[]),
        ("empty completed intervals", "", "1-3", 6, &[]),
        ("empty failed intervals", "1-2", "", 6, &[]),
        (
            "non-overlapping intervals",
            "0,2-4,6-8,12-19",
            "1,9-10",
            20,
            &[],
        ),
        (
            "overlapping intervals",
            "0,2-4,6-8,12-19",
            "1,8,9-10",
            20,
            &["status.failedIndexes: Invalid value: \"1,8,9-10\": failedIndexes and completedIndexes overlap at index: 8"],
        ),
        (
            "overlapping intervals, corrupted completed interval skipped",
            "0,2-4,x,6-8,12-19",
            "1,8,9-10",
            20,
            &[
                "status.completedIndexes: Invalid value: \"0,2-4,x,6-8,12-19\": error parsing completedIndexes: cannot convert string to integer for index: \"x\"",
                "status.failedIndexes: Invalid value: \"1,8,9-10\": failedIndexes and completedIndexes overlap at index: 8",
            ],
        ),
        (
            "overlapping intervals, corrupted failed interval skipped",
            "0,2-4,6-8,12-19",
            "1,y,8,9-10",
            20,
            &[
                "status.failedIndexes: Invalid value: \"1,y,8,9-10\": error parsing failedIndexes: cannot convert string to integer for index: \"y\"",
                "status.failedIndexes: Invalid value: \"1,y,8,9-10\": failedIndexes and completedIndexes overlap at index: 8",
            ],
        ),
        (
            "overlapping intervals, first corrupted intervals skipped",
            "x,0,2-4,6-8,12-19",
            "y,1,8,9-10",
            20,
            &[
                "status.completedIndexes: Invalid value: \"x,0,2-4,6-8,12-19\": error parsing completedIndexes: cannot convert string to integer for index: \"x\"",
                "status.failedIndexes: Invalid value: \"y,1,8,9-10\": error parsing failedIndexes: cannot convert string to integer for index: \"y\"",
                "status.failedIndexes: Invalid value: \"y,1,8,9-10\": failedIndexes and completedIndexes overlap at index: 8",
            ],
        ),
        (
            "non-overlapping intervals, last intervals corrupted",
            "0,2-4,6-8,12-19,x",
            "1,9-10,y",
            20,
            &[
                "status.completedIndexes: Invalid value: \"0,2-4,6-8,12-19,x\": error parsing completedIndexes: cannot convert string to integer for index: \"x\"",
                "status.failedIndexes: Invalid value: \"1,9-10,y\": error parsing failedIndexes: cannot convert string to integer for index: \"y\"",
            ],
        ),
    ];
    let cases = rows
        .into_iter()
        .map(|(name, completed, failed, completions, want)| {
            let spec = json!({"completionMode": "Indexed", "completions": completions,
                              "backoffLimitPerIndex": 1});
            case(
                name,
                job(spec.clone(), json!({})),
                job(
                    spec,
                    json!({"completedIndexes": completed, "failedIndexes": failed}),
                ),
                want,
            )
        })
        .collect();
    run(cases);
}

/// Derived from `ValidateJobUpdateStatus` (validation.go): a status write
/// runs `rest.BeforeUpdate`'s common metadata checks and
/// `ValidateObjectMetaUpdate` before the status rules, so metadata the
/// status endpoint must not change is rejected there too.
#[test]
fn status_write_metadata() {
    let with_meta = |meta: Value| {
        let mut j = job(json!({}), json!({}));
        let mut m = serde_json::to_value(&j.metadata).unwrap_or_default();
        if let (Some(m), Some(extra)) = (m.as_object_mut(), meta.as_object()) {
            for (k, v) in extra {
                m.insert(k.clone(), v.clone());
            }
        }
        j.metadata = match serde_json::from_value(m) {
            Ok(m) => m,
            Err(e) => panic!("bad test metadata: {e}"),
        };
        j
    };
    let stored = with_meta(json!({"uid": "u-1"}));
    run(vec![
        case(
            "labels may change",
            stored.clone(),
            with_meta(json!({"uid": "u-1", "labels": {"team": "a"}})),
            &[],
        ),
        case(
            "name is immutable",
            stored.clone(),
            with_meta(json!({"uid": "u-1", "name": "other"})),
            &[r#"metadata.name: Invalid value: "other": field is immutable"#],
        ),
        case(
            "uid is immutable",
            stored.clone(),
            with_meta(json!({"uid": "u-2"})),
            &[r#"metadata.uid: Invalid value: "u-2": field is immutable"#],
        ),
        case(
            "an invalid label is rejected",
            stored.clone(),
            with_meta(json!({"uid": "u-1", "labels": {"bad key!": "a"}})),
            &[
                "metadata.labels: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            ],
        ),
        case(
            "metadata errors come before status errors",
            stored,
            {
                let mut j = with_meta(json!({"uid": "u-2"}));
                j.status = job(json!({}), json!({"failed": -1})).status;
                j
            },
            &[
                r#"metadata.uid: Invalid value: "u-2": field is immutable"#,
                "status.failed: Invalid value: -1: must be greater than or equal to 0",
                "status.failed: Invalid value: -1: cannot decrease the failed counter",
            ],
        ),
    ]);
}
