//! The formula language against hand-written Rust doing the same checked `Decimal`
//! operations: a completion-like and a ratio-threshold-like formula, and an interval
//! table, each over 1 024 units per iteration (divide the time by 1 024 for one
//! evaluation). Every iteration checks its answer: the sum of the scores.
//!
//! `cargo bench --bench formula`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rust_decimal::Decimal;
use scorecard::rule::formula::{
    Binding, Env, HitPolicy, NoWatch, Program, Row, Schema, Table, TableDef,
};

const UNITS: usize = 1024;

/// One unit's values: two inputs, a target and the points.
#[derive(Clone, Copy)]
struct Unit {
    a: Decimal,
    b: Decimal,
    target: Decimal,
    points: Decimal,
}

impl Env for Unit {
    #[inline]
    fn input(&self, slot: usize) -> Option<Decimal> {
        match slot {
            0 => Some(self.a),
            1 => Some(self.b),
            _ => None,
        }
    }
    #[inline]
    fn target(&self, _slot: usize) -> Option<Decimal> {
        Some(self.target)
    }
    #[inline]
    fn points(&self) -> Decimal {
        self.points
    }
}

/// Units with amounts of two places, a tenth of the denominators zero.
fn units() -> Vec<Unit> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |m: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % m
    };
    (0..UNITS)
        .map(|_| Unit {
            a: Decimal::new(next(10_000_000) as i64, 2),
            b: if next(10) == 0 {
                Decimal::ZERO
            } else {
                Decimal::new(next(100_000_000) as i64 + 1, 2)
            },
            target: Decimal::new(next(5_000_000) as i64 + 100, 2),
            points: Decimal::new(next(200) as i64 + 1, 1),
        })
        .collect()
}

/// Completion, capped at 1.2, as the built-in rule computes it.
#[inline]
fn completion(u: &Unit, cap: Decimal) -> Option<(Decimal, &'static str)> {
    if u.target.is_zero() {
        return None;
    }
    let rate = u.a.checked_div(u.target)?;
    if rate >= cap {
        Some((u.points.checked_mul(cap)?, "capped"))
    } else {
        Some((u.points.checked_mul(rate)?, "below_cap"))
    }
}

/// The error rate: full points at ≤ 3 %, none at ≥ 5 %, linear between, full points
/// for a zero denominator.
#[inline]
fn ratio_threshold(u: &Unit, good: Decimal, bad: Decimal) -> Option<(Decimal, &'static str)> {
    if u.b.is_zero() {
        return Some((u.points, "zero_denominator"));
    }
    let r = u.a.checked_div(u.b)?;
    if r <= good {
        return Some((u.points, "good"));
    }
    if r >= bad {
        return Some((Decimal::ZERO, "bad"));
    }
    let room = bad.checked_sub(r)?;
    let span = bad.checked_sub(good)?;
    let kept = room.checked_div(span)?;
    Some((u.points.checked_mul(kept)?, "between"))
}

/// Three bands of the rate a / target.
#[inline]
fn bands(u: &Unit, lo: Decimal, hi: Decimal) -> Option<(Decimal, usize)> {
    if u.target.is_zero() {
        return None;
    }
    let rate = u.a.checked_div(u.target)?;
    Some(if rate < lo {
        (Decimal::ZERO, 0)
    } else if rate < hi {
        (Decimal::TWO, 1)
    } else {
        (u.points, 2)
    })
}

fn sum(scores: impl Iterator<Item = Decimal>) -> Decimal {
    scores.fold(Decimal::ZERO, |s, x| s.checked_add(x).expect("fits"))
}

