//! Upstream Kubernetes CronJob end-to-end tests (`test/e2e/apps/cronjob.go`)
//! and integration test (`test/integration/cronjob/cronjob_test.go`)
//! transcribed into simulator scenarios. Upstream creates a CronJob in a real
//! cluster and polls the API server; here the scenario scripts what the pods
//! do (upstream's `sleep 300` is `runtime: 300s`, `/bin/true` and the
//! default busybox command are short runs, `/bin/false` is
//! `failureProbability: 1`) and each test asserts the outcome upstream
//! asserts, read from the final API-server state and the trace.
//!
//! Upstream's `newTestCronJob` template: parallelism 1, completions 1,
//! backoffLimit 1, restartPolicy OnFailure, schedule `*/1 * * * ?`. The
//! scenario starts at 2026-01-01T00:00:00Z, so slots fall on whole minutes
//! and every run length below is chosen half a minute away from a slot.
//!
//! Every scenario runs twice with the same seed and must give the same trace
//! hash.
//!
//! Not transcribed:
//! - "should remove from active list jobs that have been deleted": deletes
//!   the active Job through the API by hand; scenarios cannot delete a Job.
//! - "should support CronJob API operations": create/get/list/watch/patch/
//!   update/delete of the CronJob resource and its /status; no controller
//!   behaviour to simulate.

#[path = "support/sim.rs"]
mod sim;

use kbatch::api::validation::ErrorKind;
use kbatch::api::{validate_cronjob, CronJob};
use kbatch::manifest::{load_str, Object};
use kbatch::sim::trace::{JobOutcome, Kind, What};
use kbatch::sim::{Scenario, Simulation, Trace, Upstream};

const SEED: u64 = 5;
const MIN: i64 = 60_000;

/// The final state of one run (the first of two identical ones).
struct Run {
    trace: Trace,
    /// `status.active` job names.
    active: Vec<String>,
    last_schedule: Option<String>,
    last_successful: Option<String>,
    /// Jobs stored at the end: (name, finished?).
    jobs: Vec<(String, bool)>,
    /// Pods stored at the end: (name, owner kind, owner name).
    pods: Vec<(String, String, String)>,
    /// Owner kinds of each stored Job.
    job_owner_kinds: Vec<Vec<String>>,
    /// `status.completionTime` of each stored Job.
    completion_times: Vec<Option<String>>,
}

fn parse(manifest: &str) -> CronJob {
    match load_str(manifest).expect("manifest").pop() {
        Some(Object::CronJob(c)) => c,
        _ => panic!("not a CronJob"),
    }
}

fn run_once(manifest: &str, scenario: &str, run_ms: i64) -> Run {
    let scenario = Scenario::from_yaml(scenario).expect("scenario");
    let mut sim = Simulation::new(scenario, SEED, Upstream::default());
    sim.add_cronjob(parse(manifest)).expect("cronjob");
    sim.run_for(run_ms);
    let api = sim.api();
    let key = api.cronjob_keys().pop().expect("the CronJob is stored");
    let cj = api.cronjob(&key).expect("cronjob");
    let status = cj.status.clone().unwrap_or_default();
    let active = status
        .active
        .iter()
        .flatten()
        .map(|r| r.name.clone().unwrap_or_default())
        .collect();
    let fmt = |t: &Option<kbatch::api::Time>| t.as_ref().map(|t| format!("{t:?}"));
    let last_schedule = fmt(&status.last_schedule_time);
    let last_successful = fmt(&status.last_successful_time);
    let mut jobs = Vec::new();
    let mut job_owner_kinds = Vec::new();
    let mut completion_times = Vec::new();
    for k in api.job_keys() {
        let j = api.job(&k).expect("job");
        let finished = j
            .status
            .iter()
            .flat_map(|s| s.conditions.iter().flatten())
            .any(|c| {
                format!("{:?}", c.status) == "True"
                    && matches!(format!("{:?}", c.type_).as_str(), "Complete" | "Failed")
            });
        jobs.push((k.1.clone(), finished));
        completion_times.push(fmt(&j.status.as_ref().and_then(|s| s.completion_time)));
        job_owner_kinds.push(
            j.metadata
                .owner_references
                .iter()
                .flat_map(|v| v.iter())
                .map(|o| o.kind.clone())
                .collect(),
        );
    }
    let pods = api
        .pods()
        .into_iter()
        .map(|p| {
            let owners: Vec<_> = p
                .metadata
                .owner_references
                .iter()
                .flat_map(|v| v.iter())
                .collect();
            assert_eq!(owners.len(), 1, "pod {} owners", p.metadata.name());
            (
                p.metadata.name().to_string(),
                owners[0].kind.clone(),
                owners[0].name.clone(),
            )
        })
        .collect();
    Run {
        trace: sim.into_trace(),
        active,
        last_schedule,
        last_successful,
        jobs,
        pods,
        job_owner_kinds,
        completion_times,
    }
}

