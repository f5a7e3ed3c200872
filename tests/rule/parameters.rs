//! The missing parameters (issue 18, item 5): a ratio floor on completion, a default
//! score and a hit policy for interval tables; and the new parameters' form in a rule
//! book (decimals as strings, unknown keys refused).

use rust_decimal_macros::dec;
use scorecard::rule::{Branch, HitPolicy, Interval, Rule, RuleInputs};
use scorecard::{Catalog, Indicator};

fn load(rule: &str) -> Result<Indicator, String> {
    let json = format!(r#"{{"id":"I181","name":"x","points":"4","groups":["g"],"rule":{rule}}}"#);
    let i: Indicator = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    Catalog::new(vec![i.clone()]).map_err(|e| e.to_string())?;
    Ok(i)
}

const LOW: &str = r#"{"to":{"value":"1","inclusive":false},"score":"0"}"#;
const MID: &str =
    r#"{"from":{"value":"1","inclusive":true},"to":{"value":"2","inclusive":false},"score":"2"}"#;
const HIGH: &str = r#"{"from":{"value":"2","inclusive":true},"score":"4"}"#;
const WIDE: &str = r#"{"from":{"value":"0","inclusive":true},"score":"3"}"#;

fn table(policy: &str, default: &str, bands: &[&str]) -> String {
    format!(
        r#"{{"kind":"interval","measure":{{"sum":"D"}},"direction":"higher_is_better"{policy}{default},"bands":[{}]}}"#,
        bands.join(",")
    )
}

#[test]
fn a_ratio_floor_must_lie_between_zero_and_the_cap() {
    let completion = |floor: &str| {
        format!(r#"{{"kind":"completion","measure":{{"sum":"D"}},"floor":"{floor}"}}"#)
    };
    assert!(load(&completion("0.6")).is_ok());
    assert!(load(&completion("1")).is_ok());
    assert_eq!(
        load(&completion("1.1")).expect_err("above the cap"),
        "indicator I181 has an invalid floor: 1.1 is above the cap 1"
    );
    assert_eq!(
        load(&completion("-0.1")).expect_err("below zero"),
        "indicator I181 has an invalid floor: -0.1 is below zero"
    );
}

#[test]
fn a_ratio_floor_zeroes_only_below_it() {
    let rule: Rule = serde_json::from_str(
        r#"{"kind":"completion","measure":{"sum":"D"},"cap":"1.2","floor":"0.6"}"#,
    )
    .expect("parses");
    let at = |actual| rule.score(&RuleInputs::new(dec!(5)).value(actual).target(dec!(100)));
    let below = at(dec!(59.99)).expect("scores");
    assert_eq!((below.score, below.branch), (dec!(0), Branch::BelowFloor));
    let on = at(dec!(60)).expect("scores");
    assert_eq!((on.score, on.branch), (dec!(3.0), Branch::BelowCap));
    let capped = at(dec!(130)).expect("scores");
    assert_eq!((capped.score, capped.branch), (dec!(6.0), Branch::Capped));
}

#[test]
fn without_a_default_every_value_must_be_covered_under_either_policy() {
    // unique: the adjacency rule, as before
    assert!(load(&table("", "", &[LOW, MID, HIGH])).is_ok());
    let e = load(&table("", "", &[MID, HIGH])).expect_err("nothing below 1");
    assert_eq!(
        e,
        "indicator I181 has an invalid bands: the first band [1, 2) has a lower bound"
    );
    // first: bands in any order, but no value left out
    let e = load(&table(r#","hit_policy":"first""#, "", &[HIGH, LOW])).expect_err("a gap");
    assert_eq!(
        e,
        "indicator I181 has an invalid bands: no band covers [1, 1]: add a band or declare a default score"
    );
    let e = load(&table(r#","hit_policy":"first""#, "", &[WIDE])).expect_err("a gap");
    assert!(e.contains("no band covers (−∞, 0)"), "{e}");
}

#[test]
fn a_default_score_allows_gaps_but_not_overlaps_under_unique() {
    let default = r#","default":"1""#;
    assert!(load(&table("", default, &[MID])).is_ok());
    assert!(load(&table("", default, &[LOW, HIGH])).is_ok());
    let e = load(&table("", default, &[MID, WIDE])).expect_err("overlap");
    assert_eq!(
        e,
        "indicator I181 has an invalid bands: bands [1, 2) and [0, +∞) do not meet: under hit policy unique the bands must ascend without overlapping"
    );
    let e = load(&table("", r#","default":"5""#, &[MID])).expect_err("above the points");
    assert_eq!(
        e,
        "indicator I181 has an invalid default: 5 is above the points 4"
    );
    let e = load(&table("", r#","default":"-1""#, &[MID])).expect_err("below zero");
    assert_eq!(e, "indicator I181 has an invalid default: -1 is below zero");
}

#[test]
fn first_match_takes_the_first_band_in_order_and_overlaps_are_allowed() {
    let i = load(&table(r#","hit_policy":"first""#, "", &[MID, WIDE, LOW])).expect("valid");
    let Rule::Interval(rule) = &i.rule else {
        panic!("an interval table");
    };
    assert_eq!(rule.hit_policy, HitPolicy::First);
    let band = |x| {
        rule.score(&RuleInputs::new(dec!(4)).value(x))
            .expect("scores")
    };
    assert_eq!(
        (band(dec!(1.5)).score, band(dec!(1.5)).branch),
        (dec!(2), Branch::Band(0))
    );
    assert_eq!(
        (band(dec!(7)).score, band(dec!(7)).branch),
        (dec!(3), Branch::Band(1))
    );
    assert_eq!(
        (band(dec!(-1)).score, band(dec!(-1)).branch),
        (dec!(0), Branch::Band(2))
    );
    // the same bands under unique are refused
    assert!(load(&table("", "", &[MID, WIDE, LOW])).is_err());
}

#[test]
fn a_value_no_band_covers_takes_the_default_and_a_table_with_gaps_is_refused() {
    let Rule::Interval(rule) =
        serde_json::from_str(&table("", r#","default":"1""#, &[MID])).expect("parses")
    else {
        panic!("an interval table");
    };
    let s = rule
        .score(&RuleInputs::new(dec!(4)).value(dec!(3)))
        .expect("scores");
    assert_eq!(
        (s.score, s.branch, s.detail.band),
        (dec!(1), Branch::NoBand, None)
    );
    // a table built in code and never validated: the plain call validates first
    let bare = Interval {
        default: None,
        ..rule
    };
    let e = bare
        .score(&RuleInputs::new(dec!(4)).value(dec!(3)).indicator("I181"))
        .expect_err("a gap");
    assert!(
        e.is_invalid_definition() && e.to_string().contains("I181"),
        "{e}"
    );
}

#[test]
fn new_parameters_are_decimals_written_as_strings_and_misspelt_keys_are_refused() {
    for rule in [
        r#"{"kind":"completion","measure":{"sum":"D"},"floor":0.6}"#,
        r#"{"kind":"interval","measure":{"sum":"D"},"direction":"higher_is_better","default":0.5,"bands":[{"score":"3"}]}"#,
        r#"{"kind":"efficacy_standard","measure":{"sum":"D"},"direction":"higher_is_better","satisfactory":0.98,"unacceptable":"0.9"}"#,
    ] {
        // serde_json hands a bare fraction over as binary floating point: refused,
        // saying how to write it
        let e = load(rule).expect_err("a JSON number");
        assert!(e.contains("binary floating point"), "{rule}: {e}");
    }
    for rule in [
        r#"{"kind":"completion","measure":{"sum":"D"},"flor":"0.6"}"#,
        r#"{"kind":"interval","measure":{"sum":"D"},"direction":"higher_is_better","hit":"first","bands":[{"score":"3"}]}"#,
        r#"{"kind":"interval","measure":{"sum":"D"},"direction":"higher_is_better","bands":[{"score":"3","scor":"2"}]}"#,
        r#"{"kind":"efficacy_standard","measure":{"sum":"D"},"direction":"higher_is_better","satisfactry":"0.98","satisfactory":"0.98","unacceptable":"0.9"}"#,
        r#"{"kind":"deduction","measure":{"sum":"D"},"per_event":"1","fractionl":true}"#,
    ] {
        let e = load(rule).expect_err("an unknown key");
        assert!(e.contains("unknown field"), "{rule}: {e}");
    }
    // written as given: the scale survives, nothing passes through binary floating point
    let i = load(r#"{"kind":"efficacy_standard","measure":{"sum":"D"},"direction":"higher_is_better","satisfactory":"0.980","unacceptable":"0.9"}"#)
        .expect("valid");
    let Rule::EfficacyStandard(r) = &i.rule else {
        panic!("efficacy_standard");
    };
    assert_eq!(r.satisfactory.to_string(), "0.980");
}
