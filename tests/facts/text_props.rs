//! The fast reader against the slow line validator on generated texts, and ids of
//! every length.

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use scorecard::facts::{Aggregates, Dictionary, Disposition, FactReader, Granularity, Validator};
use scorecard::facts::{RejectReason, Rejected, Tally};
use scorecard::{Period, Sums};

const UNITS: [&str; 6] = [
    "H1",
    "H10",
    "U0000001",
    "UNIT-000000001",
    "UNIT-000000002",
    "é",
];
const DPS: [&str; 4] = ["D01", "D1", "DATAPOINT-LONG-NAME", "D0000001"];

fn dict() -> Dictionary {
    Dictionary::new(
        UNITS.iter().map(|u| (*u).into()),
        DPS.iter().map(|d| (*d).into()),
    )
    .expect("a valid dictionary")
}

fn field(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(pool).prop_map(str::to_owned),
        1 => "[ -~]{0,12}",
    ]
}

fn date() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (2025i32..2028, 1u32..13, 1u32..32).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        1 => prop::sample::select(&["2024-02-29", "0000-01-01", "9999-12-31", "2026-2-3", "2026-02-29", ""][..]).prop_map(str::to_owned),
        1 => "[0-9-]{8,11}",
    ]
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (any::<bool>(), 0u64..10_000_000_000_000_000, prop::option::of(0u8..100)).prop_map(|(neg, i, f)| {
            let sign = if neg { "-" } else { "" };
            match f {
                Some(f) if f % 2 == 0 => format!("{sign}{i}.{f:02}"),
                Some(f) => format!("{sign}{i}.{}", f % 10),
                None => format!("{sign}{i}"),
            }
        }),
        1 => "[-+0-9.e ]{0,20}",
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (field(&UNITS), field(&DPS), date(), value()).prop_map(|(u, d, t, v)| format!("{u},{d},{t},{v}")),
        1 => "[ -~\r]{0,40}",
    ]
}

/// Lines with their ends after a header; the last line's end only when `final_end`.
fn assemble(lines: Vec<(String, &str)>, final_end: bool) -> String {
    let mut s = String::from("unit_id,datapoint_id,date,value\n");
    let n = lines.len();
    for (i, (l, end)) in lines.into_iter().enumerate() {
        s.push_str(&l);
        if i + 1 < n || final_end {
            s.push_str(end);
        }
    }
    s
}

fn text() -> impl Strategy<Value = (String, bool)> {
    (
        prop::collection::vec((line(), prop::sample::select(&["\n", "\r\n"][..])), 0..40),
        any::<bool>(),
    )
        .prop_map(|(lines, final_end)| (assemble(lines, final_end), final_end))
}

/// Cells (unit, data point, cents, count), tally and rejects.
type Read = (Vec<(String, String, i128, u64)>, Tally, Vec<Rejected>);

fn fast(csv: &str, threads: usize, block: usize) -> Read {
    let dict = dict();
    let mut rejects = Vec::new();
    let (sums, tally) = FactReader::new(&dict, Period::year(2026).expect("a year"))
        .threads(threads)
        .block_size(block)
        .read(csv.as_bytes(), &mut rejects)
        .expect("reads");
    let cells = sums
        .iter()
        .map(|(u, d, c, n)| (u.to_string(), d.to_string(), c, n))
        .collect();
    (cells, tally, rejects)
}

