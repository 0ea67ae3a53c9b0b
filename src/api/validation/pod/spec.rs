//! The pod-level rules of `ValidatePodSpec` after the containers, for the
//! fields kept verbatim (and the typed nodeName, hostname and subdomain).

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;
use serde_json::Value as Json;

use super::container::{
    inclusive_range_error, label_errors, label_value_messages, qualified_name_errors,
    subdomain_errors,
};
use super::json::{int, items, obj, text};
use crate::api::validation::field::{FieldError, Path, Value};
use crate::api::validation::meta::{
    max_len_error, regex_error, validate_label_selector, validate_labels,
};
use crate::api::{LabelSelector, PodSpec};

/// `validatePodHostNetworkDeps` for a template (`ResourceIsPod` false): a set
/// hostPort must equal containerPort when hostNetwork is true.
pub fn validate_host_network_deps(spec: &PodSpec, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let host_network = spec.extra.get("hostNetwork").and_then(Json::as_bool) == Some(true);
    if !host_network {
        return errs;
    }
    for (i, c) in spec.containers.iter().enumerate() {
        let ports = c.extra.get("ports").and_then(Json::as_array);
        for (pi, port) in ports.into_iter().flatten().enumerate() {
            let hp = int(port, "hostPort").unwrap_or(0);
            let cp = int(port, "containerPort").unwrap_or(0);
            if hp != 0 && hp != cp {
                errs.push(FieldError::invalid(
                    &path
                        .child("containers")
                        .index(i)
                        .child("ports")
                        .index(pi)
                        .child("hostPort"),
                    Value::Int(hp),
                    "must match `containerPort` when `hostNetwork` is true",
                ));
            }
        }
    }
    errs
}

/// `dnsPolicy` after `SetDefaults_PodSpec` (empty is ClusterFirst).
fn dns_policy(spec: &Json) -> &str {
    match text(spec, "dnsPolicy") {
        "" => "ClusterFirst",
        p => p,
    }
}

/// `validateDNSPolicy`.
fn validate_dns_policy(policy: &str, path: &Path) -> Vec<FieldError> {
    const VALID: &[&str] = &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
    if VALID.contains(&policy) {
        Vec::new()
    } else {
        vec![FieldError::not_supported(
            path,
            Value::Str(policy.to_string()),
            VALID,
        )]
    }
}

/// `IsDNS1123SubdomainWithUnderscore`.
fn is_dns1123_subdomain_with_underscore(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 253 {
        errs.push(max_len_error(253));
    }
    let label_ok = |l: &str| {
        let l = l.strip_prefix('_').unwrap_or(l);
        let b = l.as_bytes();
        let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        !b.is_empty()
            && alnum(b[0])
            && alnum(b[b.len() - 1])
            && b.iter().all(|&c| alnum(c) || c == b'-' || c == b'_')
    };
    if !value.split('.').all(label_ok) {
        errs.push(regex_error(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character",
            "_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*",
            &["example.com"],
        ));
    }
    errs
}

