//! A small province for the plan phase: an organisation graph, the province's and two
//! cities' libraries, a plan draft, proposals and the facts of two branches.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use scorecard::org::{BureauLevel, Department, OrgGraph, OrgSpec, OrgUnit, Person, Post, Tenure};
use scorecard::people::{Decomposition, Proposal, decompose};
use scorecard::plan::{
    IndicatorSource, Libraries, Library, MonitoringModel, Pick, Plan, PlanDraft, SourceVersion,
    extract,
};
use scorecard::{Aggregate, Assessment, Evaluation, Indicator, Period, Unit};

use super::MemSums;

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

pub fn org_unit(id: &str, level: BureauLevel, parent: Option<&str>) -> OrgUnit {
    OrgUnit {
        id: id.into(),
        name: id.into(),
        level,
        parent: parent.map(Into::into),
    }
}

pub fn department(id: &str, unit: &str) -> Department {
    Department {
        id: id.into(),
        unit: unit.into(),
        name: id.into(),
    }
}

pub fn post(id: &str, department: &str, duties: &[&str]) -> Post {
    Post {
        id: id.into(),
        department: department.into(),
        name: id.into(),
        duties: duties.iter().map(|d| d.to_string()).collect(),
        single_holder: true,
    }
}

pub fn person(id: &str) -> Person {
    Person {
        id: id.into(),
        name: id.into(),
    }
}

pub fn tenure(person: &str, post: &str, start: NaiveDate, end: Option<NaiveDate>) -> Tenure {
    Tenure {
        person: person.into(),
        post: post.into(),
        start,
        end,
        exclusive: true,
    }
}

/// HB (province) → SJZ, TS (cities); SJZ → CA (county) and JC (inspection); CA → B1, B2.
pub fn spec() -> OrgSpec {
    OrgSpec {
        units: vec![
            org_unit("HB", BureauLevel::Province, None),
            org_unit("SJZ", BureauLevel::City, Some("HB")),
            org_unit("TS", BureauLevel::City, Some("HB")),
            org_unit("CA", BureauLevel::County, Some("SJZ")),
            org_unit("JC", BureauLevel::Inspection, Some("SJZ")),
            org_unit("B1", BureauLevel::Branch, Some("CA")),
            org_unit("B2", BureauLevel::Branch, Some("CA")),
        ],
        departments: vec![
            department("SJZ-NS", "SJZ"),
            department("B1-NS", "B1"),
            department("B1-ZS", "B1"),
            department("B2-NS", "B2"),
        ],
        posts: vec![
            post("B1-NS-1", "B1-NS", &["申报管理"]),
            post("B1-NS-2", "B1-NS", &["投诉处理"]),
            post("B1-ZS-1", "B1-ZS", &["申报管理", "发票管理"]),
            post("B2-NS-1", "B2-NS", &["申报管理", "投诉处理", "发票管理"]),
        ],
        persons: vec![person("P1"), person("P2"), person("P3"), person("P4")],
        tenures: vec![
            tenure("P1", "B1-NS-1", day(2025, 1, 1), None),
            tenure("P2", "B1-NS-2", day(2025, 1, 1), Some(day(2026, 6, 30))),
            tenure("P2", "B1-ZS-1", day(2026, 7, 1), None),
            tenure("P3", "B1-ZS-1", day(2025, 1, 1), Some(day(2026, 6, 30))),
            tenure("P3", "B1-NS-2", day(2026, 7, 1), None),
            tenure("P4", "B2-NS-1", day(2024, 3, 1), None),
        ],
    }
}

pub fn graph() -> OrgGraph {
    OrgGraph::new(spec()).expect("a valid graph")
}

pub fn version(
    effective: NaiveDate,
    indicator: serde_json::Value,
    duties: &[&str],
    areas: &[&str],
) -> SourceVersion {
    SourceVersion {
        effective,
        indicator: serde_json::from_value::<Indicator>(indicator).expect("an indicator"),
        target_requirement: String::new(),
        assessment_points: vec!["按期完成".into()],
        risk_points: vec!["数据不实".into()],
        data_sources: vec!["金税三期".into()],
        areas: areas.iter().map(|a| a.to_string()).collect(),
        duties: duties.iter().map(|d| d.to_string()).collect(),
    }
}

fn completion(points: &str, clause: &str) -> serde_json::Value {
    serde_json::json!({
        "id": "I001", "name": "税收收入完成率", "category": "business", "points": points,
        "groups": ["branch"], "basis": {"document": "绩效考评办法", "clause": clause},
        "rule": {"kind": "completion", "measure": {"sum": "D001"}, "cap": "1.0"}
    })
}

