//! Manifests: YAML (multi-document) or JSON text holding `batch/v1` Jobs and
//! CronJobs, either as single objects or inside a `v1` `List`.
//!
//! [`load_str`] is pure (text in, typed objects out); [`load_path`] is the
//! file-reading convenience the CLI uses. YAML parsing runs under a budget so a
//! hostile document (e.g. "billion laughs" alias expansion) fails fast instead
//! of exhausting memory.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::decode::{self, Root};
use crate::api::{default_cronjob, default_job, CronJob, Job};

/// A Kubernetes object kbatch understands.
// Both variants are large (a CronJob embeds a JobSpec); boxing would only
// make matching on loaded objects clumsier.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Object {
    /// A `batch/v1` Job.
    Job(Job),
    /// A `batch/v1` CronJob.
    CronJob(CronJob),
}

impl Object {
    /// `kind` as the API writes it.
    pub fn kind(&self) -> &'static str {
        match self {
            Object::Job(_) => "Job",
            Object::CronJob(_) => "CronJob",
        }
    }

    /// `metadata.name` ("" when unset).
    pub fn name(&self) -> &str {
        match self {
            Object::Job(j) => j.metadata.name(),
            Object::CronJob(c) => c.metadata.name(),
        }
    }

    /// `metadata.namespace`, `default` when unset or empty (as the API
    /// server fills it from a request to the default namespace).
    pub fn namespace(&self) -> &str {
        let meta = match self {
            Object::Job(j) => &j.metadata,
            Object::CronJob(c) => &c.metadata,
        };
        meta.namespace
            .as_deref()
            .filter(|n| !n.is_empty())
            .unwrap_or("default")
    }
}

/// Reads one object, choosing the variant by `apiVersion`/`kind` (as
/// [`load_str`] does for each document).
impl<'de> Deserialize<'de> for Object {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = Value::deserialize(d)?;
        decode_object(0, None, value, FieldValidation::Ignore, &mut Vec::new())
            .map_err(D::Error::custom)
    }
}

/// Why a manifest could not be loaded. Document indexes count from 0 in the
/// order documents appear; `item` is the index inside a `List`.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// The YAML text is malformed or exceeds the parsing budget.
    #[error("YAML error{}: {message}", at_line(*.line, *.column))]
    Yaml {
        /// 1-based line, when the parser knows it.
        line: Option<u64>,
        /// 1-based column, when the parser knows it.
        column: Option<u64>,
        /// The parser's message.
        message: String,
    },
    /// The JSON text is malformed.
    #[error("JSON error at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A document is not a mapping.
    #[error("{}: expected an object, found {found}", at_doc(*.document, *.item))]
    NotAnObject {
        /// Document index.
        document: usize,
        /// Index inside a `List`.
        item: Option<usize>,
        /// What was found instead (e.g. "a sequence").
        found: &'static str,
    },
    /// An object with a kind/apiVersion kbatch does not handle.
    #[error(
        "{}: unsupported object apiVersion {api_version:?}, kind {kind:?} (expected batch/v1 Job or CronJob, or a v1 List of them)",
        at_doc(*.document, *.item)
    )]
    UnsupportedKind {
        /// Document index.
        document: usize,
        /// Index inside a `List`.
        item: Option<usize>,
        /// `apiVersion` as written ("" when missing).
        api_version: String,
        /// `kind` as written ("" when missing).
        kind: String,
    },
    /// A Job or CronJob whose fields have the wrong shape (e.g. a string
    /// where a number belongs).
    #[error("{}: {kind}: {message}", at_doc(*.document, *.item))]
    Decode {
        /// Document index.
        document: usize,
        /// Index inside a `List`.
        item: Option<usize>,
        /// The object's kind.
        kind: &'static str,
        /// The decoder's message.
        message: String,
    },
    /// Fields no Go struct has, under strict field validation (kubectl's
    /// default): the API server's `strict decoding error`.
    #[error("{}: {kind}: {message}", at_doc(*.document, *.item))]
    UnknownFields {
        /// Document index.
        document: usize,
        /// Index inside a `List`.
        item: Option<usize>,
        /// The object's kind.
        kind: &'static str,
        /// `strict decoding error: unknown field "…", …`.
        message: String,
    },
    /// The text is YAML but the crate was built without the `yaml` feature.
    #[error("YAML input needs the `yaml` feature (only JSON is available)")]
    YamlDisabled,
    /// Reading a manifest file failed.
    #[error("reading {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

