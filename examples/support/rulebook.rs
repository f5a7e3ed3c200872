//! The core of `cargo run --example rulebook` (also run by the tests): the rule book of
//! `examples/rulebook.toml` loaded through `scorecard::rulebook`, its host rule
//! registered, evaluated on six county bureaus' built-in data (this year and last), and
//! the ranks, lists and one unit's lost points written in Chinese and English.
//! Included with `#[path]`; not library API.
#![allow(dead_code)]

use std::fmt::Write as _;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use scorecard::facts::{Aggregates, Granularity};
use scorecard::rule::{
    Branch, HostRule, Measure, RuleContext, RuleInput, RuleKind, RuleRegistry, Scored,
};
use scorecard::rulebook::RuleBook;
use scorecard::trace::{Explanation, Tracer};
use scorecard::{
    Assessment, Direction, DisplayFormat, Evaluation, Fact, IndicatorId, Result, Targets, Unit,
    UnitId,
};

/// The rule book.
pub const BOOK: &str = include_str!("../rulebook.toml");

/// The unit whose lost points are explained.
pub const EXPLAINED: &str = "U03";

/// The host rule `e_filing` (电子申报率): full points at a share of e-filings at or
/// above `line`, in proportion below it.
#[derive(Debug)]
pub struct EFiling {
    line: Decimal,
}

impl HostRule for EFiling {
    fn name(&self) -> &str {
        "e_filing"
    }

    fn version(&self) -> &str {
        "1.0.0"
    }

    fn params(&self) -> serde_json::Value {
        serde_json::json!({ "line": self.line.to_string() })
    }

    fn measures(&self) -> Vec<RuleInput> {
        vec![RuleInput::new(
            "share",
            Measure::Ratio {
                numerator: "D06".into(),
                denominator: "D03".into(),
            },
        )]
    }

    fn direction(&self) -> Direction {
        Direction::HigherIsBetter
    }

    fn validate(&self, _points: Decimal) -> std::result::Result<(), String> {
        if self.line > Decimal::ZERO && self.line <= Decimal::ONE {
            Ok(())
        } else {
            Err(format!("the line {} is not a share in (0, 1]", self.line))
        }
    }

    fn score(&self, ctx: &RuleContext<'_>, t: &mut dyn Tracer) -> Result<Scored<()>> {
        let share = ctx.input("share").ok_or_else(|| ctx.error("no filings"))?;
        t.step("line", self.line);
        if share >= self.line {
            return Ok(Scored {
                score: ctx.points(),
                value: Some(share),
                branch: Branch::Pass,
                detail: (),
            });
        }
        let score = ctx
            .points()
            .checked_mul(share)
            .and_then(|x| x.checked_div(self.line))
            .ok_or_else(|| ctx.error("points × share ÷ line overflows"))?;
        Ok(Scored {
            score,
            value: Some(share),
            branch: Branch::Fail,
            detail: (),
        })
    }

    fn explain(&self, _ctx: &RuleContext<'_>, s: &Scored<()>) -> Option<Explanation> {
        let pct = DisplayFormat::percent(2);
        let share = pct.write(s.value?);
        let line = pct.write(self.line);
        let score = DisplayFormat::number(2).write(s.score);
        Some(match s.branch {
            Branch::Pass => Explanation {
                zh: format!("{share}，达到 {line}，得满分"),
                en: format!("{share}, at or above {line}: full points"),
            },
            _ => Explanation {
                zh: format!("{share}，低于 {line}，按比例得 {score} 分"),
                en: format!("{share}, below {line}: {score} points in proportion"),
            },
        })
    }
}

