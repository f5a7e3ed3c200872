//! A serde `Deserializer` over the [`Node`] tree that knows where it is: every error
//! carries the path (keys and indices) and the place of the value, key or table it is
//! about, and keeps its structure (an unknown field with the fields expected, a missing
//! field, an invalid type …) until [`super::report`] turns it into the crate's
//! [`Error`](crate::Error).
//!
//! The rules (see the [module docs](super) for why):
//!
//! - `deserialize_any` on a number whose text is a plain integer that fits an `i64` or
//!   `u64` visits it as one; any other number is handed over as a one-entry map under a
//!   private key holding its source text, which
//!   [`exact_serde`](crate::num::exact_serde) reads exactly (as `serde_json`'s
//!   `arbitrary_precision` does). Integers visit as integers so that serde's buffering
//!   (untagged enums, `flatten`) still reads integer fields.
//! - `deserialize_i8` … `deserialize_u128` parse the text exactly: a fraction, an
//!   exponent or a value out of range is an error, never a conversion.
//! - `deserialize_f32` and `deserialize_f64` are refused: binary floating point is never
//!   used.
//! - `deserialize_str` on a number is an invalid type (a name written `123` is a
//!   mistake, not `"123"`).
//! - A table with a key `kind` presents that key first, so that an internally tagged
//!   enum reads its tag before the rest ([`super::tagged`]); an enum tagged by another
//!   key asks for its table as the struct named [`TAGGED`] with the tag as its one
//!   field, and that key is presented first.
//! - JSON `null` is `None`; a missing key is `None` for an `Option` field.

use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StrDeserializer};
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use super::located::{DeError, Path, Reason, found, shorten};
use super::node::{Key, Node, Span, Value};
use super::tagged::TAGGED;
use crate::num::exact_serde::NUMBER_KEY;

/// A plain integer (`-?[1-9][0-9]*` or `0`, a `+` allowed) that fits an `i64` or `u64`.
enum Plain {
    Neg(i64),
    Pos(u64),
}

fn plain_integer(text: &str) -> Option<Plain> {
    let t = text.strip_prefix('+').unwrap_or(text);
    let digits = t.strip_prefix('-').unwrap_or(t);
    let well_formed = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && t != "-0";
    if !well_formed {
        return None;
    }
    if t.starts_with('-') {
        t.parse().ok().map(Plain::Neg)
    } else {
        t.parse().ok().map(Plain::Pos)
    }
}

/// The rule-book deserializer for one node.
pub(crate) struct De<'a, 'p> {
    pub(crate) node: &'a Node,
    pub(crate) path: &'p Path<'p>,
}

impl<'a> De<'a, '_> {
    fn invalid_type(&self, exp: &dyn de::Expected) -> DeError {
        DeError::new(Reason::InvalidType {
            found: found(self.node),
            expected: exp.to_string(),
        })
    }

    fn seq(&self, items: &'a [Node]) -> Seq<'a, '_> {
        Seq {
            items,
            next: 0,
            path: self.path,
        }
    }

    /// The entries of a table, the entry `first` handed out first when there is one.
    fn map(&self, entries: &'a [(Key, Node)], first: &str) -> Map<'a, '_> {
        Map {
            entries,
            kind_at: entries.iter().position(|(k, _)| k.name == first),
            next: 0,
            value: None,
            path: self.path,
        }
    }

    /// The integer the text of a number is, exactly; `range` says which are allowed.
    fn integer<T: std::str::FromStr>(&self, range: fmt::Arguments<'_>) -> Result<T, DeError> {
        let Value::Number(text) = &self.node.value else {
            return Err(DeError::new(Reason::InvalidType {
                found: found(self.node),
                expected: format!("a whole number {range}"),
            }));
        };
        text.strip_prefix('+').unwrap_or(text).parse().map_err(|_| {
            let whole = text
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'-' || b == b'+');
            DeError::new(Reason::InvalidValue {
                found: format!(
                    "`{}`{}",
                    shorten(text),
                    if whole { ", out of range" } else { "" }
                ),
                expected: format!("a whole number {range}"),
            })
        })
    }
}

macro_rules! integers {
    ($($method:ident $visit:ident $t:ty,)+) => {$(
        fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
            let n: $t = self.integer(format_args!("from {} to {}", <$t>::MIN, <$t>::MAX))?;
            visitor.$visit(n)
        }
    )+};
}

