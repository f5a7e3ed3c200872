//! The service's load benchmark (not a test): one writer posts facts in batches of 100
//! while 20 clients read `/ranking`, for 60 seconds; then throughput, p50 / p99 latency
//! of both, the service's peak memory (VmHWM) and the facts in the database against
//! those accepted.
//!
//! ```sh
//! cargo build --release -p scorecard-service
//! target/release/load                 # the synthetic province, 60 s
//! target/release/load --seconds 5     # a quick run
//! ```
//!
//! It writes the synthetic province (474 units, 175 indicators, about a million fact
//! lines) into a temporary folder, starts `scorecard-service` (the binary beside this
//! one) on a free loopback port with a new database, and posts the province's fact lines
//! in order (from the start again when they run out: facts add up).

#![forbid(unsafe_code)]

use std::io::BufRead;
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

#[allow(dead_code, clippy::all)]
#[path = "../../../province/job/mod.rs"]
mod job;

#[allow(dead_code, clippy::all)]
#[path = "../../../province/generate.rs"]
mod generate;

const USAGE: &str =
    "usage: load [--seconds N] [--readers N] [--batch N] [--seed N] [--service PATH]";

struct Options {
    seconds: u64,
    readers: usize,
    batch: usize,
    seed: u64,
    service: PathBuf,
}

fn parse() -> Result<Options, String> {
    let service = std::env::current_exe()
        .map_err(|e| e.to_string())?
        .with_file_name("scorecard-service");
    let mut o = Options {
        seconds: 60,
        readers: 20,
        batch: 100,
        seed: 11,
        service,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        let number = |v: String| {
            v.parse::<u64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{a} takes a whole number above 0, not {v:?}"))
        };
        match a.as_str() {
            "--seconds" => o.seconds = number(value()?)?,
            "--readers" => {
                o.readers = usize::try_from(number(value()?)?).map_err(|e| e.to_string())?
            }
            "--batch" => o.batch = usize::try_from(number(value()?)?).map_err(|e| e.to_string())?,
            "--seed" => o.seed = number(value()?)?,
            "--service" => o.service = PathBuf::from(value()?),
            _ => return Err(format!("unknown option {a}")),
        }
    }
    Ok(o)
}

/// Microseconds, sorted: the p-th percentile (nearest rank).
fn percentile(sorted: &[u64], p: u64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (sorted.len() as u64 * p).div_ceil(100).max(1);
    sorted[usize::try_from(rank - 1).unwrap_or(0).min(sorted.len() - 1)]
}

/// Microseconds as milliseconds with two places, by integer arithmetic.
fn ms(us: u64) -> String {
    let hundredths = (us + 5) / 10;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

fn vm_hwm(pid: u32) -> Option<String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .map(|v| v.trim().to_owned())
}

