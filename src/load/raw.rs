//! The YAML of briefings, sidecars and notes as written, before validation: every field
//! optional, dates as text, unknown and repeated keys collected by [`Keyed`].

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use super::keyed::{AnyKeys, Fields, Keyed, KeyedVisitor};
use crate::model::Occurrence;

/// Reads a field's value into `slot`.
fn set<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
) -> Result<bool, A::Error> {
    *slot = map.next_value()?;
    Ok(true)
}

/// A list of words (tags, aliases), or one written without the list: `tags: russia`
/// is `tags: [russia]`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Words(pub Vec<String>, pub Written);

/// How [`Words`] were written: as a list, or as one value (`tags: russia`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Written {
    /// `[a, b]` or one item per line.
    #[default]
    List,
    /// One value, which may hold commas (`tags: deal, kremlin`).
    One,
}

impl<'de> Deserialize<'de> for Words {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WordsVisitor;
        impl<'de> Visitor<'de> for WordsVisitor {
            type Value = Words;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list such as `[russia, diplomacy]`, or one word")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Words, E> {
                Ok(Words(vec![v.to_string()], Written::One))
            }
            // A lone tag such as `2019` reads as a number.
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Words, E> {
                Ok(Words(vec![v.to_string()], Written::One))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Words, E> {
                Ok(Words(vec![v.to_string()], Written::One))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Words, E> {
                Ok(Words(vec![v.to_string()], Written::One))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Words, E> {
                Ok(Words(vec![v.to_string()], Written::One))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Words, A::Error> {
                let mut words = Vec::new();
                while let Some(word) = seq.next_element::<String>()? {
                    words.push(word);
                }
                Ok(Words(words, Written::List))
            }
        }
        deserializer.deserialize_any(WordsVisitor)
    }
}

/// The front matter of a briefing.
#[derive(Debug, Default)]
pub(crate) struct BriefingFields {
    pub title: Option<String>,
    pub date: Option<String>,
    pub summary: Option<String>,
    pub source: Option<Keyed<SourceFields>>,
    pub tags: Option<Words>,
    pub draft: Option<bool>,
    pub annotations: Option<Vec<Keyed<AnnotationFields>>>,
}

impl Fields for BriefingFields {
    const EXPECTING: &'static str = "the front matter of a briefing (keys such as `title:`)";
    const KEYS: &'static [&'static str] = &[
        "title",
        "date",
        "summary",
        "source",
        "tags",
        "draft",
        "annotations",
    ];

    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "title" => set(&mut self.title, map),
            "date" => set(&mut self.date, map),
            "summary" => set(&mut self.summary, map),
            "source" => set(&mut self.source, map),
            "tags" => set(&mut self.tags, map),
            "draft" => set(&mut self.draft, map),
            "annotations" => set(&mut self.annotations, map),
            _ => Ok(false),
        }
    }
}

/// The `source:` of a briefing.
#[derive(Debug, Default)]
pub(crate) struct SourceFields {
    pub name: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
}

impl Fields for SourceFields {
    const EXPECTING: &'static str =
        "a `source:` mapping (`name:`, `url:`, `author:`, `published:`)";
    const KEYS: &'static [&'static str] = &["name", "url", "author", "published"];

    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "name" => set(&mut self.name, map),
            "url" => set(&mut self.url, map),
            "author" => set(&mut self.author, map),
            "published" => set(&mut self.published, map),
            _ => Ok(false),
        }
    }
}

/// A sidecar file: a mapping with one key, `annotations:`.
#[derive(Debug, Default)]
pub(crate) struct SidecarFields {
    pub annotations: Option<Vec<Keyed<AnnotationFields>>>,
}

impl Fields for SidecarFields {
    const EXPECTING: &'static str = "a mapping with one key, `annotations:`, holding the list";
    const KEYS: &'static [&'static str] = &["annotations"];

    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "annotations" => set(&mut self.annotations, map),
            _ => Ok(false),
        }
    }
}

/// One annotation entry. Mention keys (`person:`, `place:`, a collection's singular)
/// depend on the site's collections, so they arrive in [`Keyed::unknown`].
#[derive(Debug, Default)]
pub(crate) struct AnnotationFields {
    pub quote: Option<String>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    pub occurrence: Option<OccurrenceValue>,
    pub note: Option<String>,
    pub said_by: Option<String>,
    pub event: Option<Keyed<EventFields>>,
    pub link: Option<LinkValue>,
    pub tags: Option<Words>,
}

impl Fields for AnnotationFields {
    const EXPECTING: &'static str = "an annotation (a mapping that starts with `quote:`)";
    const KEYS: &'static [&'static str] = &[
        "quote",
        "prefix",
        "suffix",
        "occurrence",
        "note",
        "said_by",
        "event",
        "link",
        "tags",
    ];

    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "quote" => set(&mut self.quote, map),
            "prefix" => set(&mut self.prefix, map),
            "suffix" => set(&mut self.suffix, map),
            "occurrence" => set(&mut self.occurrence, map),
            "note" => set(&mut self.note, map),
            "said_by" => set(&mut self.said_by, map),
            "event" => set(&mut self.event, map),
            "link" => set(&mut self.link, map),
            "tags" => set(&mut self.tags, map),
            _ => Ok(false),
        }
    }
}

/// An `occurrence:` as written: read without allocating when it is one of the choices.
#[derive(Debug)]
pub(crate) enum OccurrenceValue {
    /// `first`, `last`, `all` or a number from 1.
    Known(Occurrence),
    /// Anything else, as written.
    Bad(String),
}

