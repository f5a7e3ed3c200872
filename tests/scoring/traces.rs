//! Every score explains itself: inputs, branch, intermediate values, rounding, points
//! lost, basis.

use rust_decimal::Decimal;
use scorecard::catalog::Basis;
use scorecard::rule::{Branch, Measure, RatioThreshold, Rule, RuleKind};
use scorecard::trace::Step;
use scorecard::{
    Assessment, Catalog, Direction, Evaluation, Indicator, Period, RoundStep, Rounding, Scheme,
    Targets, Unit,
};

use crate::support::{MemSums, d};

fn error_rate(rounding: Option<RoundStep>) -> Indicator {
    Indicator {
        id: "I051".into(),
        name: "申报差错率".into(),
        name_en: Some("filing error rate".into()),
        category: Default::default(),
        points: d("3"),
        groups: vec!["key".into()],
        basis: Some(Basis {
            document: "纳税服务考评办法".into(),
            clause: Some("第十二条".into()),
        }),
        assesses: "申报差错户数 / 申报户数".into(),
        rule: Rule::RatioThreshold(RatioThreshold {
            direction: Direction::LowerIsBetter,
            measure: Measure::Ratio {
                numerator: "D051".into(),
                denominator: "D052".into(),
            },
            good: d("0.03"),
            bad: d("0.05"),
            on_zero_denominator: Default::default(),
        }),
        rounding,
        display: None,
    }
}

fn run(rounding: Option<RoundStep>, errors: &str) -> (Assessment, Evaluation) {
    let scheme = Scheme::new(
        Period::year(2026).expect("a year"),
        Catalog::new(vec![error_rate(rounding)]).expect("valid"),
    );
    let a = Assessment::new(scheme, vec![Unit::new("K1", "K1", "key")], &Targets::new())
        .expect("valid");
    let mut sums = MemSums::new();
    sums.set("K1", "D051", d(errors))
        .set("K1", "D052", d("1000"));
    let e = a.evaluate(&sums).expect("evaluates");
    (a, e)
}

#[test]
fn the_trace_of_the_articles_error_rate() {
    let (a, e) = run(None, "42");
    let t = a.trace(&e, &"K1".into(), &"I051".into()).expect("a trace");
    assert_eq!(t.rule, RuleKind::RatioThreshold);
    assert_eq!(
        t.inputs,
        vec![
            Step {
                name: "sum D051".into(),
                value: d("42")
            },
            Step {
                name: "sum D052".into(),
                value: d("1000")
            },
        ]
    );
    assert_eq!(
        t.steps[0],
        Step {
            name: "ratio".into(),
            value: d("0.042")
        }
    );
    assert_eq!(
        t.steps[1],
        Step {
            name: "share kept".into(),
            value: d("0.4")
        }
    );
    assert_eq!(t.branch, Branch::Between);
    assert_eq!(t.value, Some(d("0.042")));
    assert_eq!(t.score, d("1.2"));
    assert_eq!(t.lost, d("1.8"));
    assert_eq!(t.extra, Decimal::ZERO);
    assert_eq!(
        t.basis.as_ref().map(|b| b.to_string()).as_deref(),
        Some("纳税服务考评办法 第十二条")
    );
    assert_eq!(t.explanation.zh, "申报差错率 4.20% 高于 3%，扣 1.80 分");
    assert_eq!(
        t.explanation.en,
        "filing error rate 4.20% above the 3% line: −1.80 points"
    );
}

#[test]
fn a_declared_rounding_shows_in_the_trace() {
    // 3 × (0.05 − 0.0411) / 0.02 = 1.335 → 1.34 half up (and half even: 3 is odd), 1.33 toward zero
    let (a, e) = run(Some(RoundStep::new(2, Rounding::HalfUp)), "41.1");
    let t = a.trace(&e, &"K1".into(), &"I051".into()).expect("a trace");
    assert_eq!(t.exact, d("1.335"));
    assert_eq!(t.score, d("1.34"));
    assert_eq!(t.rounding, Some(RoundStep::new(2, Rounding::HalfUp)));
    let (_, e) = run(Some(RoundStep::new(2, Rounding::HalfEven)), "41.1");
    assert_eq!(e.pairs[0].score, d("1.34"));
    let (_, e) = run(Some(RoundStep::new(2, Rounding::TowardZero)), "41.1");
    assert_eq!(e.pairs[0].score, d("1.33"));
    // undeclared: kept exact
    let (_, e) = run(None, "41.1");
    assert_eq!(e.pairs[0].score, d("1.335"));
}

#[test]
fn evaluations_and_traces_survive_json() {
    let (a, e) = run(None, "42");
    let json = serde_json::to_string(&e).expect("serialises");
    assert!(json.contains("\"0.042\""), "decimals are strings: {json}");
    let back: Evaluation = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, e);
    let t = a.trace(&e, &"K1".into(), &"I051".into()).expect("a trace");
    let back: scorecard::Trace =
        serde_json::from_str(&serde_json::to_string(&t).expect("serialises")).expect("back");
    assert_eq!(back, t);
}

#[test]
fn a_trace_of_a_pair_that_does_not_apply_is_an_error() {
    let (a, e) = run(None, "42");
    assert!(a.trace(&e, &"K1".into(), &"I999".into()).is_err());
    assert!(a.trace(&e, &"K9".into(), &"I051".into()).is_err());
}
