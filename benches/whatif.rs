//! What-if on one indicator (增量重算): the built-in province (474 units, 175
//! indicators), one indicator's rule parameters or points changed back and forth, the
//! new ranks and lists found by scoring only its pairs again — in a live evaluation
//! (in place) and copy-on-write — against a full re-evaluation of the changed scheme.
//!
//! Every iteration checks its answer: the pairs scored again, and every unit's rank and
//! lists equal to those of a full evaluation of the same scheme.
//!
//! The same in the province with every rule written as a formula
//! (`province/live/formula-peer-cap`): the peer-relative indicator's formula changed, its
//! peer statistics formed again.
//!
//! `cargo bench --bench whatif`

#[path = "../examples/support/formulas.rs"]
mod formulas;
#[path = "../examples/support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use scorecard::scoring::LiveEvaluation;
use scorecard::{Assessment, Catalog, Evaluation, Indicator, Rule, Scheme};
use synthetic::{Province, Size};

/// The indicator of `p` with the most pairs whose rule `fits`.
fn widest(p: &Province, fits: impl Fn(&Rule) -> bool) -> Indicator {
    let pairs = |i: &Indicator| p.units.iter().filter(|u| i.applies_to(&u.group)).count();
    p.scheme
        .indicators
        .indicators()
        .iter()
        .filter(|i| fits(&i.rule))
        .max_by_key(|i| (pairs(i), std::cmp::Reverse(i.id.clone())))
        .expect("the province has one")
        .clone()
}

/// The scheme with `new` in place of the indicator of its id.
fn with(scheme: &Scheme, new: &Indicator) -> Scheme {
    let mut indicators = scheme.indicators.indicators().to_vec();
    for i in &mut indicators {
        if i.id == new.id {
            *i = new.clone();
        }
    }
    let mut s = scheme.clone();
    s.indicators = Catalog::new(indicators).expect("valid");
    s
}

/// Every unit's rank and lists as in `want`.
fn same_ranks_and_lists(got: &Evaluation, want: &Evaluation) {
    assert_eq!(got.units.len(), want.units.len());
    for (g, w) in got.units.iter().zip(&want.units) {
        assert!(g.rank == w.rank && g.lists == w.lists, "{}", g.unit);
    }
}

