//! kbatch: the Kubernetes `batch/v1` Job and CronJob controllers as a pure,
//! deterministic library.

pub mod schedule;
