//! Job update rules: what the API server runs on a Job update
//! (`rest.BeforeUpdate`, `jobStrategy.PrepareForUpdate` and
//! `jobStrategy.ValidateUpdate` = `ValidateJob` + `ValidateJobUpdate`:
//! `ValidateObjectMetaUpdate`, `ValidateJobSpecUpdate`, `validateCompletions`,
//! `validatePodTemplateUpdate`).

use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::field::{go_json, FieldError, Path, Value};
use super::job::{
    success_policy_value, validate_defaulted_job_with, validate_job_spec, JobOptions,
};
use super::meta::{
    label_selector_has_invalid_label_value, pointer_value, prepare_meta_for_update,
    validate_common_fields_update, validate_immutable, validate_object_meta_update,
};
use crate::api::{
    default_job, Job, JobSpec, PodFailurePolicy, CONTROLLER_UID_LABEL, JOB_NAME_LABEL,
};

/// `JobValidationOptions` as `validationOptionsForJob(new, old)` sets them.
#[derive(Debug, Clone, Copy)]
struct UpdateOptions {
    job: JobOptions,
    /// `AllowMutableSchedulingDirectives`: the stored Job is suspended and
    /// never started.
    allow_mutable_scheduling_directives: bool,
}

/// `validationOptionsForJob` with a stored Job. `AllowMutablePodResources`
/// (feature `MutablePodResourcesForSuspendedJobs`, alpha) stays off.
fn update_options(old: &Job) -> UpdateOptions {
    let labels = old.spec.template.metadata.labels.as_deref();
    let has = |key: &str| labels.is_some_and(|l| l.contains_key(key));
    let not_started = old.status.as_ref().is_none_or(|s| s.start_time.is_none());
    UpdateOptions {
        job: JobOptions {
            // Jobs created before the batch.kubernetes.io labels are not held to them.
            require_prefixed_labels: has(JOB_NAME_LABEL) && has(CONTROLLER_UID_LABEL),
            allow_invalid_label_value_in_selector: label_selector_has_invalid_label_value(
                old.spec.selector.as_ref(),
            ),
            // A stored Job always has a uid; without one (an object never
            // stored, as in upstream's ValidateJobUpdate tables) the selector
            // cannot be tied to it, and only ValidateJobUpdate's rules apply.
            check_generated_selector: !old.metadata.uid().is_empty(),
        },
        allow_mutable_scheduling_directives: old.spec.suspend == Some(true) && not_started,
    }
}

/// `SetDefaults_Job` as decoding applies it, without the create-only
/// selector generation (`PrepareForCreate`); an unset `manualSelector`
/// becomes false.
fn default_for_update(job: &mut Job) {
    let manual = job.spec.manual_selector;
    Arc::make_mut(&mut job.spec).manual_selector = Some(true);
    default_job(job);
    Arc::make_mut(&mut job.spec).manual_selector = Some(manual.unwrap_or(false));
}

/// `rest.BeforeUpdate` for Jobs: `new` as submitted, `old` as stored, both
/// defaulted and prepared, then `validateCommonFields` and
/// `jobStrategy.ValidateUpdate`.
pub(crate) fn validate_job_update(new: &Job, old: &Job) -> Vec<FieldError> {
    let mut old = old.clone();
    default_for_update(&mut old);
    let mut new = new.clone();
    default_for_update(&mut new);
    // jobStrategy.PrepareForUpdate: the status is not the client's to change.
    new.status = old.status.clone();
    let spec_changed = !semantic_eq(&*new.spec, &*old.spec);
    prepare_meta_for_update(&mut new.metadata, &old.metadata, spec_changed);

    let opts = update_options(&old);
    let meta = Path::new("metadata");
    // rest.BeforeUpdate (validateCommonFields) runs before the strategy.
    let mut errs = validate_common_fields_update(&new.metadata, &old.metadata);
    // jobStrategy.ValidateUpdate: ValidateJob, then ValidateJobUpdate.
    errs.extend(validate_defaulted_job_with(&new, opts.job));
    errs.extend(validate_object_meta_update(
        &new.metadata,
        &old.metadata,
        &meta,
    ));
    errs.extend(validate_job_spec_update(
        &new.spec,
        &old.spec,
        &Path::new("spec"),
        opts,
    ));
    errs
}

