//! Property tests: order independence, tie consistency, list sizes.

use std::collections::BTreeSet;

use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::Direction;
use scorecard::rank::{
    Cutoff, ListEnd, ListRule, RankOptions, Ranked, Ties, TiesAtCut, assign_lists, assign_ranks,
};

/// A value from the bounded range, or (half the time) from a small pool so that ties,
/// and equal values written with different scales (`1` and `1.0`), are common.
fn value() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (-1_000_000_000i64..1_000_000_000, 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s)),
        (-3i64..=3, 0u32..=1).prop_map(|(m, s)| Decimal::new(m * 10i64.pow(s), s)),
    ]
}

/// Up to 40 entries with unique keys, in random order.
fn group() -> impl Strategy<Value = Vec<(u16, Decimal)>> {
    prop::collection::btree_set(any::<u16>(), 0..=40)
        .prop_flat_map(|keys| {
            let n = keys.len();
            (Just(keys), prop::collection::vec(value(), n))
        })
        .prop_map(|(keys, values)| keys.into_iter().zip(values).collect::<Vec<_>>())
        .prop_shuffle()
}

fn ties() -> impl Strategy<Value = Ties> {
    prop::sample::select(Ties::ALL.to_vec())
}

fn direction() -> impl Strategy<Value = Direction> {
    prop_oneof![
        Just(Direction::HigherIsBetter),
        Just(Direction::LowerIsBetter)
    ]
}

fn options() -> impl Strategy<Value = RankOptions> {
    (ties(), direction()).prop_map(|(t, d)| RankOptions::new().ties(t).direction(d))
}

fn cutoff() -> impl Strategy<Value = Cutoff> {
    prop_oneof![
        Just(Cutoff::Ceil),
        Just(Cutoff::Floor),
        Just(Cutoff::HalfUp)
    ]
}

fn ties_at_cut() -> impl Strategy<Value = TiesAtCut> {
    prop_oneof![Just(TiesAtCut::Include), Just(TiesAtCut::Exclude)]
}

/// Whether entry `e` of `r` is within `limit` of its list's end, counted from the
/// values (not from the ranks): the units strictly better (worse) than it, and those at
/// least as good (bad).
fn oracle_within(
    r: &[Ranked<u16>],
    e: &Ranked<u16>,
    d: Direction,
    end: ListEnd,
    ties: TiesAtCut,
    limit: i64,
) -> bool {
    let count = |f: &dyn Fn(&Ranked<u16>) -> bool| {
        i64::try_from(r.iter().filter(|x| f(x)).count()).expect("small")
    };
    let (ahead, with_ties) = match end {
        ListEnd::Top => (
            count(&|x| better(d, x.value, e.value)),
            count(&|x| !better(d, e.value, x.value)),
        ),
        ListEnd::Bottom => (
            count(&|x| better(d, e.value, x.value)),
            count(&|x| !better(d, x.value, e.value)),
        ),
    };
    match ties {
        TiesAtCut::Include => ahead < limit,
        TiesAtCut::Exclude => with_ties <= limit,
    }
}

/// A share in hundredths, 0 to 1, kept as the integer `p` of `p / 100` for the oracle.
fn share() -> impl Strategy<Value = i64> {
    0i64..=100
}

/// The oracle for a limit: `p / 100 × n` made whole in integers.
fn oracle_limit(p: i64, n: i64, cutoff: Cutoff) -> i64 {
    let x = p * n; // limit = x / 100
    match cutoff {
        Cutoff::Ceil => (x + 99) / 100,
        Cutoff::Floor => x / 100,
        Cutoff::HalfUp => (2 * x + 100) / 200,
    }
}

fn better(direction: Direction, a: Decimal, b: Decimal) -> bool {
    direction.is_better(a, b)
}

fn run(entries: &[(u16, Decimal)], options: &RankOptions) -> Vec<Ranked<u16>> {
    assign_ranks(entries, options).expect("unique keys rank")
}

