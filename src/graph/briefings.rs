//! What each briefing holds: its notes by collection, its events, sources and tags.

use super::{BriefingLinks, Tag, TimelineEvent, collection_order};
use crate::anchor::site::Anchored;
use crate::config::Config;
use crate::model::{Briefing, Loaded};

/// The notes of one collection that a briefing mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NoteGroup {
    /// Collection name (`people`).
    pub collection: String,
    /// Indices into `Loaded::notes`, A–Z by name.
    pub notes: Vec<usize>,
}

/// A source of a briefing: the article itself or a link given by an annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SourceLink {
    /// What to call it: the link's title, the publication's name, or the address.
    pub title: String,
    /// The address, when there is one.
    pub url: Option<String>,
    /// For an annotation's link: the annotation's `data-annot` id.
    pub annot: Option<String>,
}

/// The per-briefing lists, one entry per loaded briefing.
pub(super) fn build(
    config: &Config,
    loaded: &Loaded,
    anchored: &Anchored,
    events: &[TimelineEvent],
    tags: &[Tag],
) -> Vec<BriefingLinks> {
    let mut links: Vec<BriefingLinks> = loaded
        .briefings
        .iter()
        .enumerate()
        .map(|(b, briefing)| BriefingLinks {
            notes: note_groups(config, loaded, anchored, b),
            events: Vec::new(),
            sources: sources(briefing, anchored, b),
            tags: Vec::new(),
        })
        .collect();
    for (i, event) in events.iter().enumerate() {
        if let Some(l) = links.get_mut(event.briefing) {
            l.events.push(i);
        }
    }
    for (t, tag) in tags.iter().enumerate() {
        for &b in &tag.briefings {
            if let Some(l) = links.get_mut(b) {
                l.tags.push(t);
            }
        }
    }
    links
}

fn note_groups(config: &Config, loaded: &Loaded, anchored: &Anchored, b: usize) -> Vec<NoteGroup> {
    let mut notes: Vec<usize> = anchored
        .briefings
        .get(b)
        .map(|p| p.mentions.iter().map(|m| m.note).collect())
        .unwrap_or_default();
    notes.retain(|&n| n < loaded.notes.len());
    notes.sort_unstable();
    notes.dedup();
    let mut groups = Vec::new();
    for collection in collection_order(config) {
        let mut members: Vec<usize> = notes
            .iter()
            .copied()
            .filter(|&n| loaded.notes[n].collection == collection.name)
            .collect();
        if members.is_empty() {
            continue;
        }
        members.sort_by(|&x, &y| {
            super::cmp_text(&loaded.notes[x].name, &loaded.notes[y].name).then(x.cmp(&y))
        });
        groups.push(NoteGroup {
            collection: collection.name.clone(),
            notes: members,
        });
    }
    groups
}

fn sources(briefing: &Briefing, anchored: &Anchored, b: usize) -> Vec<SourceLink> {
    let mut list: Vec<SourceLink> = Vec::new();
    if let Some(source) = &briefing.source {
        let title = source.name.clone().or_else(|| source.url.clone());
        if let Some(title) = title {
            list.push(SourceLink {
                title,
                url: source.url.clone(),
                annot: None,
            });
        }
    }
    let placed = anchored.briefings.get(b);
    for annotation in placed.into_iter().flat_map(|p| p.annotations.iter()) {
        let Some(link) = briefing
            .annotations
            .entries
            .get(annotation.index)
            .and_then(|e| e.link.as_ref())
        else {
            continue;
        };
        if list
            .iter()
            .any(|s| s.url.as_deref() == Some(link.url.as_str()))
        {
            continue;
        }
        list.push(SourceLink {
            title: link.title.clone().unwrap_or_else(|| link.url.clone()),
            url: Some(link.url.clone()),
            annot: Some(annotation.id.clone()),
        });
    }
    list
}
