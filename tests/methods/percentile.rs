//! The percentile of a score against SciPy.
//!
//! Sources: the `scipy.stats.percentileofscore` docstring (SciPy 1.9+, "Examples",
//! docs.scipy.org/doc/scipy/reference/generated/scipy.stats.percentileofscore.html) and
//! SciPy's test suite, `scipy/stats/tests/test_stats.py`, class `TestPercentileOfScore`
//! (`test_unique`, `test_multiple2`, `test_multiple3`, `test_missing`,
//! `test_large_numbers*`, `test_boundaries`).

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::methods::{Kind, percentile_of_score};

use crate::support::d;

fn ints(v: &[i64]) -> Vec<Decimal> {
    v.iter().map(|x| Decimal::from(*x)).collect()
}

fn pct(values: &[Decimal], score: i64, kind: Kind) -> Decimal {
    percentile_of_score(values, Decimal::from(score), kind).expect("a percentile")
}

#[test]
fn the_docstring_examples() {
    // three-quarters of the values lie below 3
    assert_eq!(pct(&ints(&[1, 2, 3, 4]), 3, Kind::Rank), dec!(75));
    let a = ints(&[1, 2, 3, 3, 4]);
    assert_eq!(pct(&a, 3, Kind::Rank), dec!(70));
    assert_eq!(pct(&a, 3, Kind::Strict), dec!(40));
    assert_eq!(pct(&a, 3, Kind::Weak), dec!(80));
    assert_eq!(pct(&a, 3, Kind::Mean), dec!(60));
    // score arrays: percentileofscore([1, 2, 3, 3, 4], [2, 3]) = [40, 70]
    assert_eq!(pct(&a, 2, Kind::Rank), dec!(40));
}

#[test]
fn the_scipy_test_table() {
    let cases: [(&[i64], i64, [i64; 4]); 6] = [
        // (a, score, [rank, mean, strict, weak])
        (&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4, [40, 35, 30, 40]),
        (&[1, 2, 3, 4, 4, 5, 6, 7, 8, 9], 4, [45, 40, 30, 50]),
        (&[1, 2, 3, 4, 4, 4, 5, 6, 7, 8], 4, [50, 45, 30, 60]),
        (&[1, 2, 3, 5, 6, 7, 8, 9, 10, 11], 4, [30, 30, 30, 30]),
        (
            &[10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
            40,
            [40, 35, 30, 40],
        ),
        (
            &[10, 20, 30, 40, 40, 40, 50, 60, 70, 80],
            40,
            [50, 45, 30, 60],
        ),
    ];
    for (a, score, [rank, mean, strict, weak]) in cases {
        let a = ints(a);
        assert_eq!(pct(&a, score, Kind::Rank), Decimal::from(rank), "{a:?}");
        assert_eq!(pct(&a, score, Kind::Mean), Decimal::from(mean), "{a:?}");
        assert_eq!(pct(&a, score, Kind::Strict), Decimal::from(strict), "{a:?}");
        assert_eq!(pct(&a, score, Kind::Weak), Decimal::from(weak), "{a:?}");
    }
}

#[test]
fn scores_outside_the_group_stay_within_0_and_100() {
    // test_boundaries: a = [10, 20, 30, 50 … 110], scores [0, 10, 110, 200]
    let a = ints(&[10, 20, 30, 50, 60, 70, 80, 90, 100, 110]);
    let table = [
        (Kind::Rank, [0, 10, 100, 100]),
        (Kind::Mean, [0, 5, 95, 100]),
        (Kind::Strict, [0, 0, 90, 100]),
        (Kind::Weak, [0, 10, 100, 100]),
    ];
    for (kind, want) in table {
        for (score, w) in [0, 10, 110, 200].into_iter().zip(want) {
            assert_eq!(pct(&a, score, kind), Decimal::from(w), "{kind:?} {score}");
        }
    }
}

#[test]
fn non_terminating_percentiles_are_rounded_once() {
    // SciPy's 2008 example (r5166): percentileofscore([20, 80, 100], 80) = 66.67 (weak)
    let a = ints(&[20, 80, 100]);
    assert_eq!(pct(&a, 80, Kind::Weak), d("66.666666666666666666666666667"));
    assert_eq!(pct(&a, 99, Kind::Weak), d("66.666666666666666666666666667"));
    assert_eq!(pct(&a, 100, Kind::Weak), dec!(100));
    assert_eq!(pct(&a, 1, Kind::Weak), dec!(0));
}

#[test]
fn an_empty_group_is_an_error() {
    let e = percentile_of_score(&[], dec!(5), Kind::Rank).unwrap_err();
    assert!(e.is_invalid_input());
    assert_eq!(e.to_string(), "percentile of score: the group is empty");
}
