//! robfig's `Next` as a search in local wall-clock time, with an audit of the offset
//! changes it passes.
//!
//! Between offset changes robfig's walk finds exactly the first local time that matches.
//! An offset change only steers it where the walk looks at the clock: on a day whose month
//! and day match (the hour and minute steps add absolute time) or at a midnight (month and
//! day steps go through `time.Date`). A change whose gap or repeated stretch lies inside a
//! day that does not match, clear of both midnights, cannot be seen, so the search goes
//! straight over it; any other change hands over to the step-by-step walk.

use super::civil::{
    civil_from_days, days_from_civil, days_in_month, fields, fields_of, wall, weekday, Fields, DAY,
};
use super::spec::Spec;
use super::zone::{Span, ZoneTable};
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Timelike, Utc};

/// What the local search concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// robfig's walk returns this instant, found at this local time.
    Fire(i64, i64),
    /// robfig's walk passes its year limit and returns the zero time.
    GiveUp,
    /// An offset change may steer the walk: walk step by step from the instant `from`
    /// (inclusive), or from local midnight `wall` if that resolves cleanly, until past the
    /// local time `until`.
    Step {
        from: i64,
        wall: Option<i64>,
        until: i64,
    },
}

/// The first candidate instant `start` with its local fields, offset span and year limit.
pub(crate) struct Start {
    pub t: i64,
    pub off: i64,
    /// Where `off` holds (the whole timeline in UTC).
    span: Span,
    pub f: Fields,
    /// chrono's date of `f`, when read off the input.
    pub date: Option<NaiveDate>,
    pub year_limit: i64,
}

/// The span of `t`, without a lookup in UTC.
#[inline]
fn span_of(table: &ZoneTable, t: i64) -> Span {
    if table.is_utc() {
        Span {
            start: i64::MIN,
            end: i64::MAX,
            offset: 0,
        }
    } else {
        table.span(t)
    }
}

impl Start {
    /// robfig `Next` starts at `t` (already rounded up) with `yearLimit := t.Year() + 5`;
    /// `year_limit` carries the original one when a walk resumes later.
    #[inline]
    pub fn new(table: &ZoneTable, t: i64, year_limit: Option<i64>) -> Start {
        let span = span_of(table, t);
        let off = span.offset;
        let f = fields(t.saturating_add(off));
        Start {
            t,
            off,
            span,
            f,
            date: None,
            year_limit: year_limit.unwrap_or(f.year + 5),
        }
    }

    /// The start of robfig `Next(t)`: `t` rounded up to the next whole second (`from + 1`
    /// with `from = t.timestamp()`), its local date read off `t`'s own calendar fields.
    #[inline(always)]
    pub fn after(table: &ZoneTable, t: &DateTime<Utc>) -> Option<Start> {
        let n = t.naive_utc();
        // 1970-01-01 counted from 0001-01-01 (chrono's day 1).
        let days = i64::from(n.date().num_days_from_ce()) - 719_163;
        let sod = i64::from(n.time().num_seconds_from_midnight()) + 1;
        let start = days * DAY + sod;
        let span = span_of(table, start);
        let off = span.offset;
        // `off` is under a day, so the local date is the input's or a neighbour: compares
        // rather than divisions.
        let sod = sod + off;
        let (date, days, sod) = if sod < 0 {
            (n.date().pred_opt(), days - 1, sod + DAY)
        } else if sod >= DAY {
            (n.date().succ_opt(), days + 1, sod - DAY)
        } else {
            (Some(n.date()), days, sod)
        };
        let f = match date {
            Some(d) => fields_of(d, days, sod as u32),
            None => fields(start + off),
        };
        Some(Start {
            t: start,
            off,
            span,
            f,
            date,
            year_limit: f.year + 5,
        })
    }
}

