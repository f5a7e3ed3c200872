//! Each branch of the default policy, the checks on incidents and policies, the
//! overlay and the trace.

use rust_decimal_macros::dec;
use scorecard::tolerance::{
    Beyond, Decision, DefaultPolicy, Incident, NoTolerance, Reason, Severity, TolerancePolicy,
    Tolerated, Treatment,
};
use scorecard::{Period, Result, Sums};

use super::{day, deduction_assessment, year};
use crate::support::MemSums;

fn inc(id: &str, unit: &str, found: (u32, u32)) -> Incident {
    Incident::new(id, unit, "I130", "D130", day(found.0, found.1))
}

fn verdicts(t: &Tolerated) -> Vec<(String, Treatment)> {
    t.decisions()
        .iter()
        .map(|d| (d.incident.clone(), d.verdict))
        .collect()
}

#[test]
fn each_branch_of_the_default_policy() {
    let incidents = vec![
        inc("A", "U01", (3, 1)).rectified(day(3, 8)), // 7 days: in time, waiver 1
        inc("B", "U01", (3, 2)).rectified(day(3, 10)), // 8 days: late
        inc("C", "U01", (3, 3)),                      // not rectified
        inc("D", "U01", (3, 4))
            .rectified(day(3, 4))
            .severity(Severity::SeriousConsequence), // serious
        inc("E", "U01", (3, 5)).rectified(day(3, 5)), // same day: waiver 2
        inc("F", "U01", (3, 6)).rectified(day(3, 7)), // in time, allowance used
        inc("G", "U02", (3, 6)).rectified(day(3, 7)), // another unit's allowance
    ];
    let keep = DefaultPolicy::new(7, 2);
    let t = Tolerated::decide(&keep, year(), incidents.clone()).expect("decisions");
    let r = |id: &str, v| (id.to_owned(), v);
    assert_eq!(
        verdicts(&t),
        [
            r("A", Treatment::Waive),
            r("B", Treatment::Keep),
            r("C", Treatment::Keep),
            r("D", Treatment::Keep),
            r("E", Treatment::Waive),
            r("F", Treatment::Keep),
            r("G", Treatment::Waive),
        ]
    );
    let reasons: Vec<&Reason> = t.decisions().iter().map(|d| &d.reason).collect();
    assert_eq!(
        reasons[0],
        &Reason::RectifiedInTime {
            days: 7,
            within: 7,
            nth: 1,
            allowed: 2
        }
    );
    assert_eq!(reasons[1], &Reason::RectifiedLate { days: 8, within: 7 });
    assert_eq!(reasons[2], &Reason::NotRectified);
    assert_eq!(reasons[3], &Reason::SeriousConsequence);
    assert_eq!(
        reasons[4],
        &Reason::RectifiedInTime {
            days: 0,
            within: 7,
            nth: 2,
            allowed: 2
        }
    );
    assert_eq!(
        reasons[5],
        &Reason::AllowanceUsed {
            days: 1,
            within: 7,
            allowed: 2
        }
    );
    assert_eq!(
        t.decisions()[3].explanation.zh,
        "问题 D 造成严重后果，不予容错，照常扣分"
    );
    assert_eq!(
        t.decisions()[5].explanation.en,
        "incident F rectified in 1 days (allowed 7), but the 2 waivers of the period are used: deducted in full"
    );

    // beyond the allowance: reduced by half instead
    let reduce = keep.beyond(Beyond::Reduce { by: dec!(0.5) });
    let t = Tolerated::decide(&reduce, year(), incidents).expect("decisions");
    let f = &t.decisions()[5];
    assert_eq!(f.verdict, Treatment::Reduce { by: dec!(0.5) });
    assert_eq!(f.counted, dec!(0.5));
    // U01: B, C, D count 1 each, F counts 0.5 → 3.5 occurrences, 4 incidents counted
    let added = t.added(&"U01".into(), &"D130".into());
    assert_eq!((added.sum, added.count), (dec!(3.5), 4));
}

#[test]
fn the_allowance_goes_to_the_earliest_found_whatever_the_input_order() {
    let incidents = vec![
        inc("Z", "U01", (5, 1)).rectified(day(5, 2)),
        inc("Y", "U01", (2, 1)).rectified(day(2, 2)),
    ];
    let t = Tolerated::decide(&DefaultPolicy::new(7, 1), year(), incidents).expect("decisions");
    let got = verdicts(&t);
    assert_eq!(got[0], ("Y".to_owned(), Treatment::Waive));
    assert_eq!(got[1], ("Z".to_owned(), Treatment::Keep));
}

