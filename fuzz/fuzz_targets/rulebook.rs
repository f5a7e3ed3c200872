//! The rule-book loader on arbitrary input: the JSON and TOML parsers and the
//! deserializer (into a small rule book with decimals, integers, options, a map and a
//! kind-tagged enum, and into a whole `RuleBook` with its reference checks) must return
//! a value or an error, never panic. An accepted `RuleBook` survives a JSON round trip
//! (written by serde, read back by the loader, equal). Two checks besides:
//! every place in an accepted tree is a character boundary of the text, and a text our
//! strict JSON parser accepts is JSON to `serde_json` too (but for a leading byte-order
//! mark, which we skip, and numbers beyond `f64`'s range, which we keep as text; both
//! are refused by `serde_json`).
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use scorecard::rulebook::{self, Node, RuleBook, Value, exact_serde, kind_tagged};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Completion {
    measure: String,
    #[serde(default, deserialize_with = "exact_serde::option_decimal")]
    cap: Option<Decimal>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Deduction {
    measure: String,
    #[serde(deserialize_with = "exact_serde::decimal")]
    per_event: Decimal,
    #[serde(default)]
    places: Option<u8>,
}

#[derive(Debug)]
#[allow(dead_code)]
enum Rule {
    Completion(Completion),
    Deduction(Deduction),
}

kind_tagged!(Rule {
    "completion" => Completion(Completion),
    "deduction" => Deduction(Deduction),
});

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Indicator {
    id: String,
    #[serde(deserialize_with = "exact_serde::decimal")]
    points: Decimal,
    rule: Rule,
    #[serde(default)]
    groups: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Book {
    #[serde(default)]
    indicators: Vec<Indicator>,
    #[serde(default)]
    targets: BTreeMap<String, exact_serde::Exact>,
    #[serde(default)]
    enabled: Option<bool>,
}

fn places_are_boundaries(node: &Node, text: &str) {
    assert!(
        text.is_char_boundary(node.span.offset),
        "a place inside a character"
    );
    assert!(node.span.line >= 1 && node.span.column >= 1);
    match &node.value {
        Value::Array(items) => items.iter().for_each(|n| places_are_boundaries(n, text)),
        Value::Table(entries) => entries.iter().for_each(|(k, v)| {
            assert!(
                text.is_char_boundary(k.span.offset),
                "a key inside a character"
            );
            places_are_boundaries(v, text);
        }),
        _ => {}
    }
}

/// A whole rule book: loaded with its checks, it survives a JSON round trip.
fn whole_book(book: scorecard::Result<RuleBook>) {
    let Ok(book) = book else { return };
    let _ = book.findings();
    let text = serde_json::to_string(&book).expect("a rule book serialises");
    let again = RuleBook::from_json_str(&text, "again.json")
        .unwrap_or_else(|e| panic!("an accepted rule book does not load again: {e}\n{text}"));
    assert_eq!(again, book, "an accepted rule book does not round-trip");
    assert!(book.scheme().validate().is_ok());
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(node) = rulebook::parse_json(text, "book.json") {
        places_are_boundaries(&node, text);
        // a leading byte-order mark is skipped (RFC 8259 allows it); serde_json refuses it
        // and a number beyond f64's range (`2e56789`) is JSON kept as text by us, while
        // serde_json refuses it
        let plain = text.strip_prefix('\u{feff}').unwrap_or(text);
        if let Err(e) = serde_json::from_str::<serde_json::Value>(plain) {
            assert!(
                e.to_string().starts_with("number out of range"),
                "strict JSON accepted text that serde_json refuses: {e}"
            );
        }
        let _ = rulebook::from_node::<Book>(&node, "book.json");
    }
    if let Ok(node) = rulebook::parse_toml(text, "book.toml") {
        places_are_boundaries(&node, text);
        let _ = rulebook::from_node::<Book>(&node, "book.toml");
    }
    if let Err(e) = rulebook::from_json_str::<Book>(text, "book.json") {
        let _ = e.to_string();
    }
    if let Err(e) = rulebook::from_toml_str::<Book>(text, "book.toml") {
        let _ = e.to_string();
    }
    whole_book(RuleBook::from_json_str(text, "book.json"));
    whole_book(RuleBook::from_toml_str(text, "book.toml"));
});