/// The fast reader on 1 thread and on `threads` threads with blocks of `block` bytes
/// gives what the line validator gives line by line.
fn agrees_with_the_line_validator(
    csv: &str,
    threads: usize,
    block: usize,
) -> Result<(), TestCaseError> {
    let (cells, tally, rejects) = fast(csv, 1, 1 << 20);
    prop_assert_eq!(
        &fast(csv, threads, block),
        &(cells.clone(), tally, rejects.clone())
    );

    let dict = dict();
    let v = Validator::new(&dict, Period::year(2026).expect("a year"));
    let mut agg = Aggregates::new(Granularity::Whole);
    let mut slow_rejects = Vec::new();
    let body = csv.split_once('\n').map(|(_, b)| b).unwrap_or_default();
    let body = body.strip_suffix('\n').unwrap_or(body);
    let mut total = 0;
    if !csv.ends_with('\n') || !body.is_empty() || csv.matches('\n').count() > 1 {
        for (line, text) in (2_u64..).zip(body.split('\n')) {
            total += 1;
            let text = text.strip_suffix('\r').unwrap_or(text);
            match v.parse_line(text) {
                Err(reason) => slow_rejects.push(Rejected::new(line, reason, text)),
                Ok(fact) => {
                    if v.check(&fact) == Disposition::Accepted {
                        agg.add(&fact).expect("fits");
                    }
                }
            }
        }
    }
    prop_assert_eq!(tally.total(), total);
    prop_assert_eq!(&rejects, &slow_rejects);
    let all = agg.all();
    for (u, d, cents, count) in &cells {
        let slow = all
            .aggregate(&u.as_str().into(), &d.as_str().into())
            .expect("fits");
        prop_assert_eq!(slow.count, *count);
        prop_assert_eq!(
            slow.sum * rust_decimal::Decimal::ONE_HUNDRED,
            rust_decimal::Decimal::from_i128_with_scale(*cents, 0)
        );
    }
    prop_assert_eq!(cells.iter().map(|c| c.3).sum::<u64>(), tally.accepted());
    Ok(())
}

/// A line longer than the reader keeps whole (64 KiB): one field, lines ended by CR
/// alone, each of the four fields too long in turn, a long fifth field, a long unit
/// after a valid-looking start, long multi-byte text.
fn overlong() -> impl Strategy<Value = String> {
    (0usize..9, 66_000usize..70_000, line()).prop_map(|(shape, n, ok)| {
        let long = |c: &str| c.repeat(n);
        match shape {
            0 => long("x"),
            1 => format!("{ok}\r").repeat(n / (ok.len() + 1).max(1) + 1),
            2 => format!("{},D1,2026-01-01,1", long("U")),
            3 => format!("H1,{},2026-01-01,1", long("D")),
            4 => format!("H1,D1,{},1", long("2")),
            5 => format!("H1,D1,2026-01-01,{}", long("9")),
            6 => format!("{ok},{}", long("x")),
            7 => format!("H1,D1,2026-01-01,1{}", long(",")),
            _ => format!("a{},D1,2026-01-01,1", "é".repeat(n / 2)),
        }
    })
}

fn text_with_overlong_lines() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            (
                prop_oneof![3 => line(), 1 => overlong()],
                prop::sample::select(&["\n", "\r\n"][..]),
            ),
            1..6,
        ),
        any::<bool>(),
    )
        .prop_map(|(lines, final_end)| assemble(lines, final_end))
}

proptest! {
    #![proptest_config(crate::audit::config(128))]

    #[test]
    fn fast_reader_agrees_with_the_line_validator((csv, _) in text(), threads in 1usize..4, block in 1usize..64) {
        agrees_with_the_line_validator(&csv, threads, block)?;
    }
}

proptest! {
    #![proptest_config(crate::audit::config(24))]

    /// Lines too long to keep are judged as they stream by, with the reason, line number
    /// and record the validator gives the whole line, and the lines after them counted
    /// as before.
    #[test]
    fn overlong_lines_are_judged_like_any_other(csv in text_with_overlong_lines(), threads in 1usize..4, block in prop_oneof![1usize..64, 4096usize..70_000]) {
        agrees_with_the_line_validator(&csv, threads, block)?;
    }
}

#[test]
fn ids_of_every_length_are_found() {
    let csv = "h\n\
               H1,D1,2026-01-01,1\n\
               H10,D01,2026-01-01,2\n\
               U0000001,D0000001,2026-01-01,3\n\
               UNIT-000000001,DATAPOINT-LONG-NAME,2026-01-01,4\n\
               UNIT-000000002,DATAPOINT-LONG-NAME,2026-01-01,5\n\
               UNIT-000000003,DATAPOINT-LONG-NAME,2026-01-01,6\n\
               U000000,D0000001,2026-01-01,7\n\
               U00000011,D0000001,2026-01-01,8\n\
               é,D1,2026-01-01,9\n\
               H,D1,2026-01-01,10\n\
               H1,D,,";
    for (threads, block) in [(1, 1 << 20), (1, 1), (2, 5), (3, 9)] {
        let (cells, tally, rejects) = fast(csv, threads, block);
        let got: Vec<(&str, &str, i128)> = cells
            .iter()
            .map(|(u, d, c, _)| (u.as_str(), d.as_str(), *c))
            .collect();
        assert_eq!(
            got,
            [
                ("H1", "D1", 100),
                ("H10", "D01", 200),
                ("U0000001", "D0000001", 300),
                ("UNIT-000000001", "DATAPOINT-LONG-NAME", 400),
                ("UNIT-000000002", "DATAPOINT-LONG-NAME", 500),
                ("é", "D1", 900),
            ]
        );
        assert_eq!(tally.total(), 11);
        let lines: Vec<(u64, RejectReason)> = rejects.iter().map(|r| (r.line, r.reason)).collect();
        assert_eq!(
            lines,
            [
                (7, RejectReason::UnknownUnit),
                (8, RejectReason::UnknownUnit),
                (9, RejectReason::UnknownUnit),
                (11, RejectReason::UnknownUnit),
                (12, RejectReason::UnknownDatapoint),
            ]
        );
    }
}

