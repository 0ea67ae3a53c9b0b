//! Completion-index bookkeeping of Indexed Jobs (upstream
//! `pkg/controller/job/indexed_job_utils.go`): interval lists as stored in
//! `status.completedIndexes` / `status.failedIndexes`, the index of a pod,
//! per-index failure counts and the choice of pods to create or delete.
//!
//! Indexes are `i64` because upstream parses them into Go's 64-bit `int`: an
//! annotation such as `"4294967296"` is a valid but out-of-range index there,
//! not an unknown one.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use crate::api::{
    Job, Pod, PodFailurePolicyAction, PodPhase, PodReplacementPolicy, JOB_COMPLETION_INDEX,
    JOB_INDEX_FAILURE_COUNT, JOB_INDEX_IGNORED_FAILURE_COUNT, JOB_TRACKING_FINALIZER,
};

use super::active_pods_order::sort_active_pods;
use super::backoff::get_finished_time;
use super::pod_failure_policy::match_pod_failure_policy;

/// Upstream `names.MaxGeneratedNameLength`: longest `generateName` prefix kept.
pub const MAX_GENERATED_NAME_LENGTH: usize = 63 - 5;

/// A closed range of completion indexes (upstream `interval`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Interval {
    pub first: i64,
    pub last: i64,
}

impl Interval {
    /// The interval `[first, last]`.
    pub fn new(first: i64, last: i64) -> Self {
        Interval { first, last }
    }
}

/// Sorted, non-adjacent intervals of completion indexes (upstream `orderedIntervals`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct OrderedIntervals(Vec<Interval>);

impl OrderedIntervals {
    /// No indexes.
    pub fn new() -> Self {
        OrderedIntervals(Vec::new())
    }

    /// Wraps intervals that are already ordered, as upstream's literal lists.
    pub fn from_intervals(intervals: Vec<Interval>) -> Self {
        OrderedIntervals(intervals)
    }

    /// `parseIndexesFromString`: reads `"1,3-5,7"`, dropping corrupted pieces and
    /// everything from the first interval starting at or after `completions`.
    pub fn parse(indexes: &str, completions: i32) -> Self {
        let completions = i64::from(completions);
        let mut result: Vec<Interval> = Vec::new();
        if indexes.is_empty() {
            return OrderedIntervals(result);
        }
        for piece in indexes.split(',') {
            let mut limits = piece.split('-');
            let Some(first) = limits.next().and_then(parse_go_int) else {
                continue;
            };
            if first >= completions {
                break;
            }
            let last = match limits.next() {
                // Go's strings.Split keeps pieces past the second; only [1] is read.
                Some(last) => match parse_go_int(last) {
                    Some(last) => last.min(completions - 1),
                    None => continue,
                },
                None => first,
            };
            match result.last_mut() {
                Some(prev) if prev.last == first - 1 => prev.last = last,
                _ => result.push(Interval { first, last }),
            }
        }
        OrderedIntervals(result)
    }

    /// The intervals, in order.
    pub fn as_slice(&self) -> &[Interval] {
        &self.0
    }

    /// Whether there is no interval.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `orderedIntervals.total`: how many indexes the intervals hold.
    pub fn total(&self) -> i64 {
        self.0.iter().map(|iv| iv.last - iv.first + 1).sum()
    }

    /// `orderedIntervals.has`: whether `ix` is in some interval (binary search).
    pub fn has(&self, ix: i64) -> bool {
        let pos = self.0.partition_point(|iv| iv.last < ix);
        self.0.get(pos).is_some_and(|iv| iv.first <= ix)
    }

    /// `orderedIntervals.withOrderedIndexes`: these intervals plus `new_indexes`
    /// (increasing), merging runs.
    pub fn with_ordered_indexes(&self, new_indexes: &[i64]) -> Self {
        let mut result = Vec::with_capacity(self.0.len() + new_indexes.len());
        let (mut i, mut j) = (0, 0);
        while i < self.0.len() && j < new_indexes.len() {
            if self.0[i].first < new_indexes[j] {
                push_or_merge(&mut result, self.0[i]);
                i += 1;
            } else {
                push_or_merge(&mut result, Interval::new(new_indexes[j], new_indexes[j]));
                j += 1;
            }
        }
        for iv in &self.0[i..] {
            push_or_merge(&mut result, *iv);
        }
        for &ix in &new_indexes[j..] {
            push_or_merge(&mut result, Interval::new(ix, ix));
        }
        OrderedIntervals(result)
    }

