//! JSON Schemas of the files a bureau writes, generated from the types (with
//! `schemars`), so that an editor validates a rule book as it is typed. The checked-in
//! `docs/schema/*.schema.json` are these, written out by a test of the library
//! (`SCORECARD_BLESS=1 cargo test --lib schema` refreshes them).
//!
//! The schemas say what the loader reads: decimals as strings in the strict grammar
//! (`"0.05"`) or as bare numbers, ids as strings, rules and other tagged tables with
//! their `kind`, and no key a type does not define (`additionalProperties: false`). The
//! loader is stricter in one respect a schema cannot express: a bare number with an
//! exponent (`1e3`) or with more digits than a decimal holds is refused. And only the
//! loader checks the references (a data point or group that is not declared).

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

use super::RuleBook;
use crate::org::Unit;
use crate::scoring::Targets;

/// The strict grammar of a decimal written as a string (as
/// [`parse_decimal`](crate::facts::parse_decimal) reads it).
const DECIMAL_PATTERN: &str = r"^[+-]?[0-9]+(\.[0-9]+)?$";

/// The JSON Schema of a rule book ([`RuleBook`]).
///
/// # Examples
///
/// ```
/// let schema = scorecard::rulebook::schema::rule_book();
/// assert_eq!(schema["title"], "RuleBook");
/// assert_eq!(schema["additionalProperties"], false);
/// ```
pub fn rule_book() -> serde_json::Value {
    generate::<RuleBook>(
        "https://scorecard.invalid/schema/rulebook.schema.json",
        "A rule book of the scorecard crate: period, declared groups and data points, indicators, adjustment, ranking, lists and the rounding of totals (docs/FORMATS.md).",
    )
}

/// The JSON Schema of a units file: a list of assessed units ([`Unit`]).
pub fn units() -> serde_json::Value {
    generate::<Vec<Unit>>(
        "https://scorecard.invalid/schema/units.schema.json",
        "The assessed units of the scorecard crate: id, name, peer group, region and factors (docs/FORMATS.md).",
    )
}

/// The JSON Schema of a targets file: a list of `{unit, indicator, target}` rows
/// ([`Targets`]).
pub fn targets() -> serde_json::Value {
    generate::<Targets>(
        "https://scorecard.invalid/schema/targets.schema.json",
        "The targets of the scorecard crate: one row per unit and indicator (docs/FORMATS.md).",
    )
}

/// The schema of `T` as the loader reads it, decimals in the strict grammar.
fn generate<T: JsonSchema>(id: &str, description: &str) -> serde_json::Value {
    let generator = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator();
    let mut schema: Schema = generator.into_root_schema_for::<T>();
    if let Some(object) = schema.as_object_mut() {
        object.insert("$id".into(), id.into());
        object.insert("description".into(), description.into());
    }
    let mut value = schema.to_value();
    strict_decimals(&mut value);
    value
}

/// The pattern schemars gives a decimal string: it allows an exponent.
const SCHEMARS_DECIMAL_PATTERN: &str = r"^-?\d+(\.\d+)?([eE]\d+)?$";

/// Replaces the pattern schemars gives a decimal string with the strict grammar, and
/// cuts each description before its first heading or code block (the examples of the
/// Rust docs), everywhere in `value`.
fn strict_decimals(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("pattern").and_then(|p| p.as_str()) == Some(SCHEMARS_DECIMAL_PATTERN) {
                map.insert("pattern".into(), DECIMAL_PATTERN.into());
            }
            if let Some(serde_json::Value::String(text)) = map.get_mut("description") {
                let cut = ["\n\n#", "\n\n```", "\n```"]
                    .iter()
                    .filter_map(|m| text.find(m))
                    .min();
                if let Some(cut) = cut {
                    text.truncate(cut);
                }
            }
            map.values_mut().for_each(strict_decimals);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strict_decimals),
        _ => {}
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::path::PathBuf;

    /// Each schema and the file it is checked in as.
    fn schemas() -> Vec<(&'static str, serde_json::Value)> {
        vec![
            ("rulebook.schema.json", super::rule_book()),
            ("units.schema.json", super::units()),
            ("targets.schema.json", super::targets()),
        ]
    }

    /// The checked-in schemas are the ones the types generate. Run
    /// `SCORECARD_BLESS=1 cargo test --lib schema` after changing a type a bureau writes.
    #[test]
    fn schema_files_are_current() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/schema");
        let bless = std::env::var_os("SCORECARD_BLESS").is_some();
        for (file, schema) in schemas() {
            let text = format!("{}\n", serde_json::to_string_pretty(&schema).unwrap());
            let path = dir.join(file);
            if bless {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &text).unwrap();
                continue;
            }
            let found = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                found == text,
                "docs/schema/{file} is not the schema the types generate: refresh it with \
                 `SCORECARD_BLESS=1 cargo test --lib schema` and commit it"
            );
        }
    }
}
