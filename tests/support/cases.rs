//! Cases as data: `tests/cases/rule/*.toml`. Each file holds `[[case]]` entries: an
//! indicator, the units of one peer group with their sums, targets and factors, and
//! what each unit must score. Auditors add cases without writing Rust.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use scorecard::rule::Branch;
use scorecard::{Assessment, Catalog, Evaluation, Indicator, Period, Scheme, Targets, Unit};
use serde::Deserialize;

use super::MemSums;

#[derive(Debug, Deserialize)]
pub struct File {
    pub case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
pub struct Case {
    pub name: String,
    /// The clause of the rule the case checks.
    pub source: String,
    pub indicator: Indicator,
    pub units: Vec<CaseUnit>,
}

#[derive(Debug, Deserialize)]
pub struct CaseUnit {
    pub id: String,
    #[serde(default)]
    pub sums: BTreeMap<String, Decimal>,
    #[serde(default)]
    pub target: Option<Decimal>,
    #[serde(default)]
    pub factors: BTreeMap<String, Decimal>,
    pub expect: Expect,
}

#[derive(Debug, Deserialize)]
pub struct Expect {
    pub score: Decimal,
    /// The published value; absent means the rule has none for this unit.
    #[serde(default)]
    pub value: Option<Decimal>,
    pub branch: Branch,
    #[serde(default)]
    pub lost: Option<Decimal>,
    #[serde(default)]
    pub zh: Option<String>,
    #[serde(default)]
    pub en: Option<String>,
}

pub const GROUP: &str = "g";

pub fn dir(area: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(area)
}

/// Every case file of `area`, sorted by name.
pub fn files(area: &str) -> Vec<(PathBuf, File)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir(area))
        .expect("the cases folder")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("a readable case file");
            let file: File =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, file)
        })
        .collect()
}

impl Case {
    /// The case as an assessment and its evaluation.
    pub fn run(&self) -> (Assessment, Evaluation) {
        let mut indicator = self.indicator.clone();
        indicator.groups = vec![GROUP.into()];
        let scheme = Scheme::new(
            Period::year(2026).expect("a year"),
            Catalog::new(vec![indicator.clone()])
                .unwrap_or_else(|e| panic!("case {:?}: {e}", self.name)),
        );
        let mut targets = Targets::new();
        let mut sums = MemSums::new();
        let mut units = Vec::new();
        for u in &self.units {
            let mut unit = Unit::new(u.id.as_str(), u.id.as_str(), GROUP);
            for (f, v) in &u.factors {
                unit = unit.factor(f.as_str(), *v);
            }
            units.push(unit);
            if let Some(t) = u.target {
                targets
                    .insert(u.id.as_str(), indicator.id.clone(), t)
                    .expect("one target per unit");
            }
            for (dp, v) in &u.sums {
                sums.set(&u.id, dp, *v);
            }
        }
        let assessment = Assessment::new(scheme, units, &targets)
            .unwrap_or_else(|e| panic!("case {:?}: {e}", self.name));
        let evaluation = assessment
            .evaluate(&sums)
            .unwrap_or_else(|e| panic!("case {:?}: {e}", self.name));
        (assessment, evaluation)
    }
}
