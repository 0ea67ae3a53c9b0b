//! The API-server model: objects by namespace/name, deterministic uids,
//! resourceVersions, creation and deletion timestamps, finalizers, graceful
//! deletion, Job defaulting, background garbage collection and injected
//! errors. Controllers reach it through [`PodControl`] and [`JobControl`];
//! every change is queued as a [`Change`] for the informers, the kubelet and
//! the trace.

use std::collections::{BTreeSet, VecDeque};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;

use crate::actions::{ApiError, ApiErrorKind, ObjectKey};
use crate::api::{
    default_job, ConditionStatus, CronJob, Job, JobConditionType, JobStatus, OwnerReference, Pod,
    PodPhase, PodStatus, JOB_TRACKING_FINALIZER,
};
use crate::host::{JobControl, PodControl};

use super::events::Millis;
use super::rng::Rng;
use super::scenario::ApiErrorRates;

/// Namespace and name.
pub type NsName = (String, String);

/// How a pod changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodChange {
    Created,
    Updated,
    /// A delete was requested (deletionTimestamp set).
    Deleting,
}

/// A change the API server made, with the object as it is afterwards (a
/// shared snapshot: later writes copy the object rather than change it).
#[derive(Debug, Clone)]
pub enum Change {
    Pod {
        pod: Arc<Pod>,
        what: PodChange,
    },
    PodRemoved {
        pod: Arc<Pod>,
    },
    Job {
        job: Arc<Job>,
        created: bool,
        /// Conditions that became True with this write: (type, reason).
        new_conditions: Vec<(String, String)>,
    },
    JobRemoved {
        job: Arc<Job>,
    },
    CronJob {
        cronjob: Arc<CronJob>,
    },
    Injected {
        operation: &'static str,
        name: String,
    },
}

/// The API server's state.
pub struct ApiServer {
    start: DateTime<Utc>,
    now_ms: Millis,
    jobs: FxHashMap<NsName, Arc<Job>>,
    job_uids: FxHashMap<String, NsName>,
    cronjobs: FxHashMap<NsName, Arc<CronJob>>,
    pods: FxHashMap<String, Arc<Pod>>,
    pod_names: FxHashMap<NsName, String>,
    pods_of_job: FxHashMap<String, BTreeSet<String>>,
    terminal: VecDeque<String>,
    terminal_count: usize,
    pod_gc_threshold: usize,
    next_uid: u64,
    resource_version: u64,
    rng: Rng,
    errors: ApiErrorRates,
    changes: Vec<Change>,
}

/// Stale uids the terminated-pod queue may hold before it is compacted.
pub const TERMINAL_SLACK: usize = 64;

const NAME_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

fn not_found(what: &str, key: &ObjectKey) -> ApiError {
    ApiError::new(
        ApiErrorKind::NotFound,
        format!("{what} \"{}\" not found", key.name),
    )
}

fn ns_of(meta: &crate::api::ObjectMeta) -> String {
    meta.namespace.clone().unwrap_or_else(|| "default".into())
}

/// Whether the pod's containers have stopped for good.
pub fn is_terminal(pod: &Pod) -> bool {
    matches!(pod.phase(), Some(PodPhase::Succeeded | PodPhase::Failed))
}

impl ApiServer {
    /// An empty API server at `start`.
    pub fn new(
        start: DateTime<Utc>,
        rng: Rng,
        errors: ApiErrorRates,
        pod_gc_threshold: usize,
    ) -> Self {
        ApiServer {
            start,
            now_ms: 0,
            jobs: FxHashMap::default(),
            job_uids: FxHashMap::default(),
            cronjobs: FxHashMap::default(),
            pods: FxHashMap::default(),
            pod_names: FxHashMap::default(),
            pods_of_job: FxHashMap::default(),
            terminal: VecDeque::new(),
            terminal_count: 0,
            pod_gc_threshold,
            next_uid: 0,
            resource_version: 0,
            rng,
            errors,
            changes: Vec::new(),
        }
    }

    /// Move the server's clock.
    pub fn set_now(&mut self, ms: Millis) {
        self.now_ms = ms;
    }

    /// The wall time at an offset.
    pub fn time(&self, ms: Millis) -> DateTime<Utc> {
        self.start + chrono::Duration::milliseconds(ms)
    }

