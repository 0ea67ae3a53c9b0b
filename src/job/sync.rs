//! `syncJob` as a host-driven state machine.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::actions::{
    success_result, ApiErrorKind, Event, EventType, ObjectKey, OpResult, Operation, Outcome,
    Reconcile,
};
use crate::api::{
    ConditionStatus, Job, JobCondition, JobConditionType, Pod, UncountedTerminatedPods,
    JOB_CONTROLLER_NAME,
};

use super::backoff::BackoffRecord;
use super::backoff::{
    get_finished_time as finished_time, DEFAULT_JOB_POD_FAILURE_BACKOFF,
    MAX_JOB_POD_FAILURE_BACKOFF,
};
use super::claim::{adoption_patch, aggregate, release_patch, selector_conversion_error};
use super::conditions::{
    ensure_condition, failed_for_failure_target, is_success_criteria_met, message, new_condition,
    new_failure_condition, new_success_condition, reason, success_criteria_met,
    REASON_BACKOFF_LIMIT_EXCEEDED, REASON_DEADLINE_EXCEEDED, REASON_FAILED_INDEXES,
    REASON_MAX_FAILED_INDEXES_EXCEEDED, REASON_POD_FAILURE_POLICY, REASON_SUCCESS_POLICY,
};
use super::counting::{
    census_claimed, only_replace_failed_pods, Census, Claim, PodFacts, FAILED, FINALIZER, READY,
    SUCCEEDED, TERMINATING,
};
use super::deadline::{active_deadline, ActiveDeadline};
use super::indexes::{
    get_index_absolute_failure_count as index_absolute_failure_count,
    get_new_index_failure_counts as new_index_failure_counts, is_index_failed, OrderedIntervals,
};
use super::manage::{
    active_pods_for_removal, first_pending_indexes, pod_creation_info_for_independent_indexes,
    want_active, PodFactory, MAX_POD_CREATE_DELETE_PER_SYNC,
};
use super::pod_failure_policy::match_pod_failure_policy;
use super::pods::Pods;
use super::state::JobControllerMemory;
use super::success_policy::match_success_policy;
use super::tracking::{clean_uncounted_pods_without_finalizers, uncounted_len, MAX_UNCOUNTED_PODS};

/// Requeues for the pod recreation backoff are at least this long
/// (`syncJobBatchPeriod`, via `enqueueSyncJobWithDelay`).
const MIN_BACKOFF_REQUEUE: StdDuration = StdDuration::from_secs(1);

/// Which API calls the last batch held.
#[derive(Debug)]
enum Step {
    /// No batch outstanding.
    Idle,
    /// `ClaimPods` PATCHes; `rest` waits for the `CanAdopt` read.
    ClaimPatches { sent: Vec<Claim>, rest: Vec<Claim> },
    /// The uncached Job read before the first adoption (`RecheckDeletionTimestamp`).
    CanAdopt { rest: Vec<Claim> },
    /// Finishing: DELETE of every active pod (`deleteActivePods`).
    DeleteActive(Vec<usize>),
    /// Surplus or suspended pods: finalizer PATCHes (`deleteJobPods`, first half).
    SurplusPatch {
        pods: Vec<usize>,
        patched: Vec<usize>,
    },
    /// Surplus or suspended pods: DELETEs after the patches (`deleteJobPods`).
    SurplusDelete { pods: Vec<usize> },
    /// A slow-start batch of creates; `left` are the creates not yet sent.
    Create {
        sent: Vec<Option<i64>>,
        left: Vec<Option<i64>>,
        names: Vec<String>,
    },
    /// Status write #1 (`flushUncountedAndRemoveFinalizers`).
    Flush1,
    /// Finalizer removal (`removeTrackingFinalizerFromPods`).
    RemoveFinalizers(Vec<usize>),
    /// Status write #2 with partial progress after a failed removal.
    Flush2(String),
    /// Status write #3 (`trackJobStatusAndRemoveFinalizers` end).
    Flush3 { finished: bool },
    /// The sync is over.
    Done,
}

/// One Job sync in progress (upstream `syncJob`), driven by its host.
///
/// Host contract. Start it with [`sync_job`] from the Job as the host's
/// cache has it, the [`JobControllerMemory`] the host keeps for that Job
/// (default for a new Job) and the pods of the Job's namespace the host
/// lists for it (the sync keeps the pods the Job controls and the selector
/// still matches, plus orphans it adopts). Then alternate
/// [`Reconcile::poll_batch`] and [`Reconcile::on_results`]: each batch may
/// run concurrently, and its results go back in the batch's order, one per
/// operation, before the next poll; later batches depend on them. The
/// batches, in upstream's order: first, only when some pod's ownership must
/// change (`ClaimPods`), [`Operation::PatchPod`]es releasing owned pods the
/// selector no longer matches, an uncached [`Operation::GetJob`] (answer
/// with the Job as the API server has it) before the first adoption, and the
/// remaining adoption / release `PatchPod`es; a failed claim ends the sync
/// with its error. Then pod deletes, finalizer patches, slow-start create
/// batches and status writes. `poll_batch` returning `None` ends the sync:
/// [`Reconcile::outcome`] gives the events, the requeue delay (active
/// deadline, pod recreation backoff) and the error (requeue with rate-limited
/// backoff). The host then keeps [`JobSync::into_memory`] for the next sync
/// and, as its informer sees pods appear, disappear or lose the tracking
/// finalizer, calls `creation_observed`, `deletion_observed` and
/// `finalizer_removal_observed` on that memory; when the Job is gone it calls
/// `forget`. Getters: [`JobSync::job`] (the Job as last written, or as this
/// sync is building it) and [`JobSync::memory`].
#[derive(Debug)]
pub struct JobSync<'a> {
    input: &'a Job,
    pods: Pods<'a>,
    now: DateTime<Utc>,
    job: Job,
    key: ObjectKey,
    memory: JobControllerMemory,
    census: Census<'a>,
    uncounted_succeeded: FxHashSet<&'a str>,
    uncounted_failed: FxHashSet<&'a str>,
    satisfied: bool,
    succeeded: i32,
    active: i32,
    ready: i32,
    terminating: i32,
    finished_condition: Option<JobCondition>,
    prev_succeeded_indexes: OrderedIntervals,
    succeeded_indexes: OrderedIntervals,
    failed_indexes: Option<OrderedIntervals>,
    delayed_deletion: FxHashMap<i64, usize>,
    new_backoff: BackoffRecord,
    finishing: bool,
    manage_called: bool,
    surplus_removed: i32,
    surplus_ready: i32,
    factory: Option<PodFactory>,
    pods_to_remove: Vec<usize>,
    needs_flush: bool,
    reached_max: bool,
    manage_err: Option<String>,
    track_err: Option<String>,
    not_adopted: Vec<u32>,
    claim_errors: Vec<(u32, String)>,
    step: Step,
    batch: Option<Vec<Operation>>,
    outcome: Outcome,
}

