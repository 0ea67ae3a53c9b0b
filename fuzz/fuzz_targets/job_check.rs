//! Invariants of one Job sync, shared by the fuzz target (`job.rs`), the
//! seed-corpus test (`tests/fuzz_job_seeds.rs`) and the property tests
//! (`tests/job_properties.rs`).
//!
//! A [`Scenario`] (Job, pods, controller memory, `now`, which API calls fail)
//! is run through `sync_job` and [`kbatch::host::execute`] against a fake API
//! server that applies status writes to a stored Job after checking them with
//! `validate_job_status_update`. [`check_run`] lists every broken invariant.

#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use arbitrary::Unstructured;
use chrono::{DateTime, Duration, Utc};
use kbatch::actions::{ApiError, ApiErrorKind, ObjectKey, Operation, Outcome};
use kbatch::api::*;
use kbatch::host::{execute, JobControl, PodControl};
use kbatch::job::indexes::{get_completion_index, OrderedIntervals};
use kbatch::job::{sync_job, JobControllerMemory, PodExpectations};

/// The Job's uid in every scenario.
pub const JOB_UID: &str = "job-uid-0001";

/// Which API calls fail: bit `i` of a mask fails the `i`-th call of that kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Failures {
    pub create: u32,
    pub delete: u32,
    pub patch: u32,
    pub status: u32,
    /// Picks the error kind of each failure.
    pub kind: u8,
}

impl Failures {
    fn error(&self, op: usize, call: u32) -> ApiError {
        let kinds = [
            ApiErrorKind::Other,
            ApiErrorKind::Conflict,
            ApiErrorKind::NotFound,
            ApiErrorKind::NamespaceTerminating,
            ApiErrorKind::AlreadyExists,
        ];
        let k = (usize::from(self.kind) + op + call as usize) % kinds.len();
        ApiError::new(kinds[k].clone(), "injected failure")
    }
}

/// One sync's input.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub job: Job,
    pub pods: Vec<Pod>,
    pub memory: JobControllerMemory,
    pub now: DateTime<Utc>,
    pub failures: Failures,
}

/// The base time of scenarios.
pub fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z")
        .map(|t| t.to_utc())
        .unwrap_or_default()
}

#[derive(Debug, Default)]
struct ApiState {
    failures: Failures,
    calls: [u32; 4],
    stored: Job,
    ops: Vec<Operation>,
    ok: Vec<bool>,
    /// The kind of each failed call (None: it succeeded).
    kinds: Vec<Option<ApiErrorKind>>,
    writes: Vec<Job>,
    violations: Vec<String>,
    upstream_rejections: usize,
}

/// Rejections upstream's controller runs into too, so they are kept (the
/// fake API server still rejects the write) but not reported as violations:
/// - `calculateSucceededIndexes` and `calculateFailedIndexes`
///   (`indexed_job_utils.go`) do not exclude each other, so a lingering pod
///   that succeeds in an index already failed (or fails past the per-index
///   limit in one already completed) makes the two lists overlap.
fn known_upstream_rejection(err: &str) -> bool {
    err.contains("failedIndexes and completedIndexes overlap")
}

impl ApiState {
    /// Whether this call (of kind `op`: create, delete, patch, status) fails.
    fn fail(&mut self, op: usize) -> Option<ApiError> {
        let call = self.calls[op];
        self.calls[op] += 1;
        let mask = match op {
            0 => self.failures.create,
            1 => self.failures.delete,
            2 => self.failures.patch,
            _ => self.failures.status,
        };
        (call < 32 && mask & (1 << call) != 0).then(|| self.failures.error(op, call))
    }

    fn record(&mut self, op: Operation, r: Result<(), ApiError>) -> Result<(), ApiError> {
        self.ops.push(op);
        self.ok.push(r.is_ok());
        self.kinds.push(r.as_ref().err().map(|e| e.kind.clone()));
        r
    }
}

/// The fake API server: both host traits over one shared state.
struct Api<'s>(&'s RefCell<ApiState>);

impl PodControl for Api<'_> {
    fn create_pod(&mut self, pod: &Pod) -> Result<Pod, ApiError> {
        let mut s = self.0.borrow_mut();
        let r = s.fail(0).map_or(Ok(()), Err);
        s.record(Operation::CreatePod(Box::new(pod.clone())), r)
            .map(|()| pod.clone())
    }
    fn delete_pod(&mut self, pod: &ObjectKey) -> Result<(), ApiError> {
        let mut s = self.0.borrow_mut();
        let r = s.fail(1).map_or(Ok(()), Err);
        s.record(Operation::DeletePod(pod.clone()), r)
    }
    fn remove_finalizer(&mut self, pod: &ObjectKey) -> Result<(), ApiError> {
        let mut s = self.0.borrow_mut();
        let r = s.fail(2).map_or(Ok(()), Err);
        s.record(Operation::RemovePodFinalizer(pod.clone()), r)
    }
    fn patch_pod(&mut self, pod: &ObjectKey, patch: &serde_json::Value) -> Result<(), ApiError> {
        let mut s = self.0.borrow_mut();
        let r = s.fail(2).map_or(Ok(()), Err);
        let op = Operation::PatchPod {
            pod: pod.clone(),
            patch: patch.clone(),
        };
        s.record(op, r)
    }
}

