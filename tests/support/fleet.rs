//! Deterministic Jobs with many pods in mixed phases, as a real cluster shows
//! them: for benchmarks and large-scale tests.

#![allow(dead_code)]

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use kbatch::api::*;

/// The fixed "now" of fleet scenarios.
pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-01-01T12:00:00Z")
        .map(|t| t.to_utc())
        .unwrap_or_default()
}

/// A defaulted Job named `fleet` with `completions` (and `parallelism`) as given.
pub fn job(indexed: bool, completions: i32, parallelism: i32) -> Job {
    let mut labels = BTreeMap::new();
    labels.insert("app".to_string(), "fleet".to_string());
    let mut job = Job {
        metadata: ObjectMeta {
            name: Some("fleet".into()),
            namespace: Some("default".into()),
            uid: Some("00000000-0000-0000-0000-00000000f1ee".into()),
            creation_timestamp: Some(now() - Duration::hours(2)),
            ..Default::default()
        },
        spec: JobSpec {
            completions: Some(completions),
            parallelism: Some(parallelism),
            completion_mode: Some(if indexed {
                CompletionMode::Indexed
            } else {
                CompletionMode::NonIndexed
            }),
            template: PodTemplateSpec {
                metadata: ObjectMeta {
                    labels: Some(labels),
                    ..Default::default()
                },
                spec: PodSpec {
                    restart_policy: Some(RestartPolicy::Never),
                    containers: vec![Container {
                        name: "worker".into(),
                        image: Some("registry.example.com/worker:1.4.2".into()),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
            },
            ..Default::default()
        },
        status: Some(JobStatus {
            start_time: Some(now() - Duration::hours(1)),
            ..Default::default()
        }),
        ..Default::default()
    };
    default_job(&mut job);
    job
}

/// `n` pods of `job`: mostly running (some not ready), a share succeeded,
/// failed, pending and terminating; Indexed pods carry indexes 0..n.
pub fn pods(job: &Job, n: usize) -> Vec<Pod> {
    let owner = OwnerReference {
        api_version: "batch/v1".into(),
        kind: "Job".into(),
        name: job.metadata.name().to_string(),
        uid: job.metadata.uid().to_string(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    };
    let indexed = job.spec.is_indexed();
    let base = now() - Duration::minutes(50);
    (0..n)
        .map(|i| {
            let created = base + Duration::milliseconds(i as i64 * 7);
            let (phase, ready, finished, deleting) = match i % 20 {
                0..=9 => (PodPhase::Running, true, false, false),
                10..=11 => (PodPhase::Running, false, false, false),
                12..=14 => (PodPhase::Succeeded, false, true, false),
                15 => (PodPhase::Failed, false, true, false),
                16..=17 => (PodPhase::Pending, false, false, false),
                18 => (PodPhase::Running, false, false, true),
                _ => (PodPhase::Succeeded, false, true, false),
            };
            let mut labels = job.spec.template.metadata.labels.clone().unwrap_or_default();
            let mut annotations = BTreeMap::new();
            if indexed {
                labels.insert(JOB_COMPLETION_INDEX.into(), i.to_string());
                annotations.insert(JOB_COMPLETION_INDEX.into(), i.to_string());
            }
            let terminated = finished.then(|| ContainerStateTerminated {
                exit_code: if phase == PodPhase::Failed { 1 } else { 0 },
                finished_at: Some(created + Duration::seconds(30)),
                ..Default::default()
            });
            Pod {
                metadata: ObjectMeta {
                    name: Some(format!("fleet-{i:06}")),
                    namespace: Some("default".into()),
                    uid: Some(format!("00000000-0000-0000-0001-{i:012}")),
                    creation_timestamp: Some(created),
                    deletion_timestamp: deleting.then_some(now() - Duration::seconds(5)),
                    deletion_grace_period_seconds: deleting.then_some(30),
                    labels: Some(labels),
                    annotations: Some(annotations),
                    owner_references: Some(vec![owner.clone()]),
                    finalizers: Some(vec![JOB_TRACKING_FINALIZER.into()]),
                    ..Default::default()
                },
                spec: job.spec.template.spec.clone(),
                status: Some(PodStatus {
                    phase: Some(phase),
                    conditions: Some(vec![PodCondition {
                        type_: PodConditionType::Ready,
                        status: if ready {
                            ConditionStatus::True
                        } else {
                            ConditionStatus::False
                        },
                        last_probe_time: None,
                        last_transition_time: Some(created + Duration::seconds(3)),
                        reason: None,
                        message: None,
                    }]),
                    start_time: Some(created + Duration::seconds(1)),
                    container_statuses: Some(vec![ContainerStatus {
                        name: "worker".into(),
                        ready,
                        state: Some(ContainerState {
                            terminated,
                            ..Default::default()
                        }),
                        ..Default::default()
                    }]),
                    ..Default::default()
                }),
                ..Default::default()
            }
        })
        .collect()
}