    /// The current wall time.
    pub fn now(&self) -> DateTime<Utc> {
        self.time(self.now_ms)
    }

    /// The offset of a wall time.
    pub fn offset(&self, t: DateTime<Utc>) -> Millis {
        (t - self.start).num_milliseconds()
    }

    /// Take the queued changes.
    pub fn drain_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.changes)
    }

    /// `SimpleNameGenerator`: five random characters from its alphabet.
    fn name_suffix(&mut self) -> String {
        (0..5)
            .map(|_| NAME_ALPHABET[self.rng.index(NAME_ALPHABET.len())] as char)
            .collect()
    }

    fn uid(&mut self) -> String {
        self.next_uid += 1;
        format!("00000000-0000-4000-8000-{:012x}", self.next_uid)
    }

    fn rv(&mut self) -> String {
        self.resource_version += 1;
        self.resource_version.to_string()
    }

    fn inject(&mut self, rate: f64, operation: &'static str, name: &str) -> Result<(), ApiError> {
        if self.rng.chance(rate) {
            self.changes.push(Change::Injected {
                operation,
                name: name.to_string(),
            });
            return Err(ApiError::new(
                ApiErrorKind::Other,
                format!("injected error: {operation} {name}"),
            ));
        }
        Ok(())
    }

    /// A Job by namespace and name.
    pub fn job(&self, key: &NsName) -> Option<&Job> {
        self.jobs.get(key).map(|j| &**j)
    }

    /// Every Job key, in order.
    pub fn job_keys(&self) -> Vec<NsName> {
        let mut keys: Vec<NsName> = self.jobs.keys().cloned().collect();
        keys.sort_unstable();
        keys
    }

    /// Every CronJob key, in order.
    pub fn cronjob_keys(&self) -> Vec<NsName> {
        let mut keys: Vec<NsName> = self.cronjobs.keys().cloned().collect();
        keys.sort_unstable();
        keys
    }

    /// A CronJob by namespace and name.
    pub fn cronjob(&self, key: &NsName) -> Option<&CronJob> {
        self.cronjobs.get(key).map(|c| &**c)
    }

    /// The stored pod itself (shared).
    pub fn pod_shared(&self, uid: &str) -> Option<Arc<Pod>> {
        self.pods.get(uid).cloned()
    }

    /// A pod by uid.
    pub fn pod(&self, uid: &str) -> Option<&Pod> {
        self.pods.get(uid).map(|p| &**p)
    }

    /// Every stored pod, oldest first (uids are handed out in sequence, as
    /// fixed-width hex, so their order is the creation order).
    pub fn pods(&self) -> Vec<&Pod> {
        let mut pods: Vec<(&String, &Pod)> = self.pods.iter().map(|(u, p)| (u, &**p)).collect();
        pods.sort_unstable_by(|a, b| a.0.cmp(b.0));
        pods.into_iter().map(|(_, p)| p).collect()
    }

    /// Number of pods stored.
    pub fn pod_count(&self) -> usize {
        self.pods.len()
    }

    /// Entries held in the server's indexes (pods, names, owners, the
    /// terminated-pod queue): bounded by live objects, not by time.
    pub fn index_entries(&self) -> usize {
        self.pod_names.len() + self.pods_of_job.len() + self.job_uids.len() + self.terminal.len()
    }

    /// Number of Jobs stored.
    pub fn job_count(&self) -> usize {
        self.jobs.len()
    }

    /// Store a CronJob as `kubectl apply` would (defaulted, uid assigned).
    pub fn apply_cronjob(&mut self, mut cronjob: CronJob) -> Result<(), ApiError> {
        let key = (
            ns_of(&cronjob.metadata),
            cronjob.metadata.name().to_string(),
        );
        if self.cronjobs.contains_key(&key) {
            return Err(ApiError::new(
                ApiErrorKind::AlreadyExists,
                format!("cronjobs.batch \"{}\" already exists", key.1),
            ));
        }
        crate::api::default_cronjob(&mut cronjob);
        let uid = self.uid();
        let rv = self.rv();
        let now = self.now();
        let m = &mut cronjob.metadata;
        m.namespace = Some(key.0.clone());
        m.uid = Some(uid);
        m.resource_version = Some(rv);
        m.creation_timestamp = Some(now);
        m.generation = Some(1);
        let cronjob = Arc::new(cronjob);
        self.changes.push(Change::CronJob {
            cronjob: Arc::clone(&cronjob),
        });
        self.cronjobs.insert(key, cronjob);
        Ok(())
    }

    /// Patch `spec.suspend` of a Job or CronJob (a spec change: the
    /// generation moves). False if there is no such object.
    pub fn set_suspend(&mut self, kind: &str, key: &NsName, suspend: bool) -> bool {
        let rv = self.rv();
        match kind {
            "CronJob" => {
                let Some(c) = self.cronjobs.get_mut(key) else {
                    return false;
                };
                let c = Arc::make_mut(c);
                Arc::make_mut(&mut c.spec).suspend = Some(suspend);
                c.metadata.generation = Some(c.metadata.generation.unwrap_or(1) + 1);
                c.metadata.resource_version = Some(rv);
                let cronjob = Arc::clone(&self.cronjobs[key]);
                self.changes.push(Change::CronJob { cronjob });
            }
            _ => {
                let Some(j) = self.jobs.get_mut(key) else {
                    return false;
                };
                let j = Arc::make_mut(j);
                Arc::make_mut(&mut j.spec).suspend = Some(suspend);
                j.metadata.generation = Some(j.metadata.generation.unwrap_or(1) + 1);
                j.metadata.resource_version = Some(rv);
                let job = Arc::clone(&self.jobs[key]);
                self.changes.push(Change::Job {
                    job,
                    created: false,
                    new_conditions: Vec::new(),
                });
            }
        }
        true
    }

    /// Store a Job as the API server's create does: uid, defaults, selector.
    fn store_job(&mut self, mut job: Job) -> Result<Arc<Job>, ApiError> {
        if job.metadata.name().is_empty() {
            if let Some(base) = job.metadata.generate_name.clone() {
                job.metadata.name = Some(format!("{base}{}", self.name_suffix()));
            }
        }
        let key = (ns_of(&job.metadata), job.metadata.name().to_string());
        if key.1.is_empty() {
            return Err(ApiError::new(ApiErrorKind::Other, "Job name is required"));
        }
        if self.jobs.contains_key(&key) {
            return Err(ApiError::new(
                ApiErrorKind::AlreadyExists,
                format!("jobs.batch \"{}\" already exists", key.1),
            ));
        }
        let uid = self.uid();
        let rv = self.rv();
        let now = self.now();
        let m = &mut job.metadata;
        m.namespace = Some(key.0.clone());
        m.uid = Some(uid.clone());
        m.resource_version = Some(rv);
        m.creation_timestamp = Some(now);
        m.generation = Some(1);
        m.deletion_timestamp = None;
        default_job(&mut job);
        let job = Arc::new(job);
        self.job_uids.insert(uid, key.clone());
        self.jobs.insert(key, Arc::clone(&job));
        self.changes.push(Change::Job {
            job: Arc::clone(&job),
            created: true,
            new_conditions: Vec::new(),
        });
        Ok(job)
    }

    /// Create a Job from a manifest (`kubectl create`).
    pub fn apply_job(&mut self, job: Job) -> Result<Arc<Job>, ApiError> {
        self.store_job(job)
    }

    /// Remove a Job now and garbage-collect its pods in the background
    /// (`propagationPolicy: Background`).
    pub fn remove_job(&mut self, key: &NsName) -> Option<Arc<Job>> {
        let job = self.jobs.remove(key)?;
        let uid = job.metadata.uid().to_string();
        self.job_uids.remove(&uid);
        self.changes.push(Change::JobRemoved {
            job: Arc::clone(&job),
        });
        for pod_uid in self.pods_of_job.remove(&uid).unwrap_or_default() {
            self.collect_orphan(&pod_uid);
        }
        Some(job)
    }

    /// The garbage collector deletes a pod whose Job is gone; the Job
    /// controller drops the tracking finalizer of such orphans.
    fn collect_orphan(&mut self, pod_uid: &str) {
        if let Some(pod) = self.pods.get_mut(pod_uid) {
            if pod.metadata.has_finalizer(JOB_TRACKING_FINALIZER) {
                if let Some(f) = &mut Arc::make_mut(pod).metadata.finalizers {
                    f.retain(|x| x != JOB_TRACKING_FINALIZER);
                }
            }
        }
        self.request_pod_deletion(pod_uid);
    }

    /// Set deletionTimestamp (or remove a pod that has already stopped).
    fn request_pod_deletion(&mut self, uid: &str) {
        let now = self.now();
        let rv = self.rv();
        let Some(pod) = self.pods.get_mut(uid) else {
            return;
        };
        if pod.metadata.deletion_timestamp.is_none() {
            let pod = Arc::make_mut(pod);
            pod.metadata.deletion_timestamp = Some(now);
            pod.metadata.deletion_grace_period_seconds =
                Some(pod.spec.termination_grace_period_seconds.unwrap_or(30));
            pod.metadata.resource_version = Some(rv);
            self.changes.push(Change::Pod {
                pod: Arc::clone(&self.pods[uid]),
                what: PodChange::Deleting,
            });
        }
        self.maybe_remove_pod(uid);
    }

    /// A pod goes once it is deleted, stopped and has no finalizers left.
    fn maybe_remove_pod(&mut self, uid: &str) {
        let removable = self.pods.get(uid).is_some_and(|p| {
            p.metadata.deletion_timestamp.is_some()
                && p.metadata.finalizers.as_ref().is_none_or(|f| f.is_empty())
                && is_terminal(p)
        });
        if removable {
            self.remove_pod(uid);
        }
    }

    fn remove_pod(&mut self, uid: &str) {
        let Some(pod) = self.pods.remove(uid) else {
            return;
        };
        if is_terminal(&pod) {
            self.terminal_count = self.terminal_count.saturating_sub(1);
        }
        self.pod_names
            .remove(&(ns_of(&pod.metadata), pod.metadata.name().to_string()));
        if let Some(owner) = pod.metadata.controller_ref() {
            if let Some(set) = self.pods_of_job.get_mut(&owner.uid) {
                set.remove(uid);
            }
        }
        self.changes.push(Change::PodRemoved { pod });
    }

    /// The kubelet writes a pod's status; returns false if the pod is gone.
    pub fn update_pod(&mut self, uid: &str, f: impl FnOnce(&mut Pod)) -> bool {
        let rv = self.rv();
        let Some(pod) = self.pods.get_mut(uid) else {
            return false;
        };
        let was_terminal = is_terminal(pod);
        let pod = Arc::make_mut(pod);
        f(pod);
        pod.metadata.resource_version = Some(rv);
        let now_terminal = is_terminal(pod);
        self.changes.push(Change::Pod {
            pod: Arc::clone(&self.pods[uid]),
            what: PodChange::Updated,
        });
        if now_terminal && !was_terminal {
            self.terminal_count += 1;
            self.terminal.push_back(uid.to_string());
            self.collect_terminated();
            // Pods removed by other paths leave stale uids: drop them now and
            // then so the queue stays the size of the live set.
            if self.terminal.len() > 2 * self.terminal_count + TERMINAL_SLACK {
                let pods = &self.pods;
                self.terminal.retain(|u| pods.contains_key(u));
            }
        }
        self.maybe_remove_pod(uid);
        true
    }

    /// PodGC: beyond the threshold, delete the oldest terminated pods.
    fn collect_terminated(&mut self) {
        while self.terminal_count > self.pod_gc_threshold {
            let Some(uid) = self.terminal.pop_front() else {
                break;
            };
            let deletable = self
                .pods
                .get(&uid)
                .is_some_and(|p| is_terminal(p) && p.metadata.deletion_timestamp.is_none());
            if deletable {
                self.request_pod_deletion(&uid);
                if self.pods.contains_key(&uid) {
                    // Finalizer still on: it stays counted until removed.
                    self.terminal.push_back(uid);
                    break;
                }
            }
        }
    }

    /// Write the CronJob controller's view of job ownership: Jobs of a CronJob,
    /// in namespace and name order.
    pub fn jobs_owned_by(&self, cronjob_uid: &str) -> Vec<&Job> {
        let mut jobs: Vec<&Job> = self
            .jobs
            .values()
            .map(|j| &**j)
            .filter(|j| {
                j.metadata
                    .controller_ref()
                    .is_some_and(|r| r.uid == cronjob_uid)
            })
            .collect();
        jobs.sort_unstable_by(|a, b| {
            (a.metadata.namespace(), a.metadata.name())
                .cmp(&(b.metadata.namespace(), b.metadata.name()))
        });
        jobs
    }

    fn job_key(key: &ObjectKey) -> NsName {
        let ns = if key.namespace.is_empty() {
            "default".to_string()
        } else {
            key.namespace.clone()
        };
        (ns, key.name.clone())
    }

    fn find_pod(&self, key: &ObjectKey) -> Result<String, ApiError> {
        let uid = self
            .pod_names
            .get(&Self::job_key(key))
            .ok_or_else(|| not_found("pods", key))?;
        if let Some(want) = &key.uid {
            if want != uid {
                return Err(ApiError::new(
                    ApiErrorKind::Conflict,
                    format!("precondition failed: uid in precondition: {want}, uid in object meta: {uid}"),
                ));
            }
        }
        Ok(uid.clone())
    }
}

