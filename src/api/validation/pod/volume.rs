//! `validateVolumeSource`: exactly one source per volume, and the fields of
//! the sources.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;
use serde_json::Value as Json;

use super::container::{
    inclusive_range_error, label_errors, validate_object_field_selector,
    validate_resource_field_selector,
};
use super::json::{int, items, obj, text};
use super::quantity::from_json;
use crate::api::validation::field::{FieldError, Path, Value};
use crate::api::validation::meta::{is_dns1123_subdomain, validate_annotations, validate_labels};

/// The `VolumeSource` members in `validateVolumeSource`'s order, each with
/// the path segment its "more than 1 volume type" error names (upstream
/// spells two of them differently).
const SOURCES: &[(&str, &str)] = &[
    ("emptyDir", "emptyDir"),
    ("hostPath", "hostPath"),
    ("gitRepo", "gitRepo"),
    ("gcePersistentDisk", "gcePersistentDisk"),
    ("awsElasticBlockStore", "awsElasticBlockStore"),
    ("secret", "secret"),
    ("nfs", "nfs"),
    ("iscsi", "iscsi"),
    ("glusterfs", "glusterfs"),
    ("flocker", "flocker"),
    ("persistentVolumeClaim", "persistentVolumeClaim"),
    ("rbd", "rbd"),
    ("cinder", "cinder"),
    ("cephfs", "cephFS"),
    ("quobyte", "quobyte"),
    ("downwardAPI", "downwarAPI"),
    ("fc", "fc"),
    ("flexVolume", "flexVolume"),
    ("configMap", "configMap"),
    ("azureFile", "azureFile"),
    ("vsphereVolume", "vsphereVolume"),
    ("photonPersistentDisk", "photonPersistentDisk"),
    ("portworxVolume", "portworxVolume"),
    ("azureDisk", "azureDisk"),
    ("storageos", "storageos"),
    ("projected", "projected"),
    ("scaleIO", "scaleIO"),
    ("csi", "csi"),
    ("ephemeral", "ephemeral"),
    ("image", "image"),
];

/// `fileModeErrorMsg`.
const FILE_MODE_ERROR: &str = "must be a number between 0 and 0777 (octal), both inclusive";

/// `validVolumeDownwardAPIFieldPathExpressions`, sorted.
const VOLUME_FIELD_PATHS: &[&str] = &[
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
];

fn required(path: &Path) -> FieldError {
    FieldError::required(path, "")
}

fn require_text(v: &Json, key: &str, path: &Path, errs: &mut Vec<FieldError>) {
    if text(v, key).is_empty() {
        errs.push(required(&path.child(key)));
    }
}

fn mode_error(v: &Json, key: &str, path: &Path, errs: &mut Vec<FieldError>) {
    if let Some(mode) = int(v, key) {
        if !(0..=0o777).contains(&mode) {
            errs.push(FieldError::invalid(
                &path.child(key),
                Value::Int(mode),
                FILE_MODE_ERROR,
            ));
        }
    }
}

/// `ValidateLocalNonReservedPath`.
fn local_non_reserved_path(target: &str, path: &Path) -> Vec<FieldError> {
    let mut errs = super::validate_local_descending_path(target, path);
    if target.starts_with("..") && !target.starts_with("../") {
        errs.push(FieldError::invalid(
            path,
            Value::Str(target.to_string()),
            "must not start with '..'",
        ));
    }
    errs
}

/// `validateKeyToPath`.
fn key_to_path(kp: &Json, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    require_text(kp, "key", path, &mut errs);
    require_text(kp, "path", path, &mut errs);
    errs.extend(local_non_reserved_path(
        text(kp, "path"),
        &path.child("path"),
    ));
    mode_error(kp, "mode", path, &mut errs);
    errs
}

/// `validateDownwardAPIVolumeFile` (`path` is the source's path: upstream
/// does not index the items).
fn downward_api_file(file: &Json, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    require_text(file, "path", path, &mut errs);
    errs.extend(local_non_reserved_path(
        text(file, "path"),
        &path.child("path"),
    ));
    if let Some(fs) = obj(file, "fieldRef") {
        errs.extend(validate_object_field_selector(
            fs,
            VOLUME_FIELD_PATHS,
            &path.child("fieldRef"),
        ));
        if obj(file, "resourceFieldRef").is_some() {
            errs.push(FieldError::invalid(
                path,
                Value::Str("resource".to_string()),
                "fieldRef and resourceFieldRef can not be specified simultaneously",
            ));
        }
    } else if let Some(rs) = obj(file, "resourceFieldRef") {
        errs.extend(validate_resource_field_selector(
            rs,
            true,
            &path.child("resourceFieldRef"),
        ));
    } else {
        errs.push(FieldError::required(
            path,
            "one of fieldRef and resourceFieldRef is required",
        ));
    }
    mode_error(file, "mode", path, &mut errs);
    errs
}

