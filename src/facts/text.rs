//! The fast reader of the neutral CSV fact format, and the dense sums it fills.
//!
//! The input is cut into blocks of whole lines; each block is parsed (on a worker
//! thread when several are asked for) into running integer-cent sums and a list of
//! rejected lines; blocks are then taken in input order, so that rejects reach the
//! quarantine in line order. Integer sums do not depend on the order of addition, so
//! the result is the same, byte for byte, on any number of threads.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, Sender};

use memchr::{memchr, memchr_iter, memrchr};
use rust_decimal::Decimal;

use self::parse::{Acc, BlockOut, Ctx, pack, parse_block, parse_overlong};
use super::dict::Dictionary;
use super::quarantine::{Quarantine, RAW_RECORD_BYTES, Rejected, Tally};
use super::{Aggregate, DenseLookup, Sums};
use crate::error::{Error, Result};
use crate::id::{DatapointId, UnitId};
use crate::period::Period;

mod parse;

/// Bytes read per block unless [`FactReader::block_size`] says otherwise: 1 MiB.
const DEFAULT_BLOCK_SIZE: usize = 1 << 20;

/// A line without LF longer than this (and than a block) is judged as it streams by
/// instead of being kept whole: 64 KiB, far beyond any valid fact line.
const OVERLONG_LINE: usize = 64 << 10;

/// Exact sums of accepted facts as integer cents, with counts, in a flat table of the
/// [`Dictionary`]'s units × data points. Filled by [`FactReader`]; read through
/// [`Sums`].
///
/// Sums are kept in `i128` cents: with fact values below 10¹⁶ they cannot overflow
/// before the count does (2⁶⁴ facts). Turning a sum into a `Decimal` can overflow
/// (beyond about 7.9 × 10²⁶), which [`Sums::aggregate`] reports as an error.
#[derive(Debug, Clone)]
pub struct DenseSums {
    dict: Dictionary,
    cents: Vec<i128>,
    counts: Vec<u64>,
}

impl PartialEq for DenseSums {
    fn eq(&self, other: &Self) -> bool {
        self.dict.same_as(&other.dict) && self.cents == other.cents && self.counts == other.counts
    }
}

impl Eq for DenseSums {}

impl DenseSums {
    /// Empty sums over the units and data points of `dict`.
    pub fn new(dict: &Dictionary) -> Self {
        Self {
            dict: dict.clone(),
            cents: vec![0; dict.cells()],
            counts: vec![0; dict.cells()],
        }
    }

    /// Adds a worker's running sums.
    fn add_acc(&mut self, acc: &Acc) -> Result<()> {
        acc.add_into(&mut self.cents, &mut self.counts)
            .map_err(|cell| overflow(&self.dict, cell))
    }

    /// The dictionary the table is laid out by.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dict
    }

    fn cell(&self, unit: &str, datapoint: &str) -> Option<usize> {
        let u = self.dict.unit_index(unit)? as usize;
        let d = self.dict.datapoint_index(datapoint)? as usize;
        Some(u * self.dict.datapoints().len() + d)
    }

    /// The sum in cents and the count of `unit` and `datapoint`; `None` when either is
    /// not in the dictionary.
    pub fn cents(&self, unit: &UnitId, datapoint: &DatapointId) -> Option<(i128, u64)> {
        let cell = self.cell(unit.as_str(), datapoint.as_str())?;
        Some((*self.cents.get(cell)?, *self.counts.get(cell)?))
    }

    /// The cells with at least one fact, unit by unit in dictionary order: unit, data
    /// point, sum in cents, count.
    pub fn iter(&self) -> impl Iterator<Item = (&UnitId, &DatapointId, i128, u64)> + '_ {
        let dps = self.dict.datapoints();
        self.dict
            .units()
            .iter()
            .flat_map(move |u| dps.iter().map(move |d| (u, d)))
            .zip(self.cents.iter().zip(&self.counts))
            .filter(|(_, (_, count))| **count > 0)
            .map(|((u, d), (cents, count))| (u, d, *cents, *count))
    }

    /// Adds `other` (another shard of the same input) into `self`.
    ///
    /// # Errors
    ///
    /// When the two are laid out by different dictionaries, or a sum or count
    /// overflows (`self` may then hold part of `other`).
    pub fn merge(&mut self, other: &DenseSums) -> Result<()> {
        if !self.dict.same_as(&other.dict) {
            return Err(Error::mismatch(
                "cannot merge dense sums of different dictionaries",
            ));
        }
        add_acc(
            &self.dict,
            &mut self.cents,
            &mut self.counts,
            &other.cents,
            &other.counts,
        )
    }
}