fn at_line(line: Option<u64>, column: Option<u64>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(" at line {l}, column {c}"),
        (Some(l), None) => format!(" at line {l}"),
        _ => String::new(),
    }
}

fn at_doc(document: usize, item: Option<usize>) -> String {
    match item {
        Some(i) => format!("document {document}, List item {i}"),
        None => format!("document {document}"),
    }
}

/// Loads every Job and CronJob in a YAML or JSON text. JSON (one object or a
/// stream of them) is recognised by a leading `{` or `[`, falling back to
/// YAML; anything else is read as (multi-document) YAML.
/// Empty documents are skipped; unknown fields are ignored ([`load_str_with`]
/// applies kubectl's field validation); a value of the wrong JSON type fails
/// with the API server's decode error (`api::decode`).
pub fn load_str(text: &str) -> Result<Vec<Object>, ManifestError> {
    let docs = parse_documents(text)?;
    let mut sink = Sink::new(FieldValidation::Ignore, false);
    for (document, doc) in docs.into_iter().enumerate() {
        decode_document(document, doc, &mut sink)?;
    }
    Ok(sink.loaded.objects)
}

/// An object of another kind that [`load_str_skipping_others`] left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Document index (from 0).
    pub document: usize,
    /// Index inside a `List`.
    pub item: Option<usize>,
    /// `apiVersion` as written.
    pub api_version: String,
    /// `kind` as written.
    pub kind: String,
    /// `metadata.name` ("" when unset).
    pub name: String,
}

/// As [`load_str`], for a file `kubectl apply` would take whole: objects of
/// other kinds (a ConfigMap, Service or ServiceAccount next to the Jobs) are
/// left out and listed instead of failing the load. A Job or CronJob under
/// another `apiVersion` (`batch/v1beta1`, removed in 1.25) and a document
/// without `apiVersion` or `kind` are still errors.
pub fn load_str_skipping_others(text: &str) -> Result<(Vec<Object>, Vec<Skipped>), ManifestError> {
    let loaded = load_str_with(text, FieldValidation::Ignore)?;
    Ok((loaded.objects, loaded.skipped))
}

/// kubectl's `--validate`: what the API server does with fields no Go
/// struct has (server-side field validation). Type errors reject the
/// object whatever this says.
/// As a CLI value: kubectl's `--validate` words (`true` is `strict`,
/// `false` is `ignore`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum FieldValidation {
    /// Reject the object: `strict decoding error: unknown field "…"`
    /// (kubectl's default).
    #[default]
    #[cfg_attr(feature = "cli", value(alias = "true"))]
    Strict,
    /// Accept it and warn about each unknown field.
    Warn,
    /// Accept it silently.
    #[cfg_attr(feature = "cli", value(alias = "false"))]
    Ignore,
}

/// What [`load_str_with`] read.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The Jobs and CronJobs, in order.
    pub objects: Vec<Object>,
    /// Objects of other kinds, left out.
    pub skipped: Vec<Skipped>,
    /// With [`FieldValidation::Warn`]: one line per unknown field.
    pub warnings: Vec<String>,
}

/// As [`load_str_skipping_others`], decoding each object as the API server
/// does (`api::decode`): type errors in Go's words, and unknown fields
/// handled as `fields` says.
pub fn load_str_with(text: &str, fields: FieldValidation) -> Result<Loaded, ManifestError> {
    let docs = parse_documents(text)?;
    let mut sink = Sink::new(fields, true);
    for (document, doc) in docs.into_iter().enumerate() {
        decode_document(document, doc, &mut sink)?;
    }
    Ok(sink.loaded)
}

