//! Time zones: which names Go's `time.LoadLocation` accepts, and the UTC-offset lookups
//! (Go's `Location.lookup` and `time.Date` resolution) that the `Next` walk performs.

use super::civil::DAY;
use super::error::ZoneError;
use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::Tz;
use std::cell::Cell;
use std::fmt;
use std::str::FromStr;
use std::sync::{Mutex, MutexGuard, OnceLock};

/// Mirrors Go `time.LoadLocation` as the CronJob controller sees it: `""` and `"UTC"` are UTC,
/// `"Local"` is the controller-manager's zone (taken as UTC), names with `..` or a leading
/// `/` or `\` are invalid, and anything else must be a zone in the tz database
/// (case-sensitive; `posix/<zone>` is the same zone, as in Debian's zoneinfo; `right/<zone>`,
/// with leap seconds, is refused).
pub fn load_time_zone(name: &str) -> Result<Tz, ZoneError> {
    if name.is_empty() || name == "UTC" || name == "Local" {
        return Ok(Tz::UTC);
    }
    if name.contains("..") || name.starts_with('/') || name.starts_with('\\') {
        return Err(ZoneError::InvalidName {
            name: name.to_owned(),
        });
    }
    let lookup = name.strip_prefix("posix/").unwrap_or(name);
    match lookup {
        // Files Debian's zoneinfo has beyond the IANA names: "Factory" is UTC+0,
        // "posixrules" links to America/New_York, "localtime" is the host's zone (UTC here).
        "Factory" | "localtime" => Ok(Tz::UTC),
        "posixrules" => Ok(Tz::America__New_York),
        _ => Tz::from_str(lookup).map_err(|_| ZoneError::Unknown {
            name: name.to_owned(),
        }),
    }
}

/// Probed offsets cover `1840-01-01..=2101-01-01` at most; chrono-tz holds offsets constant
/// outside 1844..2100, so outside the probes the nearest probed offset holds.
const FIRST: i64 = -4_102_444_800; // 1840-01-01
const LAST: i64 = 4_133_980_800; // 2101-01-01
/// A first query probes this far back (the `Next` walk may reset to the 1st of the month)...
const BEFORE: i64 = 35 * DAY;
/// ...and this far ahead (most schedules fire within it); a query outside grows the window.
const AFTER: i64 = 60 * DAY;

/// A zone's offset history as sorted UTC transition instants, probed from chrono-tz lazily
/// and only over the times this schedule's queries touch: the whole 1840..2101 history
/// costs milliseconds, and the CronJob controller parses its schedule on every sync.
/// Per schedule (no global state). The first query's window, and the window as first grown
/// past it, are each set once and read without locking (most schedules never need more);
/// later growth happens under the lock.
pub(crate) struct ZoneTable {
    tz: Tz,
    first: OnceLock<Window>,
    second: OnceLock<Window>,
    grown: Mutex<Window>,
}

/// Offsets known exactly on `[lo, hi]` (UTC midnights on the daily probe grid from
/// `FIRST`); `offsets[i]` holds on `[transitions[i-1], transitions[i])`. Empty: no offsets.
#[derive(Debug, Clone)]
pub(crate) struct Window {
    lo: i64,
    hi: i64,
    /// Where `span` needs no more probes: `[lo, hi)` as `from..=until`, open-ended at the
    /// edges of the probed years (empty while nothing is probed).
    from: i64,
    until: i64,
    transitions: Vec<i64>,
    offsets: Vec<i32>,
}

impl Default for Window {
    /// Nothing probed, nothing covered.
    fn default() -> Window {
        Window {
            lo: 0,
            hi: 0,
            from: i64::MAX,
            until: i64::MIN,
            transitions: Vec::new(),
            offsets: Vec::new(),
        }
    }
}

/// One stretch of constant UTC offset: `[start, end)` in UTC seconds. A span may stop
/// short of the real offset change at the edge of the probed window; the walks only rely
/// on the offset being constant inside it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    pub start: i64,
    pub end: i64,
    pub offset: i64,
}