fn add_acc(
    dict: &Dictionary,
    cents: &mut [i128],
    counts: &mut [u64],
    more_cents: &[i128],
    more_counts: &[u64],
) -> Result<()> {
    for (cell, (s, c)) in cents.iter_mut().zip(counts.iter_mut()).enumerate() {
        let (Some(ms), Some(mc)) = (more_cents.get(cell), more_counts.get(cell)) else {
            break;
        };
        *s = s.checked_add(*ms).ok_or_else(|| overflow(dict, cell))?;
        *c = c.checked_add(*mc).ok_or_else(|| overflow(dict, cell))?;
    }
    Ok(())
}

/// The overflow error for a cell of the dense table, naming its unit.
fn overflow(dict: &Dictionary, cell: usize) -> Error {
    let dps = dict.datapoints().len().max(1);
    match dict.units().get(cell / dps) {
        Some(unit) => Error::overflow(unit, None, "sum of facts"),
        None => Error::internal("a cell of dense sums lies outside the dictionary"),
    }
}

impl Sums for DenseSums {
    /// The sum (with scale 2, e.g. `7.10`) and count of `unit` and `datapoint`; sum 0
    /// (scale 0) and count 0 when there are no facts, also when the unit or data point
    /// is not in the dictionary (no fact of it can have been accepted).
    fn aggregate(&self, unit: &UnitId, datapoint: &DatapointId) -> Result<Aggregate> {
        match self.cents(unit, datapoint) {
            None | Some((_, 0)) => Ok(Aggregate::default()),
            Some((cents, count)) => Ok(Aggregate {
                sum: Decimal::try_from_i128_with_scale(cents, 2)
                    .map_err(|_| Error::overflow(unit, None, "sum of facts as a decimal"))?,
                count,
            }),
        }
    }

    fn dense(&self) -> Option<&dyn DenseLookup> {
        Some(self)
    }
}

impl DenseLookup for DenseSums {
    fn unit_index(&self, unit: &UnitId) -> Option<u32> {
        self.dict.unit_index(unit.as_str())
    }

    fn datapoint_index(&self, datapoint: &DatapointId) -> Option<u32> {
        self.dict.datapoint_index(datapoint.as_str())
    }

    fn aggregate_at(&self, unit: u32, datapoint: u32) -> Result<Aggregate> {
        let cell = unit as usize * self.dict.datapoints().len() + datapoint as usize;
        match (self.cents.get(cell), self.counts.get(cell)) {
            (Some(_), Some(0)) => Ok(Aggregate::default()),
            // the common case, a sum within ±2⁶³ cents, without the 96-bit range check
            (Some(&cents), Some(&count)) if i64::try_from(cents).is_ok() => Ok(Aggregate {
                sum: cents_to_decimal(cents),
                count,
            }),
            (Some(&cents), Some(&count)) => Ok(Aggregate {
                sum: Decimal::try_from_i128_with_scale(cents, 2).map_err(|_| {
                    let u = self.dict.units().get(unit as usize);
                    match u {
                        Some(u) => Error::overflow(u, None, "sum of facts as a decimal"),
                        None => Error::mismatch(format!(
                            "no unit #{unit} in the dictionary of these dense sums"
                        )),
                    }
                })?,
                count,
            }),
            _ => Err(Error::mismatch(format!(
                "these dense sums have no cell for unit #{unit} and data point #{datapoint}"
            ))),
        }
    }
}

/// `cents` (|cents| < 2⁶³) as a decimal with scale 2, straight from its parts.
fn cents_to_decimal(cents: i128) -> Decimal {
    let m = cents.unsigned_abs();
    Decimal::from_parts(m as u32, (m >> 32) as u32, (m >> 64) as u32, cents < 0, 2)
}

