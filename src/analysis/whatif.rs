//! What-if simulation (模拟演练, R13): re-evaluate with changed facts, targets, weights
//! (points) or rules, and return what moved — scores, ranks and list memberships.
//!
//! Nothing is changed in place: a [`Scenario`] is applied to copies, the host's sums are
//! read through a [`Patched`] view, and [`what_if`] compares the two evaluations.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Indicator};
use crate::error::{Error, Result};
use crate::facts::{Aggregate, Sums};
use crate::id::{DatapointId, IndicatorId, UnitId};
use crate::rule::Rule;
use crate::scoring::{Assessment, Evaluation, Targets};

/// A view of the host's sums with some (unit, data point) aggregates replaced.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::analysis::Patched;
/// use scorecard::{Aggregate, DatapointId, Sums, UnitId};
///
/// struct Nothing;
/// impl Sums for Nothing {
///     fn aggregate(&self, _: &UnitId, _: &DatapointId) -> scorecard::Result<Aggregate> {
///         Ok(Aggregate::default())
///     }
/// }
/// let mut p = Patched::new(&Nothing);
/// p.set_sum("U1".into(), "D1".into(), dec!(12.5));
/// assert_eq!(p.aggregate(&"U1".into(), &"D1".into())?.sum, dec!(12.5));
/// assert_eq!(p.aggregate(&"U2".into(), &"D1".into())?.sum, dec!(0));
/// # Ok::<(), scorecard::Error>(())
/// ```
#[derive(Debug)]
pub struct Patched<'a, S: ?Sized> {
    inner: &'a S,
    set: BTreeMap<(UnitId, DatapointId), Aggregate>,
}

impl<'a, S: Sums + ?Sized> Patched<'a, S> {
    /// No replacement yet.
    pub fn new(inner: &'a S) -> Self {
        Self {
            inner,
            set: BTreeMap::new(),
        }
    }

    /// Replaces the aggregate of `unit` and `datapoint`.
    pub fn set(&mut self, unit: UnitId, datapoint: DatapointId, aggregate: Aggregate) {
        self.set.insert((unit, datapoint), aggregate);
    }

    /// Replaces the sum of `unit` and `datapoint`, keeping the count read from the
    /// host's sums (or already replaced).
    ///
    /// # Errors
    ///
    /// The host's read error.
    pub fn set_sum(&mut self, unit: UnitId, datapoint: DatapointId, sum: Decimal) -> Result<()> {
        let count = self.aggregate(&unit, &datapoint)?.count;
        self.set.insert((unit, datapoint), Aggregate { sum, count });
        Ok(())
    }
}

impl<S: Sums + ?Sized> Sums for Patched<'_, S> {
    fn aggregate(&self, unit: &UnitId, datapoint: &DatapointId) -> Result<Aggregate> {
        match self.set.get(&(unit.clone(), datapoint.clone())) {
            Some(a) => Ok(*a),
            None => self.inner.aggregate(unit, datapoint),
        }
    }
}

/// One change of a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case", deny_unknown_fields)]
pub enum ScenarioChange {
    /// Sets the sum of a unit's facts of a data point.
    SetSum {
        /// The unit.
        unit: UnitId,
        /// The data point.
        datapoint: DatapointId,
        /// The new sum.
        sum: Decimal,
    },
    /// Adds to the sum of a unit's facts of a data point (a negative value removes).
    AddToSum {
        /// The unit.
        unit: UnitId,
        /// The data point.
        datapoint: DatapointId,
        /// What is added.
        value: Decimal,
    },
    /// Sets a unit's target on an indicator (adding it when there was none).
    Target {
        /// The unit.
        unit: UnitId,
        /// The indicator.
        indicator: IndicatorId,
        /// The new target.
        target: Decimal,
    },
    /// Sets an indicator's full points (its weight).
    Points {
        /// The indicator.
        indicator: IndicatorId,
        /// The new full points.
        points: Decimal,
    },
    /// Replaces an indicator's rule.
    Rule {
        /// The indicator.
        indicator: IndicatorId,
        /// The new rule.
        rule: Rule,
    },
}

