//! The HTML of every Markdown event, byte for byte as pulldown-cmark's own writer
//! (`pulldown_cmark::html`) writes it but for footnote ids, which get a prefix
//! ([`FOOTNOTE_ID_PREFIX`]), into a buffer that the mark writer shares.

use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{Alignment, BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, LinkType};
use pulldown_cmark::{Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html, escape_html_body_text};
use rustc_hash::FxHashMap;

use super::raw_attrs::RawTags;
use crate::markdown::unsafe_scheme;

/// What the ids of footnotes start with (`fn-1` for `[^1]`), where pulldown-cmark uses
/// the label alone: a label such as `brief-cards` or `note-a1` would otherwise repeat an
/// id the page already has, and take its links.
pub(crate) const FOOTNOTE_ID_PREFIX: &str = "fn-";

/// The output HTML, with what pulldown-cmark's writer keeps track of while it writes.
pub(super) struct Html<'d> {
    /// The HTML written so far.
    pub(super) out: String,
    /// Whether the output ends a line (a block's opening tag then needs no newline first).
    end_newline: bool,
    /// Inside a metadata block, whose text is not written.
    hidden: bool,
    /// In a table's head row (`<th>`), not its body (`<td>`).
    table_head: bool,
    /// The alignment of each column of the current table.
    alignments: &'d [Alignment],
    /// The index of the next cell in the current row.
    cell: usize,
    /// The number of each footnote, in order of first reference or definition.
    footnotes: FxHashMap<&'d str, usize>,
    /// When raw HTML is to be sanitized: where its tags stand, to rename the attributes
    /// brief reserves (see [`RawTags`]).
    raw_tags: Option<RawTags>,
}

