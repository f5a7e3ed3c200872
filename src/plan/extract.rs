//! Plan extraction (绩效指标提取, R3): a level picks focus areas, departments tick
//! indicators from the libraries they may read, fill in targets and basis, and the
//! period's plan is formed and checked.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::{Basis, Catalog, Indicator};
use crate::error::{Error, Result};
use crate::id::{DepartmentId, GroupId, IndicatorId, UnitId};
use crate::org::{OrgGraph, Unit};
use crate::period::Period;
use crate::plan::library::Libraries;
use crate::plan::source::Origin;
use crate::scheme::Scheme;
use crate::scoring::Targets;

/// What a level asks for: its focus areas, the declared total per peer group, and the
/// indicators its departments ticked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanDraft {
    /// The assessing level (bureau).
    pub level: UnitId,
    /// The period planned.
    pub period: Period,
    /// The focus areas (重点工作领域); empty means every area.
    #[serde(default)]
    pub focus: Vec<String>,
    /// The declared full points per peer group (bonus indicators excluded).
    #[serde(default, deserialize_with = "crate::num::exact_serde::map_decimal")]
    pub totals: BTreeMap<GroupId, Decimal>,
    /// The ticked indicators.
    #[serde(default)]
    pub picks: Vec<Pick>,
}

/// One indicator ticked by a department, with the targets and basis it filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pick {
    /// The library it is taken from (its owner bureau).
    pub library: UnitId,
    /// The indicator.
    pub indicator: IndicatorId,
    /// The department that ticked it and will assess it.
    pub department: DepartmentId,
    /// The basis filled in; the library version's basis when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// The targets per assessed unit.
    #[serde(default, deserialize_with = "crate::num::exact_serde::map_decimal")]
    pub targets: BTreeMap<UnitId, Decimal>,
}

/// An indicator of the plan: the library version in force for the period, with the
/// basis filled in and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct PlannedIndicator {
    /// The indicator as scoring uses it.
    pub indicator: Indicator,
    /// The library it was taken from.
    pub library: UnitId,
    /// The effective day of the version used.
    pub version: NaiveDate,
    /// The owning department of the source.
    pub owner: DepartmentId,
    /// The department that ticked it.
    pub assessor: DepartmentId,
    /// Where it comes from (a norm, or monitoring).
    pub origin: Origin,
    /// What is assessed (考核点).
    pub assessment_points: Vec<String>,
    /// The risks it watches (风险点).
    pub risk_points: Vec<String>,
    /// Its data sources.
    pub data_sources: Vec<String>,
    /// The duty codes it is matched to posts by.
    pub duties: Vec<String>,
}

/// The period's plan: its indicators (sorted by id), the assessed units and their
/// targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Plan {
    /// The assessing level.
    pub level: UnitId,
    /// The period.
    pub period: Period,
    /// The indicators, sorted by id.
    pub indicators: Vec<PlannedIndicator>,
    /// The targets.
    pub targets: Targets,
}

impl Plan {
    /// The planned indicator with this id.
    pub fn get(&self, id: &IndicatorId) -> Option<&PlannedIndicator> {
        self.indicators
            .binary_search_by(|p| p.indicator.id.cmp(id))
            .ok()
            .map(|k| &self.indicators[k])
    }

    /// The plan's indicators as a catalogue.
    ///
    /// # Errors
    ///
    /// An invalid indicator (a filled-in basis cannot make one invalid, so this is
    /// only reached by editing the plan by hand).
    pub fn catalog(&self) -> Result<Catalog> {
        Catalog::new(
            self.indicators
                .iter()
                .map(|p| p.indicator.clone())
                .collect(),
        )
    }

    /// The period's scheme with the defaults (see [`Scheme::new`]).
    ///
    /// # Errors
    ///
    /// As for [`Plan::catalog`].
    pub fn scheme(&self) -> Result<Scheme> {
        Ok(Scheme::new(self.period, self.catalog()?))
    }
}

