//! The auditors' tools (审计): the reproducibility digest of an evaluation and scoped
//! views of it.
//!
//! - [`digest`] is the SHA-256 of the RFC 8785 (JCS) canonical JSON
//!   ([`canonical_json`]) of a documented [`digest_document`]: the rules, units,
//!   targets, aggregated facts, overrides and results. A bureau publishes the
//!   [`Digest`] (`sha256-jcs-v2:…`) beside the ranking, and may publish the document
//!   itself; anyone can recompute the digest from it with standard tools
//!   (`docs/AUDIT.md`). [`verify`] evaluates the published inputs again and says
//!   whether the results and the digest match ([`Verification`]).
//! - [`ScopedView`] is what one unit may see: its own and its subtree's details, and
//!   only the [`Published`] figures (adjusted total, rank, lists) of the others.
//!
//! The property tests over whole evaluations live in `tests/audit/`; `docs/AUDIT.md`
//! says how to run them.

mod digest;
mod jcs;
mod scope;

pub use self::digest::{
    DIGEST_FORMAT, Digest, Verification, canonical_json, digest, digest_document, verify,
    verify_with_overrides,
};
pub use self::scope::{Published, ScopedView};

/// The example of `docs/AUDIT.md`, run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../docs/AUDIT.md")]
struct AuditGuide;
