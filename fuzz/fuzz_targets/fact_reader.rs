//! The fact parser on arbitrary bytes: it must never panic, and its result must not
//! depend on the number of threads or the block size (a differential check).
#![no_main]

use libfuzzer_sys::fuzz_target;
use scorecard::Period;
use scorecard::facts::{Dictionary, FactReader, Rejected};

fuzz_target!(|data: &[u8]| {
    let Ok(dict) = Dictionary::new(
        ["H1".into(), "H2".into(), "U0001".into()],
        ["D01".into(), "D02".into()],
    ) else {
        return;
    };
    let Ok(period) = Period::year(2026) else {
        return;
    };
    let mut one_rejects: Vec<Rejected> = Vec::new();
    let one = FactReader::new(&dict, period).read(data, &mut one_rejects);
    let mut many_rejects: Vec<Rejected> = Vec::new();
    let many = FactReader::new(&dict, period)
        .threads(2)
        .block_size(7)
        .read(data, &mut many_rejects);
    match (one, many) {
        (Ok((a, ta)), Ok((b, tb))) => {
            assert!(a == b, "sums differ between 1 and 2 threads");
            assert!(ta == tb, "tallies differ between 1 and 2 threads");
            assert!(one_rejects == many_rejects, "rejects differ");
        }
        (Err(_), Err(_)) => {}
        (a, b) => panic!("one run failed and the other did not: {a:?} / {b:?}"),
    }
});
