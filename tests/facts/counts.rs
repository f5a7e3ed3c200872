//! A data point declared as a count takes whole, non-negative values only: the fast
//! reader and the line validator reject anything else as `not a count`, line for line.

use rust_decimal_macros::dec;
use scorecard::Fact;
use scorecard::facts::RejectReason;
use scorecard::facts::Rejected;
use scorecard::facts::{Dictionary, Disposition, FactReader, Validator};

use super::year;

/// Units H1, H2; D01 a plain value, D02 declared a count.
fn dict() -> Dictionary {
    Dictionary::new(["H1".into(), "H2".into()], ["D01".into(), "D02".into()])
        .expect("a dictionary")
        .counts(["D02".into(), "D99".into()])
}

#[test]
fn a_count_with_a_fraction_or_a_sign_is_rejected_as_not_a_count_by_both_paths() {
    let lines = [
        ("H1,D02,2026-03-01,2.5", Some(RejectReason::NotACount)),
        ("H1,D02,2026-03-01,-1", Some(RejectReason::NotACount)),
        ("H1,D02,2026-03-01,0.01", Some(RejectReason::NotACount)),
        ("H1,D02,2026-03-01,3", None),
        ("H1,D02,2026-03-01,3.00", None),
        ("H1,D02,2026-03-01,-0", None),
        ("H1,D02,2026-03-01,+0.00", None),
        ("H1,D01,2026-03-01,2.5", None),
        ("H1,D01,2026-03-01,-1", None),
        // the value's own grammar is checked first
        ("H1,D02,2026-03-01,2.555", Some(RejectReason::InvalidValue)),
        // a count outside the period is still not a count
        ("H2,D02,2025-12-31,1.5", Some(RejectReason::NotACount)),
    ];
    let dict = dict();
    let v = Validator::new(&dict, year());
    // line 1 is the header; data lines are 2, 3 …
    let csv: String = std::iter::once("unit_id,datapoint_id,date,value\n".to_owned())
        .chain(lines.iter().map(|(l, _)| format!("{l}\n")))
        .collect();
    let mut rejected: Vec<Rejected> = Vec::new();
    FactReader::new(&dict, year())
        .read(csv.as_bytes(), &mut rejected)
        .expect("reads");
    let fast: Vec<(u64, RejectReason)> = rejected.iter().map(|r| (r.line, r.reason)).collect();
    let slow: Vec<(u64, RejectReason)> = (2_u64..)
        .zip(&lines)
        .filter_map(|(n, (l, _))| v.parse_line(l).err().map(|r| (n, r)))
        .collect();
    let want: Vec<(u64, RejectReason)> = (2_u64..)
        .zip(&lines)
        .filter_map(|(n, (_, r))| r.map(|r| (n, r)))
        .collect();
    assert_eq!(slow, want);
    assert_eq!(fast, want);
    assert_eq!(RejectReason::NotACount.to_string(), "not a count");
}

#[test]
fn a_structured_fact_of_a_count_data_point_with_2_5_is_rejected() {
    let dict = dict();
    let v = Validator::new(&dict, year());
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).expect("a day");
    let fact = Fact::new("H1".into(), "D02".into(), day, dec!(2.5));
    assert_eq!(
        v.check(&fact),
        Disposition::Rejected {
            reason: RejectReason::NotACount
        }
    );
    let whole = Fact::new("H1".into(), "D02".into(), day, dec!(2));
    assert_eq!(v.check(&whole), Disposition::Accepted);
    assert!(dict.is_count("D02") && !dict.is_count("D01") && !dict.is_count("D99"));
}
