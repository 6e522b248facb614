//! The pieces of a site a page context can read ([`Cell`]), and a fingerprint of each
//! piece in the current build ([`Prints`]).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

use super::names::{Names, Translation};
use super::{Shared, ValueMemo};
use crate::fingerprint::HashWriter;
use crate::render::context::values::BriefingLink;

/// One piece of a site that a page context reads. Indices are those of the current
/// build (into the loaded briefings, notes, and the graph's tags and events); a piece
/// that moved is a different piece, which only makes a page be built again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cell {
    /// The config and the theme's name (the `site` variable).
    Site,
    /// A briefing as loaded, anchored and rendered.
    Briefing(u32),
    /// A briefing's list value.
    BriefingValue(u32),
    /// A briefing's title, date and address.
    BriefingLink(u32),
    /// What a briefing links to in the graph.
    BriefingLinks(u32),
    /// The sentence of one mention in a briefing.
    Mention(u32, u32),
    /// One anchored annotation of a briefing as a quote: its sentence and its words.
    Quote(u32, u32),
    /// A note as loaded and rendered.
    Note(u32),
    /// A note's list value.
    NoteValue(u32),
    /// What links to a note in the graph.
    NoteLinks(u32),
    /// Which notes exist, and in which order.
    NoteIndex,
    /// A tag of the graph.
    Tag(u32),
    /// A tag's value.
    TagValue(u32),
    /// A tag's name and address.
    TagLink(u32),
    /// Which tags exist, and in which order.
    TagIndex,
    /// An event of the timeline.
    Event(u32),
    /// The whole timeline.
    Events,
    /// The briefings' order, newest first.
    NewestFirst,
}

