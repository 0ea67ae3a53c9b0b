//! Upstream Kubernetes Job e2e specs (`test/e2e/apps/job.go`, the Ginkgo
//! `SIGDescribe("Job")` suite) transcribed into simulator scenarios. Two
//! revisions of the file are used: the stored commit 3267a9ff and a newer
//! one (SuccessPolicy, failure-count and reworked pod-failure-policy specs,
//! `WaitForJobComplete` checking the CompletionsReached reason); specs only
//! in the older one are marked "(older revision)". Upstream
//! runs busybox containers on a real cluster; e2e's container behaviours
//! (`e2ejob.NewTestJob`) become scenario pod behaviours:
//! - `succeed`: the default (each pod runs, then exits 0);
//! - `notTerminate` (sleeps forever): `runtime: 1h`;
//! - `fail` (exit 1): `failureProbability: 1`;
//! - `failOnce` (a marker file on a shared hostPath, or an emptyDir when
//!   restarted in place): `failFirst`, counted per Job;
//! - `failOddSucceedEven`: `failureProbability: 1` on the odd indexes;
//! - `failOncePerIndex`, `notTerminateOncePerIndex`: `failFirst` per index,
//!   or a disruption probability (evictions add `DisruptionTarget` and end
//!   the pod with exit code 137, as upstream's eviction API does).
//!
//! Each test asserts what the spec asserts (conditions with their reasons,
//! status counters, indexes, pods), and runs twice with the same seed: the
//! traces must be identical. "should recreate pods only after they have
//! failed if pod replacement policy is set to Failed" deletes the running
//! pod by hand upstream; here suspension deletes it (see that test).
//!
//! Not transcribed, and why:
//! - "should remove pods when job is deleted", "should delete a job": the
//!   scenario cannot delete a Job;
//! - "should adopt matching orphans and release non-matching pods": needs
//!   pod owner references and labels edited by hand;
//! - "should apply changes to a job status": patches and updates the status
//!   subresource by hand (an API-server test, not a controller outcome);
//! - "should manage the lifecycle of a job": label/annotation patches, list
//!   by selector and DeleteCollection by hand (its suspend-then-complete part
//!   is the same as "should not create pods when created in suspend state");
//! - "should allow to delegate reconciliation to external controller": the
//!   same assertions as TestManagedBy in `tests/sim_upstream_job.rs`.

#[path = "support/sampled.rs"]
mod sampled;

use kbatch::api::{Job, Pod, PodPhase, JOB_COMPLETION_INDEX, JOB_INDEX_FAILURE_COUNT};
use kbatch::sim::trace::PodOutcome;
use kbatch::sim::Trace;

const SEED: u64 = 11;
const SAMPLE_MS: i64 = 250;

/// One sampled Job status: counters and the True conditions `(type, reason)`.
#[derive(Debug, Clone, PartialEq)]
struct Snap {
    at_ms: i64,
    /// `(active, ready, succeeded, failed, terminating)`.
    counts: (i32, i32, i32, i32, i32),
    conditions: Vec<(String, String)>,
}

impl Snap {
    fn of(at_ms: i64, job: &Job) -> Snap {
        let s = job.status.clone().unwrap_or_default();
        Snap {
            at_ms,
            counts: (
                s.active.unwrap_or(0),
                s.ready.unwrap_or(0),
                s.succeeded.unwrap_or(0),
                s.failed.unwrap_or(0),
                s.terminating.unwrap_or(0),
            ),
            conditions: sampled::true_conditions(job),
        }
    }

    fn has(&self, t: &str, reason: &str) -> bool {
        self.conditions.iter().any(|(ct, r)| ct == t && r == reason)
    }
}

struct Run {
    trace: Trace,
    job: Job,
    /// The Job's status each time it changed (sampled every [`SAMPLE_MS`]).
    snaps: Vec<Snap>,
    /// Every pod seen at a sample (last version), in creation order.
    seen: Vec<Pod>,
    /// The pods the API server still holds at the end.
    stored: Vec<Pod>,
}

/// Run the one Job of `manifest` under `scenario` for `seconds`, twice with
/// the same seed; both runs must agree.
fn run(manifest: &str, scenario: &str, seconds: i64) -> Run {
    let go = || {
        let r = sampled::run_sampled(manifest, scenario, seconds, SEED, SAMPLE_MS);
        let snaps = sampled::changes(&r.samples, Snap::of, |l, s| {
            (&l.counts, &l.conditions) == (&s.counts, &s.conditions)
        });
        Run {
            job: r.job,
            snaps,
            seen: r.seen,
            stored: r.stored,
            trace: r.trace,
        }
    };
    let (a, b) = (go(), go());
    assert_eq!(a.trace.hash, b.trace.hash, "same seed, same trace");
    assert_eq!(a.snaps, b.snaps);
    assert_eq!(a.seen, b.seen);
    a
}

