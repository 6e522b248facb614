//! The search index: every briefing and note with the words a reader may look for.
//! Written twice: `search-index.json` for tools, and `search-index.js`, which the search
//! page loads with a `<script>` element so that search works even from `file://`.

use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::context::{Prints, Shared};
use super::escape::escape_json_text;
use super::plain::{markdown_text, truncate_words};
use crate::anchor::site::SEARCH_WORDS_BYTES;
use crate::markdown::distinct_words;

/// The path of the index for tools.
pub const JSON: &str = "search-index.json";

/// The path of the index the search page loads.
pub const SCRIPT: &str = "search-index.js";

/// The two files of an index, as (path, bytes).
pub type IndexFiles = [(String, Vec<u8>); 2];

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
    /// Every word of the text once, lowercased: a page is found by any of its words.
    words: Cow<'a, str>,
    /// ISO date, for briefings.
    date: Option<&'a str>,
    /// The date as pages show it (`24 April 2019`), for briefings.
    #[serde(skip_serializing_if = "Option::is_none")]
    date_display: Option<&'a str>,
    tags: Vec<&'a str>,
}

/// The search entries of an earlier build's briefings, as JSON, by what each is made
/// of ([`Prints::search_key`]), so that a rebuild serializes only the entries of the
/// briefings that changed.
#[derive(Debug, Clone, Default)]
pub struct SearchMemo {
    briefings: FxHashMap<EntryKey, Arc<str>>,
    notes: FxHashMap<EntryKey, Arc<str>>,
    /// The entries of the index written, in order.
    written: Vec<Arc<str>>,
}

/// What a briefing's search entry is made of (see [`Prints::search_key`]).
type EntryKey = (u64, u64);

/// The entry of briefing `b`.
fn briefing_entry<'a>(shared: &'a Shared<'_>, b: usize) -> Option<Entry<'a>> {
    let briefing = shared.loaded().briefings.get(b)?;
    let value = shared.briefing_values().get(b)?;
    Some(Entry {
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
        words: Cow::Borrowed(&shared.placed(b).search_words),
        date: Some(&value.date.iso),
        date_display: Some(&value.date.display),
        tags: value.tags.iter().map(|t| t.name.as_str()).collect(),
    })
}

/// The entry of note `n` (in the loaded order).
fn note_entry<'a>(shared: &'a Shared<'_>, n: usize) -> Option<Entry<'a>> {
    let note = shared.loaded().notes.get(n)?;
    let value = shared.note_values().get(n)?;
    // Read once for both the start of the text and its words.
    let whole = markdown_text(note.body(), SEARCH_WORDS_BYTES);
    Some(Entry {
        kind: &value.singular,
        title: &value.name,
        aliases: &note.aliases,
        summary: note
            .summary
            .as_deref()
            .map(|s| markdown_text(s, TEXT_CHARS))
            .unwrap_or_default(),
        url: &value.url,
        text: truncate_words(&whole, TEXT_CHARS),
        words: Cow::Owned(distinct_words(&whole, SEARCH_WORDS_BYTES)),
        date: None,
        date_display: None,
        tags: note.tags.iter().map(String::as_str).collect(),
    })
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

/// `search-index.json` and `search-index.js`, as (path, bytes): briefings newest first,
/// then notes in their loaded order; `None` when their entries are those of the index
/// `memo` describes (so its files are unchanged). With the prints of this build, the
/// entries of briefings and notes unchanged since that build are taken from it, and the
/// memo of this build is returned.
pub fn index_files(
    shared: &Shared<'_>,
    prints: Option<&Prints>,
    memo: &SearchMemo,
) -> (Option<IndexFiles>, SearchMemo) {
    let briefings: Vec<(Option<EntryKey>, Arc<str>)> = shared
        .graph()
        .newest_first
        .par_iter()
        .filter_map(|&b| {
            let key = prints.and_then(|p| p.search_key(b));
            if let Some(json) = key.and_then(|k| memo.briefings.get(&k)) {
                return Some((key, json.clone()));
            }
            let json = serde_json::to_string(&briefing_entry(shared, b)?).ok()?;
            Some((key, Arc::from(json)))
        })
        .collect();
    let notes: Vec<(Option<EntryKey>, Arc<str>)> = (0..shared.loaded().notes.len())
        .into_par_iter()
        .filter_map(|n| {
            let key = prints.and_then(|p| p.note_search_key(n));
            if let Some(json) = key.and_then(|k| memo.notes.get(&k)) {
                return Some((key, json.clone()));
            }
            let json = serde_json::to_string(&note_entry(shared, n)?).ok()?;
            Some((key, Arc::from(json)))
        })
        .collect();
    let entries: Vec<Arc<str>> = briefings
        .iter()
        .chain(&notes)
        .map(|(_, json)| json.clone())
        .collect();
    let unchanged = prints.is_some() && same_entries(&entries, &memo.written);
    let files = (!unchanged).then(|| files_of(&entries));
    let keyed = |list: Vec<(Option<EntryKey>, Arc<str>)>| match prints {
        Some(_) => list
            .into_iter()
            .filter_map(|(key, json)| Some((key?, json)))
            .collect(),
        None => FxHashMap::default(),
    };
    let kept = SearchMemo {
        briefings: keyed(briefings),
        notes: keyed(notes),
        written: match prints {
            Some(_) => entries,
            None => Vec::new(),
        },
    };
    (files, kept)
}

/// Whether two lists of entries are equal (most are the very same strings).
fn same_entries(now: &[Arc<str>], then: &[Arc<str>]) -> bool {
    now.len() == then.len()
        && now
            .iter()
            .zip(then)
            .all(|(a, b)| Arc::ptr_eq(a, b) || a == b)
}

/// The two files of an index with these entries.
fn files_of(entries: &[Arc<str>]) -> IndexFiles {
    let mut json = String::with_capacity(entries.iter().map(|j| j.len() + 1).sum::<usize>() + 2);
    json.push('[');
    for (i, entry) in entries.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(entry);
    }
    json.push(']');
    let script = format!("window.briefSearchIndex = {};\n", escape_json_text(&json));
    json.push('\n');
    [
        (JSON.to_string(), json.into_bytes()),
        (SCRIPT.to_string(), script.into_bytes()),
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
