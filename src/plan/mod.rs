//! The plan phase (计划制定): the indicator library (指标库) of indicator sources (指标源)
//! with their versions (R1), indicators made from monitoring findings (R2), libraries
//! shared by permission and the period's plan extracted from them (R3).
//!
//! Decomposition of the plan to departments, posts and persons, and the individual
//! scores that follow from the organisation's, are in [`crate::people`].

mod extract;
mod library;
mod source;

pub use self::extract::{
    Extraction, Pick, Plan, PlanDraft, PlanFinding, PlannedIndicator, extract,
};
pub use self::library::{Libraries, Library};
pub use self::source::{IndicatorSource, MonitoringModel, Origin, SourceVersion};
