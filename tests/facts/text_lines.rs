//! One data line at a time: each rejection kind and the tricky spellings, through the
//! fast reader and the slow line validator alike.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::Sums;
use scorecard::facts::RejectReason;
use scorecard::facts::{Disposition, Validator};

use super::{dict, read, year};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    Accepted(Decimal),
    OutOfPeriod,
    Rejected(RejectReason),
}

use Outcome::{Accepted, OutOfPeriod, Rejected};
use RejectReason::{InvalidDate, InvalidValue, UnknownDatapoint, UnknownUnit};

fn fields(found: u64) -> Outcome {
    Rejected(RejectReason::FieldCount { found })
}

fn cases() -> Vec<(&'static str, Outcome)> {
    vec![
        // accepted, and the fact values of the spec
        ("H1,D01,2026-01-01,12", Accepted(dec!(12))),
        ("H1,D01,2026-12-31,-0.5", Accepted(dec!(-0.5))),
        ("H1,D01,2026-06-30,+007.10", Accepted(dec!(7.10))),
        (
            "H2,D02,2026-06-30,9999999999999999.99",
            Accepted(dec!(9999999999999999.99)),
        ),
        (
            "K1,D02,2026-06-30,-9999999999999999",
            Accepted(dec!(-9999999999999999)),
        ),
        ("K1,D02,2026-06-30,0", Accepted(dec!(0))),
        ("K1,D02,2026-06-30,-0.00", Accepted(dec!(0))),
        // field count
        ("H1,D01,2026-01-01", fields(3)),
        ("H1,D01,2026-01-01,5,6", fields(5)),
        ("H1,D01,2026-01-01,12,5", fields(5)),
        ("", fields(1)),
        (",,,,,,", fields(7)),
        ("H1 D01 2026-01-01 5", fields(1)),
        // unit, byte for byte
        (" H1,D01,2026-01-01,5", Rejected(UnknownUnit)),
        ("h1,D01,2026-01-01,5", Rejected(UnknownUnit)),
        ("\"H1\",D01,2026-01-01,5", Rejected(UnknownUnit)),
        ("H1 ,D01,2026-01-01,5", Rejected(UnknownUnit)),
        (",D01,2026-01-01,5", Rejected(UnknownUnit)),
        ("D01,D01,2026-01-01,5", Rejected(UnknownUnit)),
        // data point
        ("H1,D01 ,2026-01-01,5", Rejected(UnknownDatapoint)),
        ("H1,d01,2026-01-01,5", Rejected(UnknownDatapoint)),
        ("H1,,2026-01-01,5", Rejected(UnknownDatapoint)),
        ("H1,H1,2026-01-01,5", Rejected(UnknownDatapoint)),
        // date
        ("H1,D01,2026-02-30,5", Rejected(InvalidDate)),
        ("H1,D01,2026-02-29,5", Rejected(InvalidDate)),
        ("H1,D01,2100-02-29,5", Rejected(InvalidDate)),
        ("H1,D01,2024-02-29,5", OutOfPeriod),
        ("H1,D01,2000-02-29,5", OutOfPeriod),
        ("H1,D01,2026-2-3,5", Rejected(InvalidDate)),
        ("H1,D01,0000-01-01,5", Rejected(InvalidDate)),
        ("H1,D01,0001-01-01,5", OutOfPeriod),
        ("H1,D01,9999-12-31,5", OutOfPeriod),
        ("H1,D01,10000-01-01,5", Rejected(InvalidDate)),
        ("H1,D01,2026-13-01,5", Rejected(InvalidDate)),
        ("H1,D01,2026-00-10,5", Rejected(InvalidDate)),
        ("H1,D01,2026-04-31,5", Rejected(InvalidDate)),
        ("H1,D01,2026-01-00,5", Rejected(InvalidDate)),
        ("H1,D01,2026/01/01,5", Rejected(InvalidDate)),
        ("H1,D01,2026-01-01 ,5", Rejected(InvalidDate)),
        ("H1,D01,+026-01-01,5", Rejected(InvalidDate)),
        ("H1,D01,,5", Rejected(InvalidDate)),
        ("H1,D01,2026-01-01T00:00,5", Rejected(InvalidDate)),
        // value
        ("H1,D01,2026-01-01,abc", Rejected(InvalidValue)),
        ("H1,D01,2026-01-01,", Rejected(InvalidValue)),
        ("H1,D01,2026-01-01,1.234", Rejected(InvalidValue)),
        ("H1,D01,2026-01-01,1e3", Rejected(InvalidValue)),
        ("H1,D01,2026-01-01, 5", Rejected(InvalidValue)),
        ("H1,D01,2026-01-01,5 ", Rejected(InvalidValue)),
        ("H1,D01,2026-01-01,.5", Rejected(InvalidValue)),
        ("H1,D01,2026-01-01,5.", Rejected(InvalidValue)),
        ("H1,D01,2026-01-01,+", Rejected(InvalidValue)),
        ("H1,D01,2026-01-01,-", Rejected(InvalidValue)),
        ("H1,D01,2026-01-01,--5", Rejected(InvalidValue)),
        ("H1,D01,2026-01-01,+-5", Rejected(InvalidValue)),
        ("H1,D01,2026-01-01,1.2.3", Rejected(InvalidValue)),
        ("H1,D01,2026-01-01,0x10", Rejected(InvalidValue)),
        ("H1,D01,2026-01-01,1_000", Rejected(InvalidValue)),
        ("H1,D01,2026-01-01,\u{663}", Rejected(InvalidValue)),
        (
            "H1,D01,2026-01-01,12345678901234567",
            Rejected(InvalidValue),
        ),
        (
            "H1,D01,2026-01-01,00000000000000001",
            Rejected(InvalidValue),
        ),
        (
            "H1,D01,2026-01-01,1234567890123456789012345678901234567890",
            Rejected(InvalidValue),
        ),
        // the first failing check names the reason; rejections come before the period
        ("H1,D01,2025-12-31,abc", Rejected(InvalidValue)),
        ("H1,D01,2027-01-01,1.234", Rejected(InvalidValue)),
        ("X9,D01,2026-02-30,abc", Rejected(UnknownUnit)),
        ("H1,D99,2026-02-30,abc", Rejected(UnknownDatapoint)),
        ("H1,D01,2026-02-30,abc", Rejected(InvalidDate)),
        // period, both ends included
        ("H1,D01,2025-12-31,1", OutOfPeriod),
        ("H1,D01,2027-01-01,1", OutOfPeriod),
        ("H1,D01,2026-01-01,1", Accepted(dec!(1))),
        ("H1,D01,2026-12-31,1", Accepted(dec!(1))),
    ]
}

