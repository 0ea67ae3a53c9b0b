//! robfig `SpecSchedule.Next`: the month → day → hour → minute → second walk, with Go's
//! `time.Date`/`AddDate` normalisation across DST and the five-year give-up.
//!
//! Each loop is robfig's, step for step. Inside one span of constant UTC offset the steps
//! are plain arithmetic, so a loop jumps straight to where robfig's stepping would stop;
//! whenever a step could cross an offset change, it takes robfig's single steps instead.

use super::civil::{days_in_month, fields, wall, Fields, DAY};
use super::spec::Spec;
use super::zone::{Cursor, ZoneTable};

/// Local broken-down time of instant `t` and the span it lies in.
struct At {
    t: i64,
    f: Fields,
    start: i64,
    end: i64,
}

#[inline]
fn at(cur: &mut Cursor<'_>, t: i64) -> At {
    let s = cur.span_at(t);
    At {
        t,
        f: fields(t + s.offset),
        start: s.start,
        end: s.end,
    }
}

/// Go `time.Date(y, m, d, h, mi, s, 0, loc)` with Go's normalisation and offset choice.
#[inline]
fn date(cur: &mut Cursor<'_>, y: i64, m: i64, d: i64, h: i64, mi: i64, s: i64) -> At {
    let t = cur.resolve(wall(y, m, d, h, mi, s));
    at(cur, t)
}

/// robfig's walk never returns for a few DST histories (e.g. Pacific/Kiritimati, which
/// skipped 1994-12-31); a legitimate walk takes far fewer steps than this, so past it we
/// answer `None` where Kubernetes' controller would hang.
const MAX_STEPS: u32 = 100_000;

/// Margin that keeps Go's as-if-UTC first lookup inside the same span (|offset| < 1 day).
const MARGIN: i64 = DAY;

/// Next fire time strictly after `from` (whole seconds, UTC), or `None` when robfig
/// returns the zero time (nothing by the end of local year `year(from + 1s) + 5`).
pub(crate) fn next_spec(spec: &Spec, table: &ZoneTable, from: i64) -> Option<i64> {
    // A field that can never match: robfig searches five years and gives up.
    if spec.minute & ((1 << 60) - 1) == 0
        || spec.hour & ((1 << 24) - 1) == 0
        || spec.month & 0x1ffe == 0
        || (spec.dom & 0xffff_fffe == 0 && spec.dow & 0x7f == 0)
    {
        return None;
    }
    let mut steps = 0u32;
    macro_rules! step {
        () => {
            steps += 1;
            if steps > MAX_STEPS {
                return None;
            }
        };
    }
    let mut cur = Cursor::new(table, from.checked_add(1)?);
    // Start at the earliest possible time (the upcoming second).
    let mut a = at(&mut cur, from + 1);
    let mut added = false;
    let year_limit = a.f.year + 5;

    'wrap: loop {
        step!();
        if a.f.year > year_limit {
            return None;
        }

        // Month: reset to the 1st at midnight, then AddDate(0, 1, 0) until it matches.
        while spec.month & (1 << a.f.month) == 0 {
            step!();
            if !added {
                added = true;
                a = date(&mut cur, a.f.year, a.f.month.into(), 1, 0, 0, 0);
            }
            let f = a.f;
            a = date(
                &mut cur,
                f.year,
                i64::from(f.month) + 1,
                f.day.into(),
                f.hour.into(),
                f.minute.into(),
                f.second.into(),
            );
            if a.f.month == 1 {
                continue 'wrap;
            }
        }

        // Day: reset to midnight, then AddDate(0, 0, 1) with robfig's ±hour DST fix-up.
        while !spec.day_matches(a.f.day, a.f.weekday) {
            step!();
            if !added {
                added = true;
                a = date(
                    &mut cur,
                    a.f.year,
                    a.f.month.into(),
                    a.f.day.into(),
                    0,
                    0,
                    0,
                );
            }
            let f = a.f;
            if f.hour == 0 && f.minute == 0 && f.second == 0 {
                // From a clean midnight each step lands on the next midnight: jump to the
                // first matching day of this month, or the 1st of the next, if no offset
                // change can touch the steps in between.
                let len = days_in_month(f.year, f.month);
                let wd1 = (f.weekday + 35 - (f.day - 1) % 7) % 7;
                let later = spec.month_days(len, wd1) & !((2u64 << f.day) - 1);
                let target = if later != 0 {
                    later.trailing_zeros()
                } else {
                    len + 1
                };
                let k = i64::from(target - f.day);
                let t2 = a.t + k * DAY;
                if a.t - MARGIN >= a.start && t2 + MARGIN < a.end {
                    a = at(&mut cur, t2);
                    if a.f.day == 1 {
                        continue 'wrap;
                    }
                    continue;
                }
            }
            a = date(
                &mut cur,
                f.year,
                f.month.into(),
                i64::from(f.day) + 1,
                f.hour.into(),
                f.minute.into(),
                f.second.into(),
            );
            if a.f.hour != 0 {
                let h = i64::from(a.f.hour);
                let t2 = if h > 12 {
                    a.t + (24 - h) * 3600
                } else {
                    a.t - h * 3600
                };
                a = at(&mut cur, t2);
            }
            if a.f.day == 1 {
                continue 'wrap;
            }
        }

        // Hour: reset to the top of the hour, then add absolute hours.
        while spec.hour & (1 << a.f.hour) == 0 {
            step!();
            if !added {
                added = true;
                a = date(
                    &mut cur,
                    a.f.year,
                    a.f.month.into(),
                    a.f.day.into(),
                    a.f.hour.into(),
                    0,
                    0,
                );
            }
            // Steps until the hour matches or wraps to 0, if the span holds them all.
            let later = (spec.hour | (1 << 24)) & !((2u64 << a.f.hour) - 1);
            let k = i64::from(later.trailing_zeros() - a.f.hour);
            let t2 = a.t + k * 3600;
            a = if t2 < a.end {
                at(&mut cur, t2)
            } else {
                at(&mut cur, a.t + 3600)
            };
            if a.f.hour == 0 {
                continue 'wrap;
            }
        }

        // Minute: truncate (in absolute time, as Go's Truncate does), then add minutes.
        while spec.minute & (1 << a.f.minute) == 0 {
            step!();
            if !added {
                added = true;
                a = at(&mut cur, a.t - a.t.rem_euclid(60));
            }
            let later = (spec.minute | (1 << 60)) & !((2u64 << a.f.minute) - 1);
            let k = i64::from(later.trailing_zeros() - a.f.minute);
            let t2 = a.t + k * 60;
            a = if t2 < a.end {
                at(&mut cur, t2)
            } else {
                at(&mut cur, a.t + 60)
            };
            if a.f.minute == 0 {
                continue 'wrap;
            }
        }

        // Second: only 0 matches under ParseStandard. (Truncating to the second is a
        // no-op: the walk is on whole seconds.)
        while a.f.second != 0 {
            step!();
            added = true;
            let t2 = a.t + i64::from(60 - a.f.second);
            a = if t2 < a.end {
                at(&mut cur, t2)
            } else {
                at(&mut cur, a.t + 1)
            };
            if a.f.second == 0 {
                continue 'wrap;
            }
        }

        return Some(a.t);
    }
}
