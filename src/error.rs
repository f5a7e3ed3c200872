//! The crate's one error type.
//!
//! [`Error`] wraps a private kind; ask it what went wrong with the `is_*`
//! predicates and which objects it concerns with [`Error::unit`] and
//! [`Error::indicator`]. Messages are lowercase and name the objects, e.g.
//! `indicator I051 has no target for unit U0031`.

use std::fmt;

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
pub struct Error {
    kind: Box<ErrorKind>,
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
    #[error("{context}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

fn for_unit(unit: Option<&UnitId>) -> String {
    unit.map(|u| format!(" (unit {u})")).unwrap_or_default()
}

fn on_indicator(indicator: Option<&IndicatorId>) -> String {
    indicator
        .map(|i| format!(" on indicator {i}"))
        .unwrap_or_default()
}

impl Error {
    fn new(kind: ErrorKind) -> Self {
        Self {
            kind: Box::new(kind),
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
            _ => None,
        }
    }

    /// The indicator the error concerns, if any.
    pub fn indicator(&self) -> Option<&IndicatorId> {
        match &*self.kind {
            ErrorKind::InvalidDefinition { indicator, .. }
            | ErrorKind::MissingTarget { indicator, .. }
            | ErrorKind::InvalidTarget { indicator, .. }
            | ErrorKind::UnknownDatapoint { indicator, .. }
            | ErrorKind::DuplicateIndicator { indicator }
            | ErrorKind::InvalidIncident { indicator, .. } => Some(indicator),
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
        matches!(*self.kind, ErrorKind::InvalidDefinition { .. })
    }

    /// A needed target is missing.
    pub fn is_missing_target(&self) -> bool {
        matches!(*self.kind, ErrorKind::MissingTarget { .. })
    }

    /// A target is present but unusable.
    pub fn is_invalid_target(&self) -> bool {
        matches!(*self.kind, ErrorKind::InvalidTarget { .. })
    }

    /// A data point is not known.
    pub fn is_unknown_datapoint(&self) -> bool {
        matches!(*self.kind, ErrorKind::UnknownDatapoint { .. })
    }

    /// A unit is not known.
    pub fn is_unknown_unit(&self) -> bool {
        matches!(*self.kind, ErrorKind::UnknownUnit { .. })
    }

    /// A unit or indicator is given twice.
    pub fn is_duplicate(&self) -> bool {
        matches!(
            *self.kind,
            ErrorKind::DuplicateUnit { .. } | ErrorKind::DuplicateIndicator { .. }
        )
    }

    /// A unit factor is missing or unusable.
    pub fn is_factor(&self) -> bool {
        matches!(
            *self.kind,
            ErrorKind::MissingFactor { .. } | ErrorKind::InvalidFactor { .. }
        )
    }

    /// A decimal operation overflowed.
    pub fn is_overflow(&self) -> bool {
        matches!(
            *self.kind,
            ErrorKind::Overflow { .. }
                | ErrorKind::GroupOverflow { .. }
                | ErrorKind::PersonOverflow { .. }
        )
    }

    /// A computed figure cannot be held with the places it needs
    /// ([`precision_lost`](Error::precision_lost)).
    pub fn is_precision_lost(&self) -> bool {
        matches!(*self.kind, ErrorKind::PrecisionLost { .. })
    }

    /// A division by zero.
    pub fn is_division_by_zero(&self) -> bool {
        matches!(*self.kind, ErrorKind::DivisionByZero { .. })
    }

    /// An incident cannot be decided.
    pub fn is_invalid_incident(&self) -> bool {
        matches!(*self.kind, ErrorKind::InvalidIncident { .. })
    }

    /// The person an error concerns, if any.
    pub fn person(&self) -> Option<&PersonId> {
        match &*self.kind {
            ErrorKind::PersonOverflow { person, .. } => Some(person),
            _ => None,
        }
    }

    /// The organisation graph or a personal account is inconsistent.
    pub fn is_invalid_org(&self) -> bool {
        matches!(*self.kind, ErrorKind::InvalidOrg { .. })
    }

    /// An indicator library, a plan or a decomposition is inconsistent.
    pub fn is_invalid_plan(&self) -> bool {
        matches!(*self.kind, ErrorKind::InvalidPlan { .. })
    }

    /// A configuration is malformed.
    pub fn is_config(&self) -> bool {
        matches!(*self.kind, ErrorKind::Config { .. })
    }

    /// A scoped view was asked for details outside its scope.
    pub fn is_out_of_scope(&self) -> bool {
        matches!(*self.kind, ErrorKind::OutOfScope { .. })
    }

    /// Reading or writing failed.
    pub fn is_io(&self) -> bool {
        matches!(*self.kind, ErrorKind::Io { .. })
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.kind, f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.kind, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&*self.kind)
    }
}
