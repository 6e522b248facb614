//! [`Document`]: a Markdown body parsed once, with the reader text that quotes are
//! matched against and the map from every piece of it back to its event and source.

use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{MarkdownOptions, TextRange};
use crate::anchor::normalize::Normalized;

/// The string that separates two blocks in the reader text.
pub const BLOCK_SEPARATOR: &str = "\n\n";

/// What kind of event a [`Segment`] of reader text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentKind {
    /// A text event: the reader text is the event's text.
    Text,
    /// An inline code span: the reader text is the code's text.
    Code,
    /// A soft or hard line break: the reader text is one whitespace character.
    Break,
}

/// A run of reader text that comes from one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Where the run is in the reader text.
    pub range: TextRange,
    /// Index of the event it comes from (in [`Document::events`]).
    pub event: usize,
    /// Byte offset in the Markdown source of the run's first byte (see `exact`).
    pub source: usize,
    /// Whether the run is a verbatim copy of the source at `source`, so that every byte
    /// maps to `source + i`; otherwise every byte maps to `source` (the event's start).
    pub exact: bool,
    /// The kind of event.
    pub kind: SegmentKind,
    /// Index of the block the run belongs to.
    pub block: usize,
    /// Inside a Markdown link.
    pub in_link: bool,
    /// Inside a heading.
    pub in_heading: bool,
}

impl Segment {
    /// Whether the run is inline code.
    pub fn in_code(&self) -> bool {
        self.kind == SegmentKind::Code
    }
}

/// Text of a fenced or indented code block (not reader text: quotes do not anchor there,
/// but a quote found only in a code block gets its own diagnostic).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CodeBlockText {
    /// The code, as the block renders it.
    pub text: String,
    /// For each text event: (offset in `text`, source offset, verbatim copy of the source).
    pub pieces: Vec<(usize, usize, bool)>,
}

impl CodeBlockText {
    /// The source byte offset of byte `offset` of the code text.
    pub fn source_offset(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.0 <= offset);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(start, source, true)) => source + (offset - start),
            Some(&(_, source, false)) => source,
            None => 0,
        }
    }
}

