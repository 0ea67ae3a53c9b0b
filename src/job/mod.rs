//! The Job controller (upstream `pkg/controller/job`): one sync of a Job as a
//! pure, host-driven state machine, plus the small upstream helpers it is
//! built from — pod failure and success policy matching, recreation backoff,
//! completion-index bookkeeping and the deletion order of surplus pods.

pub mod active_pods_order;
pub mod backoff;
pub mod claim;
pub mod conditions;
pub mod counting;
pub mod deadline;
pub mod indexes;
pub mod manage;
pub mod pod_failure_policy;
pub mod pods;
pub mod state;
pub mod success_policy;
pub mod sync;
pub mod tracking;

pub use pods::Pods;
pub use state::{BackoffRecord, JobControllerMemory, PodExpectations};
pub use sync::{sync_job, track_job_status_and_remove_finalizers, JobSync};