impl JobControl for Api<'_> {
    fn update_job_status(&mut self, job: &Job) -> Result<Job, ApiError> {
        let mut s = self.0.borrow_mut();
        let injected = s.fail(3);
        let op = Operation::UpdateJobStatus(Box::new(job.clone()));
        if let Some(e) = injected {
            return s.record(op, Err(e)).map(|()| Job::default());
        }
        let mut errs = kbatch::api::status_update::validate_job_status_update(&s.stored, job);
        errs.extend(extra_write_rules(&s.stored, job));
        if !errs.is_empty() {
            let n = s.writes.len();
            if errs.iter().all(|e| known_upstream_rejection(e)) {
                s.upstream_rejections += 1;
            } else {
                s.violations
                    .push(format!("status write #{n} rejected: {errs:?}"));
            }
            return s
                .record(op, Err(ApiError::new(ApiErrorKind::Other, "invalid")))
                .map(|()| Job::default());
        }
        let mut stored = s.stored.clone();
        stored.status = job.status.clone();
        s.stored = stored.clone();
        s.writes.push(stored.clone());
        s.record(op, Ok(())).map(|()| stored)
    }
    /// The fresh read before adopting (`RecheckDeletionTimestamp`).
    fn get_job(&mut self, _key: &ObjectKey) -> Result<Job, ApiError> {
        Ok(self.0.borrow().stored.clone())
    }
    fn create_job(&mut self, _job: &Job) -> Result<Job, ApiError> {
        Err(ApiError::new(
            ApiErrorKind::Other,
            "the Job controller creates no Jobs",
        ))
    }
    fn delete_job(&mut self, _key: &ObjectKey) -> Result<(), ApiError> {
        Err(ApiError::new(
            ApiErrorKind::Other,
            "the Job controller deletes no Jobs",
        ))
    }
    fn get_cronjob(&mut self, _key: &ObjectKey) -> Result<CronJob, ApiError> {
        Err(ApiError::new(ApiErrorKind::NotFound, "not found"))
    }
    fn update_cronjob_status(&mut self, _c: &CronJob) -> Result<CronJob, ApiError> {
        Err(ApiError::new(
            ApiErrorKind::Other,
            "the Job controller writes no CronJobs",
        ))
    }
}

/// Rules of the issue beyond the API server's: no condition disappears, True
/// conditions other than Suspended stay True, a finished Job stays finished,
/// counters never decrease, Complete and Failed are never both set, ready <= active.
fn extra_write_rules(old: &Job, new: &Job) -> Vec<String> {
    let mut errs = Vec::new();
    let (os, ns) = (old.status(), new.status());
    for c in os.conditions.iter().flatten() {
        match new.condition(&c.type_) {
            None => errs.push(format!("condition {} removed", c.type_)),
            Some(n) => {
                if c.type_ != JobConditionType::Suspended
                    && c.status == ConditionStatus::True
                    && n.status != ConditionStatus::True
                {
                    errs.push(format!("condition {} no longer True", c.type_));
                }
            }
        }
    }
    if old.is_finished() && !new.is_finished() {
        errs.push("a finished Job is no longer finished".into());
    }
    if new.has_true_condition(&JobConditionType::Complete)
        && new.has_true_condition(&JobConditionType::Failed)
    {
        errs.push("Complete and Failed both True".into());
    }
    if ns.failed.unwrap_or(0) < os.failed.unwrap_or(0) {
        errs.push("failed decreased".into());
    }
    // An Indexed Job with completions == parallelism may be scaled down
    // (elastic Indexed Jobs), losing succeeded indexes.
    let elastic = new.spec.is_indexed() && new.spec.completions == new.spec.parallelism;
    if !elastic && ns.succeeded.unwrap_or(0) < os.succeeded.unwrap_or(0) {
        errs.push("succeeded decreased".into());
    }
    if ns.ready.unwrap_or(0) > ns.active.unwrap_or(0) {
        errs.push("ready > active".into());
    }
    errs
}

/// What one sync did.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Every API call, in order, and whether it succeeded.
    pub ops: Vec<Operation>,
    pub ok: Vec<bool>,
    /// The error kind of each failed call.
    pub kinds: Vec<Option<ApiErrorKind>>,
    pub outcome: Outcome,
    pub memory: JobControllerMemory,
    /// The Job as stored by the fake API server after the sync.
    pub stored: Job,
    /// The Job as the sync last built it (`JobSync::job`).
    pub believed: Job,
    /// Status writes the API server rejected, with why.
    pub violations: Vec<String>,
    /// Status writes rejected for a reason upstream shares.
    pub upstream_rejections: usize,
}

/// Runs one sync of the scenario.
pub fn run(s: &Scenario) -> Run {
    let state = RefCell::new(ApiState {
        failures: s.failures.clone(),
        stored: s.job.clone(),
        ..ApiState::default()
    });
    let mut sync = sync_job(&s.job, &s.memory, &s.pods, s.now);
    let outcome = execute(&mut sync, &mut Api(&state), &mut Api(&state));
    let believed = sync.job().clone();
    let memory = sync.into_memory();
    let st = state.into_inner();
    Run {
        ops: st.ops,
        ok: st.ok,
        kinds: st.kinds,
        outcome,
        memory,
        stored: st.stored,
        believed,
        violations: st.violations,
        upstream_rejections: st.upstream_rejections,
    }
}

/// Whether the pod belongs to the Job (`getPodsForJob`: owned, or an orphan
/// the selector adopts).
pub fn belongs(job: &Job, pod: &Pod) -> bool {
    let refs = pod.metadata.owner_refs();
    match refs.iter().find(|r| r.controller == Some(true)) {
        Some(r) => r.uid == job.metadata.uid(),
        None => {
            job.metadata.deletion_timestamp.is_none()
                && pod.metadata.deletion_timestamp.is_none()
                && job
                    .spec
                    .selector
                    .as_ref()
                    .is_some_and(|s| s.matches(pod.metadata.labels.as_deref()))
        }
    }
}

