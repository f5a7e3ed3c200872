//! The data folder: the rule book (the province job's neutral files, read by the job's
//! own modules) and the service's optional files `tokens.toml`, `webhooks.toml` and
//! `warnings.toml`, each read strictly through `scorecard::rulebook` (unknown keys
//! refused, with file, line and column).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use scorecard::facts::Dictionary;
use scorecard::warn::{CardRule, CardRules, RiskModel, RiskRule, WorkItem};
use scorecard::{Assessment, Period, Targets, UnitId};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::job::{Job, JobError, chain, read_targets};

/// Why the data folder cannot be used.
#[derive(Debug)]
pub enum LoadError {
    /// A mistake in a file (exit status 2): the message names the file, object and key.
    Config(String),
    /// A file that cannot be read (exit status 1).
    Io(String),
}

impl LoadError {
    /// The exit status: 2 for a mistake in a file, 1 for a file that cannot be read.
    pub fn exit_code(&self) -> u8 {
        match self {
            LoadError::Config(_) => 2,
            LoadError::Io(_) => 1,
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Config(m) | LoadError::Io(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for LoadError {}

impl From<JobError> for LoadError {
    fn from(e: JobError) -> Self {
        if e.as_config().is_some() {
            LoadError::Config(chain(&e))
        } else {
            LoadError::Io(chain(&e))
        }
    }
}

fn config(file: &str, e: impl fmt::Display) -> LoadError {
    LoadError::Config(format!("{file}: {e}"))
}

/// What a service reads: the rule book, checked, and its own configuration.
#[derive(Debug, Clone)]
pub struct Data {
    /// The checked scheme, units and targets.
    pub assessment: Assessment,
    /// The units and data points facts may name.
    pub dictionary: Dictionary,
    /// The targets (the health-check report's red-list search reads them).
    pub targets: Targets,
    /// SHA-256 of `indicators.json`, `units.csv` and `targets.csv`: a database belongs
    /// to one rule book.
    pub fingerprint: String,
    /// Who may do what; `None` without `tokens.toml` (open access, loopback only).
    pub tokens: Option<Tokens>,
    /// Where pushes go.
    pub webhooks: Webhooks,
    /// Risk rules, card rules and work items.
    pub warnings: Warnings,
}

impl Data {
    /// The assessment's period.
    pub fn period(&self) -> Period {
        self.assessment.scheme().period
    }
}

fn read(path: &Path) -> Result<Vec<u8>, LoadError> {
    fs::read(path).map_err(|e| LoadError::Io(format!("cannot read {}: {e}", path.display())))
}

fn read_optional(path: &Path) -> Result<Option<String>, LoadError> {
    match fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| LoadError::Config(format!("{}: not UTF-8 text", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(LoadError::Io(format!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}

/// Reads and checks the data folder.
///
/// # Errors
///
/// A [`LoadError`] naming the file.
pub fn load(dir: &Path) -> Result<Data, LoadError> {
    let file = |name: &str| -> PathBuf { dir.join(name) };
    let indicators = read(&file("indicators.json"))?;
    let units = read(&file("units.csv"))?;
    let targets_csv = read(&file("targets.csv"))?;
    let job = Job::load(&indicators[..], &units[..], &targets_csv[..])?;
    let targets = read_targets(&targets_csv[..])?;
    let mut hash = Sha256::new();
    for (name, bytes) in [
        ("indicators.json", &indicators),
        ("units.csv", &units),
        ("targets.csv", &targets_csv),
    ] {
        hash.update(name.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    }
    let fingerprint = hex(&hash.finalize());
    let assessment = job.assessment().clone();
    let known: BTreeSet<UnitId> = assessment.units().iter().map(|u| u.id.clone()).collect();
    let tokens = match read_optional(&file("tokens.toml"))? {
        None => None,
        Some(text) => Some(Tokens::parse(&text, &known)?),
    };
    let webhooks = match read_optional(&file("webhooks.toml"))? {
        None => Webhooks::default(),
        Some(text) => Webhooks::parse(&text)?,
    };
    let warnings = match read_optional(&file("warnings.toml"))? {
        None => Warnings::default(),
        Some(text) => Warnings::parse(&text, &assessment, &known)?,
    };
    Ok(Data {
        dictionary: job.dictionary().clone(),
        assessment,
        targets,
        fingerprint,
        tokens,
        webhooks,
        warnings,
    })
}

/// Lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    use fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

// ---------------------------------------------------------------- tokens.toml

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// May post facts, and nothing else.
    Writer,
    /// Reads everything.
    Province,
    /// Reads its unit's subtree in detail, the published figures of the others.
    Unit,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TokensFile {
    token: Vec<TokenEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenEntry {
    name: String,
    sha256: String,
    role: Role,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    below: Vec<String>,
}

/// One token as the service keeps it: its SHA-256, never the token itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// A name for logs (never the secret).
    pub name: String,
    /// SHA-256 of the token's bytes.
    pub digest: [u8; 32],
    /// What it may do.
    pub role: Role,
    /// For a unit token, the viewing unit.
    pub unit: Option<UnitId>,
    /// For a unit token, the units below it whose details it may read.
    pub below: Vec<UnitId>,
}

/// The tokens of `tokens.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokens {
    /// Every token, in the file's order.
    pub tokens: Vec<Token>,
}

impl Tokens {
    /// Reads `tokens.toml`.
    ///
    /// # Errors
    ///
    /// A mistake naming the token: an unknown key, a digest that is not 64 hexadecimal
    /// digits, a name or digest given twice, a unit token without a known unit, a
    /// `unit` or `below` on a token of another role.
    pub fn parse(text: &str, units: &BTreeSet<UnitId>) -> Result<Self, LoadError> {
        const FILE: &str = "tokens.toml";
        let file: TokensFile =
            scorecard::rulebook::from_toml_str(text, FILE).map_err(|e| config(FILE, e))?;
        let mut tokens = Vec::new();
        let (mut names, mut digests) = (BTreeSet::new(), BTreeSet::new());
        for t in file.token {
            let at = |m: String| LoadError::Config(format!("{FILE}, token {:?}: {m}", t.name));
            if t.name.is_empty() {
                return Err(LoadError::Config(format!(
                    "{FILE}: a token has an empty name"
                )));
            }
            let digest = unhex(&t.sha256).ok_or_else(|| {
                at(
                    "`sha256` must be 64 hexadecimal digits: the SHA-256 of the token \
                    (printf %s \"$TOKEN\" | sha256sum)"
                        .into(),
                )
            })?;
            if !names.insert(t.name.clone()) {
                return Err(at("the name is given twice".into()));
            }
            if !digests.insert(digest) {
                return Err(at("the same token (sha256) is given twice".into()));
            }
            let known = |u: &str| -> Result<UnitId, LoadError> {
                let id = UnitId::from(u);
                if units.contains(&id) {
                    Ok(id)
                } else {
                    Err(at(format!("unit {u} is not in units.csv")))
                }
            };
            let (unit, below) = match (t.role, t.unit.as_deref()) {
                (Role::Unit, Some(u)) => (
                    Some(known(u)?),
                    t.below
                        .iter()
                        .map(|b| known(b))
                        .collect::<Result<Vec<_>, _>>()?,
                ),
                (Role::Unit, None) => return Err(at("a unit token needs `unit`".into())),
                (_, Some(_)) => return Err(at("`unit` goes only with role = \"unit\"".into())),
                (_, None) if !t.below.is_empty() => {
                    return Err(at("`below` goes only with role = \"unit\"".into()));
                }
                (_, None) => (None, Vec::new()),
            };
            tokens.push(Token {
                name: t.name,
                digest,
                role: t.role,
                unit,
                below,
            });
        }
        Ok(Self { tokens })
    }
}

fn unhex(s: &str) -> Option<[u8; 32]> {
    let b = s.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let mut out = [0_u8; 32];
    for (k, pair) in b.chunks_exact(2).enumerate() {
        let d = |c: u8| (c as char).to_digit(16);
        out[k] = u8::try_from(d(pair[0])? * 16 + d(pair[1])?).ok()?;
    }
    Some(out)
}

// -------------------------------------------------------------- webhooks.toml

/// The kinds of push, as webhooks filter them.
pub const PUSH_KINDS: [&str; 5] = ["reminder", "raised", "cleared", "listed", "list_changed"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WebhooksFile {
    #[serde(default)]
    retry: Option<RetryEntry>,
    #[serde(default)]
    webhook: Vec<HookEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RetryEntry {
    max_attempts: u32,
    first_delay_ms: u64,
    max_delay_ms: u64,
    timeout_ms: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HookEntry {
    name: String,
    url: String,
    #[serde(default)]
    events: Option<Vec<String>>,
    #[serde(default)]
    authorization: Option<String>,
}

/// How deliveries are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Attempts per event and webhook before it is marked failed.
    pub max_attempts: u32,
    /// The delay after the first failure; it doubles after each.
    pub first_delay_ms: u64,
    /// The longest delay between two attempts.
    pub max_delay_ms: u64,
    /// How long one attempt may take.
    pub timeout_ms: u64,
}

impl Default for Retry {
    fn default() -> Self {
        Self {
            max_attempts: 8,
            first_delay_ms: 500,
            max_delay_ms: 60_000,
            timeout_ms: 5_000,
        }
    }
}

impl Retry {
    /// The delay before attempt `attempt + 1` after `attempt` failures (1, 2 …):
    /// `first_delay_ms × 2^(attempt − 1)`, at most `max_delay_ms`.
    pub fn delay_ms(&self, attempt: u32) -> u64 {
        let doubled = self
            .first_delay_ms
            .checked_shl(attempt.saturating_sub(1).min(40))
            .unwrap_or(u64::MAX);
        doubled.min(self.max_delay_ms)
    }
}

/// One webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    /// Its name (the deliveries table refers to it).
    pub name: String,
    /// Where events are posted: a plain `http://` address.
    pub url: hyper::Uri,
    /// The kinds of push it takes.
    pub events: BTreeSet<String>,
    /// An `Authorization` header value sent with each post.
    pub authorization: Option<String>,
}

/// The webhooks of `webhooks.toml` and their retry policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Webhooks {
    /// The retry policy.
    pub retry: Retry,
    /// The hooks, by name.
    pub hooks: Vec<Webhook>,
}

impl Webhooks {
    /// Reads `webhooks.toml`.
    ///
    /// # Errors
    ///
    /// An unknown key, a name given twice, an address that is not `http://host[:port]/…`,
    /// an unknown kind of event, a retry policy out of range.
    pub fn parse(text: &str) -> Result<Self, LoadError> {
        const FILE: &str = "webhooks.toml";
        let file: WebhooksFile =
            scorecard::rulebook::from_toml_str(text, FILE).map_err(|e| config(FILE, e))?;
        let retry = match file.retry {
            None => Retry::default(),
            Some(r) => {
                if r.max_attempts == 0 || r.max_attempts > 100 {
                    return Err(config(FILE, "retry.max_attempts must be 1 to 100"));
                }
                if r.first_delay_ms == 0 || r.max_delay_ms < r.first_delay_ms {
                    return Err(config(
                        FILE,
                        "retry.first_delay_ms must be above 0 and at most retry.max_delay_ms",
                    ));
                }
                if !(1..=600_000).contains(&r.timeout_ms) {
                    return Err(config(FILE, "retry.timeout_ms must be 1 to 600000"));
                }
                Retry {
                    max_attempts: r.max_attempts,
                    first_delay_ms: r.first_delay_ms,
                    max_delay_ms: r.max_delay_ms,
                    timeout_ms: r.timeout_ms,
                }
            }
        };
        let mut hooks = Vec::new();
        let mut names = BTreeSet::new();
        for h in file.webhook {
            let at = |m: String| LoadError::Config(format!("{FILE}, webhook {:?}: {m}", h.name));
            if h.name.is_empty() || !names.insert(h.name.clone()) {
                return Err(at("a webhook needs a name of its own".into()));
            }
            let url: hyper::Uri = h
                .url
                .parse()
                .map_err(|_| at(format!("`url` {:?} is not an address", h.url)))?;
            if url.scheme_str() != Some("http") || url.host().is_none() {
                return Err(at(format!(
                    "`url` {:?} must be a plain http:// address (put a TLS proxy in front \
                     for https)",
                    h.url
                )));
            }
            let events: BTreeSet<String> = match h.events {
                None => PUSH_KINDS.iter().map(|k| (*k).to_owned()).collect(),
                Some(list) => {
                    for k in &list {
                        if !PUSH_KINDS.contains(&k.as_str()) {
                            return Err(at(format!(
                                "unknown event {k:?}; the kinds are {}",
                                PUSH_KINDS.join(", ")
                            )));
                        }
                    }
                    list.into_iter().collect()
                }
            };
            hooks.push(Webhook {
                name: h.name,
                url,
                events,
                authorization: h.authorization,
            });
        }
        Ok(Self { retry, hooks })
    }
}

// -------------------------------------------------------------- warnings.toml

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WarningsFile {
    #[serde(default)]
    risk: Vec<RiskEntry>,
    #[serde(default)]
    cards: Option<CardsEntry>,
    #[serde(default)]
    item: Vec<ItemEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RiskEntry {
    indicator: String,
    #[serde(deserialize_with = "scorecard::rulebook::exact_serde::decimal")]
    warning: Decimal,
    #[serde(deserialize_with = "scorecard::rulebook::exact_serde::decimal")]
    limit: Decimal,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
struct CardEntry {
    yellow_days: u32,
    red_days: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CardsEntry {
    default: CardEntry,
    #[serde(default)]
    indicator: BTreeMap<String, CardEntry>,
    #[serde(default)]
    kind: BTreeMap<String, CardEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemEntry {
    id: String,
    unit: String,
    kind: String,
    deadline: NaiveDate,
    #[serde(default)]
    indicator: Option<String>,
    #[serde(default)]
    standard: Option<String>,
    #[serde(default)]
    assesses: Option<String>,
    #[serde(default)]
    done: Option<NaiveDate>,
}

/// Risk rules, card rules and work items: what raises alerts and cards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warnings {
    /// The risk rules (预警线 and 上限 per indicator).
    pub risk: RiskModel,
    /// When a work item's card turns yellow and red.
    pub cards: CardRules,
    /// The work items with deadlines.
    pub items: Vec<WorkItem>,
}

impl Default for Warnings {
    fn default() -> Self {
        Self {
            risk: RiskModel::default(),
            cards: CardRules::new(CardRule::new(7, 2)),
            items: Vec::new(),
        }
    }
}

impl Warnings {
    /// Reads `warnings.toml`.
    ///
    /// # Errors
    ///
    /// An unknown key, a decimal not written exactly, a risk rule on an unknown
    /// indicator or with equal lines, a card rule red before yellow, an item of an
    /// unknown unit or given twice.
    pub fn parse(
        text: &str,
        assessment: &Assessment,
        units: &BTreeSet<UnitId>,
    ) -> Result<Self, LoadError> {
        const FILE: &str = "warnings.toml";
        let file: WarningsFile =
            scorecard::rulebook::from_toml_str(text, FILE).map_err(|e| config(FILE, e))?;
        let catalog = &assessment.scheme().indicators;
        let mut rules = Vec::new();
        for r in file.risk {
            let id: scorecard::IndicatorId = r.indicator.as_str().into();
            if catalog.get(&id).is_none() {
                return Err(config(
                    FILE,
                    format!(
                        "risk rule on indicator {}: indicators.json has no such indicator",
                        r.indicator
                    ),
                ));
            }
            rules.push(RiskRule::new(id, r.warning, r.limit));
        }
        let risk = RiskModel::new(rules).map_err(|e| config(FILE, e))?;
        let cards = match file.cards {
            None => Warnings::default().cards,
            Some(c) => {
                let rule = |e: CardEntry| CardRule::new(e.yellow_days, e.red_days);
                let mut rules = CardRules::new(rule(c.default));
                for (i, e) in c.indicator {
                    rules = rules.indicator(i.as_str(), rule(e));
                }
                for (k, e) in c.kind {
                    rules = rules.kind(k, rule(e));
                }
                rules.validate().map_err(|e| config(FILE, e))?;
                rules
            }
        };
        let mut items = Vec::new();
        let mut ids = BTreeSet::new();
        for i in file.item {
            if !ids.insert(i.id.clone()) {
                return Err(config(FILE, format!("item {:?} is given twice", i.id)));
            }
            if !units.contains(&UnitId::from(i.unit.as_str())) {
                return Err(config(
                    FILE,
                    format!("item {:?}: unit {} is not in units.csv", i.id, i.unit),
                ));
            }
            let mut w = WorkItem::new(i.id, i.unit.as_str(), i.kind, i.deadline);
            if let Some(ind) = i.indicator {
                w = w.indicator(ind.as_str());
            }
            if let Some(s) = i.standard {
                w = w.standard(s);
            }
            if let Some(s) = i.assesses {
                w = w.assesses(s);
            }
            if let Some(d) = i.done {
                w = w.done(d);
            }
            items.push(w);
        }
        Ok(Self { risk, cards, items })
    }
}
