//! Indicator definitions: serde round trips in JSON and TOML, and bad definitions.

use scorecard::{Catalog, Category, Indicator};

use crate::support::cases::files;

/// Every indicator of the scoring cases, one of every rule kind and most options.
fn every_kind() -> Vec<Indicator> {
    files("scoring")
        .into_iter()
        .flat_map(|(_, f)| f.case.into_iter().map(|c| c.indicator))
        .collect()
}

#[test]
fn indicators_round_trip_through_json_and_toml() {
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Doc {
        indicators: Catalog,
    }
    let doc = Doc {
        indicators: Catalog::new(every_kind()).expect("valid"),
    };
    assert!(doc.indicators.len() >= 15);
    let json = serde_json::to_string_pretty(&doc).expect("json");
    let back: Doc = serde_json::from_str(&json).expect("json back");
    assert_eq!(back, doc);
    let text = toml::to_string(&doc).expect("toml");
    let back: Doc = toml::from_str(&text).expect("toml back");
    assert_eq!(back, doc);
}

fn parse(json: &str) -> Result<(), String> {
    let i: Indicator = serde_json::from_str(json).map_err(|e| e.to_string())?;
    i.validate().map_err(|e| e.to_string())
}

#[test]
fn a_bad_definition_names_the_indicator_and_the_field() {
    let cases = [
        (
            r#"{"id":"I1","name":"x","points":"4","groups":["g"],"rule":{"kind":"completion","measure":{"sum":"D"},"cap":"0"}}"#,
            "indicator I1 has an invalid cap: 0 is not greater than zero",
        ),
        (
            r#"{"id":"I2","name":"x","points":"4","groups":["g"],"rule":{"kind":"ratio_threshold","measure":{"sum":"D"},"good":"0.03","bad":"0.03"}}"#,
            "indicator I2 has an invalid bad: it equals good (0.03): the two lines must differ",
        ),
        (
            r#"{"id":"I3","name":"x","points":"-1","groups":["g"],"rule":{"kind":"pass_fail","measure":{"sum":"D"},"op":"at_least","threshold":"1"}}"#,
            "indicator I3 has an invalid points: -1 is below zero",
        ),
        (
            r#"{"id":"I4","name":"x","points":"4","groups":[],"rule":{"kind":"pass_fail","measure":{"sum":"D"},"op":"at_least","threshold":"1"}}"#,
            "indicator I4 has an invalid groups: it names no peer group",
        ),
        (
            r#"{"id":"I5","name":"x","points":"4","groups":["g"],"rule":{"kind":"efficacy_tiers","measure":{"sum":"D"},"standards":["1","2","2","4","5"]}}"#,
            "indicator I5 has an invalid standards",
        ),
        (
            r#"{"id":"I6","name":"x","points":"4","groups":["g"],"rule":{"kind":"interval","measure":{"sum":"D"},"bands":[{"to":{"value":"1","inclusive":true},"score":"0"},{"from":{"value":"1","inclusive":true},"score":"4"}]}}"#,
            "indicator I6 has an invalid bands: bands (−∞, 1] and [1, +∞) do not meet",
        ),
        (
            r#"{"id":"I7","name":"x","points":"4","groups":["g"],"rule":{"kind":"deduction","measure":{"sum":"D"},"per_event":"1","floor":"5"}}"#,
            "indicator I7 has an invalid floor: 5 is above the points 4",
        ),
        (
            r#"{"id":"I8","name":"x","points":"4","groups":["g"],"rule":{"kind":"efficacy_min_max","measure":{"sum":"D"},"base":"0.7","span":"0.4"}}"#,
            "indicator I8 has an invalid span: base 0.7 + span 0.4 exceeds 1",
        ),
        (
            r#"{"id":"I9","name":" ","points":"4","groups":["g"],"rule":{"kind":"bonus","measure":{"sum":"D"},"per_event":"1"}}"#,
            "indicator I9 has an invalid name: it is empty",
        ),
    ];
    for (json, want) in cases {
        let got = parse(json).expect_err("invalid");
        assert!(got.starts_with(want), "got {got:?}, want {want:?}");
    }
}

#[test]
fn numbers_must_be_strings_never_floats() {
    let err = parse(
        r#"{"id":"I1","name":"x","points":4.5,"groups":["g"],"rule":{"kind":"bonus","measure":{"sum":"D"},"per_event":"1"}}"#,
    )
    .expect_err("a JSON number");
    assert!(err.contains("invalid type"), "{err}");
}

#[test]
fn an_unknown_rule_kind_is_refused() {
    assert!(
        parse(r#"{"id":"I1","name":"x","points":"4","groups":["g"],"rule":{"kind":"magic"}}"#)
            .is_err()
    );
}

#[test]
fn a_catalog_refuses_a_repeated_id_and_keeps_ids_sorted() {
    let mut v = every_kind();
    let first = v[0].clone();
    v.push(first);
    let err = Catalog::new(v).expect_err("repeated");
    assert!(err.is_duplicate(), "{err}");
    let c = Catalog::new(every_kind()).expect("valid");
    assert!(c.indicators().windows(2).all(|w| w[0].id < w[1].id));
    assert!(c.get(&"I051".into()).is_some());
    assert!(c.datapoints().windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn categories_serialise_by_name() {
    let cats: Vec<Category> =
        serde_json::from_str(r#"["party","administration","business","纪检"]"#).expect("json");
    assert_eq!(
        cats,
        vec![
            Category::Party,
            Category::Administration,
            Category::Business,
            Category::Other("纪检".into())
        ]
    );
    assert_eq!(cats[0].name_zh(), "党务");
    assert_eq!(
        serde_json::to_string(&cats).expect("json"),
        r#"["party","administration","business","纪检"]"#
    );
}
