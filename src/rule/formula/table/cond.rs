//! A table cell's condition: a range of values with open, closed or unbounded ends,
//! written as `any`, a comparison (`>= 0.05`) or a range (`[0.03, 0.05)`).

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::super::error::{FormulaError, FormulaErrorKind};
use crate::num::cmp;

/// One end of a [`Condition`]'s range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    /// The end's value.
    pub value: Decimal,
    /// Whether the value itself satisfies the condition.
    pub inclusive: bool,
}

/// A condition on one input of a decision table: the values between `low` and `high`
/// (`None` = unbounded on that side).
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use scorecard::rule::formula::Condition;
///
/// let c: Condition = "[3%, 5%)".parse().unwrap();
/// assert!(c.contains("0.03".parse().unwrap()));
/// assert!(!c.contains("0.05".parse().unwrap()));
/// assert_eq!(c.to_string(), "[0.03, 0.05)");
/// assert_eq!("≥ 0.9".parse::<Condition>().unwrap().to_string(), ">= 0.9");
/// assert!("-".parse::<Condition>().unwrap().is_any());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Condition {
    /// The lower end; `None` reaches down without bound.
    pub low: Option<Bound>,
    /// The upper end; `None` reaches up without bound.
    pub high: Option<Bound>,
}

impl Condition {
    /// The condition every value satisfies (`any`, `-`).
    pub const ANY: Condition = Condition {
        low: None,
        high: None,
    };

    /// Whether every value satisfies it.
    pub fn is_any(&self) -> bool {
        self.low.is_none() && self.high.is_none()
    }

    /// Whether `x` satisfies the condition.
    #[inline]
    pub fn contains(&self, x: Decimal) -> bool {
        let above = match self.low {
            None => true,
            Some(b) if b.inclusive => cmp(x, b.value).is_ge(),
            Some(b) => cmp(x, b.value).is_gt(),
        };
        above
            && match self.high {
                None => true,
                Some(b) if b.inclusive => cmp(x, b.value).is_le(),
                Some(b) => cmp(x, b.value).is_lt(),
            }
    }

    /// Parses a cell; see `docs/RULES.md` for the grammar.
    ///
    /// # Errors
    ///
    /// [`FormulaErrorKind::Syntax`] with the column and token of what is malformed.
    pub fn parse(text: &str) -> Result<Condition, FormulaError> {
        let lead = text.len() - text.trim_start().len();
        let t = text.trim();
        let col = |byte: usize| {
            u32::try_from(text[..byte.min(text.len())].chars().count() + 1).unwrap_or(u32::MAX)
        };
        let bad = |piece: &str, message: &str| {
            // where `piece` sits in the text (its first occurrence)
            let at = text.find(piece).unwrap_or(lead);
            FormulaError::new(FormulaErrorKind::Syntax, message).at(1, col(at), piece)
        };
        if t.is_empty() {
            return Err(FormulaError::new(
                FormulaErrorKind::Syntax,
                "the condition is empty: write any (or -) for any value",
            ));
        }
        if t.eq_ignore_ascii_case("any") || t == "-" {
            return Ok(Condition::ANY);
        }
        let number = |s: &str| number(s.trim()).ok_or_else(|| bad(s.trim(), NUMBER));
        let mut chars = t.chars();
        let first = chars.next().unwrap_or(' ');
        if matches!(first, '[' | '(' | '（' | '［') {
            let last = t.chars().next_back().unwrap_or(' ');
            if !matches!(last, ']' | ')' | '）' | '］') || t.chars().count() < 2 {
                return Err(bad(t, "a range ends with ] or )"));
            }
            let inner = &t[first.len_utf8()..t.len() - last.len_utf8()];
            let parts: Vec<&str> = inner.split([',', '，']).collect();
            let [lo, hi] = parts[..] else {
                return Err(bad(
                    t,
                    "a range has two ends separated by a comma: [low, high)",
                ));
            };
            let low = match infinite(lo) {
                Some(false) => None,
                Some(true) => return Err(bad(lo.trim(), "the low end of a range cannot be +inf")),
                None => Some(Bound {
                    value: number(lo)?,
                    inclusive: matches!(first, '[' | '［'),
                }),
            };
            let high = match infinite(hi) {
                Some(true) => None,
                Some(false) => {
                    return Err(bad(hi.trim(), "the high end of a range cannot be -inf"));
                }
                None => Some(Bound {
                    value: number(hi)?,
                    inclusive: matches!(last, ']' | '］'),
                }),
            };
            if low.is_none() && matches!(first, '[' | '［') {
                return Err(bad(t, "an infinite end is open: write (-inf, …"));
            }
            if high.is_none() && matches!(last, ']' | '］') {
                return Err(bad(t, "an infinite end is open: write …, +inf)"));
            }
            return Ok(Condition { low, high });
        }
        let ops: [(&str, Make); 10] = [
            ("<=", |v| Condition::at_most(v, true)),
            ("≤", |v| Condition::at_most(v, true)),
            (">=", |v| Condition::at_least(v, true)),
            ("≥", |v| Condition::at_least(v, true)),
            ("<", |v| Condition::at_most(v, false)),
            (">", |v| Condition::at_least(v, false)),
            ("==", Condition::equal),
            ("=", Condition::equal),
            ("＜", |v| Condition::at_most(v, false)),
            ("＞", |v| Condition::at_least(v, false)),
        ];
        for (op, make) in ops {
            if let Some(rest) = t.strip_prefix(op) {
                return Ok(make(number(rest)?));
            }
        }
        match number(t) {
            Ok(v) => Ok(Condition::equal(v)),
            Err(_) => Err(bad(
                t,
                "a condition is any, a comparison such as >= 0.9, a range such as [0.03, 0.05), or a number",
            )),
        }
    }