/// A Job manifest: `spec` holds spec lines indented two spaces; `pod` extra
/// pod-spec lines (six spaces), `container` extra container lines (eight).
fn job_with(name: &str, spec: &str, restart: &str, pod: &str, container: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\nspec:\n{spec}  template:\n    spec:\n      restartPolicy: {restart}\n{pod}      containers:\n      - name: c\n        image: busybox\n{container}"
    )
}

fn job(name: &str, spec: &str) -> String {
    job_with(name, spec, "Never", "", "")
}

fn c(t: &str, reason: &str) -> (String, String) {
    (t.to_string(), reason.to_string())
}

impl Run {
    fn last(&self) -> &Snap {
        self.snaps.last().expect("a sampled status")
    }

    /// The final True conditions.
    fn conditions(&self) -> Vec<(String, String)> {
        Snap::of(0, &self.job).conditions
    }

    /// `(active, ready, succeeded, failed, terminating)` at the end.
    fn counts(&self) -> (i32, i32, i32, i32, i32) {
        Snap::of(0, &self.job).counts
    }

    fn completed_indexes(&self) -> String {
        let s = self.job.status.as_ref();
        s.and_then(|s| s.completed_indexes.clone())
            .unwrap_or_default()
    }

    fn failed_indexes(&self) -> Option<String> {
        self.job
            .status
            .as_ref()
            .and_then(|s| s.failed_indexes.clone())
    }

    /// Upstream's waitForJobCondition: some sampled status has condition `t`
    /// True with `reason`; returns the first such sample's time.
    fn saw(&self, t: &str, reason: &str) -> i64 {
        match self.snaps.iter().find(|s| s.has(t, reason)) {
            Some(s) => s.at_ms,
            None => panic!("never saw {t} ({reason}); statuses: {:#?}", self.snaps),
        }
    }

    /// Upstream's WaitForJobState: some sampled status satisfies `check`;
    /// returns the first such sample's time.
    fn saw_state(&self, what: &str, check: impl Fn(&Snap) -> bool) -> i64 {
        match self.snaps.iter().find(|s| check(s)) {
            Some(s) => s.at_ms,
            None => panic!("never saw {what}; statuses: {:#?}", self.snaps),
        }
    }

    fn pods_created(&self) -> u64 {
        self.trace.totals.pods_created
    }

    fn outcomes(&self, o: PodOutcome) -> usize {
        self.trace.pods.iter().filter(|p| p.outcome == o).count()
    }

    /// Upstream's WaitForJobComplete(reason, completions): a Complete
    /// condition with `reason` after SuccessCriteriaMet with the same
    /// reason, and `succeeded` equal to `completions`.
    fn assert_complete(&self, reason: &str, completions: i32) {
        let interim = self.saw("SuccessCriteriaMet", reason);
        let done = self.saw("Complete", reason);
        assert!(interim <= done, "SuccessCriteriaMet precedes Complete");
        assert_eq!(
            self.conditions(),
            vec![c("SuccessCriteriaMet", reason), c("Complete", reason)]
        );
        assert_eq!(self.counts().2, completions, "succeeded");
    }

    /// Upstream's interim FailureTarget then Failed, both with `reason`.
    fn assert_failed(&self, reason: &str) {
        let interim = self.saw("FailureTarget", reason);
        let done = self.saw("Failed", reason);
        assert!(interim <= done, "FailureTarget precedes Failed");
        assert_eq!(
            self.conditions(),
            vec![c("FailureTarget", reason), c("Failed", reason)]
        );
    }

    /// The "correct final state" checks of the newer specs: active 0,
    /// ready 0, terminating 0.
    /// Upstream compares `ready` and `terminating` as pointers to 0, so both
    /// must be set, not merely absent.
    fn assert_settled(&self) {
        let s = self.job.status.clone().unwrap_or_default();
        assert_eq!(s.active.unwrap_or(0), 0, "active");
        assert_eq!(
            (s.ready, s.terminating),
            (Some(0), Some(0)),
            "ready, terminating"
        );
    }
}

// ---------------------------------------------------------------------------
// Completion
// ---------------------------------------------------------------------------

/// "should run a job to completion when tasks succeed": parallelism 2,
/// completions 4, every pod exits 0: SuccessCriteriaMet then Complete (both
/// CompletionsReached), and exactly 4 pods Succeeded.
#[test]
fn should_run_a_job_to_completion_when_tasks_succeed() {
    let r = run(
        &job("all-succeed", "  parallelism: 2\n  completions: 4\n"),
        "",
        300,
    );
    r.assert_complete("CompletionsReached", 4);
    let succeeded = r
        .seen
        .iter()
        .filter(|p| p.phase() == Some(&PodPhase::Succeeded))
        .count();
    assert_eq!(succeeded, 4);
    assert_eq!(r.pods_created(), 4);
    r.assert_settled();
}

