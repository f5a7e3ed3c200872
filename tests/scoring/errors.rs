//! Every error case names the unit and the indicator; none panics.

use rust_decimal::Decimal;
use scorecard::adjust::Adjustment;
use scorecard::rule::{Bonus, Completion, Deduction, Measure, PeerRelative, Rule};
use scorecard::{Assessment, Catalog, DatapointId, Indicator, Period, Scheme, Targets, Unit};

use crate::support::{MemSums, d};

fn indicator(id: &str, rule: Rule) -> Indicator {
    crate::support::indicator(id, "4", rule)
}

fn completion(id: &str, measure: Measure) -> Indicator {
    indicator(
        id,
        Rule::Completion(Completion {
            floor: None,
            measure,
            cap: Decimal::ONE,
            direction: Default::default(),
        }),
    )
}

fn scheme(indicators: Vec<Indicator>) -> Scheme {
    Scheme::new(
        Period::year(2026).expect("a year"),
        Catalog::new(indicators).expect("valid indicators"),
    )
}

fn unit(id: &str) -> Unit {
    Unit::new(id, id, "g").factor("staff", d("10"))
}

#[test]
fn a_missing_target_names_the_unit_and_indicator() {
    let s = scheme(vec![completion("I051", Measure::Sum("D1".into()))]);
    let err = Assessment::new(s, vec![unit("U0031")], &Targets::new()).expect_err("no target");
    assert!(err.is_missing_target());
    assert_eq!(
        err.to_string(),
        "indicator I051 has no target for unit U0031"
    );
    assert_eq!(err.unit().map(|u| u.as_str()), Some("U0031"));
    assert_eq!(err.indicator().map(|i| i.as_str()), Some("I051"));
}

#[test]
fn a_target_of_zero_or_less_is_an_error() {
    for t in ["0", "-5"] {
        let s = scheme(vec![completion("I001", Measure::Sum("D1".into()))]);
        let mut targets = Targets::new();
        targets.insert("U1", "I001", d(t)).expect("one target");
        let err = Assessment::new(s, vec![unit("U1")], &targets).expect_err("bad target");
        assert!(err.is_invalid_target(), "{err}");
        assert!(err.to_string().contains("unit U1"), "{err}");
        assert!(err.to_string().contains("indicator I001"), "{err}");
    }
}

#[test]
fn a_target_for_a_known_pair_without_a_completion_rule_is_allowed_and_unused() {
    let s = scheme(vec![indicator(
        "I091",
        Rule::Deduction(Deduction {
            fractional: false,
            measure: Measure::Sum("D1".into()),
            per_event: d("1"),
            floor: Decimal::ZERO,
        }),
    )]);
    let mut targets = Targets::new();
    targets.insert("U1", "I091", d("-1")).expect("one target");
    assert!(Assessment::new(s, vec![unit("U1")], &targets).is_ok());
}

#[test]
fn a_target_for_an_unknown_unit_is_refused_naming_unit_and_indicator() {
    let s = scheme(vec![completion("I001", Measure::Sum("D1".into()))]);
    let mut targets = Targets::new();
    targets.insert("U1", "I001", d("10")).expect("one target");
    targets.insert("U9", "I001", d("3")).expect("one target");
    let e = Assessment::new(s, vec![unit("U1")], &targets).expect_err("unknown unit");
    assert!(e.is_unknown_reference() && e.is_unknown_unit(), "{e}");
    assert_eq!(
        e.to_string(),
        "a target is given for unit U9 on indicator I001, but unit U9 is not known"
    );
    assert_eq!(e.unit().map(|u| u.as_str()), Some("U9"));
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I001"));
}

#[test]
fn a_target_for_an_unknown_indicator_is_refused_naming_unit_and_indicator() {
    let s = scheme(vec![completion("I001", Measure::Sum("D1".into()))]);
    let mut targets = Targets::new();
    targets.insert("U1", "I001", d("10")).expect("one target");
    targets.insert("U1", "I0O1", d("3")).expect("one target");
    let e = Assessment::new(s, vec![unit("U1")], &targets).expect_err("unknown indicator");
    assert!(e.is_unknown_reference() && !e.is_unknown_unit(), "{e}");
    assert_eq!(
        e.to_string(),
        "a target is given for unit U1 on indicator I0O1, but indicator I0O1 is not in the scheme"
    );
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I0O1"));
}

#[test]
fn an_unknown_data_point_names_the_unit_and_indicator() {
    let s = scheme(vec![completion("I001", Measure::Sum("D404".into()))]);
    let mut targets = Targets::new();
    targets.insert("U1", "I001", d("10")).expect("one target");
    let a = Assessment::new(s, vec![unit("U1")], &targets).expect("valid");
    let err = a
        .check_datapoints(&[DatapointId::from("D1")])
        .expect_err("D404 is unknown");
    assert!(err.is_unknown_datapoint());
    assert_eq!(
        err.to_string(),
        "indicator I001 reads data point D404, which is not known (unit U1)"
    );
    assert!(a.check_datapoints(&[DatapointId::from("D404")]).is_ok());
}

