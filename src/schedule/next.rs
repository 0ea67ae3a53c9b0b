//! robfig `SpecSchedule.Next`: the month → day → hour → minute → second walk, with Go's
//! `time.Date`/`AddDate` normalisation across DST and the five-year give-up.
//!
//! Each loop is robfig's, step for step. Inside one span of constant UTC offset the steps
//! are plain arithmetic, so a loop jumps straight to where robfig's stepping would stop;
//! whenever a step could cross an offset change, it takes robfig's single steps instead.

use super::civil::{days_from_civil, days_in_month, fields, wall, weekday, Fields, DAY};
use super::spec::Spec;
use super::zone::{Cursor, ZoneTable};

/// Local broken-down time of instant `t` and the span it lies in.
struct At {
    t: i64,
    f: Fields,
    start: i64,
    end: i64,
    off: i64,
}

/// Zone cursor plus the civil date of the last local day seen: most steps of the walk stay
/// on one day, so only the clock part needs recomputing.
struct Walker<'a> {
    cur: Cursor<'a>,
    day: i64,
    date: Fields,
}

const NO_DATE: Fields = Fields {
    year: 0,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    weekday: 0,
};

impl Walker<'_> {
    #[inline]
    fn at(&mut self, t: i64) -> At {
        let s = self.cur.span_at(t);
        let local = t + s.offset;
        let day = local.div_euclid(DAY);
        if day != self.day {
            self.day = day;
            self.date = fields(local);
        }
        let sod = (local - day * DAY) as u32;
        let f = Fields {
            hour: sod / 3600,
            minute: sod / 60 % 60,
            second: sod % 60,
            ..self.date
        };
        At {
            t,
            f,
            start: s.start,
            end: s.end,
            off: s.offset,
        }
    }
}

/// Go `time.Date(y, m, d, h, mi, s, 0, loc)` with Go's normalisation and offset choice.
#[inline]
fn date(w: &mut Walker<'_>, y: i64, m: i64, d: i64, h: i64, mi: i64, s: i64) -> At {
    let t = w.cur.resolve(wall(y, m, d, h, mi, s));
    w.at(t)
}

/// robfig's walk never returns for a few DST histories (e.g. Pacific/Kiritimati, which
/// skipped 1994-12-31); a legitimate walk takes far fewer steps than this, so past it we
/// answer `None` where Kubernetes' controller would hang.
const MAX_STEPS: u32 = 100_000;

/// `Some(answer)` when the fast path applies, `None` to fall back to the full walk.
#[inline]
fn fast_path(spec: &Spec, w: &mut Walker<'_>, a: &At, year_limit: i64) -> Option<Option<i64>> {
    let off = w.cur.span_at(a.t).offset;
    if off % 60 != 0 {
        return None;
    }
    // Go's `time.Date` first looks the wall clock up as if it were UTC, up to |off| away
    // from the true instant: keep that inside the span too, and every resolution is exact.
    let margin = off.abs();
    let local = a.t + off;
    let f = a.f;
    // The earliest instant robfig's first reset can touch: the start of the first field
    // that does not match (month, day, hour), else the start itself.
    let sod = i64::from(f.hour) * 3600 + i64::from(f.minute) * 60 + i64::from(f.second);
    let earliest = if spec.month & (1 << f.month) == 0 {
        local - i64::from(f.day - 1) * DAY - sod
    } else if !spec.day_matches(f.day, f.weekday) {
        local - sod
    } else if spec.hour & (1 << f.hour) == 0 {
        local - i64::from(f.minute) * 60 - i64::from(f.second)
    } else {
        local - i64::from(f.second)
    };
    if earliest - off - margin < a.start {
        return None;
    }
    match first_local_match(spec, f, year_limit) {
        Some(l) if l - off + margin < a.end => Some(Some(l - off)),
        None if wall(year_limit + 1, 1, 1, 0, 0, 0) - off + margin < a.end => Some(None),
        _ => None,
    }
}

