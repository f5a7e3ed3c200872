//! What-if: re-evaluate with changed facts, targets, points or rules.

use scorecard::analysis::{Scenario, ScenarioChange, what_if};

use super::{assessment, sums, targets};
use crate::support::d;

#[test]
fn one_fact_moves_a_unit_across_the_red_list_line() {
    let a = assessment();
    // H3 without its two complaints: 8 + 5 + 1 = 14 > H2's 13, so H3 is red and H2 not
    let scenario = Scenario::new().with(ScenarioChange::SetSum {
        unit: "H3".into(),
        datapoint: "D002".into(),
        sum: d("0"),
    });
    let w = what_if(&a, &targets(), &sums(), &scenario).expect("simulates");
    assert_eq!(w.pairs.len(), 1);
    assert_eq!(
        (w.pairs[0].before, w.pairs[0].after),
        (Some(d("3")), Some(d("5")))
    );
    let moved: Vec<(&str, Vec<String>, Vec<String>)> = w
        .units
        .iter()
        .map(|u| (u.unit.as_str(), u.joined.clone(), u.left.clone()))
        .collect();
    assert_eq!(
        moved,
        [
            ("H2", vec![], vec!["red".to_string()]),
            ("H3", vec!["red".to_string()], vec![]),
            ("H4", vec![], vec![]),
        ]
    );
    let h3 = &w.units[1];
    assert_eq!((h3.total.0, h3.total.1), (d("12"), d("14")));
    assert_eq!((h3.rank.0, h3.rank.1), (d("3"), d("2")));
    // H4 moved from rank 3 (tied) to 4
    assert_eq!((w.units[2].rank.0, w.units[2].rank.1), (d("3"), d("4")));
}

#[test]
fn adding_to_a_sum_moves_a_unit_onto_the_black_list() {
    let a = assessment();
    // K3 with four more complaints: 8.5 + 0 = 8.5 < K4's 10.5
    let scenario = Scenario::new().with(ScenarioChange::AddToSum {
        unit: "K3".into(),
        datapoint: "D002".into(),
        value: d("4"),
    });
    let w = what_if(&a, &targets(), &sums(), &scenario).expect("simulates");
    let k3 = w
        .units
        .iter()
        .find(|u| u.unit.as_str() == "K3")
        .expect("moved");
    assert_eq!(k3.joined, ["black"]);
    let k4 = w
        .units
        .iter()
        .find(|u| u.unit.as_str() == "K4")
        .expect("moved");
    assert_eq!(k4.left, ["black"]);
}

#[test]
fn weights_and_targets_change_the_scores() {
    let a = assessment();
    let scenario = Scenario::new()
        .with(ScenarioChange::Points {
            indicator: "I002".into(),
            points: d("10"),
        })
        .with(ScenarioChange::Target {
            unit: "H5".into(),
            indicator: "I001".into(),
            target: d("60"),
        });
    let w = what_if(&a, &targets(), &sums(), &scenario).expect("simulates");
    // every I002 score rises by 5; H5's completion is now 60 / 60
    let h5 = w.after.pair(&"H5".into(), &"I001".into()).expect("a pair");
    assert_eq!(h5.score, d("10"));
    assert_eq!(
        w.after.unit(&"H5".into()).expect("H5").adjusted_total,
        d("17")
    );
    assert_eq!(w.units.iter().filter(|u| u.total.0 != u.total.1).count(), 9);
    let bad = Scenario::new().with(ScenarioChange::Points {
        indicator: "I999".into(),
        points: d("1"),
    });
    let err = what_if(&a, &targets(), &sums(), &bad).expect_err("unknown");
    assert_eq!(err.to_string(), "indicator I999 is not in the scheme");
}

#[test]
fn a_rule_change_moves_the_lists() {
    use rust_decimal::Decimal;
    use scorecard::rule::{Deduction, Measure, Rule};

    let a = assessment();
    // two points per complaint: H2 13 → 12, H3 12 → 10, H5 8 → 6 (floor 0 of 5), K3
    // 12.5 → 11.5, K4 10.5 → 8.5
    let scenario = Scenario::new().with(ScenarioChange::Rule {
        indicator: "I002".into(),
        rule: Rule::Deduction(Deduction {
            fractional: false,
            measure: Measure::Sum("D002".into()),
            per_event: Decimal::TWO,
            floor: Decimal::ZERO,
        }),
    });
    let w = what_if(&a, &targets(), &sums(), &scenario).expect("simulates");
    let totals: Vec<(&str, Decimal, Decimal)> = w
        .units
        .iter()
        .map(|u| (u.unit.as_str(), u.total.0, u.total.1))
        .collect();
    assert_eq!(
        totals,
        [
            ("H2", d("13.00"), d("12.00")),
            ("H3", d("12.00"), d("10.00")),
            ("H4", d("12.00"), d("12.00")),
            ("H5", d("8.00"), d("6.00")),
            ("K3", d("12.50"), d("11.50")),
            ("K4", d("10.50"), d("8.50")),
        ]
    );
    // H4 (12) now ties H2 for second: both red
    let h4 = w
        .units
        .iter()
        .find(|u| u.unit.as_str() == "H4")
        .expect("moved");
    assert_eq!(h4.joined, ["red"]);
    assert_eq!((h4.rank.0, h4.rank.1), (d("3"), d("2")));
}

