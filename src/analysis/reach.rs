//! The smallest improvement on one indicator that changes a unit's list: "what would
//! move the unit onto the red list" (or off the black list), for the health-check
//! report.
//!
//! # Method
//!
//! For each indicator of the unit, the search moves the sum of the first data point the
//! rule reads (the numerator of a ratio; the count for a count measure) in the
//! indicator's better direction, in steps of the data's resolution: 1 for event counts
//! (deduction, bonus and pass/fail rules, count measures), 0.01 otherwise. Only the unit's
//! peer group is re-evaluated (ranks and lists are per group), with exact `Decimal`
//! arithmetic throughout.
//!
//! 1. **Bracket.** Lower is better: the far end is a sum of zero. Higher is better: the
//!    step count doubles until the goal is met, or the indicator's score is at or above
//!    its full points and stops changing (the rule is capped), or 40 doublings pass (a
//!    flat score below full points does not stop the search: a band or tier may lie
//!    further on). No bracket → no single-indicator move on this indicator.
//! 2. **Bisect** on the whole number of steps k between "not met" and "met": the
//!    smallest k found is the move, assuming the goal is monotone in k (true for every
//!    rule that does not compare with peers; for peer-relative rules the result is the
//!    smallest k of the bisection's path).
//! 3. **Verify** by re-evaluating the whole assessment with the moved sum; a move that
//!    does not verify is not reported.
//!
//! Moves are sorted by the indicator score gained, smallest first, then by indicator.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::whatif::Patched;
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::facts::{Aggregate, Sums};
use crate::id::{DatapointId, IndicatorId, UnitId};
use crate::org::Unit;
use crate::rule::Measure;
use crate::scoring::{Assessment, Targets};

/// What a move should achieve.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum ListGoal {
    /// Be on the named list ("red").
    Join(String),
    /// Not be on the named list ("black").
    Leave(String),
}

impl ListGoal {
    fn met(&self, lists: &[String]) -> bool {
        match self {
            ListGoal::Join(l) => lists.contains(l),
            ListGoal::Leave(l) => !lists.contains(l),
        }
    }
}

/// The smallest change of one indicator's data that meets a [`ListGoal`], verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct ListMove {
    /// The indicator.
    pub indicator: IndicatorId,
    /// The data point moved.
    pub datapoint: DatapointId,
    /// Its sum (or count) now.
    pub from: Decimal,
    /// The sum (or count) that meets the goal.
    pub to: Decimal,
    /// `to − from`.
    pub change: Decimal,
    /// The indicator score now.
    pub score_before: Decimal,
    /// The indicator score after the move.
    pub score_after: Decimal,
    /// The unit's adjusted total after the move.
    pub total_after: Decimal,
    /// The unit's rank after the move.
    pub rank_after: Decimal,
    /// The unit's lists after the move.
    pub lists_after: Vec<String>,
}

