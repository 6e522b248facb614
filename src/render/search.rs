//! The search index: every briefing and note with the words a reader may look for.
//! Written twice: `search-index.json` for tools, and `search-index.js`, which the search
//! page loads with a `<script>` element so that search works even from `file://`.

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
    let mut out = Vec::new();
    for &b in &shared.graph.newest_first {
        let (Some(briefing), Some(value)) =
            (shared.loaded.briefings.get(b), shared.briefings.get(b))
        else {
            continue;
        };
        out.push(Entry {
            kind: "briefing",
            title: &value.title,
            aliases: &[],
            summary: briefing
                .summary
                .as_deref()
                .map(|s| markdown_text(s, TEXT_CHARS))
                .unwrap_or_default(),
            url: &value.url,
            text: markdown_text(briefing.body(), TEXT_CHARS),
            date: Some(&value.date.iso),
            tags: value.tags.iter().map(|t| t.name.as_str()).collect(),
        });
    }
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
