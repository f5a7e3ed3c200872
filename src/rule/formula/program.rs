//! A compiled formula: bindings and a score, checked once, evaluated many times.

use super::code::{Arg, Binding, Code, Type, Uses};
use super::compile::Compiler;
use super::error::FormulaError;
use super::eval::{Env, Frame, Label, Value, Watch, with_memo};
use super::schema::Schema;

/// A formula compiled once, when the rule book loads: its bindings (named intermediate
/// values) and its score, every name resolved to a slot of the [`Schema`], every type
/// checked, constant sub-expressions folded. Evaluation never parses nor looks up a
/// name, and does not allocate.
///
/// # Examples
///
/// Completion against a target, capped at 1.2 (the built-in completion rule):
///
/// ```
/// use rust_decimal::Decimal;
/// use scorecard::rule::formula::{Binding, Env, Program, Schema};
///
/// struct Unit {
///     actual: Decimal,
///     target: Decimal,
/// }
///
/// impl Env for Unit {
///     fn input(&self, _slot: usize) -> Option<Decimal> {
///         Some(self.actual)
///     }
///     fn target(&self, _slot: usize) -> Option<Decimal> {
///         Some(self.target)
///     }
///     fn points(&self) -> Decimal {
///         Decimal::from(4)
///     }
/// }
///
/// let schema = Schema::new().input("actual").target();
/// let program = Program::compile(
///     &[Binding::new("rate", "actual / target")],
///     r#"if(rate >= 1.2, branch("capped", points * 1.2), branch("below_cap", points * rate))"#,
///     &schema,
/// )?;
/// let unit = Unit { actual: "620".parse()?, target: "800".parse()? };
/// let mut steps = Vec::new();
/// let out = program.eval(&unit, &mut |name: &str, v: Decimal| steps.push(format!("{name} = {v}")))?;
/// assert_eq!(out.value.number(), Some("3.100".parse()?)); // 4 × 0.775
/// assert_eq!(out.branch.map(|b| b.text), Some("below_cap"));
/// assert_eq!(steps, ["rate = 0.775"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    code: Code,
    root: Arg,
    ty: Type,
}

/// What an evaluation gives: the value and the branch label recorded last, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome<'p> {
    /// The formula's value.
    pub value: Value,
    /// The branch taken: the label of the `branch(…)` evaluated last (an enclosing
    /// `branch` finishes after the ones inside it, so the outermost wins).
    pub branch: Option<Label<'p>>,
}

impl Program {
    /// Compiles `bindings` (in order, each seeing only those before it) and the `score`
    /// formula over `schema`.
    ///
    /// # Errors
    ///
    /// A [`FormulaError`] naming the binding or the score, the line, column and token:
    /// syntax, unknown names (with a suggestion when one is close), type errors,
    /// bindings that use themselves or later ones, bindings that shadow an input or a
    /// built-in, values the schema does not provide, and the
    /// [limits](super#limits).
    pub fn compile(
        bindings: &[Binding],
        score: &str,
        schema: &Schema,
    ) -> Result<Self, FormulaError> {
        let mut c = Compiler::new(schema)?;
        c.bindings(bindings)?;
        let score = c.part("score".to_owned(), score)?;
        Ok(Self {
            code: c.finish(),
            root: score.arg,
            ty: score.ty,
        })
    }

    /// The type of the score: a number, or a condition (for a pass/fail rule).
    pub fn result_type(&self) -> Type {
        self.ty
    }

    /// Whether the score is a number.
    pub fn is_numeric(&self) -> bool {
        self.ty == Type::Number
    }

    /// The branch labels the formula can record, in order of first appearance
    /// (bindings first, then the score); [`Label::index`] indexes this list.
    pub fn labels(&self) -> &[String] {
        &self.code.labels
    }

    /// The bindings' names, in order.
    pub fn bindings(&self) -> impl Iterator<Item = &str> {
        self.code.lets.iter().map(|l| l.name.as_str())
    }

    /// What the formula reads, so that the host computes only that.
    pub fn uses(&self) -> &Uses {
        &self.code.uses
    }

    /// The schema the program was compiled against.
    pub fn schema(&self) -> &Schema {
        &self.code.schema
    }

    /// Evaluates the program for one unit; each binding computed is reported to
    /// `watch` (any `FnMut(&str, Decimal)`, or [`NoWatch`](super::NoWatch)).
    ///
    /// # Errors
    ///
    /// A [`FormulaError`] naming the part, column and token where evaluation stopped:
    /// [`DivisionByZero`](super::FormulaErrorKind::DivisionByZero) (a rule may score
    /// its declared fallback instead), [`Overflow`](super::FormulaErrorKind::Overflow),
    /// [`Missing`](super::FormulaErrorKind::Missing) when `env` has no value for
    /// something read, [`InvalidArgument`](super::FormulaErrorKind::InvalidArgument).
    #[inline]
    pub fn eval<E, W>(&self, env: &E, watch: &mut W) -> Result<Outcome<'_>, FormulaError>
    where
        E: Env + ?Sized,
        W: Watch + ?Sized,
    {
        let code = &self.code;
        with_memo(code.lets.len(), |memo| {
            let mut frame = Frame::new(code, env, watch, memo);
            let value = frame.value(self.root, self.ty);
            match frame.finish() {
                Ok(branch) => Ok(Outcome {
                    value,
                    branch: branch.map(|k| code.label(k)),
                }),
                Err(fault) => Err(code.error(fault)),
            }
        })
    }
}
