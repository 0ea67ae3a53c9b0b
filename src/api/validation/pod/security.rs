//! Security contexts: `validatePodSpecSecurityContext`, `validateHostUsers`
//! and the container `ValidateSecurityContext` (without the
//! `privileged` check, which depends on the API server's
//! `--allow-privileged` flag).

use rustc_hash::FxHashSet;
use serde_json::Value as Json;

use super::container::inclusive_range_error;
use super::json::{int, items, obj, text};
use crate::api::validation::field::{FieldError, Path, Value};

/// `IsValidUserID` / `IsValidGroupID`: 0 to 2^32-1.
fn id_errors(value: i64, path: &Path) -> Vec<FieldError> {
    if (0..=0xffff_ffff).contains(&value) {
        Vec::new()
    } else {
        vec![FieldError::invalid(
            path,
            Value::Int(value),
            inclusive_range_error(0, 0xffff_ffff),
        )]
    }
}

/// `validateSeccompProfileField`.
fn validate_seccomp_profile_field(sp: Option<&Json>, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(sp) = sp else {
        return errs;
    };
    let ty = text(sp, "type");
    match ty {
        "Localhost" | "RuntimeDefault" | "Unconfined" => {}
        "" => errs.push(FieldError::required(
            &path.child("type"),
            "type is required when seccompProfile is set",
        )),
        other => errs.push(FieldError::not_supported(
            &path.child("type"),
            Value::Str(other.to_string()),
            &["Localhost", "RuntimeDefault", "Unconfined"],
        )),
    }
    let local = sp.get("localhostProfile").and_then(Json::as_str);
    if ty == "Localhost" {
        match local {
            None => errs.push(FieldError::required(
                &path.child("localhostProfile"),
                "must be set when seccomp type is Localhost",
            )),
            Some(p) => errs.extend(super::validate_local_descending_path(
                p,
                &path.child("localhostProfile"),
            )),
        }
    } else if local.is_some() {
        // The value is the SeccompProfile struct; printed as its JSON form.
        errs.push(FieldError::invalid(
            &path.child("localhostProfile"),
            Value::json(sp),
            "can only be set when seccomp type is Localhost",
        ));
    }
    errs
}

/// `ValidateAppArmorProfileField`.
fn validate_apparmor_profile_field(profile: Option<&Json>, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(profile) = profile else {
        return errs;
    };
    let local = profile.get("localhostProfile").and_then(Json::as_str);
    let lp = path.child("localhostProfile");
    match text(profile, "type") {
        "Localhost" => match local {
            None => errs.push(FieldError::required(
                &lp,
                "must be set when AppArmor type is Localhost",
            )),
            Some(p) => {
                let trimmed = p.trim();
                if trimmed != p {
                    errs.push(FieldError::invalid(
                        &lp,
                        Value::Str(p.to_string()),
                        "must not be padded with whitespace",
                    ));
                } else if trimmed.is_empty() {
                    errs.push(FieldError::required(
                        &lp,
                        "must be set when AppArmor type is Localhost",
                    ));
                }
                if p.len() > 4095 {
                    errs.push(FieldError::too_long(&lp, 4095));
                }
            }
        },
        "RuntimeDefault" | "Unconfined" => {
            if let Some(p) = local {
                errs.push(FieldError::invalid(
                    &lp,
                    Value::Str(p.to_string()),
                    "can only be set when AppArmor type is Localhost",
                ));
            }
        }
        "" => errs.push(FieldError::required(
            &path.child("type"),
            "type is required when appArmorProfile is set",
        )),
        other => errs.push(FieldError::not_supported(
            &path.child("type"),
            Value::Str(other.to_string()),
            &["Localhost", "RuntimeDefault", "Unconfined"],
        )),
    }
    errs
}

/// `SysctlContainSlashFmt` matched: segments split on '.' or '/'.
fn is_valid_sysctl_name(name: &str) -> bool {
    let segment_ok = |s: &str| {
        let b = s.as_bytes();
        let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        !b.is_empty()
            && alnum(b[0])
            && alnum(b[b.len() - 1])
            && b.iter().all(|&c| alnum(c) || c == b'-' || c == b'_')
    };
    name.len() <= 253 && name.split(['.', '/']).all(segment_ok)
}

