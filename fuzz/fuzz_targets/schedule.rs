//! Fuzz the schedule engine: arbitrary schedule text, zone and instant. Nothing may panic,
//! and every answer must be self-consistent:
//! - `next_after(t) > t`, on a whole second;
//! - `prev_at_or_before(t) <= t`, is a fire time (`next_after(p - 1ns) == p`, `matches(p)`),
//!   and the next field-matching fire time after it is later than `t`;
//! - `Display` parses back to the same schedule.
//!
//! Dependencies (fuzz/Cargo.toml): `libfuzzer-sys = "0.4"`, `chrono` (same version as the
//! crate, default-features = false, features = ["std"]), and `kbatch = { path = ".." }`.
#![no_main]

use chrono::{DateTime, Duration, Utc};
use kbatch::schedule::{parse_standard, Schedule};
use libfuzzer_sys::fuzz_target;

const ZONES: &[&str] =
    &["UTC", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago", "Pacific/Kiritimati"];

fuzz_target!(|data: &[u8]| {
    if data.len() < 10 {
        return;
    }
    let secs = i64::from_le_bytes(data[0..8].try_into().unwrap_or([0; 8]));
    let selector = data[8];
    let text = String::from_utf8_lossy(&data[9..]);
    // Either a raw zone after a '|' or one of the tricky zones.
    let (expr, zone): (&str, Option<String>) = match text.split_once('|') {
        Some((e, z)) => (e, Some(z.to_owned())),
        None if selector & 0x80 != 0 => (&text, Some(ZONES[usize::from(selector) % ZONES.len()].to_owned())),
        None => (&text, None),
    };
    let _ = kbatch::schedule::validate_schedule_format(expr, zone.as_deref());
    let Ok(s) = Schedule::parse(expr, zone.as_deref()) else { return };
    let shown = s.to_string();
    let back = parse_standard(&shown).unwrap_or_else(|e| panic!("{shown:?} does not parse back: {e}"));
    assert_eq!(back, s, "{expr:?} displays as {shown:?}");

    // Any instant chrono can hold, biased towards the years schedules live in.
    let secs = if selector & 1 == 0 { secs.rem_euclid(4_200_000_000) } else { secs.rem_euclid(16_000_000_000_000) - 8_000_000_000_000 };
    let Some(t) = DateTime::<Utc>::from_timestamp(secs, u32::from(selector) * 3_000_000) else { return };

    if let Some(n) = s.next_after(t) {
        assert!(n > t, "{expr:?}: next_after({t}) = {n}");
        assert_eq!(n.timestamp_subsec_nanos(), 0);
    }
    if let Some(p) = s.prev_at_or_before(t) {
        assert!(p <= t, "{expr:?}: prev_at_or_before({t}) = {p}");
        assert!(s.matches(p));
        assert_eq!(s.next_after(p - Duration::nanoseconds(1)), Some(p), "{expr:?}: prev {p} is not a fire time");
        // robfig's walk can land on a time the fields do not match where a
        // DST change falls at midnight (e.g. America/Santiago's September
        // start: "7 7 4 9 ?" from 07:07 on the 4th answers 07:07 on the 5th);
        // that answer is exact (the Go oracle agrees), so only field-matching
        // answers must lie after `t`.
        if let Some(n) = s.next_after(p).filter(|&n| s.matches(n)) {
            assert!(n > t, "{expr:?}: a fire time {n} lies between prev {p} and {t}");
        }
    }
    let _ = s.upcoming(t).take(3).count();
    let _ = s.most_recent(t - Duration::days(400), t);
});
