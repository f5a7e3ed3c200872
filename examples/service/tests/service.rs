//! The service binary over HTTP: facts in batches against the full evaluation, kill -9
//! and retries, idempotency, scoped tokens, limits, refusals, pushes, the command line.

mod support;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::{Book, Service, TempDir, body, facts_in, generated, head, sha256_hex, small_book};

fn batches(lines: &[String], size: usize) -> Vec<Vec<String>> {
    lines.chunks(size).map(<[String]>::to_vec).collect()
}

fn post_batch(s: &Service, key: &str, lines: &[String]) -> serde_json::Value {
    let r = s.post("/facts", &[("Idempotency-Key", key)], &body(lines));
    assert_eq!(r.status, 200, "batch {key}: {}", r.text());
    r.json()
}

#[test]
fn the_ranking_equals_the_full_evaluation_batch_by_batch() {
    let (book, lines) = generated(7, [3, 2, 5]);
    let data = book.write(&[]);
    let db = TempDir::new("db");
    let s = Service::start(data.path(), &db.path().join("s.db"), &[]);
    assert_eq!(s.totals(None), book.totals(&[]), "no facts yet");
    let all = batches(&lines, 100);
    let mut posted: Vec<String> = Vec::new();
    let (mut accepted, mut rejected, mut out) = (0, 0, 0);
    for (k, b) in all.iter().enumerate() {
        let a = post_batch(&s, &format!("b{k}"), b);
        accepted += a["accepted"].as_u64().expect("accepted");
        rejected += a["rejected"].as_u64().expect("rejected");
        out += a["out_of_period"].as_u64().expect("out of period");
        posted.extend(b.iter().cloned());
        if k % 7 == 0 || k + 1 == all.len() {
            assert_eq!(s.totals(None), book.totals(&posted), "after batch {k}");
        }
    }
    assert_eq!(accepted + rejected + out, lines.len() as u64);
    assert!(
        rejected > 0 && out > 0,
        "the data set has rejected and late lines"
    );
    assert_eq!(facts_in(&db.path().join("s.db")), accepted as i64);
    let ranking = s.get("/ranking", None).json();
    assert_eq!(ranking["version"], all.len() as u64);
    assert_eq!(ranking["facts"], accepted);
    // a unit's scores explain themselves in both languages
    let u = s.get("/units/U0001", None).json();
    let scores = u["scores"].as_array().expect("scores");
    assert!(!scores.is_empty());
    for sc in scores {
        assert!(!sc["explanation"]["zh"].as_str().unwrap_or("").is_empty());
        assert!(!sc["explanation"]["en"].as_str().unwrap_or("").is_empty());
    }
    let report = s.get("/units/U0001/report?lang=en", None);
    assert_eq!(report.status, 200);
    assert!(report.text().contains("<html"), "the report is HTML");
    assert_eq!(s.get("/units/U0001/report?lang=fr", None).status, 400);
    assert_eq!(s.get("/units/NOPE", None).status, 404);
}

/// Sends the head and half the body of a batch, then leaves the connection open.
fn half_post(addr: &str, key: &str, body: &[u8]) -> TcpStream {
    let mut t = TcpStream::connect(addr).expect("connect");
    let h = head(
        addr,
        "POST",
        "/facts",
        &[("Idempotency-Key", key)],
        body.len(),
    );
    t.write_all(h.as_bytes()).expect("head");
    t.write_all(&body[..body.len() / 2]).expect("half the body");
    t.flush().expect("flush");
    t
}

