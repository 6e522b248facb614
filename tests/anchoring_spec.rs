//! Every example of the CommonMark spec, annotated: the middle third of each block's
//! reader text is marked (and anchored as a quote); the output must stay well-formed and
//! unwrap to exactly the unannotated HTML.

#[path = "anchoring/support.rs"]
mod support;

use brief::anchor::{Selector, anchor, normalize};
use brief::markdown::{Document, Mark, MarkElement, MarkdownOptions, RawHtml, TextRange};
use brief::model::Occurrence;

#[derive(serde::Deserialize)]
struct Example {
    markdown: String,
    example: usize,
}

fn examples() -> Vec<Example> {
    serde_json::from_str(include_str!("anchoring/commonmark-spec.json")).expect("valid spec.json")
}

/// The middle third of a block, at char boundaries (at least one character).
fn middle_third(reader: &str, block: TextRange) -> TextRange {
    let text = &reader[block.start..block.end];
    let chars: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let n = chars.len() - 1;
    let (a, b) = (n / 3, (2 * n / 3).max(n / 3 + 1).min(n));
    TextRange {
        start: block.start + chars[a],
        end: block.start + chars[b],
    }
}

fn marks_for(doc: &Document<'_>) -> Vec<Mark> {
    let mut marks = Vec::new();
    for (i, &block) in doc.blocks().iter().enumerate() {
        if block.start == block.end {
            continue;
        }
        let range = middle_third(doc.reader_text(), block);
        let element = match i % 2 {
            0 => MarkElement::Link {
                href: format!("../n/{i}/"),
                class: "mention".into(),
            },
            _ => MarkElement::Span {
                class: "note".into(),
            },
        };
        marks.push(Mark {
            id: format!("b{i}"),
            range,
            element: element.clone(),
        });
        // The same phrase, anchored as a quote, lands on text that reads the same.
        let quote = &doc.reader_text()[range.start..range.end];
        let wanted = normalize::normalize(quote, normalize::Edges::Trim);
        let selector = Selector {
            quote,
            prefix: None,
            suffix: None,
            occurrence: Occurrence::All,
        };
        if let Ok(found) = anchor(doc, &selector) {
            for (j, r) in found.into_iter().enumerate() {
                let text = &doc.reader_text()[r.start..r.end];
                assert_eq!(normalize::normalize(text, normalize::Edges::Trim), wanted);
                marks.push(Mark {
                    id: format!("q{i}-{j}"),
                    range: r,
                    element: element.clone(),
                });
            }
        } else {
            assert!(
                wanted.is_empty()
                    || wanted.chars().any(normalize::is_extender)
                    || quote_cut(doc, range)
            );
        }
    }
    marks
}

/// Whether a range ends just before a combining character (so the quote cannot anchor there).
fn quote_cut(doc: &Document<'_>, range: TextRange) -> bool {
    let reader = doc.reader_text();
    reader[range.end..]
        .chars()
        .next()
        .is_some_and(normalize::is_extender)
        || reader[range.start..]
            .chars()
            .next()
            .is_some_and(normalize::is_extender)
}

#[test]
fn every_spec_example_keeps_the_invariant() {
    let examples = examples();
    assert!(examples.len() > 600, "{} examples", examples.len());
    for raw_html in [RawHtml::Trust, RawHtml::Sanitize] {
        for smart_punctuation in [true, false] {
            let options = MarkdownOptions {
                raw_html,
                smart_punctuation,
            };
            for example in &examples {
                let doc = Document::parse(&example.markdown, &options);
                let marks = marks_for(&doc);
                if let Err(e) = support::check_render(&doc, &marks) {
                    panic!("example {} ({options:?}): {e}", example.example);
                }
            }
        }
    }
}
