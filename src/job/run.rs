//! Running the job: configuration checked up front, facts streamed, results evaluated.

use std::io::{BufRead, Read, Write};

use crate::error::Result;
use crate::facts::{DenseSums, Dictionary, FactReader, Quarantine, Tally};
use crate::scoring::{Assessment, Evaluation};

use super::config::{read_scheme, read_targets, read_units};
use super::output::{Summary, write_scores, write_summary, write_totals};

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

impl Outcome {
    /// Writes the job's three result files: `scores.csv`, `totals.csv` and
    /// `summary.json` (`rejected.csv` is written while the facts are read, by the
    /// quarantine given to [`Job::run`]).
    ///
    /// # Errors
    ///
    /// When writing fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use scorecard::facts::RejectCounter;
    /// use scorecard::job::Job;
    ///
    /// let indicators = r#"{"period": {"start": "2026-01-01", "end": "2026-12-31"},
    ///   "difficulty": {"factor": "households_per_staff", "slope": "0", "min": "1", "max": "1"},
    ///   "lists": {"red_share": "0.5", "black_share": "0"},
    ///   "indicators": [{"id": "I1", "name": "Complaints", "kind": "deduction", "points": "2",
    ///                   "groups": ["hall"], "datapoint": "D1", "per_event": "0.5"}]}"#;
    /// let units = "unit_id,name,city,group,staff,households,revenue\nA1,Hall,City,hall,10,100,1\n";
    /// let job = Job::load(indicators.as_bytes(), units.as_bytes(), &b"unit_id,indicator_id,target\n"[..])?;
    /// let facts = "unit_id,datapoint_id,date,value\nA1,D1,2026-03-01,1\n";
    /// let outcome = job.run(facts.as_bytes(), 1, &mut RejectCounter::default())?;
    /// let (mut scores, mut totals, mut summary) = (Vec::new(), Vec::new(), Vec::new());
    /// outcome.write(&mut scores, &mut totals, &mut summary)?;
    /// assert_eq!(String::from_utf8(scores)?, "unit_id,indicator_id,value,score\nA1,I1,1.000000,1.500000\n");
    /// assert!(String::from_utf8(totals)?.ends_with("A1,hall,1.500000,1.000000,1.50,1,red\n"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write<S: Write, T: Write, J: Write>(
        &self,
        scores: S,
        totals: T,
        summary: J,
    ) -> Result<()> {
        write_scores(scores, &self.evaluation)?;
        write_totals(totals, &self.evaluation)?;
        write_summary(summary, &self.summary)
    }
}
