//! Compilation: syntax trees → one arena of typed nodes with every name resolved to a
//! slot, shared by a program's bindings and its roots (the score; a table's inputs and
//! scores). Constant sub-expressions are folded.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::ast::{BinOp, Expr, ExprKind};
use super::code::{Arg, Arm, Binding, Code, Let, NO_LABEL, Node, Site, Type, Uses, add_use};
use super::error::{FormulaError, FormulaErrorKind};
use super::eval::{FaultKind, ops};
use super::lexer::is_name;
use super::parse::is_reserved;
use super::schema::Schema;
use super::{MAX_BINDINGS, MAX_EVAL_DEPTH};

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

/// A compiled sub-expression.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Compiled {
    /// Its node in the arena.
    pub(crate) node: u32,
    /// The operand a parent uses: the leaf inline, or the node.
    pub(crate) arg: Arg,
    pub(crate) ty: Type,
    /// Depth of its tree, counting the bindings it uses.
    depth: u32,
}

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

/// `; did you mean `x`?` when one of `candidates` is close to `name`.
fn hint<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    suggest(name, candidates)
        .map(|s| format!("; did you mean {s}?"))
        .unwrap_or_default()
}

/// The closest of `candidates` to `name`: the same name in another case, or one within
/// two edits (one for names of three characters or fewer); formatted as `` `name` ``.
pub(crate) fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    nearest_name(name, candidates).map(|c| format!("`{c}`"))
}

/// The closest of `candidates` to `name`, as [`suggest`] finds it, unformatted.
pub(crate) fn nearest_name<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<String> {
    let lower = name.to_lowercase();
    let limit = if name.chars().count() <= 3 { 1 } else { 2 };
    let mut best: Option<(usize, &str)> = None;
    for c in candidates.filter(|c| !c.is_empty()) {
        let d = edits(&lower, &c.to_lowercase());
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_owned())
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
    // schemas, bindings and labels are far smaller than u16::MAX entries in anything
    // that passed the limits; saturate rather than wrap
    u16::try_from(k).unwrap_or(u16::MAX)
}

fn index(k: usize) -> u32 {
    u32::try_from(k).unwrap_or(u32::MAX)
}

