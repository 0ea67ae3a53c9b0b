//! The pod-template rules of `pkg/apis/core/validation` (env, envFrom,
//! ports, resources, probes, handlers, pull policy and the pod-level rules),
//! transcribed from upstream's `validation_test.go` tables and run through
//! `validate_job` with the field set in a Job's pod template (built as JSON,
//! so the fields land in the verbatim part of the pod types).
//!
//! Upstream calls the validators on internal objects after no defaulting;
//! kbatch validates what the API server sees on create, after
//! `SetDefaults_*`. Rows that defaulting makes unreachable (an empty
//! protocol, pull policy, termination message policy, probe field or field
//! selector apiVersion) are listed next to their table instead of run. The
//! RelaxedEnvironmentVariableValidation gate is GA (locked on) for a 1.37
//! API server, so the C-identifier env-name rows of `TestValidateEnv` are
//! replaced by `TestRelaxedValidateEnv`'s.
//!
//! A row lists every error expected, in upstream's order: path, type and a
//! text the kubectl line contains (upstream's expected text, completed from
//! reading `validation.go` where the table checks type and path only).

use kbatch::api::validation::ErrorKind;
use kbatch::api::{validate_job, Job};
use serde_json::{json, Value};

use ErrorKind::{Duplicate, Forbidden, Invalid, NotFound, NotSupported, Required};

type Expected = (&'static str, ErrorKind, &'static str);

const C0: &str = "spec.template.spec.containers[0]";
const SPEC: &str = "spec.template.spec";

/// A Job whose template is `spec` merged over a valid one-container spec.
fn job_with_spec(spec: Value) -> Job {
    let mut base = json!({
        "restartPolicy": "Never",
        "containers": [{"name": "ctr", "image": "busybox"}]
    });
    if let (Some(b), Some(p)) = (base.as_object_mut(), spec.as_object()) {
        for (k, v) in p {
            b.insert(k.clone(), v.clone());
        }
    }
    let job = json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "pi", "namespace": "default"},
        "spec": {"template": {"spec": base}}
    });
    serde_json::from_value(job).unwrap_or_else(|e| panic!("bad test manifest: {e}"))
}

/// A Job whose only container is `fields` merged over a valid container.
fn job_with_container(fields: Value) -> Job {
    let mut c = json!({"name": "ctr", "image": "busybox"});
    if let (Some(b), Some(p)) = (c.as_object_mut(), fields.as_object()) {
        for (k, v) in p {
            b.insert(k.clone(), v.clone());
        }
    }
    job_with_spec(json!({ "containers": [c] }))
}

/// Checks one row; the error says what differed.
fn check(name: &str, job: &Job, want: &[(String, ErrorKind, String)]) -> Result<(), String> {
    let got = match validate_job(job) {
        Ok(()) => Vec::new(),
        Err(e) => e.errors().to_vec(),
    };
    let show = |v: &[kbatch::api::validation::FieldError]| {
        v.iter()
            .map(|e| format!("  {e}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if got.len() != want.len() {
        return Err(format!(
            "{name}: want {} errors {want:?}, got {}:\n{}",
            want.len(),
            got.len(),
            show(&got)
        ));
    }
    for (g, (path, kind, text)) in got.iter().zip(want) {
        let line = g.to_string();
        if &g.path != path || g.kind != *kind || !line.contains(text.as_str()) {
            return Err(format!(
                "{name}: want {path} {kind:?} containing {text:?}, got:\n{}",
                show(&got)
            ));
        }
    }
    Ok(())
}

/// Runs rows of (name, job, expected errors with paths relative to `prefix`).
fn run(rows: Vec<(&str, Job, Vec<Expected>)>, prefix: &str) {
    let mut failures = Vec::new();
    let count = rows.len();
    for (name, job, want) in rows {
        let want: Vec<(String, ErrorKind, String)> = want
            .into_iter()
            .map(|(p, k, t)| {
                let path = if p.is_empty() || prefix.is_empty() || p.starts_with('[') {
                    format!("{prefix}{p}")
                } else {
                    format!("{prefix}.{p}")
                };
                (path, k, t.to_string())
            })
            .collect();
        if let Err(e) = check(name, &job, &want) {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn env_job(env: Value) -> Job {
    job_with_container(json!({ "env": env }))
}

fn field_ref(path: &str) -> Value {
    json!({"fieldRef": {"apiVersion": "v1", "fieldPath": path}})
}

const ENV_PATHS: &str = r#"supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs""#;
const RELAXED: &str =
    "a valid environment variable name must consist only of printable ASCII characters other than '='";
const SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/// `TestValidateEnv` / `TestRelaxedValidateEnv` success rows.
/// Not run: the C-identifier name rows (`invalid name a`..`d`), which are
/// valid once the relaxed rule is GA, and `missing APIVersion on
/// ObjectFieldSelector` (`SetDefaults_ObjectFieldSelector` fills v1).
#[test]
fn env_success_rows() {
    let mut envs = vec![
        json!({"name": "abc", "value": "value"}),
        json!({"name": "ABC", "value": "value"}),
        json!({"name": "AbC_123", "value": "value"}),
        json!({"name": "abc", "value": ""}),
        json!({"name": "a.b.c", "value": "value"}),
        json!({"name": "a-b-c", "value": "value"}),
        json!({"name": "!\"#$%&'()", "value": "value"}),
        json!({"name": "* +,-./0123456789", "value": "value"}),
        json!({"name": ":;<>?@", "value": "value"}),
        json!({"name": "ABCDEFG", "value": "value"}),
        json!({"name": "abcdefghijklmn", "value": "value"}),
        json!({"name": "[\\]^_`{}|~", "value": "value"}),
    ];
    for p in [
        "metadata.annotations['key']",
        "metadata.labels['key']",
        "metadata.name",
        "metadata.namespace",
        "metadata.uid",
        "spec.nodeName",
        "spec.serviceAccountName",
        "status.hostIP",
        "status.podIP",
        "status.podIPs",
    ] {
        envs.push(json!({"name": "abc", "valueFrom": field_ref(p)}));
    }
    envs.push(json!({"name": "secret_value", "valueFrom": {"secretKeyRef": {"name": "some-secret", "key": "secret-key"}}}));
    envs.push(json!({"name": "ENV_VAR_1", "valueFrom": {"configMapKeyRef": {"name": "some-config-map", "key": "some-key"}}}));
    // TestLocalStorageEnvWithFeatureGate and TestHugePagesEnv.
    for r in [
        "limits.ephemeral-storage",
        "requests.ephemeral-storage",
        "limits.hugepages-2Mi",
        "requests.hugepages-2Mi",
    ] {
        envs.push(json!({"name": "r", "valueFrom": {"resourceFieldRef": {"containerName": "test-container", "resource": r}}}));
    }
    // SetDefaults_ObjectFieldSelector: an unset apiVersion is v1.
    envs.push(json!({"name": "abc", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}));
    run(
        vec![("env success", env_job(Value::Array(envs)), vec![])],
        C0,
    );
}

/// `TestRelaxedValidateEnv` and `TestValidateEnv` error rows.
#[test]
fn env_error_rows() {
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "illegal character",
            env_job(json!([{"name": "=abc"}])),
            vec![("env[0].name", Invalid, RELAXED)],
        ),
        (
            "zero-length name",
            env_job(json!([{"name": ""}])),
            vec![("env[0].name", Required, "Required value")],
        ),
        (
            "value and valueFrom specified",
            env_job(json!([{"name": "abc", "value": "foo", "valueFrom": field_ref("metadata.name")}])),
            vec![(
                "env[0].valueFrom",
                Invalid,
                "valueFrom: Invalid value: \"\": may not be specified when `value` is not empty",
            )],
        ),
        (
            "valueFrom without a source",
            env_job(json!([{"name": "abc", "valueFrom": {}}])),
            vec![(
                "env[0].valueFrom",
                Invalid,
                "valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
            )],
        ),
        (
            "valueFrom.fieldRef and valueFrom.secretKeyRef specified",
            env_job(json!([{"name": "abc", "valueFrom": {
                "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"},
                "secretKeyRef": {"name": "a-secret", "key": "a-key"}}}])),
            vec![(
                "env[0].valueFrom",
                Invalid,
                "valueFrom: Invalid value: \"\": may not have more than one field specified at a time",
            )],
        ),
        (
            "valueFrom.fieldRef and valueFrom.configMapKeyRef set",
            env_job(json!([{"name": "some_var_name", "valueFrom": {
                "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"},
                "configMapKeyRef": {"name": "some-config-map", "key": "some-key"}}}])),
            vec![(
                "env[0].valueFrom",
                Invalid,
                "may not have more than one field specified at a time",
            )],
        ),
        (
            "valueFrom.fieldRef, secretKeyRef and configMapKeyRef specified",
            env_job(json!([{"name": "abc", "valueFrom": {
                "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"},
                "secretKeyRef": {"name": "a-secret", "key": "a-key"},
                "configMapKeyRef": {"name": "some-config-map", "key": "some-key"}}}])),
            vec![(
                "env[0].valueFrom",
                Invalid,
                "may not have more than one field specified at a time",
            )],
        ),
        (
            "valueFrom.secretKeyRef.name invalid",
            env_job(json!([{"name": "abc", "valueFrom": {"secretKeyRef": {"name": "$%^&*#", "key": "a-key"}}}])),
            vec![(
                "env[0].valueFrom.secretKeyRef.name",
                Invalid,
                SUBDOMAIN,
            )],
        ),
        (
            "valueFrom.configMapKeyRef.name invalid",
            env_job(json!([{"name": "abc", "valueFrom": {"configMapKeyRef": {"name": "$%^&*#", "key": "some-key"}}}])),
            vec![(
                "env[0].valueFrom.configMapKeyRef.name",
                Invalid,
                "Invalid value: \"$%^&*#\": a lowercase RFC 1123 subdomain",
            )],
        ),
        (
            "missing FieldPath on ObjectFieldSelector",
            env_job(json!([{"name": "abc", "valueFrom": {"fieldRef": {"apiVersion": "v1"}}}])),
            vec![("env[0].valueFrom.fieldRef.fieldPath", Required, "Required value")],
        ),
        (
            "invalid fieldPath",
            env_job(json!([{"name": "abc", "valueFrom": field_ref("metadata.whoops")}])),
            vec![(
                "env[0].valueFrom.fieldRef.fieldPath",
                Invalid,
                "Invalid value: \"metadata.whoops\": error converting fieldPath: field label not supported: metadata.whoops",
            )],
        ),
        (
            "metadata.name with subscript",
            env_job(json!([{"name": "labels", "valueFrom": field_ref("metadata.name['key']")}])),
            vec![(
                "env[0].valueFrom.fieldRef.fieldPath",
                Invalid,
                "Invalid value: \"metadata.name['key']\": error converting fieldPath: field label does not support subscript",
            )],
        ),
        (
            "metadata.labels without subscript",
            env_job(json!([{"name": "labels", "valueFrom": field_ref("metadata.labels")}])),
            vec![(
                "env[0].valueFrom.fieldRef.fieldPath",
                NotSupported,
                ENV_PATHS,
            )],
        ),
        (
            "metadata.annotations without subscript",
            env_job(json!([{"name": "abc", "valueFrom": field_ref("metadata.annotations")}])),
            vec![(
                "env[0].valueFrom.fieldRef.fieldPath",
                NotSupported,
                "Unsupported value: \"metadata.annotations\": supported values: \"metadata.name\"",
            )],
        ),
        (
            "metadata.annotations with invalid key",
            env_job(json!([{"name": "abc", "valueFrom": field_ref("metadata.annotations['invalid~key']")}])),
            vec![(
                "env[0].valueFrom.fieldRef",
                Invalid,
                "fieldRef: Invalid value: \"invalid~key\"",
            )],
        ),
        (
            "metadata.labels with invalid key",
            env_job(json!([{"name": "abc", "valueFrom": field_ref("metadata.labels['Www.k8s.io/test']")}])),
            vec![(
                "env[0].valueFrom.fieldRef",
                Invalid,
                "fieldRef: Invalid value: \"Www.k8s.io/test\": prefix part a lowercase RFC 1123 subdomain",
            )],
        ),
        (
            "unsupported fieldPath",
            env_job(json!([{"name": "abc", "valueFrom": field_ref("status.phase")}])),
            vec![(
                "env[0].valueFrom.fieldRef.fieldPath",
                NotSupported,
                "Unsupported value: \"status.phase\": supported values",
            )],
        ),
        // From reading validateContainerResourceFieldSelector / validateContainerResourceDivisor.
        (
            "unsupported resourceFieldRef resource",
            env_job(json!([{"name": "abc", "valueFrom": {"resourceFieldRef": {"resource": "limits.gpu"}}}])),
            vec![(
                "env[0].valueFrom.resourceFieldRef.resource",
                NotSupported,
                r#"Unsupported value: "limits.gpu": supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory""#,
            )],
        ),
        (
            "resourceFieldRef without resource",
            env_job(json!([{"name": "abc", "valueFrom": {"resourceFieldRef": {"containerName": "c"}}}])),
            vec![("env[0].valueFrom.resourceFieldRef.resource", Required, "")],
        ),
        (
            "cpu divisor 2",
            env_job(json!([{"name": "abc", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "2"}}}])),
            vec![(
                "env[0].valueFrom.resourceFieldRef.divisor",
                Invalid,
                "Invalid value: \"limits.cpu\": only divisor's values 1m and 1 are supported with the cpu resource",
            )],
        ),
        (
            "memory divisor 1Mi and cpu divisor 1m are valid",
            env_job(json!([
                {"name": "a", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1Mi"}}},
                {"name": "b", "valueFrom": {"resourceFieldRef": {"resource": "requests.cpu", "divisor": "1m"}}}
            ])),
            vec![],
        ),
        (
            "secretKeyRef key missing and invalid",
            env_job(json!([
                {"name": "a", "valueFrom": {"secretKeyRef": {"name": "s"}}},
                {"name": "b", "valueFrom": {"configMapKeyRef": {"name": "c", "key": "..a"}}}
            ])),
            vec![
                ("env[0].valueFrom.secretKeyRef.key", Required, ""),
                (
                    "env[1].valueFrom.configMapKeyRef.key",
                    Invalid,
                    "Invalid value: \"..a\": must not start with '..'",
                ),
            ],
        ),
    ];
    run(rows, C0);
}

fn env_from_job(env_from: Value) -> Job {
    job_with_container(json!({ "envFrom": env_from }))
}

/// `TestValidateEnvFrom` / `TestRelaxedValidateEnvFrom`. Not run: the
/// C-identifier prefix rows (`invalid name a`..`d`), valid under the GA
/// relaxed rule.
#[test]
fn env_from_rows() {
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "success",
            env_from_job(json!([
                {"configMapRef": {"name": "abc"}},
                {"prefix": "pre_", "configMapRef": {"name": "abc"}},
                {"prefix": "a.b", "configMapRef": {"name": "abc"}},
                {"secretRef": {"name": "abc"}},
                {"prefix": "pre_", "secretRef": {"name": "abc"}},
                {"prefix": "a.b", "secretRef": {"name": "abc"}},
                {"prefix": "!\"#$%&'()", "configMapRef": {"name": "abc"}},
                {"prefix": "* +,-./0123456789", "configMapRef": {"name": "abc"}},
                {"prefix": ":;<>?@", "secretRef": {"name": "abc"}},
                {"prefix": "[\\]^_`{}|~", "secretRef": {"name": "abc"}}
            ])),
            vec![],
        ),
        (
            "zero-length configMapRef name",
            env_from_job(json!([{"configMapRef": {"name": ""}}])),
            vec![("envFrom[0].configMapRef.name", Required, "Required value")],
        ),
        (
            "invalid configMapRef name",
            env_from_job(json!([{"configMapRef": {"name": "$"}}])),
            vec![("envFrom[0].configMapRef.name", Invalid, "Invalid value")],
        ),
        (
            "zero-length secretRef name",
            env_from_job(json!([{"secretRef": {"name": ""}}])),
            vec![("envFrom[0].secretRef.name", Required, "Required value")],
        ),
        (
            "invalid secretRef name",
            env_from_job(json!([{"secretRef": {"name": "&"}}])),
            vec![("envFrom[0].secretRef.name", Invalid, "Invalid value")],
        ),
        (
            "invalid prefix",
            env_from_job(json!([{"prefix": "=abc", "configMapRef": {"name": "abc"}}])),
            vec![(
                "envFrom[0].prefix",
                Invalid,
                "prefix: Invalid value: \"=abc\": a valid environment variable name must consist only of printable ASCII characters other than '='",
            )],
        ),
        (
            "no refs",
            env_from_job(json!([{}])),
            vec![(
                "envFrom",
                Invalid,
                "envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`",
            )],
        ),
        (
            "multiple refs",
            env_from_job(json!([{"secretRef": {"name": "abc"}, "configMapRef": {"name": "abc"}}])),
            vec![(
                "envFrom",
                Invalid,
                "envFrom: Invalid value: \"\": may not have more than one field specified at a time",
            )],
        ),
        (
            "invalid secret ref name",
            env_from_job(json!([{"secretRef": {"name": "$%^&*#"}}])),
            vec![(
                "envFrom[0].secretRef.name",
                Invalid,
                "secretRef.name: Invalid value: \"$%^&*#\": a lowercase RFC 1123 subdomain",
            )],
        ),
        (
            "invalid config ref name",
            env_from_job(json!([{"configMapRef": {"name": "$%^&*#"}}])),
            vec![(
                "envFrom[0].configMapRef.name",
                Invalid,
                "configMapRef.name: Invalid value: \"$%^&*#\": a lowercase RFC 1123 subdomain",
            )],
        ),
        (
            "a generateName-style name with a trailing dash is accepted",
            env_from_job(json!([{"configMapRef": {"name": "abc-"}}])),
            vec![],
        ),
    ];
    run(rows, C0);
}

fn ports_job(ports: Value) -> Job {
    job_with_container(json!({ "ports": ports }))
}

