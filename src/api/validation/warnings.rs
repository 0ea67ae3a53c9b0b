//! The warnings the API server returns when a Job or CronJob is accepted
//! (`jobStrategy.WarningsOnCreate`, `cronJobStrategy.WarningsOnCreate` and
//! their `WarningsOnUpdate`): kubectl prints each after `Warning: `.
//!
//! The pod template is read as JSON, after the defaults the API server's
//! decoding applies that a warning can see (`SetDefaults_ContainerPort`'s
//! TCP protocol, `SetDefaults_ResourceList`'s rounding up to milli units).
//! Where upstream walks a Go map or set (node selector, overlap checks),
//! kbatch walks it in key or insertion order.

use std::collections::BTreeSet;

use rustc_hash::FxHashSet;
use serde_json::Value as Json;

use super::field::{go_quote, Path};
use super::meta::is_dns1123_label;
use super::pod::json::{int, items, obj, text};
use super::pod::quantity::{from_json, Quantity};
use crate::api::{default_cronjob, default_job, CompletionMode, CronJob, Job, JobSpec};

/// `completionsSoftLimit`.
const COMPLETIONS_SOFT_LIMIT: i32 = 100_000;
/// `parallelismSoftLimitForUnlimitedCompletions`.
const PARALLELISM_SOFT_LIMIT: i32 = 10_000;

/// `deprecatedNodeLabels` (pkg/api/node/util.go).
const DEPRECATED_NODE_LABELS: &[(&str, &str)] = &[
    (
        "beta.kubernetes.io/arch",
        r#"deprecated since v1.14; use "kubernetes.io/arch" instead"#,
    ),
    (
        "beta.kubernetes.io/os",
        r#"deprecated since v1.14; use "kubernetes.io/os" instead"#,
    ),
    (
        "failure-domain.beta.kubernetes.io/region",
        r#"deprecated since v1.17; use "topology.kubernetes.io/region" instead"#,
    ),
    (
        "failure-domain.beta.kubernetes.io/zone",
        r#"deprecated since v1.17; use "topology.kubernetes.io/zone" instead"#,
    ),
    (
        "beta.kubernetes.io/instance-type",
        r#"deprecated since v1.17; use "node.kubernetes.io/instance-type" instead"#,
    ),
];

/// `deprecatedAnnotations` (pkg/api/pod/warnings.go; none has a prefix).
const DEPRECATED_ANNOTATIONS: &[(&str, &str)] = &[
    (
        "scheduler.alpha.kubernetes.io/critical-pod",
        r#"non-functional in v1.16+; use the "priorityClassName" field instead"#,
    ),
    (
        "security.alpha.kubernetes.io/sysctls",
        r#"non-functional in v1.11+; use the "sysctls" field instead"#,
    ),
    (
        "security.alpha.kubernetes.io/unsafe-sysctls",
        r#"non-functional in v1.11+; use the "sysctls" field instead"#,
    ),
];

/// `api.SeccompPodAnnotationKey`.
const SECCOMP_POD_ANNOTATION: &str = "seccomp.security.alpha.kubernetes.io/pod";
/// `api.SeccompContainerAnnotationKeyPrefix`.
const SECCOMP_CONTAINER_PREFIX: &str = "container.seccomp.security.alpha.kubernetes.io/";
/// `api.DeprecatedAppArmorAnnotationKeyPrefix`.
const APPARMOR_CONTAINER_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

/// Deprecated and removed volume plugins: JSON key, name in the path, message.
const DEPRECATED_VOLUMES: &[(&str, &str, &str)] = &[
    (
        "photonPersistentDisk",
        "photonPersistentDisk",
        "deprecated in v1.11, non-functional in v1.16+",
    ),
    ("gitRepo", "gitRepo", "deprecated in v1.11"),
    (
        "scaleIO",
        "scaleIO",
        "deprecated in v1.16, non-functional in v1.22+",
    ),
    (
        "flocker",
        "flocker",
        "deprecated in v1.22, non-functional in v1.25+",
    ),
    (
        "storageos",
        "storageOS",
        "deprecated in v1.22, non-functional in v1.25+",
    ),
    (
        "quobyte",
        "quobyte",
        "deprecated in v1.22, non-functional in v1.25+",
    ),
    (
        "glusterfs",
        "glusterfs",
        "deprecated in v1.25, non-functional in v1.26+",
    ),
];
/// Checked after the ephemeral volume's claim template, as upstream does.
const DEPRECATED_VOLUMES_LATE: &[(&str, &str, &str)] = &[
    (
        "cephfs",
        "cephfs",
        "deprecated in v1.28, non-functional in v1.31+",
    ),
    (
        "rbd",
        "rbd",
        "deprecated in v1.28, non-functional in v1.31+",
    ),
];

