//! The pieces of a site by name rather than by place: [`Names`] gives each briefing,
//! note, tag and timeline event a 64-bit name that stays the same from one build to the
//! next while the piece exists (a hash of its slug, or of its briefing and origin), so
//! that the graph's pieces print the same when only their places in the lists moved,
//! and [`Translation`] moves the pieces a page read in one build to their places in the
//! next.

use std::hash::{Hash, Hasher};

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::{Xxh3, xxh3_64_with_seed};

use super::cells::{Cell, id};
use crate::graph::{BriefingLinks, EventOrigin, Graph, NoteLinks, Tag, TimelineEvent};
use crate::model::Loaded;

/// The name of every briefing, note, tag and event of one build, by place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    briefing: Vec<u64>,
    note: Vec<u64>,
    tag: Vec<u64>,
    event: Vec<u64>,
}

/// The name of a missing piece (an index out of range, which a page then reads as
/// missing too).
const NOBODY: u64 = u64::MAX;

/// The name of a text of one kind (each kind hashes with its own seed).
fn name_of(kind: Kind, text: &str) -> u64 {
    xxh3_64_with_seed(text.as_bytes(), kind as u64)
}

/// The kinds of pieces, which name alike texts differently.
#[derive(Clone, Copy)]
enum Kind {
    Briefing = 1,
    Collection,
    Note,
    Tag,
    Event,
}

impl Names {
    /// The names of the pieces of a build.
    pub fn of(loaded: &Loaded, graph: &Graph) -> Self {
        let briefing: Vec<u64> = loaded
            .briefings
            .iter()
            .map(|b| name_of(Kind::Briefing, &b.slug))
            .collect();
        let event = graph
            .events
            .iter()
            .map(|e| {
                let from = briefing.get(e.briefing).copied().unwrap_or(NOBODY);
                // The briefing's own date, or annotation `index` + 1.
                let origin = match &e.origin {
                    EventOrigin::Briefing => 0,
                    EventOrigin::Annotation { index, .. } => (*index as u64).wrapping_add(1),
                };
                xxh3_64_with_seed(&origin.to_le_bytes(), from ^ Kind::Event as u64)
            })
            .collect();
        Names {
            note: loaded
                .notes
                .iter()
                .map(|n| {
                    let collection = name_of(Kind::Collection, &n.collection);
                    xxh3_64_with_seed(n.slug.as_bytes(), collection ^ Kind::Note as u64)
                })
                .collect(),
            tag: graph
                .tags
                .iter()
                .map(|t| name_of(Kind::Tag, &t.slug))
                .collect(),
            briefing,
            event,
        }
    }

    fn briefing(&self, b: usize) -> u64 {
        self.briefing.get(b).copied().unwrap_or(NOBODY)
    }

    fn note(&self, n: usize) -> u64 {
        self.note.get(n).copied().unwrap_or(NOBODY)
    }

    fn tag(&self, t: usize) -> u64 {
        self.tag.get(t).copied().unwrap_or(NOBODY)
    }

    fn event(&self, e: usize) -> u64 {
        self.event.get(e).copied().unwrap_or(NOBODY)
    }

    /// The print of what a briefing links to, with every piece by name.
    pub fn briefing_links(&self, links: &BriefingLinks) -> u64 {
        let mut h = Xxh3::new();
        for group in &links.notes {
            group.collection.hash(&mut h);
            names(&mut h, group.notes.iter().map(|&n| self.note(n)));
        }
        names(&mut h, links.events.iter().map(|&e| self.event(e)));
        links.sources.hash(&mut h);
        names(&mut h, links.tags.iter().map(|&t| self.tag(t)));
        h.finish()
    }

    /// The print of what links to a note, with every piece by name.
    pub fn note_links(&self, links: &NoteLinks) -> u64 {
        let mut h = Xxh3::new();
        links.mentioned_in.len().hash(&mut h);
        for backlink in &links.mentioned_in {
            self.briefing(backlink.briefing).hash(&mut h);
            backlink.mentions.hash(&mut h);
        }
        links.quotes.len().hash(&mut h);
        for quote in &links.quotes {
            (self.briefing(quote.briefing), quote.annotation).hash(&mut h);
        }
        links.appears_with.len().hash(&mut h);
        for co in &links.appears_with {
            (self.note(co.note), co.count).hash(&mut h);
        }
        names(&mut h, links.tags.iter().map(|&t| self.tag(t)));
        h.finish()
    }

    /// The print of a tag, with its briefings and notes by name.
    pub fn tag_print(&self, tag: &Tag) -> u64 {
        let mut h = Xxh3::new();
        (&tag.slug, &tag.name).hash(&mut h);
        names(&mut h, tag.briefings.iter().map(|&b| self.briefing(b)));
        names(&mut h, tag.notes.iter().map(|&n| self.note(n)));
        h.finish()
    }

    /// The print of a timeline event, with its briefing by name.
    pub fn event_print(&self, event: &TimelineEvent) -> u64 {
        let mut h = Xxh3::new();
        (&event.date, &event.end, &event.title, &event.origin).hash(&mut h);
        self.briefing(event.briefing).hash(&mut h);
        h.finish()
    }

