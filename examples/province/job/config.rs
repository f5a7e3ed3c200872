//! Reading the job's configuration: `indicators.json`, `units.csv`, `targets.csv`
//! (their format: `docs/FORMATS.md`).

use std::collections::BTreeSet;
use std::io::Read;

use rust_decimal::Decimal;
use scorecard::adjust::Adjustment;
use scorecard::rank::ListRule;
use scorecard::rule::Measure;
use scorecard::rule::{
    Completion, Deduction, EfficacyMinMax, OnZeroDenominator, PeerRelative, RatioThreshold,
};
use scorecard::{
    Catalog, DatapointId, Direction, FactorId, GroupId, Indicator, IndicatorId, Period, Rule,
    Scheme, Targets, Unit,
};

use super::error::{ConfigError, JobError};
use super::json::{self, Obj};
use scorecard::rulebook::Node;

/// The three peer groups of the job.
pub const GROUPS: [&str; 3] = ["hall", "key", "territorial"];

/// The factor names the job's units carry.
pub const STAFF: &str = "staff";
/// Households in the unit's jurisdiction.
pub const HOUSEHOLDS: &str = "households";
/// Revenue scale.
pub const REVENUE: &str = "revenue";

/// The most bytes a configuration file may have (64 MiB): a file is read whole, so a
/// bigger one is refused before it is read.
pub const MAX_CONFIG_BYTES: u64 = 64 << 20;

/// The rule kinds of the format and the keys each takes besides the common ones.
const KINDS: [(&str, &[&str]); 5] = [
    ("completion", &["datapoint", "cap"]),
    (
        "ratio_threshold",
        &["numerator", "denominator", "good", "bad"],
    ),
    ("deduction", &["datapoint", "per_event"]),
    ("peer_relative", &["datapoint"]),
    ("efficacy", &["datapoint"]),
];
/// The keys of every indicator.
const COMMON: [&str; 5] = ["id", "name", "kind", "points", "groups"];
/// The only difficulty factor of the format.
const FACTOR: &str = "households_per_staff";

const JSON: &str = "indicators.json";
const UNITS: &str = "units.csv";
const TARGETS: &str = "targets.csv";

/// A decimal as the job's files write it: an optional sign, digits, and optionally a
/// point followed by digits. No exponent, no spaces, no leading or trailing point; a
/// number that does not fit a `Decimal` exactly is refused. The same grammar as
/// [`parse_decimal`](scorecard::facts::parse_decimal): `-0012.50` is −12.50; `1e3`,
/// `.5` and `5.` are not decimals.
pub fn strict_decimal(s: &str) -> Option<Decimal> {
    // the facts' decimal grammar, with exact conversion (never rounded to fit)
    scorecard::facts::parse_decimal(s).ok()
}

/// Reads all of `r`, at most [`MAX_CONFIG_BYTES`].
fn read_all<R: Read>(r: R, file: &'static str) -> Result<Vec<u8>, JobError> {
    let mut bytes = Vec::new();
    r.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| JobError::io(format!("cannot read {file}"), e))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(too_big(file).into());
    }
    Ok(bytes)
}

/// The error for a configuration file over [`MAX_CONFIG_BYTES`].
pub fn too_big(file: &'static str) -> ConfigError {
    ConfigError::new(
        file,
        format!(
            "larger than the {} MiB a configuration file may have",
            MAX_CONFIG_BYTES >> 20
        ),
    )
}

/// The data lines of a small CSV file, each with its 1-based line number: the header
/// skipped, one CR before each LF removed, no empty line after a final LF.
fn csv_lines<R: Read>(r: R, file: &'static str) -> Result<Vec<(usize, String)>, JobError> {
    let bytes = read_all(r, file)?;
    let text = String::from_utf8(bytes)
        .map_err(|e| ConfigError::new(file, format!("not UTF-8 text ({e})")))?;
    let mut lines: Vec<&str> = text.split('\n').collect();
    if lines.last() == Some(&"") {
        lines.pop();
    }
    Ok(lines
        .into_iter()
        .enumerate()
        .skip(1)
        .map(|(k, l)| (k + 1, l.strip_suffix('\r').unwrap_or(l).to_owned()))
        .collect())
}

