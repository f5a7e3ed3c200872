//! Every example of `docs/RULES.md` gives what the document says: the formulas of its
//! example tables evaluate to the value beside them, and its cells parse.

use rust_decimal::Decimal;
use scorecard::rule::formula::{Condition, Input, PeerStat, Program, Schema, Value};

use super::{Vals, d};

const RULES: &str = include_str!("../../docs/RULES.md");

/// The rows of the tables between `<!-- {marker} -->` and `<!-- /{marker} -->`, as their
/// cells.
fn rows(marker: &str) -> Vec<Vec<String>> {
    let (open, close) = (format!("<!-- {marker} -->"), format!("<!-- /{marker} -->"));
    let mut out = Vec::new();
    let mut inside = false;
    for line in RULES.lines() {
        if line == open {
            inside = true;
        } else if line == close {
            inside = false;
        } else if inside && line.starts_with('|') && !line.starts_with("| ---") {
            let cells: Vec<String> = line
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_owned())
                .collect();
            out.push(cells);
        }
    }
    out
}

fn code(cell: &str) -> Option<&str> {
    cell.strip_prefix('`')?.strip_suffix('`')
}

/// The unit the document's examples evaluate against (its first table).
fn unit() -> (Schema, Vals) {
    let schema = Schema::new()
        .input("actual")
        .input("rate")
        .input("errors")
        .input("filings")
        .input(Input::new("collected").with_peers().with_previous())
        .target()
        .named_target("stretch")
        .factor("staff");
    let vals = Vals {
        inputs: ["620", "0.95", "4", "100", "120"]
            .iter()
            .map(|x| Some(d(x)))
            .collect(),
        targets: vec![Some(d("800")), Some(d("1000"))],
        factors: vec![Some(d("8"))],
        peers: PeerStat::ALL
            .into_iter()
            .zip(["100", "98", "40", "130", "3", "5"])
            .map(|(s, v)| (s, 4, d(v)))
            .collect(),
        previous: vec![None, None, None, None, Some(d("96"))],
        points: d("4"),
    };
    (schema, vals)
}

#[test]
fn every_example_formula_gives_its_documented_value() {
    let (schema, vals) = unit();
    let examples = rows("examples");
    let mut checked = 0;
    for cells in &examples {
        let n = cells.len();
        let (Some(formula), Some(value)) = (code(&cells[n - 2]), code(&cells[n - 1])) else {
            continue; // a header
        };
        let p =
            Program::compile(&[], formula, &schema).unwrap_or_else(|e| panic!("{formula}: {e}"));
        let got = p
            .eval(&vals, &mut |_: &str, _: Decimal| {})
            .unwrap_or_else(|e| panic!("{formula}: {e}"))
            .value;
        let want = match value {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            v => Value::Number(d(v)),
        };
        assert_eq!(got, want, "{formula}");
        checked += 1;
    }
    assert!(checked >= 35, "only {checked} examples found");
}

#[test]
fn every_documented_cell_parses_and_prints_back() {
    let cells = rows("cells");
    assert!(cells.len() >= 8);
    for row in cells.iter().filter_map(|r| code(&r[0])) {
        let c = Condition::parse(row).unwrap_or_else(|e| panic!("{row}: {e}"));
        assert_eq!(Condition::parse(&c.to_string()).expect("prints back"), c);
    }
}
