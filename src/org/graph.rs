//! The organisation graph: bureaus by level (province → city → county → branch /
//! inspection bureau), their departments, posts (岗位) with duties (岗责), persons, and
//! who holds which post over which days (tenures, both ends included).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::id::{DepartmentId, PersonId, PostId, UnitId};
use crate::org::check::OrgFinding;
use crate::period::Period;

/// The level of a bureau in the hierarchy.
///
/// A child is always at a lower level than its parent: a city under the province, a
/// county under a city, a branch (税务分局) under a county, an inspection bureau (稽查局)
/// under a city or a county.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum BureauLevel {
    /// 省局.
    Province,
    /// 市局.
    City,
    /// 县（区）局.
    County,
    /// 税务分局.
    Branch,
    /// 稽查局.
    Inspection,
}

impl BureauLevel {
    /// Depth in the hierarchy: province 0, city 1, county 2, branch 3; an inspection
    /// bureau is 2 (it may sit under a city or a county, but never above a county).
    pub fn depth(self) -> u8 {
        match self {
            BureauLevel::Province => 0,
            BureauLevel::City => 1,
            BureauLevel::County | BureauLevel::Inspection => 2,
            BureauLevel::Branch => 3,
        }
    }

    /// Whether a bureau at this level may have a child at level `child`.
    pub fn may_parent(self, child: BureauLevel) -> bool {
        match (self, child) {
            (BureauLevel::City, BureauLevel::Inspection)
            | (BureauLevel::County, BureauLevel::Inspection) => true,
            (_, BureauLevel::Inspection) => false,
            (BureauLevel::Inspection, _) => false,
            _ => child.depth() == self.depth() + 1,
        }
    }
}

/// A bureau in the graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgUnit {
    /// Its id (the same id it is assessed under, [`crate::Unit`]).
    pub id: UnitId,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Its level.
    pub level: BureauLevel,
    /// The bureau above it; `None` only for the root (the province).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<UnitId>,
}

/// A department (部门) of a bureau.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// Its id, unique in the whole graph.
    pub id: DepartmentId,
    /// The bureau it belongs to.
    pub unit: UnitId,
    /// Its name.
    #[serde(default)]
    pub name: String,
}

/// A post (岗位) of a department, with its duties (岗责): duty codes that indicators are
/// matched against when they are decomposed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Post {
    /// Its id, unique in the whole graph.
    pub id: PostId,
    /// The department it belongs to.
    pub department: DepartmentId,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Its duties (岗责), as duty codes such as `申报管理`.
    #[serde(default)]
    pub duties: Vec<String>,
    /// Whether at most one person holds it on any day (true unless declared).
    #[serde(default = "yes")]
    pub single_holder: bool,
}

fn yes() -> bool {
    true
}

/// A person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Their id.
    pub id: PersonId,
    /// Their name.
    #[serde(default)]
    pub name: String,
}

/// A person holding a post from `start` to `end`, both days included; `end: None` is
/// open-ended.
///
/// An exclusive tenure is a person's main post: one person's exclusive tenures never
/// overlap. A concurrent post (兼职) is a tenure with `exclusive: false`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tenure {
    /// The person.
    pub person: PersonId,
    /// The post.
    pub post: PostId,
    /// The first day held.
    pub start: NaiveDate,
    /// The last day held (included); `None` while still held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
    /// Whether this is the person's main post (true unless declared).
    #[serde(default = "yes")]
    pub exclusive: bool,
}

impl Tenure {
    /// Whether the tenure covers `date`.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.start <= date && self.end.is_none_or(|e| date <= e)
    }

    /// The days of `period` this tenure covers, if any.
    pub fn within(&self, period: &Period) -> Option<Period> {
        let start = self.start.max(period.start());
        let end = self.end.map_or(period.end(), |e| e.min(period.end()));
        Period::new(start, end).ok()
    }

    pub(crate) fn first_common_day(&self, other: &Tenure) -> Option<NaiveDate> {
        let start = self.start.max(other.start);
        let end = match (self.end, other.end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match end {
            Some(e) if e < start => None,
            _ => Some(start),
        }
    }
}

