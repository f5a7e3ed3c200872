//! Red, black and award lists: which units of a ranked group are on which list.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Ranked;
use crate::error::{Error, Result};
use crate::num::Rounding;

/// Which end of a ranking a list is drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum ListEnd {
    /// The best units (红榜 red list, award list); a unit is on it when
    /// [`Ranked::from_top`] is at most the limit.
    Top,
    /// The worst units (黑榜 black list); a unit is on it when [`Ranked::from_bottom`] is
    /// at most the limit and it is on no top list.
    Bottom,
}

/// How the exact product share × group size becomes a whole-number limit.
///
/// | cut-off | 中文 | 0.4 × 10 = 4 | 0.4 × 11 = 4.4 | 0.1 × 15 = 1.5 | 0.1 × 5 = 0.5 |
/// | --- | --- | --- | --- | --- | --- |
/// | [`Ceil`](Cutoff::Ceil) | 向上取整 | 4 | 5 | 2 | 1 |
/// | [`Floor`](Cutoff::Floor) | 向下取整 | 4 | 4 | 1 | 0 |
/// | [`HalfUp`](Cutoff::HalfUp) | 四舍五入 | 4 | 4 | 2 | 1 |
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::rank::{Cutoff, ListRule};
///
/// let black = ListRule::black(dec!(0.1));
/// assert_eq!(black.limit(15)?, 2);
/// assert_eq!(black.clone().cutoff(Cutoff::Floor).limit(15)?, 1);
/// assert_eq!(black.cutoff(Cutoff::HalfUp).limit(14)?, 1);
/// # Ok::<(), scorecard::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Cutoff {
    /// Round up: any fraction of a place counts as a place. The default.
    #[default]
    Ceil,
    /// Round down: only whole places count.
    Floor,
    /// Round half up (四舍五入): a fraction of one half or more counts as a place.
    HalfUp,
}

impl Cutoff {
    fn rounding(self) -> Rounding {
        match self {
            Cutoff::Ceil => Rounding::Ceiling,
            Cutoff::Floor => Rounding::Floor,
            Cutoff::HalfUp => Rounding::HalfUp,
        }
    }
}

/// What a list does with units tied at its cut (并列): take them all, or none of them.
///
/// With a limit of `k` in a group of `n`, a unit's tie group spans the places
/// `from_top ..= n + 1 − from_bottom`. Under [`Include`](TiesAtCut::Include) a unit
/// is on a top list when its tie group starts within the limit (`from_top ≤ k`), so
/// the list can be longer than `k`; under [`Exclude`](TiesAtCut::Exclude) only when
/// the whole tie group fits (`n + 1 − from_bottom ≤ k`), so the list can be shorter.
/// Bottom lists mirror this: `from_bottom ≤ k`, or `n + 1 − from_top ≤ k` (the
/// competition rank from the top is above `n − k`: "bottom list = rank > n − k").
///
/// | 10 units, two tied 4th and 5th, red share 0.4 (k = 4) | red list |
/// | --- | --- |
/// | [`Include`](TiesAtCut::Include) | places 1–5 (five units) |
/// | [`Exclude`](TiesAtCut::Exclude) | places 1–3 (three units) |
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use rust_decimal_macros::dec;
/// use scorecard::rank::{ListRule, RankOptions, TiesAtCut, assign_lists, assign_ranks};
///
/// let scores = [dec!(98), dec!(96), dec!(95), dec!(93), dec!(93), dec!(88), dec!(85), dec!(84), dec!(80), dec!(79)];
/// let group: Vec<(usize, Decimal)> = scores.into_iter().enumerate().collect();
/// let ranked = assign_ranks(&group, &RankOptions::new())?;
/// let red = |ties| assign_lists(&ranked, &[ListRule::red(dec!(0.4)).ties_at_cut(ties)]);
/// let count = |lists: Vec<Vec<String>>| lists.iter().filter(|l| !l.is_empty()).count();
/// assert_eq!(count(red(TiesAtCut::Include)?), 5);
/// assert_eq!(count(red(TiesAtCut::Exclude)?), 3);
/// # Ok::<(), scorecard::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum TiesAtCut {
    /// All units tied at the cut are on the list. The default.
    #[default]
    Include,
    /// No unit tied across the cut is on the list.
    Exclude,
}

impl TiesAtCut {
    /// Whether an entry whose tie group spans places `first ..= last` (counted from
    /// the list's end) is within `limit`.
    fn within(self, first: u32, last: u32, limit: u32) -> bool {
        match self {
            TiesAtCut::Include => first <= limit,
            TiesAtCut::Exclude => last <= limit,
        }
    }
}