/// Writing to a `String` cannot fail: the results of the escape functions are dropped.
impl<'d> Html<'d> {
    /// An empty output with room for `capacity` bytes.
    pub(super) fn with_capacity(capacity: usize, sanitizing: bool) -> Html<'d> {
        Html {
            raw_tags: sanitizing.then(RawTags::default),
            out: String::with_capacity(capacity),
            end_newline: true,
            hidden: false,
            table_head: false,
            alignments: &[],
            cell: 0,
            footnotes: FxHashMap::default(),
        }
    }

    /// Appends `s` and notes whether it ends a line (an empty `s` changes nothing).
    pub(super) fn write(&mut self, s: &str) {
        self.out.push_str(s);
        if let Some(&last) = s.as_bytes().last() {
            self.end_newline = last == b'\n';
        }
    }

    /// Notes whether the output ends a line after the mark writer wrote into it.
    pub(super) fn wrote_directly(&mut self) {
        self.end_newline = self.out.ends_with('\n');
    }

    /// Appends `s` on a new line: first a newline, unless the output already ends one.
    fn write_on_new_line(&mut self, s: &str) {
        if !self.end_newline {
            self.out.push('\n');
        }
        self.write(s);
    }

    /// A text event with no mark in it.
    pub(super) fn text(&mut self, text: &str) {
        if !self.hidden {
            let _ = escape_html_body_text(&mut self.out, text);
            self.end_newline = text.ends_with('\n');
        }
    }

    /// An inline code span with no mark in it.
    pub(super) fn code(&mut self, text: &str) {
        self.write("<code>");
        let _ = escape_html_body_text(&mut self.out, text);
        self.write("</code>");
    }

    /// Any event but the start of an image (see [`Html::image`]).
    pub(super) fn event(&mut self, event: &'d Event<'_>) {
        match event {
            Event::Start(tag) => self.start_tag(tag),
            Event::End(tag) => self.end_tag(*tag),
            Event::Text(text) => self.text(text),
            Event::Code(text) => self.code(text),
            Event::InlineMath(text) => self.math("<span class=\"math math-inline\">", text),
            Event::DisplayMath(text) => self.math("<span class=\"math math-display\">", text),
            Event::Html(html) | Event::InlineHtml(html) => match self.raw_tags.as_mut() {
                Some(tags) => {
                    tags.write(html, &mut self.out);
                    if !html.is_empty() {
                        self.end_newline = html.ends_with('\n');
                    }
                }
                None => self.write(html),
            },
            Event::SoftBreak => self.write("\n"),
            Event::HardBreak => self.write("<br />\n"),
            Event::Rule => self.write_on_new_line("<hr />\n"),
            Event::FootnoteReference(name) => {
                self.write("<sup class=\"footnote-reference\"><a href=\"#");
                self.write(FOOTNOTE_ID_PREFIX);
                self.footnote_name_and_number(name, "\">", "</a></sup>");
            }
            Event::TaskListMarker(true) => {
                self.write("<input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n");
            }
            Event::TaskListMarker(false) => {
                self.write("<input disabled=\"\" type=\"checkbox\"/>\n")
            }
        }
    }

    fn math(&mut self, open: &str, text: &str) {
        self.write(open);
        let _ = escape_html(&mut self.out, text);
        self.write("</span>");
    }

    /// Writes footnote `name` escaped, then `between`, its number and `after`.
    fn footnote_name_and_number(&mut self, name: &'d str, between: &str, after: &str) {
        let _ = escape_html(&mut self.out, name);
        self.write(between);
        let number = self.footnote_number(name);
        let _ = write!(self.out, "{number}");
        self.write(after);
    }

    /// The number of footnote `name`: the next one when it is new.
    fn footnote_number(&mut self, name: &'d str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(name).or_insert(next)
    }

    fn start_tag(&mut self, tag: &'d Tag<'_>) {
        match tag {
            Tag::HtmlBlock => {}
            Tag::Paragraph => self.write_on_new_line("<p>"),
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                self.write_on_new_line("<");
                self.write(heading_name(*level));
                if let Some(id) = id {
                    self.write(" id=\"");
                    let _ = escape_html(&mut self.out, id);
                    self.write("\"");
                }
                if let Some((first, rest)) = classes.split_first() {
                    self.write(" class=\"");
                    let _ = escape_html(&mut self.out, first);
                    for class in rest {
                        self.write(" ");
                        let _ = escape_html(&mut self.out, class);
                    }
                    self.write("\"");
                }
                for (attr, value) in attrs {
                    self.write(" ");
                    let _ = escape_html(&mut self.out, attr);
                    self.write("=\"");
                    if let Some(value) = value {
                        let _ = escape_html(&mut self.out, value);
                    }
                    self.write("\"");
                }
                self.write(">");
            }
            Tag::Table(alignments) => {
                self.alignments = alignments;
                self.write("<table>");
            }
            Tag::TableHead => {
                self.table_head = true;
                self.cell = 0;
                self.write("<thead><tr>");
            }
            Tag::TableRow => {
                self.cell = 0;
                self.write("<tr>");
            }
            Tag::TableCell => {
                self.write(if self.table_head { "<th" } else { "<td" });
                self.write(match self.alignments.get(self.cell) {
                    Some(Alignment::Left) => " style=\"text-align: left\">",
                    Some(Alignment::Center) => " style=\"text-align: center\">",
                    Some(Alignment::Right) => " style=\"text-align: right\">",
                    _ => ">",
                });
            }
            Tag::BlockQuote(kind) => {
                self.write_on_new_line("<blockquote");
                self.write(match kind {
                    None => ">\n",
                    Some(BlockQuoteKind::Note) => " class=\"markdown-alert-note\">\n",
                    Some(BlockQuoteKind::Tip) => " class=\"markdown-alert-tip\">\n",
                    Some(BlockQuoteKind::Important) => " class=\"markdown-alert-important\">\n",
                    Some(BlockQuoteKind::Warning) => " class=\"markdown-alert-warning\">\n",
                    Some(BlockQuoteKind::Caution) => " class=\"markdown-alert-caution\">\n",
                });
            }
            Tag::CodeBlock(kind) => self.start_code_block(kind),
            Tag::List(Some(1)) => self.write_on_new_line("<ol>\n"),
            Tag::List(Some(start)) => {
                self.write_on_new_line("<ol start=\"");
                let _ = write!(self.out, "{start}");
                self.write("\">\n");
            }
            Tag::List(None) => self.write_on_new_line("<ul>\n"),
            Tag::Item => self.write_on_new_line("<li>"),
            Tag::DefinitionList => self.write_on_new_line("<dl>\n"),
            Tag::DefinitionListTitle => self.write_on_new_line("<dt>"),
            Tag::DefinitionListDefinition => self.write_on_new_line("<dd>"),
            Tag::Subscript => self.write("<sub>"),
            Tag::Superscript => self.write("<sup>"),
            Tag::Emphasis => self.write("<em>"),
            Tag::Strong => self.write("<strong>"),
            Tag::Strikethrough => self.write("<del>"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                // A link a browser would run keeps its text, not its address.
                if self.raw_tags.is_some() && unsafe_scheme(dest_url).is_some() {
                    self.write("<a>");
                    return;
                }
                self.write(match link_type {
                    LinkType::Email => "<a href=\"mailto:",
                    _ => "<a href=\"",
                });
                let _ = escape_href(&mut self.out, dest_url);
                if !title.is_empty() {
                    self.write("\" title=\"");
                    let _ = escape_html(&mut self.out, title);
                }
                self.write("\">");
            }
            // Written by `image`, which also takes the alt text from the events after it.
            Tag::Image { .. } => {}
            Tag::FootnoteDefinition(name) => {
                self.write_on_new_line("<div class=\"footnote-definition\" id=\"");
                self.write(FOOTNOTE_ID_PREFIX);
                self.footnote_name_and_number(
                    name,
                    "\"><sup class=\"footnote-definition-label\">",
                    "</sup>",
                );
            }
            Tag::MetadataBlock(_) => self.hidden = true,
        }
    }

    fn start_code_block(&mut self, kind: &CodeBlockKind<'_>) {
        if !self.end_newline {
            self.write("\n");
        }
        let language = match kind {
            CodeBlockKind::Fenced(info) => info.split(' ').next().unwrap_or_default(),
            CodeBlockKind::Indented => "",
        };
        if language.is_empty() {
            self.write("<pre><code>");
        } else {
            self.write("<pre><code class=\"language-");
            let _ = escape_html(&mut self.out, language);
            self.write("\">");
        }
    }

    fn end_tag(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::HtmlBlock | TagEnd::Image => {}
            TagEnd::Paragraph => self.write("</p>\n"),
            TagEnd::Heading(level) => {
                self.write("</");
                self.write(heading_name(level));
                self.write(">\n");
            }
            TagEnd::Table => self.write("</tbody></table>\n"),
            TagEnd::TableHead => {
                self.write("</tr></thead><tbody>\n");
                self.table_head = false;
            }
            TagEnd::TableRow => self.write("</tr>\n"),
            TagEnd::TableCell => {
                self.write(if self.table_head { "</th>" } else { "</td>" });
                self.cell += 1;
            }
            TagEnd::BlockQuote(_) => self.write("</blockquote>\n"),
            TagEnd::CodeBlock => self.write("</code></pre>\n"),
            TagEnd::List(true) => self.write("</ol>\n"),
            TagEnd::List(false) => self.write("</ul>\n"),
            TagEnd::Item => self.write("</li>\n"),
            TagEnd::DefinitionList => self.write("</dl>\n"),
            TagEnd::DefinitionListTitle => self.write("</dt>\n"),
            TagEnd::DefinitionListDefinition => self.write("</dd>\n"),
            TagEnd::Emphasis => self.write("</em>"),
            TagEnd::Superscript => self.write("</sup>"),
            TagEnd::Subscript => self.write("</sub>"),
            TagEnd::Strong => self.write("</strong>"),
            TagEnd::Strikethrough => self.write("</del>"),
            TagEnd::Link => self.write("</a>"),
            TagEnd::FootnoteDefinition => self.write("</div>\n"),
            TagEnd::MetadataBlock(_) => self.hidden = false,
        }
    }

    /// The image that starts at event `start`: its tag with the alt text taken from the
    /// events inside it. Returns the index of the event after the image's end.
    pub(super) fn image(&mut self, events: &'d [(Event<'_>, Range<usize>)], start: usize) -> usize {
        let Some((
            Event::Start(Tag::Image {
                dest_url, title, ..
            }),
            _,
        )) = events.get(start)
        else {
            return start + 1;
        };
        // An image a browser would decode or run is shown as its description.
        if self.raw_tags.is_some() && unsafe_scheme(dest_url).is_some() {
            return self.alt_text(events, start + 1);
        }
        self.write("<img src=\"");
        let _ = escape_href(&mut self.out, dest_url);
        self.write("\" alt=\"");
        let next = self.alt_text(events, start + 1);
        if !title.is_empty() {
            self.write("\" title=\"");
            let _ = escape_html(&mut self.out, title);
        }
        self.write("\" />");
        next
    }

    /// Writes the text of the events from `start` to the end of the tag they are in, as an
    /// attribute value; returns the index of the event after that end.
    fn alt_text(&mut self, events: &'d [(Event<'_>, Range<usize>)], start: usize) -> usize {
        let mut depth = 0usize;
        let mut i = start;
        while let Some((event, _)) = events.get(i) {
            i += 1;
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => match depth.checked_sub(1) {
                    Some(outer) => depth = outer,
                    None => break,
                },
                Event::Html(_) => {}
                Event::InlineHtml(text) | Event::Code(text) | Event::Text(text) => {
                    let _ = escape_html(&mut self.out, text);
                }
                Event::InlineMath(text) => self.delimited("$", text),
                Event::DisplayMath(text) => self.delimited("$$", text),
                Event::SoftBreak | Event::HardBreak | Event::Rule => self.write(" "),
                Event::FootnoteReference(name) => {
                    let number = self.footnote_number(name);
                    let _ = write!(self.out, "[{number}]");
                }
                Event::TaskListMarker(true) => self.write("[x]"),
                Event::TaskListMarker(false) => self.write("[ ]"),
            }
        }
        i
    }

    fn delimited(&mut self, delimiter: &str, text: &str) {
        self.write(delimiter);
        let _ = escape_html(&mut self.out, text);
        self.write(delimiter);
    }
}

/// The element name of a heading level.
fn heading_name(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "h1",
        HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        HeadingLevel::H4 => "h4",
        HeadingLevel::H5 => "h5",
        HeadingLevel::H6 => "h6",
    }
}
