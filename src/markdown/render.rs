//! Rendering a [`Document`] to HTML with [`Mark`]s wrapped around ranges of its text.
//!
//! pulldown-cmark's own HTML writer writes every event that no mark touches. A text event
//! that a mark touches is written here instead, into the same output, as the writer would
//! write its pieces with the marks' open and close tags between them; so removing the mark
//! elements from the output gives exactly the HTML of the unmarked document.
//!
//! Marks are open only around reader text: every other event (tags, breaks, raw HTML,
//! footnote references) closes them first, and the ones still active are reopened before
//! the next piece of text, so the output is always well-formed.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::fmt;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::{escape_html, escape_html_body_text};

use super::document::{Segment, ceil_char_boundary, floor_char_boundary};
use super::{Document, Mark, MarkElement, RawHtml, TextRange};

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
    render_prepared(doc, &Prepared::new(doc.reader_text(), marks))
}

/// Renders with marks already snapped and sorted (not generic, so compiled once).
fn render_prepared(doc: &Document<'_>, prepared: &Prepared<'_>) -> String {
    let mut html = match prepared.marks.is_empty() {
        true => render_unmarked(doc, prepared),
        false => render_shared(doc, prepared),
    };
    if doc.options.raw_html == RawHtml::Sanitize && doc.has_raw_html {
        html = super::sanitize::sanitize(&html);
    }
    html
}

/// The HTML with no marks to write (not sanitized). The stream then never writes, so
/// pulldown-cmark's writer owns the output.
fn render_unmarked(doc: &Document<'_>, prepared: &Prepared<'_>) -> String {
    let mut html = String::with_capacity(doc.source.len() * 2);
    let unused = RefCell::new(String::new());
    pulldown_cmark::html::push_html(&mut html, Stream::new(doc, prepared, &unused));
    html
}

/// The HTML with the marks' tags written among the writer's (not sanitized): the writer
/// and the stream share the output.
fn render_shared(doc: &Document<'_>, prepared: &Prepared<'_>) -> String {
    let out = RefCell::new(String::with_capacity(
        doc.source.len() * 2 + prepared.marks.len() * 160,
    ));
    let events = Stream::new(doc, prepared, &out);
    // Writing to a String cannot fail.
    let _ = pulldown_cmark::html::write_html_fmt(SharedOutput(&out), events);
    out.into_inner()
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

/// Writes the opening tag of a mark: `<a>` when `as_link`, otherwise `<span>` (which
/// carries a link mark's target as `data-href`).
fn write_open_tag(out: &mut String, mark: &PreparedMark<'_>, as_link: bool) {
    if as_link {
        out.push_str("<a");
    } else {
        out.push_str("<span");
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

/// The output HTML, written to by pulldown-cmark's writer and by [`Stream`] in turn: the
/// writer asks the stream for the next event only once it has written the previous one.
struct SharedOutput<'o>(&'o RefCell<String>);

impl fmt::Write for SharedOutput<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.borrow_mut().push_str(s);
        Ok(())
    }
}

/// The event stream that pulldown-cmark's writer renders: the document's events, with
/// the text that marks touch written straight into the output.
///
/// What is written directly is written minus its last character, which is handed to the
/// writer as an `InlineHtml` event: the writer then knows, as it would have had it written
/// everything itself, whether the output ends with a newline (it decides from that
/// whether a block's opening tag goes on a new line).
struct Stream<'d, 'a> {
    doc: &'d Document<'a>,
    prepared: &'d Prepared<'d>,
    out: &'d RefCell<String>,
    /// An event to hand over before going on with the document.
    pending: Option<Event<'d>>,
    /// The next document event to process.
    next: usize,
    /// Inside a code block or an image, copied as it is.
    copying: Option<Copying<'d>>,
    /// Marks whose range contains the current position, in rank order.
    active: Vec<usize>,
    /// Mark elements currently open in the output, outermost first, with whether each was
    /// opened as `<a>`.
    open: Vec<(usize, bool)>,
    /// The next mark (in rank order) not yet started.
    next_start: usize,

    next_segment: usize,
    code_block: usize,
    link_depth: usize,
    raw_link_depth: usize,
}

