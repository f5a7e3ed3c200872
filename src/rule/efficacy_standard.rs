//! 功效系数法 with fixed standards: 满意值 (satisfactory value) and 不允许值
//! (unacceptable value) set by the scheme.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::contract::{
    Fault, Kind, Report, RuleContext, RuleInputs, Scored, add, div, mul, need_value, sub,
};
use super::efficacy_minmax::{base, span, validate_base_span};
use super::explain::{coef, ending};
use super::{Branch, Measure, Said};
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

fn yes() -> bool {
    true
}

/// Efficacy coefficient (功效系数法) with fixed standards, the textbook form:
/// coefficient = base + span × (x − 不允许值) / (满意值 − 不允许值), score = points ×
/// coefficient, with base 0.6 and span 0.4 unless declared (shares of the points, as in
/// [`EfficacyMinMax`](super::EfficacyMinMax): the textbook's 60 + 40 × … on a
/// 100-point scale).
///
/// The standards come from the scheme, not from the peer group. The `direction` is
/// declared (required) and must agree with them: 满意值 above 不允许值 when higher is
/// better, below when lower is better; equal standards are refused. The same formula
/// serves both directions.
///
/// With `clamp` (the default) the share is held within 0 to 1: a value at or better
/// than 满意值 gets base + span, one at or worse than 不允许值 gets base. With
/// `clamp = false` the line runs on beyond both standards (the textbook's open form), so
/// a value better than 满意值 scores above base + span; a score is never below zero.
///
/// # Examples
///
/// 满意值 98 %, 不允许值 90 %, x = 95 %, 5 points: share (0.95 − 0.90) / 0.08 = 0.625,
/// coefficient 0.6 + 0.4 × 0.625 = 0.85, score 4.25.
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::rule::{Branch, EfficacyStandard, RuleInputs};
///
/// let rule: EfficacyStandard = serde_json::from_str(r#"{"measure": {"sum": "R"},
///     "direction": "higher_is_better", "satisfactory": "0.98", "unacceptable": "0.90"}"#)?;
/// let s = rule.score(&RuleInputs::new(dec!(5)).value(dec!(0.95)))?;
/// assert_eq!((s.score, s.branch), (dec!(4.25), Branch::BetweenStandards));
/// assert_eq!((s.detail.share, s.detail.coefficient), (dec!(0.625), dec!(0.85)));
/// // beyond 满意值, clamped: 5 × (0.6 + 0.4) = 5
/// let s = rule.score(&RuleInputs::new(dec!(5)).value(dec!(0.99)))?;
/// assert_eq!((s.score, s.branch), (dec!(5), Branch::Satisfactory));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EfficacyStandard {
    /// The value compared.
    pub measure: Measure,
    /// Which way is better; required, and the standards must agree with it.
    pub direction: Direction,
    /// 满意值: the satisfactory value, where the coefficient reaches base + span.
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub satisfactory: Decimal,
    /// 不允许值: the unacceptable value, where the coefficient is base.
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub unacceptable: Decimal,
    /// The coefficient at 不允许值 (0.6 unless declared).
    #[serde(
        default = "base",
        deserialize_with = "crate::num::exact_serde::decimal"
    )]
    pub base: Decimal,
    /// What 满意值 adds (0.4 unless declared).
    #[serde(
        default = "span",
        deserialize_with = "crate::num::exact_serde::decimal"
    )]
    pub span: Decimal,
    /// Whether the share is held within 0 to 1 (true unless declared).
    #[serde(default = "yes")]
    pub clamp: bool,
}

/// The intermediate values of a fixed-standard efficacy rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EfficacyStandardDetail {
    /// The unit's value.
    pub value: Decimal,
    /// (x − 不允许值) / (满意值 − 不允许值): 0 at 不允许值, 1 at 满意值.
    pub share: Decimal,
    /// The share credited: held within 0 to 1 when the rule clamps.
    pub credited: Decimal,
    /// base + span × credited (never below zero).
    pub coefficient: Decimal,
}

