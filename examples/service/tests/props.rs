//! Properties of the router in-process: whatever the body, headers, method or path, the
//! service answers with a status and never panics (a panic in the intake thread would be
//! a 500, which no input here may cause); and a well-formed body's lines are each counted
//! once. `PROPTEST_CASES` raises the number of cases.

mod support;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, StatusCode};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use scorecard_service::{api, config, engine::App};
use support::{TempDir, small_book};
use tower::ServiceExt;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(96)
}

fn config() -> Config {
    Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    }
}

struct Rig {
    _data: TempDir,
    _db: TempDir,
    app: Arc<App>,
    rt: tokio::runtime::Runtime,
}

fn rig(tokens: bool) -> Rig {
    let book = small_book();
    let toml = format!(
        "[[token]]\nname = \"w\"\nsha256 = \"{}\"\nrole = \"writer\"\n\n\
         [[token]]\nname = \"a1\"\nsha256 = \"{}\"\nrole = \"unit\"\nunit = \"A1\"\n",
        support::sha256_hex("writer-token"),
        support::sha256_hex("a1-token")
    );
    let extra: Vec<(&str, &str)> = if tokens {
        vec![("tokens.toml", toml.as_str())]
    } else {
        Vec::new()
    };
    let data = book.write(&extra);
    let db = TempDir::new("db");
    let loaded = config::load(data.path()).expect("the data folder");
    let app = App::open(loaded, &db.path().join("p.db"), None).expect("the service opens");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    Rig {
        _data: data,
        _db: db,
        app: Arc::new(app),
        rt,
    }
}

impl Rig {
    fn send(&self, req: Request<Body>) -> (StatusCode, Vec<u8>) {
        let router = api::router(self.app.clone(), 64 * 1024);
        self.rt.block_on(async move {
            let resp = router.oneshot(req).await.expect("infallible");
            let status = resp.status();
            let stream = resp
                .headers()
                .get("content-type")
                .is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"));
            if stream {
                return (status, Vec::new()); // an event stream does not end
            }
            let body = axum::body::to_bytes(resp.into_body(), 1 << 24)
                .await
                .map(|b| b.to_vec())
                .unwrap_or_default();
            (status, body)
        })
    }
}

/// Lines made of the format's pieces, good and bad.
fn line() -> impl Strategy<Value = String> {
    let unit = prop::sample::select(vec!["A1", "A2", "B1", "B2", "X9", "", "a1", " A1"]);
    let dp = prop::sample::select(vec!["D1", "D2", "D3", "D4", "D9", ""]);
    let date = prop::sample::select(vec![
        "2026-01-15",
        "2026-12-31",
        "2025-12-31",
        "2026-02-30",
        "2026-2-3",
        "",
        "x",
    ]);
    let value = prop::sample::select(vec![
        "1",
        "80",
        "+007.10",
        "-0.5",
        "1.234",
        "1e3",
        "",
        "9999999999999999.99",
        ".5",
    ]);
    (unit, dp, date, value, 0_u8..10).prop_map(|(u, d, t, v, shape)| match shape {
        0 => format!("{u},{d},{t}"),
        1 => format!("{u},{d},{t},{v},extra"),
        _ => format!("{u},{d},{t},{v}"),
    })
}

#[test]
fn any_facts_body_gets_an_answer_and_well_formed_lines_are_counted_once() {
    let rig = rig(false);
    let bodies = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..400),
        (
            prop::collection::vec(line(), 0..40),
            any::<bool>(),
            any::<bool>()
        )
            .prop_map(|(lines, header, crlf)| {
                let end = if crlf { "\r\n" } else { "\n" };
                let mut b = String::new();
                if header {
                    b.push_str("unit_id,datapoint_id,date,value");
                    b.push_str(end);
                }
                for l in lines {
                    b.push_str(&l);
                    b.push_str(end);
                }
                b.into_bytes()
            }),
    ];
    let mut runner = TestRunner::new(config());
    runner
        .run(&bodies, |body| {
            let data_lines = {
                let text = String::from_utf8_lossy(&body);
                let text = text.strip_suffix('\n').unwrap_or(&text).to_owned();
                let n = if text.is_empty() {
                    0
                } else {
                    text.split('\n').count()
                };
                let first = text.split('\n').next().unwrap_or("");
                let header =
                    first.strip_suffix('\r').unwrap_or(first) == "unit_id,datapoint_id,date,value";
                n - usize::from(header)
            };
            let req = Request::post("/facts")
                .body(Body::from(body))
                .expect("a request");
            let (status, answer) = rig.send(req);
            prop_assert!(
                [200, 400, 422].contains(&status.as_u16()),
                "status {status}: {}",
                String::from_utf8_lossy(&answer)
            );
            let json: serde_json::Value =
                serde_json::from_slice(&answer).expect("every answer is JSON");
            if status == StatusCode::OK {
                let n = ["accepted", "rejected", "out_of_period"]
                    .iter()
                    .map(|k| json[k].as_u64().unwrap_or(u64::MAX))
                    .sum::<u64>();
                prop_assert_eq!(n, data_lines as u64);
            } else if status == StatusCode::BAD_REQUEST {
                prop_assert!(json["line"].as_u64().is_some(), "a 400 names the line");
            }
            Ok(())
        })
        .expect("the property holds");
}

