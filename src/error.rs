//! The crate's one error type.
//!
//! [`Error`] wraps a private kind; ask it what went wrong with the `is_*`
//! predicates and which objects it concerns with [`Error::unit`] and
//! [`Error::indicator`]. Messages are lowercase and name the objects, e.g.
//! `indicator I051 has no target for unit U0031`.
//!
//! An error met while loading a rule-book file through [`crate::rulebook`] says where:
//! [`Error::file`], [`Error::line`], [`Error::column`], [`Error::path`], the
//! [`Error::key`] and a [`Error::suggestion`] for a misspelt key, e.g.
//! `indicators.toml:12:5: indicator I051: unknown key `capp` in rule (did you mean `cap`?)`.
//! When a type's own check fails while it is being loaded (a catalogue with a repeated
//! indicator, say), the load error keeps that error as its cause: the `is_*` predicates,
//! [`Error::indicator`] and [`Error::unit`] answer for it.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::sync::Arc;

use crate::id::{DatapointId, FactorId, GroupId, IndicatorId, PersonId, UnitId};

/// A `Result` whose error is the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the crate.
///
/// # Examples
///
/// ```
/// use scorecard::{Error, IndicatorId, UnitId};
///
/// let e = Error::missing_target(&UnitId::from("U0031"), &IndicatorId::from("I051"));
/// assert!(e.is_missing_target());
/// assert_eq!(e.to_string(), "indicator I051 has no target for unit U0031");
/// assert_eq!(e.unit().map(|u| u.as_str()), Some("U0031"));
/// ```
#[derive(Clone)]
pub struct Error {
    kind: Arc<ErrorKind>,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
enum ErrorKind {
    #[error("indicator {indicator} has an invalid {field}: {reason}")]
    InvalidDefinition {
        indicator: IndicatorId,
        field: String,
        reason: String,
    },
    #[error("indicator {indicator} has no target for unit {unit}")]
    MissingTarget {
        unit: UnitId,
        indicator: IndicatorId,
    },
    #[error("indicator {indicator} has target {target} for unit {unit}: {reason}")]
    InvalidTarget {
        unit: UnitId,
        indicator: IndicatorId,
        target: String,
        reason: &'static str,
    },
    #[error("indicator {indicator} reads data point {datapoint}, which is not known{}", for_unit(unit.as_ref()))]
    UnknownDatapoint {
        unit: Option<UnitId>,
        indicator: IndicatorId,
        datapoint: DatapointId,
    },
    #[error("unit {unit} is not known")]
    UnknownUnit { unit: UnitId },
    #[error("unit {unit} is given twice")]
    DuplicateUnit { unit: UnitId },
    #[error("indicator {indicator} is given twice")]
    DuplicateIndicator { indicator: IndicatorId },
    #[error("unit {unit} has no factor {factor}")]
    MissingFactor { unit: UnitId, factor: FactorId },
    #[error("unit {unit} has factor {factor} = {value}: {reason}")]
    InvalidFactor {
        unit: UnitId,
        factor: FactorId,
        value: String,
        reason: &'static str,
    },
    #[error("decimal overflow computing {what} for unit {unit}{}", on_indicator(indicator.as_ref()))]
    Overflow {
        unit: UnitId,
        indicator: Option<IndicatorId>,
        what: &'static str,
    },
    #[error("{what} for unit {unit}{} cannot be held with the places it needs: a decimal keeps 28 to 29 significant digits", on_indicator(indicator.as_ref()))]
    PrecisionLost {
        unit: UnitId,
        indicator: Option<IndicatorId>,
        what: &'static str,
    },
    #[error("division by zero computing {what} for unit {unit}{}", on_indicator(indicator.as_ref()))]
    DivisionByZero {
        unit: UnitId,
        indicator: Option<IndicatorId>,
        what: &'static str,
    },
    #[error("decimal overflow computing {what} for group {group}{}", on_indicator(indicator.as_ref()))]
    GroupOverflow {
        group: GroupId,
        indicator: Option<IndicatorId>,
        what: &'static str,
    },
    #[error("incident {incident} of unit {unit} on indicator {indicator}: {reason}")]
    InvalidIncident {
        unit: UnitId,
        indicator: IndicatorId,
        incident: String,
        reason: String,
    },
    #[error("decimal overflow computing {what} for person {person}{}", on_indicator(indicator.as_ref()))]
    PersonOverflow {
        person: PersonId,
        indicator: Option<IndicatorId>,
        what: &'static str,
    },
    #[error("organisation: {message}")]
    InvalidOrg { message: String },
    #[error("plan: {message}")]
    InvalidPlan { message: String },
    #[error("unit {unit} is outside the view of unit {viewer}")]
    OutOfScope { viewer: UnitId, unit: UnitId },
    #[error("{message}")]
    Config { message: String },
    #[error("{method}: {reason}")]
    InvalidInput {
        method: &'static str,
        criterion: Option<String>,
        reason: String,
    },
    #[error("{method}: decimal overflow computing {what}")]
    MethodOverflow {
        method: &'static str,
        what: &'static str,
    },
    #[error(
        "{method}: no convergence in {iterations} iterations (last change {change}, tolerance {tolerance})"
    )]
    NoConvergence {
        method: &'static str,
        iterations: u32,
        change: String,
        tolerance: String,
    },
    #[error("{context}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Load(Load),
    // ---- open rules (issue 17): formulas, decision tables, host rules ----
    #[error("indicator {indicator}{}: {error}", for_unit_comma(unit.as_ref()))]
    Formula {
        indicator: IndicatorId,
        unit: Option<UnitId>,
        error: crate::rule::formula::FormulaError,
        /// Where the formula is written inside the indicator's rule (keys and indices),
        /// so that the rule-book loader can point into the file.
        at: Vec<crate::rule::RulePathStep>,
    },
    #[error("indicator {indicator} scores {score} for unit {}, outside 0 to {high}: declare `clamp = true` to hold scores within", unit.as_ref().map_or("?", |u| u.as_str()))]
    OutOfRange {
        unit: Option<UnitId>,
        indicator: IndicatorId,
        score: String,
        high: String,
    },
    #[error("indicator {indicator} uses host rule `{name}`, which is not registered{}", registered_hint(suggestion.as_deref(), registered))]
    UnknownRule {
        indicator: IndicatorId,
        name: String,
        registered: Vec<String>,
        suggestion: Option<String>,
    },
    #[error("{}{message}", rule_subject(unit.as_ref(), indicator.as_ref()))]
    RuleFailed {
        unit: Option<UnitId>,
        indicator: Option<IndicatorId>,
        message: String,
    },
    // ---- end of open rules ----
}

