//! Stand-ins for the pure helpers the `job-units` branch provides
//! (`indexes`, `pod_failure_policy`, `success_policy`, `backoff`,
//! `active_pods_order`). Kept minimal and crate-private; the sync switches to
//! the real modules once they land.

use std::cmp::Ordering;
use std::fmt;

use chrono::{DateTime, Duration, Utc};

use crate::api::{
    ConditionStatus, Job, Pod, PodConditionType, PodFailurePolicy, PodFailurePolicyAction,
    PodFailurePolicyOnExitCodesOperator, PodPhase, RestartPolicy, SuccessPolicy,
    JOB_COMPLETION_INDEX, JOB_INDEX_FAILURE_COUNT, JOB_INDEX_IGNORED_FAILURE_COUNT,
};

/// Go's zero `time.Time` (0001-01-01T00:00:00Z), in Unix seconds.
const GO_ZERO_UNIX: i64 = -62_135_596_800;

/// Go's zero time.
pub(crate) fn go_zero_time() -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(GO_ZERO_UNIX, 0).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// `time.Time.IsZero`.
pub(crate) fn is_zero_time(t: &DateTime<Utc>) -> bool {
    t.timestamp() == GO_ZERO_UNIX && t.timestamp_subsec_nanos() == 0
}

/// One closed interval of indexes (`interval`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Interval {
    pub first: i64,
    pub last: i64,
}

/// Sorted, disjoint, non-adjacent intervals (`orderedIntervals`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct OrderedIntervals(pub Vec<Interval>);

impl OrderedIntervals {
    /// `parseIndexesFromString`.
    pub fn parse(s: &str, completions: i64) -> Self {
        let mut out: Vec<Interval> = Vec::new();
        if s.is_empty() {
            return OrderedIntervals(out);
        }
        for part in s.split(',') {
            let mut limits = part.split('-');
            let Some(Ok(first)) = limits.next().map(str::parse::<i64>) else {
                continue;
            };
            if first >= completions {
                break;
            }
            let last = match limits.next() {
                Some(l) => match l.parse::<i64>() {
                    Ok(l) => l.min(completions - 1),
                    Err(_) => continue,
                },
                None => first,
            };
            match out.last_mut() {
                Some(prev) if prev.last == first - 1 => prev.last = last,
                _ => out.push(Interval { first, last }),
            }
        }
        OrderedIntervals(out)
    }

    /// `withOrderedIndexes`: add indexes given in increasing order.
    pub fn with_ordered_indexes(&self, new: &[i64]) -> Self {
        let other: Vec<Interval> = new
            .iter()
            .map(|&i| Interval { first: i, last: i })
            .collect();
        self.merge(&OrderedIntervals(other))
    }

    /// `merge`.
    pub fn merge(&self, other: &Self) -> Self {
        let (a, b) = (&self.0, &other.0);
        let mut out: Vec<Interval> = Vec::with_capacity(a.len() + b.len());
        let mut push = |iv: Interval| match out.last_mut() {
            Some(l) if iv.first <= l.last + 1 => {
                if l.last < iv.last {
                    l.last = iv.last;
                }
            }
            _ => out.push(iv),
        };
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            if a[i].first < b[j].first {
                push(a[i]);
                i += 1;
            } else {
                push(b[j]);
                j += 1;
            }
        }
        a[i..].iter().for_each(|&iv| push(iv));
        b[j..].iter().for_each(|&iv| push(iv));
        OrderedIntervals(out)
    }

    /// `total`.
    pub fn total(&self) -> i64 {
        self.0.iter().map(|iv| iv.last - iv.first + 1).sum()
    }

    /// `has`.
    pub fn has(&self, ix: i64) -> bool {
        let pos = self.0.partition_point(|iv| iv.last < ix);
        pos < self.0.len() && self.0[pos].first <= ix
    }
}

impl fmt::Display for OrderedIntervals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, iv) in self.0.iter().enumerate() {
            if n > 0 {
                f.write_str(",")?;
            }
            write!(f, "{}", iv.first)?;
            if iv.last > iv.first {
                let sep = if iv.last == iv.first + 1 { "," } else { "-" };
                write!(f, "{sep}{}", iv.last)?;
            }
        }
        Ok(())
    }
}

/// `getCompletionIndex`: the pod's completion index, if valid.
pub(crate) fn completion_index(pod: &Pod) -> Option<i64> {
    let v = pod.metadata.annotation(JOB_COMPLETION_INDEX)?;
    v.parse::<i64>().ok().filter(|i| *i >= 0)
}

