//! TOPSIS against two published worked examples.
//!
//! Sources:
//! - C.-L. Hwang and K. Yoon, *Multiple Attribute Decision Making: Methods and
//!   Applications*, Springer, 1981, pp. 133–134: the fighter-aircraft problem (four
//!   aircraft, six attributes, weights 0.2, 0.1, 0.1, 0.1, 0.2, 0.3, cost the only cost
//!   attribute), relative closeness 0.643, 0.268, 0.613, 0.312, ranks 1, 4, 2, 3; the
//!   book's intermediate figures to 4 places.
//! - R. Hodgett, "TOPSIS in Excel" (hodgett.co.uk/topsis-in-excel), the example of the R
//!   package MCDA (Bigaret, Hodgett, Meyer, Mironova, Olteanu), `TOPSIS.Rd` and its test
//!   `tests/TOPSIS.R`: three cars (Corsa, Clio, Fiesta) on purchase price (cost),
//!   economy, aesthetics and boot capacity with weights 0.35, 0.25, 0.25, 0.15; ideals
//!   to 9 places and closeness 0.4817, 0.5182, 0.1780 (R's `round(…, 4)`).

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::Rounding;
use scorecard::methods::{Criterion, TopsisOptions, WeightSum, topsis};
use scorecard::rank::{RankOptions, Ties};

use crate::support::d;

fn round(v: &[Decimal], places: u32) -> Vec<Decimal> {
    v.iter()
        .map(|x| Rounding::HalfUp.round(*x, places))
        .collect()
}

fn table(rows: &[&[&str]]) -> Vec<Vec<Decimal>> {
    rows.iter()
        .map(|r| r.iter().map(|v| d(v)).collect())
        .collect()
}

fn decimals(v: &[&str]) -> Vec<Decimal> {
    v.iter().map(|x| d(x)).collect()
}

#[test]
fn hodgett_cars() {
    let criteria = [
        Criterion::cost("purchase price"),
        Criterion::benefit("economy"),
        Criterion::benefit("aesthetics"),
        Criterion::benefit("boot capacity"),
    ];
    let rows = table(&[
        &["5490", "51.4", "8.5", "285"],
        &["6500", "70.6", "7", "288"],
        &["6489", "54.3", "7.5", "290"],
    ]);
    let w = [dec!(0.35), dec!(0.25), dec!(0.25), dec!(0.15)];
    let t = topsis(&criteria, &w, &rows, &TopsisOptions::new()).unwrap();
    assert_eq!(
        round(&t.positive_ideal, 9),
        decimals(&["0.179573776", "0.171636015", "0.159499658", "0.087302767"])
    );
    assert_eq!(
        round(&t.negative_ideal, 9),
        decimals(&["0.212610118", "0.124958799", "0.131352659", "0.085797547"])
    );
    assert_eq!(
        round(&t.closeness, 4),
        decimals(&["0.4817", "0.5182", "0.1780"])
    );
    assert_eq!(t.ranks, [dec!(2), dec!(1), dec!(3)]);
}

