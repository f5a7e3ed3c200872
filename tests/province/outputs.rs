//! Results all or nothing: the output folder holds the previous complete set or the
//! new one, never a mix; a link is never written through; the user's other files stay.

use std::fs;
use std::path::Path;

use super::batch::{Failure, OUTPUTS, Options, run};
use super::folder::{Staging, Swap};
use super::format::{FACTS, INDICATORS, TARGETS, UNITS};
use super::job::chain;
use super::{TempDir, snapshot};

/// Writes a data set: the fixture's configuration with `facts`.
fn data_set(dir: &Path, indicators: &str, facts: &str) {
    fs::create_dir_all(dir).expect("a folder");
    for (name, text) in [
        ("indicators.json", indicators),
        ("units.csv", UNITS),
        ("targets.csv", TARGETS),
        ("facts.csv", facts),
    ] {
        fs::write(dir.join(name), text).expect("written");
    }
}

/// The fixture as set A, and set B with other facts (so other results).
fn two_sets(tmp: &TempDir) -> (std::path::PathBuf, std::path::PathBuf) {
    let (a, b) = (tmp.join("a"), tmp.join("b"));
    data_set(&a, INDICATORS, FACTS);
    data_set(
        &b,
        INDICATORS,
        &FACTS.replace("A1,D1,2026-01-15,80", "A1,D1,2026-01-15,95"),
    );
    (a, b)
}

fn job(data: &Path, out: &Path, swap: Swap) -> Result<(), Failure> {
    let options = Options {
        swap,
        ..Options::new(data, out)
    };
    run(&options, &mut |_| {}).map(|_| ())
}

