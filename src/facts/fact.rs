//! One fact, the reasons a fact is rejected, and the validator that decides.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::aggregate::Aggregates;
use super::dict::Dictionary;
use super::quarantine::{Quarantine, Rejected, Tally};
use crate::error::Result;
use crate::id::{DatapointId, UnitId};
use crate::period::Period;

/// The most digits a fact value may have before its decimal point.
pub(crate) const MAX_INT_DIGITS: usize = 16;
/// The most digits a fact value may have after its decimal point.
pub(crate) const MAX_FRAC_DIGITS: usize = 2;

/// One record from a source system: unit `unit` reported `value` for data point
/// `datapoint` on `date`.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
/// use scorecard::Fact;
///
/// let date = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
/// let fact = Fact::new("H1".into(), "D01".into(), date, Decimal::new(5025, 2))
///     .with_source("core tax system");
/// assert_eq!(fact.to_string(), "H1,D01,2026-03-01,50.25");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// The unit the fact belongs to.
    pub unit: UnitId,
    /// What was measured.
    pub datapoint: DatapointId,
    /// The day the fact is dated (what period and as-of filters look at).
    pub date: NaiveDate,
    /// The measured value, exact.
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub value: Decimal,
    /// The source system, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The record's id in its source system, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_id: Option<String>,
}

impl Fact {
    /// A fact without source or record id.
    pub fn new(unit: UnitId, datapoint: DatapointId, date: NaiveDate, value: Decimal) -> Self {
        Self {
            unit,
            datapoint,
            date,
            value,
            source: None,
            record_id: None,
        }
    }

    /// The same fact with its source system.
    pub fn with_source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The same fact with its record id in the source system.
    pub fn with_record_id(mut self, record_id: impl Into<String>) -> Self {
        self.record_id = Some(record_id.into());
        self
    }
}

/// The fact as a line of the neutral CSV format: `unit,datapoint,date,value`.
impl fmt::Display for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{},{},{},{}",
            self.unit,
            self.datapoint,
            self.date.format("%Y-%m-%d"),
            self.value
        )
    }
}

/// Why a fact is rejected. For a text line the checks run in the order of the variants
/// and the reason names the first that fails.
///
/// `Display` gives a short lowercase text without commas, fit for a CSV field:
///
/// | reason | text |
/// | --- | --- |
/// | `FieldCount { found: 3 }` | `3 fields instead of 4` |
/// | `UnknownUnit` | `unknown unit` |
/// | `UnknownDatapoint` | `unknown data point` |
/// | `InvalidDate` | `not a date` |
/// | `InvalidValue` | `not a decimal number` |
/// | `TooManyDigits` | `more than 28 significant digits` |
/// | `NotACount` | `not a count` |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RejectReason {
    /// The line does not have exactly four comma-separated fields (an empty line has one).
    FieldCount {
        /// How many fields the line has.
        found: u64,
    },
    /// The unit is not a known unit (compared byte for byte).
    UnknownUnit,
    /// The data point is not a known data point (compared byte for byte).
    UnknownDatapoint,
    /// The date is not a real Gregorian date written `YYYY-MM-DD` with a year from 0001
    /// to 9999.
    InvalidDate,
    /// The value is not a fact value: an optional sign, 1 to 16 digits, optionally a
    /// point and 1 or 2 digits (for a structured fact: more than 16 digits before or 2
    /// after the point).
    InvalidValue,
    /// The value is written as a decimal but is beyond the range of a `Decimal`: more
    /// than 28 significant digits (29 below 79 228 162 514 264 337 593 543 950 335), or
    /// more than 28 digits after the point. Only [`parse_decimal`] gives it: a fact
    /// value's own limits (16 + 2 digits) are [`RejectReason::InvalidValue`].
    TooManyDigits,
    /// The data point is declared as a count ([`Dictionary::counts`]) and the value is
    /// not a whole number of zero or more (`2.5`, `-1`).
    NotACount,
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RejectReason::FieldCount { found } => write!(f, "{found} fields instead of 4"),
            RejectReason::UnknownUnit => f.write_str("unknown unit"),
            RejectReason::UnknownDatapoint => f.write_str("unknown data point"),
            RejectReason::InvalidDate => f.write_str("not a date"),
            RejectReason::InvalidValue => f.write_str("not a decimal number"),
            RejectReason::TooManyDigits => f.write_str("more than 28 significant digits"),
            RejectReason::NotACount => f.write_str("not a count"),
        }
    }
}

