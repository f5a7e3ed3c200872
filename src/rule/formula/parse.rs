//! The formula parser: recursive descent over the tokens, with its nesting checked
//! before every descent (so that no input can exhaust the stack) and its node count and
//! tree depth checked as nodes are built.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::ast::{BinOp, Expr, ExprKind, PeerStat, mode_named};
use super::error::{FormulaError, FormulaErrorKind};
use super::lexer::{Punct, Tok, Token, tokens};
use super::{MAX_DEPTH, MAX_NODES};

/// Function names, lower case.
pub(crate) const FUNCTIONS: [&str; 16] = [
    "if",
    "min",
    "max",
    "clamp",
    "abs",
    "round",
    "branch",
    "target",
    "factor",
    "peer_mean",
    "peer_median",
    "peer_min",
    "peer_max",
    "peer_rank",
    "peer_count",
    "previous",
];

/// Words no input or binding may be named (compared without case).
pub(crate) const RESERVED: [&str; 6] = ["and", "or", "not", "true", "false", "points"];

/// Whether `name` is a keyword, a built-in or a function name, in any case.
pub(crate) fn is_reserved(name: &str) -> bool {
    let lower = name.to_lowercase();
    RESERVED.contains(&lower.as_str()) || FUNCTIONS.contains(&lower.as_str())
}

/// A parsed node and the depth of its tree.
type Parsed = (Expr, u32);

/// An argument of a call: an expression or a string literal.
enum Arg {
    Expr(Parsed),
    Str(String),
}

struct Parser<'a> {
    toks: Vec<Token<'a>>,
    at: usize,
    /// Current nesting of the descent (parentheses, arguments, unary operators).
    nesting: u32,
    /// Nodes built so far.
    nodes: usize,
}

fn syntax(t: &Token<'_>, message: impl Into<String>) -> FormulaError {
    let token = if t.tok == Tok::End {
        "end of formula"
    } else {
        t.text
    };
    FormulaError::new(FormulaErrorKind::Syntax, message).at(t.pos.line, t.pos.column, token)
}

fn keyword(t: &Token<'_>, word: &str) -> bool {
    matches!(t.tok, Tok::Ident(s) if s.eq_ignore_ascii_case(word))
}

