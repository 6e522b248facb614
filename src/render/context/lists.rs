//! The list pages: home, collection indexes, timeline, tags, search and 404.

use serde::Serialize;

use super::events::{EventValue, event_value};
use super::values::{BriefingValue, CollectionValue, NoteValue, TagValue};
use super::{PageJob, Tracked};
use crate::config::Collection;
use crate::graph::cmp_text;
use crate::render::urls::{collection_url, output_path, tag_url};

#[derive(Serialize)]
struct LetterGroup<'a> {
    letter: String,
    id: String,
    notes: Vec<&'a NoteValue>,
}

#[derive(Serialize)]
struct YearGroup {
    year: i32,
    events: Vec<EventValue>,
}

/// The home page: every briefing, newest first.
pub fn home_page<'s>(t: &Tracked<'s, '_>) -> PageJob<'s> {
    let path = output_path("");
    let mut page = t.page("home", "", &path, &t.config().title);
    page.description = t.config().description.clone();
    page.section = "home".to_string();
    let mut context = t.context(page);
    let briefings: Vec<&BriefingValue> = t
        .newest_first()
        .iter()
        .filter_map(|&b| t.briefing_value(b))
        .collect();
    context.insert("briefings", briefings);
    PageJob {
        path,
        template: "home.html",
        context,
    }
}

/// The A–Z index of a collection.
pub fn collection_page<'s>(t: &Tracked<'s, '_>, collection: &Collection) -> PageJob<'s> {
    let url = collection_url(&collection.name);
    let path = output_path(&url);
    let mut page = t.page("collection", &url, &path, &collection.title);
    page.section = collection.name.clone();
    let mut members: Vec<&NoteValue> = t
        .note_values()
        .iter()
        .filter(|n| n.collection == collection.name)
        .collect();
    members.sort_by(|a, b| cmp_text(&a.sort_as, &b.sort_as).then_with(|| a.slug.cmp(&b.slug)));
    let mut letters: Vec<LetterGroup<'_>> = Vec::new();
    for note in &members {
        let letter = initial(&note.sort_as);
        match letters.last_mut() {
            Some(group) if group.letter == letter => group.notes.push(note),
            _ => letters.push(LetterGroup {
                id: format!("letter-{}", letters.len() + 1),
                letter,
                notes: vec![note],
            }),
        }
    }
    let mut context = t.context(page);
    context.insert("collection", CollectionValue::new(collection));
    context.insert("notes", members);
    context.insert("letters", letters);
    if let Some(map) = crate::render::map::collection_map(t.notes(), collection) {
        context.insert("map_svg", map);
    }
    PageJob {
        path,
        template: "collection.html",
        context,
    }
}

/// The letter a name is filed under: its first letter in upper case, or `#`.
fn initial(name: &str) -> String {
    match name.trim().chars().next() {
        Some(c) if c.is_alphabetic() => c.to_uppercase().collect(),
        _ => "#".to_string(),
    }
}

/// The timeline: every event and briefing date, grouped by year.
pub fn timeline_page<'s>(t: &Tracked<'s, '_>) -> PageJob<'s> {
    let url = "timeline/";
    let path = output_path(url);
    let mut page = t.page("timeline", url, &path, "Timeline");
    page.section = "timeline".to_string();
    let mut years: Vec<YearGroup> = Vec::new();
    for event in t.events() {
        let value = event_value(t, event);
        match years.last_mut() {
            Some(group) if group.year == value.date.year => group.events.push(value),
            _ => years.push(YearGroup {
                year: value.date.year,
                events: vec![value],
            }),
        }
    }
    let mut context = t.context(page);
    context.insert("years", years);
    PageJob {
        path,
        template: "timeline.html",
        context,
    }
}

/// The list of every tag.
pub fn tags_page<'s>(t: &Tracked<'s, '_>) -> PageJob<'s> {
    let url = "tags/";
    let path = output_path(url);
    let mut page = t.page("tags", url, &path, "Tags");
    page.section = "tags".to_string();
    let mut context = t.context(page);
    context.insert("tags", t.tag_values());
    PageJob {
        path,
        template: "tags.html",
        context,
    }
}

/// The page of tag `t`: its briefings (newest first) and notes.
pub fn tag_page<'s>(t: &Tracked<'s, '_>, index: usize) -> Option<PageJob<'s>> {
    let tag = t.tag(index)?;
    let value: &TagValue = t.tag_value(index)?;
    let url = tag_url(&tag.slug);
    let path = output_path(&url);
    let mut page = t.page("tag", &url, &path, &format!("Tagged “{}”", tag.name));
    page.section = "tags".to_string();
    let briefings: Vec<&BriefingValue> = tag
        .briefings
        .iter()
        .filter_map(|&b| t.briefing_value(b))
        .collect();
    let notes: Vec<&NoteValue> = tag.notes.iter().filter_map(|&n| t.note_value(n)).collect();
    let mut context = t.context(page);
    context.insert("tag", value);
    context.insert("briefings", briefings);
    context.insert("notes", notes);
    Some(PageJob {
        path,
        template: "tag.html",
        context,
    })
}

/// The search page (the search itself runs in the browser).
pub fn search_page<'s>(t: &Tracked<'s, '_>) -> PageJob<'s> {
    let url = "search/";
    let path = output_path(url);
    let mut page = t.page("search", url, &path, "Search");
    page.section = "search".to_string();
    PageJob {
        path,
        template: "search.html",
        context: t.context(page),
    }
}

/// The 404 page. It is served at whatever address was not found, so its `root` is the
/// path of `base_url` from the host's root (`/korea/`) instead of a relative path: it
/// works on any host that serves the site at that path (a staging or preview host too),
/// and fetches nothing from another.
pub fn not_found_page<'s>(t: &Tracked<'s, '_>) -> PageJob<'s> {
    let path = "404.html".to_string();
    let mut page = t.page("404", "404.html", &path, "Page not found");
    page.root = t.config().base_path().to_string();
    page.home_url = page.root.clone();
    PageJob {
        path,
        template: "404.html",
        context: t.context(page),
    }
}

#[cfg(test)]
mod tests {
    use super::initial;

    #[test]
    fn names_are_filed_under_their_first_letter() {
        assert_eq!(initial("kim Jong Un"), "K");
        assert_eq!(initial("Émile"), "É");
        assert_eq!(initial("38th parallel"), "#");
        assert_eq!(initial(""), "#");
    }
}
