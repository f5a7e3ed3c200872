//! Numbers as people read them: every kind of message — each rule's explanation in
//! every branch reached, risk alerts raised and cleared, list pushes, reminders,
//! tolerance decisions, overrides and the health-check report — is swept with values
//! of 28 digits (4 ÷ 130 = 0.0307692307692307692307692308), and none prints more
//! places than declared (messages printed `申报差错率 0.0307692307692307692307692308 …
//! 得 9.6153846153846153846153846 分`).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use scorecard::analysis::{HealthCheck, Lang, ReportInput, render_html, render_markdown};
use scorecard::catalog::Basis;
use scorecard::scoring::Override;
use scorecard::tolerance::{Decision, Incident, Reason, TolerancePolicy, Tolerated, Treatment};
use scorecard::warn::{
    CardRule, CardRules, CollectingSink, Monitor, Nobody, RiskModel, RiskRule, WorkItem, reminders,
};
use scorecard::{Assessment, Catalog, Period, Result, Scheme, Targets, Unit, UnitId};

use crate::support::{MemSums, d};

/// The sweep's rule book: every rule kind, values declared to show one place.
const CATALOG: &str = r#"
[[i]]
id = "I01"
name = "申报差错率"
name_en = "filing error rate"
points = "4"
groups = ["g"]
display = { percent = true, places = 1 }
rule = { kind = "ratio_threshold", measure = { ratio = { numerator = "E", denominator = "N" } }, good = "0.03", bad = "0.05", direction = "lower_is_better" }
[[i]]
id = "I02"
name = "收入完成率"
name_en = "revenue completion"
points = "10"
groups = ["g"]
display = { percent = true, places = 1 }
rule = { kind = "completion", measure = { sum = "A" }, cap = "1.2" }
[[i]]
id = "I03"
name = "人均检查户数"
name_en = "inspections per head"
points = "4"
groups = ["g"]
display = { percent = true, places = 1 }
rule = { kind = "peer_relative", measure = { per_factor = { datapoint = "P", factor = "staff" } } }
[[i]]
id = "I04"
name = "查补收入"
name_en = "recovered revenue"
points = "6"
groups = ["g"]
display = { places = 1 }
rule = { kind = "efficacy_min_max", measure = { per_factor = { datapoint = "P", factor = "staff" } } }
[[i]]
id = "I05"
name = "满意度"
name_en = "satisfaction"
points = "10"
groups = ["g"]
display = { places = 1 }
rule = { kind = "efficacy_tiers", measure = { ratio = { numerator = "E", denominator = "N" } }, standards = ["0.01", "0.02", "0.03", "0.04", "0.05"], direction = "lower_is_better" }
[[i]]
id = "I06"
name = "核查率"
name_en = "check rate"
points = "4"
groups = ["g"]
display = { percent = true, places = 1 }
rule = { kind = "interval", measure = { ratio = { numerator = "E", denominator = "N" } }, direction = "lower_is_better", bands = [ { to = { value = "0.0305", inclusive = false }, score = "4" }, { from = { value = "0.0305", inclusive = true }, score = "1" } ] }
[[i]]
id = "I07"
name = "学习达标"
name_en = "study"
points = "3"
groups = ["g"]
display = { places = 1 }
rule = { kind = "pass_fail", measure = { per_factor = { datapoint = "P", factor = "staff" } }, op = "at_least", threshold = "0.5" }
[[i]]
id = "I08"
name = "有效投诉"
name_en = "complaints"
points = "5"
groups = ["g"]
rule = { kind = "deduction", measure = { sum = "C" }, per_event = "1.5", fractional = true }
[[i]]
id = "I09"
name = "创新表彰"
name_en = "awards"
points = "2"
groups = ["g"]
rule = { kind = "bonus", measure = { sum = "C" }, per_event = "0.7", fractional = true }
"#;

fn assessment() -> Assessment {
    #[derive(serde::Deserialize)]
    struct Book {
        i: Catalog,
    }
    let book: Book = toml::from_str(CATALOG).expect("the sweep's rule book");
    let scheme = Scheme::new(Period::year(2026).expect("a year"), book.i);
    let units = ["U1", "U2", "U3"]
        .iter()
        .zip(["13", "7", "3"])
        .map(|(u, staff)| Unit::new(*u, format!("单位{u}"), "g").factor("staff", d(staff)))
        .collect();
    Assessment::new(scheme, units, &targets()).expect("an assessment")
}

fn targets() -> Targets {
    let mut t = Targets::new();
    for u in ["U1", "U2", "U3"] {
        t.insert(u, "I02", d("13")).expect("one target each");
    }
    t
}

/// 4 ÷ 130, 4 ÷ 13 per head and the like: values with 28 digits everywhere.
fn sums() -> MemSums {
    let mut s = MemSums::new();
    for (u, e, a, p, c) in [
        ("U1", "4", "4", "4", "1"),
        ("U2", "3", "17", "5", "2"),
        ("U3", "7", "11", "1", "4"),
    ] {
        s.set(u, "E", d(e));
        s.set(u, "N", d("130"));
        s.set(u, "A", d(a));
        s.set(u, "P", d(p));
        s.set(u, "C", d(c));
    }
    s
}

/// The figures written in `text`: each maximal run of digits and points, with the
/// number of digits after its point.
fn places_of_figures(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in text.chars().chain(std::iter::once(' ')) {
        if ch.is_ascii_digit() || (ch == '.' && !cur.is_empty()) {
            cur.push(ch);
        } else if !cur.is_empty() {
            let figure = cur.trim_end_matches('.').to_owned();
            let places = figure.split_once('.').map_or(0, |(_, f)| f.len());
            out.push((figure, places));
            cur.clear();
        }
    }
    out
}

