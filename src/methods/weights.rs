//! Objective weights from a decision matrix: entropy (熵权法), CRITIC and the
//! coefficient of variation; and weights turned into points.
//!
//! Rows are alternatives (branches), columns criteria (indicators). Every method
//! returns its intermediate values beside the weights, and `points` turns weights into
//! an indicator's points that add up exactly to a total.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::math;
use super::quantile::Ddof;
use super::{Criterion, check_table, column};
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::num::exact;
use crate::people::largest_remainder;

/// Turns `weights` into points with at most `places` decimal places that add up to
/// exactly `total`, by the largest-remainder split (ties to the earlier criterion).
///
/// Weights derived by [`entropy_weights`], [`critic_weights`], [`cv_weights`] or AHP can
/// so become indicators' points; `points(w, 1, 4)` gives weights to 4 places that add up
/// to exactly 1.
///
/// # Errors
///
/// A negative weight, weights adding up to 0, a total with more than `places` places
/// (see [`largest_remainder`]).
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::methods::points;
///
/// let w = [dec!(0.4630), dec!(0.3992), dec!(0.1378)];
/// assert_eq!(points(&w, dec!(100), 0)?, [dec!(46), dec!(40), dec!(14)]);
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn points(weights: &[Decimal], total: Decimal, places: u32) -> Result<Vec<Decimal>> {
    largest_remainder(total, weights, places)
}

/// How the entropy method turns a criterion's values into proportions `pᵢⱼ`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Normalisation {
    /// 极差标准化, the Chinese 熵权法 practice (the default): `zᵢⱼ = (xᵢⱼ − min) /
    /// (max − min)` for a benefit criterion, `(max − xᵢⱼ) / (max − min)` for a cost
    /// criterion; then `pᵢⱼ = zᵢⱼ / Σᵢ zᵢⱼ`. Any sign is allowed; the worst alternative
    /// gets `p = 0`, and `0 · ln 0 = 0`.
    #[default]
    MinMax,
    /// The original proportions of Shannon entropy weighting (Hwang & Yoon 1981; Zeleny
    /// 1982): `pᵢⱼ = xᵢⱼ / Σᵢ xᵢⱼ` on the raw values, whatever the direction (entropy
    /// measures dispersion, not preference). The values must not be negative.
    Proportion,
}

/// The options of the entropy method.
///
/// Deserialises from `{ "normalisation": "proportion" }`, the field optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EntropyOptions {
    /// How values become proportions; [`Normalisation::MinMax`] by default.
    pub normalisation: Normalisation,
}

/// One criterion of the entropy method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never written by a bureau: open to unknown keys.
pub struct EntropyCriterion {
    /// The criterion's name.
    pub name: String,
    /// Whether every alternative has the same value: then `pᵢⱼ = 1/m`, `eⱼ = 1`, the
    /// weight 0.
    pub constant: bool,
    /// The entropy `eⱼ = −(1 / ln m) Σᵢ pᵢⱼ ln pᵢⱼ`, in `[0, 1]`.
    pub entropy: Decimal,
    /// The divergence `dⱼ = 1 − eⱼ` (差异系数).
    pub divergence: Decimal,
    /// The weight `wⱼ = dⱼ / Σₖ dₖ`.
    pub weight: Decimal,
}

/// The result of the entropy method (熵权法).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never written by a bureau: open to unknown keys.
pub struct Entropy {
    /// The normalisation used.
    pub normalisation: Normalisation,
    /// The normalised matrix `zᵢⱼ` (rows are alternatives): the min–max values, or the
    /// raw values under [`Normalisation::Proportion`]; 0 for a constant criterion under
    /// min–max.
    pub normalised: Vec<Vec<Decimal>>,
    /// The proportions `pᵢⱼ` (each column adds up to 1, up to rounding).
    pub proportions: Vec<Vec<Decimal>>,
    /// Each criterion's entropy, divergence and weight.
    pub criteria: Vec<EntropyCriterion>,
}

impl Entropy {
    /// The weights, in the order of the criteria.
    pub fn weights(&self) -> Vec<Decimal> {
        self.criteria.iter().map(|c| c.weight).collect()
    }

    /// The weights as points adding up to exactly `total`; see [`points`].
    ///
    /// # Errors
    ///
    /// As [`points`].
    pub fn points(&self, total: Decimal, places: u32) -> Result<Vec<Decimal>> {
        points(&self.weights(), total, places)
    }
}

const ENTROPY: &str = "entropy weights";

