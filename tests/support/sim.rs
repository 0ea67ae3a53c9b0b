//! Runs manifests in the simulator twice with one seed, for scenario tests
//! that also check determinism.

// Each test file that includes this module uses only some of it.
#![allow(dead_code)]

use kbatch::manifest::{load_str, Object};
use kbatch::sim::trace::{Kind, What};
use kbatch::sim::{Scenario, Simulation, Trace, Upstream};

/// Two runs of the same manifests, scenario, seed and simulated seconds.
pub fn run_twice(manifest: &str, scenario: &str, seconds: i64, seed: u64) -> (Trace, Trace) {
    let go = || {
        let scenario = Scenario::from_yaml(scenario).expect("scenario");
        let mut sim = Simulation::new(scenario, seed, Upstream::default());
        for o in load_str(manifest).expect("manifest") {
            match o {
                Object::Job(j) => sim.add_job(j).expect("job"),
                Object::CronJob(c) => sim.add_cronjob(c).expect("cronjob"),
            }
        }
        sim.run_for(seconds * 1000);
        sim.into_trace()
    };
    (go(), go())
}

/// Most unfinished Jobs alive at once (created, not yet Complete, Failed or
/// deleted), from the timeline.
pub fn peak_alive_jobs(t: &Trace) -> usize {
    let mut alive = std::collections::BTreeSet::new();
    let mut peak = 0;
    for e in t.entries.iter().filter(|e| e.kind == Kind::Job) {
        match &e.what {
            What::Created { .. } => {
                alive.insert(e.name.clone());
            }
            What::Condition { condition, .. }
                if condition == "Complete" || condition == "Failed" =>
            {
                alive.remove(&e.name);
            }
            What::Deleting | What::Removed => {
                alive.remove(&e.name);
            }
            _ => {}
        }
        peak = peak.max(alive.len());
    }
    peak
}
