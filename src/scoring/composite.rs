//! Composite indicators (复合指标): a formula, table or host rule whose named input reads
//! another indicator's score or value for the same unit ([`Measure::ScoreOf`],
//! [`Measure::ValueOf`]). The components are scored first: the evaluator scores a
//! unit's indicators in a topological order of these reads, found once when the
//! assessment is built, where a cycle, a component that is not in the scheme and a
//! component that does not apply to a unit the composite applies to are refused,
//! naming the indicators.

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::id::IndicatorId;
use crate::rule::{Measure, Measured, Prepared};
use crate::scoring::{Assessment, PairScore};

/// What one composite slot reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Read {
    /// The component's score.
    Score,
    /// The component's published value.
    Value,
}

/// One named input of a composite indicator that reads a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Component {
    /// The input's slot.
    pub(crate) slot: usize,
    /// The component's indicator index.
    pub(crate) of: u32,
    /// Its score or its value.
    pub(crate) read: Read,
}

/// The component reads of every indicator, its scoring order and, per indicator, the
/// indicators that read it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Composites {
    /// indicator index → its composite slots (empty for most).
    pub(crate) components: Vec<Box<[Component]>>,
    /// Every indicator index, components before the composites that read them (ties in
    /// index order); empty when no indicator is a composite.
    pub(crate) order: Vec<u32>,
    /// indicator index → the indicators that read its score or value directly.
    pub(crate) dependents: Vec<Vec<u32>>,
}

impl Composites {
    /// Finds the component reads of `catalog`'s indicators, prepared as `prepared`, and
    /// orders them.
    ///
    /// # Errors
    ///
    /// A built-in kind measuring another indicator's result; a component not in the
    /// catalogue ([`Error::is_undeclared`], with a suggestion); a component input whose
    /// peer statistics or previous period are read; a cycle
    /// ([`Error::is_composite`]).
    pub(crate) fn new(catalog: &Catalog, prepared: &[Prepared]) -> Result<Self> {
        let indicators = catalog.indicators();
        let ids: Vec<&str> = indicators.iter().map(|i| i.id.as_str()).collect();
        let mut components = Vec::with_capacity(indicators.len());
        let mut dependents = vec![Vec::new(); indicators.len()];
        let mut any = false;
        for (ik, (ind, prep)) in indicators.iter().zip(prepared).enumerate() {
            if ind.rule.measure().and_then(Measure::component).is_some() {
                return Err(Error::invalid_definition(
                    &ind.id,
                    "measure",
                    "a built-in kind measures data points: read another indicator's result through a named input of a formula, table or host rule",
                ));
            }
            let mut mine = Vec::new();
            for (slot, input) in prep.inputs.iter().enumerate() {
                let (of, read) = match &input.measure {
                    Measure::ScoreOf(i) => (i, Read::Score),
                    Measure::ValueOf(i) => (i, Read::Value),
                    _ => continue,
                };
                let Some(at) = position(catalog, of) else {
                    let hint = crate::rule::formula::nearest_name(of.as_str(), ids.iter().copied());
                    return Err(Error::undeclared(
                        "indicator",
                        of.as_str(),
                        Some(&ind.id),
                        hint.as_deref(),
                    ));
                };
                if input.peers || input.previous {
                    return Err(Error::invalid_definition(
                        &ind.id,
                        "inputs",
                        format!(
                            "input `{}` reads the result of indicator {of}: its peer statistics, rank and previous period are not available (read them of the component's own inputs)",
                            input.name
                        ),
                    ));
                }
                let at = u32::try_from(at)
                    .map_err(|_| Error::capacity("indicators", u64::from(u32::MAX)))?;
                let me = u32::try_from(ik)
                    .map_err(|_| Error::capacity("indicators", u64::from(u32::MAX)))?;
                if !dependents[at as usize].contains(&me) {
                    dependents[at as usize].push(me);
                }
                mine.push(Component { slot, of: at, read });
                any = true;
            }
            components.push(mine.into_boxed_slice());
        }
        let order = if any {
            topological(&components, indicators.iter().map(|i| &i.id).collect())?
        } else {
            Vec::new()
        };
        Ok(Self {
            components,
            order,
            dependents,
        })
    }

