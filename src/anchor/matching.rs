//! Exact matching of a normalised quote in a document's normalised reader text, with
//! prefix and suffix context, and the context that would pick out one match.

use std::ops::Range;

use super::errors::Pick;
use unicode_segmentation::GraphemeCursor;

/// The most words of context a suggested `prefix` or `suffix` may have.
const MAX_CONTEXT_WORDS: usize = 6;

/// Every place where a quote occurs in a text (overlapping matches included), in order,
/// except those that would split a character sequence (start with, or end just before, a
/// combining mark, joiner or modifier).
pub struct Occurrences<'t> {
    text: &'t str,
    finder: memchr::memmem::Finder<'t>,
    /// Where the search goes on; past the end when there is nothing more to find.
    from: usize,
}

impl<'t> Occurrences<'t> {
    /// The occurrences of `quote` in `text`.
    pub fn new(text: &'t str, quote: &'t str) -> Self {
        Occurrences {
            text,
            finder: memchr::memmem::Finder::new(quote.as_bytes()),
            from: if quote.is_empty() { usize::MAX } else { 0 },
        }
    }
}

impl Iterator for Occurrences<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let text = self.text;
        let quote_len = self.finder.needle().len();
        loop {
            let rest = text.get(self.from..)?;
            let Some(i) = self.finder.find(rest.as_bytes()) else {
                self.from = usize::MAX;
                return None;
            };
            let start = self.from + i;
            let end = start + quote_len;
            self.from = start + text[start..].chars().next().map_or(1, char::len_utf8);
            if !splits_sequence(text, start, end) {
                return Some(start..end);
            }
        }
    }
}

/// Whether `start..end` of `text` begins or ends inside a user-perceived character (an
/// extended grapheme cluster: a letter and its combining marks, a joined emoji, a flag).
pub fn splits_sequence(text: &str, start: usize, end: usize) -> bool {
    !is_grapheme_boundary(text, start) || !is_grapheme_boundary(text, end)
}

/// Whether byte `at` of `text` lies between two user-perceived characters.
fn is_grapheme_boundary(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    match (at.checked_sub(1).and_then(|i| bytes.get(i)), bytes.get(at)) {
        (None, _) | (_, None) => true,
        // The common case: between two ASCII characters, only CR LF is one cluster.
        (Some(&before), Some(&after)) if before.is_ascii() && after.is_ascii() => {
            !(before == b'\r' && after == b'\n')
        }
        _ => GraphemeCursor::new(at, text.len(), true)
            .is_boundary(text, 0)
            .unwrap_or(true),
    }
}

/// Whether the normalised text just before `start` ends with `prefix` (whitespace at the
/// junction ignored). An empty prefix always matches.
pub fn prefix_matches(text: &str, start: usize, prefix: &str) -> bool {
    let prefix = prefix.trim_end();
    prefix.is_empty()
        || text
            .get(..start)
            .is_some_and(|t| t.trim_end().ends_with(prefix))
}

/// Whether the normalised text just after `end` starts with `suffix` (whitespace at the
/// junction ignored). An empty suffix always matches.
pub fn suffix_matches(text: &str, end: usize, suffix: &str) -> bool {
    let suffix = suffix.trim_start();
    suffix.is_empty()
        || text
            .get(end..)
            .is_some_and(|t| t.trim_start().starts_with(suffix))
}

/// Whether a match passes the selector's (normalised) prefix and suffix.
pub fn context_matches(
    text: &str,
    range: &Range<usize>,
    prefix: Option<&str>,
    suffix: Option<&str>,
) -> bool {
    prefix.is_none_or(|p| prefix_matches(text, range.start, p))
        && suffix.is_none_or(|s| suffix_matches(text, range.end, s))
}

/// The last `words` words of `text[..at]` with the whitespace after them, or `None` when
/// there are fewer words.
pub fn words_before(text: &str, at: usize, words: usize) -> Option<&str> {
    let before = text.get(..at)?;
    let mut start = before.trim_end().len();
    for _ in 0..words {
        let head = before.get(..start)?.trim_end();
        if head.is_empty() {
            return None;
        }
        start = head.rfind(' ').map_or(0, |i| i + 1);
    }
    before.get(start..)
}

/// The first `words` words of `text[at..]` with the whitespace before them, or `None`
/// when there are fewer words.
pub fn words_after(text: &str, at: usize, words: usize) -> Option<&str> {
    let after = text.get(at..)?;
    let lead = after.len() - after.trim_start().len();
    let mut end = lead;
    for _ in 0..words {
        let tail = after.get(end..)?;
        let skip = tail.len() - tail.trim_start().len();
        let tail = &tail[skip..];
        if tail.is_empty() {
            return None;
        }
        end += skip + tail.find(' ').unwrap_or(tail.len());
    }
    after.get(..end)
}

