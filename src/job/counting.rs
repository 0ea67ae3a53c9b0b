//! One pass over the Job's pods: which belong to it, which are active,
//! terminating, finished and not yet counted (upstream `getPodsForJob`,
//! `FilterActivePods`, `CountTerminatingPods`, `countReadyPods`,
//! `getNewFinishedPods`, `pastBackoffLimitOnFailure`'s restart sum).

use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::api::{
    Job, ObjectMeta, OwnerReference, Pod, PodPhase, RestartPolicy, JOB_TRACKING_FINALIZER,
};

use super::backoff::get_finished_time;
use super::indexes::get_completion_index;
use super::pods::Pods;

/// A pod is active: not finished and not being deleted.
pub const ACTIVE: u8 = 1;
/// A pod is terminating: being deleted and not finished.
pub const TERMINATING: u8 = 2;
/// The pod's phase is Succeeded.
pub const SUCCEEDED: u8 = 4;
/// `isPodFailed`: Failed phase, or (unless only failed pods are replaced)
/// deleted without succeeding.
pub const FAILED: u8 = 8;
/// The pod carries the tracking finalizer; an adopted orphan counts as
/// carrying it unless it already names the Job as a (non-controller) owner
/// (`getPodsForJob` adds it to the claimed copy). For active pods it is known
/// only after [`Census::resolve_finalizers`] (or when the census needed it
/// anyway): a steady sync never reads it.
pub const FINALIZER: u8 = 16;
/// A removal of the pod's finalizer is in flight (`expectedRmFinalizers`).
pub const RM_EXPECTED: u8 = 32;
/// The pod is Ready.
pub const READY: u8 = 64;
/// An orphan the Job adopts (`ClaimPods`); its FINALIZER is known from the
/// start.
pub const ADOPTED: u8 = 128;

/// An ownership PATCH `ClaimPods` sends (`ClaimObject`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    /// Position in the pod slice given to the sync.
    pub pod: u32,
    /// Adopt an orphan the selector matches (`AdoptPod`); otherwise release
    /// an owned pod it no longer matches (`ReleasePod`).
    pub adopt: bool,
}

/// What the sync needs to know about one pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PodFacts {
    /// Position in the pod slice given to the sync.
    pub pod: u32,
    /// Bit set of the constants above.
    pub flags: u8,
    /// Completion index (Indexed Jobs only); -1 when missing or invalid, and
    /// for a finished pod without the finalizer (no rule reads it there).
    pub index: i64,
}

impl PodFacts {
    /// Whether every given flag is set.
    pub fn is(&self, flags: u8) -> bool {
        self.flags & flags == flags
    }

    /// Carries the finalizer and its removal is not in flight: the pod is not
    /// counted yet (`hasJobTrackingFinalizer && !expectedRmFinalizers.Has`).
    pub fn tracked(&self) -> bool {
        self.flags & (FINALIZER | RM_EXPECTED) == FINALIZER
    }
}

/// `onlyReplaceFailedPods`: podReplacementPolicy Failed, or a pod failure policy.
pub fn only_replace_failed_pods(job: &Job) -> bool {
    job.spec.pod_replacement_policy == Some(crate::api::PodReplacementPolicy::Failed)
        || job.spec.pod_failure_policy.is_some()
}

