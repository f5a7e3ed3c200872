//! The database: SQLite through rusqlite, one file, WAL mode, `synchronous = FULL`.
//!
//! Every batch of facts is one transaction: the batch (its idempotency key, the SHA-256
//! of its body and the answer given), its accepted facts, its rejected lines, the
//! monitor's state after it and the events it raised with one delivery row per
//! webhook. The service answers only after the commit, so an answer is a promise that
//! survives `kill -9` and, with `synchronous = FULL`, a power cut (WAL commits are
//! synced before the answer). On start the service replays the facts in commit order
//! (`seq`), so it rebuilds the same evaluation.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Transaction, params};

/// The schema version this service writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE batch (
    id              INTEGER PRIMARY KEY,
    idempotency_key TEXT UNIQUE,
    body_sha256     TEXT NOT NULL,
    received        TEXT NOT NULL,
    accepted        INTEGER NOT NULL,
    rejected        INTEGER NOT NULL,
    out_of_period   INTEGER NOT NULL,
    answer          TEXT NOT NULL
);
CREATE TABLE fact (
    seq       INTEGER PRIMARY KEY,
    batch     INTEGER NOT NULL REFERENCES batch(id),
    line      INTEGER NOT NULL,
    unit      TEXT NOT NULL,
    datapoint TEXT NOT NULL,
    date      TEXT NOT NULL,
    value     TEXT NOT NULL
);
CREATE TABLE rejected (
    batch  INTEGER NOT NULL REFERENCES batch(id),
    line   INTEGER NOT NULL,
    reason TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (batch, line)
) WITHOUT ROWID;
CREATE TABLE monitor (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    state TEXT NOT NULL
);
CREATE TABLE event (
    id         INTEGER PRIMARY KEY,
    batch      INTEGER REFERENCES batch(id),
    kind       TEXT NOT NULL,
    key        TEXT NOT NULL,
    unit       TEXT,
    message_zh TEXT NOT NULL,
    message_en TEXT NOT NULL,
    payload    TEXT NOT NULL
);
CREATE TABLE delivery (
    event      INTEGER NOT NULL REFERENCES event(id),
    webhook    TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at_ms INTEGER NOT NULL,
    last_error TEXT,
    PRIMARY KEY (event, webhook)
) WITHOUT ROWID;
CREATE INDEX delivery_due ON delivery (state, next_at_ms);
";

/// A database error, with what was being done.
#[derive(Debug)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

fn err(what: &str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| StoreError(format!("{what}: {e}"))
}

/// Opens a connection with the service's settings: WAL, `synchronous = FULL`, foreign
/// keys on, and a 5 s busy timeout (the webhook worker writes through a connection of
/// its own).
///
/// # Errors
///
/// When the file cannot be opened or the settings cannot be applied.
pub fn connect(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)
        .map_err(|e| StoreError(format!("cannot open {}: {e}", path.display())))?;
    conn.busy_timeout(Duration::from_secs(5))
        .map_err(err("busy timeout"))?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .map_err(err("journal_mode"))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError(format!(
            "{}: the database cannot use WAL mode (it reports {mode})",
            path.display()
        )));
    }
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
        .map_err(err("pragmas"))?;
    Ok(conn)
}

/// One accepted fact as it is stored (the value as written, so its places survive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFact {
    /// The line of the batch's body.
    pub line: u64,
    /// The unit.
    pub unit: String,
    /// The data point.
    pub datapoint: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The value, as the decimal's text.
    pub value: String,
}

/// One rejected line as it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReject {
    /// The line of the batch's body.
    pub line: u64,
    /// Why.
    pub reason: String,
    /// The line itself (at most 256 bytes).
    pub record: String,
}

/// One event to store, with the webhooks it goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// `reminder`, `raised`, `cleared`, `listed` or `list_changed`.
    pub kind: String,
    /// Its dedup key.
    pub key: String,
    /// The unit it concerns.
    pub unit: Option<String>,
    /// The message in Chinese.
    pub zh: String,
    /// The message in English.
    pub en: String,
    /// The event as JSON.
    pub payload: String,
    /// The webhooks that take it.
    pub webhooks: Vec<String>,
}

