//! The reproducibility digest (复核摘要): a SHA-256 over the RFC 8785 (JCS) canonical
//! JSON of a documented digest document — the rules, the units, the targets, the
//! aggregated facts the rules read, the manual overrides and the published results.
//!
//! The document is described at [`digest_document`]; anyone can recompute the digest
//! from it with a JCS implementation and `sha256sum` (`docs/AUDIT.md`).

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sha2::{Digest as _, Sha256};

use super::jcs;
use crate::error::{Error, Result};
use crate::facts::Sums;
use crate::id::DatapointId;
use crate::org::Unit;
use crate::scheme::Scheme;
use crate::scoring::{Assessment, Evaluation, Override, Targets};

/// The version of the digest document and its hashing that [`digest`] computes. It
/// changes whenever either changes, so a digest published under one version is never
/// compared with one computed under another.
///
/// - **1** (`sha256-v1:…`, earlier releases): SHA-256 of a line-oriented text in a JSON
///   dialect of the crate's own. No longer computed: [`verify`] answers
///   [`Verification::UnsupportedFormat`] for it.
/// - **2** (`sha256-jcs-v2:…`): SHA-256 of the RFC 8785 canonical JSON of
///   [`digest_document`].
pub const DIGEST_FORMAT: u32 = 2;

/// A reproducibility digest: the format version and the SHA-256.
///
/// Written (and serialised) as `sha256-jcs-v2:` followed by 64 lowercase hex digits
/// for the current format; a digest of format 1 reads and writes as `sha256-v1:…`,
/// so that a digest published before can still be read and told apart.
///
/// # Examples
///
/// ```
/// use scorecard::audit::Digest;
///
/// let text = format!("sha256-jcs-v2:{}", "ab".repeat(32));
/// let d: Digest = text.parse().unwrap();
/// assert_eq!(d.format(), 2);
/// assert_eq!(d.to_string(), text);
/// let old: Digest = format!("sha256-v1:{}", "cd".repeat(32)).parse().unwrap();
/// assert_eq!((old.format(), &old.to_string()[..10]), (1, "sha256-v1:"));
/// assert!("sha256-jcs-v2:xyz".parse::<Digest>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
// A string, not a table: it has no unknown keys to refuse.
#[serde(try_from = "String", into = "String")]
pub struct Digest {
    format: u32,
    sha256: [u8; 32],
}

impl Digest {
    /// The format version of what was hashed ([`DIGEST_FORMAT`]).
    pub fn format(&self) -> u32 {
        self.format
    }

    /// The 32 bytes of the SHA-256.
    pub fn sha256(&self) -> [u8; 32] {
        self.sha256
    }

