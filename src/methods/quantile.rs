//! Quantiles by the methods of `numpy.quantile`, and the summaries (mean, median,
//! variance, standard deviation), exact on decimals.
//!
//! Every method places the quantile at a *virtual index* `h` into the sorted values
//! `x₀ ≤ … ≤ xₙ₋₁` (0-based, as numpy) and takes `xⱼ + g·(xⱼ₊₁ − xⱼ)` with
//! `j = ⌊h⌋`, the weight `g` fixed by the method; indices below 0 or above `n − 1`
//! are clipped to the ends. Here `h` is an exact rational built from the
//! probability's own digits, so the weight is exact, and the result is the exact
//! rational `((1 − g)·xⱼ + g·xⱼ₊₁)` rounded once (half to even) only if it does not
//! terminate within 28 places. numpy computes `h` in binary floating point, which can
//! move a discontinuous method to the next value (`lower`, `higher`, `nearest` when
//! `(n − 1)·p` is a whole number that `float64` misses, such as 10 × 0.7).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::math;
use crate::error::{Error, Result};
use crate::num::exact::{self, Column};
use crate::num::wide::{I512, U512, ratio_to_decimal};

/// A quantile method, by its `numpy.quantile` name; the Hyndman–Fan type where it has
/// one (R. J. Hyndman and Y. Fan, "Sample quantiles in statistical packages", *The
/// American Statistician* 50(4), 1996, pp. 361–365).
///
/// | method | H&F | virtual index `h` (0-based) | weight `g` |
/// | --- | --- | --- | --- |
/// | [`InvertedCdf`](Method::InvertedCdf) | 1 | `n·p − 1` | 0 if `h` is whole, else 1 |
/// | [`AveragedInvertedCdf`](Method::AveragedInvertedCdf) | 2 | `n·p − 1` | ½ if `h` is whole, else 1 |
/// | [`ClosestObservation`](Method::ClosestObservation) | 3 | `n·p − 3/2` | 0 if `h` is whole and `⌊h⌋` odd, else 1 |
/// | [`InterpolatedInvertedCdf`](Method::InterpolatedInvertedCdf) | 4 | `n·p − 1` | `h − ⌊h⌋` |
/// | [`Hazen`](Method::Hazen) | 5 | `n·p − 1/2` | `h − ⌊h⌋` |
/// | [`Weibull`](Method::Weibull) | 6 | `(n + 1)·p − 1` | `h − ⌊h⌋` |
/// | [`Linear`](Method::Linear) (default) | 7 | `(n − 1)·p` | `h − ⌊h⌋` |
/// | [`MedianUnbiased`](Method::MedianUnbiased) | 8 | `(n + 1/3)·p − 2/3` | `h − ⌊h⌋` |
/// | [`NormalUnbiased`](Method::NormalUnbiased) | 9 | `(n + 1/4)·p − 5/8` | `h − ⌊h⌋` |
/// | [`Lower`](Method::Lower) | – | `(n − 1)·p` | 0 |
/// | [`Higher`](Method::Higher) | – | `(n − 1)·p` | 0 if whole, else 1 |
/// | [`Nearest`](Method::Nearest) | – | `(n − 1)·p` | round half to even on `h` (as `np.around`) |
/// | [`Midpoint`](Method::Midpoint) | – | `(n − 1)·p` | 0 if whole, else ½ |
///
/// # Examples
///
/// ```
/// use scorecard::methods::Method;
///
/// assert_eq!(Method::Linear.numpy_name(), "linear");
/// assert_eq!(Method::Weibull.hyndman_fan(), Some(6));
/// assert_eq!(Method::Nearest.hyndman_fan(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Method {
    /// `inverted_cdf`, H&F type 1: the inverse of the empirical distribution function.
    InvertedCdf,
    /// `averaged_inverted_cdf`, H&F type 2: type 1 averaging at discontinuities.
    AveragedInvertedCdf,
    /// `closest_observation`, H&F type 3: the nearest even order statistic at a tie.
    ClosestObservation,
    /// `interpolated_inverted_cdf`, H&F type 4: linear interpolation of the
    /// empirical distribution function.
    InterpolatedInvertedCdf,
    /// `hazen`, H&F type 5: piecewise linear, with knots at the midpoints.
    Hazen,
    /// `weibull`, H&F type 6: `p(k) = k / (n + 1)` (Minitab, SPSS).
    Weibull,
    /// `linear`, H&F type 7, numpy's and Excel `PERCENTILE.INC`'s default:
    /// `p(k) = (k − 1) / (n − 1)`.
    #[default]
    Linear,
    /// `median_unbiased`, H&F type 8 (recommended by Hyndman and Fan).
    MedianUnbiased,
    /// `normal_unbiased`, H&F type 9: unbiased for normal data.
    NormalUnbiased,
    /// `lower`: the value at `⌊(n − 1)·p⌋`.
    Lower,
    /// `higher`: the value at `⌈(n − 1)·p⌉`.
    Higher,
    /// `nearest`: the value at `(n − 1)·p` rounded half to even.
    Nearest,
    /// `midpoint`: the mean of the `lower` and `higher` values.
    Midpoint,
}

