//! The reproducibility digest (复核摘要): a SHA-256 over a canonical, versioned text of
//! the rules, the units, the targets, the aggregated facts the rules read, and the
//! results.
//!
//! The canonical text is described at [`canonical_text`].

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::canon;
use super::sha256::Sha256;
use crate::error::{Error, Result};
use crate::facts::Sums;
use crate::id::DatapointId;
use crate::org::Unit;
use crate::scheme::Scheme;
use crate::scoring::{Assessment, Evaluation, Override, Targets};

/// The version of the canonical text hashed by [`digest`]. It changes whenever the
/// text changes, so a digest published under one version is never compared with one
/// computed under another.
pub const DIGEST_FORMAT: u32 = 1;

/// A reproducibility digest: the format version and the SHA-256 of the canonical text.
///
/// Written (and serialised) as `sha256-v1:` followed by 64 lowercase hex digits.
///
/// # Examples
///
/// ```
/// use scorecard::audit::Digest;
///
/// let text = format!("sha256-v1:{}", "ab".repeat(32));
/// let d: Digest = text.parse().unwrap();
/// assert_eq!(d.format(), 1);
/// assert_eq!(d.to_string(), text);
/// assert!("sha256-v1:xyz".parse::<Digest>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
// A string, not a table: it has no unknown keys to refuse.
#[serde(try_from = "String", into = "String")]
pub struct Digest {
    format: u32,
    sha256: [u8; 32],
}

impl Digest {
    /// The format version of the canonical text that was hashed.
    pub fn format(&self) -> u32 {
        self.format
    }

    /// The 32 bytes of the SHA-256.
    pub fn sha256(&self) -> [u8; 32] {
        self.sha256
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sha256-v{}:", self.format)?;
        for b in self.sha256 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl FromStr for Digest {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let bad = || Error::malformed("a digest", s, "sha256-v<format>:<64 hex>");
        let rest = s.strip_prefix("sha256-v").ok_or_else(bad)?;
        let (format, hex) = rest.split_once(':').ok_or_else(bad)?;
        let format: u32 = format.parse().map_err(|_| bad())?;
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let mut sha256 = [0u8; 32];
        for (k, byte) in sha256.iter_mut().enumerate() {
            let pair = hex.get(2 * k..2 * k + 2).ok_or_else(bad)?;
            *byte = u8::from_str_radix(pair, 16).map_err(|_| bad())?;
        }
        Ok(Self { format, sha256 })
    }
}

impl TryFrom<String> for Digest {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        s.parse()
    }
}

impl From<Digest> for String {
    fn from(d: Digest) -> Self {
        d.to_string()
    }
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Verification {
    /// The published results are what the published inputs give, and the digest
    /// matches.
    Match,
    /// The published digest is of a format this release does not compute.
    UnsupportedFormat {
        /// The published digest's format.
        published: u32,
        /// The format this release computes ([`DIGEST_FORMAT`]).
        supported: u32,
    },
    /// Evaluating the inputs again gives other results than those published.
    ResultsDiffer {
        /// The first difference, e.g. `unit U0003 indicator I002: score 3.5 published, 4 recomputed`.
        first: String,
    },
    /// The results agree but the digest does not (an input or the digest was changed).
    DigestDiffers {
        /// The digest published.
        published: Digest,
        /// The digest of the inputs and results.
        recomputed: Digest,
    },
}

impl Verification {
    /// Whether everything matched.
    pub fn is_match(&self) -> bool {
        matches!(self, Verification::Match)
    }
}

fn num(d: Decimal) -> Value {
    Value::String(d.normalize().to_string())
}

fn opt(d: Option<Decimal>) -> Value {
    d.map_or(Value::Null, num)
}

/// `v` as JSON; `what` says what cannot be encoded when it fails (a bug of the crate).
fn to_value<T: Serialize + ?Sized>(what: &'static str, v: &T) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| Error::internal_because(what, e))
}

fn line(out: &mut String, tag: &str, v: &Value) -> Result<()> {
    out.push_str(tag);
    out.push(' ');
    canon::write(v, out)?;
    out.push('\n');
    Ok(())
}

/// The data points read by the indicators that apply to `unit`, by id.
fn reads<'s>(scheme: &'s Scheme, unit: &Unit) -> BTreeSet<&'s DatapointId> {
    scheme
        .indicators
        .indicators()
        .iter()
        .filter(|i| i.applies_to(&unit.group))
        .flat_map(|i| i.datapoints())
        .collect()
}

