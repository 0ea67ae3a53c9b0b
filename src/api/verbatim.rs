//! Fields kept as written: the parts of a pod template the controllers never
//! read (images, commands, volumes...). Shared rather than copied, since a
//! template is copied into every Job and pod and those fields never change.

use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A JSON object kept verbatim; cloning shares it, [`Verbatim::to_mut`]
/// copies it first if it is shared.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verbatim(Arc<Map<String, Value>>);

impl Verbatim {
    /// The object, copied first if another clone shares it.
    pub fn to_mut(&mut self) -> &mut Map<String, Value> {
        Arc::make_mut(&mut self.0)
    }
}

impl Deref for Verbatim {
    type Target = Map<String, Value>;
    fn deref(&self) -> &Map<String, Value> {
        &self.0
    }
}

impl From<Map<String, Value>> for Verbatim {
    fn from(m: Map<String, Value>) -> Self {
        Verbatim(Arc::new(m))
    }
}

impl Serialize for Verbatim {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Verbatim {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Map::deserialize(d).map(Verbatim::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn clones_share_until_one_is_changed() {
        let mut a = Verbatim::from(
            json!({"image": "busybox"})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        );
        let b = a.clone();
        assert!(Arc::ptr_eq(&a.0, &b.0));
        a.to_mut().insert("command".into(), json!(["true"]));
        assert!(!Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(b.len(), 1);
        assert_eq!(a.len(), 2);
        assert_eq!(
            serde_json::to_value(&a).ok(),
            Some(json!({"image": "busybox", "command": ["true"]}))
        );
    }
}
