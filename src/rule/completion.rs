//! 完成率: completion rate against a target, with a cap.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::explain::{ending, measure_display, rate_line};
use super::{Branch, Ctx, Measure, Measured, Outcome, Said, need_value, one, positive};
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

/// Completion rate (完成率): points × min(rate, cap), where rate = actual / target
/// (higher is better) or target / actual (lower is better).
///
/// Each unit needs a target greater than zero. When lower is better and the actual
/// is zero or less, the unit did the best possible: points × cap.
///
/// # Examples
///
/// Target 800, actual 620: rate 0.775, so 4 points give 3.1.
///
/// ```
/// use scorecard::rule::Rule;
///
/// let rule: Rule = serde_json::from_str(
///     r#"{"kind": "completion", "measure": {"sum": "D001"}, "cap": "1.2"}"#,
/// ).unwrap();
/// assert!(rule.needs_target());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completion {
    /// The actual value.
    pub measure: Measure,
    /// The highest rate credited (1 unless declared).
    #[serde(default = "one")]
    pub cap: Decimal,
    /// Higher is better (actual / target) or lower is better (target / actual).
    #[serde(default)]
    pub direction: Direction,
}

impl Completion {
    pub(crate) fn direction(&self) -> Direction {
        self.direction
    }

    pub(crate) fn validate(&self, id: &IndicatorId, _points: Decimal) -> Result<()> {
        positive(id, "cap", self.cap)
    }

    pub(crate) fn score<T: Tracer>(
        &self,
        ctx: &Ctx<'_>,
        m: &Measured,
        t: &mut T,
    ) -> Result<Outcome> {
        let c = &ctx.calc;
        let actual = need_value(ctx, m)?;
        let target = match (m.target, c.indicator) {
            (Some(target), _) => target,
            (None, Some(i)) => return Err(Error::missing_target(c.unit, i)),
            (None, None) => return Err(Error::config(format!("no target for unit {}", c.unit))),
        };
        if target <= Decimal::ZERO {
            let i = c.indicator.cloned().unwrap_or_else(|| "?".into());
            return Err(Error::invalid_target(
                c.unit,
                &i,
                target,
                "a completion target must be greater than zero",
            ));
        }
        let rate = match self.direction {
            Direction::HigherIsBetter => c.div(actual, target, "completion rate")?,
            Direction::LowerIsBetter => {
                if actual <= Decimal::ZERO {
                    t.step("cap", self.cap);
                    return Ok(Outcome {
                        score: c.mul(ctx.points, self.cap, "score")?,
                        value: None,
                        branch: Branch::NoActual,
                    });
                }
                c.div(target, actual, "completion rate")?
            }
        };
        t.step("rate", rate);
        let (credited, branch) = if crate::num::cmp(rate, self.cap).is_ge() {
            (self.cap, Branch::Capped)
        } else {
            (rate, Branch::BelowCap)
        };
        t.step("rate credited", credited);
        Ok(Outcome {
            score: c.mul(ctx.points, credited, "score")?,
            value: Some(rate),
            branch,
        })
    }

    pub(crate) fn explain(&self, s: &Said<'_>) -> Explanation {
        let (zh_end, en_end) = ending(s);
        match (s.branch, s.value) {
            (Branch::NoActual, _) => Explanation {
                zh: format!(
                    "{} 实际值为 0，按上限 {} 计，{zh_end}",
                    s.zh,
                    rate_line(self.cap)
                ),
                en: format!(
                    "{}: actual is zero, credited at the cap {}: {en_end}",
                    s.en,
                    rate_line(self.cap)
                ),
            },
            (_, Some(rate)) => {
                let target = s
                    .measured
                    .target
                    .map(|t| measure_display(&self.measure).write(t))
                    .unwrap_or_default();
                let capped = if s.branch == Branch::Capped {
                    format!("（按上限 {} 计）", rate_line(self.cap))
                } else {
                    String::new()
                };
                let capped_en = if s.branch == Branch::Capped {
                    format!(" (credited at the cap {})", rate_line(self.cap))
                } else {
                    String::new()
                };
                Explanation {
                    zh: format!(
                        "{} 完成率 {}{capped}（目标 {target}），{zh_end}",
                        s.zh,
                        s.shown(rate)
                    ),
                    en: format!(
                        "{}: completion {} of target {target}{capped_en}: {en_end}",
                        s.en,
                        s.shown(rate)
                    ),
                }
            }
            (_, None) => Explanation {
                zh: format!("{}，{zh_end}", s.zh),
                en: format!("{}: {en_end}", s.en),
            },
        }
    }
}
