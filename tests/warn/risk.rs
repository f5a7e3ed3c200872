//! Risk alerts, the Monitor's dedup and cleared events, and the list push.

use std::collections::BTreeMap;

use rust_decimal_macros::dec;
use scorecard::warn::{
    Alert, CollectingSink, Event, Monitor, Nobody, RiskLevel, RiskModel, RiskRule,
};
use scorecard::{IndicatorId, Period, UnitId};

use super::{day, error_rate_assessment};
use crate::support::{MemSums, d};

fn model() -> RiskModel {
    RiskModel::new(vec![RiskRule::new("I051", dec!(0.03), dec!(0.05))]).expect("a model")
}

/// Sums with error counts per 1000 filings for U01..U03.
fn sums(errors: [&str; 3]) -> MemSums {
    let mut s = MemSums::new();
    for (u, e) in ["U01", "U02", "U03"].iter().zip(errors) {
        s.set(u, "D051", d(e));
        s.set(u, "D052", dec!(1000));
    }
    s
}

fn check(errors: [&str; 3]) -> Vec<Alert> {
    model()
        .check(&error_rate_assessment(), &sums(errors), day(9, 30), &Nobody)
        .expect("alerts")
}

/// A value exactly at the limit was raised as a warning while the indicator's own rule
/// gave it 0 points "at or above the limit": it is a limit breach (达到上限).
#[test]
fn a_value_exactly_at_the_limit_is_a_breach_not_a_warning() {
    // 2.9 %: nothing; 3 %: warning; 4.9 %: warning; 5 %: the limit
    let alerts = check(["29", "30", "49"]);
    let got: Vec<(&str, RiskLevel)> = alerts
        .iter()
        .map(|a| (a.unit.as_str(), a.line.level))
        .collect();
    assert_eq!(
        got,
        [("U02", RiskLevel::Warning), ("U03", RiskLevel::Warning)]
    );
    let at = check(["50", "0", "0"]);
    assert_eq!(at.len(), 1);
    assert_eq!(at[0].line.level, RiskLevel::Limit);
    assert_eq!(at[0].key, "risk/U01/I051/limit");
    // the rule scores it 0, as the breach says
    assert_eq!((at[0].score, at[0].at_risk), (dec!(0), dec!(3)));
    assert_eq!(
        at[0].message_zh(),
        "U01 申报差错率 5.00% 达到上限 5%，按当前数据得 0.00 分（扣 3.00 分）"
    );
    // 5.1 %: limit
    let alerts = check(["51", "0", "0"]);
    assert_eq!(alerts.len(), 1);
    let a = &alerts[0];
    assert_eq!(a.line.level, RiskLevel::Limit);
    assert_eq!(a.line.value, dec!(0.05));
    assert_eq!(a.value, dec!(0.051));
    assert_eq!((a.score, a.at_risk), (dec!(0), dec!(3)));
    assert_eq!(a.key, "risk/U01/I051/limit");
}

#[test]
fn points_at_risk_come_from_the_real_rule() {
    let alerts = check(["42", "0", "0"]);
    let a = &alerts[0];
    assert_eq!(a.name, "申报差错率");
    assert_eq!(a.value, dec!(0.042));
    assert_eq!(a.line.value, dec!(0.03));
    // 3 × (0.05 − 0.042) / 0.02 = 1.2, as the ratio-threshold rule scores it
    assert_eq!(
        (a.points, a.score, a.at_risk),
        (dec!(3), dec!(1.2), dec!(1.8))
    );
    assert_eq!(
        a.message_zh(),
        "U01 申报差错率 4.20% 达到预警线 3%，按当前数据得 1.20 分（扣 1.80 分）"
    );
}

/// Risk messages existed in Chinese only, with raw decimals (`0.042 达到预警线 0.03`):
/// both languages write the value and the line in the indicator's display.
#[test]
fn risk_messages_are_in_chinese_and_english_in_the_declared_display() {
    let alerts = check(["42", "0", "0"]);
    let a = &alerts[0];
    assert_eq!(
        a.message_en(),
        "U01 I051 4.20% reached the warning line 3%: 1.20 points if the period ended now (−1.80)"
    );
    let mut one_place = a.clone();
    one_place.display = scorecard::DisplayFormat::percent(1);
    assert_eq!(
        one_place.message_zh(),
        "U01 申报差错率 4.2% 达到预警线 3%，按当前数据得 1.20 分（扣 1.80 分）"
    );
}

