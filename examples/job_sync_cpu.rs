//! CPU time of `sync_job` per pod (thread CPU time, so a loaded machine
//! does not inflate it): `cargo run --release --example job_sync_cpu
//! [succeeded]` (pods Running, or all just Succeeded).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use kbatch::actions::Reconcile;
use kbatch::api::{
    ConditionStatus, Job, JobStatus, LabelSelector, ObjectMeta, OwnerReference, Pod, PodCondition,
    PodConditionType, PodPhase, PodStatus, UncountedTerminatedPods, JOB_TRACKING_FINALIZER,
};
use kbatch::job::{sync_job, JobControllerMemory};

fn thread_cpu_seconds() -> f64 {
    // utime + stime, in clock ticks (100 per second on Linux).
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

fn main() {
    let phase = match std::env::args().nth(1).as_deref() {
        Some("succeeded") => PodPhase::Succeeded,
        _ => PodPhase::Running,
    };
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .map(|t| t.to_utc())
        .unwrap_or_default();
    let n = 100_000usize;
    let uid = "bench-uid-0000-0000-0000-000000000000";
    let labels = BTreeMap::from([
        (
            "batch.kubernetes.io/controller-uid".to_string(),
            uid.to_string(),
        ),
        (
            "batch.kubernetes.io/job-name".to_string(),
            "bench".to_string(),
        ),
        ("controller-uid".to_string(), uid.to_string()),
        ("job-name".to_string(), "bench".to_string()),
    ]);
    let mut job = Job::default();
    job.metadata.name = Some("bench".into());
    job.metadata.namespace = Some("default".into());
    job.metadata.uid = Some(uid.into());
    job.spec.parallelism = Some(n as i32);
    job.spec.completions = Some(n as i32);
    job.spec.selector = Some(LabelSelector {
        match_labels: Some(BTreeMap::from([(
            "batch.kubernetes.io/controller-uid".to_string(),
            uid.to_string(),
        )])),
        ..LabelSelector::default()
    });
    job.status = Some(JobStatus {
        active: Some(n as i32),
        ready: Some(n as i32),
        terminating: Some(0),
        start_time: Some(now),
        uncounted_terminated_pods: Some(UncountedTerminatedPods::default()),
        ..JobStatus::default()
    });
    let pods: Vec<Pod> = (0..n)
        .map(|i| Pod {
            metadata: ObjectMeta {
                name: Some(format!("bench-{i}")),
                namespace: Some("default".into()),
                uid: Some(format!("uid-{i:08}")),
                labels: Some(labels.clone()),
                finalizers: Some(vec![JOB_TRACKING_FINALIZER.to_string()]),
                owner_references: Some(vec![OwnerReference {
                    api_version: "batch/v1".into(),
                    kind: "Job".into(),
                    name: "bench".into(),
                    uid: uid.into(),
                    controller: Some(true),
                    block_owner_deletion: Some(true),
                }]),
                ..ObjectMeta::default()
            },
            status: Some(PodStatus {
                phase: Some(phase.clone()),
                conditions: Some(vec![PodCondition {
                    type_: PodConditionType::Ready,
                    status: ConditionStatus::True,
                    last_probe_time: None,
                    last_transition_time: Some(now),
                    reason: None,
                    message: None,
                }]),
                ..PodStatus::default()
            }),
            ..Pod::default()
        })
        .collect();
    let memory = JobControllerMemory::default();
    let iterations = 50;
    let start = thread_cpu_seconds();
    let mut ops = 0;
    for _ in 0..iterations {
        let mut s = sync_job(&job, &memory, &pods, now);
        ops += s.assume_success().0.len();
    }
    let cpu = thread_cpu_seconds() - start;
    println!(
        "{phase} {n} pods: {:.1} ns/pod of CPU ({ops} ops)",
        cpu * 1e9 / (iterations * n) as f64
    );
}
