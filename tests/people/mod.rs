//! Decomposition to posts, organisation → individual linkage, personal accounts, and
//! their property tests.

mod account;
mod decompose;
mod linkage;
mod props;
