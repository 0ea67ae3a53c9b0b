//! Every case of the robfig/cron v3.0.1 conformance fixtures (`robfig.json`,
//! `robfig_random.json`): parse errors, next times, and API-server validation.

use chrono::{DateTime, Utc};
use kbatch::schedule::{validate_schedule_format, Schedule};
use serde_json::Value;
use std::path::PathBuf;

fn fixture_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // The crate's own copy first, then the shared fixtures beside a worktree or a clone.
    [
        "tests/conformance/schedule",
        "../../shared/conformance/schedule",
        "../shared/conformance/schedule",
    ]
    .iter()
    .map(|p| root.join(p))
    .find(|p| p.is_dir())
    .unwrap_or_else(|| root.join("tests/conformance/schedule"))
}

fn load(name: &str) -> Vec<Value> {
    let path = fixture_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let v: Value = serde_json::from_str(&text).expect("fixture JSON");
    v["cases"].as_array().cloned().unwrap_or_default()
}

fn ts(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

/// Checks one case; `Err` describes the mismatch.
fn check(case: &Value) -> Result<(), String> {
    let schedule = case["schedule"].as_str().ok_or("no schedule")?;
    let tz = case["timeZone"].as_str();
    let parsed = Schedule::parse(schedule, tz);
    if case.get("cronJob").is_some() || case.get("mostRecent").is_some() {
        return Err("mostRecent cases are not handled here".into());
    }
    if case["valid"] == Value::Bool(false) {
        let err = match parsed {
            Ok(s) => return Err(format!("expected a parse error, got {s}")),
            Err(e) => e,
        };
        if let Some(want) = case["error"].as_str() {
            let got = format!("{}: {}", err.event_reason(), err);
            if got != want {
                return Err(format!("error text\n    want: {want}\n    got:  {got}"));
            }
        }
    } else {
        let s = parsed.map_err(|e| format!("unexpected parse error: {e}"))?;
        let from = ts(case["from"].as_str().ok_or("no from")?);
        let want: Vec<String> = case["next"]
            .as_array()
            .ok_or("no next")?
            .iter()
            .map(|v| ts(v.as_str().unwrap_or_default()).to_rfc3339())
            .collect();
        let got: Vec<String> = s.upcoming(from).take(5).map(|t| t.to_rfc3339()).collect();
        if got != want {
            return Err(format!("next\n    want: {want:?}\n    got:  {got:?}"));
        }
        // Most-recent consistency: a next time that robfig's walk also returns when started
        // right at it is its own prev; nothing fires between consecutive next times.
        if s.spec().is_some() {
            let mut prev = from;
            for t in s.upcoming(from).take(5) {
                let fixed = s.next_after(t - chrono::Duration::nanoseconds(1)) == Some(t);
                let p = s.prev_at_or_before(t);
                if fixed && p != Some(t) {
                    return Err(format!("prev_at_or_before({t}) = {p:?}"));
                }
                if let Some(p) = p {
                    if p > t || s.next_after(p - chrono::Duration::nanoseconds(1)) != Some(p) {
                        return Err(format!("prev_at_or_before({t}) = {p} is not a fire time"));
                    }
                    if p > prev && p < t {
                        return Err(format!(
                            "prev_at_or_before({t}) = {p} lies between next times {prev} and {t}"
                        ));
                    }
                }
                prev = t;
            }
        }
    }
    // API-server validation.
    let issues = validate_schedule_format(schedule, tz);
    let api_valid = match case.get("apiValid") {
        Some(Value::Bool(b)) => *b,
        _ => case["valid"] != Value::Bool(false),
    };
    if api_valid != issues.is_empty() {
        return Err(format!(
            "apiValid {api_valid} but validation gave {issues:?}"
        ));
    }
    if let Some(want) = case.get("apiErrors").and_then(Value::as_array) {
        for w in want {
            let w = w.as_str().unwrap_or_default();
            if !issues
                .iter()
                .any(|i| i.to_string().contains(w) || i.message.contains(w))
            {
                return Err(format!("apiErrors: missing {w:?} in {issues:?}"));
            }
        }
    }
    Ok(())
}

#[test]
fn schedule_conformance() {
    let mut passed = 0;
    let mut failed = 0;
    for file in ["robfig.json", "robfig_random.json"] {
        let (mut p, mut f) = (0, 0);
        for case in load(file) {
            match check(&case) {
                Ok(()) => p += 1,
                Err(why) => {
                    f += 1;
                    println!(
                        "FAIL {file} {:?}: schedule {:?} timeZone {:?} from {:?}\n  {why}",
                        case["name"].as_str().unwrap_or_default(),
                        case["schedule"],
                        case["timeZone"],
                        case["from"]
                    );
                }
            }
        }
        println!("{file}: {p} passed, {f} failed");
        passed += p;
        failed += f;
    }
    println!("conformance schedule: {passed} passed, {failed} failed");
    assert_eq!(failed, 0, "{failed} schedule conformance cases failed");
}
