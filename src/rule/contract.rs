//! One value, one call: the plain inputs of a rule, its typed result, and the adapter
//! through which the evaluator scores with the very same functions.
//!
//! Every kind has a public `score(&self, &RuleInputs) -> Result<Scored<Detail>>`
//! returning the score, the [`Branch`] and the kind's typed intermediate values. The
//! evaluator's crate-private path calls the same `eval` behind it and reports the
//! typed values to its [`Tracer`] under the step names traces have always used.
//!
//! Arithmetic inside a rule fails with a [`Fault`], which knows neither unit nor
//! indicator; the caller names it: the evaluator with the pair's unit and indicator, a
//! plain call with whatever [`RuleInputs::unit`] and [`RuleInputs::indicator`] say.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Branch, Ctx, Measured, Outcome, PeerStats};
use crate::error::{Error, Result};
use crate::id::{IndicatorId, UnitId};
use crate::trace::Tracer;

/// What one rule scores, as plain values: the indicator's points, the measured value,
/// the unit's target, its peer group's statistics, and (only to name errors) the unit
/// and indicator.
///
/// Built like an options value: start from [`RuleInputs::new`] with the points and set
/// what the rule reads. A ratio whose denominator is zero has no value: leave
/// [`value`](RuleInputs::value) unset.
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

    /// Checks the points and the rule (`validate(indicator, points)`), then scores with
    /// `eval`, naming any fault with the unit and indicator given (a definition error
    /// of a call without an indicator names none).
    pub(crate) fn run<D>(
        &self,
        validate: impl FnOnce(&IndicatorId, Decimal) -> Result<()>,
        eval: impl FnOnce(&Self) -> Result<Scored<D>, Fault>,
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
        eval(self).map_err(|f| f.named(self.unit.as_ref(), self.indicator.as_ref()))
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
pub(crate) fn need_value(x: &RuleInputs) -> Result<Decimal, Fault> {
    x.value.ok_or(Fault::DivisionByZero("ratio"))
}

/// A rule kind as the evaluator drives it: score plain inputs, then report the typed
/// intermediate values to a tracer.
pub(crate) trait Kind {
    /// The kind's intermediate values.
    type Detail: Report;

    /// Scores plain inputs; the one implementation of the kind's arithmetic.
    fn eval(&self, x: &RuleInputs) -> Result<Scored<Self::Detail>, Fault>;
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
    ctx: &Ctx<'_>,
    m: &Measured,
    t: &mut T,
) -> Result<Outcome> {
    let x = RuleInputs {
        points: ctx.points,
        value: m.value,
        target: m.target,
        peers: ctx.peers.copied(),
        unit: None,
        indicator: None,
    };
    let s = kind
        .eval(&x)
        .map_err(|f| f.named(Some(ctx.calc.unit), ctx.calc.indicator))?;
    s.detail.report(s.branch, t);
    Ok(Outcome {
        score: s.score,
        value: s.value,
        branch: s.branch,
    })
}
