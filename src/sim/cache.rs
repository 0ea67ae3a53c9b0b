//! The controllers' informer cache: what they see, possibly behind the API
//! server by the scenario's watch lag.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::api::{CronJob, Job, Pod};

use super::apiserver::{Change, NsName};

/// A Job's pods in a stable order, updatable by uid.
#[derive(Default)]
pub struct PodList {
    pods: Vec<Arc<Pod>>,
    at: FxHashMap<String, usize>,
}

impl PodList {
    fn upsert(&mut self, pod: Arc<Pod>) {
        let uid = pod.metadata.uid().to_string();
        match self.at.get(&uid) {
            Some(&i) => self.pods[i] = pod,
            None => {
                self.at.insert(uid, self.pods.len());
                self.pods.push(pod);
            }
        }
    }

    fn remove(&mut self, uid: &str) {
        let Some(i) = self.at.remove(uid) else {
            return;
        };
        self.pods.swap_remove(i);
        if let Some(moved) = self.pods.get(i) {
            self.at.insert(moved.metadata.uid().to_string(), i);
        }
    }

    /// Put `stand_in` in the pod's place; false if the pod is not listed.
    fn swap(&mut self, uid: &str, stand_in: Arc<Pod>) -> Option<Arc<Pod>> {
        let &i = self.at.get(uid)?;
        Some(std::mem::replace(&mut self.pods[i], stand_in))
    }

    /// The pods.
    pub fn as_slice(&self) -> &[Arc<Pod>] {
        &self.pods
    }
}

/// What the informers have delivered so far.
#[derive(Default)]
pub struct Cache {
    pub jobs: FxHashMap<NsName, Arc<Job>>,
    pub job_keys: FxHashMap<String, NsName>,
    pub cronjobs: FxHashMap<NsName, Arc<CronJob>>,
    pub cronjob_keys: FxHashMap<String, NsName>,
    pub pods: FxHashMap<String, PodList>,
    /// A CronJob's Jobs in name order (the same shared objects as `jobs`).
    pub jobs_of_cronjob: FxHashMap<String, Vec<Arc<Job>>>,
    /// Holds a released pod's place (see [`Cache::release_pod`]).
    stand_in: Arc<Pod>,
}

/// Which controllers a delivered change wakes up.
#[derive(Debug, Default)]
pub struct Wake {
    /// Job key and whether to sync immediately (else batched).
    pub job: Option<(NsName, bool)>,
    pub cronjob: Option<NsName>,
}

fn key_of(meta: &crate::api::ObjectMeta) -> NsName {
    (
        meta.namespace.clone().unwrap_or_else(|| "default".into()),
        meta.name().to_string(),
    )
}

/// [`key_of`] without copying.
fn key_ref(meta: &crate::api::ObjectMeta) -> (&str, &str) {
    (meta.namespace.as_deref().unwrap_or("default"), meta.name())
}

impl Cache {
    /// Objects and index entries held (bounded by live objects).
    pub fn entries(&self) -> usize {
        self.jobs.len()
            + self.job_keys.len()
            + self.cronjobs.len()
            + self.cronjob_keys.len()
            + self.pods.values().map(|l| l.pods.len() + 1).sum::<usize>()
            + self
                .jobs_of_cronjob
                .values()
                .map(|l| l.len() + 1)
                .sum::<usize>()
    }

    /// Let go of the cache's copy of a pod about to be written, so the
    /// write need not copy it; the slot holds a stand-in until
    /// [`Cache::restore_pod`] or the write's own change replaces it. Only
    /// sound when changes are delivered before anything reads the cache.
    pub fn release_pod(&mut self, job_uid: &str, pod_uid: &str) -> bool {
        let stand_in = Arc::clone(&self.stand_in);
        self.pods
            .get_mut(job_uid)
            .and_then(|l| l.swap(pod_uid, stand_in))
            .is_some()
    }

    /// Put `pod` back in a released slot nothing has replaced.
    pub fn restore_pod(&mut self, job_uid: &str, pod_uid: &str, pod: Arc<Pod>) {
        let Some(list) = self.pods.get_mut(job_uid) else {
            return;
        };
        let Some(&i) = list.at.get(pod_uid) else {
            return;
        };
        if Arc::ptr_eq(&list.pods[i], &self.stand_in) {
            list.pods[i] = pod;
        }
    }

