//! Rendering a [`Document`] to HTML with [`Mark`]s injected into its event stream.
//!
//! Marks become `Event::InlineHtml` open and close tags around pieces of text events, so
//! pulldown-cmark's own HTML writer produces everything else: removing the mark elements
//! from the output gives exactly the HTML of the unmarked document.
//!
//! Marks are open only around reader text: every other event (tags, breaks, raw HTML,
//! footnote references) closes them first, and the ones still active are reopened before
//! the next piece of text, so the output is always well-formed.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use super::document::{Segment, ceil_char_boundary, floor_char_boundary};
use super::{Document, Mark, MarkElement, RawHtml};

/// Renders the body HTML of `doc` with `marks` wrapped around their ranges of reader text.
///
/// Overlapping marks are split into fragments that all carry the mark's `data-annot` id;
/// a [`MarkElement::Link`] becomes a `<span data-href>` wherever it would fall inside a
/// link. Code blocks are highlighted, and raw HTML is sanitized when the options say so.
pub fn render(doc: &Document<'_>, marks: &[Mark]) -> String {
    let prepared = Prepared::new(doc.reader_text(), marks);
    let events = Stream {
        injector: Injector::new(doc, &prepared),
        queue: VecDeque::with_capacity(16),
        next: 0,
        done: false,
    };
    let mut html = String::with_capacity(doc.source.len() * 2 + prepared.tags.len() * 4);
    pulldown_cmark::html::push_html(&mut html, events);
    if doc.options.raw_html == RawHtml::Sanitize && doc.has_raw_html {
        html = super::sanitize::sanitize(&html);
    }
    html
}

/// One mark, snapped to char boundaries, with where its tags are in [`Prepared::tags`].
struct PreparedMark {
    start: usize,
    end: usize,
    /// `<span ...>` (for links: with `data-href`).
    open_span: Range<usize>,
    /// `<a ...>`, for links.
    open_link: Option<Range<usize>>,
}

/// A mark starting or ending at a reader-text position.
#[derive(Clone, Copy)]
struct Boundary {
    at: usize,
    mark: usize,
    is_start: bool,
}

/// The marks of one render, sorted and with their boundaries in reading order.
struct Prepared {
    marks: Vec<PreparedMark>,
    /// Every opening tag, one after the other (one allocation for them all).
    tags: String,
    /// For each mark, its rank in (start asc, end desc, input order): outer marks first.
    rank: Vec<usize>,
    boundaries: Vec<Boundary>,
}

impl Prepared {
    fn new(reader: &str, marks: &[Mark]) -> Prepared {
        let mut prepared: Vec<PreparedMark> = Vec::with_capacity(marks.len());
        let mut tags = String::with_capacity(marks.iter().map(tag_size).sum());
        for mark in marks {
            let start = floor_char_boundary(reader, mark.range.start);
            let end = ceil_char_boundary(reader, mark.range.end);
            if start >= end {
                continue;
            }
            let (open_span, open_link) = open_tags(&mut tags, mark);
            prepared.push(PreparedMark {
                start,
                end,
                open_span,
                open_link,
            });
        }
        let mut order: Vec<(usize, std::cmp::Reverse<usize>, usize)> = prepared
            .iter()
            .enumerate()
            .map(|(i, m)| (m.start, std::cmp::Reverse(m.end), i))
            .collect();
        order.sort_unstable();
        let mut rank = vec![0; prepared.len()];
        for (r, &(_, _, i)) in order.iter().enumerate() {
            rank[i] = r;
        }
        let mut boundaries = Vec::with_capacity(prepared.len() * 2);
        for (i, m) in prepared.iter().enumerate() {
            boundaries.push(Boundary {
                at: m.start,
                mark: i,
                is_start: true,
            });
            boundaries.push(Boundary {
                at: m.end,
                mark: i,
                is_start: false,
            });
        }
        boundaries.sort_unstable_by_key(|b| (b.at, !b.is_start, b.mark));
        Prepared {
            marks: prepared,
            tags,
            rank,
            boundaries,
        }
    }

    /// An opening tag.
    fn tag(&self, range: &Range<usize>) -> &str {
        self.tags.get(range.clone()).unwrap_or("")
    }
}

/// An upper bound of the bytes of a mark's opening tags (before escaping).
fn tag_size(mark: &Mark) -> usize {
    let size = match &mark.element {
        MarkElement::Span { class } => class.len(),
        MarkElement::Link { href, class } => 2 * (class.len() + href.len()) + 60,
    };
    48 + size + mark.id.len() * 2
}

