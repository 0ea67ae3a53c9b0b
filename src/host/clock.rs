//! Time for hosts. The library core never reads a clock: hosts read one and
//! pass `now` in.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// A source of the current time.
pub trait Clock {
    /// The current time.
    fn now(&self) -> DateTime<Utc>;
}

/// A clock that only moves when told to: for tests and the simulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FakeClock {
    now: DateTime<Utc>,
}

impl FakeClock {
    /// A clock standing at `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        FakeClock { now }
    }

    /// Set the time.
    pub fn set(&mut self, now: DateTime<Utc>) {
        self.now = now;
    }

    /// Move the time forward. Saturates at chrono's latest time rather than
    /// panicking on an absurd step.
    pub fn advance(&mut self, by: Duration) {
        let step = chrono::Duration::from_std(by).unwrap_or(chrono::Duration::MAX);
        self.now = self
            .now
            .checked_add_signed(step)
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
    }
}

impl Clock for FakeClock {
    fn now(&self) -> DateTime<Utc> {
        self.now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fake_clock_moves_only_when_told() {
        let t0 = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .expect("valid time")
            .to_utc();
        let mut clock = FakeClock::new(t0);
        assert_eq!(clock.now(), t0);
        clock.advance(Duration::from_secs(90));
        assert_eq!(clock.now(), t0 + chrono::Duration::seconds(90));
        clock.advance(Duration::MAX);
        assert_eq!(clock.now(), DateTime::<Utc>::MAX_UTC);
        clock.set(t0);
        assert_eq!(clock.now(), t0);
    }
}
