//! [`Tracked`]: the view of [`Shared`] a page builder gets, which notes every piece read.

use std::cell::RefCell;

use super::cells::id;
use super::{Cell, Shared};
use crate::anchor::site::{AnchoredBriefing, RenderedNote};
use crate::config::Config;
use crate::graph::{BriefingLinks, NoteLinks, Quote, Tag, TimelineEvent};
use crate::markdown::Snippet;
use crate::model::{Briefing, Note};
use crate::render::context::page_value;
use crate::render::context::values::{BriefingLink, BriefingValue, NoteValue, TagLink, TagValue};
use crate::render::context::{PageValue, SiteValue};
use crate::render::page_context::PageContext;

/// What one page's builder reads of the shared data, through methods that each note the
/// [`Cell`] they read (when recording is on). Everything a builder can reach comes
/// through here, so the cells it read are all its context depends on.
pub struct Tracked<'s, 'a> {
    shared: &'s Shared<'a>,
    reads: Option<RefCell<Vec<Cell>>>,
}

impl<'s, 'a> Tracked<'s, 'a> {
    /// A view of `shared` that records what is read when `record` is set. Every page
    /// reads the site (config and theme name), so that is recorded from the start and
    /// [`Tracked::config`] and [`Tracked::site`] need not record it.
    pub fn new(shared: &'s Shared<'a>, record: bool) -> Self {
        Tracked {
            shared,
            reads: record.then(|| RefCell::new(vec![Cell::Site])),
        }
    }

    /// The cells read so far, sorted, without repeats (empty when not recording).
    pub fn into_reads(self) -> Vec<Cell> {
        let mut reads = self.reads.map(RefCell::into_inner).unwrap_or_default();
        reads.sort_unstable();
        reads.dedup();
        reads
    }

    fn read(&self, cell: Cell) {
        if let Some(reads) = &self.reads {
            reads.borrow_mut().push(cell);
        }
    }

    /// Records a read of a whole list: which items it has (`index`), and each item.
    fn read_all(&self, index: Cell, len: usize, item: fn(u32) -> Cell) {
        self.read(index);
        if let Some(reads) = &self.reads {
            reads.borrow_mut().extend((0..len).map(|i| item(id(i))));
        }
    }

