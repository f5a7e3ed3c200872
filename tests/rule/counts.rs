//! Counts are counts (issue 16, item 9): a deduction or bonus rule refuses a negative
//! count, and a fractional one unless it declares `fractional = true`; no deduction rule
//! scores above full points.

use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::rule::{Bonus, Branch, Deduction, Measure, Rule, RuleInputs};
use scorecard::{Assessment, Catalog, Period, Scheme, Targets, Unit};

use crate::audit::config;
use crate::support::{MemSums, d, indicator};

fn deduction(per_event: &str, floor: &str, fractional: bool) -> Deduction {
    Deduction {
        measure: Measure::Sum("C".into()),
        per_event: d(per_event),
        floor: d(floor),
        fractional,
    }
}

/// Evaluates one unit `U7` whose data point C sums to `count`, under `rule` on I091.
fn evaluate(rule: Rule, count: &str) -> scorecard::Result<Decimal> {
    let i = indicator("I091", "5", rule);
    let scheme = Scheme::new(Period::year(2026)?, Catalog::new(vec![i])?);
    let a = Assessment::new(scheme, vec![Unit::new("U7", "U7", "g")], &Targets::new())?;
    let mut sums = MemSums::new();
    sums.set("U7", "C", d(count));
    let e = a.evaluate(&sums)?;
    Ok(e.pair(&"U7".into(), &"I091".into())
        .map_or(Decimal::ZERO, |p| p.score))
}

#[test]
fn a_negative_count_is_refused_naming_unit_indicator_and_value_not_scored_above_full() {
    for rule in [
        Rule::Deduction(deduction("0.5", "0", false)),
        Rule::Deduction(deduction("0.5", "0", true)),
        Rule::Bonus(Bonus {
            measure: Measure::Sum("C".into()),
            per_event: d("0.5"),
            fractional: true,
        }),
    ] {
        let e = evaluate(rule, "-3").expect_err("a negative count");
        assert_eq!(e.indicator().map(|i| i.as_str()), Some("I091"));
        let text = e.to_string();
        for part in ["I091", "U7", "-3", "cannot be negative"] {
            assert!(text.contains(part), "{text}");
        }
    }
}

#[test]
fn a_fractional_count_is_refused_unless_the_rule_declares_fractional_counts() {
    let e = evaluate(Rule::Deduction(deduction("0.5", "0", false)), "2.5").expect_err("2.5");
    let text = e.to_string();
    for part in ["I091", "U7", "2.5", "must be whole", "fractional = true"] {
        assert!(text.contains(part), "{text}");
    }
    let bonus = |fractional| {
        Rule::Bonus(Bonus {
            measure: Measure::Sum("C".into()),
            per_event: d("0.5"),
            fractional,
        })
    };
    assert!(evaluate(bonus(false), "0.5").is_err());
    // declared: 5 − 2.5 × 0.5 = 3.75; a bonus of 0.5 × 0.5 = 0.25
    assert_eq!(
        evaluate(Rule::Deduction(deduction("0.5", "0", true)), "2.5").expect("declared"),
        d("3.75")
    );
    assert_eq!(evaluate(bonus(true), "0.5").expect("declared"), d("0.25"));
    // a whole count written with places is whole
    assert_eq!(
        evaluate(Rule::Deduction(deduction("0.5", "0", false)), "3.00").expect("whole"),
        d("3.5")
    );
}

#[test]
fn fractional_is_false_unless_declared_and_round_trips() {
    let r: Rule = serde_json::from_str(
        r#"{"kind": "deduction", "measure": {"sum": "C"}, "per_event": "0.5"}"#,
    )
    .expect("parses");
    assert!(matches!(&r, Rule::Deduction(x) if !x.fractional));
    let r: Rule = serde_json::from_str(
        r#"{"kind": "bonus", "measure": {"sum": "C"}, "per_event": "0.5", "fractional": true}"#,
    )
    .expect("parses");
    let back: Rule = serde_json::from_str(&serde_json::to_string(&r).expect("json")).expect("back");
    assert_eq!(back, r);
    assert!(matches!(&r, Rule::Bonus(x) if x.fractional));
}

#[test]
fn a_plain_call_refuses_a_negative_count_too() {
    let rule = deduction("1", "0", false);
    let e = rule
        .score(&RuleInputs::new(d("5")).value(d("-1")))
        .expect_err("negative");
    assert!(e.to_string().contains("cannot be negative: -1"), "{e}");
    let e = rule
        .score(
            &RuleInputs::new(d("5"))
                .value(d("-1"))
                .unit("U7")
                .indicator("I091"),
        )
        .expect_err("negative");
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I091"));
    assert!(e.to_string().contains("of unit U7"), "{e}");
}

fn count() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (-1_000i64..1_000).prop_map(Decimal::from),
        (-100_000i64..100_000, 0u32..=3).prop_map(|(m, s)| Decimal::new(m, s)),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    /// No deduction rule scores above full points: over random rules (per event, floor
    /// up to the points, fractional or not) and random counts (negative and fractional
    /// among them), a call either fails or scores within [floor, points].
    #[test]
    fn no_deduction_scores_above_full_points(
        points in (0i64..10_000).prop_map(|c| Decimal::new(c, 2)),
        per_event in (0i64..10_000).prop_map(|c| Decimal::new(c, 2)),
        floor_share in 0i64..=100,
        fractional in any::<bool>(),
        n in count(),
    ) {
        let floor = scorecard::Rounding::Floor.round(points * Decimal::new(floor_share, 2), 2);
        let rule = Deduction { measure: Measure::Sum("C".into()), per_event, floor, fractional };
        match rule.score(&RuleInputs::new(points).value(n)) {
            Ok(s) => {
                prop_assert!(s.score <= points, "{} > {}", s.score, points);
                prop_assert!(s.score >= floor, "{} < {}", s.score, floor);
                prop_assert!(n >= Decimal::ZERO);
                prop_assert!(fractional || n.fract().is_zero());
                if s.branch == Branch::NoOccurrence {
                    prop_assert_eq!(s.score, points);
                }
            }
            Err(_) => prop_assert!(n < Decimal::ZERO || (!fractional && !n.fract().is_zero())),
        }
        // the evaluator agrees: the same rule through an assessment
        let through = evaluate_points(Rule::Deduction(rule), points, n);
        match through {
            Ok(score) => prop_assert!(score <= points),
            Err(_) => prop_assert!(n < Decimal::ZERO || (!fractional && !n.fract().is_zero())),
        }
    }
}

fn evaluate_points(rule: Rule, points: Decimal, n: Decimal) -> scorecard::Result<Decimal> {
    let mut i = indicator("I091", "0", rule);
    i.points = points;
    let scheme = Scheme::new(Period::year(2026)?, Catalog::new(vec![i])?);
    let a = Assessment::new(scheme, vec![Unit::new("U7", "U7", "g")], &Targets::new())?;
    let mut sums = MemSums::new();
    sums.set("U7", "C", n);
    let e = a.evaluate(&sums)?;
    Ok(e.pair(&"U7".into(), &"I091".into())
        .map_or(Decimal::ZERO, |p| p.score))
}