/// `TestValidatePorts`. Not run: `protocol required` (the protocol defaults
/// to TCP).
#[test]
fn port_rows() {
    let proto = r#"supported values: "SCTP", "TCP", "UDP""#;
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "success",
            ports_job(json!([
                {"name": "abc", "containerPort": 80, "hostPort": 80, "protocol": "TCP"},
                {"name": "easy", "containerPort": 82, "protocol": "TCP"},
                {"name": "as", "containerPort": 83, "protocol": "UDP"},
                {"name": "do-re-me", "containerPort": 84, "protocol": "SCTP"},
                {"containerPort": 85, "protocol": "TCP"}
            ])),
            vec![],
        ),
        (
            "non-canonical (no protocol)",
            ports_job(json!([{"containerPort": 80}])),
            vec![],
        ),
        (
            "name > 15 characters",
            ports_job(
                json!([{"name": "aaaaaaaaaaaaaaaa", "containerPort": 80, "protocol": "TCP"}]),
            ),
            vec![(
                "ports[0].name",
                Invalid,
                "Invalid value: \"aaaaaaaaaaaaaaaa\": must be no more than 15 characters",
            )],
        ),
        (
            "name contains invalid characters",
            ports_job(json!([{"name": "a.b.c", "containerPort": 80, "protocol": "TCP"}])),
            vec![(
                "ports[0].name",
                Invalid,
                "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            )],
        ),
        (
            "name is a number",
            ports_job(json!([{"name": "80", "containerPort": 80, "protocol": "TCP"}])),
            vec![(
                "ports[0].name",
                Invalid,
                "must contain at least one letter (a-z)",
            )],
        ),
        (
            "name not unique",
            ports_job(json!([
                {"name": "abc", "containerPort": 80, "protocol": "TCP"},
                {"name": "abc", "containerPort": 81, "protocol": "TCP"}
            ])),
            vec![("ports[1].name", Duplicate, "Duplicate value: \"abc\"")],
        ),
        (
            "zero container port",
            ports_job(json!([{"containerPort": 0, "protocol": "TCP"}])),
            vec![("ports[0].containerPort", Required, "Required value")],
        ),
        (
            "invalid container port",
            ports_job(json!([{"containerPort": 65536, "protocol": "TCP"}])),
            vec![(
                "ports[0].containerPort",
                Invalid,
                "Invalid value: 65536: must be between 1 and 65535, inclusive",
            )],
        ),
        (
            "invalid host port",
            ports_job(json!([{"containerPort": 80, "hostPort": 65536, "protocol": "TCP"}])),
            vec![(
                "ports[0].hostPort",
                Invalid,
                "Invalid value: 65536: must be between 1 and 65535, inclusive",
            )],
        ),
        (
            "invalid protocol case",
            ports_job(json!([{"containerPort": 80, "protocol": "tcp"}])),
            vec![("ports[0].protocol", NotSupported, proto)],
        ),
        (
            "invalid protocol",
            ports_job(json!([{"containerPort": 80, "protocol": "ICMP"}])),
            vec![(
                "ports[0].protocol",
                NotSupported,
                "Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
            )],
        ),
        (
            "name with consecutive and edge hyphens",
            ports_job(json!([{"name": "-a--b-", "containerPort": 80}])),
            vec![
                (
                    "ports[0].name",
                    Invalid,
                    "must not contain consecutive hyphens",
                ),
                (
                    "ports[0].name",
                    Invalid,
                    "must not begin or end with a hyphen",
                ),
            ],
        ),
    ];
    run(rows, C0);
}

/// `checkHostPortConflicts` (the "with hostPort conflict" rows of
/// `TestValidateContainers` / `TestValidateInitContainers`).
#[test]
fn host_port_conflict_rows() {
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "same hostPort in two containers",
            job_with_spec(json!({"containers": [
                {"name": "a", "image": "i", "ports": [{"containerPort": 80, "hostPort": 80}]},
                {"name": "b", "image": "i", "ports": [{"containerPort": 81, "hostPort": 80}]}
            ]})),
            vec![(
                "containers[1].ports[0].hostPort",
                Duplicate,
                "Duplicate value: \"TCP//80\"",
            )],
        ),
        (
            "same hostPort, other protocol",
            job_with_spec(json!({"containers": [
                {"name": "a", "image": "i", "ports": [{"containerPort": 80, "hostPort": 80}]},
                {"name": "b", "image": "i", "ports": [{"containerPort": 81, "hostPort": 80, "protocol": "UDP"}]}
            ]})),
            vec![],
        ),
        (
            "init containers are checked one by one (index printed as 0)",
            job_with_spec(json!({"initContainers": [
                {"name": "i1", "image": "i", "ports": [{"containerPort": 80, "hostPort": 80}]},
                {"name": "i2", "image": "i", "ports": [
                    {"containerPort": 80, "hostPort": 80},
                    {"containerPort": 81, "hostPort": 80}
                ]}
            ]})),
            vec![(
                "initContainers[0].ports[1].hostPort",
                Duplicate,
                "\"TCP//80\"",
            )],
        ),
        (
            "hostNetwork: hostPort must match containerPort",
            job_with_spec(json!({"hostNetwork": true, "containers": [
                {"name": "a", "image": "i", "ports": [
                    {"containerPort": 2600, "hostPort": 8080},
                    {"containerPort": 2601}
                ]}
            ]})),
            vec![(
                "containers[0].ports[0].hostPort",
                Invalid,
                "Invalid value: 8080: must match `containerPort` when `hostNetwork` is true",
            )],
        ),
    ];
    run(rows, SPEC);
}

fn tcp_probe(extra: Value) -> Value {
    let mut p = json!({"tcpSocket": {"port": 80}});
    if let (Some(b), Some(e)) = (p.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    p
}

/// `TestValidateContainers` error rows (the full error lists of its
/// `cmp.Diff` checks; details from reading `validation.go`). Not run:
/// `no http path`, `no http scheme` (`SetDefaults_HTTPGetAction` fills
/// them), `empty message termination policy` (defaults to File), `privilege
/// disabled` (securityContext is not covered), the resize-policy rows (not
/// covered).
#[test]
fn container_rows() {
    let neg = json!({"initialDelaySeconds": -1, "timeoutSeconds": -1, "periodSeconds": -1,
        "successThreshold": -1, "failureThreshold": -1, "terminationGracePeriodSeconds": -1});
    let ge0 = "must be greater than or equal to 0";
    let c = job_with_container;
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "success: probes and handlers",
            c(json!({
                "livenessProbe": tcp_probe(json!({"successThreshold": 1})),
                "startupProbe": tcp_probe(json!({"successThreshold": 1})),
                "readinessProbe": tcp_probe(json!({})),
                "lifecycle": {"postStart": {"exec": {"command": ["echo"]}}, "preStop": {"sleep": {"seconds": 0}}},
                "terminationMessagePolicy": "FallbackToLogsOnError",
                "ports": [{"containerPort": 80, "hostPort": 80, "protocol": "TCP"},
                          {"containerPort": 80, "hostPort": 80, "protocol": "UDP"}]
            })),
            vec![],
        ),
        (
            "zero-length name",
            c(json!({"name": ""})),
            vec![("name", Required, "")],
        ),
        (
            "name > 63 characters",
            c(json!({"name": "a".repeat(64)})),
            vec![("name", Invalid, "must be no more than 63 characters")],
        ),
        (
            "name not a DNS label",
            c(json!({"name": "a.b.c"})),
            vec![("name", Invalid, "must not contain dots")],
        ),
        (
            "invalid env var name (relaxed rule: '=' is the illegal character)",
            c(json!({"env": [{"name": "ev=1"}]})),
            vec![("env[0].name", Invalid, RELAXED)],
        ),
        (
            "invalid lifecycle, no exec command.",
            c(json!({"lifecycle": {"preStop": {"exec": {}}}})),
            vec![("lifecycle.preStop.exec.command", Required, "")],
        ),
        (
            "invalid lifecycle, no http port.",
            c(json!({"lifecycle": {"preStop": {"httpGet": {"path": "/", "scheme": "HTTP"}}}})),
            vec![(
                "lifecycle.preStop.httpGet.port",
                Invalid,
                "Invalid value: 0: must be between 1 and 65535, inclusive",
            )],
        ),
        (
            "invalid lifecycle, bad http scheme.",
            c(json!({"lifecycle": {"preStop": {"httpGet": {"port": 80, "scheme": "FTP"}}}})),
            vec![(
                "lifecycle.preStop.httpGet.scheme",
                NotSupported,
                "Unsupported value: \"FTP\": supported values: \"HTTP\", \"HTTPS\"",
            )],
        ),
        (
            "invalid lifecycle, no tcp socket port.",
            c(json!({"lifecycle": {"preStop": {"tcpSocket": {}}}})),
            vec![("lifecycle.preStop.tcpSocket.port", Invalid, "")],
        ),
        (
            "invalid lifecycle, zero tcp socket port.",
            c(json!({"lifecycle": {"preStop": {"tcpSocket": {"port": 0}}}})),
            vec![("lifecycle.preStop.tcpSocket.port", Invalid, "Invalid value: 0")],
        ),
        (
            "invalid lifecycle, no action.",
            c(json!({"lifecycle": {"preStop": {}}})),
            vec![("lifecycle.preStop", Required, "must specify a handler type")],
        ),
        (
            "lifecycle sleep longer than the grace period",
            c(json!({"lifecycle": {"preStop": {"sleep": {"seconds": 31}}}})),
            vec![(
                "lifecycle.preStop.sleep",
                Invalid,
                "Invalid value: 31: must be non-negative and less than terminationGracePeriodSeconds (30)",
            )],
        ),
        (
            "two handlers",
            c(json!({"lifecycle": {"postStart": {"exec": {"command": ["a"]}, "tcpSocket": {"port": 80}}}})),
            vec![(
                "lifecycle.postStart.tcpSocket",
                Forbidden,
                "may not specify more than 1 handler type",
            )],
        ),
        (
            "invalid readiness probe, terminationGracePeriodSeconds set.",
            c(json!({"readinessProbe": tcp_probe(json!({"terminationGracePeriodSeconds": 10}))})),
            vec![(
                "readinessProbe.terminationGracePeriodSeconds",
                Invalid,
                "Invalid value: 10: must not be set for readinessProbes",
            )],
        ),
        (
            "invalid liveness probe, no tcp socket port.",
            c(json!({"livenessProbe": {"tcpSocket": {}, "successThreshold": 1}})),
            vec![("livenessProbe.tcpSocket.port", Invalid, "")],
        ),
        (
            "invalid liveness probe, no action.",
            c(json!({"livenessProbe": {"successThreshold": 1}})),
            vec![("livenessProbe", Required, "must specify a handler type")],
        ),
        (
            "invalid liveness probe, successThreshold != 1",
            c(json!({"livenessProbe": tcp_probe(json!({"successThreshold": 2}))})),
            vec![("livenessProbe.successThreshold", Invalid, "Invalid value: 2: must be 1")],
        ),
        (
            "invalid startup probe, successThreshold != 1",
            c(json!({"startupProbe": tcp_probe(json!({"successThreshold": 2}))})),
            vec![("startupProbe.successThreshold", Invalid, "must be 1")],
        ),
        (
            "invalid liveness probe, negative numbers",
            c(json!({"livenessProbe": tcp_probe(neg.clone())})),
            vec![
                ("livenessProbe.initialDelaySeconds", Invalid, ge0),
                ("livenessProbe.timeoutSeconds", Invalid, ge0),
                ("livenessProbe.periodSeconds", Invalid, ge0),
                ("livenessProbe.successThreshold", Invalid, ge0),
                ("livenessProbe.failureThreshold", Invalid, ge0),
                (
                    "livenessProbe.terminationGracePeriodSeconds",
                    Invalid,
                    "Invalid value: -1: must be greater than 0",
                ),
                ("livenessProbe.successThreshold", Invalid, "Invalid value: -1: must be 1"),
            ],
        ),
        (
            "invalid readiness probe, negative numbers",
            c(json!({"readinessProbe": tcp_probe(neg.clone())})),
            vec![
                ("readinessProbe.initialDelaySeconds", Invalid, ge0),
                ("readinessProbe.timeoutSeconds", Invalid, ge0),
                ("readinessProbe.periodSeconds", Invalid, ge0),
                ("readinessProbe.successThreshold", Invalid, ge0),
                ("readinessProbe.failureThreshold", Invalid, ge0),
                ("readinessProbe.terminationGracePeriodSeconds", Invalid, "must be greater than 0"),
                (
                    "readinessProbe.terminationGracePeriodSeconds",
                    Invalid,
                    "must not be set for readinessProbes",
                ),
            ],
        ),
        (
            "invalid startup probe, negative numbers",
            c(json!({"startupProbe": tcp_probe(neg)})),
            vec![
                ("startupProbe.initialDelaySeconds", Invalid, ge0),
                ("startupProbe.timeoutSeconds", Invalid, ge0),
                ("startupProbe.periodSeconds", Invalid, ge0),
                ("startupProbe.successThreshold", Invalid, ge0),
                ("startupProbe.failureThreshold", Invalid, ge0),
                ("startupProbe.terminationGracePeriodSeconds", Invalid, "must be greater than 0"),
                ("startupProbe.successThreshold", Invalid, "must be 1"),
            ],
        ),
        (
            "invalid message termination policy",
            c(json!({"terminationMessagePolicy": "Unknown"})),
            vec![(
                "terminationMessagePolicy",
                NotSupported,
                "Unsupported value: \"Unknown\": supported values: \"File\", \"FallbackToLogsOnError\"",
            )],
        ),
        (
            "invalid compute resource",
            c(json!({"resources": {"limits": {"disk": "10G"}}})),
            vec![
                (
                    "resources.limits[disk]",
                    Invalid,
                    "Invalid value: \"disk\": must be a standard resource type or fully qualified",
                ),
                (
                    "resources.limits[disk]",
                    Invalid,
                    "must be a standard resource for containers",
                ),
            ],
        ),
        (
            "Resource CPU invalid",
            c(json!({"resources": {"limits": {"cpu": "-10", "memory": "0"}}})),
            vec![(
                "resources.limits[cpu]",
                Invalid,
                "Invalid value: \"-10\": must be greater than or equal to 0",
            )],
        ),
        (
            "Resource Requests CPU invalid",
            c(json!({"resources": {"requests": {"cpu": "-10", "memory": "0"}}})),
            vec![("resources.requests[cpu]", Invalid, "must be greater than or equal to 0")],
        ),
        (
            "Resource Memory invalid",
            c(json!({"resources": {"limits": {"cpu": "0", "memory": "-10"}}})),
            vec![("resources.limits[memory]", Invalid, "Invalid value: \"-10\"")],
        ),
        (
            "Request limit simple invalid",
            c(json!({"resources": {"limits": {"cpu": "5", "memory": "3"}, "requests": {"cpu": "6", "memory": "3"}}})),
            vec![(
                "resources.requests",
                Invalid,
                "Invalid value: \"6\": must be less than or equal to cpu limit of 5",
            )],
        ),
        (
            "Invalid storage limit request",
            c(json!({"resources": {"limits": {"attachable-volumes-aws-ebs": 10}}})),
            vec![
                (
                    "resources.limits[attachable-volumes-aws-ebs]",
                    Invalid,
                    "must be a standard resource type or fully qualified",
                ),
                (
                    "resources.limits[attachable-volumes-aws-ebs]",
                    Invalid,
                    "must be a standard resource for containers",
                ),
            ],
        ),
        (
            "Memory request limit multiple invalid",
            c(json!({"resources": {"limits": {"cpu": "5", "memory": "3"}, "requests": {"cpu": "5", "memory": "4"}}})),
            vec![(
                "resources.requests",
                Invalid,
                "Invalid value: \"4\": must be less than or equal to memory limit of 3",
            )],
        ),
        (
            "Invalid env from",
            c(json!({"envFrom": [{"configMapRef": {"name": "$%^&*#"}}]})),
            vec![("envFrom[0].configMapRef.name", Invalid, "")],
        ),
        // The stored TestValidateContainers predates container restart rules
        // (ContainerRestartRules, on by default since 1.35): its "Forbidden
        // RestartPolicy" rows now read as below.
        (
            "container restartPolicy Always (allowed since 1.35)",
            c(json!({"restartPolicy": "Always"})),
            vec![],
        ),
        (
            "container restartPolicy invalid",
            c(json!({"restartPolicy": "invalid"})),
            vec![(
                "restartPolicy",
                NotSupported,
                "Unsupported value: \"invalid\": supported values: \"Always\", \"OnFailure\", \"Never\"",
            )],
        ),
        (
            "restart rules need the container's restartPolicy",
            c(json!({"restartPolicyRules": [{"action": "Restart", "exitCodes": {"operator": "In", "values": [3]}}]})),
            vec![(
                "restartPolicy",
                Required,
                "Required value: must specify restartPolicy when restart rules are used",
            )],
        ),
        (
            "restart rules: action and operator",
            c(json!({"restartPolicy": "Never", "restartPolicyRules": [
                {"action": "DoNotRestart", "exitCodes": {"operator": "In", "values": [3]}},
                {"action": "Restart", "exitCodes": {"operator": "Equals", "values": [3]}},
                {"action": "RestartAllContainers", "exitCodes": {"operator": "NotIn", "values": [0]}},
                {"action": "Restart", "exitCodes": {"values": [1]}}]})),
            vec![
                (
                    "restartPolicyRules[0].action",
                    NotSupported,
                    "Unsupported value: \"DoNotRestart\": supported values: \"Restart\", \"RestartAllContainers\"",
                ),
                (
                    "restartPolicyRules[1].exitCodes.operator",
                    NotSupported,
                    "Unsupported value: \"Equals\": supported values: \"In\", \"NotIn\"",
                ),
                (
                    "restartPolicyRules[3].exitCodes.operator",
                    NotSupported,
                    "Unsupported value: \"\": supported values: \"In\", \"NotIn\"",
                ),
            ],
        ),
        (
            "unknown volume name",
            c(json!({"volumeMounts": [{"name": "anything", "mountPath": "/foo"}]})),
            vec![("volumeMounts[0].name", NotFound, "Not found: \"anything\"")],
        ),
        (
            "errors in validateContainerCommon's order",
            c(json!({
                "resources": {"limits": {"cpu": "-1"}},
                "imagePullPolicy": "Sometimes",
                "env": [{"name": ""}],
                "ports": [{"containerPort": 0}],
                "terminationMessagePolicy": "x",
                "envFrom": [{}]
            })),
            vec![
                ("terminationMessagePolicy", NotSupported, ""),
                ("ports[0].containerPort", Required, ""),
                ("env[0].name", Required, ""),
                ("envFrom", Invalid, "must specify one of"),
                (
                    "imagePullPolicy",
                    NotSupported,
                    "Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"",
                ),
                ("resources.limits[cpu]", Invalid, "\"-1\""),
            ],
        ),
    ];
    run(rows, C0);
}

