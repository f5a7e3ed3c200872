//! Internally tagged enums (`kind = "…"`) that read the tag first.
//!
//! serde's own `#[serde(tag = "kind")]` buffers the whole table before it looks at the
//! tag, and so loses what a rule book needs: the place of each key, and the unknown-key
//! check of the variant's struct (the buffer cannot say where a key was). The
//! [`kind_tagged!`](crate::rulebook::kind_tagged) macro writes a `Deserialize` impl that
//! reads `kind` first and then deserializes the rest of the table straight into the
//! variant's struct (serde's `MapAccessDeserializer` idea over the remaining entries).
//! The rule-book deserializer presents `kind` first in every table, so this path is the
//! one taken there. A generic deserializer (`serde_json` or `toml` used directly) may
//! give `kind` later: then the table is buffered into a `serde_json::Value` and the
//! variant read from that, which is correct, only less precise in its errors.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

/// The name under which a tagged enum asks for its table (`deserialize_struct`), its
/// tag as the one field: the rule-book deserializer then presents the tag first.
pub const TAGGED: &str = "$scorecard::private::Tagged";

/// The content of a unit variant: no keys besides the tag.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoKeys {}

/// `expecting` of a tagged enum: a table with its `tag` and the kinds known.
pub fn expecting(f: &mut fmt::Formatter<'_>, tag: &str, kinds: &[&str]) -> fmt::Result {
    write!(f, "a table with a `{tag}` (")?;
    for (n, k) in kinds.iter().enumerate() {
        if n > 0 {
            f.write_str(", ")?;
        }
        write!(f, "`{k}`")?;
    }
    f.write_str(")")
}

/// Reads the tag (the key `tag`) of a table whose remaining entries become the
/// variant's content: returns the kind (one of `kinds`) and a deserializer over the
/// rest.
///
/// # Errors
///
/// `missing_field(tag)` when the table has none, `unknown_variant` when the kind is
/// not one of `kinds` (with the rule-book deserializer, placed at the kind's value),
/// or an error of the map.
pub fn split<'de, A: MapAccess<'de>>(
    mut map: A,
    tag: &'static str,
    kinds: &'static [&'static str],
) -> Result<(&'static str, Rest<'de, A>), A::Error> {
    let Some(first) = map.next_key::<String>()? else {
        return Err(de::Error::missing_field(tag));
    };
    if first == tag {
        let kind = map.next_value_seed(KindSeed(kinds))?;
        return Ok((
            kind,
            Rest {
                inner: Inner::Map(map),
                _de: PhantomData,
            },
        ));
    }
    // a deserializer that gives the tag later: buffer the table
    let mut table = serde_json::Map::new();
    let mut key = first;
    loop {
        let value: serde_json::Value = map.next_value()?;
        table.insert(key, value);
        match map.next_key::<String>()? {
            Some(k) => key = k,
            None => break,
        }
    }
    let kind = match table.remove(tag) {
        Some(serde_json::Value::String(s)) => s,
        Some(_) => return Err(de::Error::custom(format!("`{tag}` should be a string"))),
        None => return Err(de::Error::missing_field(tag)),
    };
    let kind = KindSeed(kinds).find(&kind)?;
    Ok((
        kind,
        Rest {
            inner: Inner::Buffered(table),
            _de: PhantomData,
        },
    ))
}

/// The rest of a tagged table, after its `kind`: a deserializer for the variant's
/// content.
pub struct Rest<'de, A> {
    inner: Inner<A>,
    _de: PhantomData<&'de ()>,
}

enum Inner<A> {
    /// The remaining entries of the table, read in place.
    Map(A),
    /// The table without its `kind`, buffered.
    Buffered(serde_json::Map<String, serde_json::Value>),
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for Rest<'de, A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        match self.inner {
            Inner::Map(map) => visitor.visit_map(map),
            Inner::Buffered(table) => serde_json::Value::Object(table)
                .deserialize_any(visitor)
                .map_err(de::Error::custom),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map struct
        enum identifier ignored_any
    }
}

/// Reads the kind: a string, one of the kinds known.
struct KindSeed(&'static [&'static str]);

