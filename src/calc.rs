//! Checked decimal arithmetic that turns overflow and division by zero into errors
//! naming the unit and the indicator.

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::id::{IndicatorId, UnitId};

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

    fn overflow(&self, what: &'static str) -> Error {
        Error::overflow(self.unit, self.indicator, what)
    }

    pub(crate) fn add(&self, a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal> {
        a.checked_add(b).ok_or_else(|| self.overflow(what))
    }

    pub(crate) fn sub(&self, a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal> {
        a.checked_sub(b).ok_or_else(|| self.overflow(what))
    }

    pub(crate) fn mul(&self, a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal> {
        a.checked_mul(b).ok_or_else(|| self.overflow(what))
    }

    pub(crate) fn div(&self, a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal> {
        if b.is_zero() {
            return Err(Error::division_by_zero(self.unit, self.indicator, what));
        }
        a.checked_div(b).ok_or_else(|| self.overflow(what))
    }
}
