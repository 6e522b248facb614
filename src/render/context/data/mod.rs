//! The data page contexts are built from. [`Shared`] is computed once per build (the
//! site, and the list values of every briefing, note and tag); page builders read it
//! only through a [`Tracked`] view, which records every piece they read (a [`Cell`]) so
//! that the next build can tell, from the [`Prints`] of those pieces alone, whether a
//! page's context would come out the same.

mod cells;
mod names;
mod tracked;

pub use cells::{Cell, Prints, id as cell_index};
pub use names::Translation;
pub use tracked::Tracked;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::anchor::site::{Anchored, AnchoredBriefing, Identity, RenderedNote};
use crate::config::Config;
use crate::graph::Graph;
use crate::markdown::Snippet;
use crate::model::Loaded;

use super::values::{BriefingValue, NoteValue, TagLink, TagValue};
use super::{SiteValue, site_value};

/// Everything a page context may draw on, computed once per build. Its fields are
/// private to this module: page builders see it through [`Tracked`], the files rebuilt
/// in full every build (feed, sitemap, search index) through the plain getters.
pub struct Shared<'a> {
    config: &'a Config,
    loaded: &'a Loaded,
    anchored: &'a Anchored,
    graph: &'a Arc<Graph>,
    site: SiteValue,
    /// Shared with the next build while the briefing and the graph are the same.
    briefings: Vec<Arc<BriefingValue>>,
    identities: Vec<Identity>,
    notes: Vec<NoteValue>,
    tags: Vec<TagValue>,
    /// The tags as links, same order as `tags`.
    tag_links: Vec<TagLink>,
    /// Note indices by (collection, slug).
    note_index: HashMap<(String, String), usize>,
}

/// The list values of a build's briefings, kept for the next build: a briefing whose
/// identity is the same, under the same graph, has the same value.
#[derive(Debug, Clone, Default)]
pub struct ValueMemo {
    graph: Option<Arc<Graph>>,
    briefings: Vec<(Identity, Arc<BriefingValue>)>,
}

impl ValueMemo {
    /// Whether it was made under `graph`.
    fn made_under(&self, graph: &Arc<Graph>) -> bool {
        self.graph.as_ref().is_some_and(|g| Arc::ptr_eq(g, graph))
    }

    /// The value of briefing `b` kept for `identity`, if any.
    fn value(&self, b: usize, identity: &Identity) -> Option<&Arc<BriefingValue>> {
        self.briefings
            .get(b)
            .filter(|(then, _)| identity.same_as(then))
            .map(|(_, value)| value)
    }
}

impl<'a> Shared<'a> {
    /// Computes the shared values of a site, taking from `earlier` (the values of the
    /// previous build) those that cannot have changed.
    pub fn new(
        config: &'a Config,
        loaded: &'a Loaded,
        anchored: &'a Anchored,
        graph: &'a Arc<Graph>,
        theme_name: &str,
        earlier: Option<&ValueMemo>,
    ) -> Self {
        let tags: Vec<TagValue> = graph.tags.iter().map(TagValue::new).collect();
        let tag_links: Vec<TagLink> = tags.iter().map(TagLink::new).collect();
        let earlier = earlier.filter(|memo| memo.made_under(graph));
        let empty = AnchoredBriefing::default();
        let identities: Vec<Identity> = loaded
            .briefings
            .iter()
            .enumerate()
            .map(|(b, briefing)| {
                let placed = anchored.briefings.get(b).map_or(&empty, |p| &**p);
                Identity::of(briefing, placed)
            })
            .collect();
        let briefings = loaded
            .briefings
            .par_iter()
            .enumerate()
            .map(|(b, briefing)| {
                if let Some(value) = earlier.and_then(|e| e.value(b, &identities[b])) {
                    return value.clone();
                }
                let placed = anchored.briefings.get(b);
                let tag_values = graph
                    .briefings
                    .get(b)
                    .map(|l| {
                        l.tags
                            .iter()
                            .filter_map(|&t| tag_links.get(t).cloned())
                            .collect()
                    })
                    .unwrap_or_default();
                Arc::new(BriefingValue::new(
                    briefing,
                    placed.and_then(|p| p.summary_html.as_deref()),
                    tag_values,
                ))
            })
            .collect();
        let notes = loaded
            .notes
            .iter()
            .enumerate()
            .map(|(n, note)| {
                let singular = config
                    .collections
                    .get(&note.collection)
                    .map_or(note.collection.as_str(), |c| c.singular.as_str());
                let summary = anchored
                    .notes
                    .get(n)
                    .and_then(|r| r.summary_html.as_deref());
                NoteValue::new(note, singular, summary)
            })
            .collect();
        Shared {
            config,
            loaded,
            anchored,
            graph,
            site: site_value(config, theme_name),
            briefings,
            identities,
            notes,
            tags,
            tag_links,
            note_index: loaded
                .notes
                .iter()
                .enumerate()
                .map(|(i, n)| ((n.collection.clone(), n.slug.clone()), i))
                .collect(),
        }
    }

