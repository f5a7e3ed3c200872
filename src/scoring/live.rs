//! A live evaluation (一户式 2.0, R15): scores, ranks and lists that follow the data as
//! it arrives, one fact at a time, always equal to a full re-evaluation.

use rust_decimal::Decimal;

use crate::catalog::Indicator;
use crate::error::{Error, Result};
use crate::facts::{Aggregate, DenseLookup, Dictionary, Sums};
use crate::id::{DatapointId, UnitId};
use crate::num::{ExactSum, exact_add};
use crate::rank::best_first;
use crate::scoring::evaluate::Peers;
use crate::scoring::rescore::Plan;
use crate::scoring::totals::{add_pair, sub_pair};
use crate::scoring::{Assessment, Evaluation, Targets};

/// An evaluation a service keeps open and feeds.
///
/// [`LiveEvaluation::add`] takes one accepted fact and refreshes exactly what it touches: the
/// unit's scores on the indicators that read the fact's data point (whatever their kind:
/// a built-in kind, a formula or table reading it through any of its inputs, a host
/// rule), the peer statistics of those indicators in the unit's group (and, when they
/// change, every group member's score and rank on them), the totals of the units
/// rescored, and the ranks and lists of their group. The result is always the same,
/// byte for byte, as a full [`Assessment::evaluate`] of the same data (the previous
/// period, if the assessment has one, read as it reads it).
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
/// use scorecard::facts::{Aggregates, Granularity};
/// use scorecard::scoring::LiveEvaluation;
/// use scorecard::{Assessment, Catalog, Fact, Period, Scheme, Targets, Unit};
///
/// let catalog: Catalog = serde_json::from_str(r#"[
///     {"id": "I1", "name": "收入完成率", "points": "4", "groups": ["hall"],
///      "rule": {"kind": "completion", "measure": {"sum": "D1"}, "cap": "1.0"}},
///     {"id": "I2", "name": "有效投诉", "points": "2", "groups": ["hall"],
///      "rule": {"kind": "deduction", "measure": {"sum": "D2"}, "per_event": "0.5"}}
/// ]"#)?;
/// let scheme = Scheme::new(Period::year(2026)?, catalog);
/// let units: Vec<Unit> = ["U0001", "U0002", "U0003"].map(|u| Unit::new(u, u, "hall")).into();
/// let mut targets = Targets::new();
/// for u in &units {
///     targets.insert(u.id.clone(), "I1", Decimal::from(100))?;
/// }
/// let day = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
/// let mut agg = Aggregates::new(Granularity::Whole);
/// for (u, d, v) in [("U0001", "D1", 80), ("U0002", "D1", 120), ("U0002", "D2", 3), ("U0003", "D2", 1)] {
///     agg.add(&Fact::new(u.into(), d.into(), day, Decimal::from(v)))?;
/// }
/// let a = Assessment::new(scheme, units, &targets)?;
/// let mut live = LiveEvaluation::with_sums(a, &agg.all())?;   // the year so far
/// live.add(&"U0001".into(), &"D1".into(), Decimal::new(1250, 2))?;     // 12.50 arrives
/// assert_eq!(live.evaluation(), &live.evaluate_fresh()?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct LiveEvaluation {
    assessment: Assessment,
    dict: Dictionary,
    cells: Vec<Aggregate>,
    evaluation: Evaluation,
    /// Per unit: (data point index, pair index), sorted.
    reads: Vec<Vec<(u32, u32)>>,
    /// Per indicator: the dictionary indices of its measures' data points.
    dp_index: Vec<Vec<Option<u32>>>,
    /// The peer statistics and sorted values by peer slot.
    peers: Peers,
    /// Peer slot → position in `evaluation.peer_stats`.
    stat_pos: Vec<Option<usize>>,
    /// Per group: (unit index, adjusted total) in ranking order.
    order: Vec<Vec<(u32, Decimal)>>,
    /// Per unit: exact sums of scores, points lost, points above full.
    acc: Vec<[ExactSum; 3]>,
}

/// The live cells as a [`Sums`] store with dense indices.
struct Cells<'a> {
    dict: &'a Dictionary,
    cells: &'a [Aggregate],
}