fn formula(c: &mut Criterion) {
    let units = units();
    let schema = Schema::new().input("actual").input("den").target();
    let cap: Decimal = "1.2".parse().expect("a decimal");
    let (good, bad): (Decimal, Decimal) = (
        "0.03".parse().expect("a decimal"),
        "0.05".parse().expect("a decimal"),
    );
    let completion_program = Program::compile(
        &[Binding::new("rate", "actual / target")],
        "if(rate >= 1.2, branch(\"capped\", points * 1.2), branch(\"below_cap\", points * rate))",
        &schema,
    )
    .expect("compiles");
    let ratio_program = Program::compile(
        &[Binding::new("ratio", "actual / den")],
        "if(den = 0, branch(\"zero_denominator\", points),
         if(ratio <= 0.03, branch(\"good\", points),
         if(ratio >= 0.05, branch(\"bad\", 0),
         branch(\"between\", points * ((0.05 - ratio) / (0.05 - 0.03))))))",
        &schema,
    )
    .expect("compiles");
    let table = Table::compile(
        &TableDef::new(["actual / target"], HitPolicy::Unique)
            .row(Row::new(["< 0.9"], "0"))
            .row(Row::new(["[0.9, 1)"], "2"))
            .row(Row::new([">= 1"], "points")),
        &schema,
    )
    .expect("compiles");
    let (lo, hi) = ("0.9".parse().expect("a decimal"), Decimal::ONE);

    // the answers, and that the formulas agree with the hand-written code unit by unit
    for u in &units {
        let f = completion_program.eval(u, &mut NoWatch).expect("evaluates");
        let h = completion(u, cap).expect("computes");
        assert_eq!(
            (f.value.number(), f.branch.map(|b| b.text)),
            (Some(h.0), Some(h.1))
        );
        let f = ratio_program.eval(u, &mut NoWatch).expect("evaluates");
        let h = ratio_threshold(u, good, bad).expect("computes");
        assert_eq!(
            (f.value.number(), f.branch.map(|b| b.text)),
            (Some(h.0), Some(h.1))
        );
        let f = table.eval(u, &mut NoWatch).expect("evaluates");
        let h = bands(u, lo, hi).expect("computes");
        assert_eq!((f.value, f.row.map(|r| r.index())), (h.0, Some(h.1)));
    }
    let completion_sum = sum(units
        .iter()
        .map(|u| completion(u, cap).expect("computes").0));
    let ratio_sum = sum(units
        .iter()
        .map(|u| ratio_threshold(u, good, bad).expect("computes").0));
    let bands_sum = sum(units.iter().map(|u| bands(u, lo, hi).expect("computes").0));

    let mut g = c.benchmark_group("formula");
    g.throughput(Throughput::Elements(UNITS as u64));
    g.bench_function("completion/formula", |b| {
        b.iter(|| {
            let s = sum(black_box(&units).iter().map(|u| {
                completion_program
                    .eval(u, &mut NoWatch)
                    .expect("evaluates")
                    .value
                    .number()
                    .expect("a number")
            }));
            assert_eq!(s, completion_sum);
        });
    });
    g.bench_function("completion/hand-written", |b| {
        b.iter(|| {
            let s = sum(black_box(&units)
                .iter()
                .map(|u| completion(u, black_box(cap)).expect("computes").0));
            assert_eq!(s, completion_sum);
        });
    });
    g.bench_function("ratio-threshold/formula", |b| {
        b.iter(|| {
            let s = sum(black_box(&units).iter().map(|u| {
                ratio_program
                    .eval(u, &mut NoWatch)
                    .expect("evaluates")
                    .value
                    .number()
                    .expect("a number")
            }));
            assert_eq!(s, ratio_sum);
        });
    });
    g.bench_function("ratio-threshold/hand-written", |b| {
        b.iter(|| {
            let s = sum(black_box(&units).iter().map(|u| {
                ratio_threshold(u, black_box(good), black_box(bad))
                    .expect("computes")
                    .0
            }));
            assert_eq!(s, ratio_sum);
        });
    });
    g.bench_function("interval/table", |b| {
        b.iter(|| {
            let s = sum(black_box(&units)
                .iter()
                .map(|u| table.eval(u, &mut NoWatch).expect("evaluates").value));
            assert_eq!(s, bands_sum);
        });
    });
    g.bench_function("interval/hand-written", |b| {
        b.iter(|| {
            let s = sum(black_box(&units)
                .iter()
                .map(|u| bands(u, black_box(lo), black_box(hi)).expect("computes").0));
            assert_eq!(s, bands_sum);
        });
    });
    g.finish();
}

criterion_group!(benches, formula);
criterion_main!(benches);
