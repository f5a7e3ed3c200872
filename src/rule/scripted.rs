//! Formula and table rules compiled once: their programs, what they read, how their
//! branch labels map onto [`Branch`]es, and their evaluation against a
//! [`RuleContext`] (division-by-zero fallback, ceiling, clamp, published value).

use rust_decimal::Decimal;

use super::contract::{RuleContext, RuleInputs, Scored};
use super::explain::{ending, two};
use super::formula::{
    Binding, Env, FormulaError, NoWatch, PeerStat, Program, Schema, Table, Uses, Value, Watch,
};
use super::inputs::{InputMeasures, MAX_INPUTS, RuleInput};
use super::template::{Explain, Templates};
use super::{Branch, Outcome, Rule, RulePathStep, Said};
use crate::error::{Error, Result};
use crate::id::{FactorId, IndicatorId};
use crate::trace::{Explanation, Tracer};

/// The keys formula and table rules share, borrowed.
pub(crate) struct Keys<'a> {
    pub(crate) inputs: &'a InputMeasures,
    /// A formula rule's score (empty for a table rule).
    pub(crate) score: &'a str,
    pub(crate) targets: &'a [String],
    pub(crate) factors: &'a [FactorId],
    pub(crate) bindings: &'a [Binding],
    pub(crate) on_division_by_zero: Option<&'a str>,
    pub(crate) ceiling: Option<&'a str>,
    pub(crate) clamp: bool,
    pub(crate) bonus: bool,
    pub(crate) value: Option<&'a str>,
    pub(crate) explain: Option<&'a Explain>,
}

/// The score's program: a formula or a table.
#[derive(Debug)]
pub(crate) enum Body {
    Formula(Program),
    Table(Table, Vec<Option<String>>),
}

/// What a rule publishes beside its score.
#[derive(Debug)]
enum ValueOf {
    Input(usize),
    Binding(String),
}

/// A formula or table rule, compiled.
#[derive(Debug)]
pub(crate) struct Compiled {
    body: Body,
    fallback: Option<Program>,
    ceiling: Option<Program>,
    /// The named inputs, their peers and previous periods as the formulas read them.
    pub(crate) inputs: Vec<RuleInput>,
    /// Input slots whose median or rank is read (their values are sorted per group).
    pub(crate) sorted: u64,
    pub(crate) needs_target: bool,
    pub(crate) target_names: Vec<String>,
    pub(crate) factors: Vec<FactorId>,
    value: ValueOf,
    /// The texts of [`Branch::Label`]s, by index.
    pub(crate) labels: Vec<String>,
    body_branch: Vec<Branch>,
    fallback_branch: Vec<Branch>,
    templates: Option<Templates>,
    bindings: Vec<String>,
    clamp: bool,
    pub(crate) bonus: bool,
}

/// What one evaluation of a compiled rule gives besides the score and branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct RanDetail {
    /// The row that hit (numbered from 1).
    pub(crate) row: Option<u16>,
    pub(crate) fallback: bool,
    pub(crate) clamped_from: Option<Decimal>,
}

/// Where part `part` of a formula or table rule is written, inside the rule.
fn path_of(table: bool, part: Option<&str>) -> Vec<RulePathStep> {
    use RulePathStep::{Index, Key, Named};
    let Some(part) = part else {
        return if table {
            vec![Key("table"), Key("rows")]
        } else {
            Vec::new()
        };
    };
    let number = |s: &str| s.trim().parse::<usize>().ok().map(|n| n.saturating_sub(1));
    let inside = |mut v: Vec<RulePathStep>| {
        if table {
            v.insert(0, Key("table"));
        }
        v
    };
    if let Some(name) = part
        .strip_prefix("binding `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return inside(vec![Key("let"), Named(name.to_owned()), Key("formula")]);
    }
    match part {
        "score" if !table => return vec![Key("score")],
        "schema" => return vec![Key("inputs")],
        "on_division_by_zero" => return vec![Key("on_division_by_zero")],
        "ceiling" => return vec![Key("ceiling")],
        "default" => return inside(vec![Key("default")]),
        "table" => return vec![Key("table")],
        _ => {}
    }
    if let Some(k) = part.strip_prefix("input ").and_then(number) {
        return inside(vec![Key("inputs"), Index(k)]);
    }
    if let Some(rest) = part.strip_prefix("row ") {
        let (row, tail) = rest.split_once([' ', ',']).unwrap_or((rest, ""));
        let mut v = vec![Key("rows")];
        if let Some(r) = number(row) {
            v.push(Index(r));
            let tail = tail.trim_start_matches([',', ' ']);
            if tail == "score" {
                v.push(Key("score"));
            } else if let Some(k) = tail
                .strip_prefix("input ")
                .and_then(|t| number(t.split(' ').next().unwrap_or("")))
            {
                v.push(Key("when"));
                v.push(Index(k));
            }
        }
        return inside(v);
    }
    inside(Vec::new())
}