/// "should run a job to completion when tasks sometimes fail and are locally
/// restarted" (conformance): restartPolicy OnFailure, parallelism 2,
/// completions 4, each task fails once and is restarted in place: Complete
/// (CompletionsReached). Adapted: `failFirst: 2` counts attempts per Job, so
/// the first pod fails twice and the second once, all restarted in place;
/// no pod is replaced (4 pods), 3 restarts stay under backoffLimit 6, and
/// no pod is Failed (failed 0).
#[test]
fn should_run_a_job_to_completion_when_tasks_sometimes_fail_and_are_locally_restarted() {
    let r = run(
        &job_with(
            "fail-once-local",
            "  parallelism: 2\n  completions: 4\n  backoffLimit: 6\n",
            "OnFailure",
            "",
            "",
        ),
        "pods: {failFirst: 2, runtime: 10s}\n",
        600,
    );
    r.assert_complete("CompletionsReached", 4);
    assert_eq!(r.trace.totals.restarts, 3, "restarted in place");
    assert_eq!(r.pods_created(), 4, "no pod replaced");
    assert_eq!(r.counts().3, 0, "failed");
    r.assert_settled();
}

/// "should run a job to completion when tasks sometimes fail and are not
/// locally restarted": restartPolicy Never, parallelism 2, completions 4, the
/// first pod fails once (upstream's marker file on a shared hostPath;
/// `failFirst: 1` here): SuccessCriteriaMet then Complete
/// (CompletionsReached); final active 0, ready 0, terminating 0. Also: the
/// failure is counted (failed 1) and replaced (5 pods).
#[test]
fn should_run_a_job_to_completion_when_tasks_sometimes_fail_and_are_not_locally_restarted() {
    let r = run(
        &job(
            "fail-once-non-local",
            "  parallelism: 2\n  completions: 4\n",
        ),
        "pods: {failFirst: 1}\n",
        600,
    );
    r.assert_complete("CompletionsReached", 4);
    r.assert_settled();
    assert_eq!(r.counts().3, 1, "failed");
    assert_eq!(r.pods_created(), 5);
}

/// "should run a job to completion with CPU requests" (serial): parallelism
/// 90, completions 90, backoffLimit 0, each container requesting CPU, pods
/// pinned to one node by a hostname nodeSelector: Complete
/// (CompletionsReached) and 90 Succeeded pods. Adapted: the simulator has no
/// scheduler capacity, so the requests only travel through the manifest.
#[test]
fn should_run_a_job_to_completion_with_cpu_requests() {
    let r = run(
        &job_with(
            "all-succeed",
            "  parallelism: 90\n  completions: 90\n  backoffLimit: 0\n",
            "Never",
            "      nodeSelector:\n        kubernetes.io/hostname: node-1\n",
            "        resources:\n          requests:\n            cpu: 400m\n",
        ),
        "",
        300,
    );
    r.assert_complete("CompletionsReached", 90);
    assert_eq!(r.outcomes(PodOutcome::Succeeded), 90);
    assert_eq!(r.pods_created(), 90);
    for p in &r.seen {
        let spec = serde_json::to_value(&p.spec).expect("pod spec");
        assert_eq!(
            spec["containers"][0]["resources"]["requests"]["cpu"],
            "400m"
        );
        assert_eq!(spec["nodeSelector"]["kubernetes.io/hostname"], "node-1");
    }
}

// ---------------------------------------------------------------------------
// Failure: backoffLimit, activeDeadlineSeconds
// ---------------------------------------------------------------------------

/// "should fail to exceed backoffLimit": one pod at a time, backoffLimit 1,
/// every pod exits 1: FailureTarget then Failed (BackoffLimitExceeded);
/// backoffLimit + 1 = 2 pods, all Failed; final active 0, ready 0,
/// terminating 0.
#[test]
fn should_fail_to_exceed_backoff_limit() {
    let r = run(
        &job(
            "backofflimit",
            "  parallelism: 1\n  completions: 1\n  backoffLimit: 1\n",
        ),
        "pods: {failureProbability: 1, runtime: 5s}\n",
        600,
    );
    r.assert_failed("BackoffLimitExceeded");
    assert_eq!(r.stored.len(), 2);
    assert!(r
        .stored
        .iter()
        .all(|p| p.phase() == Some(&PodPhase::Failed)));
    assert_eq!(r.counts().3, 2, "failed");
    r.assert_settled();
}

