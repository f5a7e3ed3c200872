//! A `POST /facts` body: lines of the neutral fact format (`unit_id,datapoint_id,date,value`,
//! the header optional), checked by the library's [`Validator`].
//!
//! Two kinds of trouble, kept apart on purpose:
//!
//! - a **malformed body** is not lines of the format at all — a line that is not UTF-8,
//!   an empty line, a line without exactly four fields: the client sent the wrong thing
//!   (a truncated upload, another file), and the whole batch is refused with a 400
//!   naming the first such line;
//! - a **rejected line** has the format's shape but not its content — an unknown unit or
//!   data point, a date that does not exist, a value that is not a fact value: a source
//!   system's record, quarantined with its line number and reason (as the province job's
//!   `rejected.csv`), committed with the batch, counted in the answer.

use scorecard::Fact;
use scorecard::facts::RejectReason;
use scorecard::facts::{Disposition, Rejected, Validator};

/// The optional header line.
pub const HEADER: &str = "unit_id,datapoint_id,date,value";

/// A body that is not lines of the fact format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// The 1-based line of the body (the header, when there is one, is line 1).
    pub line: u64,
    /// What is wrong with it.
    pub message: String,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// A body, checked line by line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checked {
    /// The accepted facts with their line numbers, in body order.
    pub accepted: Vec<(u64, Fact)>,
    /// The rejected lines, in body order.
    pub rejected: Vec<Rejected>,
    /// Valid lines dated outside the period.
    pub out_of_period: u64,
}

/// Splits `body` into lines (LF; one CR before it dropped; no empty line after a final
/// LF) and checks each.
///
/// # Errors
///
/// [`Malformed`] for the first line that is not UTF-8, empty, or without four fields.
pub fn check(body: &[u8], validator: &Validator) -> Result<Checked, Malformed> {
    let mut out = Checked::default();
    let body = body.strip_suffix(b"\n").unwrap_or(body);
    if body.is_empty() {
        return Ok(out);
    }
    for (line, raw) in (1_u64..).zip(body.split(|b| *b == b'\n')) {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let text = std::str::from_utf8(raw).map_err(|_| Malformed {
            line,
            message: "not UTF-8 text".into(),
        })?;
        if line == 1 && text == HEADER {
            continue;
        }
        if text.is_empty() {
            return Err(Malformed {
                line,
                message: "an empty line (each line is unit_id,datapoint_id,date,value)".into(),
            });
        }
        match validator.parse_line(text) {
            Err(RejectReason::FieldCount { found }) => {
                return Err(Malformed {
                    line,
                    message: format!(
                        "{found} fields instead of 4 (each line is unit_id,datapoint_id,date,value)"
                    ),
                });
            }
            Err(reason) => out.rejected.push(Rejected::new(line, reason, text)),
            Ok(fact) => match validator.check(&fact) {
                Disposition::Accepted => out.accepted.push((line, fact)),
                Disposition::OutOfPeriod => out.out_of_period += 1,
                Disposition::Rejected { reason } => {
                    out.rejected.push(Rejected::new(line, reason, text));
                }
            },
        }
    }
    Ok(out)
}

/// Whether `key` may be an idempotency key: 1 to 128 visible ASCII characters.
pub fn valid_key(key: &str) -> bool {
    (1..=128).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;
    use scorecard::Period;
    use scorecard::facts::Dictionary;

    fn validator() -> Validator {
        let dict = Dictionary::new(["A1".into()], ["D1".into()]).expect("a dictionary");
        Validator::new(&dict, Period::year(2026).expect("a year"))
    }

    #[test]
    fn lines_are_sorted_into_accepted_rejected_and_out_of_period() {
        let body = b"unit_id,datapoint_id,date,value\r\nA1,D1,2026-01-15,80\nX9,D1,2026-01-01,1\nA1,D1,2025-12-31,99\n";
        let c = check(body, &validator()).expect("a well-formed body");
        assert_eq!(c.accepted.len(), 1);
        assert_eq!(c.accepted[0].0, 2);
        assert_eq!(c.rejected.len(), 1);
        assert_eq!(c.rejected[0].line, 3);
        assert_eq!(c.rejected[0].reason.to_string(), "unknown unit");
        assert_eq!(c.out_of_period, 1);
    }

    #[test]
    fn malformed_lines_name_their_line() {
        let v = validator();
        let e = check(b"A1,D1,2026-01-15,80\nA1,D1,2026-01-15\n", &v).expect_err("3 fields");
        assert_eq!(
            e.to_string(),
            "line 2: 3 fields instead of 4 (each line is unit_id,datapoint_id,date,value)"
        );
        let e = check(b"A1,D1,2026-01-15,80\n\nA1,D1,2026-01-15,1", &v).expect_err("empty");
        assert_eq!(e.line, 2);
        let e = check(b"A1,D1,2026-01-15,80\n\xff\n", &v).expect_err("not UTF-8");
        assert_eq!(e.line, 2);
        assert_eq!(check(b"", &v), Ok(Checked::default()));
    }

    #[test]
    fn keys() {
        assert!(valid_key("batch-2026-12-03-0001"));
        assert!(!valid_key(""));
        assert!(!valid_key("with space"));
        assert!(!valid_key(&"k".repeat(129)));
    }
}
