//! Compilation: syntax trees → one arena of typed nodes with every name resolved to a
//! slot, shared by a program's bindings and its roots (the score; a table's columns and
//! outputs). Constant sub-expressions are folded.

use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::ast::{BinOp, Expr, ExprKind, PeerStat};
use super::error::{FormulaError, FormulaErrorKind};
use super::eval::{FaultKind, ops};
use super::lexer::{Pos, is_name};
use super::parse::is_reserved;
use super::schema::Schema;
use super::{MAX_BINDINGS, MAX_EVAL_DEPTH};
use crate::num::Rounding;

/// A named intermediate value (let-binding): a name and its formula, which may use the
/// inputs, the built-ins and the bindings declared before it.
///
/// # Examples
///
/// ```
/// use scorecard::formula::Binding;
///
/// let b: Binding = serde_json::from_str(r#"{"name": "rate", "formula": "actual / target"}"#).unwrap();
/// assert_eq!(b, Binding::new("rate", "actual / target"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    fn noun(self) -> &'static str {
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

fn add_use<T: PartialEq + Ord>(v: &mut Vec<T>, x: T) {
    if let Err(k) = v.binary_search(&x) {
        v.insert(k, x);
    }
}

/// A node of the compiled arena; children are indices into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Node {
    Const(Decimal),
    Bool(bool),
    Input(u16),
    Target(u16),
    Factor(u16),
    Peer(PeerStat, u16),
    Previous(u16),
    Points,
    Let(u16),
    Neg(u32),
    Abs(u32),
    Add(u32, u32),
    Sub(u32, u32),
    Mul(u32, u32),
    Div(u32, u32),
    /// Arguments `args[start .. start + len]`.
    Min(u32, u32),
    Max(u32, u32),
    Clamp(u32, u32, u32),
    Round(u32, u32, Rounding),
    If(u32, u32, u32),
    Branch(u16, u32),
    /// A comparison of two numbers.
    Cmp(BinOp, u32, u32),
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
    pub(crate) root: u32,
    pub(crate) ty: Type,
}

/// Compiled code: the arena and everything an error message needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Code {
    pub(crate) nodes: Vec<Node>,
    pub(crate) args: Vec<u32>,
    pub(crate) sites: Vec<Site>,
    pub(crate) lets: Vec<Let>,
    pub(crate) labels: Vec<String>,
    pub(crate) parts: Vec<String>,
    pub(crate) schema: Arc<Schema>,
    pub(crate) uses: Uses,
}

/// The compiler of one program or table.
pub(crate) struct Compiler {
    code: Code,
    /// Every binding's name, compiled or not (to tell a later binding from an unknown
    /// name).
    names: Vec<String>,
    /// Bindings visible to the formula being compiled.
    visible: usize,
    /// Depth of each compiled binding's tree, counting the bindings it uses.
    let_depth: Vec<u32>,
}

/// A compiled sub-expression: its node, type and depth through bindings.
type Compiled = (u32, Type, u32);

fn err_at(kind: FormulaErrorKind, e: &Expr, message: impl Into<String>) -> FormulaError {
    FormulaError::new(kind, message).at(e.pos.line, e.pos.column, token_of(e))
}

fn too_deep(e: &Expr) -> FormulaError {
    err_at(
        FormulaErrorKind::Limit,
        e,
        format!("with the bindings it uses, the formula nests deeper than {MAX_EVAL_DEPTH} levels"),
    )
}

/// The token an error about `e` shows.
fn token_of(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Number(d) => d.to_string(),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Name(n) => n.clone(),
        ExprKind::Points => "points".into(),
        ExprKind::Target(_) => "target".into(),
        ExprKind::Factor(_) => "factor".into(),
        ExprKind::Peer(s, _) => s.function().into(),
        ExprKind::Previous(_) => "previous".into(),
        ExprKind::Neg(_) => "-".into(),
        ExprKind::Not(_) => "not".into(),
        ExprKind::Binary(op, _, _) => op.symbol().into(),
        ExprKind::If(..) => "if".into(),
        ExprKind::Min(_) => "min".into(),
        ExprKind::Max(_) => "max".into(),
        ExprKind::Clamp(..) => "clamp".into(),
        ExprKind::Abs(_) => "abs".into(),
        ExprKind::Round(..) => "round".into(),
        ExprKind::Branch(..) => "branch".into(),
    }
}