    /// Site settings.
    pub fn config(&self) -> &'a Config {
        self.shared.config
    }

    /// The `site` variable.
    pub fn site(&self) -> &'s SiteValue {
        &self.shared.site
    }

    /// A context with `site`, `page` and `root` set.
    pub fn context(&self, page: PageValue) -> PageContext<'s> {
        let mut context = PageContext::new();
        context.insert("site", self.site());
        context.set_root(&page.root);
        context.insert("page", page);
        context
    }

    /// The `page` value of a page at site-relative `url`, written to `path`.
    pub fn page(&self, kind: &'static str, url: &str, path: &str, title: &str) -> PageValue {
        page_value(self.config(), kind, url, path, title)
    }

    /// Briefing `b` as loaded, with its anchored and rendered body.
    pub fn briefing(&self, b: usize) -> Option<(&'a Briefing, &'a AnchoredBriefing)> {
        self.read(Cell::Briefing(id(b)));
        let briefing = self.shared.loaded.briefings.get(b)?;
        Some((briefing, self.shared.placed(b)))
    }

    /// The list value of briefing `b`.
    pub fn briefing_value(&self, b: usize) -> Option<&'s BriefingValue> {
        self.read(Cell::BriefingValue(id(b)));
        self.shared.briefings.get(b).map(|v| &**v)
    }

    /// The title, date and address of briefing `b`.
    pub fn briefing_link(&self, b: usize) -> Option<BriefingLink<'s>> {
        self.read(Cell::BriefingLink(id(b)));
        self.shared.briefings.get(b).map(|v| BriefingLink::new(v))
    }

    /// What briefing `b` links to.
    pub fn briefing_links(&self, b: usize) -> Option<&'a BriefingLinks> {
        self.read(Cell::BriefingLinks(id(b)));
        self.shared.graph.briefings.get(b)
    }

    /// The sentence of mention `m` of briefing `b` (only the sentence: its line and
    /// column move with every line written above it, and no page shows them), the
    /// mention's id, and which of its annotation's ranges it is.
    pub fn mention(&self, b: usize, m: usize) -> Option<(&'a Snippet, &'a str, usize)> {
        self.read(Cell::Mention(id(b), id(m)));
        let mention = self.shared.anchored.briefings.get(b)?.mentions.get(m)?;
        Some((&mention.placement.snippet, &mention.id, mention.ordinal))
    }

    /// Quote `q` of a note: the sentence of its first placement, the quoted words (only
    /// those: like a mention's, its place moves with every line written above it), and
    /// the annotation's id.
    pub fn quote(&self, q: &Quote) -> Option<(&'a Snippet, &'a str, &'a str)> {
        self.read(Cell::Quote(id(q.briefing), id(q.annotation)));
        self.shared.quote(q.briefing, q.annotation)
    }

    /// The briefings, newest first (indices).
    pub fn newest_first(&self) -> &'a [usize] {
        self.read(Cell::NewestFirst);
        &self.shared.graph.newest_first
    }

    /// Note `n` as loaded, with its rendered Markdown.
    pub fn note(&self, n: usize) -> Option<(&'a Note, &'a RenderedNote)> {
        self.read(Cell::Note(id(n)));
        let note = self.shared.loaded.notes.get(n)?;
        Some((note, self.shared.rendered_note(n)))
    }

    /// Every note as loaded.
    pub fn notes(&self) -> &'a [Note] {
        let notes = &self.shared.loaded.notes;
        self.read_all(Cell::NoteIndex, notes.len(), Cell::Note);
        notes
    }

    /// The list value of note `n`.
    pub fn note_value(&self, n: usize) -> Option<&'s NoteValue> {
        self.read(Cell::NoteValue(id(n)));
        self.shared.notes.get(n)
    }

    /// The list values of every note.
    pub fn note_values(&self) -> &'s [NoteValue] {
        self.read_all(Cell::NoteIndex, self.shared.notes.len(), Cell::NoteValue);
        &self.shared.notes
    }

    /// The list value of the note `collection/slug`.
    pub fn note_by_ref(&self, collection: &str, slug: &str) -> Option<&'s NoteValue> {
        self.read(Cell::NoteIndex);
        let n = self.shared.note_index(collection, slug)?;
        self.note_value(n)
    }

    /// What links to note `n`.
    pub fn note_links(&self, n: usize) -> Option<&'a NoteLinks> {
        self.read(Cell::NoteLinks(id(n)));
        self.shared.graph.notes.get(n)
    }

    /// Tag `t` of the graph.
    pub fn tag(&self, t: usize) -> Option<&'a Tag> {
        self.read(Cell::Tag(id(t)));
        self.shared.graph.tags.get(t)
    }

    /// The value of tag `t`.
    pub fn tag_value(&self, t: usize) -> Option<&'s TagValue> {
        self.read(Cell::TagValue(id(t)));
        self.shared.tags.get(t)
    }

    /// The name and address of tag `t`.
    pub fn tag_link(&self, t: usize) -> Option<&'s TagLink> {
        self.read(Cell::TagLink(id(t)));
        self.shared.tag_links.get(t)
    }

    /// The name and address of the tag spelled `name` (any spelling with the same slug).
    pub fn tag_link_by_name(&self, name: &str) -> Option<&'s TagLink> {
        self.read(Cell::TagIndex);
        let t = self.shared.tag_index(name)?;
        self.tag_link(t)
    }

    /// The values of every tag.
    pub fn tag_values(&self) -> &'s [TagValue] {
        self.read_all(Cell::TagIndex, self.shared.tags.len(), Cell::TagValue);
        &self.shared.tags
    }

    /// Event `e` of the timeline.
    pub fn event(&self, e: usize) -> Option<&'a TimelineEvent> {
        self.read(Cell::Event(id(e)));
        self.shared.graph.events.get(e)
    }

    /// The whole timeline.
    pub fn events(&self) -> &'a [TimelineEvent] {
        self.read(Cell::Events);
        &self.shared.graph.events
    }
}
