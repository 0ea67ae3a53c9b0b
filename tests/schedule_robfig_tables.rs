//! robfig/cron v3.0.1's own test tables (`parser_test.go`, `spec_test.go`,
//! `constantdelay_test.go`), row by row, against kbatch's `ParseStandard` + `Next`.
//!
//! Conventions of the transcription:
//! - robfig's tests run in `time.Local`; Kubernetes' controller-manager (and kbatch without a
//!   zone) runs in UTC, so robfig's zone-less times are read as UTC.
//! - Where robfig's test only checks a substring of an error, the exact text asserted here is
//!   what robfig's code returns for that input (kbatch reports robfig's strings verbatim).
//! - Rows of the six-field `secondParser` are converted mechanically when the seconds field is
//!   `0` (it is dropped; the rest is the same `ParseStandard` input). Other seconds fields are
//!   not expressible with `ParseStandard`: those rows are collected and checked against the
//!   skip lists below, so a transcription slip cannot silently drop a row.
//! - A robfig time given as `TZ=<zone> <time>` makes a zone-less schedule run in that zone
//!   (`SpecSchedule.Next` uses the time's location for `time.Local` schedules); kbatch has
//!   no such mode, so the zone is passed as `spec.timeZone`, which the controller turns into
//!   the same `TZ=<zone>` schedule. `TestNextWithTz` does the same with a fixed `+0530`
//!   offset, written as `Asia/Kolkata` (constant +05:30 since 1945).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone, Utc};
use kbatch::schedule::{Schedule, Spec, STAR_BIT};

const STAR: u64 = STAR_BIT;
// robfig `all(...)` for each standard field (TestAll's constants plus the star bit).
const ALL_HOURS: u64 = 0xff_ffff | STAR;
const ALL_DOM: u64 = 0xffff_fffe | STAR;
const ALL_MONTHS: u64 = 0x1ffe | STAR;
const ALL_DOW: u64 = 0x7f | STAR;

/// `ParseStandard(expr)` as the CronJob controller calls it without `spec.timeZone`.
fn parse(expr: &str) -> Result<Schedule, String> {
    Schedule::parse(expr, None).map_err(|e| e.to_string())
}

fn err(expr: &str) -> String {
    match parse(expr) {
        Ok(s) => panic!("{expr:?}: expected an error, parsed {s:?}"),
        Err(e) => e,
    }
}

fn spec_of(expr: &str) -> Spec {
    match parse(expr) {
        Ok(s) => match s.spec() {
            Some(spec) => *spec,
            None => panic!("{expr:?}: expected a SpecSchedule, got {s:?}"),
        },
        Err(e) => panic!("{expr:?}: unexpected error {e}"),
    }
}

fn spec(minute: u64, hour: u64, dom: u64, month: u64, dow: u64) -> Spec {
    Spec {
        minute,
        hour,
        dom,
        month,
        dow,
    }
}

/// robfig `every5min`: second 0, minute 5, every hour/day.
fn every5min() -> Spec {
    spec(1 << 5, ALL_HOURS, ALL_DOM, ALL_MONTHS, ALL_DOW)
}

/// robfig `midnight`.
fn midnight() -> Spec {
    spec(1, 1, ALL_DOM, ALL_MONTHS, ALL_DOW)
}

/// robfig `annual`.
fn annual() -> Spec {
    spec(1, 1, 1 << 1, 1 << 1, ALL_DOW)
}

