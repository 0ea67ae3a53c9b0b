//! Matching a failed pod against `spec.podFailurePolicy` (upstream
//! `pkg/controller/job/pod_failure_policy.go`).

use crate::api::{
    ConditionStatus, ContainerStatus, Pod, PodCondition, PodFailurePolicy, PodFailurePolicyAction,
    PodFailurePolicyOnExitCodesOperator, PodFailurePolicyOnExitCodesRequirement,
    PodFailurePolicyOnPodConditionsPattern, PodStatus,
};

/// Upstream `batch.JobReasonPodFailurePolicy`: the reason of the FailureTarget
/// / Failed condition set by a FailJob rule.
pub const JOB_REASON_POD_FAILURE_POLICY: &str = "PodFailurePolicy";

/// What the pod failure policy says about one failed pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodFailurePolicyMatch {
    /// The Job failure message, set when a FailJob rule matched.
    pub job_failure_message: Option<String>,
    /// Whether the failure counts towards `backoffLimit` (and
    /// `backoffLimitPerIndex`); false only for an Ignore rule.
    pub count_failed: bool,
    /// The action of the matching rule; `None` when no rule matched.
    pub action: Option<PodFailurePolicyAction>,
}

impl PodFailurePolicyMatch {
    const NO_MATCH: PodFailurePolicyMatch = PodFailurePolicyMatch {
        job_failure_message: None,
        count_failed: true,
        action: None,
    };
}

/// `matchPodFailurePolicy`: the first rule (in order) matching the failed pod
/// decides; rules with an unknown action or operator are skipped.
pub fn match_pod_failure_policy(
    policy: Option<&PodFailurePolicy>,
    failed_pod: &Pod,
) -> PodFailurePolicyMatch {
    let Some(policy) = policy else {
        return PodFailurePolicyMatch::NO_MATCH;
    };
    let status = failed_pod.status.as_ref();
    for (index, rule) in policy.rules.iter().enumerate() {
        let matched = if let Some(on_exit_codes) = &rule.on_exit_codes {
            status
                .and_then(|s| match_on_exit_codes(s, on_exit_codes))
                .map(Matched::Container)
        } else if let Some(patterns) = &rule.on_pod_conditions {
            status
                .and_then(|s| match_on_pod_conditions(s, patterns))
                .map(Matched::Condition)
        } else {
            None
        };
        let Some(matched) = matched else {
            continue;
        };
        match &rule.action {
            PodFailurePolicyAction::Ignore => {
                return PodFailurePolicyMatch {
                    job_failure_message: None,
                    count_failed: false,
                    action: Some(PodFailurePolicyAction::Ignore),
                }
            }
            PodFailurePolicyAction::FailIndex | PodFailurePolicyAction::Count => {
                return PodFailurePolicyMatch {
                    job_failure_message: None,
                    count_failed: true,
                    action: Some(rule.action.clone()),
                }
            }
            PodFailurePolicyAction::FailJob => {
                return PodFailurePolicyMatch {
                    job_failure_message: Some(matched.fail_job_message(failed_pod, index)),
                    count_failed: true,
                    action: Some(PodFailurePolicyAction::FailJob),
                }
            }
            // Upstream's switch has no case for it: the next rule is tried.
            PodFailurePolicyAction::Other(_) => {}
        }
    }
    PodFailurePolicyMatch::NO_MATCH
}

/// What made a rule match.
enum Matched<'a> {
    Container(&'a ContainerStatus),
    Condition(&'a PodCondition),
}

impl Matched<'_> {
    /// The FailJob messages of `matchPodFailurePolicy`.
    fn fail_job_message(&self, pod: &Pod, index: usize) -> String {
        let (ns, name) = (pod.metadata.namespace(), pod.metadata.name());
        match self {
            Matched::Container(c) => format!(
                "Container {} for pod {ns}/{name} failed with exit code {} matching FailJob rule at index {index}",
                c.name,
                terminated_exit_code(c)
            ),
            Matched::Condition(c) => format!(
                "Pod {ns}/{name} has condition {} matching FailJob rule at index {index}",
                c.type_
            ),
        }
    }
}

fn terminated_exit_code(status: &ContainerStatus) -> i32 {
    status
        .state
        .as_ref()
        .and_then(|s| s.terminated.as_ref())
        .map_or(0, |t| t.exit_code)
}