/// Where and why a rule-book file failed to load (see [`crate::rulebook`]).
#[derive(Debug)]
pub(crate) struct Load {
    /// The file name as the caller gave it.
    pub(crate) file: String,
    /// 1-based line and column (in characters), when the failure has a place.
    pub(crate) at: Option<(u32, u32)>,
    /// The path of keys and indices to the value, e.g. `indicators[3].rule.capp`;
    /// empty at the top level.
    pub(crate) path: String,
    /// The object the value belongs to (indicator I051, unit U1, `cards[2]` …).
    pub(crate) object: Option<Object>,
    /// The key concerned: the unknown, missing or invalid one.
    pub(crate) key: Option<String>,
    /// The nearest valid key (or value) to a misspelt one.
    pub(crate) suggestion: Option<String>,
    /// What kind of failure.
    pub(crate) what: LoadWhat,
    /// Why, in words (the cause's own message when there is a cause).
    pub(crate) reason: String,
    /// A type's own error raised while loading, kept with its structure.
    pub(crate) cause: Option<Error>,
}

/// The kind of a load failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoadWhat {
    /// The text is not TOML or JSON (or breaks the loader's limits on nesting).
    Syntax,
    /// The text is larger than the loader accepts.
    TooLarge,
    /// A key that the type does not define.
    UnknownKey,
    /// Anything else: a missing key, a value of the wrong type or out of range, a
    /// type's own check.
    Invalid,
}

/// What a located value belongs to: the nearest enclosing element of an array that is
/// a table with a string `id`, or that element by its index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Object {
    /// An element of `indicators`.
    Indicator(IndicatorId),
    /// An element of `units`.
    Unit(UnitId),
    /// An element with an id of another collection: `what` is the collection's name
    /// in the singular (`data point`, `group` …).
    Named { what: String, id: String },
    /// An element without an id: `collection[index]`.
    Element { collection: String, index: usize },
}

impl fmt::Display for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Object::Indicator(i) => write!(f, "indicator {i}"),
            Object::Unit(u) => write!(f, "unit {u}"),
            Object::Named { what, id } => write!(f, "{what} {id}"),
            Object::Element { collection, index } => write!(f, "{collection}[{index}]"),
        }
    }
}