impl Span {
    #[inline]
    pub fn contains(&self, t: i64) -> bool {
        self.start <= t && t < self.end
    }
}

impl Clone for ZoneTable {
    fn clone(&self) -> ZoneTable {
        ZoneTable {
            tz: self.tz,
            first: self.first.clone(),
            second: self.second.clone(),
            grown: Mutex::new(self.lock().clone()),
        }
    }
}

impl fmt::Debug for ZoneTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ZoneTable").field("tz", &self.tz).finish()
    }
}

impl ZoneTable {
    /// No probes yet; UTC needs none.
    pub fn new(tz: Tz) -> ZoneTable {
        let first = OnceLock::new();
        if tz == Tz::UTC {
            let _ = first.set(Window {
                lo: FIRST,
                hi: LAST,
                from: i64::MIN,
                until: i64::MAX,
                transitions: Vec::new(),
                offsets: vec![0],
            });
        }
        ZoneTable {
            tz,
            first,
            second: OnceLock::new(),
            grown: Mutex::new(Window::default()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Window> {
        // The window is valid after every mutation, so a poisoned lock is still usable.
        self.grown.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on a window that knows every offset on `[lo, hi]`, probing more if needed.
    #[inline]
    pub fn with<R>(&self, lo: i64, hi: i64, f: impl FnOnce(&Window) -> R) -> R {
        if let Some(first) = self.first.get() {
            if first.covers_range(lo, hi) {
                return f(first);
            }
        }
        self.with_more(lo, hi, f)
    }

    /// [`ZoneTable::with`] past the first window (or before there is one).
    #[inline(never)]
    fn with_more<R>(&self, lo: i64, hi: i64, f: impl FnOnce(&Window) -> R) -> R {
        let mut fresh = false;
        let first = self.first.get_or_init(|| {
            fresh = true;
            let mut w = Window::default();
            w.cover(self.tz, lo);
            w.cover(self.tz, hi);
            w
        });
        if fresh {
            return f(first);
        }
        if let Some(second) = self.second.get() {
            if second.covers_range(lo, hi) {
                return f(second);
            }
        }
        f(&self.grow(first, lo, hi))
    }

    /// The locked window, grown to cover `[lo, hi]`; the first growth is also kept as the
    /// second lock-free window.
    #[cold]
    #[inline(never)]
    fn grow(&self, first: &Window, lo: i64, hi: i64) -> MutexGuard<'_, Window> {
        let mut w = self.lock();
        if w.offsets.is_empty() {
            *w = first.clone();
        }
        w.cover(self.tz, lo);
        w.cover(self.tz, hi);
        if self.second.get().is_none() {
            let _ = self.second.set(w.clone());
        }
        w
    }

    /// UTC never changes offset: callers skip the lookups.
    #[inline]
    pub fn is_utc(&self) -> bool {
        self.tz == Tz::UTC
    }

    /// The span containing `t` (Go `Location.lookup`), probing more of the zone if needed.
    #[inline]
    pub fn span(&self, t: i64) -> Span {
        self.with(t, t, |w| w.span(t))
    }

    /// The span just before `span`, if any.
    #[inline]
    pub fn span_before(&self, span: &Span) -> Option<Span> {
        if span.start == i64::MIN {
            None
        } else {
            Some(self.span(span.start - 1))
        }
    }
}

/// UTC offset of `tz` at `t`, clamped to the probed years.
fn probe(tz: Tz, t: i64) -> i32 {
    DateTime::from_timestamp(t.clamp(FIRST, LAST), 0)
        .map(|d| {
            tz.offset_from_utc_datetime(&d.naive_utc())
                .fix()
                .local_minus_utc()
        })
        .unwrap_or(0)
}

/// The probe grid point at or below `t`, within `FIRST..=LAST`.
fn grid_floor(t: i64) -> i64 {
    let t = t.clamp(FIRST, LAST);
    FIRST + (t - FIRST).div_euclid(DAY) * DAY
}

/// The probe grid point at or above `t`, within `FIRST..=LAST`.
fn grid_ceil(t: i64) -> i64 {
    let t = t.clamp(FIRST, LAST);
    FIRST + (t - FIRST + DAY - 1).div_euclid(DAY) * DAY
}

/// Offset changes in `(from, to]` (grid points) with the offset after each, found by probing
/// once a day and bisecting each change to the second. Exact because chrono-tz 0.10's data
/// never has two offset changes less than ~7 days apart; and the same probes on the same grid
/// give the same transitions however the range is cut.
fn changes(tz: Tz, from: i64, to: i64, transitions: &mut Vec<i64>, offsets: &mut Vec<i32>) {
    let mut cur = probe(tz, from);
    let mut t = from;
    while t < to {
        let next = probe(tz, t + DAY);
        if next != cur {
            // Smallest x in (t, t+DAY] with probe(x) != cur.
            let (mut lo, mut hi) = (t, t + DAY);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if probe(tz, mid) == cur {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            transitions.push(hi);
            offsets.push(next);
            cur = next;
        }
        t += DAY;
    }
}

impl Window {
    /// Probe enough that `span(t)` is known, growing by at least the current width so a
    /// walk that keeps leaving the window costs amortised linear probing.
    fn cover(&mut self, tz: Tz, t: i64) {
        if self.offsets.is_empty() {
            let (lo, hi) = (
                grid_floor(t.saturating_sub(BEFORE)),
                grid_ceil(t.saturating_add(AFTER)),
            );
            self.lo = lo;
            self.hi = hi;
            self.offsets.push(probe(tz, lo));
            changes(tz, lo, hi, &mut self.transitions, &mut self.offsets);
            self.set_reach();
            return;
        }
        let width = self.hi - self.lo;
        if t < self.lo && self.lo > FIRST {
            let lo = grid_floor(t.saturating_sub(BEFORE).min(self.lo - width));
            let mut transitions = Vec::new();
            let mut offsets = vec![probe(tz, lo)];
            changes(tz, lo, self.lo, &mut transitions, &mut offsets);
            // The segment ends on `offsets[0]`'s value: splice the histories together.
            transitions.extend_from_slice(&self.transitions);
            offsets.extend_from_slice(&self.offsets[1..]);
            self.lo = lo;
            self.transitions = transitions;
            self.offsets = offsets;
        }
        if t >= self.hi && self.hi < LAST {
            let hi = grid_ceil(t.saturating_add(AFTER).max(self.hi + width));
            changes(tz, self.hi, hi, &mut self.transitions, &mut self.offsets);
            self.hi = hi;
        }
        self.set_reach();
    }

    fn set_reach(&mut self) {
        self.from = if self.lo <= FIRST { i64::MIN } else { self.lo };
        self.until = if self.hi >= LAST {
            i64::MAX
        } else {
            self.hi - 1
        };
    }

    /// True when `span(t)` needs no more probes for any `t` in `[lo, hi]`.
    #[inline]
    fn covers_range(&self, lo: i64, hi: i64) -> bool {
        // Bitwise: cheaper than the branches on the hot path.
        (self.from <= lo) & (hi <= self.until)
    }

    /// Offset changes at instants in `[lo, hi]` (which the window must cover), in order,
    /// each as `(instant, offset before, offset after)`.
    #[inline]
    pub fn changes_in(&self, lo: i64, hi: i64) -> impl Iterator<Item = (i64, i64, i64)> + '_ {
        let i = self.transitions.partition_point(|&x| x < lo);
        self.transitions[i..]
            .iter()
            .take_while(move |&&x| x <= hi)
            .zip(self.offsets[i..].windows(2))
            .map(|(&x, o)| (x, i64::from(o[0]), i64::from(o[1])))
    }

    /// The span containing `t`, clipped to the probed window (which must cover `t`).
    pub fn span(&self, t: i64) -> Span {
        let i = self.transitions.partition_point(|&x| x <= t);
        let start = match i.checked_sub(1) {
            Some(j) => self.transitions[j],
            None => self.from,
        };
        let end = match self.transitions.get(i) {
            Some(&x) => x,
            None => self.until.saturating_add(1),
        };
        Span {
            start,
            end,
            offset: i64::from(self.offsets.get(i).copied().unwrap_or(0)),
        }
    }
}

/// A lookup cursor that remembers the last two spans, so walks that stay inside one span
/// or bounce across one offset change (the common cases) cost no search.
pub(crate) struct Cursor<'a> {
    table: &'a ZoneTable,
    span: Span,
    alt: Cell<Span>,
}

impl<'a> Cursor<'a> {
    #[inline]
    pub fn new(table: &'a ZoneTable, t: i64) -> Cursor<'a> {
        let span = table.span(t);
        Cursor {
            table,
            span,
            alt: Cell::new(span),
        }
    }

    /// The span containing `t`, made current.
    #[inline]
    pub fn span_at(&mut self, t: i64) -> Span {
        if !self.span.contains(t) {
            let alt = self.alt.get();
            let found = if alt.contains(t) {
                alt
            } else {
                self.table.span(t)
            };
            self.alt.set(self.span);
            self.span = found;
        }
        self.span
    }

    /// UTC offset at instant `t` without moving the cursor.
    #[inline]
    pub fn offset_at(&self, t: i64) -> i64 {
        if self.span.contains(t) {
            return self.span.offset;
        }
        let alt = self.alt.get();
        if alt.contains(t) {
            return alt.offset;
        }
        let found = self.table.span(t);
        self.alt.set(found);
        found.offset
    }

    /// Mirrors Go `time.Date` offset resolution: look up the offset as if the wall clock
    /// were UTC, and if the corrected instant leaves that span, use the offset there.
    /// Net effect: `wall - offset(wall - offset(wall))`, so a wall time in a spring-forward
    /// gap keeps the pre-transition offset and an overlapped one takes the earlier instant.
    #[inline]
    pub fn resolve(&self, wall: i64) -> i64 {
        let o1 = self.offset_at(wall);
        let o2 = self.offset_at(wall - o1);
        wall - o2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn loads_like_go() {
        assert_eq!(load_time_zone(""), Ok(Tz::UTC));
        assert_eq!(load_time_zone("Local"), Ok(Tz::UTC));
        assert_eq!(
            load_time_zone("America/New_York"),
            Ok(Tz::America__New_York)
        );
        assert_eq!(
            load_time_zone("posix/Europe/Berlin"),
            Ok(Tz::Europe__Berlin)
        );
        assert!(load_time_zone("america/new_york").is_err());
        assert!(load_time_zone("UTC ").is_err());
        assert_eq!(
            load_time_zone("../etc/passwd").unwrap_err().to_string(),
            "time: invalid location name"
        );
        assert_eq!(
            load_time_zone("Mars/Olympus").unwrap_err().to_string(),
            "unknown time zone Mars/Olympus"
        );
    }

    /// The whole probed history at once, as the walks would see it after touching all of it.
    fn full(tz: Tz) -> Window {
        let mut w = Window {
            lo: FIRST,
            hi: FIRST,
            from: i64::MAX,
            until: i64::MIN,
            transitions: Vec::new(),
            offsets: vec![probe(tz, FIRST)],
        };
        w.cover(tz, LAST);
        w
    }

    fn chrono_offset(tz: Tz, t: i64) -> i64 {
        let d = DateTime::from_timestamp(t, 0).unwrap().naive_utc();
        i64::from(tz.offset_from_utc_datetime(&d).fix().local_minus_utc())
    }

    /// Every zone, sampled every ~9.5 hours 1840..2101 (slow: `cargo test --release -- --ignored`).
    #[test]
    #[ignore]
    fn every_table_agrees_with_chrono_tz() {
        for tz in chrono_tz::TZ_VARIANTS {
            let table = full(tz);
            let mut t = -4_102_444_800i64;
            while t < 4_133_980_800 {
                assert_eq!(table.span(t).offset, chrono_offset(tz, t), "{tz} {t}");
                t += 34_199;
            }
        }
    }

    #[test]
    fn table_agrees_with_chrono_tz() {
        for tz in [
            Tz::America__New_York,
            Tz::Australia__Lord_Howe,
            Tz::Africa__Casablanca,
        ] {
            let table = ZoneTable::new(tz);
            let mut t = -4_000_000_000i64;
            while t < 4_200_000_000 {
                assert_eq!(table.span(t).offset, chrono_offset(tz, t), "{tz} {t}");
                t += 3_599 * 7;
            }
        }
    }

    /// A window grown from any first query, in any direction, finds the same transitions as
    /// probing the whole history, and its spans only ever stop early at the window's edges.
    #[test]
    fn windows_agree_with_the_whole_history() {
        for tz in [
            Tz::Europe__Berlin,
            Tz::Australia__Lord_Howe,
            Tz::Asia__Tokyo,
            Tz::Pacific__Kiritimati,
        ] {
            let whole = full(tz);
            for first in [-5_000_000_000i64, 0, 1_790_000_000, 5_000_000_000] {
                let table = ZoneTable::new(tz);
                let mut t = first;
                for step in [86_399i64 * 3, -86_399 * 5] {
                    for _ in 0..2_000 {
                        let got = table.span(t);
                        let want = whole.span(t);
                        assert_eq!(got.offset, want.offset, "{tz} {t}");
                        assert!(got.contains(t), "{tz} {t} {got:?}");
                        let edges = table.edges();
                        assert!(
                            got.start == want.start || edges.contains(&got.start),
                            "{tz} {t}"
                        );
                        assert!(got.end == want.end || edges.contains(&got.end), "{tz} {t}");
                        t += step * 17;
                    }
                }
                let grown = table.lock().clone();
                let w = if grown.offsets.is_empty() {
                    table.first.get().cloned().unwrap_or_default()
                } else {
                    grown
                };
                let (a, b) = (
                    whole.transitions.partition_point(|&x| x <= w.lo),
                    whole.transitions.partition_point(|&x| x <= w.hi),
                );
                assert_eq!(w.transitions[..], whole.transitions[a..b], "{tz} {first}");
            }
        }
    }

    impl ZoneTable {
        /// Edges of the probed windows, where spans may be clipped.
        fn edges(&self) -> Vec<i64> {
            let mut e = Vec::new();
            for w in [self.first.get(), self.second.get()].into_iter().flatten() {
                e.extend([w.lo, w.hi]);
            }
            let w = self.lock();
            e.extend([w.lo, w.hi]);
            e
        }
    }

    /// An unprobed window covers nothing; a probed one exactly `[lo, hi)`, and everything
    /// past the probed years' edges.
    #[test]
    fn window_reach() {
        assert!(!Window::default().covers_range(0, 0));
        let mut w = Window::default();
        w.cover(Tz::Europe__Berlin, 0);
        assert!(w.covers_range(w.lo, w.hi - 1));
        assert!(!w.covers_range(w.lo - 1, w.lo) && !w.covers_range(w.hi, w.hi));
        w.cover(Tz::Europe__Berlin, LAST + 1);
        assert!(w.covers_range(w.lo, i64::MAX));
    }

    #[test]
    fn utc_needs_no_probes() {
        let table = ZoneTable::new(Tz::UTC);
        let s = table.span(0);
        assert_eq!((s.start, s.end, s.offset), (i64::MIN, i64::MAX, 0));
    }
}
