//! LiveEvaluation update: one new fact → its unit's scores, the group statistics it touches, the
//! group's ranks and lists refreshed.
//!
//! `cargo bench --bench live`

#[path = "../examples/support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use scorecard::Assessment;
use scorecard::scoring::LiveEvaluation;
use synthetic::{Province, Rng, Size};

fn live(c: &mut Criterion) {
    let p = Province::new(Size::PROVINCE, 7).expect("a province");
    let a = Assessment::new(p.scheme.clone(), p.units.clone(), &p.targets).expect("valid");
    let sums = p.aggregates().expect("aggregates");
    let mut live = LiveEvaluation::with_sums(a, &sums.all()).expect("evaluates");
    let dps = p.datapoints();
    let mut rng = Rng::new(99);
    // random facts of positive value (so that no denominator reaches zero)
    let facts: Vec<_> = (0..10_000)
        .map(|_| {
            let u = rng.range(0, p.units.len() as i64 - 1) as usize;
            let d = rng.range(0, dps.len() as i64 - 1) as usize;
            (
                p.units[u].id.clone(),
                dps[d].clone(),
                Decimal::new(rng.range(1, 500), 2),
            )
        })
        .collect();
    let mut next = 0;
    c.bench_function("live/province/one-fact", |b| {
        b.iter(|| {
            let (u, d, v) = &facts[next % facts.len()];
            next += 1;
            black_box(live.add(u, d, *v).expect("takes the fact"))
        });
    });
    // the answer: still equal to a full re-evaluation
    assert_eq!(
        live.evaluation(),
        &live.evaluate_fresh().expect("evaluates")
    );
}

criterion_group!(benches, live);
criterion_main!(benches);