impl fmt::Display for Load {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some((line, column)) = self.at {
            write!(f, ":{line}:{column}")?;
        }
        f.write_str(": ")?;
        // a cause that names the object itself is not prefixed with it again
        let named_by_cause = match (&self.object, &self.cause) {
            (Some(Object::Indicator(i)), Some(c)) => c.indicator() == Some(i),
            (Some(Object::Unit(u)), Some(c)) => c.unit() == Some(u),
            _ => false,
        };
        if let Some(object) = self.object.as_ref().filter(|_| !named_by_cause) {
            write!(f, "{object}: ")?;
        }
        match &self.cause {
            Some(cause) => fmt::Display::fmt(&cause.kind, f),
            None => f.write_str(&self.reason),
        }
    }
}

thread_local! {
    /// Set while [`capture_display`] formats a message.
    static CAPTURING: Cell<bool> = const { Cell::new(false) };
    /// The first [`Error`] formatted while capturing.
    static CAPTURED: RefCell<Option<Error>> = const { RefCell::new(None) };
}

/// Formats `msg` and returns the text with the crate [`Error`] that `msg` is, when it is
/// one (its text is exactly that error's message).
///
/// This is how an error keeps its structure through `serde::de::Error::custom`, which
/// sees only a `Display`: serde raises a `#[serde(try_from = …)]` conversion's error
/// (`Catalog::try_from` failing with a repeated indicator, say) as `custom(error)`, and
/// the rule-book deserializer's `custom` formats it here. [`Error`]'s `Display` offers
/// a clone of itself (a reference count) while a capture is running; nothing else ever
/// reads the slot, and formatting outside a capture has no side effect.
pub(crate) fn capture_display(msg: impl fmt::Display) -> (String, Option<Error>) {
    /// Restores the flag however formatting ends (a `Display` that panics included).
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            CAPTURING.with(|c| c.set(self.0));
        }
    }
    let was = CAPTURING.with(|c| c.replace(true));
    let restore = Restore(was);
    let text = msg.to_string();
    drop(restore);
    let captured = if was {
        None
    } else {
        CAPTURED.with(|c| c.borrow_mut().take())
    };
    let captured = captured.filter(|e| {
        // formatting again offers nothing: the capture is over
        e.to_string() == text
    });
    (text, captured)
}

impl Error {
    /// Offers this error to a running [`capture_display`].
    fn offer(&self) {
        if CAPTURING.with(Cell::get) {
            CAPTURED.with(|c| {
                if let Ok(mut slot) = c.try_borrow_mut() {
                    if slot.is_none() {
                        *slot = Some(self.clone());
                    }
                }
            });
        }
    }
}

fn for_unit(unit: Option<&UnitId>) -> String {
    unit.map(|u| format!(" (unit {u})")).unwrap_or_default()
}

fn on_indicator(indicator: Option<&IndicatorId>) -> String {
    indicator
        .map(|i| format!(" on indicator {i}"))
        .unwrap_or_default()
}

// ---- open rules (issue 17) ----

fn for_unit_comma(unit: Option<&UnitId>) -> String {
    unit.map(|u| format!(", unit {u}")).unwrap_or_default()
}

fn registered_hint(suggestion: Option<&str>, registered: &[String]) -> String {
    let known = if registered.is_empty() {
        " (no host rule is registered)".to_owned()
    } else {
        let names: Vec<String> = registered.iter().map(|r| format!("`{r}`")).collect();
        format!(" (registered: {})", names.join(", "))
    };
    match suggestion {
        Some(s) => format!("; did you mean `{s}`?{known}"),
        None => known,
    }
}

fn rule_subject(unit: Option<&UnitId>, indicator: Option<&IndicatorId>) -> String {
    match (indicator, unit) {
        (Some(i), Some(u)) => format!("indicator {i}, unit {u}: "),
        (Some(i), None) => format!("indicator {i}: "),
        (None, Some(u)) => format!("unit {u}: "),
        (None, None) => String::new(),
    }
}

// ---- end of open rules ----

impl Error {
    fn new(kind: ErrorKind) -> Self {
        Self {
            kind: Arc::new(kind),
        }
    }

    /// The kind that the predicates ask: a load error's cause when it has one.
    fn effective(&self) -> &ErrorKind {
        match &*self.kind {
            ErrorKind::Load(Load {
                cause: Some(cause), ..
            }) => cause.effective(),
            kind => kind,
        }
    }

    /// The load failure, when this is one.
    fn load(&self) -> Option<&Load> {
        match &*self.kind {
            ErrorKind::Load(l) => Some(l),
            _ => None,
        }
    }

    /// A rule-book file failed to load (see [`crate::rulebook`]).
    pub(crate) fn load_failure(load: Load) -> Self {
        Self::new(ErrorKind::Load(load))
    }

