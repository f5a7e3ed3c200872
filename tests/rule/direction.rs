//! Direction is declared (issue 16, item 10): threshold, interval and standard-value
//! rules take an explicit `direction`; a rule book without it is refused at load with a
//! message saying to declare it, and thresholds that contradict it are an error naming
//! the indicator and the fields.

use scorecard::{Catalog, Direction, Indicator};

fn indicator(rule: &str) -> String {
    format!(r#"{{"id":"I051","name":"申报差错率","points":"3","groups":["g"],"rule":{rule}}}"#)
}

/// Loads one indicator from JSON and checks it, as a catalogue does.
fn load(rule: &str) -> Result<Indicator, String> {
    let i: Indicator = serde_json::from_str(&indicator(rule)).map_err(|e| e.to_string())?;
    Catalog::new(vec![i.clone()]).map_err(|e| e.to_string())?;
    Ok(i)
}

#[test]
fn a_rule_book_without_a_required_direction_is_refused_saying_to_declare_it() {
    let rules = [
        r#"{"kind":"ratio_threshold","measure":{"sum":"D"},"good":"0.03","bad":"0.05"}"#,
        r#"{"kind":"interval","measure":{"sum":"D"},"bands":[{"score":"3"}]}"#,
        r#"{"kind":"efficacy_tiers","measure":{"sum":"D"},"standards":["5","4","3","2","1"]}"#,
        r#"{"kind":"efficacy_standard","measure":{"sum":"D"},"satisfactory":"0.98","unacceptable":"0.9"}"#,
    ];
    for rule in rules {
        let e = load(rule).expect_err("no direction");
        assert!(e.contains("direction is not declared"), "{rule}: {e}");
        assert!(
            e.contains("higher_is_better") && e.contains("lower_is_better"),
            "{e}"
        );
    }
    // the same in TOML
    let text = r#"
        id = "I051"
        name = "申报差错率"
        points = "3"
        groups = ["g"]
        rule = { kind = "ratio_threshold", measure = { sum = "D" }, good = "0.03", bad = "0.05" }
    "#;
    let e = toml::from_str::<Indicator>(text).expect_err("no direction");
    assert!(e.to_string().contains("direction is not declared"), "{e}");
    // null is no declaration either; a misspelt name lists the two
    let e = load(r#"{"kind":"ratio_threshold","measure":{"sum":"D"},"direction":null,"good":"0.03","bad":"0.05"}"#)
        .expect_err("null");
    assert!(e.contains("direction is not declared"), "{e}");
    let e = load(r#"{"kind":"ratio_threshold","measure":{"sum":"D"},"direction":"lower","good":"0.03","bad":"0.05"}"#)
        .expect_err("lower");
    assert!(e.contains("lower_is_better"), "{e}");
}

#[test]
fn a_swapped_good_and_bad_is_refused_never_read_as_the_other_direction() {
    // the issue's case: good and bad swapped on an error rate used to flip the lists
    let e = load(r#"{"kind":"ratio_threshold","measure":{"sum":"D"},"direction":"lower_is_better","good":"0.05","bad":"0.03"}"#)
        .expect_err("swapped");
    assert_eq!(
        e,
        "indicator I051 has an invalid good, bad: good 0.05 must be below bad 0.03 when direction is lower_is_better (lower is better)"
    );
    let e = load(r#"{"kind":"ratio_threshold","measure":{"sum":"D"},"direction":"higher_is_better","good":"0.90","bad":"0.98"}"#)
        .expect_err("swapped");
    assert_eq!(
        e,
        "indicator I051 has an invalid good, bad: good 0.90 must be above bad 0.98 when direction is higher_is_better (higher is better)"
    );
    let i: Indicator = serde_json::from_str(&indicator(
        r#"{"kind":"ratio_threshold","measure":{"sum":"D"},"direction":"lower_is_better","good":"0.05","bad":"0.03"}"#,
    ))
    .expect("parses");
    let e = i.validate().expect_err("swapped");
    assert!(e.is_invalid_definition());
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I051"));
}

#[test]
fn fixed_standards_contradicting_the_direction_or_equal_are_refused() {
    let e = load(r#"{"kind":"efficacy_standard","measure":{"sum":"D"},"direction":"higher_is_better","satisfactory":"0.9","unacceptable":"0.98"}"#)
        .expect_err("contradicts");
    assert_eq!(
        e,
        "indicator I051 has an invalid satisfactory, unacceptable: satisfactory 0.9 must be above unacceptable 0.98 when direction is higher_is_better"
    );
    let e = load(r#"{"kind":"efficacy_standard","measure":{"sum":"D"},"direction":"lower_is_better","satisfactory":"0.9","unacceptable":"0.90"}"#)
        .expect_err("equal");
    assert_eq!(
        e,
        "indicator I051 has an invalid satisfactory, unacceptable: they are equal (0.9): the two standards must differ"
    );
    let e = load(r#"{"kind":"efficacy_standard","measure":{"sum":"D"},"direction":"lower_is_better","satisfactory":"1","unacceptable":"5","base":"0.7","span":"0.4"}"#)
        .expect_err("base + span");
    assert!(e.contains("base 0.7 + span 0.4 exceeds 1"), "{e}");
}

#[test]
fn an_interval_table_whose_ends_contradict_the_direction_is_refused() {
    let table = |direction: &str, low: &str, high: &str| {
        format!(
            r#"{{"kind":"interval","measure":{{"sum":"D"}},"direction":"{direction}","bands":[{{"to":{{"value":"1","inclusive":false}},"score":"{low}"}},{{"from":{{"value":"1","inclusive":true}},"score":"{high}"}}]}}"#
        )
    };
    assert!(load(&table("higher_is_better", "0", "3")).is_ok());
    assert!(load(&table("lower_is_better", "3", "0")).is_ok());
    assert!(load(&table("lower_is_better", "2", "2")).is_ok());
    let e = load(&table("higher_is_better", "3", "0")).expect_err("contradicts");
    assert_eq!(
        e,
        "indicator I051 has an invalid direction, bands: the table scores 3 below its lowest bound and 0 above its highest, which contradicts direction higher_is_better"
    );
    assert!(load(&table("lower_is_better", "0", "3")).is_err());
}

#[test]
fn a_pass_fail_direction_is_read_from_its_operator_or_declared_in_agreement() {
    let rule = |op: &str, direction: &str| {
        format!(
            r#"{{"kind":"pass_fail","measure":{{"sum":"D"}},"op":"{op}","threshold":"1"{direction}}}"#
        )
    };
    let i = load(&rule("at_most", "")).expect("from the operator");
    assert_eq!(i.direction(), Direction::LowerIsBetter);
    let i = load(&rule("at_least", r#","direction":"higher_is_better""#)).expect("agrees");
    assert_eq!(i.direction(), Direction::HigherIsBetter);
    let e = load(&rule("below", r#","direction":"higher_is_better""#)).expect_err("contradicts");
    assert_eq!(
        e,
        "indicator I051 has an invalid direction, op: direction higher_is_better contradicts op below (it means lower_is_better)"
    );
    let i = load(&rule("equal", r#","direction":"lower_is_better""#)).expect("equal says nothing");
    assert_eq!(i.direction(), Direction::LowerIsBetter);
}

#[test]
fn the_declared_direction_is_the_indicators() {
    for (direction, want) in [
        ("higher_is_better", Direction::HigherIsBetter),
        ("lower_is_better", Direction::LowerIsBetter),
    ] {
        let i = load(&format!(
            r#"{{"kind":"interval","measure":{{"sum":"D"}},"direction":"{direction}","bands":[{{"score":"3"}}]}}"#
        ))
        .expect("a flat table may declare either");
        assert_eq!(i.direction(), want);
        assert_eq!(i.rule.direction(), want);
    }
}
