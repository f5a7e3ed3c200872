//! Horizontal and vertical comparison on worked cases.

use rust_decimal::Decimal;
use scorecard::analysis::{
    CompareOptions, PeerComparison, PeerScope, Quantity, Subject, Trend, checked_pct_change,
    horizontal, percentile_rank, vertical,
};
use scorecard::{Direction, IndicatorId};

use super::{assessment, evaluation, sums};
use crate::support::d;

fn find<'a>(rows: &'a [PeerComparison], unit: &str) -> &'a PeerComparison {
    rows.iter()
        .find(|r| r.unit.as_str() == unit)
        .expect("the unit")
}

#[test]
fn percentage_change_on_zero_and_negative_bases() {
    assert_eq!(checked_pct_change(d("80"), d("100")), Some(d("0.25")));
    assert_eq!(checked_pct_change(d("100"), d("80")), Some(d("-0.2")));
    // zero base: undefined
    assert_eq!(checked_pct_change(d("0"), d("5")), None);
    assert_eq!(checked_pct_change(d("0"), d("0")), None);
    // negative base: relative to |base|, the sign follows the direction of the move
    assert_eq!(checked_pct_change(d("-10"), d("-5")), Some(d("0.5")));
    assert_eq!(checked_pct_change(d("-10"), d("-20")), Some(d("-1")));
    assert_eq!(checked_pct_change(d("-4"), d("2")), Some(d("1.5")));
    // to zero
    assert_eq!(checked_pct_change(d("5"), d("0")), Some(d("-1")));
}

#[test]
fn horizontal_gaps_in_an_odd_group() {
    let (a, e) = evaluation();
    let rows = horizontal(&a, &e, &["I001".into()], CompareOptions::new()).expect("compares");
    assert_eq!(rows.len(), 9);
    // halls score 10, 9, 8, 7, 6: best 10, mean 8, median 8
    let h3 = find(&rows, "H3");
    let s = h3.peers.expect("peers");
    assert_eq!(
        (s.count, s.best, s.worst, s.mean, s.median),
        (5, d("10"), d("6"), d("8"), d("8"))
    );
    assert_eq!(h3.value, Some(d("8")));
    assert_eq!(h3.gap_to_best, Some(d("2")));
    assert_eq!(h3.gap_to_mean, Some(d("0")));
    assert_eq!(h3.gap_to_median, Some(d("0")));
    assert_eq!(h3.percentile, Some(d("50")));
    let h1 = find(&rows, "H1");
    assert_eq!(
        (h1.gap_to_best, h1.gap_to_mean),
        (Some(d("0")), Some(d("-2")))
    );
    assert_eq!(h1.percentile, Some(d("100")));
    assert_eq!(find(&rows, "H5").percentile, Some(d("0")));
}

#[test]
fn horizontal_gaps_in_an_even_group() {
    let (a, e) = evaluation();
    let rows = horizontal(&a, &e, &["I001".into()], CompareOptions::new()).expect("compares");
    // keys score 10, 9.5, 8.5, 7.5: mean 8.875, median (8.5 + 9.5) / 2 = 9
    let k3 = find(&rows, "K3");
    let s = k3.peers.expect("peers");
    assert_eq!((s.mean, s.median), (d("8.875"), d("9")));
    assert_eq!(k3.gap_to_best, Some(d("1.5")));
    assert_eq!(k3.gap_to_mean, Some(d("0.375")));
    assert_eq!(k3.gap_to_median, Some(d("0.5")));
    // one of three others is worse
    assert_eq!(
        k3.percentile
            .map(|p| scorecard::fixed(p, 2, scorecard::Rounding::HalfUp)),
        Some("33.33".into())
    );
}

#[test]
fn horizontal_on_values_follows_the_indicators_direction() {
    let (a, e) = evaluation();
    let options = CompareOptions::new().on(Quantity::Value);
    let rows = horizontal(&a, &e, &["I002".into()], options).expect("compares");
    // complaints 0, 1, 2, 0, 3 in the halls: fewer is better, best 0, mean 1.2, median 1
    let h2 = find(&rows, "H2");
    assert_eq!(h2.direction, Direction::LowerIsBetter);
    let s = h2.peers.expect("peers");
    assert_eq!(
        (s.best, s.worst, s.mean, s.median),
        (d("0"), d("3"), d("1.2"), d("1"))
    );
    assert_eq!(h2.gap_to_best, Some(d("1")));
    assert_eq!(h2.gap_to_mean, Some(d("-0.2")));
    assert_eq!(h2.gap_to_median, Some(d("0")));
    // two are worse (2 and 3), two better: 2 / 4
    assert_eq!(h2.percentile, Some(d("50")));
}

#[test]
fn horizontal_within_a_region() {
    let (a, e) = evaluation();
    let options = CompareOptions::new().scope(PeerScope::Region);
    let rows = horizontal(&a, &e, &["I001".into()], options).expect("compares");
    // 乙市's halls: H4 7 and H5 6
    let h4 = find(&rows, "H4");
    let s = h4.peers.expect("peers");
    assert_eq!(
        (s.count, s.best, s.mean, s.median),
        (2, d("7"), d("6.5"), d("6.5"))
    );
    assert_eq!(h4.gap_to_mean, Some(d("-0.5")));
    assert_eq!(h4.percentile, Some(d("100")));
    assert_eq!(h4.region.as_deref(), Some("乙市"));
}

