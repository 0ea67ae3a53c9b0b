//! Manifest loading and API-server validation: every example loads,
//! round-trips through JSON and validates; each validation rule rejects a bad
//! manifest with kubectl's exact message.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kbatch::api::validate_object;
use kbatch::api::validation::ValidationErrors;
use kbatch::manifest::{load_path, load_str, to_json, ManifestError, Object};

fn example_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_example_loads_round_trips_and_validates() {
    let files = example_files();
    assert!(
        files.len() >= 13,
        "expected at least 13 examples, found {}",
        files.len()
    );
    let mut total = 0;
    for file in files {
        let objects = load_path(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(!objects.is_empty(), "{}: no objects", file.display());
        for object in &objects {
            if let Err(e) = validate_object(object) {
                panic!(
                    "{}: {}",
                    file.display(),
                    e.kubectl_message(object.kind(), object.name())
                );
            }
            let json = to_json(std::slice::from_ref(object));
            let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
            assert_eq!(value["apiVersion"], "batch/v1", "{}", file.display());
            assert_eq!(value["kind"], object.kind(), "{}", file.display());
            let reloaded = load_str(&json).expect("reload");
            assert_eq!(reloaded, vec![object.clone()], "{}", file.display());
        }
        // A whole file also round-trips as one List.
        assert_eq!(load_str(&to_json(&objects)).expect("reload list"), objects);
        total += objects.len();
    }
    assert!(total >= 15);
}

#[test]
fn json_uses_kubernetes_field_names() {
    let objects = load_path(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/backoff-per-index-job.yaml"),
    )
    .expect("load");
    let json = to_json(&objects);
    for key in [
        "\"backoffLimitPerIndex\"",
        "\"maxFailedIndexes\"",
        "\"completionMode\"",
        "\"podFailurePolicy\"",
        "\"onExitCodes\"",
        "\"restartPolicy\"",
    ] {
        assert!(json.contains(key), "missing {key} in {json}");
    }
    assert!(!json.contains("backoff_limit"));
}

#[test]
fn invalid_examples_are_rejected() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/invalid");
    let mut rejected = 0;
    for entry in std::fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        match load_path(&path) {
            Err(_) => rejected += 1,
            Ok(objects) => {
                for o in &objects {
                    assert!(validate_object(o).is_err(), "{} validated", path.display());
                }
                rejected += 1;
            }
        }
    }
    assert!(rejected >= 5);
}

// ---------------------------------------------------------------------------
// Helpers

/// A Job named `name` with `spec` (YAML under `spec:`, written flush left).
/// A default template (restartPolicy Never, one container) is added unless
/// `spec` has its own.
fn job_yaml(name: &str, spec: &str) -> String {
    let mut s = format!("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\nspec:\n");
    for line in spec.lines() {
        s.push_str("  ");
        s.push_str(line);
        s.push('\n');
    }
    if !spec.contains("template:") {
        s.push_str("  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: main\n        image: busybox\n");
    }
    s
}

fn cronjob_yaml(name: &str, spec: &str) -> String {
    let mut s = format!("apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {name}\nspec:\n");
    for line in spec.lines() {
        s.push_str("  ");
        s.push_str(line);
        s.push('\n');
    }
    if !spec.contains("jobTemplate:") {
        s.push_str("  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: main\n            image: busybox\n");
    }
    s
}

fn validate_text(text: &str) -> Result<(), ValidationErrors> {
    let objects = load_str(text).unwrap_or_else(|e| panic!("load failed: {e}\n{text}"));
    assert_eq!(objects.len(), 1, "{text}");
    validate_object(&objects[0])
}

/// The validation messages for a manifest (empty when valid).
fn errors(text: &str) -> Vec<String> {
    match validate_text(text) {
        Ok(()) => Vec::new(),
        Err(e) => e.messages(),
    }
}

fn job_errors(spec: &str) -> Vec<String> {
    errors(&job_yaml("myjob", spec))
}

fn cronjob_errors(spec: &str) -> Vec<String> {
    errors(&cronjob_yaml("mycron", spec))
}

#[track_caller]
fn assert_errors(actual: Vec<String>, expected: &[&str]) {
    let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    assert_eq!(actual, expected, "\nactual:\n{}\n", actual.join("\n"));
}

const SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

// ---------------------------------------------------------------------------
// Job: counts and limits

#[test]
fn valid_minimal_job() {
    assert_errors(job_errors("completions: 1"), &[]);
}

#[test]
fn negative_counts_are_all_reported() {
    assert_errors(
        job_errors("parallelism: -1\ncompletions: -2\nactiveDeadlineSeconds: -3\nbackoffLimit: -4\nttlSecondsAfterFinished: -5"),
        &[
            "spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
            "spec.completions: Invalid value: -2: must be greater than or equal to 0",
            "spec.activeDeadlineSeconds: Invalid value: -3: must be greater than or equal to 0",
            "spec.backoffLimit: Invalid value: -4: must be greater than or equal to 0",
            "spec.ttlSecondsAfterFinished: Invalid value: -5: must be greater than or equal to 0",
        ],
    );
}

