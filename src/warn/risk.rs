//! During the period (事中监控): risk rules with a warning line and a limit, evaluated
//! on the facts up to an as-of date, and the alerts they raise.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::facts::Sums;
use crate::id::{IndicatorId, UnitId};
use crate::num::DisplayFormat;
use crate::rule::explain::two;
use crate::scoring::{Assessment, Evaluation};
use crate::trace::Explanation;

/// Which line a value has crossed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum RiskLevel {
    /// Reached the warning line (预警线) but not the limit.
    Warning,
    /// A limit breach (达到上限, or 达到下限 / 底线 when lower values are worse): at or
    /// beyond the limit, where the indicator's requirement is broken — as a threshold
    /// rule with the same line scores nothing "at or above the limit".
    Limit,
}

impl RiskLevel {
    /// `warning` or `limit`.
    pub fn as_str(self) -> &'static str {
        match self {
            RiskLevel::Warning => "warning",
            RiskLevel::Limit => "limit",
        }
    }

    /// 预警线 or 上限 (see [`CrossedLine::name_zh`] for 下限 when lower is worse).
    pub fn name_zh(self) -> &'static str {
        match self {
            RiskLevel::Warning => "预警线",
            RiskLevel::Limit => "上限",
        }
    }
}

/// A line crossed: its level, its value and which way the value is worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct CrossedLine {
    /// Warning or limit.
    pub level: RiskLevel,
    /// The line's value.
    pub value: Decimal,
    /// Which way the watched value is better: `LowerIsBetter` when higher values are
    /// worse (an error rate), so that the line is reached from below. Absent from a
    /// line saved before it was recorded, and then read as `LowerIsBetter`, the way of
    /// most risk rules.
    #[serde(default = "higher_is_worse")]
    pub direction: Direction,
}

fn saved_display() -> DisplayFormat {
    DisplayFormat::number(4).trimmed()
}

fn higher_is_worse() -> Direction {
    Direction::LowerIsBetter
}

impl CrossedLine {
    /// 预警线, 上限, or 下限 (a limit when lower values are worse).
    pub fn name_zh(&self) -> &'static str {
        match (self.level, self.direction) {
            (RiskLevel::Warning, _) => "预警线",
            (RiskLevel::Limit, Direction::LowerIsBetter) => "上限",
            (RiskLevel::Limit, Direction::HigherIsBetter) => "下限",
        }
    }

    /// `warning line`, `limit` or `floor` (a limit when lower values are worse).
    pub fn name_en(&self) -> &'static str {
        match (self.level, self.direction) {
            (RiskLevel::Warning, _) => "warning line",
            (RiskLevel::Limit, Direction::LowerIsBetter) => "limit",
            (RiskLevel::Limit, Direction::HigherIsBetter) => "floor",
        }
    }
}

/// A risk rule (风险预警) on an indicator's measured value: a warning line and a limit.
///
/// When `warning < limit` higher values are worse (an error rate that must not exceed
/// 5 % warns at 3 %): a value at or above the warning line warns, a value at or above
/// the limit breaches it ([`RiskLevel::Limit`], 达到上限), as a threshold rule with
/// that line gives nothing "at or above the limit". When `warning > limit` lower values
/// are worse, mirrored: at or below the limit is a breach.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::warn::{RiskLevel, RiskRule};
///
/// let rule = RiskRule::new("I051", dec!(0.03), dec!(0.05));
/// assert_eq!(rule.crossed(dec!(0.0299)), None);
/// assert_eq!(rule.crossed(dec!(0.03)).map(|l| l.level), Some(RiskLevel::Warning));
/// assert_eq!(rule.crossed(dec!(0.0499)).map(|l| l.level), Some(RiskLevel::Warning));
/// assert_eq!(rule.crossed(dec!(0.05)).map(|l| l.level), Some(RiskLevel::Limit));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskRule {
    /// The indicator whose measured value is watched.
    pub indicator: IndicatorId,
    /// The warning line (预警线): reaching it warns.
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub warning: Decimal,
    /// The limit (上限): reaching it breaches the requirement.
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub limit: Decimal,
}

impl RiskRule {
    /// Watches `indicator` with a warning line and a limit.
    pub fn new(indicator: impl Into<IndicatorId>, warning: Decimal, limit: Decimal) -> Self {
        Self {
            indicator: indicator.into(),
            warning,
            limit,
        }
    }

    /// Checks that the two lines differ.
    ///
    /// # Errors
    ///
    /// When `warning == limit`.
    pub fn validate(&self) -> Result<()> {
        if self.warning == self.limit {
            return Err(Error::invalid_definition(
                &self.indicator,
                "limit",
                format!(
                    "it equals the warning line ({}): the two lines must differ",
                    self.warning
                ),
            ));
        }
        Ok(())
    }

    /// Whether higher values are worse (`warning < limit`).
    pub fn higher_is_worse(&self) -> bool {
        self.warning < self.limit
    }

