//! Decomposition to posts (智能分解和定责, R4): each planned indicator is given to a lead
//! (承接) department and co-handling (协办) departments of the assessed unit, matched to
//! their posts through the posts' duties (岗责), and confirmed by the unit.

use std::collections::BTreeSet;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::id::{DepartmentId, IndicatorId, PersonId, PostId, UnitId};
use crate::org::OrgGraph;
use crate::period::Period;
use crate::plan::Plan;

/// Whether a department or post leads on an indicator or helps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Role {
    /// 承接: answers for the indicator.
    Lead,
    /// 协办: co-handles it.
    Co,
}

impl Role {
    /// 承接 or 协办.
    pub fn name_zh(self) -> &'static str {
        match self {
            Role::Lead => "承接",
            Role::Co => "协办",
        }
    }
}

/// The assessing department's proposal for one indicator at one assessed unit: the
/// lead department and the co-handling departments, all of that unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// The planned indicator.
    pub indicator: IndicatorId,
    /// The assessed unit (a level below the plan's level).
    pub unit: UnitId,
    /// The lead (承接) department.
    pub lead: DepartmentId,
    /// The co-handling (协办) departments.
    #[serde(default)]
    pub co: Vec<DepartmentId>,
}

/// One link of the chain indicator → unit → department → post.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Link {
    /// The indicator.
    pub indicator: IndicatorId,
    /// The assessed unit.
    pub unit: UnitId,
    /// The department (of the unit).
    pub department: DepartmentId,
    /// The post (of the department).
    pub post: PostId,
    /// Lead or co-handling.
    pub role: Role,
    /// Whether the assessed unit has confirmed it.
    pub confirmed: bool,
}

/// A problem with a decomposition, returned as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DecompositionFinding {
    /// A proposal names an indicator that is not in the plan.
    NotPlanned {
        /// The indicator.
        indicator: IndicatorId,
        /// The unit.
        unit: UnitId,
    },
    /// A proposed department is unknown or not a department of the assessed unit.
    DepartmentOutsideUnit {
        /// The indicator.
        indicator: IndicatorId,
        /// The unit.
        unit: UnitId,
        /// The department.
        department: DepartmentId,
    },
    /// A proposed department has no post whose duties match the indicator.
    DepartmentWithoutPost {
        /// The indicator.
        indicator: IndicatorId,
        /// The unit.
        unit: UnitId,
        /// The department.
        department: DepartmentId,
        /// Its role.
        role: Role,
    },
    /// An indicator reaches no post at a unit at all.
    IndicatorWithoutPost {
        /// The indicator.
        indicator: IndicatorId,
        /// The unit.
        unit: UnitId,
    },
    /// A linked post has no holder on some day of the plan's period.
    PostWithoutHolder {
        /// The indicator.
        indicator: IndicatorId,
        /// The unit.
        unit: UnitId,
        /// The post.
        post: PostId,
        /// The first day without a holder.
        day: NaiveDate,
    },
    /// The assessed unit has not confirmed the links of an indicator.
    Unconfirmed {
        /// The indicator.
        indicator: IndicatorId,
        /// The unit.
        unit: UnitId,
    },
}

impl fmt::Display for DecompositionFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotPlanned { indicator, unit } => {
                write!(
                    f,
                    "indicator {indicator} for unit {unit} is not in the plan"
                )
            }
            Self::DepartmentOutsideUnit {
                indicator,
                unit,
                department,
            } => write!(
                f,
                "department {department} is not a department of unit {unit} (indicator {indicator})"
            ),
            Self::DepartmentWithoutPost {
                indicator,
                unit,
                department,
                role,
            } => write!(
                f,
                "department {department} of unit {unit} has no post whose duties match indicator {indicator} ({})",
                role.name_zh()
            ),
            Self::IndicatorWithoutPost { indicator, unit } => {
                write!(f, "indicator {indicator} reaches no post at unit {unit}")
            }
            Self::PostWithoutHolder {
                indicator,
                unit,
                post,
                day,
            } => write!(
                f,
                "post {post} of unit {unit} (indicator {indicator}) has no holder on {day}"
            ),
            Self::Unconfirmed { indicator, unit } => {
                write!(f, "unit {unit} has not confirmed indicator {indicator}")
            }
        }
    }
}

