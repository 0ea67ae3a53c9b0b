//! Fuzzes one Job sync: arbitrary Job, pods, controller memory, time and
//! failing API calls; checks the invariants of `job_check.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "job_check.rs"]
mod job_check;

fuzz_target!(|data: &[u8]| {
    job_check::fuzz_one(data);
});
