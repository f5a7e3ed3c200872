//! 扣分制: a deduction per occurrence, down to a floor.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::explain::{ending, plain};
use super::{Branch, Ctx, Measure, Measured, Outcome, Said, need_value, non_negative};
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

/// Deduction per occurrence (扣分制): max(points − occurrences × per_event, floor).
///
/// # Examples
///
/// 5 points, 0.5 per event, 3 events: 5 − 1.5 = 3.5. With 12 events the score stops
/// at the floor (0 unless declared).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deduction {
    /// The occurrences (a sum of counts, or a count of facts).
    pub measure: Measure,
    /// Points deducted per occurrence.
    pub per_event: Decimal,
    /// The lowest score (0 unless declared).
    #[serde(default)]
    pub floor: Decimal,
}

impl Deduction {
    pub(crate) fn direction(&self) -> Direction {
        Direction::LowerIsBetter
    }

    pub(crate) fn validate(&self, id: &IndicatorId, points: Decimal) -> Result<()> {
        non_negative(id, "per_event", self.per_event)?;
        non_negative(id, "floor", self.floor)?;
        if self.floor > points {
            return Err(Error::invalid_definition(
                id,
                "floor",
                format!("{} is above the points {points}", self.floor),
            ));
        }
        Ok(())
    }

    pub(crate) fn score<T: Tracer>(
        &self,
        ctx: &Ctx<'_>,
        m: &Measured,
        t: &mut T,
    ) -> Result<Outcome> {
        let c = &ctx.calc;
        let n = need_value(ctx, m)?;
        let deducted = c.mul(n, self.per_event, "deduction")?;
        t.step("deduction", deducted);
        let left = c.sub(ctx.points, deducted, "score")?;
        let (score, branch) = if deducted.is_zero() {
            (left, Branch::NoOccurrence)
        } else if crate::num::cmp(left, self.floor).is_le() {
            (self.floor, Branch::Limited)
        } else {
            (left, Branch::Counted)
        };
        Ok(Outcome {
            score,
            value: Some(n),
            branch,
        })
    }

    pub(crate) fn explain(&self, s: &Said<'_>) -> Explanation {
        let (zh_end, en_end) = ending(s);
        let n = s.value.map(|v| s.shown(v)).unwrap_or_default();
        let times = if n == "1" {
            "occurrence"
        } else {
            "occurrences"
        };
        let per = plain(self.per_event);
        match s.branch {
            Branch::NoOccurrence => Explanation {
                zh: format!("{} 无扣分事项，{zh_end}", s.zh),
                en: format!("{}: nothing to deduct: {en_end}", s.en),
            },
            Branch::Limited => Explanation {
                zh: format!(
                    "{} {n} 次，每次扣 {per} 分，扣至下限 {} 分，{zh_end}",
                    s.zh,
                    plain(self.floor)
                ),
                en: format!(
                    "{}: {n} {times} at {per} each, down to the floor {}: {en_end}",
                    s.en,
                    plain(self.floor)
                ),
            },
            _ => Explanation {
                zh: format!("{} {n} 次，每次扣 {per} 分，{zh_end}", s.zh),
                en: format!("{}: {n} {times} at {per} each: {en_end}", s.en),
            },
        }
    }
}
