//! Evaluation: a recursive walk of the compiled arena against the host's [`Env`], with
//! checked `Decimal` arithmetic, lazy `if`/`and`/`or` and bindings, and no allocation
//! (bindings are remembered in a fixed array on the stack).

use rust_decimal::Decimal;

use super::ast::{BinOp, PeerStat};
use super::code::{Arg, Arm, Code, NO_LABEL, Node, Type};
use super::error::{FormulaError, FormulaErrorKind};

/// The values a formula reads, which the host provides for one unit. Slots are the
/// declaration order of the [`Schema`](super::Schema); `None` means the host has no
/// value, which the formula reports as a [`Missing`](FormulaErrorKind::Missing) error
/// naming what is missing (a formula that can do without a value must not read it:
/// `if` evaluates only the branch it takes).
///
/// Only [`input`](Env::input) and [`points`](Env::points) must be written; the others
/// default to no value.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use scorecard::rule::formula::Env;
///
/// struct One(Decimal);
/// impl Env for One {
///     fn input(&self, slot: usize) -> Option<Decimal> {
///         (slot == 0).then_some(self.0)
///     }
///     fn points(&self) -> Decimal {
///         Decimal::TEN
///     }
/// }
/// ```
pub trait Env {
    /// Input `slot`'s value for the unit.
    fn input(&self, slot: usize) -> Option<Decimal>;

    /// Target `slot` of the unit.
    fn target(&self, slot: usize) -> Option<Decimal> {
        let _ = slot;
        None
    }

    /// Factor `slot` of the unit (staff …).
    fn factor(&self, slot: usize) -> Option<Decimal> {
        let _ = slot;
        None
    }

    /// A statistic of input `slot` over the unit's peer group; for
    /// [`PeerStat::Rank`] the unit's rank, 1 for the highest value (the host decides
    /// how ties rank).
    fn peer(&self, stat: PeerStat, slot: usize) -> Option<Decimal> {
        let _ = (stat, slot);
        None
    }

    /// Input `slot`'s value in the previous period.
    fn previous(&self, slot: usize) -> Option<Decimal> {
        let _ = slot;
        None
    }

    /// The indicator's points.
    fn points(&self) -> Decimal;
}

/// Receives each named intermediate value (binding) the moment it is computed: the same
/// contract as the crate's scoring `Tracer`, so that a trace lists them. Any
/// `FnMut(&str, Decimal)` is one.
///
/// A binding is computed when first used, at most once per evaluation; one never used
/// is never computed nor reported. Bindings that are conditions are not reported (the
/// branch taken shows their effect).
pub trait Watch {
    /// Binding `name` has value `value`.
    fn step(&mut self, name: &str, value: Decimal);
}

impl<F: FnMut(&str, Decimal) + ?Sized> Watch for F {
    fn step(&mut self, name: &str, value: Decimal) {
        self(name, value)
    }
}

/// The [`Watch`] that records nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoWatch;

impl Watch for NoWatch {
    #[inline(always)]
    fn step(&mut self, _name: &str, _value: Decimal) {}
}

/// A formula's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A number.
    Number(Decimal),
    /// A condition.
    Bool(bool),
}

impl Value {
    /// The number, if it is one.
    pub fn number(self) -> Option<Decimal> {
        match self {
            Value::Number(d) => Some(d),
            Value::Bool(_) => None,
        }
    }

    /// The condition, if it is one.
    pub fn boolean(self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(b),
            Value::Number(_) => None,
        }
    }
}

/// The branch label an evaluation recorded: its text and its index among the program's
/// [labels](super::Program::labels), in order of first appearance in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label<'p> {
    /// Index in the program's labels.
    pub index: u16,
    /// The label as written.
    pub text: &'p str,
}

/// What went wrong at one node during an evaluation (cheap; made a [`FormulaError`]
/// only when returned).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fault {
    pub(crate) kind: FaultKind,
    pub(crate) node: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FaultKind {
    Overflow,
    DivisionByZero,
    Missing,
    InvalidArgument,
    /// A node of the wrong type for its place: impossible after type checking.
    Internal,
}

/// Checked arithmetic shared by evaluation and constant folding.
pub(crate) mod ops {
    use std::cmp::Ordering;

    use rust_decimal::Decimal;

