//! The evaluation's phases: the peer statistics of the indicators that read peers (per
//! indicator, input and group), then measuring, scoring and totalling unit by unit on
//! scoped threads over contiguous unit ranges (joined in unit order); totals, ranks and
//! lists follow in [`totals`](super::totals).
//!
//! Every rule kind goes the same way: it is measured (a built-in kind's measure, or the
//! named inputs of a formula, table or host rule), given a
//! [`RuleContext`](crate::rule::RuleContext) and scored through its prepared form.

use rust_decimal::Decimal;

use crate::calc::Calc;
use crate::error::{Error, Result};
use crate::facts::{DenseLookup, Sums};
use crate::id::{GroupId, IndicatorId};
use crate::num::{ExactSum, ScaledSum};
use crate::rule::{InputValue, Measured, PeerStats, RuleContext};
use crate::scoring::assessment::index;
use crate::scoring::{Assessment, Evaluation, GroupStat, Overridden, PairScore, UnitResult};
use crate::trace::{NoTrace, Tracer};

/// The peer statistics of an evaluation: by peer slot ([`Assessment::peer_range`]), and
/// the sorted values of the slots whose median or rank is read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Peers {
    pub(crate) stats: Vec<Option<PeerStats>>,
    pub(crate) sorted: Vec<Vec<Decimal>>,
}

impl Assessment {
    /// The most threads an evaluation uses: [`threads`](Self::threads) asks for at most
    /// this many.
    pub const MAX_THREADS: usize = 256;

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

    /// Evaluates the data in `sums`: every score, total, coefficient, rank and list.
    ///
    /// # Errors
    ///
    /// Overflow or division by zero, naming the unit and indicator.
    pub fn evaluate<S: Sums + ?Sized>(&self, sums: &S) -> Result<Evaluation> {
        self.evaluate_with_peers(sums).map(|(e, _)| e)
    }

    /// [`evaluate`](Self::evaluate), and the peer statistics by slot with their sorted
    /// values (which a live evaluation keeps).
    pub(crate) fn evaluate_with_peers<S: Sums + ?Sized>(
        &self,
        sums: &S,
    ) -> Result<(Evaluation, Peers)> {
        let threads = self.threads;
        let indicators = self.scheme.indicators.indicators();
        if !self.has_previous {
            if let Some((i, _)) = indicators
                .iter()
                .zip(&self.prepared)
                .find(|(_, p)| p.previous != 0)
            {
                return Err(no_previous(i));
            }
        }
        // Resolve ids to the store's dense indices once, where it has them.
        let dense = sums.dense();
        let unit_index: Vec<Option<u32>> = match dense {
            Some(d) => self.units.iter().map(|u| d.unit_index(&u.id)).collect(),
            None => vec![None; self.units.len()],
        };
        let dp_index = self.datapoint_indices(dense);
        // Phase 1: the peer statistics, by (indicator, group, slot), from the measured
        // values of the pairs of indicators that read peers.
        let mut peers = Peers {
            stats: vec![None; self.peer_slots],
            sorted: vec![Vec::new(); self.peer_slots],
        };
        if self.peer_slots > 0 {
            for (k, p) in self.pairs.iter().enumerate() {
                let g = self.unit_group[p.unit as usize] as usize;
                let Some(range) = self.peer_range(p.indicator as usize, g) else {
                    continue;
                };
                let m = self.measure_pair(
                    k,
                    sums,
                    dense,
                    unit_index[p.unit as usize],
                    &dp_index[p.indicator as usize],
                )?;
                self.gather(p.indicator as usize, g, range.start, &m, &mut peers)?;
            }
            for (ik, ind) in indicators.iter().enumerate() {
                for g in 0..self.groups.len() {
                    if let Some(range) = self.peer_range(ik, g) {
                        for slot in range {
                            self.finish_slot(&mut peers, slot, &ind.id, g)?;
                        }
                    }
                }
            }
        }
        // Phase 2: measure, score and total unit by unit, each row built once and
        // summed while it is still in cache.
        let work =
            |range, room| self.score_units(range, room, sums, &unit_index, &dp_index, &peers);
        let (scores, mut units) = self.in_parallel(threads, work)?;
        // Phase 3: coefficients, ranks and lists, group by group.
        self.rank_groups(&mut units)?;
        let peer_stats = self.group_stats(&peers.stats);
        let e = Evaluation {
            pairs: scores,
            units,
            peer_stats,
        };
        Ok((e, peers))
    }