/// Start a sync of `job` at `now` (upstream `syncJob`). See [`JobSync`].
pub fn sync_job<'a>(
    job: &'a Job,
    memory: &JobControllerMemory,
    pods: impl Into<Pods<'a>>,
    now: DateTime<Utc>,
) -> JobSync<'a> {
    let mut s = JobSync::new(job, memory, pods.into(), now);
    s.begin(job);
    s
}

/// Only `trackJobStatusAndRemoveFinalizers`, for a Job whose sync decided
/// `finished_condition` (upstream's unit of that name): the pod context is
/// derived from the pods as `syncJob` does, with the succeeded indexes taken
/// from `status.completedIndexes`.
pub fn track_job_status_and_remove_finalizers<'a>(
    job: &'a Job,
    memory: &JobControllerMemory,
    pods: impl Into<Pods<'a>>,
    finished_condition: Option<JobCondition>,
    needs_flush: bool,
    now: DateTime<Utc>,
) -> JobSync<'a> {
    let mut s = JobSync::new(job, memory, pods.into(), now);
    s.observe(job);
    if s.indexed() {
        let completions = s.completions_i32();
        s.prev_succeeded_indexes = OrderedIntervals::parse(
            job.status().completed_indexes.as_deref().unwrap_or(""),
            completions,
        );
        s.succeeded_indexes = s.prev_succeeded_indexes.clone();
        if s.has_backoff_limit_per_index() {
            s.failed_indexes = Some(s.calculate_failed_indexes(job));
            s.delayed_deletion = s.pods_with_delayed_deletion_per_index();
        }
    }
    s.finished_condition = finished_condition;
    s.needs_flush = needs_flush;
    s.start_tracking();
    s
}

impl<'a> JobSync<'a> {
    fn new(job: &'a Job, memory: &JobControllerMemory, pods: Pods<'a>, now: DateTime<Utc>) -> Self {
        JobSync {
            input: job,
            pods,
            now,
            job: job.clone(),
            key: ObjectKey {
                namespace: job.metadata.namespace().to_string(),
                name: job.metadata.name().to_string(),
                uid: job.metadata.uid.clone(),
            },
            memory: memory.clone(),
            census: Census::default(),
            uncounted_succeeded: FxHashSet::default(),
            uncounted_failed: FxHashSet::default(),
            satisfied: true,
            succeeded: 0,
            active: 0,
            ready: 0,
            terminating: 0,
            finished_condition: None,
            prev_succeeded_indexes: OrderedIntervals::default(),
            succeeded_indexes: OrderedIntervals::default(),
            failed_indexes: None,
            delayed_deletion: FxHashMap::default(),
            new_backoff: BackoffRecord::default(),
            finishing: false,
            manage_called: false,
            surplus_removed: 0,
            surplus_ready: 0,
            factory: None,
            pods_to_remove: Vec::new(),
            needs_flush: false,
            reached_max: false,
            manage_err: None,
            track_err: None,
            not_adopted: Vec::new(),
            claim_errors: Vec::new(),
            step: Step::Idle,
            batch: None,
            outcome: Outcome::default(),
        }
    }

    /// The pod pass and the counters derived from it (start of `syncJob`).
    fn observe(&mut self, input: &'a Job) {
        let status = self.job.status.get_or_insert_with(Default::default);
        status
            .uncounted_terminated_pods
            .get_or_insert_with(UncountedTerminatedPods::default);
        if let Some(u) = &input.status().uncounted_terminated_pods {
            self.uncounted_succeeded = u.succeeded.iter().flatten().map(String::as_str).collect();
            self.uncounted_failed = u.failed.iter().flatten().map(String::as_str).collect();
        }
        self.census = census_claimed(
            input,
            self.pods,
            &self.memory.finalizer_removals,
            &self.uncounted_succeeded,
            &self.uncounted_failed,
            &self.not_adopted,
        );
        self.ready = self.census.ready;
        self.terminating = self.census.terminating;
        self.active = self.census.active.len() as i32;
    }
}

impl<'a> JobSync<'a> {
    /// The Job with the status this sync wrote (or, before the writes, the
    /// status it is building).
    pub fn job(&self) -> &Job {
        &self.job
    }

    /// The controller memory as this sync leaves it.
    pub fn memory(&self) -> &JobControllerMemory {
        &self.memory
    }

    /// The controller memory to keep for the next sync of this Job.
    pub fn into_memory(self) -> JobControllerMemory {
        self.memory
    }

