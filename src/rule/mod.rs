//! The rules: what a bureau writes for each indicator, and how each kind scores.
//!
//! A [`Rule`] is one of the built-in kinds, one file each. Every kind goes through the
//! same contract:
//!
//! - it measures through its [`Measure`] (a sum, a count, a ratio, a sum per factor),
//!   giving the [`Measured`] inputs and value of one (unit, indicator) pair;
//! - it validates its parameters, naming the indicator and the field;
//! - it scores plain values exactly (checked decimal arithmetic): each kind's public
//!   `score(&RuleInputs)` returns a [`Scored`] with the [`Branch`] it took and its typed
//!   intermediate values (rate, share kept, position in tier …), using the peer group's
//!   [`PeerStats`] when it compares a unit with its peers;
//! - the evaluator scores through the very same function and reports the typed values
//!   to a [`Tracer`] under the trace's step names;
//! - it explains the result in one line, in Chinese and in English.
//!
//! The evaluator (`scoring`) sits above: it decides which pairs to measure and score,
//! and gathers totals, ranks and traces.
//!
//! Where a rule compares with thresholds or standards (`ratio_threshold`, `interval`,
//! `efficacy_tiers`, `efficacy_standard`) its `direction` is declared and required, and
//! thresholds that contradict it are refused when the rule book loads.
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
mod contract;
mod deduction;
mod efficacy_minmax;
mod efficacy_standard;
mod efficacy_tiers;
pub(crate) mod explain;
pub mod formula;
mod interval;
mod measure;
mod pass_fail;
mod peer_relative;
mod ratio_threshold;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use self::contract::adapt;
use crate::calc::Calc;
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::{DatapointId, IndicatorId};
use crate::num::DisplayFormat;
use crate::trace::{Explanation, Tracer};

pub use self::bonus::{Bonus, BonusDetail};
pub use self::completion::{Completion, CompletionDetail};
pub use self::contract::{RuleInputs, Scored};
pub use self::deduction::{Deduction, DeductionDetail};
pub use self::efficacy_minmax::{EfficacyMinMax, EfficacyMinMaxDetail};
pub use self::efficacy_standard::{EfficacyStandard, EfficacyStandardDetail};
pub use self::efficacy_tiers::{EfficacyTiers, EfficacyTiersDetail};
pub use self::interval::{Band, Bound, HitPolicy, Interval, IntervalDetail};
pub use self::measure::{Measure, Measured};
pub use self::pass_fail::{Comparison, PassFail, PassFailDetail};
pub use self::peer_relative::{PeerRelative, PeerRelativeDetail};
pub use self::ratio_threshold::{OnZeroDenominator, RatioThreshold, RatioThresholdDetail};

/// A scoring rule. One variant per rule kind; each lives in its own file of this
/// module.
///
/// Serialised with a `kind` tag: `{"kind": "completion", "measure": {"sum": "D001"},
/// "cap": "1.0"}`. Read through [`kind_tagged!`](crate::rulebook::kind_tagged): the
/// `kind` first, then the rest of the table straight into the kind's struct, which
/// refuses unknown keys (with their place, when loaded through [`crate::rulebook`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
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
    /// 功效系数法 with fixed standards: 满意值 and 不允许值 from the scheme.
    EfficacyStandard(EfficacyStandard),
    /// 区间计分: a score per interval of the measured value.
    Interval(Interval),
    /// 达标制: full points or none.
    PassFail(PassFail),
}

// Every kind a rule book may name, in one list: a new kind is one more line here.
crate::rulebook::kind_tagged!(Rule {
    "completion" => Completion(Completion),
    "ratio_threshold" => RatioThreshold(RatioThreshold),
    "deduction" => Deduction(Deduction),
    "bonus" => Bonus(Bonus),
    "peer_relative" => PeerRelative(PeerRelative),
    "efficacy_min_max" => EfficacyMinMax(EfficacyMinMax),
    "efficacy_tiers" => EfficacyTiers(EfficacyTiers),
    "efficacy_standard" => EfficacyStandard(EfficacyStandard),
    "interval" => Interval(Interval),
    "pass_fail" => PassFail(PassFail),
});

/// The kind of a rule, for traces and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
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
    EfficacyStandard,
    Interval,
    PassFail,
}

/// The branch of a rule that produced a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
#[serde(rename_all = "snake_case")]
pub enum Branch {
    /// Completion below the cap: points × rate.
    BelowCap,
    /// Completion at or above the cap: points × cap.
    Capped,
    /// Completion below the declared ratio floor (封底): zero.
    BelowFloor,
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
    /// No band of an interval table covers the value: the declared default score.
    NoBand,
    /// At or better than 满意值 (the satisfactory value).
    Satisfactory,
    /// Between 不允许值 and 满意值.
    BetweenStandards,
    /// At or worse than 不允许值 (the unacceptable value).
    Unacceptable,
    /// The condition holds: full points.
    Pass,
    /// The condition fails: zero.
    Fail,
}