#[test]
fn inconsistent_incidents_are_rejected_by_name() {
    let decide = |v: Vec<Incident>| Tolerated::decide(&DefaultPolicy::new(7, 2), year(), v);
    let e = decide(vec![inc("A", "U01", (3, 5)).rectified(day(3, 4))]).expect_err("backwards");
    assert!(e.is_invalid_incident());
    assert_eq!(
        e.to_string(),
        "incident A of unit U01 on indicator I130: rectified before it was found"
    );
    let outside = Incident::new(
        "B",
        "U01",
        "I130",
        "D130",
        chrono::NaiveDate::from_ymd_opt(2025, 12, 31).expect("a date"),
    );
    assert!(
        decide(vec![outside])
            .expect_err("outside")
            .is_invalid_incident()
    );
    let e = decide(vec![inc("A", "U01", (3, 5)), inc("A", "U02", (3, 6))]).expect_err("twice");
    assert!(e.to_string().ends_with("given twice"));
    let bad = DefaultPolicy::new(7, 0).beyond(Beyond::Reduce { by: dec!(1.5) });
    let e = Tolerated::decide(
        &bad,
        year(),
        vec![inc("A", "U01", (3, 5)).rectified(day(3, 5))],
    );
    let e = e.expect_err("share above 1");
    assert!(e.is_invalid_option());
    assert_eq!((e.field(), e.value()), (Some("by"), Some("1.5")));
}

/// A host policy that misbehaves in a chosen way.
struct Broken(u8);

impl TolerancePolicy for Broken {
    fn decide(&self, _period: Period, incidents: &[Incident]) -> Result<Vec<Decision>> {
        let mut out: Vec<Decision> = incidents
            .iter()
            .map(|i| {
                Decision::new(
                    i,
                    Treatment::Waive,
                    Reason::Host {
                        zh: "主动纠正".into(),
                        en: "corrected".into(),
                    },
                )
            })
            .collect::<Result<_>>()?;
        match self.0 {
            0 => {}
            1 => {
                out.pop();
            }
            2 => out.push(out[0].clone()),
            3 => out[0].counted = dec!(-1), // would count less than nothing
            _ => {
                out[0].verdict = Treatment::Reduce { by: dec!(-1) }; // would increase
                out[0].counted = dec!(2);
            }
        }
        Ok(out)
    }
}

#[test]
fn a_host_policy_is_checked() {
    let incidents = vec![inc("A", "U01", (3, 5)), inc("B", "U01", (3, 6))];
    let t = Tolerated::decide(&Broken(0), year(), incidents.clone()).expect("a good host policy");
    assert_eq!(t.decisions()[0].explanation.zh, "问题 A 主动纠正，免于扣分");
    for k in 1..=4 {
        let e = Tolerated::decide(&Broken(k), year(), incidents.clone()).expect_err("broken");
        assert!(e.is_invalid_incident(), "{k}: {e}");
    }
    assert!(
        Decision::new(
            &incidents[0],
            Treatment::Reduce { by: dec!(1.01) },
            Reason::NoTolerance
        )
        .is_err()
    );
}

#[test]
fn the_overlay_feeds_scoring_and_the_trace_shows_why() {
    let assessment = deduction_assessment();
    let mut host = MemSums::new();
    host.set("U02", "D130", dec!(2)); // facts the host already has
    let incidents = vec![
        inc("A", "U01", (3, 1)).rectified(day(3, 2)),
        inc("B", "U01", (3, 2)),
        inc("C", "U02", (3, 3)).rectified(day(3, 4)),
    ];
    let strict = Tolerated::decide(&NoTolerance, year(), incidents.clone()).expect("decisions");
    let lenient =
        Tolerated::decide(&DefaultPolicy::new(7, 2), year(), incidents).expect("decisions");
    let u01 = "U01".into();
    assert_eq!(
        strict
            .overlay(&host)
            .aggregate(&u01, &"D130".into())
            .expect("sum")
            .sum,
        dec!(2)
    );
    assert_eq!(
        lenient
            .overlay(&host)
            .aggregate(&u01, &"D130".into())
            .expect("sum")
            .sum,
        dec!(1)
    );
    assert_eq!(
        lenient
            .overlay(&host)
            .aggregate(&"U02".into(), &"D130".into())
            .expect("sum")
            .sum,
        dec!(2)
    );

    let before = assessment
        .evaluate(&strict.overlay(&host))
        .expect("an evaluation");
    let after = assessment
        .evaluate(&lenient.overlay(&host))
        .expect("an evaluation");
    let score = |e: &scorecard::Evaluation, u: &str| {
        e.pair(&u.into(), &"I130".into()).expect("a pair").score
    };
    assert_eq!(
        (score(&before, "U01"), score(&after, "U01")),
        (dec!(4), dec!(4.5))
    );
    assert_eq!(
        (score(&before, "U02"), score(&after, "U02")),
        (dec!(3.5), dec!(4))
    );

    let trace = assessment
        .trace(&after, &u01, &"I130".into())
        .expect("a trace");
    assert!(trace.tolerance.is_empty());
    let json = serde_json::to_value(&trace).expect("json");
    assert!(json.get("tolerance").is_none());
    let trace = trace.with_tolerance(&lenient);
    let ids: Vec<&str> = trace
        .tolerance
        .iter()
        .map(|d| d.incident.as_str())
        .collect();
    assert_eq!(ids, ["A", "B"]);
    let json = serde_json::to_value(&trace).expect("json");
    assert_eq!(json["tolerance"][0]["verdict"]["verdict"], "waive");
    assert_eq!(
        json["tolerance"][0]["reason"]["reason"],
        "rectified_in_time"
    );
    let back: scorecard::Trace = serde_json::from_value(json).expect("a trace");
    assert_eq!(back, trace);
}

