//! 加分项: a bonus per occurrence, up to a ceiling.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::contract::{Fault, Kind, Report, RuleContext, RuleInputs, Scored, mul, need_value};
use super::deduction::check_count;
use super::explain::{plain, two};
use super::{Branch, Measure, Said, non_negative};
use crate::direction::Direction;
use crate::error::Result;
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

/// Bonus items (加分项): min(occurrences × per_event, points), never below zero. The
/// indicator's points are the ceiling and do not count toward full points.
///
/// Counts are counts: a negative count is an error, and so is a fractional one unless
/// the rule declares `fractional = true`.
///
/// # Examples
///
/// Ceiling 2, 0.5 per commendation, 3 commendations: +1.5; 6 commendations: +2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Bonus {
    /// The occurrences.
    pub measure: Measure,
    /// Points added per occurrence.
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub per_event: Decimal,
    /// Whether a count may have a fraction (false unless declared).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fractional: bool,
}

/// The intermediate values of a bonus rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BonusDetail {
    /// The occurrences counted.
    pub count: Decimal,
    /// count × per_event: the points earned before the ceiling.
    pub earned: Decimal,
}

impl Bonus {
    pub(crate) fn direction(&self) -> Direction {
        Direction::HigherIsBetter
    }

    pub(crate) fn validate(&self, id: &IndicatorId, _points: Decimal) -> Result<()> {
        non_negative(id, "per_event", self.per_event)
    }

    /// Scores plain values: `inputs.value` is the number of occurrences and
    /// `inputs.points` the ceiling.
    ///
    /// # Examples
    ///
    /// Ceiling 2, 0.5 per commendation: 3 give 3 × 0.5 = 1.5; 6 give 3, held at 2.
    ///
    /// ```
    /// use rust_decimal_macros::dec;
    /// use scorecard::rule::{Bonus, Branch, RuleInputs};
    ///
    /// let rule: Bonus = serde_json::from_str(r#"{"measure": {"count": "D140"}, "per_event": "0.5"}"#)?;
    /// let s = rule.score(&RuleInputs::new(dec!(2)).value(dec!(3)))?;
    /// assert_eq!((s.score, s.branch), (dec!(1.5), Branch::Counted));
    /// let s = rule.score(&RuleInputs::new(dec!(2)).value(dec!(6)))?;
    /// assert_eq!((s.score, s.branch, s.detail.earned), (dec!(2), Branch::Limited, dec!(3)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An invalid rule; a negative count, or a fractional one unless declared; an
    /// overflow.
    pub fn score(&self, inputs: &RuleInputs) -> Result<Scored<BonusDetail>> {
        inputs.run(|id, p| self.validate(id, p), |x| self.eval(x))
    }
}

impl Kind for Bonus {
    type Detail = BonusDetail;

    fn eval(&self, x: &RuleContext<'_>) -> Result<Scored<BonusDetail>, Fault> {
        let n = need_value(x)?;
        check_count(n, self.fractional)?;
        let earned = mul(n, self.per_event, "bonus")?;
        let (score, branch) = if earned <= Decimal::ZERO {
            (Decimal::ZERO, Branch::NoOccurrence)
        } else if crate::num::cmp(earned, x.points).is_ge() {
            (x.points, Branch::Limited)
        } else {
            (earned, Branch::Counted)
        };
        Ok(Scored {
            score,
            value: Some(n),
            branch,
            detail: BonusDetail { count: n, earned },
        })
    }
}

impl Report for BonusDetail {
    fn report<T: Tracer>(&self, _branch: Branch, t: &mut T) {
        t.step("earned", self.earned);
    }
}

impl Bonus {
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
