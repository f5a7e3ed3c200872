//! The rules: what a bureau writes for each indicator, and how each kind scores.
//!
//! A [`Rule`] is one of the built-in kinds (one file each), a [`FormulaRule`] (公式计分,
//! in the [`formula`] language), a [`TableRule`] (决策表) or a host rule written in Rust
//! ([`HostRule`], 自定义规则, named through a [`HostRef`] and resolved by a
//! [`RuleRegistry`]). Every kind goes through the same contract:
//!
//! - it measures through its [`Measure`] (a sum, a count, a ratio, a sum per factor) or
//!   its named inputs ([`InputMeasures`], [`RuleInput`]), giving the [`Measured`] inputs
//!   and value of one (unit, indicator) pair;
//! - it validates its parameters (a formula is parsed and checked), naming the indicator
//!   and the field;
//! - it scores one pair from a [`RuleContext`] — the points, the measured value or named
//!   inputs, the target(s), the unit's factors, the peer group's [`PeerStats`], the
//!   previous period — exactly (checked decimal arithmetic), returning a [`Scored`] with
//!   the [`Branch`] it took and its typed intermediate values; each kind's public
//!   `score(&RuleInputs)` does the same on plain values;
//! - the evaluator scores through the very same function and reports the named values
//!   to a [`Tracer`] under the trace's step names;
//! - it explains the result in one line, in Chinese and in English (a formula or table
//!   with its declared templates, [`Explain`]).
//!
//! The evaluator (`scoring`) sits above: it decides which pairs to measure and score,
//! computes the peer statistics, and gathers totals, ranks and traces.
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
mod formula_rule;
mod host;
mod inputs;
mod interval;
mod measure;
mod pass_fail;
mod peer_relative;
pub(crate) mod prepared;
mod ratio_threshold;
mod scripted;
mod table_rule;
mod template;
mod veto;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use self::prepared::builtin;
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::{DatapointId, IndicatorId};
use crate::num::DisplayFormat;
use crate::trace::{Explanation, Step, Tracer};

pub use self::bonus::{Bonus, BonusDetail};
pub use self::completion::{Completion, CompletionDetail};
pub use self::contract::{RuleContext, RuleInputs, Scored};
pub use self::deduction::{Deduction, DeductionDetail};
pub use self::efficacy_minmax::{EfficacyMinMax, EfficacyMinMaxDetail};
pub use self::efficacy_standard::{EfficacyStandard, EfficacyStandardDetail};
pub use self::efficacy_tiers::{EfficacyTiers, EfficacyTiersDetail};
pub use self::formula_rule::{FormulaDetail, FormulaRule};
pub use self::host::{HostRef, HostRule, RuleRegistry};
pub use self::inputs::{InputMeasures, InputValue, Inputs, MAX_INPUTS, RuleInput};
pub use self::interval::{Band, Bound, HitPolicy, Interval, IntervalDetail};
pub use self::measure::{Measure, Measured};
pub use self::pass_fail::{Comparison, PassFail, PassFailDetail};
pub use self::peer_relative::{PeerRelative, PeerRelativeDetail};
pub(crate) use self::prepared::Prepared;
pub use self::ratio_threshold::{OnZeroDenominator, RatioThreshold, RatioThresholdDetail};
pub use self::table_rule::{TableDetail, TableRule};
pub use self::template::Explain;
pub(crate) use self::veto::PreparedVeto;
pub use self::veto::{Veto, VetoTotal};

/// A scoring rule. One variant per rule kind; each lives in its own file of this
/// module.
///
/// Serialised with a `kind` tag: `{"kind": "completion", "measure": {"sum": "D001"},
/// "cap": "1.0"}`, `{"kind": "formula", …}`, `{"kind": "table", …}`,
/// `{"kind": "host", "name": "…", "params": {…}}`. Read through
/// [`kind_tagged!`](crate::rulebook::kind_tagged): the `kind` first, then the rest of
/// the table straight into the kind's struct, which refuses unknown keys (with their
/// place, when loaded through [`crate::rulebook`]).
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
    /// 公式计分: a formula over named inputs (boxed: a rule book's text is larger than a
    /// built-in kind's parameters).
    Formula(Box<FormulaRule>),
    /// 决策表: a decision table over named inputs (boxed, as a formula).
    Table(Box<TableRule>),
    /// 自定义规则: a rule kind of the host's, resolved through a [`RuleRegistry`].
    Host(HostRef),
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
    "formula" => Formula(Box<FormulaRule>),
    "table" => Table(Box<TableRule>),
    "host" => Host(HostRef),
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
    Formula,
    Table,
    Host,
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
    /// A formula or table rule's branch label `k` (its text in the trace's
    /// [`label`](crate::Trace::label)), or a host rule's own branch `k`; labels named like
    /// a built-in branch (`below_cap`, `tier_2`, `band_0` …) are that branch instead.
    Label(u16),
    /// A formula, or a host rule, that names no branch.
    Computed,
}