    /// A Job's pods.
    pub fn pods_of(&self, job_uid: &str) -> &[Arc<Pod>] {
        self.pods.get(job_uid).map_or(&[], PodList::as_slice)
    }

    /// A CronJob's Jobs, in name order.
    pub fn jobs_of(&self, cronjob_uid: &str) -> &[Arc<Job>] {
        self.jobs_of_cronjob
            .get(cronjob_uid)
            .map_or(&[], Vec::as_slice)
    }

    fn owner_cronjob(&self, job: &Job) -> Option<NsName> {
        let r = job.metadata.controller_ref()?;
        (r.kind == "CronJob")
            .then(|| self.cronjob_keys.get(&r.uid).cloned())
            .flatten()
    }

    /// Apply a watch event; returns which controllers to wake.
    pub fn apply(&mut self, change: Change) -> Wake {
        let mut wake = Wake::default();
        match change {
            Change::Pod { pod, .. } => {
                if let Some(owner) = pod.metadata.controller_ref() {
                    if let Some(k) = self.job_keys.get(&owner.uid) {
                        match self.pods.get_mut(&owner.uid) {
                            Some(list) => list.upsert(pod),
                            None => {
                                let owner = owner.uid.clone();
                                let mut list = PodList::default();
                                list.upsert(pod);
                                self.pods.insert(owner, list);
                            }
                        }
                        wake.job = Some((k.clone(), false));
                    }
                }
            }
            Change::PodRemoved { pod } => {
                if let Some(owner) = pod.metadata.controller_ref() {
                    if let Some(list) = self.pods.get_mut(&owner.uid) {
                        list.remove(pod.metadata.uid());
                    }
                    if let Some(k) = self.job_keys.get(&owner.uid) {
                        wake.job = Some((k.clone(), false));
                    }
                }
            }
            Change::Job { job, created, .. } => {
                let key = key_of(&job.metadata);
                let generation_changed = created
                    || self
                        .jobs
                        .get(&key)
                        .is_none_or(|old| old.metadata.generation != job.metadata.generation);
                if let Some(cj) = self.owner_cronjob(&job) {
                    if let Some(cj_uid) =
                        self.cronjobs.get(&cj).and_then(|c| c.metadata.uid.as_ref())
                    {
                        // The uid is copied only for a CronJob's first Job.
                        if !self.jobs_of_cronjob.contains_key(cj_uid) {
                            self.jobs_of_cronjob.insert(cj_uid.clone(), Vec::new());
                        }
                        if let Some(list) = self.jobs_of_cronjob.get_mut(cj_uid) {
                            let want = (key.0.as_str(), key.1.as_str());
                            match list.binary_search_by(|j| key_ref(&j.metadata).cmp(&want)) {
                                Ok(i) => list[i] = Arc::clone(&job),
                                Err(i) => list.insert(i, Arc::clone(&job)),
                            }
                        }
                    }
                    wake.cronjob = Some(cj);
                }
                if !self.job_keys.contains_key(job.metadata.uid()) {
                    self.job_keys
                        .insert(job.metadata.uid().to_string(), key.clone());
                }
                self.jobs.insert(key.clone(), job);
                wake.job = Some((key, generation_changed));
            }
            Change::JobRemoved { job } => {
                let key = key_of(&job.metadata);
                let uid = job.metadata.uid();
                if self.jobs.get(&key).is_some_and(|j| j.metadata.uid() == uid) {
                    self.jobs.remove(&key);
                }
                self.job_keys.remove(uid);
                self.pods.remove(uid);
                if let Some(cj) = self.owner_cronjob(&job) {
                    if let Some(cj_uid) =
                        self.cronjobs.get(&cj).and_then(|c| c.metadata.uid.clone())
                    {
                        if let Some(list) = self.jobs_of_cronjob.get_mut(&cj_uid) {
                            list.retain(|j| j.metadata.uid() != uid);
                        }
                    }
                    wake.cronjob = Some(cj);
                }
            }
            Change::CronJob { cronjob } => {
                let key = key_of(&cronjob.metadata);
                self.cronjob_keys
                    .insert(cronjob.metadata.uid().to_string(), key.clone());
                self.cronjobs.insert(key.clone(), cronjob);
                wake.cronjob = Some(key);
            }
            Change::Injected { .. } => {}
        }
        wake
    }
}
