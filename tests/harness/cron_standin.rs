//! A small stand-in cron engine for the cronjob runners until `src/schedule/`
//! lands: standard five fields (lists, ranges, steps, names, `?`),
//! descriptors, `@every`, `TZ=`/`CRON_TZ=` and a time zone. Test code only.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use kbatch::cronjob::{CronParser, NextActivation};

pub struct StandIn;

struct Spec {
    minute: Vec<bool>,
    hour: Vec<bool>,
    dom: Vec<bool>,
    month: Vec<bool>,
    dow: Vec<bool>,
    day_star: bool,
    zone: Tz,
}

struct Every(i64);

fn field(text: &str, min: u32, max: u32, names: &[&str]) -> Result<(Vec<bool>, bool), String> {
    let mut bits = vec![false; max as usize + 1];
    let star = text.starts_with('*') || text.starts_with('?');
    let value = |s: &str| -> Result<u32, String> {
        if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(s)) {
            return Ok(i as u32 + min);
        }
        s.parse::<u32>().map_err(|_| format!("bad value {s}"))
    };
    for part in text.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (r, s.parse::<u32>().map_err(|_| "bad step".to_string())?),
            None => (part, 1),
        };
        let (lo, hi) = if range == "*" || range == "?" {
            (min, max)
        } else if let Some((a, b)) = range.split_once('-') {
            (value(a)?, value(b)?)
        } else {
            let v = value(range)?;
            (v, if part.contains('/') { max } else { v })
        };
        if lo < min || hi > max || lo > hi || step == 0 {
            return Err(format!("out of range: {part}"));
        }
        let mut v = lo;
        while v <= hi {
            bits[v as usize] = true;
            v += step;
        }
    }
    Ok((bits, star))
}

impl Spec {
    fn parse(expr: &str, zone: Tz) -> Result<Spec, String> {
        let f: Vec<&str> = expr.split_whitespace().collect();
        if f.len() != 5 {
            return Err(format!(
                "expected exactly 5 fields, found {}: {expr}",
                f.len()
            ));
        }
        let months = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
        let (minute, _) = field(f[0], 0, 59, &[])?;
        let (hour, _) = field(f[1], 0, 23, &[])?;
        let (dom, dom_star) = field(f[2], 1, 31, &[])?;
        let (month, _) = field(f[3], 1, 12, &months)?;
        let (dow, dow_star) = field(f[4], 0, 6, &days)?;
        Ok(Spec {
            minute,
            hour,
            dom,
            month,
            dow,
            day_star: dom_star || dow_star,
            zone,
        })
    }

    fn day_ok(&self, t: &NaiveDateTime) -> bool {
        let d = self.dom[t.day() as usize];
        let w = self.dow[t.weekday().num_days_from_sunday() as usize];
        if self.day_star {
            d && w
        } else {
            d || w
        }
    }
}

impl NextActivation for Spec {
    fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let local = t.with_timezone(&self.zone).naive_local();
        let mut c = local.with_second(0)?.with_nanosecond(0)? + Duration::minutes(1);
        let limit = local.year() + 5;
        while c.year() <= limit {
            if !self.month[c.month() as usize] {
                let (y, m) = if c.month() == 12 {
                    (c.year() + 1, 1)
                } else {
                    (c.year(), c.month() + 1)
                };
                c = NaiveDate::from_ymd_opt(y, m, 1)?.and_hms_opt(0, 0, 0)?;
                continue;
            }
            if !self.day_ok(&c) {
                c = (c.date() + Duration::days(1)).and_hms_opt(0, 0, 0)?;
                continue;
            }
            if !self.hour[c.hour() as usize] {
                c = c.with_minute(0)? + Duration::hours(1);
                continue;
            }
            if !self.minute[c.minute() as usize] {
                c += Duration::minutes(1);
                continue;
            }
            if let Some(u) = self.zone.from_local_datetime(&c).earliest() {
                let u = u.with_timezone(&Utc);
                if u > t {
                    return Some(u);
                }
            }
            c += Duration::minutes(1);
        }
        None
    }
}

impl NextActivation for Every {
    fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        Some(t + Duration::seconds(self.0) - Duration::nanoseconds(t.nanosecond() as i64))
    }
}

fn every(d: &str) -> Result<i64, String> {
    let mut total = 0i64;
    let mut num = String::new();
    for ch in d.chars() {
        if ch.is_ascii_digit() {
            num.push(ch);
            continue;
        }
        let n: i64 = num.parse().map_err(|_| format!("bad duration {d}"))?;
        num.clear();
        total += n * match ch {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return Err(format!("bad duration {d}")),
        };
    }
    if !num.is_empty() {
        return Err(format!("bad duration {d}"));
    }
    Ok(total.max(1))
}

impl CronParser for StandIn {
    fn parse(
        &self,
        expr: &str,
        time_zone: Option<&str>,
    ) -> Result<Box<dyn NextActivation>, String> {
        let full = match time_zone {
            Some(z) if !expr.contains("TZ") => format!("TZ={z} {expr}"),
            _ => expr.to_string(),
        };
        let mut rest = full.trim();
        let mut zone = Tz::UTC;
        if rest.starts_with("TZ=") || rest.starts_with("CRON_TZ=") {
            let (head, tail) = rest.split_once(' ').ok_or("missing spec")?;
            let name = head.split_once('=').map(|x| x.1).unwrap_or("");
            zone = if name.is_empty() || name == "UTC" || name == "Local" {
                Tz::UTC
            } else {
                name.parse::<Tz>()
                    .map_err(|_| format!("provided bad location {name}"))?
            };
            rest = tail.trim();
        }
        if let Some(d) = rest.strip_prefix("@every ") {
            return Ok(Box::new(Every(every(d.trim())?)));
        }
        let expr = match rest {
            "@yearly" | "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" | "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            other => other,
        };
        Ok(Box::new(Spec::parse(expr, zone)?))
    }
}
