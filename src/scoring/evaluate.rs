//! The evaluation's phases: the peer statistics of the peer-relative indicators, then
//! measuring, scoring and totalling unit by unit on scoped threads over contiguous
//! unit ranges (joined in unit order); totals, ranks and lists follow in
//! [`totals`](super::totals).

use rust_decimal::Decimal;

use crate::calc::Calc;
use crate::error::{Error, Result};
use crate::facts::Sums;
use crate::id::{GroupId, IndicatorId};
use crate::num::{ExactSum, ScaledSum};
use crate::rule::{Ctx, Measured, PeerStats};
use crate::scoring::assessment::index;
use crate::scoring::{Assessment, Evaluation, GroupStat, Overridden, PairScore, UnitResult};
use crate::trace::{NoTrace, Tracer};

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

    pub(super) fn finish_stats(&self, s: &mut PeerStats, ik: u32, g: usize) -> Result<()> {
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

    pub(super) fn score_pair<T: Tracer>(
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
        let out = ind.rule.apply(&ctx, m, t)?;
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
}

/// How much room a range's row vectors are made with.
#[derive(Clone, Copy)]
enum Room {
    /// Room for the range's own rows.
    Own,
    /// Room for every row of the evaluation: the range the others are appended to.
    All,
}

pub(super) fn accumulate(
    s: &mut PeerStats,
    v: Decimal,
    group: &GroupId,
    ind: &IndicatorId,
) -> Result<()> {
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
