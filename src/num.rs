//! Rounding as policy: the crate's own [`Rounding`] enum in regulation vocabulary.
//!
//! This module is the only place that names `rust_decimal::RoundingStrategy`.
//! Nothing in the crate rounds except through [`Rounding::round`] or a
//! [`RoundStep`] that a rule or a total declares.

mod display;
pub(crate) mod exact;
pub mod exact_serde;
pub(crate) mod wide;

use std::cmp::Ordering;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

pub use self::display::DisplayFormat;
use self::exact::settle;
pub(crate) use self::exact::{HELD_PLACES, Lost, held_add, held_div, held_mul, mul_round};
#[cfg(test)]
use self::exact::{exact_mul, exact_sum, mul_round_wide};
use self::wide::U256;

/// How a value is brought to a number of decimal places.
///
/// | mode | 中文 | 0.125 → 2 places | 2.675 → 2 | −1.005 → 2 | 87.645 → 2 |
/// | --- | --- | --- | --- | --- | --- |
/// | [`HalfUp`](Rounding::HalfUp) | 四舍五入 | 0.13 | 2.68 | −1.01 | 87.65 |
/// | [`HalfEven`](Rounding::HalfEven) | 修约 (GB/T 8170) | 0.12 | 2.68 | −1.00 | 87.64 |
/// | [`TowardZero`](Rounding::TowardZero) | 截尾 | 0.12 | 2.67 | −1.00 | 87.64 |
/// | [`AwayFromZero`](Rounding::AwayFromZero) | 进一 (绝对值) | 0.13 | 2.68 | −1.01 | 87.65 |
/// | [`Floor`](Rounding::Floor) | 向下 | 0.12 | 2.67 | −1.01 | 87.64 |
/// | [`Ceiling`](Rounding::Ceiling) | 向上 | 0.13 | 2.68 | −1.00 | 87.65 |
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use scorecard::Rounding;
///
/// let x: Decimal = "43.155".parse().unwrap();
/// assert_eq!(Rounding::HalfUp.round(x, 2).to_string(), "43.16");
/// assert_eq!(Rounding::HalfEven.round(x, 2).to_string(), "43.16");
/// let y: Decimal = "43.145".parse().unwrap();
/// assert_eq!(Rounding::HalfEven.round(y, 2).to_string(), "43.14");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Rounding {
    /// 四舍五入: to nearest, a midpoint away from zero. The default for published figures.
    #[default]
    HalfUp,
    /// GB/T 8170 修约 ("round half to even", banker's rounding): to nearest, a midpoint to
    /// the even neighbour.
    HalfEven,
    /// Drop the excess digits (truncate).
    TowardZero,
    /// Any excess digit moves the value away from zero.
    AwayFromZero,
    /// Toward negative infinity.
    Floor,
    /// Toward positive infinity.
    Ceiling,
}

impl Rounding {
    /// Every mode, in declaration order.
    pub const ALL: [Rounding; 6] = [
        Rounding::HalfUp,
        Rounding::HalfEven,
        Rounding::TowardZero,
        Rounding::AwayFromZero,
        Rounding::Floor,
        Rounding::Ceiling,
    ];

    fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::TowardZero => RoundingStrategy::ToZero,
            Rounding::AwayFromZero => RoundingStrategy::AwayFromZero,
            Rounding::Floor => RoundingStrategy::ToNegativeInfinity,
            Rounding::Ceiling => RoundingStrategy::ToPositiveInfinity,
        }
    }

    /// Rounds `value` to at most `places` decimal places in this mode.
    ///
    /// A value with no more than `places` places is returned unchanged (its scale is not
    /// raised; use [`fixed`] for output with exactly `places` places). A zero result
    /// carries no sign.
    pub fn round(self, value: Decimal, places: u32) -> Decimal {
        let mut r = value.round_dp_with_strategy(places, self.strategy());
        if r.is_zero() {
            r.set_sign_positive(true);
        }
        r
    }

    /// The regulation name of the mode in Chinese.
    pub fn name_zh(self) -> &'static str {
        match self {
            Rounding::HalfUp => "四舍五入",
            Rounding::HalfEven => "四舍六入五成双",
            Rounding::TowardZero => "截尾",
            Rounding::AwayFromZero => "进一",
            Rounding::Floor => "向下取整",
            Rounding::Ceiling => "向上取整",
        }
    }
}

