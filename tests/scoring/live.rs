//! A live evaluation fed one fact at a time stays byte-identical to a full
//! re-evaluation.

use crate::support::formulas::catalog_as_formulas;
use crate::support::synthetic::{Province, Size};
use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::facts::{Aggregates, Granularity};
use scorecard::scoring::LiveEvaluation;
use scorecard::{Assessment, Fact};

fn json<T: serde::Serialize>(t: &T) -> String {
    serde_json::to_string(t).expect("serialisable")
}

/// Random facts of any places (a zero for one in seven) fed one by one to a live
/// evaluation of `a` over province `p`'s facts: the evaluation stays equal to a full one
/// after every batch, and a refused fact is refused by a full evaluation too.
fn feed(
    p: &Province,
    a: &Assessment,
    facts: Vec<(usize, usize, i64, u32)>,
) -> Result<(), TestCaseError> {
    // start from the year's facts so far
    let mut by_id = Aggregates::new(Granularity::Whole);
    for f in p.facts(1) {
        by_id
            .add(&Fact::new(f.unit, f.datapoint, f.date, f.value))
            .expect("adds");
    }
    let mut live = LiveEvaluation::with_sums(a.clone(), &by_id.all()).expect("evaluates");
    prop_assert_eq!(
        json(live.evaluation()),
        json(&a.evaluate(&by_id.all()).expect("ok"))
    );
    let dps = p.datapoints();
    let day = NaiveDate::from_ymd_opt(2026, 7, 1).expect("a date");
    for (n, (u, d, cents, places)) in facts.into_iter().enumerate() {
        let unit = p.units[u % p.units.len()].id.clone();
        let dp = dps[d % dps.len()].clone();
        // any number of places, and a zero (with its places) for one fact in seven
        let mut value = if cents % 7 == 0 {
            Decimal::ZERO
        } else {
            Decimal::new(cents, 2)
        };
        value.rescale(places);
        let fact = Fact::new(unit.clone(), dp.clone(), day, value);
        match live.add(&unit, &dp, value) {
            Ok(_) => by_id.add(&fact).expect("adds"),
            Err(_) => {
                // refused atomically: a full evaluation with the fact fails too
                let mut with = by_id.clone();
                with.add(&fact).expect("adds");
                prop_assert!(a.evaluate(&with.all()).is_err());
            }
        }
        if n % 10 == 9 {
            let fresh = a.evaluate(&by_id.all()).expect("evaluates");
            prop_assert_eq!(json(live.evaluation()), json(&fresh));
        }
    }
    prop_assert_eq!(
        json(live.evaluation()),
        json(&live.evaluate_fresh().expect("ok"))
    );
    prop_assert_eq!(
        json(live.evaluation()),
        json(&a.evaluate(&by_id.all()).expect("ok"))
    );
    Ok(())
}

/// `catalog` with five formulas more, over the province's first data points, in every
/// group: points by rank (名次计分), half points below the group's median, growth
/// against the previous period, and two composites (one of the other) reading their
/// scores and values: a fact that changes a component re-scores its composites.
pub(super) fn with_ranks_medians_and_growth(catalog: &scorecard::Catalog) -> scorecard::Catalog {
    let formula = |id: &str, json: &str| -> scorecard::Indicator {
        serde_json::from_str(&format!(
            r#"{{"id": "{id}", "name": "{id}", "points": "4", "groups": ["hall", "key", "territorial"],
                "rule": {{"kind": "formula", "direction": "higher_is_better", {json}}}}}"#
        ))
        .expect("an indicator")
    };
    let mut all = catalog.indicators().to_vec();
    all.push(formula(
        "Z01",
        r#""inputs": {"x": {"sum": "D001"}},
            "score": "points * (peer_count(x) - peer_rank(x) + 1) / peer_count(x)""#,
    ));
    all.push(formula(
        "Z02",
        r#""inputs": {"x": {"per_factor": {"datapoint": "D002", "factor": "staff"}}},
            "score": "if(x >= peer_median(x), branch(\"above_median\", points), points / 2)""#,
    ));
    all.push(formula(
        "Z03",
        r#""inputs": {"x": {"sum": "D003"}},
            "score": "points * clamp((x - previous(x)) / previous(x), 0, 1)",
            "on_division_by_zero": "points""#,
    ));
    // composites (复合指标): Z04 reads Z01's and Z02's scores and Z02's value; Y01, ahead
    // of its component in id order, reads Z04's score and a data point of its own
    all.push(formula(
        "Z04",
        r#""inputs": {"a": {"score_of": "Z01"}, "c": {"score_of": "Z02"}, "v": {"value_of": "Z02"}},
            "score": "if(v >= 0, (a + c) / 2, a / 2)""#,
    ));
    all.push(formula(
        "Y01",
        r#""inputs": {"z": {"score_of": "Z04"}, "x": {"sum": "D004"}},
            "score": "if(x > 0, z, z / 2)""#,
    ));
    scorecard::Catalog::new(all).expect("valid")
}

