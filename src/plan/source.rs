//! Indicator sources (指标源): an indicator with its owning department, the points and
//! risks it assesses, its data sources and its dated versions.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::{Basis, Category, Indicator};
use crate::error::{Error, Result};
use crate::id::{DatapointId, DepartmentId, GroupId, IndicatorId};
use crate::period::Period;
use crate::rule::{Deduction, Measure, Rule};

/// Where an indicator comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Origin {
    /// A rule or business norm that states what is assessed and how (R1).
    #[default]
    Norm,
    /// A category of problems that internal-control monitoring scans keep finding (R2):
    /// the host feeds each finding as a fact of data point `problem`, and the indicator
    /// deducts per finding.
    Monitoring {
        /// The problem category, as the data point its findings are reported under.
        problem: DatapointId,
    },
}

/// The content of [`Origin::Monitoring`] as a library writes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MonitoringRepr {
    problem: DatapointId,
}

crate::rulebook::kind_tagged!(Origin {
    "norm" => Norm,
    "monitoring" => Monitoring { problem } from MonitoringRepr,
});

/// One version of an indicator source, in force from `effective` until the next
/// version's effective day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceVersion {
    /// The first day this version is in force.
    pub effective: NaiveDate,
    /// The indicator as scoring uses it: name, category (党务 / 政务 / 业务), points, peer
    /// groups, document basis (文件依据) with clause, rule and rounding.
    pub indicator: Indicator,
    /// The target requirement (目标要求), in words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub target_requirement: String,
    /// What is assessed (考核点).
    #[serde(default)]
    pub assessment_points: Vec<String>,
    /// The risks it watches (风险点).
    #[serde(default)]
    pub risk_points: Vec<String>,
    /// The systems its data come from (数据来源), e.g. `金税三期`.
    #[serde(default)]
    pub data_sources: Vec<String>,
    /// The work areas (工作领域) it belongs to; a plan's focus areas pick from these.
    #[serde(default)]
    pub areas: Vec<String>,
    /// The duty codes (岗责) it is matched to posts by when decomposed.
    #[serde(default)]
    pub duties: Vec<String>,
}

/// An indicator source (指标源): an indicator of the library with its owning department,
/// its origin and its versions.
///
/// Evaluating a period uses the version in force on the period's **first day**; a
/// version that takes effect during a period applies from the next period. So 2025 is
/// evaluated with the 2025 version even after the indicator changed in 2026.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use scorecard::Period;
/// use scorecard::plan::{IndicatorSource, SourceVersion};
///
/// let version = |year: i32, points: &str| -> SourceVersion {
///     serde_json::from_value(serde_json::json!({
///         "effective": format!("{year}-01-01"),
///         "indicator": {"id": "I130", "name": "有效投诉", "points": points, "groups": ["hall"],
///                       "rule": {"kind": "deduction", "measure": {"count": "D130"}, "per_event": "0.5"}},
///         "risk_points": ["服务态度"]
///     })).unwrap()
/// };
/// let source = IndicatorSource::new("I130", "纳税服务科", vec![version(2026, "6"), version(2025, "5")]).unwrap();
/// let v = source.version_for(&Period::year(2025).unwrap()).unwrap();
/// assert_eq!(v.indicator.points.to_string(), "5");
/// let v = source.version_for(&Period::year(2026).unwrap()).unwrap();
/// assert_eq!(v.indicator.points.to_string(), "6");
/// assert!(source.version_for(&Period::year(2024).unwrap()).is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Read through SourceRepr, which refuses unknown keys.
#[serde(try_from = "SourceRepr", into = "SourceRepr")]
pub struct IndicatorSource {
    id: IndicatorId,
    owner: DepartmentId,
    origin: Origin,
    versions: Vec<SourceVersion>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceRepr {
    id: IndicatorId,
    owner: DepartmentId,
    #[serde(default)]
    origin: Origin,
    versions: Vec<SourceVersion>,
}

impl TryFrom<SourceRepr> for IndicatorSource {
    type Error = Error;
    fn try_from(r: SourceRepr) -> Result<Self> {
        IndicatorSource::new(r.id, r.owner, r.versions).and_then(|s| s.with_origin(r.origin))
    }
}

impl From<IndicatorSource> for SourceRepr {
    fn from(s: IndicatorSource) -> Self {
        SourceRepr {
            id: s.id,
            owner: s.owner,
            origin: s.origin,
            versions: s.versions,
        }
    }
}

/// A category of problems found by internal-control monitoring, made a deduction
/// indicator (R2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonitoringModel {
    /// The indicator's id.
    pub id: IndicatorId,
    /// Its name, e.g. `发票异常重复问题`.
    pub name: String,
    /// The problem category, as the data point each finding is reported under.
    pub problem: DatapointId,
    /// The owning department.
    pub owner: DepartmentId,
    /// Full points.
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub points: Decimal,
    /// Points deducted per finding.
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub per_event: Decimal,
    /// The peer groups it applies to.
    pub groups: Vec<GroupId>,
    /// The first day it is in force.
    pub effective: NaiveDate,
    /// The document basis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// The category (business unless declared).
    #[serde(default)]
    pub category: Category,
    /// The duty codes it is matched to posts by.
    #[serde(default)]
    pub duties: Vec<String>,
}