/// `TestValidateInitContainers` error rows. Not run: `invalid termination
/// message policy` is run; the securityContext and resize-policy rows are
/// not covered.
#[test]
fn init_container_rows() {
    let init = |c: Value| {
        let mut base = json!({"name": "init", "image": "image"});
        if let (Some(b), Some(p)) = (base.as_object_mut(), c.as_object()) {
            for (k, v) in p {
                b.insert(k.clone(), v.clone());
            }
        }
        job_with_spec(json!({
            "containers": [{"name": "app", "image": "nginx"}],
            "initContainers": [base]
        }))
    };
    let forbidden = "may not be set for init containers without restartPolicy=Always";
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "success: sidecar with lifecycle hook and probes",
            init(json!({
                "restartPolicy": "Always",
                "lifecycle": {"postStart": {"exec": {"command": ["echo", "post start"]}},
                              "preStop": {"exec": {"command": ["echo", "pre stop"]}}},
                "livenessProbe": tcp_probe(json!({"successThreshold": 1})),
                "readinessProbe": tcp_probe(json!({})),
                "startupProbe": tcp_probe(json!({"successThreshold": 1})),
                "ports": [{"containerPort": 80, "hostPort": 80, "protocol": "TCP"},
                          {"containerPort": 80, "hostPort": 80, "protocol": "UDP"}]
            })),
            vec![],
        ),
        (
            "empty name",
            init(json!({"name": ""})),
            vec![("initContainers[0].name", Required, "")],
        ),
        (
            "name collision with regular container",
            init(json!({"name": "app"})),
            vec![(
                "initContainers[0].name",
                Duplicate,
                "Duplicate value: \"app\"",
            )],
        ),
        (
            "invalid termination message policy",
            init(json!({"terminationMessagePolicy": "Unknown"})),
            vec![(
                "initContainers[0].terminationMessagePolicy",
                NotSupported,
                "\"Unknown\"",
            )],
        ),
        (
            "duplicate ports",
            init(json!({"ports": [
                {"containerPort": 8080, "hostPort": 8080, "protocol": "TCP"},
                {"containerPort": 8080, "hostPort": 8080, "protocol": "TCP"}
            ]})),
            vec![(
                "initContainers[0].ports[1].hostPort",
                Duplicate,
                "Duplicate value: \"TCP//8080\"",
            )],
        ),
        (
            "uses disallowed field: Lifecycle",
            init(json!({"lifecycle": {"preStop": {"exec": {"command": ["ls", "-l"]}}}})),
            vec![("initContainers[0].lifecycle", Forbidden, forbidden)],
        ),
        (
            "uses disallowed field: LivenessProbe",
            init(json!({"livenessProbe": tcp_probe(json!({"successThreshold": 1}))})),
            vec![("initContainers[0].livenessProbe", Forbidden, forbidden)],
        ),
        (
            "uses disallowed field: ReadinessProbe",
            init(json!({"readinessProbe": tcp_probe(json!({}))})),
            vec![("initContainers[0].readinessProbe", Forbidden, forbidden)],
        ),
        (
            "Container uses disallowed field: StartupProbe",
            init(json!({"startupProbe": tcp_probe(json!({"successThreshold": 1}))})),
            vec![("initContainers[0].startupProbe", Forbidden, forbidden)],
        ),
        (
            "Disallowed field with other errors should only return a single Forbidden",
            init(
                json!({"startupProbe": tcp_probe(json!({"initialDelaySeconds": -1, "timeoutSeconds": -1,
                "periodSeconds": -1, "successThreshold": -1, "failureThreshold": -1,
                "terminationGracePeriodSeconds": -1}))}),
            ),
            vec![("initContainers[0].startupProbe", Forbidden, forbidden)],
        ),
        (
            "sidecar: invalid probe is validated",
            init(
                json!({"restartPolicy": "Always", "livenessProbe": tcp_probe(json!({"successThreshold": 2}))}),
            ),
            vec![(
                "initContainers[0].livenessProbe.successThreshold",
                Invalid,
                "must be 1",
            )],
        ),
    ];
    run(rows, SPEC);
}

/// `TestValidateProbe` and `Test_validateProbe` (as a liveness probe, so a
/// successThreshold other than 1 also gets "must be 1"). Not run: the
/// zero-valued rows that `SetDefaults_Probe` changes.
#[test]
fn probe_rows() {
    let exec = |extra: Value| {
        let mut p = json!({"exec": {"command": ["echo"]}});
        if let (Some(b), Some(e)) = (p.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                b.insert(k.clone(), v.clone());
            }
        }
        job_with_container(json!({ "livenessProbe": p }))
    };
    let ge0 = "Invalid value: -1: must be greater than or equal to 0";
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "InitialDelaySeconds 10",
            exec(json!({"initialDelaySeconds": 10})),
            vec![],
        ),
        (
            "TimeoutSeconds 10",
            exec(json!({"timeoutSeconds": 10})),
            vec![],
        ),
        (
            "PeriodSeconds 10",
            exec(json!({"periodSeconds": 10})),
            vec![],
        ),
        (
            "FailureThreshold 10",
            exec(json!({"failureThreshold": 10})),
            vec![],
        ),
        (
            "no handler",
            job_with_container(
                json!({"livenessProbe": {"timeoutSeconds": 10, "initialDelaySeconds": 10}}),
            ),
            vec![("livenessProbe", Required, "must specify a handler type")],
        ),
        (
            "initialDelaySeconds -1",
            exec(json!({"initialDelaySeconds": -1})),
            vec![("livenessProbe.initialDelaySeconds", Invalid, ge0)],
        ),
        (
            "timeoutSeconds -1",
            exec(json!({"timeoutSeconds": -1})),
            vec![("livenessProbe.timeoutSeconds", Invalid, ge0)],
        ),
        (
            "periodSeconds -1",
            exec(json!({"periodSeconds": -1})),
            vec![("livenessProbe.periodSeconds", Invalid, ge0)],
        ),
        (
            "successThreshold -1",
            exec(json!({"successThreshold": -1})),
            vec![
                ("livenessProbe.successThreshold", Invalid, ge0),
                ("livenessProbe.successThreshold", Invalid, "must be 1"),
            ],
        ),
        (
            "successThreshold 10",
            exec(json!({"successThreshold": 10})),
            vec![(
                "livenessProbe.successThreshold",
                Invalid,
                "Invalid value: 10: must be 1",
            )],
        ),
        (
            "failureThreshold -1",
            exec(json!({"failureThreshold": -1})),
            vec![("livenessProbe.failureThreshold", Invalid, ge0)],
        ),
        (
            "terminationGracePeriodSeconds -1",
            exec(json!({"terminationGracePeriodSeconds": -1})),
            vec![(
                "livenessProbe.terminationGracePeriodSeconds",
                Invalid,
                "Invalid value: -1: must be greater than 0",
            )],
        ),
        (
            "terminationGracePeriodSeconds 0",
            exec(json!({"terminationGracePeriodSeconds": 0})),
            vec![(
                "livenessProbe.terminationGracePeriodSeconds",
                Invalid,
                "Invalid value: 0: must be greater than 0",
            )],
        ),
        (
            "terminationGracePeriodSeconds 1",
            exec(json!({"terminationGracePeriodSeconds": 1})),
            vec![],
        ),
    ];
    run(rows, C0);
}

/// `TestValidateHandler` (as a readiness probe). Not run: the empty-path
/// rows, whose path `SetDefaults_HTTPGetAction` fills.
#[test]
fn handler_rows() {
    let probe = |h: Value| job_with_container(json!({ "readinessProbe": h }));
    let header_msg = "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')";
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        ("exec", probe(json!({"exec": {"command": ["echo"]}})), vec![]),
        ("httpGet 1", probe(json!({"httpGet": {"path": "/", "port": 1, "host": "", "scheme": "HTTP"}})), vec![]),
        ("httpGet 65535", probe(json!({"httpGet": {"path": "/foo", "port": 65535, "host": "host", "scheme": "HTTP"}})), vec![]),
        ("httpGet named port", probe(json!({"httpGet": {"path": "/", "port": "port", "scheme": "HTTP"}})), vec![]),
        (
            "httpGet with headers",
            probe(json!({"httpGet": {"path": "/", "port": "port", "scheme": "HTTP",
                "httpHeaders": [{"name": "Host", "value": "foo.example.com"},
                                {"name": "X-Forwarded-For", "value": "1.2.3.4"},
                                {"name": "X-Forwarded-For", "value": "5.6.7.8"}]}})),
            vec![],
        ),
        (
            "grpc",
            probe(json!({"grpc": {"port": 9000}})),
            vec![],
        ),
        (
            "empty handler",
            probe(json!({})),
            vec![("readinessProbe", Required, "must specify a handler type")],
        ),
        (
            "exec without command",
            probe(json!({"exec": {"command": []}})),
            vec![("readinessProbe.exec.command", Required, "")],
        ),
        (
            "httpGet port 0",
            probe(json!({"httpGet": {"path": "", "port": 0, "host": ""}})),
            vec![(
                "readinessProbe.httpGet.port",
                Invalid,
                "Invalid value: 0: must be between 1 and 65535, inclusive",
            )],
        ),
        (
            "httpGet port 65536",
            probe(json!({"httpGet": {"path": "/foo", "port": 65536, "host": "host"}})),
            vec![("readinessProbe.httpGet.port", Invalid, "Invalid value: 65536")],
        ),
        (
            "httpGet port \"\"",
            probe(json!({"httpGet": {"path": "", "port": ""}})),
            vec![
                (
                    "readinessProbe.httpGet.port",
                    Invalid,
                    "Invalid value: \"\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                ),
                ("readinessProbe.httpGet.port", Invalid, "must contain at least one letter (a-z)"),
            ],
        ),
        (
            "header name with colon",
            probe(json!({"httpGet": {"path": "/", "port": "port", "scheme": "HTTP",
                "httpHeaders": [{"name": "Host:", "value": "foo.example.com"}]}})),
            vec![(
                "readinessProbe.httpGet.httpHeaders",
                Invalid,
                header_msg,
            )],
        ),
        (
            "header name with underscores",
            probe(json!({"httpGet": {"path": "/", "port": "port", "scheme": "HTTP",
                "httpHeaders": [{"name": "X_Forwarded_For", "value": "foo.example.com"}]}})),
            vec![(
                "readinessProbe.httpGet.httpHeaders",
                Invalid,
                "Invalid value: \"X_Forwarded_For\": a valid HTTP header",
            )],
        ),
        (
            "grpc port 0",
            probe(json!({"grpc": {}})),
            vec![("readinessProbe.grpc.port", Invalid, "Invalid value: 0")],
        ),
    ];
    run(rows, C0);
}

/// `TestValidatePullPolicy`, plus an unsupported value and the defaulting of
/// an unset policy.
#[test]
fn pull_policy_rows() {
    let c = |image: &str, policy: Value| {
        let mut v = json!({"image": image});
        if !policy.is_null() {
            v["imagePullPolicy"] = policy;
        }
        job_with_container(v)
    };
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        ("NotPresent1", c("image:latest", json!("IfNotPresent")), vec![]),
        ("NotPresent2", c("image", json!("IfNotPresent")), vec![]),
        ("Always1", c("image:latest", json!("Always")), vec![]),
        ("Always2", c("image", json!("Always")), vec![]),
        ("Never1", c("image:latest", json!("Never")), vec![]),
        ("Never2", c("image", json!("Never")), vec![]),
        ("defaulted", c("image", Value::Null), vec![]),
        ("empty is defaulted", c("image", json!("")), vec![]),
        (
            "unsupported",
            c("image", json!("PullThreeTimes")),
            vec![(
                "imagePullPolicy",
                NotSupported,
                "Unsupported value: \"PullThreeTimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"",
            )],
        ),
    ];
    run(rows, C0);
}

fn resources(r: Value) -> Job {
    job_with_container(json!({ "resources": r }))
}

/// `TestValidateResourceRequirements` (container rows),
/// `TestHugePagesIsolation`, and quantity rows from reading
/// `ParseQuantity` / `SetDefaults_ResourceList` / `validateResourceRequirements`.
#[test]
fn resource_rows() {
    let format = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "limits and requests of hugepage resource are equal",
            resources(json!({"limits": {"cpu": "10", "hugepages-2Mi": "2Mi"},
                             "requests": {"cpu": "10", "hugepages-2Mi": "2Mi"}})),
            vec![],
        ),
        (
            "limits and requests of memory resource are equal",
            resources(json!({"limits": {"memory": "2Mi"}, "requests": {"memory": "2Mi"}})),
            vec![],
        ),
        (
            "limits and requests of cpu resource are equal",
            resources(json!({"limits": {"cpu": "10"}, "requests": {"cpu": "10"}})),
            vec![],
        ),
        (
            "hugepage resource without cpu or memory",
            resources(json!({"limits": {"hugepages-2Mi": "2Mi"}, "requests": {"hugepages-2Mi": "2Mi"}})),
            vec![("resources", Forbidden, "HugePages require cpu or memory")],
        ),
        (
            "Valid: request more than one hugepages size",
            resources(json!({
                "limits": {"cpu": "10", "memory": "10G", "hugepages-2Mi": "1Gi", "hugepages-1Gi": "2Gi"},
                "requests": {"cpu": "10", "memory": "10G", "hugepages-2Mi": "1Gi", "hugepages-1Gi": "2Gi"}})),
            vec![],
        ),
        (
            "Invalid: request 1Gi hugepages-2Mi but limit 2Gi",
            resources(json!({
                "limits": {"cpu": "10", "memory": "10G", "hugepages-2Mi": "2Gi"},
                "requests": {"cpu": "10", "memory": "10G", "hugepages-2Mi": "1Gi"}})),
            vec![(
                "resources.requests",
                Invalid,
                "Invalid value: \"1Gi\": must be equal to hugepages-2Mi limit of 2Gi",
            )],
        ),
        (
            "hugepages not a multiple of the page size",
            resources(json!({"limits": {"cpu": "1", "hugepages-2Mi": "3Mi"}})),
            vec![(
                "resources.limits[hugepages-2Mi]",
                Invalid,
                "Invalid value: \"3Mi\": 3Mi is not positive integer multiple of hugepages-2Mi",
            )],
        ),
        (
            "quantities in every accepted form",
            resources(json!({"limits": {"cpu": "1.5", "memory": "1Gi", "ephemeral-storage": "1e3"},
                             "requests": {"cpu": "500m", "memory": 1024, "ephemeral-storage": "1k"}})),
            vec![],
        ),
        (
            "not quantities (rejected while decoding upstream)",
            resources(json!({"limits": {"memory": "1Gb", "cpu": "abc"}})),
            vec![
                ("resources.limits[cpu]", Invalid, format),
                ("resources.limits[memory]", Invalid, "Invalid value: \"1Gb\": quantities must match"),
            ],
        ),
        (
            "unknown suffix",
            resources(json!({"limits": {"memory": "1Qi"}})),
            vec![("resources.limits[memory]", Invalid, "quantities must match")],
        ),
        (
            "negative quantity",
            resources(json!({"limits": {"memory": "-1"}})),
            vec![(
                "resources.limits[memory]",
                Invalid,
                "resources.limits[memory]: Invalid value: \"-1\": must be greater than or equal to 0",
            )],
        ),
        (
            "request above limit, compared exactly (1Gi > 1G)",
            resources(json!({"limits": {"memory": "1G"}, "requests": {"memory": "1Gi"}})),
            vec![(
                "resources.requests",
                Invalid,
                "resources.requests: Invalid value: \"1Gi\": must be less than or equal to memory limit of 1G",
            )],
        ),
        (
            "request equal to limit in another notation",
            resources(json!({"limits": {"memory": "1Gi", "cpu": "1"}, "requests": {"memory": "1073741824", "cpu": "1000m"}})),
            vec![],
        ),
        (
            "values are rounded up to milli before comparing (0.0001 is 1m)",
            resources(json!({"limits": {"cpu": "0.0001"}, "requests": {"cpu": "1m"}})),
            vec![],
        ),
        (
            "canonical values in messages (1.5 is 1500m)",
            resources(json!({"limits": {"cpu": "1.5"}, "requests": {"cpu": "2"}})),
            vec![(
                "resources.requests",
                Invalid,
                "Invalid value: \"2\": must be less than or equal to cpu limit of 1500m",
            )],
        ),
        (
            "extended resource: integer, requests equal to limits",
            resources(json!({"limits": {"example.com/gpu": "2"}, "requests": {"example.com/gpu": "2"}})),
            vec![],
        ),
        (
            "extended resource: not an integer",
            resources(json!({"limits": {"example.com/gpu": "1.5"}, "requests": {"example.com/gpu": "1.5"}})),
            vec![
                (
                    "resources.limits[example.com/gpu]",
                    Invalid,
                    "Invalid value: \"1500m\": must be an integer",
                ),
                ("resources.requests[example.com/gpu]", Invalid, "must be an integer"),
            ],
        ),
        (
            "extended resource: request without limit",
            resources(json!({"requests": {"example.com/gpu": "1"}})),
            vec![(
                "resources.limits",
                Required,
                "Limit must be set for non overcommitable resources",
            )],
        ),
        (
            "extended resource: request below limit",
            resources(json!({"limits": {"example.com/gpu": "2"}, "requests": {"example.com/gpu": "1"}})),
            vec![(
                "resources.requests",
                Invalid,
                "Invalid value: \"1\": must be equal to example.com/gpu limit of 2",
            )],
        ),
        (
            "TestValidateResourceNames: my.favorite.app.co/_12345",
            resources(json!({"limits": {"my.favorite.app.co/_12345": "1"}})),
            vec![
                (
                    "resources.limits[my.favorite.app.co/_12345]",
                    Invalid,
                    "Invalid value: \"my.favorite.app.co/_12345\": name part must consist of alphanumeric characters",
                ),
                (
                    "resources.limits[my.favorite.app.co/_12345]",
                    Invalid,
                    "doesn't follow extended resource name standard",
                ),
            ],
        ),
        (
            "TestValidateResourceNames: network",
            resources(json!({"limits": {"network": "1"}})),
            vec![
                ("resources.limits[network]", Invalid, "must be a standard resource type or fully qualified"),
                ("resources.limits[network]", Invalid, "must be a standard resource for containers"),
            ],
        ),
        (
            "TestValidateResourceNames: storage (standard, not for containers)",
            resources(json!({"limits": {"storage": "1"}})),
            vec![("resources.limits[storage]", Invalid, "must be a standard resource for containers")],
        ),
        (
            "native prefixed name",
            resources(json!({"limits": {"kubernetes.io/foo": "1"}})),
            vec![],
        ),
        (
            "requests.-prefixed extended name",
            resources(json!({"limits": {"requests.example.com/foo": "1"}})),
            vec![(
                "resources.limits[requests.example.com/foo]",
                Invalid,
                "doesn't follow extended resource name standard",
            )],
        ),
        (
            "claims need a pod resourceClaims entry",
            resources(json!({"claims": [{"name": "gpu"}, {"name": ""}]})),
            vec![
                (
                    "resources.claims[0]",
                    NotFound,
                    "resources.claims[0]: Not found: \"gpu\": must be one of the names in pod.spec.resourceClaims which is empty",
                ),
                ("resources.claims[1]", Required, ""),
            ],
        ),
    ];
    run(rows, C0);
}

