//! The Job controller (`pkg/controller/job`): one sync of a Job as a pure,
//! host-driven state machine.

pub mod conditions;
pub mod counting;
mod interim;
pub mod manage;
pub mod state;
pub mod sync;
pub mod tracking;

pub use state::{BackoffRecord, JobControllerMemory, PodExpectations};
pub use sync::{sync_job, track_job_status_and_remove_finalizers, JobSync};