fn whatif(c: &mut Criterion) {
    let p = Province::new(Size::PROVINCE, 7).expect("a province");
    let agg = p.aggregates().expect("aggregates");
    let sums = agg.all();
    let a = Assessment::new(p.scheme.clone(), p.units.clone(), &p.targets).expect("valid");
    let before = a.evaluate(&sums).expect("evaluates");

    // the changes: a completion cap (1.0 or 1.2 → 0.8), a ratio-threshold line (good
    // 0.03 → 0.02), a peer-relative cap (1 → 1.2), an indicator's points (× 2)
    let cap = {
        let mut i = widest(&p, |r| matches!(r, Rule::Completion(_)));
        if let Rule::Completion(c) = &mut i.rule {
            c.cap = Decimal::new(8, 1);
        }
        i
    };
    let line = {
        let mut i = widest(&p, |r| matches!(r, Rule::RatioThreshold(_)));
        if let Rule::RatioThreshold(t) = &mut i.rule {
            t.good = Decimal::new(2, 2);
        }
        i
    };
    let peer = {
        let mut i = widest(&p, |r| matches!(r, Rule::PeerRelative(_)));
        if let Rule::PeerRelative(r) = &mut i.rule {
            r.cap = Decimal::new(12, 1);
        }
        i
    };
    let points = {
        let mut i = widest(&p, |r| matches!(r, Rule::Deduction(_)));
        i.points *= Decimal::TWO;
        i
    };

    let mut g = c.benchmark_group("whatif");
    for (name, new) in [
        ("completion-cap", &cap),
        ("ratio-line", &line),
        ("peer-cap", &peer),
        ("points", &points),
    ] {
        let old = a
            .scheme()
            .indicators
            .get(&new.id)
            .expect("in the scheme")
            .clone();
        let changed =
            Assessment::new(with(&p.scheme, new), p.units.clone(), &p.targets).expect("valid");
        let after = changed.evaluate(&sums).expect("evaluates");
        // a change worth measuring: ranks or lists move
        assert!(
            before
                .units
                .iter()
                .zip(&after.units)
                .any(|(x, y)| x.rank != y.rank || x.lists != y.lists),
            "{name} moves no rank"
        );
        let n = after.pairs.iter().filter(|s| s.indicator == new.id).count();
        let mut live = LiveEvaluation::with_sums(a.clone(), &sums).expect("evaluates");
        // back and forth: each iteration one change, its ranks and lists checked
        let states = [(new, &after), (&old, &before)];
        let mut next = 0;
        g.bench_function(format!("province/live/{name}"), |b| {
            b.iter(|| {
                let (ind, want) = states[next % 2];
                next += 1;
                let k = live
                    .rescore_indicator(black_box(ind.clone()), &p.targets)
                    .expect("rescored");
                assert_eq!(k, n);
                same_ranks_and_lists(live.evaluation(), want);
            });
        });
        // and whole: byte for byte a full evaluation
        if next % 2 == 1 {
            assert_eq!(live.evaluation(), &after);
        } else {
            assert_eq!(live.evaluation(), &before);
        }
        if name == "completion-cap" {
            g.bench_function(format!("province/copy/{name}"), |b| {
                b.iter(|| {
                    let (_, e) = a
                        .rescore_indicator(&before, &sums, &p.targets, black_box(new))
                        .expect("rescored");
                    same_ranks_and_lists(&e, &after);
                    e
                });
            });
            g.sample_size(10);
            g.bench_function(format!("province/full/{name}"), |b| {
                b.iter(|| {
                    let s = with(&p.scheme, black_box(new));
                    let changed = Assessment::new(s, p.units.clone(), &p.targets).expect("valid");
                    let e = changed.evaluate(&sums).expect("evaluates");
                    same_ranks_and_lists(&e, &after);
                    e
                });
            });
            g.sample_size(100);
        }
    }
    // every rule a formula: the peer-relative one's cap raised in its formula
    let mut fp = Province::new(Size::PROVINCE, 7).expect("a province");
    fp.scheme.indicators =
        formulas::catalog_as_formulas(&fp.scheme.indicators, false).expect("translated");
    let fa = Assessment::new(fp.scheme.clone(), fp.units.clone(), &fp.targets).expect("valid");
    let fbefore = fa.evaluate(&sums).expect("evaluates");
    let fold = fp
        .scheme
        .indicators
        .get(&peer.id)
        .expect("in the scheme")
        .clone();
    let fnew = Indicator {
        rule: formulas::as_formula(&peer.rule).expect("a formula"),
        ..fold.clone()
    };
    let fafter = Assessment::new(with(&fp.scheme, &fnew), fp.units.clone(), &fp.targets)
        .expect("valid")
        .evaluate(&sums)
        .expect("evaluates");
    let n = fafter
        .pairs
        .iter()
        .filter(|s| s.indicator == fnew.id)
        .count();
    let mut live = LiveEvaluation::with_sums(fa, &sums).expect("evaluates");
    let states = [(&fnew, &fafter), (&fold, &fbefore)];
    let mut next = 0;
    g.bench_function("province/live/formula-peer-cap", |b| {
        b.iter(|| {
            let (ind, want) = states[next % 2];
            next += 1;
            let k = live
                .rescore_indicator(black_box(ind.clone()), &fp.targets)
                .expect("rescored");
            assert_eq!(k, n);
            same_ranks_and_lists(live.evaluation(), want);
        });
    });
    let want = if next % 2 == 1 { &fafter } else { &fbefore };
    assert_eq!(live.evaluation(), want);
    g.finish();
}

criterion_group!(benches, whatif);
criterion_main!(benches);
