//! The organisation graph: bureaus by level (province → city → county → branch /
//! inspection bureau), their departments, posts (岗位) with duties (岗责), persons, and
//! who holds which post over which days (tenures, both ends included).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::id::{DepartmentId, PersonId, PostId, UnitId};
use crate::period::Period;

/// The level of a bureau in the hierarchy.
///
/// A child is always at a lower level than its parent: a city under the province, a
/// county under a city, a branch (税务分局) under a county, an inspection bureau (稽查局)
/// under a city or a county.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
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

impl Level {
    /// Depth in the hierarchy: province 0, city 1, county 2, branch 3; an inspection
    /// bureau is 2 (it may sit under a city or a county, but never above a county).
    pub fn depth(self) -> u8 {
        match self {
            Level::Province => 0,
            Level::City => 1,
            Level::County | Level::Inspection => 2,
            Level::Branch => 3,
        }
    }

    /// Whether a bureau at this level may have a child at level `child`.
    pub fn may_parent(self, child: Level) -> bool {
        match (self, child) {
            (Level::City, Level::Inspection) | (Level::County, Level::Inspection) => true,
            (_, Level::Inspection) => false,
            (Level::Inspection, _) => false,
            _ => child.depth() == self.depth() + 1,
        }
    }
}

/// A bureau in the graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUnit {
    /// Its id (the same id it is assessed under, [`crate::Unit`]).
    pub id: UnitId,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Its level.
    pub level: Level,
    /// The bureau above it; `None` only for the root (the province).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<UnitId>,
}

/// A department (部门) of a bureau.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

    fn first_common_day(&self, other: &Tenure) -> Option<NaiveDate> {
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

/// A problem found in an [`OrgSpec`]. Structural findings are fatal (the graph cannot
/// be built); tenure conflicts are returned as data beside a usable graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OrgFinding {
    /// An id is given twice (`what` is `unit`, `department`, `post` or `person`).
    Duplicate {
        /// What kind of object.
        what: String,
        /// The repeated id.
        id: String,
    },
    /// An object refers to an id that is not declared.
    UnknownReference {
        /// The object that refers, e.g. `post P1`.
        from: String,
        /// The missing object, e.g. `department D9`.
        to: String,
    },
    /// No bureau, or more than one, has no parent.
    Roots {
        /// The bureaus without a parent, sorted.
        roots: Vec<UnitId>,
    },
    /// Following parents from `unit` comes back to it.
    Cycle {
        /// The bureaus on the cycle, in parent order starting at the smallest id.
        units: Vec<UnitId>,
    },
    /// A bureau's level cannot sit under its parent's.
    LevelOrder {
        /// The bureau.
        unit: UnitId,
        /// Its level.
        level: Level,
        /// The parent.
        parent: UnitId,
        /// The parent's level.
        parent_level: Level,
    },
    /// A tenure ends before it starts.
    BackwardTenure {
        /// The person.
        person: PersonId,
        /// The post.
        post: PostId,
    },
    /// Two persons hold a single-holder post on the same day.
    SharedPost {
        /// The post.
        post: PostId,
        /// The first holder (smaller id).
        first: PersonId,
        /// The second holder.
        second: PersonId,
        /// The first day both hold it.
        day: NaiveDate,
    },
    /// One person's exclusive tenures overlap.
    OverlappingTenures {
        /// The person.
        person: PersonId,
        /// One post.
        first: PostId,
        /// The other post.
        second: PostId,
        /// The first day both are held.
        day: NaiveDate,
    },
}

impl OrgFinding {
    /// Whether the graph cannot be built with this finding.
    pub fn is_fatal(&self) -> bool {
        !matches!(
            self,
            OrgFinding::SharedPost { .. } | OrgFinding::OverlappingTenures { .. }
        )
    }
}