/// `validatePodDNSConfig` (`AllowRelaxedDNSSearchValidation` is GA).
fn validate_pod_dns_config(spec: &Json, policy: &str, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let config = obj(spec, "dnsConfig");
    if policy == "None" {
        let Some(config) = config else {
            return vec![FieldError::required(
                path,
                "must provide `dnsConfig` when `dnsPolicy` is None",
            )];
        };
        if items(config, "nameservers").is_empty() {
            return vec![FieldError::required(
                &path.child("nameservers"),
                "must provide at least one DNS nameserver when `dnsPolicy` is None",
            )];
        }
    }
    let Some(config) = config else {
        return errs;
    };
    let nameservers = items(config, "nameservers");
    if nameservers.len() > 3 {
        let quoted: Vec<String> = nameservers
            .iter()
            .map(|s| crate::api::validation::field::go_quote(s.as_str().unwrap_or("")))
            .collect();
        errs.push(FieldError::invalid(
            &path.child("nameservers"),
            Value::Go(format!("[]string{{{}}}", quoted.join(", "))),
            "must not have more than 3 nameservers",
        ));
    }
    for (i, ns) in nameservers.iter().enumerate() {
        errs.extend(super::ip::ip_errors(
            &path.child("nameservers").index(i),
            ns.as_str().unwrap_or(""),
        ));
    }
    let searches: Vec<&str> = items(config, "searches")
        .iter()
        .map(|s| s.as_str().unwrap_or(""))
        .collect();
    let go_list = || {
        let quoted: Vec<String> = searches
            .iter()
            .map(|s| crate::api::validation::field::go_quote(s))
            .collect();
        Value::Go(format!("[]string{{{}}}", quoted.join(", ")))
    };
    if searches.len() > 32 {
        errs.push(FieldError::invalid(
            &path.child("searches"),
            go_list(),
            "must not have more than 32 search paths",
        ));
    }
    if searches.join(" ").len() > 2048 {
        errs.push(FieldError::invalid(
            &path.child("searches"),
            go_list(),
            "must not have more than 2048 characters (including spaces) in the search list",
        ));
    }
    for (i, search) in searches.iter().enumerate() {
        if *search != "." {
            let trimmed = search.strip_suffix('.').unwrap_or(search);
            for m in is_dns1123_subdomain_with_underscore(trimmed) {
                errs.push(FieldError::invalid(
                    &path.child("searches").index(i),
                    Value::Str(trimmed.to_string()),
                    m,
                ));
            }
        }
    }
    for (i, option) in items(config, "options").iter().enumerate() {
        if text(option, "name").is_empty() {
            errs.push(FieldError::required(
                &path.child("options").index(i),
                "must not be empty",
            ));
        }
    }
    errs
}

/// `ValidateTolerations`.
fn validate_tolerations(tolerations: &[Json], path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, t) in tolerations.iter().enumerate() {
        let ip = path.index(i);
        let key = text(t, "key");
        let operator = text(t, "operator");
        let value = text(t, "value");
        let effect = text(t, "effect");
        if !key.is_empty() {
            errs.extend(qualified_name_errors(&ip.child("key"), key));
        }
        if key.is_empty() && operator != "Exists" {
            errs.push(FieldError::invalid(
                &ip.child("operator"),
                Value::Str(operator.to_string()),
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            ));
        }
        if t.get("tolerationSeconds").is_some_and(|s| !s.is_null()) && effect != "NoExecute" {
            errs.push(FieldError::invalid(
                &ip.child("effect"),
                Value::Str(effect.to_string()),
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            ));
        }
        match operator {
            "Equal" | "" => {
                let msgs = label_value_messages(value);
                if !msgs.is_empty() {
                    errs.push(FieldError::invalid(
                        &ip.child("operator"),
                        Value::Str(value.to_string()),
                        msgs.join(";"),
                    ));
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    errs.push(FieldError::invalid(
                        &ip.child("operator"),
                        Value::Str(value.to_string()),
                        "value must be empty when `operator` is 'Exists'",
                    ));
                }
            }
            other => errs.push(FieldError::not_supported(
                &ip.child("operator"),
                Value::Str(other.to_string()),
                &["Equal", "Exists"],
            )),
        }
        // validateTaintEffect with allowEmpty.
        if !effect.is_empty() && !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&effect)
        {
            errs.push(FieldError::not_supported(
                &ip.child("effect"),
                Value::Str(effect.to_string()),
                &["NoSchedule", "PreferNoSchedule", "NoExecute"],
            ));
        }
    }
    errs
}

