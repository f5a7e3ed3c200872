//! The reproducibility digest: stable for the same inputs however they were summed,
//! changed by any change of a fact, a target, a rule or a result; `verify` accepts an
//! untouched evaluation and reports a tampered one.

use crate::support::synthetic::Size;
use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::audit::{DIGEST_FORMAT, Digest, Verification, canonical_text, digest, verify};
use scorecard::{Catalog, Dictionary, FactReader, Indicator, Rejected, Targets};

use super::{Generated, config, evaluate, size};

const TINY: Size = Size {
    hall: 1,
    key: 1,
    territorial: 2,
    indicators: 9,
    facts_per_pair: 1,
};

/// The digest of the tiny province of seed 2026. If this changes, the canonical text
/// changed: bump `DIGEST_FORMAT` and update this value deliberately. (A change of the
/// scheme's own JSON, such as rules that now declare their direction, changes the
/// inputs hashed rather than the canonical format: update the value only.)
const GOLDEN: &str = "sha256-v1:c86ffb0acf73a51bd8a9ec70075f7bd440dd190e15497a374fa764f70597c8de";

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
        "the canonical text changed:\n{}",
        canonical_text(
            &g.p.scheme,
            &g.p.units,
            &g.p.targets,
            &g.agg.all(),
            &g.evaluate()
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
    let other: Digest = format!("sha256-v1:{}", "0".repeat(64)).parse().unwrap();
    let v = verify(&g.p.scheme, &g.p.units, &g.p.targets, &sums, &e, &other).unwrap();
    assert!(
        matches!(v, Verification::DigestDiffers { recomputed, .. } if recomputed == d),
        "{v:?}"
    );
    // a digest of a future format
    let future: Digest = format!("sha256-v{}:{}", DIGEST_FORMAT + 1, "0".repeat(64))
        .parse()
        .unwrap();
    let v = verify(&g.p.scheme, &g.p.units, &g.p.targets, &sums, &e, &future).unwrap();
    assert!(matches!(v, Verification::UnsupportedFormat { .. }), "{v:?}");
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

/// The canonical text of a hand-made evaluation, verbatim: one deduction indicator,
/// two units. Pins the format line by line (a change here needs a new
/// `DIGEST_FORMAT`).
#[test]
fn canonical_text_verbatim() {
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
    let text = canonical_text(&scheme, &units, &Targets::new(), &sums, &e).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[..2], ["scorecard digest", "format 1"]);
    assert!(lines[2].starts_with(r#"scheme {"adjustment":{"kind":"none"},"indicators":[{"#));
    assert_eq!(
        lines[3..],
        [
            r#"unit {"factors":{},"group":"g","id":"A","name":"甲"}"#,
            r#"unit {"factors":{},"group":"g","id":"B","name":"乙"}"#,
            r#"fact ["A","D1","3",1]"#,
            r#"fact ["B","D1","0",0]"#,
            r#"pair ["A","I1","3",null,null,"3","3","3.5","3.5","1.5","0","counted"]"#,
            r#"pair ["B","I1","0",null,null,"0","0","5","5","0","0","no_occurrence"]"#,
            r#"result ["A","g","5","1.5","0","3.5","1","3.5","2",2,1,2,["black"]]"#,
            r#"result ["B","g","5","0","0","5","1","5","1",1,2,2,["red"]]"#,
        ]
    );
}

/// A manual override is part of the digest and of verification: never silent.
#[test]
fn an_override_shows_in_the_digest_and_must_be_declared_to_verify() {
    use scorecard::audit::verify_with_overrides;
    use scorecard::scoring::Override;
    use scorecard::{Assessment, Basis};

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
    let text = canonical_text(&p.scheme, &p.units, &p.targets, &sums.all(), &e).unwrap();
    assert!(text.contains("\noverride [\""), "{text}");
    assert!(text.contains("复核更正"));
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
