//! Vetoes (一票否决): a veto that holds zeroes or caps the total, keeps the unit off or
//! puts it on lists, shows in the unit's result, ranks, live path and report; a veto
//! naming what the scheme does not have is refused at load, naming it.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::facts::{Aggregates, Granularity};
use scorecard::rulebook::RuleBook;
use scorecard::scoring::LiveEvaluation;
use scorecard::{Assessment, Evaluation, Fact, Targets, Unit};

/// Three indicators of 100 points in the hall (入库, 执法过错 as a deduction, 差错率 as a
/// ratio) and a veto `VETO` appended; the lists red 40 %, black 20 %.
fn book(veto: &str) -> String {
    format!(
        r#"
period = {{ start = 2026-01-01, end = 2026-12-31 }}
groups = [{{ id = "hall", name = "办税服务厅", name_en = "tax service halls" }}, {{ id = "key", name = "重点税源", name_en = "key taxpayers" }}]
datapoints = [
  {{ id = "D1", name = "入库税款", source = "金税", unit_of_measure = "元" }},
  {{ id = "D2", name = "执法过错", source = "督察", unit_of_measure = "件", count = true }},
  {{ id = "D3", name = "差错", source = "金税", unit_of_measure = "件" }},
  {{ id = "D4", name = "申报", source = "金税", unit_of_measure = "件" }},
]
lists = [{{ name = "red", end = "top", share = 0.4 }}, {{ name = "black", end = "bottom", share = 0.2 }}]

[[indicators]]
id = "I1"
name = "入库税款"
points = 80
groups = ["hall", "key"]
rule = {{ kind = "formula", inputs = {{ x = {{ sum = "D1" }} }}, score = "min(x, points)", direction = "higher_is_better" }}

[[indicators]]
id = "I2"
name = "执法过错"
points = 10
groups = ["hall"]
rule = {{ kind = "deduction", measure = {{ sum = "D2" }}, per_event = 1 }}

[[indicators]]
id = "I3"
name = "差错率"
points = 10
groups = ["hall"]
rule = {{ kind = "ratio_threshold", measure = {{ ratio = {{ numerator = "D3", denominator = "D4" }} }}, good = 0.03, bad = 0.05, direction = "lower_is_better" }}

{veto}
"#
    )
}

const ZERO: &str = r#"
[[vetoes]]
id = "V1"
name = "发生重大执法过错"
name_en = "a grave enforcement error"
basis = { document = "绩效考评办法", clause = "第十二条" }
groups = ["hall"]
inputs = { errors = { value_of = "I2" } }
when = "errors >= 2"
total = { kind = "zero" }
not_on = ["red"]
"#;

fn units() -> Vec<Unit> {
    (1..=5)
        .map(|k| Unit::new(format!("U{k}"), format!("{k} 分局"), "hall"))
        .collect()
}

/// U1 the best (70 + 10 − errors + 10) however few its enforcement errors; U2 … U5 at
/// 85, 80, 75, 70 without any.
fn evaluate(a: &Assessment, errors: i64) -> Evaluation {
    let day = NaiveDate::from_ymd_opt(2026, 5, 1).expect("a date");
    let mut agg = Aggregates::new(Granularity::Whole);
    for k in 1..=5i64 {
        let u = format!("U{k}");
        for (d, v) in [("D1", 75 - 5 * k), ("D3", 1), ("D4", 100)] {
            agg.add(&Fact::new(
                u.as_str().into(),
                d.into(),
                day,
                Decimal::from(v),
            ))
            .expect("adds");
        }
    }
    if errors > 0 {
        agg.add(&Fact::new(
            "U1".into(),
            "D2".into(),
            day,
            Decimal::from(errors),
        ))
        .expect("adds");
    }
    a.evaluate(&agg.all()).expect("evaluates")
}

fn assessment(veto: &str) -> scorecard::Result<Assessment> {
    let book = RuleBook::from_toml_str(&book(veto), "book.toml")?;
    Assessment::new(book.into_scheme(), units(), &Targets::new())
}

#[test]
fn a_veto_that_holds_zeroes_the_total_ranks_the_unit_by_it_and_keeps_it_off_the_red_list() {
    let a = assessment(ZERO).expect("valid");
    let e = evaluate(&a, 2);
    let u1 = e.unit(&"U1".into()).expect("U1");
    // not silently ignored: the best raw total counts as 0, ranked last, on black
    assert_eq!(u1.raw_total, dec!(88));
    assert_eq!(u1.before_veto, Some(dec!(88.00)));
    assert_eq!(u1.adjusted_total, dec!(0.00));
    assert_eq!((u1.rank, u1.from_bottom), (dec!(5), 1));
    assert_eq!(u1.lists, ["black"]);
    let hit = &u1.vetoes[0];
    assert_eq!(
        (hit.veto.as_str(), hit.basis.to_string().as_str()),
        ("V1", "绩效考评办法 第十二条")
    );
    assert_eq!(hit.read[0].value, Some(dec!(2)));
    assert!(hit.explanation().en.contains("veto V1 (a grave enforcement error; basis: 绩效考评办法 第十二条): errors = 2: total set to 0, never on list red"));
    // the others move up: U2 is first and red
    let u2 = e.unit(&"U2".into()).expect("U2");
    assert_eq!(
        (u2.rank, u2.lists.as_slice()),
        (dec!(1), &["red".to_owned()][..])
    );
    assert!(u2.vetoes.is_empty() && u2.before_veto.is_none());
}