/// The canonical text that [`digest`] hashes, for an auditor who wants to read or diff
/// exactly what was hashed.
///
/// # The canonical text, format 1
///
/// One record per line, each line ending in `\n`, in this order:
///
/// 1. `scorecard digest` and `format 1`;
/// 2. `scheme ` + the scheme's JSON;
///    then `host_rule ` + `[indicator, name, version, params]` for every indicator whose
///    rule is a host rule ([`HostRule`](crate::rule::HostRule)), by indicator (none
///    when no host rule is used), so that the digest says which host rule, in which
///    version, scored;
/// 3. `unit ` + each unit's JSON, by unit id;
/// 4. `target ` + `[unit, indicator, target]`, by unit then indicator, then the named
///    targets as `[unit, indicator, target, name]`;
/// 5. `fact ` + `[unit, data point, sum, count]` for every unit (by id) and every data
///    point that an indicator applying to it reads (by id), with `"0"`, `0` when it has
///    no facts;
/// 6. `pair ` + `[unit, indicator, primary, secondary, target, measured value, value,
///    exact, score, lost, extra, branch]`, by unit then indicator;
///    then `inputs ` + `[unit, indicator, [[value, previous, rank] …]]` for every pair
///    of a formula, table or host rule: its named inputs in the rule's order (none when
///    no such rule is used);
/// 7. `override ` + `[unit, indicator, computed score, score, author, reason, basis
///    document, basis clause]` for every pair whose score a manual override replaced,
///    by unit then indicator (none when nothing was overridden);
/// 8. `result ` + `[unit, group, full points, lost, extra, raw total, coefficient,
///    adjusted total, rank, from top, from bottom, group size, [lists]]`, by unit;
/// 9. `peer ` + `[indicator, group, count, sum, mean, min, max]`, by indicator then group,
///    for a built-in kind's measured value; `peer_input ` + `[indicator, group, input,
///    count, sum, mean, median, min, max]` for a named input's, in the order of
///    [`Evaluation::peer_stats`].
///
/// JSON is written canonically: no whitespace, object keys in byte order, strings with
/// only `"`, `\` and control characters escaped. Facts, targets and results are
/// numbers, written as **normalised** decimal strings (`1.50` → `"1.5"`, `-0` → `"0"`),
/// so that equal values give equal digests whatever their scale or the way the facts
/// were summed. Published figures are not written at their declared places (with
/// [`fixed`](crate::fixed())): that would hide a value carrying more places than
/// declared. The scheme and the units are a document and are hashed **as written**
/// (their serde JSON, decimals keeping their scale): `0.40` and `0.4` in a rule are
/// the same number but a different text of the rules.
///
/// The text is the same on every platform (no floating point, no hash-map order, no
/// locale), and [`DIGEST_FORMAT`] changes whenever it changes.
///
/// # Errors
///
/// When a sum cannot be read from `sums`, or the scheme, units or targets cannot be
/// written as JSON.
pub fn canonical_text<S: Sums + ?Sized>(
    scheme: &Scheme,
    units: &[Unit],
    targets: &Targets,
    sums: &S,
    evaluation: &Evaluation,
) -> Result<String> {
    let mut out = format!("scorecard digest\nformat {DIGEST_FORMAT}\n");
    line(
        &mut out,
        "scheme",
        &to_value("the scheme cannot be encoded for the digest", scheme)?,
    )?;
    for i in scheme.indicators.indicators() {
        if let Some(h) = i.rule.host() {
            let v = json!([i.id.as_str(), h.name(), h.version(), h.params()]);
            line(&mut out, "host_rule", &v)?;
        }
    }
    let mut sorted: Vec<&Unit> = units.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    for u in &sorted {
        line(
            &mut out,
            "unit",
            &to_value("the unit cannot be encoded for the digest", u)?,
        )?;
    }
    // Targets serialise as rows in (unit, indicator) order.
    let rows = to_value("the targets cannot be encoded for the digest", targets)?;
    for row in rows.as_array().into_iter().flatten() {
        let target: Decimal = row
            .get("target")
            .and_then(Value::as_str)
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| Error::internal("a target serialises without its decimal"))?;
        let v = match row.get("name") {
            Some(name) => json!([row.get("unit"), row.get("indicator"), num(target), name]),
            None => json!([row.get("unit"), row.get("indicator"), num(target)]),
        };
        line(&mut out, "target", &v)?;
    }
    for u in &sorted {
        for d in reads(scheme, u) {
            let a = sums.aggregate(&u.id, d)?;
            line(
                &mut out,
                "fact",
                &json!([u.id.as_str(), d.as_str(), num(a.sum), a.count]),
            )?;
        }
    }
    for p in &evaluation.pairs {
        let m = &p.measured;
        let v = json!([
            p.unit.as_str(),
            p.indicator.as_str(),
            num(m.primary),
            opt(m.secondary),
            opt(m.target),
            opt(m.value),
            opt(p.value),
            num(p.exact),
            num(p.score),
            num(p.lost),
            num(p.extra),
            to_value("the branch cannot be encoded for the digest", &p.branch)?,
        ]);
        line(&mut out, "pair", &v)?;
    }
    for p in &evaluation.pairs {
        if p.measured.inputs.is_empty() {
            continue;
        }
        let inputs: Vec<Value> = p
            .measured
            .inputs
            .iter()
            .map(|i| json!([opt(i.value), opt(i.previous), i.rank]))
            .collect();
        line(
            &mut out,
            "inputs",
            &json!([p.unit.as_str(), p.indicator.as_str(), inputs]),
        )?;
    }
    for p in &evaluation.pairs {
        if let Some(o) = &p.overridden {
            let v = json!([
                p.unit.as_str(),
                p.indicator.as_str(),
                num(o.computed),
                num(o.by.score),
                o.by.author,
                o.by.reason,
                o.by.basis.document,
                o.by.basis.clause,
            ]);
            line(&mut out, "override", &v)?;
        }
    }
    for r in &evaluation.units {
        let v = json!([
            r.unit.as_str(),
            r.group.as_str(),
            num(r.full_points),
            num(r.lost),
            num(r.extra),
            num(r.raw_total),
            num(r.coefficient),
            num(r.adjusted_total),
            num(r.rank),
            r.from_top,
            r.from_bottom,
            r.group_size,
            r.lists,
        ]);
        line(&mut out, "result", &v)?;
    }
    for s in &evaluation.peer_stats {
        let p = &s.stats;
        match &s.input {
            None => {
                let v = json!([
                    s.indicator.as_str(),
                    s.group.as_str(),
                    p.count,
                    num(p.sum),
                    opt(p.mean),
                    opt(p.min),
                    opt(p.max),
                ]);
                line(&mut out, "peer", &v)?;
            }
            Some(input) => {
                let v = json!([
                    s.indicator.as_str(),
                    s.group.as_str(),
                    input,
                    p.count,
                    num(p.sum),
                    opt(p.mean),
                    opt(p.median),
                    opt(p.min),
                    opt(p.max),
                ]);
                line(&mut out, "peer_input", &v)?;
            }
        }
    }
    Ok(out)
}

