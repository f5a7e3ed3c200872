//! Ingestion: facts per second through the fast CSV reader, on one and two threads.
//!
//! `cargo bench --bench ingest`

#[path = "../examples/support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::io::Read;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scorecard::facts::{Dictionary, FactReader, RejectCounter};
use synthetic::{Province, Size};

fn ingest(c: &mut Criterion) {
    let province = Province::new(Size::PROVINCE, 7).expect("a province");
    let mut csv = Vec::new();
    province.csv(1).read_to_end(&mut csv).expect("in memory");
    let lines = csv.iter().filter(|&&b| b == b'\n').count() as u64 - 1;
    let mut crlf = Vec::with_capacity(csv.len() + csv.len() / 20);
    for &b in &csv {
        if b == b'\n' {
            crlf.push(b'\r');
        }
        crlf.push(b);
    }
    let dict = Dictionary::new(
        province.units.iter().map(|u| u.id.clone()),
        province.datapoints(),
    )
    .expect("a dictionary");
    let mut g = c.benchmark_group("ingest");
    g.throughput(Throughput::Elements(lines));
    g.sample_size(10);
    for (variant, text) in [("lf", &csv), ("crlf", &crlf)] {
        for threads in [1, 2] {
            g.bench_function(format!("province/{variant}/{threads}-thread"), |b| {
                b.iter(|| {
                    let mut q = RejectCounter::default();
                    let (sums, tally) = FactReader::new(&dict, province.scheme.period)
                        .threads(threads)
                        .read(black_box(text.as_slice()), &mut q)
                        .expect("reads");
                    // the answer: every line accepted, none lost
                    assert_eq!(tally.accepted(), lines);
                    assert_eq!(tally.total(), lines);
                    black_box(sums)
                });
            });
        }
    }
    g.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