/// `validateProjectionSources` for the secret, configMap, downwardAPI and
/// serviceAccountToken projections (clusterTrustBundle and podCertificate
/// are only counted).
fn projection_sources(projection: &Json, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut all_paths = FxHashSet::default();
    for (i, source) in items(projection, "sources").iter().enumerate() {
        let sp = path.child("sources").index(i);
        let mut count = 0;
        for kind in ["secret", "configMap"] {
            let Some(s) = obj(source, kind) else { continue };
            count += 1;
            let pp = sp.child(kind);
            require_text(s, "name", &pp, &mut errs);
            for (k, kp) in items(s, "items").iter().enumerate() {
                errs.extend(key_to_path(kp, &pp.child("items").index(k)));
                let p = text(kp, "path");
                if !p.is_empty() && !all_paths.insert(p.to_string()) {
                    errs.push(FieldError::invalid(
                        path,
                        Value::Str(text(s, "name").to_string()),
                        "conflicting duplicate paths",
                    ));
                }
            }
        }
        if let Some(d) = obj(source, "downwardAPI") {
            count += 1;
            for file in items(d, "items") {
                errs.extend(downward_api_file(file, &sp.child("downwardAPI")));
                let p = text(file, "path");
                if !p.is_empty() && !all_paths.insert(p.to_string()) {
                    errs.push(FieldError::invalid(
                        path,
                        Value::Str(p.to_string()),
                        "conflicting duplicate paths",
                    ));
                }
            }
        }
        if let Some(t) = obj(source, "serviceAccountToken") {
            count += 1;
            let tp = sp.child("serviceAccountToken");
            // SetDefaults_ServiceAccountTokenProjection: one hour.
            let expiration = int(t, "expirationSeconds").unwrap_or(3600);
            if expiration < 600 {
                errs.push(FieldError::invalid(
                    &tp.child("expirationSeconds"),
                    Value::Int(expiration),
                    "may not specify a duration less than 10 minutes",
                ));
            }
            if expiration > 1 << 32 {
                errs.push(FieldError::invalid(
                    &tp.child("expirationSeconds"),
                    Value::Int(expiration),
                    "may not specify a duration larger than 2^32 seconds",
                ));
            }
            let token_path = text(t, "path");
            if token_path.is_empty() {
                errs.push(required(&path.child("path")));
            } else {
                errs.extend(local_non_reserved_path(token_path, &path.child("path")));
            }
        }
        for kind in ["clusterTrustBundle", "podCertificate"] {
            if obj(source, kind).is_some() {
                count += 1;
            }
        }
        if count > 1 {
            errs.push(FieldError::forbidden(
                &sp,
                "may not specify more than 1 volume type per source",
            ));
        }
    }
    errs
}

