//! Exact group statistics for comparisons: mean, median, percentage change.
//!
//! Every function here is `checked_*`: `None` on an empty input, an undefined result or
//! a `Decimal` overflow, never a panic.

use rust_decimal::Decimal;

/// The arithmetic mean, exact; `None` when `values` is empty or the sum overflows.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::analysis::checked_mean;
///
/// assert_eq!(checked_mean(&[dec!(80), dec!(90), dec!(100)]), Some(dec!(90)));
/// assert_eq!(checked_mean(&[]), None);
/// ```
pub fn checked_mean(values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let mut sum = Decimal::ZERO;
    for v in values {
        sum = sum.checked_add(*v)?;
    }
    sum.checked_div(Decimal::from(values.len()))
}

/// The median, exact: the middle value of an odd number of values, the mean of the two
/// middle values of an even number; `None` when `values` is empty.
///
/// Worked cases: {3, 1, 2} → 2; {4, 1, 3, 2} → (2 + 3) / 2 = 2.5.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::analysis::checked_median;
///
/// assert_eq!(checked_median(&[dec!(3), dec!(1), dec!(2)]), Some(dec!(2)));
/// assert_eq!(checked_median(&[dec!(4), dec!(1), dec!(3), dec!(2)]), Some(dec!(2.5)));
/// ```
pub fn checked_median(values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort();
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        Some(v[mid])
    } else {
        v[mid - 1].checked_add(v[mid])?.checked_div(Decimal::TWO)
    }
}

/// The relative change from `base` to `now`, as a fraction (0.25 = +25 %):
/// `(now − base) / |base|`.
///
/// - A base of **zero** has no relative change: `None` (the absolute change
///   `now − base` is still meaningful and reported beside it).
/// - A **negative** base is divided by its absolute value, so the sign of the result is
///   always the sign of `now − base`: from −10 to −5 is +50 % (it rose), from −10 to
///   −20 is −100 %.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::analysis::checked_pct_change;
///
/// assert_eq!(checked_pct_change(dec!(80), dec!(100)), Some(dec!(0.25)));
/// assert_eq!(checked_pct_change(dec!(0), dec!(5)), None);
/// assert_eq!(checked_pct_change(dec!(-10), dec!(-5)), Some(dec!(0.5)));
/// assert_eq!(checked_pct_change(dec!(-10), dec!(-20)), Some(dec!(-1)));
/// ```
pub fn checked_pct_change(base: Decimal, now: Decimal) -> Option<Decimal> {
    if base.is_zero() {
        return None;
    }
    now.checked_sub(base)?.checked_div(base.abs())
}
