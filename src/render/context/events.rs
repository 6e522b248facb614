//! Timeline entries as templates see them.

use serde::Serialize;

use super::Tracked;
use crate::graph::{EventOrigin, TimelineEvent};
use crate::render::dates::{DateValue, date_value};
use crate::render::urls::endnote_id;

/// One entry of a timeline.
#[derive(Debug, Clone, Serialize)]
pub struct EventValue {
    /// When.
    pub date: DateValue,
    /// Until when, for spans.
    pub end: Option<DateValue>,
    /// What: the event's title, or the briefing's for a briefing's own date.
    pub title: String,
    /// `briefing` for a briefing's own date, `event` for an annotation's event.
    pub kind: &'static str,
    /// Title of the briefing it comes from.
    pub briefing_title: String,
    /// Site-relative URL of that briefing.
    pub url: String,
    /// For an annotation's event: the id of its endnote in the briefing page.
    pub fragment: Option<String>,
}

/// The value of a graph event.
pub fn event_value(t: &Tracked<'_, '_>, event: &TimelineEvent) -> EventValue {
    let briefing = t.briefing_link(event.briefing);
    let (kind, fragment) = match &event.origin {
        EventOrigin::Briefing => ("briefing", None),
        EventOrigin::Annotation { annot, .. } => ("event", Some(endnote_id(annot))),
    };
    EventValue {
        date: date_value(&event.date),
        end: event.end.as_ref().map(date_value),
        title: event.title.clone(),
        kind,
        briefing_title: briefing
            .as_ref()
            .map(|b| b.title.to_string())
            .unwrap_or_default(),
        url: briefing.map(|b| b.url.to_string()).unwrap_or_default(),
        fragment,
    }
}
