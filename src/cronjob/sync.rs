//! One sync of a CronJob (upstream `ControllerV2.sync` → `cleanupFinishedJobs`
//! → `syncCronJob` → one status write), driven by its host.

use std::borrow::{Borrow, Cow};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::active::{
    active, delete_from_active_list, get_jobs_to_be_reconciled, in_active_list,
    in_active_list_by_name, is_controlled_by, job_reference,
};
use super::history::jobs_to_clean_up;
use super::most_recent::next_schedule_time;
use super::requeue::{as_requeue, next_schedule_time_duration};
use super::template::{get_job_from_template, get_job_name, load_location};
use super::{go_add, go_seconds, CronParser};
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
    /// Borrowed, as the Jobs: a sync replays on every batch and copies the
    /// CronJob only when it changes it.
    cronjob: &'p CronJob,
    jobs: Vec<&'p Job>,
    now: DateTime<Utc>,
    results: Vec<Vec<OpResult>>,
    done: Option<Done<'p>>,
    /// The sync waiting on its status write, its last call: the answer
    /// finishes it without another pass.
    pending: Option<Pending<'p>>,
}

#[derive(Debug, Clone)]
struct Done<'p> {
    outcome: Outcome,
    cronjob: Cow<'p, CronJob>,
    status_written: bool,
}

/// The sync needs the host's answer to these calls.
struct Suspend(Vec<Operation>);

/// Everything a sync that sent its status write has decided; the write's
/// answer only sets the error and the requeue.
#[derive(Debug, Clone)]
struct Pending<'p> {
    /// Index in `results` of the write's answer.
    answer_at: usize,
    requeue: Option<i64>,
    sync_error: Option<String>,
    events: Vec<Event>,
    cronjob: Cow<'p, CronJob>,
}

impl<'p> Pending<'p> {
    /// Upstream `sync` after `UpdateStatus` (if `status_written`): its error
    /// replaces the requeue.
    fn finish(self, status_written: bool, status_error: Option<String>) -> Done<'p> {
        let mut outcome = Outcome {
            events: self.events,
            requeue_after: None,
            error: status_error.map(|e| format!("update status of cronjob: {e}")),
        };
        if outcome.error.is_none() {
            match self.requeue {
                Some(nanos) => outcome.requeue_after = Some(as_requeue(nanos)),
                None => outcome.error = self.sync_error,
            }
        }
        Done {
            outcome,
            cronjob: self.cronjob,
            status_written,
        }
    }
}

/// Upstream `ControllerV2.sync` for one CronJob with the crate's cron engine;
/// see [`sync_cronjob_with`].
pub fn sync_cronjob<'a, J: Borrow<Job>>(
    cronjob: &'a CronJob,
    jobs: &'a [J],
    now: DateTime<Utc>,
) -> CronJobSync<'a> {
    sync_cronjob_with(&super::StandardCron, cronjob, jobs, now)
}

/// Upstream `ControllerV2.sync` with the given cron engine: reconcile `cronjob`
/// with the Jobs it controls (`jobs` may hold others; only those in its
/// namespace whose controller ref names it are used) at `now`. `jobs` may
/// be owned Jobs or the shared pointers an informer cache holds (`Arc<Job>`).
pub fn sync_cronjob_with<'p, J: Borrow<Job>>(
    parser: &'p dyn CronParser,
    cronjob: &'p CronJob,
    jobs: &'p [J],
    now: DateTime<Utc>,
) -> CronJobSync<'p> {
    let jobs = get_jobs_to_be_reconciled(cronjob, jobs);
    CronJobSync {
        parser,
        cronjob,
        jobs,
        now,
        results: Vec::new(),
        done: None,
        pending: None,
    }
}

impl<'p> CronJobSync<'p> {
    /// The CronJob as the controller sees it at the end of the sync (the
    /// fresh copy if one was adopted); the input until the sync is over.
    pub fn cronjob(&self) -> &CronJob {
        self.done.as_ref().map_or(self.cronjob, |d| &d.cronjob)
    }

    /// Whether the sync wrote the CronJob's status.
    pub fn status_written(&self) -> bool {
        self.done.as_ref().is_some_and(|d| d.status_written)
    }

    fn replay(&self) -> (Result<Done<'p>, Suspend>, Option<Pending<'p>>) {
        let mut run = Run {
            parser: self.parser,
            now: self.now,
            jobs: &self.jobs,
            results: &self.results,
            next: 0,
            original: self.cronjob,
            outer: Cow::Borrowed(self.cronjob),
            fresh: None,
            events: Vec::new(),
            update_status: false,
            pending: None,
        };
        let result = run.sync();
        (result, run.pending)
    }
}

