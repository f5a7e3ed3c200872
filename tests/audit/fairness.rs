//! Fairness: two units with identical data and factors in one group get identical
//! scores, totals, coefficients, ranks and lists.

use proptest::prelude::*;
use scorecard::{Fact, Targets, UnitId};

use super::{Generated, aggregate, config, evaluate, size};

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn identical_units_are_treated_identically(
        size in size(),
        seed in any::<u64>(),
        pick in any::<prop::sample::Index>(),
    ) {
        let g = Generated::new(size, seed);
        let original = g.p.units[pick.index(g.p.units.len())].clone();
        let twin_id = UnitId::from("U9999");
        let mut twin = original.clone();
        twin.id = twin_id.clone();
        twin.name = format!("{}（双胞胎）", original.name);
        let mut units = g.p.units.clone();
        units.push(twin);
        // the same targets
        let mut targets: Targets = g.p.targets.clone();
        for ind in g.p.scheme.indicators.indicators() {
            if let Some(t) = g.p.targets.get(&original.id, &ind.id) {
                targets.insert(twin_id.clone(), ind.id.clone(), t).unwrap();
            }
        }
        // the same facts
        let mut facts = g.facts.clone();
        for f in g.facts.iter().filter(|f| f.unit == original.id) {
            facts.push(Fact::new(twin_id.clone(), f.datapoint.clone(), f.date, f.value));
        }
        let e = evaluate(&g.p.scheme, &units, &targets, &aggregate(&facts).all());
        let (a, b) = (e.pairs_of(&original.id), e.pairs_of(&twin_id));
        prop_assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            let mut y = y.clone();
            y.unit = x.unit.clone();
            prop_assert_eq!(x, &y);
        }
        let mut y = e.unit(&twin_id).unwrap().clone();
        y.unit = original.id.clone();
        prop_assert_eq!(e.unit(&original.id).unwrap(), &y);
    }
}