    fn pod(&self, fact: usize) -> &'a Pod {
        self.pods.at(self.census.facts[fact].pod as usize)
    }

    fn fact(&self, fact: usize) -> PodFacts {
        self.census.facts[fact]
    }

    fn event(&mut self, type_: EventType, reason: &str, message: String) {
        self.outcome.events.push(Event {
            object: self.key.clone(),
            type_,
            reason: reason.to_string(),
            message,
        });
    }

    fn requeue(&mut self, after: StdDuration) {
        self.outcome.requeue_after = Some(match self.outcome.requeue_after {
            Some(d) => d.min(after),
            None => after,
        });
    }

    fn emit(&mut self, step: Step, ops: Vec<Operation>) {
        self.step = step;
        self.batch = Some(ops);
    }

    fn finish(&mut self) {
        self.step = Step::Done;
        self.outcome.error = self.track_err.take().or_else(|| self.manage_err.take());
    }

    fn pod_key(&self, fact: usize) -> ObjectKey {
        self.listed_pod_key(self.census.facts[fact].pod)
    }

    fn indexed(&self) -> bool {
        self.job.spec.is_indexed()
    }

    fn completions(&self) -> i64 {
        i64::from(self.completions_i32())
    }

    fn completions_i32(&self) -> i32 {
        self.job.spec.completions.unwrap_or(0)
    }

    fn has_backoff_limit_per_index(&self) -> bool {
        self.job.spec.backoff_limit_per_index.is_some()
    }

    /// `syncJob` up to the pod writes.
    fn begin(&mut self, input: &'a Job) {
        if let Some(m) = &input.spec.managed_by {
            if m != JOB_CONTROLLER_NAME {
                return self.finish();
            }
        }
        if input.is_finished() {
            // removeBackoffRecord
            self.memory.backoff = BackoffRecord::default();
            return self.finish();
        }
        if let Some(mode) = &input.spec.completion_mode {
            if !matches!(
                mode,
                crate::api::CompletionMode::NonIndexed | crate::api::CompletionMode::Indexed
            ) {
                self.event(
                    EventType::Warning,
                    "UnknownCompletionMode",
                    "Skipped Job sync because completion mode is unknown".to_string(),
                );
                return self.finish();
            }
        }
        self.satisfied = self.memory.expectations_satisfied(self.now);
        // getPodsForJob: a selector that does not convert fails the sync.
        if let Some(e) = input
            .spec
            .selector
            .as_ref()
            .and_then(selector_conversion_error)
        {
            self.step = Step::Done;
            self.outcome.error = Some(format!("couldn't convert Job selector: {e}"));
            return;
        }
        self.observe(input);
        if !self.census.claims.is_empty() {
            return self.start_claims();
        }
        self.count(input);
    }

    /// `syncJob` from the claimed pods on.
    fn count(&mut self, input: &'a Job) {
        let now = self.now;
        let st = input.status();
        self.succeeded = st
            .succeeded
            .unwrap_or(0)
            .saturating_add(self.census.new_succeeded as i32)
            .saturating_add(self.uncounted_succeeded.len() as i32);
        let non_ignored = match &input.spec.pod_failure_policy {
            None => self.census.new_failed.len(),
            Some(p) => self
                .census
                .new_failed
                .iter()
                .filter(|&&f| match_pod_failure_policy(Some(p), self.pod(f)).count_failed)
                .count(),
        };
        let failed = st
            .failed
            .unwrap_or(0)
            .saturating_add(non_ignored as i32)
            .saturating_add(self.uncounted_failed.len() as i32);

        let suspended = input.spec.is_suspended();
        let status = self.job.status.get_or_insert_with(Default::default);
        if status.start_time.is_none() && !suspended {
            status.start_time = Some(now);
        }
        let start_time = status.start_time;

        self.new_backoff = self.new_backoff_record();

        let backoff_limit =
            input
                .spec
                .backoff_limit
                .unwrap_or(if self.has_backoff_limit_per_index() {
                    i32::MAX
                } else {
                    6
                });
        let exceeds_backoff_limit = failed > backoff_limit;
        self.finished_condition = success_criteria_met(&self.job).cloned();
        if self.finished_condition.is_none() {
            let target = self
                .job
                .condition(&JobConditionType::FailureTarget)
                .filter(|c| c.status == ConditionStatus::True)
                .cloned();
            if let Some(t) = target {
                self.finished_condition = Some(failed_for_failure_target(&t, now));
            } else if let Some(msg) = self.fail_job_message() {
                self.finished_condition = Some(new_condition(
                    JobConditionType::FailureTarget,
                    ConditionStatus::True,
                    REASON_POD_FAILURE_POLICY,
                    &msg,
                    now,
                ));
            }
        }
        if self.finished_condition.is_none() {
            if exceeds_backoff_limit || self.past_backoff_limit_on_failure(backoff_limit) {
                self.finished_condition = Some(new_failure_condition(
                    REASON_BACKOFF_LIMIT_EXCEEDED,
                    "Job has reached the specified backoff limit",
                    now,
                ));
            } else if let (Some(seconds), Some(start), false) =
                (input.spec.active_deadline_seconds, start_time, suspended)
            {
                match active_deadline(seconds, start, now) {
                    ActiveDeadline::Passed => {
                        self.finished_condition = Some(new_failure_condition(
                            REASON_DEADLINE_EXCEEDED,
                            "Job was active longer than specified deadline",
                            now,
                        ));
                    }
                    ActiveDeadline::RequeueAfter(d) => self.requeue(d),
                }
            }
        }

        if self.indexed() {
            let completions = self.completions();
            self.prev_succeeded_indexes = OrderedIntervals::parse(
                st.completed_indexes.as_deref().unwrap_or(""),
                self.completions_i32(),
            );
            self.succeeded_indexes = self
                .prev_succeeded_indexes
                .with_ordered_indexes(&self.census.new_succeeded_indexes);
            self.succeeded = self.succeeded_indexes.total() as i32;
            if self.has_backoff_limit_per_index() {
                let failed_ix = self.calculate_failed_indexes(input);
                if self.finished_condition.is_none() {
                    let total = failed_ix.total();
                    if input
                        .spec
                        .max_failed_indexes
                        .is_some_and(|m| total > i64::from(m))
                    {
                        self.finished_condition = Some(new_failure_condition(
                            REASON_MAX_FAILED_INDEXES_EXCEEDED,
                            "Job has exceeded the specified maximal number of failed indexes",
                            now,
                        ));
                    } else if total > 0 && total + self.succeeded_indexes.total() >= completions {
                        self.finished_condition = Some(new_failure_condition(
                            REASON_FAILED_INDEXES,
                            "Job has failed indexes",
                            now,
                        ));
                    }
                }
                self.failed_indexes = Some(failed_ix);
                self.delayed_deletion = self.pods_with_delayed_deletion_per_index();
            }
            if self.finished_condition.is_none() {
                if let Some(msg) = match_success_policy(
                    input.spec.success_policy.as_ref(),
                    self.completions_i32(),
                    &self.succeeded_indexes,
                ) {
                    self.finished_condition = Some(new_condition(
                        JobConditionType::SuccessCriteriaMet,
                        ConditionStatus::True,
                        REASON_SUCCESS_POLICY,
                        &msg,
                        now,
                    ));
                }
            }
        }

        if self.finished_condition.is_some() {
            self.finishing = true;
            let pods = self.census.active.clone();
            if pods.is_empty() {
                return self.after_delete_active(&[], Vec::new());
            }
            let ops = pods
                .iter()
                .map(|&f| Operation::DeletePod(self.pod_key(f)))
                .collect();
            return self.emit(Step::DeleteActive(pods), ops);
        }
        if self.satisfied && input.metadata.deletion_timestamp.is_none() {
            self.manage_called = true;
            return self.manage_job();
        }
        self.after_pod_writes();
    }

    /// `ClaimPods`: the PATCHes go out in pod order; the releases listed
    /// before the first adoption need no `CanAdopt` read.
    fn start_claims(&mut self) {
        let mut sent = std::mem::take(&mut self.census.claims);
        let first_adoption = sent.iter().position(|c| c.adopt).unwrap_or(sent.len());
        let rest = sent.split_off(first_adoption);
        self.send_claim_patches(sent, rest);
    }

    fn send_claim_patches(&mut self, sent: Vec<Claim>, rest: Vec<Claim>) {
        if sent.is_empty() {
            return self.recheck_or_end_claims(rest);
        }
        let ops = sent
            .iter()
            .map(|c| {
                let pod = self.pods.at(c.pod as usize);
                let uid = pod.metadata.uid();
                let patch = if c.adopt {
                    adoption_patch(self.input, uid)
                } else {
                    release_patch(self.input, uid)
                };
                Operation::PatchPod {
                    pod: self.listed_pod_key(c.pod),
                    patch,
                }
            })
            .collect();
        self.emit(Step::ClaimPatches { sent, rest }, ops);
    }

    /// `RecheckDeletionTimestamp` via an uncached GET, once, before the
    /// first adoption.
    fn recheck_or_end_claims(&mut self, rest: Vec<Claim>) {
        if rest.is_empty() {
            return self.end_claims();
        }
        let key = ObjectKey {
            uid: None,
            ..self.key.clone()
        };
        self.emit(Step::CanAdopt { rest }, vec![Operation::GetJob(key)]);
    }

    /// `ClaimObject`'s reading of PATCH results: an adoption that is NotFound
    /// is skipped quietly, a release that is NotFound or Invalid succeeded
    /// (`ReleasePod`); any other failure is an error, and a failed adoption
    /// leaves the pod out.
    fn after_claim_patches(&mut self, sent: Vec<Claim>, rest: Vec<Claim>, results: Vec<OpResult>) {
        for (i, c) in sent.iter().enumerate() {
            let Some(OpResult::Err(e)) = results.get(i) else {
                continue;
            };
            if c.adopt {
                self.not_adopted.push(c.pod);
                if !e.is_not_found() {
                    self.claim_errors.push((c.pod, e.message.clone()));
                }
            } else if !e.is_not_found() && !e.is_invalid() {
                self.claim_errors.push((c.pod, e.message.clone()));
            }
        }
        self.recheck_or_end_claims(rest);
    }

    /// `CanAdopt` (the Job controller's `RecheckDeletionTimestamp`): a failed
    /// read, another uid or a deletionTimestamp fails every adoption.
    fn after_can_adopt(&mut self, rest: Vec<Claim>, results: Vec<OpResult>) {
        let (ns, name) = (self.key.namespace.clone(), self.key.name.clone());
        let denied = match results.into_iter().next() {
            Some(OpResult::Job(fresh)) if fresh.metadata.uid() != self.input.metadata.uid() => {
                Some(format!(
                    "can't recheck DeletionTimestamp: original Job {ns}/{name} is gone: got uid {}, wanted {}",
                    fresh.metadata.uid(),
                    self.input.metadata.uid()
                ))
            }
            Some(OpResult::Job(fresh)) => fresh.metadata.deletion_timestamp.map(|t| {
                format!(
                    "{}/{} has just been deleted at {}",
                    fresh.metadata.namespace(),
                    fresh.metadata.name(),
                    t.format("%Y-%m-%d %H:%M:%S +0000 UTC")
                )
            }),
            Some(OpResult::Err(e)) => Some(format!("can't recheck DeletionTimestamp: {e}")),
            _ => Some("can't recheck DeletionTimestamp: no Job returned".to_string()),
        };
        let Some(denied) = denied else {
            return self.send_claim_patches(rest, Vec::new());
        };
        let mut releases = Vec::with_capacity(rest.len());
        for c in rest {
            if !c.adopt {
                releases.push(c);
                continue;
            }
            let meta = &self.pods.at(c.pod as usize).metadata;
            let msg = format!(
                "can't adopt Pod {}/{} ({}): {denied}",
                meta.namespace(),
                meta.name(),
                meta.uid()
            );
            self.not_adopted.push(c.pod);
            self.claim_errors.push((c.pod, msg));
        }
        self.send_claim_patches(releases, Vec::new());
    }

    /// End of `getPodsForJob`: an error ends `syncJob` there; otherwise the
    /// sync goes on with the claimed pods.
    fn end_claims(&mut self) {
        if !self.claim_errors.is_empty() {
            // Errors in pod order, as ClaimPods collects them.
            self.claim_errors.sort_by_key(|(pod, _)| *pod);
            let messages: Vec<String> = self.claim_errors.drain(..).map(|(_, m)| m).collect();
            self.step = Step::Done;
            self.outcome.error = Some(aggregate(&messages));
            return;
        }
        let input = self.input;
        if !self.not_adopted.is_empty() {
            self.observe(input);
            self.census.claims.clear();
        }
        self.count(input);
    }

    /// The key of the pod at this position of the listed pods.
    fn listed_pod_key(&self, pos: u32) -> ObjectKey {
        let p = self.pods.at(pos as usize);
        let ns = match p.metadata.namespace() {
            "" => self.key.namespace.as_str(),
            ns => ns,
        };
        ObjectKey {
            namespace: ns.to_string(),
            name: p.metadata.name().to_string(),
            uid: None,
        }
    }

    /// `getFailJobMessage`: the first failed pod matching a FailJob rule.
    fn fail_job_message(&self) -> Option<String> {
        let policy = self.job.spec.pod_failure_policy.as_ref()?;
        self.census
            .facts
            .iter()
            .filter(|f| f.is(FAILED))
            .find_map(|f| {
                match_pod_failure_policy(Some(policy), self.pods.at(f.pod as usize))
                    .job_failure_message
            })
    }

    /// `pastBackoffLimitOnFailure`.
    fn past_backoff_limit_on_failure(&self, backoff_limit: i32) -> bool {
        if self.job.spec.template.spec.restart_policy != Some(crate::api::RestartPolicy::OnFailure)
        {
            return false;
        }
        if backoff_limit == 0 {
            return self.census.restarts > 0;
        }
        self.census.restarts >= i64::from(backoff_limit)
    }

    /// `backoffStore.newBackoffRecord`: of the new successes only the last
    /// one's finish time matters.
    fn new_backoff_record(&self) -> BackoffRecord {
        let succeeded: Vec<&Pod> = self
            .census
            .last_succeeded
            .map(|(_, f)| self.pod(f))
            .into_iter()
            .collect();
        let failed: Vec<&Pod> = self
            .census
            .new_failed
            .iter()
            .map(|&f| self.pod(f))
            .collect();
        BackoffRecord::new_backoff_record(Some(&self.memory.backoff), &succeeded, &failed)
    }

    /// `calculateFailedIndexes`.
    fn calculate_failed_indexes(&self, input: &Job) -> OrderedIntervals {
        let completions = self.completions();
        let prev = input
            .status()
            .failed_indexes
            .as_deref()
            .map(|s| OrderedIntervals::parse(s, self.completions_i32()))
            .unwrap_or_default();
        let mut new: Vec<i64> = self
            .census
            .facts
            .iter()
            .filter(|f| f.is(FINALIZER | FAILED) && f.index >= 0 && f.index < completions)
            .filter(|f| is_index_failed(&self.job, self.pods.at(f.pod as usize)))
            .map(|f| f.index)
            .collect();
        new.sort_unstable();
        new.dedup();
        prev.with_ordered_indexes(&new)
    }

    fn active_indexes(&self) -> Vec<i64> {
        let mut v: Vec<i64> = self
            .census
            .active
            .iter()
            .map(|&f| self.census.facts[f].index)
            .filter(|&i| i >= 0)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// `getPodsWithDelayedDeletionPerIndex`.
    fn pods_with_delayed_deletion_per_index(&self) -> FxHashMap<i64, usize> {
        let completions = self.completions();
        let active = self.active_indexes();
        let failed = self.failed_indexes.clone().unwrap_or_default();
        let mut out: FxHashMap<i64, usize> = FxHashMap::default();
        for (pos, f) in self.census.facts.iter().enumerate() {
            if !f.tracked() || !f.is(FAILED) || f.index < 0 || f.index >= completions {
                continue;
            }
            let ix = f.index;
            if self.succeeded_indexes.has(ix) || failed.has(ix) || active.binary_search(&ix).is_ok()
            {
                continue;
            }
            let p = self.pods.at(f.pod as usize);
            match out.get(&ix) {
                Some(&prev) => {
                    let q = self.pod(prev);
                    if index_absolute_failure_count(q) <= index_absolute_failure_count(p)
                        && finished_time(p) >= finished_time(q)
                    {
                        out.insert(ix, pos);
                    }
                }
                None => {
                    out.insert(ix, pos);
                }
            }
        }
        out
    }

    /// Results of `deleteActivePods`.
    fn after_delete_active(&mut self, pods: &[usize], results: Vec<OpResult>) {
        let mut deleted = pods.len() as i32;
        let mut deleted_ready = 0;
        for (i, &f) in pods.iter().enumerate() {
            let res = results.get(i).cloned().unwrap_or(OpResult::Ok);
            if !self.record_delete(f, &res) {
                deleted -= 1;
            }
            // Upstream counts a ready pod as deleted even when its DELETE failed.
            if self.fact(f).is(READY) {
                deleted_ready += 1;
            }
        }
        if deleted != self.active || !self.satisfied {
            // Pods or finalizers may remain: not finished yet.
            self.finished_condition = None;
        }
        self.active -= deleted;
        self.terminating += deleted;
        self.ready -= deleted_ready;
        self.after_pod_writes();
    }

    /// One DELETE result with `RealPodControl.DeletePod`'s events; whether it
    /// counts as deleted (NotFound does).
    fn record_delete(&mut self, f: usize, res: &OpResult) -> bool {
        let name = self.pod(f).metadata.name().to_string();
        match res {
            OpResult::Err(e) if e.kind == ApiErrorKind::NotFound => true,
            OpResult::Err(e) => {
                self.event(
                    EventType::Warning,
                    "FailedDelete",
                    format!("Error deleting: {e}"),
                );
                if self.manage_err.is_none() {
                    self.manage_err = Some(format!("unable to delete pods: {e}"));
                }
                false
            }
            _ => {
                self.event(
                    EventType::Normal,
                    "SuccessfulDelete",
                    format!("Deleted pod: {name}"),
                );
                true
            }
        }
    }

    /// `manageJob`.
    fn manage_job(&mut self) {
        let now = self.now;
        let active = self.census.active.len() as i32;
        if self.job.spec.is_suspended() {
            let pods = active_pods_for_removal(
                &self.job,
                self.pods,
                &self.census.facts,
                &self.census.active,
                active as usize,
            );
            return self.start_surplus_deletion(pods);
        }
        let want = want_active(&self.job, active, self.succeeded);
        let rm_at_least = active.saturating_sub(want).max(0) as usize;
        let mut pods = active_pods_for_removal(
            &self.job,
            self.pods,
            &self.census.facts,
            &self.census.active,
            rm_at_least,
        );
        pods.truncate(MAX_POD_CREATE_DELETE_PER_SYNC);
        if !pods.is_empty() {
            return self.start_surplus_deletion(pods);
        }
        let terminating = if only_replace_failed_pods(&self.job) {
            self.terminating
        } else {
            0
        };
        let mut diff = want.saturating_sub(terminating).saturating_sub(active);
        if diff <= 0 {
            return self.after_pod_writes();
        }
        if !self.has_backoff_limit_per_index() {
            let remaining = self.new_backoff.get_remaining_time(
                now,
                DEFAULT_JOB_POD_FAILURE_BACKOFF,
                MAX_JOB_POD_FAILURE_BACKOFF,
            );
            if !remaining.is_zero() {
                // Deliberate difference: upstream's manageJob returns active = 0
                // here, so its status write drops running pods (and is rejected
                // by the API server once one is ready). We keep them counted.
                self.requeue(remaining.max(MIN_BACKOFF_REQUEUE));
                return self.after_pod_writes();
            }
        }
        diff = diff.min(MAX_POD_CREATE_DELETE_PER_SYNC as i32);
        let plan: Vec<Option<i64>> = if self.indexed() {
            let mut busy = self.active_indexes();
            if only_replace_failed_pods(&self.job) {
                busy.extend(
                    self.census
                        .facts
                        .iter()
                        .filter(|f| f.is(TERMINATING) && f.index >= 0)
                        .map(|f| f.index),
                );
                busy.sort_unstable();
                busy.dedup();
            }
            let mut indexes = first_pending_indexes(
                &self.succeeded_indexes,
                &busy,
                self.failed_indexes.as_ref(),
                diff as usize,
                self.completions(),
            );
            if self.has_backoff_limit_per_index() {
                let (now_ok, remaining) = self.pod_creation_info_for_independent_indexes(&indexes);
                if !remaining.is_zero() {
                    // As above: keep the running pods counted.
                    self.requeue(remaining.max(MIN_BACKOFF_REQUEUE));
                    return self.after_pod_writes();
                }
                indexes = now_ok;
            }
            indexes.into_iter().map(Some).collect()
        } else {
            vec![None; diff as usize]
        };
        self.memory.expect_creations(plan.len() as i64, now);
        self.active += plan.len() as i32;
        self.factory = Some(PodFactory::new(&self.job));
        self.send_create_batch(plan, 1);
    }

    fn pod_creation_info_for_independent_indexes(
        &self,
        indexes: &[i64],
    ) -> (Vec<i64>, StdDuration) {
        pod_creation_info_for_independent_indexes(self.now, indexes, |ix| {
            self.delayed_deletion.get(&ix).map(|&f| self.pod(f))
        })
    }

    fn send_create_batch(&mut self, mut left: Vec<Option<i64>>, size: usize) {
        if left.is_empty() {
            return self.after_pod_writes();
        }
        let size = size.min(left.len());
        let rest = left.split_off(size);
        let sent = left;
        let mut ops = Vec::with_capacity(sent.len());
        let mut names = Vec::with_capacity(sent.len());
        for ix in &sent {
            let counts = match ix {
                Some(i) if self.has_backoff_limit_per_index() => {
                    let replaced = self.delayed_deletion.get(i).map(|&f| self.pod(f));
                    Some(new_index_failure_counts(&self.job, replaced))
                }
                _ => None,
            };
            if let Some(factory) = &self.factory {
                let pod = factory.build(*ix, counts);
                names.push(pod.metadata.generate_name.clone().unwrap_or_default());
                ops.push(Operation::CreatePod(Box::new(pod)));
            }
        }
        self.emit(
            Step::Create {
                sent,
                left: rest,
                names,
            },
            ops,
        );
    }

    fn after_create_batch(
        &mut self,
        sent: Vec<Option<i64>>,
        left: Vec<Option<i64>>,
        results: Vec<OpResult>,
        ops_names: Vec<String>,
    ) {
        let mut new_errors = 0;
        for (i, _) in sent.iter().enumerate() {
            match results.get(i) {
                Some(OpResult::Err(e)) if e.kind == ApiErrorKind::NamespaceTerminating => {}
                Some(OpResult::Err(e)) => {
                    self.event(
                        EventType::Warning,
                        "FailedCreate",
                        format!("Error creating: {e}"),
                    );
                    self.memory.creation_observed();
                    self.active -= 1;
                    new_errors += 1;
                    if self.manage_err.is_none() {
                        self.manage_err = Some(e.message.clone());
                    }
                }
                result => {
                    // `createPods` names the pod the API server returned.
                    let name = match result {
                        Some(OpResult::Pod(p)) if p.metadata.name.is_some() => {
                            p.metadata.name().to_string()
                        }
                        _ => ops_names.get(i).cloned().unwrap_or_default(),
                    };
                    self.event(
                        EventType::Normal,
                        "SuccessfulCreate",
                        format!("Created pod: {name}"),
                    );
                }
            }
        }
        if new_errors > 0 && !left.is_empty() {
            // Slow start: skip the rest, they are no longer expected.
            for _ in 0..left.len() {
                self.memory.creation_observed();
            }
            self.active -= left.len() as i32;
            return self.after_pod_writes();
        }
        self.send_create_batch(left, sent.len() * 2);
    }

    /// `deleteJobPods` for surplus or suspended pods.
    fn start_surplus_deletion(&mut self, pods: Vec<usize>) {
        self.memory.expect_deletions(pods.len() as i64, self.now);
        self.census.resolve_finalizers(self.pods);
        let patched: Vec<usize> = pods
            .iter()
            .copied()
            .filter(|&f| self.fact(f).is(FINALIZER))
            .collect();
        if patched.is_empty() {
            return self.send_surplus_deletes(pods);
        }
        let ops = patched
            .iter()
            .map(|&f| Operation::RemovePodFinalizer(self.pod_key(f)))
            .collect();
        self.emit(Step::SurplusPatch { pods, patched }, ops);
    }

    fn send_surplus_deletes(&mut self, pods: Vec<usize>) {
        if pods.is_empty() {
            return self.after_surplus_deletion();
        }
        let ops = pods
            .iter()
            .map(|&f| Operation::DeletePod(self.pod_key(f)))
            .collect();
        self.emit(Step::SurplusDelete { pods }, ops);
    }

    fn after_surplus_patches(
        &mut self,
        pods: Vec<usize>,
        patched: Vec<usize>,
        results: Vec<OpResult>,
    ) {
        let mut failed: FxHashSet<usize> = FxHashSet::default();
        for (i, &f) in patched.iter().enumerate() {
            if let Some(OpResult::Err(e)) = results.get(i) {
                failed.insert(f);
                self.memory.deletion_observed();
                if e.kind == ApiErrorKind::NotFound {
                    self.surplus_removed += 1;
                    // Upstream's deleteJobPods returns before counting a gone
                    // pod's readiness, leaving ready > active (rejected).
                    if self.fact(f).is(READY) {
                        self.surplus_ready += 1;
                    }
                } else if self.manage_err.is_none() {
                    self.manage_err = Some(format!("removing completion finalizer: {e}"));
                }
            }
        }
        let rest: Vec<usize> = pods.into_iter().filter(|f| !failed.contains(f)).collect();
        self.send_surplus_deletes(rest);
    }

    fn after_surplus_deletes(&mut self, pods: Vec<usize>, results: Vec<OpResult>) {
        for (i, &f) in pods.iter().enumerate() {
            let res = results.get(i).cloned().unwrap_or(OpResult::Ok);
            if let OpResult::Err(_) = res {
                self.memory.deletion_observed();
            }
            if self.record_delete(f, &res) {
                self.surplus_removed += 1;
            }
            if self.fact(f).is(READY) {
                self.surplus_ready += 1;
            }
        }
        self.after_surplus_deletion();
    }

    fn after_surplus_deletion(&mut self) {
        self.active = self.census.active.len() as i32 - self.surplus_removed;
        self.terminating += self.surplus_removed;
        self.ready -= self.surplus_ready;
        self.after_pod_writes();
    }

    /// The rest of `syncJob` once the pod writes are done.
    fn after_pod_writes(&mut self) {
        let now = self.now;
        let mut suspend_changed = false;
        if !self.finishing {
            let complete = match self.job.spec.completions {
                None => self.succeeded > 0 && self.active == 0,
                Some(c) => self.succeeded >= c && self.active == 0,
            };
            if complete {
                self.finished_condition = Some(new_success_condition(now));
            } else if self.manage_called {
                let status = self.job.status.get_or_insert_with(Default::default);
                if self.job.spec.suspend == Some(true) {
                    if ensure_condition(
                        &mut status.conditions,
                        JobConditionType::Suspended,
                        ConditionStatus::True,
                        "JobSuspended",
                        "Job suspended",
                        now,
                    ) {
                        suspend_changed = true;
                        self.event(EventType::Normal, "Suspended", "Job suspended".to_string());
                    }
                } else if ensure_condition(
                    &mut status.conditions,
                    JobConditionType::Suspended,
                    ConditionStatus::False,
                    "JobResumed",
                    "Job resumed",
                    now,
                ) {
                    suspend_changed = true;
                    // The deadline counts active time only.
                    status.start_time = Some(now);
                    self.event(EventType::Normal, "Resumed", "Job resumed".to_string());
                }
            }
        }
        let status = self.job.status.get_or_insert_with(Default::default);
        let needs = suspend_changed
            || self.active != status.active.unwrap_or(0)
            || status.ready != Some(self.ready)
            || status.terminating != Some(self.terminating);
        status.active = Some(self.active);
        status.ready = Some(self.ready);
        status.terminating = Some(self.terminating);
        self.needs_flush = needs;
        self.start_tracking();
    }
}

