//! What `manageJob` decides: how many pods the Job wants, which surplus pods
//! go (in `controller.ActivePods` order, Indexed duplicates and invalid
//! indexes first), which indexes come next, and the pods it creates.

use std::sync::Arc;

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::api::{
    Container, Job, ObjectMeta, OwnerReference, Pod, JOB_COMPLETION_INDEX, JOB_INDEX_FAILURE_COUNT,
    JOB_INDEX_IGNORED_FAILURE_COUNT, JOB_TRACKING_FINALIZER,
};

use super::active_pods_order::ActivePodsKey;
use super::backoff::{
    get_remaining_time_per_index, DEFAULT_JOB_POD_FAILURE_BACKOFF, MAX_JOB_POD_FAILURE_BACKOFF,
};
use super::counting::PodFacts;
use super::indexes::{pod_generate_name_with_index, OrderedIntervals};
use super::pods::Pods;

/// `MaxPodCreateDeletePerSync`.
pub const MAX_POD_CREATE_DELETE_PER_SYNC: usize = 500;

/// The wanted number of active pods (`manageJob`'s `wantActive`).
pub fn want_active(job: &Job, active: i32, succeeded: i32) -> i32 {
    let parallelism = job.spec.parallelism.unwrap_or(1);
    match job.spec.completions {
        // Without completions, once any pod succeeded whatever runs may finish.
        None => {
            if succeeded > 0 {
                active
            } else {
                parallelism
            }
        }
        Some(c) => c.saturating_sub(succeeded).min(parallelism).max(0),
    }
}

/// Whether every active pod has its own index in `[0, completions)`: then
/// `appendDuplicatedIndexPodsForRemoval` removes nothing and its sort can be
/// skipped. A bitmap over the indexes keeps this linear.
fn indexes_are_distinct_and_valid(facts: &[PodFacts], active: &[usize], job: &Job) -> bool {
    const MAX_BITMAP_INDEXES: i64 = 1 << 24;
    let completions = i64::from(job.spec.completions.unwrap_or(0));
    if completions > MAX_BITMAP_INDEXES || active.len() as i64 > completions {
        return false;
    }
    let mut seen = vec![0u64; (completions as usize).div_ceil(64)];
    for &f in active {
        let ix = facts[f].index;
        if ix < 0 || ix >= completions {
            return false;
        }
        let (word, bit) = ((ix / 64) as usize, 1u64 << (ix % 64));
        if seen[word] & bit != 0 {
            return false;
        }
        seen[word] |= bit;
    }
    true
}

/// `activePodsForRemoval`: positions in `facts` of the active pods to delete.
pub fn active_pods_for_removal(
    job: &Job,
    pods: Pods<'_>,
    facts: &[PodFacts],
    active: &[usize],
    rm_at_least: usize,
) -> Vec<usize> {
    if rm_at_least == 0 && !job.spec.is_indexed() {
        return Vec::new();
    }
    let pod = |f: usize| pods.at(facts[f].pod as usize);
    let mut rm: Vec<usize> = Vec::new();
    let mut left: Vec<usize>;
    if job.spec.is_indexed() && !indexes_are_distinct_and_valid(facts, active, job) {
        // appendDuplicatedIndexPodsForRemoval: invalid, duplicated and
        // out-of-range indexes go first.
        let completions = i64::from(job.spec.completions.unwrap_or(0));
        let mut by_index: Vec<usize> = active.to_vec();
        by_index.sort_by_key(|&f| facts[f].index);
        left = Vec::with_capacity(by_index.len());
        let mut start = 0;
        while start < by_index.len() {
            let ix = facts[by_index[start]].index;
            if ix >= completions {
                rm.extend_from_slice(&by_index[start..]);
                break;
            }
            let mut end = start + 1;
            while end < by_index.len() && facts[by_index[end]].index == ix {
                end += 1;
            }
            let group = &mut by_index[start..end];
            if ix < 0 {
                rm.extend_from_slice(group);
            } else if let [only] = group {
                left.push(*only);
            } else {
                group.sort_by_cached_key(|&a| ActivePodsKey::of(pod(a)));
                // All but the last in ActivePods order go.
                if let Some((last, rest)) = group.split_last() {
                    rm.extend_from_slice(rest);
                    left.push(*last);
                }
            }
            start = end;
        }
    } else {
        left = active.to_vec();
    }
    if rm.len() < rm_at_least {
        // Only the first `need` in ActivePods order are wanted: select, then
        // sort those. Ties keep input order, as a stable sort would.
        let need = (rm_at_least - rm.len()).min(left.len());
        let mut keyed: Vec<(ActivePodsKey, usize)> = left
            .iter()
            .map(|&f| (ActivePodsKey::of(pod(f)), f))
            .collect();
        if need < keyed.len() {
            keyed.select_nth_unstable(need);
        }
        let chosen = &mut keyed[..need];
        chosen.sort_unstable();
        rm.extend(chosen.iter().map(|&(_, f)| f));
    }
    rm
}

