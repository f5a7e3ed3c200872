//! Square root, natural logarithm and exponential on `Decimal`, with declared error
//! bounds; no binary floating point anywhere, not even for a first guess.
//!
//! | function | result | error bound (tested) |
//! | --- | --- | --- |
//! | [`sqrt`] | correctly rounded: the nearest decimal with ≤ 28 places and ≤ 28 significant digits | ≤ [`SQRT_RELATIVE_ERROR`] × √x, or ≤ [`SQRT_ABSOLUTE_ERROR`] when √x < 1 needs all 28 places; exact when √x has such a form (√2.25 = 1.5) |
//! | [`ln`] | nearest decimal to a 32-place internal value | ≤ [`LN_ABSOLUTE_ERROR`]; ≤ 6·10⁻²⁸ when \|ln x\| < 7.9 |
//! | [`exp`] | nearest decimal to a 32-place internal value | ≤ [`EXP_RELATIVE_ERROR`] × eˣ + 5·10⁻²⁹ |
//! | [`x_ln_x`] | x · ln x, 0 at 0 | ≤ x · 10⁻³⁰ + 5·10⁻²⁹ for x ≤ 1 |
//! | [`nth_root`] | exp(ln x / n) | ≤ [`ROOT_RELATIVE_ERROR`] × ˣ√x + 5·10⁻²⁹ |
//!
//! **How.** The square root is the integer square root of the mantissa scaled to 56
//! digits (exact, in 256 bits), rounded once. The logarithm and the exponential work in
//! fixed point with 32 decimal places (an `i128` numerator over 10³², products in 256
//! bits): `ln x = e·ln 10 + k·ln 2 + 2·atanh((y − 1)/(y + 1))` with `x = y · 2ᵏ · 10ᵉ`
//! and `y ∈ [0.75, 1.5)`, the series summed until its terms vanish at 10⁻³²; `eˣ =
//! 2^q · e^r` with `q = round(x / ln 2)` and the Taylor series of `e^r`, `|r| ≤ 0.35`.
//! `ln 2` and `ln 10` are written to 32 places (OEIS A002162, A002392). The internal
//! error stays below 10⁻³⁰; the declared bounds are the final rounding plus that.

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::num::exact::{Column, shift10, variance_ratio};
use crate::num::wide::{U256, U512, ratio_to_decimal};

/// The relative error bound of [`sqrt`]: 5·10⁻²⁸ (half a unit in the 28th significant
/// digit).
pub const SQRT_RELATIVE_ERROR: Decimal = Decimal::from_parts(5, 0, 0, false, 28);

/// The absolute error bound of [`sqrt`] when its result needs all 28 decimal places:
/// 10⁻²⁸, the finest `Decimal` (the error is at most half of it, 5·10⁻²⁹, which a
/// `Decimal` cannot hold).
pub const SQRT_ABSOLUTE_ERROR: Decimal = Decimal::from_parts(1, 0, 0, false, 28);

/// The absolute error bound of [`ln`] over `Decimal`'s whole positive range: 6·10⁻²⁷
/// (half a unit in the 27th place, which results of magnitude 7.9 or more end at, plus
/// the internal error). Below magnitude 7.9 the bound is 6·10⁻²⁸.
pub const LN_ABSOLUTE_ERROR: Decimal = Decimal::from_parts(6, 0, 0, false, 27);

/// The relative error bound of [`exp`]: 6·10⁻²⁸, plus an absolute 5·10⁻²⁹ for results
/// that need all 28 places.
pub const EXP_RELATIVE_ERROR: Decimal = Decimal::from_parts(6, 0, 0, false, 28);

/// The relative error bound of [`nth_root`]: 10⁻²⁶, plus an absolute 5·10⁻²⁹.
pub const ROOT_RELATIVE_ERROR: Decimal = Decimal::from_parts(1, 0, 0, false, 26);

/// 10³², the unit of the fixed point.
const ONE: i128 = 100_000_000_000_000_000_000_000_000_000_000;

/// ln 2 to 32 places (OEIS A002162: 0.693147180559945309417232121458176568…).
const LN_2: i128 = 69_314_718_055_994_530_941_723_212_145_818;

/// ln 10 to 32 places (OEIS A002392: 2.302585092994045684017991454684364207…).
const LN_10: i128 = 230_258_509_299_404_568_401_799_145_468_436;

