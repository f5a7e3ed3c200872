//! The province job: application code over the library's public API.
//!
//! ```sh
//! cargo run --release --example province                               # a built-in province
//! cargo run --release --example province -- --data DIR --out DIR      # the neutral file format
//! cargo run --release --example province -- --digest FILE          # … and its digest document
//! cargo run --release --example province -- --help
//! ```
//!
//! With no arguments it builds a synthetic province in-process (474 branches in three
//! peer groups, 175 indicators of every rule kind, about a million facts, with a few
//! bad records), and prints per group the top and bottom units, the red and black
//! lists, and for one unit the explanation of every point it lost.
//!
//! With `--data DIR --out DIR` it runs the job of the neutral file format
//! (`docs/FORMATS.md`): reads `indicators.json`, `units.csv`, `targets.csv` and
//! `facts.csv` from DIR and writes `scores.csv`, `totals.csv`, `rejected.csv` and
//! `summary.json` into the output folder, all four or none. A configuration error
//! exits with status 2 naming the file, the object and the key (and writes nothing);
//! a file that cannot be read, a refused output folder or a failure at run time exits
//! with status 1 and leaves the output folder as it was.
//!
//! The modules: `cli` (the command line), `job/` (the file format over readers and
//! writers), `folder` (the output folder, all or nothing), `batch` (the job on
//! folders), `progress`, `generate` (a data set in the format, `--generate DIR`),
//! `demo` (the built-in province).

mod batch;
mod cli;
mod demo;
mod folder;
mod generate;
mod job;
mod progress;
#[path = "../support/synthetic.rs"]
mod synthetic;

use std::io::IsTerminal;
use std::process::ExitCode;

use self::batch::{Done, Options};
use self::cli::Command;
use self::generate::Shape;
use self::job::chain;
use self::progress::{megabytes, seconds};

fn main() -> ExitCode {
    let default_threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let command = match cli::parse(std::env::args_os().skip(1), default_threads) {
        Ok(c) => c,
        Err(e) => {
            eprintln!(
                "province: {e}\n{}\n(province --help tells more)",
                cli::USAGE
            );
            return ExitCode::from(2);
        }
    };
    match command {
        Command::Help => {
            print!("{}", cli::help());
            ExitCode::SUCCESS
        }
        Command::Demo { threads, digest } => demo::demo(threads, digest.as_deref()),
        Command::Generate { dir, seed } => {
            let files = generate::generate(seed, Shape::PROVINCE);
            match generate::write(&files, &dir) {
                Ok(()) => {
                    eprintln!(
                        "province: wrote indicators.json, units.csv, targets.csv and \
                         facts.csv ({} fact lines) into {}",
                        files.summary.facts_total,
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("province: cannot write the data set: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Job {
            data,
            out,
            threads,
            progress,
        } => {
            let options = Options {
                threads,
                progress: progress || std::io::stderr().is_terminal(),
                ..Options::new(data, out)
            };
            match batch::run(&options, &mut |_| {}) {
                Ok(done) => {
                    eprintln!("province: {}", summary_line(&done, &options));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("province: {}", chain(&e));
                    ExitCode::from(e.exit_code())
                }
            }
        }
    }
}

/// The one line said at the end of a run.
fn summary_line(done: &Done, options: &Options) -> String {
    let s = &done.summary;
    format!(
        "{} facts ({} accepted, {} out of period, {} rejected; {} MB), {} units, {} \
         indicators, {} scores; results in {} after {}",
        s.facts_total,
        s.facts_accepted,
        s.facts_out_of_period,
        s.facts_rejected,
        megabytes(done.bytes),
        s.units,
        s.indicators,
        s.scored_pairs,
        options.out.display(),
        seconds(done.elapsed)
    )
}
