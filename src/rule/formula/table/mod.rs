//! Decision tables (决策表): rows of conditions on one or more inputs, each giving a
//! score (a number or a formula), under a declared hit policy.

mod check;
mod cond;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use self::cond::{Bound, Condition};

use self::check::Grid;
use super::code::{Arg, Binding, Code, Type, Uses};
use super::compile::Compiler;
use super::error::{FormulaError, FormulaErrorKind};
use super::eval::{Env, Frame, Label, Watch, with_memo};
use super::schema::Schema;
use super::{MAX_COLUMNS, MAX_ROWS};

/// Which row of a table gives the score when several match (DMN's names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
// A name (`"unique"`), not a table: there are no keys, so no unknown keys to refuse; an
// unknown name is refused as an unknown variant.
#[serde(rename_all = "snake_case")]
pub enum HitPolicy {
    /// At most one row matches any input: overlapping rows are refused at load.
    Unique,
    /// The first matching row, in the order written.
    First,
    /// The matching row of highest priority; two overlapping rows of equal priority
    /// are refused at load.
    Priority,
}

/// One row as written: a condition per input, the score, and optionally a priority
/// (under [`HitPolicy::Priority`], and only there) and a label for traces.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// One condition per input, in the table's input order: `any`, `-`, `< 3`,
    /// `>= 5%`, `= 2`, `[0.03, 0.05)`, `(-inf, 0.9)` …
    pub when: Vec<String>,
    /// The score: a number (`"2.5"`) or a formula (`"points * rate"`).
    pub score: String,
    /// The row's priority under [`HitPolicy::Priority`]: higher wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    /// A name for the row in traces and explanations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Row {
    /// A row matching `when` and scoring `score`.
    pub fn new<S: Into<String>>(
        when: impl IntoIterator<Item = S>,
        score: impl Into<String>,
    ) -> Self {
        Self {
            when: when.into_iter().map(Into::into).collect(),
            score: score.into(),
            priority: None,
            label: None,
        }
    }

    /// With a priority.
    pub fn priority(mut self, priority: i64) -> Self {
        self.priority = Some(priority);
        self
    }

    /// With a label.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
}

/// A decision table as written in a rule book.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use scorecard::rule::formula::{Env, HitPolicy, NoWatch, Row, Schema, Table, TableDef};
///
/// let def = TableDef::new(["rate"], HitPolicy::Unique)
///     .row(Row::new(["(-inf, 0.9)"], "0"))
///     .row(Row::new(["[0.9, 1)"], "2").label("接近"))
///     .row(Row::new([">= 1"], "points"));
/// let table = Table::compile(&def, &Schema::new().input("rate"))?;
///
/// struct Unit(Decimal);
/// impl Env for Unit {
///     fn input(&self, _slot: usize) -> Option<Decimal> { Some(self.0) }
///     fn points(&self) -> Decimal { Decimal::from(4) }
/// }
/// let hit = table.eval(&Unit("0.95".parse()?), &mut NoWatch)?;
/// assert_eq!(hit.value, Decimal::from(2));
/// let row = hit.row.unwrap();
/// assert_eq!((row.number, row.label), (2, Some("接近")));
///
/// // a gap is refused when the table is compiled
/// let gap = TableDef::new(["rate"], HitPolicy::Unique)
///     .row(Row::new(["< 0.9"], "0"))
///     .row(Row::new(["> 0.9"], "4"));
/// let e = Table::compile(&gap, &Schema::new().input("rate")).unwrap_err();
/// assert_eq!(e.to_string(), "no row matches rate = 0.9: add a row for it or declare a default");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    /// The table's inputs, one per condition column: each a formula over the schema,
    /// usually an input's name.
    pub inputs: Vec<String>,
    /// Which matching row gives the score.
    pub hit_policy: HitPolicy,
    /// Named intermediate values the inputs and scores may use.
    #[serde(default, rename = "let", skip_serializing_if = "Vec::is_empty")]
    pub bindings: Vec<Binding>,
    /// The rows, in order.
    pub rows: Vec<Row>,
    /// The score when no row matches; without one, values no row covers are refused
    /// at load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

impl TableDef {
    /// A table over `inputs` with no rows yet.
    pub fn new<S: Into<String>>(
        inputs: impl IntoIterator<Item = S>,
        hit_policy: HitPolicy,
    ) -> Self {
        Self {
            inputs: inputs.into_iter().map(Into::into).collect(),
            hit_policy,
            bindings: Vec::new(),
            rows: Vec::new(),
            default: None,
        }
    }

    /// With one more row.
    pub fn row(mut self, row: Row) -> Self {
        self.rows.push(row);
        self
    }

    /// With a default score.
    pub fn default_score(mut self, score: impl Into<String>) -> Self {
        self.default = Some(score.into());
        self
    }

