//! The evaluator: measure every applicable pair, form the peer statistics, score,
//! total, adjust, rank and list.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::Indicator;
use crate::error::{Error, Result};
use crate::facts::Sums;
use crate::id::{GroupId, IndicatorId, UnitId};
use crate::num::{ExactSum, ScaledSum};
use crate::org::Unit;
use crate::rank::{Ranked, best_first, list_limits, lists_of, rank_sorted};
use crate::scheme::Scheme;
use crate::scoring::overrides::Override;
use crate::scoring::{Branch, Calc, Ctx, Measured, NoTrace, PeerStats, Said, Steps, Trace, Tracer};

/// Targets (目标值) per unit and indicator.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use scorecard::Targets;
///
/// let mut t = Targets::new();
/// t.insert("U0001", "I001", Decimal::from(800)).unwrap();
/// assert!(t.insert("U0001", "I001", Decimal::from(900)).is_err()); // given twice
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "Vec<TargetRow>", into = "Vec<TargetRow>")]
pub struct Targets(BTreeMap<(UnitId, IndicatorId), Decimal>);

#[derive(Serialize, Deserialize)]
struct TargetRow {
    unit: UnitId,
    indicator: IndicatorId,
    target: Decimal,
}

impl Targets {
    /// No targets.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the target of `unit` on `indicator`.
    ///
    /// # Errors
    ///
    /// When that pair already has a target.
    pub fn insert(
        &mut self,
        unit: impl Into<UnitId>,
        indicator: impl Into<IndicatorId>,
        target: Decimal,
    ) -> Result<()> {
        match self.0.entry((unit.into(), indicator.into())) {
            Entry::Occupied(e) => Err(Error::config(format!(
                "indicator {} has two targets for unit {}",
                e.key().1,
                e.key().0
            ))),
            Entry::Vacant(e) => {
                e.insert(target);
                Ok(())
            }
        }
    }

    /// The target of `unit` on `indicator`.
    pub fn get(&self, unit: &UnitId, indicator: &IndicatorId) -> Option<Decimal> {
        self.0.get(&(unit.clone(), indicator.clone())).copied()
    }

    /// The number of targets.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl TryFrom<Vec<TargetRow>> for Targets {
    type Error = Error;
    fn try_from(rows: Vec<TargetRow>) -> Result<Self> {
        let mut t = Targets::new();
        for r in rows {
            t.insert(r.unit, r.indicator, r.target)?;
        }
        Ok(t)
    }
}

impl From<Targets> for Vec<TargetRow> {
    fn from(t: Targets) -> Self {
        t.0.into_iter()
            .map(|((unit, indicator), target)| TargetRow {
                unit,
                indicator,
                target,
            })
            .collect()
    }
}

/// One applicable (unit, indicator) pair, by index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pair {
    pub(crate) unit: u32,
    pub(crate) indicator: u32,
    pub(crate) target: Option<Decimal>,
    /// The unit's value of the factor the measure divides by, if it has one.
    pub(crate) factor: Option<Decimal>,
}

/// A scheme, its units and targets, checked and indexed, ready to evaluate any data.
///
/// A service keeps one `Assessment` for a period and evaluates it as data arrives;
/// each [`Evaluation`] is plain data, and [`Assessment::trace`] explains any of its
/// scores.
///
/// # Examples
///
/// See the crate's README.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub(crate) scheme: Scheme,
    pub(crate) units: Vec<Unit>,
    /// group id → member unit indices (ascending), in group id order.
    pub(crate) groups: Vec<(GroupId, Vec<u32>)>,
    /// unit index → group index.
    pub(crate) unit_group: Vec<u32>,
    /// Applicable pairs, by unit then indicator.
    pub(crate) pairs: Vec<Pair>,
    /// unit index → range of its pairs.
    pub(crate) unit_pairs: Vec<(u32, u32)>,
    /// unit index → full points of its applicable indicators.
    pub(crate) unit_full: Vec<Decimal>,
    /// unit index → its difficulty coefficient (units' factors only: the same in every
    /// evaluation).
    pub(crate) coefficients: Vec<Decimal>,
    /// pair index → its manual override, if any (empty when there are none).
    pub(crate) overrides: Vec<Option<Override>>,
    /// Threads an evaluation may use (at least 1).
    pub(crate) threads: usize,
}

/// The score of one unit on one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// A score that an administrator overrode: the computed score and the override.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overridden {
    /// The score the rule computed (after its declared rounding).
    pub computed: Decimal,
    /// The override, with its author, reason and basis.
    pub by: Override,
}

/// The totals, coefficient, rank and lists of one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// The peer statistics of one indicator in one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupStat {
    /// The indicator.
    pub indicator: IndicatorId,
    /// The group.
    pub group: GroupId,
    /// The statistics.
    pub stats: PeerStats,
}

