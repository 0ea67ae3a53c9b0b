//! Pod recreation backoff after failures (upstream
//! `pkg/controller/job/backoff_utils.go`).
//!
//! Upstream keeps one record per Job in an in-memory store; here the record is
//! a value the caller keeps and passes back in, so the library stays sans-IO.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::api::{ConditionStatus, ContainerStatus, Pod, PodConditionType, RestartPolicy};

use super::indexes::get_index_absolute_failure_count;

/// Upstream `DefaultJobPodFailureBackOff`: the delay after the first failure.
pub const DEFAULT_JOB_POD_FAILURE_BACKOFF: Duration = Duration::from_secs(10);
/// Upstream `MaxJobPodFailureBackOff`: the longest delay.
pub const MAX_JOB_POD_FAILURE_BACKOFF: Duration = Duration::from_secs(600);

pub use crate::gotime::{go_zero_time, is_zero_time};

/// Upstream `backoffRecord`: failures since the last success and when the
/// last of them happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BackoffRecord {
    pub failures_after_last_success: i32,
    pub last_failure_time: Option<DateTime<Utc>>,
}

impl BackoffRecord {
    /// `backoffStore.newBackoffRecord`: the record after the newly finished
    /// pods (`previous` is the stored record, `None` when there is none).
    pub fn new_backoff_record(
        previous: Option<&BackoffRecord>,
        new_succeeded_pods: &[&Pod],
        new_failed_pods: &[&Pod],
    ) -> BackoffRecord {
        let mut record = previous.copied().unwrap_or_default();
        let last_success = new_succeeded_pods
            .iter()
            .map(|p| get_finished_time(p))
            .max();
        let Some(last_success) = last_success else {
            if new_failed_pods.is_empty() {
                return record;
            }
            record.failures_after_last_success = record
                .failures_after_last_success
                .saturating_add(saturating_i32(new_failed_pods.len()));
            record.last_failure_time = new_failed_pods.iter().map(|p| get_finished_time(p)).max();
            return record;
        };
        // A success resets the count; failures finishing strictly after the
        // last success count again.
        record.failures_after_last_success = 0;
        record.last_failure_time = None;
        for p in new_failed_pods {
            let failed = get_finished_time(p);
            if failed > last_success {
                record.failures_after_last_success =
                    record.failures_after_last_success.saturating_add(1);
                if record.last_failure_time.is_none_or(|t| failed > t) {
                    record.last_failure_time = Some(failed);
                }
            }
        }
        record
    }

    /// `backoffRecord.getRemainingTime`: how long pod creation still waits at `now`.
    pub fn get_remaining_time(
        &self,
        now: DateTime<Utc>,
        default_backoff: Duration,
        max_backoff: Duration,
    ) -> Duration {
        remaining_time_for_failures(
            now,
            default_backoff,
            max_backoff,
            self.failures_after_last_success,
            self.last_failure_time,
        )
    }
}

