//! 区间计分: a score per interval of the measured value, every bound's inclusivity
//! declared.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::explain::ending;
use super::{Branch, Ctx, Measure, Measured, Outcome, Said, need_value, non_negative};
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

/// One end of a band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bound {
    /// The bound's value.
    pub value: Decimal,
    /// Whether the value itself belongs to the band.
    pub inclusive: bool,
}

/// One band of an interval table: `from` and `to` (absent = unbounded) and the score
/// given inside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    /// The lower end; `None` reaches down without bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Bound>,
    /// The upper end; `None` reaches up without bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Bound>,
    /// The score inside the band (between 0 and the indicator's points).
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

/// Interval table (区间计分): the score of the band the value falls in.
///
/// The bands must be given in ascending order and cover every value exactly once:
/// the first has no `from`, the last no `to`, and each band's `to` is the next band's
/// `from` with exactly one of the two inclusive.
///
/// # Examples
///
/// `(−∞, 0.9)` → 0, `[0.9, 1.0)` → 2, `[1.0, +∞)` → 4: a value of 0.95 scores 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interval {
    /// The value banded.
    pub measure: Measure,
    /// The bands, ascending.
    pub bands: Vec<Band>,
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
        match (self.bands.first(), self.bands.last()) {
            (Some(a), Some(b)) if b.score < a.score => Direction::LowerIsBetter,
            _ => Direction::HigherIsBetter,
        }
    }

    pub(crate) fn validate(&self, id: &IndicatorId, points: Decimal) -> Result<()> {
        let bad = |why: String| Err(Error::invalid_definition(id, "bands", why));
        let (Some(first), Some(last)) = (self.bands.first(), self.bands.last()) else {
            return bad("there are none".into());
        };
        if first.from.is_some() {
            return bad(format!("the first band {first} has a lower bound"));
        }
        if last.to.is_some() {
            return bad(format!("the last band {last} has an upper bound"));
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
        for w in self.bands.windows(2) {
            match (w[0].to, w[1].from) {
                (Some(a), Some(b)) if a.value == b.value && a.inclusive != b.inclusive => {}
                _ => {
                    return bad(format!(
                        "bands {} and {} do not meet: each upper bound must be the next lower bound, inclusive on exactly one side",
                        w[0], w[1]
                    ));
                }
            }
        }
        Ok(())
    }

    pub(crate) fn score<T: Tracer>(
        &self,
        ctx: &Ctx<'_>,
        m: &Measured,
        t: &mut T,
    ) -> Result<Outcome> {
        let x = need_value(ctx, m)?;
        t.step("value", x);
        let found = self.bands.iter().position(|b| b.contains(x));
        match found {
            Some(k) => Ok(Outcome {
                score: self.bands[k].score,
                value: Some(x),
                branch: Branch::Band(u16::try_from(k).unwrap_or(u16::MAX)),
            }),
            None => Err(Error::config(format!(
                "value {x} of unit {} falls in no band{}",
                ctx.calc.unit,
                ctx.calc
                    .indicator
                    .map(|i| format!(" of indicator {i}"))
                    .unwrap_or_default()
            ))),
        }
    }

    pub(crate) fn explain(&self, s: &Said<'_>) -> Explanation {
        let (zh_end, en_end) = ending(s);
        let x = s.value.map(|v| s.shown(v)).unwrap_or_default();
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
