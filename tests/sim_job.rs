//! End-to-end Job scenarios in the simulator, each run twice with the same
//! seed and compared by trace hash.

#[path = "support/sim.rs"]
mod sim;

use kbatch::manifest::{load_str, Object};
use kbatch::sim::trace::{Entry, JobOutcome, Kind, What};
use kbatch::sim::{Scenario, Simulation, Trace, Upstream};

fn run(manifest: &str, scenario: &str, seconds: i64) -> Trace {
    let (a, b) = sim::run_twice(manifest, scenario, seconds, 7);
    assert_eq!(a.hash, b.hash, "same seed must give the same trace");
    assert_eq!(a.to_json(), b.to_json());
    a
}

fn pod_entries<'a>(
    t: &'a Trace,
    pred: impl Fn(&What) -> bool + 'a,
) -> impl Iterator<Item = &'a Entry> + 'a {
    t.entries
        .iter()
        .filter(move |e| e.kind == Kind::Pod && pred(&e.what))
}

fn job(name: &str, spec: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\nspec:\n{spec}  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: main\n        image: busybox\n"
    )
}

#[test]
fn parallelism_two_completions_four_runs_four_pods_two_at_a_time() {
    let t = run(&job("par", "  parallelism: 2\n  completions: 4\n"), "", 600);
    assert_eq!(t.totals.pods_created, 4);
    let mut running = 0i32;
    let mut peak = 0;
    for e in &t.entries {
        match (&e.kind, &e.what) {
            (Kind::Pod, What::Created { .. }) => running += 1,
            (Kind::Pod, What::Succeeded | What::Failed { .. }) => running -= 1,
            _ => {}
        }
        peak = peak.max(running);
    }
    assert_eq!(peak, 2, "never more than parallelism pods at once");
    let j = &t.jobs[0];
    assert_eq!(j.outcome, JobOutcome::Complete);
    assert_eq!(j.completions, 4);
    assert_eq!(j.pods_succeeded, 4);
}

#[test]
fn backoff_limit_two_fails_after_three_pods_with_growing_gaps() {
    let t = run(
        &job("flaky", "  backoffLimit: 2\n"),
        "pods: {failureProbability: 1, exitCodes: [3], runtime: 5s}\n",
        600,
    );
    let j = &t.jobs[0];
    assert_eq!(j.outcome, JobOutcome::Failed);
    assert_eq!(j.reason.as_deref(), Some("BackoffLimitExceeded"));
    assert_eq!(t.totals.pods_created, 3);
    let created: Vec<i64> = pod_entries(&t, |w| matches!(w, What::Created { .. }))
        .map(|e| e.at_ms)
        .collect();
    let failed: Vec<i64> = pod_entries(&t, |w| matches!(w, What::Failed { exit_code: 3, .. }))
        .map(|e| e.at_ms)
        .collect();
    assert_eq!(failed.len(), 3);
    // Pod recreation back-off: 10s after the first failure, 20s after the second.
    let gap1 = created[1] - failed[0];
    let gap2 = created[2] - failed[1];
    assert!((10_000..=11_000).contains(&gap1), "first gap {gap1}ms");
    assert!((20_000..=21_000).contains(&gap2), "second gap {gap2}ms");
}

#[test]
fn active_deadline_kills_running_pods() {
    let t = run(
        &job(
            "slow",
            "  activeDeadlineSeconds: 60\n  parallelism: 2\n  completions: 2\n",
        ),
        "pods: {runtime: 10m}\n",
        1200,
    );
    let j = &t.jobs[0];
    assert_eq!(j.outcome, JobOutcome::Failed);
    assert_eq!(j.reason.as_deref(), Some("DeadlineExceeded"));
    let deleting: Vec<i64> = pod_entries(&t, |w| *w == What::Deleting)
        .map(|e| e.at_ms)
        .collect();
    assert_eq!(deleting.len(), 2, "both running pods are deleted");
    assert!(
        deleting.iter().all(|&at| (60_000..=61_000).contains(&at)),
        "{deleting:?}"
    );
    let killed = pod_entries(
        &t,
        |w| matches!(w, What::Failed { reason, .. } if reason == "Terminated"),
    )
    .count();
    assert_eq!(killed, 2);
    assert_eq!(t.totals.pods_succeeded, 0);
    assert!(j.finished_ms.is_some_and(|f| f < 120_000));
}