/// Writes the opening tags of a mark into `tags`: as a span, and (for links) as a link.
fn open_tags(tags: &mut String, mark: &Mark) -> (Range<usize>, Option<Range<usize>>) {
    let start = tags.len();
    tags.push_str("<span");
    match &mark.element {
        MarkElement::Span { class } => {
            push_attr(tags, "class", class, true);
            push_attr(tags, "data-annot", &mark.id, false);
            tags.push('>');
            (start..tags.len(), None)
        }
        MarkElement::Link { href, class } => {
            push_attr(tags, "class", class, true);
            push_attr(tags, "data-href", href, false);
            push_attr(tags, "data-annot", &mark.id, false);
            tags.push('>');
            let span = start..tags.len();
            tags.push_str("<a");
            push_attr(tags, "class", class, true);
            push_attr(tags, "href", href, false);
            push_attr(tags, "data-annot", &mark.id, false);
            tags.push('>');
            (span.clone(), Some(span.end..tags.len()))
        }
    }
}

/// Appends ` name="value"` with the value escaped (skipped when empty and optional).
fn push_attr(out: &mut String, name: &str, value: &str, optional: bool) {
    if optional && value.is_empty() {
        return;
    }
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    if value
        .bytes()
        .any(|b| matches!(b, b'<' | b'>' | b'&' | b'"' | b'\''))
    {
        // Writing to a String cannot fail.
        let _ = escape_html(&mut *out, value);
    } else {
        out.push_str(value);
    }
    out.push('"');
}

/// The marked event stream, produced as pulldown-cmark's writer asks for it.
struct Stream<'d, 'a> {
    injector: Injector<'d, 'a>,
    /// Events produced and not yet taken.
    queue: Out<'d>,
    /// The next document event to process.
    next: usize,
    done: bool,
}

impl<'d> Iterator for Stream<'d, '_> {
    type Item = Event<'d>;

    fn next(&mut self) -> Option<Event<'d>> {
        if self.queue.is_empty() && !self.done {
            if let Some(event) = self.injector.passthrough(self.next) {
                self.next += 1;
                return Some(event);
            }
        }
        while self.queue.is_empty() && !self.done {
            if self.next >= self.injector.doc.events.len() {
                self.injector.close_all(&mut self.queue);
                self.done = true;
            } else {
                self.next = self.injector.step(self.next, &mut self.queue);
            }
        }
        self.queue.pop_front()
    }
}

/// Walks the document's events and writes the marked event stream.
struct Injector<'d, 'a> {
    doc: &'d Document<'a>,
    prepared: &'d Prepared,
    /// Marks whose range contains the current position, ordered by rank.
    active: Vec<usize>,
    /// Mark elements currently open in the output, outermost first, with whether each was
    /// opened as `<a>`.
    open: Vec<(usize, bool)>,
    next_boundary: usize,
    next_segment: usize,
    code_block: usize,
    link_depth: usize,
    raw_link_depth: usize,
}

type Out<'d> = VecDeque<Event<'d>>;

impl<'d, 'a> Injector<'d, 'a> {
    fn new(doc: &'d Document<'a>, prepared: &'d Prepared) -> Self {
        Injector {
            doc,
            prepared,
            active: Vec::new(),
            open: Vec::new(),
            next_boundary: 0,
            next_segment: 0,
            code_block: 0,
            link_depth: 0,
            raw_link_depth: 0,
        }
    }

    /// Writes the events for the document event at `i` (and any it consumes with it, such
    /// as a whole code block or image); returns the index of the next one to process.
    fn step(&mut self, i: usize, out: &mut Out<'d>) -> usize {
        let Some((event, _)) = self.doc.events.get(i) else {
            self.close_all(out);
            return i;
        };
        let segment = self.segment_of(i);
        match (event, segment) {
            (Event::Start(Tag::CodeBlock(_)), _) => {
                self.close_all(out);
                return self.code_block(i, out);
            }
            (Event::Start(Tag::Image { .. }), _) => {
                self.close_all(out);
                return self.copy_image(i, out);
            }
            (Event::Text(text), Some(segment)) => self.text(&segment, text, out),
            (Event::Code(text), Some(segment)) => self.code(&segment, text, out),
            (event, _) => {
                self.close_all(out);
                self.track(event);
                out.push_back(reborrow(event));
            }
        }
        i + 1
    }