impl PodControl for ApiServer {
    fn create_pod(&mut self, pod: &Pod) -> Result<Pod, ApiError> {
        self.create_pod_owned(pod.clone())
    }

    fn create_pod_owned(&mut self, mut pod: Pod) -> Result<Pod, ApiError> {
        let label = pod
            .metadata
            .name
            .clone()
            .or_else(|| pod.metadata.generate_name.clone())
            .unwrap_or_default();
        self.inject(self.errors.create, "create pod", &label)?;
        let ns = ns_of(&pod.metadata);
        let name = match pod.metadata.name.clone() {
            Some(n) => n,
            None => loop {
                let base = pod.metadata.generate_name.clone().unwrap_or_default();
                let n = format!("{base}{}", self.name_suffix());
                if !self.pod_names.contains_key(&(ns.clone(), n.clone())) {
                    break n;
                }
            },
        };
        if self.pod_names.contains_key(&(ns.clone(), name.clone())) {
            return Err(ApiError::new(
                ApiErrorKind::AlreadyExists,
                format!("pods \"{name}\" already exists"),
            ));
        }
        let uid = self.uid();
        let rv = self.rv();
        let now = self.now();
        let m = &mut pod.metadata;
        m.name = Some(name.clone());
        m.namespace = Some(ns.clone());
        m.uid = Some(uid.clone());
        m.resource_version = Some(rv);
        m.creation_timestamp = Some(now);
        m.deletion_timestamp = None;
        pod.status = Some(PodStatus {
            phase: Some(PodPhase::Pending),
            ..PodStatus::default()
        });
        let owner = pod.metadata.controller_ref().map(|r| r.uid.clone());
        self.pod_names.insert((ns, name), uid.clone());
        let created = pod.clone();
        let pod = Arc::new(pod);
        self.changes.push(Change::Pod {
            pod: Arc::clone(&pod),
            what: PodChange::Created,
        });
        self.pods.insert(uid.clone(), pod);
        match owner {
            Some(o) if self.job_uids.contains_key(&o) => {
                self.pods_of_job.entry(o).or_default().insert(uid);
            }
            _ => self.collect_orphan(&uid),
        }
        Ok(created)
    }

