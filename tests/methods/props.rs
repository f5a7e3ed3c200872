//! Property tests of the methods: quantiles monotone and bounded for every method;
//! percentile kinds ordered; entropy and CRITIC weights non-negative and exact after
//! the split; TOPSIS closeness bounded and scale-free; AHP recovering the weights of a
//! consistent matrix; the declared error bounds of the square root and the logarithm.
//! Strategies are bounded; `PROPTEST_CASES` raises every family (see `tests/audit`).

use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::methods::math::{LN_ABSOLUTE_ERROR, exp, ln, sqrt};
use scorecard::methods::{
    AhpOptions, Criterion, CriticOptions, EntropyOptions, Kind, Method, PairwiseMatrix, Priority,
    QuantileOptions, TopsisOptions, ahp, critic_weights, entropy_weights, percentile_of_score,
    points, quantile, topsis,
};

/// A decimal with up to 4 places, −10 000 to 10 000.
fn value() -> impl Strategy<Value = Decimal> {
    (-100_000_000i64..100_000_000, 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s))
}

/// A probability in [0, 1] with up to 6 places.
fn probability() -> impl Strategy<Value = Decimal> {
    (0i64..=1_000_000).prop_map(|m| Decimal::new(m, 6))
}

/// A matrix of `m` rows of `n` positive decimals (0.01 to 1000.00).
fn matrix(
    m: std::ops::Range<usize>,
    n: std::ops::Range<usize>,
) -> impl Strategy<Value = Vec<Vec<Decimal>>> {
    (m, n).prop_flat_map(|(m, n)| {
        prop::collection::vec(
            prop::collection::vec((1i64..=100_000).prop_map(|v| Decimal::new(v, 2)), n),
            m,
        )
    })
}

fn criteria(n: usize, costs: u32) -> Vec<Criterion> {
    (0..n)
        .map(|j| {
            if costs >> j & 1 == 1 {
                Criterion::cost(format!("C{j}"))
            } else {
                Criterion::benefit(format!("C{j}"))
            }
        })
        .collect()
}

fn tiny(places: u32) -> Decimal {
    Decimal::new(1, places)
}