fn is_finished_pod(p: &Pod) -> bool {
    matches!(p.phase(), Some(PodPhase::Succeeded | PodPhase::Failed))
}

/// Active: belongs, not finished, not being deleted.
pub fn is_active(job: &Job, p: &Pod) -> bool {
    belongs(job, p) && !is_finished_pod(p) && p.metadata.deletion_timestamp.is_none()
}

fn only_replace_failed(job: &Job) -> bool {
    job.spec.pod_replacement_policy == Some(PodReplacementPolicy::Failed)
        || job.spec.pod_failure_policy.is_some()
}

/// Every broken invariant of one run (empty: all hold).
pub fn check_run(s: &Scenario, r: &Run) -> Vec<String> {
    let mut errs = r.violations.clone();
    let job = &s.job;
    let created: Vec<&Pod> = r
        .ops
        .iter()
        .filter_map(|op| match op {
            Operation::CreatePod(p) => Some(&**p),
            _ => None,
        })
        .collect();
    let deleted: BTreeSet<&str> = r
        .ops
        .iter()
        .filter_map(|op| match op {
            Operation::DeletePod(k) => Some(k.name.as_str()),
            _ => None,
        })
        .collect();
    // The one read is ClaimPods' recheck before adopting an orphan.
    let may_adopt = s
        .pods
        .iter()
        .any(|p| p.metadata.controller_ref().is_none() && belongs(job, p));
    for op in &r.ops {
        let unexpected = match op {
            Operation::GetJob(_) => !may_adopt,
            Operation::CreateJob(_)
            | Operation::DeleteJob(_)
            | Operation::GetCronJob(_)
            | Operation::UpdateCronJobStatus(_) => true,
            _ => false,
        };
        if unexpected {
            errs.push(format!("unexpected operation {op:?}"));
        }
    }
    // An adoption answered NotFound says the pod is gone: the sync drops it.
    let vanished: BTreeSet<&str> = r
        .ops
        .iter()
        .zip(&r.kinds)
        .filter_map(|(op, kind)| match (op, kind) {
            (Operation::PatchPod { pod, .. }, Some(ApiErrorKind::NotFound)) => {
                Some(pod.name.as_str())
            }
            _ => None,
        })
        .collect();
    let managed_elsewhere = job
        .spec
        .managed_by
        .as_deref()
        .is_some_and(|m| m != JOB_CONTROLLER_NAME);
    if managed_elsewhere && !r.ops.is_empty() {
        errs.push(format!(
            "{} API calls for a Job managed by another controller",
            r.ops.len()
        ));
    }
    if job.is_finished() && !r.ops.is_empty() {
        errs.push(format!("{} API calls for a finished Job", r.ops.len()));
    }
    if !created.is_empty() {
        if job.spec.is_suspended() {
            errs.push("created pods for a suspended Job".into());
        }
        if job.metadata.deletion_timestamp.is_some() {
            errs.push("created pods for a Job being deleted".into());
        }
        if !deleted.is_empty() {
            errs.push("a sync both created and deleted pods".into());
        }
        if r.believed.is_finished() || r.stored.is_finished() {
            errs.push("created pods and finished the Job in one sync".into());
        }
    }
    // Active pods after the sync, as planned: active pods not deleted + creates.
    let kept = s
        .pods
        .iter()
        .filter(|p| {
            is_active(job, p)
                && !deleted.contains(p.metadata.name())
                && !vanished.contains(p.metadata.name())
        })
        .count() as i64;
    let planned = kept + created.len() as i64;
    let parallelism = i64::from(job.spec.parallelism.unwrap_or(1));
    let bs = r.believed.status();
    let indexed = job.spec.is_indexed();
    let completions = job.spec.completions;
    let completed = OrderedIntervals::parse(
        bs.completed_indexes.as_deref().unwrap_or(""),
        completions.unwrap_or(0),
    );
    let succeeded = if indexed {
        completed.total()
    } else {
        i64::from(bs.succeeded.unwrap_or(0))
            + bs.uncounted_terminated_pods
                .as_ref()
                .and_then(|u| u.succeeded.as_ref())
                .map_or(0, |v| v.len() as i64)
    };
    if !created.is_empty() {
        if planned > parallelism {
            errs.push(format!(
                "planned {planned} active pods ({kept} kept + {} created) > parallelism {parallelism}",
                created.len()
            ));
        }
        match completions {
            Some(c) if planned > i64::from(c) - succeeded => errs.push(format!(
                "planned {planned} active pods > completions {c} - succeeded {succeeded}"
            )),
            None if succeeded > 0 => errs.push(format!(
                "created pods after {succeeded} succeeded without completions"
            )),
            _ => {}
        }
    }
    for p in &created {
        if !p
            .metadata
            .owner_refs()
            .iter()
            .any(|o| o.uid == job.metadata.uid() && o.controller == Some(true))
        {
            errs.push(format!(
                "created pod {} not controlled by the Job",
                p.metadata.name()
            ));
        }
        if !p.metadata.has_finalizer(JOB_TRACKING_FINALIZER) {
            errs.push(format!(
                "created pod {} without the tracking finalizer",
                p.metadata.name()
            ));
        }
    }
    if indexed {
        let c = i64::from(completions.unwrap_or(0));
        let failed = OrderedIntervals::parse(
            bs.failed_indexes.as_deref().unwrap_or(""),
            completions.unwrap_or(0),
        );
        let busy: BTreeSet<i64> = s
            .pods
            .iter()
            .filter(|p| {
                belongs(job, p)
                    && !is_finished_pod(p)
                    && !deleted.contains(p.metadata.name())
                    && !vanished.contains(p.metadata.name())
                    && (p.metadata.deletion_timestamp.is_none() || only_replace_failed(job))
            })
            .filter_map(get_completion_index)
            .collect();
        let mut seen = BTreeSet::new();
        for p in &created {
            let Some(ix) = get_completion_index(p) else {
                errs.push(format!(
                    "created pod {} without an index",
                    p.metadata.name()
                ));
                continue;
            };
            if ix < 0 || ix >= c {
                errs.push(format!("created index {ix} outside [0, {c})"));
            }
            if completed.has(ix) {
                errs.push(format!("created index {ix}, already succeeded"));
            }
            if failed.has(ix) {
                errs.push(format!("created index {ix}, already failed"));
            }
            if busy.contains(&ix) {
                errs.push(format!(
                    "created index {ix}, which has an active (or terminating) pod"
                ));
            }
            if !seen.insert(ix) {
                errs.push(format!("created index {ix} twice"));
            }
        }
    }
    errs
}

