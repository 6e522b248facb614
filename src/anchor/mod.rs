//! The `anchor` stage: find where each quote selector lands in a document's reader text,
//! and where notes' names are mentioned automatically.
//!
//! Matching rules (see `docs/annotations.md`): the quote and the reader text are both
//! normalised ([`normalize`]), matching is exact and case-sensitive, a match lies within
//! one block, `prefix`/`suffix` must match the text right before/after it, and several
//! matches without an `occurrence` are an error, never a guess.

mod difference;
mod errors;
mod fuzzy;
mod matching;
mod mentions;
pub mod normalize;
mod notfound;
mod report;
pub mod site;

use std::ops::Range;

pub use errors::{AnchorError, Candidate, Pick};
pub use mentions::{MentionIndex, TakenRange, auto_mentions};

use crate::markdown::{Document, TextRange};
use crate::model::{Annotation, Occurrence};
use matching::{Occurrences, context_matches};
use normalize::{Edges, Normalized, normalize, normalize_cow};

/// What an annotation quotes: the W3C TextQuoteSelector model plus an occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selector<'a> {
    /// The text, as a reader sees it.
    pub quote: &'a str,
    /// Text that must come right before the quote.
    pub prefix: Option<&'a str>,
    /// Text that must come right after the quote.
    pub suffix: Option<&'a str>,
    /// Which match(es) to take.
    pub occurrence: Occurrence,
}

impl<'a> Selector<'a> {
    /// A selector for `quote` alone, which must match exactly one place.
    pub fn quote(quote: &'a str) -> Self {
        Selector {
            quote,
            prefix: None,
            suffix: None,
            occurrence: Occurrence::Unique,
        }
    }

    /// The selector of an annotation.
    pub fn of(annotation: &'a Annotation) -> Self {
        Selector {
            quote: &annotation.quote,
            prefix: annotation.prefix.as_deref(),
            suffix: annotation.suffix.as_deref(),
            occurrence: annotation.occurrence,
        }
    }
}

/// How many cells of approximate matching (quote × article characters) the "did you
/// mean" suggestions of one briefing may take in all: about a second. Quotes that fail
/// after it is spent are reported without a suggestion, and say why.
pub const SUGGESTION_BUDGET: usize = 4 * fuzzy::MAX_CELLS;

/// The most places one annotation may match (with its prefix and suffix): beyond it,
/// `occurrence: all` would mark a word all over a long article, and a report of every
/// ambiguous place would be of no use.
pub const MAX_MATCHES: usize = 1_000;

/// Finds the reader-text range(s) a selector picks in `doc`, in reading order.
///
/// Ranges start and end at character boundaries and lie within one block. An error says
/// why nothing (or more than one thing) matched; see [`AnchorError::to_diagnostic`].
pub fn anchor(doc: &Document<'_>, selector: &Selector<'_>) -> Result<Vec<TextRange>, AnchorError> {
    let quote = normalize_cow(selector.quote, Edges::Trim);
    if quote.is_empty() {
        return Err(AnchorError::EmptyQuote);
    }
    let norm = doc.normalized();
    let prefix = context(selector.prefix, Edges::Keep);
    let suffix = context(selector.suffix, Edges::Keep);
    let (prefix, suffix) = (prefix.as_deref(), suffix.as_deref());
    if let Some(range) = early_match(norm, &quote, selector.occurrence, prefix, suffix) {
        return Ok(vec![norm.to_reader(range)]);
    }
    let text = norm.text.as_str();
    let mut in_block: Vec<Range<usize>> = Occurrences::new(text, &quote)
        .filter(|r| norm.is_whole(r))
        .collect();
    if !in_block.iter().any(|r| norm.block_of(r).is_some()) {
        // `in_block` holds every whole match so far, across blocks.
        return Err(notfound::diagnose(doc, selector, &quote, &in_block));
    }
    in_block.retain(|r| norm.block_of(r).is_some());
    let trimmed = || selector.quote.trim().to_string();
    let after_prefix = |r: &&Range<usize>| context_matches(text, r, prefix, None);
    if !in_block.iter().any(|r| after_prefix(&r)) {
        return Err(AnchorError::PrefixNotFound {
            quote: trimmed(),
            prefix: selector.prefix.unwrap_or_default().to_string(),
            places: reader_ranges(norm, in_block.iter()),
        });
    }
    let matched: Vec<Range<usize>> = in_block
        .iter()
        .filter(|r| context_matches(text, r, prefix, suffix))
        .cloned()
        .collect();
    if matched.is_empty() {
        return Err(AnchorError::SuffixNotFound {
            quote: trimmed(),
            suffix: selector.suffix.unwrap_or_default().to_string(),
            places: reader_ranges(norm, in_block.iter().filter(after_prefix)),
        });
    }
    let found = matched.len();
    if found > MAX_MATCHES {
        return Err(AnchorError::TooManyMatches {
            quote: trimmed(),
            found,
        });
    }
    let chosen: Vec<Range<usize>> = match selector.occurrence {
        Occurrence::Unique if found == 1 => matched,
        Occurrence::Unique => {
            let picks = matching::picks(text, &norm.blocks, &in_block, &matched, prefix, suffix);
            let places = matched
                .iter()
                .zip(picks)
                .map(|(r, pick)| Candidate {
                    range: norm.to_reader(r.clone()),
                    pick,
                })
                .collect();
            return Err(AnchorError::Ambiguous {
                quote: trimmed(),
                places,
            });
        }
        Occurrence::First => matched.into_iter().take(1).collect(),
        Occurrence::Last => matched.into_iter().skip(found - 1).collect(),
        Occurrence::All => matched,
        Occurrence::Nth(n) => match n.checked_sub(1).and_then(|i| matched.get(i)) {
            Some(r) => vec![r.clone()],
            None => {
                return Err(AnchorError::OccurrenceOutOfRange {
                    quote: trimmed(),
                    wanted: n,
                    found,
                });
            }
        },
    };
    Ok(reader_ranges(norm, chosen.iter()))
}

