//! How rules write their explanations: numbers as people read them and the common
//! ending (display only: exact values stay in the trace).
//!
//! Every figure an explanation prints goes through one of these helpers, so none is
//! ever a raw 28-digit decimal: the measured value and the lines it is compared with
//! in the indicator's [`DisplayFormat`], scores with two places, declared parameters
//! (points, per-event deductions) as declared.

use rust_decimal::Decimal;

use crate::num::DisplayFormat;
use crate::rule::{Measure, Rule, Said};

/// A score or points lost: half up, two places (`4.2` → `4.20`).
pub(crate) fn two(d: Decimal) -> String {
    DisplayFormat::number(2).write(d)
}

/// A rate the rule computes (completion, ratio to the peer mean): a percentage with
/// two places (`0.775` → `77.50%`).
pub(crate) fn rate(d: Decimal) -> String {
    DisplayFormat::percent(2).write(d)
}

/// A declared rate (a cap): a percentage as declared (`1.2` → `120%`).
pub(crate) fn rate_line(d: Decimal) -> String {
    DisplayFormat::percent(2).line(d)
}

/// A declared number as written, without trailing zeros.
pub(crate) fn plain(d: Decimal) -> String {
    DisplayFormat::number(0).line(d)
}

/// A coefficient for display: half up to 4 places, trailing zeros dropped.
pub(crate) fn coef(d: Decimal) -> String {
    DisplayFormat::number(4).trimmed().write(d)
}

/// How a measure's own quantities (a sum, a target, a per-capita value, a peer mean)
/// are written when the indicator's display is of something else (a rate).
pub(crate) fn measure_display(measure: &Measure) -> DisplayFormat {
    match measure {
        Measure::Ratio { .. } => DisplayFormat::percent(2),
        Measure::Count(_) => DisplayFormat::count(),
        Measure::Sum(_) | Measure::PerFactor { .. } | Measure::ScoreOf(_) | Measure::ValueOf(_) => {
            DisplayFormat::number(2)
        }
    }
}

impl Rule {
    /// How the rule's measured value is written when its indicator declares no
    /// [`display`](crate::Indicator::display): the rate of a completion or
    /// peer-relative rule as a percentage with two places; the occurrences of a
    /// deduction or bonus as a count (up to two places, an integer when whole); any
    /// other rule's value by its measure (a formula's, table's or host rule's by its first
    /// input's) — a ratio as a percentage with two places, a count as a count, a sum or a
    /// value per factor with two places.
    ///
    /// # Examples
    ///
    /// ```
    /// use scorecard::{DisplayFormat, Rule};
    ///
    /// let r: Rule = serde_json::from_str(
    ///     r#"{"kind": "deduction", "measure": {"sum": "D002"}, "per_event": "1"}"#,
    /// ).unwrap();
    /// assert_eq!(r.default_display(), DisplayFormat::count());
    /// ```
    pub fn default_display(&self) -> DisplayFormat {
        match self {
            Rule::Completion(_) | Rule::PeerRelative(_) => DisplayFormat::percent(2),
            Rule::Deduction(_) | Rule::Bonus(_) => DisplayFormat::count(),
            other => other
                .first_measure()
                .map_or(DisplayFormat::number(2), measure_display),
        }
    }
}

impl Said<'_> {
    /// The measured value (or the rule's rate) as the indicator displays it.
    pub(crate) fn shown(&self, v: Decimal) -> String {
        self.display.write(v)
    }

    /// A declared line in the indicator's display.
    pub(crate) fn line(&self, v: Decimal) -> String {
        self.display.line(v)
    }
}

/// The common ending: points lost, full points, or points above full.
pub(crate) fn ending(s: &Said<'_>) -> (String, String) {
    if s.lost > Decimal::ZERO {
        (
            format!("扣 {} 分", two(s.lost)),
            format!("−{} points", two(s.lost)),
        )
    } else if s.score > s.points {
        (
            format!("得 {} 分（满分 {}）", two(s.score), plain(s.points)),
            format!("{} points (full {})", two(s.score), plain(s.points)),
        )
    } else {
        (
            format!("得满分 {} 分", plain(s.points)),
            format!("full {} points", plain(s.points)),
        )
    }
}
