//! The trace vocabulary: named values and one-line explanations.
//!
//! Rules report their intermediate values to a [`Tracer`]. During a bulk evaluation the
//! tracer records nothing and compiles to nothing; when a host asks "why"
//! ([`Assessment::trace`](crate::Assessment::trace)), the same code runs again with a
//! tracer that keeps every [`Step`], and the evaluator gathers the steps, the branch and
//! the [`Explanation`] into a [`Trace`](crate::Trace).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A named value in a trace: an input or an intermediate result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Step {
    /// What the value is (`sum D051`, `rate`, `peer mean` …).
    pub name: String,
    /// The exact value.
    pub value: Decimal,
}

/// Receives a rule's intermediate values.
pub trait Tracer {
    /// Records one named value.
    fn step(&mut self, name: &str, value: Decimal);
}

/// The tracer that records nothing (bulk evaluation).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct NoTrace;

impl Tracer for NoTrace {
    #[inline(always)]
    fn step(&mut self, _name: &str, _value: Decimal) {}
}

/// A tracer that keeps every step.
#[derive(Debug, Clone, Default)]
pub(crate) struct Steps(pub(crate) Vec<Step>);

impl Tracer for Steps {
    fn step(&mut self, name: &str, value: Decimal) {
        self.0.push(Step {
            name: name.to_owned(),
            value,
        });
    }
}

/// A one-line explanation in Chinese and in English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Explanation {
    /// 中文, e.g. `申报差错率 4.20% 高于 3%，扣 1.60 分`.
    pub zh: String,
    /// English, e.g. `filing error rate 4.20% above the 3% line: −1.60 points`.
    pub en: String,
}
