//! Fixed-width unsigned integers wider than `u128`, and the one conversion from an
//! exact rational to a correctly rounded `Decimal` (crate-private; the one home of
//! wide integers, used by the exact sums and products of `num` and by `methods`).
//!
//! `Decimal` keeps 96 bits of mantissa. What it cannot hold is formed here and rounded
//! once, at the end: the exact product of two mantissas (each below 2⁹⁶, so below
//! 2¹⁹²) and a mantissa aligned to another's scale (below 2⁹⁶ · 10²⁸ < 2¹⁹⁰) in 256
//! bits, so that the crate can tell an exact result from one `rust_decimal` had to
//! round; the methods' exact sums, squares and square roots in 256 or 512 bits. Every
//! operation is checked: `None` on overflow, never a panic.

use std::cmp::Ordering;

use rust_decimal::Decimal;

/// An unsigned integer of `L` 64-bit limbs, least significant first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Uint<const L: usize>([u64; L]);

/// 256 bits: exact products and aligned sums of `Decimal`s, square roots and
/// exponentials.
pub(crate) type U256 = Uint<4>;
/// 512 bits: sums of squares and products of aligned mantissas.
pub(crate) type U512 = Uint<8>;

/// 2⁹⁶: the bound of a `Decimal`'s mantissa.
const MANTISSA_BOUND: u128 = 1 << 96;

impl<const L: usize> Uint<L> {
    pub(crate) const ZERO: Self = Self([0; L]);

    pub(crate) fn from_u128(v: u128) -> Self {
        let mut limbs = [0u64; L];
        limbs[0] = v as u64;
        if L > 1 {
            limbs[1] = (v >> 64) as u64;
        }
        Self(limbs)
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.0.iter().all(|&l| l == 0)
    }

    /// The value as a `u128`; `None` when it is larger.
    pub(crate) fn to_u128(self) -> Option<u128> {
        if self.0.iter().skip(2).any(|&l| l != 0) {
            return None;
        }
        let lo = u128::from(self.0[0]);
        let hi = if L > 1 { u128::from(self.0[1]) } else { 0 };
        Some(lo | (hi << 64))
    }

    pub(crate) fn checked_add(self, other: Self) -> Option<Self> {
        let mut out = [0u64; L];
        let mut carry = 0u64;
        for (k, slot) in out.iter_mut().enumerate() {
            let (s1, c1) = self.0[k].overflowing_add(other.0[k]);
            let (s2, c2) = s1.overflowing_add(carry);
            *slot = s2;
            carry = u64::from(c1) + u64::from(c2);
        }
        (carry == 0).then_some(Self(out))
    }

    pub(crate) fn checked_sub(self, other: Self) -> Option<Self> {
        let mut out = [0u64; L];
        let mut borrow = 0u64;
        for (k, slot) in out.iter_mut().enumerate() {
            let (d1, b1) = self.0[k].overflowing_sub(other.0[k]);
            let (d2, b2) = d1.overflowing_sub(borrow);
            *slot = d2;
            borrow = u64::from(b1) + u64::from(b2);
        }
        (borrow == 0).then_some(Self(out))
    }

    /// `self × k`; `None` on overflow.
    pub(crate) fn checked_mul_u64(self, k: u64) -> Option<Self> {
        let mut out = [0u64; L];
        let mut carry = 0u128;
        for (slot, &limb) in out.iter_mut().zip(&self.0) {
            let p = u128::from(limb) * u128::from(k) + carry;
            *slot = p as u64;
            carry = p >> 64;
        }
        (carry == 0).then_some(Self(out))
    }

    /// `self × other`; `None` on overflow.
    pub(crate) fn checked_mul(self, other: Self) -> Option<Self> {
        let mut out = [0u64; L];
        for (i, &a) in self.0.iter().enumerate() {
            if a == 0 {
                continue;
            }
            let mut carry = 0u128;
            for (j, &b) in other.0.iter().enumerate() {
                let p = u128::from(a) * u128::from(b) + carry;
                match out.get_mut(i + j) {
                    Some(slot) => {
                        let s = u128::from(*slot) + (p & u128::from(u64::MAX));
                        *slot = s as u64;
                        carry = (p >> 64) + (s >> 64);
                    }
                    None if p != 0 => return None,
                    None => carry = 0,
                }
            }
            if carry != 0 {
                return None;
            }
        }
        Some(Self(out))
    }

