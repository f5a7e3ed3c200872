//! 功效系数法, five-tier standard-value form.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::contract::{
    Fault, Kind, Report, RuleContext, RuleInputs, Scored, add, div, mul, need_value, sub,
};
use super::explain::{coef, ending};
use super::{Branch, Measure, Said};
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
/// coefficient. The `direction` is declared (required): the standards must strictly
/// decrease when higher is better and strictly increase when lower is better, so a list
/// written the wrong way round is refused rather than read the other way.
///
/// # Examples
///
/// Standards 100 / 90 / 80 / 70 / 60, x = 85, 10 points: tier 平均 (80), coefficient
/// 0.6 + 5/10 × 0.2 = 0.7, score 7.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EfficacyTiers {
    /// The value compared.
    pub measure: Measure,
    /// Which way is better; required, and the standards must be ordered that way.
    pub direction: Direction,
    /// The standard values, best tier first.
    #[serde(deserialize_with = "crate::num::exact_serde::array_decimal")]
    pub standards: [Decimal; 5],
    /// The tiers' coefficients, best first (1.0 / 0.8 / 0.6 / 0.4 / 0.2 unless declared).
    #[serde(
        default = "coefficients",
        deserialize_with = "crate::num::exact_serde::array_decimal"
    )]
    pub coefficients: [Decimal; 5],
}

/// The intermediate values of a five-tier efficacy rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EfficacyTiersDetail {
    /// The unit's value.
    pub value: Decimal,
    /// The tier reached: 0 = 优秀 … 4 = 较差; `None` below 较差.
    pub tier: Option<u8>,
    /// The position within the tier, 0 at its standard and 1 at the next better one;
    /// `None` at the top or below the tiers.
    pub position: Option<Decimal>,
    /// The coefficient credited (0 below the tiers).
    pub coefficient: Decimal,
}

impl EfficacyTiers {
    pub(crate) fn direction(&self) -> Direction {
        self.direction
    }

    pub(crate) fn validate(&self, id: &IndicatorId, _points: Decimal) -> Result<()> {
        let s = &self.standards;
        let ordered = s.windows(2).all(|w| self.direction.is_better(w[0], w[1]));
        if !ordered {
            let how = match self.direction {
                Direction::HigherIsBetter => "strictly decrease",
                Direction::LowerIsBetter => "strictly increase",
            };
            return Err(Error::invalid_definition(
                id,
                "standards",
                format!(
                    "they must {how}, best first, when direction is {}",
                    self.direction
                ),
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

    /// Scores plain values: `inputs.value` is the unit's value.
    ///
    /// # Examples
    ///
    /// Standards 100 / 90 / 80 / 70 / 60, x = 85, 10 points: tier 平均 (80), position
    /// 5/10 = 0.5, coefficient 0.6 + 0.5 × 0.2 = 0.7, score 10 × 0.7 = 7.
    ///
    /// ```
    /// use rust_decimal_macros::dec;
    /// use scorecard::rule::{Branch, EfficacyTiers, RuleInputs};
    ///
    /// let rule: EfficacyTiers = serde_json::from_str(r#"{"measure": {"sum": "S"},
    ///     "direction": "higher_is_better", "standards": ["100", "90", "80", "70", "60"]}"#)?;
    /// let s = rule.score(&RuleInputs::new(dec!(10)).value(dec!(85)))?;
    /// assert_eq!((s.score, s.branch), (dec!(7), Branch::Tier(2)));
    /// assert_eq!((s.detail.position, s.detail.coefficient), (Some(dec!(0.5)), dec!(0.7)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An invalid rule; no value; an overflow.
    pub fn score(&self, inputs: &RuleInputs) -> Result<Scored<EfficacyTiersDetail>> {
        inputs.run(|id, p| self.validate(id, p), |x| self.eval(x))
    }
}

impl Kind for EfficacyTiers {
    type Detail = EfficacyTiersDetail;

    fn eval(&self, x: &RuleContext<'_>) -> Result<Scored<EfficacyTiersDetail>, Fault> {
        let v = need_value(x)?;
        let dir = self.direction;
        let (s, k) = (&self.standards, &self.coefficients);
        if dir.decimal_at_least(v, s[0]) {
            return Ok(Scored {
                score: mul(x.points, k[0], "score")?,
                value: Some(v),
                branch: Branch::TopTier,
                detail: EfficacyTiersDetail {
                    value: v,
                    tier: Some(0),
                    position: None,
                    coefficient: k[0],
                },
            });
        }
        let Some(tier) = (1..5).find(|&j| dir.decimal_at_least(v, s[j])) else {
            return Ok(Scored {
                score: Decimal::ZERO,
                value: Some(v),
                branch: Branch::BelowTiers,
                detail: EfficacyTiersDetail {
                    value: v,
                    tier: None,
                    position: None,
                    coefficient: Decimal::ZERO,
                },
            });
        };
        let along = div(
            sub(v, s[tier], "distance above the standard")?,
            sub(s[tier - 1], s[tier], "tier width")?,
            "position in the tier",
        )?;
        let coefficient = add(
            k[tier],
            mul(
                along,
                sub(k[tier - 1], k[tier], "coefficient step")?,
                "coefficient",
            )?,
            "coefficient",
        )?;
        // tier is 1..=4
        let tier = tier as u8;
        Ok(Scored {
            score: mul(x.points, coefficient, "score")?,
            value: Some(v),
            branch: Branch::Tier(tier),
            detail: EfficacyTiersDetail {
                value: v,
                tier: Some(tier),
                position: Some(along),
                coefficient,
            },
        })
    }
}

impl Report for EfficacyTiersDetail {
    fn report<T: Tracer>(&self, _branch: Branch, t: &mut T) {
        if let Some(along) = self.position {
            t.step("position in tier", along);
            t.step("coefficient", self.coefficient);
        }
    }
}

impl EfficacyTiers {
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
