//! The one CSV writer of the job's outputs: RFC 4180 quoting where a field needs it,
//! the job's own files unchanged.

use scorecard::facts::RejectCounter;

use super::job::{CsvWriter, Job, needs_quotes, write_scores, write_totals};

/// Fields as an RFC 4180 reader reads a record (LF line ends), to check what the writer
/// wrote comes back whole.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "a whole last row"
    );
    rows
}

#[test]
fn fields_are_quoted_only_when_they_must_be() {
    let hostile = [
        "plain",
        "a,b",
        "say \"hi\"",
        "two\nlines",
        "cr\rhere",
        "\"",
        " spaced ",
        "",
        "中文,逗号",
    ];
    let mut out = Vec::new();
    let mut w = CsvWriter::new(&mut out);
    w.row(&hostile).expect("written");
    w.row(&["1", "2"]).expect("written");
    w.finish().expect("flushed");
    let text = String::from_utf8(out).expect("UTF-8");
    assert_eq!(
        text,
        "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",\"\"\"\", spaced ,,\"中文,逗号\"\n1,2\n"
    );
    assert_eq!(
        read_csv(&text),
        [
            hostile.map(String::from).to_vec(),
            vec!["1".into(), "2".into()]
        ]
    );
    for f in hostile {
        assert_eq!(needs_quotes(f), f.contains([',', '"', '\r', '\n']), "{f:?}");
    }
}

/// Ids a bureau may write (an indicator id is any JSON string, a unit id any field
/// without a comma) come back whole from scores.csv and totals.csv.
#[test]
fn hostile_ids_come_back_whole() {
    let indicators = r#"{"period": {"start": "2026-01-01", "end": "2026-12-31"},
      "difficulty": {"factor": "households_per_staff", "slope": "0", "min": "1", "max": "1"},
      "lists": {"red_share": "0.5", "black_share": "0"},
      "indicators": [
        {"id": "I,1", "name": "Complaints", "kind": "deduction", "points": "2",
         "groups": ["hall"], "datapoint": "D1", "per_event": "0.5"},
        {"id": "I\"2\"\n", "name": "Visits", "kind": "efficacy", "points": "1",
         "groups": ["hall"], "datapoint": "D2"}]}"#;
    let units =
        "unit_id,name,city,group,staff,households,revenue\n\"A1\",Hall,City,hall,10,100,1\n";
    let job = Job::load(indicators.as_bytes(), units.as_bytes(), &b"h\n"[..]).expect("valid");
    let facts = "unit_id,datapoint_id,date,value\n\"A1\",D1,2026-03-01,1\n";
    let outcome = job
        .run(facts.as_bytes(), &mut RejectCounter::default())
        .expect("runs");
    let scores = String::from_utf8(write_scores(Vec::new(), &outcome.evaluation).expect("written"))
        .expect("UTF-8");
    let rows = read_csv(&scores);
    assert_eq!(rows.len(), 3, "{scores}");
    let mut ids: Vec<(&str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    ids.sort();
    assert_eq!(ids, [("\"A1\"", "I\"2\"\n"), ("\"A1\"", "I,1")]);
    assert!(rows.iter().all(|r| r.len() == 4));
    let totals = String::from_utf8(write_totals(Vec::new(), &outcome.evaluation).expect("written"))
        .expect("UTF-8");
    assert_eq!(read_csv(&totals)[1][0], "\"A1\"");
    assert!(totals.contains("\n\"\"\"A1\"\"\",hall,"), "{totals}");
}
