//! Stories of one Job sync, driven batch by batch: what upstream's `syncJob`
//! does when API calls fail halfway.

use std::time::Duration;

use kbatch::actions::{ApiError, ApiErrorKind, OpResult, Operation, Reconcile};
use kbatch::api::{Job, JobConditionType, Pod};
use kbatch::job::{sync_job, BackoffRecord, JobControllerMemory};
use serde_json::json;

#[path = "support/job_json.rs"]
mod job_json;
use job_json::{job, now};

fn pod(name: &str, phase: &str) -> Pod {
    serde_json::from_value(json!({
        "metadata": {
            "name": name, "namespace": "ns", "uid": name, "labels": {"app": "x"},
            "finalizers": ["batch.kubernetes.io/job-tracking"],
            "ownerReferences": [{"apiVersion": "batch/v1", "kind": "Job", "name": "j",
                                 "uid": "job-uid", "controller": true}],
        },
        "status": {"phase": phase},
    }))
    .expect("pod")
}

fn err() -> OpResult {
    OpResult::Err(ApiError::new(ApiErrorKind::Other, "boom"))
}

fn kinds(batch: &[Operation]) -> Vec<&'static str> {
    batch
        .iter()
        .map(|op| match op {
            Operation::CreatePod(_) => "create",
            Operation::DeletePod(_) => "delete",
            Operation::RemovePodFinalizer(_) => "unfinalize",
            Operation::UpdateJobStatus(_) => "status",
            _ => "other",
        })
        .collect()
}

fn written(batch: &[Operation]) -> Job {
    match batch {
        [Operation::UpdateJobStatus(j)] => (**j).clone(),
        other => panic!("expected one status write, got {other:?}"),
    }
}

fn ok(batch: &[Operation]) -> Vec<OpResult> {
    batch
        .iter()
        .map(|op| match op {
            Operation::UpdateJobStatus(j) => OpResult::Job(j.clone()),
            _ => OpResult::Ok,
        })
        .collect()
}

#[test]
fn a_failed_finalizer_removal_writes_partial_progress_and_fails_the_sync() {
    let j = job(json!({"parallelism": 0, "completions": 5}), json!({}));
    let pods = vec![pod("a", "Succeeded"), pod("b", "Succeeded")];
    let mut s = sync_job(&j, &JobControllerMemory::default(), &pods, now());

    let b = s.poll_batch().expect("status write #1");
    let first = written(&b);
    let uncounted = first
        .status()
        .uncounted_terminated_pods
        .clone()
        .unwrap_or_default();
    assert_eq!(
        uncounted.succeeded,
        Some(vec!["a".to_string(), "b".to_string()])
    );
    s.on_results(ok(&b));

    let b = s.poll_batch().expect("finalizer removals");
    assert_eq!(kinds(&b), ["unfinalize", "unfinalize"]);
    s.on_results(vec![OpResult::Ok, err()]);

    let b = s.poll_batch().expect("status write #2");
    let second = written(&b);
    assert_eq!(second.status().succeeded, Some(1));
    let uncounted = second
        .status()
        .uncounted_terminated_pods
        .clone()
        .unwrap_or_default();
    assert_eq!(uncounted.succeeded, Some(vec!["b".to_string()]));
    s.on_results(ok(&b));

    assert!(s.poll_batch().is_none());
    assert!(s.outcome().error.is_some());
    // Only the removal that went out and succeeded is still awaited.
    let memory = s.into_memory();
    assert!(memory.finalizer_removals.contains("a"));
    assert!(!memory.finalizer_removals.contains("b"));
}

