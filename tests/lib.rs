//! The crate's one integration-test binary; its tree mirrors `src/`.

mod support;

mod adjust;
mod analysis;
mod audit;
mod catalog;
mod error;
mod facts;
mod formula;
mod methods;
mod num;
mod org;
mod people;
mod period;
mod plan;
mod province;
mod rank;
mod rule;
mod rulebook;
mod scoring;
mod tolerance;
mod warn;