impl Reconcile for CronJobSync<'_> {
    fn poll_batch(&mut self) -> Option<Vec<Operation>> {
        if self.done.is_some() {
            return None;
        }
        if let Some(p) = self.pending.take() {
            if let Some(answer) = self.results.get(p.answer_at) {
                let missing = missing_result();
                let error = match answer.first().unwrap_or(&missing) {
                    OpResult::Err(e) => Some(e.to_string()),
                    _ => None,
                };
                self.done = Some(p.finish(true, error));
                return None;
            }
            // No answer reported: the pass below sends the write again.
        }
        match self.replay() {
            (Ok(done), _) => {
                self.done = Some(done);
                None
            }
            (Err(Suspend(ops)), pending) => {
                self.pending = pending;
                Some(ops)
            }
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

    fn take_outcome(&mut self) -> Outcome {
        self.done
            .as_mut()
            .map(|d| std::mem::take(&mut d.outcome))
            .unwrap_or_default()
    }
}

/// One pass over the sync, answering calls from the results recorded so far.
struct Run<'r, 'p> {
    parser: &'p dyn CronParser,
    now: DateTime<Utc>,
    jobs: &'r [&'p Job],
    results: &'r [Vec<OpResult>],
    next: usize,
    /// The CronJob as the sync was given it.
    original: &'p CronJob,
    /// The copy `sync` writes (`cronJobCopy`), made on the first change.
    outer: Cow<'p, CronJob>,
    /// The fresh copy `syncCronJob` switched to after an adoption.
    fresh: Option<CronJob>,
    events: Vec<Event>,
    update_status: bool,
    /// Set when the pass stops at the status write.
    pending: Option<Pending<'p>>,
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

impl<'r, 'p> Run<'r, 'p> {
    /// The recorded results of the next batch of `n` calls; `ops` builds the
    /// batch only when the sync suspends on it (replays skip the copies).
    fn call(
        &mut self,
        n: usize,
        ops: impl FnOnce(&Self) -> Vec<Operation>,
    ) -> Result<Vec<OpResult>, Suspend> {
        let Some(recorded) = self.results.get(self.next) else {
            return Err(Suspend(ops(self)));
        };
        self.next += 1;
        let mut results: Vec<OpResult> = recorded.iter().take(n).cloned().collect();
        results.resize_with(n, missing_result);
        Ok(results)
    }

    /// The recorded answer to the next call, borrowed (a replay reads a
    /// created or fetched Job many times and must not copy it each time).
    fn one(&mut self, op: impl FnOnce(&Self) -> Operation) -> Result<Cow<'r, OpResult>, Suspend> {
        match self.recorded() {
            Some(answer) => Ok(answer),
            None => Err(Suspend(vec![op(self)])),
        }
    }

    /// The recorded answer to the next one-call batch, if it was sent.
    fn recorded(&mut self) -> Option<Cow<'r, OpResult>> {
        let results = self.results;
        let recorded = results.get(self.next)?;
        self.next += 1;
        Some(
            recorded
                .first()
                .map_or_else(|| Cow::Owned(missing_result()), Cow::Borrowed),
        )
    }

    /// The CronJob `syncCronJob` works on.
    fn cj(&self) -> &CronJob {
        self.fresh.as_ref().unwrap_or(&*self.outer)
    }

    fn cj_mut(&mut self) -> &mut CronJob {
        match &mut self.fresh {
            Some(fresh) => fresh,
            None => self.outer.to_mut(),
        }
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
    fn sync(&mut self) -> Result<Done<'p>, Suspend> {
        let cleaned = self.cleanup_finished_jobs()?;
        let (requeue, sync_error) = self.sync_cronjob()?;
        let write = cleaned || self.update_status;
        let op =
            write.then(|| Operation::UpdateCronJobStatus(Box::new(CronJob::clone(&self.outer))));
        // The pass ends here: move the CronJob out rather than copy it.
        let cronjob = match self.fresh.take() {
            Some(fresh) => Cow::Owned(fresh),
            // The original is a free stand-in; a default CronJob would allocate.
            None => std::mem::replace(&mut self.outer, Cow::Borrowed(self.original)),
        };
        let pending = Pending {
            answer_at: self.next,
            requeue,
            sync_error,
            events: std::mem::take(&mut self.events),
            cronjob,
        };
        match op {
            // The write is the last call: its answer finishes the sync
            // (`CronJobSync::poll_batch`) without another pass.
            Some(op) => {
                self.pending = Some(pending);
                Err(Suspend(vec![op]))
            }
            None => Ok(pending.finish(false, None)),
        }
    }

    /// Upstream `cleanupFinishedJobs`; true when an active entry went away.
    fn cleanup_finished_jobs(&mut self) -> Result<bool, Suspend> {
        let doomed = jobs_to_clean_up(&self.outer, self.jobs);
        if doomed.is_empty() {
            return Ok(false);
        }
        let ops = |_: &Self| {
            doomed
                .iter()
                .map(|j| Operation::DeleteJob(key(j.metadata.namespace(), j.metadata.name())))
                .collect()
        };
        let results = self.call(doomed.len(), ops)?;
        let mut changed = false;
        for (job, result) in doomed.iter().zip(results) {
            changed |= self.after_delete(job, &result);
        }
        Ok(changed)
    }

    /// Upstream `deleteJob` after the DELETE: events and the active entry.
    fn after_delete(&mut self, job: &Job, result: &OpResult) -> bool {
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
                let fresh = match &*self.one(move |_| get)? {
                    OpResult::CronJob(c) => CronJob::clone(c),
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
        // Copied (the loop edits the list), but only the entries it reads.
        let missing: Vec<_> = active(self.cj())
            .iter()
            .filter(|e| !children.contains(&e.uid.as_deref().unwrap_or("")))
            .cloned()
            .collect();
        for entry in missing {
            let uid = entry.uid.as_deref().unwrap_or("");
            let ns = entry.namespace.as_deref().unwrap_or("");
            let name = entry.name.as_deref().unwrap_or("");
            match &*self.one(|_| Operation::GetJob(key(ns, name)))? {
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
        // The spec is shared: holding it costs a count, not a copy.
        let spec = Arc::clone(&self.cj().spec);
        let zone = spec.time_zone.as_deref();
        if let Some(zone) = zone {
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

        let expr = spec.schedule.as_str();
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
        let schedule = match self.parser.parse(expr, zone) {
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
        let requeue =
            |run: &Run<'_, '_>| Some(next_schedule_time_duration(run.cj(), now, schedule));
        let Some(scheduled) = scheduled else {
            return Ok((requeue(self), None));
        };

        if let Some(deadline) = self.cj().spec.starting_deadline_seconds {
            // `time.Second * time.Duration(deadline)`, wrapping as Go does.
            if go_add(scheduled, go_seconds(deadline)) < now {
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
                let got = self.one(|_| Operation::GetJob(key(ns, name)))?;
                let job: &Job = match &*got {
                    OpResult::Job(j) => j,
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
                let result = self.one(|_| Operation::DeleteJob(key(job_ns, job_name)))?;
                if !self.after_delete(job, &result) {
                    return Ok((
                        None,
                        Some(format!("could not replace job {job_ns}/{job_name}")),
                    ));
                }
                self.update_status = true;
            }
        }

        // The request is built only to be sent: a replay past the create
        // reads the answer (the request is a pure function of the CronJob
        // and the slot, so it was built fine the first time).
        let Some(created) = self.recorded() else {
            let request = match get_job_from_template(self.cj(), scheduled) {
                Ok(j) => j,
                Err(e) => return Ok((None, Some(e.to_string()))),
            };
            return Err(Suspend(vec![Operation::CreateJob(Box::new(request))]));
        };
        let existing;
        let as_sent;
        let (response, already_existed): (&Job, bool) = match &*created {
            OpResult::Job(j) => (j, false),
            OpResult::Err(e) if e.kind == ApiErrorKind::NamespaceTerminating => {
                return Ok((None, Some(e.to_string())));
            }
            OpResult::Err(e) if e.is_already_exists() => {
                existing = self.one(|_| Operation::GetJob(key(&namespace, &job_name)))?;
                let existing = match &*existing {
                    OpResult::Job(j) => j,
                    OpResult::Err(e) => return Ok((None, Some(e.to_string()))),
                    _ => return Ok((None, Some("the host returned no Job".to_string()))),
                };
                if !is_controlled_by(existing, self.cj())
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
            _ => {
                // `Ok` means "stored as sent".
                as_sent = match get_job_from_template(self.cj(), scheduled) {
                    Ok(j) => j,
                    Err(e) => return Ok((None, Some(e.to_string()))),
                };
                (&as_sent, false)
            }
        };
        if !already_existed {
            let name = response.metadata.name().to_string();
            self.event(
                EventType::Normal,
                "SuccessfulCreate",
                format!("Created job {name}"),
            );
        }
        let reference = job_reference(response);
        let status = self.cj_mut().status.get_or_insert_with(Default::default);
        status.active.get_or_insert_with(Vec::new).push(reference);
        status.last_schedule_time = Some(scheduled);
        self.update_status = true;
        Ok((requeue(self), None))
    }

    /// `lastSuccessfulTime` from a succeeded Job, listed in active or not.
    fn note_success(&mut self, job: &Job) {
        let completion = job.status().completion_time;
        let last = self.cj().status().last_successful_time;
        let later = match (completion, last) {
            (_, None) => Some(completion),
            (Some(done), Some(last)) if done > last => Some(Some(done)),
            _ => None,
        };
        // Only a change copies the CronJob.
        if let Some(t) = later {
            let status = self.cj_mut().status.get_or_insert_with(Default::default);
            status.last_successful_time = t;
            self.update_status = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{CronJobSpec, CronJobStatus, ObjectMeta, ObjectReference};

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("valid").to_utc()
    }

    fn cronjob(policy: ConcurrencyPolicy, active: &[(&str, &str)]) -> CronJob {
        CronJob {
            metadata: ObjectMeta {
                name: Some("c".into()),
                namespace: Some("ns".into()),
                uid: Some("cj-uid".into()),
                creation_timestamp: Some(t("2016-05-19T08:59:00Z")),
                ..ObjectMeta::default()
            },
            spec: CronJobSpec {
                schedule: "0 * * * *".into(),
                concurrency_policy: Some(policy),
                ..CronJobSpec::default()
            }
            .into(),
            status: Some(CronJobStatus {
                active: Some(
                    active
                        .iter()
                        .map(|(name, uid)| ObjectReference {
                            name: Some(name.to_string()),
                            namespace: Some("ns".into()),
                            uid: Some(uid.to_string()),
                            ..ObjectReference::default()
                        })
                        .collect(),
                ),
                last_schedule_time: Some(t("2016-05-19T09:00:00Z")),
                last_successful_time: None,
            }),
            ..CronJob::default()
        }
    }

    fn owned_job(name: &str, uid: &str) -> Job {
        let cj = cronjob(ConcurrencyPolicy::Allow, &[]);
        let mut job = get_job_from_template(&cj, t("2016-05-19T09:00:00Z")).expect("job");
        job.metadata.name = Some(name.into());
        job.metadata.uid = Some(uid.into());
        job
    }

    /// Drive the sync, answering each call with the next scripted result.
    fn drive(sync: &mut CronJobSync<'_>, mut script: Vec<OpResult>) -> Vec<Operation> {
        let mut ops = Vec::new();
        while let Some(batch) = sync.poll_batch() {
            let results = batch
                .iter()
                .map(|_| {
                    if script.is_empty() {
                        OpResult::Ok
                    } else {
                        script.remove(0)
                    }
                })
                .collect();
            ops.extend(batch);
            sync.on_results(results);
        }
        ops
    }

    fn reasons(o: &Outcome) -> Vec<&str> {
        o.events.iter().map(|e| e.reason.as_str()).collect()
    }

    /// A Replace sync whose DELETE of the active Job fails, run to its end.
    fn with_failed_replace(check: impl FnOnce(&mut CronJobSync<'_>, Vec<Operation>)) {
        let cj = cronjob(ConcurrencyPolicy::Replace, &[("old", "u1")]);
        let jobs = [owned_job("old", "u1")];
        let mut sync = sync_cronjob(&cj, &jobs, t("2016-05-19T10:01:00Z"));
        let failed = OpResult::Err(ApiError::new(ApiErrorKind::Other, "boom"));
        let ops = drive(
            &mut sync,
            vec![OpResult::Job(Box::new(jobs[0].clone())), failed],
        );
        check(&mut sync, ops);
    }

    #[test]
    fn replace_stops_when_the_delete_fails() {
        with_failed_replace(|sync, ops| {
            let outcome = sync.outcome();
            assert_eq!(reasons(&outcome), ["FailedDelete"]);
            assert_eq!(
                outcome.error.as_deref(),
                Some("could not replace job ns/old")
            );
            assert_eq!(outcome.requeue_after, None);
            assert!(matches!(
                ops.as_slice(),
                [Operation::GetJob(_), Operation::DeleteJob(_)]
            ));
            assert!(!sync.status_written());
        });
    }

    #[test]
    fn take_outcome_moves_what_outcome_copies() {
        with_failed_replace(|sync, _| {
            let copied = sync.outcome();
            assert_eq!(reasons(&copied), ["FailedDelete"]);
            assert_eq!(sync.take_outcome(), copied);
            assert_eq!(sync.outcome(), Outcome::default());
        });
    }

    #[test]
    fn status_write_after_adoption_carries_the_cached_copy() {
        // "new" is unfinished and not in the cached active list; the fresh
        // read lists it, so the sync switches to the fresh copy; the slot at
        // 10:00 is then created on the fresh copy while the write carries the
        // cached one, as upstream.
        let cj = cronjob(ConcurrencyPolicy::Allow, &[]);
        let jobs = [owned_job("new", "u2")];
        let fresh = cronjob(ConcurrencyPolicy::Allow, &[("new", "u2")]);
        let mut sync = sync_cronjob(&cj, &jobs, t("2016-05-19T10:01:00Z"));
        let ops = drive(&mut sync, vec![OpResult::CronJob(Box::new(fresh))]);
        assert_eq!(reasons(&sync.outcome()), ["SuccessfulCreate"]);
        let Some(Operation::UpdateCronJobStatus(written)) = ops.last() else {
            panic!("expected a status write last, got {ops:?}");
        };
        assert_eq!(written.status(), cj.status());
        let seen: Vec<_> = active_names(sync.cronjob());
        assert_eq!(seen, ["new", "c-24394200"]);
    }

    fn active_names(cj: &CronJob) -> Vec<String> {
        active(cj)
            .iter()
            .map(|r| r.name.clone().unwrap_or_default())
            .collect()
    }

    #[test]
    fn already_existing_job_of_ours_is_adopted_without_an_event() {
        let cj = cronjob(ConcurrencyPolicy::Allow, &[]);
        let mut existing = owned_job("c-24394200", "u3");
        existing.metadata.owner_references =
            Some(vec![super::super::template::controller_ref(&cj)].into());
        let mut sync = sync_cronjob(&cj, &[] as &[Job], t("2016-05-19T10:01:00Z"));
        let exists = OpResult::Err(ApiError::new(ApiErrorKind::AlreadyExists, "exists"));
        drive(&mut sync, vec![exists, OpResult::Job(Box::new(existing))]);
        let outcome = sync.outcome();
        assert!(outcome.events.is_empty());
        assert!(sync.status_written());
        assert_eq!(active_names(sync.cronjob()), ["c-24394200"]);
        assert_eq!(
            outcome.requeue_after,
            Some(std::time::Duration::from_millis(3_540_100))
        );
    }

    #[test]
    fn a_failed_status_write_is_the_error_and_drops_the_requeue() {
        let cj = cronjob(ConcurrencyPolicy::Allow, &[]);
        let mut sync = sync_cronjob(&cj, &[] as &[Job], t("2016-05-19T10:01:00Z"));
        let conflict = OpResult::Err(ApiError::new(ApiErrorKind::Conflict, "stale"));
        let ops = drive(&mut sync, vec![OpResult::Ok, conflict]);
        assert!(matches!(
            ops.as_slice(),
            [Operation::CreateJob(_), Operation::UpdateCronJobStatus(_)]
        ));
        let outcome = sync.outcome();
        assert_eq!(reasons(&outcome), ["SuccessfulCreate"]);
        assert_eq!(
            outcome.error.as_deref(),
            Some("update status of cronjob: stale")
        );
        assert_eq!(outcome.requeue_after, None);
        assert!(sync.status_written());
        // The controller's view keeps the slot it created.
        assert_eq!(active_names(sync.cronjob()), ["c-24394200"]);
    }

    #[test]
    fn the_status_write_is_sent_again_until_it_is_answered() {
        let cj = cronjob(ConcurrencyPolicy::Allow, &[]);
        let mut sync = sync_cronjob(&cj, &[] as &[Job], t("2016-05-19T10:01:00Z"));
        assert!(matches!(
            sync.poll_batch().as_deref(),
            Some([Operation::CreateJob(_)])
        ));
        sync.on_results(vec![OpResult::Ok]);
        let write = sync.poll_batch();
        assert!(matches!(
            write.as_deref(),
            Some([Operation::UpdateCronJobStatus(_)])
        ));
        // Polled again with no answer: the same write, nothing decided yet.
        assert_eq!(sync.poll_batch(), write);
        assert_eq!(sync.outcome(), Outcome::default());
        // An empty answer counts as a failed call.
        sync.on_results(Vec::new());
        assert_eq!(sync.poll_batch(), None);
        assert_eq!(
            sync.outcome().error.as_deref(),
            Some("update status of cronjob: the host reported no result for this call")
        );
    }
}