/// A declared rounding step: a number of decimal places and a mode.
///
/// Rules and totals carry an `Option<RoundStep>`; `None` means the value is kept
/// exact.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use scorecard::{RoundStep, Rounding};
///
/// let step = RoundStep::new(2, Rounding::HalfUp);
/// let x: Decimal = "16.245".parse().unwrap();
/// assert_eq!(step.apply(x).to_string(), "16.25");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RoundStep {
    /// Decimal places kept.
    pub places: u32,
    /// How the excess digits are removed.
    #[serde(default)]
    pub mode: Rounding,
}

impl RoundStep {
    /// A step to `places` places in `mode`.
    pub const fn new(places: u32, mode: Rounding) -> Self {
        Self { places, mode }
    }

    /// Half up (四舍五入) to `places` places, the default for published figures.
    pub const fn half_up(places: u32) -> Self {
        Self::new(places, Rounding::HalfUp)
    }

    /// Applies the step; see [`Rounding::round`].
    pub fn apply(&self, value: Decimal) -> Decimal {
        self.mode.round(value, self.places)
    }
}

/// Rounds `value` in `mode` and writes it with exactly `places` decimal places, in plain
/// notation, with a leading `-` when negative and zero without a sign.
///
/// This is the one way figures leave the crate as text, so that `1.5` and `1.50`
/// never differ in a published file. It never writes fewer places than asked: a
/// `Decimal` holds 28 to 29 significant digits, so a large value cannot carry many
/// places (10²³ holds five), and the places it cannot hold are written as the zeros
/// they are — the value rounded to `places` places is exact, only its text is longer.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use scorecard::{fixed, Rounding};
///
/// let x: Decimal = "1.5".parse().unwrap();
/// assert_eq!(fixed(x, 6, Rounding::HalfUp), "1.500000");
/// let y: Decimal = "-0.0000004".parse().unwrap();
/// assert_eq!(fixed(y, 6, Rounding::HalfUp), "0.000000");
/// let big: Decimal = "123456789012345678901234.5".parse().unwrap();
/// assert_eq!(fixed(big, 6, Rounding::HalfUp), "123456789012345678901234.500000");
/// ```
pub fn fixed(value: Decimal, places: u32, mode: Rounding) -> String {
    let r = mode.round(value, places);
    let mut text = r.to_string();
    let held = r.scale();
    if held < places {
        if held == 0 {
            text.push('.');
        }
        text.extend(std::iter::repeat_n('0', (places - held) as usize));
    }
    text
}

/// 10²⁸: the finest unit a `Decimal` can hold (scale 28).
const FRACTION: i128 = 10_000_000_000_000_000_000_000_000_000;

/// 10⁰ … 10²⁸.
const POW10: [i128; 29] = {
    let mut t = [1i128; 29];
    let mut k = 1;
    while k < 29 {
        t[k] = t[k - 1] * 10;
        k += 1;
    }
    t
};

/// Whether `a` and `b` are the same `Decimal` to the bit: the same value written with
/// the same places and sign, as the output shows it. `Decimal`'s `==` compares values
/// alone (`1.0 == 1.00`), which is the wrong test for "nothing to update".
pub(crate) fn identical(a: Decimal, b: Decimal) -> bool {
    a.serialize() == b.serialize()
}

