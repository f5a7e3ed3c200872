//! The inspection-bureau analysis sheet (稽查局, R16): per-capita inspected households
//! and per-capita recovered tax, each against the local per-capita, the peers and the
//! bureau's past; and the award list of the top half.
//!
//! Definitions, for one data point `d` and the staff factor:
//!
//! - **per capita** of a bureau = S(bureau, d) / staff;
//! - **local per capita** = Σ S(u, d) / Σ staff over every assessed unit of the bureau's
//!   region (any group) that has the staff factor — the pooled figure of the locality;
//!   a bureau without a region is its own locality;
//! - **peer mean** = the mean of the per-capita values of the bureaus of the group;
//! - ratios are per capita / reference, `None` when the reference is zero; the change
//!   from the previous period uses [`checked_pct_change`](super::checked_pct_change).
//!
//! The award list is the scheme's ranking of the bureaus' adjusted totals cut by
//! [`ListRule::award`] at the given share (50 % by default), ties at the cut included.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[cfg(feature = "report")]
use super::report::{Block, Lang, opt, signed, tr, two};
use super::stats::{checked_mean, checked_pct_change};
use crate::error::{Error, Result};
use crate::facts::Sums;
use crate::id::{DatapointId, FactorId, GroupId, UnitId};
use crate::rank::{ListRule, assign_lists, assign_ranks};
#[cfg(feature = "report")]
use crate::rule::explain::rate as pct;
use crate::scoring::{Assessment, Evaluation};

/// What the sheet reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InspectionSpec {
    /// The inspection bureaus' peer group.
    pub group: GroupId,
    /// The data point of inspected households (检查户数).
    pub households: DatapointId,
    /// The data point of recovered tax (查补税款).
    pub recovered: DatapointId,
    /// The head-count factor (`staff`).
    pub staff: FactorId,
    /// The award list's share of the ranking (0.5).
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub award_share: Decimal,
}

impl InspectionSpec {
    /// A spec with the `staff` factor and an award share of 50 %.
    pub fn new(
        group: impl Into<GroupId>,
        households: impl Into<DatapointId>,
        recovered: impl Into<DatapointId>,
    ) -> Self {
        Self {
            group: group.into(),
            households: households.into(),
            recovered: recovered.into(),
            staff: "staff".into(),
            award_share: Decimal::new(5, 1),
        }
    }
}

/// One per-capita figure of a bureau and its references.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct PerCapita {
    /// The sum of the data point.
    pub sum: Decimal,
    /// sum / staff.
    pub per_capita: Decimal,
    /// The locality's pooled per capita.
    pub local: Decimal,
    /// per capita / local.
    pub to_local: Option<Decimal>,
    /// The peers' mean per capita.
    pub peer_mean: Decimal,
    /// per capita / peer mean.
    pub to_peers: Option<Decimal>,
    /// Last period's per capita, when given.
    pub previous: Option<Decimal>,
    /// per capita − previous.
    pub change: Option<Decimal>,
    /// The relative change (`None` also on a zero base).
    pub pct_change: Option<Decimal>,
}

/// The analysis sheet of one bureau.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct BureauSheet {
    /// The bureau.
    pub unit: UnitId,
    /// Its name.
    pub name: String,
    /// Its region.
    pub region: Option<String>,
    /// Its staff.
    pub staff: Decimal,
    /// Inspected households per head.
    pub households: PerCapita,
    /// Recovered tax per head.
    pub recovered: PerCapita,
    /// Its adjusted total.
    pub total: Decimal,
    /// Its rank among the bureaus.
    pub rank: Decimal,
    /// Whether it is on the award list (the top share).
    pub award: bool,
}

struct Figures {
    unit: UnitId,
    staff: Decimal,
    sum: Decimal,
    per_capita: Decimal,
}

fn figures<S: Sums + ?Sized>(
    assessment: &Assessment,
    sums: &S,
    dp: &DatapointId,
    staff: &FactorId,
) -> Result<Vec<(Figures, Option<String>, GroupId)>> {
    let mut out = Vec::new();
    for u in assessment.units() {
        let Some(s) = u.factors.get(staff).copied() else {
            continue;
        };
        let sum = sums.aggregate(&u.id, dp)?.sum;
        let per_capita = if s.is_zero() {
            return Err(Error::invalid_factor(
                &u.id,
                staff,
                s,
                "a head count must not be zero",
            ));
        } else {
            sum.checked_div(s)
                .ok_or_else(|| Error::overflow(&u.id, None, "a per-capita figure"))?
        };
        out.push((
            Figures {
                unit: u.id.clone(),
                staff: s,
                sum,
                per_capita,
            },
            u.region.clone(),
            u.group.clone(),
        ));
    }
    Ok(out)
}