    /// The print of the briefings' order, by name.
    pub fn order_print(&self, order: &[usize]) -> u64 {
        let mut h = Xxh3::new();
        names(&mut h, order.iter().map(|&b| self.briefing(b)));
        h.finish()
    }
}

/// Hashes a list of names, with its length first (so that consecutive lists cannot be
/// told apart only by where one ends).
fn names(h: &mut Xxh3, list: impl ExactSizeIterator<Item = u64>) {
    list.len().hash(h);
    for name in list {
        name.hash(h);
    }
}

/// Where each piece of one build is in the next: for each kind, the new place of each
/// old place (`None`: gone).
#[derive(Debug, Default)]
pub struct Translation {
    briefing: Vec<Option<u32>>,
    note: Vec<Option<u32>>,
    tag: Vec<Option<u32>>,
    event: Vec<Option<u32>>,
}

impl Translation {
    /// From the places of `earlier` to those of `now`.
    pub fn between(earlier: &Names, now: &Names) -> Self {
        Translation {
            briefing: moves(&earlier.briefing, &now.briefing),
            note: moves(&earlier.note, &now.note),
            tag: moves(&earlier.tag, &now.tag),
            event: moves(&earlier.event, &now.event),
        }
    }

    /// The cell of the next build that is the same piece as `cell`; `None` when the
    /// piece is gone.
    pub fn cell(&self, cell: Cell) -> Option<Cell> {
        let at = |list: &[Option<u32>], i: u32| list.get(i as usize).copied().flatten();
        Some(match cell {
            Cell::Site | Cell::NoteIndex | Cell::TagIndex | Cell::Events | Cell::NewestFirst => {
                cell
            }
            Cell::Briefing(b) => Cell::Briefing(at(&self.briefing, b)?),
            Cell::BriefingValue(b) => Cell::BriefingValue(at(&self.briefing, b)?),
            Cell::BriefingLink(b) => Cell::BriefingLink(at(&self.briefing, b)?),
            Cell::BriefingLinks(b) => Cell::BriefingLinks(at(&self.briefing, b)?),
            Cell::Mention(b, m) => Cell::Mention(at(&self.briefing, b)?, m),
            Cell::Quote(b, a) => Cell::Quote(at(&self.briefing, b)?, a),
            Cell::Note(n) => Cell::Note(at(&self.note, n)?),
            Cell::NoteValue(n) => Cell::NoteValue(at(&self.note, n)?),
            Cell::NoteLinks(n) => Cell::NoteLinks(at(&self.note, n)?),
            Cell::Tag(t) => Cell::Tag(at(&self.tag, t)?),
            Cell::TagValue(t) => Cell::TagValue(at(&self.tag, t)?),
            Cell::TagLink(t) => Cell::TagLink(at(&self.tag, t)?),
            Cell::Event(e) => Cell::Event(at(&self.event, e)?),
        })
    }
}

/// For each name of `earlier`, its place in `now`.
fn moves(earlier: &[u64], now: &[u64]) -> Vec<Option<u32>> {
    if earlier == now {
        return (0..now.len()).map(|i| Some(id(i))).collect();
    }
    let place: FxHashMap<u64, u32> = now
        .iter()
        .enumerate()
        .map(|(i, &name)| (name, id(i)))
        .collect();
    earlier
        .iter()
        .map(|name| place.get(name).copied())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(briefings: &[u64]) -> Names {
        Names {
            briefing: briefings.to_vec(),
            note: vec![10, 11],
            tag: vec![20],
            event: vec![30, 31, 32],
        }
    }

    #[test]
    fn pieces_move_to_their_new_places_and_gone_ones_go() {
        let earlier = names(&[1, 2, 3]);
        // A briefing added before the others, and the last one gone.
        let now = names(&[0, 1, 2]);
        let t = Translation::between(&earlier, &now);
        assert_eq!(t.cell(Cell::Briefing(0)), Some(Cell::Briefing(1)));
        assert_eq!(t.cell(Cell::Mention(1, 4)), Some(Cell::Mention(2, 4)));
        assert_eq!(t.cell(Cell::BriefingLinks(2)), None);
        assert_eq!(t.cell(Cell::Briefing(9)), None, "out of range");
        assert_eq!(t.cell(Cell::Note(1)), Some(Cell::Note(1)));
        assert_eq!(t.cell(Cell::Event(2)), Some(Cell::Event(2)));
        assert_eq!(t.cell(Cell::NewestFirst), Some(Cell::NewestFirst));
    }

    #[test]
    fn a_tag_prints_the_same_when_only_places_moved() {
        let tag = |briefings: Vec<usize>| Tag {
            slug: "trade".into(),
            name: "Trade".into(),
            briefings,
            notes: vec![0],
        };
        let earlier = names(&[1, 2, 3]);
        let now = names(&[0, 1, 2, 3]);
        assert_eq!(
            earlier.tag_print(&tag(vec![0, 2])),
            now.tag_print(&tag(vec![1, 3])),
            "the same briefings at new places"
        );
        assert_ne!(
            earlier.tag_print(&tag(vec![0, 2])),
            now.tag_print(&tag(vec![0, 2])),
            "other briefings at the same places"
        );
    }
}
