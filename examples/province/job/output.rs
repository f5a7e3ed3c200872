//! Writing the job's results: `scores.csv`, `totals.csv`, `rejected.csv`,
//! `summary.json`, to any `Write`, CSV through the one [`CsvWriter`].

use std::io::Write;

use scorecard::facts::{Quarantine, Rejected};
use scorecard::{Evaluation, Rounding, fixed};
use serde::{Deserialize, Serialize};

use super::csv::CsvWriter;
use super::error::JobError;

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

fn io(file: &'static str) -> impl Fn(std::io::Error) -> JobError {
    move |e| JobError::io(format!("cannot write {file}"), e)
}

/// Writes `scores.csv`: `unit_id,indicator_id,value,score`, value and score half up to
/// 6 places, value empty where the rule has none. Gives the writer back, flushed.
///
/// # Errors
///
/// When writing fails.
pub fn write_scores<W: Write>(w: W, evaluation: &Evaluation) -> Result<W, JobError> {
    let e = io("scores.csv");
    let mut csv = CsvWriter::new(w);
    csv.row(&["unit_id", "indicator_id", "value", "score"])
        .map_err(&e)?;
    for p in &evaluation.pairs {
        let value = p
            .value
            .map(|v| fixed(v, 6, Rounding::HalfUp))
            .unwrap_or_default();
        let score = fixed(p.score, 6, Rounding::HalfUp);
        csv.row(&[p.unit.as_str(), p.indicator.as_str(), &value, &score])
            .map_err(&e)?;
    }
    csv.finish().map_err(&e)
}

/// Writes `totals.csv`: `unit_id,group,raw_total,coefficient,adjusted_total,rank,list`.
/// The list is the first list the unit is on, or `none`. Gives the writer back,
/// flushed.
///
/// # Errors
///
/// When writing fails.
pub fn write_totals<W: Write>(w: W, evaluation: &Evaluation) -> Result<W, JobError> {
    let e = io("totals.csv");
    let mut csv = CsvWriter::new(w);
    csv.row(&[
        "unit_id",
        "group",
        "raw_total",
        "coefficient",
        "adjusted_total",
        "rank",
        "list",
    ])
    .map_err(&e)?;
    for u in &evaluation.units {
        csv.row(&[
            u.unit.as_str(),
            u.group.as_str(),
            &fixed(u.raw_total, 6, Rounding::HalfUp),
            &fixed(u.coefficient, 6, Rounding::HalfUp),
            &fixed(u.adjusted_total, 2, Rounding::HalfUp),
            &u.rank.normalize().to_string(),
            u.lists.first().map_or("none", String::as_str),
        ])
        .map_err(&e)?;
    }
    csv.finish().map_err(&e)
}

/// Writes `summary.json` (two-space indentation, a final line end). Gives the writer
/// back, flushed.
///
/// # Errors
///
/// When writing fails.
pub fn write_summary<W: Write>(mut w: W, summary: &Summary) -> Result<W, JobError> {
    let e = io("summary.json");
    serde_json::to_writer_pretty(&mut w, summary)
        .map_err(|x| JobError::io("cannot write summary.json", x))?;
    w.write_all(b"\n").map_err(&e)?;
    w.flush().map_err(&e)?;
    Ok(w)
}

/// A quarantine that streams `rejected.csv` (`line,reason`) to a writer as rejected lines
/// are found, so that even a file of rejects does not grow memory.
///
/// A write error is kept and returned by [`finish`](RejectedCsv::finish) (the
/// quarantine hook itself cannot fail).
#[derive(Debug)]
pub struct RejectedCsv<W: Write> {
    out: CsvWriter<W>,
    error: Option<std::io::Error>,
}

impl<W: Write> RejectedCsv<W> {
    /// Starts the file with its header.
    pub fn new(out: W) -> Self {
        let mut out = CsvWriter::new(out);
        let error = out.row(&["line", "reason"]).err();
        Self { out, error }
    }

    /// Flushes, and reports the first write error if there was one; gives the writer
    /// back.
    ///
    /// # Errors
    ///
    /// The first write error.
    pub fn finish(mut self) -> Result<W, JobError> {
        if let Some(e) = self.error.take() {
            return Err(JobError::io("cannot write rejected.csv", e));
        }
        self.out.finish().map_err(io("rejected.csv"))
    }
}

impl<W: Write> Quarantine for RejectedCsv<W> {
    fn reject(&mut self, entry: Rejected) {
        if self.error.is_none() {
            let line = entry.line.to_string();
            let reason = entry.reason.to_string();
            self.error = self.out.row(&[line.as_str(), reason.as_str()]).err();
        }
    }

    fn keeps_records(&self) -> bool {
        false
    }
}
