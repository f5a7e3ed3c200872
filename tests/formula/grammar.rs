//! The grammar: precedence, unary minus, Unicode operators, case, Chinese names, and the
//! text `Display` prints.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::Rounding;
use scorecard::rule::formula::{BinOp, Expr, ExprKind, PeerStat, Pos};

use super::{Vals, d, holds, num, run};

fn parsed(text: &str) -> Expr {
    Expr::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// The text `Display` prints for `text`: shows how it was grouped.
fn shown(text: &str) -> String {
    parsed(text).to_string()
}

#[test]
fn multiplication_binds_tighter_than_addition_and_both_group_left() {
    assert_eq!(num("x + y * 2", "1", "3"), dec!(7));
    assert_eq!(num("(x + y) * 2", "1", "3"), dec!(8));
    assert_eq!(num("x - y - 1", "10", "3"), dec!(6));
    assert_eq!(num("x / y / 2", "12", "3"), dec!(2));
    assert_eq!(shown("x - (y - 1)"), "x - (y - 1)");
    assert_eq!(shown("(x - y) - 1"), "x - y - 1");
    assert_eq!(shown("x * (y + 1)"), "x * (y + 1)");
}

#[test]
fn comparisons_bind_looser_than_arithmetic_and_and_tighter_than_or() {
    assert!(holds("x + 1 > y * 2", "4", "2"));
    assert!(holds("x > 1 and y > 1 or x < 0", "-1", "0"));
    // and before or: false and false or true = true; false and (false or true) = false
    assert!(holds("x > 1 and y > 1 or true", "0", "0"));
    assert!(!holds("x > 1 and (y > 1 or true)", "0", "0"));
    assert_eq!(
        shown("a or b and c"),
        "a or b and c",
        "and binds tighter: no parentheses needed"
    );
    assert_eq!(shown("(a or b) and c"), "(a or b) and c");
}

#[test]
fn not_applies_to_a_whole_comparison() {
    assert!(holds("not x > y", "1", "2"));
    let e = parsed("not x > y");
    assert!(
        matches!(&e.kind, ExprKind::Not(inner) if matches!(inner.kind, ExprKind::Binary(BinOp::Gt, _, _)))
    );
    assert!(holds("not not x = 1", "1", "0"));
    assert_eq!(shown("not (a and b)"), "not (a and b)");
    assert_eq!(shown("(not a) = b"), "(not a) = b");
}

#[test]
fn unary_minus_binds_tightest() {
    assert_eq!(num("-x * y", "2", "3"), dec!(-6));
    assert_eq!(num("-x + y", "2", "3"), dec!(1));
    assert_eq!(num("x - -y", "2", "3"), dec!(5));
    assert_eq!(num("--x", "2", "0"), dec!(2));
    assert_eq!(num("-(x + y)", "2", "3"), dec!(-5));
    let e = parsed("-5");
    assert!(
        matches!(&e.kind, ExprKind::Neg(x) if x.kind == ExprKind::Number(dec!(5))),
        "a literal is never negative: -5 is the negation of 5"
    );
    assert_eq!(shown("-(x * y)"), "-(x * y)");
    assert_eq!(shown("(-x) * y"), "-x * y");
}

#[test]
fn unicode_operators_are_the_ascii_ones() {
    for (unicode, ascii) in [
        ("x × y", "x * y"),
        ("x ÷ y", "x / y"),
        ("x − y", "x - y"),
        ("−x", "-x"),
        ("x ≤ y", "x <= y"),
        ("x ≥ y", "x >= y"),
        ("x ≠ y", "x <> y"),
        ("min（x，y）", "min(x, y)"),
    ] {
        assert_eq!(parsed(unicode), parsed(ascii), "{unicode}");
        assert_eq!(shown(unicode), ascii);
    }
    assert_eq!(num("x × y ÷ 4 − 1", "6", "2"), dec!(2));
}

#[test]
fn keywords_and_functions_ignore_case() {
    assert_eq!(
        parsed("IF(X > 1 AND TRUE, MIN(1, 2), Max(3, 4))"),
        parsed("if(X > 1 and true, min(1, 2), max(3, 4))")
    );
    assert_eq!(parsed("Points * TARGET"), parsed("points * target"));
    assert_eq!(parsed("NOT False Or tRuE"), parsed("not false or true"));
    assert_eq!(
        parsed("ROUND(x, 2, HALF_UP)"),
        parsed("round(x, 2, half_up)")
    );
    assert_eq!(
        parsed("Peer_Mean(x)").kind,
        ExprKind::Peer(PeerStat::Mean, "x".into())
    );
}

#[test]
fn names_may_be_chinese_and_keep_their_case() {
    use scorecard::rule::formula::Schema;
    let schema = Schema::new().input("入库税款").input("应征税款");
    let r = run(
        &schema,
        &[("入库率", "入库税款 / 应征税款")],
        "if(入库率 >= 0.95, points, points * 入库率)",
        &Vals::inputs(&["90", "100"]),
    )
    .expect("evaluates");
    assert_eq!(r.value.number(), Some(dec!(9.0)));
    assert_eq!(r.steps, [("入库率".to_owned(), dec!(0.9))]);
    // names are compared exactly: `Rate` is not `rate`
    let e = run(
        &Schema::new().input("rate"),
        &[],
        "Rate",
        &Vals::inputs(&["1"]),
    )
    .unwrap_err();
    assert_eq!(
        e.message(),
        "`Rate` is neither an input, a binding nor a built-in; did you mean `rate`?"
    );
}

#[test]
fn numbers_are_exact_decimals_and_percent_divides_by_a_hundred() {
    assert_eq!(parsed("0.050").kind, ExprKind::Number(d("0.050")));
    assert_eq!(parsed("5%").kind, ExprKind::Number(d("0.05")));
    assert_eq!(parsed("12.5%").kind, ExprKind::Number(d("0.125")));
    assert_eq!(
        parsed("79228162514264337593543950335").kind,
        ExprKind::Number(Decimal::MAX)
    );
    assert_eq!(num("x * 3%", "200", "0"), dec!(6));
}

#[test]
fn strings_take_either_quotes() {
    assert_eq!(parsed("factor(“人员”)"), parsed("factor(\"人员\")"));
    assert_eq!(
        parsed("branch(“say \"hi\"”, 1)").to_string(),
        "branch(“say \"hi\"”, 1)"
    );
    assert_eq!(shown("target(\"stretch\")"), "target(\"stretch\")");
}

#[test]
fn round_takes_every_mode_by_english_or_chinese_name() {
    for (name, mode) in [
        ("half_up", Rounding::HalfUp),
        ("四舍五入", Rounding::HalfUp),
        ("half_even", Rounding::HalfEven),
        ("四舍六入五成双", Rounding::HalfEven),
        ("修约", Rounding::HalfEven),
        ("toward_zero", Rounding::TowardZero),
        ("截尾", Rounding::TowardZero),
        ("away_from_zero", Rounding::AwayFromZero),
        ("进一", Rounding::AwayFromZero),
        ("floor", Rounding::Floor),
        ("向下取整", Rounding::Floor),
        ("ceiling", Rounding::Ceiling),
        ("向上取整", Rounding::Ceiling),
    ] {
        let e = parsed(&format!("round(x, 2, {name})"));
        assert!(
            matches!(e.kind, ExprKind::Round(_, 2, m) if m == mode),
            "{name}"
        );
    }
}

#[test]
fn positions_are_lines_and_character_columns() {
    let e = parsed("入库率 *\n  points");
    assert_eq!(e.pos, Pos { line: 1, column: 5 }, "the operator's position");
    let ExprKind::Binary(_, a, b) = &e.kind else {
        panic!("a product")
    };
    assert_eq!(a.pos, Pos { line: 1, column: 1 });
    assert_eq!(b.pos, Pos { line: 2, column: 3 });
}

#[test]
fn display_prints_text_that_parses_to_the_same_tree() {
    for text in [
        "if(rate >= cap, branch(\"capped\", points * cap), branch(\"below_cap\", points * rate))",
        "clamp(abs(x - peer_mean(x)) / peer_max(x), 0, 1)",
        "round(points * (1 - previous(x) / x), 2, half_even)",
        "min(x, y, 3) + max(1) - -x",
        "not (a or b) and (c = d) = e",
        "target(\"基本\") * factor(\"staff\") / peer_rank(x)",
        "x = 1 or not x <> 2",
    ] {
        let e = parsed(text);
        let again = parsed(&e.to_string());
        assert_eq!(again, e, "{text} printed as {e}");
        assert_eq!(again.to_string(), e.to_string());
    }
}
