//! Loads manifest files and validates every Job and CronJob in them as the
//! API server would on `kubectl create`, printing kubectl's messages.
//!
//! ```text
//! cargo run --example validate -- examples/pi-job.yaml examples/invalid/*.yaml
//! ```
//!
//! Exits 1 if any file fails to load or any object is invalid.

use std::process::ExitCode;

use kbatch::api::validate_object;
use kbatch::manifest::{load_path, Object};

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: validate <manifest.yaml|json>...");
        return ExitCode::from(2);
    }
    let mut ok = true;
    for path in &paths {
        let objects = match load_path(path) {
            Ok(objects) => objects,
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
                Ok(()) => println!("{resource}/{name} valid"),
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