impl Branch {
    /// The built-in branch a formula's branch label names: its snake-case name
    /// (`below_cap`, `zero_denominator` …), `tier_<k>` for [`Branch::Tier`] and
    /// `band_<k>` for [`Branch::Band`].
    ///
    /// # Examples
    ///
    /// ```
    /// use scorecard::rule::Branch;
    ///
    /// assert_eq!(Branch::from_label("below_cap"), Some(Branch::BelowCap));
    /// assert_eq!(Branch::from_label("tier_2"), Some(Branch::Tier(2)));
    /// assert_eq!(Branch::from_label("band_0"), Some(Branch::Band(0)));
    /// assert_eq!(Branch::from_label("接近"), None);
    /// ```
    pub fn from_label(label: &str) -> Option<Branch> {
        if let Some(k) = label.strip_prefix("tier_") {
            return k.parse().ok().map(Branch::Tier);
        }
        if let Some(k) = label.strip_prefix("band_") {
            return k.parse().ok().map(Branch::Band);
        }
        Some(match label {
            "below_cap" => Branch::BelowCap,
            "capped" => Branch::Capped,
            "below_floor" => Branch::BelowFloor,
            "no_actual" => Branch::NoActual,
            "zero_denominator" => Branch::ZeroDenominator,
            "good" => Branch::Good,
            "between" => Branch::Between,
            "bad" => Branch::Bad,
            "no_occurrence" => Branch::NoOccurrence,
            "counted" => Branch::Counted,
            "limited" => Branch::Limited,
            "no_peer_mean" => Branch::NoPeerMean,
            "below_peer_mean" => Branch::BelowPeerMean,
            "at_or_above_peer_mean" => Branch::AtOrAbovePeerMean,
            "flat_group" => Branch::FlatGroup,
            "within_range" => Branch::WithinRange,
            "top_tier" => Branch::TopTier,
            "below_tiers" => Branch::BelowTiers,
            "no_band" => Branch::NoBand,
            "satisfactory" => Branch::Satisfactory,
            "between_standards" => Branch::BetweenStandards,
            "unacceptable" => Branch::Unacceptable,
            "pass" => Branch::Pass,
            "fail" => Branch::Fail,
            "computed" => Branch::Computed,
            _ => return None,
        })
    }
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
    Formula(FormulaDetail),
    Table(TableDetail),
    /// A host rule's intermediate values are in its trace.
    Host,
}

/// One step of the place of a formula's text inside an indicator's rule, for the
/// rule-book loader to point into the file: a key, an index, or the element of an array
/// whose `name` is the one given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RulePathStep {
    Key(&'static str),
    Index(usize),
    Named(String),
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
    /// The median of the values (the mean of the middle two of an even number): from
    /// [`PeerStats::of`], and from the evaluator where a rule reads it (a formula's
    /// `peer_median`, a host rule's peers); `None` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median: Option<Decimal>,
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
        let mut sorted = values.to_vec();
        sorted.sort_by(|a, b| crate::num::cmp(*a, *b));
        s.median = median(&sorted).ok_or_else(over)?;
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
            && same(self.median, other.median)
    }
}

/// The median of ascending `sorted`: `Some(None)` when it is empty, `None` on an
/// overflow.
pub(crate) fn median(sorted: &[Decimal]) -> Option<Option<Decimal>> {
    let n = sorted.len();
    if n == 0 {
        return Some(None);
    }
    if n % 2 == 1 {
        return Some(Some(sorted[n / 2]));
    }
    let sum = sorted[n / 2 - 1].checked_add(sorted[n / 2])?;
    Some(Some(sum.checked_div(Decimal::TWO)?))
}