/// Reads `indicators.json` into a scheme.
///
/// # Errors
///
/// A configuration error naming the object and key: malformed JSON, a key the format
/// does not define (with the nearest valid key), a missing key, a bare JSON number, a
/// string that is not a decimal or a date, an unknown `kind` or difficulty factor, a
/// repeated id, a `ratio_threshold` whose `good` is not below its `bad`, an indicator
/// the engine finds invalid. An I/O error when reading fails.
pub fn read_scheme<R: Read>(reader: R) -> Result<Scheme, JobError> {
    let root = json::parse(JSON, &read_all(reader, JSON)?)?;
    let top = Obj::new(JSON, None, &root)?;
    top.only(
        &["period", "difficulty", "lists", "indicators"],
        "indicators.json",
    )?;

    let p = top.object("period")?;
    p.only(&["start", "end"], "the period")?;
    let day = |key: &str| {
        let s = p.string(key)?;
        Period::parse_date(s).ok_or_else(|| {
            p.error(
                Some(key),
                format!("`{key}`: {s:?} is not a date written YYYY-MM-DD"),
            )
        })
    };
    let (start, end) = (day("start")?, day("end")?);
    let period = Period::new(start, end).map_err(|e| p.error(Some("end"), "").because(e))?;

    let d = top.object("difficulty")?;
    d.only(&["factor", "slope", "min", "max"], "the difficulty rule")?;
    let factor = d.string("factor")?;
    if factor != FACTOR {
        return Err(d
            .error(
                Some("factor"),
                format!("unknown difficulty factor {factor:?} (the one factor is {FACTOR:?})"),
            )
            .into());
    }
    let adjustment = Adjustment::load_ratio(
        HOUSEHOLDS,
        STAFF,
        d.decimal("slope")?,
        d.decimal("min")?,
        d.decimal("max")?,
    );

    let l = top.object("lists")?;
    l.only(&["red_share", "black_share"], "the lists")?;
    let lists = vec![
        ListRule::red(l.decimal("red_share")?),
        ListRule::black(l.decimal("black_share")?),
    ];

    let mut seen = BTreeSet::new();
    let mut indicators = Vec::new();
    for (k, node) in top.array("indicators")?.iter().enumerate() {
        let i = indicator(node, k + 1)?;
        if !seen.insert(i.id.clone()) {
            return Err(ConfigError::new(JSON, "is given twice")
                .object(format!("indicator {}", i.id))
                .key("id")
                .into());
        }
        indicators.push(i);
    }
    let catalog = Catalog::new(indicators).map_err(|e| engine(JSON, e))?;
    Ok(Scheme::new(period, catalog)
        .adjustment(adjustment)
        .lists(lists))
}

/// One indicator, the `position`th of the list (1-based).
fn indicator(node: &Node, position: usize) -> Result<Indicator, ConfigError> {
    let o = Obj::new(JSON, Some(format!("indicator #{position}")), node)?;
    let id = o.id("id")?;
    let o = o.named(format!("indicator {id}"));
    let every: Vec<&str> = COMMON
        .iter()
        .chain(KINDS.iter().flat_map(|(_, keys)| keys.iter()))
        .copied()
        .collect();
    let kind = match o.get("kind") {
        Some(_) => o.string("kind")?,
        None => {
            // a misspelt `kind` is better named as such than as missing
            o.only(&every, "an indicator")?;
            o.string("kind")?
        }
    };
    let Some(&(_, params)) = KINDS.iter().find(|(k, _)| *k == kind) else {
        let names: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
        let hint = scorecard::rulebook::suggest(kind, &names)
            .map(|n| format!(" (did you mean {n:?}?)"))
            .unwrap_or_else(|| format!(" (the kinds are {})", names.join(", ")));
        return Err(o.error(Some("kind"), format!("unknown kind {kind:?}{hint}")));
    };
    let valid: Vec<&str> = COMMON.iter().chain(params).copied().collect();
    o.only(&valid, &format!("a {kind} indicator"))?;
    let points = o.decimal("points")?;
    let groups = o.strings("groups")?;
    let datapoint = |key: &str| o.id(key).map(DatapointId::from);
    let rule = match kind {
        "completion" => Rule::Completion(Completion {
            measure: Measure::Sum(datapoint("datapoint")?),
            cap: o.decimal("cap")?,
            floor: None,
            direction: Default::default(),
        }),
        "ratio_threshold" => {
            let (good, bad) = (o.decimal("good")?, o.decimal("bad")?);
            if good >= bad {
                return Err(o.error(
                    Some("good"),
                    format!(
                        "`good` {good} is not below `bad` {bad}: a ratio_threshold is lower-is-better, \
                         so good must be below bad"
                    ),
                ));
            }
            // the format has no direction: its ratio_threshold is lower-is-better
            Rule::RatioThreshold(RatioThreshold {
                direction: Direction::LowerIsBetter,
                measure: Measure::Ratio {
                    numerator: datapoint("numerator")?,
                    denominator: datapoint("denominator")?,
                },
                good,
                bad,
                on_zero_denominator: OnZeroDenominator::FullPoints,
            })
        }
        "deduction" => Rule::Deduction(Deduction {
            measure: Measure::Sum(datapoint("datapoint")?),
            per_event: o.decimal("per_event")?,
            floor: Decimal::ZERO,
            // the format's fact values may carry cents: a count with a fraction is
            // scored as the format says; a negative one is refused
            fractional: true,
        }),
        "peer_relative" => Rule::PeerRelative(PeerRelative {
            measure: Measure::PerFactor {
                datapoint: datapoint("datapoint")?,
                factor: FactorId::from(STAFF),
            },
            cap: Decimal::ONE,
        }),
        _ => Rule::EfficacyMinMax(EfficacyMinMax {
            measure: Measure::Sum(datapoint("datapoint")?),
            base: Decimal::new(6, 1),
            span: Decimal::new(4, 1),
            direction: Default::default(),
        }),
    };
    let name = o
        .opt_string("name")?
        .filter(|n| !n.trim().is_empty())
        .unwrap_or(id);
    Ok(Indicator {
        id: IndicatorId::from(id),
        name: name.to_owned(),
        name_en: None,
        category: Default::default(),
        points,
        groups: groups.into_iter().map(GroupId::from).collect(),
        basis: None,
        assesses: String::new(),
        rule,
        rounding: None,
        display: None,
    })
}

