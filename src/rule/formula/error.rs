//! The formula language's own error: what went wrong, where (the binding, score, row or
//! column; line and column) and the offending token.

use std::fmt;

/// What kind of mistake a [`FormulaError`] reports.
///
/// Compile-time kinds (the rule book is refused) come first; evaluation-time kinds
/// ([`Overflow`](FormulaErrorKind::Overflow),
/// [`DivisionByZero`](FormulaErrorKind::DivisionByZero),
/// [`Missing`](FormulaErrorKind::Missing),
/// [`InvalidArgument`](FormulaErrorKind::InvalidArgument),
/// [`NoRow`](FormulaErrorKind::NoRow)) last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FormulaErrorKind {
    /// The text does not follow the grammar: an unexpected or unknown character or
    /// token, an unclosed parenthesis, a malformed number, a function given the wrong
    /// arguments, a malformed table cell.
    Syntax,
    /// A name that is neither an input, a binding nor a built-in; an unknown function,
    /// factor or named target.
    UnknownName,
    /// A number where a condition (true/false) is needed, or the reverse.
    Type,
    /// A binding that uses itself or a binding declared after it.
    Cycle,
    /// A binding whose name repeats an input, a built-in or an earlier binding.
    Shadow,
    /// A value the host does not provide for this rule: the unit's target, peer
    /// statistics or the previous period of an input.
    Unavailable,
    /// A bound of the language exceeded (text length, node count, nesting depth,
    /// bindings, table rows or columns).
    Limit,
    /// A table or schema whose structure is wrong: a row with the wrong number of cells,
    /// a condition that holds for no value, a missing or misplaced priority, an input
    /// declared twice.
    Definition,
    /// Two rows of a `unique` table (or two rows of equal priority) match the same
    /// value.
    Overlap,
    /// Values that no row of a table covers, and the table declares no default.
    Gap,
    /// A table too large to check for overlaps and gaps within the work limit.
    TooComplex,
    /// A result that does not fit a `Decimal`.
    Overflow,
    /// A division by zero (a rule may declare what it scores then).
    DivisionByZero,
    /// The host has no value for an input, target, factor, peer statistic or previous
    /// period.
    Missing,
    /// A function argument outside its domain (`clamp` with a lower bound above the
    /// upper one).
    InvalidArgument,
    /// No row of a table matched (cannot happen for a table that passed its checks).
    NoRow,
}

/// An error of the formula language: its [kind](FormulaErrorKind), a message, the part
/// it concerns (`score`, `binding rate`, `row 3` …), the 1-based line and column of
/// the offending token (in characters) and the token itself.
///
/// # Examples
///
/// ```
/// use scorecard::rule::formula::{Expr, FormulaErrorKind};
///
/// let e = Expr::parse("points * (rate + 1").unwrap_err();
/// assert_eq!(e.kind(), FormulaErrorKind::Syntax);
/// assert_eq!(e.column(), Some(10));
/// assert_eq!(e.token(), Some("("));
/// assert_eq!(e.to_string(), "column 10 (`(`): this parenthesis is not closed");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormulaError {
    /// Boxed, so that a `Result` of an evaluation stays small.
    inner: Box<Inner>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: FormulaErrorKind,
    message: String,
    part: Option<String>,
    line: u32,
    column: u32,
    token: Option<String>,
}

impl FormulaError {
    /// An error of `kind` with `message` and no position yet.
    #[cold]
    pub(crate) fn new(kind: FormulaErrorKind, message: impl Into<String>) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                part: None,
                line: 0,
                column: 0,
                token: None,
            }),
        }
    }

    /// Sets the position (1-based line and column; 0 for none) and the token.
    pub(crate) fn at(mut self, line: u32, column: u32, token: impl Into<String>) -> Self {
        let token = token.into();
        let e = &mut self.inner;
        e.line = line;
        e.column = column;
        e.token = (!token.is_empty()).then_some(token);
        self
    }

    /// Names the part of the definition the error concerns, unless it is named already.
    pub(crate) fn in_part(mut self, part: impl Into<String>) -> Self {
        if self.inner.part.is_none() {
            self.inner.part = Some(part.into());
        }
        self
    }

    /// Names the part of the definition the error concerns, replacing any name it had.
    pub(crate) fn with_part(mut self, part: impl Into<String>) -> Self {
        self.inner.part = Some(part.into());
        self
    }

    /// What kind of error this is.
    pub fn kind(&self) -> FormulaErrorKind {
        self.inner.kind
    }

    /// The message, without the part and position.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The part of the definition concerned: `score`, `binding rate`, `row 3`,
    /// `column 1` …; `None` when a lone expression was parsed.
    pub fn part(&self) -> Option<&str> {
        self.inner.part.as_deref()
    }

    /// The 1-based line of the offending token, if the error has a position.
    pub fn line(&self) -> Option<u32> {
        (self.inner.line > 0).then_some(self.inner.line)
    }

    /// The 1-based column (in characters, not bytes) of the offending token, if the
    /// error has a position.
    pub fn column(&self) -> Option<u32> {
        (self.inner.column > 0).then_some(self.inner.column)
    }

    /// The offending token as the language writes it, if there is one.
    pub fn token(&self) -> Option<&str> {
        self.inner.token.as_deref()
    }

    /// Whether a division by zero was met while evaluating.
    pub fn is_division_by_zero(&self) -> bool {
        self.inner.kind == FormulaErrorKind::DivisionByZero
    }

    /// Whether a value did not fit a `Decimal`.
    pub fn is_overflow(&self) -> bool {
        self.inner.kind == FormulaErrorKind::Overflow
    }

    /// Whether the host had no value for something the formula reads.
    pub fn is_missing(&self) -> bool {
        self.inner.kind == FormulaErrorKind::Missing
    }

    /// Whether a bound of the language was exceeded.
    pub fn is_limit(&self) -> bool {
        self.inner.kind == FormulaErrorKind::Limit
    }
}

impl fmt::Display for FormulaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        if let Some(part) = &self.inner.part {
            f.write_str(part)?;
            sep = ", ";
        }
        if self.inner.line > 1 {
            write!(f, "{sep}line {}", self.inner.line)?;
            sep = ", ";
        }
        if self.inner.column > 0 {
            write!(f, "{sep}column {}", self.inner.column)?;
            sep = ", ";
        }
        if let Some(token) = &self.inner.token {
            if sep.is_empty() {
                write!(f, "`{token}`")?;
            } else {
                write!(f, " (`{token}`)")?;
            }
            sep = ", ";
        }
        if sep.is_empty() {
            f.write_str(&self.inner.message)
        } else {
            write!(f, ": {}", self.inner.message)
        }
    }
}

impl std::error::Error for FormulaError {}
