//! 区间计分: a score per interval of the measured value, every bound's inclusivity
//! declared.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::contract::{Fault, Kind, Report, RuleContext, RuleInputs, Scored, need_value};
use super::explain::{ending, plain};
use super::{Branch, Measure, Said, non_negative};
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

/// One end of a band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Bound {
    /// The bound's value.
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub value: Decimal,
    /// Whether the value itself belongs to the band.
    pub inclusive: bool,
}

/// One band of an interval table: `from` and `to` (absent = unbounded) and the score
/// given inside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// The lower end; `None` reaches down without bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Bound>,
    /// The upper end; `None` reaches up without bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Bound>,
    /// The score inside the band (between 0 and the indicator's points).
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub score: Decimal,
}

impl Band {
    /// Whether `x` lies in the band.
    pub fn contains(&self, x: Decimal) -> bool {
        let above = match self.from {
            None => true,
            Some(b) if b.inclusive => crate::num::cmp(x, b.value).is_ge(),
            Some(b) => crate::num::cmp(x, b.value).is_gt(),
        };
        let below = match self.to {
            None => true,
            Some(b) if b.inclusive => crate::num::cmp(x, b.value).is_le(),
            Some(b) => crate::num::cmp(x, b.value).is_lt(),
        };
        above && below
    }
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.from {
            None => f.write_str("(−∞")?,
            Some(b) => write!(f, "{}{}", if b.inclusive { '[' } else { '(' }, b.value)?,
        }
        match self.to {
            None => f.write_str(", +∞)"),
            Some(b) => write!(f, ", {}{}", b.value, if b.inclusive { ']' } else { ')' }),
        }
    }
}

/// Which band of an interval table scores a value (DMN's hit policy, 命中策略).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum HitPolicy {
    /// Each value falls in one band at most: the bands are given in ascending order and
    /// do not overlap. The default.
    #[default]
    Unique,
    /// The first band, in the order given, that contains the value; bands may overlap
    /// (a narrow band of exceptions before a wide one, say).
    First,
}

/// Interval table (区间计分): the score of the band the value falls in.
///
/// Under the default [`HitPolicy::Unique`] the bands must be given in ascending order
/// and cover every value exactly once: the first has no `from`, the last no `to`, and
/// each band's `to` is the next band's `from` with exactly one of the two inclusive.
/// Under [`HitPolicy::First`] the first band containing the value scores, and bands may
/// overlap. A declared `default` scores every value no band covers
/// ([`Branch::NoBand`]); then gaps are allowed (under `unique` the bands must still
/// ascend without overlapping). Without a default, a value no band covers is refused
/// when the rule book loads.
///
/// The `direction` is declared (required). The table's ends (below every bound and
/// above every bound) must not contradict it: when higher is better the top end may
/// not score less than the bottom end, and the other way round. A table that peaks in
/// the middle (a completion rate penalised beyond 102 %, say) declares the direction of
/// its ends, or either when its ends score alike.
///
/// # Examples
///
/// `(−∞, 0.9)` → 0, `[0.9, 1.0)` → 2, `[1.0, +∞)` → 4: a value of 0.95 scores 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Interval {
    /// The value banded.
    pub measure: Measure,
    /// Which way is better; required, and the table's ends must agree with it.
    pub direction: Direction,
    /// The bands: ascending under `unique`, in order of priority under `first`.
    pub bands: Vec<Band>,
    /// How a value picks its band (`unique` unless declared).
    #[serde(default)]
    pub hit_policy: HitPolicy,
    /// The score of a value no band covers; without it every value must be covered.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::num::exact_serde::option_decimal"
    )]
    pub default: Option<Decimal>,
}

/// The intermediate values of an interval table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IntervalDetail {
    /// The value banded.
    pub value: Decimal,
    /// The band that scored (0-based, in the order given); `None` when no band covers
    /// the value and the default scored.
    pub band: Option<u16>,
}

/// A piece of the number line between the bands' bounds: each band contains a piece
/// whole or not at all.
#[derive(Debug, Clone, Copy)]
enum Piece {
    /// Everything (a table without bounds).
    All,
    /// Below the smallest bound.
    Below(Decimal),
    /// One bound.
    At(Decimal),
    /// Strictly between two consecutive bounds.
    Between(Decimal, Decimal),
    /// Above the largest bound.
    Above(Decimal),
}

