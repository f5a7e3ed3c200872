//! Running the job: configuration checked up front, facts streamed, results evaluated.

use std::io::{BufRead, Read};

use crate::error::Result;
use crate::facts::{DenseSums, Dictionary, FactReader, Quarantine, Tally};
use crate::scoring::{Assessment, Evaluation};

use super::config::{read_scheme, read_targets, read_units};
use super::output::Summary;

/// The province job, configured and checked, ready to read facts.
///
/// Every configuration error (a malformed rule file, a missing target …) is found by
/// [`Job::load`], before a single fact is read, so that a failing job writes nothing.
#[derive(Debug, Clone)]
pub struct Job {
    assessment: Assessment,
    dictionary: Dictionary,
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
    /// `targets.csv`.
    ///
    /// # Errors
    ///
    /// A configuration error naming the file, line, unit or indicator; an I/O error
    /// naming the file.
    pub fn load<J: Read, U: BufRead, T: BufRead>(
        indicators_json: J,
        units_csv: U,
        targets_csv: T,
    ) -> Result<Self> {
        let scheme = read_scheme(indicators_json)?;
        let units = read_units(units_csv)?;
        let targets = read_targets(targets_csv)?;
        let datapoints = scheme.indicators.datapoints();
        let dictionary = Dictionary::new(units.iter().map(|u| u.id.clone()), datapoints)?;
        let assessment = Assessment::new(scheme, units, &targets)?;
        Ok(Self {
            assessment,
            dictionary,
        })
    }

    /// The checked scheme, units and targets.
    pub fn assessment(&self) -> &Assessment {
        &self.assessment
    }

    /// The units and known data points, as the fact reader interns them.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dictionary
    }

    /// Reads `facts.csv` from `facts` on `threads` threads, sending each rejected line to
    /// `quarantine` in line order, and evaluates on as many (the outcome is the same for
    /// any number).
    ///
    /// # Errors
    ///
    /// An I/O error while reading, or an overflow while aggregating or scoring.
    pub fn run<R: Read, Q: Quarantine + ?Sized>(
        &self,
        facts: R,
        threads: usize,
        quarantine: &mut Q,
    ) -> Result<Outcome> {
        let (sums, tally) = FactReader::new(&self.dictionary, self.assessment.scheme().period)
            .threads(threads)
            .read(facts, quarantine)?;
        let evaluation = self.assessment.evaluate_on(&sums, threads)?;
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
