//! Targets (目标值): the value each unit is to reach on each indicator that has one.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::id::{IndicatorId, UnitId};

/// Targets (目标值) per unit and indicator.
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
pub struct Targets(BTreeMap<(UnitId, IndicatorId), Decimal>);

#[derive(Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct TargetRow {
    unit: UnitId,
    indicator: IndicatorId,
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    target: Decimal,
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

    /// The number of targets.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl TryFrom<Vec<TargetRow>> for Targets {
    type Error = Error;
    fn try_from(rows: Vec<TargetRow>) -> Result<Self> {
        let mut t = Targets::new();
        for r in rows {
            t.insert(r.unit, r.indicator, r.target)?;
        }
        Ok(t)
    }
}

impl From<Targets> for Vec<TargetRow> {
    fn from(t: Targets) -> Self {
        t.0.into_iter()
            .map(|((unit, indicator), target)| TargetRow {
                unit,
                indicator,
                target,
            })
            .collect()
    }
}
