//! Red, black and award lists: cut-offs, ties at the cut-off, precedence.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::Direction;
use scorecard::rank::{
    Cutoff, ListEnd, ListRule, RankOptions, Ranked, Ties, TiesAtCut, assign_lists, assign_ranks,
};

fn group(values: &[i64]) -> Vec<(usize, Decimal)> {
    values
        .iter()
        .enumerate()
        .map(|(i, &v)| (i + 1, Decimal::from(v)))
        .collect()
}

fn ranked(values: &[i64]) -> Vec<Ranked<usize>> {
    assign_ranks(&group(values), &RankOptions::new()).expect("ranks")
}

/// The keys on the list named `name`, best first.
fn on(ranked: &[Ranked<usize>], lists: &[Vec<String>], name: &str) -> Vec<usize> {
    ranked
        .iter()
        .zip(lists)
        .filter(|(_, l)| l.iter().any(|n| n == name))
        .map(|(r, _)| r.key)
        .collect()
}

fn red_black() -> [ListRule; 2] {
    [ListRule::red(dec!(0.4)), ListRule::black(dec!(0.1))]
}

#[test]
fn constructors() {
    let red = ListRule::red(dec!(0.4));
    assert_eq!(
        red,
        ListRule {
            name: "red".into(),
            end: ListEnd::Top,
            share: dec!(0.4),
            cutoff: Cutoff::Ceil,
            ties_at_cut: TiesAtCut::Include,
        }
    );
    assert_eq!(ListRule::black(dec!(0.1)).end, ListEnd::Bottom);
    assert_eq!(ListRule::black(dec!(0.1)).name, "black");
    assert_eq!(ListRule::award(dec!(0.5)).end, ListEnd::Top);
    assert_eq!(ListRule::award(dec!(0.5)).name, "award");
    assert_eq!(Cutoff::default(), Cutoff::Ceil);
    assert_eq!(
        ListRule::new("honour", ListEnd::Top, dec!(0.2))
            .cutoff(Cutoff::Floor)
            .cutoff,
        Cutoff::Floor
    );
}

