//! Strict configuration files: a mistake in `indicators.json`, `units.csv` or
//! `targets.csv` is a configuration error naming the file, the object and the key,
//! never a different ranking.

use super::format::{INDICATORS, TARGETS, UNITS, config_error, load};
use super::job::{ConfigError, MAX_CONFIG_BYTES, read_scheme, read_targets, read_units};

/// The configuration error of `indicators`, with its message.
fn scheme_error(indicators: &str) -> (ConfigError, String) {
    let message = config_error(indicators, UNITS, TARGETS);
    let err = load(indicators, UNITS, TARGETS).expect_err("a configuration error");
    let super::job::JobError::Config(c) = err else {
        panic!("not a configuration error: {message}");
    };
    assert_eq!(c.file, "indicators.json", "{message}");
    (c, message)
}

fn replaced(from: &str, to: &str) -> String {
    assert!(INDICATORS.contains(from), "{from}");
    INDICATORS.replacen(from, to, 1)
}

/// A misspelt key once loaded silently and changed scores (`capp` left the cap at its
/// default); now at every level it is refused with the nearest valid key.
#[test]
fn a_misspelt_key_is_named_with_the_nearest_valid_one() {
    for (from, to, object, key, near) in [
        (
            "\"indicators\":",
            "\"indicatorz\":",
            None,
            "indicatorz",
            "indicators",
        ),
        ("\"start\":", "\"strat\":", Some("period"), "strat", "start"),
        (
            "\"slope\":",
            "\"slop\":",
            Some("difficulty"),
            "slop",
            "slope",
        ),
        (
            "\"red_share\":",
            "\"red_shar\":",
            Some("lists"),
            "red_shar",
            "red_share",
        ),
        ("\"cap\":", "\"capp\":", Some("indicator I1"), "capp", "cap"),
        (
            "\"per_event\":",
            "\"per_evnt\":",
            Some("indicator I2"),
            "per_evnt",
            "per_event",
        ),
        (
            "\"datapoint\": \"D2\"",
            "\"datapiont\": \"D2\"",
            Some("indicator I2"),
            "datapiont",
            "datapoint",
        ),
        (
            "\"kind\": \"completion\"",
            "\"kidn\": \"completion\"",
            Some("indicator I1"),
            "kidn",
            "kind",
        ),
        (
            "\"points\": \"3\"",
            "\"Points\": \"3\"",
            Some("indicator I3"),
            "Points",
            "points",
        ),
    ] {
        let (c, message) = scheme_error(&replaced(from, to));
        assert_eq!(c.object.as_deref(), object, "{message}");
        assert_eq!(c.key.as_deref(), Some(key), "{message}");
        assert_eq!(c.suggestion.as_deref(), Some(near), "{message}");
        assert!(
            message.contains(&format!("unknown key `{key}` (did you mean `{near}`?)")),
            "{message}"
        );
    }
}

/// A key far from any valid one, or valid only for another kind of indicator, is
/// refused with the list of the keys this object takes.
#[test]
fn a_key_of_no_use_here_is_refused_with_the_valid_keys() {
    let (c, message) = scheme_error(&replaced(
        "\"per_event\": \"0.5\"",
        "\"per_event\": \"0.5\", \"flor\": \"1\"",
    ));
    assert_eq!(c.key.as_deref(), Some("flor"));
    assert_eq!(c.suggestion, None);
    assert!(
        message.contains(
            "indicator I2: unknown key `flor`; the keys of a deduction indicator are `id`, \
             `name`, `kind`, `points`, `groups`, `datapoint`, `per_event`"
        ),
        "{message}"
    );
    // `cap` is a key of completion indicators, not of deductions
    let (c, message) = scheme_error(&replaced(
        "\"per_event\": \"0.5\"",
        "\"per_event\": \"0.5\", \"cap\": \"1\"",
    ));
    assert_eq!(c.key.as_deref(), Some("cap"), "{message}");
    assert!(message.contains("a deduction indicator"), "{message}");
}

/// JSON lets a key be written twice and most readers keep the last; the job refuses it.
#[test]
fn a_key_given_twice_is_refused() {
    let (c, message) = scheme_error(&replaced(
        "\"cap\": \"1.0\"",
        "\"cap\": \"1.0\", \"cap\": \"1.2\"",
    ));
    assert_eq!(
        (c.object.as_deref(), c.key.as_deref()),
        (Some("indicator I1"), Some("cap"))
    );
    assert!(message.contains("key `cap` is given twice"), "{message}");
}

/// A bare JSON number would pass through binary floating point: refused with a message
/// saying how to write it.
#[test]
fn a_bare_number_is_refused_with_how_to_write_it() {
    let (c, message) = scheme_error(&replaced("\"points\": \"2\"", "\"points\": 2"));
    assert_eq!(
        (c.object.as_deref(), c.key.as_deref()),
        (Some("indicator I2"), Some("points"))
    );
    assert!(
        message.contains("`points` is a bare JSON number; write it as a string, \"2\""),
        "{message}"
    );
    let (c, message) = scheme_error(&replaced("\"0.1\"", "0.1"));
    assert_eq!(
        (c.object.as_deref(), c.key.as_deref()),
        (Some("difficulty"), Some("slope"))
    );
    assert!(
        message.contains("write it as a string in quotes (\"0.05\", not 0.05)"),
        "{message}"
    );
    for bad in ["\"1e-1\"", "\".1\"", "\"0.1 \"", "\"\""] {
        let (c, message) = scheme_error(&replaced("\"0.1\"", bad));
        assert_eq!(c.key.as_deref(), Some("slope"), "{message}");
        assert!(message.contains("is not a decimal number"), "{message}");
    }
}