    use super::super::ast::BinOp;
    use super::FaultKind;

    #[inline]
    pub(crate) fn add(a: Decimal, b: Decimal) -> Result<Decimal, FaultKind> {
        a.checked_add(b).ok_or(FaultKind::Overflow)
    }

    #[inline]
    pub(crate) fn sub(a: Decimal, b: Decimal) -> Result<Decimal, FaultKind> {
        a.checked_sub(b).ok_or(FaultKind::Overflow)
    }

    #[inline]
    pub(crate) fn mul(a: Decimal, b: Decimal) -> Result<Decimal, FaultKind> {
        a.checked_mul(b).ok_or(FaultKind::Overflow)
    }

    #[inline]
    pub(crate) fn div(a: Decimal, b: Decimal) -> Result<Decimal, FaultKind> {
        if b.is_zero() {
            return Err(FaultKind::DivisionByZero);
        }
        a.checked_div(b).ok_or(FaultKind::Overflow)
    }

    #[inline(always)]
    pub(crate) fn compare(op: BinOp, a: Decimal, b: Decimal) -> bool {
        let o = crate::num::cmp(a, b);
        match op {
            BinOp::Eq => o == Ordering::Equal,
            BinOp::Ne => o != Ordering::Equal,
            BinOp::Lt => o == Ordering::Less,
            BinOp::Le => o != Ordering::Greater,
            BinOp::Gt => o == Ordering::Greater,
            _ => o != Ordering::Less,
        }
    }
}

/// A binding's remembered value.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Memo {
    Empty,
    Number(Decimal),
    Bool(bool),
}

/// Runs `f` with a memo for `lets` bindings that lives on the stack: four slots, or
/// [`MAX_BINDINGS`](super::MAX_BINDINGS) when there are more (never an allocation).
#[inline]
pub(crate) fn with_memo<R>(lets: usize, f: impl FnOnce(&mut [Memo]) -> R) -> R {
    let mut small = [Memo::Empty; 4];
    if lets <= small.len() {
        f(&mut small)
    } else {
        f(&mut [Memo::Empty; super::MAX_BINDINGS])
    }
}

/// One evaluation in progress.
///
/// Values are returned bare, not wrapped in a `Result`: a failure is recorded in the
/// frame (the first one wins) and the failing node gives zero, which its parents carry on with harmlessly until the
/// evaluation ends and the fault is returned. What has an effect checks first: an `if`
/// does not take an arm, `and`/`or` do not go on, and a binding is neither remembered nor
/// reported after a failure.
pub(crate) struct Frame<'a, E: ?Sized, W: ?Sized> {
    code: &'a Code,
    env: &'a E,
    watch: &'a mut W,
    memo: &'a mut [Memo],
    branch: Option<u16>,
    /// The first fault's kind (a byte to test) and node.
    fault: Option<FaultKind>,
    fault_node: u32,
}

impl<'a, E: Env + ?Sized, W: Watch + ?Sized> Frame<'a, E, W> {
    /// A fresh frame over `code`: `memo` holds at least one slot per binding, all
    /// [`Memo::Empty`].
    #[inline(always)]
    pub(crate) fn new(code: &'a Code, env: &'a E, watch: &'a mut W, memo: &'a mut [Memo]) -> Self {
        Frame {
            code,
            env,
            watch,
            memo,
            branch: None,
            fault: None,
            fault_node: 0,
        }
    }

    /// The branch label recorded last, or the first fault.
    #[inline(always)]
    pub(crate) fn finish(&self) -> Result<Option<u16>, Fault> {
        match self.fault {
            None => Ok(self.branch),
            Some(kind) => Err(Fault {
                kind,
                node: self.fault_node,
            }),
        }
    }

    /// Records a fault at node `node` (unless one came first) and gives zero.
    #[cold]
    #[inline(never)]
    fn fail(&mut self, kind: FaultKind, node: u32) -> Decimal {
        if self.fault.is_none() {
            self.fault = Some(kind);
            self.fault_node = node;
        }
        Decimal::ZERO
    }

    /// Whether evaluation has failed.
    #[inline(always)]
    pub(crate) fn failed(&self) -> bool {
        self.fault.is_some()
    }

