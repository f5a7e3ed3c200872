//! Pushes out of the database: the webhook worker, and the events a reconnecting stream
//! missed.
//!
//! Events are raised once (the monitor's keys, saved with the batch that raised them)
//! and written to the `event` table with one `delivery` row per webhook in the same
//! transaction. The worker, a task of its own, posts the pending deliveries and marks
//! them done, or retries with a doubling delay up to `retry.max_attempts` and then marks
//! them failed. Fact intake never waits for it: it only wakes it. A crash between a post
//! and its mark sends that event again after the restart, so a receiver dedupes by the
//! event's `id` (header `X-Scorecard-Event-Id`) or `key`.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::Request;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use rusqlite::{Connection, params};

use crate::config::Webhook;
use crate::engine::{App, PushedEvent, now_ms};
use crate::store::{StoreError, connect};

/// The events a stream sends before the live ones, by id: those stored after `after`
/// (a reconnecting stream's `Last-Event-ID`), at most `limit`; or, for a new stream
/// (`after` = `None`), the last `limit` stored.
///
/// # Errors
///
/// A database error.
pub fn backlog(app: &App, after: Option<i64>, limit: u32) -> Result<Vec<PushedEvent>, StoreError> {
    let conn = connect(&app.db_path)?;
    let sql = match after {
        Some(_) => {
            "SELECT id, kind, key, unit, message_zh, message_en, payload FROM event
             WHERE id > ?1 ORDER BY id LIMIT ?2"
        }
        None => {
            "SELECT * FROM (SELECT id, kind, key, unit, message_zh, message_en, payload
             FROM event WHERE id > ?1 ORDER BY id DESC LIMIT ?2) ORDER BY id"
        }
    };
    let mut stmt = conn
        .prepare(sql)
        .map_err(|e| StoreError(format!("events: {e}")))?;
    let rows = stmt
        .query_map(params![after.unwrap_or(0), limit], |r| {
            Ok(PushedEvent {
                id: r.get(0)?,
                kind: r.get(1)?,
                key: r.get(2)?,
                unit: r.get(3)?,
                zh: r.get(4)?,
                en: r.get(5)?,
                payload: r.get(6)?,
            })
        })
        .map_err(|e| StoreError(format!("events: {e}")))?;
    rows.collect::<Result<Vec<_>, _>>()
        .map_err(|e| StoreError(format!("events: {e}")))
}

struct Due {
    event: PushedEvent,
    webhook: String,
    attempts: u32,
}

fn due(conn: &Connection, now: i64) -> rusqlite::Result<Vec<Due>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.kind, e.key, e.unit, e.message_zh, e.message_en, e.payload,
                d.webhook, d.attempts
         FROM delivery d JOIN event e ON e.id = d.event
         WHERE d.state = 'pending' AND d.next_at_ms <= ?1
         ORDER BY d.event LIMIT 64",
    )?;
    let rows = stmt.query_map([now], |r| {
        Ok(Due {
            event: PushedEvent {
                id: r.get(0)?,
                kind: r.get(1)?,
                key: r.get(2)?,
                unit: r.get(3)?,
                zh: r.get(4)?,
                en: r.get(5)?,
                payload: r.get(6)?,
            },
            webhook: r.get(7)?,
            attempts: r.get(8)?,
        })
    })?;
    rows.collect()
}

fn next_due(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT min(next_at_ms) FROM delivery WHERE state = 'pending'",
        [],
        |r| r.get(0),
    )
}

fn mark(
    conn: &Connection,
    d: &Due,
    state: &str,
    next_at: i64,
    error: Option<&str>,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE delivery SET state = ?1, attempts = ?2, next_at_ms = ?3, last_error = ?4
         WHERE event = ?5 AND webhook = ?6",
        params![state, d.attempts + 1, next_at, error, d.event.id, d.webhook],
    )?;
    Ok(())
}

