//! The trace of one score: everything behind it, gathered by the evaluator.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::Basis;
use crate::id::{IndicatorId, UnitId};
use crate::num::RoundStep;
use crate::rule::{Branch, RuleKind};
use crate::trace::{Explanation, Step};

/// Everything behind one indicator score of one unit.
///
/// `points − score` is split into `lost` (never negative) and `extra` (a bonus, or
/// completion beyond full points under a cap above 1), so that over a unit
/// full points − Σ lost + Σ extra = raw total, exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
