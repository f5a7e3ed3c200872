//! Properties: every decimal written as text reads back to the bit in both formats,
//! bare or quoted; the JSON parser agrees with `serde_json` on valid documents; and no
//! input makes either parser or the deserializer panic.

use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::rulebook::{Node, Value, from_json_str, from_toml_str, parse_json, parse_toml};

use super::{Book, One};

fn any_decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (-100_000i64..100_000, 0u32..=6).prop_map(|(m, s)| Decimal::new(m, s)),
        (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
        (
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            any::<bool>(),
            0u32..=28
        )
            .prop_map(|(l, m, h, n, s)| Decimal::from_parts(l, m, h, n, s)),
    ]
}

/// A JSON value of integers, strings (any characters), booleans and nulls, nested.
fn any_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<u64>().prop_map(serde_json::Value::from),
        any::<String>().prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..8)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// `v` as JSON text with every character outside printable ASCII escaped as `\uXXXX`
/// (surrogate pairs beyond the BMP), and whitespace between tokens.
fn ascii_json(v: &serde_json::Value, out: &mut String) {
    fn string(s: &str, out: &mut String) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                ' '..='~' => out.push(c),
                _ => {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        out.push_str(&format!("\\u{u:04x}"));
                    }
                }
            }
        }
        out.push('"');
    }
    match v {
        serde_json::Value::Null => out.push_str("null"),
        serde_json::Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        serde_json::Value::Number(n) => out.push_str(&n.to_string()),
        serde_json::Value::String(s) => string(s, out),
        serde_json::Value::Array(items) => {
            out.push_str("[ ");
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push_str(" ,\r\n\t");
                }
                ascii_json(item, out);
            }
            out.push_str(" ]");
        }
        serde_json::Value::Object(map) => {
            out.push('{');
            for (k, (key, item)) in map.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                string(key, out);
                out.push_str(" : ");
                ascii_json(item, out);
            }
            out.push('}');
        }
    }
}

/// The tree as a `serde_json::Value` (integers only: what `any_json` makes).
fn to_json(node: &Node) -> serde_json::Value {
    match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(t) => match t.parse::<i64>() {
            Ok(n) => serde_json::Value::from(n),
            Err(_) => t
                .parse::<u64>()
                .map(serde_json::Value::from)
                .unwrap_or(serde_json::Value::Null),
        },
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Array(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Table(entries) => serde_json::Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), to_json(v)))
                .collect(),
        ),
    }
}

fn toml_string(s: &str) -> String {
    format!("\"{s}\"")
}

proptest! {
    #![proptest_config(crate::audit::config(256))]

    /// Any decimal written as text, bare or as a string, in TOML or JSON, reads back
    /// with the same value and scale.
    #[test]
    fn a_decimal_written_as_text_reads_back_to_the_bit(d in any_decimal()) {
        let text = d.to_string();
        let inputs = [
            (format!("x = {text}\n"), true),
            (format!("x = {}\n", toml_string(&text)), true),
            (format!("{{\"x\": {text}}}"), false),
            (format!("{{\"x\": \"{text}\"}}"), false),
        ];
        for (input, is_toml) in inputs {
            let one: One = if is_toml {
                from_toml_str(&input, "x.toml")
            } else {
                from_json_str(&input, "x.json")
            }
            .map_err(|e| TestCaseError::fail(format!("{input}: {e}")))?;
            prop_assert_eq!(one.x.serialize(), d.serialize(), "{}", input);
        }
    }

    /// On valid JSON (any strings, escaped or not, any nesting) the parser builds the
    /// structure `serde_json` reads.
    #[test]
    fn the_json_parser_agrees_with_serde_json(v in any_json()) {
        let compact = serde_json::to_string(&v).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let pretty = serde_json::to_string_pretty(&v).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut escaped = String::new();
        ascii_json(&v, &mut escaped);
        for text in [compact, pretty, escaped] {
            let ours = parse_json(&text, "v.json").map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
            let theirs: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&to_json(&ours), &theirs, "{}", text);
            prop_assert_eq!(&theirs, &v);
        }
    }

    /// Arbitrary bytes: both parsers and the deserializer return, never panic.
    #[test]
    fn no_bytes_make_the_loader_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_json(&text, "x.json");
        let _ = parse_toml(&text, "x.toml");
        let _ = from_json_str::<Book>(&text, "x.json");
        let _ = from_toml_str::<Book>(&text, "x.toml");
    }

    /// Text of JSON's and TOML's own characters, which reaches deeper than random bytes.
    #[test]
    fn no_near_json_or_toml_makes_the_loader_panic(text in "[\\[\\]{}\",:=#'0-9a-z\\\\ \n.eE+_-]{0,300}") {
        let _ = parse_json(&text, "x.json");
        let _ = parse_toml(&text, "x.toml");
        let _ = from_json_str::<Book>(&text, "x.json");
        let _ = from_toml_str::<Book>(&text, "x.toml");
        let _ = from_json_str::<serde_json::Value>(&text, "x.json");
    }
}
