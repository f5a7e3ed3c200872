//! Unsigned integers of 256 bits, just wide enough to hold what a `Decimal` cannot: the
//! exact product of two mantissas (each below 2⁹⁶, so below 2¹⁹²) and a mantissa
//! aligned to another's scale (below 2⁹⁶ · 10²⁸ < 2¹⁹⁰), so that the crate can tell an
//! exact result from one `rust_decimal` had to round.

use std::cmp::Ordering;

/// Four 64-bit limbs, the least significant first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct U256([u64; 4]);

impl U256 {
    pub(super) fn from_u128(x: u128) -> Self {
        // the two halves of x, low first
        U256([x as u64, (x >> 64) as u64, 0, 0])
    }

    /// The value as a `u128`, when it fits.
    pub(super) fn to_u128(self) -> Option<u128> {
        let [a, b, c, d] = self.0;
        (c == 0 && d == 0).then_some(u128::from(a) | (u128::from(b) << 64))
    }

    /// The exact product of two `u128`s (it always fits 256 bits).
    pub(super) fn product(a: u128, b: u128) -> Self {
        let a = [a as u64, (a >> 64) as u64];
        let b = [b as u64, (b >> 64) as u64];
        let mut r = [0u64; 4];
        for i in 0..2 {
            let mut carry = 0u128;
            for j in 0..2 {
                // (2⁶⁴ − 1)² + 2 (2⁶⁴ − 1) = 2¹²⁸ − 1: never overflows
                let t = u128::from(a[i]) * u128::from(b[j]) + u128::from(r[i + j]) + carry;
                r[i + j] = t as u64;
                carry = t >> 64;
            }
            r[i + 2] = carry as u64;
        }
        U256(r)
    }

    /// `self × m`; `None` beyond 2²⁵⁶.
    pub(super) fn mul_small(self, m: u64) -> Option<Self> {
        let mut r = [0u64; 4];
        let mut carry = 0u128;
        for (k, limb) in self.0.iter().enumerate() {
            let t = u128::from(*limb) * u128::from(m) + carry;
            r[k] = t as u64;
            carry = t >> 64;
        }
        (carry == 0).then_some(U256(r))
    }

    /// `self × 10^k`; `None` beyond 2²⁵⁶.
    pub(super) fn mul_pow10(self, k: u32) -> Option<Self> {
        let mut r = self;
        for _ in 0..k {
            r = r.mul_small(10)?;
        }
        Some(r)
    }

    /// `self + o`; `None` beyond 2²⁵⁶.
    pub(super) fn checked_add(self, o: Self) -> Option<Self> {
        let mut r = [0u64; 4];
        let mut carry = false;
        for (k, slot) in r.iter_mut().enumerate() {
            let (s, c1) = self.0[k].overflowing_add(o.0[k]);
            let (s, c2) = s.overflowing_add(u64::from(carry));
            *slot = s;
            carry = c1 || c2;
        }
        (!carry).then_some(U256(r))
    }

    /// `self − o`; `None` when `o > self`.
    pub(super) fn checked_sub(self, o: Self) -> Option<Self> {
        let mut r = [0u64; 4];
        let mut borrow = false;
        for (k, slot) in r.iter_mut().enumerate() {
            let (s, b1) = self.0[k].overflowing_sub(o.0[k]);
            let (s, b2) = s.overflowing_sub(u64::from(borrow));
            *slot = s;
            borrow = b1 || b2;
        }
        (!borrow).then_some(U256(r))
    }

    /// The quotient and remainder of `self ÷ d` (`d > 0`).
    pub(super) fn divrem_small(self, d: u64) -> (Self, u64) {
        let d = u128::from(d.max(1));
        let mut q = [0u64; 4];
        let mut rem = 0u128;
        for k in (0..4).rev() {
            let cur = (rem << 64) | u128::from(self.0[k]);
            // cur < d · 2⁶⁴, so the quotient digit fits 64 bits
            q[k] = (cur / d) as u64;
            rem = cur % d;
        }
        (U256(q), rem as u64)
    }

    pub(super) fn is_zero(self) -> bool {
        self.0 == [0; 4]
    }

    /// Whether the value is odd.
    pub(super) fn is_odd(self) -> bool {
        self.0[0] & 1 == 1
    }
}

impl PartialOrd for U256 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for U256 {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}

#[cfg(test)]
mod tests {
    use super::U256;
    use proptest::prelude::*;

    proptest! {
        /// Products, sums and quotients of values that fit a u128 agree with u128
        /// arithmetic, and a product divides back exactly.
        #[test]
        fn agrees_with_u128(a in any::<u64>(), b in any::<u64>(), c in any::<u128>(), d in 1u64..) {
            let p = U256::product(u128::from(a), u128::from(b));
            prop_assert_eq!(p.to_u128(), Some(u128::from(a) * u128::from(b)));
            let wide = U256::product(c, u128::from(d));
            let (q, r) = wide.divrem_small(d);
            prop_assert_eq!((q.to_u128(), r), (Some(c), 0));
            let half = c / 2;
            let s = U256::from_u128(half).checked_add(U256::from_u128(c - half));
            prop_assert_eq!(s.and_then(U256::to_u128), Some(c));
            prop_assert_eq!(
                U256::from_u128(c).checked_sub(U256::from_u128(half)).and_then(U256::to_u128),
                Some(c - half)
            );
            prop_assert!(U256::from_u128(half).checked_sub(U256::from_u128(c)).is_none() || half >= c);
            prop_assert_eq!(U256::from_u128(c).cmp(&U256::from_u128(half)), c.cmp(&half));
        }
    }

    #[test]
    fn the_largest_product_fits_and_overflow_is_seen() {
        let m = U256::product(u128::MAX, u128::MAX);
        // (2¹²⁸ − 1)² = 2²⁵⁶ − 2¹²⁹ + 1
        assert_eq!(m.0, [1, 0, u64::MAX - 1, u64::MAX]);
        assert!(m.mul_small(2).is_none());
        assert!(m.checked_add(m).is_none());
        assert!(U256::from_u128(1).mul_pow10(77).is_some());
        assert!(U256::from_u128(1).mul_pow10(78).is_none());
        assert!(U256::from_u128(0).is_zero() && !U256::from_u128(3).is_zero());
        assert!(U256::from_u128(3).is_odd());
    }
}