fn ratio(a: Decimal, b: Decimal) -> Option<Decimal> {
    if b.is_zero() { None } else { a.checked_div(b) }
}

fn per_capita<S: Sums + ?Sized, P: Sums + ?Sized>(
    assessment: &Assessment,
    sums: &S,
    previous: Option<&P>,
    spec: &InspectionSpec,
    dp: &DatapointId,
) -> Result<Vec<(UnitId, Decimal, PerCapita)>> {
    let all = figures(assessment, sums, dp, &spec.staff)?;
    let before = match previous {
        Some(p) => Some(figures(assessment, p, dp, &spec.staff)?),
        None => None,
    };
    let peers: Vec<Decimal> = all
        .iter()
        .filter(|(_, _, g)| *g == spec.group)
        .map(|(f, _, _)| f.per_capita)
        .collect();
    let peer_mean = match checked_mean(&peers) {
        Some(m) => m,
        None if peers.is_empty() => Decimal::ZERO,
        None => {
            return Err(Error::group_overflow(
                &spec.group,
                None,
                "the peers' mean per capita",
            ));
        }
    };
    let mut out = Vec::new();
    for (f, region, g) in &all {
        if *g != spec.group {
            continue;
        }
        let overflow = || Error::overflow(&f.unit, None, "a local per-capita figure");
        let (mut sum, mut staff) = (Decimal::ZERO, Decimal::ZERO);
        for (o, r, _) in &all {
            if (region.is_some() && r == region) || o.unit == f.unit {
                sum = sum.checked_add(o.sum).ok_or_else(overflow)?;
                staff = staff.checked_add(o.staff).ok_or_else(overflow)?;
            }
        }
        let local = ratio(sum, staff).ok_or_else(overflow)?;
        let prev = before
            .as_ref()
            .and_then(|b| b.iter().find(|(o, _, _)| o.unit == f.unit))
            .map(|(o, _, _)| o.per_capita);
        let change = match prev {
            Some(p) => Some(f.per_capita.checked_sub(p).ok_or_else(overflow)?),
            None => None,
        };
        out.push((
            f.unit.clone(),
            f.staff,
            PerCapita {
                sum: f.sum,
                per_capita: f.per_capita,
                local,
                to_local: ratio(f.per_capita, local),
                peer_mean,
                to_peers: ratio(f.per_capita, peer_mean),
                previous: prev,
                change,
                pct_change: prev.and_then(|p| checked_pct_change(p, f.per_capita)),
            },
        ));
    }
    Ok(out)
}

/// The analysis sheets of the bureaus of `spec.group`, by rank then id.
///
/// `previous` holds last period's sums for the comparison with the past.
///
/// # Errors
///
/// A bureau with a zero head count, an invalid award share, or an overflow.
///
/// # Examples
///
/// See `tests/analysis/inspection.rs` for a worked case.
pub fn inspection_sheets<S: Sums + ?Sized, P: Sums + ?Sized>(
    assessment: &Assessment,
    evaluation: &Evaluation,
    sums: &S,
    previous: Option<&P>,
    spec: &InspectionSpec,
) -> Result<Vec<BureauSheet>> {
    let households = per_capita(assessment, sums, previous, spec, &spec.households)?;
    let recovered = per_capita(assessment, sums, previous, spec, &spec.recovered)?;
    let entries: Vec<(UnitId, Decimal)> = households
        .iter()
        .filter_map(|(u, _, _)| evaluation.unit(u).map(|r| (u.clone(), r.adjusted_total)))
        .collect();
    let ranked = assign_ranks(&entries, &assessment.scheme().ranking)?;
    let lists = assign_lists(&ranked, &[ListRule::award(spec.award_share)])?;
    let mut out = Vec::new();
    for (r, l) in ranked.iter().zip(lists) {
        let Some((_, staff, h)) = households.iter().find(|(u, _, _)| *u == r.key) else {
            continue;
        };
        let Some((_, _, t)) = recovered.iter().find(|(u, _, _)| *u == r.key) else {
            continue;
        };
        let def = assessment.unit(&r.key);
        out.push(BureauSheet {
            unit: r.key.clone(),
            name: def.map(|u| u.name.clone()).unwrap_or_default(),
            region: def.and_then(|u| u.region.clone()),
            staff: *staff,
            households: h.clone(),
            recovered: t.clone(),
            total: r.value,
            rank: r.rank,
            award: !l.is_empty(),
        });
    }
    out.sort_by(|a, b| a.rank.cmp(&b.rank).then(a.unit.cmp(&b.unit)));
    Ok(out)
}

