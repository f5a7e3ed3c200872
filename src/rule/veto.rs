//! 一票否决 (a veto): a condition on a unit's indicator results that zeroes or caps its
//! total and keeps it off (or puts it on) lists, whatever its other scores.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::formula::{Env, Input, NoWatch, Program, Schema};
use super::{InputMeasures, Measure};
use crate::catalog::{Basis, Catalog};
use crate::error::{Error, Result};
use crate::id::{GroupId, IndicatorId, UnitId};

/// A veto (一票否决) a scheme declares: when its condition holds for a unit, the unit's
/// adjusted total is zeroed or capped and the unit is kept off lists (the red list) or
/// put on them (the black list), whatever its other scores.
///
/// The condition `when` is a formula of the [formula language](super::formula) that
/// gives a condition (true or false), over named inputs that each read one indicator's
/// result for the unit: its score (`{ score_of = "I013" }`) or the value it publishes
/// (`{ value_of = "I013" }`). A rule book names a veto's indicators, lists and groups
/// strictly: an indicator not in the scheme, a list the scheme does not declare or a
/// condition that does not compile is refused at load, naming the veto and the
/// indicator. A veto with no effect, a veto putting a unit on and off the same list,
/// and a veto lowering the total of a scheme that ranks lower totals first are refused
/// too.
///
/// **How a vetoed unit ranks**: by its vetoed total, among its group, as any other
/// unit; its lists are those of its rank, less the lists of `not_on` (a place left is
/// not refilled), plus those of `put_on`. [`UnitResult::vetoes`](crate::UnitResult::vetoes)
/// says which vetoes applied, with the values read and the document basis, and
/// [`UnitResult::before_veto`](crate::UnitResult::before_veto) the total it replaced.
///
/// # Examples
///
/// ```
/// use scorecard::rule::{Veto, VetoTotal};
///
/// let v: Veto = scorecard::rulebook::from_toml_str(r#"
/// id = "V01"
/// name = "发生重大执法过错"
/// name_en = "a grave enforcement error"
/// basis = { document = "绩效考评办法", clause = "第十二条" }
/// inputs = { errors = { value_of = "I013" } }
/// when = "errors >= 1"
/// total = { kind = "zero" }
/// not_on = ["red"]
/// "#, "veto.toml")?;
/// assert_eq!(v.total, VetoTotal::Zero);
/// assert_eq!(v.indicators().map(|i| i.as_str()).collect::<Vec<_>>(), ["I013"]);
/// # Ok::<(), scorecard::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Veto {
    /// The veto's id (`V01`), unique in the scheme.
    pub id: String,
    /// Its name in Chinese (发生重大执法过错).
    pub name: String,
    /// Its name in English, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// The document basis (文件依据).
    pub basis: Basis,
    /// The groups whose units it applies to (every group unless given); each indicator
    /// it reads must apply to every unit it applies to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupId>,
    /// What the condition reads: each a `score_of` or `value_of` an indicator.
    pub inputs: InputMeasures,
    /// The condition, a formula giving true or false (`errors >= 1`).
    pub when: String,
    /// What it does to the adjusted total (nothing unless declared).
    #[serde(default)]
    pub total: VetoTotal,
    /// The lists a vetoed unit is never on (`["red"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_on: Vec<String>,
    /// The lists a vetoed unit is put on (`["black"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub put_on: Vec<String>,
}

/// What a veto does to a unit's adjusted total: `{ kind = "keep" }` (the default),
/// `{ kind = "zero" }`, `{ kind = "cap", at = 60 }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum VetoTotal {
    /// The total is kept (the veto acts on lists only).
    #[default]
    Keep,
    /// The total becomes 0.
    Zero,
    /// The total is at most `at` (rounded as the scheme rounds totals).
    Cap {
        /// The highest total a vetoed unit keeps.
        at: Decimal,
    },
}

/// The content of [`VetoTotal::Cap`] as a rule book writes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CapRepr {
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    at: Decimal,
}

crate::rulebook::kind_tagged!(VetoTotal {
    "keep" => Keep,
    "zero" => Zero,
    "cap" => Cap { at } from CapRepr,
});

impl Veto {
    /// The indicators the condition reads, in the order of its inputs.
    pub fn indicators(&self) -> impl Iterator<Item = &IndicatorId> {
        self.inputs.iter().filter_map(|(_, m)| m.component())
    }

    /// Whether it applies to units of `group`.
    pub fn applies_to(&self, group: &GroupId) -> bool {
        self.groups.is_empty() || self.groups.contains(group)
    }

