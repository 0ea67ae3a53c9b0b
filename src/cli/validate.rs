//! `kbatch validate`: kubectl-style messages, exit 1 if anything is invalid.
//! With `--stored`, an object that is already in the cluster is validated as
//! the update `kubectl apply` would make of it.

use super::load::{check, describe, load_manifests};
use super::ValidateArgs;
use crate::api::validation::{
    validate_cronjob_update, validate_job_update, warnings_for_cronjob_update,
    warnings_for_job_update, warnings_for_object,
};
use crate::manifest::{merge_patch, FieldValidation, Object};

/// Validate each file; 1 if any is unreadable or invalid.
pub fn run(args: &ValidateArgs) -> i32 {
    let stored = match &args.stored {
        None => Vec::new(),
        // What the cluster holds decoded already; its fields are not in question.
        Some(path) => match load_manifests(path, FieldValidation::Ignore) {
            Ok(objects) => objects,
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        },
    };
    let mut code = 0;
    for path in &args.files {
        match load_manifests(path, args.validate) {
            Ok(objects) if objects.is_empty() => {
                eprintln!("error: {}: no objects found", path.display());
                code = 1;
            }
            Ok(objects) => {
                for o in objects {
                    let verdict = match stored.iter().find(|s| same_object(s, &o)) {
                        Some(old) => check_update(&o, old).map(|w| (w, "is valid (update)")),
                        // rest.BeforeCreate: the warnings come only once the object is accepted.
                        None => check(&o).map(|()| (warnings_for_object(&o), "is valid")),
                    };
                    match verdict {
                        Ok((warnings, what)) => {
                            for w in warnings {
                                eprintln!("Warning: {w}");
                            }
                            println!("{} {what}", describe(&o));
                        }
                        Err(msg) => {
                            eprintln!("{msg}");
                            code = 1;
                        }
                    }
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                code = 1;
            }
        }
    }
    code
}

/// Same kind, namespace (unset is `default`) and name.
fn same_object(a: &Object, b: &Object) -> bool {
    a.kind() == b.kind()
        && a.name() == b.name()
        && !a.name().is_empty()
        && a.namespace() == b.namespace()
}

/// The update `kubectl apply` sends for `manifest` onto `stored` (a JSON
/// merge patch: what the manifest sets replaces, maps merge, lists are
/// replaced whole), validated as the API server validates an update; the
/// update's warnings (`WarningsOnUpdate`) when it is accepted.
fn check_update(manifest: &Object, stored: &Object) -> Result<Vec<String>, String> {
    let to_json = |o: &Object| match o {
        Object::Job(j) => serde_json::to_value(j),
        Object::CronJob(c) => serde_json::to_value(c),
    };
    let fail = |e: serde_json::Error| format!("error: {}: {e}", describe(manifest));
    let mut merged = to_json(stored).map_err(fail)?;
    merge_patch(&mut merged, to_json(manifest).map_err(fail)?);
    let message = |errs: crate::api::validation::ValidationErrors| {
        errs.kubectl_message(manifest.kind(), manifest.name())
    };
    match stored {
        Object::Job(old) => {
            let new = serde_json::from_value(merged).map_err(fail)?;
            validate_job_update(&new, old).map_err(message)?;
            Ok(warnings_for_job_update(&new, old))
        }
        Object::CronJob(old) => {
            let new = serde_json::from_value(merged).map_err(fail)?;
            validate_cronjob_update(&new, old).map_err(message)?;
            Ok(warnings_for_cronjob_update(&new, old))
        }
    }
}