/// The checks of `ValidatePodSpec` from `dnsPolicy` on, in upstream's order
/// (imagePullSecrets cannot fail).
pub fn validate_pod_level(spec: &PodSpec, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let json = Json::Object((*spec.extra).clone());
    let policy = dns_policy(&json);
    errs.extend(validate_dns_policy(policy, &path.child("dnsPolicy")));
    if let Some(selector) = json.get("nodeSelector").and_then(Json::as_object) {
        let map: BTreeMap<String, String> = selector
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
            .collect();
        errs.extend(validate_labels(Some(&map), &path.child("nodeSelector")));
    }
    errs.extend(super::security::validate_pod_security_context(
        &json,
        &path.child("securityContext"),
    ));
    errs.extend(super::affinity::validate_affinity(
        json.get("affinity"),
        &path.child("affinity"),
    ));
    errs.extend(validate_pod_dns_config(
        &json,
        policy,
        &path.child("dnsConfig"),
    ));
    for (i, gate) in items(&json, "readinessGates").iter().enumerate() {
        errs.extend(qualified_name_errors(
            &path.child("readinessGates").index(i).child("conditionType"),
            text(gate, "conditionType"),
        ));
    }
    let mut seen = FxHashSet::default();
    for (i, gate) in items(&json, "schedulingGates").iter().enumerate() {
        let gp = path.child("schedulingGates").index(i);
        let name = text(gate, "name");
        errs.extend(qualified_name_errors(&gp, name));
        if !seen.insert(name) {
            errs.push(FieldError::duplicate(&gp, Value::Str(name.to_string())));
        }
    }
    errs.extend(validate_topology_spread_constraints(
        items(&json, "topologySpreadConstraints"),
        &path.child("topologySpreadConstraints"),
    ));
    let containers: Vec<(Path, Json)> = visit_containers(spec, path)
        .into_iter()
        .map(|(p, _, c)| (p, c))
        .collect();
    errs.extend(super::security::validate_windows_host_process(
        &json,
        &containers,
        path,
    ));
    errs.extend(super::security::validate_host_users(&json, path));
    let service_account = text(&json, "serviceAccountName");
    if !service_account.is_empty() {
        errs.extend(subdomain_errors(
            &path.child("serviceAccountName"),
            service_account,
        ));
    }
    if let Some(node) = spec.node_name.as_deref().filter(|n| !n.is_empty()) {
        errs.extend(subdomain_errors(&path.child("nodeName"), node));
    }
    if let Some(ads) = int(&json, "activeDeadlineSeconds") {
        if ads < 1 || ads > i64::from(i32::MAX) {
            errs.push(FieldError::invalid(
                &path.child("activeDeadlineSeconds"),
                Value::Int(ads),
                inclusive_range_error(1, i64::from(i32::MAX)),
            ));
        }
    }
    if let Some(h) = spec.hostname.as_deref().filter(|h| !h.is_empty()) {
        errs.extend(label_errors(&path.child("hostname"), h));
    }
    if let Some(s) = spec.subdomain.as_deref().filter(|s| !s.is_empty()) {
        errs.extend(label_errors(&path.child("subdomain"), s));
    }
    let tolerations = items(&json, "tolerations");
    if !tolerations.is_empty() {
        errs.extend(validate_tolerations(
            tolerations,
            &path.child("tolerations"),
        ));
    }
    // ValidateHostAliases
    for (i, alias) in items(&json, "hostAliases").iter().enumerate() {
        errs.extend(super::ip::ip_errors(
            &path.child("hostAliases").index(i).child("ip"),
            text(alias, "ip"),
        ));
        for (j, host) in items(alias, "hostnames").iter().enumerate() {
            errs.extend(subdomain_errors(
                &path
                    .child("hostAliases")
                    .index(i)
                    .child("hostnames")
                    .index(j),
                host.as_str().unwrap_or(""),
            ));
        }
    }
    let priority_class = text(&json, "priorityClassName");
    if !priority_class.is_empty() {
        errs.extend(subdomain_errors(
            &path.child("priorityClassName"),
            priority_class,
        ));
    }
    if let Some(rc) = json.get("runtimeClassName").and_then(Json::as_str) {
        errs.extend(subdomain_errors(&path.child("runtimeClassName"), rc));
    }
    if let Some(pp) = json.get("preemptionPolicy").and_then(Json::as_str) {
        match pp {
            "PreemptLowerPriority" | "Never" => {}
            "" => errs.push(FieldError::required(&path.child("preemptionPolicy"), "")),
            other => errs.push(FieldError::not_supported(
                &path.child("preemptionPolicy"),
                Value::Str(other.to_string()),
                &["PreemptLowerPriority", "Never"],
            )),
        }
    }
    // validateOverhead: the overhead as a container's limits.
    if let Some(overhead) = json.get("overhead").filter(|o| o.is_object()) {
        errs.extend(super::container::validate_resources(
            Some(&serde_json::json!({ "limits": overhead })),
            &std::collections::BTreeSet::new(),
            &path.child("overhead"),
        ));
    }
    errs.extend(validate_os(spec, &json, path));
    errs
}

