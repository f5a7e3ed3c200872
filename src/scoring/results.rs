//! The results of an evaluation: plain data, serialisable, deterministic.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::id::{GroupId, IndicatorId, UnitId};
use crate::rule::{Branch, Measured, PeerStats};
use crate::scoring::Overridden;

/// The score of one unit on one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct PairScore {
    /// The unit.
    pub unit: UnitId,
    /// The indicator.
    pub indicator: IndicatorId,
    /// The inputs read and the measured value.
    pub measured: Measured,
    /// The value published beside the score (rate, ratio …).
    pub value: Option<Decimal>,
    /// The score before any declared rounding.
    pub exact: Decimal,
    /// The score.
    pub score: Decimal,
    /// Points lost: max(full − score, 0), full being 0 for a bonus rule.
    pub lost: Decimal,
    /// Points above full: max(score − full, 0).
    pub extra: Decimal,
    /// The rule's branch.
    pub branch: Branch,
    /// The manual override that replaced the computed score, if any (boxed: few pairs
    /// have one, and every row is smaller for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overridden: Option<Box<Overridden>>,
}

/// The totals, coefficient, rank and lists of one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct UnitResult {
    /// The unit.
    pub unit: UnitId,
    /// Its peer group.
    pub group: GroupId,
    /// Full points of its applicable indicators (bonus rules excluded).
    pub full_points: Decimal,
    /// Σ points lost.
    pub lost: Decimal,
    /// Σ points above full (bonus items, completion beyond a cap above 1).
    pub extra: Decimal,
    /// Σ indicator scores = full_points − lost + extra.
    pub raw_total: Decimal,
    /// The difficulty coefficient.
    pub coefficient: Decimal,
    /// raw_total × coefficient, rounded as the scheme declares.
    pub adjusted_total: Decimal,
    /// The rank in the group by the scheme's tie method.
    pub rank: Decimal,
    /// 1 + the number of group members strictly better.
    pub from_top: u32,
    /// 1 + the number of group members strictly worse.
    pub from_bottom: u32,
    /// The number of units in the group.
    pub group_size: u32,
    /// The lists the unit is on ("red", "black" …), in the scheme's order.
    pub lists: Vec<String>,
}

/// The peer statistics of one indicator (or one named input of a formula, table or host
/// rule) in one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct GroupStat {
    /// The indicator.
    pub indicator: IndicatorId,
    /// The group.
    pub group: GroupId,
    /// The named input, for a formula, table or host rule; `None` for a built-in kind's
    /// measured value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// The statistics.
    pub stats: PeerStats,
}

/// The results of one evaluation: plain data, serialisable, deterministic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Evaluation {
    /// Every applicable pair, sorted by unit then indicator.
    pub pairs: Vec<PairScore>,
    /// Every unit, sorted by id.
    pub units: Vec<UnitResult>,
    /// Peer statistics of the indicators that read peers, sorted by indicator, group,
    /// then input (a built-in kind's, without input, first).
    pub peer_stats: Vec<GroupStat>,
}

impl Evaluation {
    /// The result of `unit`.
    pub fn unit(&self, unit: &UnitId) -> Option<&UnitResult> {
        self.units
            .binary_search_by(|r| r.unit.cmp(unit))
            .ok()
            .map(|k| &self.units[k])
    }

    /// The pairs of `unit`, sorted by indicator.
    pub fn pairs_of(&self, unit: &UnitId) -> &[PairScore] {
        let lo = self.pairs.partition_point(|p| p.unit < *unit);
        let hi = self.pairs.partition_point(|p| p.unit <= *unit);
        &self.pairs[lo..hi]
    }

    /// The score of `unit` on `indicator`.
    pub fn pair(&self, unit: &UnitId, indicator: &IndicatorId) -> Option<&PairScore> {
        let of = self.pairs_of(unit);
        of.binary_search_by(|p| p.indicator.cmp(indicator))
            .ok()
            .map(|k| &of[k])
    }

    /// The units on list `name`, sorted by id.
    pub fn list(&self, name: &str) -> Vec<&UnitResult> {
        self.units
            .iter()
            .filter(|u| u.lists.iter().any(|l| l == name))
            .collect()
    }

    /// The peer statistics of `indicator` in `group`: one for a built-in kind, one per
    /// named input that has them for a formula, table or host rule.
    pub fn peer_stats_of(&self, indicator: &IndicatorId, group: &GroupId) -> &[GroupStat] {
        let key = (indicator, group);
        let lo = self
            .peer_stats
            .partition_point(|s| (&s.indicator, &s.group) < key);
        let hi = self
            .peer_stats
            .partition_point(|s| (&s.indicator, &s.group) <= key);
        &self.peer_stats[lo..hi]
    }
}
