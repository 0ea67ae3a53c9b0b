//! The `batch/v1` CronJob controller (upstream `pkg/controller/cronjob`) as
//! pure functions and a host-driven sync.
//!
//! - [`sync`]: the sync of one CronJob ([`sync_cronjob`], [`CronJobSync`]);
//! - [`most_recent`]: which slot is due (`mostRecentScheduleTime`, `nextScheduleTime`);
//! - [`requeue`]: when to look again (`nextScheduleTimeDuration`, `updateCronJob`);
//! - [`template`]: the Job made for a slot (`getJobFromTemplate2`, `getJobName`);
//! - [`active`]: `status.active` and Job ownership helpers;
//! - [`history`]: finished-Job cleanup (`cleanupFinishedJobs`, `byJobStartTime`).
//!
//! Times follow Go's `time` package where upstream's results depend on it:
//! robfig's "no next time" is Go's zero time (year 1), `Time.Sub` saturates
//! at ±292 years while `time.Second * time.Duration(n)` wraps (Go's int64
//! multiply), and integer divisions truncate toward zero.

pub mod active;
pub mod history;
pub mod most_recent;
pub mod requeue;
pub mod sync;
pub mod template;

use chrono::{DateTime, Utc};

pub use active::{get_jobs_to_be_reconciled, in_active_list, in_active_list_by_name};
pub use history::{by_job_start_time, jobs_to_clean_up};
pub use most_recent::{
    most_recent_schedule_time, next_schedule_time, MissedSchedules, MostRecent, ScheduleTooDense,
};
pub use requeue::{next_schedule_time_duration, update_cronjob_requeue, UpdateRequeue};
pub use sync::{sync_cronjob, sync_cronjob_with, CronJobSync};
pub use template::{get_job_from_template, get_job_name, load_location, UnknownTimeZone};

/// A parsed schedule as the controller uses it: robfig's `Schedule.Next`.
pub trait NextActivation {
    /// The first activation strictly after `t`; `None` where robfig returns
    /// the zero time (nothing within its five-year search).
    fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>>;
}

/// The cron engine the controller parses `spec.schedule` with
/// (`cron.ParseStandard(formatSchedule(cj))`).
pub trait CronParser {
    /// Parse `expr`; with `time_zone` set and no "TZ" in `expr` the schedule
    /// is evaluated in that zone. The error is the parser's message.
    fn parse(&self, expr: &str, time_zone: Option<&str>)
        -> Result<Box<dyn NextActivation>, String>;
}

/// The crate's own engine, [`crate::schedule::Schedule`] (robfig/cron v3 `ParseStandard`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StandardCron;

impl NextActivation for crate::schedule::Schedule {
    fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        crate::schedule::Schedule::next_after(self, t)
    }
}

impl CronParser for StandardCron {
    fn parse(
        &self,
        expr: &str,
        time_zone: Option<&str>,
    ) -> Result<Box<dyn NextActivation>, String> {
        crate::schedule::Schedule::parse(expr, time_zone)
            .map(|s| Box::new(s) as Box<dyn NextActivation>)
            .map_err(|e| e.to_string())
    }
}

pub use crate::gotime::go_zero_time;
pub(crate) use crate::gotime::{go_add, go_seconds, go_sub};

/// `schedule.Next(t)` with robfig's zero time for "none".
pub(crate) fn go_next(schedule: &dyn NextActivation, t: DateTime<Utc>) -> DateTime<Utc> {
    schedule.next_after(t).unwrap_or_else(go_zero_time)
}
