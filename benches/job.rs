//! The province job end to end, in memory: the rule files read and checked, the facts
//! read, checked and aggregated, every pair scored, adjusted, ranked and listed, and
//! `scores.csv`, `totals.csv`, `rejected.csv` and `summary.json` written.
//!
//! The files are generated in the job's neutral format by the example's generator
//! (`examples/province/generate.rs`: 474 units in three groups, 175 indicators of the
//! five kinds, about a million fact lines with some out of period and some rejected),
//! so the figure is the job's own throughput without the disk. The whole process on
//! the large files, against DuckDB, is measured by hand: see `docs/PERFORMANCE.md`.
//!
//! `cargo bench --bench job`

// the bench generates in memory: it writes no files
#[allow(dead_code)]
#[path = "../examples/province/generate.rs"]
mod generate;
#[path = "../examples/province/job/mod.rs"]
mod job;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use generate::{Files, Shape, generate};
use job::{Job, RejectedCsv};

/// The four output files of one run, as bytes.
fn run(files: &Files, threads: usize) -> [Vec<u8>; 4] {
    let job = Job::load(
        files.indicators.as_bytes(),
        files.units.as_bytes(),
        files.targets.as_bytes(),
    )
    .expect("a valid configuration")
    .threads(threads);
    let mut rejected = Vec::new();
    let mut sink = RejectedCsv::new(&mut rejected);
    let outcome = job.run(files.facts.as_slice(), &mut sink).expect("runs");
    sink.finish().expect("written");
    assert_eq!(outcome.summary, files.summary, "every line accounted for");
    let (mut scores, mut totals, mut summary) = (Vec::new(), Vec::new(), Vec::new());
    outcome
        .write(&mut scores, &mut totals, &mut summary)
        .expect("written");
    [scores, totals, rejected, summary]
}

fn province_job(c: &mut Criterion) {
    let files = generate(11, Shape::PROVINCE);
    let reference = run(&files, 1);
    let mut g = c.benchmark_group("job");
    g.throughput(Throughput::Bytes(files.facts.len() as u64));
    g.sample_size(10);
    for threads in [1, 2] {
        g.bench_function(format!("province/{threads}-thread"), |b| {
            b.iter(|| {
                let out = run(black_box(&files), threads);
                // the answer: the same four files for any number of threads
                assert!(out == reference, "the output changed");
                black_box(out)
            });
        });
    }
    g.finish();
}

criterion_group!(benches, province_job);
criterion_main!(benches);
