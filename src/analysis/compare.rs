//! Horizontal (横向对比) and vertical (纵向对比) comparison, R10 and R13.
//!
//! **Horizontal**: for each chosen indicator, each unit against its peers — the units of
//! the same peer group (the same level), or, with [`PeerScope::Region`], the same group and
//! region (the branches of one city). **Vertical**: one unit's series over periods,
//! against its target and its group's mean and median in each period.
//!
//! Gaps are *shortfalls*: how far the unit is behind the reference in the better
//! direction of the quantity compared. A gap is positive when the unit is behind,
//! negative when it is ahead, and the gap to the best is never negative.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::stats::{checked_mean, checked_median, checked_pct_change};
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::{GroupId, IndicatorId, UnitId};
use crate::methods::{Kind, percentile_of_score};
use crate::scoring::{Assessment, Evaluation, PairScore};

/// Which quantity of a pair is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Quantity {
    /// The indicator score (higher is better).
    #[default]
    Score,
    /// The measured value published beside the score (a rate, a ratio …), in the
    /// indicator's own direction; a pair without one (a ratio over zero) is left out.
    Value,
}

/// Which units count as peers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum PeerScope {
    /// The unit's peer group (同级同类).
    #[default]
    Level,
    /// The unit's peer group within its region (a city's branches); a unit without a
    /// region is compared with the group's units without one.
    Region,
}

/// Options of a comparison, as a value: `CompareOptions::new().on(Quantity::Value)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareOptions {
    /// The quantity compared.
    pub on: Quantity,
    /// The peers.
    pub scope: PeerScope,
}

impl CompareOptions {
    /// Scores, within the peer group.
    pub const fn new() -> Self {
        Self {
            on: Quantity::Score,
            scope: PeerScope::Level,
        }
    }

    /// Sets the quantity compared.
    pub const fn on(mut self, on: Quantity) -> Self {
        self.on = on;
        self
    }

    /// Sets the peers.
    pub const fn scope(mut self, scope: PeerScope) -> Self {
        self.scope = scope;
        self
    }
}

/// The statistics of a set of peers' values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct PeerSummary {
    /// Values counted.
    pub count: u32,
    /// The best value (the largest when higher is better).
    pub best: Decimal,
    /// The worst value.
    pub worst: Decimal,
    /// The mean, exact.
    pub mean: Decimal,
    /// The median (the mean of the two middle values for an even count).
    pub median: Decimal,
}

impl PeerSummary {
    /// The summary of `values` where `direction` says which is better; `None` when
    /// there are no values or a sum overflows.
    ///
    /// # Examples
    ///
    /// Four units, lower is better (an error rate): best 1, worst 7, mean 3.5,
    /// median (2 + 4) / 2 = 3.
    ///
    /// ```
    /// use rust_decimal_macros::dec;
    /// use scorecard::Direction;
    /// use scorecard::analysis::PeerSummary;
    ///
    /// let s = PeerSummary::checked_of(&[dec!(4), dec!(1), dec!(7), dec!(2)], Direction::LowerIsBetter).unwrap();
    /// assert_eq!((s.best, s.worst, s.mean, s.median), (dec!(1), dec!(7), dec!(3.5), dec!(3)));
    /// ```
    pub fn checked_of(values: &[Decimal], direction: Direction) -> Option<Self> {
        let lo = values.iter().min().copied()?;
        let hi = values.iter().max().copied()?;
        let (best, worst) = match direction {
            Direction::HigherIsBetter => (hi, lo),
            Direction::LowerIsBetter => (lo, hi),
        };
        Some(Self {
            count: u32::try_from(values.len()).ok()?,
            best,
            worst,
            mean: checked_mean(values)?,
            median: checked_median(values)?,
        })
    }

    /// How far `value` is behind `reference` in `direction`: `reference − value` when
    /// higher is better, `value − reference` when lower is better; `None` on overflow.
    pub fn checked_shortfall(
        value: Decimal,
        reference: Decimal,
        direction: Direction,
    ) -> Option<Decimal> {
        match direction {
            Direction::HigherIsBetter => reference.checked_sub(value),
            Direction::LowerIsBetter => value.checked_sub(reference),
        }
    }
}

