//! Arbitrary bytes through manifest loading, API-server defaulting and
//! validation: nothing may panic, and whatever loads must re-load from its
//! JSON unchanged (checked inside `check_untrusted`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    kbatch::manifest::check_untrusted(data);
});