/// Reads the neutral CSV fact format (`unit_id,datapoint_id,date,value`, line 1 a
/// header skipped unchecked) from any [`Read`], fast: bytes not strings, no allocation
/// per line, block by block (never the whole input at once), on one or more threads.
///
/// Every data line is exactly one of accepted (summed), out of period (counted) or
/// rejected (passed to the quarantine with its 1-based line number, in ascending
/// order). The checks and their order are those of
/// [`Validator::parse_line`](super::Validator::parse_line).
///
/// Line ends: a line ends at LF; one CR right before the LF, or at the very end of the
/// input, is removed; any other CR is an ordinary byte. The last line may lack its LF;
/// an input ending in LF has no empty line after it. An empty line is a data line with
/// one field (rejected).
///
/// # Examples
///
/// ```
/// use scorecard::facts::{Dictionary, FactReader, Rejected};
/// use scorecard::{Period, Sums};
/// use scorecard::facts::RejectReason;
///
/// let dict = Dictionary::new(["H1".into()], ["D01".into()]).unwrap();
/// let csv = "unit_id,datapoint_id,date,value\r\n\
///            H1,D01,2026-01-01,50.25\r\n\
///            H1,D01,2025-12-31,1\n\
///            H2,D01,2026-01-01,1\n\
///            H1,D01,2026-06-30,+007.10";
/// let mut rejects: Vec<Rejected> = Vec::new();
/// let (sums, tally) = FactReader::new(&dict, Period::year(2026).unwrap())
///     .threads(2)
///     .read(csv.as_bytes(), &mut rejects)
///     .unwrap();
/// let a = sums.aggregate(&"H1".into(), &"D01".into()).unwrap();
/// assert_eq!((a.sum.to_string(), a.count), ("57.35".to_string(), 2));
/// assert_eq!((tally.total(), tally.accepted(), tally.out_of_period(), tally.rejected()), (4, 2, 1, 1));
/// assert_eq!(rejects, [Rejected::new(4, RejectReason::UnknownUnit, "H2,D01,2026-01-01,1")]);
/// ```
#[derive(Debug, Clone)]
pub struct FactReader<'d> {
    dict: &'d Dictionary,
    period: Period,
    threads: usize,
    block_size: usize,
}

impl<'d> FactReader<'d> {
    /// The most worker threads a reader uses: [`threads`](Self::threads) asks for at
    /// most this many. Each worker keeps its own table and up to two blocks, so memory
    /// grows with the number.
    pub const MAX_THREADS: usize = 256;

    /// A reader for the units and data points of `dict` and facts dated in `period`;
    /// one thread, blocks of 1 MiB.
    pub fn new(dict: &'d Dictionary, period: Period) -> Self {
        Self {
            dict,
            period,
            threads: 1,
            block_size: DEFAULT_BLOCK_SIZE,
        }
    }

    /// Parse on `threads` worker threads (besides the calling thread, which reads and
    /// merges); 1 (or 0) parses on the calling thread, and more than
    /// [`MAX_THREADS`](Self::MAX_THREADS) (256) parse on 256. The result does not
    /// depend on it. Each worker keeps its own table of units × data points (16 bytes a
    /// cell), added up at the end.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads.clamp(1, Self::MAX_THREADS);
        self
    }

    /// Read `bytes` per block (at least 1; a line longer than a block makes its block
    /// longer, up to 64 KiB). Memory is about (2 × threads + 2) blocks plus the tables,
    /// whatever the input: a line too long to be a fact (no LF in the block and past
    /// 64 KiB, as in a file whose lines end in CR alone) is not kept whole but judged
    /// as it streams by, with the same reason and record as any other rejected line.
    pub fn block_size(mut self, bytes: usize) -> Self {
        self.block_size = bytes.max(1);
        self
    }

    /// Reads all of `input`.
    ///
    /// # Errors
    ///
    /// When reading fails ([`Error::is_io`]) or a sum overflows; rejected lines are not
    /// errors.
    pub fn read<R, Q>(&self, input: R, quarantine: &mut Q) -> Result<(DenseSums, Tally)>
    where
        R: Read,
        Q: Quarantine + ?Sized,
    {
        let ctx = Ctx {
            dict: self.dict,
            datapoints: self.dict.datapoints().len(),
            start: pack(self.period.start()),
            end: pack(self.period.end()),
        };
        let longest_id = (self.dict.units().iter().map(|u| u.as_str().len()))
            .chain(self.dict.datapoints().iter().map(|d| d.as_str().len()))
            .max()
            .unwrap_or(0);
        // a field cut to `cap` bytes is longer than any id, date or value: it fails
        // every check, as the whole field would; and the line's record is the same
        let cap = RAW_RECORD_BYTES.max(longest_id + 1);
        let mut splitter = Splitter {
            input,
            block_size: self.block_size,
            cap,
            overlong: OVERLONG_LINE.max(4 * cap + 4),
            header_done: false,
            finished: false,
            carry: Vec::new(),
            carry_searched: true,
            next_index: 0,
        };
        let mut merger = Merger {
            next_line: 2,
            tally: Tally::default(),
            keeps_records: quarantine.keeps_records(),
            quarantine,
        };
        let mut sums = DenseSums::new(self.dict);
        if self.threads == 1 {
            let mut acc = Acc::new(self.dict.cells());
            let mut out = BlockOut::default();
            let mut spare = Vec::new();
            while let Some(block) = splitter.next_block(spare)? {
                block.parse(&ctx, &mut acc, &mut out)?;
                merger.take(&block.buf, &out)?;
                spare = block.buf;
            }
            sums.add_acc(&acc)?;
        } else {
            read_parallel(&ctx, self.threads, &mut splitter, &mut merger, &mut sums)?;
        }
        Ok((sums, merger.tally))
    }
}