#[test]
fn slow_start_stops_after_a_batch_with_a_failed_create() {
    let j = job(json!({"parallelism": 10, "completions": 10}), json!({}));
    let mut s = sync_job(&j, &JobControllerMemory::default(), &[], now());

    let b = s.poll_batch().expect("first batch");
    assert_eq!(kinds(&b), ["create"]);
    s.on_results(ok(&b));
    let b = s.poll_batch().expect("second batch");
    assert_eq!(kinds(&b), ["create", "create"]);
    s.on_results(vec![OpResult::Ok, err()]);

    let b = s.poll_batch().expect("status write");
    assert_eq!(written(&b).status().active, Some(2));
    s.on_results(ok(&b));
    assert!(s.poll_batch().is_none());

    let out = s.outcome();
    let reasons: Vec<&str> = out.events.iter().map(|e| e.reason.as_str()).collect();
    assert_eq!(
        reasons,
        ["SuccessfulCreate", "SuccessfulCreate", "FailedCreate"]
    );
    assert!(out.error.is_some());
    // 10 expected; one failed and seven skipped are no longer awaited.
    let e = s.into_memory().expectations.expect("expectations set");
    assert_eq!(e.add, 2);
}

#[test]
fn a_failed_delete_holds_back_the_failure_condition() {
    let j = job(
        json!({"parallelism": 1, "completions": 1, "backoffLimit": 0}),
        json!({}),
    );
    let pods = vec![pod("failed", "Failed"), pod("running", "Running")];
    let mut s = sync_job(&j, &JobControllerMemory::default(), &pods, now());

    let b = s.poll_batch().expect("delete of the active pod");
    assert_eq!(kinds(&b), ["delete"]);
    s.on_results(vec![err()]);

    let mut last = None;
    while let Some(b) = s.poll_batch() {
        if let [Operation::UpdateJobStatus(j)] = b.as_slice() {
            last = Some((**j).clone());
        }
        // Only the failed pod loses its finalizer: the Job is not finishing.
        if b.iter()
            .any(|op| matches!(op, Operation::RemovePodFinalizer(_)))
        {
            assert_eq!(kinds(&b), ["unfinalize"]);
        }
        s.on_results(ok(&b));
    }
    let last = last.expect("a status write");
    assert!(last.condition(&JobConditionType::FailureTarget).is_none());
    assert_eq!(last.status().failed, Some(1));
    assert_eq!(last.status().active, Some(1));
    let out = s.outcome();
    assert!(out.error.is_some());
    assert!(out.events.iter().any(|e| e.reason == "FailedDelete"));
}

#[test]
fn a_job_with_a_deadline_is_requeued_when_it_runs_out() {
    let j = job(
        json!({"parallelism": 1, "completions": 1, "activeDeadlineSeconds": 100}),
        json!({"startTime": "2025-12-31T23:59:20Z", "active": 1, "ready": 0, "terminating": 0}),
    );
    let pods = vec![pod("running", "Running")];
    let mut s = sync_job(&j, &JobControllerMemory::default(), &pods, now());
    let (ops, out) = s.assume_success();
    assert!(ops.is_empty(), "nothing to do: {ops:?}");
    assert_eq!(out.requeue_after, Some(Duration::from_secs(60)));
}

#[test]
fn pod_recreation_backoff_requeues_after_at_least_a_second() {
    let j = job(
        json!({"parallelism": 1, "completions": 1}),
        json!({"failed": 1}),
    );
    let memory = JobControllerMemory {
        backoff: BackoffRecord {
            failures_after_last_success: 1,
            last_failure_time: Some(now() - chrono::Duration::milliseconds(9_500)),
        },
        ..JobControllerMemory::default()
    };
    let mut s = sync_job(&j, &memory, &[], now());
    let (ops, out) = s.assume_success();
    assert_eq!(kinds(&ops), ["status"], "no create while backing off");
    assert_eq!(out.requeue_after, Some(Duration::from_secs(1)));
}

#[test]
fn at_most_500_finished_pods_are_counted_per_sync() {
    let j = job(json!({"parallelism": 0, "completions": 1000}), json!({}));
    let pods: Vec<Pod> = (0..600)
        .map(|i| pod(&format!("p{i}"), "Succeeded"))
        .collect();
    let mut s = sync_job(&j, &JobControllerMemory::default(), &pods, now());
    let (ops, _) = s.assume_success();
    let removed = ops
        .iter()
        .filter(|op| matches!(op, Operation::RemovePodFinalizer(_)))
        .count();
    assert_eq!(removed, 500);
    assert_eq!(s.job().status().succeeded, Some(500));
}

