//! The controllers the simulator drives, behind one small trait so the
//! simulator does not care how a sync is built: it hands over the informer's
//! view and the API server, and gets the sync's [`Outcome`].

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::actions::{ApiError, ObjectKey, OpResult, Operation, Outcome, Reconcile};
use crate::api::{
    ConditionStatus, CronJob, Job, JobCondition, JobConditionType, JobStatus, Pod, PodPhase,
    JOB_COMPLETION_INDEX, JOB_TRACKING_FINALIZER,
};
use crate::cronjob::{sync_cronjob_with, CronParser, NextActivation};
use crate::host::{execute, JobControl, PodControl};
use crate::schedule::Schedule;

use super::apiserver::{is_terminal, owner_ref, ApiServer};

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
        pods: &[Pod],
        now: DateTime<Utc>,
        api: &mut ApiServer,
    ) -> Outcome;

    /// One CronJob sync.
    fn sync_cronjob(
        &mut self,
        cronjob: &CronJob,
        jobs: &[Job],
        now: DateTime<Utc>,
        api: &mut ApiServer,
    ) -> Outcome;
}

/// The crate's controllers.
#[derive(Default)]
pub struct Upstream {
    parser: CachedParser,
}

/// The crate's cron engine for the CronJob controller, remembering parsed
/// schedules (a year of minutely syncs parses one expression).
#[derive(Default)]
pub struct CachedParser {
    cache: RefCell<HashMap<(String, Option<String>), Result<Schedule, String>>>,
}

struct Activation(Schedule);

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
        let key = (expr.to_string(), time_zone.map(str::to_string));
        let mut cache = self.cache.borrow_mut();
        let parsed = cache
            .entry(key)
            .or_insert_with(|| Schedule::parse(expr, time_zone).map_err(|e| e.to_string()));
        parsed
            .clone()
            .map(|s| Box::new(Activation(s)) as Box<dyn NextActivation>)
    }
}

impl Controllers for Upstream {
    type JobMemory = ();

    fn new_job_memory(&self, _job: &Job) -> Self::JobMemory {}

    fn sync_job(
        &mut self,
        _memory: &mut (),
        job: &Job,
        pods: &[Pod],
        now: DateTime<Utc>,
        api: &mut ApiServer,
    ) -> Outcome {
        let mut sync = StandInJobSync::new(job, pods, now);
        run_sync(&mut sync, api)
    }