impl Piece {
    fn in_band(self, b: &Band) -> bool {
        match self {
            Piece::All => b.from.is_none() && b.to.is_none(),
            Piece::Below(_) => b.from.is_none(),
            Piece::Above(_) => b.to.is_none(),
            Piece::At(v) => b.contains(v),
            Piece::Between(lo, hi) => {
                b.from.is_none_or(|f| f.value <= lo) && b.to.is_none_or(|t| t.value >= hi)
            }
        }
    }
}

impl fmt::Display for Piece {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Piece::All => f.write_str("(−∞, +∞)"),
            Piece::Below(v) => write!(f, "(−∞, {v})"),
            Piece::At(v) => write!(f, "[{v}, {v}]"),
            Piece::Between(a, b) => write!(f, "({a}, {b})"),
            Piece::Above(v) => write!(f, "({v}, +∞)"),
        }
    }
}

impl Interval {
    /// A band as shown in the explanation: its bounds in the indicator's display.
    fn show_band(s: &Said<'_>, b: &Band) -> String {
        let from = match b.from {
            None => "(−∞".to_owned(),
            Some(x) => format!("{}{}", if x.inclusive { '[' } else { '(' }, s.line(x.value)),
        };
        let to = match b.to {
            None => "+∞)".to_owned(),
            Some(x) => format!("{}{}", s.line(x.value), if x.inclusive { ']' } else { ')' }),
        };
        format!("{from}, {to}")
    }

    pub(crate) fn direction(&self) -> Direction {
        self.direction
    }

    /// The pieces of the number line, ascending.
    fn pieces(&self) -> Vec<Piece> {
        let mut cuts: Vec<Decimal> = self
            .bands
            .iter()
            .flat_map(|b| [b.from, b.to])
            .flatten()
            .map(|b| b.value)
            .collect();
        cuts.sort_by(|a, b| crate::num::cmp(*a, *b));
        cuts.dedup_by(|a, b| crate::num::cmp(*a, *b).is_eq());
        let (Some(&first), Some(&last)) = (cuts.first(), cuts.last()) else {
            return vec![Piece::All];
        };
        let mut out = vec![Piece::Below(first)];
        for w in cuts.windows(2) {
            out.push(Piece::At(w[0]));
            out.push(Piece::Between(w[0], w[1]));
        }
        out.push(Piece::At(last));
        out.push(Piece::Above(last));
        out
    }

    /// The score of a piece: its first band's, or the default; `None` when uncovered.
    fn piece_score(&self, piece: Piece) -> Option<Decimal> {
        self.bands
            .iter()
            .find(|b| piece.in_band(b))
            .map(|b| b.score)
            .or(self.default)
    }

