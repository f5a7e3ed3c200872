//! The inspection-bureau analysis sheet on a worked case.
//!
//! | bureau | region | staff | households | recovered |
//! | --- | --- | --- | --- | --- |
//! | J1 | 甲市 | 10 | 300 | 1 000 000 |
//! | J2 | 甲市 | 20 | 400 | 1 000 000 |
//! | J3 | 乙市 | 10 | 100 | 500 000 |
//! | J4 | 乙市 | 5 | 100 | 1 000 000 |
//!
//! Households per head 30, 20, 10, 20 (peer mean 20); 甲市 pools 700 / 30, 乙市 200 / 15.
//! Recovered per head 100 000, 50 000, 50 000, 200 000 (mean 100 000); 甲市 pools
//! 2 000 000 / 30, 乙市 1 500 000 / 15 = 100 000. Both indicators score points × min(per
//! head / peer mean, 1): totals 20, 15, 10, 20; the top half (limit 2) are J1 and J4.

use rust_decimal::Decimal;
use scorecard::analysis::{BureauSheet, InspectionSpec, inspection_sheets};
#[cfg(feature = "report")]
use scorecard::analysis::{Lang, render_inspection_html, render_inspection_markdown};
use scorecard::rule::{Measure, PeerRelative, Rule};
use scorecard::{Assessment, Catalog, Indicator, Period, Rounding, Scheme, Targets, Unit, fixed};

use crate::support::{MemSums, d};

fn per_head(id: &str, dp: &str) -> Indicator {
    Indicator {
        id: id.into(),
        name: id.into(),
        name_en: None,
        category: Default::default(),
        points: d("10"),
        groups: vec!["inspection".into()],
        basis: None,
        assesses: String::new(),
        rule: Rule::PeerRelative(PeerRelative {
            measure: Measure::PerFactor {
                datapoint: dp.into(),
                factor: "staff".into(),
            },
            cap: Decimal::ONE,
        }),
        rounding: None,
        display: None,
    }
}

const BUREAUS: [(&str, &str, &str, &str, &str); 4] = [
    ("J1", "甲市", "10", "300", "1000000"),
    ("J2", "甲市", "20", "400", "1000000"),
    ("J3", "乙市", "10", "100", "500000"),
    ("J4", "乙市", "5", "100", "1000000"),
];

fn two(x: Option<Decimal>) -> String {
    x.map_or("—".into(), |x| fixed(x, 4, Rounding::HalfUp))
}

/// The four bureaus' sheets, with last period's households of J1 at 240 and of J3 at 0.
fn sheets() -> Vec<BureauSheet> {
    let catalog =
        Catalog::new(vec![per_head("I301", "D301"), per_head("I302", "D302")]).expect("valid");
    let scheme = Scheme::new(Period::year(2026).expect("a year"), catalog);
    let units: Vec<Unit> = BUREAUS
        .iter()
        .map(|(id, region, staff, ..)| {
            Unit::new(*id, format!("{region}稽查局{id}"), "inspection")
                .region(*region)
                .factor("staff", d(staff))
        })
        .collect();
    let a = Assessment::new(scheme, units, &Targets::new()).expect("valid");
    let mut sums = MemSums::new();
    for (id, _, _, h, r) in BUREAUS {
        sums.set(id, "D301", d(h)).set(id, "D302", d(r));
    }
    let mut before = sums.clone();
    before.set("J1", "D301", d("240")).set("J3", "D301", d("0"));
    let e = a.evaluate(&sums).expect("evaluates");
    let spec = InspectionSpec::new("inspection", "D301", "D302");
    inspection_sheets(&a, &e, &sums, Some(&before), &spec).expect("sheets")
}

