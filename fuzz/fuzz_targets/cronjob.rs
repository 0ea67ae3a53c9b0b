//! cargo-fuzz target: any CronJob, Jobs, times and API answers run through
//! `sync_cronjob` without a panic, terminate, and keep the properties of
//! `cronjob_check.rs` (≤ 1 create per sync, Forbid, Replace, ...).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "cronjob_check.rs"]
mod cronjob_check;

fuzz_target!(|data: &[u8]| {
    cronjob_check::check_fuzz_bytes(data);
});
