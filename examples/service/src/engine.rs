//! The open evaluation and the one path facts take into it:
//!
//! ```text
//! body ─ check (intake) ─ writer lock ─ idempotency key? ─ live write lock
//!      ─ LiveEvaluation::add each fact (refused whole on an error) ─ monitor: alerts,
//!        cards, list changes ─ ONE transaction (batch, facts, rejected lines, monitor,
//!        events, deliveries) ─ new ranking snapshot ─ pushes (SSE, webhook worker)
//! ```
//!
//! On start, [`App::open`] replays the committed facts in commit order into the same
//! evaluation, and the monitor's saved state, so nothing is counted twice or sent again.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use bytes::Bytes;
use chrono::NaiveDate;
use scorecard::facts::{Aggregates, Granularity, Validator};
use scorecard::scoring::LiveEvaluation;
use scorecard::warn::{AlertSink, Event, Monitor, Nobody, reminders};
use scorecard::{Aggregate, DatapointId, Fact, Period, Sums, UnitId};
use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::sync::{Notify, broadcast};

use crate::config::{Data, hex};
use crate::intake::{self, Malformed};
use crate::store::{NewBatch, NewEvent, Store, StoreError, StoredFact, StoredReject};
use crate::views::{RankRow, Ranking, list_label, rank_rows};

/// The evaluation readers see, under the live lock.
#[derive(Debug)]
pub struct Core {
    /// The open evaluation.
    pub live: LiveEvaluation,
    /// Batches committed.
    pub version: u64,
    /// Accepted facts in the evaluation.
    pub facts: u64,
}

/// The ranking of the last commit, ready to serve.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Batches committed.
    pub version: u64,
    /// Accepted facts.
    pub facts: u64,
    /// Every row, in full.
    pub rows: Vec<RankRow>,
    /// `GET /ranking` for a province token, rendered once per commit.
    pub full: Bytes,
}

/// A push: to the live page and the event stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Push {
    /// A batch was committed: the ranking has a new version.
    Update {
        /// The new version.
        version: u64,
    },
    /// A card, an alert raised or cleared, a list change.
    Event(PushedEvent),
}

/// A stored event, as it is pushed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushedEvent {
    /// Its id in the database (the SSE id).
    pub id: i64,
    /// `reminder`, `raised`, `cleared`, `listed` or `list_changed`.
    pub kind: String,
    /// The dedup key.
    pub key: String,
    /// The unit it concerns.
    pub unit: Option<String>,
    /// The message in Chinese.
    pub zh: String,
    /// The message in English.
    pub en: String,
    /// The event itself, JSON.
    pub payload: String,
}

impl PushedEvent {
    /// The JSON sent to the event stream and to webhooks:
    /// `{"id", "kind", "key", "unit", "message": {"zh", "en"}, "event"}`.
    pub fn json(&self) -> String {
        let event: serde_json::Value =
            serde_json::from_str(&self.payload).unwrap_or(serde_json::Value::Null);
        serde_json::json!({
            "id": self.id,
            "kind": self.kind,
            "key": self.key,
            "unit": self.unit,
            "message": {"zh": self.zh, "en": self.en},
            "event": event,
        })
        .to_string()
    }
}

/// What became of a batch.
#[derive(Debug)]
pub enum Outcome {
    /// Committed (or committed before under the same key): the answer to give.
    Done {
        /// The answer, JSON.
        answer: String,
        /// Whether it is the answer of an earlier request with the same key.
        replayed: bool,
    },
    /// Not lines of the fact format (400).
    Malformed(Malformed),
    /// The idempotency key was used before with another body (422).
    KeyReused,
    /// A fact cannot be applied (an overflow …): nothing taken (422).
    Refused {
        /// Its line in the body.
        line: u64,
        /// The library's error, naming unit and indicator.
        error: scorecard::Error,
    },
    /// The database failed: nothing taken (500).
    Failed(String),
}

struct Writer {
    store: Store,
    monitor: Monitor,
}

