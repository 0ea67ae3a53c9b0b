//! The API server's rules for a Job status write: `ValidateJobStatusUpdate`
//! with the `JobStatusValidationOptions` the Job status strategy picks
//! (`getStatusValidationOptions` with every Job feature GA).
//!
//! Most rules apply only when the fields they read changed in this write, as
//! upstream's options do, so an unrelated write to a Job whose status already
//! breaks a rule passes. Messages are kubectl's lines (`field.Error`): times
//! print as Go's `time.Time.String()` of the API server's UTC clock.
//!
//! A controller whose status write breaks one of these rules is rejected by a
//! real API server, so they double as invariants: the simulator's API model
//! enforces them, and the property and fuzz tests assert every write of
//! `sync_job` passes.

use super::job::{Job, JobConditionType, JobStatus, UncountedTerminatedPods};
use super::meta::Time;
use super::validation::field::{go_quote, FieldError, Path, ValidationErrors, Value};
use super::validation::meta::{
    prepare_meta_for_update, validate_common_fields_update, validate_object_meta_update,
};

pub use super::validation::validate_indexes_format;

/// `IsConditionTrue`: any condition of the type is True (not only the first).
fn is_true(job: &Job, ty: &JobConditionType) -> bool {
    job.status()
        .conditions
        .iter()
        .flatten()
        .any(|c| &c.type_ == ty && c.status == super::pod::ConditionStatus::True)
}

/// `IsJobFinished`: a Complete or Failed condition is True.
fn is_finished(job: &Job) -> bool {
    is_true(job, &JobConditionType::Complete) || is_true(job, &JobConditionType::Failed)
}

/// Go's `time.Time.String()` for a UTC time (`ErrorBody` prints a
/// `metav1.Time` through its `String` method).
fn go_time(t: &Time) -> String {
    let mut s = t.format("%Y-%m-%d %H:%M:%S").to_string();
    let nanos = t.timestamp_subsec_nanos() % 1_000_000_000;
    if nanos != 0 {
        let frac = format!("{nanos:09}");
        s.push('.');
        s.push_str(frac.trim_end_matches('0'));
    }
    s.push_str(" +0000 UTC");
    s
}

/// The `BadValue` of a `*metav1.Time`: `null` when unset.
fn time_value(t: Option<&Time>) -> Value {
    Value::Go(t.map_or_else(|| "null".to_string(), go_time))
}

/// Go's `%#v` of a `[]types.UID`.
fn go_uid_slice(uids: Option<&Vec<String>>) -> String {
    match uids {
        None => "[]types.UID(nil)".to_string(),
        Some(v) => {
            let items: Vec<String> = v.iter().map(|u| go_quote(u)).collect();
            format!("[]types.UID{{{}}}", items.join(", "))
        }
    }
}

/// Go's `%#v` of a `batch.UncountedTerminatedPods`.
fn uncounted_value(u: &UncountedTerminatedPods) -> Value {
    Value::Go(format!(
        "batch.UncountedTerminatedPods{{Succeeded:{}, Failed:{}}}",
        go_uid_slice(u.succeeded.as_ref()),
        go_uid_slice(u.failed.as_ref())
    ))
}

/// `JobStatusValidationOptions` (the options no Job status write leaves off,
/// `AllowForSuccessCriteriaMetInExtendedScope` and the counter and terminal
/// condition rules, are applied unconditionally).
#[derive(Debug, Clone, Copy, Default)]
struct Options {
    reject_decreasing_succeeded_counter: bool,
    reject_invalid_completed_indexes: bool,
    reject_invalid_failed_indexes: bool,
    reject_failed_indexes_overlapping_completed: bool,
    reject_completed_indexes_for_non_indexed_job: bool,
    reject_failed_indexes_for_no_backoff_limit_per_index: bool,
    reject_failed_job_without_failure_target: bool,
    reject_complete_job_without_success_criteria_met: bool,
    reject_finished_job_with_active_pods: bool,
    reject_finished_job_without_start_time: bool,
    reject_finished_job_with_uncounted_terminated_pods: bool,
    reject_start_time_update_for_unsuspended_job: bool,
    reject_completion_time_before_start_time: bool,
    reject_complete_job_without_completion_time: bool,
    reject_not_complete_job_with_completion_time: bool,
    reject_complete_job_with_failed_condition: bool,
    reject_complete_job_with_failure_target_condition: bool,
    reject_more_ready_than_active_pods: bool,
    reject_finished_job_with_terminating_pods: bool,
}

