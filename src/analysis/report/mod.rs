//! The health-check report (体检报告, R11) of one unit. It opens with a one-page summary
//! (摘要页) a bureau head reads first — the total, the rank of n in the group, the list,
//! the five largest losses with their reasons, the points lost by category 党务 / 政务 /
//! 业务, and the unit among its peers against the list cut-offs — then its overall
//! position, every point lost with its reason, document basis and evidence, the
//! error-tolerance decisions, the weakest indicators against peers, the rank movement
//! since the last period, and the smallest single-indicator improvement that would put
//! it on the red list.
//!
//! [`HealthCheck::build`] gathers the data (a serde struct); with the `report` feature
//! (on by default), `render_markdown` and `render_html` write it in Chinese or English ([`Lang`]). The HTML page is
//! self-contained: inline CSS and two inline SVG charts with value axes (the unit's
//! position among its peers with the list cut-offs marked, and the trend of its total
//! beside its group's mean and the cut-offs of each period), no external resource.

#[cfg(feature = "report")]
mod document;
#[cfg(feature = "report")]
mod html;
#[cfg(feature = "report")]
mod markdown;
#[cfg(feature = "report")]
mod summary;
#[cfg(feature = "report")]
mod svg;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::compare::{CompareOptions, PeerComparison, horizontal};
use super::live::{CategoryScore, PeerScore, UnitDashboard};
use super::reach::{ListGoal, ListMove, list_moves};
use super::stats::{checked_mean, checked_median};
use crate::catalog::{Basis, Category};
use crate::error::{Error, Result};
use crate::facts::Sums;
use crate::id::{GroupId, IndicatorId, UnitId};
use crate::rank::ListEnd;
use crate::scheme::Scheme;
use crate::scoring::{Assessment, Evaluation, Explanation, Step, Targets, UnitResult};
use crate::tolerance::{Decision, Tolerated};

#[cfg(feature = "report")]
pub(crate) use self::document::{Block, opt, signed, tr, two};
#[cfg(feature = "report")]
pub use self::html::{render_html, render_inspection_html};
#[cfg(feature = "report")]
pub use self::markdown::{render_inspection_markdown, render_markdown};
#[cfg(feature = "report")]
pub use self::svg::{position_svg, trend_svg};

/// The language of a rendered report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Lang {
    /// 中文.
    #[default]
    Zh,
    /// English.
    En,
}

/// One indicator on which the unit lost points, with everything behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct LostPoint {
    /// The indicator.
    pub indicator: IndicatorId,
    /// Its name in Chinese.
    pub name: String,
    /// Its name in English.
    pub name_en: String,
    /// Its category.
    pub category: Category,
    /// Full points.
    pub points: Decimal,
    /// The score.
    pub score: Decimal,
    /// Points lost.
    pub lost: Decimal,
    /// Why, in one line per language.
    pub explanation: Explanation,
    /// The document basis.
    pub basis: Option<Basis>,
    /// The evidence: the sums of facts, target and factors read.
    pub evidence: Vec<Step>,
    /// The tolerance decisions on this pair's incidents.
    pub tolerance: Vec<Decision>,
}

/// The rank movement since the previous period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Movement {
    /// The previous period's label.
    pub previous: String,
    /// The rank then and now.
    pub rank: (Decimal, Decimal),
    /// The group size then and now.
    pub group_size: (u32, u32),
    /// The adjusted total then and now.
    pub total: (Decimal, Decimal),
    /// The lists then.
    pub lists_before: Vec<String>,
}

/// Where the unit stands with respect to the red list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
#[serde(tag = "status", rename_all = "snake_case")]
pub enum RedList {
    /// The scheme declares no top list.
    NoList,
    /// The unit is on it.
    On {
        /// The list's name.
        list: String,
    },
    /// The single-indicator moves that would put it on the list, smallest first (at
    /// most three); empty when no single indicator suffices.
    Moves {
        /// The list's name.
        list: String,
        /// The moves.
        moves: Vec<ListMove>,
    },
}