    #[inline(always)]
    fn checked(&mut self, r: Option<Decimal>, kind: FaultKind, node: u32) -> Decimal {
        match r {
            Some(v) => v,
            None => self.fail(kind, node),
        }
    }

    /// Computes binding `k` (at its first use, at node `at`) and remembers it.
    #[inline(never)]
    fn binding(&mut self, k: u16, at: u32) -> Memo {
        let slot = usize::from(k);
        let code = self.code;
        let (Some(l), Some(Memo::Empty)) = (code.lets.get(slot), self.memo.get(slot)) else {
            if let Some(m) = self.memo.get(slot) {
                return *m;
            }
            self.fail(FaultKind::Internal, at);
            return Memo::Empty;
        };
        let m = match l.ty {
            Type::Number => Memo::Number(self.arg(l.root)),
            Type::Boolean => Memo::Bool(self.test_arg(l.root, at)),
        };
        if self.failed() {
            return m;
        }
        if let Memo::Number(v) = m {
            self.watch.step(&l.name, v);
        }
        self.memo[slot] = m;
        m
    }

    /// Evaluates a numeric operand: a leaf inline, a node by dispatch.
    #[inline(always)]
    pub(crate) fn arg(&mut self, a: Arg) -> Decimal {
        match a {
            Arg::Const(k) => match self.code.consts.get(k as usize) {
                Some(d) => *d,
                None => self.fail(FaultKind::Internal, 0),
            },
            Arg::Input(s, at) => {
                let v = self.env.input(usize::from(s));
                self.checked(v, FaultKind::Missing, at)
            }
            Arg::Let(k, at) => match self.memo.get(usize::from(k)) {
                Some(Memo::Number(v)) => *v,
                _ => match self.binding(k, at) {
                    Memo::Number(v) => v,
                    _ => self.fail(FaultKind::Internal, at),
                },
            },
            Arg::Target(s, at) => {
                let v = self.env.target(usize::from(s));
                self.checked(v, FaultKind::Missing, at)
            }
            Arg::Factor(s, at) => {
                let v = self.env.factor(usize::from(s));
                self.checked(v, FaultKind::Missing, at)
            }
            Arg::Points => self.env.points(),
            Arg::Node(i) => self.num(i),
        }
    }

    /// Evaluates a condition operand (always a node).
    #[inline]
    fn test_arg(&mut self, a: Arg, at: u32) -> bool {
        match a {
            Arg::Node(i) => self.test(i),
            _ => {
                self.fail(FaultKind::Internal, at);
                false
            }
        }
    }

    /// Evaluates the numeric arm of an `if` taken, recording its label.
    #[inline(always)]
    fn arm(&mut self, a: Arm) -> Decimal {
        let v = self.arg(a.arg);
        if a.label != NO_LABEL {
            self.branch = Some(a.label);
        }
        v
    }

    /// Evaluates the condition arm of an `if` taken, recording its label.
    #[inline]
    fn arm_test(&mut self, a: Arm, at: u32) -> bool {
        let v = self.test_arg(a.arg, at);
        if a.label != NO_LABEL {
            self.branch = Some(a.label);
        }
        v
    }

    /// Compares operands `args[start]` and `args[start + 1]` by `op`.
    #[inline(always)]
    fn compare(&mut self, op: BinOp, start: u32, at: u32) -> bool {
        let start = start as usize;
        let Some(&[a, b]) = self.code.args.get(start..start + 2) else {
            self.fail(FaultKind::Internal, at);
            return false;
        };
        let (x, y) = (self.arg(a), self.arg(b));
        ops::compare(op, x, y)
    }