/// `ValidateJobSpecUpdate`.
fn validate_job_spec_update(
    spec: &JobSpec,
    old: &JobSpec,
    path: &Path,
    opts: UpdateOptions,
) -> Vec<FieldError> {
    let mut errs = validate_job_spec(spec, path, opts.job);
    errs.extend(validate_completions(spec, old, &path.child("completions")));
    errs.extend(validate_immutable(
        semantic_eq(&spec.selector, &old.selector),
        pointer_value(spec.selector.as_ref(), Value::json),
        &path.child("selector"),
    ));
    errs.extend(validate_pod_template_update(spec, old, path, opts));
    errs.extend(validate_immutable(
        spec.completion_mode == old.completion_mode,
        pointer_value(spec.completion_mode.as_ref(), |m| Value::Str(m.to_string())),
        &path.child("completionMode"),
    ));
    errs.extend(validate_immutable(
        semantic_eq(&spec.pod_failure_policy, &old.pod_failure_policy),
        pointer_value(spec.pod_failure_policy.as_ref(), pod_failure_policy_value),
        &path.child("podFailurePolicy"),
    ));
    errs.extend(validate_immutable(
        spec.backoff_limit_per_index == old.backoff_limit_per_index,
        pointer_value(spec.backoff_limit_per_index, |b| Value::Int(b.into())),
        &path.child("backoffLimitPerIndex"),
    ));
    errs.extend(validate_immutable(
        spec.managed_by == old.managed_by,
        pointer_value(spec.managed_by.as_ref(), |m| Value::Str(m.clone())),
        &path.child("managedBy"),
    ));
    errs.extend(validate_immutable(
        semantic_eq(&spec.success_policy, &old.success_policy),
        pointer_value(spec.success_policy.as_ref(), |p| {
            success_policy_value(&p.rules)
        }),
        &path.child("successPolicy"),
    ));
    errs
}

/// Go's `json.Marshal` of the internal (untagged) `batch.PodFailurePolicy`,
/// as `field.Error` prints it; field order kept.
fn pod_failure_policy_value(policy: &PodFailurePolicy) -> Value {
    let rules: Vec<String> = policy
        .rules
        .iter()
        .map(|rule| {
            let on_exit_codes = match &rule.on_exit_codes {
                None => "null".to_string(),
                Some(req) => format!(
                    "{{\"ContainerName\":{},\"Operator\":{},\"Values\":{}}}",
                    go_json(&req.container_name),
                    go_json(req.operator.as_str()),
                    go_json(&req.values)
                ),
            };
            let on_pod_conditions = match &rule.on_pod_conditions {
                None => "null".to_string(),
                Some(patterns) => {
                    let items: Vec<String> = patterns
                        .iter()
                        .map(|p| {
                            format!(
                                "{{\"Type\":{},\"Status\":{}}}",
                                go_json(p.type_.as_str()),
                                go_json(p.status.as_ref().map_or("", |s| s.as_str()))
                            )
                        })
                        .collect();
                    format!("[{}]", items.join(","))
                }
            };
            format!(
                "{{\"Action\":{},\"OnExitCodes\":{on_exit_codes},\"OnPodConditions\":{on_pod_conditions}}}",
                go_json(rule.action.as_str())
            )
        })
        .collect();
    let rules = if rules.is_empty() {
        "null".to_string()
    } else {
        format!("[{}]", rules.join(","))
    };
    Value::Json(format!("{{\"Rules\":{rules}}}"))
}

/// `validateCompletions`: immutable unless the Job is Indexed, where it may
/// change only together with `parallelism` (to the same value).
fn validate_completions(spec: &JobSpec, old: &JobSpec, path: &Path) -> Vec<FieldError> {
    if !spec.is_indexed() {
        return validate_immutable(
            spec.completions == old.completions,
            pointer_value(spec.completions, |c| Value::Int(c.into())),
            path,
        );
    }
    match spec.completions {
        // An Indexed Job without completions is already reported by validateJobSpec.
        None => Vec::new(),
        Some(_) if spec.completions == old.completions => Vec::new(),
        Some(c) if Some(c) != spec.parallelism => vec![FieldError::invalid(
            path,
            Value::Int(c.into()),
            "can only be modified in tandem with spec.parallelism",
        )],
        Some(_) => Vec::new(),
    }
}

/// `validatePodTemplateUpdate`: the template is immutable, except that a
/// suspended, never started Job may change its scheduling directives (node
/// affinity, node selector, tolerations, scheduling gates) and its template
/// labels and annotations (`AllowMutableSchedulingDirectives`).
fn validate_pod_template_update(
    spec: &JobSpec,
    old: &JobSpec,
    path: &Path,
    opts: UpdateOptions,
) -> Vec<FieldError> {
    let mut new_template = to_json(&spec.template);
    let mut old_template = to_json(&old.template);
    default_pod_template(&mut new_template);
    default_pod_template(&mut old_template);
    if opts.allow_mutable_scheduling_directives {
        allow_scheduling_directives(&new_template, &mut old_template);
    }
    let same = normalized(new_template.clone()) == normalized(old_template);
    validate_immutable(
        same,
        Value::Json(go_json(&new_template)),
        &path.child("template"),
    )
}

