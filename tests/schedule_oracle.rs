//! Differential test against robfig/cron v3.0.1 itself (the Go program in `tests/oracle/`).
//!
//! A seeded batch of random schedules × zones × start times (valid and broken ones) is
//! answered by Go and by kbatch; every parse verdict, error text and next time must agree.
//! Needs `go` and robfig's source (Debian: `golang-go golang-github-robfig-cron-dev`);
//! without them it prints `schedule oracle: skipped (go not installed)` and passes.
//!
//! Env: `KBATCH_ORACLE_SEED` (replay), `KBATCH_ORACLE_CASES` (batch size, default 20000),
//! `KBATCH_ORACLE=1` (fail instead of skipping when Go is missing), `KBATCH_ORACLE_ALL_ZONES=1`
//! (draw zones from every chrono-tz name),
//! `KBATCH_ROBFIG_DIR` (robfig source, default `/usr/share/gocode/src/github.com/robfig/cron`).

use chrono::{DateTime, Utc};
use kbatch::schedule::Schedule;
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// splitmix64: small, seedable, dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const ZONES: &[&str] = &[
    "UTC",
    "America/New_York",
    "America/Los_Angeles",
    "America/St_Johns",
    "America/Santiago",
    "America/Havana",
    "America/Asuncion",
    "America/Sao_Paulo",
    "America/Godthab",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Dublin",
    "Europe/Moscow",
    "Africa/Casablanca",
    "Africa/Cairo",
    "Asia/Beirut",
    "Asia/Gaza",
    "Asia/Tehran",
    "Asia/Kathmandu",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Australia/Adelaide",
    "Pacific/Chatham",
    "Pacific/Apia",
    "Pacific/Kiritimati",
    "Pacific/Tongatapu",
    "Antarctica/Troll",
    "Etc/GMT+5",
    "Etc/GMT-14",
    "US/Eastern",
];

const MONTHS: &[&str] = &[
    "jan", "FEB", "Mar", "apr", "MAY", "jun", "Jul", "aug", "SEP", "oct", "nov", "Dec",
];
const DAYS: &[&str] = &["sun", "MON", "Tue", "wed", "THU", "fri", "Sat"];

/// One list item of a field with bounds `lo..=hi`; sometimes out of range or malformed.
fn item(r: &mut Rng, lo: i64, hi: i64, names: &[&str], bad: bool) -> String {
    let num = |r: &mut Rng| -> String {
        if !names.is_empty() && r.chance(25) {
            let i = r.below(names.len() as u64) as usize;
            return names[i].to_string();
        }
        let v = if bad && r.chance(20) {
            r.range(lo.saturating_sub(1), hi + 2)
        } else {
            r.range(lo, hi)
        };
        if r.chance(5) {
            format!("0{v}")
        } else {
            v.to_string()
        }
    };
    let step = |r: &mut Rng| -> String {
        if bad && r.chance(10) {
            r.pick(&["0", "-1", "", "x", "99999999999999999999"])
                .to_string()
        } else {
            r.range(1, (hi - lo + 1).min(20)).to_string()
        }
    };
    match r.below(if bad { 11 } else { 9 }) {
        0 => "*".into(),
        1 => "?".into(),
        2 => format!("*/{}", step(r)),
        3 | 4 => num(r),
        5 => {
            let (a, b) = (r.range(lo, hi), r.range(lo, hi));
            format!("{}-{}", a.min(b), a.max(b))
        }
        6 => {
            let (a, b) = (r.range(lo, hi), r.range(lo, hi));
            format!("{}-{}/{}", a.min(b), a.max(b), step(r))
        }
        7 => format!("{}/{}", num(r), step(r)),
        8 => {
            // A range written with names or numbers, reversed now and then.
            let (a, b) = (r.range(lo, hi), r.range(lo, hi));
            let (a, b) = if bad && r.chance(30) {
                (a, b)
            } else {
                (a.min(b), a.max(b))
            };
            let name = |r: &mut Rng, v: i64| -> String {
                if !names.is_empty() && r.chance(40) {
                    names[(v - lo) as usize].to_string()
                } else {
                    v.to_string()
                }
            };
            format!("{}-{}", name(r, a), name(r, b))
        }
        9 => r
            .pick(&[
                "*-5", "L", "1-2-3", "*/2/3", "", "MONDAY", "7", "+5", "-1", "W", "5#2", "1,",
            ])
            .into(),
        _ => format!("{}", r.range(-3, 70)),
    }
}