impl Sums for Cells<'_> {
    fn aggregate(&self, unit: &UnitId, datapoint: &DatapointId) -> Result<Aggregate> {
        match (
            self.dict.unit_index(unit.as_str()),
            self.dict.datapoint_index(datapoint.as_str()),
        ) {
            (Some(u), Some(d)) => self.aggregate_at(u, d),
            _ => Ok(Aggregate::default()),
        }
    }

    fn dense(&self) -> Option<&dyn DenseLookup> {
        Some(self)
    }
}

impl DenseLookup for Cells<'_> {
    fn unit_index(&self, unit: &UnitId) -> Option<u32> {
        self.dict.unit_index(unit.as_str())
    }

    fn datapoint_index(&self, datapoint: &DatapointId) -> Option<u32> {
        self.dict.datapoint_index(datapoint.as_str())
    }

    fn aggregate_at(&self, unit: u32, datapoint: u32) -> Result<Aggregate> {
        let cell = unit as usize * self.dict.datapoints().len() + datapoint as usize;
        self.cells.get(cell).copied().ok_or_else(|| {
            Error::mismatch(format!(
                "this live evaluation has no cell for unit #{unit} and data point #{datapoint}"
            ))
        })
    }
}

impl LiveEvaluation {
    /// A live evaluation with no facts yet.
    ///
    /// # Errors
    ///
    /// As for [`Assessment::evaluate`].
    pub fn new(assessment: Assessment) -> Result<Self> {
        let dict = Dictionary::new(
            assessment.units.iter().map(|u| u.id.clone()),
            assessment.scheme.indicators.datapoints(),
        )?;
        let cells = vec![Aggregate::default(); dict.cells()];
        Self::build(assessment, dict, cells)
    }

    /// A live evaluation starting from the aggregates in `sums` (for example the
    /// [`DenseSums`](crate::facts::DenseSums) of the year so far).
    ///
    /// # Errors
    ///
    /// As for [`Assessment::evaluate`].
    pub fn with_sums<S: Sums + ?Sized>(assessment: Assessment, sums: &S) -> Result<Self> {
        let dict = Dictionary::new(
            assessment.units.iter().map(|u| u.id.clone()),
            assessment.scheme.indicators.datapoints(),
        )?;
        let mut cells = Vec::with_capacity(dict.cells());
        for u in dict.units() {
            for d in dict.datapoints() {
                cells.push(sums.aggregate(u, d)?);
            }
        }
        Self::build(assessment, dict, cells)
    }

    fn build(assessment: Assessment, dict: Dictionary, cells: Vec<Aggregate>) -> Result<Self> {
        let (evaluation, peers) = assessment.evaluate_with_peers(&Cells {
            dict: &dict,
            cells: &cells,
        })?;
        let a = &assessment;
        let dp_index = a.datapoint_indices(Some(&Cells {
            dict: &dict,
            cells: &cells,
        }));
        let mut reads = vec![Vec::new(); a.units.len()];
        for (k, p) in a.pairs.iter().enumerate() {
            for d in dp_index[p.indicator as usize].iter().flatten() {
                reads[p.unit as usize].push((*d, index(k)?));
            }
        }
        for r in &mut reads {
            r.sort_unstable();
            r.dedup();
        }
        let stat_pos = stat_positions(a, &evaluation);
        let direction = a.scheme.ranking.get_direction();
        let order = a
            .groups
            .iter()
            .map(|(_, members)| {
                let mut o: Vec<(u32, Decimal)> = members
                    .iter()
                    .map(|&m| (m, evaluation.units[m as usize].adjusted_total))
                    .collect();
                o.sort_unstable_by(|x, y| best_first(direction, x.1, y.1).then(x.0.cmp(&y.0)));
                o
            })
            .collect();
        let mut acc = vec![[ExactSum::default(); 3]; a.units.len()];
        for (p, s) in a.pairs.iter().zip(&evaluation.pairs) {
            add_pair(&mut acc[p.unit as usize], s)
                .ok_or_else(|| Error::overflow(&s.unit, None, "raw total"))?;
        }
        Ok(Self {
            assessment,
            dict,
            cells,
            evaluation,
            reads,
            dp_index,
            peers,
            stat_pos,
            order,
            acc,
        })
    }

    /// The current evaluation.
    pub fn evaluation(&self) -> &Evaluation {
        &self.evaluation
    }

    /// The assessment it evaluates.
    pub fn assessment(&self) -> &Assessment {
        &self.assessment
    }

