//! Error tolerance: the default policy's branches, the checks, the overlay, traces.

mod policy;
mod props;
mod references;

use chrono::NaiveDate;
use scorecard::{Assessment, Catalog, Indicator, Period, Scheme, Targets, Unit};

pub fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("a date")
}

pub fn year() -> Period {
    Period::year(2026).expect("a year")
}

/// I130: 5 points, 0.5 deducted per occurrence of D130 (a sum); units U01, U02. Its
/// counts may carry fractions (declared): 减轻扣分 counts a reduced incident as a share
/// of one.
pub fn deduction_assessment() -> Assessment {
    let i130: Indicator = serde_json::from_str(
        r#"{"id": "I130", "name": "执法过错", "points": "5", "groups": ["hall"],
            "rule": {"kind": "deduction", "measure": {"sum": "D130"}, "per_event": "0.5",
                     "fractional": true}}"#,
    )
    .expect("an indicator");
    let scheme = Scheme::new(year(), Catalog::new(vec![i130]).expect("a catalogue"));
    let units = vec![Unit::new("U01", "", "hall"), Unit::new("U02", "", "hall")];
    Assessment::new(scheme, units, &Targets::new()).expect("an assessment")
}
