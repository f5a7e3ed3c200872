//! The load-time checks of a decision table: rows that overlap where they must not, and
//! values no row covers (by recursive partitioning of the product space at the rows'
//! bounds, within a work limit).

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::super::MAX_CHECK_WORK;
use super::super::error::{FormulaError, FormulaErrorKind};
use super::cond::{Condition, interior};
use crate::num::cmp;

/// The rows' conditions, row-major, and the inputs' names for messages.
pub(crate) struct Grid<'a> {
    pub(crate) conds: &'a [Condition],
    pub(crate) width: usize,
    pub(crate) names: &'a [String],
}

impl Grid<'_> {
    fn cond(&self, row: usize, col: usize) -> &Condition {
        &self.conds[row * self.width + col]
    }

    fn rows(&self) -> usize {
        self.conds.len().checked_div(self.width).unwrap_or(0)
    }

    /// `name = value, …` for a point of the input space.
    fn show(&self, point: &[Decimal]) -> String {
        self.names
            .iter()
            .zip(point)
            .map(|(n, v)| format!("{n} = {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A point where rows `a` and `b` (0-based) both match, if any.
    fn overlap(&self, a: usize, b: usize) -> Option<Vec<Decimal>> {
        (0..self.width)
            .map(|c| self.cond(a, c).intersect(self.cond(b, c)).point())
            .collect()
    }

    /// Refuses two rows of the same class (`same(a, b)`) that match a common point; the
    /// error names both rows (1-based) and the point.
    pub(crate) fn no_overlap(
        &self,
        same: impl Fn(usize, usize) -> bool,
        why: impl Fn(usize, usize) -> String,
    ) -> Result<(), FormulaError> {
        let n = self.rows();
        for a in 0..n {
            for b in a + 1..n {
                if !same(a, b) {
                    continue;
                }
                if let Some(p) = self.overlap(a, b) {
                    return Err(FormulaError::new(
                        FormulaErrorKind::Overlap,
                        format!(
                            "rows {} and {} both match {}: {}",
                            a + 1,
                            b + 1,
                            self.show(&p),
                            why(a, b)
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Refuses a table with a point no row matches; the error names one such point.
    pub(crate) fn no_gap(&self) -> Result<(), FormulaError> {
        let rows: Vec<usize> = (0..self.rows()).collect();
        let mut point = Vec::with_capacity(self.width);
        let mut work = 0u64;
        if let Some(p) = self.cover(0, &rows, &mut point, &mut work)? {
            return Err(FormulaError::new(
                FormulaErrorKind::Gap,
                format!(
                    "no row matches {}: add a row for it or declare a default",
                    self.show(&p)
                ),
            ));
        }
        Ok(())
    }

    /// Whether `rows` (every one matching the point's first `col` coordinates) cover
    /// every value of the remaining columns; if not, a point none matches.
    fn cover(
        &self,
        col: usize,
        rows: &[usize],
        point: &mut Vec<Decimal>,
        work: &mut u64,
    ) -> Result<Option<Vec<Decimal>>, FormulaError> {
        if rows.is_empty() {
            let mut p = point.clone();
            p.resize(self.width, Decimal::ZERO);
            return Ok(Some(p));
        }
        if col == self.width {
            return Ok(None);
        }
        // a row matching anything in the remaining columns covers them all
        *work += (rows.len() * (self.width - col)) as u64;
        if rows
            .iter()
            .any(|&r| (col..self.width).all(|c| self.cond(r, c).is_any()))
        {
            return Ok(None);
        }
        let mut cuts: Vec<Decimal> = Vec::new();
        for &r in rows {
            let c = self.cond(r, col);
            cuts.extend(c.low.map(|b| b.value));
            cuts.extend(c.high.map(|b| b.value));
        }
        cuts.sort_by(|a, b| cmp(*a, *b));
        cuts.dedup_by(|a, b| cmp(*a, *b).is_eq());
        let mut seen: HashSet<Vec<usize>> = HashSet::new();
        // the pieces: (−∞, c₁), {c₁}, (c₁, c₂), {c₂} … {cₖ}, (cₖ, +∞)
        let mut pieces = Vec::with_capacity(2 * cuts.len() + 1);
        let mut below = None;
        for &c in &cuts {
            pieces.push(Piece::Open(below, Some(c)));
            pieces.push(Piece::Point(c));
            below = Some(c);
        }
        pieces.push(Piece::Open(below, None));
        for piece in pieces {
            let Some(x) = piece.point() else {
                continue; // no decimal lies in it
            };
            *work += rows.len() as u64;
            if *work > MAX_CHECK_WORK {
                return Err(FormulaError::new(
                    FormulaErrorKind::TooComplex,
                    format!(
                        "the table is too complex to check for values no row covers (more than {MAX_CHECK_WORK} steps): declare a default or split it"
                    ),
                ));
            }
            let sub: Vec<usize> = rows
                .iter()
                .copied()
                .filter(|&r| piece.within(self.cond(r, col)))
                .collect();
            // the rest of the space depends only on which rows are left
            if !sub.is_empty() && !seen.insert(sub.clone()) {
                continue;
            }
            point.push(x);
            if let Some(p) = self.cover(col + 1, &sub, point, work)? {
                return Ok(Some(p));
            }
            point.pop();
        }
        Ok(None)
    }
}

/// A piece of one column's values between consecutive bounds of the rows.
#[derive(Debug, Clone, Copy)]
enum Piece {
    Point(Decimal),
    /// The values strictly between the ends (`None` = unbounded).
    Open(Option<Decimal>, Option<Decimal>),
}

impl Piece {
    fn point(self) -> Option<Decimal> {
        match self {
            Piece::Point(v) => Some(v),
            Piece::Open(a, b) => interior(a, b),
        }
    }

    /// Whether the whole piece satisfies `c` (no bound of `c` falls inside a piece, so
    /// the piece lies wholly inside or wholly outside).
    fn within(self, c: &Condition) -> bool {
        match self {
            Piece::Point(v) => c.contains(v),
            Piece::Open(a, b) => {
                let low = match (c.low, a) {
                    (None, _) => true,
                    (Some(_), None) => false,
                    (Some(l), Some(a)) => cmp(l.value, a).is_le(),
                };
                let high = match (c.high, b) {
                    (None, _) => true,
                    (Some(_), None) => false,
                    (Some(h), Some(b)) => cmp(h.value, b).is_ge(),
                };
                low && high
            }
        }
    }
}
