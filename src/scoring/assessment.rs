//! The assessment: a scheme with its units and targets, checked and indexed once
//! (peer groups, applicable pairs, full points, difficulty coefficients), and what it
//! answers about itself.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::calc::Calc;
use crate::catalog::Indicator;
use crate::error::{Error, Result};
use crate::facts::Sums;
use crate::id::{FactorId, GroupId, IndicatorId, UnitId};
use crate::org::Unit;
use crate::rule::Prepared;
use crate::scheme::Scheme;
use crate::scoring::{Override, Targets};

/// One applicable (unit, indicator) pair, by index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pair {
    pub(crate) unit: u32,
    pub(crate) indicator: u32,
    pub(crate) target: Option<Decimal>,
    /// The unit's value of the first factor the rule's measures divide by, if any.
    pub(crate) factor: Option<Decimal>,
    /// Its entry in [`Assessment::extras`], or [`NO_EXTRA`].
    pub(crate) extra: u32,
}

/// A pair without extras.
pub(crate) const NO_EXTRA: u32 = u32::MAX;

/// What a pair of a formula, table or host rule reads beyond a built-in kind's: its
/// named targets and the previous period of its inputs.
#[derive(Debug, Clone, Default)]
pub(crate) struct PairExtra {
    /// The named targets, in the rule's order.
    pub(crate) targets: Box<[Option<Decimal>]>,
    /// The previous period's value of each input (by slot), once given.
    pub(crate) previous: Box<[Option<Decimal>]>,
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
    /// indicator index → the rule prepared (compiled, resolved) and what it reads.
    pub(crate) prepared: Vec<Prepared>,
    /// indicator index → the first factor its measures divide by.
    pub(crate) first_factor: Vec<Option<FactorId>>,
    /// The extras of the pairs that have them.
    pub(crate) extras: Vec<PairExtra>,
    /// indicator index → the first of its peer-statistics slots, (group × slots) of them,
    /// for the indicators that read peers.
    pub(crate) peer_base: Vec<Option<usize>>,
    /// The number of peer-statistics slots of all indicators.
    pub(crate) peer_slots: usize,
    /// Whether the previous period was given ([`Assessment::with_previous`]).
    pub(crate) has_previous: bool,
    /// The composite indicators' reads of their components, the scoring order, and per
    /// indicator the indicators that read it (`composites.dependents`: what an
    /// incremental re-scoring re-scores after an indicator's pairs).
    pub(crate) composites: super::composite::Composites,
    /// The scheme's vetoes, checked and compiled, in its order.
    pub(crate) vetoes: Vec<crate::rule::PreparedVeto>,
}

