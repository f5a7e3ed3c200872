//! What the service's tests share: data sets written by the tests themselves, the
//! service binary started on a free loopback port, a small HTTP/1.1 client, and the full
//! evaluation of the province job to compare with.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

#[path = "../../../province/job/mod.rs"]
pub mod job;

#[path = "../../../province/generate.rs"]
pub mod generate;

/// A folder under the system's temporary folder, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(label: &str) -> Self {
        static N: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!(
            "scorecard-service-{label}-{}-{}-{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        Self(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A rule book in the neutral files.
#[derive(Debug, Clone)]
pub struct Book {
    pub indicators: String,
    pub units: String,
    pub targets: String,
}

/// The small hand-made rule book of `docs/FORMATS.md`: two halls, two key-tax-source
/// branches, three indicators; B1's and B2's error-rate denominators may be posted.
pub fn small_book() -> Book {
    Book {
        indicators: r#"{
  "period": {"start": "2026-01-01", "end": "2026-12-31"},
  "difficulty": {"factor": "households_per_staff", "slope": "0.1", "min": "0.95", "max": "1.05"},
  "lists": {"red_share": "0.4", "black_share": "0.1"},
  "indicators": [
    {"id": "I1", "name": "收入完成率", "kind": "completion", "points": "4",
     "groups": ["hall", "key"], "datapoint": "D1", "cap": "1.0"},
    {"id": "I2", "name": "有效投诉", "kind": "deduction", "points": "2",
     "groups": ["hall", "key"], "datapoint": "D2", "per_event": "0.5"},
    {"id": "I3", "name": "申报差错率", "kind": "ratio_threshold", "points": "3",
     "groups": ["key"], "numerator": "D3", "denominator": "D4",
     "good": "0.03", "bad": "0.05"}
  ]
}
"#
        .into(),
        units: "unit_id,name,city,group,staff,households,revenue
A1,长安区办税服务厅,Shijiazhuang,hall,10,1000,1.00
A2,桥西区办税服务厅,Baoding,hall,10,3000,2.00
B1,第二税务分局 B1,Tangshan,key,20,2000,3.50
B2,第二税务分局 B2,Tangshan,key,20,2000,4
"
        .into(),
        targets: "unit_id,indicator_id,target\nA1,I1,100\nA2,I1,200\nB1,I1,50\nB2,I1,80\n".into(),
    }
}

/// A generated rule book (175 indicators of every kind of the format) and its fact
/// lines (without the header): `units` per group.
pub fn generated(seed: u64, units: [u32; 3]) -> (Book, Vec<String>) {
    let files = generate::generate(
        seed,
        generate::Shape {
            units,
            lines: (1, 3),
        },
    );
    let facts = String::from_utf8(files.facts).expect("UTF-8 facts");
    let lines = facts.lines().skip(1).map(str::to_owned).collect();
    (
        Book {
            indicators: files.indicators,
            units: files.units,
            targets: files.targets,
        },
        lines,
    )
}

impl Book {
    /// Writes the three files (and `extra` files) into a new folder.
    pub fn write(&self, extra: &[(&str, &str)]) -> TempDir {
        let dir = TempDir::new("data");
        for (name, text) in [
            ("indicators.json", self.indicators.as_str()),
            ("units.csv", self.units.as_str()),
            ("targets.csv", self.targets.as_str()),
        ]
        .into_iter()
        .chain(extra.iter().copied())
        {
            std::fs::write(dir.path().join(name), text).expect("a data file");
        }
        dir
    }

    /// `totals.csv` of the province job over `lines` (the full evaluation, through the
    /// library, to compare the service's ranking with).
    pub fn totals(&self, lines: &[String]) -> String {
        let job = job::Job::load(
            self.indicators.as_bytes(),
            self.units.as_bytes(),
            self.targets.as_bytes(),
        )
        .expect("the rule book loads");
        let mut facts = String::from("unit_id,datapoint_id,date,value\n");
        for l in lines {
            facts.push_str(l);
            facts.push('\n');
        }
        let mut rejected: Vec<scorecard::facts::Rejected> = Vec::new();
        let out = job
            .run(facts.as_bytes(), &mut rejected)
            .expect("the job runs");
        let csv = job::write_totals(Vec::new(), &out.evaluation).expect("totals");
        String::from_utf8(csv).expect("UTF-8")
    }
}

/// `GET /ranking`'s JSON written as `totals.csv`.
pub fn ranking_csv(json: &serde_json::Value) -> String {
    let mut out = String::from("unit_id,group,raw_total,coefficient,adjusted_total,rank,list\n");
    for u in json["units"].as_array().expect("units") {
        let f = |k: &str| u[k].as_str().unwrap_or("null").to_owned();
        out.push_str(
            &[
                f("unit_id"),
                f("group"),
                f("raw_total"),
                f("coefficient"),
                f("adjusted_total"),
                f("rank"),
                f("list"),
            ]
            .join(","),
        );
        out.push('\n');
    }
    out
}

