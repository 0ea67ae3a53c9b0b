//! One sync of a CronJob (upstream `ControllerV2.sync` → `cleanupFinishedJobs`
//! → `syncCronJob` → one status write), driven by its host.

use chrono::{DateTime, Utc};

use super::active::{
    active, delete_from_active_list, get_jobs_to_be_reconciled, in_active_list,
    in_active_list_by_name, is_controlled_by, job_reference,
};
use super::history::jobs_to_clean_up;
use super::most_recent::next_schedule_time;
use super::requeue::{as_requeue, next_schedule_time_duration};
use super::template::{get_job_from_template, get_job_name, load_location};
use super::{go_add, CronParser};
use crate::actions::{
    ApiError, ApiErrorKind, Event, EventType, ObjectKey, OpResult, Operation, Outcome, Reconcile,
};
use crate::api::{ConcurrencyPolicy, CronJob, Job, JobConditionType};

/// The sync of one CronJob, as a state machine its host drives (see
/// [`crate::actions`]).
///
/// Host contract: every batch holds one call, except the first, which holds
/// the history cleanup's `DeleteJob`s (independent, may run concurrently).
/// Report each result in order: `GetJob` → `OpResult::Job` or an error
/// (NotFound drops a missing `status.active` entry with `MissingJob`; any
/// other error ends the sync with that error); `GetCronJob` →
/// `OpResult::CronJob`, a fresh read used to adopt a Job the cached copy does
/// not list; `CreateJob` → `OpResult::Job` (the stored Job; `Ok` means "as
/// sent"), `AlreadyExists` (the Job is read back and adopted if this CronJob
/// controls it), `NamespaceTerminating` (silent error) or another error
/// (`FailedCreate`); `DeleteJob` → `Ok` or an error (`FailedDelete`);
/// `UpdateCronJobStatus` → any success, or an error that becomes the sync's
/// error and drops the requeue. The status write, last, carries the CronJob
/// as cleanup and the sync left it; as upstream, after an adoption through a
/// fresh read the later changes land on the fresh copy only, so the write
/// does not carry them ([`CronJobSync::cronjob`] shows the fresh copy).
pub struct CronJobSync<'p> {
    parser: &'p dyn CronParser,
    cronjob: CronJob,
    jobs: Vec<Job>,
    now: DateTime<Utc>,
    results: Vec<Vec<OpResult>>,
    done: Option<Done>,
}

#[derive(Debug, Clone)]
struct Done {
    outcome: Outcome,
    cronjob: CronJob,
    status_written: bool,
}

/// The sync needs the host's answer to these calls.
struct Suspend(Vec<Operation>);

/// Upstream `sync_cronjob` with the given cron engine: reconcile `cronjob`
/// with the Jobs it controls (`jobs` may hold others; only those in its
/// namespace whose controller ref names it are used) at `now`.
pub fn sync_cronjob_with<'p>(
    parser: &'p dyn CronParser,
    cronjob: &CronJob,
    jobs: &[Job],
    now: DateTime<Utc>,
) -> CronJobSync<'p> {
    let jobs = get_jobs_to_be_reconciled(cronjob, jobs)
        .into_iter()
        .cloned()
        .collect();
    CronJobSync {
        parser,
        cronjob: cronjob.clone(),
        jobs,
        now,
        results: Vec::new(),
        done: None,
    }
}

impl CronJobSync<'_> {
    /// The CronJob as the controller sees it at the end of the sync (the
    /// fresh copy if one was adopted); the input until the sync is over.
    pub fn cronjob(&self) -> &CronJob {
        self.done.as_ref().map_or(&self.cronjob, |d| &d.cronjob)
    }

    /// Whether the sync wrote the CronJob's status.
    pub fn status_written(&self) -> bool {
        self.done.as_ref().is_some_and(|d| d.status_written)
    }

    fn replay(&self) -> Result<Done, Suspend> {
        let mut run = Run {
            parser: self.parser,
            now: self.now,
            jobs: &self.jobs,
            results: &self.results,
            next: 0,
            outer: self.cronjob.clone(),
            fresh: None,
            events: Vec::new(),
            update_status: false,
        };
        run.sync()
    }
}

impl Reconcile for CronJobSync<'_> {
    fn poll_batch(&mut self) -> Option<Vec<Operation>> {
        if self.done.is_some() {
            return None;
        }
        match self.replay() {
            Ok(done) => {
                self.done = Some(done);
                None
            }
            Err(Suspend(ops)) => Some(ops),
        }
    }

    fn on_results(&mut self, results: Vec<OpResult>) {
        if self.done.is_none() {
            self.results.push(results);
        }
    }

    fn outcome(&self) -> Outcome {
        self.done
            .as_ref()
            .map(|d| d.outcome.clone())
            .unwrap_or_default()
    }
}

