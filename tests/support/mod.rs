//! Shared test support: in-memory sums and the loader of `tests/cases/**/*.toml`.

pub mod cases;
pub mod plan;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use scorecard::{Aggregate, DatapointId, Result, Sums, UnitId};

/// Sums held in a map; a missing pair has no facts.
#[derive(Debug, Clone, Default)]
pub struct MemSums(pub BTreeMap<(UnitId, DatapointId), Aggregate>);

impl MemSums {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the sum of `unit` and `datapoint` (count 1).
    pub fn set(&mut self, unit: &str, datapoint: &str, sum: Decimal) -> &mut Self {
        self.0
            .insert((unit.into(), datapoint.into()), Aggregate { sum, count: 1 });
        self
    }
}

impl Sums for MemSums {
    fn aggregate(&self, unit: &UnitId, datapoint: &DatapointId) -> Result<Aggregate> {
        Ok(self
            .0
            .get(&(unit.clone(), datapoint.clone()))
            .copied()
            .unwrap_or_default())
    }
}

/// Parses a decimal in a test.
pub fn d(s: &str) -> Decimal {
    s.parse().expect("a decimal literal")
}