    /// The aggregates fed so far, as a [`Sums`] store.
    pub fn sums(&self) -> impl Sums + '_ {
        Cells {
            dict: &self.dict,
            cells: &self.cells,
        }
    }

    /// A full evaluation of the data fed so far, from scratch (what [`LiveEvaluation::add`] keeps
    /// [`evaluation`](LiveEvaluation::evaluation) equal to).
    ///
    /// # Errors
    ///
    /// As for [`Assessment::evaluate`].
    pub fn evaluate_fresh(&self) -> Result<Evaluation> {
        self.assessment.evaluate(&self.sums())
    }

    /// Adds one accepted fact of `unit` and `datapoint` and refreshes what it touches.
    /// Returns the number of (unit, indicator) scores recomputed.
    ///
    /// # Errors
    ///
    /// An unknown unit, a data point no indicator reads, or an error of the rules with
    /// the new data (an overflow, a division by zero, naming the unit and indicator).
    /// The update is atomic: on an error the fact is not taken and the evaluation is as
    /// it was.
    pub fn add(&mut self, unit: &UnitId, datapoint: &DatapointId, value: Decimal) -> Result<usize> {
        let ui = self
            .dict
            .unit_index(unit.as_str())
            .ok_or_else(|| Error::unknown_unit(unit))?;
        let di = self
            .dict
            .datapoint_index(datapoint.as_str())
            .ok_or_else(|| Error::unread_datapoint(Some(unit), datapoint))?;
        let cell = ui as usize * self.dict.datapoints().len() + di as usize;
        let before = self.cells[cell];
        // added as the aggregates add (exact, at the larger scale), so that the cells
        // equal the aggregates of the same facts; nothing changes on an overflow
        let taken = Aggregate {
            sum: exact_add(before.sum, value)
                .ok_or_else(|| Error::overflow(unit, None, "sum of facts"))?,
            count: before
                .count
                .checked_add(1)
                .ok_or_else(|| Error::overflow(unit, None, "count of facts"))?,
        };
        self.cells[cell] = taken;
        match self.refresh(ui, di) {
            Ok(n) => Ok(n),
            Err(e) => {
                // Atomic: the fact is not taken, and the evaluation is restored (a full
                // re-evaluation of the data as it was, which succeeded before).
                self.cells[cell] = before;
                self.resync()?;
                Err(e)
            }
        }
    }

    /// Replaces one indicator's definition by `new` (the indicator of the same id) —
    /// its rule's parameters, its rule (of any kind: a built-in kind, a formula, a
    /// decision table, a host rule), its points — and scores again only that
    /// indicator's pairs (增量重算), in place: its rule prepared once, its pairs measured
    /// again only when what they measure changed, its peer statistics (per group and
    /// input, with their medians and the units' ranks) formed again when it reads
    /// peers, its units' exact totals updated by − old + new row, and only the groups
    /// whose adjusted totals moved ranked and listed again. Returns the number of pairs
    /// scored again.
    ///
    /// The result is the same, byte for byte, as a live evaluation of the changed
    /// assessment (with the same units, targets, overrides and previous period) fed the
    /// same data; see [`Assessment::rescore_indicator`] for the copy-on-write form and
    /// what is carried of the previous period. A change of the groups the indicator
    /// applies to changes the pairs themselves: everything is then evaluated afresh
    /// from the data fed so far; so it is in a scheme with vetoes, and for a composite
    /// indicator or a component of one. `targets` are those the assessment was built with
    /// (read only for a rule that newly needs them).
    ///
    /// # Errors
    ///
    /// An indicator that is not in the scheme; an invalid definition (checked first); a
    /// measure reading a data point this live evaluation does not keep (no indicator
    /// read it when it was built: build it again;
    /// [`is_mismatch`](Error::is_mismatch)); a missing target, named target or factor,
    /// a previous period not measured, an overflow or a division by zero with the data
    /// fed so far, naming the unit and indicator. The change is atomic: on an error,
    /// the assessment and the evaluation are as they were.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use rust_decimal::Decimal;
    /// use scorecard::facts::{Aggregates, Granularity};
    /// use scorecard::scoring::LiveEvaluation;
    /// use scorecard::{Assessment, Catalog, Fact, Period, Scheme, Targets, Unit};
    ///
    /// let catalog: Catalog = serde_json::from_str(r#"[
    ///     {"id": "I1", "name": "收入完成率", "points": "4", "groups": ["hall"],
    ///      "rule": {"kind": "completion", "measure": {"sum": "D1"}, "cap": "1.0"}},
    ///     {"id": "I2", "name": "有效投诉", "points": "2", "groups": ["hall"],
    ///      "rule": {"kind": "deduction", "measure": {"sum": "D2"}, "per_event": "0.5"}}
    /// ]"#)?;
    /// let scheme = Scheme::new(Period::year(2026)?, catalog);
    /// let units: Vec<Unit> = ["U0001", "U0002", "U0003"].map(|u| Unit::new(u, u, "hall")).into();
    /// let mut targets = Targets::new();
    /// for u in &units {
    ///     targets.insert(u.id.clone(), "I1", Decimal::from(100))?;
    /// }
    /// let day = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
    /// let mut agg = Aggregates::new(Granularity::Whole);
    /// for (u, d, v) in [("U0001", "D1", 80), ("U0002", "D1", 120), ("U0002", "D2", 3), ("U0003", "D2", 1)] {
    ///     agg.add(&Fact::new(u.into(), d.into(), day, Decimal::from(v)))?;
    /// }
    /// let a = Assessment::new(scheme, units, &targets)?;
    /// let mut live = LiveEvaluation::with_sums(a, &agg.all())?;
    /// // complaints weigh double: 4 points instead of 2
    /// let mut i2 = live.assessment().scheme().indicators.get(&"I2".into()).unwrap().clone();
    /// i2.points = Decimal::from(4);
    /// assert_eq!(live.rescore_indicator(i2, &targets)?, 3);
    /// let u2 = live.evaluation().unit(&"U0002".into()).unwrap();
    /// assert_eq!((u2.full_points, u2.raw_total), (Decimal::from(8), Decimal::new(65, 1)));
    /// assert_eq!(live.evaluation(), &live.evaluate_fresh()?);
    ///
    /// // revenue scored against the group's best (a formula reading its peers)
    /// let i1: scorecard::Indicator = serde_json::from_str(r#"
    ///     {"id": "I1", "name": "收入", "points": "4", "groups": ["hall"],
    ///      "rule": {"kind": "formula", "inputs": {"revenue": {"sum": "D1"}},
    ///               "score": "points * revenue / peer_max(revenue)",
    ///               "direction": "higher_is_better"}}"#)?;
    /// assert_eq!(live.rescore_indicator(i1, &targets)?, 3);
    /// let u1 = live.evaluation().pair(&"U0001".into(), &"I1".into()).unwrap();
    /// assert_eq!(u1.score, Decimal::new(8, 1) * Decimal::from(4) / Decimal::new(12, 1));
    /// assert_eq!(live.evaluation(), &live.evaluate_fresh()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rescore_indicator(&mut self, new: Indicator, targets: &Targets) -> Result<usize> {
        let plan = self.assessment.plan(&new)?;
        if let Some(d) = new
            .rule
            .measure_datapoints()
            .find(|d| self.dict.datapoint_index(d.as_str()).is_none())
        {
            return Err(Error::mismatch(format!(
                "indicator {} would read data point {d}, which this live evaluation does not keep: build it again with the new scheme",
                new.id
            )));
        }
        let (ik, pairs, prepared, remeasure) = match plan {
            Plan::Incremental {
                ik,
                pairs,
                prepared,
                remeasure,
            } => (ik, pairs, prepared, remeasure),
            Plan::Rebuild => {
                let a = self.assessment.replaced(new, targets)?;
                let fresh = Self::build(a, self.dict.clone(), self.cells.clone())?;
                *self = fresh;
                return Ok(self.assessment.pair_count());
            }
        };
        let replaced = self
            .assessment
            .install(ik, new, *prepared, targets, &pairs)?;
        let sums = Cells {
            dict: &self.dict,
            cells: &self.cells,
        };
        let acc = &self.acc;
        let patch = self.assessment.patch(
            &replaced,
            &pairs,
            &self.evaluation,
            &sums,
            remeasure,
            |uk| Ok(acc[uk]),
        );
        let mut patch = match patch {
            Ok(p) => p,
            Err(e) => {
                self.assessment.uninstall(replaced);
                return Err(e);
            }
        };
        let n = patch.len();
        let peers = patch.peers.take();
        for t in &patch.units {
            self.acc[t.unit as usize] = t.acc;
        }
        let applied = self
            .assessment
            .apply(patch, &mut self.evaluation, Some(&self.order));
        match applied {
            Ok(orders) => {
                for (g, order) in orders {
                    self.order[g] = order;
                }
            }
            Err(e) => {
                // a group too large to rank, which the evaluation before could not have
                self.assessment.uninstall(replaced);
                self.resync()?;
                return Err(e);
            }
        }
        // the indicator's peer statistics by slot, in place of its old ones (the
        // indicators before it keep their slots)
        let ik = ik as usize;
        let base = self.assessment.peer_base[ik];
        if let Some(at) = replaced.old_peers.as_ref().map(|r| r.start).or(base) {
            let old = replaced.old_peers.clone().unwrap_or(at..at);
            let (stats, sorted) = peers.map(|p| (p.stats, p.sorted)).unwrap_or_default();
            self.peers.stats.splice(old.clone(), stats);
            self.peers.sorted.splice(old, sorted);
            self.stat_pos = stat_positions(&self.assessment, &self.evaluation);
        }
        if remeasure {
            let sums = Cells {
                dict: &self.dict,
                cells: &self.cells,
            };
            let ix = self.assessment.datapoint_indices_of(ik, Some(&sums));
            for &k in &pairs {
                let r = &mut self.reads[self.assessment.pairs[k as usize].unit as usize];
                r.retain(|&(_, j)| j != k);
                for &d in ix.iter().flatten() {
                    if let Err(at) = r.binary_search(&(d, k)) {
                        r.insert(at, (d, k));
                    }
                }
            }
            self.dp_index[ik] = ix;
        }
        Ok(n)
    }

    /// Recomputes everything from the cells (after a failed update).
    fn resync(&mut self) -> Result<()> {
        let fresh = Self::build(
            self.assessment.clone(),
            self.dict.clone(),
            self.cells.clone(),
        )?;
        *self = fresh;
        Ok(())
    }

    fn refresh(&mut self, ui: u32, di: u32) -> Result<usize> {
        let a = &self.assessment;
        let sums = Cells {
            dict: &self.dict,
            cells: &self.cells,
        };
        let reads = &self.reads[ui as usize];
        let start = reads.partition_point(|&(d, _)| d < di);
        let affected: Vec<usize> = reads[start..]
            .iter()
            .take_while(|&&(d, _)| d == di)
            .map(|&(_, k)| k as usize)
            .collect();
        let g = a.unit_group[ui as usize] as usize;
        let mut rescore: Vec<usize> = Vec::new();
        for &k in &affected {
            let ik = a.pairs[k].indicator;
            let m = a.measure_pair(k, &sums, Some(&sums), Some(ui), &self.dp_index[ik as usize])?;
            self.evaluation.pairs[k].measured = m;
            let Some(range) = a.peer_range(ik as usize, g) else {
                rescore.push(k);
                continue;
            };
            let pairs = &self.evaluation.pairs;
            let fresh = a.peer_stats_of(ik, g, |j| &pairs[j].measured)?;
            // to the bit: a statistic that keeps its value but changes its places
            // (`0.850` for `0.8500`) is shown changed, and so may the scores read from it
            let same = fresh
                .stats
                .iter()
                .zip(&self.peers.stats[range.clone()])
                .all(|(x, y)| match (x, y) {
                    (Some(x), Some(y)) => x.identical(y),
                    (x, y) => x.is_none() && y.is_none(),
                });
            let slots = range.clone();
            for ((slot, st), sorted) in slots.zip(fresh.stats).zip(fresh.sorted) {
                self.peers.stats[slot] = st;
                self.peers.sorted[slot] = sorted;
                if let (Some(pos), Some(st)) = (self.stat_pos[slot], st) {
                    self.evaluation.peer_stats[pos].stats = st;
                }
            }
            if same {
                rescore.push(k);
            } else {
                rescore.extend(
                    a.groups[g]
                        .1
                        .iter()
                        .filter_map(|&m| a.pair_index(m as usize, ik)),
                );
            }
        }
        rescore.sort_unstable();
        rescore.dedup();
        if a.composites.any() {
            // the composites reading a re-scored pair are re-scored after it (复合指标)
            let mut pos = vec![0usize; a.composites.order.len()];
            for (at, &ik) in a.composites.order.iter().enumerate() {
                pos[ik as usize] = at;
            }
            let mut all = Vec::with_capacity(rescore.len());
            for &k in &rescore {
                let p = &a.pairs[k];
                for d in a.with_dependents(p.indicator) {
                    all.extend(a.pair_index(p.unit as usize, d));
                }
            }
            all.sort_unstable_by_key(|&k| (a.pairs[k].unit, pos[a.pairs[k].indicator as usize]));
            all.dedup();
            rescore = all;
        }
        let mut units: Vec<u32> = Vec::new();
        for &k in &rescore {
            let p = &a.pairs[k];
            let ik = p.indicator as usize;
            let range = a.peer_range(ik, g).unwrap_or(0..0);
            let mut measured = self.evaluation.pairs[k].measured.clone();
            let pairs = &self.evaluation.pairs;
            a.fill_components(p.unit as usize, ik, &mut measured, |j| pairs.get(j))?;
            a.rank_inputs(ik, &mut measured, &self.peers.sorted[range.clone()]);
            let scored = a.score_at(k, measured, &self.peers.stats[range])?;
            let acc = &mut self.acc[p.unit as usize];
            sub_pair(acc, &self.evaluation.pairs[k])
                .and_then(|()| add_pair(acc, &scored))
                .ok_or_else(|| {
                    Error::overflow(&scored.unit, Some(&scored.indicator), "raw total")
                })?;
            self.evaluation.pairs[k] = scored;
            units.push(p.unit);
        }
        units.dedup();
        if units.is_empty() {
            return Ok(0);
        }
        let mut moved = false;
        for &u in &units {
            let (raw, lost, extra) = a.totals_from(u as usize, &self.acc[u as usize])?;
            let (first, last) = a.unit_pairs[u as usize];
            let hits = a.veto_hits(
                u as usize,
                &self.evaluation.pairs[first as usize..last as usize],
            )?;
            let r = &mut self.evaluation.units[u as usize];
            let adjusted = a.adjusted(u as usize, raw, r.coefficient)?;
            r.lost = lost;
            r.extra = extra;
            r.raw_total = raw;
            if r.vetoes != hits {
                // a veto that comes or goes moves the unit's lists, if not its total
                moved = true;
                r.vetoes = hits;
            }
            let before = r.adjusted_total;
            a.set_adjusted(r, adjusted);
            let adjusted = r.adjusted_total;
            // the ranking order follows the value; the total as shown, its places too
            if before != adjusted {
                moved = true;
                reorder(
                    &mut self.order[g],
                    u,
                    adjusted,
                    a.scheme.ranking.get_direction(),
                );
            }
        }
        // ranks and lists follow the adjusted totals alone
        if moved {
            a.apply_ranks(g, &self.order[g], &mut self.evaluation.units)?;
        }
        Ok(rescore.len())
    }
}

