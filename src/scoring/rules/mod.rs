//! The scoring rules, one file per kind. Each rule:
//!
//! - measures through its [`Measure`];
//! - validates its parameters, naming the indicator and the field;
//! - scores exactly (checked decimal arithmetic), reporting intermediate values to a
//!   tracer and the branch it took;
//! - explains the result in one line, in Chinese and in English.

mod bonus;
mod completion;
mod deduction;
mod efficacy_minmax;
mod efficacy_tiers;
mod interval;
mod pass_fail;
mod peer_relative;
mod ratio_threshold;

pub use self::bonus::Bonus;
pub use self::completion::Completion;
pub use self::deduction::Deduction;
pub use self::efficacy_minmax::EfficacyMinMax;
pub use self::efficacy_tiers::EfficacyTiers;
pub use self::interval::{Band, Bound, Interval};
pub use self::pass_fail::{Comparison, PassFail};
pub use self::peer_relative::PeerRelative;
pub use self::ratio_threshold::{OnZeroDenominator, RatioThreshold};

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::id::IndicatorId;
use crate::scoring::explain::{pct, pct_plain, plain, two};
use crate::scoring::{Ctx, Measure, Measured, Said};

/// The measured value, which every rule but the threshold rule needs: a ratio with a
/// zero denominator has none.
pub(crate) fn need_value(ctx: &Ctx<'_>, m: &Measured) -> Result<Decimal> {
    m.value
        .ok_or_else(|| Error::division_by_zero(ctx.calc.unit, ctx.calc.indicator, "ratio"))
}

/// `value` must not be negative.
pub(crate) fn non_negative(id: &IndicatorId, field: &str, value: Decimal) -> Result<()> {
    if value.is_sign_negative() && !value.is_zero() {
        Err(Error::invalid_definition(
            id,
            field,
            format!("{value} is below zero"),
        ))
    } else {
        Ok(())
    }
}

/// `value` must be greater than zero.
pub(crate) fn positive(id: &IndicatorId, field: &str, value: Decimal) -> Result<()> {
    if value > Decimal::ZERO {
        Ok(())
    } else {
        Err(Error::invalid_definition(
            id,
            field,
            format!("{value} is not greater than zero"),
        ))
    }
}

/// The measured value as shown: a ratio as a percentage, anything else with two places.
pub(crate) fn shown(measure: &Measure, v: Decimal) -> String {
    match measure {
        Measure::Ratio { .. } => pct(v),
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

pub(crate) fn one() -> Decimal {
    Decimal::ONE
}
