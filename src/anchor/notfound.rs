//! Working out why a quote is not in the reader text: it runs across blocks, it is in a
//! code block, its letter case differs, or it is close to some passage (or to nothing).

use std::ops::Range;

use super::Selector;
use super::errors::AnchorError;
use super::fuzzy::{MAX_CELLS, approximate, bound, cells, find_ignoring_case};
use super::matching::{Occurrences, splits_sequence};
use super::normalize::{Edges, Normalized, is_word_char, normalize, written_without_spaces};
use crate::markdown::{Document, TextRange};

/// At most this many passages are suggested.
const MAX_SUGGESTIONS: usize = 2;

/// The error for a quote with no in-block match; `all` are its matches across blocks.
pub fn diagnose(
    doc: &Document<'_>,
    selector: &Selector<'_>,
    quote: &str,
    all: &[Range<usize>],
) -> AnchorError {
    let norm = doc.normalized();
    let trimmed = selector.quote.trim().to_string();
    if !all.is_empty() {
        let places = all.iter().map(|r| norm.to_reader(r.clone())).collect();
        return AnchorError::AcrossBlocks {
            quote: trimmed,
            places,
        };
    }
    let lines = code_block_lines(doc, quote);
    if !lines.is_empty() {
        return AnchorError::InCodeBlock {
            quote: trimmed,
            lines,
        };
    }
    // Only a place that differs from the quote in letter case alone, and holds whole
    // words and whole characters, is offered as the mismatch: `ms` in `himself`, or
    // `Cafe` in `Café` written with a combining accent, are not.
    let text = norm.text.as_str();
    let case_only = |r: &Range<usize>| {
        norm.block_of(r).is_some()
            && &text[r.clone()] != quote
            && !splits_sequence(text, r.start, r.end)
            && !cuts_word(text, r)
    };
    let case_mismatch = find_ignoring_case(text, quote, case_only).map(|r| norm.to_reader(r));
    let searched = case_mismatch.is_none() && spend(doc, cells(&norm.text, quote));
    let suggestions = match searched {
        true => suggest(norm, quote, selector),
        false => Vec::new(),
    };
    AnchorError::NotFound {
        quote: trimmed,
        case_mismatch,
        suggestions,
        searched: searched || case_mismatch.is_some(),
    }
}

/// Takes `cost` from what is left of the document's suggestion budget; `false` (and
/// nothing taken) when the scan is too long by itself or the rest is not enough.
fn spend(doc: &Document<'_>, cost: usize) -> bool {
    use std::sync::atomic::Ordering;
    cost <= MAX_CELLS
        && doc
            .suggestion_budget
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(cost)
            })
            .is_ok()
}

/// Whether `range` of `text` begins or ends in the middle of a word.
fn cuts_word(text: &str, range: &Range<usize>) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| is_word_char(c) && !written_without_spaces(c));
    let inner = &text[range.clone()];
    (word(text[..range.start].chars().next_back()) && word(inner.chars().next()))
        || (word(inner.chars().next_back()) && word(text[range.end..].chars().next()))
}

/// The body lines of the code blocks that contain the quote.
fn code_block_lines(doc: &Document<'_>, quote: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    for block in doc.code_blocks() {
        let whole = [TextRange {
            start: 0,
            end: block.text.len(),
        }];
        let norm = Normalized::of_blocks(&block.text, &whole);
        if let Some(r) = Occurrences::new(&norm.text, quote).next() {
            let at = norm.to_reader(r).start;
            let line = doc.line_column(block.source_offset(at)).0;
            if !lines.contains(&line) {
                lines.push(line);
            }
        }
    }
    lines
}

/// The passages closest to the quote, best first: within the edit-distance bound,
/// expanded to whole words, ranked by distance then by how well the selector's prefix and
/// suffix fit around them. A second one is given only when it is as close as the first.
fn suggest(norm: &Normalized, quote: &str, selector: &Selector<'_>) -> Vec<TextRange> {
    let max = bound(quote.chars().count());
    let prefix = selector
        .prefix
        .map(|p| normalize(p, Edges::Trim))
        .unwrap_or_default();
    let suffix = selector
        .suffix
        .map(|s| normalize(s, Edges::Trim))
        .unwrap_or_default();
    let mut scored: Vec<(usize, i64, Range<usize>)> = Vec::new();
    for found in approximate(&norm.text, quote, max) {
        let Some(block) = norm.block_of(&found.range) else {
            continue;
        };
        let words = expand_to_words(&norm.text, found.range, &norm.blocks[block]);
        let shown = norm.text.get(words.clone()).unwrap_or("");
        if strsim::levenshtein(shown, quote) > 2 * max || scored.iter().any(|s| s.2 == words) {
            continue;
        }
        let fit = context_fit(&norm.text, &words, &prefix, &suffix);
        scored.push((found.distance, -fit, words));
    }
    scored.sort_by_key(|(distance, fit, range)| (*distance, *fit, range.start));
    let best = scored.first().map_or(0, |s| s.0);
    scored
        .into_iter()
        .filter(|s| s.0 == best)
        .take(MAX_SUGGESTIONS)
        .map(|(_, _, range)| norm.to_reader(range))
        .collect()
}

/// Widens a range that starts or ends inside a word to that whole word, within its
/// block. A range that ends on a space or a punctuation mark is not widened past it, and
/// a word is widened over letters and digits only: `Trump` in `Trump's` stays `Trump`.
/// Scripts written without spaces between words (Chinese, Japanese, Thai…) are not
/// widened at all: their "word" would be the whole sentence.
fn expand_to_words(text: &str, range: Range<usize>, block: &Range<usize>) -> Range<usize> {
    let widens = |c: char| is_word_char(c) && !written_without_spaces(c);
    let inside = |c: Option<char>| c.is_some_and(widens);
    let mut start = range.start;
    if inside(text[start..].chars().next()) {
        while start > block.start {
            match text[..start].chars().next_back() {
                Some(c) if widens(c) => start -= c.len_utf8(),
                _ => break,
            }
        }
    }
    let mut end = range.end;
    if inside(text[..end].chars().next_back()) {
        while end < block.end {
            match text[end..].chars().next() {
                Some(c) if widens(c) => end += c.len_utf8(),
                _ => break,
            }
        }
    }
    let inner = &text[start..end];
    let lead = inner.len() - inner.trim_start().len();
    let trail = inner.len() - inner.trim_end().len();
    (start + lead)..(end - trail).max(start + lead)
}

/// How well the prefix and suffix fit around a range, in thousandths (0 when absent).
fn context_fit(text: &str, range: &Range<usize>, prefix: &str, suffix: &str) -> i64 {
    let mut fit = 0.0;
    if !prefix.is_empty() {
        let before: String = text[..range.start]
            .trim_end()
            .chars()
            .rev()
            .take(prefix.chars().count())
            .collect();
        let before: String = before.chars().rev().collect();
        fit += strsim::normalized_levenshtein(&before, prefix);
    }
    if !suffix.is_empty() {
        let after: String = text[range.end..]
            .trim_start()
            .chars()
            .take(suffix.chars().count())
            .collect();
        fit += strsim::normalized_levenshtein(&after, suffix);
    }
    (fit * 1000.0) as i64
}
