//! Which slot of a schedule is due (upstream `mostRecentScheduleTime`,
//! `nextScheduleTime`).
//!
//! Upstream does not walk every missed slot: it estimates how many were
//! missed from the first two slots after the earliest time, jumps near the
//! end and walks from there. For schedules with uneven gaps (e.g.
//! `30 10,11,12 * * 1-5`) the jump can land past the last real slot; then no
//! slot is due although an exact walk would find one. This module reproduces
//! the estimate, not the exact answer.

use chrono::{DateTime, Utc};

use super::{go_add, go_next, go_seconds, go_sub, go_zero_time, NextActivation};
use crate::api::CronJob;

/// Above this many estimated missed slots upstream warns `TooManyMissedTimes`.
pub const TOO_MANY_MISSED: i64 = 100;

const NANOS_PER_SECOND: i64 = 1_000_000_000;

/// Upstream `missedSchedulesType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissedSchedules {
    /// `noneMissed`: at most the first slot after the earliest time is due.
    None,
    /// `fewMissed`: 1..=100 slots estimated missed.
    Few,
    /// `manyMissed`: more than 100 estimated.
    Many,
}

impl MissedSchedules {
    /// Upstream's `String()`: "none", "few", "many".
    pub fn as_str(self) -> &'static str {
        match self {
            MissedSchedules::None => "none",
            MissedSchedules::Few => "few",
            MissedSchedules::Many => "many",
        }
    }
}

/// The result of [`most_recent_schedule_time`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MostRecent {
    /// lastScheduleTime, else creationTimestamp, raised to now − deadline.
    pub earliest: DateTime<Utc>,
    /// The most recent slot at or before now, if the estimate found one.
    pub most_recent: Option<DateTime<Utc>>,
    pub missed: MissedSchedules,
}

/// The schedule's first two slots are less than a second apart (a schedule
/// that never fires, such as `59 23 31 2 *`, has both at the zero time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("time difference between two schedules is less than 1 second")]
pub struct ScheduleTooDense {
    /// The earliest time the computation started from.
    pub earliest: DateTime<Utc>,
}

/// Go's `Duration.Round(m)` for positive `m`.
fn go_round(d: i64, m: i64) -> i64 {
    let less_than_half = |x: i64| (x as u64).wrapping_add(x as u64) < m as u64;
    let mut r = d % m;
    if d < 0 {
        r = -r;
        if less_than_half(r) {
            return d + r;
        }
        match d.checked_sub(m).map(|v| v + r) {
            Some(d1) if d1 < d => d1,
            _ => i64::MIN,
        }
    } else {
        if less_than_half(r) {
            return d - r;
        }
        match d.checked_add(m).map(|v| v - r) {
            Some(d1) if d1 > d => d1,
            _ => i64::MAX,
        }
    }
}

/// Go's `int64(d.Seconds())`.
fn go_whole_seconds(d: i64) -> i64 {
    let sec = d / NANOS_PER_SECOND;
    let nsec = d % NANOS_PER_SECOND;
    (sec as f64 + nsec as f64 / 1e9) as i64
}

/// Upstream `mostRecentScheduleTime`: the earliest time considered, the most
/// recent slot at or before `now` (estimated, see the module docs) and how
/// many were missed. `include_starting_deadline` raises the earliest time to
/// `now - startingDeadlineSeconds`.
pub fn most_recent_schedule_time(
    cronjob: &CronJob,
    now: DateTime<Utc>,
    schedule: &dyn NextActivation,
    include_starting_deadline: bool,
) -> Result<MostRecent, ScheduleTooDense> {
    let mut earliest = cronjob
        .status()
        .last_schedule_time
        .or(cronjob.metadata.creation_timestamp)
        .unwrap_or_else(go_zero_time);
    if include_starting_deadline {
        if let Some(deadline) = cronjob.spec.starting_deadline_seconds {
            // `-time.Second * time.Duration(deadline)`, wrapping as Go does.
            let scheduling_deadline = go_add(now, go_seconds(deadline).wrapping_neg());
            if scheduling_deadline > earliest {
                earliest = scheduling_deadline;
            }
        }
    }
    let none = |missed| MostRecent {
        earliest,
        most_recent: None,
        missed,
    };

    let t1 = go_next(schedule, earliest);
    let t2 = go_next(schedule, t1);
    if now < t1 {
        return Ok(none(MissedSchedules::None));
    }
    if now < t2 {
        return Ok(MostRecent {
            earliest,
            most_recent: Some(t1),
            missed: MissedSchedules::None,
        });
    }

    let between = go_round(go_sub(t2, t1), NANOS_PER_SECOND) / NANOS_PER_SECOND;
    if between < 1 {
        return Err(ScheduleTooDense { earliest });
    }
    let elapsed = go_whole_seconds(go_sub(now, t1));
    let missed_count = elapsed / between + 1;

    // Jump to one interval before the estimated last slot, then walk.
    let jump = (missed_count - 2)
        .wrapping_mul(between)
        .wrapping_mul(NANOS_PER_SECOND);
    let mut most_recent = go_zero_time();
    let mut t = go_next(schedule, go_add(t1, jump));
    while t <= now {
        most_recent = t;
        match schedule.next_after(t) {
            Some(next) => t = next,
            // Upstream would restart from the zero time here and never end;
            // stopping with the zero time reports "nothing due" instead.
            None => {
                most_recent = go_zero_time();
                break;
            }
        }
    }

    let missed = if missed_count > TOO_MANY_MISSED {
        MissedSchedules::Many
    } else if missed_count > 0 {
        MissedSchedules::Few
    } else {
        MissedSchedules::None
    };
    if most_recent == go_zero_time() {
        return Ok(none(missed));
    }
    Ok(MostRecent {
        earliest,
        most_recent: Some(most_recent),
        missed,
    })
}

/// Upstream `nextScheduleTime`: the slot to run now (deadline applied), and
/// whether upstream warns `TooManyMissedTimes` (only when a slot is returned).
pub fn next_schedule_time(
    cronjob: &CronJob,
    now: DateTime<Utc>,
    schedule: &dyn NextActivation,
) -> Result<(Option<DateTime<Utc>>, bool), ScheduleTooDense> {
    let recent = most_recent_schedule_time(cronjob, now, schedule, true)?;
    match recent.most_recent {
        Some(t) if t <= now => Ok((Some(t), recent.missed == MissedSchedules::Many)),
        _ => Ok((None, false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_round_matches_go_semantics() {
        assert_eq!(go_round(1_499_999_999, NANOS_PER_SECOND), NANOS_PER_SECOND);
        assert_eq!(
            go_round(1_500_000_000, NANOS_PER_SECOND),
            2 * NANOS_PER_SECOND
        );
        assert_eq!(
            go_round(-1_500_000_000, NANOS_PER_SECOND),
            -2 * NANOS_PER_SECOND
        );
        assert_eq!(go_round(i64::MAX, NANOS_PER_SECOND), i64::MAX);
        assert_eq!(go_round(i64::MIN, NANOS_PER_SECOND), i64::MIN);
    }

    #[test]
    fn whole_seconds_truncate() {
        assert_eq!(go_whole_seconds(2_999_999_999), 2);
        assert_eq!(go_whole_seconds(-2_999_999_999), -2);
        assert_eq!(go_whole_seconds(i64::MAX), 9_223_372_036);
    }
}
