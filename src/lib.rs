//! kbatch: the Kubernetes `batch/v1` Job and CronJob controllers as a pure,
//! deterministic library.
//!
//! - [`api`]: Kubernetes-shaped types, API-server defaulting and validation.
//! - [`actions`]: what a sync asks its host to do, and the host-driven protocol.
//! - [`host`]: traits a host implements, a fake clock and the executor.
//! - [`job`]: the Job controller.
//! - [`cronjob`]: the CronJob controller.
//! - [`manifest`]: loading Jobs and CronJobs from YAML or JSON.
//! - [`schedule`]: cron schedules exactly as Kubernetes evaluates them.
//! - `cli` (feature `cli`): the `kbatch` command line.
//! - [`sim`]: a deterministic cluster simulator driving the controllers.

pub mod actions;
pub mod api;
#[cfg(feature = "cli")]
pub mod cli;
pub mod cronjob;
pub mod gotime;
pub mod host;
pub mod job;
pub mod manifest;
pub mod schedule;
pub mod sim;