/// `matchOnExitCodes`: a terminated, non-zero container (regular ones first,
/// then init containers) whose exit code satisfies the requirement.
fn match_on_exit_codes<'a>(
    status: &'a PodStatus,
    requirement: &PodFailurePolicyOnExitCodesRequirement,
) -> Option<&'a ContainerStatus> {
    let find = |list: &'a Option<Vec<ContainerStatus>>| {
        list.as_deref()?.iter().find(|cs| {
            let Some(terminated) = cs.state.as_ref().and_then(|s| s.terminated.as_ref()) else {
                return false;
            };
            requirement
                .container_name
                .as_ref()
                .is_none_or(|name| *name == cs.name)
                && terminated.exit_code != 0
                && exit_code_matches(terminated.exit_code, requirement)
        })
    };
    find(&status.container_statuses).or_else(|| find(&status.init_container_statuses))
}

/// `isOnExitCodesOperatorMatching`; an unknown operator matches nothing.
fn exit_code_matches(exit_code: i32, requirement: &PodFailurePolicyOnExitCodesRequirement) -> bool {
    match requirement.operator {
        PodFailurePolicyOnExitCodesOperator::In => requirement.values.contains(&exit_code),
        PodFailurePolicyOnExitCodesOperator::NotIn => !requirement.values.contains(&exit_code),
        PodFailurePolicyOnExitCodesOperator::Other(_) => false,
    }
}

/// `matchOnPodConditions`: the first pod condition (in the pod's order) equal
/// in type and status to some pattern. A pattern without status means `True`,
/// as the API server defaults it.
fn match_on_pod_conditions<'a>(
    status: &'a PodStatus,
    patterns: &[PodFailurePolicyOnPodConditionsPattern],
) -> Option<&'a PodCondition> {
    status.conditions.as_deref()?.iter().find(|c| {
        patterns.iter().any(|p| {
            p.type_ == c.type_ && *p.status.as_ref().unwrap_or(&ConditionStatus::True) == c.status
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::PodFailurePolicyRule;

    fn pod(json: serde_json::Value) -> Pod {
        serde_json::from_value(json).expect("test pod")
    }

    #[test]
    fn container_name_restricts_the_match() {
        let policy = PodFailurePolicy {
            rules: vec![PodFailurePolicyRule {
                action: PodFailurePolicyAction::FailJob,
                on_exit_codes: Some(PodFailurePolicyOnExitCodesRequirement {
                    container_name: Some("b".into()),
                    operator: PodFailurePolicyOnExitCodesOperator::In,
                    values: vec![3],
                }),
                on_pod_conditions: None,
            }],
        };
        let p = pod(serde_json::json!({
            "metadata": {"namespace": "ns", "name": "p"},
            "status": {"phase": "Failed", "containerStatuses": [
                {"name": "a", "state": {"terminated": {"exitCode": 3}}},
                {"name": "b", "state": {"terminated": {"exitCode": 3}}}
            ]}
        }));
        let m = match_pod_failure_policy(Some(&policy), &p);
        assert_eq!(
            m.job_failure_message.as_deref(),
            Some(
                "Container b for pod ns/p failed with exit code 3 matching FailJob rule at index 0"
            )
        );
    }

    #[test]
    fn init_container_matches_after_regular_ones() {
        let policy = PodFailurePolicy {
            rules: vec![PodFailurePolicyRule {
                action: PodFailurePolicyAction::FailJob,
                on_exit_codes: Some(PodFailurePolicyOnExitCodesRequirement {
                    container_name: None,
                    operator: PodFailurePolicyOnExitCodesOperator::NotIn,
                    values: vec![],
                }),
                on_pod_conditions: None,
            }],
        };
        let p = pod(serde_json::json!({
            "metadata": {"namespace": "ns", "name": "p"},
            "status": {"phase": "Failed",
                "initContainerStatuses": [{"name": "init", "state": {"terminated": {"exitCode": 7}}}],
                "containerStatuses": [{"name": "main", "state": {"waiting": {}}}]}
        }));
        let m = match_pod_failure_policy(Some(&policy), &p);
        assert!(m
            .job_failure_message
            .as_deref()
            .is_some_and(|s| s.starts_with("Container init for pod ns/p failed with exit code 7")));
    }
}