/// "should fail when exceeds active deadline": parallelism 2, completions 4,
/// activeDeadlineSeconds 1, pods that never end: FailureTarget then Failed
/// (DeadlineExceeded); final active 0, ready 0, terminating 0 (the running
/// pods are deleted and gone).
#[test]
fn should_fail_when_exceeds_active_deadline() {
    let r = run(
        &job(
            "exceed-active-deadline",
            "  parallelism: 2\n  completions: 4\n  activeDeadlineSeconds: 1\n",
        ),
        "pods: {runtime: 1h}\n",
        120,
    );
    r.assert_failed("DeadlineExceeded");
    let failed_at = r.saw("FailureTarget", "DeadlineExceeded");
    assert!((1_000..=2_000).contains(&failed_at), "{failed_at}");
    r.assert_settled();
    assert_eq!(r.pods_created(), 2);
    assert_eq!(r.outcomes(PodOutcome::Killed), 2);
}

// ---------------------------------------------------------------------------
// Pod failure policy
// ---------------------------------------------------------------------------

/// "should allow to use the pod failure policy on exit code to fail the job
/// early" (conformance): parallelism 2, completions 4, the first pod exits 1
/// (failOnce) and a FailJob rule matches exit code 1: FailureTarget then
/// Failed (PodFailurePolicy) although backoffLimit (6) is far; the other
/// running pod is terminated, and no pod is created after the failure.
#[test]
fn should_allow_to_use_the_pod_failure_policy_on_exit_code_to_fail_the_job_early() {
    let r = run(
        &job(
            "pod-failure-failjob",
            "  parallelism: 2\n  completions: 4\n  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes: {operator: In, values: [1]}\n",
        ),
        "pods: {failFirst: 1, runtime: 10s..20s}\n",
        300,
    );
    r.assert_failed("PodFailurePolicy");
    r.assert_settled();
    assert_eq!(
        r.pods_created(),
        2,
        "no replacement after the FailJob match"
    );
}

/// "should allow to use the pod failure policy to not count the failure
/// towards the backoffLimit" (older revision of the file): parallelism 2,
/// completions 4, backoffLimit 0, the first pod exits 1 and an Ignore rule
/// matches exit code 1: SuccessCriteriaMet then Complete
/// (CompletionsReached); the failure is not counted (failed 0).
#[test]
fn should_allow_to_use_the_pod_failure_policy_to_not_count_the_failure_towards_the_backoff_limit() {
    let r = run(
        &job(
            "pod-failure-ignore",
            "  parallelism: 2\n  completions: 4\n  backoffLimit: 0\n  podFailurePolicy:\n    rules:\n    - action: Ignore\n      onExitCodes: {operator: In, values: [1]}\n",
        ),
        "pods: {failFirst: 1}\n",
        600,
    );
    r.assert_complete("CompletionsReached", 4);
    assert_eq!(r.counts().3, 0, "failed");
    assert_eq!(r.pods_created(), 5);
}

/// "should allow to use a pod failure policy to ignore failure matching on
/// exit code": Indexed, 3 pods at once, backoffLimit 2, every index fails
/// once with exit code 42 (failOncePerIndex) and an Ignore rule matches 42:
/// Complete (CompletionsReached) although 3 failures exceed backoffLimit 2;
/// failed 0, completedIndexes "0-2", 6 pods.
#[test]
fn should_allow_to_use_a_pod_failure_policy_to_ignore_failure_matching_on_exit_code() {
    let r = run(
        &job(
            "fail-pod-ignore-on-exit-code",
            "  parallelism: 3\n  completions: 3\n  backoffLimit: 2\n  completionMode: Indexed\n  podFailurePolicy:\n    rules:\n    - action: Ignore\n      onExitCodes: {operator: In, values: [42]}\n",
        ),
        "indexes:\n  \"0\": {failFirst: 1, exitCodes: [42]}\n  \"1\": {failFirst: 1, exitCodes: [42]}\n  \"2\": {failFirst: 1, exitCodes: [42]}\n",
        600,
    );
    r.assert_complete("CompletionsReached", 3);
    assert_eq!(r.counts().3, 0, "failed");
    assert_eq!(r.completed_indexes(), "0-2");
    assert_eq!(r.pods_created(), 6);
}

