//! Small hand-made sites for the unit tests of `graph` and `render`.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::anchor::site::{AnchoredBriefing, PlacedAnnotation, PlacedMention, RenderedNote};
use crate::config::Config;
use crate::markdown::{Placement, Snippet};
use crate::model::{
    Annotation, AnnotationSet, Briefing, EventSpec, Note, Occurrence, SourceFile, Timestamp,
};

/// A config with one declared collection, `organizations`.
pub fn config() -> Config {
    crate::config::parse(
        std::path::Path::new("site.toml"),
        "title = \"Desk\"\nbase_url = \"https://example.org/desk/\"\n\
         [collections.organizations]\nsingular = \"organization\"\n",
    )
    .expect("test config")
}

/// A date with no time.
pub fn day(y: i32, m: u32, d: u32) -> Timestamp {
    Timestamp {
        date: NaiveDate::from_ymd_opt(y, m, d).expect("valid date"),
        time: None,
        offset_seconds: None,
    }
}

fn file(path: &str, text: &str) -> Arc<SourceFile> {
    Arc::new(SourceFile {
        path: PathBuf::from(path),
        text: text.to_string(),
    })
}

/// A briefing with nothing but a slug, title and date.
pub fn briefing(slug: &str, title: &str, date: Timestamp) -> Briefing {
    Briefing {
        slug: slug.into(),
        file: file(&format!("content/briefings/{slug}.md"), ""),
        title: title.into(),
        date,
        summary: None,
        source: None,
        tags: Vec::new(),
        draft: false,
        body_start: 0,
        annotations: AnnotationSet::default(),
    }
}

/// A note with nothing but its collection, slug and name.
pub fn note(collection: &str, slug: &str, name: &str) -> Note {
    Note {
        sort_as: None,
        collection: collection.into(),
        slug: slug.into(),
        file: file(&format!("content/{collection}/{slug}.md"), ""),
        name: name.into(),
        aliases: Vec::new(),
        summary: None,
        updated: None,
        sources: Vec::new(),
        facts: Vec::new(),
        coords: None,
        role: None,
        country: None,
        image: None,
        tags: Vec::new(),
        body_start: 0,
    }
}

/// An annotation quoting `quote`, with nothing else.
pub fn annotation(index: usize, quote: &str) -> Annotation {
    Annotation {
        index,
        quote_offset: None,
        quote: quote.into(),
        prefix: None,
        suffix: None,
        occurrence: Occurrence::Unique,
        mention: None,
        note: None,
        said_by: None,
        event: None,
        link: None,
        tags: Vec::new(),
    }
}

/// An event on `date`.
pub fn event(date: Timestamp, title: &str) -> EventSpec {
    EventSpec {
        date,
        end: None,
        title: title.into(),
    }
}

/// A placement at `line` whose sentence is `before` + `text` + `after`.
pub fn placement(line: usize, before: &str, text: &str, after: &str) -> Placement {
    Placement {
        block: line,
        line,
        column: before.chars().count() + 1,
        snippet: Snippet::new(before, text, after),
    }
}

/// A mention `id` of note `note` at `line`.
pub fn mention(id: &str, note: usize, line: usize, text: &str) -> PlacedMention {
    PlacedMention {
        id: id.into(),
        note,
        placement: placement(line, "Before ", text, " after."),
        ordinal: 1,
        explicit: false,
    }
}

/// An explicit annotation `id` (entry `index`) placed at `line`.
pub fn placed(id: &str, index: usize, line: usize, text: &str) -> PlacedAnnotation {
    PlacedAnnotation {
        id: id.into(),
        index,
        placements: vec![placement(line, "Then ", text, " happened.")],
        note_html: None,
    }
}

/// An anchored briefing with the given mentions and annotations and a trivial body.
pub fn anchored(
    mentions: Vec<PlacedMention>,
    annotations: Vec<PlacedAnnotation>,
) -> std::sync::Arc<AnchoredBriefing> {
    std::sync::Arc::new(AnchoredBriefing {
        body_html: "<p>Body.</p>\n".into(),
        summary_html: None,
        annotations,
        mentions,
        word_count: 1,
        search_words: String::new(),
        revision: AnchoredBriefing::next_revision(),
    })
}

/// A rendered note with a one-paragraph body.
pub fn rendered_note() -> RenderedNote {
    RenderedNote {
        body_html: "<p>Background.</p>\n".into(),
        summary_html: None,
    }
}