/// `jobStrategy.WarningsOnCreate`: the name warning, then `WarningsForJobSpec`
/// at `spec`, on the Job as the API server holds it after name generation
/// and defaulting.
pub fn job_create_warnings(job: &Job) -> Vec<String> {
    let mut job = job.clone();
    super::generate_name(&mut job.metadata);
    default_job(&mut job);
    let mut warnings = name_warnings(job.metadata.name());
    warnings.extend(job_spec_warnings(&Path::new("spec"), &job.spec));
    warnings
}

/// `cronJobStrategy.WarningsOnCreate`: the name warning, then
/// `WarningsForJobSpec` at `spec.jobTemplate.spec`. (A `TZ`/`CRON_TZ`
/// schedule is a validation error on create, so it has no warning here.)
pub fn cronjob_create_warnings(cronjob: &CronJob) -> Vec<String> {
    let mut cronjob = cronjob.clone();
    super::generate_name(&mut cronjob.metadata);
    default_cronjob(&mut cronjob);
    let mut warnings = name_warnings(cronjob.metadata.name());
    warnings.extend(job_template_warnings(&cronjob));
    warnings
}

/// `jobStrategy.WarningsOnUpdate`: `WarningsForJobSpec` at `spec` when the
/// update bumps the generation (the spec changed).
pub fn job_update_warnings(new: &Job, old: &Job) -> Vec<String> {
    let mut new = new.clone();
    let mut old = old.clone();
    default_job(&mut new);
    default_job(&mut old);
    if super::job_update::semantic_eq(&*new.spec, &*old.spec) {
        return Vec::new();
    }
    job_spec_warnings(&Path::new("spec"), &new.spec)
}

/// `cronJobStrategy.WarningsOnUpdate`: `WarningsForJobSpec` at
/// `spec.jobTemplate.spec` when the generation is bumped, then the `TZ`
/// schedule warning (whose path upstream spells `spec.spec.schedule`).
pub fn cronjob_update_warnings(new: &CronJob, old: &CronJob) -> Vec<String> {
    let mut new = new.clone();
    let mut old = old.clone();
    default_cronjob(&mut new);
    default_cronjob(&mut old);
    let mut warnings = Vec::new();
    if !super::job_update::semantic_eq(&*new.spec, &*old.spec) {
        warnings.extend(job_template_warnings(&new));
    }
    if new.spec.schedule.contains("TZ") {
        warnings.push(format!(
            "cannot use TZ or CRON_TZ in {}, use timeZone instead, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details",
            Path::new("spec").child("spec").child("schedule")
        ));
    }
    warnings
}

/// `WarningsForJobSpec` of a CronJob's job template, as written
/// (`SetDefaults_Job` does not run on a CronJob's template; its defaults
/// could not reach the soft limits anyway).
fn job_template_warnings(cronjob: &CronJob) -> Vec<String> {
    job_spec_warnings(
        &Path::new("spec").child("jobTemplate").child("spec"),
        &cronjob.spec.job_template.spec,
    )
}

/// The `metadata.name` warning of both strategies (`IsDNS1123Label`).
fn name_warnings(name: &str) -> Vec<String> {
    let msgs = is_dns1123_label(name);
    if msgs.is_empty() {
        return Vec::new();
    }
    // `%v` of a []string.
    vec![format!(
        "metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [{}]",
        msgs.join(" ")
    )]
}

/// `job.WarningsForJobSpec`: the Indexed soft limits, then the pod template.
fn job_spec_warnings(path: &Path, spec: &JobSpec) -> Vec<String> {
    let mut warnings = Vec::new();
    if spec.completion_mode == Some(CompletionMode::Indexed) {
        let completions = spec.completions.unwrap_or(0);
        let parallelism = spec.parallelism.unwrap_or(0);
        if completions > COMPLETIONS_SOFT_LIMIT && parallelism > PARALLELISM_SOFT_LIMIT {
            warnings.push(format!(
                "{path}: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail"
            ));
        }
    }
    let template = serde_json::to_value(&spec.template).unwrap_or(Json::Null);
    warnings.extend(pod_template_warnings(
        Some(&path.child("template")),
        &template,
    ));
    warnings
}

