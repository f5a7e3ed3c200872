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

/// The one date grammar: a strict `YYYY-MM-DD` with a real day, and nothing around it.
#[test]
fn dates_are_strict() {
    for (text, want) in [
        ("2026-01-01", Some(day(2026, 1, 1))),
        ("2024-02-29", Some(day(2024, 2, 29))),
        ("2000-02-29", Some(day(2000, 2, 29))),
        ("0001-01-01", Some(day(1, 1, 1))),
        ("9999-12-31", Some(day(9999, 12, 31))),
    ] {
        assert_eq!(Period::parse_date(text), want, "{text}");
    }
    for bad in [
        "2026-02-29",
        "2100-02-29",
        "2026-02-30",
        "2026-04-31",
        "2026-13-01",
        "2026-00-10",
        "2026-01-00",
        "0000-01-01",
        "2026-2-3",
        "26-01-01",
        "+2026-01-01",
        "2026-01-01 ",
        " 2026-01-01",
        "2026/01/01",
        "2026-01-01T00:00",
        "２０２６-01-01",
        "",
    ] {
        assert_eq!(Period::parse_date(bad), None, "{bad:?}");
    }
}

/// The fact reader, the validator and `Period::parse_date` agree on every date: a line
/// is rejected as "not a date" exactly when `parse_date` refuses its date.
#[test]
fn the_readers_share_the_date_grammar() {
    use scorecard::facts::RejectReason;
    use scorecard::facts::{Dictionary, FactReader, Rejected, Validator};
    let dates = [
        "2026-03-01",
        "2024-02-29",
        "2026-02-29",
        "2026-02-30",
        "0000-01-01",
        "2026-3-01",
        "2026-03-1x",
        "20260301",
    ];
    let dict = Dictionary::new(["U1".into()], ["D1".into()]).expect("a dictionary");
    let period = Period::new(day(1, 1, 1), day(9999, 12, 31)).expect("a period");
    let mut csv = String::from("unit_id,datapoint_id,date,value\n");
    for d in dates {
        csv.push_str(&format!("U1,D1,{d},1\n"));
    }
    let mut rejects: Vec<Rejected> = Vec::new();
    FactReader::new(&dict, period)
        .read(csv.as_bytes(), &mut rejects)
        .expect("reads");
    let validator = Validator::new(&dict, period);
    for (k, d) in dates.iter().enumerate() {
        let line = k as u64 + 2;
        let refused = Period::parse_date(d).is_none();
        let by_reader = rejects
            .iter()
            .any(|r| r.line == line && r.reason == RejectReason::InvalidDate);
        let by_validator =
            validator.parse_line(&format!("U1,D1,{d},1")).err() == Some(RejectReason::InvalidDate);
        assert_eq!((by_reader, by_validator), (refused, refused), "{d}");
    }
}
