//! Vetoes (一票否决) in the evaluator: each unit's vetoes found from its scored pairs,
//! their effect on its adjusted total and on its lists, and their explanation.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::Basis;
use crate::error::{Error, Result};
use crate::id::IndicatorId;
use crate::rule::VetoTotal;
use crate::scoring::{Assessment, PairScore, UnitResult};
use crate::trace::Explanation;

/// A veto that applied to a unit ([`UnitResult::vetoes`]): which, on what basis, the
/// values its condition read and what it did to the total (its list effects are in
/// the unit's lists).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct VetoHit {
    /// The veto's id.
    pub veto: String,
    /// Its name in Chinese.
    pub name: String,
    /// Its name in English, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// The document basis.
    pub basis: Basis,
    /// The values the condition read, in the order of its inputs.
    pub read: Vec<VetoRead>,
    /// What it did to the total.
    pub total: VetoTotal,
    /// The lists it kept the unit off.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_on: Vec<String>,
    /// The lists it put the unit on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub put_on: Vec<String>,
}

/// One value a veto's condition read: the input's name, the indicator, and its score
/// or the value it publishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct VetoRead {
    /// The input's name in the condition.
    pub name: String,
    /// The indicator read.
    pub indicator: IndicatorId,
    /// Whether the score was read (else the published value).
    pub score: bool,
    /// What was read (`None`: the indicator published no value).
    pub value: Option<Decimal>,
}

impl VetoHit {
    /// The one-line explanation, in Chinese and English: the veto, its basis, the values
    /// read and its effects.
    ///
    /// # Examples
    ///
    /// See [`UnitResult::vetoes`](crate::UnitResult::vetoes).
    pub fn explanation(&self) -> Explanation {
        let read: Vec<String> = self
            .read
            .iter()
            .map(|r| {
                let v = r.value.map_or_else(|| "—".to_owned(), shown);
                format!("{} = {v}", r.name)
            })
            .collect();
        let mut zh = Vec::new();
        let mut en = Vec::new();
        match self.total {
            VetoTotal::Keep => {}
            VetoTotal::Zero => {
                zh.push("总分计为 0".to_owned());
                en.push("total set to 0".to_owned());
            }
            VetoTotal::Cap { at } => {
                zh.push(format!("总分至多 {}", shown(at)));
                en.push(format!("total capped at {}", shown(at)));
            }
        }
        if !self.not_on.is_empty() {
            zh.push(format!("不得列入 {}", self.not_on.join("、")));
            en.push(format!("never on list {}", self.not_on.join(", ")));
        }
        if !self.put_on.is_empty() {
            zh.push(format!("列入 {}", self.put_on.join("、")));
            en.push(format!("put on list {}", self.put_on.join(", ")));
        }
        let name_en = self.name_en.as_deref().unwrap_or(&self.name);
        Explanation {
            zh: format!(
                "一票否决 {} {}（依据：{}）：{}；{}",
                self.veto,
                self.name,
                self.basis,
                read.join("，"),
                zh.join("，")
            ),
            en: format!(
                "veto {} ({name_en}; basis: {}): {}: {}",
                self.veto,
                self.basis,
                read.join(", "),
                en.join(", ")
            ),
        }
    }
}

/// A value as an explanation writes it: up to four places, trailing zeros dropped.
fn shown(d: Decimal) -> String {
    crate::num::DisplayFormat::number(4).trimmed().write(d)
}