/// `GetNodeLabelDeprecatedMessage`.
fn deprecated_node_label(key: &str) -> Option<&'static str> {
    DEPRECATED_NODE_LABELS
        .iter()
        .find(|(label, _)| *label == key)
        .map(|(_, msg)| *msg)
}

/// `fieldPath.Child(name)` where a nil `fieldPath` starts a new path.
fn at(root: Option<&Path>, name: &str) -> Path {
    match root {
        Some(r) => r.child(name),
        None => Path::new(name),
    }
}

/// `pod.GetWarningsForPodTemplate` (`warningsForPodSpecAndMeta`) on a pod
/// template in its JSON form; `root` is nil for upstream's bare templates.
pub(crate) fn pod_template_warnings(root: Option<&Path>, template: &Json) -> Vec<String> {
    let null = Json::Null;
    let spec = template.get("spec").unwrap_or(&null);
    let meta = template.get("metadata").unwrap_or(&null);
    let annotations = obj(meta, "annotations");
    let has_annotation = |key: &str| annotations.is_some_and(|a| a.get(key).is_some());
    let spec_path = at(root, "spec");
    let annotation_path = at(root, "metadata").child("annotations");
    let mut warnings = Vec::new();

    // Deprecated node labels in the node selector, node affinity and topology.
    if let Some(selector) = obj(spec, "nodeSelector").and_then(Json::as_object) {
        let keys: BTreeSet<&String> = selector.keys().collect();
        for key in keys {
            if let Some(msg) = deprecated_node_label(key) {
                warnings.push(format!(
                    "{}: {msg}",
                    spec_path.child("nodeSelector").key(key)
                ));
            }
        }
    }
    let affinity = obj(spec, "affinity");
    if let Some(node) = affinity.and_then(|a| obj(a, "nodeAffinity")) {
        let node_path = spec_path.child("affinity").child("nodeAffinity");
        if let Some(required) = obj(node, "requiredDuringSchedulingIgnoredDuringExecution") {
            let terms_path = node_path
                .child("requiredDuringSchedulingIgnoredDuringExecution")
                .child("nodeSelectorTerms");
            for (i, term) in items(required, "nodeSelectorTerms").iter().enumerate() {
                warnings.extend(node_selector_term_warnings(term, &terms_path.index(i)));
            }
        }
        let preferred_path = node_path.child("preferredDuringSchedulingIgnoredDuringExecution");
        let preferred = items(node, "preferredDuringSchedulingIgnoredDuringExecution");
        for (i, term) in preferred.iter().enumerate() {
            let preference = term.get("preference").unwrap_or(&null);
            let path = preferred_path.index(i).child("preference");
            warnings.extend(node_selector_term_warnings(preference, &path));
        }
    }
    for (i, constraint) in items(spec, "topologySpreadConstraints").iter().enumerate() {
        let path = spec_path.child("topologySpreadConstraints").index(i);
        let key = text(constraint, "topologyKey");
        if let Some(msg) = deprecated_node_label(key) {
            warnings.push(format!("{}: {key} is {msg}", path.child("topologyKey")));
        }
        if obj(constraint, "labelSelector").is_none() {
            warnings.push(null_selector(&path.child("labelSelector")));
        }
    }

    // Deprecated annotations.
    for (key, msg) in DEPRECATED_ANNOTATIONS {
        if has_annotation(key) {
            warnings.push(format!("{}: {msg}", annotation_path.key(key)));
        }
    }

    // Deprecated and removed volume plugins.
    let volumes = items(spec, "volumes");
    for (i, volume) in volumes.iter().enumerate() {
        let path = spec_path.child("volumes").index(i);
        for (json_key, name, msg) in DEPRECATED_VOLUMES {
            if obj(volume, json_key).is_some() {
                warnings.push(format!("{}: {msg}", path.child(name)));
            }
        }
        if let Some(claim) = obj(volume, "ephemeral").and_then(|e| obj(e, "volumeClaimTemplate")) {
            let claim_spec = claim.get("spec").unwrap_or(&null);
            let claim_path = path
                .child("ephemeral")
                .child("volumeClaimTemplate")
                .child("spec");
            warnings.extend(pvc_spec_warnings(&claim_path, claim_spec));
        }
        for (json_key, name, msg) in DEPRECATED_VOLUMES_LATE {
            if obj(volume, json_key).is_some() {
                warnings.push(format!("{}: {msg}", path.child(name)));
            }
        }
    }
    warnings.extend(overlapping_virtual_paths(volumes));

    // Duplicate hostAliases and imagePullSecrets; empty imagePullSecrets names.
    warnings.extend(duplicates(spec, &spec_path, "hostAliases", "ip"));
    warnings.extend(duplicates(spec, &spec_path, "imagePullSecrets", "name"));
    let secrets = items(spec, "imagePullSecrets");
    for (i, secret) in secrets.iter().enumerate() {
        let name = text(secret, "name");
        if name.is_empty() {
            warnings.push(format!(
                "{}: invalid empty name {}",
                spec_path.child("imagePullSecrets").index(i).child("name"),
                go_quote(name)
            ));
        }
    }

    // Fractional memory / ephemeral-storage overhead.
    let overhead_path = spec_path.child("overhead");
    for resource in ["memory", "ephemeral-storage"] {
        warnings.extend(fractional_bytes(
            obj(spec, "overhead"),
            resource,
            &overhead_path,
        ));
    }

    // Seccomp and AppArmor annotations without their fields
    // (`AppArmorFields` is GA; a template always has a non-nil path here
    // except in upstream's bare-template tables, which skip AppArmor).
    let pod_security = obj(spec, "securityContext");
    if pod_security
        .and_then(|s| obj(s, "seccompProfile"))
        .is_none()
        && has_annotation(SECCOMP_POD_ANNOTATION)
    {
        warnings.push(format!(
            r#"{}: non-functional in v1.27+; use the "seccompProfile" field instead"#,
            annotation_path.key(SECCOMP_POD_ANNOTATION)
        ));
    }
    let pod_apparmor = pod_security
        .and_then(|s| obj(s, "appArmorProfile"))
        .is_some();

    let containers = containers_with_paths(spec, &spec_path);
    for (c, path) in &containers {
        let name = text(c, "name");
        let security = obj(c, "securityContext");
        if security.and_then(|s| obj(s, "seccompProfile")).is_none() {
            let key = format!("{SECCOMP_CONTAINER_PREFIX}{name}");
            if has_annotation(&key) {
                warnings.push(format!(
                    r#"{}: non-functional in v1.27+; use the "seccompProfile" field instead"#,
                    annotation_path.key(&key)
                ));
            }
        }
        let has_apparmor_field =
            pod_apparmor || security.and_then(|s| obj(s, "appArmorProfile")).is_some();
        if root.is_some() && !has_apparmor_field {
            let key = format!("{APPARMOR_CONTAINER_PREFIX}{name}");
            if has_annotation(&key) {
                warnings.push(format!(
                    r#"{}: deprecated since v1.30; use the "appArmorProfile" field instead"#,
                    annotation_path.key(&key)
                ));
            }
        }

        let resources = obj(c, "resources");
        let limits = resources.and_then(|r| obj(r, "limits"));
        let requests = resources.and_then(|r| obj(r, "requests"));
        let resources_path = path.child("resources");
        let limits_path = resources_path.child("limits");
        let requests_path = resources_path.child("requests");
        warnings.extend(fractional_bytes(limits, "memory", &limits_path));
        warnings.extend(fractional_bytes(requests, "memory", &requests_path));
        warnings.extend(fractional_bytes(limits, "ephemeral-storage", &limits_path));
        warnings.extend(fractional_bytes(
            requests,
            "ephemeral-storage",
            &requests_path,
        ));

        // Duplicate env names that apply may drop.
        let env = items(c, "env");
        if env.len() > 1 {
            let mut seen = FxHashSet::default();
            for (i, var) in env.iter().enumerate() {
                let var_name = text(var, "name");
                if seen.insert(var_name) {
                    continue;
                }
                let value = text(var, "value");
                let reference = format!("$({var_name})");
                let bad = obj(var, "valueFrom").is_some()
                    || value == reference
                    || !value.contains(&reference);
                if bad {
                    warnings.push(format!(
                        "{}: hides previous definition of {}, which may be dropped when using apply",
                        path.child("env").index(i),
                        go_quote(var_name)
                    ));
                }
            }
        }
    }

    warnings.extend(port_warnings(&containers));

    if int(spec, "terminationGracePeriodSeconds").is_some_and(|g| g < 0) {
        warnings.push(format!(
            "{}: must be >= 0; negative values are invalid and will be treated as 1",
            spec_path.child("terminationGracePeriodSeconds")
        ));
    }

    if let Some(affinity) = affinity {
        for kind in ["podAffinity", "podAntiAffinity"] {
            let Some(terms) = obj(affinity, kind) else {
                continue;
            };
            let path = spec_path.child("affinity").child(kind);
            let required = path.child("requiredDuringSchedulingIgnoredDuringExecution");
            let required_terms = items(terms, "requiredDuringSchedulingIgnoredDuringExecution");
            for (i, term) in required_terms.iter().enumerate() {
                if obj(term, "labelSelector").is_none() {
                    warnings.push(null_selector(&required.index(i).child("labelSelector")));
                }
            }
            let preferred = path.child("preferredDuringSchedulingIgnoredDuringExecution");
            let preferred_terms = items(terms, "preferredDuringSchedulingIgnoredDuringExecution");
            for (i, term) in preferred_terms.iter().enumerate() {
                let selector = obj(term, "podAffinityTerm").and_then(|t| obj(t, "labelSelector"));
                if selector.is_none() {
                    warnings.push(null_selector(
                        &preferred
                            .index(i)
                            .child("podAffinityTerm")
                            .child("labelSelector"),
                    ));
                }
            }
        }
    }

    warnings
}

