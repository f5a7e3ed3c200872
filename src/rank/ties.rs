//! Tie methods: the rank a unit gets when others share its value.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How tied values are ranked.
///
/// For four units whose values are, from best to worst, `90, 85, 85, 70`:
///
/// | method | 中文 | ranks |
/// | --- | --- | --- |
/// | [`Competition`](Ties::Competition) | 并列占位 ("1224") | 1, 2, 2, 4 |
/// | [`ModifiedCompetition`](Ties::ModifiedCompetition) | 并列取后 ("1334") | 1, 3, 3, 4 |
/// | [`Dense`](Ties::Dense) | 并列不占位 ("1223") | 1, 2, 2, 3 |
/// | [`Ordinal`](Ties::Ordinal) | 顺序 ("1234") | 1, 2, 3, 4 |
/// | [`Fractional`](Ties::Fractional) | 平均 ("1 2.5 2.5 4") | 1, 2.5, 2.5, 4 |
///
/// [`Ordinal`](Ties::Ordinal) breaks a tie by the entries' keys in ascending order
/// (their `Ord`), so the result never depends on the order the entries were given in.
///
/// Whatever the method, each [`Ranked`](crate::rank::Ranked) also carries
/// [`from_top`](crate::rank::Ranked::from_top) and
/// [`from_bottom`](crate::rank::Ranked::from_bottom), the competition ranks counted from
/// either end, which the red and black lists use.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::rank::{RankOptions, Ties, assign_ranks};
///
/// let entries = [("A", dec!(90)), ("B", dec!(85)), ("C", dec!(85)), ("D", dec!(70))];
/// let ranks = |ties| -> Vec<String> {
///     assign_ranks(&entries, &RankOptions::new().ties(ties))
///         .unwrap()
///         .iter()
///         .map(|r| r.rank.to_string())
///         .collect()
/// };
/// assert_eq!(ranks(Ties::Competition), ["1", "2", "2", "4"]);
/// assert_eq!(ranks(Ties::ModifiedCompetition), ["1", "3", "3", "4"]);
/// assert_eq!(ranks(Ties::Dense), ["1", "2", "2", "3"]);
/// assert_eq!(ranks(Ties::Ordinal), ["1", "2", "3", "4"]);
/// assert_eq!(ranks(Ties::Fractional), ["1", "2.5", "2.5", "4"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Ties {
    /// Standard competition ranking ("1224"): one more than the number of units strictly
    /// better. The default.
    #[default]
    Competition,
    /// Modified competition ranking ("1334"): the number of units at least as good.
    ModifiedCompetition,
    /// Dense ranking ("1223"): one more than the number of distinct better values.
    Dense,
    /// Ordinal ranking ("1234"): every unit a different rank; a tie is broken by the
    /// entries' keys in ascending order.
    Ordinal,
    /// Fractional ranking ("1 2.5 2.5 4"): the mean of the positions the tied units
    /// occupy.
    Fractional,
}

impl Ties {
    /// Every method, in declaration order.
    pub const ALL: [Ties; 5] = [
        Ties::Competition,
        Ties::ModifiedCompetition,
        Ties::Dense,
        Ties::Ordinal,
        Ties::Fractional,
    ];

    /// The rank of the entry at `offset` (0-based, in key order) within a run of tied
    /// entries.
    pub(super) fn rank_in(self, run: Run, offset: u32) -> Decimal {
        // Every count is at most the group size, a `u32`, so the sums below are done in
        // `u64`/`i64` where they cannot overflow.
        let better = u64::from(run.better);
        let len = u64::from(run.len);
        match self {
            Ties::Competition => Decimal::from(better + 1),
            Ties::ModifiedCompetition => Decimal::from(better + len),
            Ties::Dense => Decimal::from(run.distinct),
            Ties::Ordinal => Decimal::from(better + u64::from(offset) + 1),
            Ties::Fractional => {
                // Mean of better+1 ..= better+len = (2·better + len + 1) / 2, exactly.
                let twice = 2 * better + len + 1;
                if twice % 2 == 0 {
                    Decimal::from(twice / 2)
                } else {
                    // twice / 2 = twice · 5 / 10; twice < 2^34, so the product fits.
                    Decimal::from_i128_with_scale(i128::from(twice) * 5, 1)
                }
            }
        }
    }
}

/// A run of entries with equal values, as seen from the best end.
#[derive(Debug, Clone, Copy)]
pub(super) struct Run {
    /// Number of entries strictly better than the run.
    pub(super) better: u32,
    /// Number of entries in the run (at least 1).
    pub(super) len: u32,
    /// 1-based index of the run's value among the distinct values, best first.
    pub(super) distinct: u32,
}
