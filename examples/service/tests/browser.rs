//! The live page in a real browser: Debian's headless Chromium driven through
//! chromedriver (W3C WebDriver: JSON over HTTP on loopback). Ignored in a plain
//! `cargo test` because it needs the browser; CI installs it
//! (`examples/service/scripts/install-chromium.sh`) and runs
//! `cargo test -p scorecard-service --test browser -- --ignored`.

mod support;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Service, TempDir, body, request, sha256_hex, small_book};

/// chromedriver on a free loopback port; killed on drop.
struct Driver {
    child: Child,
    addr: String,
}

impl Driver {
    fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect(
                "chromedriver runs (install it with examples/service/scripts/install-chromium.sh)",
            );
        let addr = format!("127.0.0.1:{port}");
        let start = Instant::now();
        loop {
            if let Ok(r) = request(&addr, "GET", "/status", &[], b"") {
                let ready: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
                if ready["value"]["ready"] == true {
                    break;
                }
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Self { child, addr }
    }

    fn call(&self, method: &str, path: &str, payload: Option<Value>) -> Value {
        let b = payload.map(|p| p.to_string()).unwrap_or_default();
        let r = request(
            &self.addr,
            method,
            path,
            &[("Content-Type", "application/json")],
            b.as_bytes(),
        )
        .expect("chromedriver answers");
        let v: Value = serde_json::from_slice(&r.body).expect("JSON from chromedriver");
        assert!(r.status < 300, "{method} {path}: {v}");
        v["value"].clone()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser session; deleted on drop.
struct Session<'d> {
    driver: &'d Driver,
    id: String,
}

impl<'d> Session<'d> {
    fn new(driver: &'d Driver, profile: &TempDir) -> Self {
        let v = driver.call(
            "POST",
            "/session",
            Some(json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": "/usr/bin/chromium",
                    "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             "--disable-background-networking", "--disable-component-update",
                             "--disable-sync", "--window-size=1280,1600",
                             format!("--user-data-dir={}", profile.path().display())]
                }
            }}})),
        );
        let id = v["sessionId"].as_str().expect("a session id").to_owned();
        Self { driver, id }
    }

    fn go(&self, url: &str) {
        self.driver.call(
            "POST",
            &format!("/session/{}/url", self.id),
            Some(json!({ "url": url })),
        );
    }

    fn eval(&self, script: &str) -> Value {
        self.driver.call(
            "POST",
            &format!("/session/{}/execute/sync", self.id),
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// Polls `script` until it returns `want` (or panics after `within`).
    fn wait_for(&self, script: &str, want: &Value, within: Duration) {
        let start = Instant::now();
        loop {
            let got = self.eval(script);
            if &got == want {
                return;
            }
            assert!(
                start.elapsed() < within,
                "the page shows {got} for `{script}`, not {want}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let _ = request(
            &self.driver.addr,
            "DELETE",
            &format!("/session/{}", self.id),
            &[],
            b"",
        );
    }
}

fn rank_of(unit: &str) -> String {
    format!(
        "const r = document.querySelector('tr[data-unit=\"{unit}\"] .rank'); return r ? r.textContent : null;"
    )
}

#[test]
#[ignore = "needs Chromium and chromedriver: examples/service/scripts/install-chromium.sh"]
fn the_live_page_shows_the_new_rank_as_facts_arrive() {
    let book = small_book();
    let tokens = format!(
        "[[token]]\nname = \"ingest\"\nsha256 = \"{}\"\nrole = \"writer\"\n\n\
         [[token]]\nname = \"province\"\nsha256 = \"{}\"\nrole = \"province\"\n",
        sha256_hex("writer-token-for-the-browser-test"),
        sha256_hex("province-token-for-the-browser-test"),
    );
    let data = book.write(&[("tokens.toml", &tokens)]);
    let db = TempDir::new("db");
    let s = Service::start(data.path(), &db.path().join("b.db"), &[]);
    let writer = [("Authorization", "Bearer writer-token-for-the-browser-test")];
    let first = [
        "A1,D1,2026-03-01,100".to_owned(),
        "A2,D1,2026-03-01,20".to_owned(),
    ];
    assert_eq!(s.post("/facts", &writer, &body(&first)).status, 200);
    let expected = |lines: &[String], unit: &str| -> String {
        // the rank the full evaluation gives, from the job's totals.csv
        book.totals(lines)
            .lines()
            .find(|l| l.starts_with(&format!("{unit},")))
            .and_then(|l| l.split(',').nth(5))
            .expect("a row")
            .to_owned()
    };
    let (a1_before, a2_before) = (expected(&first, "A1"), expected(&first, "A2"));
    assert_ne!(a1_before, a2_before);

    let driver = Driver::start();
    let profile = TempDir::new("chromium");
    let session = Session::new(&driver, &profile);
    session.go(&format!(
        "http://{}/#token=province-token-for-the-browser-test",
        s.addr
    ));
    let wait = Duration::from_secs(15);
    session.wait_for(&rank_of("A1"), &json!(a1_before), wait);
    session.wait_for(&rank_of("A2"), &json!(a2_before), wait);
    // the token left the address bar, and the stream is live
    session.wait_for("return location.hash;", &json!(""), wait);
    session.wait_for(
        "return document.getElementById('status').className;",
        &json!("meta live"),
        wait,
    );

    // facts arrive: A2 completes its target and overtakes A1
    let more = ["A2,D1,2026-04-01,180".to_owned()];
    assert_eq!(s.post("/facts", &writer, &body(&more)).status, 200);
    let all: Vec<String> = first.iter().chain(&more).cloned().collect();
    let (a1_after, a2_after) = (expected(&all, "A1"), expected(&all, "A2"));
    assert_ne!(a2_after, a2_before, "the data set moves A2");
    session.wait_for(&rank_of("A2"), &json!(a2_after), wait);
    session.wait_for(&rank_of("A1"), &json!(a1_after), wait);
    // the list change was pushed to the page, in Chinese and English
    session.wait_for(
        "return [...document.querySelectorAll('#events li')].some(li => li.textContent.includes('A2 列入红榜') && li.textContent.includes('A2 is now on the red list'));",
        &json!(true),
        wait,
    );
    // the unit panel explains lost points
    session.wait_for(
        "return document.querySelector('#unit h2') !== null && document.querySelector('#unit .why') !== null;",
        &json!(true),
        wait,
    );
    // self-contained: nothing was loaded from anywhere but the service
    let origin = format!("http://{}", s.addr);
    let foreign = session.eval(&format!(
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('{origin}'));"
    ));
    assert_eq!(foreign, json!([]));
}