#[test]
fn lower_is_worse_rules_mirror_and_their_limit_is_a_breach_too() {
    let rule = RiskRule::new("I010", dec!(0.95), dec!(0.90));
    assert!(!rule.higher_is_worse());
    assert_eq!(rule.crossed(dec!(0.96)), None);
    assert_eq!(
        rule.crossed(dec!(0.95)).map(|l| l.level),
        Some(RiskLevel::Warning)
    );
    assert_eq!(
        rule.crossed(dec!(0.9001)).map(|l| l.level),
        Some(RiskLevel::Warning)
    );
    let at = rule.crossed(dec!(0.90)).expect("the limit");
    assert_eq!(
        (at.level, at.name_zh(), at.name_en()),
        (RiskLevel::Limit, "下限", "floor")
    );
    assert_eq!(
        rule.crossed(dec!(0.89)).map(|l| l.level),
        Some(RiskLevel::Limit)
    );
    let higher = RiskRule::new("I051", dec!(0.03), dec!(0.05))
        .crossed(dec!(0.05))
        .expect("the limit");
    assert_eq!((higher.name_zh(), higher.name_en()), ("上限", "limit"));
}

#[test]
fn bad_models_are_rejected() {
    let twice = RiskModel::new(vec![
        RiskRule::new("I051", dec!(0.03), dec!(0.05)),
        RiskRule::new("I051", dec!(0.02), dec!(0.05)),
    ]);
    assert!(twice.expect_err("two rules").is_invalid_definition());
    let unknown = RiskModel::new(vec![RiskRule::new("I999", dec!(1), dec!(2))]).expect("a model");
    let e = unknown
        .check(
            &error_rate_assessment(),
            &sums(["0", "0", "0"]),
            day(9, 30),
            &Nobody,
        )
        .expect_err("no such indicator");
    assert!(e.is_unknown_indicator(), "{e}");
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I999"));
}

#[test]
fn people_responsible_come_from_the_host() {
    let mut who: BTreeMap<(UnitId, IndicatorId), Vec<String>> = BTreeMap::new();
    who.insert(
        ("U01".into(), "I051".into()),
        vec!["张三".into(), "李四".into()],
    );
    let alerts = model()
        .check(
            &error_rate_assessment(),
            &sums(["42", "42", "0"]),
            day(9, 30),
            &who,
        )
        .expect("alerts");
    assert_eq!(alerts[0].responsible, ["张三", "李四"]);
    assert!(alerts[1].responsible.is_empty());
}

#[test]
fn unchanged_data_repeats_nothing() {
    let (mut monitor, sink) = (Monitor::new(), CollectingSink::new());
    let data = ["42", "0", "60"];
    assert_eq!(monitor.alerts(check(data), day(9, 30), &sink), 2);
    assert_eq!(monitor.alerts(check(data), day(9, 30), &sink), 0);
    assert_eq!(monitor.alerts(check(data), day(10, 1), &sink), 0);
    // a changed value on the same side of the same line is the same alert
    assert_eq!(
        monitor.alerts(check(["45", "0", "60"]), day(10, 2), &sink),
        0
    );
    let events = sink.take();
    let keys: Vec<&str> = events.iter().map(Event::key).collect();
    assert_eq!(keys, ["risk/U01/I051/warning", "risk/U03/I051/limit"]);
    assert_eq!(monitor.active().count(), 2);
}

#[test]
fn an_alert_that_clears_emits_one_cleared_event() {
    let (mut monitor, sink) = (Monitor::new(), CollectingSink::new());
    monitor.alerts(check(["42", "0", "0"]), day(9, 30), &sink);
    sink.take();
    assert_eq!(
        monitor.alerts(check(["20", "0", "0"]), day(10, 15), &sink),
        1
    );
    assert_eq!(
        monitor.alerts(check(["20", "0", "0"]), day(10, 16), &sink),
        0
    );
    let events = sink.take();
    let Event::Cleared(c) = &events[0] else {
        panic!("a cleared event, got {events:?}")
    };
    assert_eq!(c.key, "risk/U01/I051/warning");
    assert_eq!(c.as_of, day(10, 15));
    assert_eq!(c.alert.value, dec!(0.042));
    let m = events[0].message();
    assert_eq!(
        m.zh,
        "U01 申报差错率 的预警已解除（预警线 3%，预警时 4.20%；截至 2026-10-15）"
    );
    assert_eq!(
        m.en,
        "U01 I051: the alert at the warning line 3% is cleared (it was 4.20%; as of 2026-10-15)"
    );
    assert_eq!(monitor.active().count(), 0);
    // raised again when it comes back
    assert_eq!(
        monitor.alerts(check(["42", "0", "0"]), day(10, 20), &sink),
        1
    );
}

#[test]
fn escalation_clears_the_warning_and_raises_the_limit() {
    let (mut monitor, sink) = (Monitor::new(), CollectingSink::new());
    monitor.alerts(check(["42", "0", "0"]), day(9, 30), &sink);
    sink.take();
    assert_eq!(
        monitor.alerts(check(["55", "0", "0"]), day(10, 15), &sink),
        2
    );
    let events = sink.take();
    assert!(matches!(&events[0], Event::Cleared(c) if c.key == "risk/U01/I051/warning"));
    assert!(matches!(&events[1], Event::Raised(a) if a.key == "risk/U01/I051/limit"));
}

