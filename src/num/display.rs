//! How values are written for people (显示格式): a percentage or a plain number, with
//! its places, rounded half up; and declared lines written as they were declared.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Rounding, fixed};

fn is_false(b: &bool) -> bool {
    !*b
}

/// How a value is written in messages and reports (显示格式): as a percentage or a
/// plain number, with a number of decimal places, rounded half up (四舍五入).
///
/// An [`Indicator`](crate::Indicator) may declare one for its measured value; in a
/// rule book:
///
/// | declared | 0.0423 | 12.5 | 2 |
/// | --- | --- | --- | --- |
/// | `display = { percent = true, places = 1 }` | `4.2%` | `1250.0%` | `200.0%` |
/// | `display = { percent = true, places = 2 }` (a ratio's default) | `4.23%` | `1250.00%` | `200.00%` |
/// | `display = { places = 0 }` | `0` | `13` | `2` |
/// | `display = { places = 2 }` (a sum's default) | `0.04` | `12.50` | `2.00` |
/// | `display = { places = 2, trim = true }` (a count's default) | `0.04` | `12.5` | `2` |
///
/// `places` is the number of places written (of the percentage when `percent`);
/// `trim` drops trailing zeros, so that a whole count reads as an integer and a count
/// made fractional (a reduced deduction) still shows its fraction. A value is never
/// written with more places than declared, and never with fewer unless `trim` asks.
///
/// Declared lines (thresholds, standards, bounds) are written with the same
/// percentage or not, but exactly as declared with trailing zeros dropped
/// ([`line`](DisplayFormat::line)): a 0.03 line is `3%` whatever the places, since a
/// line rounded for display would misstate the rule.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::DisplayFormat;
///
/// let rate = DisplayFormat::percent(1);
/// assert_eq!(rate.write(dec!(0.0307692307692307692307692308)), "3.1%");
/// assert_eq!(rate.line(dec!(0.03)), "3%");
/// assert_eq!(DisplayFormat::count().write(dec!(2)), "2");
/// assert_eq!(DisplayFormat::count().write(dec!(1.5)), "1.5");
/// assert_eq!(DisplayFormat::number(2).write(dec!(9.6153846153846153846153846)), "9.62");
///
/// let declared: DisplayFormat = toml::from_str("percent = true\nplaces = 1").unwrap();
/// assert_eq!(declared, DisplayFormat::percent(1));
/// assert!(toml::from_str::<DisplayFormat>("places = 1\nprecent = true").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DisplayFormat {
    /// Written as a percentage: the value × 100 followed by `%`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub percent: bool,
    /// Decimal places written (of the percentage when `percent`); at most
    /// [`MAX_PLACES`](DisplayFormat::MAX_PLACES).
    pub places: u32,
    /// Trailing zeros are dropped (and the point with them).
    #[serde(default, skip_serializing_if = "is_false")]
    pub trim: bool,
}

impl Default for DisplayFormat {
    /// A plain number with two places.
    fn default() -> Self {
        Self::number(2)
    }
}

impl DisplayFormat {
    /// The most places a display may declare (a `Decimal` holds no finer digit).
    pub const MAX_PLACES: u32 = 26;

    /// A plain number with `places` places.
    pub const fn number(places: u32) -> Self {
        Self {
            percent: false,
            places,
            trim: false,
        }
    }

    /// A percentage with `places` places (of the percentage).
    pub const fn percent(places: u32) -> Self {
        Self {
            percent: true,
            places,
            trim: false,
        }
    }

    /// A count: up to two places, trailing zeros dropped (`2`, `1.5`).
    pub const fn count() -> Self {
        Self::number(2).trimmed()
    }

    /// The same display with trailing zeros dropped.
    pub const fn trimmed(mut self) -> Self {
        self.trim = true;
        self
    }

    /// `value` as people read it: half up to the declared places (of the percentage
    /// when `percent`), with exactly those places unless `trim`.
    ///
    /// A percentage is found by moving the point of the rounded text, not by
    /// multiplying, so no value is too large to be written.
    pub fn write(&self, value: Decimal) -> String {
        let places = self.places.min(Self::MAX_PLACES);
        let text = if self.percent {
            format!(
                "{}%",
                shift_two(&fixed(value, places + 2, Rounding::HalfUp))
            )
        } else {
            fixed(value, places, Rounding::HalfUp)
        };
        if self.trim { trim(text) } else { text }
    }

    /// A declared line (a threshold, a standard, a bound, a cap) as declared, trailing
    /// zeros dropped, as a percentage when `percent`: `0.03` → `3%`, `0.035` → `3.5%`.
    pub fn line(&self, value: Decimal) -> String {
        if value.is_zero() {
            return if self.percent { "0%" } else { "0" }.to_owned();
        }
        let text = value.normalize().to_string();
        if self.percent {
            format!("{}%", shift_two(&text))
        } else {
            text
        }
    }
}

/// Drops trailing zeros after the point, and the point when nothing follows it.
fn trim(text: String) -> String {
    match text.split_once('%') {
        Some((number, _)) => format!("{}%", trim(number.to_owned())),
        None if text.contains('.') => text.trim_end_matches('0').trim_end_matches('.').to_owned(),
        None => text,
    }
}

/// The number written in `text` (plain notation) times 100, by moving its point two
/// places to the right.
fn shift_two(text: &str) -> String {
    let (sign, body) = match text.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", text),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let mut frac = frac.to_owned();
    while frac.len() < 2 {
        frac.push('0');
    }
    let (moved, rest) = frac.split_at(2);
    let joined = format!("{int}{moved}");
    let int = match joined.trim_start_matches('0') {
        "" => "0",
        digits => digits,
    };
    if rest.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{rest}")
    }
}

#[cfg(test)]
mod tests {
    use super::{DisplayFormat, shift_two, trim};
    use rust_decimal::Decimal;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn the_point_moves_two_places() {
        for (text, want) in [
            ("0.0308", "3.08"),
            ("0.03", "3"),
            ("0.5", "50"),
            ("12", "1200"),
            ("-0.0125", "-1.25"),
            ("1.000000", "100.0000"),
        ] {
            assert_eq!(shift_two(text), want, "{text}");
        }
        assert_eq!(trim("3.1000%".into()), "3.1%");
        assert_eq!(trim("2.00".into()), "2");
        assert_eq!(trim("200".into()), "200");
    }

    #[test]
    fn a_percentage_of_the_largest_decimal_is_written() {
        let p = DisplayFormat::percent(2);
        assert_eq!(p.write(Decimal::MAX), "7922816251426433759354395033500.00%");
        assert_eq!(p.line(Decimal::MIN), "-7922816251426433759354395033500%");
        assert_eq!(p.write(d("-0.00001")), "0.00%");
        assert_eq!(p.line(d("0.000")), "0%");
        assert_eq!(DisplayFormat::number(0).line(d("-0")), "0");
    }
}
