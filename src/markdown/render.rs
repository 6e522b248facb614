//! Rendering a [`Document`] to HTML with [`Mark`]s wrapped around ranges of its text.
//!
//! The document's stored events are written once, in order: every event as
//! pulldown-cmark's own HTML writer writes it ([`html`]), and a text event that marks
//! touch in pieces, with the marks' open and close tags between them. So removing the mark
//! elements from the output gives exactly the HTML of the unmarked document, which is
//! pulldown-cmark's byte for byte.
//!
//! Marks are open only around reader text: every other event (tags, breaks, raw HTML,
//! footnote references) closes them first, and the ones still active are reopened before
//! the next piece of text, so the output is always well-formed.

use std::cmp::Reverse;
use std::fmt::Write as _;

use pulldown_cmark::{Event, Tag, TagEnd};
use pulldown_cmark_escape::{escape_html, escape_html_body_text};
use rustc_hash::FxHashMap;

use super::document::{Segment, ceil_char_boundary, floor_char_boundary};
use super::{Document, Mark, MarkElement, Marker, RawHtml, TextRange};
use html::Html;

/// Renders the body HTML of `doc` with `marks` wrapped around their ranges of reader text.
///
/// Overlapping marks are split into fragments that all carry the mark's `data-annot` id;
/// a [`MarkElement::Link`] becomes a `<span data-href>` wherever it would fall inside a
/// link. Code blocks are highlighted, and raw HTML is sanitized when the options say so.
pub fn render(doc: &Document<'_>, marks: &[Mark]) -> String {
    render_marks(doc, marks)
}

/// Renders like [`render`], with marks whose attribute values are any kind of string
/// (borrowed, shared or held inline, as [`numbered`](super::numbered) makes them).
pub fn render_marks<S: AsRef<str>>(doc: &Document<'_>, marks: &[Mark<S>]) -> String {
    render_prepared(doc, &Prepared::new(doc.reader_text(), marks), &[])
}

/// Renders like [`render_marks`], with each [`Marker`]'s HTML written after its place:
/// after the punctuation that closes it there, outside every link.
pub fn render_marks_with_markers<S: AsRef<str>>(
    doc: &Document<'_>,
    marks: &[Mark<S>],
    markers: &[Marker],
) -> String {
    let mut sorted: Vec<&Marker> = markers.iter().collect();
    sorted.sort_by_key(|m| m.at);
    render_prepared(doc, &Prepared::new(doc.reader_text(), marks), &sorted)
}

/// Renders with marks already snapped and sorted (not generic, so compiled once).
fn render_prepared(doc: &Document<'_>, prepared: &Prepared<'_>, markers: &[&Marker]) -> String {
    let capacity = doc.source.len() * 2 + prepared.marks.len() * 160;
    let mut writer = Writer::new(doc, prepared, markers, capacity);
    writer.run();
    let mut html = writer.html.out;
    if doc.options.raw_html == RawHtml::Sanitize && doc.has_raw_html {
        html = match doc.raw_html_too_deep {
            // Reported (see `Document::raw_html_too_deep`); shown as text, never run.
            Some(_) => {
                let mut text = String::with_capacity(html.len() + html.len() / 8);
                let _ = pulldown_cmark_escape::escape_html(&mut text, &html);
                text
            }
            None => super::sanitize::sanitize(&html),
        };
    }
    html
}

/// One mark, snapped to char boundaries, with its attribute values.
struct PreparedMark<'m> {
    start: usize,
    end: usize,
    id: &'m str,
    class: &'m str,
    /// The target of a link mark; `None` for a span.
    href: Option<&'m str>,
}

/// The marks of one render, snapped to char boundaries and sorted.
struct Prepared<'m> {
    /// In order of start, then end descending, then input order: a mark comes before the
    /// marks it contains, so its element is opened around theirs. A mark's index here is
    /// its rank.
    marks: Vec<PreparedMark<'m>>,
}

