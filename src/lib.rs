#![doc = include_str!("../README.md")]
//!
//! # API themes
//!
//! Conventions that hold everywhere in the crate:
//!
//! - **Decimal only.** Every value, score, coefficient and total is a
//!   [`rust_decimal::Decimal`]; nothing passes through binary floating point, and
//!   decimals are serialised as strings.
//! - **Rounding is explicit.** Nothing is rounded unless a rule or a total declares a
//!   [`RoundStep`]; the mode is the crate's own [`Rounding`] (四舍五入 = [`Rounding::HalfUp`]
//!   by default for published figures).
//! - **Errors, never panics.** Overflow, division by zero, a missing target: each is an
//!   [`Error`] that names the unit and the indicator.
//! - **Pure core.** No file paths, no network, no clock: text is read from any
//!   `BufRead`, "today" is an `as_of` date passed in, and side effects (alerts, SMS) are
//!   hooks the host implements.
//! - **Explained.** Every score can produce its trace: inputs, the rule's branch,
//!   intermediate values, rounding, points lost and the document basis.
//! - **Deterministic.** Same inputs in any order and on any number of threads give the
//!   same outputs, byte for byte.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

pub mod adjust;
pub mod analysis;
pub mod audit;
pub mod catalog;
mod direction;
mod error;
pub mod facts;
pub mod formula;
mod id;
pub mod job;
mod num;
pub mod org;
pub mod people;
mod period;
pub mod plan;
pub mod rank;
mod scheme;
pub mod scoring;
pub mod synthetic;
pub mod tolerance;
pub mod warn;

pub use crate::adjust::Adjustment;
pub use crate::analysis::{
    Bottlenecks, BureauSheet, CompareOptions, HealthCheck, Lang, LiveView, PeerComparison,
    Scenario, Series, WhatIf, horizontal, vertical, what_if,
};
pub use crate::audit::{Digest, ScopedView, Verification};
pub use crate::catalog::{Basis, Catalog, Category, Indicator};
pub use crate::direction::Direction;
pub use crate::error::{Error, Result};
pub use crate::facts::{
    Aggregate, Aggregates, DenseSums, Dictionary, Fact, FactReader, Granularity, Quarantine,
    RejectReason, Rejected, Sums, Tally, Validator, Verdict,
};
pub use crate::id::{
    DatapointId, DepartmentId, FactorId, GroupId, IndicatorId, PersonId, PostId, UnitId,
};
pub use crate::num::{RoundStep, Rounding, fixed};
pub use crate::org::{OrgGraph, Unit};
pub use crate::people::{Decomposition, Linkage, PersonScore, PersonalAccount};
pub use crate::period::Period;
pub use crate::plan::{IndicatorSource, Libraries, Library, Plan};
pub use crate::rank::{Cutoff, End, ListRule, RankOptions, Ranked, Ties, assign_lists, rank};
pub use crate::scheme::Scheme;
pub use crate::scoring::{
    Assessment, Branch, Evaluation, Explanation, Measure, PairScore, Rule, Targets, Trace,
    UnitResult,
};
pub use crate::tolerance::{
    Decision, DefaultPolicy, Incident, Severity, TolerancePolicy, Tolerated,
};
pub use crate::warn::{
    Alert, AlertSink, Card, CardRule, CardRules, CollectingSink, Event, Monitor, RiskModel,
    RiskRule, WorkItem,
};
