//! The formula language (公式) and decision tables (决策表): rules a bureau writes as
//! data, exact and explained.
//!
//! A formula reads like a spreadsheet cell: `if(rate >= 1, points, points * rate)`.
//! Numbers are exact decimals, arithmetic is checked (an overflow is an error, never a
//! wrapped or rounded value), and `round(x, places, mode)` rounds only in the crate's
//! [`Rounding`](crate::Rounding) modes. A formula is parsed and checked once
//! ([`Program::compile`]: unknown names and type errors are errors naming the part,
//! column and token) and then evaluated many times against an [`Env`] the host
//! implements, without parsing, name look-ups or allocation.
//!
//! A [`Table`] scores by rows of conditions (`[0.03, 0.05)`, `>= 0.9`, `any`) under a
//! declared hit policy (`unique`, `first`, `priority`); overlapping rows of a `unique`
//! table and values no row covers are refused when the table is compiled.
//!
//! The grammar, every function and the hit policies are written down in
//! `docs/RULES.md` (中文 / English).
//!
//! # Examples
//!
//! ```
//! use rust_decimal::Decimal;
//! use scorecard::rule::formula::{Env, NoWatch, Program, Schema};
//!
//! struct Unit(Decimal);
//! impl Env for Unit {
//!     fn input(&self, _slot: usize) -> Option<Decimal> {
//!         Some(self.0)
//!     }
//!     fn points(&self) -> Decimal {
//!         Decimal::from(3)
//!     }
//! }
//!
//! // the error rate: full points at ≤ 3 %, nothing at ≥ 5 %, linear between
//! let schema = Schema::new().input("差错率");
//! let program = Program::compile(
//!     &[],
//!     "if(差错率 <= 3%, points, if(差错率 >= 5%, 0, points × ((5% − 差错率) ÷ (5% − 3%))))",
//!     &schema,
//! )?;
//! let out = program.eval(&Unit("0.042".parse()?), &mut NoWatch)?;
//! assert_eq!(out.value.number(), Some("1.2".parse()?));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Limits
//!
//! Every text and table is bounded, so that no rule book can exhaust the stack, the
//! memory or the time of a load or an evaluation:
//!
//! | bound | limit |
//! | --- | --- |
//! | length of one formula's text | [`MAX_TEXT_BYTES`] = 4 096 bytes |
//! | nodes of one formula | [`MAX_NODES`] = 512 |
//! | nesting of one formula (parentheses, calls, operators) | [`MAX_DEPTH`] = 64 levels |
//! | nesting counting the bindings a formula uses | [`MAX_EVAL_DEPTH`] = 256 levels |
//! | bindings of one program or table | [`MAX_BINDINGS`] = 64 |
//! | rows of one table | [`MAX_ROWS`] = 512 |
//! | columns of one table | [`MAX_COLUMNS`] = 16 |
//! | work of the overlap and gap checks | [`MAX_CHECK_WORK`] = 1 000 000 steps |

mod ast;
mod code;
mod compile;
mod error;
mod eval;
mod lexer;
mod parse;
mod program;
mod schema;
mod table;

pub use self::ast::{BinOp, Expr, ExprKind, PeerStat};
pub use self::code::{Binding, Type, Uses};
pub(crate) use self::compile::nearest_name;
pub use self::error::{FormulaError, FormulaErrorKind};
pub use self::eval::{Env, Label, NoWatch, Value, Watch};
pub use self::lexer::Pos;
pub use self::program::{Outcome, Program};
pub use self::schema::{Input, Schema};
pub use self::table::{Bound, Condition, HitPolicy, Row, RowHit, Table, TableDef, TableOutcome};

/// `docs/RULES.md`, whose Rust examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/RULES.md")]
pub struct RulesDocumentation;

/// The longest formula text, in bytes.
pub const MAX_TEXT_BYTES: usize = 4096;
/// The most nodes (numbers, names, operators, calls) in one formula.
pub const MAX_NODES: usize = 512;
/// The deepest nesting of one formula: parentheses, function calls and operators each
/// add a level (`a + b * c` has three).
pub const MAX_DEPTH: u32 = 64;
/// The deepest nesting of a formula counting the formulas of the bindings it uses.
pub const MAX_EVAL_DEPTH: u32 = 256;
/// The most bindings of one program or table.
pub const MAX_BINDINGS: usize = 64;
/// The most rows of one decision table.
pub const MAX_ROWS: usize = 512;
/// The most columns (inputs) of one decision table.
pub const MAX_COLUMNS: usize = 16;
/// The most steps the overlap and gap checks of one table may take before the table is
/// refused as too complex to check.
pub const MAX_CHECK_WORK: u64 = 1_000_000;
