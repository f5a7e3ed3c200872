//! Structured facts and the validator.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::facts::{Aggregates, Disposition, Granularity, Validator, parse_decimal};
use scorecard::facts::{RejectReason, Rejected};
use scorecard::{Fact, Sums};

use super::{dict, year};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

fn fact(unit: &str, dp: &str, date: NaiveDate, value: Decimal) -> Fact {
    Fact::new(unit.into(), dp.into(), date, value)
}

#[test]
fn structured_verdicts() {
    let v = Validator::new(&dict(), year());
    let rejected = |reason| Disposition::Rejected { reason };
    let cases = [
        (
            fact("H1", "D01", day(2026, 1, 1), dec!(1)),
            Disposition::Accepted,
        ),
        (
            fact("H1", "D01", day(2026, 12, 31), dec!(-0.5)),
            Disposition::Accepted,
        ),
        (
            fact("H1", "D01", day(2025, 12, 31), dec!(1)),
            Disposition::OutOfPeriod,
        ),
        (
            fact("H1", "D01", day(2027, 1, 1), dec!(1)),
            Disposition::OutOfPeriod,
        ),
        (
            fact("h1", "D01", day(2026, 1, 1), dec!(1)),
            rejected(RejectReason::UnknownUnit),
        ),
        (
            fact("H1", "D03", day(2026, 1, 1), dec!(1)),
            rejected(RejectReason::UnknownDatapoint),
        ),
        (
            fact("H1", "D01", day(0, 1, 1), dec!(1)),
            rejected(RejectReason::InvalidDate),
        ),
        (
            fact("H1", "D01", day(10_000, 1, 1), dec!(1)),
            rejected(RejectReason::InvalidDate),
        ),
        (
            fact("H1", "D01", day(2026, 1, 1), dec!(1.234)),
            rejected(RejectReason::InvalidValue),
        ),
        // trailing zeros beyond two places do not make a value invalid
        (
            fact("H1", "D01", day(2026, 1, 1), dec!(1.2300)),
            Disposition::Accepted,
        ),
        (
            fact("H1", "D01", day(2026, 1, 1), dec!(9999999999999999.99)),
            Disposition::Accepted,
        ),
        (
            fact("H1", "D01", day(2026, 1, 1), dec!(10000000000000000)),
            rejected(RejectReason::InvalidValue),
        ),
        (
            fact("H1", "D01", day(2026, 1, 1), Decimal::MAX),
            rejected(RejectReason::InvalidValue),
        ),
        (
            fact("H1", "D01", day(2026, 1, 1), Decimal::MIN),
            rejected(RejectReason::InvalidValue),
        ),
        // a bad value out of period is rejected: rejection checks come first
        (
            fact("H1", "D01", day(2025, 1, 1), dec!(0.001)),
            rejected(RejectReason::InvalidValue),
        ),
    ];
    for (fact, expected) in cases {
        assert_eq!(v.check(&fact), expected, "{fact}");
    }
}

/// The value of a fact line, as the validator reads it (a fact value: at most 16
/// digits before the point and 2 after it).
fn parse_fact_value(text: &str) -> Result<Decimal, RejectReason> {
    Validator::new(&dict(), year())
        .parse_line(&format!("H1,D01,2026-01-01,{text}"))
        .map(|f| f.value)
}

#[test]
fn decimals_parse_exactly_and_never_panic() {
    assert_eq!(parse_decimal("+007.10"), Ok(dec!(7.10)));
    assert_eq!(parse_decimal("-0.5"), Ok(dec!(-0.5)));
    assert_eq!(
        parse_decimal("12345678901234567890.123"),
        Ok(dec!(12345678901234567890.123))
    );
    // beyond Decimal's range: refused with that reason, never rounded (issue 18, item 8)
    let forty = "1234567890123456789012345678901234567890";
    assert_eq!(parse_decimal(forty), Err(RejectReason::TooManyDigits));
    assert_eq!(
        parse_decimal(&format!("-{forty}")),
        Err(RejectReason::TooManyDigits)
    );
    assert_eq!(
        parse_decimal(&format!("0.{forty}")),
        Err(RejectReason::TooManyDigits)
    );
    // 29 digits: the largest Decimal is 79228162514264337593543950335
    assert_eq!(
        parse_decimal("79228162514264337593543950335"),
        Ok(Decimal::MAX)
    );
    assert_eq!(
        parse_decimal("79228162514264337593543950336"),
        Err(RejectReason::TooManyDigits)
    );
    assert_eq!(
        parse_decimal("99999999999999999999999999999"),
        Err(RejectReason::TooManyDigits)
    );
    // 29 places
    assert_eq!(
        parse_decimal("0.12345678901234567890123456789"),
        Err(RejectReason::TooManyDigits)
    );
    assert_eq!(
        RejectReason::TooManyDigits.to_string(),
        "more than 28 significant digits"
    );
    assert_eq!(parse_fact_value(forty), Err(RejectReason::InvalidValue));
    for bad in [
        "", "+", "-", ".5", "5.", "1e3", " 5", "5 ", "1_0", "abc", "1.2.3", "--1",
    ] {
        assert_eq!(
            parse_decimal(bad),
            Err(RejectReason::InvalidValue),
            "{bad:?}"
        );
    }
    assert_eq!(
        parse_fact_value("9999999999999999.99"),
        Ok(dec!(9999999999999999.99))
    );
    assert_eq!(parse_fact_value("1.234"), Err(RejectReason::InvalidValue));
    assert_eq!(
        parse_fact_value("12345678901234567"),
        Err(RejectReason::InvalidValue)
    );
}

