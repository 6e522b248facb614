//! Property tests of the rendering invariant: for generated Markdown and random marks,
//! the output is well-formed, never nests a link in a link, and unwrapping every
//! `data-annot` element gives exactly the unannotated HTML.

#[path = "anchoring/support.rs"]
mod support;

use brief::anchor::{Selector, anchor, normalize};
use brief::markdown::{Document, Mark, MarkElement, MarkdownOptions, RawHtml, TextRange};
use brief::model::Occurrence;
use proptest::prelude::*;
use support::{check_render, markdown};

/// A mark request: position and length as fractions of the reader text, and its kind.
#[derive(Debug, Clone)]
struct MarkSpec {
    start: f64,
    len: f64,
    link: bool,
    raw: bool,
}

fn mark_spec() -> impl Strategy<Value = MarkSpec> {
    (
        0.0..1.0f64,
        0.0..0.6f64,
        any::<bool>(),
        prop::bool::weighted(0.3),
    )
        .prop_map(|(start, len, link, raw)| MarkSpec {
            start,
            len,
            link,
            raw,
        })
}

/// Turns specs into marks over `reader`: quotes (snapped to chars, inside one block) or
/// raw byte ranges (anywhere, even inside characters or past the end).
fn marks(doc: &Document<'_>, specs: &[MarkSpec]) -> Vec<Mark> {
    let reader = doc.reader_text();
    let len = reader.len();
    specs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let range = if s.raw {
                let start = (s.start * (len + 4) as f64) as usize;
                TextRange {
                    start,
                    end: start + (s.len * len as f64) as usize,
                }
            } else {
                quote_range(doc, s)
            };
            let element = if s.link {
                MarkElement::Link {
                    href: format!("../n/{i}/"),
                    class: "mention".into(),
                }
            } else {
                MarkElement::Span {
                    class: "note".into(),
                }
            };
            Mark {
                id: format!("a{i}"),
                range,
                element,
            }
        })
        .collect()
}

/// A range inside one block, at char boundaries.
fn quote_range(doc: &Document<'_>, s: &MarkSpec) -> TextRange {
    let blocks = doc.blocks();
    if blocks.is_empty() {
        return TextRange { start: 0, end: 0 };
    }
    let block = blocks[((s.start * blocks.len() as f64) as usize).min(blocks.len() - 1)];
    let text = &doc.reader_text()[block.start..block.end];
    let chars: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let n = chars.len() - 1;
    let a = ((s.start * 7.3).fract() * n as f64) as usize;
    let b = (a + 1 + (s.len * n as f64) as usize).min(n);
    TextRange {
        start: block.start + chars[a],
        end: block.start + chars[b],
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn marks_never_change_what_the_article_says(
        md in markdown(),
        specs in prop::collection::vec(mark_spec(), 0..8),
        trust in any::<bool>(),
        smart in any::<bool>(),
    ) {
        let options = MarkdownOptions {
            raw_html: if trust { RawHtml::Trust } else { RawHtml::Sanitize },
            smart_punctuation: smart,
        };
        let doc = Document::parse(&md, &options);
        let marks = marks(&doc, &specs);
        check_render(&doc, &marks)?;
    }

    #[test]
    fn quotes_taken_from_the_reader_text_anchor_back(
        md in markdown(),
        specs in prop::collection::vec(mark_spec(), 1..6),
    ) {
        let doc = Document::parse(&md, &MarkdownOptions::default());
        for spec in &specs {
            let range = quote_range(&doc, spec);
            let quote = &doc.reader_text()[range.start..range.end];
            let wanted = normalize::normalize(quote, normalize::Edges::Trim);
            if wanted.is_empty() {
                continue;
            }
            let selector = Selector { quote, prefix: None, suffix: None, occurrence: Occurrence::All };
            let found = anchor(&doc, &selector);
            // A quote cut through a combining sequence does not anchor where it was cut.
            let cut = quote.chars().next().is_some_and(normalize::is_extender)
                || doc.reader_text()[range.end..].chars().next().is_some_and(normalize::is_extender);
            let Ok(found) = found else {
                prop_assert!(cut, "{quote:?} did not anchor in {md:?}: {found:?}");
                continue;
            };
            prop_assert!(!found.is_empty());
            for r in &found {
                let text = &doc.reader_text()[r.start..r.end];
                prop_assert_eq!(normalize::normalize(text, normalize::Edges::Trim), wanted.clone());
            }
            let original = found.iter().any(|r| range.start <= r.start && r.end <= range.end);
            prop_assert!(original || cut, "{quote:?}: {found:?} misses {range:?}");
            let marks: Vec<Mark> = found
                .iter()
                .map(|&range| Mark { id: "q".into(), range, element: MarkElement::Span { class: String::new() } })
                .collect();
            check_render(&doc, &marks)?;
        }
    }
}
