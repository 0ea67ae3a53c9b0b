//! The Job created for a slot (upstream `getJobFromTemplate2`, `getJobName`).

use std::sync::Arc;

use chrono::{DateTime, Datelike, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::api::{CronJob, Job, ObjectMeta, OwnerReference, CRONJOB_SCHEDULED_TIMESTAMP};

pub use crate::schedule::ZoneError as UnknownTimeZone;

/// `time.LoadLocation` as the controller sees it ([`crate::schedule::load_time_zone`]).
pub fn load_location(zone: &str) -> Result<Tz, UnknownTimeZone> {
    crate::schedule::load_time_zone(zone)
}

/// Go's `t.Format(time.RFC3339)`: whole seconds, "Z" for a zero offset,
/// else the offset's whole minutes as `±hh:mm`.
pub fn format_rfc3339_in<T: TimeZone>(t: &DateTime<T>) -> String {
    let local = t.naive_local();
    let mut s = String::with_capacity(25);
    push_go_int(&mut s, i64::from(local.year()), 4);
    for (sep, v) in [
        ('-', local.month()),
        ('-', local.day()),
        ('T', local.hour()),
        (':', local.minute()),
        (':', local.second()),
    ] {
        s.push(sep);
        push_go_int(&mut s, i64::from(v), 2);
    }
    // Go's stdISO8601ColonTZ: "Z" only for a zero offset; the sign is that
    // of the offset in whole minutes.
    let offset = t.offset().fix().local_minus_utc();
    if offset == 0 {
        s.push('Z');
    } else {
        let minutes = offset / 60;
        s.push(if minutes < 0 { '-' } else { '+' });
        let minutes = i64::from(minutes).abs();
        push_go_int(&mut s, minutes / 60, 2);
        s.push(':');
        push_go_int(&mut s, minutes % 60, 2);
    }
    s
}

/// Go's `appendInt(b, x, width)`: a minus sign, then the digits zero-padded
/// to `width`.
fn push_go_int(s: &mut String, x: i64, width: usize) {
    if x < 0 {
        s.push('-');
    }
    let mut digits = [0u8; 20];
    let mut n = x.unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for _ in (digits.len() - at)..width {
        s.push('0');
    }
    for &d in &digits[at..] {
        s.push(char::from(d));
    }
}

/// Upstream `getJobName`: `<cronjob>-<unix minutes of the slot>` (Go's
/// truncating division, so slots before 1970 round toward zero).
pub fn get_job_name(cronjob_name: &str, scheduled: DateTime<Utc>) -> String {
    let mut name = String::with_capacity(cronjob_name.len() + 12);
    name.push_str(cronjob_name);
    name.push('-');
    push_go_int(&mut name, scheduled.timestamp() / 60, 1);
    name
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
        let new_york = load_location("America/New_York").expect("zone");
        assert_eq!(
            format_rfc3339_in(&winter.with_timezone(&new_york)),
            "2016-01-19T05:00:00-05:00"
        );
        let kolkata = load_location("Asia/Kolkata").expect("zone");
        assert_eq!(
            format_rfc3339_in(&winter.with_timezone(&kolkata)),
            "2016-01-19T15:30:00+05:30"
        );
    }

    #[test]
    fn rfc3339_matches_chrono_for_whole_minute_offsets() {
        let zones = [
            "UTC",
            "America/New_York",
            "Asia/Kolkata",
            "Australia/Lord_Howe",
        ];
        for zone in zones {
            let tz = load_location(zone).expect("zone");
            // 1970..2100 in steps of a prime number of seconds (~1.2 days).
            for secs in (0..4_102_444_800i64).step_by(104_729) {
                let at = DateTime::<Utc>::from_timestamp(secs, 0)
                    .expect("in range")
                    .with_timezone(&tz);
                let offset = at.offset().fix().local_minus_utc();
                let want = at.format("%Y-%m-%dT%H:%M:%S").to_string()
                    + &if offset == 0 {
                        "Z".to_string()
                    } else {
                        at.format("%:z").to_string()
                    };
                assert_eq!(format_rfc3339_in(&at), want, "{zone} {secs}");
            }
        }
    }

    #[test]
    fn rfc3339_years_and_offsets_follow_go() {
        // Go's appendInt: zero-padded to four digits, a minus sign before
        // (checked against Go: 10000-01-01T00:00:00Z, -0005-01-01T00:00:00Z).
        let far = chrono::NaiveDate::from_ymd_opt(10_000, 1, 2)
            .and_then(|d| d.and_hms_opt(3, 4, 5))
            .expect("date")
            .and_utc();
        assert_eq!(format_rfc3339_in(&far), "10000-01-02T03:04:05Z");
        let before_zero = chrono::NaiveDate::from_ymd_opt(-5, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("date")
            .and_utc();
        assert_eq!(format_rfc3339_in(&before_zero), "-0005-01-01T00:00:00Z");
        let early = t("0009-01-02T03:04:05Z");
        assert_eq!(format_rfc3339_in(&early), "0009-01-02T03:04:05Z");
        // Local mean time of Amsterdam (+00:19:32): whole minutes only.
        let lmt = chrono::FixedOffset::east_opt(19 * 60 + 32).expect("offset");
        let at = t("1900-01-01T00:00:00Z").with_timezone(&lmt);
        assert_eq!(format_rfc3339_in(&at), "1900-01-01T00:19:32+00:19");
        // Under a minute west: Go's sign is that of the whole minutes.
        let tiny = chrono::FixedOffset::west_opt(30).expect("offset");
        let at = t("2000-01-01T00:00:30Z").with_timezone(&tiny);
        assert_eq!(format_rfc3339_in(&at), "2000-01-01T00:00:00+00:00");
    }

    #[test]
    fn job_names_truncate_like_go() {
        assert_eq!(get_job_name("c", t("2016-05-19T10:00:59Z")), "c-24394200");
        assert_eq!(get_job_name("c", t("1969-12-31T23:59:00Z")), "c--1");
        assert_eq!(get_job_name("c", t("1969-12-31T23:59:30Z")), "c-0");
        assert_eq!(get_job_name("c", t("1970-01-01T00:00:00Z")), "c-0");
        assert_eq!(get_job_name("c", t("1969-12-31T22:00:00Z")), "c--120");
        assert!(load_location("Mars/Olympus").is_err());
    }
}