/// The entries beside `out` that a run of the job left (there should be none).
fn leftovers(out: &Path) -> Vec<String> {
    let parent = out.parent().expect("a parent");
    let ours = format!(
        ".{}.scorecard-",
        out.file_name().expect("a name").to_string_lossy()
    );
    fs::read_dir(parent)
        .expect("a folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.starts_with(&ours))
        .collect()
}

#[test]
fn a_first_run_makes_the_folder_with_the_four_files() {
    let tmp = TempDir::new("first");
    let (a, _) = two_sets(&tmp);
    let out = tmp.join("out");
    let done = run(&Options::new(&a, &out), &mut |_| {}).expect("runs");
    assert_eq!(
        (done.summary.facts_total, done.summary.scored_pairs),
        (18, 10)
    );
    assert_eq!(done.bytes, FACTS.len() as u64);
    assert!(done.elapsed.as_secs() < 60);
    let want = super::format::run(1);
    let mut expected = vec![
        ("rejected.csv".to_owned(), want.rejected.into_bytes()),
        ("scores.csv".to_owned(), want.scores.into_bytes()),
        ("summary.json".to_owned(), want.summary.into_bytes()),
        ("totals.csv".to_owned(), want.totals.into_bytes()),
    ];
    expected.sort();
    assert_eq!(snapshot(&out), expected);
    assert!(leftovers(&out).is_empty());
}

#[test]
fn a_run_replaces_the_four_files_and_keeps_the_others() {
    for swap in [Swap::Exchange, Swap::TwoStep] {
        let tmp = TempDir::new("replace");
        let (a, b) = two_sets(&tmp);
        let (out, reference) = (tmp.join("out"), tmp.join("reference"));
        job(&b, &reference, swap).expect("runs");
        job(&a, &out, swap).expect("runs");
        // the user's own files beside the results
        fs::write(out.join("notes.txt"), "keep me").expect("written");
        fs::create_dir_all(out.join("sub/deeper")).expect("a folder");
        fs::write(out.join("sub/deeper/a.csv"), "x,y\n").expect("written");
        #[cfg(unix)]
        std::os::unix::fs::symlink(a.join("units.csv"), out.join("units-link")).expect("a link");
        let mine: Vec<_> = snapshot(&out)
            .into_iter()
            .filter(|(n, _)| !OUTPUTS.contains(&n.as_str()))
            .collect();
        let deeper = snapshot(&out.join("sub/deeper"));
        job(&b, &out, swap).expect("runs");
        let mut want: Vec<_> = snapshot(&reference).into_iter().chain(mine).collect();
        want.sort();
        assert_eq!(snapshot(&out), want, "{swap:?}");
        assert_eq!(snapshot(&out.join("sub/deeper")), deeper, "{swap:?}");
        assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
    }
}

/// A run that fails at run time once left a new `rejected.csv` beside the previous
/// run's other files; now the earlier complete result stays, byte for byte.
#[test]
fn a_failing_run_leaves_the_earlier_result_complete() {
    let tmp = TempDir::new("failing");
    let (a, _) = two_sets(&tmp);
    let out = tmp.join("out");
    job(&a, &out, Swap::Exchange).expect("runs");
    let before = snapshot(&out);

    // an overflow while scoring: 2 complaints × 79228162514264337593543950335 points
    let overflow = tmp.join("overflow");
    data_set(
        &overflow,
        &INDICATORS.replace(
            "\"per_event\": \"0.5\"",
            "\"per_event\": \"79228162514264337593543950335\"",
        ),
        FACTS,
    );
    // facts.csv that opens but cannot be read: a folder
    let unreadable = tmp.join("unreadable");
    data_set(&unreadable, INDICATORS, FACTS);
    fs::remove_file(unreadable.join("facts.csv")).expect("removed");
    fs::create_dir(unreadable.join("facts.csv")).expect("a folder");
    // facts.csv missing, and a configuration error
    let missing = tmp.join("missing");
    data_set(&missing, INDICATORS, FACTS);
    fs::remove_file(missing.join("facts.csv")).expect("removed");
    let misspelt = tmp.join("misspelt");
    data_set(&misspelt, &INDICATORS.replace("\"cap\"", "\"capp\""), FACTS);

    for (data, status, want) in [
        (&overflow, 1, "the run failed: decimal overflow"),
        (&unreadable, 1, "facts.csv"),
        (&missing, 1, "facts.csv: No such file or directory"),
        (&misspelt, 2, "unknown key `capp` (did you mean `cap`?)"),
    ] {
        let err = job(data, &out, Swap::Exchange).expect_err("fails");
        let message = chain(&err);
        assert_eq!(err.exit_code(), status, "{message}");
        assert!(message.contains(want), "{message}");
        assert_eq!(snapshot(&out), before, "{message}");
        assert!(leftovers(&out).is_empty(), "{message}");
    }
}

/// A file that cannot be read was once reported without its cause ("province: cannot
/// read units.csv"); the chain now says what, which file and why, each once.
#[test]
fn a_missing_file_is_reported_with_its_path_and_its_cause() {
    let tmp = TempDir::new("missing-units");
    let data = tmp.join("data");
    data_set(&data, INDICATORS, FACTS);
    fs::remove_file(data.join("units.csv")).expect("removed");
    let err = job(&data, &tmp.join("out"), Swap::Exchange).expect_err("fails");
    assert_eq!(err.exit_code(), 1);
    let cause = std::io::Error::from_raw_os_error(2);
    assert_eq!(
        chain(&err),
        format!("cannot read {}: {cause}", data.join("units.csv").display())
    );
}

/// `out/scores.csv` linked to `data/facts.csv` once destroyed the input and exited 0;
/// now a link as the output folder, or among the job's file names in it, is refused
/// and nothing is touched.
#[cfg(unix)]
#[test]
fn an_output_linked_to_the_input_is_refused() {
    use std::os::unix::fs::symlink;
    let tmp = TempDir::new("linked");
    let (a, b) = two_sets(&tmp);
    let out = tmp.join("out");
    job(&a, &out, Swap::Exchange).expect("runs");
    fs::remove_file(out.join("scores.csv")).expect("removed");
    symlink(b.join("facts.csv"), out.join("scores.csv")).expect("a link");
    let (data_before, out_before) = (snapshot(&b), snapshot(&out));
    let err = job(&b, &out, Swap::Exchange).expect_err("refused");
    assert_eq!(err.exit_code(), 1);
    assert!(
        chain(&err).contains("scores.csv is a symbolic link"),
        "{}",
        chain(&err)
    );
    assert_eq!(snapshot(&b), data_before);
    assert_eq!(snapshot(&out), out_before);

    // the output folder itself a link to the input folder
    let linked = tmp.join("linked");
    symlink(&b, &linked).expect("a link");
    let err = job(&b, &linked, Swap::Exchange).expect_err("refused");
    assert!(
        chain(&err).contains("is a symbolic link"),
        "{}",
        chain(&err)
    );
    assert_eq!(snapshot(&b), data_before);

    // a folder, or a file, where a result goes
    let odd = tmp.join("odd");
    fs::create_dir_all(odd.join("summary.json")).expect("a folder");
    let err = job(&b, &odd, Swap::Exchange).expect_err("refused");
    assert!(
        chain(&err).contains("summary.json is not a regular file"),
        "{}",
        chain(&err)
    );
    let file = tmp.join("file");
    fs::write(&file, "x").expect("written");
    let err = job(&b, &file, Swap::Exchange).expect_err("refused");
    assert!(chain(&err).contains("is not a folder"), "{}", chain(&err));
    assert!(leftovers(&out).is_empty());
}

/// What killed runs left beside the output folder is cleaned up by the next run: their
/// staging folders removed, an old set moved aside put back when the output folder is
/// missing. Only our naming, only processes no longer running, never through a link.
#[cfg(unix)]
#[test]
fn what_killed_runs_left_is_cleaned_up() {
    let tmp = TempDir::new("cleanup");
    let (a, b) = two_sets(&tmp);
    let out = tmp.join("out");
    job(&a, &out, Swap::Exchange).expect("runs");
    let set_a = snapshot(&out);
    // no process has this id (above any pid_max)
    let dead = 2_147_483_647_u32;
    let me = std::process::id();
    let stale = tmp.join(format!(".out.scorecard-tmp-{dead}-0"));
    fs::create_dir(&stale).expect("a folder");
    fs::write(stale.join("scores.csv"), "half").expect("written");
    let running = tmp.join(format!(".out.scorecard-tmp-{me}-999999"));
    fs::create_dir(&running).expect("a folder");
    let keep = tmp.join("keep");
    fs::create_dir(&keep).expect("a folder");
    fs::write(keep.join("precious"), "yes").expect("written");
    let link = tmp.join(format!(".out.scorecard-tmp-{dead}-1"));
    std::os::unix::fs::symlink(&keep, &link).expect("a link");
    let other = tmp.join(".other.scorecard-tmp-1-0");
    fs::create_dir(&other).expect("a folder");

    job(&b, &out, Swap::Exchange).expect("runs");
    assert!(!stale.exists(), "a dead run's staging folder is removed");
    assert!(running.exists(), "a running process's is kept");
    assert!(other.exists(), "another output folder's is kept");
    assert!(fs::symlink_metadata(&link).is_ok(), "a link is not ours");
    assert_eq!(snapshot(&keep), [("precious".to_owned(), b"yes".to_vec())]);
    fs::remove_dir(&running).expect("removed");
    fs::remove_file(&link).expect("removed");

    // a run killed between the two renames of the fallback: the output folder missing,
    // the old set aside; the next run puts it back first
    fs::remove_dir_all(&out).expect("removed");
    job(&a, &tmp.join("a-again"), Swap::Exchange).expect("runs");
    let aside = tmp.join(format!(".out.scorecard-old-{dead}-3"));
    fs::rename(tmp.join("a-again"), &aside).expect("moved");
    drop(Staging::begin(&out, &OUTPUTS).expect("begins"));
    assert_eq!(snapshot(&out), set_a, "the old set is back");
    assert!(!aside.exists());
    // and an old set left after the second rename is removed
    fs::create_dir(&aside).expect("a folder");
    job(&b, &out, Swap::Exchange).expect("runs");
    assert!(!aside.exists());
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}
