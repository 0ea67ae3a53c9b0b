//! robfig/cron v3.0.1 `ParseStandard`: `Minute | Hour | Dom | Month | Dow | Descriptor`.

use super::error::ScheduleError;
use super::gostr::{atoi, parse_duration};
use super::spec::{all, bits, Field, Spec, STAR_BIT};
use super::zone::load_time_zone;
use super::{Kind, Schedule};

/// Mirrors robfig `ParseStandard` (`Parser.Parse` with the standard options): the optional
/// `TZ=`/`CRON_TZ=` prefix, descriptors, `@every`, and five fields. Without a prefix the
/// schedule runs in UTC (robfig's `time.Local`, the controller-manager's zone).
pub fn parse_standard(spec: &str) -> Result<Schedule, ScheduleError> {
    // Parser.Parse: empty input.
    if spec.is_empty() {
        return Err(ScheduleError::Empty);
    }
    let mut zone_name: Option<String> = None;
    let mut tz = chrono_tz::Tz::UTC;
    let mut rest = spec;
    // Parser.Parse: the zone prefix, case-sensitive and only at position 0.
    if spec.starts_with("TZ=") || spec.starts_with("CRON_TZ=") {
        let Some(space) = spec.find(' ') else {
            return Err(ScheduleError::ZoneWithoutSpace {
                spec: spec.to_owned(),
            });
        };
        let eq = spec.find('=').unwrap_or(0);
        let name = &spec[eq + 1..space];
        tz = load_time_zone(name).map_err(|source| ScheduleError::BadLocation {
            location: name.to_owned(),
            source,
        })?;
        zone_name = Some(name.to_owned());
        rest = spec[space..].trim();
    }
    // Parser.Parse: descriptors.
    if rest.starts_with('@') {
        return parse_descriptor(rest).map(|kind| Schedule::new(kind, zone_name, tz));
    }
    // strings.Fields splits on Unicode white space; normalizeFields wants exactly 5.
    let mut fields = [""; 5];
    let mut n = 0;
    for f in rest.split(char::is_whitespace).filter(|s| !s.is_empty()) {
        if n < 5 {
            fields[n] = f;
        }
        n += 1;
    }
    if n != 5 {
        return Err(ScheduleError::FieldCount {
            fields: rest
                .split(char::is_whitespace)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        });
    }
    let spec = Spec {
        minute: get_field(fields[0], Field::Minute)?,
        hour: get_field(fields[1], Field::Hour)?,
        dom: get_field(fields[2], Field::DayOfMonth)?,
        month: get_field(fields[3], Field::Month)?,
        dow: get_field(fields[4], Field::DayOfWeek)?,
    };
    Ok(Schedule::new(Kind::Spec(spec), zone_name, tz))
}

/// robfig `getField`: comma-separated ranges, empty items dropped (`strings.FieldsFunc`).
fn get_field(field: &str, which: Field) -> Result<u64, ScheduleError> {
    let mut b = 0;
    for expr in field.split(',').filter(|s| !s.is_empty()) {
        b |= get_range(expr, which)?;
    }
    Ok(b)
}

/// robfig `getRange`: `number | number "-" number [ "/" number ]`, `*` or `?`.
fn get_range(expr: &str, which: Field) -> Result<u64, ScheduleError> {
    let (min, max) = which.bounds();
    let mut range_and_step = expr.split('/');
    let range = range_and_step.next().unwrap_or("");
    let step_text = range_and_step.next();
    let slashes_ok = range_and_step.next().is_none();
    let mut low_high = range.split('-');
    let low = low_high.next().unwrap_or("");
    let high = low_high.next();
    let hyphens_ok = low_high.next().is_none();
    let single = high.is_none();

    let (start, mut end, mut extra);
    if low == "*" || low == "?" {
        // Anything after "*-" is ignored.
        (start, end, extra) = (min, max, STAR_BIT);
    } else {
        start = parse_int_or_name(low, which)?;
        end = match high {
            None => start,
            Some(h) if hyphens_ok => parse_int_or_name(h, which)?,
            Some(_) => {
                return Err(ScheduleError::TooManyHyphens {
                    field: which,
                    expr: expr.to_owned(),
                })
            }
        };
        extra = 0;
    }
    let step = match step_text {
        None => 1,
        Some(s) if slashes_ok => {
            let step = must_parse_int(s, which)?;
            // "N/step" means "N-max/step".
            if single {
                end = max;
            }
            if step > 1 {
                extra = 0;
            }
            step
        }
        Some(_) => {
            return Err(ScheduleError::TooManySlashes {
                field: which,
                expr: expr.to_owned(),
            })
        }
    };
    if start < min {
        return Err(ScheduleError::BelowMinimum {
            field: which,
            start,
            min,
            expr: expr.to_owned(),
        });
    }
    if end > max {
        return Err(ScheduleError::AboveMaximum {
            field: which,
            end,
            max,
            expr: expr.to_owned(),
        });
    }
    if start > end {
        return Err(ScheduleError::StartBeyondEnd {
            field: which,
            start,
            end,
            expr: expr.to_owned(),
        });
    }
    if step == 0 {
        return Err(ScheduleError::ZeroStep {
            field: which,
            expr: expr.to_owned(),
        });
    }
    Ok(bits(start, end, step) | extra)
}

