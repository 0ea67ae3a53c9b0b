//! `getPodsForJob` / `ClaimPods` in one Job sync, driven batch by batch: the
//! adoption and release PATCHes, the `CanAdopt` recheck GET and what their
//! failures do to the sync (upstream `job_controller.go`,
//! `controller_ref_manager.go`).

use kbatch::actions::{ApiError, ApiErrorKind, OpResult, Operation, Outcome, Reconcile};
use kbatch::api::{Job, Pod};
use kbatch::job::{sync_job, JobControllerMemory};
use serde_json::{json, Value};

#[path = "support/job_json.rs"]
mod job_json;
use job_json::now;

fn job(spec: Value) -> Job {
    job_json::job(
        spec,
        json!({"startTime": "2026-01-01T00:00:00Z", "active": 0, "ready": 0, "terminating": 0}),
    )
}

/// A pod of the Job: labelled, owned, carrying the tracking finalizer.
fn owned(name: &str, phase: &str) -> Pod {
    serde_json::from_value(json!({
        "metadata": {
            "name": name, "namespace": "ns", "uid": format!("{name}-uid"), "labels": {"app": "x"},
            "finalizers": ["batch.kubernetes.io/job-tracking"],
            "ownerReferences": [{"apiVersion": "batch/v1", "kind": "Job", "name": "j",
                                 "uid": "job-uid", "controller": true}],
        },
        "status": {"phase": phase},
    }))
    .expect("pod")
}

/// A labelled pod nobody controls, without the finalizer.
fn orphan(name: &str, phase: &str) -> Pod {
    let mut p = owned(name, phase);
    p.metadata.owner_references = None;
    p.metadata.finalizers = None;
    p
}

/// An owned pod whose labels the selector no longer matches.
fn relabelled(name: &str) -> Pod {
    let mut p = owned(name, "Running");
    p.metadata.labels = Some(std::sync::Arc::new(
        [("app".to_string(), "y".to_string())].into(),
    ));
    p
}

fn adoption(pod: &str) -> Value {
    json!({"metadata": {
        "ownerReferences": [{"apiVersion": "batch/v1", "kind": "Job", "name": "j",
            "uid": "job-uid", "controller": true, "blockOwnerDeletion": true}],
        "uid": format!("{pod}-uid"),
        "finalizers": ["batch.kubernetes.io/job-tracking"],
    }})
}

fn release(pod: &str) -> Value {
    json!({"metadata": {
        "uid": format!("{pod}-uid"),
        "ownerReferences": [{"$patch": "delete", "uid": "job-uid"}],
        "$deleteFromPrimitiveList/finalizers": ["batch.kubernetes.io/job-tracking"],
    }})
}

fn err(kind: ApiErrorKind, msg: &str) -> OpResult {
    OpResult::Err(ApiError::new(kind, msg))
}

/// Drives the sync to its end; `answer` gives each call's result. Returns
/// the batches in order and the outcome.
fn drive(
    job: &Job,
    pods: &[Pod],
    mut answer: impl FnMut(&Operation) -> OpResult,
) -> (Vec<Vec<Operation>>, Outcome, Job) {
    let mut s = sync_job(job, &JobControllerMemory::default(), pods, now());
    let mut batches = Vec::new();
    while let Some(batch) = s.poll_batch() {
        let results = batch.iter().map(&mut answer).collect();
        batches.push(batch);
        s.on_results(results);
    }
    let out = s.outcome();
    (batches, out, s.job().clone())
}

/// Every call succeeds; the recheck GET returns `fresh`.
fn succeed(fresh: Job) -> impl FnMut(&Operation) -> OpResult {
    move |op| match op {
        Operation::GetJob(_) => OpResult::Job(Box::new(fresh.clone())),
        Operation::UpdateJobStatus(j) => OpResult::Job(j.clone()),
        Operation::CreatePod(p) => OpResult::Pod(p.clone()),
        _ => OpResult::Ok,
    }
}

