//! The plan phase: indicator sources and versions, monitoring indicators, libraries
//! shared by permission, and plan extraction with every finding.

mod extract;
mod library;
