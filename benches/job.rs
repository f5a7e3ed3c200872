//! The province job end to end, in memory: the rule files read and checked, the facts
//! read, checked and aggregated, every pair scored, adjusted, ranked and listed, and
//! `scores.csv`, `totals.csv`, `rejected.csv` and `summary.json` written.
//!
//! The files are generated here in the job's neutral format (474 units in three groups,
//! 175 indicators of the five kinds, about a million fact lines with some out of period
//! and some rejected), so the figure is the job's own throughput without the disk. The
//! whole process on the large files, against DuckDB, is measured by hand: see
//! `docs/PERFORMANCE.md`.
//!
//! `cargo bench --bench job`

#[path = "../examples/province/job/mod.rs"]
mod job;
#[path = "../examples/support/synthetic.rs"]
mod synthetic;

use std::fmt::Write as _;
use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use job::{Job, RejectedCsv, Summary};
use synthetic::Rng;

/// The generated input files and what the job must find in them.
struct Files {
    indicators: String,
    units: String,
    targets: String,
    facts: Vec<u8>,
    summary: Summary,
}

const GROUPS: [(&str, u32); 3] = [("hall", 60), ("key", 40), ("territorial", 374)];
/// The groups an indicator applies to, in turn.
const APPLIES: [&[&str]; 7] = [
    &["hall", "key", "territorial"],
    &["hall", "territorial"],
    &["key", "territorial"],
    &["hall"],
    &["key"],
    &["territorial"],
    &["hall", "key"],
];

/// The value of one fact line, in cents, for a data point of `role`.
fn cents(rng: &mut Rng, role: Role) -> i64 {
    match role {
        Role::Amount => rng.range(1_000, 900_000),
        Role::Errors => rng.range(0, 3) * 100,
        Role::Cases => rng.range(20, 60) * 100,
        Role::Events => (rng.range(0, 9) / 8) * 100,
    }
}

#[derive(Clone, Copy)]
enum Role {
    Amount,
    Errors,
    Cases,
    Events,
}

