//! A tiny API world for the CronJob controller and the properties every sync
//! must keep. Shared by the cargo-fuzz target (`cronjob.rs`), its seed test
//! (`tests/fuzz_cronjob_seeds.rs`) and the property tests
//! (`tests/cronjob_properties.rs`), each including it by `#[path]`.
//!
//! The world holds one CronJob and its Jobs; Jobs finish at times fixed by
//! the scenario. A run drives `sync_cronjob` many times through
//! `kbatch::host::execute`, moving time to the requeue or to other events,
//! with API faults (errors) taken in order from the scenario.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use arbitrary::Arbitrary;
use chrono::{DateTime, Datelike, Duration, Offset, TimeZone, Utc};

use kbatch::actions::{ApiError, ApiErrorKind, ObjectKey, Operation, Outcome, Reconcile};
use kbatch::api::{
    ConcurrencyPolicy, ConditionStatus, CronJob, CronJobSpec, CronJobStatus, Job, JobCondition,
    JobConditionType, JobStatus, ObjectMeta, ObjectReference, OwnerReference, Pod,
    CRONJOB_SCHEDULED_TIMESTAMP,
};
use kbatch::cronjob::sync_cronjob;
use kbatch::host::{execute, JobControl, PodControl};
use kbatch::schedule::{load_time_zone, Schedule};

/// Realistic schedules: regular, uneven, DST-sensitive, `@every`, a
/// never-firing one and a schedule carrying its own zone.
pub const SCHEDULES: &[&str] = &[
    "* * * * *",
    "*/5 * * * *",
    "0 * * * *",
    "15 */6 * * *",
    "30 2 * * *",
    "0 1 * * *",
    "30 1 * * *",
    "0,30 * * * *",
    "30 10,11,12 * * 1-5",
    "0 9 * * MON-FRI",
    "*/15 9-17 * * *",
    "0 0 * * 0",
    "0 0 1 * *",
    "0 0 29 2 *",
    "@hourly",
    "@daily",
    "@weekly",
    "@every 45s",
    "@every 7m",
    "@every 1h30m",
    "59 23 31 2 *",
    "TZ=Europe/Berlin 0 3 * * *",
];

/// Time zones, including ones with DST gaps and Lord Howe's 30-minute shift.
pub const ZONES: &[&str] = &[
    "UTC",
    "America/New_York",
    "Australia/Lord_Howe",
    "Europe/London",
    "Asia/Kolkata",
];

pub const NAME: &str = "c";
pub const NAMESPACE: &str = "ns";
pub const UID: &str = "cj-uid";

/// The base of scenario times: a week before New York's spring forward and
/// five weeks before Lord Howe's fall back.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

/// Who controls an initial Job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Arbitrary)]
pub enum Owner {
    /// This CronJob.
    Ours,
    /// A CronJob of the same name with another uid (an earlier incarnation):
    /// listed as owned (upstream matches by name), not controlled.
    Earlier,
    /// Another CronJob: never listed.
    Other,
}

/// A Job present before the first sync.
#[derive(Debug, Clone)]
pub struct InitJob {
    /// `Some(m)`: named for the slot `m` minutes before the start.
    pub slot_minutes_back: Option<u32>,
    pub owner: Owner,
    /// Seconds relative to the start.
    pub start: Option<i64>,
    /// When it finishes (relative seconds) and whether it succeeds.
    pub finish: Option<(i64, bool)>,
    /// Listed in `status.active` (ignored for `Owner::Other`).
    pub in_active: bool,
}

/// What moves time between syncs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Arbitrary)]
pub enum Step {
    /// To the requeue the last sync asked for (else one minute on).
    Requeue,
    /// This many seconds on.
    Advance(u32),
    /// To the first unfinished Job's finish (a Job update event).
    NextFinish,
    /// Flip `spec.suspend`, then one second on.
    ToggleSuspend,
    /// As `Requeue`, but the next sync is handed the CronJob as it was
    /// before the last sync (a lagging informer); the API has the new one.
    StaleRead,
}

/// An API call's answer forced by the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Arbitrary)]
pub enum Fault {
    /// The world answers.
    None,
    /// `CreateJob` → AlreadyExists (whether or not it does); other calls: Other.
    AlreadyExists,
    /// Any call → NotFound.
    NotFound,
    /// Any call → Conflict.
    Conflict,
    /// `CreateJob` → NamespaceTerminating; other calls: Other.
    NamespaceTerminating,
    /// Any call → Other.
    Other,
}