/// What robfig's `Parse` is expected to return in a `TestParseSchedule`-style row.
#[derive(Debug, Clone, Copy)]
enum Want {
    /// A `SpecSchedule` with these bits, in this zone (`None`: `time.Local`, UTC here).
    Spec(Spec, Option<&'static str>),
    /// `ConstantDelaySchedule{Delay}`, in seconds.
    Every(u64),
}

fn check_schedule(expr: &str, want: Want) {
    let s = parse(expr).unwrap_or_else(|e| panic!("{expr:?}: unexpected error {e}"));
    match want {
        Want::Spec(bits, zone) => {
            assert_eq!(s.spec(), Some(&bits), "{expr:?}: bits");
            assert_eq!(s.every_seconds(), None, "{expr:?}");
            assert_eq!(s.zone_name(), zone, "{expr:?}: zone as written");
            let tz = zone.unwrap_or("UTC");
            assert_eq!(s.time_zone().name(), tz, "{expr:?}: location");
        }
        Want::Every(d) => {
            assert_eq!(s.every_seconds(), Some(d), "{expr:?}: delay");
            assert_eq!(s.spec(), None, "{expr:?}");
        }
    }
}

/// Converts a `secondParser` spec to `ParseStandard`: keeps a `TZ=`/`CRON_TZ=` prefix and
/// descriptors, drops a seconds field of `0`; `None` when the seconds field is anything else.
fn standard_from_seconds_spec(spec: &str) -> Option<String> {
    let (prefix, rest) = if spec.starts_with("TZ=") || spec.starts_with("CRON_TZ=") {
        let i = spec.find(' ')?;
        (&spec[..=i], spec[i..].trim())
    } else {
        ("", spec)
    };
    if rest.starts_with('@') {
        return Some(spec.to_owned());
    }
    let fields: Vec<&str> = rest.split_whitespace().collect();
    if fields.len() != 6 || fields[0] != "0" {
        return None;
    }
    Some(format!("{prefix}{}", fields[1..].join(" ")))
}

/// robfig's `getTime` / `getTimeTZ`: `Mon Jan 2 15:04[:05[.frac]] 2006` (in UTC, our
/// `time.Local`) or `2006-01-02T15:04:05-0700`, optionally prefixed by `TZ=<zone> `, which
/// is returned separately (see the module notes). `""` is Go's zero time (`None`).
fn get_time(value: &str) -> (Option<DateTime<Utc>>, Option<&str>) {
    if value.is_empty() {
        return (None, None);
    }
    let (zone, value) = match value.strip_prefix("TZ=") {
        Some(rest) => {
            let (z, v) = rest.split_once(' ').expect("TZ=<zone> <time>");
            (Some(z), v)
        }
        None => (None, value),
    };
    if let Ok(t) = DateTime::<FixedOffset>::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%z") {
        return (Some(t.with_timezone(&Utc)), zone);
    }
    let parts: Vec<&str> = value.split_whitespace().collect();
    assert_eq!(parts.len(), 5, "time {value:?}");
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == parts[1]).expect("month") as u32 + 1;
    let day: u32 = parts[2].parse().expect("day");
    let year: i32 = parts[4].parse().expect("year");
    let hms: Vec<&str> = parts[3].split(':').collect();
    let hour: u32 = hms[0].parse().expect("hour");
    let minute: u32 = hms[1].parse().expect("minute");
    let (second, nanos) = match hms.get(2) {
        None => (0, 0),
        Some(s) => match s.split_once('.') {
            None => (s.parse().expect("second"), 0),
            Some((s, frac)) => {
                let digits = format!("{frac:0<9}");
                (
                    s.parse().expect("second"),
                    digits[..9].parse().expect("fraction"),
                )
            }
        },
    };
    let date = NaiveDate::from_ymd_opt(year, month, day).expect("date");
    // Go's `time.Parse` reads the weekday name and ignores it. robfig's names agree with
    // the dates (a check on this transcription) except in these rows, which Go accepts.
    const MISNAMED: [&str; 3] = [
        "Thu Jul 11 01:20:15 2012", // a Wednesday
        "Thu Oct 9 00:00 2012",     // a Tuesday
        "Tue Aug 1 00:00 2012",     // a Wednesday
    ];
    assert_eq!(
        date.weekday().to_string() == parts[0],
        !MISNAMED.contains(&value),
        "weekday of {value:?}"
    );
    let naive = date
        .and_hms_nano_opt(hour, minute, second, nanos)
        .expect("time of day");
    (Some(Utc.from_utc_datetime(&naive)), zone)
}

fn instant(value: &str) -> Option<DateTime<Utc>> {
    get_time(value).0
}

// ---------------------------------------------------------------------------------------
// parser_test.go
// ---------------------------------------------------------------------------------------

/// `TestRange`: `getRange(expr, bounds{min, max, nil})`. kbatch parses whole schedules, so
/// each row is put in a field of `ParseStandard`: the minute field (0-59, no names) where
/// robfig's bounds give the same answer, else the field whose bounds exercise the same
/// check (noted per row). Exact error texts are robfig's for that schedule.
#[test]
fn test_range() {
    struct Row {
        robfig: (&'static str, u64, u64),
        schedule: &'static str,
        /// Index of the field under test (0 minute .. 4 day of week).
        field: usize,
        want: Result<u64, &'static str>,
    }
    let minute = |expr: &'static str, min, max, want| Row {
        robfig: (expr, min, max),
        schedule: Box::leak(format!("{expr} * * * *").into_boxed_str()),
        field: 0,
        want,
    };
    let rows = [
        minute("5", 0, 7, Ok(1 << 5)),
        minute("0", 0, 7, Ok(1 << 0)),
        minute("7", 0, 7, Ok(1 << 7)),
        minute("5-5", 0, 7, Ok(1 << 5)),
        minute("5-6", 0, 7, Ok(1 << 5 | 1 << 6)),
        minute("5-7", 0, 7, Ok(1 << 5 | 1 << 6 | 1 << 7)),
        minute("5-6/2", 0, 7, Ok(1 << 5)),
        minute("5-7/2", 0, 7, Ok(1 << 5 | 1 << 7)),
        minute("5-7/1", 0, 7, Ok(1 << 5 | 1 << 6 | 1 << 7)),
        // Bounds 1-3: no standard field; the month field (1-12) keeps min 1, so `*` is
        // 1..=12 plus the star bit, and `*/2` the odd months without it.
        Row {
            robfig: ("*", 1, 3),
            schedule: "* * * * *",
            field: 3,
            want: Ok(0x1ffe | STAR),
        },
        Row {
            robfig: ("*/2", 1, 3),
            schedule: "* * * */2 *",
            field: 3,
            want: Ok(1 << 1 | 1 << 3 | 1 << 5 | 1 << 7 | 1 << 9 | 1 << 11),
        },
        minute("5--5", 0, 0, Err("too many hyphens: 5--5")),
        // No names in robfig's row: "jan" itself fails (as in the minute field).
        minute(
            "jan-x",
            0,
            0,
            Err("failed to parse int from jan: strconv.Atoi: parsing \"jan\": invalid syntax"),
        ),
        minute(
            "2-x",
            1,
            5,
            Err("failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax"),
        ),
        minute("*/-12", 0, 0, Err("negative number (-12) not allowed: -12")),
        minute("*//2", 0, 0, Err("too many slashes: *//2")),
        // Bounds 3-5: "below minimum" needs a field with min > 0: day of month, "0".
        Row {
            robfig: ("1", 3, 5),
            schedule: "0 0 0 * *",
            field: 2,
            want: Err("beginning of range (0) below minimum (1): 0"),
        },
        // "above maximum": day of week, "7".
        Row {
            robfig: ("6", 3, 5),
            schedule: "0 0 * * 7",
            field: 4,
            want: Err("end of range (7) above maximum (6): 7"),
        },
        minute(
            "5-3",
            3,
            5,
            Err("beginning of range (5) beyond end of range (3): 5-3"),
        ),
        minute(
            "*/0",
            0,
            0,
            Err("step of range should be a positive number: */0"),
        ),
    ];
    assert_eq!(rows.len(), 20, "TestRange has 20 rows");
    for r in rows {
        let ctx = format!("TestRange {:?} -> {:?}", r.robfig, r.schedule);
        match r.want {
            Ok(bits) => {
                let s = spec_of(r.schedule);
                let got = [s.minute, s.hour, s.dom, s.month, s.dow][r.field];
                assert_eq!(got, bits, "{ctx}: got {got:#x}");
            }
            Err(text) => assert_eq!(err(r.schedule), text, "{ctx}"),
        }
    }
}

