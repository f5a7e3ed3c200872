//! From the organisation's plan and scores to people: decomposition of planned
//! indicators to lead (承接) and co-handling (协办) departments and posts (R4), the
//! individual scores that follow from the organisation's (R5), and personal accounts
//! (个人账户) that carry scores across post changes (R6).
//!
//! The chain is indicator → unit → department → post → person → score: a
//! [`Decomposition`] holds the links to posts, the [`crate::org::OrgGraph`] says who holds
//! each post on which days, and a [`Linkage`] turns an [`crate::Evaluation`] into
//! [`PersonScore`]s whose parts lead back to the organisation's scores.

mod account;
mod decompose;
mod linkage;
mod split;

pub use self::account::{
    AccountEntry, AccountOptions, DayConvention, PeriodPart, PeriodScore, PersonalAccount, split_at,
};
pub use self::decompose::{
    Decomposition, DecompositionFinding, Link, Proposal, ResponsiblePerson, Role, decompose,
};
pub use self::linkage::{LinkOptions, Linkage, PersonPart, PersonScore};
pub use self::split::{day_weights, largest_remainder};