/// First local time `>= local` on a whole minute whose fields match, in a year
/// `<= year_limit`, starting from the broken-down local time `f`.
fn first_local_match(spec: &Spec, f: Fields, year_limit: i64) -> Option<i64> {
    const MINUTES: u64 = (1 << 60) - 1;
    const HOURS: u64 = (1 << 24) - 1;
    const MONTHS: u64 = 0x1ffe;
    let (mut y, mut m, mut d, mut h, mut mi) = (f.year, f.month, f.day, f.hour, f.minute);
    if f.second != 0 {
        // Round up to the next minute; carries are handled by the loop below.
        mi += 1;
    }
    let mut first = days_from_civil(y, m, 1);
    loop {
        if y > year_limit {
            return None;
        }
        if mi >= 60 {
            mi = 0;
            h += 1;
        }
        if h >= 24 {
            h = 0;
            mi = 0;
            d += 1;
        }
        let len = days_in_month(y, m);
        if d > len {
            (d, h, mi) = (1, 0, 0);
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
            first = days_from_civil(y, m, 1);
            continue;
        }
        let months = spec.month & MONTHS & !((1u64 << m) - 1);
        if months == 0 {
            y += 1;
            m = (spec.month & MONTHS).trailing_zeros();
            (d, h, mi) = (1, 0, 0);
            first = days_from_civil(y, m, 1);
            continue;
        }
        let m2 = months.trailing_zeros();
        if m2 != m {
            m = m2;
            (d, h, mi) = (1, 0, 0);
            first = days_from_civil(y, m, 1);
            continue;
        }
        let days = spec.month_days(len, weekday(first)) & !((1u64 << d) - 1);
        if days == 0 {
            d = len + 1;
            continue;
        }
        let d2 = days.trailing_zeros();
        if d2 != d {
            (d, h, mi) = (d2, 0, 0);
        }
        let hours = spec.hour & HOURS & !((1u64 << h) - 1);
        if hours == 0 {
            h = 24;
            continue;
        }
        let h2 = hours.trailing_zeros();
        if h2 != h {
            (h, mi) = (h2, 0);
        }
        let mins = spec.minute & MINUTES & !((1u64 << mi) - 1);
        if mins == 0 {
            (h, mi) = (h + 1, 0);
            continue;
        }
        mi = mins.trailing_zeros();
        return Some((first + i64::from(d) - 1) * DAY + i64::from(h) * 3600 + i64::from(mi) * 60);
    }
}

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
    let start = from.checked_add(1)?;
    let mut w = Walker {
        cur: Cursor::new(table, start),
        day: i64::MIN,
        date: NO_DATE,
    };
    let cur = &mut w;
    // Start at the earliest possible time (the upcoming second).
    let mut a = cur.at(start);
    let mut added = false;
    let year_limit = a.f.year + 5;

    // Fast path: when one whole-minute UTC offset holds from the start of this month
    // (robfig's earliest reset) to past the answer, robfig's walk is exactly "first local
    // time >= start whose fields match, if its year <= year_limit".
    if let Some(r) = fast_path(spec, cur, &a, year_limit) {
        return r;
    }

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
                a = date(cur, a.f.year, a.f.month.into(), 1, 0, 0, 0);
            }
            let f = a.f;
            if f.day == 1
                && f.hour == 0
                && f.minute == 0
                && f.second == 0
                && a.t - a.off.abs() >= a.start
            {
                // From a clean 1st-of-month midnight each step lands on the next 1st: jump
                // over the months whose steps no offset change can touch.
                let later = spec.month & 0x1ffe & !((2u64 << f.month) - 1);
                let target = if later != 0 {
                    later.trailing_zeros()
                } else {
                    13
                };
                let (mut m2, mut t2) = (f.month, a.t);
                while m2 < target {
                    let t3 = wall(f.year, i64::from(m2) + 1, 1, 0, 0, 0) - a.off;
                    if t3 + a.off.abs() >= a.end {
                        break;
                    }
                    (m2, t2) = (m2 + 1, t3);
                }
                if m2 > f.month {
                    a = cur.at(t2);
                    if a.f.month == 1 {
                        continue 'wrap;
                    }
                    continue;
                }
            }
            a = date(
                cur,
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
                a = date(cur, a.f.year, a.f.month.into(), a.f.day.into(), 0, 0, 0);
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
                let margin = a.off.abs();
                if a.t - margin >= a.start {
                    // As far as the span allows; the days jumped over do not match.
                    let room = a.end.saturating_sub(1 + margin).saturating_sub(a.t) / DAY;
                    let kk = k.min(room);
                    if kk >= 1 {
                        a = cur.at(a.t + kk * DAY);
                        if kk == k && a.f.day == 1 {
                            continue 'wrap;
                        }
                        continue;
                    }
                }
            }
            a = date(
                cur,
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
                a = cur.at(t2);
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
                    cur,
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
                cur.at(t2)
            } else {
                cur.at(a.t + 3600)
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
                a = cur.at(a.t - a.t.rem_euclid(60));
            }
            let later = (spec.minute | (1 << 60)) & !((2u64 << a.f.minute) - 1);
            let k = i64::from(later.trailing_zeros() - a.f.minute);
            let t2 = a.t + k * 60;
            a = if t2 < a.end {
                cur.at(t2)
            } else {
                cur.at(a.t + 60)
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
                cur.at(t2)
            } else {
                cur.at(a.t + 1)
            };
            if a.f.second == 0 {
                continue 'wrap;
            }
        }

        return Some(a.t);
    }
}
