//! A rule prepared once per indicator (compiled, resolved), and what the evaluator
//! measures and computes for it: the one shape of every kind that the evaluator knows.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::contract::{RuleContext, RuleInputs, Scored, adapt};
use super::explain::{ending, two};
use super::host::HostRule;
use super::inputs::{InputValue, RuleInput};
use super::scripted::Compiled;
use super::{Outcome, PeerStats, Rule, Said};
use crate::error::{Error, Result};
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

/// How a rule scores.
#[derive(Debug, Clone)]
pub(crate) enum Engine {
    /// One of the built-in kinds: the rule itself.
    Builtin,
    /// A formula or table rule, compiled.
    Scripted(Arc<Compiled>),
    /// A host rule, resolved.
    Host(Arc<dyn HostRule>),
}

/// A rule prepared for evaluation: how it scores and what it reads.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub(crate) engine: Engine,
    /// The named inputs (none for a built-in kind, which reads its measure).
    pub(crate) inputs: Arc<[RuleInput]>,
    /// Slots whose peer statistics are computed: a built-in kind's measured value is
    /// slot 0.
    pub(crate) peers: u64,
    /// Slots whose values are also sorted per group (median, rank).
    pub(crate) sorted: u64,
    /// Slots whose previous period is read.
    pub(crate) previous: u64,
    pub(crate) needs_target: bool,
    pub(crate) target_names: Arc<[String]>,
    pub(crate) bonus: bool,
}

impl Prepared {
    fn builtin(rule: &Rule) -> Self {
        Self {
            engine: Engine::Builtin,
            inputs: Arc::from([]),
            peers: u64::from(rule.is_peer_relative()),
            sorted: 0,
            previous: 0,
            needs_target: matches!(rule, Rule::Completion(_)),
            target_names: Arc::from([]),
            bonus: matches!(rule, Rule::Bonus(_)),
        }
    }

    fn scripted(c: Compiled) -> Self {
        let mask = |f: fn(&RuleInput) -> bool| {
            c.inputs
                .iter()
                .enumerate()
                .filter(|(_, i)| f(i))
                .fold(0u64, |m, (s, _)| m | (1 << s))
        };
        Self {
            inputs: c.inputs.clone().into(),
            peers: mask(|i| i.peers),
            sorted: c.sorted,
            previous: mask(|i| i.previous),
            needs_target: c.needs_target,
            target_names: c.target_names.clone().into(),
            bonus: c.bonus,
            engine: Engine::Scripted(Arc::new(c)),
        }
    }

    fn host(rule: Arc<dyn HostRule>, inputs: Arc<[RuleInput]>) -> Self {
        let mask = |f: fn(&RuleInput) -> bool| {
            inputs
                .iter()
                .enumerate()
                .filter(|(_, i)| f(i))
                .fold(0u64, |m, (s, _)| m | (1 << s))
        };
        let peers = mask(|i| i.peers);
        Self {
            peers,
            sorted: peers,
            previous: mask(|i| i.previous),
            needs_target: rule.needs_target(),
            target_names: Arc::from([]),
            bonus: rule.is_bonus(),
            inputs,
            engine: Engine::Host(rule),
        }
    }

    /// The number of peer-statistics slots: one per named input, or one for a built-in
    /// kind's measured value.
    pub(crate) fn slots(&self) -> usize {
        self.inputs.len().max(1)
    }

    /// Whether the rule reads named inputs (a formula, table or host rule).
    pub(crate) fn has_inputs(&self) -> bool {
        !self.inputs.is_empty()
    }

    /// The compiled formula or table, if the rule is one.
    pub(crate) fn compiled(&self) -> Option<&Compiled> {
        match &self.engine {
            Engine::Scripted(c) => Some(c),
            _ => None,
        }
    }

    /// Scores one pair: the built-in kind, the compiled formula or table, or the host
    /// rule; named values reported to `t`.
    pub(crate) fn apply<T: Tracer>(
        &self,
        rule: &Rule,
        ctx: &RuleContext<'_>,
        t: &mut T,
    ) -> Result<Outcome> {
        match &self.engine {
            Engine::Builtin => rule.apply_builtin(ctx, t),
            Engine::Scripted(c) => c.apply(ctx, t),
            Engine::Host(h) => host_score(h.as_ref(), ctx, t).map(|s| Outcome {
                score: s.score,
                value: s.value,
                branch: s.branch,
            }),
        }
    }

    /// The one-line explanation of a score.
    pub(crate) fn explain(&self, rule: &Rule, s: &Said<'_>) -> Explanation {
        match &self.engine {
            Engine::Builtin => rule.explain_builtin(s),
            Engine::Scripted(c) => c.explain(s),
            Engine::Host(h) => {
                let scored = Scored {
                    score: s.score,
                    value: s.value,
                    branch: s.branch,
                    detail: (),
                };
                match s.ctx.and_then(|ctx| h.explain(ctx, &scored)) {
                    Some(e) => Explanation {
                        zh: format!("{} {}", s.zh, e.zh),
                        en: format!("{}: {}", s.en, e.en),
                    },
                    None => listing(self, s),
                }
            }
        }
    }
}