/// No figure in `message` has more than `most` places (dates and ids have none).
fn assert_readable(what: &str, message: &str, most: usize) {
    for (figure, places) in places_of_figures(message) {
        assert!(
            places <= most,
            "{what}: {figure} has {places} places in: {message}"
        );
    }
    assert!(
        !message.contains("692307"),
        "{what}: a raw decimal in: {message}"
    );
}

/// A policy that reduces every deduction by a third (a 28-digit share).
struct Third;

impl TolerancePolicy for Third {
    fn decide(&self, _period: Period, incidents: &[Incident]) -> Result<Vec<Decision>> {
        let third = Decimal::ONE / Decimal::from(3);
        incidents
            .iter()
            .map(|i| Decision::new(i, Treatment::Reduce { by: third }, Reason::NotRectified))
            .collect()
    }
}

#[test]
fn no_message_prints_more_places_than_declared() {
    let a = assessment();
    let s = sums();
    let e = a.evaluate(&s).expect("an evaluation");
    let mut seen = 0;
    // every rule's explanation, in both languages: the measured values with the one
    // declared place (two for a count), scores with two, coefficients with four
    for u in &e.units {
        for t in a.traces(&e, &u.unit).expect("traces") {
            assert_readable("explanation", &t.explanation.zh, 4);
            assert_readable("explanation", &t.explanation.en, 4);
            seen += 1;
        }
    }
    assert_eq!(seen, 27);
    let u1 = a.trace(&e, &"U1".into(), &"I01".into()).expect("a trace");
    assert_eq!(u1.value, Some(d("0.0307692307692307692307692308")));
    assert_eq!(u1.explanation.zh, "申报差错率 3.1% 高于 3%，扣 0.15 分");

    // risk alerts raised and cleared, list pushes, reminders
    let model = RiskModel::new(vec![RiskRule::new("I01", d("0.03"), d("0.05"))]).expect("a model");
    let day = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).expect("a date");
    let alerts = model
        .check_evaluation(&a, &e, day(9, 30), &Nobody)
        .expect("alerts");
    assert!(!alerts.is_empty());
    let (mut monitor, sink) = (Monitor::new(), CollectingSink::new());
    monitor.alerts(alerts, day(9, 30), &sink);
    monitor.alerts(Vec::new(), day(10, 1), &sink);
    monitor.lists(&e, Period::year(2026).expect("a year"), &sink);
    let items = [WorkItem::new("W1", "U1", "filing", day(10, 3))];
    let cards = reminders(&items, &CardRules::new(CardRule::new(7, 2)), day(9, 30)).expect("cards");
    monitor.reminders(cards, &sink);
    let events = sink.take();
    assert!(events.len() >= 4, "{events:?}");
    for ev in &events {
        let m = ev.message();
        assert_readable(ev.key(), &m.zh, 2);
        assert_readable(ev.key(), &m.en, 2);
    }

    // tolerance decisions with a 28-digit share, and a 28-digit override
    let incidents = vec![Incident::new("P1", "U1", "I08", "C", day(3, 2))];
    let tolerated = Tolerated::decide(&Third, Period::year(2026).expect("a year"), incidents)
        .expect("decisions");
    for dcs in tolerated.decisions() {
        assert_readable("tolerance", &dcs.explanation.zh, 2);
        assert_readable("tolerance", &dcs.explanation.en, 2);
        assert!(
            dcs.explanation.en.contains("reduced by 33.33%"),
            "{}",
            dcs.explanation.en
        );
    }
    let over = a
        .clone()
        .with_overrides(vec![Override {
            unit: "U2".into(),
            indicator: "I01".into(),
            score: d("0.0307692307692307692307692308"),
            author: "考评办".into(),
            reason: "复核".into(),
            basis: Basis {
                document: "办法".into(),
                clause: None,
            },
        }])
        .expect("an override");
    let oe = over.evaluate(&s).expect("an evaluation");
    let t = over
        .trace(&oe, &"U2".into(), &"I01".into())
        .expect("a trace");
    assert_readable("override", &t.explanation.zh, 2);
    assert_readable("override", &t.explanation.en, 2);

    // the health-check report, in both languages and both formats
    let overlay = tolerated.overlay(&s);
    let te = a.evaluate(&overlay).expect("an evaluation");
    let targets = targets();
    let input = ReportInput {
        assessment: &a,
        targets: &targets,
        sums: &overlay,
        evaluation: &te,
        period: "2026",
        history: &[("2025", &e)],
        tolerated: Some(&tolerated),
        weakest: 9,
    };
    let unit: UnitId = "U1".into();
    let r = HealthCheck::build(&input, &unit).expect("a report");
    for lang in [Lang::Zh, Lang::En] {
        for line in render_markdown(&r, lang).lines() {
            assert_readable("report", line, 4);
        }
        let html = render_html(&r, lang);
        assert!(!html.contains("692307"), "a raw decimal in the page");
    }
}

#[test]
fn the_sweep_sees_figures() {
    assert_eq!(
        places_of_figures("3.1% 高于 3%，扣 0.15 分 on 2026-10-01."),
        [
            ("3.1".to_owned(), 1),
            ("3".to_owned(), 0),
            ("0.15".to_owned(), 2),
            ("2026".to_owned(), 0),
            ("10".to_owned(), 0),
            ("01".to_owned(), 0),
        ]
    );
}
