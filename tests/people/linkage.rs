use rust_decimal_macros::dec;
use scorecard::org::{PersonId, PostId};
use scorecard::people::{LinkOptions, Linkage, Role};

use crate::support::plan::{assessed, confirmed, day, graph, plan};

#[test]
fn the_organisation_scores_the_fixture_expects() {
    let p = plan();
    let (_, e) = assessed(&p);
    let score = |u: &str, i: &str| e.pair(&u.into(), &i.into()).expect("pair").score;
    assert_eq!(score("B1", "I001"), dec!(31)); // 40 × 620 / 800
    assert_eq!(score("B1", "I051"), dec!(12)); // 30 × (0.05 − 0.042) / 0.02
    assert_eq!(score("B1", "I130"), dec!(14)); // 20 − 3 × 2
    assert_eq!(score("B1", "M01"), dec!(8)); // 10 − 2 findings × 1
    assert_eq!(e.unit(&"B2".into()).expect("B2").raw_total, dec!(100));
}

#[test]
fn an_equal_split_over_the_indicators_a_person_carries() {
    let g = graph();
    let p = plan();
    let d = confirmed(&p, &g);
    let (a, e) = assessed(&p);
    let link = Linkage::new(&d, &a, &e, LinkOptions::new());
    let s = link
        .person_on(&"P1".into(), day(2026, 12, 31), &g)
        .expect("P1");
    // I001 co (rate 31/40 = 0.775), I051 lead (rate 12/30 = 0.4), 50 each
    let parts: Vec<(String, String, String)> = s
        .parts()
        .iter()
        .map(|p| {
            (
                p.indicator.to_string(),
                p.weight.to_string(),
                p.rate.to_string(),
            )
        })
        .collect();
    assert_eq!(
        parts,
        [
            ("I001".into(), "50.00".into(), "0.775".into()),
            ("I051".into(), "50.00".into(), "0.4".into())
        ]
    );
    assert_eq!(s.score(), dec!(58.75));
    assert_eq!(s.posts(), [PostId::from("B1-NS-1")]);
    // the trace leads back to the organisation's scores
    assert_eq!(s.parts()[0].org_score, dec!(31));
    assert_eq!(s.parts()[0].unit.as_str(), "B1");
    assert_eq!(s.parts()[0].post.as_str(), "B1-NS-1");
    assert_eq!(s.parts()[0].role, Role::Co);
    let traces = s.org_traces(&a, &e).expect("traces");
    assert_eq!(traces.len(), 2);
    assert_eq!(traces[1].score, dec!(12));
}

#[test]
fn lead_and_co_shares_70_30() {
    let g = graph();
    let p = plan();
    let d = confirmed(&p, &g);
    let (a, e) = assessed(&p);
    let o = LinkOptions::new().shares(dec!(70), dec!(30));
    let s = Linkage::new(&d, &a, &e, o)
        .person_on(&"P1".into(), day(2026, 1, 1), &g)
        .expect("P1");
    let weights: Vec<_> = s.parts().iter().map(|p| p.weight).collect();
    assert_eq!(weights, [dec!(30), dec!(70)]);
    assert_eq!(s.score(), dec!(51.25)); // 30 × 0.775 + 70 × 0.4
}

#[test]
fn four_indicators_split_evenly_and_spare_units_go_to_the_earliest() {
    let g = graph();
    let p = plan();
    let d = confirmed(&p, &g);
    let (a, e) = assessed(&p);
    // P4 carries all four indicators at B2; with I130 and M01 only via one post each
    let s = Linkage::new(&d, &a, &e, LinkOptions::new())
        .person_in_posts(&"P4".into(), &["B2-NS-1".into()])
        .expect("P4");
    let weights: Vec<_> = s.parts().iter().map(|p| p.weight).collect();
    assert_eq!(weights, [dec!(25), dec!(25), dec!(25), dec!(25)]);
    assert_eq!(s.score(), dec!(100));
    let o = LinkOptions::new().overall(dec!(10)).weight_places(0);
    let s = Linkage::new(&d, &a, &e, o)
        .person_in_posts(&"P4".into(), &["B2-NS-1".into()])
        .expect("P4");
    let weights: Vec<_> = s.parts().iter().map(|p| p.weight).collect();
    assert_eq!(weights, [dec!(3), dec!(3), dec!(2), dec!(2)]);
}

#[test]
fn a_person_who_carries_nothing_scores_zero_with_no_parts() {
    let g = graph();
    let p = plan();
    let d = confirmed(&p, &g);
    let (a, e) = assessed(&p);
    let s = Linkage::new(&d, &a, &e, LinkOptions::new())
        .person_on(&PersonId::from("P9"), day(2026, 1, 1), &g)
        .expect("nobody");
    assert!(s.parts().is_empty());
    assert_eq!(s.score(), dec!(0));
}

#[test]
fn an_overall_weight_finer_than_the_weights_is_an_error() {
    let g = graph();
    let p = plan();
    let d = confirmed(&p, &g);
    let (a, e) = assessed(&p);
    let o = LinkOptions::new().overall(dec!(33.333));
    assert!(
        Linkage::new(&d, &a, &e, o)
            .person_on(&"P1".into(), day(2026, 1, 1), &g)
            .is_err()
    );
}

#[test]
fn a_person_score_serialises_but_cannot_be_typed_in() {
    let g = graph();
    let p = plan();
    let d = confirmed(&p, &g);
    let (a, e) = assessed(&p);
    let s = Linkage::new(&d, &a, &e, LinkOptions::new())
        .person_on(&"P1".into(), day(2026, 1, 1), &g)
        .expect("P1");
    let json = serde_json::to_value(&s).expect("json");
    assert_eq!(json["score"], "58.75");
    assert_eq!(json["parts"][0]["weight"], "50.00");
    assert_eq!(json["parts"][0]["post"], "B1-NS-1");
}
