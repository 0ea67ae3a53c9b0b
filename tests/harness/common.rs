//! Helpers the conformance runners share for reading fixture values.

use chrono::{DateTime, Utc};
use serde_json::Value;

/// An RFC 3339 time from a fixture value.
pub fn time(v: &Value, what: &str) -> Result<DateTime<Utc>, String> {
    let s = v
        .as_str()
        .ok_or_else(|| format!("{what}: not a string: {v}"))?;
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.to_utc())
        .map_err(|e| format!("{what}: bad time {s:?}: {e}"))
}

/// A typed object from a fixture value.
pub fn parse<T: serde::de::DeserializeOwned>(v: &Value, what: &str) -> Result<T, String> {
    serde_json::from_value(v.clone()).map_err(|e| format!("{what}: {e}"))
}

/// The crate's cron engine, as the CronJob runners hand it to the controller.
pub fn engine() -> &'static dyn kbatch::cronjob::CronParser {
    &kbatch::cronjob::StandardCron
}
