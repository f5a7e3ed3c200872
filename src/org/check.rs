//! Checking an [`OrgSpec`]: structural findings (fatal) and tenure conflicts (data).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::id::{PersonId, PostId, UnitId};
use crate::org::graph::{BureauLevel, OrgSpec, OrgUnit, Tenure};
/// A problem found in an [`OrgSpec`]. Structural findings are fatal (the graph cannot
/// be built); tenure conflicts are returned as data beside a usable graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
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
        level: BureauLevel,
        /// The parent.
        parent: UnitId,
        /// The parent's level.
        parent_level: BureauLevel,
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
