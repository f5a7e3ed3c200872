//! The scheme (考核方案) of one period: indicators, difficulty adjustment, ranking, lists
//! and the rounding of published totals.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::adjust::Adjustment;
use crate::catalog::Catalog;
use crate::error::Result;
use crate::num::RoundStep;
use crate::period::Period;
use crate::rank::{ListRule, RankOptions};

fn default_lists() -> Vec<ListRule> {
    vec![
        ListRule::red(Decimal::new(4, 1)),
        ListRule::black(Decimal::new(1, 1)),
    ]
}

fn default_total_rounding() -> RoundStep {
    RoundStep::half_up(2)
}

/// Everything that decides how a period is scored, apart from the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    /// The assessment period.
    pub period: Period,
    /// The indicators.
    pub indicators: Catalog,
    /// The difficulty adjustment (none unless declared).
    #[serde(default)]
    pub adjustment: Adjustment,
    /// How units are ranked in their group (competition ranking, higher is better,
    /// unless declared).
    #[serde(default)]
    pub ranking: RankOptions,
    /// The lists (red top 40 %, black bottom 10 % unless declared).
    #[serde(default = "default_lists")]
    pub lists: Vec<ListRule>,
    /// The rounding of adjusted totals (四舍五入 to 2 places unless declared).
    #[serde(default = "default_total_rounding")]
    pub total_rounding: RoundStep,
}

impl Scheme {
    /// A scheme with the defaults: no adjustment, competition ranking, red 40 %,
    /// black 10 %, totals half up to 2 places.
    pub fn new(period: Period, indicators: Catalog) -> Self {
        Self {
            period,
            indicators,
            adjustment: Adjustment::None,
            ranking: RankOptions::default(),
            lists: default_lists(),
            total_rounding: default_total_rounding(),
        }
    }

    /// Sets the difficulty adjustment.
    pub fn adjustment(mut self, adjustment: Adjustment) -> Self {
        self.adjustment = adjustment;
        self
    }

    /// Sets the ranking options.
    pub fn ranking(mut self, ranking: RankOptions) -> Self {
        self.ranking = ranking;
        self
    }

    /// Sets the lists.
    pub fn lists(mut self, lists: Vec<ListRule>) -> Self {
        self.lists = lists;
        self
    }

    /// Sets the rounding of adjusted totals.
    pub fn total_rounding(mut self, step: RoundStep) -> Self {
        self.total_rounding = step;
        self
    }

    /// Checks the adjustment and the list rules (the catalogue is checked when built).
    ///
    /// # Errors
    ///
    /// The first invalid declaration.
    pub fn validate(&self) -> Result<()> {
        self.adjustment.validate()?;
        for l in &self.lists {
            l.validate()?;
        }
        Ok(())
    }
}