    /// Evaluates numeric node `i`.
    pub(crate) fn num(&mut self, i: u32) -> Decimal {
        use FaultKind::{Internal, Overflow};
        let code = self.code;
        let Some(node) = code.nodes.get(i as usize) else {
            return self.fail(Internal, i);
        };
        match node {
            Node::Add(a, b) => {
                let (x, y) = (self.arg(*a), self.arg(*b));
                self.checked(x.checked_add(y), Overflow, i)
            }
            Node::Sub(a, b) => {
                let (x, y) = (self.arg(*a), self.arg(*b));
                self.checked(x.checked_sub(y), Overflow, i)
            }
            Node::Mul(a, b) => {
                let (x, y) = (self.arg(*a), self.arg(*b));
                self.checked(x.checked_mul(y), Overflow, i)
            }
            Node::Div(a, b) => {
                let (x, y) = (self.arg(*a), self.arg(*b));
                if y.is_zero() {
                    return self.fail(FaultKind::DivisionByZero, i);
                }
                self.checked(x.checked_div(y), Overflow, i)
            }
            Node::IfCmp(op, start, a, b) => {
                let c = self.compare(*op, *start, i);
                if self.failed() {
                    return Decimal::ZERO;
                }
                self.arm(if c { *a } else { *b })
            }
            Node::If(c, a, b) => {
                let c = self.test(*c);
                if self.failed() {
                    return Decimal::ZERO;
                }
                self.arm(if c { *a } else { *b })
            }
            Node::Branch(label, a) => {
                let v = self.arg(*a);
                self.branch = Some(*label);
                v
            }
            Node::Leaf(a) => self.arg(*a),
            _ => self.num_rare(i, node),
        }
    }

    /// The node kinds that are rarely on a hot path, out of line, so that `num`'s frame
    /// stays small.
    #[inline(never)]
    fn num_rare(&mut self, i: u32, node: &Node) -> Decimal {
        use FaultKind::{Internal, Missing};
        let code = self.code;
        match node {
            Node::Peer(stat, s) => {
                let v = self.env.peer(*stat, usize::from(*s));
                self.checked(v, Missing, i)
            }
            Node::Previous(s) => {
                let v = self.env.previous(usize::from(*s));
                self.checked(v, Missing, i)
            }
            Node::Neg(a) => -self.arg(*a),
            Node::Abs(a) => self.arg(*a).abs(),
            Node::Round(a, places, mode) => mode.round(self.arg(*a), *places),
            Node::Min(start, len) | Node::Max(start, len) => {
                let min = matches!(node, Node::Min(..));
                let (start, len) = (*start as usize, *len as usize);
                let args = code.args.get(start..start + len).unwrap_or(&[]);
                let mut best: Option<Decimal> = None;
                for &a in args {
                    let v = self.arg(a);
                    best = Some(match best {
                        None => v,
                        Some(b) => {
                            let o = crate::num::cmp(v, b);
                            // the first of equal values is kept (1.0 before 1.00)
                            if (min && o.is_lt()) || (!min && o.is_gt()) {
                                v
                            } else {
                                b
                            }
                        }
                    });
                }
                self.checked(best, Internal, i)
            }
            Node::Clamp(start) => {
                let start = *start as usize;
                let Some(&[x, lo, hi]) = code.args.get(start..start + 3) else {
                    return self.fail(Internal, i);
                };
                let (x, lo, hi) = (self.arg(x), self.arg(lo), self.arg(hi));
                if crate::num::cmp(lo, hi).is_gt() {
                    return self.fail(FaultKind::InvalidArgument, i);
                }
                if crate::num::cmp(x, lo).is_lt() {
                    lo
                } else if crate::num::cmp(x, hi).is_gt() {
                    hi
                } else {
                    x
                }
            }
            // the frequent kinds are `num`'s; the conditions are not numbers
            _ => self.fail(Internal, i),
        }
    }

    /// Evaluates condition node `i`.
    pub(crate) fn test(&mut self, i: u32) -> bool {
        let code = self.code;
        let Some(node) = code.nodes.get(i as usize) else {
            self.fail(FaultKind::Internal, i);
            return false;
        };
        match node {
            Node::Cmp(op, a, b) => {
                let (x, y) = (self.arg(*a), self.arg(*b));
                ops::compare(*op, x, y)
            }
            Node::Bool(b) => *b,
            Node::Not(a) => !self.test(*a),
            // a failed left side stops here: what follows is not evaluated
            Node::And(a, b) => self.test(*a) && !self.failed() && self.test(*b),
            Node::Or(a, b) => (self.test(*a) || self.failed()) || self.test(*b),
            Node::BoolEq(eq, a, b) => {
                let (x, y) = (self.test(*a), self.test(*b));
                (x == y) == *eq
            }
            Node::LetBool(k) => match self.memo.get(usize::from(*k)) {
                Some(Memo::Bool(v)) => *v,
                _ => match self.binding(*k, i) {
                    Memo::Bool(v) => v,
                    _ => {
                        self.fail(FaultKind::Internal, i);
                        false
                    }
                },
            },
            Node::IfCmp(op, start, a, b) => {
                let c = self.compare(*op, *start, i);
                if self.failed() {
                    return false;
                }
                self.arm_test(if c { *a } else { *b }, i)
            }
            Node::If(c, a, b) => {
                let c = self.test(*c);
                if self.failed() {
                    return false;
                }
                self.arm_test(if c { *a } else { *b }, i)
            }
            Node::Branch(label, a) => {
                let v = self.test_arg(*a, i);
                self.branch = Some(*label);
                v
            }
            _ => {
                self.fail(FaultKind::Internal, i);
                false
            }
        }
    }

