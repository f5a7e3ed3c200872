//! Decimals are read exactly from their source text, or refused with a message saying
//! how to write them; never through binary floating point.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use scorecard::rulebook::exact_serde::{self, Exact};
use scorecard::rulebook::{from_json_str, from_toml_str};
use serde::Deserialize;

use super::One;

fn exact(d: Decimal) -> (String, u32) {
    (d.to_string(), d.scale())
}

#[test]
fn a_bare_toml_number_keeps_every_digit() {
    let one: One = from_toml_str("x = 123456789.123456789\n", "x.toml").unwrap();
    assert_eq!(exact(one.x), ("123456789.123456789".into(), 9));
    let one: One = from_toml_str("x = 0.10\n", "x.toml").unwrap();
    assert_eq!(exact(one.x), ("0.10".into(), 2));
    let one: One = from_toml_str("x = 1_000\n", "x.toml").unwrap();
    assert_eq!(exact(one.x), ("1000".into(), 0));
    let one: One = from_toml_str("x = 0x10\n", "x.toml").unwrap();
    assert_eq!(exact(one.x), ("16".into(), 0));
    let one: One = from_toml_str("x = +2.50\n", "x.toml").unwrap();
    assert_eq!(exact(one.x), ("2.50".into(), 2));
}

#[test]
fn a_bare_json_number_keeps_every_digit() {
    let one: One = from_json_str("{\"x\": 123456789.123456789}", "x.json").unwrap();
    assert_eq!(exact(one.x), ("123456789.123456789".into(), 9));
    let one: One = from_json_str("{\"x\": -0.030}", "x.json").unwrap();
    assert_eq!(exact(one.x), ("-0.030".into(), 3));
    // beyond u64: read from its text, still exact
    let one: One = from_json_str("{\"x\": 12345678901234567890123}", "x.json").unwrap();
    assert_eq!(exact(one.x), ("12345678901234567890123".into(), 0));
}

#[test]
fn a_decimal_string_is_exact_in_both_formats() {
    let one: One = from_toml_str("x = \"0.0300\"\n", "x.toml").unwrap();
    assert_eq!(exact(one.x), ("0.0300".into(), 4));
    let one: One = from_json_str("{\"x\": \"-7\"}", "x.json").unwrap();
    assert_eq!(exact(one.x), ("-7".into(), 0));
}

#[test]
fn an_exponent_is_refused_with_how_to_write_the_number() {
    for (text, file) in [("x = 1e3\n", "x.toml"), ("x = \"1e3\"\n", "x.toml")] {
        let e = from_toml_str::<One>(text, file).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "x.toml:1:5: `x`: `1e3` has an exponent: write the number out in digits, without one (\"1000\", not \"1e3\")"
            ),
            "{text}"
        );
    }
    let e = from_json_str::<One>("{\"x\": 2.5E-2}", "x.json").unwrap_err();
    assert!(e.to_string().contains("`2.5E-2` has an exponent"), "{e}");
    assert_eq!(e.key(), Some("x"));
}

#[test]
fn a_bare_fraction_through_serde_json_or_toml_directly_is_refused_with_the_how_to() {
    let how = "write it as a string, \"123456789.123456789\", or load the file with scorecard::rulebook: \
               a bare number would pass through binary floating point";
    let e = serde_json::from_str::<One>("{\"x\": 123456789.123456789}").unwrap_err();
    assert!(e.to_string().starts_with(how), "{e}");
    let e = toml::from_str::<One>("x = 123456789.123456789\n").unwrap_err();
    assert!(e.to_string().contains(how), "{e}");
    // integers and strings are exact there too
    let one: One = serde_json::from_str("{\"x\": 42}").unwrap();
    assert_eq!(exact(one.x), ("42".into(), 0));
    let one: One = toml::from_str("x = \"0.125\"\n").unwrap();
    assert_eq!(exact(one.x), ("0.125".into(), 3));
}

#[test]
fn more_than_28_significant_digits_are_refused_with_that_reason() {
    let digits31 = "1234567890.123456789012345678901";
    let e = from_toml_str::<One>(&format!("x = {digits31}\n"), "x.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "x.toml:1:5: `x`: `{digits31}` has 31 significant digits; a decimal holds at most 28"
        )
    );
    let e = from_json_str::<One>(&format!("{{\"x\": \"{digits31}\"}}"), "x.json").unwrap_err();
    assert!(e.to_string().contains("has 31 significant digits"), "{e}");
    let e = from_json_str::<One>("{\"x\": 123456789012345678901234567890}", "x.json").unwrap_err();
    assert!(e.to_string().contains("has 30 significant digits"), "{e}");
    let e = from_json_str::<One>("{\"x\": 0.00000000000000000000000000001}", "x.json").unwrap_err();
    assert!(e.to_string().contains("has 29 decimal places"), "{e}");
}

#[test]
fn text_outside_the_strict_grammar_is_refused_with_the_grammar() {
    for bad in ["1,000", " 1", "1.", ".5", "½", "", "0x10", "NaN"] {
        let e = from_json_str::<One>(&format!("{{\"x\": \"{bad}\"}}"), "x.json").unwrap_err();
        assert!(
            e.to_string().contains("is not a decimal number"),
            "{bad}: {e}"
        );
    }
}

#[test]
fn a_boolean_for_a_decimal_is_a_type_error() {
    let e = from_toml_str::<One>("x = true\n", "x.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "x.toml:1:5: `x`: expected a decimal number such as \"0.05\", found the boolean `true`"
    );
}

#[test]
fn option_and_vec_and_map_forms_are_exact() {
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Forms {
        #[serde(default, deserialize_with = "exact_serde::option_decimal")]
        cap: Option<Decimal>,
        #[serde(deserialize_with = "exact_serde::vec_decimal")]
        cuts: Vec<Decimal>,
        targets: BTreeMap<String, Exact>,
    }
    let f: Forms = from_toml_str(
        "cap = 1.20\ncuts = [0.1, \"0.25\", 3]\n[targets]\nU1 = 99.95\n",
        "f.toml",
    )
    .unwrap();
    assert_eq!(f.cap.map(exact), Some(("1.20".into(), 2)));
    let cuts: Vec<_> = f.cuts.into_iter().map(exact).collect();
    assert_eq!(
        cuts,
        [("0.1".into(), 1), ("0.25".into(), 2), ("3".into(), 0)]
    );
    assert_eq!(
        f.targets.get("U1").map(|e| exact(e.0)),
        Some(("99.95".into(), 2))
    );
    let e = from_toml_str::<Forms>("cuts = [0.1, 1e2]\n[targets]\n", "f.toml").unwrap_err();
    assert_eq!(e.path(), Some("cuts[1]"));
    assert_eq!((e.line(), e.column()), (Some(1), Some(14)));
}
