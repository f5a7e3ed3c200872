//! Rejected records, the quarantine sink the host implements, and the tally of verdicts.

use serde::{Deserialize, Serialize};

use super::fact::{Disposition, RejectReason};
use crate::error::{Error, Result};

/// The most bytes of a rejected record kept in [`Rejected::record`].
pub(crate) const MAX_RECORD_BYTES: usize = 256;

/// The raw bytes a record is made from: three more than it keeps, so that a character
/// the cut falls inside is decoded whole (and then dropped whole by the cut) instead of
/// turning into U+FFFD.
pub(crate) const RAW_RECORD_BYTES: usize = MAX_RECORD_BYTES + 3;

/// One rejected record, as the quarantine receives it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Rejected {
    /// Where the record was: the 1-based line number in a CSV text (the header is line
    /// 1), or the 1-based position in a sequence of structured facts.
    pub line: u64,
    /// The first check that failed.
    pub reason: RejectReason,
    /// The raw record (without its line end), as lossy UTF-8, cut to at most 256 bytes;
    /// empty when the sink said it does not keep records.
    pub record: String,
}

impl Rejected {
    /// A rejected record; `record` is cut to at most 256 bytes (at a character
    /// boundary).
    pub fn new(line: u64, reason: RejectReason, record: impl Into<String>) -> Self {
        let mut record = record.into();
        if record.len() > MAX_RECORD_BYTES {
            let mut cut = MAX_RECORD_BYTES;
            while !record.is_char_boundary(cut) {
                cut -= 1;
            }
            record.truncate(cut);
        }
        Self {
            line,
            reason,
            record,
        }
    }

    /// A rejected record from raw bytes (lossy UTF-8, cut to at most 256 bytes at a
    /// character boundary; only the first [`RAW_RECORD_BYTES`] are read).
    pub(crate) fn from_bytes(line: u64, reason: RejectReason, raw: &[u8]) -> Self {
        let head = raw.get(..RAW_RECORD_BYTES).unwrap_or(raw);
        Self::new(line, reason, String::from_utf8_lossy(head).into_owned())
    }
}

/// The sink for rejected records, implemented by the host (a file, a table, a log).
///
/// Readers call [`reject`](Quarantine::reject) for each rejected record as they find
/// it, in ascending line order.
///
/// The crate implements it for `Vec<Rejected>` (keeps every entry) and for
/// [`RejectCounter`] (keeps counts only, so memory stays flat for a file of rejects).
///
/// # Examples
///
/// ```
/// use scorecard::facts::{Quarantine, Rejected};
/// use scorecard::facts::RejectReason;
///
/// /// Writes `rejected.csv` rows.
/// struct CsvSink(String);
/// impl Quarantine for CsvSink {
///     fn reject(&mut self, entry: Rejected) {
///         self.0.push_str(&format!("{},{}\n", entry.line, entry.reason));
///     }
///     fn keeps_records(&self) -> bool {
///         false
///     }
/// }
/// let mut sink = CsvSink(String::new());
/// sink.reject(Rejected::new(6, RejectReason::UnknownUnit, ""));
/// assert_eq!(sink.0, "6,unknown unit\n");
/// ```
pub trait Quarantine {
    /// Takes one rejected record.
    fn reject(&mut self, entry: Rejected);

    /// Whether the sink reads [`Rejected::record`]; when `false`, readers may pass an
    /// empty record and save the copy. `true` unless overridden.
    fn keeps_records(&self) -> bool {
        true
    }
}

impl Quarantine for Vec<Rejected> {
    fn reject(&mut self, entry: Rejected) {
        self.push(entry);
    }
}

impl<Q: Quarantine + ?Sized> Quarantine for &mut Q {
    fn reject(&mut self, entry: Rejected) {
        (**self).reject(entry);
    }

    fn keeps_records(&self) -> bool {
        (**self).keeps_records()
    }
}