/// Who answers for an indicator at a unit on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct ResponsiblePerson {
    /// The person.
    pub person: PersonId,
    /// The post they hold.
    pub post: PostId,
    /// The post's department.
    pub department: DepartmentId,
    /// Lead or co-handling.
    pub role: Role,
}

/// The links of a plan's indicators to posts, and the findings made while linking.
///
/// Queries ([`who_answers`](Decomposition::who_answers),
/// [`answers_for`](Decomposition::answers_for)) and individual scores use confirmed
/// links only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Decomposition {
    period: Period,
    links: Vec<Link>,
    /// (indicator, unit) pairs proposed, sorted.
    proposed: Vec<(IndicatorId, UnitId)>,
    findings: Vec<DecompositionFinding>,
}

/// Links each proposal to the posts of its departments whose duties share a duty code
/// with the planned indicator. Links start unconfirmed.
pub fn decompose(plan: &Plan, proposals: &[Proposal], graph: &OrgGraph) -> Decomposition {
    let mut links = BTreeSet::new();
    let mut proposed = BTreeSet::new();
    let mut findings = Vec::new();
    for p in proposals {
        let Some(planned) = plan.get(&p.indicator) else {
            findings.push(DecompositionFinding::NotPlanned {
                indicator: p.indicator.clone(),
                unit: p.unit.clone(),
            });
            continue;
        };
        proposed.insert((p.indicator.clone(), p.unit.clone()));
        let departments =
            std::iter::once((&p.lead, Role::Lead)).chain(p.co.iter().map(|d| (d, Role::Co)));
        for (dep, role) in departments {
            if graph.department(dep).is_none_or(|d| d.unit != p.unit) {
                findings.push(DecompositionFinding::DepartmentOutsideUnit {
                    indicator: p.indicator.clone(),
                    unit: p.unit.clone(),
                    department: dep.clone(),
                });
                continue;
            }
            let mut any = false;
            for post in graph.posts_of(dep) {
                if post.duties.iter().any(|d| planned.duties.contains(d)) {
                    any = true;
                    links.insert(Link {
                        indicator: p.indicator.clone(),
                        unit: p.unit.clone(),
                        department: dep.clone(),
                        post: post.id.clone(),
                        role,
                        confirmed: false,
                    });
                }
            }
            if !any {
                findings.push(DecompositionFinding::DepartmentWithoutPost {
                    indicator: p.indicator.clone(),
                    unit: p.unit.clone(),
                    department: dep.clone(),
                    role,
                });
            }
        }
    }
    Decomposition {
        period: plan.period,
        links: dedupe(links.into_iter().collect()),
        proposed: proposed.into_iter().collect(),
        findings,
    }
}

/// Keeps one link per (indicator, unit, post): the lead one when a post is both.
fn dedupe(mut links: Vec<Link>) -> Vec<Link> {
    links.sort_by(|a, b| {
        (&a.indicator, &a.unit, &a.post, a.role).cmp(&(&b.indicator, &b.unit, &b.post, b.role))
    });
    links.dedup_by(|b, a| a.indicator == b.indicator && a.unit == b.unit && a.post == b.post);
    links.sort();
    links
}

impl Decomposition {
    /// Every link, sorted by indicator, unit, department, post.
    pub fn links(&self) -> &[Link] {
        &self.links
    }

    /// The plan's period.
    pub fn period(&self) -> &Period {
        &self.period
    }

    /// The assessed unit confirms the proposed links of `indicator` as they are.
    ///
    /// # Errors
    ///
    /// When there is no link of that indicator at that unit.
    pub fn confirm(&mut self, unit: &UnitId, indicator: &IndicatorId) -> Result<()> {
        let mut any = false;
        for l in self
            .links
            .iter_mut()
            .filter(|l| l.unit == *unit && l.indicator == *indicator)
        {
            l.confirmed = true;
            any = true;
        }
        if any {
            Ok(())
        } else {
            Err(Error::invalid_plan_of(
                format!("unit {unit} has no proposed link of indicator {indicator} to confirm"),
                Some(unit),
                Some(indicator),
                None,
            ))
        }
    }

    /// The assessed unit confirms every proposed link it has.
    pub fn confirm_all(&mut self, unit: &UnitId) {
        for l in self.links.iter_mut().filter(|l| l.unit == *unit) {
            l.confirmed = true;
        }
    }

