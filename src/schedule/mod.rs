//! Cron schedules with exactly the semantics Kubernetes uses: robfig/cron v3.0.1
//! `ParseStandard` and `SpecSchedule.Next`, plus how the CronJob controller applies
//! `spec.timeZone`. See `docs/schedule.md` for the quirks this reproduces.
//!
//! ```
//! use kbatch::schedule::Schedule;
//! let s = Schedule::parse("30 2 * * *", Some("America/New_York")).unwrap();
//! let from = "2026-03-07T12:00:00Z".parse().unwrap();
//! // 02:30 does not exist on 2026-03-08 in New York: robfig skips that day.
//! assert_eq!(s.next_after(from).unwrap().to_rfc3339(), "2026-03-09T06:30:00+00:00");
//! ```

pub(crate) mod civil;
mod error;
mod every;
mod gostr;
mod local;
mod next;
mod parse;
mod prev;
mod spec;
mod validate;
mod zone;

use std::fmt;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub use error::{ScheduleError, ZoneError};
/// Go's `strconv.Quote` (`%q`), for messages such as the controller's
/// `unparseable schedule: %q : %s`.
pub use gostr::go_quote;
pub use parse::parse_standard;
pub use spec::{Field, Spec, STAR_BIT};
pub use validate::{
    validate_schedule_format, validate_schedule_format_with, FieldIssue, FieldIssueKind,
};
pub use zone::load_time_zone;

use zone::ZoneTable;

/// What a schedule is: five fields, or robfig's `@every` constant delay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Spec(Spec),
    /// Delay in whole seconds (at least 1).
    Every(u64),
}

/// A parsed cron schedule. Cheap to clone; `Send + Sync`.
#[derive(Clone)]
pub struct Schedule {
    kind: Kind,
    /// The `TZ=`/`CRON_TZ=` zone name as written, if any.
    zone_name: Option<String>,
    tz: Tz,
    /// This schedule's own offset history, probed lazily around the times it is asked about.
    table: ZoneTable,
}

impl fmt::Debug for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Schedule")
            .field("kind", &self.kind)
            .field("zone_name", &self.zone_name)
            .field("tz", &self.tz)
            .finish()
    }
}

impl PartialEq for Schedule {
    /// Same fields (or delay) and same zone.
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.tz == other.tz
    }
}
impl Eq for Schedule {}

/// Mirrors the CronJob controller's `formatSchedule`: with `timeZone` set and no `"TZ"`
/// anywhere in the schedule, the controller evaluates `"TZ=<timeZone> <schedule>"`.
pub fn format_schedule(schedule: &str, time_zone: Option<&str>) -> String {
    match time_zone {
        Some(tz) if !schedule.contains("TZ") => format!("TZ={tz} {schedule}"),
        _ => schedule.to_owned(),
    }
}

impl Schedule {
    pub(crate) fn new(kind: Kind, zone_name: Option<String>, tz: Tz) -> Schedule {
        Schedule {
            kind,
            zone_name,
            tz,
            table: ZoneTable::new(tz),
        }
    }

    /// Parse `spec.schedule` with `spec.timeZone` the way the CronJob controller does
    /// (`syncCronJob`): the zone must load (`UnknownTimeZone` otherwise), then
    /// `cron.ParseStandard(formatSchedule(...))` (`UnparseableSchedule` otherwise).
    pub fn parse(expr: &str, time_zone: Option<&str>) -> Result<Schedule, ScheduleError> {
        if let Some(name) = time_zone {
            load_time_zone(name).map_err(|source| ScheduleError::InvalidTimeZone {
                time_zone: name.to_owned(),
                source,
            })?;
        }
        parse_standard(&format_schedule(expr, time_zone))
    }

    /// The zone the fields are evaluated in (UTC when none was given).
    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    /// The `TZ=`/`CRON_TZ=` zone name as written, if the schedule had one.
    pub fn zone_name(&self) -> Option<&str> {
        self.zone_name.as_deref()
    }

    /// The field bitsets, unless this is an `@every` schedule.
    pub fn spec(&self) -> Option<&Spec> {
        match &self.kind {
            Kind::Spec(s) => Some(s),
            Kind::Every(_) => None,
        }
    }

    /// The `@every` delay in whole seconds, if this is one.
    pub fn every_seconds(&self) -> Option<u64> {
        match self.kind {
            Kind::Every(d) => Some(d),
            Kind::Spec(_) => None,
        }
    }