    /// The field an invalid indicator definition names.
    pub(crate) fn definition_field(&self) -> Option<&str> {
        match self.effective() {
            ErrorKind::InvalidDefinition { field, .. } => Some(field),
            _ => None,
        }
    }

    /// An indicator definition is wrong in `field`.
    pub fn invalid_definition(
        indicator: &IndicatorId,
        field: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Self::new(ErrorKind::InvalidDefinition {
            indicator: indicator.clone(),
            field: field.into(),
            reason: reason.into(),
        })
    }

    /// A rule needs a target for this unit and none was given.
    pub fn missing_target(unit: &UnitId, indicator: &IndicatorId) -> Self {
        Self::new(ErrorKind::MissingTarget {
            unit: unit.clone(),
            indicator: indicator.clone(),
        })
    }

    /// A target was given but the rule cannot use it (for example it is not greater
    /// than zero); `reason` says why.
    pub fn invalid_target(
        unit: &UnitId,
        indicator: &IndicatorId,
        target: impl fmt::Display,
        reason: &'static str,
    ) -> Self {
        Self::new(ErrorKind::InvalidTarget {
            unit: unit.clone(),
            indicator: indicator.clone(),
            target: target.to_string(),
            reason,
        })
    }

    /// An indicator reads a data point that the data does not know.
    pub fn unknown_datapoint(
        unit: Option<&UnitId>,
        indicator: &IndicatorId,
        datapoint: &DatapointId,
    ) -> Self {
        Self::new(ErrorKind::UnknownDatapoint {
            unit: unit.cloned(),
            indicator: indicator.clone(),
            datapoint: datapoint.clone(),
        })
    }

    /// A unit is referred to that was never declared.
    pub fn unknown_unit(unit: &UnitId) -> Self {
        Self::new(ErrorKind::UnknownUnit { unit: unit.clone() })
    }

    /// A unit is declared twice.
    pub fn duplicate_unit(unit: &UnitId) -> Self {
        Self::new(ErrorKind::DuplicateUnit { unit: unit.clone() })
    }

    /// An indicator is declared twice.
    pub fn duplicate_indicator(indicator: &IndicatorId) -> Self {
        Self::new(ErrorKind::DuplicateIndicator {
            indicator: indicator.clone(),
        })
    }

    /// A unit lacks a factor that a rule or the difficulty adjustment reads.
    pub fn missing_factor(unit: &UnitId, factor: &FactorId) -> Self {
        Self::new(ErrorKind::MissingFactor {
            unit: unit.clone(),
            factor: factor.clone(),
        })
    }

    /// A unit's factor has a value a rule cannot use; `reason` says why.
    pub fn invalid_factor(
        unit: &UnitId,
        factor: &FactorId,
        value: impl fmt::Display,
        reason: &'static str,
    ) -> Self {
        Self::new(ErrorKind::InvalidFactor {
            unit: unit.clone(),
            factor: factor.clone(),
            value: value.to_string(),
            reason,
        })
    }

    /// A decimal operation overflowed (values near 7.9 × 10²⁸) while computing `what`.
    pub fn overflow(unit: &UnitId, indicator: Option<&IndicatorId>, what: &'static str) -> Self {
        Self::new(ErrorKind::Overflow {
            unit: unit.clone(),
            indicator: indicator.cloned(),
            what,
        })
    }

    /// The exact result of computing `what` has more digits than a `Decimal` holds at
    /// its magnitude, so it would have to be rounded at or before its twelfth place and a
    /// figure published from it could be wrong (at magnitudes of about 10¹⁶ and above).
    ///
    /// # Examples
    ///
    /// ```
    /// use scorecard::{Error, IndicatorId, UnitId};
    ///
    /// let e = Error::precision_lost(&UnitId::from("U1"), Some(&IndicatorId::from("I9")), "score");
    /// assert!(e.is_precision_lost() && !e.is_overflow());
    /// assert_eq!(e.indicator().map(|i| i.as_str()), Some("I9"));
    /// ```
    pub fn precision_lost(
        unit: &UnitId,
        indicator: Option<&IndicatorId>,
        what: &'static str,
    ) -> Self {
        Self::new(ErrorKind::PrecisionLost {
            unit: unit.clone(),
            indicator: indicator.cloned(),
            what,
        })
    }

    /// A division by zero while computing `what`.
    pub fn division_by_zero(
        unit: &UnitId,
        indicator: Option<&IndicatorId>,
        what: &'static str,
    ) -> Self {
        Self::new(ErrorKind::DivisionByZero {
            unit: unit.clone(),
            indicator: indicator.cloned(),
            what,
        })
    }