/// `TestField`: `getField(expr, bounds{1, 7, nil})`, in the minute field (same bits).
#[test]
fn test_field() {
    let rows: [(&str, u64); 4] = [
        ("5", 1 << 5),
        ("5,6", 1 << 5 | 1 << 6),
        ("5,6,7", 1 << 5 | 1 << 6 | 1 << 7),
        ("1,5-7/2,3", 1 << 1 | 1 << 5 | 1 << 7 | 1 << 3),
    ];
    for (expr, want) in rows {
        let got = spec_of(&format!("{expr} * * * *")).minute;
        assert_eq!(got, want, "TestField {expr:?}: got {got:#x}");
    }
}

/// `TestAll`: `all(bounds)` for each field, read off `* * * * *`.
#[test]
fn test_all() {
    let s = spec_of("* * * * *");
    let rows: [(&str, u64, u64); 5] = [
        ("minutes", s.minute, 0xfff_ffff_ffff_ffff), // 0-59: 60 ones
        ("hours", s.hour, 0xff_ffff),
        ("dom", s.dom, 0xffff_fffe),
        ("months", s.month, 0x1ffe),
        ("dow", s.dow, 0x7f),
    ];
    for (name, got, want) in rows {
        assert_eq!(got, want | STAR, "TestAll {name}: got {got:#x}");
    }
}

/// `TestBits`: `getBits(min, max, step)`, through `min-max/step` in the minute field
/// (`getRange` returns exactly `getBits(start, end, step)` there).
#[test]
fn test_bits() {
    let rows: [(u64, u64, u64, u64); 4] = [
        (0, 0, 1, 0x1),
        (1, 1, 1, 0x2),
        (1, 5, 2, 0x2a),
        (1, 4, 2, 0xa),
    ];
    for (min, max, step, want) in rows {
        let expr = format!("{min}-{max}/{step} * * * *");
        let got = spec_of(&expr).minute;
        assert_eq!(got, want, "TestBits {min}-{max}/{step}: got {got:#x}");
    }
}

/// `TestParseScheduleErrors` (robfig runs `secondParser`). Each row is checked verbatim
/// under `ParseStandard` and, where the seconds field converts, in its five-field form.
#[test]
fn test_parse_schedule_errors() {
    // (robfig expr, robfig substring, ParseStandard's exact error for the verbatim expr)
    let rows: [(&str, &str, &str); 5] = [
        (
            "* 5 j * * *",
            "failed to parse int from",
            "expected exactly 5 fields, found 6: [* 5 j * * *]",
        ),
        (
            "@every Xm",
            "failed to parse duration",
            "failed to parse duration @every Xm: time: invalid duration \"Xm\"",
        ),
        (
            "@unrecognized",
            "unrecognized descriptor",
            "unrecognized descriptor: @unrecognized",
        ),
        // secondParser wants 5 to 6 fields; ParseStandard exactly 5.
        (
            "* * * *",
            "expected 5 to 6 fields",
            "expected exactly 5 fields, found 4: [* * * *]",
        ),
        ("", "empty spec string", "empty spec string"),
    ];
    for (expr, _substring, want) in rows {
        assert_eq!(err(expr), want, "TestParseScheduleErrors {expr:?}");
    }
    // Same rows with robfig's substring, where the row means the same under ParseStandard.
    for (expr, substring) in [
        ("@every Xm", "failed to parse duration"),
        ("@unrecognized", "unrecognized descriptor"),
        ("", "empty spec string"),
    ] {
        assert!(err(expr).contains(substring), "{expr:?}");
    }
    // "* 5 j * * *" has seconds `*` (not convertible); its error comes from the hour field
    // `j`, which is TestStandardSpecSchedule's "5 j * * *".
    assert_eq!(
        err("5 j * * *"),
        "failed to parse int from j: strconv.Atoi: parsing \"j\": invalid syntax"
    );
}

