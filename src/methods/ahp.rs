//! The analytic hierarchy process (AHP, 层次分析法): weights from an expert's pairwise
//! comparisons, and the consistency check.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::math;
use crate::error::{Error, Result};
use crate::num::{Rounding, fixed};

const AHP: &str = "AHP";

/// A positive reciprocal pairwise comparison matrix (判断矩阵): `aᵢⱼ` says how much more
/// important criterion `i` is than `j` (Saaty's 1–9 scale), `aᵢᵢ = 1`,
/// `aⱼᵢ = 1 / aᵢⱼ`.
///
/// # Examples
///
/// The upper triangle is enough; the lower one is filled with reciprocals.
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::Rounding;
/// use scorecard::methods::PairwiseMatrix;
///
/// let m = PairwiseMatrix::from_upper(&[vec![dec!(3), dec!(5)], vec![dec!(2)]])?;
/// assert_eq!(m.len(), 3);
/// assert_eq!(Rounding::HalfUp.round(m.rows()[1][0], 4), dec!(0.3333));
/// assert_eq!(m.rows()[2][2], dec!(1));
/// # Ok::<(), scorecard::Error>(())
/// ```
///
/// It serialises (as `{ "rows": [[…], …] }`) but does not deserialise: a matrix is only
/// ever built by the two constructors, which validate it; a configuration gives the
/// upper triangle to [`PairwiseMatrix::from_upper`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PairwiseMatrix {
    rows: Vec<Vec<Decimal>>,
}

impl PairwiseMatrix {
    /// A matrix given whole. Every entry must be positive, the diagonal 1, and each
    /// pair reciprocal within `tolerance`: `|aᵢⱼ · aⱼᵢ − 1| ≤ tolerance` (0.01 admits
    /// 1/3 written as 0.333 or 0.33 beside a 3). The entries are kept as given.
    ///
    /// # Errors
    ///
    /// No rows, a row of the wrong length, an entry that is not positive, a diagonal
    /// entry other than 1, a pair that is not reciprocal within `tolerance`; each names
    /// the row and column (1-based).
    pub fn from_rows<R: AsRef<[Decimal]>>(rows: &[R], tolerance: Decimal) -> Result<Self> {
        let n = rows.len();
        if n == 0 {
            return Err(Error::invalid_input(AHP, "the pairwise matrix is empty"));
        }
        let rows: Vec<Vec<Decimal>> = rows.iter().map(|r| r.as_ref().to_vec()).collect();
        for (i, row) in rows.iter().enumerate() {
            if row.len() != n {
                return Err(Error::invalid_input(
                    AHP,
                    format!("row {} has {} entries, not {n}", i + 1, row.len()),
                ));
            }
            for (j, a) in row.iter().enumerate() {
                if *a <= Decimal::ZERO {
                    return Err(Error::invalid_input(
                        AHP,
                        format!("entry ({}, {}) is {a}, not positive", i + 1, j + 1),
                    ));
                }
            }
            if row[i] != Decimal::ONE {
                return Err(Error::invalid_input(
                    AHP,
                    format!("diagonal entry ({0}, {0}) is {1}, not 1", i + 1, row[i]),
                ));
            }
        }
        for (i, row) in rows.iter().enumerate() {
            for (j, other) in rows.iter().enumerate().skip(i + 1) {
                let (a, b) = (row[j], other[i]);
                let product = a
                    .checked_mul(b)
                    .ok_or_else(|| Error::method_overflow(AHP, "a reciprocal check"))?;
                let off = product
                    .checked_sub(Decimal::ONE)
                    .ok_or_else(|| Error::method_overflow(AHP, "a reciprocal check"))?;
                if off.abs() > tolerance {
                    return Err(Error::invalid_input(
                        AHP,
                        format!(
                            "entries ({0}, {1}) = {2} and ({1}, {0}) = {3} are not reciprocal within {tolerance}",
                            i + 1,
                            j + 1,
                            a,
                            b
                        ),
                    ));
                }
            }
        }
        Ok(Self { rows })
    }