/// The pass over the pods.
#[derive(Debug, Default)]
pub struct Census<'a> {
    /// Facts of the pods that belong to the Job, in input order.
    pub facts: Vec<PodFacts>,
    /// Positions in `facts` of active pods.
    pub active: Vec<usize>,
    /// Active pods that are Ready.
    pub ready: i32,
    /// `CountTerminatingPods`.
    pub terminating: i32,
    /// Number of newly succeeded pods (`getNewFinishedPods`).
    pub new_succeeded: usize,
    /// Position in `facts` of the newly succeeded pod that finished last
    /// (all the pod recreation backoff needs of them), read while the pass
    /// has the pod in cache.
    pub last_succeeded: Option<(chrono::DateTime<chrono::Utc>, usize)>,
    /// Positions in `facts` of newly failed pods (`getNewFinishedPods`).
    pub new_failed: Vec<usize>,
    /// Restart counts of Running/Pending pods (OnFailure template only).
    pub restarts: i64,
    /// Completion indexes of succeeded, uncounted pods below completions.
    pub new_succeeded_indexes: Vec<i64>,
    /// For each uid in `status.uncountedTerminatedPods`: whether its pod still
    /// carries the finalizer (`uidsWithFinalizer`, restricted to those uids).
    pub uncounted_with_finalizer: FxHashMap<&'a str, bool>,
    /// The adoptions and releases to send, in pod order (`ClaimPods`).
    pub claims: Vec<Claim>,
    /// Whether FINALIZER is known for active pods too.
    finalizers_resolved: bool,
}

impl Census<'_> {
    /// Sets FINALIZER on the active pods that carry it (once).
    pub fn resolve_finalizers(&mut self, pods: Pods<'_>) {
        if self.finalizers_resolved {
            return;
        }
        self.finalizers_resolved = true;
        for &pos in &self.active {
            let f = &mut self.facts[pos];
            if f.flags & ADOPTED == 0 && has_tracking_finalizer(pods.at(f.pod as usize)) {
                f.flags |= FINALIZER;
            }
        }
    }
}

fn has_tracking_finalizer(pod: &Pod) -> bool {
    pod.metadata
        .finalizers
        .as_ref()
        .is_some_and(|f| f.iter().any(|x| x == JOB_TRACKING_FINALIZER))
}

/// How far ahead of the pass each stage of [`Prefetch`] works: the pod
/// structs first, then the shared lists they point to, then the lists'
/// contents, then the strings.
const AHEAD_STRUCT: usize = 16;
const AHEAD_SHARED: usize = 12;
const AHEAD_HEAP: usize = 8;
const AHEAD_STRINGS: usize = 4;

/// Software prefetch for the pass over the pods. An informer's pods are
/// scattered over the heap and each one the pass reads costs several
/// dependent cache misses (pod, owner list, uid; label node, key, value...);
/// asking for each level a few pods ahead overlaps those misses instead of
/// paying them one after another.
struct Prefetch {
    indexed: bool,
}

impl Prefetch {
    fn ahead(&self, pods: Pods<'_>, i: usize) {
        if let Some(p) = pods.get(i + AHEAD_STRUCT) {
            let m = &p.metadata;
            prefetch(&m.owner_references);
            prefetch(&m.labels);
            prefetch(&m.annotations);
            prefetch(&m.deletion_timestamp);
            prefetch(&p.status);
        }
        if let Some(p) = pods.get(i + AHEAD_SHARED) {
            let m = &p.metadata;
            if let Some(a) = &m.owner_references {
                prefetch(Arc::as_ptr(a));
            }
            if let Some(a) = &m.labels {
                prefetch(Arc::as_ptr(a));
            }
            if let Some(a) = &m.annotations {
                prefetch(Arc::as_ptr(a));
            }
        }
        if let Some(p) = pods.get(i + AHEAD_HEAP) {
            let m = &p.metadata;
            if let Some(r) = m.owner_refs().first() {
                prefetch(r);
            }
            if let Some(c) = p.status.as_ref().and_then(|s| s.conditions.as_deref()) {
                if let Some(first) = c.first() {
                    prefetch(first);
                }
            }
        }
        if let Some(p) = pods.get(i + AHEAD_STRINGS) {
            let m = &p.metadata;
            if let Some(r) = m.owner_refs().first() {
                prefetch(r.uid.as_ptr());
            }
            if let Some((k, v)) = m.labels.as_deref().and_then(BTreeMap::first_key_value) {
                prefetch(k.as_ptr());
                prefetch(v.as_ptr());
            }
            if self.indexed && !counted_already(p) {
                if let Some((k, v)) = m.annotations.as_deref().and_then(BTreeMap::first_key_value) {
                    prefetch(k.as_ptr());
                    prefetch(v.as_ptr());
                }
            }
        }
    }
}

