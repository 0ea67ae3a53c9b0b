//! Property tests of one Job sync (`sync_job` driven by `host::execute`)
//! over random Jobs of every mode and policy, pods in every phase, controller
//! memory, times and failing API calls. The invariants live in
//! `fuzz/fuzz_targets/job_check.rs`, shared with the fuzz target.

#[path = "support/arb.rs"]
mod arb;
#[path = "../fuzz/fuzz_targets/job_check.rs"]
mod job_check;

use job_check::{Failures, Scenario, StartingConditions};
use kbatch::api::Job;
use proptest::prelude::*;

fn starting(c: u8) -> StartingConditions {
    match c {
        1 => StartingConditions::Complete,
        2 => StartingConditions::Failed,
        3 => StartingConditions::FailureTarget,
        4 => StartingConditions::SuccessCriteriaMet,
        5 => StartingConditions::Suspended,
        6 => StartingConditions::Resumed,
        _ => StartingConditions::None,
    }
}

/// A whole scenario from the `arb` strategies; statuses the API server would
/// not have accepted are skipped.
fn scenario() -> impl Strategy<Value = Scenario> {
    arb::job()
        .prop_flat_map(|job: Job| {
            (
                Just(job.clone()),
                arb::pods(&job),
                arb::status_choice(),
                arb::memory_choice(),
                arb::now(),
                arb::failure_masks(),
            )
        })
        .prop_map(
            |(mut job, pods, st, mem, now, (create, delete, patch, status, kind))| {
                if st.deleting {
                    job.metadata.deletion_timestamp =
                        Some(arb::t0() - chrono::Duration::seconds(30));
                }
                job_check::set_status(
                    &mut job,
                    &pods,
                    starting(st.conditions),
                    st.counters,
                    st.completed_mask,
                    st.failed_mask,
                    st.uncounted_mask,
                    st.gone_uncounted,
                );
                let memory = job_check::memory(&pods, mem.expectations, mem.rm_mask, mem.backoff);
                Scenario {
                    job,
                    pods,
                    memory,
                    now,
                    failures: Failures {
                        create,
                        delete,
                        patch,
                        status,
                        kind,
                    },
                }
            },
        )
        .prop_filter("starting status the API server accepts", |s| {
            job_check::status_is_valid(&s.job)
        })
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        max_global_rejects: 4096,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Every status write passes `validate_job_status_update` against the
    /// previous one (and keeps True conditions, counters, finished state,
    /// ready <= active); active pods after the sync stay within parallelism
    /// and the remaining completions; no creates for finished, suspended or
    /// deleting Jobs; Indexed creates take only pending indexes.
    #[test]
    fn sync_keeps_the_invariants(s in scenario()) {
        let r = job_check::run(&s);
        let errs = job_check::check_run(&s, &r);
        prop_assert!(errs.is_empty(), "{:#?}", errs);
    }

    /// The same input gives the same operations, outcome, memory and status.
    #[test]
    fn sync_is_deterministic(s in scenario()) {
        let r = job_check::run(&s);
        let errs = job_check::check_determinism(&s, &r);
        prop_assert!(errs.is_empty(), "{:#?}", errs);
    }

    /// Applying a sync's actions and syncing again at the same time changes nothing.
    #[test]
    fn sync_reaches_a_fixed_point(s in scenario()) {
        let errs = job_check::check_fixed_point(&s);
        prop_assert!(errs.is_empty(), "{:#?}", errs);
    }
}
