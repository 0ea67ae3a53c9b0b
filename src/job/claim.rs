//! The ownership PATCHes of `ClaimPods` (upstream `controller_ref_manager.go`)
//! and the error they leave.

use serde_json::{json, Value};

use crate::api::validation::meta::{is_qualified_name, is_valid_label_value};
use crate::api::{Job, LabelSelector, JOB_TRACKING_FINALIZER};
use crate::schedule::go_quote;

/// `ownerRefControllerPatch` with the Job controller's finalizer
/// (`AdoptPod`): the Job becomes the pod's controller and the pod gets the
/// tracking finalizer; `metadata.uid` makes it apply to this pod only.
pub fn adoption_patch(job: &Job, pod_uid: &str) -> Value {
    json!({
        "metadata": {
            "ownerReferences": [{
                "apiVersion": "batch/v1",
                "kind": "Job",
                "name": job.metadata.name(),
                "uid": job.metadata.uid(),
                "controller": true,
                "blockOwnerDeletion": true,
            }],
            "uid": pod_uid,
            "finalizers": [JOB_TRACKING_FINALIZER],
        }
    })
}

/// `GenerateDeleteOwnerRefStrategicMergeBytes` with the Job controller's
/// finalizer (`ReleasePod`): drop the Job's owner reference and the
/// tracking finalizer.
pub fn release_patch(job: &Job, pod_uid: &str) -> Value {
    json!({
        "metadata": {
            "uid": pod_uid,
            "ownerReferences": [{"$patch": "delete", "uid": job.metadata.uid()}],
            "$deleteFromPrimitiveList/finalizers": [JOB_TRACKING_FINALIZER],
        }
    })
}

/// Why `metav1.LabelSelectorAsSelector` refuses the selector, if it does: the
/// first requirement `labels.NewRequirement` refuses (match labels in key
/// order, as Go's map order is unspecified, then expressions), with every
/// error of that requirement aggregated; or an unknown operator.
pub fn selector_conversion_error(selector: &LabelSelector) -> Option<String> {
    for (k, v) in selector.match_labels.iter().flatten() {
        // NewRequirement(k, Equals, []string{v}): one value, so no count error.
        let errs = requirement_errors(k, None, std::slice::from_ref(v));
        if !errs.is_empty() {
            return Some(aggregate(&errs));
        }
    }
    for e in selector.match_expressions.iter().flatten() {
        let values = e.values.as_deref().unwrap_or(&[]);
        let count = match e.operator.as_str() {
            "In" | "NotIn" if values.is_empty() => {
                Some("for 'in', 'notin' operators, values set can't be empty")
            }
            "Exists" | "DoesNotExist" if !values.is_empty() => {
                Some("values set must be empty for exists and does not exist")
            }
            "In" | "NotIn" | "Exists" | "DoesNotExist" => None,
            other => {
                return Some(format!(
                    "{} is not a valid label selector operator",
                    go_quote(other)
                ))
            }
        };
        let errs = requirement_errors(&e.key, count, values);
        if !errs.is_empty() {
            return Some(aggregate(&errs));
        }
    }
    None
}

/// `labels.NewRequirement`'s errors in its order: the key
/// (`validateLabelKey`), the value count for the operator, then each value
/// (`validateLabelValue`, at `values[i][key]`).
fn requirement_errors(key: &str, count: Option<&str>, values: &[String]) -> Vec<String> {
    let mut errs = Vec::new();
    let key_msgs = is_qualified_name(key);
    if !key_msgs.is_empty() {
        errs.push(format!(
            "key: Invalid value: {}: {}",
            go_quote(key),
            key_msgs.join("; ")
        ));
    }
    if let Some(m) = count {
        // `append([]string(nil), expr.Values...)`: nil when there are none.
        errs.push(format!(
            "values: Invalid value: {}: {m}",
            go_string_slice(values)
        ));
    }
    for (i, v) in values.iter().enumerate() {
        let msgs = is_valid_label_value(v);
        if !msgs.is_empty() {
            errs.push(format!(
                "values[{i}][{key}]: Invalid value: {}: {}",
                go_quote(v),
                msgs.join("; ")
            ));
        }
    }
    errs
}

/// Go's `%#v` of a `[]string` (`(nil)` when empty, as built above).
fn go_string_slice(values: &[String]) -> String {
    if values.is_empty() {
        return "[]string(nil)".to_string();
    }
    let quoted: Vec<String> = values.iter().map(|v| go_quote(v)).collect();
    format!("[]string{{{}}}", quoted.join(", "))
}

