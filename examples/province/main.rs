//! The province job.
//!
//! ```sh
//! cargo run --release --example province                               # a built-in province
//! cargo run --release --example province -- --data DIR --out DIR      # the neutral file format
//! ```
//!
//! With no arguments it builds a synthetic province in-process (474 branches in three
//! peer groups, 175 indicators of every rule kind, about a million facts, with a few bad records), and prints per
//! group the top and bottom units, the red and black lists, and for one unit the
//! explanation of every point it lost.
//!
//! With `--data DIR --out DIR` it runs the job of the neutral file format
//! (`docs/FORMATS.md`, modules in `job/`): reads
//! `indicators.json`, `units.csv`, `targets.csv` and `facts.csv` from DIR and writes
//! `scores.csv`, `totals.csv`, `rejected.csv` and `summary.json` into the output folder.
//! A configuration error exits with status 2 and a message naming the unit and
//! indicator (and writes nothing); an unreadable file exits with status 1 naming it.

mod demo;
mod job;
#[path = "../support/synthetic.rs"]
mod synthetic;

use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use self::demo::demo;
use self::job::{Job, RejectedCsv};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut data = None;
    let mut out = None;
    let mut threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--data" => data = it.next().map(PathBuf::from),
            "--out" => out = it.next().map(PathBuf::from),
            "--threads" => match it.next().and_then(|t| t.parse().ok()) {
                Some(t) => threads = t,
                None => return usage("--threads needs a number"),
            },
            "-h" | "--help" => {
                println!("usage: province [--data DIR --out DIR] [--threads N]");
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument {other}")),
        }
    }
    match (data, out) {
        (None, None) => demo(threads),
        (Some(d), Some(o)) => run_job(&d, &o, threads),
        _ => usage("--data and --out go together"),
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("province: {msg}\nusage: province [--data DIR --out DIR] [--threads N]");
    ExitCode::from(64)
}

// ---------------------------------------------------------------------------
// --data DIR --out DIR

fn open(path: &Path) -> Result<BufReader<File>, String> {
    File::open(path)
        .map(|f| BufReader::with_capacity(1 << 20, f))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn create(path: &Path) -> Result<BufWriter<File>, String> {
    File::create(path)
        .map(|f| BufWriter::with_capacity(1 << 16, f))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn run_job(data: &Path, out: &Path, threads: usize) -> ExitCode {
    let files = (|| {
        Ok::<_, String>((
            open(&data.join("indicators.json"))?,
            open(&data.join("units.csv"))?,
            open(&data.join("targets.csv"))?,
            File::open(data.join("facts.csv"))
                .map_err(|e| format!("cannot read {}: {e}", data.join("facts.csv").display()))?,
        ))
    })();
    let (indicators, units, targets, facts) = match files {
        Ok(f) => f,
        Err(e) => {
            eprintln!("province: {e}");
            return ExitCode::from(1);
        }
    };
    let job = match Job::load(indicators, units, targets) {
        Ok(j) => j.threads(threads),
        Err(e) if e.is_io() => {
            eprintln!("province: {e}");
            return ExitCode::from(1);
        }
        Err(e) => {
            eprintln!("province: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    match write_job(&job, facts, out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("province: {e}");
            ExitCode::from(1)
        }
    }
}

fn write_job(job: &Job, facts: File, out: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut rejected = RejectedCsv::new(create(&out.join("rejected.csv"))?);
    let outcome = job.run(facts, &mut rejected).map_err(|e| e.to_string())?;
    rejected.finish().map_err(|e| e.to_string())?;
    outcome
        .write(
            create(&out.join("scores.csv"))?,
            create(&out.join("totals.csv"))?,
            create(&out.join("summary.json"))?,
        )
        .map_err(|e| e.to_string())
}
