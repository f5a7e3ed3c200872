//! Assessment periods and as-of dates.
//!
//! The core never reads the clock: "today" is always an `as_of` date the host
//! passes in. A [`Period`] is a closed range of calendar days, both ends
//! included.
//!
//! The one date grammar of the text formats the crate reads (facts, and the
//! configuration of the province job) lives here too: [`Period::parse_date`], a strict
//! `YYYY-MM-DD`. The fact reader's fast path parses the same grammar from bytes with
//! `parse_ymd` and checks the day with `is_day`.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A closed range of days `[start, end]`: a year, half, quarter, month or any custom
/// range.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use scorecard::Period;
///
/// let q1 = Period::quarter(2026, 1).unwrap();
/// assert_eq!(q1.days(), 90);
/// let d = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
/// assert!(q1.contains(d));
/// // figures during the period: only facts up to the as-of date count
/// let so_far = Period::year(2026).unwrap().as_of(NaiveDate::from_ymd_opt(2026, 2, 15).unwrap());
/// assert_eq!(so_far.unwrap().days(), 46);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
// Read through PeriodRepr, which refuses unknown keys.
#[serde(try_from = "PeriodRepr", into = "PeriodRepr")]
pub struct Period {
    start: NaiveDate,
    end: NaiveDate,
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct PeriodRepr {
    start: NaiveDate,
    end: NaiveDate,
}

impl TryFrom<PeriodRepr> for Period {
    type Error = Error;
    fn try_from(r: PeriodRepr) -> Result<Self> {
        Period::new(r.start, r.end)
    }
}

impl From<Period> for PeriodRepr {
    fn from(p: Period) -> Self {
        PeriodRepr {
            start: p.start,
            end: p.end,
        }
    }
}

/// Whether `year`-`month`-`day` is a real day of the Gregorian calendar with a year from
/// 1 to 9999.
#[inline]
pub(crate) fn is_day(year: u32, month: u32, day: u32) -> bool {
    let last = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 0,
    };
    (1..=9999).contains(&year) && (1..=last).contains(&day)
}

/// The year, month and day of a strict `YYYY-MM-DD` date: exactly ten bytes, four
/// digits, `-`, two digits, `-`, two digits, and a real day ([`is_day`]).
#[inline]
pub(crate) fn parse_ymd(text: &[u8]) -> Option<(u32, u32, u32)> {
    let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = text else {
        return None;
    };
    let digit = |b: u8| {
        let d = b.wrapping_sub(b'0');
        (d < 10).then_some(u32::from(d))
    };
    let year = ((digit(y0)? * 10 + digit(y1)?) * 10 + digit(y2)?) * 10 + digit(y3)?;
    let month = digit(m0)? * 10 + digit(m1)?;
    let day = digit(d0)? * 10 + digit(d1)?;
    is_day(year, month, day).then_some((year, month, day))
}

fn ymd(year: i32, month: u32, day: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        Error::invalid_date(
            format_args!("{year:04}-{month:02}-{day:02}"),
            "is not a date",
        )
    })
}

fn last_of_month(year: i32, month: u32) -> Result<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    ymd(y, m, 1)?.pred_opt().ok_or_else(|| {
        Error::invalid_date(format_args!("{y:04}-{m:02}-01"), "has no day before it")
    })
}

