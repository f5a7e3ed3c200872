//! Property tests: split weights add up to the overall weight exactly; day weights add
//! up to 1; a period score lies between the smallest and largest of its posts' scores
//! and equals the exact `Σ score × days / Σ days` rounded once; posts held the same
//! number of days show the same weight; the two day conventions agree; raising an
//! organisation's score never lowers a responsible person's.

use std::sync::OnceLock;

use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::org::{OrgGraph, PostId};
use scorecard::people::Decomposition;
use scorecard::people::{
    AccountOptions, DayConvention, LinkOptions, Linkage, PersonalAccount, day_weights,
    largest_remainder,
};
use scorecard::plan::Plan;
use scorecard::{Assessment, Evaluation, Period};

use crate::support::plan::{assessed, confirmed, day, graph, plan};

struct World {
    graph: OrgGraph,
    decomposition: Decomposition,
    assessment: Assessment,
    evaluation: Evaluation,
    plan: Plan,
}

fn world() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(|| {
        let graph = graph();
        let plan = plan();
        let decomposition = confirmed(&plan, &graph);
        let (assessment, evaluation) = assessed(&plan);
        World {
            graph,
            decomposition,
            assessment,
            evaluation,
            plan,
        }
    })
}

/// The base evaluation with each pair's score replaced by a bounded value within
/// [0, points] (hundredths).
fn evaluation(fractions: &[u16]) -> Evaluation {
    let w = world();
    let mut e = w.evaluation.clone();
    for (p, f) in e.pairs.iter_mut().zip(fractions.iter().cycle()) {
        let points = w
            .plan
            .get(&p.indicator)
            .map_or(Decimal::ZERO, |i| i.indicator.points);
        p.score = points * Decimal::from(*f % 101) / Decimal::ONE_HUNDRED;
    }
    e
}

fn shares() -> impl Strategy<Value = (Decimal, Decimal)> {
    (1i64..=100, 0i64..=100).prop_map(|(a, b)| (Decimal::from(a), Decimal::from(b)))
}

const POSTS: [&str; 4] = ["B1-NS-1", "B1-NS-2", "B1-ZS-1", "B2-NS-1"];

