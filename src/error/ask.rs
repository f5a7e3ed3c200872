//! What an error concerns (the accessors) and what went wrong (the predicates).

use std::path::Path;

use super::{Error, ErrorKind, Object};
use crate::id::{DatapointId, GroupId, IndicatorId, PersonId, UnitId};

impl Error {
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
            ErrorKind::UnknownUnit { unit }
            | ErrorKind::DuplicateUnit { unit }
            | ErrorKind::MissingFactor { unit, .. }
            | ErrorKind::InvalidFactor { unit, .. }
            | ErrorKind::InvalidIncident { unit, .. }
            | ErrorKind::OutOfScope { unit, .. }
            | ErrorKind::NotApplicable { unit, .. }
            | ErrorKind::NoScore { unit, .. }
            | ErrorKind::DuplicateTarget { unit, .. }
            | ErrorKind::DuplicateOverride { unit, .. }
            | ErrorKind::IncompleteOverride { unit, .. }
            | ErrorKind::MissingCoefficient { unit }
            | ErrorKind::InvalidCoefficient { unit, .. }
            | ErrorKind::UnknownTargetReference { unit, .. } => Some(unit),
            ErrorKind::Formula { unit, .. }
            | ErrorKind::OutOfRange { unit, .. }
            | ErrorKind::RuleFailed { unit, .. } => unit.as_ref(),
            ErrorKind::MissingTarget { unit, .. }
            | ErrorKind::InvalidTarget { unit, .. }
            | ErrorKind::UnknownDatapoint { unit, .. }
            | ErrorKind::Overflow { unit, .. }
            | ErrorKind::PrecisionLost { unit, .. }
            | ErrorKind::DivisionByZero { unit, .. }
            | ErrorKind::InvalidOrg { unit, .. }
            | ErrorKind::InvalidPlan { unit, .. }
            | ErrorKind::UnreadDatapoint { unit, .. }
            | ErrorKind::InvalidCount { unit, .. }
            | ErrorKind::NoBand { unit, .. } => unit.as_ref(),
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
            ErrorKind::UnknownDatapoint { indicator, .. }
            | ErrorKind::DuplicateIndicator { indicator }
            | ErrorKind::InvalidIncident { indicator, .. }
            | ErrorKind::NotApplicable { indicator, .. }
            | ErrorKind::NoScore { indicator, .. }
            | ErrorKind::UnknownIndicator { indicator, .. }
            | ErrorKind::DuplicateTarget { indicator, .. }
            | ErrorKind::DuplicateOverride { indicator, .. }
            | ErrorKind::IncompleteOverride { indicator, .. } => Some(indicator),
            ErrorKind::InvalidDefinition { indicator, .. }
            | ErrorKind::MissingTarget { indicator, .. }
            | ErrorKind::InvalidTarget { indicator, .. }
            | ErrorKind::Overflow { indicator, .. }
            | ErrorKind::PrecisionLost { indicator, .. }
            | ErrorKind::DivisionByZero { indicator, .. }
            | ErrorKind::GroupOverflow { indicator, .. }
            | ErrorKind::PersonOverflow { indicator, .. }
            | ErrorKind::InvalidPlan { indicator, .. }
            | ErrorKind::InvalidCount { indicator, .. }
            | ErrorKind::NoBand { indicator, .. } => indicator.as_ref(),
            ErrorKind::Undeclared { indicator, .. } => indicator.as_ref(),
            ErrorKind::UnknownTargetReference { indicator, .. }
            | ErrorKind::Formula { indicator, .. }
            | ErrorKind::OutOfRange { indicator, .. }
            | ErrorKind::UnknownRule { indicator, .. } => Some(indicator),
            ErrorKind::RuleFailed { indicator, .. } => indicator.as_ref(),
            _ => None,
        }
    }

    /// The peer group the error concerns, if any.
    pub fn group(&self) -> Option<&GroupId> {
        match self.effective() {
            ErrorKind::GroupOverflow { group, .. } => Some(group),
            ErrorKind::InvalidPlan { group, .. } => group.as_ref(),
            _ => None,
        }
    }

    /// The data point the error concerns, if any.
    pub fn datapoint(&self) -> Option<&DatapointId> {
        match self.effective() {
            ErrorKind::UnknownDatapoint { datapoint, .. }
            | ErrorKind::UnreadDatapoint { datapoint, .. } => Some(datapoint),
            _ => None,
        }
    }

    /// The person an error concerns, if any.
    pub fn person(&self) -> Option<&PersonId> {
        match self.effective() {
            ErrorKind::PersonOverflow { person, .. } => Some(person),
            ErrorKind::NoScore { person, .. }
            | ErrorKind::UnknownIndicator { person, .. }
            | ErrorKind::InvalidOrg { person, .. }
            | ErrorKind::InvalidSplit { person, .. } => person.as_ref(),
            _ => None,
        }
    }

    /// The field (the key as a bureau writes it) the error concerns, if any: the
    /// invalid field of an indicator definition (`cap`), an option outside its range
    /// (`share`), the missing part of an override (`author`). A load error's unknown or
    /// invalid key is [`Error::key`].
    pub fn field(&self) -> Option<&str> {
        match self.effective() {
            ErrorKind::InvalidDefinition { field, .. } => Some(field),
            ErrorKind::InvalidOption { field, .. }
            | ErrorKind::IncompleteOverride { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The offending value as written, if the error has one: an option's value, a
    /// target, a factor or given coefficient, a count, a value in no band, a date that
    /// is not one, a total that cannot be split, a malformed text.
    pub fn value(&self) -> Option<&str> {
        match self.effective() {
            ErrorKind::InvalidTarget { target: v, .. }
            | ErrorKind::InvalidFactor { value: v, .. }
            | ErrorKind::InvalidOption { value: v, .. }
            | ErrorKind::InvalidCoefficient { value: v, .. }
            | ErrorKind::InvalidCount { value: v, .. }
            | ErrorKind::NoBand { value: v, .. }
            | ErrorKind::InvalidDate { date: v, .. }
            | ErrorKind::InvalidSplit { total: v, .. }
            | ErrorKind::Malformed { text: v, .. } => Some(v),
            _ => None,
        }
    }

    /// The criterion (a column of a decision matrix) the error concerns, if any.
    pub fn criterion(&self) -> Option<&str> {
        match &*self.kind {
            ErrorKind::InvalidInput { criterion, .. } => criterion.as_deref(),
            _ => None,
        }
    }

    /// The file an I/O error concerns, when one was attached ([`Error::io_at`],
    /// [`Error::with_path`]); see also [`Error::file`].
    pub fn io_path(&self) -> Option<&Path> {
        match &*self.kind {
            ErrorKind::Io { path, .. } => path.as_deref(),
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

    /// A data point is not known, or a fact names a data point no indicator reads.
    pub fn is_unknown_datapoint(&self) -> bool {
        matches!(
            *self.effective(),
            ErrorKind::UnknownDatapoint { .. } | ErrorKind::UnreadDatapoint { .. }
        )
    }

    /// A unit is not known.
    pub fn is_unknown_unit(&self) -> bool {
        matches!(
            *self.effective(),
            ErrorKind::UnknownUnit { .. }
                | ErrorKind::UnknownTargetReference {
                    unknown_unit: true,
                    ..
                }
        )
    }

    /// An indicator is not in the scheme.
    pub fn is_unknown_indicator(&self) -> bool {
        matches!(*self.effective(), ErrorKind::UnknownIndicator { .. })
    }

    /// An indicator does not apply to a unit (their pair is not assessed).
    pub fn is_not_applicable(&self) -> bool {
        matches!(*self.effective(), ErrorKind::NotApplicable { .. })
    }

    /// An evaluation has no score of a pair it was asked for.
    pub fn is_no_score(&self) -> bool {
        matches!(*self.effective(), ErrorKind::NoScore { .. })
    }

    /// Something is given twice: a unit, an indicator, a target or an override of one
    /// pair, a list rule's name, a key of a ranking.
    pub fn is_duplicate(&self) -> bool {
        matches!(
            *self.effective(),
            ErrorKind::DuplicateUnit { .. }
                | ErrorKind::DuplicateIndicator { .. }
                | ErrorKind::DuplicateTarget { .. }
                | ErrorKind::DuplicateOverride { .. }
                | ErrorKind::DuplicateListRule { .. }
                | ErrorKind::DuplicateKey { .. }
                | ErrorKind::DuplicateDeclaration { .. }
        )
    }

    /// A rule book refers to a data point or group it does not declare
    /// ([`undeclared`](Error::undeclared)).
    pub fn is_undeclared(&self) -> bool {
        matches!(*self.effective(), ErrorKind::Undeclared { .. })
    }

    /// A target names a unit or indicator that is not known
    /// ([`unknown_target_reference`](Error::unknown_target_reference)).
    pub fn is_unknown_reference(&self) -> bool {
        matches!(*self.effective(), ErrorKind::UnknownTargetReference { .. })
    }

    /// An option or setting has a value outside its range ([`Error::field`] names it).
    pub fn is_invalid_option(&self) -> bool {
        matches!(*self.effective(), ErrorKind::InvalidOption { .. })
    }

    /// An override lacks its author, reason or document basis.
    pub fn is_incomplete_override(&self) -> bool {
        matches!(*self.effective(), ErrorKind::IncompleteOverride { .. })
    }

    /// A unit factor is missing or unusable.
    pub fn is_factor(&self) -> bool {
        matches!(
            *self.effective(),
            ErrorKind::MissingFactor { .. } | ErrorKind::InvalidFactor { .. }
        )
    }

    /// A given difficulty coefficient is missing or not greater than zero.
    pub fn is_coefficient(&self) -> bool {
        matches!(
            *self.effective(),
            ErrorKind::MissingCoefficient { .. } | ErrorKind::InvalidCoefficient { .. }
        )
    }

    /// A count is negative, or fractional where the rule declares whole counts.
    pub fn is_invalid_count(&self) -> bool {
        matches!(*self.effective(), ErrorKind::InvalidCount { .. })
    }

    /// A value falls in no band of a table without a default.
    pub fn is_no_band(&self) -> bool {
        matches!(*self.effective(), ErrorKind::NoBand { .. })
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
        matches!(*self.effective(), ErrorKind::PrecisionLost { .. })
    }

    /// A division by zero.
    pub fn is_division_by_zero(&self) -> bool {
        matches!(*self.effective(), ErrorKind::DivisionByZero { .. })
            || self.formula().is_some_and(|f| f.is_division_by_zero())
    }

    /// A date is not a day of the calendar, has no day before or after it, or cuts a
    /// bucket of aggregates.
    pub fn is_invalid_date(&self) -> bool {
        matches!(*self.effective(), ErrorKind::InvalidDate { .. })
    }

    /// A period ends before it starts.
    pub fn is_invalid_period(&self) -> bool {
        matches!(*self.effective(), ErrorKind::InvalidPeriod { .. })
    }

    /// A total cannot be split by its shares (negative, with too many places, over
    /// shares adding up to zero).
    pub fn is_invalid_split(&self) -> bool {
        matches!(*self.effective(), ErrorKind::InvalidSplit { .. })
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

    /// The organisation graph or a personal account is inconsistent.
    pub fn is_invalid_org(&self) -> bool {
        matches!(*self.effective(), ErrorKind::InvalidOrg { .. })
    }

    /// An indicator library, a plan or a decomposition is inconsistent.
    pub fn is_invalid_plan(&self) -> bool {
        matches!(*self.effective(), ErrorKind::InvalidPlan { .. })
    }

    /// A scoped view was asked for details outside its scope.
    pub fn is_out_of_scope(&self) -> bool {
        matches!(*self.effective(), ErrorKind::OutOfScope { .. })
    }

    /// A text is not what it should be ([`Error::value`] returns it), e.g. a
    /// [`Digest`](crate::audit::Digest) that is not one.
    pub fn is_malformed(&self) -> bool {
        matches!(*self.effective(), ErrorKind::Malformed { .. })
    }

    /// More of something than the crate can count (more than 4 294 967 295 units, or a
    /// dense table larger than memory can address).
    pub fn is_capacity(&self) -> bool {
        matches!(*self.effective(), ErrorKind::Capacity { .. })
    }

    /// Two things that do not go together were combined: aggregates of different
    /// granularities, dense sums of different dictionaries, indices of another store.
    pub fn is_mismatch(&self) -> bool {
        matches!(*self.effective(), ErrorKind::Mismatch { .. })
    }

    /// A broken invariant of the crate itself (a reader thread that stopped, a value
    /// the crate wrote that it cannot encode): a bug to report.
    pub fn is_internal(&self) -> bool {
        matches!(*self.effective(), ErrorKind::Internal { .. })
    }

    /// Reading or writing failed.
    pub fn is_io(&self) -> bool {
        matches!(*self.effective(), ErrorKind::Io { .. })
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