impl KindSeed {
    fn find<E: de::Error>(&self, kind: &str) -> Result<&'static str, E> {
        self.0
            .iter()
            .find(|k| **k == kind)
            .copied()
            .ok_or_else(|| E::unknown_variant(kind, self.0))
    }
}

impl<'de> DeserializeSeed<'de> for KindSeed {
    type Value = &'static str;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<&'static str, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KindSeed {
    type Value = &'static str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("one of ")?;
        for (n, k) in self.0.iter().enumerate() {
            if n > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{k}`")?;
        }
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<&'static str, E> {
        self.find(v)
    }
}

/// Writes the `Deserialize` impl of an internally tagged enum (`kind = "…"`) whose
/// variants each hold one struct or nothing: it reads `kind` first and the rest of the
/// table straight into the variant's struct, so that an unknown or missing key inside
/// the variant is reported with its place ([`crate::rulebook`] presents the tag first in
/// every table). With a deserializer that gives the tag later (`serde_json` or `toml`
/// used directly) the table is buffered first: correct, only without places.
///
/// Keep serde's `#[derive(Serialize)]` with `#[serde(tag = "kind")]` for writing; give
/// each variant's struct `#[serde(deny_unknown_fields)]`. The list is
/// `"tag" => Variant(Struct)` for a variant holding a struct, `"tag" => Variant` for a
/// unit variant (whose table has no other key), and
/// `"tag" => Variant { a, b } from Repr` for a struct variant read through a struct
/// `Repr` with the same fields (which carries their serde attributes), one line per
/// variant; an unknown tag is
/// refused with the tags known and the nearest one suggested. A tag of another name is
/// given after the type: `kind_tagged!(Beyond, tag = "beyond" { … })`.
///
/// # Examples
///
/// ```
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Debug, PartialEq, Serialize, Deserialize)]
/// #[serde(deny_unknown_fields)]
/// struct Cap {
///     cap: String,
/// }
///
/// #[derive(Debug, PartialEq, Serialize, Deserialize)]
/// #[serde(deny_unknown_fields)]
/// struct Floor {
///     floor: String,
/// }
///
/// #[derive(Debug, PartialEq, Serialize)]
/// #[serde(tag = "kind", rename_all = "snake_case")]
/// enum Limit {
///     Cap(Cap),
///     Floor(Floor),
///     Unlimited,
/// }
///
/// scorecard::rulebook::kind_tagged!(Limit {
///     "cap" => Cap(Cap),
///     "floor" => Floor(Floor),
///     "unlimited" => Unlimited,
/// });
///
/// let l: Limit = scorecard::rulebook::from_toml_str("floor = \"0\"\nkind = \"floor\"\n", "l.toml")?;
/// assert_eq!(l, Limit::Floor(Floor { floor: "0".into() }));
///
/// let e = scorecard::rulebook::from_toml_str::<Limit>("kind = \"cap\"\ncapp = \"1\"\n", "l.toml")
///     .unwrap_err();
/// assert_eq!(e.to_string(), "l.toml:2:1: unknown key `capp` (did you mean `cap`?)");
///
/// let e = scorecard::rulebook::from_toml_str::<Limit>("kind = \"unlimited\"\ncap = \"1\"\n", "l.toml")
///     .unwrap_err();
/// assert_eq!(e.to_string(), "l.toml:2:1: unknown key `cap`");
///
/// #[derive(Debug, PartialEq, Serialize)]
/// #[serde(tag = "verdict", rename_all = "snake_case")]
/// enum Verdict {
///     Keep,
///     Cap(Cap),
///     Reduce { by: String },
/// }
///
/// #[derive(Deserialize)]
/// #[serde(deny_unknown_fields)]
/// struct ReduceRepr {
///     by: String,
/// }
///
/// scorecard::rulebook::kind_tagged!(Verdict, tag = "verdict" {
///     "keep" => Keep,
///     "cap" => Cap(Cap),
///     "reduce" => Reduce { by } from ReduceRepr,
/// });
/// let v: Verdict = scorecard::rulebook::from_json_str(r#"{"cap": "2", "verdict": "cap"}"#, "v.json")?;
/// assert_eq!(v, Verdict::Cap(Cap { cap: "2".into() }));
/// let v: Verdict = serde_json::from_str(r#"{"by": "0.5", "verdict": "reduce"}"#).unwrap();
/// assert_eq!(v, Verdict::Reduce { by: "0.5".into() });
/// let e = scorecard::rulebook::from_json_str::<Verdict>(r#"{"verdict": "reduce",
///   "bye": "0.5"}"#, "v.json").unwrap_err();
/// assert_eq!(e.to_string(), "v.json:2:3: unknown key `bye` (did you mean `by`?)");
/// # Ok::<(), scorecard::Error>(())
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! __kind_tagged {
    ($ty:ident { $($body:tt)* }) => {
        $crate::__kind_tagged!($ty, tag = "kind" { $($body)* });
    };
    ($ty:ident, tag = $tag_key:literal { $($tag:literal => $variant:ident $(($inner:ty))? $({ $($field:ident),* $(,)? } from $repr:ty)?),+ $(,)? }) => {
        impl<'de> $crate::rulebook::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::rulebook::__private::serde::Deserializer<'de>,
            {
                const KINDS: &[&str] = &[$($tag),+];
                struct KindVisitor;
                impl<'de> $crate::rulebook::__private::serde::de::Visitor<'de> for KindVisitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        $crate::rulebook::__private::expecting(f, $tag_key, KINDS)
                    }

                    fn visit_map<A>(self, map: A) -> ::core::result::Result<$ty, A::Error>
                    where
                        A: $crate::rulebook::__private::serde::de::MapAccess<'de>,
                    {
                        let (kind, rest) = $crate::rulebook::__private::split(map, $tag_key, KINDS)?;
                        match kind {
                            $($tag => $crate::__kind_tagged_variant!($ty, $variant, rest $(, $inner)? $(, { $($field),* }, $repr)?),)+
                            other => ::core::result::Result::Err(
                                <A::Error as $crate::rulebook::__private::serde::de::Error>::unknown_variant(other, KINDS),
                            ),
                        }
                    }
                }
                deserializer.deserialize_struct(
                    $crate::rulebook::__private::TAGGED,
                    &[$tag_key],
                    KindVisitor,
                )
            }
        }
    };
}

