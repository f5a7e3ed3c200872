//! Rounding: the table of midpoints in every mode, and idempotence.

use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::{RoundStep, Rounding, fixed};

use crate::support::d;

/// (value, places, [HalfUp, HalfEven, TowardZero, AwayFromZero, Floor, Ceiling])
const TABLE: &[(&str, u32, [&str; 6])] = &[
    ("0.125", 2, ["0.13", "0.12", "0.12", "0.13", "0.12", "0.13"]),
    ("2.675", 2, ["2.68", "2.68", "2.67", "2.68", "2.67", "2.68"]),
    (
        "-1.005",
        2,
        ["-1.01", "-1.00", "-1.00", "-1.01", "-1.01", "-1.00"],
    ),
    (
        "87.645",
        2,
        ["87.65", "87.64", "87.64", "87.65", "87.64", "87.65"],
    ),
    (
        "43.155",
        2,
        ["43.16", "43.16", "43.15", "43.16", "43.15", "43.16"],
    ),
    (
        "16.245",
        2,
        ["16.25", "16.24", "16.24", "16.25", "16.24", "16.25"],
    ),
    ("2.5", 0, ["3", "2", "2", "3", "2", "3"]),
    ("-2.5", 0, ["-3", "-2", "-2", "-3", "-3", "-2"]),
    ("0.0001", 2, ["0", "0", "0", "0.01", "0", "0.01"]),
    ("-0.0001", 2, ["0", "0", "0", "-0.01", "-0.01", "0"]),
    ("1.5", 2, ["1.5", "1.5", "1.5", "1.5", "1.5", "1.5"]),
];

#[test]
fn midpoints_in_every_mode() {
    for (value, places, expected) in TABLE {
        for (mode, want) in Rounding::ALL.iter().zip(expected) {
            let got = mode.round(d(value), *places);
            assert_eq!(got, d(want), "{value} to {places} places {mode:?}");
        }
    }
}

#[test]
fn zero_never_carries_a_sign() {
    for mode in Rounding::ALL {
        let r = mode.round(d("-0.001"), 2);
        if r.is_zero() {
            assert_eq!(r.to_string(), "0.00", "{mode:?}");
            assert!(!r.is_sign_negative());
        }
    }
    assert_eq!(fixed(d("-0.0000004"), 6, Rounding::HalfUp), "0.000000");
}

#[test]
fn fixed_writes_exactly_the_places() {
    assert_eq!(fixed(d("1.5"), 6, Rounding::HalfUp), "1.500000");
    assert_eq!(
        fixed(d("0.9666666666666666666666666667"), 6, Rounding::HalfUp),
        "0.966667"
    );
    assert_eq!(fixed(d("-3.1234565"), 6, Rounding::HalfUp), "-3.123457");
    assert_eq!(fixed(d("16.245"), 2, Rounding::HalfUp), "16.25");
    assert_eq!(fixed(Decimal::ZERO, 2, Rounding::HalfUp), "0.00");
    assert_eq!(fixed(d("12"), 0, Rounding::HalfUp), "12");
}

#[test]
fn the_default_is_half_up_and_serialises_by_name() {
    assert_eq!(Rounding::default(), Rounding::HalfUp);
    let step: RoundStep = serde_json::from_str(r#"{"places": 2}"#).expect("defaults");
    assert_eq!(step, RoundStep::half_up(2));
    let json = serde_json::to_string(&RoundStep::new(1, Rounding::HalfEven)).expect("json");
    assert_eq!(json, r#"{"places":1,"mode":"half_even"}"#);
}

#[test]
fn every_mode_has_its_regulation_name() {
    let names: Vec<&str> = Rounding::ALL.iter().map(|m| m.name_zh()).collect();
    assert_eq!(
        names,
        [
            "四舍五入",
            "四舍六入五成双",
            "截尾",
            "进一",
            "向下取整",
            "向上取整"
        ]
    );
}

proptest! {
    /// Rounding twice to the same places changes nothing.
    #[test]
    fn rounding_is_idempotent(m in -10_000_000_000i64..10_000_000_000, scale in 0u32..8, places in 0u32..6) {
        let x = Decimal::new(m, scale);
        for mode in Rounding::ALL {
            let once = mode.round(x, places);
            prop_assert_eq!(mode.round(once, places), once);
            prop_assert!(once.scale() <= places.max(x.scale()));
        }
    }

    /// Every mode lands on a neighbour at most one unit of the last place away, and
    /// floor ≤ any mode ≤ ceiling.
    #[test]
    fn modes_are_ordered(m in -10_000_000_000i64..10_000_000_000, scale in 0u32..8, places in 0u32..6) {
        let x = Decimal::new(m, scale);
        let lo = Rounding::Floor.round(x, places);
        let hi = Rounding::Ceiling.round(x, places);
        for mode in Rounding::ALL {
            let r = mode.round(x, places);
            prop_assert!(lo <= r && r <= hi);
        }
        prop_assert!(lo <= x && x <= hi);
    }
}
