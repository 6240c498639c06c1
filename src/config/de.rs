//! Deserializing a parsed TOML value into the serde types of the config files, with errors that
//! name the key (`group[0].name`), what was expected and what was found.
//!
//! `toml`'s own deserializer reports positions and serde's wording ("invalid type: integer
//! `2024`"); this one walks a [`toml::Value`] and keeps the path to each value, so an error reads
//! as the config's documentation does: the key, then what was expected, then what was found.

use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeSeed, Deserializer, Expected, MapAccess, SeqAccess, Unexpected, Visitor,
};

use crate::config::ConfigError;
use crate::settings::StyleEdition;

/// What a style edition is, in errors.
pub(super) const EDITIONS: &str = "one of \"2015\", \"2018\", \"2021\", \"2024\"";

/// Deserializes `value`, which sits at `key` of the file `shown` (`""` for the whole file).
pub(super) fn from_value<'de, T: de::Deserialize<'de>>(
    value: &'de toml::Value,
    key: &str,
    shown: &Path,
) -> Result<T, ConfigError> {
    let deserializer = ValueDeserializer {
        value,
        key: key.to_owned(),
    };
    T::deserialize(deserializer).map_err(|mistake| mistake.into_error(shown))
}

/// `key` and `name` joined as a TOML dotted key.
pub(super) fn join(key: &str, name: &str) -> String {
    if key.is_empty() {
        name.to_owned()
    } else {
        format!("{key}.{name}")
    }
}

/// A mistake found while deserializing, and the key it is at once known.
#[derive(Debug)]
pub(super) struct Mistake {
    key: Option<String>,
    kind: MistakeKind,
}

#[derive(Debug)]
enum MistakeKind {
    UnknownField {
        field: String,
        expected: &'static [&'static str],
    },
    MissingField(&'static str),
    Wrong {
        expected: String,
        found: String,
    },
    Other(String),
}

impl Mistake {
    fn new(kind: MistakeKind) -> Mistake {
        Mistake { key: None, kind }
    }

    /// Places the mistake at `key` unless a value deeper down already placed it.
    fn at(mut self, key: &str) -> Mistake {
        if self.key.is_none() {
            self.key = Some(match &self.kind {
                MistakeKind::UnknownField { field, .. } => join(key, field),
                MistakeKind::MissingField(field) => join(key, field),
                MistakeKind::Wrong { .. } | MistakeKind::Other(_) => key.to_owned(),
            });
        }
        self
    }

    fn into_error(self, shown: &Path) -> ConfigError {
        let path = shown.to_path_buf();
        let key = self.key.unwrap_or_default();
        match self.kind {
            MistakeKind::UnknownField { expected, .. } => ConfigError::UnknownKey {
                path,
                key,
                expected: expected
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
            },
            MistakeKind::MissingField(_) => ConfigError::BadValue {
                path,
                key,
                expected: "a value".into(),
                found: MISSING.into(),
            },
            MistakeKind::Wrong { expected, found } => ConfigError::BadValue {
                path,
                key,
                expected,
                found,
            },
            MistakeKind::Other(message) => ConfigError::Invalid { path, key, message },
        }
    }
}

/// What is found where a required key is missing.
pub(super) const MISSING: &str = "nothing (the key is missing)";

/// A value as errors describe it: strings quoted, scalars named with their value.
fn found(unexpected: Unexpected<'_>) -> String {
    match unexpected {
        Unexpected::Str(text) => format!("{text:?}"),
        Unexpected::Signed(integer) => format!("the integer {integer}"),
        Unexpected::Unsigned(integer) => format!("the integer {integer}"),
        Unexpected::Float(float) => format!("the float {float}"),
        Unexpected::Bool(boolean) => format!("the boolean {boolean}"),
        Unexpected::Seq => "an array".into(),
        Unexpected::Map => "a table".into(),
        Unexpected::Other(described) => described.into(),
        other => other.to_string(),
    }
}

