//! proptest strategies: valid Jobs of every mode and policy, pods in every
//! phase a Job controller can see, and times around them.

#![allow(dead_code)]

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use kbatch::api::*;
use proptest::prelude::*;

pub const JOB_UID: &str = "job-uid-0001";

/// The base time of generated scenarios.
pub fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z")
        .map(|t| t.to_utc())
        .unwrap_or_default()
}

fn labels() -> BTreeMap<String, String> {
    let mut l = BTreeMap::new();
    l.insert("app".to_string(), "prop".to_string());
    l
}

fn pod_failure_policy(
    indexed_with_per_index: bool,
) -> impl Strategy<Value = Option<PodFailurePolicy>> {
    let rule = prop_oneof![
        Just(PodFailurePolicyRule {
            action: PodFailurePolicyAction::FailJob,
            on_exit_codes: Some(PodFailurePolicyOnExitCodesRequirement {
                container_name: None,
                operator: PodFailurePolicyOnExitCodesOperator::In,
                values: vec![42],
            }),
            on_pod_conditions: None,
        }),
        Just(PodFailurePolicyRule {
            action: PodFailurePolicyAction::Ignore,
            on_exit_codes: None,
            on_pod_conditions: Some(vec![PodFailurePolicyOnPodConditionsPattern {
                type_: PodConditionType::DisruptionTarget,
                status: Some(ConditionStatus::True),
            }]),
        }),
        Just(PodFailurePolicyRule {
            action: PodFailurePolicyAction::Count,
            on_exit_codes: Some(PodFailurePolicyOnExitCodesRequirement {
                container_name: None,
                operator: PodFailurePolicyOnExitCodesOperator::NotIn,
                values: vec![0, 3],
            }),
            on_pod_conditions: None,
        }),
        Just(PodFailurePolicyRule {
            action: if indexed_with_per_index {
                PodFailurePolicyAction::FailIndex
            } else {
                PodFailurePolicyAction::Ignore
            },
            on_exit_codes: Some(PodFailurePolicyOnExitCodesRequirement {
                container_name: Some("main".to_string()),
                operator: PodFailurePolicyOnExitCodesOperator::In,
                values: vec![3],
            }),
            on_pod_conditions: None,
        }),
    ];
    proptest::option::of(
        proptest::collection::vec(rule, 1..4).prop_map(|rules| PodFailurePolicy { rules }),
    )
}

/// A valid, defaulted Job (any mode and policy) with a consistent status.
pub fn job() -> impl Strategy<Value = Job> {
    (
        any::<bool>(),                   // indexed
        proptest::option::of(0i32..8),   // completions
        0i32..6,                         // parallelism
        0i32..4,                         // backoffLimit
        proptest::option::of(0i32..3),   // backoffLimitPerIndex
        any::<bool>(),                   // suspend
        proptest::option::of(1i64..400), // activeDeadlineSeconds
        any::<bool>(),                   // podReplacementPolicy Failed
        any::<bool>(),                   // started
        any::<bool>(),                   // success policy
    )
        .prop_flat_map(
            |(
                indexed,
                completions,
                parallelism,
                backoff,
                per_index,
                suspend,
                deadline,
                rp_failed,
                started,
                sp,
            )| {
                let completions = if indexed {
                    Some(completions.unwrap_or(1).max(1))
                } else {
                    completions
                };
                let per_index = if indexed { per_index } else { None };
                (
                    pod_failure_policy(per_index.is_some()),
                    Just((
                        indexed,
                        completions,
                        parallelism,
                        backoff,
                        per_index,
                        suspend,
                        deadline,
                        rp_failed,
                        started,
                        sp,
                    )),
                )
            },
        )
        .prop_map(
            |(
                pfp,
                (
                    indexed,
                    completions,
                    parallelism,
                    backoff,
                    per_index,
                    suspend,
                    deadline,
                    rp_failed,
                    started,
                    sp,
                ),
            )| {
                let mut template_spec = PodSpec {
                    restart_policy: Some(RestartPolicy::Never),
                    containers: vec![Container {
                        name: "main".into(),
                        image: Some("busybox".into()),
                        ..Default::default()
                    }],
                    ..Default::default()
                };
                if pfp.is_none() && !rp_failed && backoff % 2 == 1 {
                    template_spec.restart_policy = Some(RestartPolicy::OnFailure);
                }
                let success_policy = (indexed && sp).then(|| SuccessPolicy {
                    rules: vec![SuccessPolicyRule {
                        succeeded_indexes: Some("0".to_string()),
                        succeeded_count: None,
                    }],
                });
                let mut job = Job {
                    metadata: ObjectMeta {
                        name: Some("prop".into()),
                        namespace: Some("default".into()),
                        uid: Some(JOB_UID.into()),
                        creation_timestamp: Some(t0() - Duration::minutes(10)),
                        ..Default::default()
                    },
                    spec: JobSpec {
                        completions,
                        parallelism: Some(parallelism),
                        backoff_limit: Some(backoff),
                        backoff_limit_per_index: per_index,
                        max_failed_indexes: per_index.and(completions),
                        active_deadline_seconds: deadline,
                        suspend: Some(suspend),
                        completion_mode: Some(if indexed {
                            CompletionMode::Indexed
                        } else {
                            CompletionMode::NonIndexed
                        }),
                        pod_replacement_policy: Some(if rp_failed || pfp.is_some() {
                            PodReplacementPolicy::Failed
                        } else {
                            PodReplacementPolicy::TerminatingOrFailed
                        }),
                        pod_failure_policy: pfp,
                        success_policy,
                        template: PodTemplateSpec {
                            metadata: ObjectMeta {
                                labels: Some(labels().into()),
                                ..Default::default()
                            },
                            spec: template_spec.into(),
                        },
                        ..Default::default()
                    }
                    .into(),
                    status: Some(JobStatus {
                        start_time: (started && !suspend).then(|| t0() - Duration::minutes(5)),
                        ..Default::default()
                    }),
                    ..Default::default()
                };
                default_job(&mut job);
                job
            },
        )
}