#[test]
fn kill_9_loses_nothing_accepted_and_counts_nothing_twice() {
    let (book, lines) = generated(11, [3, 2, 4]);
    let data = book.write(&[]);
    let db = TempDir::new("db");
    let file = db.path().join("s.db");
    let mut s = Service::start(data.path(), &file, &[]);
    let all = batches(&lines, 100);
    assert!(all.len() >= 12, "{} batches", all.len());
    let mut done: Vec<String> = Vec::new();
    let mut next = 0;
    let post = |s: &Service, k: usize, done: &mut Vec<String>| {
        post_batch(s, &format!("b{k}"), &all[k]);
        done.extend(all[k].iter().cloned());
    };
    for k in 0..3 {
        post(&s, k, &mut done);
        next = k + 1;
    }
    // 1. killed in the middle of a batch's body: the batch was never taken
    let _open = half_post(&s.addr, &format!("b{next}"), &body(&all[next]));
    std::thread::sleep(Duration::from_millis(100));
    s.kill();
    s.restart();
    assert_eq!(
        s.totals(None),
        book.totals(&done),
        "the half batch is not there"
    );
    let retry = s.post(
        "/facts",
        &[("Idempotency-Key", &format!("b{next}"))],
        &body(&all[next]),
    );
    assert_eq!(retry.status, 200);
    assert_eq!(
        retry.header("idempotent-replayed"),
        None,
        "taken now, for the first time"
    );
    done.extend(all[next].iter().cloned());
    next += 1;
    assert_eq!(s.totals(None), book.totals(&done));
    // 2. killed right after the answer: the retry gets the first answer, nothing twice
    let first = s.post(
        "/facts",
        &[("Idempotency-Key", &format!("b{next}"))],
        &body(&all[next]),
    );
    assert_eq!(first.status, 200);
    s.kill();
    s.restart();
    let again = s.post(
        "/facts",
        &[("Idempotency-Key", &format!("b{next}"))],
        &body(&all[next]),
    );
    assert_eq!(again.status, 200);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body, first.body, "the first answer");
    done.extend(all[next].iter().cloned());
    next += 1;
    assert_eq!(s.totals(None), book.totals(&done), "counted once");
    // 3. killed at moments nobody chose, while a client posts as fast as it can
    for (round, delay_ms) in [37_u64, 113, 71].into_iter().enumerate() {
        if next >= all.len() {
            break;
        }
        let addr = s.addr.clone();
        let todo: Vec<(usize, Vec<u8>)> = (next..all.len()).map(|k| (k, body(&all[k]))).collect();
        let acked = Arc::new(Mutex::new(Vec::new()));
        let seen = acked.clone();
        let client = std::thread::spawn(move || {
            for (k, b) in todo {
                let key = format!("b{k}");
                match support::request(&addr, "POST", "/facts", &[("Idempotency-Key", &key)], &b) {
                    Ok(r) if r.status == 200 => seen.lock().expect("lock").push(k),
                    _ => return Some(k), // the batch in flight when the service died
                }
            }
            None
        });
        std::thread::sleep(Duration::from_millis(delay_ms));
        s.kill();
        let in_flight = client.join().expect("the client");
        s.restart();
        let acked = acked.lock().expect("lock").clone();
        for &k in &acked {
            done.extend(all[k].iter().cloned());
        }
        next += acked.len();
        if let Some(k) = in_flight {
            assert_eq!(k, next, "round {round}: batches go in order");
            // retried with its key: taken once, whether or not it was committed
            let r = s.post(
                "/facts",
                &[("Idempotency-Key", &format!("b{k}"))],
                &body(&all[k]),
            );
            assert_eq!(r.status, 200, "{}", r.text());
            done.extend(all[k].iter().cloned());
            next += 1;
        }
        assert_eq!(s.totals(None), book.totals(&done), "round {round}");
    }
    let accepted_lines = book.totals(&done);
    assert_eq!(s.totals(None), accepted_lines);
    // the database holds each accepted fact once
    let expected: i64 = {
        let job = support::job::Job::load(
            book.indicators.as_bytes(),
            book.units.as_bytes(),
            book.targets.as_bytes(),
        )
        .expect("job");
        let mut rejected: Vec<scorecard::facts::Rejected> = Vec::new();
        let facts = body(&done);
        let out = job.run(&facts[..], &mut rejected).expect("run");
        out.tally.accepted() as i64
    };
    s.kill();
    assert_eq!(facts_in(&file), expected);
}

