//! The values templates see: plain serializable structs made from the model. Every
//! `url` is site-relative (templates write `{{ root }}{{ x.url }}`); every `href` is an
//! author's address, checked by [`safe_href`], to use as it is.

use serde::Serialize;

use crate::config::Collection;
use crate::graph::Tag;
use crate::model::{ArticleSource, Briefing, LinkSpec, Note};
use crate::render::dates::{DateValue, date_value};
use crate::render::escape::safe_href;
use crate::render::urls::{briefing_url, collection_url, note_url, tag_url};

/// A briefing as lists show it (home, tag pages) and as its own page starts.
#[derive(Debug, Clone, Serialize)]
pub struct BriefingValue {
    /// URL-safe name.
    pub slug: String,
    /// Site-relative URL (`briefings/<slug>/`).
    pub url: String,
    /// Title.
    pub title: String,
    /// Date of the briefing.
    pub date: DateValue,
    /// Where the article comes from.
    pub source: Option<SourceValue>,
    /// The bottom line, rendered HTML.
    pub summary_html: Option<String>,
    /// Tags.
    pub tags: Vec<TagLink>,
}

/// What lists of mentions and events show of a briefing: its title, date and address.
#[derive(Debug, Clone, Serialize)]
pub struct BriefingLink<'a> {
    /// URL-safe name.
    pub slug: &'a str,
    /// Site-relative URL (`briefings/<slug>/`).
    pub url: &'a str,
    /// Title.
    pub title: &'a str,
    /// Date of the briefing.
    pub date: &'a DateValue,
}

impl<'a> BriefingLink<'a> {
    /// The link part of a briefing's list value.
    pub fn new(value: &'a BriefingValue) -> Self {
        BriefingLink {
            slug: &value.slug,
            url: &value.url,
            title: &value.title,
            date: &value.date,
        }
    }
}

/// The `source:` of a briefing.
#[derive(Debug, Clone, Serialize)]
pub struct SourceValue {
    /// Publication name.
    pub name: Option<String>,
    /// Address of the original article.
    pub href: Option<String>,
    /// Author(s).
    pub author: Option<String>,
    /// When the original was published.
    pub published: Option<DateValue>,
}

/// A note as lists and links show it.
#[derive(Debug, Clone, Serialize)]
pub struct NoteValue {
    /// Collection name (`people`).
    pub collection: String,
    /// The collection's singular (`person`).
    pub singular: String,
    /// URL-safe name.
    pub slug: String,
    /// Site-relative URL (`people/<slug>/`).
    pub url: String,
    /// Display name.
    pub name: String,
    /// What A–Z lists file it under: its `sort_as` (`Putin, Vladimir`), or its name.
    pub sort_as: String,
    /// One line under the name: the role for people, the country for places.
    pub line: Option<String>,
    /// The summary, rendered HTML.
    pub summary_html: Option<String>,
}

/// A tag as links show it.
#[derive(Debug, Clone, Serialize)]
pub struct TagValue {
    /// The tag as written.
    pub name: String,
    /// URL-safe name.
    pub slug: String,
    /// Site-relative URL (`tags/<slug>/`).
    pub url: String,
    /// How many briefings and notes carry it.
    pub count: usize,
}

/// What lists of tags beside a briefing or a note show of a tag: its name and address
/// (not its count, which changes with every briefing that carries the tag).
#[derive(Debug, Clone, Serialize)]
pub struct TagLink {
    /// The tag as written.
    pub name: String,
    /// URL-safe name.
    pub slug: String,
    /// Site-relative URL (`tags/<slug>/`).
    pub url: String,
}

impl TagLink {
    /// The link part of a tag's value.
    pub fn new(tag: &TagValue) -> Self {
        TagLink {
            name: tag.name.clone(),
            slug: tag.slug.clone(),
            url: tag.url.clone(),
        }
    }
}

/// A collection of notes.
#[derive(Debug, Clone, Serialize)]
pub struct CollectionValue {
    /// Name, folder and URL segment (`people`).
    pub name: String,
    /// Title of its index page (`People`).
    pub title: String,
    /// The annotation key (`person`).
    pub singular: String,
    /// Site-relative URL of its index (`people/`).
    pub url: String,
}

/// A link to a further source.
#[derive(Debug, Clone, Serialize)]
pub struct LinkValue {
    /// What to call it (the title, else the address).
    pub title: String,
    /// The address; absent when it was not a safe one to link.
    pub href: Option<String>,
}

impl BriefingValue {
    /// The list value of a briefing; `tags` are the graph's tags of the briefing.
    pub fn new(briefing: &Briefing, summary_html: Option<&str>, tags: Vec<TagLink>) -> Self {
        BriefingValue {
            slug: briefing.slug.clone(),
            url: briefing_url(briefing),
            title: briefing.title.clone(),
            date: date_value(&briefing.date),
            source: briefing.source.as_ref().map(SourceValue::new),
            summary_html: summary_html.map(str::to_string),
            tags,
        }
    }
}

impl SourceValue {
    /// The value of an article source.
    pub fn new(source: &ArticleSource) -> Self {
        SourceValue {
            name: source.name.clone(),
            href: source.url.as_deref().and_then(safe_href),
            author: source.author.clone(),
            published: source.published.as_ref().map(date_value),
        }
    }
}

impl NoteValue {
    /// The list value of a note.
    pub fn new(note: &Note, singular: &str, summary_html: Option<&str>) -> Self {
        NoteValue {
            collection: note.collection.clone(),
            singular: singular.to_string(),
            slug: note.slug.clone(),
            url: note_url(note),
            name: note.name.clone(),
            sort_as: note.sort_name().to_string(),
            line: note.role.clone().or_else(|| note.country.clone()),
            summary_html: summary_html.map(str::to_string),
        }
    }
}

impl TagValue {
    /// The value of one of the graph's tags.
    pub fn new(tag: &Tag) -> Self {
        TagValue {
            name: tag.name.clone(),
            slug: tag.slug.clone(),
            url: tag_url(&tag.slug),
            count: tag.briefings.len() + tag.notes.len(),
        }
    }
}

impl CollectionValue {
    /// The value of a collection.
    pub fn new(collection: &Collection) -> Self {
        CollectionValue {
            name: collection.name.clone(),
            title: collection.title.clone(),
            singular: collection.singular.clone(),
            url: collection_url(&collection.name),
        }
    }
}

impl LinkValue {
    /// The value of a link written in YAML.
    pub fn new(link: &LinkSpec) -> Self {
        LinkValue {
            title: link.title.clone().unwrap_or_else(|| link.url.clone()),
            href: safe_href(&link.url),
        }
    }
}
