//! The province job's neutral file format (`PROVINCE_JOB.md`): configuration in,
//! results out, over readers and writers (the host opens the files).

mod config;
mod output;
mod run;

pub use self::config::{
    GROUPS, HOUSEHOLDS, REVENUE, STAFF, read_scheme, read_targets, read_units, strict_decimal,
};
pub use self::output::{RejectedCsv, Summary, write_scores, write_summary, write_totals};
pub use self::run::{Job, Outcome};
