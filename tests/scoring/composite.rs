//! Composite indicators (复合指标): a formula reading other indicators' scores and
//! values is scored after them, in full evaluation, live and what-if; cycles, unknown
//! and non-applicable components are refused naming the indicators.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::analysis::{Scenario, ScenarioChange, what_if};
use scorecard::facts::{Aggregates, Granularity};
use scorecard::scoring::LiveEvaluation;
use scorecard::{Assessment, Catalog, Fact, Period, Scheme, Targets, Unit};

/// C1 (composite, ahead of its components in id order) = the mean of X1's and X2's
/// scores, halved when X2's value (a ratio) is above 5 %; C0 reads C1's score.
fn catalog(c1_inputs: &str) -> Catalog {
    let text = format!(
        r#"[
        {{"id": "C0", "name": "综合再评", "points": "10", "groups": ["hall"],
          "rule": {{"kind": "formula", "inputs": {{"c": {{"score_of": "C1"}}}},
                   "score": "c", "direction": "higher_is_better"}}}},
        {{"id": "C1", "name": "综合", "points": "10", "groups": ["hall"],
          "rule": {{"kind": "formula", "inputs": {c1_inputs},
                   "score": "if(rate > 5%, (a + b) / 4, (a + b) / 2)", "direction": "higher_is_better"}}}},
        {{"id": "X1", "name": "入库", "points": "10", "groups": ["hall", "key"],
          "rule": {{"kind": "formula", "inputs": {{"x": {{"sum": "D1"}}}},
                   "score": "min(x, points)", "direction": "higher_is_better"}}}},
        {{"id": "X2", "name": "差错率", "points": "10", "groups": ["hall"],
          "rule": {{"kind": "ratio_threshold", "measure": {{"ratio": {{"numerator": "D2", "denominator": "D3"}}}},
                   "good": "0.03", "bad": "0.08", "direction": "lower_is_better"}}}}
    ]"#
    );
    serde_json::from_str(&text).expect("a catalogue")
}

const INPUTS: &str =
    r#"{"a": {"score_of": "X1"}, "b": {"score_of": "X2"}, "rate": {"value_of": "X2"}}"#;

fn assessment(c1_inputs: &str) -> scorecard::Result<Assessment> {
    let scheme = Scheme::new(Period::year(2026)?, catalog(c1_inputs));
    let units = vec![
        Unit::new("U1", "一分局", "hall"),
        Unit::new("U2", "二分局", "hall"),
    ];
    Assessment::new(scheme, units, &Targets::new())
}

fn sums(facts: &[(&str, &str, i64)]) -> Aggregates {
    let day = NaiveDate::from_ymd_opt(2026, 5, 1).expect("a date");
    let mut agg = Aggregates::new(Granularity::Whole);
    for (u, d, v) in facts {
        agg.add(&Fact::new((*u).into(), (*d).into(), day, Decimal::from(*v)))
            .expect("adds");
    }
    agg
}

const FACTS: &[(&str, &str, i64)] = &[
    ("U1", "D1", 8),
    ("U1", "D2", 4),
    ("U1", "D3", 100),
    ("U2", "D1", 6),
    ("U2", "D2", 9),
    ("U2", "D3", 100),
];

#[test]
fn a_composite_is_scored_from_its_components_scores_and_values_whatever_their_order() {
    let a = assessment(INPUTS).expect("valid");
    let e = a.evaluate(&sums(FACTS).all()).expect("evaluates");
    let score = |u: &str, i: &str| e.pair(&u.into(), &i.into()).expect("a pair").score;
    // U1: X1 = 8, X2 at 4 % = 10 × (8 − 4) / 5 = 8: (8 + 8) / 2 = 8; C0 reads it
    assert_eq!((score("U1", "X1"), score("U1", "X2")), (dec!(8), dec!(8)));
    assert_eq!((score("U1", "C1"), score("U1", "C0")), (dec!(8), dec!(8)));
    // U2: X2 at 9 % scores 0 and its rate is above 5 %: (6 + 0) / 4
    assert_eq!(score("U2", "C1"), dec!(1.5));
    let c1 = e.pair(&"U1".into(), &"C1".into()).expect("a pair");
    assert_eq!(c1.measured.inputs[2].value, Some(dec!(0.04)));
    // the trace names what the composite read
    let t = a.trace(&e, &"U1".into(), &"C1".into()).expect("a trace");
    assert!(
        t.inputs.iter().any(|s| s.name == "a" && s.value == dec!(8)),
        "{:?}",
        t.inputs
    );
}

#[test]
fn a_cycle_of_composites_is_refused_naming_its_indicators() {
    let e = assessment(
        r#"{"a": {"score_of": "C0"}, "b": {"score_of": "X2"}, "rate": {"value_of": "X2"}}"#,
    )
    .unwrap_err();
    assert!(e.is_composite(), "{e}");
    assert_eq!(
        e.to_string(),
        "composite indicators read each other's results in a cycle: C0 → C1 → C0"
    );
    let ids: Vec<&str> = e
        .composite_indicators()
        .iter()
        .map(|i| i.as_str())
        .collect();
    assert_eq!(ids, ["C0", "C1", "C0"]);
}

#[test]
fn a_composite_reading_itself_is_a_cycle() {
    let e = assessment(
        r#"{"a": {"score_of": "C1"}, "b": {"score_of": "X2"}, "rate": {"value_of": "X2"}}"#,
    )
    .unwrap_err();
    assert_eq!(e.composite_indicators().len(), 2, "{e}");
}

