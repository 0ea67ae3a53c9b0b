//! Conformance runner for Job sync cases (`job/sync.json`, `job/policies.json`)
//! and the Job-sync unit facts of `job/units.json`.

use rustc_hash::FxHashSet;

use chrono::DateTime;
use kbatch::actions::{ApiError, ApiErrorKind, ObjectKey};
use kbatch::api::{
    CronJob, Job, JobCondition, JobStatus, OwnerReference, Pod, JOB_COMPLETION_INDEX,
};
use kbatch::host::{execute, JobControl, PodControl};
use kbatch::job::manage::pod_creation_info_for_independent_indexes;
use kbatch::job::{
    sync_job, track_job_status_and_remove_finalizers, JobControllerMemory, PodExpectations,
};
use serde_json::Value;

use super::common::time;

fn parse<T: serde::de::DeserializeOwned>(v: &Value, what: &str) -> Result<T, String> {
    serde_json::from_value(v.clone()).map_err(|e| format!("cannot read {what}: {e}"))
}

/// The API as the fixtures' fake host answers it.
#[derive(Default)]
struct FakeHost {
    create_limit: Option<u64>,
    create_error: bool,
    delete_error: bool,
    patch_error: bool,
    status_error: bool,
    /// `"Conflict"` makes the failing status write a conflict.
    status_conflict: bool,
    create_calls: u64,
    delete_calls: u64,
    patch_calls: u64,
    created: Vec<Pod>,
    deleted: Vec<String>,
    finalizers_removed: usize,
    status_writes: Vec<Job>,
    /// How ClaimPods PATCHes fail (`claimPatchError`: an ApiErrorKind name).
    claim_patch_error: Option<ApiErrorKind>,
    /// ClaimPods PATCHes: pod name and body.
    claim_patches: Vec<(String, Value)>,
    /// What the uncached GET of the Job returns (`RecheckDeletionTimestamp`).
    fresh_job: Option<Job>,
}

impl PodControl for FakeHost {
    fn create_pod(&mut self, pod: &Pod) -> Result<Pod, ApiError> {
        self.create_calls += 1;
        if self.create_error || self.create_limit.is_some_and(|l| self.create_calls > l) {
            return Err(ApiError::new(ApiErrorKind::Other, "fake create error"));
        }
        self.created.push(pod.clone());
        Ok(pod.clone())
    }
    fn delete_pod(&mut self, pod: &ObjectKey) -> Result<(), ApiError> {
        self.delete_calls += 1;
        if self.delete_error {
            return Err(ApiError::new(ApiErrorKind::Other, "fake delete error"));
        }
        self.deleted.push(pod.name.clone());
        Ok(())
    }
    fn remove_finalizer(&mut self, _pod: &ObjectKey) -> Result<(), ApiError> {
        self.patch_calls += 1;
        if self.patch_error {
            return Err(ApiError::new(ApiErrorKind::Other, "fake patch error"));
        }
        self.finalizers_removed += 1;
        Ok(())
    }
    fn patch_pod(&mut self, pod: &ObjectKey, patch: &Value) -> Result<(), ApiError> {
        self.patch_calls += 1;
        self.claim_patches.push((pod.name.clone(), patch.clone()));
        match &self.claim_patch_error {
            Some(kind) => Err(ApiError::new(kind.clone(), "fake claim patch error")),
            None => Ok(()),
        }
    }
}

impl JobControl for FakeHost {
    fn update_job_status(&mut self, job: &Job) -> Result<Job, ApiError> {
        self.status_writes.push(job.clone());
        if self.status_conflict {
            return Err(ApiError::new(
                ApiErrorKind::Conflict,
                "fake status conflict",
            ));
        }
        if self.status_error {
            return Err(ApiError::new(
                ApiErrorKind::Other,
                "fake status update error",
            ));
        }
        Ok(job.clone())
    }
    fn get_job(&mut self, _key: &ObjectKey) -> Result<Job, ApiError> {
        self.fresh_job
            .clone()
            .ok_or_else(|| ApiError::new(ApiErrorKind::NotFound, "not found"))
    }
    fn create_job(&mut self, job: &Job) -> Result<Job, ApiError> {
        Ok(job.clone())
    }
    fn delete_job(&mut self, _key: &ObjectKey) -> Result<(), ApiError> {
        Ok(())
    }
    fn get_cronjob(&mut self, _key: &ObjectKey) -> Result<CronJob, ApiError> {
        Err(ApiError::new(ApiErrorKind::NotFound, "not found"))
    }
    fn update_cronjob_status(&mut self, cronjob: &CronJob) -> Result<CronJob, ApiError> {
        Ok(cronjob.clone())
    }
}

