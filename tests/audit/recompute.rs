//! The digest recomputed outside the crate's code: the published digest document of
//! the built-in (synthetic) province, read back from its JSON text, canonicalised by
//! an independent RFC 8785 implementation (`serde_jcs`) and hashed by an independent
//! SHA-256 (`tests/support/sha256.rs`), gives the crate's digest.

use proptest::prelude::*;
use scorecard::Assessment;
use scorecard::audit::{canonical_json, digest, digest_document};
use serde_json::Value;

use super::config;
use crate::support::sha256::Sha256;
use crate::support::synthetic::{Province, Size};

fn sha256_hex(bytes: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(bytes);
    h.finish().iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_digest_of_the_built_in_province_is_recomputed_with_independent_tools() {
    // the synthetic province of the tests (30 units, 20 indicators of every rule kind);
    // the full one of `cargo run --example province` (474 units, 175 indicators) takes
    // some 15 s of a debug build here, so docs/AUDIT.md recomputes that one outside
    // Rust altogether, with Python's `rfc8785` and `sha256sum`
    let p = Province::new(Size::SMALL, 2026).expect("a province");
    let sums = p.aggregates().expect("sums");
    let sums = sums.all();
    let e = Assessment::new(p.scheme.clone(), p.units.clone(), &p.targets)
        .expect("valid")
        .threads(2)
        .evaluate(&sums)
        .expect("evaluates");
    let published_digest = digest(&p.scheme, &p.units, &p.targets, &sums, &e).expect("a digest");

    // the bureau publishes the document as a file (pretty-printed, any layout will do)
    let document = digest_document(&p.scheme, &p.units, &p.targets, &sums, &e).expect("a doc");
    let file = serde_json::to_string_pretty(&document).expect("JSON");

    // the auditor: read the file, canonicalise with another JCS, hash with another SHA-256
    let read: Value = serde_json::from_str(&file).expect("the published file reads");
    let canonical = serde_jcs::to_vec(&read).expect("canonical JSON");
    let recomputed = format!("sha256-jcs-v2:{}", sha256_hex(&canonical));
    assert_eq!(recomputed, published_digest.to_string());

    // and the library's own canonical text is the independent one, byte for byte
    let ours = canonical_json(&document).expect("canonical JSON");
    assert!(
        ours.as_bytes() == canonical.as_slice(),
        "the canonical texts differ"
    );
}

/// JSON values of every kind the writer must handle: strings with control characters,
/// quotes, backslashes, characters beyond U+FFFF (whose UTF-16 order differs from
/// their code-point order), and integers up to the safe limit.
fn json_value() -> impl Strategy<Value = Value> {
    let text = prop::collection::vec(
        prop_oneof![
            0x00u32..0x20,
            Just(u32::from('"')),
            Just(u32::from('\\')),
            0x20u32..0x7f,
            0x7fu32..0x800,
            0xe000u32..0x10000,
            0x10000u32..0x110000,
        ]
        .prop_filter_map("a character", char::from_u32),
        0..6,
    )
    .prop_map(|cs| cs.into_iter().collect::<String>());
    let safe = 9_007_199_254_740_991_i64;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-safe..=safe).prop_map(Value::from),
        text.clone().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((text.clone(), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(config(64))]

    /// The library's RFC 8785 writer and `serde_jcs` give the same bytes.
    #[test]
    fn canonical_json_is_jcs(v in json_value()) {
        let ours = canonical_json(&v).expect("canonical JSON");
        let theirs = serde_jcs::to_string(&v).expect("canonical JSON");
        prop_assert_eq!(ours, theirs);
    }
}
