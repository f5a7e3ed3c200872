//! Manual overrides: only with an author, a reason and a basis; visible in the score,
//! the trace and the totals — never silent.

use crate::support::synthetic::{Province, Size};
use rust_decimal::Decimal;
use scorecard::catalog::Basis;
use scorecard::scoring::{LiveEvaluation, Override};
use scorecard::{Assessment, Evaluation};

use crate::support::d;

fn province() -> (Province, Assessment) {
    let p = Province::new(Size::SMALL, 21).expect("a province");
    let a = Assessment::new(p.scheme.clone(), p.units.clone(), &p.targets).expect("valid");
    (p, a)
}

fn an_override(e: &Evaluation, score: &str) -> Override {
    let pair = &e.pairs[0];
    Override {
        unit: pair.unit.clone(),
        indicator: pair.indicator.clone(),
        score: d(score),
        author: "省局考评办 张三".into(),
        reason: "3 月数据因系统故障缺失，复核后按实际计分".into(),
        basis: Basis {
            document: "绩效考评复核办法".into(),
            clause: Some("第七条".into()),
        },
    }
}

#[test]
fn an_override_needs_an_author_a_reason_and_a_basis() {
    let (p, a) = province();
    let e = a
        .evaluate(&p.aggregates().expect("ok").all())
        .expect("evaluates");
    let good = an_override(&e, "1");
    for (field, broken) in [
        (
            "an author",
            Override {
                author: " ".into(),
                ..good.clone()
            },
        ),
        (
            "a reason",
            Override {
                reason: String::new(),
                ..good.clone()
            },
        ),
        (
            "a document basis",
            Override {
                basis: Basis {
                    document: String::new(),
                    clause: None,
                },
                ..good.clone()
            },
        ),
    ] {
        let err = a.clone().with_overrides(vec![broken]).expect_err("refused");
        assert!(
            err.to_string().contains(&format!("has no {field}")),
            "{err}"
        );
        assert!(err.to_string().contains(good.unit.as_str()), "{err}");
    }
    let err = a
        .clone()
        .with_overrides(vec![good.clone(), good.clone()])
        .expect_err("twice");
    assert!(err.to_string().contains("overridden twice"), "{err}");
    let nowhere = Override {
        unit: "U9999".into(),
        ..good
    };
    assert!(a.with_overrides(vec![nowhere]).is_err());
}

#[test]
fn an_override_shows_in_the_score_the_totals_and_the_trace() {
    let (p, a) = province();
    let sums = p.aggregates().expect("ok");
    let before = a.evaluate(&sums.all()).expect("evaluates");
    let o = an_override(&before, "0.5");
    let a = a.with_overrides(vec![o.clone()]).expect("valid");
    assert_eq!(a.overrides().count(), 1);
    let after = a.evaluate(&sums.all()).expect("evaluates");
    let pair = after.pair(&o.unit, &o.indicator).expect("scored");
    let was = before.pair(&o.unit, &o.indicator).expect("scored");
    assert_eq!(pair.score, d("0.5"));
    let shown = pair.overridden.as_ref().expect("marked");
    assert_eq!(shown.computed, was.score);
    assert_eq!(shown.by, o);
    let unit_before = before.unit(&o.unit).expect("a unit");
    let unit_after = after.unit(&o.unit).expect("a unit");
    assert_eq!(
        unit_after.raw_total,
        unit_before.raw_total - was.score + d("0.5")
    );
    let t = a.trace(&after, &o.unit, &o.indicator).expect("a trace");
    assert_eq!(t.score, d("0.5"));
    assert!(t.overridden.is_some());
    assert!(
        t.explanation.zh.contains("人工调整"),
        "{}",
        t.explanation.zh
    );
    assert!(
        t.explanation.zh.contains("省局考评办 张三"),
        "{}",
        t.explanation.zh
    );
    assert!(
        t.explanation.zh.contains("绩效考评复核办法 第七条"),
        "{}",
        t.explanation.zh
    );
    assert!(
        t.explanation.en.contains("overridden: computed"),
        "{}",
        t.explanation.en
    );
    // the rule's own explanation of the computed score comes first
    let plain = Assessment::new(p.scheme.clone(), p.units.clone(), &p.targets)
        .expect("valid")
        .trace(&before, &o.unit, &o.indicator)
        .expect("a trace");
    assert!(t.explanation.zh.starts_with(&plain.explanation.zh));
    // and the marking survives JSON
    let back: Evaluation =
        serde_json::from_str(&serde_json::to_string(&after).expect("json")).expect("back");
    assert_eq!(back, after);
    // pairs without an override carry no mark
    assert!(
        after
            .pairs
            .iter()
            .filter(|p| p.overridden.is_some())
            .count()
            == 1
    );
}

#[test]
fn a_live_evaluation_keeps_the_override() {
    let (p, a) = province();
    let sums = p.aggregates().expect("ok");
    let e = a.evaluate(&sums.all()).expect("evaluates");
    let o = an_override(&e, "2");
    let a = a.with_overrides(vec![o.clone()]).expect("valid");
    let mut live = LiveEvaluation::with_sums(a, &sums.all()).expect("evaluates");
    for dp in p.datapoints() {
        // whole: some of the data points are counts
        live.add(&o.unit, &dp, Decimal::TWO).expect("adds");
    }
    assert_eq!(
        live.evaluation()
            .pair(&o.unit, &o.indicator)
            .expect("scored")
            .score,
        d("2")
    );
    assert_eq!(
        live.evaluation(),
        &live.evaluate_fresh().expect("evaluates")
    );
}