/// The namespace of a sysctl (`utilsysctl.GetNamespace` after
/// `NormalizeName`): "net" or "ipc", None for a node-level one.
fn sysctl_namespace(name: &str) -> Option<&'static str> {
    let normalized: String = match name.find(['.', '/']) {
        Some(i) if name.as_bytes()[i] == b'/' => name
            .chars()
            .map(|c| match c {
                '.' => '/',
                '/' => '.',
                c => c,
            })
            .collect(),
        _ => name.to_string(),
    };
    if normalized.starts_with("net.") {
        Some("net")
    } else if normalized == "kernel.sem"
        || ["kernel.shm", "kernel.msg", "fs.mqueue."]
            .iter()
            .any(|p| normalized.starts_with(p))
    {
        Some("ipc")
    } else {
        None
    }
}

/// `validatePodSpecSecurityContext` (`spec` is the pod spec's JSON; hostPID,
/// hostIPC, hostNetwork and shareProcessNamespace sit there in v1).
pub fn validate_pod_security_context(spec: &Json, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let empty = Json::Object(serde_json::Map::new());
    let sc = obj(spec, "securityContext").unwrap_or(&empty);
    for key in ["fsGroup", "runAsUser", "runAsGroup"] {
        if let Some(v) = int(sc, key) {
            errs.extend(id_errors(v, &path.child(key)));
        }
    }
    for (g, gid) in items(sc, "supplementalGroups").iter().enumerate() {
        if let Some(gid) = gid.as_i64() {
            errs.extend(id_errors(gid, &path.child("supplementalGroups").index(g)));
        }
    }
    let flag = |key: &str| spec.get(key).and_then(Json::as_bool) == Some(true);
    if flag("shareProcessNamespace") && flag("hostPID") {
        errs.push(FieldError::invalid(
            &path.child("shareProcessNamespace"),
            Value::Bool(true),
            "ShareProcessNamespace and HostPID cannot both be enabled",
        ));
    }
    // validateSysctls (AllowNamespacedSysctlsForHostNetAndHostIPC is false)
    let mut names = FxHashSet::default();
    for (i, s) in items(sc, "sysctls").iter().enumerate() {
        let np = path.child("sysctls").index(i).child("name");
        let name = text(s, "name");
        if name.is_empty() {
            errs.push(FieldError::required(&np, ""));
        } else if !is_valid_sysctl_name(name) {
            errs.push(FieldError::invalid(
                &np,
                Value::Str(name.to_string()),
                "must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$",
            ));
        } else if names.contains(name) {
            errs.push(FieldError::duplicate(&np, Value::Str(name.to_string())));
        }
        match sysctl_namespace(name) {
            Some("net") if flag("hostNetwork") => errs.push(FieldError::invalid(
                &np,
                Value::Str(name.to_string()),
                "may not be specified when 'hostNetwork' is true",
            )),
            Some("ipc") if flag("hostIPC") => errs.push(FieldError::invalid(
                &np,
                Value::Str(name.to_string()),
                "may not be specified when 'hostIPC' is true",
            )),
            _ => {}
        }
        names.insert(name);
    }
    if let Some(policy) = sc.get("fsGroupChangePolicy").and_then(Json::as_str) {
        if policy != "OnRootMismatch" && policy != "Always" {
            errs.push(FieldError::not_supported(
                &path.child("fsGroupChangePolicy"),
                Value::Str(policy.to_string()),
                &["Always", "OnRootMismatch"],
            ));
        }
    }
    errs.extend(validate_seccomp_profile_field(
        obj(sc, "seccompProfile"),
        &path.child("seccompProfile"),
    ));
    errs.extend(validate_windows_options(
        obj(sc, "windowsOptions"),
        &path.child("windowsOptions"),
    ));
    errs.extend(validate_apparmor_profile_field(
        obj(sc, "appArmorProfile"),
        &path.child("appArmorProfile"),
    ));
    // validateSupplementalGroupsPolicy (SupplementalGroupsPolicy is GA)
    if let Some(policy) = sc.get("supplementalGroupsPolicy").and_then(Json::as_str) {
        if policy != "Merge" && policy != "Strict" {
            errs.push(FieldError::not_supported(
                &path.child("supplementalGroupsPolicy"),
                Value::Str(policy.to_string()),
                &["Merge", "Strict"],
            ));
        }
    }
    // validateSELinuxChangePolicy: on create AllowOnlyRecursiveSELinuxChangePolicy
    // holds while the SELinuxMount gate is off by default
    // (useOnlyRecursiveSELinuxChangePolicy), so only Recursive is accepted.
    if let Some(policy) = sc.get("seLinuxChangePolicy").and_then(Json::as_str) {
        if policy != "Recursive" {
            errs.push(FieldError::not_supported(
                &path.child("seLinuxChangePolicy"),
                Value::Str(policy.to_string()),
                &["Recursive"],
            ));
        }
    }
    errs
}

