//! Runs the `cronjob` fuzz target's body over its checked-in seed corpus
//! (`fuzz/seeds/cronjob/`), so `cargo test` keeps what fuzzing found.

#[path = "../fuzz/fuzz_targets/cronjob_check.rs"]
mod cronjob_check;

use std::path::PathBuf;

#[test]
fn cronjob_fuzz_seeds_hold() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/cronjob");
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fuzz/seeds/cronjob exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    seeds.sort();
    assert!(
        seeds.len() >= 5,
        "expected a seed corpus, found {}",
        seeds.len()
    );
    for seed in &seeds {
        let data = std::fs::read(seed).expect("readable seed");
        let outcome = std::panic::catch_unwind(|| cronjob_check::check_fuzz_bytes(&data));
        assert!(outcome.is_ok(), "seed {} broke a property", seed.display());
    }
}
