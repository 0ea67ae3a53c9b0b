//! A deterministic cluster simulator: an API-server model, a kubelet model
//! and the controllers driven exactly as an embedding host drives them, over
//! a discrete-event loop on simulated time.
//!
//! Same objects, scenario and seed give the same [`Trace`] byte for byte:
//! time jumps from event to event (a heap keyed by time and insertion
//! order), every random draw comes from one seeded [`rng::Rng`], and nothing
//! here reads a clock, a file or the environment.
//!
//! ```text
//! Simulation::new(scenario, seed, controllers)
//!     .add_job(job) / .add_cronjob(cronjob)
//!     .run_for(duration)  → trace()
//! ```

pub mod apiserver;
pub mod cache;
pub mod controllers;
pub mod events;
pub mod kubelet;
pub mod rng;
pub mod scenario;
pub mod svg;
pub mod trace;

use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;

use crate::actions::{EventType, Outcome};
use crate::api::{CronJob, Job, JobConditionType, CRONJOB_SCHEDULED_TIMESTAMP};
use crate::host::{Clock, FakeClock};

use apiserver::{ApiServer, Change, NsName, PodChange};
use cache::Cache;
pub use controllers::{Controllers, PodSeen, Upstream};
use events::{EventQueue, Millis};
use kubelet::{pod_index, Kubelet, KubeletEvent, PodTransition};
use rng::Rng;
pub use scenario::Scenario;
pub use trace::Trace;
use trace::{JobOutcome, Kind, Limits, PodOutcome, What};

/// The Job controller's pod-event batching (`syncJobBatchPeriod`).
const JOB_SYNC_BATCH_MS: Millis = 1_000;
/// The Job controller's API error back-off (`DefaultJobApiBackOff`, `MaxJobApiBackOff`).
const JOB_BACKOFF_MS: (Millis, Millis) = (1_000, 60_000);
/// The CronJob controller's rate limiter (`workqueue.DefaultControllerRateLimiter`).
const CRONJOB_BACKOFF_MS: (Millis, Millis) = (5, 1_000_000);

/// The simulation could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("{kind} \"{name}\": {message}")]
    Object {
        kind: &'static str,
        name: String,
        message: String,
    },
}

enum Ev {
    Kubelet(KubeletEvent),
    Deliver(Box<Change>),
    SyncJob(NsName),
    SyncCronJob(NsName),
    TtlExpired(NsName, String),
    RestartControllers,
    Update(usize),
}

/// A simulated cluster.
pub struct Simulation<C: Controllers> {
    clock: FakeClock,
    start: DateTime<Utc>,
    now: Millis,
    queue: EventQueue<Ev>,
    api: ApiServer,
    cache: Cache,
    kubelet: Kubelet,
    scenario: Scenario,
    controllers: C,
    memory: FxHashMap<String, C::JobMemory>,
    pending_job: FxHashMap<NsName, Millis>,
    pending_cronjob: FxHashMap<NsName, Millis>,
    failures_job: FxHashMap<NsName, u32>,
    failures_cronjob: FxHashMap<NsName, u32>,
    trace: Trace,
}

/// The default start of a simulation when the scenario names none.
pub fn default_start() -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default() // 2026-01-01T00:00:00Z
}

fn backoff(failures: u32, (base, max): (Millis, Millis)) -> Millis {
    let shift = failures.saturating_sub(1).min(40);
    base.saturating_mul(1i64 << shift).min(max)
}