#[test]
fn decimal_overflow_is_an_error_not_a_panic() {
    // actual near 7.9 × 10²⁸ divided by a target of 0.5 overflows
    let s = scheme(vec![completion("I001", Measure::Sum("D1".into()))]);
    let mut targets = Targets::new();
    targets.insert("U1", "I001", d("0.5")).expect("one target");
    let a = Assessment::new(s, vec![unit("U1")], &targets).expect("valid");
    let mut sums = MemSums::new();
    sums.set("U1", "D1", Decimal::MAX);
    let err = a.evaluate(&sums).expect_err("overflow");
    assert!(err.is_overflow(), "{err}");
    assert_eq!(err.unit().map(|u| u.as_str()), Some("U1"));
    assert_eq!(err.indicator().map(|i| i.as_str()), Some("I001"));
    assert!(
        err.to_string().contains("unit U1 on indicator I001"),
        "{err}"
    );

    // a deduction's occurrences × per event
    let s = scheme(vec![indicator(
        "I091",
        Rule::Deduction(Deduction {
            fractional: false,
            measure: Measure::Sum("D1".into()),
            per_event: d("2"),
            floor: Decimal::ZERO,
        }),
    )]);
    let a = Assessment::new(s, vec![unit("U2")], &Targets::new()).expect("valid");
    let mut sums = MemSums::new();
    sums.set("U2", "D1", d("79000000000000000000000000000"));
    let err = a.evaluate(&sums).expect_err("overflow");
    assert!(
        err.is_overflow() && err.to_string().contains("I091"),
        "{err}"
    );
}

#[test]
fn overflow_of_a_total_names_the_unit() {
    // full points overflow: found when the assessment is built
    let big = indicator(
        "I001",
        Rule::Deduction(Deduction {
            fractional: false,
            measure: Measure::Sum("D1".into()),
            per_event: Decimal::ZERO,
            floor: Decimal::ZERO,
        }),
    );
    let mut a = big.clone();
    a.points = Decimal::MAX;
    let mut b = big;
    b.id = "I002".into();
    b.points = Decimal::MAX;
    let err = Assessment::new(scheme(vec![a, b]), vec![unit("U9")], &Targets::new())
        .expect_err("overflow");
    assert!(err.is_overflow(), "{err}");
    assert_eq!(err.unit().map(|u| u.as_str()), Some("U9"));

    // the raw total overflows: two bonus items at their ceilings (bonus points do not
    // count toward full points)
    let bonus = |id: &str| {
        let mut i = indicator(
            id,
            Rule::Bonus(Bonus {
                fractional: false,
                measure: Measure::Sum("D1".into()),
                per_event: Decimal::MAX,
            }),
        );
        i.points = Decimal::MAX;
        i
    };
    let a = Assessment::new(
        scheme(vec![bonus("B1"), bonus("B2")]),
        vec![unit("U8")],
        &Targets::new(),
    )
    .expect("valid");
    let mut sums = MemSums::new();
    sums.set("U8", "D1", Decimal::ONE);
    let err = a.evaluate(&sums).expect_err("overflow");
    assert!(err.is_overflow(), "{err}");
    assert_eq!(err.unit().map(|u| u.as_str()), Some("U8"));
}

#[test]
fn division_by_zero_is_an_error_naming_the_unit_and_indicator() {
    // a per-capita value with zero staff
    let s = scheme(vec![indicator(
        "I131",
        Rule::PeerRelative(PeerRelative {
            measure: Measure::PerFactor {
                datapoint: "D1".into(),
                factor: "staff".into(),
            },
            cap: Decimal::ONE,
        }),
    )]);
    let units = vec![Unit::new("U7", "U7", "g").factor("staff", Decimal::ZERO)];
    let a = Assessment::new(s, units, &Targets::new()).expect("valid");
    let err = a.evaluate(&MemSums::new()).expect_err("zero staff");
    assert!(err.is_division_by_zero(), "{err}");
    assert_eq!(err.unit().map(|u| u.as_str()), Some("U7"));
    assert_eq!(err.indicator().map(|i| i.as_str()), Some("I131"));

    // a completion rule over a ratio whose denominator is zero
    let s = scheme(vec![completion(
        "I002",
        Measure::Ratio {
            numerator: "A".into(),
            denominator: "B".into(),
        },
    )]);
    let mut targets = Targets::new();
    targets.insert("U8", "I002", d("1")).expect("one target");
    let a = Assessment::new(s, vec![unit("U8")], &targets).expect("valid");
    let err = a.evaluate(&MemSums::new()).expect_err("zero denominator");
    assert!(err.is_division_by_zero(), "{err}");
    assert!(
        err.to_string().contains("unit U8 on indicator I002"),
        "{err}"
    );
}

#[test]
fn a_missing_factor_is_found_before_any_data_is_read() {
    let s = scheme(vec![completion("I001", Measure::Sum("D1".into()))]).adjustment(
        Adjustment::load_ratio("households", "staff", d("0.1"), d("0.95"), d("1.05")),
    );
    let mut targets = Targets::new();
    targets.insert("U1", "I001", d("1")).expect("one target");
    let err = Assessment::new(s, vec![unit("U1")], &targets).expect_err("no households");
    assert!(err.is_factor());
    assert_eq!(err.to_string(), "unit U1 has no factor households");
}

#[test]
fn a_repeated_unit_is_an_error() {
    let s = scheme(vec![completion("I001", Measure::Sum("D1".into()))]);
    let err = Assessment::new(s, vec![unit("U1"), unit("U1")], &Targets::new()).expect_err("twice");
    assert!(err.is_duplicate());
}