/// Every single-indicator move of `unit` that meets `goal`, smallest score gain first;
/// empty when the goal is already met or no single indicator can meet it. See the
/// module documentation for the method.
///
/// `targets` must be those `assessment` was built with.
///
/// # Errors
///
/// An unknown unit, or an evaluation error.
pub fn list_moves<S: Sums + ?Sized>(
    assessment: &Assessment,
    targets: &Targets,
    sums: &S,
    unit: &UnitId,
    goal: &ListGoal,
) -> Result<Vec<ListMove>> {
    let me = assessment
        .unit(unit)
        .ok_or_else(|| Error::unknown_unit(unit))?;
    let group: Vec<Unit> = assessment
        .units()
        .iter()
        .filter(|u| u.group == me.group)
        .cloned()
        .collect();
    // the group's own targets: a target for a unit outside the group is refused
    let mut local_targets = Targets::new();
    for (u, i, t) in targets.iter() {
        if group.iter().any(|g| g.id == *u) {
            local_targets.insert(u.clone(), i.clone(), t)?;
        }
    }
    let local = Assessment::new(assessment.scheme().clone(), group, &local_targets)?;
    let now = local.evaluate(sums)?;
    let mine = now.unit(unit).ok_or_else(|| Error::unknown_unit(unit))?;
    if goal.met(&mine.lists) {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for pair in now.pairs_of(unit) {
        let Some(ind) = assessment.scheme().indicators.get(&pair.indicator) else {
            continue;
        };
        let Some(dp) = ind.rule.measure_datapoints().next().cloned() else {
            continue;
        };
        let count = ind
            .rule
            .measure()
            .or_else(|| ind.rule.inputs().first().map(|(_, m)| *m))
            .is_some_and(|m| matches!(m, Measure::Count(_)));
        let step = if ind.rule.counts_occurrences() {
            Decimal::ONE
        } else {
            Decimal::new(1, 2)
        };
        let base = sums.aggregate(unit, &dp)?;
        let from = if count {
            Decimal::from(base.count)
        } else {
            base.sum
        };
        let dir = ind.direction();
        let overflow = || Error::overflow(unit, Some(&ind.id), "a list move");
        let at = |k: u64| -> Result<Decimal> {
            let delta = step.checked_mul(Decimal::from(k)).ok_or_else(overflow)?;
            Ok(match dir {
                Direction::HigherIsBetter => from.checked_add(delta).ok_or_else(overflow)?,
                Direction::LowerIsBetter => from
                    .checked_sub(delta)
                    .ok_or_else(overflow)?
                    .max(Decimal::ZERO),
            })
        };
        let patched_at = |x: Decimal| -> Result<Patched<'_, S>> {
            let mut p = Patched::new(sums);
            let agg = if count {
                Aggregate {
                    sum: base.sum,
                    count: u64::try_from(x).map_err(|_| overflow())?,
                }
            } else {
                Aggregate {
                    sum: x,
                    count: base.count,
                }
            };
            p.set(unit.clone(), dp.clone(), agg);
            Ok(p)
        };
        // (met, indicator score) at k steps
        let probe = |k: u64| -> Result<(bool, Decimal)> {
            let e = local.evaluate(&patched_at(at(k)?)?)?;
            let u = e.unit(unit).ok_or_else(|| Error::unknown_unit(unit))?;
            let s = e.pair(unit, &ind.id).map_or(Decimal::ZERO, |p| p.score);
            Ok((goal.met(&u.lists), s))
        };
        // 1. bracket
        let mut hi: u64 = match dir {
            Direction::LowerIsBetter => {
                if from <= Decimal::ZERO {
                    continue;
                }
                let k = from.checked_div(step).ok_or_else(overflow)?.ceil();
                u64::try_from(k).map_err(|_| overflow())?
            }
            Direction::HigherIsBetter => 1,
        };
        let mut found = false;
        let mut last = pair.score;
        for _ in 0..40 {
            let (met, s) = probe(hi)?;
            if met {
                found = true;
                break;
            }
            // saturated: at or above full points and flat across a doubling (a capped
            // rule); a flat score below full may be a step (a band, a tier) further on
            if dir == Direction::LowerIsBetter || (hi > 1 && s == last && s >= ind.points) {
                break;
            }
            last = s;
            hi = hi.saturating_mul(2);
        }
        if !found {
            continue;
        }
        // 2. bisect: not met at lo, met at hi
        let mut lo: u64 = 0;
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if probe(mid)?.0 {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        // 3. verify on the whole assessment
        let to = at(hi)?;
        let whole = assessment.evaluate(&patched_at(to)?)?;
        let Some(u) = whole.unit(unit) else {
            continue;
        };
        if !goal.met(&u.lists) {
            continue;
        }
        let score_after = whole.pair(unit, &ind.id).map_or(Decimal::ZERO, |p| p.score);
        out.push(ListMove {
            indicator: ind.id.clone(),
            datapoint: dp,
            from,
            to,
            change: to.checked_sub(from).ok_or_else(overflow)?,
            score_before: pair.score,
            score_after,
            total_after: u.adjusted_total,
            rank_after: u.rank,
            lists_after: u.lists.clone(),
        });
    }
    out.sort_by(|a, b| {
        let gain = |m: &ListMove| {
            m.score_after
                .checked_sub(m.score_before)
                .unwrap_or(Decimal::MAX)
        };
        gain(a).cmp(&gain(b)).then(a.indicator.cmp(&b.indicator))
    });
    Ok(out)
}
