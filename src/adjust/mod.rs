//! Difficulty adjustment (难度系数, R14): a coefficient per unit that scales its raw
//! total, so that units with a heavier load are compared fairly with their peers.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::calc::Calc;
use crate::error::{Error, Result};
use crate::id::{FactorId, UnitId};
use crate::num::RoundStep;
use crate::org::Unit;
use crate::trace::Step;

/// How a unit's difficulty coefficient is found.
///
/// Serialised with a `kind` tag: `{"kind": "none"}`, `{"kind": "given", "coefficients":
/// {"U0001": "1.02"}}`, `{"kind": "relative", "terms": [...], "min": "0.95", "max":
/// "1.05"}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Adjustment {
    /// Every coefficient is 1.
    #[default]
    None,
    /// The coefficients are given per unit (decided elsewhere, e.g. by the bureau).
    Given {
        /// Coefficient per unit; a unit not listed is an error.
        coefficients: BTreeMap<UnitId, Decimal>,
    },
    /// Computed from the units' factors relative to their peer group.
    Relative(Relative),
}

/// The content of [`Adjustment::Given`] as a rule book writes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GivenRepr {
    #[serde(deserialize_with = "crate::num::exact_serde::map_decimal")]
    coefficients: BTreeMap<UnitId, Decimal>,
}

crate::rulebook::kind_tagged!(Adjustment {
    "none" => None,
    "given" => Given { coefficients } from GivenRepr,
    "relative" => Relative(Relative),
});

/// A weighted several-factor coefficient relative to the peer group:
///
/// coefficient(u) = clamp(1 + Σₖ weightₖ × (fₖ(u) / mean over u's group of fₖ − 1), min, max)
///
/// The province job's rule is one term, the load households / staff, with weight
/// `slope` (0.1), min 0.95 and max 1.05.
///
/// # Examples
///
/// Load 300 in a group whose mean load is 250, slope 0.1: 1 + 0.1 × (1.2 − 1) = 1.02.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Relative {
    /// The weighted factors.
    pub terms: Vec<Term>,
    /// The lowest coefficient.
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub min: Decimal,
    /// The highest coefficient.
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub max: Decimal,
    /// Rounding of the coefficient, if declared; `None` keeps it exact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding: Option<RoundStep>,
}

/// One weighted factor of a [`Relative`] coefficient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The factor (jurisdiction size, revenue scale, staffing, a load ratio …).
    pub factor: FactorExpr,
    /// Its weight (the slope).
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub weight: Decimal,
}

/// A unit factor or a ratio of two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum FactorExpr {
    /// A factor as it is, e.g. `revenue`.
    Factor(FactorId),
    /// One factor divided by another, e.g. households / staff.
    Ratio {
        /// The numerator factor.
        numerator: FactorId,
        /// The denominator factor.
        denominator: FactorId,
    },
}

impl FactorExpr {
    fn factors(&self) -> Vec<&FactorId> {
        match self {
            FactorExpr::Factor(f) => vec![f],
            FactorExpr::Ratio {
                numerator,
                denominator,
            } => vec![numerator, denominator],
        }
    }

    fn name(&self) -> String {
        match self {
            FactorExpr::Factor(f) => f.to_string(),
            FactorExpr::Ratio {
                numerator,
                denominator,
            } => format!("{numerator}/{denominator}"),
        }
    }

    fn value(&self, unit: &Unit) -> Result<Decimal> {
        match self {
            FactorExpr::Factor(f) => unit.factor_value(f),
            FactorExpr::Ratio {
                numerator,
                denominator,
            } => {
                let calc = Calc::new(&unit.id, None);
                calc.div(
                    unit.factor_value(numerator)?,
                    unit.factor_value(denominator)?,
                    "factor ratio",
                )
            }
        }
    }
}

/// How one unit's coefficient was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct CoefficientTrace {
    /// The unit.
    pub unit: UnitId,
    /// Per term: the unit's factor value, the group mean, the ratio and the weight.
    pub steps: Vec<Step>,
    /// The coefficient before clamping (and rounding).
    pub unclamped: Decimal,
    /// Whether the min or max bound applied.
    pub clamped: bool,
    /// The coefficient used.
    pub coefficient: Decimal,
}

impl Adjustment {
    /// The province job's load rule: one term households / staff with weight `slope`,
    /// clamped to `[min, max]`.
    pub fn load_ratio(
        numerator: impl Into<FactorId>,
        denominator: impl Into<FactorId>,
        slope: Decimal,
        min: Decimal,
        max: Decimal,
    ) -> Self {
        Adjustment::Relative(Relative {
            terms: vec![Term {
                factor: FactorExpr::Ratio {
                    numerator: numerator.into(),
                    denominator: denominator.into(),
                },
                weight: slope,
            }],
            min,
            max,
            rounding: None,
        })
    }