    /// `orderedIntervals.merge`: the union with `other`.
    pub fn merge(&self, other: &OrderedIntervals) -> Self {
        let mut result = Vec::with_capacity(self.0.len() + other.0.len());
        let (mut i, mut j) = (0, 0);
        while i < self.0.len() && j < other.0.len() {
            if self.0[i].first < other.0[j].first {
                push_or_merge(&mut result, self.0[i]);
                i += 1;
            } else {
                push_or_merge(&mut result, other.0[j]);
                j += 1;
            }
        }
        for iv in self.0[i..].iter().chain(&other.0[j..]) {
            push_or_merge(&mut result, *iv);
        }
        OrderedIntervals(result)
    }
}

/// `appendOrMergeWithLastInterval` of `withOrderedIndexes` / `merge`.
fn push_or_merge(result: &mut Vec<Interval>, iv: Interval) {
    match result.last_mut() {
        Some(prev) if iv.first <= prev.last + 1 => {
            if prev.last < iv.last {
                prev.last = iv.last;
            }
        }
        _ => result.push(iv),
    }
}

/// `orderedIntervals.String`: `1,3-5,7,8` (a run of exactly two is `a,b`).
impl fmt::Display for OrderedIntervals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, iv) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{}", iv.first)?;
            if iv.last > iv.first {
                let sep = if iv.last == iv.first + 1 { ',' } else { '-' };
                write!(f, "{sep}{}", iv.last)?;
            }
        }
        Ok(())
    }
}

/// Go's `strconv.Atoi` on a 64-bit platform: optional sign, ASCII digits, no
/// spaces, in range.
fn parse_go_int(s: &str) -> Option<i64> {
    s.parse::<i64>().ok()
}

/// `getCompletionIndex`: the pod's `batch.kubernetes.io/job-completion-index`
/// annotation, `None` when missing, unparsable or negative.
pub fn get_completion_index(pod: &Pod) -> Option<i64> {
    pod.metadata
        .annotation(JOB_COMPLETION_INDEX)
        .and_then(parse_go_int)
        .filter(|ix| *ix >= 0)
}

/// `hasJobTrackingFinalizer`.
pub fn has_job_tracking_finalizer(pod: &Pod) -> bool {
    pod.metadata.has_finalizer(JOB_TRACKING_FINALIZER)
}

/// `hasBackoffLimitPerIndex`: `spec.backoffLimitPerIndex` is set.
pub fn has_backoff_limit_per_index(job: &Job) -> bool {
    job.spec.backoff_limit_per_index.is_some()
}

/// `onlyReplaceFailedPods`: `podReplacementPolicy: Failed`, or a pod failure policy.
pub fn only_replace_failed_pods(job: &Job) -> bool {
    job.spec.pod_replacement_policy == Some(PodReplacementPolicy::Failed)
        || job.spec.pod_failure_policy.is_some()
}

/// `isPodFailed`: Failed, or (unless only failed pods are replaced) being
/// deleted without having succeeded.
pub fn is_pod_failed(pod: &Pod, job: &Job) -> bool {
    match pod.phase() {
        Some(PodPhase::Failed) => true,
        _ if only_replace_failed_pods(job) => false,
        phase => pod.metadata.deletion_timestamp.is_some() && phase != Some(&PodPhase::Succeeded),
    }
}

/// `controller.IsPodActive`: neither Succeeded nor Failed, and not being deleted.
pub fn is_pod_active(pod: &Pod) -> bool {
    !matches!(
        pod.phase(),
        Some(PodPhase::Succeeded) | Some(PodPhase::Failed)
    ) && pod.metadata.deletion_timestamp.is_none()
}

/// `controller.IsPodTerminating`: being deleted and not yet Succeeded or Failed.
pub fn is_pod_terminating(pod: &Pod) -> bool {
    !matches!(
        pod.phase(),
        Some(PodPhase::Succeeded) | Some(PodPhase::Failed)
    ) && pod.metadata.deletion_timestamp.is_some()
}

