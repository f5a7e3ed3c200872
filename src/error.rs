//! The crate's one error type, [`Error`], and its private kinds.
//!
//! `error.rs` declares the kinds and their messages; `error/new.rs` the constructors
//! (public for what a host's own code may raise, crate-private otherwise),
//! `error/ask.rs` the accessors and predicates, `error/load.rs` a rule-book load
//! failure and the capture that keeps a type's own error through serde.

mod ask;
mod load;
mod new;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::id::{DatapointId, FactorId, GroupId, IndicatorId, PersonId, UnitId};

pub(crate) use self::load::{Load, LoadWhat, Object, capture_display};

/// A `Result` whose error is the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the crate.
///
/// It wraps a private kind. Ask it *what* went wrong with the `is_*`
/// predicates and *which objects* it concerns with the accessors; its message is
/// lowercase, without a trailing period, and names those objects, e.g.
/// `indicator I051 has no target for unit U0031`. There is no catch-all: every error
/// belongs to one of the families below.
///
/// | predicate | what went wrong | accessors that answer |
/// |---|---|---|
/// | [`is_invalid_definition`](Error::is_invalid_definition) | an indicator definition (a rule's parameter) | `indicator`, `field` |
/// | [`is_missing_target`](Error::is_missing_target), [`is_invalid_target`](Error::is_invalid_target) | a target | `unit`, `indicator`, `value` |
/// | [`is_unknown_unit`](Error::is_unknown_unit), [`is_unknown_indicator`](Error::is_unknown_indicator), [`is_unknown_datapoint`](Error::is_unknown_datapoint) | a reference to nothing declared (or a data point no indicator reads) | `unit`, `indicator`, `datapoint`, `person` |
/// | [`is_not_applicable`](Error::is_not_applicable), [`is_no_score`](Error::is_no_score) | a unit and indicator with no pair, or no score of it | `unit`, `indicator`, `person` |
/// | [`is_duplicate`](Error::is_duplicate) | a unit, indicator, target, override, list rule or ranking key given twice | `unit`, `indicator` |
/// | [`is_invalid_option`](Error::is_invalid_option) | an option or setting outside its range (a list share, adjustment bounds, card days, a reduction, a quarter) | `field`, `value` |
/// | [`is_incomplete_override`](Error::is_incomplete_override) | an override without author, reason or basis | `unit`, `indicator`, `field` |
/// | [`is_factor`](Error::is_factor), [`is_coefficient`](Error::is_coefficient) | a unit's factor, a given difficulty coefficient | `unit`, `value` |
/// | [`is_invalid_count`](Error::is_invalid_count), [`is_no_band`](Error::is_no_band) | a count that is negative or fractional, a value in no band | `unit`, `indicator`, `value` |
/// | [`is_overflow`](Error::is_overflow), [`is_division_by_zero`](Error::is_division_by_zero), [`is_precision_lost`](Error::is_precision_lost) | arithmetic | `unit`, `indicator`, `group`, `person` |
/// | [`is_invalid_date`](Error::is_invalid_date), [`is_invalid_period`](Error::is_invalid_period) | a date that is not one or cuts a bucket (its `value`), a period that ends before it starts | `value` |
/// | [`is_invalid_split`](Error::is_invalid_split) | a total that cannot be split by its shares | `person`, `value` |
/// | [`is_invalid_incident`](Error::is_invalid_incident) | an error-tolerance incident | `unit`, `indicator` |
/// | [`is_invalid_org`](Error::is_invalid_org), [`is_invalid_plan`](Error::is_invalid_plan), [`is_out_of_scope`](Error::is_out_of_scope) | the organisation, a plan, a scoped view | `unit`, `indicator`, `group`, `person` |
/// | [`is_invalid_input`](Error::is_invalid_input), [`is_no_convergence`](Error::is_no_convergence) | a method of [`methods`](crate::methods) | `criterion` |
/// | [`is_malformed`](Error::is_malformed) | a text that is not what it should be (a digest) | `value` |
/// | [`is_capacity`](Error::is_capacity), [`is_mismatch`](Error::is_mismatch) | more than a count can hold; two things that do not go together (aggregates of different granularities) | |
/// | [`is_io`](Error::is_io) | reading or writing; the cause is [`source`](std::error::Error::source) | `file`, [`io_path`](Error::io_path) |
/// | [`is_load`](Error::is_load), [`is_unknown_key`](Error::is_unknown_key), [`is_syntax`](Error::is_syntax) | a rule-book file | `file`, `line`, `column`, `path`, `key`, `suggestion` |
/// | [`is_internal`](Error::is_internal) | a broken invariant of the crate itself (a bug: please report it) | |
///
/// An error met while loading a rule-book file through [`crate::rulebook`] says where:
/// [`Error::file`], [`Error::line`], [`Error::column`], [`Error::path`], the
/// [`Error::key`] and a [`Error::suggestion`] for a misspelt key, e.g.
/// `indicators.toml:12:5: indicator I051: unknown key `capp` in rule (did you mean `cap`?)`.
/// When a type's own check fails while it is being loaded (a catalogue with a repeated
/// indicator, targets with a repeated pair, say), the load error keeps that error as
/// its cause: the `is_*` predicates and the accessors ([`Error::unit`],
/// [`Error::indicator`], [`Error::field`] …) answer for it.
///
/// An error prints its own message and returns its cause from
/// [`source`](std::error::Error::source), never both: an I/O error prints what was
/// being done (and the file, when one was attached with [`Error::io_at`] or
/// [`Error::with_path`]) and returns the [`std::io::Error`].
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::{Error, Targets};
///
/// let mut targets = Targets::new();
/// targets.insert("U1", "I9", dec!(800))?;
/// let e = targets.insert("U1", "I9", dec!(900)).unwrap_err();
/// assert!(e.is_duplicate());
/// assert_eq!(e.unit().map(|u| u.as_str()), Some("U1"));
/// assert_eq!(e.indicator().map(|i| i.as_str()), Some("I9"));
/// assert_eq!(e.to_string(), "indicator I9 has two targets for unit U1");
///
/// let missing = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
/// let e = Error::io_at("data/facts.csv", "cannot read facts", missing);
/// assert_eq!(e.to_string(), "data/facts.csv: cannot read facts");
/// let cause = std::error::Error::source(&e).and_then(|c| c.downcast_ref::<std::io::Error>());
/// assert_eq!(cause.map(|c| c.kind()), Some(std::io::ErrorKind::NotFound));
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone)]
pub struct Error {
    kind: Arc<ErrorKind>,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
enum ErrorKind {
    #[error("{} has an invalid {field}: {reason}", indicator_or_rule(indicator.as_ref()))]
    InvalidDefinition {
        /// `None` for a plain call of a rule that names no indicator.
        indicator: Option<IndicatorId>,
        field: String,
        reason: String,
    },
    #[error("{}", no_target(unit.as_ref(), indicator.as_ref(), name.as_deref()))]
    MissingTarget {
        unit: Option<UnitId>,
        indicator: Option<IndicatorId>,
        /// The name of a named target a formula reads.
        name: Option<String>,
    },
    #[error("{}: {reason}", bad_target(unit.as_ref(), indicator.as_ref(), target))]
    InvalidTarget {
        unit: Option<UnitId>,
        indicator: Option<IndicatorId>,
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
    #[error("decimal overflow computing {what}{}{}", for_the_unit(unit.as_ref()), on_indicator(indicator.as_ref()))]
    Overflow {
        unit: Option<UnitId>,
        indicator: Option<IndicatorId>,
        what: &'static str,
    },
    #[error("{what}{}{} cannot be held with the places it needs: a decimal keeps 28 to 29 significant digits", for_the_unit(unit.as_ref()), on_indicator(indicator.as_ref()))]
    PrecisionLost {
        unit: Option<UnitId>,
        indicator: Option<IndicatorId>,
        what: &'static str,
    },
    #[error("division by zero computing {what}{}{}", for_the_unit(unit.as_ref()), on_indicator(indicator.as_ref()))]
    DivisionByZero {
        unit: Option<UnitId>,
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
    InvalidOrg {
        message: String,
        unit: Option<UnitId>,
        person: Option<PersonId>,
    },
    #[error("plan: {message}")]
    InvalidPlan {
        message: String,
        unit: Option<UnitId>,
        indicator: Option<IndicatorId>,
        group: Option<GroupId>,
    },
    #[error("unit {unit} is outside the view of unit {viewer}")]
    OutOfScope { viewer: UnitId, unit: UnitId },
    #[error("indicator {indicator} does not apply to unit {unit}{context}")]
    NotApplicable {
        unit: UnitId,
        indicator: IndicatorId,
        /// Said after the message: what could not be done (`": nothing to override"`).
        context: &'static str,
    },
    #[error("the evaluation has no score of unit {unit} on indicator {indicator}{}", for_person(person.as_ref()))]
    NoScore {
        unit: UnitId,
        indicator: IndicatorId,
        person: Option<PersonId>,
    },
    #[error("indicator {indicator}{} is not in the scheme", of_person(person.as_ref()))]
    UnknownIndicator {
        indicator: IndicatorId,
        person: Option<PersonId>,
    },
    #[error("data point {datapoint} is read by no indicator{}", for_unit(unit.as_ref()))]
    UnreadDatapoint {
        unit: Option<UnitId>,
        datapoint: DatapointId,
    },
    #[error("indicator {indicator} has two targets{} for unit {unit}", name.as_ref().map(|n| format!(" named `{n}`")).unwrap_or_default())]
    DuplicateTarget {
        unit: UnitId,
        indicator: IndicatorId,
        /// The name of a named target.
        name: Option<String>,
    },
    #[error("the score of unit {unit} on indicator {indicator} is overridden twice")]
    DuplicateOverride {
        unit: UnitId,
        indicator: IndicatorId,
    },
    #[error("list rule {name} is given twice")]
    DuplicateListRule { name: String },
    #[error("key {key} is given twice in one ranking")]
    DuplicateKey { key: String },
    #[error(
        "the override of unit {unit} on indicator {indicator} has no {missing}: a score may be overridden only with an author, a reason and a document basis"
    )]
    IncompleteOverride {
        unit: UnitId,
        indicator: IndicatorId,
        /// The key of the missing part (`author`, `reason`, `basis.document`).
        field: &'static str,
        /// The missing part in words (`an author` …).
        missing: &'static str,
    },
    #[error("{object} has {field} {value}, {reason}")]
    InvalidOption {
        /// What the option belongs to: `list rule black`, `difficulty adjustment` …
        object: String,
        /// The option's key.
        field: &'static str,
        /// Its value as written.
        value: String,
        reason: String,
    },
    #[error("no difficulty coefficient is given for unit {unit}")]
    MissingCoefficient { unit: UnitId },
    #[error("difficulty coefficient {value} of unit {unit} is not greater than zero")]
    InvalidCoefficient { unit: UnitId, value: String },
    #[error("{}", bad_count(unit.as_ref(), indicator.as_ref(), value, *negative))]
    InvalidCount {
        unit: Option<UnitId>,
        indicator: Option<IndicatorId>,
        value: String,
        /// Negative (else fractional where whole counts are declared).
        negative: bool,
    },
    #[error("value {value}{} falls in no band{}", of_unit(unit.as_ref()), of_indicator(indicator.as_ref()))]
    NoBand {
        unit: Option<UnitId>,
        indicator: Option<IndicatorId>,
        value: String,
    },
    #[error("{date} {reason}")]
    InvalidDate {
        /// The date as written (it may be no date at all: `2026-02-30`).
        date: String,
        /// Why, a phrase that follows the date (`is not a date` …).
        reason: String,
    },
    #[error("period ends on {end} before it starts on {start}")]
    InvalidPeriod { start: NaiveDate, end: NaiveDate },
    #[error("cannot split {total}{}: {reason}", for_the_person(person.as_ref()))]
    InvalidSplit {
        person: Option<PersonId>,
        total: String,
        reason: String,
    },
    #[error("{text:?} is not {what} ({expected})")]
    Malformed {
        what: &'static str,
        text: String,
        expected: &'static str,
    },
    #[error("more than {limit} {what}")]
    Capacity { what: &'static str, limit: u64 },
    #[error("{what}")]
    Mismatch { what: String },
    #[error("internal error: {what} (please report it)")]
    Internal {
        what: &'static str,
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
    },
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
    #[error("{}{context}", in_file(path.as_deref()))]
    Io {
        context: String,
        path: Option<PathBuf>,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Load(Load),
    #[error("{}", undeclared(what, id, indicator.as_ref(), suggestion.as_deref()))]
    Undeclared {
        /// `data point` or `group`.
        what: &'static str,
        id: String,
        indicator: Option<IndicatorId>,
        suggestion: Option<String>,
    },
    #[error("{what} {id} is declared twice")]
    DuplicateDeclaration { what: &'static str, id: String },
    #[error("composite indicators read each other's results in a cycle: {}", cycle.iter().map(|i| i.as_str()).collect::<Vec<_>>().join(" → "))]
    CompositeCycle {
        /// The indicators of the cycle, the first repeated at the end.
        cycle: Vec<IndicatorId>,
    },
    #[error(
        "indicator {indicator} reads the result of indicator {component}, which does not apply to unit {unit}"
    )]
    ComponentNotApplicable {
        unit: UnitId,
        indicator: IndicatorId,
        component: IndicatorId,
    },
    #[error("veto {veto}{}{}: {reason}", for_unit_of_veto(unit.as_ref()), indicator.as_ref().map(|i| format!(" (indicator {i})")).unwrap_or_default())]
    Veto {
        veto: String,
        unit: Option<UnitId>,
        indicator: Option<IndicatorId>,
        /// The key of the veto concerned (`when`, `inputs`, `put_on` …).
        field: String,
        reason: String,
    },
    #[error("a target is given for unit {unit} on indicator {indicator}, but {}", if *unknown_unit { format!("unit {unit} is not known") } else { format!("indicator {indicator} is not in the scheme") })]
    UnknownTargetReference {
        unit: UnitId,
        indicator: IndicatorId,
        /// The unit is unknown (else the indicator).
        unknown_unit: bool,
    },
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
}

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

fn undeclared(
    what: &str,
    id: &str,
    indicator: Option<&IndicatorId>,
    suggestion: Option<&str>,
) -> String {
    let by = indicator
        .map(|i| format!("indicator {i}: "))
        .unwrap_or_default();
    let hint = suggestion
        .map(|s| format!(" (did you mean {s}?)"))
        .unwrap_or_default();
    format!("{by}{what} {id} is not declared{hint}")
}

fn for_unit_of_veto(unit: Option<&UnitId>) -> String {
    unit.map(|u| format!(", unit {u}")).unwrap_or_default()
}

fn for_unit(unit: Option<&UnitId>) -> String {
    unit.map(|u| format!(" (unit {u})")).unwrap_or_default()
}

fn for_the_unit(unit: Option<&UnitId>) -> String {
    unit.map(|u| format!(" for unit {u}")).unwrap_or_default()
}

fn of_unit(unit: Option<&UnitId>) -> String {
    unit.map(|u| format!(" of unit {u}")).unwrap_or_default()
}

fn on_indicator(indicator: Option<&IndicatorId>) -> String {
    indicator
        .map(|i| format!(" on indicator {i}"))
        .unwrap_or_default()
}

fn of_indicator(indicator: Option<&IndicatorId>) -> String {
    indicator
        .map(|i| format!(" of indicator {i}"))
        .unwrap_or_default()
}

fn indicator_or_rule(indicator: Option<&IndicatorId>) -> String {
    indicator.map_or_else(|| "a rule".to_owned(), |i| format!("indicator {i}"))
}

fn for_person(person: Option<&PersonId>) -> String {
    person.map(|p| format!(" (person {p})")).unwrap_or_default()
}

fn of_person(person: Option<&PersonId>) -> String {
    person
        .map(|p| format!(" of person {p}"))
        .unwrap_or_default()
}

fn for_the_person(person: Option<&PersonId>) -> String {
    person
        .map(|p| format!(" for person {p}"))
        .unwrap_or_default()
}

fn in_file(path: Option<&Path>) -> String {
    path.map(|p| format!("{}: ", p.display()))
        .unwrap_or_default()
}

fn no_target(unit: Option<&UnitId>, indicator: Option<&IndicatorId>, name: Option<&str>) -> String {
    let named = name.map(|n| format!(" named `{n}`")).unwrap_or_default();
    match (unit, indicator) {
        (Some(u), Some(i)) => format!("indicator {i} has no target{named} for unit {u}"),
        (u, i) => format!("no target{named}{}{}", of_unit(u), on_indicator(i)),
    }
}

fn bad_target(unit: Option<&UnitId>, indicator: Option<&IndicatorId>, target: &str) -> String {
    match (unit, indicator) {
        (Some(u), Some(i)) => format!("indicator {i} has target {target} for unit {u}"),
        (u, i) => format!("target {target}{}{}", of_unit(u), on_indicator(i)),
    }
}

fn bad_count(
    unit: Option<&UnitId>,
    indicator: Option<&IndicatorId>,
    value: &str,
    negative: bool,
) -> String {
    let (u, i) = (of_unit(unit), on_indicator(indicator));
    if negative {
        format!("a count cannot be negative: {value}{u}{i}")
    } else {
        format!(
            "a count must be whole: {value}{u}{i} (declare fractional = true to allow fractions)"
        )
    }
}

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

    /// The file a load error concerns, as the caller named it; or the file attached to
    /// an I/O error ([`Error::io_path`]) when its path is UTF-8.
    pub fn file(&self) -> Option<&str> {
        match self.load() {
            Some(l) => Some(l.file.as_str()),
            None => self.io_path().and_then(Path::to_str),
        }
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
