//! The evaluator's errors name the unit and the indicator they concern, as values a
//! host can read, not only in the message.

use rust_decimal_macros::dec;
use scorecard::analysis::{CompareOptions, Scenario, ScenarioChange, horizontal, what_if};
use scorecard::catalog::Basis;
use scorecard::rule::{Deduction, Measure, PeerStats, Rule, RuleInputs};
use scorecard::scoring::{LiveEvaluation, Override};
use scorecard::{
    Assessment, Catalog, Error, Evaluation, IndicatorId, Period, Scheme, Targets, Unit,
};

use crate::support::{MemSums, d, indicator};

fn deduction() -> Rule {
    deduction_of("1")
}

fn deduction_of(per_event: &str) -> Rule {
    Rule::Deduction(Deduction {
        measure: Measure::Sum("C".into()),
        per_event: d(per_event),
        floor: d("0"),
        fractional: false,
    })
}

/// I1 applies to group g (unit U1), I9 only to group h (unit U2).
fn assessed() -> (Assessment, Evaluation, MemSums) {
    let i1 = indicator("I1", "5", deduction());
    let mut i9 = indicator("I9", "5", deduction());
    i9.groups = vec!["h".into()];
    let scheme = Scheme::new(
        Period::year(2026).expect("a year"),
        Catalog::new(vec![i1, i9]).expect("valid indicators"),
    );
    let units = vec![Unit::new("U1", "U1", "g"), Unit::new("U2", "U2", "h")];
    let a = Assessment::new(scheme, units, &Targets::new()).expect("valid");
    let mut sums = MemSums::new();
    sums.set("U1", "C", d("2")).set("U2", "C", d("1"));
    let e = a.evaluate(&sums).expect("evaluates");
    (a, e, sums)
}

fn names(e: &Error) -> (Option<&str>, Option<&str>) {
    (
        e.unit().map(|u| u.as_str()),
        e.indicator().map(|i| i.as_str()),
    )
}

fn an_override(unit: &str, indicator: &str) -> Override {
    Override {
        unit: unit.into(),
        indicator: indicator.into(),
        score: d("1"),
        author: "省局考评办 张三".into(),
        reason: "复核后按实际计分".into(),
        basis: Basis {
            document: "绩效考评复核办法".into(),
            clause: None,
        },
    }
}

#[test]
fn a_trace_of_an_indicator_that_does_not_apply_names_the_unit_and_the_indicator() {
    let (a, e, _) = assessed();
    let err = a
        .trace(&e, &"U1".into(), &"I9".into())
        .expect_err("I9 is not assessed for U1");
    assert!(err.is_not_applicable(), "{err}");
    assert_eq!(names(&err), (Some("U1"), Some("I9")));
    assert_eq!(err.to_string(), "indicator I9 does not apply to unit U1");
}

#[test]
fn a_trace_against_an_evaluation_without_the_pair_is_no_score_naming_it() {
    let (a, e, _) = assessed();
    let mut other = e.clone();
    other
        .pairs
        .retain(|p| !(p.unit.as_str() == "U1" && p.indicator.as_str() == "I1"));
    let err = a
        .trace(&other, &"U1".into(), &"I1".into())
        .expect_err("no score");
    assert!(err.is_no_score() && !err.is_not_applicable(), "{err}");
    assert_eq!(names(&err), (Some("U1"), Some("I1")));
    assert_eq!(
        err.to_string(),
        "the evaluation has no score of unit U1 on indicator I1"
    );
}

#[test]
fn a_second_target_of_one_pair_is_a_duplicate_naming_it() {
    let mut targets = Targets::new();
    targets.insert("U1", "I9", dec!(800)).expect("the first");
    let err = targets
        .insert("U1", "I9", dec!(900))
        .expect_err("the second");
    assert!(err.is_duplicate(), "{err}");
    assert_eq!(names(&err), (Some("U1"), Some("I9")));
    assert_eq!(err.to_string(), "indicator I9 has two targets for unit U1");
}

#[test]
fn an_override_of_a_pair_that_is_not_assessed_is_not_applicable() {
    let (a, _, _) = assessed();
    let err = a
        .with_overrides(vec![an_override("U1", "I9")])
        .expect_err("I9 does not apply to U1");
    assert!(err.is_not_applicable(), "{err}");
    assert_eq!(names(&err), (Some("U1"), Some("I9")));
    assert_eq!(
        err.to_string(),
        "indicator I9 does not apply to unit U1: nothing to override"
    );
}