/// The checks of one source (those `validateVolumeSource` calls), under the
/// volume's path.
fn source_errors(kind: &str, s: &Json, volume_path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    // The GCE checks name the path "persistentDisk".
    let segment = if kind == "gcePersistentDisk" {
        "persistentDisk"
    } else {
        kind
    };
    let path = &volume_path.child(segment);
    match kind {
        "emptyDir" => {
            let negative = s
                .get("sizeLimit")
                .filter(|v| !v.is_null())
                .and_then(|v| from_json(v).ok())
                .is_some_and(|q| q.is_negative());
            if negative {
                errs.push(FieldError::forbidden(
                    &path.child("sizeLimit"),
                    "SizeLimit field must be a valid resource quantity",
                ));
            }
        }
        "hostPath" => {
            let p = text(s, "path");
            if p.is_empty() {
                errs.push(required(&path.child("path")));
                return errs;
            }
            if p.split('/').any(|part| part == "..") {
                errs.push(FieldError::invalid(
                    &path.child("path"),
                    Value::Str(p.to_string()),
                    "must not contain '..'",
                ));
            }
            const TYPES: &[&str] = &[
                "",
                "BlockDevice",
                "CharDevice",
                "Directory",
                "DirectoryOrCreate",
                "File",
                "FileOrCreate",
                "Socket",
            ];
            if let Some(t) = s.get("type").and_then(Json::as_str) {
                if !TYPES.contains(&t) {
                    errs.push(FieldError::not_supported(
                        &path.child("type"),
                        Value::Str(t.to_string()),
                        TYPES,
                    ));
                }
            }
        }
        "gitRepo" => {
            require_text(s, "repository", path, &mut errs);
            errs.extend(super::validate_local_descending_path(
                text(s, "directory"),
                &path.child("directory"),
            ));
        }
        "gcePersistentDisk" | "awsElasticBlockStore" => {
            let id = if kind == "gcePersistentDisk" {
                "pdName"
            } else {
                "volumeID"
            };
            require_text(s, id, path, &mut errs);
            // pdPartitionErrorMsg says 1 though 0 is accepted.
            let partition = int(s, "partition").unwrap_or(0);
            if !(0..=255).contains(&partition) {
                errs.push(FieldError::invalid(
                    &path.child("partition"),
                    Value::Int(partition),
                    inclusive_range_error(1, 255),
                ));
            }
        }
        "secret" | "configMap" => {
            require_text(
                s,
                if kind == "secret" {
                    "secretName"
                } else {
                    "name"
                },
                path,
                &mut errs,
            );
            mode_error(s, "defaultMode", path, &mut errs);
            for (i, kp) in items(s, "items").iter().enumerate() {
                errs.extend(key_to_path(kp, &path.child("items").index(i)));
            }
        }
        "nfs" => {
            require_text(s, "server", path, &mut errs);
            require_text(s, "path", path, &mut errs);
            let p = text(s, "path");
            if !p.starts_with('/') {
                errs.push(FieldError::invalid(
                    &path.child("path"),
                    Value::Str(p.to_string()),
                    "must be an absolute path",
                ));
            }
        }
        "iscsi" => {
            require_text(s, "targetPortal", path, &mut errs);
            let iqn = text(s, "iqn");
            if iqn.is_empty() {
                errs.push(required(&path.child("iqn")));
            } else if !["iqn", "eui", "naa"].iter().any(|p| iqn.starts_with(p)) {
                errs.push(FieldError::invalid(
                    &path.child("iqn"),
                    Value::Str(iqn.to_string()),
                    "must be valid format starting with iqn, eui, or naa",
                ));
            } else if !iscsi_name_matches(iqn) {
                errs.push(FieldError::invalid(
                    &path.child("iqn"),
                    Value::Str(iqn.to_string()),
                    "must be valid format",
                ));
            }
            let lun = int(s, "lun").unwrap_or(0);
            if !(0..=255).contains(&lun) {
                errs.push(FieldError::invalid(
                    &path.child("lun"),
                    Value::Int(lun),
                    inclusive_range_error(0, 255),
                ));
            }
            let chap = |k: &str| s.get(k).and_then(Json::as_bool) == Some(true);
            if (chap("chapAuthDiscovery") || chap("chapAuthSession"))
                && obj(s, "secretRef").is_none()
            {
                errs.push(required(&path.child("secretRef")));
            }
            if let Some(initiator) = s.get("initiatorName").and_then(Json::as_str) {
                let ip = path.child("initiatorname");
                if !["iqn", "eui", "naa"]
                    .iter()
                    .any(|p| initiator.starts_with(p))
                {
                    errs.push(FieldError::invalid(
                        &ip,
                        Value::Str(initiator.to_string()),
                        "must be valid format starting with iqn, eui, or naa",
                    ));
                } else if !iscsi_name_matches(initiator) {
                    errs.push(FieldError::invalid(
                        &ip,
                        Value::Str(initiator.to_string()),
                        "must be valid format",
                    ));
                }
            }
        }
        "quobyte" => {
            // validateQuobyteVolumeSource
            let registry = text(s, "registry");
            let pairs_msg = "must be a host:port pair or multiple pairs separated by commas";
            if registry.is_empty() {
                errs.push(FieldError::required(&path.child("registry"), pairs_msg));
            } else if text(s, "tenant").len() >= 65 {
                errs.push(FieldError::required(
                    &path.child("tenant"),
                    "must be a UUID and may not exceed a length of 64 characters",
                ));
            } else {
                for pair in registry.split(',') {
                    if !split_host_port_ok(pair) {
                        errs.push(FieldError::invalid(
                            &path.child("registry"),
                            Value::Str(registry.to_string()),
                            pairs_msg,
                        ));
                    }
                }
            }
            require_text(s, "volume", path, &mut errs);
        }
        "glusterfs" => {
            require_text(s, "endpoints", path, &mut errs);
            require_text(s, "path", path, &mut errs);
        }
        "flocker" => {
            let name = text(s, "datasetName");
            let uuid = text(s, "datasetUUID");
            if name.is_empty() && uuid.is_empty() {
                errs.push(FieldError::required(
                    path,
                    "one of datasetName and datasetUUID is required",
                ));
            }
            if !name.is_empty() && !uuid.is_empty() {
                errs.push(FieldError::invalid(
                    path,
                    Value::Str("resource".to_string()),
                    "datasetName and datasetUUID can not be specified simultaneously",
                ));
            }
            if name.contains('/') {
                errs.push(FieldError::invalid(
                    &path.child("datasetName"),
                    Value::Str(name.to_string()),
                    "must not contain '/'",
                ));
            }
        }
        "persistentVolumeClaim" => require_text(s, "claimName", path, &mut errs),
        "rbd" => {
            if items(s, "monitors").is_empty() {
                errs.push(required(&path.child("monitors")));
            }
            require_text(s, "image", path, &mut errs);
        }
        "cinder" => {
            require_text(s, "volumeID", path, &mut errs);
            if let Some(r) = obj(s, "secretRef") {
                require_text(r, "name", &path.child("secretRef"), &mut errs);
            }
        }
        "cephfs" if items(s, "monitors").is_empty() => {
            errs.push(required(&path.child("monitors")));
        }
        "downwardAPI" => {
            mode_error(s, "defaultMode", path, &mut errs);
            for file in items(s, "items") {
                errs.extend(downward_api_file(file, path));
            }
        }
        "fc" => {
            let wwns = items(s, "targetWWNs");
            let wwids = items(s, "wwids");
            if wwns.is_empty() && wwids.is_empty() {
                errs.push(FieldError::required(
                    &path.child("targetWWNs"),
                    "must specify either targetWWNs or wwids, but not both",
                ));
            }
            if !wwns.is_empty() && !wwids.is_empty() {
                let quoted: Vec<String> = wwns
                    .iter()
                    .map(|w| crate::api::validation::field::go_quote(w.as_str().unwrap_or("")))
                    .collect();
                errs.push(FieldError::invalid(
                    &path.child("targetWWNs"),
                    Value::Go(format!("[]string{{{}}}", quoted.join(", "))),
                    "targetWWNs and wwids can not be specified simultaneously",
                ));
            }
            if !wwns.is_empty() {
                match int(s, "lun") {
                    None => errs.push(FieldError::required(
                        &path.child("lun"),
                        "lun is required if targetWWNs is specified",
                    )),
                    Some(lun) if !(0..=255).contains(&lun) => errs.push(FieldError::invalid(
                        &path.child("lun"),
                        Value::Int(lun),
                        inclusive_range_error(0, 255),
                    )),
                    Some(_) => {}
                }
            }
        }
        "flexVolume" => {
            require_text(s, "driver", path, &mut errs);
            if let Some(options) = s.get("options").and_then(Json::as_object) {
                for k in options.keys() {
                    let namespace = k.split_once('/').map_or(k.as_str(), |(ns, _)| ns);
                    let normalized = format!(".{}", namespace.to_lowercase());
                    if normalized.ends_with(".kubernetes.io") || normalized.ends_with(".k8s.io") {
                        errs.push(FieldError::invalid(
                            &path.child("options").key(k),
                            Value::Str(k.clone()),
                            "kubernetes.io and k8s.io namespaces are reserved",
                        ));
                    }
                }
            }
        }
        "azureDisk" => {
            // validateAzureDisk, after the declarative defaults of cachingMode
            // (ReadWrite) and kind (Shared).
            require_text(s, "diskName", path, &mut errs);
            require_text(s, "diskURI", path, &mut errs);
            let defaulted = |key: &str, default: &'static str| match s.get(key) {
                None | Some(Json::Null) => default.to_string(),
                Some(v) => v.as_str().unwrap_or("").to_string(),
            };
            let caching = defaulted("cachingMode", "ReadWrite");
            if !["None", "ReadOnly", "ReadWrite"].contains(&caching.as_str()) {
                errs.push(FieldError::not_supported(
                    &path.child("cachingMode"),
                    Value::Str(caching),
                    &["None", "ReadOnly", "ReadWrite"],
                ));
            }
            let kind = defaulted("kind", "Shared");
            if !["Dedicated", "Managed", "Shared"].contains(&kind.as_str()) {
                errs.push(FieldError::not_supported(
                    &path.child("kind"),
                    Value::Str(kind.clone()),
                    &["Dedicated", "Managed", "Shared"],
                ));
            }
            let uri = text(s, "diskURI");
            let (prefix, supported) = if kind == "Managed" {
                (
                    "/subscriptions/",
                    "/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}",
                )
            } else {
                (
                    "https://",
                    "https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd",
                )
            };
            if !uri.starts_with(prefix) {
                errs.push(FieldError::not_supported(
                    &path.child("diskURI"),
                    Value::Str(uri.to_string()),
                    &[supported],
                ));
            }
        }
        "azureFile" => {
            require_text(s, "secretName", path, &mut errs);
            require_text(s, "shareName", path, &mut errs);
        }
        "vsphereVolume" => require_text(s, "volumePath", path, &mut errs),
        "photonPersistentDisk" => require_text(s, "pdID", path, &mut errs),
        "portworxVolume" => require_text(s, "volumeID", path, &mut errs),
        "storageos" => {
            let name = text(s, "volumeName");
            if name.is_empty() {
                errs.push(required(&path.child("volumeName")));
            } else {
                errs.extend(label_errors(&path.child("volumeName"), name));
            }
            let ns = text(s, "volumeNamespace");
            if !ns.is_empty() {
                errs.extend(label_errors(&path.child("volumeNamespace"), ns));
            }
            if let Some(r) = obj(s, "secretRef") {
                require_text(r, "name", &path.child("secretRef"), &mut errs);
            }
        }
        "projected" => {
            mode_error(s, "defaultMode", path, &mut errs);
            errs.extend(projection_sources(s, path));
        }
        "scaleIO" => {
            for key in ["gateway", "system", "volumeName"] {
                require_text(s, key, path, &mut errs);
            }
        }
        "csi" => {
            // ValidateCSIDriverName
            let driver = text(s, "driver");
            let dp = path.child("driver");
            if driver.is_empty() {
                errs.push(required(&dp));
            }
            if driver.len() > 63 {
                errs.push(FieldError::too_long(&dp, 63));
            }
            for msg in is_dns1123_subdomain(&driver.to_lowercase()) {
                errs.push(FieldError::invalid(
                    &dp,
                    Value::Str(driver.to_string()),
                    msg,
                ));
            }
            if let Some(r) = obj(s, "nodePublishSecretRef") {
                let name = text(r, "name");
                if name.is_empty() {
                    errs.push(required(&path.child("nodePublishSecretRef").child("name")));
                } else {
                    // Upstream names the path "csi.name".
                    for msg in is_dns1123_subdomain(name) {
                        errs.push(FieldError::invalid(
                            &path.child("name"),
                            Value::Str(name.to_string()),
                            msg,
                        ));
                    }
                }
            }
        }
        "ephemeral" => match obj(s, "volumeClaimTemplate") {
            None => errs.push(required(&path.child("volumeClaimTemplate"))),
            Some(t) => {
                // ValidatePersistentVolumeClaimTemplate
                let tp = path.child("volumeClaimTemplate");
                if let Some(meta) = obj(t, "metadata") {
                    errs.extend(template_object_meta(meta, &tp.child("metadata")));
                }
                let empty = Json::Object(serde_json::Map::new());
                errs.extend(pvc_spec(
                    obj(t, "spec").unwrap_or(&empty),
                    &tp.child("spec"),
                ));
            }
        },
        // validateImageVolumeSource: the reference is required only in a
        // pod (ResourceIsPod); SetDefaults_Volume fills an empty pullPolicy
        // (ImageVolume is on by default), so only a bad value fails.
        "image" => match text(s, "pullPolicy") {
            "" | "Always" | "IfNotPresent" | "Never" => {}
            other => errs.push(FieldError::not_supported(
                &path.child("pullPolicy"),
                Value::Str(other.to_string()),
                &["Always", "IfNotPresent", "Never"],
            )),
        },
        _ => {}
    }
    errs
}

