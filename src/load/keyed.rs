//! Mappings read key by key, so that unknown and repeated keys are collected (and all
//! reported) instead of stopping the parse at the first one.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// A mapping: the known fields, plus the keys that were not known and the keys written
/// more than once (the first value of a repeated key is kept).
#[derive(Debug)]
pub(crate) struct Keyed<T> {
    /// The known fields.
    pub fields: T,
    /// Keys that `T` does not know, in the order written, with their values.
    pub unknown: Vec<Unknown>,
    /// Keys written more than once.
    pub duplicates: Vec<String>,
}

impl<T: Default> Default for Keyed<T> {
    fn default() -> Self {
        Keyed {
            fields: T::default(),
            unknown: Vec::new(),
            duplicates: Vec::new(),
        }
    }
}

/// A key that the mapping's type does not know, and its value when that is a scalar.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unknown {
    /// The key as written.
    pub key: String,
    /// The value as text, when it is a string, number or boolean; `None` for nothing,
    /// a list or a mapping.
    pub value: Option<String>,
}

/// The fields a mapping may have.
pub(crate) trait Fields: Default {
    /// What the mapping is, for type errors ("expected ...").
    const EXPECTING: &'static str;
    /// Every known key, in the order they are documented.
    const KEYS: &'static [&'static str];

    /// Reads the value of `key` if it is a known key; returns `false` (without reading
    /// the value) otherwise.
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;
}

/// A mapping with no known keys: every entry lands in [`Keyed::unknown`], in order.
#[derive(Debug, Default)]
pub(crate) struct AnyKeys;

impl Fields for AnyKeys {
    const EXPECTING: &'static str = "a mapping of labels to values";
    const KEYS: &'static [&'static str] = &[];

    fn field<'de, A: MapAccess<'de>>(&mut self, _: &str, _: &mut A) -> Result<bool, A::Error> {
        Ok(false)
    }
}

impl<'de, T: Fields> Deserialize<'de> for Keyed<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(KeyedVisitor(PhantomData))
    }
}

/// Reads a [`Keyed`] mapping from any map access (also used by [`LinkValue`](super::raw::LinkValue)).
pub(crate) struct KeyedVisitor<T>(pub PhantomData<T>);

impl<'de, T: Fields> Visitor<'de> for KeyedVisitor<T> {
    type Value = Keyed<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Keyed::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Keyed::<T>::default();
        // Known keys seen so far, one bit per position in `T::KEYS` (no allocation).
        let mut seen = 0u64;
        while let Some(Key(key)) = map.next_key()? {
            let known = T::KEYS.iter().position(|k| *k == key).filter(|i| *i < 64);
            let repeated = match known {
                Some(i) => {
                    let bit = 1u64 << i;
                    let before = seen & bit != 0;
                    seen |= bit;
                    before
                }
                None => out.unknown.iter().any(|u| u.key == key),
            };
            if repeated {
                map.next_value::<IgnoredAny>()?;
                out.duplicates.push(key.into_owned());
            } else if known.is_none() || !out.fields.field(&key, &mut map)? {
                let ScalarText(value) = map.next_value()?;
                out.unknown.push(Unknown {
                    key: key.into_owned(),
                    value,
                });
            }
        }
        Ok(out)
    }
}

/// A mapping key as text, borrowed from the input when it can be.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key written as plain text")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(v.to_string())))
    }
}

/// Any value, kept as text when it is a scalar and dropped otherwise.
pub(crate) struct ScalarText(pub Option<String>);

impl<'de> Deserialize<'de> for ScalarText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarTextVisitor)
    }
}

struct ScalarTextVisitor;

impl<'de> Visitor<'de> for ScalarTextVisitor {
    type Value = ScalarText;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(ScalarText(Some(v.to_string())))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(ScalarText(Some(v.to_string())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(ScalarText(Some(v.to_string())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(ScalarText(Some(v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(ScalarText(Some(v.to_string())))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(ScalarText(None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(ScalarText(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(ScalarText(None))
    }
}