#[test]
fn an_idempotency_key_returns_the_first_answer_and_refuses_another_body() {
    let book = small_book();
    let data = book.write(&[]);
    let db = TempDir::new("db");
    let s = Service::start(data.path(), &db.path().join("s.db"), &[]);
    let lines = vec![
        "A1,D1,2026-01-15,80".to_owned(),
        "X9,D1,2026-01-15,1".to_owned(),
    ];
    let a = s.post("/facts", &[("Idempotency-Key", "k-1")], &body(&lines));
    assert_eq!(a.status, 200);
    assert_eq!(
        a.json(),
        serde_json::json!({"accepted": 1, "rejected": 1, "out_of_period": 0,
                           "rejected_lines": [{"line": 3, "reason": "unknown unit"}]})
    );
    let b = s.post("/facts", &[("Idempotency-Key", "k-1")], &body(&lines));
    assert_eq!((b.status, b.body.clone()), (200, a.body.clone()));
    assert_eq!(b.header("idempotent-replayed"), Some("true"));
    assert_eq!(s.get("/ranking", None).json()["version"], 1);
    let other = s.post(
        "/facts",
        &[("Idempotency-Key", "k-1")],
        b"A1,D1,2026-01-15,1\n",
    );
    assert_eq!(other.status, 422);
    let bad_key = s.post("/facts", &[("Idempotency-Key", "a key")], b"");
    assert_eq!(bad_key.status, 400);
    assert_eq!(s.get("/ranking", None).json()["facts"], 1);
}

#[test]
fn tokens_scope_what_each_caller_reads_and_only_a_writer_posts() {
    let book = small_book();
    let tokens = format!(
        "[[token]]\nname = \"ingest\"\nsha256 = \"{}\"\nrole = \"writer\"\n\n\
         [[token]]\nname = \"province\"\nsha256 = \"{}\"\nrole = \"province\"\n\n\
         [[token]]\nname = \"hall A1\"\nsha256 = \"{}\"\nrole = \"unit\"\nunit = \"A1\"\n",
        sha256_hex("writer-secret-0123456789"),
        sha256_hex("province-secret-0123456789"),
        sha256_hex("a1-secret-0123456789"),
    );
    let data = book.write(&[("tokens.toml", &tokens)]);
    let db = TempDir::new("db");
    let s = Service::start(data.path(), &db.path().join("s.db"), &[]);
    let (w, p, a1) = (
        "writer-secret-0123456789",
        "province-secret-0123456789",
        "a1-secret-0123456789",
    );
    let facts = body(&["A1,D1,2026-01-15,80".into(), "A2,D1,2026-01-15,150".into()]);
    let auth = |t: &str| format!("Bearer {t}");
    // only the writer posts
    assert_eq!(s.post("/facts", &[], &facts).status, 401);
    assert_eq!(
        s.post("/facts", &[("Authorization", &auth(p))], &facts)
            .status,
        403
    );
    assert_eq!(
        s.post("/facts", &[("Authorization", &auth(a1))], &facts)
            .status,
        403
    );
    assert_eq!(
        s.post("/facts", &[("Authorization", &auth(w))], &facts)
            .status,
        200
    );
    // nothing leaks from a refusal
    let no = [
        s.get("/ranking", None),
        s.get("/ranking", Some("wrong")),
        s.get("/ranking", Some(w)),
        s.get("/units/A2", Some(a1)),
        s.get("/units/A2/report", Some(a1)),
        s.get("/units/NOPE", Some(a1)),
        s.get("/events", Some(w)),
    ];
    let statuses: Vec<u16> = no.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [401, 401, 403, 403, 403, 403, 403]);
    for r in &no {
        let t = r.text();
        assert!(
            t == r#"{"error":"unauthorized"}"# || t == r#"{"error":"forbidden"}"#,
            "{t}"
        );
    }
    // a unit reads itself in detail, the others' published figures only
    let mine = s.get("/units/A1", Some(a1));
    assert_eq!(mine.status, 200);
    assert_eq!(mine.json()["name"], "长安区办税服务厅");
    assert_eq!(s.get("/units/A1/report", Some(a1)).status, 200);
    let r = s.get("/ranking", Some(a1)).json();
    let row = |id: &str| {
        r["units"]
            .as_array()
            .expect("units")
            .iter()
            .find(|u| u["unit_id"] == id)
            .cloned()
            .expect("a row")
    };
    let all = s.get("/ranking", Some(p)).json();
    let full = |id: &str| {
        all["units"]
            .as_array()
            .expect("units")
            .iter()
            .find(|u| u["unit_id"] == id)
            .cloned()
            .expect("a row")
    };
    assert_eq!(row("A1"), full("A1"), "its own row in full");
    assert_eq!(row("A2")["raw_total"], serde_json::Value::Null);
    assert_eq!(row("A2")["coefficient"], serde_json::Value::Null);
    assert_eq!(row("A2")["name"], serde_json::Value::Null);
    assert_eq!(row("A2")["adjusted_total"], full("A2")["adjusted_total"]);
    assert_eq!(row("A2")["rank"], full("A2")["rank"]);
    // the province reads all
    assert_eq!(s.get("/units/A2", Some(p)).status, 200);
    let posted = [
        "A1,D1,2026-01-15,80".to_owned(),
        "A2,D1,2026-01-15,150".to_owned(),
    ];
    assert_eq!(s.totals(Some(p)), book.totals(&posted));
    // the page and the health check need no token and show no figure
    assert_eq!(s.get("/health", None).text(), r#"{"status":"ok"}"#);
    assert_eq!(s.get("/", None).status, 200);
}

