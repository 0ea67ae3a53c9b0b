//! The pod-template rules a Job author can trip
//! (`pkg/apis/core/validation` `ValidatePodTemplateSpec`): labels,
//! annotations (and the pod-specific ones), volumes, resource claims, the
//! container rules of `validateContainerCommon` / `validateContainers` /
//! `validateInitContainers`, and the pod-level rules of `ValidatePodSpec`.
//! Each submodule says what it leaves out. The API server's defaulting
//! (`SetDefaults_PodSpec`, `_Container`, `_Probe`, `_ResourceList`, ...) is
//! mirrored where a rule reads a defaulted field; a field of the wrong JSON
//! type counts as unset.

mod affinity;
mod container;
mod gojson;
mod ip;
pub(crate) mod json;
pub(crate) mod quantity;
mod resources;
mod security;
mod spec;
mod volume;

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::Value as Json;

use self::container::{
    check_host_port_conflicts, validate_container_ports, validate_env, validate_env_from,
    validate_lifecycle, validate_probe, validate_pull_policy, validate_resize_policy,
    validate_resources, validate_termination_message_policy, ProbeKind,
};
use self::json::{items, name_paths, obj, text};
use super::field::{FieldError, Path, Value};
use super::meta::{is_dns1123_label, validate_annotations, validate_labels};
use crate::api::{Container, PodTemplateSpec, RestartPolicy};

/// `v1.DefaultTerminationGracePeriodSeconds` (`SetDefaults_PodSpec`).
const DEFAULT_GRACE_PERIOD: i64 = 30;

