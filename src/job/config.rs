//! Reading the job's configuration: `indicators.json`, `units.csv`, `targets.csv`.

use std::io::{BufRead, Read};

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::adjust::Adjustment;
use crate::catalog::{Catalog, Indicator};
use crate::error::{Error, Result};
use crate::id::{DatapointId, FactorId, GroupId, IndicatorId};
use crate::org::Unit;
use crate::period::Period;
use crate::rank::ListRule;
use crate::rule::{
    Completion, Deduction, EfficacyMinMax, Measure, OnZeroDenominator, PeerRelative,
    RatioThreshold, Rule,
};
use crate::scheme::Scheme;
use crate::scoring::Targets;

/// The three peer groups of the job.
pub const GROUPS: [&str; 3] = ["hall", "key", "territorial"];

/// The factor names the job's units carry.
pub const STAFF: &str = "staff";
/// Households in the unit's jurisdiction.
pub const HOUSEHOLDS: &str = "households";
/// Revenue scale.
pub const REVENUE: &str = "revenue";

#[derive(Deserialize)]
struct RulesFile {
    period: PeriodJson,
    difficulty: DifficultyJson,
    lists: ListsJson,
    indicators: Vec<IndicatorJson>,
}

#[derive(Deserialize)]
struct PeriodJson {
    start: String,
    end: String,
}

#[derive(Deserialize)]
struct DifficultyJson {
    factor: String,
    slope: String,
    min: String,
    max: String,
}

#[derive(Deserialize)]
struct ListsJson {
    red_share: String,
    black_share: String,
}

#[derive(Deserialize)]
struct IndicatorJson {
    id: String,
    #[serde(default)]
    name: Option<String>,
    kind: String,
    points: String,
    groups: Vec<String>,
    #[serde(default)]
    datapoint: Option<String>,
    #[serde(default)]
    numerator: Option<String>,
    #[serde(default)]
    denominator: Option<String>,
    #[serde(default)]
    cap: Option<String>,
    #[serde(default)]
    good: Option<String>,
    #[serde(default)]
    bad: Option<String>,
    #[serde(default)]
    per_event: Option<String>,
}

/// A decimal as the job's files write it: an optional sign, digits, and optionally a
/// point followed by digits. No exponent, no spaces, no leading or trailing point; a
/// number that does not fit a `Decimal` exactly is refused. The same grammar as
/// [`parse_decimal`](crate::facts::parse_decimal).
///
/// # Examples
///
/// ```
/// use scorecard::job::strict_decimal;
///
/// assert_eq!(strict_decimal("-0012.50").unwrap().to_string(), "-12.50");
/// assert!(strict_decimal("1e3").is_none());
/// assert!(strict_decimal(".5").is_none());
/// assert!(strict_decimal("5.").is_none());
/// ```
pub fn strict_decimal(s: &str) -> Option<Decimal> {
    // the facts' decimal grammar, with exact conversion (never rounded to fit)
    crate::facts::parse_decimal(s).ok()
}

fn dec(s: &str, what: impl FnOnce() -> String) -> Result<Decimal> {
    strict_decimal(s)
        .ok_or_else(|| Error::config(format!("{}: {s:?} is not a decimal number", what())))
}

fn date(s: &str) -> Result<chrono::NaiveDate> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(k, c)| k == 4 || k == 7 || c.is_ascii_digit());
    let parsed = if shape {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    } else {
        None
    };
    parsed
        .filter(|d| d.format("%Y-%m-%d").to_string() == s)
        .ok_or_else(|| Error::config(format!("period: {s:?} is not a YYYY-MM-DD date")))
}

/// The data lines of a small CSV file: the header skipped, one CR before each LF
/// removed, no empty line after a final LF.
pub(crate) fn csv_lines<R: BufRead>(mut r: R, file: &str) -> Result<Vec<String>> {
    let mut text = String::new();
    r.read_to_string(&mut text)
        .map_err(|e| Error::io(format!("cannot read {file}"), e))?;
    let mut lines: Vec<&str> = text.split('\n').collect();
    if lines.last() == Some(&"") {
        lines.pop();
    }
    Ok(lines
        .into_iter()
        .skip(1)
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_owned())
        .collect())
}

/// Reads `indicators.json` into a scheme.
///
/// # Errors
///
/// A configuration error naming the field: malformed JSON, a missing or non-decimal
/// number, an unknown `kind` or difficulty factor, a repeated id, an invalid
/// indicator.
pub fn read_scheme<R: Read>(reader: R) -> Result<Scheme> {
    let file: RulesFile = serde_json::from_reader(reader)
        .map_err(|e| Error::config(format!("indicators.json: bad or missing field ({e})")))?;
    let period = Period::new(date(&file.period.start)?, date(&file.period.end)?)?;
    if file.difficulty.factor != "households_per_staff" {
        return Err(Error::config(format!(
            "indicators.json: unknown difficulty factor {:?}",
            file.difficulty.factor
        )));
    }
    let adjustment = Adjustment::load_ratio(
        HOUSEHOLDS,
        STAFF,
        dec(&file.difficulty.slope, || "difficulty slope".into())?,
        dec(&file.difficulty.min, || "difficulty min".into())?,
        dec(&file.difficulty.max, || "difficulty max".into())?,
    );
    let lists = vec![
        ListRule::red(dec(&file.lists.red_share, || "red_share".into())?),
        ListRule::black(dec(&file.lists.black_share, || "black_share".into())?),
    ];
    let mut seen = std::collections::BTreeSet::new();
    let mut indicators = Vec::with_capacity(file.indicators.len());
    for i in file.indicators {
        if !seen.insert(i.id.clone()) {
            return Err(Error::duplicate_indicator(&IndicatorId::from(i.id)));
        }
        indicators.push(indicator(i)?);
    }
    Ok(Scheme::new(period, Catalog::new(indicators)?)
        .adjustment(adjustment)
        .lists(lists))
}

