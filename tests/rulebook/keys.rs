//! Unknown keys are refused with the file, line, column, object and a suggestion;
//! missing keys and values of the wrong type name their key.

use scorecard::rulebook::{from_json_str, from_toml_str};
use serde::Deserialize;

use super::{Book, json_book, toml_book};

#[test]
fn misspelt_cap_in_toml_names_file_line_column_indicator_and_suggests_cap() {
    let e = from_toml_str::<Book>(&toml_book("capp = \"1.1\""), "indicators.toml").unwrap_err();
    assert!(e.is_load() && e.is_unknown_key() && !e.is_syntax());
    assert_eq!(
        e.to_string(),
        "indicators.toml:14:1: indicator I051: unknown key `capp` in rule (did you mean `cap`?)"
    );
    assert_eq!(e.file(), Some("indicators.toml"));
    assert_eq!((e.line(), e.column()), (Some(14), Some(1)));
    assert_eq!(e.key(), Some("capp"));
    assert_eq!(e.suggestion(), Some("cap"));
    assert_eq!(e.path(), Some("indicators[1].rule.capp"));
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I051"));
    assert_eq!(e.unit(), None);
}

#[test]
fn misspelt_cap_in_json_names_file_line_column_indicator_and_suggests_cap() {
    let e = from_json_str::<Book>(&json_book("\"capp\": \"1.1\""), "indicators.json").unwrap_err();
    assert!(e.is_unknown_key());
    assert_eq!(
        e.to_string(),
        "indicators.json:5:6: indicator I051: unknown key `capp` in rule (did you mean `cap`?)"
    );
    assert_eq!(e.path(), Some("indicators[1].rule.capp"));
}

#[test]
fn each_misspelling_that_once_changed_scores_is_refused_with_the_key_meant() {
    for (typo, meant) in [
        ("capp = \"1.1\"", "cap"),
        ("flor = \"0\"", "floor"),
        ("on_zero_denominatr = \"1\"", "on_zero_denominator"),
        ("roundng = { places = 2 }", "rounding"),
    ] {
        let e = from_toml_str::<Book>(&toml_book(typo), "indicators.toml").unwrap_err();
        assert!(e.is_unknown_key(), "{typo}: {e}");
        assert_eq!(e.suggestion(), Some(meant), "{typo}");
        assert_eq!(e.line(), Some(14), "{typo}");
        let json_typo = typo
            .replacen(" = ", "\": ", 1)
            .replace("{ places = 2 }", "{\"places\": 2}");
        let e = from_json_str::<Book>(&json_book(&format!("\"{json_typo}")), "i.json").unwrap_err();
        assert_eq!(e.suggestion(), Some(meant), "{json_typo}");
    }
}

#[test]
fn a_misspelt_key_in_a_nested_table_names_the_table_from_the_object() {
    let e = from_toml_str::<Book>(
        &toml_book("rounding = { places = 2, mod = \"half_up\" }"),
        "i.toml",
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "i.toml:14:26: indicator I051: unknown key `mod` in rule.rounding (did you mean `mode`?)"
    );
}

#[test]
fn a_key_unlike_any_lists_the_known_keys() {
    let e = from_toml_str::<Book>(&toml_book("colour = \"red\""), "i.toml").unwrap_err();
    assert_eq!(e.suggestion(), None);
    assert!(
        e.to_string().ends_with(
            "unknown key `colour` in rule (known keys: `measure`, `cap`, `floor`, `on_zero_denominator`, `rounding`)"
        ),
        "{e}"
    );
}

#[test]
fn an_unknown_key_at_the_top_has_no_object() {
    let e = from_toml_str::<Book>("indicator = []\n", "i.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "i.toml:1:1: unknown key `indicator` (did you mean `indicators`?)"
    );
    assert_eq!(e.indicator(), None);
}

#[test]
fn a_missing_key_names_the_key_and_points_at_its_table() {
    let text = toml_book("").replace("measure = \"D051\"\n", "");
    let e = from_toml_str::<Book>(&text, "i.toml").unwrap_err();
    assert!(!e.is_unknown_key());
    assert_eq!(
        e.to_string(),
        "i.toml:12:1: indicator I051: missing key `measure` in rule"
    );
    assert_eq!(e.key(), Some("measure"));
}

#[test]
fn an_element_without_an_id_is_named_by_its_index() {
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Card {
        #[allow(dead_code)]
        title: String,
    }
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Cards {
        #[allow(dead_code)]
        cards: Vec<Card>,
    }
    let e = from_json_str::<Cards>(
        "{\"cards\": [{\"title\": \"a\"}, {\"titel\": \"b\"}]}",
        "c.json",
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "c.json:1:29: cards[1]: unknown key `titel` (did you mean `title`?)"
    );
}