impl<'m> Prepared<'m> {
    fn new<S: AsRef<str>>(reader: &str, marks: &'m [Mark<S>]) -> Prepared<'m> {
        let ranks = ranks(reader, marks.iter().map(|mark| mark.range));
        // Sized up front: collecting from a filter would grow the table step by step.
        let mut prepared = Vec::with_capacity(ranks.len());
        for &(start, Reverse(end), index) in &ranks {
            let Some(mark) = marks.get(index) else {
                continue;
            };
            let (class, href) = match &mark.element {
                MarkElement::Span { class } => (class.as_ref(), None),
                MarkElement::Link { href, class } => (class.as_ref(), Some(href.as_ref())),
            };
            prepared.push(PreparedMark {
                start,
                end,
                id: mark.id.as_ref(),
                class,
                href,
            });
        }
        Prepared { marks: prepared }
    }
}

/// The non-empty ranges snapped to char boundaries of `reader`, with the index of each in
/// `ranges`, in rank order: by start, then end descending, then index (so a mark comes
/// before the marks it contains, and equal ranges keep their order).
fn ranks(
    reader: &str,
    ranges: impl ExactSizeIterator<Item = TextRange>,
) -> Vec<(usize, Reverse<usize>, usize)> {
    let mut ranks = Vec::with_capacity(ranges.len());
    for (index, range) in ranges.enumerate() {
        let start = floor_char_boundary(reader, range.start);
        let end = ceil_char_boundary(reader, range.end);
        if start < end {
            ranks.push((start, Reverse(end), index));
        }
    }
    sort_runs(&mut ranks);
    ranks
}

/// Sorts `keys`, which mostly come as a few runs already in order (marks in reading
/// order, annotations then mentions): merges the runs, or sorts outright when there are
/// many.
fn sort_runs<T: Ord + Copy>(keys: &mut [T]) {
    const MAX_RUNS: usize = 4;
    let runs = 1 + keys.windows(2).filter(|pair| pair[0] > pair[1]).count();
    if runs == 1 {
        return;
    }
    if runs > MAX_RUNS {
        keys.sort_unstable();
        return;
    }
    let mut merged: Vec<T> = Vec::with_capacity(keys.len());
    let mut sorted = run_end(keys, 0);
    while sorted < keys.len() {
        let end = run_end(keys, sorted);
        let (done, rest) = keys.split_at(sorted);
        merged.clear();
        merge_into(
            &mut merged,
            done,
            rest.get(..end - sorted).unwrap_or_default(),
        );
        if let Some(target) = keys.get_mut(..end) {
            target.copy_from_slice(&merged);
        }
        sorted = end;
    }
}

/// The end of the run in order that starts at `start`.
fn run_end<T: Ord>(keys: &[T], start: usize) -> usize {
    let rest = keys.get(start..).unwrap_or_default();
    let len = rest
        .windows(2)
        .take_while(|pair| pair[0] <= pair[1])
        .count()
        + 1;
    (start + len).min(keys.len())
}

/// Appends the merge of two sorted slices to `out`.
fn merge_into<T: Ord + Copy>(out: &mut Vec<T>, a: &[T], b: &[T]) {
    let (mut a, mut b) = (a.iter().peekable(), b.iter().peekable());
    while let (Some(&&x), Some(&&y)) = (a.peek(), b.peek()) {
        if y < x {
            out.push(y);
            b.next();
        } else {
            out.push(x);
            a.next();
        }
    }
    out.extend(a);
    out.extend(b);
}

/// What the id of a mark's first element starts with (`ref-a3` for `data-annot="a3"`):
/// links from other pages and from the endnotes lead there. The later ranges of one
/// annotation (`occurrence: all`) are `ref-a3-2`, `ref-a3-3`, … in reading order.
pub const MARK_ID_PREFIX: &str = "ref-";

/// Writes the opening tag of a mark: `<a>` when `as_link`, otherwise `<span>` (which
/// carries a link mark's target as `data-href`); the first element of the `ordinal`th
/// mark of its id gets that mark's `id`.
fn write_open_tag(out: &mut String, mark: &PreparedMark<'_>, as_link: bool, ordinal: Option<u32>) {
    if as_link {
        out.push_str("<a");
    } else {
        out.push_str("<span");
    }
    if let Some(ordinal) = ordinal {
        out.push_str(" id=\"");
        out.push_str(MARK_ID_PREFIX);
        write_attr_value(out, mark.id);
        if ordinal > 1 {
            let _ = write!(out, "-{ordinal}");
        }
        out.push('"');
    }
    if !mark.class.is_empty() {
        out.push_str(" class=\"");
        write_attr_value(out, mark.class);
        out.push('"');
    }
    if let Some(href) = mark.href {
        if as_link {
            out.push_str(" href=\"");
        } else {
            out.push_str(" data-href=\"");
        }
        write_attr_value(out, href);
        out.push('"');
    }
    out.push_str(" data-annot=\"");
    write_attr_value(out, mark.id);
    out.push_str("\">");
}

/// Appends an attribute value, escaped.
fn write_attr_value(out: &mut String, value: &str) {
    if value
        .bytes()
        .any(|b| matches!(b, b'<' | b'>' | b'&' | b'"' | b'\''))
    {
        // Writing to a String cannot fail.
        let _ = escape_html(&mut *out, value);
    } else {
        out.push_str(value);
    }
}

/// Writes the document's events as HTML, with the marks' tags around the text they
/// cover.
struct Writer<'d, 'a> {
    doc: &'d Document<'a>,
    marks: &'d [PreparedMark<'d>],
    html: Html<'d>,
    /// Marks whose range contains the current position, in rank order.
    active: Vec<usize>,
    /// Mark elements currently open in the output, outermost first, with whether each was
    /// opened as `<a>`.
    open: Vec<(usize, bool)>,
    /// The next mark (in rank order) not yet started.
    next_start: usize,
    /// How many marks of each id have started (several marks may share an id: the
    /// ranges of `occurrence: all`), and whether each mark has (by rank).
    started: FxHashMap<&'d str, u32>,
    opened: Vec<bool>,