/// Where a list ends in a peer group: the adjusted total of its last member (the
/// lowest total on a top list, the highest on a bottom list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct ListCutoff {
    /// The list's name (`red`, `black` …).
    pub list: String,
    /// The end of the ranking it is drawn from.
    pub end: ListEnd,
    /// The adjusted total at the cut-off.
    pub total: Decimal,
}

/// A name in Chinese and in English.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct DisplayName {
    /// 中文.
    pub zh: String,
    /// English.
    pub en: String,
}

impl DisplayName {
    /// The name in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// The display name of a peer group, for reports: its declared names
/// ([`Scheme::group`]), so a report never prints the raw key of a declared group; the id
/// in both languages for a scheme that declares none.
pub(crate) fn group_name(scheme: &Scheme, group: &GroupId) -> DisplayName {
    match scheme.group(group) {
        Some(g) => DisplayName {
            zh: g.name.clone(),
            en: g.name_en.clone(),
        },
        None => DisplayName {
            zh: group.to_string(),
            en: group.to_string(),
        },
    }
}

/// The list cut-offs of `group` in `evaluation`, in the order of `scheme`'s lists; a
/// list without a member in the group has none.
fn cutoffs(scheme: &Scheme, evaluation: &Evaluation, group: &GroupId) -> Vec<ListCutoff> {
    scheme
        .lists
        .iter()
        .filter_map(|rule| {
            let members = evaluation
                .units
                .iter()
                .filter(|u| u.group == *group && u.lists.contains(&rule.name));
            let last = match rule.end {
                ListEnd::Top => members.max_by_key(|u| (u.from_top, u.unit.clone())),
                ListEnd::Bottom => members.max_by_key(|u| (u.from_bottom, u.unit.clone())),
            }?;
            Some(ListCutoff {
                list: rule.name.clone(),
                end: rule.end,
                total: last.adjusted_total,
            })
        })
        .collect()
}

/// One period of the trend of the unit's total, beside its group's (趋势分析: the unit
/// and the whole).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct TrendPoint {
    /// The period's label.
    pub label: String,
    /// The adjusted total.
    pub total: Decimal,
    /// The mean adjusted total of the unit's peer group that period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_mean: Option<Decimal>,
    /// The unit's rank in its group that period (0 when not known).
    #[serde(default)]
    pub rank: Decimal,
    /// The group's size that period (0 when not known).
    #[serde(default)]
    pub group_size: u32,
    /// The list cut-offs of the group that period.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cutoffs: Vec<ListCutoff>,
}

/// The health-check report of one unit, as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct HealthCheck {
    /// The unit.
    pub unit: UnitId,
    /// Its name.
    pub name: String,
    /// Its peer group.
    pub group: GroupId,
    /// The peer group's display name.
    pub group_name: DisplayName,
    /// Its region.
    pub region: Option<String>,
    /// The period's label.
    pub period: String,
    /// The adjusted total.
    pub total: Decimal,
    /// Full points.
    pub full_points: Decimal,
    /// Σ points lost.
    pub lost: Decimal,
    /// Σ points above full.
    pub extra: Decimal,
    /// Σ scores before the coefficient.
    pub raw_total: Decimal,
    /// The difficulty coefficient.
    pub coefficient: Decimal,
    /// The rank in the group.
    pub rank: Decimal,
    /// The group's size.
    pub group_size: u32,
    /// The lists the unit is on.
    pub lists: Vec<String>,
    /// The vetoes (一票否决) that applied to the unit, with their basis and the values
    /// read (none for most units).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vetoes: Vec<crate::scoring::VetoHit>,
    /// The adjusted total before the vetoes, when any applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_veto: Option<Decimal>,
    /// The list cut-offs of the unit's group.
    pub cutoffs: Vec<ListCutoff>,
    /// Full points, scores and points lost by category (党务 / 政务 / 业务 …), in
    /// category order.
    pub categories: Vec<CategoryScore>,
    /// The group's mean total.
    pub group_mean: Option<Decimal>,
    /// The group's median total.
    pub group_median: Option<Decimal>,
    /// The group's best total.
    pub group_best: Option<Decimal>,
    /// Every indicator with points lost, most lost first.
    pub lost_points: Vec<LostPoint>,
    /// Every tolerance decision on the unit's incidents, by date.
    pub tolerance: Vec<Decision>,
    /// The indicators furthest behind the peers' mean score, worst first.
    pub weakest: Vec<PeerComparison>,
    /// The rank movement since the previous period, if there is one.
    pub movement: Option<Movement>,
    /// What would put the unit on the red list.
    pub red_list: RedList,
    /// The unit's totals over the periods, the current one last.
    pub trend: Vec<TrendPoint>,
    /// The group by rank.
    pub peers: Vec<PeerScore>,
    /// The names of the unit's indicators, by id.
    pub names: Vec<IndicatorName>,
}

