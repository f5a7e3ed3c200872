//! The smallest single-indicator move onto the red list.

use scorecard::analysis::{ListGoal, list_moves};

use super::{assessment, sums, targets};
use crate::support::d;

#[test]
fn what_would_move_h3_onto_the_red_list() {
    let a = assessment();
    let moves = list_moves(
        &a,
        &targets(),
        &sums(),
        &"H3".into(),
        &ListGoal::Join("red".into()),
    )
    .expect("searches");
    // H3 (12) must reach H2 (13; ties at the cut-off are listed). On I001 a D001 of
    // 89.95 scores 8.995 and the total 12.995 is published half up as 13.00; one
    // complaint fewer gives 4 + 8 + 1 = 13; two more innovations reach the bonus
    // ceiling of 2 → 13.
    let got: Vec<(&str, _, _, _)> = moves
        .iter()
        .map(|m| (m.indicator.as_str(), m.from, m.to, m.score_after))
        .collect();
    assert_eq!(
        got,
        [
            ("I001", d("80"), d("89.95"), d("8.995")),
            ("I002", d("2"), d("1"), d("4")),
            ("I003", d("2"), d("4"), d("2")),
        ]
    );
    assert!(moves.iter().all(|m| m.lists_after == ["red"]));
    assert_eq!(
        scorecard::fixed(moves[0].total_after, 2, scorecard::Rounding::HalfUp),
        "13.00"
    );
    assert_eq!(moves[0].change, d("9.95"));
    // already red: nothing to do
    let none = list_moves(
        &a,
        &targets(),
        &sums(),
        &"H1".into(),
        &ListGoal::Join("red".into()),
    )
    .expect("searches");
    assert!(none.is_empty());
}

#[test]
fn what_would_take_h5_off_the_black_list() {
    let a = assessment();
    let moves = list_moves(
        &a,
        &targets(),
        &sums(),
        &"H5".into(),
        &ListGoal::Leave("black".into()),
    )
    .expect("searches");
    // H5 (8) leaves the black list only when someone is strictly worse, i.e. above
    // H3 and H4's 12: I001 at most 10 (total 12, a tie, still last), no complaints
    // 6 + 5 = 11, the bonus ceiling 8 + 2 = 10. No single indicator suffices.
    assert!(moves.is_empty(), "{moves:?}");
    // with two of its three complaints gone too, full completion suffices
    let mut s = sums();
    s.set("H5", "D002", d("1"));
    let moves = list_moves(
        &a,
        &targets(),
        &s,
        &"H5".into(),
        &ListGoal::Leave("black".into()),
    )
    .expect("searches");
    let got: Vec<(&str, _)> = moves.iter().map(|m| (m.indicator.as_str(), m.to)).collect();
    // now 6 + 4 + 0 = 10: the total must publish above 12, i.e. reach 12.005 (half
    // up to 12.01), so I001 must score 8.005: D001 80.05. No complaints gives only 11.
    assert_eq!(got, [("I001", d("80.05"))]);
}

#[test]
fn a_step_further_on_is_found_past_a_flat_stretch() {
    use scorecard::rule::{Comparison, Measure, PassFail, Rule};
    use scorecard::{Assessment, Catalog, Indicator};

    // H4 (12) gets a pass/fail indicator worth 2 that passes at 40 study sessions: flat
    // (zero) from 0 to 39, so the doubling must not stop at the first flat step
    let mut indicators: Vec<Indicator> = super::scheme().indicators.indicators().to_vec();
    indicators.push(Indicator {
        id: "I004".into(),
        name: "理论学习".into(),
        name_en: Some("study sessions".into()),
        category: Default::default(),
        points: d("2"),
        groups: vec!["hall".into()],
        basis: None,
        assesses: String::new(),
        rule: Rule::PassFail(PassFail {
            direction: None,
            measure: Measure::Sum("D004".into()),
            op: Comparison::AtLeast,
            threshold: d("40"),
        }),
        rounding: None,
        display: None,
    });
    let mut scheme = super::scheme();
    scheme.indicators = Catalog::new(indicators).expect("valid");
    let a = Assessment::new(scheme, super::units(), &targets()).expect("valid");
    let mut s = sums();
    for u in ["H1", "H2", "H3"] {
        s.set(u, "D004", d("40"));
    }
    // H1 17, H2 15, H3 14, H4 12: 40 sessions give H4 14, tied with H3 but below the
    // red limit of 2 (H1, H2), so I004 moves nothing
    let moves = list_moves(
        &a,
        &targets(),
        &s,
        &"H4".into(),
        &ListGoal::Join("red".into()),
    )
    .expect("searches");
    assert!(moves.iter().all(|m| m.indicator.as_str() != "I004"));
    // H2 with four complaints: 9 + 1 + 0 + 2 = 12; red is H1 (17) and H3 (14), and H4
    // with 40 sessions ties H3 at 14: red
    s.set("H2", "D002", d("4"));
    let moves = list_moves(
        &a,
        &targets(),
        &s,
        &"H4".into(),
        &ListGoal::Join("red".into()),
    )
    .expect("searches");
    let i004 = moves
        .iter()
        .find(|m| m.indicator.as_str() == "I004")
        .expect("found");
    assert_eq!((i004.from, i004.to), (d("0"), d("40")));
}