/// One line per operation, for messages.
pub fn brief(ops: &[Operation]) -> Vec<String> {
    ops.iter()
        .map(|op| match op {
            Operation::CreatePod(p) => format!(
                "create {} (index {:?})",
                p.metadata.name(),
                p.metadata.annotation(JOB_COMPLETION_INDEX)
            ),
            Operation::DeletePod(k) => format!("delete {}", k.name),
            Operation::RemovePodFinalizer(k) => format!("unfinalize {}", k.name),
            Operation::UpdateJobStatus(j) => format!("status {:?}", j.status),
            other => format!("{other:?}"),
        })
        .collect()
}

/// Runs the scenario twice and compares everything.
pub fn check_determinism(s: &Scenario, first: &Run) -> Vec<String> {
    let second = run(s);
    if &second == first {
        return Vec::new();
    }
    let mut errs = Vec::new();
    if second.ops != first.ops {
        errs.push(format!(
            "nondeterministic operations:\n{:?}\nvs\n{:?}",
            first.ops, second.ops
        ));
    }
    if second.outcome != first.outcome {
        errs.push(format!(
            "nondeterministic outcome: {:?} vs {:?}",
            first.outcome, second.outcome
        ));
    }
    if second.memory != first.memory {
        errs.push(format!(
            "nondeterministic memory: {:?} vs {:?}",
            first.memory, second.memory
        ));
    }
    if second.stored != first.stored || second.believed != first.believed {
        errs.push("nondeterministic Job status".into());
    }
    errs
}

/// The world after a sync: its successful calls applied as the API server
/// and the pod informer would (created pods appear Pending; deleted pods get
/// a deletionTimestamp, or vanish when nothing keeps them; finalizers go;
/// the stored Job has the written status), and the controller memory after
/// the informer observed all of that (`addPod`, `updatePod`, `deletePod`).
pub fn apply(s: &Scenario, r: &Run) -> (Job, Vec<Pod>, JobControllerMemory) {
    let mut pods = s.pods.clone();
    let mut memory = r.memory.clone();
    let mut gone: Vec<String> = Vec::new();
    for (op, ok) in r.ops.iter().zip(&r.ok) {
        if !ok {
            continue;
        }
        match op {
            Operation::CreatePod(p) => {
                let mut p = (**p).clone();
                p.metadata.uid = Some(format!("uid-{}", p.metadata.name()));
                p.metadata.creation_timestamp = Some(s.now);
                p.status = Some(PodStatus {
                    phase: Some(PodPhase::Pending),
                    ..Default::default()
                });
                pods.push(p);
                memory.creation_observed();
            }
            Operation::DeletePod(k) => {
                if let Some(i) = pods.iter().position(|p| p.metadata.name() == k.name) {
                    let p = &mut pods[i];
                    let already = p.metadata.deletion_timestamp.is_some();
                    let held = p
                        .metadata
                        .finalizers
                        .as_ref()
                        .is_some_and(|f| !f.is_empty());
                    if !held && (is_finished_pod(p) || already) {
                        gone.push(p.metadata.uid().to_string());
                        pods.remove(i);
                    } else if !already {
                        p.metadata.deletion_timestamp = Some(s.now);
                        p.metadata.deletion_grace_period_seconds = Some(30);
                    }
                    memory.deletion_observed();
                }
            }
            Operation::RemovePodFinalizer(k) => {
                if let Some(i) = pods.iter().position(|p| p.metadata.name() == k.name) {
                    let p = &mut pods[i];
                    if let Some(f) = &mut p.metadata.finalizers {
                        f.retain(|x| x != JOB_TRACKING_FINALIZER);
                    }
                    let uid = p.metadata.uid().to_string();
                    // A deleted pod whose last finalizer went is removed.
                    if p.metadata.deletion_timestamp.is_some()
                        && is_finished_pod(p)
                        && p.metadata.finalizers.as_ref().is_none_or(|f| f.is_empty())
                    {
                        pods.remove(i);
                    }
                    memory.finalizer_removal_observed(&uid);
                }
            }
            // ClaimPods: the adoption or release patch, as the API server
            // merges it (a patch it refuses changes nothing).
            Operation::PatchPod { pod, patch } => {
                if let Some(p) = pods.iter_mut().find(|p| p.metadata.name() == pod.name) {
                    let mut meta = p.metadata.clone();
                    if kbatch::sim::apiserver::apply_owner_patch(&mut meta, patch).is_ok() {
                        p.metadata = meta;
                    }
                }
            }
            _ => {}
        }
    }
    for uid in gone {
        memory.finalizer_removal_observed(&uid);
    }
    (r.stored.clone(), pods, memory)
}

