//! Objective weights: entropy, CRITIC, coefficient of variation; and points.
//!
//! Sources:
//! - Entropy, proportions of the raw values: X. Xu, "A note on the subjective and
//!   objective integrated approach to determine attribute weights", *European Journal
//!   of Operational Research* 156(2), 2004, pp. 530–532 (weights 0.4630, 0.3992,
//!   0.1378, 0.0000); E. K. Zavadskas and V. Podvezko, "Integrated determination of
//!   objective criteria weights in MCDM", *International Journal of Information
//!   Technology & Decision Making* 15(2), 2016, pp. 267–283 (0.1146, 0.1981, 0.4185,
//!   0.2689). Both as reproduced, with their matrices, in the test suite of the
//!   pyrepo-mcda package (`tests/test_weighting_methods.py`).
//! - CRITIC: A. Tuş and E. Aytaç Adalı, "The new combination with CRITIC and WASPAS
//!   methods for the time and attendance software selection problem", *OPSEARCH*
//!   56(2), 2019, pp. 528–538 (weights 0.157, 0.249, 0.168, 0.121, 0.154, 0.151), as
//!   reproduced in the same test suite — which normalises every column as a benefit
//!   criterion; so does the test below.
//! - Min–max entropy: a closed form, `e = 1 − (2/3)·log₃ 2` for min–max values 0, ½, 1
//!   (log₃ 2 from OEIS A102525).

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::Rounding;
use scorecard::methods::{
    Criterion, CriticOptions, Ddof, EntropyOptions, Normalisation, critic_weights, cv_weights,
    entropy_weights, points,
};

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

fn benefits(n: usize) -> Vec<Criterion> {
    (1..=n)
        .map(|j| Criterion::benefit(format!("C{j}")))
        .collect()
}

const PROPORTION: EntropyOptions = EntropyOptions {
    normalisation: Normalisation::Proportion,
};

#[test]
fn entropy_weights_of_xu_2004() {
    let rows = table(&[
        &["30", "30", "38", "29"],
        &["19", "54", "86", "29"],
        &["19", "15", "85", "28.9"],
        &["68", "70", "60", "29"],
    ]);
    let e = entropy_weights(&benefits(4), &rows, &PROPORTION).unwrap();
    assert_eq!(
        round(&e.weights(), 4),
        [dec!(0.4630), dec!(0.3992), dec!(0.1378), dec!(0.0000)]
    );
    // the fourth criterion hardly varies: its entropy is just below 1
    assert!(e.criteria[3].entropy < dec!(1) && e.criteria[3].entropy > dec!(0.99999));
    assert!(!e.criteria[3].constant);
}

#[test]
fn entropy_weights_of_zavadskas_and_podvezko_2016() {
    // proportions measure dispersion: the directions (cost, benefit, cost, benefit) do
    // not enter
    let criteria = [
        Criterion::cost("C1"),
        Criterion::benefit("C2"),
        Criterion::cost("C3"),
        Criterion::benefit("C4"),
    ];
    let rows = table(&[
        &["3.0", "100", "10", "7"],
        &["2.5", "80", "8", "5"],
        &["1.8", "50", "20", "11"],
        &["2.2", "70", "12", "9"],
    ]);
    let e = entropy_weights(&criteria, &rows, &PROPORTION).unwrap();
    assert_eq!(
        round(&e.weights(), 4),
        [dec!(0.1146), dec!(0.1981), dec!(0.4185), dec!(0.2689)]
    );
    // each column of proportions adds up to 1
    for j in 0..4 {
        let s: Decimal = e.proportions.iter().map(|r| r[j]).sum();
        assert_eq!(Rounding::HalfUp.round(s, 26), dec!(1));
    }
}

#[test]
fn min_max_entropy_in_closed_form() {
    // values 10, 15, 20 (benefit) and 8, 6, 4 (cost) both normalise to 0, ½, 1:
    // p = 0, 1/3, 2/3 and e = 1 − (2/3)·log₃ 2 = 0.57938016428569504193364859043815943…
    let criteria = [
        Criterion::benefit("B"),
        Criterion::cost("C"),
        Criterion::benefit("K"),
    ];
    let rows = table(&[&["10", "8", "5"], &["15", "6", "5"], &["20", "4", "5"]]);
    let e = entropy_weights(&criteria, &rows, &EntropyOptions::default()).unwrap();
    let expected = d("0.5793801642856950419336485904");
    for c in &e.criteria[..2] {
        assert!((c.entropy - expected).abs() <= dec!(0.00000000000000000000000001));
    }
    assert_eq!(e.normalised[1], [dec!(0.5), dec!(0.5), dec!(0)]);
    assert_eq!(e.proportions[0][0], dec!(0));
    // a constant criterion: e = 1, weight 0; the other two share the weight equally
    assert!(e.criteria[2].constant);
    assert_eq!(
        (e.criteria[2].entropy, e.criteria[2].weight),
        (dec!(1), dec!(0))
    );
    assert_eq!(e.criteria[0].weight, e.criteria[1].weight);
    assert_eq!(
        e.points(dec!(100), 0).unwrap(),
        [dec!(50), dec!(50), dec!(0)]
    );
}

