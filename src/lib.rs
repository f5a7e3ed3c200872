//! Exact, explained performance assessment (绩效考评) for public administration,
//! starting with the Chinese tax bureaus: the engine a bureau's services link to check
//! and aggregate the source systems' records, score every unit on every indicator by
//! the published rule, adjust totals by difficulty, rank units within their peer group,
//! draw the red and black lists (红榜、黑榜), and say why for every point.
//!
//! ```
//! use rust_decimal::Decimal;
//! use scorecard::{Aggregate, Assessment, Catalog, Period, Scheme, Sums, Targets, Unit};
//! # use scorecard::{DatapointId, Result, UnitId};
//! # struct Store; // the host's own store of summed facts
//! # impl Sums for Store {
//! #     fn aggregate(&self, unit: &UnitId, _: &DatapointId) -> Result<Aggregate> {
//! #         let sum = if unit.as_str() == "H1" { 620 } else { 510 };
//! #         Ok(Aggregate { sum: Decimal::from(sum), count: 1 })
//! #     }
//! # }
//!
//! let catalog: Catalog = serde_json::from_str(r#"[{
//!     "id": "I001", "name": "税收收入完成率", "points": "4", "groups": ["hall"],
//!     "rule": {"kind": "completion", "measure": {"sum": "D001"}, "cap": "1.0"}
//! }]"#)?;
//! let units = vec![
//!     Unit::new("H1", "长安区办税服务厅", "hall"),
//!     Unit::new("H2", "桥西区办税服务厅", "hall"),
//! ];
//! let mut targets = Targets::new();
//! targets.insert("H1", "I001", Decimal::from(800))?;
//! targets.insert("H2", "I001", Decimal::from(500))?;
//! let scheme = Scheme::new(Period::year(2026)?, catalog);
//! let assessment = Assessment::new(scheme, units, &targets)?;
//! // any `Sums`: the crate's aggregates of the records, or a store of the host's own
//! let result = assessment.evaluate(&Store)?;
//! let h1 = result.unit(&"H1".into()).unwrap();
//! assert_eq!(h1.raw_total, Decimal::new(31, 1)); // 4 × 620 / 800
//! let why = assessment.trace(&result, &"H1".into(), &"I001".into())?;
//! println!("{}", why.explanation.zh);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The modules below are the crate's map, one line each. `README.md` (中文:
//! `README.zh.md`) has a longer example, from the records to the lists, the commands
//! and the documents in `docs/`; `docs/GLOSSARY.md` pairs every Chinese term with the
//! English name used here.
//!
//! # API themes
//!
//! Conventions that hold everywhere in the crate:
//!
//! - **A curated root.** The root re-exports what a service uses every day: the rule
//!   book ([`Catalog`], [`Indicator`], [`Rule`], [`Scheme`]), units and facts
//!   ([`Unit`], [`Fact`], [`Sums`]), evaluating ([`Assessment`], [`Targets`],
//!   [`Evaluation`], [`LiveEvaluation`], [`Trace`]), warnings ([`Monitor`], [`Alert`],
//!   [`Card`]), [`Error`], the ids, [`Period`] and the numbers' helpers. Everything
//!   else lives one module away, under the module that says what it is
//!   (`facts::Validator`, `rank::RankOptions`, `audit::digest` …).
//! - **Decimal only.** Every value, score, coefficient and total is a
//!   `rust_decimal::Decimal`; nothing passes through binary floating point, and
//!   decimals are serialised as strings.
//! - **Rounding is explicit.** Nothing is rounded unless a rule or a total declares a
//!   [`RoundStep`]; the mode is the crate's own [`Rounding`] (四舍五入 = [`Rounding::HalfUp`]
//!   by default for published figures), and [`fixed`] writes a figure at its places.
//! - **Errors, never panics.** Overflow, division by zero, a missing target: each is an
//!   [`Error`] that names the unit and the indicator, asked with `is_*()` predicates.
//!   Names say how things fail: `checked_*` gives an `Option`, `try_*` a `Result`.
//! - **Options as values.** Settings are small serde values built step by step
//!   (`RankOptions::new().ties(…)`, `Assessment::threads`), and ids are newtypes
//!   ([`UnitId`], [`IndicatorId`] …) so that swapped arguments do not compile.
//! - **Findings are data.** Rejected facts, warnings, tolerance decisions and
//!   validation findings are serde values returned beside a result, for reports to
//!   embed and auditors to diff.
//! - **Pure core.** No file paths, no network, no clock: text is read from any
//!   `BufRead`, "today" is an `as_of` date passed in, and side effects (alerts, SMS) are
//!   hooks the host implements. The HTML, SVG and Markdown renderers of the reports
//!   are behind the default-on feature `report`.
//! - **Explained.** Every score can produce its trace: inputs, the rule's branch,
//!   intermediate values, rounding, points lost and the document basis.
//! - **Deterministic.** Same inputs in any order and on any number of threads give the
//!   same outputs, byte for byte; the reproducibility digest
//!   ([`audit::digest`]) lets anyone check it with standard tools.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

/// The README's example, run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct Readme;

/// The Chinese README's example, run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.zh.md")]
struct ReadmeZh;

pub mod adjust;
pub mod analysis;
pub mod audit;
mod calc;
pub mod catalog;
mod direction;
mod error;
pub mod facts;
mod id;
pub mod methods;
mod num;
pub mod org;
pub mod people;
mod period;
pub mod plan;
pub mod rank;
pub mod rule;
pub mod rulebook;
mod scheme;
pub mod scoring;
pub mod tolerance;
pub mod trace;
pub mod warn;

// The root: what a service uses every day. Everything else is one module away.

// the rule book: a scheme of indicators, each scored by its rule
pub use crate::catalog::{Catalog, Indicator};
pub use crate::rule::Rule;
pub use crate::scheme::Scheme;
// units and the facts about them
pub use crate::facts::{Aggregate, Fact, Sums};
pub use crate::org::Unit;
// evaluating: scores, totals, ranks, lists and their explanations
pub use crate::scoring::{
    Assessment, Evaluation, LiveEvaluation, PairScore, Targets, Trace, UnitResult,
};
// warnings
pub use crate::warn::{Alert, Card, Monitor};
// errors, ids, numbers, time
pub use crate::direction::Direction;
pub use crate::error::{Error, Result};
pub use crate::id::{DatapointId, FactorId, GroupId, IndicatorId, UnitId};
pub use crate::num::{DisplayFormat, RoundStep, Rounding, fixed};
pub use crate::period::Period;
