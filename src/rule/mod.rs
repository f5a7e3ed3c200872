//! The rules: what a bureau writes for each indicator, and how each kind scores.
//!
//! A [`Rule`] is one of the built-in kinds, one file each. Every kind goes through the
//! same contract:
//!
//! - it measures through its [`Measure`] (a sum, a count, a ratio, a sum per factor),
//!   giving the [`Measured`] inputs and value of one (unit, indicator) pair;
//! - it validates its parameters, naming the indicator and the field;
//! - it scores exactly (checked decimal arithmetic), reporting intermediate values to a
//!   [`Tracer`] and the [`Branch`] it took, with the peer group's [`PeerStats`] when it
//!   compares a unit with its peers;
//! - it explains the result in one line, in Chinese and in English.
//!
//! The evaluator (`scoring`) sits above: it decides which pairs to measure and score,
//! and gathers totals, ranks and traces.
//!
//! # Examples
//!
//! ```
//! use scorecard::rule::{Completion, Measure, Rule, RuleKind};
//!
//! let rule: Rule = serde_json::from_str(
//!     r#"{"kind": "completion", "measure": {"sum": "D001"}, "cap": "1.2"}"#,
//! )?;
//! assert_eq!(rule.kind(), RuleKind::Completion);
//! assert!(matches!(&rule, Rule::Completion(Completion { measure: Measure::Sum(_), .. })));
//! # Ok::<(), serde_json::Error>(())
//! ```

mod bonus;
mod completion;
mod deduction;
mod efficacy_minmax;
mod efficacy_tiers;
pub(crate) mod explain;
mod interval;
mod measure;
mod pass_fail;
mod peer_relative;
mod ratio_threshold;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::calc::Calc;
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::{DatapointId, IndicatorId};
use crate::num::DisplayFormat;
use crate::trace::{Explanation, Tracer};

pub use self::bonus::Bonus;
pub use self::completion::Completion;
pub use self::deduction::Deduction;
pub use self::efficacy_minmax::EfficacyMinMax;
pub use self::efficacy_tiers::EfficacyTiers;
pub use self::interval::{Band, Bound, Interval};
pub use self::measure::{Measure, Measured};
pub use self::pass_fail::{Comparison, PassFail};
pub use self::peer_relative::PeerRelative;
pub use self::ratio_threshold::{OnZeroDenominator, RatioThreshold};

/// A scoring rule. One variant per rule kind; each lives in its own file of this
/// module.
///
/// Serialised with a `kind` tag: `{"kind": "completion", "measure": {"sum": "D001"},
/// "cap": "1.0"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// 完成率: points × min(actual / target, cap).
    Completion(Completion),
    /// Two thresholds on a ratio, such as the error rate (full at ≤ 3 %, zero at ≥ 5 %).
    RatioThreshold(RatioThreshold),
    /// 扣分制: a deduction per occurrence, down to a floor.
    Deduction(Deduction),
    /// 加分项: a bonus per occurrence, up to a ceiling (the indicator's points).
    Bonus(Bonus),
    /// A per-capita value against the peer group's mean (人均, R16).
    PeerRelative(PeerRelative),
    /// 功效系数法, min–max form within the peer group.
    EfficacyMinMax(EfficacyMinMax),
    /// 功效系数法, five-tier standard-value form.
    EfficacyTiers(EfficacyTiers),
    /// 区间计分: a score per interval of the measured value.
    Interval(Interval),
    /// 达标制: full points or none.
    PassFail(PassFail),
}

/// The kind of a rule, for traces and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum RuleKind {
    Completion,
    RatioThreshold,
    Deduction,
    Bonus,
    PeerRelative,
    EfficacyMinMax,
    EfficacyTiers,
    Interval,
    PassFail,
}

/// The branch of a rule that produced a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Branch {
    /// Completion below the cap: points × rate.
    BelowCap,
    /// Completion at or above the cap: points × cap.
    Capped,
    /// Lower-is-better completion with an actual of zero or less: the best possible, capped.
    NoActual,
    /// A ratio with a zero denominator: the rule's declared score.
    ZeroDenominator,
    /// At or better than the good threshold: full points.
    Good,
    /// Between the thresholds: linear.
    Between,
    /// At or worse than the bad threshold: zero.
    Bad,
    /// Nothing to deduct (or a bonus with nothing earned).
    NoOccurrence,
    /// Deducted (or earned), not reaching the floor (ceiling).
    Counted,
    /// The deduction reached the floor, or the bonus the ceiling.
    Limited,
    /// The peer mean is zero: full points.
    NoPeerMean,
    /// Below the peer mean: points × ratio.
    BelowPeerMean,
    /// At or above the peer mean (capped).
    AtOrAbovePeerMean,
    /// Every unit of the group has the same value: full points.
    FlatGroup,
    /// Efficacy within the group's range.
    WithinRange,
    /// At or better than the top standard (优秀): full points.
    TopTier,
    /// Within tier k (1 = 良好 … 4 = 较差) of the five-tier form.
    Tier(u8),
    /// Worse than the lowest standard (较差): zero.
    BelowTiers,
    /// The value fell in band k (0-based) of an interval table.
    Band(u16),
    /// The condition holds: full points.
    Pass,
    /// The condition fails: zero.
    Fail,
}

/// What a rule returns for one pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Outcome {
    /// The score before any declared rounding.
    pub(crate) score: Decimal,
    /// The measured value written beside the score (rate, ratio …).
    pub(crate) value: Option<Decimal>,
    /// The branch taken.
    pub(crate) branch: Branch,
}

