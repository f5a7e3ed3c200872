//! Every built-in kind written as a formula (and the interval kind also as a decision
//! table) scores equal values to the built-in on random inputs, through the full
//! `Assessment`, with the same branch in its trace: the built-ins are the formulas'
//! oracle, and the formulas the built-ins'. `PROPTEST_CASES` raises the cases.

use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::rule::{
    Band, Bonus, Bound, Comparison, Completion, Deduction, EfficacyMinMax, EfficacyStandard,
    EfficacyTiers, HitPolicy, Interval, Measure, OnZeroDenominator, PassFail, PeerRelative,
    RatioThreshold, Rule,
};
use scorecard::{Assessment, Catalog, Direction, Period, Scheme, Targets, Unit};

use crate::support::formulas::{as_formula, as_table};
use crate::support::{MemSums, indicator};

/// A decimal of `places` places from whole `units`.
fn dp(units: i64, places: u32) -> Decimal {
    Decimal::new(units, places)
}

fn direction() -> impl Strategy<Value = Direction> {
    prop_oneof![
        Just(Direction::HigherIsBetter),
        Just(Direction::LowerIsBetter)
    ]
}

/// Points from 0.5 to 20, one place.
fn points() -> impl Strategy<Value = Decimal> {
    (5i64..=200).prop_map(|p| dp(p, 1))
}

/// The facts of up to 8 units in one group: D1 and D2 sums (two places, D2 sometimes
/// zero), a target and a staff factor each.
#[derive(Debug, Clone)]
struct Units(Vec<(Decimal, Decimal, Decimal, Decimal)>);

fn units(whole: bool) -> impl Strategy<Value = Units> {
    let value = move || {
        if whole {
            (0i64..25).prop_map(Decimal::from).boxed()
        } else {
            prop_oneof![
                1 => Just(Decimal::ZERO),
                8 => (0i64..10_000_000).prop_map(|c| dp(c, 2)),
            ]
            .boxed()
        }
    };
    prop::collection::vec(
        (
            value(),
            prop_oneof![1 => Just(Decimal::ZERO), 6 => (1i64..10_000_000).prop_map(|c| dp(c, 2))],
            (1i64..20_000_000).prop_map(|c| dp(c, 2)),
            (1i64..80).prop_map(Decimal::from),
        ),
        1..8,
    )
    .prop_map(Units)
}

/// Evaluates `rule` as a built-in (`B`), as a formula (`F`) and, for an interval, as a
/// table (`T`) over `units`, and checks that every unit scores alike, with the same
/// branch and value, in the evaluation and in its trace.
fn same(rule: Rule, points: Decimal, units: &Units) -> Result<(), TestCaseError> {
    let mut indicators = vec![indicator("B", "1", rule.clone())];
    indicators.push(indicator("F", "1", as_formula(&rule).expect("a built-in")));
    if let Some(t) = as_table(&rule) {
        indicators.push(indicator("T", "1", t));
    }
    for i in &mut indicators {
        i.points = points;
    }
    let ids: Vec<_> = indicators.iter().map(|i| i.id.clone()).collect();
    let scheme = Scheme::new(
        Period::year(2026).expect("a year"),
        Catalog::new(indicators).expect("valid"),
    );
    let mut targets = Targets::new();
    let mut list = Vec::new();
    let mut sums = MemSums::new();
    for (k, (x, den, target, staff)) in units.0.iter().enumerate() {
        let u = format!("U{k}");
        list.push(Unit::new(u.as_str(), u.as_str(), "g").factor("staff", *staff));
        if rule.needs_target() {
            for id in &ids {
                targets
                    .insert(u.as_str(), id.clone(), *target)
                    .expect("one");
            }
        }
        sums.set(&u, "D1", *x).set(&u, "D2", *den);
    }
    let a = Assessment::new(scheme, list, &targets).expect("an assessment");
    let e = match a.evaluate(&sums) {
        Ok(e) => e,
        // the built-in refuses the data (a zero per-factor divisor …): so must the others
        Err(err) => return Err(TestCaseError::fail(format!("evaluation failed: {err}"))),
    };
    for k in 0..units.0.len() {
        let u = format!("U{k}").into();
        let b = e.pair(&u, &ids[0]).expect("scored");
        let tb = a.trace(&e, &u, &ids[0]).expect("a trace");
        prop_assert_eq!(tb.branch, b.branch);
        for id in &ids[1..] {
            let f = e.pair(&u, id).expect("scored");
            prop_assert_eq!(f.score, b.score, "{} of {:?}: score", id, rule.kind());
            prop_assert_eq!(f.branch, b.branch, "{} of {:?}: branch", id, rule.kind());
            prop_assert_eq!(f.value, b.value, "{} of {:?}: value", id, rule.kind());
            prop_assert_eq!((f.lost, f.extra), (b.lost, b.extra));
            let t = a.trace(&e, &u, id).expect("a trace");
            prop_assert_eq!(t.branch, tb.branch, "{}: the trace's branch", id);
            prop_assert_eq!(t.score, tb.score);
        }
    }
    Ok(())
}

