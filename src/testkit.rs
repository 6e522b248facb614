//! Helpers shared by the unit tests.

/// A small deterministic generator (linear congruential), so that random test inputs
/// are the same on every run and a failure can be replayed.
pub(crate) struct Lcg(pub u64);

impl Lcg {
    /// The next 31 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    /// A number below `n`, which must not be 0.
    pub fn below(&mut self, n: usize) -> usize {
        self.bits() as usize % n
    }

    /// One of `items`, which must not be empty.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}