/// The percentile rank of `value` among its peers `values`: the share of the *other*
/// values that `value` is strictly better than, in percent — scipy's
/// `percentileofscore` of kind [`Strict`](crate::methods::Kind::Strict) (see
/// [`percentile_of_score`]) over the peers without the value itself.
///
/// - When `values` contains `value` (the unit among its peer group, as [`horizontal`]
///   asks), one occurrence is taken out and the rest are the others: `100 × strictly
///   worse / (n − 1)`. The best is 100, the worst 0, ties share a percentile; a value
///   alone in its group is at 100.
/// - When it does not (a score compared with a group it is not part of), all of
///   `values` are the others: `100 × strictly worse / n`, so a score better than every
///   value is at 100 and one worse than every value at 0 — never above 100.
///
/// For lower-is-better quantities the order is reversed. The result is exact when it
/// terminates within 28 places, otherwise rounded once (half to even).
///
/// # Errors
///
/// An empty group: there is nothing to rank against.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::Direction;
/// use scorecard::analysis::percentile_rank;
///
/// let v = [dec!(60), dec!(70), dec!(80), dec!(90), dec!(100)];
/// assert_eq!(percentile_rank(dec!(80), &v, Direction::HigherIsBetter)?, dec!(50));
/// assert_eq!(percentile_rank(dec!(60), &v, Direction::LowerIsBetter)?, dec!(100));
/// // not in the group: above every value is 100, not 125
/// assert_eq!(percentile_rank(dec!(110), &v, Direction::HigherIsBetter)?, dec!(100));
/// assert!(percentile_rank(dec!(1), &[], Direction::HigherIsBetter).is_err());
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn percentile_rank(
    value: Decimal,
    values: &[Decimal],
    direction: Direction,
) -> Result<Decimal> {
    if values.is_empty() {
        return Err(Error::invalid_input(
            "percentile rank",
            "the group is empty",
        ));
    }
    // better = larger after flipping the sign for lower-is-better quantities
    let key = |v: Decimal| match direction {
        Direction::HigherIsBetter => v,
        Direction::LowerIsBetter => -v,
    };
    let mut others: Vec<Decimal> = values.iter().map(|v| key(*v)).collect();
    let me = key(value);
    if let Some(k) = others.iter().position(|v| *v == me) {
        others.swap_remove(k);
    }
    if others.is_empty() {
        return Ok(Decimal::ONE_HUNDRED);
    }
    percentile_of_score(&others, me, Kind::Strict)
}

/// One unit against its peers on one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct PeerComparison {
    /// The unit.
    pub unit: UnitId,
    /// The indicator.
    pub indicator: IndicatorId,
    /// The unit's peer group.
    pub group: GroupId,
    /// The unit's region, if any.
    pub region: Option<String>,
    /// The quantity compared and its direction.
    pub on: Quantity,
    /// Which way is better for this quantity.
    pub direction: Direction,
    /// The unit's value (`None`: a measured value the rule could not form).
    pub value: Option<Decimal>,
    /// The peers' statistics (the unit included); `None` when no peer has a value.
    pub peers: Option<PeerSummary>,
    /// How far behind the best (never negative).
    pub gap_to_best: Option<Decimal>,
    /// How far behind the mean (negative when ahead).
    pub gap_to_mean: Option<Decimal>,
    /// How far behind the median (negative when ahead).
    pub gap_to_median: Option<Decimal>,
    /// The percentile rank among the peers (100 = best; see [`percentile_rank`]).
    pub percentile: Option<Decimal>,
}

fn quantity(p: &PairScore, on: Quantity) -> Option<Decimal> {
    match on {
        Quantity::Score => Some(p.score),
        Quantity::Value => p.value,
    }
}

fn overflow(unit: &UnitId, indicator: &IndicatorId) -> Error {
    Error::overflow(unit, Some(indicator), "a peer comparison")
}