/// A Markdown body parsed once: its events (with source ranges) and its reader text.
///
/// The *reader text* is the text a reader sees, block by block in reading order
/// (paragraphs, headings, list items, table cells, block-quote paragraphs, footnotes),
/// blocks joined by [`BLOCK_SEPARATOR`]. Emphasis, links and inline code are transparent;
/// line breaks are whitespace; image alt text, raw HTML and code blocks are not part of it.
#[derive(Debug)]
pub struct Document<'a> {
    pub(crate) source: &'a str,
    pub(crate) options: MarkdownOptions,
    pub(crate) events: Vec<(Event<'a>, Range<usize>)>,
    pub(crate) reader: String,
    pub(crate) blocks: Vec<TextRange>,
    pub(crate) segments: Vec<Segment>,
    pub(crate) code_blocks: Vec<CodeBlockText>,
    pub(crate) has_raw_html: bool,
    /// Where raw HTML first nests deeper than [`MAX_RAW_HTML_DEPTH`] (a source offset).
    pub(crate) raw_html_too_deep: Option<usize>,
    /// A raw-text element of the raw HTML that is never closed, and where it opens.
    pub(crate) unclosed_raw_text: Option<(&'static str, usize)>,
    /// The line where block quotes and list items first nest deeper than
    /// [`MAX_CONTAINER_DEPTH`] (a source offset).
    pub(crate) containers_too_deep: Option<usize>,
    /// The line where the block past [`MAX_BLOCKS`] starts (a source offset).
    pub(crate) too_many_blocks: Option<usize>,
    pub(crate) line_starts: OnceLock<Vec<LineStart>>,
    pub(crate) sentence_ends: OnceLock<Vec<usize>>,
    pub(crate) folded: OnceLock<super::folded::Folded>,
    pub(crate) normalized: OnceLock<Normalized>,
    pub(crate) highlighted: OnceLock<Vec<Option<String>>>,
    /// What is left of the approximate matching the document's "did you mean"
    /// suggestions may do, in cells (see `anchor::fuzzy`): however many quotes fail, a
    /// briefing's report takes a bounded time.
    pub(crate) suggestion_budget: std::sync::atomic::AtomicUsize,
}

impl<'a> Document<'a> {
    /// Parses `source` (a Markdown body) and builds its reader text.
    pub fn parse(source: &'a str, options: &MarkdownOptions) -> Document<'a> {
        Document::build(source, options, true)
    }

    /// Parses `source` for rendering without marks: no reader text is built.
    pub(crate) fn parse_for_plain_render(
        source: &'a str,
        options: &MarkdownOptions,
    ) -> Document<'a> {
        Document::build(source, options, false)
    }

    fn build(source: &'a str, options: &MarkdownOptions, reader_text: bool) -> Document<'a> {
        // Too deep, only the text before that line is read (the problem is reported).
        let containers_too_deep = containers_too_deep(source);
        let mut source = containers_too_deep.map_or(source, |at| &source[..at]);
        let parse = |source| {
            merged_text(
                source,
                Parser::new_ext(source, parser_options(options)).into_offset_iter(),
            )
        };
        let (mut events, mut too_many_blocks) = parse(source);
        if let Some(at) = too_many_blocks {
            // Read again up to the line of the block past the limit, so that every
            // element that opens is closed.
            let line = source[..at].rfind('\n').map_or(0, |i| i + 1);
            source = &source[..line];
            events = parse(source).0;
            too_many_blocks = Some(line);
        }
        let mut builder = Builder::new(source);
        builder.reader_text = reader_text;
        for (index, (event, range)) in events.iter().enumerate() {
            builder.event(index, event, range);
        }
        Document {
            source,
            options: *options,
            reader: builder.reader,
            blocks: builder.blocks,
            segments: builder.segments,
            code_blocks: builder.code_blocks,
            has_raw_html: builder.has_raw_html,
            raw_html_too_deep: builder.raw_html.too_deep_at,
            containers_too_deep,
            too_many_blocks,
            unclosed_raw_text: builder.raw_html.raw_text,
            events,
            line_starts: OnceLock::new(),
            sentence_ends: OnceLock::new(),
            folded: OnceLock::new(),
            normalized: OnceLock::new(),
            highlighted: OnceLock::new(),
            suggestion_budget: std::sync::atomic::AtomicUsize::new(
                crate::anchor::SUGGESTION_BUDGET,
            ),
        }
    }

    /// The reader text: what a reader sees, block by block.
    pub fn reader_text(&self) -> &str {
        &self.reader
    }

    /// The Markdown source this document was parsed from.
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// The options it was parsed with.
    pub fn options(&self) -> &MarkdownOptions {
        &self.options
    }

    /// The ranges of the blocks in the reader text, in reading order.
    pub fn blocks(&self) -> &[TextRange] {
        &self.blocks
    }

    /// The runs of reader text and where each comes from, in reading order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The pulldown-cmark events with their source ranges.
    pub fn events(&self) -> &[(Event<'a>, Range<usize>)] {
        &self.events
    }

    /// The text of every code block, in order.
    pub fn code_blocks(&self) -> &[CodeBlockText] {
        &self.code_blocks
    }

    /// Whether the body contains raw HTML (blocks or inline).
    pub fn has_raw_html(&self) -> bool {
        self.has_raw_html
    }

    /// Where the document's raw HTML first nests more than [`MAX_RAW_HTML_DEPTH`]
    /// elements deep (a byte offset in the Markdown source), if it does. Such HTML is
    /// not sanitized (the sanitizer's time grows with the square of the depth) but
    /// written as text, and reported.
    pub fn raw_html_too_deep(&self) -> Option<usize> {
        self.raw_html_too_deep
    }

    /// The start of the first line whose block quotes and list items (`> > - 1.`) nest
    /// more than [`MAX_CONTAINER_DEPTH`] deep, if one does. The document then holds only
    /// the text before that line: millions of nested elements would take gigabytes.
    pub fn containers_too_deep(&self) -> Option<usize> {
        self.containers_too_deep
    }

    /// The start of the line where the document's block past [`MAX_BLOCKS`] starts
    /// (paragraphs, headings, list items, table cells, code and HTML blocks), if it has
    /// that many. The document then holds only the text before that line.
    pub fn too_many_blocks(&self) -> Option<usize> {
        self.too_many_blocks
    }

    /// An element of the raw HTML whose content is text up to its end tag (`style`,
    /// `script`, `textarea`, ...) and that is never closed, with where it opens (a byte
    /// offset in the Markdown source): a browser would take the rest of the article as
    /// its content.
    pub fn unclosed_raw_text(&self) -> Option<(&'static str, usize)> {
        self.unclosed_raw_text
    }

    /// The number of words in the reader text.
    pub fn word_count(&self) -> usize {
        count_words(&self.reader)
    }

    /// The index of the block that holds reader byte `offset` (the next block when the
    /// offset is in a separator; the last block past the end).
    pub fn block_at(&self, offset: usize) -> usize {
        let i = self.blocks.partition_point(|b| b.end <= offset);
        i.min(self.blocks.len().saturating_sub(1))
    }

    /// Where reader byte `offset` comes from: (index of its event in [`Document::events`],
    /// byte offset within that event's text). `None` in block separators and past the end.
    pub fn origin(&self, offset: usize) -> Option<(usize, usize)> {
        let i = self.segments.partition_point(|s| s.range.end <= offset);
        let segment = self.segments.get(i)?;
        (segment.range.start <= offset).then(|| (segment.event, offset - segment.range.start))
    }

    /// The Markdown source byte offset of reader byte `offset`: exact inside text copied
    /// verbatim from the source, otherwise the start of the event it comes from.
    pub fn source_offset(&self, offset: usize) -> usize {
        let i = self.segments.partition_point(|s| s.range.end <= offset);
        let Some(segment) = self.segments.get(i).or_else(|| self.segments.last()) else {
            return 0;
        };
        if segment.exact && offset >= segment.range.start {
            segment.source + (offset.min(segment.range.end) - segment.range.start)
        } else {
            segment.source
        }
    }

    /// The 1-based line and column (in characters) of a source byte offset.
    pub fn line_column(&self, source_offset: usize) -> (usize, usize) {
        let starts = self.line_starts.get_or_init(|| line_starts(self.source));
        let line = starts.partition_point(|s| s.offset <= source_offset).max(1);
        let start = starts.get(line - 1).copied().unwrap_or_default();
        let end = floor_char_boundary(self.source, source_offset.min(self.source.len()));
        let column = match start.ascii {
            true => end.saturating_sub(start.offset),
            false => (self.source.get(start.offset..end)).map_or(0, |s| s.chars().count()),
        };
        (line, column + 1)
    }

    /// The normalised reader text used for matching (computed once).
    pub(crate) fn normalized(&self) -> &Normalized {
        self.normalized
            .get_or_init(|| Normalized::of_document(self))
    }
}

/// The pulldown-cmark options for a set of [`MarkdownOptions`].
pub(crate) fn parser_options(options: &MarkdownOptions) -> Options {
    let mut parser =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    if options.smart_punctuation {
        parser |= Options::ENABLE_SMART_PUNCTUATION;
    }
    parser
}

/// The number of words in `text`: runs of non-whitespace characters that hold at least
/// one letter or digit.
fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut words = 0;
    // 1 when the current run of non-whitespace holds a letter or digit (and so has been
    // counted), else 0.
    let mut counted = 0;
    let mut i = 0;
    // Eight bytes at a time while they are all printable ASCII or spaces; a character
    // at a time through eight bytes that are not.
    let mut slow_until = 0;
    while let Some(&b) = bytes.get(i) {
        if i >= slow_until {
            let chunk = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>());
            match chunk.and_then(|c| words_in_chunk(u64::from_le_bytes(*c), counted == 1)) {
                Some((starts, ends_in_word)) => {
                    words += starts;
                    counted = u8::from(ends_in_word);
                    i += 8;
                    continue;
                }
                None => slow_until = i + 8,
            }
        }
        let (class, len) = match ASCII_CLASS[usize::from(b)] {
            NOT_ASCII => class_of_char(text, i),
            class => (class, 1),
        };
        let now = (counted | (class >> 1)) & !class & 1;
        words += usize::from(now > counted);
        counted = now;
        i += len;
    }
    words
}

/// For eight bytes read little-endian that are all printable ASCII or spaces: how many
/// words start in them and whether they end inside a counted word, given whether they
/// continue one (`None` for any other bytes: control characters, tabs, line breaks and
/// non-ASCII characters).
fn words_in_chunk(chunk: u64, in_word: bool) -> Option<(usize, bool)> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    // The high bit of each byte at least `n`: with every high bit set first, subtracting
    // never borrows across bytes.
    let at_least = |bytes: u64, n: u8| (bytes | HIGH).wrapping_sub(u64::from(n) * ONES) & HIGH;
    if chunk & HIGH != 0 || at_least(chunk, b' ') != HIGH {
        return None;
    }
    let lower = chunk | (0x20 * ONES);
    let letter = at_least(lower, b'a') & !at_least(lower, b'z' + 1);
    let digit = at_least(chunk, b'0') & !at_least(chunk, b'9' + 1);
    let alphanumeric = letter | digit;
    let space = !at_least(chunk, b' ' + 1) & HIGH;
    // Anything else (punctuation) keeps the state of the byte before it.
    let other = HIGH & !(space | alphanumeric);
    let carry = if in_word { 0x80 } else { 0 };
    let in_word_after = match other {
        0 => alphanumeric,
        _ => through_runs(alphanumeric | (other & carry), other),
    };
    let in_word_before = (in_word_after << 8) | carry;
    // One bit per byte, at bits 0, 8, ..., 56: multiplying by `ONES` sums them in the top
    // byte (cheaper than counting ones where the processor has no instruction for it).
    let starts = (((alphanumeric & !in_word_before) >> 7).wrapping_mul(ONES) >> 56) as usize;
    Some((starts, in_word_after >> 63 == 1))
}