    /// Whether any indicator is a composite.
    pub(crate) fn any(&self) -> bool {
        !self.order.is_empty()
    }
}

fn position(catalog: &Catalog, id: &IndicatorId) -> Option<usize> {
    catalog.indicators().binary_search_by(|i| i.id.cmp(id)).ok()
}

/// Every indicator index with components before the composites that read them, the
/// smallest ready index first; a cycle is an error naming its indicators.
fn topological(components: &[Box<[Component]>], ids: Vec<&IndicatorId>) -> Result<Vec<u32>> {
    let n = components.len();
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let ready =
            (0..n).find(|&ik| !done[ik] && components[ik].iter().all(|c| done[c.of as usize]));
        match ready {
            Some(ik) => {
                done[ik] = true;
                // n ≤ u32::MAX: indices were checked when the reads were found
                order.push(ik as u32);
            }
            None => {
                // every indicator left reads one left: follow the reads to a repeat
                let start = (0..n).find(|&ik| !done[ik]).unwrap_or(0);
                let mut path = vec![start];
                let mut at = start;
                loop {
                    let next = components[at]
                        .iter()
                        .map(|c| c.of as usize)
                        .find(|&c| !done[c])
                        .unwrap_or(start);
                    if let Some(p) = path.iter().position(|&x| x == next) {
                        let mut cycle: Vec<IndicatorId> =
                            path[p..].iter().map(|&x| ids[x].clone()).collect();
                        cycle.push(ids[next].clone());
                        return Err(Error::composite_cycle(cycle));
                    }
                    path.push(next);
                    at = next;
                }
            }
        }
    }
    Ok(order)
}

impl Assessment {
    /// Fills the composite slots of pair measurement `m` (unit `uk`, indicator `ik`)
    /// from its components' scores, which `score` gives by pair index (scored first).
    pub(crate) fn fill_components<'s>(
        &self,
        uk: usize,
        ik: usize,
        m: &mut Measured,
        score: impl Fn(usize) -> Option<&'s PairScore>,
    ) -> Result<()> {
        let Some(parts) = self.composites.components.get(ik) else {
            return Ok(());
        };
        for c in parts.iter() {
            let indicators = self.scheme.indicators.indicators();
            let unit = &self.units[uk].id;
            let composite = &indicators[ik].id;
            let component = &indicators[c.of as usize].id;
            let s = self
                .pair_index(uk, c.of)
                .and_then(&score)
                .ok_or_else(|| Error::component_not_applicable(unit, composite, component))?;
            let v = match c.read {
                Read::Score => Some(s.score),
                Read::Value => s.value,
            };
            if let Some(i) = m.inputs.get_mut(c.slot) {
                i.value = v;
            }
            if c.slot == 0 {
                m.value = v;
                m.primary = v.unwrap_or_default();
            }
        }
        Ok(())
    }

    /// The indicators that read indicator `ik`'s score or value directly (复合指标);
    /// what an incremental re-scoring re-scores after `ik`'s pairs.
    pub(crate) fn dependents(&self, ik: usize) -> &[u32] {
        self.composites
            .dependents
            .get(ik)
            .map_or(&[][..], Vec::as_slice)
    }

    /// Indicator `ik` and every indicator that reads its result, directly or through
    /// other composites, in scoring order.
    pub(crate) fn with_dependents(&self, ik: u32) -> Vec<u32> {
        let mut seen = vec![ik];
        let mut k = 0;
        while k < seen.len() {
            for &d in self.dependents(seen[k] as usize) {
                if !seen.contains(&d) {
                    seen.push(d);
                }
            }
            k += 1;
        }
        let rank = |i: u32| self.composites.order.iter().position(|&o| o == i);
        seen.sort_by_key(|&i| rank(i));
        seen
    }
}
