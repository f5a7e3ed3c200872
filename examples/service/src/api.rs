//! The HTTP API (axum): routes, the token check, and the answers.
//!
//! Errors are JSON `{"error": …}`; a 401 or 403 says only that, never a unit, a name or
//! a figure.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::Stream;
use scorecard::UnitId;
use scorecard::analysis::{HealthCheck, Lang, ReportInput, render_html};
use scorecard::audit::ScopedView;
use serde::Deserialize;
use tokio::sync::broadcast;

use crate::auth::{Access, authenticate};
use crate::engine::{App, Outcome, Push, PushedEvent};
use crate::intake::valid_key;
use crate::views::{Ranking, unit_view};

/// The service's routes over `app`, with request bodies limited to `body_limit` bytes.
pub fn router(app: Arc<App>, body_limit: usize) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/health", get(health))
        .route("/facts", post(post_facts))
        .route("/ranking", get(ranking))
        .route("/units/{id}", get(unit))
        .route("/units/{id}/report", get(report))
        .route("/events", get(events))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(app)
}

/// A JSON error answer.
pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(serde_json::json!({ "error": message.into() }))).into_response()
}

fn unauthorized() -> Response {
    let mut r = error(StatusCode::UNAUTHORIZED, "unauthorized");
    r.headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    r
}

fn forbidden() -> Response {
    error(StatusCode::FORBIDDEN, "forbidden")
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not found")
}

/// The access of an authenticated request; a 401 otherwise (before any body is read).
pub struct Who(pub Access);

impl FromRequestParts<Arc<App>> for Who {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Response> {
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .map(HeaderValue::as_bytes);
        authenticate(app.data.tokens.as_ref(), header)
            .map(Who)
            .ok_or_else(unauthorized)
    }
}

/// A request that may read; a 401 or 403 otherwise.
pub struct Reader(pub Access);

impl FromRequestParts<Arc<App>> for Reader {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Response> {
        let Who(access) = Who::from_request_parts(parts, app).await?;
        if access.reads() {
            Ok(Reader(access))
        } else {
            Err(forbidden())
        }
    }
}

/// A request that may post facts; a 401 or 403 otherwise.
pub struct Writer;

impl FromRequestParts<Arc<App>> for Writer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Response> {
        let Who(access) = Who::from_request_parts(parts, app).await?;
        if access.writes() {
            Ok(Writer)
        } else {
            Err(forbidden())
        }
    }
}

async fn page() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
                 connect-src 'self'; img-src data:",
            ),
        ],
        crate::page::PAGE,
    )
        .into_response()
}

async fn health() -> Response {
    Json(serde_json::json!({ "status": "ok" })).into_response()
}

async fn post_facts(
    State(app): State<Arc<App>>,
    _: Writer,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "the body is larger than the service's limit (--body-limit): send the facts in smaller batches",
            );
        }
        Err(r) => return error(r.status(), "the body cannot be read"),
    };
    let key = match headers.get("idempotency-key") {
        None => None,
        Some(v) => match v.to_str() {
            Ok(k) if valid_key(k) => Some(k.to_owned()),
            _ => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "Idempotency-Key must be 1 to 128 visible ASCII characters",
                );
            }
        },
    };
    let outcome = {
        let app = app.clone();
        tokio::task::spawn_blocking(move || app.ingest(&body, key.as_deref())).await
    };
    match outcome {
        Ok(Outcome::Done { answer, replayed }) => {
            let mut r = (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                answer,
            )
                .into_response();
            if replayed {
                r.headers_mut()
                    .insert("idempotent-replayed", HeaderValue::from_static("true"));
            }
            r
        }
        Ok(Outcome::Malformed(m)) => (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({ "error": m.to_string(), "line": m.line })),
        )
            .into_response(),
        Ok(Outcome::KeyReused) => error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "this Idempotency-Key was used before with another body",
        ),
        Ok(Outcome::Refused { line, error: e }) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(serde_json::json!({
                "error": format!("line {line}: {e}; nothing of the batch was taken"),
                "line": line,
                "unit": e.unit().map(|u| u.to_string()),
                "indicator": e.indicator().map(|i| i.to_string()),
            })),
        )
            .into_response(),
        Ok(Outcome::Failed(why)) => {
            eprintln!("scorecard-service: a batch failed: {why}");
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the batch could not be stored; nothing of it was taken",
            )
        }
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the batch could not be taken",
        ),
    }
}