/// An index as a cell's (sites never hold 4 billion of anything; a larger index names
/// a piece that does not exist, which is what it reads).
pub fn id(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The prints of the mentions (or quotes) of one briefing, in order.
type PassagePrints = Arc<[u64]>;

/// A 64-bit fingerprint of every piece of one build's site: equal pieces print equal,
/// different ones differ but with negligible probability.
#[derive(Debug, Clone)]
pub struct Prints {
    site: u64,
    briefing: Vec<u64>,
    briefing_value: Vec<u64>,
    briefing_link: Vec<u64>,
    /// By briefing; shared with the next build's prints while the revision is the same.
    mentions: Vec<PassagePrints>,
    /// By briefing, like `mentions`.
    quotes: Vec<PassagePrints>,
    note: Vec<u64>,
    note_value: Vec<u64>,
    note_index: u64,
    /// The pieces made from the graph alone.
    graph: GraphPrints,
    /// The names of the pieces at each place (shared while they are the same).
    names: Arc<Names>,
}

impl Prints {
    /// The prints of every piece of `shared` (in parallel), taking from the prints of
    /// the previous build (with the values they were made from) those of the briefings
    /// whose anchoring or list value it shares, and those of the graph when it is the
    /// same graph.
    pub fn of(shared: &Shared<'_>, previous: Option<(&Prints, &ValueMemo)>) -> Self {
        let names = Names::of(shared.loaded, shared.graph);
        let earlier_names = previous.map(|(p, _)| &p.names).filter(|n| ***n == names);
        let names = earlier_names.cloned().unwrap_or_else(|| Arc::new(names));
        // Graph prints name the pieces they point to: the same graph with the same names
        // prints the same.
        let same_graph = previous
            .filter(|(_, values)| values.made_under(shared.graph))
            .filter(|_| earlier_names.is_some());
        let (briefing_value, briefing_link) = Self::briefing_values(shared, previous);
        let (mentions, quotes) = Self::passages(shared, previous.map(|(p, _)| p));
        let (note, note_value) = rayon::join(
            || Self::notes(shared),
            || shared.notes.iter().map(json_print).collect(),
        );
        let graph = match same_graph {
            Some((earlier, _)) => earlier.graph.clone(),
            None => GraphPrints::of(shared, &names),
        };
        Prints {
            site: json_print(&(&shared.site, shared.config.fingerprint())),
            briefing: shared
                .anchored
                .briefings
                .iter()
                .map(|p| p.revision)
                .collect(),
            briefing_value,
            briefing_link,
            mentions,
            quotes,
            note,
            note_value,
            note_index: note_index(shared),
            graph,
            names,
        }
    }

    /// Where the pieces of `earlier`'s build are in this one; `None` when every piece is
    /// where it was.
    pub fn moves_since(&self, earlier: &Prints) -> Option<Translation> {
        let same = Arc::ptr_eq(&self.names, &earlier.names) || self.names == earlier.names;
        (!same).then(|| Translation::between(&earlier.names, &self.names))
    }

    /// Whether every one of `cells`, read in `earlier`'s build, prints in this build at
    /// its new place as it did then: the cells at their new places, or `None` when one
    /// changed or is gone.
    pub fn unchanged_moved(
        &self,
        earlier: &Prints,
        moves: &Translation,
        cells: &[Cell],
    ) -> Option<Vec<Cell>> {
        let mut moved = Vec::with_capacity(cells.len());
        for &cell in cells {
            let now = moves.cell(cell)?;
            if self.get(now) != earlier.get(cell) {
                return None;
            }
            moved.push(now);
        }
        moved.sort_unstable();
        Some(moved)
    }

    /// The prints of every briefing's list value and link, kept from `previous` for the
    /// values it shares.
    fn briefing_values(
        shared: &Shared<'_>,
        previous: Option<(&Prints, &ValueMemo)>,
    ) -> (Vec<u64>, Vec<u64>) {
        shared
            .briefings
            .par_iter()
            .enumerate()
            .map(|(b, value)| {
                let kept = previous.and_then(|(prints, values)| {
                    let (_, then) = values.briefings.get(b)?;
                    Arc::ptr_eq(then, value)
                        .then(|| {
                            Some((
                                *prints.briefing_value.get(b)?,
                                *prints.briefing_link.get(b)?,
                            ))
                        })
                        .flatten()
                });
                kept.unwrap_or_else(|| {
                    (json_print(&**value), json_print(&BriefingLink::new(value)))
                })
            })
            .unzip()
    }

    /// The prints of every mention's sentence and every annotation's quote, kept from
    /// `previous` for the briefings whose anchoring it shares.
    fn passages(
        shared: &Shared<'_>,
        previous: Option<&Prints>,
    ) -> (Vec<PassagePrints>, Vec<PassagePrints>) {
        let earlier: HashMap<u64, (&PassagePrints, &PassagePrints)> = previous
            .map(|p| {
                let passages = p.mentions.iter().zip(&p.quotes);
                p.briefing.iter().copied().zip(passages).collect()
            })
            .unwrap_or_default();
        shared
            .anchored
            .briefings
            .par_iter()
            .enumerate()
            .map(|(b, placed)| match earlier.get(&placed.revision) {
                Some(&(mentions, quotes)) => (mentions.clone(), quotes.clone()),
                None => {
                    let mentions = placed
                        .mentions
                        .iter()
                        .map(|m| hash_print(&(&m.placement.snippet, &m.id, m.ordinal)))
                        .collect();
                    let quotes = (0..placed.annotations.len())
                        .map(|a| hash_print(&shared.quote(b, a)))
                        .collect();
                    (mentions, quotes)
                }
            })
            .unzip()
    }

    /// The prints of every note as loaded and rendered.
    fn notes(shared: &Shared<'_>) -> Vec<u64> {
        (0..shared.loaded.notes.len())
            .into_par_iter()
            .map(|n| {
                let rendered = shared.rendered_note(n);
                let mut printer = HashWriter::default();
                printer.add_debug(&shared.loaded.notes.get(n));
                (&rendered.body_html, &rendered.summary_html).hash(&mut printer.0);
                printer.finish()
            })
            .collect()
    }

    /// What briefing `b`'s search entry is made of: its loaded and anchored form and
    /// its list value.
    pub fn search_key(&self, b: usize) -> Option<(u64, u64)> {
        Some((
            self.get(Cell::Briefing(id(b)))?,
            self.get(Cell::BriefingValue(id(b)))?,
        ))
    }

    /// What note `n`'s search entry is made of: its loaded form and its list value.
    pub fn note_search_key(&self, n: usize) -> Option<(u64, u64)> {
        Some((
            self.get(Cell::Note(id(n)))?,
            self.get(Cell::NoteValue(id(n)))?,
        ))
    }

    /// The print of `cell`; `None` when the piece does not exist in this build.
    pub fn get(&self, cell: Cell) -> Option<u64> {
        let at = |list: &[u64], i: u32| list.get(i as usize).copied();
        match cell {
            Cell::Site => Some(self.site),
            Cell::Briefing(b) => at(&self.briefing, b),
            Cell::BriefingValue(b) => at(&self.briefing_value, b),
            Cell::BriefingLink(b) => at(&self.briefing_link, b),
            Cell::BriefingLinks(b) => at(&self.graph.briefing_links, b),
            Cell::Mention(b, m) => self.mentions.get(b as usize).and_then(|l| at(l, m)),
            Cell::Quote(b, a) => self.quotes.get(b as usize).and_then(|l| at(l, a)),
            Cell::Note(n) => at(&self.note, n),
            Cell::NoteValue(n) => at(&self.note_value, n),
            Cell::NoteLinks(n) => at(&self.graph.note_links, n),
            Cell::NoteIndex => Some(self.note_index),
            Cell::Tag(t) => at(&self.graph.tag, t),
            Cell::TagValue(t) => at(&self.graph.tag_value, t),
            Cell::TagLink(t) => at(&self.graph.tag_link, t),
            Cell::TagIndex => Some(self.graph.tag_index),
            Cell::Event(e) => at(&self.graph.event, e),
            Cell::Events => Some(self.graph.events),
            Cell::NewestFirst => Some(self.graph.newest_first),
        }
    }

    /// Whether every one of `cells` prints in this build as it did in `earlier` (a piece
    /// missing from both counts as unchanged).
    pub fn unchanged_since(&self, earlier: &Prints, cells: &[Cell]) -> bool {
        cells
            .iter()
            .all(|&cell| self.get(cell) == earlier.get(cell))
    }

    /// Every piece whose print differs between `earlier` and this build (a piece that
    /// exists in only one of them counts as changed), in no particular order. `None`
    /// when the site piece changed (every page reads it) or when more than `limit`
    /// pieces changed.
    pub fn changed_since(&self, earlier: &Prints, limit: usize) -> Option<Vec<Cell>> {
        if self.site != earlier.site {
            return None;
        }
        let mut changed = Changes {
            cells: Vec::new(),
            limit,
        };
        changed.scalar(self.note_index, earlier.note_index, Cell::NoteIndex);
        changed.list(&self.briefing, &earlier.briefing, Cell::Briefing)?;
        changed.list(
            &self.briefing_value,
            &earlier.briefing_value,
            Cell::BriefingValue,
        )?;
        changed.list(
            &self.briefing_link,
            &earlier.briefing_link,
            Cell::BriefingLink,
        )?;
        changed.list(&self.note, &earlier.note, Cell::Note)?;
        changed.list(&self.note_value, &earlier.note_value, Cell::NoteValue)?;
        changed.passages(&self.mentions, &earlier.mentions, Cell::Mention)?;
        changed.passages(&self.quotes, &earlier.quotes, Cell::Quote)?;
        let (now, then) = (&self.graph, &earlier.graph);
        changed.list(
            &now.briefing_links,
            &then.briefing_links,
            Cell::BriefingLinks,
        )?;
        changed.list(&now.note_links, &then.note_links, Cell::NoteLinks)?;
        changed.list(&now.tag, &then.tag, Cell::Tag)?;
        changed.list(&now.tag_value, &then.tag_value, Cell::TagValue)?;
        changed.list(&now.tag_link, &then.tag_link, Cell::TagLink)?;
        changed.list(&now.event, &then.event, Cell::Event)?;
        changed.scalar(now.tag_index, then.tag_index, Cell::TagIndex);
        changed.scalar(now.events, then.events, Cell::Events);
        changed.scalar(now.newest_first, then.newest_first, Cell::NewestFirst);
        (changed.cells.len() <= limit).then_some(changed.cells)
    }

    /// One 128-bit fingerprint of the given pieces, in order (their prints in this build).
    pub fn fold(&self, cells: &[Cell]) -> u128 {
        // Gathered first and hashed at once: hashing 8 bytes at a time is slow.
        // A missing piece prints as 0 and is flagged in a bitmap after the prints.
        let mut missing = vec![0u8; cells.len().div_ceil(8)];
        let mut bytes: Vec<u8> = Vec::with_capacity(cells.len() * 8 + missing.len());
        for (i, &cell) in cells.iter().enumerate() {
            let print = self.get(cell).unwrap_or_else(|| {
                missing[i / 8] |= 1 << (i % 8);
                0
            });
            bytes.extend_from_slice(&print.to_le_bytes());
        }
        bytes.extend_from_slice(&missing);
        xxhash_rust::xxh3::xxh3_128(&bytes)
    }
}

/// The pieces found changed so far by [`Prints::changed_since`], up to a limit.
struct Changes {
    cells: Vec<Cell>,
    limit: usize,
}

impl Changes {
    fn scalar(&mut self, now: u64, then: u64, cell: Cell) {
        if now != then {
            self.cells.push(cell);
        }
    }

    /// Adds the pieces of one list whose prints differ; `None` past the limit.
    fn list(&mut self, now: &[u64], then: &[u64], cell: fn(u32) -> Cell) -> Option<()> {
        if now == then {
            return Some(());
        }
        for i in 0..now.len().max(then.len()) {
            if now.get(i) != then.get(i) {
                self.cells.push(cell(id(i)));
                if self.cells.len() > self.limit {
                    return None;
                }
            }
        }
        Some(())
    }

    /// Adds the changed mentions (or quotes) of every briefing; `None` past the limit.
    fn passages(
        &mut self,
        now: &[PassagePrints],
        then: &[PassagePrints],
        cell: fn(u32, u32) -> Cell,
    ) -> Option<()> {
        let none: PassagePrints = Arc::from([]);
        for b in 0..now.len().max(then.len()) {
            let (now, then) = (now.get(b).unwrap_or(&none), then.get(b).unwrap_or(&none));
            if Arc::ptr_eq(now, then) || now == then {
                continue;
            }
            for m in 0..now.len().max(then.len()) {
                if now.get(m) != then.get(m) {
                    self.cells.push(cell(id(b), id(m)));
                }
            }
            if self.cells.len() > self.limit {
                return None;
            }
        }
        Some(())
    }
}

/// Which notes exist, in order.
fn note_index(shared: &Shared<'_>) -> u64 {
    let mut note_index = Xxh3::new();
    for note in &shared.loaded.notes {
        (&note.collection, &note.slug).hash(&mut note_index);
    }
    note_index.finish()
}

/// The prints of the pieces made from the graph alone: the same for the same graph.
#[derive(Debug, Clone)]
struct GraphPrints {
    briefing_links: Vec<u64>,
    note_links: Vec<u64>,
    tag: Vec<u64>,
    tag_value: Vec<u64>,
    tag_link: Vec<u64>,
    tag_index: u64,
    event: Vec<u64>,
    events: u64,
    newest_first: u64,
}

impl GraphPrints {
    /// The prints of the graph's pieces, each naming (not placing) the pieces it
    /// points to.
    fn of(shared: &Shared<'_>, names: &Names) -> Self {
        let graph = shared.graph;
        let mut tag_index = Xxh3::new();
        for tag in &shared.tags {
            tag.slug.hash(&mut tag_index);
        }
        let event: Vec<u64> = graph
            .events
            .par_iter()
            .map(|e| names.event_print(e))
            .collect();
        GraphPrints {
            briefing_links: graph
                .briefings
                .par_iter()
                .map(|b| names.briefing_links(b))
                .collect(),
            note_links: graph
                .notes
                .par_iter()
                .map(|n| names.note_links(n))
                .collect(),
            tag: graph.tags.iter().map(|t| names.tag_print(t)).collect(),
            tag_value: shared.tags.iter().map(json_print).collect(),
            tag_link: shared.tag_links.iter().map(json_print).collect(),
            tag_index: tag_index.finish(),
            events: hash_print(&event),
            event,
            newest_first: names.order_print(&graph.newest_first),
        }
    }
}

/// The print of a value as JSON (what templates see of it).
fn json_print<T: Serialize>(value: &T) -> u64 {
    let mut out = io::BufWriter::with_capacity(4096, HashWriter::default());
    // A failure only makes a print differ: the pages reading it are built again.
    let written = serde_json::to_writer(&mut out, value).is_ok();
    match out.into_inner() {
        Ok(printer) if written => printer.0.digest(),
        _ => unmatched_print(),
    }
}

/// The print of a value through its `Hash`.
fn hash_print<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = Xxh3::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A print no other print of this process has, for a value that cannot be written as
/// JSON: every page that reads it is built again.
fn unmatched_print() -> u64 {
    crate::anchor::site::AnchoredBriefing::next_revision() | (1 << 63)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random prints from a small alphabet.
    struct Rng(crate::testkit::Lcg);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0.bits() % n
        }

        /// A short list of prints from a small alphabet, so that two lists often agree.
        fn list(&mut self) -> Vec<u64> {
            (0..self.below(4)).map(|_| self.below(3)).collect()
        }

        fn passages(&mut self) -> Vec<PassagePrints> {
            (0..self.below(4)).map(|_| Arc::from(self.list())).collect()
        }

        fn prints(&mut self) -> Prints {
            Prints {
                site: 0,
                briefing: self.list(),
                briefing_value: self.list(),
                briefing_link: self.list(),
                mentions: self.passages(),
                quotes: self.passages(),
                note: self.list(),
                note_value: self.list(),
                note_index: self.below(2),
                graph: GraphPrints {
                    briefing_links: self.list(),
                    note_links: self.list(),
                    tag: self.list(),
                    tag_value: self.list(),
                    tag_link: self.list(),
                    tag_index: self.below(2),
                    event: self.list(),
                    events: self.below(2),
                    newest_first: self.below(2),
                },
                names: Arc::default(),
            }
        }
    }

    /// Every cell with indices below 5 (the lists above are shorter).
    fn every_cell() -> Vec<Cell> {
        let mut cells = vec![
            Cell::Site,
            Cell::NoteIndex,
            Cell::TagIndex,
            Cell::Events,
            Cell::NewestFirst,
        ];
        let one: [fn(u32) -> Cell; 11] = [
            Cell::Briefing,
            Cell::BriefingValue,
            Cell::BriefingLink,
            Cell::BriefingLinks,
            Cell::Note,
            Cell::NoteValue,
            Cell::NoteLinks,
            Cell::Tag,
            Cell::TagValue,
            Cell::TagLink,
            Cell::Event,
        ];
        for i in 0..5 {
            cells.extend(one.iter().map(|cell| cell(i)));
            for j in 0..5 {
                cells.push(Cell::Mention(i, j));
                cells.push(Cell::Quote(i, j));
            }
        }
        cells
    }

    #[test]
    fn changed_pieces_are_exactly_those_that_print_differently() {
        let mut rng = Rng(crate::testkit::Lcg(0x9e37_79b9_7f4a_7c15));
        let cells = every_cell();
        for round in 0..2_000 {
            let (now, earlier) = (rng.prints(), rng.prints());
            let mut changed = now.changed_since(&earlier, usize::MAX).expect("same site");
            changed.sort_unstable();
            let mut expected: Vec<Cell> = cells
                .iter()
                .copied()
                .filter(|&cell| now.get(cell) != earlier.get(cell))
                .collect();
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(
                changed, expected,
                "round {round}: {now:?} against {earlier:?}"
            );
        }
    }

    #[test]
    fn a_changed_site_or_too_many_changes_say_look_at_everything() {
        let mut rng = Rng(crate::testkit::Lcg(7));
        let now = rng.prints();
        let mut other_site = now.clone();
        other_site.site = 1;
        assert_eq!(now.changed_since(&other_site, usize::MAX), None);
        let mut more = now.clone();
        more.briefing.extend([7, 8, 9]);
        assert_eq!(now.changed_since(&more, 3).map(|c| c.len()), Some(3));
        assert_eq!(now.changed_since(&more, 2), None);
        assert_eq!(now.changed_since(&now, 0), Some(vec![]));
    }
}