    fn delete_pod(&mut self, key: &ObjectKey) -> Result<(), ApiError> {
        self.inject(self.errors.delete, "delete pod", &key.name)?;
        let uid = self.find_pod(key)?;
        self.request_pod_deletion(&uid);
        Ok(())
    }

    fn remove_finalizer(&mut self, key: &ObjectKey) -> Result<(), ApiError> {
        self.inject(self.errors.patch, "patch pod", &key.name)?;
        let uid = self.find_pod(key)?;
        let rv = self.rv();
        if let Some(pod) = self.pods.get_mut(&uid) {
            let had = pod.metadata.has_finalizer(JOB_TRACKING_FINALIZER);
            if had {
                let pod = Arc::make_mut(pod);
                if let Some(f) = &mut pod.metadata.finalizers {
                    f.retain(|x| x != JOB_TRACKING_FINALIZER);
                }
                pod.metadata.resource_version = Some(rv);
                self.changes.push(Change::Pod {
                    pod: Arc::clone(&self.pods[&uid]),
                    what: PodChange::Updated,
                });
            }
        }
        self.maybe_remove_pod(&uid);
        Ok(())
    }
    fn patch_pod(&mut self, key: &ObjectKey, patch: &serde_json::Value) -> Result<(), ApiError> {
        self.inject(self.errors.patch, "patch pod", &key.name)?;
        let uid = self.find_pod(key)?;
        let Some(old) = self.pods.get(&uid) else {
            return Err(not_found("pods", key));
        };
        let mut meta = old.metadata.clone();
        apply_owner_patch(&mut meta, patch)?;
        let rv = self.rv();
        let Some(stored) = self.pods.get_mut(&uid) else {
            return Err(not_found("pods", key));
        };
        let old_owner = stored.metadata.controller_ref().map(|r| r.uid.clone());
        let new_owner = meta.controller_ref().map(|r| r.uid.clone());
        let pod = Arc::make_mut(stored);
        pod.metadata = meta;
        pod.metadata.resource_version = Some(rv);
        self.changes.push(Change::Pod {
            pod: Arc::clone(&self.pods[&uid]),
            what: PodChange::Updated,
        });
        if old_owner != new_owner {
            if let Some(set) = old_owner.and_then(|o| self.pods_of_job.get_mut(&o)) {
                set.remove(&uid);
            }
            if let Some(o) = new_owner.filter(|o| self.job_uids.contains_key(o)) {
                self.pods_of_job.entry(o).or_default().insert(uid.clone());
            }
        }
        self.maybe_remove_pod(&uid);
        Ok(())
    }
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ApiErrorKind::Invalid, message)
}

