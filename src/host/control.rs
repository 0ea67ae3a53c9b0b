//! The API calls a host performs for the controllers (upstream's
//! `controller.PodControlInterface` and the CronJob controller's `jobControlInterface`).

use crate::actions::{ApiError, ObjectKey};
use crate::api::{CronJob, Job, Pod};

/// Pod writes of the Job controller.
pub trait PodControl {
    /// Create the pod; returns it as stored (with the generated name).
    fn create_pod(&mut self, pod: &Pod) -> Result<Pod, ApiError>;
    /// As [`create_pod`](Self::create_pod), handed the pod: a host that keeps
    /// the object it is given (as the simulator's API server does) takes it
    /// instead of copying it. [`execute`](super::execute) calls this one.
    fn create_pod_owned(&mut self, pod: Pod) -> Result<Pod, ApiError> {
        self.create_pod(&pod)
    }
    /// Delete the pod (with the uid as precondition when the key has one).
    fn delete_pod(&mut self, pod: &ObjectKey) -> Result<(), ApiError>;
    /// Remove the `batch.kubernetes.io/job-tracking` finalizer.
    fn remove_finalizer(&mut self, pod: &ObjectKey) -> Result<(), ApiError>;
    /// Apply a strategic-merge patch (`application/strategic-merge-patch+json`)
    /// to the pod (upstream `PodControlInterface.PatchPod`): the Job sync's
    /// adoptions and releases of pods (`ClaimPods`).
    fn patch_pod(&mut self, pod: &ObjectKey, patch: &serde_json::Value) -> Result<(), ApiError>;
}

/// Job and CronJob calls of both controllers.
pub trait JobControl {
    /// Write a Job's status subresource; returns the stored Job.
    fn update_job_status(&mut self, job: &Job) -> Result<Job, ApiError>;
    /// As [`update_job_status`](Self::update_job_status), handed the Job
    /// (see [`PodControl::create_pod_owned`]).
    fn update_job_status_owned(&mut self, job: Job) -> Result<Job, ApiError> {
        self.update_job_status(&job)
    }
    /// Read a Job.
    fn get_job(&mut self, key: &ObjectKey) -> Result<Job, ApiError>;
    /// Create a Job; returns the stored Job.
    fn create_job(&mut self, job: &Job) -> Result<Job, ApiError>;
    /// As [`create_job`](Self::create_job), handed the Job.
    fn create_job_owned(&mut self, job: Job) -> Result<Job, ApiError> {
        self.create_job(&job)
    }
    /// Delete a Job with background propagation.
    fn delete_job(&mut self, key: &ObjectKey) -> Result<(), ApiError>;
    /// Read a CronJob.
    fn get_cronjob(&mut self, key: &ObjectKey) -> Result<CronJob, ApiError>;
    /// Write a CronJob's status subresource; returns the stored CronJob.
    fn update_cronjob_status(&mut self, cronjob: &CronJob) -> Result<CronJob, ApiError>;
    /// As [`update_cronjob_status`](Self::update_cronjob_status), handed the
    /// CronJob.
    fn update_cronjob_status_owned(&mut self, cronjob: CronJob) -> Result<CronJob, ApiError> {
        self.update_cronjob_status(&cronjob)
    }
}
