//! Determinism: facts in any order, split into any shards, read on any number of
//! threads, give identical results (compared as serialised JSON).

use crate::support::synthetic::Rng;
use proptest::prelude::*;
use scorecard::Fact;
use scorecard::facts::{Aggregates, Granularity};
use scorecard::facts::{Dictionary, FactReader, Rejected};

use super::{Generated, aggregate, config, evaluate, json, shuffle, size};

fn csv(facts: &[scorecard::Fact]) -> String {
    let mut s = String::from("unit_id,datapoint_id,date,value\n");
    for f in facts {
        s.push_str(&format!(
            "{},{},{},{}\n",
            f.unit, f.datapoint, f.date, f.value
        ));
    }
    s
}

/// The facts' values spelled with other numbers of places, as sources may give them:
/// `12.50` as `12.5` or `12.5000`, `0.00` as `0` or `0.000`; the same values.
fn respell(facts: &mut [Fact], seed: u64) {
    let mut rng = Rng::new(seed);
    for f in facts {
        let places = rng.range(0, 2);
        if places == 0 {
            f.value = f.value.normalize();
        } else {
            // 3 or 4 places: a cent amount always fits
            f.value.rescale(2 + u32::try_from(places).expect("1 or 2"));
        }
    }
}

/// The facts cut in two shards at `cut` (modulo their number), with day buckets, merged
/// the other way round.
fn two_shards(facts: &[Fact], cut: usize) -> Aggregates {
    let cut = cut % (facts.len() + 1);
    let mut a = Aggregates::new(Granularity::Day);
    let mut b = Aggregates::new(Granularity::Day);
    for f in &facts[..cut] {
        a.add(f).expect("an addable fact");
    }
    for f in &facts[cut..] {
        b.add(f).expect("an addable fact");
    }
    b.merge(&a).expect("mergeable");
    b
}

proptest! {
    #![proptest_config(config(12))]

    #[test]
    fn facts_in_any_order_and_any_shards(
        size in size(),
        seed in any::<u64>(),
        order in any::<u64>(),
        cut in 0usize..1000,
    ) {
        let g = Generated::new(size, seed);
        let base = json(&g.evaluate());
        let mut facts = g.facts.clone();
        shuffle(&mut facts, order);
        let shuffled = aggregate(&facts);
        prop_assert_eq!(&json(&evaluate(&g.p.scheme, &g.p.units, &g.p.targets, &shuffled.all())), &base);
        let b = two_shards(&facts, cut);
        prop_assert_eq!(&json(&evaluate(&g.p.scheme, &g.p.units, &g.p.targets, &b.all())), &base);
    }

    /// The same with the values spelled with any number of places, so that sums mix
    /// scales (and zeros of every scale): still the same JSON in any order and shards.
    #[test]
    fn facts_with_any_places_in_any_order_and_any_shards(
        size in size(),
        seed in any::<u64>(),
        places in any::<u64>(),
        order in any::<u64>(),
        cut in 0usize..1000,
    ) {
        let g = Generated::new(size, seed);
        let mut facts = g.facts.clone();
        respell(&mut facts, places);
        let base = json(&evaluate(&g.p.scheme, &g.p.units, &g.p.targets, &aggregate(&facts).all()));
        shuffle(&mut facts, order);
        prop_assert_eq!(&json(&evaluate(&g.p.scheme, &g.p.units, &g.p.targets, &aggregate(&facts).all())), &base);
        let b = two_shards(&facts, cut);
        prop_assert_eq!(&json(&evaluate(&g.p.scheme, &g.p.units, &g.p.targets, &b.all())), &base);
    }

    #[test]
    fn any_evaluation_thread_count(size in size(), seed in any::<u64>(), threads in 2usize..=5) {
        let g = Generated::new(size, seed);
        let base = json(&g.evaluate());
        let a = scorecard::Assessment::new(g.p.scheme.clone(), g.p.units.clone(), &g.p.targets)
            .unwrap()
            .threads(threads);
        prop_assert_eq!(json(&a.evaluate(&g.agg.all()).unwrap()), base);
    }

    #[test]
    fn any_thread_count_and_block_size(
        size in size(),
        seed in any::<u64>(),
        order in any::<u64>(),
        threads in 2usize..=4,
        block in 16usize..400,
    ) {
        let g = Generated::new(size, seed);
        let dict = Dictionary::new(
            g.p.units.iter().map(|u| u.id.clone()),
            g.p.datapoints(),
        ).unwrap();
        let period = g.p.scheme.period;
        let text = csv(&g.facts);
        let mut rejects: Vec<Rejected> = Vec::new();
        let (one, _) = FactReader::new(&dict, period).read(text.as_bytes(), &mut rejects).unwrap();
        prop_assert!(rejects.is_empty());
        let base = json(&evaluate(&g.p.scheme, &g.p.units, &g.p.targets, &one));
        let mut facts = g.facts.clone();
        shuffle(&mut facts, order);
        let text = csv(&facts);
        let (many, _) = FactReader::new(&dict, period)
            .threads(threads)
            .block_size(block)
            .read(text.as_bytes(), &mut rejects)
            .unwrap();
        prop_assert!(rejects.is_empty());
        prop_assert_eq!(json(&evaluate(&g.p.scheme, &g.p.units, &g.p.targets, &many)), base);
    }
}
