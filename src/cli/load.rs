//! Reading manifests and scenarios for the CLI, with one clear message per failure.

use std::path::Path;

use crate::api::validation::validate_object;
use crate::manifest::{load_path, Object};
use crate::sim::Scenario;

/// Every Job and CronJob in a file; the message names the file.
pub fn load_manifests(path: &Path) -> Result<Vec<Object>, String> {
    load_path(path).map_err(|e| match e {
        crate::manifest::ManifestError::Io { .. } => e.to_string(),
        other => format!("{}: {other}", path.display()),
    })
}

/// `kind.batch/name`, as kubectl names objects.
pub fn describe(o: &Object) -> String {
    format!("{}.batch/{}", o.kind().to_lowercase(), display_name(o))
}

/// The name, or `generateName` followed by `*` when the server will pick it.
fn display_name(o: &Object) -> String {
    let meta = match o {
        Object::Job(j) => &j.metadata,
        Object::CronJob(c) => &c.metadata,
    };
    match (&meta.name, &meta.generate_name) {
        (Some(n), _) if !n.is_empty() => n.clone(),
        (_, Some(g)) => format!("{g}*"),
        _ => String::new(),
    }
}

/// The API server's verdict, worded as kubectl prints it.
pub fn check(o: &Object) -> Result<(), String> {
    validate_object(o).map_err(|errs| errs.kubectl_message(o.kind(), o.name()))
}

/// A scenario file.
pub fn load_scenario(path: &Path) -> Result<Scenario, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    Scenario::from_yaml(&text).map_err(|e| format!("{}: {e}", path.display()))
}