proptest! {
    #![proptest_config(crate::audit::config(128))]

    #[test]
    fn split_parts_add_up_to_the_whole_exactly(
        units in 0i64..=10_000_000,
        places in 0u32..=4,
        shares in prop::collection::vec((0i64..=1000, 0u32..=3), 1..=12),
    ) {
        let total = Decimal::new(units, places);
        let shares: Vec<Decimal> = shares.into_iter().map(|(m, s)| Decimal::new(m, s)).collect();
        let sum: Decimal = shares.iter().copied().sum();
        prop_assume!(!sum.is_zero());
        let parts = largest_remainder(total, &shares, places).expect("a split");
        prop_assert_eq!(parts.len(), shares.len());
        prop_assert_eq!(parts.iter().copied().sum::<Decimal>(), total);
        let unit = Decimal::new(1, places);
        for (part, share) in parts.iter().zip(&shares) {
            prop_assert!(part.scale() <= places);
            prop_assert!(*part >= Decimal::ZERO);
            // each part is its quota rounded down or up by less than one unit
            let quota = total * *share / sum;
            prop_assert!((*part - quota).abs() < unit, "part {} quota {}", part, quota);
        }
    }

    #[test]
    fn day_weights_add_up_to_one(
        days in prop::collection::vec(0u32..=366, 1..=12),
        places in 0u32..=8,
    ) {
        prop_assume!(days.iter().any(|&d| d > 0));
        let w = day_weights(&days, places).expect("weights");
        prop_assert_eq!(w.iter().copied().sum::<Decimal>(), Decimal::ONE);
        for (weight, &d) in w.iter().zip(&days) {
            if d == 0 { prop_assert!(weight.is_zero()); }
        }
    }

    #[test]
    fn a_period_score_lies_between_its_posts_scores(
        fractions in prop::collection::vec(0u16..=100, 8),
        cuts in prop::collection::btree_set(2u32..=366, 0..=4),
        posts in prop::collection::vec(0usize..4, 5),
        leap in any::<bool>(),
        (lead, co) in shares(),
        places in 0u32..=8,
    ) {
        let w = world();
        let e = evaluation(&fractions);
        let options = LinkOptions::new().shares(lead, co);
        let link = Linkage::new(&w.decomposition, &w.assessment, &e, options);
        let year = Period::year(if leap { 2024 } else { 2026 }).expect("a year");
        // segment starts: day 1 and each cut (a day-of-year), clipped to the year
        let mut starts = vec![year.start()];
        starts.extend(cuts.iter().filter(|&&c| c <= year.days()).map(|&c| {
            year.start() + chrono::Days::new(u64::from(c - 1))
        }));
        let mut acc = PersonalAccount::new("P2", year);
        let mut scores = Vec::new();
        for (k, start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).and_then(|s| s.pred_opt()).unwrap_or(year.end());
            let post = PostId::from(POSTS[posts[k]]);
            let s = link.person_in_posts(&"P2".into(), std::slice::from_ref(&post)).expect("a score");
            scores.push(s.score());
            acc.close(post, Period::new(*start, end).expect("a segment"), s).expect("closed");
        }
        let o = AccountOptions { weight_places: places, ..AccountOptions::default() };
        let p = acc.period_score(&o).expect("a period score");
        prop_assert_eq!(p.days_held, year.days());
        let lo = scores.iter().copied().min().expect("a segment");
        let hi = scores.iter().copied().max().expect("a segment");
        prop_assert!(lo <= p.score && p.score <= hi, "{} not in [{}, {}]", p.score, lo, hi);
    }

    #[test]
    fn the_period_score_is_the_exact_day_weighted_mean_rounded_once(
        fractions in prop::collection::vec(0u16..=100, 8),
        segments in prop::collection::vec((1u32..=120, 0usize..4, any::<bool>()), 1..=6),
        places in 0u32..=4,
        half_open in any::<bool>(),
    ) {
        let w = world();
        let e = evaluation(&fractions);
        let link = Linkage::new(&w.decomposition, &w.assessment, &e, LinkOptions::new());
        let year = Period::year(2024).expect("a year");
        let convention = if half_open { DayConvention::HalfOpen } else { DayConvention::Inclusive };
        let mut acc = PersonalAccount::new("P2", year).convention(convention);
        // consecutive segments of random lengths, some days left out between them
        let mut start = year.start();
        let mut terms: Vec<(Decimal, u32)> = Vec::new();
        for (len, post, gap) in &segments {
            let last = start + chrono::Days::new(u64::from(len - 1));
            if last > year.end() {
                break;
            }
            let post = PostId::from(POSTS[*post]);
            let s = link.person_in_posts(&"P2".into(), std::slice::from_ref(&post)).expect("a score");
            let end = if half_open { last.succ_opt().expect("a day") } else { last };
            terms.push((s.score(), *len));
            acc.close(post, Period::new(start, end).expect("a segment"), s).expect("closed");
            start = last + chrono::Days::new(if *gap { 3 } else { 1 });
        }
        prop_assume!(!terms.is_empty());
        let o = AccountOptions {
            weight_places: 6,
            score_rounding: scorecard::RoundStep::half_up(places),
        };
        let p = acc.period_score(&o).expect("a period score");
        // the oracle, in integers: N / D rounded half up to `places`
        let numerator: Decimal = terms.iter().map(|(s, d)| *s * Decimal::from(*d)).sum();
        let days: u32 = terms.iter().map(|(_, d)| d).sum();
        prop_assert_eq!(p.days_held, days);
        prop_assert_eq!(p.score_days, numerator);
        prop_assume!(numerator >= Decimal::ZERO);
        let num = numerator.mantissa() * 10i128.pow(places);
        let den = 10i128.pow(numerator.scale()) * i128::from(days);
        let (q, r) = (num / den, num % den);
        let rounded = if 2 * r >= den { q + 1 } else { q };
        let want = Decimal::from_i128_with_scale(rounded, places);
        prop_assert_eq!(p.score, want, "{} / {}", numerator, days);
    }

    #[test]
    fn posts_held_the_same_number_of_days_get_identical_weights(
        len in 1u32..=120,
        count in 2usize..=3,
        places in 0u32..=8,
    ) {
        let w = world();
        let link = Linkage::new(&w.decomposition, &w.assessment, &w.evaluation, LinkOptions::new());
        let year = Period::year(2026).expect("a year");
        let mut acc = PersonalAccount::new("P2", year);
        let mut start = year.start();
        for name in &POSTS[..count] {
            let last = start + chrono::Days::new(u64::from(len - 1));
            let post = PostId::from(*name);
            let s = link.person_in_posts(&"P2".into(), std::slice::from_ref(&post)).expect("a score");
            acc.close(post, Period::new(start, last).expect("a segment"), s).expect("closed");
            start = last + chrono::Days::new(1);
        }
        let o = AccountOptions { weight_places: places, ..AccountOptions::default() };
        let p = acc.period_score(&o).expect("a period score");
        let first = p.parts[0].weight;
        prop_assert!(p.parts.iter().all(|x| x.weight == first), "{:?}", p.parts.iter().map(|x| x.weight).collect::<Vec<_>>());
    }

    #[test]
    fn raising_an_org_score_never_lowers_a_responsible_persons(
        fractions in prop::collection::vec(0u16..=100, 8),
        pair in 0usize..8,
        raise in 0u16..=100,
        (lead, co) in shares(),
        on in 1u32..=365,
    ) {
        let w = world();
        let before = evaluation(&fractions);
        let mut after = before.clone();
        let k = pair % after.pairs.len();
        after.pairs[k].score += Decimal::from(raise) / Decimal::TEN;
        let date = day(2026, 1, 1) + chrono::Days::new(u64::from(on - 1));
        let options = LinkOptions::new().shares(lead, co);
        let a = Linkage::new(&w.decomposition, &w.assessment, &before, options);
        let b = Linkage::new(&w.decomposition, &w.assessment, &after, options);
        for person in ["P1", "P2", "P3", "P4"] {
            let s1 = a.person_on(&person.into(), date, &w.graph).expect("before");
            let s2 = b.person_on(&person.into(), date, &w.graph).expect("after");
            prop_assert!(s2.score() >= s1.score(), "{}: {} then {}", person, s1.score(), s2.score());
            prop_assert!(s2.exact() >= s1.exact());
            let total: Decimal = s1.parts().iter().map(|p| p.weight).sum();
            if !s1.parts().is_empty() {
                prop_assert_eq!(total, s1.overall());
            }
        }
    }
}
