//! `kbatch next`: upcoming fire times of a schedule.

use std::io::{IsTerminal, Write};

use chrono::{DateTime, Offset, TimeZone, Utc};

use super::NextArgs;
use crate::schedule::Schedule;

/// Print the next `count` fire times; 2 on a bad schedule, zone or time.
pub fn run(args: &NextArgs) -> i32 {
    let schedule = match Schedule::parse(&args.schedule, args.time_zone.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: invalid schedule {:?}: {e}", args.schedule);
            return 2;
        }
    };
    let from = match &args.from {
        Some(s) => {
            match DateTime::parse_from_rfc3339(s) {
                Ok(t) => t.to_utc(),
                Err(e) => {
                    eprintln!("error: invalid --from {s:?}: {e} (want RFC 3339, e.g. 2026-03-08T00:00:00Z)");
                    return 2;
                }
            }
        }
        None => Utc::now(),
    };
    let human = args.human || std::io::stdout().is_terminal();
    let tz = schedule.time_zone();
    let mut out = std::io::stdout().lock();
    let mut prev_offset = tz.offset_from_utc_datetime(&from.naive_utc()).fix();
    let mut at = from;
    for _ in 0..args.count {
        let Some(t) = schedule.next_after(at) else {
            if human {
                let _ = writeln!(
                    out,
                    "(no further fire times within robfig's five-year search)"
                );
            }
            break;
        };
        let line = t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let result = if human {
            let local = t.with_timezone(&tz);
            let offset = local.offset().fix();
            let note = if offset != prev_offset {
                format!("  ← DST: UTC offset {prev_offset} → {offset}")
            } else {
                String::new()
            };
            prev_offset = offset;
            writeln!(
                out,
                "{line}  ({} {}){note}",
                local.format("%Y-%m-%d %H:%M:%S %Z"),
                tz.name()
            )
        } else {
            writeln!(out, "{line}")
        };
        if result.is_err() {
            return 0;
        }
        at = t;
    }
    0
}
