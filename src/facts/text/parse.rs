//! The hot loop: one block of facts.csv bytes into integer-cent sums, counts and
//! pending rejects. No allocation per line; dates and values are parsed from bytes.

use chrono::{Datelike, NaiveDate};
use memchr::memchr2_iter;

use crate::error::{Error, Result};
use crate::facts::dict::Dictionary;
use crate::facts::fact::{MAX_INT_DIGITS, RejectReason};

/// A date packed as `year × 10000 + month × 100 + day`, which orders like the date.
pub(super) fn pack(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

fn is_leap(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[inline]
fn digit(b: u8) -> Option<u32> {
    let d = b.wrapping_sub(b'0');
    (d < 10).then_some(u32::from(d))
}

/// A strict `YYYY-MM-DD` date (year 0001–9999, a real Gregorian day), packed.
#[inline]
pub(super) fn parse_date(field: &[u8]) -> Option<i64> {
    let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = field else {
        return None;
    };
    let year = ((digit(y0)? * 10 + digit(y1)?) * 10 + digit(y2)?) * 10 + digit(y3)?;
    let month = digit(m0)? * 10 + digit(m1)?;
    let day = digit(d0)? * 10 + digit(d1)?;
    if year == 0 || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(i64::from(year * 10_000 + month * 100 + day))
}

/// A fact value (optional sign, 1–16 digits, optionally `.` and 1–2 digits) as integer
/// cents. (The match on the fraction spells out the two places allowed.)
#[inline]
pub(super) fn parse_cents(field: &[u8]) -> Option<i64> {
    let (negative, unsigned) = match field {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, field),
    };
    let mut int: i64 = 0;
    let mut digits = 0;
    let mut rest = unsigned;
    while let [b, tail @ ..] = rest {
        let Some(d) = digit(*b) else { break };
        if digits == MAX_INT_DIGITS {
            return None;
        }
        int = int * 10 + i64::from(d);
        digits += 1;
        rest = tail;
    }
    if digits == 0 {
        return None;
    }
    let frac = match rest {
        [] => 0,
        [b'.', f0] => i64::from(digit(*f0)?) * 10,
        [b'.', f0, f1] => i64::from(digit(*f0)? * 10 + digit(*f1)?),
        _ => return None,
    };
    let cents = int * 100 + frac;
    Some(if negative { -cents } else { cents })
}

/// What the reader knows while parsing: the dictionary and the period, packed.
pub(super) struct Ctx<'a> {
    pub dict: &'a Dictionary,
    pub datapoints: usize,
    pub start: i64,
    pub end: i64,
}

/// One worker's running sums: cents and counts per unit × data point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Acc {
    pub cents: Vec<i128>,
    pub counts: Vec<u64>,
}

impl Acc {
    pub fn new(cells: usize) -> Self {
        Self {
            cents: vec![0; cells],
            counts: vec![0; cells],
        }
    }
}

/// A rejected line, waiting to be passed to the quarantine in line order: its line
/// relative to the block (0-based) and its bytes' range in the block.
#[derive(Debug, Clone, Copy)]
pub(super) struct PendingReject {
    pub line: u64,
    pub start: usize,
    pub end: usize,
    pub reason: RejectReason,
}

/// What a block yielded besides the sums.
#[derive(Debug, Default)]
pub(super) struct BlockOut {
    pub lines: u64,
    pub accepted: u64,
    pub out_of_period: u64,
    pub rejects: Vec<PendingReject>,
}

enum Line {
    Accepted,
    OutOfPeriod,
    Rejected(RejectReason),
}

/// Parses `block`: whole lines each ending in LF, and when `last`, possibly one more
/// line without LF at the end. `out` is reset first.
pub(super) fn parse_block(
    ctx: &Ctx<'_>,
    block: &[u8],
    last: bool,
    acc: &mut Acc,
    out: &mut BlockOut,
) -> Result<()> {
    out.lines = 0;
    out.accepted = 0;
    out.out_of_period = 0;
    out.rejects.clear();
    let mut line_start = 0;
    let mut commas = [0_usize; 3];
    let mut n_commas: u64 = 0;
    for pos in memchr2_iter(b',', b'\n', block) {
        if block.get(pos) == Some(&b',') {
            if let Some(slot) = usize::try_from(n_commas)
                .ok()
                .and_then(|i| commas.get_mut(i))
            {
                *slot = pos;
            }
            n_commas += 1;
            continue;
        }
        finish_line(ctx, block, line_start, pos, &commas, n_commas, acc, out)?;
        line_start = pos + 1;
        n_commas = 0;
    }
    if last && line_start < block.len() {
        finish_line(
            ctx,
            block,
            line_start,
            block.len(),
            &commas,
            n_commas,
            acc,
            out,
        )?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
#[inline]
fn finish_line(
    ctx: &Ctx<'_>,
    block: &[u8],
    start: usize,
    mut end: usize,
    commas: &[usize; 3],
    n_commas: u64,
    acc: &mut Acc,
    out: &mut BlockOut,
) -> Result<()> {
    if end > start && block.get(end - 1) == Some(&b'\r') {
        end -= 1;
    }
    let verdict = if n_commas == 3 {
        classify(ctx, block, start, end, commas, acc)?
    } else {
        Line::Rejected(RejectReason::FieldCount {
            found: n_commas + 1,
        })
    };
    match verdict {
        Line::Accepted => out.accepted += 1,
        Line::OutOfPeriod => out.out_of_period += 1,
        Line::Rejected(reason) => out.rejects.push(PendingReject {
            line: out.lines,
            start,
            end,
            reason,
        }),
    }
    out.lines += 1;
    Ok(())
}

#[inline]
fn classify(
    ctx: &Ctx<'_>,
    block: &[u8],
    start: usize,
    end: usize,
    &[c0, c1, c2]: &[usize; 3],
    acc: &mut Acc,
) -> Result<Line> {
    let field = |a: usize, b: usize| block.get(a..b).unwrap_or_default();
    let Some(unit) = ctx.dict.unit_index_bytes(field(start, c0)) else {
        return Ok(Line::Rejected(RejectReason::UnknownUnit));
    };
    let Some(datapoint) = ctx.dict.datapoint_index_bytes(field(c0 + 1, c1)) else {
        return Ok(Line::Rejected(RejectReason::UnknownDatapoint));
    };
    let Some(date) = parse_date(field(c1 + 1, c2)) else {
        return Ok(Line::Rejected(RejectReason::InvalidDate));
    };
    let Some(cents) = parse_cents(field(c2 + 1, end)) else {
        return Ok(Line::Rejected(RejectReason::InvalidValue));
    };
    if date < ctx.start || date > ctx.end {
        return Ok(Line::OutOfPeriod);
    }
    let cell = unit as usize * ctx.datapoints + datapoint as usize;
    let (Some(sum), Some(count)) = (acc.cents.get_mut(cell), acc.counts.get_mut(cell)) else {
        return Err(Error::config("fact reader: cell outside the dense table"));
    };
    let overflow = || {
        let unit = ctx.dict.units().get(unit as usize);
        match unit {
            Some(u) => Error::overflow(u, None, "sum of facts"),
            None => Error::config("fact reader: unit outside the dictionary"),
        }
    };
    *sum = sum.checked_add(i128::from(cents)).ok_or_else(overflow)?;
    *count = count.checked_add(1).ok_or_else(overflow)?;
    Ok(Line::Accepted)
}