/// The evicted-pod specs: Indexed, parallelism 2, completions 4,
/// backoffLimit 0, pods evicted at random (DisruptionTarget, exit code 137):
/// the evictions are ignored by `rules`, so the Job completes
/// (CompletionsReached) with failed 0 and one replacement per eviction.
/// Adapted: upstream evicts index 0's pod once by hand; here each run is
/// evicted with probability 0.4 (at least one eviction is asserted).
fn evicted_pod_case(name: &str, rules: &str, parallelism: i32, completions: i32, backoff: i32) {
    let r = run(
        &job(
            name,
            &format!(
                "  parallelism: {parallelism}\n  completions: {completions}\n  backoffLimit: {backoff}\n  completionMode: Indexed\n  podFailurePolicy:\n    rules:\n{rules}"
            ),
        ),
        "pods: {disruptionProbability: 0.4}\n",
        1800,
    );
    let evicted = r.outcomes(PodOutcome::Disrupted);
    assert!(evicted >= 1, "no pod was evicted");
    r.assert_complete("CompletionsReached", completions);
    assert_eq!(r.counts().3, 0, "failed");
    assert_eq!(r.pods_created(), completions as u64 + evicted as u64);
    assert_eq!(r.completed_indexes(), format!("0-{}", completions - 1));
    r.assert_settled();
}

/// "should allow to use a pod failure policy to ignore failure for an evicted
/// pod; matching on the exit code" (older revision): Ignore on exit codes 1
/// and 137; see [`evicted_pod_case`].
#[test]
fn should_allow_to_use_a_pod_failure_policy_to_ignore_failure_for_an_evicted_pod_matching_on_the_exit_code(
) {
    evicted_pod_case(
        "evicted-pod-ignore-on-exit-code",
        "    - action: Ignore\n      onExitCodes: {operator: In, values: [1, 137]}\n",
        2,
        4,
        0,
    );
}

/// "should allow to use a pod failure policy to ignore failure for an evicted
/// pod; matching on the DisruptionTarget condition" (older revision): Ignore
/// on exit code 1 and on DisruptionTarget; see [`evicted_pod_case`].
#[test]
fn should_allow_to_use_a_pod_failure_policy_to_ignore_failure_for_an_evicted_pod_matching_on_the_disruption_target_condition(
) {
    evicted_pod_case(
        "evicted-pod-ignore-on-disruption-condition",
        "    - action: Ignore\n      onExitCodes: {operator: In, values: [1]}\n    - action: Ignore\n      onPodConditions:\n      - type: DisruptionTarget\n        status: \"True\"\n",
        2,
        4,
        0,
    );
}

/// "should allow to use a pod failure policy to ignore failure matching on
/// DisruptionTarget condition" (conformance, newer revision): Indexed, 3
/// pods, backoffLimit 2, only the DisruptionTarget Ignore rule; see
/// [`evicted_pod_case`].
#[test]
fn should_allow_to_use_a_pod_failure_policy_to_ignore_failure_matching_on_disruption_target_condition(
) {
    evicted_pod_case(
        "evicted-pod-ignore-on-disruption-condition",
        "    - action: Ignore\n      onPodConditions:\n      - type: DisruptionTarget\n        status: \"True\"\n",
        3,
        3,
        2,
    );
}

// ---------------------------------------------------------------------------
// Suspend, ready, pod replacement
// ---------------------------------------------------------------------------

/// "should not create pods when created in suspend state": parallelism 2,
/// completions 4, created suspended: Suspended condition and no pod; resumed
/// (at 60s here): Complete (CompletionsReached), every pod created after the
/// resume.
#[test]
fn should_not_create_pods_when_created_in_suspend_state() {
    let r = run(
        &job(
            "suspend-true-to-false",
            "  parallelism: 2\n  completions: 4\n  suspend: true\n",
        ),
        "updates: [{at: 60s, kind: Job, name: suspend-true-to-false, suspend: false}]\n",
        600,
    );
    let suspended = r.saw("Suspended", "JobSuspended");
    assert!(suspended < 60_000);
    assert!(
        r.trace.pods.iter().all(|p| p.created_ms >= 60_000),
        "no pod while suspended"
    );
    r.assert_complete("CompletionsReached", 4);
    assert_eq!(r.pods_created(), 4);
}

/// "should delete pods when suspended": parallelism 2, completions 4, pods
/// that never end; once both run, the Job is suspended (at 20s here): every
/// pod is gone and the Suspended condition is present.
#[test]
fn should_delete_pods_when_suspended() {
    let r = run(
        &job(
            "suspend-false-to-true",
            "  parallelism: 2\n  completions: 4\n  suspend: false\n",
        ),
        "pods: {runtime: 1h}\nupdates: [{at: 20s, kind: Job, name: suspend-false-to-true, suspend: true}]\n",
        120,
    );
    r.saw_state("two pods running", |s| s.counts.0 == 2);
    assert!(r.stored.is_empty(), "pods left: {}", r.stored.len());
    assert_eq!(r.outcomes(PodOutcome::Killed), 2);
    assert_eq!(r.conditions(), vec![c("Suspended", "JobSuspended")]);
    assert_eq!(r.pods_created(), 2);
}

