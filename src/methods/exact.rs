//! Exact sums of decimals, their squares and products, in 512 bits; and the few
//! conversions back to `Decimal` that round once (private to `methods`).
//!
//! A column of decimals is brought to its largest scale `S`: every value becomes an
//! integer mantissa `m` with `value = m · 10⁻ˢ` (below 2¹⁹⁰, so sums of up to 2⁶⁴
//! squares fit 512 bits). Means, variances and covariances are then ratios of exact
//! integers, rounded once by [`ratio_to_decimal`].

use rust_decimal::Decimal;

use super::math;
use super::wide::{I512, U512, ratio_to_decimal};

/// A column of decimals as exact integers at one scale.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    /// The common scale `S`.
    pub(crate) scale: u32,
    /// The mantissas at scale `S`.
    pub(crate) values: Vec<I512>,
}

impl Column {
    /// The column of `values` (never fails: a mantissa below 2⁹⁶ times at most 10²⁸
    /// is below 2¹⁹⁰).
    pub(crate) fn new(values: &[Decimal]) -> Option<Self> {
        let scale = values.iter().map(|d| d.scale()).max().unwrap_or(0);
        let values = values
            .iter()
            .map(|d| {
                let m = U512::from_u128(d.mantissa().unsigned_abs())
                    .checked_mul(U512::pow10(scale - d.scale())?)?;
                Some(I512::new(d.is_sign_negative(), m))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self { scale, values })
    }

    fn len(&self) -> Option<I512> {
        Some(I512::from_i128(i128::try_from(self.values.len()).ok()?))
    }

    /// Σ m.
    pub(crate) fn sum(&self) -> Option<I512> {
        self.values
            .iter()
            .try_fold(I512::ZERO, |a, v| a.checked_add(*v))
    }

    /// Σ mₐ·m_b over the pairs of two columns of equal length (scale `Sₐ + S_b`).
    pub(crate) fn sum_products(&self, other: &Column) -> Option<I512> {
        self.values
            .iter()
            .zip(&other.values)
            .try_fold(I512::ZERO, |a, (x, y)| a.checked_add(x.checked_mul(*y)?))
    }

    /// n·Σ mₐm_b − Σmₐ·Σm_b = n² × the population covariance × 10^(Sₐ + S_b), exactly.
    pub(crate) fn comoment(&self, other: &Column) -> Option<I512> {
        let n = self.len()?;
        n.checked_mul(self.sum_products(other)?)?
            .checked_sub(self.sum()?.checked_mul(other.sum()?)?)
    }
}

/// The mean, correctly rounded; `None` when empty or beyond range.
pub(crate) fn mean(values: &[Decimal]) -> Option<Decimal> {
    let c = Column::new(values)?;
    let sum = c.sum()?;
    let n = U512::from_u128(u128::try_from(values.len()).ok()?);
    ratio_to_decimal(
        sum.negative,
        sum.magnitude,
        n,
        -i32::try_from(c.scale).ok()?,
    )
}

/// The numerator and denominator of the variance with `ddof` degrees of freedom
/// removed, and the power of ten: `variance = num / den × 10^exp10`. `None` when there
/// are not more than `ddof` values.
pub(crate) fn variance_ratio(values: &[Decimal], ddof: u32) -> Option<(U512, U512, i32)> {
    let n = u128::try_from(values.len()).ok()?;
    let dof = n.checked_sub(u128::from(ddof)).filter(|d| *d > 0)?;
    let c = Column::new(values)?;
    let num = c.comoment(&c)?;
    let den = U512::from_u128(n).checked_mul(U512::from_u128(dof))?;
    let exp10 = -2 * i32::try_from(c.scale).ok()?;
    Some((num.magnitude, den, exp10))
}

/// The variance, correctly rounded.
pub(crate) fn variance(values: &[Decimal], ddof: u32) -> Option<Decimal> {
    let (num, den, exp10) = variance_ratio(values, ddof)?;
    ratio_to_decimal(false, num, den, exp10)
}

/// The standard deviation: the square root of the exact variance (two roundings).
pub(crate) fn std_dev(values: &[Decimal], ddof: u32) -> Option<Decimal> {
    let (num, den, exp10) = variance_ratio(values, ddof)?;
    sqrt_ratio(num, den, exp10)
}

/// The population covariance of two columns of equal length, correctly rounded.
pub(crate) fn covariance(a: &[Decimal], b: &[Decimal]) -> Option<Decimal> {
    let ca = Column::new(a)?;
    let cb = Column::new(b)?;
    let num = ca.comoment(&cb)?;
    let n = U512::from_u128(u128::try_from(a.len()).ok()?);
    let den = n.checked_mul(n)?;
    let exp10 = -i32::try_from(ca.scale + cb.scale).ok()?;
    ratio_to_decimal(num.negative, num.magnitude, den, exp10)
}

/// √(Σ vᵢ²), from the exact sum of squares (two roundings).
pub(crate) fn norm(values: &[Decimal]) -> Option<Decimal> {
    let c = Column::new(values)?;
    let sq = c.sum_products(&c)?;
    let exp10 = -2 * i32::try_from(c.scale).ok()?;
    sqrt_ratio(sq.magnitude, U512::from_u128(1), exp10)
}

/// √(num / den × 10^exp10) for a non-negative ratio: the ratio is brought into
/// `Decimal`'s range by an even power of ten `10^(2k)`, its root taken by
/// [`math::sqrt`] and multiplied back by `10^k` exactly.
pub(crate) fn sqrt_ratio(num: U512, den: U512, exp10: i32) -> Option<Decimal> {
    if num.is_zero() {
        return Some(Decimal::ZERO);
    }
    // the digits of num/den: between bits·log10(2) bounds; aim the scaled value at
    // about 10^20 so that it keeps 28 significant digits either side
    let digits = estimate_digits(num) - estimate_digits(den) + i64::from(exp10);
    let first = (digits - 20).div_euclid(2);
    // the estimate is within a digit: a few larger k cover it
    (first..first + 4).find_map(|k| {
        let e = i32::try_from(i64::from(exp10) - 2 * k).ok()?;
        let v = ratio_to_decimal(false, num, den, e)?;
        shift10(math::sqrt(v).ok()?, k)
    })
}

/// About log10 of a positive integer (within one).
fn estimate_digits(v: U512) -> i64 {
    // bits × log10(2) ≈ bits × 30103 / 100000
    let bits = i64::try_from(v.bits()).unwrap_or(0);
    bits * 30_103 / 100_000
}

/// `d × 10^k`, exactly; `None` when it does not fit.
pub(crate) fn shift10(d: Decimal, k: i64) -> Option<Decimal> {
    let scale = i64::from(d.scale()) - k;
    if (0..=28).contains(&scale) {
        return Decimal::try_from_i128_with_scale(d.mantissa(), u32::try_from(scale).ok()?).ok();
    }
    if scale < 0 {
        let factor = 10i128.checked_pow(u32::try_from(-scale).ok()?)?;
        return Decimal::try_from_i128_with_scale(d.mantissa().checked_mul(factor)?, 0).ok();
    }
    // more than 28 places: round to 28
    let cut = u32::try_from(scale - 28).ok()?;
    let m = ratio_to_decimal(
        d.is_sign_negative(),
        U512::from_u128(d.mantissa().unsigned_abs()),
        U512::pow10(cut)?,
        -28,
    )?;
    Some(m)
}