/// robfig `parseIntOrName`: three-letter names matched after Go's `strings.ToLower`.
fn parse_int_or_name(expr: &str, which: Field) -> Result<u64, ScheduleError> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    let names: &[&str] = match which {
        Field::Month => &MONTHS,
        Field::DayOfWeek => &DAYS,
        _ => &[],
    };
    if !names.is_empty() {
        if let Some(lower) = go_lower_ascii(expr) {
            if let Some(i) = names.iter().position(|n| n.as_bytes() == lower.as_slice()) {
                return Ok(if which == Field::Month {
                    i as u64 + 1
                } else {
                    i as u64
                });
            }
        }
    }
    must_parse_int(expr, which)
}

/// Go `strings.ToLower`, for inputs whose lower case is short ASCII: besides A-Z only
/// U+0130 (to `i`) and U+212A KELVIN SIGN (to `k`) lower-case to ASCII. `None` otherwise.
fn go_lower_ascii(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(3);
    for c in s.chars() {
        if out.len() >= 3 {
            return None;
        }
        out.push(match c {
            'A'..='Z' => c.to_ascii_lowercase() as u8,
            c if c.is_ascii() => c as u8,
            '\u{130}' => b'i',
            '\u{212a}' => b'k',
            _ => return None,
        });
    }
    Some(out)
}

/// robfig `mustParseInt`: `strconv.Atoi`, then negatives refused.
fn must_parse_int(expr: &str, field: Field) -> Result<u64, ScheduleError> {
    match atoi(expr) {
        Err(e) => Err(ScheduleError::ParseInt {
            field,
            expr: expr.to_owned(),
            reason: e.text(),
        }),
        Ok(n) if n < 0 => Err(ScheduleError::Negative {
            field,
            value: n,
            expr: expr.to_owned(),
        }),
        Ok(n) => Ok(n as u64),
    }
}

/// robfig `parseDescriptor`: exact, case-sensitive names and `@every <Go duration>`.
fn parse_descriptor(d: &str) -> Result<Kind, ScheduleError> {
    let (m0, h0) = (1u64, 1u64);
    let spec = |dom: u64, month: u64, dow: u64, hour: u64| Spec {
        minute: m0,
        hour,
        dom,
        month,
        dow,
    };
    let kind = match d {
        "@yearly" | "@annually" => spec(1 << 1, 1 << 1, all(Field::DayOfWeek), h0),
        "@monthly" => spec(1 << 1, all(Field::Month), all(Field::DayOfWeek), h0),
        "@weekly" => spec(all(Field::DayOfMonth), all(Field::Month), 1, h0),
        "@daily" | "@midnight" => spec(
            all(Field::DayOfMonth),
            all(Field::Month),
            all(Field::DayOfWeek),
            h0,
        ),
        "@hourly" => spec(
            all(Field::DayOfMonth),
            all(Field::Month),
            all(Field::DayOfWeek),
            all(Field::Hour),
        ),
        _ => {
            if let Some(dur) = d.strip_prefix("@every ") {
                let nanos = parse_duration(dur).map_err(|reason| ScheduleError::BadDuration {
                    spec: d.to_owned(),
                    reason,
                })?;
                return Ok(Kind::Every(super::every::every_delay(nanos)));
            }
            return Err(ScheduleError::UnknownDescriptor { spec: d.to_owned() });
        }
    };
    Ok(Kind::Spec(kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> String {
        parse_standard(s).unwrap_err().to_string()
    }

    #[test]
    fn robfig_errors() {
        assert_eq!(
            err("0 0 * *"),
            "expected exactly 5 fields, found 4: [0 0 * *]"
        );
        assert_eq!(err("0 0 * * 7"), "end of range (7) above maximum (6): 7");
        assert_eq!(
            err("-1 * * * *"),
            "failed to parse int from : strconv.Atoi: parsing \"\": invalid syntax"
        );
        assert_eq!(err("*/5/1 * * * *"), "too many slashes: */5/1");
        assert_eq!(err("5/-1 * * * *"), "negative number (-1) not allowed: -1");
        assert_eq!(
            err("@every 1d"),
            "failed to parse duration @every 1d: time: unknown unit \"d\" in duration \"1d\""
        );
        assert_eq!(
            err("TZ=Foo/Bar 0 0 * * *"),
            "provided bad location Foo/Bar: unknown time zone Foo/Bar"
        );
        assert_eq!(err(""), "empty spec string");
        assert_eq!(err("TZ=UTC "), "expected exactly 5 fields, found 0: []");
    }

    #[test]
    fn errors_name_the_field() {
        let e = parse_standard("0 24 * * *").unwrap_err();
        assert_eq!(e.field(), Some(Field::Hour));
        let e = parse_standard("0 0 * FOO *").unwrap_err();
        assert_eq!(e.field(), Some(Field::Month));
        let e = parse_standard("0 0 * * */0").unwrap_err();
        assert_eq!(e.field(), Some(Field::DayOfWeek));
        assert_eq!(parse_standard("@foo").unwrap_err().field(), None);
    }

    #[test]
    fn quirks() {
        assert!(parse_standard("* * * * FR\u{130}").is_ok());
        assert!(parse_standard("*-5 * * * *").is_ok());
        assert!(parse_standard("TZ=UTC  @daily ").is_ok());
        assert!(parse_standard("@daily ").is_err());
        assert!(parse_standard("0 0 , * *").is_ok());
    }
}