/// The pod-level rows of `TestValidatePodSpec` a pod template can carry,
/// `TestValidatePodDNSConfig`, `TestValidatePodReadinessGates` and the
/// toleration rows of `TestValidatePod`. Not run: the securityContext,
/// affinity, hostAliases and overhead rows (not covered), `invalid
/// nameserver` (IP syntax not covered), and `with hostNetwork hostPort
/// unspecified` is valid here (`ResourceIsPod` is false for a template).
#[test]
fn pod_spec_rows() {
    let s = job_with_spec;
    let long_search = |n: usize| "a".repeat(n);
    let searches_32: Vec<String> = (0..32).map(|i| format!("s{i}")).collect();
    let mut searches_33 = searches_32.clone();
    searches_33.push("s32".to_string());
    let mut searches_2049: Vec<String> = vec![long_search(65)];
    searches_2049.extend((0..31).map(|_| long_search(63)));
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "populate all fields",
            s(json!({
                "initContainers": [{"name": "ictr", "image": "image"}],
                "volumes": [{"name": "vol", "emptyDir": {}}],
                "nodeSelector": {"key": "value"},
                "nodeName": "foobar",
                "activeDeadlineSeconds": 2147483647,
                "serviceAccountName": "acct",
                "priorityClassName": "valid-name",
                "runtimeClassName": "valid-sandbox",
                "preemptionPolicy": "Never",
                "hostname": "host",
                "subdomain": "sub",
                "dnsPolicy": "Default",
                "readinessGates": [{"conditionType": "example.com/condition1"}, {"conditionType": "example.com/condition2"}],
                "schedulingGates": [{"name": "example.com/gate"}]
            })),
            vec![],
        ),
        (
            "populate HostNetwork",
            s(json!({"hostNetwork": true, "containers": [{"name": "ctr", "image": "i",
                "ports": [{"hostPort": 8080, "containerPort": 8080, "protocol": "TCP"}]}]})),
            vec![],
        ),
        (
            "with hostNetwork hostPort unspecified (valid in a template)",
            s(json!({"hostNetwork": true, "containers": [{"name": "ctr", "image": "i",
                "ports": [{"hostPort": 0, "containerPort": 2600, "protocol": "TCP"}]}]})),
            vec![],
        ),
        (
            "bad DNS policy",
            s(json!({"dnsPolicy": "invalid"})),
            vec![(
                "dnsPolicy",
                NotSupported,
                r#"Unsupported value: "invalid": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None""#,
            )],
        ),
        (
            "bad service account name",
            s(json!({"serviceAccountName": "invalidName"})),
            vec![("serviceAccountName", Invalid, SUBDOMAIN)],
        ),
        (
            "bad restart policy",
            s(json!({"restartPolicy": "UnknowPolicy"})),
            vec![
                (
                    "restartPolicy",
                    NotSupported,
                    r#"Unsupported value: "UnknowPolicy": supported values: "Always", "OnFailure", "Never""#,
                ),
                ("restartPolicy", NotSupported, r#"supported values: "OnFailure", "Never""#),
            ],
        ),
        (
            "bad-active-deadline-seconds",
            s(json!({"activeDeadlineSeconds": 0})),
            vec![(
                "activeDeadlineSeconds",
                Invalid,
                "Invalid value: 0: must be between 1 and 2147483647, inclusive",
            )],
        ),
        (
            "active-deadline-seconds-too-large",
            s(json!({"activeDeadlineSeconds": 2147483648u64})),
            vec![(
                "activeDeadlineSeconds",
                Invalid,
                "Invalid value: 2147483648: must be between 1 and 2147483647, inclusive",
            )],
        ),
        (
            "bad nodeName",
            s(json!({"nodeName": "node name"})),
            vec![("nodeName", Invalid, "Invalid value: \"node name\": a lowercase RFC 1123 subdomain")],
        ),
        (
            "bad PriorityClassName",
            s(json!({"priorityClassName": "InvalidName"})),
            vec![("priorityClassName", Invalid, SUBDOMAIN)],
        ),
        (
            "bad RuntimeClassName",
            s(json!({"runtimeClassName": "invalid/sandbox"})),
            vec![("runtimeClassName", Invalid, "Invalid value: \"invalid/sandbox\"")],
        ),
        (
            "bad hostname and subdomain",
            s(json!({"hostname": "Bad_Host", "subdomain": "a.b"})),
            vec![
                ("hostname", Invalid, "a lowercase RFC 1123 label must consist of"),
                ("subdomain", Invalid, "Invalid value: \"a.b\": must not contain dots"),
            ],
        ),
        (
            "bad preemption policy",
            s(json!({"preemptionPolicy": "Sometimes"})),
            vec![(
                "preemptionPolicy",
                NotSupported,
                r#"supported values: "PreemptLowerPriority", "Never""#,
            )],
        ),
        (
            "bad nodeSelector",
            s(json!({"nodeSelector": {"a/b/c": "v", "k": "-bad-"}})),
            vec![
                ("nodeSelector", Invalid, "Invalid value: \"a/b/c\""),
                ("nodeSelector", Invalid, "Invalid value: \"-bad-\": a valid label must be"),
            ],
        ),
        (
            "invalid readiness gate condition type",
            s(json!({"readinessGates": [{"conditionType": "invalid/condition/type"}]})),
            vec![(
                "readinessGates[0].conditionType",
                Invalid,
                "Invalid value: \"invalid/condition/type\"",
            )],
        ),
        (
            "duplicate scheduling gate",
            s(json!({"schedulingGates": [{"name": "foo"}, {"name": "foo"}]})),
            vec![("schedulingGates[1]", Duplicate, "Duplicate value: \"foo\"")],
        ),
        (
            "ephemeral containers in a template",
            s(json!({"ephemeralContainers": [{"name": "debug", "image": "busybox"}]})),
            vec![(
                "ephemeralContainers",
                Forbidden,
                "ephemeral containers not allowed in pod template",
            )],
        ),
        (
            "dnsConfig valid: 3 nameservers and 32 search paths",
            s(json!({"dnsConfig": {"nameservers": ["127.0.0.1", "10.0.0.10", "8.8.8.8"],
                "searches": searches_32}})),
            vec![],
        ),
        (
            "dnsConfig valid: trailing dot, underscore and '.'",
            s(json!({"dnsConfig": {"searches": ["default.svc.cluster.local.", "_sip._tcp.example.com", "."]}})),
            vec![],
        ),
        (
            "dnsConfig invalid: 4 nameservers",
            s(json!({"dnsConfig": {"nameservers": ["127.0.0.1", "10.0.0.10", "8.8.8.8", "1.2.3.4"]}})),
            vec![(
                "dnsConfig.nameservers",
                Invalid,
                r#"Invalid value: []string{"127.0.0.1", "10.0.0.10", "8.8.8.8", "1.2.3.4"}: must not have more than 3 nameservers"#,
            )],
        ),
        (
            "dnsConfig invalid: 33 search paths",
            s(json!({"dnsConfig": {"searches": searches_33}})),
            vec![("dnsConfig.searches", Invalid, "must not have more than 32 search paths")],
        ),
        (
            "dnsConfig invalid: 2049 characters in search path list",
            s(json!({"dnsConfig": {"searches": searches_2049}})),
            vec![(
                "dnsConfig.searches",
                Invalid,
                "must not have more than 2048 characters (including spaces) in the search list",
            )],
        ),
        (
            "dnsConfig invalid search path",
            s(json!({"dnsConfig": {"searches": ["custom?"]}})),
            vec![(
                "dnsConfig.searches[0]",
                Invalid,
                "Invalid value: \"custom?\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.'",
            )],
        ),
        (
            "dnsConfig invalid nameserver",
            s(json!({"dnsConfig": {"nameservers": ["invalid"]}})),
            vec![(
                "dnsConfig.nameservers[0]",
                Invalid,
                r#"Invalid value: "invalid": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"#,
            )],
        ),
        (
            "dnsConfig nameservers: IPv6 and leading-zero IPv4 accepted (ParseIPSloppy), 4th nameserver and bad IPs reported",
            s(json!({"dnsConfig": {"nameservers": ["2001:db8::ffff", "010.002.003.004", "::ffff:1.2.3.4", "1.2.3.256"]}})),
            vec![
                ("dnsConfig.nameservers", Invalid, "must not have more than 3 nameservers"),
                (
                    "dnsConfig.nameservers[3]",
                    Invalid,
                    r#"Invalid value: "1.2.3.256": must be a valid IP address"#,
                ),
            ],
        ),
        (
            "dnsConfig invalid empty option name",
            s(json!({"dnsConfig": {"options": [{"value": "x"}]}})),
            vec![("dnsConfig.options[0]", Required, "must not be empty")],
        ),
        (
            "dnsPolicy None with 0 nameserver",
            s(json!({"dnsPolicy": "None", "dnsConfig": {"searches": ["custom"]}})),
            vec![(
                "dnsConfig.nameservers",
                Required,
                "must provide at least one DNS nameserver when `dnsPolicy` is None",
            )],
        ),
        (
            "dnsPolicy None without dnsConfig",
            s(json!({"dnsPolicy": "None"})),
            vec![("dnsConfig", Required, "must provide `dnsConfig` when `dnsPolicy` is None")],
        ),
    ];
    run(rows, SPEC);
}

/// The toleration rows of `TestValidatePod` (success) and the rules of
/// `ValidateTolerations` (errors; details from reading `validation.go`).
#[test]
fn toleration_rows() {
    let t = |tol: Value| job_with_spec(json!({ "tolerations": tol }));
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "success rows",
            t(json!([
                {"key": "foo", "operator": "Exists", "value": "", "effect": "NoExecute", "tolerationSeconds": 60},
                {"key": "foo", "operator": "Equal", "value": "bar", "effect": "NoExecute", "tolerationSeconds": 60},
                {"key": "foo", "operator": "Equal", "value": "bar", "effect": "NoSchedule"},
                {"operator": "Exists", "effect": "NoSchedule"},
                {"key": "foo", "value": "bar", "effect": "NoSchedule"},
                {"key": "foo", "operator": "Equal", "value": "bar"},
                {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": -2}
            ])),
            vec![],
        ),
        (
            "invalid key",
            t(json!([{"key": "nospecialchars^=@", "operator": "Equal", "value": "bar", "effect": "NoSchedule"}])),
            vec![("tolerations[0].key", Invalid, "Invalid value: \"nospecialchars^=@\": name part must consist of")],
        ),
        (
            "empty key with Equal",
            t(json!([{"operator": "Equal", "value": "bar", "effect": "NoSchedule"}])),
            vec![(
                "tolerations[0].operator",
                Invalid,
                "Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            )],
        ),
        (
            "tolerationSeconds with NoSchedule",
            t(json!([{"key": "foo", "operator": "Exists", "effect": "NoSchedule", "tolerationSeconds": 20}])),
            vec![(
                "tolerations[0].effect",
                Invalid,
                "Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
            )],
        ),
        (
            "Exists with a value",
            t(json!([{"key": "foo", "operator": "Exists", "value": "bar", "effect": "NoSchedule"}])),
            vec![(
                "tolerations[0].operator",
                Invalid,
                "Invalid value: \"bar\": value must be empty when `operator` is 'Exists'",
            )],
        ),
        (
            "bad operator",
            t(json!([{"key": "foo", "operator": "In", "value": "bar"}])),
            vec![(
                "tolerations[0].operator",
                NotSupported,
                r#"Unsupported value: "In": supported values: "Equal", "Exists""#,
            )],
        ),
        (
            "bad effect",
            t(json!([{"key": "foo", "operator": "Equal", "value": "bar", "effect": "Sometimes"}])),
            vec![(
                "tolerations[0].effect",
                NotSupported,
                r#"Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute""#,
            )],
        ),
        (
            "bad value for Equal",
            t(json!([{"key": "foo", "operator": "Equal", "value": "-bad-"}])),
            vec![(
                "tolerations[0].operator",
                Invalid,
                "Invalid value: \"-bad-\": a valid label must be an empty string",
            )],
        ),
        (
            "empty operator with empty key",
            t(json!([{"effect": "NoSchedule"}])),
            vec![(
                "tolerations[0].operator",
                Invalid,
                "Invalid value: \"\": operator must be Exists when `key` is empty",
            )],
        ),
    ];
    run(rows, SPEC);
}

/// `TestValidateVolumeMounts` / `TestValidateMountPropagation` /
/// `TestAlphaValidateVolumeDevices` rows (errors completed from reading
/// `ValidateVolumeMounts` / `ValidateVolumeDevices`, whose subPath,
/// subPathExpr, mountPropagation and recursiveReadOnly errors name the
/// list's path, not the item's). Not run: the privileged Bidirectional row
/// (securityContext is not covered).
#[test]
fn volume_mount_and_device_rows() {
    let vols = json!([
        {"name": "abc", "persistentVolumeClaim": {"claimName": "testclaim1"}},
        {"name": "abc-123", "persistentVolumeClaim": {"claimName": "testclaim2"}},
        {"name": "def", "hostPath": {"path": "/foo/baz"}},
        {"name": "ephemeral", "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}}},
        {"name": "img", "image": {"reference": "busybox"}}
    ]);
    let c = |fields: Value| {
        let mut ctr = json!({"name": "ctr", "image": "busybox"});
        if let (Some(b), Some(p)) = (ctr.as_object_mut(), fields.as_object()) {
            for (k, v) in p {
                b.insert(k.clone(), v.clone());
            }
        }
        job_with_spec(json!({"volumes": vols.clone(), "containers": [ctr]}))
    };
    let bad_mounts = json!([{"name": "abc", "mountPath": "/foo"}, {"name": "abc-123", "mountPath": "/this/path/exists"}]);
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "mounts: success",
            c(json!({"volumeMounts": [
                {"name": "abc", "mountPath": "/foo"},
                {"name": "abc-123", "mountPath": "/bar", "subPath": "baz"},
                {"name": "def", "mountPath": "/baz", "subPathExpr": "$(POD_NAME)"},
                {"name": "abc", "mountPath": "/ro", "readOnly": true, "recursiveReadOnly": "Enabled"},
                {"name": "abc", "mountPath": "/h2c", "mountPropagation": "HostToContainer"}
            ]})),
            vec![],
        ),
        (
            "subpath with an absolute path",
            c(json!({"volumeMounts": [{"name": "abc", "mountPath": "/bab", "subPath": "/baz"}]})),
            vec![("volumeMounts.subPath", Invalid, "Invalid value: \"/baz\": must be a relative path")],
        ),
        (
            "subpath with backsteps",
            c(json!({"volumeMounts": [{"name": "abc", "mountPath": "/bab", "subPath": "a/../b"}]})),
            vec![("volumeMounts.subPath", Invalid, "must not contain '..'")],
        ),
        (
            "subpath and subpathexpr specified",
            c(json!({"volumeMounts": [{"name": "abc-123", "mountPath": "/bab", "subPath": "baz", "subPathExpr": "$(POD_NAME)"}]})),
            vec![(
                "volumeMounts[0].subPathExpr",
                Invalid,
                "Invalid value: \"$(POD_NAME)\": subPathExpr and subPath are mutually exclusive",
            )],
        ),
        // The stored validation.go still refuses subPath in an image volume;
        // kubernetes#130135 (1.33, image volumes beta) allows it, and the
        // API server of 1.37 accepts it.
        (
            "subPath and subPathExpr in an image volume (allowed since 1.33)",
            c(json!({"volumeMounts": [{"name": "img", "mountPath": "/img", "subPath": "x"},
                {"name": "img", "mountPath": "/img2", "subPathExpr": "$(POD)"}]})),
            vec![],
        ),
        (
            "implicitly non-privileged container + Bidirectional",
            c(json!({"volumeMounts": [{"name": "def", "mountPath": "/foo", "mountPropagation": "Bidirectional"}]})),
            vec![(
                "volumeMounts.mountPropagation",
                Forbidden,
                "Bidirectional mount propagation is available only to privileged containers",
            )],
        ),
        (
            "invalid mount propagation",
            c(json!({"volumeMounts": [{"name": "def", "mountPath": "/foo", "mountPropagation": "invalid"}]})),
            vec![(
                "volumeMounts.mountPropagation",
                NotSupported,
                r#"Unsupported value: "invalid": supported values: "Bidirectional", "HostToContainer", "None""#,
            )],
        ),
        (
            "recursiveReadOnly without readOnly, with propagation",
            c(json!({"volumeMounts": [{"name": "def", "mountPath": "/foo", "recursiveReadOnly": "IfPossible", "mountPropagation": "HostToContainer"}]})),
            vec![
                ("volumeMounts.recursiveReadOnly", Forbidden, "may only be specified when readOnly is true"),
                (
                    "volumeMounts.recursiveReadOnly",
                    Forbidden,
                    "may only be specified when mountPropagation is None or not specified",
                ),
            ],
        ),
        (
            "unsupported recursiveReadOnly",
            c(json!({"volumeMounts": [{"name": "def", "mountPath": "/foo", "recursiveReadOnly": "Always"}]})),
            vec![(
                "volumeMounts.recursiveReadOnly",
                NotSupported,
                r#"supported values: "Disabled", "Enabled", "IfPossible""#,
            )],
        ),
        (
            "devices: success",
            c(json!({"volumeDevices": [
                {"name": "abc", "devicePath": "/foo"},
                {"name": "abc-123", "devicePath": "/usr/share/test"},
                {"name": "ephemeral", "devicePath": "/disk"}
            ], "volumeMounts": [{"name": "def", "mountPath": "/foofoo"}]})),
            vec![],
        ),
        (
            "empty name",
            c(json!({"volumeDevices": [{"name": "", "devicePath": "/foo"}]})),
            vec![
                ("volumeDevices[0].name", Required, ""),
                ("volumeDevices[0].name", NotFound, "Not found: \"\""),
            ],
        ),
        (
            "duplicate name",
            c(json!({"volumeDevices": [{"name": "abc", "devicePath": "/foo"}, {"name": "abc", "devicePath": "/foo/bar"}]})),
            vec![("volumeDevices[1].name", Invalid, "Invalid value: \"abc\": must be unique")],
        ),
        (
            "name not found",
            c(json!({"volumeDevices": [{"name": "not-found", "devicePath": "/usr/share/test"}]})),
            vec![("volumeDevices[0].name", NotFound, "\"not-found\"")],
        ),
        (
            "name found but invalid source",
            c(json!({"volumeDevices": [{"name": "def", "devicePath": "/usr/share/test"}]})),
            vec![(
                "volumeDevices[0].name",
                Invalid,
                "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode",
            )],
        ),
        (
            "empty devicepath",
            c(json!({"volumeDevices": [{"name": "abc", "devicePath": ""}]})),
            vec![("volumeDevices[0].devicePath", Required, "")],
        ),
        (
            "duplicate devicepath",
            c(json!({"volumeDevices": [{"name": "abc", "devicePath": "/foo"}, {"name": "abc-123", "devicePath": "/foo"}]})),
            vec![("volumeDevices[1].devicePath", Invalid, "Invalid value: \"/foo\": must be unique")],
        ),
        (
            "no backsteps",
            c(json!({"volumeDevices": [{"name": "def", "devicePath": "/baz/../"}]})),
            vec![
                ("volumeDevices[0].name", Invalid, "can only use volume source type"),
                ("volumeDevices[0].devicePath", Invalid, "can not contain backsteps ('..')"),
            ],
        ),
        (
            "relative devicepath (name exists in volumemounts)",
            c(json!({"volumeDevices": [{"name": "abc-123", "devicePath": "baz"}], "volumeMounts": bad_mounts.clone()})),
            vec![
                ("volumeMounts[1].name", Invalid, "must not already exist in volumeDevices"),
                ("volumeDevices[0].name", Invalid, "must not already exist in volumeMounts"),
            ],
        ),
        (
            "path exists in volumemounts",
            c(json!({"volumeDevices": [{"name": "abc", "devicePath": "/this/path/exists"}], "volumeMounts": bad_mounts})),
            vec![
                ("volumeMounts[0].name", Invalid, "must not already exist in volumeDevices"),
                (
                    "volumeMounts[1].mountPath",
                    Invalid,
                    "Invalid value: \"/this/path/exists\": must not already exist as a path in volumeDevices",
                ),
                ("volumeDevices[0].name", Invalid, "must not already exist in volumeMounts"),
                ("volumeDevices[0].devicePath", Invalid, "must not already exist as a path in volumeMounts"),
            ],
        ),
    ];
    run(rows, C0);
}

