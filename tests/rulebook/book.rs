//! A whole rule book (`RuleBook`) through the loader: the crate's own types refuse the
//! misspellings that once changed scores, references must be declared, decimals are
//! exact, and unused declarations are findings, not errors.

use rust_decimal_macros::dec;
use scorecard::catalog::DeclarationFinding;
use scorecard::rulebook::RuleBook;
use scorecard::{Indicator, RoundStep};

/// A rule book in TOML; line 31 is the completion rule's last (`RULE_LINE`, where tests
/// put a misspelt key), line 38 the deduction's rule.
const BOOK: &str = r#"name = "2026 年度绩效考评"
period = { start = 2026-01-01, end = 2026-12-31 }

[[groups]]
id = "hall"
name = "办税服务厅"
name_en = "tax service halls"

[[datapoints]]
id = "D001"
name = "税收收入"
source = "金税三期"
unit_of_measure = "万元"

[[datapoints]]
id = "D130"
name = "有效投诉"
source = "12366 纳税服务平台"
unit_of_measure = "件"
count = true

[[indicators]]
id = "I001"
name = "税收收入完成率"
points = 10
groups = ["hall"]

[indicators.rule]
kind = "completion"
measure = { sum = "D001" }
RULE_LINE

[[indicators]]
id = "I013"
name = "有效投诉"
points = 5
groups = ["hall"]
rule = { kind = "deduction", measure = { sum = "D130" }, per_event = 0.5 }
"#;

fn book(rule_line: &str) -> String {
    BOOK.replace("RULE_LINE", rule_line)
}

/// The same rule book in JSON (the completion rule's entries on line 13).
fn json_book(rule_entry: &str) -> String {
    format!(
        r#"{{"name": "2026 年度绩效考评",
 "period": {{"start": "2026-01-01", "end": "2026-12-31"}},
 "groups": [{{"id": "hall", "name": "办税服务厅", "name_en": "tax service halls"}}],
 "datapoints": [
  {{"id": "D001", "name": "税收收入", "source": "金税三期", "unit_of_measure": "万元"}},
  {{"id": "D130", "name": "有效投诉", "source": "12366 纳税服务平台", "unit_of_measure": "件",
   "count": true}}
 ],
 "indicators": [
  {{"id": "I001", "name": "税收收入完成率", "points": 10, "groups": ["hall"],
   "rule": {{"kind": "completion",
    "measure": {{"sum": "D001"}},
    {rule_entry}}}}},
  {{"id": "I013", "name": "有效投诉", "points": 5, "groups": ["hall"],
   "rule": {{"kind": "deduction", "measure": {{"sum": "D130"}}, "per_event": 0.5}}}}
 ]
}}"#
    )
}

