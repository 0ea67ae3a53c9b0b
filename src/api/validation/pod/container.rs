//! The container rules of `validateContainerCommon` and `validateContainers`
//! that read verbatim fields: env, envFrom, ports, imagePullPolicy,
//! terminationMessagePolicy, resources, probes and lifecycle handlers.

use std::collections::BTreeSet;

use rustc_hash::FxHashSet;
use serde_json::Value as Json;

use super::json::{int, items, obj, text};
use super::quantity::{from_json, Quantity};
use crate::api::validation::field::{FieldError, Path, Value};
use crate::api::validation::meta::{
    is_dns1123_label, is_dns1123_subdomain, is_qualified_name, max_len_error,
    name_is_dns_subdomain, regex_error,
};

/// `InclusiveRangeError`.
pub fn inclusive_range_error(lo: i64, hi: i64) -> String {
    format!("must be between {lo} and {hi}, inclusive")
}

/// `IsValidPortNum`.
pub fn is_valid_port_num(port: i64) -> Vec<String> {
    if (1..=65535).contains(&port) {
        Vec::new()
    } else {
        vec![inclusive_range_error(1, 65535)]
    }
}

/// `IsValidPortName` (IANA_SVC_NAME).
pub fn is_valid_port_name(port: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if port.len() > 15 {
        errs.push(max_len_error(15));
    }
    let b = port.as_bytes();
    if b.is_empty()
        || !b
            .iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".into());
    }
    if !b.iter().any(u8::is_ascii_lowercase) {
        errs.push("must contain at least one letter (a-z)".into());
    }
    if port.contains("--") {
        errs.push("must not contain consecutive hyphens".into());
    }
    if !b.is_empty() && (b[0] == b'-' || b[b.len() - 1] == b'-') {
        errs.push("must not begin or end with a hyphen".into());
    }
    errs
}

/// `IsRelaxedEnvVarName` (RelaxedEnvironmentVariableValidation is GA and
/// locked on since 1.34).
fn is_relaxed_env_var_name(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.is_empty() {
        errs.push("environment variable name must be non-empty".to_string());
    }
    if value.chars().any(|r| !(' '..='~').contains(&r) || r == '=') {
        errs.push(
            "a valid environment variable name must consist only of printable ASCII characters other than '='"
                .to_string(),
        );
    }
    errs
}

/// `hasChDirPrefix`.
fn has_chdir_prefix(value: &str) -> Vec<String> {
    if value == "." {
        vec!["must not be '.'".into()]
    } else if value == ".." {
        vec!["must not be '..'".into()]
    } else if value.starts_with("..") {
        vec!["must not start with '..'".into()]
    } else {
        Vec::new()
    }
}

/// `IsConfigMapKey`.
fn is_config_map_key(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 253 {
        errs.push(max_len_error(253));
    }
    let ok = !value.is_empty()
        && value
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_'));
    if !ok {
        errs.push(regex_error(
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
            "[-._a-zA-Z0-9]+",
            &["key.name", "KEY_NAME", "key-name"],
        ));
    }
    errs.extend(has_chdir_prefix(value));
    errs
}

fn invalid_each(path: &Path, value: &str, msgs: Vec<String>) -> Vec<FieldError> {
    msgs.into_iter()
        .map(|m| FieldError::invalid(path, Value::Str(value.to_string()), m))
        .collect()
}

/// `ValidateEnv`.
pub fn validate_env(env: &[Json], path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, ev) in env.iter().enumerate() {
        let ip = path.index(i);
        let name = text(ev, "name");
        if name.is_empty() {
            errs.push(FieldError::required(&ip.child("name"), ""));
        } else {
            errs.extend(invalid_each(
                &ip.child("name"),
                name,
                is_relaxed_env_var_name(name),
            ));
        }
        errs.extend(validate_env_var_value_from(ev, &ip.child("valueFrom")));
    }
    errs
}

