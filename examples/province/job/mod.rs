//! The province job's neutral file format (described in `docs/FORMATS.md`):
//! configuration in, results out, over readers and writers (the caller opens the
//! files). Application code over the library's public API, not part of the library.
//!
//! The example, the tests (`tests/province/`), the job bench and the configuration
//! fuzz target include these modules with `#[path]`, each using a part of them.
#![allow(dead_code, unused_imports)]

mod config;
mod csv;
mod error;
mod json;
mod output;
mod run;

pub use self::config::{
    GROUPS, HOUSEHOLDS, MAX_CONFIG_BYTES, REVENUE, STAFF, read_scheme, read_targets, read_units,
    strict_decimal, too_big,
};
pub use self::csv::{CsvWriter, needs_quotes};
pub use self::error::{ConfigError, JobError, chain};
pub use self::output::{RejectedCsv, Summary, write_scores, write_summary, write_totals};
pub use self::run::{Job, Outcome};
pub use scorecard::rulebook::Node;