/// Runs twice with one seed; the trace hashes must match.
fn run(manifest: &str, scenario: &str, run_ms: i64) -> Run {
    let a = run_once(manifest, scenario, run_ms);
    let b = run_once(manifest, scenario, run_ms);
    assert_eq!(
        a.trace.hash, b.trace.hash,
        "same seed must give the same trace"
    );
    assert_eq!(a.trace.totals, b.trace.totals);
    a
}

/// Upstream's `newTestCronJob(name, "*/1 * * * ?", policy, command, limits)`.
fn test_cronjob(name: &str, schedule: &str, policy: &str, extra: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {name}\nspec:\n  schedule: \"{schedule}\"\n  concurrencyPolicy: {policy}\n{extra}  jobTemplate:\n    spec:\n      parallelism: 1\n      completions: 1\n      backoffLimit: 1\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: c\n            image: busybox\n"
    )
}

/// CronJob events with this reason, by time.
fn events(t: &Trace, reason: &str) -> Vec<i64> {
    t.entries
        .iter()
        .filter_map(|e| match &e.what {
            What::Event { reason: r, .. } if r == reason && e.kind == Kind::CronJob => {
                Some(e.at_ms)
            }
            _ => None,
        })
        .collect()
}

/// Job creations (time, name), in order.
fn created_jobs(t: &Trace) -> Vec<(i64, String)> {
    t.entries
        .iter()
        .filter(|e| e.kind == Kind::Job && matches!(e.what, What::Created { .. }))
        .map(|e| (e.at_ms, e.name.clone()))
        .collect()
}

fn unfinished(r: &Run) -> Vec<&str> {
    r.jobs
        .iter()
        .filter(|(_, f)| !f)
        .map(|(n, _)| n.as_str())
        .collect()
}

fn finished(r: &Run) -> Vec<&str> {
    r.jobs
        .iter()
        .filter(|(_, f)| *f)
        .map(|(n, _)| n.as_str())
        .collect()
}

/// e2e "should schedule multiple jobs concurrently" (Conformance,
/// AllowConcurrent): with pods sleeping 300 s, `status.active` reaches at
/// least 2 and listing Jobs shows at least 2 running. Here, 3.5 minutes in,
/// the slots 00:01, 00:02 and 00:03 all run side by side: exactly 3.
#[test]
fn should_schedule_multiple_jobs_concurrently() {
    let r = run(
        &test_cronjob("concurrent", "*/1 * * * ?", "Allow", ""),
        "pods: {runtime: 300s}\n",
        3 * MIN + 30_000,
    );
    assert_eq!(r.active.len(), 3, "status.active {:?}", r.active);
    assert_eq!(unfinished(&r).len(), 3, "jobs {:?}", r.jobs);
    assert!(events(&r.trace, "JobAlreadyActive").is_empty());
    assert_eq!(r.trace.totals.jobs_created, 3);
    assert_eq!(sim::peak_alive_jobs(&r.trace), 3);
    assert_eq!(r.last_schedule.as_deref(), Some("2026-01-01T00:03:00Z"));
}