/// `TestParseSchedule`. `standardParser` rows verbatim; `secondParser` rows converted
/// (seconds `0` dropped, descriptors as they are). `time.Local` is UTC here.
#[test]
fn test_parse_schedule() {
    let std_rows: [(&str, Want); 2] = [
        ("5 * * * *", Want::Spec(every5min(), None)),
        (
            "CRON_TZ=UTC  5 * * * *",
            Want::Spec(every5min(), Some("UTC")),
        ),
    ];
    let second_rows: [(&str, Option<Want>); 10] = [
        ("0 5 * * * *", Some(Want::Spec(every5min(), None))),
        (
            "CRON_TZ=UTC  0 5 * * * *",
            Some(Want::Spec(every5min(), Some("UTC"))),
        ),
        (
            "CRON_TZ=Asia/Tokyo 0 5 * * * *",
            Some(Want::Spec(every5min(), Some("Asia/Tokyo"))),
        ),
        ("@every 5m", Some(Want::Every(300))),
        ("@midnight", Some(Want::Spec(midnight(), None))),
        (
            "TZ=UTC  @midnight",
            Some(Want::Spec(midnight(), Some("UTC"))),
        ),
        (
            "TZ=Asia/Tokyo @midnight",
            Some(Want::Spec(midnight(), Some("Asia/Tokyo"))),
        ),
        ("@yearly", Some(Want::Spec(annual(), None))),
        ("@annually", Some(Want::Spec(annual(), None))),
        // Second: all(seconds): not expressible with ParseStandard.
        ("* 5 * * * *", None),
    ];
    for (expr, want) in std_rows {
        check_schedule(expr, want);
    }
    let mut skipped = Vec::new();
    for (expr, want) in second_rows {
        match (standard_from_seconds_spec(expr), want) {
            (Some(std), Some(want)) => check_schedule(&std, want),
            (None, None) => skipped.push(expr),
            (conv, want) => panic!("{expr:?}: conversion {conv:?} vs expectation {want:?}"),
        }
    }
    assert_eq!(skipped, ["* 5 * * * *"]);
    // The converted forms, spelled out.
    assert_eq!(
        standard_from_seconds_spec("CRON_TZ=UTC  0 5 * * * *").as_deref(),
        Some("CRON_TZ=UTC 5 * * * *")
    );
    // And ParseStandard refuses the six-field originals.
    assert_eq!(
        err("CRON_TZ=Asia/Tokyo 0 5 * * * *"),
        "expected exactly 5 fields, found 6: [0 5 * * * *]"
    );
}

/// `TestOptionalSecondSchedule` (`SecondOptional | Minute | Hour | Dom | Month | Dow |
/// Descriptor`): the five-field row verbatim, six-field rows converted.
#[test]
fn test_optional_second_schedule() {
    // "5 5 * * * *" (every5min5s) has seconds 5: not expressible.
    let rows: [(&str, Option<Spec>); 3] = [
        ("0 5 * * * *", Some(every5min())),
        ("5 5 * * * *", None),
        ("5 * * * *", Some(every5min())),
    ];
    let mut skipped = Vec::new();
    for (expr, want) in rows {
        let std = if expr.split_whitespace().count() == 5 {
            Some(expr.to_owned())
        } else {
            standard_from_seconds_spec(expr)
        };
        match (std, want) {
            (Some(std), Some(bits)) => check_schedule(&std, Want::Spec(bits, None)),
            (None, None) => skipped.push(expr),
            (conv, want) => panic!("{expr:?}: conversion {conv:?} vs expectation {want:?}"),
        }
    }
    assert_eq!(skipped, ["5 5 * * * *"]);
}

/// `TestNormalizeFields`: only the option sets with exactly five fields apply to the
/// standard parser; their five-field input must fill seconds with "0" and parse as the
/// named fields. Subset parsers (`Hour | Dom | Month`...) have no ParseStandard form.
#[test]
fn test_normalize_fields() {
    // AllFields_SecondOptional_NotProvided: ["5" "*" "*" "*" "*"] -> ["0" "5" "*" "*" "*" "*"].
    check_schedule("5 * * * *", Want::Spec(every5min(), None));
    // AllFields_NoOptional / AllFields_SecondOptional_Provided with six fields: refused by
    // ParseStandard's exactly-5 rule.
    assert_eq!(
        err("0 5 * * * *"),
        "expected exactly 5 fields, found 6: [0 5 * * * *]"
    );
}

/// `TestNormalizeFields_Errors`: the counting rule under ParseStandard's options (min =
/// max = 5, so robfig's "expected exactly %d fields, found %d: %s").
#[test]
fn test_normalize_fields_errors() {
    // TwoOptionals cannot happen with the standard options (no optionals).
    let rows: [(&str, &str, &str); 3] = [
        // TooManyFields: robfig's input ["0" "5" "*" "*"] (too many for its 2-3 field
        // parser); under ParseStandard the same four fields are too few.
        (
            "TooManyFields",
            "0 5 * *",
            "expected exactly 5 fields, found 4: [0 5 * *]",
        ),
        // NoFields: [] (an all-blank spec; "" itself is "empty spec string").
        ("NoFields", "   ", "expected exactly 5 fields, found 0: []"),
        (
            "TooFewFields",
            "*",
            "expected exactly 5 fields, found 1: [*]",
        ),
    ];
    for (name, expr, want) in rows {
        assert_eq!(err(expr), want, "TestNormalizeFields_Errors/{name}");
    }
}

/// `TestStandardSpecSchedule`: every row, verbatim.
#[test]
fn test_standard_spec_schedule() {
    check_schedule("5 * * * *", Want::Spec(every5min(), None));
    check_schedule("@every 5m", Want::Every(300));
    let e = err("5 j * * *");
    assert!(e.contains("failed to parse int from"), "{e}");
    assert_eq!(
        e,
        "failed to parse int from j: strconv.Atoi: parsing \"j\": invalid syntax"
    );
    let e = err("* * * *");
    assert!(e.contains("expected exactly 5 fields"), "{e}");
    assert_eq!(e, "expected exactly 5 fields, found 4: [* * * *]");
}

