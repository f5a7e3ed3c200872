//! The fast reader on whole texts: line ends, empty inputs, line numbers, exact sums,
//! thread-count independence, and agreement with the slow path on a generated file.

use std::io::Read;

use rust_decimal_macros::dec;
use scorecard::Sums;
use scorecard::facts::{Aggregates, Disposition, Granularity, RejectCounter, Validator};
use scorecard::facts::{FactReader, RejectReason, Rejected};

use super::{dict, read, read_with, year};

fn lines_of(rejects: &[Rejected]) -> Vec<(u64, RejectReason)> {
    rejects.iter().map(|r| (r.line, r.reason)).collect()
}

#[test]
fn empty_input_has_no_data_lines() {
    for csv in [
        "",
        "unit_id,datapoint_id,date,value",
        "unit_id,datapoint_id,date,value\n",
        "h\r\n",
        "h\r",
    ] {
        let (sums, tally, rejects) = read(csv);
        assert_eq!(tally.total(), 0, "{csv:?}");
        assert!(rejects.is_empty());
        assert_eq!(sums.iter().count(), 0);
    }
}

#[test]
fn header_is_not_checked() {
    let (_, tally, rejects) = read("this,is,,not,a,header\r\nH1,D01,2026-01-01,1\n");
    assert_eq!((tally.total(), tally.accepted()), (1, 1));
    assert!(rejects.is_empty());
}

#[test]
fn last_line_may_lack_its_line_end() {
    let (sums, tally, _) = read("h\nH1,D01,2026-01-01,1\nH1,D01,2026-01-02,2");
    assert_eq!(tally.accepted(), 2);
    assert_eq!(sums.cents(&"H1".into(), &"D01".into()), Some((300, 2)));
    // and a CR at the very end is a line end too
    let (sums, tally, _) = read("h\nH1,D01,2026-01-01,1\r");
    assert_eq!(tally.accepted(), 1);
    assert_eq!(sums.cents(&"H1".into(), &"D01".into()), Some((100, 1)));
}

#[test]
fn crlf_on_some_lines() {
    let csv = "h\r\nH1,D01,2026-01-01,1\r\nH1,D01,2026-01-02,2\nH1,D01,2026-01-03,3\r\nH1,D01,2026-01-04,4\r";
    let (sums, tally, rejects) = read(csv);
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(tally.accepted(), 4);
    assert_eq!(sums.cents(&"H1".into(), &"D01".into()), Some((1000, 4)));
}

#[test]
fn other_crs_are_ordinary_bytes() {
    let csv = "h\n\
               H1,D01,2026-01-01,1\r2\n\
               H1,D01,2026-01-01,1\r\r\n\
               H1\r,D01,2026-01-01,1\n\
               \rH1,D01,2026-01-01,1\n\
               H1,D01,2026-01-01\r,1\n\
               \r\n\
               \r\r\n";
    let (_, tally, rejects) = read(csv);
    assert_eq!(tally.total(), 7);
    assert_eq!(
        lines_of(&rejects),
        [
            (2, RejectReason::InvalidValue),
            (3, RejectReason::InvalidValue),
            (4, RejectReason::UnknownUnit),
            (5, RejectReason::UnknownUnit),
            (6, RejectReason::InvalidDate),
            (7, RejectReason::FieldCount { found: 1 }),
            (8, RejectReason::FieldCount { found: 1 }),
        ]
    );
    assert_eq!(rejects[1].record, "H1,D01,2026-01-01,1\r");
    assert_eq!(rejects[5].record, "");
    assert_eq!(rejects[6].record, "\r");
}

#[test]
fn empty_lines_are_data_lines() {
    let (_, tally, rejects) = read("h\n\nH1,D01,2026-01-01,1\n\n");
    assert_eq!(
        (tally.total(), tally.accepted(), tally.rejected()),
        (3, 1, 2)
    );
    assert_eq!(
        lines_of(&rejects),
        [
            (2, RejectReason::FieldCount { found: 1 }),
            (4, RejectReason::FieldCount { found: 1 })
        ]
    );
    // a file ending in LF has no empty line after it, one ending in LF + CR has one
    assert_eq!(read("h\nH1,D01,2026-01-01,1\n").1.total(), 1);
    assert_eq!(read("h\nH1,D01,2026-01-01,1\n\r").1.total(), 2);
}

