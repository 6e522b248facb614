//! The distinct words of a text, for the search index.

use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashSet};

/// Each word of `text` once (a run of letters and digits, two characters or more),
/// lowercased, in order of first use, joined by spaces, to at most `limit` bytes: what a
/// search index needs to find a page by any word of it, without its sentences.
pub fn distinct_words(text: &str, limit: usize) -> String {
    let mut words = Words {
        out: String::with_capacity(limit.min(text.len())),
        // Words are told apart by a 64-bit hash, not kept: a collision (about one in
        // 10^12 for a long article) would drop a word from the index, nothing worse.
        // Room for the words of a text of common English at once (about one new word in
        // 30 bytes), so that the set seldom grows.
        seen: FxHashSet::with_capacity_and_hasher(text.len().min(limit * 4) / 30, FxBuildHasher),
        lowered: String::new(),
        limit,
    };
    let bytes = text.as_bytes();
    let mut start = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (in_word, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            match text.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) => (c.is_alphanumeric(), c.len_utf8()),
                None => (false, 1),
            }
        };
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                start = None;
                if !words.add(&text[from..i]) {
                    return words.out;
                }
            }
            _ => {}
        }
        i += len;
    }
    if let Some(from) = start {
        words.add(&text[from..]);
    }
    words.out
}

/// The words kept so far.
struct Words {
    out: String,
    seen: FxHashSet<u64>,
    /// A word with capitals, lowercased.
    lowered: String,
    limit: usize,
}

impl Words {
    /// Keeps `word` unless it is one character or already kept; `false` once the words
    /// fill the limit.
    fn add(&mut self, word: &str) -> bool {
        let plain = word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        let word = if plain {
            if word.len() < 2 {
                return true;
            }
            word
        } else if word.is_ascii() {
            if word.len() < 2 {
                return true;
            }
            self.lowered.clear();
            self.lowered.push_str(word);
            self.lowered.make_ascii_lowercase();
            self.lowered.as_str()
        } else {
            if word.chars().nth(1).is_none() {
                return true;
            }
            self.lowered.clear();
            self.lowered
                .extend(word.chars().flat_map(char::to_lowercase));
            self.lowered.as_str()
        };
        if !self.seen.insert(FxBuildHasher.hash_one(word)) {
            return true;
        }
        // Past the limit the words stop: what `seen` holds no longer matters.
        if self.out.len() + word.len() + 1 > self.limit {
            return false;
        }
        if !self.out.is_empty() {
            self.out.push(' ');
        }
        self.out.push_str(word);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_once_lowercased_within_the_limit() {
        let text = "Kim's armored train reached Khasan. The train, Kim's own, left; \u{1F1F0} a 2019 trip Über alles.";
        assert_eq!(
            distinct_words(text, 1000),
            "kim armored train reached khasan the own left 2019 trip über alles"
        );
        assert_eq!(distinct_words(text, 17), "kim armored train");
        assert_eq!(distinct_words("", 10), "");
        assert_eq!(
            distinct_words("Ось Київ, КИЇВ і ЇЖАК", 100),
            "ось київ їжак"
        );
        assert_eq!(
            distinct_words("金正恩到达符拉迪沃斯托克。", 100),
            "金正恩到达符拉迪沃斯托克"
        );
    }
}