#[test]
fn sums_beyond_i64_stay_exact() {
    let mut csv = String::from("h\n");
    for _ in 0..20 {
        csv.push_str("H1,D1,2026-01-01,9999999999999999.99\n");
    }
    csv.push_str("H1,D1,2026-01-01,-0.01\n");
    for _ in 0..20 {
        csv.push_str("H10,D1,2026-01-01,-9999999999999999.99\n");
    }
    for (threads, block) in [(1, 1 << 20), (2, 40), (3, 100)] {
        let dict = dict();
        let mut rejects = Vec::new();
        let (sums, _) = FactReader::new(&dict, Period::year(2026).expect("a year"))
            .threads(threads)
            .block_size(block)
            .read(csv.as_bytes(), &mut rejects)
            .expect("reads");
        let a = sums.aggregate(&"H1".into(), &"D1".into()).expect("fits");
        assert_eq!(
            (a.sum.to_string().as_str(), a.count),
            ("199999999999999999.79", 21)
        );
        let b = sums.aggregate(&"H10".into(), &"D1".into()).expect("fits");
        assert_eq!(
            (b.sum.to_string().as_str(), b.count),
            ("-199999999999999999.80", 20)
        );
    }
}

/// A character that the 256-byte cut of a record falls inside is dropped whole, as
/// `Rejected::new` drops it, not replaced by U+FFFD; for every way a cut can fall.
#[test]
fn records_cut_inside_a_character_lose_it_whole() {
    for pad in 0..4 {
        for ch in ["é", "税", "😀"] {
            let line = format!("{}{}", "a".repeat(pad), ch.repeat(300));
            let (_, _, rejects) = fast(&format!("h\n{line}\n"), 1, 1 << 20);
            let expected = Rejected::new(2, RejectReason::FieldCount { found: 1 }, line.as_str());
            assert_eq!(rejects, [expected], "{pad} × a, then {ch}");
        }
    }
}

/// The lines read together with the end of an overlong line (after its LF, in the same
/// read) are each found and judged as any other: an empty line, a valid fact and a bad
/// one, ended by LF or CRLF, between two overlong lines, in blocks of every size.
#[test]
fn lines_read_with_the_end_of_an_overlong_line_are_found() {
    let short = ["", "H1,D1,2026-03-01,12.5", "H1,D9,2026-03-01,1"];
    let ends = ["\n", "\r\n"];
    let long = [
        "x".repeat(66_000),
        format!("H1,D1,2026-01-01,{}", "9".repeat(66_000)),
    ];
    let mut between: Vec<Vec<(String, &str)>> = Vec::new();
    for a in short {
        for e in ends {
            between.push(vec![(a.to_owned(), e)]);
            for b in short {
                between.push(vec![(a.to_owned(), e), (b.to_owned(), "\r\n")]);
            }
        }
    }
    for first in &long[..1] {
        for end in ends {
            for lines in &between {
                let mut all = vec![(first.clone(), end)];
                all.extend(lines.iter().cloned());
                all.push((long[1].clone(), "\n"));
                let csv = assemble(all, false);
                for block in [3, 4096] {
                    for threads in [1, 2] {
                        if let Err(e) = agrees_with_the_line_validator(&csv, threads, block) {
                            panic!(
                                "{lines:?} after a line ended {end:?}, block {block}, {threads} threads: {e}"
                            );
                        }
                    }
                }
            }
        }
    }
}