/// `ValidatePodTemplateSpec`. `restartPolicy` is read after pod defaulting
/// (unset means `Always`).
pub fn validate_pod_template_spec(template: &PodTemplateSpec, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    errs.extend(validate_labels(
        template.metadata.labels.as_deref(),
        &path.child("labels"),
    ));
    errs.extend(validate_annotations(
        template.metadata.annotations.as_deref(),
        &path.child("annotations"),
    ));
    let spec_path = path.child("spec");
    let spec = &template.spec;
    errs.extend(spec::validate_pod_specific_annotations(
        template.metadata.annotations.as_deref(),
        spec,
        &path.child("annotations"),
    ));
    let (volume_errs, volumes) =
        validate_volumes(spec.extra.get("volumes"), &spec_path.child("volumes"));
    errs.extend(volume_errs);
    errs.extend(spec::validate_pod_resource_claims(
        spec,
        &spec_path.child("resourceClaims"),
    ));
    let grace = spec
        .termination_grace_period_seconds
        .unwrap_or(DEFAULT_GRACE_PERIOD);
    // gatherPodResourceClaimNames.
    let claim_names: BTreeSet<String> = items_of(spec.extra.get("resourceClaims"))
        .iter()
        .filter_map(|c| c.get("name").and_then(Json::as_str))
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    let restart_policy = match &spec.restart_policy {
        None => "Always",
        Some(RestartPolicy::Other(p)) if p.is_empty() => "Always",
        Some(p) => p.as_str(),
    };
    let ctx = Ctx {
        volumes: &volumes,
        claim_names: &claim_names,
        restart_policy,
        host_users: spec.extra.get("hostUsers").and_then(Json::as_bool) != Some(false),
    };
    let mut names = FxHashSet::default();
    let containers_path = spec_path.child("containers");
    if spec.containers.is_empty() {
        errs.push(FieldError::required(&containers_path, ""));
    }
    let regular: Vec<Json> = spec.containers.iter().map(container_json).collect();
    for (i, (c, cj)) in spec.containers.iter().zip(&regular).enumerate() {
        let cp = containers_path.index(i);
        errs.extend(validate_container_common(c, cj, &cp, &ctx));
        // validateContainers: the duplicate name before the forbidden restartPolicy.
        if !names.insert(c.name.clone()) {
            errs.push(FieldError::duplicate(
                &cp.child("name"),
                Value::Str(c.name.clone()),
            ));
        }
        errs.extend(validate_lifecycle_and_probes(cj, &cp, grace));
        errs.extend(validate_container_restart(c, cj, &cp));
    }
    if !regular.is_empty() {
        let all: Vec<(usize, &Json)> = regular.iter().enumerate().collect();
        errs.extend(check_host_port_conflicts(&all, &containers_path));
    }
    let init_path = spec_path.child("initContainers");
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        let cp = init_path.index(i);
        let cj = container_json(c);
        errs.extend(validate_container_common(c, &cj, &cp, &ctx));
        errs.extend(validate_container_restart(c, &cj, &cp));
        if names.contains(&c.name) {
            errs.push(FieldError::duplicate(
                &cp.child("name"),
                Value::Str(c.name.clone()),
            ));
        } else if !c.name.is_empty() {
            names.insert(c.name.clone());
        }
        // validateInitContainers checks each one alone, so its index is always 0.
        errs.extend(check_host_port_conflicts(&[(0, &cj)], &init_path));
        if c.restart_policy == Some(RestartPolicy::Always) {
            errs.extend(validate_lifecycle_and_probes(&cj, &cp, grace));
        } else {
            for key in [
                "lifecycle",
                "livenessProbe",
                "readinessProbe",
                "startupProbe",
            ] {
                if obj(&cj, key).is_some() {
                    errs.push(FieldError::forbidden(
                        &cp.child(key),
                        "may not be set for init containers without restartPolicy=Always",
                    ));
                }
            }
        }
    }
    errs.extend(validate_ephemeral_containers(spec, &spec_path, &ctx));
    errs.extend(resources::validate_pod_resources(
        spec,
        &claim_names,
        &spec_path.child("resources"),
    ));
    errs.extend(spec::validate_host_network_deps(spec, &spec_path));
    // SetDefaults_PodSpec: an unset or empty restartPolicy becomes Always.
    if let Some(RestartPolicy::Other(other)) = &spec.restart_policy {
        if !other.is_empty() {
            errs.push(FieldError::not_supported(
                &spec_path.child("restartPolicy"),
                Value::Str(other.to_string()),
                RestartPolicy::KNOWN,
            ));
        }
    }
    errs.extend(spec::validate_pod_level(spec, &spec_path));
    errs.extend(spec::validate_seccomp_annotations_and_fields(
        template.metadata.annotations.as_deref(),
        spec,
        &spec_path,
    ));
    errs.extend(spec::validate_apparmor_annotations_and_fields(
        template.metadata.annotations.as_deref(),
        spec,
        &spec_path,
    ));
    // ValidatePodTemplateSpec: no ephemeral containers in a template.
    if !items_of(spec.extra.get("ephemeralContainers")).is_empty() {
        errs.push(FieldError::forbidden(
            &spec_path.child("ephemeralContainers"),
            "ephemeral containers not allowed in pod template",
        ));
    }
    errs
}

