//! Simulator throughput: a year of a minutely CronJob with 10-second
//! single-pod Jobs, and an Indexed Job with 100,000 completions at
//! parallelism 1,000.
//!
//! Criterion runs each at least eleven times, so by default the runs are
//! scaled down (one week; 10,000 completions). `KBATCH_BENCH_FULL=1` runs the
//! full sizes.
//!
//! Like every bench here it runs under `[profile.bench]` (no LTO); the `kbatch`
//! binary's release profile adds fat LTO, about 20% faster on these runs.

use criterion::{criterion_group, criterion_main, Criterion};

/// As the `kbatch` binary: the simulator copies many small objects.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
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
  completions: COMPLETIONS
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

fn full() -> bool {
    std::env::var("KBATCH_BENCH_FULL").is_ok_and(|v| v == "1")
}

fn benches(c: &mut Criterion) {
    let (span_ms, span_name, slots) = if full() {
        (YEAR_MS, "one_year", 525_599)
    } else {
        (7 * 86_400_000, "one_week", 10_079)
    };
    let completions: u64 = if full() { 100_000 } else { 10_000 };
    let indexed = INDEXED.replace("COMPLETIONS", &completions.to_string());
    let mut g = c.benchmark_group("sim");
    g.sample_size(10);
    g.bench_function(format!("cronjob_minutely_{span_name}"), |b| {
        b.iter(|| {
            let sim = simulate(
                CRON,
                "pods: {runtime: 10s}\nmaxTraceEntries: 10000\n",
                span_ms,
            );
            assert_eq!(sim.trace().totals.jobs_created, slots);
            sim
        })
    });
    g.bench_function(
        format!("indexed_{completions}_completions_parallelism_1000"),
        |b| {
            b.iter(|| {
                let sim = simulate(&indexed, "maxTraceEntries: 10000\n", 30 * 86_400_000);
                assert_eq!(sim.trace().totals.pods_succeeded, completions);
                sim
            })
        },
    );
    g.finish();
}

criterion_group!(sim_benches, benches);
criterion_main!(sim_benches);
