//! One value, one call (issue 18, item 7): every kind scores plain values through a
//! public `score(&RuleInputs)`, and the assessment scores through the same function —
//! so the two agree on every input, to the branch and the published value.

use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::rule::{
    EfficacyMinMax, Measure, PeerRelative, PeerStats, Rule, RuleDetail, RuleInputs, Scored,
};
use scorecard::{
    Assessment, Catalog, Direction, Evaluation, Indicator, Period, Scheme, Targets, Unit,
};

use super::props::{amount, own_rules};
use crate::audit::config;
use crate::support::{MemSums, indicator};

/// The plain inputs of a scored pair.
fn inputs(points: Decimal, p: &scorecard::PairScore, peers: Option<PeerStats>) -> RuleInputs {
    let mut x = RuleInputs::new(points);
    if let Some(v) = p.measured.value {
        x = x.value(v);
    }
    if let Some(t) = p.measured.target {
        x = x.target(t);
    }
    if let Some(s) = peers {
        x = x.peers(s);
    }
    x
}

fn agree(
    ind: &Indicator,
    s: &Scored<RuleDetail>,
    p: &scorecard::PairScore,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(s.score, p.exact, "{}: score", ind.id);
    prop_assert_eq!(s.value, p.value, "{}: value", ind.id);
    prop_assert_eq!(s.branch, p.branch, "{}: branch", ind.id);
    Ok(())
}

fn evaluate(rules: Vec<Indicator>, units: &[(&str, Decimal, Decimal)]) -> Evaluation {
    let ids: Vec<String> = rules.iter().map(|i| i.id.to_string()).collect();
    let scheme = Scheme::new(
        Period::year(2026).expect("a year"),
        Catalog::new(rules).expect("valid"),
    );
    let mut targets = Targets::new();
    let mut sums = MemSums::new();
    for (u, x, den) in units {
        for c in ["C1", "C2"] {
            if ids.iter().any(|i| i == c) {
                targets.insert(*u, c, dec!(500)).expect("one");
            }
        }
        sums.set(u, "D1", *x).set(u, "D2", *den);
    }
    let units: Vec<Unit> = units.iter().map(|(u, ..)| Unit::new(*u, *u, "g")).collect();
    Assessment::new(scheme, units, &targets)
        .expect("valid")
        .evaluate(&sums)
        .expect("evaluates")
}

proptest! {
    #![proptest_config(config(128))]

    /// Every kind not relative to peers: the plain call on the measured value scores
    /// what the assessment scored, with the same branch and published value.
    #[test]
    fn the_plain_call_scores_what_the_assessment_scores(x in amount(), den in 0i64..100_000) {
        let rules = own_rules();
        let e = evaluate(rules.clone(), &[("U", x, Decimal::from(den))]);
        for ind in &rules {
            let p = e.pair(&"U".into(), &ind.id).expect("scored");
            let s = ind.rule.score(&inputs(ind.points, p, None)).expect("scores");
            agree(ind, &s, p)?;
        }
    }

    /// The peer kinds, with the group's statistics from `PeerStats::of` over the
    /// members' values in unit order.
    #[test]
    fn the_plain_call_with_peer_statistics_scores_what_the_assessment_scores(
        values in prop::collection::vec(amount(), 1..=6),
        lower in any::<bool>(),
    ) {
        let direction = if lower { Direction::LowerIsBetter } else { Direction::HigherIsBetter };
        let rules = vec![
            indicator("E1", "6", Rule::EfficacyMinMax(EfficacyMinMax {
                measure: Measure::Sum("D1".into()),
                base: dec!(0.6),
                span: dec!(0.4),
                direction,
            })),
            indicator("Q1", "4", Rule::PeerRelative(PeerRelative {
                measure: Measure::Sum("D1".into()),
                cap: dec!(1),
            })),
        ];
        let ids: Vec<String> = (0..values.len()).map(|k| format!("U{k}")).collect();
        let units: Vec<(&str, Decimal, Decimal)> =
            ids.iter().zip(&values).map(|(u, x)| (u.as_str(), *x, Decimal::ONE)).collect();
        let e = evaluate(rules.clone(), &units);
        let stats = PeerStats::of(&values).expect("stats");
        for ind in &rules {
            for u in &ids {
                let p = e.pair(&u.as_str().into(), &ind.id).expect("scored");
                let s = ind.rule.score(&inputs(ind.points, p, Some(stats))).expect("scores");
                agree(ind, &s, p)?;
            }
        }
    }
}

