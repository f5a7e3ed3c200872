//! Compiled code: an arena of typed nodes, every name resolved to a slot. Operands that
//! are leaves (a constant, an input, a binding, `points`) sit inline in their parent, so
//! that evaluating them takes no dispatch of their own.

use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::ast::{BinOp, PeerStat};
use super::lexer::Pos;
use super::schema::Schema;
use crate::num::Rounding;

/// A named intermediate value (let-binding): a name and its formula, which may use the
/// inputs, the built-ins and the bindings declared before it.
///
/// # Examples
///
/// ```
/// use scorecard::rule::formula::Binding;
///
/// let b: Binding = serde_json::from_str(r#"{"name": "rate", "formula": "actual / target"}"#).unwrap();
/// assert_eq!(b, Binding::new("rate", "actual / target"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Binding {
    /// The name formulas use for the value.
    pub name: String,
    /// The formula computing it.
    pub formula: String,
}

impl Binding {
    /// A binding of `name` to `formula`.
    pub fn new(name: impl Into<String>, formula: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            formula: formula.into(),
        }
    }
}

/// The type of a formula's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Type {
    /// A decimal number.
    Number,
    /// A condition: true or false.
    Boolean,
}

impl Type {
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Type::Number => "a number",
            Type::Boolean => "a condition (true/false)",
        }
    }
}

/// What a compiled formula reads from its [`Env`](super::Env), so that a host computes
/// only that: slots in ascending order, each once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Uses {
    /// Input slots read.
    pub inputs: Vec<usize>,
    /// Target slots read.
    pub targets: Vec<usize>,
    /// Factor slots read.
    pub factors: Vec<usize>,
    /// Peer statistics read, by input slot.
    pub peers: Vec<(PeerStat, usize)>,
    /// Input slots whose previous period is read.
    pub previous: Vec<usize>,
    /// Whether `points` is read.
    pub points: bool,
}

pub(crate) fn add_use<T: PartialEq + Ord>(v: &mut Vec<T>, x: T) {
    if let Err(k) = v.binary_search(&x) {
        v.insert(k, x);
    }
}

/// An operand: a leaf inline, or a node of the arena. A leaf that can fail (an input
/// the host may not have) keeps the index of its own node, where its position is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arg {
    Node(u32),
    /// A constant: its index in [`Code::consts`] (so that an operand is eight bytes).
    Const(u32),
    /// Input slot, and the leaf's node.
    Input(u16, u32),
    /// Numeric binding, and the leaf's node.
    Let(u16, u32),
    /// Target slot, and the leaf's node.
    Target(u16, u32),
    /// Factor slot, and the leaf's node.
    Factor(u16, u32),
    Points,
}

/// No branch label.
pub(crate) const NO_LABEL: u16 = u16::MAX;

/// One arm of an `if`: its operand and the label of a `branch(…)` around it (the
/// `branch` folded into the `if`, so that taking the arm records it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Arm {
    pub(crate) arg: Arg,
    pub(crate) label: u16,
}

/// A node of the compiled arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Node {
    /// A leaf: evaluated inline where it is an operand; a node of its own where it is a
    /// root or a condition (a boolean binding), and for its position.
    Leaf(Arg),
    /// A boolean binding.
    LetBool(u16),
    Bool(bool),
    Peer(PeerStat, u16),
    Previous(u16),
    Neg(Arg),
    Abs(Arg),
    Add(Arg, Arg),
    Sub(Arg, Arg),
    Mul(Arg, Arg),
    Div(Arg, Arg),
    /// Operands `args[start .. start + len]`.
    Min(u32, u32),
    Max(u32, u32),
    /// Operands `args[start .. start + 3]`: x, lowest, highest.
    Clamp(u32),
    Round(Arg, u32, Rounding),
    /// A condition node, then the two arms (nodes when the `if` gives a condition).
    If(u32, Arm, Arm),
    /// An `if` whose condition compares operands `args[start]` and `args[start + 1]`.
    IfCmp(BinOp, u32, Arm, Arm),
    Branch(u16, Arg),
    /// A comparison of two numbers.
    Cmp(BinOp, Arg, Arg),
    /// `=` (true) or `<>` (false) of two conditions.
    BoolEq(bool, u32, u32),
    Not(u32),
    And(u32, u32),
    Or(u32, u32),
}

/// Where a node was written: the part (a binding, the score, a column …) and position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Site {
    pub(crate) part: u16,
    pub(crate) pos: Pos,
}

/// A compiled binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Let {
    pub(crate) name: String,
    /// The binding's value: an operand for a number, a node for a condition.
    pub(crate) root: Arg,
    pub(crate) ty: Type,
}

/// Compiled code: the arena and everything an error message needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Code {
    pub(crate) nodes: Vec<Node>,
    pub(crate) consts: Vec<Decimal>,
    pub(crate) args: Vec<Arg>,
    pub(crate) sites: Vec<Site>,
    pub(crate) lets: Vec<Let>,
    pub(crate) labels: Vec<String>,
    pub(crate) parts: Vec<String>,
    pub(crate) schema: Arc<Schema>,
    pub(crate) uses: Uses,
}
