//! The assessment: a scheme with its units and targets, checked and indexed once
//! (peer groups, applicable pairs, full points, difficulty coefficients), and what it
//! answers about itself.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::calc::Calc;
use crate::catalog::Indicator;
use crate::error::{Error, Result};
use crate::id::{GroupId, UnitId};
use crate::org::Unit;
use crate::scheme::Scheme;
use crate::scoring::{Override, Targets};

/// One applicable (unit, indicator) pair, by index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pair {
    pub(crate) unit: u32,
    pub(crate) indicator: u32,
    pub(crate) target: Option<Decimal>,
    /// The unit's value of the factor the measure divides by, if it has one.
    pub(crate) factor: Option<Decimal>,
}

/// A scheme, its units and targets, checked and indexed, ready to evaluate any data.
///
/// A service keeps one `Assessment` for a period and evaluates it as data arrives;
/// each [`Evaluation`](crate::Evaluation) is plain data, and [`Assessment::trace`]
/// explains any of its scores.
///
/// # Examples
///
/// See the crate's README.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub(crate) scheme: Scheme,
    pub(crate) units: Vec<Unit>,
    /// group id → member unit indices (ascending), in group id order.
    pub(crate) groups: Vec<(GroupId, Vec<u32>)>,
    /// unit index → group index.
    pub(crate) unit_group: Vec<u32>,
    /// Applicable pairs, by unit then indicator.
    pub(crate) pairs: Vec<Pair>,
    /// unit index → range of its pairs.
    pub(crate) unit_pairs: Vec<(u32, u32)>,
    /// unit index → full points of its applicable indicators.
    pub(crate) unit_full: Vec<Decimal>,
    /// unit index → its difficulty coefficient (units' factors only: the same in every
    /// evaluation).
    pub(crate) coefficients: Vec<Decimal>,
    /// pair index → its manual override, if any (empty when there are none).
    pub(crate) overrides: Vec<Option<Override>>,
    /// Threads an evaluation may use (at least 1).
    pub(crate) threads: usize,
}

impl Assessment {
    /// Checks and indexes a scheme with its units and targets.
    ///
    /// # Errors
    ///
    /// A repeated unit id; an applicable completion pair without a target or with a
    /// target ≤ 0 (naming the unit and indicator); a unit lacking a factor that a rule
    /// or the adjustment reads; an invalid adjustment or list rule; a difficulty
    /// coefficient that cannot be computed (found here once, as it depends on the
    /// units' factors only).
    pub fn new(scheme: Scheme, mut units: Vec<Unit>, targets: &Targets) -> Result<Self> {
        scheme.validate()?;
        units.sort_by(|a, b| a.id.cmp(&b.id));
        for w in units.windows(2) {
            if w[0].id == w[1].id {
                return Err(Error::duplicate_unit(&w[0].id));
            }
        }
        let mut by_group: BTreeMap<GroupId, Vec<u32>> = BTreeMap::new();
        for (k, u) in units.iter().enumerate() {
            by_group.entry(u.group.clone()).or_default().push(index(k)?);
        }
        let groups: Vec<(GroupId, Vec<u32>)> = by_group.into_iter().collect();
        let mut unit_group = vec![0u32; units.len()];
        for (g, (_, members)) in groups.iter().enumerate() {
            for &m in members {
                unit_group[m as usize] = index(g)?;
            }
        }
        let indicators = scheme.indicators.indicators();
        let adjustment_factors = scheme.adjustment.factors();
        let mut pairs = Vec::new();
        let mut unit_pairs = Vec::with_capacity(units.len());
        for (uk, u) in units.iter().enumerate() {
            for f in &adjustment_factors {
                u.factor_value(f)?;
            }
            let start = index(pairs.len())?;
            for (ik, ind) in indicators.iter().enumerate() {
                if !ind.applies_to(&u.group) {
                    continue;
                }
                let factor = match ind.rule.measure().factor() {
                    Some(f) => Some(u.factor_value(f)?),
                    None => None,
                };
                let target = if ind.rule.needs_target() {
                    Some(pair_target(targets, &u.id, &ind.id)?)
                } else {
                    None
                };
                pairs.push(Pair {
                    unit: index(uk)?,
                    indicator: index(ik)?,
                    target,
                    factor,
                });
            }
            unit_pairs.push((start, index(pairs.len())?));
        }
        let mut unit_full = Vec::with_capacity(units.len());
        for (uk, u) in units.iter().enumerate() {
            let (a, b) = unit_pairs[uk];
            let calc = Calc::new(&u.id, None);
            let mut full = Decimal::ZERO;
            for p in &pairs[a as usize..b as usize] {
                let ind = &scheme.indicators.indicators()[p.indicator as usize];
                full = calc.add(full, ind.full_points(), "full points")?;
            }
            unit_full.push(full);
        }
        let mut coefficients = vec![Decimal::ONE; units.len()];
        for (_, members) in &groups {
            let group_units: Vec<&Unit> = members.iter().map(|&m| &units[m as usize]).collect();
            let found = scheme.adjustment.coefficients(&group_units)?;
            for (&m, c) in members.iter().zip(found) {
                coefficients[m as usize] = c;
            }
        }
        Ok(Self {
            scheme,
            units,
            groups,
            unit_group,
            pairs,
            unit_pairs,
            unit_full,
            coefficients,
            overrides: Vec::new(),
            threads: 1,
        })
    }

