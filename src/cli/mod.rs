//! The `kbatch` command line: `simulate`, `next` and `validate`. This is the
//! adapter layer: it reads files and the clock, the library does not.

pub mod load;
mod next;
mod render;
mod simulate;
mod validate;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::manifest::FieldValidation;

/// Kubernetes Job and CronJob controllers, offline.
#[derive(Debug, Parser)]
#[command(name = "kbatch", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run manifests in a simulated cluster and show what happens.
    Simulate(SimulateArgs),
    /// Print the next fire times of a cron schedule.
    Next(NextArgs),
    /// Validate manifests as the API server would.
    Validate(ValidateArgs),
}

/// `kbatch simulate`.
#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// Manifest file (YAML or JSON, one or more Jobs / CronJobs).
    pub file: PathBuf,
    /// Scenario file: pod run times, failures, disruptions, API errors...
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// How long to simulate (e.g. 90m, 2h, 7d). Default: 24h with CronJobs,
    /// otherwise until the cluster is idle (at most 24h).
    #[arg(long = "for", value_name = "DURATION")]
    pub duration: Option<String>,
    /// Random seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Simulated start time (RFC 3339).
    #[arg(long, value_name = "RFC3339")]
    pub start: Option<String>,
    /// Write a Gantt chart of the pods.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Print the trace as JSON instead of the timeline.
    #[arg(long)]
    pub json: bool,
    /// Fields no API struct has: reject the object (strict, as kubectl and
    /// the API server by default), warn, or ignore them.
    #[arg(long, value_enum, default_value = "strict", value_name = "MODE")]
    pub validate: FieldValidation,
}

/// `kbatch next`.
#[derive(Debug, clap::Args)]
pub struct NextArgs {
    /// Cron expression (5 fields, @hourly, @every 90s, TZ=... prefixes).
    pub schedule: String,
    /// IANA time zone, as `spec.timeZone`.
    #[arg(long, value_name = "ZONE")]
    pub time_zone: Option<String>,
    /// Start after this time (RFC 3339); default now.
    #[arg(long, value_name = "RFC3339")]
    pub from: Option<String>,
    /// How many times to print.
    #[arg(short = 'n', long = "count", default_value_t = 5)]
    pub count: usize,
    /// Show local times and DST notes (default when stdout is a terminal).
    #[arg(long)]
    pub human: bool,
}

/// `kbatch validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Manifest files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The objects as the cluster has them (`kubectl get -o yaml`): a
    /// manifest object with the same kind, namespace and name is validated
    /// as an update of it, as `kubectl apply` would send it (immutable
    /// fields, metadata rules), instead of as a create.
    #[arg(long, value_name = "FILE")]
    pub stored: Option<PathBuf>,
    /// Fields no API struct has: reject the object (strict, as kubectl and
    /// the API server by default), warn, or ignore them.
    #[arg(long, value_enum, default_value = "strict", value_name = "MODE")]
    pub validate: FieldValidation,
}

/// Run the CLI with these arguments; returns the process exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Simulate(a) => simulate::run(&a),
        Command::Next(a) => next::run(&a),
        Command::Validate(a) => validate::run(&a),
    }
}

/// Entry point for the binary.
pub fn main() -> i32 {
    run(std::env::args_os())
}
