//! `batch/v1` Job.

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::meta::{LabelSelector, ObjectMeta, Time};
use super::pod::{ConditionStatus, PodConditionType, PodTemplateSpec};
use super::string_enum::string_enum;

/// The finalizer the Job controller puts on its pods so it can count them
/// before they disappear (`batch.kubernetes.io/job-tracking`).
pub const JOB_TRACKING_FINALIZER: &str = "batch.kubernetes.io/job-tracking";
/// Annotation and label holding an Indexed Job pod's completion index.
pub const JOB_COMPLETION_INDEX: &str = "batch.kubernetes.io/job-completion-index";
/// Annotation carrying the failure count of an index to its replacement pod.
pub const JOB_INDEX_FAILURE_COUNT: &str = "batch.kubernetes.io/job-index-failure-count";
/// Annotation carrying the ignored-failure count of an index.
pub const JOB_INDEX_IGNORED_FAILURE_COUNT: &str =
    "batch.kubernetes.io/job-index-ignored-failure-count";
/// Label the API server puts on a Job's pods with the Job's uid.
pub const CONTROLLER_UID_LABEL: &str = "batch.kubernetes.io/controller-uid";
/// Legacy form of [`CONTROLLER_UID_LABEL`].
pub const LEGACY_CONTROLLER_UID_LABEL: &str = "controller-uid";
/// Label the API server puts on a Job's pods with the Job's name.
pub const JOB_NAME_LABEL: &str = "batch.kubernetes.io/job-name";
/// Legacy form of [`JOB_NAME_LABEL`].
pub const LEGACY_JOB_NAME_LABEL: &str = "job-name";
/// The `spec.managedBy` value meaning the built-in Job controller.
pub const JOB_CONTROLLER_NAME: &str = "kubernetes.io/job-controller";

string_enum! {
    /// `batch/v1.CompletionMode`.
    pub enum CompletionMode {
        NonIndexed = "NonIndexed",
        Indexed = "Indexed",
    }
}

string_enum! {
    /// `batch/v1.PodReplacementPolicy`.
    pub enum PodReplacementPolicy {
        TerminatingOrFailed = "TerminatingOrFailed",
        Failed = "Failed",
    }
}

string_enum! {
    /// `batch/v1.JobConditionType`.
    pub enum JobConditionType {
        Suspended = "Suspended",
        Complete = "Complete",
        Failed = "Failed",
        FailureTarget = "FailureTarget",
        SuccessCriteriaMet = "SuccessCriteriaMet",
    }
}

string_enum! {
    /// `batch/v1.PodFailurePolicyAction`.
    pub enum PodFailurePolicyAction {
        FailJob = "FailJob",
        FailIndex = "FailIndex",
        Ignore = "Ignore",
        Count = "Count",
    }
}

string_enum! {
    /// `batch/v1.PodFailurePolicyOnExitCodesOperator`.
    pub enum PodFailurePolicyOnExitCodesOperator {
        In = "In",
        NotIn = "NotIn",
    }
}

/// `batch/v1.Job`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    #[serde(default = "batch_v1")]
    pub api_version: Cow<'static, str>,
    #[serde(default = "job_kind")]
    pub kind: Cow<'static, str>,
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// Shared between copies; [`Arc::make_mut`] copies it before a change.
    #[serde(default)]
    pub spec: Arc<JobSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<JobStatus>,
}

pub(crate) fn batch_v1() -> Cow<'static, str> {
    Cow::Borrowed("batch/v1")
}

fn job_kind() -> Cow<'static, str> {
    Cow::Borrowed("Job")
}

/// `batch/v1.JobSpec`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completions: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_deadline_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_failure_policy: Option<PodFailurePolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_policy: Option<SuccessPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff_limit: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff_limit_per_index: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_failed_indexes: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual_selector: Option<bool>,
    #[serde(default)]
    pub template: PodTemplateSpec,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_seconds_after_finished: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_mode: Option<CompletionMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_replacement_policy: Option<PodReplacementPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_by: Option<String>,
}