/// The pod-template defaults the API server applies to both the stored and
/// the submitted template before comparing them (`SetDefaults_PodSpec`,
/// `SetDefaults_Container`, `SetDefaults_ContainerPort`, `SetDefaults_Probe`),
/// so that a manifest need not spell out what the server filled in.
fn default_pod_template(template: &mut Json) {
    let Some(spec) = template.get_mut("spec").and_then(Json::as_object_mut) else {
        return;
    };
    let set = |obj: &mut Map<String, Json>, key: &str, value: Json| {
        let unset = obj
            .get(key)
            .is_none_or(|v| v.is_null() || v.as_str() == Some(""));
        if unset {
            obj.insert(key.to_string(), value);
        }
    };
    // SetDefaults_PodSpec.
    set(spec, "dnsPolicy", Json::from("ClusterFirst"));
    set(spec, "restartPolicy", Json::from("Always"));
    set(spec, "securityContext", Json::Object(Map::new()));
    set(spec, "terminationGracePeriodSeconds", Json::from(30));
    set(spec, "schedulerName", Json::from("default-scheduler"));
    for list in ["containers", "initContainers"] {
        let Some(containers) = spec.get_mut(list).and_then(Json::as_array_mut) else {
            continue;
        };
        for container in containers.iter_mut().filter_map(Json::as_object_mut) {
            // SetDefaults_Container.
            let policy = image_pull_policy(container.get("image").and_then(Json::as_str));
            set(container, "imagePullPolicy", Json::from(policy));
            set(
                container,
                "terminationMessagePath",
                Json::from("/dev/termination-log"),
            );
            set(container, "terminationMessagePolicy", Json::from("File"));
            // SetDefaults_ContainerPort.
            for port in container
                .get_mut("ports")
                .and_then(Json::as_array_mut)
                .into_iter()
                .flatten()
                .filter_map(Json::as_object_mut)
            {
                set(port, "protocol", Json::from("TCP"));
            }
            // SetDefaults_Probe (zero values are defaulted too).
            for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
                let Some(probe) = container.get_mut(probe).and_then(Json::as_object_mut) else {
                    continue;
                };
                for (key, default) in [
                    ("timeoutSeconds", 1),
                    ("periodSeconds", 10),
                    ("successThreshold", 1),
                    ("failureThreshold", 3),
                ] {
                    if probe.get(key).and_then(Json::as_i64).is_none_or(|v| v == 0) {
                        probe.insert(key.to_string(), Json::from(default));
                    }
                }
            }
        }
    }
}

/// `SetDefaults_Container`'s pull policy: `Always` for the `latest` tag (also
/// implied by no tag and no digest, `parsers.ParseImageName`), else
/// `IfNotPresent`.
fn image_pull_policy(image: Option<&str>) -> &'static str {
    let image = image.unwrap_or("");
    let (name, digest) = match image.split_once('@') {
        Some((name, digest)) => (name, Some(digest)),
        None => (image, None),
    };
    let last_segment = name.rsplit('/').next().unwrap_or(name);
    let tag = last_segment.rsplit_once(':').map(|(_, tag)| tag);
    let tag = match (tag, digest) {
        (Some(tag), _) => tag,
        (None, None) => "latest",
        (None, Some(_)) => "",
    };
    if tag == "latest" {
        "Always"
    } else {
        "IfNotPresent"
    }
}

/// Copies the mutable scheduling directives of `new` into `old` (both JSON
/// pod templates), as `validatePodTemplateUpdate` does before comparing.
fn allow_scheduling_directives(new: &Json, old: &mut Json) {
    let new_spec = new.get("spec");
    let field = |obj: Option<&Json>, key: &str| {
        obj.and_then(|o| o.get(key))
            .filter(|v| !v.is_null())
            .cloned()
    };
    let new_affinity = field(new_spec, "affinity");
    let new_node_affinity = new_affinity
        .as_ref()
        .and_then(|a| field(Some(a), "nodeAffinity"));
    let Some(old_spec) = old.get_mut("spec").and_then(Json::as_object_mut) else {
        return;
    };
    let old_affinity = old_spec.get("affinity").filter(|v| !v.is_null()).cloned();
    match (&new_affinity, old_affinity) {
        (None, Some(mut affinity)) => {
            // Clearing the affinity is allowed when it held only a node affinity.
            if let Some(a) = affinity.as_object_mut() {
                a.remove("nodeAffinity");
                if a.values().all(Json::is_null) {
                    old_spec.remove("affinity");
                } else {
                    old_spec.insert("affinity".to_string(), affinity);
                }
            }
        }
        (Some(_), None) => {
            let mut a = Map::new();
            if let Some(node) = &new_node_affinity {
                a.insert("nodeAffinity".to_string(), node.clone());
            }
            old_spec.insert("affinity".to_string(), Json::Object(a));
        }
        (Some(_), Some(mut affinity)) => {
            if let Some(a) = affinity.as_object_mut() {
                copy_key(new_node_affinity.clone(), a, "nodeAffinity");
            }
            old_spec.insert("affinity".to_string(), affinity);
        }
        (None, None) => {}
    }
    for key in ["nodeSelector", "tolerations", "schedulingGates"] {
        copy_key(field(new_spec, key), old_spec, key);
    }
    let new_meta = new.get("metadata");
    let Some(old_meta) = old.get_mut("metadata").and_then(Json::as_object_mut) else {
        return;
    };
    for key in ["annotations", "labels"] {
        copy_key(field(new_meta, key), old_meta, key);
    }
}

