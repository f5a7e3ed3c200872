//! An I/O error says what was being done (and the file, when the host attaches it) and
//! returns the `io::Error` as its `source()`: the cause is never printed twice when a
//! host prints the chain.

use std::error::Error as _;
use std::io::{self, Read};
use std::path::Path;

use scorecard::facts::FactReader;
use scorecard::{Error, Period};

fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut next = e.source();
    while let Some(cause) = next {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        next = cause.source();
    }
    out
}

struct Failing;

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(io::Error::other("disk on fire"))
    }
}

#[test]
fn a_read_error_returns_the_io_error_as_its_source_and_does_not_print_it() {
    let dict = scorecard::facts::Dictionary::new(["U1".into()], ["D1".into()]).expect("dict");
    let mut rejects: Vec<scorecard::facts::Rejected> = Vec::new();
    let e = FactReader::new(&dict, Period::year(2026).expect("a year"))
        .read(Failing, &mut rejects)
        .expect_err("the reader fails");
    assert!(e.is_io(), "{e}");
    assert_eq!(e.to_string(), "reading facts");
    let cause = e
        .source()
        .and_then(|c| c.downcast_ref::<io::Error>())
        .expect("the io::Error");
    assert_eq!(cause.to_string(), "disk on fire");
    // the host names the file; the chain prints each part once
    let e = e.with_path("data/facts.csv");
    assert_eq!(e.file(), Some("data/facts.csv"));
    assert_eq!(chain(&e), "data/facts.csv: reading facts: disk on fire");
}

#[test]
fn an_io_error_at_a_path_prints_the_path_and_context_but_not_the_cause() {
    let e = Error::io_at(
        "data/units.csv",
        "cannot read units",
        io::Error::from(io::ErrorKind::NotFound),
    );
    assert!(e.is_io(), "{e}");
    assert_eq!(e.io_path(), Some(Path::new("data/units.csv")));
    assert_eq!(e.to_string(), "data/units.csv: cannot read units");
    let cause = e
        .source()
        .and_then(|c| c.downcast_ref::<io::Error>())
        .expect("the io::Error");
    assert_eq!(cause.kind(), io::ErrorKind::NotFound);
    assert!(!e.to_string().contains(&cause.to_string()), "{e}");
}

#[test]
fn attaching_a_path_to_a_shared_error_keeps_the_os_error() {
    let e = Error::io("reading facts", io::Error::from_raw_os_error(2));
    let kept = e.clone();
    let e = e.with_path("facts.csv");
    assert_eq!(e.to_string(), "facts.csv: reading facts");
    let cause = e
        .source()
        .and_then(|c| c.downcast_ref::<io::Error>())
        .expect("the io::Error");
    assert_eq!(cause.raw_os_error(), Some(2));
    // the clone is as it was
    assert_eq!(kept.to_string(), "reading facts");
    assert_eq!(kept.io_path(), None);
}

#[test]
fn attaching_a_path_to_an_error_that_is_not_io_changes_nothing() {
    let e = Period::quarter(2026, 5).expect_err("quarter 5");
    let text = e.to_string();
    let e = e.with_path("scheme.toml");
    assert_eq!(e.to_string(), text);
    assert_eq!((e.io_path(), e.file()), (None, None));
    assert!(e.is_invalid_option());
}
