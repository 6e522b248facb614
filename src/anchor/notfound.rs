//! Working out why a quote is not in the reader text: it runs across blocks, it is in a
//! code block, its letter case differs, or it is close to some passage (or to nothing).

use std::ops::Range;

use super::errors::AnchorError;
use super::fuzzy::{
    MAX_CELLS, approximate, bound, cells, find_ignoring_case, with_the_quote_s_words,
};
use super::matching::{Occurrences, splits_sequence};
use super::normalize::{Edges, Normalized, normalize};
use super::{Selector, split_word};
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
            && split_word(text, text_range(r)).is_none()
    };
    // One pass over the text, paid from the same budget as the closest passages.
    let case_mismatch = match spend(doc, text.len()) {
        true => find_ignoring_case(text, quote, case_only).map(|r| norm.to_reader(r)),
        false => None,
    };
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
    // A passage with all the quote's words, swapped or with a word more among them, is
    // what the quote was meant to copy, however far it is letter by letter.
    if let Some(range) = with_the_quote_s_words(&norm.text, &norm.blocks, quote) {
        return vec![norm.to_reader(range)];
    }
    let mut scored: Vec<(usize, i64, Range<usize>)> = Vec::new();
    for found in approximate(&norm.text, quote, max) {
        if norm.block_of(&found.range).is_none() {
            continue;
        }
        let words = expand_to_words(&norm.text, found.range);
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

/// The range widened to the whole words it cuts into ([`split_word`]: letters and digits
/// only, never in scripts written without spaces), without white space at its edges.
fn expand_to_words(text: &str, range: Range<usize>) -> Range<usize> {
    let TextRange { start, end } =
        split_word(text, text_range(&range)).unwrap_or_else(|| text_range(&range));
    let inner = &text[start..end];
    let lead = inner.len() - inner.trim_start().len();
    let trail = inner.len() - inner.trim_end().len();
    (start + lead)..(end - trail).max(start + lead)
}

fn text_range(range: &Range<usize>) -> TextRange {
    TextRange {
        start: range.start,
        end: range.end,
    }
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