fn saturating_i32(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// `getRemainingTimePerIndex`: the wait before replacing the index's last
/// failed pod, from its absolute failure count (annotations + 1) and finish time.
pub fn get_remaining_time_per_index(
    now: DateTime<Utc>,
    default_backoff: Duration,
    max_backoff: Duration,
    last_failed_pod: Option<&Pod>,
) -> Duration {
    let Some(pod) = last_failed_pod else {
        return Duration::ZERO;
    };
    let failures = get_index_absolute_failure_count(pod).saturating_add(1);
    remaining_time_for_failures(
        now,
        default_backoff,
        max_backoff,
        failures,
        Some(get_finished_time(pod)),
    )
}

/// `getRemainingTimeForFailuresCount`: `default * 2^(failures-1)`, capped at
/// `max` once reached, minus the time since the last failure (never negative).
fn remaining_time_for_failures(
    now: DateTime<Utc>,
    default_backoff: Duration,
    max_backoff: Duration,
    failures: i32,
    last_failure_time: Option<DateTime<Utc>>,
) -> Duration {
    if failures == 0 {
        return Duration::ZERO;
    }
    let mut backoff = default_backoff;
    for _ in 1..failures {
        backoff = backoff.saturating_mul(2);
        if backoff >= max_backoff {
            backoff = max_backoff;
            break;
        }
    }
    // Upstream dereferences the time unconditionally; without one, wait fully.
    let Some(last) = last_failure_time else {
        return backoff;
    };
    let elapsed = now - last;
    match elapsed.to_std() {
        // A failure in the future (clock skew) makes the wait longer, as upstream.
        Err(_) => backoff.saturating_add((-elapsed).to_std().unwrap_or(Duration::ZERO)),
        Ok(elapsed) => backoff.saturating_sub(elapsed),
    }
}

/// `getFinishedTime`: when the pod finished — the latest container finish if
/// every container has one, else the Ready=False transition, else the
/// deletion timestamp minus the grace period, else the creation timestamp.
pub fn get_finished_time(pod: &Pod) -> DateTime<Utc> {
    if let Some(t) = finish_time_from_containers(pod) {
        return t;
    }
    if let Some(c) = pod.condition(&PodConditionType::Ready) {
        if c.status == ConditionStatus::False && !is_zero_time(c.last_transition_time.as_ref()) {
            if let Some(t) = c.last_transition_time {
                return t;
            }
        }
    }
    if let Some(deleted) = pod.metadata.deletion_timestamp {
        let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(0);
        return deleted - TimeDelta::try_seconds(grace).unwrap_or(TimeDelta::zero());
    }
    pod.metadata.creation_timestamp.unwrap_or_else(go_zero_time)
}

/// `getFinishTimeFromContainers`: regular containers, then sidecars (init
/// containers declared with `restartPolicy: Always`), which finish last.
fn finish_time_from_containers(pod: &Pod) -> Option<DateTime<Utc>> {
    let status = pod.status.as_ref();
    let regular = status
        .and_then(|s| s.container_statuses.as_deref())
        .unwrap_or(&[]);
    let finish = latest_finish_time(None, regular, |_| true);
    let init = status
        .and_then(|s| s.init_container_statuses.as_deref())
        .unwrap_or(&[]);
    let sidecars = pod.spec.init_containers.as_deref().unwrap_or(&[]);
    let is_sidecar = |cs: &ContainerStatus| {
        sidecars
            .iter()
            .any(|c| c.name == cs.name && c.restart_policy == Some(RestartPolicy::Always))
    };
    // As upstream, an unfinished regular container does not stop a finished
    // sidecar from giving the time.
    latest_finish_time(finish, init, is_sidecar)
}

/// `latestFinishTime`: the latest finish among the checked statuses and
/// `prev`; `None` as soon as a checked container has no finish time.
fn latest_finish_time(
    prev: Option<DateTime<Utc>>,
    statuses: &[ContainerStatus],
    check: impl Fn(&ContainerStatus) -> bool,
) -> Option<DateTime<Utc>> {
    let mut finish = prev;
    for cs in statuses.iter().filter(|cs| check(cs)) {
        let at = cs
            .state
            .as_ref()
            .and_then(|s| s.terminated.as_ref())
            .and_then(|t| t.finished_at)
            .filter(|t| !is_zero_time(Some(t)))?;
        if finish.is_none_or(|f| f < at) {
            finish = Some(at);
        }
    }
    finish
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(json: serde_json::Value) -> Pod {
        serde_json::from_value(json).expect("test pod")
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("test time")
            .with_timezone(&Utc)
    }

    #[test]
    fn only_declared_sidecars_extend_the_finish_time() {
        let status = serde_json::json!({
            "containerStatuses": [{"name": "main", "state": {"terminated": {"finishedAt": "2026-01-01T00:00:01Z"}}}],
            "initContainerStatuses": [
                {"name": "init", "state": {"terminated": {"finishedAt": "2026-01-01T00:00:05Z"}}},
                {"name": "side", "state": {"terminated": {"finishedAt": "2026-01-01T00:00:03Z"}}}
            ]
        });
        let no_spec = pod(serde_json::json!({"status": status}));
        assert_eq!(get_finished_time(&no_spec), at("2026-01-01T00:00:01Z"));
        let with_sidecar = pod(serde_json::json!({
            "spec": {"initContainers": [{"name": "init"}, {"name": "side", "restartPolicy": "Always"}]},
            "status": status
        }));
        assert_eq!(get_finished_time(&with_sidecar), at("2026-01-01T00:00:03Z"));
    }

    #[test]
    fn finished_sidecar_gives_the_time_when_a_regular_container_has_none() {
        let p = pod(serde_json::json!({
            "metadata": {"creationTimestamp": "2025-01-01T00:00:00Z"},
            "spec": {"initContainers": [{"name": "side", "restartPolicy": "Always"}]},
            "status": {
                "containerStatuses": [{"name": "main", "state": {"running": {}}}],
                "initContainerStatuses": [{"name": "side", "state": {"terminated": {"finishedAt": "2026-01-01T00:00:03Z"}}}]
            }
        }));
        assert_eq!(get_finished_time(&p), at("2026-01-01T00:00:03Z"));
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let failed = at("2026-01-01T00:00:00Z");
        let wait = |n| {
            BackoffRecord {
                failures_after_last_success: n,
                last_failure_time: Some(failed),
            }
            .get_remaining_time(
                failed,
                DEFAULT_JOB_POD_FAILURE_BACKOFF,
                MAX_JOB_POD_FAILURE_BACKOFF,
            )
            .as_secs()
        };
        assert_eq!(
            [wait(0), wait(1), wait(2), wait(6), wait(7), wait(1000)],
            [0, 10, 20, 320, 600, 600]
        );
    }
}