#[test]
fn objects_of_other_collections_are_named_in_the_singular() {
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Item {
        #[allow(dead_code)]
        id: String,
    }
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct All {
        #[allow(dead_code)]
        units: Vec<Item>,
        #[allow(dead_code)]
        datapoints: Vec<Item>,
        #[allow(dead_code)]
        groups: Vec<Item>,
    }
    let unit = "{\"units\": [{\"id\": \"U1\", \"nme\": 1}], \"datapoints\": [], \"groups\": []}";
    let e = from_json_str::<All>(unit, "book.json").unwrap_err();
    assert!(
        e.to_string().contains(": unit U1: unknown key `nme`"),
        "{e}"
    );
    assert_eq!(e.unit().map(|u| u.as_str()), Some("U1"));
    let dp = "{\"units\": [], \"datapoints\": [{\"id\": \"D1\", \"x\": 1}], \"groups\": []}";
    let e = from_json_str::<All>(dp, "book.json").unwrap_err();
    assert!(
        e.to_string().contains(": data point D1: unknown key `x`"),
        "{e}"
    );
    let g = "{\"units\": [], \"datapoints\": [], \"groups\": [{\"id\": \"hall\", \"x\": 1}]}";
    let e = from_json_str::<All>(g, "book.json").unwrap_err();
    assert!(
        e.to_string().contains(": group hall: unknown key `x`"),
        "{e}"
    );
    // a top-level array takes its collection's name from the file
    let e =
        from_json_str::<Vec<Item>>("[{\"id\": \"U7\", \"x\": 1}]", "data/units.json").unwrap_err();
    assert_eq!(e.unit().map(|u| u.as_str()), Some("U7"));
}

#[test]
fn a_name_written_as_a_number_is_a_type_error_naming_the_key() {
    let text = toml_book("").replace("name = \"申报差错率\"", "name = 123");
    let e = from_toml_str::<Book>(&text, "i.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "i.toml:9:8: indicator I051: `name`: expected a string, found the number `123`"
    );
    assert_eq!(e.key(), Some("name"));
    assert!(!e.is_unknown_key() && !e.is_syntax());
}

#[test]
fn a_count_written_as_a_string_is_a_type_error_naming_the_key() {
    let e =
        from_toml_str::<Book>(&toml_book("rounding = { places = \"2\" }"), "i.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "i.toml:14:23: indicator I051: `rule.rounding.places`: expected a whole number from 0 to 4294967295, found the string \"2\""
    );
    assert_eq!(e.key(), Some("places"));
}

#[test]
fn an_integer_field_refuses_a_fraction_and_a_value_out_of_range() {
    let e = from_toml_str::<Book>(&toml_book("rounding = { places = 2.0 }"), "i.toml").unwrap_err();
    assert!(
        e.to_string()
            .ends_with("expected a whole number from 0 to 4294967295, found `2.0`"),
        "{e}"
    );
    let e =
        from_json_str::<Book>(&json_book("\"rounding\": {\"places\": -1}"), "i.json").unwrap_err();
    assert!(e.to_string().ends_with("found `-1`, out of range"), "{e}");
    let e =
        from_json_str::<Book>(&json_book("\"rounding\": {\"places\": 1e2}"), "i.json").unwrap_err();
    assert!(e.to_string().ends_with("found `1e2`"), "{e}");
}

#[test]
fn a_misspelt_enum_value_suggests_the_value_meant() {
    let e = from_toml_str::<Book>(
        &toml_book("rounding = { places = 2, mode = \"half_upp\" }"),
        "i.toml",
    )
    .unwrap_err();
    assert!(!e.is_unknown_key());
    assert_eq!(e.suggestion(), Some("half_up"));
    assert_eq!(e.key(), Some("mode"));
    assert!(
        e.to_string()
            .contains("unknown mode `half_upp` in rule.rounding (did you mean `half_up`?)"),
        "{e}"
    );
}

#[test]
fn a_floating_point_field_is_refused() {
    #[derive(Debug, Deserialize)]
    struct Float {
        #[allow(dead_code)]
        x: f64,
    }
    let e = from_toml_str::<Float>("x = 1.5\n", "f.toml").unwrap_err();
    assert!(e.to_string().contains("binary floating point"), "{e}");
}

#[test]
fn option_is_none_when_missing_or_null() {
    let book: Book = from_json_str(&json_book("\"cap\": null"), "i.json").unwrap();
    assert_eq!(book.indicators[1].rule.cap, None);
    assert_eq!(book.indicators[1].rule.floor, None);
}

#[test]
fn a_toml_date_is_read_as_the_string_written() {
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Dated {
        from: chrono::NaiveDate,
        note: String,
    }
    let d: Dated = from_toml_str("from = 2026-03-31\nnote = \"x\"\n", "d.toml").unwrap();
    assert_eq!(d.from.to_string(), "2026-03-31");
    assert_eq!(d.note, "x");
}
