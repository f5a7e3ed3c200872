use scorecard::org::OrgGraph;
use scorecard::people::{DecompositionFinding, Proposal, Role, decompose};
use scorecard::{IndicatorId, UnitId};

use crate::support::plan::{confirmed, day, graph, plan, proposals, spec};

fn chain(d: &scorecard::people::Decomposition) -> Vec<String> {
    d.links()
        .iter()
        .map(|l| {
            format!(
                "{} {} {} {} {:?}",
                l.indicator, l.unit, l.department, l.post, l.role
            )
        })
        .collect()
}

#[test]
fn indicators_reach_posts_through_duties() {
    let d = confirmed(&plan(), &graph());
    assert_eq!(
        chain(&d),
        [
            "I001 B1 B1-NS B1-NS-1 Co",
            "I001 B1 B1-ZS B1-ZS-1 Lead",
            "I001 B2 B2-NS B2-NS-1 Lead",
            "I051 B1 B1-NS B1-NS-1 Lead",
            "I051 B2 B2-NS B2-NS-1 Lead",
            "I130 B1 B1-NS B1-NS-2 Lead",
            "I130 B2 B2-NS B2-NS-1 Lead",
            "M01 B1 B1-ZS B1-ZS-1 Lead",
            "M01 B2 B2-NS B2-NS-1 Lead",
        ]
    );
    assert_eq!(d.findings(&graph()), []);
}

#[test]
fn who_answers_for_an_indicator_at_a_unit_on_a_day() {
    let g = graph();
    let d = confirmed(&plan(), &g);
    let who = |date| -> Vec<String> {
        d.who_answers(&IndicatorId::from("I001"), &UnitId::from("B1"), date, &g)
            .iter()
            .map(|r| format!("{} {} {}", r.person, r.post, r.role.name_zh()))
            .collect()
    };
    assert_eq!(
        who(day(2026, 6, 30)),
        ["P3 B1-ZS-1 承接", "P1 B1-NS-1 协办"]
    );
    assert_eq!(who(day(2026, 7, 1)), ["P2 B1-ZS-1 承接", "P1 B1-NS-1 协办"]);
}

#[test]
fn what_a_person_answers_for() {
    let g = graph();
    let d = confirmed(&plan(), &g);
    let what = |person: &str, date| -> Vec<String> {
        d.answers_for(&person.into(), date, &g)
            .iter()
            .map(|l| format!("{} {} {:?}", l.indicator, l.unit, l.role))
            .collect()
    };
    assert_eq!(what("P1", day(2026, 3, 1)), ["I001 B1 Co", "I051 B1 Lead"]);
    assert_eq!(what("P2", day(2026, 3, 1)), ["I130 B1 Lead"]);
    assert_eq!(what("P2", day(2026, 9, 1)), ["I001 B1 Lead", "M01 B1 Lead"]);
    assert_eq!(what("P9", day(2026, 9, 1)), Vec::<String>::new());
}

#[test]
fn unconfirmed_links_are_a_finding_and_answer_for_nothing() {
    let g = graph();
    let mut d = decompose(&plan(), &proposals(), &g);
    let f = d.findings(&g);
    assert_eq!(f.len(), 8);
    assert!(
        f.iter()
            .all(|f| matches!(f, DecompositionFinding::Unconfirmed { .. }))
    );
    assert!(
        d.who_answers(&"I051".into(), &"B1".into(), day(2026, 1, 1), &g)
            .is_empty()
    );
    d.confirm(&"B1".into(), &"I051".into()).expect("proposed");
    assert_eq!(
        d.who_answers(&"I051".into(), &"B1".into(), day(2026, 1, 1), &g)
            .len(),
        1
    );
    assert_eq!(d.findings(&g).len(), 7);
    assert!(d.confirm(&"B1".into(), &"I999".into()).is_err());
}

#[test]
fn the_unit_may_choose_its_own_posts() {
    let g = graph();
    let mut d = confirmed(&plan(), &g);
    d.confirm_posts(
        &"B1".into(),
        &"I130".into(),
        &[("B1-NS-2".into(), Role::Lead), ("B1-NS-1".into(), Role::Co)],
        &g,
    )
    .expect("posts of B1");
    let who: Vec<String> = d
        .who_answers(&"I130".into(), &"B1".into(), day(2026, 1, 1), &g)
        .iter()
        .map(|r| format!("{} {:?}", r.person, r.role))
        .collect();
    assert_eq!(who, ["P2 Lead", "P1 Co"]);
    let e = d
        .confirm_posts(
            &"B1".into(),
            &"I130".into(),
            &[("B2-NS-1".into(), Role::Co)],
            &g,
        )
        .expect_err("a post of B2");
    assert_eq!(
        e.to_string(),
        "plan: post B2-NS-1 is not a post of unit B1 (indicator I130)"
    );
}

#[test]
fn a_proposal_of_an_unplanned_indicator() {
    let g = graph();
    let mut ps = proposals();
    ps.push(Proposal {
        indicator: "I999".into(),
        unit: "B1".into(),
        lead: "B1-NS".into(),
        co: vec![],
    });
    let d = decompose(&plan(), &ps, &g);
    assert!(d.findings(&g).contains(&DecompositionFinding::NotPlanned {
        indicator: "I999".into(),
        unit: "B1".into()
    }));
}

#[test]
fn a_department_outside_the_unit_and_one_without_a_matching_post() {
    let g = graph();
    let ps = vec![
        Proposal {
            indicator: "I051".into(),
            unit: "B1".into(),
            lead: "B2-NS".into(),
            co: vec!["B1-ZS".into()],
        },
        Proposal {
            indicator: "I130".into(),
            unit: "B1".into(),
            lead: "B1-ZS".into(),
            co: vec![],
        },
    ];
    let mut d = decompose(&plan(), &ps, &g);
    d.confirm_all(&"B1".into());
    let f = d.findings(&g);
    assert_eq!(
        f,
        [
            DecompositionFinding::DepartmentOutsideUnit {
                indicator: "I051".into(),
                unit: "B1".into(),
                department: "B2-NS".into()
            },
            DecompositionFinding::DepartmentWithoutPost {
                indicator: "I130".into(),
                unit: "B1".into(),
                department: "B1-ZS".into(),
                role: Role::Lead
            },
            DecompositionFinding::IndicatorWithoutPost {
                indicator: "I130".into(),
                unit: "B1".into()
            },
        ]
    );
    assert_eq!(
        f[2].to_string(),
        "indicator I130 reaches no post at unit B1"
    );
}

#[test]
fn a_post_with_no_holder_on_the_plans_dates() {
    let mut s = spec();
    s.tenures.retain(|t| t.person.as_str() != "P3");
    let g = OrgGraph::new(s).expect("valid");
    let d = confirmed(&plan(), &g);
    let f = d.findings(&g);
    assert_eq!(
        f,
        [
            DecompositionFinding::PostWithoutHolder {
                indicator: "I001".into(),
                unit: "B1".into(),
                post: "B1-ZS-1".into(),
                day: day(2026, 1, 1)
            },
            DecompositionFinding::PostWithoutHolder {
                indicator: "I130".into(),
                unit: "B1".into(),
                post: "B1-NS-2".into(),
                day: day(2026, 7, 1)
            },
            DecompositionFinding::PostWithoutHolder {
                indicator: "M01".into(),
                unit: "B1".into(),
                post: "B1-ZS-1".into(),
                day: day(2026, 1, 1)
            },
        ]
    );
}
