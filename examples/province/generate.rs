//! A data set in the job's file format, generated (deterministic for a seed): for the
//! job bench, the tests, and `province --generate DIR`.

use std::fmt::Write as _;
use std::fs::OpenOptions;
use std::io::{self, Write as _};
use std::path::Path;

use chrono::{Days, NaiveDate};

// also loaded by the synthetic province where a program includes both: each copy is
// self-contained
#[allow(clippy::duplicate_mod)]
#[path = "../support/rng.rs"]
mod rng;

use self::rng::Rng;
use super::job::Summary;

/// The generated input files and what the job must find in them.
#[derive(Debug, Clone)]
pub struct Files {
    /// `indicators.json`.
    pub indicators: String,
    /// `units.csv`.
    pub units: String,
    /// `targets.csv`.
    pub targets: String,
    /// `facts.csv`.
    pub facts: Vec<u8>,
    /// The counts the job must report.
    pub summary: Summary,
}

/// The size of a generated data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Units in the groups hall, key and territorial.
    pub units: [u32; 3],
    /// Fact lines per (unit, data point it reads): from, to.
    pub lines: (i64, i64),
}

impl Shape {
    /// The province: 474 units (60 / 40 / 374), 175 indicators, about a million fact
    /// lines (28 MB).
    pub const PROVINCE: Shape = Shape {
        units: [60, 40, 374],
        lines: (10, 25),
    };
}

const GROUPS: [&str; 3] = ["hall", "key", "territorial"];
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

/// A data set of `shape` from `seed`: units, the 175 indicators of the five kinds
/// (50 completion, 40 ratio_threshold, 40 deduction, 25 peer_relative, 20 efficacy),
/// targets spreading completion rates from 0.6 to 1.5, and fact lines on every day of
/// 2026, one in a hundred a day before the period, one in a thousand with a date that
/// does not exist.
pub fn generate(seed: u64, shape: Shape) -> Files {
    let mut rng = Rng::new(seed);
    // units
    let mut units = String::from("unit_id,name,city,group,staff,households,revenue\n");
    let mut unit_group = Vec::new();
    for (group, n) in GROUPS.into_iter().zip(shape.units) {
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
            for _ in 0..rng.range(shape.lines.0, shape.lines.1) {
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

/// Writes the four input files into `dir` (created if missing), never over an
/// existing file.
///
/// # Errors
///
/// When the folder cannot be made or a file exists or cannot be written.
pub fn write(files: &Files, dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, bytes) in [
        ("indicators.json", files.indicators.as_bytes()),
        ("units.csv", files.units.as_bytes()),
        ("targets.csv", files.targets.as_bytes()),
        ("facts.csv", files.facts.as_slice()),
    ] {
        let path = dir.join(name);
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    Ok(())
}