/// The strategic merge of the two patch shapes the Job controller sends
/// (`ownerRefControllerPatch`, `GenerateDeleteOwnerRefStrategicMergeBytes`):
/// owner references merge by uid (or are deleted by `$patch: delete`),
/// finalizers merge as a set, `$deleteFromPrimitiveList/finalizers` removes.
pub fn apply_owner_patch(
    meta: &mut crate::api::ObjectMeta,
    patch: &serde_json::Value,
) -> Result<(), ApiError> {
    let Some(m) = patch.get("metadata").and_then(|m| m.as_object()) else {
        return Err(invalid("patch has no metadata"));
    };
    if let Some(uid) = m.get("uid").and_then(|u| u.as_str()) {
        if uid != meta.uid() {
            return Err(invalid(format!(
                "metadata.uid: Invalid value: \"{uid}\": field is immutable"
            )));
        }
    }
    if let Some(refs) = m.get("ownerReferences").and_then(|r| r.as_array()) {
        let list = meta.owner_references_mut();
        for r in refs {
            let uid = r.get("uid").and_then(|u| u.as_str()).unwrap_or_default();
            if r.get("$patch").and_then(|p| p.as_str()) == Some("delete") {
                list.retain(|o| o.uid != uid);
                continue;
            }
            let new: OwnerReference = serde_json::from_value(r.clone())
                .map_err(|e| invalid(format!("metadata.ownerReferences: {e}")))?;
            match list.iter_mut().find(|o| o.uid == new.uid) {
                Some(o) => *o = new,
                None => list.push(new),
            }
        }
        if list.is_empty() {
            meta.owner_references = None;
        }
    }
    if let Some(add) = m.get("finalizers").and_then(|f| f.as_array()) {
        let list = meta.finalizers.get_or_insert_with(Vec::new);
        for f in add.iter().filter_map(|f| f.as_str()) {
            if !list.iter().any(|x| x == f) {
                list.push(f.to_string());
            }
        }
    }
    if let Some(del) = m
        .get("$deleteFromPrimitiveList/finalizers")
        .and_then(|f| f.as_array())
    {
        if let Some(list) = &mut meta.finalizers {
            list.retain(|x| !del.iter().any(|d| d.as_str() == Some(x)));
        }
    }
    let controllers = meta
        .owner_refs()
        .iter()
        .filter(|r| r.controller == Some(true))
        .count();
    if controllers > 1 {
        return Err(invalid(
            "metadata.ownerReferences: Invalid value: Only one reference can have Controller set to true",
        ));
    }
    Ok(())
}