/// `validateEphemeralContainers`: upstream runs it for pod templates too
/// (before the template's own "not allowed" error). Each one gets the
/// common container checks, the image whitespace check, a name unique
/// across all containers, an existing target, none of the fields outside
/// `allowedEphemeralContainerFields`, and no subPath mounts.
fn validate_ephemeral_containers(
    spec: &crate::api::PodSpec,
    spec_path: &Path,
    ctx: &Ctx,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let ephemeral = items_of(spec.extra.get("ephemeralContainers"));
    if ephemeral.is_empty() {
        return errs;
    }
    let other: FxHashSet<String> = spec
        .containers
        .iter()
        .chain(spec.init_containers.iter().flatten())
        .map(|c| c.name.clone())
        .collect();
    let mut all = other.clone();
    let list_path = spec_path.child("ephemeralContainers");
    const NOT_ALLOWED: &str = "cannot be set for an Ephemeral Container";
    for (i, e) in ephemeral.iter().enumerate() {
        let cp = list_path.index(i);
        let name = e.get("name").and_then(Json::as_str).unwrap_or("");
        let image = e.get("image").and_then(Json::as_str);
        let c = Container {
            name: name.to_string(),
            image: image.map(str::to_string),
            ..Container::default()
        };
        errs.extend(validate_container_common(&c, e, &cp, ctx));
        // validateContainerOnlyForPod
        if let Some(image) = image.filter(|i| i.trim().len() != i.len()) {
            errs.push(FieldError::invalid(
                &cp.child("image"),
                Value::Str(image.to_string()),
                "must not have leading or trailing whitespace",
            ));
        }
        if !all.insert(name.to_string()) {
            errs.push(FieldError::duplicate(
                &cp.child("name"),
                Value::Str(name.to_string()),
            ));
        }
        let target = e
            .get("targetContainerName")
            .and_then(Json::as_str)
            .unwrap_or("");
        if !target.is_empty() && !other.contains(target) {
            errs.push(FieldError::not_found(
                &cp.child("targetContainerName"),
                Value::Str(target.to_string()),
            ));
        }
        // validateFieldAllowList in EphemeralContainerCommon's field order
        // (a field is set when it differs from Go's zero value; an empty
        // list is not nil).
        let set = |key: &str| e.get(key).is_some_and(|v| !v.is_null());
        let resources_set = e.get("resources").is_some_and(|r| {
            ["limits", "requests", "claims"]
                .iter()
                .any(|k| r.get(*k).is_some_and(|v| !v.is_null()))
        });
        for (key, is_set) in [
            ("ports", set("ports")),
            ("resources", resources_set),
            ("resizePolicy", set("resizePolicy")),
            ("restartPolicy", set("restartPolicy")),
            ("livenessProbe", set("livenessProbe")),
            ("readinessProbe", set("readinessProbe")),
            ("startupProbe", set("startupProbe")),
            ("lifecycle", set("lifecycle")),
        ] {
            if is_set {
                errs.push(FieldError::forbidden(&cp.child(key), NOT_ALLOWED));
            }
        }
        for (j, m) in items(e, "volumeMounts").iter().enumerate() {
            let mp = cp.child("volumeMounts").index(j);
            for key in ["subPath", "subPathExpr"] {
                if m.get(key)
                    .and_then(Json::as_str)
                    .is_some_and(|v| !v.is_empty())
                {
                    errs.push(FieldError::forbidden(&mp.child(key), NOT_ALLOWED));
                }
            }
        }
    }
    errs
}

/// What every container check needs from the pod spec.
struct Ctx<'a> {
    volumes: &'a FxHashMap<&'a str, &'a str>,
    claim_names: &'a BTreeSet<String>,
    /// The pod restartPolicy after defaulting (unset or empty is Always).
    restart_policy: &'a str,
    /// `hostUsers` (unset means true).
    host_users: bool,
}

fn items_of(v: Option<&Json>) -> &[Json] {
    v.and_then(Json::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// The container's verbatim fields as one JSON object.
fn container_json(c: &Container) -> Json {
    Json::Object((*c.extra).clone())
}

/// The lifecycle and probe checks of `validateContainers` (also run for
/// restartable init containers).
fn validate_lifecycle_and_probes(cj: &Json, cp: &Path, grace: i64) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if let Some(lc) = obj(cj, "lifecycle") {
        errs.extend(validate_lifecycle(lc, grace, &cp.child("lifecycle")));
    }
    for (key, kind) in [
        ("livenessProbe", ProbeKind::Liveness),
        ("readinessProbe", ProbeKind::Readiness),
        ("startupProbe", ProbeKind::Startup),
    ] {
        if let Some(p) = obj(cj, key) {
            errs.extend(validate_probe(p, kind, grace, &cp.child(key)));
        }
    }
    errs
}

/// `ValidateVolumes`: each volume's source (`validateVolumeSource`), then
/// its name (required, a DNS label, unique among the valid volumes). Also
/// returns the volumes without errors (the ones a mount may name), each with
/// the JSON name of its source.
fn validate_volumes<'a>(
    volumes: Option<&'a serde_json::Value>,
    path: &Path,
) -> (Vec<FieldError>, FxHashMap<&'a str, &'a str>) {
    let mut errs = Vec::new();
    let mut names = FxHashMap::default();
    let Some(volumes) = volumes.and_then(serde_json::Value::as_array) else {
        return (errs, names);
    };
    for (i, volume) in volumes.iter().enumerate() {
        let vp = path.index(i);
        let name_path = vp.child("name");
        let name = volume
            .get("name")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("");
        let mut el = Vec::new();
        let (source_errs, source) = volume::validate_volume_source(volume, &vp);
        el.extend(source_errs);
        if name.is_empty() {
            el.push(FieldError::required(&name_path, ""));
        } else {
            for msg in is_dns1123_label(name) {
                el.push(FieldError::invalid(
                    &name_path,
                    Value::Str(name.to_string()),
                    msg,
                ));
            }
        }
        if names.contains_key(name) {
            el.push(FieldError::duplicate(
                &name_path,
                Value::Str(name.to_string()),
            ));
        }
        if el.is_empty() {
            names.insert(name, source.unwrap_or(""));
        } else {
            errs.extend(el);
        }
    }
    (errs, names)
}

