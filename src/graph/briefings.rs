//! What each briefing holds: its notes by collection, its events, sources and tags.

use rayon::prelude::*;

use super::{BriefingLinks, Tag, TimelineEvent, collection_order};
use crate::anchor::site::Anchored;
use crate::config::Config;
use crate::model::{Briefing, Loaded};

/// The notes of one collection that a briefing mentions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct NoteGroup {
    /// Collection name (`people`).
    pub collection: String,
    /// Indices into `Loaded::notes`, A–Z by name.
    pub notes: Vec<usize>,
}

/// A source of a briefing: the article itself or a link given by an annotation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    let order = NoteOrder::new(config, loaded);
    let mut links: Vec<BriefingLinks> = loaded
        .briefings
        .par_iter()
        .enumerate()
        .map(|(b, briefing)| BriefingLinks {
            notes: note_groups(&order, anchored, b),
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

/// Where each note goes in a briefing's lists: its collection's place in
/// [`collection_order`] and its place A–Z among all notes; computed once.
struct NoteOrder {
    collections: Vec<String>,
    group: Vec<usize>,
    rank: Vec<usize>,
}

impl NoteOrder {
    fn new(config: &Config, loaded: &Loaded) -> Self {
        let collections: Vec<String> = collection_order(config)
            .into_iter()
            .map(|c| c.name.clone())
            .collect();
        let group = loaded
            .notes
            .iter()
            .map(|n| {
                collections
                    .iter()
                    .position(|c| *c == n.collection)
                    .unwrap_or(usize::MAX)
            })
            .collect();
        let mut by_name: Vec<usize> = (0..loaded.notes.len()).collect();
        by_name.sort_by(|&x, &y| {
            super::cmp_text(loaded.notes[x].sort_name(), loaded.notes[y].sort_name())
                .then(x.cmp(&y))
        });
        let mut rank = vec![0; loaded.notes.len()];
        for (position, &n) in by_name.iter().enumerate() {
            rank[n] = position;
        }
        NoteOrder {
            collections,
            group,
            rank,
        }
    }
}

fn note_groups(order: &NoteOrder, anchored: &Anchored, b: usize) -> Vec<NoteGroup> {
    let mut notes: Vec<(usize, usize, usize)> = anchored
        .briefings
        .get(b)
        .map(|p| {
            p.mentions
                .iter()
                .filter(|m| order.group.get(m.note).is_some_and(|&g| g != usize::MAX))
                .map(|m| (order.group[m.note], order.rank[m.note], m.note))
                .collect()
        })
        .unwrap_or_default();
    notes.sort_unstable();
    notes.dedup();
    let mut groups: Vec<NoteGroup> = Vec::new();
    for (group, _, note) in notes {
        match groups.last_mut() {
            Some(last) if last.collection == order.collections[group] => last.notes.push(note),
            _ => groups.push(NoteGroup {
                collection: order.collections[group].clone(),
                notes: vec![note],
            }),
        }
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
    let placed = anchored.briefings.get(b).map(|p| &**p);
    for (annotation, entry) in super::anchored_entries(briefing, placed) {
        let Some(link) = &entry.link else {
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
