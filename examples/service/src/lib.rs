//! The reference service of the `scorecard` crate (issue 20): the engine linked into a
//! real host.
//!
//! One open [`LiveEvaluation`](scorecard::scoring::LiveEvaluation) of a rule book (the
//! province job's neutral files), fed by `POST /facts` and kept in SQLite; results,
//! reports and a live page over HTTP; cards, alerts and list changes pushed to an event
//! stream and to webhooks; tokens that scope what each caller reads.
//!
//! ```text
//! request ─ token ─ body limit ─ check lines (intake) ─ ONE transaction ─ live evaluation
//!                                                          │                   │
//!                                  events + deliveries ◄───┘        ranking snapshot
//!                                          │                                    │
//!                            webhook worker (retries)        GET /ranking, /units, SSE
//! ```
//!
//! Application code, not part of the library: `docs/ARCHITECTURE.md` and
//! `docs/FORMATS.md` describe it.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![deny(clippy::unwrap_used)]

pub mod api;
pub mod auth;
pub mod cli;
pub mod config;
pub mod engine;
pub mod intake;
pub mod page;
pub mod push;
pub mod store;
pub mod views;

/// The province job's modules (`examples/province/job/`), read by path: the service
/// reads the same neutral files with the same code.
#[allow(missing_docs, clippy::unwrap_used)]
#[path = "../../province/job/mod.rs"]
pub mod job;
