//! The controllers the simulator drives, behind one small trait so the
//! simulator does not care how a sync is built: it hands over the informer's
//! view and the API server, and gets the sync's [`Outcome`].

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::actions::{ApiError, ObjectKey, Outcome, Reconcile};
use crate::api::{CronJob, Job, Pod, JOB_TRACKING_FINALIZER};
use crate::cronjob::{sync_cronjob_with, CronParser, NextActivation};
use crate::host::{execute, JobControl, PodControl};
use crate::job::{sync_job, JobControllerMemory};
use crate::schedule::Schedule;

use super::apiserver::ApiServer;

/// What the simulator needs from the Job and CronJob controllers.
pub trait Controllers {
    /// What the Job controller keeps about one Job between syncs
    /// (expectations, back-off); dropped on a controller restart.
    type JobMemory;

    /// Fresh memory for a Job the controller has not seen.
    fn new_job_memory(&self, job: &Job) -> Self::JobMemory;

    /// One Job sync, run against `api` as a host would (`host::execute`).
    fn sync_job(
        &mut self,
        memory: &mut Self::JobMemory,
        job: &Job,
        pods: &[Arc<Pod>],
        now: DateTime<Utc>,
        api: &mut ApiServer,
    ) -> Outcome;

    /// The controller's pod informer saw a pod of this Job (expectations).
    fn observe_pod(&self, memory: &mut Self::JobMemory, seen: PodSeen, pod: &Pod);

    /// One CronJob sync.
    fn sync_cronjob(
        &mut self,
        cronjob: &CronJob,
        jobs: &[Arc<Job>],
        now: DateTime<Utc>,
        api: &mut ApiServer,
    ) -> Outcome;
}

/// How the pod informer saw a pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodSeen {
    Added,
    Updated,
    Removed,
}

/// The crate's controllers.
#[derive(Default)]
pub struct Upstream {
    parser: CachedParser,
}

/// The crate's cron engine for the CronJob controller, remembering parsed
/// schedules (a year of minutely syncs parses one expression). A simulation
/// holds a handful of schedules, so a list beats hashing a key.
#[derive(Default)]
pub struct CachedParser {
    cache: RefCell<Vec<Parsed>>,
}

/// `spec.schedule`, `spec.timeZone` and what parsing them gave.
type Parsed = (String, Option<String>, Result<Rc<Remembered>, String>);

/// A parsed schedule and its last few answers: the syncs of one minute ask
/// for the slot after the same few times (`next_after` is pure, so a
/// remembered answer is the answer).
struct Remembered {
    schedule: Schedule,
    answers: RefCell<[Option<Answer>; 4]>,
    oldest: Cell<usize>,
}

impl Remembered {
    fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut answers = self.answers.borrow_mut();
        if let Some((_, next)) = answers.iter().flatten().find(|(at, _)| *at == t) {
            return *next;
        }
        let next = self.schedule.next_after(t);
        let oldest = self.oldest.get();
        answers[oldest] = Some((t, next));
        self.oldest.set((oldest + 1) % answers.len());
        next
    }
}

/// `next_after(t)` for one `t`.
type Answer = (DateTime<Utc>, Option<DateTime<Utc>>);

/// Shared, so the schedule's zone window and answers survive from sync to sync.
struct Activation(Rc<Remembered>);

impl NextActivation for Activation {
    fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.0.next_after(t)
    }
}

impl CronParser for CachedParser {
    fn parse(
        &self,
        expr: &str,
        time_zone: Option<&str>,
    ) -> Result<Box<dyn NextActivation>, String> {
        let mut cache = self.cache.borrow_mut();
        let at = match cache
            .iter()
            .position(|(e, z, _)| e == expr && z.as_deref() == time_zone)
        {
            Some(at) => at,
            None => {
                let parsed = Schedule::parse(expr, time_zone)
                    .map(|schedule| {
                        Rc::new(Remembered {
                            schedule,
                            answers: RefCell::default(),
                            oldest: Cell::new(0),
                        })
                    })
                    .map_err(|e| e.to_string());
                cache.push((expr.to_string(), time_zone.map(str::to_string), parsed));
                cache.len() - 1
            }
        };
        match &cache[at].2 {
            Ok(s) => Ok(Box::new(Activation(Rc::clone(s)))),
            Err(e) => Err(e.clone()),
        }
    }
}

impl Controllers for Upstream {
    type JobMemory = JobControllerMemory;

    fn new_job_memory(&self, _job: &Job) -> Self::JobMemory {
        JobControllerMemory::default()
    }

    fn sync_job(
        &mut self,
        memory: &mut JobControllerMemory,
        job: &Job,
        pods: &[Arc<Pod>],
        now: DateTime<Utc>,
        api: &mut ApiServer,
    ) -> Outcome {
        let mut sync = sync_job(job, memory, pods, now);
        let outcome = run_sync(&mut sync, api);
        *memory = sync.into_memory();
        outcome
    }