/// The results of one evaluation: plain data, serialisable, deterministic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Every applicable pair, sorted by unit then indicator.
    pub pairs: Vec<PairScore>,
    /// Every unit, sorted by id.
    pub units: Vec<UnitResult>,
    /// Peer statistics of the peer-relative indicators, sorted by indicator then group.
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

    fn peer_stat(&self, indicator: &IndicatorId, group: &GroupId) -> Option<&PeerStats> {
        self.peer_stats
            .binary_search_by(|s| (&s.indicator, &s.group).cmp(&(indicator, group)))
            .ok()
            .map(|k| &self.peer_stats[k].stats)
    }
}

impl Assessment {
    /// The most threads an evaluation uses: [`threads`](Self::threads) asks for at most
    /// this many.
    pub const MAX_THREADS: usize = 256;

    /// Checks and indexes a scheme with its units and targets.
    ///
    /// # Errors
    ///
    /// A repeated unit id; an applicable completion pair without a target or with a
    /// target ≤ 0 (naming the unit and indicator); a unit lacking a factor that a rule
    /// or the adjustment reads; an invalid adjustment or list rule; a difficulty
    /// coefficient that cannot be computed (found here once, as it depends on the
    /// units' factors only).
    pub fn new(scheme: Scheme, mut units: Vec<Unit>, targets: &Targets) -> Result<Self> {
        scheme.validate()?;
        units.sort_by(|a, b| a.id.cmp(&b.id));
        for w in units.windows(2) {
            if w[0].id == w[1].id {
                return Err(Error::duplicate_unit(&w[0].id));
            }
        }
        let mut by_group: BTreeMap<GroupId, Vec<u32>> = BTreeMap::new();
        for (k, u) in units.iter().enumerate() {
            by_group.entry(u.group.clone()).or_default().push(index(k)?);
        }
        let groups: Vec<(GroupId, Vec<u32>)> = by_group.into_iter().collect();
        let mut unit_group = vec![0u32; units.len()];
        for (g, (_, members)) in groups.iter().enumerate() {
            for &m in members {
                unit_group[m as usize] = index(g)?;
            }
        }
        let indicators = scheme.indicators.indicators();
        let adjustment_factors = scheme.adjustment.factors();
        let mut pairs = Vec::new();
        let mut unit_pairs = Vec::with_capacity(units.len());
        for (uk, u) in units.iter().enumerate() {
            for f in &adjustment_factors {
                u.factor_value(f)?;
            }
            let start = index(pairs.len())?;
            for (ik, ind) in indicators.iter().enumerate() {
                if !ind.applies_to(&u.group) {
                    continue;
                }
                let factor = match ind.rule.measure().factor() {
                    Some(f) => Some(u.factor_value(f)?),
                    None => None,
                };
                let target = if ind.rule.needs_target() {
                    let t = targets
                        .get(&u.id, &ind.id)
                        .ok_or_else(|| Error::missing_target(&u.id, &ind.id))?;
                    if t <= Decimal::ZERO {
                        return Err(Error::invalid_target(
                            &u.id,
                            &ind.id,
                            t,
                            "a completion target must be greater than zero",
                        ));
                    }
                    Some(t)
                } else {
                    None
                };
                pairs.push(Pair {
                    unit: index(uk)?,
                    indicator: index(ik)?,
                    target,
                    factor,
                });
            }
            unit_pairs.push((start, index(pairs.len())?));
        }
        let mut unit_full = Vec::with_capacity(units.len());
        for (uk, u) in units.iter().enumerate() {
            let (a, b) = unit_pairs[uk];
            let calc = Calc::new(&u.id, None);
            let mut full = Decimal::ZERO;
            for p in &pairs[a as usize..b as usize] {
                let ind = &scheme.indicators.indicators()[p.indicator as usize];
                full = calc.add(full, ind.full_points(), "full points")?;
            }
            unit_full.push(full);
        }
        let mut coefficients = vec![Decimal::ONE; units.len()];
        for (_, members) in &groups {
            let group_units: Vec<&Unit> = members.iter().map(|&m| &units[m as usize]).collect();
            let found = scheme.adjustment.coefficients(&group_units)?;
            for (&m, c) in members.iter().zip(found) {
                coefficients[m as usize] = c;
            }
        }
        Ok(Self {
            scheme,
            units,
            groups,
            unit_group,
            pairs,
            unit_pairs,
            unit_full,
            coefficients,
            overrides: Vec::new(),
            threads: 1,
        })
    }

