//! Manual overrides (人工调整): an administrator replaces a computed score, never
//! silently — only with an author, a reason and a document basis, and the override
//! travels with the score, its trace and everything published from them.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::Basis;
use crate::error::{Error, Result};
use crate::id::{IndicatorId, UnitId};
use crate::scoring::Assessment;
use crate::scoring::assessment::index;

/// One manual override of the score of `unit` on `indicator`.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use scorecard::scoring::Override;
/// use scorecard::catalog::Basis;
///
/// let o = Override {
///     unit: "U0031".into(),
///     indicator: "I051".into(),
///     score: Decimal::new(25, 1),
///     author: "省局考评办 张三".into(),
///     reason: "系统故障导致 3 月申报数据缺失，经复核按实际差错率计分".into(),
///     basis: Basis { document: "绩效考评复核办法".into(), clause: Some("第七条".into()) },
/// };
/// assert!(o.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// The unit.
    pub unit: UnitId,
    /// The indicator.
    pub indicator: IndicatorId,
    /// The score that replaces the computed one (before totals; no rounding is applied
    /// to it).
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub score: Decimal,
    /// Who decided it.
    pub author: String,
    /// Why.
    pub reason: String,
    /// On what document basis.
    pub basis: Basis,
}

impl Override {
    /// Checks that the override says who, why and on what basis.
    ///
    /// # Errors
    ///
    /// An empty author, reason or basis document, naming the unit and indicator.
    pub fn validate(&self) -> Result<()> {
        let missing = if self.author.trim().is_empty() {
            Some(("author", "an author"))
        } else if self.reason.trim().is_empty() {
            Some(("reason", "a reason"))
        } else if self.basis.document.trim().is_empty() {
            Some(("basis.document", "a document basis"))
        } else {
            None
        };
        match missing {
            Some((field, what)) => Err(Error::incomplete_override(
                &self.unit,
                &self.indicator,
                field,
                what,
            )),
            None => Ok(()),
        }
    }

    /// The one-line note shown with an overridden score.
    pub(crate) fn note(&self, computed: Decimal) -> (String, String) {
        let basis = self.basis.to_string();
        (
            format!(
                "人工调整：计算得分 {} 调整为 {}（{}；理由：{}；依据：{basis}）",
                crate::rule::explain::two(computed),
                crate::rule::explain::two(self.score),
                self.author,
                self.reason
            ),
            format!(
                "overridden: computed {} replaced by {} ({}; reason: {}; basis: {basis})",
                crate::rule::explain::two(computed),
                crate::rule::explain::two(self.score),
                self.author,
                self.reason
            ),
        )
    }
}

/// A score that an administrator overrode: the computed score and the override.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Overridden {
    /// The score the rule computed (after its declared rounding).
    pub computed: Decimal,
    /// The override, with its author, reason and basis.
    pub by: Override,
}

impl Assessment {
    /// The assessment with manual overrides (人工调整) applied: each replaces the
    /// computed score of its pair in every evaluation, and shows in the pair's score
    /// ([`PairScore::overridden`](crate::PairScore::overridden)), its trace and its
    /// explanation.
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
                    Error::not_applicable(&o.unit, &o.indicator, ": nothing to override")
                })?;
            if slots[k].is_some() {
                return Err(Error::duplicate_override(&o.unit, &o.indicator));
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

    /// The manual overrides in force, in pair order.
    pub fn overrides(&self) -> impl Iterator<Item = &Override> {
        self.overrides.iter().flatten()
    }
}
