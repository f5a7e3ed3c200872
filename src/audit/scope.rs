//! Scoped views (分级查看): what one unit may see of an evaluation.
//!
//! A [`ScopedView`] is made for a viewing unit and the units below it (its subtree, as
//! the host knows its organisation). Through it the viewer reads, for the units in its
//! scope, every detail — indicator scores, traces, the aggregated facts — and, for every
//! other unit, only what is published anyway: the adjusted total, the rank and the
//! lists ([`Published`]). The view keeps the [`Assessment`], the [`Evaluation`] and the
//! sums private and hands out none of them, so a branch cannot reach a sibling's
//! details through it.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::facts::{Aggregate, Sums};
use crate::id::{DatapointId, GroupId, IndicatorId, UnitId};
use crate::scoring::{Assessment, Evaluation, PairScore, Trace, UnitResult};

/// The published figures of one unit: what every unit may see of every other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Published {
    /// The unit.
    pub unit: UnitId,
    /// Its peer group.
    pub group: GroupId,
    /// Its adjusted total.
    pub adjusted_total: Decimal,
    /// Its rank in the group.
    pub rank: Decimal,
    /// The number of units in the group.
    pub group_size: u32,
    /// The lists it is on.
    pub lists: Vec<String>,
}

impl From<&UnitResult> for Published {
    fn from(r: &UnitResult) -> Self {
        Self {
            unit: r.unit.clone(),
            group: r.group.clone(),
            adjusted_total: r.adjusted_total,
            rank: r.rank,
            group_size: r.group_size,
            lists: r.lists.clone(),
        }
    }
}

/// One unit's view of an evaluation: its own and its subtree's details, the published
/// figures of the others.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
/// use scorecard::audit::ScopedView;
/// use scorecard::facts::{Aggregates, Granularity};
/// use scorecard::{Assessment, Catalog, Fact, Period, Scheme, Targets, Unit, UnitId};
///
/// let catalog: Catalog = serde_json::from_str(r#"[
///     {"id": "I1", "name": "收入完成率", "points": "4", "groups": ["hall"],
///      "rule": {"kind": "completion", "measure": {"sum": "D1"}, "cap": "1.0"}},
///     {"id": "I2", "name": "有效投诉", "points": "2", "groups": ["hall"],
///      "rule": {"kind": "deduction", "measure": {"sum": "D2"}, "per_event": "0.5"}}
/// ]"#)?;
/// let scheme = Scheme::new(Period::year(2026)?, catalog);
/// let units: Vec<Unit> = ["U0001", "U0002", "U0003"].map(|u| Unit::new(u, u, "hall")).into();
/// let mut targets = Targets::new();
/// for u in &units {
///     targets.insert(u.id.clone(), "I1", Decimal::from(100))?;
/// }
/// let day = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
/// let mut agg = Aggregates::new(Granularity::Whole);
/// for (u, d, v) in [("U0001", "D1", 80), ("U0002", "D1", 120), ("U0002", "D2", 3), ("U0003", "D2", 1)] {
///     agg.add(&Fact::new(u.into(), d.into(), day, Decimal::from(v)))?;
/// }
/// let sums = agg.all();
/// let a = Assessment::new(scheme, units, &targets)?;
/// let e = a.evaluate(&sums)?;
/// let me = UnitId::from("U0001");
/// let view = ScopedView::new(&a, &e, &sums, me.clone(), [])?;
/// assert!(!view.pairs(&me)?.is_empty());
/// let sibling = UnitId::from("U0002");
/// assert!(view.pairs(&sibling).unwrap_err().is_out_of_scope());
/// assert!(view.published(&sibling).is_some()); // rank and lists are public
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ScopedView<'a, S: ?Sized> {
    assessment: &'a Assessment,
    evaluation: &'a Evaluation,
    sums: &'a S,
    viewer: UnitId,
    scope: BTreeSet<UnitId>,
}

impl<S: ?Sized> std::fmt::Debug for ScopedView<'_, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScopedView")
            .field("viewer", &self.viewer)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

