//! The `markdown` stage: parse a Markdown body once into a [`Document`] (pulldown-cmark
//! events plus the reader text that quotes are matched against), and render it to HTML with
//! annotation marks injected, code highlighted and raw HTML sanitized.
//!
//! Code blocks (fenced or indented) are not reader text: quotes do not anchor in them,
//! and a quote found only in a code block is reported as such.

mod document;
mod folded;
mod highlight;
mod placement;
mod render;
mod sanitize;
mod words;

pub use document::{
    BLOCK_SEPARATOR, CodeBlockText, Document, MAX_BLOCKS, MAX_CONTAINER_DEPTH, MAX_RAW_HTML_DEPTH,
    Segment, SegmentKind,
};
pub use highlight::{highlight, highlight_css};
pub use render::{MARK_ID_PREFIX, render, render_marks, render_marks_with_markers};
pub use sanitize::unsafe_scheme;
pub use words::distinct_words;

/// Renders Markdown with no marks (notes, summaries, annotation notes).
pub fn render_plain(source: &str, options: &MarkdownOptions) -> String {
    render_plain_checked(source, options).0
}

/// Renders like [`render_plain`], with what is wrong with its raw HTML.
pub fn render_plain_checked(source: &str, options: &MarkdownOptions) -> (String, RawHtmlProblems) {
    // A YAML value (a summary, an annotation's note) can hold a control character through
    // an escape (`"\x01"`), which files cannot: HTML forbids it.
    let cleaned;
    let source = if crate::controls::has_forbidden(source) {
        cleaned = crate::controls::replace_forbidden(source);
        cleaned.as_str()
    } else {
        source
    };
    let doc = Document::parse_for_plain_render(source, options);
    (render(&doc, &[]), RawHtmlProblems::of(&doc))
}

/// What is wrong with a document's raw HTML, as byte offsets in its Markdown source.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawHtmlProblems {
    /// Where it nests too deep to be sanitized ([`Document::raw_html_too_deep`]).
    pub too_deep: Option<usize>,
    /// An element that takes the rest as text ([`Document::unclosed_raw_text`]).
    pub unclosed: Option<(&'static str, usize)>,
    /// Where block quotes and list items nest too deep to be read
    /// ([`Document::containers_too_deep`]).
    pub containers_too_deep: Option<usize>,
    /// Where the document has more blocks than it may ([`Document::too_many_blocks`]).
    pub too_many_blocks: Option<usize>,
    /// The first Markdown link or image whose address has a scheme a browser would run
    /// or decode (`javascript:`), with the scheme, and how many there are; such links
    /// are written without their address, such images as their description.
    pub unsafe_url: Option<UnsafeUrl>,
}

/// A Markdown link or image whose address a browser would run or decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnsafeUrl {
    /// Where the link's Markdown starts and ends in the source, in bytes.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// `javascript:`, `vbscript:` or `data:`.
    pub scheme: &'static str,
    /// How many such links or images the document has.
    pub count: usize,
}

/// The first unsafe link or image address of a document that is sanitized, and how
/// many there are (see [`RawHtmlProblems::unsafe_url`]).
fn unsafe_urls(doc: &Document<'_>) -> Option<UnsafeUrl> {
    use pulldown_cmark::{Event, Tag};
    if doc.options.raw_html != RawHtml::Sanitize {
        return None;
    }
    let mut found = doc.events.iter().filter_map(|(event, range)| match event {
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            unsafe_scheme(dest_url).map(|scheme| (range.clone(), scheme))
        }
        _ => None,
    });
    let (range, scheme) = found.next()?;
    Some(UnsafeUrl {
        start: range.start,
        end: range.end,
        scheme,
        count: 1 + found.count(),
    })
}

impl RawHtmlProblems {
    /// The problems of `doc`'s raw HTML.
    pub fn of(doc: &Document<'_>) -> RawHtmlProblems {
        RawHtmlProblems {
            too_deep: doc.raw_html_too_deep(),
            unclosed: doc.unclosed_raw_text(),
            containers_too_deep: doc.containers_too_deep(),
            too_many_blocks: doc.too_many_blocks(),
            unsafe_url: unsafe_urls(doc),
        }
    }
}

/// How raw HTML inside Markdown is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RawHtml {
    /// Remove scripts, event handlers, `javascript:` URLs, iframes and the like (default).
    #[default]
    Sanitize,
    /// Pass raw HTML through untouched (for sites whose every author is trusted).
    Trust,
}