/// The reproducibility digest of an evaluation: the SHA-256 of its
/// [`canonical_text`], to be published beside the ranking.
///
/// `scheme`, `units` and `targets` are those the [`Assessment`] was made from, `sums`
/// the data it evaluated, `evaluation` its result.
///
/// # Errors
///
/// As for [`canonical_text`].
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
/// use scorecard::audit::{digest, verify};
/// use scorecard::facts::{Aggregates, Granularity};
/// use scorecard::{Assessment, Catalog, Fact, Period, Scheme, Targets, Unit};
///
/// let catalog: Catalog = serde_json::from_str(r#"[
///     {"id": "I1", "name": "收入完成率", "points": "4", "groups": ["hall"],
///      "rule": {"kind": "completion", "measure": {"sum": "D1"}, "cap": "1.0"}},
///     {"id": "I2", "name": "有效投诉", "points": "2", "groups": ["hall"],
///      "rule": {"kind": "deduction", "measure": {"sum": "D2"}, "per_event": "0.5"}}
/// ]"#)?;
/// let scheme = Scheme::new(Period::year(2026)?, catalog);
/// let units: Vec<Unit> = ["U0001", "U0002", "U0003"].map(|u| Unit::new(u, u, "hall")).into();
/// let mut targets = Targets::new();
/// for u in &units {
///     targets.insert(u.id.clone(), "I1", Decimal::from(100))?;
/// }
/// let day = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
/// let mut agg = Aggregates::new(Granularity::Whole);
/// for (u, d, v) in [("U0001", "D1", 80), ("U0002", "D1", 120), ("U0002", "D2", 3), ("U0003", "D2", 1)] {
///     agg.add(&Fact::new(u.into(), d.into(), day, Decimal::from(v)))?;
/// }
/// let sums = agg.all();
/// let a = Assessment::new(scheme.clone(), units.clone(), &targets)?;
/// let e = a.evaluate(&sums)?;
/// let d = digest(&scheme, &units, &targets, &sums, &e)?;
/// assert!(verify(&scheme, &units, &targets, &sums, &e, &d)?.is_match());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn digest<S: Sums + ?Sized>(
    scheme: &Scheme,
    units: &[Unit],
    targets: &Targets,
    sums: &S,
    evaluation: &Evaluation,
) -> Result<Digest> {
    let text = canonical_text(scheme, units, targets, sums, evaluation)?;
    let mut h = Sha256::new();
    h.update(text.as_bytes());
    Ok(Digest {
        format: DIGEST_FORMAT,
        sha256: h.finish(),
    })
}