/// `validateHostUsers`: a pod in a user namespace shares no host namespace.
pub fn validate_host_users(spec: &Json, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if spec.get("hostUsers").and_then(Json::as_bool) != Some(false) {
        return errs;
    }
    let msg = "when `pod.Spec.HostUsers` is false";
    // Upstream names the last two with capitals.
    for (key, field) in [
        ("hostNetwork", "hostNetwork"),
        ("hostPID", "HostPID"),
        ("hostIPC", "HostIPC"),
    ] {
        if spec.get(key).and_then(Json::as_bool) == Some(true) {
            errs.push(FieldError::forbidden(&path.child(field), msg));
        }
    }
    errs
}

/// `ValidateSecurityContext` for a container; `host_users` is the pod's
/// (unset means true).
pub fn validate_container_security_context(
    sc: Option<&Json>,
    host_users: bool,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(sc) = sc.filter(|s| s.is_object()) else {
        return errs;
    };
    for key in ["runAsUser", "runAsGroup"] {
        if let Some(v) = int(sc, key) {
            errs.extend(id_errors(v, &path.child(key)));
        }
    }
    if let Some(pm) = sc.get("procMount").and_then(Json::as_str) {
        if pm != "Default" && pm != "Unmasked" {
            errs.push(FieldError::not_supported(
                &path.child("procMount"),
                Value::Str(pm.to_string()),
                &["Default", "Unmasked"],
            ));
        }
        if host_users && pm == "Unmasked" {
            errs.push(FieldError::invalid(
                &path.child("procMount"),
                Value::Str(pm.to_string()),
                "`hostUsers` must be false to use `Unmasked`",
            ));
        }
    }
    errs.extend(validate_seccomp_profile_field(
        obj(sc, "seccompProfile"),
        &path.child("seccompProfile"),
    ));
    if sc.get("allowPrivilegeEscalation").and_then(Json::as_bool) == Some(false) {
        // The value is the SecurityContext struct; printed as its JSON form.
        if sc.get("privileged").and_then(Json::as_bool) == Some(true) {
            errs.push(FieldError::invalid(
                path,
                Value::json(sc),
                "cannot set `allowPrivilegeEscalation` to false and `privileged` to true",
            ));
        }
        let adds = sc
            .get("capabilities")
            .map(|c| items(c, "add"))
            .unwrap_or(&[]);
        for cap in adds {
            if cap.as_str() == Some("CAP_SYS_ADMIN") {
                errs.push(FieldError::invalid(
                    path,
                    Value::json(sc),
                    "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN",
                ));
            }
        }
    }
    errs.extend(validate_windows_options(
        obj(sc, "windowsOptions"),
        &path.child("windowsOptions"),
    ));
    errs.extend(validate_apparmor_profile_field(
        obj(sc, "appArmorProfile"),
        &path.child("appArmorProfile"),
    ));
    errs
}

/// The NetBios domain form of `validNetBiosRegex`.
fn is_netbios_domain(domain: &str) -> bool {
    const BAD: &[char] = &['\\', '/', ':', '*', '?', '"', '<', '>', '|'];
    let mut chars = domain.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest: Vec<char> = chars.collect();
    !BAD.contains(&first)
        && first != '.'
        && rest.len() <= 14
        && rest.iter().all(|c| !BAD.contains(c))
}

/// The DNS domain form of `validWindowsUserDomainDNSRegex`.
fn is_dns_domain(domain: &str) -> bool {
    domain.split('.').all(|label| {
        let b = label.as_bytes();
        !b.is_empty()
            && b.len() <= 63
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-')
    })
}

