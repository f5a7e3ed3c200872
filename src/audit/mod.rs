//! The auditors' tools (审计): the reproducibility digest of an evaluation and scoped
//! views of it.
//!
//! - [`digest`] hashes a canonical, versioned text of the rules, units, targets,
//!   aggregated facts and results ([`canonical_text`]); a bureau publishes the
//!   [`Digest`] beside the ranking, and [`verify`] evaluates the published inputs again
//!   and says whether the results and the digest match ([`Verification`]).
//! - [`ScopedView`] is what one unit may see: its own and its subtree's details, and
//!   only the [`Published`] figures (adjusted total, rank, lists) of the others.
//!
//! The property tests over whole evaluations live in `tests/audit/`; `docs/AUDIT.md`
//! says how to run them.

mod canon;
mod digest;
mod scope;
mod sha256;

pub use self::digest::{
    DIGEST_FORMAT, Digest, Verification, canonical_text, digest, verify, verify_with_overrides,
};
pub use self::scope::{Published, ScopedView};

/// The example of `docs/AUDIT.md`, run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../docs/AUDIT.md")]
struct AuditGuide;