impl EfficacyStandard {
    pub(crate) fn direction(&self) -> Direction {
        self.direction
    }

    pub(crate) fn validate(&self, id: &IndicatorId, _points: Decimal) -> Result<()> {
        if self.satisfactory == self.unacceptable {
            return Err(Error::invalid_definition(
                id,
                "satisfactory, unacceptable",
                format!(
                    "they are equal ({}): the two standards must differ",
                    self.satisfactory
                ),
            ));
        }
        if !self
            .direction
            .is_better(self.satisfactory, self.unacceptable)
        {
            let should = match self.direction {
                Direction::HigherIsBetter => "above",
                Direction::LowerIsBetter => "below",
            };
            return Err(Error::invalid_definition(
                id,
                "satisfactory, unacceptable",
                format!(
                    "satisfactory {} must be {should} unacceptable {} when direction is {}",
                    self.satisfactory, self.unacceptable, self.direction
                ),
            ));
        }
        validate_base_span(id, self.base, self.span)
    }

    /// Scores plain values: `inputs.value` is the unit's value (see the type's example).
    ///
    /// # Errors
    ///
    /// An invalid rule; no value; an overflow.
    pub fn score(&self, inputs: &RuleInputs) -> Result<Scored<EfficacyStandardDetail>> {
        inputs.run(|id, p| self.validate(id, p), |x| self.eval(x))
    }
}

impl Kind for EfficacyStandard {
    type Detail = EfficacyStandardDetail;

    fn eval(&self, x: &RuleContext<'_>) -> Result<Scored<EfficacyStandardDetail>, Fault> {
        let v = need_value(x)?;
        let share = div(
            sub(v, self.unacceptable, "distance from the unacceptable value")?,
            sub(
                self.satisfactory,
                self.unacceptable,
                "span between the standards",
            )?,
            "position between the standards",
        )?;
        let branch = if crate::num::cmp(share, Decimal::ONE).is_ge() {
            Branch::Satisfactory
        } else if crate::num::cmp(share, Decimal::ZERO).is_le() {
            Branch::Unacceptable
        } else {
            Branch::BetweenStandards
        };
        let credited = if self.clamp {
            share.clamp(Decimal::ZERO, Decimal::ONE)
        } else {
            share
        };
        let coefficient = add(
            self.base,
            mul(self.span, credited, "coefficient")?,
            "coefficient",
        )?
        .max(Decimal::ZERO);
        Ok(Scored {
            score: mul(x.points, coefficient, "score")?,
            value: Some(v),
            branch,
            detail: EfficacyStandardDetail {
                value: v,
                share,
                credited,
                coefficient,
            },
        })
    }
}

impl Report for EfficacyStandardDetail {
    fn report<T: Tracer>(&self, _branch: Branch, t: &mut T) {
        t.step("position between standards", self.share);
        t.step("share credited", self.credited);
        t.step("coefficient", self.coefficient);
    }
}

impl EfficacyStandard {
    pub(crate) fn explain(&self, s: &Said<'_>) -> Explanation {
        let (zh_end, en_end) = ending(s);
        let x = s.value.map(|v| s.shown(v)).unwrap_or_default();
        let good = s.line(self.satisfactory);
        let worst = s.line(self.unacceptable);
        let k = if s.points.is_zero() {
            String::new()
        } else {
            s.score
                .checked_div(s.points)
                .map(|k| format!("，功效系数 {}", coef(k)))
                .unwrap_or_default()
        };
        Explanation {
            zh: format!(
                "{} {x}（满意值 {good}，不允许值 {worst}）{k}，{zh_end}",
                s.zh
            ),
            en: format!(
                "{}: {x} against the satisfactory value {good} and the unacceptable value {worst}: {en_end}",
                s.en
            ),
        }
    }
}