/// The closest of `candidates` to `name`: the same name in another case, or one within
/// two edits; formatted as `` `name` ``.
pub(crate) fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let lower = name.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c.is_empty() {
            continue;
        }
        let d = if c.to_lowercase() == lower {
            0
        } else {
            edits(&lower, &c.to_lowercase())
        };
        let limit = if name.chars().count() <= 3 { 1 } else { 2 };
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| format!("`{c}`"))
}

/// Levenshtein distance in characters (names longer than 64 characters are never
/// close).
fn edits(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (up + 1).min(row[j] + 1).min(diag + usize::from(ca != cb));
            diag = up;
        }
    }
    row[b.len()]
}

fn slot(k: usize) -> u16 {
    // schemas and bindings are far smaller than u16::MAX entries in any formula that
    // passed the limits; saturate rather than wrap
    u16::try_from(k).unwrap_or(u16::MAX)
}

impl Compiler {
    /// A compiler for formulas over `schema`.
    pub(crate) fn new(schema: &Schema) -> Result<Self, FormulaError> {
        schema.check()?;
        Ok(Self {
            code: Code {
                nodes: Vec::new(),
                args: Vec::new(),
                sites: Vec::new(),
                lets: Vec::new(),
                labels: Vec::new(),
                parts: Vec::new(),
                schema: Arc::new(schema.clone()),
                uses: Uses::default(),
            },
            names: Vec::new(),
            visible: 0,
            let_depth: Vec::new(),
        })
    }

    /// Compiles the bindings, in order, each seeing only those before it.
    pub(crate) fn bindings(&mut self, bindings: &[Binding]) -> Result<(), FormulaError> {
        if bindings.len() > MAX_BINDINGS {
            return Err(FormulaError::new(
                FormulaErrorKind::Limit,
                format!(
                    "{} bindings are declared, above the limit of {MAX_BINDINGS}",
                    bindings.len()
                ),
            ));
        }
        for (k, b) in bindings.iter().enumerate() {
            let part = format!("binding `{}`", b.name);
            let shadow = |m: String| {
                Err(FormulaError::new(FormulaErrorKind::Shadow, m)
                    .in_part(part.clone())
                    .at(0, 0, b.name.clone()))
            };
            if !is_name(&b.name) {
                return Err(FormulaError::new(
                    FormulaErrorKind::Syntax,
                    "a binding's name is a letter or `_`, then letters, digits or `_`",
                )
                .in_part(part)
                .at(0, 0, b.name.clone()));
            }
            if is_reserved(&b.name) {
                return shadow(format!(
                    "`{}` is a keyword or built-in of the formula language",
                    b.name
                ));
            }
            if self.code.schema.input_slot(&b.name).is_some() {
                return shadow(format!("`{}` is already an input", b.name));
            }
            if let Some(j) = bindings[..k].iter().position(|o| o.name == b.name) {
                return shadow(format!(
                    "`{}` is already bound by binding {}",
                    b.name,
                    j + 1
                ));
            }
        }
        self.names = bindings.iter().map(|b| b.name.clone()).collect();
        for b in bindings {
            let (root, ty, depth) = self.part(format!("binding `{}`", b.name), &b.formula)?;
            self.code.lets.push(Let {
                name: b.name.clone(),
                root,
                ty,
            });
            self.let_depth.push(depth);
            self.visible += 1;
        }
        Ok(())
    }

    /// Parses and compiles one formula of the part called `part`, seeing every binding
    /// compiled so far; returns its root node and type.
    pub(crate) fn root(&mut self, part: String, text: &str) -> Result<(u32, Type), FormulaError> {
        let (root, ty, _) = self.part(part, text)?;
        Ok((root, ty))
    }

    fn part(&mut self, part: String, text: &str) -> Result<Compiled, FormulaError> {
        let expr = Expr::parse(text).map_err(|e| e.in_part(part.clone()))?;
        let k = slot(self.code.parts.len());
        self.code.parts.push(part.clone());
        self.expr(&expr, k).map_err(|e| e.in_part(part))
    }

    /// The compiled code.
    pub(crate) fn finish(self) -> Code {
        self.code
    }

    fn push(&mut self, node: Node, e: &Expr, part: u16) -> u32 {
        // the arena is bounded by MAX_NODES per formula and MAX_BINDINGS + table rows
        let k = u32::try_from(self.code.nodes.len()).unwrap_or(u32::MAX);
        self.code.nodes.push(node);
        self.code.sites.push(Site { part, pos: e.pos });
        k
    }