/// A whole simulated run.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub schedule: String,
    pub time_zone: Option<String>,
    pub policy: Option<ConcurrencyPolicy>,
    pub deadline: Option<i64>,
    pub suspend: Option<bool>,
    pub successful_limit: Option<i32>,
    pub failed_limit: Option<i32>,
    /// The CronJob's creationTimestamp and lastScheduleTime, relative seconds.
    pub created: i64,
    pub last_schedule: Option<i64>,
    pub jobs: Vec<InitJob>,
    /// `status.active` entries whose Job does not exist.
    pub dangling: usize,
    /// The first sync's time.
    pub start: DateTime<Utc>,
    pub steps: Vec<Step>,
    /// Run time (seconds, negative = never finishes) and success of the
    /// Jobs the controller creates, used in turn.
    pub runtimes: Vec<(i64, bool)>,
    /// Answers forced on the API calls, in order; then the world answers.
    pub faults: Vec<Fault>,
}

/// Counts over a run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    pub syncs: usize,
    pub created: usize,
    pub deleted: usize,
    pub errors: usize,
}

fn rel(start: DateTime<Utc>, secs: i64) -> Option<DateTime<Utc>> {
    start.checked_add_signed(Duration::try_seconds(secs)?)
}

#[derive(Debug, Clone)]
struct SimJob {
    base: Job,
    finish: Option<(DateTime<Utc>, bool)>,
    created_in_sim: bool,
    /// Slot of a Job the controller created (its creationTimestamp as sent).
    slot: Option<DateTime<Utc>>,
    /// Created by a sync whose status write failed: the controller lost
    /// track of it (upstream sees it as `UnexpectedJob` from then on).
    lost: bool,
}

impl SimJob {
    fn finished_at(&self, now: DateTime<Utc>) -> Option<bool> {
        match self.finish {
            Some((at, ok)) if at <= now => Some(ok),
            _ => None,
        }
    }

    fn at(&self, now: DateTime<Utc>) -> Job {
        let mut job = self.base.clone();
        let mut status = JobStatus {
            start_time: job.status.as_ref().and_then(|s| s.start_time),
            ..JobStatus::default()
        };
        if let (Some(ok), Some((at, _))) = (self.finished_at(now), self.finish) {
            let type_ = if ok {
                JobConditionType::Complete
            } else {
                JobConditionType::Failed
            };
            status.conditions = Some(vec![JobCondition {
                type_,
                status: ConditionStatus::True,
                last_probe_time: None,
                last_transition_time: Some(at),
                reason: None,
                message: None,
            }]);
            if ok {
                status.completion_time = Some(at);
            }
        }
        job.status = Some(status);
        job
    }

    fn listed(&self) -> bool {
        self.base.metadata.namespace() == NAMESPACE
            && self
                .base
                .metadata
                .controller_ref()
                .is_some_and(|r| r.name == NAME)
    }
}

/// The API server and the clock.
#[derive(Debug, Clone)]
struct World {
    cronjob: CronJob,
    jobs: BTreeMap<String, SimJob>,
    now: DateTime<Utc>,
    runtimes: Vec<(i64, bool)>,
    faults: Vec<Fault>,
    next_fault: usize,
    next_uid: u64,
    /// The stored CronJob before the last sync, and the copy the next sync
    /// is handed instead of the stored one, if stale.
    previous: CronJob,
    stale: Option<CronJob>,
    /// This sync: its input active lists (handed and stored), calls, successful creates, log.
    input_active: Vec<ObjectReference>,
    calls: usize,
    log: Vec<Operation>,
    created: Vec<String>,
    deleted: usize,
    violations: Vec<String>,
    strict: bool,
}

/// A sync asking for more calls than this does not terminate.
const MAX_CALLS_PER_SYNC: usize = 10_000;

fn err(kind: ApiErrorKind, what: &str) -> ApiError {
    let message = format!("{what}: {kind:?}");
    ApiError::new(kind, message)
}

impl World {
    fn fault(&mut self) -> Fault {
        let f = self.faults.get(self.next_fault).copied();
        self.next_fault += 1;
        f.unwrap_or(Fault::None)
    }

    /// Log the call and answer it with the next forced fault, if any.
    /// NotFound is only forced on objects that are really gone (reads go to
    /// the API server, not a cache); otherwise it becomes Other.
    fn call(&mut self, op: Operation, exists: bool) -> Result<(), ApiError> {
        self.calls += 1;
        assert!(
            self.calls <= MAX_CALLS_PER_SYNC,
            "the sync did not terminate: {} calls",
            self.calls
        );
        let is_create = matches!(op, Operation::CreateJob(_));
        self.log.push(op);
        match self.fault() {
            Fault::None => Ok(()),
            Fault::AlreadyExists if is_create => Err(err(ApiErrorKind::AlreadyExists, "fault")),
            Fault::NamespaceTerminating if is_create => {
                Err(err(ApiErrorKind::NamespaceTerminating, "fault"))
            }
            Fault::NotFound if !exists => Err(err(ApiErrorKind::NotFound, "fault")),
            Fault::Conflict => Err(err(ApiErrorKind::Conflict, "fault")),
            _ => Err(err(ApiErrorKind::Other, "fault")),
        }
    }

    fn unfinished(&self, name: &str) -> bool {
        self.jobs
            .get(name)
            .is_some_and(|j| j.finished_at(self.now).is_none())
    }

