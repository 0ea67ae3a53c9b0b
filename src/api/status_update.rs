//! The API server's rules for a Job status write (`ValidateJobStatusUpdate`
//! with the options the Job status strategy sets).
//!
//! Every rule of upstream's `validateJobStatus` is applied, including those
//! only newer servers switch on (ready <= active, Failed needs FailureTarget,
//! Complete needs SuccessCriteriaMet, no terminating pods once finished).
//! Values that are times are left out of the messages.
//!
//! A controller whose status write breaks one of these rules is rejected by a
//! real API server, so they double as invariants: the simulator's API model
//! enforces them, and the property and fuzz tests assert every write of
//! `sync_job` passes.

use super::job::{Job, JobConditionType};

pub use super::validation::validate_indexes_format;

/// Expands an interval string that passed [`validate_indexes_format`].
fn expand(indexes: &str) -> Vec<i64> {
    let mut out = Vec::new();
    for fragment in indexes.split(',').filter(|f| !f.is_empty()) {
        let mut parts = fragment.split('-').filter_map(|p| p.parse::<i64>().ok());
        if let Some(x) = parts.next() {
            let y = parts.next().unwrap_or(x);
            out.extend(x..=y);
        }
    }
    out
}

/// `ValidateJobStatusUpdate` as the Job status strategy configures it (every
/// Job feature GA): the messages a rejected write gets, empty when accepted.
pub fn validate_job_status_update(old: &Job, new: &Job) -> Vec<String> {
    use JobConditionType::*;
    let (os, ns) = (old.status(), new.status());
    let mut errs = Vec::new();
    let is = |job: &Job, ty: JobConditionType| job.has_true_condition(&ty);
    let finished = |job: &Job| job.is_finished();
    let indexed = new.spec.is_indexed();

    let finished_changed = finished(old) != finished(new);
    let complete_changed = is(old, Complete) != is(new, Complete);
    let failed_changed = is(old, Failed) != is(new, Failed);
    let failure_target_changed = is(old, FailureTarget) != is(new, FailureTarget);
    let completed_indexes_changed = os.completed_indexes.as_deref().unwrap_or("")
        != ns.completed_indexes.as_deref().unwrap_or("");
    let failed_indexes_changed = os.failed_indexes != ns.failed_indexes;
    let active_changed = os.active.unwrap_or(0) != ns.active.unwrap_or(0);
    let start_changed = os.start_time != ns.start_time;
    let completion_changed = os.completion_time != ns.completion_time;
    let uncounted = |s: &super::job::JobStatus| {
        s.uncounted_terminated_pods.as_ref().map_or(0, |u| {
            u.succeeded.as_ref().map_or(0, Vec::len) + u.failed.as_ref().map_or(0, Vec::len)
        })
    };
    let uncounted_changed = os.uncounted_terminated_pods != ns.uncounted_terminated_pods;

    // validateJobStatus
    for (field, v) in [
        ("active", ns.active),
        ("succeeded", ns.succeeded),
        ("failed", ns.failed),
        ("ready", ns.ready),
        ("terminating", ns.terminating),
    ] {
        if let Some(v) = v.filter(|v| *v < 0) {
            errs.push(format!(
                "status.{field}: Invalid value: {v}: must be greater than or equal to 0"
            ));
        }
    }
    if let Some(u) = &ns.uncounted_terminated_pods {
        let mut seen = std::collections::HashSet::new();
        for (list, uids) in [("succeeded", &u.succeeded), ("failed", &u.failed)] {
            for (i, uid) in uids.iter().flatten().enumerate() {
                let path = format!("status.uncountedTerminatedPods.{list}[{i}]");
                if uid.is_empty() {
                    errs.push(format!("{path}: Invalid value: \"\": must not be empty"));
                } else if !seen.insert(uid.as_str()) {
                    errs.push(format!("{path}: Duplicate value: {uid:?}"));
                }
            }
        }
    }
    let conditions = "status.conditions: Invalid value";
    if (complete_changed || failed_changed) && is(new, Complete) && is(new, Failed) {
        errs.push(format!(
            "{conditions}: cannot set Complete=True and Failed=true conditions"
        ));
    }
    if (complete_changed || failure_target_changed) && is(new, Complete) && is(new, FailureTarget) {
        errs.push(format!(
            "{conditions}: cannot set Complete=True and FailureTarget=true conditions"
        ));
    }
    if (complete_changed || completion_changed)
        && ns.completion_time.is_some()
        && !is(new, Complete)
    {
        errs.push(
            "status.completionTime: cannot set completionTime when there is no Complete=True condition"
                .to_string(),
        );
    }
    if (complete_changed || completion_changed) && ns.completion_time.is_none() && is(new, Complete)
    {
        errs.push(
            "status.completionTime: Required value: completionTime is required for Complete jobs"
                .to_string(),
        );
    }
    if start_changed || completion_changed {
        if let (Some(start), Some(done)) = (ns.start_time, ns.completion_time) {
            if done < start {
                errs.push(
                    "status.completionTime: completionTime cannot be set before startTime"
                        .to_string(),
                );
            }
        }
    }
    if is(new, Failed) && !is(new, FailureTarget) {
        errs.push(format!(
            "{conditions}: cannot set Failed=True condition without the FailureTarget=true condition"
        ));
    }
    if is(new, Complete) && !is(new, SuccessCriteriaMet) {
        errs.push(format!(
            "{conditions}: cannot set Complete=True condition without the SuccessCriteriaMet=true condition"
        ));
    }
    if (finished_changed || active_changed) && ns.active.unwrap_or(0) > 0 && finished(new) {
        errs.push(format!(
            "status.active: Invalid value: {}: active>0 is invalid for finished job",
            ns.active.unwrap_or(0)
        ));
    }
    // A suspended Job may finish without ever starting (kubernetes#132614).
    if (finished_changed || start_changed)
        && ns.start_time.is_none()
        && finished(new)
        && !new.spec.is_suspended()
    {
        errs.push(
            "status.startTime: Required value: startTime is required for finished job".to_string(),
        );
    }
    if (finished_changed || uncounted_changed) && finished(new) && uncounted(ns) > 0 {
        errs.push(
            "status.uncountedTerminatedPods: uncountedTerminatedPods needs to be empty for finished job"
                .to_string(),
        );
    }
    let completions = new.spec.completions;
    let completed = ns.completed_indexes.as_deref().unwrap_or("");
    if completed_indexes_changed {
        if let Some(c) = completions {
            if let Err(e) = validate_indexes_format(completed, c) {
                errs.push(format!(
                    "status.completedIndexes: Invalid value: {completed:?}: error parsing completedIndexes: {e}"
                ));
            }
        }
        if !completed.is_empty() && !indexed {
            errs.push(format!(
                "status.completedIndexes: Invalid value: {completed:?}: cannot set non-empty completedIndexes when non-indexed completion mode"
            ));
        }
    }
    if failed_indexes_changed {
        if let (Some(c), Some(_), Some(failed)) = (
            completions,
            new.spec.backoff_limit_per_index,
            ns.failed_indexes.as_deref(),
        ) {
            if let Err(e) = validate_indexes_format(failed, c) {
                errs.push(format!(
                    "status.failedIndexes: Invalid value: {failed:?}: error parsing failedIndexes: {e}"
                ));
            }
        }
        if new.spec.backoff_limit_per_index.is_none() {
            if let Some(failed) = &ns.failed_indexes {
                errs.push(format!(
                    "status.failedIndexes: Invalid value: {failed:?}: cannot set non-null failedIndexes when backoffLimitPerIndex is null"
                ));
            }
        }
    }
    if failed_indexes_changed || completed_indexes_changed {
        if let (Some(c), Some(failed)) = (completions, ns.failed_indexes.as_deref()) {
            // validateFailedIndexesNotOverlapCompleted
            if validate_indexes_format(completed, c).is_ok()
                && validate_indexes_format(failed, c).is_ok()
            {
                let done: std::collections::BTreeSet<i64> = expand(completed).into_iter().collect();
                if let Some(i) = expand(failed).into_iter().find(|i| done.contains(i)) {
                    errs.push(format!(
                        "status.failedIndexes: Invalid value: {failed:?}: failedIndexes and completedIndexes overlap at index: {i}"
                    ));
                }
            }
        }
    }
    if finished(new) && ns.terminating.unwrap_or(0) > 0 {
        errs.push(format!(
            "status.terminating: Invalid value: {}: terminating>0 is invalid for finished job",
            ns.terminating.unwrap_or(0)
        ));
    }
    if ns.ready.unwrap_or(0) > ns.active.unwrap_or(0) {
        errs.push(format!(
            "status.ready: Invalid value: {}: cannot set more ready pods than active",
            ns.ready.unwrap_or(0)
        ));
    }
    if is(new, SuccessCriteriaMet) && is(new, Failed) {
        errs.push(format!(
            "{conditions}: cannot set SuccessCriteriaMet=True and Failed=true conditions"
        ));
    }
    if is(new, SuccessCriteriaMet) && is(new, FailureTarget) {
        errs.push(format!(
            "{conditions}: cannot set SuccessCriteriaMet=True and FailureTarget=true conditions"
        ));
    }
    if new.spec.success_policy.is_some() && !is(new, SuccessCriteriaMet) && is(new, Complete) {
        errs.push(format!(
            "{conditions}: cannot set Complete=True for Job with SuccessPolicy unless SuccessCriteriaMet=True"
        ));
    }

    // ValidateJobStatusUpdate
    for ty in [Failed, Complete, FailureTarget] {
        if is(old, ty.clone()) && !is(new, ty.clone()) {
            errs.push(format!(
                "{conditions}: cannot disable the terminal {ty}=True condition"
            ));
        }
    }
    if ns.failed.unwrap_or(0) < os.failed.unwrap_or(0) {
        errs.push(format!(
            "status.failed: Invalid value: {}: cannot decrease the failed counter",
            ns.failed.unwrap_or(0)
        ));
    }
    // Indexed Jobs scaled down with parallelism == completions may lose succeeded.
    let may_decrease_succeeded = indexed && new.spec.completions == new.spec.parallelism;
    if !may_decrease_succeeded && ns.succeeded.unwrap_or(0) < os.succeeded.unwrap_or(0) {
        errs.push(format!(
            "status.succeeded: Invalid value: {}: cannot decrease the succeeded counter",
            ns.succeeded.unwrap_or(0)
        ));
    }
    if let (Some(n), Some(o)) = (ns.completion_time, os.completion_time) {
        if n != o {
            errs.push("status.completionTime: completionTime cannot be mutated".to_string());
        }
    }
    // Only removing it is rejected: a resume resets it (kubernetes#134769).
    if start_changed
        && os.start_time.is_some()
        && ns.start_time.is_none()
        && !new.spec.is_suspended()
    {
        errs.push(
            "status.startTime: Required value: startTime cannot be removed for unsuspended job"
                .to_string(),
        );
    }
    if is(old, SuccessCriteriaMet) && !is(new, SuccessCriteriaMet) {
        errs.push(format!(
            "{conditions}: cannot disable the SuccessCriteriaMet=True condition"
        ));
    }
    if is(old, Complete) && !is(old, SuccessCriteriaMet) && is(new, SuccessCriteriaMet) {
        errs.push(format!(
            "{conditions}: cannot set SuccessCriteriaMet=True for Job already has Complete=true conditions"
        ));
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{CompletionMode, ConditionStatus, JobCondition, JobSpec, JobStatus};

    fn cond(ty: JobConditionType) -> JobCondition {
        JobCondition {
            type_: ty,
            status: ConditionStatus::True,
            last_probe_time: None,
            last_transition_time: None,
            reason: None,
            message: None,
        }
    }

    fn job(status: JobStatus) -> Job {
        Job {
            spec: JobSpec {
                completions: Some(5),
                parallelism: Some(2),
                completion_mode: Some(CompletionMode::Indexed),
                ..Default::default()
            }
            .into(),
            status: Some(status),
            ..Default::default()
        }
    }

    #[test]
    fn counters_and_terminal_conditions_cannot_go_back() {
        let old = job(JobStatus {
            failed: Some(2),
            succeeded: Some(1),
            conditions: Some(vec![cond(JobConditionType::FailureTarget)]),
            ..Default::default()
        });
        let new = job(JobStatus {
            failed: Some(1),
            succeeded: Some(0),
            ..Default::default()
        });
        let errs = validate_job_status_update(&old, &new);
        assert!(
            errs.contains(
                &"status.failed: Invalid value: 1: cannot decrease the failed counter".to_string()
            ),
            "{errs:?}"
        );
        assert!(
            errs.contains(
                &"status.succeeded: Invalid value: 0: cannot decrease the succeeded counter"
                    .to_string()
            ),
            "{errs:?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.contains("cannot disable the terminal FailureTarget=True condition")),
            "{errs:?}"
        );
        assert!(validate_job_status_update(&old, &old).is_empty());
    }

    #[test]
    fn finished_job_rules() {
        let old = job(JobStatus::default());
        let mut status = JobStatus {
            active: Some(1),
            ready: Some(2),
            conditions: Some(vec![cond(JobConditionType::Complete)]),
            ..Default::default()
        };
        let errs = validate_job_status_update(&old, &job(status.clone()));
        for want in [
            "completionTime is required for Complete jobs",
            "without the SuccessCriteriaMet=true condition",
            "active>0 is invalid for finished job",
            "startTime is required for finished job",
            "cannot set more ready pods than active",
        ] {
            assert!(
                errs.iter().any(|e| e.contains(want)),
                "missing {want}: {errs:?}"
            );
        }
        status.failed_indexes = Some("1".into());
        status.completed_indexes = Some("1".into());
        let errs = validate_job_status_update(&old, &job(status));
        assert!(
            errs.iter().any(|e| e
                .contains("cannot set non-null failedIndexes when backoffLimitPerIndex is null")),
            "{errs:?}"
        );
    }
}
