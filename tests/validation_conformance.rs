//! CronJob validation against the schedule conformance fixtures: every
//! schedule the fixtures call valid (and API-valid) passes `validate_cronjob`;
//! every rejected one is refused, with the parser's or `LoadLocation`'s
//! message under `spec.schedule` / `spec.timeZone`.

use std::path::Path;

use kbatch::api::validation::field::go_quote;
use kbatch::api::{validate_cronjob, CronJob};
use serde_json::{json, Value};

fn cronjob(schedule: &str, time_zone: Option<&str>) -> CronJob {
    let mut spec = json!({
        "schedule": schedule,
        "jobTemplate": {"spec": {"template": {"spec": {
            "restartPolicy": "OnFailure",
            "containers": [{"name": "main", "image": "busybox"}]
        }}}}
    });
    if let Some(tz) = time_zone {
        spec["timeZone"] = json!(tz);
    }
    serde_json::from_value(json!({
        "apiVersion": "batch/v1", "kind": "CronJob",
        "metadata": {"name": "c", "namespace": "default"},
        "spec": spec
    }))
    .expect("cronjob")
}

#[test]
fn schedule_fixtures_agree_with_cronjob_validation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/schedule");
    let mut checked = 0;
    let mut failures = Vec::new();
    for file in ["robfig.json", "robfig_random.json"] {
        let text = std::fs::read_to_string(dir.join(file)).expect("fixture");
        let doc: Value = serde_json::from_str(&text).expect("json");
        let cases = doc
            .get("cases")
            .unwrap_or(&doc)
            .as_array()
            .expect("cases")
            .clone();
        for case in cases {
            let Some(schedule) = case.get("schedule").and_then(Value::as_str) else {
                continue;
            };
            let tz = case.get("timeZone").and_then(Value::as_str);
            let expect_valid = case.get("valid") != Some(&json!(false))
                && case.get("apiValid") != Some(&json!(false));
            let messages = match validate_cronjob(&cronjob(schedule, tz)) {
                Ok(()) => Vec::new(),
                Err(e) => e.messages(),
            };
            let name = case.get("name").and_then(Value::as_str).unwrap_or("?");
            checked += 1;
            if expect_valid {
                if !messages.is_empty() {
                    failures.push(format!("{name}: expected valid, got {messages:?}"));
                }
                continue;
            }
            if messages.is_empty() {
                failures.push(format!(
                    "{name}: expected rejection of {schedule:?} / {tz:?}"
                ));
                continue;
            }
            let error = case.get("error").and_then(Value::as_str).unwrap_or("");
            let wanted = if let Some(msg) = error.strip_prefix("UnparseableSchedule: ") {
                Some(format!(
                    "spec.schedule: Invalid value: {}: {msg}",
                    go_quote(schedule)
                ))
            } else if let Some(rest) = error.strip_prefix("UnknownTimeZone: invalid timeZone: ") {
                let msg = rest.split_once(": ").map_or(rest, |(_, m)| m);
                Some(format!(
                    "spec.timeZone: Invalid value: {}: {msg}",
                    go_quote(tz.unwrap_or(""))
                ))
            } else {
                None
            };
            if let Some(wanted) = wanted {
                if !messages.contains(&wanted) {
                    failures.push(format!("{name}: expected {wanted:?} among {messages:?}"));
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} cases");
    assert!(
        failures.is_empty(),
        "{} of {checked} disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
