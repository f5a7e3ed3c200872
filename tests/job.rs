//! The province job format (needs the facts reader; filled in with it).