fn parse_count_annotation(pod: &Pod, key: &str) -> i32 {
    pod.metadata
        .annotation(key)
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|v| (0..=i64::from(i32::MAX)).contains(v))
        .map_or(0, |v| v as i32)
}

/// `getIndexFailureCount`.
pub(crate) fn index_failure_count(pod: &Pod) -> i32 {
    parse_count_annotation(pod, JOB_INDEX_FAILURE_COUNT)
}

/// `parseIndexFailureIgnoreCountAnnotation`.
pub(crate) fn index_ignored_failure_count(pod: &Pod) -> i32 {
    parse_count_annotation(pod, JOB_INDEX_IGNORED_FAILURE_COUNT)
}

/// `getIndexAbsoluteFailureCount`.
pub(crate) fn index_absolute_failure_count(pod: &Pod) -> i32 {
    index_failure_count(pod).saturating_add(index_ignored_failure_count(pod))
}

/// The result of `matchPodFailurePolicy`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PolicyMatch {
    pub fail_job_message: Option<String>,
    pub count_failed: bool,
    pub action: Option<PodFailurePolicyAction>,
}

/// `matchPodFailurePolicy`.
pub(crate) fn match_pod_failure_policy(policy: &PodFailurePolicy, pod: &Pod) -> PolicyMatch {
    let namespace = pod.metadata.namespace();
    let name = pod.metadata.name();
    let status = pod.status.as_ref();
    for (index, rule) in policy.rules.iter().enumerate() {
        let matched: Option<String> = if let Some(req) = &rule.on_exit_codes {
            let lists = status
                .into_iter()
                .flat_map(|s| {
                    [
                        s.container_statuses.as_ref(),
                        s.init_container_statuses.as_ref(),
                    ]
                })
                .flatten();
            let mut found = None;
            'lists: for list in lists {
                for cs in list {
                    let Some(term) = cs.state.as_ref().and_then(|s| s.terminated.as_ref()) else {
                        continue;
                    };
                    if req.container_name.as_ref().is_some_and(|n| *n != cs.name) {
                        continue;
                    }
                    if term.exit_code == 0 {
                        continue;
                    }
                    let in_values = req.values.contains(&term.exit_code);
                    let ok = match req.operator {
                        PodFailurePolicyOnExitCodesOperator::In => in_values,
                        PodFailurePolicyOnExitCodesOperator::NotIn => !in_values,
                        PodFailurePolicyOnExitCodesOperator::Other(_) => false,
                    };
                    if ok {
                        found = Some(format!(
                            "Container {} for pod {namespace}/{name} failed with exit code {} matching {} rule at index {index}",
                            cs.name, term.exit_code, rule.action
                        ));
                        break 'lists;
                    }
                }
            }
            found
        } else if let Some(patterns) = &rule.on_pod_conditions {
            let conds = status.and_then(|s| s.conditions.as_ref());
            conds.into_iter().flatten().find_map(|c| {
                patterns
                    .iter()
                    .any(|p| {
                        p.type_ == c.type_
                            && p.status.as_ref().unwrap_or(&ConditionStatus::True) == &c.status
                    })
                    .then(|| {
                        format!(
                            "Pod {namespace}/{name} has condition {} matching {} rule at index {index}",
                            c.type_, rule.action
                        )
                    })
            })
        } else {
            None
        };
        let Some(message) = matched else { continue };
        match &rule.action {
            PodFailurePolicyAction::Ignore => {
                return PolicyMatch {
                    fail_job_message: None,
                    count_failed: false,
                    action: Some(rule.action.clone()),
                }
            }
            PodFailurePolicyAction::Count | PodFailurePolicyAction::FailIndex => {
                return PolicyMatch {
                    fail_job_message: None,
                    count_failed: true,
                    action: Some(rule.action.clone()),
                }
            }
            PodFailurePolicyAction::FailJob => {
                return PolicyMatch {
                    fail_job_message: Some(message),
                    count_failed: true,
                    action: Some(rule.action.clone()),
                }
            }
            PodFailurePolicyAction::Other(_) => {}
        }
    }
    PolicyMatch {
        fail_job_message: None,
        count_failed: true,
        action: None,
    }
}

