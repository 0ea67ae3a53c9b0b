//! Field errors exactly as the API server words them
//! (`k8s.io/apimachinery/pkg/util/validation/field`).

use std::collections::BTreeMap;
use std::fmt;

/// A field path such as `spec.template.spec.containers[0].name`
/// (`field.Path`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Path(String);

impl Path {
    /// A root path.
    pub fn new(name: &str) -> Self {
        Path(name.to_string())
    }

    /// `Path.Child`: appends `.name` (several names may be given with dots).
    pub fn child(&self, name: &str) -> Self {
        if self.0.is_empty() {
            Path(name.to_string())
        } else {
            Path(format!("{}.{}", self.0, name))
        }
    }

    /// `Path.Index`: appends `[i]`.
    pub fn index(&self, i: usize) -> Self {
        Path(format!("{}[{}]", self.0, i))
    }

    /// `Path.Key`: appends `[key]`.
    pub fn key(&self, key: &str) -> Self {
        Path(format!("{}[{}]", self.0, key))
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `field.ErrorType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `FieldValueNotFound`.
    NotFound,
    /// `FieldValueRequired`.
    Required,
    /// `FieldValueDuplicate`.
    Duplicate,
    /// `FieldValueInvalid`.
    Invalid,
    /// `FieldValueNotSupported`.
    NotSupported,
    /// `FieldValueForbidden`.
    Forbidden,
    /// `FieldValueTooLong`.
    TooLong,
    /// `FieldValueTooMany`.
    TooMany,
    /// `InternalError`.
    Internal,
}

impl ErrorKind {
    /// `ErrorType.String`: the words kubectl prints.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "Not found",
            ErrorKind::Required => "Required value",
            ErrorKind::Duplicate => "Duplicate value",
            ErrorKind::Invalid => "Invalid value",
            ErrorKind::NotSupported => "Unsupported value",
            ErrorKind::Forbidden => "Forbidden",
            ErrorKind::TooLong => "Too long",
            ErrorKind::TooMany => "Too many",
            ErrorKind::Internal => "Internal error",
        }
    }
}

/// The offending value, kept in the form Go prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `field.OmitValueType`: nothing printed.
    Omit,
    /// A number, printed bare.
    Int(i64),
    /// A boolean, printed bare.
    Bool(bool),
    /// A string, or a named string type such as a policy, printed with
    /// Go's `%q` (`%#v` of a named string type prints the same).
    Str(String),
    /// A map or slice, already in Go's `%#v` form (`ErrorBody`'s fallback).
    Go(String),
    /// A struct, printed as Go's `json.Marshal` of the value: upstream
    /// prints structs with `%#v` of internal types (with pointer addresses),
    /// which cannot be reproduced.
    Json(String),
}

impl Value {
    /// A struct rendered as JSON (see [`Value::Json`]).
    pub fn json<T: serde::Serialize + ?Sized>(v: &T) -> Self {
        Value::Json(go_json(v))
    }

    /// Go's `%#v` of a `map[string]string`: keys sorted, `(nil)` when unset.
    pub fn go_string_map(map: Option<&BTreeMap<String, String>>) -> Self {
        let Some(map) = map else {
            return Value::Go("map[string]string(nil)".to_string());
        };
        let entries: Vec<String> = map
            .iter()
            .map(|(k, v)| format!("{}:{}", go_quote(k), go_quote(v)))
            .collect();
        Value::Go(format!("map[string]string{{{}}}", entries.join(", ")))
    }

    /// Go's `%#v` of an `[]int32`.
    pub fn go_int32_slice(values: &[i32]) -> Self {
        let items: Vec<String> = values.iter().map(i32::to_string).collect();
        Value::Go(format!("[]int32{{{}}}", items.join(", ")))
    }
}

/// Go's `json.Marshal` output for a value.
pub fn go_json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    let text = serde_json::to_string(v).unwrap_or_else(|_| "null".to_string());
    // Go's encoder escapes these for HTML safety; they occur only inside strings.
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// One validation failure (`field.Error`). `Display` is exactly kubectl's
/// line, e.g. `spec.completions: Invalid value: -1: must be greater than or
/// equal to 0`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field, e.g. `spec.completions`.
    pub path: String,
    /// What is wrong.
    pub kind: ErrorKind,
    /// The offending value.
    pub value: Value,
    /// The explanation ("" for none).
    pub detail: String,
}

impl FieldError {
    /// `field.Required`.
    pub fn required(path: &Path, detail: impl Into<String>) -> Self {
        Self::new(path, ErrorKind::Required, Value::Omit, detail)
    }

    /// `field.Invalid`.
    pub fn invalid(path: &Path, value: Value, detail: impl Into<String>) -> Self {
        Self::new(path, ErrorKind::Invalid, value, detail)
    }

    /// `field.NotSupported` with its "supported values" list.
    pub fn not_supported(path: &Path, value: Value, valid: &[&str]) -> Self {
        let detail = if valid.is_empty() {
            String::new()
        } else {
            let quoted: Vec<String> = valid.iter().map(|v| go_quote(v)).collect();
            format!("supported values: {}", quoted.join(", "))
        };
        Self::new(path, ErrorKind::NotSupported, value, detail)
    }

