//! Analysis: comparisons, live view, health-check report, what-if, bottlenecks.
//!
//! The fixture: five service halls in two cities and four key-tax-source branches,
//! three indicators (completion 10 points, deduction 5 points, bonus up to 2 points).
//!
//! | unit | region | D001 (target 100) | D002 events | D003 bonus events | total |
//! | --- | --- | --- | --- | --- | --- |
//! | H1 | 甲市 | 100 | 0 | 0 | 15 |
//! | H2 | 甲市 | 90 | 1 | 0 | 13 |
//! | H3 | 甲市 | 80 | 2 | 2 | 12 |
//! | H4 | 乙市 | 70 | 0 | 0 | 12 |
//! | H5 | 乙市 | 60 | 3 | 0 | 8 |
//! | K1 | 甲市 | 100 | 0 | 0 | 15 |
//! | K2 | 甲市 | 95 | 0 | 0 | 14.5 |
//! | K3 | 乙市 | 85 | 1 | 0 | 12.5 |
//! | K4 | 乙市 | 75 | 2 | 0 | 10.5 |
//!
//! Red 40 %: halls H1, H2 (limit 2), keys K1, K2; black 10 %: H5, K4.

mod bottleneck;
mod compare;
mod inspection;
mod live;
mod reach;
mod report;
mod whatif;

use rust_decimal::Decimal;
use scorecard::catalog::{Basis, Category};
use scorecard::rule::{Bonus, Completion, Deduction, Measure, Rule};
use scorecard::{Assessment, Catalog, Evaluation, Indicator, Period, Scheme, Targets, Unit};

use crate::support::{MemSums, d};

pub const HALLS: [(&str, &str, &str, &str, &str); 5] = [
    ("H1", "甲市", "100", "0", "0"),
    ("H2", "甲市", "90", "1", "0"),
    ("H3", "甲市", "80", "2", "2"),
    ("H4", "乙市", "70", "0", "0"),
    ("H5", "乙市", "60", "3", "0"),
];
pub const KEYS: [(&str, &str, &str, &str, &str); 4] = [
    ("K1", "甲市", "100", "0", "0"),
    ("K2", "甲市", "95", "0", "0"),
    ("K3", "乙市", "85", "1", "0"),
    ("K4", "乙市", "75", "2", "0"),
];

fn indicator(
    id: &str,
    name: &str,
    en: &str,
    category: Category,
    points: &str,
    rule: Rule,
) -> Indicator {
    Indicator {
        id: id.into(),
        name: name.into(),
        name_en: Some(en.into()),
        category,
        points: d(points),
        groups: vec!["hall".into(), "key".into()],
        basis: Some(Basis {
            document: "绩效考评办法".into(),
            clause: Some(format!("第{}条", &id[3..])),
        }),
        assesses: String::new(),
        rule,
        rounding: None,
        display: None,
    }
}

pub fn scheme() -> Scheme {
    let catalog = Catalog::new(vec![
        indicator(
            "I001",
            "收入完成率",
            "revenue completion",
            Category::Business,
            "10",
            Rule::Completion(Completion {
                floor: None,
                measure: Measure::Sum("D001".into()),
                cap: Decimal::ONE,
                direction: Default::default(),
            }),
        ),
        indicator(
            "I002",
            "有效投诉",
            "substantiated complaints",
            Category::Administration,
            "5",
            Rule::Deduction(Deduction {
                fractional: false,
                measure: Measure::Sum("D002".into()),
                per_event: Decimal::ONE,
                floor: Decimal::ZERO,
            }),
        ),
        indicator(
            "I003",
            "创新工作",
            "innovation",
            Category::Party,
            "2",
            Rule::Bonus(Bonus {
                fractional: false,
                measure: Measure::Sum("D003".into()),
                per_event: d("0.5"),
            }),
        ),
    ])
    .expect("a valid catalogue");
    Scheme::new(Period::year(2026).expect("a year"), catalog)
}

pub fn units() -> Vec<Unit> {
    let mut out = Vec::new();
    for (group, rows) in [("hall", &HALLS[..]), ("key", &KEYS[..])] {
        for (id, region, ..) in rows {
            out.push(Unit::new(*id, format!("{region}{id}"), group).region(*region));
        }
    }
    out
}

pub fn targets() -> Targets {
    let mut t = Targets::new();
    for u in units() {
        t.insert(u.id.clone(), "I001", d("100"))
            .expect("one target");
    }
    t
}

pub fn assessment() -> Assessment {
    Assessment::new(scheme(), units(), &targets()).expect("a valid assessment")
}

pub fn sums() -> MemSums {
    let mut s = MemSums::new();
    for (id, _, d1, d2, d3) in HALLS.iter().chain(&KEYS) {
        s.set(id, "D001", d(d1))
            .set(id, "D002", d(d2))
            .set(id, "D003", d(d3));
    }
    s
}

pub fn evaluation() -> (Assessment, Evaluation) {
    let a = assessment();
    let e = a.evaluate(&sums()).expect("evaluates");
    (a, e)
}

#[test]
fn the_fixture_is_as_documented() {
    let (_, e) = evaluation();
    let totals: Vec<(String, Decimal, Vec<String>)> = e
        .units
        .iter()
        .map(|u| (u.unit.to_string(), u.adjusted_total, u.lists.clone()))
        .collect();
    let want = [
        ("H1", "15", "red"),
        ("H2", "13", "red"),
        ("H3", "12", ""),
        ("H4", "12", ""),
        ("H5", "8", "black"),
        ("K1", "15", "red"),
        ("K2", "14.5", "red"),
        ("K3", "12.5", ""),
        ("K4", "10.5", "black"),
    ];
    for ((u, t, l), (wu, wt, wl)) in totals.iter().zip(want) {
        assert_eq!((u.as_str(), *t), (wu, d(wt)));
        assert_eq!(l.join(","), wl, "{u}");
    }
}