impl JobSpec {
    /// Whether the completion mode is Indexed.
    pub fn is_indexed(&self) -> bool {
        self.completion_mode == Some(CompletionMode::Indexed)
    }

    /// `spec.suspend`, false when unset.
    pub fn is_suspended(&self) -> bool {
        self.suspend == Some(true)
    }
}

/// `batch/v1.PodFailurePolicy`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodFailurePolicy {
    #[serde(default)]
    pub rules: Vec<PodFailurePolicyRule>,
}

/// `batch/v1.PodFailurePolicyRule`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodFailurePolicyRule {
    pub action: PodFailurePolicyAction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_exit_codes: Option<PodFailurePolicyOnExitCodesRequirement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_pod_conditions: Option<Vec<PodFailurePolicyOnPodConditionsPattern>>,
}

/// `batch/v1.PodFailurePolicyOnExitCodesRequirement`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodFailurePolicyOnExitCodesRequirement {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_name: Option<String>,
    pub operator: PodFailurePolicyOnExitCodesOperator,
    #[serde(default)]
    pub values: Vec<i32>,
}

/// `batch/v1.PodFailurePolicyOnPodConditionsPattern`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodFailurePolicyOnPodConditionsPattern {
    #[serde(rename = "type")]
    pub type_: PodConditionType,
    /// Defaults to `True` (`SetDefaults_Job`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ConditionStatus>,
}

/// `batch/v1.SuccessPolicy`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SuccessPolicy {
    #[serde(default)]
    pub rules: Vec<SuccessPolicyRule>,
}

/// `batch/v1.SuccessPolicyRule`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SuccessPolicyRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub succeeded_indexes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub succeeded_count: Option<i32>,
}

/// `batch/v1.JobStatus`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobStatus {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Vec<JobCondition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_time: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub succeeded: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminating: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_indexes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_indexes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncounted_terminated_pods: Option<UncountedTerminatedPods>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<i32>,
}

/// `batch/v1.UncountedTerminatedPods`: uids of finished pods whose finalizer
/// removal is in flight (the crash-safe half of counting).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UncountedTerminatedPods {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub succeeded: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<Vec<String>>,
}

/// `batch/v1.JobCondition`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobCondition {
    #[serde(rename = "type")]
    pub type_: JobConditionType,
    pub status: ConditionStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_probe_time: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl Job {
    /// The status, or an empty one.
    pub fn status(&self) -> &JobStatus {
        static EMPTY: JobStatus = JobStatus {
            conditions: None,
            start_time: None,
            completion_time: None,
            active: None,
            succeeded: None,
            failed: None,
            terminating: None,
            completed_indexes: None,
            failed_indexes: None,
            uncounted_terminated_pods: None,
            ready: None,
        };
        self.status.as_ref().unwrap_or(&EMPTY)
    }

    /// A condition of the given type.
    pub fn condition(&self, ty: &JobConditionType) -> Option<&JobCondition> {
        self.status()
            .conditions
            .as_ref()?
            .iter()
            .find(|c| &c.type_ == ty)
    }

    /// Whether a condition of the given type is True.
    pub fn has_true_condition(&self, ty: &JobConditionType) -> bool {
        self.condition(ty)
            .is_some_and(|c| c.status == ConditionStatus::True)
    }

    /// `IsJobFinished`: a Complete or Failed condition is True.
    pub fn is_finished(&self) -> bool {
        self.finished_condition().is_some()
    }

    /// The True Complete or Failed condition, if any (first in list order, as
    /// upstream's `getFinishedStatus` / cronjob `IsJobFinished`).
    pub fn finished_condition(&self) -> Option<&JobCondition> {
        self.status().conditions.as_ref()?.iter().find(|c| {
            matches!(
                c.type_,
                JobConditionType::Complete | JobConditionType::Failed
            ) && c.status == ConditionStatus::True
        })
    }
}