/// The batches as short strings: `get`, `adopt:<pod>`, `release:<pod>`,
/// `create`, `delete:<pod>`, `unfinalize:<pod>`, `status`; each PATCH body
/// is checked against the upstream shape on the way.
fn shape(batches: &[Vec<Operation>]) -> Vec<Vec<String>> {
    batches
        .iter()
        .map(|b| {
            b.iter()
                .map(|op| match op {
                    Operation::GetJob(k) => {
                        assert_eq!((k.namespace.as_str(), k.name.as_str()), ("ns", "j"));
                        "get".to_string()
                    }
                    Operation::PatchPod { pod, patch } => {
                        if *patch == adoption(&pod.name) {
                            format!("adopt:{}", pod.name)
                        } else if *patch == release(&pod.name) {
                            format!("release:{}", pod.name)
                        } else {
                            panic!("unexpected patch of {}: {patch}", pod.name)
                        }
                    }
                    Operation::CreatePod(_) => "create".to_string(),
                    Operation::DeletePod(k) => format!("delete:{}", k.name),
                    Operation::RemovePodFinalizer(k) => format!("unfinalize:{}", k.name),
                    Operation::UpdateJobStatus(_) => "status".to_string(),
                    other => panic!("unexpected {other:?}"),
                })
                .collect()
        })
        .collect()
}

fn s(v: &[&[&str]]) -> Vec<Vec<String>> {
    v.iter()
        .map(|b| b.iter().map(|x| x.to_string()).collect())
        .collect()
}

#[test]
fn an_orphan_is_adopted_after_the_recheck_and_counted_active() {
    let j = job(json!({"parallelism": 2, "completions": 2}));
    let pods = [owned("mine", "Running"), orphan("stray", "Running")];
    let (batches, out, written) = drive(&j, &pods, succeed(j.clone()));
    assert_eq!(
        shape(&batches),
        s(&[&["get"], &["adopt:stray"], &["status"]])
    );
    assert_eq!(out.error, None);
    assert_eq!(written.status().active, Some(2));
}

#[test]
fn a_finished_orphan_counts_in_the_sync_that_adopts_it() {
    // getPodsForJob gives the adopted pod's copy the tracking finalizer its
    // PATCH adds, so the sync counts it and removes that finalizer at once.
    let j = job(json!({"parallelism": 1, "completions": 2}));
    let pods = [owned("mine", "Running"), orphan("done", "Succeeded")];
    let (batches, out, written) = drive(&j, &pods, succeed(j.clone()));
    assert_eq!(
        shape(&batches),
        s(&[
            &["get"],
            &["adopt:done"],
            &["status"],
            &["unfinalize:done"],
            &["status"]
        ])
    );
    assert_eq!(out.error, None);
    assert_eq!(written.status().succeeded, Some(1));
    assert_eq!(written.status().active, Some(1));
}

#[test]
fn an_orphan_already_naming_the_job_is_adopted_without_the_finalizer_in_memory() {
    // Upstream adds the finalizer only to claimed pods with no owner
    // reference to the Job; this one has a non-controller reference.
    let j = job(json!({"parallelism": 1, "completions": 2}));
    let mut p = orphan("done", "Succeeded");
    p.metadata.owner_references = Some(
        vec![kbatch::api::OwnerReference {
            api_version: "batch/v1".into(),
            kind: "Job".into(),
            name: "j".into(),
            uid: "job-uid".into(),
            controller: None,
            block_owner_deletion: None,
        }]
        .into(),
    );
    let pods = [owned("mine", "Running"), p];
    let (batches, _, written) = drive(&j, &pods, succeed(j.clone()));
    assert_eq!(
        shape(&batches),
        s(&[&["get"], &["adopt:done"], &["status"]])
    );
    assert_eq!(written.status().succeeded.unwrap_or(0), 0);
}

#[test]
fn a_job_deleted_at_the_recheck_fails_every_adoption_and_the_sync() {
    let j = job(json!({"parallelism": 3, "completions": 3}));
    let mut fresh = j.clone();
    fresh.metadata.deletion_timestamp = Some(now());
    let pods = [
        orphan("a", "Running"),
        relabelled("gone"),
        orphan("b", "Running"),
    ];
    let (batches, out, _) = drive(&j, &pods, succeed(fresh));
    // No adoption PATCH; the release listed after the first adoption still goes.
    assert_eq!(shape(&batches), s(&[&["get"], &["release:gone"]]));
    assert_eq!(
        out.error.as_deref(),
        Some(
            "[can't adopt Pod ns/a (a-uid): ns/j has just been deleted at 2026-01-01 00:00:00 +0000 UTC, \
             can't adopt Pod ns/b (b-uid): ns/j has just been deleted at 2026-01-01 00:00:00 +0000 UTC]"
        )
    );
    assert!(out.events.is_empty());
}

