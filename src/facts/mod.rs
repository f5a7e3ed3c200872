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
//! Both paths implement [`Sums`], which is what scoring reads.

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
pub use self::fact::{Disposition, Fact, RejectReason, Validator, parse_decimal, parse_fact_value};
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
/// store.
///
/// A store is `Sync` so that an evaluation may read it from several threads
/// ([`Assessment::threads`](crate::Assessment::threads)).
pub trait Sums: Sync {
    /// The aggregate for `unit` and `datapoint`; [`Aggregate::default`] (sum 0, count 0)
    /// when there are no facts.
    ///
    /// # Errors
    ///
    /// When the aggregate cannot be represented as a `Decimal` (overflow).
    fn aggregate(&self, unit: &UnitId, datapoint: &DatapointId) -> Result<Aggregate>;

    /// An optional fast path for stores laid out by dense indices (such as
    /// [`DenseSums`]): the index of `unit`, which evaluators resolve once and then read
    /// with [`aggregate_at`](Sums::aggregate_at). `None`, the default, means "read by id".
    fn unit_index(&self, unit: &UnitId) -> Option<u32> {
        let _ = unit;
        None
    }

    /// The index of `datapoint`, for the fast path of [`unit_index`](Sums::unit_index).
    fn datapoint_index(&self, datapoint: &DatapointId) -> Option<u32> {
        let _ = datapoint;
        None
    }

    /// The aggregate at indices this store returned from
    /// [`unit_index`](Sums::unit_index) and [`datapoint_index`](Sums::datapoint_index);
    /// it must equal [`aggregate`](Sums::aggregate) of the same ids.
    ///
    /// # Errors
    ///
    /// As for [`aggregate`](Sums::aggregate); the default, for stores without indices,
    /// is an error.
    fn aggregate_at(&self, unit: u32, datapoint: u32) -> Result<Aggregate> {
        Err(crate::error::Error::mismatch(format!(
            "this store has no dense indices (asked for unit #{unit}, data point #{datapoint})"
        )))
    }
}