    fn at_most(v: Decimal, inclusive: bool) -> Condition {
        Condition {
            low: None,
            high: Some(Bound {
                value: v,
                inclusive,
            }),
        }
    }

    fn at_least(v: Decimal, inclusive: bool) -> Condition {
        Condition {
            low: Some(Bound {
                value: v,
                inclusive,
            }),
            high: None,
        }
    }

    fn equal(v: Decimal) -> Condition {
        let b = Some(Bound {
            value: v,
            inclusive: true,
        });
        Condition { low: b, high: b }
    }

    /// The values both conditions hold for.
    pub(crate) fn intersect(&self, other: &Condition) -> Condition {
        let low = match (self.low, other.low) {
            (None, b) | (b, None) => b,
            (Some(a), Some(b)) => Some(match cmp(a.value, b.value) {
                std::cmp::Ordering::Greater => a,
                std::cmp::Ordering::Less => b,
                std::cmp::Ordering::Equal => Bound {
                    value: a.value,
                    inclusive: a.inclusive && b.inclusive,
                },
            }),
        };
        let high = match (self.high, other.high) {
            (None, b) | (b, None) => b,
            (Some(a), Some(b)) => Some(match cmp(a.value, b.value) {
                std::cmp::Ordering::Less => a,
                std::cmp::Ordering::Greater => b,
                std::cmp::Ordering::Equal => Bound {
                    value: a.value,
                    inclusive: a.inclusive && b.inclusive,
                },
            }),
        };
        Condition { low, high }
    }

    /// A decimal satisfying the condition, preferring its ends; `None` when no decimal
    /// does (the condition is empty).
    pub(crate) fn point(&self) -> Option<Decimal> {
        match (self.low, self.high) {
            (None, None) => Some(Decimal::ZERO),
            (Some(l), None) if l.inclusive => Some(l.value),
            (None, Some(h)) if h.inclusive => Some(h.value),
            (l, h) => {
                let (a, b) = (l.map(|b| b.value), h.map(|b| b.value));
                match (l, h) {
                    (Some(l), Some(h)) => match cmp(l.value, h.value) {
                        std::cmp::Ordering::Greater => None,
                        std::cmp::Ordering::Equal => {
                            (l.inclusive && h.inclusive).then_some(l.value)
                        }
                        std::cmp::Ordering::Less if l.inclusive => Some(l.value),
                        std::cmp::Ordering::Less if h.inclusive => Some(h.value),
                        std::cmp::Ordering::Less => interior(a, b),
                    },
                    _ => interior(a, b),
                }
            }
        }
    }
}

/// A decimal strictly between `a` and `b` (`None` ends are unbounded), if there is one.
pub(crate) fn interior(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    let between =
        |x: Decimal| a.is_none_or(|a| cmp(a, x).is_lt()) && b.is_none_or(|b| cmp(x, b).is_lt());
    let candidates = match (a, b) {
        (None, None) => [Some(Decimal::ZERO), None, None],
        (Some(a), None) => [a.checked_add(Decimal::ONE), Some(Decimal::MAX), None],
        (None, Some(b)) => [b.checked_sub(Decimal::ONE), Some(Decimal::MIN), None],
        (Some(a), Some(b)) => {
            let half = Decimal::new(5, 1);
            let mid = a
                .checked_add(b)
                .and_then(|s| s.checked_mul(half))
                .or_else(|| a.checked_mul(half)?.checked_add(b.checked_mul(half)?));
            let step = Decimal::new(1, 28);
            [mid, a.checked_add(step), b.checked_sub(step)]
        }
    };
    candidates.into_iter().flatten().find(|x| between(*x))
}