    /// Compiles `e`, checking operand types and folding constants.
    fn expr(&mut self, e: &Expr, part: u16) -> Result<Compiled, FormulaError> {
        use FormulaErrorKind as K;
        let num = |this: &mut Self, x: &Expr, what: &dyn Fn(Type) -> String| {
            let c = this.expr(x, part)?;
            if c.1 != Type::Number {
                return Err(err_at(K::Type, e, what(c.1)));
            }
            Ok(c)
        };
        let boolean = |this: &mut Self, x: &Expr, what: &dyn Fn(Type) -> String| {
            let c = this.expr(x, part)?;
            if c.1 != Type::Boolean {
                return Err(err_at(K::Type, e, what(c.1)));
            }
            Ok(c)
        };
        let schema = Arc::clone(&self.code.schema);
        let input = |name: &str| {
            schema.input_slot(name).ok_or_else(|| {
                let hint = suggest(name, schema.inputs().iter().map(|i| i.name()))
                    .map(|s| format!("; did you mean {s}?"))
                    .unwrap_or_default();
                err_at(K::UnknownName, e, format!("`{name}` is not an input{hint}"))
            })
        };
        let (node, ty, depth) = match &e.kind {
            ExprKind::Number(d) => (Node::Const(*d), Type::Number, 0),
            ExprKind::Bool(b) => (Node::Bool(*b), Type::Boolean, 0),
            ExprKind::Points => {
                self.code.uses.points = true;
                (Node::Points, Type::Number, 0)
            }
            ExprKind::Name(n) => return self.name(n, e, part),
            ExprKind::Target(name) => {
                let Some(k) = schema.target_slot(name.as_deref()) else {
                    return Err(match name {
                        None => err_at(
                            K::Unavailable,
                            e,
                            "this rule declares no target for the unit",
                        ),
                        Some(n) => {
                            let hint = suggest(n, schema.targets().iter().map(String::as_str))
                                .map(|s| format!("; did you mean {s}?"))
                                .unwrap_or_default();
                            err_at(K::UnknownName, e, format!("no target is named `{n}`{hint}"))
                        }
                    });
                };
                add_use(&mut self.code.uses.targets, k);
                (Node::Target(slot(k)), Type::Number, 0)
            }
            ExprKind::Factor(n) => {
                let Some(k) = schema.factor_slot(n) else {
                    let hint = suggest(n, schema.factors().iter().map(String::as_str))
                        .map(|s| format!("; did you mean {s}?"))
                        .unwrap_or_default();
                    return Err(err_at(
                        K::UnknownName,
                        e,
                        format!("no factor is named `{n}`{hint}"),
                    ));
                };
                add_use(&mut self.code.uses.factors, k);
                (Node::Factor(slot(k)), Type::Number, 0)
            }
            ExprKind::Peer(stat, n) => {
                let k = input(n)?;
                if !schema.inputs()[k].has_peers() {
                    return Err(err_at(
                        K::Unavailable,
                        e,
                        format!("peer statistics of `{n}` are not provided for this rule"),
                    ));
                }
                add_use(&mut self.code.uses.peers, (*stat, k));
                (Node::Peer(*stat, slot(k)), Type::Number, 0)
            }
            ExprKind::Previous(n) => {
                let k = input(n)?;
                if !schema.inputs()[k].has_previous() {
                    return Err(err_at(
                        K::Unavailable,
                        e,
                        format!("the previous period of `{n}` is not provided for this rule"),
                    ));
                }
                add_use(&mut self.code.uses.previous, k);
                (Node::Previous(slot(k)), Type::Number, 0)
            }
            ExprKind::Neg(x) => {
                let (a, _, d) = num(self, x, &|t| {
                    format!("`-` needs a number, not {}", t.noun())
                })?;
                (Node::Neg(a), Type::Number, d)
            }
            ExprKind::Abs(x) => {
                let (a, _, d) = num(self, x, &|t| {
                    format!("`abs` needs a number, not {}", t.noun())
                })?;
                (Node::Abs(a), Type::Number, d)
            }
            ExprKind::Round(x, places, mode) => {
                let (a, _, d) = num(self, x, &|t| {
                    format!("`round` needs a number, not {}", t.noun())
                })?;
                (Node::Round(a, *places, *mode), Type::Number, d)
            }
            ExprKind::Not(x) => {
                let (a, _, d) = boolean(self, x, &|t| {
                    format!("`not` needs a condition (true/false), not {}", t.noun())
                })?;
                (Node::Not(a), Type::Boolean, d)
            }
            ExprKind::Binary(op, l, r) => {
                let (a, ta, da) = self.expr(l, part)?;
                let (b, tb, db) = self.expr(r, part)?;
                let sym = op.symbol();
                let side = |ta: Type, tb: Type, want: Type| {
                    if ta != want {
                        ("left", ta)
                    } else {
                        ("right", tb)
                    }
                };
                let d = da.max(db);
                match op {
                    BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => {
                        if ta != Type::Number || tb != Type::Number {
                            let (s, t) = side(ta, tb, Type::Number);
                            return Err(err_at(
                                K::Type,
                                e,
                                format!(
                                    "`{sym}` needs numbers on both sides; its {s} side is {}",
                                    t.noun()
                                ),
                            ));
                        }
                        let node = match op {
                            BinOp::Add => Node::Add(a, b),
                            BinOp::Sub => Node::Sub(a, b),
                            BinOp::Mul => Node::Mul(a, b),
                            _ => Node::Div(a, b),
                        };
                        (node, Type::Number, d)
                    }
                    BinOp::And | BinOp::Or => {
                        if ta != Type::Boolean || tb != Type::Boolean {
                            let (s, t) = side(ta, tb, Type::Boolean);
                            return Err(err_at(
                                K::Type,
                                e,
                                format!(
                                    "`{sym}` needs conditions (true/false) on both sides, such as rate >= 0.9; its {s} side is {}",
                                    t.noun()
                                ),
                            ));
                        }
                        let node = if *op == BinOp::And {
                            Node::And(a, b)
                        } else {
                            Node::Or(a, b)
                        };
                        (node, Type::Boolean, d)
                    }
                    BinOp::Eq | BinOp::Ne if ta == Type::Boolean && tb == Type::Boolean => {
                        (Node::BoolEq(*op == BinOp::Eq, a, b), Type::Boolean, d)
                    }
                    _ => {
                        if ta != Type::Number || tb != Type::Number {
                            let (s, t) = side(ta, tb, Type::Number);
                            let what = if matches!(op, BinOp::Eq | BinOp::Ne) {
                                "two numbers or two conditions"
                            } else {
                                "numbers"
                            };
                            return Err(err_at(
                                K::Type,
                                e,
                                format!("`{sym}` compares {what}; its {s} side is {}", t.noun()),
                            ));
                        }
                        (Node::Cmp(*op, a, b), Type::Boolean, d)
                    }
                }
            }
            ExprKind::If(c, x, y) => {
                let (c, _, dc) = boolean(self, c, &|t| {
                    format!(
                        "the condition of `if` must be true/false (a comparison such as rate >= 1), not {}",
                        t.noun()
                    )
                })?;
                let (a, ta, da) = self.expr(x, part)?;
                let (b, tb, db) = self.expr(y, part)?;
                if ta != tb {
                    return Err(err_at(
                        K::Type,
                        e,
                        format!(
                            "`if` gives {} when true but {} when false; both must be numbers or both conditions",
                            ta.noun(),
                            tb.noun()
                        ),
                    ));
                }
                (Node::If(c, a, b), ta, dc.max(da).max(db))
            }
            ExprKind::Min(xs) | ExprKind::Max(xs) => {
                let f = if matches!(e.kind, ExprKind::Min(_)) {
                    "min"
                } else {
                    "max"
                };
                let mut parts = Vec::with_capacity(xs.len());
                let mut d = 0;
                for (k, x) in xs.iter().enumerate() {
                    let (a, _, dx) = num(self, x, &|t| {
                        format!("`{f}` needs numbers; argument {} is {}", k + 1, t.noun())
                    })?;
                    parts.push(a);
                    d = d.max(dx);
                }
                let start = u32::try_from(self.code.args.len()).unwrap_or(u32::MAX);
                let len = u32::try_from(parts.len()).unwrap_or(u32::MAX);
                self.code.args.extend(parts);
                let node = if f == "min" {
                    Node::Min(start, len)
                } else {
                    Node::Max(start, len)
                };
                (node, Type::Number, d)
            }
            ExprKind::Clamp(x, lo, hi) => {
                let mut ids = [0u32; 3];
                let mut d = 0;
                for (k, (x, what)) in [(x, "x"), (lo, "lowest"), (hi, "highest")]
                    .into_iter()
                    .enumerate()
                {
                    let (a, _, dx) = num(self, x, &|t| {
                        format!("`clamp` needs numbers; its {what} is {}", t.noun())
                    })?;
                    ids[k] = a;
                    d = d.max(dx);
                }
                (Node::Clamp(ids[0], ids[1], ids[2]), Type::Number, d)
            }
            ExprKind::Branch(label, x) => {
                let (a, t, d) = self.expr(x, part)?;
                let k = match self.code.labels.iter().position(|l| l == label) {
                    Some(k) => k,
                    None => {
                        self.code.labels.push(label.clone());
                        self.code.labels.len() - 1
                    }
                };
                (Node::Branch(slot(k), a), t, d)
            }
        };
        let depth = depth + 1;
        if depth > MAX_EVAL_DEPTH {
            return Err(too_deep(e));
        }
        let node = self.fold(node).unwrap_or(node);
        Ok((self.push(node, e, part), ty, depth))
    }

