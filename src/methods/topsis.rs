//! TOPSIS (逼近理想解排序法): alternatives ranked by their relative closeness to the
//! ideal solution (Hwang & Yoon 1981).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::math;
use super::{Criterion, check_table, column};
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::rank::{RankOptions, Ranked, assign_ranks};

const TOPSIS: &str = "TOPSIS";

/// What weights that do not add up to 1 do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum WeightSum {
    /// The weights must add up to 1 within [`WeightSum::TOLERANCE`] (10⁻²⁰), else an
    /// error (the default: a typing slip is not silently rescaled).
    #[default]
    MustBeOne,
    /// Any non-negative weights, divided by their sum (`wⱼ = Wⱼ / Σ Wₖ`, as Hwang & Yoon
    /// write the method).
    Normalise,
}

impl WeightSum {
    /// How far from 1 the weights' sum may be under [`WeightSum::MustBeOne`]: 10⁻²⁰
    /// (weights derived by this crate add up to 1 within 10⁻²⁶).
    pub const TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 20);
}

/// The options of TOPSIS, as a value.
///
/// Deserialises from `{ "weights": "normalise", "ranking": { "ties": "dense" } }`, either
/// field optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TopsisOptions {
    /// Weights not adding up to 1; [`WeightSum::MustBeOne`] by default.
    pub weights: WeightSum,
    /// How the alternatives are ranked by closeness (higher is better); competition
    /// ranking ("1224") by default. The direction given here is ignored: closer is
    /// better.
    pub ranking: RankOptions,
}

impl TopsisOptions {
    /// Weights must add up to 1; competition ranking.
    pub const fn new() -> Self {
        Self {
            weights: WeightSum::MustBeOne,
            ranking: RankOptions::new(),
        }
    }

    /// Sets what weights not adding up to 1 do.
    pub const fn weights(mut self, weights: WeightSum) -> Self {
        self.weights = weights;
        self
    }

    /// Sets the ranking's tie method.
    pub const fn ranking(mut self, ranking: RankOptions) -> Self {
        self.ranking = ranking;
        self
    }
}

/// The result of TOPSIS, every step kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never written by a bureau: open to unknown keys.
pub struct Topsis {
    /// The weights used (after [`WeightSum::Normalise`]).
    pub weights: Vec<Decimal>,
    /// The vector-normalised matrix `rᵢⱼ = xᵢⱼ / √(Σₖ xₖⱼ²)` (rows are alternatives).
    pub normalised: Vec<Vec<Decimal>>,
    /// The weighted normalised matrix `vᵢⱼ = wⱼ · rᵢⱼ`.
    pub weighted: Vec<Vec<Decimal>>,
    /// The positive ideal `A⁺`: per criterion the best `vᵢⱼ` (largest for a benefit,
    /// smallest for a cost criterion).
    pub positive_ideal: Vec<Decimal>,
    /// The negative ideal `A⁻`: per criterion the worst `vᵢⱼ`.
    pub negative_ideal: Vec<Decimal>,
    /// `D⁺ᵢ = √(Σⱼ (vᵢⱼ − A⁺ⱼ)²)`.
    pub distance_to_positive: Vec<Decimal>,
    /// `D⁻ᵢ = √(Σⱼ (vᵢⱼ − A⁻ⱼ)²)`.
    pub distance_to_negative: Vec<Decimal>,
    /// The relative closeness `Cᵢ = D⁻ᵢ / (D⁺ᵢ + D⁻ᵢ)`, in `[0, 1]` (1 at the positive
    /// ideal).
    pub closeness: Vec<Decimal>,
    /// Each alternative's rank by closeness, in input order.
    pub ranks: Vec<Decimal>,
    /// The ranking, best first; keys are the alternatives' 0-based row indices.
    pub ranking: Vec<Ranked<usize>>,
}