/// What the fast reader makes of one data line.
fn fast(line: &str) -> Outcome {
    let csv = format!("unit_id,datapoint_id,date,value\n{line}\n");
    let (sums, tally, rejects) = read(&csv);
    assert_eq!(tally.total(), 1, "{line:?}");
    if let [r] = rejects.as_slice() {
        assert_eq!(r.line, 2);
        assert_eq!(r.record, line);
        return Rejected(r.reason);
    }
    if tally.out_of_period() == 1 {
        assert_eq!(sums.iter().count(), 0);
        return OutOfPeriod;
    }
    let cells: Vec<_> = sums.iter().collect();
    let [(unit, dp, _, 1)] = cells.as_slice() else {
        panic!("one accepted fact expected for {line:?}, got {cells:?}");
    };
    Accepted(sums.aggregate(unit, dp).expect("fits").sum)
}

/// What the slow, structured path makes of it.
fn slow(line: &str) -> Outcome {
    let v = Validator::new(&dict(), year());
    match v.parse_line(line) {
        Err(reason) => Rejected(reason),
        Ok(fact) => match v.check(&fact) {
            Disposition::Accepted => Accepted(fact.value),
            Disposition::OutOfPeriod => OutOfPeriod,
            Disposition::Rejected { reason } => panic!("parsed line {line:?} rejected: {reason}"),
        },
    }
}

#[test]
fn each_line_case_fast_and_slow() {
    for (line, expected) in cases() {
        assert_eq!(fast(line), expected, "fast reader on {line:?}");
        assert_eq!(slow(line), expected, "line validator on {line:?}");
    }
}

#[test]
fn accepted_values_keep_two_places() {
    let (sums, _, _) = read("h\nH1,D01,2026-06-30,+007.10\n");
    let a = sums.aggregate(&"H1".into(), &"D01".into()).expect("fits");
    assert_eq!(a.sum.to_string(), "7.10");
    assert_eq!(a.count, 1);
}

#[test]
fn leap_day_in_a_leap_year_period_is_accepted() {
    let dict = dict();
    let mut rejects = Vec::new();
    let period = scorecard::Period::year(2024).expect("a year");
    let (sums, tally) = scorecard::facts::FactReader::new(&dict, period)
        .read("h\nH1,D01,2024-02-29,5\n".as_bytes(), &mut rejects)
        .expect("reads");
    assert_eq!(tally.accepted(), 1);
    assert_eq!(sums.cents(&"H1".into(), &"D01".into()), Some((500, 1)));
}
