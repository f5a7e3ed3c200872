//! A command line that refuses nonsense: every mistake a usage error (exit status 2),
//! never a different run.

use std::ffi::OsString;
use std::path::PathBuf;

use super::cli::{Command, MAX_THREADS, USAGE, help, parse};

fn run(args: &[&str]) -> Result<Command, String> {
    parse(args.iter().map(OsString::from), 4).map_err(|e| e.0)
}

fn job(data: &str, out: &str, threads: usize, progress: bool) -> Command {
    Command::Job {
        data: PathBuf::from(data),
        out: PathBuf::from(out),
        threads,
        progress,
    }
}

#[test]
fn what_the_command_line_asks_for() {
    let demo = |threads, digest: Option<&str>| Command::Demo {
        threads,
        digest: digest.map(PathBuf::from),
    };
    assert_eq!(run(&[]), Ok(demo(4, None)));
    assert_eq!(run(&["--threads", "2"]), Ok(demo(2, None)));
    assert_eq!(run(&["--digest", "d.json"]), Ok(demo(4, Some("d.json"))));
    assert_eq!(
        run(&["--data", "d", "--out", "o"]),
        Ok(job("d", "o", 4, false))
    );
    assert_eq!(
        run(&["--out=o", "--progress", "--data=d", "--threads=256"]),
        Ok(job("d", "o", 256, true))
    );
    assert_eq!(
        run(&["--generate", "g", "--seed", "7"]),
        Ok(Command::Generate {
            dir: PathBuf::from("g"),
            seed: 7
        })
    );
    assert_eq!(run(&["--help"]), Ok(Command::Help));
    assert_eq!(run(&["--data", "d", "-h"]), Ok(Command::Help));
    // the default is bounded too
    assert_eq!(
        parse(std::iter::empty(), 100_000).map_err(|e| e.0),
        Ok(demo(MAX_THREADS, None))
    );
}

#[test]
fn nonsense_is_a_usage_error() {
    for (args, want) in [
        (&["--data"][..], "--data needs a value"),
        (&["--data", "--out", "o"][..], "--data needs a value"),
        (&["--data=", "--out", "o"][..], "--data needs a value"),
        (&["--data", "d"][..], "--data needs --out"),
        (&["--out", "o"][..], "--out needs --data"),
        (
            &["--data", "d", "--out", "o", "--digest", "x"][..],
            "--digest goes with the built-in province, not with --data and --out",
        ),
        (
            &["--generate", "g", "--digest", "x"][..],
            "--digest does not go with --generate",
        ),
        (
            &["--digest", "a", "--digest", "b"][..],
            "--digest is given twice",
        ),
        (
            &["--data", "d", "--out", "o", "--data", "e"][..],
            "--data is given twice",
        ),
        (
            &["--progress", "--progress"][..],
            "--progress is given twice",
        ),
        (&["--progress=yes"][..], "--progress takes no value"),
        (&["--progress"][..], "--progress goes with --data and --out"),
        (&["--bogus"][..], "unknown option --bogus"),
        (&["-x"][..], "unknown option -x"),
        (&["data"][..], "unexpected argument \"data\""),
        (&["--threads"][..], "--threads needs a value"),
        (
            &["--threads", "two"][..],
            "--threads takes a number from 1 to 256, not \"two\"",
        ),
        (&["--threads", "0"][..], "not \"0\""),
        (&["--threads", "257"][..], "not \"257\""),
        (&["--threads", "-1"][..], "not \"-1\""),
        (&["--threads", "+2"][..], "not \"+2\""),
        (&["--threads", "1000000"][..], "not \"1000000\""),
        (
            &["--threads", "18446744073709551615"][..],
            "not \"18446744073709551615\"",
        ),
        (
            &["--threads", "99999999999999999999999"][..],
            "not \"99999999999999999999999\"",
        ),
        (&["--seed", "1"][..], "--seed goes with --generate"),
        (
            &["--generate", "g", "--seed", "x"][..],
            "--seed takes a whole number, not \"x\"",
        ),
        (
            &["--generate", "g", "--data", "d"][..],
            "--data does not go with --generate",
        ),
    ] {
        assert_eq!(
            run(args).err().as_deref().map(|m| m.contains(want)),
            Some(true),
            "{args:?}: {:?}",
            run(args)
        );
    }
}

#[test]
fn help_documents_the_exit_status_and_the_bounds() {
    let h = help();
    assert!(h.starts_with(USAGE));
    for want in [
        "Exit status:",
        "  0  success",
        "  1  a run that failed",
        "  2  a usage error",
        "1 to 256",
    ] {
        assert!(h.contains(want), "{want}");
    }
}
