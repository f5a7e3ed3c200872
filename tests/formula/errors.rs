//! Every compile-time error kind, with its part, column and token; the bounds.

use scorecard::rule::formula::{
    Binding, Expr, FormulaError, FormulaErrorKind as K, Input, MAX_BINDINGS, MAX_DEPTH,
    MAX_EVAL_DEPTH, MAX_NODES, MAX_TEXT_BYTES, Program, Schema,
};

fn schema() -> Schema {
    Schema::new()
        .input("actual")
        .input(Input::new("rate").with_peers())
        .input(Input::new("collected").with_previous())
        .target()
        .factor("staff")
}

fn compile(bindings: &[(&str, &str)], score: &str) -> Result<Program, FormulaError> {
    let b: Vec<Binding> = bindings.iter().map(|(n, f)| Binding::new(*n, *f)).collect();
    Program::compile(&b, score, &schema())
}

/// The error compiling `score` alone: kind, column, token, message.
fn fails(score: &str) -> FormulaError {
    match compile(&[], score) {
        Ok(_) => panic!("{score} compiled"),
        Err(e) => e,
    }
}

#[track_caller]
fn check(e: &FormulaError, kind: K, column: u32, token: &str, message: &str) {
    assert_eq!(e.kind(), kind, "{e}");
    assert_eq!(e.column(), Some(column), "{e}");
    assert_eq!(e.token(), Some(token), "{e}");
    assert_eq!(e.message(), message, "{e}");
}

#[test]
fn syntax_errors_name_the_column_and_token() {
    check(
        &fails("actual +"),
        K::Syntax,
        9,
        "end of formula",
        "the formula ends where a value is expected",
    );
    check(
        &fails("actual $ 2"),
        K::Syntax,
        8,
        "$",
        "unexpected character",
    );
    check(
        &fails("actual ! 2"),
        K::Syntax,
        8,
        "!",
        "unexpected character; write <> (or ≠) for \"not equal\" and not for negation",
    );
    check(
        &fails("(actual + 1"),
        K::Syntax,
        1,
        "(",
        "this parenthesis is not closed",
    );
    check(
        &fails("actual + 1)"),
        K::Syntax,
        11,
        ")",
        "this parenthesis has no opening one",
    );
    check(
        &fails("actual rate"),
        K::Syntax,
        8,
        "rate",
        "unexpected token: an operator is missing before it",
    );
    check(
        &fails("1. + 2"),
        K::Syntax,
        1,
        "1.",
        "a digit must follow the decimal point",
    );
    check(
        &fails("2actual"),
        K::Syntax,
        1,
        "2a",
        "a number must not run into a name",
    );
    check(
        &fails("1 < actual < 3"),
        K::Syntax,
        12,
        "<",
        "comparisons do not chain: write a < b and b < c",
    );
    check(
        &fails("min"),
        K::Syntax,
        1,
        "min",
        "`min` is a function: write min(…)",
    );
    check(
        &fails("round(actual, 2.5, half_up)"),
        K::Syntax,
        1,
        "round",
        "places must be a whole number from 0 to 28: write round(x, places, mode)",
    );
    check(
        &fails("round(actual, 29, half_up)"),
        K::Syntax,
        1,
        "round",
        "places must be a whole number from 0 to 28: write round(x, places, mode)",
    );
    assert_eq!(fails("round(actual, 2, nearest)").kind(), K::Syntax);
    check(
        &fails("if(true, 1)"),
        K::Syntax,
        1,
        "if",
        "an argument is missing: write if(condition, then, else)",
    );
    check(
        &fails("abs(1, 2)"),
        K::Syntax,
        1,
        "abs",
        "too many arguments: write abs(x)",
    );
    check(
        &fails("branch(1, \"x\")"),
        K::Syntax,
        1,
        "branch",
        "a string is not allowed here: write branch(\"label\", x)",
    );
    check(
        &fails("peer_mean(rate * 2)"),
        K::Syntax,
        1,
        "peer_mean",
        "the argument is an input's name: write peer_…(input)",
    );
    check(
        &fails("\"text\""),
        K::Syntax,
        1,
        "\"text\"",
        "a string is only allowed as the name of a target or factor, or as a branch label",
    );
    check(
        &fails("factor(\"staff)"),
        K::Syntax,
        8,
        "\"staff)",
        "this string is not closed",
    );
    check(
        &fails("and"),
        K::Syntax,
        1,
        "and",
        "`and` needs a condition on its left and right",
    );
    let huge = "1".repeat(30);
    check(
        &fails(&huge),
        K::Syntax,
        1,
        &huge,
        "this number does not fit a decimal (at most 28 digits after the point, and below 7.9 × 10²⁸)",
    );
    assert_eq!(fails("").kind(), K::Syntax);
}