/// The null label selector warning of topology spread and pod affinity terms.
/// `<list>[i].<key>: duplicate <key> "…"` for each repeated value of `key`
/// in the pod spec's `list` (the hostAliases and imagePullSecrets checks).
fn duplicates(spec: &Json, spec_path: &Path, list: &str, key: &str) -> Vec<String> {
    let entries = items(spec, list);
    let mut seen = FxHashSet::default();
    let mut out = Vec::new();
    if entries.len() > 1 {
        for (i, entry) in entries.iter().enumerate() {
            let value = text(entry, key);
            if !seen.insert(value) {
                out.push(format!(
                    "{}: duplicate {key} {}",
                    spec_path.child(list).index(i).child(key),
                    go_quote(value)
                ));
            }
        }
    }
    out
}

fn null_selector(path: &Path) -> String {
    format!("{path}: a null labelSelector results in matching no pod")
}

/// `nodeapi.GetWarningsForNodeSelectorTerm`.
fn node_selector_term_warnings(term: &Json, path: &Path) -> Vec<String> {
    let mut warnings = Vec::new();
    for (i, expression) in items(term, "matchExpressions").iter().enumerate() {
        let key = text(expression, "key");
        if let Some(msg) = deprecated_node_label(key) {
            warnings.push(format!(
                "{}: {key} is {msg}",
                path.child("matchExpressions").index(i).child("key")
            ));
        }
    }
    warnings
}

