//! Exact splitting: parts rounded to a number of places that still add up to the whole
//! (the largest-remainder method, ties to the earlier part).

use rust_decimal::Decimal;

use crate::error::{Error, Result};

/// Splits `total` in proportion to `shares`, each part with at most `places` decimal
/// places, so that the parts add up to `total` exactly.
///
/// Every part first gets its exact quota cut down to `places`; the units of the last
/// place still missing go one each to the parts with the largest cut-off remainders,
/// and among equal remainders to the **earlier** part. The arithmetic is in integers,
/// so no quota is ever approximated.
///
/// # Examples
///
/// 100 points over three equal shares: 33.34 + 33.33 + 33.33 (the first part takes the
/// spare cent, all remainders being equal). 70 / 30 shares of 10 points to whole
/// points: 7 + 3.
///
/// ```
/// use rust_decimal::Decimal;
/// use scorecard::people::largest_remainder;
///
/// let parts = largest_remainder(Decimal::from(100), &[Decimal::ONE; 3], 2).unwrap();
/// let text: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
/// assert_eq!(text, ["33.34", "33.33", "33.33"]);
/// ```
///
/// # Errors
///
/// A negative total or share; no shares, or shares adding up to 0, for a non-zero
/// total; a total with more than `places` decimal places (it cannot be split exactly);
/// integer overflow for values beyond about 10¹⁸ units of the last place.
pub fn largest_remainder(total: Decimal, shares: &[Decimal], places: u32) -> Result<Vec<Decimal>> {
    if total.is_sign_negative() && !total.is_zero() {
        return Err(Error::invalid_split(None, total, "it is negative"));
    }
    if total.normalize().scale() > places {
        return Err(Error::invalid_split(
            None,
            total,
            format!("it has more than {places} decimal places and cannot be split exactly"),
        ));
    }
    if let Some(s) = shares.iter().find(|s| s.is_sign_negative() && !s.is_zero()) {
        return Err(Error::invalid_split(
            None,
            total,
            format!("share {s} is negative"),
        ));
    }
    let too_big = || Error::overflow_of(None, None, "a split of a total by its shares");
    let units = scaled(total, places).ok_or_else(too_big)?;
    let scale = shares.iter().map(|s| s.scale()).max().unwrap_or(0);
    let ints: Vec<i128> = shares
        .iter()
        .map(|s| scaled(*s, scale).ok_or_else(too_big))
        .collect::<Result<_>>()?;
    let sum = ints
        .iter()
        .try_fold(0i128, |a, &b| a.checked_add(b))
        .ok_or_else(too_big)?;
    if sum == 0 {
        if units == 0 {
            return Ok(vec![Decimal::ZERO; shares.len()]);
        }
        return Err(Error::invalid_split(None, total, "the shares add up to 0"));
    }
    let mut parts = Vec::with_capacity(ints.len());
    let mut rems = Vec::with_capacity(ints.len());
    let mut given = 0i128;
    for &s in &ints {
        let q = units.checked_mul(s).ok_or_else(too_big)?;
        parts.push(q / sum);
        rems.push(q % sum);
        given = given.checked_add(q / sum).ok_or_else(too_big)?;
    }
    let mut order: Vec<usize> = (0..ints.len()).collect();
    order.sort_by(|&a, &b| rems[b].cmp(&rems[a]).then(a.cmp(&b)));
    let missing = usize::try_from(units - given).map_err(|_| too_big())?;
    for &k in order.iter().take(missing) {
        parts[k] += 1;
    }
    parts
        .into_iter()
        .map(|p| Decimal::try_from_i128_with_scale(p, places).map_err(|_| too_big()))
        .collect()
}

/// `value` × 10^`places` as an integer; `None` when it is not whole or overflows.
fn scaled(value: Decimal, places: u32) -> Option<i128> {
    let v = value.normalize();
    let scale = v.scale();
    if scale > places {
        return None;
    }
    let factor = 10i128.checked_pow(places - scale)?;
    v.mantissa().checked_mul(factor)
}

/// The day weights of segments of `days` days each: `days / Σ days`, to `places`
/// places, adding up to exactly 1 (largest remainder, ties to the earlier segment).
///
/// # Examples
///
/// A 366-day leap year held 60 + 306 days, to 4 places: 0.1639 + 0.8361 = 1.
///
/// ```
/// use scorecard::people::day_weights;
///
/// let w = day_weights(&[60, 306], 4).unwrap();
/// assert_eq!(w[0].to_string(), "0.1639");
/// assert_eq!(w[1].to_string(), "0.8361");
/// ```
///
/// # Errors
///
/// No days at all.
pub fn day_weights(days: &[u32], places: u32) -> Result<Vec<Decimal>> {
    if days.iter().all(|&d| d == 0) {
        return Err(Error::invalid_split(
            None,
            Decimal::ONE,
            "no segment holds a day, so there are no days to weight by",
        ));
    }
    let shares: Vec<Decimal> = days.iter().map(|&d| Decimal::from(d)).collect();
    largest_remainder(Decimal::ONE, &shares, places)
}