/// `validateDataSource` / `validateDataSourceRef`.
fn data_source(ds: &Json, is_ref: bool, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    require_text(ds, "name", path, &mut errs);
    require_text(ds, "kind", path, &mut errs);
    let api_group = text(ds, "apiGroup");
    let kind = text(ds, "kind");
    if api_group.is_empty() && kind != "PersistentVolumeClaim" {
        errs.push(FieldError::invalid(
            path,
            Value::Str(kind.to_string()),
            "must be 'PersistentVolumeClaim' when referencing the default apiGroup",
        ));
    }
    if !api_group.is_empty() {
        for msg in is_dns1123_subdomain(api_group) {
            errs.push(FieldError::invalid(
                &path.child("apiGroup"),
                Value::Str(api_group.to_string()),
                msg,
            ));
        }
    }
    if is_ref {
        let ns = text(ds, "namespace");
        if !ns.is_empty() {
            errs.extend(label_errors(&path.child("namespace"), ns));
        }
    }
    errs
}

/// A JSON object of strings as a map (other values are skipped).
fn string_map(v: Option<&Json>) -> Option<BTreeMap<String, String>> {
    let m = v?.as_object()?;
    Some(
        m.iter()
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
            .collect(),
    )
}

/// `ValidateTemplateObjectMeta`: annotations, labels, and no other
/// `ObjectMeta` field set (`validateFieldAllowList`, in the struct's field
/// order, each named by its Go field name with the first letter lowered).
fn template_object_meta(meta: &Json, path: &Path) -> Vec<FieldError> {
    let mut errs = validate_annotations(
        string_map(meta.get("annotations")).as_ref(),
        &path.child("annotations"),
    );
    errs.extend(validate_labels(
        string_map(meta.get("labels")).as_ref(),
        &path.child("labels"),
    ));
    // (JSON key, lowered Go field name); a JSON null leaves a field unset
    const FIELDS: &[(&str, &str)] = &[
        ("name", "name"),
        ("generateName", "generateName"),
        ("namespace", "namespace"),
        ("selfLink", "selfLink"),
        ("uid", "uID"),
        ("resourceVersion", "resourceVersion"),
        ("generation", "generation"),
        ("creationTimestamp", "creationTimestamp"),
        ("deletionTimestamp", "deletionTimestamp"),
        ("deletionGracePeriodSeconds", "deletionGracePeriodSeconds"),
        ("ownerReferences", "ownerReferences"),
        ("finalizers", "finalizers"),
        ("managedFields", "managedFields"),
    ];
    for (key, go_name) in FIELDS {
        let set = match meta.get(*key) {
            None | Some(Json::Null) => false,
            Some(Json::String(s)) => match *key {
                "creationTimestamp" => s != "0001-01-01T00:00:00Z",
                "deletionTimestamp" => true,
                _ => !s.is_empty(),
            },
            Some(Json::Number(n)) => {
                *key == "deletionGracePeriodSeconds" || n.as_f64() != Some(0.0)
            }
            // an empty list still differs from the nil zero value
            Some(_) => true,
        };
        if set {
            errs.push(FieldError::forbidden(&path.child(go_name), "cannot be set"));
        }
    }
    errs
}

