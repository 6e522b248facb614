//! The data each page is rendered from. [`Shared`] is computed once per build (the site,
//! and the list values of every briefing, note and tag); each page then picks from it,
//! through a [`Tracked`] view that records what it read.

mod briefing;
mod data;
mod events;
mod lists;
mod note;
mod values;

pub use briefing::briefing_page;
pub use data::{Cell, Prints, Shared, Tracked, Translation, ValueMemo, cell_index};
pub use lists::{
    collection_page, home_page, not_found_page, search_page, tag_page, tags_page, timeline_page,
};
pub use note::note_page;
pub use values::CollectionValue;

use serde::Serialize;

use crate::config::Config;
use crate::graph::collection_order;

use super::page_context::PageContext;
use super::urls::root_for;

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

/// The `page` value of a page at site-relative `url`, written to `path`.
fn page_value(
    config: &Config,
    kind: &'static str,
    url: &str,
    path: &str,
    title: &str,
) -> PageValue {
    PageValue {
        kind,
        url: url.to_string(),
        permalink: config.absolute_url(url),
        title: title.to_string(),
        description: None,
        root: root_for(path),
        home_url: home_url(&root_for(path)),
        section: "none".to_string(),
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
