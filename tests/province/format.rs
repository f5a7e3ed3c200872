//! The province job's file format, end to end on a fixture worked out by hand.

use scorecard::facts::RejectReason;
use scorecard::facts::{Quarantine, RejectCounter, Rejected};

use super::job::{Job, JobError, RejectedCsv, chain, strict_decimal};

pub const INDICATORS: &str = r#"{
  "period": {"start": "2026-01-01", "end": "2026-12-31"},
  "difficulty": {"factor": "households_per_staff", "slope": "0.1", "min": "0.95", "max": "1.05"},
  "lists": {"red_share": "0.4", "black_share": "0.1"},
  "indicators": [
    {"id": "I1", "name": "Revenue", "kind": "completion", "points": "4", "groups": ["hall", "key"], "datapoint": "D1", "cap": "1.0"},
    {"id": "I2", "name": "Complaints", "kind": "deduction", "points": "2", "groups": ["hall", "key"], "datapoint": "D2", "per_event": "0.5"},
    {"id": "I3", "name": "Error rate", "kind": "ratio_threshold", "points": "3", "groups": ["key", "nobody"], "numerator": "D3", "denominator": "D4", "good": "0.03", "bad": "0.05"}
  ]
}"#;

pub const UNITS: &str = "unit_id,name,city,group,staff,households,revenue
A1,Hall A1,Shijiazhuang,hall,10,1000,1.00
A2,Hall A2,Baoding,hall,10,3000,2.00
B1,Key B1,Tangshan,key,20,2000,3.50
B2,Key B2,Tangshan,key,20,2000,4
";

pub const TARGETS: &str = "unit_id,indicator_id,target\r
A1,I1,100\r
A2,I1,200\r
B1,I1,50\r
B2,I1,80\r
A1,I3,5\r
";

/// Lines 2–12 valid, 13 out of period, 14–18 rejected, 19 valid with CRLF and no final LF.
pub const FACTS: &str = "unit_id,datapoint_id,date,value
A1,D1,2026-01-15,80
A2,D1,2026-02-01,+100.00
A2,D1,2026-03-01,100
A2,D2,2026-03-01,1
B1,D1,2026-05-05,60
B1,D3,2026-05-05,2
B1,D4,2026-05-05,50
B2,D1,2026-06-06,040
B2,D2,2026-06-06,3
B2,D3,2026-06-06,1
B2,D4,2026-06-06,100
A1,D1,2025-12-31,99
A1,D1,2026-02-30,1
X9,D1,2026-01-01,1
A1,D9,2026-01-01,1
A1,D1,2026-01-01,1.234
A1,D1,2026-01-01
A1,D2,2026-12-31,1\r";

pub fn load(indicators: &str, units: &str, targets: &str) -> Result<Job, JobError> {
    Job::load(indicators.as_bytes(), units.as_bytes(), targets.as_bytes())
}

pub struct Out {
    pub scores: String,
    pub totals: String,
    pub rejected: String,
    pub summary: String,
}

pub fn run(threads: usize) -> Out {
    let job = load(INDICATORS, UNITS, TARGETS)
        .expect("valid configuration")
        .threads(threads);
    let mut rejected = Vec::new();
    let mut sink = RejectedCsv::new(&mut rejected);
    let outcome = job.run(FACTS.as_bytes(), &mut sink).expect("runs");
    sink.finish().expect("written");
    let (mut scores, mut totals, mut summary) = (Vec::new(), Vec::new(), Vec::new());
    outcome
        .write(&mut scores, &mut totals, &mut summary)
        .expect("written");
    let s = |v: Vec<u8>| String::from_utf8(v).expect("UTF-8");
    Out {
        scores: s(scores),
        totals: s(totals),
        rejected: s(rejected),
        summary: s(summary),
    }
}

#[test]
fn the_fixture_gives_the_hand_worked_answer() {
    let out = run(1);
    assert_eq!(
        out.scores,
        "unit_id,indicator_id,value,score
A1,I1,0.800000,3.200000
A1,I2,1.000000,1.500000
A2,I1,1.000000,4.000000
A2,I2,1.000000,1.500000
B1,I1,1.200000,4.000000
B1,I2,0.000000,2.000000
B1,I3,0.040000,1.500000
B2,I1,0.500000,2.000000
B2,I2,3.000000,0.500000
B2,I3,0.010000,3.000000
"
    );
    // A1: 4.7 × 0.95 = 4.465 → 4.47 (四舍五入); A2: 5.5 × 1.05 = 5.775 → 5.78
    assert_eq!(
        out.totals,
        "unit_id,group,raw_total,coefficient,adjusted_total,rank,list
A1,hall,4.700000,0.950000,4.47,2,black
A2,hall,5.500000,1.050000,5.78,1,red
B1,key,7.500000,1.000000,7.50,1,red
B2,key,5.500000,1.000000,5.50,2,black
"
    );
    assert_eq!(
        out.rejected,
        "line,reason
14,not a date
15,unknown unit
16,unknown data point
17,not a decimal number
18,3 fields instead of 4
"
    );
    assert_eq!(
        out.summary,
        r#"{
  "facts_total": 18,
  "facts_accepted": 12,
  "facts_out_of_period": 1,
  "facts_rejected": 5,
  "units": 4,
  "indicators": 3,
  "scored_pairs": 10
}
"#
    );
}