    /// Resolves a name: a visible binding, else an input.
    fn name(&mut self, n: &str, e: &Expr, part: u16) -> Result<Compiled, FormulaError> {
        use FormulaErrorKind as K;
        if let Some(k) = self.names.iter().position(|b| b == n) {
            if k >= self.visible {
                let this = self
                    .names
                    .get(self.visible)
                    .map(String::as_str)
                    .unwrap_or("");
                let why = if k == self.visible {
                    format!("binding `{n}` uses itself")
                } else {
                    format!(
                        "binding `{this}` uses `{n}`, which is declared after it (a binding may use only those before it)"
                    )
                };
                return Err(err_at(K::Cycle, e, why));
            }
            let (ty, depth) = (self.code.lets[k].ty, self.let_depth[k] + 1);
            if depth > MAX_EVAL_DEPTH {
                return Err(too_deep(e));
            }
            return Ok((self.push(Node::Let(slot(k)), e, part), ty, depth));
        }
        if let Some(k) = self.code.schema.input_slot(n) {
            add_use(&mut self.code.uses.inputs, k);
            return Ok((self.push(Node::Input(slot(k)), e, part), Type::Number, 1));
        }
        let known = self
            .code
            .schema
            .inputs()
            .iter()
            .map(|i| i.name())
            .chain(self.names[..self.visible].iter().map(String::as_str))
            .chain(["points", "target"]);
        let hint = suggest(n, known)
            .map(|s| format!("; did you mean {s}?"))
            .unwrap_or_default();
        Err(err_at(
            K::UnknownName,
            e,
            format!("`{n}` is neither an input, a binding nor a built-in{hint}"),
        ))
    }

