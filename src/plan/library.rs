//! Indicator libraries (指标库) per level, shared by permission (根据权限开放共享).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::id::{IndicatorId, UnitId};
use crate::org::OrgGraph;
use crate::plan::source::IndicatorSource;

/// The indicator library of one level (a bureau): its indicator sources, unique by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Read through LibraryRepr, which refuses unknown keys.
#[serde(try_from = "LibraryRepr", into = "LibraryRepr")]
pub struct Library {
    owner: UnitId,
    sources: Vec<IndicatorSource>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LibraryRepr {
    owner: UnitId,
    sources: Vec<IndicatorSource>,
}

impl TryFrom<LibraryRepr> for Library {
    type Error = Error;
    fn try_from(r: LibraryRepr) -> Result<Self> {
        Library::new(r.owner, r.sources)
    }
}

impl From<Library> for LibraryRepr {
    fn from(l: Library) -> Self {
        LibraryRepr {
            owner: l.owner,
            sources: l.sources,
        }
    }
}

impl Library {
    /// The library of `owner`, sorted by indicator id.
    ///
    /// # Errors
    ///
    /// An indicator id given twice.
    pub fn new(owner: impl Into<UnitId>, mut sources: Vec<IndicatorSource>) -> Result<Self> {
        sources.sort_by(|a, b| a.id().cmp(b.id()));
        for w in sources.windows(2) {
            if w[0].id() == w[1].id() {
                return Err(Error::duplicate_indicator(w[0].id()));
            }
        }
        Ok(Self {
            owner: owner.into(),
            sources,
        })
    }

    /// The bureau that keeps it.
    pub fn owner(&self) -> &UnitId {
        &self.owner
    }

    /// The sources, sorted by id.
    pub fn sources(&self) -> &[IndicatorSource] {
        &self.sources
    }

    /// The source with this id.
    pub fn get(&self, id: &IndicatorId) -> Option<&IndicatorSource> {
        self.sources
            .binary_search_by(|s| s.id().cmp(id))
            .ok()
            .map(|k| &self.sources[k])
    }
}

/// The libraries of every level, and who may read which.
///
/// A bureau reads its own library and those of the bureaus above it (a city reads the
/// province's and its own), never a sibling's or a subordinate's unless granted
/// explicitly with [`Libraries::grant`].
///
/// # Examples
///
/// ```
/// use scorecard::org::{BureauLevel, OrgGraph, OrgSpec, OrgUnit};
/// use scorecard::plan::{Libraries, Library};
///
/// let unit = |id: &str, level, parent: Option<&str>| OrgUnit {
///     id: id.into(), name: String::new(), level, parent: parent.map(Into::into),
/// };
/// let graph = OrgGraph::new(OrgSpec {
///     units: vec![unit("HB", BureauLevel::Province, None), unit("SJZ", BureauLevel::City, Some("HB")),
///                 unit("TS", BureauLevel::City, Some("HB"))],
///     ..OrgSpec::default()
/// }).unwrap();
/// let mut libs = Libraries::new(vec![
///     Library::new("HB", vec![]).unwrap(),
///     Library::new("SJZ", vec![]).unwrap(),
///     Library::new("TS", vec![]).unwrap(),
/// ]).unwrap();
/// let owners = |reader: &str, libs: &Libraries| -> Vec<String> {
///     libs.readable_by(&reader.into(), &graph).iter().map(|l| l.owner().to_string()).collect()
/// };
/// assert_eq!(owners("SJZ", &libs), ["HB", "SJZ"]);
/// libs.grant("TS", "SJZ");
/// assert_eq!(owners("SJZ", &libs), ["HB", "SJZ", "TS"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Libraries {
    libraries: BTreeMap<UnitId, Library>,
    /// (owner, reader) pairs shared beyond the hierarchy.
    #[serde(default)]
    grants: BTreeSet<(UnitId, UnitId)>,
}

impl Libraries {
    /// The libraries, one per owner.
    ///
    /// # Errors
    ///
    /// Two libraries of one owner.
    pub fn new(libraries: Vec<Library>) -> Result<Self> {
        let mut map = BTreeMap::new();
        for l in libraries {
            let owner = l.owner.clone();
            if map.insert(owner.clone(), l).is_some() {
                return Err(Error::invalid_plan_of(
                    format!("unit {owner} has two indicator libraries"),
                    Some(&owner),
                    None,
                    None,
                ));
            }
        }
        Ok(Self {
            libraries: map,
            grants: BTreeSet::new(),
        })
    }

    /// Lets `reader` read `owner`'s library as well.
    pub fn grant(&mut self, owner: impl Into<UnitId>, reader: impl Into<UnitId>) {
        self.grants.insert((owner.into(), reader.into()));
    }

    /// The library of `owner`, whoever reads it.
    pub fn library(&self, owner: &UnitId) -> Option<&Library> {
        self.libraries.get(owner)
    }

    /// Whether `reader` may read `owner`'s library: its own, an ancestor's, or granted.
    pub fn can_read(&self, reader: &UnitId, owner: &UnitId, graph: &OrgGraph) -> bool {
        reader == owner
            || graph.ancestors(reader).contains(&owner)
            || self.grants.contains(&(owner.clone(), reader.clone()))
    }

    /// The libraries `reader` may read, sorted by owner.
    pub fn readable_by(&self, reader: &UnitId, graph: &OrgGraph) -> Vec<&Library> {
        self.libraries
            .values()
            .filter(|l| self.can_read(reader, &l.owner, graph))
            .collect()
    }
}
