//! Time zones: which names Go's `time.LoadLocation` accepts, and the UTC-offset lookups
//! (Go's `Location.lookup` and `time.Date` resolution) that the `Next` walk performs.

use super::civil::DAY;
use super::error::ZoneError;
use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::Tz;
use std::cell::Cell;
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, Mutex, OnceLock};

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

/// A zone's offset history as sorted UTC transition instants, built once per zone from
/// chrono-tz and shared. `offsets[i]` holds on `[transitions[i-1], transitions[i])`.
#[derive(Debug)]
pub(crate) struct ZoneTable {
    transitions: Box<[i64]>,
    offsets: Box<[i32]>,
}

/// One stretch of constant UTC offset: `[start, end)` in UTC seconds.
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

impl ZoneTable {
    fn fixed(offset: i32) -> ZoneTable {
        ZoneTable {
            transitions: Box::new([]),
            offsets: Box::new([offset]),
        }
    }

    /// The span containing `t` (Go `Location.lookup`).
    #[inline]
    pub fn span(&self, t: i64) -> Span {
        let i = self.transitions.partition_point(|&x| x <= t);
        Span {
            start: if i == 0 {
                i64::MIN
            } else {
                self.transitions[i - 1]
            },
            end: self.transitions.get(i).copied().unwrap_or(i64::MAX),
            offset: i64::from(self.offsets[i]),
        }
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

    /// Build from chrono-tz by probing once a day and bisecting each change to the second.
    /// Exact because chrono-tz 0.10's data never has two offset changes less than ~7 days
    /// apart; chrono-tz holds offsets constant outside 1844..2100, and so do we.
    fn build(tz: Tz) -> ZoneTable {
        const FIRST: i64 = -4_102_444_800; // 1840-01-01
        const LAST: i64 = 4_133_980_800; // 2101-01-01
        let off = |t: i64| -> i32 {
            DateTime::from_timestamp(t, 0)
                .map(|d| {
                    tz.offset_from_utc_datetime(&d.naive_utc())
                        .fix()
                        .local_minus_utc()
                })
                .unwrap_or(0)
        };
        let mut transitions = Vec::new();
        let mut offsets = vec![off(FIRST)];
        let mut t = FIRST;
        let mut cur = offsets[0];
        while t < LAST {
            let next = off(t + DAY);
            if next != cur {
                // Smallest x in (t, t+DAY] with off(x) != cur.
                let (mut lo, mut hi) = (t, t + DAY);
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if off(mid) == cur {
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
        ZoneTable {
            transitions: transitions.into_boxed_slice(),
            offsets: offsets.into_boxed_slice(),
        }
    }

    /// The shared table of `tz` (memoised: deterministic, built on first use).
    pub fn of(tz: Tz) -> Arc<ZoneTable> {
        static UTC: OnceLock<Arc<ZoneTable>> = OnceLock::new();
        if tz == Tz::UTC {
            return UTC.get_or_init(|| Arc::new(ZoneTable::fixed(0))).clone();
        }
        static CACHE: OnceLock<Mutex<HashMap<&'static str, Arc<ZoneTable>>>> = OnceLock::new();
        let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
        if let Some(t) = cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(tz.name())
        {
            return t.clone();
        }
        let table = Arc::new(ZoneTable::build(tz));
        let mut guard = cache.lock().unwrap_or_else(|e| e.into_inner());
        guard.entry(tz.name()).or_insert(table).clone()
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

    /// Every zone, sampled every ~9.5 hours 1840..2101 (slow: `cargo test --release -- --ignored`).
    #[test]
    #[ignore]
    fn every_table_agrees_with_chrono_tz() {
        for tz in chrono_tz::TZ_VARIANTS {
            let table = ZoneTable::build(tz);
            let mut t = -4_102_444_800i64;
            while t < 4_133_980_800 {
                let want = tz
                    .offset_from_utc_datetime(&DateTime::from_timestamp(t, 0).unwrap().naive_utc());
                assert_eq!(
                    table.span(t).offset,
                    i64::from(want.fix().local_minus_utc()),
                    "{tz} {t}"
                );
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
            let table = ZoneTable::of(tz);
            let mut t = -4_000_000_000i64;
            while t < 4_200_000_000 {
                let want = tz
                    .offset_from_utc_datetime(&DateTime::from_timestamp(t, 0).unwrap().naive_utc());
                assert_eq!(
                    table.span(t).offset,
                    i64::from(want.fix().local_minus_utc()),
                    "{tz} {t}"
                );
                t += 3_599 * 7;
            }
        }
    }
}