/// `calculateSucceededIndexes`: the intervals of `status.completedIndexes`
/// (previous) and those plus the indexes of succeeded pods that still carry
/// the tracking finalizer (new).
pub fn calculate_succeeded_indexes<'a>(
    job: &Job,
    pods: impl IntoIterator<Item = &'a Pod>,
) -> (OrderedIntervals, OrderedIntervals) {
    let completions = job.spec.completions.unwrap_or(0);
    let prev = OrderedIntervals::parse(
        job.status().completed_indexes.as_deref().unwrap_or(""),
        completions,
    );
    let new_succeeded = sorted_unique(pods.into_iter().filter_map(|p| {
        if p.phase() != Some(&PodPhase::Succeeded) || !has_job_tracking_finalizer(p) {
            return None;
        }
        get_completion_index(p).filter(|ix| *ix < i64::from(completions))
    }));
    let result = prev.with_ordered_indexes(&new_succeeded);
    (prev, result)
}

/// `calculateFailedIndexes`: `status.failedIndexes` plus the indexes of pods,
/// still carrying the tracking finalizer, whose failure fails their index.
pub fn calculate_failed_indexes<'a>(
    job: &Job,
    pods: impl IntoIterator<Item = &'a Pod>,
) -> OrderedIntervals {
    let completions = job.spec.completions.unwrap_or(0);
    let prev = match &job.status().failed_indexes {
        Some(s) => OrderedIntervals::parse(s, completions),
        None => OrderedIntervals::new(),
    };
    let new_failed = sorted_unique(pods.into_iter().filter_map(|p| {
        let ix = get_completion_index(p).filter(|ix| *ix < i64::from(completions))?;
        (has_job_tracking_finalizer(p) && is_index_failed(job, p)).then_some(ix)
    }));
    prev.with_ordered_indexes(&new_failed)
}

/// `isIndexFailed`: the pod's failure fails its index, by a FailIndex rule or
/// by a counted failure reaching `backoffLimitPerIndex`.
pub fn is_index_failed(job: &Job, pod: &Pod) -> bool {
    if !is_pod_failed(pod, job) {
        return false;
    }
    let counted = match &job.spec.pod_failure_policy {
        Some(policy) => {
            let matched = match_pod_failure_policy(Some(policy), pod);
            if matched.action == Some(PodFailurePolicyAction::FailIndex) {
                return true;
            }
            matched.count_failed
        }
        None => true,
    };
    // Upstream only calls this with backoffLimitPerIndex set.
    counted
        && job
            .spec
            .backoff_limit_per_index
            .is_some_and(|limit| get_index_failure_count(pod) >= limit)
}

/// `getIndexes` as a sorted, deduplicated list (for binary search).
pub fn get_indexes<'a>(pods: impl IntoIterator<Item = &'a Pod>) -> Vec<i64> {
    sorted_unique(pods.into_iter().filter_map(get_completion_index))
}

fn sorted_unique(it: impl Iterator<Item = i64>) -> Vec<i64> {
    let mut v: Vec<i64> = it.collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// `firstPendingIndexes`: the lowest `count` indexes below `completions` that
/// are not active, succeeded or failed, nor held by a terminating pod when
/// only failed pods are replaced ([`only_replace_failed_pods`]).
///
/// `pods` are all the Job's pods, `active_pods` the active ones.
pub fn first_pending_indexes<'a>(
    job: &Job,
    pods: impl IntoIterator<Item = &'a Pod>,
    active_pods: impl IntoIterator<Item = &'a Pod>,
    succeeded_indexes: &OrderedIntervals,
    failed_indexes: Option<&OrderedIntervals>,
    count: usize,
    completions: i32,
) -> Vec<i64> {
    if count == 0 {
        return Vec::new();
    }
    let completions = i64::from(completions);
    let mut non_pending = succeeded_indexes.with_ordered_indexes(&get_indexes(active_pods));
    if only_replace_failed_pods(job) {
        let terminating = get_indexes(pods.into_iter().filter(|p| is_pod_terminating(p)));
        non_pending = non_pending.with_ordered_indexes(&terminating);
    }
    if let Some(failed) = failed_indexes {
        non_pending = non_pending.merge(failed);
    }
    let mut result = Vec::with_capacity(count.min(usize::try_from(completions).unwrap_or(0)));
    let mut candidate: i64 = 0;
    for iv in non_pending.as_slice() {
        while candidate < completions && result.len() < count && candidate < iv.first {
            result.push(candidate);
            candidate += 1;
        }
        if candidate < iv.last + 1 {
            candidate = iv.last + 1;
        }
    }
    while candidate < completions && result.len() < count {
        result.push(candidate);
        candidate += 1;
    }
    result
}