/// One variant of [`__kind_tagged!`]: its struct read from the rest of the table, or
/// (a unit variant) nothing but the tag.
#[macro_export]
#[doc(hidden)]
macro_rules! __kind_tagged_variant {
    ($ty:ident, $variant:ident, $rest:ident, { $($field:ident),* }, $repr:ty) => {
        <$repr as $crate::rulebook::__private::serde::Deserialize>::deserialize($rest)
            .map(|r| $ty::$variant { $($field: r.$field),* })
    };
    ($ty:ident, $variant:ident, $rest:ident, $inner:ty) => {
        <$inner as $crate::rulebook::__private::serde::Deserialize>::deserialize($rest)
            .map($ty::$variant)
    };
    ($ty:ident, $variant:ident, $rest:ident) => {
        <$crate::rulebook::__private::NoKeys as $crate::rulebook::__private::serde::Deserialize>::deserialize($rest)
            .map(|_| $ty::$variant)
    };
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Pass {
        #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
        at: rust_decimal::Decimal,
    }

    #[derive(Debug, PartialEq)]
    enum Check {
        Pass(Pass),
    }

    // the path step two uses inside the crate
    crate::rulebook::kind_tagged!(Check { "pass" => Pass(Pass) });

    #[test]
    fn the_macro_is_usable_inside_the_crate() {
        let c: Check =
            crate::rulebook::from_json_str(r#"{"at": 0.50, "kind": "pass"}"#, "c.json").unwrap();
        assert_eq!(
            c,
            Check::Pass(Pass {
                at: "0.50".parse().unwrap()
            })
        );
        let e = crate::rulebook::from_json_str::<Check>(r#"{"kind": "pass", "a": 1}"#, "c.json")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.json:1:18: unknown key `a` (known keys: `at`)"
        );
    }
}
