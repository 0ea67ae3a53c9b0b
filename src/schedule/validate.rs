//! kube-apiserver's create-time checks of `spec.schedule` and `spec.timeZone`
//! (`ValidateCronJobSpec` → `validateScheduleFormat`, `validateTimeZone`).

use super::parse::parse_standard;
use super::zone::load_time_zone;

/// The kind of a field error (`field.ErrorType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldIssueKind {
    /// `field.Required`: "Required value".
    Required,
    /// `field.Invalid`: "Invalid value".
    Invalid,
}

/// One `field.Error`: `<path>: Invalid value: "<value>": <message>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldIssue {
    pub path: String,
    pub value: String,
    pub message: String,
    pub kind: FieldIssueKind,
}

impl FieldIssue {
    fn invalid(path: &str, value: &str, message: impl Into<String>) -> FieldIssue {
        FieldIssue {
            path: path.to_owned(),
            value: value.to_owned(),
            message: message.into(),
            kind: FieldIssueKind::Invalid,
        }
    }
}

impl std::fmt::Display for FieldIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            FieldIssueKind::Required => write!(f, "{}: Required value", self.path),
            FieldIssueKind::Invalid => write!(
                f,
                "{}: Invalid value: {}: {}",
                self.path,
                super::gostr::go_quote(&self.value),
                self.message
            ),
        }
    }
}

/// Create-time validation of `spec.schedule` and `spec.timeZone` (TZ in the schedule is
/// refused). Paths are `spec.schedule` and `spec.timeZone`.
pub fn validate_schedule_format(schedule: &str, time_zone: Option<&str>) -> Vec<FieldIssue> {
    validate_schedule_format_with(schedule, time_zone, false)
}

/// As [`validate_schedule_format`]; `allow_tz_in_schedule` is upstream's update-time
/// allowance when the stored object already had `TZ`/`CRON_TZ` in its schedule.
pub fn validate_schedule_format_with(
    schedule: &str,
    time_zone: Option<&str>,
    allow_tz_in_schedule: bool,
) -> Vec<FieldIssue> {
    const SCHEDULE: &str = "spec.schedule";
    let mut issues = Vec::new();
    // ValidateCronJobSpec: an empty schedule is Required, not parsed.
    if schedule.is_empty() {
        issues.push(FieldIssue {
            path: SCHEDULE.to_owned(),
            value: String::new(),
            message: String::new(),
            kind: FieldIssueKind::Required,
        });
    } else {
        // validateScheduleFormat: cron.ParseStandard(schedule), without spec.timeZone.
        if let Err(e) = parse_standard(schedule) {
            issues.push(FieldIssue::invalid(SCHEDULE, schedule, e.to_string()));
        }
        let has_tz = schedule.contains("TZ");
        if allow_tz_in_schedule && has_tz && time_zone.is_some() {
            issues.push(FieldIssue::invalid(
                SCHEDULE,
                schedule,
                "cannot use both timeZone field and TZ or CRON_TZ in schedule",
            ));
        } else if !allow_tz_in_schedule && has_tz {
            issues.push(FieldIssue::invalid(
                SCHEDULE,
                schedule,
                "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
            ));
        }
    }
    issues.extend(validate_time_zone(time_zone));
    issues
}

/// Mirrors `validateTimeZone`.
fn validate_time_zone(time_zone: Option<&str>) -> Vec<FieldIssue> {
    const PATH: &str = "spec.timeZone";
    let Some(tz) = time_zone else {
        return Vec::new();
    };
    if tz.is_empty() {
        return vec![FieldIssue::invalid(
            PATH,
            tz,
            "timeZone must be nil or non-empty string",
        )];
    }
    // validTimeZoneCharacters = ^[A-Za-z\.\-_0-9+]{1,14}$ per '/'-separated part.
    let part_ok = |p: &str| {
        p != "."
            && p != ".."
            && !p.starts_with('-')
            && (1..=14).contains(&p.len())
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'+'))
    };
    if !tz.split('/').all(part_ok) {
        return vec![FieldIssue::invalid(
            PATH,
            tz,
            format!("unknown time zone {tz}"),
        )];
    }
    let mut issues = Vec::new();
    if tz.eq_ignore_ascii_case("Local") {
        issues.push(FieldIssue::invalid(
            PATH,
            tz,
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
        ));
    }
    if let Err(e) = load_time_zone(tz) {
        issues.push(FieldIssue::invalid(PATH, tz, e.to_string()));
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_messages() {
        assert!(validate_schedule_format("0 0 * * *", Some("Europe/Berlin")).is_empty());
        let i = validate_schedule_format("TZ=UTC 0 0 * * *", None);
        assert_eq!(i.len(), 1);
        assert_eq!(
            i[0].message,
            "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"
        );
        let i = validate_schedule_format_with("TZ=UTC 0 0 * * *", Some("UTC"), true);
        assert_eq!(
            i[0].message,
            "cannot use both timeZone field and TZ or CRON_TZ in schedule"
        );
        let i = validate_schedule_format("0 0 * * *", Some("Local"));
        assert_eq!(i.len(), 1);
        let i = validate_schedule_format("0 0 * * *", Some("local"));
        assert_eq!(i.len(), 2);
        assert_eq!(i[1].message, "unknown time zone local");
        let i = validate_schedule_format("0 0 * * 7", None);
        assert_eq!(
            i[0].to_string(),
            "spec.schedule: Invalid value: \"0 0 * * 7\": end of range (7) above maximum (6): 7"
        );
    }
}
