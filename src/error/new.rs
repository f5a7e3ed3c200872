//! The constructors: one per kind, public for the kinds a host's own code may raise
//! (an implementation of [`Sums`](crate::facts::Sums), say), crate-private otherwise.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;

use super::{Error, ErrorKind};
use crate::id::{DatapointId, FactorId, GroupId, IndicatorId, PersonId, UnitId};

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
}

impl Error {
    /// A rule book refers to a data point or group (`what`) it does not declare: `id`,
    /// read by `indicator` when an indicator reads it, with the nearest declared id
    /// when one is close.
    ///
    /// # Examples
    ///
    /// ```
    /// use scorecard::{Error, IndicatorId};
    ///
    /// let e = Error::undeclared("data point", "D13O", Some(&IndicatorId::from("I013")), Some("D130"));
    /// assert!(e.is_undeclared());
    /// assert_eq!(e.to_string(), "indicator I013: data point D13O is not declared (did you mean D130?)");
    /// assert_eq!(e.indicator().map(|i| i.as_str()), Some("I013"));
    /// ```
    pub fn undeclared(
        what: &'static str,
        id: impl Into<String>,
        indicator: Option<&IndicatorId>,
        suggestion: Option<&str>,
    ) -> Self {
        Self::new(ErrorKind::Undeclared {
            what,
            id: id.into(),
            indicator: indicator.cloned(),
            suggestion: suggestion.map(str::to_owned),
        })
    }

    /// A rule book declares a data point, group or list (`what`) twice.
    pub fn duplicate_declaration(what: &'static str, id: impl Into<String>) -> Self {
        Self::new(ErrorKind::DuplicateDeclaration {
            what,
            id: id.into(),
        })
    }

    /// A target is given for a unit that is not known (`unknown_unit`) or for an
    /// indicator that is not in the scheme.
    pub fn unknown_target_reference(
        unit: &UnitId,
        indicator: &IndicatorId,
        unknown_unit: bool,
    ) -> Self {
        Self::new(ErrorKind::UnknownTargetReference {
            unit: unit.clone(),
            indicator: indicator.clone(),
            unknown_unit,
        })
    }

    /// An indicator definition is wrong in `field`.
    pub fn invalid_definition(
        indicator: &IndicatorId,
        field: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Self::new(ErrorKind::InvalidDefinition {
            indicator: Some(indicator.clone()),
            field: field.into(),
            reason: reason.into(),
        })
    }

    /// A rule needs a target for this unit and none was given.
    pub fn missing_target(unit: &UnitId, indicator: &IndicatorId) -> Self {
        Self::new(ErrorKind::MissingTarget {
            unit: Some(unit.clone()),
            indicator: Some(indicator.clone()),
            name: None,
        })
    }

    /// A formula reads the named target `name` and none was given for this unit.
    pub fn missing_named_target(unit: &UnitId, indicator: &IndicatorId, name: &str) -> Self {
        Self::new(ErrorKind::MissingTarget {
            unit: Some(unit.clone()),
            indicator: Some(indicator.clone()),
            name: Some(name.to_owned()),
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
            unit: Some(unit.clone()),
            indicator: Some(indicator.clone()),
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
            unit: Some(unit.clone()),
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
            unit: Some(unit.clone()),
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
            unit: Some(unit.clone()),
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
            unit: None,
            person: None,
        })
    }

