//! Error tolerance (容错机制, R11): deductions come from incidents; a policy decides
//! each one — waive, reduce by a share, or keep — and every decision is recorded with
//! its reason.
//!
//! - An [`Incident`] is a problem found on a date in a unit, counted in a data point
//!   that a deduction rule reads, with a [`Severity`] (one of which is a serious
//!   consequence, 造成严重后果) and, once fixed, a rectification date (整改).
//! - A [`TolerancePolicy`] decides every incident of a period. [`DefaultPolicy`]:
//!   rectified within N days and without serious consequence → waived, at most K per
//!   unit and period; beyond that reduced or kept as declared. [`NoTolerance`] keeps
//!   everything. The host may write its own.
//! - [`Assessment::tolerate`](crate::Assessment::tolerate) checks each incident against
//!   the assessment (a known unit, an indicator of the scheme that applies to it and
//!   reads the incident's data point: an error otherwise, before anything is scored),
//!   then [`Tolerated::decide`] checks the incidents and the policy's answers (one
//!   [`Decision`] per incident, never more than the full deduction) and keeps them.
//!   [`Tolerated::overlay`] is a [`Sums`] that adds the counted share of each incident
//!   to the host's sums, which is how tolerance reaches scoring; and
//!   [`Trace::with_tolerance`](crate::Trace::with_tolerance) puts a pair's decisions in
//!   its trace.
//!
//! Tolerance never increases a deduction: each incident counts between 0 and 1.
//!
//! # Examples
//!
//! ```
//! use chrono::NaiveDate;
//! use rust_decimal_macros::dec;
//! use scorecard::tolerance::{DefaultPolicy, Incident, Severity, Tolerated, Treatment};
//! use scorecard::{Aggregate, DatapointId, Period, Sums, UnitId};
//!
//! struct Nothing;
//! impl Sums for Nothing {
//!     fn aggregate(&self, _: &UnitId, _: &DatapointId) -> scorecard::Result<Aggregate> {
//!         Ok(Aggregate::default())
//!     }
//! }
//!
//! let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
//! let incidents = vec![
//!     Incident::new("P1", "U01", "I130", "D130", day(3, 2)).rectified(day(3, 5)),
//!     Incident::new("P2", "U01", "I130", "D130", day(4, 9)).rectified(day(4, 30)),
//!     Incident::new("P3", "U01", "I130", "D130", day(5, 1))
//!         .severity(Severity::SeriousConsequence)
//!         .rectified(day(5, 2)),
//! ];
//! // rectified within 7 days and not serious: waived, at most 2 per unit
//! let t = Tolerated::decide(&DefaultPolicy::new(7, 2), Period::year(2026)?, incidents)?;
//! let verdicts: Vec<Treatment> = t.decisions().iter().map(|d| d.verdict).collect();
//! assert_eq!(verdicts, [Treatment::Waive, Treatment::Keep, Treatment::Keep]);
//! assert_eq!(t.decisions()[0].explanation.zh, "问题 P1 在 3 天内整改（限 7 天），且未造成严重后果，免于扣分（本期第 1 次，至多 2 次）");
//! // two of the three still count in D130
//! let sums = t.overlay(&Nothing);
//! assert_eq!(sums.aggregate(&"U01".into(), &"D130".into())?.sum, dec!(2));
//! # Ok::<(), scorecard::Error>(())
//! ```

mod policy;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::facts::{Aggregate, Sums};
use crate::id::{DatapointId, IndicatorId, UnitId};
use crate::num::exact_add;
use crate::period::Period;
use crate::trace::Explanation;

pub use self::policy::{Beyond, DefaultPolicy};

/// How grave an incident is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Severity {
    /// 轻微.
    Minor,
    /// 一般.
    #[default]
    Ordinary,
    /// 造成严重后果: never tolerated by the default policy.
    SeriousConsequence,
}

impl Severity {
    /// Whether it had a serious consequence.
    pub fn is_serious(self) -> bool {
        self == Severity::SeriousConsequence
    }
}

/// A problem found (问题): one occurrence counted in a data point of a unit, under an
/// indicator whose deduction rule reads that data point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// The incident's id, unique in the period.
    pub id: String,
    /// The unit.
    pub unit: UnitId,
    /// The indicator it is deducted under.
    pub indicator: IndicatorId,
    /// The data point it counts in.
    pub datapoint: DatapointId,
    /// The day it was found.
    pub found: NaiveDate,
    /// How grave it is.
    #[serde(default)]
    pub severity: Severity,
    /// The day it was rectified (整改), if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rectified: Option<NaiveDate>,
    /// What happened, in words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl Incident {
    /// An ordinary, unrectified incident.
    pub fn new(
        id: impl Into<String>,
        unit: impl Into<UnitId>,
        indicator: impl Into<IndicatorId>,
        datapoint: impl Into<DatapointId>,
        found: NaiveDate,
    ) -> Self {
        Self {
            id: id.into(),
            unit: unit.into(),
            indicator: indicator.into(),
            datapoint: datapoint.into(),
            found,
            severity: Severity::default(),
            rectified: None,
            description: String::new(),
        }
    }

    /// Sets the severity.
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Sets the rectification date.
    pub fn rectified(mut self, day: NaiveDate) -> Self {
        self.rectified = Some(day);
        self
    }

    /// Sets the description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self
    }

    /// Days from found to rectified (0 = the same day), if rectified.
    pub fn days_to_rectify(&self) -> Option<i64> {
        self.rectified.map(|r| (r - self.found).num_days())
    }
}

