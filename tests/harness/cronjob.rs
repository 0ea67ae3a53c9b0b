//! Runners for `cronjob/sync.json` (kind "cronjob") and `cronjob/most_recent.json`
//! (kind "schedule" cases with a `cronJob`).

use chrono::{DateTime, Utc};
use serde_json::Value;

use kbatch::actions::{ApiError, ApiErrorKind, ObjectKey, Reconcile};
use kbatch::api::{CronJob, Job, Pod, CRONJOB_SCHEDULED_TIMESTAMP};
use kbatch::cronjob::{most_recent_schedule_time, sync_cronjob, MissedSchedules};
use kbatch::host::{execute, JobControl, PodControl};

use crate::common::{engine, parse, time};

/// The host of the fixtures: one answer per kind of call (`host` fields).
#[derive(Default)]
struct FakeHost {
    create_error: Option<String>,
    get_job: Option<Job>,
    get_job_error: Option<String>,
    get_cronjob: Option<CronJob>,
    created: Vec<Job>,
    deleted: Vec<String>,
    status_writes: Vec<CronJob>,
}

fn not_found(what: &str) -> ApiError {
    ApiError::new(ApiErrorKind::NotFound, format!("{what} not found"))
}

impl JobControl for FakeHost {
    fn update_job_status(&mut self, job: &Job) -> Result<Job, ApiError> {
        Ok(job.clone())
    }
    fn get_job(&mut self, key: &ObjectKey) -> Result<Job, ApiError> {
        if let Some(e) = &self.get_job_error {
            return Err(ApiError::new(ApiErrorKind::Other, e.clone()));
        }
        self.get_job.clone().ok_or_else(|| not_found(&key.name))
    }
    fn create_job(&mut self, job: &Job) -> Result<Job, ApiError> {
        if let Some(e) = &self.create_error {
            let kind = match e.as_str() {
                "AlreadyExists" => ApiErrorKind::AlreadyExists,
                "NamespaceTerminating" => ApiErrorKind::NamespaceTerminating,
                _ => ApiErrorKind::Other,
            };
            return Err(ApiError::new(kind, e.clone()));
        }
        let mut stored = job.clone();
        stored.metadata.uid = Some("test-uid".to_string());
        self.created.push(stored.clone());
        Ok(stored)
    }
    fn delete_job(&mut self, key: &ObjectKey) -> Result<(), ApiError> {
        if let Some(e) = &self.get_job_error {
            return Err(ApiError::new(ApiErrorKind::Other, e.clone()));
        }
        self.deleted.push(key.name.clone());
        Ok(())
    }
    fn get_cronjob(&mut self, key: &ObjectKey) -> Result<CronJob, ApiError> {
        self.get_cronjob.clone().ok_or_else(|| not_found(&key.name))
    }
    fn update_cronjob_status(&mut self, cronjob: &CronJob) -> Result<CronJob, ApiError> {
        self.status_writes.push(cronjob.clone());
        Ok(cronjob.clone())
    }
}

struct NoPods;

impl PodControl for NoPods {
    fn create_pod(&mut self, _: &Pod) -> Result<Pod, ApiError> {
        Err(ApiError::new(ApiErrorKind::Other, "no pods here"))
    }
    fn delete_pod(&mut self, _: &ObjectKey) -> Result<(), ApiError> {
        Err(ApiError::new(ApiErrorKind::Other, "no pods here"))
    }
    fn remove_finalizer(&mut self, _: &ObjectKey) -> Result<(), ApiError> {
        Err(ApiError::new(ApiErrorKind::Other, "no pods here"))
    }
    fn patch_pod(&mut self, _: &ObjectKey, _: &serde_json::Value) -> Result<(), ApiError> {
        Err(ApiError::new(ApiErrorKind::Other, "no pods here"))
    }
}

fn host_from(case: &Value) -> Result<FakeHost, String> {
    let mut host = FakeHost::default();
    let Some(h) = case.get("host") else {
        return Ok(host);
    };
    let text = |v: &Value| {
        v.as_str()
            .map(str::to_string)
            .unwrap_or_else(|| v.to_string())
    };
    host.create_error = h.get("createError").filter(|v| !v.is_null()).map(text);
    host.get_job_error = h.get("getJobError").filter(|v| !v.is_null()).map(text);
    if let Some(j) = h.get("getJob").filter(|v| !v.is_null()) {
        host.get_job = Some(parse(j, "host.getJob")?);
    }
    if let Some(c) = h.get("getCronJob").filter(|v| !v.is_null()) {
        host.get_cronjob = Some(parse(c, "host.getCronJob")?);
    }
    Ok(host)
}

