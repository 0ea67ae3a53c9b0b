//! The pod-template rules a Job author can trip
//! (`pkg/apis/core/validation` `ValidatePodTemplateSpec`, a subset: labels,
//! annotations, volume names and types, container names, images and volume
//! mounts, restartPolicy).

use std::collections::HashSet;

use super::field::{FieldError, Path, Value};
use super::meta::{is_dns1123_label, validate_annotations, validate_labels};
use crate::api::{Container, PodTemplateSpec, RestartPolicy};

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
    let (volume_errs, volumes) =
        validate_volumes(spec.extra.get("volumes"), &spec_path.child("volumes"));
    errs.extend(volume_errs);
    let mut names = HashSet::new();
    let containers_path = spec_path.child("containers");
    if spec.containers.is_empty() {
        errs.push(FieldError::required(&containers_path, ""));
    }
    for (i, c) in spec.containers.iter().enumerate() {
        let cp = containers_path.index(i);
        errs.extend(validate_container_common(c, &cp, &volumes));
        // validateContainers: the duplicate name before the forbidden restartPolicy.
        if !names.insert(c.name.clone()) {
            errs.push(FieldError::duplicate(
                &cp.child("name"),
                Value::Str(c.name.clone()),
            ));
        }
        if c.restart_policy.is_some() {
            errs.push(FieldError::forbidden(
                &cp.child("restartPolicy"),
                "may not be set for non-init containers",
            ));
        }
    }
    let init_path = spec_path.child("initContainers");
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        let cp = init_path.index(i);
        errs.extend(validate_container_common(c, &cp, &volumes));
        if let Some(policy) = &c.restart_policy {
            if *policy != RestartPolicy::Always {
                errs.push(FieldError::not_supported(
                    &cp.child("restartPolicy"),
                    Value::Str(policy.to_string()),
                    &["Always"],
                ));
            }
        }
        if names.contains(&c.name) {
            errs.push(FieldError::duplicate(
                &cp.child("name"),
                Value::Str(c.name.clone()),
            ));
        } else if !c.name.is_empty() {
            names.insert(c.name.clone());
        }
    }
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
    errs
}

/// The `VolumeSource` members (JSON names); a volume sets exactly one.
const VOLUME_TYPES: &[&str] = &[
    "hostPath",
    "emptyDir",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "gitRepo",
    "secret",
    "nfs",
    "iscsi",
    "glusterfs",
    "persistentVolumeClaim",
    "rbd",
    "flexVolume",
    "cinder",
    "cephfs",
    "flocker",
    "downwardAPI",
    "fc",
    "azureFile",
    "configMap",
    "vsphereVolume",
    "quobyte",
    "azureDisk",
    "photonPersistentDisk",
    "projected",
    "portworxVolume",
    "scaleIO",
    "storageos",
    "csi",
    "ephemeral",
    "image",
];

/// `ValidateVolumes`, a subset: the volume name (required, a DNS label,
/// unique among the valid volumes) and `validateVolumeSource`'s "must specify
/// a volume type"; the sources' own fields are not checked. Also returns the
/// names of the volumes without errors (the ones a mount may name).
fn validate_volumes<'a>(
    volumes: Option<&'a serde_json::Value>,
    path: &Path,
) -> (Vec<FieldError>, HashSet<&'a str>) {
    let mut errs = Vec::new();
    let mut names = HashSet::new();
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
        let has_source = VOLUME_TYPES
            .iter()
            .any(|t| volume.get(*t).is_some_and(|v| !v.is_null()));
        if !has_source {
            el.push(FieldError::required(&vp, "must specify a volume type"));
        }
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
        if names.contains(name) {
            el.push(FieldError::duplicate(
                &name_path,
                Value::Str(name.to_string()),
            ));
        }
        if el.is_empty() {
            names.insert(name);
        } else {
            errs.extend(el);
        }
    }
    (errs, names)
}

/// `ValidateVolumeMounts`, a subset: the mount's name (required, one of the
/// valid volumes) and its mountPath (required, unique in the container).
fn validate_volume_mounts(c: &Container, volumes: &HashSet<&str>, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(mounts) = c
        .extra
        .get("volumeMounts")
        .and_then(serde_json::Value::as_array)
    else {
        return errs;
    };
    let text = |m: &serde_json::Value, key: &str| {
        m.get(key)
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let mut mount_points = HashSet::new();
    for (i, mount) in mounts.iter().enumerate() {
        let mp = path.index(i);
        let name = text(mount, "name");
        let mount_path = text(mount, "mountPath");
        if name.is_empty() {
            errs.push(FieldError::required(&mp.child("name"), ""));
        }
        if !volumes.contains(name.as_str()) {
            errs.push(FieldError::not_found(&mp.child("name"), Value::Str(name)));
        }
        if mount_path.is_empty() {
            errs.push(FieldError::required(&mp.child("mountPath"), ""));
        }
        if !mount_points.insert(mount_path.clone()) {
            errs.push(FieldError::invalid(
                &mp.child("mountPath"),
                Value::Str(mount_path),
                "must be unique",
            ));
        }
    }
    errs
}

/// The name, image and volumeMounts checks of `validateContainerCommon`.
fn validate_container_common(
    c: &Container,
    path: &Path,
    volumes: &HashSet<&str>,
) -> Vec<FieldError> {
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
    errs.extend(validate_volume_mounts(
        c,
        volumes,
        &path.child("volumeMounts"),
    ));
    errs
}
