//! A strict JSON parser (RFC 8259) into the spanned [`Node`] tree.
//!
//! Written here rather than taken from `serde_json` because a rule book needs what a
//! general parser does not keep: the place of every key and value, numbers as their
//! source text, and duplicate keys refused (RFC 8259 leaves them undefined; `serde_json`
//! keeps the last). What it accepts is exactly RFC 8259: no comments, no trailing
//! commas, no single quotes, no `NaN`; a leading byte-order mark is skipped. Arrays and
//! objects nest at most [`MAX_DEPTH`](super::MAX_DEPTH) deep, so the parser's recursion
//! is bounded whatever the input.

use std::collections::HashMap;

use super::MAX_DEPTH;
use super::node::{Key, Locator, Node, Span, Value};

/// Why a text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    /// Where the problem was found.
    pub(crate) span: Span,
    /// What is wrong, in words.
    pub(crate) reason: String,
    /// The key concerned (a key given twice).
    pub(crate) key: Option<String>,
    /// The object it is in, when known: the key of the array or table holding it and
    /// its `id` (a key given twice in `{"id": "I1", …}` of `indicators`).
    pub(crate) object: Option<(String, String)>,
}

/// Parses `text` as one JSON value.
pub(crate) fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut p = Parser {
        bytes: text.as_bytes(),
        text,
        pos: if text.starts_with('\u{feff}') { 3 } else { 0 },
        loc: Locator::new(text),
        depth: 0,
        keys: Vec::new(),
    };
    p.ws();
    if p.pos == p.bytes.len() {
        return Err(p.error("the text is empty: expected a JSON value"));
    }
    let node = p.value()?;
    p.ws();
    if p.pos < p.bytes.len() {
        let found = p.found();
        return Err(p.error(format!("{found} after the end of the document")));
    }
    Ok(node)
}

/// Objects with more entries than this find duplicate keys through a hash map.
const LINEAR_KEYS: usize = 16;

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    loc: Locator<'t>,
    /// Arrays and objects open around the current position.
    depth: usize,
    /// The keys whose values are open around the current position, innermost last.
    keys: Vec<String>,
}

