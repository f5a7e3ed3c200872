//! Streaming aggregation: views by date, overflow, and merging shards in any order.

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::facts::{Aggregates, Granularity};
use scorecard::{Fact, Period, Sums};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("a date")
}

fn fact(unit: &str, dp: &str, date: NaiveDate, value: Decimal) -> Fact {
    Fact::new(unit.into(), dp.into(), date, value)
}

fn sample(granularity: Granularity) -> Aggregates {
    let mut agg = Aggregates::new(granularity);
    for f in [
        fact("H1", "D01", day(1, 31), dec!(1.25)),
        fact("H1", "D01", day(2, 1), dec!(2)),
        fact("H1", "D01", day(2, 15), dec!(3.5)),
        fact("H1", "D01", day(3, 1), dec!(-0.75)),
        fact("H2", "D01", day(2, 1), dec!(10)),
    ] {
        agg.add(&f).expect("fits");
    }
    agg
}

#[test]
fn views_by_date() {
    let (h1, d01) = ("H1".into(), "D01".into());
    let by_day = sample(Granularity::Day);
    assert_eq!(by_day.len(), 5);
    let all = by_day.all().aggregate(&h1, &d01).expect("fits");
    assert_eq!((all.sum, all.count), (dec!(6.00), 4));
    let feb_15 = by_day
        .up_to(day(2, 15))
        .expect("by day")
        .aggregate(&h1, &d01)
        .expect("fits");
    assert_eq!((feb_15.sum, feb_15.count), (dec!(6.75), 3));
    let feb_14 = by_day
        .up_to(day(2, 14))
        .expect("by day")
        .aggregate(&h1, &d01)
        .expect("fits");
    assert_eq!((feb_14.sum, feb_14.count), (dec!(3.25), 2));
    let feb = Period::month(2026, 2).expect("a month");
    let in_feb = by_day
        .within(feb)
        .expect("by day")
        .aggregate(&h1, &d01)
        .expect("fits");
    assert_eq!((in_feb.sum, in_feb.count), (dec!(5.5), 2));
    let nothing = by_day
        .up_to(day(1, 1))
        .expect("by day")
        .aggregate(&h1, &d01)
        .expect("fits");
    assert_eq!((nothing.sum, nothing.count), (dec!(0), 0));

    let by_month = sample(Granularity::Month);
    assert_eq!(by_month.len(), 4);
    let to_feb = by_month
        .up_to(day(2, 28))
        .expect("a month end")
        .aggregate(&h1, &d01)
        .expect("fits");
    assert_eq!((to_feb.sum, to_feb.count), (dec!(6.75), 3));
    assert_eq!(
        by_month
            .within(feb)
            .expect("whole months")
            .aggregate(&h1, &d01)
            .expect("fits")
            .count,
        2
    );
    assert!(by_month.up_to(day(2, 15)).is_err());
    let cut = Period::new(day(2, 2), day(2, 28)).expect("a period");
    assert!(by_month.within(cut).is_err());

    let whole = sample(Granularity::Whole);
    assert_eq!(whole.len(), 2);
    assert_eq!(whole.all().aggregate(&h1, &d01).expect("fits").count, 4);
    assert!(whole.up_to(day(12, 31)).is_err());
    assert!(whole.within(feb).is_err());
    assert_eq!(
        whole
            .all()
            .aggregate(&"K9".into(), &d01)
            .expect("fits")
            .count,
        0
    );
}

#[test]
fn overflow_is_an_error_not_a_panic() {
    let mut agg = Aggregates::new(Granularity::Whole);
    agg.add(&fact("H1", "D01", day(1, 1), Decimal::MAX))
        .expect("fits");
    let err = agg
        .add(&fact("H1", "D01", day(1, 1), Decimal::MAX))
        .expect_err("overflows");
    assert!(err.is_overflow());
    assert_eq!(err.unit().map(|u| u.as_str()), Some("H1"));
    // the failed add left the sum as it was
    let a = agg
        .all()
        .aggregate(&"H1".into(), &"D01".into())
        .expect("fits");
    assert_eq!((a.sum, a.count), (Decimal::MAX, 1));

    // a sum that Decimal could only hold by rounding is an overflow too
    let mut agg = Aggregates::new(Granularity::Whole);
    let near = Decimal::from_i128_with_scale(79_228_162_514_264_337_593_543_950_300, 2);
    agg.add(&fact("H1", "D01", day(1, 1), near)).expect("fits");
    assert!(
        agg.add(&fact("H1", "D01", day(1, 1), dec!(1000.01)))
            .is_err()
    );

    // over days, the view's sum overflows when asked, not when stored
    let mut agg = Aggregates::new(Granularity::Day);
    agg.add(&fact("H1", "D01", day(1, 1), Decimal::MAX))
        .expect("fits");
    agg.add(&fact("H1", "D01", day(1, 2), Decimal::MAX))
        .expect("fits");
    assert!(
        agg.all()
            .aggregate(&"H1".into(), &"D01".into())
            .expect_err("overflows")
            .is_overflow()
    );
    assert!(
        agg.up_to(day(1, 1))
            .expect("by day")
            .aggregate(&"H1".into(), &"D01".into())
            .is_ok()
    );
}

