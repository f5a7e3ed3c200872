//! The percentile of a score, by the four kinds of `scipy.stats.percentileofscore`.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::num::wide::{U256, ratio_to_decimal};

/// How ties and gaps count, by the `kind=` of `scipy.stats.percentileofscore`.
///
/// With `n` values, `left` of them strictly below the score and `right` at or below it:
///
/// | kind | percentile | meaning |
/// | --- | --- | --- |
/// | [`Rank`](Kind::Rank) (scipy's default) | `50·(left + right + [right > left]) / n` | the mean percentage rank of the matching values (one more position if the score is among them) |
/// | [`Weak`](Kind::Weak) | `100·right / n` | the empirical distribution function: at or below |
/// | [`Strict`](Kind::Strict) | `100·left / n` | strictly below |
/// | [`Mean`](Kind::Mean) | `50·(left + right) / n` | the mean of weak and strict |
///
/// `Strict ≤ Mean ≤ Weak` always, and `Mean ≤ Rank ≤ Weak`.
///
/// # Examples
///
/// scipy's docstring: the score 3 in `[1, 2, 3, 3, 4]` is at 70 (rank), 40 (strict),
/// 80 (weak), 60 (mean).
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::methods::{Kind, percentile_of_score};
///
/// let a = [dec!(1), dec!(2), dec!(3), dec!(3), dec!(4)];
/// assert_eq!(percentile_of_score(&a, dec!(3), Kind::Rank)?, dec!(70));
/// assert_eq!(percentile_of_score(&a, dec!(3), Kind::Strict)?, dec!(40));
/// assert_eq!(percentile_of_score(&a, dec!(3), Kind::Weak)?, dec!(80));
/// assert_eq!(percentile_of_score(&a, dec!(3), Kind::Mean)?, dec!(60));
/// # Ok::<(), scorecard::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Kind {
    /// `rank`: the mean percentage rank of the values equal to the score.
    #[default]
    Rank,
    /// `weak`: the share at or below the score.
    Weak,
    /// `strict`: the share strictly below the score.
    Strict,
    /// `mean`: the mean of `weak` and `strict`.
    Mean,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 4] = [Kind::Rank, Kind::Weak, Kind::Strict, Kind::Mean];
}

/// The percentile (0 to 100) of `score` relative to `values`, which need not contain
/// it: a score above every value is at 100, below every value at 0.
///
/// Exact: the result is the rational `50·k / n` (see [`Kind`]), as a `Decimal` exactly
/// when it terminates within 28 places (70, 62.5, 12.5), otherwise rounded once, half
/// to even, at the last of the places that fit (`200/3` → 66.666666666666666666666666667).
///
/// # Errors
///
/// An empty group (`values` is empty): the percentile is undefined there (scipy gives
/// `nan`).
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::methods::{Kind, percentile_of_score};
///
/// let a = [dec!(10), dec!(20), dec!(30)];
/// assert_eq!(percentile_of_score(&a, dec!(99), Kind::Weak)?, dec!(100));
/// assert_eq!(percentile_of_score(&a, dec!(20), Kind::Weak)?.to_string(), "66.666666666666666666666666667");
/// assert!(percentile_of_score(&[], dec!(1), Kind::Rank).is_err());
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn percentile_of_score(values: &[Decimal], score: Decimal, kind: Kind) -> Result<Decimal> {
    const METHOD: &str = "percentile of score";
    if values.is_empty() {
        return Err(Error::invalid_input(METHOD, "the group is empty"));
    }
    let overflow = || Error::method_overflow(METHOD, "a count");
    let n = u128::try_from(values.len()).map_err(|_| overflow())?;
    let left = values.iter().filter(|v| **v < score).count();
    let right = values.iter().filter(|v| **v <= score).count();
    let (left, right) = (
        u128::try_from(left).map_err(|_| overflow())?,
        u128::try_from(right).map_err(|_| overflow())?,
    );
    // 50 × (twice the count)
    let twice = match kind {
        Kind::Rank => left + right + u128::from(right > left),
        Kind::Weak => 2 * right,
        Kind::Strict => 2 * left,
        Kind::Mean => left + right,
    };
    let num = twice.checked_mul(50).ok_or_else(overflow)?;
    ratio_to_decimal(false, U256::from_u128(num), U256::from_u128(n), 0).ok_or_else(overflow)
}
