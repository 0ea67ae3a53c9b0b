//! Conformance runner for kind "job" (placeholder until the controller lands).

use serde_json::Value;

pub fn run_case(_case: &Value) -> Result<(), String> {
    Err("not implemented".to_string())
}

pub fn run_fact(_fact: &Value) -> Option<Result<(), String>> {
    None
}