    /// A decimal overflow while computing a statistic of a peer group.
    pub fn group_overflow(
        group: &GroupId,
        indicator: Option<&IndicatorId>,
        what: &'static str,
    ) -> Self {
        Self::new(ErrorKind::GroupOverflow {
            group: group.clone(),
            indicator: indicator.cloned(),
            what,
        })
    }

    /// An incident (a problem found, for error tolerance) cannot be decided: its dates
    /// are inconsistent, it is given twice, or a policy decided it wrongly; `reason`
    /// says why.
    pub fn invalid_incident(
        unit: &UnitId,
        indicator: &IndicatorId,
        incident: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Self::new(ErrorKind::InvalidIncident {
            unit: unit.clone(),
            indicator: indicator.clone(),
            incident: incident.into(),
            reason: reason.into(),
        })
    }

    /// A decimal overflow while computing an individual figure of `person`.
    pub fn person_overflow(
        person: &PersonId,
        indicator: Option<&IndicatorId>,
        what: &'static str,
    ) -> Self {
        Self::new(ErrorKind::PersonOverflow {
            person: person.clone(),
            indicator: indicator.cloned(),
            what,
        })
    }

    /// The organisation graph (units, departments, posts, persons, tenures) or a
    /// personal account is inconsistent; the message names the objects.
    pub fn invalid_org(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidOrg {
            message: message.into(),
        })
    }

    /// An indicator library, a plan or a decomposition is inconsistent; the message
    /// names the objects.
    pub fn invalid_plan(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidPlan {
            message: message.into(),
        })
    }

    /// A configuration (rule file, unit list, targets) is malformed; the message says
    /// where and why.
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config {
            message: message.into(),
        })
    }

    /// A method of [`methods`](crate::methods) (a quantile, entropy weights, AHP …) was
    /// given input it cannot use; `reason` says why and names the value.
    pub fn invalid_input(method: &'static str, reason: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidInput {
            method,
            criterion: None,
            reason: reason.into(),
        })
    }

    /// Like [`Error::invalid_input`], for one criterion of a decision matrix: the
    /// message starts `criterion {criterion} …` and [`Error::criterion`] returns it.
    pub fn invalid_criterion(
        method: &'static str,
        criterion: &str,
        reason: impl std::fmt::Display,
    ) -> Self {
        Self::new(ErrorKind::InvalidInput {
            method,
            criterion: Some(criterion.to_owned()),
            reason: format!("criterion {criterion} {reason}"),
        })
    }

    /// A decimal overflow inside a method of [`methods`](crate::methods) while
    /// computing `what`.
    pub fn method_overflow(method: &'static str, what: &'static str) -> Self {
        Self::new(ErrorKind::MethodOverflow { method, what })
    }

    /// An iterative method stopped at its iteration cap before its successive
    /// results came within `tolerance` of each other.
    pub fn no_convergence(
        method: &'static str,
        iterations: u32,
        change: impl fmt::Display,
        tolerance: impl fmt::Display,
    ) -> Self {
        Self::new(ErrorKind::NoConvergence {
            method,
            iterations,
            change: change.to_string(),
            tolerance: tolerance.to_string(),
        })
    }

    /// A scoped view of `viewer` was asked for details of `unit`, which it may not see.
    pub fn out_of_scope(viewer: &UnitId, unit: &UnitId) -> Self {
        Self::new(ErrorKind::OutOfScope {
            viewer: viewer.clone(),
            unit: unit.clone(),
        })
    }

    /// Reading or writing failed; `context` says what was being read or written.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::new(ErrorKind::Io {
            context: context.into(),
            source,
        })
    }

    /// The unit the error concerns, if any.
    pub fn unit(&self) -> Option<&UnitId> {
        if let Some(l) = self.load() {
            return match (&l.cause, &l.object) {
                (Some(cause), _) if cause.unit().is_some() => cause.unit(),
                (_, Some(Object::Unit(u))) => Some(u),
                _ => None,
            };
        }
        match &*self.kind {
            ErrorKind::MissingTarget { unit, .. }
            | ErrorKind::InvalidTarget { unit, .. }
            | ErrorKind::UnknownUnit { unit }
            | ErrorKind::DuplicateUnit { unit }
            | ErrorKind::MissingFactor { unit, .. }
            | ErrorKind::InvalidFactor { unit, .. }
            | ErrorKind::Overflow { unit, .. }
            | ErrorKind::PrecisionLost { unit, .. }
            | ErrorKind::DivisionByZero { unit, .. }
            | ErrorKind::InvalidIncident { unit, .. } => Some(unit),
            ErrorKind::OutOfScope { unit, .. } => Some(unit),
            ErrorKind::UnknownDatapoint { unit, .. } => unit.as_ref(),
            ErrorKind::Formula { unit, .. }
            | ErrorKind::OutOfRange { unit, .. }
            | ErrorKind::RuleFailed { unit, .. } => unit.as_ref(),
            _ => None,
        }
    }

    /// The indicator the error concerns, if any.
    pub fn indicator(&self) -> Option<&IndicatorId> {
        if let Some(l) = self.load() {
            return match (&l.cause, &l.object) {
                (Some(cause), _) if cause.indicator().is_some() => cause.indicator(),
                (_, Some(Object::Indicator(i))) => Some(i),
                _ => None,
            };
        }
        match &*self.kind {
            ErrorKind::InvalidDefinition { indicator, .. }
            | ErrorKind::MissingTarget { indicator, .. }
            | ErrorKind::InvalidTarget { indicator, .. }
            | ErrorKind::UnknownDatapoint { indicator, .. }
            | ErrorKind::DuplicateIndicator { indicator }
            | ErrorKind::InvalidIncident { indicator, .. }
            | ErrorKind::Formula { indicator, .. }
            | ErrorKind::OutOfRange { indicator, .. }
            | ErrorKind::UnknownRule { indicator, .. } => Some(indicator),
            ErrorKind::RuleFailed { indicator, .. } => indicator.as_ref(),
            ErrorKind::Overflow { indicator, .. }
            | ErrorKind::PrecisionLost { indicator, .. }
            | ErrorKind::DivisionByZero { indicator, .. }
            | ErrorKind::GroupOverflow { indicator, .. }
            | ErrorKind::PersonOverflow { indicator, .. } => indicator.as_ref(),
            _ => None,
        }
    }

    /// An indicator definition is wrong.
    pub fn is_invalid_definition(&self) -> bool {
        matches!(*self.effective(), ErrorKind::InvalidDefinition { .. })
    }

    /// A needed target is missing.
    pub fn is_missing_target(&self) -> bool {
        matches!(*self.effective(), ErrorKind::MissingTarget { .. })
    }

    /// A target is present but unusable.
    pub fn is_invalid_target(&self) -> bool {
        matches!(*self.effective(), ErrorKind::InvalidTarget { .. })
    }

    /// A data point is not known.
    pub fn is_unknown_datapoint(&self) -> bool {
        matches!(*self.effective(), ErrorKind::UnknownDatapoint { .. })
    }

    /// A unit is not known.
    pub fn is_unknown_unit(&self) -> bool {
        matches!(*self.effective(), ErrorKind::UnknownUnit { .. })
    }

    /// A unit or indicator is given twice.
    pub fn is_duplicate(&self) -> bool {
        matches!(
            *self.effective(),
            ErrorKind::DuplicateUnit { .. } | ErrorKind::DuplicateIndicator { .. }
        )
    }

    /// A unit factor is missing or unusable.
    pub fn is_factor(&self) -> bool {
        matches!(
            *self.effective(),
            ErrorKind::MissingFactor { .. } | ErrorKind::InvalidFactor { .. }
        )
    }

    /// A decimal operation overflowed.
    pub fn is_overflow(&self) -> bool {
        matches!(
            *self.effective(),
            ErrorKind::Overflow { .. }
                | ErrorKind::GroupOverflow { .. }
                | ErrorKind::PersonOverflow { .. }
                | ErrorKind::MethodOverflow { .. }
        ) || self.formula().is_some_and(|f| f.is_overflow())
    }

    /// A computed figure cannot be held with the places it needs
    /// ([`precision_lost`](Error::precision_lost)).
    pub fn is_precision_lost(&self) -> bool {
        matches!(*self.kind, ErrorKind::PrecisionLost { .. })
    }

    /// A division by zero.
    pub fn is_division_by_zero(&self) -> bool {
        matches!(*self.effective(), ErrorKind::DivisionByZero { .. })
            || self.formula().is_some_and(|f| f.is_division_by_zero())
    }

    /// An incident cannot be decided.
    pub fn is_invalid_incident(&self) -> bool {
        matches!(*self.effective(), ErrorKind::InvalidIncident { .. })
    }

    /// A method was given input it cannot use.
    pub fn is_invalid_input(&self) -> bool {
        matches!(*self.kind, ErrorKind::InvalidInput { .. })
    }

    /// An iterative method did not converge.
    pub fn is_no_convergence(&self) -> bool {
        matches!(*self.kind, ErrorKind::NoConvergence { .. })
    }

    /// The criterion (a column of a decision matrix) the error concerns, if any.
    pub fn criterion(&self) -> Option<&str> {
        match &*self.kind {
            ErrorKind::InvalidInput { criterion, .. } => criterion.as_deref(),
            _ => None,
        }
    }

    /// The person an error concerns, if any.
    pub fn person(&self) -> Option<&PersonId> {
        match self.effective() {
            ErrorKind::PersonOverflow { person, .. } => Some(person),
            _ => None,
        }
    }

    /// The organisation graph or a personal account is inconsistent.
    pub fn is_invalid_org(&self) -> bool {
        matches!(*self.effective(), ErrorKind::InvalidOrg { .. })
    }

    /// An indicator library, a plan or a decomposition is inconsistent.
    pub fn is_invalid_plan(&self) -> bool {
        matches!(*self.effective(), ErrorKind::InvalidPlan { .. })
    }

    /// A configuration is malformed.
    pub fn is_config(&self) -> bool {
        matches!(*self.effective(), ErrorKind::Config { .. })
    }

    /// A scoped view was asked for details outside its scope.
    pub fn is_out_of_scope(&self) -> bool {
        matches!(*self.effective(), ErrorKind::OutOfScope { .. })
    }

    /// Reading or writing failed.
    pub fn is_io(&self) -> bool {
        matches!(*self.effective(), ErrorKind::Io { .. })
    }
}

