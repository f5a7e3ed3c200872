//! Evaluation: a recursive walk of the compiled arena against the host's [`Env`], with
//! checked `Decimal` arithmetic, lazy `if`/`and`/`or` and bindings, and no allocation
//! (bindings are remembered in a fixed array on the stack).

use rust_decimal::Decimal;

use super::MAX_BINDINGS;
use super::ast::PeerStat;
use super::compile::{Code, Node, Type};
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
/// use scorecard::formula::Env;
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

    use super::FaultKind;
    use crate::formula::ast::BinOp;

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

    #[inline]
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
enum Memo {
    Empty,
    Number(Decimal),
    Bool(bool),
}

/// One evaluation in progress.
pub(crate) struct Frame<'a, E: ?Sized, W: ?Sized> {
    code: &'a Code,
    pub(crate) env: &'a E,
    watch: &'a mut W,
    memo: &'a mut [Memo],
    branch: Option<u16>,
}

impl<E: Env + ?Sized, W: Watch + ?Sized> Frame<'_, E, W> {
    #[inline]
    fn fault(kind: FaultKind, node: u32) -> Fault {
        Fault { kind, node }
    }

    fn binding(&mut self, k: u16, at: u32) -> Result<Memo, Fault> {
        let slot = usize::from(k);
        match self.memo.get(slot) {
            Some(Memo::Empty) => {}
            Some(m) => return Ok(*m),
            None => return Err(Self::fault(FaultKind::Internal, at)),
        }
        let code = self.code;
        let Some(l) = code.lets.get(slot) else {
            return Err(Self::fault(FaultKind::Internal, at));
        };
        let m = match l.ty {
            Type::Number => {
                let v = self.num(l.root)?;
                self.watch.step(&l.name, v);
                Memo::Number(v)
            }
            Type::Boolean => Memo::Bool(self.test(l.root)?),
        };
        self.memo[slot] = m;
        Ok(m)
    }

    /// Evaluates numeric node `i`.
    pub(crate) fn num(&mut self, i: u32) -> Result<Decimal, Fault> {
        let code = self.code;
        let wrap = |r: Result<Decimal, FaultKind>| r.map_err(|k| Self::fault(k, i));
        let missing = |v: Option<Decimal>| v.ok_or(Self::fault(FaultKind::Missing, i));
        match code.nodes[i as usize] {
            Node::Const(d) => Ok(d),
            Node::Input(s) => missing(self.env.input(usize::from(s))),
            Node::Points => Ok(self.env.points()),
            Node::Let(k) => match self.binding(k, i)? {
                Memo::Number(v) => Ok(v),
                _ => Err(Self::fault(FaultKind::Internal, i)),
            },
            Node::Target(s) => missing(self.env.target(usize::from(s))),
            Node::Factor(s) => missing(self.env.factor(usize::from(s))),
            Node::Peer(stat, s) => missing(self.env.peer(stat, usize::from(s))),
            Node::Previous(s) => missing(self.env.previous(usize::from(s))),
            Node::Neg(a) => Ok(-self.num(a)?),
            Node::Abs(a) => Ok(self.num(a)?.abs()),
            Node::Add(a, b) => {
                let (x, y) = (self.num(a)?, self.num(b)?);
                wrap(ops::add(x, y))
            }
            Node::Sub(a, b) => {
                let (x, y) = (self.num(a)?, self.num(b)?);
                wrap(ops::sub(x, y))
            }
            Node::Mul(a, b) => {
                let (x, y) = (self.num(a)?, self.num(b)?);
                wrap(ops::mul(x, y))
            }
            Node::Div(a, b) => {
                let (x, y) = (self.num(a)?, self.num(b)?);
                wrap(ops::div(x, y))
            }
            Node::Min(start, len) | Node::Max(start, len) => {
                let min = matches!(code.nodes[i as usize], Node::Min(..));
                let (start, len) = (start as usize, len as usize);
                let args = code.args.get(start..start + len).unwrap_or(&[]);
                let mut best: Option<Decimal> = None;
                for &a in args {
                    let v = self.num(a)?;
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
                best.ok_or(Self::fault(FaultKind::Internal, i))
            }
            Node::Clamp(x, lo, hi) => {
                let (x, lo, hi) = (self.num(x)?, self.num(lo)?, self.num(hi)?);
                if crate::num::cmp(lo, hi).is_gt() {
                    return Err(Self::fault(FaultKind::InvalidArgument, i));
                }
                Ok(if crate::num::cmp(x, lo).is_lt() {
                    lo
                } else if crate::num::cmp(x, hi).is_gt() {
                    hi
                } else {
                    x
                })
            }
            Node::Round(a, places, mode) => Ok(mode.round(self.num(a)?, places)),
            Node::If(c, a, b) => {
                if self.test(c)? {
                    self.num(a)
                } else {
                    self.num(b)
                }
            }
            Node::Branch(label, a) => {
                let v = self.num(a)?;
                self.branch = Some(label);
                Ok(v)
            }
            Node::Bool(_)
            | Node::Cmp(..)
            | Node::BoolEq(..)
            | Node::Not(_)
            | Node::And(..)
            | Node::Or(..) => Err(Self::fault(FaultKind::Internal, i)),
        }
    }

    /// Evaluates condition node `i`.
    pub(crate) fn test(&mut self, i: u32) -> Result<bool, Fault> {
        let code = self.code;
        match code.nodes[i as usize] {
            Node::Bool(b) => Ok(b),
            Node::Cmp(op, a, b) => {
                let (x, y) = (self.num(a)?, self.num(b)?);
                Ok(ops::compare(op, x, y))
            }
            Node::Not(a) => Ok(!self.test(a)?),
            Node::And(a, b) => Ok(self.test(a)? && self.test(b)?),
            Node::Or(a, b) => Ok(self.test(a)? || self.test(b)?),
            Node::BoolEq(eq, a, b) => {
                let (x, y) = (self.test(a)?, self.test(b)?);
                Ok((x == y) == eq)
            }
            Node::Let(k) => match self.binding(k, i)? {
                Memo::Bool(v) => Ok(v),
                _ => Err(Self::fault(FaultKind::Internal, i)),
            },
            Node::If(c, a, b) => {
                if self.test(c)? {
                    self.test(a)
                } else {
                    self.test(b)
                }
            }
            Node::Branch(label, a) => {
                let v = self.test(a)?;
                self.branch = Some(label);
                Ok(v)
            }
            _ => Err(Self::fault(FaultKind::Internal, i)),
        }
    }

    /// Evaluates node `i` of type `ty`.
    pub(crate) fn value(&mut self, i: u32, ty: Type) -> Result<Value, Fault> {
        Ok(match ty {
            Type::Number => Value::Number(self.num(i)?),
            Type::Boolean => Value::Bool(self.test(i)?),
        })
    }
}