    /// The published peer statistics: by indicator, group, then input.
    pub(crate) fn group_stats(&self, stats: &[Option<PeerStats>]) -> Vec<GroupStat> {
        let indicators = self.scheme.indicators.indicators();
        let mut out = Vec::new();
        for (ik, ind) in indicators.iter().enumerate() {
            let prep = &self.prepared[ik];
            for g in 0..self.groups.len() {
                let Some(range) = self.peer_range(ik, g) else {
                    continue;
                };
                for (s, slot) in range.enumerate() {
                    if let Some(st) = stats[slot] {
                        out.push(GroupStat {
                            indicator: ind.id.clone(),
                            group: self.groups[g].0.clone(),
                            input: prep.inputs.get(s).map(|i| i.name.clone()),
                            stats: st,
                        });
                    }
                }
            }
        }
        out
    }

    /// Adds pair `m` of indicator `ik` in group `g` to the group's statistics (slots from
    /// `base`).
    pub(crate) fn gather(
        &self,
        ik: usize,
        g: usize,
        base: usize,
        m: &Measured,
        peers: &mut Peers,
    ) -> Result<()> {
        let prep = &self.prepared[ik];
        let ind = &self.scheme.indicators.indicators()[ik];
        for s in 0..prep.slots() {
            if prep.peers & (1 << s) == 0 {
                continue;
            }
            let slot = base + s;
            let st = peers.stats[slot].get_or_insert_with(PeerStats::default);
            let v = if prep.has_inputs() {
                m.inputs.get(s).and_then(|i| i.value)
            } else {
                m.value
            };
            if let Some(v) = v {
                accumulate(st, v, &self.groups[g].0, &ind.id)?;
                if prep.sorted & (1 << s) != 0 {
                    peers.sorted[slot].push(v);
                }
            }
        }
        Ok(())
    }

