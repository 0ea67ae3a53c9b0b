//! Reading manifests and scenarios for the CLI, with one clear message per failure.

use std::path::Path;

use crate::api::validation::validate_object;
use crate::manifest::{load_str_with, FieldValidation, ManifestError, Object};
use crate::sim::Scenario;

/// Every Job and CronJob in a file, decoded as the API server decodes a
/// request (`fields` says what unknown fields do); the message names the
/// file. Objects of other kinds are left out with a note on stderr (kubectl
/// would create them; kbatch has nothing to say about them); a file with no
/// Job or CronJob at all is an error.
pub fn load_manifests(path: &Path, fields: FieldValidation) -> Result<Vec<Object>, String> {
    let text = std::fs::read_to_string(path).map_err(|source| {
        ManifestError::Io {
            path: path.to_path_buf(),
            source,
        }
        .to_string()
    })?;
    let loaded = load_str_with(&text, fields).map_err(|e| {
        let hint = match &e {
            ManifestError::UnknownFields { .. } => {
                "\n(as kubectl --validate=strict; --validate=warn or --validate=ignore loads it anyway)"
            }
            _ => "",
        };
        format!("{}: {e}{hint}", path.display())
    })?;
    for w in &loaded.warnings {
        eprintln!("Warning: {}: {w}", path.display());
    }
    let (objects, skipped) = (loaded.objects, loaded.skipped);
    for s in &skipped {
        eprintln!(
            "note: {}: skipping {} {} {:?} (kbatch reads batch/v1 Jobs and CronJobs)",
            path.display(),
            s.api_version,
            s.kind,
            s.name
        );
    }
    if objects.is_empty() && !skipped.is_empty() {
        return Err(format!(
            "{}: no Job or CronJob found ({} other object{} skipped)",
            path.display(),
            skipped.len(),
            if skipped.len() == 1 { "" } else { "s" }
        ));
    }
    Ok(objects)
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
