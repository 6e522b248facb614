//! Fingerprints: 64- and 128-bit hashes that tell a rebuild whether some data is the
//! same as in the previous build, without keeping or comparing the data itself.

use std::fmt::{Debug, Write as _};
use std::io;

use xxhash_rust::xxh3::Xxh3;

/// Feeds everything written or formatted into it to the hasher.
#[derive(Default)]
pub(crate) struct HashWriter(pub(crate) Xxh3);

impl io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl std::fmt::Write for HashWriter {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.update(text.as_bytes());
        Ok(())
    }
}

impl HashWriter {
    /// Adds the `Debug` form of `value` (every field, unambiguously quoted).
    pub(crate) fn add_debug(&mut self, value: &impl Debug) {
        // Writing into a hasher cannot fail.
        let _ = write!(self, "{value:?}");
    }

    /// The 64-bit hash of everything added.
    pub(crate) fn finish(&self) -> u64 {
        self.0.digest()
    }
}

/// The 64-bit fingerprint of the `Debug` form of `value`.
pub(crate) fn of_debug(value: &impl Debug) -> u64 {
    let mut writer = HashWriter::default();
    writer.add_debug(value);
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_print_equal_and_different_ones_differ() {
        assert_eq!(of_debug(&("a", 1)), of_debug(&("a", 1)));
        assert_ne!(of_debug(&("a", 1)), of_debug(&("a", 2)));
        // Quoting keeps pieces apart: ("ab", "") is not ("a", "b").
        assert_ne!(of_debug(&("ab", "")), of_debug(&("a", "b")));
    }
}