/// Applies a failure-free sync and syncs again at the same `now`: the second
/// sync must write no pods and change no status.
///
/// These upstream rules (`job_controller.go`) let the world settle first, and
/// the fixed point is checked once it has:
/// - the pod informer's `addPod`/`updatePod`/`deletePod` handlers call
///   `CreationObserved` / `DeletionObserved` for every pod event of the Job,
///   expected or not, so applying a sync may satisfy expectations the sync
///   itself was blocked on, and the next sync legitimately does more;
/// - `manageJob` returns right after deleting pods (surplus or duplicate
///   indexes), so replacements are created by the next sync;
/// - with `backoffLimitPerIndex`, a failed pod keeps its finalizer until
///   its index's replacement is seen (`getPodsWithDelayedDeletionPerIndex`,
///   `canRemoveFinalizer`), so the sync after a create counts it;
/// - `syncJob` drops a finished condition while expectations are unsatisfied
///   ("Can't declare the Job as finished yet"), so when the sync's finalizer
///   removal makes a pod vanish, the next sync decides without that pod (a
///   FailJob match found in a pod that is then gone becomes, with
///   `completions: 0`, a Complete Job);
pub fn check_fixed_point(s: &Scenario) -> Vec<String> {
    let mut cur = Scenario {
        failures: Failures::default(),
        ..s.clone()
    };
    let mut history = Vec::new();
    for _ in 0..4 {
        let first = run(&cur);
        if !first.violations.is_empty() || first.upstream_rejections > 0 {
            return Vec::new();
        }
        let (job, pods, memory) = apply(&cur, &first);
        let adopted = cur
            .pods
            .iter()
            .any(|p| p.metadata.controller_ref().is_none() && belongs(&cur.job, p));
        // A pod the sync's writes made vanish while expectations still block
        // takes with it what the blocked sync deferred (a FailJob match drops
        // its FailureTarget until expectations are satisfied).
        let vanished = cur
            .pods
            .iter()
            .any(|p| !pods.iter().any(|q| q.metadata.uid() == p.metadata.uid()));
        let settled = !adopted
            && (!vanished || memory.expectations_satisfied(s.now))
            && cur.memory.expectations_satisfied(s.now) == memory.expectations_satisfied(s.now)
            && !first.ops.iter().any(|op| match op {
                Operation::DeletePod(_) => true,
                Operation::CreatePod(_) => cur.job.spec.backoff_limit_per_index.is_some(),
                _ => false,
            });
        history.push(brief(&first.ops));
        cur = Scenario {
            job,
            pods,
            memory,
            now: s.now,
            failures: Failures::default(),
        };
        if settled {
            break;
        }
    }
    let second = run(&cur);
    let mut errs = Vec::new();
    let pod_writes: Vec<String> = brief(&second.ops)
        .into_iter()
        .filter(|op| !op.starts_with("status "))
        .collect();
    if !pod_writes.is_empty() {
        errs.push(format!(
            "not a fixed point: the next sync made pod writes {pod_writes:?}\nearlier syncs: {history:#?}"
        ));
    }
    if second.stored.status != cur.job.status {
        errs.push(format!(
            "not a fixed point: the next sync changed the status\nfrom {:?}\nto   {:?}\nearlier syncs: {history:#?}",
            cur.job.status, second.stored.status
        ));
    }
    errs
}

/// Every check on one scenario.
pub fn check_all(s: &Scenario) -> Vec<String> {
    let r = run(s);
    let mut errs = check_run(s, &r);
    errs.extend(check_determinism(s, &r));
    errs.extend(check_fixed_point(s));
    errs
}

// ---------------------------------------------------------------------------
// Scenarios from fuzz input.

fn pick<'a, T>(u: &mut Unstructured<'_>, items: &'a [T]) -> arbitrary::Result<&'a T> {
    u.choose(items)
}

fn labels() -> BTreeMap<String, String> {
    let mut l = BTreeMap::new();
    l.insert("app".to_string(), "fuzz".to_string());
    l
}

/// `a`, `a-b` intervals, with runs of two written `a,b`.
pub fn format_indexes(set: &BTreeSet<i64>) -> String {
    let v: Vec<i64> = set.iter().copied().collect();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        while j + 1 < v.len() && v[j + 1] == v[j] + 1 {
            j += 1;
        }
        match j - i {
            0 => parts.push(v[i].to_string()),
            1 => {
                parts.push(v[i].to_string());
                parts.push(v[j].to_string());
            }
            _ => parts.push(format!("{}-{}", v[i], v[j])),
        }
        i = j + 1;
    }
    parts.join(",")
}

fn condition(ty: JobConditionType, status: bool, reason: &str, at: DateTime<Utc>) -> JobCondition {
    JobCondition {
        type_: ty,
        status: if status {
            ConditionStatus::True
        } else {
            ConditionStatus::False
        },
        last_probe_time: Some(at),
        last_transition_time: Some(at),
        reason: Some(reason.to_string()),
        message: Some(format!("{reason} (scenario)")),
    }
}