/// Finished and without finalizers (read from the pod itself, no heap): the
/// census will not read its index.
fn counted_already(pod: &Pod) -> bool {
    matches!(pod.phase(), Some(PodPhase::Succeeded | PodPhase::Failed))
        && pod.metadata.finalizers.as_ref().is_none_or(Vec::is_empty)
}

/// A hint to load `p`'s cache line; no effect on what the program computes.
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults and changes no state the program can
    // observe, whatever the address; `p` is a live reference's address anyway.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Runs the pass. `uncounted_succeeded` / `uncounted_failed` are the uid sets
/// of `status.uncountedTerminatedPods`.
pub fn census<'a>(
    job: &'a Job,
    pods: impl Into<Pods<'a>>,
    expected_rm: &FxHashSet<String>,
    uncounted_succeeded: &FxHashSet<&'a str>,
    uncounted_failed: &FxHashSet<&'a str>,
) -> Census<'a> {
    census_claimed(
        job,
        pods,
        expected_rm,
        uncounted_succeeded,
        uncounted_failed,
        &[],
    )
}

/// Whose controller a pod's owner references name.
#[derive(Debug, Clone, Copy)]
enum Ownership {
    /// The Job's.
    Ours,
    /// Another controller's: the Job leaves the pod alone.
    Foreign,
    /// No controller; `names_job` when the Job is a (non-controller) owner.
    Orphan { names_job: bool },
}

impl Ownership {
    fn of(meta: &ObjectMeta, job_uid: &str) -> Self {
        match meta.controller_ref() {
            Some(r) if r.uid == job_uid => Ownership::Ours,
            Some(_) => Ownership::Foreign,
            None => Ownership::Orphan {
                names_job: meta.owner_refs().iter().any(|r| r.uid == job_uid),
            },
        }
    }
}

