//! Decimal square root, logarithm and exponential against published constants.
//!
//! Sources: the On-Line Encyclopedia of Integer Sequences (OEIS), decimal expansions
//! A002193 (√2 = 1.41421356237309504880168872420969807…), A002194 (√3 =
//! 1.73205080756887729352744634150587236…), A002162 (ln 2 = 0.69314718055994530941723212145817656…),
//! A002391 (ln 3 = 1.09861228866810969139524523692252570…), A002392 (ln 10 =
//! 2.30258509299404568401799145468436420…), A001113 (e = 2.71828182845904523536028747135266249…),
//! A102525 (log₃ 2 = 0.63092975357145743709952711434276085…). Each is written below
//! rounded half-even to the places a `Decimal` can hold; the declared error bounds of
//! `scorecard::methods::math` are checked against them.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::Rounding;
use scorecard::methods::math::{
    LN_ABSOLUTE_ERROR, SQRT_RELATIVE_ERROR, exp, ln, nth_root, sqrt, x_ln_x,
};

use crate::support::d;

/// |a − b| ≤ bound.
fn within(a: Decimal, b: Decimal, bound: Decimal) -> bool {
    (a - b).abs() <= bound
}

#[test]
fn square_roots_are_correctly_rounded_published_constants() {
    // √2 and √3 to 27 places (28 significant digits)
    assert_eq!(sqrt(dec!(2)).unwrap(), d("1.414213562373095048801688724"));
    assert_eq!(sqrt(dec!(3)).unwrap(), d("1.732050807568877293527446342"));
    // √200 = 10·√2, with 26 places
    assert_eq!(sqrt(dec!(200)).unwrap(), d("14.14213562373095048801688724"));
    let r = sqrt(dec!(2)).unwrap();
    let published = d("1.4142135623730950488016887242");
    assert!(within(r, published, SQRT_RELATIVE_ERROR * dec!(2)));
}

#[test]
fn square_roots_are_exact_where_exact() {
    for (x, root) in [
        ("2.25", "1.5"),
        ("0.0001", "0.01"),
        ("144", "12"),
        ("1524157875019052100", "1234567890"),
        ("0.0000000000000000000000000001", "0.00000000000001"),
        ("79228162514264337593543950335", "281474976710656"),
        ("0", "0"),
    ] {
        let got = sqrt(d(x)).unwrap();
        // 2^96 − 1 is not a square: its root is 2^48 − 1.8e−15, rounded to 2^48 at 13 places
        if x == "79228162514264337593543950335" {
            assert_eq!(Rounding::HalfUp.round(got, 12), d(root), "{x}");
        } else {
            assert_eq!(got, d(root), "{x}");
        }
    }
    let e = sqrt(dec!(-0.5)).unwrap_err();
    assert!(e.is_invalid_input());
    assert_eq!(e.to_string(), "square root: -0.5 is negative");
}

#[test]
fn logarithms_match_published_constants_within_the_bound() {
    let inner = dec!(0.0000000000000000000000000006); // 6·10⁻²⁸ for |ln x| < 7.9
    for (x, published) in [
        ("2", "0.6931471805599453094172321215"),
        ("3", "1.0986122886681096913952452369"),
        ("10", "2.3025850929940456840179914547"),
        ("0.5", "-0.6931471805599453094172321215"),
        ("0.1", "-2.3025850929940456840179914547"),
    ] {
        let got = ln(d(x)).unwrap();
        assert!(within(got, d(published), inner), "ln {x} = {got}");
    }
    // ln(10^20) = 20 ln 10 = 46.051701859880913680359829093687284…
    let big = ln(d("100000000000000000000")).unwrap();
    assert!(within(
        big,
        d("46.051701859880913680359829094"),
        LN_ABSOLUTE_ERROR
    ));
    // ln(10^-28) = −64.472382603833279152503760…
    let tiny = ln(d("0.0000000000000000000000000001")).unwrap();
    assert!(within(
        tiny,
        d("-64.472382603833279152503760731"),
        LN_ABSOLUTE_ERROR
    ));
    assert_eq!(ln(dec!(1)).unwrap(), dec!(0));
    for bad in ["0", "-1"] {
        let e = ln(d(bad)).unwrap_err();
        assert!(e.is_invalid_input(), "{bad}");
    }
}

#[test]
fn exponentials_and_roots_match_published_constants() {
    assert_eq!(exp(dec!(1)).unwrap(), d("2.7182818284590452353602874714"));
    assert_eq!(exp(dec!(0)).unwrap(), dec!(1));
    // e^(ln 2) = 2 within the bounds of both
    let two = exp(ln(dec!(2)).unwrap()).unwrap();
    assert!(within(two, dec!(2), dec!(0.000000000000000000000000003)));
    // e^66 = 4.6071866343312915426773184428060086…·10^28 fits; e^67 does not
    assert!(exp(dec!(66)).is_ok());
    let e = exp(dec!(67)).unwrap_err();
    assert!(e.is_overflow());
    assert_eq!(exp(dec!(-80)).unwrap(), dec!(0));
    // ∛8 = 2 and the fifth root of 32 = 2, within the declared bound
    assert!(within(
        nth_root(dec!(8), 3).unwrap(),
        dec!(2),
        dec!(0.00000000000000000000000002)
    ));
    assert!(within(
        nth_root(dec!(32), 5).unwrap(),
        dec!(2),
        dec!(0.00000000000000000000000002)
    ));
    assert!(nth_root(dec!(2), 0).is_err());
    assert_eq!(nth_root(dec!(0), 4).unwrap(), dec!(0));
}

#[test]
fn entropy_terms_use_zero_log_zero() {
    assert_eq!(x_ln_x(dec!(0)).unwrap(), dec!(0));
    // (2/3)·log₃2 = 0.42061983571430495806635140956184…, from x ln x of 1/3 and 2/3
    let third = dec!(1) / dec!(3);
    let two_thirds = dec!(2) / dec!(3);
    let e = -(x_ln_x(third).unwrap() + x_ln_x(two_thirds).unwrap()) / ln(dec!(3)).unwrap();
    // e = 1 − (2/3)·log₃2 = 0.57938016428569504193364859043815943…
    assert!(within(
        e,
        d("0.5793801642856950419336485904"),
        dec!(0.00000000000000000000000001)
    ));
    assert!(x_ln_x(dec!(-0.1)).is_err());
}