/// The variants of [`ScenarioChange`] as a scenario file writes them.
mod change_repr {
    use rust_decimal::Decimal;
    use serde::Deserialize;

    use crate::id::{DatapointId, IndicatorId, UnitId};
    use crate::rule::Rule;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct SetSum {
        pub(super) unit: UnitId,
        pub(super) datapoint: DatapointId,
        #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
        pub(super) sum: Decimal,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct AddToSum {
        pub(super) unit: UnitId,
        pub(super) datapoint: DatapointId,
        #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
        pub(super) value: Decimal,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Target {
        pub(super) unit: UnitId,
        pub(super) indicator: IndicatorId,
        #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
        pub(super) target: Decimal,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Points {
        pub(super) indicator: IndicatorId,
        #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
        pub(super) points: Decimal,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct RuleChange {
        pub(super) indicator: IndicatorId,
        pub(super) rule: Rule,
    }
}

crate::rulebook::kind_tagged!(ScenarioChange, tag = "change" {
    "set_sum" => SetSum { unit, datapoint, sum } from change_repr::SetSum,
    "add_to_sum" => AddToSum { unit, datapoint, value } from change_repr::AddToSum,
    "target" => Target { unit, indicator, target } from change_repr::Target,
    "points" => Points { indicator, points } from change_repr::Points,
    "rule" => Rule { indicator, rule } from change_repr::RuleChange,
});

/// A set of changes, applied in order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The changes.
    pub changes: Vec<ScenarioChange>,
}

impl Scenario {
    /// No change.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a change.
    pub fn with(mut self, change: ScenarioChange) -> Self {
        self.changes.push(change);
        self
    }

    /// The indicators as the scenario leaves them, by id, when it changes only
    /// indicators' points and rules (`None` otherwise).
    fn indicator_changes(&self, assessment: &Assessment) -> Result<Option<Vec<Indicator>>> {
        let catalog = &assessment.scheme().indicators;
        let mut news: BTreeMap<IndicatorId, Indicator> = BTreeMap::new();
        for c in &self.changes {
            let (ScenarioChange::Points { indicator, .. } | ScenarioChange::Rule { indicator, .. }) =
                c
            else {
                return Ok(None);
            };
            let new = match news.entry(indicator.clone()) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(e) => {
                    let old = catalog
                        .get(indicator)
                        .ok_or_else(|| Error::unknown_indicator(indicator, None))?;
                    e.insert(old.clone())
                }
            };
            match c {
                ScenarioChange::Points { points, .. } => new.points = *points,
                ScenarioChange::Rule { rule, .. } => new.rule = rule.clone(),
                _ => {}
            }
        }
        Ok(Some(news.into_values().collect()))
    }

    fn touches_definitions(&self) -> bool {
        self.changes.iter().any(|c| {
            !matches!(
                c,
                ScenarioChange::SetSum { .. } | ScenarioChange::AddToSum { .. }
            )
        })
    }
}

/// A score that moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct PairMoved {
    /// The unit.
    pub unit: UnitId,
    /// The indicator.
    pub indicator: IndicatorId,
    /// The score before (`None`: the pair did not exist).
    pub before: Option<Decimal>,
    /// The score after.
    pub after: Option<Decimal>,
}

/// A unit whose total, rank or lists moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct UnitMoved {
    /// The unit.
    pub unit: UnitId,
    /// The adjusted total before and after.
    pub total: (Decimal, Decimal),
    /// The rank before and after.
    pub rank: (Decimal, Decimal),
    /// The lists before.
    pub lists_before: Vec<String>,
    /// The lists after.
    pub lists_after: Vec<String>,
    /// Lists joined.
    pub joined: Vec<String>,
    /// Lists left.
    pub left: Vec<String>,
}

