//! The ownership PATCHes of `ClaimPods` (upstream `controller_ref_manager.go`)
//! and the error they leave.

use serde_json::{json, Value};

use crate::api::{Job, JOB_TRACKING_FINALIZER};

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
    fn aggregate_dedups_and_brackets() {
        assert_eq!(aggregate(&["a".into()]), "a");
        assert_eq!(aggregate(&["a".into(), "a".into()]), "a");
        assert_eq!(aggregate(&["a".into(), "b".into(), "a".into()]), "[a, b]");
    }
}