/// Mirrors `getStatusValidationOptions` (pkg/registry/batch/job/strategy.go)
/// with JobManagedBy GA: a rule is on when a field it reads changed.
fn status_validation_options(old: &Job, new: &Job) -> Options {
    use JobConditionType::*;
    let (os, ns) = (old.status(), new.status());
    let changed = |ty: JobConditionType| is_true(old, &ty) != is_true(new, &ty);
    let finished_changed = is_finished(old) != is_finished(new);
    let complete_changed = changed(Complete);
    let failed_changed = changed(Failed);
    let failure_target_changed = changed(FailureTarget);
    let success_criteria_met_changed = changed(SuccessCriteriaMet);
    // The internal type's completedIndexes is a plain string: unset == "".
    let completed_indexes_changed = os.completed_indexes.as_deref().unwrap_or("")
        != ns.completed_indexes.as_deref().unwrap_or("");
    let failed_indexes_changed = os.failed_indexes != ns.failed_indexes;
    let active_changed = os.active.unwrap_or(0) != ns.active.unwrap_or(0);
    let start_time_changed = os.start_time != ns.start_time;
    let completion_time_changed = os.completion_time != ns.completion_time;
    let uncounted_changed = !uncounted_semantic_eq(
        os.uncounted_terminated_pods.as_ref(),
        ns.uncounted_terminated_pods.as_ref(),
    );
    let ready_changed = os.ready != ns.ready;
    let terminating_changed = os.terminating != ns.terminating;
    // kubernetes#132614 exempts a suspended Job with completions=0, which
    // completes without ever starting. Wider here (README, deliberate
    // differences): every suspended Job, as the controller can also fail a
    // suspended Job whose startTime was cleared.
    let suspended_exempt_from_start_time = new.spec.suspend == Some(true);
    // kubernetes#134769: a resume (JobSuspended True -> not True) resets
    // startTime. Wider here (README): so does rewriting an existing
    // JobSuspended=False condition, which the controller's resume branch
    // does when its reason or message differ.
    let resumed = (is_true(old, &Suspended) && !is_true(new, &Suspended))
        || (new
            .condition(&Suspended)
            .is_some_and(|c| c.status == super::pod::ConditionStatus::False)
            && old.condition(&Suspended) != new.condition(&Suspended));
    Options {
        // Elastic Indexed Jobs (completions == parallelism) may scale down.
        reject_decreasing_succeeded_counter: !new.spec.is_indexed()
            || new.spec.completions != new.spec.parallelism,
        reject_invalid_completed_indexes: completed_indexes_changed,
        reject_invalid_failed_indexes: failed_indexes_changed,
        reject_failed_indexes_overlapping_completed: failed_indexes_changed
            || completed_indexes_changed,
        reject_completed_indexes_for_non_indexed_job: completed_indexes_changed,
        reject_failed_indexes_for_no_backoff_limit_per_index: failed_indexes_changed,
        reject_failed_job_without_failure_target: failed_changed || failed_indexes_changed,
        reject_complete_job_without_success_criteria_met: complete_changed
            || success_criteria_met_changed,
        reject_finished_job_with_active_pods: finished_changed || active_changed,
        reject_finished_job_without_start_time: (finished_changed || start_time_changed)
            && !suspended_exempt_from_start_time,
        reject_finished_job_with_uncounted_terminated_pods: finished_changed || uncounted_changed,
        reject_start_time_update_for_unsuspended_job: start_time_changed && !resumed,
        reject_completion_time_before_start_time: start_time_changed || completion_time_changed,
        reject_complete_job_without_completion_time: complete_changed || completion_time_changed,
        reject_not_complete_job_with_completion_time: complete_changed || completion_time_changed,
        reject_complete_job_with_failed_condition: complete_changed || failed_changed,
        reject_complete_job_with_failure_target_condition: complete_changed
            || failure_target_changed,
        reject_more_ready_than_active_pods: ready_changed || active_changed,
        reject_finished_job_with_terminating_pods: finished_changed || terminating_changed,
    }
}

