//! The syntax tree of a formula, as parsed and before names are resolved; printed back
//! as formula text by `Display`.

use std::fmt;

use rust_decimal::Decimal;

use super::lexer::Pos;
use crate::num::Rounding;

/// A parsed formula: a node of the syntax tree and where it was written.
///
/// Equality compares the trees and ignores positions, so that an expression printed
/// with `Display` and parsed again equals the original.
///
/// # Examples
///
/// ```
/// use scorecard::rule::formula::Expr;
///
/// let e = Expr::parse("points×(1 − rate)").unwrap();
/// assert_eq!(e.to_string(), "points * (1 - rate)");
/// assert_eq!(Expr::parse(&e.to_string()).unwrap(), e);
/// ```
#[derive(Debug, Clone)]
pub struct Expr {
    /// What the node is.
    pub kind: ExprKind,
    /// Where its token starts (for an operator, the operator).
    pub pos: Pos,
}

impl PartialEq for Expr {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
    }
}

impl Eq for Expr {}

impl Expr {
    /// A node without a position (built by hand).
    pub fn new(kind: ExprKind) -> Self {
        Self {
            kind,
            pos: Pos::default(),
        }
    }
}

/// The nodes of the syntax tree.
///
/// A literal is never negative: `-5` is [`Neg`](ExprKind::Neg) of `5`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExprKind {
    /// A decimal literal (`0.05`, `5%` is `0.05`).
    Number(Decimal),
    /// `true` or `false`.
    Bool(bool),
    /// An input or a binding.
    Name(String),
    /// `points`: the indicator's points.
    Points,
    /// `target` (`None`) or `target("name")`.
    Target(Option<String>),
    /// `factor("name")`.
    Factor(String),
    /// `peer_mean(x)` …: a statistic of input `x` over the peer group.
    Peer(PeerStat, String),
    /// `previous(x)`: input `x` in the previous period.
    Previous(String),
    /// `-x`.
    Neg(Box<Expr>),
    /// `not x`.
    Not(Box<Expr>),
    /// `a op b`.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `if(condition, then, else)`.
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `min(a, …)`.
    Min(Vec<Expr>),
    /// `max(a, …)`.
    Max(Vec<Expr>),
    /// `clamp(x, lo, hi)`.
    Clamp(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `abs(x)`.
    Abs(Box<Expr>),
    /// `round(x, places, mode)`.
    Round(Box<Expr>, u32, Rounding),
    /// `branch("label", x)`.
    Branch(String, Box<Expr>),
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-` (also `−`)
    Sub,
    /// `*` (also `×`)
    Mul,
    /// `/` (also `÷`)
    Div,
    /// `=`
    Eq,
    /// `<>` (also `≠`)
    Ne,
    /// `<`
    Lt,
    /// `<=` (also `≤`)
    Le,
    /// `>`
    Gt,
    /// `>=` (also `≥`)
    Ge,
    /// `and`
    And,
    /// `or`
    Or,
}

impl BinOp {
    /// The operator as printed.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Eq => "=",
            BinOp::Ne => "<>",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::And => "and",
            BinOp::Or => "or",
        }
    }

    /// Binding strength: `or` 1, `and` 2, comparisons 4, `+ -` 5, `* /` 6.
    pub(crate) fn precedence(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::And => 2,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => 4,
            BinOp::Add | BinOp::Sub => 5,
            BinOp::Mul | BinOp::Div => 6,
        }
    }

    /// Whether the operator compares (and so does not chain).
    pub(crate) fn is_comparison(self) -> bool {
        self.precedence() == 4
    }
}

/// A statistic of an input over the unit's peer group, which the host computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeerStat {
    /// `peer_mean(x)`: the mean of the group's values.
    Mean,
    /// `peer_median(x)`: the median of the group's values.
    Median,
    /// `peer_min(x)`: the smallest value of the group.
    Min,
    /// `peer_max(x)`: the largest value of the group.
    Max,
    /// `peer_rank(x)`: the unit's rank in the group, 1 = the highest value.
    Rank,
    /// `peer_count(x)`: the number of the group's units with a value.
    Count,
}

impl PeerStat {
    /// Every statistic, in declaration order.
    pub const ALL: [PeerStat; 6] = [
        PeerStat::Mean,
        PeerStat::Median,
        PeerStat::Min,
        PeerStat::Max,
        PeerStat::Rank,
        PeerStat::Count,
    ];

    /// The function that reads it (`peer_mean` …).
    pub fn function(self) -> &'static str {
        match self {
            PeerStat::Mean => "peer_mean",
            PeerStat::Median => "peer_median",
            PeerStat::Min => "peer_min",
            PeerStat::Max => "peer_max",
            PeerStat::Rank => "peer_rank",
            PeerStat::Count => "peer_count",
        }
    }
}

/// The snake-case name of a rounding mode, as `round` takes it.
pub(crate) fn mode_name(mode: Rounding) -> &'static str {
    match mode {
        Rounding::HalfUp => "half_up",
        Rounding::HalfEven => "half_even",
        Rounding::TowardZero => "toward_zero",
        Rounding::AwayFromZero => "away_from_zero",
        Rounding::Floor => "floor",
        Rounding::Ceiling => "ceiling",
    }
}

/// The rounding mode a name denotes: its snake-case name (any case) or a Chinese name.
pub(crate) fn mode_named(name: &str) -> Option<Rounding> {
    let lower = name.to_ascii_lowercase();
    Rounding::ALL
        .into_iter()
        .find(|m| mode_name(*m) == lower || m.name_zh() == name)
        .or(match name {
            "修约" => Some(Rounding::HalfEven),
            "向下" => Some(Rounding::Floor),
            "向上" => Some(Rounding::Ceiling),
            _ => None,
        })
}

/// The binding strength of a node as printed: atoms 8, unary minus 7, `not` 3.
fn precedence(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::Binary(op, _, _) => op.precedence(),
        ExprKind::Not(_) => 3,
        ExprKind::Neg(_) => 7,
        _ => 8,
    }
}

/// Writes `e`, in parentheses when it binds less tightly than `min`.
fn operand(f: &mut fmt::Formatter<'_>, e: &Expr, min: u8) -> fmt::Result {
    if precedence(e) < min {
        write!(f, "({e})")
    } else {
        write!(f, "{e}")
    }
}

/// A string literal: in `"` … `"`, or in `“` … `”` when it holds a `"`.
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.contains('"') {
            write!(f, "“{}”", self.0)
        } else {
            write!(f, "\"{}\"", self.0)
        }
    }
}

