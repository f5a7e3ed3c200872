//! Formula and decision-table rules wired into the evaluator: errors at load naming
//! indicator, part, column and token (and the place in the file through the rule-book
//! loader), division by zero, ranges and clamps, named values in traces, explanation
//! templates, named targets and factors, peer medians and ranks, the previous period.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::rule::Branch;
use scorecard::rule::Rule;
use scorecard::{Assessment, Catalog, Evaluation, Indicator, Period, Scheme, Targets, Unit};

use crate::support::MemSums;

#[derive(Debug, serde::Deserialize)]
struct Book {
    #[allow(dead_code)] // only its errors are looked at
    indicators: Catalog,
}

/// One indicator `I1` worth 4 points in group `g` with the rule in JSON (`kind` added).
fn one(rule: &str) -> Indicator {
    serde_json::from_str(&format!(
        r#"{{"id": "I1", "name": "指标一", "name_en": "first", "points": "4", "groups": ["g"],
            "rule": {{"kind": "formula", "direction": "higher_is_better", {rule}}}}}"#
    ))
    .expect("an indicator")
}

/// Evaluates `indicators` for units `U1`… with D1 (and D2) sums as given, each with 10
/// staff and a target of 100.
fn run(indicators: Vec<Indicator>, sums: &[(&str, &str, Decimal)]) -> (Assessment, Evaluation) {
    try_run(indicators, sums).expect("evaluates")
}

fn try_run(
    indicators: Vec<Indicator>,
    sums: &[(&str, &str, Decimal)],
) -> scorecard::Result<(Assessment, Evaluation)> {
    let ids: Vec<_> = indicators.iter().map(|i| i.id.clone()).collect();
    let scheme = Scheme::new(Period::year(2026)?, Catalog::new(indicators)?);
    let mut units: Vec<Unit> = Vec::new();
    let mut targets = Targets::new();
    let mut s = MemSums::new();
    for (u, d, v) in sums {
        if !units.iter().any(|x| x.id.as_str() == *u) {
            units.push(Unit::new(*u, *u, "g").factor("staff", dec!(10)));
            for id in &ids {
                targets.insert(*u, id.clone(), dec!(100))?;
                targets.insert_named(*u, id.clone(), "stretch", dec!(120))?;
            }
        }
        s.set(u, d, *v);
    }
    let a = Assessment::new(scheme, units, &targets)?;
    let e = a.evaluate(&s)?;
    Ok((a, e))
}

#[test]
fn an_unknown_name_is_refused_naming_indicator_part_column_and_token() {
    let i = one(r#""inputs": {"actual": {"sum": "D1"}}, "score": "points * actul / target""#);
    let e = Catalog::new(vec![i]).expect_err("refused");
    assert!(e.is_formula(), "{e}");
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I1"));
    let f = e.formula().expect("a formula error");
    assert_eq!(
        (f.part(), f.column(), f.token()),
        (Some("score"), Some(10), Some("actul"))
    );
    assert_eq!(
        e.to_string(),
        "indicator I1: score, column 10 (`actul`): `actul` is neither an input, a binding nor a built-in; did you mean `actual`?"
    );
}

#[test]
fn through_the_rule_book_loader_the_error_points_into_the_file() {
    let text = r#"
[[indicators]]
id = "I1"
name = "完成率"
points = "4"
groups = ["g"]
rule = { kind = "formula", inputs = { actual = { sum = "D1" } }, direction = "higher_is_better", score = "points * actul / target" }
"#;
    let e = scorecard::rulebook::from_toml_str::<Book>(text, "book.toml").expect_err("refused");
    assert!(e.is_formula(), "{e}");
    // the token `actul` is on line 7, at the column of the string plus 10
    let line = text.lines().nth(6).expect("line 7");
    let at = line.find("\"points * actul").expect("the score") + 1;
    let column = line[..at].chars().count() as u32 + 10;
    assert_eq!((e.line(), e.column()), (Some(7), Some(column)), "{e}");
    assert_eq!(e.path(), Some("indicators[0].rule.score"));
    assert_eq!(e.key(), Some("score"));
    assert_eq!(e.formula().and_then(|f| f.token()), Some("actul"));
    // a binding's error points into the binding
    let text = text.replace(
        "score = \"points * actul / target\"",
        "let = [{ name = \"rate\", formula = \"actual / targt\" }], score = \"points * rate\"",
    );
    let e = scorecard::rulebook::from_toml_str::<Book>(&text, "book.toml").expect_err("refused");
    assert_eq!(e.path(), Some("indicators[0].rule.let[0].formula"), "{e}");
    assert_eq!(e.formula().and_then(|f| f.part()), Some("binding `rate`"));
}

#[test]
fn a_table_with_overlapping_rows_is_refused_naming_the_rows() {
    let i: Indicator = serde_json::from_str(
        r#"{"id": "I1", "name": "t", "points": "4", "groups": ["g"],
            "rule": {"kind": "table", "direction": "higher_is_better",
                     "inputs": {"x": {"sum": "D1"}},
                     "table": {"inputs": ["x"], "hit_policy": "unique",
                               "rows": [{"when": ["< 5"], "score": "0"},
                                        {"when": ["[4, 10)"], "score": "2"},
                                        {"when": [">= 10"], "score": "4"}]}}}"#,
    )
    .expect("an indicator");
    let e = Catalog::new(vec![i]).expect_err("refused");
    let f = e.formula().expect("a formula error");
    assert!(f.to_string().contains("rows 1 and 2"), "{e}");
}