/// Statistics of a peer group for one indicator: over the measured values of the
/// group's units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PeerStats {
    /// Units with a value.
    pub count: u32,
    /// Sum of the values.
    pub sum: Decimal,
    /// Mean of the values (None when count = 0).
    pub mean: Option<Decimal>,
    /// Smallest value.
    pub min: Option<Decimal>,
    /// Largest value.
    pub max: Option<Decimal>,
}

impl PeerStats {
    /// The same statistics to the bit (values, places and signs), not only the same
    /// values.
    pub(crate) fn identical(&self, other: &PeerStats) -> bool {
        let same = |a: Option<Decimal>, b: Option<Decimal>| match (a, b) {
            (Some(a), Some(b)) => crate::num::identical(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        self.count == other.count
            && crate::num::identical(self.sum, other.sum)
            && same(self.mean, other.mean)
            && same(self.min, other.min)
            && same(self.max, other.max)
    }
}

/// What a rule sees when scoring one pair.
pub(crate) struct Ctx<'a> {
    pub(crate) calc: Calc<'a>,
    pub(crate) points: Decimal,
    pub(crate) peers: Option<&'a PeerStats>,
}

/// What a rule's explanation is written from.
pub(crate) struct Said<'a> {
    pub(crate) zh: &'a str,
    pub(crate) en: &'a str,
    pub(crate) points: Decimal,
    pub(crate) score: Decimal,
    pub(crate) lost: Decimal,
    pub(crate) value: Option<Decimal>,
    pub(crate) branch: Branch,
    pub(crate) measured: &'a Measured,
    pub(crate) peers: Option<&'a PeerStats>,
    /// How the indicator writes its measured value.
    pub(crate) display: DisplayFormat,
}

macro_rules! each_rule {
    ($self:ident, $r:ident => $e:expr) => {
        match $self {
            Rule::Completion($r) => $e,
            Rule::RatioThreshold($r) => $e,
            Rule::Deduction($r) => $e,
            Rule::Bonus($r) => $e,
            Rule::PeerRelative($r) => $e,
            Rule::EfficacyMinMax($r) => $e,
            Rule::EfficacyTiers($r) => $e,
            Rule::Interval($r) => $e,
            Rule::PassFail($r) => $e,
        }
    };
}

impl Rule {
    /// The rule's kind.
    pub fn kind(&self) -> RuleKind {
        match self {
            Rule::Completion(_) => RuleKind::Completion,
            Rule::RatioThreshold(_) => RuleKind::RatioThreshold,
            Rule::Deduction(_) => RuleKind::Deduction,
            Rule::Bonus(_) => RuleKind::Bonus,
            Rule::PeerRelative(_) => RuleKind::PeerRelative,
            Rule::EfficacyMinMax(_) => RuleKind::EfficacyMinMax,
            Rule::EfficacyTiers(_) => RuleKind::EfficacyTiers,
            Rule::Interval(_) => RuleKind::Interval,
            Rule::PassFail(_) => RuleKind::PassFail,
        }
    }

    /// What the rule measures.
    pub fn measure(&self) -> &Measure {
        each_rule!(self, r => &r.measure)
    }

    /// The data points the rule reads.
    pub fn measure_datapoints(&self) -> impl Iterator<Item = &DatapointId> {
        self.measure().datapoints()
    }

    /// Whether a higher measured value is better.
    pub fn direction(&self) -> Direction {
        each_rule!(self, r => r.direction())
    }

    /// Whether this is a bonus rule (its points are a ceiling, not full points).
    pub fn is_bonus(&self) -> bool {
        matches!(self, Rule::Bonus(_))
    }

    /// Whether each unit needs a target for this rule.
    pub fn needs_target(&self) -> bool {
        matches!(self, Rule::Completion(_))
    }

    /// Whether the rule scores a unit against its peer group's statistics.
    pub fn is_peer_relative(&self) -> bool {
        matches!(self, Rule::PeerRelative(_) | Rule::EfficacyMinMax(_))
    }

    /// Checks the rule's parameters; errors name `id` and the field.
    pub(crate) fn validate(&self, id: &IndicatorId, points: Decimal) -> Result<()> {
        each_rule!(self, r => r.validate(id, points))
    }

    pub(crate) fn score<T: Tracer>(
        &self,
        ctx: &Ctx<'_>,
        m: &Measured,
        t: &mut T,
    ) -> Result<Outcome> {
        each_rule!(self, r => r.score(ctx, m, t))
    }

    pub(crate) fn explain(&self, s: &Said<'_>) -> Explanation {
        each_rule!(self, r => r.explain(s))
    }
}

/// The measured value, which every rule but the threshold rule needs: a ratio with a
/// zero denominator has none.
pub(crate) fn need_value(ctx: &Ctx<'_>, m: &Measured) -> Result<Decimal> {
    m.value
        .ok_or_else(|| Error::division_by_zero(ctx.calc.unit, ctx.calc.indicator, "ratio"))
}

/// `value` must not be negative.
pub(crate) fn non_negative(id: &IndicatorId, field: &str, value: Decimal) -> Result<()> {
    if value.is_sign_negative() && !value.is_zero() {
        Err(Error::invalid_definition(
            id,
            field,
            format!("{value} is below zero"),
        ))
    } else {
        Ok(())
    }
}

/// `value` must be greater than zero.
pub(crate) fn positive(id: &IndicatorId, field: &str, value: Decimal) -> Result<()> {
    if value > Decimal::ZERO {
        Ok(())
    } else {
        Err(Error::invalid_definition(
            id,
            field,
            format!("{value} is not greater than zero"),
        ))
    }
}

pub(crate) fn one() -> Decimal {
    Decimal::ONE
}