#[test]
fn rejects_come_with_line_numbers_in_order() {
    let csv = "unit_id,datapoint_id,date,value\n\
               H1,D01,2026-01-01,50.25\n\
               X1,D01,2026-01-01,1\n\
               H1,D01,2026-01-01\n\
               H2,D02,2025-12-31,1\n\
               H2,D02,2027-01-01,1\n\
               H2,D09,2026-01-01,1\n\
               K1,D02,2026-02-30,1\n\
               K1,D02,2026-03-01,1e3\n\
               K1,D02,2026-03-01,-1.5\n";
    let (sums, tally, rejects) = read(csv);
    assert_eq!(
        (
            tally.total(),
            tally.accepted(),
            tally.out_of_period(),
            tally.rejected()
        ),
        (9, 2, 2, 5)
    );
    assert_eq!(
        lines_of(&rejects),
        [
            (3, RejectReason::UnknownUnit),
            (4, RejectReason::FieldCount { found: 3 }),
            (7, RejectReason::UnknownDatapoint),
            (8, RejectReason::InvalidDate),
            (9, RejectReason::InvalidValue),
        ]
    );
    assert_eq!(rejects[0].record, "X1,D01,2026-01-01,1");
    assert_eq!(rejects[0].reason.to_string(), "unknown unit");
    assert_eq!(rejects[1].reason.to_string(), "3 fields instead of 4");
    let k1 = sums.aggregate(&"K1".into(), &"D02".into()).expect("fits");
    assert_eq!((k1.sum, k1.count), (dec!(-1.5), 1));
    let h2 = sums.aggregate(&"H2".into(), &"D02".into()).expect("fits");
    assert_eq!((h2.sum, h2.count), (dec!(0), 0));
    // ids outside the dictionary read as nothing
    let none = sums.aggregate(&"X1".into(), &"D01".into()).expect("fits");
    assert_eq!((none.sum, none.count), (dec!(0), 0));
}

#[test]
fn sums_are_exact() {
    let mut csv = String::from("h\n");
    for i in 0..10_000 {
        csv.push_str(if i % 2 == 0 {
            "H1,D01,2026-05-05,0.01\n"
        } else {
            "H1,D01,2026-05-05,+0.1\n"
        });
        csv.push_str("H2,D01,2026-05-05,-0.01\n");
    }
    let (sums, tally, _) = read(&csv);
    assert_eq!(tally.accepted(), 20_000);
    let h1 = sums.aggregate(&"H1".into(), &"D01".into()).expect("fits");
    assert_eq!((h1.sum.to_string().as_str(), h1.count), ("550.00", 10_000));
    let h2 = sums.aggregate(&"H2".into(), &"D01".into()).expect("fits");
    assert_eq!((h2.sum.to_string().as_str(), h2.count), ("-100.00", 10_000));
}

#[test]
fn a_line_longer_than_a_block() {
    let long_unit = "U".repeat(10_000);
    let csv = format!(
        "{}\n{long_unit},D01,2026-01-01,1\nH1,D01,2026-01-01,1\n",
        "h".repeat(5000)
    );
    for (threads, block) in [(1, 7), (2, 100), (3, 4096)] {
        let (_, tally, rejects) = read_with(csv.as_bytes(), threads, block);
        assert_eq!((tally.total(), tally.accepted()), (2, 1));
        assert_eq!(lines_of(&rejects), [(2, RejectReason::UnknownUnit)]);
        // the record is cut to 256 bytes
        assert_eq!(rejects[0].record.len(), 256);
    }
}

#[test]
fn counting_quarantine_keeps_no_records() {
    let dict = dict();
    let csv = "h\n\nx\nH1,D01,2026-01-01,1\nbad\n";
    let mut counter = RejectCounter::default();
    let (_, tally) = FactReader::new(&dict, year())
        .threads(2)
        .read(csv.as_bytes(), &mut counter)
        .expect("reads");
    assert_eq!(tally.rejected(), 3);
    assert_eq!(
        counter,
        RejectCounter {
            count: 3,
            first_line: Some(2),
            last_line: Some(5)
        }
    );
}

struct Failing(usize);

impl Read for Failing {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.0 == 0 {
            return Err(std::io::Error::other("disk on fire"));
        }
        self.0 -= 1;
        let line = b"H1,D01,2026-01-01,1\n";
        let n = line.len().min(buf.len());
        buf[..n].copy_from_slice(&line[..n]);
        Ok(n)
    }
}

#[test]
fn read_errors_are_io_errors() {
    let dict = dict();
    for threads in [1, 2] {
        let mut rejects = Vec::new();
        let err = FactReader::new(&dict, year())
            .threads(threads)
            .block_size(64)
            .read(Failing(100), &mut rejects)
            .expect_err("the reader fails");
        assert!(err.is_io(), "{err}");
        // the cause is the source, not part of the message
        assert_eq!(err.to_string(), "reading facts");
        let cause = std::error::Error::source(&err).map(ToString::to_string);
        assert_eq!(cause.as_deref(), Some("disk on fire"));
    }
}

#[test]
fn dense_sums_overflow_is_an_error_not_a_panic() {
    let (mut sums, _, _) = read("h\nH1,D01,2026-01-01,9999999999999999.99\n");
    let mut decimal_overflowed = false;
    let result = loop {
        let copy = sums.clone();
        if let Err(e) = sums.merge(&copy) {
            break e;
        }
        if sums.aggregate(&"H1".into(), &"D01".into()).is_err() {
            decimal_overflowed = true;
        }
    };
    assert!(
        decimal_overflowed,
        "the decimal conversion fails before the integers do"
    );
    assert!(result.is_overflow(), "{result}");
}

