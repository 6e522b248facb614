//! What a build remembers of its pages for the next build ([`PageMemo`]), and how the next
//! build finds the pages a change can reach without looking at the others.
//!
//! Each page records the pieces of the site its context read ([`Cell`]s). A rebuild
//! compares this build's [`Prints`] with the previous build's: a page none of whose
//! pieces changed is the same page. When the site has the same pages as before (the
//! usual case: a save that adds, renames or removes nothing), the changed pieces are
//! looked up in an index from each piece to the pages that read it ([`Readers`]), so the
//! cost of a rebuild follows the change, not the size of the site.

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use super::Page;
use super::context::{Cell, Prints, Shared, ValueMemo};
use super::extras::ExtrasMemo;

/// What each page of a build was rendered from, so that the next build renders only
/// the pages whose data changed.
#[derive(Debug, Clone, Default)]
pub struct PageMemo {
    /// The theme's fingerprint.
    pub(super) theme: u128,
    /// The pages, in the order [`super::pages`] lists them.
    pub(super) layout: Arc<Layout>,
    /// What each page (by its place in `layout`) was rendered from; `None` for a page
    /// that must be rendered every time (its context has no fingerprint).
    pub(super) entries: Vec<Option<Arc<PageEntry>>>,
    /// Which pages read each piece of the site. It may list more pages than read a piece
    /// now (never fewer): a listed page is only checked. Shared by the memos of the builds
    /// with the same layout; `None` when the layout cannot be trusted to be the next
    /// build's (a page was missing).
    pub(super) readers: Option<Arc<Mutex<Readers>>>,
    pub(super) extras: ExtrasMemo,
    pub(super) prints: Option<Prints>,
    pub(super) values: ValueMemo,
}

/// A page, independent of any build's borrowed data: by name, not by place in a list,
/// so that a briefing added before it leaves it the same page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum PageKey {
    Home,
    Timeline,
    Tags,
    Search,
    NotFound,
    Collection(String),
    Briefing(String),
    Note(String, String),
    Tag(String),
}

/// What one page was rendered from.
#[derive(Debug, Clone)]
pub(super) struct PageEntry {
    /// Its output path.
    pub path: Arc<str>,
    /// The pieces of the site its context read, sorted.
    pub reads: Arc<[Cell]>,
    /// A hash of the context ([`super::PageContext::fingerprint`]).
    pub context: u128,
}

/// The pages of a build, by name and by place.
#[derive(Debug, Default)]
pub(super) struct Layout {
    /// The pages in the order [`super::pages`] lists them.
    pub keys: Vec<PageKey>,
    /// The place of each page in `keys`.
    pub position: FxHashMap<PageKey, u32>,
    /// The pages' output paths, sorted, without repeats.
    pub html_paths: Vec<Arc<str>>,
    /// A hash of the paths of the static files.
    pub statics: u64,
}

/// For each piece of the site but [`Cell::Site`] (which every page reads), the places
/// (in the layout) of the pages that read it.
#[derive(Debug, Default)]
pub(super) struct Readers(FxHashMap<Cell, Vec<u32>>);

impl Readers {
    /// The readers of the pieces every page of `entries` read.
    pub fn of(entries: &[Option<Arc<PageEntry>>]) -> Self {
        let mut readers = Readers::default();
        for (place, entry) in entries.iter().enumerate() {
            if let Some(entry) = entry {
                readers.add(place, &entry.reads, &[]);
            }
        }
        readers
    }

    /// Notes that the page at `place` reads `reads` (sorted); `before` (sorted) is what
    /// it was listed as reading already.
    pub fn add(&mut self, place: usize, reads: &[Cell], before: &[Cell]) {
        let place = super::context::cell_index(place);
        for cell in reads {
            if *cell == Cell::Site || before.binary_search(cell).is_ok() {
                continue;
            }
            let pages = self.0.entry(*cell).or_default();
            if pages.last() != Some(&place) && !pages.contains(&place) {
                pages.push(place);
            }
        }
    }

    /// The places of the pages that read any of `cells`, sorted, without repeats.
    fn reading(&self, cells: &[Cell]) -> Vec<usize> {
        let mut places: Vec<usize> = cells
            .iter()
            .filter_map(|cell| self.0.get(cell))
            .flatten()
            .map(|&p| p as usize)
            .collect();
        places.sort_unstable();
        places.dedup();
        places
    }
}

impl PageMemo {
    /// How many pages it describes.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it describes no page.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// When this build has the very pages of the build this memo describes (`pages`,
    /// with static files at the same paths, `statics`) and few pieces of the site
    /// changed since then: the places of the pages that read a changed piece, or that
    /// are rendered every time. All other pages are the same as then. `None` when every
    /// page must be looked at.
    pub(super) fn pages_to_check(
        &self,
        shared: &Shared<'_>,
        pages: &[Page<'_>],
        statics: u64,
        now: &Prints,
    ) -> Option<Vec<usize>> {
        let readers = self.readers.as_ref()?;
        let earlier = self.prints.as_ref()?;
        let layout = &self.layout;
        let same_pages = layout.statics == statics
            && layout.keys.len() == pages.len()
            && self.entries.len() == pages.len()
            && pages
                .iter()
                .zip(&layout.keys)
                .all(|(page, key)| page.is(key, shared));
        if !same_pages {
            return None;
        }
        // Past this many changed pieces, looking at every page costs less.
        let limit = pages.len() / 8 + 64;
        let changed = now.changed_since(earlier, limit)?;
        let mut places = readers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .reading(&changed);
        places.extend(
            self.entries
                .iter()
                .enumerate()
                .filter(|(_, entry)| entry.is_none())
                .map(|(place, _)| place),
        );
        places.sort_unstable();
        places.dedup();
        Some(places)
    }
}