#[test]
fn entropy_refuses_what_it_cannot_weigh() {
    let one_row = table(&[&["1", "2"]]);
    let e = entropy_weights(&benefits(2), &one_row, &EntropyOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "entropy weights: needs at least 2 alternatives, got 1"
    );
    let constant = table(&[&["3", "4"], &["3", "4"]]);
    let e = entropy_weights(&benefits(2), &constant, &EntropyOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "entropy weights: every criterion is constant: no criterion tells the alternatives apart"
    );
    let negative = table(&[&["3", "-4"], &["5", "4"]]);
    let e = entropy_weights(&benefits(2), &negative, &PROPORTION).unwrap_err();
    assert_eq!(e.criterion(), Some("C2"));
    assert_eq!(
        e.to_string(),
        "entropy weights: criterion C2 has the negative value -4 for alternative 1: proportions need values of 0 or more"
    );
    // min–max takes any sign
    assert!(entropy_weights(&benefits(2), &negative, &EntropyOptions::default()).is_ok());
    let ragged = vec![vec![dec!(1), dec!(2)], vec![dec!(1)]];
    let e = entropy_weights(&benefits(2), &ragged, &EntropyOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "entropy weights: alternative 2 has 1 values for 2 criteria"
    );
    let none: [[Decimal; 0]; 2] = [[], []];
    assert!(entropy_weights(&[], &none, &EntropyOptions::default()).is_err());
    let twice = [Criterion::benefit("X"), Criterion::cost("X")];
    let e = entropy_weights(
        &twice,
        &table(&[&["1", "2"], &["3", "4"]]),
        &EntropyOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "entropy weights: criterion X is given twice");
}

#[test]
fn critic_weights_of_tus_and_aytac_adali_2019() {
    let rows = table(&[
        &["5000", "3", "3", "4", "3", "2"],
        &["680", "5", "3", "2", "2", "1"],
        &["2000", "3", "2", "3", "4", "3"],
        &["600", "4", "3", "1", "2", "2"],
        &["800", "2", "4", "3", "3", "4"],
    ]);
    let c = critic_weights(&benefits(6), &rows, &CriticOptions::default()).unwrap();
    assert_eq!(
        round(&c.weights(), 3),
        [
            dec!(0.157),
            dec!(0.249),
            dec!(0.168),
            dec!(0.121),
            dec!(0.154),
            dec!(0.151)
        ]
    );
    // the ddof does not move the weights
    let sample =
        critic_weights(&benefits(6), &rows, &CriticOptions { ddof: Ddof::Sample }).unwrap();
    assert_eq!(round(&sample.weights(), 24), round(&c.weights(), 24));
    assert!(sample.criteria[0].std_dev > c.criteria[0].std_dev);
    // a correlation matrix: symmetric, 1 on the diagonal
    for j in 0..6 {
        assert_eq!(c.correlation[j][j], dec!(1));
        for k in 0..6 {
            assert_eq!(c.correlation[j][k], c.correlation[k][j]);
        }
    }
}

#[test]
fn critic_directions_and_degenerate_criteria() {
    // a cost criterion that falls as a benefit rises agrees with it: r = +1 after
    // normalisation, so the two weigh the same; a constant criterion weighs 0
    let criteria = [
        Criterion::benefit("B"),
        Criterion::cost("C"),
        Criterion::benefit("D"),
        Criterion::benefit("K"),
    ];
    let rows = table(&[
        &["1", "30", "2", "7"],
        &["2", "20", "1", "7"],
        &["3", "10", "3", "7"],
    ]);
    let c = critic_weights(&criteria, &rows, &CriticOptions::default()).unwrap();
    assert_eq!(c.correlation[0][1], dec!(1));
    assert_eq!(c.criteria[0].weight, c.criteria[1].weight);
    assert!(c.criteria[3].constant);
    assert_eq!(
        (c.criteria[3].weight, c.correlation[3][0]),
        (dec!(0), dec!(0))
    );
    // two criteria in perfect agreement carry no conflict, hence no information
    let agree = table(&[&["1", "30"], &["2", "20"], &["3", "10"]]);
    let e = critic_weights(&criteria[..2], &agree, &CriticOptions::default()).unwrap_err();
    assert!(e.is_invalid_input());
    assert_eq!(
        e.to_string(),
        "CRITIC weights: no criterion carries information: every one is constant or all are perfectly correlated"
    );
}

#[test]
fn coefficient_of_variation_weights() {
    // means 2 and 20; sample σ 1 and 5: v = 0.5 and 0.25, weights 2/3 and 1/3
    let rows = table(&[&["1", "15"], &["2", "20"], &["3", "25"]]);
    let w = cv_weights(&benefits(2), &rows, Ddof::Sample).unwrap();
    assert_eq!(w.criteria[0].cv, dec!(0.5));
    assert_eq!(w.criteria[1].cv, dec!(0.25));
    assert_eq!(
        w.weights(),
        [
            d("0.6666666666666666666666666667"),
            d("0.3333333333333333333333333333")
        ]
    );
    assert_eq!(w.points(dec!(1), 4).unwrap(), [dec!(0.6667), dec!(0.3333)]);
    let e = cv_weights(
        &benefits(2),
        &table(&[&["1", "-1"], &["2", "3"]]),
        Ddof::Sample,
    )
    .unwrap_err();
    assert_eq!(e.criterion(), Some("C2"));
}

#[test]
fn weights_become_points_that_add_up_exactly() {
    let w = [
        d("0.4629515"),
        d("0.3992038"),
        d("0.1378414"),
        d("0.0000033"),
    ];
    let p = points(&w, dec!(100), 1).unwrap();
    assert_eq!(p, [dec!(46.3), dec!(39.9), dec!(13.8), dec!(0.0)]);
    assert_eq!(p.iter().sum::<Decimal>(), dec!(100));
    assert!(points(&[dec!(-0.1), dec!(1.1)], dec!(100), 0).is_err());
}