/// Where decoded documents go.
struct Sink {
    loaded: Loaded,
    fields: FieldValidation,
    skip_others: bool,
}

impl Sink {
    fn new(fields: FieldValidation, skip_others: bool) -> Self {
        Sink {
            loaded: Loaded::default(),
            fields,
            skip_others,
        }
    }
}

/// Reads a manifest file and loads it with [`load_str`].
pub fn load_path(path: impl AsRef<Path>) -> Result<Vec<Object>, ManifestError> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|source| ManifestError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    load_str(&text)
}

/// Serialises objects as a kubectl-ready JSON text: one object alone, several
/// as a `v1` `List`.
pub fn to_json(objects: &[Object]) -> String {
    let value = match objects {
        [one] => serde_json::to_value(one),
        many => serde_json::to_value(List {
            api_version: "v1",
            kind: "List",
            items: many,
        }),
    };
    // Our types serialise to plain JSON maps; failure would be a bug in them.
    value
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_default()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct List<'a> {
    api_version: &'static str,
    kind: &'static str,
    items: &'a [Object],
}

/// Feeds untrusted bytes through loading, API-server defaulting and
/// validation, discarding the outcome: the fuzz target's body. It must never
/// panic, whatever the input.
pub fn check_untrusted(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = load_str_skipping_others(text);
    let warned = load_str_with(text, FieldValidation::Warn);
    let Ok(objects) = load_str(text) else {
        return;
    };
    // Warn differs from the permissive load only in what it reports.
    debug_assert_eq!(
        warned.map(|l| l.objects).ok().as_ref(),
        Some(&objects),
        "Warn must load what the permissive load accepts"
    );
    let mut previous: Option<Object> = None;
    for object in objects {
        let _ = crate::api::validation::validate_object(&object);
        let _ = crate::api::validation::warnings_for_object(&object);
        // Each object also as an update of the one before it (same kind).
        match (&object, &previous) {
            (Object::Job(new), Some(Object::Job(old))) => {
                let _ = crate::api::validation::validate_job_update(new, old);
                let _ = crate::api::validation::warnings_for_job_update(new, old);
            }
            (Object::CronJob(new), Some(Object::CronJob(old))) => {
                let _ = crate::api::validation::validate_cronjob_update(new, old);
                let _ = crate::api::validation::warnings_for_cronjob_update(new, old);
            }
            _ => {}
        }
        previous = Some(object.clone());
        // Round-trip invariant: what loads re-loads from its JSON unchanged.
        let reloaded = load_str(&to_json(std::slice::from_ref(&object)));
        debug_assert_eq!(
            reloaded.ok(),
            Some(vec![object.clone()]),
            "a loaded object must re-load unchanged from its JSON"
        );
        match object {
            Object::Job(mut job) => default_job(&mut job),
            Object::CronJob(mut cj) => default_cronjob(&mut cj),
        }
    }
}