/// A number in fixed point: the numerator over 10³².
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fx(i128);

impl Fx {
    /// `self × other`, rounded half away from zero at 10⁻³².
    fn mul(self, other: Fx) -> Option<Fx> {
        let p = U256::from_u128(self.0.unsigned_abs())
            .checked_mul(U256::from_u128(other.0.unsigned_abs()))?;
        let one = U256::from_u128(ONE.unsigned_abs());
        let half = U256::from_u128((ONE / 2).unsigned_abs());
        let (q, _) = p.checked_add(half)?.div_rem(one)?;
        let m = i128::try_from(q.to_u128()?).ok()?;
        Some(Fx(if (self.0 < 0) != (other.0 < 0) { -m } else { m }))
    }

    /// `self / other`, rounded half away from zero at 10⁻³².
    fn div(self, other: Fx) -> Option<Fx> {
        let d = other.0.unsigned_abs();
        let n = U256::from_u128(self.0.unsigned_abs())
            .checked_mul(U256::from_u128(ONE.unsigned_abs()))?
            .checked_add(U256::from_u128(d / 2))?;
        let (q, _) = n.div_rem(U256::from_u128(d))?;
        let m = i128::try_from(q.to_u128()?).ok()?;
        Some(Fx(if (self.0 < 0) != (other.0 < 0) { -m } else { m }))
    }

    /// `self / k` for a small positive `k`, rounded half away from zero.
    fn div_small(self, k: i128) -> Fx {
        let half = k / 2;
        Fx(if self.0 < 0 {
            (self.0 - half) / k
        } else {
            (self.0 + half) / k
        })
    }

    /// A decimal in fixed point, exactly (its scale is at most 28); `None` beyond
    /// ±1.7·10⁶.
    fn from_decimal(d: Decimal) -> Option<Fx> {
        let factor = 10i128.checked_pow(32 - d.scale())?;
        d.mantissa().checked_mul(factor).map(Fx)
    }

    /// The nearest `Decimal` (half to even).
    fn to_decimal(self) -> Option<Decimal> {
        ratio_to_decimal(
            self.0 < 0,
            U256::from_u128(self.0.unsigned_abs()),
            U256::from_u128(1),
            -32,
        )
    }
}

/// The number of decimal digits of `m` (1 for 0).
fn digits(m: u128) -> u32 {
    let mut d = 1;
    let mut v = m / 10;
    while v > 0 {
        d += 1;
        v /= 10;
    }
    d
}

/// The square root of `x`, correctly rounded: the nearest decimal with at most 28
/// places and at most 28 significant digits (ties cannot occur), trailing zeros removed.
///
/// Exact whenever the root has such a form: √2.25 = 1.5, √0.0001 = 0.01,
/// √(10⁴⁰ × 10⁻¹²) = 10¹⁴.
///
/// # Errors
///
/// A negative `x`.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::methods::math::sqrt;
///
/// assert_eq!(sqrt(dec!(2.25))?, dec!(1.5));
/// assert_eq!(sqrt(dec!(2))?.to_string(), "1.414213562373095048801688724");
/// assert!(sqrt(dec!(-1)).is_err());
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn sqrt(x: Decimal) -> Result<Decimal> {
    if x.is_sign_negative() && !x.is_zero() {
        return Err(Error::invalid_input(
            "square root",
            format!("{x} is negative"),
        ));
    }
    if x.is_zero() {
        return Ok(Decimal::ZERO);
    }
    let overflow = || Error::method_overflow("square root", "an integer square root");
    let m = x.mantissa().unsigned_abs();
    let s = x.scale();
    let d = digits(m);
    // the most places t (≤ 28) such that m·10^(2t−s) < 10^56, so that the root has at
    // most 28 digits; 2t ≥ s always holds (d ≤ 29)
    let t = ((56 + s - d) / 2).min(28);
    let n = U256::pow10(2 * t - s)
        .and_then(|p| U256::from_u128(m).checked_mul(p))
        .ok_or_else(overflow)?;
    let (mut root, rem) = n.isqrt_rem();
    // round to nearest: √n ≥ r + ½ ⟺ n ≥ r² + r + 1 ⟺ rem > r
    if rem > root {
        root = root.checked_add(U256::from_u128(1)).ok_or_else(overflow)?;
    }
    let r = root
        .to_u128()
        .and_then(|r| i128::try_from(r).ok())
        .ok_or_else(overflow)?;
    Decimal::try_from_i128_with_scale(r, t)
        .map(|d| d.normalize())
        .map_err(|_| overflow())
}

