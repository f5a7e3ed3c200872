//! The options a bureau may write, as JSON: strict (unknown keys refused), every field
//! optional with the declared default.
//!
//! Source: the conventions of issue 18 and `docs/METHODS.md` (no published example:
//! these are the crate's own formats).

use rust_decimal_macros::dec;
use scorecard::Direction;
use scorecard::methods::{
    AhpOptions, Criterion, CriticOptions, Ddof, EntropyOptions, Inconsistency, Method,
    Normalisation, OutOfRange, Priority, QuantileOptions, RandomIndex, TopsisOptions, WeightSum,
};
use serde::de::DeserializeOwned;

fn parse<T: DeserializeOwned>(json: &str) -> Result<T, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

#[test]
fn options_parse_with_defaults_and_refuse_unknown_keys() {
    let q: QuantileOptions = parse(r#"{"method": "median_unbiased"}"#).unwrap();
    assert_eq!(
        (q.method, q.out_of_range),
        (Method::MedianUnbiased, OutOfRange::Error)
    );
    let q: QuantileOptions = parse(r#"{"out_of_range": "clamp"}"#).unwrap();
    assert_eq!(q.method, Method::Linear);
    let e = parse::<QuantileOptions>(r#"{"methd": "linear"}"#).unwrap_err();
    assert!(e.contains("unknown field `methd`"), "{e}");

    let a: AhpOptions = parse(
        r#"{"priority": "geometric_mean", "random_index": "saaty2005", "max_cr": "0.08", "inconsistency": "refuse"}"#,
    )
    .unwrap();
    assert_eq!(a.priority, Priority::GeometricMean);
    assert_eq!(a.random_index, RandomIndex::Saaty2005);
    assert_eq!(
        (a.max_cr, a.inconsistency),
        (dec!(0.08), Inconsistency::Refuse)
    );
    assert_eq!(
        (a.max_iterations, a.tolerance),
        (1000, dec!(0.00000000000000000001))
    );
    assert!(parse::<AhpOptions>(r#"{"cr": "0.1"}"#).is_err());
    // decimals are strings, never binary floats
    assert!(parse::<AhpOptions>(r#"{"max_cr": 0.1}"#).is_err());

    let t: TopsisOptions =
        parse(r#"{"weights": "normalise", "ranking": {"ties": "dense"}}"#).unwrap();
    assert_eq!(t.weights, WeightSum::Normalise);
    assert!(parse::<TopsisOptions>(r#"{"weight": "normalise"}"#).is_err());

    let e: EntropyOptions = parse(r#"{"normalisation": "proportion"}"#).unwrap();
    assert_eq!(e.normalisation, Normalisation::Proportion);
    assert!(parse::<EntropyOptions>(r#"{"normalization": "proportion"}"#).is_err());
    let c: CriticOptions = parse(r#"{"ddof": "sample"}"#).unwrap();
    assert_eq!(c.ddof, Ddof::Sample);
    assert!(parse::<CriticOptions>(r#"{"ddof": 1}"#).is_err());

    let k: Criterion = parse(r#"{"name": "I003", "direction": "lower_is_better"}"#).unwrap();
    assert_eq!(k, Criterion::new("I003", Direction::LowerIsBetter));
    let k: Criterion = parse(r#"{"name": "I004"}"#).unwrap();
    assert_eq!(k.direction, Direction::HigherIsBetter);
    assert!(parse::<Criterion>(r#"{"name": "I005", "dir": "lower_is_better"}"#).is_err());
}
