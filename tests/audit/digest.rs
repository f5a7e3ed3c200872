//! The reproducibility digest: stable for the same inputs however they were summed,
//! changed by any change of a fact, a target, a rule or a result; `verify` accepts an
//! untouched evaluation and reports a tampered one.

use crate::support::synthetic::Size;
use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::audit::{
    DIGEST_FORMAT, Digest, Verification, canonical_json, digest, digest_document, verify,
};
use scorecard::facts::{Dictionary, FactReader, Rejected};
use scorecard::{Catalog, Indicator, Targets};

use super::{Generated, config, evaluate, size};

const TINY: Size = Size {
    hall: 1,
    key: 1,
    territorial: 2,
    indicators: 9,
    facts_per_pair: 1,
};

/// The digest of the tiny province of seed 2026. If this changes, the digest document
/// or its hashing changed: bump `DIGEST_FORMAT` and update this value deliberately. (A change of the
/// scheme's own JSON, such as rules that now declare their direction, changes the
/// inputs hashed rather than the canonical format: update the value only.)
const GOLDEN: &str =
    "sha256-jcs-v2:bebd70ccf55a8208d6d54da730fbe1556e9d3240163c4add43f05ead3ea79830";

fn digest_of(g: &Generated) -> Digest {
    let e = g.evaluate();
    digest(&g.p.scheme, &g.p.units, &g.p.targets, &g.agg.all(), &e).unwrap()
}

#[test]
fn golden_digest_of_a_tiny_province() {
    let g = Generated::new(TINY, 2026);
    let d = digest_of(&g);
    assert_eq!(d.format(), DIGEST_FORMAT);
    assert_eq!(
        d.to_string(),
        GOLDEN,
        "the digest document changed:\n{}",
        canonical_json(
            &digest_document(
                &g.p.scheme,
                &g.p.units,
                &g.p.targets,
                &g.agg.all(),
                &g.evaluate()
            )
            .unwrap()
        )
        .unwrap()
    );
}

#[test]
fn verify_accepts_the_untouched_and_reports_the_tampered() {
    let g = Generated::new(TINY, 2026);
    let sums = g.agg.all();
    let e = g.evaluate();
    let d = digest_of(&g);
    let ok = verify(&g.p.scheme, &g.p.units, &g.p.targets, &sums, &e, &d).unwrap();
    assert_eq!(ok, Verification::Match);
    // a published score changed by hand
    let mut tampered = e.clone();
    tampered.pairs[0].score += Decimal::ONE;
    let v = verify(&g.p.scheme, &g.p.units, &g.p.targets, &sums, &tampered, &d).unwrap();
    assert!(matches!(v, Verification::ResultsDiffer { .. }), "{v:?}");
    // a published rank changed by hand
    let mut tampered = e.clone();
    tampered.units[0].rank += Decimal::ONE;
    let v = verify(&g.p.scheme, &g.p.units, &g.p.targets, &sums, &tampered, &d).unwrap();
    assert!(matches!(v, Verification::ResultsDiffer { .. }), "{v:?}");
    // another digest
    let other: Digest = format!("sha256-jcs-v2:{}", "0".repeat(64)).parse().unwrap();
    let v = verify(&g.p.scheme, &g.p.units, &g.p.targets, &sums, &e, &other).unwrap();
    assert!(
        matches!(v, Verification::DigestDiffers { recomputed, .. } if recomputed == d),
        "{v:?}"
    );
    // a digest of a future format
    let future: Digest = format!("sha256-jcs-v{}:{}", DIGEST_FORMAT + 1, "0".repeat(64))
        .parse()
        .unwrap();
    let v = verify(&g.p.scheme, &g.p.units, &g.p.targets, &sums, &e, &future).unwrap();
    assert!(matches!(v, Verification::UnsupportedFormat { .. }), "{v:?}");
    // a digest of format 1 (the crate's own canonical text, no longer computed) still
    // reads, and is told apart rather than reported as a mismatch
    let old: Digest = format!("sha256-v1:{}", "0".repeat(64)).parse().unwrap();
    let v = verify(&g.p.scheme, &g.p.units, &g.p.targets, &sums, &e, &old).unwrap();
    assert_eq!(
        v,
        Verification::UnsupportedFormat {
            published: 1,
            supported: 2
        }
    );
    for bad in [
        "sha256-jcs-v1:",
        "sha256-jcs-v:",
        "sha256-jcs-v+2:",
        "sha256-v2:",
    ] {
        assert!(
            format!("{bad}{}", "0".repeat(64))
                .parse::<Digest>()
                .is_err(),
            "{bad}"
        );
    }
}