    /// An indicator library, a plan or a decomposition is inconsistent; the message
    /// names the objects.
    pub fn invalid_plan(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidPlan {
            message: message.into(),
            unit: None,
            indicator: None,
            group: None,
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

    /// Reading or writing failed; `context` says what was being done (`reading facts`).
    /// The message is `context`; `source` is the error's
    /// [`source`](std::error::Error::source), not part of the message. A host that
    /// knows the file attaches it with [`Error::with_path`].
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::new(ErrorKind::Io {
            context: context.into(),
            path: None,
            source,
        })
    }

    /// Reading or writing the file at `path` failed: the message is
    /// `{path}: {context}` (`data/facts.csv: cannot read facts`), the cause is
    /// `source`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::error::Error as _;
    /// use std::io;
    ///
    /// let e = scorecard::Error::io_at(
    ///     "data/units.csv",
    ///     "cannot read units",
    ///     io::Error::new(io::ErrorKind::NotFound, "no such file"),
    /// );
    /// assert!(e.is_io());
    /// assert_eq!(e.to_string(), "data/units.csv: cannot read units");
    /// assert_eq!(e.file(), Some("data/units.csv"));
    /// assert_eq!(e.source().map(|c| c.to_string()).as_deref(), Some("no such file"));
    /// ```
    pub fn io_at(
        path: impl Into<PathBuf>,
        context: impl Into<String>,
        source: std::io::Error,
    ) -> Self {
        Self::new(ErrorKind::Io {
            context: context.into(),
            path: Some(path.into()),
            source,
        })
    }

    /// This error with the file it concerns, when it is an I/O error (any other error
    /// is returned as it is): the crate reads from a `Read` and does not know the file
    /// ([`FactReader`](crate::facts::FactReader)), the host does.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io;
    ///
    /// let e = scorecard::Error::io("reading facts", io::Error::other("disk on fire"))
    ///     .with_path("data/facts.csv");
    /// assert_eq!(e.to_string(), "data/facts.csv: reading facts");
    /// assert_eq!(e.io_path(), Some(std::path::Path::new("data/facts.csv")));
    /// ```
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        if let Some(ErrorKind::Io { path: slot, .. }) = Arc::get_mut(&mut self.kind) {
            *slot = Some(path);
            return self;
        }
        match &*self.kind {
            // shared with a clone: a new error with a copy of the cause
            ErrorKind::Io {
                context, source, ..
            } => Self::io_at(
                path,
                context.clone(),
                match source.raw_os_error() {
                    Some(code) => std::io::Error::from_raw_os_error(code),
                    None => std::io::Error::new(source.kind(), source.to_string()),
                },
            ),
            _ => self,
        }
    }
}

impl Error {
    /// Overflow computing `what`, naming the unit and indicator when known (a plain
    /// call of a rule names neither).
    pub(crate) fn overflow_of(
        unit: Option<&UnitId>,
        indicator: Option<&IndicatorId>,
        what: &'static str,
    ) -> Self {
        Self::new(ErrorKind::Overflow {
            unit: unit.cloned(),
            indicator: indicator.cloned(),
            what,
        })
    }

    /// Division by zero computing `what`, naming the unit and indicator when known.
    pub(crate) fn division_by_zero_of(
        unit: Option<&UnitId>,
        indicator: Option<&IndicatorId>,
        what: &'static str,
    ) -> Self {
        Self::new(ErrorKind::DivisionByZero {
            unit: unit.cloned(),
            indicator: indicator.cloned(),
            what,
        })
    }

    /// A lost precision computing `what`, naming the unit and indicator when known.
    pub(crate) fn precision_lost_of(
        unit: Option<&UnitId>,
        indicator: Option<&IndicatorId>,
        what: &'static str,
    ) -> Self {
        Self::new(ErrorKind::PrecisionLost {
            unit: unit.cloned(),
            indicator: indicator.cloned(),
            what,
        })
    }

    /// No target, naming the unit and indicator when known.
    pub(crate) fn missing_target_of(
        unit: Option<&UnitId>,
        indicator: Option<&IndicatorId>,
    ) -> Self {
        Self::new(ErrorKind::MissingTarget {
            unit: unit.cloned(),
            indicator: indicator.cloned(),
            name: None,
        })
    }

    /// A target the rule cannot use, naming the unit and indicator when known.
    pub(crate) fn invalid_target_of(
        unit: Option<&UnitId>,
        indicator: Option<&IndicatorId>,
        target: impl fmt::Display,
        reason: &'static str,
    ) -> Self {
        Self::new(ErrorKind::InvalidTarget {
            unit: unit.cloned(),
            indicator: indicator.cloned(),
            target: target.to_string(),
            reason,
        })
    }