fn facts() -> impl Strategy<Value = Vec<(usize, usize, i64, u32)>> {
    proptest::collection::vec(
        (0usize..30, 0usize..400, -3_000_000i64..3_000_000, 0u32..5),
        1..120,
    )
}

proptest! {
    #![proptest_config(crate::audit::config(8))]

    #[test]
    fn random_facts_one_by_one_equal_a_full_re_evaluation(seed in 0u64..1000, facts in facts()) {
        let p = Province::new(Size::SMALL, seed).expect("a province");
        let a = Assessment::new(p.scheme.clone(), p.units.clone(), &p.targets).expect("valid");
        feed(&p, &a, facts)?;
    }

    /// The same with every indicator written as a formula, intervals as decision tables
    /// (or as formulas): a fact re-scores exactly the pairs whose inputs read it, and
    /// the peer statistics (with their medians and ranks) of their groups.
    #[test]
    fn formulas_and_tables_fed_one_fact_at_a_time_equal_a_full_re_evaluation(
        seed in 0u64..1000,
        tables in any::<bool>(),
        facts in facts(),
    ) {
        let mut p = Province::new(Size::SMALL, seed).expect("a province");
        let formulas = catalog_as_formulas(&p.scheme.indicators, tables).expect("valid");
        p.scheme.indicators = with_ranks_medians_and_growth(&formulas);
        let last_year = Province::new(Size::SMALL, seed + 1).expect("a province");
        let a = Assessment::new(p.scheme.clone(), p.units.clone(), &p.targets)
            .expect("valid")
            .with_previous(&last_year.aggregates().expect("sums").all())
            .expect("the previous period");
        feed(&p, &a, facts)?;
    }
}

#[test]
fn unknown_units_and_data_points_are_refused_without_change() {
    let p = Province::new(Size::SMALL, 3).expect("a province");
    let a = Assessment::new(p.scheme.clone(), p.units.clone(), &p.targets).expect("valid");
    let mut live =
        LiveEvaluation::with_sums(a, &p.aggregates().expect("ok").all()).expect("evaluates");
    let before = json(live.evaluation());
    let dp = p.datapoints()[0].clone();
    assert!(live.add(&"U9999".into(), &dp, Decimal::ONE).is_err());
    assert!(
        live.add(&p.units[0].id, &"D999".into(), Decimal::ONE)
            .is_err()
    );
    assert_eq!(json(live.evaluation()), before);
}

