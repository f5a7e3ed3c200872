//! Evaluation: exactness, checked arithmetic, rounding, laziness, branches, bindings and
//! the values the host provides.

use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::Rounding;
use scorecard::rule::formula::{
    Binding, FormulaErrorKind as K, Input, NoWatch, PeerStat, Program, Schema, Value,
};

use super::{Vals, d, holds, num, run};

#[test]
fn division_keeps_what_a_decimal_holds_and_multiplication_does_not_undo_it() {
    // 1/3 has 28 places in a Decimal; × 3 gives 0.999…9, not 1 (as Decimal computes)
    let third = Decimal::ONE.checked_div(Decimal::from(3)).expect("fits");
    let expected = third.checked_mul(Decimal::from(3)).expect("fits");
    assert_eq!(num("1/3*3", "0", "0"), expected);
    assert_eq!(expected, d("0.9999999999999999999999999999"));
    assert_eq!(
        num("x/y*y", "1", "3"),
        expected,
        "folded or not, the same value"
    );
    // a quotient that fits is exact
    assert_eq!(num("x / y", "620", "800"), dec!(0.775));
    // places are kept as Decimal keeps them: 1.50 + 1.5 = 3.00
    assert_eq!(num("x + y", "1.50", "1.5").to_string(), "3.00");
}

#[test]
fn overflow_and_division_by_zero_are_distinct_errors_at_their_operator() {
    let s = Schema::new().input("x").input("y");
    let e = run(&s, &[], "points + x / y", &Vals::inputs(&["1", "0"])).unwrap_err();
    assert_eq!(e.kind(), K::DivisionByZero);
    assert!(e.is_division_by_zero());
    assert_eq!(
        (e.part(), e.column(), e.token()),
        (Some("score"), Some(12), Some("/"))
    );
    assert_eq!(e.to_string(), "score, column 12 (`/`): division by zero");
    let max = Decimal::MAX.to_string();
    let e = run(&s, &[], "x * y", &Vals::inputs(&[&max, "2"])).unwrap_err();
    assert!(e.is_overflow());
    assert_eq!((e.column(), e.token()), (Some(3), Some("*")));
    assert_eq!(e.message(), "the result of `*` does not fit a decimal");
    let e = run(&s, &[], "x + y", &Vals::inputs(&[&max, &max])).unwrap_err();
    assert!(e.is_overflow());
    let e = run(&s, &[], "-x - y", &Vals::inputs(&[&max, &max])).unwrap_err();
    assert!(e.is_overflow());
    // in a binding: the binding is named
    let e = run(
        &s,
        &[("share", "x / y")],
        "share",
        &Vals::inputs(&["1", "0"]),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "binding `share`, column 3 (`/`): division by zero"
    );
    // between constants: folding leaves it to evaluation, which finds it
    let e = run(&s, &[], "1 / 0", &Vals::default()).unwrap_err();
    assert!(e.is_division_by_zero());
}

#[test]
fn missing_values_name_what_is_missing() {
    let s = Schema::new()
        .input("x")
        .input(Input::new("y").with_peers().with_previous())
        .target()
        .named_target("stretch")
        .factor("staff");
    let v = Vals::inputs(&["1"]);
    for (score, column, token, message) in [
        ("1 + y", 5, "y", "input `y` has no value for the unit"),
        ("target", 1, "target", "the unit has no `target`"),
        (
            "target(\"stretch\")",
            1,
            "target(\"stretch\")",
            "the unit has no `target(\"stretch\")`",
        ),
        (
            "factor(\"staff\")",
            1,
            "factor(\"staff\")",
            "the unit has no `factor(\"staff\")`",
        ),
        (
            "peer_median(y)",
            1,
            "peer_median(y)",
            "`peer_median(y)` has no value: the peer statistic is missing",
        ),
        (
            "previous(y)",
            1,
            "previous(y)",
            "`previous(y)` has no value: the previous period is missing",
        ),
    ] {
        let e = run(&s, &[], score, &v).unwrap_err();
        assert!(e.is_missing(), "{score}: {e}");
        assert_eq!(e.column(), Some(column), "{score}");
        assert_eq!(e.token(), Some(token), "{score}");
        assert_eq!(e.message(), message, "{score}");
    }
}

