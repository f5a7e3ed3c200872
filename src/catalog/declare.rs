//! Declarations (声明) of a rule book: the data points its indicators read and the peer
//! groups they apply to, with their names; and the checks that every reference is
//! declared.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{Catalog, Indicator};
use crate::error::Error;
use crate::id::{DatapointId, GroupId, IndicatorId};

/// A declared data point (数据点声明): what a source system reports, under which id,
/// in which unit of measure (计量单位), and whether its values are counts.
///
/// A data point declared as a count (`count = true`) takes whole, non-negative values
/// only: the fact validator rejects any other value of it as
/// [`NotACount`](crate::facts::RejectReason::NotACount).
///
/// # Examples
///
/// ```
/// use scorecard::catalog::Datapoint;
///
/// let d: Datapoint = scorecard::rulebook::from_toml_str(r#"
/// id = "D130"
/// name = "有效投诉件数"
/// name_en = "valid complaints"
/// source = "12366 纳税服务平台"
/// unit_of_measure = "件"
/// count = true
/// "#, "d.toml")?;
/// assert!(d.count);
/// assert_eq!(d.name_en(), "valid complaints");
/// # Ok::<(), scorecard::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
pub struct Datapoint {
    /// The data point's id, as facts name it.
    pub id: DatapointId,
    /// Its name, in Chinese as the source system calls it.
    pub name: String,
    /// Its English name (the id when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// The source system (来源系统) that reports it, e.g. `金税三期`.
    pub source: String,
    /// The unit of measure (计量单位) of its values, e.g. `件`, `元`, `户`.
    pub unit_of_measure: String,
    /// Whether its values are counts (whole and not negative); false unless declared.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub count: bool,
}

impl Datapoint {
    /// The English name, or the id when none is given.
    pub fn name_en(&self) -> &str {
        self.name_en.as_deref().unwrap_or(self.id.as_str())
    }
}

/// A declared peer group (同类组): units compared and ranked together, with the names
/// reports print for it.
///
/// # Examples
///
/// ```
/// use scorecard::catalog::Group;
///
/// let g: Group = scorecard::rulebook::from_json_str(
///     r#"{"id": "hall", "name": "办税服务厅", "name_en": "tax service halls"}"#,
///     "g.json",
/// )?;
/// assert_eq!(g.name, "办税服务厅");
/// # Ok::<(), scorecard::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
pub struct Group {
    /// The group's id, as units and indicators name it.
    pub id: GroupId,
    /// Its name in Chinese.
    pub name: String,
    /// Its name in English.
    pub name_en: String,
}

/// What a rule book declares but nothing uses: harmless (nothing is scored
/// differently), so reported as a finding beside a successful load, not an error.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DeclarationFinding {
    /// A data point that no indicator reads.
    UnusedDatapoint {
        /// The data point.
        datapoint: DatapointId,
    },
    /// A group that no indicator applies to.
    UnusedGroup {
        /// The group.
        group: GroupId,
    },
}

/// A reference or declaration that is wrong, found by [`problems`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// Group `groups[index]` repeats an earlier id.
    DuplicateGroup { index: usize },
    /// Data point `datapoints[index]` repeats an earlier id.
    DuplicateDatapoint { index: usize },
    /// An indicator reads a data point not declared.
    UndeclaredDatapoint {
        indicator: IndicatorId,
        datapoint: DatapointId,
        suggestion: Option<String>,
    },
    /// An indicator names a group not declared.
    UndeclaredGroup {
        indicator: IndicatorId,
        group: GroupId,
        suggestion: Option<String>,
    },
}

