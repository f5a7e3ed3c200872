//! The crate's one integration-test binary; its tree mirrors `src/`.

mod support;

mod adjust;
mod analysis;
mod audit;
mod catalog;
mod facts;
mod formula;
mod job;
mod num;
mod org;
mod people;
mod period;
mod plan;
mod rank;
mod scoring;
mod tolerance;
mod warn;
