//! Conformance runner for kind "schedule" (placeholder until the controller lands).

use serde_json::Value;

pub fn run_case(_case: &Value) -> Result<(), String> {
    Err("not implemented".to_string())
}