impl JobControl for ApiServer {
    fn update_job_status(&mut self, job: &Job) -> Result<Job, ApiError> {
        self.update_job_status_owned(job.clone())
    }

    fn update_job_status_owned(&mut self, job: Job) -> Result<Job, ApiError> {
        self.inject(
            self.errors.status_write,
            "update job status",
            job.metadata.name(),
        )?;
        let key = (ns_of(&job.metadata), job.metadata.name().to_string());
        let rv = self.rv();
        let stored = self
            .jobs
            .get_mut(&key)
            .ok_or_else(|| not_found("jobs.batch", &ObjectKey::of(&job.metadata)))?;
        if job.metadata.uid.is_some() && job.metadata.uid != stored.metadata.uid {
            return Err(ApiError::new(
                ApiErrorKind::Conflict,
                "uid precondition failed",
            ));
        }
        if job.metadata.resource_version.is_some()
            && job.metadata.resource_version != stored.metadata.resource_version
        {
            return Err(ApiError::new(
                ApiErrorKind::Conflict,
                format!(
                    "Operation cannot be fulfilled on jobs.batch \"{}\": the object has been modified; please apply your changes to the latest version and try again",
                    key.1
                ),
            ));
        }
        // A new object, as the API server stores one: the old status is not
        // copied only to be overwritten.
        let new_conditions = newly_true_conditions(stored.status(), job.status());
        let mut metadata = stored.metadata.clone();
        metadata.resource_version = Some(rv);
        let next = Job {
            api_version: stored.api_version.clone(),
            kind: stored.kind.clone(),
            metadata,
            spec: Arc::clone(&stored.spec),
            status: job.status,
        };
        let out = next.clone();
        let next = Arc::new(next);
        *stored = Arc::clone(&next);
        self.changes.push(Change::Job {
            job: next,
            created: false,
            new_conditions,
        });
        Ok(out)
    }