/// Checks a published evaluation and digest against the published inputs: evaluates
/// `scheme`, `units` and `targets` on `sums` again, compares the results with
/// `published` and the digest of the inputs and results with `digest`.
///
/// # Errors
///
/// When the inputs cannot be evaluated at all (the errors of [`Assessment::new`] and
/// [`Assessment::evaluate`]). A mismatch is not an error: it is a [`Verification`].
pub fn verify<S: Sums + ?Sized>(
    scheme: &Scheme,
    units: &[Unit],
    targets: &Targets,
    sums: &S,
    published: &Evaluation,
    digest_published: &Digest,
) -> Result<Verification> {
    verify_with_overrides(
        scheme,
        units,
        targets,
        &[],
        sums,
        published,
        digest_published,
    )
}

/// As [`verify`], for an evaluation whose assessment had manual overrides
/// ([`Assessment::with_overrides`]): they are published inputs too. An evaluation with
/// an override that is not given here does not verify.
///
/// # Errors
///
/// As for [`verify`], and an invalid override.
pub fn verify_with_overrides<S: Sums + ?Sized>(
    scheme: &Scheme,
    units: &[Unit],
    targets: &Targets,
    overrides: &[Override],
    sums: &S,
    published: &Evaluation,
    digest_published: &Digest,
) -> Result<Verification> {
    if digest_published.format != DIGEST_FORMAT {
        return Ok(Verification::UnsupportedFormat {
            published: digest_published.format,
            supported: DIGEST_FORMAT,
        });
    }
    let assessment = Assessment::new(scheme.clone(), units.to_vec(), targets)?
        .with_overrides(overrides.to_vec())?;
    let again = assessment.evaluate(sums)?;
    if let Some(first) = first_difference(published, &again) {
        return Ok(Verification::ResultsDiffer { first });
    }
    let recomputed = digest(scheme, units, targets, sums, &again)?;
    if recomputed != *digest_published {
        return Ok(Verification::DigestDiffers {
            published: *digest_published,
            recomputed,
        });
    }
    Ok(Verification::Match)
}

/// The first difference between a published and a recomputed evaluation, in words.
fn first_difference(published: &Evaluation, again: &Evaluation) -> Option<String> {
    if published.pairs.len() != again.pairs.len() {
        return Some(format!(
            "{} scores published, {} recomputed",
            published.pairs.len(),
            again.pairs.len()
        ));
    }
    for (p, q) in published.pairs.iter().zip(&again.pairs) {
        if p != q {
            return Some(format!(
                "unit {} indicator {}: score {} published, unit {} indicator {} score {} recomputed",
                p.unit, p.indicator, p.score, q.unit, q.indicator, q.score
            ));
        }
    }
    if published.units.len() != again.units.len() {
        return Some(format!(
            "{} units published, {} recomputed",
            published.units.len(),
            again.units.len()
        ));
    }
    for (p, q) in published.units.iter().zip(&again.units) {
        if p != q {
            return Some(format!(
                "unit {}: adjusted total {} rank {} published, unit {}: {} rank {} recomputed",
                p.unit, p.adjusted_total, p.rank, q.unit, q.adjusted_total, q.rank
            ));
        }
    }
    if published.peer_stats != again.peer_stats {
        return Some("the peer statistics differ".into());
    }
    None
}