/// e2e "should not schedule jobs when suspended" (Conformance): a CronJob
/// created with `suspend: true` keeps `status.active` empty for the whole
/// cronJobTimeout (5 minutes) and no Job exists.
#[test]
fn should_not_schedule_jobs_when_suspended() {
    let r = run(
        &test_cronjob("suspended", "*/1 * * * ?", "Allow", "  suspend: true\n"),
        "pods: {runtime: 300s}\n",
        5 * MIN + 30_000,
    );
    assert!(r.active.is_empty(), "status.active {:?}", r.active);
    assert!(r.jobs.is_empty(), "jobs {:?}", r.jobs);
    assert_eq!(r.trace.totals.jobs_created, 0);
    assert_eq!(r.last_schedule, None);
}

/// e2e "should not schedule new jobs when ForbidConcurrent" (Conformance):
/// once a Job is active, `status.active` has exactly one entry, listing Jobs
/// shows exactly one running, and it never reaches two over the following
/// cronJobTimeout. Here the 00:01 Job (300 s) is still running at 00:05:30;
/// the slots 00:02..00:05 are skipped with JobAlreadyActive.
#[test]
fn should_not_schedule_new_jobs_when_forbid_concurrent() {
    let r = run(
        &test_cronjob("forbid", "*/1 * * * ?", "Forbid", ""),
        "pods: {runtime: 300s}\n",
        5 * MIN + 30_000,
    );
    assert_eq!(r.active.len(), 1, "status.active {:?}", r.active);
    assert_eq!(unfinished(&r).len(), 1, "jobs {:?}", r.jobs);
    assert_eq!(r.trace.totals.jobs_created, 1);
    assert_eq!(sim::peak_alive_jobs(&r.trace), 1, "never two at once");
    assert_eq!(events(&r.trace, "JobAlreadyActive").len(), 4);
    // A skipped slot does not move lastScheduleTime.
    assert_eq!(r.last_schedule.as_deref(), Some("2026-01-01T00:01:00Z"));
}

/// e2e "should replace jobs when ReplaceConcurrent" (Conformance): exactly
/// one active Job, then (waitForJobReplaced) it is replaced by a Job of
/// another name, and never more than one Job not pending deletion exists.
/// Here at 00:02:30 the 00:01 Job was deleted (SuccessfulDelete) at the
/// 00:02 slot and the 00:02 Job is the only active one.
#[test]
fn should_replace_jobs_when_replace_concurrent() {
    let r = run(
        &test_cronjob("replace", "*/1 * * * ?", "Replace", ""),
        "pods: {runtime: 300s}\n",
        2 * MIN + 30_000,
    );
    let created = created_jobs(&r.trace);
    assert_eq!(created.len(), 2, "created {created:?}");
    let (first, second) = (&created[0].1, &created[1].1);
    assert_ne!(first, second);
    assert_eq!(r.active, vec![second.clone()], "status.active");
    assert_eq!(unfinished(&r), vec![second.as_str()], "jobs {:?}", r.jobs);
    let deletes = events(&r.trace, "SuccessfulDelete");
    assert_eq!(deletes.len(), 1, "the 00:01 Job is replaced");
    assert!(
        (2 * MIN..2 * MIN + 1_000).contains(&deletes[0]),
        "replaced at the 00:02 slot, not {}ms",
        deletes[0]
    );
    let replaced = r
        .trace
        .jobs
        .iter()
        .find(|j| &j.name == first)
        .expect("summary");
    assert_eq!(replaced.outcome, JobOutcome::Deleted);
    assert_eq!(sim::peak_alive_jobs(&r.trace), 1);
}