fn rule(u: &mut Unstructured<'_>, fail_index_ok: bool) -> arbitrary::Result<PodFailurePolicyRule> {
    let action = pick(
        u,
        &[
            PodFailurePolicyAction::FailJob,
            PodFailurePolicyAction::Ignore,
            PodFailurePolicyAction::Count,
            PodFailurePolicyAction::FailIndex,
        ],
    )?
    .clone();
    let action = if action == PodFailurePolicyAction::FailIndex && !fail_index_ok {
        PodFailurePolicyAction::Count
    } else {
        action
    };
    if u.ratio(1, 3)? {
        return Ok(PodFailurePolicyRule {
            action,
            on_exit_codes: None,
            on_pod_conditions: Some(vec![PodFailurePolicyOnPodConditionsPattern {
                type_: PodConditionType::DisruptionTarget,
                status: Some(ConditionStatus::True),
            }]),
        });
    }
    let op = if u.arbitrary()? {
        PodFailurePolicyOnExitCodesOperator::In
    } else {
        PodFailurePolicyOnExitCodesOperator::NotIn
    };
    let mut values: Vec<i32> = Vec::new();
    for _ in 0..u.int_in_range(1..=3)? {
        values.push(*pick(u, &[1, 2, 3, 42, 137])?);
    }
    values.sort_unstable();
    values.dedup();
    Ok(PodFailurePolicyRule {
        action,
        on_exit_codes: Some(PodFailurePolicyOnExitCodesRequirement {
            container_name: u.arbitrary::<bool>()?.then(|| "main".to_string()),
            operator: op,
            values,
        }),
        on_pod_conditions: None,
    })
}

/// A valid, defaulted Job with a consistent status.
pub fn arbitrary_job(u: &mut Unstructured<'_>) -> arbitrary::Result<Job> {
    let indexed: bool = u.arbitrary()?;
    let completions = if indexed {
        Some(u.int_in_range(1..=8)?)
    } else if u.ratio(1, 3)? {
        None
    } else {
        Some(u.int_in_range(0..=8)?)
    };
    let parallelism = u.int_in_range(0..=6)?;
    let per_index = if indexed && u.arbitrary()? {
        Some(u.int_in_range(0..=2)?)
    } else {
        None
    };
    let max_failed = match per_index {
        Some(_) if u.arbitrary()? => Some(u.int_in_range(0..=completions.unwrap_or(1))?),
        _ => None,
    };
    let pfp = if u.ratio(1, 3)? {
        let mut rules = Vec::new();
        for _ in 0..u.int_in_range(1..=3)? {
            rules.push(rule(u, per_index.is_some())?);
        }
        Some(PodFailurePolicy { rules })
    } else {
        None
    };
    let rp_failed = pfp.is_some() || u.arbitrary()?;
    let on_failure = pfp.is_none() && u.ratio(1, 4)?;
    let success_policy = if indexed && u.ratio(1, 4)? {
        let c = completions.unwrap_or(1);
        let ix = u.int_in_range(0..=c - 1)?;
        Some(SuccessPolicy {
            rules: vec![SuccessPolicyRule {
                succeeded_indexes: Some(ix.to_string()),
                succeeded_count: u.arbitrary::<bool>()?.then_some(1),
            }],
        })
    } else {
        None
    };
    let suspend: bool = u.ratio(1, 5)?;
    let mut job = Job {
        metadata: ObjectMeta {
            name: Some("fuzz".into()),
            namespace: Some("default".into()),
            uid: Some(JOB_UID.into()),
            creation_timestamp: Some(t0() - Duration::minutes(10)),
            deletion_timestamp: u.ratio(1, 8)?.then(|| t0() - Duration::seconds(30)),
            ..Default::default()
        },
        spec: JobSpec {
            completions,
            parallelism: Some(parallelism),
            backoff_limit: if per_index.is_some() && u.arbitrary()? {
                None
            } else {
                Some(u.int_in_range(0..=4)?)
            },
            backoff_limit_per_index: per_index,
            max_failed_indexes: max_failed,
            active_deadline_seconds: if u.ratio(1, 3)? {
                Some(u.int_in_range(1..=600)?)
            } else {
                None
            },
            suspend: Some(suspend),
            completion_mode: Some(if indexed {
                CompletionMode::Indexed
            } else {
                CompletionMode::NonIndexed
            }),
            pod_replacement_policy: Some(if rp_failed {
                PodReplacementPolicy::Failed
            } else {
                PodReplacementPolicy::TerminatingOrFailed
            }),
            pod_failure_policy: pfp,
            success_policy,
            managed_by: u.ratio(1, 16)?.then(|| "example.com/other".to_string()),
            template: PodTemplateSpec {
                metadata: ObjectMeta {
                    labels: Some(labels().into()),
                    ..Default::default()
                },
                spec: PodSpec {
                    restart_policy: Some(if on_failure {
                        RestartPolicy::OnFailure
                    } else {
                        RestartPolicy::Never
                    }),
                    containers: vec![Container {
                        name: "main".into(),
                        image: Some("busybox".into()),
                        ..Default::default()
                    }],
                    ..Default::default()
                }
                .into(),
            },
            ..Default::default()
        }
        .into(),
        status: Some(JobStatus::default()),
        ..Default::default()
    };
    default_job(&mut job);
    Ok(job)
}