/// `validateWindowsSecurityContextOptions`.
pub fn validate_windows_options(options: Option<&Json>, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(options) = options else {
        return errs;
    };
    if let Some(name) = options.get("gmsaCredentialSpecName").and_then(Json::as_str) {
        errs.extend(super::container::subdomain_errors(
            &path.child("gmsaCredentialSpecName"),
            name,
        ));
    }
    if let Some(spec) = options.get("gmsaCredentialSpec").and_then(Json::as_str) {
        let sp = path.child("gmsaCredentialSpec");
        if spec.is_empty() {
            errs.push(FieldError::invalid(
                &sp,
                Value::Str(String::new()),
                "gmsaCredentialSpec cannot be an empty string",
            ));
        } else if spec.len() > 64 * 1024 {
            errs.push(FieldError::invalid(
                &sp,
                Value::Str(spec.to_string()),
                "gmsaCredentialSpec size must be under 64 KiB",
            ));
        }
    }
    let Some(user_name) = options.get("runAsUserName").and_then(Json::as_str) else {
        return errs;
    };
    let up = path.child("runAsUserName");
    let invalid =
        |msg: &str| FieldError::invalid(&up, Value::Str(user_name.to_string()), msg.to_string());
    if user_name.is_empty() {
        errs.push(invalid("runAsUserName cannot be an empty string"));
        return errs;
    }
    if user_name.chars().any(|c| c.is_ascii_control()) {
        errs.push(invalid("runAsUserName cannot contain control characters"));
        return errs;
    }
    let parts: Vec<&str> = user_name.split('\\').collect();
    if parts.len() > 2 {
        errs.push(invalid(
            "runAsUserName cannot contain more than one backslash",
        ));
        return errs;
    }
    let (domain, user) = match parts.as_slice() {
        [user] => (None, *user),
        [domain, user] => (Some(*domain), *user),
        _ => return errs,
    };
    if domain.unwrap_or("").len() >= 256 {
        errs.push(invalid(
            "runAsUserName's Domain length must be under 256 characters",
        ));
    }
    if let Some(d) = domain {
        if !(is_netbios_domain(d) || is_dns_domain(d)) {
            errs.push(invalid(
                "runAsUserName's Domain doesn't match the NetBios nor the DNS format",
            ));
        }
    }
    if user.is_empty() {
        errs.push(invalid("runAsUserName's User cannot be empty"));
    } else if user.len() > 104 {
        errs.push(invalid(
            "runAsUserName's User length must not be longer than 104 characters",
        ));
    }
    if !user.is_empty() && user.chars().all(|c| c == '.' || c == ' ') {
        errs.push(invalid(
            "runAsUserName's User cannot contain only periods or spaces",
        ));
    }
    if user.chars().any(|c| "\"/\\:;|=,+*?<>@[]".contains(c)) {
        errs.push(invalid(
            "runAsUserName's User cannot contain the following characters: \"/\\:;|=,+*?<>@[]",
        ));
    }
    errs
}

/// `validateWindowsHostProcessPod`, without its cluster-policy check
/// (`--allow-privileged`). `containers` are the pod's containers' JSON with
/// their paths, init containers first, as `VisitContainersWithPath` walks
/// them.
pub fn validate_windows_host_process(
    spec: &Json,
    containers: &[(Path, Json)],
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let host_process = |sc: Option<&Json>| {
        sc.and_then(|sc| sc.get("windowsOptions"))
            .and_then(|w| w.get("hostProcess"))
            .and_then(Json::as_bool)
    };
    let pod_host_process = host_process(spec.get("securityContext"));
    let host_network = spec.get("hostNetwork").and_then(Json::as_bool) == Some(true);
    let mut host_process_count = 0;
    for (cp, c) in containers {
        let container_host_process = host_process(c.get("securityContext"));
        if let (Some(pod), Some(ctr)) = (pod_host_process, container_host_process) {
            if pod != ctr {
                errs.push(FieldError::invalid(
                    &cp.child("securityContext")
                        .child("windowsOptions")
                        .child("hostProcess"),
                    Value::Bool(ctr),
                    format!(
                        "pod hostProcess value must be identical if both are specified, was {pod}"
                    ),
                ));
            }
        }
        match (container_host_process, pod_host_process) {
            (Some(true), _) | (None, Some(true)) => host_process_count += 1,
            _ => {}
        }
    }
    if host_process_count > 0 {
        if host_process_count != containers.len() {
            errs.push(FieldError::invalid(
                path,
                Value::Str(String::new()),
                "If pod contains any hostProcess containers then all containers must be HostProcess containers",
            ));
        }
        if !host_network {
            errs.push(FieldError::invalid(
                &path.child("hostNetwork"),
                Value::Bool(false),
                "hostNetwork must be true if pod contains any hostProcess containers",
            ));
        }
    }
    errs
}