    /// The scheme.
    pub fn scheme(&self) -> &Scheme {
        &self.scheme
    }

    /// The units, sorted by id.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The unit with this id.
    pub fn unit(&self, id: &UnitId) -> Option<&Unit> {
        self.units
            .binary_search_by(|u| u.id.cmp(id))
            .ok()
            .map(|k| &self.units[k])
    }

    /// The number of applicable (unit, indicator) pairs.
    pub fn pair_count(&self) -> usize {
        self.pairs.len()
    }

    /// Whether `unit` has an applicable indicator reading `datapoint`.
    pub fn uses(&self, unit: &UnitId, datapoint: &crate::id::DatapointId) -> bool {
        let Ok(k) = self.units.binary_search_by(|u| u.id.cmp(unit)) else {
            return false;
        };
        let (a, b) = self.unit_pairs[k];
        self.pairs[a as usize..b as usize].iter().any(|p| {
            self.indicator(p)
                .rule
                .measure_datapoints()
                .any(|d| d == datapoint)
        })
    }

    /// Checks that every data point an applicable indicator reads is among `known` (the
    /// data dictionary of the source systems).
    ///
    /// # Errors
    ///
    /// The first unknown data point, naming the indicator and a unit it applies to.
    pub fn check_datapoints(&self, known: &[crate::id::DatapointId]) -> Result<()> {
        let known: std::collections::BTreeSet<&crate::id::DatapointId> = known.iter().collect();
        for p in &self.pairs {
            let ind = self.indicator(p);
            if let Some(d) = ind.rule.measure_datapoints().find(|d| !known.contains(d)) {
                return Err(Error::unknown_datapoint(
                    Some(&self.units[p.unit as usize].id),
                    &ind.id,
                    d,
                ));
            }
        }
        Ok(())
    }

    pub(super) fn indicator(&self, p: &Pair) -> &Indicator {
        &self.scheme.indicators.indicators()[p.indicator as usize]
    }

    /// The pair of unit `uk` and indicator `ik`, if the indicator applies.
    pub(crate) fn pair_index(&self, uk: usize, ik: u32) -> Option<usize> {
        let (a, b) = self.unit_pairs[uk];
        self.pairs[a as usize..b as usize]
            .binary_search_by(|p| p.indicator.cmp(&ik))
            .ok()
            .map(|j| a as usize + j)
    }
}

/// The target of `unit` on `indicator`, whose rule needs one.
pub(super) fn pair_target(
    targets: &Targets,
    unit: &UnitId,
    indicator: &crate::id::IndicatorId,
) -> Result<Decimal> {
    let t = targets
        .get(unit, indicator)
        .ok_or_else(|| Error::missing_target(unit, indicator))?;
    if t <= Decimal::ZERO {
        return Err(Error::invalid_target(
            unit,
            indicator,
            t,
            "a completion target must be greater than zero",
        ));
    }
    Ok(t)
}

/// `k` as a u32 index of units, groups or pairs.
pub(super) fn index(k: usize) -> Result<u32> {
    u32::try_from(k).map_err(|_| Error::config("more than 4 294 967 295 units or pairs"))
}