impl Assessment {
    /// Checks and indexes a scheme with its units and targets.
    ///
    /// # Errors
    ///
    /// A repeated unit id; a target for a unit that is not among `units` or for an
    /// indicator that is not in the scheme ([`is_unknown_reference`](Error::is_unknown_reference),
    /// naming both; a target for a known pair whose rule needs none is allowed and
    /// unused); an applicable completion pair without a target or with a
    /// target ≤ 0 (naming the unit and indicator), or a formula pair without the target
    /// or a named target it reads; a composite indicator (复合指标) reading an
    /// indicator not in the scheme, reading a component that does not apply to a unit it
    /// applies to, or composites reading each other in a cycle
    /// ([`is_composite`](Error::is_composite), naming the indicators); a unit lacking a factor that a rule or the
    /// adjustment reads; a host rule not resolved; an invalid adjustment or list rule; a
    /// difficulty coefficient that cannot be computed (found here once, as it depends
    /// on the units' factors only).
    pub fn new(scheme: Scheme, mut units: Vec<Unit>, targets: &Targets) -> Result<Self> {
        scheme.validate()?;
        let vetoes = scheme.prepare_vetoes()?;
        // every rule compiled (a formula, a table) or resolved (a host rule) once
        let prepared: Vec<Prepared> = scheme
            .indicators
            .indicators()
            .iter()
            .map(|i| i.rule.prepare(&i.id, i.points))
            .collect::<Result<_>>()?;
        let composites = super::composite::Composites::new(&scheme.indicators, &prepared)?;
        let first_factor: Vec<Option<FactorId>> = prepared
            .iter()
            .zip(scheme.indicators.indicators())
            .map(|(p, i)| first_factor_of(i, p))
            .collect();
        units.sort_by(|a, b| a.id.cmp(&b.id));
        for w in units.windows(2) {
            if w[0].id == w[1].id {
                return Err(Error::duplicate_unit(&w[0].id));
            }
        }
        for (unit, indicator) in targets.pairs() {
            let known_unit = units.binary_search_by(|u| u.id.cmp(unit)).is_ok();
            if !known_unit || scheme.indicators.get(indicator).is_none() {
                return Err(Error::unknown_target_reference(
                    unit,
                    indicator,
                    !known_unit,
                ));
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
        let mut extras = Vec::new();
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
                for c in composites.components[ik].iter() {
                    let component = &indicators[c.of as usize];
                    if !component.applies_to(&u.group) {
                        return Err(Error::component_not_applicable(
                            &u.id,
                            &ind.id,
                            &component.id,
                        ));
                    }
                }
                let fields = pair_fields(
                    u,
                    ind,
                    &prepared[ik],
                    first_factor[ik].as_ref(),
                    || targets.get(&u.id, &ind.id),
                    |n| targets.get_named(&u.id, &ind.id, n),
                )?;
                let (factor, target) = (fields.factor, fields.target);
                let extra = match fields.named {
                    None => NO_EXTRA,
                    Some(named) => {
                        extras.push(PairExtra {
                            targets: named,
                            previous: Box::default(),
                        });
                        index(extras.len() - 1)?
                    }
                };
                pairs.push(Pair {
                    unit: index(uk)?,
                    indicator: index(ik)?,
                    target,
                    factor,
                    extra,
                });
            }
            unit_pairs.push((start, index(pairs.len())?));
        }
        let (peer_base, peer_slots) = peer_layout(&prepared, groups.len());
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
        let out = Self {
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
            prepared,
            first_factor,
            extras,
            peer_base,
            peer_slots,
            has_previous: false,
            composites,
            vetoes,
        };
        out.check_vetoes()?;
        Ok(out)
    }

    /// The assessment with the previous period's data (上期): the sums `previous` gives
    /// are measured as this period's inputs are, for every formula, table or host rule
    /// that reads an input's previous period (`previous(x)`, 同比 / 环比 growth). A live
    /// evaluation of the assessment reads them too.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use rust_decimal::Decimal;
    /// use rust_decimal_macros::dec;
    /// use scorecard::facts::{Aggregates, Granularity};
    /// use scorecard::{Assessment, Catalog, Fact, Period, Scheme, Targets, Unit};
    ///
    /// // growth of revenue against last year: 10 points at +10 % or more, linear below
    /// let catalog: Catalog = serde_json::from_str(r#"[
    ///     {"id": "I1", "name": "收入增长", "points": "10", "groups": ["g"],
    ///      "rule": {"kind": "formula", "inputs": {"revenue": {"sum": "D1"}},
    ///               "let": [{"name": "growth", "formula": "(revenue - previous(revenue)) / previous(revenue)"}],
    ///               "score": "points * clamp(growth / 10%, 0, 1)",
    ///               "direction": "higher_is_better", "value": "growth"}}
    /// ]"#)?;
    /// let scheme = Scheme::new(Period::year(2026)?, catalog);
    /// let units = vec![Unit::new("U1", "一分局", "g")];
    /// let sums = |v: i64, year: i32| -> scorecard::Result<Aggregates> {
    ///     let mut a = Aggregates::new(Granularity::Whole);
    ///     let day = NaiveDate::from_ymd_opt(year, 5, 1).unwrap();
    ///     a.add(&Fact::new("U1".into(), "D1".into(), day, Decimal::from(v)))?;
    ///     Ok(a)
    /// };
    /// let a = Assessment::new(scheme, units, &Targets::new())?
    ///     .with_previous(&sums(100, 2025)?.all())?;
    /// let e = a.evaluate(&sums(105, 2026)?.all())?;
    /// assert_eq!((e.pairs[0].score, e.pairs[0].value), (dec!(5), Some(dec!(0.05))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A sum `previous` cannot give; a measure that fails on it (a per-factor input of a
    /// unit whose factor is zero), naming the unit and indicator.
    pub fn with_previous<S: Sums + ?Sized>(mut self, previous: &S) -> Result<Self> {
        for k in 0..self.pairs.len() {
            let p = self.pairs[k];
            let prep = &self.prepared[p.indicator as usize];
            if prep.previous == 0 {
                continue;
            }
            let unit = &self.units[p.unit as usize];
            let ind = &self.scheme.indicators.indicators()[p.indicator as usize];
            let calc = Calc::new(&unit.id, Some(&ind.id));
            let mut values = vec![None; prep.inputs.len()];
            for (s, input) in prep.inputs.iter().enumerate() {
                if prep.previous & (1 << s) == 0 {
                    continue;
                }
                let factor = match input.measure.factor() {
                    Some(f) => Some(unit.factor_value(f)?),
                    None => None,
                };
                let read = |_: usize, d: &crate::id::DatapointId| previous.aggregate(&unit.id, d);
                values[s] = input.measure.measure(&calc, factor, read)?.value;
            }
            self.set_previous(k, values.into())?;
        }
        self.has_previous = true;
        Ok(self)
    }

