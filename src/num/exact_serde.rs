//! Decimals read exactly from rule-book text, for `#[serde(deserialize_with = …)]`.
//!
//! A decimal is read from its source text, never through binary floating point:
//!
//! - a **string** in the strict grammar of [`parse_decimal`](crate::facts::parse_decimal):
//!   an optional sign, digits, optionally a point and digits (`"0.05"`, `"-3"`); no
//!   exponent, spaces or separators;
//! - an **integer** handed over as one (`visit_i64` … `visit_u128`), exactly;
//! - a **bare number** of a file loaded with [`crate::rulebook`], from the text it was
//!   written as (`points = 123456789.123456789` stays exact).
//!
//! Refused, each with a message saying how to write the value instead: a number with an
//! exponent (`1e3`), a value with more digits than a `Decimal` holds (`has 31 significant
//! digits; a decimal holds at most 28`), and a bare fraction reaching `visit_f64`, which
//! is what `serde_json` or `toml` used directly hand over: by then it has passed through
//! binary floating point (`123456789.123456789` arrives as `123456789.12345679`).
//!
//! Serialisation is not affected: decimals are written as strings.
//!
//! ```
//! use rust_decimal::Decimal;
//! use serde::Deserialize;
//!
//! #[derive(Debug, Deserialize)]
//! #[serde(deny_unknown_fields)]
//! struct Rate {
//!     #[serde(deserialize_with = "scorecard::rulebook::exact_serde::decimal")]
//!     good: Decimal,
//!     #[serde(default, deserialize_with = "scorecard::rulebook::exact_serde::option_decimal")]
//!     cap: Option<Decimal>,
//! }
//!
//! let r: Rate = scorecard::rulebook::from_toml_str("good = 0.030\n", "rate.toml").unwrap();
//! assert_eq!(r.good.to_string(), "0.030");
//! assert_eq!(r.cap, None);
//!
//! // serde_json used directly hands a bare fraction over as a binary float: refused
//! let e = serde_json::from_str::<Rate>(r#"{"good": 0.03}"#).unwrap_err();
//! assert!(e.to_string().contains("binary floating point"));
//! // a string is exact whatever the loader
//! let r: Rate = serde_json::from_str(r#"{"good": "0.03", "cap": "1.2"}"#).unwrap();
//! assert_eq!(r.cap.map(|c| c.to_string()), Some("1.2".to_string()));
//! ```

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Unexpected, Visitor};

/// The key of the one-entry map in which the rule-book deserializer hands over a bare
/// number's source text (private: only this module and the deserializer know it).
pub(crate) const NUMBER_KEY: &str = "$scorecard::private::Number";

/// The same device in `serde_json` with its `arbitrary_precision` feature, recognised
/// so that a host enabling that feature gets exact decimals from `serde_json` too.
const SERDE_JSON_NUMBER_KEY: &str = "$serde_json::private::Number";

/// What `visit_f64` answers.
pub(crate) const FLOAT_REFUSED: &str = "write it as a string, \"123456789.123456789\", or load the file \
     with scorecard::rulebook: a bare number would pass through binary floating point";

/// The most digits a `Decimal` holds in every case (29 only below 7.9 × 10²⁸).
const MAX_DIGITS: usize = 28;

/// A decimal that deserializes exactly (see the [module](self)); for shapes the
/// functions here do not cover, such as `BTreeMap<UnitId, Exact>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Exact(pub Decimal);

impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ExactVisitor).map(Exact)
    }
}

/// Reads a `Decimal` exactly: `#[serde(deserialize_with = "…::decimal")]`.
///
/// # Errors
///
/// The deserializer's error for a value that is not a decimal written exactly; the
/// message says how to write it.
pub fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_any(ExactVisitor)
}

/// Reads an `Option<Decimal>` exactly (JSON `null` is `None`). Pair it with
/// `#[serde(default)]` so that a missing key is `None` too.
///
/// # Errors
///
/// As [`decimal`].
pub fn option_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    Option::<Exact>::deserialize(d).map(|o| o.map(|e| e.0))
}

/// Reads a `Vec<Decimal>` exactly.
///
/// # Errors
///
/// As [`decimal`], for the first element that fails.
pub fn vec_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Decimal>, D::Error> {
    Vec::<Exact>::deserialize(d).map(|v| v.into_iter().map(|e| e.0).collect())
}

/// Reads a fixed-size array of decimals exactly (`[Decimal; 5]`).
///
/// # Errors
///
/// As [`decimal`], for the first element that fails, or an array of another length.
pub fn array_decimal<'de, D: Deserializer<'de>, const N: usize>(
    d: D,
) -> Result<[Decimal; N], D::Error> {
    let v = Vec::<Exact>::deserialize(d)?;
    let len = v.len();
    let v: Vec<Decimal> = v.into_iter().map(|e| e.0).collect();
    v.try_into()
        .map_err(|_| de::Error::invalid_length(len, &format!("an array of {N} decimals").as_str()))
}

