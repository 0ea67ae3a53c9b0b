//! Kubernetes-shaped types: `batch/v1` Job and CronJob and the parts of
//! `core/v1` Pod the controllers read. serde with the API's own names
//! (camelCase, RFC 3339 times); unknown fields are ignored on read.

mod string_enum;

pub mod cronjob;
pub mod decode;
pub mod defaults;
pub mod job;
pub mod meta;
pub mod pod;
pub mod status_update;
pub mod validation;
pub mod verbatim;

pub use cronjob::*;
pub use defaults::{default_cronjob, default_job, generate_selector};
pub use job::*;
pub use meta::*;
pub use pod::*;
pub use validation::{
    validate_cronjob, validate_cronjob_update, validate_job, validate_job_update, validate_object,
};
pub use verbatim::Verbatim;
