//! Manual overrides (人工调整): an administrator replaces a computed score, never
//! silently — only with an author, a reason and a document basis, and the override
//! travels with the score, its trace and everything published from them.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::Basis;
use crate::error::{Error, Result};
use crate::id::{IndicatorId, UnitId};

/// One manual override of the score of `unit` on `indicator`.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use scorecard::scoring::Override;
/// use scorecard::Basis;
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
pub struct Override {
    /// The unit.
    pub unit: UnitId,
    /// The indicator.
    pub indicator: IndicatorId,
    /// The score that replaces the computed one (before totals; no rounding is applied
    /// to it).
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
            Some("an author")
        } else if self.reason.trim().is_empty() {
            Some("a reason")
        } else if self.basis.document.trim().is_empty() {
            Some("a document basis")
        } else {
            None
        };
        match missing {
            Some(what) => Err(Error::config(format!(
                "the override of unit {} on indicator {} has no {what}: a score may be overridden only with an author, a reason and a document basis",
                self.unit, self.indicator
            ))),
            None => Ok(()),
        }
    }

    /// The one-line note shown with an overridden score.
    pub(crate) fn note(&self, computed: Decimal) -> (String, String) {
        let basis = self.basis.to_string();
        (
            format!(
                "人工调整：计算得分 {} 调整为 {}（{}；理由：{}；依据：{basis}）",
                computed.normalize(),
                self.score.normalize(),
                self.author,
                self.reason
            ),
            format!(
                "overridden: computed {} replaced by {} ({}; reason: {}; basis: {basis})",
                computed.normalize(),
                self.score.normalize(),
                self.author,
                self.reason
            ),
        )
    }
}
