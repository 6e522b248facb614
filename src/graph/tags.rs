//! Tags: which briefings and notes carry each one.

use std::collections::{BTreeMap, HashMap};

use crate::anchor::site::Anchored;
use crate::model::Loaded;
use crate::slug::tag_slug;

/// A tag and what carries it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Tag {
    /// URL-safe name (`/tags/<slug>/`).
    pub slug: String,
    /// The tag as written (when spellings differ, the first in sort order).
    pub name: String,
    /// Briefings tagged with it, or with an annotation tagged with it; newest first.
    pub briefings: Vec<usize>,
    /// Notes tagged with it, by name.
    pub notes: Vec<usize>,
}

/// Every tag of the site, sorted by slug.
pub(super) fn build(loaded: &Loaded, anchored: &Anchored, newest_first: &[usize]) -> Vec<Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    // Few names, written many times: each is turned into a slug once.
    let mut slugs: HashMap<&str, String> = HashMap::new();
    for &b in newest_first {
        let Some(briefing) = loaded.briefings.get(b) else {
            continue;
        };
        let placed = anchored.briefings.get(b).map(|p| &**p);
        let annotation_tags =
            super::anchored_entries(briefing, placed).flat_map(|(_, entry)| entry.tags.iter());
        for name in briefing.tags.iter().chain(annotation_tags) {
            if name.trim().is_empty() {
                continue;
            }
            let slug = slugs.entry(name).or_insert_with(|| tag_slug(name));
            let tag = entry(&mut tags, slug, name);
            if tag.briefings.last() != Some(&b) {
                tag.briefings.push(b);
            }
        }
    }
    for (n, note) in loaded.notes.iter().enumerate() {
        for name in note.tags.iter().filter(|t| !t.trim().is_empty()) {
            let tag = entry(&mut tags, &tag_slug(name), name);
            if tag.notes.last() != Some(&n) {
                tag.notes.push(n);
            }
        }
    }
    let mut tags: Vec<Tag> = tags.into_values().collect();
    for tag in &mut tags {
        tag.notes.sort_by(|&a, &b| {
            let name = |i: usize| loaded.notes.get(i).map_or("", |n| n.sort_name());
            name(a).cmp(name(b)).then(a.cmp(&b))
        });
        tag.notes.dedup();
    }
    tags
}

/// The tag for `name` (whose slug is `slug`), created if new; keeps the smallest
/// spelling as its display name.
fn entry<'a>(tags: &'a mut BTreeMap<String, Tag>, slug: &str, name: &str) -> &'a mut Tag {
    let tag = tags.entry(slug.to_string()).or_insert_with(|| Tag {
        slug: slug.to_string(),
        name: name.to_string(),
        briefings: Vec::new(),
        notes: Vec::new(),
    });
    if name < tag.name.as_str() {
        tag.name = name.to_string();
    }
    tag
}
