//! The dictionary of known units and data points, interned into dense indices.

use std::collections::HashSet;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::id::{DatapointId, UnitId};

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// An FxHash-style hash (the one rustc uses) of a key longer than 8 bytes: fast on
/// short keys, not resistant to chosen collisions, which is acceptable for a table
/// built from configuration and only *looked up* with untrusted bytes.
fn fx_hash(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0;
    let mut add = |word: u64| hash = (hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0_u8; 8];
        w.copy_from_slice(c);
        add(u64::from_le_bytes(w));
    }
    let mut w = [0_u8; 8];
    w.iter_mut()
        .zip(chunks.remainder())
        .for_each(|(d, s)| *d = *s);
    add(u64::from_le_bytes(w));
    hash
}

/// The first `len` (at most 8) bytes of `bytes` as a little-endian word, zero-padded.
#[inline]
fn short_word(bytes: &[u8]) -> u64 {
    let mut w = [0_u8; 8];
    w.iter_mut().zip(bytes).for_each(|(d, s)| *d = *s);
    u64::from_le_bytes(w)
}

const EMPTY: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The key itself when it has at most 8 bytes, else its hash.
    tag: u64,
    len: u32,
    index: u32,
}

/// An open-addressing table from id bytes to dense indices, made for the reader's hot
/// loop: a key of at most 8 bytes is found with one multiply and integer compares,
/// without hashing or comparing bytes; longer keys are hashed and compared in full.
#[derive(Debug, Clone)]
struct IdTable {
    slots: Vec<Slot>,
    shift: u32,
    keys: Vec<Box<[u8]>>,
}

impl IdTable {
    fn with_keys(keys: Vec<Box<[u8]>>) -> Self {
        let size = (keys.len() * 2).max(8).next_power_of_two();
        let mut table = Self {
            slots: vec![
                Slot {
                    tag: 0,
                    len: 0,
                    index: EMPTY
                };
                size
            ],
            shift: 64 - size.trailing_zeros(),
            keys: Vec::new(),
        };
        for (index, key) in (0_u32..).zip(&keys) {
            let (tag, len) = Self::tag(key);
            let mut at = table.home(tag, len);
            while let Some(slot) = table.slots.get_mut(at) {
                if slot.index == EMPTY {
                    *slot = Slot { tag, len, index };
                    break;
                }
                at = (at + 1) & (size - 1);
            }
        }
        table.keys = keys;
        table
    }

    #[inline]
    fn tag(key: &[u8]) -> (u64, u32) {
        let len = u32::try_from(key.len()).unwrap_or(u32::MAX);
        if key.len() <= 8 {
            (short_word(key), len)
        } else {
            (fx_hash(key), len)
        }
    }

    /// The first slot to probe: a folded multiply (the high and low halves of a 128-bit
    /// product, xored) mixes every key bit into the top bits, even for ids that differ
    /// only in one digit.
    #[inline(always)]
    fn home(&self, tag: u64, len: u32) -> usize {
        let product = u128::from(tag ^ u64::from(len)) * u128::from(SEED);
        let folded = (product as u64) ^ ((product >> 64) as u64);
        (folded.wrapping_mul(SEED) >> self.shift) as usize
    }

    #[inline]
    fn get(&self, key: &[u8]) -> Option<u32> {
        let (tag, len) = Self::tag(key);
        self.find(tag, len, key)
    }

    /// The index of `block[start..end]`; reads the 8 bytes at `start` at once when the
    /// block has them.
    #[inline(always)]
    fn get_in(&self, block: &[u8], start: usize, end: usize) -> Option<u32> {
        let len = end.checked_sub(start)?;
        if len <= 8 {
            if let Some(chunk) = block.get(start..start + 8) {
                let mut w = [0_u8; 8];
                w.copy_from_slice(chunk);
                let word = u64::from_le_bytes(w);
                let tag = if len == 8 {
                    word
                } else {
                    word & ((1_u64 << (8 * len)) - 1)
                };
                return self.find(tag, len as u32, &[]);
            }
        }
        self.get(block.get(start..end)?)
    }

