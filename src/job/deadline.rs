//! `spec.activeDeadlineSeconds` (upstream `pastActiveDeadline` and the
//! requeue `syncJob` schedules before the deadline).
//!
//! Upstream multiplies the seconds into a Go `time.Duration` (int64
//! nanoseconds) with Go's wrapping integer multiply, so a deadline beyond
//! about 292 years wraps: 10,000,000,000 s becomes a negative duration and
//! the Job fails with `DeadlineExceeded` on its first sync. The API accepts
//! any positive value; we follow upstream.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};

use crate::gotime::{go_seconds, go_sub};

/// Where a started, unsuspended Job stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActiveDeadline {
    /// `pastActiveDeadline`: elapsed ≥ allowed.
    Passed,
    /// Not yet: `AddAfter(allowed − elapsed)` (a delay ≤ 0 requeues at once).
    RequeueAfter(StdDuration),
}

/// Upstream `pastActiveDeadline` (`clock.Since(startTime) >=
/// time.Duration(activeDeadlineSeconds) * time.Second`) and, when not past,
/// the `syncDuration` `syncJob` requeues after (Go's wrapping int64
/// subtraction).
pub fn active_deadline(
    active_deadline_seconds: i64,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> ActiveDeadline {
    let allowed = go_seconds(active_deadline_seconds);
    let elapsed = go_sub(now, start);
    if elapsed >= allowed {
        return ActiveDeadline::Passed;
    }
    let delay = allowed.wrapping_sub(elapsed);
    ActiveDeadline::RequeueAfter(StdDuration::from_nanos(delay.max(0) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("valid").to_utc()
    }

    #[test]
    fn passes_at_the_deadline_and_requeues_for_the_rest_before() {
        let start = t("2026-01-01T00:00:00Z");
        assert_eq!(
            active_deadline(10, start, t("2026-01-01T00:00:09.5Z")),
            ActiveDeadline::RequeueAfter(StdDuration::from_millis(500))
        );
        assert_eq!(
            active_deadline(10, start, t("2026-01-01T00:00:10Z")),
            ActiveDeadline::Passed
        );
        // A start in the future (clock skew): the whole deadline and more.
        assert_eq!(
            active_deadline(10, start, t("2025-12-31T23:59:59Z")),
            ActiveDeadline::RequeueAfter(StdDuration::from_secs(11))
        );
    }

    #[test]
    fn deadlines_past_292_years_wrap_as_go_durations_do() {
        let start = t("2026-01-01T00:00:00Z");
        let now = t("2026-01-01T00:00:01Z");
        // 10^10 s * 10^9 wraps to about -8.4e18 ns: already past.
        assert!(go_seconds(10_000_000_000) < 0);
        assert_eq!(
            active_deadline(10_000_000_000, start, now),
            ActiveDeadline::Passed
        );
        // 18,446,744,074 s wraps to 290,448,384 ns past 2^64: 0.29 s allowed.
        assert_eq!(go_seconds(18_446_744_074), 290_448_384);
        assert_eq!(
            active_deadline(18_446_744_074, start, now),
            ActiveDeadline::Passed
        );
        assert_eq!(
            active_deadline(18_446_744_074, start, start),
            ActiveDeadline::RequeueAfter(StdDuration::from_nanos(290_448_384))
        );
        // Just under the wrap: about 292 years, not past.
        let long = active_deadline(9_223_372_036, start, now);
        assert_eq!(
            long,
            ActiveDeadline::RequeueAfter(StdDuration::from_nanos(
                9_223_372_036_000_000_000 - 1_000_000_000
            ))
        );
    }
}
