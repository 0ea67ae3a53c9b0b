//! The crash-safe counting protocol of `status.uncountedTerminatedPods`
//! (upstream `trackJobStatusAndRemoveFinalizers`): a finished pod's uid is
//! written to the uncounted lists first, then its tracking finalizer is
//! removed, then the uid moves into the counters.

use rustc_hash::FxHashMap;

use crate::api::JobStatus;

/// `MaxUncountedPods`: at most this many pods are added to the uncounted
/// lists (and get their finalizer removed) per sync.
pub const MAX_UNCOUNTED_PODS: usize = 500;

/// `cleanUncountedPodsWithoutFinalizers`: move the uncounted uids whose pod
/// no longer carries the finalizer into `succeeded` / `failed`. `with_finalizer`
/// says, for each uncounted uid, whether its pod still carries it (missing
/// uids: the pod is gone). Returns whether the status changed.
pub fn clean_uncounted_pods_without_finalizers(
    status: &mut JobStatus,
    with_finalizer: &FxHashMap<&str, bool>,
) -> bool {
    let keep = |uid: &String| with_finalizer.get(uid.as_str()).copied().unwrap_or(false);
    let mut updated = false;
    let uncounted = status
        .uncounted_terminated_pods
        .get_or_insert_with(Default::default);
    let mut moved_succeeded = 0;
    let mut moved_failed = 0;
    if let Some(list) = &mut uncounted.succeeded {
        let before = list.len();
        list.retain(keep);
        if list.len() != before {
            updated = true;
            moved_succeeded = (before - list.len()) as i32;
        }
        if list.is_empty() {
            uncounted.succeeded = None;
        }
    }
    if let Some(list) = &mut uncounted.failed {
        let before = list.len();
        list.retain(keep);
        if list.len() != before {
            updated = true;
            moved_failed = (before - list.len()) as i32;
        }
        if list.is_empty() {
            uncounted.failed = None;
        }
    }
    if moved_succeeded > 0 {
        status.succeeded = Some(
            status
                .succeeded
                .unwrap_or(0)
                .saturating_add(moved_succeeded),
        );
    }
    if moved_failed > 0 {
        status.failed = Some(status.failed.unwrap_or(0).saturating_add(moved_failed));
    }
    updated
}

/// Number of uids in the uncounted lists.
pub fn uncounted_len(status: &JobStatus) -> usize {
    status.uncounted_terminated_pods.as_ref().map_or(0, |u| {
        u.succeeded.as_ref().map_or(0, Vec::len) + u.failed.as_ref().map_or(0, Vec::len)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::UncountedTerminatedPods;

    #[test]
    fn only_uids_without_finalizer_move_into_counters() {
        let mut status = JobStatus {
            succeeded: Some(1),
            uncounted_terminated_pods: Some(UncountedTerminatedPods {
                succeeded: Some(vec!["a".into(), "b".into()]),
                failed: Some(vec!["c".into()]),
            }),
            ..JobStatus::default()
        };
        let with_fin: FxHashMap<&str, bool> = [("a", true), ("b", false)].into_iter().collect();
        assert!(clean_uncounted_pods_without_finalizers(
            &mut status,
            &with_fin
        ));
        assert_eq!(status.succeeded, Some(2));
        assert_eq!(status.failed, Some(1));
        assert_eq!(uncounted_len(&status), 1);
        assert!(!clean_uncounted_pods_without_finalizers(
            &mut status,
            &with_fin
        ));
    }
}