/// An engine error found while checking a configuration file, as a configuration
/// error of `file` naming the indicator or unit the engine names.
pub fn engine(file: &'static str, e: scorecard::Error) -> ConfigError {
    let mut c = ConfigError::new(file, "");
    if let Some(i) = e.indicator() {
        c.object = Some(format!("indicator {i}"));
    } else if let Some(u) = e.unit() {
        c.object = Some(format!("unit {u}"));
    }
    c.because(e)
}

/// Reads `units.csv`: `unit_id,name,city,group,staff,households,revenue`.
///
/// # Errors
///
/// A configuration error naming the line and the column: not 7 fields, a repeated
/// id, a group other than hall, key and territorial, staff or households not a
/// positive integer, a revenue that is not a decimal; a file over
/// [`MAX_CONFIG_BYTES`]. An I/O error when reading fails.
pub fn read_units<R: Read>(reader: R) -> Result<Vec<Unit>, JobError> {
    let mut units = Vec::new();
    let mut seen = BTreeSet::new();
    for (n, line) in csv_lines(reader, UNITS)? {
        let at = |key: &str, message: String| {
            ConfigError::new(UNITS, message)
                .object(format!("line {n}"))
                .key(key)
        };
        let f: Vec<&str> = line.split(',').collect();
        let [id, name, city, group, staff, households, revenue] = f[..] else {
            return Err(
                ConfigError::new(UNITS, format!("expected 7 fields, got {}", f.len()))
                    .object(format!("line {n}"))
                    .into(),
            );
        };
        if !seen.insert(id.to_owned()) {
            return Err(at("unit_id", format!("duplicate unit {id}")).into());
        }
        if !GROUPS.contains(&group) {
            return Err(at(
                "group",
                format!(
                    "unknown group {group:?} (the groups are {})",
                    GROUPS.join(", ")
                ),
            )
            .into());
        }
        let count = |what: &str, v: &str| -> Result<Decimal, ConfigError> {
            let digits = !v.is_empty() && v.bytes().all(|c| c.is_ascii_digit());
            match strict_decimal(v) {
                Some(d) if digits && d > Decimal::ZERO => Ok(d),
                _ => Err(at(what, format!("{what} {v:?} is not a positive integer"))),
            }
        };
        let revenue = strict_decimal(revenue).ok_or_else(|| {
            at(
                "revenue",
                format!("revenue {revenue:?} is not a decimal number"),
            )
        })?;
        let unit = Unit::new(id, name, group)
            .region(city)
            .factor(STAFF, count("staff", staff)?)
            .factor(HOUSEHOLDS, count("households", households)?)
            .factor(REVENUE, revenue);
        units.push(unit);
    }
    Ok(units)
}

/// Reads `targets.csv`: `unit_id,indicator_id,target`. Every row is kept; rows for
/// pairs that need no target are ignored when the assessment is built.
///
/// # Errors
///
/// A configuration error naming the line and the column: not 3 fields, a target that
/// is not a decimal, a repeated (unit, indicator); a file over [`MAX_CONFIG_BYTES`].
/// An I/O error when reading fails.
pub fn read_targets<R: Read>(reader: R) -> Result<Targets, JobError> {
    let mut targets = Targets::new();
    for (n, line) in csv_lines(reader, TARGETS)? {
        let f: Vec<&str> = line.split(',').collect();
        let [unit, indicator, target] = f[..] else {
            return Err(
                ConfigError::new(TARGETS, format!("expected 3 fields, got {}", f.len()))
                    .object(format!("line {n}"))
                    .into(),
            );
        };
        let t = strict_decimal(target).ok_or_else(|| {
            ConfigError::new(
                TARGETS,
                format!("target {target:?} is not a decimal number"),
            )
            .object(format!("line {n}"))
            .key("target")
        })?;
        if targets.get(&unit.into(), &indicator.into()).is_some() {
            return Err(ConfigError::new(
                TARGETS,
                format!("unit {unit} has two targets for indicator {indicator}"),
            )
            .object(format!("line {n}"))
            .into());
        }
        targets
            .insert(unit, indicator, t)
            .map_err(|e| engine(TARGETS, e).object(format!("line {n}")))?;
    }
    Ok(targets)
}