/// The whole word(s) a reader-text range cuts into, when it starts or ends inside a
/// word (`Hano` in `Hanoi`): the range widened to whole words. `None` when it starts and
/// ends at word edges, and in scripts written without spaces, where any character may
/// end a word.
pub fn split_word(reader: &str, range: TextRange) -> Option<TextRange> {
    let inside = |before: Option<char>, after: Option<char>| match (before, after) {
        (Some(b), Some(a)) => {
            normalize::is_word_char(b)
                && normalize::is_word_char(a)
                && !normalize::written_without_spaces(b)
                && !normalize::written_without_spaces(a)
        }
        _ => false,
    };
    let (start, end) = (range.start, range.end);
    let head = reader.get(..start)?;
    let tail = reader.get(end..)?;
    let body = reader.get(start..end)?;
    let cut_start = inside(head.chars().next_back(), body.chars().next());
    let cut_end = inside(body.chars().next_back(), tail.chars().next());
    if !cut_start && !cut_end {
        return None;
    }
    let word = |c: &char| normalize::is_word_char(*c) && !normalize::written_without_spaces(*c);
    let from = match cut_start {
        true => {
            start
                - head
                    .chars()
                    .rev()
                    .take_while(word)
                    .map(char::len_utf8)
                    .sum::<usize>()
        }
        false => start,
    };
    let to = match cut_end {
        true => {
            end + tail
                .chars()
                .take_while(word)
                .map(char::len_utf8)
                .sum::<usize>()
        }
        false => end,
    };
    Some(TextRange {
        start: from,
        end: to,
    })
}

/// The reader-text ranges of normalised ranges.
fn reader_ranges<'r>(
    norm: &Normalized,
    ranges: impl Iterator<Item = &'r Range<usize>>,
) -> Vec<TextRange> {
    ranges.map(|r| norm.to_reader(r.clone())).collect()
}

/// For `occurrence: first` and `occurrence: N`, the match picked, found without looking
/// further; `None` when there is none (the full search then says why) or for the other
/// occurrences, which need every match.
fn early_match(
    norm: &Normalized,
    quote: &str,
    occurrence: Occurrence,
    prefix: Option<&str>,
    suffix: Option<&str>,
) -> Option<Range<usize>> {
    let index = match occurrence {
        Occurrence::First => 0,
        Occurrence::Nth(n) => n.checked_sub(1)?,
        Occurrence::Unique | Occurrence::Last | Occurrence::All => return None,
    };
    Occurrences::new(&norm.text, quote)
        .filter(|r| norm.is_whole(r) && norm.block_of(r).is_some())
        .filter(|r| context_matches(&norm.text, r, prefix, suffix))
        .nth(index)
}

/// A normalised prefix or suffix; `None` when absent or only whitespace.
fn context(text: Option<&str>, edges: Edges) -> Option<String> {
    text.map(|t| normalize(t, edges))
        .filter(|t| !t.trim().is_empty())
}

#[cfg(test)]
mod tests;
