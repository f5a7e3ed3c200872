//! Totals, adjusted totals, ranks and lists: a unit's exact totals from its pairs'
//! scores, its difficulty coefficient applied, and its group ranked and listed.

use rust_decimal::Decimal;

use crate::calc::Calc;
use crate::error::Result;
use crate::num::ExactSum;
use crate::rank::{Ranked, best_first, list_limits, lists_of, rank_sorted};
use crate::scoring::assessment::index;
use crate::scoring::{Assessment, PairScore, UnitResult};

impl Assessment {
    /// Sets the coefficients, adjusted totals, ranks and lists of every unit in `out`
    /// (indexed by unit), group by group.
    pub(super) fn rank_groups(&self, out: &mut [UnitResult]) -> Result<()> {
        for (g, (_, members)) in self.groups.iter().enumerate() {
            let mut order = Vec::with_capacity(members.len());
            for &m in members {
                let c = self.coefficients[m as usize];
                let r = &mut out[m as usize];
                r.coefficient = c;
                let adjusted = self.adjusted(m as usize, r.raw_total, c)?;
                self.set_adjusted(r, adjusted);
                order.push((m, r.adjusted_total));
            }
            let direction = self.scheme.ranking.get_direction();
            order.sort_unstable_by(|a, b| best_first(direction, a.1, b.1).then(a.0.cmp(&b.0)));
            self.apply_ranks(g, &order, out)?;
        }
        Ok(())
    }

    /// raw × coefficient, rounded as the scheme declares, once, from the exact product
    /// (`Decimal`'s own product rounds an exact product that has more digits than it
    /// holds: at 10²⁰ a total × a four-place coefficient kept a place or two, and the
    /// total published was off by up to 0.05).
    pub(crate) fn adjusted(
        &self,
        uk: usize,
        raw: Decimal,
        coefficient: Decimal,
    ) -> Result<Decimal> {
        let calc = Calc::new(&self.units[uk].id, None);
        crate::num::mul_round(raw, coefficient, self.scheme.total_rounding)
            .map_err(|l| calc.lost(l, "adjusted total"))
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
            vetoes: Vec::new(),
            before_veto: None,
        })
    }

    /// The raw total, points lost and points above full from exact accumulators.
    pub(crate) fn totals_from(
        &self,
        uk: usize,
        acc: &[ExactSum; 3],
    ) -> Result<(Decimal, Decimal, Decimal)> {
        let calc = Calc::new(&self.units[uk].id, None);
        let get =
            |k: usize, what: &'static str| acc[k].held_value().map_err(|l| calc.lost(l, what));
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
            let now = || lists_of(rules, &limits, size, r.from_top, r.from_bottom);
            if !u.vetoes.is_empty() {
                u.lists = super::veto::vetoed_lists(rules, now(), &u.vetoes);
            } else if !now().eq(u.lists.iter().map(String::as_str)) {
                u.lists = now().map(str::to_owned).collect();
            }
        }
        Ok(())
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
