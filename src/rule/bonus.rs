//! 加分项: a bonus per occurrence, up to a ceiling.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::explain::{plain, two};
use super::{Branch, Ctx, Measure, Measured, Outcome, Said, need_value, non_negative};
use crate::direction::Direction;
use crate::error::Result;
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

/// Bonus items (加分项): min(occurrences × per_event, points), never below zero. The
/// indicator's points are the ceiling and do not count toward full points.
///
/// # Examples
///
/// Ceiling 2, 0.5 per commendation, 3 commendations: +1.5; 6 commendations: +2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bonus {
    /// The occurrences.
    pub measure: Measure,
    /// Points added per occurrence.
    pub per_event: Decimal,
}

impl Bonus {
    pub(crate) fn direction(&self) -> Direction {
        Direction::HigherIsBetter
    }

    pub(crate) fn validate(&self, id: &IndicatorId, _points: Decimal) -> Result<()> {
        non_negative(id, "per_event", self.per_event)
    }

    pub(crate) fn score<T: Tracer>(
        &self,
        ctx: &Ctx<'_>,
        m: &Measured,
        t: &mut T,
    ) -> Result<Outcome> {
        let c = &ctx.calc;
        let n = need_value(ctx, m)?;
        let earned = c.mul(n, self.per_event, "bonus")?;
        t.step("earned", earned);
        let (score, branch) = if earned <= Decimal::ZERO {
            (Decimal::ZERO, Branch::NoOccurrence)
        } else if crate::num::cmp(earned, ctx.points).is_ge() {
            (ctx.points, Branch::Limited)
        } else {
            (earned, Branch::Counted)
        };
        Ok(Outcome {
            score,
            value: Some(n),
            branch,
        })
    }

    pub(crate) fn explain(&self, s: &Said<'_>) -> Explanation {
        let n = s.value.map(|v| s.shown(v)).unwrap_or_default();
        let items = if n == "1" { "item" } else { "items" };
        let ceiling = plain(s.points);
        match s.branch {
            Branch::NoOccurrence => Explanation {
                zh: format!("{} 无加分事项，加 0 分（上限 {ceiling}）", s.zh),
                en: format!("{}: nothing to add: +0 points (ceiling {ceiling})", s.en),
            },
            _ => Explanation {
                zh: format!(
                    "{} {n} 项，每项加 {} 分，加 {} 分（上限 {ceiling}）",
                    s.zh,
                    plain(self.per_event),
                    two(s.score)
                ),
                en: format!(
                    "{}: {n} {items} at {} each: +{} points (ceiling {ceiling})",
                    s.en,
                    plain(self.per_event),
                    two(s.score)
                ),
            },
        }
    }
}
