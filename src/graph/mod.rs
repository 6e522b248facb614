//! The `graph` stage: cross-references between briefings and notes.
//!
//! [`build`] turns the loaded and anchored site into plain data the templates can walk:
//! which briefings mention each note (with the sentence), the quotes attributed to each
//! person, the events of the timeline, the tags, the notes that appear together, and for
//! each briefing the notes, events and sources it holds. It is a pure function of its
//! input, and every list it makes is in a fixed order, so the same site always gives the
//! same graph. Its cost grows linearly with the number of mentions and annotations.

mod briefings;
mod memo;
mod notes;
mod tags;
mod timeline;

use std::collections::HashMap;

use crate::anchor::site::{Anchored, AnchoredBriefing, PlacedAnnotation};
use crate::config::{Collection, Config};
use crate::model::{Annotation, Briefing, Loaded};

pub use briefings::{NoteGroup, SourceLink};
pub use memo::{GraphMemo, build_reusing};
pub use notes::{Backlink, CoMention, Quote};
pub use tags::Tag;
pub use timeline::{EventOrigin, TimelineEvent};

/// The cross-references of a whole site.
#[derive(Debug, Clone, Default, PartialEq, Hash)]
#[non_exhaustive]
pub struct Graph {
    /// One per loaded note, in the order of `Loaded::notes`.
    pub notes: Vec<NoteLinks>,
    /// One per loaded briefing, in the order of `Loaded::briefings`.
    pub briefings: Vec<BriefingLinks>,
    /// Every event of the timeline, sorted by date, then title, then briefing.
    pub events: Vec<TimelineEvent>,
    /// Every tag, sorted by slug.
    pub tags: Vec<Tag>,
    /// Indices of the briefings, newest first (ties by title, then slug order).
    pub newest_first: Vec<usize>,
}

/// What links to one note.
#[derive(Debug, Clone, Default, PartialEq, Hash)]
#[non_exhaustive]
pub struct NoteLinks {
    /// The briefings that mention the note, newest first, each with its mentions.
    pub mentioned_in: Vec<Backlink>,
    /// Quotes attributed to the note (`said_by`), newest briefing first, then in reading order.
    pub quotes: Vec<Quote>,
    /// Notes mentioned in the same briefings, most shared briefings first, then by name.
    pub appears_with: Vec<CoMention>,
    /// Indices into [`Graph::tags`] of the note's own tags.
    pub tags: Vec<usize>,
}

/// What one briefing holds.
#[derive(Debug, Clone, Default, PartialEq, Hash)]
#[non_exhaustive]
pub struct BriefingLinks {
    /// The notes it mentions, grouped by collection (see [`collection_order`]), A–Z inside.
    pub notes: Vec<NoteGroup>,
    /// Indices into [`Graph::events`] of its events (its own date included), in timeline order.
    pub events: Vec<usize>,
    /// The article's source, then the links of its annotations, without repeats.
    pub sources: Vec<SourceLink>,
    /// Indices into [`Graph::tags`] of its tags (its own and its annotations').
    pub tags: Vec<usize>,
}

/// Builds the cross-reference graph of a site. Out-of-range indices in `anchored` (which a
/// correct anchor stage never produces) are skipped rather than trusted.
pub fn build(config: &Config, loaded: &Loaded, anchored: &Anchored) -> Graph {
    let newest_first = newest_first(loaded);
    let index = NoteIndex::new(loaded);
    // The three are independent: build them side by side.
    let (mut note_links, (events, tags)) = rayon::join(
        || notes::build(loaded, anchored, &index, &newest_first),
        || {
            rayon::join(
                || timeline::build(loaded, anchored),
                || tags::build(loaded, anchored, &newest_first),
            )
        },
    );
    for (tag_index, tag) in tags.iter().enumerate() {
        for &note in &tag.notes {
            if let Some(links) = note_links.get_mut(note) {
                links.tags.push(tag_index);
            }
        }
    }
    let briefing_links = briefings::build(config, loaded, anchored, &events, &tags);
    Graph {
        notes: note_links,
        briefings: briefing_links,
        events,
        tags,
        newest_first,
    }
}

/// The collections in the order pages list them: people, places, then the declared ones
/// by name.
pub fn collection_order(config: &Config) -> Vec<&Collection> {
    let mut order: Vec<&Collection> = config.collections.values().collect();
    order.sort_by_key(|c| (collection_rank(&c.name), c.name.clone()));
    order
}

fn collection_rank(name: &str) -> u8 {
    match name {
        "people" => 0,
        "places" => 1,
        _ => 2,
    }
}

/// Briefing indices sorted newest first; ties by title (ignoring case first), then by
/// their (slug) order.
fn newest_first(loaded: &Loaded) -> Vec<usize> {
    let mut order: Vec<usize> = (0..loaded.briefings.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&loaded.briefings[a], &loaded.briefings[b]);
        y.date
            .cmp(&x.date)
            .then_with(|| cmp_text(&x.title, &y.title))
            .then(a.cmp(&b))
    });
    order
}

/// The annotations of a briefing that anchored, each with its entry as written, in the
/// order they were written.
pub(crate) fn anchored_entries<'a>(
    briefing: &'a Briefing,
    placed: Option<&'a AnchoredBriefing>,
) -> impl Iterator<Item = (&'a PlacedAnnotation, &'a Annotation)> {
    placed
        .into_iter()
        .flat_map(|p| p.annotations.iter())
        .filter_map(|a| briefing.annotations.entries.get(a.index).map(|e| (a, e)))
}

/// Compares two texts ignoring case first, then exactly, without allocating.
pub(crate) fn cmp_text(a: &str, b: &str) -> std::cmp::Ordering {
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
        .then_with(|| a.cmp(b))
}

/// Looks notes up by collection and slug.
pub(crate) struct NoteIndex<'a> {
    by_ref: HashMap<(&'a str, &'a str), usize>,
}

impl<'a> NoteIndex<'a> {
    fn new(loaded: &'a Loaded) -> Self {
        let by_ref = loaded
            .notes
            .iter()
            .enumerate()
            .map(|(i, n)| ((n.collection.as_str(), n.slug.as_str()), i))
            .collect();
        NoteIndex { by_ref }
    }

    /// The index of the note `collection/slug`, if there is one.
    fn get(&self, collection: &str, slug: &str) -> Option<usize> {
        self.by_ref.get(&(collection, slug)).copied()
    }
}

#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests;
