//! "Did you mean `cap`?": the job suggests with the library's `rulebook::suggest`.

use scorecard::rulebook::suggest;

#[test]
fn the_nearest_key_when_it_is_near() {
    let keys = ["id", "name", "kind", "points", "groups", "datapoint", "cap"];
    for (key, want) in [
        ("capp", Some("cap")),
        ("Cap", Some("cap")),
        ("kidn", Some("kind")),
        ("piont", Some("points")),
        ("datapiont", Some("datapoint")),
        ("data_point", Some("datapoint")),
        ("colour", None),
        ("per_event", None),
        ("x", None),
    ] {
        assert_eq!(suggest(key, &keys), want, "{key}");
    }
    // of two equally near, the first
    assert_eq!(suggest("mix", &["min", "max"]), Some("min"));
}