#[test]
fn errors_print_part_position_token_and_message() {
    let e = compile(&[("share", "actual /\n  actul")], "share").unwrap_err();
    assert_eq!(e.part(), Some("binding `share`"));
    assert_eq!(e.line(), Some(2));
    assert_eq!(
        e.to_string(),
        "binding `share`, line 2, column 3 (`actul`): `actul` is neither an input, a binding nor a built-in; did you mean `actual`?"
    );
    let e = fails("points * actul");
    assert_eq!(
        e.to_string(),
        "score, column 10 (`actul`): `actul` is neither an input, a binding nor a built-in; did you mean `actual`?"
    );
}

#[test]
fn unknown_names_suggest_a_close_one() {
    check(
        &fails("actaul"),
        K::UnknownName,
        1,
        "actaul",
        "`actaul` is neither an input, a binding nor a built-in; did you mean `actual`?",
    );
    check(
        &fails("xyz"),
        K::UnknownName,
        1,
        "xyz",
        "`xyz` is neither an input, a binding nor a built-in",
    );
    check(
        &fails("sum(1)"),
        K::UnknownName,
        1,
        "sum",
        "unknown function `sum`",
    );
    check(
        &fails("clmap(1, 0, 2)"),
        K::UnknownName,
        1,
        "clmap",
        "unknown function `clmap`; did you mean `clamp`?",
    );
    check(
        &fails("factor(\"staf\")"),
        K::UnknownName,
        1,
        "factor",
        "no factor is named `staf`; did you mean `staff`?",
    );
    check(
        &fails("target(\"stretch\")"),
        K::UnknownName,
        1,
        "target",
        "no target is named `stretch`",
    );
    check(
        &fails("peer_mean(rat)"),
        K::UnknownName,
        1,
        "peer_mean",
        "`rat` is not an input; did you mean `rate`?",
    );
}

#[test]
fn type_errors_name_the_operator() {
    check(
        &fails("points + (actual > 1)"),
        K::Type,
        8,
        "+",
        "`+` needs numbers on both sides; its right side is a condition (true/false)",
    );
    check(
        &fails("-(actual > 1)"),
        K::Type,
        1,
        "-",
        "`-` needs a number, not a condition (true/false)",
    );
    check(
        &fails("actual and true"),
        K::Type,
        8,
        "and",
        "`and` needs conditions (true/false) on both sides, such as rate >= 0.9; its left side is a number",
    );
    check(
        &fails("not actual"),
        K::Type,
        1,
        "not",
        "`not` needs a condition (true/false), not a number",
    );
    check(
        &fails("if(actual, 1, 2)"),
        K::Type,
        1,
        "if",
        "the condition of `if` must be true/false (a comparison such as rate >= 1), not a number",
    );
    check(
        &fails("if(true, 1, false)"),
        K::Type,
        1,
        "if",
        "`if` gives a number when true but a condition (true/false) when false; both must be numbers or both conditions",
    );
    check(
        &fails("true < 1"),
        K::Type,
        6,
        "<",
        "`<` compares numbers; its left side is a condition (true/false)",
    );
    check(
        &fails("true = 1"),
        K::Type,
        6,
        "=",
        "`=` compares two numbers or two conditions; its left side is a condition (true/false)",
    );
    check(
        &fails("min(1, true)"),
        K::Type,
        1,
        "min",
        "`min` needs numbers; argument 2 is a condition (true/false)",
    );
    check(
        &fails("clamp(1, false, 2)"),
        K::Type,
        1,
        "clamp",
        "`clamp` needs numbers; its lowest is a condition (true/false)",
    );
    // booleans compare for equality with each other
    assert!(compile(&[], "(actual > 1) = true").is_ok());
}