/// `matchSuccessPolicy`: the message when a rule is met.
pub(crate) fn match_success_policy(
    policy: Option<&SuccessPolicy>,
    completions: i64,
    succeeded: &OrderedIntervals,
) -> Option<String> {
    let policy = policy?;
    if succeeded.0.is_empty() {
        return None;
    }
    for (index, rule) in policy.rules.iter().enumerate() {
        if let Some(ixs) = &rule.succeeded_indexes {
            let required = OrderedIntervals::parse(ixs, completions);
            if required.0.is_empty() {
                continue;
            }
            let mut contains = 0i64;
            let (mut r, mut s) = (0, 0);
            while r < required.0.len() && s < succeeded.0.len() {
                let (ri, si) = (required.0[r], succeeded.0[s]);
                let overlap = ri.last.min(si.last) - ri.first.max(si.first) + 1;
                if overlap > 0 {
                    contains += overlap;
                }
                match si.last.cmp(&ri.last) {
                    Ordering::Less => s += 1,
                    Ordering::Greater => r += 1,
                    Ordering::Equal => {
                        s += 1;
                        r += 1;
                    }
                }
            }
            if contains == required.total()
                || rule
                    .succeeded_count
                    .is_some_and(|c| contains >= i64::from(c))
            {
                return Some(format!("Matched rules at index {index}"));
            }
        } else if let Some(c) = rule.succeeded_count {
            if succeeded.total() >= i64::from(c) {
                return Some(format!("Matched rules at index {index}"));
            }
        }
    }
    None
}

/// `getFinishedTime`.
pub(crate) fn finished_time(pod: &Pod) -> DateTime<Utc> {
    if let Some(t) = finish_time_from_containers(pod) {
        return t;
    }
    if let Some(c) = pod.condition(&PodConditionType::Ready) {
        if c.status == ConditionStatus::False {
            if let Some(t) = c.last_transition_time.filter(|t| !is_zero_time(t)) {
                return t;
            }
        }
    }
    if let Some(d) = pod.metadata.deletion_timestamp {
        let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(0);
        return d - Duration::seconds(grace);
    }
    pod.metadata.creation_timestamp.unwrap_or_else(go_zero_time)
}

fn finish_time_from_containers(pod: &Pod) -> Option<DateTime<Utc>> {
    let status = pod.status.as_ref();
    let mut latest: Option<DateTime<Utc>> = None;
    let regular = status
        .and_then(|s| s.container_statuses.as_deref())
        .unwrap_or(&[]);
    for cs in regular {
        let t = cs
            .state
            .as_ref()
            .and_then(|s| s.terminated.as_ref())
            .and_then(|t| t.finished_at)
            .filter(|t| !is_zero_time(t))?;
        if latest.is_none_or(|l| l < t) {
            latest = Some(t);
        }
    }
    let sidecars: Vec<&str> = pod
        .spec
        .init_containers
        .iter()
        .flatten()
        .filter(|c| c.restart_policy == Some(RestartPolicy::Always))
        .map(|c| c.name.as_str())
        .collect();
    let init = status
        .and_then(|s| s.init_container_statuses.as_deref())
        .unwrap_or(&[]);
    for cs in init {
        if !sidecars.contains(&cs.name.as_str()) {
            continue;
        }
        let t = cs
            .state
            .as_ref()
            .and_then(|s| s.terminated.as_ref())
            .and_then(|t| t.finished_at)
            .filter(|t| !is_zero_time(t))?;
        if latest.is_none_or(|l| l < t) {
            latest = Some(t);
        }
    }
    latest
}

/// `DefaultJobPodFailureBackOff`.
pub(crate) const DEFAULT_BACKOFF_SECONDS: i64 = 10;
/// `MaxJobPodFailureBackOff`.
pub(crate) const MAX_BACKOFF_SECONDS: i64 = 600;

/// `getRemainingTimeForFailuresCount`.
pub(crate) fn remaining_time_for_failures(
    now: DateTime<Utc>,
    base: Duration,
    max: Duration,
    failures: i32,
    last_failure: Option<DateTime<Utc>>,
) -> Duration {
    let Some(last) = last_failure else {
        return Duration::zero();
    };
    if failures <= 0 {
        return Duration::zero();
    }
    let mut backoff = base;
    for _ in 1..failures {
        backoff = backoff * 2;
        if backoff >= max {
            backoff = max;
            break;
        }
    }
    let elapsed = now - last;
    if backoff < elapsed {
        Duration::zero()
    } else {
        backoff - elapsed
    }
}