pub fn province_library() -> Library {
    let i001 = IndicatorSource::new(
        "I001",
        "HB-ZS",
        vec![
            version(
                day(2025, 1, 1),
                completion("30", "第八条"),
                &["申报管理"],
                &["征收管理"],
            ),
            version(
                day(2026, 1, 1),
                completion("40", "第九条"),
                &["申报管理"],
                &["征收管理"],
            ),
        ],
    )
    .expect("I001");
    let i051 = IndicatorSource::new(
        "I051",
        "HB-NS",
        vec![version(
            day(2025, 1, 1),
            serde_json::json!({
                "id": "I051", "name": "申报差错率", "points": "30", "groups": ["branch"],
                "rule": {"kind": "ratio_threshold",
                         "measure": {"ratio": {"numerator": "D051", "denominator": "D052"}},
                         "direction": "lower_is_better", "good": "0.03", "bad": "0.05"}
            }),
            &["申报管理"],
            &["纳税服务"],
        )],
    )
    .expect("I051");
    let i130 = IndicatorSource::new(
        "I130",
        "HB-NS",
        vec![version(
            day(2025, 1, 1),
            serde_json::json!({
                "id": "I130", "name": "有效投诉", "category": "administration", "points": "20",
                "groups": ["branch"],
                "rule": {"kind": "deduction", "measure": {"sum": "D130"}, "per_event": "2"}
            }),
            &["投诉处理"],
            &["纳税服务"],
        )],
    )
    .expect("I130");
    let m01 = IndicatorSource::from_monitoring(MonitoringModel {
        id: "M01".into(),
        name: "发票异常问题".into(),
        problem: "Q-FP".into(),
        owner: "HB-NK".into(),
        points: Decimal::from(10),
        per_event: Decimal::ONE,
        groups: vec!["branch".into()],
        effective: day(2026, 1, 1),
        basis: None,
        category: Default::default(),
        duties: vec!["发票管理".into()],
    })
    .expect("M01");
    Library::new("HB", vec![i130, i001, m01, i051]).expect("HB library")
}

fn small(id: &str, owner_unit: &str) -> Library {
    let s = IndicatorSource::new(
        id,
        format!("{owner_unit}-BG"),
        vec![version(
            day(2025, 1, 1),
            serde_json::json!({
                "id": id, "name": "党建工作", "category": "party", "points": "5", "groups": ["branch"],
                "rule": {"kind": "deduction", "measure": {"count": "D900"}, "per_event": "1"}
            }),
            &["党建"],
            &["党建"],
        )],
    )
    .expect("a small source");
    Library::new(owner_unit, vec![s]).expect("a small library")
}

pub fn libraries() -> Libraries {
    Libraries::new(vec![
        province_library(),
        small("I900", "SJZ"),
        small("I800", "TS"),
    ])
    .expect("libraries")
}

pub fn units() -> Vec<Unit> {
    vec![
        Unit::new("B1", "一分局", "branch"),
        Unit::new("B2", "二分局", "branch"),
    ]
}

pub fn pick(library: &str, indicator: &str) -> Pick {
    Pick {
        library: library.into(),
        indicator: indicator.into(),
        department: "SJZ-NS".into(),
        basis: None,
        targets: Default::default(),
    }
}

/// The city SJZ's 2026 plan for its branches: four province indicators, 100 points.
pub fn draft() -> PlanDraft {
    let mut i001 = pick("HB", "I001");
    i001.targets.insert("B1".into(), Decimal::from(800));
    i001.targets.insert("B2".into(), Decimal::from(500));
    PlanDraft {
        level: "SJZ".into(),
        period: Period::year(2026).expect("2026"),
        focus: Vec::new(),
        totals: [("branch".into(), Decimal::from(100))]
            .into_iter()
            .collect(),
        picks: vec![
            i001,
            pick("HB", "I051"),
            pick("HB", "I130"),
            pick("HB", "M01"),
        ],
    }
}

pub fn plan() -> Plan {
    extract(&draft(), &libraries(), &graph(), &units())
        .expect("extraction")
        .try_into_plan()
        .expect("a clean plan")
}

pub fn proposals() -> Vec<Proposal> {
    let p = |indicator: &str, unit: &str, lead: &str, co: &[&str]| Proposal {
        indicator: indicator.into(),
        unit: unit.into(),
        lead: lead.into(),
        co: co.iter().map(|&c| c.into()).collect(),
    };
    vec![
        p("I001", "B1", "B1-ZS", &["B1-NS"]),
        p("I051", "B1", "B1-NS", &[]),
        p("I130", "B1", "B1-NS", &[]),
        p("M01", "B1", "B1-ZS", &[]),
        p("I001", "B2", "B2-NS", &[]),
        p("I051", "B2", "B2-NS", &[]),
        p("I130", "B2", "B2-NS", &[]),
        p("M01", "B2", "B2-NS", &[]),
    ]
}

/// The decomposition, confirmed by both branches.
pub fn confirmed(plan: &Plan, graph: &OrgGraph) -> Decomposition {
    let mut d = decompose(plan, &proposals(), graph);
    d.confirm_all(&"B1".into());
    d.confirm_all(&"B2".into());
    d
}

pub fn sums() -> MemSums {
    let mut s = MemSums::new();
    let mut put = |unit: &str, dp: &str, sum: i64, count: u64| {
        s.0.insert(
            (unit.into(), dp.into()),
            Aggregate {
                sum: Decimal::from(sum),
                count,
            },
        );
    };
    put("B1", "D001", 620, 1);
    put("B1", "D051", 42, 1);
    put("B1", "D052", 1000, 1);
    put("B1", "D130", 3, 3);
    put("B1", "Q-FP", 2, 2);
    put("B2", "D001", 510, 1);
    put("B2", "D051", 12, 1);
    put("B2", "D052", 800, 1);
    s
}

pub fn assessed(plan: &Plan) -> (Assessment, Evaluation) {
    let a = Assessment::new(plan.scheme().expect("a scheme"), units(), &plan.targets)
        .expect("an assessment");
    let e = a.evaluate(&sums()).expect("an evaluation");
    (a, e)
}