/// Makes a condition from the number after a comparison.
type Make = fn(Decimal) -> Condition;

const NUMBER: &str = "a number is digits with an optional sign, fraction and % (-0.5, 3%)";

/// Parses a cell number: an optional sign (`+`, `-`, `−`), digits, an optional
/// fraction and an optional `%`.
fn number(s: &str) -> Option<Decimal> {
    let (negative, rest) = match s.chars().next()? {
        '-' | '−' => (true, &s[s.chars().next()?.len_utf8()..]),
        '+' => (false, &s[1..]),
        _ => (false, s),
    };
    let rest = rest.trim_start();
    let (body, percent) = match rest.strip_suffix('%') {
        Some(b) => (b, true),
        None => (rest, false),
    };
    let mut parts = body.splitn(2, '.');
    let int = parts.next()?;
    let frac = parts.next();
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    let mut v = Decimal::from_str_exact(body).ok()?;
    if percent {
        v.set_scale(v.scale() + 2).ok()?;
    }
    if negative {
        v.set_sign_negative(true);
    }
    Some(v)
}

/// `Some(false)` for −∞, `Some(true)` for +∞, `None` for anything else.
fn infinite(s: &str) -> Option<bool> {
    let s = s.trim().to_ascii_lowercase();
    match s.as_str() {
        "-inf" | "−inf" | "-∞" | "−∞" | "-infinity" | "−infinity" => Some(false),
        "+inf" | "inf" | "+∞" | "∞" | "+infinity" | "infinity" => Some(true),
        _ => None,
    }
}

impl FromStr for Condition {
    type Err = FormulaError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Condition::parse(s)
    }
}

impl fmt::Display for Condition {
    /// `any`, a comparison (`< 3`, `>= 0.9`, `= 2`) or a range (`[0.03, 0.05)`); parses
    /// back to the same condition.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.low, self.high) {
            (None, None) => f.write_str("any"),
            (None, Some(h)) => write!(f, "{} {}", if h.inclusive { "<=" } else { "<" }, h.value),
            (Some(l), None) => write!(f, "{} {}", if l.inclusive { ">=" } else { ">" }, l.value),
            (Some(l), Some(h)) if l.inclusive && h.inclusive && l.value == h.value => {
                write!(f, "= {}", l.value)
            }
            (Some(l), Some(h)) => write!(
                f,
                "{}{}, {}{}",
                if l.inclusive { '[' } else { '(' },
                l.value,
                h.value,
                if h.inclusive { ']' } else { ')' }
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::{Condition, interior};

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    fn c(s: &str) -> Condition {
        Condition::parse(s).unwrap_or(Condition::ANY)
    }

    #[test]
    fn a_point_inside_prefers_the_ends() {
        assert_eq!(c("[1, 2)").point(), Some(d("1")));
        assert_eq!(c("(1, 2]").point(), Some(d("2")));
        assert_eq!(c("(1, 2)").point(), Some(d("1.5")));
        assert_eq!(c("> 1").point(), Some(d("2")));
        assert_eq!(c("< 1").point(), Some(d("0")));
        assert_eq!(c("any").point(), Some(Decimal::ZERO));
        assert_eq!(c("(2, 1)").point(), None);
        assert_eq!(c("(1, 1]").point(), None);
        // no decimal lies strictly between two neighbours at 28 places
        let a = Decimal::new(1, 28);
        let b = Decimal::new(2, 28);
        assert_eq!(interior(Some(a), Some(b)), None);
        assert_eq!(interior(Some(a), Some(Decimal::new(3, 28))), Some(b));
        assert_eq!(interior(Some(Decimal::MAX), None), None);
        assert_eq!(interior(None, Some(Decimal::MIN)), None);
    }

    #[test]
    fn intersections_keep_the_tighter_end() {
        assert_eq!(c("[1, 3)").intersect(&c("(1, 5]")), c("(1, 3)"));
        assert_eq!(c("< 2").intersect(&c(">= 2")).point(), None);
        assert_eq!(c("<= 2").intersect(&c(">= 2")), c("= 2"));
        assert_eq!(c("any").intersect(&c("< 0")), c("< 0"));
    }
}
