//! The province job.
//!
//! ```sh
//! cargo run --release --example province                               # a built-in province
//! cargo run --release --example province -- --data DIR --out DIR      # the neutral file format
//! ```
//!
//! With no arguments it builds a synthetic province in-process (474 branches in three
//! peer groups, 175 indicators of every rule kind, about a million facts, with a few bad records), and prints per
//! group the top and bottom units, the red and black lists, and for one unit the
//! explanation of every point it lost.
//!
//! With `--data DIR --out DIR` it runs the job of `PROVINCE_JOB.md`: reads
//! `indicators.json`, `units.csv`, `targets.csv` and `facts.csv` from DIR and writes
//! `scores.csv`, `totals.csv`, `rejected.csv` and `summary.json` into the output folder.
//! A configuration error exits with status 2 and a message naming the unit and
//! indicator (and writes nothing); an unreadable file exits with status 1 naming it.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::fs::File;
use std::io::{BufReader, BufWriter, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use scorecard::facts::{Dictionary, FactReader, RejectCounter};
use scorecard::job::{Job, RejectedCsv};
use scorecard::{Assessment, Evaluation, Rounding, UnitResult, fixed};
use synthetic::{Province, Size};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut data = None;
    let mut out = None;
    let mut threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--data" => data = it.next().map(PathBuf::from),
            "--out" => out = it.next().map(PathBuf::from),
            "--threads" => match it.next().and_then(|t| t.parse().ok()) {
                Some(t) => threads = t,
                None => return usage("--threads needs a number"),
            },
            "-h" | "--help" => {
                println!("usage: province [--data DIR --out DIR] [--threads N]");
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument {other}")),
        }
    }
    match (data, out) {
        (None, None) => demo(threads),
        (Some(d), Some(o)) => run_job(&d, &o, threads),
        _ => usage("--data and --out go together"),
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("province: {msg}\nusage: province [--data DIR --out DIR] [--threads N]");
    ExitCode::from(64)
}

// ---------------------------------------------------------------------------
// --data DIR --out DIR

fn open(path: &Path) -> Result<BufReader<File>, String> {
    File::open(path)
        .map(|f| BufReader::with_capacity(1 << 20, f))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn create(path: &Path) -> Result<BufWriter<File>, String> {
    File::create(path)
        .map(|f| BufWriter::with_capacity(1 << 16, f))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn run_job(data: &Path, out: &Path, threads: usize) -> ExitCode {
    let files = (|| {
        Ok::<_, String>((
            open(&data.join("indicators.json"))?,
            open(&data.join("units.csv"))?,
            open(&data.join("targets.csv"))?,
            File::open(data.join("facts.csv"))
                .map_err(|e| format!("cannot read {}: {e}", data.join("facts.csv").display()))?,
        ))
    })();
    let (indicators, units, targets, facts) = match files {
        Ok(f) => f,
        Err(e) => {
            eprintln!("province: {e}");
            return ExitCode::from(1);
        }
    };
    let job = match Job::load(indicators, units, targets) {
        Ok(j) => j,
        Err(e) if e.is_io() => {
            eprintln!("province: {e}");
            return ExitCode::from(1);
        }
        Err(e) => {
            eprintln!("province: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    match write_job(&job, facts, out, threads) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("province: {e}");
            ExitCode::from(1)
        }
    }
}

fn write_job(job: &Job, facts: File, out: &Path, threads: usize) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut rejected = RejectedCsv::new(create(&out.join("rejected.csv"))?);
    let outcome = job
        .run(facts, threads, &mut rejected)
        .map_err(|e| e.to_string())?;
    rejected.finish().map_err(|e| e.to_string())?;
    outcome
        .write(
            create(&out.join("scores.csv"))?,
            create(&out.join("totals.csv"))?,
            create(&out.join("summary.json"))?,
        )
        .map_err(|e| e.to_string())
}

// ---------------------------------------------------------------------------
// the built-in province

/// A few records a source system got wrong, to show the quarantine at work.
const DIRTY: &[u8] = b"U0001,D001,2026-02-30,12.50\nU9999,D001,2026-03-01,4\nU0002,D001,2026-03-01,1e3\nU0003,D001,2025-12-31,7\n";

fn demo(threads: usize) -> ExitCode {
    match try_demo(threads) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("province: {e}");
            ExitCode::from(1)
        }
    }
}

