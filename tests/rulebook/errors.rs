//! Load errors keep their structure: syntax errors have a place, limits are named, and
//! a type's own error raised while loading survives as the cause, pointed at the
//! element it concerns.

use scorecard::rulebook::{MAX_DEPTH, MAX_INPUT_BYTES, from_json_str, from_toml_str};
use scorecard::{Catalog, Error};
use serde::Deserialize;

use super::{Book, One};

#[derive(Debug, Deserialize)]
struct Library {
    #[allow(dead_code)]
    indicators: Catalog,
}

const TWO: &str = r#"
[[indicators]]
id = "I001"
name = "税收收入完成率"
points = "4"
groups = ["hall"]
rule = { kind = "completion", measure = { sum = "D001" }, cap = "1.0" }

[[indicators]]
id = "I002"
name = "有效投诉"
points = "5"
groups = ["hall"]
rule = { kind = "deduction", measure = { sum = "D130" }, per_event = "0.5" }
"#;

#[test]
fn a_repeated_indicator_raised_by_the_catalogue_stays_a_duplicate_naming_it() {
    let text = TWO.replace("id = \"I002\"", "id = \"I001\"");
    let e = from_toml_str::<Library>(&text, "indicators.toml").unwrap_err();
    assert!(e.is_load(), "{e}");
    assert!(e.is_duplicate(), "{e}");
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I001"));
    // pointed at the second of the two
    assert_eq!(e.line(), Some(9));
    assert_eq!(e.path(), Some("indicators[1]"));
    assert_eq!(
        e.to_string(),
        "indicators.toml:9:1: indicator I001 is given twice"
    );
}

#[test]
fn an_invalid_definition_raised_by_the_catalogue_points_at_the_field() {
    let text = TWO.replace("points = \"5\"", "points = \"-5\"");
    let e = from_toml_str::<Library>(&text, "indicators.toml").unwrap_err();
    assert!(e.is_invalid_definition(), "{e}");
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I002"));
    assert_eq!(e.key(), Some("points"));
    assert_eq!(e.path(), Some("indicators[1].points"));
    assert_eq!(
        e.to_string(),
        "indicators.toml:12:10: indicator I002 has an invalid points: -5 is below zero"
    );
    // the same through JSON
    let json = r#"{"indicators": [
      {"id": "I001", "name": "a", "points": "4", "groups": [],
       "rule": {"kind": "completion", "measure": {"sum": "D001"}}}
    ]}"#;
    let e = from_json_str::<Library>(json, "indicators.json").unwrap_err();
    assert!(e.is_invalid_definition(), "{e}");
    assert_eq!((e.line(), e.key()), (Some(2), Some("groups")));
}

#[test]
fn a_message_raised_through_serde_that_is_not_our_error_stays_text() {
    #[derive(Debug, Deserialize)]
    #[serde(try_from = "String")]
    struct Even(#[allow(dead_code)] u32);
    impl TryFrom<String> for Even {
        type Error = String;
        fn try_from(s: String) -> Result<Self, String> {
            Err(format!("`{s}` is odd"))
        }
    }
    #[derive(Debug, Deserialize)]
    struct Holder {
        #[allow(dead_code)]
        n: Even,
    }
    let e = from_toml_str::<Holder>("n = \"3\"\n", "h.toml").unwrap_err();
    assert_eq!(e.to_string(), "h.toml:1:5: `n`: `3` is odd");
    assert!(e.is_load() && !e.is_duplicate() && !e.is_invalid_option());
}

#[test]
fn bad_toml_is_a_syntax_error_with_a_place() {
    let e =
        from_toml_str::<Book>("[[indicators]]\nid = \"I1\"\nid = \"I2\"\n", "i.toml").unwrap_err();
    assert!(e.is_syntax() && e.is_load() && !e.is_unknown_key());
    assert_eq!(e.to_string(), "i.toml:3:1: duplicate key `id`");
    let e = from_toml_str::<Book>("points = \n", "i.toml").unwrap_err();
    assert!(e.is_syntax());
    assert_eq!(e.line(), Some(1));
}

#[test]
fn bad_json_is_a_syntax_error_with_a_place() {
    let e =
        from_json_str::<Book>("{\"indicators\": [\n  {\"id\": \"I1\",}\n]}", "i.json").unwrap_err();
    assert!(e.is_syntax());
    assert_eq!(e.to_string(), "i.json:2:15: a trailing comma before `}`");
}

#[test]
fn a_repeated_json_key_names_the_key_and_both_lines() {
    let e = from_json_str::<One>("{\n  \"x\": \"1\",\n  \"x\": \"2\"\n}", "x.json").unwrap_err();
    assert!(e.is_syntax());
    assert_eq!(
        e.to_string(),
        "x.json:3:3: key `x` is given twice, on lines 2 and 3"
    );
}

#[test]
fn nesting_deeper_than_the_limit_is_refused_in_both_formats() {
    let deep = format!(
        "{{\"x\": {}{}}}",
        "[".repeat(MAX_DEPTH),
        "]".repeat(MAX_DEPTH)
    );
    let e = from_json_str::<One>(&deep, "x.json").unwrap_err();
    assert!(
        e.is_syntax() && e.to_string().contains("deeper than 64"),
        "{e}"
    );
    let deep = format!("x = {}{}\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    let e = from_toml_str::<One>(&deep, "x.toml").unwrap_err();
    assert!(
        e.is_syntax() && e.to_string().contains("deeper than 64"),
        "{e}"
    );
}

#[test]
fn a_text_over_the_size_limit_is_refused_naming_the_file() {
    let big = format!("x = \"{}\"\n", " ".repeat(MAX_INPUT_BYTES));
    let e = from_toml_str::<One>(&big, "facts.csv").unwrap_err();
    assert!(e.is_syntax() && e.is_load());
    assert_eq!(e.file(), Some("facts.csv"));
    assert_eq!(e.line(), None);
    assert!(e.to_string().starts_with("facts.csv: the text is "), "{e}");
    assert!(
        e.to_string()
            .ends_with("a rule-book file may hold at most 16 MiB (16777216 bytes)"),
        "{e}"
    );
}

#[test]
fn errors_from_elsewhere_are_not_load_errors_and_clone() {
    let e = Error::unknown_unit(&"U9".into());
    assert!(!e.is_load() && !e.is_syntax() && !e.is_unknown_key());
    assert_eq!(
        (e.file(), e.line(), e.key(), e.path()),
        (None, None, None, None)
    );
    let copy = e.clone();
    assert_eq!(copy.to_string(), e.to_string());
    assert!(copy.is_unknown_unit());
}
