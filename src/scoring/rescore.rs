//! Incremental re-scoring (增量重算): one indicator's definition changes — its rule's
//! parameters, its rule (of any kind: a built-in kind, a formula, a table, a host rule),
//! its points — and only its pairs are scored again.
//!
//! The work is done in the order a full evaluation of the changed assessment does it,
//! so that the result, and the first error if there is one, are the same:
//!
//! 1. the new definition is checked and its rule prepared (compiled, resolved) once
//!    ([`Assessment::plan`]), then installed in the assessment
//!    ([`Assessment::install`]): its pairs' factors, targets and named targets found as
//!    [`Assessment::new`] finds them, unit by unit, the previous period of its inputs
//!    carried over, the full points of its units summed again (in the same order) if
//!    its full points changed, and the layout of the peer statistics moved if the
//!    number of its slots changed;
//! 2. if its rule reads peers, its pairs are measured and its peer statistics formed
//!    per group and input slot, sorted values and medians included
//!    ([`Assessment::patch`]); a pair is measured again only when what it measures
//!    changed, otherwise its measurement is taken from the evaluation (with the target
//!    and previous period the new rule reads, ranks formed again);
//! 3. its pairs are ranked on their inputs and scored unit by unit, and each unit's
//!    exact sums updated by − old + new row;
//! 4. those units' adjusted totals are found again (their coefficients read units'
//!    factors only, so they never move), and only the groups whose adjusted totals moved
//!    are ranked and listed again ([`Assessment::apply`]).
//!
//! Steps 1–3 compute a [`Patch`] and leave the evaluation untouched; an error there
//! leaves it as it was, and [`Assessment::uninstall`] puts the old definition back.

use std::ops::Range;

use rust_decimal::Decimal;

use crate::calc::Calc;
use crate::catalog::Indicator;
use crate::error::{Error, Result};
use crate::facts::Sums;
use crate::id::{FactorId, GroupId};
use crate::num::{ExactSum, ScaledSum};
use crate::rank::best_first;
use crate::rule::{Measured, Prepared};
use crate::scoring::assessment::{
    NO_EXTRA, PairExtra, carried, first_factor_of, index, pair_fields, peer_layout,
};
use crate::scoring::evaluate::{Peers, no_previous};
use crate::scoring::totals::{add_pair, sub_pair};
use crate::scoring::{Assessment, Evaluation, GroupStat, PairScore, Targets};

/// How a new definition of one indicator is taken in.
pub(super) enum Plan {
    /// Only the indicator's pairs are scored again.
    Incremental {
        /// The indicator's index.
        ik: u32,
        /// Its pairs, in unit order.
        pairs: Vec<u32>,
        /// The new rule, prepared.
        prepared: Box<Prepared>,
        /// Whether what it measures changed (its pairs are then measured again).
        remeasure: bool,
    },
    /// The indicator applies to other groups (the pairs themselves change), the scheme
    /// has vetoes, or the indicator is a composite or a component of one: the
    /// assessment is built again.
    Rebuild,
}

/// A group's members in ranking order: (unit, adjusted total), best first, ties by unit.
pub(super) type Order = Vec<(u32, Decimal)>;

/// What [`Assessment::install`] replaced, to put it back.
pub(super) struct Replaced {
    ik: u32,
    indicator: Indicator,
    prepared: Prepared,
    first_factor: Option<FactorId>,
    /// (pair, its target, its factor, its extra) before.
    pairs: Vec<(u32, Option<Decimal>, Option<Decimal>, u32)>,
    /// The extras overwritten, with their index.
    extras: Vec<(u32, PairExtra)>,
    /// The number of extras before (new ones are pushed after).
    extras_len: usize,
    /// (unit, its full points) before, for the units whose full points changed.
    full: Vec<(u32, Decimal)>,
    /// The peer-statistics layout (bases, number of slots) before, when it moved.
    layout: Option<(Vec<Option<usize>>, usize)>,
    /// The indicator's peer-statistics slots before (every group's), if it read peers.
    pub(super) old_peers: Option<Range<usize>>,
}