/// The numeric order of `a` and `b`, as [`Decimal::cmp`] gives it, but without that
/// method's digit-by-digit rescaling whenever the two mantissas align within an `i128`
/// (always, for scores, rates and thresholds: a 96-bit mantissa times 10^k overflows
/// only for k above 12). The scoring rules compare through it.
#[inline]
pub(crate) fn cmp(a: Decimal, b: Decimal) -> Ordering {
    match align(a, b) {
        Some((x, y, _)) => x.cmp(&y),
        None => a.cmp(&b),
    }
}

/// The mantissas of `a` and `b` at the larger of their two scales, and that scale;
/// `None` when one does not fit an `i128` there.
#[inline]
fn align(a: Decimal, b: Decimal) -> Option<(i128, i128, u32)> {
    let (ma, sa) = (a.mantissa(), a.scale());
    let (mb, sb) = (b.mantissa(), b.scale());
    match sa.cmp(&sb) {
        Ordering::Equal => Some((ma, mb, sa)),
        // scales are at most 28, so the difference indexes POW10
        Ordering::Less => Some((ma.checked_mul(POW10[(sb - sa) as usize])?, mb, sb)),
        Ordering::Greater => Some((ma, mb.checked_mul(POW10[(sa - sb) as usize])?, sa)),
    }
}

/// `a + b` exactly, at the larger of their two scales (so that a sum's scale is the
/// largest of its terms' in any order, and a zero sum has no sign); `None` when it does
/// not fit a `Decimal` at that scale. `Decimal`'s own addition instead rounds a sum
/// that does not fit, and gives a term back as it is when the other is zero
/// (`1 + 0.0` is `1`).
pub(crate) fn exact_add(a: Decimal, b: Decimal) -> Option<Decimal> {
    // a mantissa that overflows an i128 when aligned is beyond 2⁹⁶ there, and so is
    // the sum (the other term's mantissa is below 2⁹⁶)
    let (x, y, scale) = align(a, b)?;
    Decimal::try_from_i128_with_scale(x.checked_add(y)?, scale).ok()
}

/// An exact running sum of decimals: an integer part and a fraction in units of 10⁻²⁸,
/// each an `i128`, so that no digit is lost however many terms are added (a `Decimal`
/// sum rounds once its digits pass 28). Sums are therefore independent of the order of
/// the terms, and a term can be taken out again exactly — what lets a live evaluation
/// update a total by `− old + new` and still equal a full re-evaluation byte for byte.
///
/// Only [`ExactSum::value`] rounds, once, to the nearest `Decimal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct ExactSum {
    int: i128,
    frac: i128,
}

impl ExactSum {
    /// The integer part of `m` · 10^−`scale` and its fraction in units of 10⁻²⁸.
    fn split(m: i128, scale: usize) -> (i128, i128) {
        if scale == 0 {
            return (m, 0);
        }
        // Most terms are small: a 64-bit division is several times cheaper than a
        // 128-bit one, and gives the same quotient and remainder.
        let (q, r) = match i64::try_from(m) {
            Ok(m) if scale <= 18 => {
                let p = POW10[scale] as i64;
                (i128::from(m / p), i128::from(m % p))
            }
            _ => (m / POW10[scale], m % POW10[scale]),
        };
        // scale <= 28 and |r| < 10^scale, so |r| · 10^(28 − scale) < 10^28
        (q, r * POW10[28 - scale])
    }

    /// Brings the fraction back into [0, 10²⁸) after one term was added or taken out
    /// (which leaves it within (−10²⁸, 2·10²⁸)).
    fn carry(&mut self) -> Option<()> {
        if self.frac >= FRACTION {
            self.frac -= FRACTION;
            self.int = self.int.checked_add(1)?;
        } else if self.frac < 0 {
            self.frac += FRACTION;
            self.int = self.int.checked_sub(1)?;
        }
        Some(())
    }

    /// Adds `d`; `None` on an overflow of the integer part (beyond 10³⁸).
    pub(crate) fn add(&mut self, d: Decimal) -> Option<()> {
        if d.is_zero() {
            return Some(());
        }
        self.add_scaled(d.mantissa(), d.scale() as usize)
    }

