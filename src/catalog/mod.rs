//! The indicator library (指标库): indicator definitions with their category, points,
//! peer groups, document basis and scoring rule.

mod declare;

use std::collections::BTreeSet;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::{DatapointId, GroupId, IndicatorId};
use crate::num::{DisplayFormat, RoundStep};
use crate::rule::{Rule, RuleRegistry};

pub use self::declare::{Datapoint, DeclarationFinding, Group};
pub(crate) use self::declare::{Problem, indicator_problems, problems, unused};

/// Which workflow an indicator belongs to (R18): party affairs, administration,
/// business, or a category of the host's own.
///
/// Serialised as `"party"`, `"administration"`, `"business"` or the host's own text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
// A string, not a table: it has no unknown keys to refuse.
#[serde(from = "String", into = "String")]
pub enum Category {
    /// 党务: party affairs.
    Party,
    /// 政务: administration.
    Administration,
    /// 业务: business (tax collection, services, inspection).
    #[default]
    Business,
    /// A category of the host's own.
    Other(String),
}

impl From<String> for Category {
    fn from(s: String) -> Self {
        match s.as_str() {
            "party" => Category::Party,
            "administration" => Category::Administration,
            "business" => Category::Business,
            _ => Category::Other(s),
        }
    }
}

impl From<Category> for String {
    fn from(c: Category) -> Self {
        match c {
            Category::Party => "party".into(),
            Category::Administration => "administration".into(),
            Category::Business => "business".into(),
            Category::Other(s) => s,
        }
    }
}

impl Category {
    /// The Chinese name (党务 / 政务 / 业务, or the host's text).
    pub fn name_zh(&self) -> &str {
        match self {
            Category::Party => "党务",
            Category::Administration => "政务",
            Category::Business => "业务",
            Category::Other(s) => s,
        }
    }

    /// The English name (party affairs / administration / business, or the host's
    /// text).
    pub fn name_en(&self) -> &str {
        match self {
            Category::Party => "party affairs",
            Category::Administration => "administration",
            Category::Business => "business",
            Category::Other(s) => s,
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Category::Party => f.write_str("party"),
            Category::Administration => f.write_str("administration"),
            Category::Business => f.write_str("business"),
            Category::Other(s) => f.write_str(s),
        }
    }
}

/// The document basis (文件依据) of an indicator: the regulation and clause it applies.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Basis {
    /// The document, e.g. `税务总局绩效考评办法（2026）`.
    pub document: String,
    /// The clause, e.g. `第十二条`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.clause {
            Some(c) => write!(f, "{} {}", self.document, c),
            None => f.write_str(&self.document),
        }
    }
}

/// One indicator (指标): what is assessed, for whom, how it is scored and on what
/// basis.
///
/// # Examples
///
/// ```
/// use scorecard::Indicator;
///
/// let i: Indicator = serde_json::from_str(r#"{
///     "id": "I051", "name": "申报差错率", "name_en": "filing error rate",
///     "points": "3", "groups": ["key"],
///     "rule": {"kind": "ratio_threshold",
///              "measure": {"ratio": {"numerator": "D051", "denominator": "D052"}},
///              "direction": "lower_is_better", "good": "0.03", "bad": "0.05"}
/// }"#).unwrap();
/// i.validate().unwrap();
/// assert_eq!(i.datapoints().len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// The indicator's id.
    pub id: IndicatorId,
    /// Its name, in Chinese as published.
    pub name: String,
    /// Its English name, for reports in English (the id when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Party affairs, administration, business, or the host's own.
    #[serde(default)]
    pub category: Category,
    /// Full points (满分); for a bonus rule, the bonus ceiling.
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub points: Decimal,
    /// The peer groups it applies to.
    pub groups: Vec<GroupId>,
    /// The document basis (文件依据).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// What it assesses and how (考核内容和方法), in words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub assesses: String,
    /// The scoring rule.
    pub rule: Rule,
    /// How the score is rounded, if the rule says so; `None` keeps it exact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding: Option<RoundStep>,
    /// How its measured value (and the lines it is compared with) is written in
    /// messages and reports (显示格式), e.g. `display = { percent = true, places = 1 }`;
    /// when absent, the rule's default ([`Rule::default_display`]): a ratio or rate as
    /// a percentage with two places, a count with up to two places (an integer when
    /// whole), anything else with two places.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<DisplayFormat>,
}

