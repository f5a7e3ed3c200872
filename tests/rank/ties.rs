//! Worked examples for every tie method, in both directions.

use rust_decimal_macros::dec;
use scorecard::Direction;
use scorecard::Direction::{HigherIsBetter, LowerIsBetter};
use scorecard::rank::{RankOptions, Ties, assign_ranks};

use super::{ranked, ranks, want};

const MIXED: &[(&str, &str)] = &[
    ("D", "70"),
    ("C", "85"),
    ("A", "90"),
    ("E", "85.0"),
    ("B", "60"),
    ("F", "85"),
];

#[test]
fn empty_group() {
    for ties in Ties::ALL {
        for direction in [HigherIsBetter, LowerIsBetter] {
            let options = RankOptions::new().ties(ties).direction(direction);
            let r = assign_ranks::<&str>(&[], &options).expect("empty ranks");
            assert!(r.is_empty());
        }
    }
}

#[test]
fn single_unit() {
    for ties in Ties::ALL {
        for direction in [HigherIsBetter, LowerIsBetter] {
            let r = ranked(&[("U", "-3.25")], ties, direction);
            assert_eq!(r.len(), 1);
            assert_eq!((r[0].key, r[0].value), ("U", dec!(-3.25)));
            assert_eq!(r[0].rank.to_string(), "1");
            assert_eq!((r[0].from_top, r[0].from_bottom), (1, 1));
        }
    }
}

#[test]
fn all_equal() {
    let group = [("C", "5"), ("A", "5.00"), ("D", "5"), ("B", "5.0")];
    for direction in [HigherIsBetter, LowerIsBetter] {
        let expect = |r: [&str; 4]| want(&[("A", r[0]), ("B", r[1]), ("C", r[2]), ("D", r[3])]);
        assert_eq!(
            ranks(&group, Ties::Competition, direction),
            expect(["1"; 4])
        );
        assert_eq!(
            ranks(&group, Ties::ModifiedCompetition, direction),
            expect(["4"; 4])
        );
        assert_eq!(ranks(&group, Ties::Dense, direction), expect(["1"; 4]));
        assert_eq!(
            ranks(&group, Ties::Ordinal, direction),
            expect(["1", "2", "3", "4"])
        );
        assert_eq!(
            ranks(&group, Ties::Fractional, direction),
            expect(["2.5"; 4])
        );
        for r in ranked(&group, Ties::Dense, direction) {
            assert_eq!((r.from_top, r.from_bottom), (1, 1));
        }
    }
}

#[test]
fn ties_at_the_top() {
    let group = [
        ("C", "80"),
        ("B", "99"),
        ("A", "99"),
        ("D", "99"),
        ("E", "10"),
    ];
    let h = |t| ranks(&group, t, HigherIsBetter);
    let order = |r: [&str; 5]| {
        want(&[
            ("A", r[0]),
            ("B", r[1]),
            ("D", r[2]),
            ("C", r[3]),
            ("E", r[4]),
        ])
    };
    assert_eq!(h(Ties::Competition), order(["1", "1", "1", "4", "5"]));
    assert_eq!(
        h(Ties::ModifiedCompetition),
        order(["3", "3", "3", "4", "5"])
    );
    assert_eq!(h(Ties::Dense), order(["1", "1", "1", "2", "3"]));
    assert_eq!(h(Ties::Ordinal), order(["1", "2", "3", "4", "5"]));
    assert_eq!(h(Ties::Fractional), order(["2", "2", "2", "4", "5"]));

    // Lower is better: the tie at 99 is now at the bottom.
    let l = |t| ranks(&group, t, LowerIsBetter);
    let order = |r: [&str; 5]| {
        want(&[
            ("E", r[0]),
            ("C", r[1]),
            ("A", r[2]),
            ("B", r[3]),
            ("D", r[4]),
        ])
    };
    assert_eq!(l(Ties::Competition), order(["1", "2", "3", "3", "3"]));
    assert_eq!(
        l(Ties::ModifiedCompetition),
        order(["1", "2", "5", "5", "5"])
    );
    assert_eq!(l(Ties::Dense), order(["1", "2", "3", "3", "3"]));
    assert_eq!(l(Ties::Ordinal), order(["1", "2", "3", "4", "5"]));
    assert_eq!(l(Ties::Fractional), order(["1", "2", "4", "4", "4"]));
}

