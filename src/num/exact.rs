//! Exact results where `rust_decimal` would round without a word (crate-private, the
//! one home of exact arithmetic beyond `Decimal`): products and sums found in 256-bit
//! integers, a product rounded once, and the check that a computed figure kept the
//! places it needs; and, for `methods`, exact sums of whole columns of decimals, their
//! squares and products, in 512 bits.
//!
//! A column of decimals is brought to its largest scale `S`: every value becomes an
//! integer mantissa `m` with `value = m · 10⁻ˢ` (below 2¹⁹⁰, so sums of up to 2⁶⁴
//! squares fit 512 bits). Means, variances and covariances are then ratios of exact
//! integers, rounded once by [`ratio_to_decimal`].

use rust_decimal::Decimal;

use super::wide::{I512, U256, U512, ratio_to_decimal};
use super::{RoundStep, Rounding};

/// The places a computed figure must keep when `rust_decimal` has to round it: a
/// result rounded beyond the twelfth place (as every division is, at the 28th) is
/// kept; one that would be rounded at or before it — which happens only at magnitudes
/// of about 10¹⁶ and above — is an error ([`Lost::Places`]), since a figure published
/// with up to six places from it could be wrong.
pub(crate) const HELD_PLACES: u32 = 12;

/// Why an exact result is not a `Decimal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lost {
    /// Its integer part does not fit (beyond about 7.9 × 10²⁸).
    Overflow,
    /// It fits only with fewer places than it needs.
    Places,
}

/// The sign, magnitude of the mantissa and scale of `d`.
fn parts(d: Decimal) -> (bool, u128, u32) {
    (d.is_sign_negative(), d.mantissa().unsigned_abs(), d.scale())
}

/// The decimal `±mag · 10^−scale`, rounded once in `mode` to `places` places when it
/// has more (`None`: kept exact), then with trailing zeros dropped until it fits a
/// `Decimal` (at most 28 places, a mantissa below 2⁹⁶).
pub(super) fn settle(
    neg: bool,
    mag: U256,
    scale: u32,
    round: Option<(u32, Rounding)>,
) -> std::result::Result<Decimal, Lost> {
    let (mut q, mut s) = (mag, scale);
    if let Some((places, mode)) = round {
        let places = places.min(28);
        if s > places {
            // the first digit dropped, and whether any after it is not zero; dropped
            // up to 19 digits at a time (10¹⁹ fits a u64), the lowest first
            let (mut first, mut sticky) = (0u64, false);
            let mut left = s - places;
            while left > 0 {
                let chunk = left.min(19);
                let below = 10u64.pow(chunk - 1);
                let (next, dropped) = q.divrem_small(below * 10);
                sticky |= first != 0 || dropped % below != 0;
                first = dropped / below;
                q = next;
                left -= chunk;
            }
            let any = first != 0 || sticky;
            let up = match mode {
                Rounding::HalfUp => first >= 5,
                Rounding::HalfEven => first > 5 || (first == 5 && (sticky || q.is_odd())),
                Rounding::TowardZero => false,
                Rounding::AwayFromZero => any,
                Rounding::Floor => neg && any,
                Rounding::Ceiling => !neg && any,
            };
            if up {
                q = q.checked_add(U256::from_u128(1)).ok_or(Lost::Overflow)?;
            }
            s = places;
        }
    }
    const LIMIT: u128 = 1 << 96;
    loop {
        let fits = q.to_u128().filter(|m| *m < LIMIT);
        match fits {
            Some(m) if s <= 28 => {
                let m = i128::try_from(m).map_err(|_| Lost::Overflow)?;
                let mut d = Decimal::try_from_i128_with_scale(if neg { -m } else { m }, s)
                    .map_err(|_| Lost::Overflow)?;
                if d.is_zero() {
                    d.set_sign_positive(true);
                }
                return Ok(d);
            }
            _ => {
                let (next, digit) = q.divrem_small(10);
                if s == 0 {
                    return Err(Lost::Overflow);
                }
                if digit != 0 {
                    // the integer part alone may still not fit
                    let mut whole = q;
                    for _ in 0..s {
                        whole = whole.divrem_small(10).0;
                    }
                    let fits = whole.to_u128().is_some_and(|m| m < LIMIT);
                    return Err(if fits { Lost::Places } else { Lost::Overflow });
                }
                q = next;
                s -= 1;
            }
        }
    }
}

/// `a × b` exactly; an error when the exact product is no `Decimal`.
pub(crate) fn exact_mul(a: Decimal, b: Decimal) -> std::result::Result<Decimal, Lost> {
    let (na, ma, sa) = parts(a);
    let (nb, mb, sb) = parts(b);
    settle(na != nb, U256::product(ma, mb), sa + sb, None)
}

