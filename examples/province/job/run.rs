//! Running the job: configuration checked up front, facts streamed, results evaluated.

use std::io::{Read, Write};

use scorecard::facts::{DenseSums, Dictionary, FactReader, Quarantine, Tally};
use scorecard::{Assessment, Evaluation};

use super::config::{engine, read_scheme, read_targets, read_units};
use super::error::JobError;
use super::output::{Summary, write_scores, write_summary, write_totals};

/// The province job, configured and checked, ready to read facts.
///
/// Every configuration error (a malformed rule file, a missing target …) is found by
/// [`Job::load`], before a single fact is read, so that a failing job writes nothing.
#[derive(Debug, Clone)]
pub struct Job {
    assessment: Assessment,
    dictionary: Dictionary,
    threads: usize,
}

/// What a run produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Every score, total, rank and list.
    pub evaluation: Evaluation,
    /// What became of every fact line.
    pub tally: Tally,
    /// The counts of `summary.json`.
    pub summary: Summary,
    /// The aggregated sums the evaluation read.
    pub sums: DenseSums,
}

impl Job {
    /// Reads and checks the configuration: `indicators.json`, `units.csv`,
    /// `targets.csv`. The job then runs on one thread (see [`Job::threads`]).
    ///
    /// # Errors
    ///
    /// A configuration error naming the file, the object (line, unit or indicator) and
    /// the key; an I/O error naming the file.
    pub fn load<J: Read, U: Read, T: Read>(
        indicators_json: J,
        units_csv: U,
        targets_csv: T,
    ) -> Result<Self, JobError> {
        let scheme = read_scheme(indicators_json)?;
        let units = read_units(units_csv)?;
        let targets = read_targets(targets_csv)?;
        let datapoints = scheme.indicators.datapoints();
        let dictionary = Dictionary::new(units.iter().map(|u| u.id.clone()), datapoints)
            .map_err(|e| engine("units.csv", e))?;
        let assessment = Assessment::new(scheme, units, &targets).map_err(|e| {
            // what the engine checks across the files: targets, factors, the scheme
            let file = if e.is_missing_target() || e.is_invalid_target() {
                "targets.csv"
            } else if e.is_factor() || e.is_duplicate() && e.unit().is_some() {
                "units.csv"
            } else {
                "indicators.json"
            };
            engine(file, e)
        })?;
        Ok(Self {
            assessment,
            dictionary,
            threads: 1,
        })
    }

    /// Reads the facts and evaluates on `threads` threads (the outcome is the same for
    /// any number; the library bounds it).
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads.clamp(1, FactReader::MAX_THREADS);
        self.assessment = self.assessment.threads(self.threads);
        self
    }

    /// The checked scheme, units and targets.
    pub fn assessment(&self) -> &Assessment {
        &self.assessment
    }

    /// The units and known data points, as the fact reader interns them.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dictionary
    }

    /// Reads `facts.csv` from `facts`, sending each rejected line to `quarantine` in
    /// line order, and evaluates.
    ///
    /// # Errors
    ///
    /// An I/O error while reading (the engine's, as [`JobError::Run`]: the caller knows
    /// the file), or an overflow while aggregating or scoring.
    pub fn run<R: Read, Q: Quarantine + ?Sized>(
        &self,
        facts: R,
        quarantine: &mut Q,
    ) -> Result<Outcome, JobError> {
        let (sums, tally) = FactReader::new(&self.dictionary, self.assessment.scheme().period)
            .threads(self.threads)
            .read(facts, quarantine)
            .map_err(JobError::Run)?;
        let evaluation = self.assessment.evaluate(&sums).map_err(JobError::Run)?;
        let summary = Summary {
            facts_total: tally.total(),
            facts_accepted: tally.accepted(),
            facts_out_of_period: tally.out_of_period(),
            facts_rejected: tally.rejected(),
            units: self.assessment.units().len() as u64,
            indicators: self.assessment.scheme().indicators.len() as u64,
            scored_pairs: evaluation.pairs.len() as u64,
        };
        Ok(Outcome {
            evaluation,
            tally,
            summary,
            sums,
        })
    }
}

impl Outcome {
    /// Writes the job's three result files: `scores.csv`, `totals.csv` and
    /// `summary.json` (`rejected.csv` is written while the facts are read, by the
    /// quarantine given to [`Job::run`]).
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn write<S: Write, T: Write, J: Write>(
        &self,
        scores: S,
        totals: T,
        summary: J,
    ) -> Result<(), JobError> {
        write_scores(scores, &self.evaluation)?;
        write_totals(totals, &self.evaluation)?;
        write_summary(summary, &self.summary)?;
        Ok(())
    }
}