/// A base and a span in tenths, adding up to at most 1.
fn base_span() -> impl Strategy<Value = (i64, i64)> {
    (0i64..=10).prop_flat_map(|base| (Just(base), 0..=10 - base))
}

fn sum() -> Measure {
    Measure::Sum("D1".into())
}

fn ratio() -> Measure {
    Measure::Ratio {
        numerator: "D1".into(),
        denominator: "D2".into(),
    }
}

proptest! {
    #![proptest_config(crate::audit::config(64))]

    #[test]
    fn completion(
        cap in prop::sample::select(vec![dp(1, 0), dp(12, 1), dp(15, 1)]),
        floor in prop::option::of(prop::sample::select(vec![dp(5, 1), dp(8, 1), dp(0, 0)])),
        direction in direction(),
        points in points(),
        units in units(false),
    ) {
        let rule = Rule::Completion(Completion { measure: sum(), cap, floor, direction });
        same(rule, points, &units)?;
    }

    #[test]
    fn ratio_threshold(
        a in 0i64..1000,
        b in 0i64..1000,
        direction in direction(),
        zero in prop::sample::select(vec![OnZeroDenominator::FullPoints, OnZeroDenominator::Zero]),
        points in points(),
        units in units(false),
    ) {
        prop_assume!(a != b);
        let (lo, hi) = (dp(a.min(b), 3), dp(a.max(b), 3));
        let (good, bad) = match direction {
            Direction::LowerIsBetter => (lo, hi),
            Direction::HigherIsBetter => (hi, lo),
        };
        let rule = Rule::RatioThreshold(RatioThreshold {
            measure: ratio(), direction, good, bad, on_zero_denominator: zero,
        });
        same(rule, points, &units)?;
    }

    #[test]
    fn deduction(
        per_event in (0i64..300).prop_map(|c| dp(c, 2)),
        floor_share in 0i64..=10,
        points in points(),
        units in units(true),
    ) {
        let floor = (points * dp(floor_share, 1)).round_dp_with_strategy(1, rust_decimal::RoundingStrategy::ToZero);
        let rule = Rule::Deduction(Deduction { measure: sum(), per_event, floor, fractional: false });
        same(rule, points, &units)?;
    }

    #[test]
    fn bonus(
        per_event in (0i64..300).prop_map(|c| dp(c, 2)),
        points in points(),
        units in units(true),
    ) {
        let rule = Rule::Bonus(Bonus { measure: sum(), per_event, fractional: false });
        same(rule, points, &units)?;
    }

    #[test]
    fn peer_relative(
        cap in prop::sample::select(vec![dp(1, 0), dp(12, 1)]),
        per_staff in any::<bool>(),
        points in points(),
        units in units(false),
    ) {
        let measure = if per_staff {
            Measure::PerFactor { datapoint: "D1".into(), factor: "staff".into() }
        } else {
            sum()
        };
        let rule = Rule::PeerRelative(PeerRelative { measure, cap });
        same(rule, points, &units)?;
    }

    #[test]
    fn efficacy_min_max(
        (base, span) in base_span(),
        direction in direction(),
        points in points(),
        units in units(false),
    ) {
        let rule = Rule::EfficacyMinMax(EfficacyMinMax {
            measure: sum(), base: dp(base, 1), span: dp(span, 1), direction,
        });
        same(rule, points, &units)?;
    }

    #[test]
    fn efficacy_tiers(
        cuts in prop::collection::btree_set(0i64..100_000, 5),
        default_coefficients in any::<bool>(),
        direction in direction(),
        points in points(),
        units in units(false),
    ) {
        let mut s: Vec<Decimal> = cuts.into_iter().map(|c| dp(c * 100, 2)).collect();
        if direction == Direction::HigherIsBetter {
            s.reverse();
        }
        let coefficients = if default_coefficients {
            [dp(1, 0), dp(8, 1), dp(6, 1), dp(4, 1), dp(2, 1)]
        } else {
            [dp(95, 2), dp(7, 1), dp(45, 2), dp(3, 1), dp(1, 1)]
        };
        let rule = Rule::EfficacyTiers(EfficacyTiers {
            measure: sum(), direction, standards: [s[0], s[1], s[2], s[3], s[4]], coefficients,
        });
        same(rule, points, &units)?;
    }

    #[test]
    fn efficacy_standard(
        a in 0i64..100_000,
        b in 0i64..100_000,
        (base, span) in base_span(),
        clamp in any::<bool>(),
        direction in direction(),
        points in points(),
        units in units(false),
    ) {
        prop_assume!(a != b);
        let (lo, hi) = (dp(a.min(b) * 100, 2), dp(a.max(b) * 100, 2));
        let (satisfactory, unacceptable) = match direction {
            Direction::HigherIsBetter => (hi, lo),
            Direction::LowerIsBetter => (lo, hi),
        };
        let rule = Rule::EfficacyStandard(EfficacyStandard {
            measure: sum(), direction, satisfactory, unacceptable,
            base: dp(base, 1), span: dp(span, 1), clamp,
        });
        same(rule, points, &units)?;
    }

    #[test]
    fn interval_as_formula_and_table(
        cuts in prop::collection::btree_set(0i64..100_000, 1..5),
        inclusive in prop::collection::vec(any::<bool>(), 5),
        shares in prop::collection::vec(0i64..=10, 6),
        points in points(),
        units in units(false),
    ) {
        let cuts: Vec<Decimal> = cuts.into_iter().map(|c| dp(c * 100, 2)).collect();
        let score = |k: usize| (points * dp(shares[k], 1)).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero);
        let mut bands = Vec::new();
        let mut from = None;
        for (k, c) in cuts.iter().enumerate() {
            let to = Bound { value: *c, inclusive: inclusive[k] };
            bands.push(Band { from, to: Some(to), score: score(k) });
            from = Some(Bound { value: *c, inclusive: !inclusive[k] });
        }
        bands.push(Band { from, to: None, score: score(cuts.len()) });
        let (first, last) = (bands[0].score, bands[bands.len() - 1].score);
        let direction = if last >= first { Direction::HigherIsBetter } else { Direction::LowerIsBetter };
        let rule = Rule::Interval(Interval {
            measure: sum(), direction, bands, hit_policy: HitPolicy::Unique, default: None,
        });
        same(rule, points, &units)?;
    }

    #[test]
    fn pass_fail(
        op in prop::sample::select(vec![
            Comparison::AtLeast, Comparison::Above, Comparison::AtMost, Comparison::Below, Comparison::Equal,
        ]),
        threshold in (0i64..1000).prop_map(|c| dp(c, 0)),
        points in points(),
        units in units(true),
    ) {
        let rule = Rule::PassFail(PassFail { measure: sum(), op, threshold, direction: None });
        same(rule, points, &units)?;
    }
}

