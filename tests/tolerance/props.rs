//! Properties: a waiver never lowers a score; N = 0, K = 0 is no tolerance.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::tolerance::{Beyond, DefaultPolicy, Incident, NoTolerance, Severity, Tolerated};

use super::{deduction_assessment, year};
use crate::support::MemSums;

fn date(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1)
        .and_then(|d| d.checked_add_days(Days::new(offset)))
        .expect("a date")
}

/// Up to 12 incidents in U01/U02 across the year, rectified after 0–20 days or not.
fn incidents() -> impl Strategy<Value = Vec<Incident>> {
    prop::collection::vec(
        (0usize..2, 0u64..330, prop::option::of(0u64..20), 0u8..3),
        0..12,
    )
    .prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(k, (u, found, fix, sev))| {
                let unit = ["U01", "U02"][u];
                let mut i = Incident::new(format!("P{k}"), unit, "I130", "D130", date(found))
                    .severity(
                        [
                            Severity::Minor,
                            Severity::Ordinary,
                            Severity::SeriousConsequence,
                        ][usize::from(sev)],
                    );
                if let Some(f) = fix {
                    i = i.rectified(date(found + f));
                }
                i
            })
            .collect()
    })
}

fn policy() -> impl Strategy<Value = DefaultPolicy> {
    (0u32..15, 0u32..5, prop::option::of(0i64..=100)).prop_map(|(n, k, by)| {
        let p = DefaultPolicy::new(n, k);
        match by {
            Some(c) => p.beyond(Beyond::Reduce {
                by: Decimal::new(c, 2),
            }),
            None => p,
        }
    })
}

fn scores(t: &Tolerated, base: &MemSums) -> Vec<Decimal> {
    deduction_assessment()
        .evaluate(&t.overlay(base))
        .expect("an evaluation")
        .pairs
        .iter()
        .map(|p| p.score)
        .collect()
}

proptest! {
    #[test]
    fn tolerance_never_lowers_a_score(incidents in incidents(), policy in policy(), base in 0i64..6) {
        let mut host = MemSums::new();
        host.set("U01", "D130", Decimal::from(base));
        let strict = Tolerated::decide(&NoTolerance, year(), incidents.clone()).expect("strict");
        let lenient = Tolerated::decide(&policy, year(), incidents).expect("lenient");
        for d in lenient.decisions() {
            prop_assert!(d.counted >= Decimal::ZERO && d.counted <= Decimal::ONE);
        }
        for (s, l) in scores(&strict, &host).into_iter().zip(scores(&lenient, &host)) {
            prop_assert!(l >= s, "tolerated {l} below strict {s}");
        }
    }

    #[test]
    fn zero_days_and_zero_waivers_is_no_tolerance(incidents in incidents(), base in 0i64..6) {
        let mut host = MemSums::new();
        host.set("U02", "D130", Decimal::from(base));
        let none = Tolerated::decide(&NoTolerance, year(), incidents.clone()).expect("none");
        let zero = Tolerated::decide(&DefaultPolicy::new(0, 0), year(), incidents).expect("zero");
        let counted = |t: &Tolerated| t.decisions().iter().map(|d| (d.incident.clone(), d.counted)).collect::<Vec<_>>();
        prop_assert_eq!(counted(&none), counted(&zero));
        prop_assert_eq!(scores(&none, &host), scores(&zero, &host));
    }
}
