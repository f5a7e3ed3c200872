//! Streaming, mergeable aggregation of structured facts by unit, data point and date
//! bucket.

use std::collections::BTreeMap;
use std::ops::Bound;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::fact::Fact;
use super::{Aggregate, Sums};
use crate::error::{Error, Result};
use crate::id::{DatapointId, UnitId};
use crate::num::exact_add;
use crate::period::Period;

/// How finely [`Aggregates`] keeps facts apart by date: the finer, the more as-of dates
/// can be answered, the more memory (one entry per unit, data point and bucket with
/// facts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Granularity {
    /// One bucket for everything: only [`Aggregates::all`] can be asked.
    #[default]
    Whole,
    /// One bucket per calendar month: views must start on a first and end on a last day
    /// of a month.
    Month,
    /// One bucket per day: any view can be asked.
    Day,
}

impl Granularity {
    /// The first day of the bucket of `date` (`NaiveDate::MIN` for the one whole bucket).
    fn bucket(self, date: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Whole => NaiveDate::MIN,
            Granularity::Month => date.with_day(1).unwrap_or(date),
            Granularity::Day => date,
        }
    }

    /// Whether a view may start on `date` (the buckets before it are whole).
    fn starts_bucket(self, date: NaiveDate) -> bool {
        match self {
            Granularity::Whole => false,
            Granularity::Month => date.day() == 1,
            Granularity::Day => true,
        }
    }

    /// Whether a view may end on `date` (its bucket ends that day).
    fn ends_bucket(self, date: NaiveDate) -> bool {
        match self {
            Granularity::Whole => false,
            Granularity::Month => date.succ_opt().is_none_or(|next| next.day() == 1),
            Granularity::Day => true,
        }
    }
}

fn add_into(into: &mut Aggregate, sum: Decimal, count: u64, unit: &UnitId) -> Result<()> {
    into.sum =
        exact_add(into.sum, sum).ok_or_else(|| Error::overflow(unit, None, "sum of facts"))?;
    into.count = into
        .count
        .checked_add(count)
        .ok_or_else(|| Error::overflow(unit, None, "count of facts"))?;
    Ok(())
}

type Buckets = BTreeMap<NaiveDate, Aggregate>;

/// Exact sums and counts of facts by unit, data point and date bucket.
///
/// Memory grows with the distinct (unit, data point, bucket) keys, not with the facts.
/// Shards built separately (by thread, by file, by day) [`merge`](Aggregates::merge)
/// into the same result as one pass, in any order.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
/// use scorecard::facts::{Aggregates, Granularity};
/// use scorecard::{Fact, Sums};
///
/// let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
/// let mut agg = Aggregates::new(Granularity::Month);
/// agg.add(&Fact::new("H1".into(), "D01".into(), d(1, 5), Decimal::new(5025, 2))).unwrap();
/// agg.add(&Fact::new("H1".into(), "D01".into(), d(2, 5), Decimal::new(100, 0))).unwrap();
/// let all = agg.all().aggregate(&"H1".into(), &"D01".into()).unwrap();
/// assert_eq!((all.sum.to_string(), all.count), ("150.25".to_string(), 2));
/// // as of the end of January only the first fact is known
/// let jan = agg.up_to(d(1, 31)).unwrap().aggregate(&"H1".into(), &"D01".into()).unwrap();
/// assert_eq!(jan.sum.to_string(), "50.25");
/// // mid-month cannot be answered from month buckets
/// assert!(agg.up_to(d(2, 15)).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Aggregates {
    granularity: Granularity,
    cells: BTreeMap<UnitId, BTreeMap<DatapointId, Buckets>>,
}

impl Aggregates {
    /// Empty aggregates that keep facts apart by `granularity`.
    pub fn new(granularity: Granularity) -> Self {
        Self {
            granularity,
            cells: BTreeMap::new(),
        }
    }

    /// The granularity the aggregates were made with.
    pub fn granularity(&self) -> Granularity {
        self.granularity
    }

    /// Adds one fact (the caller has decided it is accepted; see
    /// [`Validator`](super::Validator)).
    ///
    /// # Errors
    ///
    /// When the bucket's sum or count overflows; the aggregates are then unchanged.
    pub fn add(&mut self, fact: &Fact) -> Result<()> {
        self.add_value(&fact.unit, &fact.datapoint, fact.date, fact.value)
    }