/// `TestNoDescriptorParser` uses `NewParser(Minute | Hour)`, which refuses descriptors;
/// ParseStandard allows them, so the same input must parse (every 60 s).
#[test]
fn test_no_descriptor_parser_counterpart() {
    check_schedule("@every 1m", Want::Every(60));
}

// ---------------------------------------------------------------------------------------
// spec_test.go
// ---------------------------------------------------------------------------------------

/// `TestActivation`: `ParseStandard(spec).Next(time - 1s) == time` iff expected.
#[test]
fn test_activation() {
    let rows: [(&str, &str, bool); 29] = [
        // Every fifteen minutes.
        ("Mon Jul 9 15:00 2012", "0/15 * * * *", true),
        ("Mon Jul 9 15:45 2012", "0/15 * * * *", true),
        ("Mon Jul 9 15:40 2012", "0/15 * * * *", false),
        // Every fifteen minutes, starting at 5 minutes.
        ("Mon Jul 9 15:05 2012", "5/15 * * * *", true),
        ("Mon Jul 9 15:20 2012", "5/15 * * * *", true),
        ("Mon Jul 9 15:50 2012", "5/15 * * * *", true),
        // Named months
        ("Sun Jul 15 15:00 2012", "0/15 * * Jul *", true),
        ("Sun Jul 15 15:00 2012", "0/15 * * Jun *", false),
        // Everything set.
        ("Sun Jul 15 08:30 2012", "30 08 ? Jul Sun", true),
        ("Sun Jul 15 08:30 2012", "30 08 15 Jul ?", true),
        ("Mon Jul 16 08:30 2012", "30 08 ? Jul Sun", false),
        ("Mon Jul 16 08:30 2012", "30 08 15 Jul ?", false),
        // Predefined schedules
        ("Mon Jul 9 15:00 2012", "@hourly", true),
        ("Mon Jul 9 15:04 2012", "@hourly", false),
        ("Mon Jul 9 15:00 2012", "@daily", false),
        ("Mon Jul 9 00:00 2012", "@daily", true),
        ("Mon Jul 9 00:00 2012", "@weekly", false),
        ("Sun Jul 8 00:00 2012", "@weekly", true),
        ("Sun Jul 8 01:00 2012", "@weekly", false),
        ("Sun Jul 8 00:00 2012", "@monthly", false),
        ("Sun Jul 1 00:00 2012", "@monthly", true),
        // DOW and DOM both restricted: either may match.
        ("Sun Jul 15 00:00 2012", "* * 1,15 * Sun", true),
        ("Fri Jun 15 00:00 2012", "* * 1,15 * Sun", true),
        ("Wed Aug 1 00:00 2012", "* * 1,15 * Sun", true),
        ("Sun Jul 15 00:00 2012", "* * */10 * Sun", true), // robfig #70
        // One has a star: both must match.
        ("Sun Jul 15 00:00 2012", "* * * * Mon", false),
        ("Mon Jul 9 00:00 2012", "* * 1,15 * *", false),
        ("Sun Jul 15 00:00 2012", "* * 1,15 * *", true),
        ("Sun Jul 15 00:00 2012", "* * */2 * Sun", true),
    ];
    for (time, spec, expected) in rows {
        let sched = parse(spec).unwrap_or_else(|e| panic!("{spec:?}: {e}"));
        let t = instant(time).expect("time");
        let next = sched.next_after(t - chrono::Duration::seconds(1));
        assert_eq!(
            next == Some(t),
            expected,
            "TestActivation {spec:?} on {time}: next {next:?}"
        );
        assert_eq!(sched.matches(t), expected, "matches {spec:?} on {time}");
    }
}

