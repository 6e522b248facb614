//! Tags: which briefings and notes carry each one.

use std::collections::BTreeMap;

use crate::anchor::site::Anchored;
use crate::model::Loaded;
use crate::slug::slugify;

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
    for &b in newest_first {
        let Some(briefing) = loaded.briefings.get(b) else {
            continue;
        };
        let placed = anchored.briefings.get(b);
        let annotation_tags = placed
            .into_iter()
            .flat_map(|p| p.annotations.iter())
            .filter_map(|a| briefing.annotations.entries.get(a.index))
            .flat_map(|entry| entry.tags.iter());
        for name in briefing.tags.iter().chain(annotation_tags) {
            if name.trim().is_empty() {
                continue;
            }
            let tag = entry(&mut tags, name);
            if tag.briefings.last() != Some(&b) {
                tag.briefings.push(b);
            }
        }
    }
    for (n, note) in loaded.notes.iter().enumerate() {
        for name in note.tags.iter().filter(|t| !t.trim().is_empty()) {
            let tag = entry(&mut tags, name);
            if tag.notes.last() != Some(&n) {
                tag.notes.push(n);
            }
        }
    }
    let mut tags: Vec<Tag> = tags.into_values().collect();
    for tag in &mut tags {
        tag.notes.sort_by(|&a, &b| {
            let name = |i: usize| loaded.notes.get(i).map_or("", |n| n.name.as_str());
            name(a).cmp(name(b)).then(a.cmp(&b))
        });
        tag.notes.dedup();
    }
    tags
}

/// The tag for `name`, created if new; keeps the smallest spelling as its display name.
fn entry<'a>(tags: &'a mut BTreeMap<String, Tag>, name: &str) -> &'a mut Tag {
    let slug = slugify(name);
    let tag = tags.entry(slug.clone()).or_insert_with(|| Tag {
        slug,
        name: name.to_string(),
        briefings: Vec::new(),
        notes: Vec::new(),
    });
    if name < tag.name.as_str() {
        tag.name = name.to_string();
    }
    tag
}