    /// A matrix from its upper triangle: row `i` (from 0) holds `aᵢ,ᵢ₊₁ … aᵢ,ₙ₋₁`, so
    /// `n − 1` rows of `n − 1, n − 2, …, 1` entries (no rows for a single criterion).
    /// The diagonal is 1 and `aⱼᵢ = 1 / aᵢⱼ` (rounded at the 28th digit when it does
    /// not terminate).
    ///
    /// # Errors
    ///
    /// A row of the wrong length, an entry that is not positive.
    pub fn from_upper<R: AsRef<[Decimal]>>(upper: &[R]) -> Result<Self> {
        let n = upper.len() + 1;
        let mut rows = vec![vec![Decimal::ONE; n]; n];
        for (i, row) in upper.iter().enumerate() {
            let row = row.as_ref();
            if row.len() != n - 1 - i {
                return Err(Error::invalid_input(
                    AHP,
                    format!(
                        "upper row {} has {} entries, not {}",
                        i + 1,
                        row.len(),
                        n - 1 - i
                    ),
                ));
            }
            for (k, a) in row.iter().enumerate() {
                let j = i + 1 + k;
                if *a <= Decimal::ZERO {
                    return Err(Error::invalid_input(
                        AHP,
                        format!("entry ({}, {}) is {a}, not positive", i + 1, j + 1),
                    ));
                }
                rows[i][j] = *a;
                rows[j][i] = Decimal::ONE
                    .checked_div(*a)
                    .ok_or_else(|| Error::method_overflow(AHP, "a reciprocal"))?;
            }
        }
        Ok(Self { rows })
    }

    /// The number of criteria.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no criteria (never: the constructors refuse it).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The entries, row by row.
    pub fn rows(&self) -> &[Vec<Decimal>] {
        &self.rows
    }
}

/// How the priorities (weights) are derived from the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Priority {
    /// 特征向量法: the principal eigenvector (Saaty 1977), by power iteration in
    /// `Decimal` until successive vectors differ by at most the tolerance (the default).
    #[default]
    Eigenvector,
    /// 几何平均法 (方根法): the normalised geometric means of the rows (Crawford &
    /// Williams 1985), through [`math::ln`] and [`math::exp`].
    GeometricMean,
}

/// The table of random indices (平均随机一致性指标 RI) that CR divides by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum RandomIndex {
    /// Saaty (1980), *The Analytic Hierarchy Process*, McGraw-Hill, for n = 1…15:
    /// 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59
    /// (the default, and the table most textbooks print).
    #[default]
    Saaty1980,
    /// Saaty (2005), *Theory and Applications of the Analytic Network Process*, RWS
    /// Publications, p. 31, from larger simulations, for n = 1…15: 0, 0, 0.52, 0.89,
    /// 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59.
    Saaty2005,
}

impl RandomIndex {
    /// The largest `n` the tables cover.
    pub const MAX_N: usize = 15;

    /// RI for `n` criteria; `None` above 15.
    pub fn value(self, n: usize) -> Option<Decimal> {
        const SAATY_1980: [i64; 15] = [
            0, 0, 58, 90, 112, 124, 132, 141, 145, 149, 151, 148, 156, 157, 159,
        ];
        const SAATY_2005: [i64; 15] = [
            0, 0, 52, 89, 111, 125, 135, 140, 145, 149, 152, 154, 156, 158, 159,
        ];
        let table = match self {
            RandomIndex::Saaty1980 => &SAATY_1980,
            RandomIndex::Saaty2005 => &SAATY_2005,
        };
        n.checked_sub(1)
            .and_then(|k| table.get(k))
            .map(|v| Decimal::new(*v, 2))
    }
}

/// What happens when CR is at or above the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Inconsistency {
    /// Return the result with [`Ahp::consistent`] false (the default).
    #[default]
    Flag,
    /// Refuse the matrix with an error.
    Refuse,
}

/// The options of AHP, as a value.
///
/// Deserialises from `{ "priority": "geometric_mean", "max_cr": "0.1", … }`, every
/// field optional.
///
/// # Examples
///
/// ```
/// use scorecard::methods::{AhpOptions, Inconsistency, Priority};
///
/// let o = AhpOptions::new().priority(Priority::GeometricMean).inconsistency(Inconsistency::Refuse);
/// assert_eq!(o.max_iterations, 1000);
/// assert_eq!(o.tolerance.to_string(), "0.00000000000000000001");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AhpOptions {
    /// How the weights are derived; [`Priority::Eigenvector`] by default.
    pub priority: Priority,
    /// The power iteration stops when no weight moves by more than this; 10⁻²⁰ by
    /// default.
    pub tolerance: Decimal,
    /// The most power iterations before [`Error::is_no_convergence`]; 1000 by default.
    pub max_iterations: u32,
    /// The RI table; [`RandomIndex::Saaty1980`] by default.
    pub random_index: RandomIndex,
    /// The consistency threshold: CR below it is acceptable; 0.1 by default (Saaty).
    pub max_cr: Decimal,
    /// What CR ≥ `max_cr` does; [`Inconsistency::Flag`] by default.
    pub inconsistency: Inconsistency,
}