/// `TestValidateResizePolicy` (the pod restartPolicy `Always` rows run with
/// `OnFailure`, as a Job allows only OnFailure or Never; identical errors are
/// reported once, as `ToAggregate` does).
#[test]
fn resize_policy_rows() {
    let job = |policies: Value, restart: &str| {
        job_with_spec(json!({"restartPolicy": restart,
            "containers": [{"name": "ctr", "image": "i", "resizePolicy": policies}]}))
    };
    let never = "must be 'NotRequired' when `restartPolicy` is 'Never'";
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "ValidCPUandMemoryPolicies",
            job(
                json!([{"resourceName": "cpu", "restartPolicy": "NotRequired"},
                       {"resourceName": "memory", "restartPolicy": "RestartContainer"}]),
                "OnFailure",
            ),
            vec![],
        ),
        ("NoPolicy", job(json!([]), "OnFailure"), vec![]),
        (
            "ValidCPUandInvalidMemoryPolicy",
            job(
                json!([{"resourceName": "cpu", "restartPolicy": "NotRequired"},
                       {"resourceName": "memory", "restartPolicy": "Restarrrt"}]),
                "OnFailure",
            ),
            vec![(
                "resizePolicy",
                NotSupported,
                r#"Unsupported value: "Restarrrt": supported values: "NotRequired", "RestartContainer""#,
            )],
        ),
        (
            "InvalidResourceNameValidPolicy",
            job(
                json!([{"resourceName": "cpuuu", "restartPolicy": "NotRequired"}]),
                "OnFailure",
            ),
            vec![(
                "resizePolicy",
                NotSupported,
                r#"Unsupported value: "cpuuu": supported values: "cpu", "memory""#,
            )],
        ),
        (
            "ValidResourceNameMissingPolicy",
            job(
                json!([{"resourceName": "memory", "restartPolicy": ""}]),
                "OnFailure",
            ),
            vec![("resizePolicy", Required, "")],
        ),
        (
            "RepeatedPolicies",
            job(
                json!([{"resourceName": "cpu", "restartPolicy": "NotRequired"},
                       {"resourceName": "memory", "restartPolicy": "RestartContainer"},
                       {"resourceName": "cpu", "restartPolicy": "RestartContainer"}]),
                "OnFailure",
            ),
            vec![("resizePolicy[2]", Duplicate, "Duplicate value: \"cpu\"")],
        ),
        (
            "InvalidCPUPolicyWithPodRestartPolicy",
            job(
                json!([{"resourceName": "cpu", "restartPolicy": "NotRequired"},
                       {"resourceName": "memory", "restartPolicy": "RestartContainer"}]),
                "Never",
            ),
            vec![(
                "resizePolicy",
                Invalid,
                "Invalid value: \"RestartContainer\": must be 'NotRequired'",
            )],
        ),
        (
            "InvalidMemoryCPUPolicyWithPodRestartPolicy",
            job(
                json!([{"resourceName": "cpu", "restartPolicy": "RestartContainer"},
                       {"resourceName": "memory", "restartPolicy": "RestartContainer"}]),
                "Never",
            ),
            vec![("resizePolicy", Invalid, never)],
        ),
        (
            "ValidMemoryCPUPolicyWithPodRestartPolicy",
            job(
                json!([{"resourceName": "cpu", "restartPolicy": "NotRequired"},
                       {"resourceName": "memory", "restartPolicy": "NotRequired"}]),
                "Never",
            ),
            vec![],
        ),
        (
            "init containers may carry a resize policy (AllowSidecarResizePolicy)",
            job_with_spec(json!({"initContainers": [{"name": "init", "image": "i",
                "resizePolicy": [{"resourceName": "cpu", "restartPolicy": "NotRequired"}]}]})),
            vec![],
        ),
    ];
    run(rows, C0);
}

/// `validatePodResourceClaims` and `validateResourceClaimNames` rows from
/// reading `validation.go`.
#[test]
fn resource_claim_rows() {
    let job = |claims: Value, ctr_claims: Value| {
        job_with_spec(json!({"resourceClaims": claims,
            "containers": [{"name": "ctr", "image": "i", "resources": {"claims": ctr_claims}}]}))
    };
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "valid",
            job(
                json!([{"name": "my-claim", "resourceClaimName": "c"},
                       {"name": "other", "resourceClaimTemplateName": "t"}]),
                json!([{"name": "my-claim"}, {"name": "other", "request": "req-1"}]),
            ),
            vec![],
        ),
        (
            "both names",
            job(
                json!([{"name": "my-claim", "resourceClaimName": "c", "resourceClaimTemplateName": "t"}]),
                json!([]),
            ),
            vec![(
                "resourceClaims[0]",
                Invalid,
                r#"Invalid value: {"name":"my-claim","resourceClaimName":"c","resourceClaimTemplateName":"t"}: at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified"#,
            )],
        ),
        (
            "no name, no source, bad source name",
            job(
                json!([{}, {"name": "x", "resourceClaimName": "Bad"}]),
                json!([]),
            ),
            vec![
                ("resourceClaims[0].name", Required, ""),
                (
                    "resourceClaims[0]",
                    Invalid,
                    "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`",
                ),
                (
                    "resourceClaims[1].resourceClaimName",
                    Invalid,
                    "Invalid value: \"Bad\": a lowercase RFC 1123 subdomain",
                ),
            ],
        ),
        (
            "duplicate and invalid claim names",
            job(
                json!([{"name": "a", "resourceClaimName": "c"}, {"name": "a", "resourceClaimName": "c"},
                       {"name": "B", "resourceClaimName": "c"}]),
                json!([]),
            ),
            vec![
                (
                    "resourceClaims[1].name",
                    Duplicate,
                    "Duplicate value: \"a\"",
                ),
                (
                    "resourceClaims[2].name",
                    Invalid,
                    "Invalid value: \"B\": a lowercase RFC 1123 label",
                ),
            ],
        ),
        (
            "container claims: unknown, duplicate, overlapping request, bad request",
            job(
                json!([{"name": "a", "resourceClaimName": "c"}]),
                json!([{"name": "a", "request": "r"}, {"name": "a"}, {"name": "b"}, {"name": "a", "request": "Bad_R"}]),
            ),
            vec![
                (
                    "containers[0].resources.claims[1]",
                    Duplicate,
                    "Duplicate value: \"a\"",
                ),
                (
                    "containers[0].resources.claims[2]",
                    NotFound,
                    "Not found: \"b\": must be one of the names in pod.spec.resourceClaims: a",
                ),
                (
                    "containers[0].resources.claims[3]",
                    Duplicate,
                    "Duplicate value: \"a\"",
                ),
            ],
        ),
    ];
    run(rows, SPEC);
}

/// `ValidatePodSpecificAnnotations` rows from reading `validation.go` (the
/// pod-deletion-cost values of `TestValidatePodDeletionCostAnnotation`-style
/// inputs).
#[test]
fn pod_annotation_rows() {
    let job = |annotations: Value, node_name: Option<&str>| {
        let mut j = json!({
            "apiVersion": "batch/v1", "kind": "Job",
            "metadata": {"name": "pi", "namespace": "default"},
            "spec": {"template": {"metadata": {"annotations": annotations},
                "spec": {"restartPolicy": "Never", "containers": [{"name": "ctr", "image": "i"}]}}}
        });
        if let Some(n) = node_name {
            j["spec"]["template"]["spec"]["nodeName"] = json!(n);
        }
        serde_json::from_value::<Job>(j).unwrap_or_else(|e| panic!("bad test manifest: {e}"))
    };
    let cost = |v: &str| {
        job(
            json!({"controller.kubernetes.io/pod-deletion-cost": v}),
            None,
        )
    };
    let cost_err = |_: &str| {
        vec![(
            "[controller.kubernetes.io/pod-deletion-cost]",
            Invalid,
            "must be a 32bit integer",
        )]
    };
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        ("deletion cost 10", cost("10"), vec![]),
        ("deletion cost -10", cost("-10"), vec![]),
        ("deletion cost 0", cost("0"), vec![]),
        ("deletion cost 2147483647", cost("2147483647"), vec![]),
        ("deletion cost +10", cost("+10"), cost_err("+10")),
        ("deletion cost 008", cost("008"), cost_err("008")),
        ("deletion cost abc", cost("abc"), cost_err("abc")),
        (
            "deletion cost 2147483648",
            cost("2147483648"),
            cost_err("2147483648"),
        ),
        ("deletion cost empty", cost(""), cost_err("")),
        (
            "tolerations annotation: valid, empty, null and []",
            job(json!({"scheduler.alpha.kubernetes.io/tolerations": r#"[{"key":"foo","operator":"Exists","effect":"NoSchedule"}, {"key":"bar","value":"v","effect":"NoExecute","tolerationSeconds":30}]"#}), None),
            vec![],
        ),
        ("tolerations annotation empty", job(json!({"scheduler.alpha.kubernetes.io/tolerations": ""}), None), vec![]),
        ("tolerations annotation null", job(json!({"scheduler.alpha.kubernetes.io/tolerations": " null "}), None), vec![]),
        ("tolerations annotation []", job(json!({"scheduler.alpha.kubernetes.io/tolerations": "[]"}), None), vec![]),
        (
            "tolerations annotation: truncated JSON",
            job(json!({"scheduler.alpha.kubernetes.io/tolerations": r#"[{"key":"#}), None),
            vec![(
                "",
                Invalid,
                r#"Invalid value: "scheduler.alpha.kubernetes.io/tolerations": unexpected end of JSON input"#,
            )],
        ),
        (
            "tolerations annotation: not JSON",
            job(json!({"scheduler.alpha.kubernetes.io/tolerations": "key=foo"}), None),
            vec![(
                "",
                Invalid,
                r#"Invalid value: "scheduler.alpha.kubernetes.io/tolerations": invalid character 'k' looking for beginning of value"#,
            )],
        ),
        (
            "tolerations annotation: wrong type",
            job(json!({"scheduler.alpha.kubernetes.io/tolerations": r#"[{"key":"foo","tolerationSeconds":"10"}]"#}), None),
            vec![(
                "",
                Invalid,
                "json: cannot unmarshal string into Go struct field Toleration.tolerationSeconds of type int64",
            )],
        ),
        (
            "tolerations annotation: invalid tolerations (ValidateTolerations under the annotation key)",
            job(
                json!({"scheduler.alpha.kubernetes.io/tolerations": r#"[{"operator":"Equal","value":"bar"},{"key":"foo","operator":"Exists","value":"bar","tolerationSeconds":10,"effect":"NoSchedule"}]"#}),
                None,
            ),
            vec![
                (
                    "scheduler.alpha.kubernetes.io/tolerations[0].operator",
                    Invalid,
                    "operator must be Exists when `key` is empty",
                ),
                (
                    "scheduler.alpha.kubernetes.io/tolerations[1].effect",
                    Invalid,
                    r#"Invalid value: "NoSchedule": effect must be 'NoExecute' when `tolerationSeconds` is set"#,
                ),
                (
                    "scheduler.alpha.kubernetes.io/tolerations[1].operator",
                    Invalid,
                    r#"Invalid value: "bar": value must be empty when `operator` is 'Exists'"#,
                ),
            ],
        ),
        (
            "mirror pod annotation without nodeName",
            job(json!({"kubernetes.io/config.mirror": "x"}), None),
            vec![(
                "[kubernetes.io/config.mirror]",
                Invalid,
                "Invalid value: \"x\": must set spec.nodeName if mirror pod annotation is set",
            )],
        ),
        (
            "mirror pod annotation with nodeName",
            job(json!({"kubernetes.io/config.mirror": "x"}), Some("node-1")),
            vec![],
        ),
        (
            "seccomp profiles",
            job(
                json!({
                    "seccomp.security.alpha.kubernetes.io/pod": "runtime/default",
                    "container.seccomp.security.alpha.kubernetes.io/a": "unconfined",
                    "container.seccomp.security.alpha.kubernetes.io/b": "docker/default",
                    "container.seccomp.security.alpha.kubernetes.io/c": "localhost/profile.json"
                }),
                None,
            ),
            vec![],
        ),
        (
            "bad seccomp profiles",
            job(
                json!({
                    "seccomp.security.alpha.kubernetes.io/pod": "foo",
                    "container.seccomp.security.alpha.kubernetes.io/a": "localhost//abs",
                    "container.seccomp.security.alpha.kubernetes.io/b": "localhost/../x"
                }),
                None,
            ),
            vec![
                (
                    "seccomp.security.alpha.kubernetes.io/pod",
                    Invalid,
                    "Invalid value: \"foo\": must be a valid seccomp profile",
                ),
                (
                    "container.seccomp.security.alpha.kubernetes.io/a",
                    Invalid,
                    "Invalid value: \"/abs\": must be a relative path",
                ),
                (
                    "container.seccomp.security.alpha.kubernetes.io/b",
                    Invalid,
                    "Invalid value: \"../x\": must not contain '..'",
                ),
            ],
        ),
    ];
    run(rows, "spec.template.annotations");
}

/// `validateTopologySpreadConstraints` rows from reading `validation.go`
/// (`TestValidateTopologySpreadConstraints` checks paths and types).
#[test]
fn topology_spread_rows() {
    let t = |c: Value| job_with_spec(json!({ "topologySpreadConstraints": c }));
    let zone = |extra: Value| {
        let mut c = json!({"maxSkew": 1, "topologyKey": "k8s.io/zone", "whenUnsatisfiable": "DoNotSchedule"});
        if let (Some(b), Some(e)) = (c.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                b.insert(k.clone(), v.clone());
            }
        }
        c
    };
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "all fields valid",
            t(json!([zone(json!({"labelSelector": {"matchLabels": {"a": "b"}}, "matchLabelKeys": ["foo"],
                "minDomains": 3, "nodeAffinityPolicy": "Honor", "nodeTaintsPolicy": "Ignore"})),
                zone(json!({"whenUnsatisfiable": "ScheduleAnyway"}))])),
            vec![],
        ),
        (
            "invalid MaxSkew",
            t(json!([zone(json!({"maxSkew": 0}))])),
            vec![(
                "topologySpreadConstraints[0].maxSkew",
                Invalid,
                "Invalid value: 0: must be greater than zero",
            )],
        ),
        (
            "empty topologyKey",
            t(json!([zone(json!({"topologyKey": ""}))])),
            vec![("topologySpreadConstraints[0].topologyKey", Required, "can not be empty")],
        ),
        (
            "unsupported whenUnsatisfiable",
            t(json!([zone(json!({"whenUnsatisfiable": "N/A"}))])),
            vec![(
                "topologySpreadConstraints[0].whenUnsatisfiable",
                NotSupported,
                r#"Unsupported value: "N/A": supported values: "DoNotSchedule", "ScheduleAnyway""#,
            )],
        ),
        (
            "duplicate constraints",
            t(json!([zone(json!({})), zone(json!({"maxSkew": 2}))])),
            vec![(
                "topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}",
                Duplicate,
                "Duplicate value: \"{k8s.io/zone, DoNotSchedule}\"",
            )],
        ),
        (
            "minDomains 0 with ScheduleAnyway",
            t(json!([zone(json!({"minDomains": 0, "whenUnsatisfiable": "ScheduleAnyway"}))])),
            vec![
                ("topologySpreadConstraints[0].minDomains", Invalid, "Invalid value: 0: must be greater than zero"),
                (
                    "topologySpreadConstraints[0].minDomains",
                    Invalid,
                    "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway",
                ),
            ],
        ),
        (
            "unsupported node inclusion policies",
            t(json!([zone(json!({"nodeAffinityPolicy": "Foo", "nodeTaintsPolicy": "Bar"}))])),
            vec![
                (
                    "topologySpreadConstraints[0].nodeAffinityPolicy",
                    NotSupported,
                    r#"Unsupported value: "Foo": supported values: "Honor", "Ignore""#,
                ),
                ("topologySpreadConstraints[0].nodeTaintsPolicy", NotSupported, "\"Bar\""),
            ],
        ),
        (
            "matchLabelKeys without labelSelector",
            t(json!([zone(json!({"matchLabelKeys": ["foo"]}))])),
            vec![(
                "topologySpreadConstraints[0].matchLabelKeys",
                Forbidden,
                "must not be specified when labelSelector is not set",
            )],
        ),
        (
            "matchLabelKeys also in labelSelector, and invalid",
            t(json!([zone(json!({"matchLabelKeys": ["foo", "a/b/c"],
                "labelSelector": {"matchExpressions": [{"key": "foo", "operator": "Exists"}]}}))])),
            vec![
                (
                    "topologySpreadConstraints[0].matchLabelKeys[0]",
                    Invalid,
                    "Invalid value: \"foo\": exists in both matchLabelKeys and labelSelector",
                ),
                ("topologySpreadConstraints[0].matchLabelKeys[1]", Invalid, "Invalid value: \"a/b/c\""),
            ],
        ),
        (
            "invalid labelSelector",
            t(json!([zone(json!({"labelSelector": {"matchLabels": {"a": "-b-"}}}))])),
            vec![(
                "topologySpreadConstraints[0].labelSelector.matchLabels",
                Invalid,
                "Invalid value: \"-b-\"",
            )],
        ),
    ];
    run(rows, SPEC);
}

/// `validateOS` / `validateLinux` / `validateWindows` rows from reading
/// `validation.go` (`TestValidateOSFields` names the same fields).
#[test]
fn os_rows() {
    let s = job_with_spec;
    let forbid = "cannot be set for a windows pod";
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        ("linux", s(json!({"os": {"name": "linux"}})), vec![]),
        ("windows", s(json!({"os": {"name": "windows"}})), vec![]),
        (
            "empty os name",
            s(json!({"os": {"name": ""}})),
            vec![("os.name", Required, "cannot be empty")],
        ),
        (
            "unsupported os",
            s(json!({"os": {"name": "mac"}})),
            vec![(
                "os",
                NotSupported,
                r#"Unsupported value: "mac": supported values: "linux", "windows""#,
            )],
        ),
        (
            "windows options in a linux pod",
            s(json!({"os": {"name": "linux"},
                "securityContext": {"windowsOptions": {"runAsUserName": "u"}},
                "initContainers": [{"name": "i", "image": "i", "securityContext": {"windowsOptions": {}}}],
                "containers": [{"name": "c", "image": "i", "securityContext": {"windowsOptions": {}}}]})),
            vec![
                (
                    "securityContext.windowsOptions",
                    Forbidden,
                    "windows options cannot be set for a linux pod",
                ),
                (
                    "initContainers[0].securityContext.windowsOptions",
                    Forbidden,
                    "windows options cannot be set for a linux pod",
                ),
                (
                    "containers[0].securityContext.windowsOptions",
                    Forbidden,
                    "windows options cannot be set for a linux pod",
                ),
            ],
        ),
        (
            "linux-only fields in a windows pod",
            s(
                json!({"os": {"name": "windows"}, "hostPID": true, "hostUsers": false,
                "securityContext": {"runAsUser": 1000, "seccompProfile": {"type": "RuntimeDefault"}, "sysctls": [{"name": "a", "value": "b"}]},
                "containers": [{"name": "c", "image": "i", "securityContext": {"privileged": false, "runAsUser": 0}}]}),
            ),
            vec![
                // validateHostUsers runs before validateOS.
                ("HostPID", Forbidden, "when `pod.Spec.HostUsers` is false"),
                ("hostUsers", Forbidden, forbid),
                ("hostPID", Forbidden, forbid),
                ("securityContext.seccompProfile", Forbidden, forbid),
                ("securityContext.sysctls", Forbidden, forbid),
                ("securityContext.runAsUser", Forbidden, forbid),
                (
                    "containers[0].securityContext.privileged",
                    Forbidden,
                    forbid,
                ),
                ("containers[0].securityContext.runAsUser", Forbidden, forbid),
            ],
        ),
    ];
    run(rows, SPEC);
}

/// `validateAffinity` rows (the affinity rows of `TestValidatePod`; errors
/// completed from reading `validation.go`).
#[test]
fn affinity_rows() {
    let a = |affinity: Value| job_with_spec(json!({ "affinity": affinity }));
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "serialized node affinity requirements",
            a(json!({"nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{
                    "matchExpressions": [{"key": "key2", "operator": "In", "values": ["value1", "value2"]}],
                    "matchFields": [{"key": "metadata.name", "operator": "In", "values": ["host1"]}]}]},
                "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 10,
                    "preference": {"matchExpressions": [{"key": "foo", "operator": "In", "values": ["bar"]}]}}]}})),
            vec![],
        ),
        (
            "serialized pod affinity and anti-affinity",
            a(json!({
                "podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{
                    "labelSelector": {"matchExpressions": [{"key": "key2", "operator": "In", "values": ["value1", "value2"]}]},
                    "topologyKey": "zone", "namespaces": ["ns"],
                    "namespaceSelector": {"matchExpressions": [{"key": "key", "operator": "In", "values": ["value1", "value2"]}]}}],
                    "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 10, "podAffinityTerm": {
                        "labelSelector": {"matchExpressions": [{"key": "key2", "operator": "NotIn", "values": ["value1", "value2"]}]},
                        "namespaces": ["ns"], "topologyKey": "region"}}]},
                "podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{
                    "labelSelector": {"matchExpressions": [{"key": "key2", "operator": "Exists"}]},
                    "topologyKey": "zone", "namespaces": ["ns"]}]}})),
            vec![],
        ),
        (
            "no node selector terms",
            a(json!({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": []}}})),
            vec![(
                "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms",
                Required,
                "must have at least one node selector term",
            )],
        ),
        (
            "invalid requirement operator, values and key",
            a(json!({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{
                "matchExpressions": [
                    {"key": "key1", "operator": "Equals", "values": ["v"]},
                    {"key": "key2", "operator": "In"},
                    {"key": "key3", "operator": "Exists", "values": ["x"]},
                    {"key": "key4", "operator": "Gt", "values": ["1", "2"]},
                    {"key": "a/b/c", "operator": "In", "values": ["-bad-"]}
                ]}]}}})),
            vec![
                (
                    "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator",
                    Invalid,
                    "Invalid value: \"Equals\": not a valid selector operator",
                ),
                (
                    "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].values",
                    Required,
                    "must be specified when `operator` is 'In' or 'NotIn'",
                ),
                (
                    "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[2].values",
                    Forbidden,
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                ),
                (
                    "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[3].values",
                    Required,
                    "must be specified single value when `operator` is 'Lt' or 'Gt'",
                ),
                (
                    "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[4].key",
                    Invalid,
                    "Invalid value: \"a/b/c\"",
                ),
                (
                    "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[4].values[0]",
                    Invalid,
                    "Invalid value: \"-bad-\"",
                ),
            ],
        ),
        (
            "invalid field selector",
            a(json!({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{
                "matchFields": [
                    {"key": "metadata.name", "operator": "In", "values": ["host1", "host2"]},
                    {"key": "metadata.namespace", "operator": "Exists"},
                    {"key": "metadata.name", "operator": "NotIn", "values": ["Bad Host"]}
                ]}]}}})),
            vec![
                (
                    "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values",
                    Required,
                    "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
                ),
                (
                    "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[1].operator",
                    Invalid,
                    "not a valid selector operator",
                ),
                (
                    "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[1].key",
                    Invalid,
                    "Invalid value: \"metadata.namespace\": not a valid field selector key",
                ),
                (
                    "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[2].values[0]",
                    Invalid,
                    "Invalid value: \"Bad Host\": a lowercase RFC 1123 subdomain",
                ),
            ],
        ),
        (
            "preferred weight out of range; invalid values allowed there",
            a(json!({"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 199,
                "preference": {"matchExpressions": [{"key": "foo", "operator": "In", "values": ["-bad-"]}]}}]}})),
            vec![(
                "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight",
                Invalid,
                "Invalid value: 199: must be in the range 1-100",
            )],
        ),
        (
            "pod affinity term: empty topologyKey, bad namespace, bad selector",
            a(json!({"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{
                "labelSelector": {"matchLabels": {"a": "-b-"}}, "namespaces": ["Bad_NS"], "topologyKey": ""}]}})),
            vec![
                (
                    "affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels",
                    Invalid,
                    "Invalid value: \"-b-\"",
                ),
                (
                    "affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace",
                    Invalid,
                    "Invalid value: \"Bad_NS\": a lowercase RFC 1123 label",
                ),
                (
                    "affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey",
                    Required,
                    "can not be empty",
                ),
                (
                    "affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey",
                    Invalid,
                    "name part must be non-empty",
                ),
                (
                    "affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey",
                    Invalid,
                    "name part must consist of alphanumeric characters",
                ),
            ],
        ),
        (
            "anti-affinity weight and match/mismatch label keys",
            a(json!({"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 0,
                "podAffinityTerm": {"topologyKey": "zone",
                    "labelSelector": {"matchLabels": {"k": "v"}, "matchExpressions": [{"key": "k", "operator": "Exists"}]},
                    "matchLabelKeys": ["k"], "mismatchLabelKeys": ["k"]}}]}})),
            vec![
                (
                    "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight",
                    Invalid,
                    "Invalid value: 0: must be in the range 1-100",
                ),
                (
                    "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm[0]",
                    Invalid,
                    "Invalid value: \"k\": exists in both matchLabelKeys and labelSelector",
                ),
                (
                    "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.matchLabelKeys[0]",
                    Invalid,
                    "exists in both matchLabelKeys and mismatchLabelKeys",
                ),
            ],
        ),
    ];
    run(rows, SPEC);
}