/// The crate error of a formula error of indicator `id`.
fn error(
    id: &IndicatorId,
    table: bool,
    e: FormulaError,
    unit: Option<&crate::id::UnitId>,
) -> Error {
    let at = path_of(table, e.part());
    Error::formula_error(id, unit, e, at)
}

/// The branch a label stands for: a built-in branch of that name, or
/// [`Branch::Label`] of its index in `labels` (added when new).
fn branch_of(text: &str, labels: &mut Vec<String>) -> Branch {
    if let Some(b) = Branch::from_label(text) {
        return b;
    }
    let k = labels.iter().position(|l| l == text).unwrap_or_else(|| {
        labels.push(text.to_owned());
        labels.len() - 1
    });
    Branch::Label(u16::try_from(k).unwrap_or(u16::MAX))
}

fn union(into: &mut (u64, u64, u64, bool), u: &Uses) {
    for &(stat, slot) in &u.peers {
        into.0 |= 1 << slot;
        if matches!(stat, PeerStat::Median | PeerStat::Rank) {
            into.1 |= 1 << slot;
        }
    }
    for &slot in &u.previous {
        into.2 |= 1 << slot;
    }
    into.3 |= u.targets.contains(&0);
}

impl Compiled {
    /// Checks and compiles a formula (`table` = `None`) or table rule of indicator `id`.
    pub(crate) fn new(
        id: &IndicatorId,
        k: &Keys<'_>,
        table: Option<&super::formula::TableDef>,
    ) -> Result<Self> {
        let is_table = table.is_some();
        let err = |e: FormulaError| error(id, is_table, e, None);
        if k.inputs.is_empty() {
            return Err(Error::invalid_definition(
                id,
                "inputs",
                "a formula or table rule reads at least one input",
            ));
        }
        if k.inputs.len() > MAX_INPUTS {
            return Err(Error::invalid_definition(
                id,
                "inputs",
                format!(
                    "{} inputs are more than the {MAX_INPUTS} a rule may read",
                    k.inputs.len()
                ),
            ));
        }
        let mut schema = Schema::new();
        for name in k.inputs.names() {
            schema = schema.input(
                super::formula::Input::new(name)
                    .with_peers()
                    .with_previous(),
            );
        }
        schema = schema.target();
        for t in k.targets {
            if t.is_empty() {
                return Err(Error::invalid_definition(
                    id,
                    "targets",
                    "a named target's name is empty",
                ));
            }
            schema = schema.named_target(t.clone());
        }
        for f in k.factors {
            schema = schema.factor(f.as_str());
        }
        let (body, body_labels, body_uses) = match table {
            None => {
                let p = Program::compile(k.bindings, k.score, &schema).map_err(err)?;
                let labels = p.labels().to_vec();
                let uses = p.uses().clone();
                (Body::Formula(p), labels, uses)
            }
            Some(def) => {
                let t = Table::compile(def, &schema).map_err(err)?;
                let labels = t.labels().to_vec();
                let uses = t.uses().clone();
                let rows = def.rows.iter().map(|r| r.label.clone()).collect();
                (Body::Table(t, rows), labels, uses)
            }
        };
        let side = |part: &str, text: Option<&str>| -> Result<Option<Program>> {
            text.map(|t| {
                Program::compile(k.bindings, t, &schema).map_err(|e| {
                    let e = if e.part() == Some("score") {
                        e.with_part(part)
                    } else {
                        e
                    };
                    err(e)
                })
            })
            .transpose()
        };
        let fallback = side("on_division_by_zero", k.on_division_by_zero)?;
        let ceiling = side("ceiling", k.ceiling)?;
        if ceiling.as_ref().is_some_and(|c| !c.is_numeric()) {
            return Err(Error::invalid_definition(
                id,
                "ceiling",
                "the ceiling is a condition (true/false), not a number",
            ));
        }
        let mut read = (0u64, 0u64, 0u64, false);
        union(&mut read, &body_uses);
        for p in fallback.iter().chain(&ceiling) {
            union(&mut read, p.uses());
        }
        let inputs = k
            .inputs
            .iter()
            .enumerate()
            .map(|(s, (name, m))| RuleInput {
                name: name.to_owned(),
                measure: m.clone(),
                peers: read.0 & (1 << s) != 0,
                previous: read.2 & (1 << s) != 0,
            })
            .collect();
        let bindings: Vec<String> = k.bindings.iter().map(|b| b.name.clone()).collect();
        let value = match k.value {
            None => ValueOf::Input(0),
            Some(v) => match k.inputs.slot(v) {
                Some(s) => ValueOf::Input(s),
                None if bindings.iter().any(|b| b == v) => ValueOf::Binding(v.to_owned()),
                None => {
                    return Err(Error::invalid_definition(
                        id,
                        "value",
                        format!("`{v}` is neither an input nor a binding of the rule"),
                    ));
                }
            },
        };
        let mut labels = Vec::new();
        let body_branch = body_labels
            .iter()
            .map(|l| branch_of(l, &mut labels))
            .collect();
        let fallback_branch = fallback
            .as_ref()
            .map(|p| {
                p.labels()
                    .iter()
                    .map(|l| branch_of(l, &mut labels))
                    .collect()
            })
            .unwrap_or_default();
        let known: Vec<&str> = k
            .inputs
            .names()
            .chain(bindings.iter().map(String::as_str))
            .collect();
        let templates = k
            .explain
            .map(|e| Templates::parse(id, e, &known))
            .transpose()?;
        Ok(Self {
            body,
            fallback,
            ceiling,
            inputs,
            sorted: read.1,
            needs_target: read.3,
            target_names: k.targets.to_vec(),
            factors: k.factors.to_vec(),
            value,
            labels,
            body_branch,
            fallback_branch,
            templates,
            bindings,
            clamp: k.clamp,
            bonus: k.bonus,
        })
    }