impl Default for AhpOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl AhpOptions {
    /// Eigenvector weights to 10⁻²⁰ within 1000 iterations, Saaty's 1980 RI, CR < 0.1
    /// acceptable, an inconsistent matrix flagged.
    pub const fn new() -> Self {
        Self {
            priority: Priority::Eigenvector,
            tolerance: Decimal::from_parts(1, 0, 0, false, 20),
            max_iterations: 1000,
            random_index: RandomIndex::Saaty1980,
            max_cr: Decimal::from_parts(1, 0, 0, false, 1),
            inconsistency: Inconsistency::Flag,
        }
    }

    /// Sets the priority method.
    pub const fn priority(mut self, priority: Priority) -> Self {
        self.priority = priority;
        self
    }

    /// Sets the convergence tolerance of the power iteration.
    pub const fn tolerance(mut self, tolerance: Decimal) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Sets the iteration cap.
    pub const fn max_iterations(mut self, max_iterations: u32) -> Self {
        self.max_iterations = max_iterations;
        self
    }

    /// Sets the RI table.
    pub const fn random_index(mut self, random_index: RandomIndex) -> Self {
        self.random_index = random_index;
        self
    }

    /// Sets the consistency threshold.
    pub const fn max_cr(mut self, max_cr: Decimal) -> Self {
        self.max_cr = max_cr;
        self
    }

    /// Sets what an inconsistent matrix does.
    pub const fn inconsistency(mut self, inconsistency: Inconsistency) -> Self {
        self.inconsistency = inconsistency;
        self
    }
}

/// The result of AHP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never written by a bureau: open to unknown keys.
pub struct Ahp {
    /// The number of criteria.
    pub n: usize,
    /// How the weights were derived.
    pub priority: Priority,
    /// The weights (priorities), adding up to 1 within `n · 10⁻²⁸`.
    pub weights: Vec<Decimal>,
    /// `A·w`, the weighted sums whose ratios to `w` estimate λmax.
    pub weighted_sums: Vec<Decimal>,
    /// λmax = (1/n) Σᵢ (A·w)ᵢ / wᵢ (the principal eigenvalue for eigenvector weights).
    pub lambda_max: Decimal,
    /// CI = (λmax − n) / (n − 1); 0 for n = 1.
    pub ci: Decimal,
    /// RI from the declared table.
    pub ri: Decimal,
    /// CR = CI / RI; 0 for n ≤ 2 (every such reciprocal matrix is consistent).
    pub cr: Decimal,
    /// Whether CR < the threshold.
    pub consistent: bool,
    /// Power iterations used (0 for the geometric mean).
    pub iterations: u32,
}