#[test]
fn monitor_state_survives_serialisation() {
    let (mut monitor, sink) = (Monitor::new(), CollectingSink::new());
    monitor.alerts(check(["42", "0", "0"]), day(9, 30), &sink);
    let json = serde_json::to_string(&monitor).expect("json");
    let mut back: Monitor = serde_json::from_str(&json).expect("a monitor");
    assert_eq!(back, monitor);
    assert_eq!(back.alerts(check(["42", "0", "0"]), day(10, 1), &sink), 0);
}

#[test]
fn reminders_are_sent_once_per_colour() {
    use scorecard::warn::{CardRule, CardRules, WorkItem, reminders};
    let rules = CardRules::new(CardRule::new(7, 2));
    let items = [WorkItem::new("W1", "U01", "filing", day(10, 10))];
    let (mut monitor, sink) = (Monitor::new(), CollectingSink::new());
    let mut sent = Vec::new();
    for dd in 1..=12 {
        let cards = reminders(&items, &rules, day(10, dd)).expect("cards");
        sent.push(monitor.reminders(cards, &sink));
    }
    // green on the 1st, yellow on the 3rd, red on the 8th
    assert_eq!(sent, [1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    let keys: Vec<String> = sink.take().iter().map(|e| e.key().to_owned()).collect();
    assert_eq!(keys, ["card/W1/green", "card/W1/yellow", "card/W1/red"]);
    let late = reminders(&items, &rules, day(10, 11)).expect("cards");
    let m = Event::Reminder(late[0].clone()).message();
    assert_eq!(
        m.zh,
        "U01 事项 W1（filing）截止 2026-10-10，已逾期 1 天：红牌"
    );
    assert_eq!(
        m.en,
        "U01 item W1 (filing) due 2026-10-10, 1 day overdue: red card"
    );
}

#[test]
fn red_and_black_push_one_event_per_listed_unit() {
    let assessment = error_rate_assessment();
    // U01 best, U03 worst: red 40 % of 3 → 2 (ceil 1.2), black 10 % → 1
    let evaluation = assessment
        .evaluate(&sums(["10", "40", "60"]))
        .expect("an evaluation");
    let (mut monitor, sink) = (Monitor::new(), CollectingSink::new());
    let year = Period::year(2026).expect("a year");
    let n = monitor.lists(&evaluation, year, &sink);
    let events = sink.take();
    assert_eq!(n, events.len());
    let got: Vec<(String, String)> = events
        .iter()
        .map(|e| match e {
            Event::Listed(l) => (l.unit.to_string(), l.list.clone()),
            other => panic!("a listed event, got {other:?}"),
        })
        .collect();
    let expected: Vec<(String, String)> = evaluation
        .units
        .iter()
        .flat_map(|u| u.lists.iter().map(|l| (u.unit.to_string(), l.clone())))
        .collect();
    assert_eq!(got, expected);
    assert!(got.contains(&("U01".into(), "red".into())));
    assert!(got.contains(&("U03".into(), "black".into())));
    let red = events
        .iter()
        .find(|e| e.key().ends_with("/red/U01"))
        .expect("U01 on the red list");
    let u01 = evaluation.unit(&"U01".into()).expect("U01");
    let total = scorecard::fixed(u01.adjusted_total, 2, scorecard::Rounding::HalfUp);
    assert_eq!(
        red.message().zh,
        format!(
            "U01 列入红榜：同组第 1 名（共 3），调整后总分 {total}（2026-01-01 至 2026-12-31）"
        )
    );
    assert!(
        red.message()
            .en
            .starts_with("U01 is on the red list: rank 1 of 3")
    );
    assert_eq!(monitor.lists(&evaluation, year, &sink), 0);
}

/// A monitor a service saved before alerts carried their English name, display and
/// direction still loads, and reads its lines as higher-is-worse.
#[test]
fn a_monitor_saved_before_displays_still_loads() {
    let (mut monitor, sink) = (Monitor::new(), CollectingSink::new());
    monitor.alerts(check(["42", "0", "0"]), day(9, 30), &sink);
    let mut json = serde_json::to_value(&monitor).expect("json");
    let alert = json["raised"]["risk/U01/I051/warning"]
        .as_object_mut()
        .expect("the alert");
    assert!(alert.remove("name_en").is_some() && alert.remove("display").is_some());
    let line = alert["line"].as_object_mut().expect("the line");
    assert!(line.remove("direction").is_some());
    let back: Monitor = serde_json::from_value(json).expect("an older monitor");
    let a = back.active().next().expect("one alert");
    assert_eq!(a.line.direction, scorecard::Direction::LowerIsBetter);
    assert_eq!(
        a.message_en(),
        "U01 I051 0.042 reached the warning line 0.03: 1.20 points if the period ended now (−1.80)"
    );
}