    fn is_table(&self) -> bool {
        matches!(self.body, Body::Table(..))
    }

    /// Whether `e` is a division by zero: one met by the formula, or a ratio input whose
    /// denominator is zero read by it.
    fn divides_by_zero(&self, e: &FormulaError, ctx: &RuleContext<'_>) -> bool {
        e.is_division_by_zero()
            || (e.is_missing()
                && e.token()
                    .and_then(|t| self.inputs.iter().position(|i| i.name == t))
                    .and_then(|s| ctx.inputs.get(s))
                    .is_some_and(|v| v.value.is_none()))
    }

    /// Scores one pair: the body, or the declared fallback on a division by zero; the
    /// range check (or clamp) against 0 and the ceiling; the published value. Named
    /// values go to `t` as they are computed, then the row, fallback and clamp.
    pub(crate) fn run<T: Tracer>(
        &self,
        ctx: &RuleContext<'_>,
        t: &mut T,
    ) -> Result<Scored<RanDetail>> {
        let unknown = IndicatorId::from("?");
        let id = ctx.indicator.unwrap_or(&unknown);
        let env = Bound {
            ctx,
            factors: &self.factors,
        };
        let want = match &self.value {
            ValueOf::Binding(b) => Some(b.as_str()),
            ValueOf::Input(_) => None,
        };
        let mut relay = Relay { t, want, got: None };
        let body = match &self.body {
            Body::Formula(p) => p.eval(&env, &mut relay).map(|o| {
                let branch = o.branch.map(|l| self.body_branch[usize::from(l.index)]);
                (o.value, branch, None)
            }),
            Body::Table(table, _) => table.eval(&env, &mut relay).map(|o| {
                let row = o.row.map(|r| r.number);
                let branch = o
                    .branch
                    .map(|l| self.body_branch[usize::from(l.index)])
                    .or_else(|| {
                        Some(match o.row {
                            Some(r) => Branch::Band(u16::try_from(r.index()).unwrap_or(u16::MAX)),
                            None => Branch::NoBand,
                        })
                    });
                (Value::Number(o.value), branch, row)
            }),
        };
        let mut detail = RanDetail::default();
        let (raw, branch) = match body {
            Ok((value, branch, row)) => {
                detail.row = row.map(|r| u16::try_from(r).unwrap_or(u16::MAX));
                (value, branch)
            }
            Err(e) if self.divides_by_zero(&e, ctx) => match &self.fallback {
                Some(p) => {
                    let o = p.eval(&env, &mut relay).map_err(|e| {
                        error(
                            id,
                            self.is_table(),
                            e.with_part("on_division_by_zero"),
                            ctx.unit,
                        )
                    })?;
                    detail.fallback = true;
                    let branch = o
                        .branch
                        .map(|l| self.fallback_branch[usize::from(l.index)])
                        .unwrap_or(Branch::ZeroDenominator);
                    (o.value, Some(branch))
                }
                None => return Err(error(id, self.is_table(), e, ctx.unit)),
            },
            Err(e) => return Err(error(id, self.is_table(), e, ctx.unit)),
        };
        let got = relay.got;
        let (score, branch) = match raw {
            Value::Number(d) => (d, branch.unwrap_or(Branch::Computed)),
            Value::Bool(true) => (ctx.points, branch.unwrap_or(Branch::Pass)),
            Value::Bool(false) => (Decimal::ZERO, branch.unwrap_or(Branch::Fail)),
        };
        let high = match &self.ceiling {
            None => ctx.points,
            Some(c) => c
                .eval(&env, &mut NoWatch)
                .map_err(|e| error(id, self.is_table(), e.with_part("ceiling"), ctx.unit))?
                .value
                .number()
                .unwrap_or(ctx.points),
        };
        let below = score.is_sign_negative() && !score.is_zero();
        let above = crate::num::cmp(score, high).is_gt();
        let score = if below || above || (high.is_sign_negative() && !high.is_zero()) {
            if !self.clamp || (high.is_sign_negative() && !high.is_zero()) {
                return Err(Error::out_of_range(ctx.unit, id, score, high));
            }
            detail.clamped_from = Some(score);
            if below { Decimal::ZERO } else { high }
        } else {
            score
        };
        if let Some(r) = detail.row {
            relay.t.step("row", Decimal::from(r));
        }
        if detail.fallback {
            relay.t.step("on division by zero", score);
        }
        if let Some(c) = detail.clamped_from {
            relay.t.step("clamped from", c);
        }
        let value = match self.value {
            ValueOf::Input(s) => ctx.inputs.get(s).and_then(|v| v.value),
            ValueOf::Binding(_) => got,
        };
        Ok(Scored {
            score,
            value,
            branch,
            detail,
        })
    }

