use rust_decimal_macros::dec;
use scorecard::Period;
use scorecard::org::PostId;
use scorecard::people::{
    AccountOptions, DayConvention, LinkOptions, Linkage, PersonalAccount, split_at,
};

use crate::support::plan::{assessed, confirmed, day, graph, plan};

#[test]
fn a_mid_year_change_closes_the_first_post_and_weights_by_days() {
    let g = graph();
    let p = plan();
    let d = confirmed(&p, &g);
    let (a, e) = assessed(&p);
    let link = Linkage::new(&d, &a, &e, LinkOptions::new());
    let year = Period::year(2026).expect("2026");
    let mut acc = PersonalAccount::new("P2", year);
    acc.close_segments(&g, |post, _| {
        link.person_in_posts(&"P2".into(), std::slice::from_ref(post))
    })
    .expect("segments");
    let entries: Vec<(String, u32, rust_decimal::Decimal)> = acc
        .entries()
        .iter()
        .map(|e| (e.post.to_string(), e.days, e.score.score()))
        .collect();
    // B1-NS-2: I130 rate 0.7 → 70; B1-ZS-1: I001 0.775 and M01 0.8 → 78.75
    assert_eq!(
        entries,
        [
            ("B1-NS-2".into(), 181, dec!(70)),
            ("B1-ZS-1".into(), 184, dec!(78.75))
        ]
    );
    let s = acc.period_score(&AccountOptions::default()).expect("score");
    let w: Vec<_> = s.parts.iter().map(|p| p.weight).collect();
    assert_eq!(w, [dec!(0.495890), dec!(0.504110)]);
    assert_eq!(s.days_held, 365);
    assert_eq!(s.days_uncovered, 0);
    assert_eq!(s.score, dec!(74.41)); // (181 × 70 + 184 × 78.75) / 365 = 74.4109…
}

fn closed(acc: &mut PersonalAccount, post: &str, from: chrono::NaiveDate, to: chrono::NaiveDate) {
    let g = graph();
    let p = plan();
    let d = confirmed(&p, &g);
    let (a, e) = assessed(&p);
    let s = Linkage::new(&d, &a, &e, LinkOptions::new())
        .person_in_posts(acc.person(), &[PostId::from(post)])
        .expect("a score");
    acc.close(post.into(), Period::new(from, to).expect("held"), s)
        .expect("closed");
}

#[test]
fn a_leap_year_counts_29_february() {
    let year = Period::year(2024).expect("2024");
    assert_eq!(year.days(), 366);
    let mut acc = PersonalAccount::new("P2", year);
    closed(&mut acc, "B1-NS-2", day(2024, 1, 1), day(2024, 2, 29));
    closed(&mut acc, "B1-ZS-1", day(2024, 3, 1), day(2024, 12, 31));
    let s = acc
        .period_score(&AccountOptions {
            weight_places: 4,
            ..AccountOptions::default()
        })
        .expect("score");
    assert_eq!(s.parts[0].days, 60);
    assert_eq!(s.parts[1].days, 306);
    // shown, not used: 60/366 = 0.16393…, 306/366 = 0.83606…
    assert_eq!(s.parts[0].weight, dec!(0.1639));
    assert_eq!(s.parts[1].weight, dec!(0.8361));
    // (60 × 70 + 306 × 78.75) / 366 = 28 297.5 / 366 = 77.3155…
    assert_eq!(s.score_days, dec!(28297.5));
    assert_eq!(s.exact, dec!(28297.5) / dec!(366));
    assert_eq!(s.score, dec!(77.32));
}

#[test]
fn the_period_score_never_uses_the_rounded_weights() {
    // Three posts of 122, 122 and 121 days: shown to 1 place, every weight is 0.3, yet
    // the score is (122 × 70 + 122 × 78.75 + 121 × 70) / 365 = 26 617.5 / 365 = 72.924…
    // (with the shown weights it would be 0.3 × 218.75 = 65.625)
    let year = Period::year(2026).expect("2026");
    let mut acc = PersonalAccount::new("P2", year);
    closed(&mut acc, "B1-NS-2", day(2026, 1, 1), day(2026, 5, 2));
    closed(&mut acc, "B1-ZS-1", day(2026, 5, 3), day(2026, 9, 1));
    closed(&mut acc, "B1-NS-2", day(2026, 9, 2), day(2026, 12, 31));
    let s = acc
        .period_score(&AccountOptions {
            weight_places: 1,
            ..AccountOptions::default()
        })
        .expect("score");
    let days: Vec<u32> = s.parts.iter().map(|p| p.days).collect();
    assert_eq!(days, [122, 122, 121]);
    assert!(s.parts.iter().all(|p| p.weight == dec!(0.3)));
    assert_eq!(s.score_days, dec!(26617.5));
    assert_eq!(s.score, dec!(72.92));
}

#[test]
fn a_half_open_segment_ends_on_the_day_of_the_change() {
    let year = Period::year(2024).expect("2024");
    let mut acc = PersonalAccount::new("P2", year).convention(DayConvention::HalfOpen);
    // [1 January, 1 March) and [1 March, 1 January 2025): 60 and 306 days, as inclusive
    closed(&mut acc, "B1-NS-2", day(2024, 1, 1), day(2024, 3, 1));
    closed(&mut acc, "B1-ZS-1", day(2024, 3, 1), day(2025, 1, 1));
    let days: Vec<u32> = acc.entries().iter().map(|e| e.days).collect();
    assert_eq!(days, [60, 306]);
    assert_eq!(acc.entries()[0].held.end(), day(2024, 2, 29));
    let s = acc.period_score(&AccountOptions::default()).expect("score");
    assert_eq!(s.score, dec!(77.32));
}