/// e2e "should be able to schedule after more than 100 missed schedule"
/// (ForbidConcurrent): a CronJob whose last schedule lies ~98 days back
/// (more than 100 missed slots) still gets a Job running. Adaptation: the
/// API server sets creationTimestamp (and drops the given status) on
/// create, so the missed slots come from keeping the CronJob suspended for
/// 200 minutes and resuming it at 03:20:30. The controller warns
/// TooManyMissedTimes, runs the most recent slot (03:20) at once since
/// startingDeadlineSeconds is unset, and sets lastScheduleTime to it.
#[test]
fn should_be_able_to_schedule_after_more_than_100_missed_schedule() {
    let r = run(
        &test_cronjob("concurrent", "*/1 * * * ?", "Forbid", "  suspend: true\n"),
        "pods: {runtime: 300s}\n\
         updates:\n  - {at: 200m30s, kind: CronJob, name: concurrent, suspend: false}\n",
        200 * MIN + 45_000,
    );
    assert_eq!(r.active.len(), 1, "status.active {:?}", r.active);
    assert_eq!(unfinished(&r).len(), 1);
    let created = created_jobs(&r.trace);
    assert_eq!(created.len(), 1);
    assert!(
        (200 * MIN + 30_000..200 * MIN + 31_000).contains(&created[0].0),
        "created on resume, not at {}ms",
        created[0].0
    );
    // Job names carry the slot in minutes since the epoch.
    let slot = chrono::DateTime::parse_from_rfc3339("2026-01-01T03:20:00Z").expect("time");
    assert_eq!(
        created[0].1,
        format!("concurrent-{}", slot.timestamp() / 60),
        "the most recent slot runs"
    );
    assert_eq!(events(&r.trace, "TooManyMissedTimes").len(), 1);
    // upstream nextScheduleTime: a Warning naming startingDeadlineSeconds.
    assert!(r.trace.entries.iter().any(|e| matches!(
        &e.what,
        What::Event { warning: true, reason, message }
            if reason == "TooManyMissedTimes" && message.contains(".spec.startingDeadlineSeconds")
    )));
    assert!(events(&r.trace, "MissSchedule").is_empty());
    assert_eq!(r.last_schedule.as_deref(), Some("2026-01-01T03:20:00Z"));
}

/// The same with startingDeadlineSeconds: 10 (the other branch of
/// upstream's `mostRecentScheduleTime`, which only looks back the deadline
/// and so never counts 100 missed slots): resumed at 03:20:30, the 03:20
/// slot is out of the window, nothing runs until the 03:21 slot, and there
/// is no TooManyMissedTimes warning.
#[test]
fn should_be_able_to_schedule_after_more_than_100_missed_schedule_with_deadline() {
    let r = run(
        &test_cronjob(
            "concurrent",
            "*/1 * * * ?",
            "Forbid",
            "  suspend: true\n  startingDeadlineSeconds: 10\n",
        ),
        "pods: {runtime: 300s}\n\
         updates:\n  - {at: 200m30s, kind: CronJob, name: concurrent, suspend: false}\n",
        201 * MIN + 30_000,
    );
    assert_eq!(r.active.len(), 1, "status.active {:?}", r.active);
    let created = created_jobs(&r.trace);
    assert_eq!(created.len(), 1, "created {created:?}");
    assert!(
        (201 * MIN..201 * MIN + 1_000).contains(&created[0].0),
        "created at the 03:21 slot, not at {}ms",
        created[0].0
    );
    assert!(events(&r.trace, "TooManyMissedTimes").is_empty());
    assert!(events(&r.trace, "MissSchedule").is_empty());
    assert_eq!(r.last_schedule.as_deref(), Some("2026-01-01T03:21:00Z"));
}

