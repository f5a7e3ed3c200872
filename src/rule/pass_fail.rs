//! 达标制: full points when a condition holds, none otherwise.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::explain::ending;
use super::{Branch, Ctx, Measure, Measured, Outcome, Said, need_value};
use crate::direction::Direction;
use crate::error::Result;
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

/// How the value is compared with the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
/// # Examples
///
/// At least 1 study session a quarter (`at_least 1`): 3 sessions pass, 0 fail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassFail {
    /// The value tested.
    pub measure: Measure,
    /// The comparison.
    pub op: Comparison,
    /// The threshold.
    pub threshold: Decimal,
}

impl PassFail {
    pub(crate) fn direction(&self) -> Direction {
        match self.op {
            Comparison::AtMost | Comparison::Below => Direction::LowerIsBetter,
            _ => Direction::HigherIsBetter,
        }
    }

    pub(crate) fn validate(&self, _id: &IndicatorId, _points: Decimal) -> Result<()> {
        Ok(())
    }

    pub(crate) fn score<T: Tracer>(
        &self,
        ctx: &Ctx<'_>,
        m: &Measured,
        t: &mut T,
    ) -> Result<Outcome> {
        let x = need_value(ctx, m)?;
        t.step("value", x);
        let (score, branch) = if self.op.holds(x, self.threshold) {
            (ctx.points, Branch::Pass)
        } else {
            (Decimal::ZERO, Branch::Fail)
        };
        Ok(Outcome {
            score,
            value: Some(x),
            branch,
        })
    }

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
