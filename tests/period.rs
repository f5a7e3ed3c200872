//! Periods: year, half, quarter, month, custom; as-of.

use chrono::NaiveDate;
use scorecard::Period;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

#[test]
fn kinds_of_period() {
    assert_eq!(Period::year(2024).expect("year").days(), 366);
    assert_eq!(Period::year(2026).expect("year").days(), 365);
    assert_eq!(Period::half(2026, 1).expect("half").end(), day(2026, 6, 30));
    assert_eq!(
        Period::half(2026, 2).expect("half").start(),
        day(2026, 7, 1)
    );
    assert_eq!(Period::quarter(2024, 1).expect("q").days(), 91);
    assert_eq!(
        Period::quarter(2026, 4).expect("q").end(),
        day(2026, 12, 31)
    );
    assert_eq!(Period::month(2024, 2).expect("m").end(), day(2024, 2, 29));
    assert_eq!(Period::month(2026, 12).expect("m").end(), day(2026, 12, 31));
    assert!(Period::half(2026, 3).is_err());
    assert!(Period::quarter(2026, 0).is_err());
    assert!(Period::month(2026, 13).is_err());
    assert!(Period::new(day(2026, 2, 1), day(2026, 1, 31)).is_err());
    let one = Period::new(day(2026, 3, 1), day(2026, 3, 1)).expect("a day");
    assert_eq!(one.days(), 1);
}

#[test]
fn both_ends_are_included_and_as_of_clips() {
    let y = Period::year(2026).expect("year");
    assert!(y.contains(day(2026, 1, 1)) && y.contains(day(2026, 12, 31)));
    assert!(!y.contains(day(2025, 12, 31)) && !y.contains(day(2027, 1, 1)));
    assert_eq!(y.as_of(day(2025, 12, 31)), None);
    assert_eq!(y.as_of(day(2026, 1, 1)).expect("first day").days(), 1);
    assert_eq!(y.as_of(day(2030, 1, 1)), Some(y));
    assert_eq!(y.days_elapsed(day(2026, 9, 30)), 273);
    assert_eq!(y.days_elapsed(day(2025, 1, 1)), 0);
}

#[test]
fn months_of_a_period() {
    let p = Period::new(day(2025, 11, 15), day(2026, 2, 3)).expect("range");
    let months: Vec<(i32, u32)> = p.months().collect();
    assert_eq!(months, vec![(2025, 11), (2025, 12), (2026, 1), (2026, 2)]);
}

#[test]
fn serde_checks_the_order() {
    let p: Period =
        serde_json::from_str(r#"{"start":"2026-01-01","end":"2026-03-31"}"#).expect("a period");
    assert_eq!(p, Period::quarter(2026, 1).expect("q1"));
    assert!(
        serde_json::from_str::<Period>(r#"{"start":"2026-03-01","end":"2026-01-31"}"#).is_err()
    );
}