#[test]
fn a_failed_recheck_or_another_uid_denies_adoption() {
    let j = job(json!({"parallelism": 1, "completions": 1}));
    let pods = [orphan("a", "Running")];
    let (batches, out, _) = drive(&j, &pods, |op| match op {
        Operation::GetJob(_) => err(ApiErrorKind::NotFound, "jobs.batch \"j\" not found"),
        other => panic!("unexpected {other:?}"),
    });
    assert_eq!(shape(&batches), s(&[&["get"]]));
    assert_eq!(
        out.error.as_deref(),
        Some("can't adopt Pod ns/a (a-uid): can't recheck DeletionTimestamp: jobs.batch \"j\" not found")
    );

    let mut other = j.clone();
    other.metadata.uid = Some("new-uid".into());
    let (_, out, _) = drive(&j, &pods, succeed(other));
    assert_eq!(
        out.error.as_deref(),
        Some("can't adopt Pod ns/a (a-uid): can't recheck DeletionTimestamp: original Job ns/j is gone: got uid new-uid, wanted job-uid")
    );
}

#[test]
fn an_adoption_patch_not_found_is_ignored_and_the_pod_left_out() {
    let j = job(json!({"parallelism": 1, "completions": 1}));
    let pods = [orphan("gone", "Running")];
    let mut fresh = succeed(j.clone());
    let (batches, out, written) = drive(&j, &pods, |op| match op {
        Operation::PatchPod { .. } => err(ApiErrorKind::NotFound, "pods \"gone\" not found"),
        op => fresh(op),
    });
    // Not claimed: nothing is active, so the sync creates the pod it wants.
    assert_eq!(
        shape(&batches),
        s(&[&["get"], &["adopt:gone"], &["create"], &["status"]])
    );
    assert_eq!(out.error, None);
    assert_eq!(written.status().active, Some(1));
}

#[test]
fn a_failed_adoption_patch_fails_the_sync_before_any_other_write() {
    let j = job(json!({"parallelism": 2, "completions": 2}));
    let pods = [orphan("a", "Running")];
    let mut fresh = succeed(j.clone());
    let (batches, out, _) = drive(&j, &pods, |op| match op {
        Operation::PatchPod { .. } => err(ApiErrorKind::Invalid, "only one controller"),
        op => fresh(op),
    });
    assert_eq!(shape(&batches), s(&[&["get"], &["adopt:a"]]));
    assert_eq!(out.error.as_deref(), Some("only one controller"));
}

#[test]
fn an_owned_pod_the_selector_no_longer_matches_is_released_and_not_counted() {
    let j = job(json!({"parallelism": 1, "completions": 1}));
    let pods = [relabelled("old"), owned("mine", "Running")];
    let (batches, out, written) = drive(&j, &pods, succeed(j.clone()));
    // No adoption, so no recheck GET.
    assert_eq!(shape(&batches), s(&[&["release:old"], &["status"]]));
    assert_eq!(out.error, None);
    assert_eq!(written.status().active, Some(1));
}

#[test]
fn releases_before_the_first_adoption_go_before_the_recheck() {
    let j = job(json!({"parallelism": 2, "completions": 2}));
    let pods = [
        relabelled("r1"),
        orphan("a", "Running"),
        relabelled("r2"),
        owned("mine", "Running"),
    ];
    let (batches, out, written) = drive(&j, &pods, succeed(j.clone()));
    assert_eq!(
        shape(&batches),
        s(&[
            &["release:r1"],
            &["get"],
            &["adopt:a", "release:r2"],
            &["status"]
        ])
    );
    assert_eq!(out.error, None);
    assert_eq!(written.status().active, Some(2));
}

