//! Which way is better.

use serde::{Deserialize, Serialize};

/// Whether a higher or a lower value is better: for an indicator's measured value, for
/// a ranking, for a threshold rule.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use scorecard::Direction;
///
/// let (a, b) = (Decimal::ONE, Decimal::TWO);
/// assert!(Direction::HigherIsBetter.is_better(b, a));
/// assert!(Direction::LowerIsBetter.is_better(a, b));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// More is better (a completion rate, collected tax).
    #[default]
    HigherIsBetter,
    /// Less is better (an error rate, overdue items).
    LowerIsBetter,
}

impl Direction {
    /// Whether `a` is strictly better than `b`.
    pub fn is_better<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            Direction::HigherIsBetter => a > b,
            Direction::LowerIsBetter => a < b,
        }
    }

    /// Whether `a` is at least as good as `b`.
    pub fn is_at_least<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            Direction::HigherIsBetter => a >= b,
            Direction::LowerIsBetter => a <= b,
        }
    }

    /// [`is_at_least`](Direction::is_at_least) for decimals, through the fast
    /// comparison of the scoring rules.
    pub(crate) fn decimal_at_least(
        self,
        a: rust_decimal::Decimal,
        b: rust_decimal::Decimal,
    ) -> bool {
        let order = crate::num::cmp(a, b);
        match self {
            Direction::HigherIsBetter => order.is_ge(),
            Direction::LowerIsBetter => order.is_le(),
        }
    }
}
