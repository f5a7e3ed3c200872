//! The trace of one score: everything behind it, gathered by the evaluator by scoring
//! the pair again with a collecting [`Tracer`](crate::trace::Tracer); and the trace of
//! a unit's difficulty coefficient.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::Basis;
use crate::error::{Error, Result};
use crate::id::{IndicatorId, UnitId};
use crate::num::RoundStep;
use crate::org::Unit;
use crate::rule::{Branch, Measured, PeerStats, Prepared, RuleKind, Said};
use crate::scoring::{Assessment, Evaluation};
use crate::trace::{Explanation, Step, Steps, Tracer};

/// Everything behind one indicator score of one unit.
///
/// `points − score` is split into `lost` (never negative) and `extra` (a bonus, or
/// completion beyond full points under a cap above 1), so that over a unit
/// full points − Σ lost + Σ extra = raw total, exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Trace {
    /// The unit scored.
    pub unit: UnitId,
    /// The indicator.
    pub indicator: IndicatorId,
    /// The indicator's name.
    pub name: String,
    /// The rule kind.
    pub rule: RuleKind,
    /// The inputs: sums of data points, target, factors.
    pub inputs: Vec<Step>,
    /// Peer-group statistics used (peer mean, group min and max), if any.
    pub peers: Vec<Step>,
    /// Intermediate values, in the order the rule computed them.
    pub steps: Vec<Step>,
    /// The branch of the rule taken.
    pub branch: Branch,
    /// The text of the branch a formula or table named (`branch("label", …)`, a
    /// [`Branch::Label`]), or the row of a decision table that gave the score
    /// (`row 2: 接近`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The measured value (completion rate, error rate …), if the rule has one.
    pub value: Option<Decimal>,
    /// Full points (or bonus ceiling).
    pub points: Decimal,
    /// The score before any declared rounding.
    pub exact: Decimal,
    /// The rounding declared for this indicator, if any.
    pub rounding: Option<RoundStep>,
    /// The score.
    pub score: Decimal,
    /// Points lost: max(full − score, 0), where full is 0 for a bonus rule.
    pub lost: Decimal,
    /// Points above full: max(score − full, 0).
    pub extra: Decimal,
    /// The document basis.
    pub basis: Option<Basis>,
    /// The one-line explanation.
    pub explanation: Explanation,
    /// The manual override that replaced the computed score, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overridden: Option<crate::scoring::Overridden>,
    /// The error-tolerance decisions on the pair's incidents (容错), if any; empty from
    /// [`Assessment::trace`](crate::Assessment::trace) until
    /// [`with_tolerance`](Trace::with_tolerance) attaches them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tolerance: Vec<crate::tolerance::Decision>,
}

impl Trace {
    /// Attaches the decisions of `tolerated` on this unit's incidents under this
    /// indicator (replacing any attached before).
    pub fn with_tolerance(mut self, tolerated: &crate::tolerance::Tolerated) -> Self {
        self.tolerance = tolerated
            .of_pair(&self.unit, &self.indicator)
            .into_iter()
            .cloned()
            .collect();
        self
    }
}