#[test]
fn any_number_of_threads_gives_the_same_files() {
    let one = run(1);
    for threads in [2, 3, 8] {
        let other = run(threads);
        assert_eq!(one.scores, other.scores);
        assert_eq!(one.totals, other.totals);
        assert_eq!(one.rejected, other.rejected);
        assert_eq!(one.summary, other.summary);
    }
}

/// The whole message of the configuration error the files give (exit status 2).
pub fn config_error(indicators: &str, units: &str, targets: &str) -> String {
    let err = load(indicators, units, targets).expect_err("a configuration error");
    assert_eq!(err.exit_code(), 2, "{err}");
    assert!(err.as_config().is_some(), "{err}");
    chain(&err)
}

#[test]
fn a_missing_target_names_the_unit_and_indicator() {
    let targets = TARGETS.replace("B2,I1,80\r\n", "");
    assert_eq!(
        config_error(INDICATORS, UNITS, &targets),
        "configuration error: targets.csv, indicator I1: indicator I1 has no target for unit B2"
    );
    let targets = TARGETS.replace("B2,I1,80", "B2,I1,0");
    let msg = config_error(INDICATORS, UNITS, &targets);
    assert!(msg.contains("unit B2") && msg.contains("I1"), "{msg}");
}

#[test]
fn malformed_configuration_is_refused_with_a_reason() {
    let cases: Vec<(String, String, String, &str)> = vec![
        (
            INDICATORS.replace("\"0.1\", \"min\"", "\"1e-1\", \"min\""),
            UNITS.into(),
            TARGETS.into(),
            "difficulty: `slope`",
        ),
        (
            INDICATORS.replace("\"completion\"", "\"magic\""),
            UNITS.into(),
            TARGETS.into(),
            "kind",
        ),
        (
            INDICATORS.replace("households_per_staff", "revenue_per_staff"),
            UNITS.into(),
            TARGETS.into(),
            "unknown difficulty factor",
        ),
        (
            INDICATORS.replace("\"id\": \"I2\"", "\"id\": \"I1\""),
            UNITS.into(),
            TARGETS.into(),
            "indicator I1: is given twice",
        ),
        (
            INDICATORS.replace("\"points\": \"2\"", "\"points\": 2"),
            UNITS.into(),
            TARGETS.into(),
            "indicators.json",
        ),
        (
            INDICATORS.replace("\"cap\": \"1.0\"", "\"cap\": \"\""),
            UNITS.into(),
            TARGETS.into(),
            "cap",
        ),
        (
            INDICATORS.replace("2026-12-31", "2026-02-30"),
            UNITS.into(),
            TARGETS.into(),
            "is not a date written YYYY-MM-DD",
        ),
        (
            INDICATORS.into(),
            UNITS.replace(",hall,10,1000", ",halls,10,1000"),
            TARGETS.into(),
            "unknown group",
        ),
        (
            INDICATORS.into(),
            UNITS.replace("Baoding,hall,10", "Baoding,hall,0"),
            TARGETS.into(),
            "staff \"0\" is not a positive integer",
        ),
        (
            INDICATORS.into(),
            UNITS.replace("3000", "3000.0"),
            TARGETS.into(),
            "households \"3000.0\" is not a positive integer",
        ),
        (
            INDICATORS.into(),
            UNITS.replace("2.00", "two"),
            TARGETS.into(),
            "revenue",
        ),
        (
            INDICATORS.into(),
            UNITS.replace("A2,Hall A2", "A1,Hall A2"),
            TARGETS.into(),
            "duplicate unit A1",
        ),
        (
            INDICATORS.into(),
            UNITS.replace(",Tangshan,key,20,2000,4", ",Tangshan,key,20,2000"),
            TARGETS.into(),
            "expected 7 fields",
        ),
        (
            INDICATORS.into(),
            UNITS.into(),
            format!("{TARGETS}A1,I1,7\n"),
            "two targets",
        ),
        (
            INDICATORS.into(),
            UNITS.into(),
            TARGETS.replace("A2,I1,200", "A2,I1,2e2"),
            "targets.csv, line 3",
        ),
    ];
    for (i, u, t, want) in cases {
        let msg = config_error(&i, &u, &t);
        assert!(
            msg.contains(want),
            "got {msg:?}, want it to contain {want:?}"
        );
    }
}

