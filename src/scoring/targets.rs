//! Targets (目标值): the value each unit is to reach on each indicator that has one.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::id::{IndicatorId, UnitId};

/// Targets (目标值) per unit and indicator, and the named targets a formula reads
/// (`target("stretch")`: 奋斗目标 beside the 基本目标, say).
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use scorecard::Targets;
///
/// let mut t = Targets::new();
/// t.insert("U0001", "I001", Decimal::from(800)).unwrap();
/// assert!(t.insert("U0001", "I001", Decimal::from(900)).is_err()); // given twice
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
// A list of target rows, each refusing unknown keys.
#[serde(try_from = "Vec<TargetRow>", into = "Vec<TargetRow>")]
pub struct Targets(BTreeMap<(UnitId, IndicatorId), Decimal>, Named);

/// Named targets, by unit, indicator and name.
type Named = BTreeMap<(UnitId, IndicatorId, String), Decimal>;

#[derive(Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct TargetRow {
    unit: UnitId,
    indicator: IndicatorId,
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    target: Decimal,
    /// The name of a named target; absent for the unit's own target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

impl Targets {
    /// No targets.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the target of `unit` on `indicator`.
    ///
    /// # Errors
    ///
    /// When that pair already has a target.
    pub fn insert(
        &mut self,
        unit: impl Into<UnitId>,
        indicator: impl Into<IndicatorId>,
        target: Decimal,
    ) -> Result<()> {
        match self.0.entry((unit.into(), indicator.into())) {
            Entry::Occupied(e) => Err(Error::duplicate_target(&e.key().0, &e.key().1)),
            Entry::Vacant(e) => {
                e.insert(target);
                Ok(())
            }
        }
    }

    /// The target of `unit` on `indicator`.
    pub fn get(&self, unit: &UnitId, indicator: &IndicatorId) -> Option<Decimal> {
        self.0.get(&(unit.clone(), indicator.clone())).copied()
    }

    /// Every target: unit, indicator and value, ordered by unit then indicator.
    pub fn iter(&self) -> impl Iterator<Item = (&UnitId, &IndicatorId, Decimal)> + '_ {
        self.0.iter().map(|((u, i), t)| (u, i, *t))
    }

    /// Every (unit, indicator) pair given a target, named ones included (with repeats).
    pub(crate) fn pairs(&self) -> impl Iterator<Item = (&UnitId, &IndicatorId)> + '_ {
        let own = self.0.keys().map(|(u, i)| (u, i));
        own.chain(self.1.keys().map(|(u, i, _)| (u, i)))
    }

    /// Sets the named target `name` of `unit` on `indicator`, read by a formula as
    /// `target("name")`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use scorecard::Targets;
    ///
    /// let mut t = Targets::new();
    /// t.insert("U0001", "I001", Decimal::from(800)).unwrap();
    /// t.insert_named("U0001", "I001", "stretch", Decimal::from(1000)).unwrap();
    /// assert_eq!(t.get_named(&"U0001".into(), &"I001".into(), "stretch"), Some(Decimal::from(1000)));
    /// assert_eq!(t.len(), 2);
    /// ```
    ///
    /// # Errors
    ///
    /// When that pair already has a target of that name, or the name is empty.
    pub fn insert_named(
        &mut self,
        unit: impl Into<UnitId>,
        indicator: impl Into<IndicatorId>,
        name: impl Into<String>,
        target: Decimal,
    ) -> Result<()> {
        let (unit, indicator, name) = (unit.into(), indicator.into(), name.into());
        if name.is_empty() {
            return Err(Error::invalid_target(
                &unit,
                &indicator,
                target,
                "a named target's name is empty",
            ));
        }
        match self.1.entry((unit, indicator, name)) {
            Entry::Occupied(e) => Err(Error::duplicate_named_target(
                &e.key().0,
                &e.key().1,
                &e.key().2,
            )),
            Entry::Vacant(e) => {
                e.insert(target);
                Ok(())
            }
        }
    }

    /// The named target `name` of `unit` on `indicator`.
    pub fn get_named(&self, unit: &UnitId, indicator: &IndicatorId, name: &str) -> Option<Decimal> {
        self.1
            .get(&(unit.clone(), indicator.clone(), name.to_owned()))
            .copied()
    }

    /// The number of targets, named ones included.
    pub fn len(&self) -> usize {
        self.0.len() + self.1.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty() && self.1.is_empty()
    }
}

impl TryFrom<Vec<TargetRow>> for Targets {
    type Error = Error;
    fn try_from(rows: Vec<TargetRow>) -> Result<Self> {
        let mut t = Targets::new();
        for r in rows {
            match r.name {
                None => t.insert(r.unit, r.indicator, r.target)?,
                Some(name) => t.insert_named(r.unit, r.indicator, name, r.target)?,
            }
        }
        Ok(t)
    }
}

impl From<Targets> for Vec<TargetRow> {
    fn from(t: Targets) -> Self {
        let own =
            t.0.into_iter()
                .map(|((unit, indicator), target)| TargetRow {
                    unit,
                    indicator,
                    target,
                    name: None,
                });
        let named =
            t.1.into_iter()
                .map(|((unit, indicator, name), target)| TargetRow {
                    unit,
                    indicator,
                    target,
                    name: Some(name),
                });
        own.chain(named).collect()
    }
}