    /// Next activation strictly after `t` (robfig `Schedule.Next`); `None` where robfig
    /// returns the zero time (nothing within its five-year search) or past chrono's range.
    pub fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match &self.kind {
            Kind::Spec(s) => {
                let start = local::Start::after(&self.table, &t)?;
                let fire = next::next_spec(s, &self.table, &start)?;
                start.instant(fire.t, fire.local)
            }
            Kind::Every(d) => DateTime::from_timestamp(every::next_every(*d, t.timestamp())?, 0),
        }
    }

    /// Successive `next_after` results, starting after `from`.
    pub fn upcoming(&self, from: DateTime<Utc>) -> Upcoming<'_> {
        Upcoming {
            schedule: self,
            at: Some(from),
        }
    }

    /// True when `t` is a fire time: a whole minute whose local fields match, i.e. robfig's
    /// `Next(t - 1ns)` returns `t`. Always false for `@every`, which has no fixed grid.
    pub fn matches(&self, t: DateTime<Utc>) -> bool {
        if t.timestamp_subsec_nanos() != 0 {
            return false;
        }
        match &self.kind {
            Kind::Spec(s) => {
                prev::prev_spec(s, &self.table, t.timestamp(), t.timestamp()).is_some()
            }
            Kind::Every(_) => false,
        }
    }

    /// The latest fire time at or before `t`: the greatest `p <= t` with
    /// `next_after(p - 1ns) == Some(p)`, so `next_after(p) > t` too. Costs a few bitset
    /// steps per DST span searched, however far back `p` is. Looks back at most 400 years;
    /// `None` for `@every` (its grid depends on where the walk started; see `most_recent`).
    ///
    /// robfig's walk can skip a matching instant (Lord Howe's 30-minute shifts), so a
    /// `Next` chain started long before may not visit `p`; `p` is still a time `Next` returns.
    pub fn prev_at_or_before(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match &self.kind {
            Kind::Spec(s) => {
                let t = t.timestamp();
                let p = prev::prev_spec(s, &self.table, t, t.saturating_sub(prev::PREV_HORIZON))?;
                DateTime::from_timestamp(p, 0)
            }
            Kind::Every(_) => None,
        }
    }

    /// The latest fire time in `(earliest, now]`, or `None`. For `@every` the fire times
    /// are those of the `Next` chain from `earliest` (`earliest + k*delay`, whole seconds).
    pub fn most_recent(
        &self,
        earliest: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let (e, n) = (earliest.timestamp(), now.timestamp());
        let p = match &self.kind {
            Kind::Spec(s) => prev::prev_spec(s, &self.table, n, e.saturating_add(1))?,
            Kind::Every(d) => every::prev_every(*d, e, n)?,
        };
        if p <= e {
            return None;
        }
        DateTime::from_timestamp(p, 0)
    }
}

/// Iterator over successive fire times (see [`Schedule::upcoming`]).
#[derive(Debug, Clone)]
pub struct Upcoming<'a> {
    schedule: &'a Schedule,
    at: Option<DateTime<Utc>>,
}

impl Iterator for Upcoming<'_> {
    type Item = DateTime<Utc>;
    fn next(&mut self) -> Option<DateTime<Utc>> {
        let next = self.schedule.next_after(self.at?);
        self.at = next;
        next
    }
}

impl std::str::FromStr for Schedule {
    type Err = ScheduleError;
    /// robfig `ParseStandard`.
    fn from_str(s: &str) -> Result<Schedule, ScheduleError> {
        parse_standard(s)
    }
}

impl fmt::Display for Schedule {
    /// A canonical form that `parse_standard` reads back to the same bitsets and zone:
    /// `[TZ=<zone> ]<minute> <hour> <dom> <month> <dow>` or `[TZ=<zone> ]@every <dur>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(z) = &self.zone_name {
            write!(f, "TZ={z} ")?;
        } else if self.tz != Tz::UTC {
            write!(f, "TZ={} ", self.tz.name())?;
        }
        match &self.kind {
            Kind::Every(d) => write!(f, "@every {}", gostr::fmt_go_seconds(*d)),
            Kind::Spec(s) => {
                for (i, field) in Field::ALL.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    spec::fmt_field(f, *field, s.get(*field))?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The per-schedule zone table keeps `Schedule` shareable across threads; a clone
    /// answers like the original whatever the original has probed so far.
    #[test]
    fn clone_send_sync_and_same_answers() {
        fn shareable<T: Clone + Send + Sync + fmt::Debug + Eq>() {}
        shareable::<Schedule>();
        let s = Schedule::parse("30 2 * * *", Some("America/New_York")).unwrap();
        let from: DateTime<Utc> = "2026-03-07T12:00:00Z".parse().unwrap();
        let far: DateTime<Utc> = "1950-06-01T00:00:00Z".parse().unwrap();
        let first = s.next_after(from);
        let copy = s.clone();
        assert_eq!(copy, s);
        assert_eq!(copy.next_after(far), s.next_after(far));
        assert_eq!(copy.next_after(from), first);
        assert_eq!(
            first.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-03-09T06:30:00+00:00")
        );
    }

    #[test]
    fn display_roundtrip() {
        for e in [
            "*/15 9-17 * * MON-FRI",
            "@weekly",
            "TZ=Asia/Tokyo 0 0 1,15 * *",
            "@every 90m",
            "0 0 , * *",
            "*/1 * 1-31 * sun/1",
        ] {
            let s = parse_standard(e).unwrap();
            let back = parse_standard(&s.to_string()).unwrap();
            assert_eq!(s, back, "{e} -> {s}");
        }
        assert_eq!(
            parse_standard("@every 90m").unwrap().to_string(),
            "@every 1h30m0s"
        );
    }
}
