//! The rule-book loader: strict, exact and position-aware reading of every file a
//! bureau writes, from TOML or JSON alike.
//!
//! One rule for both formats:
//!
//! - **Decimals are exact.** A decimal is read from its source text: a string in the
//!   strict grammar (`"0.05"`, `"-3"`: a sign, digits, a point and digits) or a bare
//!   number as it is written (`points = 123456789.123456789` keeps every digit). No
//!   value ever passes through binary floating point; a number with an exponent (`1e3`) or with more
//!   digits than a `Decimal` holds (28 significant) is refused with a message saying how
//!   to write it. Types opt in with the helpers of [`exact_serde`].
//! - **Unknown keys are refused**, naming the file, line, column, the object
//!   (`indicator I051`), the key and the nearest valid key:
//!   `indicators.toml:12:5: indicator I051: unknown key `capp` in rule (did you mean `cap`?)`.
//!   (Types opt in with `#[serde(deny_unknown_fields)]`.)
//! - **Every error has a place**: [`Error::file`](crate::Error::file),
//!   [`line`](crate::Error::line), [`column`](crate::Error::column) (in characters),
//!   [`path`](crate::Error::path) (`indicators[3].rule.cap`), [`key`](crate::Error::key);
//!   and a type's own check raised while loading keeps its structure (a repeated
//!   indicator is still [`is_duplicate`](crate::Error::is_duplicate) and names it in
//!   [`indicator`](crate::Error::indicator)), pointed at the element it concerns.
//! - **Names are strings, numbers are numbers**: a name written `123` is an error, not
//!   `"123"`; an integer field refuses `1.5` and a value out of its range.
//! - **JSON is strict RFC 8259**: no comments, no trailing commas, and a key given twice
//!   in one object is an error naming both lines. TOML is TOML 1.1 (the `toml` crate's
//!   parser); dates and times are read as the strings they are written as, `inf` and
//!   `nan` are refused.
//! - **Limits**: a text of at most [`MAX_INPUT_BYTES`] (16 MiB), arrays and tables
//!   nested at most [`MAX_DEPTH`] (64) deep.
//! - An internally tagged enum (`kind = "completion"`) reads its tag first and the rest
//!   of its table straight into the variant's struct ([`kind_tagged!`]), so unknown keys
//!   inside a rule are found with their place too.
//!
//! A whole rule book — period, declared groups and data points, indicators, adjustment,
//! ranking, lists, rounding of totals — is a [`RuleBook`]: loaded the same way, and then
//! its references are checked and placed (a data point or group an indicator names but
//! the book does not declare, an id declared twice). [`RuleBook::into_scheme`] gives the
//! [`Scheme`](crate::Scheme) that scores it. Every other file a bureau writes (units,
//! targets, incidents, tolerance settings, risk and card rules, organisation and plan
//! specs) is read with [`from_toml_str`] or [`from_json_str`] into its type;
//! `docs/FORMATS.md` shows each, and `docs/schema/` holds the JSON Schemas an editor
//! validates them with (generated from the types: the `schema` feature).
//!
//! # Examples
//!
//! ```
//! use rust_decimal::Decimal;
//! use serde::Deserialize;
//!
//! #[derive(Debug, Deserialize)]
//! #[serde(deny_unknown_fields)]
//! struct Indicator {
//!     id: String,
//!     #[serde(deserialize_with = "scorecard::rulebook::exact_serde::decimal")]
//!     points: Decimal,
//!     #[serde(default, deserialize_with = "scorecard::rulebook::exact_serde::option_decimal")]
//!     cap: Option<Decimal>,
//! }
//!
//! #[derive(Debug, Deserialize)]
//! #[serde(deny_unknown_fields)]
//! struct Book {
//!     indicators: Vec<Indicator>,
//! }
//!
//! let toml = r#"
//! [[indicators]]
//! id = "I051"
//! points = 123456789.123456789
//! "#;
//! let book: Book = scorecard::rulebook::from_toml_str(toml, "indicators.toml")?;
//! assert_eq!(book.indicators[0].points.to_string(), "123456789.123456789");
//!
//! let json = r#"{"indicators": [
//!   {"id": "I051", "points": "3",
//!    "capp": "1.1"}
//! ]}"#;
//! let e = scorecard::rulebook::from_json_str::<Book>(json, "indicators.json").unwrap_err();
//! assert_eq!(
//!     e.to_string(),
//!     "indicators.json:3:4: indicator I051: unknown key `capp` (did you mean `cap`?)"
//! );
//! assert_eq!(e.indicator().map(|i| i.as_str()), Some("I051"));
//! assert_eq!(e.path(), Some("indicators[0].capp"));
//! # Ok::<(), scorecard::Error>(())
//! ```

mod book;
mod de;
mod json;
mod located;
mod node;
mod report;
#[cfg(any(test, feature = "schema"))]
pub mod schema;
mod suggest;
mod tagged;
mod toml;

use serde::de::DeserializeOwned;

use crate::error::Result;

pub use self::book::RuleBook;
pub use self::node::{Key, Node, Span, Value};
pub use crate::num::exact_serde;

#[doc(inline)]
pub use crate::__kind_tagged as kind_tagged;

/// What [`kind_tagged!`] expands to; not API.
#[doc(hidden)]
pub mod __private {
    pub use super::tagged::{NoKeys, Rest, TAGGED, expecting, split};
    pub use serde;
}

/// The largest text the loader reads: 16 MiB. A rule book (every indicator, unit and
/// group of a province) is well under a megabyte; a larger file is a mistake (the fact
/// data given as the rule book, say) and is refused before it is parsed.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// How deeply arrays and tables may nest (the document itself is level 1): 64, far more
/// than a rule book uses. It bounds the parsers' and the deserializer's recursion, so
/// that no input can exhaust the stack.
pub const MAX_DEPTH: usize = 64;

