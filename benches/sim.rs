//! Simulator throughput: a year of a minutely CronJob, and an Indexed Job
//! with 100,000 completions at parallelism 1,000.

use criterion::{criterion_group, criterion_main, Criterion};
use kbatch::manifest::{load_str, Object};
use kbatch::sim::{Scenario, Simulation, Upstream};

const YEAR_MS: i64 = 365 * 86_400_000;

const CRON: &str = r#"
apiVersion: batch/v1
kind: CronJob
metadata: {name: minutely}
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: main, image: busybox}]
"#;

const INDEXED: &str = r#"
apiVersion: batch/v1
kind: Job
metadata: {name: wide}
spec:
  completionMode: Indexed
  completions: 100000
  parallelism: 1000
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: busybox}]
"#;

fn simulate(manifest: &str, scenario: &str, duration_ms: i64) -> Simulation<Upstream> {
    let scenario = Scenario::from_yaml(scenario).expect("scenario");
    let mut sim = Simulation::new(scenario, 1, Upstream::default());
    for o in load_str(manifest).expect("manifest") {
        match o {
            Object::Job(j) => sim.add_job(j).expect("job"),
            Object::CronJob(c) => sim.add_cronjob(c).expect("cronjob"),
        }
    }
    sim.run_for(duration_ms);
    sim
}

fn year_of_minutely_cronjob(c: &mut Criterion) {
    let mut g = c.benchmark_group("sim");
    g.sample_size(10);
    g.bench_function("cronjob_minutely_one_year", |b| {
        b.iter(|| {
            let sim = simulate(
                CRON,
                "pods: {runtime: 10s}\nmaxTraceEntries: 10000\n",
                YEAR_MS,
            );
            assert_eq!(sim.trace().totals.jobs_created, 525_599);
            sim
        })
    });
    g.bench_function("indexed_100k_completions_parallelism_1000", |b| {
        b.iter(|| {
            let sim = simulate(INDEXED, "maxTraceEntries: 10000\n", 30 * 86_400_000);
            assert_eq!(sim.trace().totals.jobs_complete, 1);
            sim
        })
    });
    g.finish();
}

criterion_group!(benches, year_of_minutely_cronjob);
criterion_main!(benches);