/// What becomes of one fact: exactly one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Disposition {
    /// Valid and dated in the period: aggregated.
    Accepted,
    /// Valid but dated outside the period: counted, not aggregated, not an error.
    OutOfPeriod,
    /// Invalid: kept in quarantine with its reason.
    Rejected {
        /// The first check that failed.
        reason: RejectReason,
    },
}

/// A *decimal* of the neutral format: an optional sign (`+` or `-`), one or more ASCII
/// digits, optionally a `.` and one or more digits; no exponent, no spaces.
///
/// # Errors
///
/// [`RejectReason::InvalidValue`] when `text` is not such a decimal;
/// [`RejectReason::TooManyDigits`] when it is one but does not fit a `Decimal` exactly
/// (for example 40 digits, or 29 places): the value is refused, never rounded.
///
/// # Examples
///
/// ```
/// use scorecard::facts::RejectReason;
/// use scorecard::facts::parse_decimal;
///
/// assert_eq!(parse_decimal("+007.10").unwrap().to_string(), "7.10");
/// assert_eq!(parse_decimal("1e3"), Err(RejectReason::InvalidValue));
/// let forty = "1234567890123456789012345678901234567890";
/// assert_eq!(parse_decimal(forty), Err(RejectReason::TooManyDigits));
/// assert_eq!(RejectReason::TooManyDigits.to_string(), "more than 28 significant digits");
/// ```
pub fn parse_decimal(text: &str) -> Result<Decimal, RejectReason> {
    let (int, frac) = split_decimal(text).ok_or(RejectReason::InvalidValue)?;
    if frac.is_some_and(str::is_empty) || int.is_empty() {
        return Err(RejectReason::InvalidValue);
    }
    // the grammar holds: the only failure left is a value beyond Decimal's digits
    Decimal::from_str_exact(text).map_err(|_| RejectReason::TooManyDigits)
}

/// A *fact value*: a [decimal](parse_decimal) with at most 16 digits before the point
/// and at most 2 after it (leading zeros count).
///
/// # Errors
///
/// [`RejectReason::InvalidValue`] when `text` is not a fact value. (Hosts meet it
/// through [`Validator::parse_line`] and the [`FactReader`](crate::facts::FactReader).)
pub(crate) fn parse_fact_value(text: &str) -> Result<Decimal, RejectReason> {
    let (int, frac) = split_decimal(text).ok_or(RejectReason::InvalidValue)?;
    let frac_len = frac.map_or(0, str::len);
    if int.len() > MAX_INT_DIGITS || frac_len > MAX_FRAC_DIGITS {
        return Err(RejectReason::InvalidValue);
    }
    parse_decimal(text)
}

/// Splits an optional sign, the integer digits and the fraction digits (after a point)
/// when the text has only those; `None` when any other byte appears.
fn split_decimal(text: &str) -> Option<(&str, Option<&str>)> {
    let unsigned = text
        .strip_prefix('+')
        .or_else(|| text.strip_prefix('-'))
        .unwrap_or(text);
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (digits(int) && frac.is_none_or(digits)).then_some((int, frac))
}

/// Whether a value is within the bounds of a fact value: fewer than 17 digits before
/// the point, at most 2 (significant) after it.
fn is_fact_value(value: Decimal) -> bool {
    let bound = Decimal::from(10_000_000_000_000_000_i64);
    value.abs() < bound && value.normalize().scale() <= MAX_FRAC_DIGITS as u32
}

/// Whether `value` is a count: whole and not negative.
fn is_count(value: Decimal) -> bool {
    value.fract().is_zero() && (value.is_zero() || value.is_sign_positive())
}

/// Decides for each fact whether it is accepted, out of period or rejected, against
/// the known units and data points of a [`Dictionary`] and a [`Period`].
///
/// This is the structured (and the slow, line-at-a-time) path; [`FactReader`](super::FactReader)
/// applies the same rules to a whole CSV text at speed.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
/// use scorecard::facts::{Dictionary, Validator, Disposition};
/// use scorecard::{Fact, Period};
/// use scorecard::facts::RejectReason;
///
/// let dict = Dictionary::new(["H1".into()], ["D01".into()]).unwrap();
/// let v = Validator::new(&dict, Period::year(2026).unwrap());
/// let fact = v.parse_line("H1,D01,2026-02-14,100").unwrap();
/// assert_eq!(v.check(&fact), Disposition::Accepted);
/// assert_eq!(v.parse_line("H1,D01,2026-02-30,1"), Err(RejectReason::InvalidDate));
/// assert_eq!(v.parse_line("H1,D01,2026-02-14,12,5"), Err(RejectReason::FieldCount { found: 5 }));
/// ```
#[derive(Debug, Clone)]
pub struct Validator {
    dict: Dictionary,
    period: Period,
}

