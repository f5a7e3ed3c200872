//! A per-capita value against the peer group's mean (R16, "ratio to the local
//! per-capita").

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::contract::{Fault, Kind, Report, RuleContext, RuleInputs, Scored, div, mul, need_value};
use super::explain::{ending, measure_display};
use super::{Branch, Measure, Said, one, positive};
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
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PeerRelative {
    /// The value compared.
    pub measure: Measure,
    /// The highest ratio credited (1 unless declared).
    #[serde(default = "one", deserialize_with = "crate::num::exact_serde::decimal")]
    pub cap: Decimal,
}

/// The intermediate values of a peer-relative rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PeerRelativeDetail {
    /// The unit's value.
    pub value: Decimal,
    /// The peer mean (0 when the group has none).
    pub mean: Decimal,
    /// value / mean; `None` when the mean is zero.
    pub ratio: Option<Decimal>,
    /// The ratio credited (the ratio or the cap; 1 when the mean is zero).
    pub credited: Decimal,
}

impl PeerRelative {
    pub(crate) fn direction(&self) -> Direction {
        Direction::HigherIsBetter
    }

    pub(crate) fn validate(&self, id: &IndicatorId, _points: Decimal) -> Result<()> {
        positive(id, "cap", self.cap)
    }

    /// Scores plain values: `inputs.value` is the unit's value and `inputs.peers` its
    /// group's statistics.
    ///
    /// # Examples
    ///
    /// 30 per head in a group of 30, 40 and 50 (mean 40), 4 points: 4 × 0.75 = 3.
    ///
    /// ```
    /// use rust_decimal_macros::dec;
    /// use scorecard::rule::{Branch, PeerRelative, PeerStats, RuleInputs};
    ///
    /// let rule: PeerRelative = serde_json::from_str(r#"{"measure": {"sum": "D160"}}"#)?;
    /// let peers = PeerStats::of(&[dec!(30), dec!(40), dec!(50)])?;
    /// let s = rule.score(&RuleInputs::new(dec!(4)).value(dec!(30)).peers(peers))?;
    /// assert_eq!((s.score, s.branch, s.detail.ratio), (dec!(3), Branch::BelowPeerMean, Some(dec!(0.75))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An invalid rule; no value; an overflow.
    pub fn score(&self, inputs: &RuleInputs) -> Result<Scored<PeerRelativeDetail>> {
        inputs.run(|id, p| self.validate(id, p), |x| self.eval(x))
    }
}

impl Kind for PeerRelative {
    type Detail = PeerRelativeDetail;

    fn eval(&self, x: &RuleContext<'_>) -> Result<Scored<PeerRelativeDetail>, Fault> {
        let v = need_value(x)?;
        let mean = x.peers().and_then(|p| p.mean).unwrap_or(Decimal::ZERO);
        if mean.is_zero() {
            return Ok(Scored {
                score: x.points,
                value: None,
                branch: Branch::NoPeerMean,
                detail: PeerRelativeDetail {
                    value: v,
                    mean,
                    ratio: None,
                    credited: Decimal::ONE,
                },
            });
        }
        let ratio = div(v, mean, "ratio to the peer mean")?;
        let (credited, branch) = if crate::num::cmp(ratio, self.cap).is_ge() {
            (self.cap, Branch::AtOrAbovePeerMean)
        } else {
            (ratio, Branch::BelowPeerMean)
        };
        Ok(Scored {
            score: mul(x.points, credited, "score")?,
            value: Some(ratio),
            branch,
            detail: PeerRelativeDetail {
                value: v,
                mean,
                ratio: Some(ratio),
                credited,
            },
        })
    }
}

impl Report for PeerRelativeDetail {
    fn report<T: Tracer>(&self, _branch: Branch, t: &mut T) {
        t.step("value", self.value);
        if let Some(r) = self.ratio {
            t.step("ratio to peer mean", r);
        }
    }
}

impl PeerRelative {
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