    /// The list values of this build, for the next one.
    pub fn value_memo(&self) -> ValueMemo {
        ValueMemo {
            graph: Some(self.graph.clone()),
            briefings: self
                .identities
                .iter()
                .copied()
                .zip(self.briefings.iter().cloned())
                .collect(),
        }
    }

    /// Site settings.
    pub fn config(&self) -> &'a Config {
        self.config
    }

    /// The site's content.
    pub fn loaded(&self) -> &'a Loaded {
        self.loaded
    }

    /// Cross-references.
    pub fn graph(&self) -> &'a Graph {
        self.graph
    }

    /// List values of the briefings, same order as the loaded briefings.
    pub fn briefing_values(&self) -> &[Arc<BriefingValue>] {
        &self.briefings
    }

    /// List values of the notes, same order as the loaded notes.
    pub fn note_values(&self) -> &[NoteValue] {
        &self.notes
    }

    /// The anchored data of briefing `b` (empty when missing).
    pub fn placed(&self, b: usize) -> &'a AnchoredBriefing {
        static EMPTY: std::sync::OnceLock<AnchoredBriefing> = std::sync::OnceLock::new();
        self.anchored
            .briefings
            .get(b)
            .map(|placed| &**placed)
            .unwrap_or_else(|| EMPTY.get_or_init(AnchoredBriefing::default))
    }

    /// Annotation `a` (its place among the anchored ones) of briefing `b` as a quote: the
    /// sentence of its first placement, the quoted words, and the annotation's id.
    fn quote(&self, b: usize, a: usize) -> Option<(&'a Snippet, &'a str, &'a str)> {
        let quote = crate::graph::Quote::new(b, a);
        let (briefing, placed) = (
            self.loaded.briefings.get(b)?,
            self.anchored.briefings.get(b)?,
        );
        let id = &placed.annotations.get(a)?.id;
        Some((
            quote.snippet_in(placed)?,
            quote.text_in(briefing, placed),
            id,
        ))
    }

    /// The rendered Markdown of note `n` (empty when missing).
    fn rendered_note(&self, n: usize) -> &'a RenderedNote {
        static EMPTY: std::sync::OnceLock<RenderedNote> = std::sync::OnceLock::new();
        self.anchored
            .notes
            .get(n)
            .unwrap_or_else(|| EMPTY.get_or_init(RenderedNote::default))
    }

    /// The index of the note `collection/slug`.
    fn note_index(&self, collection: &str, slug: &str) -> Option<usize> {
        let key = (collection.to_string(), slug.to_string());
        self.note_index.get(&key).copied()
    }

    /// The index of the tag spelled `name` (any spelling with the same slug).
    fn tag_index(&self, name: &str) -> Option<usize> {
        let slug = crate::slug::tag_slug(name);
        self.tags
            .binary_search_by(|t| t.slug.as_str().cmp(&slug))
            .ok()
    }
}
