//! Exact group statistics for comparisons: mean, median, percentage change.
//!
//! Every function here is `checked_*`: `None` on an empty input, an undefined result or
//! a `Decimal` overflow, never a panic.
//!
//! The mean and median are the comparisons' own and crate-private: they keep the scale
//! `rust_decimal`'s sum and quotient give (`(1.50 + 2.50) / 2` = `2.00`), which the
//! published comparisons and reports show. The public mean and median are
//! [`methods::mean`](crate::methods::mean) and [`methods::median`](crate::methods::median)
//! (correctly rounded, normalised); on the same values both give equal numbers.

use rust_decimal::Decimal;

/// The arithmetic mean, exact; `None` when `values` is empty or the sum overflows.
pub(crate) fn checked_mean(values: &[Decimal]) -> Option<Decimal> {
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
pub(crate) fn checked_median(values: &[Decimal]) -> Option<Decimal> {
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use rust_decimal::Decimal;

    use super::{checked_mean, checked_median};
    use crate::methods;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn median_of_odd_and_even_sizes() {
        assert_eq!(
            checked_median(&[d("8"), d("6"), d("10"), d("7"), d("9")]),
            Some(d("8"))
        );
        assert_eq!(
            checked_median(&[d("7.5"), d("10"), d("8.5"), d("9.5")]),
            Some(d("9"))
        );
        assert_eq!(checked_median(&[d("1"), d("2")]), Some(d("1.5")));
        assert_eq!(checked_median(&[d("4")]), Some(d("4")));
        assert_eq!(checked_median(&[d("3"), d("1"), d("2")]), Some(d("2")));
        assert_eq!(
            checked_median(&[d("4"), d("1"), d("3"), d("2")]),
            Some(d("2.5"))
        );
        assert_eq!(checked_median(&[]), None);
        assert_eq!(
            checked_mean(&[d("10"), d("9.5"), d("8.5"), d("7.5")]),
            Some(d("8.875"))
        );
        assert_eq!(checked_mean(&[d("80"), d("90"), d("100")]), Some(d("90")));
        assert_eq!(checked_mean(&[]), None);
    }

    /// The comparisons' mean and median equal the public `methods` ones in value; only
    /// the scale may differ.
    #[test]
    fn they_agree_with_the_public_methods() {
        let groups: [&[&str]; 4] = [
            &["8", "6", "10", "7", "9"],
            &["7.5", "10", "8.5", "9.5"],
            &["1.50", "2.50"],
            &["-3.25", "4", "0.125"],
        ];
        for g in groups {
            let v: Vec<Decimal> = g.iter().map(|s| d(s)).collect();
            assert_eq!(checked_median(&v), methods::median(&v).ok(), "{g:?}");
            assert_eq!(checked_mean(&v), methods::mean(&v).ok(), "{g:?}");
        }
        assert_eq!(
            checked_mean(&[d("1.50"), d("2.50")]).map(|m| m.to_string()),
            Some("2.00".into())
        );
        assert_eq!(
            methods::mean(&[d("1.50"), d("2.50")]).unwrap().to_string(),
            "2"
        );
    }
}
