//! The `anchor` stage applied to a whole site: [`Loaded`] → [`Anchored`].
//!
//! For every briefing: parse the body once, anchor each annotation, find automatic
//! mentions, and render the body with its marks; for every note, render its Markdown.

use crate::markdown::Placement;

/// Every briefing and note of a site with its Markdown rendered and its annotations placed.
/// `briefings[i]` belongs to `Loaded::briefings[i]` and `notes[i]` to `Loaded::notes[i]`.
#[derive(Debug, Clone, Default)]
pub struct Anchored {
    /// One per loaded briefing, same order.
    pub briefings: Vec<AnchoredBriefing>,
    /// One per loaded note, same order.
    pub notes: Vec<RenderedNote>,
}

/// A briefing's rendered HTML and where each annotation landed.
#[derive(Debug, Clone, Default)]
pub struct AnchoredBriefing {
    /// The article body, with every annotation wrapped in `data-annot` elements.
    pub body_html: String,
    /// The summary (bottom line), rendered; no annotations.
    pub summary_html: Option<String>,
    /// The explicit annotations that anchored, in the order they were written.
    pub annotations: Vec<PlacedAnnotation>,
    /// Every mention of a note (explicit and automatic), in reading order.
    pub mentions: Vec<PlacedMention>,
    /// Words in the reader text, for reading-time estimates.
    pub word_count: usize,
}

/// An explicit annotation and where it landed.
#[derive(Debug, Clone)]
pub struct PlacedAnnotation {
    /// The id carried by its elements in the body (`data-annot="a3"`), unique in the page.
    pub id: String,
    /// Index into the briefing's `annotations.entries`.
    pub index: usize,
    /// Where each matched range is (several for `occurrence: all`), in reading order.
    pub placements: Vec<Placement>,
    /// The annotation's `note`, rendered from Markdown.
    pub note_html: Option<String>,
}

/// One place where a briefing mentions a note.
#[derive(Debug, Clone)]
pub struct PlacedMention {
    /// The id carried by the mention's elements in the body.
    pub id: String,
    /// Index into `Loaded::notes`.
    pub note: usize,
    /// Where the mention is, with its sentence.
    pub placement: Placement,
    /// Whether an annotation asked for it (as opposed to an automatic mention).
    pub explicit: bool,
}

/// A note's Markdown, rendered.
#[derive(Debug, Clone, Default)]
pub struct RenderedNote {
    /// The background note body.
    pub body_html: String,
    /// The summary, rendered (inline Markdown allowed).
    pub summary_html: Option<String>,
}
