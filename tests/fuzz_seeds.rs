//! Runs the manifest fuzz target's body over the checked-in seed corpus
//! (`fuzz/seeds/manifest/`), so `cargo test` catches what the fuzzer found.

use std::path::Path;

#[test]
fn manifest_seeds_do_not_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/manifest");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("seed dir") {
        let path = entry.expect("entry").path();
        let data = std::fs::read(&path).expect("seed");
        kbatch::manifest::check_untrusted(&data);
        count += 1;
    }
    assert!(count >= 20, "only {count} seeds in {}", dir.display());
}

#[test]
fn arbitrary_prefixes_of_the_seeds_do_not_panic() {
    // Every truncation of a multi-feature seed: cheap coverage of partial input.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/manifest");
    let data = std::fs::read(dir.join("pod-failure-policy-job.yaml")).expect("seed");
    for end in 0..=data.len() {
        kbatch::manifest::check_untrusted(&data[..end]);
    }
}