#[test]
fn a_plain_call_names_unit_and_indicator_only_when_given() {
    let rule: Rule =
        serde_json::from_str(r#"{"kind":"completion","measure":{"sum":"D001"}}"#).expect("parses");
    // no target: with both names, the structured error of the evaluator
    let e = rule
        .score(
            &RuleInputs::new(dec!(4))
                .value(dec!(620))
                .unit("U0031")
                .indicator("I051"),
        )
        .expect_err("no target");
    assert!(e.is_missing_target());
    assert_eq!(e.to_string(), "indicator I051 has no target for unit U0031");
    // without them, a plain message
    let e = rule
        .score(&RuleInputs::new(dec!(4)).value(dec!(620)))
        .expect_err("no target");
    assert_eq!(e.to_string(), "no target");
    // an overflow names them when given
    let big: Rule =
        serde_json::from_str(r#"{"kind":"deduction","measure":{"sum":"C"},"per_event":"2"}"#)
            .expect("parses");
    let x = RuleInputs::new(dec!(5)).value(dec!(79000000000000000000000000000));
    let e = big
        .score(&x.clone().unit("U1").indicator("I091"))
        .expect_err("overflow");
    assert!(
        e.is_overflow() && e.to_string().contains("unit U1 on indicator I091"),
        "{e}"
    );
    let e = big.score(&x).expect_err("overflow");
    assert_eq!(e.to_string(), "decimal overflow computing deduction");
    // an invalid rule is refused before scoring, naming the indicator given (or none:
    // no placeholder id a host could mistake for an indicator)
    let bad: Rule = serde_json::from_str(
        r#"{"kind":"deduction","measure":{"sum":"C"},"per_event":"1","floor":"9"}"#,
    )
    .expect("parses");
    let e = bad
        .score(&RuleInputs::new(dec!(5)).value(dec!(1)))
        .expect_err("floor");
    assert_eq!(
        e.to_string(),
        "a rule has an invalid floor: 9 is above the points 5"
    );
    assert!(e.is_invalid_definition() && e.indicator().is_none());
    assert_eq!(e.field(), Some("floor"));
    let e = bad
        .score(&RuleInputs::new(dec!(-1)).value(dec!(1)).indicator("I091"))
        .expect_err("points");
    assert_eq!(
        e.to_string(),
        "indicator I091 has an invalid points: -1 is below zero"
    );
}

#[test]
fn the_typed_details_are_the_intermediate_values_of_the_trace() {
    // error rate 0.042 between 0.03 and 0.05 on 3 points: share kept 0.4, score 1.2
    let rule: Rule = serde_json::from_str(
        r#"{"kind":"ratio_threshold","measure":{"sum":"E"},"direction":"lower_is_better","good":"0.03","bad":"0.05"}"#,
    )
    .expect("parses");
    let s = rule
        .score(&RuleInputs::new(dec!(3)).value(dec!(0.042)))
        .expect("scores");
    assert_eq!(s.score, dec!(1.2));
    let RuleDetail::RatioThreshold(d) = s.detail else {
        panic!("a threshold detail");
    };
    assert_eq!((d.ratio, d.kept), (Some(dec!(0.042)), dec!(0.4)));
    // the detail serialises with its kind, for a report or an auditor's file
    let json = serde_json::to_value(s).expect("serialises");
    assert_eq!(json["detail"]["kind"], "ratio_threshold");
    assert_eq!(json["detail"]["kept"], "0.4");
    assert_eq!(json["branch"], "between");
}
