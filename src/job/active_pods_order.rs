//! The order in which surplus active pods are deleted (upstream
//! `controller.ActivePods` in `pkg/controller/controller_utils.go`).
//!
//! Smaller sorts first, i.e. is deleted first: unassigned before assigned,
//! Pending before Unknown before Running, not ready before ready, ready for
//! less time first, more restarts first (regular containers, then sidecars),
//! newer first.

use std::cmp::{Ordering, Reverse};

use chrono::{DateTime, Utc};

use crate::api::{ConditionStatus, Pod, PodConditionType, PodPhase, RestartPolicy};

use super::backoff::is_zero_time;

/// The sort key of one pod under `ActivePods.Less`; compare keys instead of
/// pods to avoid rescanning conditions (e.g. with `sort_by_cached_key`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ActivePodsKey {
    assigned: bool,
    phase_ordinal: u8,
    ready: bool,
    /// For ready pods: zero time first, then the latest-ready first.
    ready_since: (bool, Reverse<Option<DateTime<Utc>>>),
    restarts: Reverse<i32>,
    /// Max restarts of restartable init containers, compared on a tie of `restarts`.
    sidecar_restarts: Reverse<i32>,
    /// Zero time first, then the newest first.
    created: (bool, Reverse<Option<DateTime<Utc>>>),
}

impl ActivePodsKey {
    /// The key of `pod`.
    pub fn of(pod: &Pod) -> Self {
        let assigned = pod.spec.node_name.as_deref().is_some_and(|n| !n.is_empty());
        // Upstream's podPhaseToOrdinal map: any other phase reads as 0.
        let phase_ordinal = match pod.phase() {
            Some(PodPhase::Unknown) => 1,
            Some(PodPhase::Running) => 2,
            _ => 0,
        };
        let ready_condition = pod
            .condition(&PodConditionType::Ready)
            .filter(|c| c.status == ConditionStatus::True);
        let ready = ready_condition.is_some();
        let ready_since = match ready_condition {
            Some(c) => zero_first_then_latest(c.last_transition_time.as_ref()),
            None => (false, Reverse(None)),
        };
        let status = pod.status.as_ref();
        let restarts = status
            .and_then(|s| s.container_statuses.as_deref())
            .unwrap_or(&[])
            .iter()
            .map(|c| c.restart_count)
            .fold(0, i32::max);
        // Mirrors upstream compareMaxContainerRestarts/maxContainerRestarts (PR #124952): sidecar restarts break a regular tie.
        let init_containers = pod.spec.init_containers.as_deref().unwrap_or(&[]);
        let is_sidecar = |name: &str| {
            init_containers
                .iter()
                .any(|c| c.name == name && c.restart_policy == Some(RestartPolicy::Always))
        };
        let sidecar_restarts = status
            .and_then(|s| s.init_container_statuses.as_deref())
            .unwrap_or(&[])
            .iter()
            .filter(|c| is_sidecar(&c.name))
            .map(|c| c.restart_count)
            .fold(0, i32::max);
        ActivePodsKey {
            assigned,
            phase_ordinal,
            ready,
            ready_since,
            restarts: Reverse(restarts),
            sidecar_restarts: Reverse(sidecar_restarts),
            created: zero_first_then_latest(pod.metadata.creation_timestamp.as_ref()),
        }
    }
}

/// `afterOrZero` as a key: a zero time sorts first, then later times first.
fn zero_first_then_latest(t: Option<&DateTime<Utc>>) -> (bool, Reverse<Option<DateTime<Utc>>>) {
    if is_zero_time(t) {
        (false, Reverse(None))
    } else {
        (true, Reverse(t.copied()))
    }
}

/// `ActivePods.Less` as an ordering, for `sort_by`: `Less` means `a` is
/// deleted before `b`.
pub fn compare_active_pods(a: &Pod, b: &Pod) -> Ordering {
    ActivePodsKey::of(a).cmp(&ActivePodsKey::of(b))
}

