//! Reading manifests and scenarios for the CLI, with one clear message per failure.

use std::path::Path;

use crate::api::{CronJob, Job};
use crate::sim::Scenario;

/// A manifest object the CLI can work with.
#[derive(Debug, Clone)]
pub enum Manifest {
    Job(Box<Job>),
    CronJob(Box<CronJob>),
}

impl Manifest {
    /// `kind/name`.
    pub fn describe(&self) -> String {
        match self {
            Manifest::Job(j) => format!("job.batch/{}", j.metadata.name()),
            Manifest::CronJob(c) => format!("cronjob.batch/{}", c.metadata.name()),
        }
    }
}

/// Read a file, naming it in the error.
pub fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Every Job and CronJob in a (possibly multi-document) YAML or JSON file.
pub fn load_manifests(path: &Path) -> Result<Vec<Manifest>, String> {
    let text = read(path)?;
    parse_manifests(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Parse manifests from text.
pub fn parse_manifests(text: &str) -> Result<Vec<Manifest>, String> {
    let docs: Vec<serde_json::Value> =
        serde_saphyr::from_multiple(text).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for (i, doc) in docs.into_iter().enumerate() {
        if doc.is_null() {
            continue;
        }
        let items = match doc.get("kind").and_then(|k| k.as_str()) {
            Some("List") => doc
                .get("items")
                .and_then(|v| v.as_array())
                .cloned()
                .unwrap_or_default(),
            _ => vec![doc],
        };
        for item in items {
            let kind = item.get("kind").and_then(|k| k.as_str()).unwrap_or("");
            let at = format!("document {}", i + 1);
            let m = match kind {
                "Job" => Manifest::Job(Box::new(
                    serde_json::from_value(item).map_err(|e| format!("{at}: Job: {e}"))?,
                )),
                "CronJob" => Manifest::CronJob(Box::new(
                    serde_json::from_value(item).map_err(|e| format!("{at}: CronJob: {e}"))?,
                )),
                "" => return Err(format!("{at}: missing \"kind\" (expected Job or CronJob)")),
                other => {
                    return Err(format!(
                        "{at}: unsupported kind \"{other}\" (expected Job or CronJob)"
                    ))
                }
            };
            out.push(m);
        }
    }
    Ok(out)
}

/// A scenario file.
pub fn load_scenario(path: &Path) -> Result<Scenario, String> {
    let text = read(path)?;
    Scenario::from_yaml(&text).map_err(|e| format!("{}: {e}", path.display()))
}