impl JobSync<'_> {
    /// `canRemoveFinalizer`.
    fn can_remove_finalizer(&self, pos: usize, consider_failed: bool) -> bool {
        let f = self.fact(pos);
        if self.job.metadata.deletion_timestamp.is_some()
            || self.finished_condition.is_some()
            || f.is(SUCCEEDED)
        {
            return true;
        }
        if !consider_failed {
            return false;
        }
        if self.has_backoff_limit_per_index() && f.index >= 0 {
            // Kept until the replacement exists, to carry the failure count.
            if self.delayed_deletion.get(&f.index) == Some(&pos) {
                return false;
            }
        }
        true
    }

    /// `trackJobStatusAndRemoveFinalizers`, up to status write #1.
    fn start_tracking(&mut self) {
        let indexed = self.indexed();
        let completions = self.completions();
        // Candidates first, then (Indexed) a stable sort by index: the same
        // order as sorting every pod, without sorting pods that stay.
        if self.finished_condition.is_some() {
            // Every pod may lose its finalizer now.
            self.census.resolve_finalizers(self.pods);
        }
        let candidate = |s: &Self, p: usize| {
            let f = s.census.facts[p];
            f.tracked() && s.can_remove_finalizer(p, f.is(FAILED))
        };
        // Non-indexed pods go in input order, read lazily: the loop may stop early.
        let sorted: Option<Vec<usize>> = indexed.then(|| {
            let mut v: Vec<usize> = (0..self.census.facts.len())
                .filter(|&p| candidate(self, p))
                .collect();
            v.sort_by_key(|&p| self.census.facts[p].index);
            v
        });
        let total = sorted.as_ref().map_or(self.census.facts.len(), Vec::len);
        let mut with_fin = std::mem::take(&mut self.census.uncounted_with_finalizer);
        let status = self.job.status.get_or_insert_with(Default::default);
        if clean_uncounted_pods_without_finalizers(status, &with_fin) {
            self.needs_flush = true;
        }
        let policy = self.job.spec.pod_failure_policy.clone();
        let counts_failed = self.finished_condition.is_some()
            && !is_success_criteria_met(self.finished_condition.as_ref());
        let mut new_succeeded_indexes: Vec<i64> = Vec::new();
        let mut add_succeeded: Vec<String> = Vec::new();
        let mut add_failed: Vec<String> = Vec::new();
        let existing = uncounted_len(self.job.status());
        for k in 0..total {
            let pos = match &sorted {
                Some(v) => v[k],
                None if candidate(self, k) => k,
                None => continue,
            };
            let f = self.fact(pos);
            let consider_failed = f.is(FAILED);
            self.pods_to_remove.push(pos);
            let pod = self.pod(pos);
            let uid = pod.metadata.uid();
            if f.is(SUCCEEDED) && !self.uncounted_failed.contains(uid) {
                if indexed {
                    if f.index >= 0
                        && f.index < completions
                        && !self.prev_succeeded_indexes.has(f.index)
                    {
                        new_succeeded_indexes.push(f.index);
                        self.needs_flush = true;
                    }
                } else if !self.uncounted_succeeded.contains(uid) {
                    self.needs_flush = true;
                    add_succeeded.push(uid.to_string());
                    with_fin.insert(uid, true);
                }
            } else if (consider_failed || counts_failed)
                && !self.uncounted_failed.contains(uid)
                && (!indexed || (f.index >= 0 && f.index < completions))
            {
                let counted = policy
                    .as_ref()
                    .is_none_or(|p| match_pod_failure_policy(Some(p), pod).count_failed);
                if counted {
                    self.needs_flush = true;
                    add_failed.push(uid.to_string());
                    with_fin.insert(uid, true);
                }
            }
            if new_succeeded_indexes.len() + add_succeeded.len() + add_failed.len() + existing
                >= MAX_UNCOUNTED_PODS
            {
                self.reached_max = true;
                break;
            }
        }
        self.census.uncounted_with_finalizer = with_fin;
        let now = self.now;
        let status = self.job.status.get_or_insert_with(Default::default);
        let uncounted = status
            .uncounted_terminated_pods
            .get_or_insert_with(Default::default);
        if !add_succeeded.is_empty() {
            uncounted
                .succeeded
                .get_or_insert_with(Vec::new)
                .extend(add_succeeded);
        }
        if !add_failed.is_empty() {
            uncounted
                .failed
                .get_or_insert_with(Vec::new)
                .extend(add_failed);
        }
        if indexed {
            self.succeeded_indexes = self
                .succeeded_indexes
                .with_ordered_indexes(&new_succeeded_indexes);
            let s = self.succeeded_indexes.to_string();
            if status.completed_indexes.as_deref().unwrap_or("") != s {
                self.needs_flush = true;
            }
            status.succeeded = Some(self.succeeded_indexes.total() as i32);
            status.completed_indexes = Some(s);
            let failed_str = self.failed_indexes.as_ref().map(ToString::to_string);
            if status.failed_indexes != failed_str {
                status.failed_indexes = failed_str;
                self.needs_flush = true;
            }
        }
        if let Some(fc) = self.finished_condition.clone() {
            if fc.type_ == JobConditionType::FailureTarget {
                status
                    .conditions
                    .get_or_insert_with(Vec::new)
                    .push(fc.clone());
                self.needs_flush = true;
                self.finished_condition = Some(failed_for_failure_target(&fc, now));
            }
        }
        if is_success_criteria_met(self.finished_condition.as_ref()) {
            if let Some(fc) = self.finished_condition.clone() {
                if success_criteria_met(&self.job).is_none() {
                    let status = self.job.status.get_or_insert_with(Default::default);
                    status
                        .conditions
                        .get_or_insert_with(Vec::new)
                        .push(fc.clone());
                    self.needs_flush = true;
                }
                self.finished_condition = Some(new_condition(
                    JobConditionType::Complete,
                    ConditionStatus::True,
                    reason(&fc),
                    message(&fc),
                    now,
                ));
            }
        }
        if self.needs_flush {
            let op = Operation::UpdateJobStatus(Box::new(self.job.clone()));
            return self.emit(Step::Flush1, vec![op]);
        }
        self.remove_finalizers();
    }

    fn after_flush1(&mut self, results: Vec<OpResult>) {
        match results.into_iter().next() {
            Some(OpResult::Err(e)) => {
                self.track_err = Some(format!(
                    "tracking status: adding uncounted pods to status: {e}"
                ));
                return self.finish();
            }
            Some(OpResult::Job(j)) => self.job = *j,
            _ => {}
        }
        // updateBackoffRecord happens only once the uncounted pods are stored.
        self.memory.backoff = self.new_backoff;
        self.needs_flush = false;
        self.remove_finalizers();
    }

    /// `removeTrackingFinalizerFromPods`.
    fn remove_finalizers(&mut self) {
        if self.pods_to_remove.is_empty() {
            return self.after_removals(None);
        }
        let pods = std::mem::take(&mut self.pods_to_remove);
        let mut ops = Vec::with_capacity(pods.len());
        for &f in &pods {
            let uid = self.pod(f).metadata.uid().to_string();
            self.memory.finalizer_removals.insert(uid);
            ops.push(Operation::RemovePodFinalizer(self.pod_key(f)));
        }
        self.emit(Step::RemoveFinalizers(pods), ops);
    }

    fn after_remove_finalizers(&mut self, pods: Vec<usize>, results: Vec<OpResult>) {
        let mut rm_err: Option<String> = None;
        for (i, &f) in pods.iter().enumerate() {
            let uid = self.pod(f).metadata.uid();
            let removed = match results.get(i) {
                Some(OpResult::Err(e)) => {
                    self.memory.finalizer_removal_observed(uid);
                    if e.kind == ApiErrorKind::NotFound {
                        true
                    } else {
                        rm_err.get_or_insert_with(|| e.message.clone());
                        false
                    }
                }
                _ => true,
            };
            if removed {
                if let Some(v) = self.census.uncounted_with_finalizer.get_mut(uid) {
                    *v = false;
                }
            }
        }
        self.after_removals(rm_err);
    }

    fn after_removals(&mut self, rm_err: Option<String>) {
        let status = self.job.status.get_or_insert_with(Default::default);
        if clean_uncounted_pods_without_finalizers(status, &self.census.uncounted_with_finalizer) {
            self.needs_flush = true;
        }
        if let Some(err) = rm_err {
            if self.needs_flush {
                let op = Operation::UpdateJobStatus(Box::new(self.job.clone()));
                return self.emit(Step::Flush2(err), vec![op]);
            }
            self.track_err = Some(format!("tracking status: {err}"));
            return self.finish();
        }
        let finished = !self.reached_max && self.enact_job_finished();
        if finished {
            self.needs_flush = true;
        }
        if self.needs_flush {
            let op = Operation::UpdateJobStatus(Box::new(self.job.clone()));
            return self.emit(Step::Flush3 { finished }, vec![op]);
        }
        self.finish();
    }

    fn after_flush2(&mut self, rm_err: String, results: Vec<OpResult>) {
        self.track_err = Some(match results.into_iter().next() {
            Some(OpResult::Err(e)) => {
                format!("tracking status: removing uncounted pods from status: {e}")
            }
            _ => format!("tracking status: {rm_err}"),
        });
        self.finish();
    }

    fn after_flush3(&mut self, finished: bool, results: Vec<OpResult>) {
        if let Some(OpResult::Err(e)) = results.into_iter().next() {
            self.track_err = Some(format!(
                "tracking status: removing uncounted pods from status: {e}"
            ));
            return self.finish();
        }
        if finished {
            self.record_job_finished();
        }
        self.finish();
    }

    /// `enactJobFinished`: add Complete / Failed once nothing is uncounted
    /// or terminating.
    fn enact_job_finished(&mut self) -> bool {
        let Some(fc) = self.finished_condition.clone() else {
            return false;
        };
        if uncounted_len(self.job.status()) > 0 || self.terminating > 0 {
            return false;
        }
        let status = self.job.status.get_or_insert_with(Default::default);
        ensure_condition(
            &mut status.conditions,
            fc.type_.clone(),
            fc.status.clone(),
            reason(&fc),
            message(&fc),
            self.now,
        );
        if fc.type_ == JobConditionType::Complete {
            status.completion_time = fc.last_transition_time;
        }
        true
    }

    /// `recordJobFinished`: the events of a finished Job.
    fn record_job_finished(&mut self) {
        let Some(fc) = self.finished_condition.clone() else {
            return;
        };
        if fc.type_ == JobConditionType::Complete {
            let succeeded = self.job.status().succeeded.unwrap_or(0);
            if self.job.spec.completions.is_some_and(|c| succeeded > c) {
                self.event(
                    EventType::Warning,
                    "TooManySucceededPods",
                    "Too many succeeded pods running after completion count reached".to_string(),
                );
            }
            self.event(EventType::Normal, "Completed", "Job completed".to_string());
        } else {
            self.event(EventType::Warning, reason(&fc), message(&fc).to_string());
        }
    }
}