/// The fractional byte warning for `list[resource]` (`MilliValue() % 1000 != 0`
/// after `SetDefaults_ResourceList` rounds the value up to milli units).
fn fractional_bytes(list: Option<&Json>, resource: &str, path: &Path) -> Option<String> {
    let value = list?.get(resource)?;
    let mut quantity: Quantity = from_json(value).ok()?;
    quantity.round_up_milli();
    if quantity.is_integer() {
        return None;
    }
    Some(format!(
        "{}: fractional byte value {} is invalid, must be an integer",
        path.key(resource),
        go_quote(&quantity.canonical())
    ))
}

/// `pvcutil.GetWarningsForPersistentVolumeClaimSpec`: fractional storage
/// requests and limits.
fn pvc_spec_warnings(path: &Path, spec: &Json) -> Vec<String> {
    let resources = obj(spec, "resources");
    let resources_path = path.child("resources");
    let mut warnings = Vec::new();
    warnings.extend(fractional_bytes(
        resources.and_then(|r| obj(r, "requests")),
        "storage",
        &resources_path.child("requests"),
    ));
    warnings.extend(fractional_bytes(
        resources.and_then(|r| obj(r, "limits")),
        "storage",
        &resources_path.child("limits"),
    ));
    warnings
}

/// `pods.VisitContainersWithPath`: init containers, containers, then
/// ephemeral containers, each with its path.
fn containers_with_paths<'a>(spec: &'a Json, spec_path: &Path) -> Vec<(&'a Json, Path)> {
    let mut out = Vec::new();
    for kind in ["initContainers", "containers", "ephemeralContainers"] {
        for (i, c) in items(spec, kind).iter().enumerate() {
            out.push((c, spec_path.child(kind).index(i)));
        }
    }
    out
}

