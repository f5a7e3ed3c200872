//! Decision tables: cells, hit policies, the load-time checks and what evaluation
//! returns.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::rule::formula::{
    Binding, Condition, FormulaError, FormulaErrorKind as K, HitPolicy, MAX_CHECK_WORK, NoWatch,
    Row, Schema, Table, TableDef,
};

use super::{Vals, d};

fn schema() -> Schema {
    Schema::new().input("rate").input("n")
}

fn compile(def: &TableDef) -> Result<Table, FormulaError> {
    Table::compile(def, &schema())
}

/// (score, row number, label) at `rate`, `n`.
fn hit(t: &Table, rate: &str, n: &str) -> (Decimal, Option<usize>, Option<String>) {
    let v = Vals::inputs(&[rate, n]);
    let out = t.eval(&v, &mut NoWatch).expect("evaluates");
    (
        out.value,
        out.row.map(|r| r.number),
        out.row.and_then(|r| r.label.map(str::to_owned)),
    )
}

#[test]
fn cells_follow_their_grammar() {
    for (text, shown) in [
        ("any", "any"),
        ("ANY", "any"),
        ("-", "any"),
        ("< 3", "< 3"),
        ("<=3", "<= 3"),
        ("≤ 3", "<= 3"),
        ("> -1", "> -1"),
        (">= 5%", ">= 0.05"),
        ("≥ 0.9", ">= 0.9"),
        ("= 2", "= 2"),
        ("2", "= 2"),
        ("−2.5", "= -2.5"),
        ("[0.03, 0.05)", "[0.03, 0.05)"),
        ("(0, 1]", "(0, 1]"),
        ("[1, +inf)", ">= 1"),
        ("(-inf, 0.9)", "< 0.9"),
        ("(−∞, 0.9]", "<= 0.9"),
        ("（0，+∞）", "> 0"),
        ("[2, 2]", "= 2"),
        ("(-inf, inf)", "any"),
    ] {
        let c = Condition::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(c.to_string(), shown, "{text}");
        assert_eq!(Condition::parse(shown).expect("parses back"), c, "{text}");
    }
    let c = Condition::parse("[0.03, 0.05)").expect("parses");
    assert!(c.contains(dec!(0.03)) && c.contains(dec!(0.049)) && !c.contains(dec!(0.05)));
    assert!(!c.contains(dec!(0.0299)));
}

#[test]
fn malformed_cells_are_syntax_errors_with_their_column() {
    for (text, column, token) in [
        ("[0.03, 0.05", 1, "[0.03, 0.05"),
        ("[1, 2, 3]", 1, "[1, 2, 3]"),
        ("[-inf, 0)", 1, "[-inf, 0)"),
        ("(0, +inf]", 1, "(0, +inf]"),
        ("(+inf, 0)", 2, "+inf"),
        ("(0, abc)", 5, "abc"),
        ("<< 3", 2, "< 3"),
        ("about 3", 1, "about 3"),
        ("  >= x", 6, "x"),
    ] {
        let e = Condition::parse(text).unwrap_err();
        assert_eq!(e.kind(), K::Syntax, "{text}: {e}");
        assert_eq!(
            (e.column(), e.token()),
            (Some(column), Some(token)),
            "{text}: {e}"
        );
    }
    assert_eq!(Condition::parse(" ").unwrap_err().kind(), K::Syntax);
}

/// The article's example as a table: error rate and number of filings.
fn two_inputs(policy: HitPolicy) -> TableDef {
    TableDef::new(["rate", "n"], policy)
        .row(Row::new(["any", "< 10"], "points").label("too few to judge"))
        .row(Row::new(["<= 3%", ">= 10"], "points").label("good"))
        .row(Row::new(["(3%, 5%)", ">= 10"], "points * (0.05 - rate) / 0.02").label("between"))
        .row(Row::new([">= 5%", ">= 10"], "0").label("bad"))
}

