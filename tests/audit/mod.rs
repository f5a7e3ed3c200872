//! The auditors' suite: property families over whole evaluations of generated
//! provinces, the reproducibility digest and scoped views. `docs/AUDIT.md` explains
//! each family and how to run it with more cases.

mod adjustment;
mod conservation;
mod determinism;
mod digest;
mod fairness;
mod lists;
mod messages;
mod monotonicity;
mod recompute;
mod rounding;
mod scope;
mod serde_round_trip;

use crate::support::synthetic::{Province, Rng, Size};
use proptest::prelude::*;
use scorecard::facts::{Aggregates, Granularity};
use scorecard::{Assessment, Evaluation, Fact, Scheme, Sums, Targets, Unit};

/// The proptest configuration of a family: `default` cases, unless `PROPTEST_CASES`
/// is set, which then decides (so auditors raise every family with one variable).
pub fn config(default: u32) -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = default;
    }
    c
}

/// A small province: 1–3 hall, 1–2 key and 2–5 territorial branches, 9–14 indicators
/// (every rule kind), 1–2 facts per pair on average.
pub fn size() -> impl Strategy<Value = Size> {
    (1u32..=3, 1u32..=2, 2u32..=5, 9u32..=14, 1u32..=2).prop_map(
        |(hall, key, territorial, indicators, facts_per_pair)| Size {
            hall,
            key,
            territorial,
            indicators,
            facts_per_pair,
        },
    )
}

/// A generated province, its facts and their aggregates.
pub struct Generated {
    pub p: Province,
    pub facts: Vec<Fact>,
    pub agg: Aggregates,
}

impl Generated {
    pub fn new(size: Size, seed: u64) -> Self {
        let p = Province::new(size, seed).expect("a province");
        let facts: Vec<Fact> = p
            .facts(1)
            .map(|f| Fact::new(f.unit, f.datapoint, f.date, f.value))
            .collect();
        let agg = aggregate(&facts);
        Self { p, facts, agg }
    }

    /// Evaluates the province's scheme (or `scheme`) on the aggregates.
    pub fn evaluate(&self) -> Evaluation {
        self.evaluate_with(&self.p.scheme)
    }

    pub fn evaluate_with(&self, scheme: &Scheme) -> Evaluation {
        evaluate(scheme, &self.p.units, &self.p.targets, &self.agg.all())
    }
}

pub fn aggregate(facts: &[Fact]) -> Aggregates {
    let mut agg = Aggregates::new(Granularity::Whole);
    for f in facts {
        agg.add(f).expect("an addable fact");
    }
    agg
}

pub fn evaluate<S: Sums + ?Sized>(
    scheme: &Scheme,
    units: &[Unit],
    targets: &Targets,
    sums: &S,
) -> Evaluation {
    Assessment::new(scheme.clone(), units.to_vec(), targets)
        .expect("a valid assessment")
        .evaluate(sums)
        .expect("an evaluation")
}

/// The evaluation as JSON: what "identical results" is compared on.
pub fn json(e: &Evaluation) -> String {
    serde_json::to_string(e).expect("serialisable")
}

/// Fisher–Yates with the crate's portable generator.
pub fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut rng = Rng::new(seed);
    for k in (1..items.len()).rev() {
        let j = usize::try_from(rng.range(0, k as i64)).expect("an index");
        items.swap(k, j);
    }
}