/// Reduces every deduction by the same share.
struct ReduceAll(rust_decimal::Decimal);

impl TolerancePolicy for ReduceAll {
    fn decide(&self, _period: Period, incidents: &[Incident]) -> Result<Vec<Decision>> {
        incidents
            .iter()
            .map(|i| Decision::new(i, Treatment::Reduce { by: self.0 }, Reason::NoTolerance))
            .collect()
    }
}

/// The counted shares are added to the host's sums as facts are added to aggregates:
/// exactly, keeping the larger number of places (`2 + 0.0` is `2.0`, not `2`).
#[test]
fn counted_shares_add_as_facts_do() {
    let mut host = MemSums::new();
    host.set("U01", "D130", dec!(2));
    let incidents = vec![inc("A", "U01", (3, 1)), inc("B", "U02", (3, 2))];
    let sum = |by, unit: &str| {
        let t = Tolerated::decide(&ReduceAll(by), year(), incidents.clone()).expect("decisions");
        let a = t
            .overlay(&host)
            .aggregate(&unit.into(), &"D130".into())
            .expect("a sum");
        (a.sum.to_string(), a.count)
    };
    // the host has one fact of 2 for U01; a share of 0.0 is added (its places kept)
    // but not counted as an occurrence
    assert_eq!(sum(dec!(1.0), "U01"), ("2.0".into(), 1));
    assert_eq!(sum(dec!(1.0), "U02"), ("0.0".into(), 0));
    assert_eq!(sum(dec!(0.25), "U01"), ("2.75".into(), 2));
}

/// A policy lent by reference, or behind `dyn`, decides as the policy itself does.
#[test]
fn a_policy_by_reference_decides_as_itself() {
    let incidents = vec![
        inc("A", "U01", (3, 1)).rectified(day(3, 2)),
        inc("B", "U01", (3, 2)),
    ];
    let policy = DefaultPolicy::new(7, 2);
    let own = Tolerated::decide(&policy, year(), incidents.clone()).expect("decisions");
    let lent = Tolerated::decide(&&policy, year(), incidents.clone()).expect("decisions");
    let boxed: Box<dyn TolerancePolicy> = Box::new(policy);
    let dynamic = Tolerated::decide(&&*boxed, year(), incidents).expect("decisions");
    assert_eq!(verdicts(&own), verdicts(&lent));
    assert_eq!(verdicts(&own), verdicts(&dynamic));
    assert_eq!(
        verdicts(&own),
        [
            ("A".to_owned(), Treatment::Waive),
            ("B".to_owned(), Treatment::Keep)
        ]
    );
}

/// An overflow in the overlay names the unit and the indicator of the incidents added.
#[test]
fn an_overflowing_overlay_names_the_unit_and_indicator() {
    let incidents = vec![
        // another unit's incident on another indicator, counted in the same data point
        Incident::new("X", "U00", "I129", "D130", day(3, 1)),
        inc("A", "U01", (3, 2)),
    ];
    let t = Tolerated::decide(&NoTolerance, year(), incidents).expect("decisions");
    let mut host = MemSums::new();
    host.set("U01", "D130", rust_decimal::Decimal::MAX);
    let err = t
        .overlay(&host)
        .aggregate(&"U01".into(), &"D130".into())
        .expect_err("MAX + 1 overflows");
    assert_eq!(err.unit().map(|u| u.as_str()), Some("U01"), "{err}");
    assert_eq!(err.indicator().map(|i| i.as_str()), Some("I130"), "{err}");
}
