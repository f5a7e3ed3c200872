//! Facts: records from source systems, their validation and quarantine, and streaming
//! aggregation into sums that rules read.
//!
//! The data flow, from left to right:
//!
//! ```text
//! Fact / facts.csv line ──▶ Validator / FactReader ──▶ Accepted ──▶ Aggregates / DenseSums ──▶ Sums
//!                                                   ├─▶ OutOfPeriod (counted in the Tally)
//!                                                   └─▶ Rejected ──▶ Quarantine (host's sink)
//! ```
//!
//! - [`Fact`] is one structured record; [`Validator`] decides for each fact exactly one
//!   [`Disposition`]: accepted, out of period, or rejected with a [`RejectReason`].
//! - [`Quarantine`] is the sink the host implements for rejected records; the crate
//!   offers a collecting one (`Vec<Rejected>`) and a counting one ([`RejectCounter`]).
//!   [`Tally`] counts every record into exactly one class.
//! - [`Aggregates`] sums structured facts exactly by unit, data point and date bucket
//!   ([`Granularity`]), and can be viewed "as of" a date.
//! - [`FactReader`] is the fast path for the neutral CSV format
//!   (`unit_id,datapoint_id,date,value`): it reads bytes block by block, on several
//!   threads if asked, into [`DenseSums`] (integer cents per unit × data point of a
//!   [`Dictionary`]).
//!
//! Both paths implement [`Sums`], which is what scoring reads; [`DenseSums`] also offers
//! the low-level [`DenseLookup`] by index, which evaluations use when a store has it.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::id::{DatapointId, UnitId};

mod aggregate;
mod dict;
mod fact;
mod quarantine;
mod text;

pub use self::aggregate::{Aggregates, AggregatesView, Granularity};
pub use self::dict::Dictionary;
pub use self::fact::{Disposition, Fact, RejectReason, Validator, parse_decimal};
pub use self::quarantine::{Quarantine, RejectCounter, Rejected, Tally};
pub use self::text::{DenseSums, FactReader};

/// The sum and count of the accepted facts of one unit and data point (in a period).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Aggregate {
    /// Sum of the facts' values (0 when there are none).
    pub sum: Decimal,
    /// Number of facts summed.
    pub count: u64,
}

/// Where scoring reads measured data from: the aggregate of a unit's facts for a data
/// point. Implemented by the crate's aggregates; a host may implement it over its own
/// store with [`aggregate`](Sums::aggregate) alone.
///
/// A store is `Sync` so that an evaluation may read it from several threads
/// ([`Assessment::threads`](crate::Assessment::threads)).
///
/// # Examples
///
/// ```
/// use std::collections::BTreeMap;
/// use scorecard::{Aggregate, DatapointId, Result, Sums, UnitId};
///
/// /// The host's own store: sums it keeps in a map.
/// struct HostStore(BTreeMap<(UnitId, DatapointId), Aggregate>);
///
/// impl Sums for HostStore {
///     fn aggregate(&self, unit: &UnitId, datapoint: &DatapointId) -> Result<Aggregate> {
///         let key = (unit.clone(), datapoint.clone());
///         Ok(self.0.get(&key).copied().unwrap_or_default())
///     }
/// }
///
/// let store = HostStore(BTreeMap::new());
/// assert_eq!(store.aggregate(&"U1".into(), &"D1".into())?.count, 0);
/// assert!(store.dense().is_none());
/// # Ok::<(), scorecard::Error>(())
/// ```
pub trait Sums: Sync {
    /// The aggregate for `unit` and `datapoint`; [`Aggregate::default`] (sum 0, count 0)
    /// when there are no facts.
    ///
    /// # Errors
    ///
    /// When the aggregate cannot be represented as a `Decimal` (overflow).
    fn aggregate(&self, unit: &UnitId, datapoint: &DatapointId) -> Result<Aggregate>;

    /// The store's dense layout, when it has one ([`DenseLookup`], a low-level fast
    /// path: an evaluation resolves every id to an index once and then reads by
    /// index). `None`, the default, means "read by id".
    fn dense(&self) -> Option<&dyn DenseLookup> {
        None
    }
}

/// A low-level fast path for [`Sums`] stores laid out by dense indices (such as
/// [`DenseSums`], or the cells of a [`LiveEvaluation`](crate::LiveEvaluation)): an
/// evaluation resolves each unit and data point to its index once, then reads every
/// aggregate by index, without looking ids up again.
///
/// Few hosts need it: a store of the host's own implements [`Sums::aggregate`] and
/// leaves [`Sums::dense`] at its default. A store that does implement it returns
/// itself from [`Sums::dense`], and must give by index exactly what
/// [`Sums::aggregate`] gives by id.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use scorecard::facts::{DenseLookup, Dictionary, FactReader, RejectCounter};
/// use scorecard::{Period, Sums};
///
/// let dict = Dictionary::new(["U1".into(), "U2".into()], ["D1".into()])?;
/// let csv = "unit_id,datapoint_id,date,value\nU2,D1,2026-03-01,7.10\nU2,D1,2026-04-01,1\n";
/// let (sums, _) = FactReader::new(&dict, Period::year(2026)?)
///     .read(csv.as_bytes(), &mut RejectCounter::default())?;
/// let dense = sums.dense().expect("dense sums have indices");
/// let (u, d) = (dense.unit_index(&"U2".into()), dense.datapoint_index(&"D1".into()));
/// let at = dense.aggregate_at(u.unwrap(), d.unwrap())?;
/// assert_eq!(at, sums.aggregate(&"U2".into(), &"D1".into())?);
/// assert_eq!((at.sum.to_string(), at.count), ("8.10".into(), 2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait DenseLookup: Sync {
    /// The index of `unit` in the store's layout; `None` when it has none (the unit
    /// is then read by id).
    fn unit_index(&self, unit: &UnitId) -> Option<u32>;

    /// The index of `datapoint` in the store's layout; `None` when it has none.
    fn datapoint_index(&self, datapoint: &DatapointId) -> Option<u32>;

    /// The aggregate at indices this store returned from
    /// [`unit_index`](DenseLookup::unit_index) and
    /// [`datapoint_index`](DenseLookup::datapoint_index); it must equal
    /// [`Sums::aggregate`] of the same ids.
    ///
    /// # Errors
    ///
    /// As for [`Sums::aggregate`], and indices the store did not give.
    fn aggregate_at(&self, unit: u32, datapoint: u32) -> Result<Aggregate>;
}