/// What is done with an incident's deduction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Treatment {
    /// 免于扣分: not deducted.
    Waive,
    /// 减轻扣分: deducted less, by `by` (a share from 0 to 1 of the deduction removed).
    Reduce {
        /// The share removed (0.5 = half the deduction).
        by: Decimal,
    },
    /// 照常扣分: deducted in full.
    Keep,
}

impl Treatment {
    /// The share of the deduction still counted: 0, 1 − by, or 1.
    ///
    /// # Errors
    ///
    /// A reduction share outside 0 to 1 (it would increase the deduction or count less
    /// than nothing).
    pub fn counted(self) -> Result<Decimal> {
        match self {
            Treatment::Waive => Ok(Decimal::ZERO),
            Treatment::Keep => Ok(Decimal::ONE),
            Treatment::Reduce { by } => {
                if by < Decimal::ZERO || by > Decimal::ONE {
                    return Err(Error::invalid_option(
                        "verdict reduce",
                        "by",
                        by,
                        "outside 0 to 1 (the share of the deduction removed)",
                    ));
                }
                // 1 − by for 0 ≤ by ≤ 1 is from 0 to 1
                Decimal::ONE
                    .checked_sub(by)
                    .ok_or_else(|| Error::internal("1 − a share from 0 to 1 overflows"))
            }
        }
    }
}

/// Why a verdict was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// Rectified in time without serious consequence, within the period's allowance.
    RectifiedInTime {
        /// Days to rectify.
        days: i64,
        /// The days allowed.
        within: u32,
        /// This waiver's number among the unit's in the period (1-based).
        nth: u32,
        /// Waivers allowed per unit and period.
        allowed: u32,
    },
    /// Rectified in time, but the unit's waivers of the period are used up.
    AllowanceUsed {
        /// Days to rectify.
        days: i64,
        /// The days allowed.
        within: u32,
        /// Waivers allowed per unit and period.
        allowed: u32,
    },
    /// Rectified, but not within the days allowed.
    RectifiedLate {
        /// Days to rectify.
        days: i64,
        /// The days allowed.
        within: u32,
    },
    /// Not rectified.
    NotRectified,
    /// It had a serious consequence.
    SeriousConsequence,
    /// No tolerance applies (the [`NoTolerance`] policy).
    NoTolerance,
    /// A host policy's own reason.
    Host {
        /// In Chinese.
        zh: String,
        /// In English.
        en: String,
    },
}

/// One decision on one incident, with its reason: serde data for traces and reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Decision {
    /// The incident's id.
    pub incident: String,
    /// The unit.
    pub unit: UnitId,
    /// The indicator.
    pub indicator: IndicatorId,
    /// The data point.
    pub datapoint: DatapointId,
    /// The day it was found.
    pub found: NaiveDate,
    /// What is done with its deduction.
    pub verdict: Treatment,
    /// The share still counted (0 to 1).
    pub counted: Decimal,
    /// Why.
    pub reason: Reason,
    /// The decision in one line, in Chinese and English.
    pub explanation: Explanation,
}

impl Decision {
    /// The decision `verdict` on `incident` for `reason`, with its explanation.
    ///
    /// # Errors
    ///
    /// A reduction share outside 0 to 1, naming the incident.
    pub fn new(incident: &Incident, verdict: Treatment, reason: Reason) -> Result<Self> {
        let counted = verdict.counted().map_err(|e| {
            Error::invalid_incident(
                &incident.unit,
                &incident.indicator,
                &incident.id,
                e.to_string(),
            )
        })?;
        let explanation = explain(&incident.id, verdict, &reason);
        Ok(Self {
            incident: incident.id.clone(),
            unit: incident.unit.clone(),
            indicator: incident.indicator.clone(),
            datapoint: incident.datapoint.clone(),
            found: incident.found,
            verdict,
            counted,
            reason,
            explanation,
        })
    }
}