/// Security-context rows of `TestValidatePodSpec` / `TestValidateSecurityContext`
/// (errors completed from reading `validation.go`). Not run: the privileged
/// rows (they depend on the API server's `--allow-privileged`).
#[test]
fn security_context_rows() {
    let s = job_with_spec;
    let range = "must be between 0 and 4294967295, inclusive";
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "populate RunAsUser SupplementalGroups FSGroup with minID 0 and max",
            s(json!({"securityContext": {"supplementalGroups": [0, 4294967295u64], "runAsUser": 0, "fsGroup": 4294967295u64,
                "fsGroupChangePolicy": "Always", "sysctls": [{"name": "kernel.shm_rmid_forced", "value": "1"}, {"name": "net/ipv4/ip_forward", "value": "1"}]},
                "shareProcessNamespace": true, "hostIPC": false})),
            vec![],
        ),
        (
            "bad ids",
            s(json!({"securityContext": {"supplementalGroups": [-1, 1234], "runAsUser": 4294967296u64, "runAsGroup": -1, "fsGroup": -1}})),
            vec![
                ("securityContext.fsGroup", Invalid, range),
                ("securityContext.runAsUser", Invalid, "Invalid value: 4294967296"),
                ("securityContext.runAsGroup", Invalid, range),
                ("securityContext.supplementalGroups[0]", Invalid, "Invalid value: -1"),
            ],
        ),
        (
            "ShareProcessNamespace and HostPID both set",
            s(json!({"hostPID": true, "shareProcessNamespace": true})),
            vec![(
                "securityContext.shareProcessNamespace",
                Invalid,
                "Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled",
            )],
        ),
        (
            "bad and duplicate sysctls, namespaced sysctls on host namespaces",
            s(json!({"hostNetwork": true, "hostIPC": true, "securityContext": {"sysctls": [
                {"name": "", "value": "1"}, {"name": "Kernel.X", "value": "1"},
                {"name": "net.ipv4.ip_forward", "value": "1"}, {"name": "net.ipv4.ip_forward", "value": "1"},
                {"name": "kernel.msgmax", "value": "1"}]}})),
            vec![
                ("securityContext.sysctls[0].name", Required, ""),
                ("securityContext.sysctls[1].name", Invalid, "must have at most 253 characters and match regex"),
                ("securityContext.sysctls[2].name", Invalid, "may not be specified when 'hostNetwork' is true"),
                ("securityContext.sysctls[3].name", Duplicate, "Duplicate value: \"net.ipv4.ip_forward\""),
                ("securityContext.sysctls[3].name", Invalid, "may not be specified when 'hostNetwork' is true"),
                ("securityContext.sysctls[4].name", Invalid, "may not be specified when 'hostIPC' is true"),
            ],
        ),
        (
            "bad invalid fsgroupchangepolicy",
            s(json!({"securityContext": {"fsGroupChangePolicy": "invalid"}})),
            vec![(
                "securityContext.fsGroupChangePolicy",
                NotSupported,
                r#"Unsupported value: "invalid": supported values: "Always", "OnRootMismatch""#,
            )],
        ),
        (
            "supplementalGroupsPolicy Merge/Strict and seLinuxChangePolicy Recursive are valid",
            s(json!({"securityContext": {"supplementalGroupsPolicy": "Strict", "seLinuxChangePolicy": "Recursive"}})),
            vec![],
        ),
        (
            "bad supplementalGroupsPolicy; seLinuxChangePolicy MountOption needs the SELinuxMount gate",
            s(json!({"securityContext": {"supplementalGroupsPolicy": "Foo", "seLinuxChangePolicy": "MountOption"}})),
            vec![
                (
                    "securityContext.supplementalGroupsPolicy",
                    NotSupported,
                    r#"Unsupported value: "Foo": supported values: "Merge", "Strict""#,
                ),
                (
                    "securityContext.seLinuxChangePolicy",
                    NotSupported,
                    r#"Unsupported value: "MountOption": supported values: "Recursive""#,
                ),
            ],
        ),
        (
            "bad empty fsgroupchangepolicy",
            s(json!({"securityContext": {"fsGroupChangePolicy": ""}})),
            vec![("securityContext.fsGroupChangePolicy", NotSupported, "Unsupported value: \"\"")],
        ),
        (
            "seccomp profiles",
            s(json!({"securityContext": {"seccompProfile": {"type": "Localhost"}},
                "containers": [{"name": "c", "image": "i", "securityContext": {"seccompProfile": {"type": "RuntimeDefault", "localhostProfile": "x.json"}}},
                               {"name": "d", "image": "i", "securityContext": {"seccompProfile": {"type": "Foo"}}}]})),
            vec![
                ("containers[0].securityContext.seccompProfile.localhostProfile", Invalid, "can only be set when seccomp type is Localhost"),
                (
                    "containers[1].securityContext.seccompProfile.type",
                    NotSupported,
                    r#"supported values: "Localhost", "RuntimeDefault", "Unconfined""#,
                ),
                ("securityContext.seccompProfile.localhostProfile", Required, "must be set when seccomp type is Localhost"),
            ],
        ),
        (
            "apparmor profiles",
            s(json!({"securityContext": {"appArmorProfile": {"type": "Localhost", "localhostProfile": " x "}},
                "containers": [{"name": "c", "image": "i", "securityContext": {"appArmorProfile": {}}}]})),
            vec![
                ("containers[0].securityContext.appArmorProfile.type", Required, "type is required when appArmorProfile is set"),
                ("securityContext.appArmorProfile.localhostProfile", Invalid, "must not be padded with whitespace"),
            ],
        ),
        (
            "container ids, procMount, privilege escalation",
            s(json!({"containers": [{"name": "c", "image": "i", "securityContext": {
                "runAsUser": -1, "procMount": "Unmasked", "allowPrivilegeEscalation": false,
                "capabilities": {"add": ["CAP_SYS_ADMIN"]}}}]})),
            vec![
                ("containers[0].securityContext.runAsUser", Invalid, range),
                (
                    "containers[0].securityContext.procMount",
                    Invalid,
                    "Invalid value: \"Unmasked\": `hostUsers` must be false to use `Unmasked`",
                ),
                (
                    "containers[0].securityContext",
                    Invalid,
                    "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN",
                ),
            ],
        ),
        (
            "Unmasked procMount with hostUsers false; bad procMount",
            s(json!({"hostUsers": false, "containers": [
                {"name": "c", "image": "i", "securityContext": {"procMount": "Unmasked"}},
                {"name": "d", "image": "i", "securityContext": {"procMount": "Masked"}}]})),
            vec![(
                "containers[1].securityContext.procMount",
                NotSupported,
                r#"Unsupported value: "Masked": supported values: "Default", "Unmasked""#,
            )],
        ),
        (
            "hostUsers false with host namespaces",
            s(json!({"hostUsers": false, "hostNetwork": true, "hostPID": true, "hostIPC": true})),
            vec![
                ("hostNetwork", Forbidden, "when `pod.Spec.HostUsers` is false"),
                ("HostPID", Forbidden, "when `pod.Spec.HostUsers` is false"),
                ("HostIPC", Forbidden, "when `pod.Spec.HostUsers` is false"),
            ],
        ),
    ];
    run(rows, SPEC);
}

