//! The checked-in JSON Schemas (`docs/schema/`) accept the examples of `docs/FORMATS.md`
//! and refuse what the loader refuses for a key: checked with a small validator of the
//! keywords the generated schemas use (`$ref`, `oneOf`, `anyOf`, `allOf`, `type`,
//! `const`, `enum`, `properties`, `required`, `additionalProperties`, `items`,
//! `minItems`/`maxItems`, `minimum`, the decimal `pattern` and the `date` format), so
//! that a schema which rejected a valid rule book (or let a misspelt key through) is
//! found by `cargo test`.

use serde_json::Value;

const RULEBOOK: &str = include_str!("../../docs/schema/rulebook.schema.json");
const UNITS: &str = include_str!("../../docs/schema/units.schema.json");
const TARGETS: &str = include_str!("../../docs/schema/targets.schema.json");
const FORMATS: &str = include_str!("../../docs/FORMATS.md");

/// The strict decimal grammar `^[+-]?[0-9]+(\.[0-9]+)?$`.
fn is_decimal(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

fn type_ok(t: &str, x: &Value) -> bool {
    match t {
        "object" => x.is_object(),
        "array" => x.is_array(),
        "string" => x.is_string(),
        "number" => x.is_number(),
        "integer" => x.is_i64() || x.is_u64(),
        "boolean" => x.is_boolean(),
        "null" => x.is_null(),
        _ => false,
    }
}

fn check(root: &Value, schema: &Value, x: &Value, at: &str) -> Result<(), String> {
    let s = match schema {
        Value::Bool(true) => return Ok(()),
        Value::Bool(false) => return Err(format!("{at}: nothing is allowed here")),
        Value::Object(s) => s,
        _ => return Err(format!("{at}: a schema that is not an object")),
    };
    if let Some(Value::String(r)) = s.get("$ref") {
        let name = r.strip_prefix("#/$defs/").ok_or(format!("{at}: ref {r}"))?;
        check(root, &root["$defs"][name], x, at)?;
    }
    if let Some(Value::Array(all)) = s.get("allOf") {
        for sub in all {
            check(root, sub, x, at)?;
        }
    }
    if let Some(Value::Array(any)) = s.get("anyOf") {
        if !any.iter().any(|sub| check(root, sub, x, at).is_ok()) {
            return Err(format!("{at}: matches none of anyOf"));
        }
    }
    if let Some(Value::Array(one)) = s.get("oneOf") {
        let errors: Vec<String> = one
            .iter()
            .filter_map(|sub| check(root, sub, x, at).err())
            .collect();
        if errors.len() + 1 != one.len() {
            return Err(format!(
                "{at}: matches {} of oneOf: {errors:?}",
                one.len() - errors.len()
            ));
        }
    }
    if let Some(c) = s.get("const") {
        if c != x {
            return Err(format!("{at}: {x} is not {c}"));
        }
    }
    if let Some(Value::Array(e)) = s.get("enum") {
        if !e.contains(x) {
            return Err(format!("{at}: {x} is not one of {e:?}"));
        }
    }
    match s.get("type") {
        Some(Value::String(t)) if !type_ok(t, x) => return Err(format!("{at}: {x} is not {t}")),
        Some(Value::Array(ts)) if !ts.iter().any(|t| t.as_str().is_some_and(|t| type_ok(t, x))) => {
            return Err(format!("{at}: {x} is none of {ts:?}"));
        }
        _ => {}
    }
    if let (Some(Value::String(p)), Value::String(v)) = (s.get("pattern"), x) {
        assert_eq!(
            p, r"^[+-]?[0-9]+(\.[0-9]+)?$",
            "the only pattern is the decimal's"
        );
        if !is_decimal(v) {
            return Err(format!("{at}: {v:?} is not a decimal"));
        }
    }
    if let (Some(Value::String(f)), Value::String(v)) = (s.get("format"), x) {
        if f == "date" && chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_err() {
            return Err(format!("{at}: {v:?} is not a date"));
        }
    }
    if let (Some(min), Some(n)) = (s.get("minimum").and_then(Value::as_i64), x.as_i64()) {
        if n < min {
            return Err(format!("{at}: {n} is below {min}"));
        }
    }
    if let Value::Object(obj) = x {
        let props = s.get("properties").and_then(Value::as_object);
        if let Some(Value::Array(req)) = s.get("required") {
            for r in req.iter().filter_map(Value::as_str) {
                if !obj.contains_key(r) {
                    return Err(format!("{at}: missing {r}"));
                }
            }
        }
        for (k, v) in obj {
            let here = format!("{at}.{k}");
            match props.and_then(|p| p.get(k)) {
                Some(sub) => check(root, sub, v, &here)?,
                None => match s.get("additionalProperties") {
                    Some(Value::Bool(false)) => return Err(format!("{here}: unknown key")),
                    Some(sub) => check(root, sub, v, &here)?,
                    None => {}
                },
            }
        }
    }
    if let Value::Array(items) = x {
        if let Some(sub) = s.get("items") {
            for (k, v) in items.iter().enumerate() {
                check(root, sub, v, &format!("{at}[{k}]"))?;
            }
        }
        let n = items.len() as u64;
        if s.get("minItems")
            .and_then(Value::as_u64)
            .is_some_and(|m| n < m)
            || s.get("maxItems")
                .and_then(Value::as_u64)
                .is_some_and(|m| n > m)
        {
            return Err(format!("{at}: {n} items"));
        }
    }
    Ok(())
}

fn validate(schema: &str, instance: &Value) -> Result<(), String> {
    let root: Value = serde_json::from_str(schema).expect("a schema");
    check(&root, &root, instance, "$")
}

/// The JSON example of FORMATS.md marked `json {kind}`.
fn example(kind: &str) -> Value {
    let marker = format!("```json {kind}\n");
    let start = FORMATS.find(&marker).expect("an example") + marker.len();
    let len = FORMATS[start..].find("```").expect("its end");
    serde_json::from_str(&FORMATS[start..start + len]).expect("JSON")
}

#[test]
fn the_json_examples_of_formats_md_validate_against_the_schemas() {
    validate(RULEBOOK, &example("rulebook")).unwrap();
    validate(UNITS, &example("units")).unwrap();
    validate(TARGETS, &example("targets")).unwrap();
}

#[test]
fn the_schema_refuses_a_misspelt_key_inside_a_rule_as_the_loader_does() {
    let mut book = example("rulebook");
    book["indicators"][0]["rule"]["capp"] = Value::from("1.1");
    let e = validate(RULEBOOK, &book).unwrap_err();
    assert!(e.contains("indicators[0]"), "{e}");
    let mut book = example("rulebook");
    book["indicators"][0]["rule"]["kind"] = Value::from("complection");
    assert!(validate(RULEBOOK, &book).is_err());
    let mut book = example("rulebook");
    book["datapoints"][0]["sorce"] = Value::from("x");
    assert!(validate(RULEBOOK, &book).is_err());
    let mut book = example("rulebook");
    book["indicators"][0]["points"] = Value::from("1e3");
    assert!(validate(RULEBOOK, &book).is_err());
    let mut book = example("rulebook");
    book["adjustment"] = serde_json::json!({"kind": "none", "min": "1"});
    assert!(validate(RULEBOOK, &book).is_err());
}

#[test]
fn every_rule_kind_the_loader_reads_is_in_the_schema() {
    let root: Value = serde_json::from_str(RULEBOOK).expect("a schema");
    let kinds: Vec<&str> = root["$defs"]["Rule"]["oneOf"]
        .as_array()
        .expect("one schema per kind")
        .iter()
        .filter_map(|v| v["properties"]["kind"]["const"].as_str())
        .collect();
    for kind in [
        "completion",
        "ratio_threshold",
        "deduction",
        "bonus",
        "peer_relative",
        "efficacy_min_max",
        "efficacy_tiers",
        "efficacy_standard",
        "interval",
        "pass_fail",
    ] {
        assert!(
            kinds.contains(&kind),
            "{kind} is not in the schema: {kinds:?}"
        );
    }
}