/// The assessment built afresh with `scenario`'s points and rules, the fixture's
/// targets and `overrides`, evaluated: what an incremental what-if must give.
fn afresh(
    scenario: &Scenario,
    overrides: Vec<scorecard::scoring::Override>,
) -> scorecard::Result<scorecard::Evaluation> {
    let mut indicators = super::scheme().indicators.indicators().to_vec();
    for c in &scenario.changes {
        match c {
            ScenarioChange::Points { indicator, points } => {
                if let Some(i) = indicators.iter_mut().find(|i| i.id == *indicator) {
                    i.points = *points;
                }
            }
            ScenarioChange::Rule { indicator, rule } => {
                if let Some(i) = indicators.iter_mut().find(|i| i.id == *indicator) {
                    i.rule = rule.clone();
                }
            }
            _ => {}
        }
    }
    let mut scheme = super::scheme();
    scheme.indicators = scorecard::Catalog::new(indicators)?;
    scorecard::Assessment::new(scheme, super::units(), &targets())?
        .with_overrides(overrides)?
        .evaluate(&sums())
}

fn an_override() -> scorecard::scoring::Override {
    scorecard::scoring::Override {
        unit: "H3".into(),
        indicator: "I002".into(),
        score: d("4.5"),
        author: "省局考评办 张三".into(),
        reason: "一次投诉经复核不成立".into(),
        basis: scorecard::catalog::Basis {
            document: "绩效考评复核办法".into(),
            clause: Some("第七条".into()),
        },
    }
}

/// Points and rules only: the changed indicators' pairs alone are scored again, with
/// the evaluation a full one gives (the overrides in force), one indicator or several.
#[test]
fn points_and_rules_alone_are_rescored_as_a_full_evaluation_gives() {
    use rust_decimal::Decimal;
    use scorecard::rule::{Completion, Deduction, Measure, Rule};

    let a = assessment()
        .with_overrides(vec![an_override()])
        .expect("an override");
    let deduction = Rule::Deduction(Deduction {
        fractional: false,
        measure: Measure::Sum("D002".into()),
        per_event: Decimal::TWO,
        floor: Decimal::ONE,
    });
    let one = Scenario::new()
        .with(ScenarioChange::Rule {
            indicator: "I002".into(),
            rule: deduction,
        })
        .with(ScenarioChange::Points {
            indicator: "I002".into(),
            points: d("6.50"),
        });
    let several = one
        .clone()
        .with(ScenarioChange::Points {
            indicator: "I003".into(),
            points: d("3"),
        })
        .with(ScenarioChange::Rule {
            indicator: "I001".into(),
            rule: Rule::Completion(Completion {
                floor: Some(d("0.7")),
                measure: Measure::Sum("D001".into()),
                cap: d("1.2"),
                direction: Default::default(),
            }),
        });
    for scenario in [one, several] {
        let w = what_if(&a, &targets(), &sums(), &scenario).expect("simulates");
        let want = afresh(&scenario, vec![an_override()]).expect("evaluates");
        assert_eq!(
            serde_json::to_string(&w.after).expect("json"),
            serde_json::to_string(&want).expect("json")
        );
        // the override holds: H3's complaints still score 4.5, computed anew
        let h3 = w.after.pair(&"H3".into(), &"I002".into()).expect("a pair");
        assert_eq!(h3.score, d("4.5"));
        assert_eq!(h3.overridden.as_ref().map(|o| o.computed), Some(d("2.50")));
    }
}

/// A rule that cannot score with the data fails as the full evaluation fails.
#[test]
fn a_failing_rule_change_fails_as_a_full_evaluation_does() {
    use scorecard::rule::{Completion, Measure, Rule};

    let a = assessment();
    // a completion rule on the complaints: no unit has a target for I002
    let scenario = Scenario::new().with(ScenarioChange::Rule {
        indicator: "I002".into(),
        rule: Rule::Completion(Completion {
            floor: None,
            measure: Measure::Sum("D002".into()),
            cap: d("1"),
            direction: Default::default(),
        }),
    });
    let err = what_if(&a, &targets(), &sums(), &scenario).expect_err("no targets");
    let want = afresh(&scenario, Vec::new()).expect_err("no targets");
    assert!(err.is_missing_target(), "{err}");
    assert_eq!(format!("{err:?}"), format!("{want:?}"));
}