/// AHP weights of a pairwise matrix, with λmax, CI, RI and CR.
///
/// Eigenvector: start from the normalised row sums, repeat `w ← A·w / Σ(A·w)` until no
/// weight moves by more than the tolerance (within the iteration cap). Geometric mean:
/// `gᵢ = (Πⱼ aᵢⱼ)^(1/n)` by `exp(Σⱼ ln aᵢⱼ / n)`, `w = g / Σ g`. Then
/// `λmax = (1/n) Σᵢ (A·w)ᵢ / wᵢ`, `CI = (λmax − n)/(n − 1)`, `CR = CI / RI`. All in
/// `Decimal`, every product rounded at the 28th digit: for a consistent matrix
/// (`aᵢⱼ = wᵢ / wⱼ`) the generating weights come back within 10⁻²⁰ and CR within
/// 10⁻²⁰ of 0.
///
/// # Errors
///
/// No convergence within the cap ([`Error::is_no_convergence`]); more than 15
/// criteria (no RI); CR ≥ the threshold under [`Inconsistency::Refuse`]; an overflow.
///
/// # Examples
///
/// A consistent matrix from weights 0.5, 0.3, 0.2 gives them back with CR = 0.
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::Rounding;
/// use scorecard::methods::{AhpOptions, PairwiseMatrix, ahp};
///
/// let m = PairwiseMatrix::from_upper(&[vec![dec!(5) / dec!(3), dec!(2.5)], vec![dec!(1.5)]])?;
/// let a = ahp(&m, &AhpOptions::new())?;
/// let w: Vec<_> = a.weights.iter().map(|w| Rounding::HalfUp.round(*w, 20)).collect();
/// assert_eq!(w, [dec!(0.5), dec!(0.3), dec!(0.2)]);
/// assert_eq!(Rounding::HalfUp.round(a.cr, 20), dec!(0));
/// assert!(a.consistent);
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn ahp(matrix: &PairwiseMatrix, options: &AhpOptions) -> Result<Ahp> {
    let a = matrix.rows();
    let n = a.len();
    let overflow = || Error::method_overflow(AHP, "a weight");
    if n > RandomIndex::MAX_N {
        return Err(Error::invalid_input(
            AHP,
            format!(
                "{n} criteria: the random index is tabulated for at most {}",
                RandomIndex::MAX_N
            ),
        ));
    }
    let ri = options.random_index.value(n).ok_or_else(overflow)?;
    let nd = Decimal::from(n);
    let (weights, iterations) = match options.priority {
        Priority::Eigenvector => eigenvector(a, options)?,
        Priority::GeometricMean => (geometric_mean(a)?, 0),
    };
    let weighted_sums = multiply(a, &weights).ok_or_else(overflow)?;
    let lambda_max = weighted_sums
        .iter()
        .zip(&weights)
        .try_fold(Decimal::ZERO, |s, (aw, w)| {
            s.checked_add(aw.checked_div(*w)?)
        })
        .and_then(|s| s.checked_div(nd))
        .ok_or_else(overflow)?;
    let ci = if n > 1 {
        lambda_max
            .checked_sub(nd)
            .and_then(|d| d.checked_div(nd.checked_sub(Decimal::ONE)?))
            .ok_or_else(overflow)?
    } else {
        Decimal::ZERO
    };
    let cr = if n > 2 {
        ci.checked_div(ri).ok_or_else(overflow)?
    } else {
        Decimal::ZERO
    };
    let consistent = cr < options.max_cr;
    if !consistent && options.inconsistency == Inconsistency::Refuse {
        return Err(Error::invalid_input(
            AHP,
            format!(
                "the pairwise matrix is inconsistent: CR = {} is not below {} (CI = {}, RI = {ri})",
                fixed(cr, 4, Rounding::HalfUp),
                options.max_cr,
                fixed(ci, 4, Rounding::HalfUp),
            ),
        ));
    }
    Ok(Ahp {
        n,
        priority: options.priority,
        weights,
        weighted_sums,
        lambda_max,
        ci,
        ri,
        cr,
        consistent,
        iterations,
    })
}

/// `A·v`; `None` on overflow.
fn multiply(a: &[Vec<Decimal>], v: &[Decimal]) -> Option<Vec<Decimal>> {
    a.iter()
        .map(|row| {
            row.iter()
                .zip(v)
                .try_fold(Decimal::ZERO, |s, (x, y)| s.checked_add(x.checked_mul(*y)?))
        })
        .collect()
}

/// `v / Σ v`; `None` on overflow or a zero sum.
fn normalise(v: &[Decimal]) -> Option<Vec<Decimal>> {
    let sum = v.iter().try_fold(Decimal::ZERO, |s, x| s.checked_add(*x))?;
    v.iter().map(|x| x.checked_div(sum)).collect()
}

fn eigenvector(a: &[Vec<Decimal>], options: &AhpOptions) -> Result<(Vec<Decimal>, u32)> {
    let overflow = || Error::method_overflow(AHP, "a power iteration");
    let sums: Vec<Decimal> = a
        .iter()
        .map(|row| row.iter().try_fold(Decimal::ZERO, |s, x| s.checked_add(*x)))
        .collect::<Option<_>>()
        .ok_or_else(overflow)?;
    let mut v = normalise(&sums).ok_or_else(overflow)?;
    let mut change = Decimal::ZERO;
    for it in 1..=options.max_iterations {
        let next = multiply(a, &v)
            .and_then(|w| normalise(&w))
            .ok_or_else(overflow)?;
        change = next
            .iter()
            .zip(&v)
            .map(|(x, y)| x.checked_sub(*y).map(|d| d.abs()))
            .try_fold(Decimal::ZERO, |m, d| Some(m.max(d?)))
            .ok_or_else(overflow)?;
        v = next;
        if change <= options.tolerance {
            return Ok((v, it));
        }
    }
    Err(Error::no_convergence(
        AHP,
        options.max_iterations,
        change,
        options.tolerance,
    ))
}

fn geometric_mean(a: &[Vec<Decimal>]) -> Result<Vec<Decimal>> {
    let overflow = || Error::method_overflow(AHP, "a geometric mean");
    let n = Decimal::from(a.len());
    let mut g = Vec::with_capacity(a.len());
    for row in a {
        let mut s = Decimal::ZERO;
        for x in row {
            s = s.checked_add(math::ln(*x)?).ok_or_else(overflow)?;
        }
        g.push(math::exp(s.checked_div(n).ok_or_else(overflow)?)?);
    }
    normalise(&g).ok_or_else(overflow)
}
