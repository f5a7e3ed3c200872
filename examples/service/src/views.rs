//! What the service answers, as JSON: the ranking (the province job's `totals.csv`, row
//! for row, decimals as strings with the same places) and one unit's scores with their
//! explanations.

use rust_decimal::Decimal;
use scorecard::analysis::UnitDashboard;
use scorecard::trace::Explanation;
use scorecard::{Assessment, Evaluation, Rounding, UnitId, fixed};
use serde::Serialize;

// Results the service writes, never reads: open to keys it does not know (unknown keys).
/// One row of the ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RankRow {
    /// The unit.
    pub unit_id: String,
    /// Its name (`null` for a unit outside a unit token's scope).
    pub name: Option<String>,
    /// Its peer group.
    pub group: String,
    /// Σ scores, 6 places (`null` outside the scope: not published).
    pub raw_total: Option<String>,
    /// The difficulty coefficient, 6 places (`null` outside the scope).
    pub coefficient: Option<String>,
    /// raw total × coefficient, 2 places, half up.
    pub adjusted_total: String,
    /// The rank in the group.
    pub rank: String,
    /// The group's size.
    pub group_size: u32,
    /// The first list the unit is on, or `none` (as totals.csv writes it).
    pub list: String,
    /// Every list the unit is on.
    pub lists: Vec<String>,
}

impl RankRow {
    /// The row with only the published figures (adjusted total, rank, lists).
    pub fn published(&self) -> Self {
        Self {
            name: None,
            raw_total: None,
            coefficient: None,
            ..self.clone()
        }
    }
}

/// The ranking's rows, by unit id, from an evaluation.
pub fn rank_rows(assessment: &Assessment, evaluation: &Evaluation) -> Vec<RankRow> {
    evaluation
        .units
        .iter()
        .map(|u| RankRow {
            unit_id: u.unit.to_string(),
            name: assessment.unit(&u.unit).map(|d| d.name.clone()),
            group: u.group.to_string(),
            raw_total: Some(fixed(u.raw_total, 6, Rounding::HalfUp)),
            coefficient: Some(fixed(u.coefficient, 6, Rounding::HalfUp)),
            adjusted_total: fixed(u.adjusted_total, 2, Rounding::HalfUp),
            rank: u.rank.normalize().to_string(),
            group_size: u.group_size,
            list: u.lists.first().cloned().unwrap_or_else(|| "none".into()),
            lists: u.lists.clone(),
        })
        .collect()
}

/// The ranking as `GET /ranking` answers it.
#[derive(Debug, Clone, Serialize)]
pub struct Ranking<'a> {
    /// The number of batches committed: it grows with every batch.
    pub version: u64,
    /// The accepted facts in the evaluation.
    pub facts: u64,
    /// The period, `YYYY-MM-DD` to `YYYY-MM-DD`.
    pub period: [String; 2],
    /// The units, by id.
    pub units: &'a [RankRow],
}

/// A six-place decimal, as scores.csv writes it.
fn six(d: Decimal) -> String {
    fixed(d, 6, Rounding::HalfUp)
}

// Results the service writes, never reads: open to keys it does not know (unknown keys).
/// One indicator score of a unit, explained.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreView {
    /// The indicator.
    pub indicator_id: String,
    /// Its name in Chinese.
    pub name: String,
    /// Its name in English.
    pub name_en: String,
    /// 党务 / 政务 / 业务 (`party`, `administration`, `business`) or the bureau's own.
    pub category: String,
    /// Full points, as declared.
    pub points: String,
    /// The measured value (6 places; `null` where the rule has none).
    pub value: Option<String>,
    /// The score (6 places).
    pub score: String,
    /// Points lost (6 places).
    pub lost: String,
    /// Points above full (6 places).
    pub extra: String,
    /// Why, in Chinese and English.
    pub explanation: Explanation,
    /// The document and clause the rule comes from, if declared.
    pub basis: Option<String>,
}

// Results the service writes, never reads: open to keys it does not know (unknown keys).
/// Scores by category.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryView {
    /// The category.
    pub category: String,
    /// Full points of its indicators.
    pub full_points: String,
    /// Σ scores.
    pub score: String,
    /// Σ points lost.
    pub lost: String,
}

// Results the service writes, never reads: open to keys it does not know (unknown keys).
/// One unit, as `GET /units/{id}` answers it.
#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    /// The ranking's version the figures belong to.
    pub version: u64,
    /// Its row of the ranking.
    #[serde(flatten)]
    pub row: RankRow,
    /// Full points.
    pub full_points: String,
    /// Σ points lost (6 places).
    pub lost: String,
    /// Σ points above full (6 places).
    pub extra: String,
    /// By category.
    pub categories: Vec<CategoryView>,
    /// Every indicator score with its explanation, by indicator.
    pub scores: Vec<ScoreView>,
}

/// Builds the view of `unit`.
///
/// # Errors
///
/// An unknown unit, or an error of the library's traces.
pub fn unit_view(
    assessment: &Assessment,
    evaluation: &Evaluation,
    unit: &UnitId,
    version: u64,
) -> scorecard::Result<UnitView> {
    let result = evaluation
        .unit(unit)
        .ok_or_else(|| scorecard::Error::unknown_unit(unit))?;
    let row = rank_rows(assessment, evaluation)
        .into_iter()
        .find(|r| r.unit_id == unit.as_str())
        .ok_or_else(|| scorecard::Error::unknown_unit(unit))?;
    let catalog = &assessment.scheme().indicators;
    let mut scores = Vec::new();
    for t in assessment.traces(evaluation, unit)? {
        let ind = catalog.get(&t.indicator);
        scores.push(ScoreView {
            indicator_id: t.indicator.to_string(),
            name: t.name.clone(),
            name_en: ind.map_or_else(|| t.name.clone(), |i| i.name_en().to_owned()),
            category: ind.map_or_else(String::new, |i| String::from(i.category.clone())),
            points: t.points.to_string(),
            value: t.value.map(six),
            score: six(t.score),
            lost: six(t.lost),
            extra: six(t.extra),
            explanation: t.explanation,
            basis: t.basis.map(|b| b.to_string()),
        });
    }
    let dash = UnitDashboard::new(assessment, evaluation, unit, None)?;
    let categories = dash
        .categories
        .iter()
        .map(|c| CategoryView {
            category: String::from(c.category.clone()),
            full_points: c.full_points.to_string(),
            score: six(c.score),
            lost: six(c.lost),
        })
        .collect();
    Ok(UnitView {
        version,
        row,
        full_points: result.full_points.to_string(),
        lost: six(result.lost),
        extra: six(result.extra),
        categories,
        scores,
    })
}

/// A list's name as people read it: `red` → 红榜 / red list, `black` → 黑榜 / black list.
pub fn list_label(name: &str) -> (String, String) {
    match name {
        "red" => ("红榜".into(), "red list".into()),
        "black" => ("黑榜".into(), "black list".into()),
        "award" => ("奖励名单".into(), "award list".into()),
        other => (other.into(), other.into()),
    }
}
