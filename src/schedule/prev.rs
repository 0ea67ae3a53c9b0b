//! Most recent fire time at or before an instant, found backwards with bitsets instead of
//! replaying `Next` slot by slot.
//!
//! A fire time is an instant `x` (whole minute in local time) whose local fields match:
//! exactly the instants where robfig's `Next(x - 1ns)` returns `x` at once. Searching back
//! one span of constant offset at a time keeps DST gaps (no match) and fall-back
//! overlaps (two matches) as robfig sees them.

use super::civil::{days_in_month, fields, wall, DAY};
use super::spec::Spec;
use super::zone::ZoneTable;

/// How far back `prev` looks before deciding there is no earlier fire time: one
/// Gregorian cycle, after which the calendar repeats.
pub(crate) const PREV_HORIZON: i64 = 400 * 366 * DAY;

/// Latest fire time `<= t` and `>= floor` (UTC seconds).
pub(crate) fn prev_spec(spec: &Spec, table: &ZoneTable, t: i64, floor: i64) -> Option<i64> {
    if spec.minute & ((1 << 60) - 1) == 0
        || spec.hour & ((1 << 24) - 1) == 0
        || spec.month & 0x1ffe == 0
        || (spec.dom & 0xffff_fffe == 0 && spec.dow & 0x7f == 0)
    {
        return None;
    }
    let mut span = table.span(t);
    let mut upper = t;
    loop {
        let lo = span.start.max(floor);
        if upper < lo {
            return None;
        }
        if let Some(l) = prev_local(spec, upper + span.offset, lo + span.offset) {
            return Some(l - span.offset);
        }
        if span.start <= floor {
            return None;
        }
        upper = span.start - 1;
        span = table.span_before(&span)?;
    }
}

/// Latest local time in `[lo, hi]` (local seconds) with second 0 whose fields match.
fn prev_local(spec: &Spec, hi: i64, lo: i64) -> Option<i64> {
    let mut l = hi - hi.rem_euclid(60);
    loop {
        if l < lo {
            return None;
        }
        let f = fields(l);
        let day_start = l - l.rem_euclid(DAY);
        if spec.month & (1 << f.month) == 0 {
            // Last minute of the previous matching month.
            let earlier = spec.month & ((1 << f.month) - 1) & 0x1ffe;
            let (y, m) = if earlier != 0 {
                (f.year, 63 - earlier.leading_zeros())
            } else {
                (f.year - 1, 63 - (spec.month & 0x1ffe).leading_zeros())
            };
            l = wall(y, i64::from(m) + 1, 1, 0, 0, 0) - 60;
            continue;
        }
        let len = days_in_month(f.year, f.month);
        let wd1 = (f.weekday + 35 - (f.day - 1) % 7) % 7;
        let days = spec.month_days(len, wd1) & ((2u64 << f.day) - 1);
        if days & (1 << f.day) == 0 {
            l = if days == 0 {
                // Last minute of the previous month.
                day_start - i64::from(f.day - 1) * DAY - 60
            } else {
                let d = 63 - days.leading_zeros();
                day_start - i64::from(f.day - d) * DAY + 23 * 3600 + 59 * 60
            };
            continue;
        }
        if spec.hour & (1 << f.hour) == 0 {
            let earlier = spec.hour & ((1 << f.hour) - 1);
            l = if earlier == 0 {
                day_start - 60
            } else {
                day_start + i64::from(63 - earlier.leading_zeros()) * 3600 + 59 * 60
            };
            continue;
        }
        if spec.minute & (1 << f.minute) == 0 {
            let hour_start = day_start + i64::from(f.hour) * 3600;
            let earlier = spec.minute & ((1 << f.minute) - 1);
            l = if earlier == 0 {
                hour_start - 60
            } else {
                hour_start + i64::from(63 - earlier.leading_zeros()) * 60
            };
            continue;
        }
        return Some(l);
    }
}
