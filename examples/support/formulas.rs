//! Every built-in rule kind written as a formula rule (and the interval kind also as a
//! decision table), computing the same figures in the same order: the built-ins are the
//! formulas' oracle in the property tests, and the formulas the built-ins'; the
//! benchmark evaluates the synthetic province with every indicator written this way.
//!
//! Not part of the library: the tests and benches that use it include this file with
//! `#[path = "…/examples/support/formulas.rs"] mod formulas;`.
#![allow(dead_code)]

use rust_decimal::Decimal;
use scorecard::rule::formula::{Binding, HitPolicy as TableHit, Row, TableDef};
use scorecard::rule::{
    Band, Comparison, FormulaRule, HitPolicy, InputMeasures, Measure, OnZeroDenominator, Rule,
    TableRule,
};
use scorecard::{Catalog, Direction, Indicator, Result};

/// A number as a formula writes it (a negative one in parentheses).
fn n(d: Decimal) -> String {
    if d.is_sign_negative() && !d.is_zero() {
        format!("({d})")
    } else {
        d.to_string()
    }
}

fn input(measure: &Measure) -> InputMeasures {
    InputMeasures::new().with("x", measure.clone())
}

fn formula(
    measure: &Measure,
    direction: Direction,
    bindings: Vec<Binding>,
    score: String,
) -> FormulaRule {
    FormulaRule {
        inputs: input(measure),
        targets: Vec::new(),
        factors: Vec::new(),
        bindings,
        score,
        direction,
        on_division_by_zero: None,
        ceiling: None,
        clamp: false,
        bonus: false,
        value: None,
        explain: None,
    }
}

/// The comparison "`x` is at least as good as `line`".
fn at_least(direction: Direction) -> &'static str {
    match direction {
        Direction::HigherIsBetter => ">=",
        Direction::LowerIsBetter => "<=",
    }
}

/// `rule` written as a formula rule; `None` for a formula, table or host rule.
pub fn as_formula(rule: &Rule) -> Option<Rule> {
    let b = |name: &str, formula: &str| Binding::new(name, formula);
    let f = match rule {
        Rule::Completion(r) => {
            let (cap, rate) = (n(r.cap), "rate");
            let credited = |rate: &str| {
                let capped = format!(
                    r#"if({rate} >= {cap}, branch("capped", points * {cap}), branch("below_cap", points * {rate}))"#
                );
                match r.floor {
                    Some(floor) => format!(
                        r#"if({rate} < {}, branch("below_floor", points * 0), {capped})"#,
                        n(floor)
                    ),
                    None => capped,
                }
            };
            let (bindings, score) = match r.direction {
                Direction::HigherIsBetter => (vec![b("rate", "x / target")], credited(rate)),
                Direction::LowerIsBetter => (
                    vec![b("rate", "target / x")],
                    format!(
                        r#"if(x <= 0, branch("no_actual", points * {cap}), {})"#,
                        credited(rate)
                    ),
                ),
            };
            let mut f = formula(&r.measure, r.direction, bindings, score);
            f.value = Some("rate".into());
            if r.cap > Decimal::ONE {
                f.ceiling = Some(format!("points * {cap}"));
            }
            f
        }
        Rule::RatioThreshold(r) => {
            let (good, bad, at) = (n(r.good), n(r.bad), at_least(r.direction));
            let score = format!(
                r#"if(x {at} {good}, branch("good", points), if({bad} {at} x, branch("bad", 0), branch("between", points * (({bad} - x) / ({bad} - {good})))))"#
            );
            let mut f = formula(&r.measure, r.direction, Vec::new(), score);
            f.on_division_by_zero = Some(
                match r.on_zero_denominator {
                    OnZeroDenominator::FullPoints => "points",
                    OnZeroDenominator::Zero => "0",
                }
                .into(),
            );
            f
        }
        Rule::Deduction(r) => {
            let floor = n(r.floor);
            let score = format!(
                r#"if(deducted = 0, branch("no_occurrence", left), if(left <= {floor}, branch("limited", {floor}), branch("counted", left)))"#
            );
            let bindings = vec![
                b("deducted", &format!("x * {}", n(r.per_event))),
                b("left", "points - deducted"),
            ];
            formula(&r.measure, Direction::LowerIsBetter, bindings, score)
        }
        Rule::Bonus(r) => {
            let score = r#"if(earned <= 0, branch("no_occurrence", 0), if(earned >= points, branch("limited", points), branch("counted", earned)))"#;
            let bindings = vec![b("earned", &format!("x * {}", n(r.per_event)))];
            let mut f = formula(
                &r.measure,
                Direction::HigherIsBetter,
                bindings,
                score.into(),
            );
            f.bonus = true;
            f
        }
        Rule::PeerRelative(r) => {
            let cap = n(r.cap);
            let score = format!(
                r#"if(peer_mean(x) = 0, branch("no_peer_mean", points), if(ratio >= {cap}, branch("at_or_above_peer_mean", points * {cap}), branch("below_peer_mean", points * ratio)))"#
            );
            let bindings = vec![b("ratio", "x / peer_mean(x)")];
            let mut f = formula(&r.measure, Direction::HigherIsBetter, bindings, score);
            f.value = Some("ratio".into());
            if r.cap > Decimal::ONE {
                f.ceiling = Some(format!("points * {cap}"));
            }
            f
        }
        Rule::EfficacyMinMax(r) => {
            let above = match r.direction {
                Direction::HigherIsBetter => "x - peer_min(x)",
                Direction::LowerIsBetter => "peer_max(x) - x",
            };
            let score = format!(
                r#"if(peer_max(x) = peer_min(x), branch("flat_group", points), branch("within_range", points * ({} + {} * (({above}) / (peer_max(x) - peer_min(x))))))"#,
                n(r.base),
                n(r.span)
            );
            formula(&r.measure, r.direction, Vec::new(), score)
        }
        Rule::EfficacyTiers(r) => {
            let (s, k, at) = (&r.standards, &r.coefficients, at_least(r.direction));
            let mut score = r#"branch("below_tiers", 0)"#.to_owned();
            for t in (1..5).rev() {
                score = format!(
                    r#"if(x {at} {st}, branch("tier_{t}", points * ({kt} + ((x - {st}) / ({sp} - {st})) * ({kp} - {kt}))), {score})"#,
                    st = n(s[t]),
                    sp = n(s[t - 1]),
                    kt = n(k[t]),
                    kp = n(k[t - 1]),
                );
            }
            let score = format!(
                r#"if(x {at} {}, branch("top_tier", points * {}), {score})"#,
                n(s[0]),
                n(k[0])
            );
            formula(&r.measure, r.direction, Vec::new(), score)
        }
        Rule::EfficacyStandard(r) => {
            let (sat, un) = (n(r.satisfactory), n(r.unacceptable));
            let credited = if r.clamp {
                "clamp(share, 0, 1)"
            } else {
                "share"
            };
            let bindings = vec![
                b("share", &format!("(x - {un}) / ({sat} - {un})")),
                b(
                    "coefficient",
                    &format!("max({} + {} * {credited}, 0)", n(r.base), n(r.span)),
                ),
            ];
            let score = r#"if(share >= 1, branch("satisfactory", points * coefficient), if(share <= 0, branch("unacceptable", points * coefficient), branch("between_standards", points * coefficient)))"#;
            let mut f = formula(&r.measure, r.direction, bindings, score.into());
            if !r.clamp {
                f.ceiling = Some("points * max(1, coefficient)".into());
            }
            f
        }
        Rule::Interval(r) => {
            let mut score = format!(
                r#"branch("no_band", {})"#,
                n(r.default.unwrap_or(Decimal::ZERO))
            );
            for (k, band) in r.bands.iter().enumerate().rev() {
                score = format!(
                    r#"if({}, branch("band_{k}", {}), {score})"#,
                    condition(band),
                    n(band.score)
                );
            }
            formula(&r.measure, r.direction, Vec::new(), score)
        }
        Rule::PassFail(r) => {
            let op = match r.op {
                Comparison::AtLeast => ">=",
                Comparison::Above => ">",
                Comparison::AtMost => "<=",
                Comparison::Below => "<",
                Comparison::Equal => "=",
            };
            let score = format!(
                r#"if(x {op} {}, branch("pass", points), branch("fail", 0))"#,
                n(r.threshold)
            );
            formula(&r.measure, rule.direction(), Vec::new(), score)
        }
        _ => return None,
    };
    Some(Rule::Formula(Box::new(f)))
}