/// Compares every unit with its peers on each of `indicators` (a unit appears for each
/// indicator that applies to it), sorted by indicator then unit.
///
/// # Errors
///
/// An indicator not in the scheme, or an overflow naming the unit and indicator.
pub fn horizontal(
    assessment: &Assessment,
    evaluation: &Evaluation,
    indicators: &[IndicatorId],
    options: CompareOptions,
) -> Result<Vec<PeerComparison>> {
    let mut out = Vec::new();
    let mut ids = indicators.to_vec();
    ids.sort();
    ids.dedup();
    for ind in &ids {
        let def = assessment
            .scheme()
            .indicators
            .get(ind)
            .ok_or_else(|| Error::unknown_indicator(ind, None))?;
        let direction = match options.on {
            Quantity::Score => Direction::HigherIsBetter,
            Quantity::Value => def.direction(),
        };
        // (unit, group, region, value) of every pair of the indicator
        let rows: Vec<(&UnitId, &GroupId, Option<&str>, Option<Decimal>)> = evaluation
            .units
            .iter()
            .filter_map(|u| {
                let p = evaluation.pair(&u.unit, ind)?;
                let region = assessment.unit(&u.unit).and_then(|x| x.region.as_deref());
                Some((&u.unit, &u.group, region, quantity(p, options.on)))
            })
            .collect();
        for &(unit, group, region, value) in &rows {
            let peer_values: Vec<Decimal> = rows
                .iter()
                .filter(|(_, g, r, _)| {
                    *g == group && (options.scope == PeerScope::Level || *r == region)
                })
                .filter_map(|r| r.3)
                .collect();
            let peers = PeerSummary::checked_of(&peer_values, direction);
            if !peer_values.is_empty() && peers.is_none() {
                return Err(overflow(unit, ind));
            }
            let gap = |reference: fn(&PeerSummary) -> Decimal| -> Result<Option<Decimal>> {
                match (value, peers.as_ref()) {
                    (Some(v), Some(s)) => {
                        PeerSummary::checked_shortfall(v, reference(s), direction)
                            .map(Some)
                            .ok_or_else(|| overflow(unit, ind))
                    }
                    _ => Ok(None),
                }
            };
            let percentile = match value {
                // the peers include the unit's own value, so they are never empty
                Some(v) => Some(
                    percentile_rank(v, &peer_values, direction).map_err(|_| overflow(unit, ind))?,
                ),
                None => None,
            };
            out.push(PeerComparison {
                unit: unit.clone(),
                indicator: ind.clone(),
                group: group.clone(),
                region: region.map(str::to_owned),
                on: options.on,
                direction,
                value,
                gap_to_best: gap(|s| s.best)?,
                gap_to_mean: gap(|s| s.mean)?,
                gap_to_median: gap(|s| s.median)?,
                peers,
                percentile,
            });
        }
    }
    Ok(out)
}

/// What a vertical series follows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Subject {
    /// The adjusted total (higher is better).
    Total,
    /// One indicator, by the quantity of [`Quantity`].
    Indicator(IndicatorId, Quantity),
}

/// One period of a vertical series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct PeriodPoint {
    /// The period's label (`2025`, `2026Q1` …).
    pub label: String,
    /// The unit's value (`None` when it had none that period).
    pub value: Option<Decimal>,
    /// The unit's target, for completion indicators.
    pub target: Option<Decimal>,
    /// The mean of the unit's group that period.
    pub group_mean: Option<Decimal>,
    /// The median of the unit's group that period.
    pub group_median: Option<Decimal>,
    /// The change from the previous period: `value − previous value`.
    pub change: Option<Decimal>,
    /// The relative change from the previous period ([`checked_pct_change`](super::checked_pct_change)):
    /// `None` also when the previous value is zero.
    pub pct_change: Option<Decimal>,
}

/// Which way a series moves, by the sign of its least-squares slope over the periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// The slope is positive.
    Rising,
    /// The slope is negative.
    Falling,
    /// The slope is zero.
    Flat,
    /// Fewer than two periods with a value.
    Undetermined,
}