    /// The assessment with manual overrides (人工调整) applied: each replaces the
    /// computed score of its pair in every evaluation, and shows in the pair's score
    /// ([`PairScore::overridden`]), its trace and its explanation.
    ///
    /// # Errors
    ///
    /// An override without an author, a reason or a document basis; one for a pair the
    /// indicator does not apply to; two for one pair.
    pub fn with_overrides(mut self, overrides: Vec<Override>) -> Result<Self> {
        let mut slots: Vec<Option<Override>> = vec![None; self.pairs.len()];
        let indicators = self.scheme.indicators.indicators();
        for o in overrides {
            o.validate()?;
            let k = self
                .units
                .binary_search_by(|u| u.id.cmp(&o.unit))
                .ok()
                .zip(indicators.binary_search_by(|i| i.id.cmp(&o.indicator)).ok())
                .and_then(|(uk, ik)| self.pair_index(uk, index(ik).ok()?))
                .ok_or_else(|| {
                    Error::config(format!(
                        "indicator {} does not apply to unit {}: nothing to override",
                        o.indicator, o.unit
                    ))
                })?;
            if slots[k].is_some() {
                return Err(Error::config(format!(
                    "the score of unit {} on indicator {} is overridden twice",
                    o.unit, o.indicator
                )));
            }
            slots[k] = Some(o);
        }
        self.overrides = if slots.iter().any(Option::is_some) {
            slots
        } else {
            Vec::new()
        };
        Ok(self)
    }