impl<'a> Deserializer<'a> for De<'a, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(text) => match plain_integer(text) {
                Some(Plain::Neg(n)) => visitor.visit_i64(n),
                Some(Plain::Pos(n)) => visitor.visit_u64(n),
                None => visitor.visit_map(NumberText { text: Some(text) }),
            },
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => {
                let mut seq = self.seq(items);
                let v = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(v)
            }
            Value::Table(entries) => {
                let mut map = self.map(entries, "kind");
                let v = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(v)
            }
        }
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Bool(b) => visitor.visit_bool(*b),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    integers! {
        deserialize_i8 visit_i8 i8,
        deserialize_i16 visit_i16 i16,
        deserialize_i32 visit_i32 i32,
        deserialize_i64 visit_i64 i64,
        deserialize_i128 visit_i128 i128,
        deserialize_u8 visit_u8 u8,
        deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32,
        deserialize_u64 visit_u64 u64,
        deserialize_u128 visit_u128 u128,
    }

    fn deserialize_f32<V: Visitor<'a>>(self, _: V) -> Result<V::Value, DeError> {
        Err(DeError::new(Reason::Custom(FLOAT_TYPE.into())))
    }

    fn deserialize_f64<V: Visitor<'a>>(self, _: V) -> Result<V::Value, DeError> {
        Err(DeError::new(Reason::Custom(FLOAT_TYPE.into())))
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::String(s) if s.chars().count() == 1 => match s.chars().next() {
                Some(c) => visitor.visit_char(c),
                None => Err(self.invalid_type(&visitor)),
            },
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::String(s) => visitor.visit_borrowed_str(s),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::String(s) => visitor.visit_borrowed_bytes(s.as_bytes()),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Null => visitor.visit_unit(),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Array(_) => self.deserialize_any(visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _: usize, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Table(_) => self.deserialize_any(visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        // a tagged enum (`kind_tagged!`) with a tag of another name asks for it first
        match (&self.node.value, fields.first()) {
            (Value::Table(entries), Some(tag)) if name == TAGGED => {
                let mut map = self.map(entries, tag);
                let v = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(v)
            }
            _ => self.deserialize_map(visitor),
        }
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::String(name) => visitor.visit_enum(Variant {
                name,
                name_span: self.node.span,
                name_is_key: false,
                content: None,
                path: self.path,
            }),
            Value::Table(entries) if entries.len() == 1 => {
                let (key, content) = &entries[0];
                visitor.visit_enum(Variant {
                    name: &key.name,
                    name_span: key.span,
                    name_is_key: true,
                    content: Some(content),
                    path: self.path,
                })
            }
            Value::Table(entries) => Err(DeError::new(Reason::Custom(format!(
                "expected a table with exactly one key, the variant, found {} keys",
                entries.len()
            )))),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

/// The message for a type that asks for binary floating point.
const FLOAT_TYPE: &str = "this value is asked for as binary floating point (f32 or f64), which a rule book never uses: the type should read a Decimal";

/// The elements of an array.
struct Seq<'a, 'p> {
    items: &'a [Node],
    next: usize,
    path: &'p Path<'p>,
}

impl Seq<'_, '_> {
    fn end(&self) -> Result<(), DeError> {
        if self.next < self.items.len() {
            return Err(de::Error::invalid_length(
                self.items.len(),
                &"fewer elements",
            ));
        }
        Ok(())
    }
}

impl<'a> SeqAccess<'a> for &mut Seq<'a, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some(node) = self.items.get(self.next) else {
            return Ok(None);
        };
        let path = Path::Index(self.path, self.next);
        self.next += 1;
        seed.deserialize(De { node, path: &path })
            .map(Some)
            .map_err(|e| e.locate(&path, node.span, false))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

/// The entries of a table, `kind` first when there is one.
struct Map<'a, 'p> {
    entries: &'a [(Key, Node)],
    kind_at: Option<usize>,
    /// How many entries were handed out.
    next: usize,
    /// The entry whose key was handed out last, for its value.
    value: Option<&'a (Key, Node)>,
    path: &'p Path<'p>,
}

impl Map<'_, '_> {
    /// The index of the `n`th entry handed out.
    fn index(&self, n: usize) -> usize {
        match self.kind_at {
            Some(k) if n == 0 => k,
            Some(k) if n <= k => n - 1,
            _ => n,
        }
    }

    fn end(&self) -> Result<(), DeError> {
        if self.next < self.entries.len() {
            return Err(de::Error::invalid_length(
                self.entries.len(),
                &"fewer entries",
            ));
        }
        Ok(())
    }
}

impl<'a> MapAccess<'a> for &mut Map<'a, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        if self.next >= self.entries.len() {
            return Ok(None);
        }
        let entry = &self.entries[self.index(self.next)];
        self.next += 1;
        self.value = Some(entry);
        let key = &entry.0;
        seed.deserialize(KeyDe { name: &key.name })
            .map(Some)
            .map_err(|e| e.locate(&Path::Key(self.path, &key.name), key.span, true))
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let Some((key, node)) = self.value.take() else {
            return Err(DeError::new(Reason::Custom(
                "a value was asked for before its key".into(),
            )));
        };
        let path = Path::Key(self.path, &key.name);
        seed.deserialize(De { node, path: &path })
            .map_err(|e| e.locate(&path, node.span, false))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() - self.next)
    }
}