/// `validEnvDownwardAPIFieldPathExpressions`, sorted as `sets.List` prints it.
const ENV_FIELD_PATHS: &[&str] = &[
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// `validContainerResourceFieldPathExpressions`, sorted.
const ENV_RESOURCE_PATHS: &[&str] = &[
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
];

/// `validateEnvVarValueFrom`.
fn validate_env_var_value_from(ev: &Json, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(from) = obj(ev, "valueFrom") else {
        return errs;
    };
    let mut sources = 0;
    if let Some(fs) = obj(from, "fieldRef") {
        sources += 1;
        errs.extend(validate_object_field_selector(
            fs,
            ENV_FIELD_PATHS,
            &path.child("fieldRef"),
        ));
    }
    if let Some(rs) = obj(from, "resourceFieldRef") {
        sources += 1;
        errs.extend(validate_resource_field_selector(
            rs,
            false,
            &path.child("resourceFieldRef"),
        ));
    }
    for key in ["configMapKeyRef", "secretKeyRef"] {
        if let Some(sel) = obj(from, key) {
            sources += 1;
            errs.extend(validate_key_selector(sel, &path.child(key)));
        }
    }
    // validateEnvVarValueFrom with EnvFiles (beta, on by default since 1.35):
    // `fileKeyRef` is a source; its own field rules are not mirrored.
    if obj(from, "fileKeyRef").is_some() {
        sources += 1;
    }
    let empty = || Value::Str(String::new());
    if sources == 0 {
        errs.push(FieldError::invalid(
            path,
            empty(),
            "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
        ));
    } else if !text(ev, "value").is_empty() {
        errs.push(FieldError::invalid(
            path,
            empty(),
            "may not be specified when `value` is not empty",
        ));
    } else if sources > 1 {
        errs.push(FieldError::invalid(
            path,
            empty(),
            "may not have more than one field specified at a time",
        ));
    }
    errs
}

/// `fieldpath.SplitMaybeSubscriptedPath`.
fn split_subscripted(field_path: &str) -> Option<(&str, &str)> {
    let s = field_path.strip_suffix("']")?;
    let (head, sub) = s.split_once("['")?;
    if head.is_empty() {
        None
    } else {
        Some((head, sub))
    }
}

/// `pods.ConvertDownwardAPIFieldLabel`.
fn convert_downward_api_field_label(version: &str, label: &str) -> Result<String, String> {
    if version != "v1" {
        return Err(format!("unsupported pod version: {version}"));
    }
    if let Some((head, _)) = split_subscripted(label) {
        return match head {
            "metadata.annotations" | "metadata.labels" => Ok(label.to_string()),
            _ => Err(format!("field label does not support subscript: {label}")),
        };
    }
    match label {
        "metadata.annotations"
        | "metadata.labels"
        | "metadata.name"
        | "metadata.namespace"
        | "metadata.uid"
        | "spec.nodeName"
        | "spec.restartPolicy"
        | "spec.serviceAccountName"
        | "spec.schedulerName"
        | "status.phase"
        | "status.hostIP"
        | "status.hostIPs"
        | "status.podIP"
        | "status.podIPs" => Ok(label.to_string()),
        "spec.host" => Ok("spec.nodeName".to_string()),
        _ => Err(format!("field label not supported: {label}")),
    }
}

/// `validateObjectFieldSelector` (`apiVersion` defaults to v1).
pub fn validate_object_field_selector(
    fs: &Json,
    expressions: &[&str],
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let api_version = match text(fs, "apiVersion") {
        "" => "v1",
        v => v,
    };
    let field_path = text(fs, "fieldPath");
    if field_path.is_empty() {
        errs.push(FieldError::required(&path.child("fieldPath"), ""));
        return errs;
    }
    let internal = match convert_downward_api_field_label(api_version, field_path) {
        Ok(p) => p,
        Err(e) => {
            errs.push(FieldError::invalid(
                &path.child("fieldPath"),
                Value::Str(field_path.to_string()),
                format!("error converting fieldPath: {e}"),
            ));
            return errs;
        }
    };
    if let Some((head, sub)) = split_subscripted(&internal) {
        let key = match head {
            "metadata.annotations" => Some(sub.to_lowercase()),
            "metadata.labels" => Some(sub.to_string()),
            _ => None,
        };
        match key {
            Some(k) => errs.extend(invalid_each(path, &k, is_qualified_name(&k))),
            None => errs.push(FieldError::invalid(
                path,
                Value::Str(head.to_string()),
                "does not support subscript",
            )),
        }
    } else if !expressions.contains(&internal.as_str()) {
        errs.push(FieldError::not_supported(
            &path.child("fieldPath"),
            Value::Str(internal),
            expressions,
        ));
    }
    errs
}

/// `validateContainerResourceFieldSelector`; a volume file needs a
/// containerName.
pub fn validate_resource_field_selector(rs: &Json, volume: bool, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let resource = text(rs, "resource");
    if volume && text(rs, "containerName").is_empty() {
        errs.push(FieldError::required(&path.child("containerName"), ""));
    } else if resource.is_empty() {
        errs.push(FieldError::required(&path.child("resource"), ""));
    } else if !ENV_RESOURCE_PATHS.contains(&resource)
        && !resource.starts_with("requests.hugepages-")
        && !resource.starts_with("limits.hugepages-")
    {
        errs.push(FieldError::not_supported(
            &path.child("resource"),
            Value::Str(resource.to_string()),
            ENV_RESOURCE_PATHS,
        ));
    }
    errs.extend(validate_divisor(resource, rs.get("divisor"), path));
    errs
}

/// `validateContainerResourceDivisor`.
fn validate_divisor(resource: &str, divisor: Option<&Json>, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(raw) = divisor else {
        return errs;
    };
    let q = match from_json(raw) {
        Ok(q) => q,
        Err(e) => {
            errs.push(FieldError::invalid(
                &path.child("divisor"),
                Value::Str(raw.as_str().map_or_else(|| raw.to_string(), str::to_string)),
                e,
            ));
            return errs;
        }
    };
    if q.is_zero() {
        return errs;
    }
    let d = q.canonical();
    const BYTES: &[&str] = &[
        "1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei",
    ];
    let list = "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei";
    let bad = |msg: String| {
        FieldError::invalid(
            &path.child("divisor"),
            Value::Str(resource.to_string()),
            msg,
        )
    };
    match resource {
        "limits.cpu" | "requests.cpu" if !["1m", "1"].contains(&d.as_str()) => errs.push(bad(
            "only divisor's values 1m and 1 are supported with the cpu resource".into(),
        )),
        "limits.memory" | "requests.memory" if !BYTES.contains(&d.as_str()) => errs.push(bad(
            format!("only divisor's values {list} are supported with the memory resource"),
        )),
        "limits.ephemeral-storage" | "requests.ephemeral-storage"
            if !BYTES.contains(&d.as_str()) =>
        {
            errs.push(bad(format!(
                "only divisor's values {list} are supported with the local ephemeral storage resource"
            )))
        }
        _ => {}
    }
    if (resource.starts_with("requests.hugepages-") || resource.starts_with("limits.hugepages-"))
        && !BYTES.contains(&d.as_str())
    {
        errs.push(bad(format!(
            "only divisor's values {list} are supported with the hugepages resource"
        )));
    }
    errs
}

/// `validateConfigMapKeySelector` / `validateSecretKeySelector`.
fn validate_key_selector(sel: &Json, path: &Path) -> Vec<FieldError> {
    let name = text(sel, "name");
    let mut errs = invalid_each(
        &path.child("name"),
        name,
        name_is_dns_subdomain(name, false),
    );
    let key = text(sel, "key");
    if key.is_empty() {
        errs.push(FieldError::required(&path.child("key"), ""));
    } else {
        errs.extend(invalid_each(
            &path.child("key"),
            key,
            is_config_map_key(key),
        ));
    }
    errs
}

/// `ValidateEnvFrom`.
pub fn validate_env_from(env_from: &[Json], path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, ev) in env_from.iter().enumerate() {
        let ip = path.index(i);
        let prefix = text(ev, "prefix");
        if !prefix.is_empty() {
            errs.extend(invalid_each(
                &ip.child("prefix"),
                prefix,
                is_relaxed_env_var_name(prefix),
            ));
        }
        let mut sources = 0;
        for key in ["configMapRef", "secretRef"] {
            if let Some(r) = obj(ev, key) {
                sources += 1;
                let name = text(r, "name");
                let np = ip.child(key).child("name");
                if name.is_empty() {
                    errs.push(FieldError::required(&np, ""));
                } else {
                    errs.extend(invalid_each(&np, name, name_is_dns_subdomain(name, true)));
                }
            }
        }
        if sources == 0 {
            errs.push(FieldError::invalid(
                path,
                Value::Str(String::new()),
                "must specify one of: `configMapRef` or `secretRef`",
            ));
        } else if sources > 1 {
            errs.push(FieldError::invalid(
                path,
                Value::Str(String::new()),
                "may not have more than one field specified at a time",
            ));
        }
    }
    errs
}

