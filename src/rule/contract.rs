//! One value, one call: the plain inputs of a rule, the context every rule kind scores
//! from, its typed result, and the adapter through which the evaluator scores with the
//! very same functions.
//!
//! Every rule — the built-in kinds, formulas, decision tables and host rules — scores
//! one (unit, indicator) pair from a [`RuleContext`]: the points, the measured value or
//! named inputs, the target(s), the unit's factors, the peer statistics and the previous
//! period. It returns a [`Scored`]: the score, the published value, the [`Branch`] and
//! typed intermediate values. The evaluator builds the context from the facts; a plain
//! call builds it from [`RuleInputs`].
//!
//! Arithmetic inside a built-in rule fails with a [`Fault`], which knows neither unit nor
//! indicator; the caller names it: the evaluator with the pair's unit and indicator, a
//! plain call with whatever [`RuleInputs::unit`] and [`RuleInputs::indicator`] say.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::inputs::{InputValue, RuleInput};
use super::{Branch, Outcome, PeerStats};
use crate::error::{Error, Result};
use crate::id::{FactorId, IndicatorId, UnitId};
use crate::trace::Tracer;

/// What one rule scores, as plain values: the indicator's points, the measured value,
/// the unit's target, its peer group's statistics, a formula's named inputs, the unit's
/// factors, and (only to name errors) the unit and indicator.
///
/// Built like an options value: start from [`RuleInputs::new`] with the points and set
/// what the rule reads. A ratio whose denominator is zero has no value: leave
/// [`value`](RuleInputs::value) (or the named [`input`](RuleInputs::input)) unset.
///
/// # Examples
///
/// Completion of 620 against a target of 800 on a 4-point indicator: 4 × 0.775 = 3.1.
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::rule::{Branch, Rule, RuleInputs};
///
/// let rule: Rule = serde_json::from_str(r#"{"kind": "completion", "measure": {"sum": "D001"}}"#)?;
/// let s = rule.score(&RuleInputs::new(dec!(4)).value(dec!(620)).target(dec!(800)))?;
/// assert_eq!((s.score, s.branch), (dec!(3.1), Branch::BelowCap));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct RuleInputs {
    /// Full points (满分), or the ceiling of a bonus rule.
    pub points: Decimal,
    /// The measured value (a sum, a count, a ratio …); `None` for a ratio whose
    /// denominator is zero.
    pub value: Option<Decimal>,
    /// The unit's target, for a completion rule.
    pub target: Option<Decimal>,
    /// The unit's peer group, for peer-relative and min–max efficacy rules.
    pub peers: Option<PeerStats>,
    /// The unit, named in errors only.
    pub unit: Option<UnitId>,
    /// The indicator, named in errors only.
    pub indicator: Option<IndicatorId>,
    /// The named inputs of a formula, table or host rule, by name.
    pub inputs: BTreeMap<String, InputValue>,
    /// The peer statistics of named inputs, by name.
    pub input_peers: BTreeMap<String, PeerStats>,
    /// Named targets (`target("stretch")`), by name.
    pub named_targets: BTreeMap<String, Decimal>,
    /// The unit's factors (staff …), for rules that read them.
    pub factors: BTreeMap<FactorId, Decimal>,
}

impl RuleInputs {
    /// Inputs of an indicator worth `points`, with nothing measured yet.
    pub fn new(points: Decimal) -> Self {
        Self {
            points,
            ..Self::default()
        }
    }

    /// Sets the measured value.
    pub fn value(mut self, value: Decimal) -> Self {
        self.value = Some(value);
        self
    }

    /// Sets the unit's target.
    pub fn target(mut self, target: Decimal) -> Self {
        self.target = Some(target);
        self
    }

    /// Sets the peer group's statistics (see [`PeerStats::of`]).
    pub fn peers(mut self, peers: PeerStats) -> Self {
        self.peers = Some(peers);
        self
    }

    /// Names the unit in errors.
    pub fn unit(mut self, unit: impl Into<UnitId>) -> Self {
        self.unit = Some(unit.into());
        self
    }

    /// Names the indicator in errors.
    pub fn indicator(mut self, indicator: impl Into<IndicatorId>) -> Self {
        self.indicator = Some(indicator.into());
        self
    }