impl Assessment {
    /// Why `unit` scored what it did on `indicator` in `evaluation`: inputs, peer
    /// statistics, the branch, intermediate values, rounding, points lost, the document
    /// basis and a one-line explanation in Chinese and English.
    ///
    /// # Errors
    ///
    /// When the pair is not applicable or not in `evaluation`, or when recomputing it
    /// fails.
    pub fn trace(
        &self,
        evaluation: &Evaluation,
        unit: &UnitId,
        indicator: &IndicatorId,
    ) -> Result<Trace> {
        let uk = self
            .units
            .binary_search_by(|u| u.id.cmp(unit))
            .map_err(|_| Error::unknown_unit(unit))?;
        let (a, b) = self.unit_pairs[uk];
        let k = (a as usize..b as usize)
            .find(|&k| self.indicator(&self.pairs[k]).id == *indicator)
            .ok_or_else(|| Error::not_applicable(unit, indicator, ""))?;
        let p = &self.pairs[k];
        let scored = evaluation
            .pair(unit, indicator)
            .ok_or_else(|| Error::no_score(unit, indicator, None))?;
        let ind = self.indicator(p);
        let ik = p.indicator as usize;
        let prep = &self.prepared[ik];
        let group = &self.units[uk].group;
        let g = self.unit_group[uk] as usize;
        // the peer statistics by slot, as the evaluation published them
        let mut peers: Vec<Option<PeerStats>> = match self.peer_range(ik, g) {
            Some(r) => vec![None; r.len()],
            None => Vec::new(),
        };
        for st in evaluation.peer_stats_of(indicator, group) {
            let slot = match &st.input {
                None => Some(0),
                Some(name) => prep.inputs.iter().position(|i| i.name == *name),
            };
            if let Some(p) = slot.and_then(|s| peers.get_mut(s)) {
                *p = Some(st.stats);
            }
        }
        let mut inputs = Steps::default();
        match ind.rule.measure() {
            Some(m) => m.trace_inputs(&scored.measured, &mut inputs),
            None => trace_named(prep, &scored.measured, &mut inputs),
        }
        let mut steps = Steps::default();
        let again = self.score_pair(k, scored.measured.clone(), &peers, &mut steps)?;
        let mut t = Steps::default();
        for (s, st) in peers.iter().enumerate() {
            let Some(st) = st else { continue };
            let name = |what: &str| match prep.inputs.get(s) {
                Some(i) => format!("{what} {}", i.name),
                None => what.to_owned(),
            };
            if let Some(mean) = st.mean {
                t.step(&name("peer mean"), mean);
            }
            if let Some(median) = st.median {
                t.step(&name("peer median"), median);
            }
            if let (Some(lo), Some(hi)) = (st.min, st.max) {
                t.step(&name("group min"), lo);
                t.step(&name("group max"), hi);
            }
            t.step(&name("peers"), Decimal::from(st.count));
        }
        let peer_steps = t.0;
        let row = steps
            .0
            .iter()
            .find(|s| s.name == "row")
            .and_then(|s| u16::try_from(s.value.mantissa()).ok());
        let label = prep.compiled().and_then(|c| c.label(again.branch, row));
        // The rule's own explanation is of the score it computed; an override is added
        // after it, never in its place.
        let computed = again
            .overridden
            .as_ref()
            .map_or(again.score, |o| o.computed);
        let full = ind.full_points();
        let ctx = self.context(k, &scored.measured, &peers);
        let mut explanation = prep.explain(
            &ind.rule,
            &Said {
                zh: &ind.name,
                en: ind.name_en(),
                points: ind.points,
                score: computed,
                lost: full
                    .checked_sub(computed)
                    .filter(|d| *d > Decimal::ZERO)
                    .unwrap_or(Decimal::ZERO),
                value: again.value,
                branch: again.branch,
                measured: &scored.measured,
                peers: ctx.peers(),
                display: ind.display_format(),
                steps: &steps.0,
                label: label.as_deref(),
                ctx: Some(&ctx),
            },
        );
        if let Some(o) = &again.overridden {
            let (zh, en) = o.by.note(o.computed);
            explanation.zh = format!("{}；{zh}", explanation.zh);
            explanation.en = format!("{}; {en}", explanation.en);
        }
        Ok(Trace {
            unit: unit.clone(),
            indicator: indicator.clone(),
            name: ind.name.clone(),
            rule: ind.rule.kind(),
            inputs: inputs.0,
            peers: peer_steps,
            steps: steps.0,
            branch: again.branch,
            label,
            value: again.value,
            points: ind.points,
            exact: again.exact,
            rounding: ind.rounding,
            score: again.score,
            lost: again.lost,
            extra: again.extra,
            basis: ind.basis.clone(),
            explanation,
            tolerance: Vec::new(),
            overridden: again.overridden.map(|o| *o),
        })
    }

    /// The traces of every indicator of `unit`, sorted by indicator.
    ///
    /// # Errors
    ///
    /// As for [`trace`](Assessment::trace).
    pub fn traces(&self, evaluation: &Evaluation, unit: &UnitId) -> Result<Vec<Trace>> {
        evaluation
            .pairs_of(unit)
            .iter()
            .map(|p| self.trace(evaluation, unit, &p.indicator))
            .collect()
    }

    /// How `unit`'s difficulty coefficient is found.
    ///
    /// # Errors
    ///
    /// An unknown unit, or the adjustment's own errors.
    pub fn coefficient_trace(&self, unit: &UnitId) -> Result<crate::adjust::CoefficientTrace> {
        let uk = self
            .units
            .binary_search_by(|u| u.id.cmp(unit))
            .map_err(|_| Error::unknown_unit(unit))?;
        let g = self.unit_group[uk] as usize;
        let group: Vec<&Unit> = self.groups[g]
            .1
            .iter()
            .map(|&m| &self.units[m as usize])
            .collect();
        self.scheme.adjustment.trace(&group, &self.units[uk])
    }
}

/// The named inputs of a formula, table or host rule for a trace: each value, its
/// previous period and the unit's rank where read, then the target.
fn trace_named<T: Tracer>(prep: &Prepared, m: &Measured, t: &mut T) {
    for (i, v) in prep.inputs.iter().zip(m.inputs.iter()) {
        if let Some(x) = v.value {
            t.step(&i.name, x);
        }
        if let Some(x) = v.previous {
            t.step(&format!("previous {}", i.name), x);
        }
        if let Some(r) = v.rank {
            t.step(&format!("rank {}", i.name), Decimal::from(r));
        }
    }
    if let Some(target) = m.target {
        t.step("target", target);
    }
}
