//! What a rule measures: a sum, a count, a ratio of two sums, a sum per unit factor, or
//! (for a composite indicator, 复合指标) another indicator's score or value for the
//! same unit.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::inputs::Inputs;
use crate::calc::Calc;
use crate::error::Result;
use crate::facts::Aggregate;
use crate::id::{DatapointId, FactorId, IndicatorId};
use crate::trace::Tracer;

/// The measured quantity of a rule, read from the facts' aggregates.
///
/// In JSON: `{"sum": "D001"}`, `{"count": "D130"}`,
/// `{"ratio": {"numerator": "D051", "denominator": "D052"}}`,
/// `{"per_factor": {"datapoint": "D170", "factor": "staff"}}`; and, as a named input of
/// a formula, table or host rule (a composite indicator, 复合指标) or of a
/// [veto](crate::rule::Veto), another indicator's result for the same unit:
/// `{"score_of": "I010"}`, `{"value_of": "I010"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Measure {
    /// S(u, d): the sum of the facts' values (数据点).
    Sum(DatapointId),
    /// The number of facts.
    Count(DatapointId),
    /// S(u, numerator) / S(u, denominator); no value when the denominator sum is 0.
    Ratio {
        /// The numerator's data point.
        numerator: DatapointId,
        /// The denominator's data point.
        denominator: DatapointId,
    },
    /// S(u, d) / the unit's factor (per capita when the factor is staff, 人均).
    PerFactor {
        /// The data point summed.
        datapoint: DatapointId,
        /// The unit factor divided by.
        factor: FactorId,
    },
    /// The unit's score on another indicator (复合指标: a composite indicator reads its
    /// components' scores). The component is scored first; a component that does not
    /// apply to the unit, or a cycle of composites, is refused when the assessment is
    /// built. Only as a named input of a formula, table or host rule, or of a veto.
    ScoreOf(IndicatorId),
    /// The value another indicator publishes for the unit (its rate, ratio …; no value
    /// when it has none), as [`Measure::ScoreOf`] otherwise.
    ValueOf(IndicatorId),
}

/// The inputs read for one unit and indicator, and the measured value.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Measured {
    /// The sum (or count) read first: S(u, d), or the numerator's sum.
    pub primary: Decimal,
    /// The denominator's sum, or the factor's value.
    pub secondary: Option<Decimal>,
    /// The unit's target, for rules that have one.
    pub target: Option<Decimal>,
    /// The measured value; `None` for a ratio whose denominator is 0. For a formula,
    /// table or host rule, the first named input's value.
    pub value: Option<Decimal>,
    /// The named inputs of a formula, table or host rule, in the rule's order, with
    /// their previous periods and the unit's ranks where the rule reads them (empty for
    /// a built-in kind: its measure's sums are `primary` and `secondary`).
    #[serde(default, skip_serializing_if = "Inputs::is_empty")]
    pub inputs: Inputs,
}

impl Measured {
    /// A measurement without target or named inputs.
    fn of(primary: Decimal, secondary: Option<Decimal>, value: Option<Decimal>) -> Self {
        Measured {
            primary,
            secondary,
            target: None,
            value,
            inputs: Inputs::default(),
        }
    }
}

impl Measure {
    /// The data points read, in order (none for another indicator's result).
    pub fn datapoints(&self) -> impl Iterator<Item = &DatapointId> {
        let (a, b) = match self {
            Measure::Sum(d) | Measure::Count(d) | Measure::PerFactor { datapoint: d, .. } => {
                (Some(d), None)
            }
            Measure::Ratio {
                numerator,
                denominator,
            } => (Some(numerator), Some(denominator)),
            Measure::ScoreOf(_) | Measure::ValueOf(_) => (None, None),
        };
        a.into_iter().chain(b)
    }

    /// The other indicator whose result is read ([`Measure::ScoreOf`],
    /// [`Measure::ValueOf`]), if any.
    pub fn component(&self) -> Option<&IndicatorId> {
        match self {
            Measure::ScoreOf(i) | Measure::ValueOf(i) => Some(i),
            _ => None,
        }
    }

    /// The unit factor read, if any.
    pub fn factor(&self) -> Option<&FactorId> {
        match self {
            Measure::PerFactor { factor, .. } => Some(factor),
            _ => None,
        }
    }

    /// Measures a unit whose value of [`factor`](Measure::factor) is `factor`;
    /// `read(k, d)` gives the aggregate of the measure's k-th data point `d` (in the
    /// order of [`datapoints`](Measure::datapoints)).
    pub(crate) fn measure<F>(
        &self,
        calc: &Calc<'_>,
        factor_value: Option<Decimal>,
        read: F,
    ) -> Result<Measured>
    where
        F: Fn(usize, &DatapointId) -> Result<Aggregate>,
    {
        match self {
            Measure::Sum(d) => {
                let s = read(0, d)?.sum;
                Ok(Measured::of(s, None, Some(s)))
            }
            Measure::Count(d) => {
                let n = Decimal::from(read(0, d)?.count);
                Ok(Measured::of(n, None, Some(n)))
            }
            Measure::Ratio {
                numerator,
                denominator,
            } => {
                let a = read(0, numerator)?.sum;
                let b = read(1, denominator)?.sum;
                let value = if b.is_zero() {
                    None
                } else {
                    Some(calc.div(a, b, "ratio")?)
                };
                Ok(Measured::of(a, Some(b), value))
            }
            Measure::PerFactor { datapoint, factor } => {
                let a = read(0, datapoint)?.sum;
                let f = factor_value
                    .ok_or_else(|| crate::error::Error::missing_factor(calc.unit, factor))?;
                let value = calc.div(a, f, "value per factor")?;
                Ok(Measured::of(a, Some(f), Some(value)))
            }
            // the evaluator fills it in from the component's score, scored first
            Measure::ScoreOf(_) | Measure::ValueOf(_) => {
                Ok(Measured::of(Decimal::ZERO, None, None))
            }
        }
    }

    /// Names the inputs for a trace.
    pub(crate) fn trace_inputs<T: Tracer>(&self, m: &Measured, t: &mut T) {
        match self {
            Measure::Sum(d) => t.step(&format!("sum {d}"), m.primary),
            Measure::Count(d) => t.step(&format!("count {d}"), m.primary),
            Measure::Ratio {
                numerator,
                denominator,
            } => {
                t.step(&format!("sum {numerator}"), m.primary);
                if let Some(b) = m.secondary {
                    t.step(&format!("sum {denominator}"), b);
                }
            }
            Measure::PerFactor { datapoint, factor } => {
                t.step(&format!("sum {datapoint}"), m.primary);
                if let Some(b) = m.secondary {
                    t.step(&format!("factor {factor}"), b);
                }
            }
            Measure::ScoreOf(i) => t.step(&format!("score {i}"), m.primary),
            Measure::ValueOf(i) => {
                if let Some(v) = m.value {
                    t.step(&format!("value {i}"), v);
                }
            }
        }
        if let Some(target) = m.target {
            t.step("target", target);
        }
    }
}