    pub(crate) fn validate(&self, id: &IndicatorId, points: Decimal) -> Result<()> {
        let bad = |why: String| Err(Error::invalid_definition(id, "bands", why));
        let (Some(first), Some(last)) = (self.bands.first(), self.bands.last()) else {
            return bad("there are none".into());
        };
        if self.bands.len() > usize::from(u16::MAX) {
            return bad(format!("there are more than {}", u16::MAX));
        }
        if let Some(d) = self.default {
            non_negative(id, "default", d)?;
            if d > points {
                return Err(Error::invalid_definition(
                    id,
                    "default",
                    format!("{d} is above the points {points}"),
                ));
            }
        }
        let gaps_allowed = self.default.is_some();
        if self.hit_policy == HitPolicy::Unique && !gaps_allowed {
            if first.from.is_some() {
                return bad(format!("the first band {first} has a lower bound"));
            }
            if last.to.is_some() {
                return bad(format!("the last band {last} has an upper bound"));
            }
        }
        for band in &self.bands {
            non_negative(id, "bands.score", band.score)?;
            if band.score > points {
                return bad(format!(
                    "band {band} scores {} above the points {points}",
                    band.score
                ));
            }
            if let (Some(a), Some(b)) = (band.from, band.to) {
                if a.value > b.value || (a.value == b.value && !(a.inclusive && b.inclusive)) {
                    return bad(format!("band {band} is empty"));
                }
            }
        }
        if self.hit_policy == HitPolicy::Unique {
            for w in self.bands.windows(2) {
                let (a, b) = (w[0].to, w[1].from);
                let meet = matches!((a, b), (Some(a), Some(b)) if a.value == b.value && a.inclusive != b.inclusive);
                let apart = matches!((a, b), (Some(a), Some(b)) if a.value < b.value || (a.value == b.value && !a.inclusive && !b.inclusive));
                let fits = meet || (gaps_allowed && apart);
                if !fits {
                    let why = if gaps_allowed {
                        "under hit policy unique the bands must ascend without overlapping"
                    } else {
                        "each upper bound must be the next lower bound, inclusive on exactly one side"
                    };
                    return bad(format!("bands {} and {} do not meet: {why}", w[0], w[1]));
                }
            }
        }
        let pieces = self.pieces();
        if let Some(gap) = pieces.iter().find(|p| self.piece_score(**p).is_none()) {
            return bad(format!(
                "no band covers {gap}: add a band or declare a default score"
            ));
        }
        let ends = (
            pieces.first().and_then(|p| self.piece_score(*p)),
            pieces.last().and_then(|p| self.piece_score(*p)),
        );
        if let (Some(bottom), Some(top)) = ends {
            if self.direction.is_better(bottom, top) {
                return Err(Error::invalid_definition(
                    id,
                    "direction, bands",
                    format!(
                        "the table scores {bottom} below its lowest bound and {top} above its highest, which contradicts direction {}",
                        self.direction
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Scores plain values: `inputs.value` is the value banded.
    ///
    /// # Examples
    ///
    /// `(−∞, 0.9)` → 0, `[0.9, 1.0)` → 2, `[1.0, +∞)` → 4: 0.95 falls in band 1 and scores 2.
    ///
    /// ```
    /// use rust_decimal_macros::dec;
    /// use scorecard::rule::{Branch, Interval, RuleInputs};
    ///
    /// let rule: Interval = serde_json::from_str(r#"{"measure": {"sum": "C"},
    ///     "direction": "higher_is_better", "bands": [
    ///     {"to": {"value": "0.9", "inclusive": false}, "score": "0"},
    ///     {"from": {"value": "0.9", "inclusive": true}, "to": {"value": "1.0", "inclusive": false}, "score": "2"},
    ///     {"from": {"value": "1.0", "inclusive": true}, "score": "4"}]}"#)?;
    /// let s = rule.score(&RuleInputs::new(dec!(4)).value(dec!(0.95)))?;
    /// assert_eq!((s.score, s.branch, s.detail.band), (dec!(2), Branch::Band(1), Some(1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An invalid rule; no value; a value no band covers (only for a table not
    /// validated, since validation refuses gaps without a default).
    pub fn score(&self, inputs: &RuleInputs) -> Result<Scored<IntervalDetail>> {
        inputs.run(|id, p| self.validate(id, p), |x| self.eval(x))
    }
}

impl Kind for Interval {
    type Detail = IntervalDetail;

    fn eval(&self, x: &RuleContext<'_>) -> Result<Scored<IntervalDetail>, Fault> {
        let v = need_value(x)?;
        // Under both policies the first band containing the value scores: under
        // `unique` it is the only one.
        let found = self.bands.iter().position(|b| b.contains(v));
        match (found, self.default) {
            (Some(k), _) => {
                let k = u16::try_from(k).unwrap_or(u16::MAX);
                Ok(Scored {
                    score: self.bands[usize::from(k)].score,
                    value: Some(v),
                    branch: Branch::Band(k),
                    detail: IntervalDetail {
                        value: v,
                        band: Some(k),
                    },
                })
            }
            (None, Some(d)) => Ok(Scored {
                score: d,
                value: Some(v),
                branch: Branch::NoBand,
                detail: IntervalDetail {
                    value: v,
                    band: None,
                },
            }),
            (None, None) => Err(Fault::NoBand(v)),
        }
    }
}

impl Report for IntervalDetail {
    fn report<T: Tracer>(&self, _branch: Branch, t: &mut T) {
        t.step("value", self.value);
    }
}

impl Interval {
    pub(crate) fn explain(&self, s: &Said<'_>) -> Explanation {
        let (zh_end, en_end) = ending(s);
        let x = s.value.map(|v| s.shown(v)).unwrap_or_default();
        if s.branch == Branch::NoBand {
            return Explanation {
                zh: format!(
                    "{} {x} 不在任何区间，按默认 {} 分计，{zh_end}",
                    s.zh,
                    plain(s.score)
                ),
                en: format!(
                    "{}: {x} falls in no band, the default {} points: {en_end}",
                    s.en,
                    plain(s.score)
                ),
            };
        }
        let band = match s.branch {
            Branch::Band(k) => self
                .bands
                .get(usize::from(k))
                .map(|b| Self::show_band(s, b))
                .unwrap_or_default(),
            _ => String::new(),
        };
        Explanation {
            zh: format!("{} {x} 落在区间 {band}，{zh_end}", s.zh),
            en: format!("{}: {x} falls in {band}: {en_end}", s.en),
        }
    }
}