/// `first`, `last`, `all` or a number counting from 1.
fn parse_occurrence(text: &str) -> Option<Occurrence> {
    match text {
        "first" => Some(Occurrence::First),
        "last" => Some(Occurrence::Last),
        "all" => Some(Occurrence::All),
        n => n
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .map(Occurrence::Nth),
    }
}

impl<'de> Deserialize<'de> for OccurrenceValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(OccurrenceVisitor)
    }
}

struct OccurrenceVisitor;

impl<'de> Visitor<'de> for OccurrenceVisitor {
    type Value = OccurrenceValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`first`, `last`, `all` or a number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(match parse_occurrence(v.trim()) {
            Some(known) => OccurrenceValue::Known(known),
            None => OccurrenceValue::Bad(v.trim().to_string()),
        })
    }
}

/// The `event:` of an annotation.
#[derive(Debug, Default)]
pub(crate) struct EventFields {
    pub date: Option<String>,
    pub end: Option<String>,
    pub title: Option<String>,
}

impl Fields for EventFields {
    const EXPECTING: &'static str = "an `event:` mapping (`date:`, `title:`, optional `end:`)";
    const KEYS: &'static [&'static str] = &["date", "end", "title"];

    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "date" => set(&mut self.date, map),
            "end" => set(&mut self.end, map),
            "title" => set(&mut self.title, map),
            _ => Ok(false),
        }
    }
}

/// A link as a mapping.
#[derive(Debug, Default)]
pub(crate) struct LinkFields {
    pub url: Option<String>,
    pub title: Option<String>,
}

impl Fields for LinkFields {
    const EXPECTING: &'static str = "a link (`url:` and optional `title:`)";
    const KEYS: &'static [&'static str] = &["url", "title"];

    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "url" => set(&mut self.url, map),
            "title" => set(&mut self.title, map),
            _ => Ok(false),
        }
    }
}

/// A link written either as a plain URL or as a mapping with `url:` and `title:`.
#[derive(Debug)]
pub(crate) enum LinkValue {
    /// `link: https://...`
    Url(String),
    /// `link: { url: ..., title: ... }`
    Map(Keyed<LinkFields>),
}

impl<'de> Deserialize<'de> for LinkValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LinkVisitor)
    }
}

struct LinkVisitor;

impl<'de> Visitor<'de> for LinkVisitor {
    type Value = LinkValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a URL, or a mapping with `url:` and `title:`")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(LinkValue::Url(v.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        KeyedVisitor::<LinkFields>(PhantomData)
            .visit_map(map)
            .map(LinkValue::Map)
    }
}

/// The front matter of a background note, for every collection; the validation knows
/// which kind-specific keys each collection may use.
#[derive(Debug, Default)]
pub(crate) struct NoteFields {
    pub name: Option<String>,
    pub sort_as: Option<String>,
    pub aliases: Option<Words>,
    pub summary: Option<String>,
    pub updated: Option<String>,
    pub sources: Option<Vec<LinkValue>>,
    pub tags: Option<Words>,
    pub facts: Option<Keyed<AnyKeys>>,
    pub role: Option<String>,
    pub born: Option<String>,
    pub died: Option<String>,
    pub nationality: Option<String>,
    pub image: Option<String>,
    pub country: Option<String>,
    pub coords: Option<Vec<f64>>,
    pub population: Option<String>,
    pub admin: Option<String>,
}

/// Keys every note may use.
pub(crate) const NOTE_KEYS: &[&str] = &[
    "name", "sort_as", "aliases", "summary", "updated", "sources", "tags", "facts",
];
/// Keys only notes on people may use.
pub(crate) const PERSON_KEYS: &[&str] = &["role", "born", "died", "nationality", "image"];
/// Keys only notes on places may use.
pub(crate) const PLACE_KEYS: &[&str] = &["country", "coords", "population", "admin"];

impl Fields for NoteFields {
    const EXPECTING: &'static str = "the front matter of a note (keys such as `name:`)";
    const KEYS: &'static [&'static str] = &[
        "name",
        "sort_as",
        "aliases",
        "summary",
        "updated",
        "sources",
        "tags",
        "facts",
        "role",
        "born",
        "died",
        "nationality",
        "image",
        "country",
        "coords",
        "population",
        "admin",
    ];

    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "name" => set(&mut self.name, map),
            "sort_as" => set(&mut self.sort_as, map),
            "aliases" => set(&mut self.aliases, map),
            "summary" => set(&mut self.summary, map),
            "updated" => set(&mut self.updated, map),
            "sources" => set(&mut self.sources, map),
            "tags" => set(&mut self.tags, map),
            "facts" => set(&mut self.facts, map),
            _ => self.kind_field(key, map),
        }
    }
}

impl NoteFields {
    fn kind_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        match key {
            "role" => set(&mut self.role, map),
            "born" => set(&mut self.born, map),
            "died" => set(&mut self.died, map),
            "nationality" => set(&mut self.nationality, map),
            "image" => set(&mut self.image, map),
            "country" => set(&mut self.country, map),
            "coords" => set(&mut self.coords, map),
            "population" => set(&mut self.population, map),
            "admin" => set(&mut self.admin, map),
            _ => Ok(false),
        }
    }

    /// The kind-specific keys that were written, in documented order.
    pub(crate) fn kind_keys_present(&self) -> Vec<&'static str> {
        let present = [
            ("role", self.role.is_some()),
            ("born", self.born.is_some()),
            ("died", self.died.is_some()),
            ("nationality", self.nationality.is_some()),
            ("image", self.image.is_some()),
            ("country", self.country.is_some()),
            ("coords", self.coords.is_some()),
            ("population", self.population.is_some()),
            ("admin", self.admin.is_some()),
        ];
        present
            .iter()
            .filter(|(_, p)| *p)
            .map(|(k, _)| *k)
            .collect()
    }
}