#[test]
fn a_forty_digit_value_line_is_rejected() {
    let v = Validator::new(&dict(), year());
    let line = "H1,D01,2026-01-01,1234567890123456789012345678901234567890";
    assert_eq!(v.parse_line(line), Err(RejectReason::InvalidValue));
}

#[test]
fn ingest_counts_every_fact_and_quarantines_with_positions() {
    let v = Validator::new(&dict(), year());
    let facts = vec![
        fact("H1", "D01", day(2026, 3, 1), dec!(1.5)),
        fact("X1", "D01", day(2026, 3, 1), dec!(1)),
        fact("H1", "D01", day(2025, 3, 1), dec!(7)),
        fact("H1", "D01", day(2026, 3, 2), dec!(2.25))
            .with_source("core")
            .with_record_id("r-9"),
        fact("H1", "D02", day(2026, 3, 2), dec!(0.001)),
    ];
    let mut agg = Aggregates::new(Granularity::Day);
    let mut rejects: Vec<Rejected> = Vec::new();
    let tally = v.ingest(facts, &mut agg, &mut rejects).expect("fits");
    assert_eq!(
        (
            tally.total(),
            tally.accepted(),
            tally.out_of_period(),
            tally.rejected()
        ),
        (5, 2, 1, 2)
    );
    assert_eq!(
        rejects,
        [
            Rejected::new(2, RejectReason::UnknownUnit, "X1,D01,2026-03-01,1"),
            Rejected::new(5, RejectReason::InvalidValue, "H1,D02,2026-03-02,0.001"),
        ]
    );
    let a = agg
        .all()
        .aggregate(&"H1".into(), &"D01".into())
        .expect("fits");
    assert_eq!((a.sum, a.count), (dec!(3.75), 2));
}

#[test]
fn facts_round_trip_through_serde() {
    let f = fact("H1", "D01", day(2026, 3, 1), dec!(7.10)).with_record_id("r-1");
    let json = serde_json::to_string(&f).expect("serialises");
    assert_eq!(
        json,
        r#"{"unit":"H1","datapoint":"D01","date":"2026-03-01","value":"7.10","record_id":"r-1"}"#
    );
    let back: Fact = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, f);
    assert_eq!(back.value.to_string(), "7.10");
    // a 40-digit value in JSON is an error, not a panic
    let huge = r#"{"unit":"H1","datapoint":"D01","date":"2026-03-01","value":"1234567890123456789012345678901234567890"}"#;
    assert!(serde_json::from_str::<Fact>(huge).is_err());
}

#[test]
fn reasons_read_well_in_a_csv_field() {
    let reasons = [
        RejectReason::FieldCount { found: 5 },
        RejectReason::UnknownUnit,
        RejectReason::UnknownDatapoint,
        RejectReason::InvalidDate,
        RejectReason::InvalidValue,
    ];
    let texts: Vec<String> = reasons.iter().map(ToString::to_string).collect();
    assert_eq!(
        texts,
        [
            "5 fields instead of 4",
            "unknown unit",
            "unknown data point",
            "not a date",
            "not a decimal number"
        ]
    );
    for t in &texts {
        assert!(!t.contains(',') && t.to_lowercase() == *t);
    }
    let json = serde_json::to_string(&reasons[0]).expect("serialises");
    assert_eq!(json, r#"{"kind":"field_count","found":5}"#);
}

#[test]
fn dictionary_rejects_a_repeated_unit() {
    let err = scorecard::facts::Dictionary::new(["H1".into(), "H1".into()], ["D01".into()])
        .expect_err("a repeated unit");
    assert!(err.is_duplicate());
}