    /// The digest of format [`DIGEST_FORMAT`] of `canonical` (the canonical JSON of a
    /// digest document, [`canonical_json`]).
    fn of(canonical: &str) -> Self {
        Self {
            format: DIGEST_FORMAT,
            sha256: Sha256::digest(canonical.as_bytes()).into(),
        }
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.format == 1 {
            f.write_str("sha256-v1:")?;
        } else {
            write!(f, "sha256-jcs-v{}:", self.format)?;
        }
        for b in self.sha256 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl FromStr for Digest {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let bad = || {
            Error::malformed(
                "a digest",
                s,
                "sha256-jcs-v<format>:<64 hex>, or sha256-v1:<64 hex>",
            )
        };
        let (format, hex) = if let Some(hex) = s.strip_prefix("sha256-v1:") {
            (1, hex)
        } else {
            let rest = s.strip_prefix("sha256-jcs-v").ok_or_else(bad)?;
            let (format, hex) = rest.split_once(':').ok_or_else(bad)?;
            if !format.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            let format: u32 = format.parse().map_err(|_| bad())?;
            if format < 2 {
                return Err(bad());
            }
            (format, hex)
        };
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
    /// The published digest is of a format this release does not compute (such as
    /// `sha256-v1:…`).
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

/// A figure: its normalised decimal as a string (`1.50` → `"1.5"`, `-0` → `"0"`).
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

/// An object from its members (the order does not matter: canonical JSON sorts them).
fn object<const N: usize>(members: [(&str, Value); N]) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<Map<String, Value>>(),
    )
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

/// The digest document of an evaluation: what [`digest`] hashes, as a JSON value that
/// an auditor can write to a file, read and diff.
///
/// # The digest document, format 2
///
/// One JSON object. Every decimal in it is a **string**, so that no JSON number
/// formatting ever touches a figure; the only JSON numbers are integers (counts,
/// positions, group sizes, the version), all within ±(2⁵³ − 1). Its members:
///
/// | member | what | each element, in this order |
/// | --- | --- | --- |
/// | `"digest"` | `"scorecard"` | |
/// | `"version"` | `2` ([`DIGEST_FORMAT`]) | |
/// | `"scheme"` | the scheme **as written**: its serde JSON, decimals keeping their scale (`0.40` and `0.4` are the same number but another text of the rules) | |
/// | `"units"` | every unit's serde JSON, by unit id | |
/// | `"targets"` | `{unit, indicator, target}` | by unit, then indicator |
/// | `"facts"` | `{unit, datapoint, sum, count}` for every unit and every data point an indicator applying to it reads; `"0"`, `0` when it has no facts | by unit, then data point |
/// | `"pairs"` | `{unit, indicator, primary, secondary, target, measured, value, exact, score, lost, extra, branch}` (`secondary`, `target`, `measured` and `value` are `null` when absent) | by unit, then indicator |
/// | `"overrides"` | `{unit, indicator, computed, score, author, reason, document, clause}` for every pair whose score a manual override replaced (`[]` when none) | by unit, then indicator |
/// | `"results"` | `{unit, group, full_points, lost, extra, raw_total, coefficient, adjusted_total, rank, from_top, from_bottom, group_size, lists}` | by unit |
/// | `"peers"` | `{indicator, group, count, sum, mean, min, max}`; for a named input's statistics (a formula, table or host rule) also `input` and `median` | in the order of [`Evaluation::peer_stats`] |
/// | `"results"` (a vetoed unit) | also `vetoes` (the ids of the vetoes that applied, 一票否决) and `before_veto` (the adjusted total before them) | |
/// | `"host_rules"` | present only when a host rule ([`HostRule`](crate::rule::HostRule)) scores: `{indicator, name, version, params}`, so that the digest says which host rule, in which version, scored | by indicator |
///
/// A named target also has `name` in `"targets"` (after the unit's own target); a
/// pair of a formula, table or host rule also has `inputs`: `[[value, previous, rank] …]`,
/// its named inputs in the rule's order.
///
/// Targets, facts and results are numbers, written as **normalised** decimal strings
/// (`1.50` → `"1.5"`, `-0` → `"0"`), so that equal values give equal digests whatever
/// their scale or the way the facts were summed. Published figures are not written at
/// their declared places (with [`fixed`](crate::fixed())): that would hide a value
/// carrying more places than declared.
///
/// The digest is the SHA-256 of the document's RFC 8785 canonical JSON
/// ([`canonical_json`]): members sorted by name, no whitespace, one way of escaping.
/// The document is the same on every platform (no floating point, no hash-map order,
/// no locale), and [`DIGEST_FORMAT`] changes whenever it changes.
///
/// # Errors
///
/// When a sum cannot be read from `sums`, or the scheme, units or targets cannot be
/// written as JSON.
///
/// # Examples
///
/// ```
/// # use chrono::NaiveDate;
/// # use rust_decimal::Decimal;
/// use scorecard::audit::{canonical_json, digest, digest_document};
/// # use scorecard::facts::{Aggregates, Granularity};
/// # use scorecard::{Assessment, Catalog, Fact, Period, Scheme, Targets, Unit};
/// # let catalog: Catalog = serde_json::from_str(r#"[
/// #     {"id": "I1", "name": "收入完成率", "points": "4", "groups": ["hall"],
/// #      "rule": {"kind": "completion", "measure": {"sum": "D1"}, "cap": "1.0"}}
/// # ]"#)?;
/// # let scheme = Scheme::new(Period::year(2026)?, catalog);
/// # let units = vec![Unit::new("U0001", "U0001", "hall")];
/// # let mut targets = Targets::new();
/// # targets.insert("U0001", "I1", Decimal::from(100))?;
/// # let mut agg = Aggregates::new(Granularity::Whole);
/// # let day = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
/// # agg.add(&Fact::new("U0001".into(), "D1".into(), day, Decimal::from(80)))?;
/// # let sums = agg.all();
/// # let e = Assessment::new(scheme.clone(), units.clone(), &targets)?.evaluate(&sums)?;
/// let document = digest_document(&scheme, &units, &targets, &sums, &e)?;
/// assert_eq!(document["facts"][0]["sum"], "80");
/// assert_eq!(document["results"][0]["raw_total"], "3.2");
/// // what is hashed: `sha256sum` of these bytes gives the digest's hex digits
/// let canonical = canonical_json(&document)?;
/// assert!(canonical.starts_with(r#"{"digest":"scorecard","facts":[{"count":1,"#));
/// let d = digest(&scheme, &units, &targets, &sums, &e)?;
/// assert!(d.to_string().starts_with("sha256-jcs-v2:"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn digest_document<S: Sums + ?Sized>(
    scheme: &Scheme,
    units: &[Unit],
    targets: &Targets,
    sums: &S,
    evaluation: &Evaluation,
) -> Result<Value> {
    let mut sorted: Vec<&Unit> = units.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let unit_docs = sorted
        .iter()
        .map(|u| to_value("unit", u))
        .collect::<Result<Vec<_>>>()?;
    // Targets serialise as rows in (unit, indicator) order.
    let rows = to_value("targets", targets)?;
    let mut target_docs = Vec::new();
    for row in rows.as_array().into_iter().flatten() {
        let target: Decimal = row
            .get("target")
            .and_then(Value::as_str)
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| Error::internal("a target serialises without its decimal"))?;
        let mut doc = object([
            ("unit", row.get("unit").cloned().unwrap_or(Value::Null)),
            (
                "indicator",
                row.get("indicator").cloned().unwrap_or(Value::Null),
            ),
            ("target", num(target)),
        ]);
        if let (Some(name), Value::Object(members)) = (row.get("name"), &mut doc) {
            members.insert("name".to_owned(), name.clone());
        }
        target_docs.push(doc);
    }
    let mut fact_docs = Vec::new();
    for u in &sorted {
        for d in reads(scheme, u) {
            let a = sums.aggregate(&u.id, d)?;
            fact_docs.push(object([
                ("unit", json!(u.id.as_str())),
                ("datapoint", json!(d.as_str())),
                ("sum", num(a.sum)),
                ("count", json!(a.count)),
            ]));
        }
    }
    let mut pair_docs = Vec::with_capacity(evaluation.pairs.len());
    let mut override_docs = Vec::new();
    for p in &evaluation.pairs {
        let m = &p.measured;
        let mut doc = object([
            ("unit", json!(p.unit.as_str())),
            ("indicator", json!(p.indicator.as_str())),
            ("primary", num(m.primary)),
            ("secondary", opt(m.secondary)),
            ("target", opt(m.target)),
            ("measured", opt(m.value)),
            ("value", opt(p.value)),
            ("exact", num(p.exact)),
            ("score", num(p.score)),
            ("lost", num(p.lost)),
            ("extra", num(p.extra)),
            ("branch", to_value("branch", &p.branch)?),
        ]);
        if let (false, Value::Object(members)) = (m.inputs.is_empty(), &mut doc) {
            let inputs: Vec<Value> = m
                .inputs
                .iter()
                .map(|i| json!([opt(i.value), opt(i.previous), i.rank]))
                .collect();
            members.insert("inputs".to_owned(), Value::Array(inputs));
        }
        pair_docs.push(doc);
        if let Some(o) = &p.overridden {
            override_docs.push(object([
                ("unit", json!(p.unit.as_str())),
                ("indicator", json!(p.indicator.as_str())),
                ("computed", num(o.computed)),
                ("score", num(o.by.score)),
                ("author", json!(o.by.author)),
                ("reason", json!(o.by.reason)),
                ("document", json!(o.by.basis.document)),
                ("clause", json!(o.by.basis.clause)),
            ]));
        }
    }
    let result_docs: Vec<Value> = evaluation
        .units
        .iter()
        .map(|r| {
            let mut doc = object([
                ("unit", json!(r.unit.as_str())),
                ("group", json!(r.group.as_str())),
                ("full_points", num(r.full_points)),
                ("lost", num(r.lost)),
                ("extra", num(r.extra)),
                ("raw_total", num(r.raw_total)),
                ("coefficient", num(r.coefficient)),
                ("adjusted_total", num(r.adjusted_total)),
                ("rank", num(r.rank)),
                ("from_top", json!(r.from_top)),
                ("from_bottom", json!(r.from_bottom)),
                ("group_size", json!(r.group_size)),
                ("lists", json!(r.lists)),
            ]);
            if let (false, Value::Object(members)) = (r.vetoes.is_empty(), &mut doc) {
                let ids: Vec<&str> = r.vetoes.iter().map(|v| v.veto.as_str()).collect();
                members.insert("vetoes".to_owned(), json!(ids));
                members.insert("before_veto".to_owned(), opt(r.before_veto));
            }
            doc
        })
        .collect();
    let peer_docs: Vec<Value> = evaluation
        .peer_stats
        .iter()
        .map(|s| {
            let p = &s.stats;
            let mut doc = object([
                ("indicator", json!(s.indicator.as_str())),
                ("group", json!(s.group.as_str())),
                ("count", json!(p.count)),
                ("sum", num(p.sum)),
                ("mean", opt(p.mean)),
                ("min", opt(p.min)),
                ("max", opt(p.max)),
            ]);
            if let (Some(input), Value::Object(members)) = (&s.input, &mut doc) {
                members.insert("input".to_owned(), json!(input));
                members.insert("median".to_owned(), opt(p.median));
            }
            doc
        })
        .collect();
    let host_docs: Vec<Value> = scheme
        .indicators
        .indicators()
        .iter()
        .filter_map(|i| {
            i.rule.host().map(|h| {
                object([
                    ("indicator", json!(i.id.as_str())),
                    ("name", json!(h.name())),
                    ("version", json!(h.version())),
                    ("params", h.params()),
                ])
            })
        })
        .collect();
    let mut document = object([
        ("digest", json!("scorecard")),
        ("version", json!(DIGEST_FORMAT)),
        ("scheme", to_value("scheme", scheme)?),
        ("units", Value::Array(unit_docs)),
        ("targets", Value::Array(target_docs)),
        ("facts", Value::Array(fact_docs)),
        ("pairs", Value::Array(pair_docs)),
        ("overrides", Value::Array(override_docs)),
        ("results", Value::Array(result_docs)),
        ("peers", Value::Array(peer_docs)),
    ]);
    if let (false, Value::Object(members)) = (host_docs.is_empty(), &mut document) {
        members.insert("host_rules".to_owned(), Value::Array(host_docs));
    }
    Ok(document)
}