/// The host rules of the example, by name.
///
/// # Errors
///
/// None in practice (a name registered twice).
pub fn registry() -> Result<RuleRegistry> {
    let mut r = RuleRegistry::new();
    r.register("e_filing", |params| {
        let line = params["line"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .ok_or("`line` is a decimal in quotes")?;
        Ok(EFiling { line })
    })?;
    Ok(r)
}

/// One county bureau's data: revenue this year (D01), its target, revenue last year,
/// filing errors (D02), filings (D03), enforcement errors (D04), satisfaction (D05),
/// e-filings (D06).
struct Row {
    id: &'static str,
    name: &'static str,
    revenue: i64,
    target: i64,
    last_year: i64,
    errors: i64,
    filings: i64,
    enforcement: i64,
    satisfaction: i64,
    e_filings: i64,
}

const fn row(id: &'static str, name: &'static str, v: [i64; 8]) -> Row {
    Row {
        id,
        name,
        revenue: v[0],
        target: v[1],
        last_year: v[2],
        errors: v[3],
        filings: v[4],
        enforcement: v[5],
        satisfaction: v[6],
        e_filings: v[7],
    }
}

/// The built-in data: six county bureaus; U03 has two enforcement errors (vetoed).
const DATA: [Row; 6] = [
    row("U01", "甲县局", [1050, 1000, 950, 1, 100, 0, 92, 95]),
    row("U02", "乙县局", [980, 1000, 900, 3, 120, 1, 88, 100]),
    row("U03", "丙县局", [950, 1000, 925, 5, 100, 2, 85, 80]),
    row("U04", "丁县局", [1200, 1100, 1080, 2, 150, 0, 95, 140]),
    row("U05", "戊县局", [700, 900, 720, 6, 90, 1, 80, 60]),
    row("U06", "己县局", [1000, 950, 900, 0, 110, 0, 90, 105]),
];

/// The rule book loaded, its host rule resolved, and the assessment of the six bureaus
/// with last year's revenue, evaluated on this year's data.
///
/// # Errors
///
/// Any error of the rule book, the assessment or the evaluation.
pub fn assess() -> Result<(Assessment, Evaluation)> {
    let (a, _, this_year) = inputs()?;
    let e = a.evaluate(&this_year.all())?;
    Ok((a, e))
}

/// The assessment of [`assess`] (its previous period given), its targets and this
/// year's sums, not evaluated yet.
///
/// # Errors
///
/// Any error of the rule book or the assessment.
pub fn inputs() -> Result<(Assessment, Targets, Aggregates)> {
    let book = RuleBook::from_toml_str(BOOK, "examples/rulebook.toml")?;
    let mut scheme = book.into_scheme();
    scheme.indicators.resolve(&registry()?)?;
    let units: Vec<Unit> = DATA
        .iter()
        .map(|r| Unit::new(r.id, r.name, "county"))
        .collect();
    let mut targets = Targets::new();
    let mut this_year = Aggregates::new(Granularity::Whole);
    let mut last_year = Aggregates::new(Granularity::Whole);
    let day = |y| NaiveDate::from_ymd_opt(y, 6, 30).unwrap_or_default();
    for r in &DATA {
        targets.insert(r.id, "I01", Decimal::from(r.target))?;
        let facts = [
            ("D01", r.revenue),
            ("D02", r.errors),
            ("D03", r.filings),
            ("D04", r.enforcement),
            ("D05", r.satisfaction),
            ("D06", r.e_filings),
        ];
        for (d, v) in facts {
            // one fact a count is of, as many facts as a count data point counts
            let n = if d == "D04" { v } else { 1 };
            let value = if d == "D04" {
                Decimal::ONE
            } else {
                Decimal::from(v)
            };
            for _ in 0..n {
                this_year.add(&Fact::new(r.id.into(), d.into(), day(2026), value))?;
            }
        }
        last_year.add(&Fact::new(
            r.id.into(),
            "D01".into(),
            day(2025),
            Decimal::from(r.last_year),
        ))?;
    }
    let a = Assessment::new(scheme, units, &targets)?.with_previous(&last_year.all())?;
    Ok((a, targets, this_year))
}

/// The ranks and lists, and `unit`'s lost points indicator by indicator (each kind's
/// explanation) and its vetoes, in Chinese and English.
///
/// # Errors
///
/// A trace that cannot be recomputed.
pub fn report(a: &Assessment, e: &Evaluation, unit: &UnitId) -> Result<String> {
    let two = DisplayFormat::number(2);
    let mut out = String::new();
    let _ = writeln!(out, "排名 · Ranks ({})", a.scheme().period);
    let mut order: Vec<_> = e.units.iter().collect();
    order.sort_by(|x, y| x.rank.cmp(&y.rank).then(x.unit.cmp(&y.unit)));
    for u in order {
        let name = a.unit(&u.unit).map_or("", |d| d.name.as_str());
        let veto = match u.before_veto {
            Some(before) => format!("  一票否决 vetoed (was {})", two.write(before)),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "  {:>2}  {} {}  raw {:>6}  total {:>6}  [{}]{veto}",
            u.rank.normalize(),
            u.unit,
            name,
            two.write(u.raw_total),
            two.write(u.adjusted_total),
            u.lists.join(", "),
        );
    }
    for (list, zh) in [("red", "红榜"), ("black", "黑榜")] {
        let on: Vec<&str> = e.list(list).iter().map(|u| u.unit.as_str()).collect();
        let _ = writeln!(out, "{zh} · {list} list: {}", on.join(", "));
    }
    let _ = writeln!(out, "\n{unit} 失分说明 · points lost");
    for p in e.pairs_of(unit) {
        if p.lost.is_zero() {
            continue;
        }
        let t = a.trace(e, unit, &p.indicator)?;
        let kind = kind_of(a, &p.indicator);
        let _ = writeln!(out, "  [{kind}] {}", t.explanation.zh);
        let _ = writeln!(out, "  [{kind}] {}", t.explanation.en);
    }
    if let Some(r) = e.unit(unit) {
        for v in &r.vetoes {
            let x = v.explanation();
            let _ = writeln!(out, "  [veto] {}", x.zh);
            let _ = writeln!(out, "  [veto] {}", x.en);
        }
    }
    Ok(out)
}

/// What kind of rule scores `indicator`, as the report tags it.
fn kind_of(a: &Assessment, indicator: &IndicatorId) -> &'static str {
    let Some(i) = a.scheme().indicators.get(indicator) else {
        return "?";
    };
    match (indicator.as_str(), i.rule.kind()) {
        ("I04", _) => "growth 同比",
        ("I05", _) => "rank points 名次计分",
        ("I06", _) => "composite 复合",
        (_, RuleKind::Formula) => "formula 公式",
        (_, RuleKind::Table) => "table 决策表",
        (_, RuleKind::Host) => "host 宿主规则",
        _ => "built-in 内置",
    }
}