/// For each chosen match, the shortest `prefix` or `suffix` that picks it out from every
/// candidate (fewest words; then one that stays within the match's block; then the
/// prefix), or its 1-based position among the chosen matches.
///
/// `candidates` are every in-block match of the quote; a suggested prefix replaces the
/// selector's prefix and keeps its suffix (and the other way round). `blocks` are the
/// blocks' ranges in `text`.
pub fn picks(
    text: &str,
    blocks: &[Range<usize>],
    candidates: &[Range<usize>],
    chosen: &[Range<usize>],
    prefix: Option<&str>,
    suffix: Option<&str>,
) -> Vec<Pick> {
    let unique = |target: &Range<usize>, p: Option<&str>, s: Option<&str>| {
        let mut hits = candidates.iter().filter(|r| context_matches(text, r, p, s));
        hits.next() == Some(target) && hits.next().is_none()
    };
    let crosses = |range: Range<usize>| {
        !blocks
            .iter()
            .any(|b| b.start <= range.start && range.end <= b.end)
    };
    chosen
        .iter()
        .enumerate()
        .map(|(n, target)| {
            let by_prefix = (1..=MAX_CONTEXT_WORDS)
                .map_while(|w| words_before(text, target.start, w))
                .find(|p| unique(target, Some(p), suffix))
                .map(|p| {
                    let start = target.start.saturating_sub(p.len());
                    let key = (
                        p.split_whitespace().count(),
                        crosses(start..target.end),
                        false,
                    );
                    (key, Pick::Prefix(p.to_string()))
                });
            let by_suffix = (1..=MAX_CONTEXT_WORDS)
                .map_while(|w| words_after(text, target.end, w))
                .find(|s| unique(target, prefix, Some(s)))
                .map(|s| {
                    let key = (
                        s.split_whitespace().count(),
                        crosses(target.start..target.end + s.len()),
                        true,
                    );
                    (key, Pick::Suffix(s.to_string()))
                });
            [by_prefix, by_suffix]
                .into_iter()
                .flatten()
                .min_by_key(|(key, _)| *key)
                .map_or(Pick::Occurrence(n + 1), |(_, pick)| pick)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occurrences(text: &str, quote: &str) -> Vec<Range<usize>> {
        Occurrences::new(text, quote).collect()
    }

    /// The whole text as one block.
    fn whole(text: &str) -> Vec<Range<usize>> {
        std::iter::once(0..text.len()).collect()
    }

    #[test]
    fn overlapping_occurrences_are_all_found() {
        assert_eq!(occurrences("aaa", "aa"), vec![0..2, 1..3]);
        assert_eq!(occurrences("Kim and Kim", "Kim"), vec![0..3, 8..11]);
        assert!(occurrences("abc", "").is_empty());
    }

    #[test]
    fn matches_never_split_combining_sequences() {
        let text = "cafe\u{301} cafe";
        assert_eq!(occurrences(text, "cafe"), vec![7..11]);
        assert_eq!(occurrences(text, "cafe\u{301}"), vec![0..6]);
        assert!(occurrences("👍🏽", "👍").is_empty());
    }

    #[test]
    fn context_is_lenient_about_junction_whitespace() {
        let text = "the leader Kim arrived";
        assert!(prefix_matches(text, 11, "leader "));
        assert!(prefix_matches(text, 11, "leader"));
        assert!(prefix_matches(text, 11, "the leader   "));
        assert!(!prefix_matches(text, 11, "lead"));
        assert!(suffix_matches(text, 14, " arrived"));
        assert!(suffix_matches(text, 14, "arrived"));
        assert!(!suffix_matches(text, 14, "arrives"));
        assert!(prefix_matches(text, 0, ""));
        assert!(!prefix_matches(text, 0, "x"));
    }

    #[test]
    fn words_around_a_position() {
        let text = "a bb ccc dddd";
        assert_eq!(words_before(text, 5, 1), Some("bb "));
        assert_eq!(words_before(text, 5, 2), Some("a bb "));
        assert_eq!(words_before(text, 5, 3), None);
        assert_eq!(words_after(text, 4, 1), Some(" ccc"));
        assert_eq!(words_after(text, 4, 2), Some(" ccc dddd"));
        assert_eq!(words_after(text, 4, 3), None);
        assert_eq!(words_after("ab", 1, 1), Some("b"));
    }

    #[test]
    fn picks_prefer_the_fewest_words_then_the_prefix() {
        let text = "leader Kim met Putin. Then Kim left. Kim said";
        let all = occurrences(text, "Kim");
        assert_eq!(
            picks(text, &whole(text), &all, &all, None, None),
            vec![
                Pick::Prefix("leader ".into()),
                Pick::Prefix("Then ".into()),
                Pick::Prefix("left. ".into())
            ]
        );
        let text = "a b Kim c d. a b Kim c e.";
        let all = occurrences(text, "Kim");
        assert_eq!(
            picks(text, &whole(text), &all, &all, None, None),
            vec![Pick::Suffix(" c d.".into()), Pick::Suffix(" c e.".into())]
        );
    }

    #[test]
    fn picks_prefer_context_within_the_block() {
        // Blocks: "x. " | "Kim then y. Kim now".
        let text = "x. Kim then y. Kim now";
        let blocks = [0..2, 3..text.len()];
        let all = occurrences(text, "Kim");
        assert_eq!(
            picks(text, &blocks, &all, &all, None, None),
            vec![Pick::Suffix(" then".into()), Pick::Prefix("y. ".into())]
        );
    }

    #[test]
    fn picks_fall_back_to_the_occurrence() {
        let text = "w w w w w w w Kim w w w w w w w Kim w w w w w w w";
        let all = occurrences(text, "Kim");
        assert_eq!(
            picks(text, &whole(text), &all, &all, None, None),
            vec![Pick::Occurrence(1), Pick::Occurrence(2)]
        );
    }

    #[test]
    fn picks_keep_the_other_side_of_the_selector() {
        let text = "x Kim a. y Kim a. y Kim b.";
        let all = occurrences(text, "Kim");
        let chosen: Vec<_> = all
            .iter()
            .filter(|r| context_matches(text, r, None, Some(" a")))
            .cloned()
            .collect();
        let picks = picks(text, &whole(text), &all, &chosen, None, Some(" a"));
        assert_eq!(
            picks,
            vec![Pick::Prefix("x ".into()), Pick::Prefix("y ".into())]
        );
    }
}