proptest! {
    #[test]
    fn ranks_do_not_depend_on_input_order(
        (entries, shuffled) in group().prop_flat_map(|g| (Just(g.clone()), Just(g).prop_shuffle())),
        options in options(),
    ) {
        prop_assert_eq!(run(&entries, &options), run(&shuffled, &options));
    }

    #[test]
    fn output_is_sorted_by_rank_then_key_and_keeps_entries(
        entries in group(),
        options in options(),
    ) {
        let r = run(&entries, &options);
        prop_assert_eq!(r.len(), entries.len());
        for w in r.windows(2) {
            prop_assert!((w[0].rank, w[0].key) < (w[1].rank, w[1].key));
        }
        let mut given = entries.clone();
        given.sort();
        let mut got: Vec<(u16, Decimal)> = r.iter().map(|r| (r.key, r.value)).collect();
        got.sort();
        // Values are returned exactly as given, scale included.
        let text = |v: &[(u16, Decimal)]| v.iter().map(|(k, d)| format!("{k}={d}")).collect::<Vec<_>>();
        prop_assert_eq!(text(&got), text(&given));
    }

    #[test]
    fn equal_values_equal_ranks_better_values_better_ranks(
        entries in group(),
        options in options(),
    ) {
        let r = run(&entries, &options);
        let d = options.get_direction();
        for a in &r {
            for b in &r {
                if better(d, a.value, b.value) {
                    prop_assert!(a.rank < b.rank);
                }
                if a.value == b.value && options.get_ties() != Ties::Ordinal {
                    prop_assert_eq!(a.rank, b.rank);
                }
                if a.value == b.value && options.get_ties() == Ties::Ordinal && a.key < b.key {
                    prop_assert!(a.rank < b.rank);
                }
            }
        }
    }

    #[test]
    fn ordinal_ranks_are_a_permutation(entries in group(), d in direction()) {
        let r = run(&entries, &RankOptions::new().ties(Ties::Ordinal).direction(d));
        let ranks: Vec<Decimal> = r.iter().map(|r| r.rank).collect();
        let expect: Vec<Decimal> = (1..=r.len()).map(Decimal::from).collect();
        prop_assert_eq!(ranks, expect);
    }

    #[test]
    fn from_top_and_from_bottom_count_strictly(entries in group(), options in options()) {
        let r = run(&entries, &options);
        let d = options.get_direction();
        let n = u32::try_from(r.len()).expect("small");
        for a in &r {
            let strictly_better = r.iter().filter(|b| better(d, b.value, a.value)).count();
            let strictly_worse = r.iter().filter(|b| better(d, a.value, b.value)).count();
            let tied = r.iter().filter(|b| b.value == a.value).count();
            prop_assert_eq!(a.from_top as usize, strictly_better + 1);
            prop_assert_eq!(a.from_bottom as usize, strictly_worse + 1);
            prop_assert_eq!(a.from_top + a.from_bottom, n + 2 - u32::try_from(tied).expect("small"));
        }
    }

    #[test]
    fn tie_methods_agree_with_their_definitions(entries in group(), d in direction()) {
        let rank_with = |t| run(&entries, &RankOptions::new().ties(t).direction(d));
        let comp = rank_with(Ties::Competition);
        let modified = rank_with(Ties::ModifiedCompetition);
        let dense = rank_with(Ties::Dense);
        let frac = rank_with(Ties::Fractional);
        let distinct: BTreeSet<Decimal> = entries.iter().map(|e| e.1).collect();
        for i in 0..comp.len() {
            let a = &comp[i];
            prop_assert_eq!(a.rank, Decimal::from(a.from_top));
            let tied = u32::try_from(comp.iter().filter(|b| b.value == a.value).count()).expect("small");
            prop_assert_eq!(modified[i].rank, Decimal::from(a.from_top + tied - 1));
            let better_values = distinct.iter().filter(|&&v| better(d, v, a.value)).count();
            prop_assert_eq!(dense[i].rank, Decimal::from(better_values + 1));
            // Mean of from_top ..= from_top + tied - 1, times 2.
            prop_assert_eq!(frac[i].rank * Decimal::TWO, Decimal::from(2 * a.from_top + tied - 1));
        }
        let dense_set: BTreeSet<Decimal> = dense.iter().map(|r| r.rank).collect();
        let expect: BTreeSet<Decimal> = (1..=distinct.len()).map(Decimal::from).collect();
        prop_assert_eq!(dense_set, expect);
    }

    #[test]
    fn fractional_ranks_sum_to_n_n_plus_1_over_2(entries in group(), d in direction()) {
        let r = run(&entries, &RankOptions::new().ties(Ties::Fractional).direction(d));
        let n = r.len();
        let sum: Decimal = r.iter().map(|r| r.rank).sum();
        prop_assert_eq!(sum, Decimal::from(n * (n + 1) / 2));
    }

    #[test]
    fn lists_follow_the_cut_off_rule(
        entries in group(),
        options in options(),
        rules in prop::collection::vec((share(), cutoff(), any::<bool>(), ties_at_cut()), 0..=4),
    ) {
        let rules: Vec<(i64, ListRule)> = rules
            .into_iter()
            .enumerate()
            .map(|(i, (p, c, top, t))| {
                let end = if top { ListEnd::Top } else { ListEnd::Bottom };
                (p, ListRule::new(format!("list{i}"), end, Decimal::new(p, 2)).cutoff(c).ties_at_cut(t))
            })
            .collect();
        let only_rules: Vec<ListRule> = rules.iter().map(|(_, r)| r.clone()).collect();
        let r = run(&entries, &options);
        let lists = assign_lists(&r, &only_rules).expect("valid rules");
        prop_assert_eq!(lists.len(), r.len());
        let n = i64::try_from(r.len()).expect("small");
        let d = options.get_direction();

        let on_top: Vec<bool> = r
            .iter()
            .map(|e| rules.iter().any(|(p, rule)| {
                rule.end == ListEnd::Top
                    && oracle_within(&r, e, d, ListEnd::Top, rule.ties_at_cut, oracle_limit(*p, n, rule.cutoff))
            }))
            .collect();
        for (p, rule) in &rules {
            let limit = oracle_limit(*p, n, rule.cutoff);
            prop_assert_eq!(i64::from(rule.limit(u32::try_from(n).expect("small")).expect("limit")), limit);
            let members: Vec<bool> = lists.iter().map(|l| l.contains(&rule.name)).collect();
            for (i, e) in r.iter().enumerate() {
                let within = oracle_within(&r, e, d, rule.end, rule.ties_at_cut, limit);
                let expect = match rule.end {
                    ListEnd::Top => within,
                    ListEnd::Bottom => !on_top[i] && within,
                };
                prop_assert_eq!(members[i], expect);
            }
            // Tied units are on the same lists.
            for (e, m) in r.iter().zip(&members) {
                for (f, g) in r.iter().zip(&members) {
                    if e.value == f.value {
                        prop_assert_eq!(m, g);
                    }
                }
            }
            if rule.end == ListEnd::Top {
                let count = i64::try_from(members.iter().filter(|&&m| m).count()).expect("small");
                match rule.ties_at_cut {
                    TiesAtCut::Include => {
                        // At least the limit is listed (when the group is that large), more
                        // only through a tie at the cut-off.
                        prop_assert!(count >= limit.min(n));
                        if count > limit {
                            // Members past the limit all tie with the entry at the limit.
                            let at = usize::try_from(limit - 1).expect("limit >= 1 here");
                            let cut = r[at].value;
                            let past = usize::try_from(count).expect("small");
                            prop_assert!(r[at..past].iter().all(|e| e.value == cut));
                        }
                    }
                    // Never more than the limit; fewer only through a tie across the cut.
                    TiesAtCut::Exclude => {
                        prop_assert!(count <= limit);
                        if count < limit.min(n) {
                            let at = usize::try_from(count).expect("small");
                            let past = usize::try_from(limit).expect("small");
                            prop_assert!(r[at..past].iter().all(|e| e.value == r[at].value));
                        }
                    }
                }
                for (e, m) in r.iter().zip(&members) {
                    for (f, g) in r.iter().zip(&members) {
                        if *m && !*g {
                            prop_assert!(better(d, e.value, f.value));
                        }
                    }
                }
            }
        }
        // Never on two opposite lists; names in the rules' order.
        for l in &lists {
            let ends: BTreeSet<bool> = l
                .iter()
                .map(|name| only_rules.iter().any(|r| &r.name == name && r.end == ListEnd::Top))
                .collect();
            prop_assert!(ends.len() <= 1);
            let positions: Vec<usize> = l
                .iter()
                .map(|name| only_rules.iter().position(|r| &r.name == name).expect("known"))
                .collect();
            prop_assert!(positions.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn out_of_range_shares_are_rejected(
        entries in group(),
        p in prop_oneof![-1_000i64..0, 101i64..1_000],
    ) {
        let r = run(&entries, &RankOptions::new());
        let e = assign_lists(&r, &[ListRule::red(Decimal::new(p, 2))]).expect_err("bad share");
        prop_assert!(e.is_invalid_option());
    }

    #[test]
    fn a_duplicate_key_is_always_an_error(
        entries in group().prop_filter("non-empty", |g| !g.is_empty()),
        extra in value(),
        pick in any::<prop::sample::Index>(),
    ) {
        let mut entries = entries;
        let key = entries[pick.index(entries.len())].0;
        entries.push((key, extra));
        let e = assign_ranks(&entries, &RankOptions::new()).expect_err("duplicate");
        prop_assert!(e.is_duplicate());
        prop_assert!(e.to_string().contains(&key.to_string()));
    }
}
