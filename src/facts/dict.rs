//! The dictionary of known units and data points, interned into dense indices.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::id::{DatapointId, UnitId};

/// An FxHash-style hasher (the one rustc uses): fast on short keys such as ids, not
/// resistant to chosen collisions, which is acceptable for a dictionary built from
/// configuration and only *looked up* with untrusted bytes.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0_u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0_u8; 8];
            w.iter_mut().zip(rest).for_each(|(d, s)| *d = *s);
            // the length tag keeps "a" and "a\0" apart
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[derive(Debug)]
struct Inner {
    units: Vec<UnitId>,
    datapoints: Vec<DatapointId>,
    unit_index: FxMap<Box<[u8]>, u32>,
    datapoint_index: FxMap<Box<[u8]>, u32>,
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
        let mut unit_index = FxMap::default();
        let mut unit_list = Vec::new();
        for unit in units {
            let next = u32::try_from(unit_list.len())
                .map_err(|_| Error::config("more than 4294967295 units"))?;
            let key: Box<[u8]> = unit.as_str().as_bytes().into();
            if unit_index.insert(key, next).is_some() {
                return Err(Error::duplicate_unit(&unit));
            }
            unit_list.push(unit);
        }
        let mut datapoint_index = FxMap::default();
        let mut datapoint_list = Vec::new();
        for datapoint in datapoints {
            let next = u32::try_from(datapoint_list.len())
                .map_err(|_| Error::config("more than 4294967295 data points"))?;
            let key: Box<[u8]> = datapoint.as_str().as_bytes().into();
            if let std::collections::hash_map::Entry::Vacant(e) = datapoint_index.entry(key) {
                e.insert(next);
                datapoint_list.push(datapoint);
            }
        }
        unit_list
            .len()
            .checked_mul(datapoint_list.len())
            .and_then(|cells| cells.checked_mul(size_of::<i128>() + size_of::<u64>()))
            .filter(|bytes| isize::try_from(*bytes).is_ok())
            .ok_or_else(|| Error::config("too many units × data points for a dense table"))?;
        Ok(Self {
            inner: Arc::new(Inner {
                units: unit_list,
                datapoints: datapoint_list,
                unit_index,
                datapoint_index,
            }),
        })
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
        self.inner.unit_index.get(unit).copied()
    }

    #[inline]
    pub(crate) fn datapoint_index_bytes(&self, datapoint: &[u8]) -> Option<u32> {
        self.inner.datapoint_index.get(datapoint).copied()
    }

    /// Number of cells of a dense table: units × data points (checked at construction).
    pub(crate) fn cells(&self) -> usize {
        self.inner.units.len() * self.inner.datapoints.len()
    }

    /// Whether two dictionaries have the same units and data points in the same order.
    pub fn same_as(&self, other: &Dictionary) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
            || (self.inner.units == other.inner.units
                && self.inner.datapoints == other.inner.datapoints)
    }
}
