//! Bottlenecks: where points lost, alerts and incidents concentrate.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use scorecard::analysis::{BottleneckInput, Dimension, bottlenecks};
use scorecard::tolerance::{DefaultPolicy, Incident, Tolerated};
use scorecard::{IndicatorId, Period};

use super::evaluation;
use crate::support::{d, plan};

fn ranked(b: &scorecard::analysis::Bottlenecks, dim: Dimension) -> Vec<(String, Decimal)> {
    b.by(dim).iter().map(|h| (h.key.clone(), h.lost)).collect()
}

#[test]
fn points_lost_by_indicator_unit_category_and_step() {
    let (a, e) = evaluation();
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).expect("a date");
    let t = Tolerated::decide(
        &DefaultPolicy::new(7, 2),
        Period::year(2026).expect("a year"),
        vec![
            Incident::new("P1", "H3", "I002", "D002", day(3, 2)),
            Incident::new("P2", "H3", "I002", "D002", day(4, 2)),
        ],
    )
    .expect("decides");
    let steps: Vec<(IndicatorId, String)> = vec![
        ("I001".into(), "征收".into()),
        ("I002".into(), "纳税服务".into()),
    ];
    let input = BottleneckInput {
        incidents: t.decisions(),
        steps: &steps,
        ..Default::default()
    };
    let b = bottlenecks(&a, &e, &input).expect("counts");
    // completion lost 1 + 2 + 3 + 4 (halls) + 0.5 + 1.5 + 2.5 (keys) = 14.5;
    // complaints 1 + 2 + 3 + 1 + 2 = 9
    assert_eq!(b.total_lost, d("23.5"));
    assert_eq!(
        ranked(&b, Dimension::Indicator),
        [("I001".into(), d("14.5")), ("I002".into(), d("9"))]
    );
    let i001 = b.by(Dimension::Indicator)[0];
    assert_eq!(i001.deductions, 7);
    assert_eq!(
        i001.share
            .map(|s| scorecard::fixed(s, 4, scorecard::Rounding::HalfUp)),
        Some("0.6170".into())
    );
    let units: Vec<String> = b
        .by(Dimension::Unit)
        .iter()
        .map(|h| h.key.clone())
        .collect();
    assert_eq!(units, ["H5", "K4", "H3", "H4", "K3", "H2", "K2"]);
    assert_eq!(
        ranked(&b, Dimension::Category),
        [
            ("business".into(), d("14.5")),
            ("administration".into(), d("9"))
        ]
    );
    assert_eq!(
        ranked(&b, Dimension::Step),
        [("征收".into(), d("14.5")), ("纳税服务".into(), d("9"))]
    );
    let h3 = b
        .by(Dimension::Unit)
        .into_iter()
        .find(|h| h.key == "H3")
        .expect("H3");
    assert_eq!((h3.incidents, h3.deductions), (2, 2));
    assert!(b.by(Dimension::Post).is_empty());
}

#[test]
fn points_lost_by_the_department_and_post_that_answer() {
    let p = plan::plan();
    let graph = plan::graph();
    let decomposition = plan::confirmed(&p, &graph);
    let (a, e) = plan::assessed(&p);
    let input = BottleneckInput {
        decomposition: Some(&decomposition),
        ..Default::default()
    };
    let b = bottlenecks(&a, &e, &input).expect("counts");
    // every lost pair has one lead post: the posts' losses add up to the whole
    let posts = b.by(Dimension::Post);
    assert!(!posts.is_empty());
    let sum = posts.iter().fold(Decimal::ZERO, |s, h| s + h.lost);
    assert_eq!(sum, b.total_lost);
    assert!(b.total_lost > Decimal::ZERO);
    assert!(posts.windows(2).all(|w| w[0].lost >= w[1].lost));
    assert!(!b.by(Dimension::Department).is_empty());
}