#[test]
fn the_host_gives_targets_factors_peers_and_previous_periods_by_slot() {
    let s = Schema::new()
        .input("x")
        .input(Input::new("y").with_peers().with_previous())
        .target()
        .named_target("stretch")
        .factor("staff")
        .factor("area");
    let v = Vals {
        inputs: vec![Some(dec!(1)), Some(dec!(120))],
        targets: vec![Some(dec!(100)), Some(dec!(150))],
        factors: vec![Some(dec!(8)), Some(dec!(2))],
        peers: PeerStat::ALL
            .into_iter()
            .zip([dec!(90), dec!(95), dec!(40), dec!(130), dec!(2), dec!(4)])
            .map(|(s, v)| (s, 1, v))
            .collect(),
        previous: vec![None, Some(dec!(96))],
        points: dec!(5),
    };
    let value = |score: &str| {
        run(&s, &[], score, &v)
            .unwrap_or_else(|e| panic!("{score}: {e}"))
            .value
            .number()
            .expect("a number")
    };
    assert_eq!(value("target"), dec!(100));
    assert_eq!(value("target(\"stretch\")"), dec!(150));
    assert_eq!(value("factor(\"area\")"), dec!(2));
    assert_eq!(value("y / factor(\"staff\")"), dec!(15));
    assert_eq!(
        value("peer_mean(y) + peer_median(y) + peer_min(y) + peer_max(y)"),
        dec!(355)
    );
    assert_eq!(value("peer_rank(y)"), dec!(2));
    assert_eq!(value("peer_count(y)"), dec!(4));
    // 同比 growth: (120 − 96) / 96 = 0.25
    assert_eq!(value("(y - previous(y)) / previous(y)"), dec!(0.25));
    assert_eq!(value("points"), dec!(5));
    let p = Program::compile(&[], "y / peer_mean(y) + previous(y) + target", &s).expect("compiles");
    let u = p.uses();
    assert_eq!(u.inputs, [1]);
    assert_eq!(u.peers, [(PeerStat::Mean, 1)]);
    assert_eq!(u.previous, [1]);
    assert_eq!(u.targets, [0]);
    assert!(u.factors.is_empty() && !u.points);
}

#[test]
fn functions() {
    assert_eq!(num("min(x, y, 7)", "9", "8"), dec!(7));
    assert_eq!(num("max(x, y, 7)", "9", "8"), dec!(9));
    assert_eq!(num("min(x)", "9", "8"), dec!(9));
    assert_eq!(
        num("max(x, y)", "1.0", "1.00").to_string(),
        "1.0",
        "the first of equal values"
    );
    assert_eq!(num("clamp(x, 0, y)", "12", "10"), dec!(10));
    assert_eq!(num("clamp(x, 0, y)", "-3", "10"), dec!(0));
    assert_eq!(num("clamp(x, 0, y)", "3", "10"), dec!(3));
    assert_eq!(num("abs(x - y)", "3", "10"), dec!(7));
    let s = Schema::new().input("x").input("y");
    let e = run(&s, &[], "clamp(x, y, 0)", &Vals::inputs(&["1", "2"])).unwrap_err();
    assert_eq!(e.kind(), K::InvalidArgument);
    assert_eq!(e.token(), Some("clamp"));
    assert!(
        holds("x = y", "1.0", "1.00"),
        "values compare, not their places"
    );
    assert!(holds(
        "x <> y and x <= y and x < y and y >= x and y > x",
        "1",
        "2"
    ));
}

proptest! {
    #![proptest_config(crate::audit::config(64))]

    /// `round(x, places, mode)` is `Rounding::round` for every mode.
    #[test]
    fn round_is_the_crates_rounding(m in any::<i64>(), scale in 0u32..=20, places in 0u32..=28, mode in 0usize..6) {
        let x = Decimal::new(m, scale);
        let mode = Rounding::ALL[mode];
        let name = serde_json::to_value(mode).expect("a name");
        let name = name.as_str().expect("snake case");
        let s = Schema::new().input("x");
        let r = run(&s, &[], &format!("round(x, {places}, {name})"), &Vals { inputs: vec![Some(x)], ..Vals::default() })
            .expect("evaluates");
        prop_assert_eq!(r.value, Value::Number(mode.round(x, places)));
        let zh = run(&s, &[], &format!("round(x, {places}, {})", mode.name_zh()), &Vals { inputs: vec![Some(x)], ..Vals::default() })
            .expect("evaluates");
        prop_assert_eq!(zh.value, r.value);
    }
}