    next_segment: usize,
    code_block: usize,
    link_depth: usize,
    raw_link_depth: usize,

    /// Markers in order of place; those before `next_marker` are written or pending.
    markers: &'d [&'d Marker],
    next_marker: usize,
    /// Markers whose place has been reached but not written yet: a link was open there.
    pending: Vec<&'d Marker>,
    /// How far into the reader text the output has come.
    reached: usize,
}

impl<'d, 'a> Writer<'d, 'a> {
    fn new(
        doc: &'d Document<'a>,
        prepared: &'d Prepared<'d>,
        markers: &'d [&'d Marker],
        capacity: usize,
    ) -> Self {
        Writer {
            doc,
            marks: &prepared.marks,
            html: Html::with_capacity(capacity, doc.options.raw_html == RawHtml::Sanitize),
            active: Vec::new(),
            open: Vec::new(),
            next_start: 0,
            started: FxHashMap::default(),
            opened: vec![false; prepared.marks.len()],

            next_segment: 0,
            code_block: 0,
            link_depth: 0,
            raw_link_depth: 0,

            markers,
            next_marker: 0,
            pending: Vec::new(),
            reached: 0,
        }
    }

    /// Writes every event.
    fn run(&mut self) {
        let events = &self.doc.events;
        let mut i = 0;
        while let Some((event, _)) = events.get(i) {
            i = self.event(i, event);
        }
        self.close_all();
        self.place_markers(usize::MAX);
    }

    /// Writes event `index` (and, for a code block or an image, the events inside it);
    /// returns the index of the next event to write.
    fn event(&mut self, index: usize, event: &'d Event<'a>) -> usize {
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                self.close_all();
                return self.code_block(index);
            }
            Event::Start(Tag::Image { .. }) => {
                self.close_all();
                return self.html.image(&self.doc.events, index);
            }
            Event::Text(text) => match self.segment_of(index) {
                Some(segment) => self.text(&segment, text),
                None => {
                    self.close_all();
                    self.html.text(text);
                }
            },
            Event::Code(text) => match self.segment_of(index) {
                Some(segment) => self.code(&segment, text),
                None => {
                    self.close_all();
                    self.html.code(text);
                }
            },
            _ => {
                self.track(event);
                self.close_all();
                // A marker goes before any tag but a link's end: after that, with the
                // punctuation that follows (the next text event places it).
                if !matches!(event, Event::End(TagEnd::Link)) {
                    self.place_markers(self.reached);
                }
                self.html.event(event);
            }
        }
        index + 1
    }

    /// Whether an `<a>` is open in the output: a Markdown or raw HTML link, or a mark.
    fn in_link(&self) -> bool {
        self.link_depth > 0 || self.raw_link_depth > 0 || self.open.iter().any(|&(_, l)| l)
    }

    /// Takes the markers up to reader offset `at` as pending.
    fn take_markers(&mut self, at: usize) {
        while let Some(&marker) = self.markers.get(self.next_marker) {
            if marker.at > at {
                break;
            }
            self.pending.push(marker);
            self.next_marker += 1;
        }
    }

    /// Takes the markers up to reader offset `at` as pending, and writes the pending ones
    /// unless a link is open.
    fn place_markers(&mut self, at: usize) {
        self.take_markers(at);
        if self.pending.is_empty() || self.in_link() {
            return;
        }
        self.pending.sort_by_key(|m| m.order);
        for marker in self.pending.drain(..) {
            self.html.out.push_str(&marker.html);
        }
        self.html.wrote_directly();
    }

    /// The next place a marker is due, after the ones taken.
    fn next_marker_at(&self) -> usize {
        self.markers
            .get(self.next_marker)
            .map_or(usize::MAX, |m| m.at)
    }

    /// The code block that starts at event `start`, highlighted when its language is
    /// known; returns the index of the event after its end.
    fn code_block(&mut self, start: usize) -> usize {
        let ordinal = self.code_block;
        self.code_block += 1;
        let highlighted = super::highlight::highlighted(self.doc)
            .get(ordinal)
            .and_then(Option::as_deref);
        let events = &self.doc.events;
        let mut i = start;
        while let Some((event, _)) = events.get(i) {
            i += 1;
            match (event, highlighted) {
                (Event::End(TagEnd::CodeBlock), Some(code)) => {
                    self.html.write(code);
                    self.html.event(event);
                    break;
                }
                (Event::End(TagEnd::CodeBlock), None) => {
                    self.html.event(event);
                    break;
                }
                (Event::Text(_), Some(_)) => {}
                _ => self.html.event(event),
            }
        }
        i
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

    /// Whether no mark is open, is active or has a boundary inside `segment`.
    fn untouched(&mut self, segment: &Segment) -> bool {
        self.advance_to(segment.range.start);
        self.active.is_empty() && self.next_boundary_after() >= segment.range.end
    }

    /// A text event, split at every mark boundary inside it.
    fn text(&mut self, segment: &Segment, text: &str) {
        let no_markers = self.pending.is_empty() && self.next_marker_at() > segment.range.end;
        if no_markers && self.open.is_empty() && self.untouched(segment) {
            self.html.text(text);
            self.reached = segment.range.end;
            return;
        }
        let written = self.html.out.len();
        self.write_text(segment, text);
        if self.html.out.len() != written {
            self.html.wrote_directly();
        }
    }

    /// An inline code span, as pulldown-cmark writes it (`<code>` + text + `</code>`),
    /// with the marks inside it around their pieces of its text.
    fn code(&mut self, segment: &Segment, text: &str) {
        self.close_all();
        if self.untouched(segment) {
            self.html.code(text);
            return;
        }
        self.html.write("<code>");
        self.write_text(segment, text);
        self.close_all();
        self.html.write("</code>");
        self.place_markers(self.reached);
    }

    /// Writes a text event's text, split at every mark boundary inside it, with the marks'
    /// tags between the pieces.
    fn write_text(&mut self, segment: &Segment, text: &str) {
        let base = segment.range.start;
        let escaped = needs_escaping(text);
        let mut pos = 0;
        while pos < text.len() {
            self.advance_to(base + pos);
            if !self.markers.is_empty() {
                pos = self.markers_within(segment, text, pos, escaped);
                if pos >= text.len() {
                    break;
                }
            }
            let next = self
                .next_boundary_after()
                .min(self.next_marker_at().max(base + pos + 1))
                .saturating_sub(base)
                .min(text.len());
            let next = if next <= pos { text.len() } else { next };
            let piece = text.get(pos..next).unwrap_or("");
            if !piece.is_empty() {
                self.sync();
                self.write_piece(piece, escaped);
            }
            pos = next;
            self.reached = base + pos;
        }
        if !self.markers.is_empty() {
            self.markers_within(segment, text, pos.min(text.len()), escaped);
        }
    }

    /// At `pos` of a text event: when markers are due there and no link would hold them,
    /// closes the marks that ended, writes the closing punctuation that follows, then the
    /// markers. Returns where the text goes on.
    fn markers_within(
        &mut self,
        segment: &Segment,
        text: &str,
        pos: usize,
        escaped: bool,
    ) -> usize {
        let base = segment.range.start;
        let here = base + pos;
        if self.pending.is_empty() && self.next_marker_at() > here {
            return pos;
        }
        // Close what ended here, without opening what starts here.
        self.close_inactive();
        if self.in_link() {
            self.place_markers(here);
            return pos;
        }
        // Punctuation that closes the passage comes before its number, unless a mark
        // starts at it.
        let starts_here = self.active.len() > self.open.len();
        let closing = match starts_here {
            true => 0,
            false => closing_punctuation(&text[pos..]),
        };
        let closing = closing.min(self.next_boundary_after().saturating_sub(here));
        if closing > 0 {
            self.sync();
            self.write_piece(&text[pos..pos + closing], escaped);
            // Close the marks that end with the punctuation.
            self.advance_to(here + closing);
            self.close_inactive();
        }
        self.reached = here + closing;
        if pos + closing == text.len() {
            // The punctuation may go on in the next event (`,` then a smart `”`).
            self.take_markers(here);
        } else {
            self.place_markers(here);
        }
        pos + closing
    }

    /// Writes a piece of a text event's text, escaped when the event needs it.
    fn write_piece(&mut self, piece: &str, escaped: bool) {
        let out = &mut self.html.out;
        if escaped {
            // Writing to a String cannot fail.
            let _ = escape_html_body_text(&mut *out, piece);
        } else {
            out.push_str(piece);
        }
    }

    /// Closes the open elements down to the first whose mark is no longer active.
    fn close_inactive(&mut self) {
        let keep = self
            .open
            .iter()
            .zip(&self.active)
            .take_while(|((open, _), active)| open == *active)
            .count();
        while self.open.len() > keep {
            self.close_one();
        }
    }

    /// Makes the active marks those whose range contains `at`: the ones that ended at or
    /// before it leave, the ones that start at or before it join.
    fn advance_to(&mut self, at: usize) {
        let marks = self.marks;
        self.active.retain(|&m| marks[m].end > at);
        while let Some(m) = marks.get(self.next_start) {
            if m.start > at {
                break;
            }
            if m.end > at {
                // Marks start in rank order, so the list stays sorted by rank.
                self.active.push(self.next_start);
            }
            self.next_start += 1;
        }
    }

    /// The next position where a mark starts or ends, after those already applied.
    fn next_boundary_after(&self) -> usize {
        let marks = self.marks;
        let next_start = marks.get(self.next_start).map_or(usize::MAX, |m| m.start);
        let first_end = self.active.iter().map(|&m| marks[m].end).min();
        first_end.map_or(next_start, |end| end.min(next_start))
    }

    /// Makes the open elements match the active marks: closes down to the first element
    /// that is no longer active and opens the active marks after it.
    fn sync(&mut self) {
        self.close_inactive();
        let keep = self.open.len();
        for &mark in &self.active[keep..] {
            let m = &self.marks[mark];
            let is_link = m.href.is_some() && !self.in_link();
            // A mark starts where its range does, so marks of one id start in reading
            // order: the nth gets the nth anchor.
            let ordinal = match self.opened.get_mut(mark) {
                Some(opened) if !*opened => {
                    *opened = true;
                    let count = self.started.entry(m.id).or_insert(0);
                    *count += 1;
                    Some(*count)
                }
                _ => None,
            };
            write_open_tag(&mut self.html.out, m, is_link, ordinal);
            self.open.push((mark, is_link));
        }
    }

    fn close_one(&mut self) {
        match self.open.pop() {
            Some((_, true)) => self.html.write("</a>"),
            Some((_, false)) => self.html.write("</span>"),
            None => {}
        }
    }

    /// Closes every open mark element.
    fn close_all(&mut self) {
        while !self.open.is_empty() {
            self.close_one();
        }
    }
}

/// The length of the run of closing punctuation `text` starts with (`.`, `,`, `”`, `)`…).
fn closing_punctuation(text: &str) -> usize {
    text.char_indices()
        .find(|&(_, c)| {
            !matches!(
                c,
                '.' | ','
                    | ';'
                    | ':'
                    | '!'
                    | '?'
                    | ')'
                    | ']'
                    | '}'
                    | '"'
                    | '\''
                    | '\u{2019}'
                    | '\u{201D}'
                    | '\u{00BB}'
                    | '\u{2026}'
            )
        })
        .map_or(text.len(), |(i, _)| i)
}

/// Whether pulldown-cmark's writer changes `text` when it escapes a text event.
fn needs_escaping(text: &str) -> bool {
    memchr::memchr3(b'<', b'>', b'&', text.as_bytes()).is_some()
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

mod html;
mod raw_attrs;
#[cfg(test)]
mod tests;
