//! The command line, strict like the province example's: an unknown flag, a flag
//! without its value, a flag given twice or a value that is not what the flag takes is a
//! usage error (exit status 2), never a different run.

use std::ffi::OsString;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

#[path = "../../support/flags.rs"]
mod flags;

use chrono::NaiveDate;

/// The usage line.
pub const USAGE: &str = "usage: scorecard-service --data DIR --db FILE [--listen ADDR] [--as-of DATE] [--body-limit BYTES]\n       \
     scorecard-service --help";

/// The address listened on when `--listen` is not given: loopback only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// The body limit when `--body-limit` is not given: 4 MiB, about 130 000 fact lines.
pub const DEFAULT_BODY_LIMIT: usize = 4 << 20;

/// The largest `--body-limit` accepted: 256 MiB (a batch is one transaction, held in
/// memory while it is checked).
pub const MAX_BODY_LIMIT: usize = 256 << 20;

/// The text of `--help`.
pub fn help() -> String {
    format!(
        "{USAGE}

The reference service of the scorecard crate: one open live evaluation of the rule book
in DIR, fed by POST /facts and kept in the SQLite database FILE.

  --data DIR          read units.csv, indicators.json and targets.csv (the province
                      job's neutral files, docs/FORMATS.md) and, when present,
                      tokens.toml, webhooks.toml and warnings.toml from DIR
  --db FILE           the SQLite database (created when absent); on start the service
                      replays the facts it holds, in commit order
  --listen ADDR       the address to listen on (default {DEFAULT_LISTEN}); an address
                      other than loopback needs tokens.toml
  --as-of DATE        the as-of date of alerts and cards, YYYY-MM-DD (default: today,
                      from the clock, checked again every minute)
  --body-limit BYTES  the largest request body, 1 to {MAX_BODY_LIMIT} (default
                      {DEFAULT_BODY_LIMIT}); a larger one is answered 413
  -h, --help          print this help

Exit status:
  0  stopped by SIGINT or SIGTERM
  1  the database or a file cannot be read or written, the address cannot be bound
  2  a usage error, or a mistake in a file of DIR (named with its file, object and key)
"
    )
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Print the help.
    Help,
    /// Run the service.
    Serve(Options),
}

/// The options of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The data folder.
    pub data: PathBuf,
    /// The SQLite database.
    pub db: PathBuf,
    /// The address to listen on.
    pub listen: SocketAddr,
    /// A fixed as-of date, or `None` for the clock's.
    pub as_of: Option<NaiveDate>,
    /// The largest request body, in bytes.
    pub body_limit: usize,
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
const VALUED: [&str; 5] = ["--data", "--db", "--listen", "--as-of", "--body-limit"];
/// The flags that take none.
const SWITCHES: [&str; 2] = ["--help", "-h"];

/// Reads the arguments (without the program name).
///
/// # Errors
///
/// A [`UsageError`] saying what is wrong.
pub fn parse<I>(args: I) -> Result<Command, UsageError>
where
    I: IntoIterator<Item = OsString>,
{
    let flags = flags::scan(args, &SWITCHES, &VALUED).map_err(usage)?;
    if !flags.switches.is_empty() {
        return Ok(Command::Help);
    }
    let take = |flag: &str| flags.take(flag);
    let data = take("--data").ok_or_else(|| usage("--data is required"))?;
    let db = take("--db").ok_or_else(|| usage("--db is required"))?;
    let listen = match take("--listen") {
        None => DEFAULT_LISTEN
            .parse()
            .map_err(|_| usage("the default address does not parse"))?,
        Some(v) => {
            let s = v.to_string_lossy();
            s.parse::<SocketAddr>().map_err(|_| {
                usage(format!(
                    "--listen takes an address with a port, such as 127.0.0.1:8080, not {s:?}"
                ))
            })?
        }
    };
    let as_of = match take("--as-of") {
        None => None,
        Some(v) => {
            let s = v.to_string_lossy();
            Some(scorecard::Period::parse_date(&s).ok_or_else(|| {
                usage(format!(
                    "--as-of takes a date written YYYY-MM-DD, not {s:?}"
                ))
            })?)
        }
    };
    let body_limit = match take("--body-limit") {
        None => DEFAULT_BODY_LIMIT,
        Some(v) => {
            let s = v.to_string_lossy();
            let bad = || {
                usage(format!(
                    "--body-limit takes a number of bytes from 1 to {MAX_BODY_LIMIT}, not {s:?}"
                ))
            };
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            match s.parse::<usize>() {
                Ok(n) if (1..=MAX_BODY_LIMIT).contains(&n) => n,
                _ => return Err(bad()),
            }
        }
    };
    Ok(Command::Serve(Options {
        data: PathBuf::from(data),
        db: PathBuf::from(db),
        listen,
        as_of,
        body_limit,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Result<Command, UsageError> {
        parse(a.iter().map(OsString::from))
    }

    #[test]
    fn defaults_and_errors() {
        let Ok(Command::Serve(o)) = args(&["--data", "d", "--db", "f.db"]) else {
            panic!("a plain command line is a run");
        };
        assert_eq!(o.listen.to_string(), DEFAULT_LISTEN);
        assert_eq!(o.body_limit, DEFAULT_BODY_LIMIT);
        assert_eq!(o.as_of, None);
        for (bad, why) in [
            (&["--data", "d"][..], "--db is required"),
            (&["--data", "d", "--db"], "--db needs a value"),
            (&["--data", "d", "--db", "f", "--x"], "unknown option --x"),
            (
                &["--data", "d", "--data", "e", "--db", "f"],
                "--data is given twice",
            ),
            (
                &["--data", "d", "--db", "f", "--listen", "8080"],
                "--listen takes an address with a port, such as 127.0.0.1:8080, not \"8080\"",
            ),
            (
                &["--data", "d", "--db", "f", "--as-of", "2026-02-30"],
                "--as-of takes a date written YYYY-MM-DD, not \"2026-02-30\"",
            ),
            (
                &["--data", "d", "--db", "f", "--body-limit", "0"],
                "--body-limit takes a number of bytes from 1 to 268435456, not \"0\"",
            ),
            (
                &["--data", "d", "--db", "f", "extra"],
                "unexpected argument \"extra\"",
            ),
        ] {
            assert_eq!(args(bad), Err(usage(why)), "{bad:?}");
        }
        assert_eq!(args(&["--help"]), Ok(Command::Help));
    }
}