/// A run of events copied unchanged (none of them is reader text).
#[derive(Clone, Copy)]
enum Copying<'d> {
    /// An image, with how many images deep the copy is.
    Image { depth: usize },
    /// A code block, with its highlighted HTML when its language is known.
    CodeBlock { highlighted: Option<&'d str> },
}

impl<'d> Iterator for Stream<'d, '_> {
    type Item = Event<'d>;

    fn next(&mut self) -> Option<Event<'d>> {
        if self.pending.is_some() {
            return self.pending.take();
        }
        if self.is_quiet() {
            return self.next_quiet();
        }
        loop {
            if let Some(copying) = self.copying {
                match self.copy_next(copying) {
                    Some(event) => return Some(event),
                    None => continue,
                }
            }
            let i = self.next;
            let Some((event, _)) = self.doc.events.get(i) else {
                return self.close_all();
            };
            let segment = self.segment_of(i);
            match (event, segment) {
                (Event::Start(Tag::CodeBlock(_)), _) => {
                    self.copying = Some(Copying::CodeBlock {
                        highlighted: self.highlighted_code_block(),
                    });
                    if let Some(close) = self.close_all() {
                        return Some(close);
                    }
                }
                (Event::Start(Tag::Image { .. }), _) => {
                    self.copying = Some(Copying::Image { depth: 0 });
                    if let Some(close) = self.close_all() {
                        return Some(close);
                    }
                }
                (Event::Text(text), Some(segment)) => {
                    self.next += 1;
                    if let Some(event) = self.text_event(event, &segment, text) {
                        return Some(event);
                    }
                }
                (Event::Code(text), Some(segment)) => {
                    self.next += 1;
                    return Some(self.code_event(event, &segment, text));
                }
                (event, _) => {
                    self.next += 1;
                    self.track(event);
                    if self.open.is_empty() {
                        return Some(reborrow(event));
                    }
                    return Some(self.after_closing(reborrow(event)));
                }
            }
        }
    }
}

impl<'d, 'a> Stream<'d, 'a> {
    fn new(doc: &'d Document<'a>, prepared: &'d Prepared<'d>, out: &'d RefCell<String>) -> Self {
        Stream {
            doc,
            prepared,
            out,
            pending: None,
            next: 0,
            copying: None,
            active: Vec::new(),
            open: Vec::new(),
            next_start: 0,

            next_segment: 0,
            code_block: 0,
            link_depth: 0,
            raw_link_depth: 0,
        }
    }

    /// Whether no mark is open or active and none starts any more: the rest of the document is
    /// written as it is (code blocks still highlighted).
    fn is_quiet(&self) -> bool {
        self.open.is_empty()
            && self.active.is_empty()
            && self.next_start >= self.prepared.marks.len()
            && self.copying.is_none()
    }