#[test]
fn the_same_data_summed_two_ways_has_one_digest() {
    // Aggregates keep the facts' scale, the fast reader sums integer cents: the
    // evaluations' JSON may differ in trailing zeros, the digest does not.
    let g = Generated::new(TINY, 2026);
    let dict = Dictionary::new(g.p.units.iter().map(|u| u.id.clone()), g.p.datapoints()).unwrap();
    let mut text = String::from("unit_id,datapoint_id,date,value\n");
    for f in &g.facts {
        text.push_str(&format!(
            "{},{},{},{}\n",
            f.unit, f.datapoint, f.date, f.value
        ));
    }
    let mut rejects: Vec<Rejected> = Vec::new();
    let (dense, _) = FactReader::new(&dict, g.p.scheme.period)
        .read(text.as_bytes(), &mut rejects)
        .unwrap();
    let e = evaluate(&g.p.scheme, &g.p.units, &g.p.targets, &dense);
    let d = digest(&g.p.scheme, &g.p.units, &g.p.targets, &dense, &e).unwrap();
    assert_eq!(d, digest_of(&g));
}

proptest! {
    #![proptest_config(config(8))]

    #[test]
    fn any_change_changes_the_digest(
        size in size(),
        seed in any::<u64>(),
        pick in any::<prop::sample::Index>(),
        cents in 1i64..100_000,
    ) {
        let g = Generated::new(size, seed);
        let base = digest_of(&g);
        // the same inputs again: the same digest
        prop_assert_eq!(digest_of(&Generated::new(size, seed)), base);

        // one fact more (whole: the data point may be a count)
        let f = &g.facts[pick.index(g.facts.len())];
        let mut agg = g.agg.clone();
        agg.add_value(&f.unit, &f.datapoint, f.date, Decimal::from(cents)).unwrap();
        let e = evaluate(&g.p.scheme, &g.p.units, &g.p.targets, &agg.all());
        prop_assert_ne!(digest(&g.p.scheme, &g.p.units, &g.p.targets, &agg.all(), &e).unwrap(), base);

        // one target changed
        let rows: Vec<serde_json::Value> = serde_json::from_value(serde_json::to_value(&g.p.targets).unwrap()).unwrap();
        prop_assume!(!rows.is_empty());
        let k = pick.index(rows.len());
        let mut targets = Targets::new();
        for (j, r) in rows.iter().enumerate() {
            let mut t: Decimal = r["target"].as_str().unwrap().parse().unwrap();
            if j == k { t += Decimal::new(cents, 2); }
            targets.insert(r["unit"].as_str().unwrap(), r["indicator"].as_str().unwrap(), t).unwrap();
        }
        let e = evaluate(&g.p.scheme, &g.p.units, &targets, &g.agg.all());
        prop_assert_ne!(digest(&g.p.scheme, &g.p.units, &targets, &g.agg.all(), &e).unwrap(), base);

        // one rule's points changed
        let mut inds: Vec<Indicator> = g.p.scheme.indicators.indicators().to_vec();
        let k = pick.index(inds.len());
        inds[k].points += Decimal::ONE;
        let mut scheme = g.p.scheme.clone();
        scheme.indicators = Catalog::new(inds).unwrap();
        let e = evaluate(&scheme, &g.p.units, &g.p.targets, &g.agg.all());
        prop_assert_ne!(digest(&scheme, &g.p.units, &g.p.targets, &g.agg.all(), &e).unwrap(), base);

        // the rule's document basis alone changed (the results stay the same)
        let mut inds: Vec<Indicator> = g.p.scheme.indicators.indicators().to_vec();
        inds[k].basis = None;
        let mut scheme = g.p.scheme.clone();
        scheme.indicators = Catalog::new(inds).unwrap();
        let e = evaluate(&scheme, &g.p.units, &g.p.targets, &g.agg.all());
        prop_assert_ne!(digest(&scheme, &g.p.units, &g.p.targets, &g.agg.all(), &e).unwrap(), base);
    }
}

