//! The API server's decoding of a Job or CronJob request body
//! (`kbatch::api::decode`, `manifest::load_str_with`): Go's type errors and
//! server-side field validation, as `kubectl apply` reports them.

use std::path::Path;

use kbatch::manifest::{load_str, load_str_with, FieldValidation, Object};

const HEAD: &str = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n";

/// A Job whose pod spec holds `container` (indented for a list item).
fn job_with(spec_extra: &str, container_extra: &str) -> String {
    format!(
        "{HEAD}spec:\n{spec_extra}  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox\n{container_extra}"
    )
}

fn decode_error(text: &str) -> String {
    match load_str_with(text, FieldValidation::Strict) {
        Ok(_) => String::from("(loaded)"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn wrong_types_fail_with_go_text_in_every_mode() {
    let cases = [
        (
            job_with("  parallelism: \"2\"\n", ""),
            "json: cannot unmarshal string into Go struct field JobSpec.spec.parallelism of type int32",
        ),
        (
            job_with("", "        ports: [{containerPort: \"8080\"}]\n"),
            "json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32",
        ),
        (
            job_with("", "        command: python main.py\n"),
            "json: cannot unmarshal string into Go struct field Container.spec.template.spec.containers.command of type []string",
        ),
        (
            job_with("", "        imagePullPolicy: 3\n"),
            "json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.imagePullPolicy of type v1.PullPolicy",
        ),
        (
            job_with("", "        env: [{name: DEBUG, value: yes}]\n"),
            "json: cannot unmarshal bool into Go struct field EnvVar.spec.template.spec.containers.env.value of type string",
        ),
        (
            job_with("", "        resources: {limits: {cpu: lots}}\n"),
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        ),
        (
            job_with("", "        livenessProbe: {httpGet: {port: 80.5}}\n"),
            "json: cannot unmarshal number 80.5 into Go struct field HTTPGetAction.spec.template.spec.containers.livenessProbe.httpGet.port of type int32",
        ),
        (
            format!("{HEAD}  labels: {{version: 1.2}}\nspec:\n  template: {{spec: {{containers: []}}}}\n"),
            "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string",
        ),
        (
            job_with("  securityContext: {}\n", "        securityContext: {runAsUser: \"1000\"}\n"),
            "json: cannot unmarshal string into Go struct field SecurityContext.spec.template.spec.containers.securityContext.runAsUser of type int64",
        ),
    ];
    for (text, want) in cases {
        for mode in [
            FieldValidation::Strict,
            FieldValidation::Warn,
            FieldValidation::Ignore,
        ] {
            let err = load_str_with(&text, mode)
                .map(|_| ())
                .map_err(|e| e.to_string());
            assert_eq!(
                err,
                Err(format!("document 0: Job: {want}")),
                "{mode:?}\n{text}"
            );
        }
        // The permissive loader reports the same decode error.
        assert!(load_str(&text).is_err(), "{text}");
    }
}

#[test]
fn unknown_fields_follow_the_field_validation() {
    let text = job_with("  backofLimit: 2\n", "        imagePullPolicyy: Always\n");
    assert_eq!(
        decode_error(&text),
        r#"document 0: Job: strict decoding error: unknown field "spec.backofLimit", unknown field "spec.template.spec.containers[0].imagePullPolicyy""#
    );
    let warned = load_str_with(&text, FieldValidation::Warn).expect("warn loads");
    assert_eq!(
        warned.warnings,
        [
            r#"document 0: Job: unknown field "spec.backofLimit""#,
            r#"document 0: Job: unknown field "spec.template.spec.containers[0].imagePullPolicyy""#,
        ]
    );
    assert_eq!(warned.objects.len(), 1);
    let ignored = load_str_with(&text, FieldValidation::Ignore).expect("ignore loads");
    assert!(ignored.warnings.is_empty());
    // Field names are case sensitive, as sigs.k8s.io/json matches them.
    let text = job_with("  Parallelism: 2\n", "");
    assert_eq!(
        decode_error(&text),
        r#"document 0: Job: strict decoding error: unknown field "spec.Parallelism""#
    );
    // A CronJob's Job template, map keys and list indexes in the path.
    let text = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: a\n          - name: b\n            resources: {limits: {cpu: 1}, limit: {cpu: 2}}\n";
    assert_eq!(
        decode_error(text),
        r#"document 0: CronJob: strict decoding error: unknown field "spec.jobTemplate.spec.template.spec.containers[1].resources.limit""#
    );
}

#[test]
fn whole_numbers_written_as_floats_load_as_kubectl_sends_them() {
    // kubectl re-encodes what it read: 2.0 and 1e1 go out as 2 and 10.
    let text = job_with("  parallelism: 2.0\n  completions: 1e1\n", "");
    let loaded = load_str_with(&text, FieldValidation::Strict).expect("loads");
    let Some(Object::Job(job)) = loaded.objects.first() else {
        panic!("no job");
    };
    assert_eq!(job.spec.parallelism, Some(2));
    assert_eq!(job.spec.completions, Some(10));
    let text = job_with("  parallelism: 1e21\n", "");
    assert_eq!(
        decode_error(&text),
        "document 0: Job: json: cannot unmarshal number 1e+21 into Go struct field JobSpec.spec.parallelism of type int32"
    );
}

/// Every real manifest of the corpus passes strict field validation; the one
/// exception uses a field the 1.37 schema does not have.
#[test]
fn real_world_manifests_pass_strict_field_validation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/real-world");
    let newer_than_1_37 = [(
        "website-pod-security-context-7.yaml",
        r#"strict decoding error: unknown field "spec.template.spec.containers[0].securityContext.cgroupOptions""#,
    )];
    let mut checked = 0;
    let mut problems = Vec::new();
    for sub in ["", "shapes"] {
        let dir = root.join(sub);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("read");
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let got = load_str_with(&text, FieldValidation::Strict)
                .map(|_| ())
                .map_err(|e| e.to_string());
            let want = newer_than_1_37.iter().find(|(n, _)| *n == name);
            match (got, want) {
                (Ok(()), None) => {}
                (Err(e), Some((_, msg))) if e.ends_with(msg) => {}
                (got, _) => problems.push(format!("{name}: {got:?}")),
            }
            checked += 1;
        }
    }
    assert!(checked > 80, "only {checked} files");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn objects_deserialized_directly_decode_the_same_way() {
    let ok: Object = serde_json::from_str(
        r#"{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j"},"spec":{"parallelism":2.0,"template":{"spec":{"containers":[]}}}}"#,
    )
    .expect("a whole float is an integer");
    let Object::Job(job) = ok else {
        panic!("not a job");
    };
    assert_eq!(job.spec.parallelism, Some(2));
    let err = serde_json::from_str::<Object>(
        r#"{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j"},"spec":{"parallelism":"2"}}"#,
    )
    .expect_err("a string is not an int32");
    assert!(
        err.to_string().contains(
            "json: cannot unmarshal string into Go struct field JobSpec.spec.parallelism of type int32"
        ),
        "{err}"
    );
}

/// What kbatch writes, the API server reads back without a decode error or
/// an unknown field: every example and real-world manifest after loading,
/// defaulting and serialising, and the Job each example CronJob creates.
#[test]
fn what_kbatch_writes_decodes_strictly() {
    use kbatch::api::decode::{check, Root};
    use kbatch::api::{default_cronjob, default_job};
    use kbatch::cronjob::get_job_from_template;

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        "examples",
        "examples/sim",
        "tests/data/real-world",
        "tests/data/real-world/shapes",
    ] {
        for entry in std::fs::read_dir(root.join(dir)).expect("dir") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "yaml" || e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    let strict = |value: serde_json::Value, root: Root, what: &str| {
        let d = check(&value, root);
        assert_eq!(d.error, None, "{what}");
        // Only a field newer than the 1.37 schema may be unknown (see above).
        assert!(
            d.unknown_fields
                .iter()
                .all(|f| f.ends_with(".cgroupOptions")),
            "{what}: {:?}",
            d.unknown_fields
        );
    };
    let mut jobs = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        let Ok(loaded) = load_str_with(&text, FieldValidation::Ignore) else {
            continue;
        };
        let what = file.display().to_string();
        for object in loaded.objects {
            match object {
                Object::Job(mut job) => {
                    strict(serde_json::to_value(&job).expect("json"), Root::Job, &what);
                    default_job(&mut job);
                    strict(serde_json::to_value(&job).expect("json"), Root::Job, &what);
                }
                Object::CronJob(mut cronjob) => {
                    default_cronjob(&mut cronjob);
                    strict(
                        serde_json::to_value(&cronjob).expect("json"),
                        Root::CronJob,
                        &what,
                    );
                    let slot = chrono::DateTime::parse_from_rfc3339("2026-03-08T10:00:00Z")
                        .expect("time")
                        .to_utc();
                    if let Ok(job) = get_job_from_template(&cronjob, slot) {
                        strict(serde_json::to_value(&job).expect("json"), Root::Job, &what);
                        jobs += 1;
                    }
                }
            }
        }
    }
    assert!(jobs >= 5, "only {jobs} CronJob Jobs checked");
}