fn generate(seed: u64) -> Files {
    let mut rng = Rng::new(seed);
    // units
    let mut units = String::from("unit_id,name,city,group,staff,households,revenue\n");
    let mut unit_group = Vec::new();
    for (group, n) in GROUPS {
        for _ in 0..n {
            let k = unit_group.len() + 1;
            let staff = rng.range(8, 40);
            let households = staff * rng.range(150, 450);
            let revenue = rng.range(100_000, 99_999_999);
            writeln!(
                units,
                "U{k:04},Branch {k},City {},{group},{staff},{households},{}.{:02}",
                k % 11,
                revenue / 100,
                revenue % 100
            )
            .expect("in memory");
            unit_group.push(group);
        }
    }
    // indicators: (kind, count), and the data points each reads
    let mut indicators = String::from(
        r#"{
  "period": {"start": "2026-01-01", "end": "2026-12-31"},
  "difficulty": {"factor": "households_per_staff", "slope": "0.1", "min": "0.95", "max": "1.05"},
  "lists": {"red_share": "0.4", "black_share": "0.1"},
  "indicators": ["#,
    );
    let mut datapoints: Vec<(Role, &[&str])> = Vec::new();
    let mut completion: Vec<(usize, usize, &[&str])> = Vec::new();
    let kinds = [
        ("completion", 50),
        ("ratio_threshold", 40),
        ("deduction", 40),
        ("peer_relative", 25),
        ("efficacy", 20),
    ];
    let mut i = 0;
    let mut pairs = 0;
    for (kind, count) in kinds {
        for _ in 0..count {
            i += 1;
            let groups = APPLIES[i % APPLIES.len()];
            pairs += unit_group.iter().filter(|g| groups.contains(g)).count() as u64;
            let mut dp = |role| {
                datapoints.push((role, groups));
                format!("D{:03}", datapoints.len())
            };
            let rule = match kind {
                "completion" => {
                    let d = dp(Role::Amount);
                    completion.push((i, datapoints.len() - 1, groups));
                    let cap = ["1.0", "1.2", "1.5"][i % 3];
                    format!(r#""datapoint": "{d}", "cap": "{cap}""#)
                }
                "ratio_threshold" => {
                    let (n, d) = (dp(Role::Errors), dp(Role::Cases));
                    format!(
                        r#""numerator": "{n}", "denominator": "{d}", "good": "0.02", "bad": "0.05""#
                    )
                }
                "deduction" => format!(
                    r#""datapoint": "{}", "per_event": "{}""#,
                    dp(Role::Events),
                    ["0.5", "0.25", "1"][i % 3]
                ),
                _ => format!(r#""datapoint": "{}""#, dp(Role::Amount)),
            };
            let groups = groups
                .iter()
                .map(|g| format!("\"{g}\""))
                .collect::<Vec<_>>()
                .join(", ");
            let comma = if i == 1 { "" } else { "," };
            write!(
                indicators,
                r#"{comma}
    {{"id": "I{i:03}", "name": "Indicator {i}", "kind": "{kind}", "points": "{}", "groups": [{groups}], {rule}}}"#,
                1 + i % 6
            )
            .expect("in memory");
        }
    }
    indicators.push_str("\n  ]\n}\n");
    // facts: 10–25 lines per (unit, data point it reads), each on a day of the year;
    // one line in a hundred a day before the period, one in a thousand broken
    let first = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");
    let days: Vec<String> = (0..365)
        .map(|d| (first + Days::new(d)).format("%Y-%m-%d").to_string())
        .collect();
    let mut facts = String::from("unit_id,datapoint_id,date,value\n");
    let mut summary = Summary {
        units: unit_group.len() as u64,
        indicators: i as u64,
        scored_pairs: pairs,
        ..Summary::default()
    };
    // S(u, d) for the completion data points, to set targets the rates spread around
    let mut sums = vec![0i64; unit_group.len() * datapoints.len()];
    for (u, group) in unit_group.iter().enumerate() {
        for (d, (role, groups)) in datapoints.iter().enumerate() {
            if !groups.contains(group) {
                continue;
            }
            for _ in 0..rng.range(10, 25) {
                summary.facts_total += 1;
                let c = cents(&mut rng, *role);
                let (unit, dp) = (u + 1, d + 1);
                let (day, value) = (&days[rng.range(0, 364) as usize], c / 100);
                match rng.range(0, 999) {
                    0 => {
                        summary.facts_rejected += 1;
                        writeln!(facts, "U{unit:04},D{dp:03},2026-02-30,{value}")
                    }
                    1..=10 => {
                        summary.facts_out_of_period += 1;
                        writeln!(facts, "U{unit:04},D{dp:03},2025-12-31,{value}")
                    }
                    _ => {
                        summary.facts_accepted += 1;
                        sums[u * datapoints.len() + d] += c;
                        writeln!(facts, "U{unit:04},D{dp:03},{day},{value}.{:02}", c % 100)
                    }
                }
                .expect("in memory");
            }
        }
    }
    // targets: completion rates from 0.6 to 1.5
    let mut targets = String::from("unit_id,indicator_id,target\n");
    for (u, group) in unit_group.iter().enumerate() {
        for &(i, d, groups) in &completion {
            if groups.contains(group) {
                let sum = sums[u * datapoints.len() + d].max(100);
                let target = sum * 100 / rng.range(60, 150);
                writeln!(
                    targets,
                    "U{:04},I{i:03},{}.{:02}",
                    u + 1,
                    target / 100,
                    target % 100
                )
                .expect("in memory");
            }
        }
    }
    Files {
        indicators,
        units,
        targets,
        facts: facts.into_bytes(),
        summary,
    }
}

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
    let files = generate(11);
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