fn field(r: &mut Rng, lo: i64, hi: i64, names: &[&str], bad: bool) -> String {
    let n = if r.chance(75) { 1 } else { r.range(2, 4) };
    (0..n)
        .map(|_| item(r, lo, hi, names, bad))
        .collect::<Vec<_>>()
        .join(",")
}

fn schedule(r: &mut Rng) -> String {
    let bad = r.chance(15);
    let body = match r.below(100) {
        0..=5 => r
            .pick(&[
                "@yearly",
                "@annually",
                "@monthly",
                "@weekly",
                "@daily",
                "@midnight",
                "@hourly",
                "@reboot",
                "@Daily",
                "@daily ",
            ])
            .to_string(),
        6..=9 => {
            let d = r.pick(&[
                "1h", "90m", "1.5s", "0", "0s", "-5m", "1h30m10s", "250ms", "1d", "10", "2h45m",
                ".5h", "1µs", "1h ", "3600s", "1e3s",
            ]);
            format!("@every {d}")
        }
        _ => {
            let mut f = vec![
                field(r, 0, 59, &[], bad),
                field(r, 0, 23, &[], bad),
                field(r, 1, 31, &[], bad),
                field(r, 1, 12, MONTHS, bad),
                field(r, 0, 6, DAYS, bad),
            ];
            if bad && r.chance(10) {
                f.push("0".into());
            }
            if bad && r.chance(10) {
                f.pop();
            }
            let sep = if r.chance(5) {
                r.pick(&["  ", "\t", "\u{a0}", " \n"])
            } else {
                " "
            };
            f.join(sep)
        }
    };
    if r.chance(8) {
        let z = if r.chance(80) {
            r.pick(ZONES)
        } else {
            r.pick(&["", "Mars/Olympus", "utc", "Local"])
        };
        let p = if r.chance(50) { "TZ=" } else { "CRON_TZ=" };
        return format!("{p}{z} {body}");
    }
    body
}

fn zone(r: &mut Rng) -> Option<String> {
    // KBATCH_ORACLE_ALL_ZONES=1: any zone name chrono-tz knows (Go must know it too).
    if std::env::var("KBATCH_ORACLE_ALL_ZONES").as_deref() == Ok("1") && r.chance(80) {
        let all = chrono_tz::TZ_VARIANTS;
        return Some(all[r.below(all.len() as u64) as usize].name().to_string());
    }
    match r.below(100) {
        0..=14 => None,
        15..=17 => Some(
            r.pick(&[
                "",
                "Local",
                "Mars/Olympus",
                "america/new_york",
                "UTC ",
                "Factory",
                "posixrules",
                "posix/Europe/Paris",
                "../UTC",
                "/UTC",
                "Etc/../UTC",
            ])
            .to_string(),
        ),
        _ => Some(r.pick(ZONES).to_string()),
    }
}

/// Start times 1850..2090 (chrono-tz's data ends in 2100, where Go's rules go on; robfig
/// looks 5 years ahead), often within days of a DST change.
fn start(r: &mut Rng) -> (i64, i64) {
    let secs = if r.chance(8) {
        // 1850..1971: local mean time offsets with seconds, early DST rules.
        r.range(-3_786_825_600, 31_536_000)
    } else if r.chance(50) {
        r.range(31_536_000, 3_786_825_600)
    } else {
        let year = r.range(1990, 2040);
        let month = r.pick(&["03", "04", "09", "10", "11"]);
        let day = r.range(1, 28);
        let base = DateTime::parse_from_rfc3339(&format!("{year}-{month}-{day:02}T00:00:00Z"))
            .map(|d| d.timestamp())
            .unwrap_or(0);
        base + r.range(0, 86_399)
    };
    let nanos = if r.chance(10) {
        r.range(0, 999_999_999)
    } else {
        0
    };
    (secs, nanos)
}

fn robfig_dir() -> PathBuf {
    std::env::var_os("KBATCH_ROBFIG_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/share/gocode/src/github.com/robfig/cron"))
}

fn go_available() -> bool {
    cfg!(unix)
        && Command::new("go")
            .arg("version")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
        && robfig_dir().join("spec.go").is_file()
}

