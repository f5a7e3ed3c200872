//! Deadline cards, progress projections and late facts.

use rust_decimal_macros::dec;
use scorecard::Period;
use scorecard::warn::{
    Card, CardRule, CardRules, Lateness, ProgressRule, WorkItem, late_facts, reminders,
};

use super::day;
use crate::support::MemSums;

#[test]
fn each_card_boundary() {
    // yellow 7 days before, red 2 days before, deadline 10-10
    let rule = CardRule::new(7, 2);
    let deadline = day(10, 10);
    let cases = [
        (day(9, 30), 10, Card::Green),
        (day(10, 2), 8, Card::Green),
        (day(10, 3), 7, Card::Yellow),
        (day(10, 7), 3, Card::Yellow),
        (day(10, 8), 2, Card::Red),
        (day(10, 10), 0, Card::Red),
        (day(10, 11), -1, Card::Red),
        (day(12, 31), -82, Card::Red),
    ];
    for (as_of, left, card) in cases {
        assert_eq!((deadline - as_of).num_days(), left);
        assert_eq!(rule.card(deadline, as_of), card, "{left} days left");
    }
}

#[test]
fn equal_lines_skip_yellow_and_zero_days_is_red_only_on_the_day() {
    let rule = CardRule::new(0, 0);
    assert_eq!(rule.card(day(10, 10), day(10, 9)), Card::Green);
    assert_eq!(rule.card(day(10, 10), day(10, 10)), Card::Red);
    let rule = CardRule::new(3, 3);
    assert_eq!(rule.card(day(10, 10), day(10, 6)), Card::Green);
    assert_eq!(rule.card(day(10, 10), day(10, 7)), Card::Red);
}

#[test]
fn red_before_yellow_is_rejected() {
    let e = CardRule::new(2, 7)
        .validate()
        .expect_err("red before yellow");
    assert!(e.is_invalid_option());
    assert_eq!((e.field(), e.value()), (Some("red_days"), Some("7")));
    let items = [WorkItem::new("W1", "U01", "filing", day(10, 1))];
    let rules = CardRules::new(CardRule::new(7, 2)).kind("filing", CardRule::new(1, 5));
    assert!(reminders(&items, &rules, day(9, 1)).is_err());
}

#[test]
fn rules_by_indicator_then_kind_then_default() {
    let rules = CardRules::new(CardRule::new(7, 2))
        .kind("filing", CardRule::new(10, 3))
        .indicator("I051", CardRule::new(5, 1));
    let plain = WorkItem::new("W1", "U01", "visit", day(10, 10));
    let filing = WorkItem::new("W2", "U01", "filing", day(10, 10));
    let both = WorkItem::new("W3", "U01", "filing", day(10, 10)).indicator("I051");
    assert_eq!(rules.rule_for(&plain), CardRule::new(7, 2));
    assert_eq!(rules.rule_for(&filing), CardRule::new(10, 3));
    assert_eq!(rules.rule_for(&both), CardRule::new(5, 1));
    // 8 days left: green by default, yellow for filing, green for I051
    let cards = reminders(&[plain, filing, both], &rules, day(10, 2)).expect("cards");
    let got: Vec<Card> = cards.iter().map(|r| r.card).collect();
    assert_eq!(got, [Card::Green, Card::Yellow, Card::Green]);
    assert_eq!(cards[1].key, "card/W2/yellow");
    assert_eq!(cards[1].days_left, 8);
}

#[test]
fn done_items_get_no_card_but_a_completion_after_as_of_is_not_yet_known() {
    let items = [
        WorkItem::new("W1", "U01", "filing", day(10, 10)).done(day(9, 29)),
        WorkItem::new("W2", "U01", "filing", day(10, 10)).done(day(10, 5)),
    ];
    let rules = CardRules::new(CardRule::new(7, 2));
    let cards = reminders(&items, &rules, day(9, 30)).expect("cards");
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].item, "W2");
}

#[test]
fn missed_and_overdue_items_become_facts() {
    let items = [
        // missed: open past its deadline
        WorkItem::new("W1", "U01", "filing", day(9, 15)).counts_in("D020"),
        // overdue: done late
        WorkItem::new("W2", "U02", "filing", day(9, 15))
            .done(day(9, 20))
            .counts_in("D020"),
        // on time
        WorkItem::new("W3", "U01", "filing", day(9, 15))
            .done(day(9, 15))
            .counts_in("D020"),
        // late but no indicator counts it
        WorkItem::new("W4", "U01", "visit", day(9, 1)),
        // due on the as-of day itself: not late yet
        WorkItem::new("W5", "U01", "filing", day(9, 30)).counts_in("D020"),
    ];
    let facts = late_facts(&items, day(9, 30)).expect("facts");
    assert_eq!(facts.len(), 2);
    assert_eq!(facts[0].item, "W1");
    assert_eq!(facts[0].lateness, Lateness::Missed);
    assert_eq!((facts[0].date, facts[0].value), (day(9, 16), dec!(1)));
    assert_eq!(facts[1].unit.as_str(), "U02");
    assert_eq!(facts[1].lateness, Lateness::Overdue { done: day(9, 20) });
    // a missed item later done late keeps its one fact, same date and value
    let later = [items[0].clone().done(day(10, 3))];
    let again = late_facts(&later, day(10, 31)).expect("facts");
    assert_eq!(again[0].lateness, Lateness::Overdue { done: day(10, 3) });
    assert_eq!(
        (again[0].date, again[0].value),
        (facts[0].date, facts[0].value)
    );
}

#[test]
fn forty_percent_with_eighty_percent_gone_is_red() {
    let rule = ProgressRule::new("I001", "D001", dec!(0.9), dec!(0.6));
    assert_eq!(rule.card(dec!(0.4), dec!(0.8)).expect("card"), Card::Red);
    // boundaries: pace exactly at a threshold is the better colour
    assert_eq!(
        rule.card(dec!(0.48), dec!(0.8)).expect("card"),
        Card::Yellow
    ); // 0.6
    assert_eq!(rule.card(dec!(0.4799), dec!(0.8)).expect("card"), Card::Red);
    assert_eq!(rule.card(dec!(0.72), dec!(0.8)).expect("card"), Card::Green); // 0.9
    assert_eq!(
        rule.card(dec!(0.7199), dec!(0.8)).expect("card"),
        Card::Yellow
    );
    assert_eq!(rule.card(dec!(0), dec!(0)).expect("card"), Card::Green);
}

#[test]
fn projection_reads_the_sums_and_the_calendar() {
    let rule = ProgressRule::new("I001", "D001", dec!(0.9), dec!(0.6));
    let mut sums = MemSums::new();
    sums.set("U01", "D001", dec!(300));
    let year = Period::year(2026).expect("a year");
    // 2026-09-30: 273 of 365 days; 300 / 800 = 0.375; pace ≈ 0.501
    let p = rule
        .project(&sums, &"U01".into(), dec!(800), year, day(9, 30))
        .expect("a projection");
    assert_eq!(p.completion, dec!(0.375));
    assert_eq!(p.card, Card::Red);
    assert!(p.pace.expect("a pace") > dec!(0.5));
    let e = rule
        .project(&sums, &"U01".into(), dec!(0), year, day(9, 30))
        .expect_err("no target");
    assert!(e.is_invalid_target());
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I001"));
}
