//! Runs the Job fuzz target's checks over the checked-in seed corpus
//! (`fuzz/seeds/job/*`), so `cargo test` replays what the fuzzer found.

#[path = "../fuzz/fuzz_targets/job_check.rs"]
mod job_check;

use std::path::Path;

#[test]
fn job_fuzz_seeds_hold_every_invariant() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/job");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    assert!(!entries.is_empty(), "no seeds in {}", dir.display());
    let mut scenarios = 0;
    for path in &entries {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut u = arbitrary::Unstructured::new(&data);
        let Ok(Some(s)) = job_check::arbitrary_scenario(&mut u) else {
            continue;
        };
        scenarios += 1;
        let errs = job_check::check_all(&s);
        assert!(errs.is_empty(), "seed {}: {errs:#?}", path.display());
    }
    assert!(scenarios > 0, "no seed makes a valid scenario");
}
