//! Bottlenecks (R12): where problems concentrate (汇集点) and where work gets stuck
//! (梗阻点), ranked.
//!
//! Every point lost in an evaluation, every alert of the period and every error-
//! tolerance incident is counted against the indicator, the unit and the category it
//! belongs to; with a [`Decomposition`] also against the department and post that
//! answers for the (unit, indicator) pair (the lead posts, or every linked post when
//! none leads); with the host's map of indicators to process steps (环节) also against
//! the step. Each dimension is ranked by points lost, then alerts, then incidents.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::id::{IndicatorId, UnitId};
use crate::people::{Decomposition, Role};
use crate::scoring::{Assessment, Evaluation};
use crate::tolerance::Decision;
use crate::warn::Alert;

/// What a hotspot is counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Dimension {
    /// By indicator.
    Indicator,
    /// By assessed unit.
    Unit,
    /// By category (党务 / 政务 / 业务 …).
    Category,
    /// By department answering for the pair.
    Department,
    /// By post answering for the pair.
    Post,
    /// By the host's process step.
    Step,
}

/// Where problems gather along one dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Hotspot {
    /// The dimension.
    pub dimension: Dimension,
    /// The key (an indicator, unit, category, department, post id or step name).
    pub key: String,
    /// Σ points lost.
    pub lost: Decimal,
    /// The share of all points lost (`None` when nothing was lost).
    pub share: Option<Decimal>,
    /// (unit, indicator) pairs with points lost.
    pub deductions: u32,
    /// Alerts raised.
    pub alerts: u32,
    /// Σ points at risk of the alerts.
    pub at_risk: Decimal,
    /// Error-tolerance incidents.
    pub incidents: u32,
}

/// The ranked hotspots of every dimension that has data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Bottlenecks {
    /// Σ points lost in the evaluation.
    pub total_lost: Decimal,
    /// The hotspots, by dimension then rank.
    pub hotspots: Vec<Hotspot>,
}

impl Bottlenecks {
    /// The ranked hotspots of one dimension.
    pub fn by(&self, dimension: Dimension) -> Vec<&Hotspot> {
        self.hotspots
            .iter()
            .filter(|h| h.dimension == dimension)
            .collect()
    }
}

/// What else bottlenecks are counted from, beside the evaluation.
#[derive(Debug, Clone, Copy, Default)]
pub struct BottleneckInput<'a> {
    /// The period's alerts.
    pub alerts: &'a [Alert],
    /// The period's error-tolerance decisions (one per incident).
    pub incidents: &'a [Decision],
    /// Who answers for each (unit, indicator) pair.
    pub decomposition: Option<&'a Decomposition>,
    /// The host's process step of each indicator.
    pub steps: &'a [(IndicatorId, String)],
}

#[derive(Default)]
struct Tally {
    lost: Decimal,
    deductions: u32,
    alerts: u32,
    at_risk: Decimal,
    incidents: u32,
}

enum Event {
    Lost(Decimal),
    Alert(Decimal),
    Incident,
}

/// Counts and ranks the bottlenecks of `evaluation` and `input`.
///
/// # Errors
///
/// An overflow of a sum, naming the unit.
///
/// # Examples
///
/// See `tests/analysis/bottleneck.rs`.
pub fn bottlenecks(
    assessment: &Assessment,
    evaluation: &Evaluation,
    input: &BottleneckInput<'_>,
) -> Result<Bottlenecks> {
    let mut tallies: BTreeMap<(Dimension, String), Tally> = BTreeMap::new();
    let catalog = &assessment.scheme().indicators;
    let steps: BTreeMap<&IndicatorId, &str> =
        input.steps.iter().map(|(i, s)| (i, s.as_str())).collect();
    let mut add = |unit: &UnitId, indicator: &IndicatorId, event: Event| -> Result<()> {
        let mut keys = vec![
            (Dimension::Indicator, indicator.to_string()),
            (Dimension::Unit, unit.to_string()),
        ];
        if let Some(ind) = catalog.get(indicator) {
            keys.push((Dimension::Category, ind.category.to_string()));
        }
        if let Some(step) = steps.get(indicator) {
            keys.push((Dimension::Step, (*step).to_owned()));
        }
        if let Some(d) = input.decomposition {
            let links: Vec<_> = d
                .links()
                .iter()
                .filter(|l| l.unit == *unit && l.indicator == *indicator)
                .collect();
            let lead: Vec<_> = links.iter().filter(|l| l.role == Role::Lead).collect();
            let chosen: Vec<_> = if lead.is_empty() {
                links.iter().collect()
            } else {
                lead
            };
            let mut departments: Vec<String> =
                chosen.iter().map(|l| l.department.to_string()).collect();
            departments.dedup();
            for dep in departments {
                keys.push((Dimension::Department, dep));
            }
            for l in chosen {
                keys.push((Dimension::Post, l.post.to_string()));
            }
        }
        let overflow = || Error::overflow(unit, Some(indicator), "a bottleneck sum");
        for key in keys {
            let t = tallies.entry(key).or_default();
            match event {
                Event::Lost(x) => {
                    t.lost = t.lost.checked_add(x).ok_or_else(overflow)?;
                    t.deductions += 1;
                }
                Event::Alert(x) => {
                    t.at_risk = t.at_risk.checked_add(x).ok_or_else(overflow)?;
                    t.alerts += 1;
                }
                Event::Incident => t.incidents += 1,
            }
        }
        Ok(())
    };
    let mut total_lost = Decimal::ZERO;
    for p in &evaluation.pairs {
        if p.lost > Decimal::ZERO {
            total_lost = total_lost
                .checked_add(p.lost)
                .ok_or_else(|| Error::overflow(&p.unit, None, "points lost"))?;
            add(&p.unit, &p.indicator, Event::Lost(p.lost))?;
        }
    }
    for a in input.alerts {
        add(&a.unit, &a.indicator, Event::Alert(a.at_risk))?;
    }
    for d in input.incidents {
        add(&d.unit, &d.indicator, Event::Incident)?;
    }
    let mut hotspots: Vec<Hotspot> = tallies
        .into_iter()
        .map(|((dimension, key), t)| Hotspot {
            dimension,
            key,
            share: if total_lost.is_zero() {
                None
            } else {
                t.lost.checked_div(total_lost)
            },
            lost: t.lost,
            deductions: t.deductions,
            alerts: t.alerts,
            at_risk: t.at_risk,
            incidents: t.incidents,
        })
        .collect();
    hotspots.sort_by(|a, b| {
        a.dimension
            .cmp(&b.dimension)
            .then(b.lost.cmp(&a.lost))
            .then(b.alerts.cmp(&a.alerts))
            .then(b.incidents.cmp(&a.incidents))
            .then(a.key.cmp(&b.key))
    });
    Ok(Bottlenecks {
        total_lost,
        hotspots,
    })
}