#[test]
fn bindings_use_only_earlier_bindings() {
    let e = compile(&[("a", "b + 1"), ("b", "1")], "a").unwrap_err();
    check(
        &e,
        K::Cycle,
        1,
        "b",
        "binding `a` uses `b`, which is declared after it (a binding may use only those before it)",
    );
    assert_eq!(e.part(), Some("binding `a`"));
    let e = compile(&[("a", "a + 1")], "a").unwrap_err();
    check(&e, K::Cycle, 1, "a", "binding `a` uses itself");
    assert!(compile(&[("a", "1"), ("b", "a + 1")], "b").is_ok());
}

#[test]
fn bindings_shadow_nothing() {
    for (bindings, message) in [
        (vec![("actual", "1")], "`actual` is already an input"),
        (
            vec![("points", "1")],
            "`points` is a keyword or built-in of the formula language",
        ),
        (
            vec![("Target", "1")],
            "`Target` is a keyword or built-in of the formula language",
        ),
        (
            vec![("MIN", "1")],
            "`MIN` is a keyword or built-in of the formula language",
        ),
        (
            vec![("a", "1"), ("a", "2")],
            "`a` is already bound by binding 1",
        ),
    ] {
        let e = compile(&bindings, "1").unwrap_err();
        assert_eq!(e.kind(), K::Shadow, "{e}");
        assert_eq!(e.message(), message);
        assert_eq!(e.token(), bindings.last().map(|b| b.0));
    }
    let e = compile(&[("2x", "1")], "1").unwrap_err();
    assert_eq!(e.kind(), K::Syntax);
}

#[test]
fn values_the_schema_does_not_provide_are_unavailable() {
    check(
        &fails("peer_mean(actual)"),
        K::Unavailable,
        1,
        "peer_mean",
        "peer statistics of `actual` are not provided for this rule",
    );
    check(
        &fails("previous(rate)"),
        K::Unavailable,
        1,
        "previous",
        "the previous period of `rate` is not provided for this rule",
    );
    let e = Program::compile(&[], "target", &Schema::new()).unwrap_err();
    check(
        &e,
        K::Unavailable,
        1,
        "target",
        "this rule declares no target for the unit",
    );
    assert!(
        compile(
            &[],
            "peer_rank(rate) + previous(collected) + target + factor(\"staff\")"
        )
        .is_ok()
    );
}

#[test]
fn a_schema_is_checked() {
    for (s, message) in [
        (
            Schema::new().input("a").input("a"),
            "input `a` is declared twice",
        ),
        (
            Schema::new().input("and"),
            "input `and` is named like a keyword or built-in of the formula language",
        ),
        (
            Schema::new().input("a b"),
            "input `a b` is not a name: a letter or `_`, then letters, digits or `_`",
        ),
        (
            Schema::new().factor("f").factor("f"),
            "factor `f` is declared twice",
        ),
    ] {
        let e = Program::compile(&[], "1", &s).unwrap_err();
        assert_eq!(e.kind(), K::Definition);
        assert_eq!(e.message(), message);
    }
}

