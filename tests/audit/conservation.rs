//! Conservation: the raw total is the sum of the indicator scores; full points − points
//! lost + points above full = raw total; lost and extra are never negative and never
//! both positive; full points are the points of the applicable counted indicators.
//!
//! `Decimal` keeps 28 significant digits. When no rounding is declared, a rule value
//! such as 3.721804511278195488721804500 (a ratio) fills them, and `full − lost` can
//! need one digit more, which `Decimal` rounds away; so without declared rounding the
//! identity full − lost + extra = raw holds to the last digit `Decimal` holds (one unit
//! of the 27th place), and with declared rounding it holds exactly.

use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::{Catalog, Evaluation, Indicator, RoundStep, Scheme};

use super::{Generated, config, size};

/// `a` and `b` are equal, or differ by at most one unit of the last place of the
/// coarser of the two (when `exact` is false).
fn same(a: Decimal, b: Decimal, exact: bool) -> bool {
    if exact || a == b {
        return a == b;
    }
    let places = a.scale().min(b.scale());
    (a - b).abs() <= Decimal::new(1, places)
}

fn check(scheme: &Scheme, e: &Evaluation, exact: bool) -> Result<(), TestCaseError> {
    let catalog = &scheme.indicators;
    for r in &e.units {
        let pairs = e.pairs_of(&r.unit);
        // totals are exact sums of their terms, rounded once
        let sum = |f: fn(&scorecard::PairScore) -> Decimal| {
            crate::support::exact_sum(pairs.iter().map(f))
        };
        prop_assert_eq!(r.raw_total, sum(|p| p.score), "raw total of {}", &r.unit);
        prop_assert_eq!(r.lost, sum(|p| p.lost), "lost of {}", &r.unit);
        prop_assert_eq!(r.extra, sum(|p| p.extra), "extra of {}", &r.unit);
        let conserved = r.full_points - r.lost + r.extra;
        prop_assert!(
            same(conserved, r.raw_total, exact),
            "unit {}: {} ≠ {}",
            &r.unit,
            conserved,
            r.raw_total
        );
        let full = pairs
            .iter()
            .map(|p| catalog.get(&p.indicator).unwrap())
            .filter(|i| i.counts_toward_full())
            .fold(Decimal::ZERO, |a, i| a + i.points);
        prop_assert_eq!(r.full_points, full, "full points of {}", &r.unit);
        let applicable = catalog
            .indicators()
            .iter()
            .filter(|i| i.applies_to(&r.group))
            .count();
        prop_assert_eq!(pairs.len(), applicable, "pairs of {}", &r.unit);
        for p in pairs {
            prop_assert!(p.lost >= Decimal::ZERO && p.extra >= Decimal::ZERO);
            prop_assert!(
                p.lost.is_zero() || p.extra.is_zero(),
                "{} {}",
                &p.unit,
                &p.indicator
            );
            let ind = catalog.get(&p.indicator).unwrap();
            let full = if ind.counts_toward_full() {
                ind.points
            } else {
                Decimal::ZERO
            };
            prop_assert_eq!(
                full - p.lost + p.extra,
                p.score,
                "{} {}",
                &p.unit,
                &p.indicator
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn totals_add_up(size in size(), seed in any::<u64>()) {
        let g = Generated::new(size, seed);
        check(&g.p.scheme, &g.evaluate(), false)?;
    }

    #[test]
    fn totals_add_up_exactly_when_scores_are_rounded(
        size in size(),
        seed in any::<u64>(),
        places in 0u32..=6,
    ) {
        let g = Generated::new(size, seed);
        let indicators: Vec<Indicator> = g.p.scheme.indicators.indicators().iter()
            .map(|i| Indicator { rounding: Some(RoundStep::half_up(places)), ..i.clone() })
            .collect();
        let mut scheme = g.p.scheme.clone();
        scheme.indicators = Catalog::new(indicators).unwrap();
        check(&scheme, &g.evaluate_with(&scheme), true)?;
    }
}