#[test]
fn limits_malformed_bodies_and_unknown_routes() {
    let book = small_book();
    let data = book.write(&[]);
    let db = TempDir::new("db");
    let s = Service::start(
        data.path(),
        &db.path().join("s.db"),
        &["--body-limit", "1024"],
    );
    let big: Vec<String> = (0..60).map(|_| "A1,D1,2026-01-15,1".to_owned()).collect();
    let r = s.post("/facts", &[], &body(&big));
    assert_eq!(r.status, 413, "{}", r.text());
    let r = s.post(
        "/facts",
        &[],
        b"A1,D1,2026-01-15,1\nA1,D1,2026-01-15,1\nA1;D1;2026-01-15;1\n",
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["line"], 3);
    assert!(
        r.json()["error"]
            .as_str()
            .unwrap_or("")
            .starts_with("line 3: 1 fields instead of 4")
    );
    let r = s.post("/facts", &[], b"A1,D1,2026-01-15,1\n\xff\xfe\n");
    assert_eq!(
        (r.status, r.json()["line"].clone()),
        (400, serde_json::json!(2))
    );
    assert_eq!(
        s.get("/ranking", None).json()["version"],
        0,
        "nothing was taken"
    );
    assert_eq!(s.get("/nothing/here", None).status, 404);
    assert_eq!(s.post("/ranking", &[], b"").status, 405);
}

#[test]
fn a_batch_that_cannot_be_applied_is_refused_whole() {
    let book = Book {
        targets: "unit_id,indicator_id,target\nA1,I1,100\nA2,I1,200\nB1,I1,0.17\nB2,I1,80\n".into(),
        ..small_book()
    };
    let data = book.write(&[]);
    let db = TempDir::new("db");
    let file = db.path().join("s.db");
    let s = Service::start(data.path(), &file, &[]);
    post_batch(&s, "first", &["A1,D1,2026-01-15,80".to_owned()]);
    let before = s.totals(None);
    // a good line first, then a sum whose completion rate (over a target of 0.17) cannot
    // be held to twelve places: the library refuses it (precision lost), naming B1 and I1
    let mut lines = vec!["A2,D1,2026-01-15,50".to_owned()];
    lines.extend((0..10).map(|_| "B1,D1,2026-01-15,9999999999999999.99".to_owned()));
    let r = s.post("/facts", &[("Idempotency-Key", "huge")], &body(&lines));
    assert_eq!(r.status, 422, "{}", r.text());
    let j = r.json();
    assert_eq!(j["unit"], "B1");
    assert_eq!(j["indicator"], "I1");
    assert!(j["line"].as_u64().is_some_and(|l| l > 2));
    assert_eq!(s.totals(None), before, "the evaluation is as it was");
    assert_eq!(facts_in(&file), 1, "the database is as it was");
    assert_eq!(s.get("/ranking", None).json()["version"], 1);
    // the key was not used: the same key may carry a good batch
    post_batch(&s, "huge", &["A2,D1,2026-01-15,50".to_owned()]);
}