/// One container port as the warnings compare it (after
/// `SetDefaults_ContainerPort`).
struct Port<'a> {
    path: Path,
    name: &'a str,
    host_port: i64,
    container_port: i64,
    protocol: &'a str,
    host_ip: &'a str,
}

/// The hostIP-without-hostPort and duplicate / overlapping / ambiguous port
/// warnings of `warningsForPodSpecAndMeta`, across all containers.
fn port_warnings(containers: &[(&Json, Path)]) -> Vec<String> {
    let mut warnings = Vec::new();
    let mut seen: Vec<(String, Vec<Port>)> = Vec::new();
    for (c, c_path) in containers {
        for (i, p) in items(c, "ports").iter().enumerate() {
            let port = Port {
                path: c_path.child("ports").index(i),
                name: text(p, "name"),
                host_port: int(p, "hostPort").unwrap_or(0),
                container_port: int(p, "containerPort").unwrap_or(0),
                protocol: match text(p, "protocol") {
                    "" => "TCP",
                    other => other,
                },
                host_ip: text(p, "hostIP"),
            };
            if !port.host_ip.is_empty() && port.host_port == 0 {
                // `%+v` of the internal ContainerPort.
                warnings.push(format!(
                    "{}: hostIP set without hostPort: {{Name:{} HostPort:{} ContainerPort:{} Protocol:{} HostIP:{}}}",
                    port.path, port.name, port.host_port, port.container_port, port.protocol, port.host_ip
                ));
            }
            let key = format!("{}/{}", port.container_port, port.protocol);
            let slot = match seen.iter().position(|(k, _)| *k == key) {
                Some(at) => at,
                None => {
                    seen.push((key, Vec::new()));
                    seen.len() - 1
                }
            };
            for other in &seen[slot].1 {
                let same_ip = port.host_ip == other.host_ip;
                if same_ip && port.host_port == other.host_port {
                    warnings.push(format!(
                        "{}: duplicate port definition with {}",
                        port.path, other.path
                    ));
                } else if port.host_port == 0 || other.host_port == 0 {
                    warnings.push(format!(
                        "{}: overlapping port definition with {}",
                        port.path, other.path
                    ));
                } else if port.host_port == other.host_port
                    && (port.host_ip.is_empty() != other.host_ip.is_empty())
                {
                    warnings.push(format!(
                        "{}: dangerously ambiguous port definition with {}",
                        port.path, other.path
                    ));
                }
            }
            seen[slot].1.push(port);
        }
    }
    warnings
}

