//! The scheme (考核方案) of one period: indicators, difficulty adjustment, ranking, lists
//! and the rounding of published totals.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::adjust::Adjustment;
use crate::catalog::{Catalog, Datapoint, DeclarationFinding, Group};
use crate::error::Result;
use crate::facts::Dictionary;
use crate::id::{DatapointId, GroupId, UnitId};
use crate::num::RoundStep;
use crate::period::Period;
use crate::rank::{ListRule, RankOptions};
use crate::rule::{PreparedVeto, Veto};

pub(crate) fn default_lists() -> Vec<ListRule> {
    vec![
        ListRule::red(Decimal::new(4, 1)),
        ListRule::black(Decimal::new(1, 1)),
    ]
}

pub(crate) fn default_total_rounding() -> RoundStep {
    RoundStep::half_up(2)
}

/// Everything that decides how a period is scored, apart from the data.
///
/// A scheme loaded from a rule book ([`RuleBook`](crate::rulebook::RuleBook)) carries
/// its declared [groups](Scheme::group) and [data points](Scheme::datapoint): reports
/// print the groups' names, and the fact validator refuses a value of a data point
/// declared as a count that is not one ([`Scheme::dictionary`]). A scheme built in code
/// without declarations keeps working: its groups are shown by id and its data points
/// are not checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    /// The assessment period.
    pub period: Period,
    /// The indicators.
    pub indicators: Catalog,
    /// The difficulty adjustment (none unless declared).
    #[serde(default)]
    pub adjustment: Adjustment,
    /// How units are ranked in their group (competition ranking, higher is better,
    /// unless declared).
    #[serde(default)]
    pub ranking: RankOptions,
    /// The lists (red top 40 %, black bottom 10 % unless declared).
    #[serde(default = "default_lists")]
    pub lists: Vec<ListRule>,
    /// The rounding of adjusted totals (四舍五入 to 2 places unless declared).
    #[serde(default = "default_total_rounding")]
    pub total_rounding: RoundStep,
    /// The declared peer groups with their names (none unless declared).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// The declared data points (none unless declared).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datapoints: Vec<Datapoint>,
    /// The vetoes (一票否决, none unless declared).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vetoes: Vec<Veto>,
}

impl Scheme {
    /// A scheme with the defaults: no adjustment, competition ranking, red 40 %,
    /// black 10 %, totals half up to 2 places.
    pub fn new(period: Period, indicators: Catalog) -> Self {
        Self {
            period,
            indicators,
            adjustment: Adjustment::None,
            ranking: RankOptions::default(),
            lists: default_lists(),
            total_rounding: default_total_rounding(),
            groups: Vec::new(),
            datapoints: Vec::new(),
            vetoes: Vec::new(),
        }
    }

    /// Declares the vetoes (一票否决), checked by [`Scheme::validate`].
    pub fn vetoes(mut self, vetoes: Vec<Veto>) -> Self {
        self.vetoes = vetoes;
        self
    }

    /// Declares the peer groups, with their names. Once any is declared, every group an
    /// indicator names must be ([`Scheme::validate`]).
    pub fn groups(mut self, groups: Vec<Group>) -> Self {
        self.groups = groups;
        self
    }

    /// Declares the data points. Once any is declared, every data point an indicator
    /// reads must be ([`Scheme::validate`]).
    pub fn datapoints(mut self, datapoints: Vec<Datapoint>) -> Self {
        self.datapoints = datapoints;
        self
    }

