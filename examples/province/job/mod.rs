//! The province job's neutral file format (described in `docs/FORMATS.md`):
//! configuration in, results out, over readers and writers (the caller opens the
//! files). Application code over the library's public API, not part of the library.
//!
//! The example, the tests (`tests/province/`), the job bench and the configuration
//! fuzz target include these modules with `#[path]`, each using a part of them.
#![allow(dead_code, unused_imports)]

mod config;
mod output;
mod run;

pub use self::config::{
    GROUPS, HOUSEHOLDS, REVENUE, STAFF, read_scheme, read_targets, read_units, strict_decimal,
};
pub use self::output::{RejectedCsv, Summary, write_scores, write_summary, write_totals};
pub use self::run::{Job, Outcome};