/// `apiequality.Semantic.DeepEqual` of two `*UncountedTerminatedPods`: an
/// empty list equals an unset one, an unset struct differs from an empty one.
fn uncounted_semantic_eq(
    a: Option<&UncountedTerminatedPods>,
    b: Option<&UncountedTerminatedPods>,
) -> bool {
    let list = |v: &Option<Vec<String>>| v.clone().unwrap_or_default();
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            list(&a.succeeded) == list(&b.succeeded) && list(&a.failed) == list(&b.failed)
        }
        _ => false,
    }
}

/// Splits an interval for `validateFailedIndexesNotOverlapCompleted`; `None`
/// when `parseIndexInterval` would refuse it.
fn parse_interval(interval: &str, completions: i32) -> Option<(i64, i64)> {
    // A single interval is valid exactly when it is a valid indexes string.
    if interval.is_empty() || validate_indexes_format(interval, completions).is_err() {
        return None;
    }
    let mut parts = interval.split('-');
    let x = parts.next()?.parse::<i64>().ok()?;
    let y = match parts.next() {
        Some(y) => y.parse::<i64>().ok()?,
        None => x,
    };
    Some((x, y))
}

/// Mirrors `validateFailedIndexesNotOverlapCompleted`: a merge walk over both
/// interval lists that skips intervals it cannot parse.
fn failed_indexes_overlap(completed: &str, failed: &str, completions: i32) -> Option<i64> {
    if completed.is_empty() || failed.is_empty() {
        return None;
    }
    let cs: Vec<&str> = completed.split(',').collect();
    let fs: Vec<&str> = failed.split(',').collect();
    let (mut ci, mut fi) = (0, 0);
    let mut c = parse_interval(cs[0], completions);
    let mut f = parse_interval(fs[0], completions);
    while ci < cs.len() && fi < fs.len() {
        match (c, f) {
            (None, _) => {
                ci += 1;
                if ci < cs.len() {
                    c = parse_interval(cs[ci], completions);
                }
            }
            (_, None) => {
                fi += 1;
                if fi < fs.len() {
                    f = parse_interval(fs[fi], completions);
                }
            }
            (Some((cx, cy)), Some((fx, fy))) => {
                if cx <= fy && fx <= cy {
                    return Some(cx.max(fx));
                }
                if cx <= fx {
                    ci += 1;
                    if ci < cs.len() {
                        c = parse_interval(cs[ci], completions);
                    }
                } else {
                    fi += 1;
                    if fi < fs.len() {
                        f = parse_interval(fs[fi], completions);
                    }
                }
            }
        }
    }
    None
}