    /// The declared group `id`, if declared.
    pub fn group(&self, id: &GroupId) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == *id)
    }

    /// The declared data point `id`, if declared.
    pub fn datapoint(&self, id: &DatapointId) -> Option<&Datapoint> {
        self.datapoints.iter().find(|d| d.id == *id)
    }

    /// Whether data point `id` is declared as a count (whole, non-negative values).
    pub fn is_count(&self, id: &DatapointId) -> bool {
        self.datapoint(id).is_some_and(|d| d.count)
    }

    /// What is declared but unused: data points no indicator reads, groups no indicator
    /// applies to. Harmless (nothing is scored differently), so findings, not errors.
    pub fn declaration_findings(&self) -> Vec<DeclarationFinding> {
        crate::catalog::unused(&self.groups, &self.datapoints, &self.indicators)
    }

    /// The fact dictionary of `units` for this scheme: the data points its indicators
    /// read and those it declares, the declared counts marked, so that a fact of a
    /// count data point whose value is not whole and non-negative is rejected
    /// ([`NotACount`](crate::facts::RejectReason::NotACount)).
    ///
    /// # Errors
    ///
    /// As [`Dictionary::new`]: a unit given twice, or too many units × data points.
    ///
    /// # Examples
    ///
    /// ```
    /// use scorecard::rulebook::RuleBook;
    /// use scorecard::{Fact, Period};
    /// use scorecard::facts::{Disposition, RejectReason, Validator};
    ///
    /// let book = RuleBook::from_toml_str(r#"
    /// period = { start = 2026-01-01, end = 2026-12-31 }
    /// groups = [{ id = "hall", name = "办税服务厅", name_en = "tax service halls" }]
    /// datapoints = [{ id = "D130", name = "有效投诉", source = "12366", unit_of_measure = "件", count = true }]
    /// [[indicators]]
    /// id = "I130"
    /// name = "有效投诉"
    /// points = 5
    /// groups = ["hall"]
    /// rule = { kind = "deduction", measure = { sum = "D130" }, per_event = 0.5 }
    /// "#, "book.toml")?;
    /// let scheme = book.into_scheme();
    /// let dict = scheme.dictionary(["U1".into()])?;
    /// let v = Validator::new(&dict, Period::year(2026)?);
    /// assert_eq!(v.parse_line("U1,D130,2026-03-01,2.5"), Err(RejectReason::NotACount));
    /// assert!(v.parse_line("U1,D130,2026-03-01,2").is_ok());
    /// # Ok::<(), scorecard::Error>(())
    /// ```
    pub fn dictionary(&self, units: impl IntoIterator<Item = UnitId>) -> Result<Dictionary> {
        let datapoints = self
            .indicators
            .datapoints()
            .into_iter()
            .chain(self.datapoints.iter().map(|d| d.id.clone()));
        let counts = self
            .datapoints
            .iter()
            .filter(|d| d.count)
            .map(|d| d.id.clone());
        Ok(Dictionary::new(units, datapoints)?.counts(counts))
    }

    /// Every veto checked and compiled, in the order declared.
    ///
    /// # Errors
    ///
    /// The first invalid veto, or a veto id given twice.
    pub(crate) fn prepare_vetoes(&self) -> Result<Vec<PreparedVeto>> {
        let lists: Vec<&str> = self.lists.iter().map(|l| l.name.as_str()).collect();
        let lower_first = self.ranking.get_direction() == crate::Direction::LowerIsBetter;
        let mut out = Vec::with_capacity(self.vetoes.len());
        for (k, v) in self.vetoes.iter().enumerate() {
            if self.vetoes[..k].iter().any(|w| w.id == v.id) {
                return Err(crate::Error::duplicate_declaration("veto", v.id.as_str()));
            }
            out.push(v.prepare(&self.indicators, &lists, lower_first)?);
        }
        Ok(out)
    }

    /// Sets the difficulty adjustment.
    pub fn adjustment(mut self, adjustment: Adjustment) -> Self {
        self.adjustment = adjustment;
        self
    }

    /// Sets the ranking options.
    pub fn ranking(mut self, ranking: RankOptions) -> Self {
        self.ranking = ranking;
        self
    }

    /// Sets the lists.
    pub fn lists(mut self, lists: Vec<ListRule>) -> Self {
        self.lists = lists;
        self
    }

    /// Sets the rounding of adjusted totals.
    pub fn total_rounding(mut self, step: RoundStep) -> Self {
        self.total_rounding = step;
        self
    }

    /// Checks the adjustment, the list rules and the declarations (the catalogue is
    /// checked when built).
    ///
    /// # Errors
    ///
    /// The first invalid declaration: an invalid adjustment or list rule, a group or
    /// data point declared twice, or, once groups (data points) are declared, an
    /// indicator naming a group (reading a data point) that is not declared
    /// ([`is_undeclared`](crate::Error::is_undeclared)), or an invalid veto
    /// ([`is_veto`](crate::Error::is_veto): see [`Veto`]).
    pub fn validate(&self) -> Result<()> {
        self.adjustment.validate()?;
        for l in &self.lists {
            l.validate()?;
        }
        self.prepare_vetoes()?;
        let problems =
            crate::catalog::problems(&self.groups, &self.datapoints, &self.indicators, false);
        match problems.first() {
            Some(p) => Err(p.to_error(&self.groups, &self.datapoints)),
            None => Ok(()),
        }
    }

    /// Checks indicator `i` against the declarations, as [`validate`](Self::validate)
    /// checks each indicator of the catalogue (for an indicator about to replace one).
    pub(crate) fn validate_indicator(&self, i: &crate::catalog::Indicator) -> Result<()> {
        let mut problems = Vec::new();
        crate::catalog::indicator_problems(&self.groups, &self.datapoints, i, false, &mut problems);
        match problems.first() {
            Some(p) => Err(p.to_error(&self.groups, &self.datapoints)),
            None => Ok(()),
        }
    }
}
