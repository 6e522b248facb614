//! Why a quote did not anchor, with everything a report needs to show a way forward.

use crate::markdown::TextRange;

/// A selector change that picks out one of several matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// Add (or replace) `prefix:` with this text.
    Prefix(String),
    /// Add (or replace) `suffix:` with this text.
    Suffix(String),
    /// Add `occurrence: N` (1-based, among the matches).
    Occurrence(usize),
}

/// One of several places a quote matches, and how to pick it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Where it is in the reader text.
    pub range: TextRange,
    /// The selector change that picks it.
    pub pick: Pick,
}

/// Why a selector did not anchor. Turn it into a report with
/// [`AnchorError::to_diagnostic`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnchorError {
    /// The quote is empty (or only whitespace).
    #[error("the quote is empty")]
    EmptyQuote,
    /// The quote is not in the reader text.
    #[error("the quote `{quote}` is not in the article")]
    NotFound {
        /// The quote, trimmed.
        quote: String,
        /// A place where the quote occurs with different letter case.
        case_mismatch: Option<TextRange>,
        /// The closest passages (best first, at most two), expanded to whole words.
        suggestions: Vec<TextRange>,
        /// Whether the article was searched for them: not when the quote and article
        /// are too long, or the briefing's other quotes spent the time allowed.
        searched: bool,
    },
    /// The quote occurs only across a block boundary.
    #[error("the quote `{quote}` runs across blocks of the article")]
    AcrossBlocks {
        /// The quote, trimmed.
        quote: String,
        /// Where it occurs (each range spans two or more blocks).
        places: Vec<TextRange>,
    },
    /// The quote occurs only inside code blocks, which are not annotated.
    #[error("the quote `{quote}` is only in a code block")]
    InCodeBlock {
        /// The quote, trimmed.
        quote: String,
        /// 1-based lines (in the Markdown body) where it occurs.
        lines: Vec<usize>,
    },
    /// The quote matches several places and no `occurrence` was given.
    #[error("the quote `{quote}` matches {} places", places.len())]
    Ambiguous {
        /// The quote, trimmed.
        quote: String,
        /// Every place it matches, in reading order, with how to pick each.
        places: Vec<Candidate>,
    },
    /// `occurrence: N` with fewer than N matches.
    #[error("`occurrence: {wanted}`, but the quote `{quote}` matches {found} places")]
    OccurrenceOutOfRange {
        /// The quote, trimmed.
        quote: String,
        /// The occurrence asked for.
        wanted: usize,
        /// How many places match.
        found: usize,
    },
    /// The quote (with its prefix and suffix) matches more places than one annotation
    /// may mark: [`MAX_MATCHES`](super::MAX_MATCHES).
    #[error("the quote `{quote}` matches {found} places")]
    TooManyMatches {
        /// The quote, trimmed.
        quote: String,
        /// How many places match.
        found: usize,
    },
    /// The quote occurs, but never right after the prefix.
    #[error("the quote `{quote}` is never right after the prefix `{prefix}`")]
    PrefixNotFound {
        /// The quote, trimmed.
        quote: String,
        /// The prefix as written.
        prefix: String,
        /// Where the quote occurs.
        places: Vec<TextRange>,
    },
    /// The quote occurs (after its prefix), but never right before the suffix.
    #[error("the quote `{quote}` is never right before the suffix `{suffix}`")]
    SuffixNotFound {
        /// The quote, trimmed.
        quote: String,
        /// The suffix as written.
        suffix: String,
        /// Where the quote occurs (after its prefix, when one is given).
        places: Vec<TextRange>,
    },
}

impl AnchorError {
    /// The diagnostic code of this error (`quote-not-found`, ...).
    pub fn code(&self) -> &'static str {
        match self {
            AnchorError::EmptyQuote => "empty-quote",
            AnchorError::NotFound { .. } => "quote-not-found",
            AnchorError::AcrossBlocks { .. } => "quote-across-blocks",
            AnchorError::InCodeBlock { .. } => "quote-in-code-block",
            AnchorError::Ambiguous { .. } => "quote-ambiguous",
            AnchorError::OccurrenceOutOfRange { .. } => "occurrence-out-of-range",
            AnchorError::TooManyMatches { .. } => "quote-too-frequent",
            AnchorError::PrefixNotFound { .. } => "prefix-not-found",
            AnchorError::SuffixNotFound { .. } => "suffix-not-found",
        }
    }
}