/// Entropy weights (熵权法) of the criteria of a decision matrix.
///
/// With `m` alternatives: proportions `pᵢⱼ` by the [`Normalisation`]; the entropy
/// `eⱼ = −k Σᵢ pᵢⱼ ln pᵢⱼ` with `k = 1 / ln m` and `0 · ln 0 = 0`; the divergence
/// `dⱼ = 1 − eⱼ`; the weight `wⱼ = dⱼ / Σ dₖ`. A constant criterion carries no
/// information: `eⱼ = 1`, weight 0. Logarithms are [`math::ln`] (within 6·10⁻²⁷); each
/// `eⱼ` is within `m · 10⁻²⁶` of its exact value, and a `dⱼ` that rounding would put
/// below 0 is 0. The weights add up to 1 within `n · 10⁻²⁷`; [`Entropy::points`] makes
/// them add up exactly.
///
/// # Errors
///
/// No criteria or a name given twice; fewer than 2 alternatives (`ln 1 = 0`); a row of
/// the wrong length; under [`Normalisation::Proportion`] a negative value (naming the
/// criterion); every criterion constant (no weight can be formed).
///
/// # Examples
///
/// Two branches apart on one indicator, equal on another: all the weight goes to the
/// first.
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::methods::{Criterion, EntropyOptions, entropy_weights};
///
/// let criteria = [Criterion::benefit("I1"), Criterion::benefit("I2")];
/// let rows = [[dec!(80), dec!(5)], [dec!(90), dec!(5)], [dec!(70), dec!(5)]];
/// let e = entropy_weights(&criteria, &rows, &EntropyOptions::default())?;
/// assert_eq!(e.weights(), [dec!(1), dec!(0)]);
/// assert!(e.criteria[1].constant);
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn entropy_weights<R: AsRef<[Decimal]>>(
    criteria: &[Criterion],
    rows: &[R],
    options: &EntropyOptions,
) -> Result<Entropy> {
    check_table(ENTROPY, criteria, rows, 2)?;
    let overflow = || Error::method_overflow(ENTROPY, "a proportion");
    let m = rows.len();
    let md = Decimal::from(m);
    let ln_m = math::ln(md)?;
    let uniform = Decimal::ONE.checked_div(md).ok_or_else(overflow)?;
    let mut z_cols = Vec::with_capacity(criteria.len());
    let mut p_cols = Vec::with_capacity(criteria.len());
    let mut found = Vec::with_capacity(criteria.len());
    for (j, c) in criteria.iter().enumerate() {
        let x = column(rows, j);
        let (lo, hi) = min_max(&x);
        let constant = lo == hi;
        // the shares aᵢ before division by their sum, and the normalised zᵢ
        let (a, z) = match options.normalisation {
            Normalisation::MinMax => {
                let a: Vec<Decimal> = x
                    .iter()
                    .map(|v| match c.direction {
                        Direction::HigherIsBetter => v.checked_sub(lo),
                        Direction::LowerIsBetter => hi.checked_sub(*v),
                    })
                    .collect::<Option<_>>()
                    .ok_or_else(overflow)?;
                let range = hi.checked_sub(lo).ok_or_else(overflow)?;
                let z = if constant {
                    vec![Decimal::ZERO; m]
                } else {
                    a.iter()
                        .map(|v| v.checked_div(range))
                        .collect::<Option<_>>()
                        .ok_or_else(overflow)?
                };
                (a, z)
            }
            Normalisation::Proportion => {
                if let Some((i, v)) = x
                    .iter()
                    .enumerate()
                    .find(|(_, v)| v.is_sign_negative() && !v.is_zero())
                {
                    return Err(Error::invalid_criterion(
                        ENTROPY,
                        &c.name,
                        format!(
                            "has the negative value {v} for alternative {}: proportions need values of 0 or more",
                            i + 1
                        ),
                    ));
                }
                (x.clone(), x)
            }
        };
        let p = if constant {
            vec![uniform; m]
        } else {
            let sum = a
                .iter()
                .try_fold(Decimal::ZERO, |s, v| s.checked_add(*v))
                .ok_or_else(overflow)?;
            a.iter()
                .map(|v| v.checked_div(sum))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(overflow)?
        };
        let entropy = if constant {
            Decimal::ONE
        } else {
            let mut s = Decimal::ZERO;
            for v in &p {
                s = s.checked_add(math::x_ln_x(*v)?).ok_or_else(overflow)?;
            }
            let e = s.checked_div(ln_m).ok_or_else(overflow)?;
            (-e).clamp(Decimal::ZERO, Decimal::ONE)
        };
        let divergence = Decimal::ONE.checked_sub(entropy).ok_or_else(overflow)?;
        found.push((constant, entropy, divergence));
        z_cols.push(z);
        p_cols.push(p);
    }
    let total = found
        .iter()
        .try_fold(Decimal::ZERO, |s, f| s.checked_add(f.2))
        .ok_or_else(overflow)?;
    if total.is_zero() {
        return Err(Error::invalid_input(
            ENTROPY,
            "every criterion is constant: no criterion tells the alternatives apart",
        ));
    }
    let criteria_out = criteria
        .iter()
        .zip(found)
        .map(|(c, (constant, entropy, divergence))| {
            Ok(EntropyCriterion {
                name: c.name.clone(),
                constant,
                entropy,
                divergence,
                weight: divergence.checked_div(total).ok_or_else(overflow)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Entropy {
        normalisation: options.normalisation,
        normalised: transpose(&z_cols),
        proportions: transpose(&p_cols),
        criteria: criteria_out,
    })
}

fn min_max(x: &[Decimal]) -> (Decimal, Decimal) {
    let lo = x.iter().copied().min().unwrap_or_default();
    let hi = x.iter().copied().max().unwrap_or_default();
    (lo, hi)
}

/// Columns to rows.
fn transpose(cols: &[Vec<Decimal>]) -> Vec<Vec<Decimal>> {
    let m = cols.first().map_or(0, Vec::len);
    (0..m)
        .map(|i| cols.iter().map(|c| c[i]).collect())
        .collect()
}

/// The options of CRITIC.
///
/// Deserialises from `{ "ddof": "sample" }`, the field optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CriticOptions {
    /// The ddof of the standard deviations shown; [`Ddof::Population`] by default. The
    /// weights do not depend on it (it scales every `σⱼ` alike).
    pub ddof: Ddof,
}

/// One criterion of CRITIC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never written by a bureau: open to unknown keys.
pub struct CriticCriterion {
    /// The criterion's name.
    pub name: String,
    /// Whether every alternative has the same value: `σⱼ = 0`, weight 0, and the
    /// criterion is left out of the others' conflict (its correlations are undefined).
    pub constant: bool,
    /// The standard deviation `σⱼ` of the normalised values.
    pub std_dev: Decimal,
    /// The conflict `Σₖ (1 − rⱼₖ)` over the non-constant criteria.
    pub conflict: Decimal,
    /// The information `Cⱼ = σⱼ · Σₖ (1 − rⱼₖ)`.
    pub information: Decimal,
    /// The weight `wⱼ = Cⱼ / Σ Cₖ`.
    pub weight: Decimal,
}

/// The result of CRITIC (Criteria Importance Through Intercriteria Correlation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never written by a bureau: open to unknown keys.
pub struct Critic {
    /// The ddof of the standard deviations.
    pub ddof: Ddof,
    /// The min–max normalised matrix (rows are alternatives; the best value 1, the
    /// worst 0, by each criterion's direction).
    pub normalised: Vec<Vec<Decimal>>,
    /// The correlation matrix `rⱼₖ` of the normalised criteria (0 beside a constant
    /// criterion).
    pub correlation: Vec<Vec<Decimal>>,
    /// Each criterion's deviation, conflict, information and weight.
    pub criteria: Vec<CriticCriterion>,
}

impl Critic {
    /// The weights, in the order of the criteria.
    pub fn weights(&self) -> Vec<Decimal> {
        self.criteria.iter().map(|c| c.weight).collect()
    }

    /// The weights as points adding up to exactly `total`; see [`points`].
    ///
    /// # Errors
    ///
    /// As [`points`].
    pub fn points(&self, total: Decimal, places: u32) -> Result<Vec<Decimal>> {
        points(&self.weights(), total, places)
    }
}

const CRITIC: &str = "CRITIC weights";

/// CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995) of the criteria of a
/// decision matrix.
///
/// Each criterion is min–max normalised by its direction (`zᵢⱼ = (xᵢⱼ − worst) / (best
/// − worst)`); `σⱼ` is the standard deviation of `zⱼ`; `rⱼₖ` the Pearson correlation of
/// `zⱼ` and `zₖ`; `Cⱼ = σⱼ Σₖ (1 − rⱼₖ)`, `wⱼ = Cⱼ / Σ Cₖ`. Deviations and correlations
/// come from exact sums of the raw values (`σ(z) = σ(x) / range`, and `r(z)` is `±r(x)`
/// by the two directions), then one [`math::sqrt`]: each is within 10⁻²⁶ relative; a
/// correlation is kept in `[−1, 1]`.
///
/// # Errors
///
/// No criteria or a name given twice; fewer than 2 alternatives; a row of the wrong
/// length; every criterion constant or all perfectly correlated (`Σ C = 0`).
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::methods::{Criterion, CriticOptions, critic_weights};
///
/// // two criteria in perfect conflict weigh the same
/// let criteria = [Criterion::benefit("A"), Criterion::benefit("B")];
/// let rows = [[dec!(1), dec!(3)], [dec!(2), dec!(2)], [dec!(3), dec!(1)]];
/// let c = critic_weights(&criteria, &rows, &CriticOptions::default())?;
/// assert_eq!(c.weights(), [dec!(0.5), dec!(0.5)]);
/// assert_eq!(c.correlation[0][1], dec!(-1));
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn critic_weights<R: AsRef<[Decimal]>>(
    criteria: &[Criterion],
    rows: &[R],
    options: &CriticOptions,
) -> Result<Critic> {
    check_table(CRITIC, criteria, rows, 2)?;
    let overflow = || Error::method_overflow(CRITIC, "a deviation or a correlation");
    let n = criteria.len();
    let cols: Vec<Vec<Decimal>> = (0..n).map(|j| column(rows, j)).collect();
    let mut normalised = Vec::with_capacity(n);
    let mut sigma_x = Vec::with_capacity(n);
    let mut sigma_z = Vec::with_capacity(n);
    let mut constant = Vec::with_capacity(n);
    for (c, x) in criteria.iter().zip(&cols) {
        let (lo, hi) = min_max(x);
        let range = hi.checked_sub(lo).ok_or_else(overflow)?;
        let is_constant = range.is_zero();
        constant.push(is_constant);
        let z: Vec<Decimal> = if is_constant {
            vec![Decimal::ZERO; x.len()]
        } else {
            x.iter()
                .map(|v| {
                    match c.direction {
                        Direction::HigherIsBetter => v.checked_sub(lo),
                        Direction::LowerIsBetter => hi.checked_sub(*v),
                    }
                    .and_then(|a| a.checked_div(range))
                })
                .collect::<Option<_>>()
                .ok_or_else(overflow)?
        };
        normalised.push(z);
        // the population deviation of x for correlations; σ(z) in the declared ddof
        let sx = math::std_dev(x, 0).ok_or_else(overflow)?;
        sigma_x.push(sx);
        sigma_z.push(if is_constant {
            Decimal::ZERO
        } else {
            math::std_dev(x, options.ddof.value())
                .and_then(|s| s.checked_div(range))
                .ok_or_else(overflow)?
        });
    }
    // r(z) = r(x), negated when exactly one of the two is a cost criterion
    let flip = |j: usize, k: usize| {
        if criteria[j].direction == criteria[k].direction {
            Decimal::ONE
        } else {
            Decimal::NEGATIVE_ONE
        }
    };
    let mut correlation = vec![vec![Decimal::ZERO; n]; n];
    for j in 0..n {
        if constant[j] {
            continue;
        }
        correlation[j][j] = Decimal::ONE;
        for k in (j + 1)..n {
            if constant[k] {
                continue;
            }
            let cov = exact::covariance(&cols[j], &cols[k]).ok_or_else(overflow)?;
            let r = sigma_x[j]
                .checked_mul(sigma_x[k])
                .and_then(|d| cov.checked_div(d))
                .and_then(|r| r.checked_mul(flip(j, k)))
                .ok_or_else(overflow)?
                .clamp(Decimal::NEGATIVE_ONE, Decimal::ONE);
            correlation[j][k] = r;
            correlation[k][j] = r;
        }
    }
    let mut info = Vec::with_capacity(n);
    for j in 0..n {
        let conflict = if constant[j] {
            Decimal::ZERO
        } else {
            (0..n)
                .filter(|k| !constant[*k])
                .try_fold(Decimal::ZERO, |s, k| {
                    s.checked_add(Decimal::ONE.checked_sub(correlation[j][k])?)
                })
                .ok_or_else(overflow)?
        };
        let information = sigma_z[j].checked_mul(conflict).ok_or_else(overflow)?;
        info.push((conflict, information));
    }
    let total = info
        .iter()
        .try_fold(Decimal::ZERO, |s, i| s.checked_add(i.1))
        .ok_or_else(overflow)?;
    if total.is_zero() {
        return Err(Error::invalid_input(
            CRITIC,
            "no criterion carries information: every one is constant or all are perfectly correlated",
        ));
    }
    let out = criteria
        .iter()
        .enumerate()
        .map(|(j, c)| {
            Ok(CriticCriterion {
                name: c.name.clone(),
                constant: constant[j],
                std_dev: sigma_z[j],
                conflict: info[j].0,
                information: info[j].1,
                weight: info[j].1.checked_div(total).ok_or_else(overflow)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Critic {
        ddof: options.ddof,
        normalised: transpose(&normalised),
        correlation,
        criteria: out,
    })
}

/// One criterion of the coefficient-of-variation method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never written by a bureau: open to unknown keys.
pub struct CvCriterion {
    /// The criterion's name.
    pub name: String,
    /// The mean `μⱼ`.
    pub mean: Decimal,
    /// The standard deviation `σⱼ`.
    pub std_dev: Decimal,
    /// The coefficient of variation `vⱼ = σⱼ / μⱼ` (0 for a constant criterion).
    pub cv: Decimal,
    /// The weight `wⱼ = vⱼ / Σ vₖ`.
    pub weight: Decimal,
}

/// The result of the coefficient-of-variation method (变异系数法).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never written by a bureau: open to unknown keys.
pub struct CvWeights {
    /// The ddof of the standard deviations.
    pub ddof: Ddof,
    /// Each criterion's mean, deviation, coefficient and weight.
    pub criteria: Vec<CvCriterion>,
}

impl CvWeights {
    /// The weights, in the order of the criteria.
    pub fn weights(&self) -> Vec<Decimal> {
        self.criteria.iter().map(|c| c.weight).collect()
    }

    /// The weights as points adding up to exactly `total`; see [`points`].
    ///
    /// # Errors
    ///
    /// As [`points`].
    pub fn points(&self, total: Decimal, places: u32) -> Result<Vec<Decimal>> {
        points(&self.weights(), total, places)
    }
}

const CV: &str = "coefficient of variation weights";

/// Coefficient-of-variation weights (变异系数法): `vⱼ = σⱼ / μⱼ` on the raw values,
/// `wⱼ = vⱼ / Σ vₖ`. The direction of a criterion does not matter (dispersion, not
/// preference); the ddof cancels out of the weights. A constant criterion (σ = 0,
/// including all zeros) has `v = 0`.
///
/// # Errors
///
/// No criteria or a name given twice; fewer than 2 alternatives; a row of the wrong
/// length; a negative value (the coefficient of variation needs a positive scale),
/// naming the criterion; every criterion constant.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::methods::{Criterion, Ddof, cv_weights};
///
/// // the same relative spread weighs the same, whatever the unit
/// let criteria = [Criterion::benefit("yuan"), Criterion::benefit("count")];
/// let rows = [[dec!(1000), dec!(1)], [dec!(3000), dec!(3)]];
/// let w = cv_weights(&criteria, &rows, Ddof::Sample)?;
/// assert_eq!(w.weights(), [dec!(0.5), dec!(0.5)]);
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn cv_weights<R: AsRef<[Decimal]>>(
    criteria: &[Criterion],
    rows: &[R],
    ddof: Ddof,
) -> Result<CvWeights> {
    check_table(CV, criteria, rows, 2)?;
    let overflow = || Error::method_overflow(CV, "a coefficient of variation");
    let mut found = Vec::with_capacity(criteria.len());
    for (j, c) in criteria.iter().enumerate() {
        let x = column(rows, j);
        if let Some((i, v)) = x
            .iter()
            .enumerate()
            .find(|(_, v)| v.is_sign_negative() && !v.is_zero())
        {
            return Err(Error::invalid_criterion(
                CV,
                &c.name,
                format!(
                    "has the negative value {v} for alternative {}: the coefficient of variation needs values of 0 or more",
                    i + 1
                ),
            ));
        }
        let mean = exact::mean(&x).ok_or_else(overflow)?;
        let sd = math::std_dev(&x, ddof.value()).ok_or_else(overflow)?;
        let cv = if sd.is_zero() {
            Decimal::ZERO
        } else {
            sd.checked_div(mean).ok_or_else(overflow)?
        };
        found.push((mean, sd, cv));
    }
    let total = found
        .iter()
        .try_fold(Decimal::ZERO, |s, f| s.checked_add(f.2))
        .ok_or_else(overflow)?;
    if total.is_zero() {
        return Err(Error::invalid_input(
            CV,
            "every criterion is constant: no criterion tells the alternatives apart",
        ));
    }
    let out = criteria
        .iter()
        .zip(found)
        .map(|(c, (mean, std_dev, cv))| {
            Ok(CvCriterion {
                name: c.name.clone(),
                mean,
                std_dev,
                cv,
                weight: cv.checked_div(total).ok_or_else(overflow)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(CvWeights {
        ddof,
        criteria: out,
    })
}