/// One unit's series over periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Series {
    /// The unit.
    pub unit: UnitId,
    /// What is followed.
    pub subject: Subject,
    /// Which way is better.
    pub direction: Direction,
    /// The periods, oldest first.
    pub points: Vec<PeriodPoint>,
    /// The trend of the values.
    pub trend: Trend,
    /// Whether the trend is an improvement (`None` when flat or undetermined).
    pub improving: Option<bool>,
}

/// The sign of the least-squares slope of `ys` over 0, 1, … (exact): with
/// m = n − 1, the slope has the sign of Σ (2k − m) · y_k.
fn trend(ys: &[Decimal]) -> Option<Trend> {
    if ys.len() < 2 {
        return Some(Trend::Undetermined);
    }
    let m = i64::try_from(ys.len()).ok()? - 1;
    let mut s = Decimal::ZERO;
    for (k, y) in ys.iter().enumerate() {
        let w = Decimal::from(2 * i64::try_from(k).ok()? - m);
        s = s.checked_add(w.checked_mul(*y)?)?;
    }
    Some(if s > Decimal::ZERO {
        Trend::Rising
    } else if s < Decimal::ZERO {
        Trend::Falling
    } else {
        Trend::Flat
    })
}

/// Follows `unit` through `history` (labelled evaluations, oldest first): its value,
/// target, group mean and median in each period, the change from period to period,
/// and the trend. The group of each period is the unit's group in that period.
///
/// # Errors
///
/// When the unit is in none of the evaluations, or an overflow.
///
/// # Examples
///
/// See `tests/analysis/compare.rs` for worked cases.
pub fn vertical(
    history: &[(&str, &Evaluation)],
    unit: &UnitId,
    subject: &Subject,
    direction: Direction,
) -> Result<Series> {
    let direction = match subject {
        Subject::Total | Subject::Indicator(_, Quantity::Score) => Direction::HigherIsBetter,
        Subject::Indicator(_, Quantity::Value) => direction,
    };
    let mut points: Vec<PeriodPoint> = Vec::with_capacity(history.len());
    let mut seen = false;
    let of = |e: &Evaluation, u: &UnitId| -> (Option<Decimal>, Option<Decimal>) {
        match subject {
            Subject::Total => (e.unit(u).map(|r| r.adjusted_total), None),
            Subject::Indicator(i, on) => e
                .pair(u, i)
                .map_or((None, None), |p| (quantity(p, *on), p.measured.target)),
        }
    };
    for (label, e) in history {
        let me = e.unit(unit);
        seen |= me.is_some();
        let (value, target) = of(e, unit);
        let group: Vec<Decimal> = me.map_or_else(Vec::new, |me| {
            e.units
                .iter()
                .filter(|r| r.group == me.group)
                .filter_map(|r| of(e, &r.unit).0)
                .collect()
        });
        let (group_mean, group_median) = if group.is_empty() {
            (None, None)
        } else {
            (
                Some(checked_mean(&group).ok_or_else(|| overflow_total(unit))?),
                checked_median(&group),
            )
        };
        let previous = points.last().and_then(|p| p.value);
        let (change, pct_change) = match (previous, value) {
            (Some(a), Some(b)) => (
                Some(b.checked_sub(a).ok_or_else(|| overflow_total(unit))?),
                checked_pct_change(a, b),
            ),
            _ => (None, None),
        };
        points.push(PeriodPoint {
            label: (*label).to_owned(),
            value,
            target,
            group_mean,
            group_median,
            change,
            pct_change,
        });
    }
    if !seen {
        return Err(Error::unknown_unit(unit));
    }
    let ys: Vec<Decimal> = points.iter().filter_map(|p| p.value).collect();
    let trend = trend(&ys).ok_or_else(|| overflow_total(unit))?;
    let improving = match trend {
        Trend::Rising => Some(direction == Direction::HigherIsBetter),
        Trend::Falling => Some(direction == Direction::LowerIsBetter),
        Trend::Flat | Trend::Undetermined => None,
    };
    Ok(Series {
        unit: unit.clone(),
        subject: subject.clone(),
        direction,
        points,
        trend,
        improving,
    })
}

fn overflow_total(unit: &UnitId) -> Error {
    Error::overflow(unit, None, "a vertical comparison")
}