    /// Evaluate on up to `threads` threads (the calling thread and `threads − 1` scoped
    /// workers); 1 (or 0), the default, evaluates on the calling thread, and more than
    /// [`MAX_THREADS`](Self::MAX_THREADS) (256) on 256, never more than one a unit.
    /// Units are split into contiguous ranges of about equal numbers of pairs and the
    /// results joined in unit order, so the evaluation, and the first error if any, do
    /// not depend on it.
    ///
    /// # Examples
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use rust_decimal::Decimal;
    /// # use scorecard::facts::{Aggregates, Granularity};
    /// # use scorecard::{Assessment, Catalog, Fact, Period, Scheme, Targets, Unit};
    /// # let catalog: Catalog = serde_json::from_str(r#"[
    /// #     {"id": "I1", "name": "收入完成率", "points": "4", "groups": ["hall"],
    /// #      "rule": {"kind": "completion", "measure": {"sum": "D1"}, "cap": "1.0"}},
    /// #     {"id": "I2", "name": "有效投诉", "points": "2", "groups": ["hall"],
    /// #      "rule": {"kind": "deduction", "measure": {"sum": "D2"}, "per_event": "0.5"}}
    /// # ]"#)?;
    /// # let scheme = Scheme::new(Period::year(2026)?, catalog);
    /// # let units: Vec<Unit> = ["U0001", "U0002", "U0003"].map(|u| Unit::new(u, u, "hall")).into();
    /// # let mut targets = Targets::new();
    /// # for u in &units {
    /// #     targets.insert(u.id.clone(), "I1", Decimal::from(100))?;
    /// # }
    /// # let day = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
    /// # let mut agg = Aggregates::new(Granularity::Whole);
    /// # for (u, d, v) in [("U0001", "D1", 80), ("U0002", "D1", 120), ("U0002", "D2", 3), ("U0003", "D2", 1)] {
    /// #     agg.add(&Fact::new(u.into(), d.into(), day, Decimal::from(v)))?;
    /// # }
    /// let one = Assessment::new(scheme, units, &targets)?;
    /// let two = one.clone().threads(2);
    /// let sums = agg.all();
    /// assert_eq!(one.evaluate(&sums)?, two.evaluate(&sums)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads.clamp(1, Self::MAX_THREADS);
        self
    }

    /// The manual overrides in force, in pair order.
    pub fn overrides(&self) -> impl Iterator<Item = &Override> {
        self.overrides.iter().flatten()
    }

    /// The scheme.
    pub fn scheme(&self) -> &Scheme {
        &self.scheme
    }

    /// The units, sorted by id.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The unit with this id.
    pub fn unit(&self, id: &UnitId) -> Option<&Unit> {
        self.units
            .binary_search_by(|u| u.id.cmp(id))
            .ok()
            .map(|k| &self.units[k])
    }

    /// The number of applicable (unit, indicator) pairs.
    pub fn pair_count(&self) -> usize {
        self.pairs.len()
    }

    /// Whether `unit` has an applicable indicator reading `datapoint`.
    pub fn uses(&self, unit: &UnitId, datapoint: &crate::id::DatapointId) -> bool {
        let Ok(k) = self.units.binary_search_by(|u| u.id.cmp(unit)) else {
            return false;
        };
        let (a, b) = self.unit_pairs[k];
        self.pairs[a as usize..b as usize].iter().any(|p| {
            self.indicator(p)
                .rule
                .measure_datapoints()
                .any(|d| d == datapoint)
        })
    }

    /// Checks that every data point an applicable indicator reads is among `known` (the
    /// data dictionary of the source systems).
    ///
    /// # Errors
    ///
    /// The first unknown data point, naming the indicator and a unit it applies to.
    pub fn check_datapoints(&self, known: &[crate::id::DatapointId]) -> Result<()> {
        let known: std::collections::BTreeSet<&crate::id::DatapointId> = known.iter().collect();
        for p in &self.pairs {
            let ind = self.indicator(p);
            if let Some(d) = ind.rule.measure_datapoints().find(|d| !known.contains(d)) {
                return Err(Error::unknown_datapoint(
                    Some(&self.units[p.unit as usize].id),
                    &ind.id,
                    d,
                ));
            }
        }
        Ok(())
    }

    fn indicator(&self, p: &Pair) -> &Indicator {
        &self.scheme.indicators.indicators()[p.indicator as usize]
    }

    /// Evaluates the data in `sums`: every score, total, coefficient, rank and list.
    ///
    /// # Errors
    ///
    /// Overflow or division by zero, naming the unit and indicator.
    pub fn evaluate<S: Sums + ?Sized>(&self, sums: &S) -> Result<Evaluation> {
        let threads = self.threads;
        let indicators = self.scheme.indicators.indicators();
        // Resolve ids to the store's dense indices once, where it has them.
        let unit_index: Vec<Option<u32>> =
            self.units.iter().map(|u| sums.unit_index(&u.id)).collect();
        let dp_index = self.datapoint_indices(sums);
        // Phase 1: the peer statistics, [indicator][group], from the measured values
        // of the peer-relative pairs.
        let mut stats: Vec<Vec<Option<PeerStats>>> =
            vec![vec![None; self.groups.len()]; indicators.len()];
        if indicators.iter().any(|i| i.rule.is_peer_relative()) {
            for (k, p) in self.pairs.iter().enumerate() {
                let ind = self.indicator(p);
                if !ind.rule.is_peer_relative() {
                    continue;
                }
                let m = self.measure_pair(
                    k,
                    sums,
                    unit_index[p.unit as usize],
                    dp_index[p.indicator as usize],
                )?;
                let g = self.unit_group[p.unit as usize] as usize;
                let slot = stats[p.indicator as usize][g].get_or_insert_with(PeerStats::default);
                if let Some(v) = m.value {
                    accumulate(slot, v, &self.groups[g].0, &ind.id)?;
                }
            }
            for (ik, per_group) in stats.iter_mut().enumerate() {
                for (g, slot) in per_group.iter_mut().enumerate() {
                    if let Some(s) = slot {
                        self.finish_stats(s, index(ik)?, g)?;
                    }
                }
            }
        }
        // Phase 2: measure, score and total unit by unit, each row built once and
        // summed while it is still in cache.
        let work =
            |range, room| self.score_units(range, room, sums, &unit_index, &dp_index, &stats);
        let (scores, mut units) = self.in_parallel(threads, work)?;
        // Phase 3: coefficients, ranks and lists, group by group.
        self.rank_groups(&mut units)?;
        let mut peer_stats = Vec::new();
        for (ik, per_group) in stats.into_iter().enumerate() {
            for (g, slot) in per_group.into_iter().enumerate() {
                if let Some(s) = slot {
                    peer_stats.push(GroupStat {
                        indicator: indicators[ik].id.clone(),
                        group: self.groups[g].0.clone(),
                        stats: s,
                    });
                }
            }
        }
        Ok(Evaluation {
            pairs: scores,
            units,
            peer_stats,
        })
    }

    /// Runs `work` over contiguous ranges of units, one per thread, and joins the rows
    /// and results in unit order; the first error in unit order wins. The first range's
    /// vectors are made with room for every row (`work`'s second argument), so joining
    /// appends the other ranges' rows without moving the first's.
    fn in_parallel<F>(&self, threads: usize, work: F) -> Result<(Vec<PairScore>, Vec<UnitResult>)>
    where
        F: Fn(std::ops::Range<usize>, Room) -> Result<(Vec<PairScore>, Vec<UnitResult>)> + Sync,
    {
        let ranges = self.unit_ranges(threads);
        if ranges.len() <= 1 {
            return work(0..self.units.len(), Room::Own);
        }
        let parts: Vec<Result<(Vec<PairScore>, Vec<UnitResult>)>> = std::thread::scope(|scope| {
            let work = &work;
            let spawned: Vec<_> = ranges[1..]
                .iter()
                .map(|r| {
                    let mine = r.clone();
                    std::thread::Builder::new()
                        .name("scorecard-evaluate".into())
                        .spawn_scoped(scope, move || work(mine, Room::Own))
                        // no thread to be had: the range is done on this one, below
                        .map_err(|_| r.clone())
                })
                .collect();
            let mut parts = vec![work(ranges[0].clone(), Room::All)];
            for s in spawned {
                parts.push(match s {
                    Ok(handle) => handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    Err(r) => work(r, Room::Own),
                });
            }
            parts
        });
        let mut parts = parts.into_iter();
        // the first range's vectors have room for all (`Room::All`)
        let (mut scores, mut units) = parts.next().unwrap_or_else(|| Ok(Default::default()))?;
        for part in parts {
            let (s, u) = part?;
            scores.extend(s);
            units.extend(u);
        }
        Ok((scores, units))
    }

    /// Up to `n` contiguous, non-empty ranges of units with about equal numbers of
    /// pairs.
    fn unit_ranges(&self, n: usize) -> Vec<std::ops::Range<usize>> {
        let total = self.pairs.len();
        let n = n.clamp(1, self.units.len().max(1));
        let mut out = Vec::with_capacity(n);
        let mut start = 0;
        for t in 1..n {
            // the first unit whose pairs start at or beyond t/n of all pairs
            let goal = total * t / n;
            let end = self.unit_pairs[start..].partition_point(|r| (r.0 as usize) < goal) + start;
            if end > start {
                out.push(start..end);
                start = end;
            }
        }
        if start < self.units.len() || out.is_empty() {
            out.push(start..self.units.len());
        }
        out
    }

    /// Measures, scores and totals the units in `range`: their pairs' rows in pair
    /// order and their results (coefficient, rank and lists left for
    /// [`rank_groups`](Self::rank_groups)).
    fn score_units<S: Sums + ?Sized>(
        &self,
        range: std::ops::Range<usize>,
        room: Room,
        sums: &S,
        unit_index: &[Option<u32>],
        dp_index: &[[Option<u32>; 2]],
        stats: &[Vec<Option<PeerStats>>],
    ) -> Result<(Vec<PairScore>, Vec<UnitResult>)> {
        let first = self.unit_pairs.get(range.start).map_or(0, |r| r.0 as usize);
        let last = range
            .end
            .checked_sub(1)
            .and_then(|u| self.unit_pairs.get(u))
            .map_or(first, |r| r.1 as usize);
        let (mut scores, mut units) = match room {
            Room::Own => (
                Vec::with_capacity(last.saturating_sub(first)),
                Vec::with_capacity(range.len()),
            ),
            Room::All => (
                Vec::with_capacity(self.pairs.len()),
                Vec::with_capacity(self.units.len()),
            ),
        };
        for uk in range {
            let (a, b) = self.unit_pairs[uk];
            let g = self.unit_group[uk] as usize;
            let overflow = || Error::overflow(&self.units[uk].id, None, "raw total");
            let mut acc = [ScaledSum::default(); 3];
            for k in a as usize..b as usize {
                let p = &self.pairs[k];
                let m =
                    self.measure_pair(k, sums, unit_index[uk], dp_index[p.indicator as usize])?;
                let peers = stats[p.indicator as usize][g].as_ref();
                let s = self.score_pair(k, &m, peers, &mut NoTrace)?;
                acc[0].add(s.score).ok_or_else(overflow)?;
                acc[1].add(s.lost).ok_or_else(overflow)?;
                acc[2].add(s.extra).ok_or_else(overflow)?;
                scores.push(s);
            }
            let mut exact = [ExactSum::default(); 3];
            for (e, s) in exact.iter_mut().zip(&acc) {
                *e = s.exact().ok_or_else(overflow)?;
            }
            units.push(self.unit_result(uk, &exact)?);
        }
        Ok((scores, units))
    }

    /// Per indicator, the store's indices of the data points its measure reads.
    pub(crate) fn datapoint_indices<S: Sums + ?Sized>(&self, sums: &S) -> Vec<[Option<u32>; 2]> {
        self.scheme
            .indicators
            .indicators()
            .iter()
            .map(|i| {
                let mut ix = [None; 2];
                for (k, d) in i.rule.measure_datapoints().take(2).enumerate() {
                    ix[k] = sums.datapoint_index(d);
                }
                ix
            })
            .collect()
    }

    /// Measures pair `k`, through the store's dense indices where given.
    pub(crate) fn measure_pair<S: Sums + ?Sized>(
        &self,
        k: usize,
        sums: &S,
        unit_index: Option<u32>,
        dp_index: [Option<u32>; 2],
    ) -> Result<Measured> {
        let p = &self.pairs[k];
        let unit = &self.units[p.unit as usize];
        let ind = self.indicator(p);
        let calc = Calc::new(&unit.id, Some(&ind.id));
        let read = |j: usize, d: &crate::id::DatapointId| match (
            unit_index,
            dp_index.get(j).copied().flatten(),
        ) {
            (Some(u), Some(x)) => sums.aggregate_at(u, x),
            _ => sums.aggregate(&unit.id, d),
        };
        let mut m = ind.rule.measure().measure(&calc, p.factor, read)?;
        m.target = p.target;
        Ok(m)
    }

    /// The pair of unit `uk` and indicator `ik`, if the indicator applies.
    pub(crate) fn pair_index(&self, uk: usize, ik: u32) -> Option<usize> {
        let (a, b) = self.unit_pairs[uk];
        self.pairs[a as usize..b as usize]
            .binary_search_by(|p| p.indicator.cmp(&ik))
            .ok()
            .map(|j| a as usize + j)
    }

    /// The peer statistics of indicator `ik` over group `g`, from the members' measured
    /// values in unit order (the same order and arithmetic as a full evaluation).
    pub(crate) fn peer_stats_of<'m>(
        &self,
        ik: u32,
        g: usize,
        measured: impl Fn(usize) -> &'m Measured,
    ) -> Result<PeerStats> {
        let ind = &self.scheme.indicators.indicators()[ik as usize];
        let mut s = PeerStats::default();
        for &m in &self.groups[g].1 {
            if let Some(k) = self.pair_index(m as usize, ik) {
                if let Some(v) = measured(k).value {
                    accumulate(&mut s, v, &self.groups[g].0, &ind.id)?;
                }
            }
        }
        self.finish_stats(&mut s, ik, g)?;
        Ok(s)
    }

    fn finish_stats(&self, s: &mut PeerStats, ik: u32, g: usize) -> Result<()> {
        if s.count > 0 {
            let ind = &self.scheme.indicators.indicators()[ik as usize];
            s.mean = Some(s.sum.checked_div(Decimal::from(s.count)).ok_or_else(|| {
                Error::group_overflow(&self.groups[g].0, Some(&ind.id), "peer mean")
            })?);
        }
        Ok(())
    }

    /// Scores pair `k` from its measurement and its group's statistics.
    pub(crate) fn score_at(
        &self,
        k: usize,
        m: &Measured,
        peers: Option<&PeerStats>,
    ) -> Result<PairScore> {
        self.score_pair(k, m, peers, &mut NoTrace)
    }

    fn score_pair<T: Tracer>(
        &self,
        k: usize,
        m: &Measured,
        peers: Option<&PeerStats>,
        t: &mut T,
    ) -> Result<PairScore> {
        let p = &self.pairs[k];
        let unit = &self.units[p.unit as usize];
        let ind = self.indicator(p);
        let calc = Calc::new(&unit.id, Some(&ind.id));
        let ctx = Ctx {
            calc,
            points: ind.points,
            peers,
        };
        let out = ind.rule.score(&ctx, m, t)?;
        let computed = match ind.rounding {
            Some(step) => step.apply(out.score),
            None => out.score,
        };
        let overridden = self.overrides.get(k).and_then(Option::as_ref);
        let score = overridden.map_or(computed, |o| o.score);
        let full = ind.full_points();
        let diff = calc.sub(full, score, "points lost")?;
        // never a negative zero: a score exactly at full points has neither
        let (lost, extra) = if diff > Decimal::ZERO {
            (diff, Decimal::ZERO)
        } else if diff.is_zero() {
            (Decimal::ZERO, Decimal::ZERO)
        } else {
            (Decimal::ZERO, -diff)
        };
        Ok(PairScore {
            unit: unit.id.clone(),
            indicator: ind.id.clone(),
            measured: *m,
            value: out.value,
            exact: out.score,
            score,
            lost,
            extra,
            branch: out.branch,
            overridden: overridden.map(|o| {
                Box::new(Overridden {
                    computed,
                    by: o.clone(),
                })
            }),
        })
    }

    /// Sets the coefficients, adjusted totals, ranks and lists of every unit in `out`
    /// (indexed by unit), group by group.
    fn rank_groups(&self, out: &mut [UnitResult]) -> Result<()> {
        for (g, (_, members)) in self.groups.iter().enumerate() {
            let mut order = Vec::with_capacity(members.len());
            for &m in members {
                let c = self.coefficients[m as usize];
                let r = &mut out[m as usize];
                r.coefficient = c;
                r.adjusted_total = self.adjusted(m as usize, r.raw_total, c)?;
                order.push((m, r.adjusted_total));
            }
            let direction = self.scheme.ranking.get_direction();
            order.sort_unstable_by(|a, b| best_first(direction, a.1, b.1).then(a.0.cmp(&b.0)));
            self.apply_ranks(g, &order, out)?;
        }
        Ok(())
    }

    /// raw × coefficient, rounded as the scheme declares.
    pub(crate) fn adjusted(
        &self,
        uk: usize,
        raw: Decimal,
        coefficient: Decimal,
    ) -> Result<Decimal> {
        let calc = Calc::new(&self.units[uk].id, None);
        Ok(self
            .scheme
            .total_rounding
            .apply(calc.mul(raw, coefficient, "adjusted total")?))
    }

    /// A unit's full points, points lost and above full, and raw total from its exact
    /// sums; coefficient, adjusted total and rank are left for the group step.
    pub(crate) fn unit_result(&self, uk: usize, acc: &[ExactSum; 3]) -> Result<UnitResult> {
        let unit = &self.units[uk];
        let (raw, lost, extra) = self.totals_from(uk, acc)?;
        Ok(UnitResult {
            unit: unit.id.clone(),
            group: unit.group.clone(),
            full_points: self.unit_full[uk],
            lost,
            extra,
            raw_total: raw,
            coefficient: Decimal::ONE,
            adjusted_total: Decimal::ZERO,
            rank: Decimal::ZERO,
            from_top: 0,
            from_bottom: 0,
            group_size: 0,
            lists: Vec::new(),
        })
    }

    /// The raw total, points lost and points above full from exact accumulators.
    pub(crate) fn totals_from(
        &self,
        uk: usize,
        acc: &[ExactSum; 3],
    ) -> Result<(Decimal, Decimal, Decimal)> {
        let unit = &self.units[uk].id;
        let get = |k: usize, what: &'static str| {
            acc[k]
                .value()
                .ok_or_else(|| Error::overflow(unit, None, what))
        };
        Ok((
            get(0, "raw total")?,
            get(1, "points lost")?,
            get(2, "points above full")?,
        ))
    }

    /// Ranks and lists group `g` from its members' adjusted totals in ranking order
    /// (best first, ties by unit index) and writes them into `out`.
    pub(crate) fn apply_ranks(
        &self,
        g: usize,
        order: &[(u32, Decimal)],
        out: &mut [UnitResult],
    ) -> Result<()> {
        let ranked: Vec<Ranked<u32>> = rank_sorted(order, &self.scheme.ranking)?;
        let size = index(self.groups[g].1.len())?;
        let rules = &self.scheme.lists;
        let limits = list_limits(rules, size)?;
        for r in &ranked {
            let u = &mut out[r.key as usize];
            u.rank = r.rank;
            u.from_top = r.from_top;
            u.from_bottom = r.from_bottom;
            u.group_size = size;
            // rewrite the list names only when they change (a live re-rank touches few)
            let now = || lists_of(rules, &limits, r.from_top, r.from_bottom);
            if !now().eq(u.lists.iter().map(String::as_str)) {
                u.lists = now().map(str::to_owned).collect();
            }
        }
        Ok(())
    }

    /// Why `unit` scored what it did on `indicator` in `evaluation`: inputs, peer
    /// statistics, the branch, intermediate values, rounding, points lost, the document
    /// basis and a one-line explanation in Chinese and English.
    ///
    /// # Errors
    ///
    /// When the pair is not applicable or not in `evaluation`, or when recomputing it
    /// fails.
    pub fn trace(
        &self,
        evaluation: &Evaluation,
        unit: &UnitId,
        indicator: &IndicatorId,
    ) -> Result<Trace> {
        let uk = self
            .units
            .binary_search_by(|u| u.id.cmp(unit))
            .map_err(|_| Error::unknown_unit(unit))?;
        let (a, b) = self.unit_pairs[uk];
        let k = (a as usize..b as usize)
            .find(|&k| self.indicator(&self.pairs[k]).id == *indicator)
            .ok_or_else(|| {
                Error::config(format!(
                    "indicator {indicator} does not apply to unit {unit}"
                ))
            })?;
        let p = &self.pairs[k];
        let scored = evaluation.pair(unit, indicator).ok_or_else(|| {
            Error::config(format!(
                "the evaluation has no score of unit {unit} on indicator {indicator}"
            ))
        })?;
        let ind = self.indicator(p);
        let group = &self.units[uk].group;
        let peers = evaluation.peer_stat(indicator, group);
        let mut inputs = Steps::default();
        ind.rule
            .measure()
            .trace_inputs(&scored.measured, &mut inputs);
        let mut steps = Steps::default();
        let again = self.score_pair(k, &scored.measured, peers, &mut steps)?;
        let mut peer_steps = Vec::new();
        if let Some(s) = peers {
            let mut t = Steps::default();
            if let Some(mean) = s.mean {
                t.step("peer mean", mean);
            }
            if let (Some(lo), Some(hi)) = (s.min, s.max) {
                t.step("group min", lo);
                t.step("group max", hi);
            }
            t.step("peers", Decimal::from(s.count));
            peer_steps = t.0;
        }
        // The rule's own explanation is of the score it computed; an override is added
        // after it, never in its place.
        let computed = again
            .overridden
            .as_ref()
            .map_or(again.score, |o| o.computed);
        let full = ind.full_points();
        let mut explanation = ind.rule.explain(&Said {
            zh: &ind.name,
            en: ind.name_en(),
            points: ind.points,
            score: computed,
            lost: full
                .checked_sub(computed)
                .filter(|d| *d > Decimal::ZERO)
                .unwrap_or(Decimal::ZERO),
            value: again.value,
            branch: again.branch,
            measured: &scored.measured,
            peers,
        });
        if let Some(o) = &again.overridden {
            let (zh, en) = o.by.note(o.computed);
            explanation.zh = format!("{}；{zh}", explanation.zh);
            explanation.en = format!("{}; {en}", explanation.en);
        }
        Ok(Trace {
            unit: unit.clone(),
            indicator: indicator.clone(),
            name: ind.name.clone(),
            rule: ind.rule.kind(),
            inputs: inputs.0,
            peers: peer_steps,
            steps: steps.0,
            branch: again.branch,
            value: again.value,
            points: ind.points,
            exact: again.exact,
            rounding: ind.rounding,
            score: again.score,
            lost: again.lost,
            extra: again.extra,
            basis: ind.basis.clone(),
            explanation,
            tolerance: Vec::new(),
            overridden: again.overridden.map(|o| *o),
        })
    }

    /// The traces of every indicator of `unit`, sorted by indicator.
    ///
    /// # Errors
    ///
    /// As for [`trace`](Assessment::trace).
    pub fn traces(&self, evaluation: &Evaluation, unit: &UnitId) -> Result<Vec<Trace>> {
        evaluation
            .pairs_of(unit)
            .iter()
            .map(|p| self.trace(evaluation, unit, &p.indicator))
            .collect()
    }

    /// How `unit`'s difficulty coefficient is found.
    ///
    /// # Errors
    ///
    /// An unknown unit, or the adjustment's own errors.
    pub fn coefficient_trace(&self, unit: &UnitId) -> Result<crate::adjust::CoefficientTrace> {
        let uk = self
            .units
            .binary_search_by(|u| u.id.cmp(unit))
            .map_err(|_| Error::unknown_unit(unit))?;
        let g = self.unit_group[uk] as usize;
        let group: Vec<&Unit> = self.groups[g]
            .1
            .iter()
            .map(|&m| &self.units[m as usize])
            .collect();
        self.scheme.adjustment.trace(&group, &self.units[uk])
    }
}

