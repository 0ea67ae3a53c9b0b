//! The host side: traits a host implements to perform API calls, a clock,
//! and the executor that drives a sync through them.

mod clock;
mod control;
mod executor;

pub use clock::{Clock, FakeClock};
pub use control::{JobControl, PodControl};
pub use executor::{execute, slow_start_batches, SLOW_START_INITIAL_BATCH_SIZE};