/// The rank of `v` among ascending `sorted` (1 = the highest; equal values share the
/// better rank).
pub(crate) fn rank_in(sorted: &[Decimal], v: Decimal) -> u32 {
    let above = sorted.len() - sorted.partition_point(|x| crate::num::cmp(*x, v).is_le());
    u32::try_from(above).map_or(u32::MAX, |a| a.saturating_add(1))
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
    /// The named values the rule reported (a formula's bindings, a host rule's steps).
    pub(crate) steps: &'a [Step],
    /// The text of the branch label or table row that scored, if any.
    pub(crate) label: Option<&'a str>,
    /// The context the score was computed from.
    pub(crate) ctx: Option<&'a RuleContext<'a>>,
}

/// `$e` for the built-in kind `$self` is, or `$other` for a formula, table or host rule.
macro_rules! each_builtin {
    ($self:ident, $r:ident => $e:expr, _ => $other:expr) => {
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
            Rule::Formula(_) | Rule::Table(_) | Rule::Host(_) => $other,
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
            Rule::Formula(_) => RuleKind::Formula,
            Rule::Table(_) => RuleKind::Table,
            Rule::Host(_) => RuleKind::Host,
        }
    }

    /// What a built-in kind measures; `None` for a formula, table or host rule, which
    /// read named inputs ([`Rule::inputs`]).
    pub fn measure(&self) -> Option<&Measure> {
        each_builtin!(self, r => Some(&r.measure), _ => None)
    }

    /// The named inputs of a formula or table rule, or of a resolved host rule (none for
    /// a built-in kind, which reads its [`measure`](Rule::measure)).
    pub fn inputs(&self) -> Vec<(&str, &Measure)> {
        match self {
            Rule::Formula(r) => r.inputs.iter().collect(),
            Rule::Table(r) => r.inputs.iter().collect(),
            Rule::Host(h) => h
                .inputs()
                .iter()
                .map(|i| (i.name.as_str(), &i.measure))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The host rule, when this is a resolved host rule: its name, version and
    /// parameters enter the reproducibility digest.
    pub fn host(&self) -> Option<&dyn HostRule> {
        match self {
            Rule::Host(h) => h.rule().map(|r| r.as_ref()),
            _ => None,
        }
    }

    /// The measure of the value the rule publishes first: a built-in kind's measure, or
    /// the first named input's.
    pub(crate) fn first_measure(&self) -> Option<&Measure> {
        self.measure()
            .or_else(|| self.inputs().first().map(|(_, m)| *m))
    }

    /// The data points the rule reads, in order (a data point read by two inputs is
    /// listed twice).
    pub fn measure_datapoints(&self) -> impl Iterator<Item = &DatapointId> {
        let own = self.measure().into_iter().flat_map(Measure::datapoints);
        let named: Box<dyn Iterator<Item = &DatapointId>> = match self {
            Rule::Formula(r) => Box::new(r.inputs.datapoints()),
            Rule::Table(r) => Box::new(r.inputs.datapoints()),
            Rule::Host(h) => Box::new(h.inputs().iter().flat_map(|i| i.measure.datapoints())),
            _ => Box::new(std::iter::empty()),
        };
        own.chain(named)
    }

    /// Whether a higher measured value is better: declared by the rule where it is
    /// required (`ratio_threshold`, `interval`, `efficacy_tiers`, `efficacy_standard`,
    /// `formula`, `table`) or may be (`completion`, `efficacy_min_max`: higher unless
    /// declared; `pass_fail`: read from its operator unless declared), fixed by the kind
    /// otherwise (lower for a deduction, higher for a bonus and a peer-relative rule),
    /// and the host rule's own for a host rule (higher while it is not resolved).
    pub fn direction(&self) -> Direction {
        match self {
            Rule::Formula(r) => r.direction,
            Rule::Table(r) => r.direction,
            Rule::Host(h) => h.rule().map(|r| r.direction()).unwrap_or_default(),
            b => each_builtin!(b, r => r.direction(), _ => Direction::default()),
        }
    }

    /// Whether this is a bonus rule (its points are a ceiling, not full points): the
    /// bonus kind, a formula or table declaring `bonus = true`, or a host rule saying so.
    pub fn is_bonus(&self) -> bool {
        match self {
            Rule::Bonus(_) => true,
            Rule::Formula(r) => r.bonus,
            Rule::Table(r) => r.bonus,
            Rule::Host(h) => h.rule().is_some_and(|r| r.is_bonus()),
            _ => false,
        }
    }

    /// Whether each unit needs a target for this rule: a completion rule, a formula or
    /// table that reads `target`, a host rule that says so.
    pub fn needs_target(&self) -> bool {
        match self {
            Rule::Completion(_) => true,
            Rule::Formula(_) | Rule::Table(_) => self
                .prepare(&IndicatorId::from("?"), Decimal::ZERO)
                .is_ok_and(|p| p.needs_target),
            Rule::Host(h) => h.rule().is_some_and(|r| r.needs_target()),
            _ => false,
        }
    }

    /// Whether the rule scores a unit against its peer group's statistics: the
    /// peer-relative and min–max efficacy kinds, a formula or table that reads `peer_…`,
    /// a host rule reading its inputs' peers.
    pub fn is_peer_relative(&self) -> bool {
        match self {
            Rule::PeerRelative(_) | Rule::EfficacyMinMax(_) => true,
            Rule::Formula(_) | Rule::Table(_) => self
                .prepare(&IndicatorId::from("?"), Decimal::ZERO)
                .is_ok_and(|p| p.peers != 0),
            Rule::Host(h) => h.inputs().iter().any(|i| i.peers),
            _ => false,
        }
    }

    /// Whether the measured value moves in whole occurrences (a deduction, a bonus, a
    /// pass/fail test, or any rule whose first measure is a count): analyses that move
    /// a value step by step move it by one.
    pub fn counts_occurrences(&self) -> bool {
        matches!(
            self,
            Rule::Deduction(_) | Rule::Bonus(_) | Rule::PassFail(_)
        ) || matches!(self.first_measure(), Some(Measure::Count(_)))
    }

    /// Checks the rule's parameters; errors name `id` and the field (a formula's part,
    /// column and token). A host rule not yet resolved is checked when it is.
    pub(crate) fn validate(&self, id: &IndicatorId, points: Decimal) -> Result<()> {
        match self {
            Rule::Host(h) if h.rule().is_none() => {
                if h.name.trim().is_empty() {
                    Err(Error::invalid_definition(id, "name", "it is empty"))
                } else {
                    Ok(())
                }
            }
            _ => self.prepare(id, points).map(drop),
        }
    }

    /// Checks a built-in kind's parameters.
    pub(crate) fn validate_builtin(&self, id: &IndicatorId, points: Decimal) -> Result<()> {
        each_builtin!(self, r => r.validate(id, points), _ => Ok(()))
    }

    /// Resolves a host rule through `registry` (nothing to do for other kinds); errors
    /// name `id`: an unknown name with the registered ones, parameters the host refuses.
    pub(crate) fn resolve(
        &mut self,
        id: &IndicatorId,
        points: Decimal,
        registry: &RuleRegistry,
    ) -> Result<()> {
        if let Rule::Host(h) = self {
            h.resolve(id, registry)?;
            self.validate(id, points)?;
        }
        Ok(())
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
            Rule::Formula(r) => r.score(inputs).map(|s| s.map(RuleDetail::Formula)),
            Rule::Table(r) => r.score(inputs).map(|s| s.map(RuleDetail::Table)),
            Rule::Host(_) => {
                prepared::score_host(self, inputs).map(|s| s.map(|()| RuleDetail::Host))
            }
        }
    }

    /// The evaluator's path for a built-in kind: the same scoring as [`Rule::score`]
    /// (through `Kind::eval`), errors named with the pair's unit and indicator, the typed
    /// intermediate values reported to `t`.
    pub(crate) fn apply_builtin<T: Tracer>(
        &self,
        ctx: &RuleContext<'_>,
        t: &mut T,
    ) -> Result<Outcome> {
        each_builtin!(self, r => builtin(r, ctx, t), _ => Err(Error::rule_failed(
            ctx.unit,
            ctx.indicator,
            "a formula, table or host rule was not prepared".into(),
        )))
    }

    pub(crate) fn explain_builtin(&self, s: &Said<'_>) -> Explanation {
        each_builtin!(self, r => r.explain(s), _ => Explanation { zh: s.zh.to_owned(), en: s.en.to_owned() })
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
