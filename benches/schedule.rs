//! Schedule engine speed on the random fixture set (`robfig_random.json`: 1,000 schedules
//! over 10 zones): parse rate, next-time rate against the `cron` and `croner` crates, and
//! most-recent lookups over long gaps.
//!
//! `cargo bench --bench schedule -- --warm-up-time 1 --measurement-time 3`

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use kbatch::schedule::Schedule;
use std::path::PathBuf;
use std::str::FromStr;

struct Case {
    expr: String,
    zone: String,
    from: DateTime<Utc>,
}

fn cases() -> Vec<Case> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("tests/conformance/schedule/robfig_random.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let v: serde_json::Value = serde_json::from_str(&text).expect("fixture JSON");
    v["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter_map(|c| {
            Some(Case {
                expr: c["schedule"].as_str()?.to_owned(),
                zone: c["timeZone"].as_str().unwrap_or("UTC").to_owned(),
                from: DateTime::parse_from_rfc3339(c["from"].as_str()?)
                    .ok()?
                    .with_timezone(&Utc),
            })
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let cases = cases();
    let n = cases.len() as u64;

    let mut g = c.benchmark_group("schedule/parse");
    g.throughput(Throughput::Elements(n));
    g.bench_function("kbatch", |b| {
        b.iter(|| {
            for case in &cases {
                black_box(Schedule::parse(black_box(&case.expr), Some(&case.zone)).ok());
            }
        })
    });
    g.finish();

    // What the CronJob controller does on each sync: parse, then ask for the next slot.
    let mut g = c.benchmark_group("schedule/parse_then_next");
    g.throughput(Throughput::Elements(n));
    g.bench_function("kbatch", |b| {
        b.iter(|| {
            for case in &cases {
                let s = Schedule::parse(black_box(&case.expr), Some(&case.zone)).ok();
                black_box(s.and_then(|s| s.next_after(black_box(case.from))));
            }
        })
    });
    g.finish();

    // Each crate gets the expression as a user would write it; skip what it rejects.
    let ours: Vec<(Schedule, DateTime<Utc>)> = cases
        .iter()
        .map(|c| {
            (
                Schedule::parse(&c.expr, Some(&c.zone)).expect("valid fixture"),
                c.from,
            )
        })
        .collect();
    let theirs_cron: Vec<(cron::Schedule, DateTime<Tz>)> = cases
        .iter()
        .filter_map(|c| {
            let tz = Tz::from_str(&c.zone).ok()?;
            Some((
                cron::Schedule::from_str(&format!("0 {}", c.expr)).ok()?,
                c.from.with_timezone(&tz),
            ))
        })
        .collect();
    let theirs_croner: Vec<(croner::Cron, DateTime<Tz>)> = cases
        .iter()
        .filter_map(|c| {
            let tz = Tz::from_str(&c.zone).ok()?;
            Some((
                croner::Cron::from_str(&c.expr).ok()?,
                c.from.with_timezone(&tz),
            ))
        })
        .collect();
    println!(
        "schedule bench: {} cases; cron accepts {}, croner accepts {}",
        cases.len(),
        theirs_cron.len(),
        theirs_croner.len()
    );

    let mut g = c.benchmark_group("schedule/next");
    g.throughput(Throughput::Elements(ours.len() as u64));
    g.bench_function("kbatch", |b| {
        b.iter(|| {
            for (s, from) in &ours {
                black_box(s.next_after(black_box(*from)));
            }
        })
    });
    g.throughput(Throughput::Elements(theirs_cron.len() as u64));
    g.bench_function("cron", |b| {
        b.iter(|| {
            for (s, from) in &theirs_cron {
                black_box(s.after(black_box(from)).next());
            }
        })
    });
    g.throughput(Throughput::Elements(theirs_croner.len() as u64));
    g.bench_function("croner", |b| {
        b.iter(|| {
            for (s, from) in &theirs_croner {
                black_box(s.find_next_occurrence(black_box(from), false).ok());
            }
        })
    });
    g.finish();

    // The same schedules in UTC: no offset changes, so kbatch stays on its fast path.
    let ours_utc: Vec<(Schedule, DateTime<Utc>)> = cases
        .iter()
        .map(|c| {
            (
                Schedule::parse(&c.expr, None).expect("valid fixture"),
                c.from,
            )
        })
        .collect();
    let cron_utc: Vec<(cron::Schedule, DateTime<Utc>)> = cases
        .iter()
        .filter_map(|c| {
            Some((
                cron::Schedule::from_str(&format!("0 {}", c.expr)).ok()?,
                c.from,
            ))
        })
        .collect();
    let mut g = c.benchmark_group("schedule/next_utc");
    g.throughput(Throughput::Elements(ours_utc.len() as u64));
    g.bench_function("kbatch", |b| {
        b.iter(|| {
            for (s, from) in &ours_utc {
                black_box(s.next_after(black_box(*from)));
            }
        })
    });
    g.throughput(Throughput::Elements(cron_utc.len() as u64));
    g.bench_function("cron", |b| {
        b.iter(|| {
            for (s, from) in &cron_utc {
                black_box(s.after(black_box(from)).next());
            }
        })
    });
    g.finish();

    // Most recent `* * * * *` slot for ever longer gaps since the last schedule time.
    let mut g = c.benchmark_group("schedule/most_recent");
    let every_minute = Schedule::parse("* * * * *", None).expect("valid");
    let weekly_ny = Schedule::parse("30 2 * * MON", Some("America/New_York")).expect("valid");
    let now = Utc
        .with_ymd_and_hms(2036, 5, 17, 12, 34, 56)
        .single()
        .expect("valid time");
    for (label, gap) in [
        ("1d", Duration::days(1)),
        ("1y", Duration::days(365)),
        ("10y", Duration::days(3653)),
    ] {
        let earliest = now - gap;
        g.bench_function(format!("every_minute/{label}"), |b| {
            b.iter(|| black_box(every_minute.most_recent(black_box(earliest), black_box(now))))
        });
        g.bench_function(format!("weekly_new_york/{label}"), |b| {
            b.iter(|| black_box(weekly_ny.most_recent(black_box(earliest), black_box(now))))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