/// Runs the Go oracle on JSON-lines `input` in a throwaway GOPATH where
/// `github.com/robfig/cron/v3` is the installed robfig source.
fn run_oracle(input: &str) -> Vec<Value> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = root.join("target/schedule-oracle");
    let gopath = work.join("gopath");
    let link_parent = gopath.join("src/github.com/robfig/cron");
    std::fs::create_dir_all(&link_parent).expect("oracle GOPATH");
    let link = link_parent.join("v3");
    if std::fs::symlink_metadata(&link).is_err() {
        #[cfg(unix)]
        std::os::unix::fs::symlink(robfig_dir(), &link).expect("symlink robfig into GOPATH");
        #[cfg(not(unix))]
        panic!("the schedule oracle needs a unix host");
    }
    let gocache = std::env::var_os("GOCACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| work.join("gocache"));
    let _ = std::fs::write(work.join("queries.jsonl"), input);
    let bin = work.join("oracle");
    let built = Command::new("go")
        .args(["build", "-o"])
        .arg(&bin)
        .arg(root.join("tests/oracle/main.go"))
        .env("GO111MODULE", "off")
        .env("GOPATH", &gopath)
        .env("GOFLAGS", "")
        .env("GOCACHE", &gocache)
        .status()
        .expect("run go build");
    assert!(built.success(), "go build of tests/oracle failed");
    let mut child = Command::new(&bin)
        .env("TZ", "UTC")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start oracle");
    let mut stdin = child.stdin.take().expect("oracle stdin");
    let input = input.to_owned();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().expect("oracle output");
    let _ = writer.join();
    assert!(out.status.success(), "oracle failed");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("oracle JSON"))
        .collect()
}

fn ours(s: &str, z: Option<&str>, t: i64, n: i64, k: usize) -> Value {
    match Schedule::parse(s, z) {
        Err(e) => json!({"reason": e.event_reason(), "err": e.to_string()}),
        Ok(sched) => {
            let Some(from) = DateTime::<Utc>::from_timestamp(t, n as u32) else {
                return json!({"err": "from out of range"});
            };
            let next: Vec<Value> = sched
                .upcoming(from)
                .take(k)
                .map(|x| json!([x.timestamp(), x.timestamp_subsec_nanos()]))
                .collect();
            json!({ "next": next })
        }
    }
}

fn normalise(v: &Value) -> Value {
    if v.get("err").is_some() {
        json!({"reason": v["reason"], "err": v["err"]})
    } else {
        json!({"next": v.get("next").cloned().unwrap_or_else(|| json!([]))})
    }
}

#[test]
fn schedule_oracle() {
    if !go_available() {
        if std::env::var("KBATCH_ORACLE").as_deref() == Ok("1") {
            panic!("KBATCH_ORACLE=1 but go or robfig/cron is not installed");
        }
        println!("schedule oracle: skipped (go not installed)");
        return;
    }
    let seed: u64 = std::env::var("KBATCH_ORACLE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        });
    let cases: usize = std::env::var("KBATCH_ORACLE_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    println!("schedule oracle: seed {seed}, {cases} cases");
    let mut r = Rng(seed);
    let mut queries = Vec::with_capacity(cases);
    let mut input = String::new();
    for _ in 0..cases {
        let s = schedule(&mut r);
        let z = zone(&mut r);
        let (t, n) = start(&mut r);
        let q = json!({"s": s, "z": z, "t": t, "n": n, "k": 5});
        input.push_str(&q.to_string());
        input.push('\n');
        queries.push((s, z, t, n));
    }
    let answers = run_oracle(&input);
    assert!(
        answers.len() <= queries.len(),
        "oracle answered more than asked"
    );
    let (mut passed, mut failed, mut errors, mut hangs) = (0, 0, 0, 0);
    for ((s, z, t, n), want) in queries.iter().zip(&answers) {
        if want["hang"] == true {
            // robfig never returns; kbatch must agree up to there and then answer None.
            hangs += 1;
            println!("robfig hangs (kbatch answers None there): schedule {s:?} timeZone {z:?} from {t}.{n:09}");
        }
        let want = normalise(want);
        let got = normalise(&ours(s, z.as_deref(), *t, *n, 5));
        if want.get("err").is_some() {
            errors += 1;
        }
        if want == got {
            passed += 1;
        } else {
            failed += 1;
            if failed <= 30 {
                println!("MISMATCH schedule {s:?} timeZone {z:?} from {t}.{n:09}\n  robfig: {want}\n  kbatch: {got}");
            }
        }
    }
    println!(
        "schedule oracle: {errors} of {cases} cases are parse/zone errors, {hangs} hang in robfig"
    );
    if answers.len() < queries.len() {
        println!(
            "schedule oracle: robfig stopped after {} cases (too many hangs)",
            answers.len()
        );
    }
    if failed > 0 {
        println!(
            "replay: KBATCH_ORACLE_SEED={seed} cargo test --test schedule_oracle -- --nocapture"
        );
    }
    println!("schedule oracle: {passed} passed, {failed} failed");
    assert_eq!(
        failed, 0,
        "{failed} mismatches against robfig (seed {seed})"
    );
}