/// "should update the status ready field": parallelism 2, completions 4,
/// pods that never end; created suspended: ready 0; resumed (60s): ready 2;
/// suspended again (120s): ready 0.
#[test]
fn should_update_the_status_ready_field() {
    let r = run(
        &job("all-ready", "  parallelism: 2\n  completions: 4\n  suspend: true\n"),
        "pods: {runtime: 1h, readyAfter: 2s}\nupdates:\n- {at: 60s, kind: Job, name: all-ready, suspend: false}\n- {at: 120s, kind: Job, name: all-ready, suspend: true}\n",
        180,
    );
    let first = r.snaps.first().expect("a status");
    assert_eq!(first.counts.1, 0);
    assert_eq!(
        r.job.status.as_ref().and_then(|s| s.ready),
        Some(0),
        "ready is set to 0, not left out"
    );
    let ready = r.saw_state("ready 2", |s| s.counts.1 == 2);
    assert!((60_000..120_000).contains(&ready), "{ready}");
    assert_eq!(r.last().counts.1, 0, "ready 0 once suspended again");
    assert!(r.last().at_ms >= 120_000);
    assert_eq!(r.conditions(), vec![c("Suspended", "JobSuspended")]);
}

/// "should recreate pods only after they have failed if pod replacement
/// policy is set to Failed": upstream deletes the running pod (its SIGTERM
/// handler takes 5s to exit 143) and asserts active 0, failed 0,
/// terminating 1 while it terminates, then active 1, failed 1, terminating
/// 0. Adapted: the scenario cannot delete a pod by hand; suspension deletes
/// them instead (shutdown 20s), and the Job is resumed 2s later: with
/// podReplacementPolicy Failed no pod is created while the deleted one
/// terminates (active 0, terminating 1), only after it is Failed (active 1,
/// terminating 0). Pods deleted by suspension are not counted as failed
/// (the controller removes their finalizer first), so failed stays 0 where
/// upstream's hand-deleted pod is counted.
#[test]
fn should_recreate_pods_only_after_they_have_failed_if_pod_replacement_policy_is_set_to_failed() {
    let scenario = "pods: {runtime: 1h, shutdown: 20s}\nupdates:\n- {at: 10s, kind: Job, name: pod-recreate-failed, suspend: true}\n- {at: 12s, kind: Job, name: pod-recreate-failed, suspend: false}\n";
    let r = run(
        &job(
            "pod-recreate-failed",
            "  parallelism: 1\n  completions: 1\n  backoffLimit: 1\n  podReplacementPolicy: Failed\n",
        ),
        scenario,
        120,
    );
    let terminating = r.saw_state("active 0, terminating 1", |s| {
        let (active, _, _, failed, terminating) = s.counts;
        s.at_ms >= 12_000 && (active, failed, terminating) == (0, 0, 1)
    });
    let recreated = r.saw_state("active 1, terminating 0 after", |s| {
        let (active, _, _, failed, term) = s.counts;
        s.at_ms > terminating && (active, failed, term) == (1, 0, 0)
    });
    assert!(recreated >= 30_000, "recreated at {recreated}");
    let created: Vec<i64> = r.trace.pods.iter().map(|p| p.created_ms).collect();
    assert_eq!(created.len(), 2);
    assert!(
        created[1] >= 30_000,
        "replacement created at {}",
        created[1]
    );

    // The default (TerminatingOrFailed) replaces the pod at the resume.
    let r = run(
        &job(
            "pod-recreate-failed",
            "  parallelism: 1\n  completions: 1\n  backoffLimit: 1\n",
        ),
        scenario,
        120,
    );
    let created: Vec<i64> = r.trace.pods.iter().map(|p| p.created_ms).collect();
    assert_eq!(created.len(), 2);
    assert!((12_000..15_000).contains(&created[1]), "{created:?}");
}

// ---------------------------------------------------------------------------
// Indexed Jobs
// ---------------------------------------------------------------------------

