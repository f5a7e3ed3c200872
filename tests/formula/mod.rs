//! The formula language and decision tables (`src/formula/`).

mod docs;
mod errors;
mod eval;
mod grammar;
mod props;
mod table;

use rust_decimal::Decimal;
use scorecard::rule::formula::{Binding, Env, FormulaError, PeerStat, Program, Schema, Value};

/// Values of one unit, by slot; `None` (or a slot beyond the list) is missing.
#[derive(Debug, Clone, Default)]
pub struct Vals {
    pub inputs: Vec<Option<Decimal>>,
    pub targets: Vec<Option<Decimal>>,
    pub factors: Vec<Option<Decimal>>,
    pub peers: Vec<(PeerStat, usize, Decimal)>,
    pub previous: Vec<Option<Decimal>>,
    pub points: Decimal,
}

impl Vals {
    /// Inputs given in slot order, 10 points.
    pub fn inputs(xs: &[&str]) -> Self {
        Self {
            inputs: xs.iter().map(|x| Some(d(x))).collect(),
            points: Decimal::TEN,
            ..Self::default()
        }
    }
}

impl Env for Vals {
    fn input(&self, slot: usize) -> Option<Decimal> {
        self.inputs.get(slot).copied().flatten()
    }
    fn target(&self, slot: usize) -> Option<Decimal> {
        self.targets.get(slot).copied().flatten()
    }
    fn factor(&self, slot: usize) -> Option<Decimal> {
        self.factors.get(slot).copied().flatten()
    }
    fn peer(&self, stat: PeerStat, slot: usize) -> Option<Decimal> {
        self.peers
            .iter()
            .find(|(s, k, _)| *s == stat && *k == slot)
            .map(|(_, _, v)| *v)
    }
    fn previous(&self, slot: usize) -> Option<Decimal> {
        self.previous.get(slot).copied().flatten()
    }
    fn points(&self) -> Decimal {
        self.points
    }
}

pub fn d(s: &str) -> Decimal {
    s.parse().expect("a decimal literal")
}

/// What one evaluation gave: the value, the branch label and the bindings reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    pub value: Value,
    pub branch: Option<String>,
    pub steps: Vec<(String, Decimal)>,
}

/// Compiles `bindings` and `score` over `schema` and evaluates them with `env`.
pub fn run(
    schema: &Schema,
    bindings: &[(&str, &str)],
    score: &str,
    env: &Vals,
) -> Result<Ran, FormulaError> {
    let bindings: Vec<Binding> = bindings.iter().map(|(n, f)| Binding::new(*n, *f)).collect();
    let p = Program::compile(&bindings, score, schema)?;
    let mut steps = Vec::new();
    let out = p.eval(env, &mut |n: &str, v: Decimal| {
        steps.push((n.to_owned(), v))
    })?;
    Ok(Ran {
        value: out.value,
        branch: out.branch.map(|b| b.text.to_owned()),
        steps,
    })
}

/// The number a formula over inputs `x`, `y` (values given) computes.
pub fn num(score: &str, x: &str, y: &str) -> Decimal {
    let schema = Schema::new().input("x").input("y");
    run(&schema, &[], score, &Vals::inputs(&[x, y]))
        .unwrap_or_else(|e| panic!("{score}: {e}"))
        .value
        .number()
        .expect("a number")
}

/// Whether a condition over inputs `x`, `y` holds.
pub fn holds(score: &str, x: &str, y: &str) -> bool {
    let schema = Schema::new().input("x").input("y");
    run(&schema, &[], score, &Vals::inputs(&[x, y]))
        .unwrap_or_else(|e| panic!("{score}: {e}"))
        .value
        .boolean()
        .expect("a condition")
}
