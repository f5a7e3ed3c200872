//! The configuration loader on arbitrary input: the scheme (indicators.json), units.csv
//! and targets.csv readers must return a value or an error, never panic; a scheme they
//! accept must survive a JSON round trip.
#![no_main]

#[path = "../../examples/province/job/mod.rs"]
mod job;

use job::{read_scheme, read_targets, read_units};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(scheme) = read_scheme(data) {
        let _ = scheme.validate();
        if let Ok(text) = serde_json::to_string(&scheme) {
            let back: Result<scorecard::Scheme, _> = serde_json::from_str(&text);
            assert!(
                back.is_ok_and(|b| b == scheme),
                "an accepted scheme does not round-trip"
            );
        }
    }
    let _ = read_units(data);
    let _ = read_targets(data);
});
