//! Runner for `job/units.json`: facts about upstream Job controller helpers,
//! each checked against the crate's own pure function.
//!
//! Facts about `Controller.trackJobStatusAndRemoveFinalizers`,
//! `getNewFinishedPods` and `Controller.getPodCreationInfoForIndependentIndexes`
//! belong to the sync runner: `run_fact` answers `None` for them.

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use kbatch::api::{
    ConditionStatus, Job, JobCondition, JobConditionType, JobSpec, JobStatus, Pod,
    PodFailurePolicy, SuccessPolicy, JOB_COMPLETION_INDEX,
};
use kbatch::job::active_pods_order::compare_active_pods;
use kbatch::job::backoff::{get_finished_time, get_remaining_time_per_index, BackoffRecord};
use kbatch::job::conditions::ensure_condition;
use kbatch::job::indexes::{
    append_duplicated_index_pods_for_removal, calculate_failed_indexes,
    calculate_succeeded_indexes, first_pending_indexes, get_index_failure_count,
    get_new_index_failure_counts, get_pods_with_delayed_deletion_per_index, is_index_failed,
    is_pod_active, pod_generate_name_with_index, Interval, OrderedIntervals,
};
use kbatch::job::pod_failure_policy::match_pod_failure_policy;
use kbatch::job::success_policy::match_success_policy;

type Outcome = Result<(), String>;

/// Checks one unit fact; `None` when its function is not handled here.
pub fn run_fact(fact: &Value) -> Option<Result<(), String>> {
    let function = fact.get("function")?.as_str()?;
    let input = fact.get("input").unwrap_or(&Value::Null);
    let output = fact.get("output").unwrap_or(&Value::Null);
    let run: fn(&Value, &Value) -> Outcome = match function {
        "matchPodFailurePolicy" => match_pod_failure_policy_fact,
        "matchSuccessPolicy" => match_success_policy_fact,
        "calculateSucceededIndexes" => calculate_succeeded_indexes_fact,
        "calculateFailedIndexes" => calculate_failed_indexes_fact,
        "orderedIntervals.has" | "intervalsHaveIndex" => has_fact,
        "firstPendingIndexes" => first_pending_indexes_fact,
        "getIndexFailureCount" => get_index_failure_count_fact,
        "backoffStore.newBackoffRecord" | "newBackoffRecord" => new_backoff_record_fact,
        "getFinishedTime" => get_finished_time_fact,
        "backoffRecord.getRemainingTime" | "getRemainingTime" => get_remaining_time_fact,
        "getPodsWithDelayedDeletionPerIndex" => delayed_deletion_fact,
        "getNewIndexFailureCounts" => new_index_failure_counts_fact,
        "getRemainingTimePerIndex" => remaining_time_per_index_fact,
        "isIndexFailed" => is_index_failed_fact,
        "appendDuplicatedIndexPodsForRemoval" => duplicated_index_fact,
        "podGenerateNameWithIndex" => generate_name_fact,
        "controller.ActivePods (sort.Less)" => active_pods_fact,
        "controller.FilterActivePods" => filter_active_pods_fact,
        "ensureJobConditionStatus" => ensure_condition_fact,
        _ => return None,
    };
    Some(run(input, output))
}

// ---- reading fixture values ----

fn field<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key).unwrap_or(&Value::Null)
}

fn de<T: DeserializeOwned>(v: &Value, what: &str) -> Result<T, String> {
    serde_json::from_value(v.clone()).map_err(|e| format!("cannot read {what}: {e}"))
}

fn opt_de<T: DeserializeOwned>(v: &Value, what: &str) -> Result<Option<T>, String> {
    if v.is_null() {
        Ok(None)
    } else {
        de(v, what).map(Some)
    }
}

fn int(v: &Value, what: &str) -> Result<i64, String> {
    v.as_i64()
        .ok_or_else(|| format!("{what} is not an integer: {v}"))
}

fn int32(v: &Value, what: &str) -> Result<i32, String> {
    i32::try_from(int(v, what)?).map_err(|_| format!("{what} out of i32 range: {v}"))
}