/// `validatePodResourceClaims`.
pub fn validate_pod_resource_claims(spec: &PodSpec, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut names = FxHashSet::default();
    let claims = spec.extra.get("resourceClaims").and_then(Json::as_array);
    for (i, claim) in claims.into_iter().flatten().enumerate() {
        let ip = path.index(i);
        let name = text(claim, "name");
        if name.is_empty() {
            errs.push(FieldError::required(&ip.child("name"), ""));
        } else if names.contains(name) {
            errs.push(FieldError::duplicate(
                &ip.child("name"),
                Value::Str(name.to_string()),
            ));
        } else {
            errs.extend(label_errors(&ip.child("name"), name));
            names.insert(name);
        }
        let claim_name = claim.get("resourceClaimName").and_then(Json::as_str);
        let template_name = claim
            .get("resourceClaimTemplateName")
            .and_then(Json::as_str);
        // The value is a PodResourceClaim struct; printed as its JSON form.
        if claim_name.is_some() && template_name.is_some() {
            errs.push(FieldError::invalid(
                &ip,
                Value::json(claim),
                "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified",
            ));
        }
        if claim_name.is_none() && template_name.is_none() {
            errs.push(FieldError::invalid(
                &ip,
                Value::json(claim),
                "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`",
            ));
        }
        if let Some(n) = claim_name {
            errs.extend(subdomain_errors(&ip.child("resourceClaimName"), n));
        }
        if let Some(n) = template_name {
            errs.extend(subdomain_errors(&ip.child("resourceClaimTemplateName"), n));
        }
    }
    errs
}

/// `MirrorPodAnnotationKey`.
const MIRROR_POD_ANNOTATION: &str = "kubernetes.io/config.mirror";
/// `core.TolerationsAnnotationKey` (deprecated, still validated).
const TOLERATIONS_ANNOTATION: &str = "scheduler.alpha.kubernetes.io/tolerations";
/// `PodDeletionCost`.
const POD_DELETION_COST_ANNOTATION: &str = "controller.kubernetes.io/pod-deletion-cost";
/// `SeccompPodAnnotationKey`.
const SECCOMP_POD_ANNOTATION: &str = "seccomp.security.alpha.kubernetes.io/pod";
/// `SeccompContainerAnnotationKeyPrefix`.
const SECCOMP_CONTAINER_ANNOTATION_PREFIX: &str = "container.seccomp.security.alpha.kubernetes.io/";

/// `GetDeletionCostFromPodAnnotations` accepts the value: no '+' and no
/// leading zero (`validFirstDigit`), then a 32-bit integer.
fn valid_deletion_cost(value: &str) -> bool {
    let first_ok = match value.as_bytes().first() {
        None => false,
        Some(b'-') => true,
        Some(b'0') => value == "0",
        Some(c) => c.is_ascii_digit(),
    };
    first_ok && value.parse::<i32>().is_ok()
}

/// `ValidateSeccompProfile` (the annotation form).
fn validate_seccomp_profile(profile: &str, path: &Path) -> Vec<FieldError> {
    match profile {
        "runtime/default" | "docker/default" | "unconfined" => Vec::new(),
        p => match p.strip_prefix("localhost/") {
            Some(local) => super::validate_local_descending_path(local, path),
            None => vec![FieldError::invalid(
                path,
                Value::Str(p.to_string()),
                "must be a valid seccomp profile",
            )],
        },
    }
}

