//! Runs the cronjob runners over the fixture files until the lead's
//! conformance driver lands.

use std::path::PathBuf;

use serde_json::Value;

#[path = "harness/cronjob.rs"]
mod cronjob;
#[path = "harness/cronjob_units.rs"]
mod cronjob_units;

fn fixture(name: &str) -> Option<Value> {
    let candidates = [
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/conformance/cronjob")
            .join(name),
        PathBuf::from("/work/shared/conformance/cronjob").join(name),
    ];
    let path = candidates.iter().find(|p| p.exists())?;
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

fn report(file: &str, results: Vec<(String, Result<(), String>)>) -> usize {
    let failed: Vec<_> = results.iter().filter(|(_, r)| r.is_err()).collect();
    println!(
        "{file}: {} passed, {} failed",
        results.len() - failed.len(),
        failed.len()
    );
    for (name, r) in &failed {
        if let Err(e) = r {
            println!("  FAIL {name}: {e}");
        }
    }
    failed.len()
}

#[test]
fn cronjob_fixtures() {
    let mut failures = 0;
    if let Some(sync) = fixture("sync.json") {
        let results = sync["cases"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| (c["name"].to_string(), cronjob::run_case(c)))
            .collect();
        failures += report("sync.json", results);
    }
    let extra = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cronjob_extra_cases.json");
    if let Some(extra) = std::fs::read_to_string(extra)
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
    {
        let results = extra["cases"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| (c["name"].to_string(), cronjob::run_case(c)))
            .collect();
        failures += report("cronjob_extra_cases.json", results);
        let results = extra["mostRecent"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| (c["name"].to_string(), cronjob::run_most_recent(c)))
            .collect();
        failures += report("cronjob_extra_cases.json mostRecent", results);
    }
    if let Some(mr) = fixture("most_recent.json") {
        let results = mr["cases"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c.get("cronJob").is_some())
            .map(|c| (c["name"].to_string(), cronjob::run_most_recent(c)))
            .collect();
        failures += report("most_recent.json", results);
    }
    if let Some(units) = fixture("units.json") {
        let results = units["facts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| Some((f["name"].to_string(), cronjob_units::run_fact(f)?)))
            .collect();
        failures += report("units.json", results);
    }
    assert_eq!(failures, 0, "cronjob conformance failures");
}