/// RFC 7386 JSON merge patch (`kubectl patch --type merge`): objects merge
/// key by key, `null` removes, anything else (lists too) replaces.
pub fn merge_patch(target: &mut Value, patch: Value) {
    let Value::Object(patch) = patch else {
        *target = patch;
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    if let Value::Object(target) = target {
        for (key, value) in patch {
            if value.is_null() {
                target.remove(&key);
            } else {
                merge_patch(target.entry(key).or_insert(Value::Null), value);
            }
        }
    }
}

/// kubectl sends the JSON it writes from what it read, and Go's encoder
/// writes a whole float64 (`2.0`, `1e3` in YAML or JSON) as an integer, which
/// an int32 field then accepts.
fn whole_numbers_as_integers(v: &mut Value) {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    match v {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            if f.fract() == 0.0 && f.abs() < 1e21 {
                if (-TWO_63..TWO_63).contains(&f) {
                    *v = Value::from(f as i64);
                } else if (0.0..2.0 * TWO_63).contains(&f) {
                    *v = Value::from(f as u64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

fn parse_documents(text: &str) -> Result<Vec<Value>, ManifestError> {
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        // A YAML flow mapping also starts with '{': fall back to YAML, but
        // report the JSON error if that fails too.
        return parse_json(trimmed).or_else(|json_err| match parse_yaml(text) {
            Ok(docs) => Ok(docs),
            Err(_) => Err(json_err),
        });
    }
    parse_yaml(text)
}

fn parse_json(text: &str) -> Result<Vec<Value>, ManifestError> {
    let mut docs = Vec::new();
    for doc in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
        match doc {
            Ok(v) => docs.push(v),
            Err(e) => {
                return Err(ManifestError::Json {
                    line: e.line(),
                    column: e.column(),
                    message: strip_json_position(&e),
                })
            }
        }
    }
    Ok(docs)
}

fn strip_json_position(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    full.strip_suffix(&suffix).unwrap_or(&full).to_string()
}

#[cfg(feature = "yaml")]
fn parse_yaml(text: &str) -> Result<Vec<Value>, ManifestError> {
    // Limits far above any real Job/CronJob manifest file but small enough
    // that parsing a hostile text stays in milliseconds and megabytes.
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 500_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_recorded_anchor_events: 100_000,
            max_recorded_anchor_bytes: 4 * 1024 * 1024,
            max_depth: 64,
            max_documents: 1_024,
            max_nodes: 200_000,
            max_total_scalar_bytes: 16 * 1024 * 1024,
            max_merge_keys: 1_000,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: 16,
            max_alias_expansions_per_anchor: 1_000,
        },
        with_snippet: false,
        // go-yaml (YAML 1.1), which kubectl reads with: `mode: 0644` is octal 420.
        legacy_octal_numbers: true,
    };
    let mut text = std::borrow::Cow::Borrowed(text);
    // Each retry rewrites one double-quoted scalar; a file has few of them.
    for _ in 0..256 {
        let err = match serde_saphyr::from_multiple_with_options::<Value>(&text, options.clone()) {
            // `from_multiple` already skips empty documents; a bare `null` may remain.
            Ok(docs) => return Ok(docs.into_iter().filter(|d| !d.is_null()).collect()),
            Err(e) => e,
        };
        let location = err.location();
        let message = err.without_snippet().to_string();
        let rewritten = location
            .filter(|_| message.contains("unknown escape character"))
            .and_then(|l| go_yaml_escapes(&text, l.line(), l.column()));
        match rewritten {
            Some(fixed) => text = std::borrow::Cow::Owned(fixed),
            None => {
                return Err(ManifestError::Yaml {
                    line: location.map(|l| l.line()),
                    column: location.map(|l| l.column()),
                    message,
                })
            }
        }
    }
    Err(ManifestError::Yaml {
        line: None,
        column: None,
        message: "too many escapes to rewrite".to_string(),
    })
}

/// kubectl reads YAML with go-yaml, whose double-quoted scalars also take
/// `\'` for `'` (`yaml_parser_scan_flow_scalar`); YAML 1.2 does not. Given
/// where the parser found such a scalar (1-based line and column of its
/// opening quote), the text with that scalar's `\'` escapes written as `'`,
/// or `None` when there is nothing to rewrite.
#[cfg(feature = "yaml")]
fn go_yaml_escapes(text: &str, line: u64, column: u64) -> Option<String> {
    let line_start = if line <= 1 {
        0
    } else {
        let skip = usize::try_from(line - 1).ok()?;
        text.match_indices('\n').nth(skip - 1)?.0 + 1
    };
    let column = usize::try_from(column.checked_sub(1)?).ok()?;
    let (offset, quote) = text[line_start..].char_indices().nth(column)?;
    if quote != '"' {
        return None;
    }
    let start = line_start + offset + 1;
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    let mut chars = text[start..].char_indices();
    let mut changed = false;
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                out.push_str(&text[start + i..]);
                return changed.then_some(out);
            }
            '\\' => match chars.next() {
                Some((_, '\'')) => {
                    out.push('\'');
                    changed = true;
                }
                Some((_, next)) => {
                    out.push('\\');
                    out.push(next);
                }
                None => return None,
            },
            other => out.push(other),
        }
    }
    None
}