    /// Sets named input `name`'s value (a formula, table or host rule).
    pub fn input(mut self, name: impl Into<String>, value: Decimal) -> Self {
        self.inputs.entry(name.into()).or_default().value = Some(value);
        self
    }

    /// Sets named input `name`'s value in the previous period.
    pub fn previous(mut self, name: impl Into<String>, value: Decimal) -> Self {
        self.inputs.entry(name.into()).or_default().previous = Some(value);
        self
    }

    /// Sets the unit's rank among its peers on named input `name` (1 = the highest).
    pub fn rank(mut self, name: impl Into<String>, rank: u32) -> Self {
        self.inputs.entry(name.into()).or_default().rank = Some(rank);
        self
    }

    /// Sets the peer statistics of named input `name` (see [`PeerStats::of`]).
    pub fn input_peers(mut self, name: impl Into<String>, peers: PeerStats) -> Self {
        self.input_peers.insert(name.into(), peers);
        self
    }

    /// Sets a named target (`target("stretch")`).
    pub fn named_target(mut self, name: impl Into<String>, target: Decimal) -> Self {
        self.named_targets.insert(name.into(), target);
        self
    }

    /// Sets one of the unit's factors.
    pub fn factor(mut self, factor: impl Into<FactorId>, value: Decimal) -> Self {
        self.factors.insert(factor.into(), value);
        self
    }

    /// The indicator named in definition errors: the one given, or `?`.
    pub(crate) fn indicator_or_unknown(&self) -> IndicatorId {
        self.indicator.clone().unwrap_or_else(|| "?".into())
    }

    /// The context of a built-in rule (no named inputs).
    pub(crate) fn context(&self) -> RuleContext<'_> {
        RuleContext {
            unit: self.unit.as_ref(),
            indicator: self.indicator.as_ref(),
            points: self.points,
            value: self.value,
            target: self.target,
            peers: std::slice::from_ref(&self.peers),
            names: &[],
            inputs: &[],
            target_names: &[],
            targets: &[],
            factors: Some(&self.factors),
        }
    }

    /// Checks the points and the rule (`validate(indicator, points)`), then scores with
    /// `eval`, naming any fault with the unit and indicator given (a definition error
    /// of a call without an indicator names none).
    pub(crate) fn run<D>(
        &self,
        validate: impl FnOnce(&IndicatorId, Decimal) -> Result<()>,
        eval: impl FnOnce(&RuleContext<'_>) -> Result<Scored<D>, Fault>,
    ) -> Result<Scored<D>> {
        let checked = match &self.indicator {
            Some(id) => super::non_negative(id, "points", self.points)
                .and_then(|()| validate(id, self.points)),
            None => {
                let id = IndicatorId::from("?");
                super::non_negative(&id, "points", self.points)
                    .and_then(|()| validate(&id, self.points))
                    .map_err(Error::without_indicator)
            }
        };
        checked?;
        eval(&self.context()).map_err(|f| f.named(self.unit.as_ref(), self.indicator.as_ref()))
    }
}

/// What every rule receives for one (unit, indicator) pair: the unit and indicator, the
/// points, the measured value (a built-in kind's measure) or the named inputs (a
/// formula's, a table's or a host rule's, with their previous period and the unit's
/// rank), the unit's target and named targets, its factors and the peer statistics.
///
/// The evaluator builds one for every pair it scores; a plain call builds one from
/// [`RuleInputs`]. A host rule ([`HostRule`](super::HostRule)) reads it through these
/// methods.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::rule::RuleInputs;
///
/// let inputs = RuleInputs::new(dec!(4)).input("collected", dec!(120)).previous("collected", dec!(96));
/// # let _ = inputs;
/// ```
#[derive(Debug, Clone, Copy)]
pub struct RuleContext<'a> {
    pub(crate) unit: Option<&'a UnitId>,
    pub(crate) indicator: Option<&'a IndicatorId>,
    pub(crate) points: Decimal,
    pub(crate) value: Option<Decimal>,
    pub(crate) target: Option<Decimal>,
    /// Peer statistics by slot: the measured value's for a built-in kind (slot 0), each
    /// named input's otherwise (`None` where the rule reads none).
    pub(crate) peers: &'a [Option<PeerStats>],
    pub(crate) names: &'a [RuleInput],
    pub(crate) inputs: &'a [InputValue],
    pub(crate) target_names: &'a [String],
    pub(crate) targets: &'a [Option<Decimal>],
    pub(crate) factors: Option<&'a BTreeMap<FactorId, Decimal>>,
}