/// The explanation that lists the named values: inputs, then the named values of the
/// trace.
fn listing(p: &Prepared, s: &Said<'_>) -> Explanation {
    let mut list: Vec<String> = p
        .inputs
        .iter()
        .zip(s.measured.inputs.iter())
        .filter_map(|(i, v)| v.value.map(|v| format!("{} = {}", i.name, s.shown(v))))
        .collect();
    list.extend(
        s.steps
            .iter()
            .map(|st| format!("{} = {}", st.name, s.shown(st.value))),
    );
    let (zh_end, en_end) = if p.bonus {
        (
            format!("加 {} 分", two(s.score)),
            format!("+{} points", two(s.score)),
        )
    } else {
        ending(s)
    };
    Explanation {
        zh: format!("{} {}，{zh_end}", s.zh, list.join("，")),
        en: format!("{}: {}: {en_end}", s.en, list.join(", ")),
    }
}

/// Scores with a host rule and checks its score is within 0 to the points.
fn host_score<T: Tracer>(h: &dyn HostRule, ctx: &RuleContext<'_>, t: &mut T) -> Result<Scored<()>> {
    let s = h.score(ctx, t)?;
    let below = s.score.is_sign_negative() && !s.score.is_zero();
    if below || crate::num::cmp(s.score, ctx.points).is_gt() {
        let unknown = IndicatorId::from("?");
        return Err(Error::out_of_range(
            ctx.unit,
            ctx.indicator.unwrap_or(&unknown),
            s.score,
            ctx.points,
        ));
    }
    Ok(s)
}

impl Rule {
    /// Checks the rule and prepares it for evaluation: a formula or table compiled, a
    /// host rule's own check; errors name `id`.
    pub(crate) fn prepare(&self, id: &IndicatorId, points: Decimal) -> Result<Prepared> {
        match self {
            Rule::Formula(r) => Ok(Prepared::scripted(Compiled::new(id, &r.keys(), None)?)),
            Rule::Table(r) => Ok(Prepared::scripted(Compiled::new(
                id,
                &r.keys(),
                Some(&r.table),
            )?)),
            Rule::Host(h) => {
                let Some((rule, inputs)) = &h.resolved.0 else {
                    return Err(Error::rule_failed(
                        None,
                        Some(id),
                        format!(
                            "host rule `{}` is not resolved: resolve the catalogue with a registry that has it (Catalog::resolve)",
                            h.name
                        ),
                    ));
                };
                rule.validate(points)
                    .map_err(|why| Error::invalid_definition(id, "params", why))?;
                Ok(Prepared::host(Arc::clone(rule), Arc::clone(inputs)))
            }
            builtin => {
                builtin.validate_builtin(id, points)?;
                Ok(Prepared::builtin(builtin))
            }
        }
    }
}

/// Runs `f` with the context of plain values `x` for the prepared rule `p`.
pub(crate) fn with_plain_context<R>(
    p: &Prepared,
    x: &RuleInputs,
    f: impl FnOnce(&RuleContext<'_>) -> R,
) -> R {
    let inputs: Vec<InputValue> = p
        .inputs
        .iter()
        .map(|i| x.inputs.get(&i.name).copied().unwrap_or_default())
        .collect();
    let peers: Vec<Option<PeerStats>> = if p.has_inputs() {
        p.inputs
            .iter()
            .map(|i| x.input_peers.get(&i.name).copied())
            .collect()
    } else {
        vec![x.peers]
    };
    let targets: Vec<Option<Decimal>> = p
        .target_names
        .iter()
        .map(|n| x.named_targets.get(n).copied())
        .collect();
    let ctx = RuleContext {
        unit: x.unit.as_ref(),
        indicator: x.indicator.as_ref(),
        points: x.points,
        value: if p.has_inputs() {
            inputs.first().and_then(|v| v.value)
        } else {
            x.value
        },
        target: x.target,
        peers: &peers,
        names: &p.inputs,
        inputs: &inputs,
        target_names: &p.target_names,
        targets: &targets,
        factors: Some(&x.factors),
    };
    f(&ctx)
}

/// Scores a host rule on plain values.
pub(crate) fn score_host(rule: &Rule, x: &RuleInputs) -> Result<Scored<()>> {
    let id = x.indicator_or_unknown();
    super::non_negative(&id, "points", x.points)?;
    let p = rule.prepare(&id, x.points)?;
    let Engine::Host(h) = &p.engine else {
        return Err(Error::rule_failed(
            x.unit.as_ref(),
            Some(&id),
            "not a host rule".into(),
        ));
    };
    with_plain_context(&p, x, |ctx| {
        host_score(h.as_ref(), ctx, &mut crate::trace::NoTrace)
    })
}

/// Scores a built-in kind through the adapter (for [`Rule::apply_builtin`]).
pub(crate) fn builtin<K: super::contract::Kind, T: Tracer>(
    kind: &K,
    ctx: &RuleContext<'_>,
    t: &mut T,
) -> Result<Outcome> {
    adapt(kind, ctx, t)
}
