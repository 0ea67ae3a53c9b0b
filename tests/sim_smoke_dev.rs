use kbatch::api::{CronJob, Job};
use kbatch::sim::{Scenario, Simulation, Upstream};

fn show(t: &kbatch::sim::Trace) {
    for e in &t.entries {
        println!(
            "{} {:?} {} {:?}",
            kbatch::sim::trace::format_offset(e.at_ms),
            e.kind,
            e.name,
            e.what
        );
    }
    for j in &t.jobs {
        println!("{j:?}");
    }
    println!("{:?}", t.totals);
}

#[test]
fn smoke() {
    let job: Job = serde_saphyr::from_str(include_str!("data/parallel.yaml")).unwrap();
    let mut sim = Simulation::new(Scenario::default(), 1, Upstream::default());
    sim.add_job(job).unwrap();
    sim.run_for(600_000);
    show(sim.trace());
    assert_eq!(sim.trace().totals.pods_created, 4);
}

#[test]
fn cron() {
    let cj: CronJob = serde_saphyr::from_str(include_str!("data/forbid.yaml")).unwrap();
    let sc = Scenario::from_yaml("pods: {runtime: 90m}").unwrap();
    let mut sim = Simulation::new(sc, 1, Upstream::default());
    sim.add_cronjob(cj).unwrap();
    sim.run_for(5 * 3600_000);
    show(sim.trace());
}