/// Pods of `job` in any phase, with or without finalizers, ready, deleting,
/// disrupted, with indexes in and out of range.
pub fn pods(job: &Job) -> impl Strategy<Value = Vec<Pod>> {
    let job = job.clone();
    let completions = job.spec.completions.unwrap_or(1).max(1);
    let indexed = job.spec.is_indexed();
    // Pods carry the template's labels, which hold the generated selector's.
    let template_labels = job
        .spec
        .template
        .metadata
        .labels
        .clone()
        .unwrap_or_default();
    let pod = (
        0u8..5,                 // phase
        any::<bool>(),          // ready
        0u8..8,                 // deleting (1 in 8)
        any::<bool>(),          // finalizer
        -1i32..completions + 1, // index (-1: none)
        prop_oneof![Just(0), Just(1), Just(3), Just(42), Just(137)],
        0i32..3,   // restarts
        0i64..600, // age in seconds
        0u8..6,    // disruption (1 in 6)
    );
    proptest::collection::vec(pod, 0..10).prop_map(move |specs| {
        specs
            .into_iter()
            .enumerate()
            .map(
                |(
                    i,
                    (phase, ready, deleting, finalizer, index, exit, restarts, age, disrupted),
                )| {
                    let phase = [
                        PodPhase::Pending,
                        PodPhase::Running,
                        PodPhase::Succeeded,
                        PodPhase::Failed,
                        PodPhase::Running,
                    ][phase as usize]
                        .clone();
                    let created = t0() - Duration::seconds(age);
                    let finished = matches!(phase, PodPhase::Succeeded | PodPhase::Failed);
                    let mut labels = template_labels.clone();
                    let mut annotations = BTreeMap::new();
                    if indexed && index >= 0 {
                        annotations.insert(JOB_COMPLETION_INDEX.to_string(), index.to_string());
                        std::sync::Arc::make_mut(&mut labels)
                            .insert(JOB_COMPLETION_INDEX.to_string(), index.to_string());
                    }
                    let mut conditions = vec![PodCondition {
                        type_: PodConditionType::Ready,
                        status: if ready && phase == PodPhase::Running {
                            ConditionStatus::True
                        } else {
                            ConditionStatus::False
                        },
                        last_probe_time: None,
                        last_transition_time: Some(created + Duration::seconds(2)),
                        reason: None,
                        message: None,
                    }];
                    if disrupted == 0 {
                        conditions.push(PodCondition {
                            type_: PodConditionType::DisruptionTarget,
                            status: ConditionStatus::True,
                            last_probe_time: None,
                            last_transition_time: Some(created + Duration::seconds(5)),
                            reason: Some("PreemptionByScheduler".into()),
                            message: None,
                        });
                    }
                    Pod {
                        metadata: ObjectMeta {
                            name: Some(format!("prop-{i}")),
                            namespace: Some("default".into()),
                            uid: Some(format!("pod-uid-{i}")),
                            creation_timestamp: Some(created),
                            deletion_timestamp: (deleting == 0)
                                .then(|| t0() - Duration::seconds(1)),
                            deletion_grace_period_seconds: (deleting == 0).then_some(30),
                            labels: Some(labels),
                            annotations: Some(annotations.into()),
                            owner_references: Some(
                                vec![OwnerReference {
                                    api_version: "batch/v1".into(),
                                    kind: "Job".into(),
                                    name: "prop".into(),
                                    uid: JOB_UID.into(),
                                    controller: Some(true),
                                    block_owner_deletion: Some(true),
                                }]
                                .into(),
                            ),
                            finalizers: finalizer.then(|| vec![JOB_TRACKING_FINALIZER.to_string()]),
                            ..Default::default()
                        },
                        spec: job.spec.template.spec.clone(),
                        status: Some(PodStatus {
                            phase: Some(phase.clone()),
                            conditions: Some(conditions),
                            container_statuses: Some(vec![ContainerStatus {
                                name: "main".into(),
                                restart_count: restarts,
                                state: Some(ContainerState {
                                    terminated: finished.then(|| ContainerStateTerminated {
                                        exit_code: if phase == PodPhase::Succeeded {
                                            0
                                        } else {
                                            exit.max(1)
                                        },
                                        finished_at: Some(created + Duration::seconds(age / 2)),
                                        ..Default::default()
                                    }),
                                    ..Default::default()
                                }),
                                ..Default::default()
                            }]),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }
                },
            )
            .collect()
    })
}

/// Choices for a Job's starting status (see `job_check::set_status`).
#[derive(Debug, Clone)]
pub struct StatusChoice {
    /// 0..=6: none, Complete, Failed, FailureTarget, SuccessCriteriaMet, Suspended, Resumed.
    pub conditions: u8,
    /// succeeded, failed, active, ready, terminating.
    pub counters: (i32, i32, i32, i32, i32),
    pub completed_mask: u16,
    pub failed_mask: Option<u16>,
    pub uncounted_mask: u16,
    pub gone_uncounted: bool,
    /// The Job is being deleted.
    pub deleting: bool,
}

/// Starting statuses: mostly unfinished, some finished or with an interim condition.
pub fn status_choice() -> impl Strategy<Value = StatusChoice> {
    (
        prop_oneof![4 => Just(0u8), 1 => 1u8..7],
        (0i32..4, 0i32..4, 0i32..4, 0i32..4, 0i32..3),
        any::<u16>(),
        proptest::option::of(any::<u16>()),
        any::<u16>(),
        proptest::bool::weighted(0.1),
        proptest::bool::weighted(0.15),
    )
        .prop_map(
            |(
                conditions,
                (s, f, a, r, t),
                completed_mask,
                failed_mask,
                uncounted_mask,
                gone,
                deleting,
            )| {
                StatusChoice {
                    conditions,
                    counters: (s, f, a, r.min(a), t),
                    completed_mask,
                    failed_mask,
                    uncounted_mask,
                    gone_uncounted: gone,
                    deleting,
                }
            },
        )
}

/// Choices for controller memory (see `job_check::memory`).
#[derive(Debug, Clone)]
pub struct MemoryChoice {
    /// add, del, age in seconds.
    pub expectations: Option<(i64, i64, i64)>,
    /// Pods (by position) whose finalizer removal is in flight.
    pub rm_mask: u16,
    /// Failures since the last success, age of the last failure in seconds.
    pub backoff: Option<(i32, i64)>,
}

/// Controller memory: usually empty, sometimes with outstanding expectations,
/// finalizer removals in flight or a backoff record.
pub fn memory_choice() -> impl Strategy<Value = MemoryChoice> {
    (
        proptest::option::weighted(0.25, (0i64..3, 0i64..2, 0i64..400)),
        prop_oneof![3 => Just(0u16), 1 => any::<u16>()],
        proptest::option::weighted(0.3, (0i32..5, 0i64..700)),
    )
        .prop_map(|(expectations, rm_mask, backoff)| MemoryChoice {
            expectations,
            rm_mask,
            backoff,
        })
}

/// A sync time: up to 15 minutes after [`t0`].
pub fn now() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..900).prop_map(|s| t0() + Duration::seconds(s))
}

/// Masks of failing creates, deletes, finalizer patches and status writes
/// (bit i: the i-th such call fails) and the error-kind selector; half the
/// time nothing fails.
pub fn failure_masks() -> impl Strategy<Value = (u32, u32, u32, u32, u8)> {
    prop_oneof![
        Just((0, 0, 0, 0, 0)),
        (
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            any::<u8>()
        ),
    ]
}