impl Compiler {
    /// A compiler for formulas over `schema`.
    pub(crate) fn new(schema: &Schema) -> Result<Self, FormulaError> {
        schema.check()?;
        Ok(Self {
            code: Code {
                nodes: Vec::new(),
                consts: Vec::new(),
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
            let refuse = |kind, m: String| {
                Err(FormulaError::new(kind, m)
                    .in_part(part.clone())
                    .at(0, 0, b.name.clone()))
            };
            if !is_name(&b.name) {
                return refuse(
                    FormulaErrorKind::Syntax,
                    "a binding's name is a letter or `_`, then letters, digits or `_`".into(),
                );
            }
            let shadow = |m: String| refuse(FormulaErrorKind::Shadow, m);
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
            let c = self.part(format!("binding `{}`", b.name), &b.formula)?;
            self.code.lets.push(Let {
                name: b.name.clone(),
                root: c.arg,
                ty: c.ty,
            });
            self.let_depth.push(c.depth);
            self.visible += 1;
        }
        Ok(())
    }

    /// Parses and compiles the formula of the part called `part`, seeing every binding
    /// compiled so far.
    pub(crate) fn part(&mut self, part: String, text: &str) -> Result<Compiled, FormulaError> {
        let expr = Expr::parse(text).map_err(|e| e.in_part(part.clone()))?;
        let k = slot(self.code.parts.len());
        self.code.parts.push(part.clone());
        self.expr(&expr, k).map_err(|e| e.in_part(part))
    }

    /// The compiled code.
    pub(crate) fn finish(self) -> Code {
        self.code
    }

    /// The operand of constant `d`.
    fn constant(&mut self, d: Decimal) -> Arg {
        let k = index(self.code.consts.len());
        self.code.consts.push(d);
        Arg::Const(k)
    }

    fn push(&mut self, node: Node, e: &Expr, part: u16) -> u32 {
        let k = index(self.code.nodes.len());
        self.code.nodes.push(node);
        self.code.sites.push(Site { part, pos: e.pos });
        k
    }

    /// Compiles `e`, checking operand types and folding constants.
    fn expr(&mut self, e: &Expr, part: u16) -> Result<Compiled, FormulaError> {
        use FormulaErrorKind as K;
        let schema = Arc::clone(&self.code.schema);
        let input = |name: &str| {
            schema.input_slot(name).ok_or_else(|| {
                let h = hint(name, schema.inputs().iter().map(|i| i.name()));
                err_at(K::UnknownName, e, format!("`{name}` is not an input{h}"))
            })
        };
        let number = |c: Compiled, what: &dyn Fn(&str) -> String| {
            if c.ty == Type::Number {
                Ok(c)
            } else {
                Err(err_at(K::Type, e, what(c.ty.noun())))
            }
        };
        let condition = |c: Compiled, what: &dyn Fn(&str) -> String| {
            if c.ty == Type::Boolean {
                Ok(c)
            } else {
                Err(err_at(K::Type, e, what(c.ty.noun())))
            }
        };
        let (node, ty, depth) = match &e.kind {
            ExprKind::Number(d) => {
                let c = self.constant(*d);
                let k = self.push(Node::Leaf(c), e, part);
                return self.leaf(k, c);
            }
            ExprKind::Points => {
                self.code.uses.points = true;
                let k = self.push(Node::Leaf(Arg::Points), e, part);
                return self.leaf(k, Arg::Points);
            }
            ExprKind::Name(n) => return self.name(n, e, part),
            ExprKind::Bool(b) => (Node::Bool(*b), Type::Boolean, 0),
            ExprKind::Target(name) => {
                let Some(k) = schema.target_slot(name.as_deref()) else {
                    return Err(match name {
                        None => err_at(
                            K::Unavailable,
                            e,
                            "this rule declares no target for the unit",
                        ),
                        Some(n) => {
                            let h = hint(n, schema.targets().iter().map(String::as_str));
                            err_at(K::UnknownName, e, format!("no target is named `{n}`{h}"))
                        }
                    });
                };
                add_use(&mut self.code.uses.targets, k);
                let arg = Arg::Target(slot(k), index(self.code.nodes.len()));
                let node = self.push(Node::Leaf(arg), e, part);
                return self.leaf(node, arg);
            }
            ExprKind::Factor(n) => {
                let Some(k) = schema.factor_slot(n) else {
                    let h = hint(n, schema.factors().iter().map(String::as_str));
                    return Err(err_at(
                        K::UnknownName,
                        e,
                        format!("no factor is named `{n}`{h}"),
                    ));
                };
                add_use(&mut self.code.uses.factors, k);
                let arg = Arg::Factor(slot(k), index(self.code.nodes.len()));
                let node = self.push(Node::Leaf(arg), e, part);
                return self.leaf(node, arg);
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
                let a = self.expr(x, part)?;
                let a = number(a, &|t| format!("`-` needs a number, not {t}"))?;
                (Node::Neg(a.arg), Type::Number, a.depth)
            }
            ExprKind::Abs(x) => {
                let a = self.expr(x, part)?;
                let a = number(a, &|t| format!("`abs` needs a number, not {t}"))?;
                (Node::Abs(a.arg), Type::Number, a.depth)
            }
            ExprKind::Round(x, places, mode) => {
                let a = self.expr(x, part)?;
                let a = number(a, &|t| format!("`round` needs a number, not {t}"))?;
                (Node::Round(a.arg, *places, *mode), Type::Number, a.depth)
            }
            ExprKind::Not(x) => {
                let a = self.expr(x, part)?;
                let a = condition(a, &|t| {
                    format!("`not` needs a condition (true/false), not {t}")
                })?;
                (Node::Not(a.node), Type::Boolean, a.depth)
            }
            ExprKind::Binary(op, l, r) => {
                let (a, b) = (self.expr(l, part)?, self.expr(r, part)?);
                (
                    self.binary(e, *op, a, b)?,
                    Type::Boolean,
                    a.depth.max(b.depth),
                )
            }
            ExprKind::If(c, x, y) => {
                let c = self.expr(c, part)?;
                let c = condition(c, &|t| {
                    format!(
                        "the condition of `if` must be true/false (a comparison such as rate >= 1), not {t}"
                    )
                })?;
                let (a, b) = (self.expr(x, part)?, self.expr(y, part)?);
                if a.ty != b.ty {
                    return Err(err_at(
                        K::Type,
                        e,
                        format!(
                            "`if` gives {} when true but {} when false; both must be numbers or both conditions",
                            a.ty.noun(),
                            b.ty.noun()
                        ),
                    ));
                }
                let depth = c.depth.max(a.depth).max(b.depth);
                let (then, otherwise) = (self.arm(a), self.arm(b));
                let node = match self.code.nodes.get(c.node as usize) {
                    Some(&Node::Cmp(op, x, y)) => {
                        let start = index(self.code.args.len());
                        self.code.args.extend([x, y]);
                        Node::IfCmp(op, start, then, otherwise)
                    }
                    _ => Node::If(c.node, then, otherwise),
                };
                (node, a.ty, depth)
            }
            ExprKind::Min(xs) | ExprKind::Max(xs) => {
                let min = matches!(e.kind, ExprKind::Min(_));
                let f = if min { "min" } else { "max" };
                let mut args = Vec::with_capacity(xs.len());
                let mut depth = 0;
                for (k, x) in xs.iter().enumerate() {
                    let a = self.expr(x, part)?;
                    let a = number(a, &|t| {
                        format!("`{f}` needs numbers; argument {} is {t}", k + 1)
                    })?;
                    args.push(a.arg);
                    depth = depth.max(a.depth);
                }
                let start = index(self.code.args.len());
                let len = index(args.len());
                self.code.args.extend(args);
                let node = if min {
                    Node::Min(start, len)
                } else {
                    Node::Max(start, len)
                };
                (node, Type::Number, depth)
            }
            ExprKind::Clamp(x, lo, hi) => {
                let mut args = [Arg::Points; 3];
                let mut depth = 0;
                for (k, (x, what)) in [(x, "x"), (lo, "lowest"), (hi, "highest")]
                    .into_iter()
                    .enumerate()
                {
                    let a = self.expr(x, part)?;
                    let a = number(a, &|t| format!("`clamp` needs numbers; its {what} is {t}"))?;
                    args[k] = a.arg;
                    depth = depth.max(a.depth);
                }
                let start = index(self.code.args.len());
                self.code.args.extend(args);
                (Node::Clamp(start), Type::Number, depth)
            }
            ExprKind::Branch(label, x) => {
                let a = self.expr(x, part)?;
                let k = match self.code.labels.iter().position(|l| l == label) {
                    Some(k) => k,
                    None => {
                        self.code.labels.push(label.clone());
                        self.code.labels.len() - 1
                    }
                };
                (Node::Branch(slot(k), a.arg), a.ty, a.depth)
            }
        };
        // comparisons are conditions; other binary operators give numbers
        let ty = match node {
            Node::Add(..) | Node::Sub(..) | Node::Mul(..) | Node::Div(..) => Type::Number,
            _ => ty,
        };
        let depth = depth + 1;
        if depth > MAX_EVAL_DEPTH {
            return Err(too_deep(e));
        }
        if let Some(v) = self.fold(node) {
            let c = self.constant(v);
            let k = self.push(Node::Leaf(c), e, part);
            return Ok(Compiled {
                node: k,
                arg: c,
                ty,
                depth,
            });
        }
        if let Some(v) = self.fold_condition(node) {
            let k = self.push(Node::Bool(v), e, part);
            return Ok(Compiled {
                node: k,
                arg: Arg::Node(k),
                ty,
                depth,
            });
        }
        let k = self.push(node, e, part);
        Ok(Compiled {
            node: k,
            arg: Arg::Node(k),
            ty,
            depth,
        })
    }

    /// An arm of an `if`: a `branch(…)` around it becomes the arm's label.
    fn arm(&self, c: Compiled) -> Arm {
        match self.code.nodes.get(c.node as usize) {
            Some(&Node::Branch(label, arg)) => Arm { arg, label },
            _ => Arm {
                arg: c.arg,
                label: NO_LABEL,
            },
        }
    }

    /// A numeric leaf (depth 1).
    fn leaf(&self, node: u32, arg: Arg) -> Result<Compiled, FormulaError> {
        Ok(Compiled {
            node,
            arg,
            ty: Type::Number,
            depth: 1,
        })
    }

    /// The node of binary operator `op` over `a` and `b`, types checked.
    fn binary(&self, e: &Expr, op: BinOp, a: Compiled, b: Compiled) -> Result<Node, FormulaError> {
        use FormulaErrorKind as K;
        let sym = op.symbol();
        let side = |want: Type| {
            if a.ty != want {
                ("left", a.ty)
            } else {
                ("right", b.ty)
            }
        };
        let both = |want: Type| a.ty == want && b.ty == want;
        Ok(match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => {
                if !both(Type::Number) {
                    let (s, t) = side(Type::Number);
                    return Err(err_at(
                        K::Type,
                        e,
                        format!(
                            "`{sym}` needs numbers on both sides; its {s} side is {}",
                            t.noun()
                        ),
                    ));
                }
                match op {
                    BinOp::Add => Node::Add(a.arg, b.arg),
                    BinOp::Sub => Node::Sub(a.arg, b.arg),
                    BinOp::Mul => Node::Mul(a.arg, b.arg),
                    _ => Node::Div(a.arg, b.arg),
                }
            }
            BinOp::And | BinOp::Or => {
                if !both(Type::Boolean) {
                    let (s, t) = side(Type::Boolean);
                    return Err(err_at(
                        K::Type,
                        e,
                        format!(
                            "`{sym}` needs conditions (true/false) on both sides, such as rate >= 0.9; its {s} side is {}",
                            t.noun()
                        ),
                    ));
                }
                if op == BinOp::And {
                    Node::And(a.node, b.node)
                } else {
                    Node::Or(a.node, b.node)
                }
            }
            BinOp::Eq | BinOp::Ne if both(Type::Boolean) => {
                Node::BoolEq(op == BinOp::Eq, a.node, b.node)
            }
            _ => {
                if !both(Type::Number) {
                    let (s, t) = side(Type::Number);
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
                Node::Cmp(op, a.arg, b.arg)
            }
        })
    }

    /// Resolves a name: a visible binding, else an input.
    fn name(&mut self, n: &str, e: &Expr, part: u16) -> Result<Compiled, FormulaError> {
        use FormulaErrorKind as K;
        if let Some(k) = self.names.iter().position(|b| b == n) {
            if k >= self.visible {
                let this = self.names.get(self.visible).map_or("", String::as_str);
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
            let at = index(self.code.nodes.len());
            let (node, arg) = match ty {
                Type::Number => {
                    let arg = Arg::Let(slot(k), at);
                    (Node::Leaf(arg), arg)
                }
                Type::Boolean => (Node::LetBool(slot(k)), Arg::Node(at)),
            };
            let node = self.push(node, e, part);
            return Ok(Compiled {
                node,
                arg,
                ty,
                depth,
            });
        }
        if let Some(k) = self.code.schema.input_slot(n) {
            add_use(&mut self.code.uses.inputs, k);
            let at = index(self.code.nodes.len());
            let arg = Arg::Input(slot(k), at);
            let node = self.push(Node::Leaf(arg), e, part);
            return self.leaf(node, arg);
        }
        let known = self
            .code
            .schema
            .inputs()
            .iter()
            .map(|i| i.name())
            .chain(self.names[..self.visible].iter().map(String::as_str))
            .chain(["points", "target"]);
        let h = hint(n, known);
        Err(err_at(
            K::UnknownName,
            e,
            format!("`{n}` is neither an input, a binding nor a built-in{h}"),
        ))
    }

    /// The number a node over constant operands computes, when it computes one without
    /// error; `None` keeps the node (an error stays where the text put it, and is met
    /// only if that node is evaluated).
    fn fold(&self, node: Node) -> Option<Decimal> {
        let n = |a: Arg| match a {
            Arg::Const(k) => self.code.consts.get(k as usize).copied(),
            _ => None,
        };
        let ok = |r: Result<Decimal, FaultKind>| r.ok();
        match node {
            Node::Neg(a) => Some(-n(a)?),
            Node::Abs(a) => Some(n(a)?.abs()),
            Node::Add(a, b) => ok(ops::add(n(a)?, n(b)?)),
            Node::Sub(a, b) => ok(ops::sub(n(a)?, n(b)?)),
            Node::Mul(a, b) => ok(ops::mul(n(a)?, n(b)?)),
            Node::Div(a, b) => ok(ops::div(n(a)?, n(b)?)),
            Node::Round(a, places, mode) => Some(mode.round(n(a)?, places)),
            _ => None,
        }
    }

    /// The truth of a node over constant operands, when it has one.
    fn fold_condition(&self, node: Node) -> Option<bool> {
        let n = |a: Arg| match a {
            Arg::Const(k) => self.code.consts.get(k as usize).copied(),
            _ => None,
        };
        let b = |k: u32| match self.code.nodes.get(k as usize) {
            Some(Node::Bool(v)) => Some(*v),
            _ => None,
        };
        match node {
            Node::Cmp(op, x, y) => Some(ops::compare(op, n(x)?, n(y)?)),
            Node::Not(a) => Some(!b(a)?),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::code::{Arg, Arm, Node};
    use super::{edits, suggest};

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edits("actual", "actual"), 0);
        assert_eq!(edits("actul", "actual"), 1);
        assert_eq!(edits("入库率", "入库额"), 1);
        assert_eq!(edits("", "abc"), 3);
        assert_eq!(edits(&"a".repeat(65), "a"), usize::MAX);
    }

    #[test]
    fn suggestions_prefer_the_closest_and_ignore_case() {
        let names = ["rate", "ratio", "Actual"];
        assert_eq!(
            suggest("actual", names.into_iter()),
            Some("`Actual`".into())
        );
        assert_eq!(suggest("rati", names.into_iter()), Some("`rate`".into()));
        assert_eq!(suggest("xyz", names.into_iter()), None);
        // three characters or fewer: one edit at most
        assert_eq!(suggest("rte", ["rate"].into_iter()), Some("`rate`".into()));
        assert_eq!(suggest("rt", ["rate"].into_iter()), None);
    }

    /// Operands and nodes stay small: the evaluator copies and matches them on every
    /// step (see benches/formula.rs).
    #[test]
    fn operands_and_nodes_are_small() {
        assert!(size_of::<Arg>() <= 8, "{}", size_of::<Arg>());
        assert!(size_of::<Arm>() <= 12, "{}", size_of::<Arm>());
        assert!(size_of::<Node>() <= 32, "{}", size_of::<Node>());
    }
}