    /// Adds one value of `unit` and `datapoint` dated `date`.
    ///
    /// # Errors
    ///
    /// When the bucket's sum or count overflows; the aggregates are then unchanged.
    pub fn add_value(
        &mut self,
        unit: &UnitId,
        datapoint: &DatapointId,
        date: NaiveDate,
        value: Decimal,
    ) -> Result<()> {
        self.add_aggregate(unit, datapoint, self.granularity.bucket(date), value, 1)
    }

    fn add_aggregate(
        &mut self,
        unit: &UnitId,
        datapoint: &DatapointId,
        bucket: NaiveDate,
        sum: Decimal,
        count: u64,
    ) -> Result<()> {
        let by_dp = self.cells.entry(unit.clone()).or_default();
        let buckets = match by_dp.get_mut(datapoint) {
            Some(b) => b,
            None => by_dp.entry(datapoint.clone()).or_default(),
        };
        let mut cell = buckets.get(&bucket).copied().unwrap_or_default();
        add_into(&mut cell, sum, count, unit)?;
        buckets.insert(bucket, cell);
        Ok(())
    }

    /// Adds all of `other` into `self`.
    ///
    /// # Errors
    ///
    /// When the granularities differ, or a sum or count overflows (`self` may then hold
    /// part of `other`).
    pub fn merge(&mut self, other: &Aggregates) -> Result<()> {
        if self.granularity != other.granularity {
            return Err(Error::mismatch(format!(
                "cannot merge aggregates by {:?} into aggregates by {:?}",
                other.granularity, self.granularity
            )));
        }
        for (unit, by_dp) in &other.cells {
            for (datapoint, buckets) in by_dp {
                for (bucket, cell) in buckets {
                    self.add_aggregate(unit, datapoint, *bucket, cell.sum, cell.count)?;
                }
            }
        }
        Ok(())
    }

    /// Number of (unit, data point, bucket) entries held.
    pub fn len(&self) -> usize {
        self.cells
            .values()
            .flat_map(BTreeMap::values)
            .map(BTreeMap::len)
            .sum()
    }

    /// Whether no fact was added.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// All facts added.
    pub fn all(&self) -> AggregatesView<'_> {
        AggregatesView {
            aggregates: self,
            from: None,
            to: None,
        }
    }

    /// The facts dated in `period`.
    ///
    /// # Errors
    ///
    /// When the period's ends cut a bucket: by month, it must start on a first and end on
    /// a last day of a month; by [`Granularity::Whole`], no period can be asked.
    pub fn within(&self, period: Period) -> Result<AggregatesView<'_>> {
        if !self.granularity.starts_bucket(period.start()) {
            return Err(self.cut(period.start()));
        }
        if !self.granularity.ends_bucket(period.end()) {
            return Err(self.cut(period.end()));
        }
        Ok(AggregatesView {
            aggregates: self,
            from: Some(period.start()),
            to: Some(period.end()),
        })
    }

    /// The facts dated up to and including `as_of`: what was known that day.
    ///
    /// # Errors
    ///
    /// When `as_of` cuts a bucket: by month it must be the last day of a month; by
    /// [`Granularity::Whole`], no as-of date can be asked.
    pub fn up_to(&self, as_of: NaiveDate) -> Result<AggregatesView<'_>> {
        if !self.granularity.ends_bucket(as_of) {
            return Err(self.cut(as_of));
        }
        Ok(AggregatesView {
            aggregates: self,
            from: None,
            to: Some(as_of),
        })
    }

    fn cut(&self, date: NaiveDate) -> Error {
        Error::invalid_date(
            date,
            format!(
                "cuts a bucket of aggregates by {:?}; aggregate by a finer granularity",
                self.granularity
            ),
        )
    }
}

/// A view of [`Aggregates`] over a range of dates; implements [`Sums`].
#[derive(Debug, Clone, Copy)]
pub struct AggregatesView<'a> {
    aggregates: &'a Aggregates,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl Sums for AggregatesView<'_> {
    /// The sum and count of the buckets in the view's range; sum 0 and count 0 for a
    /// unit or data point without facts.
    fn aggregate(&self, unit: &UnitId, datapoint: &DatapointId) -> Result<Aggregate> {
        let Some(buckets) = self
            .aggregates
            .cells
            .get(unit)
            .and_then(|by_dp| by_dp.get(datapoint))
        else {
            return Ok(Aggregate::default());
        };
        let lower = self.from.map_or(Bound::Unbounded, Bound::Included);
        let upper = self.to.map_or(Bound::Unbounded, Bound::Included);
        let mut total = Aggregate::default();
        for cell in buckets.range((lower, upper)).map(|(_, c)| c) {
            add_into(&mut total, cell.sum, cell.count, unit)?;
        }
        Ok(total)
    }
}
