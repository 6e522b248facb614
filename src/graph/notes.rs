//! Backlinks, attributed quotes and co-mentions: everything a note page lists.

use rayon::prelude::*;

use super::{NoteIndex, NoteLinks};
use crate::anchor::site::{Anchored, AnchoredBriefing, PlacedAnnotation, PlacedMention};
use crate::markdown::Snippet;
use crate::model::{Briefing, Loaded};

/// A briefing that mentions a note.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Backlink {
    /// Index into `Loaded::briefings`.
    pub briefing: usize,
    /// The note's mentions in that briefing, in reading order: indices into
    /// `Anchored::briefings[briefing].mentions`, whose entries hold the `data-annot` id
    /// and the sentence (see [`Backlink::mentions`]).
    pub mentions: Vec<usize>,
}

impl Backlink {
    /// The mentions themselves: each with its `data-annot` id and its sentence.
    pub fn mentions<'a>(
        &'a self,
        anchored: &'a Anchored,
    ) -> impl Iterator<Item = &'a PlacedMention> {
        let placed = anchored.briefings.get(self.briefing);
        self.mentions
            .iter()
            .filter_map(move |&m| placed.and_then(|p| p.mentions.get(m)))
    }
}

/// A quote attributed to a person (an annotation with `said_by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Quote {
    /// Index into `Loaded::briefings`.
    pub briefing: usize,
    /// Index into `Anchored::briefings[briefing].annotations` (see [`Quote::placed`]).
    pub annotation: usize,
}

impl Quote {
    /// Annotation `annotation` (its place among the anchored annotations) of briefing
    /// `briefing` as a quote.
    pub fn new(briefing: usize, annotation: usize) -> Self {
        Quote {
            briefing,
            annotation,
        }
    }

    /// The placed annotation: its `data-annot` id and where it is.
    pub fn placed<'a>(&self, anchored: &'a Anchored) -> Option<&'a PlacedAnnotation> {
        anchored
            .briefings
            .get(self.briefing)
            .and_then(|p| p.annotations.get(self.annotation))
    }

    /// The sentence of the quote (its first placement); `text` is the quote itself.
    pub fn snippet<'a>(&self, anchored: &'a Anchored) -> Option<&'a Snippet> {
        self.snippet_in(anchored.briefings.get(self.briefing)?)
    }

    /// [`Quote::snippet`], given the anchored briefing the quote is in.
    pub fn snippet_in<'a>(&self, placed: &'a AnchoredBriefing) -> Option<&'a Snippet> {
        placed
            .annotations
            .get(self.annotation)
            .and_then(|a| a.placements.first())
            .map(|p| &p.snippet)
    }

    /// The quoted words as the article prints them, or as the annotation quotes them.
    pub fn text<'a>(&self, loaded: &'a Loaded, anchored: &'a Anchored) -> &'a str {
        match (
            loaded.briefings.get(self.briefing),
            anchored.briefings.get(self.briefing),
        ) {
            (Some(briefing), Some(placed)) => self.text_in(briefing, placed),
            _ => "",
        }
    }

    /// [`Quote::text`], given the briefing the quote is in, loaded and anchored.
    pub fn text_in<'a>(&self, briefing: &'a Briefing, placed: &'a AnchoredBriefing) -> &'a str {
        if let Some(snippet) = self
            .snippet_in(placed)
            .filter(|s| !s.text().trim().is_empty())
        {
            return snippet.text();
        }
        placed
            .annotations
            .get(self.annotation)
            .and_then(|a| briefing.annotations.entries.get(a.index))
            .map_or("", |entry| entry.quote.as_str())
    }
}

/// A note that shares briefings with another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct CoMention {
    /// Index into `Loaded::notes`.
    pub note: usize,
    /// In how many briefings both notes are mentioned.
    pub count: usize,
}

