//! Field bitsets (robfig `SpecSchedule`): bit `n` set means value `n` fires; bit 63 is
//! robfig's "star bit", which changes how day-of-month and day-of-week combine.

use std::fmt;

/// robfig `starBit`: set by a list item starting with `*` or `?` whose step is at most 1.
pub const STAR_BIT: u64 = 1 << 63;

/// The five fields of a standard cron line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Minute,
    Hour,
    DayOfMonth,
    Month,
    DayOfWeek,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::Minute,
        Field::Hour,
        Field::DayOfMonth,
        Field::Month,
        Field::DayOfWeek,
    ];

    /// robfig `bounds` min and max.
    pub const fn bounds(self) -> (u64, u64) {
        match self {
            Field::Minute => (0, 59),
            Field::Hour => (0, 23),
            Field::DayOfMonth => (1, 31),
            Field::Month => (1, 12),
            Field::DayOfWeek => (0, 6),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Field::Minute => "minute",
            Field::Hour => "hour",
            Field::DayOfMonth => "day of month",
            Field::Month => "month",
            Field::DayOfWeek => "day of week",
        }
    }
}

/// robfig `getBits`: bits `min..=max` stepping by `step`.
pub(crate) fn bits(min: u64, max: u64, step: u64) -> u64 {
    if min > max || max > 62 {
        return 0;
    }
    if step == 1 {
        return (u64::MAX >> (63 - max)) & (u64::MAX << min);
    }
    let mut b = 0u64;
    let mut i = min;
    while i <= max {
        b |= 1 << i;
        i = match i.checked_add(step) {
            Some(v) => v,
            None => break,
        };
    }
    b
}

/// robfig `all`: every value of the field plus the star bit.
pub(crate) fn all(field: Field) -> u64 {
    let (lo, hi) = field.bounds();
    bits(lo, hi, 1) | STAR_BIT
}

/// A parsed five-field schedule (seconds are always 0 under `ParseStandard`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Spec {
    pub minute: u64,
    pub hour: u64,
    pub dom: u64,
    pub month: u64,
    pub dow: u64,
}

impl Spec {
    pub fn get(&self, field: Field) -> u64 {
        match field {
            Field::Minute => self.minute,
            Field::Hour => self.hour,
            Field::DayOfMonth => self.dom,
            Field::Month => self.month,
            Field::DayOfWeek => self.dow,
        }
    }

    /// True when either day field carries the star bit: then both must match (AND).
    #[inline]
    pub fn day_and(&self) -> bool {
        (self.dom | self.dow) & STAR_BIT != 0
    }

    /// robfig `dayMatches`.
    #[inline]
    pub fn day_matches(&self, day: u32, weekday: u32) -> bool {
        // Branch-free: the walk calls this on unpredictable inputs.
        let dom = (self.dom >> (day & 63)) & 1;
        let dow = (self.dow >> (weekday & 63)) & 1;
        let and = (self.dom | self.dow) >> 63;
        ((dom & dow) | ((dom | dow) & (and ^ 1))) != 0
    }

    /// Days `1..=len` of a month whose first day has weekday `wd1` that pass `dayMatches`,
    /// as a bitset (bit d = day d).
    #[inline]
    pub fn month_days(&self, len: u32, wd1: u32) -> u64 {
        let valid = bits(1, u64::from(len), 1);
        // Day d has weekday (wd1 + d - 1) % 7: repeat the rotated week pattern.
        let week = self.dow & 0x7f;
        let rot = ((week >> wd1) | (week << (7 - wd1))) & 0x7f; // bit k: day 1+k matches
                                                                // Five copies of the 7-bit week, 7 bits apart (no carries): days 1..=35.
        let dowdays = (rot * 0x1020_4081) << 1 & valid;
        let domdays = self.dom & valid;
        if self.day_and() {
            domdays & dowdays
        } else {
            domdays | dowdays
        }
    }
}

/// Writes one field in canonical form: `*` for a starred full range, else a list of
/// ranges and values; an empty set is `,` (which robfig parses back to an empty set).
pub(crate) fn fmt_field(f: &mut fmt::Formatter<'_>, field: Field, set: u64) -> fmt::Result {
    let (lo, hi) = field.bounds();
    let full = bits(lo, hi, 1);
    let vals = set & !STAR_BIT;
    if set & STAR_BIT != 0 && vals == full {
        return f.write_str("*");
    }
    if vals == 0 {
        // A star bit over an empty set cannot come from the parser.
        return f.write_str(",");
    }
    let mut first = true;
    let mut v = lo;
    while v <= hi {
        if vals & (1 << v) == 0 {
            v += 1;
            continue;
        }
        let start = v;
        while v < hi && vals & (1 << (v + 1)) != 0 {
            v += 1;
        }
        if !first {
            f.write_str(",")?;
        }
        first = false;
        if start == v {
            write!(f, "{start}")?;
        } else {
            write!(f, "{start}-{v}")?;
        }
        v += 1;
    }
    // A star bit over a partial set is impossible from the parser; keep it visible anyway.
    if set & STAR_BIT != 0 {
        f.write_str(",*/1")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_days_matches_day_matches() {
        let specs = [
            Spec {
                minute: 1,
                hour: 1,
                dom: 1 << 13,
                month: 2,
                dow: 1 << 5,
            },
            Spec {
                minute: 1,
                hour: 1,
                dom: all(Field::DayOfMonth),
                month: 2,
                dow: 0b0100010,
            },
            Spec {
                minute: 1,
                hour: 1,
                dom: 0b1010 << 20,
                month: 2,
                dow: all(Field::DayOfWeek),
            },
        ];
        for s in specs {
            for wd1 in 0..7 {
                for len in 28..=31 {
                    let m = s.month_days(len, wd1);
                    for d in 1..=31u32 {
                        let want = d <= len && s.day_matches(d, (wd1 + d - 1) % 7);
                        assert_eq!(m & (1 << d) != 0, want, "{s:?} {wd1} {len} {d}");
                    }
                }
            }
        }
    }
}