/// A ratio as a percentage with two places ("128.57%"), or "—".
#[cfg(feature = "report")]
fn percent(d: Option<Decimal>) -> String {
    d.map_or_else(|| "—".to_owned(), pct)
}

/// The sheet's content in `lang`, for the Markdown and HTML writers.
#[cfg(feature = "report")]
pub(crate) fn sheet_document(sheets: &[BureauSheet], lang: Lang) -> Vec<Block> {
    let zh = lang == Lang::Zh;
    let mut b = Vec::new();
    b.push(Block::H1(tr(
        lang,
        "稽查局分析表",
        "Inspection bureaus: analysis sheet",
    )));
    let awarded: Vec<String> = sheets
        .iter()
        .filter(|s| s.award)
        .map(|s| format!("{}（{}）", s.name, s.unit))
        .collect();
    b.push(Block::Para(if zh {
        format!(
            "共 {} 个稽查局，按调整后总分排名；奖励名单（排名前列）{} 个：{}。",
            sheets.len(),
            awarded.len(),
            if awarded.is_empty() { "无".to_owned() } else { awarded.join("、") }
        )
    } else {
        format!(
            "{} bureaus, ranked by adjusted total; {} on the award list (the top of the ranking): {}.",
            sheets.len(),
            awarded.len(),
            if awarded.is_empty() { "none".to_owned() } else { awarded.join(", ") }
        )
    }));
    let yes = tr(lang, "是", "yes");
    let no = tr(lang, "否", "no");
    b.push(Block::H2(tr(lang, "排名", "Ranking")));
    b.push(Block::Table(
        vec![
            tr(lang, "名次", "rank"),
            tr(lang, "单位", "bureau"),
            tr(lang, "地区", "region"),
            tr(lang, "人数", "staff"),
            tr(lang, "调整后总分", "adjusted total"),
            tr(lang, "人均检查户数", "households per head"),
            tr(lang, "人均查补税款", "recovered tax per head"),
            tr(lang, "奖励", "award"),
        ],
        sheets
            .iter()
            .map(|s| {
                vec![
                    s.rank.normalize().to_string(),
                    format!("{}（{}）", s.name, s.unit),
                    s.region.clone().unwrap_or_else(|| "—".to_owned()),
                    s.staff.normalize().to_string(),
                    two(s.total),
                    two(s.households.per_capita),
                    two(s.recovered.per_capita),
                    if s.award { yes.clone() } else { no.clone() },
                ]
            })
            .collect(),
    ));
    let head = vec![
        tr(lang, "指标", "figure"),
        tr(lang, "合计", "sum"),
        tr(lang, "人均", "per head"),
        tr(lang, "本地人均", "local per head"),
        tr(lang, "对本地", "to local"),
        tr(lang, "同类均值", "peer mean"),
        tr(lang, "对同类", "to peers"),
        tr(lang, "上期人均", "previous"),
        tr(lang, "增减", "change"),
        tr(lang, "增减幅度", "change %"),
    ];
    let row = |what: String, p: &PerCapita| {
        vec![
            what,
            two(p.sum),
            two(p.per_capita),
            two(p.local),
            percent(p.to_local),
            two(p.peer_mean),
            percent(p.to_peers),
            opt(p.previous),
            p.change.map_or_else(|| "—".to_owned(), signed),
            percent(p.pct_change),
        ]
    };
    for s in sheets {
        b.push(Block::H2(format!("{}（{}）", s.name, s.unit)));
        b.push(Block::Para(if zh {
            format!(
                "第 {} 名，调整后总分 {}，{}奖励名单；人数 {}。",
                s.rank.normalize(),
                two(s.total),
                if s.award { "在" } else { "不在" },
                s.staff.normalize()
            )
        } else {
            format!(
                "Rank {}, adjusted total {}, {} the award list; staff {}.",
                s.rank.normalize(),
                two(s.total),
                if s.award { "on" } else { "not on" },
                s.staff.normalize()
            )
        }));
        b.push(Block::Table(
            head.clone(),
            vec![
                row(tr(lang, "检查户数", "inspected households"), &s.households),
                row(tr(lang, "查补税款", "recovered tax"), &s.recovered),
            ],
        ));
    }
    b
}