    /// The line `value` has reached, the limit first; `None` when it is on the safe
    /// side of the warning line.
    pub fn crossed(&self, value: Decimal) -> Option<CrossedLine> {
        // the direction of the watched value: higher values worse means lower is better
        let direction = if self.higher_is_worse() {
            Direction::LowerIsBetter
        } else {
            Direction::HigherIsBetter
        };
        // a line is reached when the value is no better than it
        let reached = |line: Decimal| direction.is_at_least(line, value);
        if reached(self.limit) {
            Some(CrossedLine {
                level: RiskLevel::Limit,
                value: self.limit,
                direction,
            })
        } else if reached(self.warning) {
            Some(CrossedLine {
                level: RiskLevel::Warning,
                value: self.warning,
                direction,
            })
        } else {
            None
        }
    }
}

/// Who is responsible for a unit's indicator: a lookup the host implements (from its
/// responsibility graph, a duty roster, or a map).
///
/// A `BTreeMap<(UnitId, IndicatorId), Vec<String>>` is one; [`Nobody`] names no one.
pub trait ResponsibleLookup {
    /// The people responsible for `indicator` in `unit`, in the host's order.
    fn responsible(&self, unit: &UnitId, indicator: &IndicatorId) -> Vec<String>;
}

/// Names no one responsible.
#[derive(Debug, Clone, Copy, Default)]
pub struct Nobody;

impl ResponsibleLookup for Nobody {
    fn responsible(&self, _unit: &UnitId, _indicator: &IndicatorId) -> Vec<String> {
        Vec::new()
    }
}

impl ResponsibleLookup for BTreeMap<(UnitId, IndicatorId), Vec<String>> {
    fn responsible(&self, unit: &UnitId, indicator: &IndicatorId) -> Vec<String> {
        self.get(&(unit.clone(), indicator.clone()))
            .cloned()
            .unwrap_or_default()
    }
}

/// An alert: a unit's value on an indicator has crossed a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Alert {
    /// The dedup key: `risk/{unit}/{indicator}/{level}`.
    pub key: String,
    /// The unit.
    pub unit: UnitId,
    /// The indicator.
    pub indicator: IndicatorId,
    /// The indicator's name.
    pub name: String,
    /// The indicator's English name (its id when it has none).
    #[serde(default)]
    pub name_en: String,
    /// How the indicator writes its value and lines (up to four places, trailing zeros
    /// dropped, for an alert saved before it was recorded).
    #[serde(default = "saved_display")]
    pub display: DisplayFormat,
    /// The as-of date of the data.
    pub as_of: NaiveDate,
    /// The measured value on that date.
    pub value: Decimal,
    /// The line crossed.
    pub line: CrossedLine,
    /// Full points of the indicator.
    pub points: Decimal,
    /// The score if the period ended now, by the indicator's own rule.
    pub score: Decimal,
    /// The points at risk: the points lost if the period ended now.
    pub at_risk: Decimal,
    /// The people responsible, when the host names them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responsible: Vec<String>,
}

impl Alert {
    /// The line as the message writes it, e.g. `预警线 3%` and `warning line 3%`.
    fn line_text(&self) -> (String, String) {
        let line = self.display.line(self.line.value);
        (
            format!("{} {line}", self.line.name_zh()),
            format!("{} {line}", self.line.name_en()),
        )
    }

    /// The English name, or the id when the alert has none.
    fn english_name(&self) -> &str {
        if self.name_en.is_empty() {
            self.indicator.as_str()
        } else {
            &self.name_en
        }
    }

    /// A one-line message in Chinese and English, the value and the line in the
    /// indicator's display, the scores with two places, e.g.
    /// `U01 申报差错率 4.20% 达到预警线 3%，按当前数据得 1.20 分（扣 1.80 分）` and
    /// `U01 filing error rate 4.20% reached the warning line 3%: 1.20 points if the
    /// period ended now (−1.80)`.
    pub fn message(&self) -> Explanation {
        let (zh_line, en_line) = self.line_text();
        let (zh_verb, en_verb) = match self.line.direction {
            Direction::LowerIsBetter => ("达到", "reached"),
            Direction::HigherIsBetter => ("降至", "fell to"),
        };
        let value = self.display.write(self.value);
        Explanation {
            zh: format!(
                "{} {} {value} {zh_verb}{zh_line}，按当前数据得 {} 分（扣 {} 分）",
                self.unit,
                self.name,
                two(self.score),
                two(self.at_risk)
            ),
            en: format!(
                "{} {} {value} {en_verb} the {en_line}: {} points if the period ended now (−{})",
                self.unit,
                self.english_name(),
                two(self.score),
                two(self.at_risk)
            ),
        }
    }

    /// The message in Chinese ([`message`](Alert::message)).
    pub fn message_zh(&self) -> String {
        self.message().zh
    }