/// A problem with a plan draft, returned as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanFinding {
    /// The library does not exist or has no such indicator.
    UnknownIndicator {
        /// The indicator.
        indicator: IndicatorId,
        /// The library named.
        library: UnitId,
    },
    /// The level may not read that library (a sibling's, a subordinate's).
    NotReadable {
        /// The indicator.
        indicator: IndicatorId,
        /// The library named.
        library: UnitId,
        /// The level that tried.
        level: UnitId,
    },
    /// No version of the indicator is in force on the period's first day.
    NotInForce {
        /// The indicator.
        indicator: IndicatorId,
        /// The period's first day.
        day: NaiveDate,
    },
    /// The indicator belongs to none of the focus areas.
    OutsideFocus {
        /// The indicator.
        indicator: IndicatorId,
        /// Its areas.
        areas: Vec<String>,
    },
    /// The indicator is ticked more than once; the first tick is kept.
    Duplicate {
        /// The indicator.
        indicator: IndicatorId,
    },
    /// A rule that needs a target has none for an assessed unit.
    MissingTarget {
        /// The indicator.
        indicator: IndicatorId,
        /// The unit.
        unit: UnitId,
    },
    /// A target is given for a unit the indicator does not apply to, or for a rule
    /// without targets.
    UnusedTarget {
        /// The indicator.
        indicator: IndicatorId,
        /// The unit.
        unit: UnitId,
    },
    /// The points of a peer group do not add up to its declared total.
    PointsMismatch {
        /// The group.
        group: GroupId,
        /// The declared total; `None` when none is declared.
        declared: Option<Decimal>,
        /// The sum of the planned indicators' full points.
        planned: Decimal,
    },
}

impl fmt::Display for PlanFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanFinding::UnknownIndicator { indicator, library } => write!(
                f,
                "indicator {indicator} is not in the library of unit {library}"
            ),
            PlanFinding::NotReadable {
                indicator,
                library,
                level,
            } => write!(
                f,
                "unit {level} may not read the library of unit {library} (indicator {indicator})"
            ),
            PlanFinding::NotInForce { indicator, day } => {
                write!(f, "indicator {indicator} has no version in force on {day}")
            }
            PlanFinding::OutsideFocus { indicator, areas } => write!(
                f,
                "indicator {indicator} (areas {}) is outside the focus areas",
                areas.join(", ")
            ),
            PlanFinding::Duplicate { indicator } => {
                write!(f, "indicator {indicator} is ticked twice")
            }
            PlanFinding::MissingTarget { indicator, unit } => {
                write!(f, "indicator {indicator} has no target for unit {unit}")
            }
            PlanFinding::UnusedTarget { indicator, unit } => write!(
                f,
                "indicator {indicator} has a target for unit {unit} that it does not use"
            ),
            PlanFinding::PointsMismatch {
                group,
                declared: Some(d),
                planned,
            } => write!(
                f,
                "the indicators of group {group} add up to {planned} points, not the declared {d}"
            ),
            PlanFinding::PointsMismatch { group, planned, .. } => write!(
                f,
                "group {group} has {planned} planned points and no declared total"
            ),
        }
    }
}

/// A plan and the findings of its checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Extraction {
    /// The plan formed from the picks that could be resolved (first tick of each
    /// indicator).
    pub plan: Plan,
    /// Every finding, in the order of the picks, then targets, then groups.
    pub findings: Vec<PlanFinding>,
}

impl Extraction {
    /// The plan, if there are no findings.
    ///
    /// # Errors
    ///
    /// The first finding, as an error.
    pub fn try_into_plan(self) -> Result<Plan> {
        match self.findings.first() {
            Some(f) => {
                let (unit, indicator, group) = match f {
                    PlanFinding::UnknownIndicator { indicator, .. }
                    | PlanFinding::NotInForce { indicator, .. }
                    | PlanFinding::OutsideFocus { indicator, .. }
                    | PlanFinding::Duplicate { indicator } => (None, Some(indicator), None),
                    PlanFinding::NotReadable {
                        indicator, level, ..
                    } => (Some(level), Some(indicator), None),
                    PlanFinding::MissingTarget { indicator, unit }
                    | PlanFinding::UnusedTarget { indicator, unit } => {
                        (Some(unit), Some(indicator), None)
                    }
                    PlanFinding::PointsMismatch { group, .. } => (None, None, Some(group)),
                };
                Err(Error::invalid_plan_of(
                    f.to_string(),
                    unit,
                    indicator,
                    group,
                ))
            }
            None => Ok(self.plan),
        }
    }
}

