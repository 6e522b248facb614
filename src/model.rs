//! The plain data that flows between the stages: what `load` produces from a site's
//! files, before any anchoring or rendering. No I/O and no behaviour beyond small helpers.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};

/// A file read from the site, kept whole so that diagnostics can show its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to the site root, e.g. `content/briefings/visit.md`.
    pub path: PathBuf,
    /// The file's text (UTF-8, BOM removed).
    pub text: String,
}

/// The English names of the months, January first, as dates are shown and explained.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date from front matter or an annotation: a calendar date, optionally with a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// The calendar date.
    pub date: NaiveDate,
    /// The time of day, when one was given.
    pub time: Option<NaiveTime>,
    /// The UTC offset in seconds, when one was given with the time.
    pub offset_seconds: Option<i32>,
}

/// Every briefing and note of a site, as read from `content/`.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// Briefings in a deterministic order (by slug); shared, so that a rebuild keeps
    /// the briefings whose files did not change.
    pub briefings: Vec<Arc<Briefing>>,
    /// Background notes of every collection, ordered by collection name then slug.
    pub notes: Vec<Note>,
    /// Briefings that are checked but not published, by slug: drafts (when the build
    /// leaves them out) and briefings whose front matter has errors. Their annotations
    /// are anchored only to report their problems.
    pub unpublished: Vec<Arc<Briefing>>,
}

/// A source article with its front matter and annotations.
#[derive(Debug, Clone)]
pub struct Briefing {
    /// URL-safe name taken from the file name (`2019-04-24-kim-arrives`).
    pub slug: String,
    /// The Markdown file.
    pub file: Arc<SourceFile>,
    /// Title (required).
    pub title: String,
    /// Date of the briefing (required).
    pub date: Timestamp,
    /// The bottom line up front, in Markdown.
    pub summary: Option<String>,
    /// Where the article comes from.
    pub source: Option<ArticleSource>,
    /// Tags, as written.
    pub tags: Vec<String>,
    /// Drafts are skipped unless the build asks for them.
    pub draft: bool,
    /// Byte offset in `file.text` where the Markdown body starts.
    pub body_start: usize,
    /// The annotations, from the sidecar file or the front matter.
    pub annotations: AnnotationSet,
}

impl Briefing {
    /// The Markdown body (everything after the front matter).
    pub fn body(&self) -> &str {
        self.file.text.get(self.body_start..).unwrap_or("")
    }
}

/// The `source:` of a briefing: the publication it was copied from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleSource {
    /// Name of the publication, e.g. "Reuters".
    pub name: Option<String>,
    /// Address of the original article.
    pub url: Option<String>,
    /// Author or authors, as written.
    pub author: Option<String>,
    /// When the original was published.
    pub published: Option<Timestamp>,
}

/// The annotations of one briefing and the file they were written in.
#[derive(Debug, Clone, Default)]
pub struct AnnotationSet {
    /// The YAML file (a sidecar `<slug>.yaml`, or the briefing itself for front-matter
    /// annotations); `None` when the briefing has no annotations.
    pub file: Option<Arc<SourceFile>>,
    /// The annotations, in the order written.
    pub entries: Arc<Vec<Annotation>>,
}

/// One annotation: a text selector plus what it says about the selected text.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// 0-based position in its list; used to find its line in the YAML when reporting.
    pub index: usize,
    /// Byte offset of the entry's `quote` value in the annotation file, when known.
    pub quote_offset: Option<usize>,
    /// The quoted text, as a reader sees it.
    pub quote: String,
    /// Text that must come immediately before the quote.
    pub prefix: Option<String>,
    /// Text that must come immediately after the quote.
    pub suffix: Option<String>,
    /// Which match(es) to take when the quote occurs several times.
    pub occurrence: Occurrence,
    /// A link to a background note (`person: kim-jong-un`, `place: khasan`, ...).
    pub mention: Option<NoteRef>,
    /// A context note, in Markdown.
    pub note: Option<String>,
    /// The person the quoted words are attributed to (a `people` slug).
    pub said_by: Option<String>,
    /// A dated event for the timeline.
    pub event: Option<EventSpec>,
    /// A link to a further source.
    pub link: Option<LinkSpec>,
    /// Tags for the passage.
    pub tags: Vec<String>,
}

/// Which of several matches of a quote an annotation means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Occurrence {
    /// Not given: the quote (with prefix and suffix) must match exactly one place.
    #[default]
    Unique,
    /// The first match in reading order.
    First,
    /// The last match in reading order.
    Last,
    /// Every match.
    All,
    /// The n-th match (1-based) in reading order.
    Nth(usize),
}

/// A reference from an annotation to a background note.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NoteRef {
    /// Collection name, e.g. `people`.
    pub collection: String,
    /// Note slug, e.g. `kim-jong-un`.
    pub slug: String,
}

/// A dated event attached to a passage, shown on the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSpec {
    /// When it happened.
    pub date: Timestamp,
    /// Optional end date, for events that span days.
    pub end: Option<Timestamp>,
    /// A short title.
    pub title: String,
}

/// A link to a further source attached to a passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSpec {
    /// The address (http, https or mailto; relative addresses are allowed).
    pub url: String,
    /// What the link is.
    pub title: Option<String>,
}

/// A background note on a person, place or member of another collection.
#[derive(Debug, Clone)]
pub struct Note {
    /// Collection name (`people`, `places`, or one declared in site.toml).
    pub collection: String,
    /// URL-safe name taken from the file name.
    pub slug: String,
    /// The Markdown file.
    pub file: Arc<SourceFile>,
    /// Display name (required).
    pub name: String,
    /// What the note is filed under in A–Z lists (`Putin, Vladimir`), when not its name.
    pub sort_as: Option<String>,
    /// Other names the text may use.
    pub aliases: Vec<String>,
    /// One or two sentences, shown on hover cards.
    pub summary: Option<String>,
    /// "As of" date: when the note was last checked.
    pub updated: Option<Timestamp>,
    /// Where the note's facts come from.
    pub sources: Vec<LinkSpec>,
    /// Kind-specific facts, in a fixed order, as label/value pairs ready to show.
    pub facts: Vec<Fact>,
    /// For places: latitude and longitude in degrees.
    pub coords: Option<(f64, f64)>,
    /// For people: their role (also shown on hover cards).
    pub role: Option<String>,
    /// For places: the country (also shown on hover cards).
    pub country: Option<String>,
    /// An image path or URL, for people.
    pub image: Option<String>,
    /// Tags, as written.
    pub tags: Vec<String>,
    /// Byte offset in `file.text` where the Markdown body starts.
    pub body_start: usize,
}

impl Note {
    /// What the note is filed under in A–Z lists: `sort_as`, or else its name.
    pub fn sort_name(&self) -> &str {
        self.sort_as.as_deref().unwrap_or(&self.name)
    }

    /// The Markdown body (the longer background note).
    pub fn body(&self) -> &str {
        self.file.text.get(self.body_start..).unwrap_or("")
    }

    /// The reference that annotations use to point at this note.
    pub fn note_ref(&self) -> NoteRef {
        NoteRef {
            collection: self.collection.clone(),
            slug: self.slug.clone(),
        }
    }
}

/// A labelled fact in a note's facts box, e.g. ("Born", "7 October 1952, Leningrad").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// Machine name of the field (`born`, `population`, or a key of `facts:`).
    pub key: String,
    /// Human label.
    pub label: String,
    /// Value as shown.
    pub value: String,
}