#[test]
fn controller_restart_mid_run_loses_no_completion_and_creates_no_duplicate() {
    let manifest = job(
        "idx",
        "  completionMode: Indexed\n  completions: 6\n  parallelism: 3\n",
    );
    for restart in ["31s", "31500ms", "32s", "45s"] {
        let t = run(
            &manifest,
            &format!("controllerRestarts: [{restart}]\nwatchLag: 300ms\n"),
            900,
        );
        assert!(t
            .entries
            .iter()
            .any(|e| e.what == What::ControllersRestarted));
        let j = &t.jobs[0];
        assert_eq!(j.outcome, JobOutcome::Complete, "restart at {restart}");
        assert_eq!(j.completions, 6, "restart at {restart}");
        assert_eq!(
            t.totals.pods_created, 6,
            "no duplicate pods (restart at {restart})"
        );
        let mut indexes: Vec<i64> = t.pods.iter().filter_map(|p| p.index).collect();
        indexes.sort_unstable();
        assert_eq!(indexes, vec![0, 1, 2, 3, 4, 5]);
    }
}

#[test]
fn different_seeds_differ_when_randomness_matters() {
    let m = job("r", "  completions: 3\n  parallelism: 3\n");
    let sc = "pods: {runtime: 10s..50s}\n";
    let a = run(&m, sc, 300);
    let scenario = Scenario::from_yaml(sc).expect("scenario");
    let mut sim = Simulation::new(scenario, 8, Upstream::default());
    for o in load_str(&m).expect("manifest") {
        if let Object::Job(j) = o {
            sim.add_job(j).expect("job");
        }
    }
    sim.run_for(300_000);
    assert_ne!(a.hash, sim.trace().hash);
}

#[test]
fn watch_lag_does_not_create_extra_pods_thanks_to_expectations() {
    let t = run(
        &job(
            "lagged",
            "  completions: 20\n  parallelism: 5\n  backoffLimit: 100\n",
        ),
        "watchLag: 1500ms\npods: {runtime: 2s..6s, failureProbability: 0.4, startup: 0s..2s}\n",
        3600,
    );
    let mut alive = 0i32;
    let mut peak = 0;
    for e in t.entries.iter().filter(|e| e.kind == Kind::Pod) {
        match &e.what {
            What::Created { .. } => alive += 1,
            What::Succeeded | What::Failed { .. } => alive -= 1,
            _ => {}
        }
        peak = peak.max(alive);
    }
    assert!(
        peak <= 5,
        "stale informers must not push past parallelism: {peak}"
    );
    assert_eq!(t.jobs[0].outcome, JobOutcome::Complete);
    assert_eq!(t.jobs[0].completions, 20);
    assert_eq!(t.totals.pods_succeeded, 20);
}

#[test]
fn injected_api_errors_are_retried_to_completion() {
    let t = run(
        &job("chaos", "  completions: 6\n  parallelism: 3\n"),
        "apiErrors: 0.25\nwatchLag: 200ms\n",
        3600,
    );
    assert!(t.totals.injected_errors > 0, "the scenario injects errors");
    assert!(
        t.totals.sync_errors > 0,
        "failed writes surface as sync errors"
    );
    let j = &t.jobs[0];
    assert_eq!(j.outcome, JobOutcome::Complete);
    assert_eq!(j.completions, 6);
    assert_eq!(
        t.totals.pods_succeeded, 6,
        "no completion lost or counted twice"
    );
}