fn main() -> ExitCode {
    let o = match parse() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("load: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if !o.service.exists() {
        eprintln!(
            "load: {} not found: build it first (cargo build --release -p scorecard-service)",
            o.service.display()
        );
        return ExitCode::from(1);
    }
    match run(&o) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("load: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(o: &Options) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("scorecard-load-{}", std::process::id()));
    let data = dir.join("data");
    let files = generate::generate(o.seed, generate::Shape::PROVINCE);
    generate::write(&files, &data).map_err(|e| e.to_string())?;
    let facts = String::from_utf8(files.facts).map_err(|e| e.to_string())?;
    let lines: Vec<&str> = facts.lines().skip(1).collect();
    let bodies: Vec<Bytes> = lines
        .chunks(o.batch)
        .map(|c| {
            let mut b = c.join("\n");
            b.push('\n');
            Bytes::from(b)
        })
        .collect();
    let db = dir.join("load.db");
    let mut child = Command::new(&o.service)
        .args([
            "--data",
            &data.display().to_string(),
            "--db",
            &db.display().to_string(),
        ])
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", o.service.display()))?;
    let mut out = std::io::BufReader::new(child.stdout.take().ok_or("no stdout")?);
    let mut first = String::new();
    out.read_line(&mut first).map_err(|e| e.to_string())?;
    let addr = first
        .trim()
        .strip_prefix("listening on http://")
        .ok_or_else(|| format!("the service did not start: {first:?}"))?
        .to_owned();
    let pid = child.id();
    eprintln!(
        "load: {} fact lines in batches of {}, {} readers of /ranking, {} s, service pid {pid} on {addr}",
        lines.len(),
        o.batch,
        o.readers,
        o.seconds
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let report = rt.block_on(drive(o, &addr, bodies));
    let hwm = vm_hwm(pid).unwrap_or_else(|| "unknown".into());
    let _ = child.kill();
    let _ = child.wait();
    drop(out);
    let report = report?;
    let conn = rusqlite::Connection::open(&db).map_err(|e| e.to_string())?;
    let stored: i64 = conn
        .query_row("SELECT count(*) FROM fact", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    drop(conn);
    let _ = std::fs::remove_dir_all(&dir);
    let secs = report.elapsed.as_millis().max(1) as u64;
    let rate = |n: u64| {
        let tenths = n * 10_000 / secs;
        format!("{}.{}", tenths / 10, tenths % 10)
    };
    println!("duration            {}.{:03} s", secs / 1000, secs % 1000);
    println!(
        "writes              {} batches, {} facts accepted: {} facts/s, {} batches/s",
        report.batches,
        report.accepted,
        rate(report.accepted),
        rate(report.batches)
    );
    println!(
        "write latency       p50 {} ms, p99 {} ms, max {} ms",
        ms(percentile(&report.write_us, 50)),
        ms(percentile(&report.write_us, 99)),
        ms(report.write_us.last().copied().unwrap_or(0))
    );
    println!(
        "reads of /ranking   {} by {} clients: {} reads/s",
        report.reads,
        o.readers,
        rate(report.reads)
    );
    println!(
        "read latency        p50 {} ms, p99 {} ms, max {} ms",
        ms(percentile(&report.read_us, 50)),
        ms(percentile(&report.read_us, 99)),
        ms(report.read_us.last().copied().unwrap_or(0))
    );
    println!("errors              {}", report.errors);
    println!("service peak memory VmHWM {hwm}");
    println!(
        "facts in database   {stored} (accepted {}): {}",
        report.accepted,
        if stored == report.accepted as i64 {
            "equal"
        } else {
            "DIFFERENT"
        }
    );
    if stored != report.accepted as i64 || report.errors > 0 {
        return Err("the database does not hold what was accepted, or requests failed".into());
    }
    Ok(())
}

struct Report {
    elapsed: Duration,
    batches: u64,
    accepted: u64,
    reads: u64,
    errors: u64,
    write_us: Vec<u64>,
    read_us: Vec<u64>,
}

async fn drive(o: &Options, addr: &str, bodies: Vec<Bytes>) -> Result<Report, String> {
    let client: Client<HttpConnector, Full<Bytes>> =
        Client::builder(TokioExecutor::new()).build_http();
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let writer = {
        let (client, stop, errors) = (client.clone(), stop.clone(), errors.clone());
        let uri: hyper::Uri = format!("http://{addr}/facts")
            .parse()
            .map_err(|e| format!("{e}"))?;
        tokio::spawn(async move {
            let (mut batches, mut accepted, mut lat) = (0_u64, 0_u64, Vec::new());
            let mut k = 0_usize;
            while !stop.load(Ordering::Relaxed) {
                let body = bodies[k % bodies.len()].clone();
                let req = Request::post(uri.clone())
                    .header("idempotency-key", format!("load-{k}"))
                    .body(Full::new(body));
                let Ok(req) = req else { break };
                let t = Instant::now();
                match client.request(req).await {
                    Ok(resp) if resp.status().is_success() => {
                        let b = resp.into_body().collect().await.map(|c| c.to_bytes());
                        lat.push(t.elapsed().as_micros() as u64);
                        let n = b
                            .ok()
                            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
                            .and_then(|v| v["accepted"].as_u64());
                        match n {
                            Some(n) => {
                                accepted += n;
                                batches += 1;
                            }
                            None => {
                                errors.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                    }
                    _ => {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
                k += 1;
            }
            (batches, accepted, lat)
        })
    };
    let mut readers = Vec::new();
    for _ in 0..o.readers {
        let (client, stop, errors) = (client.clone(), stop.clone(), errors.clone());
        let uri: hyper::Uri = format!("http://{addr}/ranking")
            .parse()
            .map_err(|e| format!("{e}"))?;
        readers.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let Ok(req) = Request::get(uri.clone()).body(Full::new(Bytes::new())) else {
                    break;
                };
                let t = Instant::now();
                let ok = match client.request(req).await {
                    Ok(resp) if resp.status().is_success() => {
                        resp.into_body().collect().await.is_ok()
                    }
                    _ => false,
                };
                if ok {
                    lat.push(t.elapsed().as_micros() as u64);
                } else {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
            lat
        }));
    }
    tokio::time::sleep(Duration::from_secs(o.seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let (batches, accepted, mut write_us) = writer.await.map_err(|e| e.to_string())?;
    let mut read_us = Vec::new();
    for r in readers {
        read_us.extend(r.await.map_err(|e| e.to_string())?);
    }
    let elapsed = start.elapsed();
    write_us.sort_unstable();
    read_us.sort_unstable();
    Ok(Report {
        elapsed,
        batches,
        accepted,
        reads: read_us.len() as u64,
        errors: errors.load(Ordering::Relaxed),
        write_us,
        read_us,
    })
}
