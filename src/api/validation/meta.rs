//! Object metadata, names, labels and selectors
//! (`apimachinery/pkg/api/validation`, `pkg/util/validation`,
//! `pkg/apis/meta/v1/validation`).

use std::collections::{BTreeMap, BTreeSet};

use super::field::{go_quote, FieldError, Path, Value};
use crate::api::{LabelSelector, ObjectMeta, OwnerReference, Time};

const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL_ERR: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT: &str =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1123_SUBDOMAIN_ERR: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const LABEL_KEY_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_KEY_ERR: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const LABEL_VALUE_ERR: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/// `DNS1123LabelMaxLength`.
pub const DNS1123_LABEL_MAX_LENGTH: usize = 63;
/// `DNS1123SubdomainMaxLength`.
pub const DNS1123_SUBDOMAIN_MAX_LENGTH: usize = 253;
/// `TotalAnnotationSizeLimitB`.
const TOTAL_ANNOTATION_SIZE_LIMIT: usize = 256 * 1024;

/// `MaxLenError`.
pub fn max_len_error(length: usize) -> String {
    format!("must be no more than {length} characters")
}

/// `RegexError`.
pub fn regex_error(msg: &str, fmt: &str, examples: &[&str]) -> String {
    if examples.is_empty() {
        return format!("{msg} (regex used for validation is '{fmt}')");
    }
    let mut s = format!("{msg} (e.g. ");
    for (i, e) in examples.iter().enumerate() {
        if i > 0 {
            s.push_str(" or ");
        }
        s.push_str(&format!("'{e}', "));
    }
    s.push_str(&format!("regex used for validation is '{fmt}')"));
    s
}

fn is_lower_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

fn matches_dns_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && is_lower_alnum(b[0])
        && is_lower_alnum(b[b.len() - 1])
        && b.iter().all(|&c| is_lower_alnum(c) || c == b'-')
}

/// Dot-separated DNS labels, in one pass: each label starts and ends with
/// a lower-case alphanumeric (a selector's key prefix is checked every sync).
fn matches_dns_subdomain(s: &str) -> bool {
    let mut prev = b'.';
    for &c in s.as_bytes() {
        let ok = match c {
            b'.' => is_lower_alnum(prev),
            b'-' => prev != b'.',
            c => is_lower_alnum(c),
        };
        if !ok {
            return false;
        }
        prev = c;
    }
    is_lower_alnum(prev)
}

fn matches_label_key_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// `IsDNS1123Label`.
pub fn is_dns1123_label(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > DNS1123_LABEL_MAX_LENGTH {
        errs.push(max_len_error(DNS1123_LABEL_MAX_LENGTH));
    }
    if !matches_dns_label(value) {
        if matches_dns_subdomain(value) {
            errs.push("must not contain dots".to_string());
        } else {
            errs.push(regex_error(
                DNS1123_LABEL_ERR,
                DNS1123_LABEL_FMT,
                &["my-name", "123-abc"],
            ));
        }
    }
    errs
}

