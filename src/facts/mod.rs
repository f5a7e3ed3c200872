//! Facts: records from source systems, their validation and quarantine, and streaming
//! aggregation into sums that rules read.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::id::{DatapointId, UnitId};

/// The sum and count of the accepted facts of one unit and data point (in a period).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Aggregate {
    /// Sum of the facts' values (0 when there are none).
    pub sum: Decimal,
    /// Number of facts summed.
    pub count: u64,
}

/// Where scoring reads measured data from: the aggregate of a unit's facts for a data
/// point. Implemented by the crate's aggregates; a host may implement it over its own
/// store.
pub trait Sums {
    /// The aggregate for `unit` and `datapoint`; [`Aggregate::default`] (sum 0, count 0)
    /// when there are no facts.
    ///
    /// # Errors
    ///
    /// When the aggregate cannot be represented as a `Decimal` (overflow).
    fn aggregate(&self, unit: &UnitId, datapoint: &DatapointId) -> Result<Aggregate>;
}