/// A list drawn from one end of a group's ranking: its name, the end, the share of the
/// group it takes, the [`Cutoff`] that makes the limit whole and the [`TiesAtCut`].
///
/// The limit is `share × n` for a group of `n`, made whole by the cut-off; see
/// [`ListRule::limit`] and, for who is on the list, [`assign_lists`] and the
/// [module docs](mod@crate::rank#the-cut-off-rule). Deserialises from
/// `{ "name": "red", "end": "top", "share": "0.4" }` (`cutoff` and `ties_at_cut`
/// optional: `"ceil"` and `"include"` unless declared).
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::rank::{ListEnd, ListRule};
///
/// let red = ListRule::red(dec!(0.4));
/// assert_eq!((red.name.as_str(), red.end), ("red", ListEnd::Top));
/// assert_eq!(red.limit(10)?, 4);
/// assert_eq!(red.limit(1)?, 1); // ⌈0.4⌉ = 1
/// assert_eq!(red.limit(0)?, 0);
///
/// let wrong = ListRule::black(dec!(1.5)).validate().unwrap_err();
/// assert!(wrong.is_invalid_option());
/// assert_eq!((wrong.field(), wrong.value()), (Some("share"), Some("1.5")));
/// # Ok::<(), scorecard::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ListRule {
    /// The list's name, reported for each member (`red`, `black`, `award` …).
    pub name: String,
    /// Which end of the ranking the list takes.
    pub end: ListEnd,
    /// The share of the group the list takes, from 0 to 1 (0.4 = 40 %).
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub share: Decimal,
    /// How `share × n` becomes a whole number.
    #[serde(default)]
    pub cutoff: Cutoff,
    /// Whether units tied at the cut are on the list.
    #[serde(default)]
    pub ties_at_cut: TiesAtCut,
}

impl ListRule {
    /// A list named `name` taking `share` of the group at `end`, with the default
    /// cut-off ([`Cutoff::Ceil`]) and ties at the cut included ([`TiesAtCut::Include`]).
    ///
    /// The share is checked by [`ListRule::validate`], [`ListRule::limit`] and
    /// [`assign_lists`].
    pub fn new(name: impl Into<String>, end: ListEnd, share: Decimal) -> Self {
        Self {
            name: name.into(),
            end,
            share,
            cutoff: Cutoff::default(),
            ties_at_cut: TiesAtCut::default(),
        }
    }

    /// The red list (红榜) named `red`: the top `share` of the group.
    pub fn red(share: Decimal) -> Self {
        Self::new("red", ListEnd::Top, share)
    }

    /// The black list (黑榜) named `black`: the bottom `share` of the group.
    pub fn black(share: Decimal) -> Self {
        Self::new("black", ListEnd::Bottom, share)
    }

    /// The award list of the inspection bureaus (稽查局) named `award`: the top `share`
    /// of the group.
    pub fn award(share: Decimal) -> Self {
        Self::new("award", ListEnd::Top, share)
    }

    /// Sets the cut-off.
    pub fn cutoff(mut self, cutoff: Cutoff) -> Self {
        self.cutoff = cutoff;
        self
    }

    /// Sets what happens to units tied at the cut.
    pub fn ties_at_cut(mut self, ties: TiesAtCut) -> Self {
        self.ties_at_cut = ties;
        self
    }

    /// Whether an entry with these competition ranks from the top and from the bottom,
    /// in a group of `n`, is within `limit` at this list's end (before the rule that
    /// top lists take precedence over bottom lists).
    fn within(&self, limit: u32, n: u32, from_top: u32, from_bottom: u32) -> bool {
        let (first, last) = match self.end {
            ListEnd::Top => (from_top, (n + 1).saturating_sub(from_bottom)),
            ListEnd::Bottom => (from_bottom, (n + 1).saturating_sub(from_top)),
        };
        self.ties_at_cut.within(first, last, limit)
    }

    /// Checks that the rule is usable: a non-empty name and a share from 0 to 1.
    ///
    /// # Errors
    ///
    /// An invalid option ([`Error::is_invalid_option`], with its [`Error::field`])
    /// naming the rule, e.g. `list rule black has share 1.5, outside 0 to 1`.
    pub fn validate(&self) -> Result<()> {
        if self.name.is_empty() {
            return Err(Error::invalid_option(
                "a list rule",
                "name",
                "\"\"",
                "which is empty",
            ));
        }
        if self.share < Decimal::ZERO || self.share > Decimal::ONE {
            return Err(Error::invalid_option(
                format!("list rule {}", self.name),
                "share",
                self.share,
                "outside 0 to 1",
            ));
        }
        Ok(())
    }

    /// The list's limit for a group of `n`: `share × n`, exact, made whole by the
    /// cut-off. With the default [`Cutoff::Ceil`], ⌈0.4 × 10⌉ = 4, ⌈0.1 × 10⌉ = 1,
    /// ⌈0.4 × 1⌉ = 1, ⌈0.1 × 11⌉ = 2.
    ///
    /// # Errors
    ///
    /// When the rule is not valid ([`ListRule::validate`]).
    pub fn limit(&self, n: u32) -> Result<u32> {
        self.validate()?;
        let exact = self
            .share
            .checked_mul(Decimal::from(n))
            .ok_or_else(bad_limit)?;
        let whole = self.cutoff.rounding().round(exact, 0);
        u32::try_from(whole).map_err(|_| bad_limit())
    }
}

/// A share from 0 to 1 (checked) of a group of `n` is from 0 to `n`: never this.
fn bad_limit() -> Error {
    Error::internal("a list's limit exceeds its group")
}