#[test]
fn if_and_or_evaluate_only_what_they_need() {
    let s = Schema::new().input("x").input("y");
    let zero = Vals::inputs(&["0", "0"]);
    let ok = |score: &str| run(&s, &[], score, &zero).unwrap_or_else(|e| panic!("{score}: {e}"));
    assert_eq!(ok("if(y = 0, 0, x / y)").value, Value::Number(dec!(0)));
    assert_eq!(ok("if(y <> 0, x / y, 1)").value, Value::Number(dec!(1)));
    assert_eq!(ok("y = 0 or x / y > 1").value, Value::Bool(true));
    assert_eq!(ok("y <> 0 and x / y > 1").value, Value::Bool(false));
    // a missing input in the branch not taken is not read
    let one = Vals::inputs(&["1"]);
    assert!(run(&s, &[], "if(x > 0, x, y)", &one).is_ok());
    assert!(
        run(&s, &[], "if(x < 0, x, y)", &one)
            .unwrap_err()
            .is_missing()
    );
    // bindings are lazy too: an unused binding dividing by zero does no harm
    let r = run(&s, &[("ratio", "x / y")], "if(y = 0, points, ratio)", &zero).expect("evaluates");
    assert_eq!(r.value, Value::Number(Decimal::TEN));
    assert!(r.steps.is_empty(), "a binding never used is never reported");
}

#[test]
fn the_outermost_branch_label_wins() {
    let s = Schema::new().input("x");
    let v = Vals::inputs(&["5"]);
    let label = |score: &str| run(&s, &[], score, &v).expect("evaluates").branch;
    assert_eq!(
        label("branch(\"outer\", branch(\"inner\", x))").as_deref(),
        Some("outer")
    );
    assert_eq!(
        label("if(x > 1, branch(\"big\", x), branch(\"small\", x))").as_deref(),
        Some("big")
    );
    assert_eq!(label("x + 1"), None);
    // the label evaluated last: the right operand's
    assert_eq!(
        label("branch(\"a\", x) + branch(\"b\", x)").as_deref(),
        Some("b")
    );
    // a binding's label is recorded when the binding is computed
    let r = run(&s, &[("b", "branch(\"in binding\", x)")], "b * 2", &v).expect("evaluates");
    assert_eq!(r.branch.as_deref(), Some("in binding"));
    let r = run(
        &s,
        &[("b", "branch(\"in binding\", x)")],
        "branch(\"score\", b * 2)",
        &v,
    )
    .expect("evaluates");
    assert_eq!(r.branch.as_deref(), Some("score"));
    // labels are listed in order of first appearance, bindings first
    let p = Program::compile(
        &[Binding::new("b", "branch(\"one\", 1)")],
        "branch(\"two\", branch(\"one\", b))",
        &s,
    )
    .expect("compiles");
    assert_eq!(p.labels(), ["one", "two"]);
    let out = p.eval(&v, &mut NoWatch).expect("evaluates");
    assert_eq!(out.branch.map(|b| (b.index, b.text)), Some((1, "two")));
}

#[test]
fn bindings_are_reported_once_when_first_computed() {
    let s = Schema::new().input("actual").target();
    let v = Vals {
        inputs: vec![Some(dec!(620))],
        targets: vec![Some(dec!(800))],
        points: dec!(4),
        ..Vals::default()
    };
    let r = run(
        &s,
        &[
            ("rate", "actual / target"),
            ("capped", "min(rate, 1)"),
            ("met", "rate >= 1"),
            ("unused", "rate * 100"),
        ],
        "if(met, points, points * capped + 0 * rate)",
        &v,
    )
    .expect("evaluates");
    assert_eq!(r.value, Value::Number(dec!(3.100)));
    // rate is computed for `met`, then `capped`; `rate` again is remembered; conditions
    // and unused bindings are not reported
    assert_eq!(
        r.steps,
        [
            ("rate".to_owned(), dec!(0.775)),
            ("capped".to_owned(), dec!(0.775))
        ]
    );
    let p =
        Program::compile(&[Binding::new("rate", "actual / target")], "rate", &s).expect("compiles");
    assert_eq!(p.bindings().collect::<Vec<_>>(), ["rate"]);
    assert!(p.is_numeric());
    let c = Program::compile(&[], "actual >= target", &s).expect("compiles");
    assert!(!c.is_numeric(), "a pass/fail formula is a condition");
    assert_eq!(
        c.eval(&v, &mut NoWatch).expect("evaluates").value,
        Value::Bool(false)
    );
}

#[test]
fn a_program_is_shared_between_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Program>();
    send_sync::<scorecard::rule::formula::Table>();
}