/// A deterministic generator (a linear congruential one) of facts.csv text: mostly
/// good lines, some out of period, some bad of every kind, CRLF on some lines.
fn generated(lines: usize, seed: u64) -> String {
    let mut state = seed;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let units = ["H1", "H2", "K1", "X1", " H1"];
    let dps = ["D01", "D02", "D03"];
    let mut csv = String::from("unit_id,datapoint_id,date,value\r\n");
    for _ in 0..lines {
        let kind = next(100);
        let unit = units[if kind < 3 { next(5) } else { next(3) } as usize];
        let dp = dps[if kind < 6 { next(3) } else { next(2) } as usize];
        let date = match next(50) {
            0 => "2026-02-30".to_string(),
            1 => "2025-12-31".to_string(),
            2 => "2027-01-01".to_string(),
            _ => format!("2026-{:02}-{:02}", 1 + next(12), 1 + next(28)),
        };
        let value = match next(40) {
            0 => "1.234".to_string(),
            1 => String::new(),
            2 => "+007.10".to_string(),
            _ => {
                let cents = next(2_000_000) as i64 - 1_000_000;
                let sign = if cents < 0 { "-" } else { "" };
                format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
            }
        };
        match next(200) {
            0 => csv.push_str(&format!("{unit},{dp},{date}")),
            1 => csv.push_str(&format!("{unit},{dp},{date},{value},x")),
            2 => {}
            _ => csv.push_str(&format!("{unit},{dp},{date},{value}")),
        }
        csv.push_str(if next(3) == 0 { "\r\n" } else { "\n" });
    }
    csv
}

#[test]
fn thread_count_and_block_size_do_not_change_the_result() {
    let csv = generated(20_000, 7);
    let one = read_with(csv.as_bytes(), 1, 1 << 20);
    assert!(one.1.rejected() > 100 && one.1.out_of_period() > 100 && one.1.accepted() > 10_000);
    for (threads, block) in [
        (2, 1 << 20),
        (3, 1 << 20),
        (1, 1000),
        (2, 1000),
        (3, 777),
        (3, 1),
    ] {
        assert_eq!(
            read_with(csv.as_bytes(), threads, block),
            one,
            "threads {threads}, block {block}"
        );
    }
    // without a final line end too
    let cut = csv.trim_end_matches(['\r', '\n']);
    let a = read_with(cut.as_bytes(), 1, 4096);
    assert_eq!(a, read_with(cut.as_bytes(), 3, 1000));
    assert_eq!(a.1.total(), one.1.total());
}

/// A thread count of any size is bounded (`FactReader::MAX_THREADS`), never a panic or
/// an abort: `usize::MAX` once overflowed the reader's queue capacity, a million
/// threads could not be started.
#[test]
fn any_thread_count_is_bounded() {
    assert_eq!(FactReader::MAX_THREADS, 256);
    let csv = generated(2_000, 11);
    let one = read_with(csv.as_bytes(), 1, 1 << 12);
    for threads in [FactReader::MAX_THREADS + 1, 1_000_000, usize::MAX] {
        assert_eq!(
            read_with(csv.as_bytes(), threads, 1 << 12),
            one,
            "{threads}"
        );
    }
}

#[test]
fn a_big_generated_input_agrees_across_threads_and_with_the_slow_path() {
    let csv = generated(200_000, 2026);
    let one = read_with(csv.as_bytes(), 1, 1 << 16);
    let two = read_with(csv.as_bytes(), 2, 1 << 16);
    assert_eq!(one, two);
    let (sums, tally, rejects) = one;
    assert_eq!(tally.total(), 200_000);

    // the slow path: split lines by hand, validate each, aggregate structured facts
    let v = Validator::new(&dict(), year());
    let mut agg = Aggregates::new(Granularity::Whole);
    let mut slow_rejects = Vec::new();
    let body = csv.split_once('\n').map(|(_, b)| b).unwrap_or_default();
    let body = body.strip_suffix('\n').unwrap_or(body);
    for (line, text) in (2_u64..).zip(body.split('\n')) {
        let text = text.strip_suffix('\r').unwrap_or(text);
        match v.parse_line(text) {
            Err(reason) => slow_rejects.push((line, reason)),
            Ok(fact) => {
                if v.check(&fact) == Disposition::Accepted {
                    agg.add(&fact).expect("fits");
                }
            }
        }
    }
    assert_eq!(lines_of(&rejects), slow_rejects);
    let all = agg.all();
    for unit in ["H1", "H2", "K1"] {
        for dp in ["D01", "D02"] {
            let fast = sums.aggregate(&unit.into(), &dp.into()).expect("fits");
            let slow = all.aggregate(&unit.into(), &dp.into()).expect("fits");
            assert_eq!(fast, slow, "{unit} {dp}");
        }
    }
}