/// For each byte (its high bit): set where `set` is, or where `pass` is and the byte
/// before is set, through any run of `pass` bytes (a prefix scan over the eight bytes).
fn through_runs(set: u64, pass: u64) -> u64 {
    let set = set | (pass & (set << 8));
    let pass = pass & (pass << 8);
    let set = set | (pass & (set << 16));
    let pass = pass & (pass << 16);
    set | (pass & (set << 32))
}

/// The class (as in [`ASCII_CLASS`]) and length of the character at byte `at`.
fn class_of_char(text: &str, at: usize) -> (u8, usize) {
    let c = text.get(at..).and_then(|t| t.chars().next()).unwrap_or(' ');
    let class = match c {
        c if c.is_whitespace() => SPACE,
        c if c.is_alphanumeric() => ALPHANUMERIC,
        _ => OTHER,
    };
    (class, c.len_utf8())
}

const OTHER: u8 = 0;
const SPACE: u8 = 1;
const ALPHANUMERIC: u8 = 2;
const NOT_ASCII: u8 = 3;

/// What each byte is, for [`count_words`]: whitespace as `char::is_whitespace` says
/// (vertical tab included), a letter or digit, anything else, or part of a non-ASCII
/// character.
static ASCII_CLASS: [u8; 256] = {
    let mut table = [NOT_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = if matches!(byte, b' ' | b'\t'..=b'\r') {
            SPACE
        } else if byte.is_ascii_alphanumeric() {
            ALPHANUMERIC
        } else {
            OTHER
        };
        b += 1;
    }
    table
};

