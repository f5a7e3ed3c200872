//! The hot loop: one block of facts.csv bytes into integer-cent sums, counts and
//! pending rejects. No allocation per line; dates and values are parsed from bytes.

use chrono::{Datelike, NaiveDate};

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

/// One cell of a worker's running sums: cents that fit an `i64`, and the count. Sixteen
/// bytes, so that one line touches one cache line of the table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Cell {
    cents: i64,
    count: u64,
}

/// One worker's running sums per unit × data point. A cell whose `i64` would overflow
/// moves its cents into `spill` (`i128`, allocated on first need), so sums stay exact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Acc {
    cells: Vec<Cell>,
    spill: Vec<i128>,
    /// Additions waiting to be applied: applying a batch at once lets the processor
    /// fetch many cells of a table larger than its caches in parallel.
    batch: Vec<(usize, i64)>,
}

/// Additions applied together.
const BATCH: usize = 32;

impl Acc {
    pub fn new(cells: usize) -> Self {
        Self {
            cells: vec![Cell::default(); cells],
            spill: Vec::new(),
            batch: Vec::with_capacity(BATCH),
        }
    }

    /// Adds `cents` to `cell`, soon; `Err(cell)` when a count or sum overflows.
    #[inline]
    fn push(&mut self, cell: usize, cents: i64) -> Result<(), usize> {
        self.batch.push((cell, cents));
        if self.batch.len() >= BATCH {
            self.flush()
        } else {
            Ok(())
        }
    }

    /// Applies the waiting additions; `Err(cell)` when a count or sum overflows.
    fn flush(&mut self) -> Result<(), usize> {
        let mut batch = std::mem::take(&mut self.batch);
        let applied = batch.iter().try_for_each(|&(cell, cents)| {
            if self.add(cell, cents) {
                Ok(())
            } else {
                Err(cell)
            }
        });
        batch.clear();
        self.batch = batch;
        applied
    }

    /// Adds `cents` to `cell`; `false` when a count or sum overflows (or the cell is
    /// outside the table).
    #[inline]
    fn add(&mut self, cell: usize, cents: i64) -> bool {
        let Some(c) = self.cells.get_mut(cell) else {
            return false;
        };
        let Some(count) = c.count.checked_add(1) else {
            return false;
        };
        c.count = count;
        match c.cents.checked_add(cents) {
            Some(sum) => c.cents = sum,
            None => {
                let moved = i128::from(c.cents);
                c.cents = cents;
                if self.spill.is_empty() {
                    self.spill = vec![0; self.cells.len()];
                }
                let Some(spill) = self.spill.get_mut(cell) else {
                    return false;
                };
                let Some(sum) = spill.checked_add(moved) else {
                    return false;
                };
                *spill = sum;
            }
        }
        true
    }

    /// Adds this worker's sums into the dense table: `cents` and `counts` per cell;
    /// `Err(cell)` on overflow.
    pub fn add_into(&self, cents: &mut [i128], counts: &mut [u64]) -> Result<(), usize> {
        for (i, (c, (sum, count))) in self
            .cells
            .iter()
            .zip(cents.iter_mut().zip(counts.iter_mut()))
            .enumerate()
        {
            let spilled = self.spill.get(i).copied().unwrap_or(0);
            *sum = sum
                .checked_add(spilled)
                .and_then(|s| s.checked_add(i128::from(c.cents)))
                .ok_or(i)?;
            *count = count.checked_add(c.count).ok_or(i)?;
        }
        Ok(())
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

/// The overflow error for a cell, naming its unit.
fn overflow(ctx: &Ctx<'_>, cell: usize) -> Error {
    match ctx.dict.units().get(cell / ctx.datapoints.max(1)) {
        Some(u) => Error::overflow(u, None, "sum of facts"),
        None => Error::config("fact reader: cell outside the dense table"),
    }
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

/// `0x0101…01`: times a byte, that byte in every lane of a word.
const REPEAT: u64 = 0x0101_0101_0101_0101;
/// `0x7f7f…7f`.
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// The high bit of each byte of `t` that is zero, exactly (no false positives: the
/// additions cannot carry from one byte into the next).
#[inline]
fn zero_bytes(t: u64) -> u64 {
    !(((t & LOW7) + LOW7) | t | LOW7)
}

/// The state of the line being scanned.
struct Scan {
    line_start: usize,
    commas: [usize; 3],
    n_commas: u64,
}

impl Scan {
    /// A comma or LF at `pos`.
    #[inline]
    fn separator(
        &mut self,
        ctx: &Ctx<'_>,
        block: &[u8],
        pos: usize,
        comma: bool,
        acc: &mut Acc,
        out: &mut BlockOut,
    ) -> Result<()> {
        if comma {
            if let Some(slot) = usize::try_from(self.n_commas)
                .ok()
                .and_then(|i| self.commas.get_mut(i))
            {
                *slot = pos;
            }
            self.n_commas += 1;
            return Ok(());
        }
        finish_line(
            ctx,
            block,
            self.line_start,
            pos,
            &self.commas,
            self.n_commas,
            acc,
            out,
        )?;
        self.line_start = pos + 1;
        self.n_commas = 0;
        Ok(())
    }
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
    let mut scan = Scan {
        line_start: 0,
        commas: [0; 3],
        n_commas: 0,
    };
    // find commas and LFs eight bytes at a time (SWAR): one mask per word, one bit per
    // separator, so that the ~4 separators of a line cost a few instructions each
    let mut words = block.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut words {
        let mut w = [0_u8; 8];
        w.copy_from_slice(chunk);
        let word = u64::from_le_bytes(w);
        let commas = zero_bytes(word ^ (REPEAT * u64::from(b',')));
        let mut seps = commas | zero_bytes(word ^ (REPEAT * u64::from(b'\n')));
        while seps != 0 {
            let bit = seps & seps.wrapping_neg();
            let pos = base + (bit.trailing_zeros() / 8) as usize;
            scan.separator(ctx, block, pos, commas & bit != 0, acc, out)?;
            seps ^= bit;
        }
        base += 8;
    }
    for (pos, &b) in (base..).zip(words.remainder()) {
        if b == b',' || b == b'\n' {
            scan.separator(ctx, block, pos, b == b',', acc, out)?;
        }
    }
    if last && scan.line_start < block.len() {
        finish_line(
            ctx,
            block,
            scan.line_start,
            block.len(),
            &scan.commas,
            scan.n_commas,
            acc,
            out,
        )?;
    }
    acc.flush().map_err(|cell| overflow(ctx, cell))
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
    let Some(unit) = ctx.dict.unit_index_in(block, start, c0) else {
        return Ok(Line::Rejected(RejectReason::UnknownUnit));
    };
    let Some(datapoint) = ctx.dict.datapoint_index_in(block, c0 + 1, c1) else {
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
    acc.push(cell, cents).map_err(|cell| overflow(ctx, cell))?;
    Ok(Line::Accepted)
}