fn indicator(i: IndicatorJson) -> Result<Indicator> {
    let id = IndicatorId::from(i.id.as_str());
    let need = |v: &Option<String>, field: &str| -> Result<String> {
        match v {
            Some(s) if !s.is_empty() => Ok(s.clone()),
            _ => Err(Error::invalid_definition(&id, field, "it is missing")),
        }
    };
    let number = |v: &Option<String>, field: &str| -> Result<Decimal> {
        let s = need(v, field)?;
        strict_decimal(&s).ok_or_else(|| {
            Error::invalid_definition(&id, field, format!("{s:?} is not a decimal number"))
        })
    };
    let dp = |v: &Option<String>, field: &str| need(v, field).map(DatapointId::from);
    let rule = match i.kind.as_str() {
        "completion" => Rule::Completion(Completion {
            measure: Measure::Sum(dp(&i.datapoint, "datapoint")?),
            cap: number(&i.cap, "cap")?,
            direction: Default::default(),
        }),
        "ratio_threshold" => Rule::RatioThreshold(RatioThreshold {
            measure: Measure::Ratio {
                numerator: dp(&i.numerator, "numerator")?,
                denominator: dp(&i.denominator, "denominator")?,
            },
            good: number(&i.good, "good")?,
            bad: number(&i.bad, "bad")?,
            on_zero_denominator: OnZeroDenominator::FullPoints,
        }),
        "deduction" => Rule::Deduction(Deduction {
            measure: Measure::Sum(dp(&i.datapoint, "datapoint")?),
            per_event: number(&i.per_event, "per_event")?,
            floor: Decimal::ZERO,
        }),
        "peer_relative" => Rule::PeerRelative(PeerRelative {
            measure: Measure::PerFactor {
                datapoint: dp(&i.datapoint, "datapoint")?,
                factor: FactorId::from(STAFF),
            },
            cap: Decimal::ONE,
        }),
        "efficacy" => Rule::EfficacyMinMax(EfficacyMinMax {
            measure: Measure::Sum(dp(&i.datapoint, "datapoint")?),
            base: Decimal::new(6, 1),
            span: Decimal::new(4, 1),
            direction: Default::default(),
        }),
        other => {
            return Err(Error::invalid_definition(
                &id,
                "kind",
                format!("{other:?} is not a known kind"),
            ));
        }
    };
    let points = dec(&i.points, || format!("indicator {id} points"))?;
    Ok(Indicator {
        name: i
            .name
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| i.id.clone()),
        id,
        name_en: None,
        category: Default::default(),
        points,
        groups: i.groups.into_iter().map(GroupId::from).collect(),
        basis: None,
        assesses: String::new(),
        rule,
        rounding: None,
        display: None,
    })
}

/// Reads `units.csv`: `unit_id,name,city,group,staff,households,revenue`.
///
/// # Errors
///
/// A configuration error naming the line: not 7 fields, a repeated id, a group other
/// than hall, key and territorial, staff or households not a positive integer, a
/// revenue that is not a decimal.
pub fn read_units<R: BufRead>(reader: R) -> Result<Vec<Unit>> {
    let mut units = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (k, line) in csv_lines(reader, "units.csv")?.iter().enumerate() {
        let n = k + 2;
        let f: Vec<&str> = line.split(',').collect();
        let [id, name, city, group, staff, households, revenue] = f[..] else {
            return Err(Error::config(format!(
                "units.csv line {n}: expected 7 fields, got {}",
                f.len()
            )));
        };
        if !seen.insert(id.to_owned()) {
            return Err(Error::config(format!(
                "units.csv line {n}: duplicate unit {id}"
            )));
        }
        if !GROUPS.contains(&group) {
            return Err(Error::config(format!(
                "units.csv line {n}: unknown group {group:?}"
            )));
        }
        let count = |what: &str, v: &str| -> Result<Decimal> {
            let ok = !v.is_empty() && v.bytes().all(|c| c.is_ascii_digit());
            match v.parse::<Decimal>() {
                Ok(d) if ok && d > Decimal::ZERO => Ok(d),
                _ => Err(Error::config(format!(
                    "units.csv line {n}: {what} {v:?} is not a positive integer"
                ))),
            }
        };
        let unit = Unit::new(id, name, group)
            .region(city)
            .factor(STAFF, count("staff", staff)?)
            .factor(HOUSEHOLDS, count("households", households)?)
            .factor(
                REVENUE,
                dec(revenue, || format!("units.csv line {n}: revenue"))?,
            );
        units.push(unit);
    }
    Ok(units)
}

/// Reads `targets.csv`: `unit_id,indicator_id,target`. Every row is kept; rows for
/// pairs that need no target are ignored when the assessment is built.
///
/// # Errors
///
/// A configuration error naming the line: not 3 fields, a target that is not a
/// decimal, a repeated (unit, indicator).
pub fn read_targets<R: BufRead>(reader: R) -> Result<Targets> {
    let mut targets = Targets::new();
    for (k, line) in csv_lines(reader, "targets.csv")?.iter().enumerate() {
        let n = k + 2;
        let f: Vec<&str> = line.split(',').collect();
        let [unit, indicator, target] = f[..] else {
            return Err(Error::config(format!(
                "targets.csv line {n}: expected 3 fields, got {}",
                f.len()
            )));
        };
        let t = dec(target, || format!("targets.csv line {n}: target"))?;
        targets
            .insert(unit, indicator, t)
            .map_err(|e| Error::config(format!("targets.csv line {n}: {e}")))?;
    }
    Ok(targets)
}
