//! The formula language on arbitrary text: parsing, printing, compiling and evaluating
//! must return a value or an error, never panic, and take bounded time and memory (the
//! language's limits see to it). Every line but the last that reads `name = formula` is
//! a binding; the last line is the score. A parsed formula printed and parsed again is
//! the same tree, and a table cell the same condition.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use scorecard::rule::formula::{
    Binding, Condition, Env, Expr, HitPolicy, Input, NoWatch, PeerStat, Program, Row, Schema,
    Table, TableDef,
};

/// Fixed values: an ordinary number, a zero, the largest decimal.
struct Fixed;

impl Env for Fixed {
    fn input(&self, slot: usize) -> Option<Decimal> {
        [Some(Decimal::new(15, 1)), Some(Decimal::ZERO), Some(Decimal::MAX)]
            .get(slot)
            .copied()
            .flatten()
    }
    fn target(&self, _slot: usize) -> Option<Decimal> {
        Some(Decimal::ONE_HUNDRED)
    }
    fn factor(&self, slot: usize) -> Option<Decimal> {
        (slot == 0).then_some(Decimal::from(8))
    }
    fn peer(&self, stat: PeerStat, _slot: usize) -> Option<Decimal> {
        (stat != PeerStat::Median).then_some(Decimal::TWO)
    }
    fn previous(&self, _slot: usize) -> Option<Decimal> {
        Some(Decimal::ONE)
    }
    fn points(&self) -> Decimal {
        Decimal::TEN
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let schema = Schema::new()
        .input(Input::new("x").with_peers().with_previous())
        .input("y")
        .input("z")
        .target()
        .named_target("stretch")
        .factor("staff");
    let lines: Vec<&str> = text.split('\n').collect();
    let (score, rest) = lines.split_last().unwrap_or((&"", &[]));
    let bindings: Vec<Binding> = rest
        .iter()
        .filter_map(|l| l.split_once('='))
        .map(|(n, f)| Binding::new(n.trim(), f))
        .collect();
    for line in &lines {
        if let Ok(e) = Expr::parse(line) {
            let printed = e.to_string();
            let again = Expr::parse(&printed);
            assert!(again.as_ref().is_ok_and(|a| *a == e), "{line:?} printed as {printed:?}");
        }
        if let Ok(c) = Condition::parse(line) {
            assert_eq!(Condition::parse(&c.to_string()).ok(), Some(c), "{line:?}");
        }
    }
    if let Ok(p) = Program::compile(&bindings, score, &schema) {
        let _ = p.eval(&Fixed, &mut NoWatch);
        let mut seen = 0usize;
        let _ = p.eval(&Fixed, &mut |_: &str, _: Decimal| seen += 1);
    }
    // the lines as the cells of a one-input table, the score as every row's score
    let mut def = TableDef::new(["x"], HitPolicy::Unique).default_score(*score);
    for line in rest.iter().take(64) {
        def = def.row(Row::new([*line], *score));
    }
    if let Ok(t) = Table::compile(&def, &schema) {
        let _ = t.eval(&Fixed, &mut NoWatch);
    }
});
