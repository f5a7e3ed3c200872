//! A type's own error raised while a rule-book file loads keeps its kind and what it
//! names: the host can still ask `is_duplicate()`, `unit()`, `indicator()`, `field()`
//! of a load error, which also says where in the file it is.

use scorecard::audit::Digest;
use scorecard::facts::Tally;
use scorecard::rulebook::{from_json_str, from_toml_str};
use scorecard::{Period, Targets};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Book {
    #[allow(dead_code)]
    targets: Targets,
}

const TWICE: &str = r#"
[[targets]]
unit = "U1"
indicator = "I9"
target = "800"

[[targets]]
unit = "U1"
indicator = "I9"
target = "900"
"#;

#[test]
fn a_duplicate_target_raised_while_loading_toml_stays_a_duplicate_naming_the_pair() {
    let e = from_toml_str::<Book>(TWICE, "targets.toml").expect_err("twice");
    assert!(e.is_load() && e.is_duplicate(), "{e}");
    assert_eq!(e.unit().map(|u| u.as_str()), Some("U1"));
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I9"));
    // pointed at the second of the two rows
    assert_eq!((e.file(), e.line()), (Some("targets.toml"), Some(7)));
    assert_eq!(e.path(), Some("targets[1]"));
    assert_eq!(
        e.to_string(),
        "targets.toml:7:1: targets[1]: indicator I9 has two targets for unit U1"
    );
}

#[test]
fn a_duplicate_target_raised_while_loading_json_stays_a_duplicate_naming_the_pair() {
    let json = r#"[
      {"unit": "U1", "indicator": "I9", "target": "800"},
      {"unit": "U1", "indicator": "I9", "target": "900"}
    ]"#;
    let e = from_json_str::<Targets>(json, "targets.json").expect_err("twice");
    assert!(e.is_load() && e.is_duplicate(), "{e}");
    assert_eq!(e.unit().map(|u| u.as_str()), Some("U1"));
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I9"));
    assert_eq!((e.file(), e.line()), (Some("targets.json"), Some(3)));
    assert_eq!(e.path(), Some("[1]"));
}

#[test]
fn a_backward_period_raised_while_loading_stays_an_invalid_period() {
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Scheme {
        #[allow(dead_code)]
        period: Period,
    }
    let toml = "period = { start = \"2026-12-31\", end = \"2026-01-01\" }\n";
    let e = from_toml_str::<Scheme>(toml, "scheme.toml").expect_err("backwards");
    assert!(e.is_load() && e.is_invalid_period(), "{e}");
    assert_eq!((e.file(), e.line()), (Some("scheme.toml"), Some(1)));
    assert!(
        e.to_string()
            .ends_with("period ends on 2026-01-01 before it starts on 2026-12-31"),
        "{e}"
    );
}

#[test]
fn a_tally_whose_total_does_not_add_up_names_the_field_when_loaded() {
    let json = r#"{"total": 5, "accepted": 1, "out_of_period": 1, "rejected": 1}"#;
    let e = from_json_str::<Tally>(json, "summary.json").expect_err("5 is not 3");
    assert!(e.is_load() && e.is_invalid_option(), "{e}");
    assert_eq!((e.field(), e.value()), (Some("total"), Some("5")));
}

#[test]
fn a_malformed_digest_raised_while_loading_keeps_its_text() {
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Sealed {
        #[allow(dead_code)]
        digest: Digest,
    }
    let e = from_json_str::<Sealed>(r#"{"digest": "md5:0"}"#, "seal.json").expect_err("not one");
    assert!(e.is_load() && e.is_malformed(), "{e}");
    assert_eq!(e.value(), Some("md5:0"));
    assert_eq!(e.path(), Some("digest"));
}