#[test]
fn release_errors_other_than_not_found_and_invalid_fail_the_sync() {
    let j = job(json!({"parallelism": 1, "completions": 1}));
    let pods = [relabelled("r1"), relabelled("r2"), relabelled("r3")];
    let (batches, out, _) = drive(&j, &pods, |op| match op {
        Operation::PatchPod { pod, .. } => match pod.name.as_str() {
            "r1" => err(ApiErrorKind::NotFound, "gone"),
            "r2" => err(ApiErrorKind::Invalid, "no owner"),
            _ => err(ApiErrorKind::Other, "boom"),
        },
        other => panic!("unexpected {other:?}"),
    });
    assert_eq!(
        shape(&batches),
        s(&[&["release:r1", "release:r2", "release:r3"]])
    );
    assert_eq!(out.error.as_deref(), Some("boom"));

    // NotFound and Invalid alone are a success: the sync goes on.
    let (batches, out, _) = drive(&j, &pods[..2], |op| match op {
        Operation::PatchPod { pod, .. } if pod.name == "r1" => err(ApiErrorKind::NotFound, "gone"),
        Operation::PatchPod { .. } => err(ApiErrorKind::Invalid, "no owner"),
        Operation::UpdateJobStatus(j) => OpResult::Job(j.clone()),
        Operation::CreatePod(p) => OpResult::Pod(p.clone()),
        _ => OpResult::Ok,
    });
    assert_eq!(out.error, None);
    assert_eq!(
        shape(&batches),
        s(&[&["release:r1", "release:r2"], &["create"], &["status"]])
    );
}

#[test]
fn a_deleting_job_neither_releases_nor_adopts_but_keeps_what_it_owns() {
    let mut j = job(json!({"parallelism": 2, "completions": 2}));
    j.metadata.deletion_timestamp = Some(now());
    let pods = [
        relabelled("old"),
        orphan("stray", "Running"),
        owned("mine", "Running"),
    ];
    let (batches, out, written) = drive(&j, &pods, succeed(j.clone()));
    // No claim PATCH; the pod it owns loses its finalizer as the Job goes.
    assert_eq!(shape(&batches), s(&[&["status"], &["unfinalize:mine"]]));
    assert_eq!(out.error, None);
    assert_eq!(written.status().active, Some(1));
}

#[test]
fn orphans_being_deleted_foreign_or_of_another_namespace_are_left_alone() {
    let j = job(json!({"parallelism": 1, "completions": 1}));
    let mut deleting = orphan("deleting", "Running");
    deleting.metadata.deletion_timestamp = Some(now());
    let mut elsewhere = orphan("elsewhere", "Running");
    elsewhere.metadata.namespace = Some("other".into());
    let mut foreign = owned("foreign", "Running");
    {
        let refs = foreign.metadata.owner_references_mut();
        refs[0].uid = "other-uid".into();
    }
    let mut unlabelled = orphan("unlabelled", "Running");
    unlabelled.metadata.labels = None;
    let pods = [
        deleting,
        elsewhere,
        foreign,
        unlabelled,
        owned("mine", "Running"),
    ];
    let (batches, out, _) = drive(&j, &pods, succeed(j.clone()));
    assert_eq!(shape(&batches), s(&[&["status"]]));
    assert_eq!(out.error, None);
}

#[test]
fn assume_success_answers_the_recheck_with_the_job() {
    let j = job(json!({"parallelism": 1, "completions": 1}));
    let pods = [orphan("stray", "Running")];
    let mut sync = sync_job(&j, &JobControllerMemory::default(), &pods, now());
    let (ops, out) = sync.assume_success();
    assert_eq!(shape(&[ops]), s(&[&["get", "adopt:stray", "status"]]));
    assert_eq!(out.error, None);
    assert_eq!(sync.job().status().active, Some(1));
}

#[test]
fn a_selector_upstream_cannot_convert_fails_the_sync_before_any_call() {
    let mut j = job(json!({"parallelism": 1, "completions": 1}));
    std::sync::Arc::make_mut(&mut j.spec).selector = serde_json::from_value(
        json!({"matchExpressions": [{"key": "app", "operator": "Near", "values": ["x"]}]}),
    )
    .expect("selector");
    let pods = [owned("mine", "Running")];
    let (batches, out, _) = drive(&j, &pods, succeed(j.clone()));
    assert!(batches.is_empty());
    assert_eq!(
        out.error.as_deref(),
        Some("couldn't convert Job selector: \"Near\" is not a valid label selector operator")
    );
}