fn time(v: &Value, what: &str) -> Result<DateTime<Utc>, String> {
    let s = v
        .as_str()
        .ok_or_else(|| format!("{what} is not a time: {v}"))?;
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{what} {s:?}: {e}"))
}

fn opt_time(v: &Value, what: &str) -> Result<Option<DateTime<Utc>>, String> {
    if v.is_null() {
        Ok(None)
    } else {
        time(v, what).map(Some)
    }
}

fn seconds(v: &Value, what: &str) -> Result<Duration, String> {
    let s = v
        .as_f64()
        .filter(|s| *s >= 0.0)
        .ok_or_else(|| format!("{what} is not a duration in seconds: {v}"))?;
    Ok(Duration::from_secs_f64(s))
}

fn pods(v: &Value, what: &str) -> Result<Vec<Pod>, String> {
    if v.is_null() {
        Ok(Vec::new())
    } else {
        de(v, what)
    }
}

/// `[[first, last], ...]`; `null` is no intervals.
fn intervals(v: &Value, what: &str) -> Result<OrderedIntervals, String> {
    let pairs: Option<Vec<(i64, i64)>> = opt_de(v, what)?;
    Ok(OrderedIntervals::from_intervals(
        pairs
            .unwrap_or_default()
            .into_iter()
            .map(|(a, b)| Interval::new(a, b))
            .collect(),
    ))
}

fn intervals_json(iv: &OrderedIntervals) -> Value {
    Value::Array(
        iv.as_slice()
            .iter()
            .map(|i| json!([i.first, i.last]))
            .collect(),
    )
}

