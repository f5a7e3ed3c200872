//! Property tests of the rules (bounded strategies); the evaluator's are in
//! `tests/scoring/props.rs` and share the rules and strategies below.

use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::rule::{
    Band, Bonus, Bound, Comparison, Completion, Deduction, EfficacyTiers, Interval, Measure,
    PassFail, RatioThreshold, Rule,
};
use scorecard::{Assessment, Catalog, Direction, Indicator, Period, Scheme, Targets, Unit};

use crate::support::MemSums;

/// A non-negative decimal with up to 2 places, below 10⁷.
pub(crate) fn amount() -> impl Strategy<Value = Decimal> {
    (0i64..1_000_000_000).prop_map(|c| Decimal::new(c, 2))
}

pub(crate) fn dec(s: &str) -> Decimal {
    s.parse().expect("a decimal")
}

fn ind(id: &str, points: &str, rule: Rule) -> Indicator {
    Indicator {
        id: id.into(),
        name: id.into(),
        name_en: None,
        category: Default::default(),
        points: dec(points),
        groups: vec!["g".into()],
        basis: None,
        assesses: String::new(),
        rule,
        rounding: None,
        display: None,
    }
}

/// One indicator of every rule kind that does not depend on peers, reading D1 (and D2
/// as a denominator where there is one).
pub(crate) fn own_rules() -> Vec<Indicator> {
    let sum = || Measure::Sum("D1".into());
    vec![
        ind(
            "C1",
            "4",
            Rule::Completion(Completion {
                floor: None,
                measure: sum(),
                cap: dec("1"),
                direction: Direction::HigherIsBetter,
            }),
        ),
        ind(
            "C2",
            "4",
            Rule::Completion(Completion {
                floor: None,
                measure: sum(),
                cap: dec("1"),
                direction: Direction::LowerIsBetter,
            }),
        ),
        ind(
            "R1",
            "3",
            Rule::RatioThreshold(RatioThreshold {
                direction: Direction::LowerIsBetter,
                measure: Measure::Ratio {
                    numerator: "D1".into(),
                    denominator: "D2".into(),
                },
                good: dec("0.03"),
                bad: dec("0.05"),
                on_zero_denominator: Default::default(),
            }),
        ),
        ind(
            "R2",
            "3",
            Rule::RatioThreshold(RatioThreshold {
                direction: Direction::HigherIsBetter,
                measure: Measure::Ratio {
                    numerator: "D1".into(),
                    denominator: "D2".into(),
                },
                good: dec("0.98"),
                bad: dec("0.9"),
                on_zero_denominator: Default::default(),
            }),
        ),
        ind(
            "X1",
            "5",
            Rule::Deduction(Deduction {
                fractional: true,
                measure: sum(),
                per_event: dec("0.5"),
                floor: Decimal::ZERO,
            }),
        ),
        ind(
            "B1",
            "2",
            Rule::Bonus(Bonus {
                fractional: true,
                measure: sum(),
                per_event: dec("0.25"),
            }),
        ),
        ind(
            "T1",
            "10",
            Rule::EfficacyTiers(EfficacyTiers {
                direction: Direction::HigherIsBetter,
                measure: sum(),
                standards: [dec("1000"), dec("800"), dec("600"), dec("400"), dec("200")],
                coefficients: [dec("1"), dec("0.8"), dec("0.6"), dec("0.4"), dec("0.2")],
            }),
        ),
        ind(
            "T2",
            "10",
            Rule::EfficacyTiers(EfficacyTiers {
                direction: Direction::LowerIsBetter,
                measure: sum(),
                standards: [dec("200"), dec("400"), dec("600"), dec("800"), dec("1000")],
                coefficients: [dec("1"), dec("0.8"), dec("0.6"), dec("0.4"), dec("0.2")],
            }),
        ),
        ind(
            "V1",
            "4",
            Rule::Interval(Interval {
                default: None,
                direction: Direction::HigherIsBetter,
                hit_policy: Default::default(),
                measure: sum(),
                bands: vec![
                    Band {
                        from: None,
                        to: Some(Bound {
                            value: dec("100"),
                            inclusive: false,
                        }),
                        score: dec("0"),
                    },
                    Band {
                        from: Some(Bound {
                            value: dec("100"),
                            inclusive: true,
                        }),
                        to: Some(Bound {
                            value: dec("500"),
                            inclusive: true,
                        }),
                        score: dec("2.5"),
                    },
                    Band {
                        from: Some(Bound {
                            value: dec("500"),
                            inclusive: false,
                        }),
                        to: None,
                        score: dec("4"),
                    },
                ],
            }),
        ),
        ind(
            "P1",
            "3",
            Rule::PassFail(PassFail {
                direction: None,
                measure: sum(),
                op: Comparison::AtLeast,
                threshold: dec("250"),
            }),
        ),
        ind(
            "P2",
            "3",
            Rule::PassFail(PassFail {
                direction: None,
                measure: sum(),
                op: Comparison::Below,
                threshold: dec("250"),
            }),
        ),
    ]
}

/// Scores of one unit with D1 = `x` and D2 = `den` on every rule of `own_rules`.
fn scores(x: Decimal, den: Decimal) -> Vec<(Indicator, Decimal)> {
    let rules = own_rules();
    let scheme = Scheme::new(
        Period::year(2026).expect("a year"),
        Catalog::new(rules.clone()).expect("valid"),
    );
    let mut targets = Targets::new();
    targets.insert("U", "C1", dec("500")).expect("one");
    targets.insert("U", "C2", dec("500")).expect("one");
    let a = Assessment::new(scheme, vec![Unit::new("U", "U", "g")], &targets).expect("valid");
    let mut sums = MemSums::new();
    sums.set("U", "D1", x).set("U", "D2", den);
    let e = a.evaluate(&sums).expect("evaluates");
    rules
        .into_iter()
        .map(|i| {
            let s = e.pair(&"U".into(), &i.id).expect("scored").score;
            (i, s)
        })
        .collect()
}

proptest! {
    /// A better value never lowers a unit's own score (rules not relative to peers).
    #[test]
    fn a_better_value_never_lowers_the_score(a in amount(), b in amount(), den in 1i64..100_000) {
        let den = Decimal::from(den);
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let s_lo = scores(lo, den);
        let s_hi = scores(hi, den);
        for ((ind, x), (_, y)) in s_lo.iter().zip(&s_hi) {
            // hi is the better value when higher is better, lo when lower is better
            let (worse, better) = match ind.direction() {
                Direction::HigherIsBetter => (x, y),
                Direction::LowerIsBetter => (y, x),
            };
            prop_assert!(better >= worse, "{}: {} scored {} but {} scored {}", ind.id, hi, y, lo, x);
        }
    }

    /// 0 ≤ score ≤ points for every rule (caps of 1; the bonus' points are its ceiling).
    #[test]
    fn scores_stay_within_points(x in amount(), den in 0i64..100_000) {
        for (ind, s) in scores(x, Decimal::from(den)) {
            prop_assert!(s >= Decimal::ZERO, "{}: {}", ind.id, s);
            prop_assert!(s <= ind.points, "{}: {} > {}", ind.id, s, ind.points);
        }
    }
}
