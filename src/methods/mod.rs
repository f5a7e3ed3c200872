#![doc = include_str!("../../docs/METHODS.md")]

mod ahp;
pub mod math;
mod percentile;
mod quantile;
mod topsis;
mod weights;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::direction::Direction;
use crate::error::{Error, Result};

pub use self::ahp::{Ahp, AhpOptions, Inconsistency, PairwiseMatrix, Priority, RandomIndex, ahp};
pub use self::percentile::{Kind, percentile_of_score};
pub use self::quantile::{
    Ddof, Method, OutOfRange, QuantileOptions, Summary, mean, median, quantile, quantiles, std_dev,
    variance,
};
pub use self::topsis::{Topsis, TopsisOptions, WeightSum, topsis};
pub use self::weights::{
    Critic, CriticCriterion, CriticOptions, CvCriterion, CvWeights, Entropy, EntropyCriterion,
    EntropyOptions, Normalisation, critic_weights, cv_weights, entropy_weights, points,
};

/// A criterion of a decision matrix (a column: an indicator), by name, and which way
/// is better: a benefit criterion ([`Direction::HigherIsBetter`]) or a cost criterion
/// ([`Direction::LowerIsBetter`]).
///
/// Deserialises from `{ "name": "I003", "direction": "lower_is_better" }`; the
/// direction defaults to higher is better.
///
/// # Examples
///
/// ```
/// use scorecard::Direction;
/// use scorecard::methods::Criterion;
///
/// let c = Criterion::cost("error rate");
/// assert_eq!(c.direction, Direction::LowerIsBetter);
/// assert_eq!(Criterion::benefit("collected").direction, Direction::HigherIsBetter);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// The name errors and results use (an indicator id, usually).
    pub name: String,
    /// Which way is better.
    #[serde(default)]
    pub direction: Direction,
}

impl Criterion {
    /// A criterion named `name` where `direction` is better.
    pub fn new(name: impl Into<String>, direction: Direction) -> Self {
        Self {
            name: name.into(),
            direction,
        }
    }

    /// A benefit criterion: higher is better.
    pub fn benefit(name: impl Into<String>) -> Self {
        Self::new(name, Direction::HigherIsBetter)
    }

    /// A cost criterion: lower is better.
    pub fn cost(name: impl Into<String>) -> Self {
        Self::new(name, Direction::LowerIsBetter)
    }
}

/// Checks a decision matrix: at least one criterion, names unique, at least
/// `min_rows` alternatives, every row as long as the criteria.
fn check_table<R: AsRef<[Decimal]>>(
    method: &'static str,
    criteria: &[Criterion],
    rows: &[R],
    min_rows: usize,
) -> Result<()> {
    if criteria.is_empty() {
        return Err(Error::invalid_input(method, "no criteria"));
    }
    let mut names: Vec<&str> = criteria.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::invalid_criterion(method, w[0], "is given twice"));
    }
    if rows.len() < min_rows {
        return Err(Error::invalid_input(
            method,
            format!("needs at least {min_rows} alternatives, got {}", rows.len()),
        ));
    }
    for (i, row) in rows.iter().enumerate() {
        let len = row.as_ref().len();
        if len != criteria.len() {
            return Err(Error::invalid_input(
                method,
                format!(
                    "alternative {} has {len} values for {} criteria",
                    i + 1,
                    criteria.len()
                ),
            ));
        }
    }
    Ok(())
}

/// Column `j` of a checked matrix.
fn column<R: AsRef<[Decimal]>>(rows: &[R], j: usize) -> Vec<Decimal> {
    rows.iter().map(|r| r.as_ref()[j]).collect()
}