/// The service's state.
#[derive(Debug)]
pub struct App {
    /// The rule book and configuration.
    pub data: Data,
    /// The open evaluation.
    pub live: tokio::sync::RwLock<Core>,
    writer: Mutex<WriterBox>,
    snapshot: RwLock<Arc<Snapshot>>,
    /// Pushes to the event streams.
    pub pushes: broadcast::Sender<Arc<Push>>,
    /// Wakes the webhook worker.
    pub wake: Notify,
    /// Set when the service stops: event streams end, the worker returns.
    pub closing: tokio::sync::watch::Sender<bool>,
    /// A fixed as-of date (`--as-of`), else the clock's.
    pub fixed_as_of: Option<NaiveDate>,
    /// The database file.
    pub db_path: PathBuf,
    validator: Validator,
}

/// The writer, behind a `Debug` that shows nothing of it.
struct WriterBox(Writer);

impl std::fmt::Debug for WriterBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Writer")
    }
}

/// Why the service cannot start.
#[derive(Debug)]
pub struct OpenError(pub String);

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OpenError {}

impl From<StoreError> for OpenError {
    fn from(e: StoreError) -> Self {
        OpenError(e.0)
    }
}

/// A store of the sums before a batch: the batch's first-touched cells as they were, the
/// rest as they are (the cells the batch did not touch have not changed).
struct Before<'a, S: ?Sized> {
    now: &'a S,
    was: &'a HashMap<(UnitId, DatapointId), Aggregate>,
}

impl<S: Sums + ?Sized> Sums for Before<'_, S> {
    fn aggregate(&self, unit: &UnitId, datapoint: &DatapointId) -> scorecard::Result<Aggregate> {
        match self.was.get(&(unit.clone(), datapoint.clone())) {
            Some(a) => Ok(*a),
            None => self.now.aggregate(unit, datapoint),
        }
    }
}

/// Puts `live` back to the sums before a batch (a full evaluation: only on failure).
fn restore(
    live: &mut LiveEvaluation,
    was: &HashMap<(UnitId, DatapointId), Aggregate>,
) -> scorecard::Result<()> {
    if was.is_empty() {
        return Ok(());
    }
    let sums = live.sums();
    let before = Before { now: &sums, was };
    let fresh = LiveEvaluation::with_sums(live.assessment().clone(), &before)?;
    drop(sums);
    *live = fresh;
    Ok(())
}

/// Applies `facts` to `live`, all or none. On an error, returns the failing fact's line
/// and the library's error, with `live` as it was.
fn apply(
    live: &mut LiveEvaluation,
    facts: &[(u64, Fact)],
) -> Result<HashMap<(UnitId, DatapointId), Aggregate>, (u64, scorecard::Error)> {
    let mut was: HashMap<(UnitId, DatapointId), Aggregate> = HashMap::new();
    for (line, f) in facts {
        if let std::collections::hash_map::Entry::Vacant(slot) =
            was.entry((f.unit.clone(), f.datapoint.clone()))
        {
            let a = live
                .sums()
                .aggregate(&f.unit, &f.datapoint)
                .map_err(|e| (*line, e))?;
            slot.insert(a);
        }
        if let Err(e) = live.add(&f.unit, &f.datapoint, f.value) {
            // `add` is atomic for its fact; the batch's earlier facts are undone here
            if let Err(r) = restore(live, &was) {
                return Err((*line, r));
            }
            return Err((*line, e));
        }
    }
    Ok(was)
}

/// The service's [`AlertSink`]: each event the monitor sends becomes a row of the outbox
/// (the `event` table, with one delivery row per webhook that takes its kind), written
/// in the same transaction as the batch that raised it.
struct Outbox<'a> {
    app: &'a App,
    rows: Mutex<Vec<NewEvent>>,
}

