//! What the Job controller remembers about a Job between syncs: pod
//! expectations, finalizer removals in flight and the pod recreation backoff
//! record. Upstream keeps these in process memory; here the host keeps them
//! and hands them to every sync, so nothing is hidden.

use chrono::{DateTime, Utc};
use rustc_hash::FxHashSet;

/// How long unobserved expectations block a sync (`controller.ExpectationsTimeout`).
pub const EXPECTATIONS_TIMEOUT_SECONDS: i64 = 5 * 60;

/// Creates and deletes issued but not yet seen by the host's pod informer
/// (`controller.ControlleeExpectations`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodExpectations {
    /// Creates still to be observed.
    pub add: i64,
    /// Deletes still to be observed.
    pub del: i64,
    /// When the expectations were set; they expire after five minutes.
    pub timestamp: DateTime<Utc>,
}

pub use super::backoff::BackoffRecord;

/// Controller memory for one Job, fed to each sync and returned updated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobControllerMemory {
    /// Outstanding pod creates/deletes (`ControllerExpectations` for this key).
    pub expectations: Option<PodExpectations>,
    /// Uids of pods whose finalizer removal was sent but not yet observed
    /// (`uidTrackingExpectations`).
    pub finalizer_removals: FxHashSet<String>,
    /// The pod recreation backoff record (`backoffStore`).
    pub backoff: BackoffRecord,
}

impl JobControllerMemory {
    /// `SatisfiedExpectations`: nothing outstanding, or the record expired.
    pub fn expectations_satisfied(&self, now: DateTime<Utc>) -> bool {
        match &self.expectations {
            None => true,
            Some(e) => {
                (e.add <= 0 && e.del <= 0)
                    || (now - e.timestamp).num_seconds() > EXPECTATIONS_TIMEOUT_SECONDS
            }
        }
    }

    /// `ExpectCreations`: replaces the record.
    pub fn expect_creations(&mut self, n: i64, now: DateTime<Utc>) {
        self.expectations = Some(PodExpectations {
            add: n,
            del: 0,
            timestamp: now,
        });
    }

    /// `ExpectDeletions`: replaces the record.
    pub fn expect_deletions(&mut self, n: i64, now: DateTime<Utc>) {
        self.expectations = Some(PodExpectations {
            add: 0,
            del: n,
            timestamp: now,
        });
    }

    /// `CreationObserved`: the host saw one of the expected pods appear (or a
    /// create failed).
    pub fn creation_observed(&mut self) {
        if let Some(e) = &mut self.expectations {
            e.add -= 1;
        }
    }

    /// `DeletionObserved`: the host saw one of the expected deletions (or a
    /// delete failed).
    pub fn deletion_observed(&mut self) {
        if let Some(e) = &mut self.expectations {
            e.del -= 1;
        }
    }

    /// `finalizerRemovalObserved`: the host saw the pod without the tracking
    /// finalizer (or gone).
    pub fn finalizer_removal_observed(&mut self, uid: &str) {
        self.finalizer_removals.remove(uid);
    }

    /// What upstream does when the Job is gone or finished: forget the
    /// expectations and the backoff record.
    pub fn forget(&mut self) {
        *self = JobControllerMemory::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("valid time")
            .to_utc()
    }

    #[test]
    fn expectations_block_until_observed_or_expired() {
        let now = t("2026-01-01T00:00:00Z");
        let mut m = JobControllerMemory::default();
        assert!(m.expectations_satisfied(now));
        m.expect_creations(2, now);
        assert!(!m.expectations_satisfied(now));
        m.creation_observed();
        assert!(!m.expectations_satisfied(now));
        m.creation_observed();
        assert!(m.expectations_satisfied(now));
        m.expect_deletions(1, now);
        assert!(!m.expectations_satisfied(t("2026-01-01T00:05:00Z")));
        assert!(m.expectations_satisfied(t("2026-01-01T00:05:01Z")));
    }
}
