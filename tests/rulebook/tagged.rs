//! Internally tagged enums read `kind` first and the rest of the table straight into
//! the variant, keeping places and the unknown-key check.

use rust_decimal::Decimal;
use scorecard::rulebook::{exact_serde, from_json_str, from_toml_str, kind_tagged};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Completion {
    measure: String,
    #[serde(default, deserialize_with = "exact_serde::option_decimal")]
    cap: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Deduction {
    measure: String,
    #[serde(deserialize_with = "exact_serde::decimal")]
    per_event: Decimal,
    #[serde(default)]
    places: Option<u32>,
}

/// A test-only rule enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Rule {
    Completion(Completion),
    Deduction(Deduction),
}

kind_tagged!(Rule {
    "completion" => Completion(Completion),
    "deduction" => Deduction(Deduction),
});

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Indicator {
    id: String,
    rule: Rule,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Book {
    indicators: Vec<Indicator>,
}

const BOOK: &str = "[[indicators]]\nid = \"I7\"\n[indicators.rule]\nmeasure = \"D1\"\nper_event = 0.5\nkind = \"deduction\"\nplaces = 2\n";

#[test]
fn the_kind_is_read_wherever_it_is_written_and_the_rest_goes_to_the_variant() {
    let book: Book = from_toml_str(BOOK, "b.toml").unwrap();
    let Rule::Deduction(d) = &book.indicators[0].rule else {
        panic!("a deduction: {book:?}")
    };
    assert_eq!((d.per_event.to_string(), d.places), ("0.5".into(), Some(2)));
    // written back with its tag, and read again the same
    let json = serde_json::to_string(&book.indicators[0].rule).unwrap();
    assert_eq!(
        json,
        r#"{"kind":"deduction","measure":"D1","per_event":"0.5","places":2}"#
    );
    let back: Rule = from_json_str(&json, "r.json").unwrap();
    assert_eq!(back, book.indicators[0].rule);
}

#[test]
fn an_unknown_key_inside_a_variant_has_its_place_and_suggestion() {
    let text = BOOK.replace("per_event", "per_evnt");
    let e = from_toml_str::<Book>(&text, "b.toml").unwrap_err();
    assert!(e.is_unknown_key());
    assert_eq!(
        e.to_string(),
        "b.toml:5:1: indicator I7: unknown key `per_evnt` in rule (did you mean `per_event`?)"
    );
    let json = r#"{"indicators": [{"id": "I7", "rule": {"measure": "D1", "capp": "1", "kind": "completion"}}]}"#;
    let e = from_json_str::<Book>(json, "b.json").unwrap_err();
    assert_eq!(
        e.to_string(),
        "b.json:1:56: indicator I7: unknown key `capp` in rule (did you mean `cap`?)"
    );
    assert_eq!(e.path(), Some("indicators[0].rule.capp"));
}

#[test]
fn a_missing_key_inside_a_variant_names_it() {
    let text = BOOK.replace("per_event = 0.5\n", "");
    let e = from_toml_str::<Book>(&text, "b.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "b.toml:3:1: indicator I7: missing key `per_event` in rule"
    );
}

#[test]
fn a_misspelt_kind_suggests_the_kind_meant_at_its_place() {
    let text = BOOK.replace("\"deduction\"", "\"deducton\"");
    let e = from_toml_str::<Book>(&text, "b.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "b.toml:6:8: indicator I7: unknown kind `deducton` in rule (did you mean `deduction`?)"
    );
    assert_eq!((e.key(), e.suggestion()), (Some("kind"), Some("deduction")));
    let e = from_json_str::<Rule>(r#"{"kind": "bonus", "measure": "x"}"#, "r.json").unwrap_err();
    assert_eq!(
        e.to_string(),
        "r.json:1:10: unknown kind `bonus` (known values: `completion`, `deduction`)"
    );
}

#[test]
fn a_missing_kind_or_a_kind_of_the_wrong_type_is_refused() {
    let e = from_json_str::<Rule>(r#"{"measure": "x"}"#, "r.json").unwrap_err();
    assert_eq!(e.to_string(), "r.json:1:1: missing key `kind`");
    let e = from_json_str::<Rule>(r#"{}"#, "r.json").unwrap_err();
    assert_eq!(e.to_string(), "r.json:1:1: missing key `kind`");
    let e = from_json_str::<Rule>(r#"{"kind": 3}"#, "r.json").unwrap_err();
    assert!(
        e.to_string()
            .contains("`kind`: expected one of `completion`, `deduction`, found the number `3`"),
        "{e}"
    );
}

#[test]
fn generic_deserializers_that_give_the_kind_later_fall_back_to_buffering() {
    let json = r#"{"measure": "D1", "per_event": "0.5", "kind": "deduction", "places": 2}"#;
    let rule: Rule = serde_json::from_str(json).unwrap();
    assert_eq!(
        rule,
        Rule::Deduction(Deduction {
            measure: "D1".into(),
            per_event: "0.5".parse().unwrap(),
            places: Some(2),
        })
    );
    let rule: Rule =
        toml::from_str("measure = \"D1\"\nkind = \"completion\"\ncap = \"1.2\"\n").unwrap();
    assert!(matches!(
        rule,
        Rule::Completion(Completion { cap: Some(_), .. })
    ));
    // the unknown-key check holds there too, only without a place
    let e = serde_json::from_str::<Rule>(r#"{"capp": "1", "kind": "completion", "measure": "x"}"#)
        .unwrap_err();
    assert!(e.to_string().contains("unknown field `capp`"), "{e}");
    // and a bare fraction still never passes through f64 unnoticed
    let e =
        serde_json::from_str::<Rule>(r#"{"measure": "D1", "per_event": 0.5, "kind": "deduction"}"#)
            .unwrap_err();
    assert!(e.to_string().contains("binary floating point"), "{e}");
}