/// The per-note lists, one entry per loaded note.
pub(super) fn build(
    loaded: &Loaded,
    anchored: &Anchored,
    index: &NoteIndex<'_>,
    newest_first: &[usize],
) -> Vec<NoteLinks> {
    let mut links = vec![NoteLinks::default(); loaded.notes.len()];
    let mut mentioned_by_briefing: Vec<Vec<usize>> = vec![Vec::new(); loaded.briefings.len()];
    for &b in newest_first {
        let Some(placed) = anchored.briefings.get(b) else {
            continue;
        };
        if let Some(slot) = mentioned_by_briefing.get_mut(b) {
            *slot = add_backlinks(&mut links, b, placed);
        }
        add_quotes(&mut links, loaded, index, b, placed);
    }
    add_co_mentions(&mut links, loaded, &mentioned_by_briefing);
    links
}

/// Fills every note's `appears_with`: for each briefing that mentions the note, every
/// other note that briefing mentions counts once. The work is the sum over briefings of
/// the square of the notes each mentions, with one reused counter per note and thread
/// (notes are counted in parallel).
fn add_co_mentions(links: &mut [NoteLinks], loaded: &Loaded, mentioned_by_briefing: &[Vec<usize>]) {
    let notes = links.len();
    links.par_iter_mut().enumerate().for_each_init(
        || (vec![0usize; notes], Vec::new()),
        |(counts, touched), (note, note_links)| {
            for backlink in &note_links.mentioned_in {
                for &other in mentioned_by_briefing
                    .get(backlink.briefing)
                    .into_iter()
                    .flatten()
                {
                    if other != note {
                        if counts[other] == 0 {
                            touched.push(other);
                        }
                        counts[other] += 1;
                    }
                }
            }
            let list = touched
                .drain(..)
                .map(|other| CoMention {
                    note: other,
                    count: std::mem::take(&mut counts[other]),
                })
                .collect();
            note_links.appears_with = sorted_co_mentions(loaded, list);
        },
    );
}

/// Adds briefing `b`'s mentions to the notes' backlinks; returns the notes it mentions,
/// sorted and without repeats.
fn add_backlinks(links: &mut [NoteLinks], b: usize, placed: &AnchoredBriefing) -> Vec<usize> {
    let mut mentioned: Vec<usize> = Vec::new();
    for (m, mention) in placed.mentions.iter().enumerate() {
        let Some(note) = links.get_mut(mention.note) else {
            continue;
        };
        match note.mentioned_in.last_mut() {
            Some(last) if last.briefing == b => last.mentions.push(m),
            _ => {
                note.mentioned_in.push(Backlink {
                    briefing: b,
                    mentions: vec![m],
                });
                mentioned.push(mention.note);
            }
        }
    }
    mentioned.sort_unstable();
    mentioned
}

fn add_quotes(
    links: &mut [NoteLinks],
    loaded: &Loaded,
    index: &NoteIndex<'_>,
    b: usize,
    placed: &AnchoredBriefing,
) {
    let Some(briefing) = loaded.briefings.get(b) else {
        return;
    };
    let mut quotes: Vec<((usize, usize, usize), usize, usize)> = Vec::new();
    for (position, annotation) in placed.annotations.iter().enumerate() {
        let Some(note) = briefing
            .annotations
            .entries
            .get(annotation.index)
            .and_then(|entry| entry.said_by.as_deref())
            .and_then(|person| index.get("people", person))
        else {
            continue;
        };
        let first = annotation.placements.first();
        let at = first.map_or((usize::MAX, usize::MAX, annotation.index), |p| {
            (p.line, p.column, annotation.index)
        });
        quotes.push((at, position, note));
    }
    quotes.sort_unstable();
    for (_, annotation, note) in quotes {
        if let Some(links) = links.get_mut(note) {
            links.quotes.push(Quote {
                briefing: b,
                annotation,
            });
        }
    }
}

fn sorted_co_mentions(loaded: &Loaded, mut list: Vec<CoMention>) -> Vec<CoMention> {
    list.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| name_of(loaded, a.note).cmp(name_of(loaded, b.note)))
            .then(a.note.cmp(&b.note))
    });
    list
}

fn name_of(loaded: &Loaded, note: usize) -> &str {
    loaded.notes.get(note).map_or("", |n| n.sort_name())
}