    fn get_job(&mut self, key: &ObjectKey) -> Result<Job, ApiError> {
        self.jobs
            .get(&Self::job_key(key))
            .map(|j| Job::clone(j))
            .ok_or_else(|| not_found("jobs.batch", key))
    }

    fn create_job(&mut self, job: &Job) -> Result<Job, ApiError> {
        self.create_job_owned(job.clone())
    }

    fn create_job_owned(&mut self, job: Job) -> Result<Job, ApiError> {
        self.inject(self.errors.create, "create job", job.metadata.name())?;
        self.store_job(job).map(|j| Job::clone(&j))
    }

    fn delete_job(&mut self, key: &ObjectKey) -> Result<(), ApiError> {
        self.inject(self.errors.delete, "delete job", &key.name)?;
        let k = Self::job_key(key);
        let stored = self
            .jobs
            .get(&k)
            .ok_or_else(|| not_found("jobs.batch", key))?;
        if let Some(want) = &key.uid {
            if stored.metadata.uid.as_ref() != Some(want) {
                return Err(ApiError::new(
                    ApiErrorKind::Conflict,
                    "uid precondition failed",
                ));
            }
        }
        self.remove_job(&k);
        Ok(())
    }

    fn get_cronjob(&mut self, key: &ObjectKey) -> Result<CronJob, ApiError> {
        self.cronjobs
            .get(&Self::job_key(key))
            .map(|c| CronJob::clone(c))
            .ok_or_else(|| not_found("cronjobs.batch", key))
    }

    fn update_cronjob_status(&mut self, cronjob: &CronJob) -> Result<CronJob, ApiError> {
        self.update_cronjob_status_owned(cronjob.clone())
    }

    fn update_cronjob_status_owned(&mut self, cronjob: CronJob) -> Result<CronJob, ApiError> {
        self.inject(
            self.errors.status_write,
            "update cronjob status",
            cronjob.metadata.name(),
        )?;
        let okey = ObjectKey::of(&cronjob.metadata);
        let key = Self::job_key(&okey);
        let rv = self.rv();
        let stored = self
            .cronjobs
            .get_mut(&key)
            .ok_or_else(|| not_found("cronjobs.batch", &okey))?;
        let mut metadata = stored.metadata.clone();
        metadata.resource_version = Some(rv);
        let next = CronJob {
            api_version: stored.api_version.clone(),
            kind: stored.kind.clone(),
            metadata,
            spec: Arc::clone(&stored.spec),
            status: cronjob.status,
        };
        let out = next.clone();
        let next = Arc::new(next);
        *stored = Arc::clone(&next);
        self.changes.push(Change::CronJob { cronjob: next });
        Ok(out)
    }
}