    /// `self × 10^k`; `None` on overflow (a zero stays zero whatever `k`).
    pub(crate) fn mul_pow10(self, k: u32) -> Option<Self> {
        let mut r = self;
        let mut left = k;
        while left > 0 {
            let step = left.min(19);
            r = r.checked_mul_u64(10u64.pow(step))?;
            left -= step;
        }
        Some(r)
    }

    /// The quotient and remainder of `self ÷ d` for a divisor of one limb (`d > 0`;
    /// a zero divisor is taken as 1).
    pub(crate) fn divrem_small(self, d: u64) -> (Self, u64) {
        let d = u128::from(d.max(1));
        let mut q = [0u64; L];
        let mut rem = 0u128;
        for k in (0..L).rev() {
            let cur = (rem << 64) | u128::from(self.0[k]);
            // cur < d · 2⁶⁴, so the quotient digit fits 64 bits
            q[k] = (cur / d) as u64;
            rem = cur % d;
        }
        (Self(q), rem as u64)
    }

    /// Whether the value is odd.
    pub(crate) fn is_odd(self) -> bool {
        self.0[0] & 1 == 1
    }

    /// `10^k`; `None` when it does not fit.
    pub(crate) fn pow10(k: u32) -> Option<Self> {
        let mut v = Self::from_u128(1);
        let mut left = k;
        while left > 0 {
            let step = left.min(19);
            v = v.checked_mul_u64(10u64.pow(step))?;
            left -= step;
        }
        Some(v)
    }

    fn bit(&self, i: usize) -> bool {
        (self.0[i / 64] >> (i % 64)) & 1 == 1
    }

    fn set_bit(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    /// Shifts left by one bit; returns the bit shifted out.
    fn shl1(&mut self) -> bool {
        let mut carry = 0u64;
        for limb in &mut self.0 {
            let next = *limb >> 63;
            *limb = (*limb << 1) | carry;
            carry = next;
        }
        carry == 1
    }

    fn shr2(&mut self) {
        let mut carry = 0u64;
        for limb in self.0.iter_mut().rev() {
            let next = *limb & 3;
            *limb = (*limb >> 2) | (carry << 62);
            carry = next;
        }
    }

    fn shr1(&mut self) {
        let mut carry = 0u64;
        for limb in self.0.iter_mut().rev() {
            let next = *limb & 1;
            *limb = (*limb >> 1) | (carry << 63);
            carry = next;
        }
    }

    /// The number of significant bits (0 for zero).
    pub(crate) fn bits(&self) -> usize {
        for (k, &limb) in self.0.iter().enumerate().rev() {
            if limb != 0 {
                return 64 * k + (64 - limb.leading_zeros() as usize);
            }
        }
        0
    }

    /// The quotient and remainder of `self / d` (binary long division); `None` when
    /// `d` is zero.
    pub(crate) fn div_rem(self, d: Self) -> Option<(Self, Self)> {
        if d.is_zero() {
            return None;
        }
        let mut q = Self::ZERO;
        let mut r = Self::ZERO;
        for i in (0..self.bits()).rev() {
            let out = r.shl1();
            if self.bit(i) {
                r.0[0] |= 1;
            }
            // r < d before the shift, so the true value 2r + bit < 2d: one
            // subtraction suffices, and a bit shifted out means r ≥ 2^(64L) > d
            if out || r >= d {
                r = r.wrapping_sub(d);
                q.set_bit(i);
            }
        }
        Some((q, r))
    }

    fn wrapping_sub(self, other: Self) -> Self {
        let mut out = [0u64; L];
        let mut borrow = 0u64;
        for (k, slot) in out.iter_mut().enumerate() {
            let (d1, b1) = self.0[k].overflowing_sub(other.0[k]);
            let (d2, b2) = d1.overflowing_sub(borrow);
            *slot = d2;
            borrow = u64::from(b1) + u64::from(b2);
        }
        Self(out)
    }

    /// `⌊√self⌋` and the remainder `self − ⌊√self⌋²` (the digit-by-digit method in
    /// base 2, exact).
    pub(crate) fn isqrt_rem(self) -> (Self, Self) {
        let mut x = self;
        let mut res = Self::ZERO;
        let top = self.bits();
        if top == 0 {
            return (Self::ZERO, Self::ZERO);
        }
        // the largest power of four not above self
        let mut bit = Self::ZERO;
        bit.set_bit((top - 1) & !1);
        while !bit.is_zero() {
            // res + bit never overflows (both stay below 2^(bits of self)); were it
            // to, the trial would exceed x
            match res.checked_add(bit) {
                Some(trial) if x >= trial => {
                    x = x.wrapping_sub(trial);
                    res.shr1();
                    // res / 2 + bit ≤ trial: no overflow
                    if let Some(next) = res.checked_add(bit) {
                        res = next;
                    }
                }
                _ => res.shr1(),
            }
            bit.shr2();
        }
        (res, x)
    }
}

impl Uint<4> {
    /// The exact product of two `u128`s (it always fits 256 bits).
    pub(crate) fn product(a: u128, b: u128) -> Self {
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
        Uint(r)
    }
}

impl<const L: usize> PartialOrd for Uint<L> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<const L: usize> Ord for Uint<L> {
    fn cmp(&self, other: &Self) -> Ordering {
        for k in (0..L).rev() {
            match self.0[k].cmp(&other.0[k]) {
                Ordering::Equal => {}
                o => return o,
            }
        }
        Ordering::Equal
    }
}

/// A signed integer of 512 bits as a sign and a magnitude (zero is never negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct I512 {
    pub(crate) negative: bool,
    pub(crate) magnitude: U512,
}