impl IndicatorSource {
    /// A source from its versions (in any order), as a rule or business norm.
    ///
    /// # Errors
    ///
    /// No version; two versions in force from the same day; a version whose indicator
    /// has another id or is invalid.
    pub fn new(
        id: impl Into<IndicatorId>,
        owner: impl Into<DepartmentId>,
        mut versions: Vec<SourceVersion>,
    ) -> Result<Self> {
        let id = id.into();
        if versions.is_empty() {
            return Err(Error::invalid_definition(&id, "versions", "there are none"));
        }
        versions.sort_by_key(|v| v.effective);
        for w in versions.windows(2) {
            if w[0].effective == w[1].effective {
                return Err(Error::invalid_definition(
                    &id,
                    "versions",
                    format!("two versions take effect on {}", w[0].effective),
                ));
            }
        }
        for v in &versions {
            if v.indicator.id != id {
                return Err(Error::invalid_definition(
                    &id,
                    "versions",
                    format!(
                        "the version of {} carries indicator {}",
                        v.effective, v.indicator.id
                    ),
                ));
            }
            v.indicator.validate()?;
        }
        Ok(Self {
            id,
            owner: owner.into(),
            origin: Origin::Norm,
            versions,
        })
    }

    /// A deduction indicator from a monitoring model (R2): full points less `per_event`
    /// for every finding of the problem category, down to 0.
    ///
    /// # Errors
    ///
    /// As for [`IndicatorSource::new`].
    pub fn from_monitoring(model: MonitoringModel) -> Result<Self> {
        let indicator = Indicator {
            id: model.id.clone(),
            name: model.name,
            name_en: None,
            category: model.category,
            points: model.points,
            groups: model.groups,
            basis: model.basis,
            assesses: format!(
                "每发现一户次 {} 类问题扣 {} 分",
                model.problem, model.per_event
            ),
            rule: Rule::Deduction(Deduction {
                measure: Measure::Count(model.problem.clone()),
                per_event: model.per_event,
                floor: Decimal::ZERO,
                fractional: false,
            }),
            rounding: None,
            display: None,
        };
        let version = SourceVersion {
            effective: model.effective,
            indicator,
            target_requirement: String::new(),
            assessment_points: Vec::new(),
            risk_points: vec![format!("{} 类问题反复出现", model.problem)],
            data_sources: vec!["内控监督平台".into()],
            areas: Vec::new(),
            duties: model.duties,
        };
        Self::new(model.id, model.owner, vec![version])?.with_origin(Origin::Monitoring {
            problem: model.problem,
        })
    }

    /// Sets the origin.
    ///
    /// # Errors
    ///
    /// For a monitoring origin, when some version's rule does not read the problem
    /// category's data point.
    pub fn with_origin(mut self, origin: Origin) -> Result<Self> {
        if let Origin::Monitoring { problem } = &origin {
            for v in &self.versions {
                if !v.indicator.rule.measure_datapoints().any(|d| d == problem) {
                    return Err(Error::invalid_definition(
                        &self.id,
                        "origin",
                        format!(
                            "the version of {} does not read problem category {problem}",
                            v.effective
                        ),
                    ));
                }
            }
        }
        self.origin = origin;
        Ok(self)
    }

    /// The indicator's id.
    pub fn id(&self) -> &IndicatorId {
        &self.id
    }

    /// The owning department.
    pub fn owner(&self) -> &DepartmentId {
        &self.owner
    }

    /// Where it comes from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The versions, by effective day.
    pub fn versions(&self) -> &[SourceVersion] {
        &self.versions
    }

    /// The version in force on `date`: the latest one effective on or before it.
    pub fn version_on(&self, date: NaiveDate) -> Option<&SourceVersion> {
        self.versions.iter().rev().find(|v| v.effective <= date)
    }

    /// The version a period is evaluated with: the one in force on its first day.
    pub fn version_for(&self, period: &Period) -> Option<&SourceVersion> {
        self.version_on(period.start())
    }
}