#[test]
fn the_sheet_of_four_bureaus() {
    let sheets = sheets();
    let order: Vec<(&str, Decimal, Decimal, bool)> = sheets
        .iter()
        .map(|s| (s.unit.as_str(), s.total, s.rank, s.award))
        .collect();
    assert_eq!(
        order,
        [
            ("J1", d("20.00"), d("1"), true),
            ("J4", d("20.00"), d("1"), true),
            ("J2", d("15.00"), d("3"), false),
            ("J3", d("10.00"), d("4"), false),
        ]
    );
    let j1 = &sheets[0];
    assert_eq!(j1.households.per_capita, d("30"));
    assert_eq!(fixed(j1.households.local, 4, Rounding::HalfUp), "23.3333");
    assert_eq!(two(j1.households.to_local), "1.2857");
    assert_eq!(j1.households.peer_mean, d("20"));
    assert_eq!(j1.households.to_peers, Some(d("1.5")));
    // from 24 per head: +6, +25 %
    assert_eq!(j1.households.previous, Some(d("24")));
    assert_eq!(j1.households.change, Some(d("6")));
    assert_eq!(j1.households.pct_change, Some(d("0.25")));
    assert_eq!(two(j1.recovered.to_local), "1.5000");
    let j3 = &sheets[3];
    assert_eq!(j3.households.to_local, Some(d("0.75")));
    assert_eq!(j3.recovered.to_local, Some(d("0.5")));
    // from a zero base: change 10, percentage undefined
    assert_eq!(j3.households.change, Some(d("10")));
    assert_eq!(j3.households.pct_change, None);
    let j4 = &sheets[1];
    assert_eq!(j4.recovered.to_local, Some(d("2")));
    assert_eq!(j4.region.as_deref(), Some("乙市"));
}

#[cfg(feature = "report")]
#[test]
fn the_sheet_rendered_in_chinese_and_english() {
    let sheets = sheets();
    let md = render_inspection_markdown(&sheets, Lang::Zh);
    assert!(md.starts_with("# 稽查局分析表\n"), "{md}");
    assert!(
        md.contains("奖励名单（排名前列）2 个：甲市稽查局J1（J1）、乙市稽查局J4（J4）。"),
        "{md}"
    );
    // the ranking, best first, ties sharing a rank
    assert!(
        md.contains("| 1 | 甲市稽查局J1（J1） | 甲市 | 10 | 20.00 | 30.00 | 100000.00 | 是 |"),
        "{md}"
    );
    assert!(
        md.contains("| 4 | 乙市稽查局J3（J3） | 乙市 | 10 | 10.00 | 10.00 | 50000.00 | 否 |"),
        "{md}"
    );
    // J1's households: 30 a head against 700/30 locally (128.57 %), the peers' 20
    // (150 %), and 24 last period (+6, +25 %)
    assert!(
        md.contains(
            "| 检查户数 | 300.00 | 30.00 | 23.33 | 128.57% | 20.00 | 150.00% | 24.00 | +6.00 | 25.00% |"
        ),
        "{md}"
    );
    // J3's from a zero base: a change, no percentage
    assert!(
        md.contains(
            "| 检查户数 | 100.00 | 10.00 | 13.33 | 75.00% | 20.00 | 50.00% | 0.00 | +10.00 | — |"
        ),
        "{md}"
    );
    // one section per bureau, in ranking order
    let sections: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        sections,
        [
            "## 排名",
            "## 甲市稽查局J1（J1）",
            "## 乙市稽查局J4（J4）",
            "## 甲市稽查局J2（J2）",
            "## 乙市稽查局J3（J3）"
        ]
    );

    let en = render_inspection_markdown(&sheets, Lang::En);
    assert!(
        en.contains("Rank 3, adjusted total 15.00, not on the award list; staff 20."),
        "{en}"
    );
    assert!(
        en.contains("| recovered tax | 1000000.00 | 200000.00 | 100000.00 | 200.00% |"),
        "{en}"
    );

    let html = render_inspection_html(&sheets, Lang::Zh);
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"),
        "{html}"
    );
    assert!(html.contains("<title>稽查局分析表</title>"));
    assert!(html.contains("<td>128.57%</td>"));
    assert!(
        !html.contains("http"),
        "self-contained: no external resource"
    );
}