#[test]
fn an_unknown_indicator_is_an_error() {
    let (a, e) = evaluation();
    let err = horizontal(&a, &e, &[IndicatorId::from("I999")], CompareOptions::new())
        .expect_err("unknown");
    assert_eq!(err.to_string(), "indicator I999 is not in the scheme");
}

#[test]
fn percentile_ranks_share_ties() {
    let v = [d("1"), d("2"), d("2"), d("3")];
    let p = percentile_rank(d("2"), &v, Direction::HigherIsBetter).expect("a percentile");
    assert_eq!(scorecard::fixed(p, 2, scorecard::Rounding::HalfUp), "33.33");
    assert_eq!(
        percentile_rank(d("3"), &v, Direction::LowerIsBetter).expect("a percentile"),
        d("0")
    );
    assert_eq!(
        percentile_rank(d("3"), &[d("3")], Direction::LowerIsBetter).expect("alone"),
        d("100")
    );
}

#[test]
fn percentile_ranks_stay_within_0_and_100_outside_the_group() {
    let v = [d("60"), d("70"), d("80"), d("90")];
    let rank = |x: &str, dir| percentile_rank(d(x), &v, dir).expect("a percentile");
    // above every value: 100 (the old formula gave 4 / 3 × 100 = 133.33)
    assert_eq!(rank("95", Direction::HigherIsBetter), d("100"));
    assert_eq!(rank("50", Direction::HigherIsBetter), d("0"));
    // between values: strictly worse values over all n
    assert_eq!(rank("75", Direction::HigherIsBetter), d("50"));
    assert_eq!(rank("75", Direction::LowerIsBetter), d("50"));
    assert_eq!(rank("50", Direction::LowerIsBetter), d("100"));
    let empty = percentile_rank(d("1"), &[], Direction::HigherIsBetter).expect_err("empty");
    assert!(empty.is_invalid_input());
    assert_eq!(empty.to_string(), "percentile rank: the group is empty");
}

#[test]
fn vertical_series_with_change_and_trend() {
    let a = assessment();
    // three periods: H2's D001 90 → 0 → 60 (a zero base in the middle)
    let mut s1 = sums();
    let e1 = a.evaluate(&s1).expect("evaluates");
    s1.set("H2", "D001", d("0"));
    let e2 = a.evaluate(&s1).expect("evaluates");
    s1.set("H2", "D001", d("60"));
    let e3 = a.evaluate(&s1).expect("evaluates");
    let history = [("2024", &e1), ("2025", &e2), ("2026", &e3)];
    let subject = Subject::Indicator("I001".into(), Quantity::Score);
    let s =
        vertical(&history, &"H2".into(), &subject, Direction::HigherIsBetter).expect("a series");
    let values: Vec<Option<Decimal>> = s.points.iter().map(|p| p.value).collect();
    assert_eq!(values, [Some(d("9")), Some(d("0")), Some(d("6"))]);
    assert_eq!(s.points[0].change, None);
    assert_eq!(s.points[1].change, Some(d("-9")));
    assert_eq!(s.points[1].pct_change, Some(d("-1")));
    // from a zero base: the change is 6, the percentage undefined
    assert_eq!(s.points[2].change, Some(d("6")));
    assert_eq!(s.points[2].pct_change, None);
    // period 2: halls 10, 0, 8, 7, 6 → mean 6.2, median 7
    assert_eq!(s.points[1].group_mean, Some(d("6.2")));
    assert_eq!(s.points[1].group_median, Some(d("7")));
    // slope sign: −9 + 6 = −3 < 0
    assert_eq!(s.trend, Trend::Falling);
    assert_eq!(s.improving, Some(false));

    let total = vertical(
        &history,
        &"H2".into(),
        &Subject::Total,
        Direction::HigherIsBetter,
    )
    .expect("a series");
    assert_eq!(total.points[0].value, Some(d("13")));
    assert_eq!(total.points[0].group_median, Some(d("12")));
}

#[test]
fn vertical_on_a_value_where_lower_is_better() {
    let a = assessment();
    let mut s = sums();
    let e1 = a.evaluate(&s).expect("evaluates");
    s.set("H5", "D002", d("1"));
    let e2 = a.evaluate(&s).expect("evaluates");
    let subject = Subject::Indicator("I002".into(), Quantity::Value);
    let series = vertical(
        &[("2025", &e1), ("2026", &e2)],
        &"H5".into(),
        &subject,
        Direction::LowerIsBetter,
    )
    .expect("a series");
    assert_eq!(series.points[1].change, Some(d("-2")));
    assert_eq!(series.trend, Trend::Falling);
    assert_eq!(series.improving, Some(true));
    assert!(
        vertical(
            &[("2025", &e1)],
            &"X9".into(),
            &subject,
            Direction::LowerIsBetter
        )
        .is_err()
    );
}