#[test]
fn a_unique_table_scores_by_the_row_that_matches() {
    let t = compile(&two_inputs(HitPolicy::Unique)).expect("compiles");
    assert_eq!(t.rows(), 4);
    assert_eq!(t.hit_policy(), HitPolicy::Unique);
    assert_eq!(
        hit(&t, "0.9", "3"),
        (dec!(10), Some(1), Some("too few to judge".into()))
    );
    assert_eq!(
        hit(&t, "0.03", "10"),
        (dec!(10), Some(2), Some("good".into()))
    );
    assert_eq!(
        hit(&t, "0.042", "10"),
        (dec!(4.0), Some(3), Some("between".into()))
    );
    assert_eq!(
        hit(&t, "0.05", "100"),
        (dec!(0), Some(4), Some("bad".into()))
    );
    assert_eq!(
        t.conditions(3).map(|c| c[0].to_string()),
        Some("(0.03, 0.05)".into())
    );
    assert_eq!(t.conditions(5), None);
}

#[test]
fn overlapping_rows_of_a_unique_table_are_named_with_a_point_both_match() {
    let def = TableDef::new(["rate", "n"], HitPolicy::Unique)
        .row(Row::new(["< 0.5", "any"], "1"))
        .row(Row::new(["[0.4, 1]", ">= 3"], "2"))
        .row(Row::new(["any", "any"], "3"));
    let e = compile(&def).unwrap_err();
    assert_eq!(e.kind(), K::Overlap);
    assert_eq!(
        e.message(),
        "rows 1 and 2 both match rate = 0.4, n = 3: the rows of a unique table must not overlap"
    );
    // the same rows under first: the first that matches wins
    let mut first = def.clone();
    first.hit_policy = HitPolicy::First;
    let t = compile(&first).expect("compiles");
    assert_eq!(hit(&t, "0.45", "5").1, Some(1));
    assert_eq!(hit(&t, "0.6", "5").1, Some(2));
    assert_eq!(hit(&t, "2", "5").1, Some(3));
}

#[test]
fn a_shared_bound_closed_on_both_sides_overlaps_and_open_on_both_is_a_gap() {
    let table = |a: &str, b: &str| {
        TableDef::new(["rate"], HitPolicy::Unique)
            .row(Row::new([a], "0"))
            .row(Row::new([b], "1"))
    };
    let t = |def: &TableDef| Table::compile(def, &Schema::new().input("rate"));
    let e = t(&table("<= 0.9", ">= 0.9")).unwrap_err();
    assert_eq!(
        e.message(),
        "rows 1 and 2 both match rate = 0.9: the rows of a unique table must not overlap"
    );
    let e = t(&table("< 0.9", "> 0.9")).unwrap_err();
    assert_eq!(e.kind(), K::Gap);
    assert_eq!(
        e.message(),
        "no row matches rate = 0.9: add a row for it or declare a default"
    );
    let e = t(&table("< 0", "> 1")).unwrap_err();
    assert_eq!(e.kind(), K::Gap);
    // a default fills the gap
    let filled = table("< 0.9", "> 0.9").default_score("0.5");
    let tt = t(&filled).expect("compiles");
    let out = tt
        .eval(&Vals::inputs(&["0.9"]), &mut NoWatch)
        .expect("evaluates");
    assert_eq!((out.value, out.row), (dec!(0.5), None));
    assert!(t(&table("< 0.9", ">= 0.9")).is_ok());
}

#[test]
fn gaps_are_found_in_the_product_of_several_inputs() {
    // rate ≥ 0 is split by n at 10 on one side but not covered below 10 on the other
    let def = TableDef::new(["rate", "n"], HitPolicy::Unique)
        .row(Row::new(["< 0", "any"], "0"))
        .row(Row::new([">= 0", ">= 10"], "1"))
        .row(Row::new(["[0, 1)", "< 10"], "2"));
    let e = compile(&def).unwrap_err();
    assert_eq!(e.kind(), K::Gap);
    assert_eq!(
        e.message(),
        "no row matches rate = 1, n = 9: add a row for it or declare a default"
    );
    let fixed = def.row(Row::new([">= 1", "< 10"], "3"));
    assert!(compile(&fixed).is_ok());
}