    /// Forbid and Replace at the moment of a create.
    fn check_concurrency(&mut self, new_name: &str) {
        let policy = self.cronjob.spec.concurrency_policy.clone();
        let running: Vec<String> = self
            .input_active
            .iter()
            .filter_map(|r| r.name.clone())
            .filter(|n| self.unfinished(n))
            .collect();
        match policy {
            Some(ConcurrencyPolicy::Forbid) => {
                if !running.is_empty() {
                    self.violations.push(format!(
                        "Forbid: created {new_name} while status.active lists running {running:?}"
                    ));
                }
                if self.strict {
                    let ours: Vec<&String> = self
                        .jobs
                        .iter()
                        .filter(|(_, j)| {
                            j.created_in_sim && !j.lost && j.finished_at(self.now).is_none()
                        })
                        .map(|(n, _)| n)
                        .collect();
                    if !ours.is_empty() {
                        self.violations.push(format!(
                            "Forbid: created {new_name} while its own {ours:?} still run"
                        ));
                    }
                }
            }
            Some(ConcurrencyPolicy::Replace) if !running.is_empty() => {
                self.violations.push(format!(
                    "Replace: created {new_name} before deleting running {running:?}"
                ));
            }
            _ => {}
        }
    }

    fn bump(&mut self) {
        let rv = self.cronjob.metadata.resource_version.as_deref();
        let n = rv.and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
        self.cronjob.metadata.resource_version = Some((n + 1).to_string());
    }

    fn runtime(&self, n: usize) -> (i64, bool) {
        if self.runtimes.is_empty() {
            return (-1, true);
        }
        self.runtimes[n % self.runtimes.len()]
    }
}

impl JobControl for World {
    fn update_job_status(&mut self, job: &Job) -> Result<Job, ApiError> {
        self.violations
            .push("the CronJob controller wrote a Job status".to_string());
        Ok(job.clone())
    }

    fn get_job(&mut self, key: &ObjectKey) -> Result<Job, ApiError> {
        let exists = self.jobs.contains_key(&key.name);
        self.call(Operation::GetJob(key.clone()), exists)?;
        match self.jobs.get(&key.name) {
            Some(j) if key.namespace == NAMESPACE => Ok(j.at(self.now)),
            _ => Err(err(ApiErrorKind::NotFound, &key.name)),
        }
    }

    fn create_job(&mut self, job: &Job) -> Result<Job, ApiError> {
        self.call(Operation::CreateJob(Box::new(job.clone())), true)?;
        let name = job.metadata.name().to_string();
        if self.jobs.contains_key(&name) {
            return Err(err(ApiErrorKind::AlreadyExists, &name));
        }
        self.check_concurrency(&name);
        let mut stored = job.clone();
        stored.metadata.uid = Some(format!("uid-{}", self.next_uid));
        stored.metadata.resource_version = Some("1".to_string());
        stored.status = Some(JobStatus {
            start_time: Some(self.now),
            ..JobStatus::default()
        });
        let (secs, ok) = self.runtime(self.next_uid as usize);
        self.next_uid += 1;
        let finish = if secs < 0 {
            None
        } else {
            rel(self.now, secs).map(|at| (at, ok))
        };
        let slot = job.metadata.creation_timestamp;
        self.jobs.insert(
            name.clone(),
            SimJob {
                base: stored.clone(),
                finish,
                created_in_sim: true,
                slot,
                lost: false,
            },
        );
        self.created.push(name);
        Ok(stored)
    }

    fn delete_job(&mut self, key: &ObjectKey) -> Result<(), ApiError> {
        let exists = self.jobs.contains_key(&key.name);
        self.call(Operation::DeleteJob(key.clone()), exists)?;
        match self.jobs.get(&key.name) {
            Some(j) if key.namespace == NAMESPACE => {
                if !j.listed() {
                    self.violations.push(format!(
                        "deleted {} which this CronJob does not own",
                        key.name
                    ));
                }
                self.jobs.remove(&key.name);
                self.deleted += 1;
                Ok(())
            }
            _ => Err(err(ApiErrorKind::NotFound, &key.name)),
        }
    }

    fn get_cronjob(&mut self, key: &ObjectKey) -> Result<CronJob, ApiError> {
        self.call(Operation::GetCronJob(key.clone()), true)?;
        if key.name == NAME && key.namespace == NAMESPACE {
            Ok(self.cronjob.clone())
        } else {
            Err(err(ApiErrorKind::NotFound, &key.name))
        }
    }

    fn update_cronjob_status(&mut self, cronjob: &CronJob) -> Result<CronJob, ApiError> {
        self.call(
            Operation::UpdateCronJobStatus(Box::new(cronjob.clone())),
            true,
        )?;
        // Optimistic concurrency: a write from an old copy conflicts.
        if cronjob.metadata.resource_version != self.cronjob.metadata.resource_version {
            return Err(err(ApiErrorKind::Conflict, "stale resourceVersion"));
        }
        self.cronjob.status = cronjob.status.clone();
        self.bump();
        Ok(self.cronjob.clone())
    }
}

