//! 达标制: full points when a condition holds, none otherwise.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::contract::{Fault, Kind, Report, RuleContext, RuleInputs, Scored, need_value};
use super::explain::ending;
use super::{Branch, Measure, Said};
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

/// How the value is compared with the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Comparison {
    /// value ≥ threshold.
    AtLeast,
    /// value > threshold.
    Above,
    /// value ≤ threshold.
    AtMost,
    /// value < threshold.
    Below,
    /// value = threshold.
    Equal,
}

impl Comparison {
    /// Whether `x` satisfies the comparison with `threshold`.
    pub fn holds(self, x: Decimal, threshold: Decimal) -> bool {
        match self {
            Comparison::AtLeast => crate::num::cmp(x, threshold).is_ge(),
            Comparison::Above => crate::num::cmp(x, threshold).is_gt(),
            Comparison::AtMost => crate::num::cmp(x, threshold).is_le(),
            Comparison::Below => crate::num::cmp(x, threshold).is_lt(),
            Comparison::Equal => crate::num::cmp(x, threshold).is_eq(),
        }
    }

    /// The name as written in a rule book (`at_least` …).
    pub fn name(self) -> &'static str {
        match self {
            Comparison::AtLeast => "at_least",
            Comparison::Above => "above",
            Comparison::AtMost => "at_most",
            Comparison::Below => "below",
            Comparison::Equal => "equal",
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            Comparison::AtLeast => "≥",
            Comparison::Above => ">",
            Comparison::AtMost => "≤",
            Comparison::Below => "<",
            Comparison::Equal => "=",
        }
    }
}

/// Pass / fail (达标制): full points when `value op threshold` holds, otherwise zero.
///
/// The direction may be declared and is otherwise read from the operator, which is
/// itself a declaration in words: `at_least` and `above` mean higher is better,
/// `at_most` and `below` lower is better. A declared direction that contradicts the
/// operator is refused at load; with `equal` the declared direction is taken as given
/// (higher is better when none is declared). Unlike two threshold numbers, an
/// operator cannot be swapped by a typo in a number, which is why the direction is
/// not required here.
///
/// # Examples
///
/// At least 1 study session a quarter (`at_least 1`): 3 sessions pass, 0 fail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PassFail {
    /// The value tested.
    pub measure: Measure,
    /// The comparison.
    pub op: Comparison,
    /// The threshold.
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub threshold: Decimal,
    /// Which way is better, when declared; it must agree with `op`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

/// The intermediate values of a pass / fail rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PassFailDetail {
    /// The value tested.
    pub value: Decimal,
    /// Whether `value op threshold` holds.
    pub holds: bool,
}

impl PassFail {
    /// The direction the operator says: `None` for `equal`.
    fn op_direction(&self) -> Option<Direction> {
        match self.op {
            Comparison::AtMost | Comparison::Below => Some(Direction::LowerIsBetter),
            Comparison::AtLeast | Comparison::Above => Some(Direction::HigherIsBetter),
            Comparison::Equal => None,
        }
    }

    pub(crate) fn direction(&self) -> Direction {
        self.direction
            .or_else(|| self.op_direction())
            .unwrap_or_default()
    }

    pub(crate) fn validate(&self, id: &IndicatorId, _points: Decimal) -> Result<()> {
        match (self.direction, self.op_direction()) {
            (Some(declared), Some(said)) if declared != said => Err(Error::invalid_definition(
                id,
                "direction, op",
                format!(
                    "direction {declared} contradicts op {} (it means {said})",
                    self.op.name()
                ),
            )),
            _ => Ok(()),
        }
    }

    /// Scores plain values: `inputs.value` is the value tested.
    ///
    /// # Examples
    ///
    /// At least 1 study session, 3 points: 4 sessions pass (3 points), 0 fail (0).
    ///
    /// ```
    /// use rust_decimal_macros::dec;
    /// use scorecard::rule::{Branch, PassFail, RuleInputs};
    ///
    /// let rule: PassFail = serde_json::from_str(
    ///     r#"{"measure": {"count": "L"}, "op": "at_least", "threshold": "1"}"#)?;
    /// let s = rule.score(&RuleInputs::new(dec!(3)).value(dec!(4)))?;
    /// assert_eq!((s.score, s.branch, s.detail.holds), (dec!(3), Branch::Pass, true));
    /// let s = rule.score(&RuleInputs::new(dec!(3)).value(dec!(0)))?;
    /// assert_eq!((s.score, s.branch), (dec!(0), Branch::Fail));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An invalid rule; no value.
    pub fn score(&self, inputs: &RuleInputs) -> Result<Scored<PassFailDetail>> {
        inputs.run(|id, p| self.validate(id, p), |x| self.eval(x))
    }
}

impl Kind for PassFail {
    type Detail = PassFailDetail;

    fn eval(&self, x: &RuleContext<'_>) -> Result<Scored<PassFailDetail>, Fault> {
        let v = need_value(x)?;
        let holds = self.op.holds(v, self.threshold);
        let (score, branch) = if holds {
            (x.points, Branch::Pass)
        } else {
            (Decimal::ZERO, Branch::Fail)
        };
        Ok(Scored {
            score,
            value: Some(v),
            branch,
            detail: PassFailDetail { value: v, holds },
        })
    }
}

impl Report for PassFailDetail {
    fn report<T: Tracer>(&self, _branch: Branch, t: &mut T) {
        t.step("value", self.value);
    }
}

impl PassFail {
    pub(crate) fn explain(&self, s: &Said<'_>) -> Explanation {
        let (zh_end, en_end) = ending(s);
        let x = s.value.map(|v| s.shown(v)).unwrap_or_default();
        let line = format!("{} {}", self.op.symbol(), s.line(self.threshold));
        if s.branch == Branch::Pass {
            Explanation {
                zh: format!("{} {x} 达到要求（{line}），{zh_end}", s.zh),
                en: format!("{}: {x} meets the requirement ({line}): {en_end}", s.en),
            }
        } else {
            Explanation {
                zh: format!("{} {x} 未达到要求（{line}），{zh_end}", s.zh),
                en: format!("{}: {x} misses the requirement ({line}): {en_end}", s.en),
            }
        }
    }
}
