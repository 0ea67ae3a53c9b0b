//! Runs every conformance fixture under `tests/conformance/` (facts about
//! upstream Kubernetes and robfig/cron; see `tests/conformance/SCHEMA.md`).
//!
//! Each suite ends with `conformance <kind>: N passed, M failed`. A failure
//! fails the run unless `tests/conformance/known_failures.txt` lists it; a
//! listed case that passes fails the run too, so the list cannot rot.
//! `tests/conformance_local/` holds more cases of the same schema that we
//! derived from upstream tests beyond the shared set (`conformance-local ...`).
//! With `KBATCH_CONFORMANCE_DIR` set, every fixture under that directory runs
//! as well (`conformance-extra <kind>: ...`). No known-failures list applies
//! to either.

#[path = "harness/common.rs"]
mod common;
#[path = "harness/cronjob.rs"]
mod cronjob;
#[path = "harness/cronjob_units.rs"]
mod cronjob_units;
#[path = "harness/job.rs"]
mod job;
#[path = "harness/job_units.rs"]
mod job_units;
#[path = "harness/schedule.rs"]
mod schedule;

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Suites in the order their summary lines are printed.
const KINDS: [&str; 4] = ["job", "cronjob", "schedule", "unit"];

/// Runs one case or fact with the runner its kind calls for.
fn run_one(kind: &str, item: &Value) -> Result<(), String> {
    match kind {
        "job" => job::run_case(item),
        "cronjob" => cronjob::run_case(item),
        // Most-recent-schedule cases are schedule-shaped but exercise the
        // CronJob controller's own computation.
        "schedule" if item.get("cronJob").is_some() => cronjob::run_most_recent(item),
        "schedule" => schedule::run_case(item),
        "unit" => {
            let function = item.get("function").and_then(Value::as_str).unwrap_or("?");
            job_units::run_fact(item)
                .or_else(|| job::run_fact(item))
                .or_else(|| cronjob_units::run_fact(item))
                .unwrap_or_else(|| Err(format!("no runner for function {function}")))
        }
        other => Err(format!("unknown fixture kind {other:?}")),
    }
}

/// Catches a runner's panic so it counts as one failed case.
fn run_guarded(kind: &str, item: &Value) -> Result<(), String> {
    match catch_unwind(AssertUnwindSafe(|| run_one(kind, item))) {
        Ok(result) => result,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "non-string panic".to_string());
            Err(format!("runner panicked: {msg}"))
        }
    }
}

/// Every `*.json` under `dir`, sorted, as paths relative to `dir`.
fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, base, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                if let Ok(rel) = path.strip_prefix(base) {
                    out.push(rel.to_path_buf());
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
}

/// Known failures: `file#case` or `file` (whole file) -> reason.
fn known_failures(dir: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(dir.join("known_failures.txt")).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(" -- ") {
            Some((entry, reason)) => (entry.trim().to_string(), reason.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

/// Runs every fixture under `dir`; returns the problems that fail the run.
fn run_dir(dir: &Path, label: &str, known: &BTreeMap<String, String>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut used_known: BTreeSet<String> = BTreeSet::new();
    let files = fixture_files(dir);
    if files.is_empty() {
        problems.push(format!("no fixture files under {}", dir.display()));
    }
    for rel in files {
        let file = rel.to_string_lossy().replace('\\', "/");
        let text = match std::fs::read_to_string(dir.join(&rel)) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("{file}: cannot read: {e}"));
                continue;
            }
        };
        let doc: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("{file}: not JSON: {e}"));
                continue;
            }
        };
        let kind = doc.get("kind").and_then(Value::as_str).unwrap_or("?");
        let items = doc
            .get("cases")
            .or_else(|| doc.get("facts"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let tally = tallies.entry(kind.to_string()).or_default();
        let mut file_failed = 0;
        for (i, item) in items.iter().enumerate() {
            let name = item
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| format!("#{i}"));
            let case_key = format!("{file}#{name}");
            let listed = known
                .get(&case_key)
                .map(|_| case_key.clone())
                .or_else(|| known.get(&file).map(|_| file.clone()));
            match run_guarded(kind, item) {
                Ok(()) => {
                    tally.passed += 1;
                    if let Some(entry) = listed.filter(|e| e == &case_key) {
                        problems.push(format!(
                            "{entry}: listed in known_failures.txt but passes; remove it"
                        ));
                        used_known.insert(entry);
                    }
                }
                Err(why) => {
                    tally.failed += 1;
                    file_failed += 1;
                    match listed {
                        Some(entry) => {
                            used_known.insert(entry);
                        }
                        None => {
                            println!("FAIL {case_key}\n  {}", why.replace('\n', "\n  "));
                            problems.push(format!("{case_key}: {}", first_line(&why)));
                        }
                    }
                }
            }
        }
        if known.contains_key(&file) && file_failed == 0 && !items.is_empty() {
            problems.push(format!(
                "{file}: listed in known_failures.txt but every case passes; remove it"
            ));
        }
        if known.contains_key(&file) {
            used_known.insert(file.clone());
        }
    }
    for kind in KINDS.iter().map(|k| k.to_string()).chain(
        tallies
            .keys()
            .filter(|k| !KINDS.contains(&k.as_str()))
            .cloned(),
    ) {
        if let Some(t) = tallies.get(&kind) {
            println!("{label} {kind}: {} passed, {} failed", t.passed, t.failed);
        }
    }
    for entry in known.keys() {
        if !used_known.contains(entry) {
            problems.push(format!(
                "{entry}: listed in known_failures.txt but no such file or case failed"
            ));
        }
    }
    problems
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

#[test]
fn conformance() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut problems = run_dir(&dir, "conformance", &known_failures(&dir));
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance_local");
    problems.extend(run_dir(&local, "conformance-local", &BTreeMap::new()));
    if let Ok(extra) = std::env::var("KBATCH_CONFORMANCE_DIR") {
        problems.extend(run_dir(
            Path::new(&extra),
            "conformance-extra",
            &BTreeMap::new(),
        ));
    }
    assert!(
        problems.is_empty(),
        "{} conformance problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