fn check_count(errs: &mut Vec<String>, what: &str, expected: &Value, actual: i64) {
    if let Some(e) = expected.as_i64() {
        if e != actual {
            errs.push(format!("{what}: expected {e}, got {actual}"));
        }
    }
}

fn check_condition(exp: &Value, c: &JobCondition) -> bool {
    let field = |k: &str, actual: &str| match exp.get(k) {
        None | Some(Value::Null) => true,
        Some(v) => v.as_str() == Some(actual),
    };
    field("type", c.type_.as_str())
        && field("status", c.status.as_str())
        && field("reason", c.reason.as_deref().unwrap_or(""))
        && field("message", c.message.as_deref().unwrap_or(""))
}

fn show_conditions(cs: &[JobCondition]) -> String {
    let parts: Vec<String> = cs
        .iter()
        .map(|c| {
            format!(
                "{}={} ({}: {})",
                c.type_,
                c.status,
                c.reason.as_deref().unwrap_or(""),
                c.message.as_deref().unwrap_or("")
            )
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

fn check_uid_list(
    errs: &mut Vec<String>,
    what: &str,
    exp: Option<&Value>,
    actual: Option<&Vec<String>>,
) {
    let exp: Vec<String> = exp
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let actual = actual.cloned().unwrap_or_default();
    if exp != actual {
        errs.push(format!("{what}: expected {exp:?}, got {actual:?}"));
    }
}

/// Compares a JobStatus with an expected status object.
fn check_status(errs: &mut Vec<String>, prefix: &str, exp: &Value, st: &JobStatus) {
    let Some(obj) = exp.as_object() else { return };
    for (k, v) in obj {
        let what = format!("{prefix}{k}");
        match k.as_str() {
            "active" => check_count(errs, &what, v, st.active.unwrap_or(0).into()),
            "succeeded" => check_count(errs, &what, v, st.succeeded.unwrap_or(0).into()),
            "failed" => check_count(errs, &what, v, st.failed.unwrap_or(0).into()),
            "ready" | "terminating" => {
                let actual = if k == "ready" {
                    st.ready
                } else {
                    st.terminating
                };
                match (v.as_i64(), actual) {
                    (None, None) => {}
                    (Some(e), Some(a)) if e == i64::from(a) => {}
                    (e, a) => errs.push(format!("{what}: expected {e:?}, got {a:?}")),
                }
            }
            "completedIndexes" => {
                let actual = st.completed_indexes.as_deref().unwrap_or("");
                let e = v.as_str().unwrap_or("");
                if e != actual {
                    errs.push(format!("{what}: expected {e:?}, got {actual:?}"));
                }
            }
            "failedIndexes" => {
                let actual = st.failed_indexes.as_deref();
                if v.as_str() != actual {
                    errs.push(format!("{what}: expected {:?}, got {actual:?}", v.as_str()));
                }
            }
            "conditions" => {
                let exp_list = v.as_array().cloned().unwrap_or_default();
                let actual = st.conditions.clone().unwrap_or_default();
                let ok = exp_list.len() == actual.len()
                    && exp_list
                        .iter()
                        .zip(&actual)
                        .all(|(e, c)| check_condition(e, c));
                if !ok {
                    errs.push(format!(
                        "{what}: expected {v}, got {}",
                        show_conditions(&actual)
                    ));
                }
            }
            "conditionsInclude" => {
                let actual = st.conditions.clone().unwrap_or_default();
                for e in v.as_array().into_iter().flatten() {
                    if !actual.iter().any(|c| check_condition(e, c)) {
                        errs.push(format!(
                            "{what}: missing {e} in {}",
                            show_conditions(&actual)
                        ));
                    }
                }
            }
            "startTime" | "completionTime" => {
                let actual = if k == "startTime" {
                    st.start_time
                } else {
                    st.completion_time
                };
                match (v.as_str(), actual) {
                    (Some("set"), Some(_)) | (Some("unset") | None, None) => {}
                    (Some(s), Some(a)) if s != "set" && s != "unset" => {
                        if DateTime::parse_from_rfc3339(s).map(|t| t.to_utc()) != Ok(a) {
                            errs.push(format!("{what}: expected {s}, got {a}"));
                        }
                    }
                    (e, a) => errs.push(format!("{what}: expected {e:?}, got {a:?}")),
                }
            }
            "uncountedTerminatedPods" => {
                let u = st.uncounted_terminated_pods.clone().unwrap_or_default();
                check_uid_list(
                    errs,
                    &format!("{what}.succeeded"),
                    v.get("succeeded"),
                    u.succeeded.as_ref(),
                );
                check_uid_list(
                    errs,
                    &format!("{what}.failed"),
                    v.get("failed"),
                    u.failed.as_ref(),
                );
            }
            _ => {}
        }
    }
}

/// Runs one Job sync case; `Err` lists every mismatch.
pub fn run_case(case: &Value) -> Result<(), String> {
    let now = time(&case["now"], "now")?;
    let job: Job = parse(&case["job"], "job")?;
    let pods: Vec<Pod> = match case.get("pods") {
        Some(p) if !p.is_null() => parse(p, "pods")?,
        _ => Vec::new(),
    };
    let host = case.get("host").cloned().unwrap_or(Value::Null);
    let mut memory = JobControllerMemory::default();
    if host.get("expectationsSatisfied").and_then(Value::as_bool) == Some(false) {
        memory.expectations = Some(PodExpectations {
            add: 1,
            del: 0,
            timestamp: now,
        });
    }
    // The controller's stored pod recreation backoff (`podBackoffStore`).
    if let Some(b) = host.get("backoffRecord").filter(|b| !b.is_null()) {
        memory.backoff.failures_after_last_success = b
            .get("failuresAfterLastSuccess")
            .and_then(Value::as_i64)
            .and_then(|n| i32::try_from(n).ok())
            .unwrap_or(0);
        memory.backoff.last_failure_time = match b.get("lastFailureTime") {
            Some(t) if !t.is_null() => Some(time(t, "backoffRecord.lastFailureTime")?),
            _ => None,
        };
    }
    let mut fake = FakeHost {
        create_limit: host.get("createLimit").and_then(Value::as_u64),
        create_error: host
            .get("createError")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        delete_error: host
            .get("deleteError")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        patch_error: host
            .get("patchError")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        claim_patch_error: match host.get("claimPatchError").and_then(Value::as_str) {
            None => None,
            Some("NotFound") => Some(ApiErrorKind::NotFound),
            Some("Invalid") => Some(ApiErrorKind::Invalid),
            Some("Conflict") => Some(ApiErrorKind::Conflict),
            Some(_) => Some(ApiErrorKind::Other),
        },
        ..FakeHost::default()
    };
    // The uncached GET before adopting: the Job itself unless the case says
    // it is gone or being deleted by then.
    let fresh_job = match host.get("freshJob") {
        Some(Value::Null) => None,
        Some(j) => Some(parse(j, "host.freshJob")?),
        None => Some(job.clone()),
    };
    // Pod writes and status writes go to two fakes: `fake` keeps the pod
    // calls, `jobs` the status writes.
    let mut jobs = FakeHost {
        status_error: host
            .get("statusUpdateError")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        status_conflict: host.get("statusUpdateError").and_then(Value::as_str) == Some("Conflict"),
        fresh_job,
        ..FakeHost::default()
    };
    let mut sync = sync_job(&job, &memory, &pods, now);
    let outcome = execute(&mut sync, &mut fake, &mut jobs);
    let exp = &case["expect"];
    let mut errs = Vec::new();
    check_count(
        &mut errs,
        "creations",
        &exp["creations"],
        fake.created.len() as i64,
    );
    if let Some(e) = exp.get("createdIndexes").and_then(Value::as_array) {
        let mut e: Vec<i64> = e.iter().filter_map(Value::as_i64).collect();
        let mut a: Vec<i64> = fake
            .created
            .iter()
            .filter_map(|p| p.metadata.annotation(JOB_COMPLETION_INDEX)?.parse().ok())
            .collect();
        e.sort_unstable();
        a.sort_unstable();
        if e != a {
            errs.push(format!("createdIndexes: expected {e:?}, got {a:?}"));
        }
    }
    // Calls attempted, accepted or not (upstream FakePodControl records
    // Templates, DeletePodName and Patches before returning its Err).
    check_count(
        &mut errs,
        "createCalls",
        &exp["createCalls"],
        fake.create_calls as i64,
    );
    check_count(
        &mut errs,
        "deleteCalls",
        &exp["deleteCalls"],
        fake.delete_calls as i64,
    );
    check_count(
        &mut errs,
        "podPatches",
        &exp["podPatches"],
        fake.patch_calls as i64,
    );
    check_count(
        &mut errs,
        "deletions",
        &exp["deletions"],
        fake.deleted.len() as i64,
    );
    if let Some(e) = exp.get("deletedPods").and_then(Value::as_array) {
        let mut e: Vec<&str> = e.iter().filter_map(Value::as_str).collect();
        let mut a: Vec<&str> = fake.deleted.iter().map(String::as_str).collect();
        e.sort_unstable();
        a.sort_unstable();
        if e != a {
            errs.push(format!("deletedPods: expected {e:?}, got {a:?}"));
        }
    }
    check_count(
        &mut errs,
        "finalizersRemoved",
        &exp["finalizersRemoved"],
        fake.finalizers_removed as i64,
    );
    let final_status = jobs
        .status_writes
        .last()
        .map(|j| j.status().clone())
        .unwrap_or_else(|| job.status().clone());
    if let Some(st) = exp.get("status") {
        check_status(&mut errs, "status.", st, &final_status);
    }
    if let Some(ci) = exp.get("conditionsInclude") {
        let wrapped = serde_json::json!({ "conditionsInclude": ci });
        check_status(&mut errs, "", &wrapped, &final_status);
    }
    // How many conditions of each type the Job carries (upstream counts them).
    if let Some(m) = exp.get("conditionCount").and_then(Value::as_object) {
        let cs = final_status.conditions.clone().unwrap_or_default();
        for (t, n) in m {
            let actual = cs.iter().filter(|c| c.type_.as_str() == t).count() as i64;
            check_count(&mut errs, &format!("conditionCount.{t}"), n, actual);
        }
    }
    if let Some(r) = exp.get("requeueAfterSeconds") {
        let actual = outcome.requeue_after.map(|d| d.as_secs_f64());
        let ok = match (r.as_f64(), actual) {
            (None, None) => true,
            (Some(e), Some(a)) => (e - a).abs() < 1e-3,
            _ => false,
        };
        if !ok {
            errs.push(format!("requeueAfterSeconds: expected {r}, got {actual:?}"));
        }
    }
    if let Some(e) = exp.get("events").and_then(Value::as_array) {
        let e: Vec<&str> = e.iter().filter_map(Value::as_str).collect();
        let a: Vec<&str> = outcome.events.iter().map(|ev| ev.reason.as_str()).collect();
        if e != a {
            errs.push(format!("events: expected {e:?}, got {a:?}"));
        }
    }
    // ClaimPods PATCHes in order: `{pod, patch}` each, the body compared whole.
    if let Some(e) = exp.get("claimPatches").and_then(Value::as_array) {
        let a: Vec<Value> = fake
            .claim_patches
            .iter()
            .map(|(pod, patch)| serde_json::json!({ "pod": pod, "patch": patch }))
            .collect();
        if *e != a {
            errs.push(format!(
                "claimPatches: expected {}, got {}",
                Value::Array(e.clone()),
                Value::Array(a)
            ));
        }
    }
    check_count(
        &mut errs,
        "statusWrites",
        &exp["statusWrites"],
        jobs.status_writes.len() as i64,
    );
    if let Some(e) = exp.get("error").and_then(Value::as_bool) {
        if e != outcome.error.is_some() {
            errs.push(format!("error: expected {e}, got {:?}", outcome.error));
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("; "))
    }
}

/// Gives every pod a controller reference to `job` (whose selector the
/// caller sets to match all): the unit functions get pods already claimed.
fn owned_pods(job: &Job, pods: &Value) -> Result<Vec<Pod>, String> {
    let mut pods: Vec<Pod> = match pods {
        Value::Null => Vec::new(),
        p => parse(p, "pods")?,
    };
    for p in &mut pods {
        p.metadata.owner_references = Some(
            vec![OwnerReference {
                api_version: "batch/v1".into(),
                kind: "Job".into(),
                name: job.metadata.name().into(),
                uid: job.metadata.uid().into(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            }]
            .into(),
        );
    }
    Ok(pods)
}

/// The unit facts of the Job sync: `trackJobStatusAndRemoveFinalizers`,
/// `getNewFinishedPods`, `getPodCreationInfoForIndependentIndexes`.
pub fn run_fact(fact: &Value) -> Option<Result<(), String>> {
    let f = fact.get("function")?.as_str()?;
    match f {
        // The receiver-qualified names are the fixtures'; the bare ones are
        // the same upstream functions as other transcriptions name them.
        "Controller.trackJobStatusAndRemoveFinalizers" | "trackJobStatusAndRemoveFinalizers" => {
            Some(track_fact(fact))
        }
        "getNewFinishedPods" => Some(new_finished_fact(fact)),
        "Controller.getPodCreationInfoForIndependentIndexes"
        | "getPodCreationInfoForIndependentIndexes" => Some(creation_info_fact(fact)),
        _ => None,
    }
}

fn track_fact(fact: &Value) -> Result<(), String> {
    let input = &fact["input"];
    let now = time(&input["now"], "now")?;
    let mut job: Job = parse(&input["job"], "job")?;
    job.metadata.name.get_or_insert_with(|| "foobar".into());
    job.metadata
        .namespace
        .get_or_insert_with(|| "default".into());
    job.metadata.uid.get_or_insert_with(|| "job-uid".into());
    std::sync::Arc::make_mut(&mut job.spec)
        .selector
        .get_or_insert_with(Default::default);
    let pods = owned_pods(&job, &input["pods"])?;
    let cond: Option<JobCondition> = match &input["finishedCondition"] {
        Value::Null => None,
        c => Some(parse(c, "finishedCondition")?),
    };
    let needs_flush = input["needsFlush"].as_bool().unwrap_or(false);
    let memory = JobControllerMemory {
        // Finalizer removals sent earlier and not yet observed (`expectedRmFinalizers`).
        finalizer_removals: input["expectedRmFinalizers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        ..JobControllerMemory::default()
    };
    let flag = |k: &str| input[k].as_bool().unwrap_or(false);
    let mut host = FakeHost {
        patch_error: flag("podControlError"),
        ..FakeHost::default()
    };
    let mut jobs = FakeHost {
        status_error: flag("statusUpdateError"),
        ..FakeHost::default()
    };
    let mut sync =
        track_job_status_and_remove_finalizers(&job, &memory, &pods, cond, needs_flush, now);
    let outcome = execute(&mut sync, &mut host, &mut jobs);
    let out = &fact["output"];
    let mut errs = Vec::new();
    let updates = out["statusUpdates"].as_array().cloned().unwrap_or_default();
    if updates.len() != jobs.status_writes.len() {
        errs.push(format!(
            "statusUpdates: expected {} writes, got {}: {:?}",
            updates.len(),
            jobs.status_writes.len(),
            jobs.status_writes
                .iter()
                .map(|j| serde_json::to_string(j.status()).unwrap_or_default())
                .collect::<Vec<_>>()
        ));
    }
    for (i, (e, j)) in updates.iter().zip(&jobs.status_writes).enumerate() {
        let st = j.status();
        // The whole status was written: absent fields must be zero/absent.
        let mut full = serde_json::json!({
            "active": 0, "succeeded": 0, "failed": 0, "conditions": [],
            "uncountedTerminatedPods": {}, "completionTime": "unset", "failedIndexes": null,
        });
        if let (Some(m), Some(o)) = (full.as_object_mut(), e.as_object()) {
            for (k, v) in o {
                m.insert(k.clone(), v.clone());
            }
            if let Some(t) = o.get("completionTime") {
                m.insert(
                    "completionTime".into(),
                    if t.is_null() {
                        "unset".into()
                    } else {
                        t.clone()
                    },
                );
            }
        }
        check_status(&mut errs, &format!("statusUpdates[{i}]."), &full, st);
    }
    check_count(
        &mut errs,
        "finalizersRemoved",
        &out["finalizersRemoved"],
        host.finalizers_removed as i64,
    );
    // Finalizer patches attempted, failed or not (upstream `len(fakePodControl.Patches)`).
    check_count(
        &mut errs,
        "podPatches",
        &out["podPatches"],
        host.patch_calls as i64,
    );
    if let Some(e) = out.get("error").and_then(Value::as_bool) {
        if e != outcome.error.is_some() {
            errs.push(format!("error: expected {e}, got {:?}", outcome.error));
        }
    }
    if let Some(m) = out.get("jobPodsFinishedMetric") {
        let last = jobs
            .status_writes
            .last()
            .map(|j| j.status().clone())
            .unwrap_or_default();
        let before = job.status();
        check_count(
            &mut errs,
            "jobPodsFinishedMetric.succeeded",
            &m["succeeded"],
            i64::from(last.succeeded.unwrap_or(0) - before.succeeded.unwrap_or(0)),
        );
        check_count(
            &mut errs,
            "jobPodsFinishedMetric.failed",
            &m["failed"],
            i64::from(last.failed.unwrap_or(0) - before.failed.unwrap_or(0)),
        );
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("; "))
    }
}

fn new_finished_fact(fact: &Value) -> Result<(), String> {
    let input = &fact["input"];
    let status: JobStatus = parse(&input["jobStatus"], "jobStatus")?;
    let mut job = Job::default();
    job.metadata.uid = Some("job-uid".into());
    std::sync::Arc::make_mut(&mut job.spec).selector = Some(Default::default());
    job.status = Some(status.clone());
    let pods = owned_pods(&job, &input["pods"])?;
    let expected_rm: FxHashSet<String> = input
        .get("expectedRmFinalizers")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let u = status.uncounted_terminated_pods.clone().unwrap_or_default();
    let us: FxHashSet<&str> = u.succeeded.iter().flatten().map(String::as_str).collect();
    let uf: FxHashSet<&str> = u.failed.iter().flatten().map(String::as_str).collect();
    let c = kbatch::job::counting::census(&job, &pods, &expected_rm, &us, &uf);
    let succeeded =
        i64::from(status.succeeded.unwrap_or(0)) + us.len() as i64 + c.new_succeeded as i64;
    let failed =
        i64::from(status.failed.unwrap_or(0)) + uf.len() as i64 + c.new_failed.len() as i64;
    let out = &fact["output"];
    let mut errs = Vec::new();
    check_count(&mut errs, "succeeded", &out["succeeded"], succeeded);
    check_count(&mut errs, "failed", &out["failed"], failed);
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("; "))
    }
}

fn creation_info_fact(fact: &Value) -> Result<(), String> {
    let input = &fact["input"];
    let now = time(&input["now"], "now")?;
    let indexes: Vec<i64> = input["indexesToAdd"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_i64)
        .collect();
    let mut delayed: Vec<(i64, Pod)> = Vec::new();
    if let Some(m) = input["podsWithDelayedDeletionPerIndex"].as_object() {
        for (k, v) in m {
            let ix: i64 = k.parse().map_err(|e| format!("bad index {k}: {e}"))?;
            delayed.push((ix, parse(v, "pod")?));
        }
    }
    let (now_ok, remaining) = pod_creation_info_for_independent_indexes(now, &indexes, |ix| {
        delayed.iter().find(|(i, _)| *i == ix).map(|(_, p)| p)
    });
    let out = &fact["output"];
    let exp_ix: Vec<i64> = out["indexesToAdd"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_i64)
        .collect();
    let mut errs = Vec::new();
    if exp_ix != now_ok {
        errs.push(format!("indexesToAdd: expected {exp_ix:?}, got {now_ok:?}"));
    }
    let secs = remaining.as_secs_f64();
    if let Some(e) = out["remainingSeconds"].as_f64() {
        if (e - secs).abs() > 1e-3 {
            errs.push(format!("remainingSeconds: expected {e}, got {secs}"));
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("; "))
    }
}