#[test]
fn zero_counts_are_allowed() {
    assert_errors(job_errors("parallelism: 0\ncompletions: 0\nbackoffLimit: 0\nttlSecondsAfterFinished: 0\nactiveDeadlineSeconds: 0"), &[]);
}

#[test]
fn negative_per_index_limits() {
    assert_errors(
        job_errors("completionMode: Indexed\ncompletions: 3\nbackoffLimitPerIndex: -1\nmaxFailedIndexes: -1"),
        &[
            "spec.backoffLimitPerIndex: Invalid value: -1: must be greater than or equal to 0",
            "spec.maxFailedIndexes: Invalid value: -1: must be greater than or equal to 0",
        ],
    );
}

#[test]
fn indexed_requires_completions() {
    assert_errors(
        job_errors("completionMode: Indexed\nparallelism: 2"),
        &["spec.completions: Required value: when completion mode is Indexed"],
    );
    // Both unset: the API server defaults completions (and parallelism) to 1.
    assert_errors(job_errors("completionMode: Indexed"), &[]);
}

#[test]
fn indexed_parallelism_cap() {
    assert_errors(
        job_errors("completionMode: Indexed\ncompletions: 5\nparallelism: 100001"),
        &["spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when completion mode is Indexed"],
    );
    assert_errors(
        job_errors("completionMode: Indexed\ncompletions: 5\nparallelism: 100000"),
        &[],
    );
    // NonIndexed Jobs have no cap.
    assert_errors(job_errors("completions: 5\nparallelism: 100001"), &[]);
}

#[test]
fn high_completions_with_backoff_limit_per_index() {
    assert_errors(
        job_errors("completionMode: Indexed\ncompletions: 100001\nparallelism: 10001\nbackoffLimitPerIndex: 1"),
        &[
            "spec.maxFailedIndexes: Required value: must be specified when completions is above 100000",
            "spec.parallelism: Invalid value: 10001: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index",
        ],
    );
    assert_errors(
        job_errors("completionMode: Indexed\ncompletions: 100001\nparallelism: 10\nbackoffLimitPerIndex: 1\nmaxFailedIndexes: 10001"),
        &["spec.maxFailedIndexes: Invalid value: 10001: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index"],
    );
    assert_errors(
        job_errors("completionMode: Indexed\ncompletions: 1000000000\nparallelism: 10000\nbackoffLimitPerIndex: 1\nmaxFailedIndexes: 10000"),
        &[],
    );
    // Without per-index backoff, completions have no cap.
    assert_errors(
        job_errors("completionMode: Indexed\ncompletions: 1000000\nparallelism: 10"),
        &[],
    );
}

#[test]
fn max_failed_indexes_rules() {
    assert_errors(
        job_errors("completionMode: Indexed\ncompletions: 5\nmaxFailedIndexes: 2"),
        &["spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified"],
    );
    assert_errors(
        job_errors(
            "completionMode: Indexed\ncompletions: 5\nbackoffLimitPerIndex: 1\nmaxFailedIndexes: 6",
        ),
        &["spec.maxFailedIndexes: Invalid value: 6: must be less than or equal to completions"],
    );
    assert_errors(
        job_errors("completionMode: Indexed\ncompletions: 200000\nbackoffLimitPerIndex: 1\nmaxFailedIndexes: 100001\nparallelism: 1"),
        &[
            "spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 100000",
            "spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index",
        ],
    );
}

#[test]
fn per_index_fields_require_indexed_mode() {
    assert_errors(
        job_errors("completions: 5\nbackoffLimitPerIndex: 1\nmaxFailedIndexes: 1"),
        &[
            "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode",
            "spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode",
        ],
    );
}

#[test]
fn completion_mode_values() {
    assert_errors(
        job_errors("completionMode: Sometimes"),
        &["spec.completionMode: Unsupported value: \"Sometimes\": supported values: \"NonIndexed\", \"Indexed\""],
    );
}

#[test]
fn indexed_pod_hostnames_must_be_dns_labels() {
    let name = "a".repeat(60);
    assert_errors(
        errors(&job_yaml(&name, "completionMode: Indexed\ncompletions: 1000")),
        &[&format!("metadata.name: Invalid value: \"{name}\": will not able to create pod with invalid DNS label: {name}-999")],
    );
    assert_errors(
        errors(&job_yaml(
            &name,
            "completionMode: Indexed\ncompletions: 100",
        )),
        &[],
    );
}

// ---------------------------------------------------------------------------
// Job: template, restart policy, selector

#[test]
fn restart_policy_always_or_unset_is_rejected() {
    let template = |policy: &str| {
        format!(
            "template:\n  spec:\n{policy}    containers:\n    - name: main\n      image: busybox\n"
        )
    };
    let expected = [
        "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"",
    ];
    assert_errors(job_errors(&template("")), &expected);
    assert_errors(
        job_errors(&template("    restartPolicy: Always\n")),
        &expected,
    );
    assert_errors(job_errors(&template("    restartPolicy: OnFailure\n")), &[]);
    assert_errors(
        job_errors(&template("    restartPolicy: Sometimes\n")),
        &[
            "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
            "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"OnFailure\", \"Never\"",
        ],
    );
}