/// Mirrors `validateJobStatus` under the given options.
fn validate_job_status(job: &Job, opts: &Options, errs: &mut Vec<FieldError>) {
    use JobConditionType::*;
    let fld = Path::new("status");
    let status: &JobStatus = job.status();
    // ValidateNonnegativeField for each counter.
    for (name, v) in [
        ("active", status.active),
        ("succeeded", status.succeeded),
        ("failed", status.failed),
        ("ready", status.ready),
        ("terminating", status.terminating),
    ] {
        if let Some(v) = v.filter(|v| *v < 0) {
            errs.push(FieldError::invalid(
                &fld.child(name),
                Value::Int(i64::from(v)),
                "must be greater than or equal to 0",
            ));
        }
    }
    if let Some(u) = &status.uncounted_terminated_pods {
        let path = fld.child("uncountedTerminatedPods");
        let mut seen = rustc_hash::FxHashSet::default();
        for (list, uids) in [("succeeded", &u.succeeded), ("failed", &u.failed)] {
            for (i, uid) in uids.iter().flatten().enumerate() {
                let p = path.child(list).index(i);
                if uid.is_empty() {
                    errs.push(FieldError::invalid(
                        &p,
                        Value::Str(String::new()),
                        "must not be empty",
                    ));
                } else if !seen.insert(uid.as_str()) {
                    errs.push(FieldError::duplicate(&p, Value::Str(uid.clone())));
                }
            }
        }
    }
    let conditions = fld.child("conditions");
    let cond_err = |detail: &str| FieldError::invalid(&conditions, Value::Omit, detail);
    let complete = is_true(job, &Complete);
    let failed = is_true(job, &Failed);
    let failure_target = is_true(job, &FailureTarget);
    let success_criteria_met = is_true(job, &SuccessCriteriaMet);
    let completion_time = fld.child("completionTime");
    if opts.reject_complete_job_with_failed_condition && complete && failed {
        errs.push(cond_err(
            "cannot set Complete=True and Failed=true conditions",
        ));
    }
    if opts.reject_complete_job_with_failure_target_condition && complete && failure_target {
        errs.push(cond_err(
            "cannot set Complete=True and FailureTarget=true conditions",
        ));
    }
    if opts.reject_not_complete_job_with_completion_time {
        if let (Some(t), false) = (&status.completion_time, complete) {
            errs.push(FieldError::invalid(
                &completion_time,
                time_value(Some(t)),
                "cannot set completionTime when there is no Complete=True condition",
            ));
        }
    }
    if opts.reject_complete_job_without_completion_time
        && status.completion_time.is_none()
        && complete
    {
        errs.push(FieldError::required(
            &completion_time,
            "completionTime is required for Complete jobs",
        ));
    }
    if opts.reject_completion_time_before_start_time {
        if let (Some(start), Some(done)) = (&status.start_time, &status.completion_time) {
            if done < start {
                errs.push(FieldError::invalid(
                    &completion_time,
                    time_value(Some(done)),
                    "completionTime cannot be set before startTime",
                ));
            }
        }
    }
    if opts.reject_failed_job_without_failure_target && failed && !failure_target {
        errs.push(cond_err(
            "cannot set Failed=True condition without the FailureTarget=true condition",
        ));
    }
    if opts.reject_complete_job_without_success_criteria_met && complete && !success_criteria_met {
        errs.push(cond_err(
            "cannot set Complete=True condition without the SuccessCriteriaMet=true condition",
        ));
    }
    let finished = is_finished(job);
    let active = status.active.unwrap_or(0);
    if opts.reject_finished_job_with_active_pods && active > 0 && finished {
        errs.push(FieldError::invalid(
            &fld.child("active"),
            Value::Int(i64::from(active)),
            "active>0 is invalid for finished job",
        ));
    }
    if opts.reject_finished_job_without_start_time && status.start_time.is_none() && finished {
        errs.push(FieldError::required(
            &fld.child("startTime"),
            "startTime is required for finished job",
        ));
    }
    if opts.reject_finished_job_with_uncounted_terminated_pods && finished {
        if let Some(u) = &status.uncounted_terminated_pods {
            let n =
                u.succeeded.as_ref().map_or(0, Vec::len) + u.failed.as_ref().map_or(0, Vec::len);
            if n > 0 {
                errs.push(FieldError::invalid(
                    &fld.child("uncountedTerminatedPods"),
                    uncounted_value(u),
                    "uncountedTerminatedPods needs to be empty for finished job",
                ));
            }
        }
    }
    let completed = status.completed_indexes.as_deref().unwrap_or("");
    let completions = job.spec.completions;
    if opts.reject_invalid_completed_indexes {
        if let Some(c) = completions {
            if let Err(e) = validate_indexes_format(completed, c) {
                errs.push(FieldError::invalid(
                    &fld.child("completedIndexes"),
                    Value::Str(completed.to_string()),
                    format!("error parsing completedIndexes: {e}"),
                ));
            }
        }
    }
    if opts.reject_invalid_failed_indexes {
        if let (Some(c), Some(_), Some(f)) = (
            completions,
            job.spec.backoff_limit_per_index,
            status.failed_indexes.as_deref(),
        ) {
            if let Err(e) = validate_indexes_format(f, c) {
                errs.push(FieldError::invalid(
                    &fld.child("failedIndexes"),
                    Value::Str(f.to_string()),
                    format!("error parsing failedIndexes: {e}"),
                ));
            }
        }
    }
    if opts.reject_completed_indexes_for_non_indexed_job
        && !completed.is_empty()
        && !job.spec.is_indexed()
    {
        errs.push(FieldError::invalid(
            &fld.child("completedIndexes"),
            Value::Str(completed.to_string()),
            "cannot set non-empty completedIndexes when non-indexed completion mode",
        ));
    }
    if opts.reject_failed_indexes_for_no_backoff_limit_per_index
        && job.spec.backoff_limit_per_index.is_none()
    {
        if let Some(f) = &status.failed_indexes {
            errs.push(FieldError::invalid(
                &fld.child("failedIndexes"),
                Value::Str(f.clone()),
                "cannot set non-null failedIndexes when backoffLimitPerIndex is null",
            ));
        }
    }
    if opts.reject_failed_indexes_overlapping_completed {
        if let (Some(c), Some(f)) = (completions, status.failed_indexes.as_deref()) {
            if let Some(i) = failed_indexes_overlap(completed, f, c) {
                errs.push(FieldError::invalid(
                    &fld.child("failedIndexes"),
                    Value::Str(f.to_string()),
                    format!("failedIndexes and completedIndexes overlap at index: {i}"),
                ));
            }
        }
    }
    if opts.reject_finished_job_with_terminating_pods && finished {
        if let Some(t) = status.terminating.filter(|t| *t > 0) {
            errs.push(FieldError::invalid(
                &fld.child("terminating"),
                Value::Int(i64::from(t)),
                "terminating>0 is invalid for finished job",
            ));
        }
    }
    if opts.reject_more_ready_than_active_pods {
        if let Some(r) = status.ready.filter(|r| *r > active) {
            errs.push(FieldError::invalid(
                &fld.child("ready"),
                Value::Int(i64::from(r)),
                "cannot set more ready pods than active",
            ));
        }
    }
    // AllowForSuccessCriteriaMetInExtendedScope is on: SuccessCriteriaMet is
    // allowed for NonIndexed Jobs and Jobs without a successPolicy.
    if success_criteria_met && failed {
        errs.push(cond_err(
            "cannot set SuccessCriteriaMet=True and Failed=true conditions",
        ));
    }
    if success_criteria_met && failure_target {
        errs.push(cond_err(
            "cannot set SuccessCriteriaMet=True and FailureTarget=true conditions",
        ));
    }
    if job.spec.success_policy.is_some() && !success_criteria_met && complete {
        errs.push(cond_err(
            "cannot set Complete=True for Job with SuccessPolicy unless SuccessCriteriaMet=True",
        ));
    }
}