fn check_time_field(
    errors: &mut Vec<String>,
    what: &str,
    expected: &Value,
    actual: Option<DateTime<Utc>>,
) {
    let ok = match expected {
        Value::Null => actual.is_none(),
        Value::String(s) if s == "set" => actual.is_some(),
        Value::String(s) if s == "unset" => actual.is_none(),
        v => match time(v, what) {
            Ok(t) => actual == Some(t),
            Err(e) => {
                errors.push(e);
                return;
            }
        },
    };
    if !ok {
        errors.push(format!("{what}: expected {expected}, got {actual:?}"));
    }
}

/// A duration in seconds from a fixture (`null`: none) against one in
/// nanoseconds, to the microsecond (fixture seconds are decimal floats).
pub fn seconds_match(want: &Value, got_nanos: Option<i64>) -> bool {
    match (want.as_f64(), got_nanos) {
        (None, None) => want.is_null(),
        (Some(s), Some(g)) => ((s * 1e9).round() - g as f64).abs() <= 1_000.0,
        _ => false,
    }
}

/// Run one `cronjob/sync.json` case.
pub fn run_case(case: &Value) -> Result<(), String> {
    let now = time(&case["now"], "now")?;
    let cronjob: CronJob = parse(&case["cronJob"], "cronJob")?;
    let mut jobs: Vec<Job> = match case.get("jobs") {
        Some(v) if !v.is_null() => parse(v, "jobs")?,
        _ => Vec::new(),
    };
    // The fixtures list the CronJob's own Jobs; one written without a
    // namespace is in the CronJob's (as the namespaced lister returns it).
    for job in &mut jobs {
        if job.metadata.namespace.is_none() {
            job.metadata.namespace = cronjob.metadata.namespace.clone();
        }
    }
    let mut host = host_from(case)?;
    let mut sync = sync_cronjob(&cronjob, &jobs, now);
    let outcome = execute(&mut sync, &mut NoPods, &mut host);
    let exp = &case["expect"];
    let mut errors = Vec::new();

    if let Some(created) = exp.get("createdJobs").and_then(Value::as_array) {
        let names: Vec<&str> = host.created.iter().map(|j| j.metadata.name()).collect();
        let want: Vec<&str> = created.iter().filter_map(|c| c["name"].as_str()).collect();
        if names != want {
            errors.push(format!("createdJobs: expected {want:?}, got {names:?}"));
        } else {
            for (c, job) in created.iter().zip(&host.created) {
                if let Some(st) = c.get("scheduledTime") {
                    let annotation = job.metadata.annotation(CRONJOB_SCHEDULED_TIMESTAMP);
                    let got = annotation.and_then(|a| DateTime::parse_from_rfc3339(a).ok());
                    match time(st, "scheduledTime") {
                        Ok(t) if got.map(|g| g.to_utc()) == Some(t) => {}
                        Ok(t) => errors.push(format!(
                            "createdJobs {}: scheduled {t}, annotation {annotation:?}",
                            job.metadata.name()
                        )),
                        Err(e) => errors.push(e),
                    }
                }
                // Exact annotation values (the scheduled timestamp's zone offset).
                if let Some(want) = c.get("annotations").and_then(Value::as_object) {
                    for (k, v) in want {
                        let got = job.metadata.annotation(k);
                        if got != v.as_str() {
                            errors.push(format!(
                                "createdJobs {} annotation {k}: expected {v}, got {got:?}",
                                job.metadata.name()
                            ));
                        }
                    }
                }
                if let Some(refs) = c.get("ownerReferences").and_then(Value::as_array) {
                    let got =
                        serde_json::to_value(&job.metadata.owner_references).unwrap_or(Value::Null);
                    for (i, r) in refs.iter().enumerate() {
                        let Some(fields) = r.as_object() else {
                            continue;
                        };
                        for (k, v) in fields {
                            if got[i][k] != *v {
                                errors.push(format!(
                                    "createdJobs {} ownerReferences[{i}].{k}: expected {v}, got {}",
                                    job.metadata.name(),
                                    got[i][k]
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    if let Some(deleted) = exp.get("deletedJobs").and_then(Value::as_array) {
        let mut want: Vec<&str> = deleted.iter().filter_map(Value::as_str).collect();
        let mut got: Vec<&str> = host.deleted.iter().map(String::as_str).collect();
        want.sort();
        got.sort();
        if want != got {
            errors.push(format!("deletedJobs: expected {want:?}, got {got:?}"));
        }
    }
    if let Some(status) = exp.get("status").and_then(Value::as_object) {
        let cj = sync.cronjob();
        let st = cj.status();
        if let Some(active) = status.get("active") {
            let want: Vec<&str> = active
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let got: Vec<&str> = st
                .active
                .as_deref()
                .unwrap_or(&[])
                .iter()
                .map(|r| r.name.as_deref().unwrap_or(""))
                .collect();
            if want != got {
                errors.push(format!("status.active: expected {want:?}, got {got:?}"));
            }
        }
        if let Some(v) = status.get("lastScheduleTime") {
            check_time_field(
                &mut errors,
                "status.lastScheduleTime",
                v,
                st.last_schedule_time,
            );
        }
        if let Some(v) = status.get("lastSuccessfulTime") {
            check_time_field(
                &mut errors,
                "status.lastSuccessfulTime",
                v,
                st.last_successful_time,
            );
        }
    }
    if let Some(r) = exp.get("requeueAfterSeconds") {
        let got = outcome
            .requeue_after
            .map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
        if !seconds_match(r, got) {
            errors.push(format!("requeueAfter: expected {r} s, got {got:?} ns"));
        }
    }
    if let Some(u) = exp.get("updateStatus").and_then(Value::as_bool) {
        let got = !host.status_writes.is_empty();
        if u != got {
            errors.push(format!("updateStatus: expected {u}, got {got}"));
        }
    }
    if let Some(events) = exp.get("events").and_then(Value::as_array) {
        let want: Vec<&str> = events.iter().filter_map(Value::as_str).collect();
        let got: Vec<&str> = outcome.events.iter().map(|e| e.reason.as_str()).collect();
        if want != got {
            errors.push(format!("events: expected {want:?}, got {got:?}"));
        }
    }
    if let Some(e) = exp.get("error").and_then(Value::as_bool) {
        if e != outcome.error.is_some() {
            errors.push(format!("error: expected {e}, got {:?}", outcome.error));
        }
    }
    if sync.poll_batch().is_some() {
        errors.push("the sync asked for more calls after it ended".to_string());
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

/// Run one `cronjob/most_recent.json` case (`mostRecentScheduleTime`).
pub fn run_most_recent(case: &Value) -> Result<(), String> {
    let now = time(&case["now"], "now")?;
    let cronjob: CronJob = parse(&case["cronJob"], "cronJob")?;
    let expr = case["schedule"].as_str().unwrap_or(&cronjob.spec.schedule);
    let schedule = engine()
        .parse(expr, cronjob.spec.time_zone.as_deref())
        .map_err(|e| format!("schedule {expr:?} does not parse: {e}"))?;
    let include = case["includeStartingDeadlineSeconds"]
        .as_bool()
        .unwrap_or(false);
    let got = most_recent_schedule_time(&cronjob, now, schedule.as_ref(), include);
    let want_error = case["error"].as_bool().unwrap_or(false);
    let r = match (got, want_error) {
        (Err(_), true) => return Ok(()),
        (Ok(r), true) => return Err(format!("expected an error, got {r:?}")),
        (Err(e), false) => return Err(format!("unexpected error: {e}")),
        (Ok(r), false) => r,
    };
    let mut errors = Vec::new();
    if let Some(m) = case.get("mostRecent") {
        check_time_field(&mut errors, "mostRecent", m, r.most_recent);
    }
    if let Some(set) = case.get("mostRecentSet").and_then(Value::as_bool) {
        if set != r.most_recent.is_some() {
            errors.push(format!(
                "mostRecentSet: expected {set}, got {:?}",
                r.most_recent
            ));
        }
    }
    if let Some(many) = case.get("tooManyMissed").and_then(Value::as_bool) {
        if many != (r.missed == MissedSchedules::Many) {
            errors.push(format!(
                "tooManyMissed: expected {many}, got {:?}",
                r.missed
            ));
        }
    }
    if let Some(m) = case.get("missedSchedules").and_then(Value::as_str) {
        if m != r.missed.as_str() {
            errors.push(format!(
                "missedSchedules: expected {m}, got {}",
                r.missed.as_str()
            ));
        }
    }
    if let Some(e) = case.get("earliestTime") {
        check_time_field(&mut errors, "earliestTime", e, Some(r.earliest));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}