impl Parser<'_> {
    fn error(&mut self, reason: impl Into<String>) -> SyntaxError {
        SyntaxError {
            span: self.loc.at(self.pos),
            reason: reason.into(),
            key: None,
            object: None,
        }
    }

    fn error_at(&mut self, offset: usize, reason: impl Into<String>) -> SyntaxError {
        SyntaxError {
            span: self.loc.at(offset),
            reason: reason.into(),
            key: None,
            object: None,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips JSON whitespace: space, tab, line feed, carriage return.
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// What stands at the current position, in words, for an error message.
    fn found(&self) -> String {
        let rest = &self.text[self.pos..];
        let Some(c) = rest.chars().next() else {
            return "the end of the text".into();
        };
        if rest.starts_with("//") || rest.starts_with("/*") {
            return "a comment (JSON has none)".into();
        }
        if c.is_alphabetic() {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .take(20)
                .collect();
            return format!("`{word}`");
        }
        if c.is_control() || c.is_whitespace() {
            return format!("the character U+{:04X}", u32::from(c));
        }
        format!("`{c}`")
    }

    fn value(&mut self) -> Result<Node, SyntaxError> {
        let span = self.loc.at(self.pos);
        let value = match self.peek() {
            Some(b'{') => self.object()?,
            Some(b'[') => self.array()?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            Some(b't') if self.bytes[self.pos..].starts_with(b"true") => {
                self.pos += 4;
                Value::Bool(true)
            }
            Some(b'f') if self.bytes[self.pos..].starts_with(b"false") => {
                self.pos += 5;
                Value::Bool(false)
            }
            Some(b'n') if self.bytes[self.pos..].starts_with(b"null") => {
                self.pos += 4;
                Value::Null
            }
            Some(b'\'') => return Err(self.error("strings are written in double quotes in JSON")),
            _ => {
                let found = self.found();
                return Err(self.error(format!("expected a value, found {found}")));
            }
        };
        Ok(Node { value, span })
    }

    fn open(&mut self) -> Result<(), SyntaxError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(format!(
                "arrays and objects nest deeper than {MAX_DEPTH} levels"
            )));
        }
        self.depth += 1;
        self.pos += 1;
        Ok(())
    }

    fn array(&mut self) -> Result<Value, SyntaxError> {
        self.open()?;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            if self.peek() == Some(b']') {
                return Err(self.error("a trailing comma before `]`"));
            }
            items.push(self.value()?);
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Value::Array(items));
                }
                _ => {
                    let found = self.found();
                    return Err(self.error(format!(
                        "expected `,` or `]` after an array element, found {found}"
                    )));
                }
            }
        }
    }

    fn object(&mut self) -> Result<Value, SyntaxError> {
        self.open()?;
        let mut entries: Vec<(Key, Node)> = Vec::new();
        let mut index: Option<HashMap<String, usize>> = None;
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Table(entries));
        }
        loop {
            self.ws();
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') => return Err(self.error("a trailing comma before `}`")),
                _ => {
                    let found = self.found();
                    return Err(
                        self.error(format!("expected a key in double quotes, found {found}"))
                    );
                }
            }
            let key_offset = self.pos;
            let key_span = self.loc.at(key_offset);
            let name = self.string()?;
            let earlier = match &index {
                Some(map) => map.get(&name).copied(),
                None => entries.iter().position(|(k, _)| k.name == name),
            };
            if let Some(k) = earlier {
                let first = entries[k].0.span;
                let place = if first.line == key_span.line {
                    format!(
                        "on line {} (columns {} and {})",
                        first.line, first.column, key_span.column
                    )
                } else {
                    format!("on lines {} and {}", first.line, key_span.line)
                };
                let mut e =
                    self.error_at(key_offset, format!("key `{name}` is given twice, {place}"));
                let id = entries.iter().find_map(|(k, v)| match &v.value {
                    Value::String(s) if k.name == "id" => Some(s.clone()),
                    _ => None,
                });
                e.object = id.zip(self.keys.last().cloned()).map(|(id, c)| (c, id));
                e.key = Some(name);
                return Err(e);
            }
            self.ws();
            if self.peek() != Some(b':') {
                let found = self.found();
                return Err(self.error(format!("expected `:` after key `{name}`, found {found}")));
            }
            self.pos += 1;
            self.ws();
            self.keys.push(name);
            let value = self.value();
            let name = self.keys.pop().unwrap_or_default();
            let value = value?;
            if let Some(map) = &mut index {
                map.insert(name.clone(), entries.len());
            } else if entries.len() + 1 >= LINEAR_KEYS {
                let mut map: HashMap<String, usize> = entries
                    .iter()
                    .enumerate()
                    .map(|(i, (k, _))| (k.name.clone(), i))
                    .collect();
                map.insert(name.clone(), entries.len());
                index = Some(map);
            }
            entries.push((
                Key {
                    name,
                    span: key_span,
                },
                value,
            ));
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Value::Table(entries));
                }
                _ => {
                    let found = self.found();
                    return Err(self.error(format!(
                        "expected `,` or `}}` after a value in an object, found {found}"
                    )));
                }
            }
        }
    }

    /// A number by the RFC 8259 grammar, `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`,
    /// returned as written.
    fn number(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error_at(start, "a number with a leading zero"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("expected a digit after the decimal point"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("expected a digit in the exponent"));
            }
            self.digits();
        }
        Ok(self.text[start..self.pos].to_owned())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    /// A string, the opening quote at the current position; escapes decoded.
    fn string(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run = self.pos;
            while let Some(&b) = self.bytes.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.text[run..self.pos]);
            match self.peek() {
                None => return Err(self.error_at(start, "a string is not closed")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => out.push(self.escape()?),
                Some(b) => {
                    return Err(self.error(format!(
                        "the control character U+{b:04X} in a string (write it as an escape such as \\n)"
                    )));
                }
            }
        }
    }

    /// One escape, the backslash at the current position.
    fn escape(&mut self) -> Result<char, SyntaxError> {
        let at = self.pos;
        self.pos += 1;
        let c =
            match self.peek() {
                Some(b'"') => '"',
                Some(b'\\') => '\\',
                Some(b'/') => '/',
                Some(b'b') => '\u{8}',
                Some(b'f') => '\u{c}',
                Some(b'n') => '\n',
                Some(b'r') => '\r',
                Some(b't') => '\t',
                Some(b'u') => {
                    self.pos += 1;
                    let unit = self.hex4(at)?;
                    return match unit {
                        0xD800..=0xDBFF => {
                            if !self.bytes[self.pos..].starts_with(b"\\u") {
                                return Err(self
                                    .error_at(at, format!("an unpaired surrogate \\u{unit:04X}")));
                            }
                            let low_at = self.pos;
                            self.pos += 2;
                            let low = self.hex4(low_at)?;
                            if !(0xDC00..=0xDFFF).contains(&low) {
                                return Err(self
                                    .error_at(at, format!("an unpaired surrogate \\u{unit:04X}")));
                            }
                            let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                            char::from_u32(code)
                                .ok_or_else(|| self.error_at(at, "an invalid surrogate pair"))
                        }
                        0xDC00..=0xDFFF => {
                            Err(self.error_at(at, format!("an unpaired surrogate \\u{unit:04X}")))
                        }
                        _ => char::from_u32(unit)
                            .ok_or_else(|| self.error_at(at, "an invalid \\u escape")),
                    };
                }
                _ => {
                    let found = self.found();
                    return Err(
                        self.error_at(at, format!("an invalid escape: `\\` followed by {found}"))
                    );
                }
            };
        self.pos += 1;
        Ok(c)
    }

    /// Four hexadecimal digits at the current position.
    fn hex4(&mut self, escape: usize) -> Result<u32, SyntaxError> {
        let mut v = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => {
                    return Err(self.error_at(escape, "a \\u escape needs four hexadecimal digits"));
                }
            };
            v = v * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(v)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::parse;
    use crate::rulebook::node::Value;

    fn err(text: &str) -> (u32, u32, String) {
        let e = parse(text).unwrap_err();
        (e.span.line, e.span.column, e.reason)
    }

    #[test]
    fn numbers_are_kept_as_written() {
        let n = parse("[123456789.123456789, -0, 1E+3, 0.10, 2e56789]").unwrap();
        let Value::Array(items) = n.value else {
            panic!("an array")
        };
        let texts: Vec<_> = items
            .iter()
            .map(|i| match &i.value {
                Value::Number(t) => t.as_str(),
                _ => "",
            })
            .collect();
        // beyond the range of a binary float too: JSON's grammar has no range
        assert_eq!(
            texts,
            ["123456789.123456789", "-0", "1E+3", "0.10", "2e56789"]
        );
    }

    #[test]
    fn numbers_outside_the_grammar_are_refused() {
        for bad in [
            "01",
            "1.",
            ".5",
            "+1",
            "1e",
            "1e+",
            "-",
            "0x10",
            "NaN",
            "Infinity",
            "-Infinity",
        ] {
            assert!(parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn escapes_and_surrogate_pairs_decode() {
        let n = parse(r#""a\"\\\/\b\f\n\r\t\u00e9\u6307\ud83d\ude00""#).unwrap();
        assert_eq!(n.value, Value::String("a\"\\/\u{8}\u{c}\n\r\té指😀".into()));
    }

    #[test]
    fn unpaired_surrogates_and_raw_control_characters_are_refused() {
        assert!(err(r#""\ud83d""#).2.contains("unpaired surrogate"));
        assert!(err(r#""\ude00x""#).2.contains("unpaired surrogate"));
        assert!(err(r#""\ud83d\u0041""#).2.contains("unpaired surrogate"));
        assert!(err("\"a\nb\"").2.contains("control character"));
        assert!(err(r#""\x""#).2.contains("invalid escape"));
        assert!(err(r#""\u12""#).2.contains("four hexadecimal"));
    }

    #[test]
    fn trailing_commas_and_comments_are_refused_with_their_place() {
        assert_eq!(err("[1,\n 2,\n]").0, 3);
        assert!(err("{\"a\": 1,}").2.contains("trailing comma"));
        let (line, column, reason) = err("{\n  // note\n  \"a\": 1\n}");
        assert_eq!((line, column), (2, 3));
        assert!(reason.contains("comment"), "{reason}");
        assert!(err("[1] /* x */").2.contains("comment"));
    }

    #[test]
    fn duplicate_keys_name_the_key_and_both_lines() {
        let (line, column, reason) = err("{\n \"cap\": \"1\",\n \"x\": 2,\n \"cap\": \"2\"\n}");
        assert_eq!((line, column), (4, 2));
        assert_eq!(reason, "key `cap` is given twice, on lines 2 and 4");
        // in a large object too (found through the hash map)
        let mut text = String::from("{");
        for i in 0..40 {
            text.push_str(&format!("\"k{i}\": {i},\n"));
        }
        text.push_str("\"k3\": 0}");
        assert_eq!(err(&text).2, "key `k3` is given twice, on lines 4 and 41");
    }

    #[test]
    fn nesting_beyond_the_limit_is_refused_without_recursing_further() {
        let ok = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(65), "]".repeat(65));
        assert!(err(&deep).2.contains("deeper than 64"));
        // a hostile input far deeper still fails quickly
        let hostile = "[{\"a\":".repeat(200_000);
        assert!(err(&hostile).2.contains("deeper than 64"));
    }

    #[test]
    fn positions_count_characters_after_a_bom() {
        let n = parse("\u{feff}{\"名称\": \"x\", \"b\": 1}").unwrap();
        let Value::Table(entries) = n.value else {
            panic!("a table")
        };
        assert_eq!((entries[1].0.span.line, entries[1].0.span.column), (1, 13));
        assert_eq!(
            entries[1].1.span.offset,
            "\u{feff}{\"名称\": \"x\", \"b\": ".len()
        );
    }

    #[test]
    fn empty_and_trailing_text_are_refused() {
        assert!(err("  ").2.contains("empty"));
        assert!(err("{} {}").2.contains("after the end"));
        assert!(err("tru").2.contains("`tru`"));
        assert!(err("'a'").2.contains("double quotes"));
    }
}
