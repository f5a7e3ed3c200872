//! Early warning (预警): reminders before the fact, risk monitoring during the period,
//! and the red + black card push after it — all through one hook.
//!
//! The library decides; the host acts. Nothing here sends a message or reads the
//! clock: the as-of date is passed in, and every event goes to an [`AlertSink`] the
//! host implements.
//!
//! - **Before the fact (事前提示, R7).** [`WorkItem`]s with deadlines get a [`Card`] by
//!   [`CardRules`] declared per indicator or item kind ([`reminders`]); a
//!   [`ProgressRule`] projects completion so far against the share of the period
//!   elapsed; missed and overdue items become [`ItemFact`]s ([`late_facts`]) the host
//!   feeds to aggregation.
//! - **During the period (事中监控, R8).** A [`RiskModel`] of [`RiskRule`]s (a warning
//!   line and a limit per indicator) checks an evaluation of the facts up to the as-of
//!   date and returns [`Alert`]s naming the unit, the indicator, the value, the line
//!   crossed, the score if the period ended now and the people a [`ResponsibleLookup`] names.
//! - **The hook.** A [`Monitor`] remembers what was sent: each alert is raised once
//!   under a stable key, an alert that stops holding is [`Cleared`], and cards are sent
//!   once per colour. [`CollectingSink`] keeps the events.
//! - **After the period (R9).** [`Monitor::lists`] pushes one [`Listed`] event per
//!   unit on the red or black list of an evaluation.
//!
//! # Examples
//!
//! The article's error rate: must not exceed 5 %, warns at 3 %.
//!
//! ```
//! use chrono::NaiveDate;
//! use rust_decimal_macros::dec;
//! use scorecard::warn::{CollectingSink, Event, RiskLevel, Monitor, Nobody, RiskModel, RiskRule};
//! use scorecard::{Assessment, Catalog, Indicator, Period, Scheme, Targets, Unit};
//! # use std::collections::BTreeMap;
//! # use scorecard::{Aggregate, DatapointId, Sums, UnitId};
//! # #[derive(Default)]
//! # struct Map(BTreeMap<(UnitId, DatapointId), Aggregate>);
//! # impl Sums for Map {
//! #     fn aggregate(&self, u: &UnitId, d: &DatapointId) -> scorecard::Result<Aggregate> {
//! #         Ok(self.0.get(&(u.clone(), d.clone())).copied().unwrap_or_default())
//! #     }
//! # }
//! # impl Map {
//! #     fn set(&mut self, u: &str, d: &str, sum: rust_decimal::Decimal) {
//! #         self.0.insert((u.into(), d.into()), Aggregate { sum, count: 1 });
//! #     }
//! # }
//!
//! let i051: Indicator = serde_json::from_str(r#"{
//!     "id": "I051", "name": "申报差错率", "points": "3", "groups": ["hall"],
//!     "rule": {"kind": "ratio_threshold",
//!              "measure": {"ratio": {"numerator": "D051", "denominator": "D052"}},
//!              "direction": "lower_is_better", "good": "0.03", "bad": "0.05"}}"#)?;
//! let scheme = Scheme::new(Period::year(2026)?, Catalog::new(vec![i051])?);
//! let assessment = Assessment::new(scheme, vec![Unit::new("U01", "", "hall")], &Targets::new())?;
//! let model = RiskModel::new(vec![RiskRule::new("I051", dec!(0.03), dec!(0.05))])?;
//! let as_of = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
//!
//! let mut sums = Map::default();
//! sums.set("U01", "D051", dec!(42));
//! sums.set("U01", "D052", dec!(1000));
//! let alerts = model.check(&assessment, &sums, as_of, &Nobody)?;
//! assert_eq!(alerts[0].line.level, RiskLevel::Warning);
//! assert_eq!(alerts[0].score, dec!(1.2)); // 3 × (0.05 − 0.042) / 0.02
//! assert_eq!(alerts[0].at_risk, dec!(1.8));
//!
//! let (mut monitor, sink) = (Monitor::new(), CollectingSink::new());
//! assert_eq!(monitor.alerts(alerts.clone(), as_of, &sink), 1);
//! assert_eq!(monitor.alerts(alerts, as_of, &sink), 0); // unchanged: nothing again
//! assert_eq!(monitor.alerts(Vec::new(), as_of, &sink), 1); // cleared
//! assert!(matches!(sink.take()[1], Event::Cleared(_)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cards;
mod hook;
mod risk;

use serde::{Deserialize, Serialize};

pub use self::cards::{
    CardRule, CardRules, ItemFact, Lateness, ProgressRule, Projection, Reminder, WorkItem,
    late_facts, reminders,
};
pub use self::hook::{AlertSink, Cleared, CollectingSink, Event, Listed, Monitor};
pub use self::risk::{
    Alert, CrossedLine, Nobody, ResponsibleLookup, RiskLevel, RiskModel, RiskRule,
};

/// A card (红黄绿牌) by urgency, ordered green < yellow < red.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
#[serde(rename_all = "snake_case")]
pub enum Card {
    /// 绿牌: on track.
    Green,
    /// 黄牌: the deadline is near, or progress lags.
    Yellow,
    /// 红牌: the deadline is imminent or passed, or progress lags badly.
    Red,
}

impl Card {
    /// `green`, `yellow` or `red`.
    pub fn as_str(self) -> &'static str {
        match self {
            Card::Green => "green",
            Card::Yellow => "yellow",
            Card::Red => "red",
        }
    }

    /// 绿牌, 黄牌 or 红牌.
    pub fn name_zh(self) -> &'static str {
        match self {
            Card::Green => "绿牌",
            Card::Yellow => "黄牌",
            Card::Red => "红牌",
        }
    }
}
