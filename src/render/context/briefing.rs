//! The briefing page: the article, its endnotes, what it mentions, its events, its
//! sources, and the data of its mention cards.

use std::collections::BTreeMap;

use serde::Serialize;

use super::events::{EventValue, event_value};
use super::values::{BriefingValue, CollectionValue, LinkValue, NoteValue, TagLink};
use super::{PageJob, Tracked};
use crate::anchor::site::{AnchoredBriefing, PlacedAnnotation, has_endnote};
use crate::graph::{EventOrigin, anchored_entries};
use crate::model::{Annotation, Briefing};
use crate::render::dates::{DateValue, date_value};
use crate::render::escape::json_for_script;
use crate::render::plain::markdown_text;
use crate::render::urls::{
    ARTICLE_ID, briefing_url, endnote_id, mark_id, original_passage_url, output_path, root_for,
};

/// The `briefing` variable of a briefing page: the list value plus the body.
#[derive(Serialize)]
struct BriefingPageValue<'a> {
    #[serde(flatten)]
    base: &'a BriefingValue,
    body_html: &'a str,
    /// Words in the article, and minutes to read it at 220 words a minute (at least
    /// 1): only here, as lists would change with every word written.
    word_count: usize,
    reading_minutes: usize,
}

/// One endnote: an annotation with a note, a link, an event or an attribution.
#[derive(Debug, Serialize)]
pub struct Endnote<'a> {
    /// The endnote's element id (`note-a3`).
    pub id: String,
    /// The `data-annot` id of its passage in the body (`a3`).
    pub annot: String,
    /// 1-based number, in reading order.
    pub number: usize,
    /// The annotated passage as the article prints it.
    pub quote: String,
    /// URL fragment (without `#`) leading back to the passage.
    pub backref: String,
    /// The passage in the original article (its address with a text fragment), when
    /// the briefing's source has a web address.
    pub original: Option<String>,
    /// The note, rendered HTML.
    pub note_html: Option<&'a str>,
    /// The person the passage is attributed to.
    pub said_by: Option<&'a NoteValue>,
    /// The note the passage mentions.
    pub mention: Option<&'a NoteValue>,
    /// The event it dates.
    pub event: Option<EventSpecValue>,
    /// The further source it links to.
    pub link: Option<LinkValue>,
    /// Its tags.
    pub tags: Vec<&'a TagLink>,
}

/// An annotation's `event`.
#[derive(Debug, Serialize)]
pub struct EventSpecValue {
    /// When.
    pub date: DateValue,
    /// Until when, for spans.
    pub end: Option<DateValue>,
    /// What.
    pub title: String,
}

/// The notes of one collection that the briefing mentions.
#[derive(Debug, Serialize)]
struct MentionGroup<'a> {
    collection: CollectionValue,
    notes: Vec<&'a NoteValue>,
}

/// A source of the briefing.
#[derive(Debug, Serialize)]
struct SourceEntry {
    title: String,
    href: Option<String>,
    /// The id of the endnote of the passage it was given on, if any.
    endnote: Option<String>,
    /// That endnote's number.
    endnote_number: Option<usize>,
}

/// The data of the mention cards of a page.
#[derive(Debug, Serialize)]
struct Cards<'a> {
    notes: BTreeMap<String, Card<'a>>,
    mentions: BTreeMap<&'a str, String>,
}

/// The card of a note, as brief.js reads it.
#[derive(Debug, Serialize)]
struct Card<'a> {
    name: &'a str,
    kind: &'a str,
    line: Option<&'a str>,
    summary_html: Option<&'a str>,
    url: String,
}

/// The page of briefing `b`.
pub fn briefing_page<'s>(t: &Tracked<'s, '_>, b: usize) -> Option<PageJob<'s>> {
    let (briefing, placed) = t.briefing(b)?;
    let base = t.briefing_value(b)?;
    let url = briefing_url(briefing);
    let path = output_path(&url);
    let mut page = t.page("briefing", &url, &path, &briefing.title);
    page.description = briefing.summary.as_deref().map(|s| markdown_text(s, 200));
    page.section = "home".to_string();
    let mut context = t.context(page);
    context.insert(
        "briefing",
        BriefingPageValue {
            base,
            body_html: &placed.body_html,
            word_count: placed.word_count,
            reading_minutes: placed.word_count.div_ceil(220).max(1),
        },
    );
    let endnotes = endnotes(t, briefing, base, placed);
    context.insert("sources", sources(t, b, &endnotes));
    context.insert("endnotes", endnotes);
    context.insert("mentioned", mention_groups(t, b));
    context.insert("events", events(t, b));
    context.insert("cards_json", cards_json(t, placed, &root_for(&path)));
    Some(PageJob {
        path,
        template: "briefing.html",
        context,
    })
}