    /// With one more binding.
    pub fn binding(mut self, binding: Binding) -> Self {
        self.bindings.push(binding);
        self
    }
}

/// The row that gave a table's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowHit<'t> {
    /// The row's number as written, from 1.
    pub number: usize,
    /// The row's label, if it has one.
    pub label: Option<&'t str>,
}

impl RowHit<'_> {
    /// The row's index from 0 (a table written from an interval rule's bands gives the
    /// band's index).
    pub fn index(&self) -> usize {
        self.number - 1
    }
}

/// What a table's evaluation gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableOutcome<'t> {
    /// The score.
    pub value: Decimal,
    /// The row that hit; `None` when the default gave the score.
    pub row: Option<RowHit<'t>>,
    /// The branch label recorded by the score's formula, if it has `branch(…)`.
    pub branch: Option<Label<'t>>,
}

/// A compiled decision table: its inputs and scores compiled as formulas, its cells
/// parsed, and checked for overlaps (under `unique`, and between rows of equal
/// priority) and for values no row covers (unless it has a default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    code: Code,
    hit_policy: HitPolicy,
    /// Root of each input.
    columns: Vec<Arg>,
    /// Conditions, row-major, rows as written.
    conds: Vec<Condition>,
    /// Root of each row's score, rows as written.
    scores: Vec<Arg>,
    labels: Vec<Option<String>>,
    /// Rows (0-based) in the order they are tried.
    order: Vec<usize>,
    default: Option<Arg>,
}

fn definition(part: String, message: impl Into<String>) -> FormulaError {
    FormulaError::new(FormulaErrorKind::Definition, message).in_part(part)
}

impl Table {
    /// Compiles and checks `def` over `schema`.
    ///
    /// # Errors
    ///
    /// Every error of [`Program::compile`](super::Program::compile) for the inputs,
    /// scores and bindings (naming the part: `input 1`, `row 3 score` …); a
    /// [`Syntax`](FormulaErrorKind::Syntax) error for a malformed cell;
    /// [`Definition`](FormulaErrorKind::Definition) for a row with the wrong number of
    /// cells, a cell that holds for no value, a priority missing under `priority` or
    /// given under another policy; [`Overlap`](FormulaErrorKind::Overlap) naming both
    /// rows and a point where they overlap; [`Gap`](FormulaErrorKind::Gap) naming a point
    /// no row covers; [`TooComplex`](FormulaErrorKind::TooComplex) beyond
    /// [`MAX_CHECK_WORK`](super::MAX_CHECK_WORK); [`Limit`](FormulaErrorKind::Limit)
    /// beyond [`MAX_ROWS`] rows or [`MAX_COLUMNS`] inputs.
    pub fn compile(def: &TableDef, schema: &Schema) -> Result<Table, FormulaError> {
        let width = def.inputs.len();
        if width == 0 {
            return Err(definition("table".into(), "the table has no inputs"));
        }
        if width > MAX_COLUMNS || def.rows.len() > MAX_ROWS {
            return Err(FormulaError::new(
                FormulaErrorKind::Limit,
                format!(
                    "the table has {} inputs and {} rows; the limits are {MAX_COLUMNS} and {MAX_ROWS}",
                    width,
                    def.rows.len()
                ),
            ));
        }
        let mut c = Compiler::new(schema)?;
        c.bindings(&def.bindings)?;
        let numeric = |part: &str, ty: Type| {
            if ty == Type::Number {
                Ok(())
            } else {
                Err(FormulaError::new(
                    FormulaErrorKind::Type,
                    "this must be a number, not a condition (true/false)",
                )
                .in_part(part.to_owned()))
            }
        };
        let mut columns = Vec::with_capacity(width);
        for (k, text) in def.inputs.iter().enumerate() {
            let part = format!("input {}", k + 1);
            let col = c.part(part.clone(), text)?;
            numeric(&part, col.ty)?;
            columns.push(col.arg);
        }
        let names: Vec<String> = def.inputs.iter().map(|t| t.trim().to_owned()).collect();
        let mut conds = Vec::with_capacity(width * def.rows.len());
        let mut scores = Vec::with_capacity(def.rows.len());
        for (r, row) in def.rows.iter().enumerate() {
            let part = format!("row {}", r + 1);
            if row.when.len() != width {
                return Err(definition(
                    part,
                    format!(
                        "the row has {} conditions for {width} inputs",
                        row.when.len()
                    ),
                ));
            }
            match (def.hit_policy, row.priority) {
                (HitPolicy::Priority, None) => {
                    return Err(definition(
                        part,
                        "under hit policy priority every row has a priority",
                    ));
                }
                (HitPolicy::Unique | HitPolicy::First, Some(_)) => {
                    return Err(definition(
                        part,
                        "a priority is only for hit policy priority",
                    ));
                }
                _ => {}
            }
            for (k, cell) in row.when.iter().enumerate() {
                let part = format!("row {}, input {} (`{}`)", r + 1, k + 1, names[k]);
                let cond = Condition::parse(cell).map_err(|e| e.in_part(part.clone()))?;
                if cond.point().is_none() {
                    return Err(definition(
                        part,
                        format!("the condition `{}` holds for no value", cell.trim()),
                    ));
                }
                conds.push(cond);
            }
            let part = format!("row {} score", r + 1);
            let score = c.part(part.clone(), &row.score)?;
            numeric(&part, score.ty)?;
            scores.push(score.arg);
        }
        let default = match &def.default {
            Some(text) => {
                let score = c.part("default".into(), text)?;
                numeric("default", score.ty)?;
                Some(score.arg)
            }
            None => None,
        };
        let grid = Grid {
            conds: &conds,
            width,
            names: &names,
        };
        let priority = |r: usize| def.rows[r].priority.unwrap_or(0);
        match def.hit_policy {
            HitPolicy::Unique => grid.no_overlap(
                |_, _| true,
                |_, _| "the rows of a unique table must not overlap".to_owned(),
            )?,
            HitPolicy::Priority => grid.no_overlap(
                |a, b| priority(a) == priority(b),
                |a, _| {
                    format!(
                        "both have priority {}; overlapping rows need different priorities",
                        priority(a)
                    )
                },
            )?,
            HitPolicy::First => {}
        }
        if default.is_none() {
            grid.no_gap()?;
        }
        let mut order: Vec<usize> = (0..def.rows.len()).collect();
        if def.hit_policy == HitPolicy::Priority {
            // stable: rows of equal priority (which never overlap) keep their order
            order.sort_by_key(|&r| std::cmp::Reverse(priority(r)));
        }
        Ok(Table {
            code: c.finish(),
            hit_policy: def.hit_policy,
            columns,
            conds,
            scores,
            labels: def.rows.iter().map(|r| r.label.clone()).collect(),
            order,
            default,
        })
    }

