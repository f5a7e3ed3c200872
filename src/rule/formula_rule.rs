//! 公式计分: a rule whose score is a formula over named inputs.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::contract::{RuleInputs, Scored};
use super::formula::Binding;
use super::inputs::InputMeasures;
use super::scripted::{self, Keys};
use super::template::Explain;
use crate::direction::Direction;
use crate::error::Result;
use crate::id::FactorId;

/// Formula rule (公式计分): the score is a formula over named inputs — measures of the
/// facts, the unit's target(s) and factors, peer statistics and previous periods of the
/// inputs, the indicator's points and constants — written in the formula language of
/// [`formula`](super::formula) (`docs/RULES.md`).
///
/// The formulas are parsed and checked when the rule book loads (unknown names and type
/// errors are errors naming the indicator, the part, the column and the token) and
/// compiled once per [`Assessment`](crate::Assessment); a score is never re-parsed.
///
/// - `inputs`: a table from names to [`Measure`](super::Measure)s, in order; the first
///   input's value is the one published beside the score unless `value` names another
///   input or a binding.
/// - `let`: named intermediate values (`[{ name = "rate", formula = "actual / target" }]`),
///   reported in the trace.
/// - `score`: the score, a number (or a condition: full points when it holds, zero
///   otherwise). `branch("label", x)` names the branch taken; a label named like a
///   built-in [`Branch`](super::Branch) (`below_cap`, `good`, `tier_2`, `band_0` …)
///   is that branch, any other one a [`Branch::Label`](super::Branch::Label).
/// - `on_division_by_zero`: what is scored when the formula divides by zero (or reads a
///   ratio input whose denominator is zero); without it that is an error naming the
///   unit and indicator.
/// - `ceiling`: the highest score (a formula; the points unless declared). A score below
///   zero or above the ceiling is an error naming the unit and indicator, unless
///   `clamp = true`, which holds it within (and the trace says so).
/// - `bonus = true`: the points are a ceiling that does not count toward full points
///   (加分项).
/// - `direction`: which way the published value is better (required).
/// - `targets`, `factors`: the named targets (`target("stretch")`) and unit factors
///   (`factor("staff")`) the formulas read; the unit's own `target` needs no
///   declaration.
/// - `explain`: templates of the explanation, `{ zh = "…{rate}…", en = "…" }`.
///
/// # Examples
///
/// The completion rule as a formula: 620 against a target of 800 on 4 points scores 3.1.
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::rule::{Branch, Rule, RuleInputs};
///
/// let rule: Rule = toml::from_str(r#"
///     kind = "formula"
///     inputs = { actual = { sum = "D001" } }
///     let = [{ name = "rate", formula = "actual / target" }]
///     score = 'if(rate >= 1, branch("capped", points), branch("below_cap", points * rate))'
///     direction = "higher_is_better"
///     value = "rate"
/// "#)?;
/// let s = rule.score(&RuleInputs::new(dec!(4)).input("actual", dec!(620)).target(dec!(800)))?;
/// assert_eq!((s.score, s.branch, s.value), (dec!(3.1), Branch::BelowCap, Some(dec!(0.775))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FormulaRule {
    /// The named inputs, in order.
    pub inputs: InputMeasures,
    /// Named targets the formulas read (`target("stretch")`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
    /// Unit factors the formulas read (`factor("staff")`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub factors: Vec<FactorId>,
    /// Named intermediate values, in order.
    #[serde(default, rename = "let", skip_serializing_if = "Vec::is_empty")]
    pub bindings: Vec<Binding>,
    /// The score.
    pub score: String,
    /// Which way the published value is better; required.
    pub direction: Direction,
    /// The score when the formula divides by zero; without it, an error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_division_by_zero: Option<String>,
    /// The highest score (a formula); the points unless declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ceiling: Option<String>,
    /// Whether a score outside 0 to the ceiling is held within (`true`) or refused.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub clamp: bool,
    /// Whether the points are a bonus ceiling (加分项) rather than full points.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bonus: bool,
    /// The input or binding published beside the score; the first input unless declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The explanation's templates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explain>,
}

/// The intermediate values of a formula rule (its named values are in the trace).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FormulaDetail {
    /// Whether the declared `on_division_by_zero` gave the score.
    pub on_division_by_zero: bool,
    /// The score the formula gave before the declared clamp held it within 0 to the
    /// ceiling, when it did.
    pub clamped_from: Option<Decimal>,
}

impl FormulaRule {
    pub(crate) fn keys(&self) -> Keys<'_> {
        Keys {
            inputs: &self.inputs,
            score: &self.score,
            targets: &self.targets,
            factors: &self.factors,
            bindings: &self.bindings,
            on_division_by_zero: self.on_division_by_zero.as_deref(),
            ceiling: self.ceiling.as_deref(),
            clamp: self.clamp,
            bonus: self.bonus,
            value: self.value.as_deref(),
            explain: self.explain.as_ref(),
        }
    }

    /// Scores plain values: the named inputs ([`RuleInputs::input`]), the target, named
    /// targets, factors, peer statistics and previous periods the formulas read.
    ///
    /// # Errors
    ///
    /// A formula that does not compile (naming the part, column and token); a value the
    /// formula reads and the inputs do not give; a division by zero without a declared
    /// fallback; an overflow; a score outside 0 to the ceiling without `clamp`.
    pub fn score(&self, inputs: &RuleInputs) -> Result<Scored<FormulaDetail>> {
        scripted::score_plain(&super::Rule::Formula(Box::new(self.clone())), inputs).map(|s| {
            s.map(|d| FormulaDetail {
                on_division_by_zero: d.fallback,
                clamped_from: d.clamped_from,
            })
        })
    }
}
