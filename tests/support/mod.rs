//! Shared test support: in-memory sums and the loader of `tests/cases/**/*.toml`.

pub mod cases;
pub mod plan;
/// The synthetic province generator (application support, not library API).
#[path = "../../examples/support/synthetic.rs"]
pub mod synthetic;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use scorecard::rule::Rule;
use scorecard::{Aggregate, DatapointId, Indicator, Result, Sums, UnitId};

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

/// The exact sum of `values`, rounded once to the nearest `Decimal` and normalised: an
/// independent reference for the crate's totals (which are exact sums, not a
/// left-to-right `Decimal` fold that rounds at every step). Accumulates every value at
/// scale 28 in one `i128`, which holds the sums of the test provinces.
pub fn exact_sum(values: impl IntoIterator<Item = Decimal>) -> Decimal {
    let mut acc: i128 = 0;
    for v in values {
        let scaled = v
            .mantissa()
            .checked_mul(10i128.pow(28 - v.scale()))
            .expect("test values fit");
        acc = acc.checked_add(scaled).expect("test sums fit");
    }
    let unit = 10i128.pow(28);
    let int = Decimal::from_i128_with_scale(acc.div_euclid(unit), 0);
    let frac = Decimal::from_i128_with_scale(acc.rem_euclid(unit), 28);
    (int + frac).normalize()
}

/// An indicator of `points` for peer group `g`, with `rule` and nothing optional.
pub fn indicator(id: &str, points: &str, rule: Rule) -> Indicator {
    Indicator {
        id: id.into(),
        name: format!("指标{id}"),
        name_en: None,
        category: Default::default(),
        points: d(points),
        groups: vec!["g".into()],
        basis: None,
        assesses: String::new(),
        rule,
        rounding: None,
    }
}