/// Puts the ranked entries of **one** group on the lists that `rules` declare.
///
/// Returns, for each entry of `ranked` in the same order, the names of the lists it is
/// on, in the order of `rules`. With `n = ranked.len()` and each rule's
/// [`limit`](ListRule::limit):
///
/// - on a [`Top`](ListEnd::Top) list when [`from_top`](Ranked::from_top) ≤ limit;
/// - on a [`Bottom`](ListEnd::Bottom) list when [`from_bottom`](Ranked::from_bottom) ≤ limit
///   and the entry is on none of the top lists among `rules`.
///
/// So, with the default [`TiesAtCut::Include`], all units tied at the cut-off are
/// included (a list can exceed its limit) and all units tied for last are on a bottom
/// list together; with [`TiesAtCut::Exclude`] a tie group crossing the cut is left off
/// whole. A limit of 0 lists nobody, and no unit is on two opposite lists. The result
/// does not depend on the tie method used for [`Ranked::rank`].
///
/// # Errors
///
/// An invalid option ([`Error::is_invalid_option`]) when a rule is not valid
/// ([`ListRule::validate`]); a duplicate ([`Error::is_duplicate`]) when two rules
/// have the same name.
///
/// # Examples
///
/// A group of 10 with two units tied for last: red share 0.4 gives limit 4 and black
/// share 0.1 gives limit 1, and both last units are black. All equal: everyone is red
/// (rank 1 from the top is within the limit) and so no one is black.
///
/// ```
/// use rust_decimal::Decimal;
/// use rust_decimal_macros::dec;
/// use scorecard::rank::{ListRule, RankOptions, assign_lists, assign_ranks};
///
/// let rules = [ListRule::red(dec!(0.4)), ListRule::black(dec!(0.1))];
/// let group: Vec<(u32, Decimal)> = (1..=10).map(|u| (u, Decimal::from(100 - u.min(9)))).collect();
/// let ranked = assign_ranks(&group, &RankOptions::new())?;
/// let lists = assign_lists(&ranked, &rules)?;
/// assert_eq!(lists[..4], [["red"], ["red"], ["red"], ["red"]]);
/// assert!(lists[4..8].iter().all(|l| l.is_empty()));
/// assert_eq!(lists[8..], [["black"], ["black"]]);
///
/// let equal: Vec<(u32, Decimal)> = (1..=10).map(|u| (u, dec!(60))).collect();
/// let lists = assign_lists(&assign_ranks(&equal, &RankOptions::new())?, &rules)?;
/// assert!(lists.iter().all(|l| l == &["red"]));
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn assign_lists<K>(ranked: &[Ranked<K>], rules: &[ListRule]) -> Result<Vec<Vec<String>>> {
    let n = u32::try_from(ranked.len())
        .map_err(|_| Error::capacity("entries in one group", u64::from(u32::MAX)))?;
    let limits = list_limits(rules, n)?;
    let out = ranked
        .iter()
        .map(|entry| {
            lists_of(rules, &limits, n, entry.from_top, entry.from_bottom)
                .map(str::to_owned)
                .collect()
        })
        .collect();
    Ok(out)
}

/// The size limit of each rule for a group of `n`, after checking that no rule name is
/// given twice.
pub(crate) fn list_limits(rules: &[ListRule], n: u32) -> Result<Vec<u32>> {
    for (i, rule) in rules.iter().enumerate() {
        if rules[..i].iter().any(|r| r.name == rule.name) {
            return Err(Error::duplicate_list_rule(&rule.name));
        }
    }
    rules.iter().map(|rule| rule.limit(n)).collect()
}

/// The names of the lists an entry with these competition ranks from the top and from
/// the bottom, in a group of `n`, is on, in the rules' order: a top list when it is
/// within the limit ([`TiesAtCut`]); a bottom list when it is within the limit and the
/// entry is on no top list.
pub(crate) fn lists_of<'r>(
    rules: &'r [ListRule],
    limits: &'r [u32],
    n: u32,
    from_top: u32,
    from_bottom: u32,
) -> impl Iterator<Item = &'r str> + 'r {
    let on_any_top = rules
        .iter()
        .zip(limits)
        .any(|(r, &l)| r.end == ListEnd::Top && r.within(l, n, from_top, from_bottom));
    rules
        .iter()
        .zip(limits)
        .filter(move |&(rule, &limit)| match rule.end {
            ListEnd::Top => rule.within(limit, n, from_top, from_bottom),
            ListEnd::Bottom => !on_any_top && rule.within(limit, n, from_top, from_bottom),
        })
        .map(|(rule, _)| rule.name.as_str())
}

/// A list's name as people read it: `red` → 红榜 / red list, `black` → 黑榜 / black
/// list, `award` → 奖励名单 / award list; any other name as it is.
pub(crate) fn list_label(name: &str) -> crate::trace::Explanation {
    let (zh, en) = match name {
        "red" => ("红榜", "red list"),
        "black" => ("黑榜", "black list"),
        "award" => ("奖励名单", "award list"),
        other => (other, other),
    };
    crate::trace::Explanation {
        zh: zh.to_owned(),
        en: en.to_owned(),
    }
}
