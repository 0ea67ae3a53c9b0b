//! `batch/v1` CronJob.

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::job::{batch_v1, JobSpec};
use super::meta::{ObjectMeta, Time};
use super::string_enum::string_enum;

/// Annotation on a CronJob's Job with the slot it was created for, in RFC 3339
/// in the CronJob's time zone.
pub const CRONJOB_SCHEDULED_TIMESTAMP: &str = "batch.kubernetes.io/cronjob-scheduled-timestamp";

string_enum! {
    /// `batch/v1.ConcurrencyPolicy`.
    pub enum ConcurrencyPolicy {
        Allow = "Allow",
        Forbid = "Forbid",
        Replace = "Replace",
    }
}

/// `batch/v1.CronJob`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CronJob {
    #[serde(default = "batch_v1")]
    pub api_version: Cow<'static, str>,
    #[serde(default = "cronjob_kind")]
    pub kind: Cow<'static, str>,
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// Shared between copies; [`Arc::make_mut`] copies it before a change.
    #[serde(default)]
    pub spec: Arc<CronJobSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CronJobStatus>,
}

fn cronjob_kind() -> Cow<'static, str> {
    Cow::Borrowed("CronJob")
}

/// `batch/v1.CronJobSpec`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CronJobSpec {
    #[serde(default)]
    pub schedule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starting_deadline_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency_policy: Option<ConcurrencyPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    #[serde(default)]
    pub job_template: JobTemplateSpec,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successful_jobs_history_limit: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_jobs_history_limit: Option<i32>,
}

/// `batch/v1.JobTemplateSpec`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobTemplateSpec {
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// Shared between copies; [`Arc::make_mut`] copies it before a change.
    #[serde(default)]
    pub spec: Arc<JobSpec>,
}

/// `batch/v1.CronJobStatus`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CronJobStatus {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<Vec<ObjectReference>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_schedule_time: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_successful_time: Option<Time>,
}

/// `core/v1.ObjectReference` as used in `CronJobStatus.active`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectReference {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_version: Option<String>,
}

impl CronJob {
    /// The status, or an empty one.
    pub fn status(&self) -> &CronJobStatus {
        static EMPTY: CronJobStatus = CronJobStatus {
            active: None,
            last_schedule_time: None,
            last_successful_time: None,
        };
        self.status.as_ref().unwrap_or(&EMPTY)
    }
}
