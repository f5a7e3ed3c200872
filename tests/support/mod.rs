//! Shared test support: in-memory sums and the loader of `tests/cases/**/*.toml`.

pub mod cases;
/// Every built-in rule written as a formula (and the interval as a table).
#[path = "../../examples/support/formulas.rs"]
pub mod formulas;
pub mod plan;
/// The core of `cargo run --example rulebook`.
#[path = "../../examples/support/rulebook.rs"]
pub mod rulebook;
pub mod sha256;
/// The synthetic province generator (application support, not library API).
#[path = "../../examples/support/synthetic.rs"]
pub mod synthetic;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use scorecard::rule::Rule;
use scorecard::{Aggregate, DatapointId, Indicator, Result, RoundStep, Rounding, Sums, UnitId};

/// Sums held in a map; a missing pair has no facts.
#[derive(Debug, Clone, Default)]
pub struct MemSums(pub BTreeMap<(UnitId, DatapointId), Aggregate>);

impl MemSums {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the sum of `unit` and `datapoint` (count 1).
    pub fn set(&mut self, unit: &str, datapoint: &str, sum: Decimal) -> &mut Self {
        self.0
            .insert((unit.into(), datapoint.into()), Aggregate { sum, count: 1 });
        self
    }
}

impl Sums for MemSums {
    fn aggregate(&self, unit: &UnitId, datapoint: &DatapointId) -> Result<Aggregate> {
        Ok(self
            .0
            .get(&(unit.clone(), datapoint.clone()))
            .copied()
            .unwrap_or_default())
    }
}

/// Parses a decimal in a test.
pub fn d(s: &str) -> Decimal {
    s.parse().expect("a decimal literal")
}

/// The exact sum of `values`, rounded once to the nearest `Decimal` and normalised: an
/// independent reference for the crate's totals (which are exact sums, not a
/// left-to-right `Decimal` fold that rounds at every step). Accumulates every value at
/// scale 28 in one `i128`, which holds the sums of the test provinces.
pub fn exact_sum(values: impl IntoIterator<Item = Decimal>) -> Decimal {
    let mut acc: i128 = 0;
    for v in values {
        let scaled = v
            .mantissa()
            .checked_mul(10i128.pow(28 - v.scale()))
            .expect("test values fit");
        acc = acc.checked_add(scaled).expect("test sums fit");
    }
    let unit = 10i128.pow(28);
    let int = Decimal::from_i128_with_scale(acc.div_euclid(unit), 0);
    let frac = Decimal::from_i128_with_scale(acc.rem_euclid(unit), 28);
    (int + frac).normalize()
}

/// An indicator of `points` for peer group `g`, with `rule` and nothing optional.
pub fn indicator(id: &str, points: &str, rule: Rule) -> Indicator {
    Indicator {
        id: id.into(),
        name: format!("指标{id}"),
        name_en: None,
        category: Default::default(),
        points: d(points),
        groups: vec!["g".into()],
        basis: None,
        assesses: String::new(),
        rule,
        rounding: None,
        display: None,
    }
}

/// The decimal digits of `|a × b| · 10^(scale of a + scale of b)`, least significant
/// first, by schoolbook multiplication of the mantissas' digits.
fn schoolbook(a: Decimal, b: Decimal) -> Vec<u32> {
    let digits = |d: Decimal| -> Vec<u32> {
        let text = d.mantissa().unsigned_abs().to_string();
        text.bytes().rev().map(|c| u32::from(c - b'0')).collect()
    };
    let (x, y) = (digits(a), digits(b));
    let mut p = vec![0u32; x.len() + y.len() + 1];
    for (i, dx) in x.iter().enumerate() {
        for (j, dy) in y.iter().enumerate() {
            p[i + j] += dx * dy;
        }
    }
    let mut carry = 0;
    for slot in &mut p {
        let v = *slot + carry;
        *slot = v % 10;
        carry = v / 10;
    }
    p
}

/// Adds one to the digits (least significant first), carrying.
fn increment(digits: &mut Vec<u32>) {
    for d in digits.iter_mut() {
        if *d < 9 {
            *d += 1;
            return;
        }
        *d = 0;
    }
    digits.push(1);
}

/// `a × b` rounded half up (四舍五入) once to `places` places, as text with exactly
/// those places: an independent reference (schoolbook multiplication of the decimal
/// digits) for the crate's products, which must never be rounded twice.
pub fn product_half_up(a: Decimal, b: Decimal, places: u32) -> String {
    // p holds |a × b| · 10^scale, least significant digit first
    let p = schoolbook(a, b);
    let scale = (a.scale() + b.scale()) as usize;
    let places = places as usize;
    let mut kept: Vec<u32> = if scale > places {
        let cut = scale - places;
        let mut kept = p[cut..].to_vec();
        if p[cut - 1] >= 5 {
            increment(&mut kept);
        }
        kept
    } else {
        let mut padded = vec![0; places - scale];
        padded.extend(&p);
        padded
    };
    while kept.len() <= places {
        kept.push(0);
    }
    let text: String = kept
        .iter()
        .rev()
        .map(|d| char::from(b'0' + *d as u8))
        .collect();
    let (int, frac) = text.split_at(text.len() - places);
    let int = match int.trim_start_matches('0') {
        "" => "0",
        digits => digits,
    };
    let zero = int == "0" && frac.bytes().all(|c| c == b'0');
    let sign = if (a.is_sign_negative() != b.is_sign_negative()) && !zero {
        "-"
    } else {
        ""
    };
    if places == 0 {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// `a × b` rounded once, in `step`'s mode, to its places, from the exact product's
/// decimal digits (schoolbook multiplication): an independent reference for the
/// crate's adjusted totals, which are never rounded to 28 digits first and then again.
pub fn product_rounded(a: Decimal, b: Decimal, step: RoundStep) -> Decimal {
    // p holds |a × b| · 10^scale, least significant digit first
    let p = schoolbook(a, b);
    let negative = a.is_sign_negative() != b.is_sign_negative();
    let scale = (a.scale() + b.scale()) as usize;
    let places = (step.places as usize).min(scale);
    let cut = scale - places;
    let mut kept = p[cut..].to_vec();
    if cut > 0 {
        let first = p[cut - 1];
        let sticky = p[..cut - 1].iter().any(|d| *d != 0);
        let any = first != 0 || sticky;
        let odd = kept.first().is_some_and(|d| d % 2 == 1);
        let up = match step.mode {
            Rounding::HalfUp => first >= 5,
            Rounding::HalfEven => first > 5 || (first == 5 && (sticky || odd)),
            Rounding::TowardZero => false,
            Rounding::AwayFromZero => any,
            Rounding::Floor => negative && any,
            Rounding::Ceiling => !negative && any,
        };
        if up {
            increment(&mut kept);
        }
    }
    while kept.len() <= places {
        kept.push(0);
    }
    let text: String = kept
        .iter()
        .rev()
        .map(|d| char::from(b'0' + *d as u8))
        .collect();
    let (int, frac) = text.split_at(text.len() - places);
    let sign = if negative { "-" } else { "" };
    let mut r: Decimal = if places == 0 {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
    .parse()
    .expect("a rounded product fits a decimal");
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r
}
