//! Rankings and red/black lists (`src/rank/`).

mod lists;
mod props;
mod ties;

use rust_decimal::Decimal;
use scorecard::Direction;
use scorecard::rank::{RankOptions, Ranked, Ties, assign_ranks};

/// Entries keyed by `&str`, from `(key, value)` pairs with values as text.
fn entries(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, Decimal)> {
    pairs
        .iter()
        .map(|&(k, v)| (k, v.parse().expect("test value parses")))
        .collect()
}

fn ranked(
    pairs: &[(&'static str, &str)],
    ties: Ties,
    direction: Direction,
) -> Vec<Ranked<&'static str>> {
    let options = RankOptions::new().ties(ties).direction(direction);
    assign_ranks(&entries(pairs), &options).expect("ranking succeeds")
}

/// `(key, rank as text)` in output order.
fn ranks(
    pairs: &[(&'static str, &str)],
    ties: Ties,
    direction: Direction,
) -> Vec<(&'static str, String)> {
    ranked(pairs, ties, direction)
        .into_iter()
        .map(|r| (r.key, r.rank.to_string()))
        .collect()
}

/// Shorthand for expected `(key, rank)` lists.
fn want(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    pairs.iter().map(|&(k, r)| (k, r.to_owned())).collect()
}

#[test]
fn options_builder_and_defaults() {
    let o = RankOptions::new();
    assert_eq!(o, RankOptions::default());
    assert_eq!(o.get_ties(), Ties::Competition);
    assert_eq!(o.get_direction(), Direction::HigherIsBetter);
    let o = o.ties(Ties::Fractional).direction(Direction::LowerIsBetter);
    assert_eq!(o.get_ties(), Ties::Fractional);
    assert_eq!(o.get_direction(), Direction::LowerIsBetter);
    assert_eq!(Ties::default(), Ties::Competition);
}

#[test]
fn options_serde() {
    let o: RankOptions =
        serde_json::from_str(r#"{"ties":"modified_competition","direction":"lower_is_better"}"#)
            .expect("parses");
    assert_eq!(
        o,
        RankOptions::new()
            .ties(Ties::ModifiedCompetition)
            .direction(Direction::LowerIsBetter)
    );
    let o: RankOptions = serde_json::from_str(r#"{"ties":"dense"}"#).expect("parses");
    assert_eq!(o, RankOptions::new().ties(Ties::Dense));
    let o: RankOptions = serde_json::from_str("{}").expect("parses");
    assert_eq!(o, RankOptions::new());
    assert!(serde_json::from_str::<RankOptions>(r#"{"tie":"dense"}"#).is_err());
    assert_eq!(
        serde_json::to_string(&RankOptions::new().ties(Ties::Ordinal)).expect("serialises"),
        r#"{"ties":"ordinal","direction":"higher_is_better"}"#
    );
    let all: Vec<String> = Ties::ALL
        .iter()
        .map(|t| serde_json::to_string(t).expect("serialises"))
        .collect();
    assert_eq!(
        all,
        [
            r#""competition""#,
            r#""modified_competition""#,
            r#""dense""#,
            r#""ordinal""#,
            r#""fractional""#
        ]
    );
}

#[test]
fn ranked_serialises_decimals_as_strings() {
    let r = ranked(
        &[("A", "90"), ("B", "85"), ("C", "85")],
        Ties::Fractional,
        Direction::HigherIsBetter,
    );
    let json = serde_json::to_string(&r[1]).expect("serialises");
    assert_eq!(
        json,
        r#"{"key":"B","value":"85","rank":"2.5","from_top":2,"from_bottom":1}"#
    );
}

#[test]
fn duplicate_key_is_an_error() {
    let e = assign_ranks(
        &entries(&[("U1", "1"), ("U2", "2"), ("U1", "3")]),
        &RankOptions::new(),
    )
    .expect_err("duplicate key");
    assert!(e.is_duplicate());
    assert_eq!(e.to_string(), "key U1 is given twice in one ranking");
    // Same value too.
    let e = assign_ranks(&entries(&[("U1", "1"), ("U1", "1")]), &RankOptions::new())
        .expect_err("duplicate key");
    assert!(e.is_duplicate());
}

#[test]
fn values_keep_their_scale_and_tie_numerically() {
    let r = ranked(
        &[("A", "1.50"), ("B", "1.5"), ("C", "1.4")],
        Ties::Competition,
        Direction::HigherIsBetter,
    );
    let got: Vec<_> = r
        .iter()
        .map(|r| (r.key, r.value.to_string(), r.from_top))
        .collect();
    assert_eq!(
        got,
        [
            ("A", "1.50".to_owned(), 1),
            ("B", "1.5".to_owned(), 1),
            ("C", "1.4".to_owned(), 3)
        ]
    );
}

#[test]
fn works_with_unit_ids() {
    use scorecard::UnitId;
    let group = vec![
        (UnitId::from("U0002"), Decimal::from(7)),
        (UnitId::from("U0001"), Decimal::from(7)),
    ];
    let r = assign_ranks(&group, &RankOptions::new().ties(Ties::Ordinal)).expect("ranks");
    assert_eq!(r[0].key.as_str(), "U0001");
    assert_eq!(r[1].key.as_str(), "U0002");
    let dup = vec![
        (UnitId::from("U0001"), Decimal::from(7)),
        (UnitId::from("U0001"), Decimal::from(8)),
    ];
    let e = assign_ranks(&dup, &RankOptions::new()).expect_err("duplicate");
    assert!(e.to_string().contains("U0001"));
}