impl I512 {
    pub(crate) const ZERO: Self = Self {
        negative: false,
        magnitude: U512::ZERO,
    };

    pub(crate) fn new(negative: bool, magnitude: U512) -> Self {
        Self {
            negative: negative && !magnitude.is_zero(),
            magnitude,
        }
    }

    pub(crate) fn from_i128(v: i128) -> Self {
        Self::new(v < 0, U512::from_u128(v.unsigned_abs()))
    }

    pub(crate) fn checked_add(self, other: Self) -> Option<Self> {
        if self.negative == other.negative {
            return Some(Self::new(
                self.negative,
                self.magnitude.checked_add(other.magnitude)?,
            ));
        }
        Some(if self.magnitude >= other.magnitude {
            Self::new(self.negative, self.magnitude.checked_sub(other.magnitude)?)
        } else {
            Self::new(other.negative, other.magnitude.checked_sub(self.magnitude)?)
        })
    }

    pub(crate) fn checked_sub(self, other: Self) -> Option<Self> {
        self.checked_add(Self::new(!other.negative, other.magnitude))
    }

    pub(crate) fn checked_mul(self, other: Self) -> Option<Self> {
        Some(Self::new(
            self.negative != other.negative,
            self.magnitude.checked_mul(other.magnitude)?,
        ))
    }
}