/// `TestNext` (robfig runs `secondParser`): rows with seconds `0` converted, the others
/// collected and compared with the skip list. A `TZ=<zone>` time gives the zone-less
/// schedule that zone (as `spec.timeZone`).
#[test]
fn test_next() {
    let rows: [(&str, &str, &str); 58] = [
        // Simple cases
        (
            "Mon Jul 9 14:45 2012",
            "0 0/15 * * * *",
            "Mon Jul 9 15:00 2012",
        ),
        (
            "Mon Jul 9 14:59 2012",
            "0 0/15 * * * *",
            "Mon Jul 9 15:00 2012",
        ),
        (
            "Mon Jul 9 14:59:59 2012",
            "0 0/15 * * * *",
            "Mon Jul 9 15:00 2012",
        ),
        // Wrap around hours
        (
            "Mon Jul 9 15:45 2012",
            "0 20-35/15 * * * *",
            "Mon Jul 9 16:20 2012",
        ),
        // Wrap around days
        (
            "Mon Jul 9 23:46 2012",
            "0 */15 * * * *",
            "Tue Jul 10 00:00 2012",
        ),
        (
            "Mon Jul 9 23:45 2012",
            "0 20-35/15 * * * *",
            "Tue Jul 10 00:20 2012",
        ),
        (
            "Mon Jul 9 23:35:51 2012",
            "15/35 20-35/15 * * * *",
            "Tue Jul 10 00:20:15 2012",
        ),
        (
            "Mon Jul 9 23:35:51 2012",
            "15/35 20-35/15 1/2 * * *",
            "Tue Jul 10 01:20:15 2012",
        ),
        (
            "Mon Jul 9 23:35:51 2012",
            "15/35 20-35/15 10-12 * * *",
            "Tue Jul 10 10:20:15 2012",
        ),
        (
            "Mon Jul 9 23:35:51 2012",
            "15/35 20-35/15 1/2 */2 * *",
            "Thu Jul 11 01:20:15 2012",
        ),
        (
            "Mon Jul 9 23:35:51 2012",
            "15/35 20-35/15 * 9-20 * *",
            "Wed Jul 10 00:20:15 2012",
        ),
        (
            "Mon Jul 9 23:35:51 2012",
            "15/35 20-35/15 * 9-20 Jul *",
            "Wed Jul 10 00:20:15 2012",
        ),
        // Wrap around months
        (
            "Mon Jul 9 23:35 2012",
            "0 0 0 9 Apr-Oct ?",
            "Thu Aug 9 00:00 2012",
        ),
        (
            "Mon Jul 9 23:35 2012",
            "0 0 0 */5 Apr,Aug,Oct Mon",
            "Tue Aug 1 00:00 2012",
        ),
        (
            "Mon Jul 9 23:35 2012",
            "0 0 0 */5 Oct Mon",
            "Mon Oct 1 00:00 2012",
        ),
        // Wrap around years
        (
            "Mon Jul 9 23:35 2012",
            "0 0 0 * Feb Mon",
            "Mon Feb 4 00:00 2013",
        ),
        (
            "Mon Jul 9 23:35 2012",
            "0 0 0 * Feb Mon/2",
            "Fri Feb 1 00:00 2013",
        ),
        // Wrap around minute, hour, day, month, and year
        (
            "Mon Dec 31 23:59:45 2012",
            "0 * * * * *",
            "Tue Jan 1 00:00:00 2013",
        ),
        // Leap year
        (
            "Mon Jul 9 23:35 2012",
            "0 0 0 29 Feb ?",
            "Mon Feb 29 00:00 2016",
        ),
        // Daylight savings time 2am EST (-5) -> 3am EDT (-4)
        (
            "2012-03-11T00:00:00-0500",
            "TZ=America/New_York 0 30 2 11 Mar ?",
            "2013-03-11T02:30:00-0400",
        ),
        // hourly job
        (
            "2012-03-11T00:00:00-0500",
            "TZ=America/New_York 0 0 * * * ?",
            "2012-03-11T01:00:00-0500",
        ),
        (
            "2012-03-11T01:00:00-0500",
            "TZ=America/New_York 0 0 * * * ?",
            "2012-03-11T03:00:00-0400",
        ),
        (
            "2012-03-11T03:00:00-0400",
            "TZ=America/New_York 0 0 * * * ?",
            "2012-03-11T04:00:00-0400",
        ),
        (
            "2012-03-11T04:00:00-0400",
            "TZ=America/New_York 0 0 * * * ?",
            "2012-03-11T05:00:00-0400",
        ),
        // hourly job using CRON_TZ
        (
            "2012-03-11T00:00:00-0500",
            "CRON_TZ=America/New_York 0 0 * * * ?",
            "2012-03-11T01:00:00-0500",
        ),
        (
            "2012-03-11T01:00:00-0500",
            "CRON_TZ=America/New_York 0 0 * * * ?",
            "2012-03-11T03:00:00-0400",
        ),
        (
            "2012-03-11T03:00:00-0400",
            "CRON_TZ=America/New_York 0 0 * * * ?",
            "2012-03-11T04:00:00-0400",
        ),
        (
            "2012-03-11T04:00:00-0400",
            "CRON_TZ=America/New_York 0 0 * * * ?",
            "2012-03-11T05:00:00-0400",
        ),
        // 1am nightly job
        (
            "2012-03-11T00:00:00-0500",
            "TZ=America/New_York 0 0 1 * * ?",
            "2012-03-11T01:00:00-0500",
        ),
        (
            "2012-03-11T01:00:00-0500",
            "TZ=America/New_York 0 0 1 * * ?",
            "2012-03-12T01:00:00-0400",
        ),
        // 2am nightly job (skipped)
        (
            "2012-03-11T00:00:00-0500",
            "TZ=America/New_York 0 0 2 * * ?",
            "2012-03-12T02:00:00-0400",
        ),
        // Daylight savings time 2am EDT (-4) => 1am EST (-5)
        (
            "2012-11-04T00:00:00-0400",
            "TZ=America/New_York 0 30 2 04 Nov ?",
            "2012-11-04T02:30:00-0500",
        ),
        (
            "2012-11-04T01:45:00-0400",
            "TZ=America/New_York 0 30 1 04 Nov ?",
            "2012-11-04T01:30:00-0500",
        ),
        // hourly job
        (
            "2012-11-04T00:00:00-0400",
            "TZ=America/New_York 0 0 * * * ?",
            "2012-11-04T01:00:00-0400",
        ),
        (
            "2012-11-04T01:00:00-0400",
            "TZ=America/New_York 0 0 * * * ?",
            "2012-11-04T01:00:00-0500",
        ),
        (
            "2012-11-04T01:00:00-0500",
            "TZ=America/New_York 0 0 * * * ?",
            "2012-11-04T02:00:00-0500",
        ),
        // 1am nightly job (runs twice)
        (
            "2012-11-04T00:00:00-0400",
            "TZ=America/New_York 0 0 1 * * ?",
            "2012-11-04T01:00:00-0400",
        ),
        (
            "2012-11-04T01:00:00-0400",
            "TZ=America/New_York 0 0 1 * * ?",
            "2012-11-04T01:00:00-0500",
        ),
        (
            "2012-11-04T01:00:00-0500",
            "TZ=America/New_York 0 0 1 * * ?",
            "2012-11-05T01:00:00-0500",
        ),
        // 2am nightly job
        (
            "2012-11-04T00:00:00-0400",
            "TZ=America/New_York 0 0 2 * * ?",
            "2012-11-04T02:00:00-0500",
        ),
        (
            "2012-11-04T02:00:00-0500",
            "TZ=America/New_York 0 0 2 * * ?",
            "2012-11-05T02:00:00-0500",
        ),
        // 3am nightly job
        (
            "2012-11-04T00:00:00-0400",
            "TZ=America/New_York 0 0 3 * * ?",
            "2012-11-04T03:00:00-0500",
        ),
        (
            "2012-11-04T03:00:00-0500",
            "TZ=America/New_York 0 0 3 * * ?",
            "2012-11-05T03:00:00-0500",
        ),
        // hourly job
        (
            "TZ=America/New_York 2012-11-04T00:00:00-0400",
            "0 0 * * * ?",
            "2012-11-04T01:00:00-0400",
        ),
        (
            "TZ=America/New_York 2012-11-04T01:00:00-0400",
            "0 0 * * * ?",
            "2012-11-04T01:00:00-0500",
        ),
        (
            "TZ=America/New_York 2012-11-04T01:00:00-0500",
            "0 0 * * * ?",
            "2012-11-04T02:00:00-0500",
        ),
        // 1am nightly job (runs twice)
        (
            "TZ=America/New_York 2012-11-04T00:00:00-0400",
            "0 0 1 * * ?",
            "2012-11-04T01:00:00-0400",
        ),
        (
            "TZ=America/New_York 2012-11-04T01:00:00-0400",
            "0 0 1 * * ?",
            "2012-11-04T01:00:00-0500",
        ),
        (
            "TZ=America/New_York 2012-11-04T01:00:00-0500",
            "0 0 1 * * ?",
            "2012-11-05T01:00:00-0500",
        ),
        // 2am nightly job
        (
            "TZ=America/New_York 2012-11-04T00:00:00-0400",
            "0 0 2 * * ?",
            "2012-11-04T02:00:00-0500",
        ),
        (
            "TZ=America/New_York 2012-11-04T02:00:00-0500",
            "0 0 2 * * ?",
            "2012-11-05T02:00:00-0500",
        ),
        // 3am nightly job
        (
            "TZ=America/New_York 2012-11-04T00:00:00-0400",
            "0 0 3 * * ?",
            "2012-11-04T03:00:00-0500",
        ),
        (
            "TZ=America/New_York 2012-11-04T03:00:00-0500",
            "0 0 3 * * ?",
            "2012-11-05T03:00:00-0500",
        ),
        // Unsatisfiable
        ("Mon Jul 9 23:35 2012", "0 0 0 30 Feb ?", ""),
        ("Mon Jul 9 23:35 2012", "0 0 0 31 Apr ?", ""),
        // Monthly job
        (
            "TZ=America/New_York 2012-11-04T00:00:00-0400",
            "0 0 3 3 * ?",
            "2012-12-03T03:00:00-0500",
        ),
        // DST making midnight invalid (robfig #157)
        (
            "2018-10-17T05:00:00-0400",
            "TZ=America/Sao_Paulo 0 0 9 10 * ?",
            "2018-11-10T06:00:00-0500",
        ),
        (
            "2018-02-14T05:00:00-0500",
            "TZ=America/Sao_Paulo 0 0 9 22 * ?",
            "2018-02-22T07:00:00-0500",
        ),
    ];
    let mut skipped = Vec::new();
    let mut checked = 0;
    for (time, spec, expected) in rows {
        let Some(std) = standard_from_seconds_spec(spec) else {
            skipped.push(spec);
            continue;
        };
        let (from, zone) = get_time(time);
        let from = from.expect("time");
        let sched = Schedule::parse(&std, zone)
            .unwrap_or_else(|e| panic!("{spec:?} -> {std:?} in {zone:?}: {e}"));
        assert_eq!(
            sched.next_after(from),
            instant(expected),
            "TestNext {time}, {spec:?} (as {std:?}, zone {zone:?})"
        );
        checked += 1;
    }
    assert_eq!(checked, 52);
    assert_eq!(
        skipped,
        [
            "15/35 20-35/15 * * * *",
            "15/35 20-35/15 1/2 * * *",
            "15/35 20-35/15 10-12 * * *",
            "15/35 20-35/15 1/2 */2 * *",
            "15/35 20-35/15 * 9-20 * *",
            "15/35 20-35/15 * 9-20 Jul *",
        ]
    );
}