#[test]
fn serde() {
    let rule: ListRule =
        serde_json::from_str(r#"{"name":"red","end":"top","share":"0.4"}"#).expect("parses");
    assert_eq!(rule, ListRule::red(dec!(0.4)));
    let rule: ListRule =
        serde_json::from_str(r#"{"name":"black","end":"bottom","share":"0.1","cutoff":"half_up"}"#)
            .expect("parses");
    assert_eq!(rule, ListRule::black(dec!(0.1)).cutoff(Cutoff::HalfUp));
    assert!(serde_json::from_str::<ListRule>(r#"{"name":"x","end":"top","shar":"0.1"}"#).is_err());
    let rule: ListRule = serde_json::from_str(
        r#"{"name":"black","end":"bottom","share":"0.1","ties_at_cut":"exclude"}"#,
    )
    .expect("parses");
    assert_eq!(
        rule,
        ListRule::black(dec!(0.1)).ties_at_cut(TiesAtCut::Exclude)
    );
    assert!(
        serde_json::from_str::<ListRule>(
            r#"{"name":"x","end":"top","share":"0.1","ties":"exclude"}"#
        )
        .is_err()
    );
    assert_eq!(
        serde_json::to_string(&ListRule::award(dec!(0.5))).expect("serialises"),
        r#"{"name":"award","end":"top","share":"0.5","cutoff":"ceil","ties_at_cut":"include"}"#
    );
}

#[test]
fn ties_across_the_cut_are_left_off_whole_when_the_rule_excludes_them() {
    let exclude = [
        ListRule::red(dec!(0.4)).ties_at_cut(TiesAtCut::Exclude),
        ListRule::black(dec!(0.1)).ties_at_cut(TiesAtCut::Exclude),
    ];
    // Places 4, 5 and 6 tie across the red cut (limit 4): none of them is red.
    let r = ranked(&[98, 96, 95, 90, 90, 90, 85, 84, 82, 80]);
    let lists = assign_lists(&r, &exclude).expect("lists");
    assert_eq!(on(&r, &lists, "red"), [1, 2, 3]);
    assert_eq!(on(&r, &lists, "black"), [10]);
    // A tie ending exactly at the cut fits: places 3 and 4 tie, limit 4.
    let r = ranked(&[98, 96, 93, 93, 90, 88, 85, 84, 82, 80]);
    let lists = assign_lists(&r, &exclude).expect("lists");
    assert_eq!(on(&r, &lists, "red"), [1, 2, 3, 4]);
    // Two units tied for last with a black limit of 1: neither is black (rank 9 is not
    // above n − k = 9).
    let r = ranked(&[98, 96, 95, 93, 90, 88, 85, 84, 80, 80]);
    let lists = assign_lists(&r, &exclude).expect("lists");
    assert!(on(&r, &lists, "black").is_empty());
    // Everyone equal: a tie of 10 fits no list.
    let r = ranked(&[60; 10]);
    let lists = assign_lists(&r, &exclude).expect("lists");
    assert!(lists.iter().all(Vec::is_empty));
}

#[test]
fn ten_units_two_tied_for_last() {
    let r = ranked(&[98, 96, 95, 93, 90, 88, 85, 84, 80, 80]);
    let rules = red_black();
    assert_eq!(rules[0].limit(10).expect("limit"), 4);
    assert_eq!(rules[1].limit(10).expect("limit"), 1);
    let lists = assign_lists(&r, &rules).expect("lists");
    assert_eq!(on(&r, &lists, "red"), [1, 2, 3, 4]);
    assert_eq!(on(&r, &lists, "black"), [9, 10]);
    for l in &lists[4..8] {
        assert!(l.is_empty());
    }
}

#[test]
fn ten_units_no_ties() {
    let r = ranked(&[10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    let lists = assign_lists(&r, &red_black()).expect("lists");
    assert_eq!(on(&r, &lists, "red"), [1, 2, 3, 4]);
    assert_eq!(on(&r, &lists, "black"), [10]);
}

#[test]
fn ties_at_the_cut_off_are_all_included() {
    // Places 4, 5 and 6 tie: red (limit 4) takes all three.
    let r = ranked(&[98, 96, 95, 90, 90, 90, 85, 84, 82, 80]);
    let lists = assign_lists(&r, &red_black()).expect("lists");
    assert_eq!(on(&r, &lists, "red"), [1, 2, 3, 4, 5, 6]);
    assert_eq!(on(&r, &lists, "black"), [10]);

    // A tie just past the cut-off is not included.
    let r = ranked(&[98, 96, 95, 93, 90, 90, 85, 84, 82, 80]);
    let lists = assign_lists(&r, &red_black()).expect("lists");
    assert_eq!(on(&r, &lists, "red"), [1, 2, 3, 4]);
}

#[test]
fn ties_at_the_bottom_are_all_black() {
    let r = ranked(&[98, 96, 95, 93, 90, 88, 70, 70, 70, 70]);
    let lists = assign_lists(&r, &red_black()).expect("lists");
    assert_eq!(on(&r, &lists, "black"), [7, 8, 9, 10]);
    // Second to last is not black when one unit is last alone.
    let r = ranked(&[98, 96, 95, 93, 90, 88, 70, 70, 70, 60]);
    let lists = assign_lists(&r, &red_black()).expect("lists");
    assert_eq!(on(&r, &lists, "black"), [10]);
}

#[test]
fn lower_is_better_lists() {
    let g = group(&[0, 1, 1, 2, 5, 9, 9, 3, 4, 2]);
    let r =
        assign_ranks(&g, &RankOptions::new().direction(Direction::LowerIsBetter)).expect("ranks");
    let lists = assign_lists(&r, &red_black()).expect("lists");
    assert_eq!(on(&r, &lists, "red"), [1, 2, 3, 4, 10]);
    assert_eq!(on(&r, &lists, "black"), [6, 7]);
}

#[test]
fn lists_do_not_depend_on_the_tie_method() {
    let g = group(&[98, 96, 95, 90, 90, 90, 85, 84, 80, 80]);
    let base = assign_lists(
        &assign_ranks(&g, &RankOptions::new()).expect("ranks"),
        &red_black(),
    )
    .expect("lists");
    for ties in Ties::ALL {
        let r = assign_ranks(&g, &RankOptions::new().ties(ties)).expect("ranks");
        assert_eq!(
            assign_lists(&r, &red_black()).expect("lists"),
            base,
            "{ties:?}"
        );
    }
}

#[test]
fn single_unit_is_red_not_black() {
    let r = ranked(&[77]);
    let rules = red_black();
    assert_eq!(rules[0].limit(1).expect("limit"), 1);
    assert_eq!(rules[1].limit(1).expect("limit"), 1);
    let lists = assign_lists(&r, &rules).expect("lists");
    assert_eq!(lists, [vec!["red".to_owned()]]);
    // Without a red list the single unit is black.
    let lists = assign_lists(&r, &[ListRule::black(dec!(0.1))]).expect("lists");
    assert_eq!(lists, [vec!["black".to_owned()]]);
}

#[test]
fn all_equal_all_red_none_black() {
    let r = ranked(&[60; 10]);
    let lists = assign_lists(&r, &red_black()).expect("lists");
    assert!(lists.iter().all(|l| l == &["red"]));
}

#[test]
fn empty_group() {
    let r = ranked(&[]);
    assert_eq!(red_black()[0].limit(0).expect("limit"), 0);
    assert!(assign_lists(&r, &red_black()).expect("lists").is_empty());
}

#[test]
fn no_rules() {
    let r = ranked(&[3, 2, 1]);
    let lists = assign_lists(&r, &[]).expect("lists");
    assert_eq!(lists, [Vec::<String>::new(), vec![], vec![]]);
}

#[test]
fn cutoffs() {
    let cases = [
        // share, n, ceil, floor, half up
        (dec!(0.4), 10, 4, 4, 4),
        (dec!(0.4), 11, 5, 4, 4),
        (dec!(0.1), 15, 2, 1, 2),
        (dec!(0.1), 14, 2, 1, 1),
        (dec!(0.1), 5, 1, 0, 1),
        (dec!(0.1), 4, 1, 0, 0),
        (dec!(0.4), 1, 1, 0, 0),
        (dec!(0.5), 1, 1, 0, 1),
        (dec!(0.333), 3, 1, 0, 1),
        (dec!(0.0001), 9999, 1, 0, 1),
    ];
    for (share, n, ceil, floor, half_up) in cases {
        let rule = ListRule::red(share);
        assert_eq!(rule.limit(n).expect("limit"), ceil, "ceil {share} x {n}");
        let rule = rule.cutoff(Cutoff::Floor);
        assert_eq!(rule.limit(n).expect("limit"), floor, "floor {share} x {n}");
        let rule = rule.cutoff(Cutoff::HalfUp);
        assert_eq!(
            rule.limit(n).expect("limit"),
            half_up,
            "half up {share} x {n}"
        );
    }
}

#[test]
fn floor_and_half_up_lists() {
    // n = 15: black 0.1 → 1.5: ceil 2, floor 1, half up 2.
    let values: Vec<i64> = (1..=15).rev().collect();
    let r = ranked(&values);
    let black = |c| {
        let rules = [ListRule::black(dec!(0.1)).cutoff(c)];
        on(&r, &assign_lists(&r, &rules).expect("lists"), "black")
    };
    assert_eq!(black(Cutoff::Ceil), [14, 15]);
    assert_eq!(black(Cutoff::Floor), [15]);
    assert_eq!(black(Cutoff::HalfUp), [14, 15]);

    // n = 4, red 0.4 → 1.6: floor 1, half up 2; black 0.1 → 0.4: floor and half up 0.
    let r = ranked(&[4, 3, 2, 1]);
    let rules = [
        ListRule::red(dec!(0.4)).cutoff(Cutoff::Floor),
        ListRule::black(dec!(0.1)).cutoff(Cutoff::Floor),
    ];
    let lists = assign_lists(&r, &rules).expect("lists");
    assert_eq!(on(&r, &lists, "red"), [1]);
    assert!(on(&r, &lists, "black").is_empty());
    let rules = [
        ListRule::red(dec!(0.4)).cutoff(Cutoff::HalfUp),
        ListRule::black(dec!(0.1)).cutoff(Cutoff::HalfUp),
    ];
    let lists = assign_lists(&r, &rules).expect("lists");
    assert_eq!(on(&r, &lists, "red"), [1, 2]);
    assert!(on(&r, &lists, "black").is_empty());
}

#[test]
fn share_zero_and_one() {
    let r = ranked(&[5, 4, 3, 2, 1]);
    let lists =
        assign_lists(&r, &[ListRule::red(dec!(0)), ListRule::black(dec!(0))]).expect("lists");
    assert!(lists.iter().all(Vec::is_empty));

    let lists = assign_lists(&r, &[ListRule::red(dec!(1))]).expect("lists");
    assert!(lists.iter().all(|l| l == &["red"]));

    // Everyone would be black, but the red list takes precedence.
    let lists =
        assign_lists(&r, &[ListRule::red(dec!(0.4)), ListRule::black(dec!(1))]).expect("lists");
    assert_eq!(on(&r, &lists, "red"), [1, 2]);
    assert_eq!(on(&r, &lists, "black"), [3, 4, 5]);

    // Precedence does not depend on the order of the rules.
    let lists =
        assign_lists(&r, &[ListRule::black(dec!(1)), ListRule::red(dec!(0.4))]).expect("lists");
    assert_eq!(on(&r, &lists, "red"), [1, 2]);
    assert_eq!(on(&r, &lists, "black"), [3, 4, 5]);
}

#[test]
fn several_top_lists_in_rule_order() {
    let r = ranked(&[10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    let rules = [
        ListRule::award(dec!(0.5)),
        ListRule::red(dec!(0.4)),
        ListRule::black(dec!(0.1)),
    ];
    let lists = assign_lists(&r, &rules).expect("lists");
    assert_eq!(lists[0], ["award", "red"]);
    assert_eq!(lists[4], ["award"]);
    assert!(lists[5].is_empty());
    assert_eq!(lists[9], ["black"]);
}

#[test]
fn invalid_rules() {
    let r = ranked(&[1, 2]);
    for share in [dec!(-0.1), dec!(1.0001), dec!(40)] {
        let rule = ListRule::red(share);
        assert!(rule.validate().expect_err("bad share").is_invalid_option());
        assert!(rule.limit(10).is_err());
        let e = assign_lists(&r, &[rule]).expect_err("bad share");
        assert!(e.is_invalid_option());
        assert_eq!(e.field(), Some("share"));
        assert!(e.to_string().contains("list rule red"), "{e}");
    }
    assert_eq!(
        ListRule::black(dec!(1.5))
            .validate()
            .expect_err("bad")
            .to_string(),
        "list rule black has share 1.5, outside 0 to 1"
    );
    assert!(
        ListRule::new("", ListEnd::Top, dec!(0.1))
            .validate()
            .is_err()
    );
    let e = assign_lists(&r, &[ListRule::red(dec!(0.1)), ListRule::red(dec!(0.2))])
        .expect_err("duplicate name");
    assert!(e.is_duplicate());
    assert_eq!(e.to_string(), "list rule red is given twice");
    assert!(ListRule::red(dec!(0)).validate().is_ok());
    assert!(ListRule::red(dec!(1.000)).validate().is_ok());
}

#[test]
fn large_group_limit() {
    assert_eq!(
        ListRule::red(dec!(0.4)).limit(u32::MAX).expect("limit"),
        1_717_986_918
    );
    assert_eq!(
        ListRule::red(dec!(1)).limit(u32::MAX).expect("limit"),
        u32::MAX
    );
}