impl Reconcile for JobSync<'_> {
    fn poll_batch(&mut self) -> Option<Vec<Operation>> {
        self.batch.take()
    }

    fn on_results(&mut self, results: Vec<OpResult>) {
        match std::mem::replace(&mut self.step, Step::Idle) {
            Step::ClaimPatches { sent, rest } => self.after_claim_patches(sent, rest, results),
            Step::CanAdopt { rest } => self.after_can_adopt(rest, results),
            Step::DeleteActive(pods) => self.after_delete_active(&pods, results),
            Step::SurplusPatch { pods, patched } => {
                self.after_surplus_patches(pods, patched, results)
            }
            Step::SurplusDelete { pods } => self.after_surplus_deletes(pods, results),
            Step::Create { sent, left, names } => {
                self.after_create_batch(sent, left, results, names)
            }
            Step::Flush1 => self.after_flush1(results),
            Step::RemoveFinalizers(pods) => self.after_remove_finalizers(pods, results),
            Step::Flush2(rm_err) => self.after_flush2(rm_err, results),
            Step::Flush3 { finished } => self.after_flush3(finished, results),
            Step::Idle => {}
            Step::Done => self.step = Step::Done,
        }
    }

    fn outcome(&self) -> Outcome {
        self.outcome.clone()
    }

    fn take_outcome(&mut self) -> Outcome {
        std::mem::take(&mut self.outcome)
    }

    /// As the trait's, with the adoption recheck (`GetJob`) answered by the
    /// Job this sync was given.
    fn assume_success(&mut self) -> (Vec<Operation>, Outcome) {
        let mut all = Vec::new();
        while let Some(batch) = self.poll_batch() {
            let results = batch
                .iter()
                .map(|op| match op {
                    Operation::GetJob(_) => OpResult::Job(Box::new(self.input.clone())),
                    op => success_result(op),
                })
                .collect();
            all.extend(batch);
            self.on_results(results);
        }
        (all, self.outcome())
    }
}
