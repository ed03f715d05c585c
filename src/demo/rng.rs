//! A small seeded generator (SplitMix64): the same seed gives the same demo, on every machine,
//! without a randomness crate and without the clock.

use crate::domain::{Id, Stamp};
use chrono::{Days, NaiveDate, NaiveTime, TimeDelta};

pub struct Rng(u64);

impl Rng {
    #[cfg(test)]
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// An independent stream for one part of the demo, so adding rows to one part does not
    /// change the others.
    pub fn fork(seed: u64, part: &str) -> Rng {
        let mut h = seed ^ 0x6c61_7474_6963_6521;
        for b in part.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        let mut r = Rng(h);
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// 0..n (0 when n is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // Multiply-shift: unbiased enough for test data, and never loops.
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// lo..=hi
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// `k` distinct indices of 0..n, in ascending order.
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below((n - i) as u64) as usize;
            all.swap(i, j);
        }
        let mut out = all[..k].to_vec();
        out.sort_unstable();
        out
    }

    /// A version-4 UUID made of the generator's bits.
    pub fn id(&mut self) -> Id {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        Id(uuid::Builder::from_random_bytes(bytes).into_uuid())
    }

    /// A number of hours in quarter hours, lo..=hi.
    pub fn quarter_hours(&mut self, lo: f64, hi: f64) -> f64 {
        let q = self.range((lo * 4.0) as i64, (hi * 4.0) as i64);
        q as f64 / 4.0
    }
}

/// `today` minus `days` (clamped to the calendar).
pub fn ago(today: NaiveDate, days: i64) -> NaiveDate {
    plus(today, -days)
}

/// `d` plus `days` (negative goes back).
pub fn plus(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        d.checked_add_days(Days::new(days as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs()))
            .unwrap_or(d)
    }
}

/// A row's stamp on a given day: created and last changed at `minute` minutes past 08:00 UTC.
pub fn stamp_on(d: NaiveDate, minute: u32) -> Stamp {
    let t =
        d.and_time(NaiveTime::MIN).and_utc() + TimeDelta::minutes(8 * 60 + i64::from(minute % 600));
    Stamp::at(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_numbers() {
        let a: Vec<u64> = (0..5).map(|_| Rng::new(7).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut r = Rng::new(7);
        let mut s = Rng::new(7);
        for _ in 0..100 {
            assert_eq!(r.next_u64(), s.next_u64());
        }
        assert_ne!(
            Rng::fork(1, "people").next_u64(),
            Rng::fork(1, "learning").next_u64()
        );
    }

    #[test]
    fn ranges_stay_inside() {
        let mut r = Rng::new(1);
        for _ in 0..1000 {
            let v = r.range(-3, 5);
            assert!((-3..=5).contains(&v));
            assert!(r.below(4) < 4);
            let h = r.quarter_hours(0.5, 6.0);
            assert!((0.5..=6.0).contains(&h) && (h * 4.0).fract() == 0.0);
        }
        assert_eq!(r.below(0), 0);
        let s = r.sample(10, 4);
        assert_eq!(s.len(), 4);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn ids_are_version_4_uuids() {
        let id = Rng::new(3).id();
        assert_eq!(id.0.get_version_num(), 4);
        assert_ne!(Rng::new(3).id(), Rng::new(4).id());
    }
}