#[test]
fn a_half_open_segment_of_no_day_is_refused() {
    let year = Period::year(2024).expect("2024");
    let mut acc = PersonalAccount::new("P2", year).convention(DayConvention::HalfOpen);
    let g = graph();
    let p = plan();
    let d = confirmed(&p, &g);
    let (a, e) = assessed(&p);
    let s = Linkage::new(&d, &a, &e, LinkOptions::new())
        .person_in_posts(acc.person(), &[PostId::from("B1-NS-2")])
        .expect("a score");
    let err = acc
        .close(
            "B1-NS-2".into(),
            Period::new(day(2024, 3, 1), day(2024, 3, 1)).expect("p"),
            s,
        )
        .expect_err("no day");
    assert!(
        err.is_invalid_org() && err.to_string().contains("holds no day"),
        "{err}"
    );
}

#[test]
fn a_change_on_the_first_day_gives_the_old_post_nothing() {
    let year = Period::year(2026).expect("2026");
    assert!(split_at(&year, day(2026, 1, 1)).is_none());
    let mut acc = PersonalAccount::new("P2", year);
    closed(&mut acc, "B1-ZS-1", day(2026, 1, 1), day(2026, 12, 31));
    let s = acc.period_score(&AccountOptions::default()).expect("score");
    assert_eq!(s.parts.len(), 1);
    assert_eq!(s.parts[0].weight, dec!(1));
    assert_eq!(s.score, dec!(78.75));
}

#[test]
fn a_change_on_the_last_day_gives_the_new_post_one_day() {
    let year = Period::year(2026).expect("2026");
    let (before, after) = split_at(&year, day(2026, 12, 31)).expect("a split");
    assert_eq!((before.days(), after.days()), (364, 1));
    let mut acc = PersonalAccount::new("P2", year);
    closed(&mut acc, "B1-NS-2", before.start(), before.end());
    closed(&mut acc, "B1-ZS-1", after.start(), after.end());
    let s = acc.period_score(&AccountOptions::default()).expect("score");
    assert_eq!(s.parts[1].days, 1);
    assert_eq!(s.parts[0].weight, dec!(0.997260)); // 364/365 = 0.9972602…
    assert_eq!(s.parts[1].weight, dec!(0.002740)); // 1/365 = 0.0027397…
    // (364 × 70 + 78.75) / 365 ≈ 70.024
    assert_eq!(s.score, dec!(70.02));
}

#[test]
fn several_changes_and_a_gap() {
    let year = Period::year(2026).expect("2026");
    let mut acc = PersonalAccount::new("P2", year);
    closed(&mut acc, "B1-ZS-1", day(2026, 10, 1), day(2026, 12, 31));
    closed(&mut acc, "B1-NS-2", day(2026, 1, 1), day(2026, 3, 31));
    closed(&mut acc, "B1-NS-1", day(2026, 4, 1), day(2026, 8, 31));
    let s = acc.period_score(&AccountOptions::default()).expect("score");
    let posts: Vec<&str> = s.parts.iter().map(|p| p.post.as_str()).collect();
    assert_eq!(posts, ["B1-NS-2", "B1-NS-1", "B1-ZS-1"]);
    assert_eq!(s.days_held, 90 + 153 + 92);
    assert_eq!(s.days_uncovered, 30); // September
    let total: rust_decimal::Decimal = s.parts.iter().map(|p| p.weight).sum();
    assert_eq!(total, dec!(1));
}

#[test]
fn each_day_counts_once_and_stays_in_the_period() {
    let year = Period::year(2026).expect("2026");
    let mut acc = PersonalAccount::new("P2", year);
    closed(&mut acc, "B1-NS-2", day(2026, 1, 1), day(2026, 6, 30));
    let g = graph();
    let p = plan();
    let d = confirmed(&p, &g);
    let (a, e) = assessed(&p);
    let link = Linkage::new(&d, &a, &e, LinkOptions::new());
    let s = link
        .person_in_posts(&"P2".into(), &["B1-ZS-1".into()])
        .expect("s");
    let e1 = acc
        .close(
            "B1-ZS-1".into(),
            Period::new(day(2026, 6, 30), day(2026, 12, 31)).expect("p"),
            s.clone(),
        )
        .expect_err("06-30 twice");
    assert!(e1.is_invalid_org());
    assert!(
        acc.close(
            "B1-ZS-1".into(),
            Period::new(day(2026, 7, 1), day(2027, 1, 1)).expect("p"),
            s.clone()
        )
        .is_err()
    );
    let other = link
        .person_in_posts(&"P1".into(), &["B1-NS-1".into()])
        .expect("P1");
    assert!(
        acc.close(
            "B1-NS-1".into(),
            Period::new(day(2026, 7, 1), day(2026, 12, 31)).expect("p"),
            other
        )
        .is_err()
    );
    assert!(
        PersonalAccount::new("P2", year)
            .period_score(&AccountOptions::default())
            .is_err()
    );
}
