//! Two thresholds on a ratio: the article's error rate, full points at ≤ 3 %, zero at
//! ≥ 5 %, linear between.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::explain::{ending, two};
use super::{Branch, Ctx, Measure, Measured, Outcome, Said};
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

/// What a ratio with a zero denominator scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
/// Lower is better when `good < bad` (an error rate: good 0.03, bad 0.05); higher is
/// better when `good > bad` (a timeliness rate: good 0.98, bad 0.90). The same formula
/// serves both.
///
/// # Examples
///
/// Error rate 0.042 with good 0.03, bad 0.05 and 4 points:
/// 4 × (0.05 − 0.042) / 0.02 = 1.6, so 2.4 points are lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatioThreshold {
    /// The ratio (or any value) measured.
    pub measure: Measure,
    /// The line at or better than which full points are given.
    pub good: Decimal,
    /// The line at or worse than which nothing is given.
    pub bad: Decimal,
    /// What a zero denominator scores.
    #[serde(default)]
    pub on_zero_denominator: OnZeroDenominator,
}

impl RatioThreshold {
    pub(crate) fn direction(&self) -> Direction {
        if self.good > self.bad {
            Direction::HigherIsBetter
        } else {
            Direction::LowerIsBetter
        }
    }

    pub(crate) fn validate(&self, id: &IndicatorId, _points: Decimal) -> Result<()> {
        if self.good == self.bad {
            return Err(Error::invalid_definition(
                id,
                "bad",
                format!("it equals good ({}): the two lines must differ", self.good),
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
        let Some(r) = m.value else {
            let score = match self.on_zero_denominator {
                OnZeroDenominator::FullPoints => ctx.points,
                OnZeroDenominator::Zero => Decimal::ZERO,
            };
            return Ok(Outcome {
                score,
                value: None,
                branch: Branch::ZeroDenominator,
            });
        };
        t.step("ratio", r);
        let dir = self.direction();
        if dir.decimal_at_least(r, self.good) {
            return Ok(Outcome {
                score: ctx.points,
                value: Some(r),
                branch: Branch::Good,
            });
        }
        if dir.decimal_at_least(self.bad, r) {
            return Ok(Outcome {
                score: Decimal::ZERO,
                value: Some(r),
                branch: Branch::Bad,
            });
        }
        let room = c.sub(self.bad, r, "distance to the bad line")?;
        let span = c.sub(self.bad, self.good, "span between the lines")?;
        let kept = c.div(room, span, "share of points kept")?;
        t.step("share kept", kept);
        Ok(Outcome {
            score: c.mul(ctx.points, kept, "score")?,
            value: Some(r),
            branch: Branch::Between,
        })
    }

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