#[test]
fn a_zero_with_more_places_is_added_not_refused() {
    // `Decimal` gives `1 + 0.0` back as `1`: that is no rounding, and the sum keeps
    // the larger scale (here 1 place, or 2 once −1.00 is in), in any order, one pass
    // or merged, by day or whole
    let (h1, d01) = ("H1".into(), "D01".into());
    for (values, expected) in [
        (vec![dec!(1), dec!(0.0)], "1.0"),
        (vec![dec!(0.0), dec!(1)], "1.0"),
        (vec![dec!(0), dec!(0.00)], "0.00"),
        (vec![dec!(1), dec!(-1.00), dec!(0.5)], "0.50"),
        (vec![dec!(0.5), dec!(1), dec!(-1.00)], "0.50"),
        (vec![dec!(-1.00), dec!(0.5), dec!(1)], "0.50"),
        // a zero sum has no sign, whichever zero came first (a host's `-x` of a zero
        // is a negative zero)
        (vec![-dec!(0.00), dec!(0.0)], "0.00"),
        (vec![dec!(0.0), -dec!(0.00)], "0.00"),
        (vec![-dec!(0.00)], "0.00"),
        (vec![dec!(-0.5), dec!(0.5)], "0.0"),
    ] {
        for granularity in [Granularity::Whole, Granularity::Day] {
            let mut one_pass = Aggregates::new(granularity);
            let mut merged = Aggregates::new(granularity);
            for (k, v) in (1..).zip(&values) {
                let f = fact("H1", "D01", day(1, k), *v);
                one_pass.add(&f).expect("exact");
                let mut shard = Aggregates::new(granularity);
                shard.add(&f).expect("exact");
                merged.merge(&shard).expect("exact");
            }
            for agg in [&one_pass, &merged] {
                let a = agg.all().aggregate(&h1, &d01).expect("exact");
                assert_eq!(
                    (a.sum.to_string(), a.count),
                    (expected.to_string(), values.len() as u64),
                    "{values:?} {granularity:?}"
                );
            }
            assert_eq!(
                serde_json::to_string(&one_pass).expect("serialises"),
                serde_json::to_string(&merged).expect("serialises")
            );
        }
    }
    // a zero of more places than the sum's mantissa can take is still an overflow
    let mut agg = Aggregates::new(Granularity::Whole);
    agg.add(&fact("H1", "D01", day(1, 1), Decimal::MAX))
        .expect("fits");
    assert!(
        agg.add(&fact("H1", "D01", day(1, 1), dec!(0.0)))
            .expect_err("no room for a place")
            .is_overflow()
    );
}

#[test]
fn merging_different_granularities_is_an_error() {
    let mut a = sample(Granularity::Day);
    assert!(a.merge(&sample(Granularity::Month)).is_err());
}

prop_compose! {
    /// A fact of up to 3 places; zero often, as `Decimal` adds it specially (`1 + 0.0` is `1`).
    fn arb_fact()(unit in 0usize..3, dp in 0usize..3, day in 0u64..400, cents in prop_oneof![9 => -100_000i64..100_000, 1 => Just(0)], scale in 0u32..4) -> Fact {
        let date = NaiveDate::from_ymd_opt(2025, 12, 1).expect("a date") + chrono::Days::new(day);
        fact(["H1", "H2", "K1"][unit], ["D01", "D02", "D03"][dp], date, Decimal::new(cents, scale))
    }
}

fn arb_granularity() -> impl Strategy<Value = Granularity> {
    prop_oneof![
        Just(Granularity::Whole),
        Just(Granularity::Month),
        Just(Granularity::Day)
    ]
}

proptest! {
    #[test]
    fn merging_shards_in_any_order_equals_one_pass(
        facts in prop::collection::vec(arb_fact(), 0..120),
        shard_of in prop::collection::vec(0usize..4, 120),
        order in Just(vec![0usize, 1, 2, 3]).prop_shuffle(),
        granularity in arb_granularity(),
    ) {
        let mut one_pass = Aggregates::new(granularity);
        let mut shards = vec![Aggregates::new(granularity); 4];
        for (f, s) in facts.iter().zip(&shard_of) {
            one_pass.add(f).expect("fits");
            shards[*s].add(f).expect("fits");
        }
        let mut merged = Aggregates::new(granularity);
        for s in order {
            merged.merge(&shards[s]).expect("fits");
        }
        prop_assert_eq!(&merged, &one_pass);
        // byte for byte, scales included
        prop_assert_eq!(
            serde_json::to_string(&merged).expect("serialises"),
            serde_json::to_string(&one_pass).expect("serialises")
        );
        // and views agree with a direct sum over the facts
        let (h1, d01) = ("H1".into(), "D01".into());
        let expected: Decimal = facts.iter().filter(|f| f.unit == h1 && f.datapoint == d01).map(|f| f.value).sum();
        prop_assert_eq!(merged.all().aggregate(&h1, &d01).expect("fits").sum, expected);
    }
}

#[test]
fn aggregates_say_their_granularity_and_whether_they_hold_anything() {
    for g in [Granularity::Whole, Granularity::Month, Granularity::Day] {
        let mut agg = Aggregates::new(g);
        assert_eq!(agg.granularity(), g);
        assert!(agg.is_empty());
        assert_eq!(agg.len(), 0);
        agg.add(&fact("U1", "D1", day(3, 1), dec!(0)))
            .expect("adds");
        assert!(!agg.is_empty() && agg.len() == 1, "{g:?}");
    }
}