    /// The next event once the stream [`is_quiet`](Stream::is_quiet).
    fn next_quiet(&mut self) -> Option<Event<'d>> {
        let (event, _) = self.doc.events.get(self.next)?;
        if let Event::Start(Tag::CodeBlock(_)) = event {
            let highlighted = self.highlighted_code_block();
            self.copying = Some(Copying::CodeBlock { highlighted });
            return self.next();
        }
        self.next += 1;
        Some(reborrow(event))
    }

    /// The highlighted HTML of the next code block, if its language is known.
    fn highlighted_code_block(&mut self) -> Option<&'d str> {
        let ordinal = self.code_block;
        self.code_block += 1;
        super::highlight::highlighted(self.doc)
            .get(ordinal)
            .and_then(Option::as_deref)
    }

    /// The next event of a code block or image being copied; `None` when it is left out
    /// (the text of a highlighted code block).
    fn copy_next(&mut self, copying: Copying<'d>) -> Option<Event<'d>> {
        let Some((event, _)) = self.doc.events.get(self.next) else {
            self.copying = None;
            return None;
        };
        self.next += 1;
        match copying {
            Copying::Image { depth } => {
                let depth = match event {
                    Event::Start(Tag::Image { .. }) => depth + 1,
                    Event::End(TagEnd::Image) => depth.saturating_sub(1),
                    _ => depth,
                };
                self.copying = (depth > 0).then_some(Copying::Image { depth });
                Some(reborrow(event))
            }
            Copying::CodeBlock { highlighted } => match (event, highlighted) {
                (Event::End(TagEnd::CodeBlock), Some(html)) => {
                    self.copying = None;
                    self.pending = Some(reborrow(event));
                    Some(Event::Html(CowStr::Borrowed(html)))
                }
                (Event::End(TagEnd::CodeBlock), None) => {
                    self.copying = None;
                    Some(reborrow(event))
                }
                (Event::Text(_), Some(_)) => None,
                _ => Some(reborrow(event)),
            },
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

    /// Whether no mark is open, is active or has a boundary inside `segment`.
    fn untouched(&mut self, segment: &Segment) -> bool {
        self.advance_to(segment.range.start);
        self.active.is_empty() && self.next_boundary_after() >= segment.range.end
    }

    /// A text event: handed over as it is when no mark touches it; otherwise written
    /// here, split at every mark boundary inside it. `None` when nothing was written.
    fn text_event(
        &mut self,
        event: &'d Event<'a>,
        segment: &Segment,
        text: &str,
    ) -> Option<Event<'d>> {
        if self.open.is_empty() && self.untouched(segment) {
            return Some(reborrow(event));
        }
        let mut out = self.out.borrow_mut();
        let written = out.len();
        self.write_text(&mut out, segment, text);
        if out.len() == written {
            return None;
        }
        Some(hand_over_last_char(&mut out))
    }

    /// An inline code span: handed over as it is when no mark touches it (after closing
    /// the open marks); otherwise written here as `<code>` + marked text + `</code>`,
    /// exactly as pulldown-cmark writes a code span.
    fn code_event(&mut self, event: &'d Event<'a>, segment: &Segment, text: &str) -> Event<'d> {
        if self.untouched(segment) {
            return self.after_closing(reborrow(event));
        }
        let mut out = self.out.borrow_mut();
        self.write_close_all(&mut out);
        out.push_str("<code>");
        self.write_text(&mut out, segment, text);
        self.write_close_all(&mut out);
        out.push_str("</code>");
        hand_over_last_char(&mut out)
    }

    /// Writes a text event's text, split at every mark boundary inside it, with the marks'
    /// tags between the pieces.
    fn write_text(&mut self, out: &mut String, segment: &Segment, text: &str) {
        let base = segment.range.start;
        let escaped = needs_escaping(text);
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
                if escaped {
                    // Writing to a String cannot fail.
                    let _ = escape_html_body_text(&mut *out, piece);
                } else {
                    out.push_str(piece);
                }
            }
            pos = next;
        }
    }

    /// `event`, after the closing tags of the open marks (if any) have been handed over.
    fn after_closing(&mut self, event: Event<'d>) -> Event<'d> {
        match self.close_all() {
            Some(close) => {
                self.pending = Some(event);
                close
            }
            None => event,
        }
    }

    /// Closes every open mark: writes the closing tags but the last, which it returns as
    /// an event to hand over; `None` when no mark is open.
    fn close_all(&mut self) -> Option<Event<'d>> {
        if self.open.len() > 1 {
            let mut out = self.out.borrow_mut();
            while self.open.len() > 1 {
                self.write_close_one(&mut out);
            }
        }
        let (_, outermost_is_link) = self.open.pop()?;
        Some(Event::InlineHtml(CowStr::Borrowed(closing_tag(
            outermost_is_link,
        ))))
    }

    /// Makes the active marks those whose range contains `at`: the ones that ended at or
    /// before it leave, the ones that start at or before it join.
    fn advance_to(&mut self, at: usize) {
        let marks = &self.prepared.marks;
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
        let marks = &self.prepared.marks;
        let next_start = marks.get(self.next_start).map_or(usize::MAX, |m| m.start);
        let first_end = self.active.iter().map(|&m| marks[m].end).min();
        first_end.map_or(next_start, |end| end.min(next_start))
    }

    /// Makes the open elements match the active marks: closes down to the first element
    /// that is no longer active and opens the active marks after it.
    fn sync(&mut self, out: &mut String) {
        let keep = self
            .open
            .iter()
            .zip(&self.active)
            .take_while(|((open, _), active)| open == *active)
            .count();
        while self.open.len() > keep {
            self.write_close_one(out);
        }
        for &mark in &self.active[keep..] {
            let m = &self.prepared.marks[mark];
            let inside_link = self.link_depth > 0
                || self.raw_link_depth > 0
                || self.open.iter().any(|&(_, is_link)| is_link);
            let is_link = m.href.is_some() && !inside_link;
            write_open_tag(out, m, is_link);
            self.open.push((mark, is_link));
        }
    }

    fn write_close_one(&mut self, out: &mut String) {
        match self.open.pop() {
            Some((_, true)) => out.push_str("</a>"),
            Some((_, false)) => out.push_str("</span>"),
            None => {}
        }
    }

    fn write_close_all(&mut self, out: &mut String) {
        while !self.open.is_empty() {
            self.write_close_one(out);
        }
    }
}

