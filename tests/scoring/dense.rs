//! The dense fast path of `Sums` gives exactly what reading by id gives.

use std::io::Read;

use crate::support::synthetic::{Province, Size};
use scorecard::facts::{Aggregates, Dictionary, FactReader, Granularity, RejectCounter};
use scorecard::{Assessment, Fact, Sums};

#[test]
fn evaluating_through_dense_indices_equals_reading_by_id() {
    let p = Province::new(Size::SMALL, 11).expect("a province");
    let dict = Dictionary::new(p.units.iter().map(|u| u.id.clone()), p.datapoints())
        .expect("a dictionary");
    let mut csv = Vec::new();
    p.csv(1).read_to_end(&mut csv).expect("in memory");
    let (dense, tally) = FactReader::new(&dict, p.scheme.period)
        .read(csv.as_slice(), &mut RejectCounter::default())
        .expect("reads");
    assert_eq!(tally.rejected(), 0);

    let mut by_id = Aggregates::new(Granularity::Whole);
    for f in p.facts(1) {
        by_id
            .add(&Fact::new(f.unit, f.datapoint, f.date, f.value))
            .expect("adds");
    }
    let lookup = dense.dense().expect("dense sums have a dense layout");
    for u in dict.units() {
        for d in dict.datapoints() {
            let (ui, di) = (lookup.unit_index(u), lookup.datapoint_index(d));
            let at = lookup
                .aggregate_at(ui.expect("indexed"), di.expect("indexed"))
                .expect("a cell");
            assert_eq!(at, dense.aggregate(u, d).expect("a cell"));
            assert_eq!(at, by_id.all().aggregate(u, d).expect("a cell"));
        }
    }
    let a = Assessment::new(p.scheme.clone(), p.units.clone(), &p.targets).expect("valid");
    let fast = a.evaluate(&dense).expect("evaluates");
    let slow = a.evaluate(&by_id.all()).expect("evaluates");
    assert_eq!(fast.units, slow.units);
    for (x, y) in fast.pairs.iter().zip(&slow.pairs) {
        assert_eq!((x.score, x.value, x.branch), (y.score, y.value, y.branch));
    }
}

/// An evaluation's thread count of any size is bounded (`Assessment::MAX_THREADS`, and
/// never more than one a unit): the same evaluation, never a panic or an abort.
#[test]
fn any_evaluation_thread_count_is_bounded() {
    assert_eq!(Assessment::MAX_THREADS, 256);
    let p = Province::new(Size::SMALL, 3).expect("a province");
    let sums = p.aggregates().expect("sums");
    let one = Assessment::new(p.scheme.clone(), p.units.clone(), &p.targets).expect("valid");
    let base = one.evaluate(&sums.all()).expect("evaluates");
    for threads in [Assessment::MAX_THREADS + 1, 1_000_000, usize::MAX] {
        let many = one.clone().threads(threads);
        assert_eq!(
            many.evaluate(&sums.all()).expect("evaluates"),
            base,
            "{threads}"
        );
    }
}
