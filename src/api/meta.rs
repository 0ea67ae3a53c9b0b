//! `metav1` pieces shared by every object: ObjectMeta, OwnerReference, LabelSelector.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A point in time as the API writes it (RFC 3339, UTC).
pub type Time = DateTime<Utc>;

/// `metav1.ObjectMeta`: the fields the controllers and the simulator use.
///
/// Labels, annotations and owner references sit behind an [`Arc`]: a copy of
/// an object (every status write, every informer update) shares them, and
/// [`Arc::make_mut`] copies one before changing it. They read and serialize
/// as the plain map or list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generate_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_timestamp: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_timestamp: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_grace_period_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Arc<BTreeMap<String, String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Arc<BTreeMap<String, String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_references: Option<Arc<Vec<OwnerReference>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finalizers: Option<Vec<String>>,
}

impl ObjectMeta {
    /// The name, or "" when unset (as Go's zero value).
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or("")
    }

    /// The namespace, or "" when unset.
    pub fn namespace(&self) -> &str {
        self.namespace.as_deref().unwrap_or("")
    }

    /// The uid, or "" when unset.
    pub fn uid(&self) -> &str {
        self.uid.as_deref().unwrap_or("")
    }

    /// A label's value.
    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels.as_deref()?.get(key).map(String::as_str)
    }

    /// An annotation's value.
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations.as_deref()?.get(key).map(String::as_str)
    }

    /// The labels to change, created if absent and copied first if shared.
    pub fn labels_mut(&mut self) -> &mut BTreeMap<String, String> {
        Arc::make_mut(self.labels.get_or_insert_default())
    }

    /// The annotations to change, created if absent and copied first if shared.
    pub fn annotations_mut(&mut self) -> &mut BTreeMap<String, String> {
        Arc::make_mut(self.annotations.get_or_insert_default())
    }

    /// The owner references ([] when unset).
    pub fn owner_refs(&self) -> &[OwnerReference] {
        self.owner_references.as_deref().map_or(&[], Vec::as_slice)
    }

    /// The owner references to change, created if absent and copied first if
    /// shared.
    pub fn owner_references_mut(&mut self) -> &mut Vec<OwnerReference> {
        Arc::make_mut(self.owner_references.get_or_insert_default())
    }

    /// Whether the finalizer is present.
    pub fn has_finalizer(&self, finalizer: &str) -> bool {
        self.finalizers
            .as_ref()
            .is_some_and(|f| f.iter().any(|x| x == finalizer))
    }

    /// The owner reference with `controller: true` (`metav1.GetControllerOf`).
    pub fn controller_ref(&self) -> Option<&OwnerReference> {
        self.owner_refs()
            .iter()
            .find(|r| r.controller == Some(true))
    }
}

/// `metav1.OwnerReference`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnerReference {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub uid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_owner_deletion: Option<bool>,
}

/// `metav1.LabelSelector`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_labels: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_expressions: Option<Vec<LabelSelectorRequirement>>,
}

/// `metav1.LabelSelectorRequirement`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
}

impl LabelSelector {
    /// Whether the selector selects nothing-or-everything: upstream treats an
    /// empty (non-nil) selector as matching everything.
    pub fn is_empty(&self) -> bool {
        self.match_labels.as_ref().is_none_or(|m| m.is_empty())
            && self.match_expressions.as_ref().is_none_or(|m| m.is_empty())
    }

    /// Whether the labels satisfy the selector (`metav1.LabelSelectorAsSelector`
    /// then `Matches`). Unknown operators match nothing, as conversion fails upstream.
    pub fn matches(&self, labels: Option<&BTreeMap<String, String>>) -> bool {
        let get = |k: &str| labels.and_then(|l| l.get(k));
        if let Some(ml) = &self.match_labels {
            if ml.iter().any(|(k, v)| get(k) != Some(v)) {
                return false;
            }
        }
        if let Some(exprs) = &self.match_expressions {
            for e in exprs {
                let values = e.values.as_deref().unwrap_or(&[]);
                let ok = match e.operator.as_str() {
                    "In" => get(&e.key).is_some_and(|v| values.contains(v)),
                    "NotIn" => get(&e.key).is_none_or(|v| !values.contains(v)),
                    "Exists" => get(&e.key).is_some(),
                    "DoesNotExist" => get(&e.key).is_none(),
                    _ => false,
                };
                if !ok {
                    return false;
                }
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Job;
    use serde_json::json;

    #[test]
    fn copies_share_the_lists_until_one_is_changed() {
        let mut a = ObjectMeta::default();
        a.labels_mut().insert("app".into(), "x".into());
        a.owner_references_mut().push(OwnerReference {
            api_version: "batch/v1".into(),
            kind: "Job".into(),
            name: "j".into(),
            uid: "u".into(),
            controller: Some(true),
            block_owner_deletion: None,
        });
        let b = a.clone();
        let shared = |m: &ObjectMeta, n: &ObjectMeta| {
            Arc::ptr_eq(m.labels.as_ref().unwrap(), n.labels.as_ref().unwrap())
        };
        assert!(shared(&a, &b));
        a.labels_mut().insert("tier".into(), "web".into());
        assert!(!shared(&a, &b));
        assert_eq!(b.label("tier"), None);
        assert_eq!(a.label("tier"), Some("web"));
        assert_eq!(b.label("app"), Some("x"));
        // The copy still shares the owner list it did not change.
        assert_eq!(b.controller_ref().map(|r| r.uid.as_str()), Some("u"));
        assert!(Arc::ptr_eq(
            a.owner_references.as_ref().unwrap(),
            b.owner_references.as_ref().unwrap()
        ));
    }

    #[test]
    fn shared_fields_read_and_write_as_plain_json() {
        let manifest = json!({
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": {
                "name": "pi",
                "labels": {"app": "pi"},
                "annotations": {"note": "x"},
                "ownerReferences": [{"apiVersion": "batch/v1", "kind": "CronJob", "name": "c", "uid": "u", "controller": true}]
            },
            "spec": {"template": {"metadata": {}, "spec": {"restartPolicy": "Never", "containers": [{"name": "pi", "image": "perl"}]}}}
        });
        let job: Job = serde_json::from_value(manifest.clone()).expect("job");
        assert_eq!(job.metadata.label("app"), Some("pi"));
        assert_eq!(job.spec.template.spec.containers[0].name, "pi");
        let copy = job.clone();
        assert!(Arc::ptr_eq(&job.spec, &copy.spec));
        assert_eq!(serde_json::to_value(&copy).expect("json"), manifest);
    }
}