#[test]
fn an_unknown_component_is_refused_with_the_nearest_id() {
    let e = assessment(&INPUTS.replace("\"X1\"", "\"X7\"")).unwrap_err();
    assert!(e.is_undeclared(), "{e}");
    assert_eq!(
        e.to_string(),
        "indicator C1: indicator X7 is not declared (did you mean X1?)"
    );
}

#[test]
fn a_component_that_does_not_apply_to_a_unit_of_the_composite_is_refused() {
    let scheme = Scheme::new(Period::year(2026).expect("a year"), {
        let text = r#"[
            {"id": "K1", "name": "重点", "points": "10", "groups": ["key"],
             "rule": {"kind": "formula", "inputs": {"x": {"score_of": "X1"}, "y": {"score_of": "X2"}},
                      "score": "(x + y) / 2", "direction": "higher_is_better"}},
            {"id": "X1", "name": "入库", "points": "10", "groups": ["key"],
             "rule": {"kind": "formula", "inputs": {"x": {"sum": "D1"}}, "score": "min(x, points)", "direction": "higher_is_better"}},
            {"id": "X2", "name": "差错率", "points": "10", "groups": ["hall"],
             "rule": {"kind": "formula", "inputs": {"x": {"sum": "D2"}}, "score": "min(x, points)", "direction": "higher_is_better"}}
        ]"#;
        serde_json::from_str(text).expect("a catalogue")
    });
    let e =
        Assessment::new(scheme, vec![Unit::new("K", "重点", "key")], &Targets::new()).unwrap_err();
    assert!(e.is_composite(), "{e}");
    assert_eq!(
        e.to_string(),
        "indicator K1 reads the result of indicator X2, which does not apply to unit K"
    );
}

#[test]
fn the_peers_of_a_component_input_and_built_in_kinds_reading_results_are_refused() {
    let e = assessment(INPUTS)
        .and_then(|_| {
            let text = r#"[{"id": "C", "name": "c", "points": "10", "groups": ["hall"],
                "rule": {"kind": "formula", "inputs": {"a": {"score_of": "X"}},
                         "score": "points * (peer_count(a) - peer_rank(a) + 1) / peer_count(a)", "direction": "higher_is_better"}},
                {"id": "X", "name": "x", "points": "10", "groups": ["hall"],
                "rule": {"kind": "formula", "inputs": {"x": {"sum": "D1"}}, "score": "min(x, points)", "direction": "higher_is_better"}}]"#;
            let c: Catalog = serde_json::from_str(text).expect("a catalogue");
            Assessment::new(Scheme::new(Period::year(2026)?, c), vec![Unit::new("U", "u", "hall")], &Targets::new())
        })
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("its peer statistics, rank and previous period are not available"),
        "{e}"
    );
    let text = r#"[{"id": "C", "name": "c", "points": "10", "groups": ["hall"],
        "rule": {"kind": "deduction", "measure": {"score_of": "X"}, "per_event": "1"}},
        {"id": "X", "name": "x", "points": "10", "groups": ["hall"],
        "rule": {"kind": "formula", "inputs": {"x": {"sum": "D1"}}, "score": "min(x, points)", "direction": "higher_is_better"}}]"#;
    let c: Catalog = serde_json::from_str(text).expect("a catalogue");
    let e = Assessment::new(
        Scheme::new(Period::year(2026).expect("a year"), c),
        vec![Unit::new("U", "u", "hall")],
        &Targets::new(),
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("a built-in kind measures data points"),
        "{e}"
    );
}

#[test]
fn a_fact_changing_a_component_re_scores_its_composites_live() {
    let a = assessment(INPUTS).expect("valid");
    let mut live = LiveEvaluation::with_sums(a, &sums(FACTS).all()).expect("evaluates");
    let before = live
        .evaluation()
        .pair(&"U1".into(), &"C0".into())
        .expect("C0")
        .score;
    // X1 of U1 rises by 1: X1, C1 and C0 are re-scored
    let n = live
        .add(&"U1".into(), &"D1".into(), Decimal::ONE)
        .expect("adds");
    assert_eq!(n, 3);
    let after = live
        .evaluation()
        .pair(&"U1".into(), &"C0".into())
        .expect("C0")
        .score;
    assert_eq!((before, after), (dec!(8), dec!(8.5)));
    assert_eq!(
        live.evaluation(),
        &live.evaluate_fresh().expect("evaluates")
    );
}

#[test]
fn what_if_re_scores_the_composites_of_a_changed_component() {
    let a = assessment(INPUTS).expect("valid");
    let agg = sums(FACTS);
    let sums = agg.all();
    let scenario = Scenario::new().with(ScenarioChange::SetSum {
        unit: "U2".into(),
        datapoint: "D2".into(),
        sum: dec!(3),
    });
    let w = what_if(&a, &Targets::new(), &sums, &scenario).expect("what if");
    let moved: Vec<&str> = w.pairs.iter().map(|p| p.indicator.as_str()).collect();
    assert_eq!(moved, ["C0", "C1", "X2"]);
    let c0 = w.after.pair(&"U2".into(), &"C0".into()).expect("C0");
    // X2 at 3 % scores 10: (6 + 10) / 2
    assert_eq!(c0.score, dec!(8));
}
