//! robfig `SpecSchedule.Next`: the month → day → hour → minute → second walk, with Go's
//! `time.Date`/`AddDate` normalisation across DST and the five-year give-up.
//!
//! Most answers come from the local-time search (`local.rs`). Around an offset change the
//! walk can see, `walk` takes over: each loop is robfig's, step for step. Inside one span
//! of constant UTC offset the steps are plain arithmetic, so a loop jumps straight to where
//! robfig's stepping would stop; whenever a step could cross an offset change, it takes
//! robfig's single steps instead. Past the change it hands back to the search.

use super::civil::{days_in_month, fields, wall, Fields, DAY};
use super::local::{self, Found, Start};
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
    days: 0,
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

/// How a step walk ended, short of robfig's zero time.
enum Walked {
    Fire(i64),
    /// Reached this clean local midnight past the offset change it was asked to cross:
    /// robfig's walk from here is a fresh `Next` from this instant.
    Resume(i64),
}

/// A fire time, with the local time the search found it at (none from the step walk).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fire {
    pub t: i64,
    pub local: Option<i64>,
}

/// Next fire time at or after `s` (robfig's start, `from + 1s`), or `None` when robfig
/// returns the zero time (nothing by the end of local year `year(from + 1s) + 5`).
// Inlined into `next_after`: the start's fields stay in registers.
#[inline(always)]
pub(crate) fn next_spec(spec: &Spec, table: &ZoneTable, start: &Start) -> Option<Fire> {
    // A field that can never match: robfig searches five years and gives up.
    if spec.minute & ((1 << 60) - 1) == 0
        || spec.hour & ((1 << 24) - 1) == 0
        || spec.month & 0x1ffe == 0
        || (spec.dom & 0xffff_fffe == 0 && spec.dow & 0x7f == 0)
    {
        return None;
    }
    let year_limit = start.year_limit;
    let mut resumed;
    let mut s = start;
    let mut steps = 0u32;
    loop {
        match local::search(spec, table, s) {
            Found::Fire(t, local) => {
                return Some(Fire {
                    t,
                    local: Some(local),
                })
            }
            Found::GiveUp => return None,
            Found::Step { from, wall, until } => {
                match walk(spec, table, from, wall, until, year_limit, &mut steps)? {
                    Walked::Fire(t) => return Some(Fire { t, local: None }),
                    Walked::Resume(t) => {
                        resumed = Start::new(table, t, Some(year_limit));
                        s = &resumed;
                    }
                }
            }
        }
    }
}

