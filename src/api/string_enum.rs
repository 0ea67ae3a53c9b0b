//! Kubernetes string enums that keep values they do not know.
//!
//! The API server stores enum fields as strings; a newer server or a typo may
//! carry a value this crate does not know. Reading must not fail on it (the
//! validator reports it; the controllers treat it as upstream does, e.g. a pod
//! failure policy rule with an unknown action is skipped), and writing must
//! give back the same string.

/// Declares an enum with the known values of a Kubernetes string field and an
/// `Other(String)` variant for anything else.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this crate does not know, kept as written.
            Other(String),
        }

        impl $name {
            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )+
                    $name::Other(s) => s.as_str(),
                }
            }

            /// Every value the API defines, in its documented order.
            pub const KNOWN: &'static [&'static str] = &[$($text),+];

            /// Go's unset string field: missing, or written as `""`.
            pub fn is_unset(value: Option<&Self>) -> bool {
                value.is_none_or(|v| v.as_str().is_empty())
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $text => $name::$variant, )+
                    other => $name::Other(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Ok($name::from(s.as_ref()))
            }
        }
    };
}

pub(crate) use string_enum;