/// "should create pods for an Indexed job with completion indexes and
/// specified hostname" (conformance) and "should create pods with completion
/// indexes for an Indexed Job": parallelism 2, completions 4, Indexed:
/// Complete (CompletionsReached); the Succeeded pods cover indexes 0-3, each
/// with hostname `<job>-<index>`, and every pod carries the index label.
#[test]
fn should_create_pods_for_an_indexed_job_with_completion_indexes_and_specified_hostname() {
    let r = run(
        &job(
            "indexed-job",
            "  parallelism: 2\n  completions: 4\n  completionMode: Indexed\n",
        ),
        "",
        300,
    );
    r.assert_complete("CompletionsReached", 4);
    let mut indexes = Vec::new();
    for p in r
        .seen
        .iter()
        .filter(|p| p.phase() == Some(&PodPhase::Succeeded))
    {
        let ix: i64 = p
            .metadata
            .annotation(JOB_COMPLETION_INDEX)
            .and_then(|s| s.parse().ok())
            .expect("index annotation");
        assert_eq!(
            p.spec.hostname.as_deref(),
            Some(format!("indexed-job-{ix}").as_str())
        );
        indexes.push(ix);
    }
    indexes.sort_unstable();
    assert_eq!(indexes, vec![0, 1, 2, 3]);
    let mut labelled: Vec<&str> = r
        .seen
        .iter()
        .filter_map(|p| p.metadata.label(JOB_COMPLETION_INDEX))
        .collect();
    labelled.sort_unstable();
    assert_eq!(labelled, vec!["0", "1", "2", "3"]);
    assert_eq!(r.completed_indexes(), "0-3");
}

/// The Indexed Job of the failOddSucceedEven specs.
fn odd_fail_scenario(runtime: &str) -> String {
    format!(
        "pods: {{runtime: {runtime}}}\nindexes:\n  \"1\": {{failureProbability: 1}}\n  \"3\": {{failureProbability: 1}}\n"
    )
}

/// "should execute all indexes despite some failing when using
/// backoffLimitPerIndex" (conformance): parallelism 2, completions 4,
/// backoffLimitPerIndex 1, odd indexes always fail: FailureTarget then
/// Failed (FailedIndexes); failedIndexes "1,3", completedIndexes "0,2",
/// failed 4 (two per failing index), succeeded 2.
#[test]
fn should_execute_all_indexes_despite_some_failing_when_using_backoff_limit_per_index() {
    let r = run(
        &job(
            "with-backoff-limit-per-index",
            "  parallelism: 2\n  completions: 4\n  completionMode: Indexed\n  backoffLimitPerIndex: 1\n",
        ),
        &odd_fail_scenario("10s"),
        600,
    );
    r.assert_failed("FailedIndexes");
    assert_eq!(r.failed_indexes().as_deref(), Some("1,3"));
    assert_eq!(r.completed_indexes(), "0,2");
    let (_, _, succeeded, failed, _) = r.counts();
    assert_eq!((succeeded, failed), (2, 4));
    r.assert_settled();
}

/// "should terminate job execution when the number of failed indexes exceeds
/// maxFailedIndexes" (conformance): parallelism 1, completions 4,
/// backoffLimitPerIndex 0, maxFailedIndexes 0, every pod fails:
/// FailureTarget then Failed (MaxFailedIndexesExceeded); failedIndexes "0",
/// failed 1, and only one pod was ever created.
#[test]
fn should_terminate_job_execution_when_the_number_of_failed_indexes_exceeds_max_failed_indexes() {
    let r = run(
        &job(
            "with-max-failed-indexes",
            "  parallelism: 1\n  completions: 4\n  completionMode: Indexed\n  backoffLimitPerIndex: 0\n  maxFailedIndexes: 0\n",
        ),
        "pods: {failureProbability: 1, runtime: 5s}\n",
        300,
    );
    r.assert_failed("MaxFailedIndexesExceeded");
    assert_eq!(r.failed_indexes().as_deref(), Some("0"));
    assert_eq!(r.counts().3, 1, "failed");
    assert_eq!(r.pods_created(), 1);
}

/// "should record the failure-count in the Pod annotation when using
/// backoffLimitPerIndex": parallelism 2, completions 2, backoffLimitPerIndex
/// 1, every pod fails: per index the pods carry failure-count "0" then "1";
/// Failed (FailedIndexes), failedIndexes "0,1", completedIndexes "",
/// failed 4, succeeded 0.
#[test]
fn should_record_the_failure_count_in_the_pod_annotation_when_using_backoff_limit_per_index() {
    let r = run(
        &job(
            "e2e-backofflimitperindex",
            "  parallelism: 2\n  completions: 2\n  completionMode: Indexed\n  backoffLimitPerIndex: 1\n",
        ),
        "pods: {failureProbability: 1, runtime: 5s}\n",
        300,
    );
    for ix in ["0", "1"] {
        let counts: Vec<&str> = r
            .seen
            .iter()
            .filter(|p| p.metadata.annotation(JOB_COMPLETION_INDEX) == Some(ix))
            .map(|p| {
                p.metadata
                    .annotation(JOB_INDEX_FAILURE_COUNT)
                    .unwrap_or("<none>")
            })
            .collect();
        assert_eq!(counts, vec!["0", "1"], "index {ix}");
    }
    r.assert_failed("FailedIndexes");
    assert_eq!(r.failed_indexes().as_deref(), Some("0,1"));
    assert_eq!(r.completed_indexes(), "");
    let (_, _, succeeded, failed, _) = r.counts();
    assert_eq!((succeeded, failed), (0, 4));
}