/// `warningsForOverlappingVirtualPaths`.
fn overlapping_virtual_paths(volumes: &[Json]) -> Vec<String> {
    let mut warnings = Vec::new();
    for v in volumes {
        let name = go_quote(text(v, "name"));
        if let Some(cm) = obj(v, "configMap").filter(|cm| has_items(cm)) {
            let msg = format!(
                "volume {name} (ConfigMap {}): overlapping paths",
                go_quote(text(cm, "name"))
            );
            warnings.extend(check_overlap(&item_paths(cm), &msg));
        }
        if let Some(secret) = obj(v, "secret").filter(|s| has_items(s)) {
            let msg = format!(
                "volume {name} (Secret {}): overlapping paths",
                go_quote(text(secret, "secretName"))
            );
            warnings.extend(check_overlap(&item_paths(secret), &msg));
        }
        if let Some(downward) = obj(v, "downwardAPI").filter(|d| has_items(d)) {
            let msg = format!("volume {name} (DownwardAPI): overlapping paths");
            warnings.extend(check_overlap(&item_paths(downward), &msg));
        }
        let Some(projected) = obj(v, "projected") else {
            continue;
        };
        // Declared outside the loop as upstream does: a source that matches
        // no case is checked again with the previous source's paths.
        let mut source_paths: Vec<String> = Vec::new();
        let mut msg = String::new();
        let mut all_paths: Vec<String> = Vec::new();
        for source in items(projected, "sources") {
            const KINDS: &[&str] = &[
                "configMap",
                "secret",
                "downwardAPI",
                "serviceAccountToken",
                "clusterTrustBundle",
                "podCertificate",
            ];
            if KINDS.iter().all(|k| obj(source, k).is_none()) {
                warnings.push(format!("volume {name} (Projected) has no sources provided"));
                continue;
            }
            if let Some(cm) = obj(source, "configMap").filter(|cm| has_items(cm)) {
                source_paths = item_paths(cm);
                msg = format!(
                    "volume {name} (Projected ConfigMap {}): overlapping paths",
                    go_quote(text(cm, "name"))
                );
            } else if let Some(secret) = obj(source, "secret").filter(|s| has_items(s)) {
                source_paths = item_paths(secret);
                msg = format!(
                    "volume {name} (Projected Secret {}): overlapping paths",
                    go_quote(text(secret, "name"))
                );
            } else if let Some(downward) = obj(source, "downwardAPI").filter(|d| has_items(d)) {
                source_paths = item_paths(downward);
                msg = format!("volume {name} (Projected DownwardAPI): overlapping paths");
            } else if let Some(token) = obj(source, "serviceAccountToken") {
                source_paths = vec![text(token, "path").to_string()];
                msg = format!("volume {name} (Projected ServiceAccountToken): overlapping paths");
            } else if let Some(bundle) = obj(source, "clusterTrustBundle") {
                source_paths = vec![text(bundle, "path").to_string()];
                let bundle_name = match bundle.get("name").and_then(Json::as_str) {
                    Some(n) => n,
                    None => text(bundle, "signerName"),
                };
                msg = format!(
                    "volume {name} (Projected ClusterTrustBundle {}): overlapping paths",
                    go_quote(bundle_name)
                );
            }
            if source_paths.is_empty() {
                continue;
            }
            warnings.extend(check_overlap(&source_paths, &msg));
            let mut unique: Vec<String> = Vec::new();
            for p in &source_paths {
                if !unique.contains(p) {
                    unique.push(p.clone());
                }
            }
            let mut ordered: Vec<String> = unique.iter().chain(&all_paths).cloned().collect();
            ordered.sort();
            warnings.extend(check_overlap(&ordered, &msg));
            for p in unique {
                if !all_paths.contains(&p) {
                    all_paths.push(p);
                }
            }
        }
    }
    warnings
}

/// `Items != nil`: the list is given (JSON null or absent is nil).
fn has_items(source: &Json) -> bool {
    source.get("items").is_some_and(Json::is_array)
}

/// `extractPaths` / `extractPathsDownwardAPI`.
fn item_paths(source: &Json) -> Vec<String> {
    items(source, "items")
        .iter()
        .map(|item| text(item, "path").to_string())
        .collect()
}

/// `checkVolumeMappingForOverlap`: each path (trailing `/` trimmed) against
/// the ones before it.
fn check_overlap(paths: &[String], msg: &str) -> Vec<String> {
    let mut warnings = Vec::new();
    let mut unique: Vec<&str> = Vec::new();
    for path in paths {
        let normalized = path.trim_end_matches('/');
        if let Some(collision) = overlap_with(&unique, normalized) {
            warnings.push(format!(
                "{msg}: {} with {}",
                go_quote(normalized),
                go_quote(collision)
            ));
        }
        if !unique.contains(&normalized) {
            unique.push(normalized);
        }
    }
    warnings
}