/// A block of whole lines (and, when `last`, a final line without LF); or one line too
/// long to keep, condensed.
struct Block {
    index: u64,
    buf: Vec<u8>,
    last: bool,
    /// For a condensed overlong line, its number of fields; `buf` then holds its first
    /// four fields each cut to the splitter's `cap` bytes (when it has four), or its
    /// first bytes (the rejected record) otherwise.
    overlong: Option<u64>,
}

impl Block {
    fn parse(&self, ctx: &Ctx<'_>, acc: &mut Acc, out: &mut BlockOut) -> Result<()> {
        match self.overlong {
            None => parse_block(ctx, &self.buf, self.last, acc, out),
            Some(fields) => parse_overlong(ctx, &self.buf, fields, acc, out),
        }
    }
}

/// A parsed block, back from a worker.
struct Done {
    index: u64,
    buf: Vec<u8>,
    out: BlockOut,
}

/// Cuts the input into blocks at line boundaries, after skipping the header line.
struct Splitter<R> {
    input: R,
    block_size: usize,
    /// The bytes kept of each field of an overlong line.
    cap: usize,
    /// The length past which a line without LF is overlong.
    overlong: usize,
    header_done: bool,
    finished: bool,
    /// The bytes read past the last block's end: the start of a line whose end has not
    /// been read yet, or, after an overlong line, whatever followed its LF.
    carry: Vec<u8>,
    /// Whether `carry` is known to hold no LF (not so after an overlong line, which
    /// ends at its first LF).
    carry_searched: bool,
    next_index: u64,
}

impl<R: Read> Splitter<R> {
    /// The next block, read into `buf` (a spare buffer to reuse); `None` at the end.
    fn next_block(&mut self, mut buf: Vec<u8>) -> Result<Option<Block>> {
        if self.finished {
            return Ok(None);
        }
        buf.clear();
        buf.append(&mut self.carry);
        // the bytes at the start of `buf` known to hold no LF (the carried start of a
        // line), so that a long line read in small blocks is searched once, not over
        // and over
        let mut searched = if self.carry_searched { buf.len() } else { 0 };
        self.carry_searched = true;
        loop {
            let want = self.block_size as u64;
            let got = (&mut self.input)
                .take(want)
                .read_to_end(&mut buf)
                .map_err(|e| Error::io("reading facts", e))?;
            let eof = (got as u64) < want;
            if !self.header_done {
                match memchr(b'\n', &buf) {
                    Some(lf) => {
                        buf.drain(..=lf);
                        self.header_done = true;
                        searched = 0;
                    }
                    None => {
                        buf.clear();
                        searched = 0;
                        if eof {
                            self.finished = true;
                            return Ok(None);
                        }
                        continue;
                    }
                }
            }
            if eof {
                self.finished = true;
                return Ok(Some(self.block(buf, true)));
            }
            let unsearched = buf.get(searched..).unwrap_or_default();
            if let Some(lf) = memrchr(b'\n', unsearched).map(|i| searched + i) {
                self.carry
                    .extend_from_slice(buf.get(lf + 1..).unwrap_or_default());
                buf.truncate(lf + 1);
                return Ok(Some(self.block(buf, false)));
            }
            // a line longer than the block so far: read on into the same buffer, or,
            // past the limit, judge it as it streams by
            searched = buf.len();
            if buf.len() > self.overlong {
                return self.condense(buf).map(Some);
            }
        }
    }