/// A port's protocol after defaulting (`+default="TCP"`).
pub fn port_protocol(port: &Json) -> &str {
    match text(port, "protocol") {
        "" => "TCP",
        p => p,
    }
}

/// `validateContainerPorts`.
pub fn validate_container_ports(ports: &[Json], path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut names = FxHashSet::default();
    for (i, port) in ports.iter().enumerate() {
        let ip = path.index(i);
        let name = text(port, "name");
        if !name.is_empty() {
            let msgs = is_valid_port_name(name);
            if !msgs.is_empty() {
                errs.extend(invalid_each(&ip.child("name"), name, msgs));
            } else if !names.insert(name) {
                errs.push(FieldError::duplicate(
                    &ip.child("name"),
                    Value::Str(name.to_string()),
                ));
            }
        }
        let cp = int(port, "containerPort").unwrap_or(0);
        if cp == 0 {
            errs.push(FieldError::required(&ip.child("containerPort"), ""));
        } else {
            for m in is_valid_port_num(cp) {
                errs.push(FieldError::invalid(
                    &ip.child("containerPort"),
                    Value::Int(cp),
                    m,
                ));
            }
        }
        let hp = int(port, "hostPort").unwrap_or(0);
        if hp != 0 {
            for m in is_valid_port_num(hp) {
                errs.push(FieldError::invalid(
                    &ip.child("hostPort"),
                    Value::Int(hp),
                    m,
                ));
            }
        }
        let protocol = port_protocol(port);
        if !["TCP", "UDP", "SCTP"].contains(&protocol) {
            errs.push(FieldError::not_supported(
                &ip.child("protocol"),
                Value::Str(protocol.to_string()),
                &["SCTP", "TCP", "UDP"],
            ));
        }
    }
    errs
}

