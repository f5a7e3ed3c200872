//! The crate's one integration-test binary; its tree mirrors `src/`.

mod support;

mod adjust;
mod audit;
mod catalog;
mod facts;
mod job;
mod num;
mod period;
mod rank;
mod scoring;