    /// The hit policy.
    pub fn hit_policy(&self) -> HitPolicy {
        self.hit_policy
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.scores.len()
    }

    /// The conditions of row `number` (from 1), one per input.
    pub fn conditions(&self, number: usize) -> Option<&[Condition]> {
        let w = self.columns.len();
        let start = number.checked_sub(1)?.checked_mul(w)?;
        self.conds.get(start..start + w)
    }

    /// What the table reads.
    pub fn uses(&self) -> &Uses {
        &self.code.uses
    }

    /// The branch labels its score formulas can record.
    pub fn labels(&self) -> &[String] {
        &self.code.labels
    }

    /// Evaluates the table for one unit: its inputs, then the rows in hit-policy order,
    /// then the score of the row that hit (or the default).
    ///
    /// # Errors
    ///
    /// The evaluation errors of [`Program::eval`](super::Program::eval) for the inputs
    /// and the score; [`NoRow`](FormulaErrorKind::NoRow) if no row matched and there is
    /// no default (impossible for a table that passed its gap check).
    pub fn eval<E, W>(&self, env: &E, watch: &mut W) -> Result<TableOutcome<'_>, FormulaError>
    where
        E: Env + ?Sized,
        W: Watch + ?Sized,
    {
        let w = self.columns.len();
        let code = &self.code;
        with_memo(code.lets.len(), |memo| {
            let mut f = Frame::new(code, env, watch, memo);
            let mut xs = [Decimal::ZERO; MAX_COLUMNS];
            for (x, &root) in xs.iter_mut().zip(&self.columns) {
                *x = f.arg(root);
            }
            let xs = &xs[..w];
            let hit = if f.failed() {
                None
            } else {
                self.order.iter().copied().find(|&r| {
                    self.conds[r * w..(r + 1) * w]
                        .iter()
                        .zip(xs)
                        .all(|(c, x)| c.contains(*x))
                })
            };
            let root = match hit {
                Some(r) => self.scores.get(r).copied(),
                None => self.default,
            };
            let value = match root {
                Some(root) if !f.failed() => Some(f.arg(root)),
                _ => None,
            };
            let run = f.finish().map(|branch| (value.map(|v| (v, hit)), branch));
            match run {
                Ok((Some((value, hit)), branch)) => Ok(TableOutcome {
                    value,
                    row: hit.map(|r| RowHit {
                        number: r + 1,
                        label: self.labels.get(r).and_then(|l| l.as_deref()),
                    }),
                    branch: branch.map(|k| self.code.label(k)),
                }),
                Ok((None, _)) => Err(FormulaError::new(
                    FormulaErrorKind::NoRow,
                    "no row of the table matches and it has no default",
                )),
                Err(fault) => Err(self.code.error(fault)),
            }
        })
    }
}
