//! Plain text from Markdown, for meta descriptions and the search index.

use pulldown_cmark::{Event, Parser, TagEnd};

/// The reader text of `markdown` with whitespace collapsed, cut at a word boundary after
/// at most `limit` characters (an ellipsis marks the cut).
pub fn markdown_text(markdown: &str, limit: usize) -> String {
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => text.push(' '),
            _ => {}
        }
        if text.len() > limit * 4 + 64 {
            break;
        }
    }
    truncate_words(
        &text.split_whitespace().collect::<Vec<_>>().join(" "),
        limit,
    )
}

/// `text` cut at a word boundary so that it has at most `limit` characters plus `…`.
pub fn truncate_words(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut: String = text.chars().take(limit).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > 0 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_collapsed_text() {
        assert_eq!(
            markdown_text(
                "# Title\n\nSome *emphasis* and `code`,\nthen [a link](x).",
                100
            ),
            "Title Some emphasis and code, then a link."
        );
        assert_eq!(markdown_text("one two three four", 9), "one two…");
    }
}