/// Reads a map whose values are decimals exactly (`BTreeMap<UnitId, Decimal>`: the
/// coefficients per unit, a unit's factors).
///
/// # Errors
///
/// As [`decimal`], for the first value that fails, or a key that is not a `K`.
pub fn map_decimal<'de, D, K>(d: D) -> Result<BTreeMap<K, Decimal>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord,
{
    BTreeMap::<K, Exact>::deserialize(d).map(|m| m.into_iter().map(|(k, v)| (k, v.0)).collect())
}

/// Reads the text of a decimal as written in a rule book: the strict grammar of
/// [`parse_decimal`](crate::facts::parse_decimal), with a reason when it fails that
/// says how to write the value.
pub(crate) fn from_text(text: &str) -> Result<Decimal, String> {
    crate::facts::parse_decimal(text).map_err(|_| why_not(text))
}

/// Why `text` is not a decimal a rule book can hold.
fn why_not(text: &str) -> String {
    let shown = shorten(text);
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(k) => (&unsigned[..k], Some(&unsigned[k + 1..])),
        None => (unsigned, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let well_formed = digits(int) && (frac.is_empty() || digits(frac)) && !mantissa.ends_with('.');
    if let Some(exp) = exponent {
        if well_formed && digits(exp.strip_prefix(['+', '-']).unwrap_or(exp)) {
            return format!(
                "`{shown}` has an exponent: write the number out in digits, without one (\"1000\", not \"1e3\")"
            );
        }
    }
    if exponent.is_none() && well_formed {
        let significant = {
            let all: String = format!("{int}{frac}");
            all.trim_start_matches('0').len()
        };
        if significant > MAX_DIGITS {
            return format!(
                "`{shown}` has {significant} significant digits; a decimal holds at most {MAX_DIGITS}"
            );
        }
        if frac.len() > MAX_DIGITS {
            return format!(
                "`{shown}` has {} decimal places; a decimal holds at most {MAX_DIGITS}",
                frac.len()
            );
        }
        return format!(
            "`{shown}` is too large for a decimal (at most 79228162514264337593543950335)"
        );
    }
    format!(
        "`{shown}` is not a decimal number: write an optional sign, digits, and optionally a point and digits, such as \"-0.05\""
    )
}

/// `text`, cut to 40 characters for a message.
fn shorten(text: &str) -> String {
    if text.chars().count() <= 40 {
        text.to_owned()
    } else {
        let head: String = text.chars().take(40).collect();
        format!("{head}…")
    }
}

struct ExactVisitor;

impl<'de> Visitor<'de> for ExactVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number such as \"0.05\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        from_text(v).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
        Decimal::try_from_i128_with_scale(v, 0).map_err(|_| {
            E::custom(format!(
                "`{v}` is too large for a decimal (at most 79228162514264337593543950335)"
            ))
        })
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
        i128::try_from(v)
            .map_err(|_| E::invalid_value(Unexpected::Other("a 128-bit integer"), &self))
            .and_then(|v| self.visit_i128(v))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Decimal, E> {
        Err(E::custom(FLOAT_REFUSED))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        let key: Option<String> = map.next_key()?;
        match key.as_deref() {
            Some(NUMBER_KEY | SERDE_JSON_NUMBER_KEY) => {
                let text: String = map.next_value()?;
                from_text(&text).map_err(de::Error::custom)
            }
            _ => Err(de::Error::invalid_type(Unexpected::Map, &self)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{from_text, why_not};

    #[test]
    fn reasons_say_what_is_wrong() {
        assert!(why_not("1e3").contains("exponent"));
        assert!(why_not("-2.5E-2").contains("exponent"));
        assert_eq!(
            why_not("1234567890123456789012345678901"),
            "`1234567890123456789012345678901` has 31 significant digits; a decimal holds at most 28"
        );
        assert!(why_not("0.00000000000000000000000000001").contains("29 decimal places"));
        assert!(why_not("99999999999999999999999999999").contains("29 significant digits"));
        assert!(why_not("1,000").contains("not a decimal number"));
        assert!(why_not("1.").contains("not a decimal number"));
        assert!(why_not(" 1").contains("not a decimal number"));
        assert!(why_not("e3").contains("not a decimal number"));
    }

    #[test]
    fn the_strict_grammar_is_exact() {
        assert_eq!(
            from_text("123456789.123456789").map(|d| d.to_string()),
            Ok("123456789.123456789".into())
        );
        assert_eq!(
            from_text("+0.10").map(|d| (d.to_string(), d.scale())),
            Ok(("0.10".into(), 2))
        );
        // 29 digits that fit are kept
        assert!(from_text("10000000000000000000000000000").is_ok());
    }
}