    /// The mean, and for a sorted slot the order and median, once every member is in.
    pub(crate) fn finish_slot(
        &self,
        peers: &mut Peers,
        slot: usize,
        ind: &IndicatorId,
        g: usize,
    ) -> Result<()> {
        let Some(s) = peers.stats[slot].as_mut() else {
            return Ok(());
        };
        let group = &self.groups[g].0;
        if s.count > 0 {
            s.mean = Some(
                s.sum
                    .checked_div(Decimal::from(s.count))
                    .ok_or_else(|| Error::group_overflow(group, Some(ind), "peer mean"))?,
            );
        }
        let sorted = &mut peers.sorted[slot];
        if !sorted.is_empty() {
            // stable: of equal values the first in unit order stays first
            sorted.sort_by(|a, b| crate::num::cmp(*a, *b));
            s.median = crate::rule::median(sorted)
                .ok_or_else(|| Error::group_overflow(group, Some(ind), "peer median"))?;
        }
        Ok(())
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
        dp_index: &[Vec<Option<u32>>],
        peers: &Peers,
    ) -> Result<(Vec<PairScore>, Vec<UnitResult>)> {
        let dense = sums.dense();
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
            let row_start = scores.len();
            if self.composites.any() {
                // components first: scored in the composites' order, kept in pair order
                let mut row: Vec<Option<PairScore>> = vec![None; (b - a) as usize];
                for &ik in &self.composites.order {
                    let Some(k) = self.pair_index(uk, ik) else {
                        continue;
                    };
                    let ik = ik as usize;
                    let mut m = self.measure_pair(k, sums, dense, unit_index[uk], &dp_index[ik])?;
                    self.fill_components(uk, ik, &mut m, |j| {
                        row.get(j - a as usize).and_then(Option::as_ref)
                    })?;
                    let range = self.peer_range(ik, g).unwrap_or(0..0);
                    self.rank_inputs(ik, &mut m, &peers.sorted[range.clone()]);
                    row[k - a as usize] =
                        Some(self.score_pair(k, m, &peers.stats[range], &mut NoTrace)?);
                }
                scores.extend(row.into_iter().flatten());
            } else {
                for k in a as usize..b as usize {
                    let p = &self.pairs[k];
                    let ik = p.indicator as usize;
                    let mut m = self.measure_pair(k, sums, dense, unit_index[uk], &dp_index[ik])?;
                    let range = self.peer_range(ik, g).unwrap_or(0..0);
                    self.rank_inputs(ik, &mut m, &peers.sorted[range.clone()]);
                    scores.push(self.score_pair(k, m, &peers.stats[range], &mut NoTrace)?);
                }
            }
            for s in &scores[row_start..] {
                acc[0].add(s.score).ok_or_else(overflow)?;
                acc[1].add(s.lost).ok_or_else(overflow)?;
                acc[2].add(s.extra).ok_or_else(overflow)?;
            }
            let mut exact = [ExactSum::default(); 3];
            for (e, s) in exact.iter_mut().zip(&acc) {
                *e = s.exact().ok_or_else(overflow)?;
            }
            let mut r = self.unit_result(uk, &exact)?;
            r.vetoes = self.veto_hits(uk, &scores[row_start..])?;
            units.push(r);
        }
        Ok((scores, units))
    }

    /// Per indicator, the store's indices of the data points its measure (or its named
    /// inputs' measures, in order) reads (none when the store has no dense layout).
    pub(crate) fn datapoint_indices(
        &self,
        dense: Option<&dyn DenseLookup>,
    ) -> Vec<Vec<Option<u32>>> {
        (0..self.prepared.len())
            .map(|ik| self.datapoint_indices_of(ik, dense))
            .collect()
    }

    /// The store's indices of the data points indicator `ik`'s measure (or its named
    /// inputs' measures, in order) reads.
    pub(crate) fn datapoint_indices_of(
        &self,
        ik: usize,
        dense: Option<&dyn DenseLookup>,
    ) -> Vec<Option<u32>> {
        let Some(dense) = dense else {
            return Vec::new();
        };
        let i = &self.scheme.indicators.indicators()[ik];
        let own = i.rule.measure().into_iter().flat_map(|m| m.datapoints());
        let named = self.prepared[ik]
            .inputs
            .iter()
            .flat_map(|x| x.measure.datapoints());
        own.chain(named).map(|d| dense.datapoint_index(d)).collect()
    }

    /// Measures pair `k`, through the store's dense indices where given: a built-in
    /// kind's measure, or each named input (with its previous period when given).
    pub(crate) fn measure_pair<S: Sums + ?Sized>(
        &self,
        k: usize,
        sums: &S,
        dense: Option<&dyn DenseLookup>,
        unit_index: Option<u32>,
        dp_index: &[Option<u32>],
    ) -> Result<Measured> {
        let p = &self.pairs[k];
        let unit = &self.units[p.unit as usize];
        let ik = p.indicator as usize;
        let ind = self.indicator(p);
        let calc = Calc::new(&unit.id, Some(&ind.id));
        let read = |j: usize, d: &crate::id::DatapointId| match (
            dense,
            unit_index,
            dp_index.get(j).copied().flatten(),
        ) {
            (Some(dense), Some(u), Some(x)) => dense.aggregate_at(u, x),
            _ => sums.aggregate(&unit.id, d),
        };
        let prep = &self.prepared[ik];
        if let Some(measure) = ind.rule.measure() {
            let mut m = measure.measure(&calc, p.factor, read)?;
            m.target = p.target;
            return Ok(m);
        }
        let previous = self.extra(p).map_or(&[][..], |e| &e.previous[..]);
        let first = self.first_factor[ik].as_ref();
        let mut one = None;
        let mut many = Vec::new();
        let mut head = None;
        let mut at = 0;
        for (s, input) in prep.inputs.iter().enumerate() {
            let factor = match input.measure.factor() {
                None => None,
                Some(f) if Some(f) == first => p.factor,
                Some(f) => Some(unit.factor_value(f)?),
            };
            let base = at;
            let m = input
                .measure
                .measure(&calc, factor, |j, d| read(base + j, d))?;
            at += input.measure.datapoints().count();
            let v = InputValue {
                value: m.value,
                previous: previous.get(s).copied().flatten(),
                rank: None,
            };
            // one input is held in place: no allocation
            match (s, prep.inputs.len()) {
                (_, 1) => one = Some(v),
                (0, n) => {
                    many.reserve_exact(n);
                    many.push(v);
                }
                _ => many.push(v),
            }
            if s == 0 {
                head = Some(m);
            }
        }
        let head = head.unwrap_or_default();
        Ok(Measured {
            primary: head.primary,
            secondary: head.secondary,
            target: p.target,
            value: head.value,
            inputs: match one {
                Some(v) => v.into(),
                None => many.into(),
            },
        })
    }

    /// Sets the ranks of pair measurement `m` of indicator `ik` among its group, from the
    /// group's `sorted` values (by slot).
    pub(crate) fn rank_inputs(&self, ik: usize, m: &mut Measured, sorted: &[Vec<Decimal>]) {
        let prep = &self.prepared[ik];
        if prep.sorted == 0 || !prep.has_inputs() {
            return;
        }
        for (s, input) in m.inputs.iter_mut().enumerate() {
            if prep.sorted & (1 << s) != 0 {
                if let (Some(v), Some(values)) = (input.value, sorted.get(s)) {
                    input.rank = Some(crate::rule::rank_in(values, v));
                }
            }
        }
    }

    /// The peer statistics of indicator `ik` over group `g`, by slot, from the members'
    /// measured values in unit order (the same order and arithmetic as a full
    /// evaluation), and the sorted values of its sorted slots.
    pub(crate) fn peer_stats_of<'m>(
        &self,
        ik: u32,
        g: usize,
        measured: impl Fn(usize) -> &'m Measured,
    ) -> Result<Peers> {
        let ik = ik as usize;
        let n = self.prepared[ik].slots();
        let mut peers = Peers {
            stats: vec![None; n],
            sorted: vec![Vec::new(); n],
        };
        let ind = &self.scheme.indicators.indicators()[ik];
        for &m in &self.groups[g].1 {
            if let Some(k) = self.pair_index(m as usize, index(ik)?) {
                self.gather(ik, g, 0, measured(k), &mut peers)?;
            }
        }
        for slot in 0..n {
            self.finish_slot(&mut peers, slot, &ind.id, g)?;
        }
        Ok(peers)
    }

    /// Scores pair `k` from its measurement and its group's statistics (by slot).
    pub(crate) fn score_at(
        &self,
        k: usize,
        m: Measured,
        peers: &[Option<PeerStats>],
    ) -> Result<PairScore> {
        self.score_pair(k, m, peers, &mut NoTrace)
    }

    /// The context pair `k` is scored from.
    pub(crate) fn context<'a>(
        &'a self,
        k: usize,
        m: &'a Measured,
        peers: &'a [Option<PeerStats>],
    ) -> RuleContext<'a> {
        let p = &self.pairs[k];
        let unit = &self.units[p.unit as usize];
        let ind = self.indicator(p);
        let prep = &self.prepared[p.indicator as usize];
        RuleContext {
            unit: Some(&unit.id),
            indicator: Some(&ind.id),
            points: ind.points,
            value: m.value,
            target: m.target,
            peers,
            names: &prep.inputs,
            inputs: &m.inputs,
            target_names: &prep.target_names,
            targets: self.extra(p).map_or(&[][..], |e| &e.targets[..]),
            factors: Some(&unit.factors),
        }
    }

    pub(super) fn score_pair<T: Tracer>(
        &self,
        k: usize,
        m: Measured,
        peers: &[Option<PeerStats>],
        t: &mut T,
    ) -> Result<PairScore> {
        let p = &self.pairs[k];
        let unit = &self.units[p.unit as usize];
        let ind = self.indicator(p);
        let calc = Calc::new(&unit.id, Some(&ind.id));
        let prep = &self.prepared[p.indicator as usize];
        let out = prep.apply(&ind.rule, &self.context(k, &m, peers), t)?;
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
            measured: m,
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
}

/// How much room a range's row vectors are made with.
#[derive(Clone, Copy)]
enum Room {
    /// Room for the range's own rows.
    Own,
    /// Room for every row of the evaluation: the range the others are appended to.
    All,
}

/// The error of evaluating indicator `i`, which reads the previous period, when the
/// assessment was given none.
pub(crate) fn no_previous(i: &crate::catalog::Indicator) -> Error {
    Error::rule_failed(
        None,
        Some(&i.id),
        "it reads the previous period, which was not given (Assessment::with_previous)".into(),
    )
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