/// Parses `text` as JSON into the spanned tree; `file` names it in errors.
///
/// # Errors
///
/// A [syntax](crate::Error::is_syntax) error with its line and column when the text is
/// not JSON, nests deeper than [`MAX_DEPTH`] or is larger than [`MAX_INPUT_BYTES`].
///
/// # Examples
///
/// ```
/// use scorecard::rulebook::{parse_json, Value};
///
/// let node = parse_json("{\"points\": 123456789.123456789}", "a.json")?;
/// let points = node.get("points").unwrap();
/// assert_eq!(points.value, Value::Number("123456789.123456789".into()));
/// assert_eq!((points.span.line, points.span.column), (1, 12));
///
/// let e = parse_json("{\"a\": 1,\n \"a\": 2}", "a.json").unwrap_err();
/// assert_eq!(e.to_string(), "a.json:2:2: key `a` is given twice, on lines 1 and 2");
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn parse_json(text: &str, file: &str) -> Result<Node> {
    check_size(text, file)?;
    json::parse(text).map_err(|e| report::syntax(file, e))
}

/// Parses `text` as TOML into the spanned tree; `file` names it in errors.
///
/// # Errors
///
/// As [`parse_json`], for TOML.
///
/// # Examples
///
/// ```
/// use scorecard::rulebook::{parse_toml, Value};
///
/// let node = parse_toml("[rule]\ncap = 1.10\n", "a.toml")?;
/// let cap = node.get("rule").and_then(|r| r.get("cap")).unwrap();
/// assert_eq!(cap.value, Value::Number("1.10".into()));
/// assert_eq!((cap.span.line, cap.span.column), (2, 7));
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn parse_toml(text: &str, file: &str) -> Result<Node> {
    check_size(text, file)?;
    toml::parse(text).map_err(|e| report::syntax(file, e))
}

/// Deserializes a `T` from a tree parsed by [`parse_json`] or [`parse_toml`]; `file`
/// names it in errors.
///
/// # Errors
///
/// An error ([`is_load`](crate::Error::is_load)) with the file, line, column, path,
/// object, key and reason when the tree does not describe a `T`: an
/// [unknown key](crate::Error::is_unknown_key) (with a suggestion when one is close), a
/// missing key, a value of the wrong type or out of range, a decimal not written
/// exactly, or an error of `T`'s own checks (kept as the cause).
pub fn from_node<T: DeserializeOwned>(node: &Node, file: &str) -> Result<T> {
    de::from_root(node).map_err(|e| report::located(file, node, e))
}

/// Reads a `T` from TOML text; `file` names it in errors.
///
/// # Errors
///
/// As [`parse_toml`] and [`from_node`].
///
/// # Examples
///
/// ```
/// #[derive(Debug, serde::Deserialize)]
/// #[serde(deny_unknown_fields)]
/// struct Rounding {
///     places: u32,
/// }
///
/// let r: Rounding = scorecard::rulebook::from_toml_str("places = 2\n", "r.toml")?;
/// assert_eq!(r.places, 2);
///
/// let e = scorecard::rulebook::from_toml_str::<Rounding>("places = 2.5\n", "r.toml")
///     .unwrap_err();
/// assert_eq!(
///     e.to_string(),
///     "r.toml:1:10: `places`: expected a whole number from 0 to 4294967295, found `2.5`"
/// );
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn from_toml_str<T: DeserializeOwned>(text: &str, file: &str) -> Result<T> {
    from_node(&parse_toml(text, file)?, file)
}

/// Reads a `T` from JSON text; `file` names it in errors.
///
/// # Errors
///
/// As [`parse_json`] and [`from_node`].
///
/// # Examples
///
/// ```
/// #[derive(Debug, serde::Deserialize)]
/// #[serde(deny_unknown_fields)]
/// struct Unit {
///     id: String,
///     name: String,
/// }
///
/// let e = scorecard::rulebook::from_json_str::<Vec<Unit>>(
///     "[{\"id\": \"U1\", \"name\": 123}]",
///     "units.json",
/// )
/// .unwrap_err();
/// assert_eq!(
///     e.to_string(),
///     "units.json:1:23: unit U1: `name`: expected a string, found the number `123`"
/// );
/// assert_eq!(e.unit().map(|u| u.as_str()), Some("U1"));
/// assert_eq!(e.key(), Some("name"));
/// ```
pub fn from_json_str<T: DeserializeOwned>(text: &str, file: &str) -> Result<T> {
    from_node(&parse_json(text, file)?, file)
}

/// The candidate nearest to `word`, when it is close enough to be the word meant ("did
/// you mean …?"): at most one edit (an insertion, deletion, substitution or swap of two
/// neighbours) for every three characters of the longer of the two, ignoring case; the
/// first of equally near candidates wins. The loader suggests keys, values and declared
/// ids with it.
///
/// # Examples
///
/// ```
/// use scorecard::rulebook::suggest;
///
/// assert_eq!(suggest("capp", &["measure", "cap", "floor"]), Some("cap"));
/// assert_eq!(suggest("D13O", &["D120", "D130"]), Some("D130"));
/// assert_eq!(suggest("colour", &["cap", "floor"]), None);
/// ```
pub fn suggest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    suggest::nearest(word, candidates)
}

fn check_size(text: &str, file: &str) -> Result<()> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(report::too_large(file, text.len(), MAX_INPUT_BYTES));
    }
    Ok(())
}
