//! Unit-fact runner (placeholder until the functions land).

use serde_json::Value;

pub fn run_fact(_fact: &Value) -> Option<Result<(), String>> {
    None
}
