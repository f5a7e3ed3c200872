use scorecard::org::{BureauLevel, OrgFinding, OrgGraph, OrgSpec};
use scorecard::org::{PersonId, PostId};
use scorecard::{Period, UnitId};

use crate::support::plan::{day, department, graph, org_unit, person, post, spec, tenure};

fn findings(spec: &OrgSpec) -> Vec<OrgFinding> {
    spec.check()
}

#[test]
fn the_fixture_is_clean() {
    assert!(findings(&spec()).is_empty());
    assert!(graph().findings().is_empty());
}

#[test]
fn a_repeated_id_is_fatal() {
    let mut s = spec();
    s.posts.push(post("B1-NS-1", "B1-NS", &[]));
    assert_eq!(
        findings(&s),
        [OrgFinding::Duplicate {
            what: "post".into(),
            id: "B1-NS-1".into()
        }]
    );
    let e = OrgGraph::new(s).expect_err("fatal");
    assert!(e.is_invalid_org());
    assert_eq!(e.to_string(), "organisation: post B1-NS-1 is given twice");
}

#[test]
fn an_unknown_reference_is_fatal() {
    let mut s = spec();
    s.departments.push(department("X-1", "NOWHERE"));
    s.tenures
        .push(tenure("P9", "B1-NS-1", day(2026, 1, 1), None));
    let f: Vec<OrgFinding> = findings(&s)
        .into_iter()
        .filter(OrgFinding::is_fatal)
        .collect();
    assert_eq!(f.len(), 2);
    assert_eq!(
        f[0].to_string(),
        "department X-1 refers to unit NOWHERE, which is not declared"
    );
    assert_eq!(
        f[1].to_string(),
        "a tenure of post B1-NS-1 refers to person P9, which is not declared"
    );
}

#[test]
fn two_roots_or_none_are_fatal() {
    let mut s = spec();
    s.units.push(org_unit("HN", BureauLevel::Province, None));
    assert_eq!(
        findings(&s),
        [OrgFinding::Roots {
            roots: vec!["HB".into(), "HN".into()]
        }]
    );
    let mut s = spec();
    s.units[0].parent = Some("B1".into());
    let f = findings(&s);
    assert!(f.contains(&OrgFinding::Roots { roots: vec![] }));
    assert!(OrgGraph::new(s).is_err());
}

#[test]
fn a_cycle_is_found_and_named_from_its_smallest_unit() {
    let mut s = spec();
    // SJZ → CA → SJZ
    s.units[1].parent = Some("CA".into());
    let f = findings(&s);
    let cycle: Vec<UnitId> = vec!["CA".into(), "SJZ".into()];
    assert!(f.contains(&OrgFinding::Cycle { units: cycle }), "{f:?}");
    let e = OrgGraph::new(s).expect_err("a cycle is fatal");
    assert!(e.to_string().contains("form a cycle") || e.to_string().contains("root"));
}

#[test]
fn a_level_that_cannot_sit_under_its_parent_is_fatal() {
    let mut s = spec();
    s.units
        .push(org_unit("B9", BureauLevel::Branch, Some("SJZ")));
    s.units
        .push(org_unit("JC2", BureauLevel::Inspection, Some("B1")));
    let f = findings(&s);
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(
        f[0].to_string(),
        "unit B9 (Branch) cannot sit under unit SJZ (City)"
    );
    assert!(matches!(&f[1], OrgFinding::LevelOrder { unit, .. } if unit.as_str() == "JC2"));
}

#[test]
fn a_backward_tenure_is_fatal() {
    let mut s = spec();
    s.tenures.push(tenure(
        "P4",
        "B2-NS-1",
        day(2026, 5, 1),
        Some(day(2026, 4, 30)),
    ));
    assert_eq!(
        findings(&s),
        [OrgFinding::BackwardTenure {
            person: "P4".into(),
            post: "B2-NS-1".into()
        }]
    );
    // the error names the person, as a value
    let e = OrgGraph::new(s).expect_err("fatal");
    assert!(e.is_invalid_org());
    assert_eq!(e.person().map(|p| p.as_str()), Some("P4"));
}

#[test]
fn two_holders_of_a_single_holder_post_on_one_day_is_a_finding() {
    let mut s = spec();
    // P4 also in B1-NS-1 (held by P1) on 2026-12-31 only, as a concurrent post
    let mut t = tenure("P4", "B1-NS-1", day(2026, 12, 31), Some(day(2026, 12, 31)));
    t.exclusive = false;
    s.tenures.push(t);
    let g = OrgGraph::new(s).expect("not fatal");
    assert_eq!(
        g.findings(),
        [OrgFinding::SharedPost {
            post: "B1-NS-1".into(),
            first: "P1".into(),
            second: "P4".into(),
            day: day(2026, 12, 31),
        }]
    );
    assert!(!g.findings()[0].is_fatal());
}

#[test]
fn a_multi_holder_post_may_be_shared() {
    let mut s = spec();
    s.posts[0].single_holder = false;
    let mut t = tenure("P4", "B1-NS-1", day(2026, 1, 1), None);
    t.exclusive = false;
    s.tenures.push(t);
    assert!(findings(&s).is_empty());
}