impl Assessment {
    /// Checks that every indicator a veto reads applies to every unit the veto applies
    /// to.
    pub(super) fn check_vetoes(&self) -> Result<()> {
        let indicators = self.scheme.indicators.indicators();
        for (v, p) in self.scheme.vetoes.iter().zip(&self.vetoes) {
            for u in self.units.iter().filter(|u| v.applies_to(&u.group)) {
                for &(ik, _) in &p.reads {
                    let ind = &indicators[ik as usize];
                    if !ind.applies_to(&u.group) {
                        return Err(Error::invalid_veto(
                            &v.id,
                            Some(&u.id),
                            Some(&ind.id),
                            "inputs",
                            format!(
                                "it reads indicator {}, which does not apply to the unit (declare the veto's `groups`)",
                                ind.id
                            ),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The vetoes that apply to unit `uk`, from its scored pairs `row` (in pair order).
    pub(crate) fn veto_hits(&self, uk: usize, row: &[PairScore]) -> Result<Vec<VetoHit>> {
        let mut out = Vec::new();
        if self.vetoes.is_empty() {
            return Ok(out);
        }
        let unit = &self.units[uk];
        let first = self.unit_pairs[uk].0 as usize;
        for (v, p) in self.scheme.vetoes.iter().zip(&self.vetoes) {
            if !v.applies_to(&unit.group) {
                continue;
            }
            let mut values = Vec::with_capacity(p.reads.len());
            for &(ik, score) in &p.reads {
                let s = self
                    .pair_index(uk, ik)
                    .and_then(|k| row.get(k - first))
                    .ok_or_else(|| {
                        let ind = &self.scheme.indicators.indicators()[ik as usize].id;
                        Error::invalid_veto(
                            &v.id,
                            Some(&unit.id),
                            Some(ind),
                            "inputs",
                            "the unit has no score on it",
                        )
                    })?;
                values.push(if score { Some(s.score) } else { s.value });
            }
            if p.holds(v, &unit.id, &values)? {
                out.push(VetoHit {
                    veto: v.id.clone(),
                    name: v.name.clone(),
                    name_en: v.name_en.clone(),
                    basis: v.basis.clone(),
                    read: v
                        .inputs
                        .iter()
                        .zip(&p.reads)
                        .zip(values)
                        .map(|(((name, _), &(ik, score)), value)| VetoRead {
                            name: name.to_owned(),
                            indicator: self.scheme.indicators.indicators()[ik as usize].id.clone(),
                            score,
                            value,
                        })
                        .collect(),
                    total: v.total,
                    not_on: v.not_on.clone(),
                    put_on: v.put_on.clone(),
                });
            }
        }
        Ok(out)
    }

    /// The adjusted total after `hits`: 0 if any zeroes it, and at most every cap
    /// (rounded as the scheme rounds totals): the lowest wins, whatever the order.
    pub(crate) fn vetoed_total(&self, adjusted: Decimal, hits: &[VetoHit]) -> Decimal {
        let step = self.scheme.total_rounding;
        let held = |d: Decimal| {
            let mut d = step.apply(d);
            d.rescale(step.places);
            d
        };
        let mut total = adjusted;
        if hits.iter().any(|h| h.total == VetoTotal::Zero) {
            total = held(Decimal::ZERO);
        }
        for h in hits {
            if let VetoTotal::Cap { at } = h.total {
                let cap = held(at);
                if crate::num::cmp(cap, total).is_lt() {
                    total = cap;
                }
            }
        }
        total
    }

    /// Sets a unit's adjusted total from `adjusted` and its vetoes: the total before
    /// them kept in [`UnitResult::before_veto`] when any applied.
    pub(crate) fn set_adjusted(&self, r: &mut UnitResult, adjusted: Decimal) {
        if r.vetoes.is_empty() {
            r.before_veto = None;
            r.adjusted_total = adjusted;
        } else {
            r.before_veto = Some(adjusted);
            r.adjusted_total = self.vetoed_total(adjusted, &r.vetoes);
        }
    }
}

/// The lists of a unit: those of its rank (`ranked`, in the scheme's order) less those
/// its vetoes keep it off, plus those they put it on, in the scheme's list order.
pub(crate) fn vetoed_lists<'r>(
    rules: &'r [crate::rank::ListRule],
    ranked: impl Iterator<Item = &'r str>,
    hits: &[VetoHit],
) -> Vec<String> {
    let ranked: Vec<&str> = ranked.collect();
    rules
        .iter()
        .map(|l| l.name.as_str())
        .filter(|name| {
            let put = hits.iter().any(|h| h.put_on.iter().any(|l| l == name));
            let off = hits.iter().any(|h| h.not_on.iter().any(|l| l == name));
            put || (ranked.contains(name) && !off)
        })
        .map(str::to_owned)
        .collect()
}