/// A quarantine that only counts: how many records were rejected and the line of the
/// first and the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct RejectCounter {
    /// Rejected records seen.
    pub count: u64,
    /// Line (or position) of the first rejected record.
    pub first_line: Option<u64>,
    /// Line (or position) of the last rejected record.
    pub last_line: Option<u64>,
}

impl Quarantine for RejectCounter {
    fn reject(&mut self, entry: Rejected) {
        self.count = self.count.saturating_add(1);
        self.first_line.get_or_insert(entry.line);
        self.last_line = Some(entry.line);
    }

    fn keeps_records(&self) -> bool {
        false
    }
}

/// How many records were read and what became of them: every record is exactly one of
/// accepted, out of period or rejected, so `accepted + out_of_period + rejected ==
/// total` always.
///
/// # Examples
///
/// ```
/// use scorecard::facts::Disposition;
/// use scorecard::facts::{RejectReason, Tally};
///
/// let mut t = Tally::default();
/// t.record(Disposition::Accepted);
/// t.record(Disposition::Rejected { reason: RejectReason::UnknownUnit });
/// assert_eq!((t.total(), t.accepted(), t.out_of_period(), t.rejected()), (2, 1, 0, 1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
#[serde(try_from = "TallyRepr", into = "TallyRepr")]
pub struct Tally {
    accepted: u64,
    out_of_period: u64,
    rejected: u64,
}

#[derive(Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
struct TallyRepr {
    total: u64,
    accepted: u64,
    out_of_period: u64,
    rejected: u64,
}

impl From<Tally> for TallyRepr {
    fn from(t: Tally) -> Self {
        TallyRepr {
            total: t.total(),
            accepted: t.accepted,
            out_of_period: t.out_of_period,
            rejected: t.rejected,
        }
    }
}

impl TryFrom<TallyRepr> for Tally {
    type Error = Error;
    fn try_from(r: TallyRepr) -> Result<Self> {
        let t = Tally::from_counts(r.accepted, r.out_of_period, r.rejected)?;
        if t.total() != r.total {
            return Err(Error::invalid_option(
                "tally",
                "total",
                r.total,
                format!("not accepted + out_of_period + rejected = {}", t.total()),
            ));
        }
        Ok(t)
    }
}

impl Tally {
    /// A tally of the given counts.
    ///
    /// # Errors
    ///
    /// When the total does not fit a `u64`.
    pub fn from_counts(accepted: u64, out_of_period: u64, rejected: u64) -> Result<Self> {
        accepted
            .checked_add(out_of_period)
            .and_then(|s| s.checked_add(rejected))
            .ok_or_else(|| Error::capacity("records in one tally", u64::MAX))?;
        Ok(Self {
            accepted,
            out_of_period,
            rejected,
        })
    }

    /// Counts one record.
    pub fn record(&mut self, verdict: Disposition) {
        let slot = match verdict {
            Disposition::Accepted => &mut self.accepted,
            Disposition::OutOfPeriod => &mut self.out_of_period,
            Disposition::Rejected { .. } => &mut self.rejected,
        };
        *slot = slot.saturating_add(1);
    }

    /// Adds another tally (of another shard of the same input).
    pub fn merge(&mut self, other: &Tally) {
        self.accepted = self.accepted.saturating_add(other.accepted);
        self.out_of_period = self.out_of_period.saturating_add(other.out_of_period);
        self.rejected = self.rejected.saturating_add(other.rejected);
    }

    /// Records read (data lines of a CSV text).
    pub fn total(&self) -> u64 {
        self.accepted
            .saturating_add(self.out_of_period)
            .saturating_add(self.rejected)
    }

    /// Records valid and dated in the period.
    pub fn accepted(&self) -> u64 {
        self.accepted
    }

    /// Records valid but dated outside the period.
    pub fn out_of_period(&self) -> u64 {
        self.out_of_period
    }

    /// Records rejected.
    pub fn rejected(&self) -> u64 {
        self.rejected
    }
}
