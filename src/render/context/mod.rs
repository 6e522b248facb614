//! The data each page is rendered from. [`Shared`] is computed once per build (the site,
//! and the list values of every briefing, note and tag); each page then picks from it.

mod briefing;
mod events;
mod lists;
mod note;
mod values;

pub use briefing::briefing_page;
pub use lists::{
    collection_page, home_page, not_found_page, search_page, tag_page, tags_page, timeline_page,
};
pub use note::note_page;
pub use values::{BriefingValue, CollectionValue, NoteValue, TagValue};

use std::collections::HashMap;

use serde::Serialize;

use crate::anchor::site::{Anchored, AnchoredBriefing, RenderedNote};
use crate::config::Config;
use crate::graph::{Graph, collection_order};
use crate::model::Loaded;

use super::page_context::PageContext;
use super::urls::root_for;

/// Everything a page context may draw on, computed once.
pub struct Shared<'a> {
    /// Site settings.
    pub config: &'a Config,
    /// The site's content.
    pub loaded: &'a Loaded,
    /// Rendered Markdown and placed annotations.
    pub anchored: &'a Anchored,
    /// Cross-references.
    pub graph: &'a Graph,
    /// The `site` variable of every page.
    pub site: SiteValue,
    /// List values of the briefings, same order as `loaded.briefings`.
    pub briefings: Vec<BriefingValue>,
    /// List values of the notes, same order as `loaded.notes`.
    pub notes: Vec<NoteValue>,
    /// Values of the graph's tags, same order.
    pub tags: Vec<TagValue>,
    /// Note indices by (collection, slug).
    note_index: HashMap<(String, String), usize>,
}

/// The `site` variable.
#[derive(Debug, Clone, Serialize)]
pub struct SiteValue {
    /// Site title.
    pub title: String,
    /// One-line description.
    pub description: Option<String>,
    /// Absolute URL of the site, ending in `/`.
    pub base_url: String,
    /// Language of the content (`en`).
    pub language: String,
    /// Every collection, people and places first.
    pub collections: Vec<CollectionValue>,
    /// Site-relative URL of the Atom feed.
    pub feed_url: String,
    /// Site-relative URL of the search page.
    pub search_url: String,
    /// The theme's name.
    pub theme: String,
}

/// The `page` variable: what every page knows about itself.
#[derive(Debug, Clone, Serialize)]
pub struct PageValue {
    /// `home`, `briefing`, `note`, `collection`, `timeline`, `tags`, `tag`, `search` or `404`.
    pub kind: &'static str,
    /// Site-relative URL of the page (`""` for the home page).
    pub url: String,
    /// Absolute URL of the page, for canonical links.
    pub permalink: String,
    /// The page's own title (the site title on the home page).
    pub title: String,
    /// One sentence about the page, as plain text, for `<meta name="description">`.
    pub description: Option<String>,
    /// Path from this page to the site root (`""`, `"../"`, `"../../"`).
    pub root: String,
    /// The link to the home page: `root`, or `"./"` on a page at the root.
    pub home_url: String,
    /// The part of the site it belongs to, for marking the current navigation link:
    /// `home`, a collection name, `timeline`, `tags`, `search` or `none`.
    pub section: String,
}

/// A page to render: its output path, template and context.
pub struct PageJob<'s> {
    /// Output path (`briefings/x/index.html`).
    pub path: String,
    /// Template name (`briefing.html`).
    pub template: &'static str,
    /// The context to render it with.
    pub context: PageContext<'s>,
}

impl<'a> Shared<'a> {
    /// Computes the shared values of a site.
    pub fn new(
        config: &'a Config,
        loaded: &'a Loaded,
        anchored: &'a Anchored,
        graph: &'a Graph,
        theme_name: &str,
    ) -> Self {
        let tags: Vec<TagValue> = graph.tags.iter().map(TagValue::new).collect();
        let briefings = loaded
            .briefings
            .iter()
            .enumerate()
            .map(|(b, briefing)| {
                let placed = anchored.briefings.get(b);
                let tag_values = graph
                    .briefings
                    .get(b)
                    .map(|l| {
                        l.tags
                            .iter()
                            .filter_map(|&t| tags.get(t).cloned())
                            .collect()
                    })
                    .unwrap_or_default();
                BriefingValue::new(
                    briefing,
                    placed.and_then(|p| p.summary_html.as_deref()),
                    placed.map_or(0, |p| p.word_count),
                    tag_values,
                )
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
            notes,
            tags,
            note_index: loaded
                .notes
                .iter()
                .enumerate()
                .map(|(i, n)| ((n.collection.clone(), n.slug.clone()), i))
                .collect(),
        }
    }

    /// The list value of the note `collection/slug`.
    pub fn note_by_ref(&self, collection: &str, slug: &str) -> Option<&NoteValue> {
        let key = (collection.to_string(), slug.to_string());
        self.note_index.get(&key).and_then(|&n| self.notes.get(n))
    }

    /// The value of the tag spelled `name` (any spelling with the same slug).
    pub fn tag_by_name(&self, name: &str) -> Option<&TagValue> {
        let slug = crate::slug::slugify(name);
        self.tags
            .binary_search_by(|t| t.slug.as_str().cmp(&slug))
            .ok()
            .and_then(|i| self.tags.get(i))
    }

    /// The anchored data of briefing `b` (empty when missing).
    pub fn placed(&self, b: usize) -> &AnchoredBriefing {
        static EMPTY: std::sync::OnceLock<AnchoredBriefing> = std::sync::OnceLock::new();
        self.anchored
            .briefings
            .get(b)
            .map(|placed| &**placed)
            .unwrap_or_else(|| EMPTY.get_or_init(AnchoredBriefing::default))
    }

    /// The rendered Markdown of note `n` (empty when missing).
    pub fn rendered_note(&self, n: usize) -> &RenderedNote {
        static EMPTY: std::sync::OnceLock<RenderedNote> = std::sync::OnceLock::new();
        self.anchored
            .notes
            .get(n)
            .unwrap_or_else(|| EMPTY.get_or_init(RenderedNote::default))
    }

    /// A context with `site`, `page` and `root` set.
    pub fn context(&self, page: PageValue) -> PageContext<'_> {
        let mut context = PageContext::new();
        context.insert("site", &self.site);
        context.insert("root", page.root.clone());
        context.insert("page", page);
        context
    }

    /// The `page` value of a page at site-relative `url`, written to `path`.
    pub fn page(&self, kind: &'static str, url: &str, path: &str, title: &str) -> PageValue {
        PageValue {
            kind,
            url: url.to_string(),
            permalink: self.config.absolute_url(url),
            title: title.to_string(),
            description: None,
            root: root_for(path),
            home_url: home_url(&root_for(path)),
            section: "none".to_string(),
        }
    }
}

fn site_value(config: &Config, theme_name: &str) -> SiteValue {
    SiteValue {
        title: config.title.clone(),
        description: config.description.clone(),
        base_url: config.base_url.clone(),
        language: config.language.clone(),
        collections: collection_order(config)
            .into_iter()
            .map(CollectionValue::new)
            .collect(),
        feed_url: "atom.xml".to_string(),
        search_url: "search/".to_string(),
        theme: theme_name.to_string(),
    }
}

/// The link to the home page from a page whose root is `root` (never an empty `href`).
pub fn home_url(root: &str) -> String {
    if root.is_empty() {
        "./".to_string()
    } else {
        root.to_string()
    }
}