/// What a scenario moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct WhatIf {
    /// Scores that moved, by unit then indicator.
    pub pairs: Vec<PairMoved>,
    /// Units whose total, rank or lists moved, by id.
    pub units: Vec<UnitMoved>,
    /// The evaluation before.
    pub before: Evaluation,
    /// The evaluation after.
    pub after: Evaluation,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetRow {
    unit: UnitId,
    indicator: IndicatorId,
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    target: Decimal,
}

/// Re-evaluates under `scenario` and returns what moved.
///
/// `targets` must be the targets `assessment` was built with (the assessment is rebuilt
/// from its scheme, units, these targets and its overrides when the scenario changes a
/// definition; its previous period, if it has one, is carried as the values measured
/// for the inputs that read it, see [`Assessment::rescore_indicator`]). A scenario that changes only indicators' points and rules is evaluated
/// incrementally: only the changed indicators' pairs are scored again
/// ([`Assessment::rescore_indicator`], 增量重算), with the same result as a full
/// evaluation.
///
/// # Errors
///
/// A change naming an unknown unit or indicator, a changed definition that is not
/// valid, or an evaluation error.
///
/// # Examples
///
/// See `tests/analysis/whatif.rs`: one more complaint moves a unit off the red list.
pub fn what_if<S: Sums + ?Sized>(
    assessment: &Assessment,
    targets: &Targets,
    sums: &S,
    scenario: &Scenario,
) -> Result<WhatIf> {
    let before = assessment.evaluate(sums)?;
    let mut patched = Patched::new(sums);
    for c in &scenario.changes {
        match c {
            ScenarioChange::SetSum {
                unit,
                datapoint,
                sum,
            } => {
                known_unit(assessment, unit)?;
                patched.set_sum(unit.clone(), datapoint.clone(), *sum)?;
            }
            ScenarioChange::AddToSum {
                unit,
                datapoint,
                value,
            } => {
                known_unit(assessment, unit)?;
                let now = patched.aggregate(unit, datapoint)?.sum;
                let sum = now
                    .checked_add(*value)
                    .ok_or_else(|| Error::overflow(unit, None, "a what-if sum"))?;
                patched.set_sum(unit.clone(), datapoint.clone(), sum)?;
            }
            _ => {}
        }
    }
    let after = match scenario.indicator_changes(assessment)? {
        Some(news) if !news.is_empty() => {
            rescored(assessment, &before, targets, sums, scenario, &news)?
        }
        _ if scenario.touches_definitions() => {
            changed(assessment, targets, scenario)?.evaluate(&patched)?
        }
        _ => assessment.evaluate(&patched)?,
    };
    Ok(diff(before, after))
}

/// The evaluation after `news` (the changed indicators, by id), scoring again only
/// their pairs (增量重算), one indicator after another.
fn rescored<S: Sums + ?Sized>(
    assessment: &Assessment,
    before: &Evaluation,
    targets: &Targets,
    sums: &S,
    scenario: &Scenario,
    news: &[Indicator],
) -> Result<Evaluation> {
    if let [new] = news {
        return assessment
            .rescore_indicator(before, sums, targets, new)
            .map(|(_, e)| e);
    }
    let mut now: Option<(Assessment, Evaluation)> = None;
    for new in news {
        let step = match &now {
            None => assessment.rescore_indicator(before, sums, targets, new),
            Some((a, e)) => a.rescore_indicator(e, sums, targets, new),
        };
        match step {
            Ok(next) => now = Some(next),
            // a step may fail where the whole scenario does not (a later change mends
            // it), or fail otherwise: the full evaluation settles it
            Err(_) => return changed(assessment, targets, scenario)?.evaluate(sums),
        }
    }
    match now {
        Some((_, e)) => Ok(e),
        None => Ok(before.clone()),
    }
}

fn known_unit(assessment: &Assessment, unit: &UnitId) -> Result<()> {
    assessment
        .unit(unit)
        .map(|_| ())
        .ok_or_else(|| Error::unknown_unit(unit))
}