impl Method {
    /// Every method, H&F types first.
    pub const ALL: [Method; 13] = [
        Method::InvertedCdf,
        Method::AveragedInvertedCdf,
        Method::ClosestObservation,
        Method::InterpolatedInvertedCdf,
        Method::Hazen,
        Method::Weibull,
        Method::Linear,
        Method::MedianUnbiased,
        Method::NormalUnbiased,
        Method::Lower,
        Method::Higher,
        Method::Nearest,
        Method::Midpoint,
    ];

    /// The `method=` name of `numpy.quantile`.
    pub const fn numpy_name(self) -> &'static str {
        match self {
            Method::InvertedCdf => "inverted_cdf",
            Method::AveragedInvertedCdf => "averaged_inverted_cdf",
            Method::ClosestObservation => "closest_observation",
            Method::InterpolatedInvertedCdf => "interpolated_inverted_cdf",
            Method::Hazen => "hazen",
            Method::Weibull => "weibull",
            Method::Linear => "linear",
            Method::MedianUnbiased => "median_unbiased",
            Method::NormalUnbiased => "normal_unbiased",
            Method::Lower => "lower",
            Method::Higher => "higher",
            Method::Nearest => "nearest",
            Method::Midpoint => "midpoint",
        }
    }

    /// The Hyndman–Fan type (1–9), or `None` for numpy's own four.
    pub const fn hyndman_fan(self) -> Option<u8> {
        match self {
            Method::InvertedCdf => Some(1),
            Method::AveragedInvertedCdf => Some(2),
            Method::ClosestObservation => Some(3),
            Method::InterpolatedInvertedCdf => Some(4),
            Method::Hazen => Some(5),
            Method::Weibull => Some(6),
            Method::Linear => Some(7),
            Method::MedianUnbiased => Some(8),
            Method::NormalUnbiased => Some(9),
            Method::Lower | Method::Higher | Method::Nearest | Method::Midpoint => None,
        }
    }

    /// `h·den = a·p + b` with `h` the virtual index: `(a, b, den)` for `n` values.
    fn index(self, n: i128) -> (i128, i128, i128) {
        match self {
            Method::InvertedCdf | Method::AveragedInvertedCdf | Method::InterpolatedInvertedCdf => {
                (n, -1, 1)
            }
            Method::ClosestObservation => (2 * n, -3, 2),
            Method::Hazen => (2 * n, -1, 2),
            Method::Weibull => (n + 1, -1, 1),
            Method::MedianUnbiased => (3 * n + 1, -2, 3),
            Method::NormalUnbiased => (8 * n + 2, -5, 8),
            Method::Linear
            | Method::Lower
            | Method::Higher
            | Method::Nearest
            | Method::Midpoint => (n - 1, 0, 1),
        }
    }
}

/// What to do with a probability outside `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum OutOfRange {
    /// Refuse it, as numpy does (the default).
    #[default]
    Error,
    /// Take the nearest end: below 0 is 0 (the minimum), above 1 is 1 (the maximum).
    Clamp,
}

/// The options of a quantile, as a value: `QuantileOptions::new().method(Method::Weibull)`.
///
/// Deserialises from `{ "method": "weibull", "out_of_range": "clamp" }`, either field
/// optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QuantileOptions {
    /// The method; [`Method::Linear`] by default.
    pub method: Method,
    /// Probabilities outside `[0, 1]`; [`OutOfRange::Error`] by default.
    pub out_of_range: OutOfRange,
}

