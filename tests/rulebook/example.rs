//! `cargo run --example rulebook`: its rule book loads strictly with every kind (a
//! formula, a table, a built-in kind, growth, points by rank, a composite, a host rule)
//! and a veto, and its one unit's lost points are explained by each kind, in both
//! languages, the veto shown in the total, the rank and the lists.

use rust_decimal_macros::dec;
use scorecard::rulebook::RuleBook;

use crate::support::rulebook::{BOOK, EXPLAINED, assess, report};

#[test]
fn the_example_book_vetoes_its_unit_ranks_it_by_the_vetoed_total_and_lists_it() {
    let (a, e) = assess().expect("the example evaluates");
    let u = e.unit(&EXPLAINED.into()).expect("the unit");
    assert_eq!(u.adjusted_total, dec!(0.00));
    assert!(u.before_veto.is_some_and(|b| b > dec!(0)));
    assert_eq!(
        (u.rank, u.lists.as_slice()),
        (dec!(6), &["black".to_owned()][..])
    );
    assert!(!e.list("red").iter().any(|r| r.unit.as_str() == EXPLAINED));
    // the host rule is resolved and scores every unit
    assert!(
        a.scheme()
            .indicators
            .get(&"I07".into())
            .is_some_and(|i| i.rule.host().is_some())
    );
    assert_eq!(a.pair_count(), 6 * 7);
}

#[test]
fn the_example_explains_one_units_lost_points_from_every_kind_in_both_languages() {
    let (a, e) = assess().expect("the example evaluates");
    let text = report(&a, &e, &EXPLAINED.into()).expect("a report");
    for kind in [
        "formula 公式",
        "table 决策表",
        "built-in 内置",
        "growth 同比",
        "rank points 名次计分",
        "composite 复合",
        "host 宿主规则",
        "veto",
    ] {
        // one line in Chinese, one in English
        assert_eq!(
            text.matches(&format!("[{kind}]")).count(),
            2,
            "{kind} in\n{text}"
        );
    }
    assert!(text.contains("（row 3: 差）"), "{text}");
    assert!(text.contains("组内第 5 名"), "{text}");
    assert!(
        text.contains("the mean of the filing score 0.00 and the enforcement score 2.00"),
        "{text}"
    );
    assert!(
        text.contains("一票否决 V01 发生两件以上执法过错（依据：绩效考评办法 第十二条）"),
        "{text}"
    );
    assert!(text.contains("红榜 · red list: U01, U04"), "{text}");
    // deterministic: the same text from a second run
    let (a2, e2) = assess().expect("evaluates again");
    assert_eq!(report(&a2, &e2, &EXPLAINED.into()).expect("a report"), text);
}

#[test]
fn the_example_book_names_every_declaration_it_uses_and_the_veto_is_checked() {
    let book = RuleBook::from_toml_str(BOOK, "rulebook.toml").expect("loads");
    // D06 is read by the host rule, known once it is resolved
    let unused: Vec<String> = book.findings().iter().map(|f| format!("{f:?}")).collect();
    assert_eq!(
        unused,
        [r#"UnusedDatapoint { datapoint: DatapointId("D06") }"#]
    );
    let typo = BOOK.replace(
        r#"errors = { value_of = "I03" }"#,
        r#"errors = { value_of = "I3" }"#,
    );
    let e = RuleBook::from_toml_str(&typo, "rulebook.toml").unwrap_err();
    assert!(
        e.is_veto()
            && e.to_string()
                .contains("indicator I3 is not in the scheme (did you mean I03?)"),
        "{e}"
    );
}

/// Guards against an incremental what-if that forgets a veto (一票否决) or the composite
/// indicators reading a changed indicator: every indicator of the example book (but the
/// composite) with its points halved, re-scored through `rescore_indicator`, equals a full evaluation of
/// the changed assessment.
#[test]
fn rescoring_any_indicator_of_a_book_with_a_veto_and_composites_equals_a_full_evaluation() {
    let (a, targets, sums) = crate::support::rulebook::inputs().expect("the example's inputs");
    let sums = sums.all();
    let e = a.evaluate(&sums).expect("evaluates");
    let mut rescored = 0;
    for i in a.scheme().indicators.indicators() {
        let mut new = i.clone();
        let composite = match &i.rule {
            scorecard::Rule::Formula(f) => f.inputs.iter().any(|(_, m)| m.component().is_some()),
            scorecard::Rule::Table(t) => t.inputs.iter().any(|(_, m)| m.component().is_some()),
            _ => false,
        };
        // a composite sums its components' scores: its points stay, its inputs move
        if !composite {
            new.points = i.points / dec!(2);
        }
        match a.rescore_indicator(&e, &sums, &targets, &new) {
            Ok((b, after)) => {
                assert_eq!(after, b.evaluate(&sums).expect("evaluates"), "{}", i.id);
                rescored += 1;
            }
            Err(err) => panic!("{}: {err}", i.id),
        }
    }
    assert_eq!(rescored, a.scheme().indicators.indicators().len());
}