/// `validateLocalDescendingPath`: relative, without a `..` element.
fn validate_local_descending_path(target: &str, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if target.starts_with('/') {
        errs.push(FieldError::invalid(
            path,
            Value::Str(target.to_string()),
            "must be a relative path",
        ));
    }
    if target.split('/').any(|part| part == "..") {
        errs.push(FieldError::invalid(
            path,
            Value::Str(target.to_string()),
            "must not contain '..'",
        ));
    }
    errs
}

/// Container restart rules (KEP-5307, `ContainerRestartRules`, beta and on
/// by default since 1.35; `RestartAllContainersOnContainerExits` since
/// 1.36): any container may set its own `restartPolicy` (an init container
/// with `Always` is a sidecar), and `restartPolicyRules` need it set.
/// Mirrors `validateContainerRestartPolicy` / `validateContainerRestartRules`
/// as the 1.36 API server answers (the stored `validation.go` predates them).
fn validate_container_restart(c: &Container, cj: &Json, path: &Path) -> Vec<FieldError> {
    const POLICIES: &[&str] = &["Always", "OnFailure", "Never"];
    let mut errs = Vec::new();
    if let Some(RestartPolicy::Other(other)) = &c.restart_policy {
        errs.push(FieldError::not_supported(
            &path.child("restartPolicy"),
            Value::Str(other.clone()),
            POLICIES,
        ));
    }
    let rules = items(cj, "restartPolicyRules");
    if !rules.is_empty() && c.restart_policy.is_none() {
        errs.push(FieldError::required(
            &path.child("restartPolicy"),
            "must specify restartPolicy when restart rules are used",
        ));
    }
    let rules_path = path.child("restartPolicyRules");
    for (j, rule) in rules.iter().enumerate() {
        let rp = rules_path.index(j);
        let action = rule.get("action").and_then(Json::as_str).unwrap_or("");
        if !matches!(action, "Restart" | "RestartAllContainers") {
            errs.push(FieldError::not_supported(
                &rp.child("action"),
                Value::Str(action.to_string()),
                &["Restart", "RestartAllContainers"],
            ));
        }
        match obj(rule, "exitCodes") {
            None => errs.push(FieldError::required(&rp.child("exitCodes"), "")),
            Some(codes) => {
                let operator = codes.get("operator").and_then(Json::as_str).unwrap_or("");
                if !matches!(operator, "In" | "NotIn") {
                    errs.push(FieldError::not_supported(
                        &rp.child("exitCodes").child("operator"),
                        Value::Str(operator.to_string()),
                        &["In", "NotIn"],
                    ));
                }
            }
        }
    }
    errs
}

