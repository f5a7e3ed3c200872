//! Quantiles against numpy.
//!
//! Sources: the `numpy.quantile` and `numpy.percentile` documentation (NumPy 2.x,
//! "Examples" and the table of methods in "Notes", numpy.org/doc/stable/reference/
//! generated/numpy.quantile.html), and NumPy's own test suite,
//! `numpy/lib/tests/test_function_base.py` (`TestPercentile.test_linear_interpolation`,
//! `test_lower_higher`, `test_midpoint`, `test_nearest`, `test_axis`, `test_basic`;
//! `TestQuantile.test_max_ulp`, `test_closest_observation`), whose expected values are
//! written there as exact numbers.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::methods::{
    Ddof, Method, OutOfRange, QuantileOptions, Summary, mean, median, quantile, quantiles, std_dev,
    variance,
};

use crate::support::d;

fn ints(range: std::ops::Range<i64>) -> Vec<Decimal> {
    range.map(Decimal::from).collect()
}

fn q(values: &[Decimal], p: Decimal, method: Method) -> Decimal {
    quantile(values, p, &QuantileOptions::new().method(method)).expect("a quantile")
}

#[test]
fn the_documentation_examples() {
    // a = np.array([[10, 7, 4], [3, 2, 1]]); np.quantile(a, 0.5) = 3.5
    let a = [dec!(10), dec!(7), dec!(4), dec!(3), dec!(2), dec!(1)];
    assert_eq!(q(&a, dec!(0.5), Method::Linear), dec!(3.5));
    // axis=0: [6.5, 4.5, 2.5]; axis=1: [7, 2]
    for (col, want) in [([10, 3], "6.5"), ([7, 2], "4.5"), ([4, 1], "2.5")] {
        let c: Vec<Decimal> = col.iter().map(|v| Decimal::from(*v)).collect();
        assert_eq!(q(&c, dec!(0.5), Method::Linear), d(want));
    }
    assert_eq!(
        q(&[dec!(10), dec!(7), dec!(4)], dec!(0.5), Method::Linear),
        dec!(7)
    );
    assert_eq!(
        q(&[dec!(3), dec!(2), dec!(1)], dec!(0.5), Method::Linear),
        dec!(2)
    );
}

#[test]
fn the_method_table_at_the_40th_percentile() {
    // test_linear_interpolation: np.percentile([15, 20, 35, 40, 50], 40, method=…)
    let arr = [dec!(15), dec!(20), dec!(35), dec!(40), dec!(50)];
    for (method, want) in [
        (Method::InvertedCdf, "20"),
        (Method::AveragedInvertedCdf, "27.5"),
        (Method::ClosestObservation, "20"),
        (Method::InterpolatedInvertedCdf, "20"),
        (Method::Hazen, "27.5"),
        (Method::Weibull, "26"),
        (Method::Linear, "29"),
        (Method::MedianUnbiased, "27"),
        (Method::NormalUnbiased, "27.125"),
    ] {
        assert_eq!(
            q(&arr, dec!(0.4), method),
            d(want),
            "{}",
            method.numpy_name()
        );
    }
}

#[test]
fn lower_higher_midpoint_and_nearest() {
    let ten = ints(0..10);
    // test_lower_higher: percentile(arange(10), 50, lower/higher) = 4 / 5
    assert_eq!(q(&ten, dec!(0.5), Method::Lower), dec!(4));
    assert_eq!(q(&ten, dec!(0.5), Method::Higher), dec!(5));
    // test_midpoint
    assert_eq!(q(&ten, dec!(0.51), Method::Midpoint), dec!(4.5));
    assert_eq!(q(&ints(1..10), dec!(0.5), Method::Midpoint), dec!(5));
    assert_eq!(q(&ints(0..11), dec!(0.51), Method::Midpoint), dec!(5.5));
    assert_eq!(q(&ints(0..11), dec!(0.5), Method::Midpoint), dec!(5));
    // test_nearest: 51st → 5, 49th → 4
    assert_eq!(q(&ten, dec!(0.51), Method::Nearest), dec!(5));
    assert_eq!(q(&ten, dec!(0.49), Method::Nearest), dec!(4));
    // nearest rounds a tie on the index half to even (np.around): n = 4, p = ½ → h = 1.5 → 2;
    // n = 6, p = ½ → h = 2.5 → 2
    assert_eq!(q(&ints(0..4), dec!(0.5), Method::Nearest), dec!(2));
    assert_eq!(q(&ints(0..6), dec!(0.5), Method::Nearest), dec!(2));
}

#[test]
fn closest_observation_rounds_ties_to_the_even_order_statistic() {
    // test_closest_observation (numpy#26656): arr[0:n] of 1…10 at q = 0.5
    let arr = ints(1..11);
    for (n, want) in [
        (3, 2),
        (4, 2),
        (5, 2),
        (6, 3),
        (7, 4),
        (8, 4),
        (9, 4),
        (10, 5),
    ] {
        assert_eq!(
            q(&arr[..n], dec!(0.5), Method::ClosestObservation),
            Decimal::from(want),
            "n = {n}"
        );
    }
}