/// `ValidatePodSpecificAnnotations`: the mirror-pod annotation needs a
/// nodeName, pod-deletion-cost is a 32-bit integer, seccomp and AppArmor
/// annotations name valid profiles (the tolerations annotation is not
/// covered). Annotations are walked in key order (upstream walks a Go map).
pub fn validate_pod_specific_annotations(
    annotations: Option<&BTreeMap<String, String>>,
    spec: &PodSpec,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(annotations) = annotations else {
        return errs;
    };
    if let Some(value) = annotations.get(MIRROR_POD_ANNOTATION) {
        if spec.node_name.as_deref().unwrap_or("").is_empty() {
            errs.push(FieldError::invalid(
                &path.key(MIRROR_POD_ANNOTATION),
                Value::Str(value.clone()),
                "must set spec.nodeName if mirror pod annotation is set",
            ));
        }
    }
    // ValidateTolerationsInPodAnnotations
    if let Some(value) = annotations
        .get(TOLERATIONS_ANNOTATION)
        .filter(|v| !v.is_empty())
    {
        match super::gojson::decode_tolerations(value) {
            Err(msg) => errs.push(FieldError::invalid(
                path,
                Value::Str(TOLERATIONS_ANNOTATION.to_string()),
                &msg,
            )),
            Ok(tolerations) => errs.extend(validate_tolerations(
                &tolerations,
                &path.child(TOLERATIONS_ANNOTATION),
            )),
        }
    }
    if let Some(value) = annotations.get(POD_DELETION_COST_ANNOTATION) {
        if !valid_deletion_cost(value) {
            errs.push(FieldError::invalid(
                &path.key(POD_DELETION_COST_ANNOTATION),
                Value::Str(value.clone()),
                "must be a 32bit integer",
            ));
        }
    }
    // ValidateSeccompPodAnnotations
    if let Some(p) = annotations.get(SECCOMP_POD_ANNOTATION) {
        errs.extend(validate_seccomp_profile(
            p,
            &path.child(SECCOMP_POD_ANNOTATION),
        ));
    }
    for (k, p) in annotations {
        if k.starts_with(SECCOMP_CONTAINER_ANNOTATION_PREFIX) {
            errs.extend(validate_seccomp_profile(p, &path.child(k)));
        }
    }
    errs.extend(validate_apparmor_pod_annotations(
        Some(annotations),
        spec,
        path,
    ));
    errs
}

/// `validateTopologySpreadConstraints`.
fn validate_topology_spread_constraints(constraints: &[Json], path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, c) in constraints.iter().enumerate() {
        let cp = path.index(i);
        // ValidateMaxSkew
        let max_skew = int(c, "maxSkew").unwrap_or(0);
        if max_skew <= 0 {
            errs.push(FieldError::invalid(
                &cp.child("maxSkew"),
                Value::Int(max_skew),
                "must be greater than zero",
            ));
        }
        // ValidateTopologyKey
        let key = text(c, "topologyKey");
        if key.is_empty() {
            errs.push(FieldError::required(
                &cp.child("topologyKey"),
                "can not be empty",
            ));
        }
        // ValidateWhenUnsatisfiable
        let action = text(c, "whenUnsatisfiable");
        if action != "DoNotSchedule" && action != "ScheduleAnyway" {
            errs.push(FieldError::not_supported(
                &cp.child("whenUnsatisfiable"),
                Value::Str(action.to_string()),
                &["DoNotSchedule", "ScheduleAnyway"],
            ));
        }
        // ValidateSpreadConstraintNotRepeat
        let repeated = constraints[i + 1..]
            .iter()
            .any(|o| text(o, "topologyKey") == key && text(o, "whenUnsatisfiable") == action);
        if repeated {
            errs.push(FieldError::duplicate(
                &cp.child("{topologyKey, whenUnsatisfiable}"),
                Value::Str(format!("{{{key}, {action}}}")),
            ));
        }
        // validateMinDomains
        if let Some(min) = int(c, "minDomains") {
            if min <= 0 {
                errs.push(FieldError::invalid(
                    &cp.child("minDomains"),
                    Value::Int(min),
                    "must be greater than zero",
                ));
            }
            if action != "DoNotSchedule" {
                errs.push(FieldError::invalid(
                    &cp.child("minDomains"),
                    Value::Int(min),
                    format!(
                        "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"
                    ),
                ));
            }
        }
        // validateNodeInclusionPolicy
        for key in ["nodeAffinityPolicy", "nodeTaintsPolicy"] {
            if let Some(policy) = c.get(key).and_then(Json::as_str) {
                if policy != "Honor" && policy != "Ignore" {
                    errs.push(FieldError::not_supported(
                        &cp.child(key),
                        Value::Str(policy.to_string()),
                        &["Honor", "Ignore"],
                    ));
                }
            }
        }
        let selector = obj(c, "labelSelector");
        // validateMatchLabelKeysInTopologySpread
        let match_keys = items(c, "matchLabelKeys");
        if !match_keys.is_empty() {
            let mp = cp.child("matchLabelKeys");
            let mut selector_keys: FxHashSet<&str> = FxHashSet::default();
            match selector {
                Some(sel) => {
                    if let Some(labels) = sel.get("matchLabels").and_then(Json::as_object) {
                        selector_keys.extend(labels.keys().map(String::as_str));
                    }
                    for expr in items(sel, "matchExpressions") {
                        selector_keys.insert(text(expr, "key"));
                    }
                }
                None => errs.push(FieldError::forbidden(
                    &mp,
                    "must not be specified when labelSelector is not set",
                )),
            }
            for (k, key) in match_keys.iter().enumerate() {
                let key = key.as_str().unwrap_or("");
                errs.extend(qualified_name_errors(&mp.index(k), key));
                if selector_keys.contains(key) {
                    errs.push(FieldError::invalid(
                        &mp.index(k),
                        Value::Str(key.to_string()),
                        "exists in both matchLabelKeys and labelSelector",
                    ));
                }
            }
        }
        if let Some(sel) = selector {
            if let Ok(sel) = serde_json::from_value::<LabelSelector>(sel.clone()) {
                errs.extend(validate_label_selector(&sel, &cp.child("labelSelector")));
            }
        }
    }
    errs
}