impl Period {
    /// The days from `start` to `end`, both included.
    ///
    /// # Errors
    ///
    /// When `end` is before `start`.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Self> {
        if end < start {
            return Err(Error::invalid_period(start, end));
        }
        Ok(Self { start, end })
    }

    /// The calendar year.
    ///
    /// # Errors
    ///
    /// When the year is outside chrono's range.
    pub fn year(year: i32) -> Result<Self> {
        Self::new(ymd(year, 1, 1)?, ymd(year, 12, 31)?)
    }

    /// Half `half` (1 or 2) of the year.
    ///
    /// # Errors
    ///
    /// When `half` is not 1 or 2.
    pub fn half(year: i32, half: u32) -> Result<Self> {
        match half {
            1 => Self::new(ymd(year, 1, 1)?, ymd(year, 6, 30)?),
            2 => Self::new(ymd(year, 7, 1)?, ymd(year, 12, 31)?),
            _ => Err(Error::invalid_option(
                format!("year {year}"),
                "half",
                half,
                "not 1 or 2",
            )),
        }
    }

    /// Quarter `quarter` (1 to 4) of the year.
    ///
    /// # Errors
    ///
    /// When `quarter` is not 1 to 4.
    pub fn quarter(year: i32, quarter: u32) -> Result<Self> {
        if !(1..=4).contains(&quarter) {
            return Err(Error::invalid_option(
                format!("year {year}"),
                "quarter",
                quarter,
                "not 1 to 4",
            ));
        }
        let first = 3 * (quarter - 1) + 1;
        Self::new(ymd(year, first, 1)?, last_of_month(year, first + 2)?)
    }

    /// Month `month` (1 to 12) of the year.
    ///
    /// # Errors
    ///
    /// When `month` is not 1 to 12.
    pub fn month(year: i32, month: u32) -> Result<Self> {
        if !(1..=12).contains(&month) {
            return Err(Error::invalid_option(
                format!("year {year}"),
                "month",
                month,
                "not 1 to 12",
            ));
        }
        Self::new(ymd(year, month, 1)?, last_of_month(year, month)?)
    }

    /// A date written strictly `YYYY-MM-DD`: a four-digit year from 0001 to 9999, a
    /// two-digit month and day, and a real day of the Gregorian calendar; nothing
    /// before or after it. The one date grammar of the text formats the crate reads:
    /// the fact reader and the [`Validator`](crate::facts::Validator) accept exactly
    /// these dates.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use scorecard::Period;
    ///
    /// assert_eq!(Period::parse_date("2024-02-29"), NaiveDate::from_ymd_opt(2024, 2, 29));
    /// for bad in ["2026-02-30", "2026-2-3", "0000-01-01", "2026-01-01 ", "+2026-01-01", "2026/01/01"] {
    ///     assert_eq!(Period::parse_date(bad), None, "{bad}");
    /// }
    /// ```
    pub fn parse_date(text: &str) -> Option<NaiveDate> {
        let (year, month, day) = parse_ymd(text.as_bytes())?;
        NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
    }

    /// The first day.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last day (included).
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// Whether `date` lies in the period, both ends included.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// The number of days, both ends included.
    pub fn days(&self) -> u32 {
        // end >= start by construction, and chrono's range keeps this within u32
        (self.end - self.start).num_days().unsigned_abs() as u32 + 1
    }

    /// The part of the period up to and including `as_of`: what is known on that day.
    /// `None` when `as_of` is before the period starts.
    pub fn as_of(&self, as_of: NaiveDate) -> Option<Period> {
        if as_of < self.start {
            None
        } else {
            Some(Period {
                start: self.start,
                end: self.end.min(as_of),
            })
        }
    }

    /// Days elapsed by `as_of` (both ends included), 0 before the period, all days after it.
    pub fn days_elapsed(&self, as_of: NaiveDate) -> u32 {
        self.as_of(as_of).map_or(0, |p| p.days())
    }

    /// The months the period touches, as `(year, month)`, in order.
    pub fn months(&self) -> impl Iterator<Item = (i32, u32)> + '_ {
        let (mut y, mut m) = (self.start.year(), self.start.month());
        let (ey, em) = (self.end.year(), self.end.month());
        std::iter::from_fn(move || {
            if (y, m) > (ey, em) {
                return None;
            }
            let out = (y, m);
            if m == 12 {
                y += 1;
                m = 1;
            } else {
                m += 1;
            }
            Some(out)
        })
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..={}", self.start, self.end)
    }
}