#[cfg(not(feature = "yaml"))]
fn parse_yaml(_text: &str) -> Result<Vec<Value>, ManifestError> {
    Err(ManifestError::YamlDisabled)
}

fn decode_document(document: usize, doc: Value, sink: &mut Sink) -> Result<(), ManifestError> {
    let (api_version, kind) = type_meta(&doc);
    if api_version == "v1" && kind == "List" {
        let items = match doc {
            Value::Object(mut map) => map.remove("items").unwrap_or(Value::Null),
            _ => Value::Null,
        };
        let items = match items {
            Value::Array(items) => items,
            Value::Null => Vec::new(),
            other => {
                return Err(ManifestError::NotAnObject {
                    document,
                    item: None,
                    found: describe(&other),
                })
            }
        };
        for (i, item) in items.into_iter().enumerate() {
            decode_or_skip(document, Some(i), item, sink)?;
        }
        return Ok(());
    }
    decode_or_skip(document, None, doc, sink)
}

/// One object into `out`, or, when `skipped` collects them, an object of a
/// kind other than Job and CronJob into `skipped`.
fn decode_or_skip(
    document: usize,
    item: Option<usize>,
    value: Value,
    sink: &mut Sink,
) -> Result<(), ManifestError> {
    if sink.skip_others {
        let (api_version, kind) = type_meta(&value);
        let other = !api_version.is_empty()
            && !kind.is_empty()
            && kind != "Job"
            && kind != "CronJob"
            && value.is_object();
        if other {
            let name = value
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            sink.loaded.skipped.push(Skipped {
                document,
                item,
                api_version,
                kind,
                name,
            });
            return Ok(());
        }
    }
    let object = decode_object(
        document,
        item,
        value,
        sink.fields,
        &mut sink.loaded.warnings,
    )?;
    sink.loaded.objects.push(object);
    Ok(())
}