/// `ValidateVolumeMounts`: name and mountPath, overlap with the container's
/// volumeDevices, subPath / subPathExpr,
/// mountPropagation and recursiveReadOnly. `path` is the list's path; like
/// upstream, some errors name the list's path rather than the item's.
fn validate_volume_mounts(
    cj: &Json,
    volumes: &FxHashMap<&str, &str>,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let devices = name_paths(cj, "volumeDevices", "devicePath");
    let privileged = cj
        .get("securityContext")
        .and_then(|sc| sc.get("privileged"))
        .and_then(Json::as_bool)
        == Some(true);
    let mut mount_points = FxHashSet::default();
    for (i, mount) in items(cj, "volumeMounts").iter().enumerate() {
        let mp = path.index(i);
        let name = text(mount, "name");
        let mount_path = text(mount, "mountPath");
        if name.is_empty() {
            errs.push(FieldError::required(&mp.child("name"), ""));
        }
        if !volumes.contains_key(name) {
            errs.push(FieldError::not_found(
                &mp.child("name"),
                Value::Str(name.to_string()),
            ));
        }
        if mount_path.is_empty() {
            errs.push(FieldError::required(&mp.child("mountPath"), ""));
        }
        if !mount_points.insert(mount_path) {
            errs.push(FieldError::invalid(
                &mp.child("mountPath"),
                Value::Str(mount_path.to_string()),
                "must be unique",
            ));
        }
        if devices.iter().any(|(n, _)| *n == name) {
            errs.push(FieldError::invalid(
                &mp.child("name"),
                Value::Str(name.to_string()),
                "must not already exist in volumeDevices",
            ));
        }
        if devices.iter().any(|(_, p)| *p == mount_path) {
            errs.push(FieldError::invalid(
                &mp.child("mountPath"),
                Value::Str(mount_path.to_string()),
                "must not already exist as a path in volumeDevices",
            ));
        }
        let sub_path = text(mount, "subPath");
        let sub_path_expr = text(mount, "subPathExpr");
        // Image volumes take subPath / subPathExpr since 1.33 (kubernetes#130135
        // dropped ValidateVolumeMounts' "not allowed in image volume sources").
        if !sub_path.is_empty() {
            errs.extend(validate_local_descending_path(
                sub_path,
                &path.child("subPath"),
            ));
        }
        if !sub_path_expr.is_empty() {
            if !sub_path.is_empty() {
                errs.push(FieldError::invalid(
                    &mp.child("subPathExpr"),
                    Value::Str(sub_path_expr.to_string()),
                    "subPathExpr and subPath are mutually exclusive",
                ));
            }
            errs.extend(validate_local_descending_path(
                sub_path_expr,
                &path.child("subPathExpr"),
            ));
        }
        let propagation = mount.get("mountPropagation").and_then(Json::as_str);
        if let Some(mode) = propagation {
            // validateMountPropagation
            let pp = path.child("mountPropagation");
            if !["Bidirectional", "HostToContainer", "None"].contains(&mode) {
                errs.push(FieldError::not_supported(
                    &pp,
                    Value::Str(mode.to_string()),
                    &["Bidirectional", "HostToContainer", "None"],
                ));
            }
            if mode == "Bidirectional" && !privileged {
                errs.push(FieldError::forbidden(
                    &pp,
                    "Bidirectional mount propagation is available only to privileged containers",
                ));
            }
        }
        // validateMountRecursiveReadOnly
        if let Some(rro) = mount.get("recursiveReadOnly").and_then(Json::as_str) {
            let rp = path.child("recursiveReadOnly");
            match rro {
                "Disabled" => {}
                "Enabled" | "IfPossible" => {
                    if mount.get("readOnly").and_then(Json::as_bool) != Some(true) {
                        errs.push(FieldError::forbidden(
                            &rp,
                            "may only be specified when readOnly is true",
                        ));
                    }
                    if propagation.is_some_and(|m| m != "None") {
                        errs.push(FieldError::forbidden(
                            &rp,
                            "may only be specified when mountPropagation is None or not specified",
                        ));
                    }
                }
                other => errs.push(FieldError::not_supported(
                    &rp,
                    Value::Str(other.to_string()),
                    &["Disabled", "Enabled", "IfPossible"],
                )),
            }
        }
    }
    errs
}