/// e2e "should not emit unexpected warnings" (AllowConcurrent, default
/// command, so pods finish quickly): once at least two Jobs exist and one
/// has finished, the CronJob has no MissingJob or UnexpectedJob event.
/// Here pods run 10 s: at 00:03:30 three Jobs ran and finished, each
/// recorded by SawCompletedJob, and lastSuccessfulTime is the 00:03 slot.
#[test]
fn should_not_emit_unexpected_warnings() {
    let r = run(
        &test_cronjob("concurrent", "*/1 * * * ?", "Allow", ""),
        "pods: {runtime: 10s}\n",
        3 * MIN + 30_000,
    );
    assert_eq!(r.trace.totals.jobs_created, 3);
    assert_eq!(r.trace.totals.jobs_complete, 3);
    assert_eq!(finished(&r).len(), 3, "history limit 3 keeps all");
    assert!(r.active.is_empty());
    assert!(events(&r.trace, "MissingJob").is_empty());
    assert!(events(&r.trace, "UnexpectedJob").is_empty());
    assert_eq!(events(&r.trace, "SawCompletedJob").len(), 3);
    let warnings: Vec<_> = r
        .trace
        .entries
        .iter()
        .filter(|e| matches!(e.what, What::Event { warning: true, .. }))
        .collect();
    assert!(warnings.is_empty(), "warnings {warnings:?}");
    assert_eq!(r.last_schedule.as_deref(), Some("2026-01-01T00:03:00Z"));
    // lastSuccessfulTime is the newest completed Job's completionTime
    // (upstream updateStatus), here that of the 00:03 Job.
    let newest = r.completion_times.iter().flatten().max().cloned();
    assert_eq!(r.last_successful, newest);
    let lsu = r.last_successful.expect("lastSuccessfulTime");
    assert!(
        lsu.starts_with("2026-01-01T00:03:1"),
        "lastSuccessfulTime {lsu}"
    );
}

/// e2e "should delete successful finished jobs with limit of one successful
/// job" (ensureHistoryLimits; AllowConcurrent, `/bin/true`,
/// successfulJobsHistoryLimit 1, failedJobsHistoryLimit 0): exactly one
/// finished Job is listed; it disappears, with its pods, once the next one
/// finishes; again exactly one finished Job is listed. Here at 00:03:30
/// three Jobs succeeded, the first two were deleted (SuccessfulDelete) and
/// only the 00:03 Job and its pod remain.
#[test]
fn should_delete_successful_finished_jobs_with_limit_of_one_successful_job() {
    let r = run(
        &test_cronjob(
            "successful-jobs-history-limit",
            "*/1 * * * ?",
            "Allow",
            "  successfulJobsHistoryLimit: 1\n  failedJobsHistoryLimit: 0\n",
        ),
        "pods: {runtime: 1s}\n",
        3 * MIN + 30_000,
    );
    let created = created_jobs(&r.trace);
    assert_eq!(created.len(), 3);
    assert_eq!(r.trace.totals.jobs_complete, 3);
    assert_eq!(
        finished(&r),
        vec![created[2].1.as_str()],
        "jobs {:?}",
        r.jobs
    );
    assert!(unfinished(&r).is_empty());
    assert_eq!(events(&r.trace, "SuccessfulDelete").len(), 2);
    // The pods of the deleted Jobs are gone too.
    assert_eq!(r.pods.len(), 1, "pods {:?}", r.pods);
    assert_eq!(r.pods[0].2, created[2].1);
    assert_eq!(r.last_schedule.as_deref(), Some("2026-01-01T00:03:00Z"));
    assert_eq!(r.last_successful, r.completion_times[0]);
    assert!(r.last_successful.is_some());
}

/// e2e "should delete failed finished jobs with limit of one job"
/// (ensureHistoryLimits; AllowConcurrent, `/bin/false` with restartPolicy
/// OnFailure and backoffLimit 1, successfulJobsHistoryLimit 0,
/// failedJobsHistoryLimit 1): exactly one finished (failed) Job is listed
/// at a time; older ones are deleted with their pods. Here at 00:03:30
/// three Jobs failed (BackoffLimitExceeded) and only the 00:03 one remains.
#[test]
fn should_delete_failed_finished_jobs_with_limit_of_one_job() {
    let r = run(
        &test_cronjob(
            "failed-jobs-history-limit",
            "*/1 * * * ?",
            "Allow",
            "  successfulJobsHistoryLimit: 0\n  failedJobsHistoryLimit: 1\n",
        ),
        "pods: {runtime: 1s, failureProbability: 1}\n",
        3 * MIN + 30_000,
    );
    let created = created_jobs(&r.trace);
    assert_eq!(created.len(), 3);
    assert_eq!(r.trace.totals.jobs_failed, 3);
    assert_eq!(r.trace.totals.jobs_complete, 0);
    for j in r
        .trace
        .jobs
        .iter()
        .filter(|j| j.outcome == JobOutcome::Failed)
    {
        assert_eq!(j.reason.as_deref(), Some("BackoffLimitExceeded"));
    }
    assert_eq!(
        finished(&r),
        vec![created[2].1.as_str()],
        "jobs {:?}",
        r.jobs
    );
    assert!(unfinished(&r).is_empty());
    assert_eq!(events(&r.trace, "SuccessfulDelete").len(), 2);
    assert!(
        r.pods.iter().all(|p| p.2 == created[2].1),
        "pods {:?}",
        r.pods
    );
    assert!(r.last_successful.is_none());
}

