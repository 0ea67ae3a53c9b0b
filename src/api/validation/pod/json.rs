//! Reading the verbatim pod fields: a field of the wrong JSON type counts
//! as unset (the typed decode the API server does first is not mirrored).

use serde_json::Value as Json;

/// A string field, "" when unset.
pub fn text<'a>(v: &'a Json, key: &str) -> &'a str {
    v.get(key).and_then(Json::as_str).unwrap_or("")
}

/// An integer field.
pub fn int(v: &Json, key: &str) -> Option<i64> {
    v.get(key).and_then(Json::as_i64)
}

/// An object-valued field that is set (not null).
pub fn obj<'a>(v: &'a Json, key: &str) -> Option<&'a Json> {
    v.get(key).filter(|x| x.is_object())
}

/// The items of an array field.
pub fn items<'a>(v: &'a Json, key: &str) -> &'a [Json] {
    v.get(key)
        .and_then(Json::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Each item's `name` and `path_key` of an array field (volume mounts and
/// devices, which `ValidateVolumeMounts` / `ValidateVolumeDevices` compare).
pub fn name_paths<'a>(v: &'a Json, key: &str, path_key: &str) -> Vec<(&'a str, &'a str)> {
    items(v, key)
        .iter()
        .map(|item| (text(item, "name"), text(item, path_key)))
        .collect()
}