#[test]
fn template_containers() {
    assert_errors(
        job_errors("template:\n  spec:\n    restartPolicy: Never\n    containers: []"),
        &["spec.template.spec.containers: Required value"],
    );
    assert_errors(
        job_errors("template:\n  spec:\n    restartPolicy: Never\n    containers:\n    - name: Main\n      image: busybox\n    - name: x\n    - name: x\n      image: busybox"),
        &[
            "spec.template.spec.containers[0].name: Invalid value: \"Main\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
            "spec.template.spec.containers[1].image: Required value",
            "spec.template.spec.containers[2].name: Duplicate value: \"x\"",
        ],
    );
}

#[test]
fn manual_selector_must_match_template_labels() {
    let spec = "manualSelector: true\nselector:\n  matchLabels:\n    app: a\ntemplate:\n  metadata:\n    labels:\n      app: b\n  spec:\n    restartPolicy: Never\n    containers:\n    - name: main\n      image: busybox";
    assert_errors(
        job_errors(spec),
        &["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"b\"}: `selector` does not match template `labels`"],
    );
    assert_errors(job_errors(&spec.replace("app: b", "app: a")), &[]);
}

#[test]
fn manual_selector_requires_a_selector() {
    assert_errors(
        job_errors("manualSelector: true"),
        // ValidateJobSpec: a missing selector (labels.Nothing()) matches no labels.
        &[
            "spec.selector: Required value",
            "spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`",
        ],
    );
}

#[test]
fn selector_without_manual_selector_is_rejected() {
    let text = job_yaml("myjob", "selector:\n  matchLabels:\n    app: a\ntemplate:\n  metadata:\n    labels:\n      app: a\n  spec:\n    restartPolicy: Never\n    containers:\n    - name: main\n      image: busybox");
    let Object::Job(mut job) = load_str(&text).expect("load").remove(0) else {
        panic!("not a job")
    };
    job.metadata.uid = Some("00000000-0000-4000-8000-000000000000".into());
    let errs = kbatch::api::validate_job(&job)
        .expect_err("invalid")
        .messages();
    assert_errors(
        errs,
        &["spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"a\",\"batch.kubernetes.io/controller-uid\":\"00000000-0000-4000-8000-000000000000\"}}: `selector` not auto-generated"],
    );
}

#[test]
fn selector_requirements_are_validated() {
    let spec = "manualSelector: true\nselector:\n  matchExpressions:\n  - key: app\n    operator: In\n  - key: tier\n    operator: Exists\n    values: [x]\n  - key: env\n    operator: Near\ntemplate:\n  metadata:\n    labels:\n      app: a\n  spec:\n    restartPolicy: Never\n    containers:\n    - name: main\n      image: busybox";
    assert_errors(
        job_errors(spec),
        &[
            "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
            "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            "spec.selector.matchExpressions[2].operator: Invalid value: \"Near\": not a valid selector operator",
        ],
    );
}

#[test]
fn generated_labels_conflicting_with_user_labels() {
    let spec = "template:\n  metadata:\n    labels:\n      job-name: other\n  spec:\n    restartPolicy: Never\n    containers:\n    - name: main\n      image: busybox";
    let Object::Job(mut job) = load_str(&job_yaml("myjob", spec)).expect("load").remove(0) else {
        panic!("not a job")
    };
    job.metadata.uid = Some("00000000-0000-4000-8000-000000000000".into());
    assert_errors(
        kbatch::api::validate_job(&job).expect_err("invalid").messages(),
        &["spec.template.metadata.labels[job-name]: Invalid value: map[string]string{\"batch.kubernetes.io/controller-uid\":\"00000000-0000-4000-8000-000000000000\", \"batch.kubernetes.io/job-name\":\"myjob\", \"controller-uid\":\"00000000-0000-4000-8000-000000000000\", \"job-name\":\"other\"}: must be 'myjob'"],
    );
}

#[test]
fn label_values_are_validated() {
    let spec = "template:\n  metadata:\n    labels:\n      app: -bad\n  spec:\n    restartPolicy: Never\n    containers:\n    - name: main\n      image: busybox";
    assert_errors(
        job_errors(spec),
        &[
            // Copied to the Job's own labels by defaulting, then checked on the template.
            "metadata.labels: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            "spec.template.labels: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ],
    );
}

// ---------------------------------------------------------------------------
// Job: names

#[test]
fn job_names() {
    assert_errors(
        errors(&job_yaml("My_Job", "")),
        &[&format!(
            "metadata.name: Invalid value: \"My_Job\": {SUBDOMAIN_MSG}"
        )],
    );
    assert_errors(errors(&job_yaml("a.b.c", "")), &[]);
    assert_errors(
        errors("apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: main\n        image: busybox\n"),
        &["metadata.name: Required value: name or generateName is required"],
    );
}

#[test]
fn generate_name() {
    let text = |prefix: &str| {
        format!("apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: {prefix}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: main\n        image: busybox\n")
    };
    assert_errors(errors(&text("run-")), &[]);
    assert_errors(
        errors(&text("Run-")),
        &[
            &format!("metadata.generateName: Invalid value: \"Run-\": {SUBDOMAIN_MSG}"),
            &format!("metadata.name: Invalid value: \"Run-xxxxx\": {SUBDOMAIN_MSG}"),
        ],
    );
}