    /// A count that is negative (`negative`) or fractional where whole counts are
    /// declared.
    pub(crate) fn invalid_count(
        unit: Option<&UnitId>,
        indicator: Option<&IndicatorId>,
        value: impl fmt::Display,
        negative: bool,
    ) -> Self {
        Self::new(ErrorKind::InvalidCount {
            unit: unit.cloned(),
            indicator: indicator.cloned(),
            value: value.to_string(),
            negative,
        })
    }

    /// A value in no band of a table without a default.
    pub(crate) fn no_band(
        unit: Option<&UnitId>,
        indicator: Option<&IndicatorId>,
        value: impl fmt::Display,
    ) -> Self {
        Self::new(ErrorKind::NoBand {
            unit: unit.cloned(),
            indicator: indicator.cloned(),
            value: value.to_string(),
        })
    }

    /// The organisation is inconsistent, naming the unit or person concerned.
    pub(crate) fn invalid_org_of(
        message: impl Into<String>,
        unit: Option<&UnitId>,
        person: Option<&PersonId>,
    ) -> Self {
        Self::new(ErrorKind::InvalidOrg {
            message: message.into(),
            unit: unit.cloned(),
            person: person.cloned(),
        })
    }

    /// A plan is inconsistent, naming the unit, indicator or group concerned.
    pub(crate) fn invalid_plan_of(
        message: impl Into<String>,
        unit: Option<&UnitId>,
        indicator: Option<&IndicatorId>,
        group: Option<&GroupId>,
    ) -> Self {
        Self::new(ErrorKind::InvalidPlan {
            message: message.into(),
            unit: unit.cloned(),
            indicator: indicator.cloned(),
            group: group.cloned(),
        })
    }

    /// `indicator` does not apply to `unit`; `context` (empty, or `": nothing to
    /// override"`) says what could not be done.
    pub(crate) fn not_applicable(
        unit: &UnitId,
        indicator: &IndicatorId,
        context: &'static str,
    ) -> Self {
        Self::new(ErrorKind::NotApplicable {
            unit: unit.clone(),
            indicator: indicator.clone(),
            context,
        })
    }

    /// An evaluation has no score of the pair (asked for `person`'s account, maybe).
    pub(crate) fn no_score(
        unit: &UnitId,
        indicator: &IndicatorId,
        person: Option<&PersonId>,
    ) -> Self {
        Self::new(ErrorKind::NoScore {
            unit: unit.clone(),
            indicator: indicator.clone(),
            person: person.cloned(),
        })
    }

    /// `indicator` is not in the scheme (carried by `person`, maybe).
    pub(crate) fn unknown_indicator(indicator: &IndicatorId, person: Option<&PersonId>) -> Self {
        Self::new(ErrorKind::UnknownIndicator {
            indicator: indicator.clone(),
            person: person.cloned(),
        })
    }

    /// A fact of `unit` names a data point that no indicator reads.
    pub(crate) fn unread_datapoint(unit: Option<&UnitId>, datapoint: &DatapointId) -> Self {
        Self::new(ErrorKind::UnreadDatapoint {
            unit: unit.cloned(),
            datapoint: datapoint.clone(),
        })
    }

    /// A second target for one pair.
    pub(crate) fn duplicate_target(unit: &UnitId, indicator: &IndicatorId) -> Self {
        Self::new(ErrorKind::DuplicateTarget {
            unit: unit.clone(),
            indicator: indicator.clone(),
            name: None,
        })
    }

    /// A second named target `name` for one pair.
    pub(crate) fn duplicate_named_target(
        unit: &UnitId,
        indicator: &IndicatorId,
        name: &str,
    ) -> Self {
        Self::new(ErrorKind::DuplicateTarget {
            unit: unit.clone(),
            indicator: indicator.clone(),
            name: Some(name.to_owned()),
        })
    }

    /// A second override of one pair.
    pub(crate) fn duplicate_override(unit: &UnitId, indicator: &IndicatorId) -> Self {
        Self::new(ErrorKind::DuplicateOverride {
            unit: unit.clone(),
            indicator: indicator.clone(),
        })
    }

    /// Two list rules of one name.
    pub(crate) fn duplicate_list_rule(name: impl Into<String>) -> Self {
        Self::new(ErrorKind::DuplicateListRule { name: name.into() })
    }

