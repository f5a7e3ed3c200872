//! Property tests of the evaluator (bounded strategies), over the rules of
//! `tests/rule/props.rs`.

use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::adjust::Adjustment;
use scorecard::{Assessment, Catalog, Period, Scheme, Targets, Unit};

use crate::rule::props::{amount, dec, own_rules};
use crate::support::MemSums;

proptest! {
    /// Units in any order give the same evaluation, byte for byte; a coefficient of 1
    /// leaves totals unchanged (up to the declared rounding of totals).
    #[test]
    fn unit_order_does_not_matter_and_coefficient_one_changes_nothing(
        values in proptest::collection::vec(amount(), 1..12),
        rotate in 0usize..12,
    ) {
        let rules = own_rules();
        let ids: Vec<String> = (0..values.len()).map(|k| format!("U{k:02}")).collect();
        let mut targets = Targets::new();
        let mut sums = MemSums::new();
        for (id, v) in ids.iter().zip(&values) {
            targets.insert(id.as_str(), "C1", dec("500")).expect("one");
            targets.insert(id.as_str(), "C2", dec("500")).expect("one");
            sums.set(id, "D1", *v).set(id, "D2", dec("100"));
        }
        let units: Vec<Unit> = ids.iter().map(|id| Unit::new(id.as_str(), id.as_str(), "g")).collect();
        let mut turned = units.clone();
        turned.rotate_left(rotate % units.len());
        turned.reverse();
        let scheme = Scheme::new(Period::year(2026).expect("a year"), Catalog::new(rules).expect("valid"));
        let ones = Adjustment::Given {
            coefficients: ids.iter().map(|id| (id.as_str().into(), Decimal::ONE)).collect(),
        };
        let a = Assessment::new(scheme.clone(), units, &targets).expect("valid").evaluate(&sums).expect("ok");
        let b = Assessment::new(scheme.clone(), turned, &targets).expect("valid").evaluate(&sums).expect("ok");
        prop_assert_eq!(serde_json::to_string(&a).expect("json"), serde_json::to_string(&b).expect("json"));
        let units: Vec<Unit> = ids.iter().map(|id| Unit::new(id.as_str(), id.as_str(), "g")).collect();
        let c = Assessment::new(scheme.clone().adjustment(ones), units, &targets).expect("valid").evaluate(&sums).expect("ok");
        for u in &c.units {
            prop_assert_eq!(u.coefficient, Decimal::ONE);
            prop_assert_eq!(u.adjusted_total, scheme.total_rounding.apply(u.raw_total));
        }
        prop_assert_eq!(a.units, c.units);
    }
}