#[test]
fn a_finished_pod_completes_the_job_in_three_writes() {
    let j = job(json!({"parallelism": 1, "completions": 1}), json!({}));
    let pods = vec![pod("done", "Succeeded")];
    let mut s = sync_job(&j, &JobControllerMemory::default(), &pods, now());
    let (ops, out) = s.assume_success();
    assert_eq!(kinds(&ops), ["status", "unfinalize", "status"]);
    let last = written(&ops[2..]);
    assert!(last.has_true_condition(&JobConditionType::SuccessCriteriaMet));
    assert!(last.has_true_condition(&JobConditionType::Complete));
    assert!(last.status().completion_time.is_some());
    let reasons: Vec<&str> = out.events.iter().map(|e| e.reason.as_str()).collect();
    assert_eq!(reasons, ["Completed"]);
}

#[test]
fn the_backoff_record_is_kept_only_once_the_uncounted_pods_are_written() {
    let j = job(json!({"parallelism": 0, "completions": 2}), json!({}));
    let pods = vec![pod("f", "Failed")];
    let mut s = sync_job(&j, &JobControllerMemory::default(), &pods, now());
    assert!(s.poll_batch().is_some(), "status write #1");
    s.on_results(vec![err()]);
    assert!(s.poll_batch().is_none());
    assert!(s.outcome().error.is_some());
    assert_eq!(s.memory().backoff, BackoffRecord::default());

    let mut s = sync_job(&j, &JobControllerMemory::default(), &pods, now());
    let _ = s.assume_success();
    assert_eq!(s.memory().backoff.failures_after_last_success, 1);
}

#[test]
fn ignored_failures_do_not_fill_the_uncounted_lists() {
    // Only uids added to the uncounted lists count towards the 500 cap, so
    // every ignored failure loses its finalizer in one sync.
    let j = job(
        json!({"parallelism": 0, "completions": 1000, "podFailurePolicy": {"rules": [
            {"action": "Ignore", "onExitCodes": {"operator": "In", "values": [3]}}]}}),
        json!({}),
    );
    let pods: Vec<Pod> = (0..600)
        .map(|i| {
            let mut p = pod(&format!("p{i}"), "Failed");
            p.status = serde_json::from_value(json!({"phase": "Failed", "containerStatuses": [
                {"name": "c", "state": {"terminated": {"exitCode": 3}}}]}))
            .expect("status");
            p
        })
        .collect();
    let mut s = sync_job(&j, &JobControllerMemory::default(), &pods, now());
    let (ops, _) = s.assume_success();
    let removed = ops
        .iter()
        .filter(|op| matches!(op, Operation::RemovePodFinalizer(_)))
        .count();
    assert_eq!(removed, 600);
    assert_eq!(s.job().status().failed.unwrap_or(0), 0);
}

#[test]
fn the_job_counts_its_pods_and_adopts_matching_orphans() {
    let j = job(json!({"parallelism": 3, "completions": 3}), json!({}));
    let mut orphan = pod("orphan", "Running");
    orphan.metadata.owner_references = None;
    orphan.metadata.finalizers = None;
    let mut foreign = pod("foreign", "Running");
    {
        let refs = foreign.metadata.owner_references_mut();
        refs[0].uid = "other-uid".into();
    }
    let mut unlabelled = pod("unlabelled", "Running");
    unlabelled.metadata.labels = None;
    let pods = vec![pod("mine", "Running"), orphan, foreign, unlabelled];
    let mut s = sync_job(&j, &JobControllerMemory::default(), &pods, now());
    let (ops, _) = s.assume_success();
    // ClaimPods: the recheck GET, the orphan's adoption, the release of the
    // owned pod the selector no longer matches. Then mine and the adopted
    // orphan are active; one more pod is created.
    assert!(matches!(&ops[0], Operation::GetJob(k) if k.name == "j"));
    assert!(matches!(&ops[1], Operation::PatchPod { pod, .. } if pod.name == "orphan"));
    assert!(matches!(&ops[2], Operation::PatchPod { pod, .. } if pod.name == "unlabelled"));
    assert_eq!(kinds(&ops[3..]), ["create", "status"]);
    assert_eq!(s.job().status().active, Some(3));
}
