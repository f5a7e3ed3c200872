//! Number formatting for explanations (display only: exact values stay in the trace).

use rust_decimal::Decimal;

use crate::num::{Rounding, fixed};

/// `4.2` → `4.20` (half up, two places).
pub(crate) fn two(d: Decimal) -> String {
    fixed(d, 2, Rounding::HalfUp)
}

/// `0.042` → `4.20%`.
pub(crate) fn pct(d: Decimal) -> String {
    match d.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", two(p)),
        None => d.to_string(),
    }
}

/// A declared threshold as written: `0.03` → `3%`.
pub(crate) fn pct_plain(d: Decimal) -> String {
    match d.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", p.normalize()),
        None => d.to_string(),
    }
}

/// A declared number as written, without trailing zeros.
pub(crate) fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A coefficient for display: half up to 4 places, trailing zeros dropped.
pub(crate) fn coef(d: Decimal) -> String {
    Rounding::HalfUp.round(d, 4).normalize().to_string()
}