#[test]
fn a_division_by_zero_takes_the_declared_fallback_or_is_an_error() {
    let rule = r#""inputs": {"n": {"sum": "D1"}, "d": {"sum": "D2"}}, "score": "points * n / d""#;
    let e = try_run(
        vec![one(rule)],
        &[("U1", "D1", dec!(3)), ("U1", "D2", dec!(0))],
    )
    .expect_err("division by zero");
    assert!(e.is_division_by_zero() && e.is_formula(), "{e}");
    assert_eq!(e.unit().map(|u| u.as_str()), Some("U1"));
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I1"));
    let with = format!(r#"{rule}, "on_division_by_zero": "points / 2""#);
    let (a, e) = run(
        vec![one(&with)],
        &[("U1", "D1", dec!(3)), ("U1", "D2", dec!(0))],
    );
    let p = &e.pairs[0];
    assert_eq!((p.score, p.branch), (dec!(2), Branch::ZeroDenominator));
    let t = a.trace(&e, &"U1".into(), &"I1".into()).expect("a trace");
    assert!(t.steps.iter().any(|s| s.name == "on division by zero"));
    // a ratio input whose denominator is zero is a division by zero too
    let ratio = r#""inputs": {"r": {"ratio": {"numerator": "D1", "denominator": "D2"}}},
        "score": "points * r", "on_division_by_zero": "0""#;
    let (_, e) = run(
        vec![one(ratio)],
        &[("U1", "D1", dec!(3)), ("U1", "D2", dec!(0))],
    );
    assert_eq!(
        (e.pairs[0].score, e.pairs[0].branch, e.pairs[0].value),
        (dec!(0), Branch::ZeroDenominator, None)
    );
}

#[test]
fn a_score_out_of_range_is_an_error_unless_clamped() {
    let rule = r#""inputs": {"x": {"sum": "D1"}}, "score": "x""#;
    let e = try_run(vec![one(rule)], &[("U1", "D1", dec!(5))]).expect_err("above 4");
    assert!(e.is_out_of_range(), "{e}");
    assert_eq!(
        e.to_string(),
        "indicator I1 scores 5 for unit U1, outside 0 to 4: declare `clamp = true` to hold scores within"
    );
    let e = try_run(vec![one(rule)], &[("U1", "D1", dec!(-1))]).expect_err("below 0");
    assert!(e.is_out_of_range(), "{e}");
    let clamped = format!(r#"{rule}, "clamp": true"#);
    let (a, e) = run(
        vec![one(&clamped)],
        &[("U1", "D1", dec!(5)), ("U2", "D1", dec!(-1))],
    );
    assert_eq!((e.pairs[0].score, e.pairs[1].score), (dec!(4), dec!(0)));
    let t = a.trace(&e, &"U1".into(), &"I1".into()).expect("a trace");
    assert!(
        t.steps
            .iter()
            .any(|s| s.name == "clamped from" && s.value == dec!(5))
    );
    // a declared ceiling: up to 1.2 × points
    let ceiling = format!(r#"{rule}, "ceiling": "points * 1.2""#);
    let (_, e) = run(vec![one(&ceiling)], &[("U1", "D1", dec!(4.8))]);
    assert_eq!((e.pairs[0].score, e.pairs[0].extra), (dec!(4.8), dec!(0.8)));
}

#[test]
fn named_values_go_to_the_trace_and_the_explanation_lists_them() {
    let rule = r#""inputs": {"actual": {"sum": "D1"}},
        "let": [{"name": "rate", "formula": "actual / target"}],
        "score": "if(rate >= 1, branch(\"达标\", points), points * rate)", "value": "rate""#;
    let (a, e) = run(
        vec![one(rule)],
        &[("U1", "D1", dec!(80)), ("U2", "D1", dec!(120))],
    );
    let t = a.trace(&e, &"U1".into(), &"I1".into()).expect("a trace");
    assert_eq!(t.rule, scorecard::rule::RuleKind::Formula);
    assert_eq!(
        (t.score, t.value, t.branch),
        (dec!(3.2), Some(dec!(0.8)), Branch::Computed)
    );
    let names: Vec<&str> = t.inputs.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["actual", "target"]);
    assert_eq!(t.steps[0].name, "rate");
    assert_eq!(
        t.explanation.zh,
        "指标一 actual = 80.00，rate = 0.80，扣 0.80 分"
    );
    assert_eq!(
        t.explanation.en,
        "first: actual = 80.00, rate = 0.80: −0.80 points"
    );
    // a label that is not a built-in branch's: a Branch::Label, named in the trace
    let t = a.trace(&e, &"U2".into(), &"I1".into()).expect("a trace");
    assert_eq!(
        (t.branch, t.label.as_deref()),
        (Branch::Label(0), Some("达标"))
    );
}

#[test]
fn explanation_templates_fill_their_placeholders_in_the_declared_display() {
    let mut i = one(r#""inputs": {"actual": {"sum": "D1"}},
        "let": [{"name": "rate", "formula": "actual / target"}],
        "score": "points * min(rate, 1)", "value": "rate",
        "explain": {"zh": "{name}：完成率 {rate}，扣 {lost} 分",
                    "en": "{name}: completion {rate}: −{lost} points of {points} {{full}}"}"#);
    i.display = Some(scorecard::DisplayFormat::percent(1));
    let (a, e) = run(vec![i], &[("U1", "D1", dec!(77.5))]);
    let t = a.trace(&e, &"U1".into(), &"I1".into()).expect("a trace");
    assert_eq!(t.explanation.zh, "指标一：完成率 77.5%，扣 0.90 分");
    assert_eq!(
        t.explanation.en,
        "first: completion 77.5%: −0.90 points of 4.00 {full}"
    );
    let wrong = one(r#""inputs": {"actual": {"sum": "D1"}}, "score": "points",
        "explain": {"zh": "完成率 {rat}", "en": "x"}"#);
    let e = Catalog::new(vec![wrong]).expect_err("an unknown placeholder");
    assert!(e.is_invalid_definition(), "{e}");
    assert_eq!(
        e.to_string(),
        "indicator I1 has an invalid explain.zh: placeholder `{rat}` at column 5 is neither an input, a binding nor one of name, value, target, points, score, lost"
    );
}

#[test]
fn peer_statistics_give_the_median_count_and_rank_of_each_input() {
    let rule = r#""inputs": {"x": {"sum": "D1"}},
        "let": [{"name": "m", "formula": "peer_median(x)"}],
        "score": "points * (peer_count(x) - peer_rank(x)) / (peer_count(x) - 1)""#;
    let (a, e) = run(
        vec![one(rule)],
        &[
            ("U1", "D1", dec!(10)),
            ("U2", "D1", dec!(40)),
            ("U3", "D1", dec!(20)),
            ("U4", "D1", dec!(40)),
        ],
    );
    // ranks 4, 1, 3, 1 (equal values share the better rank) of 4 units
    let scores: Vec<Decimal> = e.pairs.iter().map(|p| p.score).collect();
    assert_eq!(scores, [dec!(0), dec!(4), dec!(4) / dec!(3), dec!(4)]);
    let ranks: Vec<Option<u32>> = e.pairs.iter().map(|p| p.measured.inputs[0].rank).collect();
    assert_eq!(ranks, [Some(4), Some(1), Some(3), Some(1)]);
    let stats = e.peer_stats_of(&"I1".into(), &"g".into());
    assert_eq!(stats.len(), 1);
    assert_eq!(stats[0].input.as_deref(), Some("x"));
    assert_eq!(
        (
            stats[0].stats.count,
            stats[0].stats.median,
            stats[0].stats.mean
        ),
        (4, Some(dec!(30)), Some(dec!(27.5)))
    );
    let t = a.trace(&e, &"U3".into(), &"I1".into()).expect("a trace");
    let peer: Vec<&str> = t.peers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        peer,
        [
            "peer mean x",
            "peer median x",
            "group min x",
            "group max x",
            "peers x"
        ]
    );
    assert!(
        t.inputs
            .iter()
            .any(|s| s.name == "rank x" && s.value == dec!(3))
    );
}

#[test]
fn named_targets_and_factors_are_read_as_declared() {
    let rule = r#""inputs": {"x": {"sum": "D1"}}, "targets": ["stretch"], "factors": ["staff"],
        "score": "clamp(points * x / factor(\"staff\") / target(\"stretch\"), 0, points)""#;
    let (_, e) = run(vec![one(rule)], &[("U1", "D1", dec!(600))]);
    // 4 × 600 / 10 / 120 = 2
    assert_eq!(e.pairs[0].score, dec!(2));
    // a unit without the named target is refused when the assessment is made
    let scheme = Scheme::new(
        Period::year(2026).expect("a year"),
        Catalog::new(vec![one(rule)]).expect("valid"),
    );
    let units = vec![Unit::new("U1", "U1", "g").factor("staff", dec!(10))];
    let e = Assessment::new(scheme, units, &Targets::new()).expect_err("no named target");
    assert!(e.to_string().contains("no target named `stretch`"), "{e}");
}

#[test]
fn the_previous_period_is_read_when_given_and_missing_otherwise() {
    let rule = r#""inputs": {"x": {"sum": "D1"}},
        "let": [{"name": "growth", "formula": "(x - previous(x)) / previous(x)"}],
        "score": "points * clamp(growth / 0.2, 0, 1)", "value": "growth""#;
    let e = try_run(vec![one(rule)], &[("U1", "D1", dec!(110))]).expect_err("no previous");
    assert!(e.is_rule_failed(), "{e}");
    assert!(e.to_string().contains("previous period"), "{e}");
    let scheme = Scheme::new(
        Period::year(2026).expect("a year"),
        Catalog::new(vec![one(rule)]).expect("valid"),
    );
    let mut last = MemSums::new();
    last.set("U1", "D1", dec!(100));
    let a = Assessment::new(scheme, vec![Unit::new("U1", "U1", "g")], &Targets::new())
        .expect("valid")
        .with_previous(&last)
        .expect("given");
    let mut now = MemSums::new();
    now.set("U1", "D1", dec!(110));
    let e = a.evaluate(&now).expect("evaluates");
    // growth 0.1 of the 0.2 aimed at: half the points
    assert_eq!(
        (e.pairs[0].score, e.pairs[0].value),
        (dec!(2), Some(dec!(0.1)))
    );
    assert_eq!(e.pairs[0].measured.inputs[0].previous, Some(dec!(100)));
    let t = a.trace(&e, &"U1".into(), &"I1".into()).expect("a trace");
    assert!(t.inputs.iter().any(|s| s.name == "previous x"));
}

#[test]
fn a_condition_as_score_is_pass_or_fail() {
    let rule = r#""inputs": {"x": {"count": "D1"}}, "score": "x >= 1""#;
    let (_, e) = run(
        vec![one(rule)],
        &[("U1", "D1", dec!(7)), ("U2", "D9", dec!(1))],
    );
    assert_eq!(
        (e.pairs[0].score, e.pairs[0].branch),
        (dec!(4), Branch::Pass)
    );
    assert_eq!(
        (e.pairs[1].score, e.pairs[1].branch),
        (dec!(0), Branch::Fail)
    );
}

#[test]
fn a_table_names_the_row_that_hit() {
    let i: Indicator = serde_json::from_str(
        r#"{"id": "I1", "name": "核查率", "points": "4", "groups": ["g"],
            "rule": {"kind": "table", "direction": "higher_is_better",
                     "inputs": {"x": {"sum": "D1"}},
                     "table": {"inputs": ["x"], "hit_policy": "first",
                               "rows": [{"when": ["< 5"], "score": "0", "label": "不足"},
                                        {"when": ["< 10"], "score": "2", "label": "接近"}],
                               "default": "points"},
                     "explain": {"zh": "{name} {x}：得 {score} 分", "en": "{name} {x}: {score}"}}}"#,
    )
    .expect("an indicator");
    let (a, e) = run(vec![i], &[("U1", "D1", dec!(7)), ("U2", "D1", dec!(12))]);
    let t = a.trace(&e, &"U1".into(), &"I1".into()).expect("a trace");
    assert_eq!(
        (t.score, t.branch, t.label.as_deref()),
        (dec!(2), Branch::Band(1), Some("row 2: 接近"))
    );
    assert_eq!(t.explanation.zh, "核查率 7.00：得 2.00 分");
    let t = a.trace(&e, &"U2".into(), &"I1".into()).expect("a trace");
    assert_eq!(
        (t.score, t.branch, t.label),
        (dec!(4), Branch::NoBand, None)
    );
    match &a.scheme().indicators.indicators()[0].rule {
        Rule::Table(t) => assert_eq!(t.table.rows.len(), 2),
        other => panic!("a table, not {:?}", other.kind()),
    }
}
