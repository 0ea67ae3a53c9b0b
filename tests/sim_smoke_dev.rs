use kbatch::api::Job;
use kbatch::sim::{Scenario, Simulation, Upstream};

#[test]
fn smoke() {
    let job: Job = serde_saphyr::from_str(include_str!("data/parallel.yaml")).unwrap();
    let mut sim = Simulation::new(Scenario::default(), 1, Upstream);
    sim.add_job(job).unwrap();
    sim.run_for(600_000);
    let t = sim.trace();
    for e in &t.entries {
        println!(
            "{} {:?} {} {:?}",
            kbatch::sim::trace::format_offset(e.at_ms),
            e.kind,
            e.name,
            e.what
        );
    }
    println!("{:?}", t.jobs);
    assert_eq!(t.totals.pods_created, 4);
}