impl<'a> RuleContext<'a> {
    /// The unit scored (`None` in a plain call that does not name it).
    pub fn unit(&self) -> Option<&'a UnitId> {
        self.unit
    }

    /// The indicator scored (`None` in a plain call that does not name it).
    pub fn indicator(&self) -> Option<&'a IndicatorId> {
        self.indicator
    }

    /// Full points (满分), or the ceiling of a bonus rule.
    pub fn points(&self) -> Decimal {
        self.points
    }

    /// The measured value: a built-in kind's measure, or the first named input's value;
    /// `None` for a ratio whose denominator is zero.
    pub fn value(&self) -> Option<Decimal> {
        self.value
    }

    /// The unit's target on the indicator.
    pub fn target(&self) -> Option<Decimal> {
        self.target
    }

    /// The peer group's statistics of the measured value (a built-in kind's), or of the
    /// first named input.
    pub fn peers(&self) -> Option<&'a PeerStats> {
        self.peers.first().and_then(Option::as_ref)
    }

    /// The named inputs and their values, in the rule's order.
    pub fn inputs(&self) -> impl Iterator<Item = (&'a str, &'a InputValue)> + use<'a> {
        self.names
            .iter()
            .map(|n| n.name.as_str())
            .zip(self.inputs.iter())
    }

    fn slot(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n.name == name)
    }

    /// Named input `name`'s value (`None` for an unknown name, or a ratio whose
    /// denominator is zero).
    pub fn input(&self, name: &str) -> Option<Decimal> {
        self.inputs.get(self.slot(name)?)?.value
    }

    /// Named input `name`'s value in the previous period, when the rule reads it and the
    /// host gave it.
    pub fn previous(&self, name: &str) -> Option<Decimal> {
        self.inputs.get(self.slot(name)?)?.previous
    }

    /// The unit's rank among its peers on named input `name` (1 = the highest value),
    /// when the rule reads the input's peers.
    pub fn rank(&self, name: &str) -> Option<u32> {
        self.inputs.get(self.slot(name)?)?.rank
    }

    /// The peer group's statistics of named input `name`, when the rule reads them.
    pub fn input_peers(&self, name: &str) -> Option<&'a PeerStats> {
        self.peers.get(self.slot(name)?)?.as_ref()
    }

    /// Named target `name` of the unit.
    pub fn named_target(&self, name: &str) -> Option<Decimal> {
        let k = self.target_names.iter().position(|t| t == name)?;
        self.targets.get(k).copied().flatten()
    }

    /// The unit's factor `name` (staff, households …).
    pub fn factor(&self, name: &str) -> Option<Decimal> {
        self.factors?.get(&FactorId::from(name)).copied()
    }

    /// An error of a host rule, naming the unit and indicator of this context and saying
    /// `why`.
    pub fn error(&self, why: impl Into<String>) -> Error {
        Error::rule_failed(self.unit, self.indicator, why.into())
    }
}

/// A rule's result on plain values: the score, the published value, the branch taken
/// and the kind's typed intermediate values.
///
/// Produced by the crate only (no `Deserialize`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Scored<D> {
    /// The score before any declared rounding.
    pub score: Decimal,
    /// The value written beside the score (a rate, a ratio …), as in
    /// [`PairScore::value`](crate::PairScore::value).
    pub value: Option<Decimal>,
    /// The branch taken.
    pub branch: Branch,
    /// The kind's intermediate values.
    pub detail: D,
}

impl<D> Scored<D> {
    /// The same result with its detail converted.
    pub fn map<E>(self, f: impl FnOnce(D) -> E) -> Scored<E> {
        Scored {
            score: self.score,
            value: self.value,
            branch: self.branch,
            detail: f(self.detail),
        }
    }
}