/// `ValidatePersistentVolumeClaimSpec` for an ephemeral volume's claim
/// template (no NormalizeDataSources here: that is the PVC strategy's).
fn pvc_spec(spec: &Json, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let modes: Vec<&str> = items(spec, "accessModes")
        .iter()
        .map(|m| m.as_str().unwrap_or(""))
        .collect();
    if modes.is_empty() {
        errs.push(FieldError::required(
            &path.child("accessModes"),
            "at least 1 access mode is required",
        ));
    }
    if let Some(sel) = obj(spec, "selector") {
        if let Ok(sel) = serde_json::from_value::<crate::api::LabelSelector>(sel.clone()) {
            errs.extend(crate::api::validation::meta::validate_label_selector(
                &sel,
                &path.child("selector"),
            ));
        }
    }
    const MODES: &[&str] = &[
        "ReadOnlyMany",
        "ReadWriteMany",
        "ReadWriteOnce",
        "ReadWriteOncePod",
    ];
    let (mut rwop, mut other) = (false, false);
    for mode in &modes {
        if !MODES.contains(mode) {
            errs.push(FieldError::not_supported(
                &path.child("accessModes"),
                Value::Str(mode.to_string()),
                MODES,
            ));
        }
        if *mode == "ReadWriteOncePod" {
            rwop = true;
        } else if MODES.contains(mode) {
            other = true;
        }
    }
    if rwop && other {
        errs.push(FieldError::forbidden(
            &path.child("accessModes"),
            "may not use ReadWriteOncePod with other access modes",
        ));
    }
    let storage_path = path.child("resources").key("storage");
    let storage = spec
        .get("resources")
        .and_then(|r| r.get("requests"))
        .and_then(|r| r.get("storage"));
    match storage {
        None => errs.push(required(&storage_path)),
        Some(raw) => match from_json(raw) {
            // SetDefaults_ResourceList; ValidatePositiveQuantityValue.
            Ok(mut q) => {
                q.round_up_milli();
                if q.is_negative() || q.is_zero() {
                    errs.push(FieldError::invalid(
                        &storage_path,
                        Value::Str(q.canonical()),
                        "must be greater than zero",
                    ));
                }
            }
            Err(e) => errs.push(FieldError::invalid(
                &storage_path,
                Value::Str(raw.as_str().map_or_else(|| raw.to_string(), str::to_string)),
                e,
            )),
        },
    }
    let class = text(spec, "storageClassName");
    if !class.is_empty() {
        for msg in is_dns1123_subdomain(class) {
            errs.push(FieldError::invalid(
                &path.child("storageClassName"),
                Value::Str(class.to_string()),
                msg,
            ));
        }
    }
    if let Some(mode) = spec.get("volumeMode").and_then(Json::as_str) {
        if mode != "Block" && mode != "Filesystem" {
            errs.push(FieldError::not_supported(
                &path.child("volumeMode"),
                Value::Str(mode.to_string()),
                &["Block", "Filesystem"],
            ));
        }
    }
    if let Some(ds) = obj(spec, "dataSource") {
        errs.extend(data_source(ds, false, &path.child("dataSource")));
    }
    if let Some(ds) = obj(spec, "dataSourceRef") {
        errs.extend(data_source(ds, true, &path.child("dataSourceRef")));
    }
    // The agreement of the two; the bad value is a *field.Path, printed as
    // its JSON ({}), upstream's %#v of it carries a pointer address.
    let (ds, dsr) = (obj(spec, "dataSource"), obj(spec, "dataSourceRef"));
    if dsr.is_some_and(|r| !text(r, "namespace").is_empty()) {
        if ds.is_some() {
            errs.push(FieldError::invalid(
                path,
                Value::Json("{}".to_string()),
                "may not be specified when dataSourceRef.namespace is specified",
            ));
        }
    } else if let (Some(a), Some(b)) = (ds, dsr) {
        // isDataSourceEqualDataSourceRef: apiGroup pointers, kind, name
        let group = |v: &Json| v.get("apiGroup").and_then(Json::as_str).map(str::to_string);
        if group(a) != group(b)
            || text(a, "kind") != text(b, "kind")
            || text(a, "name") != text(b, "name")
        {
            errs.push(FieldError::invalid(
                path,
                Value::Json("{}".to_string()),
                "must match dataSourceRef",
            ));
        }
    }
    let vac = text(spec, "volumeAttributesClassName");
    if !vac.is_empty() {
        for msg in is_dns1123_subdomain(vac) {
            errs.push(FieldError::invalid(
                &path.child("volumeAttributesClassName"),
                Value::Str(vac.to_string()),
                msg,
            ));
        }
    }
    errs
}

