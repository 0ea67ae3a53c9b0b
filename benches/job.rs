//! `sync_job` over 1k / 10k / 100k pods: a steady Job (nothing to write),
//! an Indexed one, and one whose pods all just succeeded; and the Indexed one
//! read from an informer-like cache (`Arc<Pod>`s allocated in another order
//! than they are listed, as pods created and updated over time are). The
//! one-pod cases measure what every sync costs whatever its size.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use kbatch::actions::Reconcile;
use kbatch::api::{
    CompletionMode, ConditionStatus, Job, JobStatus, LabelSelector, ObjectMeta, OwnerReference,
    Pod, PodCondition, PodConditionType, PodPhase, PodStatus, UncountedTerminatedPods,
    JOB_COMPLETION_INDEX, JOB_TRACKING_FINALIZER,
};
use kbatch::job::{sync_job, JobControllerMemory};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .expect("valid time")
        .to_utc()
}

fn job(n: i32, indexed: bool) -> Job {
    let mut j = Job::default();
    j.metadata.name = Some("bench".into());
    j.metadata.namespace = Some("default".into());
    j.metadata.uid = Some("bench-uid-0000-0000-0000-000000000000".into());
    let spec = Arc::make_mut(&mut j.spec);
    spec.parallelism = Some(n);
    spec.completions = Some(n);
    spec.backoff_limit = Some(6);
    if indexed {
        spec.completion_mode = Some(CompletionMode::Indexed);
    }
    spec.selector = Some(LabelSelector {
        match_labels: Some(BTreeMap::from([("app".to_string(), "bench".to_string())])),
        ..LabelSelector::default()
    });
    j.status = Some(JobStatus {
        active: Some(n),
        ready: Some(n),
        terminating: Some(0),
        start_time: Some(now()),
        completed_indexes: indexed.then(String::new),
        uncounted_terminated_pods: Some(UncountedTerminatedPods::default()),
        ..JobStatus::default()
    });
    j
}

fn pods(j: &Job, n: usize, phase: PodPhase) -> Vec<Pod> {
    (0..n)
        .map(|i| Pod {
            metadata: ObjectMeta {
                name: Some(format!("bench-{i}")),
                namespace: Some("default".into()),
                uid: Some(format!("uid-{i:08}")),
                labels: Some(Arc::new(BTreeMap::from([(
                    "app".to_string(),
                    "bench".to_string(),
                )]))),
                annotations: j.spec.is_indexed().then(|| {
                    Arc::new(BTreeMap::from([(
                        JOB_COMPLETION_INDEX.to_string(),
                        i.to_string(),
                    )]))
                }),
                finalizers: Some(vec![JOB_TRACKING_FINALIZER.to_string()]),
                owner_references: Some(Arc::new(vec![OwnerReference {
                    api_version: "batch/v1".into(),
                    kind: "Job".into(),
                    name: "bench".into(),
                    uid: j.metadata.uid().into(),
                    controller: Some(true),
                    block_owner_deletion: Some(true),
                }])),
                ..ObjectMeta::default()
            },
            status: Some(PodStatus {
                phase: Some(phase.clone()),
                conditions: Some(vec![PodCondition {
                    type_: PodConditionType::Ready,
                    status: ConditionStatus::True,
                    last_probe_time: None,
                    last_transition_time: Some(now()),
                    reason: None,
                    message: None,
                }]),
                ..PodStatus::default()
            }),
            ..Pod::default()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let memory = JobControllerMemory::default();
    // Read once: parsing the time inside the loop would be timed with the sync.
    let t = now();
    let mut g = c.benchmark_group("sync_job");
    for &n in &[1_000usize, 10_000, 100_000] {
        g.throughput(Throughput::Elements(n as u64));
        for (label, indexed, phase) in [
            ("steady", false, PodPhase::Running),
            ("steady_indexed", true, PodPhase::Running),
            ("all_succeeded", false, PodPhase::Succeeded),
        ] {
            let j = job(n as i32, indexed);
            let p = pods(&j, n, phase);
            g.bench_with_input(BenchmarkId::new(label, n), &n, |b, _| {
                b.iter(|| {
                    let mut s = sync_job(&j, &memory, &p, t);
                    s.assume_success()
                })
            });
        }
        // A cache's pods: each its own allocation, listed in another order
        // than they were made (a fixed stride permutation).
        let j = job(n as i32, true);
        let p = pods(&j, n, PodPhase::Running);
        let stride = 7919 % n.max(1);
        let mut made: Vec<(usize, Arc<Pod>)> = (0..n)
            .map(|k| {
                let i = (k * stride.max(1)) % n;
                (i, Arc::new(p[i].clone()))
            })
            .collect();
        drop(p);
        made.sort_by_key(|(i, _)| *i);
        let shared: Vec<Arc<Pod>> = made.into_iter().map(|(_, pod)| pod).collect();
        g.bench_with_input(BenchmarkId::new("steady_indexed_shared", n), &n, |b, _| {
            b.iter(|| {
                let mut s = sync_job(&j, &memory, &shared, t);
                s.assume_success()
            })
        });
    }
    g.finish();

    // A one-pod Job: the fixed cost of a sync (a controller with many small
    // Jobs pays it per Job).
    let mut g = c.benchmark_group("sync_job_one_pod");
    for (label, phase) in [
        ("steady", PodPhase::Running),
        ("just_succeeded", PodPhase::Succeeded),
    ] {
        let j = job(1, false);
        let p = pods(&j, 1, phase);
        g.bench_function(label, |b| {
            b.iter(|| {
                let mut s = sync_job(&j, &memory, &p, t);
                s.assume_success()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
