//! Adjustment: every coefficient lies within the declared bounds; a coefficient of 1
//! changes nothing; the adjustment never changes an indicator score or a raw total.

use std::collections::BTreeMap;

use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::adjust::Adjustment;

use super::{Generated, config, size};
use crate::support::product_half_up;

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn coefficients_within_bounds(
        size in size(),
        seed in any::<u64>(),
        min in 80i64..=100,
        max in 100i64..=120,
        slope in 0i64..=100,
    ) {
        let g = Generated::new(size, seed);
        let (min, max) = (Decimal::new(min, 2), Decimal::new(max, 2));
        let scheme = g.p.scheme.clone().adjustment(Adjustment::load_ratio(
            "households", "staff", Decimal::new(slope, 2), min, max,
        ));
        let adjusted = g.evaluate_with(&scheme);
        let plain = g.evaluate_with(&scheme.clone().adjustment(Adjustment::None));
        prop_assert_eq!(&adjusted.pairs, &plain.pairs);
        for (a, p) in adjusted.units.iter().zip(&plain.units) {
            prop_assert!(min <= a.coefficient && a.coefficient <= max, "{}: {}", a.unit, a.coefficient);
            prop_assert_eq!(a.raw_total, p.raw_total);
            prop_assert_eq!(p.coefficient, Decimal::ONE);
            // rounded once, from the exact product (never the product rounded to 28
            // digits and then again to 2 places)
            prop_assert_eq!(
                scorecard::fixed(a.adjusted_total, 2, scorecard::Rounding::HalfUp),
                product_half_up(a.raw_total, a.coefficient, 2),
                "{} × {}", a.raw_total, a.coefficient
            );
        }
    }

    #[test]
    fn coefficient_one_changes_nothing(size in size(), seed in any::<u64>()) {
        let g = Generated::new(size, seed);
        let none = g.evaluate_with(&g.p.scheme.clone().adjustment(Adjustment::None));
        let ones: BTreeMap<_, _> = g.p.units.iter().map(|u| (u.id.clone(), Decimal::ONE)).collect();
        let given = g.evaluate_with(&g.p.scheme.clone().adjustment(Adjustment::Given { coefficients: ones }));
        prop_assert_eq!(&given, &none);
        let flat = g.evaluate_with(&g.p.scheme.clone().adjustment(Adjustment::load_ratio(
            "households", "staff", Decimal::new(1, 1), Decimal::ONE, Decimal::ONE,
        )));
        prop_assert_eq!(&flat, &none);
    }
}