/// Everything the graph is built from, as a host keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgSpec {
    /// The bureaus.
    pub units: Vec<OrgUnit>,
    /// The departments.
    #[serde(default)]
    pub departments: Vec<Department>,
    /// The posts.
    #[serde(default)]
    pub posts: Vec<Post>,
    /// The persons.
    #[serde(default)]
    pub persons: Vec<Person>,
    /// Who holds which post when.
    #[serde(default)]
    pub tenures: Vec<Tenure>,
}

/// The checked organisation graph, indexed for queries.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use scorecard::org::{BureauLevel, OrgGraph, OrgSpec, OrgUnit};
///
/// let unit = |id: &str, level, parent: Option<&str>| OrgUnit {
///     id: id.into(), name: String::new(), level, parent: parent.map(Into::into),
/// };
/// let spec = OrgSpec {
///     units: vec![
///         unit("HB", BureauLevel::Province, None),
///         unit("SJZ", BureauLevel::City, Some("HB")),
///         unit("TS", BureauLevel::City, Some("HB")),
///     ],
///     ..OrgSpec::default()
/// };
/// let graph = OrgGraph::new(spec).unwrap();
/// assert_eq!(graph.root().as_str(), "HB");
/// let up: Vec<&str> = graph.ancestors(&"SJZ".into()).iter().map(|u| u.as_str()).collect();
/// assert_eq!(up, ["HB"]);
/// assert!(graph.findings().is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct OrgGraph {
    spec: OrgSpec,
    root: UnitId,
    units: BTreeMap<UnitId, usize>,
    departments: BTreeMap<DepartmentId, usize>,
    posts: BTreeMap<PostId, usize>,
    findings: Vec<OrgFinding>,
}

impl OrgGraph {
    /// Checks and indexes the graph.
    ///
    /// # Errors
    ///
    /// The first fatal [`OrgFinding`] (a repeated id, an unknown reference, not exactly
    /// one root, a cycle, a level that cannot sit under its parent, a tenure that ends
    /// before it starts), as an error whose message names the objects. Tenure
    /// conflicts are not errors: see [`OrgGraph::findings`].
    pub fn new(spec: OrgSpec) -> Result<Self> {
        let (fatal, findings): (Vec<OrgFinding>, Vec<OrgFinding>) =
            spec.check().into_iter().partition(OrgFinding::is_fatal);
        if let Some(f) = fatal.first() {
            let (unit, person) = match f {
                OrgFinding::LevelOrder { unit, .. } => (Some(unit), None),
                OrgFinding::Cycle { units } => (units.first(), None),
                OrgFinding::BackwardTenure { person, .. }
                | OrgFinding::OverlappingTenures { person, .. } => (None, Some(person)),
                _ => (None, None),
            };
            return Err(Error::invalid_org_of(f.to_string(), unit, person));
        }
        let units: BTreeMap<UnitId, usize> = spec
            .units
            .iter()
            .enumerate()
            .map(|(k, u)| (u.id.clone(), k))
            .collect();
        let departments = spec
            .departments
            .iter()
            .enumerate()
            .map(|(k, d)| (d.id.clone(), k))
            .collect();
        let posts = spec
            .posts
            .iter()
            .enumerate()
            .map(|(k, p)| (p.id.clone(), k))
            .collect();
        let root = spec
            .units
            .iter()
            .find(|u| u.parent.is_none())
            .map(|u| u.id.clone())
            .ok_or_else(|| Error::internal("a checked organisation has no root"))?;
        Ok(Self {
            spec,
            root,
            units,
            departments,
            posts,
            findings,
        })
    }

    /// The tenure conflicts found when the graph was built (two holders of a
    /// single-holder post on one day, overlapping exclusive tenures of one person).
    pub fn findings(&self) -> &[OrgFinding] {
        &self.findings
    }

    /// What the graph was built from.
    pub fn spec(&self) -> &OrgSpec {
        &self.spec
    }

    /// The root bureau (the province).
    pub fn root(&self) -> &UnitId {
        &self.root
    }

