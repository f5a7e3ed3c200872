//! Indicator definitions: serde round trips in JSON and TOML, and bad definitions.

use rust_decimal::Decimal;
use scorecard::catalog::Category;
use scorecard::rule::Rule;
use scorecard::{Catalog, Indicator};

use crate::support::cases::files;
use crate::support::d;

/// Every indicator of the scoring cases, one of every rule kind and most options.
fn every_kind() -> Vec<Indicator> {
    files("rule")
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
            r#"{"id":"I2","name":"x","points":"4","groups":["g"],"rule":{"kind":"ratio_threshold","measure":{"sum":"D"},"direction":"lower_is_better","good":"0.03","bad":"0.03"}}"#,
            "indicator I2 has an invalid bad: it equals good (0.03): the two lines must differ",
        ),
        (
            r#"{"id":"I2b","name":"x","points":"4","groups":["g"],"rule":{"kind":"peer_relative","measure":{"sum":"D"},"cap":"0"}}"#,
            "indicator I2b has an invalid cap: 0 is not greater than zero",
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
            r#"{"id":"I5","name":"x","points":"4","groups":["g"],"rule":{"kind":"efficacy_tiers","measure":{"sum":"D"},"direction":"lower_is_better","standards":["1","2","2","4","5"]}}"#,
            "indicator I5 has an invalid standards",
        ),
        (
            r#"{"id":"I6","name":"x","points":"4","groups":["g"],"rule":{"kind":"interval","measure":{"sum":"D"},"direction":"higher_is_better","bands":[{"to":{"value":"1","inclusive":true},"score":"0"},{"from":{"value":"1","inclusive":true},"score":"4"}]}}"#,
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
        (
            r#"{"id":"I10","name":"x","points":"4","groups":["g"],"rule":{"kind":"deduction","measure":{"sum":"D"},"per_event":"-0.5"}}"#,
            "indicator I10 has an invalid per_event: -0.5 is below zero",
        ),
        (
            r#"{"id":"I11","name":"x","points":"4","groups":["g"],"rule":{"kind":"deduction","measure":{"sum":"D"},"per_event":"1","floor":"-1"}}"#,
            "indicator I11 has an invalid floor: -1 is below zero",
        ),
        (
            r#"{"id":"I12","name":"x","points":"4","groups":["g"],"rule":{"kind":"bonus","measure":{"sum":"D"},"per_event":"-1"}}"#,
            "indicator I12 has an invalid per_event: -1 is below zero",
        ),
        (
            r#"{"id":"I13","name":"x","points":"4","groups":["g"],"rule":{"kind":"efficacy_min_max","measure":{"sum":"D"},"base":"-0.1","span":"0.4"}}"#,
            "indicator I13 has an invalid base: -0.1 is below zero",
        ),
        (
            r#"{"id":"I14","name":"x","points":"4","groups":["g"],"rule":{"kind":"efficacy_min_max","measure":{"sum":"D"},"base":"0.6","span":"-0.4"}}"#,
            "indicator I14 has an invalid span: -0.4 is below zero",
        ),
        (
            r#"{"id":"I15","name":"x","points":"4","groups":["g"],"rule":{"kind":"interval","measure":{"sum":"D"},"direction":"higher_is_better","bands":[{"to":{"value":"1","inclusive":false},"score":"-2"},{"from":{"value":"1","inclusive":true},"score":"4"}]}}"#,
            "indicator I15 has an invalid bands.score: -2 is below zero",
        ),
    ];
    for (json, want) in cases {
        let got = parse(json).expect_err("invalid");
        assert!(got.starts_with(want), "got {got:?}, want {want:?}");
    }
}