/// `IsDNS1123Subdomain`.
pub fn is_dns1123_subdomain(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > DNS1123_SUBDOMAIN_MAX_LENGTH {
        errs.push(max_len_error(DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    if !matches_dns_subdomain(value) {
        errs.push(regex_error(
            DNS1123_SUBDOMAIN_ERR,
            DNS1123_SUBDOMAIN_FMT,
            &["example.com"],
        ));
    }
    errs
}

/// `IsQualifiedName` / `content.IsLabelKey`.
pub fn is_qualified_name(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let (prefix, name) = match value.split_once('/') {
        None => (None, value),
        Some((prefix, name)) => (Some(prefix), name),
    };
    let name = match prefix {
        None => name,
        Some(prefix) if !name.contains('/') => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                errs.extend(
                    is_dns1123_subdomain(prefix)
                        .into_iter()
                        .map(|m| format!("prefix part {m}")),
                );
            }
            name
        }
        Some(_) => {
            errs.push(format!(
                "a valid label key {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(LABEL_KEY_ERR, LABEL_KEY_FMT, &["MyName", "my.name", "123-abc"])
            ));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push(format!("name part {}", max_len_error(63)));
    }
    if !matches_label_key_name(name) {
        errs.push(format!(
            "name part {}",
            regex_error(
                LABEL_KEY_ERR,
                LABEL_KEY_FMT,
                &["MyName", "my.name", "123-abc"]
            )
        ));
    }
    errs
}

/// `IsValidLabelValue`.
pub fn is_valid_label_value(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !value.is_empty() && !matches_label_key_name(value) {
        errs.push(regex_error(
            LABEL_VALUE_ERR,
            LABEL_VALUE_FMT,
            &["MyValue", "my_value", "12345"],
        ));
    }
    errs
}

/// `NameIsDNSSubdomain` (= `ValidateReplicationControllerName`, used for Jobs
/// and CronJobs); a generateName prefix may end in '-'.
pub fn name_is_dns_subdomain(name: &str, prefix: bool) -> Vec<String> {
    if prefix {
        is_dns1123_subdomain(&mask_trailing_dash(name))
    } else {
        is_dns1123_subdomain(name)
    }
}

/// `maskTrailingDash`, byte for byte as upstream (it replaces the last two
/// bytes by "a").
fn mask_trailing_dash(name: &str) -> String {
    if name.len() > 1 && name.ends_with('-') {
        let cut = name.len() - 2;
        match name.get(..cut) {
            Some(head) => format!("{head}a"),
            // A multi-byte character before the dash: keep it invalid.
            None => format!("{}a", &name[..name.len() - 1]),
        }
    } else {
        name.to_string()
    }
}

/// `ValidateLabels`.
pub fn validate_labels(labels: Option<&BTreeMap<String, String>>, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (k, v) in labels.into_iter().flatten() {
        for msg in is_qualified_name(k) {
            errs.push(FieldError::invalid(path, Value::Str(k.clone()), msg));
        }
        for msg in is_valid_label_value(v) {
            errs.push(FieldError::invalid(path, Value::Str(v.clone()), msg));
        }
    }
    errs
}

/// `ValidateAnnotations`.
pub fn validate_annotations(
    annotations: Option<&BTreeMap<String, String>>,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut total = 0usize;
    for (k, v) in annotations.into_iter().flatten() {
        for msg in is_qualified_name(&k.to_lowercase()) {
            errs.push(FieldError::invalid(path, Value::Str(k.clone()), msg));
        }
        total = total.saturating_add(k.len()).saturating_add(v.len());
    }
    if total > TOTAL_ANNOTATION_SIZE_LIMIT {
        errs.push(FieldError::too_long(path, TOTAL_ANNOTATION_SIZE_LIMIT));
    }
    errs
}

/// `ValidateObjectMeta` with `requiresNamespace` and the DNS-subdomain name
/// rule. An unset or empty namespace counts as `default`, as kubectl and the
/// API server fill it in.
pub fn validate_object_meta(meta: &ObjectMeta, path: &Path) -> Vec<FieldError> {
    let mut errs = validate_object_meta_with(meta, path, name_is_dns_subdomain);
    // core ValidateObjectMeta: then each finalizer's name (validateKubeFinalizerName).
    errs.extend(validate_kube_finalizer_names(meta, path));
    errs
}

/// `helper.IsStandardFinalizerName`'s set.
const STANDARD_FINALIZERS: &[&str] = &["kubernetes", "orphan", "foregroundDeletion"];

/// `validateKubeFinalizerName` for each finalizer: a name without a `/`
/// must be a standard one.
fn validate_kube_finalizer_names(meta: &ObjectMeta, path: &Path) -> Vec<FieldError> {
    let finalizers_path = path.child("finalizers");
    meta.finalizers
        .iter()
        .flatten()
        .enumerate()
        .filter(|(_, f)| !f.contains('/') && !STANDARD_FINALIZERS.contains(&f.as_str()))
        .map(|(i, f)| {
            FieldError::invalid(
                &finalizers_path.index(i),
                Value::Str(f.clone()),
                "name is neither a standard finalizer name nor is it fully qualified",
            )
        })
        .collect()
}

/// `ValidateFinalizers`: qualified names, and not both `orphan` and
/// `foregroundDeletion`.
fn validate_finalizers(finalizers: Option<&Vec<String>>, path: &Path) -> Vec<FieldError> {
    let finalizers = finalizers.map(Vec::as_slice).unwrap_or(&[]);
    let mut errs = Vec::new();
    for f in finalizers {
        // ValidateFinalizerName.
        for msg in is_qualified_name(f) {
            errs.push(FieldError::invalid(path, Value::Str(f.clone()), msg));
        }
    }
    let has = |name: &str| finalizers.iter().any(|f| f == name);
    if has("orphan") && has("foregroundDeletion") {
        let listed: Vec<String> = finalizers.iter().map(|f| go_quote(f)).collect();
        errs.push(FieldError::invalid(
            path,
            Value::Go(format!("[]string{{{}}}", listed.join(", "))),
            "finalizer orphan and foregroundDeletion cannot be both set",
        ));
    }
    errs
}

/// `rest.BeforeUpdate`'s `validateCommonFields` on an update: the new
/// metadata with the generic name rule, then the accessor update rules.
pub fn validate_common_fields_update(new: &ObjectMeta, old: &ObjectMeta) -> Vec<FieldError> {
    let path = Path::new("metadata");
    let mut errs = validate_object_meta_common(new, &path);
    errs.extend(validate_object_meta_accessor_update(new, old, &path));
    errs
}

/// `ValidateObjectMetaAccessor` as `rest.BeforeUpdate`'s
/// `validateCommonFields` runs it: the generic name rule
/// (`path.ValidatePathSegmentName`) instead of the kind's.
pub fn validate_object_meta_common(meta: &ObjectMeta, path: &Path) -> Vec<FieldError> {
    validate_object_meta_with(meta, path, validate_path_segment_name)
}

/// `NameMayNotBe` / `NameMayNotContain` (`ValidatePathSegmentName`;
/// a generateName prefix may be `.` or `..`).
pub fn validate_path_segment_name(name: &str, prefix: bool) -> Vec<String> {
    if !prefix {
        for illegal in [".", ".."] {
            if name == illegal {
                return vec![format!("may not be '{illegal}'")];
            }
        }
    }
    ["/", "%"]
        .iter()
        .filter(|illegal| name.contains(*illegal))
        .map(|illegal| format!("may not contain '{illegal}'"))
        .collect()
}

fn validate_object_meta_with(
    meta: &ObjectMeta,
    path: &Path,
    name_rule: fn(&str, bool) -> Vec<String>,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if let Some(generate_name) = meta.generate_name.as_deref().filter(|g| !g.is_empty()) {
        for msg in name_rule(generate_name, true) {
            errs.push(FieldError::invalid(
                &path.child("generateName"),
                Value::Str(generate_name.to_string()),
                msg,
            ));
        }
    }
    let name = meta.name();
    if name.is_empty() {
        errs.push(FieldError::required(
            &path.child("name"),
            "name or generateName is required",
        ));
    } else {
        for msg in name_rule(name, false) {
            errs.push(FieldError::invalid(
                &path.child("name"),
                Value::Str(name.to_string()),
                msg,
            ));
        }
    }
    // rest.BeforeCreate (ValidNamespace) fills an empty namespace with the request's.
    if let Some(ns) = meta.namespace.as_deref().filter(|ns| !ns.is_empty()) {
        for msg in is_dns1123_label(ns) {
            errs.push(FieldError::invalid(
                &path.child("namespace"),
                Value::Str(ns.to_string()),
                msg,
            ));
        }
    }
    if let Some(generation) = meta.generation {
        errs.extend(validate_nonnegative(generation, &path.child("generation")));
    }
    errs.extend(validate_labels_annotations_owners(meta, path));
    errs.extend(validate_finalizers(
        meta.finalizers.as_ref(),
        &path.child("finalizers"),
    ));
    errs
}

/// The labels, annotations and owner references that both
/// `ValidateObjectMetaAccessor` and `ValidateObjectMetaAccessorUpdate` check.
fn validate_labels_annotations_owners(meta: &ObjectMeta, path: &Path) -> Vec<FieldError> {
    let mut errs = validate_labels(meta.labels.as_deref(), &path.child("labels"));
    errs.extend(validate_annotations(
        meta.annotations.as_deref(),
        &path.child("annotations"),
    ));
    errs.extend(validate_owner_references(
        meta.owner_references
            .as_deref()
            .map(Vec::as_slice)
            .unwrap_or(&[]),
        &path.child("ownerReferences"),
    ));
    errs
}

/// `ValidateOwnerReferences`: each reference complete and not to an Event,
/// at most one controller.
pub fn validate_owner_references(refs: &[OwnerReference], path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut first_controller: Option<String> = None;
    for r in refs {
        errs.extend(validate_owner_reference(r, path));
        if r.controller == Some(true) {
            let current = format!("{}/{}", r.kind, r.name);
            match &first_controller {
                Some(first) => errs.push(FieldError::invalid(
                    path,
                    Value::json(refs),
                    format!("Only one reference can have Controller set to true. Found \"true\" in references for {first} and {current}"),
                )),
                None => first_controller = Some(current),
            }
        }
    }
    errs
}

/// `validateOwnerReference`.
fn validate_owner_reference(r: &OwnerReference, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    // schema.FromAPIVersionAndKind: an unparsable apiVersion has no version.
    let (group, version) = match r.api_version.as_str() {
        "" | "/" => ("", ""),
        gv => match gv.split_once('/') {
            None => ("", gv),
            Some((g, v)) if !v.contains('/') => (g, v),
            Some(_) => ("", ""),
        },
    };
    if version.is_empty() {
        errs.push(FieldError::invalid(
            &path.child("apiVersion"),
            Value::Str(r.api_version.clone()),
            "version must not be empty",
        ));
    }
    if r.kind.is_empty() {
        errs.push(FieldError::invalid(
            &path.child("kind"),
            Value::Str(r.kind.clone()),
            "kind must not be empty",
        ));
    }
    if r.name.is_empty() {
        errs.push(FieldError::invalid(
            &path.child("name"),
            Value::Str(r.name.clone()),
            "name must not be empty",
        ));
    }
    if r.uid.is_empty() {
        errs.push(FieldError::invalid(
            &path.child("uid"),
            Value::Str(r.uid.clone()),
            "uid must not be empty",
        ));
    }
    // BannedOwners: core/v1 Event.
    if group.is_empty() && version == "v1" && r.kind == "Event" {
        errs.push(FieldError::invalid(
            path,
            Value::json(r),
            "/v1, Kind=Event is disallowed from being an owner",
        ));
    }
    errs
}

/// `FieldImmutableErrorMsg`.
pub const FIELD_IMMUTABLE: &str = "field is immutable";

/// `ValidateImmutableField`: `Invalid(path, new, "field is immutable")` when
/// the values differ (the caller compares, `apiequality.Semantic.DeepEqual`).
pub fn validate_immutable(same: bool, new: Value, path: &Path) -> Vec<FieldError> {
    if same {
        Vec::new()
    } else {
        vec![FieldError::invalid(path, new, FIELD_IMMUTABLE)]
    }
}

/// How `field.Error` prints a pointer: a bare `null` when nil, else the value.
pub fn pointer_value<T>(value: Option<T>, print: impl FnOnce(T) -> Value) -> Value {
    match value {
        None => Value::Go("null".to_string()),
        Some(v) => print(v),
    }
}

/// How `field.Error` prints a `metav1.Time`: its JSON form, RFC 3339 in
/// seconds, or a bare `null` for the zero time.
pub fn time_value(time: Option<&Time>) -> Value {
    match time {
        None => Value::Go("null".to_string()),
        Some(t) => Value::Str(t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
    }
}

/// Stands in for the stored resourceVersion of an object that has none.
const PLACEHOLDER_RESOURCE_VERSION: &str = "1";

/// What the API server sets on the new metadata of an update before
/// validating it (`rest.BeforeUpdate`, `PrepareForUpdate`): the stored
/// resourceVersion (Jobs and CronJobs allow unconditional updates), the
/// request's namespace, the stored generation (one more when the spec
/// changed), the stored uid when none is given, and the stored creation and
/// deletion timestamps and deletion grace period.
pub fn prepare_meta_for_update(new: &mut ObjectMeta, old: &ObjectMeta, spec_changed: bool) {
    if new.resource_version.as_deref().is_none_or(str::is_empty) {
        new.resource_version = Some(
            old.resource_version
                .clone()
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| PLACEHOLDER_RESOURCE_VERSION.to_string()),
        );
    }
    // ValidNamespace: an empty namespace is the request's, here the stored one.
    if new.namespace().is_empty() {
        new.namespace = old.namespace.clone();
    }
    new.generation = if spec_changed {
        Some(old.generation.unwrap_or(0).saturating_add(1))
    } else {
        old.generation
    };
    if new.uid().is_empty() {
        new.uid = old.uid.clone();
    }
    if old.creation_timestamp.is_some() {
        new.creation_timestamp = old.creation_timestamp;
    }
    if old.deletion_timestamp.is_some() {
        new.deletion_timestamp = old.deletion_timestamp;
    }
    if old.deletion_grace_period_seconds.is_some() && new.deletion_grace_period_seconds.is_none() {
        new.deletion_grace_period_seconds = old.deletion_grace_period_seconds;
    }
}

/// `ValidateObjectMetaUpdate` (core: `ValidateObjectMetaAccessorUpdate` and
/// `validateKubeFinalizerName`): no new finalizers once deleting, a
/// resourceVersion, no generation decrement, immutable name, namespace, uid,
/// creation and deletion timestamps and deletion grace period, and the new
/// labels, annotations and owner references.
pub fn validate_object_meta_update(
    new: &ObjectMeta,
    old: &ObjectMeta,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = validate_object_meta_accessor_update(new, old, path);
    // core ValidateObjectMetaUpdate: then each finalizer's name (validateKubeFinalizerName).
    errs.extend(validate_kube_finalizer_names(new, path));
    errs
}

/// apimachinery's `ValidateObjectMetaAccessorUpdate`, as
/// `rest.BeforeUpdate`'s `validateCommonFields` runs it (without the core
/// finalizer-name rule).
pub fn validate_object_meta_accessor_update(
    new: &ObjectMeta,
    old: &ObjectMeta,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    // ValidateNoNewFinalizers, only while the old object is being deleted.
    if old.deletion_timestamp.is_some() {
        let old_finalizers: BTreeSet<&str> = old
            .finalizers
            .iter()
            .flatten()
            .map(String::as_str)
            .collect();
        let extra: BTreeSet<&str> = new
            .finalizers
            .iter()
            .flatten()
            .map(String::as_str)
            .filter(|f| !old_finalizers.contains(f))
            .collect();
        if !extra.is_empty() {
            let listed: Vec<String> = extra.iter().map(|f| go_quote(f)).collect();
            errs.push(FieldError::forbidden(
                &path.child("finalizers"),
                format!(
                    "no new finalizers can be added if the object is being deleted, found new finalizers []string{{{}}}",
                    listed.join(", ")
                ),
            ));
        }
    }
    let resource_version = new.resource_version.as_deref().unwrap_or("");
    if resource_version.is_empty() {
        errs.push(FieldError::invalid(
            &path.child("resourceVersion"),
            Value::Str(resource_version.to_string()),
            "must be specified for an update",
        ));
    }
    let (new_gen, old_gen) = (new.generation.unwrap_or(0), old.generation.unwrap_or(0));
    if new_gen < old_gen {
        errs.push(FieldError::invalid(
            &path.child("generation"),
            Value::Int(new_gen),
            "must not be decremented",
        ));
    }
    errs.extend(validate_immutable(
        new.name() == old.name(),
        Value::Str(new.name().to_string()),
        &path.child("name"),
    ));
    errs.extend(validate_immutable(
        new.namespace() == old.namespace(),
        Value::Str(new.namespace().to_string()),
        &path.child("namespace"),
    ));
    errs.extend(validate_immutable(
        new.uid() == old.uid(),
        Value::Str(new.uid().to_string()),
        &path.child("uid"),
    ));
    // metav1.Time is a value: unset is the zero time.
    errs.extend(validate_immutable(
        new.creation_timestamp == old.creation_timestamp,
        time_value(new.creation_timestamp.as_ref()),
        &path.child("creationTimestamp"),
    ));
    errs.extend(validate_immutable(
        new.deletion_timestamp == old.deletion_timestamp,
        time_value(new.deletion_timestamp.as_ref()),
        &path.child("deletionTimestamp"),
    ));
    errs.extend(validate_immutable(
        new.deletion_grace_period_seconds == old.deletion_grace_period_seconds,
        pointer_value(new.deletion_grace_period_seconds, Value::Int),
        &path.child("deletionGracePeriodSeconds"),
    ));
    errs.extend(validate_labels_annotations_owners(new, path));
    errs
}

/// `ValidateNonnegativeField`.
pub fn validate_nonnegative(value: i64, path: &Path) -> Vec<FieldError> {
    if value < 0 {
        vec![FieldError::invalid(
            path,
            Value::Int(value),
            "must be greater than or equal to 0",
        )]
    } else {
        Vec::new()
    }
}

/// `ValidateLabelSelector` (metav1 validation).
pub fn validate_label_selector(selector: &LabelSelector, path: &Path) -> Vec<FieldError> {
    validate_label_selector_with(selector, path, false)
}

/// `LabelSelectorHasInvalidLabelValue`: a matchExpressions value that is not
/// a valid label value.
pub fn label_selector_has_invalid_label_value(selector: Option<&LabelSelector>) -> bool {
    selector.is_some_and(|s| {
        s.match_expressions
            .iter()
            .flatten()
            .flat_map(|req| req.values.iter().flatten())
            .any(|v| !is_valid_label_value(v).is_empty())
    })
}

/// `ValidateLabelSelector` with `AllowInvalidLabelValueInSelector` (set on
/// update when the stored selector already had such a value).
pub fn validate_label_selector_with(
    selector: &LabelSelector,
    path: &Path,
    allow_invalid_label_value: bool,
) -> Vec<FieldError> {
    // ValidateLabelSelector: matchLabels first, then each of matchExpressions.
    let mut errs = validate_labels(selector.match_labels.as_ref(), &path.child("matchLabels"));
    for (i, req) in selector.match_expressions.iter().flatten().enumerate() {
        let rp = path.child("matchExpressions").index(i);
        let values = req.values.as_deref().unwrap_or(&[]);
        match req.operator.as_str() {
            "In" | "NotIn" => {
                if values.is_empty() {
                    errs.push(FieldError::required(
                        &rp.child("values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    ));
                }
            }
            "Exists" | "DoesNotExist" => {
                if !values.is_empty() {
                    errs.push(FieldError::forbidden(
                        &rp.child("values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    ));
                }
            }
            other => errs.push(FieldError::invalid(
                &rp.child("operator"),
                Value::Str(other.to_string()),
                "not a valid selector operator",
            )),
        }
        for msg in is_qualified_name(&req.key) {
            errs.push(FieldError::invalid(
                &rp.child("key"),
                Value::Str(req.key.clone()),
                msg,
            ));
        }
        // ValidateLabelSelectorRequirement skips values under AllowInvalidLabelValueInSelector.
        for (j, v) in values
            .iter()
            .enumerate()
            .filter(|_| !allow_invalid_label_value)
        {
            for msg in is_valid_label_value(v) {
                errs.push(FieldError::invalid(
                    &rp.child("values").index(j),
                    Value::Str(v.clone()),
                    msg,
                ));
            }
        }
    }
    errs
}

/// Whether `metav1.LabelSelectorAsSelector` would accept the selector; when
/// it fails upstream skips the "selector matches labels" checks.
pub fn selector_convertible(selector: &LabelSelector) -> bool {
    let labels_ok = selector
        .match_labels
        .iter()
        .flatten()
        .all(|(k, v)| is_qualified_name(k).is_empty() && is_valid_label_value(v).is_empty());
    let exprs_ok = selector.match_expressions.iter().flatten().all(|req| {
        let values = req.values.as_deref().unwrap_or(&[]);
        let op_ok = match req.operator.as_str() {
            "In" | "NotIn" => !values.is_empty(),
            "Exists" | "DoesNotExist" => values.is_empty(),
            _ => false,
        };
        op_ok
            && is_qualified_name(&req.key).is_empty()
            && values.iter().all(|v| is_valid_label_value(v).is_empty())
    });
    labels_ok && exprs_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_dns1123_subdomain("pi.example").is_empty());
        assert_eq!(
            is_dns1123_subdomain("Pi"),
            vec!["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]
        );
        assert_eq!(is_dns1123_label("a.b"), vec!["must not contain dots"]);
        assert!(name_is_dns_subdomain("pi-", true).is_empty());
        assert!(!name_is_dns_subdomain("pi-", false).is_empty());
        assert!(is_qualified_name("batch.kubernetes.io/job-name").is_empty());
        assert_eq!(is_qualified_name("a/b/c").len(), 1);
        assert!(is_valid_label_value("").is_empty());
        assert_eq!(is_valid_label_value("-x").len(), 1);
    }

    #[test]
    fn one_pass_subdomain_matches_the_label_by_label_definition() {
        // Every string of up to five characters over a telling alphabet.
        let alphabet = ['a', '0', '-', '.', 'A'];
        let mut strings = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|p| alphabet.iter().map(move |c| format!("{p}{c}")))
                .collect();
            strings.extend(last.iter().cloned());
        }
        for s in &strings {
            let by_labels = s.split('.').all(matches_dns_label);
            assert_eq!(matches_dns_subdomain(s), by_labels, "{s:?}");
        }
        assert!(matches_dns_subdomain("batch.kubernetes.io"));
        assert!(!matches_dns_subdomain("a..b"));
    }
}
