//! TOML into the spanned [`Node`] tree, through the `toml` crate's spanned parser
//! (`toml::de::DeTable::parse`), which keeps every key's and value's byte span and the
//! source text of integers and floats.
//!
//! - Integers and floats keep their text (`points = 123456789.123456789` stays exact);
//!   `_` separators are removed, and hexadecimal, octal and binary integers are written
//!   in decimal.
//! - `inf` and `nan` are refused: no rule-book value can be one.
//! - Dates and times become strings as written (`2026-03-31`).
//! - Tables keep the order in which their keys first appear.
//! - Nesting deeper than [`MAX_DEPTH`](super::MAX_DEPTH) is refused, as in JSON.

use ::toml::Spanned;
use ::toml::de::{DeTable, DeValue};

use super::MAX_DEPTH;
use super::json::SyntaxError;
use super::node::{Key, Locator, Node, Value};

/// Parses `text` as a TOML document.
pub(crate) fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut loc = Locator::new(text);
    let table = match DeTable::parse(text) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            let mut reason: String = e
                .message()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
            if let Some(s) = e.span().filter(|s| !s.is_empty() && s.len() <= 40) {
                if let Some(what) = text.get(s).filter(|w| !w.contains('\n')) {
                    reason.push_str(&format!(" `{what}`"));
                }
            }
            return Err(SyntaxError {
                span: loc.at(offset),
                reason,
                key: None,
                object: None,
            });
        }
    };
    let span = loc.at(0);
    let mut conv = Convert { text, loc };
    let value = conv.table(table.get_ref(), 1)?;
    Ok(Node { value, span })
}

struct Convert<'t> {
    text: &'t str,
    loc: Locator<'t>,
}

impl Convert<'_> {
    fn deeper(&mut self, offset: usize, depth: usize) -> Result<(), SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(SyntaxError {
                span: self.loc.at(offset),
                reason: format!("arrays and tables nest deeper than {MAX_DEPTH} levels"),
                key: None,
                object: None,
            });
        }
        Ok(())
    }

    fn table(&mut self, t: &DeTable<'_>, depth: usize) -> Result<Value, SyntaxError> {
        let mut entries = Vec::with_capacity(t.len());
        for (k, v) in t.iter() {
            let key = Key {
                name: k.get_ref().to_string(),
                span: self.loc.at(k.span().start),
            };
            entries.push((key, self.node(v, depth)?));
        }
        Ok(Value::Table(entries))
    }

    /// The node of `v`, a value inside a table or array `depth` levels deep.
    fn node(&mut self, v: &Spanned<DeValue<'_>>, depth: usize) -> Result<Node, SyntaxError> {
        let range = v.span();
        let span = self.loc.at(range.start);
        let value = match v.get_ref() {
            DeValue::String(s) => Value::String(s.to_string()),
            DeValue::Boolean(b) => Value::Bool(*b),
            DeValue::Integer(i) if i.radix() == 10 => Value::Number(i.as_str().to_owned()),
            DeValue::Integer(i) => match i128::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Value::Number(n.to_string()),
                Err(_) => {
                    return Err(SyntaxError {
                        span,
                        reason: format!("the integer `{i}` is out of range"),
                        key: None,
                        object: None,
                    });
                }
            },
            DeValue::Float(f) => {
                let text = f.as_str();
                if text.contains("inf") || text.contains("nan") {
                    return Err(SyntaxError {
                        span,
                        reason: format!("`{text}` is not a number a rule book can hold"),
                        key: None,
                        object: None,
                    });
                }
                Value::Number(text.to_owned())
            }
            DeValue::Datetime(d) => Value::String(
                self.text
                    .get(range.clone())
                    .map_or_else(|| d.to_string(), str::to_owned),
            ),
            DeValue::Array(items) => {
                self.deeper(range.start, depth + 1)?;
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    out.push(self.node(item, depth + 1)?);
                }
                Value::Array(out)
            }
            DeValue::Table(t) => {
                self.deeper(range.start, depth + 1)?;
                self.table(t, depth + 1)?
            }
        };
        Ok(Node { value, span })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::parse;
    use crate::rulebook::node::Value;

    fn scalar(text: &str, key: &str) -> Value {
        parse(text).unwrap().get(key).unwrap().value.clone()
    }

    #[test]
    fn numbers_keep_their_source_text() {
        let doc = "a = 123456789.123456789\nb = 1_000\nc = 0x1F\nd = -0\ne = +1.50\nf = 1e3\n";
        assert_eq!(
            scalar(doc, "a"),
            Value::Number("123456789.123456789".into())
        );
        assert_eq!(scalar(doc, "b"), Value::Number("1000".into()));
        assert_eq!(scalar(doc, "c"), Value::Number("31".into()));
        assert_eq!(scalar(doc, "d"), Value::Number("-0".into()));
        assert_eq!(scalar(doc, "e"), Value::Number("+1.50".into()));
        assert_eq!(scalar(doc, "f"), Value::Number("1e3".into()));
    }

    #[test]
    fn infinity_and_nan_are_refused() {
        for bad in ["a = inf", "a = -inf", "a = +inf", "a = nan", "a = -nan"] {
            let e = parse(bad).unwrap_err();
            assert!(e.reason.contains("not a number"), "{bad}: {}", e.reason);
        }
    }

    #[test]
    fn dates_become_strings_as_written() {
        let doc = "a = 2026-03-31\nb = 1979-05-27 07:32:00Z\n";
        assert_eq!(scalar(doc, "a"), Value::String("2026-03-31".into()));
        assert_eq!(
            scalar(doc, "b"),
            Value::String("1979-05-27 07:32:00Z".into())
        );
    }

    #[test]
    fn keys_keep_their_order_and_place() {
        let n = parse("z = 1\n[t]\n  \"名\" = 2\n  a = 3\n").unwrap();
        let t = n.get("t").unwrap();
        let Value::Table(entries) = &t.value else {
            panic!("a table")
        };
        let names: Vec<_> = entries.iter().map(|(k, _)| k.name.as_str()).collect();
        assert_eq!(names, ["名", "a"]);
        assert_eq!((entries[1].0.span.line, entries[1].0.span.column), (4, 3));
        assert_eq!((entries[1].1.span.line, entries[1].1.span.column), (4, 7));
    }

    #[test]
    fn syntax_errors_have_a_place() {
        let e = parse("a = 1\nb = [1,\n").unwrap_err();
        assert_eq!(e.span.line, 2);
        let e = parse("a = 1\na = 2\n").unwrap_err();
        assert_eq!((e.span.line, e.span.column), (2, 1));
        assert_eq!(e.reason, "duplicate key `a`");
    }

    #[test]
    fn nesting_beyond_the_limit_is_refused() {
        let ok = format!("a = {}{}", "[".repeat(63), "]".repeat(63));
        assert!(parse(&ok).is_ok());
        let deep = format!("a = {}{}", "[".repeat(64), "]".repeat(64));
        assert!(parse(&deep).unwrap_err().reason.contains("deeper than 64"));
    }
}