struct NoPods;

impl PodControl for NoPods {
    fn create_pod(&mut self, _: &Pod) -> Result<Pod, ApiError> {
        Err(err(ApiErrorKind::Other, "no pods in a CronJob sync"))
    }
    fn delete_pod(&mut self, _: &ObjectKey) -> Result<(), ApiError> {
        Err(err(ApiErrorKind::Other, "no pods in a CronJob sync"))
    }
    fn remove_finalizer(&mut self, _: &ObjectKey) -> Result<(), ApiError> {
        Err(err(ApiErrorKind::Other, "no pods in a CronJob sync"))
    }
    fn patch_pod(&mut self, _: &ObjectKey, _: &serde_json::Value) -> Result<(), ApiError> {
        Err(err(ApiErrorKind::Other, "no pods in a CronJob sync"))
    }
}

fn owner_ref(owner: Owner) -> OwnerReference {
    let (name, uid) = match owner {
        Owner::Ours => (NAME, UID),
        Owner::Earlier => (NAME, "cj-uid-earlier"),
        Owner::Other => ("d", "d-uid"),
    };
    OwnerReference {
        api_version: "batch/v1".to_string(),
        kind: "CronJob".to_string(),
        name: name.to_string(),
        uid: uid.to_string(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

fn build_world(s: &Scenario, strict: bool) -> World {
    let start = s.start;
    let at = |secs: i64| rel(start, secs);
    let mut active = Vec::new();
    let mut jobs = BTreeMap::new();
    for (i, ij) in s.jobs.iter().enumerate() {
        let name = match ij.slot_minutes_back {
            Some(m) => format!("{NAME}-{}", start.timestamp() / 60 - i64::from(m)),
            None => format!("{NAME}-manual-{i}"),
        };
        let job = Job {
            metadata: ObjectMeta {
                name: Some(name.clone()),
                namespace: Some(NAMESPACE.to_string()),
                uid: Some(format!("init-{i}")),
                owner_references: Some(vec![owner_ref(ij.owner)].into()),
                ..ObjectMeta::default()
            },
            status: Some(JobStatus {
                start_time: ij.start.and_then(at),
                ..JobStatus::default()
            }),
            ..Job::default()
        };
        if ij.in_active && ij.owner != Owner::Other && !jobs.contains_key(&name) {
            active.push(kbatch::cronjob::active::job_reference(&job));
        }
        let finish = ij.finish.and_then(|(t, ok)| at(t).map(|t| (t, ok)));
        jobs.entry(name).or_insert(SimJob {
            base: job,
            finish,
            created_in_sim: false,
            slot: None,
            lost: false,
        });
    }
    for i in 0..s.dangling {
        active.push(ObjectReference {
            kind: Some("Job".to_string()),
            namespace: Some(NAMESPACE.to_string()),
            name: Some(format!("{NAME}-gone-{i}")),
            uid: Some(format!("gone-{i}")),
            api_version: Some("batch/v1".to_string()),
            resource_version: None,
        });
    }
    let cronjob = CronJob {
        metadata: ObjectMeta {
            name: Some(NAME.to_string()),
            namespace: Some(NAMESPACE.to_string()),
            uid: Some(UID.to_string()),
            resource_version: Some("1".to_string()),
            creation_timestamp: at(s.created),
            ..ObjectMeta::default()
        },
        spec: CronJobSpec {
            schedule: s.schedule.clone(),
            time_zone: s.time_zone.clone(),
            starting_deadline_seconds: s.deadline,
            concurrency_policy: s.policy.clone(),
            suspend: s.suspend,
            successful_jobs_history_limit: s.successful_limit,
            failed_jobs_history_limit: s.failed_limit,
            ..CronJobSpec::default()
        }
        .into(),
        status: Some(CronJobStatus {
            active: Some(active),
            last_schedule_time: s.last_schedule.and_then(at),
            last_successful_time: None,
        }),
        ..CronJob::default()
    };
    World {
        previous: cronjob.clone(),
        stale: None,
        cronjob,
        jobs,
        now: start,
        runtimes: s.runtimes.clone(),
        faults: s.faults.clone(),
        next_fault: 0,
        next_uid: 0,
        input_active: Vec::new(),
        calls: 0,
        log: Vec::new(),
        created: Vec::new(),
        deleted: 0,
        violations: Vec::new(),
        strict,
    }
}

/// One sync at `world.now`; the world applies its calls.
fn sync_once(world: &mut World) -> Outcome {
    let input = world.stale.take().unwrap_or_else(|| world.cronjob.clone());
    world.input_active = input.status().active.clone().unwrap_or_default();
    let stored = world.cronjob.status().active.clone().unwrap_or_default();
    world.input_active.extend(stored);
    world.calls = 0;
    world.log.clear();
    world.created.clear();
    world.deleted = 0;
    let listed: Vec<Job> = world.jobs.values().map(|j| j.at(world.now)).collect();
    let mut sync = sync_cronjob(&input, &listed, world.now);
    let outcome = execute(&mut sync, &mut NoPods, world);
    if sync.poll_batch().is_some() {
        world
            .violations
            .push("the sync asked for calls after it ended".to_string());
    }
    outcome
}

/// The schedule as the controller evaluates it, when it parses.
fn engine(s: &Scenario) -> Option<Schedule> {
    if let Some(z) = &s.time_zone {
        load_time_zone(z).ok()?;
    }
    Schedule::parse(&s.schedule, s.time_zone.as_deref()).ok()
}

fn every_seconds(schedule: &Schedule) -> Option<i64> {
    schedule.every_seconds().map(|d| d as i64)
}

/// Whether robfig's `Next` around `t` is the plain "first fire time after":
/// not so in Lord Howe (its Next chain can step over a matching instant at
/// the half-hour shift, see `Schedule::prev_at_or_before`), nor where the
/// zone's offset has seconds (pre-1900 local mean times): there `Next`
/// truncates to the UTC minute (`t.Truncate(time.Minute)`) and, depending
/// on where it starts, lands one slot later. Upstream walks that chain
/// (`mostRecentScheduleTime`, `nextScheduleTimeDuration`), so the slot and
/// the requeue follow it, not the plain answer.
fn next_is_exact(schedule: &Schedule, t: DateTime<Utc>) -> bool {
    let tz = schedule.time_zone();
    let offset = tz.offset_from_utc_datetime(&t.naive_utc()).fix();
    tz.name() != "Australia/Lord_Howe" && offset.local_minus_utc() % 60 == 0
}

/// Go's `t.In(zone).Format(time.RFC3339)`: "Z" for a zero offset, else the
/// offset in whole minutes truncated toward zero, sign from that.
fn go_rfc3339(t: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
    let local = t.with_timezone(&zone);
    let offset = local.offset().fix().local_minus_utc();
    // Go's appendInt(year, 4): zero-padded, a plain minus sign, no plus
    // sign past 9999 (chrono's %Y writes "+10000").
    let year = local.year();
    let year = if year < 0 {
        format!("-{:04}", -year)
    } else {
        format!("{year:04}")
    };
    let wall = format!("{year}{}", local.format("-%m-%dT%H:%M:%S"));
    if offset == 0 {
        return format!("{wall}Z");
    }
    let minutes = offset / 60;
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.abs();
    format!("{wall}{sign}{:02}:{:02}", m / 60, m % 60)
}

/// Properties of one sync, given the world before (`before`) and after it.
fn check_sync(
    s: &Scenario,
    schedule: Option<&Schedule>,
    before: &World,
    after: &World,
    outcome: &Outcome,
    slots_run: &BTreeSet<DateTime<Utc>>,
) -> Vec<String> {
    let mut v = Vec::new();
    let now = before.now;
    let creates = after
        .log
        .iter()
        .filter(|o| matches!(o, Operation::CreateJob(_)))
        .count();
    if creates > 1 {
        v.push(format!("{creates} CreateJob calls in one sync"));
    }
    let old_last = before.cronjob.status().last_schedule_time;
    let new_last = after.cronjob.status().last_schedule_time;
    if let (Some(o), n) = (old_last, new_last) {
        if n.is_none_or(|n| n < o) {
            v.push(format!("lastScheduleTime moved back: {o} -> {n:?}"));
        }
    }

    let old_success = before.cronjob.status().last_successful_time;
    let new_success = after.cronjob.status().last_successful_time;
    if let Some(o) = old_success {
        if new_success.is_none_or(|n| n < o) {
            v.push(format!(
                "lastSuccessfulTime moved back: {o} -> {new_success:?}"
            ));
        }
    }

    for name in &after.created {
        let Some(job) = after.jobs.get(name) else {
            continue;
        };
        let Some(schedule) = schedule else {
            v.push(format!(
                "created {name} from a schedule that does not parse"
            ));
            continue;
        };
        // getJobFromTemplate2 sends creationTimestamp = the slot.
        let Some(slot) = job.slot else {
            v.push(format!("{name}: no creationTimestamp"));
            continue;
        };
        let annotation = job
            .base
            .metadata
            .annotation(CRONJOB_SCHEDULED_TIMESTAMP)
            .unwrap_or("");
        if *name != format!("{NAME}-{}", slot.timestamp() / 60) {
            v.push(format!("{name}: name is not the slot's ({slot})"));
        }
        if slot > now {
            v.push(format!("{name}: slot {slot} is after now {now}"));
        }
        if let Some(d) = s.deadline {
            // `scheduledTime.Add(time.Second * time.Duration(d)).Before(now)`:
            // Go's multiplication wraps, so a huge negative deadline can land
            // in the future (and a huge positive one in the past).
            let wrapped = Duration::nanoseconds(d.wrapping_mul(1_000_000_000));
            if slot.checked_add_signed(wrapped).is_some_and(|t| t < now) {
                v.push(format!(
                    "{name}: slot {slot} + {d}s (as Go wraps it) is before now {now}"
                ));
            }
        }
        if let Some(o) = old_last {
            if slot <= o {
                v.push(format!(
                    "{name}: slot {slot} not after lastScheduleTime {o}"
                ));
            }
        }
        if after.strict && outcome.error.is_none() && new_last != Some(slot) {
            v.push(format!(
                "{name}: lastScheduleTime {new_last:?} is not the slot {slot}"
            ));
        }
        // The annotation is the slot in spec.timeZone, as Go's RFC 3339.
        if let Ok(z) = load_time_zone(s.time_zone.as_deref().unwrap_or("")) {
            let want = go_rfc3339(slot, z);
            if annotation != want {
                v.push(format!(
                    "{name}: annotation {annotation:?}, Go writes {want:?}"
                ));
            }
        }
        if every_seconds(schedule).is_none() {
            let back = slot.checked_sub_signed(Duration::seconds(1));
            if back.and_then(|b| schedule.next_after(b)) != Some(slot) {
                v.push(format!(
                    "{name}: slot {slot} is not a fire time of {schedule}"
                ));
            }
        }
        if after.strict {
            // A slot recorded by a successful sync never runs again. Handed
            // a stale CronJob (older lastScheduleTime), upstream relies on
            // the Job's name as the lock ("we might not see our own status
            // update, and then post one again", syncCronJob); once history
            // cleanup deleted that Job, the slot runs again.
            if before.stale.is_none() && slots_run.contains(&slot) {
                v.push(format!("{name}: slot {slot} ran twice"));
            }
            if every_seconds(schedule).is_none() && next_is_exact(schedule, slot) {
                // Upstream walks robfig's Next chain to the last slot at or
                // before now; outside Lord Howe's half-hour shift that is the
                // latest fire time.
                let latest = schedule.prev_at_or_before(now);
                if latest != Some(slot) {
                    v.push(format!(
                        "{name}: slot {slot} is not the latest fire time {latest:?}"
                    ));
                }
            }
        }
    }

    if let (Some(r), Some(schedule)) = (outcome.requeue_after, schedule) {
        let delta = Duration::from_std(r).unwrap_or(Duration::MAX);
        let at = now.checked_add_signed(delta);
        let fire = at.and_then(|a| a.checked_sub_signed(Duration::milliseconds(100)));
        let next = schedule.next_after(now);
        match (fire, every_seconds(schedule)) {
            (Some(f), None) => {
                let exact = next_is_exact(schedule, now);
                if exact && next.is_none() {
                    if !r.is_zero() {
                        v.push(format!("requeue {r:?} with no next fire time"));
                    }
                } else if exact && Some(f) != next {
                    v.push(format!(
                        "requeue {r:?} lands at {f} + 100ms, next fire time is {next:?}"
                    ));
                } else if next.is_none() && r.is_zero() {
                    // robfig found nothing within five years: zero time.
                } else if f <= now || schedule.next_after(f - Duration::seconds(1)) != Some(f) {
                    v.push(format!(
                        "requeue {r:?} lands at {f} + 100ms, not a fire time"
                    ));
                }
            }
            (Some(f), Some(d)) => {
                if f <= now || f > now + Duration::seconds(d) || f.timestamp_subsec_nanos() != 0 {
                    v.push(format!(
                        "@every {d}s: requeue {r:?} lands at {f} + 100ms from {now}"
                    ));
                }
            }
            // Past chrono's range (year 9999 + 292 years): nothing to compare.
            (None, _) => {}
        }
    }

    if after.strict {
        for (limit, ok) in [(s.successful_limit, true), (s.failed_limit, false)] {
            let Some(limit) = limit else { continue };
            // A Job created by this sync may finish at once; cleanup ran
            // before it existed.
            let kept = after
                .jobs
                .iter()
                .filter(|(n, _)| !after.created.contains(n))
                .filter(|(_, j)| j.listed() && j.finished_at(now) == Some(ok))
                .count();
            if kept as i64 > i64::from(limit.max(0)) {
                let kind = if ok { "succeeded" } else { "failed" };
                v.push(format!("{kept} {kind} Jobs kept, limit {limit}"));
            }
        }
        // After a failed sync the stored status may lag (a stale write
        // conflicted); the next sync drops missing entries (MissingJob).
        let active = match outcome.error {
            None => after.cronjob.status().active.as_deref().unwrap_or(&[]),
            Some(_) => &[],
        };
        for r in active {
            let name = r.name.as_deref().unwrap_or("");
            if !after.jobs.contains_key(name) {
                v.push(format!("status.active lists {name}, which does not exist"));
            }
        }
    }
    v
}

/// Run the scenario; `strict` adds the properties that need a faultless
/// API. `Err` names the first sync that broke a property.
pub fn run(s: &Scenario, strict: bool) -> Result<Stats, String> {
    let mut world = build_world(s, strict);
    let schedule = engine(s);
    let mut stats = Stats::default();
    let mut slots_run = BTreeSet::new();
    let mut steps = s.steps.iter();
    loop {
        let before = world.clone();
        // Determinism: the same sync on a copy of the world does the same.
        let mut twin = world.clone();
        let twin_outcome = sync_once(&mut twin);
        let outcome = sync_once(&mut world);
        let mut violations = std::mem::take(&mut world.violations);
        if twin.log != world.log || twin_outcome != outcome || twin.cronjob != world.cronjob {
            violations.push("the same sync on the same world did something else".to_string());
        }
        violations.extend(check_sync(
            s,
            schedule.as_ref(),
            &before,
            &world,
            &outcome,
            &slots_run,
        ));
        // Idempotence: once a sync succeeded, another at the same time
        // creates no Job.
        if outcome.error.is_none() {
            let mut again = world.clone();
            let _ = sync_once(&mut again);
            if !again.created.is_empty() {
                violations.push(format!(
                    "a second sync at the same time created {:?}",
                    again.created
                ));
            }
        }
        world.previous = before.cronjob.clone();
        if outcome.error.is_some() {
            for name in &world.created {
                if let Some(j) = world.jobs.get_mut(name) {
                    j.lost = true;
                }
            }
        }
        if outcome.error.is_none() {
            for name in &world.created {
                if let Some(slot) = world.jobs.get(name).and_then(|j| j.slot) {
                    slots_run.insert(slot);
                }
            }
        }
        stats.syncs += 1;
        stats.created += world.created.len();
        stats.deleted += world.deleted;
        stats.errors += usize::from(outcome.error.is_some());
        if !violations.is_empty() {
            return Err(format!(
                "sync {} at {} ({:?} policy {:?} zone {:?} deadline {:?}): {}\n  calls: {:?}\n  outcome: {:?}\n  status before: {:?}\n  jobs before: {:?}",
                stats.syncs,
                before.now,
                s.schedule,
                s.policy,
                s.time_zone,
                s.deadline,
                violations.join("; "),
                world.log.iter().map(op_name).collect::<Vec<_>>(),
                outcome,
                before.cronjob.status(),
                before
                    .jobs
                    .iter()
                    .map(|(n, j)| format!(
                        "{n} (start {:?}, finish {:?}, listed {})",
                        j.base.status.as_ref().and_then(|s| s.start_time),
                        j.finish,
                        j.listed()
                    ))
                    .collect::<Vec<_>>(),
            ));
        }
        let Some(step) = steps.next() else {
            return Ok(stats);
        };
        let next = match *step {
            Step::Requeue | Step::StaleRead => match outcome.requeue_after {
                Some(r) => Duration::from_std(r)
                    .ok()
                    .and_then(|d| world.now.checked_add_signed(d)),
                None => world.now.checked_add_signed(Duration::minutes(1)),
            },
            Step::Advance(secs) => world
                .now
                .checked_add_signed(Duration::seconds(i64::from(secs))),
            Step::NextFinish => world
                .jobs
                .values()
                .filter_map(|j| j.finish.map(|(at, _)| at))
                .filter(|at| *at > world.now)
                .min()
                .or_else(|| world.now.checked_add_signed(Duration::minutes(1))),
            Step::ToggleSuspend => {
                let s = world.cronjob.spec.suspend.unwrap_or(false);
                std::sync::Arc::make_mut(&mut world.cronjob.spec).suspend = Some(!s);
                world.bump();
                world.now.checked_add_signed(Duration::seconds(1))
            }
        };
        if *step == Step::StaleRead {
            world.stale = Some(world.previous.clone());
        }
        match next {
            Some(t) => world.now = t,
            None => return Ok(stats),
        }
    }
}

fn op_name(op: &Operation) -> String {
    match op {
        Operation::CreateJob(j) => format!("CreateJob {}", j.metadata.name()),
        Operation::GetJob(k) => format!("GetJob {}", k.name),
        Operation::DeleteJob(k) => format!("DeleteJob {}", k.name),
        Operation::GetCronJob(k) => format!("GetCronJob {}", k.name),
        Operation::UpdateCronJobStatus(c) => format!(
            "UpdateCronJobStatus active={:?} last={:?}",
            c.status()
                .active
                .as_deref()
                .unwrap_or(&[])
                .iter()
                .map(|r| r.name.clone().unwrap_or_default())
                .collect::<Vec<_>>(),
            c.status().last_schedule_time
        ),
        other => format!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Fuzz input: raw, bounded, mapped onto a Scenario.

/// A schedule: from the catalogue or arbitrary text.
#[derive(Debug, Clone, Arbitrary)]
pub enum FuzzSchedule {
    Catalogue(u8),
    Raw(String),
}

/// A time zone: none, from the catalogue or arbitrary text.
#[derive(Debug, Clone, Arbitrary)]
pub enum FuzzZone {
    None,
    Catalogue(u8),
    Raw(String),
}

/// An initial Job, raw.
#[derive(Debug, Clone, Arbitrary)]
pub struct FuzzJob {
    pub slot_minutes_back: Option<u16>,
    pub owner: Owner,
    pub start: Option<i32>,
    pub finish: Option<(i32, bool)>,
    pub in_active: bool,
}

/// The whole fuzz input.
#[derive(Debug, Clone, Arbitrary)]
pub struct FuzzInput {
    pub schedule: FuzzSchedule,
    pub zone: FuzzZone,
    pub policy: u8,
    pub deadline: Option<i64>,
    pub suspend: Option<bool>,
    pub successful_limit: Option<i8>,
    pub failed_limit: Option<i8>,
    pub created: i32,
    pub last_schedule: Option<i32>,
    pub jobs: Vec<FuzzJob>,
    pub dangling: u8,
    /// Seconds from [`t0`]; `wide` spreads it over years 1..9999.
    pub start: i64,
    pub wide: bool,
    pub steps: Vec<Step>,
    pub runtimes: Vec<(i32, bool)>,
    pub faults: Vec<Fault>,
}

impl FuzzInput {
    /// The scenario this input stands for (sizes bounded so a run stays short).
    pub fn scenario(&self) -> Scenario {
        let pick = |list: &[&str], i: u8| list[usize::from(i) % list.len()].to_string();
        let schedule = match &self.schedule {
            FuzzSchedule::Catalogue(i) => pick(SCHEDULES, *i),
            FuzzSchedule::Raw(s) => s.chars().take(64).collect(),
        };
        let time_zone = match &self.zone {
            FuzzZone::None => None,
            FuzzZone::Catalogue(i) => Some(pick(ZONES, *i)),
            FuzzZone::Raw(s) => Some(s.chars().take(40).collect()),
        };
        let policy = match self.policy % 5 {
            0 => None,
            1 => Some(ConcurrencyPolicy::Allow),
            2 => Some(ConcurrencyPolicy::Forbid),
            3 => Some(ConcurrencyPolicy::Replace),
            _ => Some(ConcurrencyPolicy::Other("Sometimes".to_string())),
        };
        const YEAR_1: i64 = -62_135_596_800;
        const YEAR_9999: i64 = 253_402_300_799;
        let start_secs = if self.wide {
            YEAR_1 + self.start.rem_euclid(YEAR_9999 - YEAR_1)
        } else {
            t0().timestamp() + self.start.rem_euclid(4 * 366 * 86_400)
        };
        let start = DateTime::from_timestamp(start_secs, 0).unwrap_or_else(t0);
        Scenario {
            schedule,
            time_zone,
            policy,
            deadline: self.deadline,
            suspend: self.suspend,
            successful_limit: self.successful_limit.map(i32::from),
            failed_limit: self.failed_limit.map(i32::from),
            created: -i64::from(self.created).abs(),
            last_schedule: self.last_schedule.map(|t| -i64::from(t).abs()),
            jobs: self
                .jobs
                .iter()
                .take(8)
                .map(|j| InitJob {
                    slot_minutes_back: j.slot_minutes_back.map(u32::from),
                    owner: j.owner,
                    start: j.start.map(i64::from),
                    finish: j.finish.map(|(t, ok)| (i64::from(t), ok)),
                    in_active: j.in_active,
                })
                .collect(),
            dangling: usize::from(self.dangling % 4),
            start,
            // Each step moves at most five years: past 292 years between
            // lastScheduleTime (or creation) and now, Go's Duration saturates
            // in mostRecentScheduleTime, the jump falls short and the walk
            // goes slot by slot over the rest (upstream does the same), which
            // is slow, not wrong.
            steps: self
                .steps
                .iter()
                .take(24)
                .map(|s| match s {
                    Step::Advance(secs) => Step::Advance(secs % (5 * 366 * 86_400)),
                    other => *other,
                })
                .collect(),
            runtimes: self
                .runtimes
                .iter()
                .take(8)
                .map(|(t, ok)| (i64::from(*t), *ok))
                .collect(),
            faults: self.faults.iter().take(64).copied().collect(),
        }
    }
}

/// The fuzz target's body: any input runs to its end without a panic and
/// keeps the properties that hold whatever the API answers.
pub fn check_fuzz_input(input: &FuzzInput) {
    let scenario = input.scenario();
    if let Err(e) = run(&scenario, false) {
        panic!("{e}\n  input: {scenario:?}");
    }
}

/// The fuzz target's body on raw bytes (what libFuzzer hands over).
pub fn check_fuzz_bytes(data: &[u8]) {
    let mut u = arbitrary::Unstructured::new(data);
    if let Ok(input) = FuzzInput::arbitrary(&mut u) {
        check_fuzz_input(&input);
    }
}
