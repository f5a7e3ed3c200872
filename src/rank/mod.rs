//! Rankings within a peer group and the red, black and award lists drawn from them.
//!
//! [`assign_ranks`] orders the values of one group with a [`Ties`] method and a
//! [`Direction`]; [`assign_lists`] puts the ranked units on the lists that
//! [`ListRule`]s declare (红榜 red list, 黑榜 black list, the award list of the
//! inspection bureaus).
//!
//! # The cut-off rule
//!
//! For a group of `n` units and a rule with share `s` (0 ≤ s ≤ 1), the list's **limit**
//! is `s × n`, computed exactly and brought to a whole number by the rule's [`Cutoff`]
//! (by default [`Cutoff::Ceil`], rounding up). Then:
//!
//! - a unit is on a **top** list when its rank from the top, [`Ranked::from_top`]
//!   (1 + the number of units strictly better), is at most the limit;
//! - a unit is on a **bottom** list when its rank from the bottom,
//!   [`Ranked::from_bottom`] (1 + the number of units strictly worse), is at most the
//!   limit, **and** it is on no top list.
//!
//! Units tied at the cut-off are all included, so a list can be longer than its limit
//! — unless the rule declares [`TiesAtCut::Exclude`]: then a unit is on a top list only
//! when its whole tie group fits within the limit (`n + 1 − from_bottom ≤ limit`), and
//! on a bottom list only when `n + 1 − from_top ≤ limit` (its competition rank from
//! the top is above `n − limit`), so a list can be shorter than its limit. A limit of
//! 0 puts nobody on the list. A unit is never on a top and a bottom list at
//! once: the top lists take precedence. These ranks are the same whatever the tie
//! method of the [`Ranked::rank`] shown.
//!
//! Worked case: a group of 10, red share 0.4 → limit ⌈0.4 × 10⌉ = 4, black share 0.1
//! → limit ⌈0.1 × 10⌉ = 1. The four best are red; two units tied for last both have
//! `from_bottom = 1`, so both are black.
//!
//! ```
//! use rust_decimal_macros::dec;
//! use scorecard::rank::{ListRule, RankOptions, assign_lists, assign_ranks};
//!
//! let scores = [
//!     ("U01", dec!(98)), ("U02", dec!(96)), ("U03", dec!(95)), ("U04", dec!(93)),
//!     ("U05", dec!(90)), ("U06", dec!(88)), ("U07", dec!(85)), ("U08", dec!(84)),
//!     ("U09", dec!(80)), ("U10", dec!(80)),
//! ];
//! let ranked = assign_ranks(&scores, &RankOptions::new())?;
//! let rules = [ListRule::red(dec!(0.4)), ListRule::black(dec!(0.1))];
//! assert_eq!(rules[0].limit(10)?, 4);
//! assert_eq!(rules[1].limit(10)?, 1);
//!
//! let lists = assign_lists(&ranked, &rules)?;
//! let on = |name: &str| -> Vec<&str> {
//!     ranked.iter().zip(&lists)
//!         .filter(|(_, l)| l.iter().any(|n| n == name))
//!         .map(|(r, _)| r.key)
//!         .collect()
//! };
//! assert_eq!(on("red"), ["U01", "U02", "U03", "U04"]);
//! assert_eq!(on("black"), ["U09", "U10"]);
//! # Ok::<(), scorecard::Error>(())
//! ```

mod lists;
mod ties;

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::direction::Direction;
use crate::error::{Error, Result};

pub use self::lists::{Cutoff, ListEnd, ListRule, TiesAtCut, assign_lists};
pub(crate) use self::lists::{list_label, list_limits, lists_of};
pub use self::ties::Ties;

/// How to rank: the tie method and which way is better.
///
/// Built as a value, like `jiff`'s rounding options: start from [`RankOptions::new`]
/// (competition ranking, higher is better) and change what differs. Deserialises from
/// `{ "ties": "dense", "direction": "lower_is_better" }`, either field optional.
///
/// # Examples
///
/// ```
/// use scorecard::Direction;
/// use scorecard::rank::{RankOptions, Ties};
///
/// let options = RankOptions::new().ties(Ties::Dense).direction(Direction::LowerIsBetter);
/// assert_eq!(options.get_ties(), Ties::Dense);
/// assert_eq!(options.get_direction(), Direction::LowerIsBetter);
/// assert_eq!(RankOptions::default().get_ties(), Ties::Competition);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct RankOptions {
    ties: Ties,
    direction: Direction,
}

impl RankOptions {
    /// Competition ranking ("1224"), higher is better.
    pub const fn new() -> Self {
        Self {
            ties: Ties::Competition,
            direction: Direction::HigherIsBetter,
        }
    }

    /// Sets the tie method.
    pub const fn ties(mut self, ties: Ties) -> Self {
        self.ties = ties;
        self
    }

    /// Sets which way is better.
    pub const fn direction(mut self, direction: Direction) -> Self {
        self.direction = direction;
        self
    }

    /// The tie method.
    pub const fn get_ties(&self) -> Ties {
        self.ties
    }

    /// Which way is better.
    pub const fn get_direction(&self) -> Direction {
        self.direction
    }
}