#[test]
fn priority_picks_the_highest_matching_row_and_refuses_equal_priorities_that_overlap() {
    let def = TableDef::new(["rate", "n"], HitPolicy::Priority)
        .row(Row::new(["any", "any"], "1").priority(0).label("otherwise"))
        .row(Row::new(["> 0.5", "any"], "2").priority(1))
        .row(Row::new(["> 0.8", "> 5"], "3").priority(2))
        .row(Row::new(["< 0", "any"], "4").priority(1));
    let t = compile(&def).expect("compiles");
    assert_eq!(hit(&t, "0.9", "9").1, Some(3));
    assert_eq!(hit(&t, "0.9", "1").1, Some(2));
    assert_eq!(
        hit(&t, "0.1", "1"),
        (dec!(1), Some(1), Some("otherwise".into()))
    );
    assert_eq!(hit(&t, "-1", "1").1, Some(4));
    let clash = def.row(Row::new(["[0.6, 0.7]", "any"], "5").priority(1));
    let e = compile(&clash).unwrap_err();
    assert_eq!(e.kind(), K::Overlap);
    assert_eq!(
        e.message(),
        "rows 2 and 5 both match rate = 0.6, n = 0: both have priority 1; overlapping rows need different priorities"
    );
}

#[test]
fn priorities_belong_to_the_priority_policy_only() {
    let with = TableDef::new(["rate"], HitPolicy::First).row(Row::new(["any"], "1").priority(1));
    let e = Table::compile(&with, &schema()).unwrap_err();
    assert_eq!((e.kind(), e.part()), (K::Definition, Some("row 1")));
    let without = TableDef::new(["rate"], HitPolicy::Priority).row(Row::new(["any"], "1"));
    let e = Table::compile(&without, &schema()).unwrap_err();
    assert_eq!(
        e.message(),
        "under hit policy priority every row has a priority"
    );
}

#[test]
fn structural_mistakes_name_the_row_and_input() {
    let e = compile(&TableDef::new(["rate", "n"], HitPolicy::First).row(Row::new(["any"], "1")))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "row 1: the row has 1 conditions for 2 inputs"
    );
    let e = compile(
        &TableDef::new(["rate", "n"], HitPolicy::First).row(Row::new(["any", "(2, 1)"], "1")),
    )
    .unwrap_err();
    assert_eq!(e.kind(), K::Definition);
    assert_eq!(
        e.to_string(),
        "row 1, input 2 (`n`): the condition `(2, 1)` holds for no value"
    );
    let e = compile(
        &TableDef::new(["rate", "n"], HitPolicy::First).row(Row::new(["any", "[x, 1)"], "1")),
    )
    .unwrap_err();
    assert_eq!(
        (e.kind(), e.part(), e.column(), e.token()),
        (K::Syntax, Some("row 1, input 2 (`n`)"), Some(2), Some("x"))
    );
    let e = compile(&TableDef::new(["rate"], HitPolicy::First).row(Row::new(["any"], "points *")))
        .unwrap_err();
    assert_eq!(e.part(), Some("row 1 score"));
    let e = compile(&TableDef::new(["rate > 1"], HitPolicy::First).row(Row::new(["any"], "1")))
        .unwrap_err();
    assert_eq!((e.kind(), e.part()), (K::Type, Some("input 1")));
    let e =
        compile(&TableDef::new(["rat"], HitPolicy::First).row(Row::new(["any"], "1"))).unwrap_err();
    assert_eq!((e.kind(), e.part()), (K::UnknownName, Some("input 1")));
    let e = compile(&TableDef::new(Vec::<String>::new(), HitPolicy::First)).unwrap_err();
    assert_eq!(e.kind(), K::Definition);
    let e = compile(&TableDef::new(vec!["rate"; 17], HitPolicy::First)).unwrap_err();
    assert_eq!(e.kind(), K::Limit);
}