impl<C: Controllers> Simulation<C> {
    /// An empty cluster following `scenario`, seeded with `seed`.
    pub fn new(scenario: Scenario, seed: u64, controllers: C) -> Self {
        let start = scenario.start.unwrap_or_else(default_start);
        let mut root = Rng::new(seed);
        let api = ApiServer::new(
            start,
            root.fork(1),
            scenario.api_errors.0,
            scenario.pod_gc_threshold,
        );
        let kubelet = Kubelet::new(root.fork(2));
        let limits = Limits {
            entries: scenario.max_trace_entries,
            jobs: scenario.max_trace_entries.min(20_000),
            pod_spans: scenario.max_trace_entries.min(20_000),
        };
        let mut queue = EventQueue::default();
        for &at in &scenario.controller_restarts {
            queue.push(at, Ev::RestartControllers);
        }
        for (i, u) in scenario.updates.iter().enumerate() {
            queue.push(u.at, Ev::Update(i));
        }
        Simulation {
            clock: FakeClock::new(start),
            start,
            now: 0,
            queue,
            api,
            cache: Cache::default(),
            kubelet,
            controllers,
            memory: FxHashMap::default(),
            pending_job: FxHashMap::default(),
            pending_cronjob: FxHashMap::default(),
            failures_job: FxHashMap::default(),
            failures_cronjob: FxHashMap::default(),
            trace: Trace::new(start.to_rfc3339(), seed, limits),
            scenario,
        }
    }

    /// Create a Job, as `kubectl create` at the current time.
    pub fn add_job(&mut self, job: Job) -> Result<(), SimError> {
        let name = job.metadata.name().to_string();
        self.api.set_now(self.now);
        self.api.apply_job(job).map_err(|e| SimError::Object {
            kind: "Job",
            name,
            message: e.message,
        })?;
        self.flush();
        Ok(())
    }

    /// Create a CronJob, as `kubectl create` at the current time.
    pub fn add_cronjob(&mut self, cronjob: CronJob) -> Result<(), SimError> {
        let name = cronjob.metadata.name().to_string();
        self.api.set_now(self.now);
        self.api
            .apply_cronjob(cronjob)
            .map_err(|e| SimError::Object {
                kind: "CronJob",
                name,
                message: e.message,
            })?;
        self.flush();
        Ok(())
    }

    /// The wall time of the simulation.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The API server's state.
    pub fn api(&self) -> &ApiServer {
        &self.api
    }

    /// The record so far.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// Take the record.
    pub fn into_trace(self) -> Trace {
        self.trace
    }

    /// Everything the simulator holds besides the trace's kept records:
    /// API objects and indexes, informer cache, controller memory, kubelet
    /// plans, pending syncs and events. Bounded by live objects, not by time.
    pub fn footprint(&self) -> usize {
        self.api.pod_count()
            + self.api.job_count()
            + self.api.index_entries()
            + self.cache.entries()
            + self.memory.len()
            + self.kubelet.tracked()
            + self.pending_job.len()
            + self.pending_cronjob.len()
            + self.failures_job.len()
            + self.failures_cronjob.len()
            + self.queue.len()
    }

    /// Number of events waiting (bounded by live objects, not by time).
    pub fn queued_events(&self) -> usize {
        self.queue.len()
    }

    /// Run every event up to `duration` after the start; `progress` is
    /// called now and then with the current offset. With `until_idle`, the
    /// run ends early at the last event once nothing is left to happen.
    pub fn run_for_with(
        &mut self,
        duration: Millis,
        until_idle: bool,
        mut progress: impl FnMut(Millis),
    ) {
        let mut steps: u64 = 0;
        while let Some(at) = self.queue.peek_time() {
            if at > duration {
                break;
            }
            let Some((at, ev)) = self.queue.pop() else {
                break;
            };
            self.set_time(at);
            self.handle(ev);
            steps += 1;
            if steps % 65_536 == 0 {
                progress(at);
            }
        }
        if !(until_idle && self.queue.is_empty()) {
            self.set_time(duration.max(self.now));
        }
        self.trace.end_ms = self.now;
        progress(self.now);
    }

    /// Run every event up to `duration` after the start.
    pub fn run_for(&mut self, duration: Millis) {
        self.run_for_with(duration, false, |_| {});
    }

    fn set_time(&mut self, at: Millis) {
        self.now = at;
        self.api.set_now(at);
        self.clock
            .set(self.start + chrono::Duration::milliseconds(at));
    }