/// Forms the period's plan from a draft, for the assessed `units`.
///
/// Each pick is resolved in a library the level may read, to the version in force on
/// the period's first day, with the pick's basis when given. Then: every rule that
/// needs a target has one for each unit it applies to; the full points of each peer
/// group (of the units and of the declared totals) add up to the declared total; no
/// indicator is ticked twice. Every problem is a [`PlanFinding`].
///
/// # Errors
///
/// Only a decimal overflow when adding points.
pub fn extract(
    draft: &PlanDraft,
    libraries: &Libraries,
    graph: &OrgGraph,
    units: &[Unit],
) -> Result<Extraction> {
    let mut findings = Vec::new();
    let mut seen = BTreeSet::new();
    let mut planned = Vec::new();
    let mut targets = Targets::new();
    let start = draft.period.start();
    for pick in &draft.picks {
        let id = &pick.indicator;
        if !seen.insert(id.clone()) {
            findings.push(PlanFinding::Duplicate {
                indicator: id.clone(),
            });
            continue;
        }
        if !libraries.can_read(&draft.level, &pick.library, graph) {
            findings.push(PlanFinding::NotReadable {
                indicator: id.clone(),
                library: pick.library.clone(),
                level: draft.level.clone(),
            });
            continue;
        }
        let Some(source) = libraries.library(&pick.library).and_then(|l| l.get(id)) else {
            findings.push(PlanFinding::UnknownIndicator {
                indicator: id.clone(),
                library: pick.library.clone(),
            });
            continue;
        };
        let Some(version) = source.version_for(&draft.period) else {
            findings.push(PlanFinding::NotInForce {
                indicator: id.clone(),
                day: start,
            });
            continue;
        };
        if !draft.focus.is_empty() && !version.areas.iter().any(|a| draft.focus.contains(a)) {
            findings.push(PlanFinding::OutsideFocus {
                indicator: id.clone(),
                areas: version.areas.clone(),
            });
        }
        let mut indicator = version.indicator.clone();
        if let Some(b) = &pick.basis {
            indicator.basis = Some(b.clone());
        }
        let needs = indicator.rule.needs_target();
        for u in units.iter().filter(|u| indicator.applies_to(&u.group)) {
            match pick.targets.get(&u.id) {
                Some(&t) if needs => targets.insert(u.id.clone(), id.clone(), t)?,
                None if needs => findings.push(PlanFinding::MissingTarget {
                    indicator: id.clone(),
                    unit: u.id.clone(),
                }),
                _ => {}
            }
        }
        for unit in pick.targets.keys() {
            let used = needs
                && units
                    .iter()
                    .any(|u| u.id == *unit && indicator.applies_to(&u.group));
            if !used {
                findings.push(PlanFinding::UnusedTarget {
                    indicator: id.clone(),
                    unit: unit.clone(),
                });
            }
        }
        planned.push(PlannedIndicator {
            indicator,
            library: pick.library.clone(),
            version: version.effective,
            owner: source.owner().clone(),
            assessor: pick.department.clone(),
            origin: source.origin().clone(),
            assessment_points: version.assessment_points.clone(),
            risk_points: version.risk_points.clone(),
            data_sources: version.data_sources.clone(),
            duties: version.duties.clone(),
        });
    }
    planned.sort_by(|a, b| a.indicator.id.cmp(&b.indicator.id));
    let mut groups: BTreeSet<&GroupId> = draft.totals.keys().collect();
    groups.extend(units.iter().map(|u| &u.group));
    for g in groups {
        let mut sum = Decimal::ZERO;
        for p in planned
            .iter()
            .filter(|p| p.indicator.applies_to(g) && p.indicator.counts_toward_full())
        {
            sum = sum.checked_add(p.indicator.points).ok_or_else(|| {
                Error::group_overflow(g, Some(&p.indicator.id), "the planned points")
            })?;
        }
        let declared = draft.totals.get(g).copied();
        if declared != Some(sum) {
            findings.push(PlanFinding::PointsMismatch {
                group: g.clone(),
                declared,
                planned: sum,
            });
        }
    }
    Ok(Extraction {
        plan: Plan {
            level: draft.level.clone(),
            period: draft.period,
            indicators: planned,
            targets,
        },
        findings,
    })
}
