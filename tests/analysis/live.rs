//! The live view (一户式2.0).

use chrono::NaiveDate;
use scorecard::analysis::UnitDashboard;
use scorecard::catalog::Category;

use super::evaluation;
use crate::support::d;

#[test]
fn the_live_view_of_a_hall() {
    let (a, e) = evaluation();
    let day = NaiveDate::from_ymd_opt(2026, 6, 30);
    let v = UnitDashboard::new(&a, &e, &"H3".into(), day).expect("a view");
    // H3: completion 8 of 10, two complaints (−2 of 5), two innovations (+1)
    assert_eq!(
        (v.total, v.full_points, v.raw_total),
        (d("12"), d("15"), d("12"))
    );
    assert_eq!(v.completion, Some(d("0.8")));
    let cats: Vec<(Category, _, _)> = v
        .categories
        .iter()
        .map(|c| (c.category.clone(), c.score, c.completion))
        .collect();
    assert_eq!(
        cats,
        [
            (Category::Party, d("1"), None),
            (Category::Administration, d("3"), Some(d("0.6"))),
            (Category::Business, d("8"), Some(d("0.8"))),
        ]
    );
    let lost: Vec<(&str, _)> = v
        .deductions
        .iter()
        .map(|i| (i.indicator.as_str(), i.points))
        .collect();
    assert_eq!(lost, [("I001", d("2")), ("I002", d("2"))]);
    assert_eq!(v.bonuses.len(), 1);
    assert_eq!(v.bonuses[0].points, d("1"));
    assert_eq!((v.rank, v.group_size), (d("3"), 5));
    let peers: Vec<&str> = v.peers.iter().map(|p| p.unit.as_str()).collect();
    assert_eq!(peers, ["H1", "H2", "H3", "H4", "H5"]);
    let json = serde_json::to_value(&v).expect("json");
    // decimals are exact values in JSON (published figures go through `fixed`)
    assert_eq!(json["total"], "12");
    assert_eq!(json["as_of"], "2026-06-30");
    assert!(UnitDashboard::new(&a, &e, &"X1".into(), None).is_err());
}

#[test]
fn the_live_view_as_data_arrives() {
    use rust_decimal::Decimal;
    use scorecard::Fact;
    use scorecard::analysis::UnitDashboard;
    use scorecard::facts::{Aggregates, Granularity};

    let a = super::assessment();
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).expect("a date");
    let mut agg = Aggregates::new(Granularity::Month);
    // every unit collects its D001 in two halves, in March and in September
    for (id, _, d1, d2, d3) in super::HALLS.iter().chain(&super::KEYS) {
        let half = d(d1) / Decimal::TWO;
        for (date, value) in [(day(3, 15), half), (day(9, 15), half)] {
            agg.add(&Fact::new((*id).into(), "D001".into(), date, value))
                .expect("adds");
        }
        agg.add(&Fact::new((*id).into(), "D002".into(), day(2, 1), d(d2)))
            .expect("adds");
        agg.add(&Fact::new((*id).into(), "D003".into(), day(2, 1), d(d3)))
            .expect("adds");
    }
    let june = agg.up_to(day(6, 30)).expect("a month end");
    let e = a.evaluate(&june).expect("evaluates");
    let v = UnitDashboard::new(&a, &e, &"H3".into(), Some(day(6, 30))).expect("a view");
    // by June H3 has half its D001: completion 40 of 100 → 4 points; 4 + 3 + 1 = 8
    assert_eq!(v.total, d("8.00"));
    assert_eq!(v.deductions[0].points, d("6"));
    let year = agg.all();
    let e = a.evaluate(&year).expect("evaluates");
    let v = UnitDashboard::new(&a, &e, &"H3".into(), Some(day(12, 31))).expect("a view");
    assert_eq!(v.total, d("12.00"));
}