#[test]
fn a_zero_with_a_minus_sign_is_not_below_zero() {
    // Text drops the sign of "-0", but arithmetic keeps it: `-Decimal::ZERO` is
    // sign-negative, and a rule built in code may hold one.
    let minus_zero = -Decimal::ZERO;
    assert!(minus_zero.is_sign_negative());
    let json = r#"{"id":"I1","name":"x","points":"4","groups":["g"],"rule":{"kind":"deduction","measure":{"sum":"D"},"per_event":"1"}}"#;
    let mut deduction: Indicator = serde_json::from_str(json).expect("an indicator");
    match &mut deduction.rule {
        Rule::Deduction(r) => (r.per_event, r.floor) = (minus_zero, minus_zero),
        other => panic!("a deduction, not {other:?}"),
    }
    assert_eq!(deduction.validate().map_err(|e| e.to_string()), Ok(()));
}

#[test]
fn a_deduction_floor_may_be_the_full_points_but_not_above() {
    let at = |floor: &str| {
        parse(&format!(
            r#"{{"id":"I7","name":"x","points":"4","groups":["g"],"rule":{{"kind":"deduction","measure":{{"sum":"D"}},"per_event":"1","floor":"{floor}"}}}}"#
        ))
    };
    assert_eq!(at("4"), Ok(()));
    assert_eq!(at("4.00"), Ok(()));
    assert_eq!(
        at("4.01"),
        Err("indicator I7 has an invalid floor: 4.01 is above the points 4".into())
    );
}