    /// Checks the declaration.
    ///
    /// # Errors
    ///
    /// When min > max, min ≤ 0, or a relative rule has no term.
    pub fn validate(&self) -> Result<()> {
        match self {
            Adjustment::Relative(r) => {
                if r.terms.is_empty() {
                    return Err(Error::invalid_option(
                        "difficulty adjustment",
                        "terms",
                        "[]",
                        "which is empty: it needs at least one term",
                    ));
                }
                if r.min <= Decimal::ZERO {
                    return Err(Error::invalid_option(
                        "difficulty adjustment",
                        "min",
                        r.min,
                        "not greater than zero",
                    ));
                }
                if r.min > r.max {
                    return Err(Error::invalid_option(
                        "difficulty adjustment",
                        "min",
                        r.min,
                        format!("greater than max {}", r.max),
                    ));
                }
                Ok(())
            }
            Adjustment::Given { coefficients } => {
                for (u, c) in coefficients {
                    if *c <= Decimal::ZERO {
                        return Err(Error::invalid_coefficient(u, c));
                    }
                }
                Ok(())
            }
            Adjustment::None => Ok(()),
        }
    }

    /// The factors a unit must have.
    pub fn factors(&self) -> Vec<&FactorId> {
        match self {
            Adjustment::Relative(r) => r.terms.iter().flat_map(|t| t.factor.factors()).collect(),
            _ => Vec::new(),
        }
    }

    /// The coefficients of the units of one peer group, in the order given.
    ///
    /// # Errors
    ///
    /// A missing factor or given coefficient, a zero denominator or group mean, or
    /// overflow: each names the unit.
    pub fn coefficients(&self, group: &[&Unit]) -> Result<Vec<Decimal>> {
        match self {
            Adjustment::Relative(r) => {
                let means = r.means(group)?;
                group
                    .iter()
                    .map(|u| r.trace_with(&means, u).map(|t| t.coefficient))
                    .collect()
            }
            _ => group
                .iter()
                .map(|u| self.trace(group, u).map(|t| t.coefficient))
                .collect(),
        }
    }

    /// How `unit`'s coefficient is found within its peer `group` (which includes it).
    ///
    /// # Errors
    ///
    /// As for [`coefficients`](Adjustment::coefficients).
    pub fn trace(&self, group: &[&Unit], unit: &Unit) -> Result<CoefficientTrace> {
        match self {
            Adjustment::None => Ok(CoefficientTrace {
                unit: unit.id.clone(),
                steps: Vec::new(),
                unclamped: Decimal::ONE,
                clamped: false,
                coefficient: Decimal::ONE,
            }),
            Adjustment::Given { coefficients } => {
                let c = coefficients
                    .get(&unit.id)
                    .copied()
                    .ok_or_else(|| Error::missing_coefficient(&unit.id))?;
                Ok(CoefficientTrace {
                    unit: unit.id.clone(),
                    steps: Vec::new(),
                    unclamped: c,
                    clamped: false,
                    coefficient: c,
                })
            }
            Adjustment::Relative(r) => r.trace_with(&r.means(group)?, unit),
        }
    }
}

impl Relative {
    /// The group mean of each term's factor.
    fn means(&self, group: &[&Unit]) -> Result<Vec<Decimal>> {
        self.terms
            .iter()
            .map(|t| group_mean(group, &t.factor))
            .collect()
    }

    fn trace_with(&self, means: &[Decimal], unit: &Unit) -> Result<CoefficientTrace> {
        let calc = Calc::new(&unit.id, None);
        let mut steps = Vec::new();
        let mut raw = Decimal::ONE;
        for (term, &mean) in self.terms.iter().zip(means) {
            let name = term.factor.name();
            let own = term.factor.value(unit)?;
            let rel = calc.div(own, mean, "ratio to the group mean")?;
            let part = calc.mul(
                term.weight,
                calc.sub(rel, Decimal::ONE, "coefficient")?,
                "coefficient",
            )?;
            raw = calc.add(raw, part, "coefficient")?;
            steps.push(Step {
                name: name.clone(),
                value: own,
            });
            steps.push(Step {
                name: format!("group mean {name}"),
                value: mean,
            });
            steps.push(Step {
                name: format!("{name} / group mean"),
                value: rel,
            });
            steps.push(Step {
                name: format!("weight {name}"),
                value: term.weight,
            });
        }
        let clamped_value = raw.max(self.min).min(self.max);
        let coefficient = match self.rounding {
            Some(step) => step.apply(clamped_value),
            None => clamped_value,
        };
        Ok(CoefficientTrace {
            unit: unit.id.clone(),
            steps,
            unclamped: raw,
            clamped: clamped_value != raw,
            coefficient,
        })
    }
}

/// The mean of `factor` over `group`; an error names the unit whose value overflowed
/// the sum (or the first unit, for an empty group).
fn group_mean(group: &[&Unit], factor: &FactorExpr) -> Result<Decimal> {
    let mut sum = Decimal::ZERO;
    for u in group {
        sum = Calc::new(&u.id, None).add(sum, factor.value(u)?, "group mean")?;
    }
    match group.first() {
        Some(first) => {
            Calc::new(&first.id, None).div(sum, Decimal::from(group.len()), "group mean")
        }
        None => Ok(Decimal::ZERO),
    }
}
