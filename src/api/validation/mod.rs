//! API-server validation of Jobs and CronJobs on create and update
//! (`pkg/apis/batch/validation`, plus the metadata, selector and pod-template
//! rules a batch author can trip).
//!
//! The entry points take an object as a user would submit it and validate it
//! the way the API server does: after defaulting (`default_job` /
//! `default_cronjob`), selector generation and name generation. Every error is
//! reported, each worded exactly as kubectl prints it.

mod cronjob;
pub mod field;
mod job;
mod job_update;
pub mod meta;
pub(crate) mod pod;
mod schedule;
mod warnings;

pub use field::{ErrorKind, FieldError, Path, ValidationErrors, Value};
pub use job::validate_indexes_format;

use std::sync::Arc;

use crate::api::{default_cronjob, default_job, CronJob, Job, CONTROLLER_UID_LABEL};
use crate::manifest::Object;

/// Stands in for the uid the API server assigns before validating a create
/// (`rest.FillObjectMetaSystemFields` replaces any uid the manifest carries).
pub const CREATE_UID: &str = "00000000-0000-4000-8000-000000000000";
/// Stands in for the random suffix `generateName` gets (`SimpleNameGenerator`).
const PLACEHOLDER_NAME_SUFFIX: &str = "xxxxx";
/// `maxGeneratedNameLength`: 63 minus the 5-character random suffix.
const MAX_GENERATE_NAME_PREFIX: usize = 58;

/// Validates a Job as `kubectl create` would have the API server do it
/// (`jobStrategy.PrepareForCreate` + `ValidateJob`).
pub fn validate_job(job: &Job) -> Result<(), ValidationErrors> {
    let mut job = job.clone();
    generate_name(&mut job.metadata);
    // rest.BeforeCreate: the server assigns a new uid whatever the manifest
    // says, so a Job exported with `kubectl get -o yaml` fails its old
    // selector ("`selector` not auto-generated"), as it does upstream.
    job.metadata.uid = Some(CREATE_UID.to_string());
    if job.spec.manual_selector != Some(true) {
        // `generateSelector` also adds the uid to a user-given selector.
        if let Some(selector) = &mut Arc::make_mut(&mut job.spec).selector {
            let uid = job.metadata.uid.clone().unwrap_or_default();
            selector
                .match_labels
                .get_or_insert_default()
                .entry(CONTROLLER_UID_LABEL.to_string())
                .or_insert(uid);
        }
    }
    default_job(&mut job);
    ValidationErrors::into_result(job::validate_defaulted_job(&job))
}

/// Validates a CronJob as the API server does on create
/// (`SetDefaults_CronJob` + `ValidateCronJobCreate`).
pub fn validate_cronjob(cronjob: &CronJob) -> Result<(), ValidationErrors> {
    let mut cronjob = cronjob.clone();
    generate_name(&mut cronjob.metadata);
    default_cronjob(&mut cronjob);
    ValidationErrors::into_result(cronjob::validate_defaulted_cronjob(&cronjob))
}

/// Validates a change to a stored Job as the API server does on update
/// (`rest.BeforeUpdate`, `jobStrategy.PrepareForUpdate`, then
/// `jobStrategy.ValidateUpdate` = `ValidateJob` + `ValidateJobUpdate`).
///
/// `new` is the Job as submitted, `old` as stored; both are defaulted
/// (`SetDefaults_Job`, without create-time selector generation). The status,
/// generation, uid, resourceVersion and creation/deletion timestamps are the
/// stored ones unless the submission changes what the API server keeps
/// (`ValidateObjectMetaUpdate`: name, namespace, uid, ...). The spec is
/// immutable except `parallelism`, `activeDeadlineSeconds`,
/// `ttlSecondsAfterFinished`, `backoffLimit`, `maxFailedIndexes`,
/// `podReplacementPolicy`, `suspend` and `manualSelector`; `completions`
/// may change for Indexed Jobs together with `parallelism`
/// (`validateCompletions`); the pod template's scheduling directives,
/// labels and annotations may change while the stored Job is suspended and
/// never started (`validatePodTemplateUpdate`). Templates are compared after
/// the common pod defaults (`SetDefaults_PodSpec`, `SetDefaults_Container`,
/// ports, probes), so a manifest need not repeat what the server filled in;
/// other server-filled template fields must be given on both sides. A
/// stored Job without a uid (never stored by a server, as in upstream's
/// `ValidateJobUpdate` tables) skips `validateGeneratedSelector`.
pub fn validate_job_update(new: &Job, old: &Job) -> Result<(), ValidationErrors> {
    ValidationErrors::into_result(job_update::validate_job_update(new, old))
}