    fn sync_cronjob(
        &mut self,
        cronjob: &CronJob,
        jobs: &[Job],
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
    fn create_pod(&mut self, pod: &Pod) -> Result<(), ApiError> {
        self.0.borrow_mut().create_pod(pod)
    }
    fn delete_pod(&mut self, pod: &ObjectKey) -> Result<(), ApiError> {
        self.0.borrow_mut().delete_pod(pod)
    }
    fn remove_finalizer(&mut self, pod: &ObjectKey) -> Result<(), ApiError> {
        self.0.borrow_mut().remove_finalizer(pod)
    }
}

impl JobControl for Shared<'_, '_> {
    fn update_job_status(&mut self, job: &Job) -> Result<Job, ApiError> {
        self.0.borrow_mut().update_job_status(job)
    }
    fn get_job(&mut self, key: &ObjectKey) -> Result<Job, ApiError> {
        self.0.borrow_mut().get_job(key)
    }
    fn create_job(&mut self, job: &Job) -> Result<Job, ApiError> {
        self.0.borrow_mut().create_job(job)
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
}

/// Run a sync to its end against the API server through [`execute`].
pub fn run_sync<R: Reconcile + ?Sized>(sync: &mut R, api: &mut ApiServer) -> Outcome {
    let cell = RefCell::new(api);
    execute(sync, &mut Shared(&cell), &mut Shared(&cell))
}

/// A deliberately naive Job sync used until the real controller is wired:
/// counts finished pods, replaces failures without back-off, finishes on
/// completions or backoffLimit.
struct StandInJobSync {
    batches: std::vec::IntoIter<Vec<Operation>>,
}

impl StandInJobSync {
    fn new(job: &Job, pods: &[Pod], now: DateTime<Utc>) -> Self {
        let mut batches = Vec::new();
        if job.is_finished() {
            return StandInJobSync {
                batches: batches.into_iter(),
            };
        }
        let status = job.status();
        let mut succeeded = status.succeeded.unwrap_or(0);
        let mut failed = status.failed.unwrap_or(0);
        let mut patch = Vec::new();
        let mut active = 0;
        let mut done_indexes = std::collections::BTreeSet::new();
        for p in pods {
            let tracked = p.metadata.has_finalizer(JOB_TRACKING_FINALIZER);
            if p.phase() == Some(&PodPhase::Succeeded) {
                if let Some(i) = p.metadata.annotation(JOB_COMPLETION_INDEX) {
                    done_indexes.insert(i.to_string());
                }
            }
            if is_terminal(p) {
                if tracked {
                    if p.phase() == Some(&PodPhase::Succeeded) {
                        succeeded += 1;
                    } else {
                        failed += 1;
                    }
                    patch.push(Operation::RemovePodFinalizer(
                        crate::actions::ObjectKey::of(&p.metadata),
                    ));
                }
            } else if p.metadata.deletion_timestamp.is_none() {
                active += 1;
            }
        }
        let completions = job.spec.completions.unwrap_or(1);
        let parallelism = job.spec.parallelism.unwrap_or(1);
        let mut conditions = status.conditions.clone().unwrap_or_default();
        let mut finish = |t: JobConditionType, reason: &str| {
            conditions.push(JobCondition {
                type_: t,
                status: ConditionStatus::True,
                last_probe_time: Some(now),
                last_transition_time: Some(now),
                reason: Some(reason.to_string()),
                message: None,
            });
        };
        let mut creates = Vec::new();
        let mut finished = false;
        if failed > job.spec.backoff_limit.unwrap_or(6) {
            finish(JobConditionType::Failed, "BackoffLimitExceeded");
            finished = true;
        } else if succeeded >= completions {
            finish(JobConditionType::Complete, "");
            finished = true;
        } else {
            let want = (parallelism - active)
                .min(completions - succeeded - active)
                .max(0);
            let mut next_index = 0;
            for _ in 0..want {
                let mut pod = Pod {
                    metadata: job.spec.template.metadata.clone(),
                    spec: job.spec.template.spec.clone(),
                    ..Pod::default()
                };
                pod.metadata.namespace = job.metadata.namespace.clone();
                pod.metadata.generate_name = Some(format!("{}-", job.metadata.name()));
                if job.spec.is_indexed() {
                    while done_indexes.contains(&next_index.to_string())
                        || pods.iter().any(|p| {
                            !is_terminal(p)
                                && p.metadata.annotation(JOB_COMPLETION_INDEX)
                                    == Some(next_index.to_string().as_str())
                        })
                    {
                        next_index += 1;
                    }
                    pod.metadata
                        .annotations
                        .get_or_insert_default()
                        .insert(JOB_COMPLETION_INDEX.into(), next_index.to_string());
                    pod.metadata.generate_name =
                        Some(format!("{}-{}-", job.metadata.name(), next_index));
                    next_index += 1;
                }
                pod.metadata.owner_references = Some(vec![owner_ref("Job", &job.metadata)]);
                pod.metadata.finalizers = Some(vec![JOB_TRACKING_FINALIZER.into()]);
                creates.push(Operation::CreatePod(Box::new(pod)));
            }
        }
        if finished {
            let dels: Vec<_> = pods
                .iter()
                .filter(|p| !is_terminal(p) && p.metadata.deletion_timestamp.is_none())
                .map(|p| Operation::DeletePod(crate::actions::ObjectKey::of(&p.metadata)))
                .collect();
            if !dels.is_empty() {
                batches.push(dels);
            }
        }
        if !creates.is_empty() {
            batches.push(creates);
        }
        if !patch.is_empty() {
            batches.push(patch);
        }
        let mut new_job = job.clone();
        let new_status = JobStatus {
            conditions: Some(conditions).filter(|c| !c.is_empty()),
            start_time: status.start_time.or(Some(now)),
            completion_time: if finished && succeeded >= completions {
                Some(now)
            } else {
                None
            },
            active: Some(active + batches.last().map_or(0, |_| 0)),
            succeeded: Some(succeeded),
            failed: Some(failed),
            ..JobStatus::default()
        };
        if Some(&new_status) != job.status.as_ref() {
            new_job.status = Some(new_status);
            batches.push(vec![Operation::UpdateJobStatus(Box::new(new_job))]);
        }
        StandInJobSync {
            batches: batches.into_iter(),
        }
    }
}

impl Reconcile for StandInJobSync {
    fn poll_batch(&mut self) -> Option<Vec<Operation>> {
        self.batches.next()
    }
    fn on_results(&mut self, _results: Vec<OpResult>) {}
    fn outcome(&self) -> Outcome {
        Outcome::default()
    }
}
