//! Early warning: cards, progress, late facts, risk alerts, the hook.

mod cards;
mod props;
mod risk;

use chrono::NaiveDate;
use scorecard::{Assessment, Catalog, Indicator, Period, Scheme, Targets, Unit};

pub fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("a date")
}

/// I051 error rate (3 points, full at ≤ 3 %, zero at ≥ 5 %) for hall units U01..U03.
pub fn error_rate_assessment() -> Assessment {
    let i051: Indicator = serde_json::from_str(
        r#"{"id": "I051", "name": "申报差错率", "points": "3", "groups": ["hall"],
            "rule": {"kind": "ratio_threshold",
                     "measure": {"ratio": {"numerator": "D051", "denominator": "D052"}},
                     "direction": "lower_is_better", "good": "0.03", "bad": "0.05"}}"#,
    )
    .expect("an indicator");
    let scheme = Scheme::new(
        Period::year(2026).expect("a year"),
        Catalog::new(vec![i051]).expect("a catalogue"),
    );
    let units = ["U01", "U02", "U03"]
        .iter()
        .map(|u| Unit::new(*u, "", "hall"))
        .collect();
    Assessment::new(scheme, units, &Targets::new()).expect("an assessment")
}