    /// Evaluates root `a` of type `ty`.
    #[inline(always)]
    pub(crate) fn value(&mut self, a: Arg, ty: Type) -> Value {
        match ty {
            Type::Number => Value::Number(self.arg(a)),
            Type::Boolean => Value::Bool(self.test_arg(a, 0)),
        }
    }
}

impl Code {
    /// The label `k` as an evaluation reports it.
    pub(crate) fn label(&self, k: u16) -> Label<'_> {
        Label {
            index: k,
            text: self.labels.get(usize::from(k)).map_or("", String::as_str),
        }
    }

    /// The error a fault becomes: its kind, the part and position of its node, the
    /// node's token and what was missing or went wrong.
    #[cold]
    pub(crate) fn error(&self, f: Fault) -> FormulaError {
        use FormulaErrorKind as K;
        let node = self.nodes.get(f.node as usize).copied();
        let s = &self.schema;
        let input = |k: u16| {
            s.inputs()
                .get(usize::from(k))
                .map_or("?", |i| i.name())
                .to_owned()
        };
        let token: String = match node {
            Some(Node::Add(..)) => "+".into(),
            Some(Node::Sub(..)) => "-".into(),
            Some(Node::Mul(..)) => "*".into(),
            Some(Node::Div(..)) => "/".into(),
            Some(Node::Clamp(..)) => "clamp".into(),
            Some(Node::Leaf(Arg::Input(k, _))) => input(k),
            Some(Node::Leaf(Arg::Target(k, _))) => match s.targets().get(usize::from(k)) {
                Some(n) if !n.is_empty() => format!("target(\"{n}\")"),
                _ => "target".into(),
            },
            Some(Node::Leaf(Arg::Factor(k, _))) => format!(
                "factor(\"{}\")",
                s.factors().get(usize::from(k)).map_or("?", String::as_str)
            ),
            Some(Node::Peer(stat, k)) => format!("{}({})", stat.function(), input(k)),
            Some(Node::Previous(k)) => format!("previous({})", input(k)),
            Some(Node::Leaf(Arg::Let(k, _)) | Node::LetBool(k)) => self
                .lets
                .get(usize::from(k))
                .map_or("?".into(), |l| l.name.clone()),
            _ => String::new(),
        };
        let (kind, message) = match f.kind {
            FaultKind::Overflow => (
                K::Overflow,
                format!("the result of `{token}` does not fit a decimal"),
            ),
            FaultKind::DivisionByZero => (K::DivisionByZero, "division by zero".to_owned()),
            FaultKind::InvalidArgument => (
                K::InvalidArgument,
                "the lowest bound of `clamp` is above its highest".to_owned(),
            ),
            FaultKind::Missing => (
                K::Missing,
                match node {
                    Some(Node::Leaf(Arg::Input(..))) => {
                        format!("input `{token}` has no value for the unit")
                    }
                    Some(Node::Peer(..)) => {
                        format!("`{token}` has no value: the peer statistic is missing")
                    }
                    Some(Node::Previous(..)) => {
                        format!("`{token}` has no value: the previous period is missing")
                    }
                    _ => format!("the unit has no `{token}`"),
                },
            ),
            FaultKind::Internal => (
                K::Type,
                "internal error: a node of the wrong type (please report)".to_owned(),
            ),
        };
        let mut e = FormulaError::new(kind, message);
        if let Some(site) = self.sites.get(f.node as usize) {
            e = e.at(site.pos.line, site.pos.column, token);
            if let Some(p) = self.parts.get(usize::from(site.part)) {
                e = e.in_part(p.clone());
            }
        }
        e
    }
}
