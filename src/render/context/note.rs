//! The page of a background note: facts, the note, where it is mentioned, quotes, and
//! the notes it appears with.

use serde::Serialize;

use super::values::{BriefingLink, LinkValue, NoteValue, TagLink};
use super::{PageJob, Tracked};
use crate::graph::NoteLinks;
use crate::markdown::Snippet;
use crate::model::Note;
use crate::render::dates::{DateValue, date_value};
use crate::render::escape::safe_href;
use crate::render::plain::markdown_text;
use crate::render::urls::{note_url, output_path, range_id};

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
    tags: Vec<&'a TagLink>,
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
pub fn note_page<'s>(t: &Tracked<'s, '_>, n: usize) -> Option<PageJob<'s>> {
    let (note, rendered) = t.note(n)?;
    let base = t.note_value(n)?;
    static EMPTY: std::sync::OnceLock<NoteLinks> = std::sync::OnceLock::new();
    let links = match t.note_links(n) {
        Some(links) => links,
        None => EMPTY.get_or_init(NoteLinks::default),
    };
    let url = note_url(note);
    let path = output_path(&url);
    let mut page = t.page("note", &url, &path, &note.name);
    page.description = note.summary.as_deref().map(|s| markdown_text(s, 200));
    page.section = note.collection.clone();
    let mut context = t.context(page);
    context.insert(
        "note",
        note_value(t, note, &rendered.body_html, base, links),
    );
    context.insert("mentioned_in", backlinks(t, links));
    context.insert("quotes", quotes(t, links));
    let appears_with: Vec<CoMentionValue<'_>> = links
        .appears_with
        .iter()
        .filter_map(|c| {
            t.note_value(c.note).map(|note| CoMentionValue {
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
    t: &Tracked<'a, '_>,
    note: &'a Note,
    body_html: &'a str,
    base: &'a NoteValue,
    links: &NoteLinks,
) -> NotePageValue<'a> {
    let collection_title = t
        .config()
        .collections
        .get(&note.collection)
        .map_or(note.collection.as_str(), |c| c.title.as_str());
    NotePageValue {
        base,
        collection_title,
        aliases: &note.aliases,
        body_html,
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
            .filter_map(|&tag| t.tag_link(tag))
            .collect(),
    }
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

/// A passage as a note's page shows it, with the fragment that leads to the
/// `ordinal`th range of mark `annot`.
fn snippet_value<'a>((snippet, annot, ordinal): (&'a Snippet, &str, usize)) -> SnippetValue<'a> {
    SnippetValue {
        before: snippet.before(),
        text: snippet.text(),
        after: snippet.after(),
        fragment: range_id(annot, ordinal),
    }
}

fn backlinks<'a>(t: &Tracked<'a, '_>, links: &'a NoteLinks) -> Vec<BacklinkValue<'a>> {
    links
        .mentioned_in
        .iter()
        .filter_map(|b| {
            Some(BacklinkValue {
                briefing: t.briefing_link(b.briefing)?,
                mentions: b
                    .mentions
                    .iter()
                    .filter_map(|&m| t.mention(b.briefing, m))
                    .map(snippet_value)
                    .collect(),
            })
        })
        .collect()
}

fn quotes<'a>(t: &Tracked<'a, '_>, links: &'a NoteLinks) -> Vec<QuoteValue<'a>> {
    links
        .quotes
        .iter()
        .filter_map(|q| {
            let (sentence, words, annot) = t.quote(q)?;
            let mut snippet = snippet_value((sentence, annot, 1));
            snippet.text = words;
            Some(QuoteValue {
                snippet,
                briefing: t.briefing_link(q.briefing)?,
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