fn list(f: &mut fmt::Formatter<'_>, name: &str, args: &[&Expr]) -> fmt::Result {
    write!(f, "{name}(")?;
    for (k, a) in args.iter().enumerate() {
        if k > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{a}")?;
    }
    f.write_str(")")
}

impl fmt::Display for Expr {
    /// The formula as text, with the fewest parentheses that keep its tree, ASCII
    /// operators and lower-case keywords.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Number(d) => write!(f, "{d}"),
            ExprKind::Bool(b) => write!(f, "{b}"),
            ExprKind::Name(n) => f.write_str(n),
            ExprKind::Points => f.write_str("points"),
            ExprKind::Target(None) => f.write_str("target"),
            ExprKind::Target(Some(n)) => write!(f, "target({})", Quoted(n)),
            ExprKind::Factor(n) => write!(f, "factor({})", Quoted(n)),
            ExprKind::Peer(s, n) => write!(f, "{}({n})", s.function()),
            ExprKind::Previous(n) => write!(f, "previous({n})"),
            ExprKind::Neg(x) => {
                f.write_str("-")?;
                operand(f, x, 7)
            }
            ExprKind::Not(x) => {
                f.write_str("not ")?;
                operand(f, x, 3)
            }
            ExprKind::Binary(op, a, b) => {
                let p = op.precedence();
                // comparisons do not chain: a comparison on either side needs parentheses;
                // the others group to the left, so only the right side needs them at p
                operand(f, a, if op.is_comparison() { p + 1 } else { p })?;
                write!(f, " {} ", op.symbol())?;
                operand(f, b, p + 1)
            }
            ExprKind::If(c, a, b) => list(f, "if", &[c, a, b]),
            ExprKind::Min(xs) => list(f, "min", &xs.iter().collect::<Vec<_>>()),
            ExprKind::Max(xs) => list(f, "max", &xs.iter().collect::<Vec<_>>()),
            ExprKind::Clamp(x, lo, hi) => list(f, "clamp", &[x, lo, hi]),
            ExprKind::Abs(x) => list(f, "abs", &[x]),
            ExprKind::Round(x, places, mode) => {
                write!(f, "round({x}, {places}, {})", mode_name(*mode))
            }
            ExprKind::Branch(label, x) => write!(f, "branch({}, {x})", Quoted(label)),
        }
    }
}