/// A webhook receiver on loopback: answers 500 to the first `fail` posts, then 200;
/// keeps the bodies of the posts it accepted.
fn receiver(fail: usize) -> (String, Arc<Mutex<Vec<serde_json::Value>>>) {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = l.local_addr().expect("addr").to_string();
    let got = Arc::new(Mutex::new(Vec::new()));
    let keep = got.clone();
    std::thread::spawn(move || {
        let mut n = 0;
        for c in l.incoming() {
            let Ok(mut c) = c else { continue };
            let mut raw = Vec::new();
            let mut buf = [0_u8; 4096];
            // read the head, then the body by its length
            while let Ok(k) = c.read(&mut buf) {
                if k == 0 {
                    break;
                }
                raw.extend_from_slice(&buf[..k]);
                if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&raw[..end]).to_lowercase();
                    let len: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0);
                    if raw.len() >= end + 4 + len {
                        n += 1;
                        let ok = n > fail;
                        if ok {
                            if let Ok(v) = serde_json::from_slice(&raw[end + 4..end + 4 + len]) {
                                keep.lock().expect("lock").push(v);
                            }
                        }
                        let status = if ok {
                            "200 OK"
                        } else {
                            "500 Internal Server Error"
                        };
                        let _ = c.write_all(
                            format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                                .as_bytes(),
                        );
                        break;
                    }
                }
            }
        }
    });
    (addr, got)
}

/// Reads an event stream until an event of `kind` arrives (or `within` passes).
fn wait_for_event(addr: &str, kind: &str, within: Duration) -> Option<String> {
    let mut t = TcpStream::connect(addr).ok()?;
    t.set_read_timeout(Some(Duration::from_millis(200))).ok()?;
    t.write_all(format!("GET /events HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .ok()?;
    let start = Instant::now();
    let mut seen = String::new();
    let mut buf = [0_u8; 4096];
    while start.elapsed() < within {
        if let Ok(k) = t.read(&mut buf) {
            if k == 0 {
                break;
            }
            seen.push_str(&String::from_utf8_lossy(&buf[..k]));
            if seen.contains(&format!("event: {kind}\n")) {
                return Some(seen);
            }
        }
    }
    None
}

#[test]
fn alerts_and_list_changes_are_pushed_once_with_retries() {
    let book = small_book();
    let (hook, got) = receiver(2);
    let webhooks = format!(
        "[retry]\nmax_attempts = 5\nfirst_delay_ms = 20\nmax_delay_ms = 100\ntimeout_ms = 2000\n\n\
         [[webhook]]\nname = \"ops\"\nurl = \"http://{hook}/hook\"\nevents = [\"raised\", \"cleared\"]\n"
    );
    let warnings = "[[risk]]\nindicator = \"I3\"\nwarning = \"0.03\"\nlimit = \"0.05\"\n";
    let data = book.write(&[("webhooks.toml", &webhooks), ("warnings.toml", warnings)]);
    let db = TempDir::new("db");
    let mut s = Service::start(
        data.path(),
        &db.path().join("s.db"),
        &["--as-of", "2026-06-30"],
    );
    let addr = s.addr.clone();
    let stream =
        std::thread::spawn(move || wait_for_event(&addr, "raised", Duration::from_secs(20)));
    std::thread::sleep(Duration::from_millis(300));
    // B1's error rate 4 % crosses the 3 % warning line
    post_batch(
        &s,
        "r1",
        &["B1,D3,2026-05-01,4".into(), "B1,D4,2026-05-01,100".into()],
    );
    let seen = stream
        .join()
        .expect("the stream")
        .expect("an alert on the stream");
    assert!(seen.contains("申报差错率"), "{seen}");
    let wait = |n: usize| {
        let start = Instant::now();
        while got.lock().expect("lock").len() < n && start.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(20));
        }
        got.lock().expect("lock").clone()
    };
    let first = wait(1);
    assert_eq!(first[0]["kind"], "raised");
    assert_eq!(first[0]["key"], "risk/B1/I3/warning");
    // restarted: the monitor's keys are in the database, nothing is sent again
    s.restart();
    std::thread::sleep(Duration::from_millis(500));
    post_batch(&s, "r2", &["A1,D1,2026-05-01,10".into()]);
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(got.lock().expect("lock").len(), 1, "sent once");
    // the rate falls to 2 %: the alert is cleared, once
    post_batch(&s, "r3", &["B1,D4,2026-05-02,100".into()]);
    let both = wait(2);
    assert_eq!(both.len(), 2);
    assert_eq!(both[1]["kind"], "cleared");
    assert!(
        both[1]["message"]["en"]
            .as_str()
            .unwrap_or("")
            .contains("cleared")
    );
}

