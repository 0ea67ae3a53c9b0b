//! The `kbatch` binary on real files: manifests, scenarios and bad input.

use assert_cmd::Command;

fn kbatch() -> Command {
    Command::cargo_bin("kbatch").expect("binary built")
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn fails(cmd: &mut Command, code: i32) -> String {
    let out = cmd.output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn simulate_prints_timeline_and_summary() {
    let out = stdout(kbatch().args(["simulate", "tests/data/parallel.yaml"]));
    assert!(out.contains("job/parallel"), "{out}");
    assert_eq!(out.matches("Succeeded (exit code 0)").count(), 4, "{out}");
    assert!(out.contains("Complete (CompletionsReached)"), "{out}");
    let summary = out.split("Summary").nth(1).expect("summary");
    assert!(
        summary.contains("parallel") && summary.contains("Complete"),
        "{summary}"
    );
    assert!(
        summary.contains("Pods: 4 created, 4 succeeded, 0 failed"),
        "{summary}"
    );
}

#[test]
fn simulate_is_reproducible_and_seed_dependent() {
    let run = |seed: &str| {
        stdout(kbatch().args([
            "simulate",
            "tests/data/parallel.yaml",
            "--scenario",
            "examples/scenarios/chaos.yaml",
            "--seed",
            seed,
            "--json",
        ]))
    };
    let (a, b) = (run("3"), run("3"));
    assert_eq!(a, b);
    assert_ne!(a, run("4"));
    let v: serde_json::Value = serde_json::from_str(&a).expect("JSON trace");
    assert!(v["hash"].as_str().is_some_and(|h| h.len() == 16));
    assert!(v["entries"].as_array().is_some_and(|e| !e.is_empty()));
    assert!(v["jobs"][0]["outcome"].is_string());
}

#[test]
fn simulate_with_scenario_retries_failed_pods() {
    let out = stdout(kbatch().args([
        "simulate",
        "tests/data/parallel.yaml",
        "--scenario",
        "tests/data/fail-first.yaml",
    ]));
    // failFirst counts attempts per Job (per index when Indexed): the first pod fails.
    assert_eq!(
        out.matches("Failed (exit code 7, Error)").count(),
        1,
        "{out}"
    );
    assert!(
        out.contains("Pods: 5 created, 4 succeeded, 1 failed"),
        "{out}"
    );
}

#[test]
fn svg_has_one_bar_per_pod() {
    let dir = std::env::temp_dir().join(format!("kbatch-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let svg = dir.join("gantt.svg");
    let out = stdout(kbatch().args([
        "simulate",
        "tests/data/parallel.yaml",
        "--scenario",
        "tests/data/fail-first.yaml",
        "--svg",
        svg.to_str().expect("utf-8 path"),
    ]));
    assert!(out.contains("Pods: 5 created"), "{out}");
    let text = std::fs::read_to_string(&svg).expect("svg written");
    let doc = roxmltree::Document::parse(&text).expect("SVG is XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let bars: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("class") == Some("pod"))
        .collect();
    assert_eq!(bars.len(), 5);
    let red = bars
        .iter()
        .filter(|b| b.attribute("fill") == Some("#d64541"))
        .count();
    assert_eq!(red, 1, "failed pods are red");
    assert!(doc
        .descendants()
        .any(|n| n.attribute("class") == Some("job-finish")));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn simulate_cronjob_example_marks_forbid_skips() {
    let out = stdout(kbatch().args([
        "simulate",
        "examples/sim/hourly-forbid-overrun.yaml",
        "--scenario",
        "examples/scenarios/overrun.yaml",
        "--for",
        "6h",
    ]));
    assert!(out.contains("[skipped: Forbid]"), "{out}");
    assert!(out.contains("cronjob/report"), "{out}");
    let skips = out.matches("[skipped: Forbid]").count();
    let dir = std::env::temp_dir().join(format!("kbatch-cli-forbid-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let svg = dir.join("forbid.svg");
    stdout(kbatch().args([
        "simulate",
        "examples/sim/hourly-forbid-overrun.yaml",
        "--scenario",
        "examples/scenarios/overrun.yaml",
        "--for",
        "6h",
        "--svg",
        svg.to_str().expect("utf-8 path"),
    ]));
    let text = std::fs::read_to_string(&svg).expect("svg written");
    let doc = roxmltree::Document::parse(&text).expect("SVG is XML");
    let class = |c: &str| {
        doc.descendants()
            .filter(|n| n.attribute("class") == Some(c))
            .count()
    };
    assert_eq!(class("skipped-slot"), skips, "one marker per skipped slot");
    assert_eq!(class("slot"), class("job"), "one slot line per Job run");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_example_runs() {
    let pairs = [
        ("hourly-forbid-overrun", "overrun", "4h"),
        ("new-york-dst", "new-york-march", "4d"),
        ("suspended-week", "resume-after-a-week", "8d"),
        ("indexed-per-index-backoff", "flaky-indexes", "1h"),
        ("pod-failure-policy-disruptions", "disruptions", "1h"),
    ];
    for (m, s, d) in pairs {
        let out = stdout(kbatch().args([
            "simulate",
            &format!("examples/sim/{m}.yaml"),
            "--scenario",
            &format!("examples/scenarios/{s}.yaml"),
            "--for",
            d,
        ]));
        assert!(out.contains("Summary after"), "{m}: {out}");
    }
}

#[test]
fn new_york_skips_the_missing_half_hour() {
    let out = stdout(kbatch().args([
        "simulate",
        "examples/sim/new-york-dst.yaml",
        "--scenario",
        "examples/scenarios/new-york-march.yaml",
        "--for",
        "4d",
    ]));
    // 2026-03-08 02:30 does not exist in New York: three runs in four days.
    // The slot annotation is in the CronJob's zone, as upstream writes it.
    assert!(out.contains("Scheduled 2026-03-06T02:30:00-05:00"), "{out}");
    assert!(out.contains("Scheduled 2026-03-07T02:30:00-05:00"), "{out}");
    assert!(!out.contains("Scheduled 2026-03-08"), "{out}");
    assert!(out.contains("Scheduled 2026-03-09T02:30:00-04:00"), "{out}");
    assert_eq!(out.matches("Scheduled ").count(), 3, "{out}");
}

#[test]
fn next_prints_rfc3339_utc() {
    let out = stdout(kbatch().args([
        "next",
        "*/15 * * * *",
        "--from",
        "2026-01-01T00:07:00Z",
        "-n",
        "3",
    ]));
    assert_eq!(
        out,
        "2026-01-01T00:15:00Z\n2026-01-01T00:30:00Z\n2026-01-01T00:45:00Z\n"
    );
}

#[test]
fn next_notes_dst_in_human_mode() {
    let out = stdout(kbatch().args([
        "next",
        "30 2 * * *",
        "--time-zone",
        "America/New_York",
        "--from",
        "2026-03-06T00:00:00Z",
        "-n",
        "3",
        "--human",
    ]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("2026-03-06T07:30:00Z"));
    assert!(lines[2].starts_with("2026-03-09T06:30:00Z"));
    assert!(lines[2].contains("DST"), "{out}");
    assert!(!lines[0].contains("DST"));
}

#[test]
fn next_rejects_bad_schedules_with_exit_2() {
    let err = fails(kbatch().args(["next", "61 * * * *"]), 2);
    assert!(err.contains("61"), "{err}");
    let err = fails(
        kbatch().args(["next", "* * * * *", "--time-zone", "Mars/Olympus"]),
        2,
    );
    assert!(err.contains("Mars/Olympus"), "{err}");
    fails(
        kbatch().args(["next", "* * * * *", "--from", "yesterday"]),
        2,
    );
}

#[test]
fn validate_accepts_good_and_reports_bad() {
    let out = stdout(kbatch().args([
        "validate",
        "tests/data/parallel.yaml",
        "tests/data/forbid.yaml",
    ]));
    assert!(out.contains("job.batch/parallel"), "{out}");
    assert!(out.contains("cronjob.batch/hourly"), "{out}");
    let err = fails(
        kbatch().args(["validate", "tests/data/invalid-job.yaml"]),
        1,
    );
    assert!(err.contains("The Job \"invalid\" is invalid"), "{err}");
    assert!(err.contains("spec.parallelism"), "{err}");
}

#[test]
fn validate_reports_unknown_fields_as_kubectl_validate_does() {
    let err = fails(kbatch().args(["validate", "tests/data/typo-job.yaml"]), 1);
    assert_eq!(
        err.trim(),
        r#"error: tests/data/typo-job.yaml: document 0: Job: strict decoding error: unknown field "spec.backofLimit", unknown field "spec.template.spec.containers[0].imagePullPolicyy"
(as kubectl --validate=strict; --validate=warn or --validate=ignore loads it anyway)"#
    );
    let out = kbatch()
        .args(["validate", "--validate=warn", "tests/data/typo-job.yaml"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            r#"Warning: tests/data/typo-job.yaml: document 0: Job: unknown field "spec.backofLimit""#,
            r#"Warning: tests/data/typo-job.yaml: document 0: Job: unknown field "spec.template.spec.containers[0].imagePullPolicyy""#,
        ]
    );
    for off in ["--validate=ignore", "--validate=false"] {
        let out = stdout(kbatch().args(["validate", off, "tests/data/typo-job.yaml"]));
        assert_eq!(out.trim(), "job.batch/typo is valid");
    }
    // simulate decodes the same way.
    fails(kbatch().args(["simulate", "tests/data/typo-job.yaml"]), 1);
}

#[test]
fn simulate_prints_the_creation_warnings_first() {
    let out = kbatch()
        .args(["simulate", "tests/data/warnings-job.yaml", "--json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("Warning: ")).collect();
    assert_eq!(
        warnings,
        [
            "Warning: metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]",
            r#"Warning: spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead"#,
        ]
    );
}

#[test]
fn validate_stored_checks_the_update_kubectl_apply_would_make() {
    // A new deadline on a running Job is a valid update.
    let out = stdout(kbatch().args([
        "validate",
        "tests/data/edited-job-deadline.yaml",
        "--stored",
        "tests/data/stored-job.yaml",
    ]));
    assert_eq!(out.trim(), "job.batch/pi is valid (update)");
    // A new image is not: the pod template of a started Job is immutable.
    let err = fails(
        kbatch().args([
            "validate",
            "tests/data/edited-job-image.yaml",
            "--stored",
            "tests/data/stored-job.yaml",
        ]),
        1,
    );
    assert!(
        err.starts_with("The Job \"pi\" is invalid: spec.template: Invalid value: "),
        "{err}"
    );
    assert!(err.trim_end().ends_with(": field is immutable"), "{err}");
    assert!(err.contains("perl:5.36.0"), "{err}");
    // Without --stored the same manifest is a valid create.
    let out = stdout(kbatch().args(["validate", "tests/data/edited-job-image.yaml"]));
    assert_eq!(out.trim(), "job.batch/pi is valid");
    // The stored Job itself, re-created as exported (`kubectl get -o yaml |
    // kubectl create -f -`): the server assigns a new uid, so its old
    // generated selector is refused, as upstream refuses it.
    let err = fails(kbatch().args(["validate", "tests/data/stored-job.yaml"]), 1);
    assert!(err.contains("spec.selector: Invalid value: "), "{err}");
    assert!(err.contains("`selector` not auto-generated"), "{err}");
    // An unreadable stored file is one clear error.
    let err = fails(
        kbatch().args([
            "validate",
            "tests/data/edited-job-image.yaml",
            "--stored",
            "tests/data/does-not-exist.yaml",
        ]),
        1,
    );
    assert!(err.contains("does-not-exist.yaml"), "{err}");
}

#[test]
fn validate_prints_the_api_servers_warnings_on_create() {
    // jobStrategy.WarningsOnCreate: a dotted name, a deprecated node label.
    let out = kbatch()
        .args(["validate", "tests/data/warnings-job.yaml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "job.batch/report.v2 is valid"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "Warning: metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]",
            r#"Warning: spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead"#,
        ]
    );
}

#[test]
fn other_kinds_in_a_file_are_skipped_with_a_note() {
    let out = kbatch()
        .args(["validate", "tests/data/mixed-kinds.yaml"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).expect("utf-8");
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(printed.trim(), "job.batch/worker is valid");
    assert!(
        stderr.contains("skipping v1 ConfigMap \"settings\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipping v1 ServiceAccount \"worker\""),
        "{stderr}"
    );
    let out = stdout(kbatch().args(["simulate", "tests/data/mixed-kinds.yaml"]));
    assert!(out.contains("job/worker"), "{out}");
    // Only other kinds: an error that names them.
    let err = fails(kbatch().args(["validate", "tests/data/deployment.yaml"]), 1);
    assert!(err.contains("no Job or CronJob found"), "{err}");
    assert!(err.contains("apps/v1 Deployment \"web\""), "{err}");
}

#[test]
fn bad_inputs_give_one_clear_message() {
    let err = fails(
        kbatch().args(["simulate", "tests/data/does-not-exist.yaml"]),
        1,
    );
    assert!(err.contains("does-not-exist.yaml"), "{err}");
    let err = fails(kbatch().args(["simulate", "tests/data/bad-yaml.yaml"]), 1);
    assert!(err.contains("line"), "YAML errors carry a position: {err}");
    let err = fails(kbatch().args(["validate", "tests/data/deployment.yaml"]), 1);
    assert!(err.contains("Deployment"), "{err}");
    let err = fails(
        kbatch().args(["simulate", "tests/data/invalid-job.yaml"]),
        1,
    );
    assert!(err.contains("spec.parallelism"), "{err}");
    let err = fails(
        kbatch().args([
            "simulate",
            "tests/data/parallel.yaml",
            "--scenario",
            "tests/data/bad-scenario.yaml",
        ]),
        1,
    );
    assert!(err.contains("failureProbability"), "{err}");
    let err = fails(
        kbatch().args(["simulate", "tests/data/parallel.yaml", "--for", "soon"]),
        1,
    );
    assert!(err.contains("soon"), "{err}");
    fails(kbatch().args(["simulate"]), 2);
}

#[test]
fn generate_name_gets_a_random_suffix() {
    let out = stdout(kbatch().args(["simulate", "tests/data/generate-name.yaml"]));
    let name = out
        .lines()
        .find_map(|l| l.split_whitespace().find(|w| w.starts_with("job/gen-")))
        .expect("the Job is named from generateName");
    assert_eq!(name.len(), "job/gen-".len() + 5, "{name}");
    assert!(out.contains("Complete (CompletionsReached)"), "{out}");
}