#[test]
fn two_overrides_of_one_pair_are_a_duplicate() {
    let (a, _, _) = assessed();
    let err = a
        .with_overrides(vec![an_override("U1", "I1"), an_override("U1", "I1")])
        .expect_err("twice");
    assert!(err.is_duplicate(), "{err}");
    assert_eq!(names(&err), (Some("U1"), Some("I1")));
}

#[test]
fn an_override_without_an_author_names_the_missing_field() {
    let (a, _, _) = assessed();
    for (field, broken) in [
        (
            "author",
            Override {
                author: " ".into(),
                ..an_override("U1", "I1")
            },
        ),
        (
            "reason",
            Override {
                reason: String::new(),
                ..an_override("U1", "I1")
            },
        ),
        (
            "basis.document",
            Override {
                basis: Basis {
                    document: String::new(),
                    clause: None,
                },
                ..an_override("U1", "I1")
            },
        ),
    ] {
        let err = a.clone().with_overrides(vec![broken]).expect_err("refused");
        assert!(err.is_incomplete_override(), "{err}");
        assert_eq!(err.field(), Some(field));
        assert_eq!(names(&err), (Some("U1"), Some("I1")));
    }
}

#[test]
fn an_unknown_indicator_in_a_what_if_or_a_comparison_is_named() {
    let (a, e, sums) = assessed();
    let bad = Scenario::new().with(ScenarioChange::Points {
        indicator: "I404".into(),
        points: d("1"),
    });
    let err = what_if(&a, &Targets::new(), &sums, &bad).expect_err("unknown");
    assert!(err.is_unknown_indicator(), "{err}");
    assert_eq!(names(&err), (None, Some("I404")));
    let err = horizontal(&a, &e, &[IndicatorId::from("I404")], CompareOptions::new())
        .expect_err("unknown");
    assert!(err.is_unknown_indicator(), "{err}");
    assert_eq!(err.indicator().map(|i| i.as_str()), Some("I404"));
}

#[test]
fn a_live_fact_of_a_data_point_no_indicator_reads_names_it() {
    let (a, _, _) = assessed();
    let mut live = LiveEvaluation::new(a).expect("live");
    let err = live
        .add(&"U1".into(), &"D404".into(), dec!(1))
        .expect_err("no indicator reads D404");
    assert!(err.is_unknown_datapoint(), "{err}");
    assert_eq!(err.datapoint().map(|d| d.as_str()), Some("D404"));
    assert_eq!(err.unit().map(|u| u.as_str()), Some("U1"));
}

#[test]
fn a_negative_count_is_its_own_kind_with_unit_indicator_and_value() {
    let rule = deduction();
    let err = rule
        .score(
            &RuleInputs::new(d("5"))
                .value(d("-1"))
                .unit("U7")
                .indicator("I091"),
        )
        .expect_err("negative");
    assert!(
        err.is_invalid_count() && !err.is_invalid_definition(),
        "{err}"
    );
    assert_eq!(names(&err), (Some("U7"), Some("I091")));
    assert_eq!(err.value(), Some("-1"));
    assert_eq!(
        err.to_string(),
        "a count cannot be negative: -1 of unit U7 on indicator I091"
    );
    // a plain call without names: the same kind, nothing named
    let err = rule
        .score(&RuleInputs::new(d("5")).value(d("2.5")))
        .expect_err("fractional");
    assert!(err.is_invalid_count(), "{err}");
    assert_eq!(names(&err), (None, None));
}

#[test]
fn a_plain_call_keeps_the_kind_of_an_overflow_or_a_missing_target_without_a_unit() {
    let x = RuleInputs::new(dec!(5)).value(dec!(79000000000000000000000000000));
    let big = deduction_of("2");
    let err = big.score(&x).expect_err("overflow");
    assert!(err.is_overflow(), "{err}");
    assert_eq!(names(&err), (None, None));
    let err = big.score(&x.indicator("I091")).expect_err("overflow");
    assert!(err.is_overflow(), "{err}");
    assert_eq!(names(&err), (None, Some("I091")));

    let completion: Rule =
        serde_json::from_str(r#"{"kind":"completion","measure":{"sum":"D001"}}"#).expect("parses");
    let err = completion
        .score(&RuleInputs::new(dec!(4)).value(dec!(620)).indicator("I051"))
        .expect_err("no target");
    assert!(err.is_missing_target(), "{err}");
    assert_eq!(names(&err), (None, Some("I051")));
    assert_eq!(err.to_string(), "no target on indicator I051");
}

#[test]
fn peer_statistics_that_overflow_are_an_overflow() {
    let max = rust_decimal::Decimal::MAX;
    let err = PeerStats::of(&[max, max]).expect_err("overflow");
    assert!(err.is_overflow(), "{err}");
    assert_eq!(err.to_string(), "decimal overflow computing the peer sum");
}
