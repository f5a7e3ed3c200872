//! Tests of `scorecard::facts`: validation, quarantine, aggregation, the text reader.

mod aggregate;
mod counts;
mod quarantine;
mod text;
mod text_lines;
mod text_props;
mod validate;

use scorecard::Period;
use scorecard::facts::{DenseSums, Tally};
use scorecard::facts::{Dictionary, FactReader, Rejected};

/// Units H1, H2, K1; data points D01, D02 (D01 given twice, as when two indicators read
/// it).
pub fn dict() -> Dictionary {
    Dictionary::new(
        ["H1".into(), "H2".into(), "K1".into()],
        ["D01".into(), "D02".into(), "D01".into()],
    )
    .expect("a valid dictionary")
}

/// The year 2026.
pub fn year() -> Period {
    Period::year(2026).expect("a year")
}

/// Reads `csv` with the fixture dictionary and period.
pub fn read_with(csv: &[u8], threads: usize, block: usize) -> (DenseSums, Tally, Vec<Rejected>) {
    let dict = dict();
    let mut rejects = Vec::new();
    let (sums, tally) = FactReader::new(&dict, year())
        .threads(threads)
        .block_size(block)
        .read(csv, &mut rejects)
        .expect("reading from memory does not fail");
    assert_eq!(
        tally.accepted() + tally.out_of_period() + tally.rejected(),
        tally.total()
    );
    assert_eq!(tally.rejected(), rejects.len() as u64);
    (sums, tally, rejects)
}

/// Reads `csv` on one thread with default blocks, and checks that 2 and 3 threads and
/// tiny blocks give the same.
pub fn read(csv: &str) -> (DenseSums, Tally, Vec<Rejected>) {
    let one = read_with(csv.as_bytes(), 1, 1 << 20);
    for (threads, block) in [(1, 1), (2, 3), (3, 16), (2, 1 << 20)] {
        let other = read_with(csv.as_bytes(), threads, block);
        assert_eq!(one, other, "threads {threads}, block {block}");
    }
    one
}