impl Start {
    /// Instant `t`, found at local time `local`, as a `DateTime`: the start's own date moved
    /// by whole days (within a year chrono just adds to the ordinal), not converted from a
    /// day count.
    #[inline(always)]
    pub fn instant(&self, t: i64, local: Option<i64>) -> Option<DateTime<Utc>> {
        let midnight = self.f.days * DAY;
        if let (Some(l), Some(d)) = (local, self.date) {
            // `l` is not before the start's midnight: an unsigned division.
            if let Ok(k) = u32::try_from((l - midnight) as u64 / DAY as u64) {
                // The answer's local date; its UTC date is that or a neighbour (offsets are
                // under a day).
                let midnight = midnight + i64::from(k) * DAY;
                let sod = t - midnight;
                let (k, sod) = if sod < 0 {
                    (i64::from(k) - 1, sod + DAY)
                } else if sod >= DAY {
                    (i64::from(k) + 1, sod - DAY)
                } else {
                    (i64::from(k), sod)
                };
                let d = match u32::try_from(k) {
                    Ok(k) => d
                        .with_ordinal(d.ordinal().saturating_add(k))
                        .or_else(|| d.checked_add_days(Days::new(k.into()))),
                    Err(_) => d.pred_opt(),
                };
                let time = NaiveTime::from_num_seconds_from_midnight_opt(sod as u32, 0);
                if let (Some(d), Some(time)) = (d, time) {
                    return Some(d.and_time(time).and_utc());
                }
            }
        }
        DateTime::from_timestamp(t, 0)
    }
}

/// robfig `SpecSchedule.Next` from `s`, when no offset change steers it (see module doc).
#[inline(always)]
pub(crate) fn search(spec: &Spec, table: &ZoneTable, s: &Start) -> Found {
    let step = Found::Step {
        from: s.t,
        wall: None,
        until: i64::MIN,
    };
    if !table.is_utc() && s.off % 60 != 0 {
        // Go truncates minutes in absolute time; with an offset of odd seconds the local
        // minute grid does not line up with it.
        return step;
    }
    let found = first_local_match(spec, s.f, s.year_limit);
    if table.is_utc() {
        return found.map_or(Found::GiveUp, |l| Found::Fire(l, l));
    }
    let local = s.t + s.off;
    let earliest = earliest_touch(spec, local, &s.f);
    let end = match found {
        Some(l) => l,
        None => give_up_wall(s.year_limit),
    };
    // A change's gap or repeat lies within a day of its instant (offsets are under a day).
    let (lo, hi) = (earliest.saturating_sub(DAY), end.saturating_add(DAY));
    if s.span.start <= lo && hi < s.span.end {
        // No offset change anywhere near the walk.
        return found.map_or(Found::GiveUp, |l| Found::Fire(l - s.off, l));
    }
    // Local days that cannot match: those between the start's day (if it does not match,
    // the days before it in reach, which lie in a month that does not match) and the day
    // of the answer, since every matching day after the start has a fire time.
    let start_day = s.f.days;
    let quiet_from = if spec.month & (1 << s.f.month) != 0 && spec.day_matches(s.f.day, s.f.weekday)
    {
        start_day + 1
    } else {
        i64::MIN
    };
    let quiet = quiet_from..end.div_euclid(DAY);
    table.with(lo, hi, |w| {
        let mut off = None;
        for (t, before, after) in w.changes_in(lo, hi) {
            let (w1, w2) = (t + before.min(after), t + before.max(after));
            if w1 > end {
                break;
            }
            off.get_or_insert(before);
            if w2 > earliest && !unseen(&quiet, w1, w2, after) {
                return resume_before(spec, s, local, earliest, w1, w2);
            }
            off = Some(after);
        }
        let off = off.unwrap_or(s.off);
        found.map_or(Found::GiveUp, |l| Found::Fire(l - off, l))
    })
}

/// Local midnight starting year `year_limit + 1`, where robfig's walk gives up.
#[cold]
#[inline(never)]
fn give_up_wall(year_limit: i64) -> i64 {
    wall(year_limit + 1, 1, 1, 0, 0, 0)
}

/// The earliest local time robfig's first reset can touch: the start of the first field
/// that does not match (month, day, hour), else the start itself.
#[inline]
fn earliest_touch(spec: &Spec, local: i64, f: &Fields) -> i64 {
    let sod = i64::from(f.hour) * 3600 + i64::from(f.minute) * 60 + i64::from(f.second);
    if spec.month & (1 << f.month) == 0 {
        local - i64::from(f.day - 1) * DAY - sod
    } else if !spec.day_matches(f.day, f.weekday) {
        local - sod
    } else if spec.hour & (1 << f.hour) == 0 {
        local - i64::from(f.minute) * 60 - i64::from(f.second)
    } else {
        local - i64::from(f.second)
    }
}