/// `AccumulateUniqueHostPorts` over the given containers (`containers` are
/// (index, JSON) pairs; `path` is the list's path).
pub fn check_host_port_conflicts(containers: &[(usize, &Json)], path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut seen = FxHashSet::default();
    for (ci, c) in containers {
        for (pi, port) in items(c, "ports").iter().enumerate() {
            let hp = int(port, "hostPort").unwrap_or(0);
            if hp == 0 {
                continue;
            }
            let key = format!("{}/{}/{}", port_protocol(port), text(port, "hostIP"), hp);
            if !seen.insert(key.clone()) {
                errs.push(FieldError::duplicate(
                    &path.index(*ci).child("ports").index(pi).child("hostPort"),
                    Value::Str(key),
                ));
            }
        }
    }
    errs
}

/// `validatePullPolicy` after `SetDefaults_Container` (an empty policy is
/// defaulted from the image tag, so it is never missing).
pub fn validate_pull_policy(c: &Json, path: &Path) -> Vec<FieldError> {
    match text(c, "imagePullPolicy") {
        "" | "Always" | "IfNotPresent" | "Never" => Vec::new(),
        other => vec![FieldError::not_supported(
            path,
            Value::Str(other.to_string()),
            &["Always", "IfNotPresent", "Never"],
        )],
    }
}

/// The `terminationMessagePolicy` switch of `validateContainerCommon`
/// (empty defaults to File).
pub fn validate_termination_message_policy(c: &Json, path: &Path) -> Vec<FieldError> {
    match text(c, "terminationMessagePolicy") {
        "" | "File" | "FallbackToLogsOnError" => Vec::new(),
        other => vec![FieldError::not_supported(
            path,
            Value::Str(other.to_string()),
            &["File", "FallbackToLogsOnError"],
        )],
    }
}

const STANDARD_RESOURCES: &[&str] = &[
    "cpu",
    "memory",
    "ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "storage",
    "requests.storage",
    "services.nodeports",
    "services.loadbalancers",
];

const INTEGER_RESOURCES: &[&str] = &[
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "services.nodeports",
    "services.loadbalancers",
];

fn is_huge_page(name: &str) -> bool {
    name.starts_with("hugepages-")
}