    /// The evaluator's path.
    pub(crate) fn apply<T: Tracer>(&self, ctx: &RuleContext<'_>, t: &mut T) -> Result<Outcome> {
        let s = self.run(ctx, t)?;
        Ok(Outcome {
            score: s.score,
            value: s.value,
            branch: s.branch,
        })
    }

    /// The text of a branch taken: a label's, or the row of a table that hit.
    pub(crate) fn label(&self, branch: Branch, row: Option<u16>) -> Option<String> {
        if let Branch::Label(k) = branch {
            return self.labels.get(usize::from(k)).cloned();
        }
        let Body::Table(_, rows) = &self.body else {
            return None;
        };
        let r = row?;
        let label = rows.get(usize::from(r).checked_sub(1)?).cloned().flatten();
        Some(match label {
            Some(l) => format!("row {r}: {l}"),
            None => format!("row {r}"),
        })
    }

    /// The explanation: the templates filled, or the named values listed.
    pub(crate) fn explain(&self, s: &Said<'_>) -> Explanation {
        let inputs = s.measured.inputs.iter();
        let named: Vec<(&str, Option<Decimal>)> = self
            .inputs
            .iter()
            .map(|i| i.name.as_str())
            .zip(inputs.map(|v| v.value))
            .chain(self.bindings.iter().map(|b| {
                (
                    b.as_str(),
                    s.steps.iter().find(|st| st.name == *b).map(|st| st.value),
                )
            }))
            .collect();
        let lost = s.lost;
        let named = &named;
        if let Some(t) = &self.templates {
            let fill = |zh: bool| {
                move |name: &str| -> Option<String> {
                    match name {
                        "name" => Some(if zh { s.zh } else { s.en }.to_owned()),
                        "value" => s.value.map(|v| s.shown(v)),
                        "target" => s.measured.target.map(|v| s.shown(v)),
                        "points" => Some(two(s.points)),
                        "score" => Some(two(s.score)),
                        "lost" => Some(two(lost)),
                        other => named
                            .iter()
                            .find(|(n, _)| *n == other)
                            .and_then(|(_, v)| v.map(|v| s.shown(v))),
                    }
                }
            };
            return Explanation {
                zh: t.zh.fill(fill(true)),
                en: t.en.fill(fill(false)),
            };
        }
        let list: Vec<String> = named
            .iter()
            .filter_map(|(n, v)| v.map(|v| format!("{n} = {}", s.shown(v))))
            .collect();
        let (zh_end, en_end) = if self.bonus {
            (
                format!(
                    "加 {} 分（上限 {}）",
                    two(s.score),
                    super::explain::plain(s.points)
                ),
                format!(
                    "+{} points (ceiling {})",
                    two(s.score),
                    super::explain::plain(s.points)
                ),
            )
        } else {
            ending(s)
        };
        let label = s
            .label
            .map(|l| (format!("（{l}）"), format!(" ({l})")))
            .unwrap_or_default();
        Explanation {
            zh: format!("{} {}{}，{zh_end}", s.zh, list.join("，"), label.0),
            en: format!("{}: {}{}: {en_end}", s.en, list.join(", "), label.1),
        }
    }
}