/// The service binary, running.
pub struct Service {
    child: Option<Child>,
    _stdout: Option<BufReader<ChildStdout>>,
    pub addr: String,
    args: Vec<String>,
}

impl Service {
    /// Starts the service on `data` and `db` on a free loopback port, with `extra`
    /// arguments; waits until it listens.
    pub fn start(data: &Path, db: &Path, extra: &[&str]) -> Self {
        let mut args: Vec<String> = vec![
            "--data".into(),
            data.display().to_string(),
            "--db".into(),
            db.display().to_string(),
            "--listen".into(),
            "127.0.0.1:0".into(),
        ];
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        let mut s = Self {
            child: None,
            _stdout: None,
            addr: String::new(),
            args,
        };
        s.spawn();
        s
    }

    fn spawn(&mut self) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_scorecard-service"))
            .args(&self.args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the service starts");
        let mut out = BufReader::new(child.stdout.take().expect("its stdout"));
        let mut line = String::new();
        out.read_line(&mut line).expect("its first line");
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("the service did not start: {line:?}"))
            .to_owned();
        self.addr = addr;
        self.child = Some(child);
        self._stdout = Some(out);
    }

    /// SIGKILL (`kill -9`), and wait for it.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        self._stdout = None;
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// Starts it again on the same files (a new port).
    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }

    pub fn get(&self, path: &str, token: Option<&str>) -> Reply {
        let auth = token.map(|t| format!("Bearer {t}"));
        let mut headers = Vec::new();
        if let Some(a) = &auth {
            headers.push(("Authorization", a.as_str()));
        }
        request(&self.addr, "GET", path, &headers, b"").expect("GET")
    }

    pub fn post(&self, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        request(&self.addr, "POST", path, headers, body).expect("POST")
    }

    /// `GET /ranking` as totals.csv (open access or a province token).
    pub fn totals(&self, token: Option<&str>) -> String {
        let r = self.get("/ranking", token);
        assert_eq!(r.status, 200, "{}", r.text());
        ranking_csv(&r.json())
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        self.kill();
    }
}

/// An HTTP answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The request line and headers of a request with `body`.
pub fn head(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], len: usize) -> String {
    let mut h = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {len}\r\n"
    );
    for (k, v) in headers {
        h.push_str(&format!("{k}: {v}\r\n"));
    }
    h.push_str("\r\n");
    h
}

/// One request on a new connection (`Connection: close`), read to the end.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Reply> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(60)))?;
    s.write_all(head(addr, method, path, headers, body.len()).as_bytes())?;
    s.write_all(body)?;
    // read by the answer's length (a server may keep the connection open regardless)
    let mut raw = Vec::new();
    let mut buf = [0_u8; 16 * 1024];
    loop {
        let n = s.read(&mut buf)?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        if complete(&raw) {
            break;
        }
    }
    parse_reply(&raw)
}

/// Whether `raw` holds a whole answer: its head and, by `Content-Length` or the last
/// chunk, its body.
fn complete(raw: &[u8]) -> bool {
    let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
    let body = &raw[end + 4..];
    if let Some(len) = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        return body.len() >= len;
    }
    if head.contains("transfer-encoding: chunked") {
        return body.ends_with(b"0\r\n\r\n");
    }
    false
}

fn parse_reply(raw: &[u8]) -> std::io::Result<Reply> {
    let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_owned());
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("no end of headers"))?;
    let head = std::str::from_utf8(&raw[..end]).map_err(|_| bad("headers not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| bad("no status"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let nl = rest
                .windows(2)
                .position(|w| w == b"\r\n")
                .ok_or_else(|| bad("chunk size"))?;
            let size = usize::from_str_radix(
                std::str::from_utf8(&rest[..nl])
                    .map_err(|_| bad("chunk size"))?
                    .trim(),
                16,
            )
            .map_err(|_| bad("chunk size"))?;
            rest = &rest[nl + 2..];
            if size == 0 {
                break;
            }
            out.extend_from_slice(rest.get(..size).ok_or_else(|| bad("short chunk"))?);
            rest = rest.get(size + 2..).unwrap_or(&[]);
        }
        body = out;
    }
    Ok(Reply {
        status,
        headers,
        body,
    })
}

/// A facts body: the header and `lines`.
pub fn body(lines: &[String]) -> Vec<u8> {
    let mut b = String::from("unit_id,datapoint_id,date,value\n");
    for l in lines {
        b.push_str(l);
        b.push('\n');
    }
    b.into_bytes()
}

/// SHA-256 of a token, as tokens.toml holds it.
pub fn sha256_hex(token: &str) -> String {
    use sha2::Digest;
    scorecard_service::config::hex(&sha2::Sha256::digest(token.as_bytes()))
}

/// The number of facts in the database.
pub fn facts_in(db: &Path) -> i64 {
    let c = rusqlite::Connection::open(db).expect("the database");
    c.query_row("SELECT count(*) FROM fact", [], |r| r.get(0))
        .expect("a count")
}
