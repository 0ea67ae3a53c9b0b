//! What a sync asks of its host: API calls, events and a requeue.
//!
//! Upstream's syncs interleave API calls with their results (a Job sync
//! first claims its pods — adoption and release PATCHes, with a fresh read of
//! the Job before the first adoption — and stops if that fails; a status write
//! makes counting crash-safe before finalizers are removed; only removals that
//! succeeded move counters; creates go out in slow-start batches that stop at
//! the first failed batch). So a sync is a small state machine the host
//! drives, in the manner of quinn-proto:
//!
//! 1. call [`Reconcile::poll_batch`]; `None` means the sync is over;
//! 2. perform every [`Operation`] of the batch (they may run concurrently);
//! 3. report their results, in the batch's order, with [`Reconcile::on_results`];
//! 4. repeat; then take the [`Outcome`] (events, requeue, error).
//!
//! [`crate::host::execute`] does this loop through the `PodControl` /
//! `JobControl` traits; [`Reconcile::assume_success`] runs it as if every call
//! succeeded, for callers that only want the plan.

use std::time::Duration;

use crate::api::{CronJob, Job, Pod};

/// Which object an operation or event is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectKey {
    pub namespace: String,
    pub name: String,
    /// Set when the operation must only touch this incarnation (a delete
    /// precondition, as upstream's DeletePod with a uid).
    pub uid: Option<String>,
}

impl ObjectKey {
    /// The key of an object with this metadata.
    pub fn of(meta: &crate::api::ObjectMeta) -> Self {
        ObjectKey {
            namespace: meta.namespace().to_string(),
            name: meta.name().to_string(),
            uid: meta.uid.clone(),
        }
    }
}

/// One API call.
#[derive(Debug, Clone, PartialEq)]
pub enum Operation {
    /// Create this pod (upstream `CreatePodsWithControllerRef`).
    CreatePod(Box<Pod>),
    /// Delete the pod (upstream `DeletePod`).
    DeletePod(ObjectKey),
    /// Remove the `batch.kubernetes.io/job-tracking` finalizer from the pod
    /// (upstream `removeTrackingFinalizerPatch` via `PatchPod`).
    RemovePodFinalizer(ObjectKey),
    /// Patch the pod with this strategic-merge patch body, sent as
    /// `application/strategic-merge-patch+json` (upstream
    /// `PodControlInterface.PatchPod`; the Job controller's `ClaimPods`
    /// adoptions and releases).
    PatchPod {
        pod: ObjectKey,
        patch: serde_json::Value,
    },
    /// Write the Job's status subresource; the object carries the new status.
    UpdateJobStatus(Box<Job>),
    /// Create this Job (CronJob controller).
    CreateJob(Box<Job>),
    /// Read a Job, uncached (CronJob controller; the Job controller's
    /// `RecheckDeletionTimestamp` before adopting pods).
    GetJob(ObjectKey),
    /// Delete a Job with background propagation (CronJob controller).
    DeleteJob(ObjectKey),
    /// Re-read the CronJob (CronJob controller, before adopting a Job).
    GetCronJob(ObjectKey),
    /// Write the CronJob's status subresource.
    UpdateCronJobStatus(Box<CronJob>),
}

/// Why an API call failed, as far as the controllers care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiErrorKind {
    NotFound,
    AlreadyExists,
    Conflict,
    /// Creating in a namespace that is being deleted.
    NamespaceTerminating,
    /// The request was rejected by validation (HTTP 422, `apierrors.IsInvalid`).
    Invalid,
    Other,
}

/// A failed API call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub kind: ApiErrorKind,
    pub message: String,
}

impl ApiError {
    /// An error of the given kind.
    pub fn new(kind: ApiErrorKind, message: impl Into<String>) -> Self {
        ApiError {
            kind,
            message: message.into(),
        }
    }

    /// `apierrors.IsNotFound`.
    pub fn is_not_found(&self) -> bool {
        self.kind == ApiErrorKind::NotFound
    }

    /// `apierrors.IsInvalid`.
    pub fn is_invalid(&self) -> bool {
        self.kind == ApiErrorKind::Invalid
    }

    /// `apierrors.IsAlreadyExists`.
    pub fn is_already_exists(&self) -> bool {
        self.kind == ApiErrorKind::AlreadyExists
    }
}

/// What an API call returned.
#[derive(Debug, Clone, PartialEq)]
pub enum OpResult {
    /// Success with nothing to read back.
    Ok,
    /// Success returning the created Pod, with the name the API server
    /// generated (CreatePod).
    Pod(Box<Pod>),
    /// Success returning a Job (GetJob, CreateJob, UpdateJobStatus).
    Job(Box<Job>),
    /// Success returning a CronJob (GetCronJob, UpdateCronJobStatus).
    CronJob(Box<CronJob>),
    /// The call failed.
    Err(ApiError),
}

impl OpResult {
    /// Whether the call succeeded.
    pub fn is_ok(&self) -> bool {
        !matches!(self, OpResult::Err(_))
    }
}

/// `Normal` or `Warning`, as the event recorder's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventType {
    Normal,
    Warning,
}

/// An event the controller records on an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub object: ObjectKey,
    pub type_: EventType,
    pub reason: String,
    pub message: String,
}

/// What a finished sync leaves for its host.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Events, in the order upstream records them.
    pub events: Vec<Event>,
    /// Run the sync again after this long (`AddAfter`), if set.
    pub requeue_after: Option<Duration>,
    /// The sync failed; upstream requeues with rate-limited backoff.
    pub error: Option<String>,
}

/// A sync in progress, driven by its host (see the module docs).
pub trait Reconcile {
    /// The next batch of API calls, or `None` when the sync is over.
    /// The batch's operations may run concurrently.
    fn poll_batch(&mut self) -> Option<Vec<Operation>>;

    /// Results of the last batch, in its order.
    fn on_results(&mut self, results: Vec<OpResult>);

    /// Events, requeue and error of the sync. Call once `poll_batch` returned `None`.
    fn outcome(&self) -> Outcome;

    /// [`Reconcile::outcome`] moved out instead of copied (what the executor
    /// uses): the sync's own events are left empty.
    fn take_outcome(&mut self) -> Outcome {
        self.outcome()
    }

    /// Run the sync as if every API call succeeded; returns every operation in
    /// order and the outcome. `GetJob` / `GetCronJob` answer NotFound here, as
    /// there is no API server to read from (a Job sync answers the `GetJob` of
    /// its adoption recheck with the Job it was given).
    fn assume_success(&mut self) -> (Vec<Operation>, Outcome)
    where
        Self: Sized,
    {
        let mut all = Vec::new();
        while let Some(batch) = self.poll_batch() {
            let results = batch.iter().map(success_result).collect();
            all.extend(batch);
            self.on_results(results);
        }
        (all, self.outcome())
    }
}

/// What a call returns when it succeeds with no API server behind it (see
/// [`Reconcile::assume_success`]).
pub fn success_result(op: &Operation) -> OpResult {
    match op {
        Operation::GetJob(_) | Operation::GetCronJob(_) => {
            OpResult::Err(ApiError::new(ApiErrorKind::NotFound, "not found"))
        }
        Operation::CreateJob(j) | Operation::UpdateJobStatus(j) => OpResult::Job(j.clone()),
        Operation::UpdateCronJobStatus(c) => OpResult::CronJob(c.clone()),
        Operation::CreatePod(p) => OpResult::Pod(p.clone()),
        _ => OpResult::Ok,
    }
}
