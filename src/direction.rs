//! Which way is better.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// Whether a higher or a lower value is better: for an indicator's measured value, for
/// a ranking, for a threshold rule.
///
/// Written `"higher_is_better"` or `"lower_is_better"`. Where a rule requires it (the
/// threshold, interval and standard-value rules), a rule book that leaves it out is
/// refused with a message saying to declare it:
///
/// ```
/// use scorecard::rule::Rule;
///
/// let e = serde_json::from_str::<Rule>(
///     r#"{"kind": "ratio_threshold", "measure": {"sum": "D"}, "good": "0.03", "bad": "0.05"}"#,
/// ).unwrap_err();
/// assert!(e.to_string().contains("direction is not declared"), "{e}");
/// ```
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// More is better (a completion rate, collected tax).
    #[default]
    HigherIsBetter,
    /// Less is better (an error rate, overdue items).
    LowerIsBetter,
}

/// What a rule book is told when a required direction is missing.
const UNDECLARED: &str =
    "direction is not declared: declare it as \"higher_is_better\" or \"lower_is_better\"";

const NAMES: &[&str] = &["higher_is_better", "lower_is_better"];

/// Reads the two names; a missing or null value is refused with the message "direction
/// is not declared: declare it as …" (serde gives a missing field to
/// `deserialize_option` as "none", so a required `direction` left out of a rule book
/// gets this message rather than "missing field").
impl<'de> Deserialize<'de> for Direction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_option(Named)
    }
}

struct Named;

impl<'de> Visitor<'de> for Named {
    type Value = Direction;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"higher_is_better\" or \"lower_is_better\"")
    }

    fn visit_none<E: de::Error>(self) -> Result<Direction, E> {
        Err(E::custom(UNDECLARED))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Direction, E> {
        Err(E::custom(UNDECLARED))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Direction, D::Error> {
        d.deserialize_str(Named)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Direction, E> {
        match s {
            "higher_is_better" => Ok(Direction::HigherIsBetter),
            "lower_is_better" => Ok(Direction::LowerIsBetter),
            _ => Err(E::unknown_variant(s, NAMES)),
        }
    }
}

impl Direction {
    /// The name as written in a rule book: `higher_is_better` or `lower_is_better`.
    pub fn name(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher_is_better",
            Direction::LowerIsBetter => "lower_is_better",
        }
    }

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

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