/// The job's `ratio_threshold` is lower-is-better: a swapped pair once flipped red and
/// black lists without a word; now `good` not below `bad` is an error naming the
/// indicator.
#[test]
fn good_not_below_bad_is_a_configuration_error() {
    for (good, bad) in [("0.05", "0.03"), ("0.04", "0.04")] {
        let (c, message) = scheme_error(&replaced(
            "\"good\": \"0.03\", \"bad\": \"0.05\"",
            &format!("\"good\": \"{good}\", \"bad\": \"{bad}\""),
        ));
        assert_eq!(
            (c.object.as_deref(), c.key.as_deref()),
            (Some("indicator I3"), Some("good")),
            "{message}"
        );
        assert!(
            message.contains(&format!("`good` {good} is not below `bad` {bad}")),
            "{message}"
        );
    }
}

#[test]
fn missing_mistyped_and_unknown_values_are_named() {
    for (from, to, want) in [
        (
            "\"cap\": \"1.0\"",
            "\"name\": \"x\"",
            "indicator I1: key `name` is given twice",
        ),
        (", \"cap\": \"1.0\"", "", "indicator I1: missing key `cap`"),
        (
            "\"completion\"",
            "\"complection\"",
            "indicator I1: unknown kind \"complection\" (did you mean \"completion\"?)",
        ),
        (
            "\"completion\"",
            "\"magic\"",
            "unknown kind \"magic\" (the kinds are completion, ratio_threshold, deduction, \
             peer_relative, efficacy)",
        ),
        (
            "\"groups\": [\"hall\", \"key\"], \"datapoint\": \"D1\"",
            "\"groups\": \"hall\", \"datapoint\": \"D1\"",
            "indicator I1: `groups` must be an array, not a string",
        ),
        (
            "\"datapoint\": \"D1\"",
            "\"datapoint\": \"\"",
            "indicator I1: `datapoint` is empty",
        ),
        (
            "\"id\": \"I1\"",
            "\"id\": 1",
            "indicator #1: `id` is a bare JSON number",
        ),
        (
            "\"households_per_staff\"",
            "\"households_per_head\"",
            "difficulty: unknown difficulty factor \"households_per_head\"",
        ),
        (
            "\"2026-12-31\"",
            "\"2026-12-32\"",
            "period: `end`: \"2026-12-32\"",
        ),
        (
            "\"2026-12-31\"",
            "\"2025-12-31\"",
            "period: period ends on 2025-12-31 before it starts on 2026-01-01",
        ),
        ("\"lists\": {", "\"lists\": [{", "not valid JSON"),
    ] {
        let message = config_error(&replaced(from, to), UNITS, TARGETS);
        assert!(message.contains(want), "got {message:?}, want {want:?}");
    }
    let message = config_error("[1]", UNITS, TARGETS);
    assert!(
        message.contains("indicators.json: must be a JSON object, not an array"),
        "{message}"
    );
    let message = config_error(
        &INDICATORS.replace("\"indicators\": [", "\"indicators\": [7, "),
        UNITS,
        TARGETS,
    );
    assert!(
        message.contains("indicator #1: must be a JSON object, not a number"),
        "{message}"
    );
}

/// The CSV configuration files name the line and the column at fault.
#[test]
fn csv_configuration_errors_name_the_line_and_column() {
    let err = read_units(
        UNITS
            .replace("Baoding,hall,10", "Baoding,hall,0")
            .as_bytes(),
    )
    .expect_err("staff 0");
    let c = err.as_config().expect("a configuration error");
    assert_eq!(
        (c.file, c.object.as_deref(), c.key.as_deref()),
        ("units.csv", Some("line 3"), Some("staff"))
    );
    let err = read_targets(TARGETS.replace("A2,I1,200", "A2,I1,2e2").as_bytes())
        .expect_err("not a decimal");
    let c = err.as_config().expect("a configuration error");
    assert_eq!(
        (c.file, c.object.as_deref(), c.key.as_deref()),
        ("targets.csv", Some("line 3"), Some("target"))
    );
    let message = config_error(INDICATORS, UNITS, &format!("{TARGETS}A1,I1,7\n"));
    assert!(
        message.contains("targets.csv, line 7: unit A1 has two targets for indicator I1"),
        "{message}"
    );
}

/// A configuration file is read whole: one over 64 MiB is refused, not read.
#[test]
fn a_configuration_file_has_a_size_limit() {
    assert_eq!(MAX_CONFIG_BYTES, 64 << 20);
    let big = || std::io::Read::take(std::io::repeat(b' '), MAX_CONFIG_BYTES + 1);
    for err in [
        read_scheme(big()).map(|_| ()),
        read_units(big()).map(|_| ()),
        read_targets(big()).map(|_| ()),
    ] {
        let err = err.expect_err("too big");
        assert_eq!(err.exit_code(), 2);
        assert!(
            err.to_string()
                .contains("larger than the 64 MiB a configuration file may have"),
            "{err}"
        );
    }
}