/// The digest document of a hand-made evaluation, verbatim in canonical JSON: one
/// deduction indicator, two units. Pins the format member by member (a change here
/// needs a new `DIGEST_FORMAT`).
#[test]
fn digest_document_verbatim() {
    use scorecard::rule::{Deduction, Measure, Rule};
    use scorecard::{Period, Scheme, Unit};

    use crate::support::MemSums;

    let ind = Indicator {
        id: "I1".into(),
        name: "有效投诉".into(),
        name_en: None,
        category: Default::default(),
        points: Decimal::new(50, 1),
        groups: vec!["g".into()],
        basis: None,
        assesses: String::new(),
        rule: Rule::Deduction(Deduction {
            fractional: false,
            measure: Measure::Sum("D1".into()),
            per_event: Decimal::new(5, 1),
            floor: Decimal::ZERO,
        }),
        rounding: None,
        display: None,
    };
    let scheme = Scheme::new(
        Period::year(2026).unwrap(),
        Catalog::new(vec![ind]).unwrap(),
    );
    let units = vec![Unit::new("B", "乙", "g"), Unit::new("A", "甲", "g")];
    let mut sums = MemSums::new();
    sums.set("A", "D1", Decimal::new(300, 2));
    let e = evaluate(&scheme, &units, &Targets::new(), &sums);
    let mut document = digest_document(&scheme, &units, &Targets::new(), &sums, &e).unwrap();
    let scheme_json = document
        .as_object_mut()
        .and_then(|o| o.remove("scheme"))
        .unwrap();
    assert_eq!(scheme_json, serde_json::to_value(&scheme).unwrap());
    let expected = concat!(
        r#"{"digest":"scorecard","#,
        r#""facts":[{"count":1,"datapoint":"D1","sum":"3","unit":"A"},"#,
        r#"{"count":0,"datapoint":"D1","sum":"0","unit":"B"}],"#,
        r#""overrides":[],"#,
        r#""pairs":[{"branch":"counted","exact":"3.5","extra":"0","indicator":"I1","lost":"1.5","#,
        r#""measured":"3","primary":"3","score":"3.5","secondary":null,"target":null,"unit":"A","value":"3"},"#,
        r#"{"branch":"no_occurrence","exact":"5","extra":"0","indicator":"I1","lost":"0","#,
        r#""measured":"0","primary":"0","score":"5","secondary":null,"target":null,"unit":"B","value":"0"}],"#,
        r#""peers":[],"#,
        r#""results":[{"adjusted_total":"3.5","coefficient":"1","extra":"0","from_bottom":1,"from_top":2,"#,
        r#""full_points":"5","group":"g","group_size":2,"lists":["black"],"lost":"1.5","rank":"2","#,
        r#""raw_total":"3.5","unit":"A"},"#,
        r#"{"adjusted_total":"5","coefficient":"1","extra":"0","from_bottom":2,"from_top":1,"#,
        r#""full_points":"5","group":"g","group_size":2,"lists":["red"],"lost":"0","rank":"1","#,
        r#""raw_total":"5","unit":"B"}],"#,
        r#""targets":[],"#,
        r#""units":[{"factors":{},"group":"g","id":"A","name":"甲"},"#,
        r#"{"factors":{},"group":"g","id":"B","name":"乙"}],"#,
        r#""version":2}"#
    );
    assert_eq!(canonical_json(&document).unwrap(), expected);
}

/// A manual override is part of the digest and of verification: never silent.
#[test]
fn an_override_shows_in_the_digest_and_must_be_declared_to_verify() {
    use scorecard::Assessment;
    use scorecard::audit::verify_with_overrides;
    use scorecard::catalog::Basis;
    use scorecard::scoring::Override;

    let p = crate::support::synthetic::Province::new(crate::support::synthetic::Size::SMALL, 4)
        .unwrap();
    let sums = p.aggregates().unwrap();
    let a = Assessment::new(p.scheme.clone(), p.units.clone(), &p.targets).unwrap();
    let plain = a.evaluate(&sums.all()).unwrap();
    let first = &plain.pairs[0];
    let o = Override {
        unit: first.unit.clone(),
        indicator: first.indicator.clone(),
        score: first.score + rust_decimal::Decimal::ONE,
        author: "省局考评办".into(),
        reason: "复核更正".into(),
        basis: Basis {
            document: "复核办法".into(),
            clause: None,
        },
    };
    let e = a
        .with_overrides(vec![o.clone()])
        .unwrap()
        .evaluate(&sums.all())
        .unwrap();
    let document = digest_document(&p.scheme, &p.units, &p.targets, &sums.all(), &e).unwrap();
    let overrides = document["overrides"].as_array().unwrap();
    assert_eq!(overrides.len(), 1, "{overrides:?}");
    assert_eq!(overrides[0]["reason"], "复核更正");
    assert_eq!(overrides[0]["author"], "省局考评办");
    assert_eq!(overrides[0]["unit"], first.unit.as_str());
    let d = digest(&p.scheme, &p.units, &p.targets, &sums.all(), &e).unwrap();
    assert_ne!(
        d,
        digest(&p.scheme, &p.units, &p.targets, &sums.all(), &plain).unwrap()
    );
    // declared: verifies; undeclared: the results differ
    let ok =
        verify_with_overrides(&p.scheme, &p.units, &p.targets, &[o], &sums.all(), &e, &d).unwrap();
    assert!(ok.is_match(), "{ok:?}");
    let hidden = verify(&p.scheme, &p.units, &p.targets, &sums.all(), &e, &d).unwrap();
    assert!(!hidden.is_match(), "{hidden:?}");
}
