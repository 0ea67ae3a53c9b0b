//! Runs manifests in the simulator twice with one seed, for scenario tests
//! that also check determinism.

use kbatch::manifest::{load_str, Object};
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
