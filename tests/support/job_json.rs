//! A Job written as JSON for the sync story tests: selector and template on
//! `app: x`, in namespace `ns` with uid `job-uid`, at a fixed `now`.

use chrono::{DateTime, Utc};
use kbatch::api::Job;
use serde_json::{json, Value};

/// The tests' clock.
pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .expect("valid time")
        .to_utc()
}

/// A Job `j` with this spec (selector and template filled in) and status.
pub fn job(spec: Value, status: Value) -> Job {
    let mut spec = spec;
    spec["selector"] = json!({"matchLabels": {"app": "x"}});
    spec["template"] =
        json!({"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "c"}]}});
    serde_json::from_value(json!({
        "metadata": {"name": "j", "namespace": "ns", "uid": "job-uid"},
        "spec": spec, "status": status,
    }))
    .expect("job")
}