    /// The constant a node over constant children computes, when it computes one
    /// without error; `None` keeps the node (an error stays where the text put it, and
    /// is met only if that node is evaluated).
    fn fold(&self, node: Node) -> Option<Node> {
        let n = |k: u32| match self.code.nodes.get(k as usize) {
            Some(Node::Const(d)) => Some(*d),
            _ => None,
        };
        let b = |k: u32| match self.code.nodes.get(k as usize) {
            Some(Node::Bool(v)) => Some(*v),
            _ => None,
        };
        let ok = |r: Result<Decimal, FaultKind>| r.ok().map(Node::Const);
        match node {
            Node::Neg(a) => Some(Node::Const(-n(a)?)),
            Node::Abs(a) => Some(Node::Const(n(a)?.abs())),
            Node::Add(a, c) => ok(ops::add(n(a)?, n(c)?)),
            Node::Sub(a, c) => ok(ops::sub(n(a)?, n(c)?)),
            Node::Mul(a, c) => ok(ops::mul(n(a)?, n(c)?)),
            Node::Div(a, c) => ok(ops::div(n(a)?, n(c)?)),
            Node::Round(a, places, mode) => Some(Node::Const(mode.round(n(a)?, places))),
            Node::Cmp(op, a, c) => Some(Node::Bool(ops::compare(op, n(a)?, n(c)?))),
            Node::Not(a) => Some(Node::Bool(!b(a)?)),
            _ => None,
        }
    }
}