impl Error {
    /// A rule-book file failed to load: its text is not TOML or JSON, or it does not
    /// describe the type asked for (see [`crate::rulebook`]). [`Error::file`],
    /// [`Error::line`] and the other accessors say where.
    ///
    /// # Examples
    ///
    /// ```
    /// #[derive(Debug, serde::Deserialize)]
    /// #[serde(deny_unknown_fields)]
    /// struct Cap {
    ///     cap: String,
    /// }
    ///
    /// let e = scorecard::rulebook::from_toml_str::<Cap>("capp = \"1.1\"\n", "cap.toml")
    ///     .unwrap_err();
    /// assert!(e.is_load() && e.is_unknown_key());
    /// assert_eq!((e.file(), e.line(), e.column()), (Some("cap.toml"), Some(1), Some(1)));
    /// assert_eq!(e.key(), Some("capp"));
    /// assert_eq!(e.suggestion(), Some("cap"));
    /// assert_eq!(e.to_string(), "cap.toml:1:1: unknown key `capp` (did you mean `cap`?)");
    /// ```
    pub fn is_load(&self) -> bool {
        self.load().is_some()
    }

    /// A rule-book file has a key that its type does not define; [`Error::key`] names
    /// it and [`Error::suggestion`] gives the nearest valid key when one is close.
    pub fn is_unknown_key(&self) -> bool {
        self.load().is_some_and(|l| l.what == LoadWhat::UnknownKey)
    }