impl fmt::Display for OrgFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrgFinding::Duplicate { what, id } => write!(f, "{what} {id} is given twice"),
            OrgFinding::UnknownReference { from, to } => {
                write!(f, "{from} refers to {to}, which is not declared")
            }
            OrgFinding::Roots { roots } if roots.is_empty() => {
                f.write_str("no bureau is the root (every bureau has a parent)")
            }
            OrgFinding::Roots { roots } => {
                let names: Vec<&str> = roots.iter().map(|r| r.as_str()).collect();
                write!(f, "more than one root: {}", names.join(", "))
            }
            OrgFinding::Cycle { units } => {
                let names: Vec<&str> = units.iter().map(|r| r.as_str()).collect();
                write!(f, "the parents of {} form a cycle", names.join(" → "))
            }
            OrgFinding::LevelOrder {
                unit,
                level,
                parent,
                parent_level,
            } => write!(
                f,
                "unit {unit} ({level:?}) cannot sit under unit {parent} ({parent_level:?})"
            ),
            OrgFinding::BackwardTenure { person, post } => {
                write!(
                    f,
                    "the tenure of person {person} in post {post} ends before it starts"
                )
            }
            OrgFinding::SharedPost {
                post,
                first,
                second,
                day,
            } => write!(
                f,
                "single-holder post {post} is held by persons {first} and {second} on {day}"
            ),
            OrgFinding::OverlappingTenures {
                person,
                first,
                second,
                day,
            } => write!(
                f,
                "person {person} holds exclusive posts {first} and {second} on {day}"
            ),
        }
    }
}

/// The checked organisation graph, indexed for queries.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use scorecard::org::{Level, OrgGraph, OrgSpec, OrgUnit};
///
/// let unit = |id: &str, level, parent: Option<&str>| OrgUnit {
///     id: id.into(), name: String::new(), level, parent: parent.map(Into::into),
/// };
/// let spec = OrgSpec {
///     units: vec![
///         unit("HB", Level::Province, None),
///         unit("SJZ", Level::City, Some("HB")),
///         unit("TS", Level::City, Some("HB")),
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

impl OrgSpec {
    /// Every finding, fatal ones first, each list in a stable order.
    pub fn check(&self) -> Vec<OrgFinding> {
        let mut out = Vec::new();
        let units = index(&self.units, |u| &u.id, "unit", &mut out);
        let departments = index(&self.departments, |d| &d.id, "department", &mut out);
        let posts = index(&self.posts, |p| &p.id, "post", &mut out);
        let persons = index(&self.persons, |p| &p.id, "person", &mut out);
        let mut unknown = |from: String, to: String| {
            out.push(OrgFinding::UnknownReference { from, to });
        };
        for u in &self.units {
            if let Some(p) = &u.parent {
                if !units.contains_key(p) {
                    unknown(format!("unit {}", u.id), format!("unit {p}"));
                }
            }
        }
        for d in &self.departments {
            if !units.contains_key(&d.unit) {
                unknown(format!("department {}", d.id), format!("unit {}", d.unit));
            }
        }
        for p in &self.posts {
            if !departments.contains_key(&p.department) {
                unknown(
                    format!("post {}", p.id),
                    format!("department {}", p.department),
                );
            }
        }
        for t in &self.tenures {
            if !persons.contains_key(&t.person) {
                unknown(
                    format!("a tenure of post {}", t.post),
                    format!("person {}", t.person),
                );
            }
            if !posts.contains_key(&t.post) {
                unknown(
                    format!("a tenure of person {}", t.person),
                    format!("post {}", t.post),
                );
            }
        }
        let mut roots: Vec<UnitId> = self
            .units
            .iter()
            .filter(|u| u.parent.is_none())
            .map(|u| u.id.clone())
            .collect();
        roots.sort();
        if roots.len() != 1 {
            out.push(OrgFinding::Roots { roots });
        }
        out.extend(cycles(&self.units, &units));
        for u in &self.units {
            let Some(p) = u.parent.as_ref().and_then(|p| units.get(p)) else {
                continue;
            };
            let parent = &self.units[*p];
            if !parent.level.may_parent(u.level) {
                out.push(OrgFinding::LevelOrder {
                    unit: u.id.clone(),
                    level: u.level,
                    parent: parent.id.clone(),
                    parent_level: parent.level,
                });
            }
        }
        for t in &self.tenures {
            if t.end.is_some_and(|e| e < t.start) {
                out.push(OrgFinding::BackwardTenure {
                    person: t.person.clone(),
                    post: t.post.clone(),
                });
            }
        }
        out.extend(tenure_conflicts(self, &posts));
        out
    }
}