impl Validator {
    /// A validator for the units and data points of `dict` and facts dated in `period`.
    pub fn new(dict: &Dictionary, period: Period) -> Self {
        Self {
            dict: dict.clone(),
            period,
        }
    }

    /// The period facts must be dated in to be accepted.
    pub fn period(&self) -> Period {
        self.period
    }

    /// The verdict on a structured fact: unknown unit, unknown data point, a date outside
    /// the years 0001 to 9999, a value outside the bounds of a fact value, a value of a
    /// count data point that is not a count (checked in that order) reject it; else it
    /// is accepted or out of period.
    pub fn check(&self, fact: &Fact) -> Disposition {
        let reason = if self.dict.unit_index(fact.unit.as_str()).is_none() {
            Some(RejectReason::UnknownUnit)
        } else if self.dict.datapoint_index(fact.datapoint.as_str()).is_none() {
            Some(RejectReason::UnknownDatapoint)
        } else if !(1..=9999).contains(&fact.date.year()) {
            Some(RejectReason::InvalidDate)
        } else if !is_fact_value(fact.value) {
            Some(RejectReason::InvalidValue)
        } else if self.dict.is_count(fact.datapoint.as_str()) && !is_count(fact.value) {
            Some(RejectReason::NotACount)
        } else {
            None
        };
        match reason {
            Some(reason) => Disposition::Rejected { reason },
            None if self.period.contains(fact.date) => Disposition::Accepted,
            None => Disposition::OutOfPeriod,
        }
    }

    /// Parses one data line of the neutral CSV format (without its line end: no LF, and
    /// no CR before it) into a fact, applying the text checks in the order of the format
    /// (`docs/FORMATS.md`): field count, unit, data point, date, value. Whether the fact
    /// is in the period is then [`check`](Self::check)'s business.
    ///
    /// # Errors
    ///
    /// The first failing check's [`RejectReason`].
    pub fn parse_line(&self, line: &str) -> Result<Fact, RejectReason> {
        let fields: Vec<&str> = line.split(',').collect();
        let &[unit, datapoint, date, value] = fields.as_slice() else {
            return Err(RejectReason::FieldCount {
                found: fields.len() as u64,
            });
        };
        if self.dict.unit_index(unit).is_none() {
            return Err(RejectReason::UnknownUnit);
        }
        if self.dict.datapoint_index(datapoint).is_none() {
            return Err(RejectReason::UnknownDatapoint);
        }
        let date = Period::parse_date(date).ok_or(RejectReason::InvalidDate)?;
        let value = parse_fact_value(value)?;
        if self.dict.is_count(datapoint) && !is_count(value) {
            return Err(RejectReason::NotACount);
        }
        Ok(Fact::new(unit.into(), datapoint.into(), date, value))
    }

    /// Validates `facts` in order: accepted ones are added to `into`, rejected ones go to
    /// `quarantine` with their 1-based position in the sequence, and every fact is
    /// counted in the returned [`Tally`].
    ///
    /// # Errors
    ///
    /// When a sum in `into` overflows.
    pub fn ingest<I, Q>(&self, facts: I, into: &mut Aggregates, quarantine: &mut Q) -> Result<Tally>
    where
        I: IntoIterator<Item = Fact>,
        Q: Quarantine + ?Sized,
    {
        let mut tally = Tally::default();
        for (position, fact) in (1_u64..).zip(facts) {
            let verdict = self.check(&fact);
            match verdict {
                Disposition::Accepted => into.add(&fact)?,
                Disposition::OutOfPeriod => {}
                Disposition::Rejected { reason } => {
                    let record = if quarantine.keeps_records() {
                        fact.to_string()
                    } else {
                        String::new()
                    };
                    quarantine.reject(Rejected::new(position, reason, record));
                }
            }
            tally.record(verdict);
        }
        Ok(tally)
    }
}