/// An indicator's names, for the report's tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct IndicatorName {
    /// The indicator.
    pub indicator: IndicatorId,
    /// Its name in Chinese.
    pub zh: String,
    /// Its name in English.
    pub en: String,
}

impl HealthCheck {
    /// The name of `indicator` in `lang` (its id when unknown).
    pub fn name_of<'a>(&'a self, indicator: &'a IndicatorId, lang: Lang) -> &'a str {
        self.names
            .binary_search_by(|n| n.indicator.cmp(indicator))
            .ok()
            .map_or(indicator.as_str(), |k| match lang {
                Lang::Zh => self.names[k].zh.as_str(),
                Lang::En => self.names[k].en.as_str(),
            })
    }
}

/// What a health-check report is built from.
#[derive(Debug, Clone, Copy)]
pub struct ReportInput<'a, S: ?Sized> {
    /// The assessment of the period.
    pub assessment: &'a Assessment,
    /// The targets it was built with (for the red-list search).
    pub targets: &'a Targets,
    /// The sums it was evaluated on (with any tolerance overlay).
    pub sums: &'a S,
    /// The evaluation.
    pub evaluation: &'a Evaluation,
    /// The period's label.
    pub period: &'a str,
    /// The earlier periods' evaluations, oldest first, labelled.
    pub history: &'a [(&'a str, &'a Evaluation)],
    /// The tolerance decisions of the period, if any.
    pub tolerated: Option<&'a Tolerated>,
    /// How many weakest indicators to list.
    pub weakest: usize,
}

