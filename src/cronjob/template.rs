//! The Job created for a slot (upstream `getJobFromTemplate2`, `getJobName`).

use std::sync::Arc;

use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use crate::api::{CronJob, Job, ObjectMeta, OwnerReference, CRONJOB_SCHEDULED_TIMESTAMP};

pub use crate::schedule::ZoneError as UnknownTimeZone;

/// `time.LoadLocation` as the controller sees it ([`crate::schedule::load_time_zone`]).
pub fn load_location(zone: &str) -> Result<Tz, UnknownTimeZone> {
    crate::schedule::load_time_zone(zone)
}

/// Go's `t.Format(time.RFC3339)`: whole seconds, "Z" for a zero offset.
pub fn format_rfc3339_in<T: TimeZone>(t: &DateTime<T>) -> String
where
    T::Offset: std::fmt::Display,
{
    let offset = t.offset().fix().local_minus_utc();
    let base = t.format("%Y-%m-%dT%H:%M:%S");
    if offset == 0 {
        format!("{base}Z")
    } else {
        format!("{base}{}", t.format("%:z"))
    }
}

/// Upstream `getJobName`: `<cronjob>-<unix minutes of the slot>` (Go's
/// truncating division, so slots before 1970 round toward zero).
pub fn get_job_name(cronjob_name: &str, scheduled: DateTime<Utc>) -> String {
    format!("{}-{}", cronjob_name, scheduled.timestamp() / 60)
}

/// `metav1.NewControllerRef(cj, CronJob kind)`.
pub fn controller_ref(cronjob: &CronJob) -> OwnerReference {
    OwnerReference {
        api_version: "batch/v1".to_string(),
        kind: "CronJob".to_string(),
        name: cronjob.metadata.name().to_string(),
        uid: cronjob.metadata.uid().to_string(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// Upstream `getJobFromTemplate2`: the template's labels, annotations and
/// spec, the slot name, the scheduled-timestamp annotation in the CronJob's
/// zone, creationTimestamp = slot (as upstream sends it) and the controller
/// ownerReference. The namespace is the CronJob's (upstream passes it beside
/// the object).
pub fn get_job_from_template(
    cronjob: &CronJob,
    scheduled: DateTime<Utc>,
) -> Result<Job, UnknownTimeZone> {
    let zone = load_location(cronjob.spec.time_zone.as_deref().unwrap_or(""))?;
    let template = &cronjob.spec.job_template;
    let labels = template.metadata.labels.clone().unwrap_or_default();
    let mut annotations = template.metadata.annotations.clone().unwrap_or_default();
    Arc::make_mut(&mut annotations).insert(
        CRONJOB_SCHEDULED_TIMESTAMP.to_string(),
        format_rfc3339_in(&scheduled.with_timezone(&zone)),
    );
    Ok(Job {
        api_version: "batch/v1".into(),
        kind: "Job".into(),
        metadata: ObjectMeta {
            name: Some(get_job_name(cronjob.metadata.name(), scheduled)),
            namespace: cronjob.metadata.namespace.clone(),
            labels: Some(labels),
            annotations: Some(annotations),
            creation_timestamp: Some(scheduled),
            owner_references: Some(Arc::new(vec![controller_ref(cronjob)])),
            ..ObjectMeta::default()
        },
        spec: template.spec.clone(),
        status: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("valid").to_utc()
    }

    #[test]
    fn rfc3339_uses_z_only_for_zero_offsets() {
        let rome = load_location("Europe/Rome").expect("zone");
        let at = t("2016-05-19T10:00:00.5Z");
        assert_eq!(
            format_rfc3339_in(&at.with_timezone(&rome)),
            "2016-05-19T12:00:00+02:00"
        );
        assert_eq!(
            format_rfc3339_in(&at.with_timezone(&Tz::UTC)),
            "2016-05-19T10:00:00Z"
        );
        let london = load_location("Europe/London").expect("zone");
        let winter = t("2016-01-19T10:00:00Z");
        assert_eq!(
            format_rfc3339_in(&winter.with_timezone(&london)),
            "2016-01-19T10:00:00Z"
        );
    }

    #[test]
    fn job_names_truncate_like_go() {
        assert_eq!(get_job_name("c", t("2016-05-19T10:00:59Z")), "c-24394200");
        assert_eq!(get_job_name("c", t("1969-12-31T23:59:00Z")), "c--1");
        assert_eq!(get_job_name("c", t("1969-12-31T23:59:30Z")), "c-0");
        assert!(load_location("Mars/Olympus").is_err());
    }
}