/// A band's condition on `x` as a formula.
fn condition(band: &Band) -> String {
    let from = band.from.map(|b| {
        let op = if b.inclusive { ">=" } else { ">" };
        format!("x {op} {}", n(b.value))
    });
    let to = band.to.map(|b| {
        let op = if b.inclusive { "<=" } else { "<" };
        format!("x {op} {}", n(b.value))
    });
    match (from, to) {
        (Some(a), Some(b)) => format!("{a} and {b}"),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => "true".into(),
    }
}

/// A band as a decision table's cell.
fn cell(band: &Band) -> String {
    match (band.from, band.to) {
        (None, None) => "any".into(),
        (Some(a), None) => format!("{} {}", if a.inclusive { ">=" } else { ">" }, a.value),
        (None, Some(b)) => format!("{} {}", if b.inclusive { "<=" } else { "<" }, b.value),
        (Some(a), Some(b)) => format!(
            "{}{}, {}{}",
            if a.inclusive { '[' } else { '(' },
            a.value,
            b.value,
            if b.inclusive { ']' } else { ')' }
        ),
    }
}

/// An interval rule written as a decision table: one row per band, in order; `None` for
/// any other kind.
pub fn as_table(rule: &Rule) -> Option<Rule> {
    let Rule::Interval(r) = rule else {
        return None;
    };
    let hit = match r.hit_policy {
        HitPolicy::Unique => TableHit::Unique,
        HitPolicy::First => TableHit::First,
    };
    let mut def = TableDef::new(["x"], hit);
    for band in &r.bands {
        def = def.row(Row::new([cell(band)], n(band.score)));
    }
    if let Some(d) = r.default {
        def = def.default_score(n(d));
    }
    Some(Rule::Table(Box::new(TableRule {
        inputs: input(&r.measure),
        targets: Vec::new(),
        factors: Vec::new(),
        table: def,
        direction: r.direction,
        on_division_by_zero: None,
        ceiling: None,
        clamp: false,
        bonus: false,
        value: None,
        explain: None,
    })))
}

/// `catalog` with every indicator's rule written as a formula (an interval as a decision
/// table when `tables`).
///
/// # Errors
///
/// Only if a translated rule were invalid (a bug of the translation).
pub fn catalog_as_formulas(catalog: &Catalog, tables: bool) -> Result<Catalog> {
    let indicators: Vec<Indicator> = catalog
        .indicators()
        .iter()
        .map(|i| {
            let rule = tables
                .then(|| as_table(&i.rule))
                .flatten()
                .or_else(|| as_formula(&i.rule))
                .unwrap_or_else(|| i.rule.clone());
            Indicator { rule, ..i.clone() }
        })
        .collect();
    Catalog::new(indicators)
}
