//! Proleptic Gregorian calendar arithmetic on plain i64 seconds: total, branch-light, and
//! valid for any year a `DateTime<Utc>` can hold (and far beyond), so nothing here panics.

pub(crate) const DAY: i64 = 86_400;

/// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
#[inline]
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    // Unsigned from here (cheaper divisions): the year of the era is in 0..400.
    let yoe = (y - era * 400) as u64;
    let m = u64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    // One more than the day of the year (`d - 1` is taken off below, signed).
    let doy1 = (153 * mp + 2) / 5 + u64::from(d);
    let doe1 = yoe * 365 + yoe / 4 - yoe / 100 + doy1;
    era * 146_097 + doe1 as i64 - 719_469
}

/// Civil date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
#[inline]
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[inline]
pub(crate) fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

#[inline]
pub(crate) fn days_in_month(y: i64, m: u32) -> u32 {
    // Two bits per month (index 1..=12) above 28, read without a branch: the walks call
    // this on unpredictable months.
    const EXTRA: u32 = 0b11_10_11_10_11_11_10_11_10_11_00_11_00;
    let extra = (EXTRA >> ((m & 15) * 2)) & 3;
    28 + extra + u32::from(m == 2 && is_leap(y))
}

/// Weekday (0 = Sunday) of a day count since 1970-01-01 (a Thursday).
#[inline]
pub(crate) fn weekday(days: i64) -> u32 {
    // Unsigned remainder (cheaper than `rem_euclid`): shifted by a multiple of 7 larger than
    // any day count an i64 of seconds holds.
    const SHIFT: i64 = 7 << 50;
    (days.wrapping_add(4 + SHIFT) as u64 % 7) as u32
}

/// Broken-down wall clock of a local-seconds value (local time written as if UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fields {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub weekday: u32,
    /// Days since 1970-01-01 of the date.
    pub days: i64,
}

#[inline]
pub(crate) fn fields(local: i64) -> Fields {
    let days = local.div_euclid(DAY);
    let sod = local.rem_euclid(DAY) as u32;
    let (year, month, day) = civil_from_days(days);
    Fields {
        year,
        month,
        day,
        hour: sod / 3600,
        minute: sod / 60 % 60,
        second: sod % 60,
        weekday: weekday(days),
        days,
    }
}

/// The same fields of `date` (day `days` since 1970-01-01) at second-of-day `sod`
/// (`0..86_400`), read from chrono's packed date instead of converting the day count.
#[inline]
pub(crate) fn fields_of(date: chrono::NaiveDate, days: i64, sod: u32) -> Fields {
    use chrono::Datelike;
    Fields {
        year: i64::from(date.year()),
        month: date.month(),
        day: date.day(),
        hour: sod / 3600,
        minute: sod / 60 % 60,
        second: sod % 60,
        weekday: weekday(days),
        days,
    }
}

/// Local seconds of a wall clock, normalising out-of-range months and days the way Go's
/// `time.Date` does (month overflows into the year, day overflows through the calendar).
#[inline]
pub(crate) fn wall(year: i64, month: i64, day: i64, hour: i64, min: i64, sec: i64) -> i64 {
    let m0 = month - 1;
    let y = year.saturating_add(m0.div_euclid(12));
    let m = (m0.rem_euclid(12) + 1) as u32;
    let days = days_from_civil(y, m, 1) + (day - 1);
    days * DAY + hour * 3600 + min * 60 + sec
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_days() {
        for z in (-1_000_000i64..1_000_000).step_by(37) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(weekday(0), 4);
        for d in [-(i64::MAX / DAY) - 1, -8, -1, 3, 1 << 40, i64::MAX / DAY] {
            assert_eq!(weekday(d), (d + 4).rem_euclid(7) as u32, "{d}");
        }
        for (y, m, len) in [(2023, 1, 31), (2023, 2, 28), (2024, 2, 29), (1900, 2, 28)] {
            assert_eq!(days_in_month(y, m), len);
        }
        for y in 1999..2002 {
            for m in 1..=12u32 {
                let next = if m == 12 {
                    days_from_civil(y + 1, 1, 1)
                } else {
                    days_from_civil(y, m + 1, 1)
                };
                assert_eq!(
                    i64::from(days_in_month(y, m)),
                    next - days_from_civil(y, m, 1)
                );
            }
        }
    }

    #[test]
    fn chrono_fields_agree() {
        for local in (-80_000_000_000i64..80_000_000_000).step_by(7_777_777) {
            let Some(dt) = chrono::DateTime::from_timestamp(local, 0) else {
                continue;
            };
            let sod = local.rem_euclid(DAY) as u32;
            let days = local.div_euclid(DAY);
            assert_eq!(
                fields_of(dt.date_naive(), days, sod),
                fields(local),
                "{local}"
            );
        }
    }
}