#[test]
fn a_rule_book_loads_from_toml_and_json_alike() {
    let toml = RuleBook::from_toml_str(&book("cap = 1.2"), "book.toml").unwrap();
    let json = RuleBook::from_json_str(&json_book(r#""cap": 1.2"#), "book.json").unwrap();
    assert_eq!(toml, json);
    assert!(toml.findings().is_empty());
    let scheme = toml.into_scheme();
    assert_eq!(scheme.indicators.len(), 2);
    assert!(scheme.is_count(&"D130".into()) && !scheme.is_count(&"D001".into()));
    assert_eq!(
        scheme.group(&"hall".into()).map(|g| g.name_en.as_str()),
        Some("tax service halls")
    );
    assert_eq!(scheme.total_rounding, RoundStep::half_up(2));
}

#[test]
fn each_misspelling_that_once_changed_scores_is_refused_in_a_real_rule_book() {
    for (typo, meant, column) in [
        ("capp = 1.1", "cap", 1),
        ("flor = 0.6", "floor", 1),
        ("directon = \"higher_is_better\"", "direction", 1),
    ] {
        let e = RuleBook::from_toml_str(&book(typo), "book.toml").unwrap_err();
        assert!(e.is_unknown_key(), "{typo}: {e}");
        assert_eq!(e.suggestion(), Some(meant), "{typo}");
        assert_eq!(e.key(), typo.split(' ').next(), "{typo}");
        assert_eq!((e.line(), e.column()), (Some(31), Some(column)), "{typo}");
        assert_eq!(e.indicator().map(|i| i.as_str()), Some("I001"), "{typo}");
        assert_eq!(e.file(), Some("book.toml"));
    }
    // `rounding` belongs to the indicator
    let text = book("").replace("points = 10\n", "points = 10\nroundng = { places = 2 }\n");
    let e = RuleBook::from_toml_str(&text, "book.toml").unwrap_err();
    assert_eq!(e.suggestion(), Some("rounding"));
    assert_eq!((e.line(), e.column()), (Some(26), Some(1)));
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I001"));
    let e = RuleBook::from_toml_str(&book("capp = 1.1"), "book.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "book.toml:31:1: indicator I001: unknown key `capp` in rule (did you mean `cap`?)"
    );
}

#[test]
fn a_misspelt_on_zero_denominator_is_refused_with_its_place() {
    let text = book("").replace(
        "rule = { kind = \"deduction\", measure = { sum = \"D130\" }, per_event = 0.5 }",
        "rule = { kind = \"ratio_threshold\", measure = { ratio = { numerator = \"D130\", denominator = \"D001\" } }, direction = \"lower_is_better\", good = 0.03, bad = 0.05, on_zero_denominatr = \"zero\" }",
    );
    let e = RuleBook::from_toml_str(&text, "book.toml").unwrap_err();
    assert!(e.is_unknown_key(), "{e}");
    assert_eq!(e.suggestion(), Some("on_zero_denominator"));
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I013"));
    assert_eq!(e.line(), Some(38));
    assert_eq!(e.path(), Some("indicators[1].rule.on_zero_denominatr"));
}

#[test]
fn a_misspelt_key_in_json_names_line_column_and_the_key_meant() {
    let e = RuleBook::from_json_str(&json_book(r#""capp": 1.1"#), "book.json").unwrap_err();
    assert_eq!(
        e.to_string(),
        "book.json:13:5: indicator I001: unknown key `capp` in rule (did you mean `cap`?)"
    );
}

#[test]
fn a_misspelt_key_of_the_book_itself_is_refused() {
    let text = book("").replace(
        "[[datapoints]]\nid = \"D001\"",
        "[[datapoint]]\nid = \"D001\"",
    );
    let e = RuleBook::from_toml_str(&text, "book.toml").unwrap_err();
    assert!(e.is_unknown_key());
    assert_eq!(e.suggestion(), Some("datapoints"));
}

#[test]
fn a_rule_reading_an_undeclared_data_point_is_an_error_suggesting_the_declared_one() {
    let text = book("").replace("sum = \"D130\"", "sum = \"D13O\"");
    let e = RuleBook::from_toml_str(&text, "book.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "book.toml:38:48: indicator I013: data point D13O is not declared (did you mean D130?)"
    );
    assert!(e.is_undeclared() && e.is_load());
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I013"));
    assert_eq!(e.key(), Some("sum"));
    assert_eq!(e.path(), Some("indicators[1].rule.measure.sum"));
    // the same in JSON
    let json = json_book(r#""cap": 1"#).replace(r#"{"sum": "D130"}"#, r#"{"sum": "D13O"}"#);
    let e = RuleBook::from_json_str(&json, "book.json").unwrap_err();
    assert!(e.is_undeclared());
    assert_eq!((e.line(), e.column()), (Some(15), Some(53)));
}

#[test]
fn an_indicator_naming_an_undeclared_group_is_an_error() {
    let text = book("").replace(
        "points = 5\ngroups = [\"hall\"]",
        "points = 5\ngroups = [\"hall\", \"halls\"]",
    );
    let e = RuleBook::from_toml_str(&text, "book.toml").unwrap_err();
    assert!(e.is_undeclared(), "{e}");
    assert_eq!(
        e.to_string(),
        "book.toml:37:19: indicator I013: group halls is not declared (did you mean hall?)"
    );
    assert_eq!(e.path(), Some("indicators[1].groups[1]"));
}

#[test]
fn a_repeated_id_in_any_list_is_an_error() {
    let twice = book("").replace(
        "[[datapoints]]\nid = \"D130\"",
        "[[datapoints]]\nid = \"D001\"\nname = \"again\"\nsource = \"x\"\nunit_of_measure = \"件\"\n\n[[datapoints]]\nid = \"D130\"",
    );
    let e = RuleBook::from_toml_str(&twice, "book.toml").unwrap_err();
    assert!(e.is_duplicate(), "{e}");
    assert_eq!(
        e.to_string(),
        "book.toml:16:6: data point D001 is declared twice"
    );
    let groups = book("").replace(
        "[[datapoints]]\nid = \"D001\"",
        "[[groups]]\nid = \"hall\"\nname = \"又一个\"\nname_en = \"again\"\n\n[[datapoints]]\nid = \"D001\"",
    );
    let e = RuleBook::from_toml_str(&groups, "book.toml").unwrap_err();
    assert!(e.is_duplicate());
    assert!(
        e.to_string().ends_with("group hall is declared twice"),
        "{e}"
    );
    let indicators = book("").replace("id = \"I013\"", "id = \"I001\"");
    let e = RuleBook::from_toml_str(&indicators, "book.toml").unwrap_err();
    assert!(e.is_duplicate());
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I001"));
    let lists = format!(
        "{}\n[[lists]]\nname = \"red\"\nend = \"top\"\nshare = 0.4\n\n[[lists]]\nname = \"red\"\nend = \"bottom\"\nshare = 0.1\n",
        book("")
    );
    let e = RuleBook::from_toml_str(&lists, "book.toml").unwrap_err();
    assert!(e.is_duplicate());
    assert!(e.to_string().ends_with("list red is declared twice"), "{e}");
}

#[test]
fn an_unused_declaration_is_a_finding_not_an_error() {
    let text = book("").replace(
        "[[indicators]]\nid = \"I001\"",
        "[[datapoints]]\nid = \"D999\"\nname = \"未用\"\nsource = \"x\"\nunit_of_measure = \"件\"\n\n[[groups]]\nid = \"key\"\nname = \"重点税源\"\nname_en = \"key taxpayers\"\n\n[[indicators]]\nid = \"I001\"",
    );
    let book = RuleBook::from_toml_str(&text, "book.toml").unwrap();
    assert_eq!(
        book.findings(),
        [
            DeclarationFinding::UnusedDatapoint {
                datapoint: "D999".into()
            },
            DeclarationFinding::UnusedGroup {
                group: "key".into()
            }
        ]
    );
    assert_eq!(book.scheme().declaration_findings(), book.findings());
}

#[test]
fn a_count_data_point_read_by_a_ratio_denominator_is_fine() {
    let text = book("").replace(
        "rule = { kind = \"deduction\", measure = { sum = \"D130\" }, per_event = 0.5 }",
        "rule = { kind = \"ratio_threshold\", measure = { ratio = { numerator = \"D001\", denominator = \"D130\" } }, direction = \"higher_is_better\", good = 100, bad = 50 }",
    );
    assert!(RuleBook::from_toml_str(&text, "book.toml").is_ok());
}

#[test]
fn a_scheme_built_in_code_checks_declarations_once_it_has_some() {
    let book = RuleBook::from_toml_str(&book(""), "book.toml").unwrap();
    // without declarations: groups shown by id, data points not checked
    let bare = scorecard::Scheme::new(book.period, book.indicators.clone());
    assert!(bare.validate().is_ok());
    let mut declared = book.scheme();
    declared.datapoints.retain(|d| d.id.as_str() != "D130");
    let e = declared.validate().unwrap_err();
    assert!(e.is_undeclared());
    assert_eq!(
        e.to_string(),
        "indicator I013: data point D130 is not declared"
    );
}

#[test]
fn points_123456789_123456789_load_exactly_through_the_loader() {
    let text = book("").replace("points = 10", "points = 123456789.123456789");
    let book = RuleBook::from_toml_str(&text, "book.toml").unwrap();
    let i = book.indicators.get(&"I001".into()).unwrap();
    assert_eq!(i.points.to_string(), "123456789.123456789");
    // an indicator alone, read by the loader
    let one = "id = \"I001\"\nname = \"x\"\npoints = 123456789.123456789\ngroups = [\"hall\"]\nrule = { kind = \"completion\", measure = { sum = \"D001\" } }\n";
    let i: Indicator = scorecard::rulebook::from_toml_str(one, "i.toml").unwrap();
    assert_eq!(i.points, dec!(123456789.123456789));
    // toml used directly hands the number over as binary floating point: refused,
    // saying how to write it
    let e = toml::from_str::<Indicator>(one).unwrap_err();
    assert!(
        e.to_string().contains("write it as a string, \"123456789.123456789\", or load the file with scorecard::rulebook"),
        "{e}"
    );
    // a string is exact whatever the loader
    let i: Indicator =
        toml::from_str(&one.replace("123456789.123456789", "\"123456789.123456789\"")).unwrap();
    assert_eq!(i.points.to_string(), "123456789.123456789");
}

#[test]
fn json_bare_numbers_are_exact_through_the_loader() {
    let json =
        json_book(r#""cap": 1.10"#).replace(r#""points": 10"#, r#""points": 123456789.123456789"#);
    let book = RuleBook::from_json_str(&json, "book.json").unwrap();
    let i = book.indicators.get(&"I001".into()).unwrap();
    assert_eq!(i.points.to_string(), "123456789.123456789");
    let cap = match &i.rule {
        scorecard::Rule::Completion(c) => c.cap,
        other => panic!("{other:?}"),
    };
    assert_eq!((cap.to_string(), cap.scale()), ("1.10".into(), 2));
    // an exponent is refused with the way to write it
    let e = RuleBook::from_json_str(&json.replace("1.10", "1.1e0"), "book.json").unwrap_err();
    assert!(e.to_string().contains("has an exponent"), "{e}");
}

#[test]
fn an_accepted_rule_book_survives_a_json_round_trip() {
    let book = RuleBook::from_toml_str(&book("cap = 1.2\nfloor = 0.6"), "book.toml").unwrap();
    let json = serde_json::to_string_pretty(&book).unwrap();
    let again = RuleBook::from_json_str(&json, "again.json").unwrap();
    assert_eq!(again, book);
}

/// Guards against a composite indicator (复合指标) whose component id is misspelt
/// loading and failing only later, when an assessment is built: the loader refuses it,
/// naming the composite, the unknown id, the nearest id and its place in the file.
#[test]
fn a_composite_reading_an_unknown_indicator_is_refused_at_load() {
    let composite = |of: &str| {
        format!(
            "{}\n[[indicators]]\nid = \"I020\"\nname = \"综合\"\npoints = 15\ngroups = [\"hall\"]\n\
             rule = {{ kind = \"formula\", inputs = {{ a = {{ score_of = \"{of}\" }}, b = {{ score_of = \"I013\" }} }}, score = \"a + b\", direction = \"higher_is_better\" }}\n",
            book("")
        )
    };
    // the right ids load
    RuleBook::from_toml_str(&composite("I001"), "book.toml").expect("a composite of I001 and I013");
    let e = RuleBook::from_toml_str(&composite("I01"), "book.toml").unwrap_err();
    assert!(e.is_undeclared() && e.is_load(), "{e}");
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I020"));
    assert_eq!(e.path(), Some("indicators[2].rule.inputs.a.score_of"));
    assert!(
        e.to_string()
            .ends_with("indicator I020: indicator I01 is not declared (did you mean I001?)"),
        "{e}"
    );
}