/// True when an offset change whose gap or repeat covers local `[w1, w2)` cannot steer
/// the walk: it lies inside one day, clear of both midnights, on a day in `quiet` (days
/// that do not match), and the new offset keeps the minute grid.
#[inline]
fn unseen(quiet: &std::ops::Range<i64>, w1: i64, w2: i64, after: i64) -> bool {
    let day = w1.div_euclid(DAY);
    w1 != day * DAY && w2 < (day + 1) * DAY && after % 60 == 0 && quiet.contains(&day)
}

/// Where the step walk can take over before the change covering local `[w1, w2)`: the
/// midnight of its day (or of the day before, if the change starts at midnight), moved to
/// the 1st of the month when the month does not match, since robfig only passes the 1st of
/// such a month. Everything before it is exact, so robfig's walk reaches that midnight with
/// nothing matched on the way; when it is not after the start, walk from the start.
fn resume_before(spec: &Spec, s: &Start, local: i64, earliest: i64, w1: i64, w2: i64) -> Found {
    let mut day = (w1 - 1).div_euclid(DAY);
    let (y, m, _) = civil_from_days(day);
    if spec.month & (1 << m) == 0 {
        day = days_from_civil(y, m, 1);
    }
    let midnight = day * DAY;
    let wall = (midnight > earliest && midnight > local).then_some(midnight);
    Found::Step {
        from: s.t,
        wall,
        until: w2,
    }
}

/// First local time `>= local` on a whole minute whose fields match, in a year
/// `<= year_limit`, starting from the broken-down local time `f`: later today, else a
/// later day this month, else the first matching day of a later month, by bit scans.
#[inline(always)]
pub(crate) fn first_local_match(spec: &Spec, f: Fields, year_limit: i64) -> Option<i64> {
    const MINUTES: u64 = (1 << 60) - 1;
    const HOURS: u64 = (1 << 24) - 1;
    const MONTHS: u64 = 0x1ffe;
    let (minutes, hours) = (spec.minute & MINUTES, spec.hour & HOURS);
    if f.year > year_limit || minutes == 0 || hours == 0 || spec.month & MONTHS == 0 {
        return None;
    }
    let at = |day: i64, h: u32, m: u32| day * DAY + i64::from(h) * 3600 + i64::from(m) * 60;
    let (first_h, first_m) = (hours.trailing_zeros(), minutes.trailing_zeros());
    if spec.month & (1 << f.month) != 0 {
        // Later today, as a minute of the day (1440 or more: none): this hour from the
        // current minute (a part-minute rounds up; minute 60 leaves none), else the first
        // minute of a later hour. Selects rather than branches: the inputs are random.
        let mi = f.minute + u32::from(f.second != 0);
        let mins = minutes & !((1u64 << mi) - 1);
        let this_hour = if hours & (1 << f.hour) != 0 && mins != 0 {
            f.hour * 60 + mins.trailing_zeros()
        } else {
            u32::MAX
        };
        let later = (hours & !((2u64 << f.hour) - 1)).trailing_zeros();
        let today = this_hour.min(later * 60 + first_m);
        if today < 1440 && spec.day_matches(f.day, f.weekday) {
            return Some(f.days * DAY + i64::from(today) * 60);
        }
        let first = f.days - i64::from(f.day - 1);
        let days = spec.month_days(days_in_month(f.year, f.month), weekday(first));
        let later = days & !((2u64 << f.day) - 1);
        if later != 0 {
            return Some(at(
                first + i64::from(later.trailing_zeros()) - 1,
                first_h,
                first_m,
            ));
        }
    }
    let (mut y, mut m) = (f.year, f.month);
    loop {
        let later = spec.month & MONTHS & !((2u64 << m) - 1);
        if later != 0 {
            m = later.trailing_zeros();
        } else {
            y += 1;
            m = (spec.month & MONTHS).trailing_zeros();
        }
        if y > year_limit {
            return None;
        }
        let first = days_from_civil(y, m, 1);
        let days = spec.month_days(days_in_month(y, m), weekday(first));
        if days != 0 {
            return Some(at(
                first + i64::from(days.trailing_zeros()) - 1,
                first_h,
                first_m,
            ));
        }
    }
}