    /// The bureau with this id.
    pub fn unit(&self, id: &UnitId) -> Option<&OrgUnit> {
        self.units.get(id).map(|&k| &self.spec.units[k])
    }

    /// The department with this id.
    pub fn department(&self, id: &DepartmentId) -> Option<&Department> {
        self.departments.get(id).map(|&k| &self.spec.departments[k])
    }

    /// The post with this id.
    pub fn post(&self, id: &PostId) -> Option<&Post> {
        self.posts.get(id).map(|&k| &self.spec.posts[k])
    }

    /// The bureaus above `unit`, nearest first (empty for the root or an unknown id).
    pub fn ancestors(&self, unit: &UnitId) -> Vec<&UnitId> {
        let mut out = Vec::new();
        let mut at = self.unit(unit);
        while let Some(p) = at.and_then(|u| u.parent.as_ref()) {
            out.push(p);
            at = self.unit(p);
        }
        out
    }

    /// The bureaus directly below `unit`, sorted by id.
    pub fn children(&self, unit: &UnitId) -> Vec<&OrgUnit> {
        let mut out: Vec<&OrgUnit> = self
            .spec
            .units
            .iter()
            .filter(|u| u.parent.as_ref() == Some(unit))
            .collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// The departments of `unit`, sorted by id.
    pub fn departments_of(&self, unit: &UnitId) -> Vec<&Department> {
        let mut out: Vec<&Department> = self
            .spec
            .departments
            .iter()
            .filter(|d| d.unit == *unit)
            .collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// The posts of `department`, sorted by id.
    pub fn posts_of(&self, department: &DepartmentId) -> Vec<&Post> {
        let mut out: Vec<&Post> = self
            .spec
            .posts
            .iter()
            .filter(|p| p.department == *department)
            .collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// The tenures of `post` that cover `date`, sorted by person.
    pub fn holders(&self, post: &PostId, date: NaiveDate) -> Vec<&Tenure> {
        let mut out: Vec<&Tenure> = self
            .spec
            .tenures
            .iter()
            .filter(|t| t.post == *post && t.covers(date))
            .collect();
        out.sort_by(|a, b| a.person.cmp(&b.person));
        out
    }

    /// The tenures of `person` that cover `date`, sorted by post.
    pub fn posts_held(&self, person: &PersonId, date: NaiveDate) -> Vec<&Tenure> {
        let mut out: Vec<&Tenure> = self
            .spec
            .tenures
            .iter()
            .filter(|t| t.person == *person && t.covers(date))
            .collect();
        out.sort_by(|a, b| a.post.cmp(&b.post));
        out
    }

    /// The first day of `period` on which nobody holds `post`, if any.
    pub fn first_vacant_day(&self, post: &PostId, period: &Period) -> Option<NaiveDate> {
        let mut held: Vec<Period> = self
            .spec
            .tenures
            .iter()
            .filter(|t| t.post == *post)
            .filter_map(|t| t.within(period))
            .collect();
        held.sort();
        let mut day = period.start();
        for h in held {
            if h.start() > day {
                return Some(day);
            }
            if h.end() >= day {
                match h.end().succ_opt() {
                    Some(next) => day = next,
                    None => return None,
                }
            }
            if day > period.end() {
                return None;
            }
        }
        (day <= period.end()).then_some(day)
    }

    /// The persons who hold some post in `period`, sorted, without repeats.
    pub fn persons_in(&self, period: &Period) -> Vec<&PersonId> {
        let set: BTreeSet<&PersonId> = self
            .spec
            .tenures
            .iter()
            .filter(|t| t.within(period).is_some())
            .map(|t| &t.person)
            .collect();
        set.into_iter().collect()
    }

    /// The person's exclusive (main-post) tenures clipped to `period`, in date order:
    /// the segments a personal account weights by days.
    pub fn main_posts(&self, person: &PersonId, period: &Period) -> Vec<(PostId, Period)> {
        let mut out: Vec<(PostId, Period)> = self
            .spec
            .tenures
            .iter()
            .filter(|t| t.person == *person && t.exclusive)
            .filter_map(|t| t.within(period).map(|p| (t.post.clone(), p)))
            .collect();
        out.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
        out
    }
}
