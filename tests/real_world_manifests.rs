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
    assert!(files.len() >= 70, "corpus shrank: {} files", files.len());
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

#[test]
fn every_feature_shape_validates() {
    let files = corpus("shapes");
    assert!(files.len() >= 5, "shapes shrank: {} files", files.len());
    let mut failures = Vec::new();
    let mut objects = 0;
    for file in &files {
        match verdicts(file) {
            Err(e) => failures.push(format!("{}: load: {e}", name(file))),
            Ok(messages) => {
                objects += 1;
                failures.extend(messages.into_iter().map(|m| format!("{}: {m}", name(file))));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(objects, files.len());
}

/// A small Job around a pod-spec fragment (indented for `template.spec`).
fn job_with_pod_spec(pod_spec: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: regression\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n{pod_spec}"
    )
}

fn check(manifest: &str) -> Result<(), String> {
    let objects = load_str(manifest).map_err(|e| e.to_string())?;
    if objects.is_empty() {
        return Err("no object".to_string());
    }
    for o in &objects {
        validate_object(o).map_err(|e| e.kubectl_message(o.kind(), o.name()))?;
    }
    Ok(())
}

/// Shapes real manifests use that a validator easily gets wrong: each must be
/// accepted, as the API server accepts it (after kubectl's YAML 1.1 reading).
#[test]
fn real_world_shapes_are_accepted() {
    let rows: &[(&str, &str)] = &[
        (
            // Quantity.UnmarshalJSON takes a JSON number (YAML 0.5, 1e9, 1).
            "quantities written as YAML numbers",
            "      containers:\n      - name: a\n        image: busybox\n        resources:\n          requests: {cpu: 0.5, memory: 128974848}\n          limits: {cpu: 1.5, memory: 1e9, nvidia.com/gpu: 1}\n",
        ),
        (
            // go-yaml v2 (sigs.k8s.io/yaml) reads 0644 as octal and yes/on as true.
            "YAML 1.1 octal modes and yes/on booleans",
            "      containers:\n      - name: a\n        image: busybox\n        volumeMounts: [{name: v, mountPath: /v, readOnly: yes}]\n      volumes:\n      - name: v\n        secret: {secretName: s, optional: on, defaultMode: 0400, items: [{key: k, path: k, mode: 0644}]}\n",
        ),
        (
            "YAML anchors and merge keys",
            "      containers:\n      - &base\n        name: a\n        image: busybox\n        env: &env [{name: A, value: \"1\"}]\n      - <<: *base\n        name: b\n        env: *env\n",
        ),
        (
            // validateHTTPGetAction / validateTCPSocketAction: a port name must match a container port.
            "probes and hooks on a named port",
            "      containers:\n      - name: a\n        image: busybox\n        ports: [{name: liveness-port, containerPort: 8080, hostPort: 8080}]\n        livenessProbe: {httpGet: {path: /healthz, port: liveness-port}, terminationGracePeriodSeconds: 60}\n        startupProbe: {tcpSocket: {port: liveness-port}, failureThreshold: 30}\n        lifecycle: {postStart: {httpGet: {port: liveness-port}}, preStop: {sleep: {seconds: 5}}}\n",
        ),
        (
            // SetDefaults_Probe: zero timeoutSeconds / successThreshold become 1.
            "sidecar probes with zero thresholds",
            "      initContainers:\n      - name: proxy\n        image: envoy\n        restartPolicy: Always\n        livenessProbe: {grpc: {port: 15000}, timeoutSeconds: 0, successThreshold: 0}\n      containers: [{name: a, image: busybox}]\n",
        ),
        (
            // validatePodHostNetworkDeps (template): an unset hostPort is allowed.
            "hostNetwork template with a port lacking hostPort",
            "      hostNetwork: true\n      containers:\n      - name: a\n        image: busybox\n        ports: [{containerPort: 443, name: https}, {containerPort: 8080, hostPort: 8080}]\n",
        ),
        (
            // validateEnvVarValueFrom with EnvFiles (beta, on by default since 1.35).
            "env valueFrom.fileKeyRef",
            "      containers:\n      - name: a\n        image: busybox\n        env:\n        - name: DB_ADDRESS\n          valueFrom: {fileKeyRef: {path: config.env, volumeName: config, key: DB_ADDRESS, optional: false}}\n      volumes: [{name: config, emptyDir: {}}]\n",
        ),
        (
            // validateEnvVarName under RelaxedEnvironmentVariableValidation (GA).
            "relaxed env var names",
            "      containers:\n      - name: a\n        image: busybox\n        env: [{name: my.dotted.var, value: \"1\"}, {name: 1STARTS_WITH_DIGIT, value: \"2\"}]\n",
        ),
    ];
    let mut failures = Vec::new();
    for (what, fragment) in rows {
        if let Err(e) = check(&job_with_pod_spec(fragment)) {
            failures.push(format!("{what}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Near misses of the shapes above, which the API server rejects.
#[test]
fn real_world_near_misses_are_rejected() {
    let rows: &[(&str, &str, &str)] = &[
        (
            // validatePortNumOrName: a quoted number is a port name.
            "probe port as a quoted number",
            "      containers:\n      - name: a\n        image: busybox\n        livenessProbe: {httpGet: {port: \"8080\", path: /}}\n",
            "spec.template.spec.containers[0].livenessProbe.httpGet.port: Invalid value: \"8080\": must contain at least one letter (a-z)",
        ),
        (
            // validateResizePolicy: RestartContainer needs restartPolicy Always.
            "resize policy RestartContainer in a Never pod",
            "      containers:\n      - name: a\n        image: busybox\n        resizePolicy: [{resourceName: memory, restartPolicy: RestartContainer}]\n",
            "resizePolicy: Invalid value: \"RestartContainer\": must be 'NotRequired' when `restartPolicy` is 'Never'",
        ),
        (
            // validateSysctls: net.* sysctls are namespaced away with hostNetwork.
            "net sysctl with hostNetwork",
            "      hostNetwork: true\n      securityContext:\n        sysctls: [{name: net.ipv4.ip_local_port_range, value: \"32768 60999\"}]\n      containers: [{name: a, image: busybox}]\n",
            "may not be specified when 'hostNetwork' is true",
        ),
        (
            // ValidateResourceRequirements: extended resources are integers.
            "fractional extended resource",
            "      containers:\n      - name: a\n        image: busybox\n        resources: {limits: {example.com/dongle: 0.5}}\n",
            "example.com/dongle",
        ),
    ];
    let mut failures = Vec::new();
    for (what, fragment, want) in rows {
        match check(&job_with_pod_spec(fragment)) {
            Ok(()) => failures.push(format!("{what}: accepted, expected {want:?}")),
            Err(e) if !e.contains(want) => {
                failures.push(format!("{what}: expected {want:?} in:\n{e}"))
            }
            Err(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Schedule and time-zone mistakes seen in real CronJobs, which the API
/// server rejects (`validateScheduleFormat` with robfig/cron `ParseStandard`,
/// `validateTimeZone`).
#[test]
fn real_world_cronjob_near_misses_are_rejected() {
    let rows: &[(&str, Option<&str>, &str)] = &[
        ("0 0 * * 7", None, "end of range (7) above maximum (6): 7"),
        ("0 0 L * *", None, "failed to parse int from L"),
        (
            "CRON_TZ=UTC 0 0 * * *",
            None,
            "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
        ),
        ("0 0 0 * * *", None, "expected exactly 5 fields, found 6"),
        ("@reboot", None, "unrecognized descriptor: @reboot"),
        (
            "0 0 * * *",
            Some("Local"),
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
        ),
        ("0 0 * * *", Some("utc"), "unknown time zone utc"),
    ];
    let mut failures = Vec::new();
    for (schedule, zone, want) in rows {
        let zone_line = zone
            .map(|z| format!("  timeZone: {z}\n"))
            .unwrap_or_default();
        let manifest = format!(
            "apiVersion: batch/v1\nkind: CronJob\nmetadata: {{name: c}}\nspec:\n  schedule: \"{schedule}\"\n{zone_line}  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{{name: a, image: busybox}}]\n"
        );
        match check(&manifest) {
            Ok(()) => failures.push(format!("{schedule} {zone:?}: accepted, expected {want:?}")),
            Err(e) if !e.contains(want) => {
                failures.push(format!("{schedule} {zone:?}: expected {want:?} in:\n{e}"))
            }
            Err(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