impl Indicator {
    /// The English name, or the id when none is given.
    pub fn name_en(&self) -> &str {
        self.name_en.as_deref().unwrap_or(self.id.as_str())
    }

    /// How the measured value is written: the declared [`display`](Indicator::display)
    /// or the rule's default.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal_macros::dec;
    /// use scorecard::{DisplayFormat, Indicator};
    ///
    /// let mut i: Indicator = toml::from_str(r#"
    /// id = "I051"
    /// name = "申报差错率"
    /// points = "3"
    /// groups = ["hall"]
    /// rule = { kind = "ratio_threshold", measure = { ratio = { numerator = "D051", denominator = "D052" } }, good = "0.03", bad = "0.05", direction = "lower_is_better" }
    /// "#).unwrap();
    /// assert_eq!(i.display_format(), DisplayFormat::percent(2));
    /// i.display = Some(DisplayFormat::percent(1));
    /// assert_eq!(i.display_format().write(dec!(0.042)), "4.2%");
    /// ```
    pub fn display_format(&self) -> DisplayFormat {
        self.display.unwrap_or_else(|| self.rule.default_display())
    }

    /// Whether a higher measured value is better, as the rule declares it: required of
    /// threshold, interval, five-tier and fixed-standard efficacy rules (whose lines,
    /// band ends and standards must agree with it, or the rule book is refused at
    /// load); optional for completion and min–max efficacy rules (higher unless
    /// declared) and for pass–fail rules (read from the operator unless declared, and
    /// never contradicting it); fixed by the kind otherwise: lower for deductions,
    /// higher for bonuses and peer-relative rules. Nothing is inferred from the order of
    /// two numbers.
    pub fn direction(&self) -> Direction {
        self.rule.direction()
    }

    /// The data points the rule reads, without repeats, in order of first mention.
    pub fn datapoints(&self) -> Vec<&DatapointId> {
        let mut out = Vec::new();
        for d in self.rule.measure_datapoints() {
            if !out.contains(&d) {
                out.push(d);
            }
        }
        out
    }

    /// Whether it applies to units of `group`.
    pub fn applies_to(&self, group: &GroupId) -> bool {
        self.groups.contains(group)
    }

    /// Whether points count toward full points (false for a bonus rule, 加分项).
    pub fn counts_toward_full(&self) -> bool {
        !self.rule.is_bonus()
    }

    /// What the indicator contributes to full points: its points, or 0 for a bonus rule.
    pub fn full_points(&self) -> Decimal {
        if self.counts_toward_full() {
            self.points
        } else {
            Decimal::ZERO
        }
    }

    /// Checks the definition.
    ///
    /// # Errors
    ///
    /// An error naming the indicator and the field: an empty id or name, points below
    /// zero, no peer group, a repeated group, a display with more places than a decimal shows, or a rule
    /// parameter out of range.
    pub fn validate(&self) -> Result<()> {
        if self.id.as_str().is_empty() {
            return Err(Error::invalid_definition(&self.id, "id", "it is empty"));
        }
        if self.name.trim().is_empty() {
            return Err(Error::invalid_definition(&self.id, "name", "it is empty"));
        }
        if self.points.is_sign_negative() && !self.points.is_zero() {
            return Err(Error::invalid_definition(
                &self.id,
                "points",
                format!("{} is below zero", self.points),
            ));
        }
        if self.groups.is_empty() {
            return Err(Error::invalid_definition(
                &self.id,
                "groups",
                "it names no peer group",
            ));
        }
        let mut seen = BTreeSet::new();
        for g in &self.groups {
            if !seen.insert(g) {
                return Err(Error::invalid_definition(
                    &self.id,
                    "groups",
                    format!("group {g} is named twice"),
                ));
            }
        }
        if let Some(d) = self.display {
            if d.places > DisplayFormat::MAX_PLACES {
                return Err(Error::invalid_definition(
                    &self.id,
                    "display",
                    format!(
                        "{} places are more than the {} a decimal can show",
                        d.places,
                        DisplayFormat::MAX_PLACES
                    ),
                ));
            }
        }
        self.rule.validate(&self.id, self.points)
    }
}

