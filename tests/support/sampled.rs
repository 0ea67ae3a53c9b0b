//! One Job run in the simulator with its status sampled at a fixed period,
//! as upstream's integration and e2e tests poll the API server.

// Each test file that includes this module uses only some of it.
#![allow(dead_code)]

use std::collections::BTreeMap;

use kbatch::api::{ConditionStatus, Job, Pod};
use kbatch::manifest::{load_str, Object};
use kbatch::sim::{Scenario, Simulation, Trace, Upstream};

/// What one sampled run leaves.
pub struct Sampled {
    pub trace: Trace,
    /// The Job as the API server holds it at the end.
    pub job: Job,
    /// The Job at every sample while it was stored: `(offset ms, Job)`.
    pub samples: Vec<(i64, Job)>,
    /// Every pod seen at a sample (its last version), oldest first,
    /// including pods deleted since.
    pub seen: Vec<Pod>,
    /// The pods the API server still holds at the end, oldest first.
    pub stored: Vec<Pod>,
}

/// Run the one Job of `manifest` under `scenario` for `seconds` with `seed`,
/// sampling every `sample_ms`.
pub fn run_sampled(
    manifest: &str,
    scenario: &str,
    seconds: i64,
    seed: u64,
    sample_ms: i64,
) -> Sampled {
    let sc = Scenario::from_yaml(scenario).expect("scenario");
    let mut sim = Simulation::new(sc, seed, Upstream::default());
    let mut name = None;
    for o in load_str(manifest).expect("manifest") {
        if let Object::Job(j) = o {
            name = Some(j.metadata.name().to_string());
            sim.add_job(j).expect("job");
        }
    }
    let key = ("default".to_string(), name.expect("a Job in the manifest"));
    let by_uid = |sim: &Simulation<Upstream>| -> BTreeMap<String, Pod> {
        sim.api()
            .pods()
            .into_iter()
            .map(|p| (p.metadata.uid().to_string(), p.clone()))
            .collect()
    };
    let (mut samples, mut seen) = (Vec::new(), BTreeMap::new());
    let end = seconds * 1000;
    let mut t = 0;
    while t < end {
        t = (t + sample_ms).min(end);
        sim.run_for(t);
        seen.extend(by_uid(&sim));
        if let Some(j) = sim.api().job(&key) {
            samples.push((t, j.clone()));
        }
    }
    let job = sim
        .api()
        .job(&key)
        .cloned()
        .expect("the Job is still stored");
    let stored = by_uid(&sim).into_values().collect();
    Sampled {
        trace: sim.into_trace(),
        job,
        samples,
        seen: seen.into_values().collect(),
        stored,
    }
}

/// The samples as `snap` sees them, keeping one where it differs from the
/// last kept (`same` says when two do not).
pub fn changes<S>(
    samples: &[(i64, Job)],
    snap: impl Fn(i64, &Job) -> S,
    same: impl Fn(&S, &S) -> bool,
) -> Vec<S> {
    let mut out: Vec<S> = Vec::new();
    for (t, job) in samples {
        let s = snap(*t, job);
        if out.last().is_none_or(|l| !same(l, &s)) {
            out.push(s);
        }
    }
    out
}

/// `(type, reason)` of the Job's conditions with status True, in order.
pub fn true_conditions(job: &Job) -> Vec<(String, String)> {
    job.status
        .iter()
        .flat_map(|s| s.conditions.iter().flatten())
        .filter(|c| c.status == ConditionStatus::True)
        .map(|c| {
            (
                c.type_.as_str().to_string(),
                c.reason.clone().unwrap_or_default(),
            )
        })
        .collect()
}
