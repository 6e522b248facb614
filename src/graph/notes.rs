//! Backlinks, attributed quotes and co-mentions: everything a note page lists.

use std::collections::HashMap;

use super::{NoteIndex, NoteLinks};
use crate::anchor::site::{Anchored, AnchoredBriefing};
use crate::markdown::Snippet;
use crate::model::Loaded;

/// A briefing that mentions a note.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Backlink {
    /// Index into `Loaded::briefings`.
    pub briefing: usize,
    /// Every mention of the note in that briefing, in reading order.
    pub mentions: Vec<MentionLink>,
}

/// One mention of a note in a briefing.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MentionLink {
    /// The `data-annot` id of the mention's elements in the briefing body.
    pub annot: String,
    /// The sentence of the mention; `text` is the mention itself.
    pub snippet: Snippet,
    /// Whether an annotation asked for the mention (rather than an automatic one).
    pub explicit: bool,
}

/// A quote attributed to a person (an annotation with `said_by`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Quote {
    /// Index into `Loaded::briefings`.
    pub briefing: usize,
    /// The `data-annot` id of the quote's elements in the briefing body.
    pub annot: String,
    /// The quoted words, as the article prints them.
    pub text: String,
    /// The sentence of the quote; `text` is the quote itself.
    pub snippet: Snippet,
}

/// A note that shares briefings with another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    let note_count = loaded.notes.len();
    let mut links = vec![NoteLinks::default(); note_count];
    let mut shared: Vec<HashMap<usize, usize>> = vec![HashMap::new(); note_count];
    for &b in newest_first {
        let Some(placed) = anchored.briefings.get(b) else {
            continue;
        };
        let mentioned = add_backlinks(&mut links, b, placed);
        count_pairs(&mut shared, &mentioned);
        add_quotes(&mut links, loaded, index, b, placed);
    }
    for (note, counts) in shared.into_iter().enumerate() {
        links[note].appears_with = sorted_co_mentions(loaded, counts);
    }
    links
}

/// Adds briefing `b`'s mentions to the notes' backlinks; returns the notes it mentions,
/// sorted and without repeats.
fn add_backlinks(links: &mut [NoteLinks], b: usize, placed: &AnchoredBriefing) -> Vec<usize> {
    let mut mentioned: Vec<usize> = Vec::new();
    for mention in &placed.mentions {
        let Some(note) = links.get_mut(mention.note) else {
            continue;
        };
        let link = MentionLink {
            annot: mention.id.clone(),
            snippet: mention.placement.snippet.clone(),
            explicit: mention.explicit,
        };
        match note.mentioned_in.last_mut() {
            Some(last) if last.briefing == b => last.mentions.push(link),
            _ => {
                note.mentioned_in.push(Backlink {
                    briefing: b,
                    mentions: vec![link],
                });
                mentioned.push(mention.note);
            }
        }
    }
    mentioned.sort_unstable();
    mentioned
}

/// Counts each pair of notes mentioned in the same briefing, both ways.
fn count_pairs(shared: &mut [HashMap<usize, usize>], mentioned: &[usize]) {
    for &a in mentioned {
        for &b in mentioned {
            if a != b {
                *shared[a].entry(b).or_insert(0) += 1;
            }
        }
    }
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
    let mut quotes: Vec<((usize, usize), usize, usize, Quote)> = Vec::new();
    for annotation in &placed.annotations {
        let Some(entry) = briefing.annotations.entries.get(annotation.index) else {
            continue;
        };
        let Some(note) = entry
            .said_by
            .as_deref()
            .and_then(|person| index.get("people", person))
        else {
            continue;
        };
        let first = annotation.placements.first();
        let snippet = first.map(|p| p.snippet.clone()).unwrap_or_default();
        let text = if snippet.text.is_empty() {
            entry.quote.clone()
        } else {
            snippet.text.clone()
        };
        let position = first.map_or((usize::MAX, usize::MAX), |p| (p.line, p.column));
        let quote = Quote {
            briefing: b,
            annot: annotation.id.clone(),
            text,
            snippet,
        };
        quotes.push((position, annotation.index, note, quote));
    }
    quotes.sort_by_key(|(position, entry, _, _)| (*position, *entry));
    for (_, _, note, quote) in quotes {
        if let Some(links) = links.get_mut(note) {
            links.quotes.push(quote);
        }
    }
}

fn sorted_co_mentions(loaded: &Loaded, counts: HashMap<usize, usize>) -> Vec<CoMention> {
    let mut list: Vec<CoMention> = counts
        .into_iter()
        .map(|(note, count)| CoMention { note, count })
        .collect();
    list.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| name_of(loaded, a.note).cmp(name_of(loaded, b.note)))
            .then(a.note.cmp(&b.note))
    });
    list
}

fn name_of(loaded: &Loaded, note: usize) -> &str {
    loaded.notes.get(note).map_or("", |n| n.name.as_str())
}