/// [`census`] without the orphans at `not_adopted` (positions in `pods`):
/// the adoptions that failed, which `ClaimPods` leaves out of its result.
pub fn census_claimed<'a>(
    job: &'a Job,
    pods: impl Into<Pods<'a>>,
    expected_rm: &FxHashSet<String>,
    uncounted_succeeded: &FxHashSet<&'a str>,
    uncounted_failed: &FxHashSet<&'a str>,
    not_adopted: &[u32],
) -> Census<'a> {
    let pods: Pods<'a> = pods.into();
    let job_uid = job.metadata.uid();
    let job_namespace = job.metadata.namespace();
    let indexed = job.spec.is_indexed();
    let completions = i64::from(job.spec.completions.unwrap_or(0));
    let only_failed = only_replace_failed_pods(job);
    let count_restarts = job.spec.template.spec.restart_policy == Some(RestartPolicy::OnFailure);
    let job_deleting = job.metadata.deletion_timestamp.is_some();
    let track_uncounted = !uncounted_succeeded.is_empty() || !uncounted_failed.is_empty();
    // Active pods' finalizers matter only when the Job is being deleted or
    // uncounted uids must be resolved; otherwise they are read on demand.
    let all_finalizers = job_deleting || track_uncounted;
    let mut c = Census {
        facts: Vec::with_capacity(pods.len()),
        finalizers_resolved: all_finalizers,
        ..Census::default()
    };
    if track_uncounted {
        for uid in uncounted_succeeded.iter().chain(uncounted_failed.iter()) {
            c.uncounted_with_finalizer.insert(uid, false);
        }
    }
    let prefetch = Prefetch { indexed };
    let selects = |labels: Option<&BTreeMap<String, String>>| {
        job.spec
            .selector
            .as_ref()
            .is_some_and(|s| s.matches(labels))
    };
    // Pods made from one template share their owner references and often
    // their labels (copy on write): decide once per shared list. The slice
    // keeps every list alive, so an address is never reused within the loop.
    let mut last_owner: Option<(*const Vec<OwnerReference>, Ownership)> = None;
    let mut last_labels: Option<(*const BTreeMap<String, String>, bool)> = None;
    let unlabelled_selected = selects(None);
    for (i, pod) in pods.iter().enumerate() {
        prefetch.ahead(pods, i);
        let meta = &pod.metadata;
        // ClaimObject: owned pods the selector still matches, and orphans of
        // the namespace it adopts (unless either side is being deleted); owned
        // pods it no longer matches are released. A nil selector matches
        // nothing. The sync sends the PATCHes from `claims`.
        let owner = match &meta.owner_references {
            Some(refs) => match last_owner {
                Some((at, o)) if std::ptr::eq(at, Arc::as_ptr(refs)) => o,
                _ => {
                    let o = Ownership::of(meta, job_uid);
                    last_owner = Some((Arc::as_ptr(refs), o));
                    o
                }
            },
            None => Ownership::Orphan { names_job: false },
        };
        let (adopted, names_job) = match owner {
            Ownership::Ours => (false, true),
            Ownership::Foreign => continue,
            Ownership::Orphan { names_job } => (true, names_job),
        };
        let selected = match &meta.labels {
            Some(labels) => match last_labels {
                Some((at, s)) if std::ptr::eq(at, Arc::as_ptr(labels)) => s,
                _ => {
                    let s = selects(Some(labels));
                    last_labels = Some((Arc::as_ptr(labels), s));
                    s
                }
            },
            None => unlabelled_selected,
        };
        if !selected {
            if !adopted && !job_deleting {
                c.claims.push(Claim {
                    pod: i as u32,
                    adopt: false,
                });
            }
            continue;
        }
        if adopted {
            if job_deleting
                || meta.deletion_timestamp.is_some()
                || (!job_namespace.is_empty() && meta.namespace() != job_namespace)
                || (!not_adopted.is_empty() && not_adopted.contains(&(i as u32)))
            {
                continue;
            }
            c.claims.push(Claim {
                pod: i as u32,
                adopt: true,
            });
        }
        let phase = pod.phase();
        let finished = matches!(phase, Some(PodPhase::Succeeded | PodPhase::Failed));
        let deleting = meta.deletion_timestamp.is_some();
        let mut flags = 0u8;
        if !finished && !deleting {
            flags |= ACTIVE;
        }
        if !finished && deleting {
            flags |= TERMINATING;
        }
        if phase == Some(&PodPhase::Succeeded) {
            flags |= SUCCEEDED;
        }
        if phase == Some(&PodPhase::Failed)
            || (!only_failed && deleting && phase != Some(&PodPhase::Succeeded))
        {
            flags |= FAILED;
        }
        if adopted {
            // getPodsForJob: the claimed copy of an adopted pod gets the
            // finalizer its adoption PATCH adds, unless it names the Job already.
            flags |= ADOPTED;
            if !names_job || has_tracking_finalizer(pod) {
                flags |= FINALIZER;
            }
        } else if (flags & ACTIVE == 0 || all_finalizers) && has_tracking_finalizer(pod) {
            flags |= FINALIZER;
        }
        if !expected_rm.is_empty() && expected_rm.contains(meta.uid()) {
            flags |= RM_EXPECTED;
        }
        // A finished pod without the finalizer is counted already: no rule
        // reads its index, and it is most of a long Job's pods.
        let index = if indexed && (!finished || flags & FINALIZER != 0) {
            get_completion_index(pod).unwrap_or(-1)
        } else {
            -1
        };
        let pos = c.facts.len();
        if flags & ACTIVE != 0 {
            c.active.push(pos);
            if pod.is_ready() {
                flags |= READY;
                c.ready += 1;
            }
        }
        if flags & TERMINATING != 0 {
            c.terminating += 1;
        }
        if count_restarts && matches!(phase, Some(PodPhase::Running | PodPhase::Pending)) {
            if let Some(s) = &pod.status {
                let sum = |l: &Option<Vec<crate::api::ContainerStatus>>| -> i64 {
                    l.iter().flatten().map(|c| i64::from(c.restart_count)).sum()
                };
                c.restarts += sum(&s.init_container_statuses) + sum(&s.container_statuses);
            }
        }
        let f = PodFacts {
            pod: i as u32,
            flags,
            index,
        };
        if track_uncounted && f.tracked() {
            if let Some(v) = c.uncounted_with_finalizer.get_mut(meta.uid()) {
                *v = true;
            }
        }
        // getValidPodsWithFilter: uncounted so far and, if Indexed, a valid index.
        let valid = f.tracked() && (!indexed || (index >= 0 && index < completions));
        if valid {
            if flags & SUCCEEDED != 0 && !uncounted_succeeded.contains(meta.uid()) {
                c.new_succeeded += 1;
                let t = get_finished_time(pod);
                if c.last_succeeded.is_none_or(|(last, _)| t > last) {
                    c.last_succeeded = Some((t, pos));
                }
            }
            if flags & FAILED != 0 && !uncounted_failed.contains(meta.uid()) {
                c.new_failed.push(pos);
            }
        }
        // calculateSucceededIndexes ignores in-flight removals.
        if indexed
            && flags & (SUCCEEDED | FINALIZER) == SUCCEEDED | FINALIZER
            && index >= 0
            && index < completions
        {
            c.new_succeeded_indexes.push(index);
        }
        c.facts.push(f);
    }
    c.new_succeeded_indexes.sort_unstable();
    c.new_succeeded_indexes.dedup();
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{LabelSelector, ObjectMeta, PodStatus};

    fn pod(
        name: &str,
        labels: &Arc<BTreeMap<String, String>>,
        owners: &Arc<Vec<OwnerReference>>,
    ) -> Pod {
        Pod {
            metadata: ObjectMeta {
                name: Some(name.into()),
                uid: Some(format!("{name}-uid")),
                labels: Some(Arc::clone(labels)),
                owner_references: Some(Arc::clone(owners)),
                ..ObjectMeta::default()
            },
            status: Some(PodStatus {
                phase: Some(PodPhase::Running),
                ..PodStatus::default()
            }),
            ..Pod::default()
        }
    }

    fn owner(uid: &str) -> Arc<Vec<OwnerReference>> {
        Arc::new(vec![OwnerReference {
            api_version: "batch/v1".into(),
            kind: "Job".into(),
            name: "j".into(),
            uid: uid.into(),
            controller: Some(true),
            block_owner_deletion: Some(true),
        }])
    }

    #[test]
    fn shared_lists_are_decided_once_and_other_lists_on_their_own() {
        let mut job = Job::default();
        job.metadata.uid = Some("job-uid".into());
        let matching = Arc::new(BTreeMap::from([("app".to_string(), "x".to_string())]));
        let other = Arc::new(BTreeMap::from([("app".to_string(), "y".to_string())]));
        Arc::make_mut(&mut job.spec).selector = Some(LabelSelector {
            match_labels: Some((*matching).clone()),
            ..LabelSelector::default()
        });
        let ours = owner("job-uid");
        let foreign = owner("other-uid");
        // Shared lists alternate with distinct ones, so a stale decision
        // would show up as a wrong fact.
        let pods = [
            pod("a", &matching, &ours),
            pod("b", &other, &ours),
            pod("c", &matching, &ours),
            pod("d", &matching, &foreign),
            pod("e", &matching, &ours),
        ];
        let none = FxHashSet::default();
        let c = census(&job, &pods[..], &FxHashSet::default(), &none, &none);
        let counted: Vec<u32> = c.facts.iter().map(|f| f.pod).collect();
        assert_eq!(counted, vec![0, 2, 4]);
        assert_eq!(c.active, vec![0, 1, 2]);
        // The owned pod the selector no longer matches is released.
        assert_eq!(
            c.claims,
            vec![Claim {
                pod: 1,
                adopt: false
            }]
        );
    }
}