/// `TestErrors`: each must fail; the exact texts are robfig's.
#[test]
fn test_errors() {
    let rows: [(&str, &str); 4] = [
        ("xyz", "expected exactly 5 fields, found 1: [xyz]"),
        ("60 0 * * *", "end of range (60) above maximum (59): 60"),
        ("0 60 * * *", "end of range (60) above maximum (23): 60"),
        (
            "0 0 * * XYZ",
            "failed to parse int from XYZ: strconv.Atoi: parsing \"XYZ\": invalid syntax",
        ),
    ];
    for (spec, want) in rows {
        assert_eq!(err(spec), want, "TestErrors {spec:?}");
    }
}

/// `TestNextWithTz`: times at a fixed +05:30 with zone-less schedules, which robfig then
/// evaluates at +05:30; here the schedule gets `spec.timeZone: Asia/Kolkata`.
#[test]
fn test_next_with_tz() {
    let rows: [(&str, &str, &str); 4] = [
        // Failing tests (upstream's label for a fixed bug)
        (
            "2016-01-03T13:09:03+0530",
            "14 14 * * *",
            "2016-01-03T14:14:00+0530",
        ),
        (
            "2016-01-03T04:09:03+0530",
            "14 14 * * ?",
            "2016-01-03T14:14:00+0530",
        ),
        // Passing tests
        (
            "2016-01-03T14:09:03+0530",
            "14 14 * * *",
            "2016-01-03T14:14:00+0530",
        ),
        (
            "2016-01-03T14:00:00+0530",
            "14 14 * * ?",
            "2016-01-03T14:14:00+0530",
        ),
    ];
    for (time, spec, expected) in rows {
        let sched = Schedule::parse(spec, Some("Asia/Kolkata")).expect(spec);
        assert_eq!(
            sched.next_after(instant(time).expect("time")),
            instant(expected),
            "TestNextWithTz {time}, {spec:?}"
        );
    }
}