    /// The assessed unit replaces the links of `indicator` by its own choice of posts
    /// (co-handling posts listed with [`Role::Co`]), confirmed.
    ///
    /// # Errors
    ///
    /// A post that is unknown or not in a department of the unit, or an indicator that
    /// was never proposed for the unit.
    pub fn confirm_posts(
        &mut self,
        unit: &UnitId,
        indicator: &IndicatorId,
        posts: &[(PostId, Role)],
        graph: &OrgGraph,
    ) -> Result<()> {
        let key = (indicator.clone(), unit.clone());
        if self.proposed.binary_search(&key).is_err() {
            return Err(Error::invalid_plan_of(
                format!("indicator {indicator} was not proposed for unit {unit}"),
                Some(unit),
                Some(indicator),
                None,
            ));
        }
        let mut new = Vec::with_capacity(posts.len());
        for (post, role) in posts {
            let department = graph
                .post(post)
                .and_then(|p| graph.department(&p.department))
                .filter(|d| d.unit == *unit)
                .ok_or_else(|| {
                    Error::invalid_plan_of(
                        format!("post {post} is not a post of unit {unit} (indicator {indicator})"),
                        Some(unit),
                        Some(indicator),
                        None,
                    )
                })?;
            new.push(Link {
                indicator: indicator.clone(),
                unit: unit.clone(),
                department: department.id.clone(),
                post: post.clone(),
                role: *role,
                confirmed: true,
            });
        }
        self.links
            .retain(|l| !(l.unit == *unit && l.indicator == *indicator));
        self.links.extend(new);
        self.links = dedupe(std::mem::take(&mut self.links));
        Ok(())
    }

    /// Every finding: those made while linking, then, per proposed (indicator, unit),
    /// no post at all, linked posts without a holder on some day of the period, and
    /// links not yet confirmed.
    pub fn findings(&self, graph: &OrgGraph) -> Vec<DecompositionFinding> {
        let mut out = self.findings.clone();
        for (indicator, unit) in &self.proposed {
            let links: Vec<&Link> = self
                .links
                .iter()
                .filter(|l| l.indicator == *indicator && l.unit == *unit)
                .collect();
            if links.is_empty() {
                out.push(DecompositionFinding::IndicatorWithoutPost {
                    indicator: indicator.clone(),
                    unit: unit.clone(),
                });
                continue;
            }
            for l in &links {
                if let Some(day) = graph.first_vacant_day(&l.post, &self.period) {
                    out.push(DecompositionFinding::PostWithoutHolder {
                        indicator: indicator.clone(),
                        unit: unit.clone(),
                        post: l.post.clone(),
                        day,
                    });
                }
            }
            if links.iter().any(|l| !l.confirmed) {
                out.push(DecompositionFinding::Unconfirmed {
                    indicator: indicator.clone(),
                    unit: unit.clone(),
                });
            }
        }
        out
    }

    /// Who answers for `indicator` at `unit` on `date`: the holders of its confirmed
    /// posts that day, leads first, then by post and person.
    pub fn who_answers(
        &self,
        indicator: &IndicatorId,
        unit: &UnitId,
        date: NaiveDate,
        graph: &OrgGraph,
    ) -> Vec<ResponsiblePerson> {
        let mut out = Vec::new();
        for l in self
            .links
            .iter()
            .filter(|l| l.confirmed && l.indicator == *indicator && l.unit == *unit)
        {
            for t in graph.holders(&l.post, date) {
                out.push(ResponsiblePerson {
                    person: t.person.clone(),
                    post: l.post.clone(),
                    department: l.department.clone(),
                    role: l.role,
                });
            }
        }
        out.sort_by(|a, b| (a.role, &a.post, &a.person).cmp(&(b.role, &b.post, &b.person)));
        out
    }

    /// What `person` answers for on `date`: the confirmed links of every post they hold
    /// that day, sorted by indicator and unit.
    pub fn answers_for(&self, person: &PersonId, date: NaiveDate, graph: &OrgGraph) -> Vec<&Link> {
        let posts: Vec<PostId> = graph
            .posts_held(person, date)
            .into_iter()
            .map(|t| t.post.clone())
            .collect();
        self.links_of_posts(&posts)
    }

    /// The confirmed links of `posts`, sorted by indicator and unit.
    pub fn links_of_posts(&self, posts: &[PostId]) -> Vec<&Link> {
        self.links
            .iter()
            .filter(|l| l.confirmed && posts.contains(&l.post))
            .collect()
    }
}