/// `num / den × 10^exp10` (negated when `negative`) as the nearest `Decimal`: the most
/// decimal places (at most 28) whose mantissa still fits 96 bits, the last place
/// rounded half to even. Exact whenever the quotient terminates within those places.
/// `None` when the value is beyond `Decimal`'s range or `den` is zero.
pub(crate) fn ratio_to_decimal<const L: usize>(
    negative: bool,
    num: Uint<L>,
    den: Uint<L>,
    exp10: i32,
) -> Option<Decimal> {
    if den.is_zero() {
        return None;
    }
    if num.is_zero() {
        return Some(Decimal::ZERO);
    }
    // num/den < 2^(bits(num) − bits(den) + 1), so value < 10^upper with upper as below;
    // at `places = 28 − upper` the mantissa is below 10^28 < 2^96 for sure, and the
    // estimate is off by less than three places: start three above, go down
    let bits = i64::try_from(num.bits()).ok()? - i64::try_from(den.bits()).ok()? + 1;
    let upper = (bits * 30_103).div_euclid(100_000) + 1 + i64::from(exp10);
    let start = (31 - upper).clamp(0, 28);
    for places in (0..=i32::try_from(start).ok()?).rev() {
        let k = places + exp10;
        let (n, d) = if k >= 0 {
            match Uint::pow10(k.unsigned_abs()).and_then(|p| num.checked_mul(p)) {
                Some(n) => (n, den),
                // beyond 2^(64L) (and den < 2^(64L)): the quotient is beyond 2^96
                None => continue,
            }
        } else {
            match Uint::pow10(k.unsigned_abs()).and_then(|p| den.checked_mul(p)) {
                Some(d) => (num, d),
                // the divisor is beyond 2^(64L) > num: fewer places only shrink it
                None => return Some(Decimal::ZERO),
            }
        };
        let (mut q, r) = n.div_rem(d)?;
        // round half to even: compare r with d − r
        let rest = d.checked_sub(r)?;
        let odd = q.0[0] & 1 == 1;
        if r > rest || (r == rest && odd) {
            q = q.checked_add(Uint::from_u128(1))?;
        }
        let Some(m) = q.to_u128() else { continue };
        if m >= MANTISSA_BOUND {
            continue;
        }
        let m = i128::try_from(m).ok()?;
        let signed = if negative { -m } else { m };
        let mut out = Decimal::try_from_i128_with_scale(signed, places.unsigned_abs()).ok()?;
        if out.is_zero() {
            out.set_sign_positive(true);
        }
        return Some(out.normalize());
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn multiplies_divides_and_roots() {
        let a = U256::from_u128(u128::MAX);
        let sq = a.checked_mul(a).unwrap();
        let (q, r) = sq.div_rem(a).unwrap();
        assert_eq!((q, r), (a, U256::ZERO));
        let (root, rem) = sq.isqrt_rem();
        assert_eq!((root, rem), (a, U256::ZERO));
        let (root, rem) = U256::from_u128(99).isqrt_rem();
        assert_eq!((root.to_u128(), rem.to_u128()), (Some(9), Some(18)));
        assert!(U256::pow10(78).is_none());
        assert!(U256::pow10(77).is_some());
        assert!(sq.checked_mul(U256::from_u128(2)).is_none());
    }

    #[test]
    fn ratios_round_once_half_to_even() {
        let r = |n: u128, d: u128, e: i32| {
            ratio_to_decimal(false, U256::from_u128(n), U256::from_u128(d), e)
                .unwrap()
                .to_string()
        };
        assert_eq!(r(2, 3, 0), "0.6666666666666666666666666667");
        assert_eq!(r(1, 8, 0), "0.125");
        assert_eq!(r(1, 2, -28), "0");
        assert_eq!(r(3, 2, -28), "0.0000000000000000000000000002");
        assert_eq!(r(100, 3, 0), "33.333333333333333333333333333");
        assert_eq!(r(1, 1, 28), "10000000000000000000000000000");
        // the most places that fit 96 bits, not one fewer
        let max = (1u128 << 96) - 1;
        assert_eq!(r(max, 1, -28), "7.9228162514264337593543950335");
        assert_eq!(r(max + 1, 1, -28), "7.922816251426433759354395034");
        assert_eq!(
            r(max, 10_000_000_000, -28),
            "0.0000000007922816251426433759"
        );
    }

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
        assert!(m.checked_mul_u64(2).is_none());
        assert!(m.checked_add(m).is_none());
        assert!(U256::from_u128(1).mul_pow10(77).is_some());
        assert!(U256::from_u128(1).mul_pow10(78).is_none());
        assert!(U256::from_u128(0).is_zero() && !U256::from_u128(3).is_zero());
        assert!(U256::from_u128(3).is_odd());
    }
}