/// Peer slot → position of its statistics in `e.peer_stats`.
fn stat_positions(a: &Assessment, e: &Evaluation) -> Vec<Option<usize>> {
    let indicators = a.scheme.indicators.indicators();
    let mut stat_pos = vec![None; a.peer_slots];
    for (pos, s) in e.peer_stats.iter().enumerate() {
        let ik = indicators.binary_search_by(|i| i.id.cmp(&s.indicator));
        let g = a.groups.binary_search_by(|(g, _)| g.cmp(&s.group));
        if let (Ok(ik), Ok(g)) = (ik, g) {
            let slot = match &s.input {
                None => Some(0),
                Some(name) => a.prepared[ik].inputs.iter().position(|i| i.name == *name),
            };
            if let (Some(range), Some(slot)) = (a.peer_range(ik, g), slot) {
                stat_pos[range.start + slot] = Some(pos);
            }
        }
    }
    stat_pos
}

/// Moves unit `u` to its place for its new adjusted total.
fn reorder(order: &mut Vec<(u32, Decimal)>, u: u32, total: Decimal, direction: crate::Direction) {
    if let Some(at) = order.iter().position(|&(m, _)| m == u) {
        order.remove(at);
    }
    let at =
        order.partition_point(|&(m, v)| best_first(direction, v, total).then(m.cmp(&u)).is_lt());
    order.insert(at, (u, total));
}

fn index(k: usize) -> Result<u32> {
    u32::try_from(k).map_err(|_| Error::capacity("pairs", u64::from(u32::MAX)))
}