/// One entry of a ranking: the key and value given, and where it stands.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::rank::{RankOptions, Ranked, assign_ranks};
///
/// let ranked = assign_ranks(&[("U1", dec!(80)), ("U2", dec!(92)), ("U3", dec!(80))], &RankOptions::new())?;
/// assert_eq!(
///     ranked[0],
///     Ranked { key: "U2", value: dec!(92), rank: dec!(1), from_top: 1, from_bottom: 3 }
/// );
/// assert_eq!((ranked[1].key, ranked[1].from_top, ranked[1].from_bottom), ("U1", 2, 1));
/// assert_eq!((ranked[2].key, ranked[2].from_top, ranked[2].from_bottom), ("U3", 2, 1));
/// # Ok::<(), scorecard::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Ranked<K> {
    /// The entry's key (a unit id, usually).
    pub key: K,
    /// The entry's value, exactly as given.
    pub value: Decimal,
    /// The rank by the chosen [`Ties`] method; 1 is best. A `Decimal` because
    /// [`Ties::Fractional`] gives ranks such as 2.5; the others are whole numbers.
    pub rank: Decimal,
    /// 1 + the number of entries strictly better: the competition rank counted from the
    /// top, whatever the tie method.
    pub from_top: u32,
    /// 1 + the number of entries strictly worse: the competition rank counted from the
    /// bottom, whatever the tie method. Every entry tied for last has `from_bottom = 1`.
    pub from_bottom: u32,
}

/// Ranks the entries of one group.
///
/// Equal values (numerically: `1.5` equals `1.50`) are tied and ranked by
/// `options`' [`Ties`] method. The result is sorted best first, by rank and then by
/// key, so it does not depend on the order of `entries`. Runs in O(n log n).
///
/// # Errors
///
/// A duplicate ([`Error::is_duplicate`]) naming the key when a key is given twice;
/// [`Error::is_capacity`] when there are more than `u32::MAX` entries. An empty slice
/// gives an empty ranking.
///
/// # Examples
///
/// Lower is better, dense ranking:
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::Direction;
/// use scorecard::rank::{RankOptions, Ties, assign_ranks};
///
/// let overdue = [("U1", dec!(3)), ("U2", dec!(0)), ("U3", dec!(3)), ("U4", dec!(7))];
/// let options = RankOptions::new().ties(Ties::Dense).direction(Direction::LowerIsBetter);
/// let ranked = assign_ranks(&overdue, &options)?;
/// let got: Vec<_> = ranked.iter().map(|r| (r.key, r.rank)).collect();
/// assert_eq!(got, [("U2", dec!(1)), ("U1", dec!(2)), ("U3", dec!(2)), ("U4", dec!(3))]);
///
/// let twice = assign_ranks(&[("U1", dec!(1)), ("U1", dec!(2))], &options).unwrap_err();
/// assert_eq!(twice.to_string(), "key U1 is given twice in one ranking");
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn assign_ranks<K>(entries: &[(K, Decimal)], options: &RankOptions) -> Result<Vec<Ranked<K>>>
where
    K: Ord + Clone + fmt::Display,
{
    group_size(entries.len())?;
    check_unique(entries)?;

    let direction = options.direction;
    let mut order: Vec<(K, Decimal)> = entries.to_vec();
    order.sort_unstable_by(|a, b| best_first(direction, a.1, b.1).then_with(|| a.0.cmp(&b.0)));
    rank_sorted(&order, options)
}

/// Ranks entries already in ranking order — best first, ties by ascending key, keys
/// unique — in one linear pass. [`rank`] is a sort followed by this; a live evaluation
/// keeps each group in this order and re-ranks without sorting.
pub(crate) fn rank_sorted<K: Clone>(
    order: &[(K, Decimal)],
    options: &RankOptions,
) -> Result<Vec<Ranked<K>>> {
    let n = group_size(order.len())?;
    let mut out = Vec::with_capacity(order.len());
    let mut better: u32 = 0;
    for (index, run) in order.chunk_by(|a, b| a.1 == b.1).enumerate() {
        // Runs are never longer, nor more numerous, than the group, whose size fits
        // in a `u32`.
        let len = group_size(run.len())?;
        let distinct = group_size(index + 1)?;
        let tied = ties::Run {
            better,
            len,
            distinct,
        };
        for ((key, value), offset) in run.iter().zip(0u32..) {
            out.push(Ranked {
                key: key.clone(),
                value: *value,
                rank: options.ties.rank_in(tied, offset),
                from_top: better + 1,
                from_bottom: n - better - len + 1,
            });
        }
        better += len;
    }
    Ok(out)
}

/// Orders `a` before `b` when `a` is better (numerically, as `Decimal::cmp`, through
/// the aligned mantissas of [`num::cmp`](crate::num::cmp)).
pub(crate) fn best_first(direction: Direction, a: Decimal, b: Decimal) -> Ordering {
    match direction {
        Direction::HigherIsBetter => crate::num::cmp(b, a),
        Direction::LowerIsBetter => crate::num::cmp(a, b),
    }
}

/// The number of entries as a `u32`, or an error when there are too many to rank.
fn group_size(len: usize) -> Result<u32> {
    u32::try_from(len).map_err(|_| Error::capacity("entries in one group", u64::from(u32::MAX)))
}

fn check_unique<K: Ord + fmt::Display>(entries: &[(K, Decimal)]) -> Result<()> {
    let mut keys: Vec<&K> = entries.iter().map(|(k, _)| k).collect();
    keys.sort_unstable();
    let twice = keys.windows(2).find_map(|w| match w {
        [a, b] if a == b => Some(*a),
        _ => None,
    });
    match twice {
        Some(key) => Err(Error::duplicate_key(key)),
        None => Ok(()),
    }
}
