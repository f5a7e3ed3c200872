//! AHP against Saaty's published example.
//!
//! Source: T. L. Saaty, "Decision making with the analytic hierarchy process",
//! *International Journal of Services Sciences* 1(1), 2008, pp. 83–98: the relative
//! consumption of drinks in the United States (coffee, wine, tea, beer, sodas, milk,
//! water), eigenvector priorities 0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327 and
//! C.R. = 0.022 (the matrix and figures as reproduced in the test suite of the AHPy
//! package, `tests/test_ahp.py`). The random-index tables are Saaty (1980), *The
//! Analytic Hierarchy Process*, and Saaty (2005), *Theory and Applications of the
//! Analytic Network Process*, p. 31.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::Rounding;
use scorecard::methods::{AhpOptions, Inconsistency, PairwiseMatrix, Priority, RandomIndex, ahp};

use crate::support::d;

/// The drinks matrix by its upper triangle (coffee, wine, tea, beer, sodas, milk, water).
fn drinks() -> PairwiseMatrix {
    let third = dec!(1) / dec!(3);
    let ninth = dec!(1) / dec!(9);
    PairwiseMatrix::from_upper(&[
        vec![dec!(9), dec!(5), dec!(2), dec!(1), dec!(1), dec!(0.5)],
        vec![third, ninth, ninth, ninth, ninth],
        vec![third, dec!(0.25), third, ninth],
        vec![dec!(0.5), dec!(1), third],
        vec![dec!(2), dec!(0.5)],
        vec![third],
    ])
    .expect("a reciprocal matrix")
}

fn round(v: &[Decimal], places: u32) -> Vec<Decimal> {
    v.iter()
        .map(|x| Rounding::HalfUp.round(*x, places))
        .collect()
}

#[test]
fn saaty_2008_drinks() {
    let m = drinks();
    for table in [RandomIndex::Saaty1980, RandomIndex::Saaty2005] {
        let a = ahp(&m, &AhpOptions::new().random_index(table)).unwrap();
        assert_eq!(
            round(&a.weights, 3),
            [
                dec!(0.177),
                dec!(0.019),
                dec!(0.042),
                dec!(0.116),
                dec!(0.190),
                dec!(0.129),
                dec!(0.327)
            ]
        );
        assert_eq!(Rounding::HalfUp.round(a.cr, 3), dec!(0.022), "{table:?}");
        assert!(a.consistent);
        assert!(a.lambda_max > dec!(7));
    }
    let a = ahp(&m, &AhpOptions::new()).unwrap();
    assert_eq!(a.ri, dec!(1.32));
    // CI = (λmax − n)/(n − 1) and CR = CI/RI, as reported
    assert_eq!(a.ci, (a.lambda_max - dec!(7)) / dec!(6));
    assert_eq!(a.cr, a.ci / a.ri);
    let w: Decimal = a.weights.iter().sum();
    assert_eq!(Rounding::HalfUp.round(w, 26), dec!(1));
}

#[test]
fn the_geometric_mean_is_close_to_the_eigenvector_on_a_near_consistent_matrix() {
    let m = drinks();
    let ev = ahp(&m, &AhpOptions::new()).unwrap();
    let gm = ahp(&m, &AhpOptions::new().priority(Priority::GeometricMean)).unwrap();
    assert_eq!(gm.iterations, 0);
    for (a, b) in ev.weights.iter().zip(&gm.weights) {
        assert!((*a - *b).abs() < dec!(0.003), "{a} vs {b}");
    }
}

#[test]
fn random_index_tables() {
    let saaty = [
        0, 0, 58, 90, 112, 124, 132, 141, 145, 149, 151, 148, 156, 157, 159,
    ];
    for (n, v) in (1..=15).zip(saaty) {
        assert_eq!(RandomIndex::Saaty1980.value(n), Some(Decimal::new(v, 2)));
    }
    assert_eq!(RandomIndex::Saaty2005.value(3), Some(dec!(0.52)));
    assert_eq!(RandomIndex::Saaty2005.value(7), Some(dec!(1.35)));
    assert_eq!(RandomIndex::Saaty1980.value(16), None);
}

#[test]
fn small_matrices_are_consistent_by_definition() {
    let one = PairwiseMatrix::from_upper::<Vec<Decimal>>(&[]).unwrap();
    let a = ahp(&one, &AhpOptions::new()).unwrap();
    assert_eq!((a.weights.clone(), a.cr), (vec![dec!(1)], dec!(0)));
    let two = PairwiseMatrix::from_upper(&[vec![dec!(3)]]).unwrap();
    let a = ahp(&two, &AhpOptions::new()).unwrap();
    assert_eq!(round(&a.weights, 20), [dec!(0.75), dec!(0.25)]);
    assert_eq!(a.cr, dec!(0));
}

#[test]
fn an_inconsistent_matrix_is_flagged_or_refused() {
    // a > b (9), b > c (9), but c > a (9): as inconsistent as judgements get
    let m = PairwiseMatrix::from_upper(&[vec![dec!(9), dec!(1) / dec!(9)], vec![dec!(9)]]).unwrap();
    let a = ahp(&m, &AhpOptions::new()).unwrap();
    assert!(!a.consistent);
    assert!(a.cr >= dec!(0.1));
    let e = ahp(&m, &AhpOptions::new().inconsistency(Inconsistency::Refuse)).unwrap_err();
    assert!(e.is_invalid_input());
    assert!(
        e.to_string()
            .starts_with("AHP: the pairwise matrix is inconsistent: CR = ")
    );
}

#[test]
fn matrices_are_validated() {
    let e = PairwiseMatrix::from_rows(&[[dec!(1), dec!(3)], [dec!(0.5), dec!(1)]], dec!(0.01))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "AHP: entries (1, 2) = 3 and (2, 1) = 0.5 are not reciprocal within 0.01"
    );
    assert!(
        PairwiseMatrix::from_rows(&[[dec!(1), dec!(3)], [dec!(0.333), dec!(1)]], dec!(0.01))
            .is_ok()
    );
    let e = PairwiseMatrix::from_rows(&[[dec!(2), dec!(1)], [dec!(1), dec!(1)]], dec!(0.01))
        .unwrap_err();
    assert_eq!(e.to_string(), "AHP: diagonal entry (1, 1) is 2, not 1");
    let e = PairwiseMatrix::from_upper(&[vec![dec!(0)]]).unwrap_err();
    assert_eq!(e.to_string(), "AHP: entry (1, 2) is 0, not positive");
    let e = PairwiseMatrix::from_upper(&[vec![dec!(2)], vec![dec!(2)]]).unwrap_err();
    assert_eq!(e.to_string(), "AHP: upper row 1 has 1 entries, not 2");
    let sixteen: Vec<Vec<Decimal>> = (0..15).map(|i| vec![dec!(1); 15 - i]).collect();
    let e = ahp(
        &PairwiseMatrix::from_upper(&sixteen).unwrap(),
        &AhpOptions::new(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "AHP: 16 criteria: the random index is tabulated for at most 15"
    );
}

#[test]
fn the_iteration_cap_is_declared() {
    let e = ahp(&drinks(), &AhpOptions::new().max_iterations(1)).unwrap_err();
    assert!(e.is_no_convergence());
    assert!(
        e.to_string()
            .starts_with("AHP: no convergence in 1 iterations")
    );
    let ok = ahp(&drinks(), &AhpOptions::new().tolerance(d("0.0000001"))).unwrap();
    assert!(ok.iterations >= 1);
}
