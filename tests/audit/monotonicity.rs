//! Monotonicity: improving one unit's value on an indicator that is not relative to its
//! peers never lowers its score, totals or rank, and changes nobody else's result.
//!
//! "Improving" follows the rule's direction: more for higher-is-better rules, less
//! (never below zero) for lower-is-better ones. Indicators whose rule is peer-relative,
//! a pass/fail on equality, or an interval table whose band scores are not monotone
//! are left out: for them "better" has no one direction.

use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::rule::{Comparison, Measure, Rule};
use scorecard::{Direction, Indicator, Sums};

use super::{Generated, config, evaluate, size};

/// The data point whose sum the indicator reads, when "better" has one direction.
fn monotone(ind: &Indicator) -> Option<&scorecard::DatapointId> {
    if ind.rule.is_peer_relative() {
        return None;
    }
    match &ind.rule {
        Rule::PassFail(p) if p.op == Comparison::Equal => return None,
        Rule::Interval(i) => {
            let scores: Vec<Decimal> = i.bands.iter().map(|b| b.score).collect();
            let up = scores.windows(2).all(|w| w[0] <= w[1]);
            let down = scores.windows(2).all(|w| w[0] >= w[1]);
            if !(up || down) {
                return None;
            }
        }
        _ => {}
    }
    match ind.rule.measure() {
        Some(Measure::Sum(d)) => Some(d),
        _ => None,
    }
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn improving_never_hurts(
        size in size(),
        seed in any::<u64>(),
        pick_unit in any::<prop::sample::Index>(),
        pick_ind in any::<prop::sample::Index>(),
        cents in 1i64..2_000_000,
    ) {
        let g = Generated::new(size, seed);
        let unit = &g.p.units[pick_unit.index(g.p.units.len())];
        let eligible: Vec<&Indicator> = g.p.scheme.indicators.indicators().iter()
            .filter(|i| i.applies_to(&unit.group) && monotone(i).is_some())
            .collect();
        prop_assume!(!eligible.is_empty());
        let ind = eligible[pick_ind.index(eligible.len())];
        let dp = monotone(ind).unwrap();
        // the data point is read by this indicator only (as in every synthetic province)
        let readers = g.p.scheme.indicators.indicators().iter()
            .filter(|i| i.datapoints().contains(&dp)).count();
        prop_assume!(readers == 1);
        let before = g.evaluate();
        let current = g.agg.all().aggregate(&unit.id, dp).unwrap().sum;
        // counts are counts: a deduction or bonus declared whole moves by whole events
        let whole = match &ind.rule {
            Rule::Deduction(r) => !r.fractional,
            Rule::Bonus(r) => !r.fractional,
            _ => false,
        };
        let delta = if whole { Decimal::from(1 + cents / 100) } else { Decimal::new(cents, 2) };
        let change = match ind.rule.direction() {
            Direction::HigherIsBetter => delta,
            Direction::LowerIsBetter => -delta.min(current.max(Decimal::ZERO)),
        };
        let mut agg = g.agg.clone();
        agg.add_value(&unit.id, dp, g.p.scheme.period.start(), change).unwrap();
        let after = evaluate(&g.p.scheme, &g.p.units, &g.p.targets, &agg.all());

        let (p0, p1) = (before.pair(&unit.id, &ind.id).unwrap(), after.pair(&unit.id, &ind.id).unwrap());
        prop_assert!(p1.score >= p0.score, "score {} → {}", p0.score, p1.score);
        let (r0, r1) = (before.unit(&unit.id).unwrap(), after.unit(&unit.id).unwrap());
        prop_assert!(r1.raw_total >= r0.raw_total);
        prop_assert!(r1.adjusted_total >= r0.adjusted_total);
        prop_assert!(r1.from_top <= r0.from_top, "from top {} → {}", r0.from_top, r1.from_top);
        prop_assert!(r1.rank <= r0.rank, "rank {} → {}", r0.rank, r1.rank);
        if r0.lists.iter().any(|l| l == "red") {
            prop_assert!(r1.lists.iter().any(|l| l == "red"));
        }
        for (x, y) in before.units.iter().zip(&after.units) {
            if x.unit != unit.id {
                prop_assert_eq!(x.adjusted_total, y.adjusted_total, "unit {} changed", &x.unit);
            }
        }
    }
}