    #[inline(always)]
    fn find(&self, tag: u64, len: u32, key: &[u8]) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut at = self.home(tag, len);
        loop {
            let slot = self.slots.get(at)?;
            if slot.index == EMPTY {
                return None;
            }
            if slot.tag == tag
                && slot.len == len
                && (len <= 8
                    || self
                        .keys
                        .get(slot.index as usize)
                        .is_some_and(|k| **k == *key))
            {
                return Some(slot.index);
            }
            at = (at + 1) & mask;
        }
    }
}

#[derive(Debug, Clone)]
struct Inner {
    units: Vec<UnitId>,
    datapoints: Vec<DatapointId>,
    unit_index: IdTable,
    datapoint_index: IdTable,
    /// Per data point index: whether its values must be counts (whole, not negative).
    counts: Vec<bool>,
}

/// The known units and data points, each given a dense index (`0..n`, in the order
/// given), so that sums can live in a flat table of units × data points.
///
/// Cloning is cheap (the dictionary is shared).
///
/// # Examples
///
/// ```
/// use scorecard::facts::Dictionary;
///
/// // data points repeat when several indicators read the same one
/// let dict = Dictionary::new(["H1".into(), "H2".into()], ["D01".into(), "D02".into(), "D01".into()]).unwrap();
/// assert_eq!(dict.datapoints().len(), 2);
/// assert_eq!(dict.unit_index("H2"), Some(1));
/// assert_eq!(dict.unit_index("h2"), None);
/// ```
#[derive(Debug, Clone)]
pub struct Dictionary {
    inner: Arc<Inner>,
}

impl Dictionary {
    /// A dictionary of `units` and `datapoints`. Repeated data points are kept once (in
    /// the place of their first appearance).
    ///
    /// # Errors
    ///
    /// When a unit is given twice, or when there are more than `u32::MAX` units or data
    /// points, or more cells (units × data points) than memory can address.
    pub fn new(
        units: impl IntoIterator<Item = UnitId>,
        datapoints: impl IntoIterator<Item = DatapointId>,
    ) -> Result<Self> {
        let mut seen = HashSet::new();
        let mut unit_list = Vec::new();
        for unit in units {
            if !seen.insert(unit.clone()) {
                return Err(Error::duplicate_unit(&unit));
            }
            unit_list.push(unit);
        }
        let mut seen = HashSet::new();
        let datapoint_list: Vec<DatapointId> = datapoints
            .into_iter()
            .filter(|d| seen.insert(d.clone()))
            .collect();
        if u32::try_from(unit_list.len()).is_err() || u32::try_from(datapoint_list.len()).is_err() {
            return Err(Error::capacity("units or data points", u64::from(u32::MAX)));
        }
        let keys = |ids: Vec<&str>| ids.into_iter().map(|i| i.as_bytes().into()).collect();
        let unit_index = IdTable::with_keys(keys(unit_list.iter().map(UnitId::as_str).collect()));
        let datapoint_index = IdTable::with_keys(keys(
            datapoint_list.iter().map(DatapointId::as_str).collect(),
        ));
        unit_list
            .len()
            .checked_mul(datapoint_list.len())
            .and_then(|cells| cells.checked_mul(size_of::<i128>() + size_of::<u64>()))
            .filter(|bytes| isize::try_from(*bytes).is_ok())
            .ok_or_else(|| {
                let cell = size_of::<i128>() + size_of::<u64>();
                let cells = isize::MAX.unsigned_abs() / cell;
                Error::capacity(
                    "cells (units × data points) in a dense table",
                    u64::try_from(cells).unwrap_or(u64::MAX),
                )
            })?;
        let counts = vec![false; datapoint_list.len()];
        Ok(Self {
            inner: Arc::new(Inner {
                units: unit_list,
                datapoints: datapoint_list,
                unit_index,
                datapoint_index,
                counts,
            }),
        })
    }