/// Where a line of the source starts, and whether it is all ASCII (so that its columns
/// are its bytes).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LineStart {
    offset: usize,
    ascii: bool,
}

fn line_starts(source: &str) -> Vec<LineStart> {
    let bytes = source.as_bytes();
    let mut starts = Vec::with_capacity(source.len() / 40 + 2);
    let mut offset = 0;
    for end in memchr::memchr_iter(b'\n', bytes).map(|i| i + 1) {
        let ascii = bytes.get(offset..end).is_some_and(<[u8]>::is_ascii);
        starts.push(LineStart { offset, ascii });
        offset = end;
    }
    let ascii = bytes.get(offset..).is_some_and(<[u8]>::is_ascii);
    starts.push(LineStart { offset, ascii });
    starts
}

/// The largest char boundary of `text` at or before `i` (clamped to the text).
pub(crate) fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `text` at or after `i` (clamped to the text).
pub(crate) fn ceil_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The events, with each run of text events that copy adjacent source text verbatim
/// joined into one. The parser splits text at every character that might have started
/// something (`[`, `*`, `<`, …), so a run of such characters would otherwise cost an
/// event, a segment and a rendering step per character. Joined, they render to the same
/// HTML and map to the same source offsets.
///
/// Stops at the block past [`MAX_BLOCKS`], and then also returns where it starts.
fn merged_text<'a>(
    source: &'a str,
    parsed: impl Iterator<Item = (Event<'a>, Range<usize>)>,
) -> (Vec<(Event<'a>, Range<usize>)>, Option<usize>) {
    let mut events: Vec<(Event<'a>, Range<usize>)> = Vec::with_capacity(source.len() / 6 + 16);
    // Whether the last event is a text event equal to its source range.
    let mut last_verbatim = false;
    let mut blocks = 0usize;
    for (event, range) in parsed {
        if let Event::Start(
            Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::TableCell
            | Tag::Item
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock,
        ) = event
        {
            blocks += 1;
            if blocks > MAX_BLOCKS {
                return (events, Some(range.start));
            }
        }
        let verbatim = matches!(&event, Event::Text(text) if copies_source(source, &range, text));
        if verbatim && last_verbatim {
            if let Some((Event::Text(text), last)) = events.last_mut() {
                if last.end == range.start {
                    if let Some(joined) = source.get(last.start..range.end) {
                        *text = joined.into();
                        last.end = range.end;
                        continue;
                    }
                }
            }
        }
        last_verbatim = verbatim;
        events.push((event, range));
    }
    (events, None)
}

/// Whether `text` is the source text at `range`, byte for byte.
fn copies_source(source: &str, range: &Range<usize>, text: &str) -> bool {
    source.get(range.clone()).is_some_and(|copied| {
        // Text borrowed from the source at that range is equal without comparing.
        (std::ptr::eq(copied.as_ptr(), text.as_ptr()) && copied.len() == text.len())
            || copied == text
    })
}

/// The deepest raw HTML a document may nest before it is refused.
pub const MAX_RAW_HTML_DEPTH: usize = 512;

/// The most blocks (paragraphs, headings, list items, table cells, code and HTML
/// blocks) one document may hold: a briefing of 800 words has about 30; a table of
/// 2 million one-letter cells would take gigabytes.
pub const MAX_BLOCKS: usize = 200_000;

/// The deepest that block quotes and list items may nest at the start of one line.
pub const MAX_CONTAINER_DEPTH: usize = 100;

/// The start of the first line of `source` that opens more than [`MAX_CONTAINER_DEPTH`]
/// block quotes and list items (`>`, `-`, `+`, `*`, `1.`, `1)`, each followed by a space
/// or tab, or `>` alone) before its text.
pub(crate) fn containers_too_deep(source: &str) -> Option<usize> {
    let mut start = 0;
    for line in source.split_inclusive('\n') {
        if line.len() > MAX_CONTAINER_DEPTH && container_depth(line) > MAX_CONTAINER_DEPTH {
            return Some(start);
        }
        start += line.len();
    }
    None
}

/// How many container markers open `line`, counted up to one past the limit.
fn container_depth(line: &str) -> usize {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut depth = 0;
    while depth <= MAX_CONTAINER_DEPTH {
        let indent = bytes[i..].iter().take_while(|&&b| b == b' ').count();
        if indent > 3 {
            break;
        }
        i += indent;
        let spaced = |at: usize| matches!(bytes.get(at), Some(b' ' | b'\t'));
        let marker = match bytes.get(i) {
            Some(b'>') => 1,
            Some(b'-' | b'+' | b'*') if spaced(i + 1) => 1,
            Some(b'0'..=b'9') => {
                let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                let ordered = digits <= 9
                    && matches!(bytes.get(i + digits), Some(b'.' | b')'))
                    && spaced(i + digits + 1);
                match ordered {
                    true => digits + 1,
                    false => break,
                }
            }
            _ => break,
        };
        i += marker;
        if spaced(i) {
            i += 1;
        }
        depth += 1;
    }
    depth
}

/// How deep the raw HTML read so far nests its elements, counted from its tags.
#[derive(Debug, Default)]
struct RawHtmlDepth {
    depth: usize,
    too_deep_at: Option<usize>,
    /// A raw-text element (`<style>`, `<script>`, ...) open, and where its tag is.
    raw_text: Option<(&'static str, usize)>,
}

/// The elements whose content is text up to their end tag: left open, they would take
/// the rest of the article with them.
const RAW_TEXT: [&str; 10] = [
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "plaintext",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
];

impl RawHtmlDepth {
    /// Reads the tags of one piece of raw HTML, which starts at `source` in the Markdown.
    fn read(&mut self, html: &str, source: usize) {
        let bytes = html.as_bytes();
        for at in memchr::memchr_iter(b'<', bytes) {
            let tag = &html[at + 1..];
            if let Some((open, _)) = self.raw_text {
                // Inside a raw-text element, only its own end tag counts.
                if tag
                    .strip_prefix('/')
                    .and_then(|t| t.get(..open.len()))
                    .is_some_and(|name| name.eq_ignore_ascii_case(open))
                {
                    self.raw_text = None;
                }
                continue;
            }
            match bytes.get(at + 1) {
                Some(b'/') => self.depth = self.depth.saturating_sub(1),
                Some(b) if b.is_ascii_alphabetic() && opens_element(tag) => {
                    self.depth += 1;
                    if self.depth > MAX_RAW_HTML_DEPTH && self.too_deep_at.is_none() {
                        self.too_deep_at = Some(source);
                    }
                    let name_end = tag
                        .find(|c: char| !c.is_ascii_alphanumeric())
                        .unwrap_or(tag.len());
                    let name = &tag[..name_end];
                    if let Some(raw) = RAW_TEXT.iter().find(|r| r.eq_ignore_ascii_case(name)) {
                        self.raw_text = Some((raw, source + at));
                    }
                }
                _ => {}
            }
        }
    }
}

/// Whether the start tag at the start of `tag` (just after its `<`) opens an element
/// that needs an end tag: not a void element such as `<br>`, not self-closed.
fn opens_element(tag: &str) -> bool {
    const VOID: [&str; 13] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let name_end = tag
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .unwrap_or(tag.len());
    let name = &tag[..name_end];
    let self_closed = tag[name_end..]
        .find('>')
        .is_some_and(|end| tag[..name_end + end].ends_with('/'));
    !self_closed && !VOID.iter().any(|v| v.eq_ignore_ascii_case(name))
}

/// Walks the events once and builds the reader text, blocks and segments.
struct Builder<'s> {
    source: &'s str,
    reader: String,
    blocks: Vec<TextRange>,
    segments: Vec<Segment>,
    code_blocks: Vec<CodeBlockText>,
    has_raw_html: bool,
    raw_html: RawHtmlDepth,
    in_block: bool,
    in_code_block: bool,
    in_html_block: bool,
    /// Whether to build the reader text (not needed to render without marks).
    reader_text: bool,
    link_depth: usize,
    heading_depth: usize,
    image_depth: usize,
}

impl<'s> Builder<'s> {
    fn new(source: &'s str) -> Self {
        Builder {
            source,
            reader: String::with_capacity(source.len()),
            blocks: Vec::with_capacity(source.len() / 256 + 4),
            segments: Vec::with_capacity(source.len() / 24 + 4),
            code_blocks: Vec::new(),
            has_raw_html: false,
            raw_html: RawHtmlDepth::default(),
            in_block: false,
            in_code_block: false,
            in_html_block: false,
            reader_text: true,
            link_depth: 0,
            heading_depth: 0,
            image_depth: 0,
        }
    }

    fn event(&mut self, index: usize, event: &Event<'_>, range: &Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) if self.in_code_block => self.code_text(text, range),
            Event::Text(text) if self.image_depth == 0 && !self.in_html_block => {
                let exact = copies_source(self.source, range, text);
                self.push(index, text, range.start, exact, SegmentKind::Text);
            }
            Event::Code(text) if self.image_depth == 0 => {
                let found = self.source.get(range.clone()).and_then(|s| s.find(&**text));
                let (source, exact) =
                    found.map_or((range.start, false), |i| (range.start + i, true));
                self.push(index, text, source, exact, SegmentKind::Code);
            }
            Event::SoftBreak if self.image_depth == 0 => {
                self.push(index, " ", range.start, false, SegmentKind::Break);
            }
            Event::HardBreak if self.image_depth == 0 => {
                self.push(index, "\n", range.start, false, SegmentKind::Break);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                self.has_raw_html = true;
                self.raw_html.read(html, range.start);
            }
            Event::Rule => self.close_block(),
            _ => {}
        }
    }

    fn start(&mut self, tag: &Tag<'_>) {
        match tag {
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript => {}
            Tag::Link { .. } => self.link_depth += 1,
            Tag::Image { .. } => self.image_depth += 1,
            Tag::Heading { .. } => {
                self.close_block();
                self.heading_depth += 1;
            }
            Tag::CodeBlock(_) => {
                self.close_block();
                self.in_code_block = true;
                self.code_blocks.push(CodeBlockText::default());
            }
            Tag::HtmlBlock => {
                self.close_block();
                self.in_html_block = true;
            }
            _ => self.close_block(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
            TagEnd::Link => self.link_depth = self.link_depth.saturating_sub(1),
            TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
            TagEnd::Heading(_) => {
                self.close_block();
                self.heading_depth = self.heading_depth.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                self.close_block();
                self.in_code_block = false;
            }
            TagEnd::HtmlBlock => {
                self.close_block();
                self.in_html_block = false;
            }
            _ => self.close_block(),
        }
    }

    fn code_text(&mut self, text: &str, range: &Range<usize>) {
        let exact = copies_source(self.source, range, text);
        if let Some(block) = self.code_blocks.last_mut() {
            block.pieces.push((block.text.len(), range.start, exact));
            block.text.push_str(text);
        }
    }

    fn push(&mut self, event: usize, text: &str, source: usize, exact: bool, kind: SegmentKind) {
        if text.is_empty() || !self.reader_text {
            return;
        }
        if !self.in_block {
            if !self.reader.is_empty() {
                self.reader.push_str(BLOCK_SEPARATOR);
            }
            let start = self.reader.len();
            self.blocks.push(TextRange { start, end: start });
            self.in_block = true;
        }
        let start = self.reader.len();
        self.reader.push_str(text);
        let end = self.reader.len();
        let block = self.blocks.len() - 1;
        if let Some(b) = self.blocks.last_mut() {
            b.end = end;
        }
        self.segments.push(Segment {
            range: TextRange { start, end },
            event,
            source,
            exact,
            kind,
            block,
            in_link: self.link_depth > 0,
            in_heading: self.heading_depth > 0,
        });
    }

    fn close_block(&mut self) {
        self.in_block = false;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn container_markers_are_counted_as_markdown_reads_them() {
        assert_eq!(container_depth("> - 1. text\n"), 3);
        assert_eq!(container_depth(">>> text\n"), 3);
        assert_eq!(container_depth("  > 2) - x\n"), 3);
        // A marker needs the space after it; four spaces make a code block.
        assert_eq!(container_depth("-x\n"), 0);
        assert_eq!(container_depth("1.5 million\n"), 0);
        assert_eq!(container_depth("    > x\n"), 0);
        // Counting stops one past the limit.
        assert_eq!(
            container_depth(&"> ".repeat(1_000)),
            MAX_CONTAINER_DEPTH + 1
        );
        let deep = format!("ok\n{}x\n", "- ".repeat(MAX_CONTAINER_DEPTH + 1));
        assert_eq!(containers_too_deep(&deep), Some(3));
        assert_eq!(containers_too_deep(&"> ".repeat(MAX_CONTAINER_DEPTH)), None);
    }

    #[test]
    fn joined_text_renders_like_the_parser_s_own_events() {
        #[derive(serde::Deserialize)]
        struct Example {
            markdown: String,
        }
        let spec: Vec<Example> =
            serde_json::from_str(include_str!("../../tests/anchoring/commonmark-spec.json"))
                .unwrap_or_default();
        assert!(spec.len() > 600);
        let extra = ["[[[[ x ]]]] *_*_*_ <a <a ![![ `a`` 'b' \"c\" -- ...".to_string()];
        let examples = spec.into_iter().map(|e| e.markdown).chain(extra);
        for markdown in examples {
            for smart in [true, false] {
                let options = MarkdownOptions {
                    smart_punctuation: smart,
                    ..MarkdownOptions::default()
                };
                let parser = || {
                    pulldown_cmark::Parser::new_ext(&markdown, super::parser_options(&options))
                        .into_offset_iter()
                };
                let (joined, _) = super::merged_text(&markdown, parser());
                let (mut want, mut got) = (String::new(), String::new());
                pulldown_cmark::html::push_html(&mut want, parser().map(|(e, _)| e));
                pulldown_cmark::html::push_html(&mut got, joined.into_iter().map(|(e, _)| e));
                assert_eq!(got, want, "{markdown:?}");
            }
        }
    }

    use super::*;

    fn reader(md: &str) -> String {
        Document::parse(md, &MarkdownOptions::default())
            .reader_text()
            .to_string()
    }

    #[test]
    fn inline_markup_is_transparent() {
        assert_eq!(reader("A *b* **c** [d](x) `e` ~~f~~."), "A b c d e f.");
    }

    #[test]
    fn blocks_are_separated() {
        assert_eq!(
            reader("# T\n\nPara one\nline two.\n\n- a\n- b\n"),
            "T\n\nPara one line two.\n\na\n\nb"
        );
    }

    #[test]
    fn images_html_and_code_blocks_are_not_reader_text() {
        let md =
            "Hi ![alt *x*](i.png) <b>there</b>.\n\n```\ncode\n```\n\n<div>\nraw\n</div>\n\nEnd";
        assert_eq!(reader(md), "Hi  there.\n\nEnd");
        let doc = Document::parse(md, &MarkdownOptions::default());
        assert!(doc.has_raw_html());
        assert_eq!(doc.code_blocks()[0].text, "code\n");
    }

    #[test]
    fn indentation_inside_html_blocks_is_not_reader_text() {
        assert_eq!(reader("<table>\n\n  <tr>\n\n</table>\n\nx"), "x");
    }

    #[test]
    fn tables_cells_are_blocks() {
        assert_eq!(
            reader("| a | b |\n|---|---|\n| c | d |\n"),
            "a\n\nb\n\nc\n\nd"
        );
    }

    #[test]
    fn hard_breaks_are_newlines() {
        assert_eq!(reader("a  \nb\\\nc"), "a\nb\nc");
    }

    #[test]
    fn smart_punctuation_follows_the_options() {
        assert_eq!(reader("\"Hi\" -- it's..."), "“Hi” – it’s…");
        let plain = MarkdownOptions {
            smart_punctuation: false,
            ..MarkdownOptions::default()
        };
        assert_eq!(Document::parse("\"Hi\"", &plain).reader_text(), "\"Hi\"");
    }

    #[test]
    fn segments_carry_flags_and_sources() {
        let md = "# Head\n\nSee [Kim](x) and `code`.";
        let doc = Document::parse(md, &MarkdownOptions::default());
        let flags: Vec<_> = doc
            .segments()
            .iter()
            .map(|s| {
                (
                    &doc.reader_text()[s.range.start..s.range.end],
                    s.in_heading,
                    s.in_link,
                    s.in_code(),
                )
            })
            .collect();
        assert_eq!(
            flags,
            [
                ("Head", true, false, false),
                ("See ", false, false, false),
                ("Kim", false, true, false),
                (" and ", false, false, false),
                ("code", false, false, true),
                (".", false, false, false)
            ]
        );
        let kim = doc.reader_text().find("Kim").unwrap_or(0);
        assert_eq!(doc.source_offset(kim), md.find("Kim").unwrap_or(0));
        assert_eq!(doc.line_column(doc.source_offset(kim)), (3, 6));
        assert_eq!(doc.origin(kim + 1), Some((doc.segments()[2].event, 1)));
        assert_eq!(doc.origin(5), None);
        let code = doc.reader_text().find("code").unwrap_or(0);
        assert_eq!(doc.source_offset(code), md.find("code").unwrap_or(0));
    }

    #[test]
    fn columns_count_characters() {
        let md = "Влади *восток*";
        let doc = Document::parse(md, &MarkdownOptions::default());
        let at = doc.reader_text().find("восток").unwrap_or(0);
        assert_eq!(doc.line_column(doc.source_offset(at)), (1, 8));
    }

    #[test]
    fn lines_and_columns_are_where_counting_characters_finds_them() {
        let pieces = ["a", "word ", "\n", "\r\n", "é", "中", "😀", "\n\n", " "];
        let mut rng = crate::testkit::Lcg(5);
        for _ in 0..2_000 {
            let md: String = (0..rng.below(12))
                .map(|_| pieces[rng.below(pieces.len())])
                .collect();
            let doc = Document::parse(&md, &MarkdownOptions::default());
            for at in (0..=md.len()).filter(|&at| md.is_char_boundary(at)) {
                let before = &md[..at];
                let line = before.matches('\n').count() + 1;
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                let column = before[line_start..].chars().count() + 1;
                assert_eq!(doc.line_column(at), (line, column), "{md:?} {at}");
            }
        }
    }

    #[test]
    fn documents_can_be_shared_across_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Document<'static>>();
        send_sync::<crate::anchor::MentionIndex>();
    }

    #[test]
    fn word_count_agrees_with_splitting_on_whitespace() {
        fn by_splitting(text: &str) -> usize {
            text.split_ascii_whitespace()
                .flat_map(|w| w.split(char::is_whitespace))
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
        }
        let pieces = [
            "a", "Bc", " ", "\t", "\n", "\u{b}", "\u{c}", "\r", "\u{a0}", "\u{2003}", "\u{3000}",
            "—", "...", "é", "中文", "😀", "e\u{301}", "1", "_", "-", "\u{1c}", "\u{85}", "word",
            "Zz09", " ", "\u{8}", "\u{e}", "\u{1f}", "@", "[", "`", "{", "/", ":", "\u{7f}",
        ];
        let mut rng = crate::testkit::Lcg(17);
        for _ in 0..4000 {
            let mut text = String::new();
            for _ in 0..rng.below(41) {
                text.push_str(rng.pick(&pieces));
            }
            assert_eq!(count_words(&text), by_splitting(&text), "{text:?}");
        }
    }

    #[test]
    fn word_count_agrees_with_splitting_on_whitespace_for_any_ascii() {
        fn by_splitting(text: &str) -> usize {
            text.split(char::is_whitespace)
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
        }
        let mut rng = crate::testkit::Lcg(3);
        for _ in 0..20_000 {
            let len = rng.below(40);
            let text: String = (0..len)
                .map(|_| {
                    let pick = rng.bits() as u32;
                    // Mostly printable, sometimes any ASCII, now and then not ASCII.
                    match pick % 16 {
                        0 => char::from_u32(pick % 128).unwrap_or(' '),
                        1 => ['é', '—', '\u{a0}', '中'][(pick / 16) as usize % 4],
                        2..=4 => ' ',
                        _ => char::from_u32(0x21 + pick % 94).unwrap_or(' '),
                    }
                })
                .collect();
            assert_eq!(count_words(&text), by_splitting(&text), "{text:?}");
        }
    }

    #[test]
    fn word_count_counts_words() {
        let doc = Document::parse(
            "One *two* three — four.\n\n- five",
            &MarkdownOptions::default(),
        );
        assert_eq!(doc.word_count(), 5);
    }
}
