//! The rule-book loader (`scorecard::rulebook`): strict keys with suggestions and
//! places, exact decimals, structured errors, kind-first tagged enums, and the JSON
//! parser against `serde_json`.

mod book;
mod errors;
mod example;
mod formats;
mod keys;
mod numbers;
mod props;
mod schema;
mod tagged;

use rust_decimal::Decimal;
use scorecard::rulebook::exact_serde;
use serde::Deserialize;

/// A scoring rule as a bureau writes it (a test-only stand-in with the keys whose
/// misspellings issue 16 found silently ignored).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub measure: String,
    #[serde(default, deserialize_with = "exact_serde::option_decimal")]
    pub cap: Option<Decimal>,
    #[serde(default, deserialize_with = "exact_serde::option_decimal")]
    pub floor: Option<Decimal>,
    #[serde(default, deserialize_with = "exact_serde::option_decimal")]
    pub on_zero_denominator: Option<Decimal>,
    #[serde(default)]
    pub rounding: Option<Step>,
}

/// A rounding step.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub places: u32,
    #[serde(default)]
    pub mode: Option<scorecard::Rounding>,
}

/// An indicator.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    #[serde(deserialize_with = "exact_serde::decimal")]
    pub points: Decimal,
    pub rule: Rule,
    #[serde(default)]
    pub groups: Vec<String>,
}

/// A rule book of indicators.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Book {
    pub indicators: Vec<Indicator>,
}

/// One decimal.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct One {
    #[serde(deserialize_with = "exact_serde::decimal")]
    pub x: Decimal,
}

/// A rule book in TOML with one indicator whose rule has `rule_line` as its last line.
pub fn toml_book(rule_line: &str) -> String {
    format!(
        "[[indicators]]\nid = \"I050\"\nname = \"首个\"\npoints = \"2\"\nrule = {{ measure = \"D1\" }}\n\n\
         [[indicators]]\nid = \"I051\"\nname = \"申报差错率\"\npoints = \"3\"\n\n\
         [indicators.rule]\nmeasure = \"D051\"\n{rule_line}\n"
    )
}

/// The same rule book in JSON.
pub fn json_book(rule_entry: &str) -> String {
    format!(
        "{{\"indicators\": [\n  {{\"id\": \"I050\", \"name\": \"首个\", \"points\": \"2\", \"rule\": {{\"measure\": \"D1\"}}}},\n  \
         {{\"id\": \"I051\", \"name\": \"申报差错率\", \"points\": \"3\",\n   \"rule\": {{\"measure\": \"D051\",\n     {rule_entry}}}}}\n]}}"
    )
}