/// A bare number handed to `deserialize_any` as `{NUMBER_KEY: "<source text>"}`.
struct NumberText<'a> {
    text: Option<&'a str>,
}

impl<'a> MapAccess<'a> for NumberText<'a> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        if self.text.is_none() {
            return Ok(None);
        }
        seed.deserialize(BorrowedStrDeserializer::new(NUMBER_KEY))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        match self.text.take() {
            Some(text) => seed.deserialize(BorrowedStrDeserializer::new(text)),
            None => Err(DeError::new(Reason::Custom(
                "a value was asked for before its key".into(),
            ))),
        }
    }
}

/// A key of a table: a string, also read as a number when a map's keys are numbers.
struct KeyDe<'a> {
    name: &'a str,
}

impl<'a> Deserializer<'a> for KeyDe<'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_borrowed_str(self.name)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_some(self)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_enum(StrDeserializer::<DeError>::new(self.name))
    }

    fn deserialize_u32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.name.parse() {
            Ok(n) => visitor.visit_u32(n),
            Err(_) => visitor.visit_borrowed_str(self.name),
        }
    }

    fn deserialize_u64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.name.parse() {
            Ok(n) => visitor.visit_u64(n),
            Err(_) => visitor.visit_borrowed_str(self.name),
        }
    }

    fn deserialize_i64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.name.parse() {
            Ok(n) => visitor.visit_i64(n),
            Err(_) => visitor.visit_borrowed_str(self.name),
        }
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'a>>
        bool i8 i16 i32 i128 u8 u16 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// An enum variant: a string (a unit variant) or a table of one key (the variant)
/// holding its content.
struct Variant<'a, 'p> {
    name: &'a str,
    name_span: Span,
    name_is_key: bool,
    content: Option<&'a Node>,
    path: &'p Path<'p>,
}

impl<'a, 'p> EnumAccess<'a> for Variant<'a, 'p> {
    type Error = DeError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'a>>(self, seed: V) -> Result<(V::Value, Self), DeError> {
        let v = seed.deserialize(KeyDe { name: self.name }).map_err(|e| {
            if self.name_is_key {
                e.locate(&Path::Key(self.path, self.name), self.name_span, true)
            } else {
                e.locate(self.path, self.name_span, false)
            }
        })?;
        Ok((v, self))
    }
}

impl<'a> Variant<'a, '_> {
    /// Deserializes the content with `f`, located at the content.
    fn content<T>(
        self,
        exp: &dyn de::Expected,
        f: impl FnOnce(De<'a, '_>) -> Result<T, DeError>,
    ) -> Result<T, DeError> {
        let Some(node) = self.content else {
            return Err(de::Error::invalid_type(de::Unexpected::UnitVariant, exp));
        };
        let path = Path::Key(self.path, self.name);
        f(De { node, path: &path }).map_err(|e| e.locate(&path, node.span, false))
    }
}

impl<'a> VariantAccess<'a> for Variant<'a, '_> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        match self.content {
            None => Ok(()),
            Some(_) => self.content(&"a unit variant", |d| de::Deserialize::deserialize(d)),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'a>>(self, seed: T) -> Result<T::Value, DeError> {
        self.content(&"a newtype variant", |d| seed.deserialize(d))
    }

    fn tuple_variant<V: Visitor<'a>>(self, _: usize, visitor: V) -> Result<V::Value, DeError> {
        self.content(&"a tuple variant", |d| d.deserialize_seq(visitor))
    }

    fn struct_variant<V: Visitor<'a>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.content(&"a struct variant", |d| d.deserialize_map(visitor))
    }
}

/// Deserializes `T` from the root `node`, the error located.
pub(crate) fn from_root<'a, T: de::Deserialize<'a>>(node: &'a Node) -> Result<T, DeError> {
    let path = Path::Root;
    T::deserialize(De { node, path: &path }).map_err(|e| e.locate(&path, node.span, false))
}