fn explain(id: &str, verdict: Treatment, reason: &Reason) -> Explanation {
    let (zh_v, en_v) = match verdict {
        Treatment::Waive => ("免于扣分".to_owned(), "waived".to_owned()),
        Treatment::Reduce { by } => {
            // a share, as a percentage: 0.5 → 50%
            let by = crate::num::DisplayFormat::percent(2).trimmed().write(by);
            (format!("减轻扣分（减免 {by}）"), format!("reduced by {by}"))
        }
        Treatment::Keep => ("照常扣分".to_owned(), "deducted in full".to_owned()),
    };
    let (zh, en) = match reason {
        Reason::RectifiedInTime {
            days,
            within,
            nth,
            allowed,
        } => (
            format!(
                "问题 {id} 在 {days} 天内整改（限 {within} 天），且未造成严重后果，{zh_v}（本期第 {nth} 次，至多 {allowed} 次）"
            ),
            format!(
                "incident {id} rectified in {days} days (allowed {within}) without serious consequence: {en_v} (waiver {nth} of at most {allowed} this period)"
            ),
        ),
        Reason::AllowanceUsed {
            days,
            within,
            allowed,
        } => (
            format!(
                "问题 {id} 在 {days} 天内整改（限 {within} 天），但本期 {allowed} 次容错已用完，{zh_v}"
            ),
            format!(
                "incident {id} rectified in {days} days (allowed {within}), but the {allowed} waivers of the period are used: {en_v}"
            ),
        ),
        Reason::RectifiedLate { days, within } => (
            format!("问题 {id} 用 {days} 天整改，超过 {within} 天，{zh_v}"),
            format!("incident {id} took {days} days to rectify, more than {within}: {en_v}"),
        ),
        Reason::NotRectified => (
            format!("问题 {id} 未整改，{zh_v}"),
            format!("incident {id} is not rectified: {en_v}"),
        ),
        Reason::SeriousConsequence => (
            format!("问题 {id} 造成严重后果，不予容错，{zh_v}"),
            format!("incident {id} had a serious consequence, not tolerated: {en_v}"),
        ),
        Reason::NoTolerance => (
            format!("问题 {id} 不适用容错，{zh_v}"),
            format!("incident {id}: no tolerance applies: {en_v}"),
        ),
        Reason::Host { zh, en } => (
            format!("问题 {id} {zh}，{zh_v}"),
            format!("incident {id}: {en}: {en_v}"),
        ),
    };
    Explanation { zh, en }
}

/// Decides the incidents of a period. The host may replace the [`DefaultPolicy`] with
/// its own.
///
/// [`Tolerated::decide`] calls it with the period's incidents, checked (unique ids,
/// found in the period, rectified no earlier than found) and sorted by unit, found date
/// and id; it must return exactly one decision per incident (in any order), each made
/// with [`Decision::new`].
pub trait TolerancePolicy {
    /// One decision per incident.
    ///
    /// # Errors
    ///
    /// The policy's own errors.
    fn decide(&self, period: Period, incidents: &[Incident]) -> Result<Vec<Decision>>;
}

impl<T: TolerancePolicy + ?Sized> TolerancePolicy for &T {
    fn decide(&self, period: Period, incidents: &[Incident]) -> Result<Vec<Decision>> {
        (**self).decide(period, incidents)
    }
}

/// No tolerance: every incident is deducted in full.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
// A unit struct: it has no keys, so no unknown keys to refuse.
pub struct NoTolerance;

impl TolerancePolicy for NoTolerance {
    fn decide(&self, _period: Period, incidents: &[Incident]) -> Result<Vec<Decision>> {
        incidents
            .iter()
            .map(|i| Decision::new(i, Treatment::Keep, Reason::NoTolerance))
            .collect()
    }
}

/// The decisions on a period's incidents, checked, and what they add to each unit and
/// data point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tolerated {
    decisions: Vec<Decision>,
    added: BTreeMap<(UnitId, DatapointId), Aggregate>,
}