#[test]
fn overlapping_exclusive_tenures_of_one_person_is_a_finding() {
    let mut s = spec();
    // P1 gets B2-NS-1's sister post from 2026-03-01 without leaving B1-NS-1
    s.posts.push(post("B2-NS-2", "B2-NS", &[]));
    s.tenures
        .push(tenure("P1", "B2-NS-2", day(2026, 3, 1), None));
    let f = findings(&s);
    assert_eq!(
        f,
        [OrgFinding::OverlappingTenures {
            person: "P1".into(),
            first: "B1-NS-1".into(),
            second: "B2-NS-2".into(),
            day: day(2026, 3, 1),
        }]
    );
    assert_eq!(
        f[0].to_string(),
        "person P1 holds exclusive posts B1-NS-1 and B2-NS-2 on 2026-03-01"
    );
    // a concurrent post (兼职) does not overlap
    let mut s = spec();
    s.posts.push(post("B2-NS-2", "B2-NS", &[]));
    let mut t = tenure("P1", "B2-NS-2", day(2026, 3, 1), None);
    t.exclusive = false;
    s.tenures.push(t);
    assert!(findings(&s).is_empty());
}

#[test]
fn tenures_that_touch_do_not_overlap() {
    // P2 leaves B1-NS-2 on 06-30 and P3 takes it on 07-01: no finding.
    assert!(findings(&spec()).is_empty());
}

#[test]
fn hierarchy_queries() {
    let g = graph();
    assert_eq!(g.root().as_str(), "HB");
    let up: Vec<&str> = g
        .ancestors(&"B1".into())
        .iter()
        .map(|u| u.as_str())
        .collect();
    assert_eq!(up, ["CA", "SJZ", "HB"]);
    let down: Vec<&str> = g
        .children(&"SJZ".into())
        .iter()
        .map(|u| u.id.as_str())
        .collect();
    assert_eq!(down, ["CA", "JC"]);
    let deps: Vec<&str> = g
        .departments_of(&"B1".into())
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(deps, ["B1-NS", "B1-ZS"]);
    let posts: Vec<&str> = g
        .posts_of(&"B1-NS".into())
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(posts, ["B1-NS-1", "B1-NS-2"]);
    assert_eq!(
        g.unit(&"JC".into()).map(|u| u.level),
        Some(BureauLevel::Inspection)
    );
}

#[test]
fn holder_queries_include_both_ends() {
    let g = graph();
    let who = |post: &str, d| -> Vec<String> {
        g.holders(&PostId::from(post), d)
            .iter()
            .map(|t| t.person.to_string())
            .collect()
    };
    assert_eq!(who("B1-NS-2", day(2026, 6, 30)), ["P2"]);
    assert_eq!(who("B1-NS-2", day(2026, 7, 1)), ["P3"]);
    let held: Vec<String> = g
        .posts_held(&PersonId::from("P2"), day(2026, 7, 1))
        .iter()
        .map(|t| t.post.to_string())
        .collect();
    assert_eq!(held, ["B1-ZS-1"]);
    let year = Period::year(2026).expect("2026");
    let main: Vec<(String, u32)> = g
        .main_posts(&"P2".into(), &year)
        .into_iter()
        .map(|(p, held)| (p.to_string(), held.days()))
        .collect();
    assert_eq!(
        main,
        [("B1-NS-2".to_string(), 181), ("B1-ZS-1".to_string(), 184)]
    );
    let persons: Vec<&str> = g.persons_in(&year).iter().map(|p| p.as_str()).collect();
    assert_eq!(persons, ["P1", "P2", "P3", "P4"]);
}

#[test]
fn the_first_vacant_day_of_a_post() {
    let mut s = spec();
    s.tenures.retain(|t| t.person.as_str() != "P3");
    let g = OrgGraph::new(s).expect("valid");
    let year = Period::year(2026).expect("2026");
    // B1-NS-2: P2 until 06-30, then nobody
    assert_eq!(
        g.first_vacant_day(&"B1-NS-2".into(), &year),
        Some(day(2026, 7, 1))
    );
    // B1-ZS-1: P2 from 07-01 only
    assert_eq!(
        g.first_vacant_day(&"B1-ZS-1".into(), &year),
        Some(day(2026, 1, 1))
    );
    assert_eq!(g.first_vacant_day(&"B1-NS-1".into(), &year), None);
}

#[test]
fn a_graph_reads_from_json() {
    let s: OrgSpec = serde_json::from_value(serde_json::json!({
        "units": [{"id": "HB", "level": "province"}, {"id": "SJZ", "level": "city", "parent": "HB"}],
        "departments": [{"id": "D1", "unit": "SJZ"}],
        "posts": [{"id": "P1", "department": "D1", "duties": ["申报管理"]}],
        "persons": [{"id": "Z1"}],
        "tenures": [{"person": "Z1", "post": "P1", "start": "2024-02-29"}]
    }))
    .expect("json");
    let g = OrgGraph::new(s).expect("valid");
    assert!(g.post(&"P1".into()).expect("P1").single_holder);
    assert_eq!(g.holders(&"P1".into(), day(2030, 1, 1)).len(), 1);
    let _ = person("unused");
}
