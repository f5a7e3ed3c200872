//! Analyse and improve (复盘分析, R10–R13, R15, R16): comparisons, the live view, the
//! health-check report, what-if simulation, bottlenecks and the inspection-bureau
//! sheet.
//!
//! Everything here reads an [`Assessment`](crate::Assessment) and its
//! [`Evaluation`](crate::Evaluation)s and returns plain serde data or text; nothing
//! does I/O.
//!
//! - [`horizontal`] and [`vertical`] (横向对比 / 纵向对比): gaps to the best, mean and
//!   median of the peers; series over periods with the change and the trend.
//! - [`checked_pct_change`]: the relative change they report, defined on zero and
//!   negative bases (the mean and median of a group are
//!   [`methods::mean`](crate::methods::mean) and [`methods::median`](crate::methods::median)).
//! - [`what_if`] (模拟演练): re-evaluate under a [`Scenario`] of changed facts,
//!   targets, points or rules and list the scores, ranks and lists that moved.
//! - [`list_moves`]: the smallest improvement on one indicator that moves a unit onto
//!   the red list (or off the black list), found by exact bisection and verified.
//! - [`HealthCheck`] (体检报告): one unit's report as data, rendered (with the `report`
//!   feature, on by default) by `render_markdown` and `render_html` (self-contained,
//!   with SVG charts) in Chinese or English.
//! - [`bottlenecks`] (梗阻点, 汇集点): points lost, alerts and incidents counted by
//!   indicator, unit, category, department, post and process step, ranked.
//! - [`inspection_sheets`] (稽查局): per-capita inspected households and recovered tax
//!   against the local per-capita, the peers and the past; the top-half award list;
//!   rendered (with the `report` feature) by `render_inspection_markdown` and
//!   `render_inspection_html`.
//! - [`UnitDashboard`] (一户式2.0): one unit now — totals, categories, items, peers, rank.

mod bottleneck;
mod compare;
mod inspection;
mod live;
mod reach;
mod report;
mod stats;
mod whatif;

pub use self::bottleneck::{BottleneckInput, Bottlenecks, Dimension, Hotspot, bottlenecks};
pub use self::compare::{
    CompareOptions, PeerComparison, PeerScope, PeerSummary, PeriodPoint, Quantity, Series, Subject,
    Trend, horizontal, percentile_rank, vertical,
};
pub use self::inspection::{BureauSheet, InspectionSpec, PerCapita, inspection_sheets};
pub use self::live::{CategoryScore, PeerScore, ScoreItem, UnitDashboard};
pub use self::reach::{ListGoal, ListMove, list_moves};
pub use self::report::{
    DisplayName, HealthCheck, IndicatorName, Lang, ListCutoff, LostPoint, Movement, RedList,
    ReportInput, TrendPoint,
};
#[cfg(feature = "report")]
pub use self::report::{
    position_svg, render_html, render_inspection_html, render_inspection_markdown, render_markdown,
    trend_svg,
};
pub use self::stats::checked_pct_change;
pub use self::whatif::{
    PairMoved, Patched, Scenario, ScenarioChange, UnitMoved, WhatIf, diff, what_if,
};