#[test]
fn ten_thousand_parentheses_are_an_error_not_a_stack_overflow() {
    let text = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    // longer than a formula may be
    assert_eq!(Expr::parse(&text).unwrap_err().kind(), K::Limit);
    // within the length: the nesting limit
    let text = format!("{}1{}", "(".repeat(1_000), ")".repeat(1_000));
    let e = Expr::parse(&text).unwrap_err();
    assert_eq!(e.kind(), K::Limit);
    assert_eq!(
        e.message(),
        format!("the formula nests deeper than {MAX_DEPTH} levels")
    );
    assert_eq!(
        e.column(),
        Some(MAX_DEPTH + 1),
        "the first parenthesis too many"
    );
    for deep in [
        "-".repeat(3_000) + "1",
        "not ".repeat(1_000) + "true",
        "abs(".repeat(500) + "1" + &")".repeat(500),
    ] {
        assert_eq!(
            Expr::parse(&deep).unwrap_err().kind(),
            K::Limit,
            "{}",
            &deep[..8]
        );
    }
    let nested = |n: usize| format!("{}1{}", "(".repeat(n), ")".repeat(n));
    assert!(Expr::parse(&nested(MAX_DEPTH as usize - 1)).is_ok());
}

#[test]
fn long_chains_count_as_nesting() {
    let sum = |n: usize| vec!["1"; n].join(" + ");
    assert!(
        Expr::parse(&sum(MAX_DEPTH as usize)).is_ok(),
        "64 terms: 63 additions and a leaf"
    );
    let e = Expr::parse(&sum(MAX_DEPTH as usize + 1)).unwrap_err();
    assert_eq!(e.kind(), K::Limit);
    assert_eq!(e.token(), Some("+"));
}

#[test]
fn text_length_and_node_count_are_bounded() {
    let long = format!("1{}", " ".repeat(MAX_TEXT_BYTES));
    let e = Expr::parse(&long).unwrap_err();
    assert_eq!(e.kind(), K::Limit);
    assert_eq!(
        e.message(),
        format!(
            "the formula is {} bytes long, above the limit of {MAX_TEXT_BYTES}",
            MAX_TEXT_BYTES + 1
        )
    );
    // many shallow nodes: min(1, 1, …)
    let wide = format!("min({})", vec!["1"; MAX_NODES].join(","));
    let e = Expr::parse(&wide).unwrap_err();
    assert_eq!(e.kind(), K::Limit);
    assert_eq!(
        e.message(),
        format!("the formula has more than {MAX_NODES} nodes")
    );
    assert!(Expr::parse(&format!("min({})", vec!["1"; MAX_NODES - 1].join(","))).is_ok());
}

#[test]
fn bindings_are_bounded_in_number_and_in_depth_through_each_other() {
    let many: Vec<Binding> = (0..=MAX_BINDINGS)
        .map(|k| Binding::new(format!("b{k}"), "1"))
        .collect();
    let e = Program::compile(&many, "1", &Schema::new()).unwrap_err();
    assert_eq!(e.kind(), K::Limit);
    assert!(Program::compile(&many[..MAX_BINDINGS], "1", &Schema::new()).is_ok());
    // each binding nests 40 levels over the one before it: 7 of them exceed 256
    let deep = |k: usize| {
        let prev = if k == 0 {
            "1".to_owned()
        } else {
            format!("b{}", k - 1)
        };
        Binding::new(
            format!("b{k}"),
            format!("{}{prev}{}", "abs(".repeat(39), ")".repeat(39)),
        )
    };
    let chain: Vec<Binding> = (0..7).map(deep).collect();
    let e = Program::compile(&chain, "b6", &Schema::new()).unwrap_err();
    assert_eq!(e.kind(), K::Limit);
    assert_eq!(
        e.message(),
        format!("with the bindings it uses, the formula nests deeper than {MAX_EVAL_DEPTH} levels")
    );
    assert!(Program::compile(&chain[..6], "b5", &Schema::new()).is_ok());
}