/// `iscsiInitiatorIqnRegex` / `iscsiInitiatorEuiRegex` / `iscsiInitiatorNaaRegex`,
/// picked by the name's prefix (one of iqn, eui, naa).
fn iscsi_name_matches(name: &str) -> bool {
    if name.starts_with("iqn") {
        // unanchored at the start: iqn\.\d{4}-\d{2}\.([[:alnum:]-.]+)(:[^,;*&$|\s]+)$
        return name
            .match_indices("iqn.")
            .any(|(p, _)| iqn_tail_matches(&name.as_bytes()[p + 4..]));
    }
    // ^eui.[[:alnum:]]{16}$ and ^naa.[[:alnum:]]{32}$ ('.' is any rune but \n)
    let want = if name.starts_with("eui") { 16 } else { 32 };
    let mut chars = name[3..].chars();
    match chars.next() {
        Some(c) if c != '\n' => {}
        _ => return false,
    }
    let rest = chars.as_str();
    rest.len() == want && rest.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The part of the IQN pattern after "iqn.", anchored at the end.
fn iqn_tail_matches(b: &[u8]) -> bool {
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) && b.get(7) == Some(&b'.')) {
        return false;
    }
    let rest = &b[8..];
    let run = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b'.')
        .count();
    if run == 0 || rest.get(run) != Some(&b':') {
        return false;
    }
    let tail = &rest[run + 1..];
    !tail.is_empty()
        && tail.iter().all(|c| {
            !matches!(
                c,
                b',' | b';' | b'*' | b'&' | b'$' | b'|' | b'\t' | b'\n' | 0x0c | b'\r' | b' '
            )
        })
}