    /// Sets pair `k`'s previous-period values, giving it extras when it has none.
    fn set_previous(&mut self, k: usize, values: Box<[Option<Decimal>]>) -> Result<()> {
        let extra = self.pairs[k].extra;
        if extra == NO_EXTRA {
            self.extras.push(PairExtra {
                targets: Box::default(),
                previous: values,
            });
            self.pairs[k].extra = index(self.extras.len() - 1)?;
        } else {
            self.extras[extra as usize].previous = values;
        }
        Ok(())
    }

    /// `to` (built from this assessment's units and a changed catalogue of the same
    /// indicators) with this assessment's previous period, if it has one: the values
    /// its inputs' previous periods were measured as, pair by pair.
    ///
    /// # Errors
    ///
    /// A pair reading the previous period of an input this assessment did not measure
    /// it for.
    pub(crate) fn carry_previous(&self, mut to: Assessment) -> Result<Assessment> {
        if !self.has_previous {
            return Ok(to);
        }
        for k in 0..to.pairs.len() {
            let p = to.pairs[k];
            let prep = &to.prepared[p.indicator as usize];
            if prep.previous == 0 {
                continue;
            }
            let before = self.pair_index(p.unit as usize, p.indicator).map(|j| {
                let q = &self.pairs[j];
                let prev = self.extra(q).map_or(&[][..], |e| &e.previous[..]);
                (&self.prepared[q.indicator as usize], prev)
            });
            let unit = &to.units[p.unit as usize].id;
            let ind = &to.scheme.indicators.indicators()[p.indicator as usize].id;
            let values = carried(before, prep, unit, ind)?;
            to.set_previous(k, values)?;
        }
        to.has_previous = true;
        Ok(to)
    }

    /// The extras of pair `p`, if it has any.
    pub(crate) fn extra(&self, p: &Pair) -> Option<&PairExtra> {
        self.extras.get(p.extra as usize)
    }