#[test]
fn a_veto_that_does_not_hold_changes_nothing() {
    let with = evaluate(&assessment(ZERO).expect("valid"), 1);
    let without = evaluate(&assessment("").expect("valid"), 1);
    assert_eq!(with, without);
    assert_eq!(with.unit(&"U1".into()).expect("U1").lists, ["red"]);
}

#[test]
fn a_cap_holds_the_total_at_the_declared_value_as_totals_are_rounded_and_lists_are_put_on() {
    let cap = ZERO
        .replace(
            r#"total = { kind = "zero" }"#,
            r#"total = { kind = "cap", at = 72 }"#,
        )
        .replace(r#"not_on = ["red"]"#, r#"put_on = ["black"]"#);
    let e = evaluate(&assessment(&cap).expect("valid"), 2);
    let u1 = e.unit(&"U1".into()).expect("U1");
    assert_eq!(
        (u1.adjusted_total.to_string().as_str(), u1.rank),
        ("72.00", dec!(4))
    );
    assert_eq!(u1.lists, ["black"]);
    // the black list keeps its bottom unit too: the veto adds, it does not take a place
    assert_eq!(e.unit(&"U5".into()).expect("U5").lists, ["black"]);
}

#[test]
fn a_veto_acting_on_lists_only_keeps_the_total() {
    let lists = ZERO.replace(r#"total = { kind = "zero" }"#, "");
    let e = evaluate(&assessment(&lists).expect("valid"), 2);
    let u1 = e.unit(&"U1".into()).expect("U1");
    assert_eq!((u1.adjusted_total, u1.rank), (dec!(88.00), dec!(1)));
    // first, yet kept off the red list, whose place is not refilled
    assert!(u1.lists.is_empty());
    assert_eq!(e.list("red").len(), 1);
}

#[test]
fn an_unknown_indicator_in_a_veto_is_refused_at_load_naming_the_veto_and_the_indicator() {
    let veto = ZERO.replace(r#"value_of = "I2""#, r#"value_of = "I9""#);
    let e = assessment(&veto).unwrap_err();
    assert!(e.is_load() && e.is_veto(), "{e}");
    assert_eq!(
        (e.veto(), e.indicator().map(|i| i.as_str())),
        (Some("V1"), Some("I9"))
    );
    // placed at the indicator's id in the file
    let text = book(&veto);
    let line = text
        .lines()
        .position(|l| l.contains("\"I9\""))
        .expect("a line")
        + 1;
    let column = text
        .lines()
        .nth(line - 1)
        .and_then(|l| l.find("\"I9\""))
        .expect("a column")
        + 1;
    assert_eq!(
        e.to_string(),
        format!(
            "book.toml:{line}:{column}: veto V1 (indicator I9): indicator I9 is not in the scheme (did you mean I1?)"
        )
    );
}

#[test]
fn vetoes_that_cannot_act_as_written_are_refused_at_load() {
    let cases = [
        (
            r#"not_on = ["red"]"#,
            r#"not_on = ["rde"]"#,
            "list rde is not declared (did you mean red?)",
        ),
        (
            r#"when = "errors >= 2""#,
            r#"when = "errors * 2""#,
            "it gives a number",
        ),
        (
            r#"when = "errors >= 2""#,
            r#"when = "errors >= points""#,
            "it reads `points`",
        ),
        (r#"when = "errors >= 2""#, r#"when = "erors >= 2""#, "erors"),
        (
            r#"inputs = { errors = { value_of = "I2" } }"#,
            r#"inputs = { errors = { sum = "D2" } }"#,
            "reads data points",
        ),
        (
            r#"total = { kind = "zero" }"#,
            r#"put_on = ["red"]"#,
            "both in `not_on` and in `put_on`",
        ),
        (
            r#"groups = ["hall"]"#,
            r#"groups = ["hal"]"#,
            "group hal is not declared (did you mean hall?)",
        ),
    ];
    for (from, to, said) in cases {
        let e = assessment(&ZERO.replace(from, to)).unwrap_err();
        assert!(e.is_veto() && e.to_string().contains(said), "{to}: {e}");
    }
    let nothing = ZERO
        .replace(r#"total = { kind = "zero" }"#, "")
        .replace(r#"not_on = ["red"]"#, "");
    assert!(
        assessment(&nothing)
            .unwrap_err()
            .to_string()
            .contains("the veto does nothing")
    );
    let twice = format!("{ZERO}{}", ZERO.replace("发生", "又发生"));
    assert!(
        assessment(&twice)
            .unwrap_err()
            .to_string()
            .contains("veto V1 is declared twice")
    );
    let lower = format!(
        "ranking = {{ direction = \"lower_is_better\" }}\n{}",
        book(ZERO)
    );
    let e = RuleBook::from_toml_str(&lower, "book.toml").unwrap_err();
    assert!(e.to_string().contains("ranks lower totals first"), "{e}");
}

#[test]
fn a_veto_reading_an_indicator_that_does_not_apply_to_a_unit_is_refused_at_build() {
    let everywhere = ZERO.replace("groups = [\"hall\"]\n", "");
    let mut units = units();
    units.push(Unit::new("K1", "重点一", "key"));
    let book = RuleBook::from_toml_str(&book(&everywhere), "book.toml").expect("loads");
    let e = Assessment::new(book.into_scheme(), units, &Targets::new()).unwrap_err();
    assert!(e.is_veto(), "{e}");
    assert_eq!(
        (
            e.unit().map(|u| u.as_str()),
            e.indicator().map(|i| i.as_str())
        ),
        (Some("K1"), Some("I2"))
    );
}

#[test]
fn a_fact_that_brings_a_veto_about_moves_the_live_evaluation_as_a_full_one() {
    let a = assessment(ZERO).expect("valid");
    let day = NaiveDate::from_ymd_opt(2026, 5, 1).expect("a date");
    let mut agg = Aggregates::new(Granularity::Whole);
    for k in 1..=5i64 {
        for (d, v) in [("D1", 75 - 5 * k), ("D3", 1), ("D4", 100)] {
            agg.add(&Fact::new(
                format!("U{k}").as_str().into(),
                d.into(),
                day,
                Decimal::from(v),
            ))
            .expect("adds");
        }
    }
    let mut live = LiveEvaluation::with_sums(a, &agg.all()).expect("evaluates");
    assert!(
        live.evaluation()
            .unit(&"U1".into())
            .expect("U1")
            .vetoes
            .is_empty()
    );
    for _ in 0..2 {
        live.add(&"U1".into(), &"D2".into(), Decimal::ONE)
            .expect("adds");
        assert_eq!(
            live.evaluation(),
            &live.evaluate_fresh().expect("evaluates")
        );
    }
    let u1 = live.evaluation().unit(&"U1".into()).expect("U1");
    assert_eq!((u1.adjusted_total, u1.vetoes.len()), (dec!(0.00), 1));
}

#[test]
fn a_veto_reading_a_value_the_indicator_does_not_have_is_an_error_naming_veto_and_unit() {
    let ratio = ZERO.replace(r#"value_of = "I2""#, r#"value_of = "I3""#);
    let a = assessment(&ratio).expect("valid");
    let day = NaiveDate::from_ymd_opt(2026, 5, 1).expect("a date");
    let mut agg = Aggregates::new(Granularity::Whole);
    agg.add(&Fact::new("U1".into(), "D1".into(), day, dec!(5)))
        .expect("adds");
    let e = a.evaluate(&agg.all()).unwrap_err();
    assert!(e.is_veto(), "{e}");
    assert_eq!(
        (e.veto(), e.unit().map(|u| u.as_str())),
        (Some("V1"), Some("U1"))
    );
}

#[cfg(feature = "report")]
#[test]
fn the_report_of_a_vetoed_unit_says_so_in_both_languages() {
    use scorecard::analysis::{HealthCheck, Lang, ReportInput, render_markdown};
    let a = assessment(ZERO).expect("valid");
    let day = NaiveDate::from_ymd_opt(2026, 5, 1).expect("a date");
    let mut agg = Aggregates::new(Granularity::Whole);
    for k in 1..=5i64 {
        agg.add(&Fact::new(
            format!("U{k}").as_str().into(),
            "D1".into(),
            day,
            Decimal::from(75 - 5 * k),
        ))
        .expect("adds");
        agg.add(&Fact::new(
            format!("U{k}").as_str().into(),
            "D4".into(),
            day,
            dec!(100),
        ))
        .expect("adds");
    }
    agg.add(&Fact::new("U1".into(), "D2".into(), day, dec!(3)))
        .expect("adds");
    let sums = agg.all();
    let e = a.evaluate(&sums).expect("evaluates");
    let t = Targets::new();
    let input = ReportInput {
        assessment: &a,
        targets: &t,
        sums: &sums,
        evaluation: &e,
        period: "2026",
        history: &[],
        tolerated: None,
        weakest: 3,
    };
    let r = HealthCheck::build(&input, &"U1".into()).expect("a report");
    assert_eq!(r.vetoes.len(), 1);
    let zh = render_markdown(&r, Lang::Zh);
    assert!(
        zh.contains("因一票否决，调整后总分由 87.00 计为 0.00"),
        "{zh}"
    );
    assert!(zh.contains("（依据：绩效考评办法 第十二条）"), "{zh}");
    let en = render_markdown(&r, Lang::En);
    assert!(
        en.contains("Vetoed: the adjusted total 87.00 counts as 0.00"),
        "{en}"
    );
}