#[test]
fn strict_decimals() {
    assert_eq!(
        strict_decimal("-0012.50").expect("a decimal").to_string(),
        "-12.50"
    );
    for ok in ["0", "12", "-0.5", "+007.10", "123456789012345678901234.5"] {
        assert!(strict_decimal(ok).is_some(), "{ok}");
    }
    for bad in [
        "", "+", "-", ".5", "5.", "1e3", " 7", "7 ", "1,5", "0x10", "1_000", "NaN",
    ] {
        assert!(strict_decimal(bad).is_none(), "{bad}");
    }
}

#[test]
fn empty_and_header_only_fact_files() {
    let job = load(INDICATORS, UNITS, TARGETS).expect("valid").threads(2);
    for facts in [
        "",
        "unit_id,datapoint_id,date,value",
        "unit_id,datapoint_id,date,value\n",
    ] {
        let mut rejects = Vec::new();
        let outcome = job.run(facts.as_bytes(), &mut rejects).expect("runs");
        assert_eq!(outcome.summary.facts_total, 0);
        assert!(rejects.is_empty());
        // every completion rate is 0, so scores are still computed
        assert_eq!(outcome.summary.scored_pairs, 10);
    }
}

#[test]
fn rejected_lines_stream_to_rejected_csv() {
    let mut out = Vec::new();
    let mut sink = RejectedCsv::new(&mut out);
    sink.reject(Rejected::new(6, RejectReason::UnknownUnit, ""));
    sink.reject(Rejected::new(10, RejectReason::FieldCount { found: 3 }, ""));
    assert!(!sink.keeps_records());
    sink.finish().expect("written");
    assert_eq!(
        String::from_utf8(out).expect("UTF-8"),
        "line,reason\n6,unknown unit\n10,3 fields instead of 4\n"
    );
}

#[test]
fn one_indicator_one_fact() {
    let indicators = r#"{"period": {"start": "2026-01-01", "end": "2026-12-31"},
      "difficulty": {"factor": "households_per_staff", "slope": "0", "min": "1", "max": "1"},
      "lists": {"red_share": "0.5", "black_share": "0"},
      "indicators": [{"id": "I1", "name": "Complaints", "kind": "deduction", "points": "2",
                      "groups": ["hall"], "datapoint": "D1", "per_event": "0.5"}]}"#;
    let units = "unit_id,name,city,group,staff,households,revenue\nA1,Hall,City,hall,10,100,1\n";
    let job = load(indicators, units, "unit_id,indicator_id,target\n").expect("valid");
    let facts = "unit_id,datapoint_id,date,value\nA1,D1,2026-03-01,1\n";
    let outcome = job
        .run(facts.as_bytes(), &mut RejectCounter::default())
        .expect("runs");
    let (mut scores, mut totals, mut summary) = (Vec::new(), Vec::new(), Vec::new());
    outcome
        .write(&mut scores, &mut totals, &mut summary)
        .expect("written");
    assert_eq!(
        String::from_utf8(scores).expect("UTF-8"),
        "unit_id,indicator_id,value,score\nA1,I1,1.000000,1.500000\n"
    );
    assert!(
        String::from_utf8(totals)
            .expect("UTF-8")
            .ends_with("A1,hall,1.500000,1.000000,1.50,1,red\n")
    );
}

/// Progress and the summary line print figures with integer arithmetic.
#[test]
fn progress_figures() {
    use super::progress::{megabytes, rate, seconds};
    use std::time::Duration;
    assert_eq!(megabytes(0), "0.0");
    assert_eq!(megabytes(49_999), "0.0");
    assert_eq!(megabytes(50_000), "0.1");
    assert_eq!(megabytes(267_000_000), "267.0");
    assert_eq!(rate(120_000_000, Duration::from_millis(500)), "240.0");
    assert_eq!(rate(5, Duration::ZERO), "0.0");
    assert_eq!(seconds(Duration::from_millis(1234)), "1.23 s");
    assert_eq!(seconds(Duration::from_millis(1235)), "1.24 s");
    assert_eq!(seconds(Duration::from_secs(75)), "75.00 s");
}

/// The generator's data sets hold what it counted: every line accounted for by the job
/// as the generator says.
#[test]
fn the_generator_counts_what_it_writes() {
    use super::generate::{Shape, generate};
    assert_eq!(Shape::PROVINCE.units.iter().sum::<u32>(), 474);
    let shape = Shape {
        units: [4, 3, 9],
        lines: (2, 6),
    };
    let files = generate(7, shape);
    let job = Job::load(
        files.indicators.as_bytes(),
        files.units.as_bytes(),
        files.targets.as_bytes(),
    )
    .expect("a valid configuration");
    let outcome = job
        .run(files.facts.as_slice(), &mut RejectCounter::default())
        .expect("runs");
    assert_eq!(outcome.summary, files.summary);
    assert_eq!(outcome.summary.indicators, 175);
    assert!(outcome.summary.facts_total > 2_000);
}