fn try_demo(threads: usize) -> Result<(), scorecard::Error> {
    let started = Instant::now();
    let province = Province::new(Size::PROVINCE, 2026)?;
    let assessment = Assessment::new(
        province.scheme.clone(),
        province.units.clone(),
        &province.targets,
    )?
    .threads(threads);
    let dictionary = Dictionary::new(
        province.units.iter().map(|u| u.id.clone()),
        province.datapoints(),
    )?;
    let mut quarantine = RejectCounter::default();
    let (sums, tally) = FactReader::new(&dictionary, province.scheme.period)
        .threads(threads)
        .read(province.csv(1).chain(DIRTY), &mut quarantine)?;
    let read = started.elapsed();
    let evaluation = assessment.evaluate(&sums)?;
    let evaluated = started.elapsed();

    println!(
        "河北省税务局 2026 年度绩效考评（合成数据）— Hebei provincial bureau, 2026 (synthetic data)"
    );
    println!(
        "{} units, {} indicators, {} scored pairs; {} facts: {} accepted, {} out of period, {} rejected",
        assessment.units().len(),
        assessment.scheme().indicators.len(),
        evaluation.pairs.len(),
        tally.total(),
        tally.accepted(),
        tally.out_of_period(),
        tally.rejected()
    );
    println!(
        "read and aggregated in {:.2} s, scored and ranked in {:.1} ms\n",
        read.as_secs_f64(),
        (evaluated - read).as_secs_f64() * 1000.0
    );
    for group in ["hall", "key", "territorial"] {
        print_group(&assessment, &evaluation, group);
    }
    explain_unit(&assessment, &evaluation)
}

fn total(u: &UnitResult) -> String {
    fixed(u.adjusted_total, 2, Rounding::HalfUp)
}

fn name<'a>(a: &'a Assessment, u: &UnitResult) -> &'a str {
    a.unit(&u.unit).map_or("", |x| x.name.as_str())
}

fn print_group(a: &Assessment, e: &Evaluation, group: &str) {
    let mut members: Vec<&UnitResult> = e
        .units
        .iter()
        .filter(|u| u.group.as_str() == group)
        .collect();
    members.sort_by(|x, y| x.rank.cmp(&y.rank).then(x.unit.cmp(&y.unit)));
    let zh = match group {
        "hall" => "办税服务厅",
        "key" => "重点税源管理分局",
        _ => "属地税务分局",
    };
    println!("== {zh} ({group}): {} units", members.len());
    let show = |u: &UnitResult| {
        println!(
            "   #{:<4} {}  raw {:>7} × {} = {:>7}  {}",
            u.rank.to_string(),
            u.unit,
            fixed(u.raw_total, 2, Rounding::HalfUp),
            fixed(u.coefficient, 4, Rounding::HalfUp),
            total(u),
            name(a, u)
        );
    };
    println!("   top:");
    members.iter().take(3).for_each(|u| show(u));
    println!("   bottom:");
    members.iter().rev().take(3).rev().for_each(|u| show(u));
    for (list, label) in [("red", "红榜 red list"), ("black", "黑榜 black list")] {
        let on: Vec<&&UnitResult> = members
            .iter()
            .filter(|u| u.lists.iter().any(|l| l == list))
            .collect();
        let ids: Vec<String> = on
            .iter()
            .map(|u| format!("{} ({})", u.unit, total(u)))
            .collect();
        println!("   {label}: {} units", on.len());
        for chunk in ids.chunks(6).take(4) {
            println!("      {}", chunk.join("  "));
        }
        if ids.len() > 24 {
            println!("      … and {} more", ids.len() - 24);
        }
    }
    println!();
}

fn explain_unit(a: &Assessment, e: &Evaluation) -> Result<(), scorecard::Error> {
    // the last of the service halls
    let Some(u) = e
        .units
        .iter()
        .filter(|u| u.group.as_str() == "hall")
        .max_by(|x, y| x.rank.cmp(&y.rank).then(y.unit.cmp(&x.unit)))
    else {
        return Ok(());
    };
    println!(
        "== 扣分说明 Why {} {} ranks #{} of {} in its group",
        u.unit,
        name(a, u),
        u.rank,
        u.group_size
    );
    println!(
        "   full points {}, lost {}, above full {}, raw total {}; coefficient {}; adjusted total {}",
        u.full_points.normalize(),
        fixed(u.lost, 2, Rounding::HalfUp),
        fixed(u.extra, 2, Rounding::HalfUp),
        fixed(u.raw_total, 2, Rounding::HalfUp),
        fixed(u.coefficient, 6, Rounding::HalfUp),
        total(u)
    );
    let c = a.coefficient_trace(&u.unit)?;
    let steps: Vec<String> = c
        .steps
        .iter()
        .map(|s| format!("{} = {}", s.name, fixed(s.value, 4, Rounding::HalfUp)))
        .collect();
    println!(
        "   难度系数 coefficient: {}{}",
        steps.join(", "),
        if c.clamped { " (clamped)" } else { "" }
    );
    let mut traces = a.traces(e, &u.unit)?;
    traces.retain(|t| t.lost > rust_decimal::Decimal::ZERO);
    traces.sort_by(|x, y| y.lost.cmp(&x.lost).then(x.indicator.cmp(&y.indicator)));
    for t in &traces {
        let basis = t.basis.as_ref().map(|b| b.to_string()).unwrap_or_default();
        println!(
            "   −{:>5}  {}",
            fixed(t.lost, 2, Rounding::HalfUp),
            t.explanation.zh
        );
        println!("           {}", t.explanation.en);
        println!("           依据 basis: {basis}");
    }
    Ok(())
}
