//! The hot loop: one block of facts.csv bytes into integer-cent sums, counts and
//! pending rejects. No allocation per line; dates and values are parsed from bytes.

use chrono::{Datelike, NaiveDate};
use memchr::{memchr, memchr_iter};

use crate::error::{Error, Result};
use crate::facts::dict::Dictionary;
use crate::facts::fact::{MAX_INT_DIGITS, RejectReason};
use crate::period::{is_day, parse_ymd};

/// A date packed as `year × 10000 + month × 100 + day`, which orders like the date.
pub(super) fn pack(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

#[inline]
fn digit(b: u8) -> Option<u32> {
    let d = b.wrapping_sub(b'0');
    (d < 10).then_some(u32::from(d))
}

/// A strict `YYYY-MM-DD` date ([`Period::parse_date`](crate::Period::parse_date)'s
/// grammar), packed.
#[inline]
pub(super) fn parse_date(field: &[u8]) -> Option<i64> {
    let (year, month, day) = parse_ymd(field)?;
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
        None => Error::internal("a fact reader cell lies outside the dense table"),
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

impl BlockOut {
    /// Empties it, keeping the rejects' allocation.
    fn clear(&mut self) {
        self.lines = 0;
        self.accepted = 0;
        self.out_of_period = 0;
        self.rejects.clear();
    }
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
/// `0x8080…80`: the high bit of every byte.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// `b'0'` in every byte.
const ZEROS: u64 = REPEAT * b'0' as u64;

/// The high bit of each byte of `t` that is zero, exactly (no false positives: the
/// additions cannot carry from one byte into the next).
#[inline]
fn zero_bytes(t: u64) -> u64 {
    !(((t & LOW7) + LOW7) | t | LOW7)
}

/// The high bit of each byte of `w` that is not an ASCII digit, exactly: `w ^ ZEROS`
/// turns digits into 0–9, and a byte of that is 10 or more when its low seven bits
/// plus 0x76 reach 0x80 (which cannot carry) or its own high bit is set.
#[inline]
fn non_digits(w: u64) -> u64 {
    let t = w ^ ZEROS;
    (((t & LOW7) + (REPEAT * 0x76)) | t) & HIGH
}

/// The eight bytes of `block` at `at` as a little-endian word; `None` near the end.
#[inline(always)]
fn word_at(block: &[u8], at: usize) -> Option<u64> {
    block
        .get(at..)?
        .first_chunk::<8>()
        .map(|w| u64::from_le_bytes(*w))
}

/// The value of the `n` (1–8) ASCII digits in the low bytes of `w` (the first digit
/// in the lowest byte, as loaded), in a few multiplications: the digits are moved to
/// the top, so that missing leading digits are zeros, then combined in pairs, fours
/// and eights.
#[inline]
fn swar_number(w: u64, n: u32) -> u64 {
    let v = (w & 0x0f0f_0f0f_0f0f_0f0f) << (8 * (8 - n));
    let v = v.wrapping_mul(10).wrapping_add(v >> 8) & 0x00ff_00ff_00ff_00ff;
    let v = (v.wrapping_mul(1 + (100 << 16)) >> 16) & 0x0000_ffff_0000_ffff;
    v.wrapping_mul(1 + (10_000 << 32)) >> 32
}

/// The `YYYY-MM-` word and the `DD,` bytes (low bytes of `tail`) of a date field and
/// its comma, as a strict date packed like [`pack`]; `None` when they are not one
/// (the line then takes the careful path, which finds the reason).
#[inline]
fn fast_date(head: u64, tail: u64) -> Option<i64> {
    // digits in bytes 0–3, 5, 6 of the head and 0, 1 of the tail; dashes in 4 and 7
    const HEAD_DIGITS: u64 = 0x0080_8000_8080_8080;
    const DASHES: u64 = 0xff00_00ff_0000_0000;
    let dashes = (REPEAT * u64::from(b'-')) & DASHES;
    if non_digits(head) & HEAD_DIGITS != 0
        || head & DASHES != dashes
        || non_digits(tail) & 0x8080 != 0
        || (tail >> 16) as u8 != b','
    {
        return None;
    }
    let t = head ^ ZEROS;
    let b = |i: u32| (t >> (8 * i)) as u32 & 0xff;
    let year = b(0) * 1000 + b(1) * 100 + b(2) * 10 + b(3);
    let month = b(5) * 10 + b(6);
    let d = (tail ^ ZEROS) as u32;
    let day = (d & 0xff) * 10 + (d >> 8 & 0xff);
    if !is_day(year, month, day) {
        return None;
    }
    Some(i64::from(year * 10_000 + month * 100 + day))
}

/// The last date seen by the fast path (its raw bytes) and whether it is in the
/// period: facts sorted or grouped by day repeat their date line after line.
#[derive(Default)]
struct LastDate {
    head: u64,
    /// The `DD,` bytes; 0 (never a date's) until a date is kept.
    tail: u64,
    in_period: bool,
}

/// The end of the field starting at `from`: the first comma at or after it, when no
/// LF comes first; `None` too near the end of the block (the careful path decides).
#[inline(always)]
fn field_end(block: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let w = word_at(block, from)?;
        let commas = zero_bytes(w ^ (REPEAT * u64::from(b',')));
        let seps = commas | zero_bytes(w ^ (REPEAT * u64::from(b'\n')));
        if seps != 0 {
            let first = seps & seps.wrapping_neg();
            return (first & commas != 0).then(|| from + (first.trailing_zeros() / 8) as usize);
        }
        from += 8;
    }
}

/// A value field starting at `at` and the line end after it: the value in cents, the
/// end of the field and the start of the next line. Only the common shape (optional
/// sign, 1–7 digits, optionally `.` and 1–2 digits, then LF or CR LF); anything else
/// is `None` and left to the careful path.
#[inline(always)]
fn fast_value(block: &[u8], at: usize) -> Option<(i64, usize, usize)> {
    let first = *block.get(at)?;
    let negative = first == b'-';
    let at = at + usize::from(negative || first == b'+');
    let w = word_at(block, at)?;
    let nd = non_digits(w);
    let n = nd.trailing_zeros() / 8;
    if n == 0 || nd == 0 {
        return None;
    }
    let int = swar_number(w ^ ZEROS, n) as i64;
    let after = at + n as usize;
    let rest = word_at(block, after)?;
    let (frac, term) = if rest as u8 == b'.' {
        let f0 = u64::from((rest >> 8) as u8).wrapping_sub(u64::from(b'0'));
        let f1 = u64::from((rest >> 16) as u8).wrapping_sub(u64::from(b'0'));
        match (f0 < 10, f1 < 10) {
            (true, true) => (f0 * 10 + f1, 3),
            (true, false) => (f0 * 10, 2),
            _ => return None,
        }
    } else {
        (0, 0)
    };
    let end = after + term;
    let next = match (rest >> (8 * term)) as u16 {
        t if t as u8 == b'\n' => end + 1,
        t if t == u16::from_le_bytes([b'\r', b'\n']) => end + 2,
        _ => return None,
    };
    let cents = int * 100 + frac as i64;
    Some((if negative { -cents } else { cents }, end, next))
}

/// The fast path's verdict on a well-formed line.
enum Fast {
    /// Cents for a cell.
    Accepted(usize, i64),
    OutOfPeriod,
}

/// The common line, checked in one pass without looking at its bytes twice: known
/// unit, known data point, strict date, common value shape, exactly four fields.
/// `None` for anything else, which the careful path then reads in full. Gives the
/// verdict and the start of the next line.
#[inline(always)]
fn fast_line(
    ctx: &Ctx<'_>,
    block: &[u8],
    start: usize,
    last_date: &mut LastDate,
) -> Option<(Fast, usize)> {
    let c0 = field_end(block, start)?;
    let unit = ctx.dict.unit_index_in(block, start, c0)?;
    let c1 = field_end(block, c0 + 1)?;
    let datapoint = ctx.dict.datapoint_index_in(block, c0 + 1, c1)?;
    let head = word_at(block, c1 + 1)?;
    let tail = word_at(block, c1 + 9)? & 0xff_ffff;
    let in_period = if head == last_date.head && tail == last_date.tail {
        last_date.in_period
    } else {
        let date = fast_date(head, tail)?;
        let in_period = date >= ctx.start && date <= ctx.end;
        *last_date = LastDate {
            head,
            tail,
            in_period,
        };
        in_period
    };
    let (cents, _, next) = fast_value(block, c1 + 12)?;
    if (cents < 0 || cents % 100 != 0) && ctx.dict.is_count_at(datapoint) {
        // not a count: the careful path rejects it
        return None;
    }
    let verdict = if in_period {
        Fast::Accepted(unit as usize * ctx.datapoints + datapoint as usize, cents)
    } else {
        Fast::OutOfPeriod
    };
    Some((verdict, next))
}

/// The careful path: the line at `start` read in full, exactly as the line validator
/// reads it. Gives the start of the next line.
fn careful_line(
    ctx: &Ctx<'_>,
    block: &[u8],
    start: usize,
    last: bool,
    acc: &mut Acc,
    out: &mut BlockOut,
) -> Result<usize> {
    let rest = block.get(start..).unwrap_or_default();
    let (end, next) = match memchr(b'\n', rest) {
        Some(lf) => (start + lf, start + lf + 1),
        // a block that is not the last ends in LF, so this is the last line
        None if last => (block.len(), block.len()),
        None => return Ok(block.len()),
    };
    let line = block.get(start..end).unwrap_or_default();
    let mut commas = [0; 3];
    let mut n_commas = 0_u64;
    for at in memchr_iter(b',', line) {
        if let Some(slot) = usize::try_from(n_commas)
            .ok()
            .and_then(|i| commas.get_mut(i))
        {
            *slot = start + at;
        }
        n_commas += 1;
    }
    finish_line(ctx, block, start, end, &commas, n_commas, acc, out)?;
    Ok(next)
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
    out.clear();
    let mut last_date = LastDate::default();
    let mut pos = 0;
    while pos < block.len() {
        match fast_line(ctx, block, pos, &mut last_date) {
            Some((verdict, next)) => {
                match verdict {
                    Fast::Accepted(cell, cents) => {
                        acc.push(cell, cents).map_err(|cell| overflow(ctx, cell))?;
                        out.accepted += 1;
                    }
                    Fast::OutOfPeriod => out.out_of_period += 1,
                }
                out.lines += 1;
                pos = next;
            }
            None => pos = careful_line(ctx, block, pos, last, acc, out)?,
        }
    }
    acc.flush().map_err(|cell| overflow(ctx, cell))
}

/// Judges one overlong line from what the splitter kept of it: with four fields,
/// `kept` is the line with each field cut to more bytes than any id, date or value has,
/// so every cut field fails its check exactly as the whole one would, and the checks
/// before it see the same bytes (a CR before the LF can only end an uncut last field,
/// which is not reached: a line that long has a cut field before it); otherwise
/// `kept` is the line's first bytes, the record of its field-count rejection.
pub(super) fn parse_overlong(
    ctx: &Ctx<'_>,
    kept: &[u8],
    fields: u64,
    acc: &mut Acc,
    out: &mut BlockOut,
) -> Result<()> {
    if fields == 4 {
        return parse_block(ctx, kept, true, acc, out);
    }
    out.clear();
    out.rejects.push(PendingReject {
        line: 0,
        start: 0,
        end: kept.len(),
        reason: RejectReason::FieldCount { found: fields },
    });
    out.lines = 1;
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
    if (cents < 0 || cents % 100 != 0) && ctx.dict.is_count_at(datapoint) {
        return Ok(Line::Rejected(RejectReason::NotACount));
    }
    if date < ctx.start || date > ctx.end {
        return Ok(Line::OutOfPeriod);
    }
    let cell = unit as usize * ctx.datapoints + datapoint as usize;
    acc.push(cell, cents).map_err(|cell| overflow(ctx, cell))?;
    Ok(Line::Accepted)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` followed by `line_end` and padding, so that the fast path may load words.
    fn padded(text: &str, line_end: &str) -> Vec<u8> {
        let mut b = format!("{text}{line_end}").into_bytes();
        b.extend_from_slice(&[b'x'; 16]);
        b
    }

    #[test]
    fn swar_number_reads_one_to_eight_digits() {
        let mut x: u64 = 1;
        for _ in 0..20_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            for n in 1..=8_u32 {
                let value = (x >> 11) % 10_u64.pow(n);
                let text = format!("{value:0width$}", width = n as usize);
                let w = word_at(&padded(&text, ""), 0).expect("eight bytes");
                assert_eq!(swar_number(w ^ ZEROS, n), value, "{text}");
            }
        }
    }

    #[test]
    fn fast_date_agrees_with_parse_date() {
        let mut fast = 0;
        for year in [
            "0000", "0001", "1900", "2000", "2023", "2024", "2026", "9999", "20a6",
        ] {
            for month in 0..=20 {
                for day in 0..=40 {
                    for (sep, m, d) in [
                        ("-", format!("{month:02}"), format!("{day:02}")),
                        ("/", format!("{month:02}"), format!("{day:02}")),
                        ("-", format!("{month}"), format!("{day:03}")),
                        ("-", format!("{month:02}"), format!("{day}:")),
                    ] {
                        let text = format!("{year}{sep}{m}-{d}");
                        let b = padded(&text, ",1\n");
                        let head = word_at(&b, 0).expect("eight bytes");
                        let tail = word_at(&b, 8).expect("eight bytes") & 0xff_ffff;
                        let slow = (text.len() == 10)
                            .then(|| parse_date(text.as_bytes()))
                            .flatten();
                        assert_eq!(fast_date(head, tail), slow, "{text}");
                        fast += usize::from(slow.is_some());
                    }
                }
            }
        }
        assert!(fast > 2000);
    }

    #[test]
    fn fast_value_agrees_with_parse_cents() {
        let mut cases: Vec<String> = [
            "",
            "-",
            "+",
            ".",
            "0",
            "-0",
            "+0",
            "7",
            "07",
            "1.",
            ".5",
            "1.5",
            "1.50",
            "1.505",
            "-1.05",
            "+1.05",
            "1234567",
            "12345678",
            "1234567.89",
            "-9999999.99",
            "1e5",
            "1,5",
            "1 ",
            " 1",
            "--1",
            "+-1",
            "1.5.",
            "1..5",
            "\r",
            "1\r",
            "1.2\r",
            "é",
        ]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
        let mut x: u64 = 7;
        for _ in 0..20_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let alphabet = b"0123456789.-+\r,x";
            let len = (x >> 60) as usize;
            let text: String = (0..len)
                .map(|i| char::from(alphabet[((x >> (4 * i)) % alphabet.len() as u64) as usize]))
                .collect();
            cases.push(text);
        }
        let mut fast = 0;
        for text in &cases {
            for line_end in ["\n", "\r\n", "\r\r\n", "x"] {
                let b = padded(text, line_end);
                let Some((cents, end, next)) = fast_value(&b, 0) else {
                    continue;
                };
                fast += 1;
                let full = format!("{text}{line_end}");
                let line = full.split_once('\n').map(|(l, _)| l);
                let line = line.expect("the fast path only ends a line at LF");
                let field = line.strip_suffix('\r').unwrap_or(line);
                assert_eq!(Some(cents), parse_cents(field.as_bytes()), "{full:?}");
                assert_eq!((end, next), (field.len(), line.len() + 1), "{full:?}");
            }
        }
        assert!(fast > 1000);
    }
}
