//! The built-in province: a synthetic province scored in-process, its groups, lists
//! and one unit's lost points printed.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use scorecard::audit::{digest, digest_document};
use scorecard::facts::{Dictionary, FactReader, RejectCounter};
use scorecard::{Assessment, Evaluation, Rounding, UnitResult, fixed};

use crate::progress::seconds;
use crate::synthetic::{Province, Size};

/// A few records a source system got wrong, to show the quarantine at work.
const DIRTY: &[u8] = b"U0001,D001,2026-02-30,12.50\nU9999,D001,2026-03-01,4\nU0002,D001,2026-03-01,1e3\nU0003,D001,2025-12-31,7\n";

pub fn demo(threads: usize, digest_file: Option<&Path>) -> ExitCode {
    match try_demo(threads, digest_file) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("province: {e}");
            ExitCode::from(1)
        }
    }
}

fn try_demo(threads: usize, digest_file: Option<&Path>) -> Result<(), scorecard::Error> {
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
        "read and aggregated in {}, scored and ranked in {} ms\n",
        seconds(read),
        (evaluated - read).as_millis()
    );
    for group in ["hall", "key", "territorial"] {
        print_group(&assessment, &evaluation, group);
    }
    explain_unit(&assessment, &evaluation)?;
    let (scheme, units) = (assessment.scheme(), assessment.units());
    let d = digest(scheme, units, &province.targets, &sums, &evaluation)?;
    println!("\n== 复核摘要 reproducibility digest (docs/AUDIT.md)\n   {d}");
    if let Some(path) = digest_file {
        let document = digest_document(scheme, units, &province.targets, &sums, &evaluation)?;
        write_document(path, &document)?;
        println!("   digest document written to {}", path.display());
    }
    Ok(())
}

/// Writes the digest document as indented JSON (any layout: the digest hashes its
/// canonical form).
fn write_document(path: &Path, document: &serde_json::Value) -> Result<(), scorecard::Error> {
    let io = |e: std::io::Error| scorecard::Error::io(path.display().to_string(), e);
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    serde_json::to_writer_pretty(&mut file, document).map_err(|e| io(e.into()))?;
    file.write_all(b"\n").map_err(io)?;
    file.flush().map_err(io)
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