/// A rule failure that knows neither the unit nor the indicator: the caller names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// A decimal operation overflowed computing the named value.
    Overflow(&'static str),
    /// A division by zero computing the named value (a ratio without a value).
    DivisionByZero(&'static str),
    /// A completion rule without a target.
    NoTarget,
    /// A target the rule cannot use.
    BadTarget(Decimal, &'static str),
    /// A count below zero (deduction, bonus).
    NegativeCount(Decimal),
    /// A count with a fraction, where the rule declares whole counts.
    FractionalCount(Decimal),
    /// A value that no band covers, in a table without a default.
    NoBand(Decimal),
    /// A result `rust_decimal` would have to round within its first twelve places
    /// (`num::HELD_PLACES`): its exact value cannot be held.
    PrecisionLost(&'static str),
}

impl From<(crate::num::Lost, &'static str)> for Fault {
    fn from((lost, what): (crate::num::Lost, &'static str)) -> Self {
        match lost {
            crate::num::Lost::Overflow => Fault::Overflow(what),
            crate::num::Lost::Places => Fault::PrecisionLost(what),
        }
    }
}

impl Fault {
    /// The fault as the crate's error, naming `unit` and `indicator` when known: the
    /// same kind with or without them, so `is_overflow()` and the others answer for a
    /// plain call of a rule too.
    pub(crate) fn named(self, unit: Option<&UnitId>, indicator: Option<&IndicatorId>) -> Error {
        match self {
            Fault::Overflow(what) => Error::overflow_of(unit, indicator, what),
            Fault::DivisionByZero(what) => Error::division_by_zero_of(unit, indicator, what),
            Fault::NoTarget => Error::missing_target_of(unit, indicator),
            Fault::BadTarget(t, why) => Error::invalid_target_of(unit, indicator, t, why),
            Fault::NegativeCount(n) => Error::invalid_count(unit, indicator, n, true),
            Fault::FractionalCount(n) => Error::invalid_count(unit, indicator, n, false),
            Fault::PrecisionLost(what) => Error::precision_lost_of(unit, indicator, what),
            Fault::NoBand(x) => Error::no_band(unit, indicator, x),
        }
    }
}

// Each operation gives what rust_decimal gives, unless that overflowed or had to be
// rounded at or before the twelfth place (num::HELD_PLACES): rust_decimal rounds a
// product or sum whose exact digits do not fit without a word.

/// `a + b`, or an overflow or a lost precision naming `what`.
pub(crate) fn add(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, Fault> {
    crate::num::held_add(a, b).map_err(|l| Fault::from((l, what)))
}

/// `a − b`, or an overflow or a lost precision naming `what`.
pub(crate) fn sub(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, Fault> {
    crate::num::held_add(a, -b).map_err(|l| Fault::from((l, what)))
}

/// `a × b`, or an overflow or a lost precision naming `what`.
pub(crate) fn mul(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, Fault> {
    crate::num::held_mul(a, b).map_err(|l| Fault::from((l, what)))
}

/// `a ÷ b`, or a division by zero, an overflow or a lost precision naming `what`.
pub(crate) fn div(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, Fault> {
    if b.is_zero() {
        return Err(Fault::DivisionByZero(what));
    }
    crate::num::held_div(a, b).map_err(|l| Fault::from((l, what)))
}

/// The measured value, which every rule but the threshold rule needs: a ratio with a
/// zero denominator has none.
pub(crate) fn need_value(x: &RuleContext<'_>) -> Result<Decimal, Fault> {
    x.value.ok_or(Fault::DivisionByZero("ratio"))
}

/// A built-in rule kind as the evaluator drives it: score a context, then report the
/// typed intermediate values to a tracer.
pub(crate) trait Kind {
    /// The kind's intermediate values.
    type Detail: Report;

    /// Scores a context; the one implementation of the kind's arithmetic.
    fn eval(&self, x: &RuleContext<'_>) -> Result<Scored<Self::Detail>, Fault>;
}

/// Writes a kind's intermediate values to a tracer, under the trace's step names and
/// in the order the rule computed them.
pub(crate) trait Report {
    fn report<T: Tracer>(&self, branch: Branch, t: &mut T);
}

/// The evaluator's adapter: scores one pair through [`Kind::eval`], names a fault with
/// the pair's unit and indicator, and reports the detail to `t`.
pub(crate) fn adapt<K: Kind, T: Tracer>(
    kind: &K,
    ctx: &RuleContext<'_>,
    t: &mut T,
) -> Result<Outcome> {
    let s = kind
        .eval(ctx)
        .map_err(|f| f.named(ctx.unit, ctx.indicator))?;
    s.detail.report(s.branch, t);
    Ok(Outcome {
        score: s.score,
        value: s.value,
        branch: s.branch,
    })
}
