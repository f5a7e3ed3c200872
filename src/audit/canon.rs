//! The canonical text of a JSON value: no whitespace, object keys in byte order,
//! strings escaped in one fixed way, numbers as integers only.

use serde_json::Value;

use crate::error::{Error, Result};

/// Appends the canonical text of `value` to `out`.
///
/// # Errors
///
/// A number that is not an integer (the crate never writes one: decimals are strings).
pub(crate) fn write(value: &Value, out: &mut String) -> Result<()> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                out.push_str(&i.to_string());
            } else if let Some(u) = n.as_u64() {
                out.push_str(&u.to_string());
            } else {
                return Err(Error::internal(
                    "the crate wrote a number that is not an integer into a digested value",
                ));
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
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (k, key) in keys.into_iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                string(key, out);
                out.push(':');
                if let Some(v) = map.get(key) {
                    write(v, out)?;
                }
            }
            out.push('}');
        }
    }
    Ok(())
}

/// A JSON string: `"` and `\` escaped with a backslash, other characters below U+0020
/// as `\u00XX` (lowercase hex), everything else as its UTF-8 bytes.
fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
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
    fn keys_sorted_no_spaces_fixed_escapes() {
        let v = json!({"b": [1, -2, null, true], "a": "x\"y\\z\n税", "A": {}});
        assert_eq!(
            canon(v),
            r#"{"A":{},"a":"x\"y\\z\u000a税","b":[1,-2,null,true]}"#
        );
    }
}