    /// A key given twice in one ranking.
    pub(crate) fn duplicate_key(key: impl fmt::Display) -> Self {
        Self::new(ErrorKind::DuplicateKey {
            key: key.to_string(),
        })
    }

    /// An override without its `field` (`author` …), `missing` in words (`an author`).
    pub(crate) fn incomplete_override(
        unit: &UnitId,
        indicator: &IndicatorId,
        field: &'static str,
        missing: &'static str,
    ) -> Self {
        Self::new(ErrorKind::IncompleteOverride {
            unit: unit.clone(),
            indicator: indicator.clone(),
            field,
            missing,
        })
    }

    /// An option `field` of `object` has `value`, which it may not: the message is
    /// `{object} has {field} {value}, {reason}`.
    pub(crate) fn invalid_option(
        object: impl Into<String>,
        field: &'static str,
        value: impl fmt::Display,
        reason: impl Into<String>,
    ) -> Self {
        Self::new(ErrorKind::InvalidOption {
            object: object.into(),
            field,
            value: value.to_string(),
            reason: reason.into(),
        })
    }

    /// No given difficulty coefficient for `unit`.
    pub(crate) fn missing_coefficient(unit: &UnitId) -> Self {
        Self::new(ErrorKind::MissingCoefficient { unit: unit.clone() })
    }

    /// A given difficulty coefficient that is not greater than zero.
    pub(crate) fn invalid_coefficient(unit: &UnitId, value: impl fmt::Display) -> Self {
        Self::new(ErrorKind::InvalidCoefficient {
            unit: unit.clone(),
            value: value.to_string(),
        })
    }

    /// `date` (as written) `reason`: the message is `{date} {reason}`.
    pub(crate) fn invalid_date(date: impl fmt::Display, reason: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidDate {
            date: date.to_string(),
            reason: reason.into(),
        })
    }

    /// A period that ends before it starts.
    pub(crate) fn invalid_period(start: NaiveDate, end: NaiveDate) -> Self {
        Self::new(ErrorKind::InvalidPeriod { start, end })
    }

    /// `total` cannot be split (for `person`, maybe): `reason` says why.
    pub(crate) fn invalid_split(
        person: Option<&PersonId>,
        total: impl fmt::Display,
        reason: impl Into<String>,
    ) -> Self {
        Self::new(ErrorKind::InvalidSplit {
            person: person.cloned(),
            total: total.to_string(),
            reason: reason.into(),
        })
    }

    /// `text` is not `what` (`a digest`), which is written `expected`.
    pub(crate) fn malformed(
        what: &'static str,
        text: impl Into<String>,
        expected: &'static str,
    ) -> Self {
        Self::new(ErrorKind::Malformed {
            what,
            text: text.into(),
            expected,
        })
    }

    /// This error without the indicator an invalid definition names: for a plain call
    /// of a rule that names none (its checks name a placeholder).
    pub(crate) fn without_indicator(self) -> Self {
        match &*self.kind {
            ErrorKind::InvalidDefinition { field, reason, .. } => {
                Self::new(ErrorKind::InvalidDefinition {
                    indicator: None,
                    field: field.clone(),
                    reason: reason.clone(),
                })
            }
            _ => self,
        }
    }

    /// More than `limit` of `what`.
    pub(crate) fn capacity(what: &'static str, limit: u64) -> Self {
        Self::new(ErrorKind::Capacity { what, limit })
    }

    /// Two things that do not go together; `what` says which.
    pub(crate) fn mismatch(what: impl Into<String>) -> Self {
        Self::new(ErrorKind::Mismatch { what: what.into() })
    }

    /// A broken invariant of the crate: `what` happened that never should.
    pub(crate) fn internal(what: &'static str) -> Self {
        Self::new(ErrorKind::Internal { what, source: None })
    }

    /// Like [`Error::internal`], with the error behind it as its cause.
    pub(crate) fn internal_because(
        what: &'static str,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self::new(ErrorKind::Internal {
            what,
            source: Some(Box::new(source)),
        })
    }
}
