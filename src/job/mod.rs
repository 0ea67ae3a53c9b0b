//! The Job controller (upstream `pkg/controller/job`): a pure sync of one Job
//! against its pods, plus the small upstream helpers it is built from — pod
//! failure and success policy matching, recreation backoff, completion-index
//! bookkeeping and the deletion order of surplus pods.

pub mod active_pods_order;
pub mod backoff;
pub mod indexes;
pub mod pod_failure_policy;
pub mod success_policy;