impl QuantileOptions {
    /// numpy's defaults: `linear`, probabilities outside `[0, 1]` refused.
    pub const fn new() -> Self {
        Self {
            method: Method::Linear,
            out_of_range: OutOfRange::Error,
        }
    }

    /// Sets the method.
    pub const fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Sets what happens to a probability outside `[0, 1]`.
    pub const fn out_of_range(mut self, out_of_range: OutOfRange) -> Self {
        self.out_of_range = out_of_range;
        self
    }
}

const QUANTILE: &str = "quantile";

/// The `p`-quantile of `values` (`0 ≤ p ≤ 1`; `p = 0.25` is the first quartile).
///
/// Exact: the result is the exact rational of the method, rounded once (half to even)
/// only when it does not terminate within 28 decimal places.
///
/// # Errors
///
/// No values; `p` outside `[0, 1]` under [`OutOfRange::Error`]; more than about
/// 2·10⁹ values with a 28-place `p` (the index no longer fits 127 bits).
///
/// # Examples
///
/// numpy's documentation example: the median of `[10, 7, 4, 3, 2, 1]` is 3.5.
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::methods::{Method, QuantileOptions, quantile};
///
/// let a = [dec!(10), dec!(7), dec!(4), dec!(3), dec!(2), dec!(1)];
/// assert_eq!(quantile(&a, dec!(0.5), &QuantileOptions::new())?, dec!(3.5));
/// let lower = QuantileOptions::new().method(Method::Lower);
/// assert_eq!(quantile(&a, dec!(0.5), &lower)?, dec!(3));
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn quantile(values: &[Decimal], p: Decimal, options: &QuantileOptions) -> Result<Decimal> {
    let sorted = sorted(values)?;
    quantile_sorted(&sorted, p, options)
}

/// The quantiles of `values` at each of `ps`, sorting once.
///
/// # Errors
///
/// As [`quantile`], for the first probability that fails.
///
/// # Examples
///
/// The quartiles of 1 … 9 by numpy's default: 1, 3, 5, 7, 9.
///
/// ```
/// use rust_decimal::Decimal;
/// use rust_decimal_macros::dec;
/// use scorecard::methods::{QuantileOptions, quantiles};
///
/// let v: Vec<Decimal> = (1..=9).map(Decimal::from).collect();
/// let q = quantiles(&v, &[dec!(0), dec!(0.25), dec!(0.5), dec!(0.75), dec!(1)], &QuantileOptions::new())?;
/// assert_eq!(q, [dec!(1), dec!(3), dec!(5), dec!(7), dec!(9)]);
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn quantiles(
    values: &[Decimal],
    ps: &[Decimal],
    options: &QuantileOptions,
) -> Result<Vec<Decimal>> {
    let sorted = sorted(values)?;
    ps.iter()
        .map(|p| quantile_sorted(&sorted, *p, options))
        .collect()
}