/// `helper.IsNativeResource`.
fn is_native(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

/// `helper.IsExtendedResourceName`.
fn is_extended(name: &str) -> bool {
    if is_native(name) || name.starts_with("requests.") {
        return false;
    }
    is_qualified_name(&format!("requests.{name}")).is_empty()
}

/// `helper.IsOvercommitAllowed`.
fn overcommit_allowed(name: &str) -> bool {
    is_native(name) && !is_huge_page(name)
}

/// `validateContainerResourceName` (with `validateResourceName`).
fn validate_container_resource_name(name: &str, path: &Path) -> Vec<FieldError> {
    let mut errs = validate_resource_name(name, path);
    let unprefixed = !name.contains('/');
    if unprefixed {
        if !["cpu", "memory", "ephemeral-storage"].contains(&name) && !is_huge_page(name) {
            errs.push(FieldError::invalid(
                path,
                Value::Str(name.to_string()),
                "must be a standard resource for containers",
            ));
        }
    } else if !is_native(name) && !is_extended(name) {
        errs.push(FieldError::invalid(
            path,
            Value::Str(name.to_string()),
            "doesn't follow extended resource name standard",
        ));
    }
    errs
}

/// `validateResourceName`: a qualified name, standard when unprefixed.
fn validate_resource_name(name: &str, path: &Path) -> Vec<FieldError> {
    let mut errs = invalid_each(path, name, is_qualified_name(name));
    if errs.is_empty()
        && !name.contains('/')
        && !STANDARD_RESOURCES.contains(&name)
        && !is_huge_page(name)
        && !name.starts_with("requests.hugepages-")
    {
        errs.push(FieldError::invalid(
            path,
            Value::Str(name.to_string()),
            "must be a standard resource type or fully qualified",
        ));
    }
    errs
}

/// `validatePodResourceName`: cpu, memory and hugepages only.
fn validate_pod_resource_name(name: &str, path: &Path) -> Vec<FieldError> {
    let mut errs = validate_resource_name(name, path);
    if errs.is_empty() && name != "cpu" && name != "memory" && !is_huge_page(name) {
        errs.push(FieldError::not_supported(
            path,
            Value::Str(name.to_string()),
            &["cpu", "hugepages-", "memory"],
        ));
    }
    errs
}

/// A resource list's parsable values, rounded up to milli, in key order.
pub fn parsed_resource_list(list: Option<&Json>) -> Vec<(String, Quantity)> {
    let mut out = Vec::new();
    for (name, raw) in list.and_then(Json::as_object).into_iter().flatten() {
        if let Ok(mut q) = from_json(raw) {
            q.round_up_milli();
            out.push((name.clone(), q));
        }
    }
    out
}

/// `ValidateResourceQuantityValue`.
fn validate_quantity_value(name: &str, q: &Quantity, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if q.is_negative() {
        errs.push(FieldError::invalid(
            path,
            Value::Str(q.canonical()),
            "must be greater than or equal to 0",
        ));
    }
    if (INTEGER_RESOURCES.contains(&name) || is_extended(name)) && !q.is_integer() {
        // The value is a Quantity struct; printed as its JSON form.
        errs.push(FieldError::invalid(
            path,
            Value::json(&q.canonical()),
            "must be an integer",
        ));
    }
    errs
}

/// `validateResourceQuantityHugePageValue` (`IsHugePageResourceValueDivisible`).
fn validate_huge_page_value(name: &str, q: &Quantity, path: &Path) -> Option<FieldError> {
    let size = Quantity::parse(name.strip_prefix("hugepages-")?).ok();
    let divisible = size.is_some_and(|size| {
        if size.is_negative() || size.is_zero() || !size.is_integer() {
            return false;
        }
        match (q.value_i128(), size.value_i128()) {
            (Some(v), Some(s)) if s != 0 => v % s == 0,
            _ => false,
        }
    });
    (!divisible).then(|| {
        let s = q.canonical();
        FieldError::invalid(
            path,
            Value::Str(s.clone()),
            format!("{s} is not positive integer multiple of {name}"),
        )
    })
}

/// Parses a resource list, rounding each value up to milli
/// (`SetDefaults_ResourceList`); a value that is no quantity is reported.
fn resource_list(
    list: Option<&Json>,
    path: &Path,
    errs: &mut Vec<FieldError>,
) -> Vec<(String, Option<Quantity>)> {
    let mut out = Vec::new();
    let Some(map) = list.and_then(Json::as_object) else {
        return out;
    };
    for (name, raw) in map {
        match from_json(raw) {
            Ok(mut q) => {
                q.round_up_milli();
                out.push((name.clone(), Some(q)));
            }
            Err(e) => {
                // Upstream rejects this while decoding the request.
                errs.push(FieldError::invalid(
                    &path.key(name),
                    Value::Str(raw.as_str().map_or_else(|| raw.to_string(), str::to_string)),
                    e,
                ));
                out.push((name.clone(), None));
            }
        }
    }
    out
}

/// `ValidateContainerResourceRequirements` (resource lists in key order;
/// upstream walks a Go map).
pub fn validate_resources(
    resources: Option<&Json>,
    claim_names: &BTreeSet<String>,
    path: &Path,
) -> Vec<FieldError> {
    validate_resource_requirements(resources, false, claim_names, path)
}

/// `validateResourceRequirements` with the container or the pod-level
/// (`validatePodResourceName`) resource-name rule.
pub fn validate_resource_requirements(
    resources: Option<&Json>,
    pod_level: bool,
    claim_names: &BTreeSet<String>,
    path: &Path,
) -> Vec<FieldError> {
    let name_errors = |name: &str, p: &Path| {
        if pod_level {
            validate_pod_resource_name(name, p)
        } else {
            validate_container_resource_name(name, p)
        }
    };
    let mut errs = Vec::new();
    let Some(res) = resources.filter(|r| r.is_object()) else {
        return errs;
    };
    let lim_path = path.child("limits");
    let req_path = path.child("requests");
    let limits = resource_list(res.get("limits"), &lim_path, &mut errs);
    let requests = resource_list(res.get("requests"), &req_path, &mut errs);
    let (mut lim_cpu_mem, mut req_cpu_mem, mut lim_huge, mut req_huge) =
        (false, false, false, false);
    for (name, q) in &limits {
        let fp = lim_path.key(name);
        errs.extend(name_errors(name, &fp));
        let Some(q) = q else { continue };
        errs.extend(validate_quantity_value(name, q, &fp));
        if is_huge_page(name) {
            lim_huge = true;
            errs.extend(validate_huge_page_value(name, q, &fp));
        }
        if name == "cpu" || name == "memory" {
            lim_cpu_mem = true;
        }
    }
    for (name, q) in &requests {
        let fp = req_path.key(name);
        errs.extend(name_errors(name, &fp));
        let Some(q) = q else { continue };
        errs.extend(validate_quantity_value(name, q, &fp));
        match limits.iter().find(|(n, _)| n == name) {
            Some((_, Some(limit))) => {
                let ord = q.cmp_value(limit);
                if ord != std::cmp::Ordering::Equal && !overcommit_allowed(name) {
                    errs.push(FieldError::invalid(
                        &req_path,
                        Value::Str(q.canonical()),
                        format!("must be equal to {name} limit of {}", limit.canonical()),
                    ));
                } else if ord == std::cmp::Ordering::Greater {
                    errs.push(FieldError::invalid(
                        &req_path,
                        Value::Str(q.canonical()),
                        format!(
                            "must be less than or equal to {name} limit of {}",
                            limit.canonical()
                        ),
                    ));
                }
            }
            Some((_, None)) => {}
            None if !overcommit_allowed(name) => errs.push(FieldError::required(
                &lim_path,
                "Limit must be set for non overcommitable resources",
            )),
            None => {}
        }
        if is_huge_page(name) {
            req_huge = true;
            errs.extend(validate_huge_page_value(name, q, &fp));
        }
        if name == "cpu" || name == "memory" {
            req_cpu_mem = true;
        }
    }
    if !lim_cpu_mem && !req_cpu_mem && (req_huge || lim_huge) {
        errs.push(FieldError::forbidden(
            path,
            "HugePages require cpu or memory",
        ));
    }
    errs.extend(validate_resource_claim_names(
        items(res, "claims"),
        claim_names,
        &path.child("claims"),
    ));
    errs
}

/// `validateResourceClaimNames`.
fn validate_resource_claim_names(
    claims: &[Json],
    pod_claims: &BTreeSet<String>,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (i, claim) in claims.iter().enumerate() {
        let ip = path.index(i);
        let name = text(claim, "name");
        if name.is_empty() {
            errs.push(FieldError::required(&ip, ""));
            continue;
        }
        if names.iter().any(|n| n == name) {
            errs.push(FieldError::duplicate(&ip, Value::Str(name.to_string())));
        } else {
            let request = text(claim, "request");
            let mut key = name.to_string();
            if !request.is_empty() {
                errs.extend(invalid_each(
                    &ip.child("request"),
                    request,
                    is_dns1123_label(request),
                ));
                key = format!("{name}/{request}");
            }
            if names.contains(&key) {
                errs.push(FieldError::duplicate(&ip, Value::Str(key.clone())));
            } else if request.is_empty() {
                for k in &names {
                    if k.split_once('/').is_some_and(|(head, _)| head == name) {
                        errs.push(FieldError::duplicate(&ip, Value::Str(name.to_string())));
                    }
                }
            }
            names.push(key);
        }
        if !pod_claims.contains(name) {
            let mut e = FieldError::not_found(&ip, Value::Str(name.to_string()));
            e.detail = if pod_claims.is_empty() {
                "must be one of the names in pod.spec.resourceClaims which is empty".to_string()
            } else {
                let all: Vec<&str> = pod_claims.iter().map(String::as_str).collect();
                format!(
                    "must be one of the names in pod.spec.resourceClaims: {}",
                    all.join(", ")
                )
            };
            errs.push(e);
        }
    }
    errs
}

/// `ValidatePortNumOrName` on an `IntOrString` (unset is the integer 0).
fn validate_port_num_or_name(port: Option<&Json>, path: &Path) -> Vec<FieldError> {
    match port {
        Some(Json::String(s)) => invalid_each(path, s, is_valid_port_name(s)),
        other => {
            let n = other.and_then(Json::as_i64).unwrap_or(0);
            is_valid_port_num(n)
                .into_iter()
                .map(|m| FieldError::invalid(path, Value::Int(n), m))
                .collect()
        }
    }
}

/// `validateHandler` over the handler members a probe (no sleep) or a
/// lifecycle hook (no grpc) may carry.
fn validate_handler(h: &Json, lifecycle: bool, grace: i64, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut handlers = 0;
    let kinds: &[&str] = if lifecycle {
        &["exec", "httpGet", "tcpSocket", "sleep"]
    } else {
        &["exec", "httpGet", "tcpSocket", "grpc"]
    };
    for &kind in kinds {
        let Some(action) = obj(h, kind) else { continue };
        let kp = path.child(kind);
        if handlers > 0 {
            errs.push(FieldError::forbidden(
                &kp,
                "may not specify more than 1 handler type",
            ));
            continue;
        }
        handlers += 1;
        match kind {
            "exec" => {
                if items(action, "command").is_empty() {
                    errs.push(FieldError::required(&kp.child("command"), ""));
                }
            }
            "httpGet" => {
                // SetDefaults_HTTPGetAction fills path "/" and scheme HTTP.
                errs.extend(validate_port_num_or_name(
                    action.get("port"),
                    &kp.child("port"),
                ));
                let scheme = match text(action, "scheme") {
                    "" => "HTTP",
                    s => s,
                };
                if scheme != "HTTP" && scheme != "HTTPS" {
                    errs.push(FieldError::not_supported(
                        &kp.child("scheme"),
                        Value::Str(scheme.to_string()),
                        &["HTTP", "HTTPS"],
                    ));
                }
                for header in items(action, "httpHeaders") {
                    let name = text(header, "name");
                    let ok = !name.is_empty()
                        && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-');
                    if !ok {
                        errs.push(FieldError::invalid(
                            &kp.child("httpHeaders"),
                            Value::Str(name.to_string()),
                            regex_error(
                                "a valid HTTP header must consist of alphanumeric characters or '-'",
                                "[-A-Za-z0-9]+",
                                &["X-Header-Name"],
                            ),
                        ));
                    }
                }
            }
            "tcpSocket" => {
                errs.extend(validate_port_num_or_name(
                    action.get("port"),
                    &kp.child("port"),
                ));
            }
            "grpc" => {
                let n = int(action, "port").unwrap_or(0);
                for m in is_valid_port_num(n) {
                    errs.push(FieldError::invalid(&kp.child("port"), Value::Int(n), m));
                }
            }
            _ => {
                // validateSleepAction with PodLifecycleSleepActionAllowZero (GA).
                let s = int(action, "seconds").unwrap_or(0);
                if s < 0 || s > grace {
                    errs.push(FieldError::invalid(
                        &kp,
                        Value::Int(s),
                        format!(
                            "must be non-negative and less than terminationGracePeriodSeconds ({grace})"
                        ),
                    ));
                }
            }
        }
    }
    if handlers == 0 {
        errs.push(FieldError::required(path, "must specify a handler type"));
    }
    errs
}

/// `validateLifecycle`.
pub fn validate_lifecycle(lc: &Json, grace: i64, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for hook in ["postStart", "preStop"] {
        if let Some(h) = obj(lc, hook) {
            errs.extend(validate_handler(h, true, grace, &path.child(hook)));
        }
    }
    errs
}

/// The probe kinds of `validateLivenessProbe` / `validateReadinessProbe` /
/// `validateStartupProbe`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ProbeKind {
    Liveness,
    Readiness,
    Startup,
}