/// `appendDuplicatedIndexPodsForRemoval`: splits active `pods` into those to
/// delete (no index, out of range, or all but the last of a repeated index
/// in [`sort_active_pods`] order) appended to `rm`, and the rest appended to `left`.
///
/// Sorts are stable, as Go's `sort.Sort` is on up to 12 elements; beyond that
/// upstream's tie order depends on its cache's listing order anyway.
pub fn append_duplicated_index_pods_for_removal<'a>(
    rm: &mut Vec<&'a Pod>,
    left: &mut Vec<&'a Pod>,
    pods: &mut [&'a Pod],
    completions: i32,
) {
    pods.sort_by_cached_key(|p| get_completion_index(p));
    let completions = i64::from(completions);
    let mut last_index: Option<i64> = None;
    let mut first_repeat = 0;
    let mut looped = 0;
    for i in 0..pods.len() {
        let ix = get_completion_index(pods[i]);
        if ix.is_some_and(|ix| ix >= completions) {
            rm.extend_from_slice(&pods[i..]);
            break;
        }
        if ix != last_index {
            split_same_index_pods(rm, left, &mut pods[first_repeat..i], last_index);
            first_repeat = i;
            last_index = ix;
        }
        looped += 1;
    }
    split_same_index_pods(rm, left, &mut pods[first_repeat..looped], last_index);
}

/// `appendPodsWithSameIndexForRemovalAndRemaining`.
fn split_same_index_pods<'a>(
    rm: &mut Vec<&'a Pod>,
    left: &mut Vec<&'a Pod>,
    pods: &mut [&'a Pod],
    ix: Option<i64>,
) {
    if ix.is_none() {
        rm.extend_from_slice(pods);
        return;
    }
    match pods.len() {
        0 => {}
        1 => left.push(pods[0]),
        n => {
            sort_active_pods(pods);
            rm.extend_from_slice(&pods[..n - 1]);
            left.push(pods[n - 1]);
        }
    }
}

/// `getPodsWithDelayedDeletionPerIndex`: per index, the failed pod whose
/// finalizer stays until its replacement exists (so the replacement can copy
/// its failure count). Only indexes that are not succeeded, failed or active
/// qualify; among several failed pods the one with the highest absolute
/// failure count, then the latest finish, wins.
///
/// `pods` and `active_pods` are the Job's pods and its active ones;
/// `finalizer_removal_expected` tells upstream's `expectedRmFinalizers`.
pub fn get_pods_with_delayed_deletion_per_index<'a>(
    job: &Job,
    pods: impl IntoIterator<Item = &'a Pod>,
    active_pods: impl IntoIterator<Item = &'a Pod>,
    succeeded_indexes: &OrderedIntervals,
    failed_indexes: &OrderedIntervals,
    finalizer_removal_expected: impl Fn(&Pod) -> bool,
) -> BTreeMap<i64, &'a Pod> {
    let active_indexes = get_indexes(active_pods);
    let completions = i64::from(job.spec.completions.unwrap_or(0));
    let mut result: BTreeMap<i64, &'a Pod> = BTreeMap::new();
    for p in pods {
        // getValidPodsWithFilter with no uncounted set.
        if !has_job_tracking_finalizer(p) || finalizer_removal_expected(p) {
            continue;
        }
        let Some(ix) = get_completion_index(p).filter(|ix| *ix < completions) else {
            continue;
        };
        if !is_pod_failed(p, job)
            || succeeded_indexes.has(ix)
            || failed_indexes.has(ix)
            || active_indexes.binary_search(&ix).is_ok()
        {
            continue;
        }
        match result.get(&ix) {
            Some(prev)
                if !(get_index_absolute_failure_count(prev)
                    <= get_index_absolute_failure_count(p)
                    && get_finished_time(p) >= get_finished_time(prev)) => {}
            _ => {
                result.insert(ix, p);
            }
        }
    }
    result
}

