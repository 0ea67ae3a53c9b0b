//! End-to-end CronJob scenarios in the simulator, each run twice with the
//! same seed and compared by trace hash.

#[path = "support/sim.rs"]
mod sim;

use kbatch::manifest::{load_str, Object};
use kbatch::sim::trace::{JobOutcome, Kind, What};
use kbatch::sim::{Scenario, Simulation, Trace, Upstream};

fn run(manifest: &str, scenario: &str, seconds: i64) -> Trace {
    let (a, b) = sim::run_twice(manifest, scenario, seconds, 11);
    assert_eq!(a.hash, b.hash, "same seed must give the same trace");
    a
}

fn cronjob(name: &str, schedule: &str, extra: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {name}\nspec:\n  schedule: \"{schedule}\"\n{extra}  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: main\n            image: busybox\n"
    )
}

fn events<'a>(t: &'a Trace, reason: &'a str) -> impl Iterator<Item = i64> + 'a {
    t.entries.iter().filter_map(move |e| match &e.what {
        What::Event { reason: r, .. } if r == reason && e.kind == Kind::CronJob => Some(e.at_ms),
        _ => None,
    })
}

#[test]
fn forbid_skips_overlapping_slots() {
    let t = run(
        &cronjob("hourly", "0 * * * *", "  concurrencyPolicy: Forbid\n"),
        "pods: {runtime: 90m}\n",
        6 * 3600,
    );
    assert!(
        events(&t, "JobAlreadyActive").count() >= 2,
        "overlapping slots are skipped"
    );
    assert_eq!(sim::peak_alive_jobs(&t), 1, "never two Jobs at once");
    // 6h of hourly slots with 90m runs: fewer Jobs than slots.
    assert!(
        t.totals.jobs_created < 6,
        "created {}",
        t.totals.jobs_created
    );
    assert!(t.totals.jobs_created >= 2);
}

#[test]
fn allow_runs_overlapping_slots() {
    let t = run(
        &cronjob("hourly", "0 * * * *", "  concurrencyPolicy: Allow\n"),
        "pods: {runtime: 90m}\n",
        6 * 3600,
    );
    assert_eq!(events(&t, "JobAlreadyActive").count(), 0);
    assert_eq!(t.totals.jobs_created, 5, "slots 1h..5h all run");
    assert_eq!(sim::peak_alive_jobs(&t), 2);
}

#[test]
fn replace_deletes_the_old_job() {
    let t = run(
        &cronjob("hourly", "0 * * * *", "  concurrencyPolicy: Replace\n"),
        "pods: {runtime: 90m}\n",
        4 * 3600,
    );
    let deletes: Vec<i64> = events(&t, "SuccessfulDelete").collect();
    assert!(!deletes.is_empty(), "the running Job is replaced");
    let replaced: Vec<_> = t
        .jobs
        .iter()
        .filter(|j| j.outcome == JobOutcome::Deleted)
        .collect();
    assert!(!replaced.is_empty());
    for j in &replaced {
        assert_eq!(j.pods_succeeded, 0);
        // Deleted at the next slot, an hour after it started.
        let lived = j.finished_ms.unwrap_or(0) - j.created_ms;
        assert!((3_500_000..=3_700_000).contains(&lived), "lived {lived}ms");
    }
    // Its pod was garbage-collected and killed.
    assert!(t
        .entries
        .iter()
        .any(|e| e.kind == Kind::Pod && e.what == What::Deleting));
    assert_eq!(
        sim::peak_alive_jobs(&t),
        1,
        "the old Job goes before the new one comes"
    );
}

#[test]
fn history_limits_keep_the_cluster_small() {
    let scenario = Scenario::from_yaml("pods: {runtime: 10s}\n").expect("scenario");
    let mut sim = Simulation::new(scenario, 1, Upstream::default());
    for o in load_str(&cronjob("minutely", "* * * * *", "")).expect("manifest") {
        if let Object::CronJob(c) = o {
            sim.add_cronjob(c).expect("cronjob");
        }
    }
    sim.run_for(3600 * 1000);
    let after_an_hour = sim.footprint();
    sim.run_for(6 * 3600 * 1000);
    let t = sim.trace();
    // Five more hours of Jobs leave the simulator no bigger (up to the
    // terminated-pod queue's compaction slack).
    assert!(
        sim.footprint() <= after_an_hour + kbatch::sim::apiserver::TERMINAL_SLACK,
        "footprint grew from {after_an_hour} to {}",
        sim.footprint()
    );
    // Slots 00:01 .. 05:59 (06:00 runs at 06:00:00.100, after the end).
    assert_eq!(t.totals.jobs_created, 359);
    assert_eq!(t.totals.jobs_complete, 359);
    // successfulJobsHistoryLimit 3 (+ the one running at most).
    assert!(
        sim.api().job_count() <= 4,
        "{} jobs stored",
        sim.api().job_count()
    );
    assert!(sim.api().pod_count() <= 4);
    assert!(sim.queued_events() < 20);
}
