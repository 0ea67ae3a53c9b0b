//! The API server's create and update warnings (`Warning: ...` in kubectl),
//! transcribed row by row from upstream's tables:
//!
//! - `TestWarnings` and `TestTemplateOnlyWarnings` (pkg/api/pod/warnings_test.go),
//!   run as the pod template of a Job (paths under `spec.template.`) and of a
//!   CronJob (under `spec.jobTemplate.spec.template.`); upstream's `pod_`
//!   variants are the same rows on a bare pod and do not apply to templates;
//! - `TestWarningsForJobSpec` (pkg/api/job/warnings_test.go);
//! - `TestJobStrategy_WarningsOnCreate` / `_WarningsOnUpdate`
//!   (pkg/registry/batch/job/strategy_test.go) and
//!   `TestCronJobStrategy_WarningsOnCreate` / `_WarningsOnUpdate`
//!   (pkg/registry/batch/cronjob/strategy_test.go).
//!
//! Upstream compares the pod warnings as sets and the strategy warnings by
//! count; each row here asserts the full list in the order kbatch (and the
//! upstream code, where it does not walk a Go map) emits it. Where that
//! order differs from the table's, the row says so.

use kbatch::api::validation::{
    warnings_for_cronjob, warnings_for_cronjob_update, warnings_for_job, warnings_for_job_update,
    warnings_for_object,
};
use kbatch::api::{CronJob, Job};
use kbatch::manifest::Object;
use serde_json::{json, Value};

/// Upstream's paths for a bare template (`fieldPath` nil) under `prefix`
/// (the port warnings name a second path); the overlap warnings carry none.
fn under(prefix: &str, expected: &[&str]) -> Vec<String> {
    expected
        .iter()
        .map(|w| {
            if w.starts_with("spec.") || w.starts_with("metadata.") {
                format!(
                    "{prefix}{}",
                    w.replace(" with spec.", &format!(" with {prefix}spec."))
                )
            } else {
                (*w).to_string()
            }
        })
        .collect()
}

fn job(value: Value) -> Job {
    serde_json::from_value(value).expect("job")
}

fn cronjob(value: Value) -> CronJob {
    serde_json::from_value(value).expect("cronjob")
}

/// One `TestWarnings`-style row: `template` as a Job's and as a CronJob's pod
/// template; `expected` as upstream writes it for a nil path.
fn template_row(test: &str, row: &str, template: Value, expected: &[&str]) {
    let j = job(json!({"metadata": {"name": "test"}, "spec": {"template": template}}));
    assert_eq!(
        warnings_for_job(&j),
        under("spec.template.", expected),
        "{test} / {row} (Job)"
    );
    let c = cronjob(json!({
        "metadata": {"name": "test"},
        "spec": {"schedule": "* * * * *", "jobTemplate": {"spec": {"template": template}}}
    }));
    assert_eq!(
        warnings_for_cronjob(&c),
        under("spec.jobTemplate.spec.template.", expected),
        "{test} / {row} (CronJob)"
    );
}

fn volume(name: &str, source: Value) -> Value {
    let mut v = source;
    v["name"] = json!(name);
    v
}

fn volumes(vs: Vec<Value>) -> Value {
    json!({"spec": {"volumes": vs}})
}

fn projected(sources: Value) -> Value {
    volumes(vec![volume(
        "foo",
        json!({"projected": {"sources": sources}}),
    )])
}

fn ports(containers: Value) -> Value {
    json!({"spec": {"containers": containers}})
}

const FRACTIONAL: &str = r#"fractional byte value "4m" is invalid, must be an integer"#;

#[test]
fn test_warnings_null_and_volume_plugins() {
    const T: &str = "TestWarnings";
    // "null": no template; a Job without one has the empty template.
    let j = job(json!({"metadata": {"name": "test"}}));
    assert_eq!(warnings_for_job(&j), Vec::<String>::new(), "{T} / null");
    let plugins = [
        (
            "photon",
            "photonPersistentDisk",
            "p",
            "spec.volumes[0].photonPersistentDisk: deprecated in v1.11, non-functional in v1.16+",
        ),
        (
            "gitRepo",
            "gitRepo",
            "s",
            "spec.volumes[0].gitRepo: deprecated in v1.11",
        ),
        (
            "scaleIO",
            "scaleIO",
            "s",
            "spec.volumes[0].scaleIO: deprecated in v1.16, non-functional in v1.22+",
        ),
        (
            "flocker",
            "flocker",
            "s",
            "spec.volumes[0].flocker: deprecated in v1.22, non-functional in v1.25+",
        ),
        (
            "storageOS",
            "storageos",
            "s",
            "spec.volumes[0].storageOS: deprecated in v1.22, non-functional in v1.25+",
        ),
        (
            "quobyte",
            "quobyte",
            "s",
            "spec.volumes[0].quobyte: deprecated in v1.22, non-functional in v1.25+",
        ),
        (
            "glusterfs",
            "glusterfs",
            "s",
            "spec.volumes[0].glusterfs: deprecated in v1.25, non-functional in v1.26+",
        ),
        (
            "CephFS",
            "cephfs",
            "s",
            "spec.volumes[0].cephfs: deprecated in v1.28, non-functional in v1.31+",
        ),
        (
            "rbd",
            "rbd",
            "s",
            "spec.volumes[0].rbd: deprecated in v1.28, non-functional in v1.31+",
        ),
    ];
    for (row, key, name, expected) in plugins {
        let mut source = json!({});
        source[key] = json!({});
        template_row(T, row, volumes(vec![volume(name, source)]), &[expected]);
    }
}