impl Code {
    /// Runs `f` in a fresh frame (bindings not yet computed, no branch recorded) and
    /// returns its result and the branch label recorded last.
    #[inline]
    pub(crate) fn with_frame<E, W, R>(
        &self,
        env: &E,
        watch: &mut W,
        f: impl FnOnce(&mut Frame<'_, E, W>) -> Result<R, Fault>,
    ) -> Result<(R, Option<u16>), Fault>
    where
        E: Env + ?Sized,
        W: Watch + ?Sized,
    {
        // the memo lives on the stack, sized to the bindings (at most MAX_BINDINGS)
        match self.lets.len() {
            0..=4 => self.run(&mut [Memo::Empty; 4], env, watch, f),
            5..=16 => self.run(&mut [Memo::Empty; 16], env, watch, f),
            _ => self.run(&mut [Memo::Empty; MAX_BINDINGS], env, watch, f),
        }
    }

    #[inline]
    fn run<E, W, R>(
        &self,
        memo: &mut [Memo],
        env: &E,
        watch: &mut W,
        f: impl FnOnce(&mut Frame<'_, E, W>) -> Result<R, Fault>,
    ) -> Result<(R, Option<u16>), Fault>
    where
        E: Env + ?Sized,
        W: Watch + ?Sized,
    {
        let mut frame = Frame {
            code: self,
            env,
            watch,
            memo,
            branch: None,
        };
        let r = f(&mut frame)?;
        Ok((r, frame.branch))
    }

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
            Some(Node::Input(k)) => input(k),
            Some(Node::Target(k)) => match s.targets().get(usize::from(k)) {
                Some(n) if !n.is_empty() => format!("target(\"{n}\")"),
                _ => "target".into(),
            },
            Some(Node::Factor(k)) => format!(
                "factor(\"{}\")",
                s.factors().get(usize::from(k)).map_or("?", String::as_str)
            ),
            Some(Node::Peer(stat, k)) => format!("{}({})", stat.function(), input(k)),
            Some(Node::Previous(k)) => format!("previous({})", input(k)),
            Some(Node::Let(k)) => self
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
                    Some(Node::Input(_)) => format!("input `{token}` has no value for the unit"),
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