/// A pod of the Job in any phase the controller can see.
pub fn arbitrary_pod(u: &mut Unstructured<'_>, job: &Job, i: usize) -> arbitrary::Result<Pod> {
    let c = i64::from(job.spec.completions.unwrap_or(1).max(1));
    let phase = pick(
        u,
        &[
            PodPhase::Pending,
            PodPhase::Running,
            PodPhase::Succeeded,
            PodPhase::Failed,
            PodPhase::Running,
        ],
    )?
    .clone();
    let age = i64::from(u.int_in_range(0..=600u16)?);
    let created = t0() - Duration::seconds(age);
    let finished = matches!(phase, PodPhase::Succeeded | PodPhase::Failed);
    let mut labels = job
        .spec
        .template
        .metadata
        .labels
        .clone()
        .unwrap_or_default();
    let mut annotations = BTreeMap::new();
    if job.spec.is_indexed() {
        let ix = u.int_in_range(-1..=c)?;
        if ix >= 0 {
            std::sync::Arc::make_mut(&mut labels)
                .insert(JOB_COMPLETION_INDEX.to_string(), ix.to_string());
            annotations.insert(JOB_COMPLETION_INDEX.to_string(), ix.to_string());
        }
        if u.ratio(1, 3)? {
            annotations.insert(
                JOB_INDEX_FAILURE_COUNT.to_string(),
                u.int_in_range(0..=3u8)?.to_string(),
            );
        }
    }
    let ready = phase == PodPhase::Running && u.arbitrary::<bool>()?;
    let mut conditions = vec![PodCondition {
        type_: PodConditionType::Ready,
        status: if ready {
            ConditionStatus::True
        } else {
            ConditionStatus::False
        },
        last_probe_time: None,
        last_transition_time: Some(created + Duration::seconds(2)),
        reason: None,
        message: None,
    }];
    if u.ratio(1, 6)? {
        conditions.push(PodCondition {
            type_: PodConditionType::DisruptionTarget,
            status: ConditionStatus::True,
            last_probe_time: None,
            last_transition_time: Some(created + Duration::seconds(5)),
            reason: Some("PreemptionByScheduler".into()),
            message: None,
        });
    }
    let exit = *pick(u, &[1, 2, 3, 42, 137])?;
    let orphan = u.ratio(1, 12)?;
    let deleting = u.ratio(1, 6)?;
    Ok(Pod {
        metadata: ObjectMeta {
            name: Some(format!("fuzz-{i}")),
            namespace: Some("default".into()),
            uid: Some(format!("pod-uid-{i}")),
            creation_timestamp: Some(created),
            deletion_timestamp: deleting.then(|| t0() - Duration::seconds(1)),
            deletion_grace_period_seconds: deleting.then_some(30),
            labels: Some(labels),
            annotations: Some(annotations.into()),
            owner_references: (!orphan).then(|| {
                vec![OwnerReference {
                    api_version: "batch/v1".into(),
                    kind: "Job".into(),
                    name: job.metadata.name().to_string(),
                    uid: JOB_UID.into(),
                    controller: Some(true),
                    block_owner_deletion: Some(true),
                }]
                .into()
            }),
            finalizers: u
                .ratio(3, 4)?
                .then(|| vec![JOB_TRACKING_FINALIZER.to_string()]),
            ..Default::default()
        },
        spec: job.spec.template.spec.clone(),
        status: Some(PodStatus {
            phase: Some(phase.clone()),
            conditions: Some(conditions),
            container_statuses: Some(vec![ContainerStatus {
                name: "main".into(),
                restart_count: u.int_in_range(0..=2)?,
                state: Some(ContainerState {
                    terminated: finished.then(|| ContainerStateTerminated {
                        exit_code: if phase == PodPhase::Succeeded {
                            0
                        } else {
                            exit
                        },
                        finished_at: Some(created + Duration::seconds(age / 2)),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            }]),
            ..Default::default()
        }),
        ..Default::default()
    })
}

/// Which of the given condition sets the Job's status starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartingConditions {
    None,
    Complete,
    Failed,
    FailureTarget,
    SuccessCriteriaMet,
    /// Suspended=True: a suspend (or, for an unsuspended Job, a resume) is under way.
    Suspended,
    /// Suspended=False: resumed earlier.
    Resumed,
}

/// Fills the Job's status from the given choices, consistent with the pods
/// (uncounted uids are those of finished pods, or of pods gone).
#[allow(clippy::too_many_arguments)]
pub fn set_status(
    job: &mut Job,
    pods: &[Pod],
    conditions: StartingConditions,
    counters: (i32, i32, i32, i32, i32),
    completed_mask: u16,
    failed_mask: Option<u16>,
    uncounted_mask: u16,
    gone_uncounted: bool,
) {
    let (succeeded, failed, active, ready, terminating) = counters;
    let at = t0() - Duration::minutes(1);
    let mut st = job.status.clone().unwrap_or_default();
    let finished = matches!(
        conditions,
        StartingConditions::Complete | StartingConditions::Failed
    );
    if finished || (!job.spec.is_suspended() && st.start_time.is_none() && active > 0) {
        st.start_time = Some(t0() - Duration::minutes(5));
    }
    let cond = |ty, reason| condition(ty, true, reason, at);
    st.conditions = match conditions {
        StartingConditions::None => None,
        StartingConditions::Complete => Some(vec![
            cond(JobConditionType::SuccessCriteriaMet, "CompletionsReached"),
            cond(JobConditionType::Complete, "CompletionsReached"),
        ]),
        StartingConditions::Failed => Some(vec![
            cond(JobConditionType::FailureTarget, "BackoffLimitExceeded"),
            cond(JobConditionType::Failed, "BackoffLimitExceeded"),
        ]),
        StartingConditions::FailureTarget => Some(vec![cond(
            JobConditionType::FailureTarget,
            "BackoffLimitExceeded",
        )]),
        StartingConditions::SuccessCriteriaMet => Some(vec![cond(
            JobConditionType::SuccessCriteriaMet,
            "CompletionsReached",
        )]),
        StartingConditions::Suspended => Some(vec![condition(
            JobConditionType::Suspended,
            true,
            "JobSuspended",
            at,
        )]),
        StartingConditions::Resumed => Some(vec![condition(
            JobConditionType::Suspended,
            false,
            "JobResumed",
            at,
        )]),
    };
    if conditions == StartingConditions::Complete {
        st.completion_time = Some(at);
    }
    st.active = Some(if finished { 0 } else { active });
    st.ready = Some(if finished { 0 } else { ready.min(active) });
    st.terminating = Some(if finished { 0 } else { terminating });
    st.failed = Some(failed);
    if job.spec.is_indexed() {
        let c = i64::from(job.spec.completions.unwrap_or(0));
        let completed: BTreeSet<i64> = (0..c).filter(|i| completed_mask & (1 << i) != 0).collect();
        st.succeeded = Some(completed.len() as i32);
        st.completed_indexes = Some(format_indexes(&completed));
        if job.spec.backoff_limit_per_index.is_some() {
            st.failed_indexes = failed_mask.map(|m| {
                let f: BTreeSet<i64> = (0..c)
                    .filter(|i| m & (1 << i) != 0 && !completed.contains(i))
                    .collect();
                format_indexes(&f)
            });
        }
    } else {
        st.succeeded = Some(succeeded);
    }
    if !finished {
        let mut us = Vec::new();
        let mut uf = Vec::new();
        for (i, p) in pods.iter().enumerate() {
            if i >= 16 || uncounted_mask & (1 << i) == 0 || !belongs(job, p) {
                continue;
            }
            match p.phase() {
                Some(PodPhase::Succeeded) if !job.spec.is_indexed() => {
                    us.push(p.metadata.uid().to_string())
                }
                Some(PodPhase::Failed) => uf.push(p.metadata.uid().to_string()),
                _ => {}
            }
        }
        if gone_uncounted {
            uf.push("gone-pod-uid".to_string());
        }
        st.uncounted_terminated_pods = Some(UncountedTerminatedPods {
            succeeded: (!us.is_empty()).then_some(us),
            failed: (!uf.is_empty()).then_some(uf),
        });
    }
    job.status = Some(st);
}

/// Controller memory from the given choices.
pub fn memory(
    pods: &[Pod],
    expectations: Option<(i64, i64, i64)>,
    rm_mask: u16,
    backoff: Option<(i32, i64)>,
) -> JobControllerMemory {
    let mut m = JobControllerMemory {
        expectations: expectations.map(|(add, del, age)| PodExpectations {
            add,
            del,
            timestamp: t0() - Duration::seconds(age),
        }),
        ..JobControllerMemory::default()
    };
    for (i, p) in pods.iter().enumerate().take(16) {
        if rm_mask & (1 << i) != 0 {
            m.finalizer_removals.insert(p.metadata.uid().to_string());
        }
    }
    if let Some((n, age)) = backoff {
        m.backoff.failures_after_last_success = n;
        m.backoff.last_failure_time = Some(t0() - Duration::seconds(age));
    }
    m
}

/// Whether the starting status is one the API server would have accepted.
pub fn status_is_valid(job: &Job) -> bool {
    let mut empty = job.clone();
    empty.status = None;
    kbatch::api::status_update::validate_job_status_update(&empty, job).is_empty()
}

/// A whole scenario from fuzz input; `None` when the input makes no valid one.
pub fn arbitrary_scenario(u: &mut Unstructured<'_>) -> arbitrary::Result<Option<Scenario>> {
    let mut job = arbitrary_job(u)?;
    let n = u.int_in_range(0..=10usize)?;
    let mut pods = Vec::with_capacity(n);
    for i in 0..n {
        pods.push(arbitrary_pod(u, &job, i)?);
    }
    let conditions = *pick(
        u,
        &[
            StartingConditions::None,
            StartingConditions::None,
            StartingConditions::None,
            StartingConditions::Complete,
            StartingConditions::Failed,
            StartingConditions::FailureTarget,
            StartingConditions::SuccessCriteriaMet,
            StartingConditions::Suspended,
            StartingConditions::Resumed,
        ],
    )?;
    let active = u.int_in_range(0..=4)?;
    let counters = (
        u.int_in_range(0..=4)?,
        u.int_in_range(0..=4)?,
        active,
        u.int_in_range(0..=active)?,
        u.int_in_range(0..=2)?,
    );
    let completed_mask: u16 = u.arbitrary()?;
    let failed_mask: Option<u16> = u.arbitrary()?;
    let uncounted_mask: u16 = u.arbitrary()?;
    let gone = u.ratio(1, 8)?;
    set_status(
        &mut job,
        &pods,
        conditions,
        counters,
        completed_mask,
        failed_mask,
        uncounted_mask,
        gone,
    );
    if !status_is_valid(&job) {
        return Ok(None);
    }
    let expectations = if u.ratio(1, 4)? {
        Some((
            u.int_in_range(0..=3)?,
            u.int_in_range(0..=2)?,
            u.int_in_range(0..=400)?,
        ))
    } else {
        None
    };
    let rm_mask: u16 = if u.ratio(1, 4)? { u.arbitrary()? } else { 0 };
    let backoff = if u.ratio(1, 3)? {
        Some((u.int_in_range(0..=5)?, u.int_in_range(0..=700)?))
    } else {
        None
    };
    let memory = memory(&pods, expectations, rm_mask, backoff);
    let now = t0() + Duration::seconds(i64::from(u.int_in_range(0..=900u16)?));
    let failures = if u.arbitrary()? {
        Failures {
            create: u.arbitrary()?,
            delete: u.arbitrary()?,
            patch: u.arbitrary()?,
            status: u.arbitrary()?,
            kind: u.arbitrary()?,
        }
    } else {
        Failures::default()
    };
    Ok(Some(Scenario {
        job,
        pods,
        memory,
        now,
        failures,
    }))
}

/// The fuzz entry point: panics (with every broken invariant) on a bad sync.
pub fn fuzz_one(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(Some(s)) = arbitrary_scenario(&mut u) else {
        return;
    };
    let errs = check_all(&s);
    assert!(errs.is_empty(), "{errs:#?}\nscenario: {s:#?}");
}