    fn handle(&mut self, ev: Ev) {
        match ev {
            Ev::Kubelet(k) => self.kubelet_event(k),
            Ev::Deliver(change) => self.deliver(*change),
            Ev::SyncJob(key) => {
                if self.pending_job.get(&key) == Some(&self.now) {
                    self.pending_job.remove(&key);
                    self.sync_job(key);
                }
            }
            Ev::SyncCronJob(key) => {
                if self.pending_cronjob.get(&key) == Some(&self.now) {
                    self.pending_cronjob.remove(&key);
                    self.sync_cronjob(key);
                }
            }
            Ev::TtlExpired(key, uid) => {
                if self.api.job(&key).is_some_and(|j| j.metadata.uid() == uid) {
                    self.api.remove_job(&key);
                }
            }
            Ev::Update(i) => {
                if let Some(u) = self.scenario.updates.get(i) {
                    let key = (
                        u.namespace.clone().unwrap_or_else(|| "default".into()),
                        u.name.clone(),
                    );
                    let kind = if u.kind == "CronJob" {
                        Kind::CronJob
                    } else {
                        Kind::Job
                    };
                    if let Some(suspend) = u.suspend {
                        if self.api.set_suspend(&u.kind, &key, suspend) {
                            let what = if suspend { "Suspended" } else { "Resumed" };
                            self.trace.record(
                                self.now,
                                kind,
                                &u.name,
                                What::Patched {
                                    change: what.to_string(),
                                },
                            );
                        }
                    }
                }
            }
            Ev::RestartControllers => {
                self.memory.clear();
                self.failures_job.clear();
                self.failures_cronjob.clear();
                self.trace.record(
                    self.now,
                    Kind::Controller,
                    "kube-controller-manager",
                    What::ControllersRestarted,
                );
                let mut jobs: Vec<NsName> = self.cache.jobs.keys().cloned().collect();
                jobs.sort_unstable();
                for k in jobs {
                    self.enqueue_job(k, self.now);
                }
                let mut cjs: Vec<NsName> = self.cache.cronjobs.keys().cloned().collect();
                cjs.sort_unstable();
                for k in cjs {
                    self.enqueue_cronjob(k, self.now);
                }
            }
        }
        self.flush();
    }

    fn enqueue_job(&mut self, key: NsName, at: Millis) {
        if self.pending_job.get(&key).is_some_and(|&t| t <= at) {
            return;
        }
        self.pending_job.insert(key.clone(), at);
        self.queue.push(at, Ev::SyncJob(key));
    }

    fn enqueue_cronjob(&mut self, key: NsName, at: Millis) {
        if self.pending_cronjob.get(&key).is_some_and(|&t| t <= at) {
            return;
        }
        self.pending_cronjob.insert(key.clone(), at);
        self.queue.push(at, Ev::SyncCronJob(key));
    }

    /// The sync's events go to the trace (moved: the outcome keeps none).
    fn record_outcome(&mut self, kind: Kind, outcome: &mut Outcome) {
        for e in std::mem::take(&mut outcome.events) {
            self.trace.record(
                self.now,
                kind,
                &e.object.name,
                What::Event {
                    warning: e.type_ == EventType::Warning,
                    reason: e.reason,
                    message: e.message,
                },
            );
        }
    }

    fn sync_job(&mut self, key: NsName) {
        let Some(job) = self.cache.jobs.get(&key) else {
            return;
        };
        let uid = job.metadata.uid().to_string();
        let pods = self.cache.pods_of(&uid);
        let memory = self
            .memory
            .entry(uid)
            .or_insert_with(|| self.controllers.new_job_memory(job));
        let now = self.clock.now();
        let mut outcome = self
            .controllers
            .sync_job(memory, job, pods, now, &mut self.api);
        self.trace.totals_mut().syncs += 1;
        self.flush();
        self.record_outcome(Kind::Job, &mut outcome);
        self.after_sync(outcome, key, true);
    }

