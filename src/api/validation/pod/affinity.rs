//! `validateAffinity`: node affinity, pod affinity and anti-affinity.

use serde_json::Value as Json;

use super::container::{
    label_errors, label_value_messages, qualified_name_errors, subdomain_errors,
};
use super::json::{int, items, obj, text};
use crate::api::validation::field::{FieldError, Path, Value};
use crate::api::validation::meta::validate_label_selector;
use crate::api::LabelSelector;

/// `validateAffinity`.
pub fn validate_affinity(affinity: Option<&Json>, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(a) = affinity.filter(|a| a.is_object()) else {
        return errs;
    };
    if let Some(na) = obj(a, "nodeAffinity") {
        errs.extend(validate_node_affinity(na, &path.child("nodeAffinity")));
    }
    for key in ["podAffinity", "podAntiAffinity"] {
        if let Some(pa) = obj(a, key) {
            errs.extend(validate_pod_affinity(pa, &path.child(key)));
        }
    }
    errs
}

/// `validateNodeAffinity` (`AllowInvalidLabelValueInRequiredNodeAffinity`
/// is false on create).
fn validate_node_affinity(na: &Json, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let required = "requiredDuringSchedulingIgnoredDuringExecution";
    if let Some(selector) = obj(na, required) {
        // ValidateNodeSelector
        let tp = path.child(required).child("nodeSelectorTerms");
        let terms = items(selector, "nodeSelectorTerms");
        if terms.is_empty() {
            errs.push(FieldError::required(
                &tp,
                "must have at least one node selector term",
            ));
        }
        for (i, term) in terms.iter().enumerate() {
            errs.extend(validate_node_selector_term(term, false, &tp.index(i)));
        }
    }
    let preferred = "preferredDuringSchedulingIgnoredDuringExecution";
    // ValidatePreferredSchedulingTerms
    for (i, term) in items(na, preferred).iter().enumerate() {
        let ip = path.child(preferred).index(i);
        let weight = int(term, "weight").unwrap_or(0);
        if weight <= 0 || weight > 100 {
            errs.push(FieldError::invalid(
                &ip.child("weight"),
                Value::Int(weight),
                "must be in the range 1-100",
            ));
        }
        let empty = Json::Object(serde_json::Map::new());
        let preference = obj(term, "preference").unwrap_or(&empty);
        errs.extend(validate_node_selector_term(
            preference,
            true,
            &ip.child("preference"),
        ));
    }
    errs
}

/// `ValidateNodeSelectorTerm`.
fn validate_node_selector_term(
    term: &Json,
    allow_invalid_values: bool,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (j, req) in items(term, "matchExpressions").iter().enumerate() {
        errs.extend(validate_node_selector_requirement(
            req,
            allow_invalid_values,
            &path.child("matchExpressions").index(j),
        ));
    }
    for (j, req) in items(term, "matchFields").iter().enumerate() {
        errs.extend(validate_node_field_selector_requirement(
            req,
            &path.child("matchFields").index(j),
        ));
    }
    errs
}

fn strings(v: &Json, key: &str) -> Vec<String> {
    items(v, key)
        .iter()
        .map(|s| s.as_str().unwrap_or("").to_string())
        .collect()
}

/// `ValidateNodeSelectorRequirement`.
fn validate_node_selector_requirement(
    req: &Json,
    allow_invalid_values: bool,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let values = strings(req, "values");
    let operator = text(req, "operator");
    match operator {
        "In" | "NotIn" => {
            if values.is_empty() {
                errs.push(FieldError::required(
                    &path.child("values"),
                    "must be specified when `operator` is 'In' or 'NotIn'",
                ));
            }
        }
        "Exists" | "DoesNotExist" => {
            if !values.is_empty() {
                errs.push(FieldError::forbidden(
                    &path.child("values"),
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                ));
            }
        }
        "Gt" | "Lt" => {
            if values.len() != 1 {
                errs.push(FieldError::required(
                    &path.child("values"),
                    "must be specified single value when `operator` is 'Lt' or 'Gt'",
                ));
            }
        }
        other => errs.push(FieldError::invalid(
            &path.child("operator"),
            Value::Str(other.to_string()),
            "not a valid selector operator",
        )),
    }
    errs.extend(qualified_name_errors(&path.child("key"), text(req, "key")));
    if !allow_invalid_values {
        for (i, v) in values.iter().enumerate() {
            for msg in label_value_messages(v) {
                errs.push(FieldError::invalid(
                    &path.child("values").index(i),
                    Value::Str(v.clone()),
                    msg,
                ));
            }
        }
    }
    errs
}