#[test]
fn numpy_axis_and_basic_cases() {
    // test_axis: np.percentile(arange(12), (25, 50, 100)) = [2.75, 5.5, 11.0]
    let twelve = ints(0..12);
    let got = quantiles(
        &twelve,
        &[dec!(0.25), dec!(0.5), dec!(1)],
        &QuantileOptions::new(),
    )
    .unwrap();
    assert_eq!(got, [dec!(2.75), dec!(5.5), dec!(11)]);
    // test_basic: arange(8) * 0.5 at 0, 1, 0.5 → 0, 3.5, 1.75
    let halves: Vec<Decimal> = (0..8).map(|k| Decimal::new(5 * k, 1)).collect();
    let got = quantiles(
        &halves,
        &[dec!(0), dec!(1), dec!(0.5)],
        &QuantileOptions::new(),
    )
    .unwrap();
    assert_eq!(got, [dec!(0), dec!(3.5), dec!(1.75)]);
    // test_max_ulp (gh-20331): quantile([0, 0.2, 0.4], 0.45) is 0.18 within 1 ulp in float64;
    // here it is 0.18 exactly
    assert_eq!(
        q(&[dec!(0), dec!(0.2), dec!(0.4)], dec!(0.45), Method::Linear),
        dec!(0.18)
    );
}

#[test]
fn the_index_is_exact_where_float64_is_not() {
    // (n − 1)·p = 10 × 0.7 is exactly 7: `higher` stays at x[7] (float64 computes
    // 7.000000000000001 and would take x[8])
    let eleven = ints(0..11);
    assert_eq!(q(&eleven, dec!(0.7), Method::Higher), dec!(7));
    assert_eq!(q(&eleven, dec!(0.7), Method::Lower), dec!(7));
    // median_unbiased on three values at p = ½: h = (10·½ − 2)/3 = 1, exactly
    assert_eq!(
        q(
            &[dec!(1), dec!(2), dec!(4)],
            dec!(0.5),
            Method::MedianUnbiased
        ),
        dec!(2)
    );
    // a weight of 1/3 does not terminate: rounded once, half to even
    // h = (13·0.2 − 2)/3 = 0.2 for n = 4 at p = 0.2 … and (13·0.3 − 2)/3 = 19/30 at p = 0.3
    let v = [dec!(0), dec!(1), dec!(2), dec!(3)];
    assert_eq!(
        q(&v, dec!(0.3), Method::MedianUnbiased),
        d("0.6333333333333333333333333333")
    );
}

#[test]
fn probabilities_outside_0_and_1_are_refused_or_clamped_as_declared() {
    let v = [dec!(1), dec!(2), dec!(3)];
    let e = quantile(&v, dec!(1.01), &QuantileOptions::new()).unwrap_err();
    assert!(e.is_invalid_input());
    assert_eq!(
        e.to_string(),
        "quantile: probability 1.01 is outside [0, 1]"
    );
    let clamp = QuantileOptions::new().out_of_range(OutOfRange::Clamp);
    assert_eq!(quantile(&v, dec!(1.5), &clamp).unwrap(), dec!(3));
    assert_eq!(quantile(&v, dec!(-2), &clamp).unwrap(), dec!(1));
    let e = quantile(&[], dec!(0.5), &QuantileOptions::new()).unwrap_err();
    assert_eq!(e.to_string(), "quantile: no values");
}

#[test]
fn extremes_are_clipped_to_the_minimum_and_maximum() {
    // weibull below 1/(n + 1) and above n/(n + 1) has h outside [0, n − 1]
    let v = [dec!(10), dec!(20), dec!(30)];
    for method in Method::ALL {
        assert_eq!(q(&v, dec!(0), method), dec!(10), "{}", method.numpy_name());
        assert_eq!(q(&v, dec!(1), method), dec!(30), "{}", method.numpy_name());
    }
    assert_eq!(q(&v, dec!(0.1), Method::Weibull), dec!(10));
}

#[test]
fn summaries() {
    // the textbook data set 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population σ = 2
    let v = [2, 4, 4, 4, 5, 5, 7, 9].map(Decimal::from);
    assert_eq!(mean(&v).unwrap(), dec!(5));
    assert_eq!(median(&v).unwrap(), dec!(4.5));
    assert_eq!(variance(&v, Ddof::Population).unwrap(), dec!(4));
    assert_eq!(std_dev(&v, Ddof::Population).unwrap(), dec!(2));
    // sample variance 32/7
    assert_eq!(
        variance(&v, Ddof::Sample).unwrap(),
        d("4.5714285714285714285714285714")
    );
    let s = Summary::of(&[dec!(7)], Ddof::Sample).unwrap();
    assert_eq!((s.mean, s.median, s.variance), (dec!(7), dec!(7), None));
    assert!(
        variance(&[dec!(7)], Ddof::Sample)
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(mean(&[]).is_err());
    // variance is exact far beyond Decimal's 28 digits in its sums: values of 20 digits
    let big = [d("12345678901234567890.5"), d("12345678901234567891.5")];
    assert_eq!(variance(&big, Ddof::Population).unwrap(), dec!(0.25));
}
