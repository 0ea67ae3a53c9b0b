//! Drives a [`Reconcile`] through a host's [`PodControl`] and [`JobControl`].

use crate::actions::{OpResult, Operation, Outcome, Reconcile};

use super::control::{JobControl, PodControl};

/// The first slow-start batch size (`controller.SlowStartInitialBatchSize`).
pub const SLOW_START_INITIAL_BATCH_SIZE: usize = 1;

/// Batch sizes for `count` calls made in slow start (`controller.slowStartBatch`):
/// 1, 2, 4, ... each bounded by what is left.
pub fn slow_start_batches(count: usize) -> impl Iterator<Item = usize> {
    let mut remaining = count;
    let mut size = SLOW_START_INITIAL_BATCH_SIZE;
    std::iter::from_fn(move || {
        if remaining == 0 {
            return None;
        }
        let batch = size.min(remaining);
        remaining -= batch;
        size = size.saturating_mul(2);
        Some(batch)
    })
}

/// Perform one operation through the host's traits, handing over the
/// objects it carries (the `_owned` calls).
fn perform<P: PodControl + ?Sized, J: JobControl + ?Sized>(
    op: Operation,
    pods: &mut P,
    jobs: &mut J,
) -> OpResult {
    let unit = |r: Result<(), _>| match r {
        Ok(()) => OpResult::Ok,
        Err(e) => OpResult::Err(e),
    };
    let job = |r: Result<_, _>| match r {
        Ok(j) => OpResult::Job(Box::new(j)),
        Err(e) => OpResult::Err(e),
    };
    let cronjob = |r: Result<_, _>| match r {
        Ok(c) => OpResult::CronJob(Box::new(c)),
        Err(e) => OpResult::Err(e),
    };
    match op {
        Operation::CreatePod(pod) => match pods.create_pod_owned(*pod) {
            Ok(p) => OpResult::Pod(Box::new(p)),
            Err(e) => OpResult::Err(e),
        },
        Operation::DeletePod(key) => unit(pods.delete_pod(&key)),
        Operation::RemovePodFinalizer(key) => unit(pods.remove_finalizer(&key)),
        Operation::PatchPod { pod, patch } => unit(pods.patch_pod(&pod, &patch)),
        Operation::UpdateJobStatus(j) => job(jobs.update_job_status_owned(*j)),
        Operation::CreateJob(j) => job(jobs.create_job_owned(*j)),
        Operation::GetJob(key) => job(jobs.get_job(&key)),
        Operation::DeleteJob(key) => unit(jobs.delete_job(&key)),
        Operation::GetCronJob(key) => cronjob(jobs.get_cronjob(&key)),
        Operation::UpdateCronJobStatus(c) => cronjob(jobs.update_cronjob_status_owned(*c)),
    }
}

/// Run a sync to its end: every batch the sync asks for is performed through
/// the traits (in order; a host wanting concurrency within a batch drives
/// [`Reconcile`] itself) and its results are fed back. The outcome is moved
/// out of the sync ([`Reconcile::take_outcome`]).
pub fn execute<R, P, J>(sync: &mut R, pods: &mut P, jobs: &mut J) -> Outcome
where
    R: Reconcile + ?Sized,
    P: PodControl + ?Sized,
    J: JobControl + ?Sized,
{
    while let Some(batch) = sync.poll_batch() {
        let results = batch
            .into_iter()
            .map(|op| perform(op, pods, jobs))
            .collect();
        sync.on_results(results);
    }
    sync.take_outcome()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::{ApiError, ApiErrorKind, ObjectKey};
    use crate::api::{CronJob, Job, Pod};

    /// One batch of every object-carrying write, then the results it got.
    #[derive(Default)]
    struct Writes {
        sent: bool,
        results: Vec<OpResult>,
    }

    impl Reconcile for Writes {
        fn poll_batch(&mut self) -> Option<Vec<Operation>> {
            if std::mem::replace(&mut self.sent, true) {
                return None;
            }
            Some(vec![
                Operation::CreatePod(Box::default()),
                Operation::UpdateJobStatus(Box::default()),
                Operation::CreateJob(Box::default()),
                Operation::UpdateCronJobStatus(Box::default()),
            ])
        }
        fn on_results(&mut self, results: Vec<OpResult>) {
            self.results = results;
        }
        fn outcome(&self) -> Outcome {
            Outcome::default()
        }
    }

    /// A host whose borrowing calls fail: only the handing-over calls succeed.
    struct KeepsWhatItIsGiven;

    fn refused<T>() -> Result<T, ApiError> {
        Err(ApiError::new(ApiErrorKind::Other, "borrowed"))
    }

    impl PodControl for KeepsWhatItIsGiven {
        fn create_pod(&mut self, _: &Pod) -> Result<Pod, ApiError> {
            refused()
        }
        fn create_pod_owned(&mut self, pod: Pod) -> Result<Pod, ApiError> {
            Ok(pod)
        }
        fn delete_pod(&mut self, _: &ObjectKey) -> Result<(), ApiError> {
            refused()
        }
        fn remove_finalizer(&mut self, _: &ObjectKey) -> Result<(), ApiError> {
            refused()
        }
        fn patch_pod(&mut self, _: &ObjectKey, _: &serde_json::Value) -> Result<(), ApiError> {
            refused()
        }
    }

    impl JobControl for KeepsWhatItIsGiven {
        fn update_job_status(&mut self, _: &Job) -> Result<Job, ApiError> {
            refused()
        }
        fn update_job_status_owned(&mut self, job: Job) -> Result<Job, ApiError> {
            Ok(job)
        }
        fn get_job(&mut self, _: &ObjectKey) -> Result<Job, ApiError> {
            refused()
        }
        fn create_job(&mut self, _: &Job) -> Result<Job, ApiError> {
            refused()
        }
        fn create_job_owned(&mut self, job: Job) -> Result<Job, ApiError> {
            Ok(job)
        }
        fn delete_job(&mut self, _: &ObjectKey) -> Result<(), ApiError> {
            refused()
        }
        fn get_cronjob(&mut self, _: &ObjectKey) -> Result<CronJob, ApiError> {
            refused()
        }
        fn update_cronjob_status(&mut self, _: &CronJob) -> Result<CronJob, ApiError> {
            refused()
        }
        fn update_cronjob_status_owned(&mut self, cronjob: CronJob) -> Result<CronJob, ApiError> {
            Ok(cronjob)
        }
    }

    #[test]
    fn writes_hand_their_objects_to_the_host() {
        let mut sync = Writes::default();
        execute(&mut sync, &mut KeepsWhatItIsGiven, &mut KeepsWhatItIsGiven);
        assert_eq!(sync.results.len(), 4);
        assert!(
            sync.results.iter().all(OpResult::is_ok),
            "{:?}",
            sync.results
        );
    }

    #[test]
    fn slow_start_doubles_and_ends_with_the_rest() {
        let sizes: Vec<usize> = slow_start_batches(10).collect();
        assert_eq!(sizes, vec![1, 2, 4, 3]);
        assert_eq!(slow_start_batches(0).count(), 0);
        assert_eq!(slow_start_batches(1).collect::<Vec<_>>(), vec![1]);
        assert_eq!(slow_start_batches(7).collect::<Vec<_>>(), vec![1, 2, 4]);
    }
}