#[test]
fn any_request_to_the_router_gets_a_status_and_refusals_leak_nothing() {
    let rig = rig(true);
    let method = prop::sample::select(vec![
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::HEAD,
        Method::OPTIONS,
    ]);
    let path = prop_oneof![
        prop::sample::select(vec![
            "/",
            "/health",
            "/facts",
            "/ranking",
            "/units/A1",
            "/units/A2",
            "/units/B1/report",
            "/units/ZZ",
            "/units/A1/report?lang=en",
            "/units/A1/report?lang=xx",
            "/units/",
            "/units/%FF",
            "/events?x=1",
            "//",
            "/ranking/..",
        ])
        .prop_map(str::to_owned),
        "/[a-zA-Z0-9%/._?=&-]{0,24}",
    ];
    let auth = prop::sample::select(vec![
        None,
        Some(b"Bearer writer-token".to_vec()),
        Some(b"Bearer a1-token".to_vec()),
        Some(b"Bearer nope".to_vec()),
        Some(b"Basic d3JpdGVy".to_vec()),
        Some(b"Bearer ".to_vec()),
        Some(vec![0xff, 0x00, b'x']),
    ]);
    let key = prop::option::of(prop::collection::vec(any::<u8>(), 0..40));
    let body = prop::collection::vec(any::<u8>(), 0..200);
    let mut runner = TestRunner::new(config());
    runner
        .run(
            &(method, path, auth, key, body),
            |(method, path, auth, key, body)| {
                let mut req = Request::builder().method(method.clone()).uri(path.as_str());
                if let Some(a) = auth.as_ref().and_then(|a| HeaderValue::from_bytes(a).ok()) {
                    req = req.header("authorization", a);
                }
                if let Some(k) = key.as_ref().and_then(|k| HeaderValue::from_bytes(k).ok()) {
                    req = req.header("idempotency-key", k);
                }
                let Ok(req) = req.body(Body::from(body)) else {
                    return Ok(()); // not a request http can even carry
                };
                let (status, answer) = rig.send(req);
                prop_assert!(
                    status.as_u16() >= 200 && status.as_u16() < 500,
                    "{method} {path}: {status}"
                );
                if method == Method::HEAD {
                    prop_assert!(answer.is_empty(), "HEAD has no body");
                } else if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
                    let text = String::from_utf8_lossy(&answer);
                    prop_assert!(
                        text == r#"{"error":"unauthorized"}"# || text == r#"{"error":"forbidden"}"#,
                        "{text}"
                    );
                }
                Ok(())
            },
        )
        .expect("the property holds");
}

#[test]
fn a_restart_rebuilds_the_same_evaluation_byte_for_byte() {
    let (book, lines) = support::generated(5, [2, 2, 3]);
    let data = book.write(&[]);
    let db = TempDir::new("db");
    let file = db.path().join("r.db");
    let open = || {
        let loaded = config::load(data.path()).expect("the data folder");
        App::open(loaded, &file, None).expect("the service opens")
    };
    let app = open();
    for (k, chunk) in lines.chunks(150).enumerate() {
        let body = support::body(chunk);
        let outcome = app.ingest(&body, Some(&format!("k{k}")));
        assert!(
            matches!(
                outcome,
                scorecard_service::engine::Outcome::Done {
                    replayed: false,
                    ..
                }
            ),
            "{outcome:?}"
        );
    }
    let live = |app: &App| {
        let core = app.live.blocking_read();
        let fresh = core.live.evaluate_fresh().expect("a full evaluation");
        assert_eq!(core.live.evaluation(), &fresh, "live equals full");
        serde_json::to_string(core.live.evaluation()).expect("JSON")
    };
    let before = live(&app);
    let ranking = app.snapshot().full.clone();
    drop(app);
    let again = open();
    assert_eq!(
        live(&again),
        before,
        "the replay gives the same evaluation, byte for byte"
    );
    assert_eq!(again.snapshot().full, ranking);
}