fn copy_key(value: Option<Json>, into: &mut Map<String, Json>, key: &str) {
    match value {
        Some(v) => {
            into.insert(key.to_string(), v);
        }
        None => {
            into.remove(key);
        }
    }
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
}

/// Map-typed fields, where Go's `Semantic.DeepEqual` treats an empty map as
/// an unset one.
const MAP_KEYS: &[&str] = &[
    "labels",
    "annotations",
    "nodeSelector",
    "matchLabels",
    "requests",
    "limits",
];

/// Struct-typed (not pointer) fields of the internal types, where an empty
/// object and an unset one decode to the same zero value.
const STRUCT_KEYS: &[&str] = &["resources", "metadata"];

/// A JSON value in the form `apiequality.Semantic.DeepEqual` compares: unset
/// and null are the same, and so are empty and unset slices and maps, and
/// empty and unset value structs.
fn normalized(value: Json) -> Json {
    match value {
        Json::Object(map) => Json::Object(
            map.into_iter()
                .filter_map(|(k, v)| {
                    let v = normalized(v);
                    let empty = v.is_null()
                        || v.as_array().is_some_and(Vec::is_empty)
                        || ((MAP_KEYS.contains(&k.as_str()) || STRUCT_KEYS.contains(&k.as_str()))
                            && v.as_object().is_some_and(Map::is_empty));
                    (!empty).then_some((k, v))
                })
                .collect(),
        ),
        Json::Array(items) => Json::Array(items.into_iter().map(normalized).collect()),
        other => other,
    }
}

/// `apiequality.Semantic.DeepEqual` on two API values.
pub(crate) fn semantic_eq<T: Serialize + ?Sized>(a: &T, b: &T) -> bool {
    normalized(to_json(a)) == normalized(to_json(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pull_policy_follows_the_image_tag() {
        assert_eq!(image_pull_policy(Some("busybox")), "Always");
        assert_eq!(image_pull_policy(Some("busybox:latest")), "Always");
        assert_eq!(image_pull_policy(Some("busybox:1.36")), "IfNotPresent");
        assert_eq!(image_pull_policy(Some("host:5000/busybox")), "Always");
        assert_eq!(
            image_pull_policy(Some("busybox@sha256:abc")),
            "IfNotPresent"
        );
    }

    #[test]
    fn server_defaults_do_not_count_as_template_changes() {
        let mut written = json!({"spec": {"containers": [{"name": "c", "image": "busybox:1.36",
            "ports": [{"containerPort": 80}]}]}});
        let mut stored = json!({"spec": {"containers": [{"name": "c", "image": "busybox:1.36",
            "ports": [{"containerPort": 80, "protocol": "TCP"}], "imagePullPolicy": "IfNotPresent",
            "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}],
            "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "securityContext": {},
            "terminationGracePeriodSeconds": 30, "schedulerName": "default-scheduler"}});
        default_pod_template(&mut written);
        default_pod_template(&mut stored);
        assert_eq!(normalized(written.clone()), normalized(stored));
        let mut other = json!({"spec": {"containers": [{"name": "c", "image": "busybox:1.36"}],
            "terminationGracePeriodSeconds": 5}});
        default_pod_template(&mut other);
        assert_ne!(normalized(written), normalized(other));
    }

    #[test]
    fn empty_and_unset_collections_compare_equal() {
        assert_eq!(
            normalized(
                json!({"labels": {}, "tolerations": [], "x": null, "affinity": {},
                "resources": {"limits": {}}})
            ),
            json!({"affinity": {}})
        );
    }

    #[test]
    fn node_affinity_only_affinity_may_be_cleared() {
        let new = json!({"spec": {}});
        let mut old = json!({"spec": {"affinity": {"nodeAffinity": {"a": 1}}}});
        allow_scheduling_directives(&new, &mut old);
        assert_eq!(normalized(old), json!({"spec": {}}));
        let mut old =
            json!({"spec": {"affinity": {"nodeAffinity": {"a": 1}, "podAffinity": {"b": 2}}}});
        allow_scheduling_directives(&new, &mut old);
        assert_eq!(old["spec"]["affinity"], json!({"podAffinity": {"b": 2}}));
    }
}