/// `utilerrors.NewAggregate(...).Error()`: one message as itself, several
/// (repeats dropped) as `[a, b]`.
pub fn aggregate(messages: &[String]) -> String {
    let mut unique: Vec<&str> = Vec::with_capacity(messages.len());
    for m in messages {
        if !unique.contains(&m.as_str()) {
            unique.push(m);
        }
    }
    match unique.as_slice() {
        [one] => (*one).to_string(),
        many => format!("[{}]", many.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job() -> Job {
        let mut j = Job::default();
        j.metadata.name = Some("pi".into());
        j.metadata.uid = Some("job-uid".into());
        j
    }

    #[test]
    fn patches_carry_upstream_fields() {
        let a = adoption_patch(&job(), "pod-uid");
        assert_eq!(
            a.to_string(),
            r#"{"metadata":{"finalizers":["batch.kubernetes.io/job-tracking"],"ownerReferences":[{"apiVersion":"batch/v1","blockOwnerDeletion":true,"controller":true,"kind":"Job","name":"pi","uid":"job-uid"}],"uid":"pod-uid"}}"#
        );
        let r = release_patch(&job(), "pod-uid");
        assert_eq!(
            r.to_string(),
            r#"{"metadata":{"$deleteFromPrimitiveList/finalizers":["batch.kubernetes.io/job-tracking"],"ownerReferences":[{"$patch":"delete","uid":"job-uid"}],"uid":"pod-uid"}}"#
        );
    }

    #[test]
    fn selectors_upstream_cannot_convert_are_reported() {
        let sel = |v: serde_json::Value| -> LabelSelector {
            serde_json::from_value(v).expect("selector")
        };
        assert_eq!(
            selector_conversion_error(&sel(json!({"matchLabels": {"a": "b"}}))),
            None
        );
        assert_eq!(
            selector_conversion_error(&sel(json!({"matchExpressions": [
                {"key": "a", "operator": "Exists"}]}))),
            None
        );
        assert!(
            selector_conversion_error(&sel(json!({"matchLabels": {"a b": "c"}})))
                .is_some_and(|e| e.starts_with("key: Invalid value: \"a b\""))
        );
        assert!(
            selector_conversion_error(&sel(json!({"matchLabels": {"a": "c d"}})))
                .is_some_and(|e| e.starts_with("values[0][a]: Invalid value: \"c d\""))
        );
        // Every error of the requirement, aggregated, in NewRequirement's order.
        assert_eq!(
            selector_conversion_error(&sel(json!({"matchExpressions": [
                {"key": "a b", "operator": "Exists", "values": ["c d"]}]}))),
            Some(format!(
                "[key: Invalid value: \"a b\": {}, values: Invalid value: []string{{\"c d\"}}: \
                 values set must be empty for exists and does not exist, \
                 values[0][a b]: Invalid value: \"c d\": {}]",
                is_qualified_name("a b").join("; "),
                is_valid_label_value("c d").join("; ")
            ))
        );
        assert_eq!(
            selector_conversion_error(&sel(json!({"matchExpressions": [
                {"key": "a", "operator": "In"}]}))),
            Some(
                "values: Invalid value: []string(nil): \
                 for 'in', 'notin' operators, values set can't be empty"
                    .to_string()
            )
        );
        // A key with several problems joins them with "; ".
        assert!(
            selector_conversion_error(&sel(json!({"matchLabels": {"/-": "x"}})))
                .is_some_and(|e| e
                    .starts_with("key: Invalid value: \"/-\": prefix part must be non-empty; "))
        );
        assert_eq!(
            selector_conversion_error(&sel(json!({"matchExpressions": [
                {"key": "a", "operator": "Near", "values": ["b"]}]}))),
            Some("\"Near\" is not a valid label selector operator".to_string())
        );
        assert!(selector_conversion_error(&sel(json!({"matchExpressions": [
            {"key": "a", "operator": "In"}]})))
        .is_some_and(|e| e.contains("values set can't be empty")));
        assert!(selector_conversion_error(&sel(json!({"matchExpressions": [
            {"key": "a", "operator": "Exists", "values": ["b"]}]})))
        .is_some_and(|e| e.contains("values set must be empty")));
    }

    #[test]
    fn aggregate_dedups_and_brackets() {
        assert_eq!(aggregate(&["a".into()]), "a");
        assert_eq!(aggregate(&["a".into(), "a".into()]), "a");
        assert_eq!(aggregate(&["a".into(), "b".into(), "a".into()]), "[a, b]");
    }
}
