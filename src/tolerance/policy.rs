//! The default tolerance policy.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Decision, Incident, Reason, TolerancePolicy, Treatment};
use crate::error::{Error, Result};
use crate::id::UnitId;
use crate::period::Period;

/// What the default policy does with an incident rectified in time once the unit's
/// waivers of the period are used up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(tag = "beyond", rename_all = "snake_case", deny_unknown_fields)]
pub enum Beyond {
    /// Deduct in full. The default.
    #[default]
    Keep,
    /// Deduct less: remove `by` (0 to 1) of the deduction.
    Reduce {
        /// The share removed.
        by: Decimal,
    },
}

/// The content of [`Beyond::Reduce`] as a rule book writes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReduceRepr {
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    by: Decimal,
}

crate::rulebook::kind_tagged!(Beyond, tag = "beyond" {
    "keep" => Keep,
    "reduce" => Reduce { by } from ReduceRepr,
});

/// The default policy: an incident rectified within `within_days` days of being found
/// and without serious consequence is waived, at most `max_waivers` per unit and
/// period (the earliest found first); further such incidents are treated as
/// [`Beyond`] declares. Anything else is deducted in full:
///
/// | incident | verdict | reason |
/// | --- | --- | --- |
/// | serious consequence | keep | [`Reason::SeriousConsequence`] |
/// | not rectified | keep | [`Reason::NotRectified`] |
/// | rectified after `within_days` | keep | [`Reason::RectifiedLate`] |
/// | in time, allowance left | waive | [`Reason::RectifiedInTime`] |
/// | in time, allowance used | per `beyond` | [`Reason::AllowanceUsed`] |
///
/// "Within N days" counts days from found to rectified: 0 is the same day. With
/// N = 0, K = 0 and `beyond` = keep (the default), nothing is tolerated.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::tolerance::{Beyond, DefaultPolicy};
///
/// let p = DefaultPolicy::new(7, 2).beyond(Beyond::Reduce { by: dec!(0.5) });
/// assert!(p.validate().is_ok());
/// assert!(DefaultPolicy::new(7, 2).beyond(Beyond::Reduce { by: dec!(1.5) }).validate().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultPolicy {
    /// N: the days allowed to rectify.
    pub within_days: u32,
    /// K: waivers per unit and period.
    pub max_waivers: u32,
    /// What happens beyond K.
    #[serde(default)]
    pub beyond: Beyond,
}

impl DefaultPolicy {
    /// Rectified within `within_days` days → waived, at most `max_waivers` per unit and
    /// period; beyond that kept.
    pub const fn new(within_days: u32, max_waivers: u32) -> Self {
        Self {
            within_days,
            max_waivers,
            beyond: Beyond::Keep,
        }
    }

    /// Declares what happens beyond the allowance.
    pub const fn beyond(mut self, beyond: Beyond) -> Self {
        self.beyond = beyond;
        self
    }

    /// Checks the reduction share.
    ///
    /// # Errors
    ///
    /// A reduction share outside 0 to 1.
    pub fn validate(&self) -> Result<()> {
        if let Beyond::Reduce { by } = self.beyond {
            if by < Decimal::ZERO || by > Decimal::ONE {
                return Err(Error::invalid_option(
                    "tolerance policy beyond = reduce",
                    "by",
                    by,
                    "outside 0 to 1 (the share of the deduction removed)",
                ));
            }
        }
        Ok(())
    }

    fn one(&self, i: &Incident, used: &mut BTreeMap<UnitId, u32>) -> Result<Decision> {
        if i.severity.is_serious() {
            return Decision::new(i, Treatment::Keep, Reason::SeriousConsequence);
        }
        let Some(days) = i.days_to_rectify() else {
            return Decision::new(i, Treatment::Keep, Reason::NotRectified);
        };
        let within = self.within_days;
        if days > i64::from(within) {
            return Decision::new(i, Treatment::Keep, Reason::RectifiedLate { days, within });
        }
        let allowed = self.max_waivers;
        let n = used.entry(i.unit.clone()).or_insert(0);
        if *n < allowed {
            *n += 1;
            let reason = Reason::RectifiedInTime {
                days,
                within,
                nth: *n,
                allowed,
            };
            return Decision::new(i, Treatment::Waive, reason);
        }
        let verdict = match self.beyond {
            Beyond::Keep => Treatment::Keep,
            Beyond::Reduce { by } => Treatment::Reduce { by },
        };
        Decision::new(
            i,
            verdict,
            Reason::AllowanceUsed {
                days,
                within,
                allowed,
            },
        )
    }
}

impl TolerancePolicy for DefaultPolicy {
    /// Decides in the order given ([`Tolerated::decide`](super::Tolerated::decide)
    /// sorts by unit, found date and id, so the allowance goes to the earliest).
    fn decide(&self, _period: Period, incidents: &[Incident]) -> Result<Vec<Decision>> {
        self.validate()?;
        let mut used = BTreeMap::new();
        incidents.iter().map(|i| self.one(i, &mut used)).collect()
    }
}
