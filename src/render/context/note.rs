//! The page of a background note: facts, the note, where it is mentioned, quotes, and
//! the notes it appears with.

use serde::Serialize;

use super::values::{BriefingValue, LinkValue, NoteValue, TagValue};
use super::{PageJob, Shared};
use crate::graph::NoteLinks;
use crate::markdown::Snippet;
use crate::model::Note;
use crate::render::dates::{DateValue, date_value};
use crate::render::escape::safe_href;
use crate::render::plain::markdown_text;
use crate::render::urls::{note_url, output_path, passage_fragment};

#[derive(Serialize)]
struct NotePageValue<'a> {
    #[serde(flatten)]
    base: &'a NoteValue,
    collection_title: &'a str,
    aliases: &'a [String],
    body_html: &'a str,
    facts: Vec<FactValue<'a>>,
    updated: Option<DateValue>,
    sources: Vec<LinkValue>,
    coords: Option<CoordsValue>,
    role: Option<&'a str>,
    country: Option<&'a str>,
    image: Option<String>,
    tags: Vec<&'a TagValue>,
}

#[derive(Serialize)]
struct FactValue<'a> {
    key: &'a str,
    label: &'a str,
    value: &'a str,
}

/// A place's coordinates.
#[derive(Debug, Serialize)]
pub struct CoordsValue {
    /// Latitude in degrees, north positive.
    pub lat: f64,
    /// Longitude in degrees, east positive.
    pub lon: f64,
    /// For readers: `43.1155° N, 131.8855° E`.
    pub display: String,
}

/// What note pages show of a briefing that mentions the note: no summary, no tags.
#[derive(Serialize)]
struct BriefingLink<'a> {
    slug: &'a str,
    url: &'a str,
    title: &'a str,
    date: &'a DateValue,
}

impl<'a> BriefingLink<'a> {
    fn new(value: &'a BriefingValue) -> Self {
        BriefingLink {
            slug: &value.slug,
            url: &value.url,
            title: &value.title,
            date: &value.date,
        }
    }
}

#[derive(Serialize)]
struct BacklinkValue<'a> {
    briefing: BriefingLink<'a>,
    mentions: Vec<SnippetValue<'a>>,
}

#[derive(Serialize)]
struct SnippetValue<'a> {
    before: &'a str,
    text: &'a str,
    after: &'a str,
    fragment: String,
}

#[derive(Serialize)]
struct QuoteValue<'a> {
    /// The sentence, with `text` the quote itself.
    #[serde(flatten)]
    snippet: SnippetValue<'a>,
    briefing: BriefingLink<'a>,
}

#[derive(Serialize)]
struct CoMentionValue<'a> {
    note: &'a NoteValue,
    count: usize,
}

/// The page of note `n`.
pub fn note_page<'s>(shared: &'s Shared<'_>, n: usize) -> Option<PageJob<'s>> {
    let note = shared.loaded.notes.get(n)?;
    let base = shared.notes.get(n)?;
    static EMPTY: std::sync::OnceLock<NoteLinks> = std::sync::OnceLock::new();
    let links = match shared.graph.notes.get(n) {
        Some(links) => links,
        None => EMPTY.get_or_init(NoteLinks::default),
    };
    let url = note_url(note);
    let path = output_path(&url);
    let mut page = shared.page("note", &url, &path, &note.name);
    page.description = note.summary.as_deref().map(|s| markdown_text(s, 200));
    page.section = note.collection.clone();
    let mut context = shared.context(page);
    context.insert("note", note_value(shared, n, base, links)?);
    context.insert("mentioned_in", backlinks(shared, links));
    context.insert("quotes", quotes(shared, links));
    let appears_with: Vec<CoMentionValue<'_>> = links
        .appears_with
        .iter()
        .filter_map(|c| {
            shared.notes.get(c.note).map(|note| CoMentionValue {
                note,
                count: c.count,
            })
        })
        .collect();
    context.insert("appears_with", appears_with);
    if let Some(map) = crate::render::map::note_map(note) {
        context.insert("map_svg", map);
    }
    Some(PageJob {
        path,
        template: "note.html",
        context,
    })
}

fn note_value<'a>(
    shared: &'a Shared<'_>,
    n: usize,
    base: &'a NoteValue,
    links: &NoteLinks,
) -> Option<NotePageValue<'a>> {
    let note: &'a Note = shared.loaded.notes.get(n)?;
    let collection_title = shared
        .config
        .collections
        .get(&note.collection)
        .map_or(note.collection.as_str(), |c| c.title.as_str());
    Some(NotePageValue {
        base,
        collection_title,
        aliases: &note.aliases,
        body_html: &shared.rendered_note(n).body_html,
        facts: note
            .facts
            .iter()
            .map(|f| FactValue {
                key: &f.key,
                label: &f.label,
                value: &f.value,
            })
            .collect(),
        updated: note.updated.as_ref().map(date_value),
        sources: note.sources.iter().map(LinkValue::new).collect(),
        coords: note.coords.and_then(|(lat, lon)| coords_value(lat, lon)),
        role: note.role.as_deref(),
        country: note.country.as_deref(),
        image: note.image.as_deref().and_then(safe_href),
        tags: links
            .tags
            .iter()
            .filter_map(|&t| shared.tags.get(t))
            .collect(),
    })
}

/// The value of a pair of coordinates; `None` when they are not finite numbers.
pub fn coords_value(lat: f64, lon: f64) -> Option<CoordsValue> {
    if !lat.is_finite() || !lon.is_finite() {
        return None;
    }
    let part = |v: f64, pos: char, neg: char| {
        let text = format!("{:.4}", v.abs());
        let text = text.trim_end_matches('0').trim_end_matches('.');
        format!("{text}° {}", if v < 0.0 { neg } else { pos })
    };
    Some(CoordsValue {
        lat,
        lon,
        display: format!("{}, {}", part(lat, 'N', 'S'), part(lon, 'E', 'W')),
    })
}

fn snippet_value(snippet: &Snippet) -> SnippetValue<'_> {
    SnippetValue {
        before: &snippet.before,
        text: &snippet.text,
        after: &snippet.after,
        fragment: passage_fragment(snippet),
    }
}

fn backlinks<'a>(shared: &'a Shared<'_>, links: &'a NoteLinks) -> Vec<BacklinkValue<'a>> {
    links
        .mentioned_in
        .iter()
        .filter_map(|b| {
            Some(BacklinkValue {
                briefing: BriefingLink::new(shared.briefings.get(b.briefing)?),
                mentions: b
                    .mentions(shared.anchored)
                    .map(|m| snippet_value(&m.placement.snippet))
                    .collect(),
            })
        })
        .collect()
}

fn quotes<'a>(shared: &'a Shared<'_>, links: &'a NoteLinks) -> Vec<QuoteValue<'a>> {
    links
        .quotes
        .iter()
        .filter_map(|q| {
            let mut snippet = snippet_value(q.snippet(shared.anchored)?);
            snippet.text = q.text(shared.loaded, shared.anchored);
            Some(QuoteValue {
                snippet,
                briefing: BriefingLink::new(shared.briefings.get(q.briefing)?),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::coords_value;

    #[test]
    fn coordinates_read_with_hemispheres() {
        let c = coords_value(43.115_5, -131.885_51).expect("finite");
        assert_eq!(c.display, "43.1155° N, 131.8855° W");
        assert_eq!(
            coords_value(-12.5, 0.0).expect("finite").display,
            "12.5° S, 0° E"
        );
        assert!(coords_value(f64::NAN, 1.0).is_none());
    }
}