    fn observe_pod(&self, memory: &mut JobControllerMemory, seen: PodSeen, pod: &Pod) {
        // The Job controller's pod event handlers (addPod, updatePod, deletePod).
        let uid = pod.metadata.uid();
        match seen {
            PodSeen::Added if pod.metadata.deletion_timestamp.is_some() => {
                memory.deletion_observed();
            }
            PodSeen::Added => memory.creation_observed(),
            PodSeen::Updated if pod.metadata.deletion_timestamp.is_some() => {
                memory.deletion_observed();
                if !pod.metadata.has_finalizer(JOB_TRACKING_FINALIZER) {
                    memory.finalizer_removal_observed(uid);
                }
            }
            PodSeen::Updated => {
                if !pod.metadata.has_finalizer(JOB_TRACKING_FINALIZER) {
                    memory.finalizer_removal_observed(uid);
                }
            }
            PodSeen::Removed => {
                memory.deletion_observed();
                memory.finalizer_removal_observed(uid);
            }
        }
    }

    fn sync_cronjob(
        &mut self,
        cronjob: &CronJob,
        jobs: &[Arc<Job>],
        now: DateTime<Utc>,
        api: &mut ApiServer,
    ) -> Outcome {
        let mut sync = sync_cronjob_with(&self.parser, cronjob, jobs, now);
        run_sync(&mut sync, api)
    }
}

/// One handle on the API server for both of `execute`'s roles.
struct Shared<'a, 'b>(&'a RefCell<&'b mut ApiServer>);

impl PodControl for Shared<'_, '_> {
    fn create_pod(&mut self, pod: &Pod) -> Result<Pod, ApiError> {
        self.0.borrow_mut().create_pod(pod)
    }
    fn create_pod_owned(&mut self, pod: Pod) -> Result<Pod, ApiError> {
        self.0.borrow_mut().create_pod_owned(pod)
    }
    fn delete_pod(&mut self, pod: &ObjectKey) -> Result<(), ApiError> {
        self.0.borrow_mut().delete_pod(pod)
    }
    fn remove_finalizer(&mut self, pod: &ObjectKey) -> Result<(), ApiError> {
        self.0.borrow_mut().remove_finalizer(pod)
    }
    fn patch_pod(&mut self, pod: &ObjectKey, patch: &serde_json::Value) -> Result<(), ApiError> {
        self.0.borrow_mut().patch_pod(pod, patch)
    }
}

impl JobControl for Shared<'_, '_> {
    fn update_job_status(&mut self, job: &Job) -> Result<Job, ApiError> {
        self.0.borrow_mut().update_job_status(job)
    }
    fn update_job_status_owned(&mut self, job: Job) -> Result<Job, ApiError> {
        self.0.borrow_mut().update_job_status_owned(job)
    }
    fn get_job(&mut self, key: &ObjectKey) -> Result<Job, ApiError> {
        self.0.borrow_mut().get_job(key)
    }
    fn create_job(&mut self, job: &Job) -> Result<Job, ApiError> {
        self.0.borrow_mut().create_job(job)
    }
    fn create_job_owned(&mut self, job: Job) -> Result<Job, ApiError> {
        self.0.borrow_mut().create_job_owned(job)
    }
    fn delete_job(&mut self, key: &ObjectKey) -> Result<(), ApiError> {
        self.0.borrow_mut().delete_job(key)
    }
    fn get_cronjob(&mut self, key: &ObjectKey) -> Result<CronJob, ApiError> {
        self.0.borrow_mut().get_cronjob(key)
    }
    fn update_cronjob_status(&mut self, cronjob: &CronJob) -> Result<CronJob, ApiError> {
        self.0.borrow_mut().update_cronjob_status(cronjob)
    }
    fn update_cronjob_status_owned(&mut self, cronjob: CronJob) -> Result<CronJob, ApiError> {
        self.0.borrow_mut().update_cronjob_status_owned(cronjob)
    }
}

/// Run a sync to its end against the API server through [`execute`].
pub fn run_sync<R: Reconcile + ?Sized>(sync: &mut R, api: &mut ApiServer) -> Outcome {
    let cell = RefCell::new(api);
    execute(sync, &mut Shared(&cell), &mut Shared(&cell))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_answers_are_the_schedules_answers() {
        let parser = CachedParser::default();
        let expr = "*/7 9-17 * * 1-5";
        let zone = Some("America/New_York");
        let direct = Schedule::parse(expr, zone).expect("schedule");
        let start = DateTime::parse_from_rfc3339("2026-03-06T16:55:00Z")
            .expect("time")
            .to_utc();
        // Repeats within and beyond the four remembered answers, across a
        // DST change, each through a fresh parse as a sync would.
        let offsets = [0, 0, 60, 0, 3_600, 60, 86_400, 0, 172_800, 3_600, 0, 60];
        for (i, &secs) in offsets.iter().enumerate() {
            let t = start + chrono::Duration::seconds(secs + 86_400 * (i as i64 % 3));
            let schedule = parser.parse(expr, zone).expect("parse");
            assert_eq!(
                schedule.next_after(t),
                direct.next_after(t),
                "query {i} at {t}"
            );
        }
        assert_eq!(parser.cache.borrow().len(), 1, "parsed once");
    }
}
