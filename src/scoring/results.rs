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
    /// The lists the unit is on ("red", "black" …), in the scheme's order: those of
    /// its rank, less those a veto keeps it off, plus those a veto puts it on.
    pub lists: Vec<String>,
    /// The vetoes (一票否决) that applied, in the scheme's order (none for most units):
    /// which, on what basis, the values read and the effect. The unit is ranked by its
    /// vetoed total.
    ///
    /// # Examples
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use rust_decimal::Decimal;
    /// # use rust_decimal_macros::dec;
    /// # use scorecard::facts::{Aggregates, Granularity};
    /// # use scorecard::{Assessment, Fact, Targets, Unit};
    /// use scorecard::rulebook::RuleBook;
    ///
    /// let book = RuleBook::from_toml_str(r#"
    /// period = { start = 2026-01-01, end = 2026-12-31 }
    /// groups = [{ id = "hall", name = "办税服务厅", name_en = "tax service halls" }]
    /// datapoints = [
    ///   { id = "D1", name = "入库税款", source = "金税", unit_of_measure = "元" },
    ///   { id = "D2", name = "执法过错", source = "督察", unit_of_measure = "件", count = true },
    /// ]
    /// [[indicators]]
    /// id = "I1"
    /// name = "入库税款"
    /// points = 90
    /// groups = ["hall"]
    /// rule = { kind = "formula", inputs = { x = { sum = "D1" } }, score = "min(x, points)", direction = "higher_is_better" }
    /// [[indicators]]
    /// id = "I2"
    /// name = "执法过错"
    /// points = 10
    /// groups = ["hall"]
    /// rule = { kind = "deduction", measure = { sum = "D2" }, per_event = 5 }
    /// [[vetoes]]
    /// id = "V1"
    /// name = "发生重大执法过错"
    /// name_en = "a grave enforcement error"
    /// basis = { document = "绩效考评办法", clause = "第十二条" }
    /// inputs = { errors = { value_of = "I2" } }
    /// when = "errors >= 2"
    /// total = { kind = "zero" }
    /// not_on = ["red"]
    /// "#, "book.toml")?;
    /// let units = vec![Unit::new("U1", "一分局", "hall"), Unit::new("U2", "二分局", "hall")];
    /// let a = Assessment::new(book.into_scheme(), units, &Targets::new())?;
    /// let day = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
    /// let mut agg = Aggregates::new(Granularity::Whole);
    /// for (u, d, v) in [("U1", "D1", 90), ("U1", "D2", 2), ("U2", "D1", 60)] {
    ///     agg.add(&Fact::new(u.into(), d.into(), day, Decimal::from(v)))?;
    /// }
    /// let e = a.evaluate(&agg.all())?;
    /// let u1 = e.unit(&"U1".into()).unwrap();
    /// assert_eq!((u1.before_veto, u1.adjusted_total), (Some(dec!(90.00)), dec!(0.00)));
    /// assert_eq!((u1.rank, u1.lists.as_slice()), (dec!(2), &["black".to_owned()][..]));
    /// assert_eq!(u1.vetoes[0].explanation().zh,
    ///     "一票否决 V1 发生重大执法过错（依据：绩效考评办法 第十二条）：errors = 2；总分计为 0，不得列入 red");
    /// assert_eq!(e.unit(&"U2".into()).unwrap().lists, ["red"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vetoes: Vec<crate::scoring::VetoHit>,
    /// The adjusted total before the vetoes, when any applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_veto: Option<Decimal>,
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