impl<'a> Parser<'a> {
    fn peek(&self) -> &Token<'a> {
        // the token list always ends with End, and the parser never moves past it
        &self.toks[self.at.min(self.toks.len() - 1)]
    }

    fn peek_at(&self, k: usize) -> &Token<'a> {
        &self.toks[(self.at + k).min(self.toks.len() - 1)]
    }

    fn bump(&mut self) -> Token<'a> {
        let t = self.peek().clone();
        if self.at < self.toks.len() - 1 {
            self.at += 1;
        }
        t
    }

    fn punct(&self, p: Punct) -> bool {
        self.peek().tok == Tok::Punct(p)
    }

    /// Builds a node of `kind` at `t` over children of the given depths.
    fn node(&mut self, kind: ExprKind, t: &Token<'_>, below: u32) -> Result<Parsed, FormulaError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(FormulaError::new(
                FormulaErrorKind::Limit,
                format!("the formula has more than {MAX_NODES} nodes"),
            )
            .at(t.pos.line, t.pos.column, t.text));
        }
        let depth = below + 1;
        if depth > MAX_DEPTH {
            return Err(deep(t));
        }
        Ok((Expr { kind, pos: t.pos }, depth))
    }

    /// Enters one level of nesting at `t`.
    fn enter(&mut self, t: &Token<'_>) -> Result<(), FormulaError> {
        self.nesting += 1;
        if self.nesting > MAX_DEPTH {
            return Err(deep(t));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.nesting -= 1;
    }

    /// formula = or_expr
    fn formula(&mut self) -> Result<Parsed, FormulaError> {
        let t = self.peek().clone();
        self.enter(&t)?;
        let e = self.binary(1)?;
        self.leave();
        Ok(e)
    }

    /// The binary operator at the cursor, if any.
    fn binop(&self) -> Option<BinOp> {
        let t = self.peek();
        Some(match t.tok {
            Tok::Punct(Punct::Plus) => BinOp::Add,
            Tok::Punct(Punct::Minus) => BinOp::Sub,
            Tok::Punct(Punct::Star) => BinOp::Mul,
            Tok::Punct(Punct::Slash) => BinOp::Div,
            Tok::Punct(Punct::Eq) => BinOp::Eq,
            Tok::Punct(Punct::Ne) => BinOp::Ne,
            Tok::Punct(Punct::Lt) => BinOp::Lt,
            Tok::Punct(Punct::Le) => BinOp::Le,
            Tok::Punct(Punct::Gt) => BinOp::Gt,
            Tok::Punct(Punct::Ge) => BinOp::Ge,
            _ if keyword(t, "and") => BinOp::And,
            _ if keyword(t, "or") => BinOp::Or,
            _ => return None,
        })
    }

    /// The binary levels: `or` (1), `and` (2), comparison (4), sum (5), product (6);
    /// level 3 is `not`, above 6 the unary minus. Loops to the left, so that a long
    /// chain `a + b + c …` does not descend.
    fn binary(&mut self, level: u8) -> Result<Parsed, FormulaError> {
        if level == 3 {
            return self.not_expr();
        }
        if level > 6 {
            return self.unary();
        }
        let mut left = self.binary(level + 1)?;
        loop {
            let Some(op) = self.binop().filter(|op| op.precedence() == level) else {
                return Ok(left);
            };
            let t = self.bump();
            let right = self.binary(level + 1)?;
            if op.is_comparison() {
                if let Some(next) = self.binop().filter(|o| o.is_comparison()) {
                    return Err(syntax(
                        self.peek(),
                        format!(
                            "comparisons do not chain: write a {} b and b {} c",
                            op.symbol(),
                            next.symbol()
                        ),
                    ));
                }
            }
            let below = left.1.max(right.1);
            left = self.node(
                ExprKind::Binary(op, Box::new(left.0), Box::new(right.0)),
                &t,
                below,
            )?;
        }
    }

    /// not_expr = "not" not_expr | comparison
    fn not_expr(&mut self) -> Result<Parsed, FormulaError> {
        if keyword(self.peek(), "not") {
            let t = self.bump();
            self.enter(&t)?;
            let x = self.not_expr()?;
            self.leave();
            return self.node(ExprKind::Not(Box::new(x.0)), &t, x.1);
        }
        self.binary(4)
    }

    /// unary = "-" unary | primary
    fn unary(&mut self) -> Result<Parsed, FormulaError> {
        if self.punct(Punct::Minus) {
            let t = self.bump();
            self.enter(&t)?;
            let x = self.unary()?;
            self.leave();
            return self.node(ExprKind::Neg(Box::new(x.0)), &t, x.1);
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Parsed, FormulaError> {
        let t = self.bump();
        match t.tok {
            Tok::Number(d) => self.node(ExprKind::Number(d), &t, 0),
            Tok::Punct(Punct::LParen) => {
                let e = self.formula()?;
                if self.punct(Punct::RParen) {
                    self.bump();
                    Ok(e)
                } else if self.peek().tok == Tok::End {
                    Err(syntax(&t, "this parenthesis is not closed"))
                } else {
                    Err(syntax(
                        self.peek(),
                        "unexpected token: an operator or `)` is missing before it",
                    ))
                }
            }
            Tok::Ident(name) => {
                if self.punct(Punct::LParen) {
                    return self.call(&t, name);
                }
                let lower = name.to_lowercase();
                match lower.as_str() {
                    "true" => self.node(ExprKind::Bool(true), &t, 0),
                    "false" => self.node(ExprKind::Bool(false), &t, 0),
                    "points" => self.node(ExprKind::Points, &t, 0),
                    "target" => self.node(ExprKind::Target(None), &t, 0),
                    "and" | "or" | "not" => Err(syntax(
                        &t,
                        format!("`{lower}` needs a condition on its left and right"),
                    )),
                    f if FUNCTIONS.contains(&f) => {
                        Err(syntax(&t, format!("`{f}` is a function: write {f}(…)")))
                    }
                    _ => self.node(ExprKind::Name(name.to_owned()), &t, 0),
                }
            }
            Tok::Str(_) => Err(syntax(
                &t,
                "a string is only allowed as the name of a target or factor, or as a branch label",
            )),
            Tok::End => Err(syntax(&t, "the formula ends where a value is expected")),
            Tok::Punct(Punct::RParen) => Err(syntax(&t, "a value is expected before `)`")),
            Tok::Punct(_) => Err(syntax(&t, "a value is expected here")),
        }
    }

    fn args(&mut self) -> Result<Vec<Arg>, FormulaError> {
        let open = self.bump();
        let mut args = Vec::new();
        if self.punct(Punct::RParen) {
            self.bump();
            return Ok(args);
        }
        loop {
            let next = self.peek_at(1).tok.clone();
            let is_str = matches!(self.peek().tok, Tok::Str(_))
                && matches!(next, Tok::Punct(Punct::Comma | Punct::RParen));
            if is_str {
                let t = self.bump();
                if let Tok::Str(s) = t.tok {
                    args.push(Arg::Str(s.to_owned()));
                }
            } else {
                args.push(Arg::Expr(self.formula()?));
            }
            let t = self.bump();
            match t.tok {
                Tok::Punct(Punct::Comma) => {}
                Tok::Punct(Punct::RParen) => return Ok(args),
                Tok::End => return Err(syntax(&open, "this parenthesis is not closed")),
                _ => {
                    return Err(syntax(
                        &t,
                        "unexpected token: an operator, `,` or `)` is missing before it",
                    ));
                }
            }
        }
    }

    fn call(&mut self, t: &Token<'a>, name: &str) -> Result<Parsed, FormulaError> {
        let lower = name.to_lowercase();
        let f = lower.as_str();
        if !FUNCTIONS.contains(&f) {
            let hint = super::compile::suggest(name, FUNCTIONS.iter().copied())
                .map(|s| format!("; did you mean {s}?"))
                .unwrap_or_default();
            return Err(FormulaError::new(
                FormulaErrorKind::UnknownName,
                format!("unknown function `{name}`{hint}"),
            )
            .at(t.pos.line, t.pos.column, t.text));
        }
        let usage = match f {
            "if" => "if(condition, then, else)",
            "min" => "min(a, b, …)",
            "max" => "max(a, b, …)",
            "clamp" => "clamp(x, lowest, highest)",
            "abs" => "abs(x)",
            "round" => "round(x, places, mode)",
            "branch" => "branch(\"label\", x)",
            "target" => "target or target(\"name\")",
            "factor" => "factor(\"name\")",
            "previous" => "previous(input)",
            _ => "peer_…(input)",
        };
        let args = self.args()?;
        let bad = |why: &str| syntax(t, format!("{why}: write {usage}"));
        let mut below = 0;
        let mut exprs = Vec::new();
        let mut strs = Vec::new();
        for (k, a) in args.into_iter().enumerate() {
            match a {
                Arg::Expr((e, d)) => {
                    below = below.max(d);
                    exprs.push(e);
                }
                // a string is the first argument of branch, target and factor, or nothing
                Arg::Str(s) if k == 0 && matches!(f, "branch" | "target" | "factor") => {
                    strs.push(s);
                }
                Arg::Str(_) => return Err(bad("a string is not allowed here")),
            }
        }
        let wanted = match f {
            "if" | "clamp" | "round" => 3,
            "target" | "factor" => 0,
            "min" | "max" => exprs.len().max(1),
            _ => 1,
        };
        let quoted = matches!(f, "branch" | "target" | "factor");
        if quoted && strs.is_empty() {
            return Err(bad("the first argument is a string in quotes"));
        }
        if exprs.len() != wanted {
            return Err(bad(if exprs.len() < wanted {
                "an argument is missing"
            } else {
                "too many arguments"
            }));
        }
        let label = strs.pop().unwrap_or_default();
        let mut es = exprs.into_iter().map(Box::new);
        let mut next = || es.next().ok_or_else(|| bad("an argument is missing"));
        let kind = match f {
            "if" => {
                let (c, a, b) = (next()?, next()?, next()?);
                ExprKind::If(c, a, b)
            }
            "clamp" => {
                let (x, lo, hi) = (next()?, next()?, next()?);
                ExprKind::Clamp(x, lo, hi)
            }
            "abs" => ExprKind::Abs(next()?),
            "min" | "max" => {
                let xs: Vec<Expr> = std::iter::from_fn(|| next().ok()).map(|b| *b).collect();
                if f == "min" {
                    ExprKind::Min(xs)
                } else {
                    ExprKind::Max(xs)
                }
            }
            "round" => {
                let (x, places, mode) = (next()?, next()?, next()?);
                let places = match places.kind {
                    ExprKind::Number(d) if d.scale() == 0 && d <= Decimal::from(28) => {
                        u32::try_from(d.mantissa()).ok()
                    }
                    _ => None,
                }
                .ok_or_else(|| bad("places must be a whole number from 0 to 28"))?;
                let mode = match &mode.kind {
                    ExprKind::Name(m) => mode_named(m),
                    _ => None,
                }
                .ok_or_else(|| {
                    bad("the mode is one of half_up (四舍五入), half_even (四舍六入五成双), toward_zero (截尾), away_from_zero (进一), floor (向下取整), ceiling (向上取整)")
                })?;
                ExprKind::Round(x, places, mode)
            }
            "branch" => ExprKind::Branch(label, next()?),
            "target" if label.is_empty() => return Err(bad("the target's name is empty")),
            "target" => ExprKind::Target(Some(label)),
            "factor" => ExprKind::Factor(label),
            _ => {
                let ExprKind::Name(input) = next()?.kind else {
                    return Err(bad("the argument is an input's name"));
                };
                match PeerStat::ALL.into_iter().find(|s| s.function() == f) {
                    Some(stat) => ExprKind::Peer(stat, input),
                    None => ExprKind::Previous(input),
                }
            }
        };
        // a function's name is its node's token; it adds one level above its arguments
        self.node(kind, t, below)
    }
}

fn deep(t: &Token<'_>) -> FormulaError {
    FormulaError::new(
        FormulaErrorKind::Limit,
        format!("the formula nests deeper than {MAX_DEPTH} levels"),
    )
    .at(t.pos.line, t.pos.column, t.text)
}

impl Expr {
    /// Parses formula text.
    ///
    /// # Errors
    ///
    /// A [`FormulaError`] with the line, column and token: [`Syntax`] for text outside
    /// the grammar, [`UnknownName`] for an unknown function, [`Limit`] beyond
    /// [`MAX_TEXT_BYTES`](super::MAX_TEXT_BYTES), [`MAX_NODES`] or [`MAX_DEPTH`].
    ///
    /// [`Syntax`]: FormulaErrorKind::Syntax
    /// [`UnknownName`]: FormulaErrorKind::UnknownName
    /// [`Limit`]: FormulaErrorKind::Limit
    ///
    /// # Examples
    ///
    /// ```
    /// use scorecard::rule::formula::Expr;
    ///
    /// let e = Expr::parse("IF(rate ≥ 1, points, points × rate)").unwrap();
    /// assert_eq!(e.to_string(), "if(rate >= 1, points, points * rate)");
    /// ```
    pub fn parse(text: &str) -> Result<Expr, FormulaError> {
        let mut p = Parser {
            toks: tokens(text)?,
            at: 0,
            nesting: 0,
            nodes: 0,
        };
        let (e, _) = p.formula()?;
        let t = p.peek();
        match t.tok {
            Tok::End => Ok(e),
            Tok::Punct(Punct::RParen) => Err(syntax(t, "this parenthesis has no opening one")),
            _ => Err(syntax(
                t,
                "unexpected token: an operator is missing before it",
            )),
        }
    }
}

impl FromStr for Expr {
    type Err = FormulaError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Expr::parse(s)
    }
}
