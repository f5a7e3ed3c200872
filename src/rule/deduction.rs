//! 扣分制: a deduction per occurrence, down to a floor.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::contract::{Fault, Kind, Report, RuleContext, RuleInputs, Scored, mul, need_value, sub};
use super::explain::{ending, plain};
use super::{Branch, Measure, Said, non_negative};
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

/// Deduction per occurrence (扣分制): max(points − occurrences × per_event, floor).
///
/// Counts are counts: a negative count is an error, and so is a fractional one unless
/// the rule declares `fractional = true` (occurrences weighted by severity, say). So
/// the score is never above the indicator's points.
///
/// # Examples
///
/// 5 points, 0.5 per event, 3 events: 5 − 1.5 = 3.5. With 12 events the score stops
/// at the floor (0 unless declared).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Deduction {
    /// The occurrences (a sum of counts, or a count of facts).
    pub measure: Measure,
    /// Points deducted per occurrence.
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub per_event: Decimal,
    /// The lowest score (0 unless declared).
    #[serde(default, deserialize_with = "crate::num::exact_serde::decimal")]
    pub floor: Decimal,
    /// Whether a count may have a fraction (false unless declared).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fractional: bool,
}

/// The intermediate values of a deduction rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DeductionDetail {
    /// The occurrences counted.
    pub count: Decimal,
    /// count × per_event: the points deducted before the floor.
    pub deducted: Decimal,
}

/// Checks that `n` is a count: not negative, and whole unless `fractional`.
pub(crate) fn check_count(n: Decimal, fractional: bool) -> Result<(), Fault> {
    if n.is_sign_negative() && !n.is_zero() {
        return Err(Fault::NegativeCount(n));
    }
    if !fractional && !n.fract().is_zero() {
        return Err(Fault::FractionalCount(n));
    }
    Ok(())
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

    /// Scores plain values: `inputs.value` is the number of occurrences.
    ///
    /// # Examples
    ///
    /// 5 points, 0.5 per event, 3 events: 5 − 3 × 0.5 = 3.5. A negative count is refused.
    ///
    /// ```
    /// use rust_decimal_macros::dec;
    /// use scorecard::rule::{Branch, Deduction, RuleInputs};
    ///
    /// let rule: Deduction = serde_json::from_str(r#"{"measure": {"count": "D130"}, "per_event": "0.5"}"#)?;
    /// let s = rule.score(&RuleInputs::new(dec!(5)).value(dec!(3)))?;
    /// assert_eq!((s.score, s.branch, s.detail.deducted), (dec!(3.5), Branch::Counted, dec!(1.5)));
    /// assert!(rule.score(&RuleInputs::new(dec!(5)).value(dec!(-1))).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An invalid rule; a negative count, or a fractional one unless declared; an
    /// overflow.
    pub fn score(&self, inputs: &RuleInputs) -> Result<Scored<DeductionDetail>> {
        inputs.run(|id, p| self.validate(id, p), |x| self.eval(x))
    }
}

impl Kind for Deduction {
    type Detail = DeductionDetail;

    fn eval(&self, x: &RuleContext<'_>) -> Result<Scored<DeductionDetail>, Fault> {
        let n = need_value(x)?;
        check_count(n, self.fractional)?;
        let deducted = mul(n, self.per_event, "deduction")?;
        let left = sub(x.points, deducted, "score")?;
        let (score, branch) = if deducted.is_zero() {
            (left, Branch::NoOccurrence)
        } else if crate::num::cmp(left, self.floor).is_le() {
            (self.floor, Branch::Limited)
        } else {
            (left, Branch::Counted)
        };
        Ok(Scored {
            score,
            value: Some(n),
            branch,
            detail: DeductionDetail { count: n, deducted },
        })
    }
}

impl Report for DeductionDetail {
    fn report<T: Tracer>(&self, _branch: Branch, t: &mut T) {
        t.step("deduction", self.deducted);
    }
}

impl Deduction {
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