/// `ValidateJobStatusUpdate` as the Job status strategy configures it (every
/// Job feature GA), after `rest.BeforeUpdate`'s metadata checks and
/// `ValidateObjectMetaUpdate`: the kubectl lines of a rejected write, empty
/// when accepted.
pub fn validate_job_status_update(old: &Job, new: &Job) -> Vec<String> {
    validate_job_status_update_errors(old, new)
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// [`validate_job_status_update`] as typed field errors, in upstream's order,
/// repeated messages dropped.
pub fn validate_job_status_update_errors(old: &Job, new: &Job) -> Vec<FieldError> {
    use JobConditionType::*;
    // jobStatusStrategy.PrepareForUpdate: a status write keeps the stored spec.
    let kept;
    let new = if std::sync::Arc::ptr_eq(&old.spec, &new.spec) {
        new
    } else {
        kept = Job {
            spec: std::sync::Arc::clone(&old.spec),
            ..new.clone()
        };
        &kept
    };
    // rest.BeforeUpdate: the server-kept metadata fields, then validateCommonFields.
    let mut meta = new.metadata.clone();
    prepare_meta_for_update(&mut meta, &old.metadata, false);
    let mut errs = validate_common_fields_update(&meta, &old.metadata);
    // ValidateJobUpdateStatus: ValidateObjectMetaUpdate, then ValidateJobStatusUpdate.
    errs.extend(validate_object_meta_update(
        &meta,
        &old.metadata,
        &Path::new("metadata"),
    ));
    let opts = status_validation_options(old, new);
    validate_job_status(new, &opts, &mut errs);
    let (os, ns) = (old.status(), new.status());
    let fld = Path::new("status");
    let conditions = fld.child("conditions");
    // RejectDisablingTerminalCondition
    for ty in [Failed, Complete, FailureTarget] {
        if is_true(old, &ty) && !is_true(new, &ty) {
            errs.push(FieldError::invalid(
                &conditions,
                Value::Omit,
                format!("cannot disable the terminal {ty}=True condition"),
            ));
        }
    }
    // RejectDecreasingFailedCounter
    let failed = ns.failed.unwrap_or(0);
    if failed < os.failed.unwrap_or(0) {
        errs.push(FieldError::invalid(
            &fld.child("failed"),
            Value::Int(i64::from(failed)),
            "cannot decrease the failed counter",
        ));
    }
    let succeeded = ns.succeeded.unwrap_or(0);
    if opts.reject_decreasing_succeeded_counter && succeeded < os.succeeded.unwrap_or(0) {
        errs.push(FieldError::invalid(
            &fld.child("succeeded"),
            Value::Int(i64::from(succeeded)),
            "cannot decrease the succeeded counter",
        ));
    }
    // RejectMutatingCompletionTime: clearing it is left to the Complete rules.
    if let (Some(n), Some(o)) = (&ns.completion_time, &os.completion_time) {
        if n != o {
            errs.push(FieldError::invalid(
                &fld.child("completionTime"),
                time_value(Some(n)),
                "completionTime cannot be mutated",
            ));
        }
    }
    // RejectStartTimeUpdateForUnsuspendedJob: setting it the first time is fine.
    if opts.reject_start_time_update_for_unsuspended_job
        && os.start_time.is_some()
        && os.start_time != ns.start_time
        && !new.spec.is_suspended()
    {
        errs.push(FieldError::invalid(
            &fld.child("startTime"),
            time_value(ns.start_time.as_ref()),
            "field is immutable for unsuspended job once set",
        ));
    }
    if is_true(old, &SuccessCriteriaMet) && !is_true(new, &SuccessCriteriaMet) {
        errs.push(FieldError::invalid(
            &conditions,
            Value::Omit,
            "cannot disable the SuccessCriteriaMet=True condition",
        ));
    }
    if is_true(old, &Complete)
        && !is_true(old, &SuccessCriteriaMet)
        && is_true(new, &SuccessCriteriaMet)
    {
        errs.push(FieldError::invalid(
            &conditions,
            Value::Omit,
            "cannot set SuccessCriteriaMet=True for Job already has Complete=true conditions",
        ));
    }
    // ErrorList.ToAggregate: both metadata passes may report the same error.
    ValidationErrors::new(errs).0
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
            // As stored: a status write names an existing object.
            metadata: crate::api::ObjectMeta {
                name: Some("j".into()),
                namespace: Some("default".into()),
                ..Default::default()
            },
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

    #[test]
    fn a_status_write_is_judged_against_the_stored_spec() {
        let t = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .expect("time")
                .to_utc()
        };
        let old = job(JobStatus {
            start_time: Some(t("2026-01-01T00:00:00Z")),
            ..Default::default()
        });
        // The write carries a suspended spec, which the status subresource
        // ignores: the stored Job is unsuspended, so startTime is immutable.
        let mut new = job(JobStatus {
            start_time: Some(t("2026-01-01T00:01:00Z")),
            ..Default::default()
        });
        std::sync::Arc::make_mut(&mut new.spec).suspend = Some(true);
        assert_eq!(
            validate_job_status_update(&old, &new),
            ["status.startTime: Invalid value: 2026-01-01 00:01:00 +0000 UTC: field is immutable for unsuspended job once set"]
        );
        // The same write against a stored suspended spec passes.
        let mut old_suspended = old.clone();
        std::sync::Arc::make_mut(&mut old_suspended.spec).suspend = Some(true);
        assert!(validate_job_status_update(&old_suspended, &new).is_empty());
    }
}