fn changed(assessment: &Assessment, targets: &Targets, scenario: &Scenario) -> Result<Assessment> {
    let mut scheme = assessment.scheme().clone();
    let mut indicators: Vec<_> = scheme.indicators.indicators().to_vec();
    let json = |e| Error::internal_because("the targets do not round-trip through JSON", e);
    let mut rows: Vec<TargetRow> =
        serde_json::from_value(serde_json::to_value(targets).map_err(json)?).map_err(json)?;
    for c in &scenario.changes {
        let find = |id: &IndicatorId, v: &[crate::catalog::Indicator]| {
            v.iter()
                .position(|i| i.id == *id)
                .ok_or_else(|| Error::unknown_indicator(id, None))
        };
        match c {
            ScenarioChange::Points { indicator, points } => {
                let k = find(indicator, &indicators)?;
                indicators[k].points = *points;
            }
            ScenarioChange::Rule { indicator, rule } => {
                let k = find(indicator, &indicators)?;
                indicators[k].rule = rule.clone();
            }
            ScenarioChange::Target {
                unit,
                indicator,
                target,
            } => {
                known_unit(assessment, unit)?;
                match rows
                    .iter_mut()
                    .find(|r| r.unit == *unit && r.indicator == *indicator)
                {
                    Some(r) => r.target = *target,
                    None => rows.push(TargetRow {
                        unit: unit.clone(),
                        indicator: indicator.clone(),
                        target: *target,
                    }),
                }
            }
            ScenarioChange::SetSum { .. } | ScenarioChange::AddToSum { .. } => {}
        }
    }
    scheme.indicators = Catalog::new(indicators)?;
    let targets: Targets =
        serde_json::from_value(serde_json::to_value(rows).map_err(json)?).map_err(json)?;
    // the manual overrides and the previous period stay in force
    let overrides = assessment.overrides().cloned().collect();
    let a = Assessment::new(scheme, assessment.units().to_vec(), &targets)?
        .with_overrides(overrides)?;
    Ok(assessment.carry_previous(a)?.threads(assessment.threads))
}

/// The moves between two evaluations of the same units.
pub fn diff(before: Evaluation, after: Evaluation) -> WhatIf {
    let mut pairs = Vec::new();
    let mut b = before.pairs.iter().peekable();
    let mut a = after.pairs.iter().peekable();
    loop {
        let key = |p: &crate::scoring::PairScore| (p.unit.clone(), p.indicator.clone());
        match (b.peek(), a.peek()) {
            (None, None) => break,
            (Some(x), Some(y)) if key(x) == key(y) => {
                if x.score != y.score {
                    pairs.push(PairMoved {
                        unit: x.unit.clone(),
                        indicator: x.indicator.clone(),
                        before: Some(x.score),
                        after: Some(y.score),
                    });
                }
                b.next();
                a.next();
            }
            (Some(x), y) if y.is_none_or(|y| key(x) < key(y)) => {
                pairs.push(PairMoved {
                    unit: x.unit.clone(),
                    indicator: x.indicator.clone(),
                    before: Some(x.score),
                    after: None,
                });
                b.next();
            }
            (_, Some(y)) => {
                pairs.push(PairMoved {
                    unit: y.unit.clone(),
                    indicator: y.indicator.clone(),
                    before: None,
                    after: Some(y.score),
                });
                a.next();
            }
            (Some(_), None) => {
                b.next();
            }
        }
    }
    let mut units = Vec::new();
    for x in &before.units {
        let Some(y) = after.unit(&x.unit) else {
            continue;
        };
        if x.adjusted_total != y.adjusted_total || x.rank != y.rank || x.lists != y.lists {
            units.push(UnitMoved {
                unit: x.unit.clone(),
                total: (x.adjusted_total, y.adjusted_total),
                rank: (x.rank, y.rank),
                joined: y
                    .lists
                    .iter()
                    .filter(|l| !x.lists.contains(l))
                    .cloned()
                    .collect(),
                left: x
                    .lists
                    .iter()
                    .filter(|l| !y.lists.contains(l))
                    .cloned()
                    .collect(),
                lists_before: x.lists.clone(),
                lists_after: y.lists.clone(),
            });
        }
    }
    WhatIf {
        pairs,
        units,
        before,
        after,
    }
}