/// `validateProbe` plus the kind's own rule, after `SetDefaults_Probe`.
pub fn validate_probe(probe: &Json, kind: ProbeKind, grace: i64, path: &Path) -> Vec<FieldError> {
    let mut errs = validate_handler(probe, false, grace, path);
    let defaulted = |key: &str, default: i64| match int(probe, key).unwrap_or(0) {
        0 => default,
        v => v,
    };
    let success = defaulted("successThreshold", 1);
    let fields = [
        (
            "initialDelaySeconds",
            int(probe, "initialDelaySeconds").unwrap_or(0),
        ),
        ("timeoutSeconds", defaulted("timeoutSeconds", 1)),
        ("periodSeconds", defaulted("periodSeconds", 10)),
        ("successThreshold", success),
        ("failureThreshold", defaulted("failureThreshold", 3)),
    ];
    for (key, v) in fields {
        if v < 0 {
            errs.push(FieldError::invalid(
                &path.child(key),
                Value::Int(v),
                "must be greater than or equal to 0",
            ));
        }
    }
    let tgps = int(probe, "terminationGracePeriodSeconds");
    if let Some(t) = tgps.filter(|&t| t <= 0) {
        errs.push(FieldError::invalid(
            &path.child("terminationGracePeriodSeconds"),
            Value::Int(t),
            "must be greater than 0",
        ));
    }
    match kind {
        ProbeKind::Liveness | ProbeKind::Startup if success != 1 => errs.push(FieldError::invalid(
            &path.child("successThreshold"),
            Value::Int(success),
            "must be 1",
        )),
        ProbeKind::Readiness => {
            if let Some(t) = tgps {
                errs.push(FieldError::invalid(
                    &path.child("terminationGracePeriodSeconds"),
                    Value::Int(t),
                    "must not be set for readinessProbes",
                ));
            }
        }
        _ => {}
    }
    errs
}

