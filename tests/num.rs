//! Rounding: the table of midpoints in every mode, and idempotence.

use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::adjust::Adjustment;
use scorecard::{
    Assessment, Catalog, DisplayFormat, Period, RoundStep, Rounding, Scheme, Targets, Unit, fixed,
};

use crate::audit::config;
use crate::support::{MemSums, d, indicator, product_half_up};

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

/// Any decimal of the whole range: a 96-bit mantissa of any size (small ones too, to
/// meet zeros and midpoints) at any scale.
fn any_decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (-1000i64..1000, 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
        (
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            any::<bool>(),
            0u32..=28
        )
            .prop_map(|(l, m, h, n, s)| Decimal::from_parts(l, m, h, n, s)),
        (
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            any::<bool>(),
            0u32..=3
        )
            .prop_map(|(l, m, h, n, s)| Decimal::from_parts(l, m, h, n, s)),
    ]
}

/// The digits after the point of a written figure.
fn places_written(text: &str) -> usize {
    text.split_once('.').map_or(0, |(_, f)| f.len())
}

proptest! {
    #![proptest_config(config(512))]

    /// `fixed` wrote fewer places than asked for values of about 10²⁰ and above (a
    /// `Decimal` cannot rescale 10²³ to six places): the text always has exactly the
    /// places asked for, and reads back as the value rounded half up to them.
    #[test]
    fn fixed_never_writes_fewer_places_than_declared(v in any_decimal(), places in 0u32..=6) {
        let text = fixed(v, places, Rounding::HalfUp);
        prop_assert_eq!(places_written(&text), places as usize, "{}", text);
        let back: Decimal = text.parse().expect("a decimal");
        prop_assert_eq!(back, Rounding::HalfUp.round(v, places), "{} → {}", v, text);
        prop_assert!(!text.starts_with("-0") || text.contains(|c: char| ('1'..='9').contains(&c)));
    }

    /// A display never writes more places than declared, nor a percentage that is not
    /// the value × 100 rounded half up.
    #[test]
    fn a_display_writes_its_places_and_no_more(v in any_decimal(), places in 0u32..=6, percent: bool) {
        let display = if percent { DisplayFormat::percent(places) } else { DisplayFormat::number(places) };
        let text = display.write(v);
        let number = text.strip_suffix('%').unwrap_or(&text);
        prop_assert_eq!(text.ends_with('%'), percent);
        prop_assert_eq!(places_written(number), places as usize, "{}", text);
        let trimmed = display.trimmed().write(v);
        prop_assert!(places_written(trimmed.strip_suffix('%').unwrap_or(&trimmed)) <= places as usize);
        if !percent {
            prop_assert_eq!(number.to_owned(), fixed(v, places, Rounding::HalfUp));
        } else if let Some(hundred) = v.checked_mul(Decimal::ONE_HUNDRED) {
            prop_assert_eq!(number.to_owned(), fixed(hundred, places, Rounding::HalfUp));
        }
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Adjusted totals of any magnitude and any places are the exact product of the raw
    /// total and the coefficient, rounded half up once (the reference multiplies the
    /// digits by hand).
    #[test]
    fn an_adjusted_total_is_the_exact_product_rounded_once(
        raw in (any::<i64>(), 0u32..=12).prop_map(|(m, s)| Decimal::new(m, s)),
        c in (1u64..=10_000_000_000_000_000_000, 18u32..=19).prop_map(|(m, s)| {
            Decimal::from_i128_with_scale(i128::from(m), s)
        }),
    ) {
        let i = indicator(
            "I1",
            &raw.abs().to_string(),
            serde_json::from_str(r#"{"kind": "pass_fail", "measure": {"sum": "D1"}, "op": "at_least", "threshold": "0"}"#)
                .expect("a rule"),
        );
        let scheme = Scheme::new(Period::year(2026).expect("a year"), Catalog::new(vec![i]).expect("valid"))
            .adjustment(Adjustment::Given {
                coefficients: [("U1".into(), c)].into_iter().collect(),
            });
        let a = Assessment::new(scheme, vec![Unit::new("U1", "", "g")], &Targets::new())
            .expect("an assessment");
        match a.evaluate(&MemSums::new()) {
            Ok(e) => prop_assert_eq!(
                fixed(e.units[0].adjusted_total, 2, Rounding::HalfUp),
                product_half_up(raw.abs(), c, 2)
            ),
            // only a product beyond what a decimal holds may fail, and it says so
            Err(e) => prop_assert!(e.is_overflow() || e.is_precision_lost(), "{}", e),
        }
    }
}

#[test]
fn fixed_at_1e20_and_above_keeps_its_places() {
    for (v, places, want) in [
        (
            "123456789012345678901234.5",
            6,
            "123456789012345678901234.500000",
        ),
        (
            "79228162514264337593543950335",
            2,
            "79228162514264337593543950335.00",
        ),
        (
            "-7922816251426433759354395033.5",
            6,
            "-7922816251426433759354395033.500000",
        ),
        (
            "100000000000000000000.1234565",
            6,
            "100000000000000000000.123457",
        ),
    ] {
        assert_eq!(fixed(d(v), places, Rounding::HalfUp), want, "{v}");
    }
}

/// `rust_decimal` rounds a product whose exact digits do not fit, without a word: at
/// 10²¹ a total times a four-place coefficient keeps seven places, not ten. The crate's
/// adjusted total is rounded once from the exact product, never from that.
#[test]
fn adjusted_totals_are_rounded_once_from_the_exact_product() {
    let raw = d("1234567890123456789012.123456");
    let c = d("1.0234");
    let product = raw.checked_mul(c).expect("no overflow");
    assert!(
        product.scale() < raw.scale() + c.scale(),
        "rust_decimal kept {product}"
    );

    // one unit scoring `raw` on a bonus-free completion of points `raw`, adjusted by
    // `c`; and a total whose 28-digit product lands on a half cent that the exact
    // product does not reach
    for (raw, c) in [
        (raw, c),
        (d("10.2"), d("0.9955882352941176470588235294")),
        (d("98765432109876543210.987654"), d("1.0005")),
    ] {
        let i = indicator(
            "I1",
            &raw.to_string(),
            serde_json::from_str(r#"{"kind": "pass_fail", "measure": {"sum": "D1"}, "op": "at_least", "threshold": "0"}"#)
                .expect("a rule"),
        );
        let scheme = Scheme::new(
            Period::year(2026).expect("a year"),
            Catalog::new(vec![i]).expect("valid"),
        )
        .adjustment(Adjustment::Given {
            coefficients: [("U1".into(), c)].into_iter().collect(),
        });
        let a = Assessment::new(scheme, vec![Unit::new("U1", "", "g")], &Targets::new())
            .expect("an assessment");
        let e = a.evaluate(&MemSums::new()).expect("an evaluation");
        let u = &e.units[0];
        assert_eq!(u.raw_total, raw);
        assert_eq!(
            fixed(u.adjusted_total, 2, Rounding::HalfUp),
            product_half_up(raw, c, 2),
            "{raw} × {c}"
        );
    }
}

/// A score whose exact value needs more digits than a `Decimal` holds at its magnitude
/// was silently rounded (10²² − 3 × 10⁻⁷ became 10²²): it is an error naming the unit
/// and the indicator.
#[test]
fn a_score_that_cannot_be_held_is_an_error_not_a_rounded_value() {
    let i = indicator(
        "I7",
        "10000000000000000000000",
        serde_json::from_str(
            r#"{"kind": "deduction", "measure": {"sum": "D1"}, "per_event": "0.0000001"}"#,
        )
        .expect("a rule"),
    );
    let scheme = Scheme::new(
        Period::year(2026).expect("a year"),
        Catalog::new(vec![i]).expect("valid"),
    );
    let a = Assessment::new(scheme, vec![Unit::new("U9", "", "g")], &Targets::new())
        .expect("an assessment");
    let mut sums = MemSums::new();
    sums.set("U9", "D1", d("3"));
    let e = a.evaluate(&sums).expect_err("cannot be held");
    assert!(e.is_precision_lost(), "{e}");
    assert_eq!(e.unit().map(|u| u.as_str()), Some("U9"));
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I7"));
    // the same deduction at a magnitude a decimal holds is exact
    sums.set("U9", "D1", d("0"));
    assert!(a.evaluate(&sums).is_ok());
}
