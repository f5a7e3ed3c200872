//! Rounding happens only at declared steps: without a declared step an indicator's
//! score is the rule's exact value; with one it is that step applied to the exact
//! value and nothing else; totals are exact sums; the adjusted total is the declared
//! total rounding of raw total × coefficient.

use proptest::prelude::*;
use scorecard::{Catalog, Indicator, RoundStep, Rounding};

use super::{Generated, config, size};

fn mode() -> impl Strategy<Value = Rounding> {
    prop_oneof![
        Just(Rounding::HalfUp),
        Just(Rounding::HalfEven),
        Just(Rounding::TowardZero),
        Just(Rounding::AwayFromZero),
        Just(Rounding::Floor),
        Just(Rounding::Ceiling),
    ]
}

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn only_declared_steps_round(
        size in size(),
        seed in any::<u64>(),
        places in 0u32..=3,
        m in mode(),
        total_places in 0u32..=4,
        total_mode in mode(),
        every in 1usize..=3,
    ) {
        let g = Generated::new(size, seed);
        let plain = g.evaluate();
        for p in &plain.pairs {
            prop_assert_eq!(p.score, p.exact, "{} {} rounded without a step", &p.unit, &p.indicator);
        }
        // declare a step on every `every`-th indicator, and another total rounding
        let step = RoundStep::new(places, m);
        let indicators: Vec<Indicator> = g.p.scheme.indicators.indicators().iter().enumerate()
            .map(|(k, i)| {
                let mut i = i.clone();
                if k % every == 0 { i.rounding = Some(step); }
                i
            })
            .collect();
        let mut scheme = g.p.scheme.clone().total_rounding(RoundStep::new(total_places, total_mode));
        scheme.indicators = Catalog::new(indicators).unwrap();
        let rounded = g.evaluate_with(&scheme);
        for (a, b) in plain.pairs.iter().zip(&rounded.pairs) {
            prop_assert_eq!(a.exact, b.exact, "the exact value moved");
            let ind = scheme.indicators.get(&b.indicator).unwrap();
            match ind.rounding {
                Some(s) => prop_assert_eq!(b.score, s.apply(b.exact)),
                None => prop_assert_eq!(b.score, b.exact),
            }
        }
        for r in &rounded.units {
            let raw = crate::support::exact_sum(rounded.pairs_of(&r.unit).iter().map(|p| p.score));
            prop_assert_eq!(r.raw_total, raw);
            // the exact product, rounded once: `raw_total * coefficient` would first round
            // the product to 28 digits (18.31999…97 becomes 18.32, truncated to 18.32
            // where the exact product truncates to 18.31)
            prop_assert_eq!(
                r.adjusted_total,
                crate::support::product_rounded(r.raw_total, r.coefficient, scheme.total_rounding)
            );
        }
    }
}
