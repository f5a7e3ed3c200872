//! Options and settings outside their range name the field and its value; dates,
//! periods, splits, digests and misused stores each have a kind of their own.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal_macros::dec;
use scorecard::adjust::Adjustment;
use scorecard::adjust::Relative;
use scorecard::audit::Digest;
use scorecard::facts::{Aggregates, DenseSums, Dictionary, Granularity};
use scorecard::people::PersonalAccount;
use scorecard::people::{AccountOptions, day_weights, largest_remainder};
use scorecard::rank::ListEnd;
use scorecard::rank::ListRule;
use scorecard::tolerance::{Beyond, DefaultPolicy, Treatment};
use scorecard::{Error, Period, Sums, Unit};

use crate::support::{MemSums, d};

fn option(e: &Error) -> (bool, Option<&str>, Option<&str>) {
    (e.is_invalid_option(), e.field(), e.value())
}

#[test]
fn a_quarter_half_or_month_out_of_range_names_the_part_and_its_value() {
    let e = Period::quarter(2026, 5).expect_err("quarter 5");
    assert_eq!(option(&e), (true, Some("quarter"), Some("5")));
    assert_eq!(e.to_string(), "year 2026 has quarter 5, not 1 to 4");
    let e = Period::half(2026, 3).expect_err("half 3");
    assert_eq!(option(&e), (true, Some("half"), Some("3")));
    let e = Period::month(2026, 13).expect_err("month 13");
    assert_eq!(option(&e), (true, Some("month"), Some("13")));
}

#[test]
fn a_period_that_ends_before_it_starts_is_an_invalid_period() {
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).expect("a day");
    let e = Period::new(day(3, 1), day(2, 1)).expect_err("backwards");
    assert!(e.is_invalid_period() && !e.is_invalid_option(), "{e}");
    assert_eq!(
        e.to_string(),
        "period ends on 2026-02-01 before it starts on 2026-03-01"
    );
}

#[test]
fn a_year_outside_the_calendar_is_an_invalid_date_naming_it() {
    let e = Period::year(300_000).expect_err("beyond chrono's range");
    assert!(e.is_invalid_date(), "{e}");
    assert_eq!(e.value(), Some("300000-01-01"));
    assert_eq!(e.to_string(), "300000-01-01 is not a date");
}

#[test]
fn a_date_that_cuts_a_bucket_of_aggregates_is_an_invalid_date() {
    let monthly = Aggregates::new(Granularity::Month);
    let mid = NaiveDate::from_ymd_opt(2026, 3, 15).expect("a day");
    let e = monthly.up_to(mid).expect_err("mid-month");
    assert!(e.is_invalid_date(), "{e}");
    assert_eq!(e.value(), Some("2026-03-15"));
}

#[test]
fn merging_aggregates_of_different_granularities_is_a_mismatch() {
    let mut monthly = Aggregates::new(Granularity::Month);
    let e = monthly
        .merge(&Aggregates::new(Granularity::Day))
        .expect_err("day into month");
    assert!(e.is_mismatch(), "{e}");
    assert_eq!(
        e.to_string(),
        "cannot merge aggregates by Day into aggregates by Month"
    );
}

#[test]
fn merging_dense_sums_of_different_dictionaries_is_a_mismatch() {
    let one = Dictionary::new(["U1".into()], ["D1".into()]).expect("a dictionary");
    let two = Dictionary::new(["U2".into()], ["D1".into()]).expect("a dictionary");
    let e = DenseSums::new(&one)
        .merge(&DenseSums::new(&two))
        .expect_err("two dictionaries");
    assert!(e.is_mismatch(), "{e}");
    // indices that no cell has are a mismatch of store and indices too
    let sums = DenseSums::new(&one);
    let dense = sums.dense().expect("dense sums have indices");
    let e = dense.aggregate_at(0, 7).expect_err("no data point #7");
    assert!(e.is_mismatch(), "{e}");
    // a store of the host's own has no dense layout: it is read by id
    assert!(MemSums::new().dense().is_none());
}