/// TOPSIS on a decision matrix (rows are alternatives) with criterion weights.
///
/// 1. Vector normalisation `rᵢⱼ = xᵢⱼ / √(Σₖ xₖⱼ²)` (the norm from the exact sum of
///    squares and one [`math::sqrt`](super::math::sqrt)); 2. `vᵢⱼ = wⱼ rᵢⱼ`; 3. ideals
///    `A⁺`, `A⁻` by each criterion's direction; 4. Euclidean distances `D⁺ᵢ`, `D⁻ᵢ`;
///    5. `Cᵢ = D⁻ᵢ / (D⁺ᵢ + D⁻ᵢ)`; 6. ranks by `C`, higher is better, with the crate's
///    [`assign_ranks`](crate::rank::assign_ranks) and the declared tie method.
///
/// Every step is in `Decimal`, each value rounded at most at its 28th digit: closeness
/// is invariant to scaling a criterion by a positive factor within 10⁻²⁰.
///
/// Negative values are allowed (the vector norm is defined for any sign).
///
/// # Errors
///
/// No criteria or a name given twice; fewer than 2 alternatives; a row of the wrong
/// length; as many weights as criteria are needed, none negative (naming the
/// criterion), adding up to 1 within 10⁻²⁰ under [`WeightSum::MustBeOne`] or to more
/// than 0 under [`WeightSum::Normalise`]; a criterion that is 0 for every alternative
/// (its norm is 0; naming it); `D⁺ᵢ + D⁻ᵢ = 0`, which happens only when every weighted
/// criterion is constant — then no alternative is closer to the ideal than another and
/// the closeness `0/0` is undefined (Hwang & Yoon define it for `D⁺ + D⁻ > 0` only), so
/// it is refused rather than set to ½.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::methods::{Criterion, TopsisOptions, topsis};
///
/// let criteria = [Criterion::benefit("collected"), Criterion::cost("errors")];
/// let rows = [[dec!(90), dec!(2)], [dec!(80), dec!(1)], [dec!(70), dec!(4)]];
/// let t = topsis(&criteria, &[dec!(0.5), dec!(0.5)], &rows, &TopsisOptions::new())?;
/// assert_eq!(t.ranks, [dec!(2), dec!(1), dec!(3)]);
/// assert_eq!(t.ranking[0].key, 1);
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn topsis<R: AsRef<[Decimal]>>(
    criteria: &[Criterion],
    weights: &[Decimal],
    rows: &[R],
    options: &TopsisOptions,
) -> Result<Topsis> {
    check_table(TOPSIS, criteria, rows, 2)?;
    let overflow = || Error::method_overflow(TOPSIS, "a normalised value or a distance");
    let weights = check_weights(criteria, weights, options.weights)?;
    let n = criteria.len();
    let m = rows.len();
    let mut r_cols = Vec::with_capacity(n);
    let mut v_cols = Vec::with_capacity(n);
    let mut positive = Vec::with_capacity(n);
    let mut negative = Vec::with_capacity(n);
    for (j, c) in criteria.iter().enumerate() {
        let x = column(rows, j);
        let norm = math::norm(&x).ok_or_else(overflow)?;
        if norm.is_zero() {
            return Err(Error::invalid_criterion(
                TOPSIS,
                &c.name,
                "is 0 for every alternative: its vector norm is 0",
            ));
        }
        let r: Vec<Decimal> = x
            .iter()
            .map(|v| v.checked_div(norm))
            .collect::<Option<_>>()
            .ok_or_else(overflow)?;
        let v: Vec<Decimal> = r
            .iter()
            .map(|r| r.checked_mul(weights[j]))
            .collect::<Option<_>>()
            .ok_or_else(overflow)?;
        let lo = v.iter().copied().min().unwrap_or_default();
        let hi = v.iter().copied().max().unwrap_or_default();
        let (best, worst) = match c.direction {
            Direction::HigherIsBetter => (hi, lo),
            Direction::LowerIsBetter => (lo, hi),
        };
        positive.push(best);
        negative.push(worst);
        r_cols.push(r);
        v_cols.push(v);
    }
    let distance = |i: usize, ideal: &[Decimal]| -> Result<Decimal> {
        let d: Vec<Decimal> = v_cols
            .iter()
            .zip(ideal)
            .map(|(col, a)| col[i].checked_sub(*a))
            .collect::<Option<_>>()
            .ok_or_else(overflow)?;
        math::norm(&d).ok_or_else(overflow)
    };
    let mut d_plus = Vec::with_capacity(m);
    let mut d_minus = Vec::with_capacity(m);
    let mut closeness = Vec::with_capacity(m);
    for i in 0..m {
        let p = distance(i, &positive)?;
        let q = distance(i, &negative)?;
        let total = p.checked_add(q).ok_or_else(overflow)?;
        if total.is_zero() {
            return Err(Error::invalid_input(
                TOPSIS,
                format!(
                    "alternative {} is at both ideals (D+ = D- = 0): every weighted criterion is constant, so closeness is undefined",
                    i + 1
                ),
            ));
        }
        closeness.push(q.checked_div(total).ok_or_else(overflow)?);
        d_plus.push(p);
        d_minus.push(q);
    }
    let entries: Vec<(usize, Decimal)> = closeness.iter().copied().enumerate().collect();
    let ranking = assign_ranks(
        &entries,
        &options.ranking.direction(Direction::HigherIsBetter),
    )?;
    let mut ranks = vec![Decimal::ZERO; m];
    for r in &ranking {
        ranks[r.key] = r.rank;
    }
    Ok(Topsis {
        weights,
        normalised: rows_of(&r_cols, m),
        weighted: rows_of(&v_cols, m),
        positive_ideal: positive,
        negative_ideal: negative,
        distance_to_positive: d_plus,
        distance_to_negative: d_minus,
        closeness,
        ranks,
        ranking,
    })
}