/// robfig `SpecSchedule.Next`, step for step, from instant `from` or from the clean local
/// midnight `wall` after it; hands back at a clean midnight at or past local `until`.
#[inline(never)]
fn walk(
    spec: &Spec,
    table: &ZoneTable,
    from: i64,
    wall_start: Option<i64>,
    until: i64,
    year_limit: i64,
    steps: &mut u32,
) -> Option<Walked> {
    macro_rules! step {
        () => {
            *steps += 1;
            if *steps > MAX_STEPS {
                return None;
            }
        };
    }
    let mut w = Walker {
        cur: Cursor::new(table, from),
        day: i64::MIN,
        date: NO_DATE,
    };
    let cur = &mut w;
    let mut a = cur.at(from);
    if let Some(l) = wall_start {
        let t = cur.cur.resolve(l);
        let b = cur.at(t);
        if t > from && b.t + b.off == l && t % 60 == 0 {
            a = b;
        }
    }
    let began = a.t;
    let mut added = false;
    // A clean midnight the walk passes after the change: `Next` from there is the same walk
    // (its resets are no-ops there, Go's absolute minute truncation included).
    macro_rules! resume_here {
        () => {
            if a.t > began
                && a.t % 60 == 0
                && a.t + a.off >= until
                && (a.f.hour, a.f.minute, a.f.second) == (0, 0, 0)
                && (spec.month & (1 << a.f.month) != 0 || a.f.day == 1)
                && cur.cur.resolve(a.t + a.off) == a.t
            {
                return Some(Walked::Resume(a.t));
            }
        };
    }

    'wrap: loop {
        step!();
        if a.f.year > year_limit {
            return None;
        }
        resume_here!();

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
            resume_here!();
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
        resume_here!();

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

        return Some(Walked::Fire(a.t));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{parse_standard, Kind};
    use chrono_tz::Tz;

    /// robfig's walk alone, step by step from the start: what `next_spec` must equal.
    fn stepped(spec: &Spec, table: &ZoneTable, from: i64) -> Option<i64> {
        let s = Start::new(table, from + 1, None);
        match walk(spec, table, s.t, None, i64::MAX, s.year_limit, &mut 0)? {
            Walked::Fire(t) => Some(t),
            Walked::Resume(_) => None,
        }
    }

    fn rng(seed: &mut u64, n: u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed % n
    }

    /// A random field: `*`, a value, a range, a step or a short list.
    fn field(seed: &mut u64, lo: u64, hi: u64) -> String {
        let v = |s: &mut u64| lo + rng(s, hi - lo + 1);
        match rng(seed, 7) {
            0 | 1 => "*".into(),
            2 => v(seed).to_string(),
            3 => format!("*/{}", 1 + rng(seed, 6)),
            4 => {
                let (a, b) = (v(seed), v(seed));
                format!("{}-{}", a.min(b), a.max(b))
            }
            _ => format!("{},{}", v(seed), v(seed)),
        }
    }

    /// The local search with its hand-overs agrees with the plain step walk on random
    /// schedules started in the days around offset changes of awkward zones.
    /// A fixed time in the repeated hour fires twice, even when the search from the first
    /// pass would find the next day's (robfig `Next` adds absolute hours).
    #[test]
    fn fall_back_repeat_on_the_start_day() {
        let s = crate::schedule::Schedule::parse("30 1 * * *", Some("America/New_York")).unwrap();
        let from = "2026-11-01T05:45:00Z".parse().unwrap();
        let got = s.next_after(from).map(|t| t.to_rfc3339());
        assert_eq!(got.as_deref(), Some("2026-11-01T06:30:00+00:00"));
    }

    #[test]
    fn search_agrees_with_the_step_walk() {
        let zones = [
            Tz::America__New_York,
            Tz::Europe__Berlin,
            Tz::Europe__Dublin,
            Tz::Australia__Lord_Howe,
            Tz::Pacific__Chatham,
            Tz::America__Santiago,
            Tz::Africa__Casablanca,
            Tz::America__St_Johns,
            Tz::Asia__Tehran,
            Tz::America__Havana,
            Tz::UTC,
            Tz::Asia__Kolkata,
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for i in 0..12_000 {
            let tz = zones[i % zones.len()];
            // Half the schedules near a change fire around the change's wall-clock hour.
            let base = -3_800_000_000 + rng(&mut seed, 7_800_000_000) as i64;
            let change = ZoneTable::new(tz).span(base).end.min(4_000_000_000);
            let near_hour =
                (change + ZoneTable::new(tz).span(change - 1).offset).rem_euclid(86_400) / 3600;
            let hour = if i % 6 == 5 {
                ((near_hour + 23 + rng(&mut seed, 3) as i64) % 24).to_string()
            } else {
                field(&mut seed, 0, 23)
            };
            let expr = [
                field(&mut seed, 0, 59),
                hour,
                field(&mut seed, 1, 31),
                field(&mut seed, 1, 12),
                field(&mut seed, 0, 6),
            ]
            .join(" ");
            let Ok(s) = parse_standard(&format!("TZ={} {expr}", tz.name())) else {
                continue;
            };
            let Kind::Spec(spec) = s.kind else { continue };
            // Anywhere 1849..2097 (LMT offsets included), up to 40 days before a change, or
            // within hours of it.
            let from = match i % 3 {
                0 => base,
                1 => change - rng(&mut seed, 40 * 86_400) as i64,
                // Within hours of the change, either side.
                _ => change - 4 * 3600 + rng(&mut seed, 8 * 3600) as i64,
            };
            let table = ZoneTable::new(tz);
            let got = next_spec(&spec, &table, &Start::new(&table, from + 1, None));
            assert_eq!(
                got.map(|f| f.t),
                stepped(&spec, &ZoneTable::new(tz), from),
                "{expr} in {tz} after {from}"
            );
            // The local time handed out with a search answer is the answer's own.
            if let Some(Fire { t, local: Some(l) }) = got {
                assert_eq!(l - t, table.span(t).offset, "{expr} in {tz} after {from}");
            }
        }
    }
}
