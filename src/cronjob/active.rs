//! `status.active` and Job ownership (upstream `inActiveList`,
//! `inActiveListByName`, `deleteFromActiveList`, `getRef`,
//! `getJobsToBeReconciled`).

use std::borrow::Borrow;

use crate::api::{CronJob, Job, ObjectReference};

/// Upstream `inActiveList`: an entry with this uid.
pub fn in_active_list(cronjob: &CronJob, uid: &str) -> bool {
    active(cronjob)
        .iter()
        .any(|r| r.uid.as_deref().unwrap_or("") == uid)
}

/// Upstream `inActiveListByName`: an entry with this name and namespace.
pub fn in_active_list_by_name(cronjob: &CronJob, name: &str, namespace: &str) -> bool {
    active(cronjob).iter().any(|r| {
        r.name.as_deref().unwrap_or("") == name && r.namespace.as_deref().unwrap_or("") == namespace
    })
}

/// `status.active`, empty when unset.
pub fn active(cronjob: &CronJob) -> &[ObjectReference] {
    cronjob
        .status
        .as_ref()
        .and_then(|s| s.active.as_deref())
        .unwrap_or(&[])
}

/// Upstream `deleteFromActiveList`: drop every entry with this uid (the list
/// becomes present-and-empty, as upstream's new slice).
pub fn delete_from_active_list(cronjob: &mut CronJob, uid: &str) {
    let status = cronjob.status.get_or_insert_with(Default::default);
    let kept = status
        .active
        .take()
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.uid.as_deref().unwrap_or("") != uid)
        .collect();
    status.active = Some(kept);
}

/// Upstream `getRef` (`ref.GetReference`) for a Job.
pub fn job_reference(job: &Job) -> ObjectReference {
    ObjectReference {
        kind: Some("Job".to_string()),
        namespace: job.metadata.namespace.clone(),
        name: job.metadata.name.clone(),
        uid: job.metadata.uid.clone(),
        api_version: Some("batch/v1".to_string()),
        resource_version: job.metadata.resource_version.clone(),
    }
}

/// `metav1.IsControlledBy(job, cronjob)`: the controller ref's uid is the CronJob's.
pub fn is_controlled_by(job: &Job, cronjob: &CronJob) -> bool {
    job.metadata
        .controller_ref()
        .is_some_and(|r| r.uid == cronjob.metadata.uid())
}

/// Upstream `getJobsToBeReconciled`: Jobs in the CronJob's namespace whose
/// controller ownerReference names it (labels do not matter).
pub fn get_jobs_to_be_reconciled<'a, J: Borrow<Job>>(
    cronjob: &CronJob,
    jobs: &'a [J],
) -> Vec<&'a Job> {
    jobs.iter()
        .map(Borrow::borrow)
        .filter(|j| j.metadata.namespace() == cronjob.metadata.namespace())
        .filter(|j| {
            j.metadata
                .controller_ref()
                .is_some_and(|r| r.name == cronjob.metadata.name())
        })
        .collect()
}