/// `checkForOverlap`, walking the set in insertion order (Go's is random):
/// the first item that is empty (or an empty `path`) ends the search with no
/// collision; otherwise an equal item or one that is a string prefix of the
/// other once a `/` is appended.
fn overlap_with<'a>(paths: &[&'a str], path: &str) -> Option<&'a str> {
    for &item in paths {
        if item.is_empty() || path.is_empty() {
            return None;
        }
        if item == path
            || format!("{item}/").starts_with(path)
            || format!("{path}/").starts_with(item)
        {
            return Some(item);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template(t: Json) -> Vec<String> {
        pod_template_warnings(None, &t)
    }

    #[test]
    fn ports_are_compared_after_the_tcp_default() {
        let w = template(json!({"spec": {"containers": [{"name": "a", "ports": [
            {"containerPort": 80, "hostIP": "10.0.0.1"},
            {"containerPort": 80, "protocol": "TCP", "hostIP": "10.0.0.1"}
        ]}]}}));
        assert_eq!(
            w,
            [
                "spec.containers[0].ports[0]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:80 Protocol:TCP HostIP:10.0.0.1}",
                "spec.containers[0].ports[1]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:80 Protocol:TCP HostIP:10.0.0.1}",
                "spec.containers[0].ports[1]: duplicate port definition with spec.containers[0].ports[0]",
            ]
        );
    }

    #[test]
    fn fractional_bytes_are_shown_after_rounding_up_to_milli() {
        let w = template(json!({"spec": {"containers": [{"name": "a", "resources": {
            "limits": {"memory": 0.5, "ephemeral-storage": "1Gi"},
            "requests": {"memory": "100u", "cpu": "0.5"}
        }}]}}));
        assert_eq!(
            w,
            [
                r#"spec.containers[0].resources.limits[memory]: fractional byte value "500m" is invalid, must be an integer"#,
                r#"spec.containers[0].resources.requests[memory]: fractional byte value "1m" is invalid, must be an integer"#,
            ]
        );
    }

    #[test]
    fn a_projected_source_without_a_case_rechecks_the_previous_paths() {
        // warningsForOverlappingVirtualPaths keeps sourcePaths and the
        // message across sources.
        let w = template(
            json!({"spec": {"volumes": [{"name": "v", "projected": {"sources": [
                {"secret": {"name": "s", "items": [{"key": "k", "path": "a"}]}},
                {"configMap": {"name": "c"}}
            ]}}]}}),
        );
        assert_eq!(
            w,
            [r#"volume "v" (Projected Secret "s"): overlapping paths: "a" with "a""#]
        );
    }

    #[test]
    fn apparmor_annotations_warn_only_under_a_template_path() {
        let t = json!({
            "metadata": {"annotations": {"container.apparmor.security.beta.kubernetes.io/a": "unconfined"}},
            "spec": {"containers": [{"name": "a"}]}
        });
        assert!(template(t.clone()).is_empty());
        assert_eq!(
            pod_template_warnings(Some(&Path::new("spec.template")), &t),
            [
                r#"spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/a]: deprecated since v1.30; use the "appArmorProfile" field instead"#
            ]
        );
    }

    /// Upstream's `TestCheckForOverLap` (pkg/api/pod/warnings_test.go), every row.
    #[test]
    fn check_for_overlap_rows() {
        let rows: &[(&str, &[&str], &str, &str)] = &[
            ("exact match", &["path/path1"], "path/path1", "path/path1"),
            ("no match", &["path/path1"], "path2/path1", ""),
            ("empty checkPaths", &[], "path2/path1", ""),
            ("empty string in checkPaths", &[""], "path2/path1", ""),
            ("empty path", &["test"], "", ""),
            ("empty strings in checkPaths and path", &[""], "", ""),
            (
                "between file and dir",
                &["path/path1"],
                "path",
                "path/path1",
            ),
            ("between dir and file", &["path"], "path/path1", "path"),
            (
                "multiple paths without overlap",
                &["path1/path", "path2/path", "path3/path"],
                "path4/path",
                "",
            ),
            (
                "multiple paths with overlap",
                &["path1/path", "path2/path", "path3/path"],
                "path3/path3",
                "path3/path",
            ),
            (
                "partial overlap",
                &["path1/path", "path2/path", "path3/path"],
                "path101/path3",
                "",
            ),
            (
                "partial overlap in path",
                &["path101/path", "path2/path", "path3/path"],
                "path1/path3",
                "",
            ),
            (
                "trailing slash in path",
                &["path1/path3"],
                "path1/path3/",
                "path1/path3",
            ),
            (
                "trailing slash in checkPaths",
                &["path1/path3/"],
                "path1/path3",
                "path1/path3/",
            ),
        ];
        for (name, paths, path, expected) in rows {
            assert_eq!(overlap_with(paths, path).unwrap_or(""), *expected, "{name}");
        }
    }

    #[test]
    fn generated_names_are_checked_with_their_suffix() {
        let job: Job =
            serde_json::from_value(json!({"metadata": {"generateName": "Nightly-"}})).expect("job");
        let w = job_create_warnings(&job);
        assert_eq!(w.len(), 1);
        assert!(
            w[0].starts_with("metadata.name: this is used in Pod names"),
            "{w:?}"
        );
    }
}
