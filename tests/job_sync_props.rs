//! Properties of one Job sync over generated Jobs, pods and API failures.

#[path = "support/arb.rs"]
mod arb;

use kbatch::actions::{ApiError, ApiErrorKind, OpResult, Operation, Reconcile};
use kbatch::api::{Job, JobConditionType};
use kbatch::job::{sync_job, JobControllerMemory};
use proptest::prelude::*;

fn uncounted(job: &Job) -> (Vec<String>, Vec<String>) {
    let u = job
        .status()
        .uncounted_terminated_pods
        .clone()
        .unwrap_or_default();
    (
        u.succeeded.unwrap_or_default(),
        u.failed.unwrap_or_default(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn one_sync_keeps_upstreams_invariants(
        (job, pods) in arb::job().prop_flat_map(|j| { let p = arb::pods(&j); (Just(j), p) }),
        failures in any::<u64>(),
        satisfied in any::<bool>(),
    ) {
        let now = arb::t0();
        let mut memory = JobControllerMemory::default();
        if !satisfied {
            memory.expect_creations(1, now);
        }
        let mut s = sync_job(&job, &memory, &pods, now);
        let (in_succeeded, in_failed) = (job.status().succeeded.unwrap_or(0), job.status().failed.unwrap_or(0));
        let mut calls = 0u32;
        let mut batches = 0;
        let (mut created, mut deleted) = (false, false);
        let mut last_create_batch = 0usize;
        let mut prev_status_job = job.clone();
        while let Some(batch) = s.poll_batch() {
            batches += 1;
            prop_assert!(batches < 40, "sync does not end");
            prop_assert!(!batch.is_empty(), "empty batch");
            let creates = batch.iter().filter(|o| matches!(o, Operation::CreatePod(_))).count();
            if creates > 0 {
                // Slow start: 1, then at most double the previous batch.
                prop_assert!(creates <= (last_create_batch * 2).max(1));
                last_create_batch = creates;
                created = true;
            }
            if batch.iter().any(|o| matches!(o, Operation::DeletePod(_))) {
                deleted = true;
            }
            let mut results = Vec::new();
            for op in &batch {
                calls += 1;
                let fail = failures & (1u64 << (calls % 64)) != 0;
                results.push(match op {
                    _ if fail => OpResult::Err(ApiError::new(ApiErrorKind::Other, "injected")),
                    Operation::UpdateJobStatus(j) => {
                        let st = j.status();
                        prop_assert!(st.succeeded.unwrap_or(0) >= in_succeeded);
                        prop_assert!(st.failed.unwrap_or(0) >= in_failed);
                        let (us, uf) = uncounted(j);
                        prop_assert!(us.iter().all(|u| !uf.contains(u)), "uid in both lists");
                        let terminal = j.has_true_condition(&JobConditionType::Complete)
                            || j.has_true_condition(&JobConditionType::Failed);
                        if terminal && !prev_status_job.is_finished() {
                            prop_assert!(us.is_empty() && uf.is_empty(), "finished while uncounted");
                            prop_assert_eq!(st.terminating.unwrap_or(0), 0, "finished while terminating");
                        }
                        if j.has_true_condition(&JobConditionType::Complete) {
                            prop_assert!(st.completion_time.is_some());
                            prop_assert!(j.has_true_condition(&JobConditionType::SuccessCriteriaMet));
                        }
                        if j.has_true_condition(&JobConditionType::Failed) && !job.is_finished() {
                            prop_assert!(j.has_true_condition(&JobConditionType::FailureTarget));
                        }
                        prop_assert!(st.ready.unwrap_or(0) <= st.active.unwrap_or(0));
                        prev_status_job = (**j).clone();
                        OpResult::Job(j.clone())
                    }
                    _ => OpResult::Ok,
                });
            }
            s.on_results(results);
        }
        prop_assert!(!(created && deleted), "a sync either creates or deletes");
        if job.is_finished() {
            prop_assert_eq!(batches, 0, "a finished Job is left alone");
        }
        if !satisfied && !job.is_finished() {
            prop_assert!(!created, "no creates with unsatisfied expectations");
        }
        let m = s.into_memory();
        if let Some(e) = m.expectations {
            prop_assert!(e.add >= 0 && e.del >= 0);
        }
    }
}