/// `TestSlash0NoHang` (robfig #144): a zero step is refused, with robfig's text.
#[test]
fn test_slash0_no_hang() {
    assert_eq!(
        err("TZ=America/New_York 15/0 * * * *"),
        "step of range should be a positive number: 15/0"
    );
}

// ---------------------------------------------------------------------------------------
// constantdelay_test.go
// ---------------------------------------------------------------------------------------

/// `TestConstantDelayNext`: `Every(delay).Next(time)`. ParseStandard reaches `Every` only
/// through `@every <time.ParseDuration text>`, so each delay is written as Go duration text
/// (the `time.Duration` expression robfig uses is kept alongside).
#[test]
fn test_constant_delay_next() {
    let rows: [(&str, &str, &str, &str); 14] = [
        // Simple cases
        (
            "Mon Jul 9 14:45 2012",
            "15*time.Minute + 50*time.Nanosecond",
            "15m50ns",
            "Mon Jul 9 15:00 2012",
        ),
        (
            "Mon Jul 9 14:59 2012",
            "15 * time.Minute",
            "15m",
            "Mon Jul 9 15:14 2012",
        ),
        (
            "Mon Jul 9 14:59:59 2012",
            "15 * time.Minute",
            "15m",
            "Mon Jul 9 15:14:59 2012",
        ),
        // Wrap around hours
        (
            "Mon Jul 9 15:45 2012",
            "35 * time.Minute",
            "35m",
            "Mon Jul 9 16:20 2012",
        ),
        // Wrap around days
        (
            "Mon Jul 9 23:46 2012",
            "14 * time.Minute",
            "14m",
            "Tue Jul 10 00:00 2012",
        ),
        (
            "Mon Jul 9 23:45 2012",
            "35 * time.Minute",
            "35m",
            "Tue Jul 10 00:20 2012",
        ),
        (
            "Mon Jul 9 23:35:51 2012",
            "44*time.Minute + 24*time.Second",
            "44m24s",
            "Tue Jul 10 00:20:15 2012",
        ),
        (
            "Mon Jul 9 23:35:51 2012",
            "25*time.Hour + 44*time.Minute + 24*time.Second",
            "25h44m24s",
            "Thu Jul 11 01:20:15 2012",
        ),
        // Wrap around months
        (
            "Mon Jul 9 23:35 2012",
            "91*24*time.Hour + 25*time.Minute",
            "2184h25m",
            "Thu Oct 9 00:00 2012",
        ),
        // Wrap around minute, hour, day, month, and year
        (
            "Mon Dec 31 23:59:45 2012",
            "15 * time.Second",
            "15s",
            "Tue Jan 1 00:00:00 2013",
        ),
        // Round to nearest second on the delay
        (
            "Mon Jul 9 14:45 2012",
            "15*time.Minute + 50*time.Nanosecond",
            "15m50ns",
            "Mon Jul 9 15:00 2012",
        ),
        // Round up to 1 second if the duration is less.
        (
            "Mon Jul 9 14:45:00 2012",
            "15 * time.Millisecond",
            "15ms",
            "Mon Jul 9 14:45:01 2012",
        ),
        // Round to nearest second when calculating the next time.
        (
            "Mon Jul 9 14:45:00.005 2012",
            "15 * time.Minute",
            "15m",
            "Mon Jul 9 15:00 2012",
        ),
        // Round to nearest second for both.
        (
            "Mon Jul 9 14:45:00.005 2012",
            "15*time.Minute + 50*time.Nanosecond",
            "15m50ns",
            "Mon Jul 9 15:00 2012",
        ),
    ];
    for (time, go_delay, text, expected) in rows {
        let spec = format!("@every {text}");
        let sched = parse(&spec).unwrap_or_else(|e| panic!("{spec:?}: {e}"));
        assert!(sched.every_seconds().is_some(), "{spec:?}");
        let from = instant(time).expect("time");
        assert_eq!(
            sched.next_after(from),
            instant(expected),
            "TestConstantDelayNext {time}, {go_delay} ({spec:?})"
        );
        // ConstantDelaySchedule ignores zones: same answer under any spec.timeZone.
        let zoned = Schedule::parse(&spec, Some("Australia/Lord_Howe")).expect("zoned");
        assert_eq!(zoned.next_after(from), instant(expected), "{spec:?} zoned");
    }
}

// ---------------------------------------------------------------------------------------
// cron_test.go (the runner's tests; only this one is about parsing)
// ---------------------------------------------------------------------------------------

/// `TestInvalidJobSpec`: `New()` parses with `standardParser`, so `AddJob` fails like
/// `ParseStandard`.
#[test]
fn test_invalid_job_spec() {
    assert_eq!(
        err("this will not parse"),
        "expected exactly 5 fields, found 4: [this will not parse]"
    );
}
