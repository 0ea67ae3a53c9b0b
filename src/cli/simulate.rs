//! `kbatch simulate`: run manifests in the simulated cluster.

use std::io::IsTerminal;

use chrono::DateTime;

use super::load::{check, load_manifests, load_scenario};
use super::render;
use super::SimulateArgs;
use crate::api::validation::warnings_for_object;
use crate::manifest::Object;
use crate::sim::scenario::parse_duration;
use crate::sim::{Scenario, Simulation, Upstream};

const DAY_MS: i64 = 86_400_000;

/// Run the simulation and print what happened.
pub fn run(args: &SimulateArgs) -> i32 {
    match simulate(args) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

fn simulate(args: &SimulateArgs) -> Result<(), String> {
    let objects = load_manifests(&args.file, args.validate)?;
    if objects.is_empty() {
        return Err(format!("{}: no Job or CronJob found", args.file.display()));
    }
    for o in &objects {
        check(o)?;
        // What `kubectl apply` would print on creating it.
        for w in warnings_for_object(o) {
            eprintln!("Warning: {w}");
        }
    }
    let mut scenario = match &args.scenario {
        Some(p) => load_scenario(p)?,
        None => Scenario::default(),
    };
    if let Some(s) = &args.start {
        let t =
            DateTime::parse_from_rfc3339(s).map_err(|e| format!("invalid --start {s:?}: {e}"))?;
        scenario.start = Some(t.to_utc());
    }
    let has_cronjob = objects.iter().any(|o| matches!(o, Object::CronJob(_)));
    let (duration, until_idle) = match (&args.duration, scenario.duration) {
        (Some(d), _) => (parse_duration(d).map_err(|e| format!("--for: {e}"))?, false),
        (None, Some(d)) => (d, false),
        (None, None) => (DAY_MS, !has_cronjob),
    };
    let seed = args.seed.or(scenario.seed).unwrap_or(1);
    let mut sim = Simulation::new(scenario, seed, Upstream::default());
    for o in objects {
        match o {
            Object::Job(j) => sim.add_job(j),
            Object::CronJob(c) => sim.add_cronjob(c),
        }
        .map_err(|e| e.to_string())?;
    }
    let bar = progress_bar(duration);
    sim.run_for_with(duration, until_idle, |at| {
        if let Some(b) = &bar {
            b.set_position(u64::try_from(at / 1000).unwrap_or(0));
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let trace = sim.into_trace();
    if let Some(path) = &args.svg {
        std::fs::write(path, crate::sim::svg::render(&trace))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let out = if args.json {
        trace.to_json() + "\n"
    } else {
        render::timeline(&trace) + "\n" + &render::summary(&trace)
    };
    use std::io::Write;
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(())
}

fn progress_bar(duration_ms: i64) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(u64::try_from(duration_ms / 1000).unwrap_or(0)),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("simulating {bar:40} {pos}/{len}s simulated")
    {
        bar.set_style(style);
    }
    Some(bar)
}
