//! Assessment periods and as-of dates.
//!
//! The core never reads the clock: "today" is always an `as_of` date the host
//! passes in. A [`Period`] is a closed range of calendar days, both ends
//! included.

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
#[serde(try_from = "PeriodRepr", into = "PeriodRepr")]
pub struct Period {
    start: NaiveDate,
    end: NaiveDate,
}

#[derive(Serialize, Deserialize)]
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

fn ymd(year: i32, month: u32, day: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| Error::config(format!("{year:04}-{month:02}-{day:02} is not a date")))
}

fn last_of_month(year: i32, month: u32) -> Result<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    ymd(y, m, 1)?
        .pred_opt()
        .ok_or_else(|| Error::config(format!("no day before {y:04}-{m:02}-01")))
}

impl Period {
    /// The days from `start` to `end`, both included.
    ///
    /// # Errors
    ///
    /// When `end` is before `start`.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Self> {
        if end < start {
            return Err(Error::config(format!(
                "period ends on {end} before it starts on {start}"
            )));
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
            _ => Err(Error::config(format!("half {half} is not 1 or 2"))),
        }
    }

    /// Quarter `quarter` (1 to 4) of the year.
    ///
    /// # Errors
    ///
    /// When `quarter` is not 1 to 4.
    pub fn quarter(year: i32, quarter: u32) -> Result<Self> {
        if !(1..=4).contains(&quarter) {
            return Err(Error::config(format!("quarter {quarter} is not 1 to 4")));
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
            return Err(Error::config(format!("month {month} is not 1 to 12")));
        }
        Self::new(ymd(year, month, 1)?, last_of_month(year, month)?)
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