// ---------------------------------------------------------------------------
// Job: pod failure policy

fn pfp(rules: &str) -> String {
    let mut s = String::from("podFailurePolicy:\n  rules:\n");
    for line in rules.lines() {
        s.push_str("  ");
        s.push_str(line);
        s.push('\n');
    }
    s
}

#[test]
fn pod_failure_policy_rule_shape() {
    assert_errors(
        job_errors(&pfp("- action: FailJob\n  onExitCodes:\n    operator: In\n    values: [1]\n  onPodConditions:\n  - type: DisruptionTarget\n- action: Ignore")),
        &[
            "spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported",
            "spec.podFailurePolicy.rules[1]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required",
        ],
    );
}

#[test]
fn pod_failure_policy_exit_codes() {
    assert_errors(
        job_errors(&pfp("- action: FailJob\n  onExitCodes:\n    containerName: sidecar\n    operator: In\n    values: [5, 0, 5, 3]")),
        &[
            "spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: \"sidecar\": must be one of the container or initContainer names in the pod template",
            "spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator",
            "spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 5",
            "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{5, 0, 5, 3}: must be ordered",
        ],
    );
    // 0 is fine with NotIn.
    assert_errors(
        job_errors(&pfp(
            "- action: FailJob\n  onExitCodes:\n    operator: NotIn\n    values: [0]",
        )),
        &[],
    );
    assert_errors(
        job_errors(&pfp("- action: FailJob\n  onExitCodes:\n    operator: Between\n    values: []")),
        &[
            "spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: \"Between\": supported values: \"In\", \"NotIn\"",
            "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{}: at least one value is required",
        ],
    );
    let many: Vec<String> = (1..=256).map(|v| v.to_string()).collect();
    assert_errors(
        job_errors(&pfp(&format!("- action: FailJob\n  onExitCodes:\n    operator: In\n    values: [{}]", many.join(", ")))),
        &["spec.podFailurePolicy.rules[0].onExitCodes.values: Too many: 256: must have at most 255 items"],
    );
}

