use rust_decimal::Decimal;
use scorecard::catalog::Category;
use scorecard::plan::{IndicatorSource, Libraries, Library, Origin};
use scorecard::rule::Measure;
use scorecard::{Period, Rule, UnitId};

use crate::support::plan::{day, graph, libraries, province_library, version};

#[test]
fn a_period_uses_the_version_in_force_on_its_first_day() {
    let lib = province_library();
    let i001 = lib.get(&"I001".into()).expect("I001");
    let v2025 = i001
        .version_for(&Period::year(2025).expect("2025"))
        .expect("in force");
    assert_eq!(v2025.indicator.points, Decimal::from(30));
    assert_eq!(
        v2025.indicator.basis.as_ref().map(|b| b.to_string()),
        Some("绩效考评办法 第八条".into())
    );
    let v2026 = i001
        .version_for(&Period::year(2026).expect("2026"))
        .expect("in force");
    assert_eq!(v2026.indicator.points, Decimal::from(40));
    // a version taking effect mid-period applies from the next period
    let h2 = Period::new(day(2025, 7, 1), day(2026, 6, 30)).expect("a period");
    assert_eq!(i001.version_for(&h2).expect("v").effective, day(2025, 1, 1));
    assert!(
        i001.version_for(&Period::year(2024).expect("2024"))
            .is_none()
    );
    assert_eq!(i001.owner().as_str(), "HB-ZS");
    assert_eq!(i001.origin(), &Origin::Norm);
    assert_eq!(v2026.risk_points, ["数据不实"]);
    assert_eq!(v2026.data_sources, ["金税三期"]);
}

#[test]
fn versions_must_be_distinct_and_of_the_same_indicator() {
    let v = |y, id: &str| {
        version(
            day(y, 1, 1),
            serde_json::json!({"id": id, "name": "x", "points": "1", "groups": ["g"],
                "rule": {"kind": "deduction", "measure": {"count": "D"}, "per_event": "1"}}),
            &[],
            &[],
        )
    };
    let e = IndicatorSource::new("A", "D", vec![v(2025, "A"), v(2025, "A")]).expect_err("same day");
    assert_eq!(
        e.to_string(),
        "indicator A has an invalid versions: two versions take effect on 2025-01-01"
    );
    assert!(IndicatorSource::new("A", "D", vec![v(2025, "B")]).is_err());
    assert!(IndicatorSource::new("A", "D", vec![]).is_err());
    // sorted on construction
    let s = IndicatorSource::new("A", "D", vec![v(2026, "A"), v(2025, "A")]).expect("ok");
    assert_eq!(s.versions()[0].effective, day(2025, 1, 1));
}

#[test]
fn a_monitoring_category_becomes_a_deduction_indicator() {
    let lib = province_library();
    let m = lib.get(&"M01".into()).expect("M01");
    assert_eq!(
        m.origin(),
        &Origin::Monitoring {
            problem: "Q-FP".into()
        }
    );
    let v = &m.versions()[0];
    let Rule::Deduction(d) = &v.indicator.rule else {
        panic!("a deduction rule")
    };
    assert_eq!(d.measure, Measure::Count("Q-FP".into()));
    assert_eq!(d.per_event, Decimal::ONE);
    assert_eq!(v.indicator.category, Category::Business);
    // a monitoring origin must read its problem category
    let other = lib.get(&"I130".into()).expect("I130").clone();
    assert!(
        other
            .with_origin(Origin::Monitoring {
                problem: "Q-FP".into()
            })
            .is_err()
    );
}

#[test]
fn sources_round_trip_through_json() {
    let lib = province_library();
    let text = serde_json::to_string(&lib).expect("json");
    let back: Library = serde_json::from_str(&text).expect("back");
    assert_eq!(back, lib);
}

#[test]
fn a_library_rejects_a_repeated_indicator() {
    let lib = province_library();
    let s = lib.get(&"I051".into()).expect("I051").clone();
    let e = Library::new("HB", vec![s.clone(), s]).expect_err("twice");
    assert!(e.is_duplicate());
    let e = Libraries::new(vec![province_library(), province_library()]).expect_err("twice");
    assert!(e.is_invalid_plan());
    assert_eq!(e.unit(), Some(province_library().owner()));
}

#[test]
fn a_city_reads_the_province_and_its_own_not_a_sibling() {
    let g = graph();
    let libs = libraries();
    let owners = |reader: &str| -> Vec<String> {
        libs.readable_by(&UnitId::from(reader), &g)
            .iter()
            .map(|l| l.owner().to_string())
            .collect()
    };
    assert_eq!(owners("SJZ"), ["HB", "SJZ"]);
    assert_eq!(owners("TS"), ["HB", "TS"]);
    assert_eq!(owners("HB"), ["HB"]);
    // a branch under SJZ reads its ancestors' libraries
    assert_eq!(owners("B1"), ["HB", "SJZ"]);
    assert!(!libs.can_read(&"SJZ".into(), &"TS".into(), &g));
    let mut libs = libs;
    libs.grant("TS", "SJZ");
    assert!(libs.can_read(&"SJZ".into(), &"TS".into(), &g));
}
