//! When to look at a CronJob again (upstream `nextScheduleTimeDuration` and
//! the `updateCronJob` event handler).

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::most_recent::{most_recent_schedule_time, MissedSchedules};
use super::template::load_location;
use super::{go_add, go_next, go_sub, CronParser, NextActivation};
use crate::api::CronJob;

/// Padding after the next slot against clock skew (`nextScheduleDelta`).
pub const NEXT_SCHEDULE_DELTA: Duration = Duration::from_millis(100);

/// Upstream `nextScheduleTimeDuration`: the slot after the most recent one
/// (deadline ignored) + 100 ms − now, as Go's signed nanoseconds. On a dense
/// schedule error, or when slots were missed but the estimate found none, the
/// slot after `now` is used instead.
pub fn next_schedule_time_duration(
    cronjob: &CronJob,
    now: DateTime<Utc>,
    schedule: &dyn NextActivation,
) -> i64 {
    let from = match most_recent_schedule_time(cronjob, now, schedule, false) {
        Err(_) => now,
        Ok(r) => match r.most_recent {
            Some(t) => t,
            None if r.missed == MissedSchedules::None => r.earliest,
            None => now,
        },
    };
    let delta = NEXT_SCHEDULE_DELTA.as_nanos() as i64;
    go_sub(go_add(go_next(schedule, from), delta), now)
}

/// A Go duration as a queue delay: `AddAfter` with a delay ≤ 0 adds at once.
pub fn as_requeue(nanos: i64) -> Duration {
    Duration::from_nanos(nanos.max(0) as u64)
}

/// What upstream's `updateCronJob` handler does with the work queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateRequeue {
    /// Schedule and time zone unchanged: sync now (`enqueueController`).
    Now,
    /// Schedule or zone changed: sync at the new next slot (`enqueueControllerAfter`).
    After(Duration),
    /// The new schedule does not parse: a `UnParseableCronJobSchedule`
    /// warning with this message, and nothing queued.
    Unparseable(String),
}

/// Upstream `updateCronJob`: how an update of `old` to `new` at `now` is queued.
pub fn update_cronjob_requeue(
    parser: &dyn CronParser,
    old: &CronJob,
    new: &CronJob,
    now: DateTime<Utc>,
) -> UpdateRequeue {
    if old.spec.schedule == new.spec.schedule && old.spec.time_zone == new.spec.time_zone {
        return UpdateRequeue::Now;
    }
    // formatSchedule: an unloadable zone leaves the schedule as written.
    let zone = new
        .spec
        .time_zone
        .as_deref()
        .filter(|z| load_location(z).is_ok());
    match parser.parse(&new.spec.schedule, zone) {
        Err(_) => UpdateRequeue::Unparseable(format!(
            "unparseable schedule for cronjob: {}",
            new.spec.schedule
        )),
        Ok(schedule) => UpdateRequeue::After(as_requeue(next_schedule_time_duration(
            new,
            now,
            schedule.as_ref(),
        ))),
    }
}