    /// `field.NotFound`.
    pub fn not_found(path: &Path, value: Value) -> Self {
        Self::new(path, ErrorKind::NotFound, value, "")
    }

    /// `field.Duplicate`.
    pub fn duplicate(path: &Path, value: Value) -> Self {
        Self::new(path, ErrorKind::Duplicate, value, "")
    }

    /// `field.Forbidden`.
    pub fn forbidden(path: &Path, detail: impl Into<String>) -> Self {
        Self::new(path, ErrorKind::Forbidden, Value::Omit, detail)
    }

    /// `field.TooLong` (the value is never printed).
    pub fn too_long(path: &Path, max_length: usize) -> Self {
        let unit = if max_length == 1 { "byte" } else { "bytes" };
        Self::new(
            path,
            ErrorKind::TooLong,
            Value::Omit,
            format!("may not be more than {max_length} {unit}"),
        )
    }

    /// `field.TooMany`.
    pub fn too_many(path: &Path, actual: usize, max: usize) -> Self {
        let unit = if max == 1 { "item" } else { "items" };
        Self::new(
            path,
            ErrorKind::TooMany,
            Value::Int(i64::try_from(actual).unwrap_or(i64::MAX)),
            format!("must have at most {max} {unit}"),
        )
    }

    fn new(path: &Path, kind: ErrorKind, value: Value, detail: impl Into<String>) -> Self {
        FieldError {
            path: path.to_string(),
            kind,
            value,
            detail: detail.into(),
        }
    }

    /// `ErrorBody`: the message without the field path.
    pub fn body(&self) -> String {
        let mut s = self.kind.as_str().to_string();
        let shows_value = !matches!(
            self.kind,
            ErrorKind::Required | ErrorKind::Forbidden | ErrorKind::TooLong | ErrorKind::Internal
        );
        if shows_value {
            match &self.value {
                Value::Omit => {}
                Value::Int(i) => s.push_str(&format!(": {i}")),
                Value::Bool(b) => s.push_str(&format!(": {b}")),
                Value::Str(v) => s.push_str(&format!(": {}", go_quote(v))),
                Value::Go(g) => s.push_str(&format!(": {g}")),
                Value::Json(j) => s.push_str(&format!(": {j}")),
            }
        }
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.body())
    }
}

impl std::error::Error for FieldError {}

/// Every error a validation found, in upstream's order, duplicates removed
/// (`ErrorList.ToAggregate`). `Display` is Go's aggregate form: the message
/// alone for one error, `[a, b]` for several.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    /// Builds the list, dropping errors whose message repeats an earlier one.
    pub fn new(errors: Vec<FieldError>) -> Self {
        let mut seen = rustc_hash::FxHashSet::default();
        ValidationErrors(
            errors
                .into_iter()
                .filter(|e| seen.insert(e.to_string()))
                .collect(),
        )
    }

    /// The errors.
    pub fn errors(&self) -> &[FieldError] {
        &self.0
    }

    /// Each error's message.
    pub fn messages(&self) -> Vec<String> {
        self.0.iter().map(ToString::to_string).collect()
    }

    /// What `kubectl create` prints for this rejection, e.g.
    /// `The Job "pi" is invalid: spec.completions: Invalid value: ...`.
    pub fn kubectl_message(&self, kind: &str, name: &str) -> String {
        let prefix = format!("The {kind} {} is invalid: ", go_quote(name));
        match self.0.as_slice() {
            [one] => format!("{prefix}{one}"),
            many => {
                let mut s = prefix;
                for e in many {
                    s.push_str("\n* ");
                    s.push_str(&e.to_string());
                }
                s
            }
        }
    }

    pub(crate) fn into_result(errors: Vec<FieldError>) -> Result<(), ValidationErrors> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors::new(errors))
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [one] => write!(f, "{one}"),
            many => {
                f.write_str("[")?;
                for (i, e) in many.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{e}")?;
                }
                f.write_str("]")
            }
        }
    }
}

impl std::error::Error for ValidationErrors {}

pub use crate::schedule::go_quote;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_go() {
        let p = Path::new("spec").child("completions");
        assert_eq!(
            FieldError::invalid(&p, Value::Int(-1), "must be greater than or equal to 0")
                .to_string(),
            "spec.completions: Invalid value: -1: must be greater than or equal to 0"
        );
        let rp = Path::new("spec").child("template.spec.restartPolicy");
        assert_eq!(
            FieldError::not_supported(&rp, Value::Str("Always".into()), &["OnFailure", "Never"])
                .to_string(),
            "spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\""
        );
        assert_eq!(
            FieldError::required(&p, "").to_string(),
            "spec.completions: Required value"
        );
        assert_eq!(go_quote("a\"b\n\u{1}é"), "\"a\\\"b\\n\\x01é\"");
        assert_eq!(
            FieldError::too_many(&p.index(0), 21, 20).to_string(),
            "spec.completions[0]: Too many: 21: must have at most 20 items"
        );
    }
}
