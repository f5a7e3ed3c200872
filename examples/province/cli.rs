//! The command line, strict: an unknown flag, a flag without its value, a flag given
//! twice or a value that is not what the flag takes is a usage error (exit status 2),
//! never a different run.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

#[path = "../support/flags.rs"]
mod flags;

/// The most threads `--threads` accepts.
pub const MAX_THREADS: usize = 256;

/// The usage line.
pub const USAGE: &str = "usage: province [--threads N] [--digest FILE]\n       \
     province --data DIR --out DIR [--threads N] [--progress]\n       \
     province --generate DIR [--seed N]\n       \
     province --help";

/// The text of `--help`.
pub fn help() -> String {
    format!(
        "{USAGE}

The province job of the scorecard crate's example.

With no arguments, builds a synthetic province in-process (474 branches, 175
indicators, about a million facts) and prints per group the top and bottom units,
the red and black lists, and for one unit why it lost every point.

  --digest FILE   with the built-in province: also write its digest document (the
                  JSON whose RFC 8785 canonical form the printed digest hashes,
                  docs/AUDIT.md) to FILE
  --data DIR      read indicators.json, units.csv, targets.csv and facts.csv from DIR
  --out DIR       write scores.csv, totals.csv, rejected.csv and summary.json into DIR,
                  all four or none: they are written beside DIR and swapped in whole
                  when the run has succeeded (docs/FORMATS.md); other files in DIR
                  are kept
  --threads N     read and score on N threads, 1 to {MAX_THREADS} (default: the
                  processors available, at most {MAX_THREADS})
  --progress      report progress on stderr (on by default when stderr is a terminal)
  --generate DIR  write a synthetic data set in the job's file format into DIR (a new
                  or empty folder): 474 units, 175 indicators, about a million facts
  --seed N        the seed of --generate (default 11)
  -h, --help      print this help

Exit status:
  0  success
  1  a run that failed: a file that cannot be read or written, an output folder
     refused (a symbolic link, or a link among the four output names), an overflow;
     the output folder is left as it was
  2  a usage error, or a configuration error (a mistake in indicators.json,
     units.csv or targets.csv, named with its file, object and key); nothing is
     written
"
    )
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Print the help.
    Help,
    /// The built-in province.
    Demo {
        /// Threads.
        threads: usize,
        /// Where to write the digest document, if anywhere.
        digest: Option<PathBuf>,
    },
    /// The job on files.
    Job {
        /// The input folder.
        data: PathBuf,
        /// The output folder.
        out: PathBuf,
        /// Threads.
        threads: usize,
        /// Progress on stderr even when it is not a terminal.
        progress: bool,
    },
    /// Write a data set.
    Generate {
        /// The folder to write into.
        dir: PathBuf,
        /// The seed.
        seed: u64,
    },
}

/// A command line that makes no sense, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn usage(message: impl Into<String>) -> UsageError {
    UsageError(message.into())
}

/// The flags that take a value.
const VALUED: [&str; 6] = [
    "--data",
    "--out",
    "--threads",
    "--generate",
    "--seed",
    "--digest",
];
/// The flags that take none.
const SWITCHES: [&str; 3] = ["--progress", "--help", "-h"];

/// Reads the arguments (without the program name). `default_threads` is used when
/// `--threads` is not given.
///
/// # Errors
///
/// A [`UsageError`] saying what is wrong.
pub fn parse<I>(args: I, default_threads: usize) -> Result<Command, UsageError>
where
    I: IntoIterator<Item = OsString>,
{
    let flags = flags::scan(args, &SWITCHES, &VALUED).map_err(usage)?;
    if flags.switches.contains(&"--help") || flags.switches.contains(&"-h") {
        return Ok(Command::Help);
    }
    let take = |flag: &str| flags.take(flag);
    let threads = match take("--threads") {
        None => default_threads.clamp(1, MAX_THREADS),
        Some(v) => threads(&v)?,
    };
    let progress = flags.switches.contains(&"--progress");
    let only = |allowed: &[&str], mode: &str| -> Result<(), UsageError> {
        for (f, _) in &flags.values {
            if !allowed.contains(f) {
                return Err(usage(format!("{f} does not go with {mode}")));
            }
        }
        Ok(())
    };
    if let Some(dir) = take("--generate") {
        only(&["--generate", "--seed"], "--generate")?;
        if progress {
            return Err(usage("--progress does not go with --generate"));
        }
        let seed = match take("--seed") {
            None => 11,
            Some(v) => number(&v, "--seed")?,
        };
        return Ok(Command::Generate {
            dir: PathBuf::from(dir),
            seed,
        });
    }
    if take("--seed").is_some() {
        return Err(usage("--seed goes with --generate"));
    }
    let digest = take("--digest").map(PathBuf::from);
    match (take("--data"), take("--out")) {
        (None, None) => {
            if progress {
                return Err(usage("--progress goes with --data and --out"));
            }
            Ok(Command::Demo { threads, digest })
        }
        _ if digest.is_some() => Err(usage(
            "--digest goes with the built-in province, not with --data and --out",
        )),
        (Some(data), Some(out)) => Ok(Command::Job {
            data: PathBuf::from(data),
            out: PathBuf::from(out),
            threads,
            progress,
        }),
        (Some(_), None) => Err(usage("--data needs --out")),
        (None, Some(_)) => Err(usage("--out needs --data")),
    }
}

fn number(v: &OsString, flag: &str) -> Result<u64, UsageError> {
    let s = v.to_string_lossy();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(usage(format!("{flag} takes a whole number, not {s:?}")));
    }
    s.parse::<u64>()
        .map_err(|_| usage(format!("{flag} {s} is too large")))
}

fn threads(v: &OsString) -> Result<usize, UsageError> {
    let s = v.to_string_lossy();
    let bad = || {
        usage(format!(
            "--threads takes a number from 1 to {MAX_THREADS}, not {s:?}"
        ))
    };
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    match s.parse::<usize>() {
        Ok(n) if (1..=MAX_THREADS).contains(&n) => Ok(n),
        _ => Err(bad()),
    }
}
