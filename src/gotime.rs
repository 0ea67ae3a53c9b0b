//! Go `time` semantics that upstream's results depend on, shared by the Job
//! and CronJob controllers: the zero time, `Time.Sub` (saturating at the
//! Duration range), `Time.Add`, and `time.Duration(n) * time.Second` (Go's
//! wrapping int64 multiply, so a count of seconds past ~292 years wraps).

use chrono::{DateTime, TimeDelta, Utc};

const GO_ZERO_UNIX: i64 = -62_135_596_800;
const NANOS_PER_SECOND: i64 = 1_000_000_000;

/// Go's zero `time.Time` (`0001-01-01T00:00:00Z`): robfig's "no time" and
/// what upstream reads for an unset `metav1.Time`.
pub fn go_zero_time() -> DateTime<Utc> {
    DateTime::from_timestamp(GO_ZERO_UNIX, 0).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Whether a timestamp is unset or Go's zero time (`time.Time.IsZero`).
pub fn is_zero_time(t: Option<&DateTime<Utc>>) -> bool {
    t.is_none_or(|t| t.timestamp() == GO_ZERO_UNIX && t.timestamp_subsec_nanos() == 0)
}

/// Go's `a.Sub(b)` in nanoseconds, saturating at the Duration range.
pub fn go_sub(a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
    let d = a.signed_duration_since(b);
    d.num_nanoseconds().unwrap_or(if d < TimeDelta::zero() {
        i64::MIN
    } else {
        i64::MAX
    })
}

/// Go's `t.Add(d)` for a nanosecond Duration (saturating at chrono's range,
/// which Go's ±292-year durations never leave for real times).
pub fn go_add(t: DateTime<Utc>, nanos: i64) -> DateTime<Utc> {
    t.checked_add_signed(TimeDelta::nanoseconds(nanos))
        .unwrap_or(if nanos < 0 {
            DateTime::<Utc>::MIN_UTC
        } else {
            DateTime::<Utc>::MAX_UTC
        })
}

/// Go's `time.Duration(secs) * time.Second`, wrapping as Go's int64 multiply.
pub fn go_seconds(secs: i64) -> i64 {
    secs.wrapping_mul(NANOS_PER_SECOND)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("valid").to_utc()
    }

    #[test]
    fn zero_time_is_year_one() {
        assert_eq!(go_zero_time(), at("0001-01-01T00:00:00Z"));
        assert!(is_zero_time(Some(&go_zero_time())));
        assert!(is_zero_time(None));
        assert!(!is_zero_time(Some(&at("1970-01-01T00:00:00Z"))));
    }

    #[test]
    fn sub_saturates_and_seconds_wrap() {
        assert_eq!(
            go_sub(at("2026-01-01T00:00:01Z"), at("2026-01-01T00:00:00Z")),
            NANOS_PER_SECOND
        );
        assert_eq!(go_sub(go_zero_time(), at("2026-01-01T00:00:00Z")), i64::MIN);
        assert_eq!(go_sub(at("2026-01-01T00:00:00Z"), go_zero_time()), i64::MAX);
        assert_eq!(go_seconds(10), 10 * NANOS_PER_SECOND);
        // 18,446,744,074 s wraps to 290,448,384 ns past 2^64.
        assert_eq!(go_seconds(18_446_744_074), 290_448_384);
        assert!(go_seconds(10_000_000_000) < 0);
        assert_eq!(
            go_add(at("2026-01-01T00:00:00Z"), i64::MIN),
            at("2026-01-01T00:00:00Z")
                - TimeDelta::nanoseconds(i64::MAX)
                - TimeDelta::nanoseconds(1)
        );
    }
}
