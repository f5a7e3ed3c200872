//! Lists: a unit is on a top list exactly when it is within the limit from the top
//! (share × group size, made whole by the cut-off), on a bottom list exactly when it is
//! within the limit from the bottom and on no top list; so no unit is on two opposite
//! lists, a list is at least as long as its limit, and every unit on a top list is
//! strictly better than every unit of its group that is not.

use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::rank::{Cutoff, ListEnd, ListRule};

use super::{Generated, config, size};

fn cutoff() -> impl Strategy<Value = Cutoff> {
    prop_oneof![
        Just(Cutoff::Ceil),
        Just(Cutoff::Floor),
        Just(Cutoff::HalfUp)
    ]
}

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn lists_follow_the_cutoff_rule(
        size in size(),
        seed in any::<u64>(),
        red in 0i64..=10,
        black in 0i64..=10,
        award in 0i64..=10,
        cuts in (cutoff(), cutoff(), cutoff()),
    ) {
        let g = Generated::new(size, seed);
        let rules = vec![
            ListRule::red(Decimal::new(red, 1)).cutoff(cuts.0),
            ListRule::black(Decimal::new(black, 1)).cutoff(cuts.1),
            ListRule::award(Decimal::new(award, 2)).cutoff(cuts.2),
        ];
        let e = g.evaluate_with(&g.p.scheme.clone().lists(rules.clone()));
        for r in &e.units {
            let on = |name: &str| r.lists.iter().any(|l| l == name);
            let on_top = rules.iter().any(|l| l.end == ListEnd::Top && on(&l.name));
            let on_bottom = rules.iter().any(|l| l.end == ListEnd::Bottom && on(&l.name));
            prop_assert!(!(on_top && on_bottom), "{} is on opposite lists", r.unit);
            for rule in &rules {
                let limit = rule.limit(r.group_size).unwrap();
                let expected = match rule.end {
                    ListEnd::Top => r.from_top <= limit,
                    ListEnd::Bottom => !on_top && r.from_bottom <= limit,
                };
                prop_assert_eq!(on(&rule.name), expected, "{} on {}", &r.unit, &rule.name);
            }
        }
        let groups: std::collections::BTreeSet<_> = e.units.iter().map(|r| r.group.clone()).collect();
        for group in groups {
            let members: Vec<_> = e.units.iter().filter(|r| r.group == group).collect();
            for rule in &rules {
                let limit = rule.limit(members.len() as u32).unwrap();
                let (on, off): (Vec<&&scorecard::UnitResult>, Vec<&&scorecard::UnitResult>) = members.iter().partition(|r| r.lists.contains(&rule.name));
                if rule.end == ListEnd::Top {
                    prop_assert!(on.len() as u32 >= limit.min(members.len() as u32));
                    for a in &on {
                        for b in &off {
                            prop_assert!(a.adjusted_total > b.adjusted_total);
                        }
                    }
                }
            }
        }
    }
}
