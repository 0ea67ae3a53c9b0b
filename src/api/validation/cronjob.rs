//! CronJob create-time rules (`pkg/apis/batch/validation`
//! `ValidateCronJobCreate`, `validateCronJobSpec`, `validateScheduleFormat`,
//! `validateTimeZone`, `ValidateJobTemplateSpec`).

use super::field::{FieldError, Path, Value};
use super::job::validate_job_spec_common;
use super::meta::{
    validate_common_fields_update, validate_nonnegative, validate_object_meta,
    validate_object_meta_update,
};
use super::schedule::{load_location, validate_schedule};
use crate::api::{ConcurrencyPolicy, CronJob, CronJobSpec, JobTemplateSpec};

/// Longest CronJob name: Job names get an 11-character `-<timestamp>` suffix
/// and must stay within 63 characters.
const MAX_CRONJOB_NAME_LENGTH: usize = 52;

/// `ValidateCronJobCreate` on an already defaulted CronJob.
pub(crate) fn validate_defaulted_cronjob(cronjob: &CronJob) -> Vec<FieldError> {
    let mut errs = validate_object_meta(&cronjob.metadata, &Path::new("metadata"));
    errs.extend(validate_cronjob_spec(
        &cronjob.spec,
        None,
        &Path::new("spec"),
    ));
    let name = cronjob.metadata.name();
    if name.len() > MAX_CRONJOB_NAME_LENGTH {
        errs.push(FieldError::invalid(
            &Path::new("metadata").child("name"),
            Value::Str(name.to_string()),
            "must be no more than 52 characters",
        ));
    }
    errs
}

/// `ValidateCronJobUpdate` on already defaulted and prepared CronJobs,
/// after `rest.BeforeUpdate`'s common metadata checks
/// (`validateCommonFields`).
pub(crate) fn validate_defaulted_cronjob_update(new: &CronJob, old: &CronJob) -> Vec<FieldError> {
    let mut errs = validate_common_fields_update(&new.metadata, &old.metadata);
    // ValidateCronJobUpdate: ValidateObjectMetaUpdate, then validateCronJobSpec.
    errs.extend(validate_object_meta_update(
        &new.metadata,
        &old.metadata,
        &Path::new("metadata"),
    ));
    errs.extend(validate_cronjob_spec(
        &new.spec,
        Some(&old.spec),
        &Path::new("spec"),
    ));
    errs
}

/// `validateCronJobSpec`; `old` is the stored spec on update.
fn validate_cronjob_spec(
    spec: &CronJobSpec,
    old: Option<&CronJobSpec>,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let schedule_path = path.child("schedule");
    if spec.schedule.is_empty() {
        errs.push(FieldError::required(&schedule_path, ""));
    } else {
        // A stored schedule that already used TZ may keep it.
        let allow_tz = old.is_some_and(|o| o.schedule.contains("TZ"));
        errs.extend(validate_schedule_format(
            &spec.schedule,
            allow_tz,
            spec.time_zone.as_deref(),
            &schedule_path,
        ));
    }
    if let Some(d) = spec.starting_deadline_seconds {
        errs.extend(validate_nonnegative(
            d,
            &path.child("startingDeadlineSeconds"),
        ));
    }
    if old.is_none_or(|o| o.time_zone != spec.time_zone) {
        errs.extend(validate_time_zone(
            spec.time_zone.as_deref(),
            &path.child("timeZone"),
        ));
    }
    let cp = path.child("concurrencyPolicy");
    match &spec.concurrency_policy {
        None => errs.push(FieldError::required(&cp, "")),
        Some(ConcurrencyPolicy::Other(p)) if p.is_empty() => {
            errs.push(FieldError::required(&cp, ""))
        }
        Some(ConcurrencyPolicy::Other(p)) => errs.push(FieldError::not_supported(
            &cp,
            Value::Str(p.to_string()),
            ConcurrencyPolicy::KNOWN,
        )),
        Some(_) => {}
    }
    errs.extend(validate_job_template_spec(
        &spec.job_template,
        &path.child("jobTemplate"),
    ));
    if let Some(l) = spec.successful_jobs_history_limit {
        errs.extend(validate_nonnegative(
            l.into(),
            &path.child("successfulJobsHistoryLimit"),
        ));
    }
    if let Some(l) = spec.failed_jobs_history_limit {
        errs.extend(validate_nonnegative(
            l.into(),
            &path.child("failedJobsHistoryLimit"),
        ));
    }
    errs
}

/// `validateScheduleFormat`.
fn validate_schedule_format(
    schedule: &str,
    allow_tz_in_schedule: bool,
    time_zone: Option<&str>,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if let Some(msg) = validate_schedule(schedule) {
        errs.push(FieldError::invalid(
            path,
            Value::Str(schedule.to_string()),
            msg,
        ));
    }
    let has_tz = schedule.contains("TZ");
    if allow_tz_in_schedule && has_tz && time_zone.is_some() {
        errs.push(FieldError::invalid(
            path,
            Value::Str(schedule.to_string()),
            "cannot use both timeZone field and TZ or CRON_TZ in schedule",
        ));
    } else if !allow_tz_in_schedule && has_tz {
        errs.push(FieldError::invalid(
            path,
            Value::Str(schedule.to_string()),
            "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
        ));
    }
    errs
}

/// `validateTimeZone`.
fn validate_time_zone(time_zone: Option<&str>, path: &Path) -> Vec<FieldError> {
    let Some(tz) = time_zone else {
        return Vec::new();
    };
    let value = || Value::Str(tz.to_string());
    if tz.is_empty() {
        return vec![FieldError::invalid(
            path,
            value(),
            "timeZone must be nil or non-empty string",
        )];
    }
    let part_ok = |part: &str| {
        part != "."
            && part != ".."
            && !part.starts_with('-')
            && (1..=14).contains(&part.len())
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'+'))
    };
    if !tz.split('/').all(part_ok) {
        return vec![FieldError::invalid(
            path,
            value(),
            format!("unknown time zone {tz}"),
        )];
    }
    let mut errs = Vec::new();
    if tz.eq_ignore_ascii_case("Local") {
        errs.push(FieldError::invalid(
            path,
            value(),
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
        ));
    }
    if let Err(e) = load_location(tz) {
        errs.push(FieldError::invalid(path, value(), e));
    }
    errs
}

/// `ValidateJobTemplateSpec`.
fn validate_job_template_spec(template: &JobTemplateSpec, path: &Path) -> Vec<FieldError> {
    let spec_path = path.child("spec");
    let mut errs = validate_job_spec_common(&template.spec, &spec_path);
    if let Some(selector) = &template.spec.selector {
        errs.push(FieldError::invalid(
            &spec_path.child("selector"),
            Value::json(selector),
            "`selector` will be auto-generated",
        ));
    }
    if template.spec.manual_selector == Some(true) {
        errs.push(FieldError::not_supported(
            &spec_path.child("manualSelector"),
            Value::Bool(true),
            &["nil", "false"],
        ));
    }
    errs
}