/// AppArmor annotations (`ValidateAppArmorPodAnnotations`) and the
/// annotation/field agreement of `TestValidatePodTemplateSpecSeccomp` and
/// `validateAppArmorAnnotationsAndFieldsMatchOnCreate`.
#[test]
fn annotation_field_match_rows() {
    let job = |annotations: Value, spec: Value| {
        let mut base =
            json!({"restartPolicy": "Never", "containers": [{"name": "test1", "image": "i"}]});
        if let (Some(b), Some(p)) = (base.as_object_mut(), spec.as_object()) {
            for (k, v) in p {
                b.insert(k.clone(), v.clone());
            }
        }
        let j = json!({"apiVersion": "batch/v1", "kind": "Job",
            "metadata": {"name": "pi", "namespace": "default"},
            "spec": {"template": {"metadata": {"annotations": annotations}, "spec": base}}});
        serde_json::from_value::<Job>(j).unwrap_or_else(|e| panic!("bad test manifest: {e}"))
    };
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "seccomp field and container annotation must match",
            job(json!({"container.seccomp.security.alpha.kubernetes.io/test2": "unconfined"}),
                json!({"containers": [{"name": "test1", "image": "i"},
                    {"name": "test2", "image": "i", "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}}]})),
            vec![(
                "spec.template.spec.containers[1].securityContext.seccompProfile.type",
                Forbidden,
                "seccomp type in annotation and field must match",
            )],
        ),
        (
            "seccomp field and pod annotation must match",
            job(json!({"seccomp.security.alpha.kubernetes.io/pod": "runtime/default"}),
                json!({"securityContext": {"seccompProfile": {"type": "Unconfined"}}})),
            vec![(
                "spec.template.spec.securityContext.seccompProfile.type",
                Forbidden,
                "seccomp type in annotation and field must match",
            )],
        ),
        (
            "init seccomp field and container annotation must match",
            job(json!({"container.seccomp.security.alpha.kubernetes.io/init-test": "unconfined"}),
                json!({"initContainers": [{"name": "init-test", "image": "i",
                    "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}}]})),
            vec![(
                "spec.template.spec.initContainers[0].securityContext.seccompProfile.type",
                Forbidden,
                "seccomp type in annotation and field must match",
            )],
        ),
        (
            "seccomp localhost profile must match",
            job(json!({"seccomp.security.alpha.kubernetes.io/pod": "localhost/test.json"}),
                json!({"securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "different.json"}}})),
            vec![(
                "spec.template.spec.securityContext.seccompProfile.localhostProfile",
                Forbidden,
                "seccomp profile in annotation and field must match",
            )],
        ),
        (
            "matching seccomp annotations and fields",
            job(json!({"seccomp.security.alpha.kubernetes.io/pod": "docker/default",
                       "container.seccomp.security.alpha.kubernetes.io/test1": "localhost/test.json"}),
                json!({"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
                    "containers": [{"name": "test1", "image": "i",
                        "securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "test.json"}}}]})),
            vec![],
        ),
        (
            "AppArmor annotations: default, localhost, unknown container, bad profile",
            job(json!({"container.apparmor.security.beta.kubernetes.io/test1": "runtime/default",
                       "container.apparmor.security.beta.kubernetes.io/other": "localhost/foo",
                       "container.apparmor.security.beta.kubernetes.io/z": "bogus"}),
                json!({"containers": [{"name": "test1", "image": "i"}, {"name": "z", "image": "i"}]})),
            vec![
                (
                    "spec.template.annotations[container.apparmor.security.beta.kubernetes.io/other]",
                    Invalid,
                    "Invalid value: \"other\": container not found",
                ),
                (
                    "spec.template.annotations[container.apparmor.security.beta.kubernetes.io/z]",
                    Invalid,
                    "Invalid value: \"bogus\": invalid AppArmor profile name: \"bogus\"",
                ),
            ],
        ),
        (
            "AppArmor field and annotation must match",
            job(json!({"container.apparmor.security.beta.kubernetes.io/test1": "unconfined"}),
                json!({"securityContext": {"appArmorProfile": {"type": "RuntimeDefault"}}})),
            vec![(
                "spec.template.spec.containers[0].securityContext.appArmorProfile.type",
                Forbidden,
                "apparmor type in annotation and field must match",
            )],
        ),
        (
            "AppArmor mismatch is not checked for windows pods",
            job(json!({"container.apparmor.security.beta.kubernetes.io/test1": "unconfined"}),
                json!({"os": {"name": "windows"}, "containers": [{"name": "test1", "image": "i",
                    "securityContext": {"appArmorProfile": {"type": "RuntimeDefault"}}}]})),
            vec![(
                "spec.template.spec.containers[0].securityContext.appArmorProfile",
                Forbidden,
                "cannot be set for a windows pod",
            )],
        ),
    ];
    run(rows, "");
}

/// `validateVolumeSource` rows (`TestValidateVolumes`-style inputs; errors
/// from reading `validation.go`, including its quirks: the "more than 1
/// volume type" error names `downwarAPI` and `cephFS`, GCE disks are checked
/// under `persistentDisk`, downward API files and projected token paths are
/// reported without the item index).
#[test]
fn volume_source_rows() {
    let v = |volumes: Value| job_with_spec(json!({ "volumes": volumes }));
    let mode = "must be a number between 0 and 0777 (octal), both inclusive";
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "valid ISCSI, eui and naa IQNs, valid initiatorName",
            v(json!([
                {"name": "a", "iscsi": {"targetPortal": "127.0.0.1", "iqn": "iqn.2015-02.example.com:test", "lun": 1, "fsType": "ext4"}},
                {"name": "b", "iscsi": {"targetPortal": "127.0.0.1", "iqn": "eui.0123456789ABCDEF", "lun": 1}},
                {"name": "c", "iscsi": {"targetPortal": "127.0.0.1", "iqn": "naa.62004567BA64678D0123456789ABCDEF", "lun": 1}},
                {"name": "d", "iscsi": {"targetPortal": "127.0.0.1", "iqn": "iqn.2015-02.example.com:test", "lun": 1, "initiatorName": "iqn.2015-02.example.com:init"}},
            ])),
            vec![],
        ),
        (
            "invalid IQN: iqn, eui and naa formats; invalid initiatorName",
            v(json!([
                {"name": "a", "iscsi": {"targetPortal": "127.0.0.1", "iqn": "iqn.2015-02.example.com:test;ls;", "lun": 1}},
                {"name": "b", "iscsi": {"targetPortal": "127.0.0.1", "iqn": "eui.0123456789ABCDEFGHIJ", "lun": 1}},
                {"name": "c", "iscsi": {"targetPortal": "127.0.0.1", "iqn": "naa.62004567BA_4-78D.123456789ABCDEF", "lun": 1}},
                {"name": "d", "iscsi": {"targetPortal": "127.0.0.1", "iqn": "iqn.2015-02.example.com:test", "lun": 1, "initiatorName": "2015-02.example.com:init"}},
                {"name": "e", "iscsi": {"targetPortal": "127.0.0.1", "iqn": "iqn.2015-02.example.com:test", "lun": 1, "initiatorName": "iqn.15-02.example.com:init"}},
            ])),
            vec![
                ("volumes[0].iscsi.iqn", Invalid, r#"Invalid value: "iqn.2015-02.example.com:test;ls;": must be valid format"#),
                ("volumes[1].iscsi.iqn", Invalid, "must be valid format"),
                ("volumes[2].iscsi.iqn", Invalid, "must be valid format"),
                ("volumes[3].iscsi.initiatorname", Invalid, "must be valid format starting with iqn, eui, or naa"),
                ("volumes[4].iscsi.initiatorname", Invalid, r#"Invalid value: "iqn.15-02.example.com:init": must be valid format"#),
            ],
        ),
        (
            "iSCSI with initiatorName: <volume name>:<targetPortal> over 64 characters, also for a second source",
            v(json!([
                {"name": "a-rather-long-volume-name-for-iscsi", "iscsi": {"targetPortal": "storage-node-01.example.com:3260", "iqn": "iqn.2015-02.example.com:test", "lun": 1, "initiatorName": "iqn.2015-02.example.com:init"}},
                {"name": "another-long-volume-name-for-iscsi", "emptyDir": {}, "iscsi": {"targetPortal": "storage-node-01.example.com:3260", "iqn": "x", "initiatorName": "iqn.2015-02.example.com:init"}},
            ])),
            vec![
                (
                    "volumes[0].name",
                    Invalid,
                    "Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.",
                ),
                ("volumes[1].iscsi", Forbidden, "may not specify more than 1 volume type"),
                ("volumes[1].name", Invalid, "Total length of <volume name>:<iscsi.targetPortal>"),
            ],
        ),
        (
            "azureDisk: blob disk (kind defaults to Shared) and managed disk",
            v(json!([
                {"name": "a", "azureDisk": {"diskName": "d", "diskURI": "https://acct.blob.core.windows.net/c/d.vhd"}},
                {"name": "b", "azureDisk": {"diskName": "d", "kind": "Managed", "cachingMode": "None",
                    "diskURI": "/subscriptions/s/resourcegroups/g/providers/microsoft.compute/disks/d"}},
            ])),
            vec![],
        ),
        (
            "azureDisk: managed-disk URI without kind (defaulted to Shared)",
            v(json!([{"name": "a", "azureDisk": {"diskName": "d", "diskURI": "/subscriptions/s/resourcegroups/g/providers/microsoft.compute/disks/d"}}])),
            vec![(
                "volumes[0].azureDisk.diskURI",
                NotSupported,
                r#"Unsupported value: "/subscriptions/s/resourcegroups/g/providers/microsoft.compute/disks/d": supported values: "https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd""#,
            )],
        ),
        (
            "azureDisk: missing names, bad cachingMode and kind",
            v(json!([{"name": "a", "azureDisk": {"cachingMode": "Fast", "kind": "Big"}},
                {"name": "b", "azureDisk": {"diskName": "d", "kind": "Managed", "diskURI": "https://x"}}])),
            vec![
                ("volumes[0].azureDisk.diskName", Required, ""),
                ("volumes[0].azureDisk.diskURI", Required, ""),
                ("volumes[0].azureDisk.cachingMode", NotSupported, r#"Unsupported value: "Fast": supported values: "None", "ReadOnly", "ReadWrite""#),
                ("volumes[0].azureDisk.kind", NotSupported, r#"Unsupported value: "Big": supported values: "Dedicated", "Managed", "Shared""#),
                ("volumes[0].azureDisk.diskURI", NotSupported, r#"Unsupported value: "": supported values: "https://"#),
                ("volumes[1].azureDisk.diskURI", NotSupported, r#"supported values: "/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}""#),
            ],
        ),
        (
            "quobyte: valid registry pairs",
            v(json!([{"name": "q", "quobyte": {"registry": "registry:7861,[::1]:7861", "volume": "vol"}}])),
            vec![],
        ),
        (
            "quobyte: registry, tenant and volume rules",
            v(json!([
                {"name": "a", "quobyte": {"volume": "vol"}},
                {"name": "b", "quobyte": {"registry": "registry:7861", "tenant": "x".repeat(65), "volume": "vol"}},
                {"name": "c", "quobyte": {"registry": "registry,a:b:7861,[::1]7861", "volume": ""}},
            ])),
            vec![
                ("volumes[0].quobyte.registry", Required, "must be a host:port pair or multiple pairs separated by commas"),
                ("volumes[1].quobyte.tenant", Required, "must be a UUID and may not exceed a length of 64 characters"),
                // one error per bad pair, all alike: the aggregate keeps one
                ("volumes[2].quobyte.registry", Invalid, r#"Invalid value: "registry,a:b:7861,[::1]7861": must be a host:port pair"#),
                ("volumes[2].quobyte.volume", Required, ""),
            ],
        ),
        (
            "image volume: no reference in a template, pullPolicy defaulted or valid",
            v(json!([{"name": "a", "image": {}}, {"name": "b", "image": {"reference": "img:1", "pullPolicy": "Never"}}])),
            vec![],
        ),
        (
            "image volume: bad pullPolicy",
            v(json!([{"name": "a", "image": {"reference": "img", "pullPolicy": "Sometimes"}}])),
            vec![(
                "volumes[0].image.pullPolicy",
                NotSupported,
                r#"Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never""#,
            )],
        ),
        (
            "valid sources",
            v(json!([
                {"name": "a", "emptyDir": {"sizeLimit": "1Gi"}},
                {"name": "b", "hostPath": {"path": "/mnt/path", "type": "Directory"}},
                {"name": "c", "secret": {"secretName": "s", "defaultMode": 420, "items": [{"key": "k", "path": "p", "mode": 256}]}},
                {"name": "d", "configMap": {"name": "cm", "items": [{"key": "k", "path": "dir/file"}]}},
                {"name": "e", "persistentVolumeClaim": {"claimName": "claim"}},
                {"name": "f", "downwardAPI": {"items": [
                    {"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}},
                    {"path": "cpu", "resourceFieldRef": {"containerName": "ctr", "resource": "limits.cpu"}}]}},
                {"name": "g", "projected": {"sources": [{"serviceAccountToken": {"path": "token"}},
                    {"configMap": {"name": "c", "items": [{"key": "k", "path": "x"}]}}]}},
                {"name": "h", "nfs": {"server": "srv", "path": "/"}},
                {"name": "i", "csi": {"driver": "d"}},
                {"name": "j", "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}}}
            ])),
            vec![],
        ),
        (
            "two sources",
            v(json!([{"name": "a", "emptyDir": {}, "hostPath": {"path": "/a"}},
                     {"name": "b", "cephfs": {"monitors": ["m"]}, "downwardAPI": {}}])),
            vec![
                ("volumes[0].hostPath", Forbidden, "may not specify more than 1 volume type"),
                ("volumes[1].downwarAPI", Forbidden, "may not specify more than 1 volume type"),
            ],
        ),
        // TestValidateVolumes runs on internal types, without defaulting. For
        // a v1 manifest the API server's SetDefaults_Volume first turns a
        // volume without a source into an emptyDir, so only the name error
        // remains.
        (
            "no source, no name",
            v(json!([{}])),
            vec![("volumes[0].name", Required, "")],
        ),
        (
            "hostPath",
            v(json!([{"name": "a", "hostPath": {"path": ""}},
                     {"name": "b", "hostPath": {"path": "/a/../b", "type": "Dir"}}])),
            vec![
                ("volumes[0].hostPath.path", Required, ""),
                ("volumes[1].hostPath.path", Invalid, "Invalid value: \"/a/../b\": must not contain '..'"),
                (
                    "volumes[1].hostPath.type",
                    NotSupported,
                    r#"Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket""#,
                ),
            ],
        ),
        (
            "secret",
            v(json!([{"name": "a", "secret": {"defaultMode": 512, "items": [
                {"path": "../x", "mode": -1}, {"key": "k", "path": "..x"}, {"key": "k", "path": "/abs"}]}}])),
            vec![
                ("volumes[0].secret.secretName", Required, ""),
                ("volumes[0].secret.defaultMode", Invalid, "Invalid value: 512: must be a number between 0 and 0777"),
                ("volumes[0].secret.items[0].key", Required, ""),
                ("volumes[0].secret.items[0].path", Invalid, "Invalid value: \"../x\": must not contain '..'"),
                ("volumes[0].secret.items[0].mode", Invalid, mode),
                ("volumes[0].secret.items[1].path", Invalid, "Invalid value: \"..x\": must not start with '..'"),
                ("volumes[0].secret.items[2].path", Invalid, "must be a relative path"),
            ],
        ),
        (
            "configMap and PVC without names",
            v(json!([{"name": "a", "configMap": {"items": [{"key": "k"}]}}, {"name": "b", "persistentVolumeClaim": {}}])),
            vec![
                ("volumes[0].configMap.name", Required, ""),
                ("volumes[0].configMap.items[0].path", Required, ""),
                ("volumes[1].persistentVolumeClaim.claimName", Required, ""),
            ],
        ),
        (
            "downwardAPI",
            v(json!([{"name": "a", "downwardAPI": {"items": [
                {"path": "x"},
                {"path": "y", "fieldRef": {"fieldPath": "spec.nodeName"}},
                {"path": "z", "resourceFieldRef": {"resource": "limits.cpu"}},
                {"path": "w", "fieldRef": {"fieldPath": "metadata.name"}, "resourceFieldRef": {"containerName": "c", "resource": "limits.cpu"}}
            ]}}])),
            vec![
                ("volumes[0].downwardAPI", Required, "one of fieldRef and resourceFieldRef is required"),
                (
                    "volumes[0].downwardAPI.fieldRef.fieldPath",
                    NotSupported,
                    r#"Unsupported value: "spec.nodeName": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid""#,
                ),
                ("volumes[0].downwardAPI.resourceFieldRef.containerName", Required, ""),
                (
                    "volumes[0].downwardAPI",
                    Invalid,
                    "Invalid value: \"resource\": fieldRef and resourceFieldRef can not be specified simultaneously",
                ),
            ],
        ),
        (
            "projected",
            v(json!([{"name": "a", "projected": {"sources": [
                {"serviceAccountToken": {"expirationSeconds": 60}},
                {"secret": {"name": "s", "items": [{"key": "k", "path": "same"}]}},
                {"configMap": {"name": "c", "items": [{"key": "k", "path": "same"}]}, "secret": {"name": "s2"}}
            ]}}])),
            vec![
                (
                    "volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds",
                    Invalid,
                    "Invalid value: 60: may not specify a duration less than 10 minutes",
                ),
                ("volumes[0].projected.path", Required, ""),
                ("volumes[0].projected", Invalid, "Invalid value: \"c\": conflicting duplicate paths"),
                (
                    "volumes[0].projected.sources[2]",
                    Forbidden,
                    "may not specify more than 1 volume type per source",
                ),
            ],
        ),
        (
            "emptyDir negative sizeLimit, nfs relative path, GCE disk",
            v(json!([{"name": "a", "emptyDir": {"sizeLimit": "-1"}},
                     {"name": "b", "nfs": {"server": "s", "path": "rel"}},
                     {"name": "c", "gcePersistentDisk": {"partition": 300}}])),
            vec![
                ("volumes[0].emptyDir.sizeLimit", Forbidden, "SizeLimit field must be a valid resource quantity"),
                ("volumes[1].nfs.path", Invalid, "Invalid value: \"rel\": must be an absolute path"),
                ("volumes[2].persistentDisk.pdName", Required, ""),
                ("volumes[2].persistentDisk.partition", Invalid, "Invalid value: 300: must be between 1 and 255, inclusive"),
            ],
        ),
    ];
    run(rows, SPEC);
}

/// The hostAliases hostname rows of `TestValidatePodSpec` and overhead
/// (`validateOverhead`).
#[test]
fn host_alias_and_overhead_rows() {
    let s = job_with_spec;
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "populate HostAliases with `foo.bar` hostnames",
            s(
                json!({"hostAliases": [{"ip": "12.34.56.78", "hostnames": ["host1.foo", "host2.bar"]}]}),
            ),
            vec![],
        ),
        (
            "with hostAliases with invalid IP",
            s(json!({"hostAliases": [{"ip": "999.999.999.999", "hostnames": ["host1", "host2"]}]})),
            vec![(
                "hostAliases[0].ip",
                Invalid,
                r#"Invalid value: "999.999.999.999": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"#,
            )],
        ),
        (
            "hostAliases: missing IP and bad hostname, IP reported first",
            s(json!({"hostAliases": [{"ip": "::1", "hostnames": ["ok"]}, {"hostnames": ["Bad"]}]})),
            vec![
                (
                    "hostAliases[1].ip",
                    Invalid,
                    r#"Invalid value: "": must be a valid IP address"#,
                ),
                (
                    "hostAliases[1].hostnames[0]",
                    Invalid,
                    "a lowercase RFC 1123 subdomain",
                ),
            ],
        ),
        (
            "with hostAliases with invalid hostname",
            s(json!({"hostAliases": [{"ip": "12.34.56.78", "hostnames": ["@#$^#@#$"]}]})),
            vec![(
                "hostAliases[0].hostnames[0]",
                Invalid,
                "Invalid value: \"@#$^#@#$\": a lowercase RFC 1123 subdomain",
            )],
        ),
        (
            "populate Overhead",
            s(json!({"overhead": {"cpu": "250m", "memory": "120Mi"}})),
            vec![],
        ),
        (
            "bad overhead",
            s(json!({"overhead": {"cpu": "-1", "disk": "1"}})),
            vec![
                (
                    "overhead.limits[cpu]",
                    Invalid,
                    "Invalid value: \"-1\": must be greater than or equal to 0",
                ),
                (
                    "overhead.limits[disk]",
                    Invalid,
                    "must be a standard resource type or fully qualified",
                ),
                (
                    "overhead.limits[disk]",
                    Invalid,
                    "must be a standard resource for containers",
                ),
            ],
        ),
    ];
    run(rows, SPEC);
}

/// `validateCSIVolumeSource` and the ephemeral volume's required claim
/// template.
#[test]
fn csi_and_ephemeral_rows() {
    let v = |volumes: Value| job_with_spec(json!({ "volumes": volumes }));
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "valid",
            v(
                json!([{"name": "a", "csi": {"driver": "Hostpath.CSI.k8s.io", "nodePublishSecretRef": {"name": "s"}}}]),
            ),
            vec![],
        ),
        (
            "bad driver and secret name; no claim template",
            v(
                json!([{"name": "a", "csi": {"driver": "", "nodePublishSecretRef": {"name": "Bad"}}},
                     {"name": "b", "csi": {"driver": "a_b", "nodePublishSecretRef": {}}},
                     {"name": "c", "ephemeral": {}}]),
            ),
            vec![
                ("volumes[0].csi.driver", Required, ""),
                (
                    "volumes[0].csi.driver",
                    Invalid,
                    "Invalid value: \"\": a lowercase RFC 1123 subdomain",
                ),
                (
                    "volumes[0].csi.name",
                    Invalid,
                    "Invalid value: \"Bad\": a lowercase RFC 1123 subdomain",
                ),
                ("volumes[1].csi.driver", Invalid, "Invalid value: \"a_b\""),
                ("volumes[1].csi.nodePublishSecretRef.name", Required, ""),
                ("volumes[2].ephemeral.volumeClaimTemplate", Required, ""),
            ],
        ),
    ];
    run(rows, SPEC);
}

/// `validateWindowsSecurityContextOptions` rows (`TestValidateWindowsSecurityContextOptions`-style
/// inputs; messages from reading `validation.go`).
#[test]
fn windows_options_rows() {
    let w = |options: Value| {
        job_with_spec(json!({"containers": [{"name": "c", "image": "i",
            "securityContext": {"windowsOptions": options}}]}))
    };
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "valid user",
            w(json!({"runAsUserName": "Container. User"})),
            vec![],
        ),
        (
            "valid NetBios domain",
            w(json!({"runAsUserName": "NT AUTHORITY\\NETWORK SERVICE"})),
            vec![],
        ),
        (
            "valid DNS domain",
            w(json!({"runAsUserName": "a.b.c\\user", "gmsaCredentialSpecName": "spec-name"})),
            vec![],
        ),
        (
            "empty user name",
            w(json!({"runAsUserName": ""})),
            vec![(
                "containers[0].securityContext.windowsOptions.runAsUserName",
                Invalid,
                "runAsUserName cannot be an empty string",
            )],
        ),
        (
            "control characters",
            w(json!({"runAsUserName": "a\u{7}b"})),
            vec![(
                "containers[0].securityContext.windowsOptions.runAsUserName",
                Invalid,
                "runAsUserName cannot contain control characters",
            )],
        ),
        (
            "two backslashes",
            w(json!({"runAsUserName": "a\\b\\c"})),
            vec![(
                "containers[0].securityContext.windowsOptions.runAsUserName",
                Invalid,
                "runAsUserName cannot contain more than one backslash",
            )],
        ),
        (
            "bad domain, dots-only user with a bad character",
            w(json!({"runAsUserName": "-bad-\\.."})),
            vec![(
                "containers[0].securityContext.windowsOptions.runAsUserName",
                Invalid,
                "runAsUserName's User cannot contain only periods or spaces",
            )],
        ),
        (
            "NetBios domain too long, empty user",
            w(json!({"runAsUserName": "a_very_long_netbios.domain_x\\"})),
            vec![
                (
                    "containers[0].securityContext.windowsOptions.runAsUserName",
                    Invalid,
                    "runAsUserName's Domain doesn't match the NetBios nor the DNS format",
                ),
                (
                    "containers[0].securityContext.windowsOptions.runAsUserName",
                    Invalid,
                    "runAsUserName's User cannot be empty",
                ),
            ],
        ),
        (
            "user with forbidden characters",
            w(json!({"runAsUserName": "us@er"})),
            vec![(
                "containers[0].securityContext.windowsOptions.runAsUserName",
                Invalid,
                "runAsUserName's User cannot contain the following characters",
            )],
        ),
        (
            "bad credential spec name, empty spec",
            w(json!({"gmsaCredentialSpecName": "Bad_Name", "gmsaCredentialSpec": ""})),
            vec![
                (
                    "containers[0].securityContext.windowsOptions.gmsaCredentialSpecName",
                    Invalid,
                    "a lowercase RFC 1123 subdomain",
                ),
                (
                    "containers[0].securityContext.windowsOptions.gmsaCredentialSpec",
                    Invalid,
                    "gmsaCredentialSpec cannot be an empty string",
                ),
            ],
        ),
    ];
    run(rows, SPEC);
}

/// `TestValidatePodResourceConsistency`, `TestValidatePodResourceNames` and
/// the pod-level rows of `TestValidateResourceRequirements`
/// (PodLevelResources is on by default).
#[test]
fn pod_level_resource_rows() {
    let pod = |resources: Value, containers: Value| {
        job_with_spec(json!({"resources": resources, "containers": containers}))
    };
    let ctr = |name: &str, key: &str, cpu: &str, mem: &str| json!({"name": name, "image": "i", "resources": {key: {"cpu": cpu, "memory": mem}}});
    let reqs = |cpu: &str, mem: &str| json!({"requests": {"cpu": cpu, "memory": mem}});
    let lims = |cpu: &str, mem: &str| json!({"limits": {"cpu": cpu, "memory": mem}});
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "aggregate container requests less than pod requests",
            pod(reqs("10", "10Mi"), json!([ctr("a", "requests", "5", "5Mi"), ctr("b", "requests", "4", "3Mi")])),
            vec![],
        ),
        (
            "aggregate container requests equal to pod requests",
            pod(reqs("10", "10Mi"), json!([ctr("a", "requests", "5", "5Mi"), ctr("b", "requests", "5", "5Mi")])),
            vec![],
        ),
        (
            "aggregate container requests greater than pod requests",
            pod(reqs("10", "10Mi"), json!([ctr("a", "requests", "6", "5Mi"), ctr("b", "requests", "8", "3Mi")])),
            vec![(
                "resources.requests[cpu]",
                Invalid,
                "Invalid value: \"10\": must be greater than or equal to aggregate container requests of 14",
            )],
        ),
        (
            "aggregate container limits greater than pod limits",
            pod(lims("10", "10Mi"), json!([ctr("a", "limits", "5", "5Mi"), ctr("b", "limits", "6", "9Mi")])),
            vec![],
        ),
        (
            "indivdual container limits greater than pod limits",
            pod(lims("10", "10Mi"), json!([ctr("a", "limits", "11", "12Mi")])),
            vec![
                (
                    "resources.containers[0][cpu].limits",
                    Invalid,
                    "Invalid value: \"11\": must be less than or equal to pod limits of 10",
                ),
                (
                    "resources.containers[0][memory].limits",
                    Invalid,
                    "Invalid value: \"12Mi\": must be less than or equal to pod limits of 10Mi",
                ),
            ],
        ),
        (
            "sidecars add up, init containers are maxed",
            job_with_spec(json!({"resources": reqs("3", "10Mi"),
                "initContainers": [
                    {"name": "side", "image": "i", "restartPolicy": "Always", "resources": {"requests": {"cpu": "1"}}},
                    {"name": "init", "image": "i", "resources": {"requests": {"cpu": "3"}}}],
                "containers": [ctr("a", "requests", "1500m", "1Mi")]})),
            vec![(
                "resources.requests[cpu]",
                Invalid,
                "Invalid value: \"3\": must be greater than or equal to aggregate container requests of 4",
            )],
        ),
        (
            "pod resource names",
            pod(json!({"limits": {"memory": "1Gi", "cpu": "1", "storage": "1", "network": "1", "my.favorite.app.co/12345": "1"}}), json!([{"name": "a", "image": "i"}])),
            vec![
                ("resources.limits[my.favorite.app.co/12345]", NotSupported, r#"supported values: "cpu", "hugepages-", "memory""#),
                ("resources.limits[network]", Invalid, "must be a standard resource type or fully qualified"),
                ("resources.limits[storage]", NotSupported, "Unsupported value: \"storage\""),
            ],
        ),
        (
            "pod resource with hugepages",
            pod(json!({"limits": {"hugepages-2Mi": "2Mi"}, "requests": {"hugepages-2Mi": "2Mi"}}), json!([{"name": "a", "image": "i"}])),
            vec![("resources", Forbidden, "HugePages require cpu or memory")],
        ),
        (
            "pod-level claims",
            pod(json!({"claims": [{"name": "c"}]}), json!([{"name": "a", "image": "i"}])),
            vec![
                ("resources.claims", Forbidden, "claims cannot be set for Resources at pod-level"),
                ("resources.claims[0]", NotFound, "\"c\""),
            ],
        ),
    ];
    run(rows, SPEC);
}

/// `TestValidateWindowsHostProcessPod` rows (the cluster-policy rows, which
/// depend on `--allow-privileged`, are not run).
#[test]
fn windows_host_process_rows() {
    let hp = |v: bool| json!({"windowsOptions": {"hostProcess": v}});
    let c = |name: &str, sc: Option<Value>| {
        let mut v = json!({"name": name, "image": "i"});
        if let Some(sc) = sc {
            v["securityContext"] = sc;
        }
        v
    };
    let s = job_with_spec;
    let all = "If pod contains any hostProcess containers then all containers must be HostProcess containers";
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "pod-wide HostProcess=true, and HostNetwork unset should not validate",
            s(json!({"securityContext": hp(true), "containers": [c("container", None)]})),
            vec![(
                "hostNetwork",
                Invalid,
                "Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers",
            )],
        ),
        (
            "pod-wide HostProcess=true, and HostNetwork set should validate",
            s(json!({"hostNetwork": true, "securityContext": hp(true), "containers": [c("container", None)]})),
            vec![],
        ),
        (
            "pod-wide HostProcess=nil, HostNetwork set, all containers HostProcess=true",
            s(json!({"hostNetwork": true, "containers": [c("container", Some(hp(true)))],
                "initContainers": [c("init", Some(hp(true)))]})),
            vec![],
        ),
        (
            "some containers HostProcess=true, others false",
            s(json!({"hostNetwork": true, "containers": [c("container", Some(hp(true)))],
                "initContainers": [c("init", Some(hp(false)))]})),
            vec![("", Invalid, all)],
        ),
        (
            "pod-wide HostProcess=true, init container sets false",
            s(json!({"hostNetwork": true, "securityContext": hp(true),
                "containers": [c("container", Some(hp(true)))],
                "initContainers": [c("init", Some(hp(false)))]})),
            vec![
                (
                    "initContainers[0].securityContext.windowsOptions.hostProcess",
                    Invalid,
                    "Invalid value: false: pod hostProcess value must be identical if both are specified, was true",
                ),
                ("", Invalid, all),
            ],
        ),
        (
            "pod-wide HostProcess=false, a container sets true",
            s(json!({"hostNetwork": true, "securityContext": hp(false),
                "containers": [c("container", Some(hp(true)))], "initContainers": [c("init", None)]})),
            vec![
                (
                    "containers[0].securityContext.windowsOptions.hostProcess",
                    Invalid,
                    "pod hostProcess value must be identical if both are specified, was false",
                ),
                ("", Invalid, all),
            ],
        ),
    ];
    run(rows, SPEC);
}

/// `ValidatePersistentVolumeClaimSpec` rows for an ephemeral volume's claim
/// template (`TestValidatePersistentVolumeClaim`-style inputs).
#[test]
fn ephemeral_claim_template_rows() {
    let e = |spec: Value| {
        job_with_spec(
            json!({"volumes": [{"name": "e", "ephemeral": {"volumeClaimTemplate": {"spec": spec}}}]}),
        )
    };
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "claim template metadata: labels and annotations only",
            job_with_spec(json!({"volumes": [{"name": "e", "ephemeral": {"volumeClaimTemplate": {
                "metadata": {"labels": {"a": "b"}, "annotations": {"x/y": "z"}, "creationTimestamp": null},
                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}}}]})),
            vec![],
        ),
        (
            "claim template metadata: bad label, other ObjectMeta fields cannot be set",
            job_with_spec(json!({"volumes": [{"name": "e", "ephemeral": {"volumeClaimTemplate": {
                "metadata": {"labels": {"a": "-b-"}, "annotations": {"Bad Key": "z"}, "name": "n", "uid": "1234",
                    "generation": 2, "finalizers": [], "namespace": ""},
                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}}}]})),
            vec![
                ("volumes[0].ephemeral.volumeClaimTemplate.metadata.annotations", Invalid, "Invalid value: \"Bad Key\": name part must consist of"),
                ("volumes[0].ephemeral.volumeClaimTemplate.metadata.labels", Invalid, "Invalid value: \"-b-\": a valid label must be"),
                ("volumes[0].ephemeral.volumeClaimTemplate.metadata.name", Forbidden, "cannot be set"),
                ("volumes[0].ephemeral.volumeClaimTemplate.metadata.uID", Forbidden, "cannot be set"),
                ("volumes[0].ephemeral.volumeClaimTemplate.metadata.generation", Forbidden, "cannot be set"),
                ("volumes[0].ephemeral.volumeClaimTemplate.metadata.finalizers", Forbidden, "cannot be set"),
            ],
        ),
        (
            "dataSource must match dataSourceRef (apiGroup \"\" is not an unset apiGroup)",
            e(json!({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
                "dataSource": {"apiGroup": "", "kind": "PersistentVolumeClaim", "name": "src"},
                "dataSourceRef": {"kind": "PersistentVolumeClaim", "name": "src"}})),
            vec![("volumes[0].ephemeral.volumeClaimTemplate.spec", Invalid, "must match dataSourceRef")],
        ),
        (
            "matching dataSource and dataSourceRef",
            e(json!({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
                "dataSource": {"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot", "name": "snap"},
                "dataSourceRef": {"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot", "name": "snap"}})),
            vec![],
        ),
        (
            "dataSource with a cross-namespace dataSourceRef",
            e(json!({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
                "dataSource": {"kind": "PersistentVolumeClaim", "name": "src"},
                "dataSourceRef": {"kind": "PersistentVolumeClaim", "name": "src", "namespace": "other"}})),
            vec![(
                "volumes[0].ephemeral.volumeClaimTemplate.spec",
                Invalid,
                "may not be specified when dataSourceRef.namespace is specified",
            )],
        ),
        (
            "valid",
            e(json!({"accessModes": ["ReadWriteOncePod"], "resources": {"requests": {"storage": "10G"}},
                "storageClassName": "fast", "volumeMode": "Block",
                "dataSource": {"kind": "PersistentVolumeClaim", "name": "src"},
                "selector": {"matchLabels": {"a": "b"}}})),
            vec![],
        ),
        (
            "missing access modes and storage",
            e(json!({})),
            vec![
                ("volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes", Required, "at least 1 access mode is required"),
                ("volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]", Required, ""),
            ],
        ),
        (
            "bad access modes, zero storage, bad class and mode",
            e(json!({"accessModes": ["ReadWriteOncePod", "ReadWriteMany", "fakemode"],
                "resources": {"requests": {"storage": "0"}}, "storageClassName": "-invalid-", "volumeMode": "fakeVolumeMode"})),
            vec![
                (
                    "volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes",
                    NotSupported,
                    r#"Unsupported value: "fakemode": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod""#,
                ),
                (
                    "volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes",
                    Forbidden,
                    "may not use ReadWriteOncePod with other access modes",
                ),
                (
                    "volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]",
                    Invalid,
                    "Invalid value: \"0\": must be greater than zero",
                ),
                ("volumes[0].ephemeral.volumeClaimTemplate.spec.storageClassName", Invalid, "Invalid value: \"-invalid-\""),
                (
                    "volumes[0].ephemeral.volumeClaimTemplate.spec.volumeMode",
                    NotSupported,
                    r#"supported values: "Block", "Filesystem""#,
                ),
            ],
        ),
        (
            "bad data sources",
            e(json!({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
                "dataSource": {"kind": "Snapshot"}, "dataSourceRef": {"kind": "X", "name": "n", "apiGroup": "Bad_Group", "namespace": "NS"}})),
            vec![
                ("volumes[0].ephemeral.volumeClaimTemplate.spec.dataSource.name", Required, ""),
                (
                    "volumes[0].ephemeral.volumeClaimTemplate.spec.dataSource",
                    Invalid,
                    "Invalid value: \"Snapshot\": must be 'PersistentVolumeClaim' when referencing the default apiGroup",
                ),
                ("volumes[0].ephemeral.volumeClaimTemplate.spec.dataSourceRef.apiGroup", Invalid, "a lowercase RFC 1123 subdomain"),
                ("volumes[0].ephemeral.volumeClaimTemplate.spec.dataSourceRef.namespace", Invalid, "a lowercase RFC 1123 label"),
                (
                    "volumes[0].ephemeral.volumeClaimTemplate.spec",
                    Invalid,
                    "may not be specified when dataSourceRef.namespace is specified",
                ),
            ],
        ),
    ];
    run(rows, SPEC);
}

/// TestValidateEphemeralContainers (validateEphemeralContainers, which
/// upstream also runs for pod templates, before the template's own
/// "not allowed" error); rows that fit a Job template.
#[test]
fn ephemeral_container_rows() {
    let forbidden = (
        "ephemeralContainers",
        Forbidden,
        "ephemeral containers not allowed in pod template",
    );
    let e = |ecs: Value| job_with_spec(json!({ "ephemeralContainers": ecs }));
    let not_allowed = "cannot be set for an Ephemeral Container";
    let rows: Vec<(&str, Job, Vec<Expected>)> = vec![
        (
            "valid: targets a container, interactive fields allowed",
            e(
                json!([{"name": "debugger", "image": "busybox", "targetContainerName": "ctr",
                "stdin": true, "tty": true, "env": [{"name": "A", "value": "b"}], "resources": {},
                "securityContext": {"runAsUser": 1000}}]),
            ),
            vec![forbidden],
        ),
        (
            "name collides with a container and another ephemeral container; bad target",
            e(
                json!([{"name": "ctr", "image": "busybox"}, {"name": "debug", "image": "busybox"},
                {"name": "debug", "image": "busybox", "targetContainerName": "debug"}]),
            ),
            vec![
                (
                    "ephemeralContainers[0].name",
                    Duplicate,
                    "Duplicate value: \"ctr\"",
                ),
                (
                    "ephemeralContainers[2].name",
                    Duplicate,
                    "Duplicate value: \"debug\"",
                ),
                (
                    "ephemeralContainers[2].targetContainerName",
                    NotFound,
                    "Not found: \"debug\"",
                ),
                forbidden,
            ],
        ),
        (
            "common container checks, image whitespace",
            e(
                json!([{"name": "Debug", "image": " busybox ", "imagePullPolicy": "Sometimes",
                "env": [{"name": "", "value": "x"}]}]),
            ),
            vec![
                (
                    "ephemeralContainers[0].name",
                    Invalid,
                    "Invalid value: \"Debug\": a lowercase RFC 1123 label",
                ),
                ("ephemeralContainers[0].env[0].name", Required, ""),
                (
                    "ephemeralContainers[0].imagePullPolicy",
                    NotSupported,
                    "Unsupported value: \"Sometimes\"",
                ),
                (
                    "ephemeralContainers[0].image",
                    Invalid,
                    "must not have leading or trailing whitespace",
                ),
                forbidden,
            ],
        ),
        (
            "disallowed fields, in field order, and subPath mounts",
            with_volume(e(json!([{"name": "debug", "image": "busybox",
                "lifecycle": {"preStop": {"exec": {"command": ["true"]}}},
                "livenessProbe": {"exec": {"command": ["true"]}},
                "readinessProbe": {"exec": {"command": ["true"]}},
                "startupProbe": {"exec": {"command": ["true"]}},
                "ports": [], "resources": {"limits": {"cpu": "1"}},
                "resizePolicy": [{"resourceName": "cpu", "restartPolicy": "NotRequired"}],
                "restartPolicy": "Always",
                "volumeMounts": [{"name": "vol", "mountPath": "/v", "subPath": "a"}, {"name": "vol", "mountPath": "/w", "subPathExpr": "$(X)"}]}]))),
            vec![
                ("ephemeralContainers[0].ports", Forbidden, not_allowed),
                ("ephemeralContainers[0].resources", Forbidden, not_allowed),
                (
                    "ephemeralContainers[0].resizePolicy",
                    Forbidden,
                    not_allowed,
                ),
                (
                    "ephemeralContainers[0].restartPolicy",
                    Forbidden,
                    not_allowed,
                ),
                (
                    "ephemeralContainers[0].livenessProbe",
                    Forbidden,
                    not_allowed,
                ),
                (
                    "ephemeralContainers[0].readinessProbe",
                    Forbidden,
                    not_allowed,
                ),
                (
                    "ephemeralContainers[0].startupProbe",
                    Forbidden,
                    not_allowed,
                ),
                ("ephemeralContainers[0].lifecycle", Forbidden, not_allowed),
                (
                    "ephemeralContainers[0].volumeMounts[0].subPath",
                    Forbidden,
                    not_allowed,
                ),
                (
                    "ephemeralContainers[0].volumeMounts[1].subPathExpr",
                    Forbidden,
                    not_allowed,
                ),
                forbidden,
            ],
        ),
        (
            "windows pod: ephemeral container security context checked too",
            job_with_spec(json!({"os": {"name": "windows"},
                "ephemeralContainers": [{"name": "debug", "image": "busybox", "securityContext": {"runAsUser": 1}}]})),
            vec![
                (
                    "ephemeralContainers[0].securityContext.runAsUser",
                    Forbidden,
                    "cannot be set for a windows pod",
                ),
                forbidden,
            ],
        ),
    ];
    run(rows, SPEC);
}

/// The Job with a volume named `vol` in its template.
fn with_volume(job: Job) -> Job {
    let mut v = serde_json::to_value(&job).unwrap_or_else(|e| panic!("{e}"));
    v["spec"]["template"]["spec"]["volumes"] = json!([{"name": "vol", "emptyDir": {}}]);
    serde_json::from_value(v).unwrap_or_else(|e| panic!("{e}"))
}