/// Conditions True in `new` and not True in `old`: (type, reason).
fn newly_true_conditions(old: &JobStatus, new: &JobStatus) -> Vec<(String, String)> {
    let was_true = |t: &JobConditionType| {
        old.conditions
            .iter()
            .flatten()
            .any(|c| c.status == ConditionStatus::True && c.type_ == *t)
    };
    new.conditions
        .iter()
        .flatten()
        .filter(|c| c.status == ConditionStatus::True && !was_true(&c.type_))
        .map(|c| {
            (
                c.type_.as_str().to_string(),
                c.reason.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// The owner reference a controller puts on what it creates.
pub fn owner_ref(kind: &str, meta: &crate::api::ObjectMeta) -> OwnerReference {
    OwnerReference {
        api_version: "batch/v1".into(),
        kind: kind.into(),
        name: meta.name().to_string(),
        uid: meta.uid().to_string(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::claim::{adoption_patch, release_patch};

    fn server_with_owned_pod() -> (ApiServer, Arc<Job>, ObjectKey) {
        let mut api = ApiServer::new(
            DateTime::<Utc>::default(),
            Rng::new(1),
            ApiErrorRates::default(),
            1000,
        );
        let job: Job = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "j", "namespace": "ns"},
            "spec": {"template": {"metadata": {"labels": {"app": "x"}},
                     "spec": {"containers": [{"name": "c"}]}}},
        }))
        .expect("job");
        let job = api.apply_job(job).expect("stored");
        let mut pod = Pod::default();
        pod.metadata.name = Some("p".into());
        pod.metadata.namespace = Some("ns".into());
        pod.metadata.owner_references = Some(vec![owner_ref("Job", &job.metadata)].into());
        pod.metadata.finalizers = Some(vec![JOB_TRACKING_FINALIZER.into()]);
        api.create_pod(&pod).expect("created");
        let key = ObjectKey {
            namespace: "ns".into(),
            name: "p".into(),
            uid: None,
        };
        api.drain_changes();
        (api, job, key)
    }

    fn stored(api: &ApiServer) -> Pod {
        let uid = api.pod_names[&("ns".to_string(), "p".to_string())].clone();
        Pod::clone(&api.pods[&uid])
    }

    #[test]
    fn release_then_adoption_patches_move_owner_and_finalizer() {
        let (mut api, job, key) = server_with_owned_pod();
        let pod_uid = stored(&api).metadata.uid().to_string();
        api.patch_pod(&key, &release_patch(&job, &pod_uid))
            .expect("released");
        let p = stored(&api);
        assert_eq!(p.metadata.owner_references, None);
        assert!(!p.metadata.has_finalizer(JOB_TRACKING_FINALIZER));
        assert!(api.pods_of_job[job.metadata.uid()].is_empty());
        assert!(matches!(
            api.drain_changes().as_slice(),
            [Change::Pod {
                what: PodChange::Updated,
                ..
            }]
        ));

        api.patch_pod(&key, &adoption_patch(&job, &pod_uid))
            .expect("adopted");
        let p = stored(&api);
        assert_eq!(
            p.metadata.controller_ref().map(|r| r.uid.as_str()),
            Some(job.metadata.uid())
        );
        assert!(p.metadata.has_finalizer(JOB_TRACKING_FINALIZER));
        assert!(api.pods_of_job[job.metadata.uid()].contains(&pod_uid));
    }

    #[test]
    fn patches_for_another_incarnation_or_a_second_controller_are_invalid() {
        let (mut api, job, key) = server_with_owned_pod();
        let e = api
            .patch_pod(&key, &release_patch(&job, "old-uid"))
            .expect_err("uid differs");
        assert_eq!(e.kind, ApiErrorKind::Invalid);
        let pod_uid = stored(&api).metadata.uid().to_string();
        let mut other = Job::clone(&job);
        other.metadata.uid = Some("other-uid".into());
        let e = api
            .patch_pod(&key, &adoption_patch(&other, &pod_uid))
            .expect_err("two controllers");
        assert_eq!(e.kind, ApiErrorKind::Invalid);
        // Rejected patches change nothing.
        assert_eq!(
            stored(&api)
                .metadata
                .controller_ref()
                .map(|r| r.uid.clone()),
            Some(job.metadata.uid().to_string())
        );
        assert!(api.drain_changes().is_empty());
    }
}