fn rows_of(cols: &[Vec<Decimal>], m: usize) -> Vec<Vec<Decimal>> {
    (0..m)
        .map(|i| cols.iter().map(|c| c[i]).collect())
        .collect()
}

fn check_weights(
    criteria: &[Criterion],
    weights: &[Decimal],
    rule: WeightSum,
) -> Result<Vec<Decimal>> {
    if weights.len() != criteria.len() {
        return Err(Error::invalid_input(
            TOPSIS,
            format!("{} weights for {} criteria", weights.len(), criteria.len()),
        ));
    }
    if let Some((c, w)) = criteria
        .iter()
        .zip(weights)
        .find(|(_, w)| w.is_sign_negative() && !w.is_zero())
    {
        return Err(Error::invalid_criterion(
            TOPSIS,
            &c.name,
            format!("has the negative weight {w}"),
        ));
    }
    let overflow = || Error::method_overflow(TOPSIS, "the weights' sum");
    let sum = weights
        .iter()
        .try_fold(Decimal::ZERO, |s, w| s.checked_add(*w))
        .ok_or_else(overflow)?;
    match rule {
        WeightSum::MustBeOne => {
            let off = sum.checked_sub(Decimal::ONE).ok_or_else(overflow)?;
            if off.abs() > WeightSum::TOLERANCE {
                return Err(Error::invalid_input(
                    TOPSIS,
                    format!(
                        "the weights add up to {sum}, not 1 (within {}); declare `normalise` to divide them by their sum",
                        WeightSum::TOLERANCE
                    ),
                ));
            }
            Ok(weights.to_vec())
        }
        WeightSum::Normalise => {
            if sum.is_zero() {
                return Err(Error::invalid_input(TOPSIS, "the weights add up to 0"));
            }
            weights
                .iter()
                .map(|w| w.checked_div(sum))
                .collect::<Option<_>>()
                .ok_or_else(overflow)
        }
    }
}