#[test]
fn a_list_rule_with_an_empty_name_names_the_field() {
    let e = ListRule::new("", ListEnd::Top, dec!(0.1))
        .validate()
        .expect_err("no name");
    assert_eq!(option(&e), (true, Some("name"), Some("\"\"")));
}

#[test]
fn difficulty_bounds_out_of_order_name_the_bound() {
    let swapped = Adjustment::load_ratio("households", "staff", d("0.1"), d("1.05"), d("0.95"));
    let e = swapped.validate().expect_err("min above max");
    assert_eq!(option(&e), (true, Some("min"), Some("1.05")));
    assert_eq!(
        e.to_string(),
        "difficulty adjustment has min 1.05, greater than max 0.95"
    );
    let zero = Adjustment::load_ratio("households", "staff", d("0.1"), d("0"), d("1"));
    let e = zero.validate().expect_err("min zero");
    assert_eq!(option(&e), (true, Some("min"), Some("0")));
    let empty = Adjustment::Relative(Relative {
        terms: Vec::new(),
        min: d("0.9"),
        max: d("1.1"),
        rounding: None,
    });
    let e = empty.validate().expect_err("no term");
    assert_eq!(option(&e).1, Some("terms"));
}

#[test]
fn a_given_difficulty_coefficient_missing_or_not_positive_names_the_unit() {
    let units = [Unit::new("H1", "H1", "hall")];
    let group: Vec<&Unit> = units.iter().collect();
    let missing = Adjustment::Given {
        coefficients: Default::default(),
    };
    let e = missing.coefficients(&group).expect_err("none given");
    assert!(e.is_coefficient() && !e.is_factor(), "{e}");
    assert_eq!(e.unit().map(|u| u.as_str()), Some("H1"));
    let zero = Adjustment::Given {
        coefficients: [("H1".into(), d("0"))].into_iter().collect(),
    };
    let e = zero.validate().expect_err("zero");
    assert!(e.is_coefficient(), "{e}");
    assert_eq!(
        (e.unit().map(|u| u.as_str()), e.value()),
        (Some("H1"), Some("0"))
    );
}

#[test]
fn a_reduction_outside_zero_to_one_names_its_share() {
    let e = Treatment::Reduce { by: dec!(1.5) }
        .counted()
        .expect_err("more than the deduction");
    assert_eq!(option(&e), (true, Some("by"), Some("1.5")));
    let e = DefaultPolicy::new(7, 0)
        .beyond(Beyond::Reduce { by: dec!(-0.5) })
        .validate()
        .expect_err("negative");
    assert_eq!(option(&e), (true, Some("by"), Some("-0.5")));
}

#[test]
fn a_total_that_cannot_be_split_is_an_invalid_split_naming_it() {
    let e = largest_remainder(dec!(-1), &[dec!(1)], 2).expect_err("negative");
    assert!(e.is_invalid_split(), "{e}");
    assert_eq!(e.value(), Some("-1"));
    assert_eq!(e.to_string(), "cannot split -1: it is negative");
    let e = largest_remainder(dec!(1), &[dec!(0), dec!(0)], 2).expect_err("no shares");
    assert!(e.is_invalid_split(), "{e}");
    let e = day_weights(&[0, 0], 4).expect_err("no days");
    assert!(e.is_invalid_split(), "{e}");
}

#[test]
fn a_personal_account_without_segments_names_the_person() {
    let account = PersonalAccount::new("P1", Period::year(2026).expect("a year"));
    let e = account
        .period_score(&AccountOptions::default())
        .expect_err("no segment");
    assert!(e.is_invalid_org(), "{e}");
    assert_eq!(e.person().map(|p| p.as_str()), Some("P1"));
}

#[test]
fn a_text_that_is_not_a_digest_is_malformed_and_kept() {
    let e = Digest::from_str("sha256-v1:beef").expect_err("too short");
    assert!(e.is_malformed(), "{e}");
    assert_eq!(e.value(), Some("sha256-v1:beef"));
    assert_eq!(
        e.to_string(),
        "\"sha256-v1:beef\" is not a digest (sha256-jcs-v<format>:<64 hex>, or sha256-v1:<64 hex>)"
    );
}
