//! The plan phase end to end: a small province library, the city's plan extracted from
//! it, decomposed to posts, and every person's individual score with the chain back to
//! the organisation's score.
//!
//! ```sh
//! cargo run --example plan
//! ```

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use scorecard::org::OrgGraph;
use scorecard::org::OrgSpec;
use scorecard::people::{
    AccountOptions, LinkOptions, Linkage, PersonalAccount, Proposal, decompose,
};
use scorecard::plan::{IndicatorSource, Libraries, Library, MonitoringModel, PlanDraft, extract};
use scorecard::{Aggregate, Assessment, DatapointId, Result, Rounding, Sums, Unit, UnitId, fixed};

/// Sums held in a map; a missing pair has no facts.
struct MapSums(BTreeMap<(UnitId, DatapointId), Aggregate>);

impl Sums for MapSums {
    fn aggregate(&self, unit: &UnitId, datapoint: &DatapointId) -> Result<Aggregate> {
        Ok(self
            .0
            .get(&(unit.clone(), datapoint.clone()))
            .copied()
            .unwrap_or_default())
    }
}

fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    // The organisation: province → city → county → two branches.
    let spec: OrgSpec = serde_json::from_value(serde_json::json!({
        "units": [
            {"id": "HB", "name": "河北省税务局", "level": "province"},
            {"id": "SJZ", "name": "石家庄市税务局", "level": "city", "parent": "HB"},
            {"id": "CA", "name": "长安区税务局", "level": "county", "parent": "SJZ"},
            {"id": "B1", "name": "长安区第一税务分局", "level": "branch", "parent": "CA"},
            {"id": "B2", "name": "长安区第二税务分局", "level": "branch", "parent": "CA"}
        ],
        "departments": [
            {"id": "SJZ-NS", "unit": "SJZ", "name": "纳税服务科"},
            {"id": "B1-NS", "unit": "B1", "name": "纳税服务股"},
            {"id": "B1-ZS", "unit": "B1", "name": "征收管理股"},
            {"id": "B2-NS", "unit": "B2", "name": "综合业务股"}
        ],
        "posts": [
            {"id": "B1-NS-1", "department": "B1-NS", "name": "申报审核岗", "duties": ["申报管理"]},
            {"id": "B1-NS-2", "department": "B1-NS", "name": "投诉处理岗", "duties": ["投诉处理"]},
            {"id": "B1-ZS-1", "department": "B1-ZS", "name": "征收管理岗", "duties": ["申报管理", "发票管理"]},
            {"id": "B2-NS-1", "department": "B2-NS", "name": "综合岗", "duties": ["申报管理", "投诉处理", "发票管理"]}
        ],
        "persons": [{"id": "P1", "name": "张明"}, {"id": "P2", "name": "孙玉英"},
                    {"id": "P3", "name": "高江湖"}, {"id": "P4", "name": "李华"}],
        "tenures": [
            {"person": "P1", "post": "B1-NS-1", "start": "2025-01-01"},
            {"person": "P2", "post": "B1-NS-2", "start": "2025-01-01", "end": "2026-06-30"},
            {"person": "P2", "post": "B1-ZS-1", "start": "2026-07-01"},
            {"person": "P3", "post": "B1-ZS-1", "start": "2025-01-01", "end": "2026-06-30"},
            {"person": "P3", "post": "B1-NS-2", "start": "2026-07-01"},
            {"person": "P4", "post": "B2-NS-1", "start": "2024-03-01"}
        ]
    }))?;
    let graph = OrgGraph::new(spec)?;

    // The province's library: three indicator sources and one from monitoring.
    let source = |v: serde_json::Value| serde_json::from_value::<IndicatorSource>(v);
    let mut sources = vec![
        source(
            serde_json::json!({"id": "I001", "owner": "HB-ZS", "versions": [
            {"effective": "2025-01-01", "duties": ["申报管理"], "risk_points": ["收入不实"],
             "indicator": {"id": "I001", "name": "税收收入完成率", "points": "30", "groups": ["branch"],
                "basis": {"document": "绩效考评办法", "clause": "第八条"},
                "rule": {"kind": "completion", "measure": {"sum": "D001"}, "cap": "1.0"}}},
            {"effective": "2026-01-01", "duties": ["申报管理"], "risk_points": ["收入不实"],
             "indicator": {"id": "I001", "name": "税收收入完成率", "points": "40", "groups": ["branch"],
                "basis": {"document": "绩效考评办法（2026）", "clause": "第九条"},
                "rule": {"kind": "completion", "measure": {"sum": "D001"}, "cap": "1.0"}}}]}),
        )?,
        source(
            serde_json::json!({"id": "I051", "owner": "HB-NS", "versions": [
            {"effective": "2025-01-01", "duties": ["申报管理"], "assessment_points": ["申报质量"],
             "indicator": {"id": "I051", "name": "申报差错率", "points": "30", "groups": ["branch"],
                "rule": {"kind": "ratio_threshold",
                         "measure": {"ratio": {"numerator": "D051", "denominator": "D052"}},
                         "direction": "lower_is_better", "good": "0.03", "bad": "0.05"}}}]}),
        )?,
        source(
            serde_json::json!({"id": "I130", "owner": "HB-NS", "versions": [
            {"effective": "2025-01-01", "duties": ["投诉处理"],
             "indicator": {"id": "I130", "name": "有效投诉", "category": "administration",
                "points": "20", "groups": ["branch"],
                "rule": {"kind": "deduction", "measure": {"sum": "D130"}, "per_event": "2"}}}]}),
        )?,
    ];
    sources.push(IndicatorSource::from_monitoring(MonitoringModel {
        id: "M01".into(),
        name: "发票异常问题".into(),
        problem: "Q-FP".into(),
        owner: "HB-NK".into(),
        points: Decimal::from(10),
        per_event: Decimal::ONE,
        groups: vec!["branch".into()],
        effective: NaiveDate::from_ymd_opt(2026, 1, 1).ok_or("a date")?,
        basis: None,
        category: Default::default(),
        duties: vec!["发票管理".into()],
    })?);
    let libraries = Libraries::new(vec![Library::new("HB", sources)?])?;

    // The city's 2026 plan for its branches.
    let units = vec![
        Unit::new("B1", "长安区第一税务分局", "branch"),
        Unit::new("B2", "长安区第二税务分局", "branch"),
    ];
    let draft: PlanDraft = serde_json::from_value(serde_json::json!({
        "level": "SJZ", "period": {"start": "2026-01-01", "end": "2026-12-31"},
        "totals": {"branch": "100"},
        "picks": [
            {"library": "HB", "indicator": "I001", "department": "SJZ-NS",
             "targets": {"B1": "800", "B2": "500"}},
            {"library": "HB", "indicator": "I051", "department": "SJZ-NS"},
            {"library": "HB", "indicator": "I130", "department": "SJZ-NS"},
            {"library": "HB", "indicator": "M01", "department": "SJZ-NS"}
        ]
    }))?;
    let plan = extract(&draft, &libraries, &graph, &units)?.try_into_plan()?;
    println!(
        "plan {} for {}: {} indicators",
        plan.period,
        plan.level,
        plan.indicators.len()
    );

    // Decomposed to the branches' departments and posts, confirmed by the branches.
    let proposal = |i: &str, u: &str, lead: &str, co: &[&str]| Proposal {
        indicator: i.into(),
        unit: u.into(),
        lead: lead.into(),
        co: co.iter().map(|&c| c.into()).collect(),
    };
    let proposals = vec![
        proposal("I001", "B1", "B1-ZS", &["B1-NS"]),
        proposal("I051", "B1", "B1-NS", &[]),
        proposal("I130", "B1", "B1-NS", &[]),
        proposal("M01", "B1", "B1-ZS", &[]),
        proposal("I001", "B2", "B2-NS", &[]),
        proposal("I051", "B2", "B2-NS", &[]),
        proposal("I130", "B2", "B2-NS", &[]),
        proposal("M01", "B2", "B2-NS", &[]),
    ];
    let mut decomposition = decompose(&plan, &proposals, &graph);
    decomposition.confirm_all(&"B1".into());
    decomposition.confirm_all(&"B2".into());
    for f in decomposition.findings(&graph) {
        println!("finding: {f}");
    }

    // The organisation's scores, from facts.
    let assessment = Assessment::new(plan.scheme()?, units, &plan.targets)?;
    let mut sums = BTreeMap::new();
    for (unit, dp, sum, count) in [
        ("B1", "D001", 620, 1),
        ("B1", "D051", 42, 1),
        ("B1", "D052", 1000, 1),
        ("B1", "D130", 3, 3),
        ("B1", "Q-FP", 2, 2),
        ("B2", "D001", 510, 1),
        ("B2", "D051", 12, 1),
        ("B2", "D052", 800, 1),
    ] {
        sums.insert(
            (unit.into(), dp.into()),
            Aggregate {
                sum: Decimal::from(sum),
                count,
            },
        );
    }
    let evaluation = assessment.evaluate(&MapSums(sums))?;

    // Every person's score, 70 / 30 between lead and co-handled indicators, with the
    // chain indicator → unit → department → post → person → score.
    let options = LinkOptions::new().shares(Decimal::from(70), Decimal::from(30));
    let linkage = Linkage::new(&decomposition, &assessment, &evaluation, options);
    let f2 = |d: Decimal| fixed(d, 2, Rounding::HalfUp);
    let period = plan.period;
    // Each main-post segment is closed into the person's account. A host closing a
    // segment at a mid-period change would score it from an evaluation of the facts up
    // to the change day; here the year's evaluation serves every segment.
    for person in graph.persons_in(&period) {
        let mut account = PersonalAccount::new(person.clone(), period);
        account.close_segments(&graph, |post, _| {
            linkage.person_in_posts(person, std::slice::from_ref(post))
        })?;
        for entry in account.entries() {
            for p in entry.score.parts() {
                let name = &plan.get(&p.indicator).ok_or("planned")?.indicator.name;
                println!(
                    "{} {name} → {} scored {}/{} → {} → {} → {} {} × weight {} = {}",
                    p.indicator,
                    p.unit,
                    f2(p.org_score),
                    f2(p.points),
                    p.department,
                    p.post,
                    person,
                    p.role.name_zh(),
                    f2(p.weight),
                    fixed(p.contribution, 4, Rounding::HalfUp),
                );
            }
            println!(
                "  {person} in {} {}: {} days, score {}",
                entry.post,
                entry.held,
                entry.days,
                f2(entry.score.score())
            );
        }
        let s = account.period_score(&AccountOptions::default())?;
        println!(
            "{person} period score {} over {} days",
            f2(s.score),
            s.days_held
        );
    }
    Ok(())
}