/// `ValidateNodeFieldSelectorRequirement` (only `metadata.name` is a field
/// key).
fn validate_node_field_selector_requirement(req: &Json, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let values = strings(req, "values");
    match text(req, "operator") {
        "In" | "NotIn" => {
            if values.len() != 1 {
                errs.push(FieldError::required(
                    &path.child("values"),
                    "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
                ));
            }
        }
        other => errs.push(FieldError::invalid(
            &path.child("operator"),
            Value::Str(other.to_string()),
            "not a valid selector operator",
        )),
    }
    let key = text(req, "key");
    if key != "metadata.name" {
        errs.push(FieldError::invalid(
            &path.child("key"),
            Value::Str(key.to_string()),
            "not a valid field selector key",
        ));
    } else {
        for (i, v) in values.iter().enumerate() {
            errs.extend(subdomain_errors(&path.child("values").index(i), v));
        }
    }
    errs
}

/// `validatePodAffinity` / `validatePodAntiAffinity`.
fn validate_pod_affinity(pa: &Json, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let required = "requiredDuringSchedulingIgnoredDuringExecution";
    for (i, term) in items(pa, required).iter().enumerate() {
        errs.extend(validate_pod_affinity_term(
            term,
            &path.child(required).index(i),
        ));
    }
    let preferred = "preferredDuringSchedulingIgnoredDuringExecution";
    for (j, weighted) in items(pa, preferred).iter().enumerate() {
        let wp = path.child(preferred).index(j);
        let weight = int(weighted, "weight").unwrap_or(0);
        if weight <= 0 || weight > 100 {
            errs.push(FieldError::invalid(
                &wp.child("weight"),
                Value::Int(weight),
                "must be in the range 1-100",
            ));
        }
        let empty = Json::Object(serde_json::Map::new());
        let term = obj(weighted, "podAffinityTerm").unwrap_or(&empty);
        errs.extend(validate_pod_affinity_term(
            term,
            &wp.child("podAffinityTerm"),
        ));
    }
    errs
}

fn selector_errors(v: Option<&Json>, path: &Path) -> Vec<FieldError> {
    v.and_then(|s| serde_json::from_value::<LabelSelector>(s.clone()).ok())
        .map(|s| validate_label_selector(&s, path))
        .unwrap_or_default()
}

/// `validatePodAffinityTerm`.
fn validate_pod_affinity_term(term: &Json, path: &Path) -> Vec<FieldError> {
    // ValidatePodAffinityTermSelector
    let selector = obj(term, "labelSelector");
    let mut errs = selector_errors(selector, &path.child("labelSelector"));
    errs.extend(selector_errors(
        obj(term, "namespaceSelector"),
        &path.child("namespaceSelector"),
    ));
    for name in strings(term, "namespaces") {
        // ValidateNamespaceName; upstream names the path "namespace".
        errs.extend(label_errors(&path.child("namespace"), &name));
    }
    errs.extend(validate_match_label_keys(term, selector, path));
    let topology_key = text(term, "topologyKey");
    if topology_key.is_empty() {
        errs.push(FieldError::required(
            &path.child("topologyKey"),
            "can not be empty",
        ));
    }
    errs.extend(qualified_name_errors(
        &path.child("topologyKey"),
        topology_key,
    ));
    errs
}

/// `validateMatchLabelKeysAndMismatchLabelKeys`.
fn validate_match_label_keys(term: &Json, selector: Option<&Json>, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let match_keys = strings(term, "matchLabelKeys");
    let mismatch_keys = strings(term, "mismatchLabelKeys");
    // validateLabelKeys
    for (key, keys) in [
        ("matchLabelKeys", &match_keys),
        ("mismatchLabelKeys", &mismatch_keys),
    ] {
        if keys.is_empty() {
            continue;
        }
        let kp = path.child(key);
        if selector.is_none() {
            errs.push(FieldError::forbidden(
                &kp,
                "must not be specified when labelSelector is not set",
            ));
            continue;
        }
        for (i, k) in keys.iter().enumerate() {
            errs.extend(qualified_name_errors(&kp.index(i), k));
        }
    }
    if let Some(sel) = selector {
        let mut selector_keys: Vec<String> = sel
            .get("matchLabels")
            .and_then(Json::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        for expr in items(sel, "matchExpressions") {
            let key = text(expr, "key");
            // Upstream names the index in the term's path, not under matchLabelKeys.
            if let Some(i) = match_keys.iter().rposition(|k| k == key) {
                if selector_keys.iter().any(|k| k == key) {
                    errs.push(FieldError::invalid(
                        &path.index(i),
                        Value::Str(key.to_string()),
                        "exists in both matchLabelKeys and labelSelector",
                    ));
                }
            }
            selector_keys.push(key.to_string());
        }
    }
    for (i, k) in match_keys.iter().enumerate() {
        if mismatch_keys.contains(k) {
            errs.push(FieldError::invalid(
                &path.child("matchLabelKeys").index(i),
                Value::Str(k.clone()),
                "exists in both matchLabelKeys and mismatchLabelKeys",
            ));
        }
    }
    errs
}
