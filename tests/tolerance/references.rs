//! Incidents are checked against the assessment before anything is scored: an unknown
//! unit, an unknown indicator, an indicator that does not apply to the unit, or a data
//! point the indicator does not read is an error naming them.

use chrono::NaiveDate;
use scorecard::rule::{Deduction, Measure, Rule};
use scorecard::tolerance::{DefaultPolicy, Incident};
use scorecard::{Assessment, Catalog, Indicator, Period, Scheme, Targets, Unit};

use crate::support::d;

fn deduction(id: &str, datapoint: &str, group: &str) -> Indicator {
    Indicator {
        id: id.into(),
        name: id.into(),
        name_en: None,
        category: Default::default(),
        points: d("5"),
        groups: vec![group.into()],
        basis: None,
        assesses: String::new(),
        rule: Rule::Deduction(Deduction {
            fractional: false,
            measure: Measure::Sum(datapoint.into()),
            per_event: d("1"),
            floor: d("0"),
        }),
        rounding: None,
        display: None,
    }
}

fn assessment() -> Assessment {
    let catalog = Catalog::new(vec![
        deduction("I130", "D130", "hall"),
        deduction("I131", "D131", "hall"),
        deduction("I200", "D200", "key"),
    ])
    .expect("a catalogue");
    let scheme = Scheme::new(Period::year(2026).expect("a year"), catalog);
    let units = vec![
        Unit::new("U1", "一分局", "hall"),
        Unit::new("K1", "重点", "key"),
    ];
    Assessment::new(scheme, units, &Targets::new()).expect("an assessment")
}

fn incident(unit: &str, indicator: &str, datapoint: &str) -> Incident {
    let day = NaiveDate::from_ymd_opt(2026, 3, 2).expect("a day");
    Incident::new("P1", unit, indicator, datapoint, day)
}

fn refused(i: Incident) -> scorecard::Error {
    let a = assessment();
    assert_eq!(
        a.check_incidents(std::slice::from_ref(&i))
            .map_err(|e| e.to_string()),
        a.tolerate(&DefaultPolicy::new(7, 2), vec![i.clone()])
            .map(|_| ())
            .map_err(|e| e.to_string()),
    );
    a.tolerate(&DefaultPolicy::new(7, 2), vec![i])
        .expect_err("refused")
}

#[test]
fn an_incident_of_a_known_pair_and_data_point_is_decided() {
    let t = assessment()
        .tolerate(
            &DefaultPolicy::new(7, 2),
            vec![incident("U1", "I130", "D130")],
        )
        .expect("decided");
    assert_eq!(t.decisions().len(), 1);
}

#[test]
fn an_incident_of_an_unknown_unit_is_refused_naming_it() {
    let e = refused(incident("U9", "I130", "D130"));
    assert!(e.is_invalid_incident());
    assert_eq!(
        e.to_string(),
        "incident P1 of unit U9 on indicator I130: unit U9 is not known"
    );
    assert_eq!(e.unit().map(|u| u.as_str()), Some("U9"));
}

#[test]
fn an_incident_of_an_unknown_indicator_is_refused_naming_it() {
    let e = refused(incident("U1", "I999", "D130"));
    assert_eq!(
        e.to_string(),
        "incident P1 of unit U1 on indicator I999: indicator I999 is not in the scheme"
    );
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I999"));
}

#[test]
fn an_incident_on_a_data_point_its_indicator_does_not_read_is_refused() {
    // D131 is read by I131: counted under I130 it would change I131's score
    let e = refused(incident("U1", "I130", "D131"));
    assert_eq!(
        e.to_string(),
        "incident P1 of unit U1 on indicator I130: indicator I130 does not read data point D131"
    );
}

#[test]
fn an_incident_under_an_indicator_that_does_not_apply_to_the_unit_is_refused() {
    let e = refused(incident("U1", "I200", "D200"));
    assert_eq!(
        e.to_string(),
        "incident P1 of unit U1 on indicator I200: indicator I200 does not apply to group hall of unit U1"
    );
}