    /// The message in English ([`message`](Alert::message)).
    pub fn message_en(&self) -> String {
        self.message().en
    }

    /// What a [`Cleared`](crate::warn::Cleared) event of this alert says, as of `as_of`.
    pub(crate) fn cleared_message(&self, as_of: NaiveDate) -> Explanation {
        let (zh_line, en_line) = self.line_text();
        let value = self.display.write(self.value);
        Explanation {
            zh: format!(
                "{} {} 的预警已解除（{zh_line}，预警时 {value}；截至 {as_of}）",
                self.unit, self.name
            ),
            en: format!(
                "{} {}: the alert at the {en_line} is cleared (it was {value}; as of {as_of})",
                self.unit,
                self.english_name()
            ),
        }
    }
}

/// The risk rules of a period, at most one per indicator.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::warn::{RiskModel, RiskRule};
///
/// let model = RiskModel::new(vec![RiskRule::new("I051", dec!(0.03), dec!(0.05))])?;
/// assert_eq!(model.rules().len(), 1);
/// assert!(RiskModel::new(vec![RiskRule::new("I051", dec!(0.03), dec!(0.03))]).is_err());
/// # Ok::<(), scorecard::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
// A list of risk rules, each refusing unknown keys.
#[serde(try_from = "Vec<RiskRule>", into = "Vec<RiskRule>")]
pub struct RiskModel {
    rules: Vec<RiskRule>,
}

impl RiskModel {
    /// Checks the rules and sorts them by indicator.
    ///
    /// # Errors
    ///
    /// A rule whose lines are equal, or two rules on one indicator.
    pub fn new(mut rules: Vec<RiskRule>) -> Result<Self> {
        for r in &rules {
            r.validate()?;
        }
        rules.sort_by(|a, b| a.indicator.cmp(&b.indicator));
        let mut seen = BTreeSet::new();
        for r in &rules {
            if !seen.insert(&r.indicator) {
                return Err(Error::invalid_definition(
                    &r.indicator,
                    "risk rule",
                    "it has two risk rules",
                ));
            }
        }
        Ok(Self { rules })
    }

    /// The rules, sorted by indicator.
    pub fn rules(&self) -> &[RiskRule] {
        &self.rules
    }

    /// Evaluates `assessment` on `sums` (the facts up to `as_of`) and checks every unit
    /// the watched indicators apply to. The score and the points at risk come from the
    /// indicator's own rule, as if the period ended on `as_of`.
    ///
    /// # Errors
    ///
    /// A rule on an indicator the scheme does not have, or the evaluation's errors.
    pub fn check<S: Sums + ?Sized, R: ResponsibleLookup + ?Sized>(
        &self,
        assessment: &Assessment,
        sums: &S,
        as_of: NaiveDate,
        responsible: &R,
    ) -> Result<Vec<Alert>> {
        let evaluation = assessment.evaluate(sums)?;
        self.check_evaluation(assessment, &evaluation, as_of, responsible)
    }

    /// As [`check`](RiskModel::check), on an evaluation the host already has (of the
    /// facts up to `as_of`). Alerts are sorted by unit, then indicator.
    ///
    /// # Errors
    ///
    /// A rule on an indicator the scheme does not have.
    pub fn check_evaluation<R: ResponsibleLookup + ?Sized>(
        &self,
        assessment: &Assessment,
        evaluation: &Evaluation,
        as_of: NaiveDate,
        responsible: &R,
    ) -> Result<Vec<Alert>> {
        let catalog = &assessment.scheme().indicators;
        let mut watched = BTreeMap::new();
        for r in &self.rules {
            let ind = catalog
                .get(&r.indicator)
                .ok_or_else(|| Error::unknown_indicator(&r.indicator, None))?;
            watched.insert(&r.indicator, (r, ind));
        }
        let mut out = Vec::new();
        for p in &evaluation.pairs {
            let Some((rule, ind)) = watched.get(&p.indicator) else {
                continue;
            };
            let Some(value) = p.value else { continue };
            let Some(line) = rule.crossed(value) else {
                continue;
            };
            out.push(Alert {
                key: format!("risk/{}/{}/{}", p.unit, p.indicator, line.level.as_str()),
                unit: p.unit.clone(),
                indicator: p.indicator.clone(),
                name: ind.name.clone(),
                name_en: ind.name_en().to_owned(),
                display: ind.display_format(),
                as_of,
                value,
                line,
                points: ind.points,
                score: p.score,
                at_risk: p.lost,
                responsible: responsible.responsible(&p.unit, &p.indicator),
            });
        }
        Ok(out)
    }
}

impl TryFrom<Vec<RiskRule>> for RiskModel {
    type Error = Error;
    fn try_from(rules: Vec<RiskRule>) -> Result<Self> {
        RiskModel::new(rules)
    }
}

impl From<RiskModel> for Vec<RiskRule> {
    fn from(m: RiskModel) -> Self {
        m.rules
    }
}