/// `validateOS`, then `validateLinux` / `validateWindows`: the fields an OS
/// forbids, pod-level first, then each container (init containers first,
/// as `VisitContainersWithPath` walks them).
fn validate_os(spec: &PodSpec, json: &Json, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(os) = obj(json, "os") else {
        return errs;
    };
    let name = text(os, "name");
    if name.is_empty() {
        errs.push(FieldError::required(
            &path.child("os").child("name"),
            "cannot be empty",
        ));
        return errs;
    }
    if name != "linux" && name != "windows" {
        errs.push(FieldError::not_supported(
            &path.child("os"),
            Value::Str(name.to_string()),
            &["linux", "windows"],
        ));
        return errs;
    }
    let set = |v: &Json, key: &str| v.get(key).is_some_and(|x| !x.is_null());
    let pod_sc = obj(json, "securityContext");
    let sc_path = path.child("securityContext");
    let containers = visit_containers(spec, path);
    if name == "linux" {
        let msg = "windows options cannot be set for a linux pod";
        if pod_sc.is_some_and(|sc| set(sc, "windowsOptions")) {
            errs.push(FieldError::forbidden(&sc_path.child("windowsOptions"), msg));
        }
        for (cp, _, c) in &containers {
            if c.get("securityContext")
                .is_some_and(|sc| set(sc, "windowsOptions"))
            {
                errs.push(FieldError::forbidden(
                    &cp.child("securityContext").child("windowsOptions"),
                    msg,
                ));
            }
        }
        return errs;
    }
    let msg = "cannot be set for a windows pod";
    // SetDefaults_PodSpec always sets a pod securityContext.
    let empty = Json::Object(serde_json::Map::new());
    let sc = pod_sc.unwrap_or(&empty);
    let pod_checks = [
        (set(sc, "appArmorProfile"), sc_path.child("appArmorProfile")),
        (set(sc, "seLinuxOptions"), sc_path.child("seLinuxOptions")),
        (set(json, "hostUsers"), path.child("hostUsers")),
        (
            json.get("hostPID").and_then(Json::as_bool) == Some(true),
            path.child("hostPID"),
        ),
        (
            json.get("hostIPC").and_then(Json::as_bool) == Some(true),
            path.child("hostIPC"),
        ),
        (set(sc, "seccompProfile"), sc_path.child("seccompProfile")),
        (set(sc, "fsGroup"), sc_path.child("fsGroup")),
        (
            set(sc, "fsGroupChangePolicy"),
            sc_path.child("fsGroupChangePolicy"),
        ),
        (!items(sc, "sysctls").is_empty(), sc_path.child("sysctls")),
        (
            set(json, "shareProcessNamespace"),
            path.child("shareProcessNamespace"),
        ),
        (set(sc, "runAsUser"), sc_path.child("runAsUser")),
        (set(sc, "runAsGroup"), sc_path.child("runAsGroup")),
        (
            set(sc, "supplementalGroups"),
            sc_path.child("supplementalGroups"),
        ),
        (
            set(sc, "supplementalGroupsPolicy"),
            sc_path.child("supplementalGroupsPolicy"),
        ),
        (
            set(sc, "seLinuxChangePolicy"),
            sc_path.child("seLinuxChangePolicy"),
        ),
    ];
    for (forbidden, p) in pod_checks {
        if forbidden {
            errs.push(FieldError::forbidden(&p, msg));
        }
    }
    for (cp, _, c) in &containers {
        let Some(csc) = c.get("securityContext").filter(|v| v.is_object()) else {
            continue;
        };
        let csp = cp.child("securityContext");
        for key in [
            "appArmorProfile",
            "seLinuxOptions",
            "seccompProfile",
            "capabilities",
            "readOnlyRootFilesystem",
            "privileged",
            "allowPrivilegeEscalation",
            "procMount",
            "runAsUser",
            "runAsGroup",
        ] {
            if set(csc, key) {
                errs.push(FieldError::forbidden(&csp.child(key), msg));
            }
        }
    }
    errs
}