async fn ranking(State(app): State<Arc<App>>, Reader(access): Reader) -> Response {
    let s = app.snapshot();
    if access.reads_all() {
        return ([(header::CONTENT_TYPE, "application/json")], s.full.clone()).into_response();
    }
    let rows: Vec<_> = s
        .rows
        .iter()
        .map(|r| {
            if access.sees(&r.unit_id) {
                r.clone()
            } else {
                r.published()
            }
        })
        .collect();
    let period = app.data.period();
    Json(Ranking {
        version: s.version,
        facts: s.facts,
        period: [period.start().to_string(), period.end().to_string()],
        units: &rows,
    })
    .into_response()
}

/// Runs `f` on the live evaluation under its read lock, on a blocking thread.
async fn with_core<T: Send + 'static>(
    app: &Arc<App>,
    f: impl FnOnce(&App, &crate::engine::Core) -> T + Send + 'static,
) -> Option<T> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || {
        let core = app.live.blocking_read();
        f(&app, &core)
    })
    .await
    .ok()
}

/// The scope check of `/units/{id}…`: 403 outside a unit token's scope (whether or not
/// the unit exists), 404 for an unknown unit otherwise.
fn check_unit(app: &App, access: &Access, id: &str) -> Result<UnitId, Box<Response>> {
    if !access.sees(id) {
        return Err(Box::new(forbidden()));
    }
    let unit = UnitId::from(id);
    if app.data.assessment.unit(&unit).is_none() {
        return Err(Box::new(error(StatusCode::NOT_FOUND, "no such unit")));
    }
    Ok(unit)
}

async fn unit(
    State(app): State<Arc<App>>,
    Reader(access): Reader,
    Path(id): Path<String>,
) -> Response {
    let unit = match check_unit(&app, &access, &id) {
        Ok(u) => u,
        Err(r) => return *r,
    };
    let answer = with_core(&app, move |app, core| {
        let a = &app.data.assessment;
        let e = core.live.evaluation();
        if let Access::Unit { unit: me, below } = &access {
            // the library's scoped view decides what a unit may see
            let sums = core.live.sums();
            let view = ScopedView::new(a, e, &sums, me.clone(), below.iter().cloned())?;
            view.result(&unit)?;
        }
        unit_view(a, e, &unit, core.version)
    })
    .await;
    match answer {
        Some(Ok(v)) => Json(v).into_response(),
        Some(Err(e)) if e.is_out_of_scope() => forbidden(),
        Some(Err(e)) => {
            eprintln!("scorecard-service: unit view: {e}");
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the unit cannot be shown",
            )
        }
        None => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the unit cannot be shown",
        ),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportQuery {
    #[serde(default)]
    lang: Option<String>,
}