/// ln of a positive `x` in fixed point.
fn ln_fx(x: Decimal) -> Option<Fx> {
    let m = x.mantissa().unsigned_abs();
    let d = digits(m);
    // y0 = m / 10^(d−1) ∈ [1, 10), exactly: m·10^(33−d) < 10^33
    let y0 = i128::try_from(m)
        .ok()?
        .checked_mul(10i128.checked_pow(33 - d)?)?;
    let e10 = i128::from(d) - 1 - i128::from(x.scale());
    // halve into [0.75, 1.5): k ≤ 3
    let mut k = 0u32;
    while y0 >> k >= ONE + ONE / 2 {
        k += 1;
    }
    let div = 1i128 << k;
    let y = Fx((y0 + div / 2) / div);
    let z = Fx(y.0 - ONE).div(Fx(y.0 + ONE))?;
    let z2 = z.mul(z)?;
    let mut sum = z.0;
    let mut power = z;
    let mut odd = 1i128;
    loop {
        power = power.mul(z2)?;
        odd += 2;
        let term = power.div_small(odd);
        if term.0 == 0 {
            break;
        }
        sum = sum.checked_add(term.0)?;
    }
    let total = sum
        .checked_mul(2)?
        .checked_add(LN_2.checked_mul(i128::from(k))?)?
        .checked_add(LN_10.checked_mul(e10)?)?;
    Some(Fx(total))
}

/// The natural logarithm of `x`.
///
/// Within [`LN_ABSOLUTE_ERROR`] (6·10⁻²⁷) of the true value for every positive
/// `Decimal`, and within 6·10⁻²⁸ when |ln x| < 7.9; ln 1 = 0 exactly.
///
/// # Errors
///
/// A zero or negative `x`.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::methods::math::ln;
///
/// // ln 2 = 0.69314718055994530941723212145817656807…
/// assert_eq!(ln(dec!(2))?.to_string(), "0.6931471805599453094172321215");
/// assert_eq!(ln(dec!(1))?, dec!(0));
/// assert!(ln(dec!(0)).is_err());
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn ln(x: Decimal) -> Result<Decimal> {
    if x.is_sign_negative() || x.is_zero() {
        return Err(Error::invalid_input(
            "natural logarithm",
            format!("{x} is not positive"),
        ));
    }
    ln_fx(x)
        .and_then(Fx::to_decimal)
        .ok_or_else(|| Error::method_overflow("natural logarithm", "a fixed-point series"))
}

/// `x · ln x` for `x ≥ 0`, with `0 · ln 0 = 0` (its limit), as entropy needs.
///
/// For `x ≤ 1` the product is formed in the 32-place fixed point and rounded once:
/// within `x · 10⁻³⁰ + 5·10⁻²⁹`.
///
/// # Errors
///
/// A negative `x`, or an overflow.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::methods::math::x_ln_x;
///
/// assert_eq!(x_ln_x(dec!(0))?, dec!(0));
/// assert_eq!(x_ln_x(dec!(1))?, dec!(0));
/// // ½ ln ½ = −0.34657359027997265470861606072908828403…
/// assert_eq!(x_ln_x(dec!(0.5))?.to_string(), "-0.3465735902799726547086160607");
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn x_ln_x(x: Decimal) -> Result<Decimal> {
    if x.is_zero() {
        return Ok(Decimal::ZERO);
    }
    if x.is_sign_negative() {
        return Err(Error::invalid_input("x ln x", format!("{x} is negative")));
    }
    let overflow = || Error::method_overflow("x ln x", "a product");
    let l = ln_fx(x).ok_or_else(overflow)?;
    match Fx::from_decimal(x) {
        Some(fx) => fx.mul(l).and_then(Fx::to_decimal).ok_or_else(overflow),
        None => {
            let l = l.to_decimal().ok_or_else(overflow)?;
            x.checked_mul(l).ok_or_else(overflow)
        }
    }
}