/// The new rows, peer statistics and totals of a change of one indicator.
pub(super) struct Patch {
    ik: u32,
    /// The indicator's pairs in unit order, with their new rows.
    rows: Vec<(u32, PairScore)>,
    /// Its published peer statistics by group then input (none unless it reads peers).
    stats: Vec<GroupStat>,
    /// Its peer statistics and sorted values by slot (group × slots), if it reads peers.
    pub(super) peers: Option<Peers>,
    /// The units whose sums changed, in unit order.
    pub(super) units: Vec<Totals>,
}

/// A unit's new exact sums and totals.
pub(super) struct Totals {
    pub(super) unit: u32,
    /// Exact sums of scores, points lost, points above full.
    pub(super) acc: [ExactSum; 3],
    raw: Decimal,
    lost: Decimal,
    extra: Decimal,
    adjusted: Decimal,
}

impl Patch {
    /// The number of pairs scored again.
    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }
}

impl Assessment {
    /// The assessment and evaluation with one indicator's definition replaced by `new`
    /// (the indicator of the same id), found by scoring again only that indicator's
    /// pairs (增量重算, incremental re-scoring): equal, byte for byte, to building the
    /// changed assessment afresh (with the same units, targets, overrides and previous
    /// period) and evaluating it, and failing with the same error when that fails.
    ///
    /// A change of the rule's parameters, of its rule (of any kind: a built-in kind, a
    /// formula, a decision table, a host rule; with any measure or inputs), of its
    /// points, rounding or names is done incrementally: the new rule is prepared once,
    /// its pairs measured again only when what they measure changed, its peer
    /// statistics (per group and input: mean, median, minimum, maximum, count, and the
    /// units' ranks) formed again when it reads peers, its units' totals updated
    /// exactly by − old + new row (their difficulty coefficients read factors only, so
    /// they never move), and only the groups whose adjusted totals moved are ranked and
    /// listed again. A change of the groups it applies to changes the pairs
    /// themselves: the assessment is then built and evaluated afresh. So is a scheme
    /// with vetoes (一票否决: they read every scored pair of a unit and change its total
    /// and lists), and an indicator that is a composite or a component of one (复合指标:
    /// its change reaches the indicators reading it).
    ///
    /// The previous period (上期, [`with_previous`](Self::with_previous)) is not kept
    /// as data but as the values measured of the inputs that read it: a new rule may
    /// read the previous period of an input measured as one of the old rule's inputs
    /// whose previous period was read; any other is refused (build the assessment
    /// again with the previous period).
    ///
    /// `evaluation` must be this assessment's evaluation of `sums`, and `targets` the
    /// targets it was built with (read only for a rule that newly needs them).
    /// [`LiveEvaluation::rescore_indicator`](crate::scoring::LiveEvaluation::rescore_indicator)
    /// does the same in place, without copying the evaluation.
    ///
    /// # Errors
    ///
    /// An indicator that is not in the scheme
    /// ([`is_unknown_indicator`](Error::is_unknown_indicator)); an invalid definition
    /// (checked first); an evaluation with other pairs or units than this
    /// assessment's ([`is_mismatch`](Error::is_mismatch)); then what building and
    /// evaluating the changed assessment gives: a missing target, named target or
    /// factor, an overflow or a division by zero, naming the unit and indicator; a
    /// previous period the assessment has not measured
    /// ([`is_rule_failed`](Error::is_rule_failed)). Nothing is changed on an error.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use rust_decimal::Decimal;
    /// use scorecard::facts::{Aggregates, Granularity};
    /// use scorecard::rule::Rule;
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
    /// let sums = agg.all();
    /// let a = Assessment::new(scheme, units, &targets)?;
    /// let e = a.evaluate(&sums)?;
    ///
    /// // completion credited up to 120 % instead of 100 %
    /// let mut i1 = a.scheme().indicators.get(&"I1".into()).unwrap().clone();
    /// let Rule::Completion(r) = &mut i1.rule else { unreachable!() };
    /// r.cap = Decimal::new(12, 1);
    /// let (b, after) = a.rescore_indicator(&e, &sums, &targets, &i1)?;
    /// assert_eq!(after.pair(&"U0002".into(), &"I1".into()).unwrap().score, Decimal::new(48, 1));
    /// assert_eq!(after, b.evaluate(&sums)?); // what a full evaluation gives
    ///
    /// // the same indicator as a formula: the score below 100 %, linear, halved
    /// let i1: scorecard::Indicator = serde_json::from_str(r#"
    ///     {"id": "I1", "name": "收入完成率", "points": "4", "groups": ["hall"],
    ///      "rule": {"kind": "formula", "inputs": {"revenue": {"sum": "D1"}},
    ///               "score": "points * clamp(revenue / target, 0, 1) / 2",
    ///               "direction": "higher_is_better"}}"#)?;
    /// let (c, after) = a.rescore_indicator(&e, &sums, &targets, &i1)?;
    /// assert_eq!(after.pair(&"U0001".into(), &"I1".into()).unwrap().score, Decimal::new(16, 1));
    /// assert_eq!(after, c.evaluate(&sums)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rescore_indicator<S: Sums + ?Sized>(
        &self,
        evaluation: &Evaluation,
        sums: &S,
        targets: &Targets,
        new: &Indicator,
    ) -> Result<(Assessment, Evaluation)> {
        match self.plan(new)? {
            Plan::Rebuild => {
                let a = self.replaced(new.clone(), targets)?;
                let e = a.evaluate(sums)?;
                Ok((a, e))
            }
            Plan::Incremental {
                ik,
                pairs,
                prepared,
                remeasure,
            } => {
                if evaluation.pairs.len() != self.pairs.len()
                    || evaluation.units.len() != self.units.len()
                {
                    return Err(Error::mismatch(
                        "the evaluation given has other pairs or units than the assessment",
                    ));
                }
                let mut a = self.clone();
                let installed = a.install(ik, new.clone(), *prepared, targets, &pairs)?;
                let patch = a.patch(&installed, &pairs, evaluation, sums, remeasure, |uk| {
                    self.sums_of(evaluation, uk)
                })?;
                let mut e = evaluation.clone();
                a.apply(patch, &mut e, None)?;
                Ok((a, e))
            }
        }
    }

    /// How `new` is taken in; the unknown indicator and the invalid definition (its
    /// fields, its declarations, its rule prepared) are found here, first.
    pub(super) fn plan(&self, new: &Indicator) -> Result<Plan> {
        let indicators = self.scheme.indicators.indicators();
        let k = indicators
            .binary_search_by(|i| i.id.cmp(&new.id))
            .map_err(|_| Error::unknown_indicator(&new.id, None))?;
        new.validate()?;
        self.scheme.validate_indicator(new)?;
        let old = &indicators[k];
        if group_set(&old.groups) != group_set(&new.groups) {
            return Ok(Plan::Rebuild);
        }
        let prepared = new.rule.prepare(&new.id, new.points)?;
        // vetoes read the units' scored pairs and change totals and lists, and composite
        // indicators read other indicators' results: both are taken in by a rebuild
        let reads_components =
            |p: &Prepared| p.inputs.iter().any(|x| x.measure.component().is_some());
        if !self.scheme.vetoes.is_empty()
            || !self.dependents(k).is_empty()
            || reads_components(&self.prepared[k])
            || reads_components(&prepared)
        {
            return Ok(Plan::Rebuild);
        }
        let ik = index(k)?;
        let pairs = (0..self.units.len())
            .filter_map(|uk| self.pair_index(uk, ik))
            .map(index)
            .collect::<Result<Vec<u32>>>()?;
        let before = &self.prepared[k];
        let same_inputs = before.inputs.len() == prepared.inputs.len()
            && before
                .inputs
                .iter()
                .zip(prepared.inputs.iter())
                .all(|(x, y)| x.measure == y.measure);
        Ok(Plan::Incremental {
            ik,
            pairs,
            prepared: Box::new(prepared),
            remeasure: old.rule.measure() != new.rule.measure() || !same_inputs,
        })
    }

    /// The assessment built afresh with `new` (already checked) in place of the
    /// indicator of its id, the same units, `targets`, overrides, threads and previous
    /// period (carried over: see [`carry_previous`](Self::carry_previous)).
    pub(crate) fn replaced(&self, new: Indicator, targets: &Targets) -> Result<Assessment> {
        let mut scheme = self.scheme.clone();
        let k = scheme
            .indicators
            .indicators()
            .binary_search_by(|i| i.id.cmp(&new.id))
            .map_err(|_| Error::unknown_indicator(&new.id, None))?;
        scheme.indicators.replace(k, new);
        let a = Assessment::new(scheme, self.units.clone(), targets)?
            .with_overrides(self.overrides().cloned().collect())?;
        Ok(self.carry_previous(a)?.threads(self.threads))
    }

    /// A unit's exact sums of scores, points lost and points above full, from its rows
    /// in `e`.
    fn sums_of(&self, e: &Evaluation, uk: usize) -> Result<[ExactSum; 3]> {
        let (a, b) = self.unit_pairs[uk];
        let overflow = || Error::overflow(&self.units[uk].id, None, "raw total");
        let mut acc = [ScaledSum::default(); 3];
        for s in &e.pairs[a as usize..b as usize] {
            acc[0].add(s.score).ok_or_else(overflow)?;
            acc[1].add(s.lost).ok_or_else(overflow)?;
            acc[2].add(s.extra).ok_or_else(overflow)?;
        }
        let mut exact = [ExactSum::default(); 3];
        for (x, s) in exact.iter_mut().zip(&acc) {
            *x = s.exact().ok_or_else(overflow)?;
        }
        Ok(exact)
    }

    /// Puts `new` (checked, of the indicator at `ik`, applying to the same groups, its
    /// rule `prepared`) in place: its pairs' factors, targets, named targets and
    /// previous periods, its units' full points and the peer-statistics layout, found
    /// as [`Assessment::new`] and [`Assessment::with_previous`] find them. Nothing
    /// changes on an error.
    pub(super) fn install(
        &mut self,
        ik: u32,
        new: Indicator,
        prepared: Prepared,
        targets: &Targets,
        pairs: &[u32],
    ) -> Result<Replaced> {
        let iku = ik as usize;
        let old_prep = &self.prepared[iku];
        let first = first_factor_of(&new, &prepared);
        // the targets read before are those of the same `targets`: kept, not looked up
        let same_names = old_prep.target_names == prepared.target_names;
        let carry = self.has_previous && prepared.previous != 0;
        let mut fields = Vec::with_capacity(pairs.len());
        for &k in pairs {
            let p = &self.pairs[k as usize];
            let u = &self.units[p.unit as usize];
            let named_before = self
                .extra(p)
                .filter(|_| same_names)
                .map_or(&[][..], |e| &e.targets[..]);
            let f = pair_fields(
                u,
                &new,
                &prepared,
                first.as_ref(),
                || match p.target {
                    Some(t) if old_prep.needs_target => Some(t),
                    _ => targets.get(&u.id, &new.id),
                },
                |n| {
                    let at = prepared.target_names.iter().position(|x| x == n);
                    at.and_then(|j| named_before.get(j).copied().flatten())
                        .or_else(|| targets.get_named(&u.id, &new.id, n))
                },
            )?;
            let previous = if carry {
                let prev = self.extra(p).map_or(&[][..], |e| &e.previous[..]);
                Some(carried(Some((old_prep, prev)), &prepared, &u.id, &new.id)?)
            } else {
                None
            };
            fields.push((f, previous));
        }
        let old = &self.scheme.indicators.indicators()[iku];
        let new_full = new.full_points();
        let mut full = Vec::new();
        if !crate::num::identical(old.full_points(), new_full) {
            // summed again in pair order, as the assessment sums them (a `Decimal` sum
            // keeps the largest scale of its terms). An indicator applies to a unit by
            // its group alone (`Assessment::new`), so the members of a group have the
            // same indicators and the same sum: it is found once a group, for its
            // first member in unit order (whom an error names, as the assessment's
            // would).
            let mut memo: Vec<Option<(u32, Decimal)>> = vec![None; self.groups.len()];
            for &k in pairs {
                let uk = self.pairs[k as usize].unit;
                let g = self.unit_group[uk as usize] as usize;
                let (a, b) = self.unit_pairs[uk as usize];
                let sum = match memo[g] {
                    Some((first, sum)) => {
                        debug_assert!(self.same_indicators(first, uk));
                        sum
                    }
                    None => {
                        let calc = Calc::new(&self.units[uk as usize].id, None);
                        let mut sum = Decimal::ZERO;
                        for p in &self.pairs[a as usize..b as usize] {
                            let f = if p.indicator == ik {
                                new_full
                            } else {
                                self.indicator(p).full_points()
                            };
                            sum = calc.add(sum, f, "full points")?;
                        }
                        memo[g] = Some((uk, sum));
                        sum
                    }
                };
                full.push((uk, sum));
            }
        }
        // every new extra gets an index
        index(self.extras.len() + pairs.len())?;
        let groups = self.groups.len();
        let old_peers = self.peer_base[iku].map(|b| b..b + groups * old_prep.slots());
        let moved = footprint(old_prep) != footprint(&prepared);
        // from here on nothing fails
        let indicator = self.scheme.indicators.replace(iku, new);
        let prepared = std::mem::replace(&mut self.prepared[iku], prepared);
        let first_factor = std::mem::replace(&mut self.first_factor[iku], first);
        let extras_len = self.extras.len();
        let mut extras = Vec::new();
        let mut before = Vec::with_capacity(pairs.len());
        for (&k, (f, previous)) in pairs.iter().zip(fields) {
            let p = self.pairs[k as usize];
            before.push((k, p.target, p.factor, p.extra));
            let extra = if f.named.is_none() && previous.is_none() {
                NO_EXTRA
            } else {
                let e = PairExtra {
                    targets: f.named.unwrap_or_default(),
                    previous: previous.unwrap_or_default(),
                };
                if p.extra == NO_EXTRA {
                    self.extras.push(e);
                    u32::try_from(self.extras.len() - 1).unwrap_or(NO_EXTRA)
                } else {
                    let was = std::mem::replace(&mut self.extras[p.extra as usize], e);
                    extras.push((p.extra, was));
                    p.extra
                }
            };
            let p = &mut self.pairs[k as usize];
            p.target = f.target;
            p.factor = f.factor;
            p.extra = extra;
        }
        for (uk, f) in &mut full {
            std::mem::swap(&mut self.unit_full[*uk as usize], f);
        }
        let layout = moved.then(|| {
            let (base, slots) = peer_layout(&self.prepared, groups);
            (
                std::mem::replace(&mut self.peer_base, base),
                std::mem::replace(&mut self.peer_slots, slots),
            )
        });
        Ok(Replaced {
            ik,
            indicator,
            prepared,
            first_factor,
            pairs: before,
            extras,
            extras_len,
            full,
            layout,
            old_peers,
        })
    }

    /// Whether units `a` and `b` have pairs of the same indicators (checked in debug
    /// builds).
    fn same_indicators(&self, a: u32, b: u32) -> bool {
        let range = |u: u32| {
            let (x, y) = self.unit_pairs[u as usize];
            &self.pairs[x as usize..y as usize]
        };
        let (x, y) = (range(a), range(b));
        x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p.indicator == q.indicator)
    }

    /// Puts back what [`install`](Self::install) replaced.
    pub(super) fn uninstall(&mut self, r: Replaced) {
        let ik = r.ik as usize;
        self.scheme.indicators.replace(ik, r.indicator);
        self.prepared[ik] = r.prepared;
        self.first_factor[ik] = r.first_factor;
        for (k, target, factor, extra) in r.pairs {
            let p = &mut self.pairs[k as usize];
            p.target = target;
            p.factor = factor;
            p.extra = extra;
        }
        for (j, e) in r.extras {
            self.extras[j as usize] = e;
        }
        self.extras.truncate(r.extras_len);
        for (uk, f) in r.full {
            self.unit_full[uk as usize] = f;
        }
        if let Some((base, slots)) = r.layout {
            self.peer_base = base;
            self.peer_slots = slots;
        }
    }

    /// The new rows, peer statistics and totals of the indicator `installed`, whose
    /// pairs are `pairs` in unit order, from `evaluation` (of the assessment before) and
    /// `sums`; `sums_of(unit)` gives a unit's exact sums in `evaluation`. When no unit's
    /// full points changed, a unit whose row adds the same terms to its sums keeps its
    /// totals.
    pub(super) fn patch<S, F>(
        &self,
        installed: &Replaced,
        pairs: &[u32],
        evaluation: &Evaluation,
        sums: &S,
        remeasure: bool,
        mut sums_of: F,
    ) -> Result<Patch>
    where
        S: Sums + ?Sized,
        F: FnMut(usize) -> Result<[ExactSum; 3]>,
    {
        let ik = installed.ik as usize;
        let full_kept = installed.full.is_empty();
        let ind = &self.scheme.indicators.indicators()[ik];
        let prep = &self.prepared[ik];
        // the evaluation's first check
        if !self.has_previous && prep.previous != 0 {
            return Err(no_previous(ind));
        }
        let dense = sums.dense();
        let dp = if remeasure {
            self.datapoint_indices_of(ik, dense)
        } else {
            Vec::new()
        };
        let measure = |k: u32| -> Result<Measured> {
            let k = k as usize;
            let p = &self.pairs[k];
            if remeasure {
                let unit = &self.units[p.unit as usize].id;
                let ui = dense.and_then(|d| d.unit_index(unit));
                self.measure_pair(k, sums, dense, ui, &dp)
            } else {
                // the same measures of the same data: only the target and previous
                // period read may differ, and the ranks are formed again
                let mut m = evaluation.pairs[k].measured.clone();
                m.target = p.target;
                let previous = self.extra(p).map_or(&[][..], |e| &e.previous[..]);
                for (s, v) in m.inputs.iter_mut().enumerate() {
                    v.previous = previous.get(s).copied().flatten();
                    v.rank = None;
                }
                Ok(m)
            }
        };
        // the peer statistics, as the evaluation's first phase forms them: the pairs
        // in unit order, then the groups and slots in order
        let n = prep.slots();
        let groups = self.groups.len();
        let mut peers = None;
        let mut measured = Vec::new();
        if prep.peers != 0 {
            let mut p = Peers {
                stats: vec![None; groups * n],
                sorted: vec![Vec::new(); groups * n],
            };
            measured.reserve(pairs.len());
            for &k in pairs {
                let m = measure(k)?;
                let g = self.unit_group[self.pairs[k as usize].unit as usize] as usize;
                self.gather(ik, g, g * n, &m, &mut p)?;
                measured.push(m);
            }
            for g in 0..groups {
                for slot in g * n..(g + 1) * n {
                    self.finish_slot(&mut p, slot, &ind.id, g)?;
                }
            }
            peers = Some(p);
        }
        // ranks, scores and totals unit by unit, as the second phase finds them
        let mut measured = measured.into_iter();
        let mut rows = Vec::with_capacity(pairs.len());
        let mut units = Vec::with_capacity(pairs.len());
        for &k in pairs {
            let uk = self.pairs[k as usize].unit as usize;
            let mut m = match measured.next() {
                Some(m) => m,
                None => measure(k)?,
            };
            let row = match &peers {
                Some(p) => {
                    let g = self.unit_group[uk] as usize;
                    let range = g * n..(g + 1) * n;
                    self.rank_inputs(ik, &mut m, &p.sorted[range.clone()]);
                    self.score_at(k as usize, m, &p.stats[range])?
                }
                None => self.score_at(k as usize, m, &[])?,
            };
            let was = &evaluation.pairs[k as usize];
            if full_kept
                && crate::num::identical(row.score, was.score)
                && crate::num::identical(row.lost, was.lost)
                && crate::num::identical(row.extra, was.extra)
            {
                // the same terms in the unit's sums: its totals, adjusted total, rank
                // and lists do not move
                rows.push((k, row));
                continue;
            }
            let mut acc = sums_of(uk)?;
            sub_pair(&mut acc, was)
                .and_then(|()| add_pair(&mut acc, &row))
                .ok_or_else(|| Error::overflow(&self.units[uk].id, None, "raw total"))?;
            let (raw, lost, extra) = self.totals_from(uk, &acc)?;
            rows.push((k, row));
            units.push(Totals {
                unit: index(uk)?,
                acc,
                raw,
                lost,
                extra,
                adjusted: Decimal::ZERO,
            });
        }
        // adjusted totals group by group, as the ranking step finds them
        let mut by_group: Vec<usize> = (0..units.len()).collect();
        by_group
            .sort_unstable_by_key(|&j| (self.unit_group[units[j].unit as usize], units[j].unit));
        for j in by_group {
            let t = &mut units[j];
            let uk = t.unit as usize;
            t.adjusted = self.adjusted(uk, t.raw, self.coefficients[uk])?;
        }
        let mut stats = Vec::new();
        if let Some(p) = &peers {
            for g in 0..groups {
                for s in 0..n {
                    if let Some(st) = p.stats[g * n + s] {
                        stats.push(GroupStat {
                            indicator: ind.id.clone(),
                            group: self.groups[g].0.clone(),
                            input: prep.inputs.get(s).map(|i| i.name.clone()),
                            stats: st,
                        });
                    }
                }
            }
        }
        Ok(Patch {
            ik: installed.ik,
            rows,
            stats,
            peers,
            units,
        })
    }

    /// Writes `patch` into `e` (an evaluation of the assessment before the indicator was
    /// installed) and ranks and lists again the groups whose adjusted totals moved,
    /// starting from their ranking orders `before` when given; returns those groups with
    /// their new ranking orders. The patch's peer statistics by slot are left in it.
    ///
    /// # Errors
    ///
    /// Only a group too large to rank (which `e` could not have).
    pub(super) fn apply(
        &self,
        patch: Patch,
        e: &mut Evaluation,
        before: Option<&[Order]>,
    ) -> Result<Vec<(usize, Order)>> {
        let Patch {
            ik,
            rows,
            stats,
            units,
            ..
        } = patch;
        for (k, row) in rows {
            e.pairs[k as usize] = row;
        }
        let id = &self.scheme.indicators.indicators()[ik as usize].id;
        let lo = e.peer_stats.partition_point(|s| s.indicator < *id);
        let hi = lo + e.peer_stats[lo..].partition_point(|s| s.indicator == *id);
        e.peer_stats.splice(lo..hi, stats);
        let mut moved = vec![false; self.groups.len()];
        for t in &units {
            let uk = t.unit as usize;
            let r = &mut e.units[uk];
            r.full_points = self.unit_full[uk];
            r.lost = t.lost;
            r.extra = t.extra;
            r.raw_total = t.raw;
            // the ranking follows the value; the total as shown, its places too
            if r.adjusted_total != t.adjusted {
                moved[self.unit_group[uk] as usize] = true;
            }
            r.adjusted_total = t.adjusted;
        }
        let direction = self.scheme.ranking.get_direction();
        let mut orders = Vec::new();
        for (g, (_, members)) in self.groups.iter().enumerate() {
            if !moved[g] {
                continue;
            }
            // from the order before when there is one: most of it still holds, and a
            // sort that follows runs puts it right in close to linear time (keys are
            // unique, so it is the order a full sort gives)
            let from: Vec<u32> = match before.and_then(|o| o.get(g)) {
                Some(o) => o.iter().map(|&(m, _)| m).collect(),
                None => members.clone(),
            };
            let mut order: Order = from
                .into_iter()
                .map(|m| (m, e.units[m as usize].adjusted_total))
                .collect();
            order.sort_by(|a, b| best_first(direction, a.1, b.1).then(a.0.cmp(&b.0)));
            self.apply_ranks(g, &order, &mut e.units)?;
            orders.push((g, order));
        }
        Ok(orders)
    }
}

/// The slots a rule's peer statistics take per group (`None`: it reads no peers).
fn footprint(p: &Prepared) -> Option<usize> {
    (p.peers != 0).then(|| p.slots())
}

/// The groups, sorted (an indicator names each once).
fn group_set(groups: &[GroupId]) -> Vec<&GroupId> {
    let mut v: Vec<&GroupId> = groups.iter().collect();
    v.sort_unstable();
    v
}
