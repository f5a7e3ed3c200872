//! Evaluation from aggregates: 474 units × 175 indicators scored, adjusted, ranked and
//! listed — with the built-in rule kinds, and with every indicator written as a formula
//! (`province/formulas`; intervals as decision tables: `province/formulas-tables`); and
//! one trace on demand.
//!
//! `cargo bench --bench evaluate`

#[path = "../examples/support/formulas.rs"]
mod formulas;
#[path = "../examples/support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::io::Read;

use criterion::{Criterion, criterion_group, criterion_main};
use scorecard::Assessment;
use scorecard::facts::{Dictionary, FactReader, RejectCounter};
use synthetic::{Province, Size};

fn evaluate(c: &mut Criterion) {
    let province = Province::new(Size::PROVINCE, 7).expect("a province");
    let assessment = Assessment::new(
        province.scheme.clone(),
        province.units.clone(),
        &province.targets,
    )
    .expect("valid");
    let dict = Dictionary::new(
        province.units.iter().map(|u| u.id.clone()),
        province.datapoints(),
    )
    .expect("a dictionary");
    let mut csv = Vec::new();
    province.csv(1).read_to_end(&mut csv).expect("in memory");
    let (sums, _) = FactReader::new(&dict, province.scheme.period)
        .read(csv.as_slice(), &mut RejectCounter::default())
        .expect("reads");
    let reference = assessment.evaluate(&sums).expect("evaluates");
    let pairs = assessment.pair_count();

    let mut g = c.benchmark_group("evaluate");
    let two = assessment.clone().threads(2);
    // every indicator written as a formula (intervals as formulas, or as tables)
    let as_formulas = |tables: bool| {
        let mut scheme = province.scheme.clone();
        scheme.indicators =
            formulas::catalog_as_formulas(&scheme.indicators, tables).expect("translated");
        let a = Assessment::new(scheme, province.units.clone(), &province.targets).expect("valid");
        // the same answer as the built-in kinds
        let e = a.evaluate(&sums).expect("evaluates");
        assert_eq!(e.units, reference.units);
        a
    };
    let formulas = as_formulas(false);
    let tables = as_formulas(true);
    for (name, a) in [
        ("province/full", &assessment),
        ("province/formulas", &formulas),
        ("province/formulas-tables", &tables),
        ("province/full-2-threads", &two),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let e = a.evaluate(black_box(&sums)).expect("evaluates");
                // the answer: every pair scored, the same totals every time
                assert_eq!(e.pairs.len(), pairs);
                assert_eq!(e.units[0].adjusted_total, reference.units[0].adjusted_total);
                black_box(e)
            });
        });
    }
    let unit = reference.units[0].unit.clone();
    let indicator = reference.pairs_of(&unit)[0].indicator.clone();
    g.bench_function("province/one-trace", |b| {
        b.iter(|| {
            let t = assessment
                .trace(&reference, black_box(&unit), black_box(&indicator))
                .expect("a trace");
            assert_eq!(t.score, reference.pairs_of(&unit)[0].score);
            black_box(t)
        });
    });
    g.finish();
}

criterion_group!(benches, evaluate);
criterion_main!(benches);