impl AlertSink for Outbox<'_> {
    fn receive(&self, event: Event) {
        let row = self.app.event(&event);
        lock(&self.rows).push(row);
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // a panic while holding the lock would be a bug; the state behind it is only ever
    // replaced whole, so it is still consistent
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

// Written by the service, never read back as configuration: open (unknown keys).
/// A unit entering or leaving a list while the period's data arrives.
#[derive(Debug, Clone, Serialize)]
pub struct ListChange {
    /// `list/{version}/{unit}`.
    pub key: String,
    /// The unit.
    pub unit: String,
    /// Its group.
    pub group: String,
    /// The lists before the batch.
    pub before: Vec<String>,
    /// The lists after it.
    pub after: Vec<String>,
    /// Its rank now.
    pub rank: String,
    /// The group's size.
    pub group_size: u32,
    /// Its adjusted total now (2 places).
    pub adjusted_total: String,
}

impl ListChange {
    fn message(&self) -> (String, String) {
        let (mut zh, mut en) = (Vec::new(), Vec::new());
        for l in self.after.iter().filter(|l| !self.before.contains(l)) {
            let (z, e) = list_label(l);
            zh.push(format!("列入{z}"));
            en.push(format!("is now on the {e}"));
        }
        for l in self.before.iter().filter(|l| !self.after.contains(l)) {
            let (z, e) = list_label(l);
            zh.push(format!("移出{z}"));
            en.push(format!("has left the {e}"));
        }
        (
            format!(
                "{} {}：同组第 {} 名（共 {}），调整后总分 {}",
                self.unit,
                zh.join("，"),
                self.rank,
                self.group_size,
                self.adjusted_total
            ),
            format!(
                "{} {}: rank {} of {} in its group, adjusted total {}",
                self.unit,
                en.join(" and "),
                self.rank,
                self.group_size,
                self.adjusted_total
            ),
        )
    }
}

impl App {
    /// Opens the database (creating it when absent), replays its facts in commit order
    /// into a live evaluation and loads the monitor's state.
    ///
    /// # Errors
    ///
    /// The database cannot be opened, belongs to another rule book, or holds a fact that
    /// no longer reads.
    pub fn open(data: Data, db: &Path, fixed_as_of: Option<NaiveDate>) -> Result<Self, OpenError> {
        let store = Store::open(db, &data.fingerprint)?;
        let period = data.period();
        let mut sums = Aggregates::new(Granularity::Whole);
        let bad = |f: &StoredFact, why: &str| {
            OpenError(format!(
                "{}: a stored fact (unit {}, data point {}, line {}) {why}",
                db.display(),
                f.unit,
                f.datapoint,
                f.line
            ))
        };
        let facts = store.replay(|f: StoredFact| {
            let date = Period::parse_date(&f.date).ok_or_else(|| bad(&f, "has no valid date"))?;
            let value = scorecard::facts::parse_decimal(&f.value)
                .map_err(|_| bad(&f, "has no valid value"))?;
            if !period.contains(date) {
                return Err(bad(&f, "is outside the period"));
            }
            sums.add(&Fact::new(
                f.unit.as_str().into(),
                f.datapoint.as_str().into(),
                date,
                value,
            ))
            .map_err(|e| bad(&f, &format!("cannot be added: {e}")))
        })?;
        let live = LiveEvaluation::with_sums(data.assessment.clone(), &sums.all())
            .map_err(|e| OpenError(format!("the replayed facts do not evaluate: {e}")))?;
        let monitor = match store.monitor()? {
            None => Monitor::new(),
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| OpenError(format!("{}: the monitor's state: {e}", db.display())))?,
        };
        let version = store.batches()?;
        let core = Core {
            live,
            version,
            facts,
        };
        let snapshot = Arc::new(snapshot(&data, &core));
        let (pushes, _) = broadcast::channel(1024);
        let validator = Validator::new(&data.dictionary, period);
        Ok(Self {
            data,
            live: tokio::sync::RwLock::new(core),
            writer: Mutex::new(WriterBox(Writer { store, monitor })),
            snapshot: RwLock::new(snapshot),
            pushes,
            wake: Notify::new(),
            closing: tokio::sync::watch::channel(false).0,
            fixed_as_of,
            db_path: db.to_path_buf(),
            validator,
        })
    }

    /// The as-of date of alerts and cards: `--as-of`, else today by the clock.
    pub fn as_of(&self) -> NaiveDate {
        self.fixed_as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// The ranking of the last commit.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn publish(&self, s: Snapshot) {
        *self
            .snapshot
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(s);
    }

    /// Takes one batch: checks it, applies it to the live evaluation, commits it with
    /// its events, publishes the new ranking and pushes. Blocking: call it from a
    /// blocking thread.
    pub fn ingest(&self, body: &[u8], key: Option<&str>) -> Outcome {
        let checked = match intake::check(body, &self.validator) {
            Ok(c) => c,
            Err(m) => return Outcome::Malformed(m),
        };
        let sha = hex(&Sha256::digest(body));
        let mut writer = lock(&self.writer);
        let w = &mut writer.0;
        if let Some(k) = key {
            match w.store.find(k) {
                Err(e) => return Outcome::Failed(e.0),
                Ok(Some(known)) if known.body_sha256 == sha => {
                    return Outcome::Done {
                        answer: known.answer,
                        replayed: true,
                    };
                }
                Ok(Some(_)) => return Outcome::KeyReused,
                Ok(None) => {}
            }
        }
        let mut core = self.live.blocking_write();
        let was = match apply(&mut core.live, &checked.accepted) {
            Ok(was) => was,
            Err((line, error)) => return Outcome::Refused { line, error },
        };
        let previous = self.snapshot();
        let mut monitor = w.monitor.clone();
        let events = match self.settle(
            &core.live,
            Some(&previous.rows),
            core.version + 1,
            &mut monitor,
        ) {
            Ok(e) => e,
            Err(e) => {
                let _ = restore(&mut core.live, &was);
                return Outcome::Failed(format!("events: {e}"));
            }
        };
        let facts: Vec<StoredFact> = checked
            .accepted
            .iter()
            .map(|(line, f)| StoredFact {
                line: *line,
                unit: f.unit.to_string(),
                datapoint: f.datapoint.to_string(),
                date: f.date.format("%Y-%m-%d").to_string(),
                value: f.value.to_string(),
            })
            .collect();
        let rejected: Vec<StoredReject> = checked
            .rejected
            .iter()
            .map(|r| StoredReject {
                line: r.line,
                reason: r.reason.to_string(),
                record: r.record.clone(),
            })
            .collect();
        let answer = serde_json::json!({
            "accepted": facts.len(),
            "rejected": rejected.len(),
            "out_of_period": checked.out_of_period,
            "rejected_lines": rejected.iter().map(|r| serde_json::json!({
                "line": r.line, "reason": r.reason,
            })).collect::<Vec<_>>(),
        })
        .to_string();
        let batch = NewBatch {
            key,
            body_sha256: sha,
            received: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            facts: &facts,
            rejected: &rejected,
            out_of_period: checked.out_of_period,
            answer: answer.clone(),
        };
        let state = (monitor != w.monitor).then(|| serde_json::to_string(&monitor));
        let state = match state.transpose() {
            Ok(s) => s,
            Err(e) => {
                let _ = restore(&mut core.live, &was);
                return Outcome::Failed(format!("the monitor's state: {e}"));
            }
        };
        let ids = match w
            .store
            .commit(Some(&batch), state.as_deref(), &events, now_ms())
        {
            Ok((_, ids)) => ids,
            Err(e) => {
                // nothing was written: the evaluation goes back to what the database holds
                if let Err(r) = restore(&mut core.live, &was) {
                    return Outcome::Failed(format!("{e}; and the evaluation: {r}"));
                }
                return Outcome::Failed(e.0);
            }
        };
        w.monitor = monitor;
        core.version += 1;
        core.facts += facts.len() as u64;
        self.publish(snapshot(&self.data, &core));
        let version = core.version;
        drop(core);
        drop(writer);
        self.push_all(version, events, ids);
        Outcome::Done {
            answer,
            replayed: false,
        }
    }

    /// Re-checks alerts and cards at today's as-of date (the cards change with the date,
    /// not only with facts) and commits what the monitor sends. Blocking.
    ///
    /// # Errors
    ///
    /// The library's or the database's error.
    pub fn tick(&self) -> Result<usize, String> {
        let mut writer = lock(&self.writer);
        let w = &mut writer.0;
        let core = self.live.blocking_read();
        let mut monitor = w.monitor.clone();
        let events = self
            .settle(&core.live, None, core.version, &mut monitor)
            .map_err(|e| e.to_string())?;
        if monitor == w.monitor && events.is_empty() {
            return Ok(0);
        }
        let state = serde_json::to_string(&monitor).map_err(|e| e.to_string())?;
        let (_, ids) = w
            .store
            .commit(None, Some(&state), &events, now_ms())
            .map_err(|e| e.0)?;
        w.monitor = monitor;
        let n = events.len();
        drop(core);
        drop(writer);
        self.push_all(0, events, ids);
        Ok(n)
    }

    fn push_all(&self, version: u64, events: Vec<NewEvent>, ids: Vec<i64>) {
        let deliveries = events.iter().any(|e| !e.webhooks.is_empty());
        for (e, id) in events.into_iter().zip(ids) {
            let _ = self.pushes.send(Arc::new(Push::Event(PushedEvent {
                id,
                kind: e.kind,
                key: e.key,
                unit: e.unit,
                zh: e.zh,
                en: e.en,
                payload: e.payload,
            })));
        }
        if version > 0 {
            let _ = self.pushes.send(Arc::new(Push::Update { version }));
        }
        if deliveries {
            self.wake.notify_one();
        }
    }

    /// The events of the evaluation now: cards and alerts through the monitor (each
    /// once), the list changes since `previous`, and after the period the lists.
    fn settle(
        &self,
        live: &LiveEvaluation,
        previous: Option<&[RankRow]>,
        version: u64,
        monitor: &mut Monitor,
    ) -> scorecard::Result<Vec<NewEvent>> {
        let as_of = self.as_of();
        let w = &self.data.warnings;
        let sink = Outbox {
            app: self,
            rows: Mutex::new(Vec::new()),
        };
        let evaluation = live.evaluation();
        if !w.items.is_empty() {
            monitor.reminders(reminders(&w.items, &w.cards, as_of)?, &sink);
        }
        if !w.risk.rules().is_empty() {
            let alerts = w
                .risk
                .check_evaluation(live.assessment(), evaluation, as_of, &Nobody)?;
            monitor.alerts(alerts, as_of, &sink);
        }
        let period = self.data.period();
        if as_of > period.end() {
            monitor.lists(evaluation, period, &sink);
        }
        let mut out = std::mem::take(&mut *lock(&sink.rows));
        if let Some(previous) = previous {
            let before: BTreeMap<&str, &Vec<String>> = previous
                .iter()
                .map(|r| (r.unit_id.as_str(), &r.lists))
                .collect();
            for u in &evaluation.units {
                let was = before.get(u.unit.as_str()).map_or(&[][..], |l| &l[..]);
                if was == &u.lists[..] {
                    continue;
                }
                let change = ListChange {
                    key: format!("list/{version}/{}", u.unit),
                    unit: u.unit.to_string(),
                    group: u.group.to_string(),
                    before: was.to_vec(),
                    after: u.lists.clone(),
                    rank: u.rank.normalize().to_string(),
                    group_size: u.group_size,
                    adjusted_total: scorecard::fixed(
                        u.adjusted_total,
                        2,
                        scorecard::Rounding::HalfUp,
                    ),
                };
                let (zh, en) = change.message();
                out.push(NewEvent {
                    kind: "list_changed".into(),
                    key: change.key.clone(),
                    unit: Some(change.unit.clone()),
                    zh,
                    en,
                    payload: serde_json::to_string(&change).unwrap_or_default(),
                    webhooks: self.hooks_for("list_changed"),
                });
            }
        }
        Ok(out)
    }

    fn hooks_for(&self, kind: &str) -> Vec<String> {
        self.data
            .webhooks
            .hooks
            .iter()
            .filter(|h| h.events.contains(kind))
            .map(|h| h.name.clone())
            .collect()
    }

    fn event(&self, e: &Event) -> NewEvent {
        let (kind, unit) = match e {
            Event::Reminder(r) => ("reminder", r.unit.to_string()),
            Event::Raised(a) => ("raised", a.unit.to_string()),
            Event::Cleared(c) => ("cleared", c.alert.unit.to_string()),
            Event::Listed(l) => ("listed", l.unit.to_string()),
        };
        let message = e.message();
        NewEvent {
            kind: kind.into(),
            key: e.key().to_owned(),
            unit: Some(unit),
            zh: message.zh,
            en: message.en,
            payload: serde_json::to_string(e).unwrap_or_default(),
            webhooks: self.hooks_for(kind),
        }
    }
}

fn snapshot(data: &Data, core: &Core) -> Snapshot {
    let rows = rank_rows(&data.assessment, core.live.evaluation());
    let period = data.period();
    let full = serde_json::to_vec(&Ranking {
        version: core.version,
        facts: core.facts,
        period: [period.start().to_string(), period.end().to_string()],
        units: &rows,
    })
    .unwrap_or_default();
    Snapshot {
        version: core.version,
        facts: core.facts,
        rows,
        full: Bytes::from(full),
    }
}