/// A [`RuleContext`] as the formula language's [`Env`]: slots resolved.
struct Bound<'c, 'a> {
    ctx: &'c RuleContext<'a>,
    factors: &'c [FactorId],
}

impl Env for Bound<'_, '_> {
    #[inline]
    fn input(&self, slot: usize) -> Option<Decimal> {
        self.ctx.inputs.get(slot)?.value
    }

    fn target(&self, slot: usize) -> Option<Decimal> {
        match slot {
            0 => self.ctx.target,
            k => self.ctx.targets.get(k - 1).copied().flatten(),
        }
    }

    fn factor(&self, slot: usize) -> Option<Decimal> {
        self.ctx.factors?.get(self.factors.get(slot)?).copied()
    }

    fn peer(&self, stat: PeerStat, slot: usize) -> Option<Decimal> {
        if stat == PeerStat::Rank {
            return self.ctx.inputs.get(slot)?.rank.map(Decimal::from);
        }
        let p = self.ctx.peers.get(slot)?.as_ref()?;
        match stat {
            PeerStat::Mean => p.mean,
            PeerStat::Median => p.median,
            PeerStat::Min => p.min,
            PeerStat::Max => p.max,
            PeerStat::Count => Some(Decimal::from(p.count)),
            PeerStat::Rank => None,
        }
    }

    fn previous(&self, slot: usize) -> Option<Decimal> {
        self.ctx.inputs.get(slot)?.previous
    }

    #[inline]
    fn points(&self) -> Decimal {
        self.ctx.points
    }
}

/// Passes the named values on to the tracer, keeping the published one.
struct Relay<'t, 'w, T: ?Sized> {
    t: &'t mut T,
    want: Option<&'w str>,
    got: Option<Decimal>,
}

impl<T: Tracer + ?Sized> Watch for Relay<'_, '_, T> {
    #[inline]
    fn step(&mut self, name: &str, value: Decimal) {
        if self.want == Some(name) {
            self.got = Some(value);
        }
        self.t.step(name, value);
    }
}

/// Scores a formula or table rule on plain values.
pub(crate) fn score_plain(rule: &Rule, x: &RuleInputs) -> Result<Scored<RanDetail>> {
    let id = x.indicator_or_unknown();
    super::non_negative(&id, "points", x.points)?;
    let prepared = rule.prepare(&id, x.points)?;
    let Some(c) = prepared.compiled() else {
        return Err(Error::rule_failed(
            x.unit.as_ref(),
            Some(&id),
            "not a formula or table rule".into(),
        ));
    };
    super::prepared::with_plain_context(&prepared, x, |ctx| c.run(ctx, &mut crate::trace::NoTrace))
}