impl Tolerated {
    /// Checks `incidents`, lets `policy` decide them, and checks the decisions.
    ///
    /// This knows the period only, not the scheme or the units: call it through
    /// [`Assessment::tolerate`](crate::Assessment::tolerate), which first refuses an
    /// incident naming an unknown unit or indicator, or a data point its indicator does
    /// not read (each would change sums that incident has nothing to do with).
    ///
    /// # Errors
    ///
    /// An incident given twice, found outside `period`, or rectified before it was
    /// found; a policy that leaves an incident undecided, decides one twice or one
    /// that was not given, or counts an incident outside 0 to 1; overflow.
    pub fn decide<P: TolerancePolicy + ?Sized>(
        policy: &P,
        period: Period,
        mut incidents: Vec<Incident>,
    ) -> Result<Self> {
        incidents.sort_by(|a, b| (&a.unit, a.found, &a.id).cmp(&(&b.unit, b.found, &b.id)));
        let mut by_id = BTreeMap::new();
        for i in &incidents {
            let bad = |reason: &str| Error::invalid_incident(&i.unit, &i.indicator, &i.id, reason);
            if !period.contains(i.found) {
                return Err(bad(&format!(
                    "found on {}, outside the period {period}",
                    i.found
                )));
            }
            if i.rectified.is_some_and(|r| r < i.found) {
                return Err(bad("rectified before it was found"));
            }
            if by_id.insert(i.id.as_str(), i).is_some() {
                return Err(bad("given twice"));
            }
        }
        let mut decisions = policy.decide(period, &incidents)?;
        let mut decided = BTreeSet::new();
        for d in &decisions {
            let bad =
                |reason: &str| Error::invalid_incident(&d.unit, &d.indicator, &d.incident, reason);
            let Some(i) = by_id.get(d.incident.as_str()) else {
                return Err(bad("the policy decided an incident that was not given"));
            };
            if (&i.unit, &i.indicator, &i.datapoint) != (&d.unit, &d.indicator, &d.datapoint) {
                return Err(bad(
                    "the policy's decision names another unit, indicator or data point",
                ));
            }
            if !decided.insert(d.incident.as_str()) {
                return Err(bad("the policy decided it twice"));
            }
            let counted = d.verdict.counted().map_err(|e| bad(&e.to_string()))?;
            if counted != d.counted {
                return Err(bad("the policy's counted share does not match its verdict"));
            }
        }
        if let Some(i) = incidents.iter().find(|i| !decided.contains(i.id.as_str())) {
            return Err(Error::invalid_incident(
                &i.unit,
                &i.indicator,
                &i.id,
                "the policy left it undecided",
            ));
        }
        decisions.sort_by(|a, b| {
            (&a.unit, &a.indicator, a.found, &a.incident).cmp(&(
                &b.unit,
                &b.indicator,
                b.found,
                &b.incident,
            ))
        });
        let mut added: BTreeMap<(UnitId, DatapointId), Aggregate> = BTreeMap::new();
        for d in &decisions {
            let slot = added
                .entry((d.unit.clone(), d.datapoint.clone()))
                .or_default();
            let overflow = || Error::overflow(&d.unit, Some(&d.indicator), "tolerated incidents");
            slot.sum = exact_add(slot.sum, d.counted).ok_or_else(overflow)?;
            if !d.counted.is_zero() {
                slot.count = slot.count.checked_add(1).ok_or_else(overflow)?;
            }
        }
        Ok(Self { decisions, added })
    }

    /// The decisions, sorted by unit, indicator, found date and incident.
    pub fn decisions(&self) -> &[Decision] {
        &self.decisions
    }

    /// The decisions on `unit`'s incidents under `indicator`.
    pub fn of_pair(&self, unit: &UnitId, indicator: &IndicatorId) -> Vec<&Decision> {
        self.decisions
            .iter()
            .filter(|d| d.unit == *unit && d.indicator == *indicator)
            .collect()
    }

    /// What the incidents add to `unit`'s `datapoint`: the sum of the counted shares,
    /// and the number of incidents counted at all.
    pub fn added(&self, unit: &UnitId, datapoint: &DatapointId) -> Aggregate {
        self.added
            .get(&(unit.clone(), datapoint.clone()))
            .copied()
            .unwrap_or_default()
    }

    /// `inner` with the incidents added: the sums that scoring should read.
    ///
    /// A reduced incident adds its counted share to the sum and 1 to the count, so
    /// reductions take effect for rules that measure a sum; a rule measuring a count
    /// sees only waivers.
    pub fn overlay<'a, S: Sums + ?Sized>(&'a self, inner: &'a S) -> Overlay<'a, S> {
        Overlay {
            tolerated: self,
            inner,
        }
    }
}

/// The host's sums with the tolerated incidents added; see [`Tolerated::overlay`].
#[derive(Debug)]
pub struct Overlay<'a, S: ?Sized> {
    tolerated: &'a Tolerated,
    inner: &'a S,
}

impl<S: Sums + ?Sized> Sums for Overlay<'_, S> {
    fn aggregate(&self, unit: &UnitId, datapoint: &DatapointId) -> Result<Aggregate> {
        let base = self.inner.aggregate(unit, datapoint)?;
        let key = (unit.clone(), datapoint.clone());
        let Some(add) = self.tolerated.added.get(&key) else {
            return Ok(base);
        };
        let indicator = self
            .tolerated
            .decisions
            .iter()
            .find(|d| d.unit == *unit && d.datapoint == *datapoint)
            .map(|d| &d.indicator);
        let overflow = || Error::overflow(unit, indicator, "tolerated incidents");
        Ok(Aggregate {
            // added as facts are (exact, at the larger scale)
            sum: exact_add(base.sum, add.sum).ok_or_else(overflow)?,
            count: base.count.checked_add(add.count).ok_or_else(overflow)?,
        })
    }
}
