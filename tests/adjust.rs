//! Difficulty coefficients: the province job's load rule, several weighted factors,
//! given coefficients.

use rust_decimal::Decimal;
use scorecard::Unit;
use scorecard::adjust::Adjustment;
use scorecard::adjust::{FactorExpr, Relative, Term};

use crate::support::d;

fn unit(id: &str, staff: &str, households: &str) -> Unit {
    Unit::new(id, id, "hall")
        .factor("staff", d(staff))
        .factor("households", d(households))
}

/// Three hall branches with loads (households per staff) 100, 200 and 300.
fn loads_100_200_300() -> [Unit; 3] {
    [
        unit("H1", "10", "1000"),
        unit("H2", "10", "2000"),
        unit("H3", "20", "6000"),
    ]
}

#[test]
fn the_load_rule_clamps_at_both_ends() {
    // loads 100, 200, 300: mean 200 → 1 + 0.1 × (0.5 − 1) = 0.95, 1, 1.05
    let units = loads_100_200_300();
    let group: Vec<&Unit> = units.iter().collect();
    let a = Adjustment::load_ratio("households", "staff", d("0.1"), d("0.95"), d("1.05"));
    assert_eq!(
        a.coefficients(&group).expect("ok"),
        vec![d("0.95"), d("1"), d("1.05")]
    );
    let t = a.trace(&group, &units[0]).expect("trace");
    assert!(!t.clamped);
    assert_eq!(t.steps[0].value, d("100"));
    assert_eq!(t.steps[1].value, d("200"));
    // a steeper slope is clamped
    let a = Adjustment::load_ratio("households", "staff", d("0.5"), d("0.95"), d("1.05"));
    let c = a.coefficients(&group).expect("ok");
    assert_eq!(c, vec![d("0.95"), d("1"), d("1.05")]);
    let t = a.trace(&group, &units[2]).expect("trace");
    assert!(t.clamped);
    assert_eq!(t.unclamped, d("1.25"));
}

#[test]
fn the_trace_names_every_step_and_the_rule_lists_its_factors() {
    let units = loads_100_200_300();
    let group: Vec<&Unit> = units.iter().collect();
    let a = Adjustment::load_ratio("households", "staff", d("0.1"), d("0.95"), d("1.05"));
    // what a unit must have, checked before any data is read
    let factors: Vec<&str> = a.factors().iter().map(|f| f.as_str()).collect();
    assert_eq!(factors, ["households", "staff"]);
    assert!(Adjustment::None.factors().is_empty());
    // H1: load 100 against a group mean of 200
    let t = a.trace(&group, &units[0]).expect("trace");
    let steps: Vec<(&str, Decimal)> = t.steps.iter().map(|s| (s.name.as_str(), s.value)).collect();
    assert_eq!(
        steps,
        [
            ("households/staff", d("100")),
            ("group mean households/staff", d("200")),
            ("households/staff / group mean", d("0.5")),
            ("weight households/staff", d("0.1")),
        ]
    );
    assert_eq!(
        (t.unit.as_str(), t.unclamped, t.clamped, t.coefficient),
        ("H1", d("0.95"), false, d("0.95"))
    );
    // a plain factor is named as it is
    let size = Adjustment::Relative(Relative {
        terms: vec![Term {
            factor: FactorExpr::Factor("staff".into()),
            weight: d("0.1"),
        }],
        min: d("0.5"),
        max: d("1.5"),
        rounding: None,
    });
    let t = size.trace(&group, &units[2]).expect("trace");
    assert_eq!(t.steps[0].name, "staff");
    assert_eq!(t.steps[2].name, "staff / group mean");
}

#[test]
fn a_non_terminating_coefficient_stays_exact_until_the_total_is_rounded() {
    // loads 100, 200, 190: mean 163.33…; T2's 1 + 0.1 × (190 / 163.33… − 1)
    let units = [
        unit("A", "10", "1000"),
        unit("B", "10", "2000"),
        unit("C", "10", "1900"),
    ];
    let group: Vec<&Unit> = units.iter().collect();
    let a = Adjustment::load_ratio("households", "staff", d("0.1"), d("0.5"), d("1.5"));
    let c = a.coefficients(&group).expect("ok");
    assert_eq!(
        scorecard::fixed(c[2], 6, scorecard::Rounding::HalfUp),
        "1.016327"
    );
    assert!(c[2].scale() > 20);
}

#[test]
fn several_weighted_factors() {
    // size weight 0.05, revenue weight 0.05: unit with twice the mean size and the mean
    // revenue: 1 + 0.05 × (2 − 1) + 0.05 × 0 = 1.05
    let u = |id: &str, size: &str, revenue: &str| {
        Unit::new(id, id, "g")
            .factor("size", d(size))
            .factor("revenue", d(revenue))
    };
    let units = [u("A", "200", "50"), u("B", "0", "50"), u("C", "100", "50")];
    let group: Vec<&Unit> = units.iter().collect();
    let a = Adjustment::Relative(Relative {
        terms: vec![
            Term {
                factor: FactorExpr::Factor("size".into()),
                weight: d("0.05"),
            },
            Term {
                factor: FactorExpr::Factor("revenue".into()),
                weight: d("0.05"),
            },
        ],
        min: d("0.9"),
        max: d("1.1"),
        rounding: None,
    });
    a.validate().expect("valid");
    assert_eq!(
        a.coefficients(&group).expect("ok"),
        vec![d("1.05"), d("0.95"), d("1")]
    );
}

#[test]
fn given_coefficients_and_none() {
    let units = [unit("H1", "10", "1000")];
    let group: Vec<&Unit> = units.iter().collect();
    let given = Adjustment::Given {
        coefficients: [("H1".into(), d("1.02"))].into_iter().collect(),
    };
    assert_eq!(given.coefficients(&group).expect("ok"), vec![d("1.02")]);
    let missing = Adjustment::Given {
        coefficients: Default::default(),
    };
    let err = missing.coefficients(&group).expect_err("none given");
    assert!(err.to_string().contains("unit H1"), "{err}");
    assert_eq!(
        Adjustment::None.coefficients(&group).expect("ok"),
        vec![Decimal::ONE]
    );
}

#[test]
fn bad_bounds_are_refused() {
    let a = Adjustment::load_ratio("households", "staff", d("0.1"), d("1.05"), d("0.95"));
    assert!(a.validate().is_err());
    let a = Adjustment::load_ratio("households", "staff", d("0.1"), d("0"), d("1"));
    assert!(a.validate().is_err());
    let json = serde_json::to_string(&Adjustment::load_ratio(
        "households",
        "staff",
        d("0.1"),
        d("0.95"),
        d("1.05"),
    ))
    .expect("json");
    let back: Adjustment = serde_json::from_str(&json).expect("back");
    assert_eq!(
        back,
        Adjustment::load_ratio("households", "staff", d("0.1"), d("0.95"), d("1.05"))
    );
}
