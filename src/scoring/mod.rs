//! Scoring: the evaluator.
//!
//! Evaluation runs in phases because some rules compare a unit with its peer group:
//! first the peer-relative pairs are **measured** ([`Measured`](crate::rule::Measured))
//! and the group statistics ([`PeerStats`](crate::rule::PeerStats)) formed; then every
//! applicable (unit, indicator) pair is measured and **scored** with its
//! [`Rule`](crate::rule::Rule) and the units totalled; finally the totals are adjusted,
//! ranked and listed group by group.
//!
//! A change of one indicator's definition (its rule's parameters, its rule, its points)
//! need not evaluate everything again: [`Assessment::rescore_indicator`] and
//! [`LiveEvaluation::rescore_indicator`] score only that indicator's pairs again (增量重算,
//! incremental re-scoring) and give what a full evaluation gives.

mod assessment;
mod composite;
mod evaluate;
mod incidents;
mod live;
mod overrides;
mod rescore;
mod results;
mod targets;
mod totals;
mod trace;
mod veto;

pub use self::assessment::Assessment;
pub use self::live::LiveEvaluation;
pub use self::overrides::{Overridden, Override};
pub use self::results::{Evaluation, GroupStat, PairScore, UnitResult};
pub use self::targets::Targets;
pub use self::trace::Trace;
pub use self::veto::{VetoHit, VetoRead};
// crate-internal only: `analysis::report` still names the vocabulary from here
pub(crate) use crate::trace::{Explanation, Step};
