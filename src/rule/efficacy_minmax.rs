//! 功效系数法, min–max form within the peer group.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::explain::{coef, ending};
use super::{Branch, Ctx, Measure, Measured, Outcome, Said, need_value, non_negative};
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

fn base() -> Decimal {
    Decimal::new(6, 1)
}

fn span() -> Decimal {
    Decimal::new(4, 1)
}

/// Efficacy coefficient (功效系数法), min–max form: with lo and hi the smallest and
/// largest value in the unit's peer group, points × (base + span × (x − lo) / (hi − lo))
/// — or (hi − x) / (hi − lo) when lower is better. When hi = lo: full points.
/// base 0.6 and span 0.4 unless declared.
///
/// # Examples
///
/// lo 10, hi 20, x 15, 6 points: 6 × (0.6 + 0.4 × 0.5) = 4.8.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EfficacyMinMax {
    /// The value compared.
    pub measure: Measure,
    /// The coefficient at the group's worst value (0.6).
    #[serde(default = "base")]
    pub base: Decimal,
    /// What the best value adds (0.4).
    #[serde(default = "span")]
    pub span: Decimal,
    /// Which end is better.
    #[serde(default)]
    pub direction: Direction,
}

impl EfficacyMinMax {
    pub(crate) fn direction(&self) -> Direction {
        self.direction
    }

    pub(crate) fn validate(&self, id: &IndicatorId, _points: Decimal) -> Result<()> {
        non_negative(id, "base", self.base)?;
        non_negative(id, "span", self.span)?;
        match self.base.checked_add(self.span) {
            Some(top) if top <= Decimal::ONE => Ok(()),
            _ => Err(Error::invalid_definition(
                id,
                "span",
                format!("base {} + span {} exceeds 1", self.base, self.span),
            )),
        }
    }

    pub(crate) fn score<T: Tracer>(
        &self,
        ctx: &Ctx<'_>,
        m: &Measured,
        t: &mut T,
    ) -> Result<Outcome> {
        let c = &ctx.calc;
        let x = need_value(ctx, m)?;
        let (lo, hi) = match ctx.peers.and_then(|p| p.min.zip(p.max)) {
            Some(range) => range,
            None => (x, x),
        };
        if crate::num::cmp(hi, lo).is_eq() {
            return Ok(Outcome {
                score: ctx.points,
                value: Some(x),
                branch: Branch::FlatGroup,
            });
        }
        let range = c.sub(hi, lo, "group range")?;
        let above = match self.direction {
            Direction::HigherIsBetter => c.sub(x, lo, "distance from the worst")?,
            Direction::LowerIsBetter => c.sub(hi, x, "distance from the worst")?,
        };
        let share = c.div(above, range, "position in the range")?;
        t.step("position in range", share);
        let coef = c.add(
            self.base,
            c.mul(self.span, share, "coefficient")?,
            "coefficient",
        )?;
        t.step("coefficient", coef);
        Ok(Outcome {
            score: c.mul(ctx.points, coef, "score")?,
            value: Some(x),
            branch: Branch::WithinRange,
        })
    }

    pub(crate) fn explain(&self, s: &Said<'_>) -> Explanation {
        let (zh_end, en_end) = ending(s);
        let x = s.value.map(|v| s.shown(v)).unwrap_or_default();
        if s.branch == Branch::FlatGroup {
            return Explanation {
                zh: format!("{} {x}，同组各单位数值相同，{zh_end}", s.zh),
                en: format!(
                    "{}: {x}, the same for every unit of the group: {en_end}",
                    s.en
                ),
            };
        }
        let lo = s
            .peers
            .and_then(|p| p.min)
            .map(|v| s.shown(v))
            .unwrap_or_default();
        let hi = s
            .peers
            .and_then(|p| p.max)
            .map(|v| s.shown(v))
            .unwrap_or_default();
        let coef = if s.points.is_zero() {
            String::new()
        } else {
            s.score
                .checked_div(s.points)
                .map(|k| format!("，功效系数 {}", coef(k)))
                .unwrap_or_default()
        };
        Explanation {
            zh: format!("{} {x}，同组最低 {lo}、最高 {hi}{coef}，{zh_end}", s.zh),
            en: format!("{}: {x} between the group's {lo} and {hi}: {en_end}", s.en),
        }
    }
}
