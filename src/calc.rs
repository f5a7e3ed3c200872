//! Checked decimal arithmetic that turns overflow, division by zero and a result
//! `rust_decimal` would have to round within its first twelve places into errors
//! naming the unit and the indicator.

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::id::{IndicatorId, UnitId};
use crate::num::{self, Lost};

/// The unit and indicator a computation is for, so that every failure names them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Calc<'a> {
    pub(crate) unit: &'a UnitId,
    pub(crate) indicator: Option<&'a IndicatorId>,
}

impl<'a> Calc<'a> {
    pub(crate) fn new(unit: &'a UnitId, indicator: Option<&'a IndicatorId>) -> Self {
        Self { unit, indicator }
    }

    /// The error for a result that is not a `Decimal`.
    pub(crate) fn lost(&self, lost: Lost, what: &'static str) -> Error {
        match lost {
            Lost::Overflow => Error::overflow(self.unit, self.indicator, what),
            Lost::Places => Error::precision_lost(self.unit, self.indicator, what),
        }
    }

    // Each operation gives what rust_decimal gives, unless that had to be rounded at or
    // before the twelfth place (num::HELD_PLACES): rust_decimal rounds a product or sum
    // whose exact digits do not fit without a word, and at 10²⁰ a product of a total
    // and a coefficient keeps only a place or two.

    pub(crate) fn add(&self, a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal> {
        num::held_add(a, b).map_err(|l| self.lost(l, what))
    }

    pub(crate) fn sub(&self, a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal> {
        num::held_add(a, -b).map_err(|l| self.lost(l, what))
    }

    pub(crate) fn mul(&self, a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal> {
        num::held_mul(a, b).map_err(|l| self.lost(l, what))
    }

    pub(crate) fn div(&self, a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal> {
        if b.is_zero() {
            return Err(Error::division_by_zero(self.unit, self.indicator, what));
        }
        num::held_div(a, b).map_err(|l| self.lost(l, what))
    }
}