/// `addIndexFailureCountAnnotation`: writes the failure-count annotations of
/// the pod replacing `pod_being_replaced` into a new pod's annotations (the
/// ignored count only when positive).
pub fn add_index_failure_count_annotation(
    annotations: &mut BTreeMap<String, String>,
    job: &Job,
    pod_being_replaced: Option<&Pod>,
) {
    let (failures, ignored) = get_new_index_failure_counts(job, pod_being_replaced);
    annotations.insert(JOB_INDEX_FAILURE_COUNT.to_string(), failures.to_string());
    if ignored > 0 {
        annotations.insert(
            JOB_INDEX_IGNORED_FAILURE_COUNT.to_string(),
            ignored.to_string(),
        );
    }
}

/// `getNewIndexFailureCounts`: the `(failure count, ignored failure count)`
/// annotations for the pod replacing `pod_being_replaced` (`None`: first pod).
pub fn get_new_index_failure_counts(job: &Job, pod_being_replaced: Option<&Pod>) -> (i32, i32) {
    let Some(pod) = pod_being_replaced else {
        return (0, 0);
    };
    let mut failures = get_index_failure_count(pod);
    let mut ignored = get_index_ignored_failure_count(pod);
    let counted = match &job.spec.pod_failure_policy {
        Some(policy) => match_pod_failure_policy(Some(policy), pod).count_failed,
        None => true,
    };
    // Saturating: upstream's int32 would wrap past MaxInt32.
    if counted {
        failures = failures.saturating_add(1);
    } else {
        ignored = ignored.saturating_add(1);
    }
    (failures, ignored)
}

/// `getIndexFailureCount`: the `batch.kubernetes.io/job-index-failure-count`
/// annotation; 0 when missing, unparsable, negative or above `i32::MAX`.
pub fn get_index_failure_count(pod: &Pod) -> i32 {
    parse_count_annotation(pod, JOB_INDEX_FAILURE_COUNT)
}

/// `parseIndexFailureIgnoreCountAnnotation`: the
/// `batch.kubernetes.io/job-index-ignored-failure-count` annotation, 0 if invalid.
pub fn get_index_ignored_failure_count(pod: &Pod) -> i32 {
    parse_count_annotation(pod, JOB_INDEX_IGNORED_FAILURE_COUNT)
}

/// `getIndexAbsoluteFailureCount`: counted plus ignored failures of the index.
pub fn get_index_absolute_failure_count(pod: &Pod) -> i32 {
    get_index_failure_count(pod).saturating_add(get_index_ignored_failure_count(pod))
}

/// `parseInt32`.
fn parse_count_annotation(pod: &Pod, key: &str) -> i32 {
    pod.metadata
        .annotation(key)
        .and_then(parse_go_int)
        .and_then(|v| i32::try_from(v).ok())
        .filter(|v| *v >= 0)
        .unwrap_or(0)
}

/// `podGenerateNameWithIndex`: `<job>-<index>-`, the job name cut so the prefix
/// fits [`MAX_GENERATED_NAME_LENGTH`].
pub fn pod_generate_name_with_index(job_name: &str, index: i64) -> String {
    let suffix = format!("-{index}-");
    let keep = if job_name.len() + suffix.len() > MAX_GENERATED_NAME_LENGTH {
        // Go slices bytes; stay on a char boundary so we never split UTF-8.
        let mut keep = MAX_GENERATED_NAME_LENGTH.saturating_sub(suffix.len());
        while !job_name.is_char_boundary(keep) {
            keep -= 1;
        }
        keep
    } else {
        job_name.len()
    };
    let mut name = String::with_capacity(keep + suffix.len());
    name.push_str(&job_name[..keep]);
    name.push_str(&suffix);
    name
}