/// Options for parsing and rendering Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// Raw HTML policy.
    pub raw_html: RawHtml,
    /// Turn straight quotes, `--` and `...` into typographic ones.
    pub smart_punctuation: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            raw_html: RawHtml::Sanitize,
            smart_punctuation: true,
        }
    }
}

/// A byte range of a document's reader text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextRange {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// An element to wrap around a range of the reader text.
///
/// Its attribute values are `String`s by default; [`render_marks`] takes any string type,
/// so that marks can borrow values shared by many of them (a class, a note's link) and
/// hold short ids inline (see [`numbered`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark<S = String> {
    /// The annotation id, written as `data-annot="<id>"` on every fragment.
    pub id: S,
    /// The text to wrap.
    pub range: TextRange,
    /// What to wrap it in.
    pub element: MarkElement<S>,
}

/// HTML to insert in the body after a place of its reader text, such as a note's number
/// after its passage ([`render_marks_with_markers`]). It is written after the closing
/// punctuation that follows that place (`.`, `”`), never inside a link: where a link is
/// open there, after it closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The byte offset in the reader text it follows.
    pub at: usize,
    /// The HTML to write there, as it is.
    pub html: String,
    /// Markers written at one spot (a passage inside another ends with it) follow in
    /// this order.
    pub order: usize,
}

/// The element a [`Mark`] is rendered as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkElement<S = String> {
    /// `<a class=".." href="..">`; rendered as a `<span>` where it would fall inside a link.
    Link {
        /// The link target (already relative to the page).
        href: S,
        /// CSS classes.
        class: S,
    },
    /// `<span class="..">`.
    Span {
        /// CSS classes.
        class: S,
    },
}

/// `prefix` followed by `number` in decimal, such as the id `m12`: held inline, without
/// a heap allocation, when it is short (as ids are).
pub fn numbered(prefix: &str, number: usize) -> pulldown_cmark::CowStr<'static> {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = number;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut inline = [0u8; 32];
    let len = prefix.len() + (digits.len() - start);
    if let Some(text) = inline.get_mut(..len).and_then(|text| {
        let (head, tail) = text.split_at_mut(prefix.len());
        head.copy_from_slice(prefix.as_bytes());
        tail.copy_from_slice(&digits[start..]);
        std::str::from_utf8(text).ok()
    }) {
        if let Ok(short) = pulldown_cmark::InlineStr::try_from(text) {
            return pulldown_cmark::CowStr::Inlined(short);
        }
    }
    pulldown_cmark::CowStr::from(format!("{prefix}{number}"))
}

/// Where a range of reader text sits in the Markdown source and in its sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// 0-based index of the block (paragraph, heading, list item, table cell) in reading order.
    pub block: usize,
    /// 1-based line in the Markdown body.
    pub line: usize,
    /// 1-based column (characters) in that line.
    pub column: usize,
    /// The sentence around the range.
    pub snippet: Snippet,
}

/// A sentence split around a highlighted range: [`before`](Snippet::before) +
/// [`text`](Snippet::text) + [`after`](Snippet::after), held in one string.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct Snippet {
    /// The three parts, one after the other.
    sentence: String,
    /// Where the range starts in `sentence`.
    text_start: usize,
    /// Where the range ends in `sentence`.
    text_end: usize,
}

impl Snippet {
    /// The snippet made of three parts.
    pub fn new(before: &str, text: &str, after: &str) -> Snippet {
        Snippet {
            sentence: [before, text, after].concat(),
            text_start: before.len(),
            text_end: before.len() + text.len(),
        }
    }

    /// The snippet whose parts are `sentence` cut at `text_start` and `text_end`; `None`
    /// when those are not char boundaries in order.
    pub(crate) fn from_parts(
        sentence: String,
        text_start: usize,
        text_end: usize,
    ) -> Option<Snippet> {
        let fits = text_start <= text_end
            && sentence.is_char_boundary(text_start)
            && sentence.is_char_boundary(text_end);
        fits.then_some(Snippet {
            sentence,
            text_start,
            text_end,
        })
    }

    /// Text of the sentence before the range.
    pub fn before(&self) -> &str {
        self.sentence.get(..self.text_start).unwrap_or("")
    }

    /// The range itself.
    pub fn text(&self) -> &str {
        self.sentence
            .get(self.text_start..self.text_end)
            .unwrap_or("")
    }

    /// Text of the sentence after the range.
    pub fn after(&self) -> &str {
        self.sentence.get(self.text_end..).unwrap_or("")
    }
}
