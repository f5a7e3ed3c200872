//! Integration tests.

mod rank;
