//! The province job (`examples/province/`): application code over the library, its
//! modules included here by path as the example includes them.

#[path = "../../examples/province/job/mod.rs"]
pub mod job;

mod format;