impl fmt::Display for Mistake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            MistakeKind::UnknownField { field, .. } => write!(f, "unknown key `{field}`"),
            MistakeKind::MissingField(field) => write!(f, "missing key `{field}`"),
            MistakeKind::Wrong { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            MistakeKind::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Mistake {}

impl de::Error for Mistake {
    fn custom<T: fmt::Display>(message: T) -> Mistake {
        Mistake::new(MistakeKind::Other(message.to_string()))
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Mistake {
        Mistake::new(MistakeKind::Wrong {
            expected: expected.to_string(),
            found: found(unexpected),
        })
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Mistake {
        Mistake::invalid_type(unexpected, expected)
    }

    fn invalid_length(len: usize, expected: &dyn Expected) -> Mistake {
        Mistake::new(MistakeKind::Wrong {
            expected: expected.to_string(),
            found: format!("{len} values"),
        })
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Mistake {
        Mistake::new(MistakeKind::UnknownField {
            field: field.to_owned(),
            expected,
        })
    }

    fn missing_field(field: &'static str) -> Mistake {
        Mistake::new(MistakeKind::MissingField(field))
    }

    fn duplicate_field(field: &'static str) -> Mistake {
        Mistake::custom(format_args!(
            "`{field}` is given twice, under two spellings"
        ))
    }
}

/// A TOML value and the key it sits at.
struct ValueDeserializer<'de> {
    value: &'de toml::Value,
    key: String,
}

impl<'de> Deserializer<'de> for ValueDeserializer<'de> {
    type Error = Mistake;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mistake> {
        let key = self.key.as_str();
        let result = match self.value {
            toml::Value::String(text) => visitor.visit_borrowed_str(text),
            toml::Value::Integer(integer) => visitor.visit_i64(*integer),
            toml::Value::Float(float) => visitor.visit_f64(*float),
            toml::Value::Boolean(boolean) => visitor.visit_bool(*boolean),
            toml::Value::Datetime(date) => Err(de::Error::invalid_type(
                Unexpected::Other(&format!("the date {date}")),
                &visitor,
            )),
            toml::Value::Array(items) => visitor.visit_seq(Elements {
                items: items.iter().enumerate(),
                key,
            }),
            toml::Value::Table(table) => visitor.visit_map(Entries {
                entries: table.iter(),
                value: None,
                key,
            }),
        };
        result.map_err(|mistake| mistake.at(key))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mistake> {
        // A key that is present has a value: TOML has no null.
        visitor.visit_some(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mistake> {
        // Keys grouse does not read are not walked, whatever they hold.
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Mistake> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct enum identifier
    }
}

/// The elements of an array, each at `key[index]`.
struct Elements<'de, 'k> {
    items: std::iter::Enumerate<std::slice::Iter<'de, toml::Value>>,
    key: &'k str,
}

impl<'de> SeqAccess<'de> for Elements<'de, '_> {
    type Error = Mistake;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Mistake> {
        let Some((index, value)) = self.items.next() else {
            return Ok(None);
        };
        let key = format!("{}[{index}]", self.key);
        seed.deserialize(ValueDeserializer { value, key }).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The entries of a table, each value at `key.name`.
struct Entries<'de, 'k> {
    entries: toml::map::Iter<'de, String, toml::Value>,
    value: Option<(&'de String, &'de toml::Value)>,
    key: &'k str,
}

impl<'de> MapAccess<'de> for Entries<'de, '_> {
    type Error = Mistake;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Mistake> {
        let Some((name, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some((name, value));
        seed.deserialize(BorrowedStrDeserializer::new(name))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Mistake> {
        let (name, value) = self
            .value
            .take()
            .expect("serde asks for a key before its value");
        let key = join(self.key, name);
        seed.deserialize(ValueDeserializer { value, key })
    }
}

/// A string that `parse` accepts; anything else is an error expecting `expected`.
pub(super) struct Choice<T> {
    pub expected: &'static str,
    pub parse: fn(&str) -> Option<T>,
}

impl<'de, T> DeserializeSeed<'de> for Choice<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, T> Visitor<'de> for Choice<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expected)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        (self.parse)(text).ok_or_else(|| E::invalid_value(Unexpected::Str(text), &self))
    }
}

/// Any string, called `expected` in errors.
pub(super) fn text(expected: &'static str) -> Choice<String> {
    Choice {
        expected,
        parse: |text| Some(text.to_owned()),
    }
}

/// A style edition.
pub(super) fn style_edition<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<StyleEdition>, D::Error> {
    Choice {
        expected: EDITIONS,
        parse: StyleEdition::parse,
    }
    .deserialize(deserializer)
    .map(Some)
}

/// An array whose elements each deserialize with `element`; errors call the array `expected`.
pub(super) struct ArrayOf<S> {
    pub expected: &'static str,
    pub element: S,
}

impl<'de, S: DeserializeSeed<'de> + Copy> DeserializeSeed<'de> for ArrayOf<S> {
    type Value = Vec<S::Value>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, S: DeserializeSeed<'de> + Copy> Visitor<'de> for ArrayOf<S> {
    type Value = Vec<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expected)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(items.size_hint().unwrap_or(0));
        while let Some(item) = items.next_element_seed(self.element)? {
            out.push(item);
        }
        Ok(out)
    }
}

impl<T> Clone for Choice<T> {
    fn clone(&self) -> Choice<T> {
        *self
    }
}

impl<T> Copy for Choice<T> {}

/// Any value of type `T`, as a seed (for [`ArrayOf`] elements that derive `Deserialize`).
pub(super) struct Plain<T>(PhantomData<fn() -> T>);

impl<T> Plain<T> {
    pub(super) fn new() -> Plain<T> {
        Plain(PhantomData)
    }
}

impl<T> Clone for Plain<T> {
    fn clone(&self) -> Plain<T> {
        *self
    }
}

impl<T> Copy for Plain<T> {}

impl<'de, T: de::Deserialize<'de>> DeserializeSeed<'de> for Plain<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize(deserializer)
    }
}