#[test]
fn a_failing_update_is_atomic() {
    use scorecard::Sums;
    use scorecard::rule::{Measure, Rule};
    let p = Province::new(Size::SMALL, 5).expect("a province");
    let a = Assessment::new(p.scheme.clone(), p.units.clone(), &p.targets).expect("valid");
    let mut live =
        LiveEvaluation::with_sums(a, &p.aggregates().expect("ok").all()).expect("evaluates");
    // an interval rule over a ratio: a zero denominator is an error for it
    let (ind, den) = p
        .scheme
        .indicators
        .indicators()
        .iter()
        .find_map(|i| match &i.rule {
            Rule::Interval(r) => match &r.measure {
                Measure::Ratio { denominator, .. } => Some((i, denominator.clone())),
                _ => None,
            },
            _ => None,
        })
        .expect("the synthetic province has one");
    let unit = p
        .units
        .iter()
        .find(|u| ind.applies_to(&u.group))
        .expect("a unit");
    let before = json(live.evaluation());
    let sum = live.sums().aggregate(&unit.id, &den).expect("a cell").sum;
    let err = live
        .add(&unit.id, &den, -sum)
        .expect_err("zero denominator");
    assert!(err.is_division_by_zero(), "{err}");
    assert_eq!(json(live.evaluation()), before);
    assert_eq!(
        live.sums().aggregate(&unit.id, &den).expect("a cell").sum,
        sum
    );
    // and it still takes facts afterwards
    live.add(&unit.id, &den, Decimal::ONE).expect("adds");
    assert_eq!(
        json(live.evaluation()),
        json(&live.evaluate_fresh().expect("ok"))
    );
}

/// The live cells add facts as the aggregates do: counts counted, and sums exact at the
/// largest scale of their terms (`1 + 0.0` is `1.0`), so a live evaluation equals a
/// full evaluation of the same facts aggregated, not only of its own cells.
#[test]
fn live_cells_add_facts_as_the_aggregates_do() {
    use scorecard::rule::{Deduction, Measure, Rule};
    use scorecard::{Catalog, Period, Scheme, Targets, Unit};

    use crate::support::d;

    let deduction = |id: &str, measure: Measure| {
        let per_event = d("1");
        let rule = Rule::Deduction(Deduction {
            // the cells add cents: counts with fractions, declared
            fractional: true,
            measure,
            per_event,
            floor: Decimal::ZERO,
        });
        crate::support::indicator(id, "100", rule)
    };
    let period = Period::year(2026).expect("a year");
    let catalog = Catalog::new(vec![
        deduction("I1", Measure::Sum("S".into())),
        deduction("I2", Measure::Count("C".into())),
    ])
    .expect("valid");
    let units = vec![
        Unit::new("U1", "一分局", "g"),
        Unit::new("U2", "二分局", "g"),
    ];
    let a = Assessment::new(Scheme::new(period, catalog), units, &Targets::new()).expect("ok");
    let mut live = LiveEvaluation::new(a.clone()).expect("evaluates");
    let mut sums = Aggregates::new(Granularity::Whole);
    let day = NaiveDate::from_ymd_opt(2026, 3, 1).expect("a date");
    for (unit, dp, value) in [
        ("U1", "S", "1"),
        ("U1", "S", "0.0"),
        ("U1", "C", "7"),
        ("U1", "C", "0"),
        ("U2", "S", "2.5"),
        ("U2", "S", "-2.50"),
        ("U2", "C", "1"),
    ] {
        live.add(&unit.into(), &dp.into(), d(value)).expect("adds");
        sums.add(&Fact::new(unit.into(), dp.into(), day, d(value)))
            .expect("adds");
        let fresh = a.evaluate(&sums.all()).expect("evaluates");
        assert_eq!(
            json(live.evaluation()),
            json(&fresh),
            "after {unit} {dp} {value}"
        );
    }
    let u1 = live
        .evaluation()
        .pair(&"U1".into(), &"I1".into())
        .expect("a pair");
    assert_eq!(u1.value.map(|v| v.to_string()), Some("1.0".into()));
    let u1 = live
        .evaluation()
        .pair(&"U1".into(), &"I2".into())
        .expect("a pair");
    assert_eq!(u1.value, Some(d("2")));
    assert_eq!((u1.measured.primary, u1.measured.secondary), (d("2"), None));
}