/// `net.SplitHostPort` succeeds.
fn split_host_port_ok(hostport: &str) -> bool {
    let Some(i) = hostport.rfind(':') else {
        return false;
    };
    let (j, k) = if hostport.starts_with('[') {
        let Some(end) = hostport.find(']') else {
            return false;
        };
        if end + 1 != i {
            return false;
        }
        (1, end + 1)
    } else {
        if hostport[..i].contains(':') {
            return false;
        }
        (0, 0)
    };
    !hostport[j..].contains('[') && !hostport[k..].contains(']')
}

/// `validateVolumeSource`: the errors, and the JSON name of the source the
/// volume counts as (None when it has none).
pub fn validate_volume_source(
    volume: &Json,
    path: &Path,
) -> (Vec<FieldError>, Option<&'static str>) {
    let mut errs = Vec::new();
    let mut first = None;
    for &(kind, forbidden_name) in SOURCES {
        let Some(s) = volume.get(kind).filter(|v| !v.is_null()) else {
            continue;
        };
        if first.is_some() {
            errs.push(FieldError::forbidden(
                &path.child(forbidden_name),
                "may not specify more than 1 volume type",
            ));
        } else {
            first = Some(kind);
            errs.extend(source_errors(kind, s, path));
        }
        // checked for an iSCSI source whether or not it is the first one
        if kind == "iscsi" && s.get("initiatorName").is_some_and(Json::is_string) {
            let name = text(volume, "name");
            if name.len() + 1 + text(s, "targetPortal").len() > 64 {
                errs.push(FieldError::invalid(
                    &path.child("name"),
                    Value::Str(name.to_string()),
                    "Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.",
                ));
            }
        }
    }
    // SetDefaults_Volume: a v1 volume with no source is an emptyDir by the
    // time it is validated, so "must specify a volume type" is unreachable
    // from a manifest.
    (errs, first.or(Some("emptyDir")))
}