/// Validates a change to a stored CronJob as the API server does on update
/// (`rest.BeforeUpdate`, `cronJobStrategy.PrepareForUpdate`,
/// `ValidateCronJobUpdate`): `ValidateObjectMetaUpdate` (immutable name,
/// namespace, uid, ...), then the spec rules (a schedule that already used
/// `TZ=` may keep it, `timeZone` is re-checked only when it changes; no
/// 52-character name limit). The job template stays mutable.
pub fn validate_cronjob_update(new: &CronJob, old: &CronJob) -> Result<(), ValidationErrors> {
    let mut new = new.clone();
    let mut old = old.clone();
    default_cronjob(&mut new);
    default_cronjob(&mut old);
    // cronJobStrategy.PrepareForUpdate: status kept, generation bumped on a spec change.
    new.status = old.status.clone();
    let spec_changed = !job_update::semantic_eq(&*new.spec, &*old.spec);
    meta::prepare_meta_for_update(&mut new.metadata, &old.metadata, spec_changed);
    ValidationErrors::into_result(cronjob::validate_defaulted_cronjob_update(&new, &old))
}

/// The API server's warnings on create, as kubectl prints them after
/// `Warning: ` (`jobStrategy.WarningsOnCreate`: the `metadata.name` DNS-label
/// warning, then `job.WarningsForJobSpec` at `spec` with
/// `pod.GetWarningsForPodTemplate`). The server sends them only when the
/// Job is accepted; they are computed here whatever [`validate_job`] says.
pub fn warnings_for_job(job: &Job) -> Vec<String> {
    warnings::job_create_warnings(job)
}

/// The API server's warnings on create, as kubectl prints them after
/// `Warning: ` (`cronJobStrategy.WarningsOnCreate`: the `metadata.name`
/// DNS-label warning, then `job.WarningsForJobSpec` at
/// `spec.jobTemplate.spec`).
pub fn warnings_for_cronjob(cronjob: &CronJob) -> Vec<String> {
    warnings::cronjob_create_warnings(cronjob)
}

/// The API server's warnings on create, as kubectl prints them after
/// `Warning: `, for either kind.
pub fn warnings_for_object(o: &Object) -> Vec<String> {
    match o {
        Object::Job(job) => warnings_for_job(job),
        Object::CronJob(cronjob) => warnings_for_cronjob(cronjob),
    }
}

/// The API server's warnings on an update, as kubectl prints them after
/// `Warning: ` (`jobStrategy.WarningsOnUpdate`: `WarningsForJobSpec` when the
/// spec changed). `new` and `old` as for [`validate_job_update`].
pub fn warnings_for_job_update(new: &Job, old: &Job) -> Vec<String> {
    warnings::job_update_warnings(new, old)
}

/// The API server's warnings on an update, as kubectl prints them after
/// `Warning: ` (`cronJobStrategy.WarningsOnUpdate`: `WarningsForJobSpec` when
/// the spec changed, then a `TZ` in the schedule).
pub fn warnings_for_cronjob_update(new: &CronJob, old: &CronJob) -> Vec<String> {
    warnings::cronjob_update_warnings(new, old)
}

/// Validates either kind.
pub fn validate_object(object: &Object) -> Result<(), ValidationErrors> {
    match object {
        Object::Job(job) => validate_job(job),
        Object::CronJob(cronjob) => validate_cronjob(cronjob),
    }
}

/// `BeforeCreate`'s name generation from `generateName`, with a fixed suffix.
fn generate_name(meta: &mut crate::api::ObjectMeta) {
    if !meta.name().is_empty() {
        return;
    }
    let Some(base) = meta.generate_name.as_deref().filter(|g| !g.is_empty()) else {
        return;
    };
    let mut cut = base.len().min(MAX_GENERATE_NAME_PREFIX);
    while !base.is_char_boundary(cut) {
        cut -= 1;
    }
    meta.name = Some(format!("{}{PLACEHOLDER_NAME_SUFFIX}", &base[..cut]));
}
