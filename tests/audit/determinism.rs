//! Determinism: facts in any order, split into any shards, read on any number of
//! threads, give identical results (compared as serialised JSON).

use proptest::prelude::*;
use scorecard::facts::{Aggregates, Granularity};
use scorecard::{Dictionary, FactReader, Rejected};

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
        // two shards, merged the other way round, with day buckets
        let cut = cut % (facts.len() + 1);
        let mut a = Aggregates::new(Granularity::Day);
        let mut b = Aggregates::new(Granularity::Day);
        for f in &facts[..cut] { a.add(f).unwrap(); }
        for f in &facts[cut..] { b.add(f).unwrap(); }
        b.merge(&a).unwrap();
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