fn sorted(values: &[Decimal]) -> Result<Vec<Decimal>> {
    if values.is_empty() {
        return Err(Error::invalid_input(QUANTILE, "no values"));
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    Ok(v)
}

/// The weight of the upper neighbour: `num / den`, 0 ≤ num ≤ den.
struct Weight {
    num: i128,
    den: i128,
}

fn quantile_sorted(x: &[Decimal], p: Decimal, options: &QuantileOptions) -> Result<Decimal> {
    let p = if p < Decimal::ZERO || p > Decimal::ONE {
        match options.out_of_range {
            OutOfRange::Error => {
                return Err(Error::invalid_input(
                    QUANTILE,
                    format!("probability {p} is outside [0, 1]"),
                ));
            }
            OutOfRange::Clamp if p < Decimal::ZERO => Decimal::ZERO,
            OutOfRange::Clamp => Decimal::ONE,
        }
    } else {
        p
    };
    let overflow = || Error::method_overflow(QUANTILE, "a virtual index");
    let n = i128::try_from(x.len()).map_err(|_| overflow())?;
    let (a, b, den) = options.method.index(n);
    // h = (a·p + b) / den = (a·mp + b·10^s) / (den·10^s), exactly
    let s = p.scale();
    let unit = 10i128.checked_pow(s).ok_or_else(overflow)?;
    let num = a
        .checked_mul(p.mantissa())
        .and_then(|v| v.checked_add(b.checked_mul(unit)?))
        .ok_or_else(overflow)?;
    let d = den.checked_mul(unit).ok_or_else(overflow)?;
    let j = num.div_euclid(d);
    let frac = num.rem_euclid(d);
    let whole = frac == 0;
    let half = || Weight { num: 1, den: 2 };
    let (j, w) = match options.method {
        Method::InvertedCdf => (
            j,
            Weight {
                num: i128::from(!whole),
                den: 1,
            },
        ),
        Method::AveragedInvertedCdf if whole => (j, half()),
        Method::AveragedInvertedCdf => (j, Weight { num: 1, den: 1 }),
        Method::ClosestObservation => {
            let odd = j.rem_euclid(2) == 1;
            (
                j,
                Weight {
                    num: i128::from(!(whole && odd)),
                    den: 1,
                },
            )
        }
        Method::Lower => (j, Weight { num: 0, den: 1 }),
        Method::Higher => (
            j,
            Weight {
                num: i128::from(!whole),
                den: 1,
            },
        ),
        Method::Nearest => {
            // compare frac with d/2: 2·frac against d
            let twice = frac.checked_mul(2).ok_or_else(overflow)?;
            let up = twice > d || (twice == d && j.rem_euclid(2) == 1);
            (
                j,
                Weight {
                    num: i128::from(up),
                    den: 1,
                },
            )
        }
        Method::Midpoint if whole => (j, Weight { num: 0, den: 1 }),
        Method::Midpoint => (j, half()),
        Method::InterpolatedInvertedCdf
        | Method::Hazen
        | Method::Weibull
        | Method::Linear
        | Method::MedianUnbiased
        | Method::NormalUnbiased => (j, Weight { num: frac, den: d }),
    };
    interpolate(x, j, &w)
}

/// `(1 − g)·x[j] + g·x[j + 1]`, the indices clipped to `[0, n − 1]`, rounded once.
fn interpolate(x: &[Decimal], j: i128, w: &Weight) -> Result<Decimal> {
    let last = x.len() - 1;
    let clip = |k: i128| -> usize {
        if k < 0 {
            0
        } else {
            usize::try_from(k).map_or(last, |k| k.min(last))
        }
    };
    let (lo, hi) = (x[clip(j)], x[clip(j + 1)]);
    if w.num == 0 || lo == hi {
        return Ok(lo);
    }
    if w.num == w.den {
        return Ok(hi);
    }
    let overflow = || Error::method_overflow(QUANTILE, "an interpolation");
    let c = Column::new(&[lo, hi]).ok_or_else(overflow)?;
    let g = I512::from_i128(w.num);
    let rest = I512::from_i128(w.den - w.num);
    let total = c.values[0]
        .checked_mul(rest)
        .and_then(|l| l.checked_add(c.values[1].checked_mul(g)?))
        .ok_or_else(overflow)?;
    let den = U512::from_u128(w.den.unsigned_abs());
    let exp10 = -i32::try_from(c.scale).map_err(|_| overflow())?;
    ratio_to_decimal(total.negative, total.magnitude, den, exp10).ok_or_else(overflow)
}

/// Delta degrees of freedom of a variance: the divisor is `n − ddof`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Ddof {
    /// `ddof = 0`, divisor `n`: the population variance (numpy's `var` / `std`
    /// default, Excel `VAR.P`).
    #[default]
    Population,
    /// `ddof = 1`, divisor `n − 1`: the sample variance (pandas' default, Excel
    /// `VAR.S`).
    Sample,
}

impl Ddof {
    /// 0 or 1.
    pub const fn value(self) -> u32 {
        match self {
            Ddof::Population => 0,
            Ddof::Sample => 1,
        }
    }
}

/// The arithmetic mean, correctly rounded (exact when it terminates within 28 places).
///
/// # Errors
///
/// No values; a mean beyond `Decimal`'s range.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::methods::mean;
///
/// assert_eq!(mean(&[dec!(1), dec!(2), dec!(4)])?.to_string(), "2.3333333333333333333333333333");
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn mean(values: &[Decimal]) -> Result<Decimal> {
    if values.is_empty() {
        return Err(Error::invalid_input("mean", "no values"));
    }
    exact::mean(values).ok_or_else(|| Error::method_overflow("mean", "a sum"))
}

