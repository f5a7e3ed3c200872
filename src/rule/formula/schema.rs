//! What a formula may read: the host's declaration of inputs, targets and factors.

use super::error::{FormulaError, FormulaErrorKind};
use super::lexer::is_name;
use super::parse::is_reserved;

/// One input a rule declares: its name in formulas, and whether the host provides its
/// peer statistics and its previous period's value.
///
/// # Examples
///
/// ```
/// use scorecard::rule::formula::Input;
///
/// let x = Input::new("collected").with_peers().with_previous();
/// assert!(x.has_peers() && x.has_previous());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    name: String,
    peers: bool,
    previous: bool,
}

impl Input {
    /// An input called `name`, without peer statistics or a previous period.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            peers: false,
            previous: false,
        }
    }

    /// The host provides this input's peer statistics (`peer_mean(x)` …).
    pub fn with_peers(mut self) -> Self {
        self.peers = true;
        self
    }

    /// The host provides this input's previous period (`previous(x)`).
    pub fn with_previous(mut self) -> Self {
        self.previous = true;
        self
    }

    /// The input's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether peer statistics are available.
    pub fn has_peers(&self) -> bool {
        self.peers
    }

    /// Whether the previous period is available.
    pub fn has_previous(&self) -> bool {
        self.previous
    }
}

impl From<&str> for Input {
    fn from(name: &str) -> Self {
        Input::new(name)
    }
}

impl From<String> for Input {
    fn from(name: String) -> Self {
        Input::new(name)
    }
}

/// What the host gives a formula: the inputs (numbered in declaration order: the slot
/// an [`Env`](super::Env) is asked for), the unit's targets and its factors.
///
/// The bare name `target` reads the target declared with [`Schema::target`];
/// `target("name")` one declared with [`Schema::named_target`]. Target slots count
/// both in declaration order.
///
/// # Examples
///
/// ```
/// use scorecard::rule::formula::{Input, Schema};
///
/// let s = Schema::new()
///     .input("actual")
///     .input(Input::new("rate").with_peers())
///     .target()
///     .factor("staff");
/// assert_eq!(s.input_slot("rate"), Some(1));
/// assert_eq!(s.factor_slot("staff"), Some(0));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    inputs: Vec<Input>,
    /// Target names; `""` is the unit's own target (bare `target`).
    targets: Vec<String>,
    factors: Vec<String>,
}

impl Schema {
    /// A schema with nothing declared (formulas may still read `points`).
    pub fn new() -> Self {
        Self::default()
    }

    /// Declares an input (the next slot).
    pub fn input(mut self, input: impl Into<Input>) -> Self {
        self.inputs.push(input.into());
        self
    }

    /// Declares the unit's target, read as `target`.
    pub fn target(mut self) -> Self {
        if !self.targets.iter().any(String::is_empty) {
            self.targets.push(String::new());
        }
        self
    }

    /// Declares a named target, read as `target("name")`.
    pub fn named_target(mut self, name: impl Into<String>) -> Self {
        self.targets.push(name.into());
        self
    }

    /// Declares a unit factor, read as `factor("name")`.
    pub fn factor(mut self, name: impl Into<String>) -> Self {
        self.factors.push(name.into());
        self
    }

    /// The inputs, in slot order.
    pub fn inputs(&self) -> &[Input] {
        &self.inputs
    }

    /// The slot of input `name`.
    pub fn input_slot(&self, name: &str) -> Option<usize> {
        self.inputs.iter().position(|i| i.name == name)
    }

    /// The slot of the unit's target (`None` for the bare `target`, or a name).
    pub fn target_slot(&self, name: Option<&str>) -> Option<usize> {
        let name = name.unwrap_or("");
        self.targets.iter().position(|t| t == name)
    }

    /// The slot of factor `name`.
    pub fn factor_slot(&self, name: &str) -> Option<usize> {
        self.factors.iter().position(|f| f == name)
    }

    /// The target names in slot order (`""` for the unit's own target).
    pub fn targets(&self) -> &[String] {
        &self.targets
    }

    /// The factor names in slot order.
    pub fn factors(&self) -> &[String] {
        &self.factors
    }

    /// Checks the declaration: input names are names of the language, not keywords or
    /// built-ins, and given once; targets and factors are given once.
    pub(crate) fn check(&self) -> Result<(), FormulaError> {
        let def =
            |m: String| Err(FormulaError::new(FormulaErrorKind::Definition, m).in_part("schema"));
        for (k, i) in self.inputs.iter().enumerate() {
            if !is_name(&i.name) {
                return def(format!(
                    "input `{}` is not a name: a letter or `_`, then letters, digits or `_`",
                    i.name
                ));
            }
            if is_reserved(&i.name) {
                return def(format!(
                    "input `{}` is named like a keyword or built-in of the formula language",
                    i.name
                ));
            }
            if self.inputs[..k].iter().any(|j| j.name == i.name) {
                return def(format!("input `{}` is declared twice", i.name));
            }
        }
        for (k, t) in self.targets.iter().enumerate() {
            if self.targets[..k].contains(t) {
                return def(format!("target `{t}` is declared twice"));
            }
        }
        for (k, f) in self.factors.iter().enumerate() {
            if self.factors[..k].contains(f) {
                return def(format!("factor `{f}` is declared twice"));
            }
        }
        Ok(())
    }
}
