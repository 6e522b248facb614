//! The fuzzing harness, shared by the `cargo fuzz` target and the stress and regression
//! tests in `tests/anchoring_fuzz.rs`.
//!
//! Input layout: byte 0 holds the options and the occurrence; the rest is UTF-8 (lossy)
//! split on NUL into Markdown, quote, prefix and suffix; the raw bytes also give a few
//! arbitrary mark ranges. It checks that nothing panics, that anchored ranges are char
//! boundaries within one block, and that marks never change the rendered article.

use brief::anchor::{MentionIndex, Selector, TakenRange, anchor, auto_mentions};
use brief::config::AutoMentions;
use brief::diagnostics::Location;
use brief::markdown::{Document, Mark, MarkElement, MarkdownOptions, RawHtml, TextRange, render};
use brief::model::Occurrence;

/// Runs one input through parse, anchor, diagnostics, mentions, placement and render.
pub fn run(data: &[u8]) {
    let flags = data.first().copied().unwrap_or(0);
    let text = String::from_utf8_lossy(data.get(1..).unwrap_or_default());
    let mut parts = text.split('\0');
    let md = parts.next().unwrap_or("");
    let quote = parts.next().unwrap_or("");
    let prefix = parts.next();
    let suffix = parts.next();
    let options = MarkdownOptions {
        smart_punctuation: flags & 1 == 0,
        raw_html: if flags & 2 == 0 {
            RawHtml::Sanitize
        } else {
            RawHtml::Trust
        },
    };
    let occurrence = match (flags >> 2) & 7 {
        0 => Occurrence::Unique,
        1 => Occurrence::First,
        2 => Occurrence::Last,
        3 => Occurrence::All,
        n => Occurrence::Nth(usize::from(n) - 4),
    };
    let doc = Document::parse(md, &options);
    let reader = doc.reader_text();
    let selector = Selector {
        quote,
        prefix,
        suffix,
        occurrence,
    };
    let mut marks = Vec::new();
    match anchor(&doc, &selector) {
        Ok(ranges) => {
            assert!(!ranges.is_empty());
            for range in ranges {
                assert!(range.start < range.end && range.end <= reader.len());
                assert!(reader.is_char_boundary(range.start) && reader.is_char_boundary(range.end));
                assert_eq!(doc.block_at(range.start), doc.block_at(range.end - 1));
                let _ = doc.placement(range);
                marks.push(mark(marks.len(), range, flags & 32 != 0));
            }
        }
        Err(error) => {
            let at = Location::from_offset("a.yaml", quote, 0, quote.len());
            let report = error.to_diagnostic(at, &doc, 3).render();
            assert!(report.contains(error.code()));
        }
    }
    for pair in data.chunks(3).take(6) {
        let len = reader.len() + 2;
        let start = usize::from(*pair.first().unwrap_or(&0)) * len / 256;
        let end = start + usize::from(*pair.get(1).unwrap_or(&0)) * len / 512;
        let range = TextRange { start, end };
        let _ = doc.placement(range);
        marks.push(mark(
            marks.len(),
            range,
            pair.get(2).is_some_and(|b| b & 1 == 1),
        ));
    }
    let names = quote
        .split_whitespace()
        .chain(md.split_whitespace().take(20));
    let index = MentionIndex::new(names.enumerate().map(|(i, w)| (w.to_string(), i % 7)));
    let taken: Vec<TakenRange> = marks
        .iter()
        .map(|m| TakenRange {
            range: m.range,
            note: Some(0),
        })
        .collect();
    for policy in [AutoMentions::First, AutoMentions::All] {
        for (range, _) in auto_mentions(&doc, &index, policy, &taken) {
            assert!(reader.is_char_boundary(range.start) && reader.is_char_boundary(range.end));
            marks.push(mark(marks.len(), range, true));
        }
    }
    let plain = render(&doc, &[]);
    let marked = render(&doc, &marks);
    if !doc.has_raw_html() {
        assert_eq!(unwrap_marks(&marked), plain, "marks changed the article");
    }
}

fn mark(i: usize, range: TextRange, link: bool) -> Mark {
    let element = match link {
        true => MarkElement::Link {
            href: format!("../n/{i}/"),
            class: "m".into(),
        },
        false => MarkElement::Span { class: "n".into() },
    };
    Mark {
        id: format!("f{i}"),
        range,
        element,
    }
}

/// Removes every element carrying `data-annot` (string level; our tags have no `>` in
/// their attribute values and text never holds a raw `<`).
pub fn unwrap_marks(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut stack: Vec<bool> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        let tag = &rest[i..end];
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect();
        match name.as_str() {
            "span" | "a" => {
                let ours = tag.contains(" data-annot=\"");
                stack.push(ours);
                if !ours {
                    out.push_str(tag);
                }
            }
            "/span" | "/a" => {
                if !stack.pop().unwrap_or(false) {
                    out.push_str(tag);
                }
            }
            _ => out.push_str(tag),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
