//! The health-check report (体检报告) of one unit of the built-in province.
//!
//! ```sh
//! cargo run --release --example report -- OUTDIR [UNIT]
//! ```
//!
//! Builds the synthetic province twice — seed 2025 as last period, seed 2026 as this one
//! (the same units; each year its own scheme and data) — adds two error-tolerance
//! incidents to the unit, and writes `report.zh.md`, `report.en.md`, `report.zh.html`
//! and `report.en.html` into OUTDIR. Without UNIT it reports the best-ranked service
//! hall that is on no list (just below the red list).

#[path = "support/synthetic.rs"]
mod synthetic;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use scorecard::analysis::{HealthCheck, Lang, ReportInput, render_html, render_markdown};
use scorecard::facts::DenseSums;
use scorecard::facts::{Dictionary, FactReader, RejectCounter};
use scorecard::rule::Rule;
use scorecard::tolerance::{DefaultPolicy, Incident, Severity};
use scorecard::{Assessment, Evaluation, UnitId};
use synthetic::{Province, Size};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first().map(PathBuf::from) else {
        eprintln!("usage: report OUTDIR [UNIT]");
        return ExitCode::from(64);
    };
    match run(&out, args.get(1).map(|u| UnitId::from(u.as_str()))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("report: {e}");
            ExitCode::from(1)
        }
    }
}

fn load(seed: u64) -> Result<(Province, Assessment, DenseSums), String> {
    let e = |e: scorecard::Error| e.to_string();
    let province = Province::new(Size::PROVINCE, seed).map_err(e)?;
    let assessment = Assessment::new(
        province.scheme.clone(),
        province.units.clone(),
        &province.targets,
    )
    .map_err(e)?;
    let dictionary = Dictionary::new(
        province.units.iter().map(|u| u.id.clone()),
        province.datapoints(),
    )
    .map_err(e)?;
    let (sums, _) = FactReader::new(&dictionary, province.scheme.period)
        .threads(2)
        .read(province.csv(1), &mut RejectCounter::default())
        .map_err(e)?;
    Ok((province, assessment, sums))
}

fn run(out: &Path, unit: Option<UnitId>) -> Result<(), String> {
    let e = |e: scorecard::Error| e.to_string();
    let (_, last_assessment, last_sums) = load(2025)?;
    let last: Evaluation = last_assessment.evaluate(&last_sums).map_err(e)?;
    let (province, assessment, sums) = load(2026)?;
    let plain = assessment.evaluate(&sums).map_err(e)?;
    let unit = match unit {
        Some(u) => u,
        None => plain
            .units
            .iter()
            .filter(|u| u.group.as_str() == "hall" && u.lists.is_empty())
            .min_by(|a, b| a.rank.cmp(&b.rank).then(a.unit.cmp(&b.unit)))
            .map(|u| u.unit.clone())
            .ok_or("the province has no service hall off the lists")?,
    };
    // two incidents on the unit's first deduction indicator: one rectified in 3 days
    // (waived), one with a serious consequence (kept)
    let deduction = plain
        .pairs_of(&unit)
        .iter()
        .filter_map(|p| assessment.scheme().indicators.get(&p.indicator))
        .find(|i| matches!(i.rule, Rule::Deduction(_)));
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).ok_or("a bad date");
    let mut incidents = Vec::new();
    if let Some(ind) = deduction {
        let dp = ind.datapoints()[0].clone();
        incidents.push(
            Incident::new(
                "P2026-031",
                unit.clone(),
                ind.id.clone(),
                dp.clone(),
                day(3, 12)?,
            )
            .rectified(day(3, 15)?)
            .description("办税指引更新不及时"),
        );
        incidents.push(
            Incident::new("P2026-077", unit.clone(), ind.id.clone(), dp, day(7, 2)?)
                .severity(Severity::SeriousConsequence)
                .rectified(day(7, 4)?)
                .description("窗口服务引发群体投诉"),
        );
    }
    let tolerated = assessment
        .tolerate(&DefaultPolicy::new(7, 2), incidents)
        .map_err(e)?;
    let overlay = tolerated.overlay(&sums);
    let evaluation = assessment.evaluate(&overlay).map_err(e)?;
    let input = ReportInput {
        assessment: &assessment,
        targets: &province.targets,
        sums: &overlay,
        evaluation: &evaluation,
        period: "2026",
        history: &[("2025", &last)],
        tolerated: Some(&tolerated),
        weakest: 8,
    };
    let report = HealthCheck::build(&input, &unit).map_err(e)?;
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        for (ext, text) in [
            ("md", render_markdown(&report, lang)),
            ("html", render_html(&report, lang)),
        ] {
            let path = out.join(format!("report.{tag}.{ext}"));
            std::fs::write(&path, text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            println!("wrote {}", path.display());
        }
    }
    Ok(())
}