/// `byCompletionIndex.Less`, as an ordering (unknown indexes first).
pub fn compare_completion_index(a: &Pod, b: &Pod) -> Ordering {
    get_completion_index(a).cmp(&get_completion_index(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ivs(pairs: &[(i64, i64)]) -> OrderedIntervals {
        OrderedIntervals::from_intervals(pairs.iter().map(|&(a, b)| Interval::new(a, b)).collect())
    }

    #[test]
    fn interval_string_round_trip() {
        for s in ["", "0", "0,1", "0-2", "1,3-5,7,8", "4,5,7-9", "0-9"] {
            let parsed = OrderedIntervals::parse(s, 100);
            assert_eq!(parsed.to_string(), s, "round trip of {s:?}");
        }
        assert_eq!(ivs(&[(0, 1)]).to_string(), "0,1");
        assert_eq!(ivs(&[(4, 5), (7, 9)]).to_string(), "4,5,7-9");
    }

    #[test]
    fn parse_merges_adjacent_and_clamps() {
        assert_eq!(
            OrderedIntervals::parse("0,1,2,4-5,6", 100),
            ivs(&[(0, 2), (4, 6)])
        );
        assert_eq!(OrderedIntervals::parse("1-8,12", 5), ivs(&[(1, 4)]));
        assert_eq!(
            OrderedIntervals::parse("x,2,3-y,7", 10),
            ivs(&[(2, 2), (7, 7)])
        );
    }

    #[test]
    fn merge_is_union() {
        let a = ivs(&[(0, 1), (5, 6)]);
        let b = ivs(&[(2, 3), (9, 9)]);
        assert_eq!(a.merge(&b), ivs(&[(0, 3), (5, 6), (9, 9)]));
        assert_eq!(a.merge(&b).total(), 7);
    }

    fn pod(json: serde_json::Value) -> Pod {
        serde_json::from_value(json).expect("test pod")
    }

    fn job(json: serde_json::Value) -> Job {
        serde_json::from_value(json).expect("test job")
    }

    #[test]
    fn terminating_pods_hold_their_index_only_when_failed_pods_are_replaced() {
        let terminating = pod(serde_json::json!({
            "metadata": {"deletionTimestamp": "2026-01-01T00:00:00Z",
                "annotations": {JOB_COMPLETION_INDEX: "0"}},
            "status": {"phase": "Running"}
        }));
        let pods = [terminating];
        let none = OrderedIntervals::new();
        let replace_failed = job(serde_json::json!({"spec": {"podReplacementPolicy": "Failed"}}));
        let replace_terminating =
            job(serde_json::json!({"spec": {"podReplacementPolicy": "TerminatingOrFailed"}}));
        let first = |j: &Job| first_pending_indexes(j, &pods, [], &none, None, 2, 3);
        assert_eq!(first(&replace_failed), vec![1, 2]);
        assert_eq!(first(&replace_terminating), vec![0, 1]);
    }

    #[test]
    fn replacement_annotations_carry_counts() {
        let failed = pod(serde_json::json!({
            "metadata": {"annotations": {JOB_INDEX_FAILURE_COUNT: "2",
                JOB_INDEX_IGNORED_FAILURE_COUNT: "1"}},
            "status": {"phase": "Failed"}
        }));
        let mut annotations = BTreeMap::new();
        add_index_failure_count_annotation(&mut annotations, &Job::default(), Some(&failed));
        assert_eq!(
            annotations.get(JOB_INDEX_FAILURE_COUNT).map(String::as_str),
            Some("3")
        );
        assert_eq!(
            annotations
                .get(JOB_INDEX_IGNORED_FAILURE_COUNT)
                .map(String::as_str),
            Some("1")
        );
        let mut first = BTreeMap::new();
        add_index_failure_count_annotation(&mut first, &Job::default(), None);
        assert_eq!(
            first.get(JOB_INDEX_FAILURE_COUNT).map(String::as_str),
            Some("0")
        );
        assert!(!first.contains_key(JOB_INDEX_IGNORED_FAILURE_COUNT));
    }

    #[test]
    fn out_of_range_pods_are_removed_before_the_last_group_is_split() {
        let p = |name: &str, ix: &str, phase: &str| {
            pod(serde_json::json!({
                "metadata": {"name": name, "annotations": {JOB_COMPLETION_INDEX: ix}},
                "status": {"phase": phase}
            }))
        };
        let pods = [
            p("big", "9", "Running"),
            p("one-a", "1", "Running"),
            p("one-b", "1", "Pending"),
        ];
        let mut refs: Vec<&Pod> = pods.iter().collect();
        let (mut rm, mut left) = (Vec::new(), Vec::new());
        append_duplicated_index_pods_for_removal(&mut rm, &mut left, &mut refs, 3);
        let names = |v: &[&Pod]| {
            v.iter()
                .map(|p| p.metadata.name().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&rm), ["big", "one-b"]);
        assert_eq!(names(&left), ["one-a"]);
    }

    #[test]
    fn generate_name_never_splits_a_char() {
        let name = "é".repeat(40);
        let got = pod_generate_name_with_index(&name, 3);
        assert!(got.len() <= MAX_GENERATED_NAME_LENGTH);
        assert!(got.ends_with("-3-"));
    }
}
