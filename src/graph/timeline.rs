//! The timeline: every annotation's `event` and every briefing's own date, in order.

use std::cmp::Ordering;

use rayon::prelude::*;

use crate::anchor::site::{Anchored, AnchoredBriefing};
use crate::model::{Briefing, Loaded, Timestamp};

/// One entry of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct TimelineEvent {
    /// When it happened (or when the briefing is dated).
    pub date: Timestamp,
    /// When it ended, for events that span days.
    pub end: Option<Timestamp>,
    /// The event's title, or the briefing's title for a briefing's own date.
    pub title: String,
    /// Index into `Loaded::briefings` of the briefing it comes from.
    pub briefing: usize,
    /// Whether it is the briefing's own date or an annotation's event.
    pub origin: EventOrigin,
}

/// Where a timeline entry comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EventOrigin {
    /// The date of the briefing itself.
    Briefing,
    /// The `event` of an annotation.
    Annotation {
        /// Index of the annotation in the briefing's `annotations.entries`.
        index: usize,
        /// The `data-annot` id of the annotation's elements in the briefing body.
        annot: String,
    },
}

impl EventOrigin {
    fn rank(&self) -> (u8, usize) {
        match self {
            EventOrigin::Briefing => (0, 0),
            EventOrigin::Annotation { index, .. } => (1, *index),
        }
    }
}

/// Every event of the site, sorted by date, then title, then briefing.
pub(super) fn build(loaded: &Loaded, anchored: &Anchored) -> Vec<TimelineEvent> {
    let mut keyed: Vec<(String, TimelineEvent)> = loaded
        .briefings
        .par_iter()
        .enumerate()
        .flat_map_iter(|(b, briefing)| {
            briefing_events(b, briefing, anchored.briefings.get(b).map(|p| &**p))
        })
        .map(|e| (e.title.to_lowercase(), e))
        .collect();
    // Stable, so events equal in every key stay in the order they were found.
    keyed.par_sort_by(|(a_key, a), (b_key, b)| {
        a.date
            .cmp(&b.date)
            .then_with(|| a_key.cmp(b_key))
            .then_with(|| timeline_order(a, b))
    });
    keyed.into_iter().map(|(_, e)| e).collect()
}

/// Briefing `b`'s own date, then the events of its annotations, in the order written.
fn briefing_events(
    b: usize,
    briefing: &Briefing,
    placed: Option<&AnchoredBriefing>,
) -> Vec<TimelineEvent> {
    let mut events = vec![TimelineEvent {
        date: briefing.date,
        end: None,
        title: briefing.title.clone(),
        briefing: b,
        origin: EventOrigin::Briefing,
    }];
    for (annotation, entry) in super::anchored_entries(briefing, placed) {
        let Some(event) = &entry.event else {
            continue;
        };
        events.push(TimelineEvent {
            date: event.date,
            end: event.end,
            title: event.title.clone(),
            briefing: b,
            origin: EventOrigin::Annotation {
                index: annotation.index,
                annot: annotation.id.clone(),
            },
        });
    }
    events
}

/// The timeline's order: date, title (ignoring case first), briefing, then the briefing's own date before its
/// annotations' events, which follow in the order they were written.
pub(super) fn timeline_order(a: &TimelineEvent, b: &TimelineEvent) -> Ordering {
    a.date
        .cmp(&b.date)
        .then_with(|| super::cmp_text(&a.title, &b.title))
        .then(a.briefing.cmp(&b.briefing))
        .then_with(|| a.origin.rank().cmp(&b.origin.rank()))
        .then_with(|| a.end.cmp(&b.end))
}