/// What one batch writes.
#[derive(Debug, Clone, Default)]
pub struct NewBatch<'a> {
    /// The idempotency key, if the client sent one.
    pub key: Option<&'a str>,
    /// SHA-256 of the body, hexadecimal.
    pub body_sha256: String,
    /// When it was received (RFC 3339).
    pub received: String,
    /// The accepted facts.
    pub facts: &'a [StoredFact],
    /// The rejected lines.
    pub rejected: &'a [StoredReject],
    /// The count of valid lines outside the period.
    pub out_of_period: u64,
    /// The answer (JSON) given to the client, and to its retries.
    pub answer: String,
}

/// The writer's connection.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

/// A batch found by its idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// SHA-256 of its body.
    pub body_sha256: String,
    /// The answer given.
    pub answer: String,
}

impl Store {
    /// Opens (creating when absent) the database at `path` for the rule book with
    /// `fingerprint`.
    ///
    /// # Errors
    ///
    /// The file cannot be opened or created; it was written by a newer schema; it
    /// belongs to another rule book.
    pub fn open(path: &Path, fingerprint: &str) -> Result<Self, StoreError> {
        let mut conn = connect(path)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(err("user_version"))?;
        match version {
            0 => {
                let tx = conn.transaction().map_err(err("create the schema"))?;
                let tables: i64 = tx
                    .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                    .map_err(err("read the schema"))?;
                if tables != 0 {
                    return Err(StoreError(format!(
                        "{}: a database of something else (tables, and no schema version)",
                        path.display()
                    )));
                }
                tx.execute_batch(SCHEMA).map_err(err("create the schema"))?;
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES ('rule_book_sha256', ?1)",
                    [fingerprint],
                )
                .map_err(err("create the schema"))?;
                tx.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))
                    .map_err(err("create the schema"))?;
                tx.commit().map_err(err("create the schema"))?;
            }
            SCHEMA_VERSION => {
                let theirs: Option<String> = conn
                    .query_row(
                        "SELECT value FROM meta WHERE key = 'rule_book_sha256'",
                        [],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(err("read meta"))?;
                if theirs.as_deref() != Some(fingerprint) {
                    return Err(StoreError(format!(
                        "{} holds the facts of another rule book (indicators.json, units.csv \
                         or targets.csv changed): start with a new database, or the rule book \
                         it was made with",
                        path.display()
                    )));
                }
            }
            v => {
                return Err(StoreError(format!(
                    "{}: schema version {v}, this service knows {SCHEMA_VERSION}",
                    path.display()
                )));
            }
        }
        Ok(Self { conn })
    }

    /// The batch committed under `key`, if any.
    ///
    /// # Errors
    ///
    /// A database error.
    pub fn find(&self, key: &str) -> Result<Option<Known>, StoreError> {
        self.conn
            .query_row(
                "SELECT body_sha256, answer FROM batch WHERE idempotency_key = ?1",
                [key],
                |r| {
                    Ok(Known {
                        body_sha256: r.get(0)?,
                        answer: r.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(err("look up the idempotency key"))
    }

    /// Every stored fact in commit order.
    ///
    /// # Errors
    ///
    /// A database error, or what `each` returns.
    pub fn replay<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(StoredFact) -> Result<(), E>,
    ) -> Result<u64, E> {
        let mut stmt = self
            .conn
            .prepare("SELECT line, unit, datapoint, date, value FROM fact ORDER BY seq")
            .map_err(err("replay"))?;
        let mut rows = stmt.query([]).map_err(err("replay"))?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(err("replay"))? {
            let fact = (|| {
                Ok::<_, rusqlite::Error>(StoredFact {
                    line: r.get::<_, i64>(0)?.try_into().unwrap_or(0),
                    unit: r.get(1)?,
                    datapoint: r.get(2)?,
                    date: r.get(3)?,
                    value: r.get(4)?,
                })
            })()
            .map_err(err("replay"))?;
            each(fact)?;
            n += 1;
        }
        Ok(n)
    }

    /// The monitor's saved state (JSON), if any.
    ///
    /// # Errors
    ///
    /// A database error.
    pub fn monitor(&self) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT state FROM monitor WHERE id = 1", [], |r| r.get(0))
            .optional()
            .map_err(err("read the monitor"))
    }

    /// The number of committed batches (the ranking's version).
    ///
    /// # Errors
    ///
    /// A database error.
    pub fn batches(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM batch", [], |r| r.get(0))
            .map_err(err("count batches"))?;
        Ok(n.try_into().unwrap_or(0))
    }

    /// Commits a batch (if any), the monitor's state (if changed) and the events, in
    /// one transaction. Returns the batch's id and the events' ids.
    ///
    /// # Errors
    ///
    /// A database error; nothing is written then.
    pub fn commit(
        &mut self,
        batch: Option<&NewBatch<'_>>,
        monitor: Option<&str>,
        events: &[NewEvent],
        now_ms: i64,
    ) -> Result<(Option<i64>, Vec<i64>), StoreError> {
        let tx = self
            .conn
            .transaction()
            .map_err(err("begin the transaction"))?;
        let id = match batch {
            Some(b) => Some(insert_batch(&tx, b)?),
            None => None,
        };
        if let Some(state) = monitor {
            tx.execute(
                "INSERT INTO monitor (id, state) VALUES (1, ?1)
                 ON CONFLICT (id) DO UPDATE SET state = excluded.state",
                [state],
            )
            .map_err(err("save the monitor"))?;
        }
        let mut ids = Vec::with_capacity(events.len());
        {
            let mut ev = tx
                .prepare_cached(
                    "INSERT INTO event (batch, kind, key, unit, message_zh, message_en, payload)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(err("save events"))?;
            let mut del = tx
                .prepare_cached(
                    "INSERT INTO delivery (event, webhook, state, next_at_ms)
                     VALUES (?1, ?2, 'pending', ?3)",
                )
                .map_err(err("save deliveries"))?;
            for e in events {
                ev.execute(params![id, e.kind, e.key, e.unit, e.zh, e.en, e.payload])
                    .map_err(err("save events"))?;
                let event = tx.last_insert_rowid();
                for w in &e.webhooks {
                    del.execute(params![event, w, now_ms])
                        .map_err(err("save deliveries"))?;
                }
                ids.push(event);
            }
        }
        tx.commit().map_err(err("commit"))?;
        Ok((id, ids))
    }
}

fn insert_batch(tx: &Transaction<'_>, b: &NewBatch<'_>) -> Result<i64, StoreError> {
    tx.execute(
        "INSERT INTO batch (idempotency_key, body_sha256, received, accepted, rejected,
                            out_of_period, answer)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            b.key,
            b.body_sha256,
            b.received,
            b.facts.len() as i64,
            b.rejected.len() as i64,
            i64::try_from(b.out_of_period).unwrap_or(i64::MAX),
            b.answer
        ],
    )
    .map_err(err("save the batch"))?;
    let id = tx.last_insert_rowid();
    let mut f = tx
        .prepare_cached(
            "INSERT INTO fact (batch, line, unit, datapoint, date, value)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .map_err(err("save facts"))?;
    for x in b.facts {
        f.execute(params![
            id,
            i64::try_from(x.line).unwrap_or(i64::MAX),
            x.unit,
            x.datapoint,
            x.date,
            x.value
        ])
        .map_err(err("save facts"))?;
    }
    let mut r = tx
        .prepare_cached(
            "INSERT INTO rejected (batch, line, reason, record) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(err("save rejected lines"))?;
    for x in b.rejected {
        r.execute(params![
            id,
            i64::try_from(x.line).unwrap_or(i64::MAX),
            x.reason,
            x.record
        ])
        .map_err(err("save rejected lines"))?;
    }
    Ok(id)
}