#[test]
fn test_warnings_overlapping_paths() {
    const T: &str = "TestWarnings";
    let cm = |items: Value| {
        volumes(vec![volume(
            "Test",
            json!({"configMap": {"name": "foo", "items": items}}),
        )])
    };
    template_row(
        T,
        "overlapping paths in a configmap volume",
        cm(json!([{"key": "foo", "path": "test"}, {"key": "bar", "path": "test"}])),
        &[r#"volume "Test" (ConfigMap "foo"): overlapping paths: "test" with "test""#],
    );
    template_row(
        T,
        "overlapping paths in a configmap volume - try to mount dir path into a file",
        cm(json!([{"key": "foo", "path": "test"}, {"key": "bar", "path": "test/app"}])),
        &[r#"volume "Test" (ConfigMap "foo"): overlapping paths: "test/app" with "test""#],
    );
    template_row(
        T,
        "overlapping paths in a configmap volume - try to mount file into a dir path",
        cm(json!([{"key": "bar", "path": "test/app"}, {"key": "foo", "path": "test"}])),
        &[r#"volume "Test" (ConfigMap "foo"): overlapping paths: "test" with "test/app""#],
    );
    template_row(
        T,
        "overlapping paths in a secret volume",
        volumes(vec![volume(
            "Test",
            json!({"secret": {"secretName": "foo", "items": [
            {"key": "foo", "path": "test"}, {"key": "bar", "path": "test"}]}}),
        )]),
        &[r#"volume "Test" (Secret "foo"): overlapping paths: "test" with "test""#],
    );
    template_row(
        T,
        "overlapping paths in a downward api volume",
        volumes(vec![volume(
            "Test",
            json!({"downwardAPI": {"items": [
            {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}, "path": "test"},
            {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.labels"}, "path": "test"}]}}),
        )]),
        &[r#"volume "Test" (DownwardAPI): overlapping paths: "test" with "test""#],
    );
    let sat = |path: &str| json!({"serviceAccountToken": {"path": path}});
    let cm_src = |name: &str, path: &str| json!({"configMap": {"name": name, "items": [{"key": "foo", "path": path}]}});
    let secret_src = |name: &str, key: &str, path: &str| json!({"secret": {"name": name, "items": [{"key": key, "path": path}]}});
    let dapi = |path: &str| json!({"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}, "path": path}]}});
    template_row(
        T,
        "overlapping paths in projected volume - service account and config",
        projected(json!([cm_src("Test", "test"), sat("test")])),
        &[r#"volume "foo" (Projected ServiceAccountToken): overlapping paths: "test" with "test""#],
    );
    template_row(
        T,
        "overlapping paths in projected volume volume: service account dir and config file",
        projected(json!([cm_src("Test", "test"), sat("test/file")])),
        &[
            r#"volume "foo" (Projected ServiceAccountToken): overlapping paths: "test/file" with "test""#,
        ],
    );
    template_row(
        T,
        "overlapping paths in projected volume - service account file and config dir",
        projected(json!([cm_src("Test", "test/file"), sat("test")])),
        &[
            r#"volume "foo" (Projected ServiceAccountToken): overlapping paths: "test/file" with "test""#,
        ],
    );
    template_row(
        T,
        "overlapping paths in projected volume - service account and secret",
        projected(json!([secret_src("Test", "foo", "test"), sat("test")])),
        &[r#"volume "foo" (Projected ServiceAccountToken): overlapping paths: "test" with "test""#],
    );
    template_row(
        T,
        "overlapping paths in projected volume - service account and downward api",
        projected(json!([dapi("test"), sat("test")])),
        &[r#"volume "foo" (Projected ServiceAccountToken): overlapping paths: "test" with "test""#],
    );
    template_row(
        T,
        "overlapping paths in projected volume - service account and cluster trust bundle",
        projected(json!([{"clusterTrustBundle": {"name": "Test", "path": "test"}}, sat("test")])),
        &[r#"volume "foo" (Projected ServiceAccountToken): overlapping paths: "test" with "test""#],
    );
    template_row(
        T,
        "overlapping paths in projected volume - service account and cluster trust bundle with signer name",
        projected(json!([{"clusterTrustBundle": {"signerName": "Test", "path": "test"}}, sat("test")])),
        &[r#"volume "foo" (Projected ServiceAccountToken): overlapping paths: "test" with "test""#],
    );
    template_row(
        T,
        "overlapping paths in projected volume - secret and config map",
        projected(json!([
            secret_src("TestSecret", "mykey", "test"),
            {"configMap": {"name": "TestConfigMap", "items": [{"key": "mykey", "path": "test/test1"}]}}
        ])),
        &[
            r#"volume "foo" (Projected ConfigMap "TestConfigMap"): overlapping paths: "test/test1" with "test""#,
        ],
    );
    template_row(
        T,
        "overlapping paths in projected volume - config map and downward api",
        projected(json!([
            secret_src("TestSecret", "mykey", "test"),
            dapi("test/test2")
        ])),
        &[r#"volume "foo" (Projected DownwardAPI): overlapping paths: "test/test2" with "test""#],
    );
    template_row(
        T,
        "overlapping paths in projected volume - downward api and cluster thrust bundle api",
        projected(
            json!([dapi("test/test2"), {"clusterTrustBundle": {"name": "Test", "path": "test"}}]),
        ),
        &[
            r#"volume "foo" (Projected ClusterTrustBundle "Test"): overlapping paths: "test/test2" with "test""#,
        ],
    );
    // Upstream's table lists the ServiceAccountToken pair the other way round
    // (a set comparison); the code emits "test" before "test/test".
    template_row(
        T,
        "overlapping paths in projected volume - multiple sources (1)",
        projected(json!([
            {"clusterTrustBundle": {"signerName": "Test", "path": "test/test"}},
            dapi("test"),
            secret_src("Test", "foo", "test"),
            sat("test")
        ])),
        &[
            r#"volume "foo" (Projected DownwardAPI): overlapping paths: "test/test" with "test""#,
            r#"volume "foo" (Projected Secret "Test"): overlapping paths: "test" with "test""#,
            r#"volume "foo" (Projected Secret "Test"): overlapping paths: "test/test" with "test""#,
            r#"volume "foo" (Projected ServiceAccountToken): overlapping paths: "test" with "test""#,
            r#"volume "foo" (Projected ServiceAccountToken): overlapping paths: "test/test" with "test""#,
        ],
    );
    template_row(
        T,
        "overlapping paths in projected volume - multiple sources (2)",
        projected(json!([
            sat("test/test2"),
            {"downwardAPI": {"items": [
                {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}, "path": "test"},
                {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}, "path": "test"}
            ]}}
        ])),
        &[
            r#"volume "foo" (Projected DownwardAPI): overlapping paths: "test" with "test""#,
            r#"volume "foo" (Projected DownwardAPI): overlapping paths: "test/test2" with "test""#,
        ],
    );
    template_row(
        T,
        "empty sources in projected volume",
        projected(json!([{}])),
        &[r#"volume "foo" (Projected) has no sources provided"#],
    );
}

#[test]
fn test_warnings_duplicates_and_resources() {
    const T: &str = "TestWarnings";
    template_row(
        T,
        "duplicate hostAlias",
        json!({"spec": {"hostAliases": [{"ip": "1.1.1.1"}, {"ip": "1.1.1.1"}, {"ip": "1.1.1.1"}]}}),
        &[
            r#"spec.hostAliases[1].ip: duplicate ip "1.1.1.1""#,
            r#"spec.hostAliases[2].ip: duplicate ip "1.1.1.1""#,
        ],
    );
    template_row(
        T,
        "duplicate imagePullSecret",
        json!({"spec": {"imagePullSecrets": [{"name": "a"}, {"name": "a"}, {"name": "a"}]}}),
        &[
            r#"spec.imagePullSecrets[1].name: duplicate name "a""#,
            r#"spec.imagePullSecrets[2].name: duplicate name "a""#,
        ],
    );
    template_row(
        T,
        "empty imagePullSecret",
        json!({"spec": {"imagePullSecrets": [{"name": ""}]}}),
        &[r#"spec.imagePullSecrets[0].name: invalid empty name """#],
    );
    let env = |n: &str| {
        json!([
            {"name": n, "value": n},
            {"name": n, "value": n},
            {"name": n, "value": "other"},
            {"name": n, "value": ""},
            {"name": n, "value": format!("$({n})")},
            {"name": n, "valueFrom": {}},
            {"name": n, "value": format!("$({n}) $({n})")}
        ])
    };
    let hides = |c: &str, i: usize, n: &str| {
        format!(
            r#"spec.{c}[0].env[{i}]: hides previous definition of "{n}", which may be dropped when using apply"#
        )
    };
    let mut expected: Vec<String> = (1..=5).map(|i| hides("initContainers", i, "a")).collect();
    expected.extend((1..=5).map(|i| hides("containers", i, "b")));
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    template_row(
        T,
        "duplicate env",
        json!({"spec": {"initContainers": [{"env": env("a")}], "containers": [{"env": env("b")}]}}),
        &expected,
    );
    // Upstream's table lists requests before limits and ephemeral-storage
    // first (a set comparison); the code checks the overhead first, then per
    // container limits[memory], requests[memory], limits[ephemeral-storage],
    // requests[ephemeral-storage].
    let resources = json!({"cpu": "100m", "memory": "4m", "ephemeral-storage": "4m"});
    let both = json!({"requests": resources, "limits": resources});
    let f = |p: &str| format!("{p}: {FRACTIONAL}");
    let expected: Vec<String> = [
        "spec.overhead[memory]",
        "spec.overhead[ephemeral-storage]",
        "spec.initContainers[0].resources.limits[memory]",
        "spec.initContainers[0].resources.requests[memory]",
        "spec.initContainers[0].resources.limits[ephemeral-storage]",
        "spec.initContainers[0].resources.requests[ephemeral-storage]",
        "spec.containers[0].resources.limits[memory]",
        "spec.containers[0].resources.requests[memory]",
        "spec.containers[0].resources.limits[ephemeral-storage]",
        "spec.containers[0].resources.requests[ephemeral-storage]",
    ]
    .iter()
    .map(|p| f(p))
    .collect();
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    template_row(
        T,
        "fractional resources",
        json!({"spec": {
            "initContainers": [{"resources": both}],
            "containers": [{"resources": both}],
            "overhead": resources
        }}),
        &expected,
    );
}

const ARCH: &str = r#"deprecated since v1.14; use "kubernetes.io/arch" instead"#;
const OS: &str = r#"deprecated since v1.14; use "kubernetes.io/os" instead"#;
const REGION: &str = r#"deprecated since v1.17; use "topology.kubernetes.io/region" instead"#;
const ZONE: &str = r#"deprecated since v1.17; use "topology.kubernetes.io/zone" instead"#;
const ITYPE: &str = r#"deprecated since v1.17; use "node.kubernetes.io/instance-type" instead"#;

/// The deprecated labels in upstream's row order, with their messages.
const LABELS: [(&str, &str); 5] = [
    ("beta.kubernetes.io/arch", ARCH),
    ("beta.kubernetes.io/os", OS),
    ("failure-domain.beta.kubernetes.io/region", REGION),
    ("failure-domain.beta.kubernetes.io/zone", ZONE),
    ("beta.kubernetes.io/instance-type", ITYPE),
];

#[test]
fn test_warnings_node_labels() {
    const T: &str = "TestWarnings";
    // A Go map: upstream's table is sorted by key, as kbatch walks it.
    let selector: serde_json::Map<String, Value> = LABELS
        .iter()
        .map(|(k, _)| (k.to_string(), json!("true")))
        .collect();
    let mut sorted = LABELS.to_vec();
    sorted.sort();
    let expected: Vec<String> = sorted
        .iter()
        .map(|(k, m)| format!("spec.nodeSelector[{k}]: {m}"))
        .collect();
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    template_row(
        T,
        "node labels in nodeSelector",
        json!({"spec": {"nodeSelector": selector}}),
        &expected,
    );

    let mut exprs = vec![json!({"key": "foo"})];
    exprs.extend(LABELS.iter().map(|(k, _)| json!({"key": k})));
    let expected = |prefix: &str| -> Vec<String> {
        LABELS
            .iter()
            .enumerate()
            .map(|(i, (k, m))| format!("{prefix}.matchExpressions[{}].key: {k} is {m}", i + 1))
            .collect()
    };
    let req = expected("spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]");
    template_row(
        T,
        "node labels in affinity requiredDuringSchedulingIgnoredDuringExecution",
        json!({"spec": {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": [{"matchExpressions": exprs}]}}}}}),
        &req.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let pref = expected(
        "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference",
    );
    template_row(
        T,
        "node labels in affinity preferredDuringSchedulingIgnoredDuringExecution",
        json!({"spec": {"affinity": {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 1, "preference": {"matchExpressions": exprs}}]}}}}),
        &pref.iter().map(String::as_str).collect::<Vec<_>>(),
    );

    let mut constraints = vec![json!({"topologyKey": "foo", "labelSelector": {}})];
    constraints.extend(
        LABELS
            .iter()
            .map(|(k, _)| json!({"topologyKey": k, "labelSelector": {}})),
    );
    let topo: Vec<String> = LABELS
        .iter()
        .enumerate()
        .map(|(i, (k, m))| {
            format!(
                "spec.topologySpreadConstraints[{}].topologyKey: {k} is {m}",
                i + 1
            )
        })
        .collect();
    template_row(
        T,
        "node labels in topologySpreadConstraints",
        json!({"spec": {"topologySpreadConstraints": constraints}}),
        &topo.iter().map(String::as_str).collect::<Vec<_>>(),
    );
}

#[test]
fn test_warnings_annotations_and_pod_fields() {
    const T: &str = "TestWarnings";
    // Upstream's table is in another order (a set comparison); the code
    // emits the deprecated-annotation table first, then seccomp.
    template_row(
        T,
        "annotations",
        json!({
            "metadata": {"annotations": {
                "foo": "bar",
                "scheduler.alpha.kubernetes.io/critical-pod": "true",
                "seccomp.security.alpha.kubernetes.io/pod": "default",
                "container.seccomp.security.alpha.kubernetes.io/foo": "default",
                "security.alpha.kubernetes.io/sysctls": "a,b,c",
                "security.alpha.kubernetes.io/unsafe-sysctls": "d,e,f"
            }},
            "spec": {"containers": [{"name": "foo"}]}
        }),
        &[
            r#"metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead"#,
            r#"metadata.annotations[security.alpha.kubernetes.io/sysctls]: non-functional in v1.11+; use the "sysctls" field instead"#,
            r#"metadata.annotations[security.alpha.kubernetes.io/unsafe-sysctls]: non-functional in v1.11+; use the "sysctls" field instead"#,
            r#"metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the "seccompProfile" field instead"#,
            r#"metadata.annotations[container.seccomp.security.alpha.kubernetes.io/foo]: non-functional in v1.27+; use the "seccompProfile" field instead"#,
        ],
    );
    template_row(
        T,
        "seccomp fields",
        json!({
            "metadata": {"annotations": {
                "seccomp.security.alpha.kubernetes.io/pod": "default",
                "container.seccomp.security.alpha.kubernetes.io/foo": "default"
            }},
            "spec": {
                "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
                "containers": [{"name": "foo", "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}}]
            }
        }),
        &[],
    );
    let ephemeral = |storage: &str| {
        volumes(vec![volume(
            "ephemeral-volume",
            json!({"ephemeral": {"volumeClaimTemplate": {
            "spec": {"resources": {"requests": {"storage": storage}}}}}}),
        )])
    };
    template_row(
        T,
        "pod with ephemeral volume source 200Mi",
        ephemeral("200Mi"),
        &[],
    );
    template_row(
        T,
        "pod with ephemeral volume source 200m",
        ephemeral("200m"),
        &[
            r#"spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests[storage]: fractional byte value "200m" is invalid, must be an integer"#,
        ],
    );
    template_row(
        T,
        "terminationGracePeriodSeconds is negative",
        json!({"spec": {"terminationGracePeriodSeconds": -1}}),
        &["spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1"],
    );
    template_row(
        T,
        "null LabelSelector in topologySpreadConstraints",
        json!({"spec": {"topologySpreadConstraints": [{"labelSelector": {}}, {"labelSelector": null}]}}),
        &["spec.topologySpreadConstraints[1].labelSelector: a null labelSelector results in matching no pod"],
    );
    let terms = json!({
        "requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {}}, {"labelSelector": null}],
        "preferredDuringSchedulingIgnoredDuringExecution": [
            {"podAffinityTerm": {"labelSelector": {}}},
            {"podAffinityTerm": {"labelSelector": null}}
        ]
    });
    template_row(
        T,
        "null LabelSelector in PodAffinity",
        json!({"spec": {"affinity": {"podAffinity": terms, "podAntiAffinity": terms}}}),
        &[
            "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[1].labelSelector: a null labelSelector results in matching no pod",
            "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[1].podAffinityTerm.labelSelector: a null labelSelector results in matching no pod",
            "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[1].labelSelector: a null labelSelector results in matching no pod",
            "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[1].podAffinityTerm.labelSelector: a null labelSelector results in matching no pod",
        ],
    );
}

#[test]
fn test_warnings_ports() {
    const T: &str = "TestWarnings";
    let one = |p: Value| ports(json!([{"name": "foo", "ports": p}]));
    let two = |a: Value, b: Value| {
        ports(json!([{"name": "foo", "ports": a}, {"name": "bar", "ports": b}]))
    };
    template_row(T, "container no ports", one(json!([])), &[]);
    template_row(
        T,
        "one container, one port",
        one(json!([{"containerPort": 80, "hostPort": 80}])),
        &[],
    );
    template_row(
        T,
        "one container, two ports, same protocol, different ports",
        one(
            json!([{"containerPort": 80, "protocol": "UDP"}, {"containerPort": 81, "protocol": "UDP"}]),
        ),
        &[],
    );
    template_row(
        T,
        "one container, two ports, different protocols, same port",
        one(
            json!([{"containerPort": 80, "protocol": "UDP"}, {"containerPort": 80, "protocol": "TCP"}]),
        ),
        &[],
    );
    template_row(
        T,
        "one container, two ports, same protocol, same port, different hostport",
        one(json!([
            {"containerPort": 80, "protocol": "TCP", "hostPort": 80},
            {"containerPort": 80, "protocol": "TCP", "hostPort": 81}
        ])),
        &[],
    );
    template_row(
        T,
        "one container, two ports, same protocol, port and hostPort, different hostIP",
        one(json!([
            {"containerPort": 80, "protocol": "TCP", "hostPort": 80, "hostIP": "10.0.0.1"},
            {"containerPort": 80, "protocol": "TCP", "hostPort": 80, "hostIP": "10.0.0.2"}
        ])),
        &[],
    );
    template_row(
        T,
        "two containers, one port each, same protocol, different ports",
        two(
            json!([{"containerPort": 80, "protocol": "UDP"}]),
            json!([{"containerPort": 81, "protocol": "UDP"}]),
        ),
        &[],
    );
    template_row(
        T,
        "two containers, one port each, different protocols, same port",
        two(
            json!([{"containerPort": 80, "protocol": "UDP"}]),
            json!([{"containerPort": 80, "protocol": "TCP"}]),
        ),
        &[],
    );
    template_row(
        T,
        "two containers, one port each, same protocol, same port, different hostport",
        two(
            json!([{"containerPort": 80, "protocol": "TCP", "hostPort": 80}]),
            json!([{"containerPort": 80, "protocol": "TCP", "hostPort": 81}]),
        ),
        &[],
    );
    template_row(
        T,
        "two containers, one port each, same protocol, port and hostPort, different hostIP",
        two(
            json!([{"containerPort": 80, "protocol": "TCP", "hostPort": 80, "hostIP": "10.0.0.1"}]),
            json!([{"containerPort": 80, "protocol": "TCP", "hostPort": 80, "hostIP": "10.0.0.2"}]),
        ),
        &[],
    );
    let dup =
        "spec.containers[0].ports[1]: duplicate port definition with spec.containers[0].ports[0]";
    template_row(
        T,
        "duplicate container ports with same port and protocol",
        one(
            json!([{"containerPort": 80, "protocol": "UDP"}, {"containerPort": 80, "protocol": "UDP"}]),
        ),
        &[dup],
    );
    template_row(
        T,
        "duplicate container ports with same port, hostPort and protocol",
        one(json!([
            {"containerPort": 80, "hostPort": 80, "protocol": "UDP"},
            {"containerPort": 80, "hostPort": 80, "protocol": "UDP"}
        ])),
        &[dup],
    );
    template_row(
        T,
        "duplicate container ports with same port, host port, host IP and protocol",
        one(json!([
            {"containerPort": 80, "hostPort": 80, "protocol": "UDP", "hostIP": "10.0.0.1"},
            {"containerPort": 80, "hostPort": 80, "protocol": "UDP", "hostIP": "10.0.0.1"}
        ])),
        &[dup],
    );
    template_row(
        T,
        "one container port hostIP set without host port set",
        one(json!([{"containerPort": 80, "protocol": "UDP", "hostIP": "10.0.0.1"}])),
        &["spec.containers[0].ports[0]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:80 Protocol:UDP HostIP:10.0.0.1}"],
    );
    // The code emits the hostIP warning before the overlap (upstream's
    // table has them the other way round: a set comparison).
    template_row(
        T,
        "duplicate container ports with one host port set and one without",
        one(json!([
            {"containerPort": 80, "hostPort": 80, "protocol": "UDP", "hostIP": "10.0.0.1"},
            {"containerPort": 80, "protocol": "UDP", "hostIP": "10.0.0.1"}
        ])),
        &[
            "spec.containers[0].ports[1]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:80 Protocol:UDP HostIP:10.0.0.1}",
            "spec.containers[0].ports[1]: overlapping port definition with spec.containers[0].ports[0]",
        ],
    );
    template_row(
        T,
        "duplicate container ports without one host IP set and two with",
        one(json!([
            {"containerPort": 80, "hostPort": 80, "protocol": "UDP", "hostIP": "10.0.0.1"},
            {"containerPort": 80, "hostPort": 80, "protocol": "UDP"},
            {"containerPort": 80, "hostPort": 80, "protocol": "UDP", "hostIP": "10.0.0.2"}
        ])),
        &[
            "spec.containers[0].ports[1]: dangerously ambiguous port definition with spec.containers[0].ports[0]",
            "spec.containers[0].ports[2]: dangerously ambiguous port definition with spec.containers[0].ports[1]",
        ],
    );
    template_row(
        T,
        "duplicate container ports with one host IP set and one without (one container)",
        one(json!([
            {"containerPort": 80, "hostPort": 80, "protocol": "UDP", "hostIP": "10.0.0.1"},
            {"containerPort": 80, "hostPort": 80, "protocol": "UDP"}
        ])),
        &["spec.containers[0].ports[1]: dangerously ambiguous port definition with spec.containers[0].ports[0]"],
    );
    let dup10 =
        "spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]";
    template_row(
        T,
        "duplicate containers with same port and protocol",
        two(
            json!([{"containerPort": 80, "protocol": "UDP"}]),
            json!([{"containerPort": 80, "protocol": "UDP"}]),
        ),
        &[dup10],
    );
    template_row(
        T,
        "duplicate containers with same port, hostPort and protocol",
        two(
            json!([{"containerPort": 80, "hostPort": 80, "protocol": "UDP"}]),
            json!([{"containerPort": 80, "hostPort": 80, "protocol": "UDP"}]),
        ),
        &[dup10],
    );
    template_row(
        T,
        "duplicate containers with same port, host port, host IP and protocol",
        two(
            json!([{"containerPort": 80, "hostPort": 80, "protocol": "UDP", "hostIP": "10.0.0.1"}]),
            json!([{"containerPort": 80, "hostPort": 80, "protocol": "UDP", "hostIP": "10.0.0.1"}]),
        ),
        &[dup10],
    );
    template_row(
        T,
        "duplicate containers with one host port set and one without",
        two(
            json!([{"containerPort": 80, "hostPort": 80, "protocol": "UDP", "hostIP": "10.0.0.1"}]),
            json!([{"containerPort": 80, "protocol": "UDP", "hostIP": "10.0.0.1"}]),
        ),
        &[
            "spec.containers[1].ports[0]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:80 Protocol:UDP HostIP:10.0.0.1}",
            "spec.containers[1].ports[0]: overlapping port definition with spec.containers[0].ports[0]",
        ],
    );
    let ambiguous = "spec.containers[1].ports[0]: dangerously ambiguous port definition with spec.containers[0].ports[0]";
    template_row(
        T,
        "duplicate container ports without one host IP set and one with",
        two(
            json!([{"containerPort": 80, "hostPort": 80, "protocol": "UDP"}]),
            json!([{"containerPort": 80, "hostPort": 80, "protocol": "UDP", "hostIP": "10.0.0.1"}]),
        ),
        &[ambiguous],
    );
    template_row(
        T,
        "duplicate container ports with one host IP set and one without (two containers)",
        two(
            json!([{"containerPort": 80, "hostPort": 80, "protocol": "UDP", "hostIP": "10.0.0.1"}]),
            json!([{"containerPort": 80, "hostPort": 80, "protocol": "UDP"}]),
        ),
        &[ambiguous],
    );
    let many = [
        "spec.containers[0].ports[2]: duplicate port definition with spec.containers[0].ports[0]",
        "spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]",
        "spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[2]",
        "spec.containers[1].ports[1]: duplicate port definition with spec.containers[0].ports[0]",
        "spec.containers[1].ports[1]: duplicate port definition with spec.containers[0].ports[2]",
        "spec.containers[1].ports[1]: duplicate port definition with spec.containers[1].ports[0]",
    ];
    let in_two = |protocol: &str| {
        ports(json!([
            {"name": "foo1", "ports": [
                {"containerPort": 80, "hostPort": 80, "protocol": protocol},
                {"containerPort": 180, "hostPort": 80, "protocol": protocol},
                {"containerPort": 80, "hostPort": 80, "protocol": protocol}
            ]},
            {"name": "foo", "ports": [
                {"containerPort": 80, "hostPort": 80, "protocol": protocol},
                {"containerPort": 80, "hostPort": 80, "protocol": protocol}
            ]}
        ]))
    };
    template_row(
        T,
        "create duplicate container ports in two containers",
        in_two("UDP"),
        &many,
    );
    // "update duplicate container ports in two containers": the old template
    // does not change the warnings; as a create the new one gives the same.
    template_row(
        T,
        "update duplicate container ports in two containers",
        in_two("TCP"),
        &many,
    );
}

#[test]
fn test_template_only_warnings() {
    const T: &str = "TestTemplateOnlyWarnings";
    let annotated = |spec: Value| {
        json!({
            "metadata": {"annotations": {"container.apparmor.security.beta.kubernetes.io/foo": "unconfined"}},
            "spec": spec
        })
    };
    template_row(
        T,
        "annotations",
        annotated(json!({"containers": [{"name": "foo"}]})),
        &[
            r#"metadata.annotations[container.apparmor.security.beta.kubernetes.io/foo]: deprecated since v1.30; use the "appArmorProfile" field instead"#,
        ],
    );
    template_row(
        T,
        "AppArmor pod field",
        annotated(json!({
            "securityContext": {"appArmorProfile": {"type": "Unconfined"}},
            "containers": [{"name": "foo"}]
        })),
        &[],
    );
    template_row(
        T,
        "AppArmor container field",
        annotated(
            json!({"containers": [{"name": "foo", "securityContext": {"appArmorProfile": {"type": "Unconfined"}}}]}),
        ),
        &[],
    );
}

/// `validPodTemplate` of pkg/api/job/warnings_test.go.
fn valid_template() -> Value {
    json!({
        "metadata": {"labels": {"a": "b"}},
        "spec": {
            "restartPolicy": "OnFailure",
            "dnsPolicy": "ClusterFirst",
            "containers": [{"name": "abc", "image": "image", "imagePullPolicy": "IfNotPresent", "terminationMessagePolicy": "File"}]
        }
    })
}

const INDEXED_LIMIT: &str = "In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail";

#[test]
fn test_warnings_for_job_spec() {
    // Upstream passes a nil path (`template.spec...`); in a Job it is `spec`.
    let rows: Vec<(&str, Value, Vec<String>)> = vec![
        (
            "valid NonIndexed",
            json!({"completionMode": "NonIndexed", "template": valid_template()}),
            vec![],
        ),
        (
            "NondIndexed with high completions and parallelism",
            json!({"completionMode": "NonIndexed", "template": valid_template(),
                   "parallelism": 1_000_000_000, "completions": 1_000_000_000}),
            vec![],
        ),
        (
            "invalid PodTemplate",
            json!({"completionMode": "NonIndexed", "template": {"spec": {"imagePullSecrets": [{"name": ""}]}}}),
            vec![
                r#"spec.template.spec.imagePullSecrets[0].name: invalid empty name """#.to_string(),
            ],
        ),
        (
            "valid Indexed low completions low parallelism",
            json!({"completionMode": "Indexed", "completions": 10_000, "parallelism": 10_000, "template": valid_template()}),
            vec![],
        ),
        (
            "valid Indexed high completions low parallelism",
            json!({"completionMode": "Indexed", "completions": 1_000_000_000, "parallelism": 10_000, "template": valid_template()}),
            vec![],
        ),
        (
            "valid Indexed medium completions medium parallelism",
            json!({"completionMode": "Indexed", "completions": 100_000, "parallelism": 100_000, "template": valid_template()}),
            vec![],
        ),
        (
            "invalid Indexed high completions high parallelism",
            json!({"completionMode": "Indexed", "completions": 100_001, "parallelism": 10_001, "template": valid_template()}),
            vec![format!("spec: {INDEXED_LIMIT}")],
        ),
    ];
    for (row, spec, expected) in rows {
        let j = job(json!({"metadata": {"name": "myjob"}, "spec": spec}));
        assert_eq!(
            warnings_for_job(&j),
            expected,
            "TestWarningsForJobSpec / {row}"
        );
    }
}

const NAME_WARNING: &str = "metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')]";

#[test]
fn test_job_strategy_warnings_on_create() {
    const T: &str = "TestJobStrategy_WarningsOnCreate";
    let valid_spec = json!({"completionMode": "NonIndexed", "template": valid_template()});
    let rows: Vec<(&str, &str, Value, Vec<String>)> = vec![
        ("happy path job", "myjob2", valid_spec.clone(), vec![]),
        (
            "dns invalid name",
            "my job2",
            valid_spec,
            vec![NAME_WARNING.to_string()],
        ),
        (
            "high completions and parallelism",
            "myjob2",
            json!({"completionMode": "Indexed", "parallelism": 100_001, "completions": 100_001, "template": valid_template()}),
            vec![format!("spec: {INDEXED_LIMIT}")],
        ),
    ];
    for (row, name, spec, expected) in rows {
        let j = job(
            json!({"metadata": {"name": name, "namespace": "default", "uid": "1a2b3c4d5e6f7g8h9i0k"}, "spec": spec}),
        );
        assert_eq!(warnings_for_job(&j), expected, "{T} / {row}");
        assert_eq!(
            warnings_for_object(&Object::Job(j)),
            expected,
            "{T} / {row} (object)"
        );
    }
}

#[test]
fn test_job_strategy_warnings_on_update() {
    const T: &str = "TestJobStrategy_WarningsOnUpdate";
    // Upstream sets metadata.generation by hand; kbatch bumps it as
    // PrepareForUpdate does, when the spec changes. The two rows whose
    // generations differ over an unchanged valid spec expect no warning
    // either way.
    let spec = |template: Value| json!({"selector": {"matchLabels": {"a": "b"}}, "manualSelector": true, "parallelism": 1, "template": template});
    let meta = json!({"name": "myjob", "namespace": "default", "resourceVersion": "0"});
    let rows: Vec<(&str, Value, Value, Vec<String>)> = vec![
        (
            "generation 0 for both",
            spec(valid_template()),
            spec(valid_template()),
            vec![],
        ),
        (
            "generation 1 for new; force WarningsOnUpdate to check PodTemplate for updates",
            spec(valid_template()),
            spec(valid_template()),
            vec![],
        ),
        (
            "force validation failure in pod template",
            spec(json!({"spec": {"imagePullSecrets": [{"name": ""}]}})),
            spec(valid_template()),
            vec![
                r#"spec.template.spec.imagePullSecrets[0].name: invalid empty name """#.to_string(),
            ],
        ),
        (
            "Invalid transition to high parallelism",
            json!({"completionMode": "Indexed", "completions": 100_001, "parallelism": 10_001, "template": valid_template()}),
            json!({"completionMode": "Indexed", "completions": 100_001, "parallelism": 10_000, "template": valid_template()}),
            vec![format!("spec: {INDEXED_LIMIT}")],
        ),
    ];
    for (row, new, old, expected) in rows {
        let new = job(json!({"metadata": meta, "spec": new}));
        let old = job(json!({"metadata": meta, "spec": old}));
        assert_eq!(warnings_for_job_update(&new, &old), expected, "{T} / {row}");
    }
}

/// `validCronjobSpec` of pkg/registry/batch/cronjob/strategy_test.go.
fn valid_cronjob_spec() -> Value {
    json!({
        "schedule": "5 5 * * ?",
        "concurrencyPolicy": "Allow",
        "timeZone": "Asia/Shanghai",
        "jobTemplate": {"spec": {
            "template": {"spec": {
                "restartPolicy": "OnFailure",
                "dnsPolicy": "ClusterFirst",
                "containers": [{"name": "abc", "image": "image", "imagePullPolicy": "IfNotPresent", "terminationMessagePolicy": "File"}]
            }},
            "completionMode": "Indexed",
            "completions": 10,
            "parallelism": 10
        }}
    })
}

#[test]
fn test_cronjob_strategy_warnings_on_create() {
    const T: &str = "TestCronJobStrategy_WarningsOnCreate";
    let rows: Vec<(&str, &str, Vec<String>)> = vec![
        ("happy path cronjob", "mycronjob", vec![]),
        (
            "dns invalid name",
            "my cronjob",
            vec![NAME_WARNING.to_string()],
        ),
    ];
    for (row, name, expected) in rows {
        let c = cronjob(json!({
            "metadata": {"name": name, "namespace": "default", "resourceVersion": "9"},
            "spec": valid_cronjob_spec(),
            "status": {"lastScheduleTime": "2026-01-01T00:00:00Z"}
        }));
        assert_eq!(warnings_for_cronjob(&c), expected, "{T} / {row}");
        assert_eq!(
            warnings_for_object(&Object::CronJob(c)),
            expected,
            "{T} / {row} (object)"
        );
    }
    // The job template's WarningsForJobSpec at spec.jobTemplate.spec.
    let mut spec = valid_cronjob_spec();
    spec["jobTemplate"]["spec"]["completions"] = json!(100_001);
    spec["jobTemplate"]["spec"]["parallelism"] = json!(10_001);
    let c = cronjob(json!({"metadata": {"name": "mycronjob"}, "spec": spec}));
    assert_eq!(
        warnings_for_cronjob(&c),
        vec![format!("spec.jobTemplate.spec: {INDEXED_LIMIT}")],
        "{T} / job template path"
    );
}

#[test]
fn test_cronjob_strategy_warnings_on_update() {
    const T: &str = "TestCronJobStrategy_WarningsOnUpdate";
    let tz = "cannot use TZ or CRON_TZ in spec.spec.schedule, use timeZone instead, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details";
    let with_tz = json!({
        "schedule": "CRON_TZ=UTC 5 5 * * ?",
        "concurrencyPolicy": "Allow",
        "timeZone": "Asia/DoesNotExist",
        "jobTemplate": valid_cronjob_spec()["jobTemplate"].clone()
    });
    let mut with_tz = with_tz;
    for k in ["completionMode", "completions", "parallelism"] {
        if let Some(m) = with_tz["jobTemplate"]["spec"].as_object_mut() {
            m.remove(k);
        }
    }
    let rows: Vec<(&str, Value, Value, Vec<String>)> = vec![
        ("generation 0 for both", valid_cronjob_spec(), valid_cronjob_spec(), vec![]),
        (
            "generation 1 for new; force WarningsOnUpdate to check PodTemplate for updates",
            valid_cronjob_spec(),
            valid_cronjob_spec(),
            vec![],
        ),
        (
            "force validation failure in pod template",
            json!({"schedule": "5 5 * * ?", "concurrencyPolicy": "Allow", "jobTemplate": {"spec": {
                "template": {"spec": {"imagePullSecrets": [{"name": ""}]}}}}}),
            valid_cronjob_spec(),
            vec![r#"spec.jobTemplate.spec.template.spec.imagePullSecrets[0].name: invalid empty name """#.to_string()],
        ),
        ("timezone invalid failure", with_tz, valid_cronjob_spec(), vec![tz.to_string()]),
    ];
    for (row, new, old, expected) in rows {
        let new = cronjob(
            json!({"metadata": {"name": "mycronjob", "namespace": "default"}, "spec": new}),
        );
        let old = cronjob(
            json!({"metadata": {"name": "mycronjob", "namespace": "default"}, "spec": old}),
        );
        assert_eq!(
            warnings_for_cronjob_update(&new, &old),
            expected,
            "{T} / {row}"
        );
    }
}