impl<'a, S: Sums + ?Sized> ScopedView<'a, S> {
    /// The view of `viewer`, which may also see the details of the units in `below`
    /// (its subtree, as the host's organisation says).
    ///
    /// # Errors
    ///
    /// When `viewer` or a unit of `below` is not a unit of the assessment
    /// ([`Error::is_unknown_unit`]).
    pub fn new(
        assessment: &'a Assessment,
        evaluation: &'a Evaluation,
        sums: &'a S,
        viewer: UnitId,
        below: impl IntoIterator<Item = UnitId>,
    ) -> Result<Self> {
        let mut scope = BTreeSet::new();
        for u in std::iter::once(viewer.clone()).chain(below) {
            if assessment.unit(&u).is_none() {
                return Err(Error::unknown_unit(&u));
            }
            scope.insert(u);
        }
        Ok(Self {
            assessment,
            evaluation,
            sums,
            viewer,
            scope,
        })
    }

    /// The viewing unit.
    pub fn viewer(&self) -> &UnitId {
        &self.viewer
    }

    /// The units whose details the view shows: the viewer and those below it, by id.
    pub fn scope(&self) -> impl Iterator<Item = &UnitId> + '_ {
        self.scope.iter()
    }

    /// Whether the view shows the details of `unit`.
    pub fn sees(&self, unit: &UnitId) -> bool {
        self.scope.contains(unit)
    }

    fn check(&self, unit: &UnitId) -> Result<()> {
        if self.sees(unit) {
            Ok(())
        } else {
            Err(Error::out_of_scope(&self.viewer, unit))
        }
    }

    /// The totals, coefficient, rank and lists of a unit in scope.
    ///
    /// # Errors
    ///
    /// [`Error::is_out_of_scope`] for a unit outside the view;
    /// [`Error::is_unknown_unit`] when the evaluation has no result for it.
    pub fn result(&self, unit: &UnitId) -> Result<&'a UnitResult> {
        self.check(unit)?;
        self.evaluation
            .unit(unit)
            .ok_or_else(|| Error::unknown_unit(unit))
    }

    /// The indicator scores of a unit in scope, by indicator.
    ///
    /// # Errors
    ///
    /// [`Error::is_out_of_scope`] for a unit outside the view.
    pub fn pairs(&self, unit: &UnitId) -> Result<&'a [PairScore]> {
        self.check(unit)?;
        Ok(self.evaluation.pairs_of(unit))
    }

    /// The trace of a unit in scope on `indicator`.
    ///
    /// # Errors
    ///
    /// [`Error::is_out_of_scope`] for a unit outside the view; otherwise the errors of
    /// [`Assessment::trace`].
    pub fn trace(&self, unit: &UnitId, indicator: &IndicatorId) -> Result<Trace> {
        self.check(unit)?;
        self.assessment.trace(self.evaluation, unit, indicator)
    }

    /// The traces of every indicator of a unit in scope.
    ///
    /// # Errors
    ///
    /// As for [`trace`](Self::trace).
    pub fn traces(&self, unit: &UnitId) -> Result<Vec<Trace>> {
        self.check(unit)?;
        self.assessment.traces(self.evaluation, unit)
    }

    /// The aggregated facts of a unit in scope for `datapoint`.
    ///
    /// # Errors
    ///
    /// [`Error::is_out_of_scope`] for a unit outside the view; otherwise the sums' own
    /// errors.
    pub fn aggregate(&self, unit: &UnitId, datapoint: &DatapointId) -> Result<Aggregate> {
        self.check(unit)?;
        self.sums.aggregate(unit, datapoint)
    }

    /// The published figures of any unit (`None` for a unit not evaluated).
    pub fn published(&self, unit: &UnitId) -> Option<Published> {
        self.evaluation.unit(unit).map(Published::from)
    }

    /// The published figures of every unit, by id.
    pub fn ranking(&self) -> Vec<Published> {
        self.evaluation.units.iter().map(Published::from).collect()
    }

    /// The units on list `name`, by id.
    pub fn list(&self, name: &str) -> Vec<UnitId> {
        self.evaluation
            .list(name)
            .into_iter()
            .map(|r| r.unit.clone())
            .collect()
    }
}
