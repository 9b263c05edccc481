//! A tiny deterministic pseudo-random generator (SplitMix64) for the synthetic population.
//!
//! The population must be identical on every machine and with every dependency version, so
//! it does not use `rand` (whose seeded generators are not promised to be stable across
//! versions). This is not for anything security-related.

/// SplitMix64: small, fast and fully specified.
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    state: u64,
}

impl Rng {
    /// A generator with a fixed seed.
    pub(crate) fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high` (inclusive). `low <= high` is the caller's invariant; if it
    /// is broken, `low` is returned.
    pub(crate) fn range(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        let span = (high - low) as u64 + 1;
        low + (self.next_u64() % span) as i64
    }

    /// True with the given probability in percent.
    pub(crate) fn percent(&mut self, chance: u32) -> bool {
        self.next_u64() % 100 < u64::from(chance)
    }

    /// One element of a slice.
    ///
    /// Invariant: callers only pass constant, non-empty tables (an empty one would panic).
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }

    /// Shuffles a slice in place (Fisher–Yates).
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn same_seed_same_sequence() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let mut c = Rng::new(1);
        for _ in 0..1000 {
            let v = c.range(3, 5);
            assert!((3..=5).contains(&v));
        }
    }
}