    /// Takes `d` out again; `None` on an overflow.
    pub(crate) fn sub(&mut self, d: Decimal) -> Option<()> {
        if d.is_zero() {
            return Some(());
        }
        // a mantissa is below 2⁹⁶, so its negation fits
        self.add_scaled(-d.mantissa(), d.scale() as usize)
    }

    /// Adds `m` · 10^−`scale` (`scale` ≤ 28); `None` on an overflow.
    fn add_scaled(&mut self, m: i128, scale: usize) -> Option<()> {
        let (i, f) = Self::split(m, scale);
        self.int = self.int.checked_add(i)?;
        self.frac += f;
        self.carry()
    }

    /// The sum as a `Decimal` when one holds it exactly or rounded beyond
    /// [`HELD_PLACES`]; [`Lost::Places`] when the sum is so large that a `Decimal` keeps
    /// fewer of its places (a total that would be published rounded wrongly).
    pub(crate) fn held_value(&self) -> std::result::Result<Decimal, Lost> {
        let rounded = self.rounded().ok_or(Lost::Overflow)?;
        let r = rounded.normalize();
        // rounded, if at all, beyond the twelfth place
        if rounded.scale() >= HELD_PLACES || self.int == 0 {
            return Ok(r);
        }
        // the exact sum in units of 10⁻²⁸: int · 10²⁸ + frac, with 0 ≤ frac < 10²⁸
        let whole = U256::from_u128(self.int.unsigned_abs())
            .mul_pow10(28)
            .ok_or(Lost::Overflow)?;
        let frac = U256::from_u128(self.frac.unsigned_abs());
        let (neg, mag) = if self.int >= 0 {
            (false, whole.checked_add(frac).ok_or(Lost::Overflow)?)
        } else {
            (true, whole.checked_sub(frac).ok_or(Lost::Overflow)?)
        };
        match settle(neg, mag, 28, None) {
            Ok(e) if e == r => Ok(r),
            Ok(_) | Err(Lost::Places) => Err(Lost::Places),
            Err(Lost::Overflow) => Err(Lost::Overflow),
        }
    }

    /// The sum as a `Decimal` (rounded once, to the nearest); `None` when it does not fit.
    #[cfg(test)]
    pub(crate) fn value(&self) -> Option<Decimal> {
        self.rounded().map(|r| r.normalize())
    }

    /// The sum as `Decimal` addition gives it, before trailing zeros are dropped.
    fn rounded(&self) -> Option<Decimal> {
        let frac = Decimal::try_from_i128_with_scale(self.frac, 28).ok()?;
        if self.int == 0 {
            return Some(frac);
        }
        let int = Decimal::try_from_i128_with_scale(self.int, 0).ok()?;
        int.checked_add(frac)
    }
}

/// An exact sum of many decimals without a division per term: the mantissas are summed
/// per scale (`Σ m·10⁻ˢ` = `Σₛ (Σ m)·10⁻ˢ`, integers all the way) and folded into an
/// [`ExactSum`] once, at the end. Same value as adding each term to an `ExactSum`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ScaledSum {
    /// Σ mantissas of the terms of each scale 0 … 28.
    by_scale: [i128; 29],
    /// Bit `s` set when a term of scale `s` was added.
    used: u32,
    /// Where a per-scale sum goes when it would overflow.
    spill: ExactSum,
}

impl ScaledSum {
    /// Adds `d`; `None` on an overflow of the sum.
    pub(crate) fn add(&mut self, d: Decimal) -> Option<()> {
        if d.is_zero() {
            return Some(());
        }
        let s = d.scale() as usize;
        let slot = &mut self.by_scale[s];
        match slot.checked_add(d.mantissa()) {
            Some(v) => *slot = v,
            None => {
                self.spill.add_scaled(*slot, s)?;
                *slot = d.mantissa();
            }
        }
        self.used |= 1 << s;
        Some(())
    }