    fn block(&mut self, buf: Vec<u8>, last: bool) -> Block {
        let index = self.next_index;
        self.next_index += 1;
        Block {
            index,
            buf,
            last,
            overlong: None,
        }
    }

    /// Reads the rest of a line whose first bytes, without LF, are `start`, keeping
    /// only its number of fields, the first `cap` bytes of each of its first four
    /// fields and its first bytes; the bytes after its LF are carried to the next
    /// block. Memory stays within two blocks however long the line.
    fn condense(&mut self, start: Vec<u8>) -> Result<Block> {
        let mut line = Condensed {
            fields: 1,
            kept: vec![Vec::new()],
            head: Vec::new(),
            cap: self.cap,
        };
        // `start` was searched already
        line.feed(&start);
        let mut chunk = start;
        loop {
            chunk.clear();
            let got = (&mut self.input)
                .take(self.block_size as u64)
                .read_to_end(&mut chunk)
                .map_err(|e| Error::io("reading facts", e))?;
            if got == 0 {
                // the last line, without LF (a CR at its end cannot change the verdict:
                // see `parse_overlong`)
                self.finished = true;
                break;
            }
            if let Some(lf) = memchr(b'\n', &chunk) {
                line.feed(chunk.get(..lf).unwrap_or_default());
                self.carry
                    .extend_from_slice(chunk.get(lf + 1..).unwrap_or_default());
                // more lines may follow in what was read
                self.carry_searched = false;
                break;
            }
            line.feed(&chunk);
        }
        let index = self.next_index;
        self.next_index += 1;
        let buf = if line.fields == 4 {
            line.kept.join(&b',')
        } else {
            line.head
        };
        Ok(Block {
            index,
            buf,
            last: true,
            overlong: Some(line.fields),
        })
    }
}

/// What is kept of an overlong line while it streams by.
struct Condensed {
    fields: u64,
    /// The first `cap` bytes of each of the first four fields (up to the fifth's start).
    kept: Vec<Vec<u8>>,
    /// The line's first bytes, as many as a rejected record is made from.
    head: Vec<u8>,
    cap: usize,
}

impl Condensed {
    /// Takes the next bytes of the line (no LF among them).
    fn feed(&mut self, bytes: &[u8]) {
        let room = RAW_RECORD_BYTES.saturating_sub(self.head.len());
        self.head
            .extend_from_slice(bytes.get(..room).unwrap_or(bytes));
        let mut from = 0;
        for comma in memchr_iter(b',', bytes).chain(std::iter::once(bytes.len())) {
            if let Some(field) = self.kept.last_mut().filter(|_| self.fields <= 4) {
                let piece = bytes.get(from..comma).unwrap_or_default();
                let room = self.cap.saturating_sub(field.len());
                field.extend_from_slice(piece.get(..room).unwrap_or(piece));
            }
            if comma < bytes.len() {
                self.fields += 1;
                if self.fields <= 4 {
                    self.kept.push(Vec::new());
                }
            }
            from = comma + 1;
        }
    }
}

/// Takes parsed blocks in input order: numbers their lines, passes rejects on, tallies.
struct Merger<'q, Q: ?Sized> {
    next_line: u64,
    tally: Tally,
    keeps_records: bool,
    quarantine: &'q mut Q,
}

impl<Q: Quarantine + ?Sized> Merger<'_, Q> {
    fn take(&mut self, buf: &[u8], out: &BlockOut) -> Result<()> {
        for r in &out.rejects {
            let record = if self.keeps_records {
                buf.get(r.start..r.end).unwrap_or_default()
            } else {
                &[]
            };
            let line = self.next_line.saturating_add(r.line);
            self.quarantine
                .reject(Rejected::from_bytes(line, r.reason, record));
        }
        let rejected = out.rejects.len() as u64;
        self.tally.merge(&Tally::from_counts(
            out.accepted,
            out.out_of_period,
            rejected,
        )?);
        self.next_line = self.next_line.saturating_add(out.lines);
        Ok(())
    }
}