/// Adds a pair's score, points lost and points above full to a unit's accumulators.
pub(crate) fn add_pair(acc: &mut [ExactSum; 3], s: &PairScore) -> Option<()> {
    acc[0].add(s.score)?;
    acc[1].add(s.lost)?;
    acc[2].add(s.extra)
}

/// Takes a pair's score, points lost and points above full out of the accumulators.
pub(crate) fn sub_pair(acc: &mut [ExactSum; 3], s: &PairScore) -> Option<()> {
    acc[0].sub(s.score)?;
    acc[1].sub(s.lost)?;
    acc[2].sub(s.extra)
}

/// How much room a range's row vectors are made with.
#[derive(Clone, Copy)]
enum Room {
    /// Room for the range's own rows.
    Own,
    /// Room for every row of the evaluation: the range the others are appended to.
    All,
}

fn accumulate(s: &mut PeerStats, v: Decimal, group: &GroupId, ind: &IndicatorId) -> Result<()> {
    s.count += 1;
    s.sum = s
        .sum
        .checked_add(v)
        .ok_or_else(|| Error::group_overflow(group, Some(ind), "peer sum"))?;
    // as Ord::min and Ord::max: of equal values, min keeps the first and max the second
    s.min = Some(
        s.min
            .map_or(v, |m| if crate::num::cmp(v, m).is_lt() { v } else { m }),
    );
    s.max = Some(
        s.max
            .map_or(v, |m| if crate::num::cmp(v, m).is_ge() { v } else { m }),
    );
    Ok(())
}

fn index(k: usize) -> Result<u32> {
    u32::try_from(k).map_err(|_| Error::config("more than 4 294 967 295 units or pairs"))
}
