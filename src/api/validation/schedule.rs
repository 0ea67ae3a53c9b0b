//! Adapter to the cron engine (`crate::schedule`) for `validateScheduleFormat`
//! and `validateTimeZone`: the error texts of robfig/cron v3 `ParseStandard`
//! and Go's `time.LoadLocation`.

/// robfig `ParseStandard`'s error message for `spec`, `None` if it parses.
pub(crate) fn validate_schedule(spec: &str) -> Option<String> {
    crate::schedule::parse_standard(spec)
        .err()
        .map(|e| e.to_string())
}

/// Go's `time.LoadLocation` accept/reject decision and error text.
pub(crate) fn load_location(name: &str) -> Result<(), String> {
    crate::schedule::load_time_zone(name)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robfig_messages() {
        assert_eq!(validate_schedule("*/5 * * * *"), None);
        assert_eq!(validate_schedule("@hourly"), None);
        assert_eq!(
            validate_schedule("* * * *").as_deref(),
            Some("expected exactly 5 fields, found 4: [* * * *]")
        );
        assert_eq!(
            validate_schedule("60 * * * *").as_deref(),
            Some("end of range (60) above maximum (59): 60")
        );
        assert_eq!(load_location("Europe/Rome"), Ok(()));
        assert_eq!(
            load_location("Mars/Base"),
            Err("unknown time zone Mars/Base".to_string())
        );
    }
}