#[cfg(test)]
mod tests {
    use super::{iscsi_name_matches, split_host_port_ok};

    #[test]
    fn split_host_port() {
        // net.SplitHostPort: ok and failing inputs
        for ok in [
            "localhost:80",
            "[::1]:80",
            ":80",
            "host:",
            "[fe80::1%lo0]:80",
            "a.b.c:http",
        ] {
            assert!(split_host_port_ok(ok), "{ok}");
        }
        for bad in [
            "localhost",
            "[::1]",
            "[::1]x:80",
            "a:b:80",
            "a]:80",
            "[a:80",
            "x[:80",
            "",
            "[::1]:80]",
        ] {
            assert!(!split_host_port_ok(bad), "{bad}");
        }
    }

    #[test]
    fn iscsi_names() {
        for ok in [
            "iqn.2015-02.example.com:test",
            "iqn.2001-04.com.example:storage:diskarrays-sn-a8675309",
            "iqnx iqn.2015-02.example.com:test",
            "eui.0123456789ABCDEF",
            "eui-0123456789abcdef",
            "naa.62004567BA64678D0123456789ABCDEF",
        ] {
            assert!(iscsi_name_matches(ok), "{ok}");
        }
        for bad in [
            "iqn",
            "iqn.2015-02.example.com",
            "iqn.2015-02.example.com:",
            "iqn.2015-02.example.com:a b",
            "iqn.15-02.example.com:x",
            "iqn.2015-02.:x",
            "iqn.2015-02.exa_mple.com:x",
            "eui.0123456789ABCDE",
            "eui\n0123456789ABCDEF",
            "naa.62004567BA_4-78D.123456789ABCDEF",
        ] {
            assert!(!iscsi_name_matches(bad), "{bad}");
        }
    }
}