    /// A rule-book file is not well-formed TOML or JSON, nests deeper than the loader
    /// allows, or is larger than it accepts.
    pub fn is_syntax(&self) -> bool {
        self.load()
            .is_some_and(|l| matches!(l.what, LoadWhat::Syntax | LoadWhat::TooLarge))
    }

    /// The file a load error concerns, as the caller named it.
    pub fn file(&self) -> Option<&str> {
        self.load().map(|l| l.file.as_str())
    }

    /// The 1-based line of a load error, when it has a place.
    pub fn line(&self) -> Option<u32> {
        self.load().and_then(|l| l.at).map(|(line, _)| line)
    }

    /// The 1-based column of a load error, counted in characters, when it has a place.
    pub fn column(&self) -> Option<u32> {
        self.load().and_then(|l| l.at).map(|(_, column)| column)
    }

    /// The path of a load error's value from the top of the file, keys and 0-based
    /// indices, e.g. `indicators[3].rule.capp`; empty for the top level.
    pub fn path(&self) -> Option<&str> {
        self.load().map(|l| l.path.as_str())
    }

    /// The key a load error concerns: the unknown, missing or invalid one.
    pub fn key(&self) -> Option<&str> {
        self.load().and_then(|l| l.key.as_deref())
    }

    /// The nearest valid key (or value) to a misspelt one, when one is close enough;
    /// for an unknown host rule, the nearest registered name.
    pub fn suggestion(&self) -> Option<&str> {
        self.load()
            .and_then(|l| l.suggestion.as_deref())
            .or(match self.effective() {
                ErrorKind::UnknownRule { suggestion, .. } => suggestion.as_deref(),
                _ => None,
            })
    }
}

