//! 决策表计分: a rule whose score is a decision table over named inputs.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::contract::{RuleInputs, Scored};
use super::formula::TableDef;
use super::inputs::InputMeasures;
use super::scripted::{self, Keys};
use super::template::Explain;
use crate::direction::Direction;
use crate::error::Result;
use crate::id::FactorId;

/// Decision-table rule (决策表): rows of conditions on one or more inputs, each giving a
/// score (a number or a formula), under a declared hit policy (`unique`, `first`,
/// `priority`). The table (`table = { inputs = […], hit_policy = …, rows = […] }`) is a
/// [`TableDef`] of the formula language, over the rule's named inputs.
///
/// At load, overlapping rows of a `unique` table (or rows of equal priority) and values
/// no row covers (without a `default`) are errors naming the rows. The trace names the
/// row that hit; the branch is [`Branch::Band`](super::Branch::Band) of the row's index
/// (from 0) unless its score records a `branch("label", …)`, and
/// [`Branch::NoBand`](super::Branch::NoBand) when the default scored — so a table
/// written from an interval rule's bands gives the interval's branches.
///
/// The other keys are those of a [`FormulaRule`](super::FormulaRule): `targets`,
/// `factors`, `direction` (required), `on_division_by_zero`, `ceiling`, `clamp`, `bonus`,
/// `value`, `explain`.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::rule::{Branch, Rule, RuleInputs};
///
/// let rule: Rule = toml::from_str(r#"
///     kind = "table"
///     inputs = { rate = { ratio = { numerator = "D1", denominator = "D2" } } }
///     direction = "higher_is_better"
///     [table]
///     inputs = ["rate"]
///     hit_policy = "unique"
///     rows = [
///       { when = ["(-inf, 0.9)"], score = "0" },
///       { when = ["[0.9, 1)"], score = "2", label = "接近" },
///       { when = [">= 1"], score = "points" },
///     ]
/// "#)?;
/// let s = rule.score(&RuleInputs::new(dec!(4)).input("rate", dec!(0.95)))?;
/// assert_eq!((s.score, s.branch), (dec!(2), Branch::Band(1)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TableRule {
    /// The named inputs, in order.
    pub inputs: InputMeasures,
    /// Named targets the table reads (`target("stretch")`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
    /// Unit factors the table reads (`factor("staff")`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub factors: Vec<FactorId>,
    /// The decision table.
    pub table: TableDef,
    /// Which way the published value is better; required.
    pub direction: Direction,
    /// The score when the table divides by zero; without it, an error.
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

/// The intermediate values of a decision-table rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TableDetail {
    /// The row that gave the score, numbered from 1 as written; `None` when the default
    /// scored.
    pub row: Option<u16>,
    /// Whether the declared `on_division_by_zero` gave the score.
    pub on_division_by_zero: bool,
    /// The score before the declared clamp held it within 0 to the ceiling, when it did.
    pub clamped_from: Option<Decimal>,
}

impl TableRule {
    pub(crate) fn keys(&self) -> Keys<'_> {
        Keys {
            inputs: &self.inputs,
            score: "",
            targets: &self.targets,
            factors: &self.factors,
            bindings: &self.table.bindings,
            on_division_by_zero: self.on_division_by_zero.as_deref(),
            ceiling: self.ceiling.as_deref(),
            clamp: self.clamp,
            bonus: self.bonus,
            value: self.value.as_deref(),
            explain: self.explain.as_ref(),
        }
    }

    /// Scores plain values, as [`FormulaRule::score`](super::FormulaRule::score).
    ///
    /// # Errors
    ///
    /// As [`FormulaRule::score`](super::FormulaRule::score); and a table with
    /// overlapping rows or gaps (naming the rows).
    pub fn score(&self, inputs: &RuleInputs) -> Result<Scored<TableDetail>> {
        scripted::score_plain(&super::Rule::Table(Box::new(self.clone())), inputs).map(|s| {
            s.map(|d| TableDetail {
                row: d.row,
                on_division_by_zero: d.fallback,
                clamped_from: d.clamped_from,
            })
        })
    }
}
