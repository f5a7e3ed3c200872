//! The JSON Canonicalization Scheme (JCS, RFC 8785) of the JSON values the digest
//! document holds.
//!
//! RFC 8785 makes a JSON value into one byte string: no whitespace; object members
//! sorted by their names as arrays of UTF-16 code units; strings escaped exactly as
//! §3.2.2.2 says (`"` and `\` with a backslash; U+0008, U+0009, U+000A, U+000C and
//! U+000D as `\b`, `\t`, `\n`, `\f`, `\r`; every other character below U+0020 as
//! `\u00xx` in lowercase hex; everything else as its UTF-8 bytes); numbers as
//! ECMAScript's `Number.prototype.toString` writes them.
//!
//! The digest document writes every decimal as a string, so the only numbers are
//! integers (counts, ranks from the top, group sizes, the format version). Within
//! ±(2⁵³ − 1) ECMAScript writes an integer as its plain decimal digits, which is all
//! this writer does; any other number — a fraction, or an integer an IEEE double
//! cannot hold exactly — is refused rather than written in a way another JCS
//! implementation might not reproduce.

use std::cmp::Ordering;

use serde_json::Value;

use crate::error::{Error, Result};

/// The largest integer an IEEE double holds exactly with all smaller ones
/// (ECMAScript's `Number.MAX_SAFE_INTEGER`, 2⁵³ − 1).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Appends the RFC 8785 canonical form of `value` to `out`.
///
/// # Errors
///
/// A number that is not an integer within ±(2⁵³ − 1).
pub(crate) fn write(value: &Value, out: &mut String) -> Result<()> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let safe = n
                .as_u64()
                .filter(|u| *u <= MAX_SAFE_INTEGER)
                .map(|u| u.to_string())
                .or_else(|| {
                    n.as_i64()
                        .filter(|i| i.unsigned_abs() <= MAX_SAFE_INTEGER)
                        .map(|i| i.to_string())
                });
            match safe {
                Some(digits) => out.push_str(&digits),
                None => {
                    return Err(Error::invalid_option(
                        "a digest document",
                        "number",
                        n,
                        "it can hold only integers within ±(2^53 − 1) as numbers: write \
                         decimals as strings (a host rule's params, say)",
                    ));
                }
            }
        }
        Value::String(s) => string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                write(item, out)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by(|a, b| utf16_order(a.0, b.0));
            out.push('{');
            for (k, (key, v)) in members.into_iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                string(key, out);
                out.push(':');
                write(v, out)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

/// The order of RFC 8785 §3.2.3: names compared as arrays of UTF-16 code units (which
/// differs from the order of UTF-8 bytes and of code points beyond U+FFFF: U+10000 is
/// `D800 DC00` and sorts before U+E000).
fn utf16_order(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// A JSON string as RFC 8785 §3.2.2.2 writes it.
fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if u32::from(c) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let v = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[v >> 4]));
                out.push(char::from(HEX[v & 0xf]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn canon(v: serde_json::Value) -> String {
        let mut s = String::new();
        super::write(&v, &mut s).ok();
        s
    }

    #[test]
    fn keys_by_utf16_no_spaces_rfc_escapes() {
        let v = json!({"b": [1, -2, null, true], "a": "x\"y\\z\n\u{1}\u{7f}税", "A": {}});
        let expected = concat!(
            r#"{"A":{},"a":"x\"y\\z\n\u0001"#,
            "\u{7f}税",
            r#"","b":[1,-2,null,true]}"#
        );
        assert_eq!(canon(v), expected);
    }

    /// The sorting example of RFC 8785 §3.2.3.
    #[test]
    fn the_rfc_sorting_example() {
        let v = json!({
            "\u{20ac}": "Euro Sign",
            "\r": "Carriage Return",
            "\u{fb33}": "Hebrew Letter Dalet With Dagesh",
            "1": "One",
            "\u{1f600}": "Emoji: Grinning Face",
            "\u{80}": "Control",
            "\u{f6}": "Latin Small Letter O With Diaeresis"
        });
        let expected = concat!(
            r#"{"\r":"Carriage Return","1":"One","#,
            "\"\u{80}\":\"Control\",",
            "\"\u{f6}\":\"Latin Small Letter O With Diaeresis\",",
            "\"\u{20ac}\":\"Euro Sign\",",
            "\"\u{1f600}\":\"Emoji: Grinning Face\",",
            "\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        );
        assert_eq!(canon(v), expected);
    }

    #[test]
    fn numbers_beyond_the_safe_integers_are_refused() {
        let mut s = String::new();
        assert!(super::write(&json!(9_007_199_254_740_991_u64), &mut s).is_ok());
        assert!(super::write(&json!(-9_007_199_254_740_991_i64), &mut s).is_ok());
        assert!(super::write(&json!(9_007_199_254_740_992_u64), &mut s).is_err());
        assert!(super::write(&json!(-9_007_199_254_740_992_i64), &mut s).is_err());
        assert!(super::write(&json!(u64::MAX), &mut s).is_err());
        let fraction: serde_json::Value = serde_json::from_str("1.5").unwrap_or_default();
        assert!(super::write(&fraction, &mut s).is_err());
    }
}
