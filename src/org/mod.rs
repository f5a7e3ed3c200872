//! The organisation as scoring sees it: assessed units, their peer groups and their
//! factors (staff, households, revenue …); and the organisation graph of bureaus,
//! departments, posts (岗位) and the persons who hold them ([`OrgGraph`]).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::id::{FactorId, GroupId, UnitId};

mod check;
mod graph;

pub use self::check::OrgFinding;
pub use self::graph::{BureauLevel, Department, OrgGraph, OrgSpec, OrgUnit, Person, Post, Tenure};
pub use crate::id::{DepartmentId, PersonId, PostId};

/// An assessed unit (考核单位): a branch, a county bureau, an inspection bureau.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use scorecard::Unit;
///
/// let u = Unit::new("U0001", "石家庄长安区第一税务分局", "hall")
///     .region("石家庄")
///     .factor("staff", Decimal::from(40))
///     .factor("households", Decimal::from(12_000));
/// assert_eq!(u.factor_value(&"staff".into()).unwrap(), Decimal::from(40));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// The unit's id.
    pub id: UnitId,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// The peer group it is compared and ranked in (hall, key, territorial, inspection …).
    pub group: GroupId,
    /// The region (a city) it belongs to, for comparisons within a region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Its factors: staff, households, revenue … (per-capita values and difficulty
    /// coefficients read these).
    #[serde(default, deserialize_with = "crate::num::exact_serde::map_decimal")]
    pub factors: BTreeMap<FactorId, Decimal>,
}

impl Unit {
    /// A unit with no region and no factors yet.
    pub fn new(id: impl Into<UnitId>, name: impl Into<String>, group: impl Into<GroupId>) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            group: group.into(),
            region: None,
            factors: BTreeMap::new(),
        }
    }

    /// Sets the region.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sets a factor.
    pub fn factor(mut self, factor: impl Into<FactorId>, value: Decimal) -> Self {
        self.factors.insert(factor.into(), value);
        self
    }

    /// The value of `factor`.
    ///
    /// # Errors
    ///
    /// When the unit has no such factor.
    pub fn factor_value(&self, factor: &FactorId) -> Result<Decimal> {
        self.factors
            .get(factor)
            .copied()
            .ok_or_else(|| Error::missing_factor(&self.id, factor))
    }
}