/// One pass over the sync, answering calls from the results recorded so far.
struct Run<'a> {
    parser: &'a dyn CronParser,
    now: DateTime<Utc>,
    jobs: &'a [Job],
    results: &'a [Vec<OpResult>],
    next: usize,
    /// The copy `sync` writes (`cronJobCopy`).
    outer: CronJob,
    /// The fresh copy `syncCronJob` switched to after an adoption.
    fresh: Option<CronJob>,
    events: Vec<Event>,
    update_status: bool,
}

/// How `syncCronJob` ended: requeue (Go nanoseconds) or error.
type SyncEnd = (Option<i64>, Option<String>);

fn missing_result() -> OpResult {
    OpResult::Err(ApiError::new(
        ApiErrorKind::Other,
        "the host reported no result for this call",
    ))
}

fn key(namespace: &str, name: &str) -> ObjectKey {
    ObjectKey {
        namespace: namespace.to_string(),
        name: name.to_string(),
        uid: None,
    }
}

impl Run<'_> {
    fn call(&mut self, ops: Vec<Operation>) -> Result<Vec<OpResult>, Suspend> {
        let Some(recorded) = self.results.get(self.next) else {
            return Err(Suspend(ops));
        };
        self.next += 1;
        let mut results = recorded.clone();
        results.resize_with(ops.len(), missing_result);
        Ok(results)
    }

    fn one(&mut self, op: Operation) -> Result<OpResult, Suspend> {
        Ok(self
            .call(vec![op])?
            .into_iter()
            .next()
            .unwrap_or_else(missing_result))
    }

    /// The CronJob `syncCronJob` works on.
    fn cj(&self) -> &CronJob {
        self.fresh.as_ref().unwrap_or(&self.outer)
    }

    fn cj_mut(&mut self) -> &mut CronJob {
        self.fresh.as_mut().unwrap_or(&mut self.outer)
    }

    fn event(&mut self, type_: EventType, reason: &str, message: String) {
        let object = ObjectKey::of(&self.cj().metadata);
        self.events.push(Event {
            object,
            type_,
            reason: reason.to_string(),
            message,
        });
    }

    /// Upstream `sync` after the lister reads.
    fn sync(&mut self) -> Result<Done, Suspend> {
        let cleaned = self.cleanup_finished_jobs()?;
        let (requeue, sync_error) = self.sync_cronjob()?;
        let mut written = false;
        let mut outcome = Outcome {
            events: Vec::new(),
            requeue_after: None,
            error: None,
        };
        if cleaned || self.update_status {
            written = true;
            let status = Operation::UpdateCronJobStatus(Box::new(self.outer.clone()));
            if let OpResult::Err(e) = self.one(status)? {
                outcome.error = Some(format!("update status of cronjob: {e}"));
            }
        }
        if outcome.error.is_none() {
            match requeue {
                Some(nanos) => outcome.requeue_after = Some(as_requeue(nanos)),
                None => outcome.error = sync_error,
            }
        }
        outcome.events = std::mem::take(&mut self.events);
        Ok(Done {
            outcome,
            cronjob: self.cj().clone(),
            status_written: written,
        })
    }

    /// Upstream `cleanupFinishedJobs`; true when an active entry went away.
    fn cleanup_finished_jobs(&mut self) -> Result<bool, Suspend> {
        let jobs: Vec<&Job> = self.jobs.iter().collect();
        let doomed = jobs_to_clean_up(&self.outer, &jobs);
        if doomed.is_empty() {
            return Ok(false);
        }
        let ops = doomed
            .iter()
            .map(|j| Operation::DeleteJob(key(j.metadata.namespace(), j.metadata.name())))
            .collect();
        let results = self.call(ops)?;
        let mut changed = false;
        for (job, result) in doomed.iter().zip(results) {
            changed |= self.after_delete(job, result);
        }
        Ok(changed)
    }

    /// Upstream `deleteJob` after the DELETE: events and the active entry.
    fn after_delete(&mut self, job: &Job, result: OpResult) -> bool {
        if let OpResult::Err(e) = result {
            self.event(
                EventType::Warning,
                "FailedDelete",
                format!("Deleted job: {e}"),
            );
            return false;
        }
        delete_from_active_list(self.cj_mut(), job.metadata.uid());
        let name = job.metadata.name().to_string();
        self.event(
            EventType::Normal,
            "SuccessfulDelete",
            format!("Deleted job {name}"),
        );
        true
    }

    /// Upstream `syncCronJob`.
    fn sync_cronjob(&mut self) -> Result<SyncEnd, Suspend> {
        let now = self.now;
        let mut children = Vec::new();
        for job in self.jobs {
            let uid = job.metadata.uid();
            children.push(uid);
            let found = in_active_list(self.cj(), uid);
            let finished = job.is_finished();
            if !found && !finished {
                let (ns, name) = (self.cj().metadata.namespace(), self.cj().metadata.name());
                let get = Operation::GetCronJob(key(ns, name));
                let fresh = match self.one(get)? {
                    OpResult::CronJob(c) => *c,
                    OpResult::Err(e) => return Ok((None, Some(e.to_string()))),
                    _ => return Ok((None, Some("the host returned no CronJob".to_string()))),
                };
                if in_active_list(&fresh, uid) {
                    self.fresh = Some(fresh);
                    continue;
                }
                self.event(
                    EventType::Warning,
                    "UnexpectedJob",
                    format!(
                        "Saw a job that the controller did not create or forgot: {}",
                        job.metadata.name()
                    ),
                );
            } else if finished {
                if found {
                    delete_from_active_list(self.cj_mut(), uid);
                    let condition = job
                        .finished_condition()
                        .map(|c| c.type_.to_string())
                        .unwrap_or_default();
                    self.event(
                        EventType::Normal,
                        "SawCompletedJob",
                        format!(
                            "Saw completed job: {}, condition: {condition}",
                            job.metadata.name()
                        ),
                    );
                    self.update_status = true;
                }
                if job.has_true_condition(&JobConditionType::Complete) {
                    self.note_success(job);
                }
            }
        }

        // Active entries without a listed Job: read them before dropping.
        let entries = active(self.cj()).to_vec();
        for entry in entries {
            let uid = entry.uid.as_deref().unwrap_or("");
            if children.contains(&uid) {
                continue;
            }
            let ns = entry.namespace.as_deref().unwrap_or("");
            let name = entry.name.as_deref().unwrap_or("");
            match self.one(Operation::GetJob(key(ns, name)))? {
                OpResult::Err(e) if e.is_not_found() => {
                    self.event(
                        EventType::Normal,
                        "MissingJob",
                        format!("Active job went missing: {name}"),
                    );
                    delete_from_active_list(self.cj_mut(), uid);
                    self.update_status = true;
                }
                OpResult::Err(e) => return Ok((None, Some(e.to_string()))),
                _ => {}
            }
        }

        if self.cj().metadata.deletion_timestamp.is_some() {
            return Ok((None, None));
        }
        let zone = self.cj().spec.time_zone.clone();
        if let Some(zone) = &zone {
            if let Err(e) = load_location(zone) {
                self.event(
                    EventType::Warning,
                    "UnknownTimeZone",
                    format!("invalid timeZone: {zone:?}: {e}"),
                );
                return Ok((None, None));
            }
        }
        if self.cj().spec.suspend == Some(true) {
            return Ok((None, None));
        }

        let expr = self.cj().spec.schedule.clone();
        if expr.contains("TZ") {
            self.event(
                EventType::Warning,
                "UnsupportedSchedule",
                format!(
                    "CRON_TZ or TZ used in schedule {expr:?} is not officially supported, see \
                     https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details"
                ),
            );
        }
        let schedule = match self.parser.parse(&expr, zone.as_deref()) {
            Ok(s) => s,
            Err(e) => {
                self.event(
                    EventType::Warning,
                    "UnparseableSchedule",
                    format!("unparseable schedule: {expr:?} : {e}"),
                );
                return Ok((None, None));
            }
        };
        let schedule = schedule.as_ref();

        let scheduled = match next_schedule_time(self.cj(), now, schedule) {
            Err(e) => {
                self.event(
                    EventType::Warning,
                    "InvalidSchedule",
                    format!("invalid schedule: {expr} : {e}"),
                );
                return Ok((None, None));
            }
            Ok((scheduled, too_many)) => {
                if too_many {
                    self.event(
                        EventType::Warning,
                        "TooManyMissedTimes",
                        "too many missed start times. Set or decrease \
                         .spec.startingDeadlineSeconds or check clock skew"
                            .to_string(),
                    );
                }
                scheduled
            }
        };
        let requeue = |run: &Run<'_>| Some(next_schedule_time_duration(run.cj(), now, schedule));
        let Some(scheduled) = scheduled else {
            return Ok((requeue(self), None));
        };

        if let Some(deadline) = self.cj().spec.starting_deadline_seconds {
            if go_add(scheduled, deadline.saturating_mul(1_000_000_000)) < now {
                self.event(
                    EventType::Warning,
                    "MissSchedule",
                    format!(
                        "Missed scheduled time to start a job: {}",
                        scheduled.format("%a, %d %b %Y %H:%M:%S %z")
                    ),
                );
                return Ok((requeue(self), None));
            }
        }

        let job_name = get_job_name(self.cj().metadata.name(), scheduled);
        let namespace = self.cj().metadata.namespace().to_string();
        if in_active_list_by_name(self.cj(), &job_name, &namespace)
            || self.cj().status().last_schedule_time == Some(scheduled)
        {
            return Ok((requeue(self), None));
        }
        let policy = self.cj().spec.concurrency_policy.clone();
        if policy == Some(ConcurrencyPolicy::Forbid) && !active(self.cj()).is_empty() {
            self.event(
                EventType::Normal,
                "JobAlreadyActive",
                "Not starting job because prior execution is running and concurrency policy is Forbid"
                    .to_string(),
            );
            return Ok((requeue(self), None));
        }
        if policy == Some(ConcurrencyPolicy::Replace) {
            for entry in active(self.cj()).to_vec() {
                let ns = entry.namespace.as_deref().unwrap_or("");
                let name = entry.name.as_deref().unwrap_or("");
                let job = match self.one(Operation::GetJob(key(ns, name)))? {
                    OpResult::Job(j) => *j,
                    OpResult::Err(e) => {
                        self.event(EventType::Warning, "FailedGet", format!("Get job: {e}"));
                        return Ok((None, Some(e.to_string())));
                    }
                    _ => {
                        let e = "the host returned no Job";
                        self.event(EventType::Warning, "FailedGet", format!("Get job: {e}"));
                        return Ok((None, Some(e.to_string())));
                    }
                };
                let (job_ns, job_name) = (job.metadata.namespace(), job.metadata.name());
                let result = self.one(Operation::DeleteJob(key(job_ns, job_name)))?;
                if !self.after_delete(&job, result) {
                    return Ok((
                        None,
                        Some(format!("could not replace job {job_ns}/{job_name}")),
                    ));
                }
                self.update_status = true;
            }
        }

        let request = match get_job_from_template(self.cj(), scheduled) {
            Ok(j) => j,
            Err(e) => return Ok((None, Some(e.to_string()))),
        };
        let created = self.one(Operation::CreateJob(Box::new(request.clone())))?;
        let (response, already_existed) = match created {
            OpResult::Job(j) => (*j, false),
            OpResult::Err(e) if e.kind == ApiErrorKind::NamespaceTerminating => {
                return Ok((None, Some(e.to_string())));
            }
            OpResult::Err(e) if e.is_already_exists() => {
                let existing = match self.one(Operation::GetJob(key(&namespace, &job_name)))? {
                    OpResult::Job(j) => *j,
                    OpResult::Err(e) => return Ok((None, Some(e.to_string()))),
                    _ => return Ok((None, Some("the host returned no Job".to_string()))),
                };
                if !is_controlled_by(&existing, self.cj())
                    || in_active_list(self.cj(), existing.metadata.uid())
                {
                    return Ok((None, None));
                }
                (existing, true)
            }
            OpResult::Err(e) => {
                self.event(
                    EventType::Warning,
                    "FailedCreate",
                    format!("Error creating job: {e}"),
                );
                return Ok((None, Some(e.to_string())));
            }
            _ => (request, false),
        };
        if !already_existed {
            let name = response.metadata.name().to_string();
            self.event(
                EventType::Normal,
                "SuccessfulCreate",
                format!("Created job {name}"),
            );
        }
        let reference = job_reference(&response);
        let status = self.cj_mut().status.get_or_insert_with(Default::default);
        status.active.get_or_insert_with(Vec::new).push(reference);
        status.last_schedule_time = Some(scheduled);
        self.update_status = true;
        Ok((requeue(self), None))
    }

    /// `lastSuccessfulTime` from a succeeded Job, listed in active or not.
    fn note_success(&mut self, job: &Job) {
        let completion = job.status().completion_time;
        let status = self.cj_mut().status.get_or_insert_with(Default::default);
        let mut changed = false;
        if status.last_successful_time.is_none() {
            status.last_successful_time = completion;
            changed = true;
        }
        if let (Some(done), Some(last)) = (completion, status.last_successful_time) {
            if done > last {
                status.last_successful_time = Some(done);
                changed = true;
            }
        }
        self.update_status |= changed;
    }
}
