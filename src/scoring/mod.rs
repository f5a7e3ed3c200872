//! Scoring: the evaluator.
//!
//! Evaluation runs in phases because some rules compare a unit with its peer group:
//! first the peer-relative pairs are **measured** ([`Measured`](crate::rule::Measured))
//! and the group statistics ([`PeerStats`](crate::rule::PeerStats)) formed; then every
//! applicable (unit, indicator) pair is measured and **scored** with its
//! [`Rule`](crate::rule::Rule) and the units totalled; finally the totals are adjusted,
//! ranked and listed group by group.

mod evaluate;
mod live;
mod overrides;
mod trace;

pub use self::evaluate::{
    Assessment, Evaluation, GroupStat, Overridden, PairScore, Targets, UnitResult,
};
pub use self::live::Live;
pub use self::overrides::Override;
pub use self::trace::Trace;
// crate-internal only: `analysis::report` still names the vocabulary from here
pub(crate) use crate::trace::{Explanation, Step};
