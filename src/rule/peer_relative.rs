//! A per-capita value against the peer group's mean (R16, "ratio to the local
//! per-capita").

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::explain::{ending, measure_display};
use super::{Branch, Ctx, Measure, Measured, Outcome, Said, need_value, one, positive};
use crate::direction::Direction;
use crate::error::Result;
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

/// Peer-relative (人均对比): points × min(x / m, cap), where x is the unit's value
/// (usually per capita: `{"per_factor": {"datapoint": …, "factor": "staff"}}`) and m
/// the mean of x over the unit's peer group. When m = 0: full points.
///
/// # Examples
///
/// x = 30 per head, group mean 40, 4 points: 4 × 0.75 = 3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerRelative {
    /// The value compared.
    pub measure: Measure,
    /// The highest ratio credited (1 unless declared).
    #[serde(default = "one")]
    pub cap: Decimal,
}

impl PeerRelative {
    pub(crate) fn direction(&self) -> Direction {
        Direction::HigherIsBetter
    }

    pub(crate) fn validate(&self, id: &IndicatorId, _points: Decimal) -> Result<()> {
        positive(id, "cap", self.cap)
    }

    pub(crate) fn score<T: Tracer>(
        &self,
        ctx: &Ctx<'_>,
        m: &Measured,
        t: &mut T,
    ) -> Result<Outcome> {
        let c = &ctx.calc;
        let x = need_value(ctx, m)?;
        t.step("value", x);
        let mean = ctx.peers.and_then(|p| p.mean).unwrap_or(Decimal::ZERO);
        if mean.is_zero() {
            return Ok(Outcome {
                score: ctx.points,
                value: None,
                branch: Branch::NoPeerMean,
            });
        }
        let ratio = c.div(x, mean, "ratio to the peer mean")?;
        t.step("ratio to peer mean", ratio);
        let (credited, branch) = if crate::num::cmp(ratio, self.cap).is_ge() {
            (self.cap, Branch::AtOrAbovePeerMean)
        } else {
            (ratio, Branch::BelowPeerMean)
        };
        Ok(Outcome {
            score: c.mul(ctx.points, credited, "score")?,
            value: Some(ratio),
            branch,
        })
    }

    pub(crate) fn explain(&self, s: &Said<'_>) -> Explanation {
        let (zh_end, en_end) = ending(s);
        let own = measure_display(&self.measure);
        let x = s.measured.value.map(|v| own.write(v)).unwrap_or_default();
        let mean = s
            .peers
            .and_then(|p| p.mean)
            .map(|v| own.write(v))
            .unwrap_or_default();
        match s.value {
            None => Explanation {
                zh: format!("{} 同组平均为 0，{zh_end}", s.zh),
                en: format!("{}: the group mean is zero: {en_end}", s.en),
            },
            Some(ratio) => Explanation {
                zh: format!(
                    "{} {x}，为同组平均 {mean} 的 {}，{zh_end}",
                    s.zh,
                    s.shown(ratio)
                ),
                en: format!(
                    "{}: {x}, {} of the group mean {mean}: {en_end}",
                    s.en,
                    s.shown(ratio)
                ),
            },
        }
    }
}