/// "should mark indexes as failed when the FailIndex action is matched in
/// podFailurePolicy" (conformance): parallelism 2, completions 2,
/// backoffLimitPerIndex 1, FailIndex on exit code 1, index 1 fails: it is
/// not retried; Failed (FailedIndexes), failedIndexes "1",
/// completedIndexes "0", failed 1, succeeded 1, two pods.
#[test]
fn should_mark_indexes_as_failed_when_the_fail_index_action_is_matched_in_pod_failure_policy() {
    let r = run(
        &job(
            "matching-fail-index-action",
            "  parallelism: 2\n  completions: 2\n  completionMode: Indexed\n  backoffLimitPerIndex: 1\n  podFailurePolicy:\n    rules:\n    - action: FailIndex\n      onExitCodes: {operator: In, values: [1]}\n",
        ),
        &odd_fail_scenario("10s"),
        300,
    );
    r.assert_failed("FailedIndexes");
    assert_eq!(r.failed_indexes().as_deref(), Some("1"));
    assert_eq!(r.completed_indexes(), "0");
    let (_, _, succeeded, failed, _) = r.counts();
    assert_eq!((succeeded, failed), (1, 1));
    assert_eq!(r.pods_created(), 2);
}

// ---------------------------------------------------------------------------
// SuccessPolicy
// ---------------------------------------------------------------------------

/// "with successPolicy should succeeded when all indexes succeeded"
/// (conformance): Indexed, parallelism 2, completions 2, rule
/// succeededCount 2: SuccessCriteriaMet then Complete (SuccessPolicy),
/// succeeded 2; final active 0, ready 0, terminating 0, failed 0.
#[test]
fn with_success_policy_should_succeeded_when_all_indexes_succeeded() {
    let r = run(
        &job(
            "with-success-policy-all-index-succeeded",
            "  parallelism: 2\n  completions: 2\n  completionMode: Indexed\n  successPolicy:\n    rules:\n    - succeededCount: 2\n",
        ),
        "",
        300,
    );
    r.assert_complete("SuccessPolicy", 2);
    r.assert_settled();
    assert_eq!(r.counts().3, 0, "failed");
}

/// The pending-indexes SuccessPolicy specs: Indexed, parallelism 2,
/// completions 5, odd indexes always fail (10s), even ones succeed (30s);
/// index 0 succeeds while index 1 is still being retried: SuccessCriteriaMet
/// then Complete (SuccessPolicy), succeeded 1, completedIndexes "0"; the
/// remaining pod is terminated: final active 0, ready 0, terminating 0.
fn success_policy_pending_case(name: &str, rule: &str, backoff: &str) {
    let r = run(
        &job(
            name,
            &format!(
                "  parallelism: 2\n  completions: 5\n  completionMode: Indexed\n  backoffLimit: {backoff}\n  successPolicy:\n    rules:\n    - {rule}\n"
            ),
        ),
        "pods: {runtime: 30s}\nindexes:\n  \"1\": {failureProbability: 1, runtime: 10s}\n  \"3\": {failureProbability: 1, runtime: 10s}\n",
        300,
    );
    r.assert_complete("SuccessPolicy", 1);
    assert_eq!(r.completed_indexes(), "0");
    r.assert_settled();
    assert!(
        r.trace.pods.iter().all(|p| p.index.is_some_and(|i| i <= 1)),
        "indexes 2-4 never started"
    );
}

/// "with successPolicy succeededIndexes rule should succeeded even when some
/// indexes remain pending" (conformance): rule succeededIndexes "0",
/// backoffLimit 6; see [`success_policy_pending_case`].
#[test]
fn with_success_policy_succeeded_indexes_rule_should_succeeded_even_when_some_indexes_remain_pending(
) {
    success_policy_pending_case(
        "with-success-policy-succeeded-indexed",
        "succeededIndexes: \"0\"",
        "6",
    );
}

/// "with successPolicy succeededCount rule should succeeded even when some
/// indexes remain pending" (conformance): rule succeededCount 1,
/// backoffLimit MaxInt32; see [`success_policy_pending_case`].
#[test]
fn with_success_policy_succeeded_count_rule_should_succeeded_even_when_some_indexes_remain_pending()
{
    success_policy_pending_case(
        "with-success-policy-succeeded-count",
        "succeededCount: 1",
        "2147483647",
    );
}
