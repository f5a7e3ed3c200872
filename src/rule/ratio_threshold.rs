//! Two thresholds on a ratio: the article's error rate, full points at ≤ 3 %, zero at
//! ≥ 5 %, linear between.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::contract::{Fault, Kind, Report, RuleContext, RuleInputs, Scored, div, mul, sub};
use super::explain::{ending, two};
use super::{Branch, Measure, Said};
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

/// What a ratio with a zero denominator scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum OnZeroDenominator {
    /// Nothing happened, nothing went wrong: full points (the province job's rule).
    #[default]
    FullPoints,
    /// No basis to credit anything: zero.
    Zero,
}

/// Two thresholds: full points at or better than `good`, zero at or worse than `bad`,
/// linear between: points × (bad − r) / (bad − good).
///
/// The `direction` is declared, never inferred: `lower_is_better` needs `good` below
/// `bad` (an error rate: good 0.03, bad 0.05), `higher_is_better` needs `good` above
/// `bad` (a timeliness rate: good 0.98, bad 0.90). A rule book that leaves it out, or
/// whose lines contradict it, is refused at load. The same formula serves both.
///
/// # Examples
///
/// Error rate 0.042 with good 0.03, bad 0.05 and 4 points:
/// 4 × (0.05 − 0.042) / 0.02 = 1.6, so 2.4 points are lost.
///
/// ```
/// use scorecard::rule::Rule;
///
/// let rule: Rule = serde_json::from_str(r#"{"kind": "ratio_threshold",
///     "measure": {"ratio": {"numerator": "D051", "denominator": "D052"}},
///     "direction": "lower_is_better", "good": "0.03", "bad": "0.05"}"#)?;
/// assert_eq!(rule.direction(), scorecard::Direction::LowerIsBetter);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RatioThreshold {
    /// The ratio (or any value) measured.
    pub measure: Measure,
    /// Which way is better; required, and `good` and `bad` must agree with it.
    pub direction: Direction,
    /// The line at or better than which full points are given.
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub good: Decimal,
    /// The line at or worse than which nothing is given.
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub bad: Decimal,
    /// What a zero denominator scores.
    #[serde(default)]
    pub on_zero_denominator: OnZeroDenominator,
}

/// The intermediate values of a threshold rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RatioThresholdDetail {
    /// The ratio; `None` when its denominator is zero.
    pub ratio: Option<Decimal>,
    /// The share of the points kept: 1 at or better than `good`, 0 at or worse than
    /// `bad`, (bad − r) / (bad − good) between, and 1 or 0 as declared for a zero
    /// denominator.
    pub kept: Decimal,
}

impl RatioThreshold {
    pub(crate) fn direction(&self) -> Direction {
        self.direction
    }

    pub(crate) fn validate(&self, id: &IndicatorId, _points: Decimal) -> Result<()> {
        if self.good == self.bad {
            return Err(Error::invalid_definition(
                id,
                "bad",
                format!("it equals good ({}): the two lines must differ", self.good),
            ));
        }
        if !self.direction.is_better(self.good, self.bad) {
            let (should, why) = match self.direction {
                Direction::LowerIsBetter => ("below", "lower is better"),
                Direction::HigherIsBetter => ("above", "higher is better"),
            };
            return Err(Error::invalid_definition(
                id,
                "good, bad",
                format!(
                    "good {} must be {should} bad {} when direction is {} ({why})",
                    self.good, self.bad, self.direction
                ),
            ));
        }
        Ok(())
    }

    /// Scores plain values: `inputs.value` is the ratio, unset for a zero denominator.
    ///
    /// # Examples
    ///
    /// Error rate 0.042, good 0.03, bad 0.05, 4 points: 4 × (0.05 − 0.042) / 0.02 = 1.6.
    ///
    /// ```
    /// use rust_decimal_macros::dec;
    /// use scorecard::rule::{Branch, RatioThreshold, RuleInputs};
    ///
    /// let rule: RatioThreshold = serde_json::from_str(r#"{"measure": {"sum": "E"},
    ///     "direction": "lower_is_better", "good": "0.03", "bad": "0.05"}"#)?;
    /// let s = rule.score(&RuleInputs::new(dec!(4)).value(dec!(0.042)))?;
    /// assert_eq!((s.score, s.branch), (dec!(1.6), Branch::Between));
    /// assert_eq!(s.detail.kept, dec!(0.4));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An invalid rule; an overflow.
    pub fn score(&self, inputs: &RuleInputs) -> Result<Scored<RatioThresholdDetail>> {
        inputs.run(|id, p| self.validate(id, p), |x| self.eval(x))
    }
}

impl Kind for RatioThreshold {
    type Detail = RatioThresholdDetail;

    fn eval(&self, x: &RuleContext<'_>) -> Result<Scored<RatioThresholdDetail>, Fault> {
        let done = |score, ratio, branch, kept| Scored {
            score,
            value: ratio,
            branch,
            detail: RatioThresholdDetail { ratio, kept },
        };
        let Some(r) = x.value else {
            return Ok(match self.on_zero_denominator {
                OnZeroDenominator::FullPoints => {
                    done(x.points, None, Branch::ZeroDenominator, Decimal::ONE)
                }
                OnZeroDenominator::Zero => {
                    done(Decimal::ZERO, None, Branch::ZeroDenominator, Decimal::ZERO)
                }
            });
        };
        let dir = self.direction;
        if dir.decimal_at_least(r, self.good) {
            return Ok(done(x.points, Some(r), Branch::Good, Decimal::ONE));
        }
        if dir.decimal_at_least(self.bad, r) {
            return Ok(done(Decimal::ZERO, Some(r), Branch::Bad, Decimal::ZERO));
        }
        let room = sub(self.bad, r, "distance to the bad line")?;
        let span = sub(self.bad, self.good, "span between the lines")?;
        let kept = div(room, span, "share of points kept")?;
        Ok(done(
            mul(x.points, kept, "score")?,
            Some(r),
            Branch::Between,
            kept,
        ))
    }
}

impl Report for RatioThresholdDetail {
    fn report<T: Tracer>(&self, branch: Branch, t: &mut T) {
        if let Some(r) = self.ratio {
            t.step("ratio", r);
        }
        if branch == Branch::Between {
            t.step("share kept", self.kept);
        }
    }
}

impl RatioThreshold {
    pub(crate) fn explain(&self, s: &Said<'_>) -> Explanation {
        let (zh_end, en_end) = ending(s);
        let lower = self.direction() == Direction::LowerIsBetter;
        let good = s.line(self.good);
        let bad = s.line(self.bad);
        let Some(v) = s.value else {
            return Explanation {
                zh: format!("{} 分母为 0，按规定得 {} 分", s.zh, two(s.score)),
                en: format!(
                    "{}: the denominator is zero, {} points as declared",
                    s.en,
                    two(s.score)
                ),
            };
        };
        let v = s.shown(v);
        let (zh_cmp, en_cmp, line, line_en) = match (s.branch, lower) {
            (Branch::Good, true) => ("不高于", "at or below the", &good, "line"),
            (Branch::Good, false) => ("不低于", "at or above the", &good, "line"),
            (Branch::Between, true) => ("高于", "above the", &good, "line"),
            (Branch::Between, false) => ("低于", "below the", &good, "line"),
            (_, true) => ("达到上限", "at or above the", &bad, "limit"),
            (_, false) => ("达到下限", "at or below the", &bad, "limit"),
        };
        Explanation {
            zh: format!("{} {v} {zh_cmp} {line}，{zh_end}", s.zh),
            en: format!("{} {v} {en_cmp} {line} {line_en}: {en_end}", s.en),
        }
    }
}