/// `ValidateDNS1123Subdomain`-style name checks used by the pod spec.
pub fn subdomain_errors(path: &Path, value: &str) -> Vec<FieldError> {
    invalid_each(path, value, is_dns1123_subdomain(value))
}

/// `ValidateDNS1123Label`.
pub fn label_errors(path: &Path, value: &str) -> Vec<FieldError> {
    invalid_each(path, value, is_dns1123_label(value))
}

/// `ValidateQualifiedName`.
pub fn qualified_name_errors(path: &Path, value: &str) -> Vec<FieldError> {
    invalid_each(path, value, is_qualified_name(value))
}

/// `IsValidLabelValue` as a list of messages.
pub fn label_value_messages(value: &str) -> Vec<String> {
    crate::api::validation::meta::is_valid_label_value(value)
}

/// `validateResizePolicy`; `pod_restart_policy` is the defaulted pod
/// restartPolicy.
pub fn validate_resize_policy(
    policies: &[Json],
    pod_restart_policy: &str,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut seen = FxHashSet::default();
    for (i, p) in policies.iter().enumerate() {
        let resource = text(p, "resourceName");
        let restart = text(p, "restartPolicy");
        if !seen.insert(resource) {
            errs.push(FieldError::duplicate(
                &path.index(i),
                Value::Str(resource.to_string()),
            ));
        }
        match resource {
            "cpu" | "memory" => {}
            "" => errs.push(FieldError::required(path, "")),
            other => errs.push(FieldError::not_supported(
                path,
                Value::Str(other.to_string()),
                &["cpu", "memory"],
            )),
        }
        match restart {
            "NotRequired" | "RestartContainer" => {}
            "" => errs.push(FieldError::required(path, "")),
            other => errs.push(FieldError::not_supported(
                path,
                Value::Str(other.to_string()),
                &["NotRequired", "RestartContainer"],
            )),
        }
        if pod_restart_policy == "Never" && restart != "NotRequired" {
            errs.push(FieldError::invalid(
                path,
                Value::Str(restart.to_string()),
                "must be 'NotRequired' when `restartPolicy` is 'Never'",
            ));
        }
    }
    errs
}
