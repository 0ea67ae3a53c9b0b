//! `@every <duration>`: robfig `ConstantDelaySchedule`, which ignores time zones.

/// Mirrors robfig `Every`: under one second becomes one second, and the delay is cut to
/// whole seconds. Returns the delay in seconds.
pub(crate) fn every_delay(nanos: i64) -> u64 {
    const SEC: i64 = 1_000_000_000;
    if nanos < SEC {
        1
    } else {
        (nanos / SEC) as u64
    }
}

/// Mirrors robfig `ConstantDelaySchedule.Next`: `t + delay - t.Nanosecond()`, so the
/// result is `floor(t) + delay` in whole seconds.
#[inline]
pub(crate) fn next_every(delay: u64, from_floor: i64) -> Option<i64> {
    from_floor.checked_add(i64::try_from(delay).ok()?)
}

/// The latest fire time at or before `t`, on the grid `anchor + k*delay` (k >= 1) that
/// `next_every` walks from `anchor`; `None` before the first one.
#[inline]
pub(crate) fn prev_every(delay: u64, anchor: i64, t: i64) -> Option<i64> {
    let d = i64::try_from(delay).ok()?;
    let k = t.checked_sub(anchor)?.div_euclid(d);
    if k < 1 {
        return None;
    }
    anchor.checked_add(k.checked_mul(d)?)
}