#[test]
fn pod_failure_policy_ignores_disruptions() {
    let manifest = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pfp\nspec:\n  completions: 4\n  parallelism: 4\n  backoffLimit: 0\n  podFailurePolicy:\n    rules:\n    - action: Ignore\n      onPodConditions:\n      - type: DisruptionTarget\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: main\n        image: busybox\n";
    let t = run(
        manifest,
        "pods: {disruptionProbability: 0.5, runtime: 1m}\n",
        3600,
    );
    let disrupted = pod_entries(&t, |w| matches!(w, What::Disrupted { .. })).count();
    assert!(disrupted > 0, "the scenario disrupts some pods");
    let j = &t.jobs[0];
    assert_eq!(
        j.outcome,
        JobOutcome::Complete,
        "disruptions do not count toward backoffLimit 0"
    );
    assert_eq!(
        j.failed, 0,
        "ignored failures are not counted in status.failed"
    );
    assert_eq!(t.totals.pods_created, 4 + disrupted as u64);
}

#[test]
fn on_failure_restarts_count_toward_backoff_limit() {
    let manifest = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: crashloop\nspec:\n  backoffLimit: 2\n  template:\n    spec:\n      restartPolicy: OnFailure\n      containers:\n      - name: main\n        image: busybox\n";
    let t = run(
        manifest,
        "pods: {failureProbability: 1, runtime: 5s}\n",
        3600,
    );
    let restarts = pod_entries(&t, |w| matches!(w, What::Restarted { .. })).count();
    assert!(
        restarts >= 2,
        "the container restarts in place ({restarts})"
    );
    let j = &t.jobs[0];
    assert_eq!(j.outcome, JobOutcome::Failed);
    assert_eq!(j.reason.as_deref(), Some("BackoffLimitExceeded"));
    assert_eq!(
        t.totals.pods_created, 1,
        "OnFailure restarts in place, no new pods"
    );
}

/// Container restart rules (KEP-5307, on by default since 1.35): with the
/// pod's `restartPolicy: Never`, a rule restarting exit code 3 keeps the
/// container restarting in place: the pod never fails, no replacement is
/// created, and (the pod's policy not being OnFailure) restarts do not count
/// toward the backoff limit, so only the deadline ends the Job. Without the
/// rule the same pods fail and the Job hits its backoff limit.
#[test]
fn container_restart_rules_restart_in_place() {
    let manifest = |rules: &str| {
        format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: retry\nspec:\n  backoffLimit: 0\n  activeDeadlineSeconds: 120\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: main\n        image: busybox\n        restartPolicy: Never\n{rules}"
        )
    };
    let scenario = "pods: {failureProbability: 1, exitCodes: [3], runtime: 5s}\n";
    let t = run(
        &manifest("        restartPolicyRules: [{action: Restart, exitCodes: {operator: In, values: [3]}}]\n"),
        scenario,
        600,
    );
    let restarts = pod_entries(&t, |w| matches!(w, What::Restarted { exit_code: 3, .. })).count();
    assert!(restarts >= 3, "restarted in place {restarts} times");
    assert_eq!(t.totals.pods_created, 1, "no replacement pod");
    let j = &t.jobs[0];
    assert_eq!(j.outcome, JobOutcome::Failed);
    assert_eq!(j.reason.as_deref(), Some("DeadlineExceeded"));

    // A rule for another exit code does not match: the pod fails at once.
    let t = run(
        &manifest("        restartPolicyRules: [{action: Restart, exitCodes: {operator: NotIn, values: [3]}}]\n"),
        scenario,
        600,
    );
    assert_eq!(
        pod_entries(&t, |w| matches!(w, What::Restarted { .. })).count(),
        0
    );
    let j = &t.jobs[0];
    assert_eq!(j.reason.as_deref(), Some("BackoffLimitExceeded"));
    assert_eq!(t.totals.pods_created, 1);
}
