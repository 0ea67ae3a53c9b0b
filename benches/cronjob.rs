//! `sync_cronjob`, the whole reconcile of one CronJob (schedule parsed on
//! every sync, as the library does it): nothing due, a slot due (one Job
//! created and the status written), and the history clean-up and active-list
//! reconcile over 100 / 1,000 finished Jobs.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use kbatch::actions::Reconcile;
use kbatch::api::{
    ConditionStatus, CronJob, CronJobStatus, Job, JobCondition, JobConditionType, JobStatus,
    ObjectMeta, OwnerReference,
};
use kbatch::cronjob::{get_job_from_template, sync_cronjob};
use kbatch::manifest::{load_str, Object};

const CRONJOB: &str = r#"
apiVersion: batch/v1
kind: CronJob
metadata: {name: minutely, namespace: default, uid: cj-uid-0000, creationTimestamp: "2025-01-01T00:00:00Z"}
spec:
  schedule: "* * * * *"
  successfulJobsHistoryLimit: 3
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: minutely}}
        spec:
          restartPolicy: Never
          containers: [{name: main, image: busybox, args: [sh, -c, "echo hi"]}]
"#;

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("valid time")
        .to_utc()
}

fn cronjob(history_limit: i32) -> CronJob {
    let Some(Object::CronJob(mut cj)) = load_str(CRONJOB).expect("manifest").pop() else {
        panic!("a CronJob");
    };
    Arc::make_mut(&mut cj.spec).successful_jobs_history_limit = Some(history_limit);
    cj
}

/// `n` Jobs of `cj`, one a minute before `end`, each complete 10 s in.
fn finished_jobs(cj: &CronJob, n: i64, end: DateTime<Utc>) -> Vec<Arc<Job>> {
    (1..=n)
        .map(|i| {
            let slot = end - Duration::minutes(i);
            let mut job = get_job_from_template(cj, slot).expect("job");
            job.metadata = ObjectMeta {
                uid: Some(format!("job-uid-{i:06}")),
                creation_timestamp: Some(slot),
                owner_references: Some(Arc::new(vec![OwnerReference {
                    api_version: "batch/v1".into(),
                    kind: "CronJob".into(),
                    name: cj.metadata.name().into(),
                    uid: cj.metadata.uid().into(),
                    controller: Some(true),
                    block_owner_deletion: Some(true),
                }])),
                ..job.metadata
            };
            let done = slot + Duration::seconds(10);
            job.status = Some(JobStatus {
                start_time: Some(slot),
                completion_time: Some(done),
                succeeded: Some(1),
                conditions: Some(vec![JobCondition {
                    type_: JobConditionType::Complete,
                    status: ConditionStatus::True,
                    last_probe_time: None,
                    last_transition_time: Some(done),
                    reason: Some("CompletionsReached".into()),
                    message: Some("Reached expected number of succeeded pods".into()),
                }]),
                ..JobStatus::default()
            });
            Arc::new(job)
        })
        .collect()
}

fn run(cj: &CronJob, jobs: &[Arc<Job>], now: DateTime<Utc>) -> usize {
    let mut sync = sync_cronjob(cj, jobs, now);
    let (ops, _) = sync.assume_success();
    ops.len()
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("sync_cronjob");
    let slot = t("2026-01-01T00:10:00Z");

    // Three finished Jobs within the history limit, last slot already run.
    let mut steady = cronjob(3);
    steady.status = Some(CronJobStatus {
        last_schedule_time: Some(slot),
        last_successful_time: Some(slot + Duration::seconds(10)),
        ..CronJobStatus::default()
    });
    let three = finished_jobs(&steady, 3, slot + Duration::minutes(1));
    let mid_minute = slot + Duration::seconds(30);
    assert_eq!(run(&steady, &three, mid_minute), 0, "nothing due");
    g.bench_function("nothing_due", |b| {
        b.iter(|| run(&steady, &three, mid_minute))
    });

    // The next slot is due: one Job created, the status written.
    let due = slot + Duration::minutes(1);
    assert_eq!(run(&steady, &three, due), 2, "create and status write");
    g.bench_function("slot_due", |b| b.iter(|| run(&steady, &three, due)));

    for n in [100_i64, 1_000] {
        g.throughput(Throughput::Elements(n as u64));
        // Every Job kept (limit n): the reconcile reads each, writes nothing.
        let mut keep = cronjob(n as i32);
        keep.status = steady.status.clone();
        let jobs = finished_jobs(&keep, n, slot + Duration::minutes(1));
        assert_eq!(run(&keep, &jobs, mid_minute), 0);
        g.bench_with_input(BenchmarkId::new("jobs_kept", n), &jobs, |b, jobs| {
            b.iter(|| run(&keep, jobs, mid_minute))
        });
        // Limit 3: all but three are deleted (one DeleteJob each).
        let deletes = run(&steady, &jobs, mid_minute);
        assert!(deletes >= (n - 3) as usize, "{deletes} operations");
        g.bench_with_input(BenchmarkId::new("history_cleanup", n), &jobs, |b, jobs| {
            b.iter(|| run(&steady, jobs, mid_minute))
        });
    }
    g.finish();
}

criterion_group!(cronjob_benches, benches);
criterion_main!(cronjob_benches);
