//! Properties of the schedule engine on random schedules, zones and instants.

use chrono::{DateTime, Datelike, Duration, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use kbatch::schedule::{parse_standard, Schedule, Spec, STAR_BIT};
use proptest::prelude::*;

const ZONES: &[&str] = &[
    "UTC",
    "Etc/GMT-14",
    "America/New_York",
    "Europe/Berlin",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Asia/Kathmandu",
    "America/Santiago",
    "Africa/Casablanca",
];

/// A random valid five-field schedule built from `seed` (names, steps, lists, `?`).
fn expr(seed: u64) -> String {
    let mut s = seed | 1;
    let mut next = move |n: u64| {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s % n.max(1)
    };
    let bounds = [(0u64, 59u64), (0, 23), (1, 31), (1, 12), (0, 6)];
    let mut fields = Vec::new();
    for (i, (lo, hi)) in bounds.into_iter().enumerate() {
        let items = 1 + (next(4) == 0) as u64 * next(3);
        let mut parts = Vec::new();
        for _ in 0..items {
            let a = lo + next(hi - lo + 1);
            let b = lo + next(hi - lo + 1);
            let (a, b) = (a.min(b), a.max(b));
            let step = 1 + next(7);
            parts.push(match next(8) {
                0 | 1 => "*".to_string(),
                2 => "?".to_string(),
                3 => format!("*/{step}"),
                4 => a.to_string(),
                5 => format!("{a}-{b}"),
                6 => format!("{a}-{b}/{step}"),
                _ if i == 3 => [
                    "jan", "FEB", "Mar", "apr", "may", "JUN", "jul", "aug", "sep", "Oct", "nov",
                    "dec",
                ][(a - 1) as usize]
                    .to_string(),
                _ if i == 4 => {
                    ["SUN", "mon", "Tue", "wed", "thu", "fri", "sat"][a as usize].to_string()
                }
                _ => format!("{a}/{step}"),
            });
        }
        fields.push(parts.join(","));
    }
    fields.join(" ")
}

/// Independent field check in the schedule's zone (chrono-tz conversion, robfig's rules).
fn fields_match(spec: &Spec, tz: Tz, t: DateTime<Utc>) -> bool {
    let l = t.with_timezone(&tz);
    if l.second() != 0 || t.timestamp_subsec_nanos() != 0 {
        return false;
    }
    let bit = |set: u64, v: u32| set & (1u64 << v) != 0;
    let dom = bit(spec.dom, l.day());
    let dow = bit(spec.dow, l.weekday().num_days_from_sunday());
    let day = if (spec.dom | spec.dow) & STAR_BIT != 0 {
        dom && dow
    } else {
        dom || dow
    };
    bit(spec.minute, l.minute()) && bit(spec.hour, l.hour()) && bit(spec.month, l.month()) && day
}

fn instant(secs: i64, nanos: u32) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, nanos).unwrap_or_default()
}

fn any_schedule() -> impl Strategy<Value = (String, &'static str)> {
    (any::<u64>(), prop::sample::select(ZONES)).prop_map(|(seed, z)| (expr(seed), z))
}

fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
    (
        31_536_000i64..3_786_825_600,
        prop_oneof![Just(0u32), 0u32..1_000_000_000],
    )
        .prop_map(|(s, n)| instant(s, n))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn next_is_strictly_later((e, z) in any_schedule(), t in any_instant()) {
        let s = Schedule::parse(&e, Some(z)).unwrap();
        if let Some(n) = s.next_after(t) {
            prop_assert!(n > t, "{e} {z}: next_after({t}) = {n}");
            prop_assert_eq!(n.timestamp_subsec_nanos(), 0);
        }
    }

    /// In zones without offset changes every result matches the fields, and brute force
    /// over every minute finds nothing in between.
    #[test]
    fn next_matches_and_skips_nothing_in_fixed_zones((e, _) in any_schedule(), t in any_instant(), fixed in prop::sample::select(&["UTC", "Etc/GMT-14", "Etc/GMT+5"][..])) {
        let s = Schedule::parse(&e, Some(fixed)).unwrap();
        let spec = *s.spec().unwrap();
        let tz: Tz = fixed.parse().unwrap();
        let n = s.next_after(t);
        if let Some(n) = n {
            prop_assert!(fields_match(&spec, tz, n), "{e}: {n} does not match");
        }
        let horizon = t + Duration::days(3);
        let end = n.unwrap_or(horizon).min(horizon);
        let mut m = instant(t.timestamp() - t.timestamp().rem_euclid(60) + 60, 0);
        while m < end {
            prop_assert!(!fields_match(&spec, tz, m), "{e}: {m} matches but next_after({t}) = {n:?}");
            m += Duration::minutes(1);
        }
    }

    #[test]
    fn display_roundtrips((e, z) in any_schedule()) {
        let s = Schedule::parse(&e, Some(z)).unwrap();
        let shown = s.to_string();
        let back = parse_standard(&shown).unwrap();
        prop_assert_eq!(&back, &s, "{} -> {}", e, shown);
        prop_assert_eq!(back.spec(), s.spec());
        prop_assert_eq!(back.time_zone(), s.time_zone());
    }

    #[test]
    fn prev_is_consistent_with_next((e, z) in any_schedule(), t in any_instant()) {
        let s = Schedule::parse(&e, Some(z)).unwrap();
        let spec = *s.spec().unwrap();
        let tz: Tz = z.parse().unwrap();
        if let Some(p) = s.prev_at_or_before(t) {
            prop_assert!(p <= t);
            prop_assert!(fields_match(&spec, tz, p), "{e} {z}: prev {p} does not match");
            prop_assert_eq!(s.next_after(p - Duration::nanoseconds(1)), Some(p), "{} {}: prev({}) = {}", e, z, t, p);
            if let Some(n) = s.next_after(p) {
                // Across a DST change robfig's walk can land on a time that does not
                // match the fields (Africa/Casablanca, 2008-06-01: `* * * 3-5 2` gives
                // 2008-06-03 00:00 local); prev only returns matching times.
                if fields_match(&spec, tz, n) {
                    prop_assert!(n > t, "{e} {z}: next_after(prev({t}) = {p}) = {n} <= t");
                }
            }
            if tz == Tz::UTC {
                let mut m = p + Duration::minutes(1);
                let stop = t.min(p + Duration::days(3));
                while m <= stop {
                    prop_assert!(!fields_match(&spec, tz, m), "{e}: {m} matches after prev({t}) = {p}");
                    m += Duration::minutes(1);
                }
            }
        }
        // A next time that robfig also returns when started right at it is its own prev.
        if let Some(n) = s.next_after(t) {
            if s.next_after(n - Duration::nanoseconds(1)) == Some(n) {
                prop_assert_eq!(s.prev_at_or_before(n), Some(n));
            }
        }
    }

    #[test]
    fn never_panics(expr in ".{0,40}", z in prop::option::of("[A-Za-z/_+-]{0,20}"), secs in any::<i64>(), nanos in any::<u32>()) {
        if let Ok(s) = Schedule::parse(&expr, z.as_deref()) {
            if let Some(t) = DateTime::from_timestamp(secs % 8_000_000_000_000, nanos % 1_000_000_000) {
                let _ = s.next_after(t);
                let _ = s.prev_at_or_before(t);
                let _ = s.to_string();
            }
        }
    }
}

#[test]
fn most_recent_ten_years_back_is_immediate() {
    let s = parse_standard("* * * * *").unwrap();
    let now = Utc.with_ymd_and_hms(2036, 5, 17, 12, 34, 56).unwrap();
    let earliest = now - Duration::days(3653);
    assert_eq!(
        s.most_recent(earliest, now),
        Some(Utc.with_ymd_and_hms(2036, 5, 17, 12, 34, 0).unwrap())
    );
    let every = parse_standard("@every 1h").unwrap();
    let e = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 30).unwrap();
    let n = Utc.with_ymd_and_hms(2026, 1, 2, 5, 10, 0).unwrap();
    assert_eq!(
        every.most_recent(e, n),
        Some(Utc.with_ymd_and_hms(2026, 1, 2, 5, 0, 30).unwrap())
    );
}

#[test]
fn chrono_limits_do_not_panic() {
    let s = Schedule::parse("59 23 31 12 *", Some("Pacific/Kiritimati")).unwrap();
    for t in [
        DateTime::<Utc>::MAX_UTC,
        DateTime::<Utc>::MIN_UTC,
        instant(0, 0),
    ] {
        let _ = s.next_after(t);
        let _ = s.prev_at_or_before(t);
        let _ = s.most_recent(DateTime::<Utc>::MIN_UTC, t);
    }
    let e = parse_standard("@every 2562047h").unwrap();
    assert_eq!(e.next_after(DateTime::<Utc>::MAX_UTC), None);
}