    /// The event at `i` unchanged, when no mark is open and none starts or ends in it
    /// (the common case, without going through the queue).
    fn passthrough(&mut self, i: usize) -> Option<Event<'d>> {
        if !self.open.is_empty() {
            return None;
        }
        let doc = self.doc;
        let (event, _) = doc.events.get(i)?;
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. }) => None,
            Event::Text(_) | Event::Code(_) => {
                let segment = self.segment_of(i);
                if let Some(segment) = segment {
                    self.advance_to(segment.range.start);
                    let untouched =
                        self.active.is_empty() && self.next_boundary_after() >= segment.range.end;
                    if !untouched {
                        return None;
                    }
                }
                Some(reborrow(event))
            }
            _ => {
                self.track(event);
                Some(reborrow(event))
            }
        }
    }

    /// The reader-text segment of event `index`, if it has one.
    fn segment_of(&mut self, index: usize) -> Option<Segment> {
        let segments = &self.doc.segments;
        while segments
            .get(self.next_segment)
            .is_some_and(|s| s.event < index)
        {
            self.next_segment += 1;
        }
        segments
            .get(self.next_segment)
            .filter(|s| s.event == index)
            .copied()
    }

    /// Keeps track of links, in Markdown and in raw HTML, that a mark must not nest in.
    fn track(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::Link { .. }) => self.link_depth += 1,
            Event::End(TagEnd::Link) => self.link_depth = self.link_depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                let (opened, closed) = count_raw_links(html);
                self.raw_link_depth = (self.raw_link_depth + opened).saturating_sub(closed);
            }
            _ => {}
        }
    }

    /// Writes a text event, split at every mark boundary inside it.
    fn text(&mut self, segment: &Segment, text: &'d CowStr<'a>, out: &mut Out<'d>) {
        let base = segment.range.start;
        let mut pos = 0;
        while pos < text.len() {
            self.advance_to(base + pos);
            let next = self
                .next_boundary_after()
                .saturating_sub(base)
                .min(text.len());
            let next = if next <= pos { text.len() } else { next };
            let piece = text.get(pos..next).unwrap_or("");
            if !piece.is_empty() {
                self.sync(out);
                out.push_back(Event::Text(CowStr::Borrowed(piece)));
            }
            pos = next;
        }
    }

    /// Writes an inline code span: unchanged when no mark touches it, otherwise as
    /// `<code>` + marked text + `</code>`, exactly as pulldown-cmark writes a code span.
    fn code(&mut self, segment: &Segment, text: &'d CowStr<'a>, out: &mut Out<'d>) {
        self.close_all(out);
        self.advance_to(segment.range.start);
        let touched = !self.active.is_empty() || self.next_boundary_after() < segment.range.end;
        if !touched {
            out.push_back(Event::Code(CowStr::Borrowed(text)));
            return;
        }
        out.push_back(Event::InlineHtml(CowStr::Borrowed("<code>")));
        self.text(segment, text, out);
        self.close_all(out);
        out.push_back(Event::InlineHtml(CowStr::Borrowed("</code>")));
    }

    /// Copies an image (whose alt text is not reader text) unchanged; returns the index
    /// after its end.
    fn copy_image(&mut self, start: usize, out: &mut Out<'d>) -> usize {
        let mut depth = 0usize;
        let mut i = start;
        while let Some((event, _)) = self.doc.events.get(i) {
            out.push_back(reborrow(event));
            i += 1;
            match event {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        i
    }

    /// Writes a code block, highlighted when its language is known; returns the index
    /// after its end.
    fn code_block(&mut self, start: usize, out: &mut Out<'d>) -> usize {
        let ordinal = self.code_block;
        self.code_block += 1;
        let highlighted = super::highlight::highlighted(self.doc)
            .get(ordinal)
            .and_then(Option::as_deref);
        let mut i = start;
        while let Some((event, _)) = self.doc.events.get(i) {
            i += 1;
            let is_end = matches!(event, Event::End(TagEnd::CodeBlock));
            match (event, highlighted) {
                (Event::Text(_), Some(_)) => {}
                (Event::End(_), Some(html)) if is_end => {
                    out.push_back(Event::Html(CowStr::Borrowed(html)));
                    out.push_back(reborrow(event));
                }
                _ => out.push_back(reborrow(event)),
            }
            if is_end {
                break;
            }
        }
        i
    }

    /// Applies every boundary at or before `at`.
    fn advance_to(&mut self, at: usize) {
        while let Some(b) = self.prepared.boundaries.get(self.next_boundary) {
            if b.at > at {
                break;
            }
            self.next_boundary += 1;
            let rank = &self.prepared.rank;
            let key = rank[b.mark];
            let place = self.active.partition_point(|&m| rank[m] < key);
            if b.is_start {
                self.active.insert(place, b.mark);
            } else if self.active.get(place) == Some(&b.mark) {
                self.active.remove(place);
            }
        }
    }

    /// The position of the next boundary not yet applied.
    fn next_boundary_after(&self) -> usize {
        self.prepared
            .boundaries
            .get(self.next_boundary)
            .map_or(usize::MAX, |b| b.at)
    }

    /// Makes the open elements match the active marks: closes down to the first element
    /// that is no longer active and opens the active marks after it.
    fn sync(&mut self, out: &mut Out<'d>) {
        let keep = self
            .open
            .iter()
            .zip(&self.active)
            .take_while(|((open, _), active)| open == *active)
            .count();
        while self.open.len() > keep {
            self.close_one(out);
        }
        for &mark in &self.active[keep..] {
            let m = &self.prepared.marks[mark];
            let inside_link = self.link_depth > 0
                || self.raw_link_depth > 0
                || self.open.iter().any(|&(_, is_link)| is_link);
            let (tag, is_link) = match &m.open_link {
                Some(link) if !inside_link => (self.prepared.tag(link), true),
                _ => (self.prepared.tag(&m.open_span), false),
            };
            out.push_back(Event::InlineHtml(CowStr::Borrowed(tag)));
            self.open.push((mark, is_link));
        }
    }

    fn close_one(&mut self, out: &mut Out<'d>) {
        if let Some((_, is_link)) = self.open.pop() {
            let tag = if is_link { "</a>" } else { "</span>" };
            out.push_back(Event::InlineHtml(CowStr::Borrowed(tag)));
        }
    }

    fn close_all(&mut self, out: &mut Out<'d>) {
        while !self.open.is_empty() {
            self.close_one(out);
        }
    }
}

/// An event borrowing its strings from `event` (no allocation).
fn reborrow<'d>(event: &'d Event<'_>) -> Event<'d> {
    let b = |s: &'d CowStr<'_>| CowStr::Borrowed(s);
    match event {
        Event::Text(s) => Event::Text(b(s)),
        Event::Code(s) => Event::Code(b(s)),
        Event::Html(s) => Event::Html(b(s)),
        Event::InlineHtml(s) => Event::InlineHtml(b(s)),
        Event::FootnoteReference(s) => Event::FootnoteReference(b(s)),
        Event::InlineMath(s) => Event::InlineMath(b(s)),
        Event::DisplayMath(s) => Event::DisplayMath(b(s)),
        Event::Start(tag) => Event::Start(reborrow_tag(tag)),
        Event::End(end) => Event::End(*end),
        Event::SoftBreak => Event::SoftBreak,
        Event::HardBreak => Event::HardBreak,
        Event::Rule => Event::Rule,
        Event::TaskListMarker(checked) => Event::TaskListMarker(*checked),
    }
}

fn reborrow_tag<'d>(tag: &'d Tag<'_>) -> Tag<'d> {
    let b = |s: &'d CowStr<'_>| CowStr::Borrowed(s);
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type: *link_type,
            dest_url: b(dest_url),
            title: b(title),
            id: b(id),
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Image {
            link_type: *link_type,
            dest_url: b(dest_url),
            title: b(title),
            id: b(id),
        },
        Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info)) => {
            Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(b(info)))
        }
        Tag::FootnoteDefinition(label) => Tag::FootnoteDefinition(b(label)),
        other => other.clone().into_static(),
    }
}

/// Counts the `<a ...>` and `</a>` tags in a piece of raw HTML.
fn count_raw_links(html: &str) -> (usize, usize) {
    let bytes = html.as_bytes();
    let (mut opened, mut closed) = (0, 0);
    for (i, _) in html.match_indices('<') {
        let rest = &bytes[i + 1..];
        let (is_close, rest) = match rest.first() {
            Some(b'/') => (true, &rest[1..]),
            _ => (false, rest),
        };
        let is_a = matches!(rest.first(), Some(b'a' | b'A'))
            && matches!(
                rest.get(1),
                None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/')
            );
        if is_a {
            if is_close {
                closed += 1;
            } else {
                opened += 1;
            }
        }
    }
    (opened, closed)
}

#[cfg(test)]
mod tests;
