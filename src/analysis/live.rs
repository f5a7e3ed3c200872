//! The live view of one unit (一户式2.0, R15): what a service returns as JSON while the
//! period's data arrives.
//!
//! Evaluate the data known so far — for instance
//! [`Aggregates::up_to`](crate::facts::Aggregates::up_to) an as-of date — and build a
//! [`UnitDashboard`] from that evaluation.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::Category;
use crate::error::{Error, Result};
use crate::id::{GroupId, IndicatorId, UnitId};
use crate::scoring::{Assessment, Evaluation};

/// The scores of one category of indicators (党务 / 政务 / 业务 or the host's own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct CategoryScore {
    /// The category.
    pub category: Category,
    /// Full points of its indicators (bonus ceilings excluded).
    pub full_points: Decimal,
    /// Σ scores.
    pub score: Decimal,
    /// Σ points lost.
    pub lost: Decimal,
    /// Σ points above full.
    pub extra: Decimal,
    /// score / full points; `None` when the full points are zero.
    pub completion: Option<Decimal>,
}

/// One bonus or deduction item of the unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct ScoreItem {
    /// The indicator.
    pub indicator: IndicatorId,
    /// Its name in Chinese.
    pub name: String,
    /// Its name in English.
    pub name_en: String,
    /// The points: lost for a deduction, gained above full for a bonus.
    pub points: Decimal,
}

/// A peer's standing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct PeerScore {
    /// The peer (the unit itself included).
    pub unit: UnitId,
    /// Its adjusted total.
    pub total: Decimal,
    /// Its rank.
    pub rank: Decimal,
}

/// One unit now: totals, categories, completion, bonus and deduction items, the peers'
/// scores and the unit's rank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct UnitDashboard {
    /// The unit.
    pub unit: UnitId,
    /// Its name.
    pub name: String,
    /// Its peer group.
    pub group: GroupId,
    /// The date the data is known to, if the host gives one.
    pub as_of: Option<NaiveDate>,
    /// The adjusted total.
    pub total: Decimal,
    /// Full points.
    pub full_points: Decimal,
    /// Σ indicator scores before the coefficient.
    pub raw_total: Decimal,
    /// The difficulty coefficient.
    pub coefficient: Decimal,
    /// raw total / full points; `None` when the full points are zero.
    pub completion: Option<Decimal>,
    /// Scores by category, in category order.
    pub categories: Vec<CategoryScore>,
    /// Points above full (bonus items), largest first.
    pub bonuses: Vec<ScoreItem>,
    /// Points lost (deduction items), largest first.
    pub deductions: Vec<ScoreItem>,
    /// The rank in the group.
    pub rank: Decimal,
    /// The group's size.
    pub group_size: u32,
    /// The lists the unit is on.
    pub lists: Vec<String>,
    /// The group's units by rank, then id.
    pub peers: Vec<PeerScore>,
}

fn ratio(a: Decimal, b: Decimal) -> Option<Decimal> {
    if b.is_zero() { None } else { a.checked_div(b) }
}

impl UnitDashboard {
    /// The live view of `unit` in `evaluation` (of data known `as_of`, if given).
    ///
    /// # Errors
    ///
    /// An unknown unit, or an overflow naming it.
    ///
    /// # Examples
    ///
    /// See `tests/analysis/live.rs`; the view serialises to JSON with decimals as
    /// strings.
    pub fn new(
        assessment: &Assessment,
        evaluation: &Evaluation,
        unit: &UnitId,
        as_of: Option<NaiveDate>,
    ) -> Result<Self> {
        let me = evaluation
            .unit(unit)
            .ok_or_else(|| Error::unknown_unit(unit))?;
        let name = assessment
            .unit(unit)
            .map(|u| u.name.clone())
            .unwrap_or_default();
        let overflow = |what| Error::overflow(unit, None, what);
        let catalog = &assessment.scheme().indicators;
        let mut categories: Vec<CategoryScore> = Vec::new();
        let mut bonuses = Vec::new();
        let mut deductions = Vec::new();
        for p in evaluation.pairs_of(unit) {
            let Some(ind) = catalog.get(&p.indicator) else {
                continue;
            };
            let k = match categories.binary_search_by(|c| c.category.cmp(&ind.category)) {
                Ok(k) => k,
                Err(k) => {
                    categories.insert(
                        k,
                        CategoryScore {
                            category: ind.category.clone(),
                            full_points: Decimal::ZERO,
                            score: Decimal::ZERO,
                            lost: Decimal::ZERO,
                            extra: Decimal::ZERO,
                            completion: None,
                        },
                    );
                    k
                }
            };
            let c = &mut categories[k];
            if ind.counts_toward_full() {
                c.full_points = c
                    .full_points
                    .checked_add(ind.points)
                    .ok_or_else(|| overflow("category full points"))?;
            }
            c.score = c
                .score
                .checked_add(p.score)
                .ok_or_else(|| overflow("category score"))?;
            c.lost = c
                .lost
                .checked_add(p.lost)
                .ok_or_else(|| overflow("category points lost"))?;
            c.extra = c
                .extra
                .checked_add(p.extra)
                .ok_or_else(|| overflow("category points above full"))?;
            let item = |points| ScoreItem {
                indicator: ind.id.clone(),
                name: ind.name.clone(),
                name_en: ind.name_en().to_owned(),
                points,
            };
            if p.lost > Decimal::ZERO {
                deductions.push(item(p.lost));
            }
            if p.extra > Decimal::ZERO {
                bonuses.push(item(p.extra));
            }
        }
        for c in &mut categories {
            c.completion = ratio(c.score, c.full_points);
        }
        let by_points = |a: &ScoreItem, b: &ScoreItem| {
            b.points.cmp(&a.points).then(a.indicator.cmp(&b.indicator))
        };
        bonuses.sort_by(by_points);
        deductions.sort_by(by_points);
        let mut peers: Vec<PeerScore> = evaluation
            .units
            .iter()
            .filter(|u| u.group == me.group)
            .map(|u| PeerScore {
                unit: u.unit.clone(),
                total: u.adjusted_total,
                rank: u.rank,
            })
            .collect();
        peers.sort_by(|a, b| a.rank.cmp(&b.rank).then(a.unit.cmp(&b.unit)));
        Ok(Self {
            unit: unit.clone(),
            name,
            group: me.group.clone(),
            as_of,
            total: me.adjusted_total,
            full_points: me.full_points,
            raw_total: me.raw_total,
            coefficient: me.coefficient,
            completion: ratio(me.raw_total, me.full_points),
            categories,
            bonuses,
            deductions,
            rank: me.rank,
            group_size: me.group_size,
            lists: me.lists.clone(),
            peers,
        })
    }
}