fn type_meta(doc: &Value) -> (String, String) {
    let field = |name: &str| {
        doc.get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    (field("apiVersion"), field("kind"))
}

fn decode_object(
    document: usize,
    item: Option<usize>,
    mut value: Value,
    fields: FieldValidation,
    warnings: &mut Vec<String>,
) -> Result<Object, ManifestError> {
    whole_numbers_as_integers(&mut value);
    if !value.is_object() {
        return Err(ManifestError::NotAnObject {
            document,
            item,
            found: describe(&value),
        });
    }
    let (api_version, kind) = type_meta(&value);
    let (kind, root): (&'static str, Root) = match (api_version.as_str(), kind.as_str()) {
        ("batch/v1", "Job") => ("Job", Root::Job),
        ("batch/v1", "CronJob") => ("CronJob", Root::CronJob),
        _ => {
            return Err(ManifestError::UnsupportedKind {
                document,
                item,
                api_version,
                kind,
            })
        }
    };
    let decode_error = |message: String| ManifestError::Decode {
        document,
        item,
        kind,
        message,
    };
    // The API server's decoder first: its type errors and unknown fields.
    let decoded = decode::check(&value, root);
    if let Some(message) = decoded.error {
        return Err(decode_error(message));
    }
    match fields {
        FieldValidation::Strict => {
            if let Some(message) = decoded.strict_message() {
                return Err(ManifestError::UnknownFields {
                    document,
                    item,
                    kind,
                    message,
                });
            }
        }
        FieldValidation::Warn => warnings.extend(
            decoded
                .unknown_field_lines()
                .map(|line| format!("{}: {kind}: {line}", at_doc(document, item))),
        ),
        FieldValidation::Ignore => {}
    }
    let object = match root {
        Root::Job => serde_json::from_value(value).map(Object::Job),
        Root::CronJob => serde_json::from_value(value).map(Object::CronJob),
    };
    object.map_err(|e| decode_error(e.to_string()))
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a sequence",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[cfg(feature = "yaml")]
    #[test]
    fn go_yaml_single_quote_escape_in_double_quotes() {
        // As in the Kubernetes docs' envars-file-container.yaml.
        let text = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: \"a\\'b\"}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        command: ['sh', '-c', \"echo \\\"X=\\'y\\'\\\" \\\\ \\'z\\'\"]\n";
        let objects = load_str(text).expect("go-yaml reads it");
        let Object::Job(job) = &objects[0] else {
            panic!("a Job");
        };
        assert_eq!(job.metadata.name(), "a'b");
        assert_eq!(
            job.spec.template.spec.containers[0].extra.get("command"),
            Some(&serde_json::json!(["sh", "-c", "echo \"X='y'\" \\ 'z'"]))
        );
        // Other unknown escapes are still errors, with their position.
        let bad = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: \"a\\qb\"}\n";
        assert!(matches!(
            load_str(bad),
            Err(ManifestError::Yaml { line: Some(3), .. })
        ));
    }

    #[test]
    fn strings_written_as_numbers_fail_as_the_api_server_decodes_them() {
        let job = |container: &str| {
            format!("apiVersion: batch/v1\nkind: Job\nmetadata: {{name: j}}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{container}]\n")
        };
        let err = |text: &str| load_str(text).expect_err("refused").to_string();
        assert_eq!(
            err(&job("{name: c, image: busybox, env: [{name: PORT, value: 80}]}")),
            "document 0: Job: json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string"
        );
        assert_eq!(
            err(&job("{name: c, image: busybox, command: [sleep, 10]}")),
            "document 0: Job: json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.command of type string"
        );
        let cronjob = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '@daily'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: c, image: busybox, env: [{name: DEBUG, value: true}]}]\n";
        assert_eq!(
            err(cronjob),
            "document 0: CronJob: json: cannot unmarshal bool into Go struct field EnvVar.spec.jobTemplate.spec.template.spec.containers.env.value of type string"
        );
        // Quoted, they load.
        assert!(load_str(&job(
            "{name: c, image: busybox, env: [{name: PORT, value: '80'}], args: ['10']}"
        ))
        .is_ok());
    }

    #[test]
    fn other_kinds_are_skipped_and_listed() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Service, metadata: {name: svc}}\n";
        let (objects, skipped) = load_str_skipping_others(text).expect("loads");
        assert_eq!(objects.len(), 1);
        assert_eq!(objects[0].name(), "j");
        let listed: Vec<(usize, Option<usize>, &str, &str)> = skipped
            .iter()
            .map(|s| (s.document, s.item, s.kind.as_str(), s.name.as_str()))
            .collect();
        assert_eq!(
            listed,
            vec![
                (0, None, "ConfigMap", "cfg"),
                (2, Some(0), "Service", "svc")
            ]
        );
        // load_str still refuses them, and a removed batch API is an error either way.
        assert!(load_str(text).is_err());
        let old = "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\n";
        assert!(matches!(
            load_str_skipping_others(old),
            Err(ManifestError::UnsupportedKind { .. })
        ));
    }

    #[test]
    fn merge_patch_follows_rfc_7386() {
        // RFC 7386's example.
        let mut target = json!({
            "title": "Goodbye!",
            "author": {"givenName": "John", "familyName": "Doe"},
            "tags": ["example", "sample"],
            "content": "This will be unchanged"
        });
        merge_patch(
            &mut target,
            json!({
                "title": "Hello!",
                "phoneNumber": "+01-123-456-7890",
                "author": {"familyName": null},
                "tags": ["example"]
            }),
        );
        assert_eq!(
            target,
            json!({
                "title": "Hello!",
                "author": {"givenName": "John"},
                "tags": ["example"],
                "content": "This will be unchanged",
                "phoneNumber": "+01-123-456-7890"
            })
        );
    }
}