/// `getRemainingTimePerIndex`.
pub(crate) fn remaining_time_per_index(
    now: DateTime<Utc>,
    base: Duration,
    max: Duration,
    last_failed: Option<&Pod>,
) -> Duration {
    let Some(pod) = last_failed else {
        return Duration::zero();
    };
    let failures = index_absolute_failure_count(pod).saturating_add(1);
    remaining_time_for_failures(now, base, max, failures, Some(finished_time(pod)))
}

/// `getNewIndexFailureCounts`: failure and ignored-failure counts for a
/// replacement of `replaced`.
pub(crate) fn new_index_failure_counts(job: &Job, replaced: Option<&Pod>) -> (i32, i32) {
    let Some(pod) = replaced else { return (0, 0) };
    let mut failures = index_failure_count(pod);
    let mut ignored = index_ignored_failure_count(pod);
    let counted = job
        .spec
        .pod_failure_policy
        .as_ref()
        .is_none_or(|p| match_pod_failure_policy(p, pod).count_failed);
    if counted {
        failures = failures.saturating_add(1);
    } else {
        ignored = ignored.saturating_add(1);
    }
    (failures, ignored)
}

/// `podGenerateNameWithIndex`.
pub(crate) fn pod_generate_name_with_index(job_name: &str, index: i64) -> String {
    const MAX_GENERATED_NAME_LENGTH: usize = 58;
    let suffix = format!("-{index}-");
    let prefix = format!("{job_name}{suffix}");
    if prefix.len() > MAX_GENERATED_NAME_LENGTH {
        let keep = MAX_GENERATED_NAME_LENGTH - suffix.len();
        let mut cut = keep.min(job_name.len());
        while !job_name.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}{suffix}", &job_name[..cut])
    } else {
        prefix
    }
}

fn phase_ordinal(pod: &Pod) -> u8 {
    match pod.phase() {
        Some(PodPhase::Unknown) => 1,
        Some(PodPhase::Running) => 2,
        _ => 0,
    }
}

fn node_name(pod: &Pod) -> &str {
    pod.spec
        .extra
        .get("nodeName")
        .and_then(|v| v.as_str())
        .unwrap_or("")
}

fn ready_time(pod: &Pod) -> DateTime<Utc> {
    pod.condition(&PodConditionType::Ready)
        .and_then(|c| c.last_transition_time)
        .unwrap_or_else(go_zero_time)
}

fn max_restarts(pod: &Pod) -> i32 {
    pod.status
        .as_ref()
        .and_then(|s| s.container_statuses.as_ref())
        .into_iter()
        .flatten()
        .map(|c| c.restart_count)
        .max()
        .unwrap_or(0)
        .max(0)
}

/// `afterOrZero`.
fn after_or_zero(a: &DateTime<Utc>, b: &DateTime<Utc>) -> bool {
    if is_zero_time(a) || is_zero_time(b) {
        return is_zero_time(a);
    }
    a > b
}

/// `controller.ActivePods` Less: the pod to delete first sorts first.
pub(crate) fn active_pods_order(a: &Pod, b: &Pod) -> Ordering {
    let less = |x: &Pod, y: &Pod| -> bool {
        let (nx, ny) = (node_name(x), node_name(y));
        if nx != ny && (nx.is_empty() || ny.is_empty()) {
            return nx.is_empty();
        }
        let (px, py) = (phase_ordinal(x), phase_ordinal(y));
        if px != py {
            return px < py;
        }
        let (rx, ry) = (x.is_ready(), y.is_ready());
        if rx != ry {
            return !rx;
        }
        if rx && ry {
            let (tx, ty) = (ready_time(x), ready_time(y));
            if tx != ty {
                return after_or_zero(&tx, &ty);
            }
        }
        let (cx, cy) = (max_restarts(x), max_restarts(y));
        if cx != cy {
            return cx > cy;
        }
        let zero = go_zero_time();
        let tx = x.metadata.creation_timestamp.unwrap_or(zero);
        let ty = y.metadata.creation_timestamp.unwrap_or(zero);
        if tx != ty {
            return after_or_zero(&tx, &ty);
        }
        false
    };
    if less(a, b) {
        Ordering::Less
    } else if less(b, a) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_print_runs_of_two_with_a_comma() {
        let iv = OrderedIntervals::default().with_ordered_indexes(&[1, 3, 4, 5, 7, 8]);
        assert_eq!(iv.to_string(), "1,3-5,7,8");
        assert_eq!(iv.total(), 6);
        assert!(iv.has(4) && !iv.has(6));
        assert_eq!(OrderedIntervals::parse("0-2,3,9", 5).to_string(), "0-3");
    }
}
