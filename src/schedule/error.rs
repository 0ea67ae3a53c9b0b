//! Errors with robfig/cron v3.0.1's wording: kubectl shows these strings to users.

use super::gostr::go_quote;
use super::spec::Field;
use thiserror::Error;

/// Why Go's `time.LoadLocation` refuses a zone name (`err.Error()` is the Display).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ZoneError {
    /// `time.LoadLocation`: a name containing `..` or starting with `/` or `\`.
    #[error("time: invalid location name")]
    InvalidName { name: String },
    /// `time.LoadLocation`: no such zone file.
    #[error("unknown time zone {name}")]
    Unknown { name: String },
}

impl ZoneError {
    /// The zone name that was refused.
    pub fn name(&self) -> &str {
        match self {
            ZoneError::InvalidName { name } | ZoneError::Unknown { name } => name,
        }
    }
}

/// A schedule the controller cannot run. Display is robfig's (or the controller's) text.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ScheduleError {
    /// `Parser.Parse`: `len(spec) == 0`.
    #[error("empty spec string")]
    Empty,
    /// `Parser.Parse`: `TZ=`/`CRON_TZ=` prefix naming a zone `LoadLocation` refuses.
    #[error("provided bad location {location}: {source}")]
    BadLocation { location: String, source: ZoneError },
    /// `Parser.Parse` slices `spec[eq+1:i]` with `i == -1` when the prefix has no space:
    /// robfig v3.0.1 panics; we refuse it with the panic's text.
    #[error("panic in cron.ParseStandard: runtime error: slice bounds out of range [:-1]")]
    ZoneWithoutSpace { spec: String },
    /// `normalizeFields`: not exactly 5 whitespace-separated fields.
    #[error("expected exactly 5 fields, found {}: [{}]", fields.len(), fields.join(" "))]
    FieldCount { fields: Vec<String> },
    /// `mustParseInt`: `strconv.Atoi` failed.
    #[error(
        "failed to parse int from {expr}: strconv.Atoi: parsing {}: {reason}",
        go_quote(expr)
    )]
    ParseInt {
        expr: String,
        reason: &'static str,
        field: Field,
    },
    /// `mustParseInt`: a negative step.
    #[error("negative number ({value}) not allowed: {expr}")]
    Negative {
        value: i64,
        expr: String,
        field: Field,
    },
    /// `getRange`: `a-b-c`.
    #[error("too many hyphens: {expr}")]
    TooManyHyphens { expr: String, field: Field },
    /// `getRange`: `a/b/c`.
    #[error("too many slashes: {expr}")]
    TooManySlashes { expr: String, field: Field },
    /// `getRange`: start below the field's minimum.
    #[error("beginning of range ({start}) below minimum ({min}): {expr}")]
    BelowMinimum {
        start: u64,
        min: u64,
        expr: String,
        field: Field,
    },
    /// `getRange`: end above the field's maximum.
    #[error("end of range ({end}) above maximum ({max}): {expr}")]
    AboveMaximum {
        end: u64,
        max: u64,
        expr: String,
        field: Field,
    },
    /// `getRange`: start after end.
    #[error("beginning of range ({start}) beyond end of range ({end}): {expr}")]
    StartBeyondEnd {
        start: u64,
        end: u64,
        expr: String,
        field: Field,
    },
    /// `getRange`: `/0`.
    #[error("step of range should be a positive number: {expr}")]
    ZeroStep { expr: String, field: Field },
    /// `parseDescriptor`: `@every` with a bad Go duration.
    #[error("failed to parse duration {spec}: {reason}")]
    BadDuration { spec: String, reason: String },
    /// `parseDescriptor`: an unknown `@...`.
    #[error("unrecognized descriptor: {spec}")]
    UnknownDescriptor { spec: String },
    /// CronJob controller `syncCronJob`: `time.LoadLocation(spec.timeZone)` failed.
    #[error("invalid timeZone: {}: {source}", go_quote(time_zone))]
    InvalidTimeZone {
        time_zone: String,
        source: ZoneError,
    },
}

impl ScheduleError {
    /// The event reason the CronJob controller records for this error
    /// (`UnknownTimeZone` or `UnparseableSchedule`).
    pub fn event_reason(&self) -> &'static str {
        match self {
            ScheduleError::InvalidTimeZone { .. } => "UnknownTimeZone",
            _ => "UnparseableSchedule",
        }
    }

    /// The cron field whose text was refused, if the error is about one field.
    pub fn field(&self) -> Option<Field> {
        match self {
            ScheduleError::ParseInt { field, .. }
            | ScheduleError::Negative { field, .. }
            | ScheduleError::TooManyHyphens { field, .. }
            | ScheduleError::TooManySlashes { field, .. }
            | ScheduleError::BelowMinimum { field, .. }
            | ScheduleError::AboveMaximum { field, .. }
            | ScheduleError::StartBeyondEnd { field, .. }
            | ScheduleError::ZeroStep { field, .. } => Some(*field),
            _ => None,
        }
    }

    /// True when the problem is `spec.timeZone` rather than `spec.schedule`.
    pub fn is_time_zone_error(&self) -> bool {
        matches!(self, ScheduleError::InvalidTimeZone { .. })
    }
}