/// `firstPendingIndexes`: the `count` lowest indexes below `completions`
/// not active, succeeded, failed or (when only failed pods are replaced)
/// terminating. `busy` holds active and terminating indexes, sorted.
pub(crate) fn first_pending_indexes(
    succeeded: &OrderedIntervals,
    busy: &[i64],
    failed: Option<&OrderedIntervals>,
    count: usize,
    completions: i64,
) -> Vec<i64> {
    if count == 0 {
        return Vec::new();
    }
    let mut non_pending = succeeded.with_ordered_indexes(busy);
    if let Some(f) = failed {
        non_pending = non_pending.merge(f);
    }
    let mut out = Vec::with_capacity(count);
    let mut candidate = 0i64;
    for iv in non_pending.as_slice() {
        while candidate < completions && out.len() < count && candidate < iv.first {
            out.push(candidate);
            candidate += 1;
        }
        if candidate < iv.last + 1 {
            candidate = iv.last + 1;
        }
    }
    while candidate < completions && out.len() < count {
        out.push(candidate);
        candidate += 1;
    }
    out
}

/// Builds the pods `manageJob` creates from the Job's template.
#[derive(Debug, Clone)]
pub struct PodFactory {
    base: Pod,
    job_name: String,
}

/// `addCompletionIndexEnvVariable`: `JOB_COMPLETION_INDEX` from the index label.
fn add_completion_index_env(c: &mut Container) {
    let env = c
        .extra
        .to_mut()
        .entry("env".to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(list) = env {
        let present = list
            .iter()
            .any(|v| v.get("name").and_then(Value::as_str) == Some("JOB_COMPLETION_INDEX"));
        if !present {
            list.push(json!({
                "name": "JOB_COMPLETION_INDEX",
                "valueFrom": {"fieldRef": {"fieldPath": format!("metadata.labels['{JOB_COMPLETION_INDEX}']")}}
            }));
        }
    }
}

impl PodFactory {
    /// `GetPodFromTemplate` plus the tracking finalizer and, for Indexed Jobs,
    /// the index environment variable.
    pub fn new(job: &Job) -> Self {
        let t = &job.spec.template;
        let mut spec = t.spec.clone();
        if job.spec.is_indexed() {
            let spec = Arc::make_mut(&mut spec);
            for c in spec.init_containers.iter_mut().flatten() {
                add_completion_index_env(c);
            }
            for c in &mut spec.containers {
                add_completion_index_env(c);
            }
        }
        let mut finalizers = t.metadata.finalizers.clone().unwrap_or_default();
        if !finalizers.iter().any(|f| f == JOB_TRACKING_FINALIZER) {
            finalizers.push(JOB_TRACKING_FINALIZER.to_string());
        }
        let name = job.metadata.name().to_string();
        let base = Pod {
            api_version: "v1".into(),
            kind: "Pod".into(),
            metadata: ObjectMeta {
                generate_name: Some(format!("{name}-")),
                namespace: job.metadata.namespace.clone(),
                labels: t.metadata.labels.clone(),
                annotations: t.metadata.annotations.clone(),
                finalizers: Some(finalizers),
                owner_references: Some(Arc::new(vec![OwnerReference {
                    api_version: "batch/v1".to_string(),
                    kind: "Job".to_string(),
                    name: name.clone(),
                    uid: job.metadata.uid().to_string(),
                    controller: Some(true),
                    block_owner_deletion: Some(true),
                }])),
                ..ObjectMeta::default()
            },
            spec,
            status: None,
        };
        PodFactory {
            base,
            job_name: name,
        }
    }

    /// A pod to create; `index` and the index failure counts
    /// (`addIndexFailureCountAnnotation`) for Indexed Jobs. It has no name,
    /// only upstream's generateName (`<job>-`, or `<job>-<index>-`): the API
    /// server names it.
    pub fn build(&self, index: Option<i64>, failure_counts: Option<(i32, i32)>) -> Pod {
        let mut pod = self.base.clone();
        if let Some(ix) = index {
            let ix_str = ix.to_string();
            pod.metadata
                .annotations_mut()
                .insert(JOB_COMPLETION_INDEX.to_string(), ix_str.clone());
            pod.metadata
                .labels_mut()
                .insert(JOB_COMPLETION_INDEX.to_string(), ix_str);
            Arc::make_mut(&mut pod.spec).hostname = Some(format!("{}-{ix}", self.job_name));
            pod.metadata.generate_name = Some(pod_generate_name_with_index(&self.job_name, ix));
            if let Some((failures, ignored)) = failure_counts {
                let ann = pod.metadata.annotations_mut();
                ann.insert(JOB_INDEX_FAILURE_COUNT.to_string(), failures.to_string());
                if ignored > 0 {
                    ann.insert(
                        JOB_INDEX_IGNORED_FAILURE_COUNT.to_string(),
                        ignored.to_string(),
                    );
                }
            }
        }
        pod
    }
}

/// `getPodCreationInfoForIndependentIndexes`: the indexes whose per-index
/// backoff is over; if none is, the shortest remaining backoff. `last_failed`
/// gives the pod whose deletion waits for each index's replacement.
pub fn pod_creation_info_for_independent_indexes<'p>(
    now: DateTime<Utc>,
    indexes: &[i64],
    last_failed: impl Fn(i64) -> Option<&'p Pod>,
) -> (Vec<i64>, Duration) {
    let mut now_ok = Vec::new();
    let mut min_remaining: Option<Duration> = None;
    for &ix in indexes {
        let r = get_remaining_time_per_index(
            now,
            DEFAULT_JOB_POD_FAILURE_BACKOFF,
            MAX_JOB_POD_FAILURE_BACKOFF,
            last_failed(ix),
        );
        if r.is_zero() {
            now_ok.push(ix);
        } else if min_remaining.is_none_or(|m| r < m) {
            min_remaining = Some(r);
        }
    }
    if !now_ok.is_empty() {
        return (now_ok, Duration::ZERO);
    }
    (now_ok, min_remaining.unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::counting::{PodFacts, ACTIVE};

    fn job(parallelism: i32, completions: Option<i32>, indexed: bool) -> Job {
        let mut j = Job::default();
        let spec = Arc::make_mut(&mut j.spec);
        spec.parallelism = Some(parallelism);
        spec.completions = completions;
        if indexed {
            spec.completion_mode = Some(crate::api::CompletionMode::Indexed);
        }
        j
    }

    #[test]
    fn wanted_pods_follow_parallelism_and_remaining_completions() {
        assert_eq!(want_active(&job(3, Some(10), false), 0, 0), 3);
        assert_eq!(want_active(&job(3, Some(10), false), 0, 9), 1);
        assert_eq!(want_active(&job(3, Some(10), false), 5, 12), 0);
        // Work queue: once a pod succeeded, leave what runs.
        assert_eq!(want_active(&job(3, None, false), 2, 1), 2);
        assert_eq!(want_active(&job(3, None, false), 0, 0), 3);
    }

    #[test]
    fn pending_indexes_skip_succeeded_busy_and_failed_ones() {
        let succeeded = OrderedIntervals::new().with_ordered_indexes(&[0, 2]);
        let failed = OrderedIntervals::new().with_ordered_indexes(&[4]);
        let got = first_pending_indexes(&succeeded, &[1, 5], Some(&failed), 3, 8);
        assert_eq!(got, vec![3, 6, 7]);
        assert_eq!(first_pending_indexes(&succeeded, &[], None, 5, 3), vec![1]);
    }

    #[test]
    fn duplicated_invalid_and_out_of_range_indexes_go_first() {
        let j = job(3, Some(3), true);
        let pods = vec![Pod::default(); 5];
        let facts: Vec<PodFacts> = [1, -1, 1, 7, 0]
            .iter()
            .enumerate()
            .map(|(i, &index)| PodFacts {
                pod: i as u32,
                flags: ACTIVE,
                index,
            })
            .collect();
        let active: Vec<usize> = (0..5).collect();
        let mut rm = active_pods_for_removal(&j, Pods::from(&pods), &facts, &active, 0);
        rm.sort_unstable();
        // The invalid pod, one of the two index-1 pods and the index-7 pod.
        assert_eq!(rm.len(), 3);
        assert!(rm.contains(&1) && rm.contains(&3));
        assert!(rm.contains(&0) ^ rm.contains(&2));
        // Nothing to do when every index is distinct and in range.
        let ok: Vec<usize> = vec![0, 4];
        assert!(active_pods_for_removal(&j, Pods::from(&pods), &facts, &ok, 0).is_empty());
    }
}