/// The typed intermediate values of any kind, as [`Rule::score`] returns them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum RuleDetail {
    Completion(CompletionDetail),
    RatioThreshold(RatioThresholdDetail),
    Deduction(DeductionDetail),
    Bonus(BonusDetail),
    PeerRelative(PeerRelativeDetail),
    EfficacyMinMax(EfficacyMinMaxDetail),
    EfficacyTiers(EfficacyTiersDetail),
    EfficacyStandard(EfficacyStandardDetail),
    Interval(IntervalDetail),
    PassFail(PassFailDetail),
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
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
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
    /// The statistics of `values`, in order (as the evaluator gathers them): for a
    /// plain call of a peer rule.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal_macros::dec;
    /// use scorecard::rule::PeerStats;
    ///
    /// let s = PeerStats::of(&[dec!(30), dec!(40), dec!(50)])?;
    /// assert_eq!((s.count, s.mean, s.min, s.max), (3, Some(dec!(40)), Some(dec!(30)), Some(dec!(50))));
    /// # Ok::<(), scorecard::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// More values than `u32` counts, or a sum beyond `Decimal`'s range.
    pub fn of(values: &[Decimal]) -> Result<PeerStats> {
        let count = u32::try_from(values.len())
            .map_err(|_| Error::capacity("peer values", u64::from(u32::MAX)))?;
        let over = || Error::overflow_of(None, None, "the peer sum");
        let mut s = PeerStats {
            count,
            ..PeerStats::default()
        };
        for &v in values {
            s.sum = s.sum.checked_add(v).ok_or_else(over)?;
            s.min = Some(
                s.min
                    .map_or(v, |m| if crate::num::cmp(v, m).is_lt() { v } else { m }),
            );
            s.max = Some(
                s.max
                    .map_or(v, |m| if crate::num::cmp(v, m).is_ge() { v } else { m }),
            );
        }
        if count > 0 {
            s.mean = Some(s.sum.checked_div(Decimal::from(count)).ok_or_else(over)?);
        }
        Ok(s)
    }

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
            Rule::EfficacyStandard($r) => $e,
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
            Rule::EfficacyStandard(_) => RuleKind::EfficacyStandard,
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

    /// Whether a higher measured value is better: declared by the rule where it is
    /// required (`ratio_threshold`, `interval`, `efficacy_tiers`, `efficacy_standard`)
    /// or may be (`completion`, `efficacy_min_max`: higher unless declared;
    /// `pass_fail`: read from its operator unless declared), fixed by the kind otherwise
    /// (lower for a deduction, higher for a bonus and a peer-relative rule).
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

    /// Scores plain values with whatever kind the rule is: the kind's own `score`
    /// (such as [`Completion::score`]), its detail wrapped in a [`RuleDetail`].
    ///
    /// # Examples
    ///
    /// An error rate of 0.042 between the lines 0.03 and 0.05 on 4 points keeps
    /// (0.05 − 0.042) / 0.02 = 0.4 of them: 1.6.
    ///
    /// ```
    /// use rust_decimal_macros::dec;
    /// use scorecard::rule::{Branch, Rule, RuleDetail, RuleInputs};
    ///
    /// let rule: Rule = serde_json::from_str(r#"{"kind": "ratio_threshold", "measure": {"sum": "E"},
    ///     "direction": "lower_is_better", "good": "0.03", "bad": "0.05"}"#)?;
    /// let s = rule.score(&RuleInputs::new(dec!(4)).value(dec!(0.042)))?;
    /// assert_eq!((s.score, s.branch), (dec!(1.6), Branch::Between));
    /// assert!(matches!(s.detail, RuleDetail::RatioThreshold(d) if d.kept == dec!(0.4)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As the kind's `score`: an invalid rule or points below zero (naming the
    /// indicator of the inputs, or `?`), a missing value or target, a count that is not
    /// a count, an overflow (naming the unit and indicator when the inputs give them).
    pub fn score(&self, inputs: &RuleInputs) -> Result<Scored<RuleDetail>> {
        match self {
            Rule::Completion(r) => r.score(inputs).map(|s| s.map(RuleDetail::Completion)),
            Rule::RatioThreshold(r) => r.score(inputs).map(|s| s.map(RuleDetail::RatioThreshold)),
            Rule::Deduction(r) => r.score(inputs).map(|s| s.map(RuleDetail::Deduction)),
            Rule::Bonus(r) => r.score(inputs).map(|s| s.map(RuleDetail::Bonus)),
            Rule::PeerRelative(r) => r.score(inputs).map(|s| s.map(RuleDetail::PeerRelative)),
            Rule::EfficacyMinMax(r) => r.score(inputs).map(|s| s.map(RuleDetail::EfficacyMinMax)),
            Rule::EfficacyTiers(r) => r.score(inputs).map(|s| s.map(RuleDetail::EfficacyTiers)),
            Rule::EfficacyStandard(r) => {
                r.score(inputs).map(|s| s.map(RuleDetail::EfficacyStandard))
            }
            Rule::Interval(r) => r.score(inputs).map(|s| s.map(RuleDetail::Interval)),
            Rule::PassFail(r) => r.score(inputs).map(|s| s.map(RuleDetail::PassFail)),
        }
    }

    /// The evaluator's path: the same scoring as [`Rule::score`] (through
    /// `Kind::eval`), errors named with the pair's unit and indicator, the typed
    /// intermediate values reported to `t`.
    pub(crate) fn apply<T: Tracer>(
        &self,
        ctx: &Ctx<'_>,
        m: &Measured,
        t: &mut T,
    ) -> Result<Outcome> {
        each_rule!(self, r => adapt(r, ctx, m, t))
    }

    pub(crate) fn explain(&self, s: &Said<'_>) -> Explanation {
        each_rule!(self, r => r.explain(s))
    }
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