/// e2e "should support timezone": a CronJob with `timeZone: bad-time-zone`
/// is rejected as Invalid on create.
#[test]
fn should_support_timezone() {
    let cj = parse(&test_cronjob(
        "cronjob-with-timezone",
        "*/1 * * * ?",
        "Allow",
        "  timeZone: bad-time-zone\n",
    ));
    let errs = validate_cronjob(&cj).expect_err("invalid time zone");
    assert!(
        errs.errors()
            .iter()
            .any(|e| e.path == "spec.timeZone" && e.kind == ErrorKind::Invalid),
        "{:?}",
        errs.messages()
    );
}

/// Not upstream: the positive side of "should support timezone" in the
/// simulator. `0 9 * * *` in Asia/Tokyo (UTC+9) fires at 00:00 UTC, and
/// lastScheduleTime is that instant.
#[test]
fn should_support_timezone_schedule_in_zone() {
    let r = run(
        &test_cronjob("tz", "0 9 * * *", "Allow", "  timeZone: Asia/Tokyo\n"),
        "start: 2025-12-31T23:00:00Z\npods: {runtime: 10s}\n",
        90 * MIN,
    );
    let created = created_jobs(&r.trace);
    assert_eq!(created.len(), 1, "created {created:?}");
    assert!(
        (60 * MIN..60 * MIN + 1_000).contains(&created[0].0),
        "at 00:00 UTC, not {}ms",
        created[0].0
    );
    assert_eq!(r.last_schedule.as_deref(), Some("2026-01-01T00:00:00Z"));
}

/// Integration TestCronJobLaunchesPodAndCleansUp (`* * * * ?`,
/// successfulJobsHistoryLimit 0, restartPolicy Never): Jobs appear, each
/// with exactly one owner reference of kind CronJob, and exactly one pod
/// exists, owned by a Job. Upstream's pods never start (image "bar"); here
/// they run 300 s so at 00:01:30 one Job and one pod exist.
#[test]
fn test_cronjob_launches_pod_and_cleans_up() {
    let manifest = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: foo\n  namespace: simple-cronjob-test\nspec:\n  schedule: \"* * * * ?\"\n  successfulJobsHistoryLimit: 0\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          terminationGracePeriodSeconds: 0\n          restartPolicy: Never\n          containers:\n          - name: foo\n            image: bar\n";
    let r = run(manifest, "pods: {runtime: 300s}\n", MIN + 30_000);
    assert_eq!(r.jobs.len(), 1, "jobs {:?}", r.jobs);
    assert_eq!(r.job_owner_kinds, vec![vec!["CronJob".to_string()]]);
    assert_eq!(r.pods.len(), 1, "pods {:?}", r.pods);
    assert_eq!(r.pods[0].1, "Job");
    assert_eq!(r.pods[0].2, r.jobs[0].0);
    assert_eq!(r.active, vec![r.jobs[0].0.clone()]);

    // The "CleansUp" half: with successfulJobsHistoryLimit 0 a finished Job
    // is deleted with its pod (pods run 10 s: at 00:02:30 both Jobs are gone).
    let r = run(manifest, "pods: {runtime: 10s}\n", 2 * MIN + 30_000);
    assert_eq!(r.trace.totals.jobs_complete, 2);
    assert!(r.jobs.is_empty(), "jobs {:?}", r.jobs);
    assert!(r.pods.is_empty(), "pods {:?}", r.pods);
    assert_eq!(events(&r.trace, "SuccessfulDelete").len(), 2);
}