#[test]
fn pod_failure_policy_actions_and_conditions() {
    assert_errors(
        job_errors(&pfp("- action: Retry\n  onPodConditions:\n  - type: DisruptionTarget\n    status: Maybe\n- action: FailIndex\n  onPodConditions:\n  - type: \"bad type!\"")),
        &[
            "spec.podFailurePolicy.rules[0].action: Unsupported value: \"Retry\": supported values: \"Count\", \"FailIndex\", \"FailJob\", \"Ignore\"",
            "spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: \"Maybe\": supported values: \"False\", \"True\", \"Unknown\"",
            "spec.podFailurePolicy.rules[1].action: Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set",
            "spec.podFailurePolicy.rules[1].onPodConditions[0].type: Invalid value: \"bad type!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        ],
    );
}

#[test]
fn pod_failure_policy_rule_count() {
    let rule = "- action: Ignore\n  onPodConditions:\n  - type: DisruptionTarget\n";
    assert_errors(
        job_errors(&pfp(&rule.repeat(21))),
        &["spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items"],
    );
    assert_errors(job_errors(&pfp(&rule.repeat(20))), &[]);
}

#[test]
fn pod_failure_policy_requires_restart_policy_never() {
    let spec = format!(
        "{}template:\n  spec:\n    restartPolicy: OnFailure\n    containers:\n    - name: main\n      image: busybox",
        pfp("- action: Ignore\n  onPodConditions:\n  - type: DisruptionTarget")
    );
    assert_errors(
        job_errors(&spec),
        &["spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified"],
    );
}

#[test]
fn fail_index_with_backoff_limit_per_index_is_valid() {
    assert_errors(
        job_errors(&format!(
            "completionMode: Indexed\ncompletions: 4\nbackoffLimitPerIndex: 1\n{}",
            pfp("- action: FailIndex\n  onExitCodes:\n    operator: In\n    values: [42]")
        )),
        &[],
    );
}

// ---------------------------------------------------------------------------
// Job: pod replacement policy, managedBy

#[test]
fn pod_replacement_policy() {
    assert_errors(
        job_errors(&format!("podReplacementPolicy: TerminatingOrFailed\n{}", pfp("- action: Ignore\n  onPodConditions:\n  - type: DisruptionTarget"))),
        &["spec.podReplacementPolicy: Unsupported value: \"TerminatingOrFailed\": supported values: \"Failed\""],
    );
    assert_errors(
        job_errors("podReplacementPolicy: Whenever"),
        &["spec.podReplacementPolicy: Unsupported value: \"Whenever\": supported values: \"Failed\", \"TerminatingOrFailed\""],
    );
    assert_errors(job_errors("podReplacementPolicy: Failed"), &[]);
}

#[test]
fn managed_by() {
    assert_errors(job_errors("managedBy: kubernetes.io/job-controller"), &[]);
    assert_errors(job_errors("managedBy: example.com/foo"), &[]);
    assert_errors(
        job_errors(&format!("managedBy: example.com/{}", "x".repeat(60))),
        &["spec.managedBy: Too long: may not be more than 63 bytes"],
    );
    assert_errors(
        job_errors("managedBy: my-controller"),
        &["spec.managedBy: Invalid value: \"my-controller\": must be a domain-prefixed path (such as \"acme.io/foo\")"],
    );
    assert_errors(
        job_errors("managedBy: Example.com/foo"),
        &[&format!(
            "spec.managedBy: Invalid value: \"Example.com\": {SUBDOMAIN_MSG}"
        )],
    );
}

// ---------------------------------------------------------------------------
// Job: success policy

#[test]
fn success_policy_requires_indexed() {
    assert_errors(
        job_errors("completions: 3\nsuccessPolicy:\n  rules:\n  - succeededCount: 1"),
        &["spec.successPolicy: Invalid value: {\"Rules\":[{\"SucceededIndexes\":null,\"SucceededCount\":1}]}: requires indexed completion mode"],
    );
}

#[test]
fn success_policy_rules() {
    let indexed = "completionMode: Indexed\ncompletions: 5\n";
    assert_errors(
        job_errors(&format!("{indexed}successPolicy:\n  rules: []")),
        &["spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified"],
    );
    assert_errors(
        job_errors(&format!("{indexed}successPolicy:\n  rules:\n  - {{}}\n  - succeededCount: 6\n  - succeededIndexes: \"0-1\"\n    succeededCount: 3\n  - succeededIndexes: \"3,1\"\n  - succeededIndexes: \"0,5\"\n  - succeededCount: -1")),
        &[
            "spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified",
            "spec.successPolicy.rules[1].succeededCount: Invalid value: 6: must be less than or equal to 5 (the number of specified completions)",
            "spec.successPolicy.rules[2].succeededCount: Invalid value: 3: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)",
            "spec.successPolicy.rules[3].succeededIndexes: Invalid value: \"3,1\": error parsing succeededIndexes: non-increasing order, previous: 3, current: 1",
            "spec.successPolicy.rules[4].succeededIndexes: Invalid value: \"0,5\": error parsing succeededIndexes: too large index: \"5\"",
            "spec.successPolicy.rules[5].succeededCount: Invalid value: -1: must be greater than or equal to 0",
        ],
    );
    assert_errors(job_errors(&format!("{indexed}successPolicy:\n  rules:\n  - succeededIndexes: \"0,2-4\"\n    succeededCount: 4")), &[]);
}

// ---------------------------------------------------------------------------
// CronJob

#[test]
fn valid_cronjob() {
    assert_errors(cronjob_errors("schedule: \"*/15 * * * *\""), &[]);
}

#[test]
fn cronjob_schedule_rules() {
    assert_errors(
        cronjob_errors("schedule: \"\""),
        &["spec.schedule: Required value"],
    );
    assert_errors(
        cronjob_errors("schedule: \"* * * *\""),
        &["spec.schedule: Invalid value: \"* * * *\": expected exactly 5 fields, found 4: [* * * *]"],
    );
    assert_errors(
        cronjob_errors("schedule: \"0 24 * * *\""),
        &["spec.schedule: Invalid value: \"0 24 * * *\": end of range (24) above maximum (23): 24"],
    );
    assert_errors(
        cronjob_errors("schedule: \"TZ=UTC 0 * * * *\""),
        &["spec.schedule: Invalid value: \"TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead"],
    );
    assert_errors(
        cronjob_errors("schedule: \"CRON_TZ=Nowhere/Land 0 * * * *\""),
        &[
            "spec.schedule: Invalid value: \"CRON_TZ=Nowhere/Land 0 * * * *\": provided bad location Nowhere/Land: unknown time zone Nowhere/Land",
            "spec.schedule: Invalid value: \"CRON_TZ=Nowhere/Land 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
        ],
    );
}

#[test]
fn cronjob_time_zone_rules() {
    assert_errors(
        cronjob_errors("schedule: \"0 9 * * *\"\ntimeZone: Europe/Rome"),
        &[],
    );
    assert_errors(
        cronjob_errors("schedule: \"0 9 * * *\"\ntimeZone: UTC"),
        &[],
    );
    assert_errors(
        cronjob_errors("schedule: \"0 9 * * *\"\ntimeZone: \"\""),
        &["spec.timeZone: Invalid value: \"\": timeZone must be nil or non-empty string"],
    );
    assert_errors(
        cronjob_errors("schedule: \"0 9 * * *\"\ntimeZone: Local"),
        &["spec.timeZone: Invalid value: \"Local\": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"],
    );
    assert_errors(
        cronjob_errors("schedule: \"0 9 * * *\"\ntimeZone: LOCAL"),
        &[
            "spec.timeZone: Invalid value: \"LOCAL\": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
            "spec.timeZone: Invalid value: \"LOCAL\": unknown time zone LOCAL",
        ],
    );
    assert_errors(
        cronjob_errors("schedule: \"0 9 * * *\"\ntimeZone: Europe/InvalidRome"),
        &["spec.timeZone: Invalid value: \"Europe/InvalidRome\": unknown time zone Europe/InvalidRome"],
    );
    assert_errors(
        cronjob_errors("schedule: \"0 9 * * *\"\ntimeZone: \" Europe/Rome\""),
        &["spec.timeZone: Invalid value: \" Europe/Rome\": unknown time zone  Europe/Rome"],
    );
}

#[test]
fn cronjob_policies_and_limits() {
    assert_errors(
        cronjob_errors("schedule: \"@hourly\"\nconcurrencyPolicy: Sometimes\nstartingDeadlineSeconds: -1\nsuccessfulJobsHistoryLimit: -1\nfailedJobsHistoryLimit: -2"),
        &[
            "spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0",
            "spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\"",
            "spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
            "spec.failedJobsHistoryLimit: Invalid value: -2: must be greater than or equal to 0",
        ],
    );
    assert_errors(cronjob_errors("schedule: \"@hourly\"\nsuccessfulJobsHistoryLimit: 0\nfailedJobsHistoryLimit: 0\nstartingDeadlineSeconds: 0"), &[]);
}

#[test]
fn cronjob_job_template_is_a_job_spec() {
    assert_errors(
        cronjob_errors("schedule: \"@hourly\"\njobTemplate:\n  spec:\n    completions: -1\n    manualSelector: true\n    selector:\n      matchLabels:\n        a: b\n    template:\n      spec:\n        containers:\n        - name: main\n          image: busybox"),
        &[
            "spec.jobTemplate.spec.completions: Invalid value: -1: must be greater than or equal to 0",
            "spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"",
            "spec.jobTemplate.spec.selector: Invalid value: {\"matchLabels\":{\"a\":\"b\"}}: `selector` will be auto-generated",
            "spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: \"nil\", \"false\"",
        ],
    );
}

#[test]
fn cronjob_names() {
    let long = "a".repeat(53);
    assert_errors(
        errors(&cronjob_yaml(&long, "schedule: \"@hourly\"")),
        &[&format!(
            "metadata.name: Invalid value: \"{long}\": must be no more than 52 characters"
        )],
    );
    assert_errors(
        errors(&cronjob_yaml(&"a".repeat(52), "schedule: \"@hourly\"")),
        &[],
    );
    assert_errors(
        errors(&cronjob_yaml("Hourly", "schedule: \"@hourly\"")),
        &[&format!(
            "metadata.name: Invalid value: \"Hourly\": {SUBDOMAIN_MSG}"
        )],
    );
}

// ---------------------------------------------------------------------------
// Reporting

#[test]
fn all_errors_are_reported_in_kubectl_form() {
    let err = validate_text(&job_yaml(
        "pi",
        "completions: -1\ncompletionMode: Indexed\nparallelism: 200000\nbackoffLimit: -1",
    ))
    .expect_err("invalid");
    assert_eq!(err.errors().len(), 3);
    assert_eq!(
        err.kubectl_message("Job", "pi"),
        "The Job \"pi\" is invalid: \n\
         * spec.completions: Invalid value: -1: must be greater than or equal to 0\n\
         * spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0\n\
         * spec.parallelism: Invalid value: 200000: must be less than or equal to 100000 when completion mode is Indexed"
            .replace("\n *", "\n*")
    );
    let one = validate_text(&job_yaml("pi", "completions: -1")).expect_err("invalid");
    assert_eq!(
        one.kubectl_message("Job", "pi"),
        "The Job \"pi\" is invalid: spec.completions: Invalid value: -1: must be greater than or equal to 0"
    );
    assert_eq!(
        one.to_string(),
        "spec.completions: Invalid value: -1: must be greater than or equal to 0"
    );
}

// ---------------------------------------------------------------------------
// Loading

#[test]
fn unknown_kind_and_api_version_are_named() {
    let err = load_str("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n")
        .expect_err("unsupported");
    assert!(
        matches!(&err, ManifestError::UnsupportedKind { document: 0, item: None, api_version, kind } if api_version == "apps/v1" && kind == "Deployment"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "document 0: unsupported object apiVersion \"apps/v1\", kind \"Deployment\" (expected batch/v1 Job or CronJob, or a v1 List of them)"
    );
    let err = load_str(&format!(
        "{}---\napiVersion: batch/v1beta1\nkind: CronJob\n",
        job_yaml("a", "")
    ))
    .expect_err("old version");
    assert!(
        matches!(&err, ManifestError::UnsupportedKind { document: 1, api_version, .. } if api_version == "batch/v1beta1"),
        "{err:?}"
    );
    let err = load_str("metadata:\n  name: x\n").expect_err("no kind");
    assert!(
        matches!(&err, ManifestError::UnsupportedKind { kind, .. } if kind.is_empty()),
        "{err:?}"
    );
    let err = load_str("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}]}").expect_err("pod in list");
    assert!(
        matches!(
            &err,
            ManifestError::UnsupportedKind {
                document: 0,
                item: Some(0),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().starts_with("document 0, List item 0: "),
        "{err}"
    );
}

#[test]
fn multi_document_yaml_and_json_forms() {
    let yaml = format!(
        "---\n{}---\n{}\n---\n",
        job_yaml("a", ""),
        cronjob_yaml("b", "schedule: \"@daily\"")
    );
    let objects = load_str(&yaml).expect("load");
    assert_eq!(
        objects
            .iter()
            .map(|o| (o.kind(), o.name()))
            .collect::<Vec<_>>(),
        vec![("Job", "a"), ("CronJob", "b")]
    );
    // The same as JSON: one object, a List, and a stream of objects.
    let json_one = to_json(&objects[..1]);
    assert_eq!(load_str(&json_one).expect("one"), objects[..1].to_vec());
    let json_list = to_json(&objects);
    assert!(json_list.contains("\"kind\": \"List\""));
    assert_eq!(load_str(&json_list).expect("list"), objects);
    let stream = format!("{}\n{}", to_json(&objects[..1]), to_json(&objects[1..]));
    assert_eq!(load_str(&stream).expect("stream"), objects);
    // A YAML List too.
    let list_yaml = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: batch/v1\n  kind: Job\n  metadata:\n    name: x\n";
    assert_eq!(load_str(list_yaml).expect("yaml list")[0].name(), "x");
    assert!(load_str("").expect("empty").is_empty());
}

#[test]
fn unknown_fields_are_ignored() {
    let text = job_yaml("a", "completions: 2\nfutureField: {nested: [1, 2]}\n")
        .replace("metadata:\n", "metadata:\n  somethingNew: true\n");
    let objects = load_str(&text).expect("load");
    let Object::Job(job) = &objects[0] else {
        panic!("not a job")
    };
    assert_eq!(job.spec.completions, Some(2));
    assert!(validate_object(&objects[0]).is_ok());
}

#[test]
fn wrong_field_types_name_the_document() {
    let text = format!(
        "{}---\n{}",
        job_yaml("a", ""),
        job_yaml("b", "completions: lots")
    );
    let err = load_str(&text).expect_err("bad type");
    assert!(
        matches!(
            &err,
            ManifestError::Decode {
                document: 1,
                kind: "Job",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            == "document 1: Job: json: cannot unmarshal string into Go struct field JobSpec.spec.completions of type int32",
        "{err}"
    );
}

#[test]
fn yaml_syntax_errors_carry_a_position() {
    let err = load_str("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: [unclosed\n")
        .expect_err("syntax");
    match &err {
        ManifestError::Yaml { line, .. } => assert!(line.is_some(), "{err}"),
        other => panic!("not a YAML error: {other:?}"),
    }
    assert!(err.to_string().contains(" at line "), "{err}");
    let err = load_str("{\"apiVersion\": \"batch/v1\",\n \"kind\": ]").expect_err("json");
    assert!(
        matches!(err, ManifestError::Json { line: 2, .. }),
        "{err:?}"
    );
}

#[test]
fn billion_laughs_is_rejected_quickly() {
    let mut text = String::from("apiVersion: batch/v1\nkind: Job\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        text.push_str(&format!("{}: &{} [{}]\n", w[1], w[1], refs));
    }
    let start = Instant::now();
    let err = load_str(&text).expect_err("billion laughs must be refused");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
    assert!(matches!(err, ManifestError::Yaml { .. }), "{err:?}");
}

#[test]
fn deep_nesting_is_rejected() {
    let deep = format!(
        "apiVersion: batch/v1\nkind: Job\nx: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(matches!(load_str(&deep), Err(ManifestError::Yaml { .. })));
    let deep_json = format!(
        "{{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"x\":{}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(matches!(
        load_str(&deep_json),
        Err(ManifestError::Json { .. })
    ));
}

#[test]
fn generated_label_values_must_be_valid() {
    // The Job name becomes the value of the generated job-name labels, which
    // are capped at 63 characters; the duplicate messages collapse into one.
    let name = "a".repeat(64);
    assert_errors(
        errors(&job_yaml(&name, "")),
        &[&format!(
            "spec.template.labels: Invalid value: \"{name}\": must be no more than 63 characters"
        )],
    );
}

#[test]
fn yaml_flow_mapping_is_not_mistaken_for_json() {
    let objects =
        load_str("{apiVersion: batch/v1, kind: Job, metadata: {name: flow}}").expect("flow YAML");
    assert_eq!(objects[0].name(), "flow");
}

#[test]
fn job_template_in_cronjob_is_not_defaulted_like_a_job() {
    // SetDefaults_Job does not run on a CronJob's jobTemplate, so Indexed
    // without completions there is rejected even with parallelism unset.
    assert_errors(
        cronjob_errors("schedule: \"@hourly\"\njobTemplate:\n  spec:\n    completionMode: Indexed\n    template:\n      spec:\n        restartPolicy: Never\n        containers:\n        - name: main\n          image: busybox"),
        &["spec.jobTemplate.spec.completions: Required value: when completion mode is Indexed"],
    );
}

#[test]
fn namespace_and_annotations() {
    let text = job_yaml("a", "").replace(
        "metadata:\n  name: a\n",
        "metadata:\n  name: a\n  namespace: Team_A\n  annotations:\n    \"bad key!\": x\n",
    );
    assert_errors(
        errors(&text),
        &[
            "metadata.namespace: Invalid value: \"Team_A\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
            "metadata.annotations: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        ],
    );
    let big = job_yaml("a", "").replace(
        "metadata:\n  name: a\n",
        &format!(
            "metadata:\n  name: a\n  annotations:\n    note: {}\n",
            "x".repeat(256 * 1024)
        ),
    );
    assert_errors(
        errors(&big),
        &["metadata.annotations: Too long: may not be more than 262144 bytes"],
    );
}

/// Container restart rules (ContainerRestartRules, on by default since
/// 1.35): init and regular containers may set their own restartPolicy; an
/// unknown one is refused, and restart rules need it.
#[test]
fn containers_may_set_their_own_restart_policy() {
    let spec = "template:\n  spec:\n    restartPolicy: Never\n    initContainers:\n    - name: side\n      image: busybox\n      restartPolicy: Never\n    - name: main\n      image: busybox\n    containers:\n    - name: main\n      image: busybox\n      restartPolicy: OnFailure";
    assert_errors(
        job_errors(spec),
        &["spec.template.spec.initContainers[1].name: Duplicate value: \"main\""],
    );
    let spec = "template:\n  spec:\n    restartPolicy: Never\n    containers:\n    - name: main\n      image: busybox\n      restartPolicy: Sometimes\n    - name: retry\n      image: busybox\n      restartPolicyRules: [{action: Restart, exitCodes: {operator: In, values: [42]}}]";
    assert_errors(
        job_errors(spec),
        &[
            "spec.template.spec.containers[0].restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
            "spec.template.spec.containers[1].restartPolicy: Required value: must specify restartPolicy when restart rules are used",
        ],
    );
}

#[test]
fn object_deserialises_by_kind() {
    let cj: Object = serde_json::from_str(
        r#"{"apiVersion":"batch/v1","kind":"CronJob","spec":{"schedule":"@daily"}}"#,
    )
    .expect("cronjob");
    assert_eq!(cj.kind(), "CronJob");
    let job: Object =
        serde_json::from_str(r#"{"apiVersion":"batch/v1","kind":"Job"}"#).expect("job");
    assert_eq!(job.kind(), "Job");
    assert!(serde_json::from_str::<Object>(r#"{"apiVersion":"v1","kind":"Pod"}"#).is_err());
}

#[test]
fn cronjob_update_may_keep_tz_in_schedule() {
    let load = |spec: &str| match load_str(&cronjob_yaml("c", spec)).expect("load").remove(0) {
        Object::CronJob(c) => c,
        Object::Job(_) => panic!("not a cronjob"),
    };
    let old = load("schedule: \"TZ=UTC 0 * * * *\"");
    let same = load("schedule: \"TZ=UTC 30 * * * *\"");
    assert_eq!(
        kbatch::api::validation::validate_cronjob_update(&same, &old),
        Ok(())
    );
    let both = load("schedule: \"TZ=UTC 30 * * * *\"\ntimeZone: Europe/Rome");
    assert_errors(
        kbatch::api::validation::validate_cronjob_update(&both, &old).expect_err("invalid").messages(),
        &["spec.schedule: Invalid value: \"TZ=UTC 30 * * * *\": cannot use both timeZone field and TZ or CRON_TZ in schedule"],
    );
    // Without TZ before, adding it is refused as on create.
    let plain = load("schedule: \"0 * * * *\"");
    assert!(kbatch::api::validation::validate_cronjob_update(&same, &plain).is_err());
}

/// Every example, as the simulated API server stores it and after ten
/// minutes of the controllers writing its status, is a valid update of
/// itself, and so is its manifest applied onto it unchanged (a JSON merge
/// patch, as `kbatch validate --stored` sends it).
#[test]
fn stored_examples_accept_their_own_manifest_as_an_update() {
    use kbatch::api::{validate_cronjob_update, validate_job_update};
    use kbatch::manifest::merge_patch;
    use kbatch::sim::{Scenario, Simulation, Upstream};

    let mut checked = 0;
    for file in example_files() {
        let objects = load_path(&file).expect("loads");
        let mut sim = Simulation::new(Scenario::default(), 1, Upstream::default());
        for object in &objects {
            match object.clone() {
                Object::Job(j) => sim.add_job(j).expect("created"),
                Object::CronJob(c) => sim.add_cronjob(c).expect("created"),
            }
        }
        sim.run_for(600_000);
        for object in &objects {
            let key = (object.namespace().to_string(), object.name().to_string());
            let (verdict, self_verdict) = match object {
                Object::Job(manifest) => {
                    // generateName: the server picked the name; not found by it.
                    let Some(stored) = sim.api().job(&key) else {
                        continue;
                    };
                    let mut merged = serde_json::to_value(stored).expect("json");
                    merge_patch(&mut merged, serde_json::to_value(manifest).expect("json"));
                    let merged = serde_json::from_value(merged).expect("decodes");
                    (
                        validate_job_update(&merged, stored),
                        validate_job_update(stored, stored),
                    )
                }
                Object::CronJob(manifest) => {
                    let stored = sim.api().cronjob(&key).expect("stored");
                    let mut merged = serde_json::to_value(stored).expect("json");
                    merge_patch(&mut merged, serde_json::to_value(manifest).expect("json"));
                    let merged = serde_json::from_value(merged).expect("decodes");
                    (
                        validate_cronjob_update(&merged, stored),
                        validate_cronjob_update(stored, stored),
                    )
                }
            };
            for (what, v) in [("re-applied", verdict), ("itself", self_verdict)] {
                if let Err(e) = v {
                    panic!(
                        "{} {}: {what}: {:?}",
                        file.display(),
                        object.name(),
                        e.messages()
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 14, "checked {checked}");
}