#[test]
fn hwang_and_yoon_fighter_aircraft() {
    let criteria = [
        Criterion::benefit("maximum speed"),
        Criterion::benefit("ferry range"),
        Criterion::benefit("maximum payload"),
        Criterion::cost("acquisition cost"),
        Criterion::benefit("reliability"),
        Criterion::benefit("maneuverability"),
    ];
    let rows = table(&[
        &["2.0", "1500", "20000", "5.5", "5", "9"],
        &["2.5", "2700", "18000", "6.5", "3", "5"],
        &["1.8", "2000", "21000", "4.5", "7", "7"],
        &["2.2", "1800", "20000", "5.0", "5", "5"],
    ]);
    let w = [
        dec!(0.2),
        dec!(0.1),
        dec!(0.1),
        dec!(0.1),
        dec!(0.2),
        dec!(0.3),
    ];
    let t = topsis(&criteria, &w, &rows, &TopsisOptions::new()).unwrap();
    assert_eq!(t.ranks, [dec!(1), dec!(4), dec!(2), dec!(3)]);
    assert_eq!(
        t.ranking.iter().map(|r| r.key).collect::<Vec<_>>(),
        [0, 2, 3, 1]
    );
    // the book's normalised matrix to 4 places
    let book = [
        ["0.4671", "0.3662", "0.5056", "0.5063", "0.4811", "0.6708"],
        ["0.5839", "0.6591", "0.4550", "0.5983", "0.2887", "0.3727"],
        ["0.4204", "0.4882", "0.5308", "0.4143", "0.6736", "0.5217"],
        ["0.5139", "0.4392", "0.5056", "0.4603", "0.4811", "0.3727"],
    ];
    // figures of the book that do not follow from its data, with what does: the cost
    // column (5.5 / √117.75 = 0.50686…) and A4's ferry range (1800 / √16 780 000 =
    // 0.43941…)
    let slips = [
        ((0, 3), "0.5069"),
        ((1, 3), "0.5990"),
        ((2, 3), "0.4147"),
        ((3, 3), "0.4608"),
        ((3, 1), "0.4394"),
    ];
    for (i, row) in book.iter().enumerate() {
        for (j, printed) in row.iter().enumerate() {
            let ours = Rounding::HalfUp.round(t.normalised[i][j], 4);
            match slips.iter().find(|(at, _)| *at == (i, j)) {
                Some((_, exact)) => {
                    assert_eq!(ours, d(exact), "A{} X{}", i + 1, j + 1);
                    assert!((ours - d(printed)).abs() <= dec!(0.0007));
                }
                None => assert_eq!(ours, d(printed), "A{} X{}", i + 1, j + 1),
            }
        }
    }
    // ideals of the benefit attributes, as printed
    let best: Vec<Decimal> = [0, 1, 2, 4, 5]
        .iter()
        .map(|j| t.positive_ideal[*j])
        .collect();
    assert_eq!(
        round(&best, 4),
        decimals(&["0.1168", "0.0659", "0.0531", "0.1347", "0.2012"])
    );
    let worst: Vec<Decimal> = [0, 1, 2, 4, 5]
        .iter()
        .map(|j| t.negative_ideal[*j])
        .collect();
    assert_eq!(
        round(&worst, 4),
        decimals(&["0.0841", "0.0366", "0.0455", "0.0577", "0.1118"])
    );
    // distances: the book's (from its rounded figures) within one unit of the 4th place
    let d_plus = decimals(&["0.0545", "0.1197", "0.0580", "0.1009"]);
    let d_minus = decimals(&["0.0983", "0.0439", "0.0920", "0.0458"]);
    for i in 0..4 {
        assert!(
            (t.distance_to_positive[i] - d_plus[i]).abs() <= dec!(0.0001),
            "D+ A{}",
            i + 1
        );
        assert!(
            (t.distance_to_negative[i] - d_minus[i]).abs() <= dec!(0.0001),
            "D- A{}",
            i + 1
        );
    }
    // closeness 0.643, 0.268, 0.613, 0.312: A3 is 0.61354… exactly; the book's 0.613 is
    // its 4-place distances' 0.0920 / (0.0580 + 0.0920) = 0.6133
    let c = round(&t.closeness, 3);
    assert_eq!([c[0], c[1], c[3]], [dec!(0.643), dec!(0.268), dec!(0.312)]);
    assert_eq!(c[2], dec!(0.614));
    assert_eq!(
        Rounding::HalfUp.round(dec!(0.0920) / (dec!(0.0580) + dec!(0.0920)), 3),
        dec!(0.613)
    );
}

#[test]
fn weights_are_checked_or_normalised_as_declared() {
    let criteria = [Criterion::benefit("a"), Criterion::benefit("b")];
    let rows = table(&[&["1", "2"], &["2", "1"]]);
    let e = topsis(
        &criteria,
        &[dec!(0.5), dec!(0.6)],
        &rows,
        &TopsisOptions::new(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "TOPSIS: the weights add up to 1.1, not 1 (within 0.00000000000000000001); declare `normalise` to divide them by their sum"
    );
    let normalise = TopsisOptions::new().weights(WeightSum::Normalise);
    let t = topsis(&criteria, &[dec!(3), dec!(1)], &rows, &normalise).unwrap();
    assert_eq!(t.weights, [dec!(0.75), dec!(0.25)]);
    let e = topsis(&criteria, &[dec!(-1), dec!(2)], &rows, &normalise).unwrap_err();
    assert_eq!(e.criterion(), Some("a"));
    let e = topsis(&criteria, &[dec!(1)], &rows, &normalise).unwrap_err();
    assert_eq!(e.to_string(), "TOPSIS: 1 weights for 2 criteria");
}

#[test]
fn degenerate_matrices_are_refused() {
    let criteria = [Criterion::benefit("a"), Criterion::cost("b")];
    let w = [dec!(0.5), dec!(0.5)];
    let zero = table(&[&["0", "1"], &["0", "2"]]);
    let e = topsis(&criteria, &w, &zero, &TopsisOptions::new()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "TOPSIS: criterion a is 0 for every alternative: its vector norm is 0"
    );
    let same = table(&[&["3", "1"], &["3", "1"]]);
    let e = topsis(&criteria, &w, &same, &TopsisOptions::new()).unwrap_err();
    assert!(e.to_string().contains("closeness is undefined"));
    let one = table(&[&["3", "1"]]);
    assert!(topsis(&criteria, &w, &one, &TopsisOptions::new()).is_err());
}

#[test]
fn ties_follow_the_declared_method() {
    let criteria = [Criterion::benefit("a")];
    let rows = table(&[&["2"], &["2"], &["1"]]);
    let dense = TopsisOptions::new().ranking(RankOptions::new().ties(Ties::Fractional));
    let t = topsis(&criteria, &[dec!(1)], &rows, &dense).unwrap();
    assert_eq!(t.closeness, [dec!(1), dec!(1), dec!(0)]);
    assert_eq!(t.ranks, [dec!(1.5), dec!(1.5), dec!(3)]);
}