/// `DeprecatedAppArmorBetaContainerAnnotationKeyPrefix`.
const APPARMOR_CONTAINER_ANNOTATION_PREFIX: &str =
    "container.apparmor.security.beta.kubernetes.io/";

/// The names of the pod's containers (`podSpecHasContainer`).
fn has_container(spec: &PodSpec, name: &str) -> bool {
    spec.init_containers
        .iter()
        .flatten()
        .chain(spec.containers.iter())
        .any(|c| c.name == name)
        || items_of_extra(spec, "ephemeralContainers")
            .iter()
            .any(|c| text(c, "name") == name)
}

fn items_of_extra<'a>(spec: &'a PodSpec, key: &str) -> &'a [Json] {
    spec.extra
        .get(key)
        .and_then(Json::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// `ValidateAppArmorPodAnnotations`, in key order.
pub fn validate_apparmor_pod_annotations(
    annotations: Option<&BTreeMap<String, String>>,
    spec: &PodSpec,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (k, p) in annotations.into_iter().flatten() {
        let Some(container) = k.strip_prefix(APPARMOR_CONTAINER_ANNOTATION_PREFIX) else {
            continue;
        };
        if !has_container(spec, container) {
            errs.push(FieldError::invalid(
                &path.key(k),
                Value::Str(container.to_string()),
                "container not found",
            ));
        }
        // ValidateAppArmorProfileFormat
        let ok = matches!(p.as_str(), "" | "runtime/default" | "unconfined")
            || p.starts_with("localhost/");
        if !ok {
            errs.push(FieldError::invalid(
                &path.key(k),
                Value::Str(p.clone()),
                format!(
                    "invalid AppArmor profile name: {}",
                    crate::api::validation::field::go_quote(p)
                ),
            ));
        }
    }
    errs
}

/// Each container with its path, name and verbatim fields, as
/// `VisitContainersWithPath` walks them (init containers, containers, then
/// ephemeral containers).
fn visit_containers(spec: &PodSpec, path: &Path) -> Vec<(Path, String, Json)> {
    let typed = spec
        .init_containers
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, c)| (path.child("initContainers").index(i), c))
        .chain(
            spec.containers
                .iter()
                .enumerate()
                .map(|(i, c)| (path.child("containers").index(i), c)),
        )
        .map(|(p, c)| (p, c.name.clone(), Json::Object((*c.extra).clone())));
    let ephemeral = items_of_extra(spec, "ephemeralContainers")
        .iter()
        .enumerate()
        .map(|(i, e)| {
            (
                path.child("ephemeralContainers").index(i),
                text(e, "name").to_string(),
                e.clone(),
            )
        });
    typed.chain(ephemeral).collect()
}