#[test]
fn ties_at_the_bottom() {
    let group = [("A", "3"), ("B", "1"), ("C", "2"), ("D", "1")];
    let order = |r: [&str; 4]| want(&[("A", r[0]), ("C", r[1]), ("B", r[2]), ("D", r[3])]);
    let h = |t| ranks(&group, t, HigherIsBetter);
    assert_eq!(h(Ties::Competition), order(["1", "2", "3", "3"]));
    assert_eq!(h(Ties::ModifiedCompetition), order(["1", "2", "4", "4"]));
    assert_eq!(h(Ties::Dense), order(["1", "2", "3", "3"]));
    assert_eq!(h(Ties::Ordinal), order(["1", "2", "3", "4"]));
    assert_eq!(h(Ties::Fractional), order(["1", "2", "3.5", "3.5"]));

    let r = ranked(&group, Ties::Competition, HigherIsBetter);
    let ends: Vec<_> = r
        .iter()
        .map(|r| (r.key, r.from_top, r.from_bottom))
        .collect();
    assert_eq!(ends, [("A", 1, 4), ("C", 2, 3), ("B", 3, 1), ("D", 3, 1)]);

    let order = |r: [&str; 4]| want(&[("B", r[0]), ("D", r[1]), ("C", r[2]), ("A", r[3])]);
    let l = |t| ranks(&group, t, LowerIsBetter);
    assert_eq!(l(Ties::Competition), order(["1", "1", "3", "4"]));
    assert_eq!(l(Ties::ModifiedCompetition), order(["2", "2", "3", "4"]));
    assert_eq!(l(Ties::Dense), order(["1", "1", "2", "3"]));
    assert_eq!(l(Ties::Ordinal), order(["1", "2", "3", "4"]));
    assert_eq!(l(Ties::Fractional), order(["1.5", "1.5", "3", "4"]));
}

#[test]
fn mixed_higher_is_better() {
    // 90 > 85 = 85.0 = 85 > 70 > 60
    let order = |r: [&str; 6]| {
        want(&[
            ("A", r[0]),
            ("C", r[1]),
            ("E", r[2]),
            ("F", r[3]),
            ("D", r[4]),
            ("B", r[5]),
        ])
    };
    let h = |t| ranks(MIXED, t, HigherIsBetter);
    assert_eq!(h(Ties::Competition), order(["1", "2", "2", "2", "5", "6"]));
    assert_eq!(
        h(Ties::ModifiedCompetition),
        order(["1", "4", "4", "4", "5", "6"])
    );
    assert_eq!(h(Ties::Dense), order(["1", "2", "2", "2", "3", "4"]));
    assert_eq!(h(Ties::Ordinal), order(["1", "2", "3", "4", "5", "6"]));
    assert_eq!(h(Ties::Fractional), order(["1", "3", "3", "3", "5", "6"]));

    let r = ranked(MIXED, Ties::Dense, HigherIsBetter);
    let ends: Vec<_> = r
        .iter()
        .map(|r| (r.key, r.from_top, r.from_bottom))
        .collect();
    assert_eq!(
        ends,
        [
            ("A", 1, 6),
            ("C", 2, 3),
            ("E", 2, 3),
            ("F", 2, 3),
            ("D", 5, 2),
            ("B", 6, 1)
        ]
    );
}

#[test]
fn mixed_lower_is_better() {
    let order = |r: [&str; 6]| {
        want(&[
            ("B", r[0]),
            ("D", r[1]),
            ("C", r[2]),
            ("E", r[3]),
            ("F", r[4]),
            ("A", r[5]),
        ])
    };
    let l = |t| ranks(MIXED, t, LowerIsBetter);
    assert_eq!(l(Ties::Competition), order(["1", "2", "3", "3", "3", "6"]));
    assert_eq!(
        l(Ties::ModifiedCompetition),
        order(["1", "2", "5", "5", "5", "6"])
    );
    assert_eq!(l(Ties::Dense), order(["1", "2", "3", "3", "3", "4"]));
    assert_eq!(l(Ties::Ordinal), order(["1", "2", "3", "4", "5", "6"]));
    assert_eq!(l(Ties::Fractional), order(["1", "2", "4", "4", "4", "6"]));
}

#[test]
fn fractional_half_ranks() {
    // Two tied after four better: positions 5 and 6, mean 5.5.
    let group = [
        ("A", "10"),
        ("B", "9"),
        ("C", "8"),
        ("D", "7"),
        ("E", "6"),
        ("F", "6"),
    ];
    let r = ranked(&group, Ties::Fractional, HigherIsBetter);
    assert_eq!(r[4].rank, dec!(5.5));
    assert_eq!(r[5].rank, dec!(5.5));
    assert_eq!(r[4].rank.to_string(), "5.5");
}

#[test]
fn negative_values_and_scales() {
    let group = [
        ("A", "-0.0001"),
        ("B", "0"),
        ("C", "-1000000000"),
        ("D", "0.000"),
    ];
    let got = ranks(&group, Ties::Competition, Direction::HigherIsBetter);
    assert_eq!(got, want(&[("B", "1"), ("D", "1"), ("A", "3"), ("C", "4")]));
}