async fn report(
    State(app): State<Arc<App>>,
    Reader(access): Reader,
    Path(id): Path<String>,
    query: Result<Query<ReportQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let unit = match check_unit(&app, &access, &id) {
        Ok(u) => u,
        Err(r) => return *r,
    };
    let lang = match query.as_ref().map(|q| q.lang.as_deref()) {
        Ok(None | Some("zh")) => Lang::Zh,
        Ok(Some("en")) => Lang::En,
        _ => {
            return error(
                StatusCode::BAD_REQUEST,
                "the query takes only lang=zh or lang=en",
            );
        }
    };
    let html = with_core(&app, move |app, core| {
        let a = &app.data.assessment;
        let e = core.live.evaluation();
        let sums = core.live.sums();
        if let Access::Unit { unit: me, below } = &access {
            let view = ScopedView::new(a, e, &sums, me.clone(), below.iter().cloned())?;
            view.result(&unit)?;
        }
        let period = a.scheme().period;
        let label = format!("{} – {}", period.start(), period.end());
        let input = ReportInput {
            assessment: a,
            targets: &app.data.targets,
            sums: &sums,
            evaluation: e,
            period: &label,
            history: &[],
            tolerated: None,
            weakest: 5,
        };
        HealthCheck::build(&input, &unit).map(|r| render_html(&r, lang))
    })
    .await;
    match html {
        Some(Ok(h)) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], h).into_response(),
        Some(Err(e)) if e.is_out_of_scope() => forbidden(),
        Some(Err(e)) => {
            eprintln!("scorecard-service: report: {e}");
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the report cannot be built",
            )
        }
        None => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the report cannot be built",
        ),
    }
}

/// What one stream still has to send before it follows the live pushes.
struct Stream_ {
    app: Arc<App>,
    access: Access,
    rx: broadcast::Receiver<Arc<Push>>,
    closing: tokio::sync::watch::Receiver<bool>,
    backlog: std::collections::VecDeque<SseEvent>,
    last_id: i64,
}

fn sse_of(e: &PushedEvent) -> SseEvent {
    SseEvent::default()
        .event(e.kind.as_str())
        .id(e.id.to_string())
        .data(e.json())
}

fn visible(access: &Access, e: &PushedEvent) -> bool {
    access.reads_all() || e.unit.as_deref().is_some_and(|u| access.sees(u))
}

async fn events(
    State(app): State<Arc<App>>,
    Reader(access): Reader,
    headers: HeaderMap,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    let rx = app.pushes.subscribe();
    let closing = app.closing.subscribe();
    let after: Option<i64> = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|s| s.parse().ok());
    let mut backlog = std::collections::VecDeque::new();
    let version = app.snapshot().version;
    backlog.push_back(
        SseEvent::default()
            .event("hello")
            .data(serde_json::json!({ "version": version }).to_string()),
    );
    // a reconnecting stream gets what it missed, a new one the last 20 events
    let app2 = app.clone();
    let missed = tokio::task::spawn_blocking(move || {
        crate::push::backlog(&app2, after, if after.is_some() { 1000 } else { 20 })
    })
    .await
    .ok()
    .and_then(Result::ok)
    .unwrap_or_default();
    for e in missed.iter().filter(|e| visible(&access, e)) {
        backlog.push_back(sse_of(e));
    }
    let last_id = missed.last().map_or(after.unwrap_or(0), |e| e.id);
    let state = Stream_ {
        app,
        access,
        rx,
        closing,
        backlog,
        last_id,
    };
    let stream = futures_util::stream::unfold(state, |mut s| async move {
        if let Some(e) = s.backlog.pop_front() {
            return Some((Ok(e), s));
        }
        loop {
            let push = tokio::select! {
                _ = s.closing.changed() => return None,
                p = s.rx.recv() => p,
            };
            match push {
                Ok(p) => match &*p {
                    Push::Update { version } => {
                        let e = SseEvent::default()
                            .event("update")
                            .data(serde_json::json!({ "version": version }).to_string());
                        return Some((Ok(e), s));
                    }
                    Push::Event(e) if e.id > s.last_id && visible(&s.access, e) => {
                        s.last_id = e.id;
                        return Some((Ok(sse_of(e)), s));
                    }
                    Push::Event(_) => {}
                },
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    // too slow to follow: the client refetches what it shows
                    let version = s.app.snapshot().version;
                    let e = SseEvent::default()
                        .event("resync")
                        .data(serde_json::json!({ "version": version }).to_string());
                    return Some((Ok(e), s));
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