fn rfc3339(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn job_with(spec: &Value, status: &Value) -> Result<Job, String> {
    Ok(Job {
        spec: if spec.is_null() {
            JobSpec::default()
        } else {
            de(spec, "jobSpec")?
        }
        .into(),
        status: opt_de::<JobStatus>(status, "jobStatus")?,
        ..Job::default()
    })
}

fn expect_json(what: &str, expected: &Value, actual: Value) -> Outcome {
    if *expected == actual {
        Ok(())
    } else {
        Err(format!("{what}: expected {expected}, got {actual}"))
    }
}

fn expect_time(what: &str, expected: &Value, actual: Option<DateTime<Utc>>) -> Outcome {
    let want = opt_time(expected, what)?;
    if want == actual {
        Ok(())
    } else {
        Err(format!(
            "{what}: expected {}, got {}",
            want.as_ref().map_or("null".into(), rfc3339),
            actual.as_ref().map_or("null".into(), rfc3339)
        ))
    }
}

fn expect_seconds(what: &str, expected: &Value, actual: Duration) -> Outcome {
    let want = seconds(expected, what)?;
    if want == actual {
        Ok(())
    } else {
        Err(format!(
            "{what}: expected {}s, got {}s",
            want.as_secs_f64(),
            actual.as_secs_f64()
        ))
    }
}

// ---- one runner per upstream function ----

fn match_pod_failure_policy_fact(input: &Value, output: &Value) -> Outcome {
    let policy: Option<PodFailurePolicy> =
        opt_de(field(input, "podFailurePolicy"), "podFailurePolicy")?;
    let pod: Pod = de(field(input, "pod"), "pod")?;
    let m = match_pod_failure_policy(policy.as_ref(), &pod);
    expect_json(
        "matchPodFailurePolicy",
        output,
        json!({
            "jobFailureMessage": m.job_failure_message,
            "countFailed": m.count_failed,
            "action": m.action.as_ref().map(|a| a.as_str()),
        }),
    )
}

fn match_success_policy_fact(input: &Value, output: &Value) -> Outcome {
    let policy: Option<SuccessPolicy> = opt_de(field(input, "successPolicy"), "successPolicy")?;
    let completions = int32(field(input, "completions"), "completions")?;
    let succeeded = intervals(field(input, "succeededIndexes"), "succeededIndexes")?;
    let got = match_success_policy(policy.as_ref(), completions, &succeeded);
    expect_json(
        "matchSuccessPolicy",
        output,
        json!({"met": got.is_some(), "message": got.unwrap_or_default()}),
    )
}

fn calculate_succeeded_indexes_fact(input: &Value, output: &Value) -> Outcome {
    let job = job_with(
        &json!({"completions": field(input, "completions")}),
        &json!({"completedIndexes": field(input, "completedIndexes")}),
    )?;
    let pods = pods(field(input, "pods"), "pods")?;
    let (prev, new) = calculate_succeeded_indexes(&job, &pods);
    expect_json(
        "calculateSucceededIndexes",
        output,
        json!({"prevIntervals": intervals_json(&prev), "intervals": intervals_json(&new)}),
    )
}

fn calculate_failed_indexes_fact(input: &Value, output: &Value) -> Outcome {
    let job = job_with(field(input, "jobSpec"), field(input, "jobStatus"))?;
    let pods = pods(field(input, "pods"), "pods")?;
    let got = calculate_failed_indexes(&job, &pods);
    expect_json("calculateFailedIndexes", output, intervals_json(&got))
}

fn has_fact(input: &Value, output: &Value) -> Outcome {
    let iv = intervals(field(input, "intervals"), "intervals")?;
    let ix = int(field(input, "index"), "index")?;
    expect_json("orderedIntervals.has", output, json!(iv.has(ix)))
}

fn first_pending_indexes_fact(input: &Value, output: &Value) -> Outcome {
    let active = pods(field(input, "activePods"), "activePods")?;
    let succeeded = intervals(field(input, "succeededIndexes"), "succeededIndexes")?;
    let failed_v = field(input, "failedIndexes");
    let failed = if failed_v.is_null() {
        None
    } else {
        Some(intervals(failed_v, "failedIndexes")?)
    };
    let count = usize::try_from(int(field(input, "count"), "count")?)
        .map_err(|_| "count is negative".to_string())?;
    let completions = int32(field(input, "completions"), "completions")?;
    // Upstream's test Job: Indexed, no podReplacementPolicy, no podFailurePolicy.
    let job = Job::default();
    let got = first_pending_indexes(
        &job,
        &active,
        &active,
        &succeeded,
        failed.as_ref(),
        count,
        completions,
    );
    expect_json("firstPendingIndexes", output, json!(got))
}

fn get_index_failure_count_fact(input: &Value, output: &Value) -> Outcome {
    let pod: Pod = de(field(input, "pod"), "pod")?;
    expect_json(
        "getIndexFailureCount",
        output,
        json!(get_index_failure_count(&pod)),
    )
}

/// A pod with one container terminated at `finished_at`, as upstream's test builds.
fn pod_finished_at(finished_at: &Value, phase: &str) -> Result<Pod, String> {
    de(
        &json!({"status": {"phase": phase, "containerStatuses": [
            {"state": {"terminated": {"exitCode": 0, "finishedAt": finished_at}}}
        ]}}),
        "finished pod",
    )
}

fn finished_pods(v: &Value, phase: &str, what: &str) -> Result<Vec<Pod>, String> {
    v.as_array()
        .ok_or_else(|| format!("{what} is not a list"))?
        .iter()
        .map(|t| pod_finished_at(t, phase))
        .collect()
}

fn new_backoff_record_fact(input: &Value, output: &Value) -> Outcome {
    let existing = field(input, "existingRecord");
    let previous = if existing.is_null() {
        None
    } else {
        Some(BackoffRecord {
            failures_after_last_success: int32(
                field(existing, "failuresAfterLastSuccess"),
                "existingRecord.failuresAfterLastSuccess",
            )?,
            last_failure_time: opt_time(
                field(existing, "lastFailureTime"),
                "existingRecord.lastFailureTime",
            )?,
        })
    };
    let succeeded = finished_pods(
        field(input, "newSucceededPodsFinishedAt"),
        "Succeeded",
        "newSucceededPodsFinishedAt",
    )?;
    let failed = finished_pods(
        field(input, "newFailedPodsFinishedAt"),
        "Failed",
        "newFailedPodsFinishedAt",
    )?;
    let succeeded: Vec<&Pod> = succeeded.iter().collect();
    let failed: Vec<&Pod> = failed.iter().collect();
    let got = BackoffRecord::new_backoff_record(previous.as_ref(), &succeeded, &failed);
    expect_json(
        "newBackoffRecord.failuresAfterLastSuccess",
        field(output, "failuresAfterLastSuccess"),
        json!(got.failures_after_last_success),
    )?;
    expect_time(
        "newBackoffRecord.lastFailureTime",
        field(output, "lastFailureTime"),
        got.last_failure_time,
    )
}

fn get_finished_time_fact(input: &Value, output: &Value) -> Outcome {
    let pod: Pod = de(field(input, "pod"), "pod")?;
    expect_time("getFinishedTime", output, Some(get_finished_time(&pod)))
}

fn get_remaining_time_fact(input: &Value, output: &Value) -> Outcome {
    let record = BackoffRecord {
        failures_after_last_success: int32(
            field(input, "failuresAfterLastSuccess"),
            "failuresAfterLastSuccess",
        )?,
        last_failure_time: opt_time(field(input, "lastFailureTime"), "lastFailureTime")?,
    };
    let now = time(field(input, "currentTime"), "currentTime")?;
    let default = seconds(
        field(input, "defaultBackoffSeconds"),
        "defaultBackoffSeconds",
    )?;
    let max = seconds(field(input, "maxBackoffSeconds"), "maxBackoffSeconds")?;
    expect_seconds(
        "getRemainingTime",
        field(output, "remainingSeconds"),
        record.get_remaining_time(now, default, max),
    )
}

fn remaining_time_per_index_fact(input: &Value, output: &Value) -> Outcome {
    let pod: Option<Pod> = opt_de(field(input, "lastFailedPod"), "lastFailedPod")?;
    let now = time(field(input, "currentTime"), "currentTime")?;
    let default = seconds(
        field(input, "defaultBackoffSeconds"),
        "defaultBackoffSeconds",
    )?;
    let max = seconds(field(input, "maxBackoffSeconds"), "maxBackoffSeconds")?;
    expect_seconds(
        "getRemainingTimePerIndex",
        field(output, "remainingSeconds"),
        get_remaining_time_per_index(now, default, max, pod.as_ref()),
    )
}

fn delayed_deletion_fact(input: &Value, output: &Value) -> Outcome {
    let job = job_with(field(input, "jobSpec"), &Value::Null)?;
    let pods = pods(field(input, "pods"), "pods")?;
    let expected_rm: Vec<String> =
        opt_de(field(input, "expectedRmFinalizers"), "expectedRmFinalizers")?.unwrap_or_default();
    // As upstream's test: active pods and both index sets come from the pods.
    let active: Vec<&Pod> = pods.iter().filter(|p| is_pod_active(p)).collect();
    let failed = calculate_failed_indexes(&job, &pods);
    let (_, succeeded) = calculate_succeeded_indexes(&job, &pods);
    let kept = get_pods_with_delayed_deletion_per_index(
        &job,
        &pods,
        active.iter().copied(),
        &succeeded,
        &failed,
        |p| expected_rm.iter().any(|uid| uid == p.metadata.uid()),
    );
    let mut uids: Vec<&str> = kept.values().map(|p| p.metadata.uid()).collect();
    uids.sort_unstable();
    uids.dedup();
    expect_json("getPodsWithDelayedDeletionPerIndex", output, json!(uids))
}

fn new_index_failure_counts_fact(input: &Value, output: &Value) -> Outcome {
    let job = job_with(field(input, "jobSpec"), &Value::Null)?;
    let pod: Option<Pod> = opt_de(field(input, "podBeingReplaced"), "podBeingReplaced")?;
    let (failures, ignored) = get_new_index_failure_counts(&job, pod.as_ref());
    expect_json(
        "getNewIndexFailureCounts",
        output,
        json!({"indexFailureCount": failures, "indexIgnoredFailureCount": ignored}),
    )
}

fn is_index_failed_fact(input: &Value, output: &Value) -> Outcome {
    let job = job_with(field(input, "jobSpec"), &Value::Null)?;
    let pod: Pod = de(field(input, "pod"), "pod")?;
    expect_json("isIndexFailed", output, json!(is_index_failed(&job, &pod)))
}

/// Upstream's `indexPhase` pods: a phase and an optional index annotation.
fn index_phase_pods(v: &Value) -> Result<Vec<Pod>, String> {
    let list = v.as_array().ok_or("pods is not a list")?;
    list.iter()
        .enumerate()
        .map(|(i, d)| {
            let mut meta = json!({"name": format!("pod-{i}")});
            if let Some(ix) = field(d, "index").as_str() {
                meta["annotations"] = json!({ JOB_COMPLETION_INDEX: ix });
            }
            de(
                &json!({"metadata": meta, "status": {"phase": field(d, "phase")}}),
                "indexPhase pod",
            )
        })
        .collect()
}

fn index_phase_json(pods: &[&Pod]) -> Value {
    Value::Array(
        pods.iter()
            .map(|p| {
                json!({
                    "index": p.metadata.annotation(JOB_COMPLETION_INDEX),
                    "phase": p.phase().map(|ph| ph.as_str()),
                })
            })
            .collect(),
    )
}

fn duplicated_index_fact(input: &Value, output: &Value) -> Outcome {
    let completions = int32(field(input, "completions"), "completions")?;
    let pods = index_phase_pods(field(input, "pods"))?;
    let mut refs: Vec<&Pod> = pods.iter().collect();
    let (mut rm, mut left) = (Vec::new(), Vec::new());
    append_duplicated_index_pods_for_removal(&mut rm, &mut left, &mut refs, completions);
    expect_json(
        "appendDuplicatedIndexPodsForRemoval",
        output,
        json!({"rm": index_phase_json(&rm), "left": index_phase_json(&left)}),
    )
}

fn generate_name_fact(input: &Value, output: &Value) -> Outcome {
    let name = field(input, "jobName")
        .as_str()
        .ok_or("jobName is not a string")?;
    let index = int(field(input, "index"), "index")?;
    expect_json(
        "podGenerateNameWithIndex",
        output,
        json!(pod_generate_name_with_index(name, index)),
    )
}

fn active_pods_fact(input: &Value, output: &Value) -> Outcome {
    let pods = pods(field(input, "pods"), "pods")?;
    // Upstream shuffles; any starting order must give the same result.
    let n = pods.len();
    let starts: Vec<Vec<&Pod>> = vec![
        pods.iter().collect(),
        pods.iter().rev().collect(),
        (0..n).map(|i| &pods[(i + n / 2) % n]).collect(),
    ];
    for (k, mut order) in starts.into_iter().enumerate() {
        order.sort_by(|a, b| compare_active_pods(a, b));
        let names: Vec<&str> = order.iter().map(|p| p.metadata.name()).collect();
        expect_json(
            &format!("ActivePods order (start permutation {k})"),
            output,
            json!(names),
        )?;
    }
    Ok(())
}

/// `controller.FilterActivePods(pods)`: the names kept, as a sorted set (upstream
/// compares `sets.String.List()`).
fn filter_active_pods_fact(input: &Value, output: &Value) -> Outcome {
    let pods = pods(field(input, "pods"), "pods")?;
    let mut kept: Vec<&str> = pods
        .iter()
        .filter(|p| is_pod_active(p))
        .map(|p| p.metadata.name())
        .collect();
    kept.sort_unstable();
    expect_json("FilterActivePods names", output, json!(kept))
}

/// `ensureJobConditionStatus(list, type, status, reason, "", now)`: the list
/// afterwards (condition times not compared) and whether it changed.
fn ensure_condition_fact(input: &Value, output: &Value) -> Outcome {
    let mut list: Option<Vec<JobCondition>> = opt_de(field(input, "haveList"), "haveList")?;
    let type_: JobConditionType = de(field(input, "wantType"), "wantType")?;
    let status: ConditionStatus = de(field(input, "wantStatus"), "wantStatus")?;
    let reason = field(input, "wantReason").as_str().unwrap_or("");
    let now = time(field(input, "now"), "now")?;
    let updated = ensure_condition(&mut list, type_, status, reason, "", now);
    let got: Vec<Value> = list
        .unwrap_or_default()
        .iter()
        .map(|c| {
            json!({
                "type": c.type_.as_str(),
                "status": c.status.as_str(),
                "reason": c.reason.as_deref().unwrap_or(""),
                "message": c.message.as_deref().unwrap_or(""),
            })
        })
        .collect();
    expect_json(
        "ensureJobConditionStatus",
        output,
        json!({"list": got, "updated": updated}),
    )
}
