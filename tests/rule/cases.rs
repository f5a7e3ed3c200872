//! Runs every case of `tests/cases/rule/*.toml`.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use crate::support::cases::files;

#[test]
fn every_scoring_case_holds() {
    let mut checked = 0;
    for (path, file) in files("rule") {
        for case in &file.case {
            let (assessment, evaluation) = case.run();
            for u in &case.units {
                let at = format!(
                    "{} / case {:?} ({}) / unit {}",
                    path.display(),
                    case.name,
                    case.source,
                    u.id
                );
                let p = evaluation
                    .pair(&u.id.as_str().into(), &case.indicator.id)
                    .unwrap_or_else(|| panic!("{at}: no score"));
                assert_eq!(p.score, u.expect.score, "{at}: score");
                assert_eq!(p.value, u.expect.value, "{at}: value");
                assert_eq!(p.branch, u.expect.branch, "{at}: branch");
                if let Some(lost) = u.expect.lost {
                    assert_eq!(p.lost, lost, "{at}: points lost");
                }
                let trace = assessment
                    .trace(&evaluation, &p.unit, &p.indicator)
                    .unwrap_or_else(|e| panic!("{at}: trace: {e}"));
                assert_eq!(trace.score, p.score, "{at}: the trace agrees");
                assert_eq!(trace.branch, p.branch, "{at}: the trace agrees");
                if let Some(zh) = &u.expect.zh {
                    assert_eq!(&trace.explanation.zh, zh, "{at}: 中文说明");
                }
                if let Some(en) = &u.expect.en {
                    assert_eq!(&trace.explanation.en, en, "{at}: explanation");
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 60, "only {checked} cases ran");
}

/// Every branch of every rule has at least one worked case.
#[test]
fn every_branch_has_a_case() {
    let mut seen = BTreeSet::new();
    for (_, file) in files("rule") {
        for case in &file.case {
            for u in &case.units {
                let name = serde_json::to_value(u.expect.branch).expect("serialisable");
                let key = match name {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Object(m) => m.keys().next().cloned().unwrap_or_default(),
                    other => other.to_string(),
                };
                seen.insert(key);
            }
        }
    }
    let all = [
        "below_cap",
        "capped",
        "below_floor",
        "no_actual",
        "zero_denominator",
        "good",
        "between",
        "bad",
        "no_occurrence",
        "counted",
        "limited",
        "no_peer_mean",
        "below_peer_mean",
        "at_or_above_peer_mean",
        "flat_group",
        "within_range",
        "top_tier",
        "tier",
        "below_tiers",
        "band",
        "no_band",
        "satisfactory",
        "between_standards",
        "unacceptable",
        "pass",
        "fail",
    ];
    for b in all {
        assert!(seen.contains(b), "no case takes branch {b}");
    }
}

/// Points lost, points above full and the raw total agree exactly for every unit of
/// every case.
#[test]
fn points_are_conserved_in_every_case() {
    for (_, file) in files("rule") {
        for case in &file.case {
            let (_, evaluation) = case.run();
            for u in &evaluation.units {
                let pairs = evaluation.pairs_of(&u.unit);
                let sum: Decimal = pairs.iter().map(|p| p.score).sum();
                assert_eq!(sum, u.raw_total);
                assert_eq!(u.full_points - u.lost + u.extra, u.raw_total);
            }
        }
    }
}