proptest! {
    #![proptest_config(crate::audit::config(64))]

    /// Every method: p ≤ p' gives q(p) ≤ q(p'), and min ≤ q ≤ max.
    #[test]
    fn quantiles_are_monotone_and_bounded(
        values in prop::collection::vec(value(), 1..12),
        p in probability(),
        p2 in probability(),
    ) {
        let (lo, hi) = if p <= p2 { (p, p2) } else { (p2, p) };
        let min = values.iter().min().copied().unwrap_or_default();
        let max = values.iter().max().copied().unwrap_or_default();
        for method in Method::ALL {
            let o = QuantileOptions::new().method(method);
            let a = quantile(&values, lo, &o).unwrap();
            let b = quantile(&values, hi, &o).unwrap();
            prop_assert!(a <= b, "{} {lo} {hi}: {a} > {b}", method.numpy_name());
            prop_assert!(min <= a && b <= max, "{}", method.numpy_name());
        }
    }

    /// strict ≤ mean ≤ weak, mean ≤ rank ≤ weak, all within [0, 100], in or out of the
    /// group.
    #[test]
    fn percentile_kinds_are_ordered(
        values in prop::collection::vec((-20i64..20).prop_map(Decimal::from), 1..15),
        score in (-25i64..25).prop_map(Decimal::from),
    ) {
        let at = |k| percentile_of_score(&values, score, k).unwrap();
        let (rank, weak, strict, mean) = (at(Kind::Rank), at(Kind::Weak), at(Kind::Strict), at(Kind::Mean));
        prop_assert!(Decimal::ZERO <= strict && strict <= mean && mean <= weak);
        prop_assert!(mean <= rank && rank <= weak && weak <= Decimal::ONE_HUNDRED);
    }

    /// Entropy (both normalisations) and CRITIC weights are non-negative, add up to 1
    /// within 10⁻²⁶, and exactly after the split to 6 places.
    #[test]
    fn objective_weights_split_exactly(rows in matrix(2..8, 1..6), costs in 0u32..32) {
        let n = rows[0].len();
        let c = criteria(n, costs);
        let mut all = Vec::new();
        for options in [
            EntropyOptions::default(),
            EntropyOptions { normalisation: scorecard::methods::Normalisation::Proportion },
        ] {
            if let Ok(e) = entropy_weights(&c, &rows, &options) {
                all.push(e.weights());
            }
        }
        if let Ok(k) = critic_weights(&c, &rows, &CriticOptions::default()) {
            all.push(k.weights());
        }
        for w in all {
            prop_assert!(w.iter().all(|x| *x >= Decimal::ZERO));
            let sum: Decimal = w.iter().sum();
            prop_assert!((sum - Decimal::ONE).abs() <= tiny(26), "{sum}");
            let split = points(&w, Decimal::ONE, 6).unwrap();
            prop_assert_eq!(split.iter().sum::<Decimal>(), Decimal::ONE);
            prop_assert!(split.iter().all(|x| *x >= Decimal::ZERO));
        }
    }

    /// Closeness lies in [0, 1] and does not move (within 10⁻²⁰) when a criterion is
    /// multiplied by a positive factor.
    #[test]
    fn topsis_closeness_is_bounded_and_scale_free(
        rows in matrix(2..7, 1..5),
        costs in 0u32..16,
        raw in prop::collection::vec(1i64..=9, 4),
        factor in (1i64..=1_000_000, 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s)),
        which in 0usize..4,
    ) {
        let n = rows[0].len();
        let c = criteria(n, costs);
        let w: Vec<Decimal> = raw[..n].iter().map(|k| Decimal::from(*k)).collect();
        let o = TopsisOptions::new().weights(scorecard::methods::WeightSum::Normalise);
        let Ok(t) = topsis(&c, &w, &rows, &o) else {
            // only a matrix whose weighted criteria are all constant is refused
            prop_assert!((0..n).all(|j| rows.iter().all(|r| r[j] == rows[0][j])));
            return Ok(());
        };
        prop_assert!(t.closeness.iter().all(|x| Decimal::ZERO <= *x && *x <= Decimal::ONE));
        let j = which % n;
        let scaled: Vec<Vec<Decimal>> = rows
            .iter()
            .map(|r| r.iter().enumerate().map(|(k, v)| if k == j { *v * factor } else { *v }).collect())
            .collect();
        let s = topsis(&c, &w, &scaled, &o).unwrap();
        for (a, b) in t.closeness.iter().zip(&s.closeness) {
            prop_assert!((*a - *b).abs() <= tiny(20), "{a} vs {b}");
        }
    }

    /// A consistent matrix aᵢⱼ = wᵢ/wⱼ gives back w and CR = 0, within 10⁻²⁰, by either
    /// priority method.
    #[test]
    fn ahp_recovers_consistent_weights(raw in prop::collection::vec(1i64..=100, 1..10)) {
        let n = raw.len();
        let k: Vec<Decimal> = raw.iter().map(|v| Decimal::from(*v)).collect();
        let total: Decimal = k.iter().sum();
        let upper: Vec<Vec<Decimal>> = (0..n.saturating_sub(1))
            .map(|i| ((i + 1)..n).map(|j| k[i] / k[j]).collect())
            .collect();
        let m = PairwiseMatrix::from_upper(&upper).unwrap();
        for priority in [Priority::Eigenvector, Priority::GeometricMean] {
            let a = ahp(&m, &AhpOptions::new().priority(priority)).unwrap();
            prop_assert!(a.cr.abs() <= tiny(20), "{priority:?} CR {}", a.cr);
            prop_assert!(a.consistent);
            for (w, kk) in a.weights.iter().zip(&k) {
                prop_assert!((*w - *kk / total).abs() <= tiny(20), "{priority:?} {w}");
            }
        }
    }

    /// √x·√x is x within the declared bound (2·5·10⁻²⁸ relative, plus the rounding of
    /// the product and 10⁻²⁸ for roots that need all 28 places).
    #[test]
    fn square_roots_keep_their_bound(m in 0u64..u64::MAX, s in 0u32..=28) {
        let x = Decimal::new(i64::try_from(m >> 1).unwrap_or(i64::MAX), s);
        let r = sqrt(x).unwrap();
        let bound = x * Decimal::new(16, 28) + r * tiny(28) + tiny(28);
        prop_assert!((r * r - x).abs() <= bound, "√{x} = {r}");
    }

    /// ln(a·b) = ln a + ln b, and ln(eˣ) = x, within the declared bounds.
    #[test]
    fn logarithms_keep_their_bound(
        a in (1i64..=1_000_000, 0u32..=6).prop_map(|(m, s)| Decimal::new(m, s)),
        b in (1i64..=1_000_000, 0u32..=6).prop_map(|(m, s)| Decimal::new(m, s)),
        x in (-50_000i64..=200_000).prop_map(|m| Decimal::new(m, 4)),
    ) {
        let ab = a * b; // at most 12 digits: exact
        let sum = ln(a).unwrap() + ln(b).unwrap();
        prop_assert!((ln(ab).unwrap() - sum).abs() <= LN_ABSOLUTE_ERROR * Decimal::from(3));
        let back = ln(exp(x).unwrap()).unwrap();
        prop_assert!((back - x).abs() <= Decimal::new(2, 26), "ln(e^{x}) = {back}");
    }
}