    /// The sum as an [`ExactSum`]; `None` on an overflow.
    pub(crate) fn exact(&self) -> Option<ExactSum> {
        let mut e = self.spill;
        let mut used = self.used;
        while used != 0 {
            let s = used.trailing_zeros() as usize;
            used &= used - 1;
            e.add_scaled(self.by_scale[s], s)?;
        }
        Some(e)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{
        ExactSum, Lost, RoundStep, Rounding, ScaledSum, exact_mul, exact_sum, held_add, held_div,
        held_mul, mul_round, mul_round_wide,
    };
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    fn decimal() -> impl Strategy<Value = Decimal> {
        (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s))
    }

    /// Decimals of any scale, with small mantissas (to meet zeros, equal values and
    /// ties across scales) and full 96-bit ones (to meet the fallback).
    fn any_decimal() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            (-300i64..300, 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
            decimal(),
            (
                any::<u32>(),
                any::<u32>(),
                any::<u32>(),
                any::<bool>(),
                0u32..=28
            )
                .prop_map(|(l, m, h, n, s)| Decimal::from_parts(l, m, h, n, s)),
        ]
    }

    proptest! {
        /// The fast comparison orders exactly as `Decimal::cmp`, and equal values at
        /// different scales compare equal.
        #[test]
        fn cmp_is_decimal_order(a in any_decimal(), b in any_decimal(), k in 0u32..10) {
            prop_assert_eq!(super::cmp(a, b), a.cmp(&b));
            let mut c = a;
            c.rescale(a.scale() + k);
            if c == a {
                prop_assert_eq!(super::cmp(a, c), std::cmp::Ordering::Equal);
                prop_assert_eq!(super::cmp(c, a), std::cmp::Ordering::Equal);
            }
        }

        /// Terms whose exact sum fits a `Decimal` sum to exactly what `Decimal` gives,
        /// in any order, and taking each out again leaves zero.
        #[test]
        fn exact_in_any_order_and_reversible(terms in prop::collection::vec(decimal(), 0..40)) {
            let mut forward = ExactSum::default();
            let mut backward = ExactSum::default();
            for d in &terms {
                forward.add(*d).unwrap();
            }
            for d in terms.iter().rev() {
                backward.add(*d).unwrap();
            }
            prop_assert_eq!(forward, backward);
            let mut scaled = ScaledSum::default();
            for d in &terms {
                scaled.add(*d).unwrap();
            }
            prop_assert_eq!(scaled.exact(), Some(forward));
            // scale-28 terms of i64 mantissas: the exact sum of up to 40 of them fits a
            // Decimal whenever the running Decimal sum never had to round
            let plain = terms.iter().try_fold(Decimal::ZERO, |a, d| a.checked_add(*d));
            if let Some(plain) = plain {
                let exact_digits = terms.iter().map(|d| d.scale()).max().unwrap_or(0);
                if plain.scale() >= exact_digits {
                    prop_assert_eq!(forward.value(), Some(plain.normalize()));
                }
            }
            for d in &terms {
                forward.sub(*d).unwrap();
            }
            prop_assert_eq!(forward, ExactSum::default());
        }
    }

    proptest! {
        /// Where `Decimal`'s own product is exact, rounding it once in any mode is what
        /// `mul_round` gives; and the exact product and sum are those of `Decimal`.
        #[test]
        fn rounding_a_product_once_agrees_where_decimal_is_exact(
            a in any_decimal(), b in any_decimal(), places in 0u32..=8,
        ) {
            if let Some(p) = a.checked_mul(b).filter(|p| p.scale() == a.scale() + b.scale()) {
                for mode in Rounding::ALL {
                    let step = RoundStep::new(places, mode);
                    prop_assert_eq!(mul_round(a, b, step), Ok(step.apply(p)), "{} × {} {:?}", a, b, mode);
                    prop_assert_eq!(mul_round_wide(a, b, step), Ok(step.apply(p)), "{} × {} {:?}", a, b, mode);
                }
                prop_assert_eq!(exact_mul(a, b), Ok(p));
                prop_assert_eq!(held_mul(a, b), Ok(p));
            }
            if let Some(s) = a.checked_add(b).filter(|s| s.scale() == a.scale().max(b.scale())) {
                prop_assert_eq!(exact_sum(a, b), Ok(s));
                prop_assert_eq!(held_add(a, b), Ok(s));
            }
        }
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn what_decimal_rounds_silently_is_caught() {
        // 10²² − 3 × 10⁻⁷: Decimal gives 10²²
        let big = d("10000000000000000000000");
        assert_eq!(big.checked_sub(d("0.0000003")), Some(big));
        assert_eq!(held_add(big, d("-0.0000003")), Err(Lost::Places));
        assert_eq!(exact_sum(big, d("-0.0000003")), Err(Lost::Places));
        // 1e28 + 0.0 is exact, though aligned at one place it does not fit
        let huge = d("10000000000000000000000000000");
        assert_eq!(held_add(huge, d("0.0")), Ok(huge));
        // a product that drops only zeros is exact
        let e20 = d("100000000000000000000.000000");
        assert_eq!(held_mul(e20, d("1.0000")).map(|p| p == e20), Ok(true));
        // one that drops digits within the first twelve places is not
        let raw = d("1234567890123456789012.123456");
        assert_eq!(held_mul(raw, d("1.0234")), Err(Lost::Places));
        assert_eq!(
            mul_round(raw, d("1.0234"), RoundStep::half_up(2)),
            Ok(d("1263456778752345677875.01"))
        );
        // a product rounded at the 27th place is kept, as a division is
        assert!(held_mul(d("4"), d("3.3333333333333333333333333333")).is_ok());
        // an overflow stays an overflow
        assert_eq!(held_mul(Decimal::MAX, d("2")), Err(Lost::Overflow));
        assert_eq!(
            mul_round(Decimal::MAX, d("1.5"), RoundStep::half_up(0)),
            Err(Lost::Overflow)
        );
        // a quotient: exact with few places, or carried beyond the twelfth
        assert_eq!(held_div(d("620"), d("800")), Ok(d("0.775")));
        assert!(held_div(d("1"), d("3")).is_ok());
        assert_eq!(
            held_div(d("1000000000000000000000000000"), d("3")),
            Err(Lost::Places)
        );
        // a zero product carries no sign
        let z = mul_round(d("-0.001"), d("1"), RoundStep::half_up(2)).unwrap();
        assert!(z.is_zero() && !z.is_sign_negative());
    }

    #[test]
    fn a_sum_too_large_for_its_places_is_caught() {
        let mut s = ExactSum::default();
        s.add(d("10000000000000000000000")).unwrap();
        s.add(d("0.0000003")).unwrap();
        assert_eq!(s.held_value(), Err(Lost::Places));
        s.sub(d("0.0000003")).unwrap();
        assert_eq!(s.held_value(), Ok(d("10000000000000000000000")));
        let mut t = ExactSum::default();
        for x in ["0.6", "-2.25", "85.3333333333333333333333333333"] {
            t.add(d(x)).unwrap();
        }
        assert!(t.held_value().is_ok());
    }

    #[test]
    fn carries_across_the_point() {
        let mut s = ExactSum::default();
        for d in ["0.6", "0.7", "-2.25", "0.0000000000000000000000000001"] {
            s.add(d.parse().unwrap()).unwrap();
        }
        assert_eq!(
            s.value(),
            Some("-0.9499999999999999999999999999".parse().unwrap())
        );
        s.sub("-0.95".parse().unwrap()).unwrap();
        assert_eq!(
            s.value(),
            Some("0.0000000000000000000000000001".parse().unwrap())
        );
    }
}