#[test]
fn tier_standards_written_against_the_declared_direction_are_refused_never_flipped() {
    let tiers = |direction: &str, standards: &str, coefficients: &str| {
        parse(&format!(
            r#"{{"id":"I5","name":"x","points":"4","groups":["g"],"rule":{{"kind":"efficacy_tiers","measure":{{"sum":"D"}},"direction":"{direction}","standards":[{standards}]{coefficients}}}}}"#
        ))
    };
    let down_needed = Err("indicator I5 has an invalid standards: they must strictly decrease, best first, when direction is higher_is_better".to_string());
    let up_needed = Err("indicator I5 has an invalid standards: they must strictly increase, best first, when direction is lower_is_better".to_string());
    let coefficients = Err(
        "indicator I5 has an invalid coefficients: they must strictly decrease within 0 to 1"
            .to_string(),
    );
    let (higher, lower) = ("higher_is_better", "lower_is_better");
    let down = r#""5","4","3","2","1""#;
    let up = r#""1","2","3","4","5""#;
    let cases = [
        (higher, down, "", Ok(())),
        (lower, up, "", Ok(())),
        // standards written the other way round than declared: refused, never flipped
        (higher, up, "", down_needed.clone()),
        (lower, down, "", up_needed.clone()),
        (higher, r#""5","4","4","2","1""#, "", down_needed.clone()),
        (lower, r#""1","2","2","4","5""#, "", up_needed),
        (higher, r#""5","4","3","4","5""#, "", down_needed),
        (
            higher,
            down,
            r#","coefficients":["1","0.75","0.5","0.25","0"]"#,
            Ok(()),
        ),
        (
            higher,
            down,
            r#","coefficients":["0.9","0.7","0.5","0.3","0.1"]"#,
            Ok(()),
        ),
        (
            higher,
            down,
            r#","coefficients":["1","0.8","0.8","0.4","0.2"]"#,
            coefficients.clone(),
        ),
        (
            higher,
            down,
            r#","coefficients":["1","0.8","0.9","0.4","0.2"]"#,
            coefficients.clone(),
        ),
        (
            higher,
            down,
            r#","coefficients":["1.1","0.8","0.6","0.4","0.2"]"#,
            coefficients.clone(),
        ),
        (
            higher,
            down,
            r#","coefficients":["1","0.8","0.6","0.4","-0.2"]"#,
            coefficients,
        ),
    ];
    for (direction, standards, coefficients, want) in cases {
        assert_eq!(
            tiers(direction, standards, coefficients),
            want,
            "{direction} {standards} {coefficients}"
        );
    }
}

#[test]
fn a_band_holds_its_bounds_as_declared() {
    use scorecard::rule::{Band, Bound};
    let bound = |v: &str, inclusive| {
        Some(Bound {
            value: d(v),
            inclusive,
        })
    };
    let band = |from, to| Band {
        from,
        to,
        score: d("1"),
    };
    let open = band(bound("1", false), bound("2", false));
    let closed = band(bound("1", true), bound("2", true));
    for (x, in_open, in_closed) in [
        ("0.99", false, false),
        ("1", false, true),
        ("1.00", false, true),
        ("1.5", true, true),
        ("2", false, true),
        ("2.01", false, false),
    ] {
        assert_eq!(open.contains(d(x)), in_open, "{x} in {open}");
        assert_eq!(closed.contains(d(x)), in_closed, "{x} in {closed}");
    }
    let everything = band(None, None);
    assert!(everything.contains(d("-1e20")) && everything.contains(d("1e20")));
}

#[test]
fn an_empty_band_is_refused_and_a_point_band_is_not() {
    let bands = |middle: &str| {
        parse(&format!(
            r#"{{"id":"I6","name":"x","points":"4","groups":["g"],"rule":{{"kind":"interval","measure":{{"sum":"D"}},"direction":"higher_is_better","bands":[{{"to":{{"value":"1","inclusive":false}},"score":"0"}},{middle},{{"from":{{"value":"2","inclusive":false}},"score":"4"}}]}}}}"#
        ))
    };
    let band = |lo: &str, lo_in: bool, hi: &str, hi_in: bool| {
        format!(
            r#"{{"from":{{"value":"{lo}","inclusive":{lo_in}}},"to":{{"value":"{hi}","inclusive":{hi_in}}},"score":"2"}}"#
        )
    };
    assert_eq!(bands(&band("1", true, "2", true)), Ok(()));
    let point = parse(
        r#"{"id":"I6","name":"x","points":"4","groups":["g"],"rule":{"kind":"interval","measure":{"sum":"D"},"direction":"higher_is_better","bands":[{"to":{"value":"1","inclusive":false},"score":"0"},{"from":{"value":"1","inclusive":true},"to":{"value":"1","inclusive":true},"score":"2"},{"from":{"value":"1","inclusive":false},"score":"4"}]}}"#,
    );
    assert_eq!(point, Ok(()));
    for (lo, lo_in, hi, hi_in, shown) in [
        ("3", true, "2", true, "[3, 2]"),
        ("2", true, "2", false, "[2, 2)"),
        ("2", false, "2", true, "(2, 2]"),
        ("2", false, "2", false, "(2, 2)"),
    ] {
        let got = bands(&band(lo, lo_in, hi, hi_in)).expect_err("an empty band");
        assert_eq!(
            got,
            format!("indicator I6 has an invalid bands: band {shown} is empty"),
            "{shown}"
        );
    }
}

/// Which way is better drives the analyses ("the best peer", reach, the audits'
/// monotonicity): every rule kind must say it, declared or fixed by its kind.
#[test]
fn every_rule_kind_says_which_way_is_better() {
    use scorecard::Direction::{HigherIsBetter as Higher, LowerIsBetter as Lower};
    let cases = [
        (
            r#"{"kind":"completion","measure":{"sum":"D"},"cap":"1"}"#,
            Higher,
        ),
        (
            r#"{"kind":"completion","measure":{"sum":"D"},"cap":"1","direction":"lower_is_better"}"#,
            Lower,
        ),
        (
            r#"{"kind":"ratio_threshold","measure":{"sum":"D"},"direction":"lower_is_better","good":"0.03","bad":"0.05"}"#,
            Lower,
        ),
        (
            r#"{"kind":"ratio_threshold","measure":{"sum":"D"},"direction":"higher_is_better","good":"0.9","bad":"0.6"}"#,
            Higher,
        ),
        (
            r#"{"kind":"deduction","measure":{"sum":"D"},"per_event":"1"}"#,
            Lower,
        ),
        (
            r#"{"kind":"bonus","measure":{"sum":"D"},"per_event":"1"}"#,
            Higher,
        ),
        (
            r#"{"kind":"peer_relative","measure":{"sum":"D"},"cap":"1"}"#,
            Higher,
        ),
        (
            r#"{"kind":"efficacy_min_max","measure":{"sum":"D"}}"#,
            Higher,
        ),
        (
            r#"{"kind":"efficacy_min_max","measure":{"sum":"D"},"direction":"lower_is_better"}"#,
            Lower,
        ),
        (
            r#"{"kind":"efficacy_tiers","measure":{"sum":"D"},"direction":"higher_is_better","standards":["5","4","3","2","1"]}"#,
            Higher,
        ),
        (
            r#"{"kind":"efficacy_tiers","measure":{"sum":"D"},"direction":"lower_is_better","standards":["1","2","3","4","5"]}"#,
            Lower,
        ),
        (
            r#"{"kind":"pass_fail","measure":{"sum":"D"},"op":"at_least","threshold":"1"}"#,
            Higher,
        ),
        (
            r#"{"kind":"pass_fail","measure":{"sum":"D"},"op":"at_most","threshold":"1"}"#,
            Lower,
        ),
        (
            r#"{"kind":"pass_fail","measure":{"sum":"D"},"op":"below","threshold":"1"}"#,
            Lower,
        ),
        (
            r#"{"kind":"pass_fail","measure":{"sum":"D"},"op":"equal","threshold":"0"}"#,
            Higher,
        ),
        (
            r#"{"kind":"pass_fail","measure":{"sum":"D"},"op":"equal","threshold":"0","direction":"lower_is_better"}"#,
            Lower,
        ),
        (
            r#"{"kind":"efficacy_standard","measure":{"sum":"D"},"direction":"higher_is_better","satisfactory":"0.98","unacceptable":"0.9"}"#,
            Higher,
        ),
        (
            r#"{"kind":"efficacy_standard","measure":{"sum":"D"},"direction":"lower_is_better","satisfactory":"0.01","unacceptable":"0.05"}"#,
            Lower,
        ),
        (
            r#"{"kind":"interval","measure":{"sum":"D"},"direction":"higher_is_better","bands":[{"to":{"value":"1","inclusive":false},"score":"0"},{"from":{"value":"1","inclusive":true},"score":"4"}]}"#,
            Higher,
        ),
        (
            r#"{"kind":"interval","measure":{"sum":"D"},"direction":"lower_is_better","bands":[{"to":{"value":"1","inclusive":false},"score":"4"},{"from":{"value":"1","inclusive":true},"score":"0"}]}"#,
            Lower,
        ),
        // Best in the middle: the ends score alike, so either direction may be declared.
        (
            r#"{"kind":"interval","measure":{"sum":"D"},"direction":"higher_is_better","bands":[{"to":{"value":"1","inclusive":false},"score":"0"},{"from":{"value":"1","inclusive":true},"to":{"value":"2","inclusive":true},"score":"4"},{"from":{"value":"2","inclusive":false},"score":"0"}]}"#,
            Higher,
        ),
        (
            r#"{"kind":"interval","measure":{"sum":"D"},"direction":"lower_is_better","bands":[{"to":{"value":"1","inclusive":false},"score":"0"},{"from":{"value":"1","inclusive":true},"to":{"value":"2","inclusive":true},"score":"4"},{"from":{"value":"2","inclusive":false},"score":"0"}]}"#,
            Lower,
        ),
    ];
    for (rule, want) in cases {
        let json = format!(r#"{{"id":"I1","name":"x","points":"4","groups":["g"],"rule":{rule}}}"#);
        let i: Indicator = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{rule}: {e}"));
        i.validate().unwrap_or_else(|e| panic!("{rule}: {e}"));
        assert_eq!(i.direction(), want, "{rule}");
    }
}

#[test]
fn numbers_must_be_strings_never_floats() {
    let err = parse(
        r#"{"id":"I1","name":"x","points":4.5,"groups":["g"],"rule":{"kind":"bonus","measure":{"sum":"D"},"per_event":"1"}}"#,
    )
    .expect_err("a JSON number");
    assert!(err.contains("binary floating point"), "{err}");
    // an integer is exact whatever the loader
    parse(
        r#"{"id":"I1","name":"x","points":4,"groups":["g"],"rule":{"kind":"bonus","measure":{"sum":"D"},"per_event":"1"}}"#,
    )
    .expect("an integer is exact");
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