/// The exponential `eˣ`.
///
/// Within [`EXP_RELATIVE_ERROR`] × eˣ + 5·10⁻²⁹; `e⁰ = 1` exactly; results below
/// 5·10⁻²⁹ (x < −65.8) round to 0.
///
/// # Errors
///
/// An overflow: eˣ beyond `Decimal::MAX` (x above about 66.54).
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::methods::math::exp;
///
/// // e = 2.71828182845904523536028747135266249775…
/// assert_eq!(exp(dec!(1))?.to_string(), "2.7182818284590452353602874714");
/// assert_eq!(exp(dec!(0))?, dec!(1));
/// assert!(exp(dec!(67)).is_err());
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn exp(x: Decimal) -> Result<Decimal> {
    let overflow = || Error::method_overflow("exponential", "a power of e");
    if x > Decimal::from(67) {
        return Err(overflow());
    }
    if x < Decimal::from(-70) {
        return Ok(Decimal::ZERO);
    }
    let v = Fx::from_decimal(x).ok_or_else(overflow)?;
    // q = round(x / ln 2), r = x − q·ln 2 ∈ [−0.35, 0.35]
    let half = LN_2 / 2;
    let q = if v.0 < 0 {
        (v.0 - half) / LN_2
    } else {
        (v.0 + half) / LN_2
    };
    let r = Fx(v.0 - q * LN_2);
    let mut sum = ONE;
    let mut term = Fx(ONE);
    let mut k = 0i128;
    loop {
        k += 1;
        term = term.mul(r).ok_or_else(overflow)?.div_small(k);
        if term.0 == 0 {
            break;
        }
        sum += term.0;
    }
    let e = U256::from_u128(sum.unsigned_abs());
    let shift = u32::try_from(q.unsigned_abs()).map_err(|_| overflow())?;
    let two_q = pow2(shift).ok_or_else(overflow)?;
    let (num, den) = if q >= 0 {
        (
            e.checked_mul(two_q).ok_or_else(overflow)?,
            U256::from_u128(1),
        )
    } else {
        (e, two_q)
    };
    ratio_to_decimal(false, num, den, -32).ok_or_else(overflow)
}

/// 2ᵏ in 256 bits.
fn pow2(k: u32) -> Option<U256> {
    let mut v = U256::from_u128(1);
    let mut left = k;
    while left > 0 {
        let step = left.min(63);
        v = v.checked_mul_u64(1 << step)?;
        left -= step;
    }
    Some(v)
}

/// The `n`th root of `x ≥ 0`, as `exp(ln x / n)`; `0` for `x = 0`.
///
/// Within [`ROOT_RELATIVE_ERROR`] × the root + 5·10⁻²⁹. Not always exact for perfect
/// powers (∛8 may end …9999 or …0001 in its 28th digit); use [`sqrt`] for square roots.
///
/// # Errors
///
/// A negative `x`, `n = 0`, or an overflow.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::Rounding;
/// use scorecard::methods::math::nth_root;
///
/// let r = nth_root(dec!(8), 3)?;
/// assert_eq!(Rounding::HalfUp.round(r, 20), dec!(2));
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn nth_root(x: Decimal, n: u32) -> Result<Decimal> {
    if n == 0 {
        return Err(Error::invalid_input(
            "nth root",
            "the 0th root is undefined",
        ));
    }
    if x.is_zero() {
        return Ok(Decimal::ZERO);
    }
    if x.is_sign_negative() {
        return Err(Error::invalid_input("nth root", format!("{x} is negative")));
    }
    let overflow = || Error::method_overflow("nth root", "a logarithm");
    let l = ln_fx(x).ok_or_else(overflow)?;
    let scaled = l.div_small(i128::from(n));
    exp(scaled.to_decimal().ok_or_else(overflow)?)
}

// Square roots of exact sums (the exact sums themselves are in `num::exact`).

/// The standard deviation: the square root of the exact variance (two roundings).
pub(crate) fn std_dev(values: &[Decimal], ddof: u32) -> Option<Decimal> {
    let (num, den, exp10) = variance_ratio(values, ddof)?;
    sqrt_ratio(num, den, exp10)
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
/// [`sqrt`] and multiplied back by `10^k` exactly.
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
        shift10(sqrt(v).ok()?, k)
    })
}

/// About log10 of a positive integer (within one).
fn estimate_digits(v: U512) -> i64 {
    // bits × log10(2) ≈ bits × 30103 / 100000
    let bits = i64::try_from(v.bits()).unwrap_or(0);
    bits * 30_103 / 100_000
}