fn worker(ctx: &Ctx<'_>, jobs: &Mutex<Receiver<Block>>, done: &Sender<Result<Done>>) -> Acc {
    let mut acc = Acc::new(ctx.dict.cells());
    loop {
        let job = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => break,
        };
        let Ok(block) = job else { break };
        let mut out = BlockOut::default();
        let parsed = block.parse(ctx, &mut acc, &mut out).map(|()| Done {
            index: block.index,
            buf: block.buf,
            out,
        });
        // after a failure, keep taking blocks so that the reading thread never waits
        // on a full queue; it stops at the first error it takes back
        if done.send(parsed).is_err() {
            break;
        }
    }
    acc
}

fn read_parallel<R: Read, Q: Quarantine + ?Sized>(
    ctx: &Ctx<'_>,
    threads: usize,
    splitter: &mut Splitter<R>,
    merger: &mut Merger<'_, Q>,
    sums: &mut DenseSums,
) -> Result<()> {
    let (job_tx, job_rx) = mpsc::sync_channel::<Block>(threads);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<Result<Done>>();
    std::thread::scope(|scope| {
        let spawned: std::io::Result<Vec<_>> = (0..threads)
            .map(|_| {
                let done_tx = done_tx.clone();
                let job_rx = &job_rx;
                std::thread::Builder::new()
                    .name("scorecard-facts".into())
                    .spawn_scoped(scope, move || worker(ctx, job_rx, &done_tx))
            })
            .collect();
        drop(done_tx);
        let workers = match spawned {
            Ok(workers) => workers,
            Err(e) => {
                // the threads already started see the queue closed and stop
                drop(job_tx);
                return Err(Error::io("starting fact reader threads", e));
            }
        };
        let driven = drive(threads, splitter, merger, job_tx, &done_rx);
        let mut failed = None;
        for w in workers {
            let added = match w.join() {
                Ok(acc) => sums.add_acc(&acc),
                Err(_) => Err(Error::internal("a fact reader thread stopped")),
            };
            if let Err(e) = added {
                failed.get_or_insert(e);
            }
        }
        driven?;
        failed.map_or(Ok(()), Err)
    })
}

/// The calling thread's part: reads blocks and hands them out, takes the parsed ones
/// back in order; at most `2 × threads + 1` blocks are out at a time.
fn drive<R: Read, Q: Quarantine + ?Sized>(
    threads: usize,
    splitter: &mut Splitter<R>,
    merger: &mut Merger<'_, Q>,
    jobs: mpsc::SyncSender<Block>,
    done: &Receiver<Result<Done>>,
) -> Result<()> {
    let max_out = 2 * threads + 1;
    let mut out = 0_usize;
    let mut next = 0_u64;
    let mut waiting: BTreeMap<u64, Done> = BTreeMap::new();
    let mut spare: Vec<Vec<u8>> = Vec::new();
    let stopped = || Error::internal("the fact reader threads stopped");
    let mut take =
        |parsed: Result<Done>, out: &mut usize, spare: &mut Vec<Vec<u8>>| -> Result<()> {
            let parsed = parsed?;
            waiting.insert(parsed.index, parsed);
            while let Some(d) = waiting.remove(&next) {
                merger.take(&d.buf, &d.out)?;
                spare.push(d.buf);
                next += 1;
                *out -= 1;
            }
            Ok(())
        };
    loop {
        while out >= max_out {
            let parsed = done.recv().map_err(|_| stopped())?;
            take(parsed, &mut out, &mut spare)?;
        }
        let Some(block) = splitter.next_block(spare.pop().unwrap_or_default())? else {
            break;
        };
        jobs.send(block).map_err(|_| stopped())?;
        out += 1;
        while let Ok(parsed) = done.try_recv() {
            take(parsed, &mut out, &mut spare)?;
        }
    }
    drop(jobs);
    while out > 0 {
        let parsed = done.recv().map_err(|_| stopped())?;
        take(parsed, &mut out, &mut spare)?;
    }
    Ok(())
}
