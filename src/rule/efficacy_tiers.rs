//! 功效系数法, five-tier standard-value form.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::explain::{coef, ending};
use super::{Branch, Ctx, Measure, Measured, Outcome, Said, need_value};
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

/// The five tiers' names in Chinese.
pub const TIERS_ZH: [&str; 5] = ["优秀", "良好", "平均", "较低", "较差"];
/// The five tiers' names in English.
pub const TIERS_EN: [&str; 5] = ["excellent", "good", "average", "low", "poor"];

fn coefficients() -> [Decimal; 5] {
    [
        Decimal::ONE,
        Decimal::new(8, 1),
        Decimal::new(6, 1),
        Decimal::new(4, 1),
        Decimal::new(2, 1),
    ]
}

/// Efficacy coefficient (功效系数法), standard-value form: five standards
/// 优秀 / 良好 / 平均 / 较低 / 较差 with coefficients 1.0 / 0.8 / 0.6 / 0.4 / 0.2.
///
/// At or better than 优秀: full points. Worse than 较差: zero. Otherwise, with the
/// unit in tier k (the best standard it reaches) and k−1 the next better tier:
/// coefficient = c_k + (x − s_k) / (s_(k−1) − s_k) × (c_(k−1) − c_k), score = points ×
/// coefficient. Standards that decrease mean higher is better; standards that increase
/// mean lower is better, and the same formula holds.
///
/// # Examples
///
/// Standards 100 / 90 / 80 / 70 / 60, x = 85, 10 points: tier 平均 (80), coefficient
/// 0.6 + 5/10 × 0.2 = 0.7, score 7.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EfficacyTiers {
    /// The value compared.
    pub measure: Measure,
    /// The standard values, best tier first.
    pub standards: [Decimal; 5],
    /// The tiers' coefficients, best first (1.0 / 0.8 / 0.6 / 0.4 / 0.2 unless declared).
    #[serde(default = "coefficients")]
    pub coefficients: [Decimal; 5],
}

impl EfficacyTiers {
    pub(crate) fn direction(&self) -> Direction {
        if self.standards[0] >= self.standards[4] {
            Direction::HigherIsBetter
        } else {
            Direction::LowerIsBetter
        }
    }

    pub(crate) fn validate(&self, id: &IndicatorId, _points: Decimal) -> Result<()> {
        let s = &self.standards;
        let down = s.windows(2).all(|w| w[0] > w[1]);
        let up = s.windows(2).all(|w| w[0] < w[1]);
        if !down && !up {
            return Err(Error::invalid_definition(
                id,
                "standards",
                "they must strictly decrease (higher is better) or strictly increase (lower is better)",
            ));
        }
        let c = &self.coefficients;
        if !c.windows(2).all(|w| w[0] > w[1]) || c[0] > Decimal::ONE || c[4] < Decimal::ZERO {
            return Err(Error::invalid_definition(
                id,
                "coefficients",
                "they must strictly decrease within 0 to 1",
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
        let x = need_value(ctx, m)?;
        let dir = self.direction();
        let (s, k) = (&self.standards, &self.coefficients);
        if dir.decimal_at_least(x, s[0]) {
            return Ok(Outcome {
                score: c.mul(ctx.points, k[0], "score")?,
                value: Some(x),
                branch: Branch::TopTier,
            });
        }
        let Some(tier) = (1..5).find(|&j| dir.decimal_at_least(x, s[j])) else {
            return Ok(Outcome {
                score: Decimal::ZERO,
                value: Some(x),
                branch: Branch::BelowTiers,
            });
        };
        let along = c.div(
            c.sub(x, s[tier], "distance above the standard")?,
            c.sub(s[tier - 1], s[tier], "tier width")?,
            "position in the tier",
        )?;
        t.step("position in tier", along);
        let coef = c.add(
            k[tier],
            c.mul(
                along,
                c.sub(k[tier - 1], k[tier], "coefficient step")?,
                "coefficient",
            )?,
            "coefficient",
        )?;
        t.step("coefficient", coef);
        Ok(Outcome {
            score: c.mul(ctx.points, coef, "score")?,
            value: Some(x),
            // tier is 1..=4
            branch: Branch::Tier(tier as u8),
        })
    }

    pub(crate) fn explain(&self, s: &Said<'_>) -> Explanation {
        let (zh_end, en_end) = ending(s);
        let x = s.value.map(|v| s.shown(v)).unwrap_or_default();
        let (k, zh_where, en_where) = match s.branch {
            Branch::TopTier => (0, "达到", "reaches"),
            Branch::Tier(k) => (usize::from(k).min(4), "处于", "is in"),
            _ => (4, "低于", "falls short of"),
        };
        let std = s.line(self.standards[k]);
        let coef = s
            .score
            .checked_div(s.points)
            .filter(|_| !s.points.is_zero())
            .map(|q| format!("，功效系数 {}", coef(q)))
            .unwrap_or_default();
        Explanation {
            zh: format!(
                "{} {x} {zh_where}“{}”档（标准值 {std}）{coef}，{zh_end}",
                s.zh, TIERS_ZH[k]
            ),
            en: format!(
                "{}: {x} {en_where} the {} tier (standard {std}): {en_end}",
                s.en, TIERS_EN[k]
            ),
        }
    }
}