// ---- open rules (issue 17): formulas, decision tables, host rules ----
impl Error {
    /// A formula or decision table of indicator `indicator` is wrong (`unit` is `None`:
    /// found when the rule book loads) or failed for `unit`.
    pub(crate) fn formula_error(
        indicator: &IndicatorId,
        unit: Option<&UnitId>,
        error: crate::rule::formula::FormulaError,
        at: Vec<crate::rule::RulePathStep>,
    ) -> Self {
        Self::new(ErrorKind::Formula {
            indicator: indicator.clone(),
            unit: unit.cloned(),
            error,
            at,
        })
    }

    /// A formula, table or host rule gave a score outside 0 to `high` (its points or
    /// declared ceiling) and declares no clamp.
    pub(crate) fn out_of_range(
        unit: Option<&UnitId>,
        indicator: &IndicatorId,
        score: rust_decimal::Decimal,
        high: rust_decimal::Decimal,
    ) -> Self {
        Self::new(ErrorKind::OutOfRange {
            unit: unit.cloned(),
            indicator: indicator.clone(),
            score: score.to_string(),
            high: high.to_string(),
        })
    }

    /// Indicator `indicator` names a host rule that is not among `registered`.
    pub(crate) fn unknown_rule(
        indicator: &IndicatorId,
        name: &str,
        registered: Vec<String>,
    ) -> Self {
        let suggestion =
            crate::rule::formula::nearest_name(name, registered.iter().map(String::as_str));
        Self::new(ErrorKind::UnknownRule {
            indicator: indicator.clone(),
            name: name.to_owned(),
            registered,
            suggestion,
        })
    }

    /// A rule (a host rule, or one not resolved) failed, naming the unit and indicator
    /// when known.
    pub(crate) fn rule_failed(
        unit: Option<&UnitId>,
        indicator: Option<&IndicatorId>,
        message: String,
    ) -> Self {
        Self::new(ErrorKind::RuleFailed {
            unit: unit.cloned(),
            indicator: indicator.cloned(),
            message,
        })
    }

    /// The formula error behind this error, when a formula or decision table is wrong or
    /// failed: its [kind](crate::rule::formula::FormulaError::kind), the
    /// [part](crate::rule::formula::FormulaError::part) (`score`, `binding rate`,
    /// `row 3` …), the line and column within the formula and the offending token. (When
    /// the rule book was loaded through [`crate::rulebook`], [`Error::line`] and
    /// [`Error::column`] point into the file.)
    ///
    /// # Examples
    ///
    /// ```
    /// use scorecard::Indicator;
    ///
    /// let i: Indicator = serde_json::from_str(r#"{"id": "I1", "name": "完成率", "points": "4",
    ///     "groups": ["g"], "rule": {"kind": "formula", "inputs": {"actual": {"sum": "D1"}},
    ///     "direction": "higher_is_better", "score": "points * actul / target"}}"#)?;
    /// let e = i.validate().unwrap_err();
    /// assert!(e.is_formula());
    /// let f = e.formula().unwrap();
    /// assert_eq!((f.part(), f.column(), f.token()), (Some("score"), Some(10), Some("actul")));
    /// assert_eq!(e.indicator().map(|i| i.as_str()), Some("I1"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn formula(&self) -> Option<&crate::rule::formula::FormulaError> {
        match self.effective() {
            ErrorKind::Formula { error, .. } => Some(error),
            _ => None,
        }
    }

    /// Where a formula error's text sits inside the indicator's rule.
    pub(crate) fn formula_at(&self) -> Option<&[crate::rule::RulePathStep]> {
        match self.effective() {
            ErrorKind::Formula { at, .. } => Some(at),
            _ => None,
        }
    }

    /// A formula or decision table is wrong (when the rule book loads) or failed (when a
    /// unit is scored); see [`Error::formula`].
    pub fn is_formula(&self) -> bool {
        matches!(*self.effective(), ErrorKind::Formula { .. })
    }

    /// A formula, table or host rule gave a score outside 0 to its points (or declared
    /// ceiling) without declaring a clamp.
    pub fn is_out_of_range(&self) -> bool {
        matches!(*self.effective(), ErrorKind::OutOfRange { .. })
    }

    /// A rule book names a host rule that the registry does not have;
    /// [`Error::suggestion`] gives the nearest registered name.
    pub fn is_unknown_rule(&self) -> bool {
        matches!(*self.effective(), ErrorKind::UnknownRule { .. })
    }

    /// A host rule failed, or an indicator's host rule was not resolved.
    pub fn is_rule_failed(&self) -> bool {
        matches!(*self.effective(), ErrorKind::RuleFailed { .. })
    }
}
// ---- end of open rules ----

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.kind, f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.offer();
        fmt::Display::fmt(&self.kind, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&*self.kind)
    }
}
