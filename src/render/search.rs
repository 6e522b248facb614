//! The search index: every briefing and note with the words a reader may look for.
//! Written twice: `search-index.json` for tools, and `search-index.js`, which the search
//! page loads with a `<script>` element so that search works even from `file://`.

use rayon::prelude::*;
use serde::Serialize;

use super::context::Shared;
use super::escape::json_for_script;
use super::plain::markdown_text;

/// How many characters of each text the index keeps.
const TEXT_CHARS: usize = 300;

/// One searchable page.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    /// `briefing`, or a collection's singular (`person`, `place`, ...).
    kind: &'a str,
    title: &'a str,
    aliases: &'a [String],
    summary: String,
    /// Site-relative URL.
    url: &'a str,
    /// The start of the text.
    text: String,
    /// ISO date, for briefings.
    date: Option<&'a str>,
    tags: Vec<&'a str>,
}

/// The index entries: briefings newest first, then notes in their loaded order.
fn entries<'a>(shared: &'a Shared<'_>) -> Vec<Entry<'a>> {
    let mut out: Vec<Entry<'a>> = shared
        .graph
        .newest_first
        .par_iter()
        .filter_map(|&b| {
            let briefing = shared.loaded.briefings.get(b)?;
            let value = shared.briefings.get(b)?;
            Some((briefing, value))
        })
        .map(|(briefing, value)| Entry {
            kind: "briefing",
            title: &value.title,
            aliases: &[],
            summary: briefing
                .summary
                .as_deref()
                .map(|s| markdown_text(s, TEXT_CHARS))
                .unwrap_or_default(),
            url: &value.url,
            text: markdown_text(head(briefing.body()), TEXT_CHARS),
            date: Some(&value.date.iso),
            tags: value.tags.iter().map(|t| t.name.as_str()).collect(),
        })
        .collect();
    for (note, value) in shared.loaded.notes.iter().zip(&shared.notes) {
        out.push(Entry {
            kind: &value.singular,
            title: &value.name,
            aliases: &note.aliases,
            summary: note
                .summary
                .as_deref()
                .map(|s| markdown_text(s, TEXT_CHARS))
                .unwrap_or_default(),
            url: &value.url,
            text: markdown_text(note.body(), TEXT_CHARS),
            date: None,
            tags: note.tags.iter().map(String::as_str).collect(),
        });
    }
    out
}

/// The start of a long Markdown text, cut at a blank line once it surely holds more
/// than the index keeps: the Markdown parser reads a whole document before its first
/// event, and bodies are long.
fn head(markdown: &str) -> &str {
    let enough = TEXT_CHARS * 8;
    if markdown.len() <= enough {
        return markdown;
    }
    let mut from = enough;
    while !markdown.is_char_boundary(from) {
        from += 1;
    }
    match markdown[from..].find("\n\n") {
        Some(blank) => &markdown[..from + blank],
        None => markdown,
    }
}

/// `search-index.json` and `search-index.js`, as (path, bytes).
pub fn index_files(shared: &Shared<'_>) -> [(String, Vec<u8>); 2] {
    let entries = entries(shared);
    let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".to_string());
    let script = format!("window.briefSearchIndex = {};\n", json_for_script(&entries));
    [
        (
            "search-index.json".to_string(),
            format!("{json}\n").into_bytes(),
        ),
        ("search-index.js".to_string(), script.into_bytes()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_at_a_blank_line_past_what_the_index_keeps() {
        let short = "One paragraph.\n\nAnother.";
        assert_eq!(head(short), short);
        let paragraph = "Ünïcode wörds in a paragraph. ".repeat(40);
        let long = format!("{paragraph}\n\n{paragraph}\n\n{paragraph}\n\n{paragraph}");
        let cut = head(&long);
        assert!(cut.len() >= TEXT_CHARS * 8, "keeps enough: {}", cut.len());
        assert!(cut.len() < long.len());
        assert!(long.starts_with(cut));
        assert_eq!(
            markdown_text(cut, TEXT_CHARS),
            markdown_text(&long, TEXT_CHARS),
            "the index text is the same"
        );
        let one_block = "x".repeat(TEXT_CHARS * 20);
        assert_eq!(head(&one_block), one_block);
    }
}