    /// The same dictionary with `datapoints` declared as counts: a fact of one of them
    /// whose value is not whole and non-negative is rejected as
    /// [`NotACount`](crate::facts::RejectReason::NotACount) by the [`Validator`](super::Validator)
    /// and the [`FactReader`](super::FactReader) alike. Ids the dictionary does not know
    /// are ignored. ([`Scheme::dictionary`](crate::Scheme::dictionary) marks the counts
    /// a rule book declares.)
    ///
    /// # Examples
    ///
    /// ```
    /// use scorecard::facts::{Dictionary, RejectReason, Validator};
    /// use scorecard::Period;
    ///
    /// let dict = Dictionary::new(["H1".into()], ["D01".into(), "D02".into()])?.counts(["D02".into()]);
    /// assert!(dict.is_count("D02") && !dict.is_count("D01"));
    /// let v = Validator::new(&dict, Period::year(2026)?);
    /// assert!(v.parse_line("H1,D01,2026-02-14,2.5").is_ok());
    /// assert_eq!(v.parse_line("H1,D02,2026-02-14,2.5"), Err(RejectReason::NotACount));
    /// assert_eq!(v.parse_line("H1,D02,2026-02-14,-1"), Err(RejectReason::NotACount));
    /// # Ok::<(), scorecard::Error>(())
    /// ```
    pub fn counts(mut self, datapoints: impl IntoIterator<Item = DatapointId>) -> Self {
        let inner = Arc::make_mut(&mut self.inner);
        for d in datapoints {
            if let Some(k) = inner.datapoint_index.get(d.as_str().as_bytes()) {
                if let Some(slot) = inner.counts.get_mut(k as usize) {
                    *slot = true;
                }
            }
        }
        self
    }

    /// Whether data point `datapoint` is declared as a count.
    pub fn is_count(&self, datapoint: &str) -> bool {
        self.datapoint_index(datapoint)
            .is_some_and(|k| self.is_count_at(k))
    }

    /// Whether the data point of index `k` is declared as a count.
    #[inline]
    pub(crate) fn is_count_at(&self, k: u32) -> bool {
        self.inner.counts.get(k as usize).copied().unwrap_or(false)
    }

    /// The units, in index order.
    pub fn units(&self) -> &[UnitId] {
        &self.inner.units
    }

    /// The data points, in index order.
    pub fn datapoints(&self) -> &[DatapointId] {
        &self.inner.datapoints
    }

    /// The index of a unit id.
    pub fn unit_index(&self, unit: &str) -> Option<u32> {
        self.unit_index_bytes(unit.as_bytes())
    }

    /// The index of a data point id.
    pub fn datapoint_index(&self, datapoint: &str) -> Option<u32> {
        self.datapoint_index_bytes(datapoint.as_bytes())
    }

    #[inline]
    pub(crate) fn unit_index_bytes(&self, unit: &[u8]) -> Option<u32> {
        self.inner.unit_index.get(unit)
    }

    #[inline]
    pub(crate) fn datapoint_index_bytes(&self, datapoint: &[u8]) -> Option<u32> {
        self.inner.datapoint_index.get(datapoint)
    }

    /// The index of the unit id `block[start..end]`.
    #[inline]
    pub(crate) fn unit_index_in(&self, block: &[u8], start: usize, end: usize) -> Option<u32> {
        self.inner.unit_index.get_in(block, start, end)
    }

    /// The index of the data point id `block[start..end]`.
    #[inline]
    pub(crate) fn datapoint_index_in(&self, block: &[u8], start: usize, end: usize) -> Option<u32> {
        self.inner.datapoint_index.get_in(block, start, end)
    }

    /// Number of cells of a dense table: units × data points (checked at construction).
    pub(crate) fn cells(&self) -> usize {
        self.inner.units.len() * self.inner.datapoints.len()
    }

    /// Whether two dictionaries have the same units and data points in the same order.
    pub fn same_as(&self, other: &Dictionary) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
            || (self.inner.units == other.inner.units
                && self.inner.datapoints == other.inner.datapoints
                && self.inner.counts == other.inner.counts)
    }
}