/// The median: the `linear` quantile at ½ (the mean of the two middle values for an
/// even count).
///
/// # Errors
///
/// No values.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::methods::median;
///
/// assert_eq!(median(&[dec!(4), dec!(1), dec!(3), dec!(2)])?, dec!(2.5));
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn median(values: &[Decimal]) -> Result<Decimal> {
    quantile(values, Decimal::new(5, 1), &QuantileOptions::new())
}

/// The variance `Σ(x − x̄)² / (n − ddof)`, from exact sums, rounded once.
///
/// # Errors
///
/// Not more than `ddof` values (no values, or one value for [`Ddof::Sample`]).
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::methods::{Ddof, variance};
///
/// let v = [dec!(2), dec!(4), dec!(4), dec!(4), dec!(5), dec!(5), dec!(7), dec!(9)];
/// assert_eq!(variance(&v, Ddof::Population)?, dec!(4));
/// assert_eq!(variance(&v, Ddof::Sample)?.to_string(), "4.5714285714285714285714285714");
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn variance(values: &[Decimal], ddof: Ddof) -> Result<Decimal> {
    check_dof("variance", values, ddof)?;
    exact::variance(values, ddof.value())
        .ok_or_else(|| Error::method_overflow("variance", "a sum of squares"))
}

/// The standard deviation: [`math::sqrt`](super::math::sqrt) of the exact variance
/// (relative error at most 10⁻²⁷).
///
/// # Errors
///
/// As [`variance`].
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::methods::{Ddof, std_dev};
///
/// let v = [dec!(2), dec!(4), dec!(4), dec!(4), dec!(5), dec!(5), dec!(7), dec!(9)];
/// assert_eq!(std_dev(&v, Ddof::Population)?, dec!(2));
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn std_dev(values: &[Decimal], ddof: Ddof) -> Result<Decimal> {
    check_dof("standard deviation", values, ddof)?;
    math::std_dev(values, ddof.value())
        .ok_or_else(|| Error::method_overflow("standard deviation", "a sum of squares"))
}

fn check_dof(method: &'static str, values: &[Decimal], ddof: Ddof) -> Result<()> {
    if values.len() <= usize::try_from(ddof.value()).unwrap_or(usize::MAX) {
        return Err(Error::invalid_input(
            method,
            format!(
                "{} value(s) are too few with ddof = {}",
                values.len(),
                ddof.value()
            ),
        ));
    }
    Ok(())
}

/// The summary of a set of values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never written by a bureau: open to unknown keys.
pub struct Summary {
    /// How many values.
    pub count: u64,
    /// The smallest.
    pub min: Decimal,
    /// The largest.
    pub max: Decimal,
    /// The mean.
    pub mean: Decimal,
    /// The median.
    pub median: Decimal,
    /// The ddof of the variance and standard deviation.
    pub ddof: Ddof,
    /// The variance; `None` for a single value under [`Ddof::Sample`].
    pub variance: Option<Decimal>,
    /// The standard deviation; `None` with the variance.
    pub std_dev: Option<Decimal>,
}

impl Summary {
    /// Summarises `values`.
    ///
    /// # Errors
    ///
    /// No values; an overflow.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal_macros::dec;
    /// use scorecard::methods::{Ddof, Summary};
    ///
    /// let s = Summary::of(&[dec!(60), dec!(80), dec!(100)], Ddof::Sample)?;
    /// assert_eq!((s.count, s.min, s.max, s.mean, s.median), (3, dec!(60), dec!(100), dec!(80), dec!(80)));
    /// assert_eq!(s.variance, Some(dec!(400)));
    /// assert_eq!(s.std_dev, Some(dec!(20)));
    /// # Ok::<(), scorecard::Error>(())
    /// ```
    pub fn of(values: &[Decimal], ddof: Ddof) -> Result<Self> {
        let sorted = sorted(values)?;
        let enough = check_dof("summary", values, ddof).is_ok();
        let (variance, std_dev) = if enough {
            (Some(variance(values, ddof)?), Some(std_dev(values, ddof)?))
        } else {
            (None, None)
        };
        Ok(Self {
            count: u64::try_from(values.len())
                .map_err(|_| Error::method_overflow("summary", "a count"))?,
            min: sorted[0],
            max: sorted[sorted.len() - 1],
            mean: mean(values)?,
            median: quantile_sorted(&sorted, Decimal::new(5, 1), &QuantileOptions::new())?,
            ddof,
            variance,
            std_dev,
        })
    }
}
