//! Loads manifest files and answers for every Job and CronJob in them as the
//! API server would on `kubectl create`: decoding (Go's type errors, strict
//! field validation), validation, then the warnings of an accepted object,
//! in kubectl's words.
//!
//! ```text
//! cargo run --example validate -- examples/pi-job.yaml examples/invalid/*.yaml
//! ```
//!
//! Exits 1 if any file fails to load or any object is invalid.

use std::process::ExitCode;

use kbatch::api::validate_object;
use kbatch::api::validation::warnings_for_object;
use kbatch::manifest::{load_str_with, FieldValidation, Object};

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: validate <manifest.yaml|json>...");
        return ExitCode::from(2);
    }
    let mut ok = true;
    for path in &paths {
        let loaded = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                load_str_with(&text, FieldValidation::Strict).map_err(|e| e.to_string())
            });
        let objects = match loaded {
            Ok(loaded) => loaded.objects,
            Err(e) => {
                eprintln!("error: {path}: {e}");
                ok = false;
                continue;
            }
        };
        for object in &objects {
            let resource = match object {
                Object::Job(_) => "job.batch",
                Object::CronJob(_) => "cronjob.batch",
            };
            let name = display_name(object);
            match validate_object(object) {
                Ok(()) => {
                    for warning in warnings_for_object(object) {
                        eprintln!("Warning: {warning}");
                    }
                    println!("{resource}/{name} valid");
                }
                Err(errors) => {
                    ok = false;
                    eprintln!("{}", errors.kubectl_message(object.kind(), &name));
                }
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn display_name(object: &Object) -> String {
    let meta = match object {
        Object::Job(j) => &j.metadata,
        Object::CronJob(c) => &c.metadata,
    };
    match (meta.name(), meta.generate_name.as_deref()) {
        ("", Some(prefix)) => format!("{prefix}<generated>"),
        (name, _) => name.to_string(),
    }
}