/// `validateSeccompAnnotationsAndFieldsMatch`.
fn seccomp_match(annotation: &str, profile: &Json, path: &Path) -> Option<FieldError> {
    let type_err = || {
        Some(FieldError::forbidden(
            &path.child("type"),
            "seccomp type in annotation and field must match",
        ))
    };
    match text(profile, "type") {
        "Unconfined" if annotation != "unconfined" => type_err(),
        "RuntimeDefault" if annotation != "runtime/default" && annotation != "docker/default" => {
            type_err()
        }
        "Localhost" => match annotation.strip_prefix("localhost/") {
            None => type_err(),
            Some(local)
                if profile.get("localhostProfile").and_then(Json::as_str) != Some(local) =>
            {
                Some(FieldError::forbidden(
                    &path.child("localhostProfile"),
                    "seccomp profile in annotation and field must match",
                ))
            }
            Some(_) => None,
        },
        _ => None,
    }
}

/// `validateSeccompAnnotationsAndFields`: annotation and field agree.
pub fn validate_seccomp_annotations_and_fields(
    annotations: Option<&BTreeMap<String, String>>,
    spec: &PodSpec,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(annotations) = annotations else {
        return errs;
    };
    let pod_profile = spec
        .extra
        .get("securityContext")
        .and_then(|sc| obj(sc, "seccompProfile"));
    if let (Some(profile), Some(annotation)) =
        (pod_profile, annotations.get(SECCOMP_POD_ANNOTATION))
    {
        errs.extend(seccomp_match(
            annotation,
            profile,
            &path.child("securityContext").child("seccompProfile"),
        ));
    }
    for (cp, name, c) in visit_containers(spec, path) {
        let Some(profile) = c
            .get("securityContext")
            .and_then(|sc| obj(sc, "seccompProfile"))
        else {
            continue;
        };
        let key = format!("{SECCOMP_CONTAINER_ANNOTATION_PREFIX}{name}");
        if let Some(annotation) = annotations.get(&key) {
            errs.extend(seccomp_match(
                annotation,
                profile,
                &cp.child("securityContext").child("seccompProfile"),
            ));
        }
    }
    errs
}

/// `validateAppArmorAnnotationsAndFieldsMatchOnCreate` (skipped for windows
/// pods).
pub fn validate_apparmor_annotations_and_fields(
    annotations: Option<&BTreeMap<String, String>>,
    spec: &PodSpec,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(annotations) = annotations else {
        return errs;
    };
    let os = spec.extra.get("os").map(|o| text(o, "name"));
    if os == Some("windows") {
        return errs;
    }
    let pod_profile = spec
        .extra
        .get("securityContext")
        .and_then(|sc| obj(sc, "appArmorProfile"));
    for (cp, name, c) in visit_containers(spec, path) {
        let profile = c
            .get("securityContext")
            .and_then(|sc| obj(sc, "appArmorProfile"))
            .or(pod_profile);
        let Some(profile) = profile else { continue };
        let key = format!("{APPARMOR_CONTAINER_ANNOTATION_PREFIX}{name}");
        let Some(annotation) = annotations.get(&key) else {
            continue;
        };
        let ap = cp.child("securityContext").child("appArmorProfile");
        let type_err = || {
            FieldError::forbidden(
                &ap.child("type"),
                "apparmor type in annotation and field must match",
            )
        };
        match text(profile, "type") {
            "Unconfined" if annotation != "unconfined" => errs.push(type_err()),
            "RuntimeDefault" if annotation != "runtime/default" => errs.push(type_err()),
            "Localhost" => match annotation.strip_prefix("localhost/") {
                None => errs.push(type_err()),
                Some(local)
                    if profile.get("localhostProfile").and_then(Json::as_str) != Some(local) =>
                {
                    errs.push(FieldError::forbidden(
                        &ap.child("localhostProfile"),
                        "apparmor profile in annotation and field must match",
                    ))
                }
                Some(_) => {}
            },
            _ => {}
        }
    }
    errs
}
