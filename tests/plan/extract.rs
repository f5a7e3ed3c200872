use rust_decimal::Decimal;
use scorecard::catalog::Basis;
use scorecard::plan::{Origin, PlanFinding, extract};

use crate::support::plan::{day, draft, graph, libraries, pick, plan, units};

fn findings(d: &scorecard::plan::PlanDraft) -> Vec<PlanFinding> {
    extract(d, &libraries(), &graph(), &units())
        .expect("extraction")
        .findings
}

#[test]
fn a_clean_plan_has_the_2026_versions_targets_and_origins() {
    let p = plan();
    let ids: Vec<&str> = p
        .indicators
        .iter()
        .map(|i| i.indicator.id.as_str())
        .collect();
    assert_eq!(ids, ["I001", "I051", "I130", "M01"]);
    let i001 = p.get(&"I001".into()).expect("I001");
    assert_eq!(i001.indicator.points, Decimal::from(40));
    assert_eq!(i001.version, day(2026, 1, 1));
    assert_eq!(i001.owner.as_str(), "HB-ZS");
    assert_eq!(i001.assessor.as_str(), "SJZ-NS");
    assert_eq!(
        p.targets.get(&"B1".into(), &"I001".into()),
        Some(Decimal::from(800))
    );
    assert_eq!(p.targets.len(), 2);
    assert!(matches!(
        p.get(&"M01".into()).expect("M01").origin,
        Origin::Monitoring { .. }
    ));
    assert_eq!(p.catalog().expect("catalog").len(), 4);
}

#[test]
fn the_2025_plan_uses_the_2025_versions() {
    let mut d = draft();
    d.period = scorecard::Period::year(2025).expect("2025");
    d.picks.retain(|p| p.indicator.as_str() != "M01"); // M01 starts in 2026
    d.totals.insert("branch".into(), Decimal::from(80));
    let x = extract(&d, &libraries(), &graph(), &units()).expect("extraction");
    assert_eq!(x.findings, []);
    assert_eq!(
        x.plan.get(&"I001".into()).expect("I001").indicator.points,
        Decimal::from(30)
    );
}

#[test]
fn a_filled_in_basis_replaces_the_librarys() {
    let mut d = draft();
    d.picks[1].basis = Some(Basis {
        document: "市局考评细则".into(),
        clause: Some("第三条".into()),
    });
    let p = extract(&d, &libraries(), &graph(), &units())
        .expect("extraction")
        .try_into_plan()
        .expect("clean");
    let b = p
        .get(&"I051".into())
        .and_then(|i| i.indicator.basis.clone());
    assert_eq!(b.map(|b| b.to_string()), Some("市局考评细则 第三条".into()));
}

#[test]
fn an_unknown_indicator() {
    let mut d = draft();
    d.picks.push(pick("HB", "I999"));
    assert_eq!(
        findings(&d),
        [PlanFinding::UnknownIndicator {
            indicator: "I999".into(),
            library: "HB".into()
        }]
    );
}

#[test]
fn a_siblings_library_is_not_readable() {
    let mut d = draft();
    d.picks.push(pick("TS", "I800"));
    let f = findings(&d);
    assert_eq!(
        f,
        [PlanFinding::NotReadable {
            indicator: "I800".into(),
            library: "TS".into(),
            level: "SJZ".into()
        }]
    );
    assert_eq!(
        f[0].to_string(),
        "unit SJZ may not read the library of unit TS (indicator I800)"
    );
}

#[test]
fn its_own_library_is_readable() {
    let mut d = draft();
    d.picks.push(pick("SJZ", "I900"));
    d.totals.insert("branch".into(), Decimal::from(105));
    assert_eq!(findings(&d), []);
}

#[test]
fn an_indicator_not_yet_in_force() {
    let mut d = draft();
    d.period = scorecard::Period::year(2025).expect("2025");
    d.totals.insert("branch".into(), Decimal::from(80));
    assert_eq!(
        findings(&d),
        [PlanFinding::NotInForce {
            indicator: "M01".into(),
            day: day(2025, 1, 1)
        }]
    );
}

#[test]
fn an_indicator_outside_the_focus_areas() {
    let mut d = draft();
    d.focus = vec!["纳税服务".into()];
    let f = findings(&d);
    assert_eq!(f.len(), 2); // I001 (征收管理) and M01 (no area)
    assert_eq!(
        f[0],
        PlanFinding::OutsideFocus {
            indicator: "I001".into(),
            areas: vec!["征收管理".into()]
        }
    );
}

#[test]
fn an_indicator_ticked_twice() {
    let mut d = draft();
    d.picks.push(pick("HB", "I051"));
    assert_eq!(
        findings(&d),
        [PlanFinding::Duplicate {
            indicator: "I051".into()
        }]
    );
}

#[test]
fn a_rule_needing_a_target_without_one() {
    let mut d = draft();
    d.picks[0].targets.remove(&scorecard::UnitId::from("B2"));
    let x = extract(&d, &libraries(), &graph(), &units()).expect("extraction");
    assert_eq!(
        x.findings,
        [PlanFinding::MissingTarget {
            indicator: "I001".into(),
            unit: "B2".into()
        }]
    );
    let e = x.try_into_plan().expect_err("not clean");
    assert_eq!(
        e.to_string(),
        "plan: indicator I001 has no target for unit B2"
    );
    assert!(e.is_invalid_plan());
    assert_eq!(
        (
            e.unit().map(|u| u.as_str()),
            e.indicator().map(|i| i.as_str())
        ),
        (Some("B2"), Some("I001"))
    );
}

#[test]
fn a_target_nobody_uses() {
    let mut d = draft();
    d.picks[1].targets.insert("B1".into(), Decimal::ONE);
    d.picks[0].targets.insert("B7".into(), Decimal::ONE);
    let f = findings(&d);
    assert_eq!(
        f,
        [
            PlanFinding::UnusedTarget {
                indicator: "I001".into(),
                unit: "B7".into()
            },
            PlanFinding::UnusedTarget {
                indicator: "I051".into(),
                unit: "B1".into()
            },
        ]
    );
}

#[test]
fn points_must_add_up_to_the_declared_total() {
    let mut d = draft();
    d.totals.insert("branch".into(), Decimal::from(90));
    d.totals.insert("hall".into(), Decimal::from(100));
    let f = findings(&d);
    assert_eq!(
        f,
        [
            PlanFinding::PointsMismatch {
                group: "branch".into(),
                declared: Some(Decimal::from(90)),
                planned: Decimal::from(100)
            },
            PlanFinding::PointsMismatch {
                group: "hall".into(),
                declared: Some(Decimal::from(100)),
                planned: Decimal::ZERO
            },
        ]
    );
    assert_eq!(
        f[0].to_string(),
        "the indicators of group branch add up to 100 points, not the declared 90"
    );
    let mut d = draft();
    d.totals.clear();
    assert_eq!(
        findings(&d),
        [PlanFinding::PointsMismatch {
            group: "branch".into(),
            declared: None,
            planned: Decimal::from(100)
        }]
    );
}

#[test]
fn findings_serialise_as_tagged_data() {
    let f = PlanFinding::Duplicate {
        indicator: "I051".into(),
    };
    assert_eq!(
        serde_json::to_string(&f).expect("json"),
        r#"{"kind":"duplicate","indicator":"I051"}"#
    );
}
