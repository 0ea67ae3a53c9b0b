//! Runs the Job sync conformance runner over the fixture files until the
//! lead's driver lands.

#[path = "harness/job.rs"]
mod job;

use std::path::Path;

fn fixtures() -> &'static Path {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/job");
    if local.exists() {
        Box::leak(local.into_boxed_path())
    } else {
        Path::new("/work/shared/conformance/job")
    }
}

fn load(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(fixtures().join(name)).expect("fixture readable");
    serde_json::from_str(&text).expect("fixture is JSON")
}

#[test]
fn job_sync_conformance() {
    let mut failures = Vec::new();
    let mut passed = 0;
    for file in ["sync.json", "policies.json"] {
        let doc = load(file);
        for case in doc["cases"].as_array().expect("cases") {
            match job::run_case(case) {
                Ok(()) => passed += 1,
                Err(e) => failures.push(format!("{file}: {}: {e}", case["name"])),
            }
        }
    }
    let doc = load("units.json");
    for fact in doc["facts"].as_array().expect("facts") {
        match job::run_fact(fact) {
            None => {}
            Some(Ok(())) => passed += 1,
            Some(Err(e)) => failures.push(format!("units.json: {}: {e}", fact["name"])),
        }
    }
    for f in &failures {
        println!("FAIL {f}");
    }
    println!("{passed} passed, {} failed", failures.len());
    assert!(failures.is_empty(), "{} cases failed", failures.len());
}