/// A validated set of indicators with unique ids, kept sorted by id.
///
/// # Examples
///
/// A catalogue in TOML, as a bureau might keep it:
///
/// ```
/// use scorecard::{Catalog, Direction};
///
/// #[derive(serde::Deserialize)]
/// struct Library {
///     indicators: Catalog,
/// }
///
/// let lib: Library = toml::from_str(r#"
/// [[indicators]]
/// id = "I002"
/// name = "有效投诉"
/// points = "5"
/// groups = ["hall"]
/// rule = { kind = "deduction", measure = { sum = "D130" }, per_event = "0.5" }
///
/// [[indicators]]
/// id = "I001"
/// name = "税收收入完成率"
/// category = "business"
/// points = "4"
/// groups = ["hall", "territorial"]
/// basis = { document = "绩效考评办法", clause = "第八条" }
/// rule = { kind = "completion", measure = { sum = "D001" }, cap = "1.0" }
/// "#).unwrap();
/// let ids: Vec<&str> = lib.indicators.indicators().iter().map(|i| i.id.as_str()).collect();
/// assert_eq!(ids, ["I001", "I002"]);
/// assert_eq!(lib.indicators.get(&"I002".into()).unwrap().direction(), Direction::LowerIsBetter);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
// A list of indicators, each refusing unknown keys.
#[serde(try_from = "Vec<Indicator>", into = "Vec<Indicator>")]
pub struct Catalog {
    indicators: Vec<Indicator>,
}

impl Catalog {
    /// Validates every indicator and checks that ids are unique.
    ///
    /// # Errors
    ///
    /// The first invalid indicator, or a repeated id.
    pub fn new(mut indicators: Vec<Indicator>) -> Result<Self> {
        for i in &indicators {
            i.validate()?;
        }
        indicators.sort_by(|a, b| a.id.cmp(&b.id));
        for w in indicators.windows(2) {
            if w[0].id == w[1].id {
                return Err(Error::duplicate_indicator(&w[0].id));
            }
        }
        Ok(Self { indicators })
    }

    /// The indicators, sorted by id.
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    /// Resolves every host rule (`{ kind = "host", name = "…" }`) through `registry`:
    /// each is built from its parameters by the factory registered under its name and
    /// checked against the indicator's points. Other kinds are left as they are. An
    /// [`Assessment`](crate::Assessment) refuses a catalogue whose host rules are not
    /// resolved; resolve again after changing a host rule's parameters.
    ///
    /// # Errors
    ///
    /// A name no host rule is registered under ([`Error::is_unknown_rule`], naming the
    /// indicator, with the registered names and the nearest as
    /// [`Error::suggestion`]); parameters the factory refuses or a host rule's own check
    /// (an invalid definition of the indicator's `params`).
    ///
    /// # Examples
    ///
    /// See [`RuleRegistry`].
    pub fn resolve(&mut self, registry: &RuleRegistry) -> Result<()> {
        for i in &mut self.indicators {
            i.rule.resolve(&i.id, i.points, registry)?;
        }
        Ok(())
    }

    /// Replaces the indicator at `k` (in id order) by `new`, which has the same id (so
    /// the order holds), and returns the one it replaced. The caller validates `new`.
    pub(crate) fn replace(&mut self, k: usize, new: Indicator) -> Indicator {
        debug_assert_eq!(self.indicators[k].id, new.id);
        std::mem::replace(&mut self.indicators[k], new)
    }

    /// The indicator with this id.
    pub fn get(&self, id: &IndicatorId) -> Option<&Indicator> {
        self.indicators
            .binary_search_by(|i| i.id.cmp(id))
            .ok()
            .map(|k| &self.indicators[k])
    }

    /// Every data point some indicator reads, sorted.
    pub fn datapoints(&self) -> Vec<DatapointId> {
        let set: BTreeSet<&DatapointId> = self
            .indicators
            .iter()
            .flat_map(|i| i.rule.measure_datapoints())
            .collect();
        set.into_iter().cloned().collect()
    }

    /// The number of indicators.
    pub fn len(&self) -> usize {
        self.indicators.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.indicators.is_empty()
    }
}

impl TryFrom<Vec<Indicator>> for Catalog {
    type Error = Error;
    fn try_from(v: Vec<Indicator>) -> Result<Self> {
        Catalog::new(v)
    }
}

impl From<Catalog> for Vec<Indicator> {
    fn from(c: Catalog) -> Self {
        c.indicators
    }
}
