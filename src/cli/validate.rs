//! `kbatch validate`: kubectl-style messages, exit 1 if anything is invalid.

use super::load::{check, describe, load_manifests};
use super::ValidateArgs;

/// Validate each file; 1 if any is unreadable or invalid.
pub fn run(args: &ValidateArgs) -> i32 {
    let mut code = 0;
    for path in &args.files {
        match load_manifests(path) {
            Ok(objects) if objects.is_empty() => {
                eprintln!("error: {}: no objects found", path.display());
                code = 1;
            }
            Ok(objects) => {
                for o in objects {
                    match check(&o) {
                        Ok(()) => println!("{} is valid", describe(&o)),
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
