//! API-server defaulting, in one place (`pkg/apis/batch/v1/defaults.go` and
//! the Job registry's selector generation).

use std::sync::Arc;

use super::cronjob::{ConcurrencyPolicy, CronJob};
use super::job::{
    CompletionMode, Job, PodReplacementPolicy, CONTROLLER_UID_LABEL, JOB_NAME_LABEL,
    LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL,
};
use super::meta::LabelSelector;
use super::pod::ConditionStatus;

/// `SetDefaults_Job`: what the API server fills in on create.
pub fn default_job(job: &mut Job) {
    let spec = Arc::make_mut(&mut job.spec);
    // Both unset means a non-parallel Job: one pod, one completion.
    if spec.completions.is_none() && spec.parallelism.is_none() {
        spec.completions = Some(1);
        spec.parallelism = Some(1);
    }
    if spec.parallelism.is_none() {
        spec.parallelism = Some(1);
    }
    if spec.backoff_limit.is_none() {
        // Per-index backoff makes the global limit effectively unlimited.
        spec.backoff_limit = Some(if spec.backoff_limit_per_index.is_some() {
            i32::MAX
        } else {
            6
        });
    }
    if job.metadata.labels.as_deref().is_none_or(|l| l.is_empty()) {
        if let Some(labels) = &spec.template.metadata.labels {
            job.metadata.labels = Some(labels.clone());
        }
    }
    if spec.completion_mode.is_none() {
        spec.completion_mode = Some(CompletionMode::NonIndexed);
    }
    if spec.suspend.is_none() {
        spec.suspend = Some(false);
    }
    if let Some(policy) = &mut spec.pod_failure_policy {
        for rule in &mut policy.rules {
            for pattern in rule.on_pod_conditions.iter_mut().flatten() {
                // Go's unset string is "": a status written as "" is defaulted too.
                if ConditionStatus::is_unset(pattern.status.as_ref()) {
                    pattern.status = Some(ConditionStatus::True);
                }
            }
        }
    }
    if spec.pod_replacement_policy.is_none() {
        spec.pod_replacement_policy = Some(if spec.pod_failure_policy.is_some() {
            PodReplacementPolicy::Failed
        } else {
            PodReplacementPolicy::TerminatingOrFailed
        });
    }
    if spec.manual_selector != Some(true) {
        generate_selector(job);
    }
}

/// `generateSelector` (Job registry strategy): unless `manualSelector` is true,
/// the selector is the Job's uid and the template carries the uid and name labels.
/// Does nothing while the Job has no uid (it is assigned on create).
pub fn generate_selector(job: &mut Job) {
    let Some(uid) = job.metadata.uid.clone() else {
        return;
    };
    let name = job.metadata.name().to_string();
    let spec = Arc::make_mut(&mut job.spec);
    let labels = spec.template.metadata.labels_mut();
    labels
        .entry(LEGACY_CONTROLLER_UID_LABEL.to_string())
        .or_insert_with(|| uid.clone());
    labels
        .entry(CONTROLLER_UID_LABEL.to_string())
        .or_insert_with(|| uid.clone());
    labels
        .entry(LEGACY_JOB_NAME_LABEL.to_string())
        .or_insert_with(|| name.clone());
    labels
        .entry(JOB_NAME_LABEL.to_string())
        .or_insert_with(|| name.clone());
    if spec.selector.is_none() {
        let mut selector = LabelSelector::default();
        selector
            .match_labels
            .get_or_insert_default()
            .insert(CONTROLLER_UID_LABEL.to_string(), uid);
        spec.selector = Some(selector);
    }
}

/// `SetDefaults_CronJob`.
pub fn default_cronjob(cronjob: &mut CronJob) {
    let spec = Arc::make_mut(&mut cronjob.spec);
    // Go's unset string is "": a policy written as "" is defaulted too.
    if ConcurrencyPolicy::is_unset(spec.concurrency_policy.as_ref()) {
        spec.concurrency_policy = Some(ConcurrencyPolicy::Allow);
    }
    if spec.suspend.is_none() {
        spec.suspend = Some(false);
    }
    if spec.successful_jobs_history_limit.is_none() {
        spec.successful_jobs_history_limit = Some(3);
    }
    if spec.failed_jobs_history_limit.is_none() {
        spec.failed_jobs_history_limit = Some(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_strings_are_defaulted_as_go_unset_strings() {
        let mut job: Job = serde_json::from_value(serde_json::json!({
            "spec": {"podFailurePolicy": {"rules": [{"action": "Ignore", "onPodConditions": [
                {"type": "DisruptionTarget", "status": ""},
                {"type": "Custom"},
                {"type": "Other", "status": "False"}
            ]}]}}
        }))
        .expect("job");
        default_job(&mut job);
        let statuses: Vec<_> = job.spec.pod_failure_policy.as_ref().expect("policy").rules[0]
            .on_pod_conditions
            .iter()
            .flatten()
            .map(|p| p.status.clone())
            .collect();
        assert_eq!(
            statuses,
            [
                Some(ConditionStatus::True),
                Some(ConditionStatus::True),
                Some(ConditionStatus::False)
            ]
        );

        let mut cronjob: CronJob =
            serde_json::from_value(serde_json::json!({"spec": {"concurrencyPolicy": ""}}))
                .expect("cronjob");
        default_cronjob(&mut cronjob);
        assert_eq!(
            cronjob.spec.concurrency_policy,
            Some(ConcurrencyPolicy::Allow)
        );
        let mut forbid: CronJob =
            serde_json::from_value(serde_json::json!({"spec": {"concurrencyPolicy": "Forbid"}}))
                .expect("cronjob");
        default_cronjob(&mut forbid);
        assert_eq!(
            forbid.spec.concurrency_policy,
            Some(ConcurrencyPolicy::Forbid)
        );
    }
}