#[test]
fn inputs_and_scores_are_formulas_sharing_the_tables_bindings() {
    let s = Schema::new().input("errors").input("filings");
    let def = TableDef::new(["share"], HitPolicy::Unique)
        .binding(Binding::new("share", "errors / filings"))
        .row(Row::new(["< 3%"], "points"))
        .row(Row::new(
            [">= 3%"],
            "branch(\"scaled\", points * (1 - share))",
        ));
    let t = Table::compile(&def, &s).expect("compiles");
    let mut steps = Vec::new();
    let out = t
        .eval(&Vals::inputs(&["4", "100"]), &mut |n: &str, v: Decimal| {
            steps.push((n.to_owned(), v))
        })
        .expect("evaluates");
    assert_eq!(out.value, dec!(9.60));
    assert_eq!(out.row.map(|r| r.index()), Some(1));
    assert_eq!(out.branch.map(|b| b.text), Some("scaled"));
    assert_eq!(steps, [("share".to_owned(), dec!(0.04))], "computed once");
    assert_eq!(t.uses().inputs, [0, 1]);
    let e = t
        .eval(&Vals::inputs(&["4", "0"]), &mut NoWatch)
        .unwrap_err();
    assert!(e.is_division_by_zero());
    assert_eq!(e.part(), Some("binding `share`"));
}

#[test]
fn a_table_too_large_to_check_is_refused_not_checked_forever() {
    // a staircase: row i matches x ≥ i and y ≥ i, so every piece of x leaves a different
    // set of rows to partition y with (about 2 · 256³ / 3 steps in all)
    let s = Schema::new().input("x").input("y");
    let mut def = TableDef::new(["x", "y"], HitPolicy::First)
        .row(Row::new(["< 0", "any"], "0"))
        .row(Row::new(["any", "< 0"], "0"));
    for i in 0..256 {
        def = def.row(Row::new([format!(">= {i}"), format!(">= {i}")], "1"));
    }
    let e = Table::compile(&def, &s).unwrap_err();
    assert_eq!(e.kind(), K::TooComplex, "{e}");
    assert!(e.message().contains(&MAX_CHECK_WORK.to_string()));
    assert!(
        Table::compile(&def.default_score("0"), &s).is_ok(),
        "a default skips the gap check"
    );
}

#[test]
fn rows_that_match_anything_further_cover_without_partitioning() {
    // 16 inputs, each split in two by a pair of rows that match anything else
    let width = 16;
    let inputs: Vec<String> = (0..width).map(|k| format!("x{k}")).collect();
    let schema = inputs
        .iter()
        .fold(Schema::new(), |s, n| s.input(n.as_str()));
    let mut def = TableDef::new(inputs.clone(), HitPolicy::First);
    for k in 0..width {
        let mut lo = vec!["any".to_owned(); width];
        lo[k] = format!("< {k}");
        let mut hi = lo.clone();
        hi[k] = format!(">= {k}");
        def = def.row(Row::new(lo, "1")).row(Row::new(hi, "2"));
    }
    assert!(Table::compile(&def, &schema).is_ok());
    // the same with every "any" bounded below: the point below every bound is a gap
    for row in &mut def.rows {
        for cell in &mut row.when {
            if cell == "any" {
                *cell = format!(">= {}", d("-1000"));
            }
        }
    }
    let e = Table::compile(&def, &schema).unwrap_err();
    assert_eq!(e.kind(), K::Gap);
    assert!(
        e.message()
            .starts_with("no row matches x0 = -1001, x1 = -1001"),
        "{e}"
    );
}

#[test]
fn a_table_definition_reads_from_toml_and_refuses_unknown_keys() {
    let def: TableDef = toml::from_str(
        r#"
        inputs = ["rate"]
        hit_policy = "unique"
        default = "0"
        let = [{ name = "pct", formula = "rate * 100" }]
        rows = [
          { when = ["< 0.9"], score = "0", label = "低" },
          { when = ["[0.9, 1)"], score = "pct / 50" },
        ]
        "#,
    )
    .expect("reads");
    assert_eq!(def.rows[0].label.as_deref(), Some("低"));
    let t = Table::compile(&def, &schema()).expect("compiles");
    assert_eq!(hit(&t, "0.95", "0").0, dec!(1.9));
    let bad: Result<TableDef, _> =
        toml::from_str("inputs = [\"rate\"]\nhit_policy = \"unique\"\nrows = []\nhit = 1");
    assert!(bad.is_err());
    let bad: Result<TableDef, _> =
        toml::from_str("inputs = [\"rate\"]\nhit_policy = \"any\"\nrows = []");
    assert!(bad.is_err());
}