impl Problem {
    /// The error it is.
    pub(crate) fn to_error(&self, groups: &[Group], datapoints: &[Datapoint]) -> Error {
        match self {
            Problem::DuplicateGroup { index } => Error::duplicate_declaration(
                "group",
                groups.get(*index).map(|g| g.id.as_str()).unwrap_or("?"),
            ),
            Problem::DuplicateDatapoint { index } => Error::duplicate_declaration(
                "data point",
                datapoints.get(*index).map(|d| d.id.as_str()).unwrap_or("?"),
            ),
            Problem::UndeclaredDatapoint {
                indicator,
                datapoint,
                suggestion,
            } => Error::undeclared(
                "data point",
                datapoint.as_str(),
                Some(indicator),
                suggestion.as_deref(),
            ),
            Problem::UndeclaredGroup {
                indicator,
                group,
                suggestion,
            } => Error::undeclared(
                "group",
                group.as_str(),
                Some(indicator),
                suggestion.as_deref(),
            ),
        }
    }
}

/// Every problem of `catalog` against the declarations, in the order: repeated groups,
/// repeated data points, then per indicator (in id order) its undeclared groups and
/// data points. With `required` false an empty list of declarations declares nothing
/// and is not checked (a scheme built in code without declarations); with `required`
/// (a rule book) every reference must be declared.
pub(crate) fn problems(
    groups: &[Group],
    datapoints: &[Datapoint],
    catalog: &Catalog,
    required: bool,
) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (index, g) in groups.iter().enumerate() {
        if !seen.insert(&g.id) {
            out.push(Problem::DuplicateGroup { index });
        }
    }
    let mut seen = BTreeSet::new();
    for (index, d) in datapoints.iter().enumerate() {
        if !seen.insert(&d.id) {
            out.push(Problem::DuplicateDatapoint { index });
        }
    }
    for i in catalog.indicators() {
        indicator_problems(groups, datapoints, i, required, &mut out);
    }
    out
}

/// The problems of indicator `i` against the declarations (as [`problems`] finds them
/// for each indicator), added to `out`.
pub(crate) fn indicator_problems(
    groups: &[Group],
    datapoints: &[Datapoint],
    i: &Indicator,
    required: bool,
    out: &mut Vec<Problem>,
) {
    let group_ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
    let datapoint_ids: Vec<&str> = datapoints.iter().map(|d| d.id.as_str()).collect();
    if required || !groups.is_empty() {
        for g in &i.groups {
            if !group_ids.contains(&g.as_str()) {
                out.push(Problem::UndeclaredGroup {
                    indicator: i.id.clone(),
                    group: g.clone(),
                    suggestion: crate::rulebook::suggest(g.as_str(), &group_ids).map(str::to_owned),
                });
            }
        }
    }
    if required || !datapoints.is_empty() {
        for d in i.datapoints() {
            if !datapoint_ids.contains(&d.as_str()) {
                out.push(Problem::UndeclaredDatapoint {
                    indicator: i.id.clone(),
                    datapoint: d.clone(),
                    suggestion: crate::rulebook::suggest(d.as_str(), &datapoint_ids)
                        .map(str::to_owned),
                });
            }
        }
    }
}

/// The declarations nothing uses: data points no indicator reads, then groups no
/// indicator applies to, each in the order declared.
pub(crate) fn unused(
    groups: &[Group],
    datapoints: &[Datapoint],
    catalog: &Catalog,
) -> Vec<DeclarationFinding> {
    let read: BTreeSet<DatapointId> = catalog.datapoints().into_iter().collect();
    let applied: BTreeSet<&GroupId> = catalog
        .indicators()
        .iter()
        .flat_map(|i| i.groups.iter())
        .collect();
    // a repeated declaration is reported (as an error) by `problems`, not twice here
    let mut seen_d = BTreeSet::new();
    let mut seen_g = BTreeSet::new();
    let data = datapoints
        .iter()
        .filter(|d| !read.contains(&d.id) && seen_d.insert(&d.id))
        .map(|d| DeclarationFinding::UnusedDatapoint {
            datapoint: d.id.clone(),
        });
    let groups = groups
        .iter()
        .filter(|g| !applied.contains(&g.id) && seen_g.insert(&g.id))
        .map(|g| DeclarationFinding::UnusedGroup {
            group: g.id.clone(),
        });
    data.chain(groups).collect()
}
