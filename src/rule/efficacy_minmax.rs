//! 功效系数法, min–max form within the peer group.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::contract::{
    Fault, Kind, Report, RuleContext, RuleInputs, Scored, add, div, mul, need_value, sub,
};
use super::explain::{coef, ending};
use super::{Branch, Measure, Said, non_negative};
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

pub(crate) fn base() -> Decimal {
    Decimal::new(6, 1)
}

pub(crate) fn span() -> Decimal {
    Decimal::new(4, 1)
}

/// Efficacy coefficient (功效系数法), min–max form: with lo and hi the smallest and
/// largest value in the unit's peer group, points × (base + span × (x − lo) / (hi − lo))
/// — or (hi − x) / (hi − lo) when lower is better. When hi = lo: full points.
/// base 0.6 and span 0.4 unless declared (shares of the points, like
/// [`EfficacyStandard`](super::EfficacyStandard)'s).
///
/// # Examples
///
/// lo 10, hi 20, x 15, 6 points: 6 × (0.6 + 0.4 × 0.5) = 4.8.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EfficacyMinMax {
    /// The value compared.
    pub measure: Measure,
    /// The coefficient at the group's worst value (0.6).
    #[serde(
        default = "base",
        deserialize_with = "crate::num::exact_serde::decimal"
    )]
    pub base: Decimal,
    /// What the best value adds (0.4).
    #[serde(
        default = "span",
        deserialize_with = "crate::num::exact_serde::decimal"
    )]
    pub span: Decimal,
    /// Which end is better (higher unless declared).
    #[serde(default)]
    pub direction: Direction,
}

/// The intermediate values of a min–max efficacy rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EfficacyMinMaxDetail {
    /// The unit's value.
    pub value: Decimal,
    /// The group's smallest value (the unit's own when there is no group).
    pub lo: Decimal,
    /// The group's largest value.
    pub hi: Decimal,
    /// The position in the range, 0 at the worst value and 1 at the best; `None` when
    /// every unit of the group has the same value.
    pub share: Option<Decimal>,
    /// base + span × share (1 for a flat group).
    pub coefficient: Decimal,
}

impl EfficacyMinMax {
    pub(crate) fn direction(&self) -> Direction {
        self.direction
    }

    pub(crate) fn validate(&self, id: &IndicatorId, _points: Decimal) -> Result<()> {
        validate_base_span(id, self.base, self.span)
    }

    /// Scores plain values: `inputs.value` is the unit's value and `inputs.peers` its
    /// group's statistics (their min and max).
    ///
    /// # Examples
    ///
    /// A group from 10 to 20, x = 15, 6 points: 6 × (0.6 + 0.4 × 0.5) = 4.8.
    ///
    /// ```
    /// use rust_decimal_macros::dec;
    /// use scorecard::rule::{Branch, EfficacyMinMax, PeerStats, RuleInputs};
    ///
    /// let rule: EfficacyMinMax = serde_json::from_str(r#"{"measure": {"sum": "D170"}}"#)?;
    /// let peers = PeerStats::of(&[dec!(10), dec!(15), dec!(20)])?;
    /// let s = rule.score(&RuleInputs::new(dec!(6)).value(dec!(15)).peers(peers))?;
    /// assert_eq!((s.score, s.branch), (dec!(4.8), Branch::WithinRange));
    /// assert_eq!((s.detail.share, s.detail.coefficient), (Some(dec!(0.5)), dec!(0.8)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An invalid rule; no value; an overflow.
    pub fn score(&self, inputs: &RuleInputs) -> Result<Scored<EfficacyMinMaxDetail>> {
        inputs.run(|id, p| self.validate(id, p), |x| self.eval(x))
    }
}

/// base and span are shares from 0 to 1 adding up to at most 1.
pub(crate) fn validate_base_span(id: &IndicatorId, base: Decimal, span: Decimal) -> Result<()> {
    non_negative(id, "base", base)?;
    non_negative(id, "span", span)?;
    match base.checked_add(span) {
        Some(top) if top <= Decimal::ONE => Ok(()),
        _ => Err(Error::invalid_definition(
            id,
            "span",
            format!("base {base} + span {span} exceeds 1"),
        )),
    }
}

impl Kind for EfficacyMinMax {
    type Detail = EfficacyMinMaxDetail;

    fn eval(&self, x: &RuleContext<'_>) -> Result<Scored<EfficacyMinMaxDetail>, Fault> {
        let v = need_value(x)?;
        let (lo, hi) = match x.peers().and_then(|p| p.min.zip(p.max)) {
            Some(range) => range,
            None => (v, v),
        };
        if crate::num::cmp(hi, lo).is_eq() {
            return Ok(Scored {
                score: x.points,
                value: Some(v),
                branch: Branch::FlatGroup,
                detail: EfficacyMinMaxDetail {
                    value: v,
                    lo,
                    hi,
                    share: None,
                    coefficient: Decimal::ONE,
                },
            });
        }
        let range = sub(hi, lo, "group range")?;
        let above = match self.direction {
            Direction::HigherIsBetter => sub(v, lo, "distance from the worst")?,
            Direction::LowerIsBetter => sub(hi, v, "distance from the worst")?,
        };
        let share = div(above, range, "position in the range")?;
        let coefficient = add(
            self.base,
            mul(self.span, share, "coefficient")?,
            "coefficient",
        )?;
        Ok(Scored {
            score: mul(x.points, coefficient, "score")?,
            value: Some(v),
            branch: Branch::WithinRange,
            detail: EfficacyMinMaxDetail {
                value: v,
                lo,
                hi,
                share: Some(share),
                coefficient,
            },
        })
    }
}

impl Report for EfficacyMinMaxDetail {
    fn report<T: Tracer>(&self, _branch: Branch, t: &mut T) {
        if let Some(share) = self.share {
            t.step("position in range", share);
            t.step("coefficient", self.coefficient);
        }
    }
}

impl EfficacyMinMax {
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