fn index<'a, T, K: Ord + Clone + fmt::Display + 'a>(
    items: &'a [T],
    key: impl Fn(&'a T) -> &'a K,
    what: &str,
    out: &mut Vec<OrgFinding>,
) -> BTreeMap<K, usize> {
    let mut map = BTreeMap::new();
    for (k, item) in items.iter().enumerate() {
        let id = key(item);
        if map.insert(id.clone(), k).is_some() {
            out.push(OrgFinding::Duplicate {
                what: what.into(),
                id: id.to_string(),
            });
        }
    }
    map
}

fn cycles(units: &[OrgUnit], by_id: &BTreeMap<UnitId, usize>) -> Vec<OrgFinding> {
    // 0 = unvisited, 1 = on the current path, 2 = done
    let mut state = vec![0u8; units.len()];
    let mut found: BTreeSet<Vec<UnitId>> = BTreeSet::new();
    for start in 0..units.len() {
        let mut path = Vec::new();
        let mut k = start;
        loop {
            match state[k] {
                2 => break,
                1 => {
                    if let Some(pos) = path.iter().position(|&p| p == k) {
                        let mut cycle: Vec<UnitId> = path[pos..]
                            .iter()
                            .map(|&p: &usize| units[p].id.clone())
                            .collect();
                        if let Some(min) = (0..cycle.len()).min_by(|&a, &b| cycle[a].cmp(&cycle[b]))
                        {
                            cycle.rotate_left(min);
                        }
                        found.insert(cycle);
                    }
                    break;
                }
                _ => {}
            }
            state[k] = 1;
            path.push(k);
            match units[k].parent.as_ref().and_then(|p| by_id.get(p)) {
                Some(&p) => k = p,
                None => break,
            }
        }
        for p in path {
            state[p] = 2;
        }
    }
    found
        .into_iter()
        .map(|units| OrgFinding::Cycle { units })
        .collect()
}

fn tenure_conflicts(spec: &OrgSpec, posts: &BTreeMap<PostId, usize>) -> Vec<OrgFinding> {
    let mut out = Vec::new();
    let mut sorted: Vec<&Tenure> = spec
        .tenures
        .iter()
        .filter(|t| t.end.is_none_or(|e| e >= t.start))
        .collect();
    sorted.sort_by(|a, b| (&a.post, &a.person, a.start).cmp(&(&b.post, &b.person, b.start)));
    for (k, a) in sorted.iter().enumerate() {
        let single = posts
            .get(&a.post)
            .is_some_and(|&p| spec.posts[p].single_holder);
        if !single {
            continue;
        }
        for b in sorted[k + 1..].iter().take_while(|b| b.post == a.post) {
            if a.person == b.person {
                continue;
            }
            if let Some(day) = a.first_common_day(b) {
                out.push(OrgFinding::SharedPost {
                    post: a.post.clone(),
                    first: a.person.clone(),
                    second: b.person.clone(),
                    day,
                });
            }
        }
    }
    sorted.sort_by(|a, b| (&a.person, a.start, &a.post).cmp(&(&b.person, b.start, &b.post)));
    let exclusive: Vec<&&Tenure> = sorted.iter().filter(|t| t.exclusive).collect();
    for (k, a) in exclusive.iter().enumerate() {
        for b in exclusive[k + 1..]
            .iter()
            .take_while(|b| b.person == a.person)
        {
            if let Some(day) = a.first_common_day(b) {
                out.push(OrgFinding::OverlappingTenures {
                    person: a.person.clone(),
                    first: a.post.clone(),
                    second: b.post.clone(),
                    day,
                });
            }
        }
    }
    out
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
            return Err(Error::invalid_org(f.to_string()));
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
            .ok_or_else(|| Error::invalid_org("no bureau is the root"))?;
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