async fn post(
    client: &Client<HttpConnector, Full<Bytes>>,
    hook: &Webhook,
    event: &PushedEvent,
    timeout: Duration,
) -> Result<(), String> {
    let mut req = Request::post(hook.url.clone())
        .header("content-type", "application/json")
        .header("x-scorecard-event-id", event.id.to_string())
        .header("x-scorecard-event-key", event.key.as_str());
    if let Some(a) = &hook.authorization {
        req = req.header("authorization", a.as_str());
    }
    let req = req
        .body(Full::new(Bytes::from(event.json())))
        .map_err(|e| format!("request: {e}"))?;
    match tokio::time::timeout(timeout, client.request(req)).await {
        Err(_) => Err("timed out".into()),
        Ok(Err(e)) => Err(format!("{e}")),
        Ok(Ok(resp)) if resp.status().is_success() => Ok(()),
        Ok(Ok(resp)) => Err(format!("answered {}", resp.status())),
    }
}

type Shared = Arc<std::sync::Mutex<Connection>>;

/// Runs `f` on the worker's connection on a blocking thread.
async fn blocking<T: Send + 'static>(
    conn: &Shared,
    f: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
) -> Result<T, String> {
    let conn = conn.clone();
    tokio::task::spawn_blocking(move || {
        let c = conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&c).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())
    .and_then(|r| r)
}

/// The webhook worker: runs until the service closes. Does nothing without webhooks.
pub async fn deliver(app: Arc<App>) {
    if app.data.webhooks.hooks.is_empty() {
        return;
    }
    let retry = app.data.webhooks.retry;
    let conn: Shared = match connect(&app.db_path) {
        Ok(c) => Arc::new(std::sync::Mutex::new(c)),
        Err(e) => {
            eprintln!("scorecard-service: webhooks stopped: {e}");
            return;
        }
    };
    let client: Client<HttpConnector, Full<Bytes>> =
        Client::builder(TokioExecutor::new()).build_http();
    let mut closing = app.closing.subscribe();
    loop {
        let now = now_ms();
        let batch = match blocking(&conn, move |c| due(c, now)).await {
            Ok(b) => b,
            Err(e) => {
                eprintln!("scorecard-service: webhooks: {e}");
                Vec::new()
            }
        };
        let busy = !batch.is_empty();
        for d in batch {
            let hook = app.data.webhooks.hooks.iter().find(|h| h.name == d.webhook);
            let result = match hook {
                Some(h) => {
                    post(
                        &client,
                        h,
                        &d.event,
                        Duration::from_millis(retry.timeout_ms),
                    )
                    .await
                }
                None => Err("no such webhook in webhooks.toml".into()),
            };
            let (state, next, error) = match result {
                Ok(()) => ("done", now_ms(), None),
                Err(e) if hook.is_none() || d.attempts + 1 >= retry.max_attempts => {
                    eprintln!(
                        "scorecard-service: webhook {} gave up on event {} after {} attempts: {e}",
                        d.webhook,
                        d.event.id,
                        d.attempts + 1
                    );
                    ("failed", now_ms(), Some(e))
                }
                Err(e) => {
                    let delay = i64::try_from(retry.delay_ms(d.attempts + 1)).unwrap_or(i64::MAX);
                    ("pending", now_ms().saturating_add(delay), Some(e))
                }
            };
            let r = blocking(&conn, move |c| mark(c, &d, state, next, error.as_deref())).await;
            if let Err(e) = r {
                // not marked: it is posted again after a pause (receivers dedupe by id)
                eprintln!("scorecard-service: webhooks: {e}");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
        if busy {
            continue;
        }
        let next = blocking(&conn, next_due).await.ok().flatten();
        let wait = next.map_or(60_000, |at| (at - now_ms()).clamp(10, 60_000));
        tokio::select! {
            _ = app.wake.notified() => {}
            _ = tokio::time::sleep(Duration::from_millis(u64::try_from(wait).unwrap_or(60_000))) => {}
            _ = closing.changed() => return,
        }
    }
}