    /// Checks the veto against the scheme's `catalog`, its declared `lists` and whether
    /// lower totals rank first, and compiles its condition.
    ///
    /// # Errors
    ///
    /// A [veto error](Error::is_veto) naming the veto, the key and the indicator if
    /// any: an empty id, name or document; no input, an input that is not a `score_of`
    /// or `value_of`, an indicator not in the catalogue (with the nearest id); a
    /// condition that does not compile, does not give true or false, or reads `points`;
    /// a list not declared, or one both in `not_on` and `put_on`; no effect at all; a
    /// cap below zero; a total effect when lower totals rank first.
    pub(crate) fn prepare(
        &self,
        catalog: &Catalog,
        lists: &[&str],
        lower_first: bool,
    ) -> Result<PreparedVeto> {
        let bad = |field: &str, i: Option<&IndicatorId>, why: String| {
            Error::invalid_veto(&self.id, None, i, field, why)
        };
        for (field, text) in [
            ("id", &self.id),
            ("name", &self.name),
            ("basis", &self.basis.document),
        ] {
            if text.trim().is_empty() {
                return Err(bad(field, None, "it is empty".into()));
            }
        }
        if self.inputs.is_empty() {
            return Err(bad(
                "inputs",
                None,
                "a veto reads at least one indicator (`{ score_of = \"I013\" }`)".into(),
            ));
        }
        let ids: Vec<&str> = catalog.indicators().iter().map(|i| i.id.as_str()).collect();
        let mut schema = Schema::new();
        let mut reads = Vec::with_capacity(self.inputs.len());
        for (name, m) in self.inputs.iter() {
            let (id, score) = match m {
                Measure::ScoreOf(i) => (i, true),
                Measure::ValueOf(i) => (i, false),
                _ => {
                    return Err(bad(
                        "inputs",
                        None,
                        format!(
                            "input `{name}` reads data points: a veto reads indicators' results (`score_of`, `value_of`)"
                        ),
                    ));
                }
            };
            let Ok(at) = catalog.indicators().binary_search_by(|i| i.id.cmp(id)) else {
                let hint = super::formula::nearest_name(id.as_str(), ids.iter().copied())
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                return Err(bad(
                    "inputs",
                    Some(id),
                    format!("indicator {id} is not in the scheme{hint}"),
                ));
            };
            let at = u32::try_from(at)
                .map_err(|_| Error::capacity("indicators", u64::from(u32::MAX)))?;
            schema = schema.input(Input::new(name));
            reads.push((at, score));
        }
        let program = Program::compile(&[], &self.when, &schema)
            .map_err(|e| bad("when", None, e.to_string()))?;
        if program.is_numeric() {
            return Err(bad(
                "when",
                None,
                "it gives a number: a veto's condition gives true or false (`errors >= 1`)".into(),
            ));
        }
        if program.uses().points {
            return Err(bad(
                "when",
                None,
                "it reads `points`: a veto has none (read an indicator's score)".into(),
            ));
        }
        for name in self.not_on.iter().chain(&self.put_on) {
            if !lists.contains(&name.as_str()) {
                let hint = crate::rulebook::suggest(name, lists)
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                return Err(bad(
                    if self.not_on.contains(name) {
                        "not_on"
                    } else {
                        "put_on"
                    },
                    None,
                    format!("list {name} is not declared{hint}"),
                ));
            }
        }
        if let Some(both) = self.not_on.iter().find(|l| self.put_on.contains(l)) {
            return Err(bad(
                "put_on",
                None,
                format!("list {both} is both in `not_on` and in `put_on`"),
            ));
        }
        match self.total {
            VetoTotal::Keep if self.not_on.is_empty() && self.put_on.is_empty() => {
                return Err(bad(
                    "total",
                    None,
                    "the veto does nothing: declare `total` (`zero`, `cap`), `not_on` or `put_on`"
                        .into(),
                ));
            }
            VetoTotal::Cap { at } if at.is_sign_negative() && !at.is_zero() => {
                return Err(bad("total", None, format!("the cap {at} is below zero")));
            }
            VetoTotal::Zero | VetoTotal::Cap { .. } if lower_first => {
                return Err(bad(
                    "total",
                    None,
                    "the scheme ranks lower totals first, where lowering a total would favour the unit: veto by lists (`not_on`, `put_on`)".into(),
                ));
            }
            _ => {}
        }
        Ok(PreparedVeto { program, reads })
    }
}

/// A veto checked and compiled once: its condition and, by input slot, the indicator
/// (by index) it reads and whether it reads the score (else the value).
#[derive(Debug, Clone)]
pub(crate) struct PreparedVeto {
    pub(crate) program: Program,
    pub(crate) reads: Vec<(u32, bool)>,
}

impl PreparedVeto {
    /// Whether the condition holds for `unit` of `veto`, the inputs being `values` (by
    /// slot).
    ///
    /// # Errors
    ///
    /// A value the condition reads that the indicator does not have (a ratio whose
    /// denominator is zero), or an overflow, naming the veto and the unit.
    pub(crate) fn holds(
        &self,
        veto: &Veto,
        unit: &UnitId,
        values: &[Option<Decimal>],
    ) -> Result<bool> {
        struct Values<'v>(&'v [Option<Decimal>]);
        impl Env for Values<'_> {
            fn input(&self, slot: usize) -> Option<Decimal> {
                self.0.get(slot).copied().flatten()
            }
            fn points(&self) -> Decimal {
                Decimal::ZERO
            }
        }
        let out = self
            .program
            .eval(&Values(values), &mut NoWatch)
            .map_err(|e| Error::invalid_veto(&veto.id, Some(unit), None, "when", e.to_string()))?;
        Ok(out.value.boolean().unwrap_or(false))
    }
}
