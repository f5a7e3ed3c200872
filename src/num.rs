//! Rounding as policy: the crate's own [`Rounding`] enum in regulation vocabulary.
//!
//! This module is the only place that names `rust_decimal::RoundingStrategy`.
//! Nothing in the crate rounds except through [`Rounding::round`] or a
//! [`RoundStep`] that a rule or a total declares.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

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
#[serde(rename_all = "snake_case")]
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
/// never differ in a published file.
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
/// ```
pub fn fixed(value: Decimal, places: u32, mode: Rounding) -> String {
    let mut r = mode.round(value, places);
    r.rescale(places);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r.to_string()
}

/// 10²⁸: the finest unit a `Decimal` can hold (scale 28).
const FRACTION: i128 = 10_000_000_000_000_000_000_000_000_000;

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
    fn split(d: Decimal) -> (i128, i128) {
        let scale = d.scale();
        let m = d.mantissa();
        let p = 10i128.pow(scale);
        // scale <= 28, so the remainder times 10^(28 - scale) stays below 10^28
        (m / p, (m % p) * 10i128.pow(28 - scale))
    }

    fn normalise(&mut self) {
        self.int += self.frac.div_euclid(FRACTION);
        self.frac = self.frac.rem_euclid(FRACTION);
    }

    /// Adds `d`; `None` on an overflow of the integer part (beyond 10³⁸).
    pub(crate) fn add(&mut self, d: Decimal) -> Option<()> {
        let (i, f) = Self::split(d);
        self.int = self.int.checked_add(i)?;
        self.frac += f;
        self.normalise();
        Some(())
    }

    /// Takes `d` out again; `None` on an overflow.
    pub(crate) fn sub(&mut self, d: Decimal) -> Option<()> {
        let (i, f) = Self::split(d);
        self.int = self.int.checked_sub(i)?;
        self.frac -= f;
        self.normalise();
        Some(())
    }

    /// The sum as a `Decimal` (rounded once, to the nearest); `None` when it does not fit.
    pub(crate) fn value(&self) -> Option<Decimal> {
        let frac = Decimal::try_from_i128_with_scale(self.frac, 28).ok()?;
        if self.int == 0 {
            return Some(frac.normalize());
        }
        let int = Decimal::try_from_i128_with_scale(self.int, 0).ok()?;
        Some(int.checked_add(frac)?.normalize())
    }
}