impl HealthCheck {
    /// Gathers the report of `unit`.
    ///
    /// # Errors
    ///
    /// An unknown unit, a trace or comparison error, or an overflow.
    pub fn build<S: Sums + ?Sized>(input: &ReportInput<'_, S>, unit: &UnitId) -> Result<Self> {
        let (a, e) = (input.assessment, input.evaluation);
        let me = e.unit(unit).ok_or_else(|| Error::unknown_unit(unit))?;
        let def = a.unit(unit).ok_or_else(|| Error::unknown_unit(unit))?;
        let catalog = &a.scheme().indicators;
        let mut lost_points = Vec::new();
        for t in a.traces(e, unit)? {
            let t = match input.tolerated {
                Some(tol) => t.with_tolerance(tol),
                None => t,
            };
            // every lost point, every tolerance decision and every manual override shows
            if t.lost <= Decimal::ZERO && t.tolerance.is_empty() && t.overridden.is_none() {
                continue;
            }
            let Some(ind) = catalog.get(&t.indicator) else {
                continue;
            };
            lost_points.push(LostPoint {
                indicator: t.indicator.clone(),
                name: ind.name.clone(),
                name_en: ind.name_en().to_owned(),
                category: ind.category.clone(),
                points: t.points,
                score: t.score,
                lost: t.lost,
                explanation: t.explanation,
                basis: t.basis,
                evidence: t.inputs,
                tolerance: t.tolerance,
            });
        }
        lost_points.sort_by(|x, y| y.lost.cmp(&x.lost).then(x.indicator.cmp(&y.indicator)));
        let mut tolerance: Vec<Decision> = input
            .tolerated
            .map(|t| {
                t.decisions()
                    .iter()
                    .filter(|d| d.unit == *unit)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        tolerance.sort_by(|x, y| (x.found, &x.incident).cmp(&(y.found, &y.incident)));
        let ids: Vec<IndicatorId> = e
            .pairs_of(unit)
            .iter()
            .map(|p| p.indicator.clone())
            .collect();
        let mut weakest: Vec<PeerComparison> = horizontal(a, e, &ids, CompareOptions::new())?
            .into_iter()
            .filter(|c| c.unit == *unit && c.gap_to_mean.is_some_and(|g| g > Decimal::ZERO))
            .collect();
        weakest.sort_by(|x, y| {
            y.gap_to_mean
                .cmp(&x.gap_to_mean)
                .then(x.indicator.cmp(&y.indicator))
        });
        weakest.truncate(input.weakest);
        // the adjusted totals of the unit's group in an evaluation, and their mean
        let totals_of = |ev: &Evaluation| -> Vec<Decimal> {
            ev.units
                .iter()
                .filter(|u| u.group == me.group)
                .map(|u| u.adjusted_total)
                .collect()
        };
        let mean_of = |totals: &[Decimal]| -> Result<Option<Decimal>> {
            let mean = checked_mean(totals);
            if mean.is_none() && !totals.is_empty() {
                return Err(Error::overflow(unit, None, "the group's mean total"));
            }
            Ok(mean)
        };
        let totals = totals_of(e);
        let group_mean = mean_of(&totals)?;
        let movement = input.history.last().and_then(|(label, prev)| {
            prev.unit(unit).map(|p| Movement {
                previous: (*label).to_owned(),
                rank: (p.rank, me.rank),
                group_size: (p.group_size, me.group_size),
                total: (p.adjusted_total, me.adjusted_total),
                lists_before: p.lists.clone(),
            })
        });
        let red_list = match a.scheme().lists.iter().find(|l| l.end == ListEnd::Top) {
            None => RedList::NoList,
            Some(l) if me.lists.contains(&l.name) => RedList::On {
                list: l.name.clone(),
            },
            Some(l) => {
                let goal = ListGoal::Join(l.name.clone());
                let mut moves = list_moves(a, input.targets, input.sums, unit, &goal)?;
                moves.truncate(3);
                RedList::Moves {
                    list: l.name.clone(),
                    moves,
                }
            }
        };
        let scheme = a.scheme();
        let point = |label: &str, u: &UnitResult, group_mean, ev| TrendPoint {
            label: label.to_owned(),
            total: u.adjusted_total,
            group_mean,
            rank: u.rank,
            group_size: u.group_size,
            cutoffs: cutoffs(scheme, ev, &u.group),
        };
        let mut trend = Vec::with_capacity(input.history.len() + 1);
        for (label, ev) in input.history {
            if let Some(u) = ev.unit(unit) {
                trend.push(point(label, u, mean_of(&totals_of(ev))?, ev));
            }
        }
        trend.push(point(input.period, me, group_mean, e));
        // the dashboard's peers (by rank, then id) and scores by category
        let dashboard = UnitDashboard::new(a, e, unit, None)?;
        Ok(Self {
            unit: unit.clone(),
            name: def.name.clone(),
            group: me.group.clone(),
            group_name: group_name(scheme, &me.group),
            region: def.region.clone(),
            period: input.period.to_owned(),
            total: me.adjusted_total,
            full_points: me.full_points,
            lost: me.lost,
            extra: me.extra,
            raw_total: me.raw_total,
            coefficient: me.coefficient,
            rank: me.rank,
            group_size: me.group_size,
            lists: me.lists.clone(),
            vetoes: me.vetoes.clone(),
            before_veto: me.before_veto,
            cutoffs: cutoffs(scheme, e, &me.group),
            categories: dashboard.categories,
            group_mean,
            group_median: checked_median(&totals),
            group_best: totals.iter().max().copied(),
            lost_points,
            tolerance,
            weakest,
            movement,
            red_list,
            trend,
            peers: dashboard.peers,
            names: ids
                .iter()
                .filter_map(|i| catalog.get(i))
                .map(|i| IndicatorName {
                    indicator: i.id.clone(),
                    zh: i.name.clone(),
                    en: i.name_en().to_owned(),
                })
                .collect(),
        })
    }
}