fn endnotes<'a>(
    t: &Tracked<'a, '_>,
    briefing: &'a Briefing,
    base: &BriefingValue,
    placed: &'a AnchoredBriefing,
) -> Vec<Endnote<'a>> {
    let mut chosen: Vec<(&PlacedAnnotation, &Annotation)> =
        anchored_entries(briefing, Some(placed))
            .filter(|(_, e)| has_endnote(e))
            .collect();
    // The order the anchor stage numbered the notes' markers in.
    chosen.sort_by_key(|(a, _)| crate::anchor::site::endnote_order(a));
    chosen
        .into_iter()
        .enumerate()
        .map(|(i, (placed, entry))| endnote(t, base, i + 1, placed, entry))
        .collect()
}

fn endnote<'a>(
    t: &Tracked<'a, '_>,
    briefing_value: &BriefingValue,
    number: usize,
    placed: &'a PlacedAnnotation,
    entry: &'a Annotation,
) -> Endnote<'a> {
    let first = placed.placements.first();
    let quote = first
        .map(|p| p.snippet.text().to_string())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| entry.quote.clone());
    let source_href = briefing_value
        .source
        .as_ref()
        .and_then(|s| s.href.as_deref());
    let original = source_href.and_then(|href| original_passage_url(href, &quote));
    Endnote {
        id: endnote_id(&placed.id),
        annot: placed.id.clone(),
        number,
        quote,
        backref: match first {
            Some(_) => mark_id(&placed.id),
            None => ARTICLE_ID.to_string(),
        },
        original,

        note_html: placed.note_html.as_deref(),
        said_by: entry
            .said_by
            .as_deref()
            .and_then(|s| t.note_by_ref("people", s)),
        mention: entry
            .mention
            .as_ref()
            .and_then(|m| t.note_by_ref(&m.collection, &m.slug)),
        event: entry.event.as_ref().map(|e| EventSpecValue {
            date: date_value(&e.date),
            end: e.end.as_ref().map(date_value),
            title: e.title.clone(),
        }),
        link: entry.link.as_ref().map(LinkValue::new),
        tags: entry
            .tags
            .iter()
            .filter_map(|name| t.tag_link_by_name(name))
            .collect(),
    }
}

fn mention_groups<'a>(t: &Tracked<'a, '_>, b: usize) -> Vec<MentionGroup<'a>> {
    let Some(links) = t.briefing_links(b) else {
        return Vec::new();
    };
    links
        .notes
        .iter()
        .filter_map(|group| {
            let collection = t.config().collections.get(&group.collection)?;
            Some(MentionGroup {
                collection: CollectionValue::new(collection),
                notes: group
                    .notes
                    .iter()
                    .filter_map(|&n| t.note_value(n))
                    .collect(),
            })
        })
        .collect()
}

fn events(t: &Tracked<'_, '_>, b: usize) -> Vec<EventValue> {
    let Some(links) = t.briefing_links(b) else {
        return Vec::new();
    };
    links
        .events
        .iter()
        .filter_map(|&e| t.event(e))
        .filter(|e| e.origin != EventOrigin::Briefing)
        .map(|e| event_value(t, e))
        .collect()
}

fn sources(t: &Tracked<'_, '_>, b: usize, endnotes: &[Endnote]) -> Vec<SourceEntry> {
    let Some(links) = t.briefing_links(b) else {
        return Vec::new();
    };
    links
        .sources
        .iter()
        .map(|s| {
            let note = s
                .annot
                .as_ref()
                .and_then(|a| endnotes.iter().find(|n| &n.annot == a));
            SourceEntry {
                title: s.title.clone(),
                href: s.url.as_deref().and_then(crate::render::escape::safe_href),
                endnote: note.map(|n| n.id.clone()),
                endnote_number: note.map(|n| n.number),
            }
        })
        .collect()
}

/// The mention cards as JSON safe inside `<script type="application/json">`:
/// `{"notes": {"people/kim": {name, kind, line, summary_html, url}}, "mentions": {"m1": "people/kim"}}`.
fn cards_json(t: &Tracked<'_, '_>, placed: &AnchoredBriefing, root: &str) -> String {
    let mut notes: BTreeMap<String, Card<'_>> = BTreeMap::new();
    let mut mentions: BTreeMap<&str, String> = BTreeMap::new();
    for mention in &placed.mentions {
        let Some(value) = t.note_value(mention.note) else {
            continue;
        };
        let key = format!("{}/{}", value.collection, value.slug);
        notes.entry(key.clone()).or_insert_with(|| Card {
            name: &value.name,
            kind: &value.singular,
            line: value.line.as_deref(),
            summary_html: value.summary_html.as_deref(),
            url: format!("{root}{}", value.url),
        });
        mentions.insert(mention.id.as_str(), key);
    }
    json_for_script(&Cards { notes, mentions })
}