/// `a × b` rounded once, in `mode`, to at most `places` places (as
/// [`Rounding::round`] rounds), from the exact product: never rounded twice, however
/// many digits the exact product has. An error when the rounded value is no `Decimal`.
pub(crate) fn mul_round(
    a: Decimal,
    b: Decimal,
    step: RoundStep,
) -> std::result::Result<Decimal, Lost> {
    let (na, ma, sa) = parts(a);
    let (nb, mb, sb) = parts(b);
    // Decimal's own product, when it is exact, rounded once
    if let Some(p) = a.checked_mul(b).filter(|p| p.scale() == sa + sb) {
        return Ok(step.apply(p));
    }
    settle(
        na != nb,
        U256::product(ma, mb),
        sa + sb,
        Some((step.places, step.mode)),
    )
}

/// [`mul_round`] without its shortcut: always through the wide product.
#[cfg(test)]
pub(super) fn mul_round_wide(
    a: Decimal,
    b: Decimal,
    step: RoundStep,
) -> std::result::Result<Decimal, Lost> {
    let (na, ma, sa) = parts(a);
    let (nb, mb, sb) = parts(b);
    settle(
        na != nb,
        U256::product(ma, mb),
        sa + sb,
        Some((step.places, step.mode)),
    )
}

/// `a + b` exactly; an error when the exact sum is no `Decimal`.
pub(crate) fn exact_sum(a: Decimal, b: Decimal) -> std::result::Result<Decimal, Lost> {
    let (na, ma, sa) = parts(a);
    let (nb, mb, sb) = parts(b);
    let s = sa.max(sb);
    // below 2⁹⁶ · 10²⁸ < 2¹⁹⁰: never overflows
    let x = U256::from_u128(ma)
        .mul_pow10(s - sa)
        .ok_or(Lost::Overflow)?;
    let y = U256::from_u128(mb)
        .mul_pow10(s - sb)
        .ok_or(Lost::Overflow)?;
    let (neg, mag) = if na == nb {
        (na, x.checked_add(y).ok_or(Lost::Overflow)?)
    } else if x >= y {
        (na, x.checked_sub(y).ok_or(Lost::Overflow)?)
    } else {
        (nb, y.checked_sub(x).ok_or(Lost::Overflow)?)
    };
    settle(neg && !mag.is_zero(), mag, s, None)
}

/// Whether `r`, what `rust_decimal` gave for a result needing `needed` places, kept
/// every place it needs or at least [`HELD_PLACES`]: when not, the caller must check
/// that nothing but zeros was dropped.
pub(crate) fn kept(r: Decimal, needed: u32) -> bool {
    r.scale() >= needed.min(HELD_PLACES)
}

/// `a × b` as `checked_mul` gives it, unless it had to round at or before
/// [`HELD_PLACES`].
pub(crate) fn held_mul(a: Decimal, b: Decimal) -> std::result::Result<Decimal, Lost> {
    let r = a.checked_mul(b).ok_or(Lost::Overflow)?;
    if kept(r, a.scale() + b.scale()) {
        return Ok(r);
    }
    match exact_mul(a, b) {
        Ok(e) if e == r => Ok(r),
        Ok(_) | Err(Lost::Places) => Err(Lost::Places),
        Err(Lost::Overflow) => Err(Lost::Overflow),
    }
}

/// `a + b` as `checked_add` gives it, unless it had to round at or before
/// [`HELD_PLACES`].
pub(crate) fn held_add(a: Decimal, b: Decimal) -> std::result::Result<Decimal, Lost> {
    let r = a.checked_add(b).ok_or(Lost::Overflow)?;
    if kept(r, a.scale().max(b.scale())) {
        return Ok(r);
    }
    match exact_sum(a, b) {
        Ok(e) if e == r => Ok(r),
        Ok(_) | Err(Lost::Places) => Err(Lost::Places),
        Err(Lost::Overflow) => Err(Lost::Overflow),
    }
}

/// `a ÷ b` (`b` not zero) as `checked_div` gives it, unless it had to round at or
/// before [`HELD_PLACES`] (a quotient with fewer places must be exact).
pub(crate) fn held_div(a: Decimal, b: Decimal) -> std::result::Result<Decimal, Lost> {
    let r = a.checked_div(b).ok_or(Lost::Overflow)?;
    if r.scale() >= HELD_PLACES {
        return Ok(r);
    }
    // exact when the quotient times the divisor gives the dividend back
    let back = match r.checked_mul(b) {
        Some(p) if p.scale() == r.scale() + b.scale() => Ok(p),
        _ => exact_mul(r, b),
    };
    match back {
        Ok(p) if p == a => Ok(r),
        _ => Err(Lost::Places),
    }
}

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