#[test]
fn a_list_change_reaches_the_stream() {
    let book = small_book();
    let data = book.write(&[]);
    let db = TempDir::new("db");
    let s = Service::start(data.path(), &db.path().join("s.db"), &[]);
    post_batch(
        &s,
        "a",
        &["A1,D1,2026-01-15,100".into(), "A2,D1,2026-01-15,10".into()],
    );
    let addr = s.addr.clone();
    let stream =
        std::thread::spawn(move || wait_for_event(&addr, "list_changed", Duration::from_secs(20)));
    std::thread::sleep(Duration::from_millis(300));
    post_batch(&s, "b", &["A2,D1,2026-01-16,190".into()]);
    let seen = stream.join().expect("the stream").expect("a list change");
    assert!(
        seen.contains("列入红榜") || seen.contains("移出红榜"),
        "{seen}"
    );
}

#[test]
fn the_command_line_is_strict() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_scorecard-service"))
            .args(args)
            .output()
            .expect("runs")
    };
    let o = run(&["--data"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("usage: scorecard-service"));
    assert_eq!(
        run(&["--data", "x", "--db", "y", "--bogus"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["--help"]).status.code(), Some(0));
    let missing = TempDir::new("empty");
    let o = run(&[
        "--data",
        &missing.path().display().to_string(),
        "--db",
        "x.db",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let book = small_book();
    let data = book.write(&[(
        "tokens.toml",
        "[[token]]\nname = \"x\"\nsha256 = \"00\"\nrole = \"writer\"\n",
    )]);
    let o = run(&["--data", &data.path().display().to_string(), "--db", "x.db"]);
    assert_eq!(o.status.code(), Some(2), "a bad tokens.toml");
    let open = book.write(&[]);
    let db = TempDir::new("db");
    let o = run(&[
        "--data",
        &open.path().display().to_string(),
        "--db",
        &db.path().join("s.db").display().to_string(),
        "--listen",
        "0.0.0.0:0",
    ]);
    assert_eq!(o.status.code(), Some(2), "no tokens, no public address");
    // a database belongs to its rule book
    let db2 = TempDir::new("db");
    let file = db2.path().join("s.db");
    drop(Service::start(open.path(), &file, &[]));
    let other = Book {
        targets: "unit_id,indicator_id,target\nA1,I1,101\nA2,I1,200\nB1,I1,50\nB2,I1,80\n".into(),
        ..small_book()
    }
    .write(&[]);
    let o = run(&[
        "--data",
        &other.path().display().to_string(),
        "--db",
        &file.display().to_string(),
        "--listen",
        "127.0.0.1:0",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("another rule book"));
}
