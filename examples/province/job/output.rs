//! Writing the job's results: `scores.csv`, `totals.csv`, `rejected.csv`,
//! `summary.json`, to any `Write`.

use std::io::Write;

use serde::{Deserialize, Serialize};

use scorecard::facts::{Quarantine, Rejected};
use scorecard::{Error, Evaluation, Result, Rounding, fixed};

/// The counts of `summary.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Data lines of facts.csv.
    pub facts_total: u64,
    /// Lines accepted and aggregated.
    pub facts_accepted: u64,
    /// Valid lines dated outside the period.
    pub facts_out_of_period: u64,
    /// Lines rejected.
    pub facts_rejected: u64,
    /// Units.
    pub units: u64,
    /// Indicators.
    pub indicators: u64,
    /// Rows of scores.csv.
    pub scored_pairs: u64,
}

fn io(file: &'static str) -> impl Fn(std::io::Error) -> Error {
    move |e| Error::io(format!("cannot write {file}"), e)
}

/// Writes `scores.csv`: `unit_id,indicator_id,value,score`, value and score half up to
/// 6 places, value empty where the rule has none.
///
/// # Errors
///
/// When writing fails.
pub fn write_scores<W: Write>(mut w: W, evaluation: &Evaluation) -> Result<()> {
    let e = io("scores.csv");
    w.write_all(b"unit_id,indicator_id,value,score\n")
        .map_err(&e)?;
    for p in &evaluation.pairs {
        let value = p
            .value
            .map(|v| fixed(v, 6, Rounding::HalfUp))
            .unwrap_or_default();
        writeln!(
            w,
            "{},{},{value},{}",
            p.unit,
            p.indicator,
            fixed(p.score, 6, Rounding::HalfUp)
        )
        .map_err(&e)?;
    }
    w.flush().map_err(&e)
}

/// Writes `totals.csv`: `unit_id,group,raw_total,coefficient,adjusted_total,rank,list`.
/// The list is the first list the unit is on, or `none`.
///
/// # Errors
///
/// When writing fails.
pub fn write_totals<W: Write>(mut w: W, evaluation: &Evaluation) -> Result<()> {
    let e = io("totals.csv");
    w.write_all(b"unit_id,group,raw_total,coefficient,adjusted_total,rank,list\n")
        .map_err(&e)?;
    for u in &evaluation.units {
        writeln!(
            w,
            "{},{},{},{},{},{},{}",
            u.unit,
            u.group,
            fixed(u.raw_total, 6, Rounding::HalfUp),
            fixed(u.coefficient, 6, Rounding::HalfUp),
            fixed(u.adjusted_total, 2, Rounding::HalfUp),
            u.rank.normalize(),
            u.lists.first().map_or("none", String::as_str)
        )
        .map_err(&e)?;
    }
    w.flush().map_err(&e)
}

/// Writes `summary.json` (two-space indentation, a final line end).
///
/// # Errors
///
/// When writing fails.
pub fn write_summary<W: Write>(mut w: W, summary: &Summary) -> Result<()> {
    let e = io("summary.json");
    serde_json::to_writer_pretty(&mut w, summary)
        .map_err(|x| Error::io("cannot write summary.json", x.into()))?;
    w.write_all(b"\n").map_err(&e)?;
    w.flush().map_err(&e)
}

/// A quarantine that streams `rejected.csv` (`line,reason`) to a writer as rejected lines
/// are found, so that even a file of rejects does not grow memory.
///
/// A write error is kept and returned by [`finish`](RejectedCsv::finish) (the
/// quarantine hook itself cannot fail).
#[derive(Debug)]
pub struct RejectedCsv<W: Write> {
    out: W,
    error: Option<std::io::Error>,
}

impl<W: Write> RejectedCsv<W> {
    /// Starts the file with its header.
    pub fn new(mut out: W) -> Self {
        let error = out.write_all(b"line,reason\n").err();
        Self { out, error }
    }

    /// Flushes, and reports the first write error if there was one.
    ///
    /// # Errors
    ///
    /// The first write error.
    pub fn finish(mut self) -> Result<()> {
        if let Some(e) = self.error.take() {
            return Err(Error::io("cannot write rejected.csv", e));
        }
        self.out.flush().map_err(io("rejected.csv"))
    }
}

impl<W: Write> Quarantine for RejectedCsv<W> {
    fn reject(&mut self, entry: Rejected) {
        if self.error.is_none() {
            self.error = writeln!(self.out, "{},{}", entry.line, entry.reason).err();
        }
    }

    fn keeps_records(&self) -> bool {
        false
    }
}
