//! "Did you mean `cap`?": the edit distance and the nearest valid key.

use super::job::{distance, nearest};

#[test]
fn edit_distance() {
    for (a, b, d) in [
        ("", "", 0),
        ("cap", "cap", 0),
        ("capp", "cap", 1),
        ("cp", "cap", 1),
        ("cop", "cap", 1),
        ("datapiont", "datapoint", 1),
        ("roundng", "rounding", 1),
        ("ca", "ac", 1),
        ("slope", "cap", 4),
        ("", "good", 4),
        ("指标", "指數", 1),
    ] {
        assert_eq!(distance(a, b), d, "{a} → {b}");
        assert_eq!(distance(b, a), d, "{b} → {a}");
    }
}

#[test]
fn the_nearest_key_when_it_is_near() {
    let keys = ["id", "name", "kind", "points", "groups", "datapoint", "cap"];
    for (key, want) in [
        ("capp", Some("cap")),
        ("Cap", Some("cap")),
        ("ids", Some("id")),
        ("kidn", Some("kind")),
        ("piont", Some("points")),
        ("datapiont", Some("datapoint")),
        ("data_point", Some("datapoint")),
        ("colour", None),
        ("per_event", None),
        ("x", None),
    ] {
        assert_eq!(nearest(key, &keys), want, "{key}");
    }
    // of two equally near, the first
    assert_eq!(nearest("mix", &["min", "max"]), Some("min"));
}