    fn sync_cronjob(&mut self, key: NsName) {
        let Some(cronjob) = self.cache.cronjobs.get(&key) else {
            return;
        };
        let jobs = self.cache.jobs_of(cronjob.metadata.uid());
        let now = self.clock.now();
        let mut outcome = self
            .controllers
            .sync_cronjob(cronjob, jobs, now, &mut self.api);
        self.trace.totals_mut().syncs += 1;
        self.flush();
        self.record_outcome(Kind::CronJob, &mut outcome);
        self.after_sync(outcome, key, false);
    }

    fn after_sync(&mut self, outcome: Outcome, key: NsName, is_job: bool) {
        let (failures, limits) = if is_job {
            (&mut self.failures_job, JOB_BACKOFF_MS)
        } else {
            (&mut self.failures_cronjob, CRONJOB_BACKOFF_MS)
        };
        let mut next = outcome
            .requeue_after
            .map(|d| self.now + i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 4));
        if let Some(err) = &outcome.error {
            let n = failures.entry(key.clone()).or_insert(0);
            *n += 1;
            let at = self.now + backoff(*n, limits);
            next = Some(next.map_or(at, |t| t.min(at)));
            self.trace.totals_mut().sync_errors += 1;
            let kind = if is_job { Kind::Job } else { Kind::CronJob };
            self.trace.record(
                self.now,
                kind,
                &key.1,
                What::SyncError {
                    message: err.clone(),
                },
            );
        } else {
            failures.remove(&key);
        }
        if let Some(at) = next {
            if is_job {
                self.enqueue_job(key, at);
            } else {
                self.enqueue_cronjob(key, at);
            }
        }
    }

    fn kubelet_event(&mut self, ev: KubeletEvent) {
        let uid = match &ev {
            KubeletEvent::Start(u)
            | KubeletEvent::Ready(u, _)
            | KubeletEvent::Exit(u, _)
            | KubeletEvent::Disrupt(u, _)
            | KubeletEvent::Restart(u, _)
            | KubeletEvent::Stop(u) => u.clone(),
        };
        let Some(pod) = self.api.pod(&uid) else {
            return;
        };
        let name = pod.metadata.name().to_string();
        let owner = pod.metadata.controller_ref();
        let job = owner.map(|r| r.name.clone()).unwrap_or_default();
        let job_uid = owner.map(|r| r.uid.clone()).unwrap_or_default();
        // With no watch lag this write reaches the informer when the event's
        // changes are flushed, before anything reads the cache: letting the
        // cache's copy go first lets the API server write the pod in place.
        let released = self.scenario.watch_lag == 0 && self.cache.release_pod(&job_uid, &uid);
        let (next, transition) = self.kubelet.handle(ev, &mut self.api, self.now);
        if released {
            if let Some(pod) = self.api.pod_shared(&uid) {
                self.cache.restore_pod(&job_uid, &uid, pod);
            }
        }
        for (at, e) in next {
            self.queue.push(at, Ev::Kubelet(e));
        }
        let Some((_, t)) = transition else {
            return;
        };
        let now = self.now;
        let (what, span): (What, Option<(PodOutcome, Option<i32>)>) = match t {
            PodTransition::Running => {
                if let Some(s) = self.trace.pod_mut(&name) {
                    s.running_ms = Some(now);
                }
                (What::Running, None)
            }
            PodTransition::Ready => (What::Ready, None),
            PodTransition::Restarted {
                exit_code,
                restart_count,
            } => {
                self.trace.totals_mut().restarts += 1;
                if let Some(j) = self.trace.job_mut(&job) {
                    j.restarts += 1;
                }
                (
                    What::Restarted {
                        exit_code,
                        restart_count,
                    },
                    None,
                )
            }
            PodTransition::Succeeded => (What::Succeeded, Some((PodOutcome::Succeeded, Some(0)))),
            PodTransition::Failed { exit_code, reason } => (
                What::Failed { exit_code, reason },
                Some((PodOutcome::Failed, Some(exit_code))),
            ),
            PodTransition::Disrupted => (
                What::Disrupted {
                    reason: "TerminationByKubelet".into(),
                },
                Some((PodOutcome::Disrupted, Some(137))),
            ),
            PodTransition::Killed { exit_code } => (
                What::Failed {
                    exit_code,
                    reason: "Terminated".into(),
                },
                Some((PodOutcome::Killed, Some(exit_code))),
            ),
        };
        if let Some((outcome, exit_code)) = span {
            let ok = outcome == PodOutcome::Succeeded;
            if ok {
                self.trace.totals_mut().pods_succeeded += 1;
            } else {
                self.trace.totals_mut().pods_failed += 1;
            }
            if let Some(j) = self.trace.job_mut(&job) {
                if ok {
                    j.pods_succeeded += 1;
                } else {
                    j.pods_failed += 1;
                }
            }
            if let Some(s) = self.trace.pod_mut(&name) {
                s.finished_ms = Some(now);
                s.outcome = outcome;
                s.exit_code = exit_code;
            }
        }
        self.trace.record(now, Kind::Pod, &name, what);
    }

    /// Hand every queued API change to the trace, the kubelet and the informers.
    fn flush(&mut self) {
        loop {
            let changes = self.api.drain_changes();
            if changes.is_empty() {
                break;
            }
            for change in changes {
                self.observe(&change);
                if self.scenario.watch_lag > 0 {
                    let at = self.now + self.scenario.watch_lag;
                    self.queue.push(at, Ev::Deliver(Box::new(change)));
                } else {
                    self.deliver(change);
                }
            }
        }
    }

    fn deliver(&mut self, change: Change) {
        let seen = match &change {
            Change::JobRemoved { job } => {
                self.memory.remove(job.metadata.uid());
                None
            }
            Change::Pod { pod, what } => Some((
                pod,
                if *what == PodChange::Created {
                    PodSeen::Added
                } else {
                    PodSeen::Updated
                },
            )),
            Change::PodRemoved { pod } => Some((pod, PodSeen::Removed)),
            _ => None,
        };
        if let Some((pod, seen)) = seen {
            let owner = pod.metadata.controller_ref().map(|r| r.uid.as_str());
            if let Some(memory) = owner.and_then(|o| self.memory.get_mut(o)) {
                self.controllers.observe_pod(memory, seen, pod);
            }
        }
        let wake = self.cache.apply(change);
        if let Some((key, immediate)) = wake.job {
            let at = if immediate {
                self.now
            } else {
                self.now + JOB_SYNC_BATCH_MS
            };
            self.enqueue_job(key, at);
        }
        if let Some(key) = wake.cronjob {
            self.enqueue_cronjob(key, self.now);
        }
    }

    /// The API server's side effects: trace, kubelet, TTL.
    fn observe(&mut self, change: &Change) {
        let now = self.now;
        match change {
            Change::Pod { pod, what } => {
                let name = pod.metadata.name();
                match what {
                    PodChange::Created => {
                        let index = pod_index(pod);
                        let owner = pod.metadata.controller_ref();
                        let job = owner.map(|r| r.name.as_str()).unwrap_or("");
                        let job_uid = owner.map(|r| r.uid.as_str()).unwrap_or("");
                        let cronjob = self
                            .api
                            .job(&(pod.metadata.namespace().to_string(), job.to_string()))
                            .and_then(|j| j.metadata.controller_ref())
                            .map(|r| r.name.clone());
                        self.trace.pod_created(now, name, job, index);
                        self.trace
                            .record(now, Kind::Pod, name, What::Created { index });
                        let next = self.kubelet.admit(
                            pod,
                            job,
                            cronjob.as_deref(),
                            job_uid,
                            &self.scenario,
                            now,
                        );
                        for (at, e) in next {
                            self.queue.push(at, Ev::Kubelet(e));
                        }
                    }
                    PodChange::Deleting => {
                        self.trace.record(now, Kind::Pod, name, What::Deleting);
                        for (at, e) in self.kubelet.on_deleting(pod, now) {
                            self.queue.push(at, Ev::Kubelet(e));
                        }
                    }
                    PodChange::Updated => {}
                }
            }
            Change::PodRemoved { pod } => {
                let name = pod.metadata.name();
                self.kubelet.forget_pod(pod.metadata.uid());
                self.trace.record(now, Kind::Pod, name, What::Removed);
                self.trace.pod_gone(name);
            }
            Change::Job {
                job,
                created,
                new_conditions,
            } => {
                let name = job.metadata.name();
                if *created {
                    let owner = job
                        .metadata
                        .controller_ref()
                        .filter(|r| r.kind == "CronJob");
                    self.trace
                        .job_created(now, name, owner.map(|r| r.name.as_str()));
                    self.trace
                        .record(now, Kind::Job, name, What::Created { index: None });
                    if let Some(owner) = owner {
                        let scheduled = job
                            .metadata
                            .annotation(CRONJOB_SCHEDULED_TIMESTAMP)
                            .unwrap_or("")
                            .to_string();
                        let slot_ms = DateTime::parse_from_rfc3339(&scheduled)
                            .map(|t| self.api.offset(t.to_utc()))
                            .unwrap_or(now);
                        self.trace.slot(&owner.name, slot_ms);
                        self.trace.record(
                            now,
                            Kind::CronJob,
                            &owner.name,
                            What::SlotRun {
                                job: name.to_string(),
                                scheduled,
                            },
                        );
                    }
                }
                let status = job.status();
                if let Some(s) = self.trace.job_mut(name) {
                    s.completions = i64::from(status.succeeded.unwrap_or(0));
                    s.failed = i64::from(status.failed.unwrap_or(0));
                }
                for (condition, reason) in new_conditions {
                    self.trace.record(
                        now,
                        Kind::Job,
                        name,
                        What::Condition {
                            condition: condition.clone(),
                            reason: reason.clone(),
                        },
                    );
                    let outcome = match condition.as_str() {
                        "Complete" => Some(JobOutcome::Complete),
                        "Failed" => Some(JobOutcome::Failed),
                        _ => None,
                    };
                    if let Some(outcome) = outcome {
                        if outcome == JobOutcome::Complete {
                            self.trace.totals_mut().jobs_complete += 1;
                        } else {
                            self.trace.totals_mut().jobs_failed += 1;
                        }
                        if let Some(s) = self.trace.job_mut(name) {
                            s.outcome = outcome;
                            s.reason = Some(reason.clone()).filter(|r| !r.is_empty());
                            s.finished_ms = Some(now);
                        }
                        if let Some(ttl) = job.spec.ttl_seconds_after_finished {
                            let key = (job.metadata.namespace().to_string(), name.to_string());
                            self.queue.push(
                                now + i64::from(ttl.max(0)) * 1000,
                                Ev::TtlExpired(key, job.metadata.uid().to_string()),
                            );
                        }
                    }
                }
            }
            Change::JobRemoved { job } => {
                let name = job.metadata.name();
                let finished = job.has_true_condition(&JobConditionType::Complete)
                    || job.has_true_condition(&JobConditionType::Failed);
                if !finished {
                    self.trace.totals_mut().jobs_deleted_unfinished += 1;
                }
                if let Some(s) = self.trace.job_mut(name) {
                    if s.outcome == JobOutcome::Running {
                        s.outcome = JobOutcome::Deleted;
                        s.finished_ms = Some(now);
                    }
                }
                self.trace.job_gone(name);
                self.trace.record(now, Kind::Job, name, What::Removed);
                self.kubelet.forget_job(job.metadata.uid());
            }
            Change::CronJob { .. } => {}
            Change::Injected { operation, name } => {
                self.trace.totals_mut().injected_errors += 1;
                self.trace.record(
                    now,
                    Kind::Controller,
                    name,
                    What::InjectedError {
                        operation: operation.to_string(),
                    },
                );
            }
        }
    }
}