/// `ValidateVolumeDevices`: block devices from PVC or ephemeral volumes.
fn validate_volume_devices(
    cj: &Json,
    volumes: &FxHashMap<&str, &str>,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mounts = name_paths(cj, "volumeMounts", "mountPath");
    let mut device_paths = FxHashSet::default();
    let mut device_names = FxHashSet::default();
    for (i, dev) in items(cj, "volumeDevices").iter().enumerate() {
        let ip = path.index(i);
        let name = text(dev, "name");
        let dev_path = text(dev, "devicePath");
        let source = volumes.get(name);
        let invalid = |p: &Path, v: &str, msg: &str| {
            FieldError::invalid(p, Value::Str(v.to_string()), msg.to_string())
        };
        if name.is_empty() {
            errs.push(FieldError::required(&ip.child("name"), ""));
        }
        if device_names.contains(name) {
            errs.push(invalid(&ip.child("name"), name, "must be unique"));
        }
        match source {
            Some(&"persistentVolumeClaim") | Some(&"ephemeral") => {}
            Some(_) => errs.push(invalid(
                &ip.child("name"),
                name,
                "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode",
            )),
            None => errs.push(FieldError::not_found(
                &ip.child("name"),
                Value::Str(name.to_string()),
            )),
        }
        if dev_path.is_empty() {
            errs.push(FieldError::required(&ip.child("devicePath"), ""));
        }
        if device_paths.contains(dev_path) {
            errs.push(invalid(&ip.child("devicePath"), dev_path, "must be unique"));
        }
        if !dev_path.is_empty() && dev_path.split('/').any(|part| part == "..") {
            errs.push(invalid(
                &ip.child("devicePath"),
                dev_path,
                "can not contain backsteps ('..')",
            ));
        } else {
            device_paths.insert(dev_path);
        }
        if mounts.iter().any(|(n, _)| *n == name) {
            errs.push(invalid(
                &ip.child("name"),
                name,
                "must not already exist in volumeMounts",
            ));
        }
        if mounts.iter().any(|(_, p)| *p == dev_path) {
            errs.push(invalid(
                &ip.child("devicePath"),
                dev_path,
                "must not already exist as a path in volumeMounts",
            ));
        }
        if !name.is_empty() {
            device_names.insert(name);
        }
    }
    errs
}

/// `validateContainerCommon`: name, image, terminationMessagePolicy, ports,
/// env, envFrom, volumeMounts, volumeDevices, imagePullPolicy, resources,
/// resizePolicy and securityContext.
fn validate_container_common(c: &Container, cj: &Json, path: &Path, ctx: &Ctx) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let name_path = path.child("name");
    if c.name.is_empty() {
        errs.push(FieldError::required(&name_path, ""));
    } else {
        for msg in is_dns1123_label(&c.name) {
            errs.push(FieldError::invalid(
                &name_path,
                Value::Str(c.name.clone()),
                msg,
            ));
        }
    }
    if c.image.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::required(&path.child("image"), ""));
    }
    errs.extend(validate_termination_message_policy(
        cj,
        &path.child("terminationMessagePolicy"),
    ));
    errs.extend(validate_container_ports(
        items(cj, "ports"),
        &path.child("ports"),
    ));
    errs.extend(validate_env(items(cj, "env"), &path.child("env")));
    errs.extend(validate_env_from(
        items(cj, "envFrom"),
        &path.child("envFrom"),
    ));
    errs.extend(validate_volume_mounts(
        cj,
        ctx.volumes,
        &path.child("volumeMounts"),
    ));
    errs.extend(validate_volume_devices(
        cj,
        ctx.volumes,
        &path.child("volumeDevices"),
    ));
    errs.extend(validate_pull_policy(cj, &path.child("imagePullPolicy")));
    errs.extend(validate_resources(
        cj.get("resources"),
        ctx.claim_names,
        &path.child("resources"),
    ));
    errs.extend(validate_resize_policy(
        items(cj, "resizePolicy"),
        ctx.restart_policy,
        &path.child("resizePolicy"),
    ));
    errs.extend(security::validate_container_security_context(
        cj.get("securityContext"),
        ctx.host_users,
        &path.child("securityContext"),
    ));
    errs
}