/// Whether pulldown-cmark's writer changes `text` when it escapes a text event.
fn needs_escaping(text: &str) -> bool {
    memchr::memchr3(b'<', b'>', b'&', text.as_bytes()).is_some()
}

/// The closing tag of a mark element.
fn closing_tag(is_link: bool) -> &'static str {
    if is_link { "</a>" } else { "</span>" }
}

/// Takes the last character off `out` (which is not empty) and returns it as the event
/// that hands it to the writer.
fn hand_over_last_char(out: &mut String) -> Event<'static> {
    let last = out.pop().unwrap_or('>');
    Event::InlineHtml(CowStr::from(last))
}

/// An event borrowing its strings from `event` (no allocation).
fn reborrow<'d>(event: &'d Event<'_>) -> Event<'d> {
    match event {
        Event::Text(s) => Event::Text(reborrow_str(s)),
        Event::Start(tag) => Event::Start(reborrow_tag(tag)),
        Event::End(end) => Event::End(*end),
        Event::Code(s) => Event::Code(reborrow_str(s)),
        Event::SoftBreak => Event::SoftBreak,
        Event::HardBreak => Event::HardBreak,
        Event::Html(s) => Event::Html(reborrow_str(s)),
        Event::InlineHtml(s) => Event::InlineHtml(reborrow_str(s)),
        Event::FootnoteReference(s) => Event::FootnoteReference(reborrow_str(s)),
        Event::InlineMath(s) => Event::InlineMath(reborrow_str(s)),
        Event::DisplayMath(s) => Event::DisplayMath(reborrow_str(s)),
        Event::Rule => Event::Rule,
        Event::TaskListMarker(checked) => Event::TaskListMarker(*checked),
    }
}

/// A string borrowing from `s` (or a copy of it, when it is stored inline).
fn reborrow_str<'d>(s: &'d CowStr<'_>) -> CowStr<'d> {
    match s {
        CowStr::Borrowed(s) => CowStr::Borrowed(s),
        CowStr::Inlined(s) => CowStr::Inlined(*s),
        CowStr::Boxed(s) => CowStr::Borrowed(s),
    }
}

fn reborrow_tag<'d>(tag: &'d Tag<'_>) -> Tag<'d> {
    match tag {
        Tag::Paragraph => Tag::Paragraph,
        Tag::Emphasis => Tag::Emphasis,
        Tag::Strong => Tag::Strong,
        Tag::Strikethrough => Tag::Strikethrough,
        Tag::Superscript => Tag::Superscript,
        Tag::Subscript => Tag::Subscript,
        Tag::Item => Tag::Item,
        Tag::List(start) => Tag::List(*start),
        Tag::BlockQuote(kind) => Tag::BlockQuote(*kind),
        Tag::HtmlBlock => Tag::HtmlBlock,
        Tag::TableHead => Tag::TableHead,
        Tag::TableRow => Tag::TableRow,
        Tag::TableCell => Tag::TableCell,
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type: *link_type,
            dest_url: reborrow_str(dest_url),
            title: reborrow_str(title),
            id: reborrow_str(id),
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Image {
            link_type: *link_type,
            dest_url: reborrow_str(dest_url),
            title: reborrow_str(title),
            id: reborrow_str(id),
        },
        Tag::Heading {
            level,
            id,
            classes,
            attrs,
        } => Tag::Heading {
            level: *level,
            id: id.as_ref().map(reborrow_str),
            classes: classes.iter().map(reborrow_str).collect(),
            attrs: attrs
                .iter()
                .map(|(name, value)| (reborrow_str(name), value.as_ref().map(reborrow_str)))
                .collect(),
        },
        Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info)) => {
            Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(reborrow_str(info)))
        }
        Tag::FootnoteDefinition(label) => Tag::FootnoteDefinition(reborrow_str(label)),
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