/// `sort.Sort(controller.ActivePods(pods))`, computing each pod's key once.
///
/// Stable: ties keep their input order. Upstream's sort is unstable, but its
/// input comes from an informer cache in no fixed order, so ties have no
/// upstream order to reproduce.
pub fn sort_active_pods(pods: &mut [&Pod]) {
    pods.sort_by_cached_key(|p| ActivePodsKey::of(p));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(json: serde_json::Value) -> Pod {
        serde_json::from_value(json).expect("test pod")
    }

    #[test]
    fn each_rule_decides_in_turn() {
        let unassigned = pod(serde_json::json!({"status": {"phase": "Running"}}));
        let pending =
            pod(serde_json::json!({"spec": {"nodeName": "n"}, "status": {"phase": "Pending"}}));
        let unknown =
            pod(serde_json::json!({"spec": {"nodeName": "n"}, "status": {"phase": "Unknown"}}));
        let running =
            pod(serde_json::json!({"spec": {"nodeName": "n"}, "status": {"phase": "Running"}}));
        let ready = |since: &str, restarts: i32, created: &str| {
            pod(serde_json::json!({
                "metadata": {"creationTimestamp": created},
                "spec": {"nodeName": "n"},
                "status": {"phase": "Running",
                    "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": since}],
                    "containerStatuses": [{"restartCount": restarts}]}
            }))
        };
        let ready_late = ready("2026-01-02T00:00:00Z", 0, "2025-01-01T00:00:00Z");
        let ready_early_many_restarts = ready("2026-01-01T00:00:00Z", 5, "2025-01-01T00:00:00Z");
        let ready_early_new = ready("2026-01-01T00:00:00Z", 1, "2025-06-01T00:00:00Z");
        let ready_early_old = ready("2026-01-01T00:00:00Z", 1, "2025-01-01T00:00:00Z");
        let chain = [
            &unassigned,
            &pending,
            &unknown,
            &running,
            &ready_late,
            &ready_early_many_restarts,
            &ready_early_new,
            &ready_early_old,
        ];
        for w in chain.windows(2) {
            assert_eq!(
                compare_active_pods(w[0], w[1]),
                Ordering::Less,
                "{:?} < {:?}",
                w[0].status,
                w[1].status
            );
            assert_eq!(compare_active_pods(w[1], w[0]), Ordering::Greater);
        }
        let mut shuffled = vec![
            chain[5], chain[0], chain[7], chain[2], chain[6], chain[1], chain[4], chain[3],
        ];
        shuffled.sort_by(|a, b| compare_active_pods(a, b));
        assert_eq!(shuffled, chain.to_vec());
    }

    #[test]
    fn two_assigned_pods_on_different_nodes_tie_on_assignment() {
        let a = pod(serde_json::json!({"spec": {"nodeName": "a"}, "status": {"phase": "Running"}}));
        let b = pod(serde_json::json!({"spec": {"nodeName": "b"}, "status": {"phase": "Running"}}));
        assert_eq!(compare_active_pods(&a, &b), Ordering::Equal);
    }

    #[test]
    fn sidecar_restarts_break_a_tie_of_regular_restarts() {
        let with = |regular: i32, sidecar: i32, policy: Option<&str>| {
            let mut init = serde_json::json!({"name": "side"});
            if let Some(p) = policy {
                init["restartPolicy"] = serde_json::json!(p);
            }
            pod(serde_json::json!({
                "spec": {"nodeName": "n", "initContainers": [init]},
                "status": {"phase": "Running",
                    "containerStatuses": [{"name": "main", "restartCount": regular}],
                    "initContainerStatuses": [{"name": "side", "restartCount": sidecar}]}
            }))
        };
        // More sidecar restarts sorts first when regular restarts tie.
        assert_eq!(
            compare_active_pods(&with(1, 5, Some("Always")), &with(1, 2, Some("Always"))),
            Ordering::Less
        );
        // Regular restarts decide before sidecar restarts.
        assert_eq!(
            compare_active_pods(&with(2, 0, Some("Always")), &with(1, 9, Some("Always"))),
            Ordering::Less
        );
        // A plain init container's restarts do not count.
        assert_eq!(
            compare_active_pods(&with(1, 5, None), &with(1, 0, None)),
            Ordering::Equal
        );
    }
}
