//! Integration tests.

mod facts;
