//! 完成率: completion rate against a target, with a cap.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::contract::{Fault, Kind, Report, RuleContext, RuleInputs, Scored, div, mul, need_value};
use super::explain::{ending, measure_display, rate, rate_line};
use super::{Branch, Measure, Said, non_negative, one, positive};
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

/// Completion rate (完成率): points × min(rate, cap), where rate = actual / target
/// (higher is better) or target / actual (lower is better).
///
/// Each unit needs a target greater than zero. When lower is better and the actual
/// is zero or less, the unit did the best possible: points × cap. With a declared
/// `floor` (封底), a rate below it scores zero ([`Branch::BelowFloor`]); a rate at the
/// floor scores as usual.
///
/// # Examples
///
/// Target 800, actual 620: rate 0.775, so 4 points give 3.1.
///
/// ```
/// use scorecard::rule::Rule;
///
/// let rule: Rule = serde_json::from_str(
///     r#"{"kind": "completion", "measure": {"sum": "D001"}, "cap": "1.2", "floor": "0.6"}"#,
/// ).unwrap();
/// assert!(rule.needs_target());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Completion {
    /// The actual value.
    pub measure: Measure,
    /// The highest rate credited (1 unless declared).
    #[serde(default = "one", deserialize_with = "crate::num::exact_serde::decimal")]
    pub cap: Decimal,
    /// The ratio floor (封底): a rate below it scores zero. None unless declared.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::num::exact_serde::option_decimal"
    )]
    pub floor: Option<Decimal>,
    /// Higher is better (actual / target) or lower is better (target / actual).
    #[serde(default)]
    pub direction: Direction,
}

/// The intermediate values of a completion rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CompletionDetail {
    /// The actual value.
    pub actual: Decimal,
    /// The target.
    pub target: Decimal,
    /// actual / target (or target / actual when lower is better); `None` when lower is
    /// better and the actual is zero or less.
    pub rate: Option<Decimal>,
    /// The rate credited: the rate, the cap, or 0 below the floor.
    pub credited: Decimal,
}

impl Completion {
    pub(crate) fn direction(&self) -> Direction {
        self.direction
    }

    pub(crate) fn validate(&self, id: &IndicatorId, _points: Decimal) -> Result<()> {
        positive(id, "cap", self.cap)?;
        if let Some(floor) = self.floor {
            non_negative(id, "floor", floor)?;
            if floor > self.cap {
                return Err(Error::invalid_definition(
                    id,
                    "floor",
                    format!("{floor} is above the cap {}", self.cap),
                ));
            }
        }
        Ok(())
    }

    /// Scores plain values: `inputs.value` is the actual, `inputs.target` the target.
    ///
    /// # Examples
    ///
    /// Actual 620 against a target of 800 on 4 points: rate 0.775, 4 × 0.775 = 3.1. With
    /// a floor of 0.8 the same rate scores 0.
    ///
    /// ```
    /// use rust_decimal_macros::dec;
    /// use scorecard::rule::{Branch, Completion, RuleInputs};
    ///
    /// let rule: Completion = serde_json::from_str(r#"{"measure": {"sum": "D001"}}"#)?;
    /// let s = rule.score(&RuleInputs::new(dec!(4)).value(dec!(620)).target(dec!(800)))?;
    /// assert_eq!((s.score, s.branch), (dec!(3.1), Branch::BelowCap));
    /// assert_eq!((s.detail.rate, s.detail.credited), (Some(dec!(0.775)), dec!(0.775)));
    ///
    /// let floored = Completion { floor: Some(dec!(0.8)), ..rule };
    /// let s = floored.score(&RuleInputs::new(dec!(4)).value(dec!(620)).target(dec!(800)))?;
    /// assert_eq!((s.score, s.branch), (dec!(0), Branch::BelowFloor));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An invalid rule; no value or no target; a target not above zero; an overflow.
    pub fn score(&self, inputs: &RuleInputs) -> Result<Scored<CompletionDetail>> {
        inputs.run(|id, p| self.validate(id, p), |x| self.eval(x))
    }
}

impl Kind for Completion {
    type Detail = CompletionDetail;

    fn eval(&self, x: &RuleContext<'_>) -> Result<Scored<CompletionDetail>, Fault> {
        let actual = need_value(x)?;
        let target = x.target.ok_or(Fault::NoTarget)?;
        if target <= Decimal::ZERO {
            return Err(Fault::BadTarget(
                target,
                "a completion target must be greater than zero",
            ));
        }
        let rate = match self.direction {
            Direction::HigherIsBetter => div(actual, target, "completion rate")?,
            Direction::LowerIsBetter => {
                if actual <= Decimal::ZERO {
                    return Ok(Scored {
                        score: mul(x.points, self.cap, "score")?,
                        value: None,
                        branch: Branch::NoActual,
                        detail: CompletionDetail {
                            actual,
                            target,
                            rate: None,
                            credited: self.cap,
                        },
                    });
                }
                div(target, actual, "completion rate")?
            }
        };
        let (credited, branch) = match self.floor {
            Some(floor) if crate::num::cmp(rate, floor).is_lt() => {
                (Decimal::ZERO, Branch::BelowFloor)
            }
            _ if crate::num::cmp(rate, self.cap).is_ge() => (self.cap, Branch::Capped),
            _ => (rate, Branch::BelowCap),
        };
        Ok(Scored {
            score: mul(x.points, credited, "score")?,
            value: Some(rate),
            branch,
            detail: CompletionDetail {
                actual,
                target,
                rate: Some(rate),
                credited,
            },
        })
    }
}

impl Report for CompletionDetail {
    fn report<T: Tracer>(&self, _branch: Branch, t: &mut T) {
        match self.rate {
            None => t.step("cap", self.credited),
            Some(rate) => {
                t.step("rate", rate);
                t.step("rate credited", self.credited);
            }
        }
    }
}

impl Completion {
    pub(crate) fn explain(&self, s: &Said<'_>) -> Explanation {
        let (zh_end, en_end) = ending(s);
        match (s.branch, s.value) {
            (Branch::BelowFloor, Some(r)) => Explanation {
                zh: format!(
                    "{} 完成率 {} 低于封底 {}，{zh_end}",
                    s.zh,
                    rate(r),
                    rate_line(self.floor.unwrap_or_default())
                ),
                en: format!(
                    "{}: completion {} below the floor {}: {en_end}",
                    s.en,
                    rate(r),
                    rate_line(self.floor.unwrap_or_default())
                ),
            },
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