    /// The peer-statistics slots of indicator `ik` in group `g`: their first index and
    /// number, if the indicator reads peers.
    pub(crate) fn peer_range(&self, ik: usize, g: usize) -> Option<std::ops::Range<usize>> {
        let base = self.peer_base[ik]?;
        let n = self.prepared[ik].slots();
        Some(base + g * n..base + (g + 1) * n)
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

/// The first factor the measures of indicator `ind` (its rule prepared as `prep`)
/// divide by, if any.
pub(super) fn first_factor_of(ind: &Indicator, prep: &Prepared) -> Option<FactorId> {
    let mut measures = ind
        .rule
        .measure()
        .into_iter()
        .chain(prep.inputs.iter().map(|x| &x.measure));
    measures.find_map(|m| m.factor()).cloned()
}

/// The peer-statistics layout of rules `prepared` over `groups` groups: each indicator
/// that reads peers has (groups × slots) slots from its base, in indicator order;
/// returns the bases and the number of slots.
pub(super) fn peer_layout(prepared: &[Prepared], groups: usize) -> (Vec<Option<usize>>, usize) {
    let mut peer_base = vec![None; prepared.len()];
    let mut peer_slots = 0;
    for (b, p) in peer_base.iter_mut().zip(prepared) {
        if p.peers != 0 {
            *b = Some(peer_slots);
            peer_slots += groups * p.slots();
        }
    }
    (peer_base, peer_slots)
}

/// What a pair of indicator `ind` (its rule prepared as `prep`) reads besides the data:
/// the unit's value of the rule's first factor, its target and its named targets.
pub(super) struct PairFields {
    pub(super) factor: Option<Decimal>,
    pub(super) target: Option<Decimal>,
    /// The named targets in the rule's order (`None`: the rule reads none).
    pub(super) named: Option<Box<[Option<Decimal>]>>,
}

/// The fields of the pair of unit `u` and indicator `ind`, checked as
/// [`Assessment::new`] checks them, in this order: the first factor the rule's measures
/// divide by, every other factor a measure or formula reads, the target (`target()`;
/// greater than zero for a completion measure), the named targets (`named(name)`).
///
/// # Errors
///
/// A missing factor, a missing or invalid target, a missing named target, naming the
/// unit and indicator.
pub(super) fn pair_fields(
    u: &Unit,
    ind: &Indicator,
    prep: &Prepared,
    first_factor: Option<&FactorId>,
    target: impl FnOnce() -> Option<Decimal>,
    named: impl Fn(&str) -> Option<Decimal>,
) -> Result<PairFields> {
    let factor = match first_factor {
        Some(f) => Some(u.factor_value(f)?),
        None => None,
    };
    // every other factor a measure or formula reads is there too
    for m in prep.inputs.iter().map(|x| &x.measure) {
        if let Some(f) = m.factor() {
            u.factor_value(f)?;
        }
    }
    if let Some(c) = prep.compiled() {
        for f in &c.factors {
            u.factor_value(f)?;
        }
    }
    let target = if prep.needs_target {
        let t = target().ok_or_else(|| Error::missing_target(&u.id, &ind.id))?;
        if t <= Decimal::ZERO && ind.rule.measure().is_some() {
            return Err(Error::invalid_target(
                &u.id,
                &ind.id,
                t,
                "a completion target must be greater than zero",
            ));
        }
        Some(t)
    } else {
        None
    };
    let named = if prep.target_names.is_empty() {
        None
    } else {
        let found = prep
            .target_names
            .iter()
            .map(|n| {
                named(n)
                    .map(Some)
                    .ok_or_else(|| Error::missing_named_target(&u.id, &ind.id, n))
            })
            .collect::<Result<_>>()?;
        Some(found)
    };
    Ok(PairFields {
        factor,
        target,
        named,
    })
}

/// The previous period of a pair under rule `prep`, by slot, from the pair as it was
/// (`before`: its rule then and the previous period measured for it): each input whose
/// previous period `prep` reads takes the value measured for an input of the same
/// measure whose previous period was read.
///
/// # Errors
///
/// An input whose previous period was not measured, naming `unit` and `indicator`.
pub(super) fn carried(
    before: Option<(&Prepared, &[Option<Decimal>])>,
    prep: &Prepared,
    unit: &UnitId,
    indicator: &IndicatorId,
) -> Result<Box<[Option<Decimal>]>> {
    prep.inputs
        .iter()
        .enumerate()
        .map(|(s, input)| {
            if prep.previous & (1 << s) == 0 {
                return Ok(None);
            }
            before
                .and_then(|(old, values)| {
                    let t = old.inputs.iter().enumerate().position(|(t, x)| {
                        old.previous & (1 << t) != 0 && x.measure == input.measure
                    })?;
                    Some(values.get(t).copied().flatten())
                })
                .ok_or_else(|| {
                    Error::rule_failed(
                        Some(unit),
                        Some(indicator),
                        format!(
                            "it reads the previous period of input `{}`, which the assessment did not measure: build it again with the previous period (Assessment::with_previous)",
                            input.name
                        ),
                    )
                })
        })
        .collect()
}

/// `k` as a u32 index of units, groups or pairs.
pub(super) fn index(k: usize) -> Result<u32> {
    u32::try_from(k).map_err(|_| Error::capacity("units or pairs", u64::from(u32::MAX)))
}
