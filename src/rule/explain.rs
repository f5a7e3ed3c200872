//! How rules write their explanations: numbers as text and the common ending (display
//! only: exact values stay in the trace).

use rust_decimal::Decimal;

use crate::num::{Rounding, fixed};
use crate::rule::{Measure, Said};

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

/// The measured value as shown: a ratio as a percentage, anything else with two places.
pub(crate) fn shown(measure: &Measure, v: Decimal) -> String {
    match measure {
        Measure::Ratio { .. } => pct(v),
        Measure::Count(_) => plain(v),
        _ => two(v),
    }
}

/// A declared threshold as shown: a ratio's as a plain percentage.
pub(crate) fn shown_line(measure: &Measure, v: Decimal) -> String {
    match measure {
        Measure::Ratio { .. } => pct_plain(v),
        _ => plain(v),
    }
}

/// The common ending: points lost, full points, or points above full.
pub(crate) fn ending(s: &Said<'_>) -> (String, String) {
    if s.lost > Decimal::ZERO {
        (
            format!("扣 {} 分", two(s.lost)),
            format!("−{} points", two(s.lost)),
        )
    } else if s.score > s.points {
        (
            format!("得 {} 分（满分 {}）", two(s.score), plain(s.points)),
            format!("{} points (full {})", two(s.score), plain(s.points)),
        )
    } else {
        (
            format!("得满分 {} 分", plain(s.points)),
            format!("full {} points", plain(s.points)),
        )
    }
}