/// An interval table under hit policy `first` with a narrow band of exceptions before a
/// wide one, and a default for the values no band covers: the formula and the table give
/// the interval's branches (`band_k`, `no_band`).
#[test]
fn an_interval_with_first_hit_and_a_default_gives_the_same_branches() {
    let b = |from: Option<(i64, bool)>, to: Option<(i64, bool)>, score: i64| Band {
        from: from.map(|(v, inclusive)| Bound {
            value: Decimal::from(v),
            inclusive,
        }),
        to: to.map(|(v, inclusive)| Bound {
            value: Decimal::from(v),
            inclusive,
        }),
        score: Decimal::from(score),
    };
    let rule = Rule::Interval(Interval {
        measure: sum(),
        direction: Direction::HigherIsBetter,
        bands: vec![
            b(Some((50, true)), Some((60, true)), 1),
            b(Some((0, true)), Some((100, false)), 2),
            b(Some((200, true)), None, 4),
        ],
        hit_policy: HitPolicy::First,
        default: Some(Decimal::ZERO),
    });
    let values = [55, 0, 99, 100, 150, 200, 7000, 60, 61];
    let units = Units(
        values
            .iter()
            .map(|v| (Decimal::from(*v), Decimal::ONE, Decimal::ONE, Decimal::ONE))
            .collect(),
    );
    same(rule, Decimal::from(4), &units).expect("the same");
}