/// The RFC 8785 (JSON Canonicalization Scheme) text of a JSON value: what [`digest`]
/// hashes, given a [`digest_document`].
///
/// Members sorted by their names as UTF-16 code units, no whitespace, strings escaped
/// as RFC 8785 §3.2.2.2 says, integers as their digits. Any standard JCS
/// implementation gives the same bytes for a digest document (Python's `rfc8785`,
/// Go's `webpki.org/jsoncanonicalizer`, Java's `erdtman/java-json-canonicalization`,
/// Rust's `serde_jcs` …).
///
/// # Errors
///
/// A number that is not an integer within ±(2⁵³ − 1): a digest document has none (its
/// decimals are strings), and this writer refuses any rather than format a fraction.
///
/// # Examples
///
/// ```
/// use scorecard::audit::canonical_json;
///
/// let v = serde_json::json!({"b": [1, "2.50"], "a": "税\n", "A": null});
/// assert_eq!(canonical_json(&v)?, r#"{"A":null,"a":"税\n","b":[1,"2.50"]}"#);
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn canonical_json(value: &Value) -> Result<String> {
    let mut out = String::new();
    jcs::write(value, &mut out)?;
    Ok(out)
}

/// The reproducibility digest of an evaluation: the SHA-256 of the canonical JSON
/// ([`canonical_json`]) of its [`digest_document`], to be published beside the
/// ranking.
///
/// `scheme`, `units` and `targets` are those the [`Assessment`] was made from, `sums`
/// the data it evaluated, `evaluation` its result.
///
/// # Errors
///
/// As for [`digest_document`].
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
    let document = digest_document(scheme, units, targets, sums, evaluation)?;
    Ok(Digest::of(&canonical_json(&document)?))
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
