//! A live evaluation (一户式 2.0, R15): scores, ranks and lists that follow the data as
//! it arrives, one fact at a time, always equal to a full re-evaluation.

use rust_decimal::Decimal;

use crate::catalog::Indicator;
use crate::error::{Error, Result};
use crate::facts::{Aggregate, Dictionary, Sums};
use crate::id::{DatapointId, UnitId};
use crate::num::{ExactSum, exact_add};
use crate::rank::best_first;
use crate::scoring::rescore::Plan;
use crate::scoring::totals::{add_pair, sub_pair};
use crate::scoring::{Assessment, Evaluation, Targets};

/// An evaluation a service keeps open and feeds.
///
/// [`LiveEvaluation::add`] takes one accepted fact and refreshes exactly what it touches: the
/// unit's scores on the indicators that read the fact's data point, the peer statistics
/// of those indicators in the unit's group (and, when they change, every group member's
/// score on them), the totals of the units rescored, and the ranks and lists of their
/// group. The result is always the same, byte for byte, as a full
/// [`Assessment::evaluate`] of the same data.
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
    /// Per indicator: the dictionary indices of its measure's data points.
    dp_index: Vec<[Option<u32>; 2]>,
    /// [indicator][group] → position in `evaluation.peer_stats`.
    stat_pos: Vec<Vec<Option<usize>>>,
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

    fn unit_index(&self, unit: &UnitId) -> Option<u32> {
        self.dict.unit_index(unit.as_str())
    }

    fn datapoint_index(&self, datapoint: &DatapointId) -> Option<u32> {
        self.dict.datapoint_index(datapoint.as_str())
    }

    fn aggregate_at(&self, unit: u32, datapoint: u32) -> Result<Aggregate> {
        let cell = unit as usize * self.dict.datapoints().len() + datapoint as usize;
        self.cells
            .get(cell)
            .copied()
            .ok_or_else(|| Error::config(format!("no live cell #{cell}")))
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
        let evaluation = assessment.evaluate(&Cells {
            dict: &dict,
            cells: &cells,
        })?;
        let a = &assessment;
        let dp_index = a.datapoint_indices(&Cells {
            dict: &dict,
            cells: &cells,
        });
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
            .ok_or_else(|| {
                Error::config(format!("data point {datapoint} is read by no indicator"))
            })?;
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
    /// its rule's parameters, its rule, its points — and scores again only that
    /// indicator's pairs (增量重算), in place: its pairs measured again only when the
    /// measure changed, its peer statistics formed again only when its rule is
    /// peer-relative, its units' exact totals updated by − old + new row, and only the
    /// groups whose adjusted totals moved ranked and listed again. Returns the number of
    /// pairs scored again.
    ///
    /// The result is the same, byte for byte, as a live evaluation of the changed
    /// assessment (with the same units, targets and overrides) fed the same data; see
    /// [`Assessment::rescore_indicator`] for the copy-on-write form. A change of the
    /// groups the indicator applies to changes the pairs themselves: everything is then
    /// evaluated afresh from the data fed so far. `targets` are those the assessment was
    /// built with (read only for a rule that newly needs them).
    ///
    /// # Errors
    ///
    /// An indicator that is not in the scheme; an invalid definition (checked first); a
    /// measure reading a data point this live evaluation does not keep (no indicator
    /// read it when it was built: build it again); a missing target or factor, an
    /// overflow or a division by zero with the data fed so far, naming the unit and
    /// indicator. The change is atomic: on an error, the assessment and the evaluation
    /// are as they were.
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
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rescore_indicator(&mut self, new: Indicator, targets: &Targets) -> Result<usize> {
        let plan = self.assessment.plan(&new)?;
        if let Some(d) = new
            .rule
            .measure_datapoints()
            .find(|d| self.dict.datapoint_index(d.as_str()).is_none())
        {
            return Err(Error::config(format!(
                "indicator {} would read data point {d}, which this live evaluation does not keep: build it again with the new scheme",
                new.id
            )));
        }
        let (ik, pairs, remeasure) = match plan {
            Plan::Incremental {
                ik,
                pairs,
                remeasure,
            } => (ik, pairs, remeasure),
            Plan::Rebuild => {
                let a = self.assessment.replaced(new, targets)?;
                let fresh = Self::build(a, self.dict.clone(), self.cells.clone())?;
                *self = fresh;
                return Ok(self.assessment.pair_count());
            }
        };
        let replaced = self.assessment.install(ik, new, targets, &pairs)?;
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
        let patch = match patch {
            Ok(p) => p,
            Err(e) => {
                self.assessment.uninstall(replaced);
                return Err(e);
            }
        };
        let n = patch.len();
        let stats_before = self.stat_pos[ik as usize].iter().flatten().count();
        let stats_moved = stats_before != patch.stats_len();
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
        if remeasure {
            let mut ix = [None; 2];
            let ind = &self.assessment.scheme.indicators.indicators()[ik as usize];
            for (j, d) in ind.rule.measure_datapoints().take(2).enumerate() {
                ix[j] = self.dict.datapoint_index(d.as_str());
            }
            self.dp_index[ik as usize] = ix;
            for &k in &pairs {
                let r = &mut self.reads[self.assessment.pairs[k as usize].unit as usize];
                r.retain(|&(_, j)| j != k);
                for &d in ix.iter().flatten() {
                    if let Err(at) = r.binary_search(&(d, k)) {
                        r.insert(at, (d, k));
                    }
                }
            }
        }
        if stats_moved {
            self.stat_pos = stat_positions(&self.assessment, &self.evaluation);
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
            let m = a.measure_pair(k, &sums, Some(ui), self.dp_index[ik as usize])?;
            self.evaluation.pairs[k].measured = m;
            let Some(pos) = self.stat_pos[ik as usize][g] else {
                rescore.push(k);
                continue;
            };
            let pairs = &self.evaluation.pairs;
            let stats = a.peer_stats_of(ik, g, |j| &pairs[j].measured)?;
            // to the bit: a statistic that keeps its value but changes its places
            // (`0.850` for `0.8500`) is shown changed, and so may the scores read from it
            if stats.identical(&self.evaluation.peer_stats[pos].stats) {
                rescore.push(k);
            } else {
                self.evaluation.peer_stats[pos].stats = stats;
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
        let mut units: Vec<u32> = Vec::new();
        for &k in &rescore {
            let p = &a.pairs[k];
            let peers = self.stat_pos[p.indicator as usize][g]
                .map(|pos| &self.evaluation.peer_stats[pos].stats);
            let scored = a.score_at(k, &self.evaluation.pairs[k].measured, peers)?;
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
            let r = &mut self.evaluation.units[u as usize];
            let adjusted = a.adjusted(u as usize, raw, r.coefficient)?;
            r.lost = lost;
            r.extra = extra;
            r.raw_total = raw;
            // the ranking order follows the value; the total as shown, its places too
            if r.adjusted_total != adjusted {
                moved = true;
                reorder(
                    &mut self.order[g],
                    u,
                    adjusted,
                    a.scheme.ranking.get_direction(),
                );
            }
            r.adjusted_total = adjusted;
        }
        // ranks and lists follow the adjusted totals alone
        if moved {
            a.apply_ranks(g, &self.order[g], &mut self.evaluation.units)?;
        }
        Ok(rescore.len())
    }
}

/// [indicator][group] → position of its statistics in `e.peer_stats`.
fn stat_positions(a: &Assessment, e: &Evaluation) -> Vec<Vec<Option<usize>>> {
    let indicators = a.scheme.indicators.indicators();
    let mut stat_pos = vec![vec![None; a.groups.len()]; indicators.len()];
    for (pos, s) in e.peer_stats.iter().enumerate() {
        let ik = indicators.binary_search_by(|i| i.id.cmp(&s.indicator));
        let g = a.groups.binary_search_by(|(g, _)| g.cmp(&s.group));
        if let (Ok(ik), Ok(g)) = (ik, g) {
            stat_pos[ik][g] = Some(pos);
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
    u32::try_from(k).map_err(|_| Error::config("more than 4 294 967 295 pairs"))
}
